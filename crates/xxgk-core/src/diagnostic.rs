//! Findings: what extraction was unsure of and what the checks found.

use crate::document::Span;
use crate::i18n::Lang;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing, no action needed (e.g. a local extra row was skipped).
    Info,
    /// Evaluators expect otherwise, but legitimate exceptions exist.
    Warning,
    /// The report contradicts its own template, or a value could not be read.
    Error,
}

impl Severity {
    /// The severity named by [`Severity::as_str`]'s key.
    pub fn from_key(key: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error].into_iter().find(|s| s.as_str() == key)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding. Messages are written in both languages when the finding is made, so that the
/// same report can be shown to either reader without re-running anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `T3-FLOW` (SPEC §4).
    pub code: &'static str,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
    /// Where in the source the finding points.
    pub span: Option<Span>,
    /// The cells concerned, as `table.row.column` paths.
    pub cells: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic { code, severity, zh: zh.into(), en: en.into(), span: None, cells: Vec::new() }
    }

    pub fn at(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn cells(mut self, cells: Vec<String>) -> Self {
        self.cells = cells;
        self
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}
