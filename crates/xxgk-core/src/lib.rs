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
    parse_with(doc, source, &Facts::default())
}

/// Facts about a report that come with the file rather than from it (SPEC §4.2: a manifest
/// given to ingest). Each one given replaces what the document says, before the checks run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub agency: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub level: Option<organ::Level>,
}

/// [`parse`], with `facts` from outside the document.
pub fn parse_with(doc: &Document, source: Source, facts: &Facts) -> Report {
    let mut report = extract::extract(doc, source);
    if let Some(a) = &facts.agency {
        report.agency = Some(a.clone());
    }
    if let Some(p) = &facts.published {
        report.published = Some(p.clone());
    }
    report.level = facts.level.or(report.level);
    check::check(&mut report);
    report
}
