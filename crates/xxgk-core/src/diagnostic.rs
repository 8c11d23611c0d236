//! Findings: what extraction was unsure of and what the checks found.

use crate::document::Span;
use fluent_bundle::FluentValue;
use serde_json::Value;

use crate::i18n::{self, Args, Bundle, Lang};

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

    /// The severity in words.
    pub fn name(self, lang: Lang) -> String {
        i18n::text(
            lang,
            match self {
                Severity::Info => "severity-info",
                Severity::Warning => "severity-warning",
                Severity::Error => "severity-error",
            },
        )
    }

    /// The ASCII key a store keeps and exports write: `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding: its code and the arguments of its words, put into words only when a person
/// reads it ([`Diagnostic::message`]), in that person's language. A store keeps the id and the
/// arguments, so rewording a finding in the catalogue (`locales/*/findings.ftl`) needs no
/// re-ingest.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `T3-FLOW` (SPEC §4).
    pub code: &'static str,
    /// How serious it is: the severity its rule declares.
    pub severity: Severity,
    /// The catalogue id of its words (`finding-…`); one code may have several.
    pub message: &'static str,
    /// The named arguments of [`Diagnostic::message`]: the finding's facts (labels, keys and
    /// values as the report wrote them), never words of one language.
    pub args: Args,
    /// Where in the source the finding points.
    pub span: Option<Span>,
    /// The cells concerned, as `table.row.column` paths.
    pub cells: Vec<String>,
}

impl Diagnostic {
    /// A finding of rule `code`, with the severity the rule declares ([`crate::rules`]): a code
    /// outside the registry is a fault of the program, and its registry test names it.
    pub fn new(code: &'static str, message: &'static str, args: Args) -> Self {
        let rule = crate::rules::find(code);
        debug_assert!(rule.is_some(), "{code} is not in the rule registry");
        let severity = rule.map_or(Severity::Error, |r| r.severity);
        Diagnostic { code, severity, message, args, span: None, cells: Vec::new() }
    }

    /// The finding, pointing at `span` in the source.
    pub fn at(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    /// The finding, concerning `cells` (`table.row.column` paths).
    pub fn cells(mut self, cells: Vec<String>) -> Self {
        self.cells = cells;
        self
    }

    /// The finding in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        words(lang, self.message, &self.args)
    }
}

/// A finding's words from its message id and arguments, as a store keeps them. A store written
/// by another version of the program may name an id this catalogue lacks: it shows as the id
/// and its arguments, so that the reader still sees what was found.
pub fn words(lang: Lang, message: &str, args: &Args) -> String {
    if i18n::has(lang, message) {
        i18n::format(lang, message, args)
    } else {
        format!("{message} {}", serde_json::to_string(args).unwrap_or_default())
    }
}

/// The ids of the tables' names, followed by the table's key (`finding-table-table3`): what
/// `TABLE($table)` writes in a finding's message.
pub const TABLE_NAMES: &str = "finding-table-";

/// The functions the findings' messages call, added to the bundle of `lang`:
/// - `TABLE($table)`: a table's name from its key. A finding keeps the key (`table3`), the same
///   in every language, and its message names the table as the reader's language does; a Fluent
///   term cannot take a variable as its argument, so this is a function.
/// - `LIST($items)`: an argument that is a list (kept as a JSON array, such as the paths of a
///   DUPLICATE-REPORT or the rows of a ROW-MISSING), its items joined as the language joins them.
pub(crate) fn add_functions(bundle: &mut Bundle, lang: Lang) {
    bundle
        .add_function("TABLE", move |positional, _| match positional.first() {
            Some(FluentValue::String(key)) => FluentValue::from(i18n::text(lang, &format!("{TABLE_NAMES}{key}"))),
            _ => FluentValue::Error,
        })
        .expect("TABLE is added once");
    bundle
        .add_function("LIST", move |positional, _| match positional.first() {
            Some(FluentValue::String(json)) => match serde_json::from_str::<Vec<Value>>(json) {
                Ok(items) => {
                    let items: Vec<String> =
                        items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect();
                    FluentValue::from(items.join(&i18n::text(lang, "finding-list-separator")))
                }
                Err(_) => FluentValue::from(json.to_string()),
            },
            _ => FluentValue::Error,
        })
        .expect("LIST is added once");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::TableId;

    #[test]
    fn every_table_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for id in TableId::ALL {
                assert!(i18n::has(lang, &format!("{TABLE_NAMES}{}", id.key())), "{id:?} in {}", lang.code());
            }
            // TABLE-UNREAD's name for tables it cannot tell apart.
            assert!(i18n::has(lang, &format!("{TABLE_NAMES}template")));
        }
        let [zh, en] = Lang::ALL.map(|lang| (TableId::Table3.name(lang), TableId::Table4.name(lang)));
        assert_eq!(zh.0, "表三（收到和处理政府信息公开申请情况）");
        assert_eq!(en.1, "table 4 (administrative review and litigation)");
    }

    #[test]
    fn a_list_is_joined_as_the_language_joins_it() {
        let args = Args::new()
            .with("table", "table3")
            .with("n", 2)
            .with("rows", vec!["（一）", "（二）"])
            .with("rows_key", vec!["a", "b"]);
        assert_eq!(
            Lang::ALL.map(|lang| words(lang, "finding-rows-missing", &args)),
            [
                "表三（收到和处理政府信息公开申请情况）缺少2行：（一）、（二）",
                "table 3 (applications received and handled) lacks 2 rows: a, b"
            ]
        );
    }

    #[test]
    fn an_id_this_catalogue_lacks_shows_as_itself() {
        // Written in two pieces, so that the catalogue's test does not take it for an id the
        // code names.
        let id = concat!("finding-", "of-a-later-version");
        let args = Args::new().with("n", 1);
        for lang in Lang::ALL {
            assert_eq!(words(lang, id, &args), r#"finding-of-a-later-version {"n":1}"#);
        }
    }
}
