//! xxgk-core: the templates of China's government information disclosure annual reports
//! (政府信息公开工作年度报告), extraction of their tables from a format-neutral [`Document`],
//! and the consistency checks of the national templates.
//!
//! The flow is `Document → extract → Report → check`; see [`parse`].
//!
//! ```
//! use xxgk_core::{Cell, Document, Line, Source, Span};
//!
//! // A report of its title and its six parts, without the tables the template requires.
//! let text = [
//!     "青禾市审计局2023年政府信息公开工作年度报告",
//!     "一、总体情况",
//!     "本机关依法公开政府信息。",
//!     "二、主动公开政府信息情况",
//!     "本年主动公开信息20条。",
//!     "三、收到和处理政府信息公开申请情况",
//!     "本年新收申请3件。",
//!     "四、政府信息公开行政复议、行政诉讼情况",
//!     "无。",
//!     "五、存在的主要问题及改进情况",
//!     "公开内容不够全面，将加强培训。",
//!     "六、其他需要报告的事项",
//!     "无。",
//! ];
//! let lines = text
//!     .iter()
//!     .zip(1..)
//!     .map(|(t, line)| Line { cells: vec![Cell { text: t.to_string(), span: Span::Text { line, col: 1, byte: [0, 0] } }] })
//!     .collect();
//! let report = xxgk_core::parse(&Document { lines, ..Document::default() }, Source::default());
//! assert_eq!((report.agency.as_deref(), report.year), (Some("青禾市审计局"), Some(2023)));
//! let missing = report.diagnostics.iter().filter(|d| d.code == "TABLE-MISSING").count();
//! assert_eq!(missing, 3, "表二, 表三 and 表四");
//! ```

pub mod across;
pub mod check;
pub mod diagnostic;
pub mod document;
pub mod extract;
pub mod i18n;
pub mod normalize;
pub mod organ;
pub mod place;
pub mod report;
pub mod rules;
pub mod schema;
pub mod template;
pub mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use document::{Cell, Document, Line, Span};
pub use i18n::Lang;
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
    /// The organ's name, in place of the one the document states.
    pub agency: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The organ's administrative level, in place of the one its name suggests.
    pub level: Option<organ::Level>,
}

/// [`parse`], with `facts` from outside the document.
pub fn parse_with(doc: &Document, source: Source, facts: &Facts) -> Report {
    let mut report = extracted(doc, source);
    checked(&mut report, facts);
    report
}

/// The extraction alone, before any fact from outside and any check: the part whose time grows
/// with the document, which an ingest runs within its time budget before it knows the facts.
pub fn extracted(doc: &Document, source: Source) -> Report {
    guarded(source, |source| extract::extract(doc, source))
}

/// An [`extracted`] report completed: `facts` put in, then every single-report check run.
pub fn checked(report: &mut Report, facts: &Facts) {
    if let Some(a) = &facts.agency {
        report.agency = Some(a.clone());
    }
    if let Some(p) = &facts.published {
        report.published = Some(p.clone());
    }
    report.level = facts.level.or(report.level);
    check::check(report);
}

/// `extract`, or, where it fails on a shape of document no code foresaw, the report of a file
/// read as nothing with EXTRACT-FAILED, a finding about the reading that accuses the document of
/// nothing — instead of taking down the batch the file is in.
fn guarded(source: Source, extract: impl FnOnce(Source) -> Report) -> Report {
    let again = source.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(source))).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let failed = Document {
            findings: vec![Diagnostic::new(
                "EXTRACT-FAILED",
                "finding-extract-failed",
                i18n::Args::new().with("why", why),
            )],
            ..Document::default()
        };
        extract::extract(&failed, again)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extraction_that_fails_is_a_finding_about_the_reading_and_accuses_nothing() {
        let source = Source { path: "a.pdf".into(), ..Source::default() };
        let mut report = guarded(source, |_| panic!("index out of range"));
        check::check(&mut report);
        assert_eq!(report.source.path, "a.pdf");
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["EXTRACT-FAILED"]);
        assert!(
            Lang::ALL.iter().all(|&lang| report.diagnostics[0].message(lang).contains("index out of range")),
            "{:?}",
            report.diagnostics[0]
        );
        assert!(report.tables.iter().all(Option::is_none));
    }
}
