//! xxgk-core: the templates of China's government information disclosure annual reports
//! (政府信息公开工作年度报告), extraction of their tables from a format-neutral [`Document`],
//! and the consistency checks of the national templates.
//!
//! The flow is `Document → extract → Report → check`; see [`parse`].

pub mod check;
pub mod diagnostic;
pub mod document;
pub mod extract;
pub mod normalize;
pub mod organ;
pub mod report;
pub mod schema;
pub mod template;
pub mod value;

pub use diagnostic::{Diagnostic, Lang, Severity};
pub use document::{Cell, Document, Line, Span};
pub use report::{Report, Source};
pub use template::{TableId, TemplateId};
pub use value::Num;

/// Extract a report from `doc` and run every single-report check on it.
pub fn parse(doc: &Document, source: Source) -> Report {
    let mut report = extract::extract(doc, source);
    check::check(&mut report);
    report
}
