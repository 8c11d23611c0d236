//! The rule registry: every finding the program can raise, with what it is about and what it
//! needs to have been read.
//!
//! A finding goes into a 审核意见 and the agency must answer it, so whether it charges the
//! agency is not decided where it is raised: the rule declares it once, with its severity. A
//! rule of [`Scope::Document`] says the document is wrong and runs only over cells read whole
//! from the document ([`admit`]); a rule of [`Scope::Reading`] says what the reader could not be
//! sure of (SPEC §4.1); a rule of [`Scope::Across`] compares reports. Each rule's name and its
//! explanation, with its legal basis, are in the catalogue as `rule-CODE-name` and
//! `rule-CODE-about` (the code in lower case); its fixtures are under `tests/rules/CODE/`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{self, Lang};
use crate::report::Report;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The document contradicts its template or the law: a charge the agency must answer.
    Document,
    /// The reader could not be sure of what the file holds: never a charge (SPEC §4.1).
    Reading,
    /// One report against another: the year before, another copy, the organs it covers.
    Across,
}

impl Scope {
    /// The ASCII key, as `xxgk explain` and the workspace's rule list write it.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Document => "document",
            Scope::Reading => "reading",
            Scope::Across => "across",
        }
    }

    /// The scope in words.
    pub fn name(self, lang: Lang) -> String {
        i18n::text(
            lang,
            match self {
                Scope::Document => "scope-document",
                Scope::Reading => "scope-reading",
                Scope::Across => "scope-across",
            },
        )
    }
}

/// One rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `T3-FLOW`.
    pub code: &'static str,
    /// How serious its findings are.
    pub severity: Severity,
    /// What its findings are about: the document, the reading or other reports.
    pub scope: Scope,
    /// What must have been read from the document for the rule to run, as cell paths
    /// (`table3.*.total`: the 总计 of every 表三 row) or parts (`prose`, `file`).
    pub needs: &'static [&'static str],
    /// The rule looks at values alone, so a store runs it again after a reviewer's corrections
    /// and replaces its findings by the new run's.
    pub on_values: bool,
}

impl Rule {
    /// The catalogue id of the rule's `part` (`name` or `about`).
    fn id(&self, part: &str) -> String {
        format!("{RULE_IDS}{}-{part}", self.code.to_ascii_lowercase())
    }

    /// The rule's name, as a reviewer reads it in a list of findings.
    pub fn name(&self, lang: Lang) -> String {
        i18n::text(lang, &self.id("name"))
    }

    /// What the rule checks, why, and on what legal basis.
    pub fn about(&self, lang: Lang) -> String {
        i18n::text(lang, &self.id("about"))
    }

    /// Whether the agency must answer its findings in a 审核意见: what its document says
    /// ([`Scope::Document`]) or how it stands against its other reports ([`Scope::Across`]) —
    /// never what the reader could not be sure of (SPEC §4.1), nor DUPLICATE-REPORT, which says
    /// which of the office's own copies counts.
    pub fn charges(&self) -> bool {
        self.scope != Scope::Reading && self.code != "DUPLICATE-REPORT"
    }

    /// What the agency is asked to do about a finding of a rule that [`charges`](Rule::charges)
    /// it, as a 审核意见 says it.
    pub fn fix(&self, lang: Lang) -> String {
        i18n::text(lang, &self.id("fix"))
    }
}

/// The prefix of the rules' catalogue ids.
pub const RULE_IDS: &str = "rule-";

const fn rule(code: &'static str, severity: Severity, scope: Scope, needs: &'static [&'static str]) -> Rule {
    Rule { code, severity, scope, needs, on_values: false }
}

const fn on_values(code: &'static str, severity: Severity, needs: &'static [&'static str]) -> Rule {
    Rule { code, severity, scope: Scope::Document, needs, on_values: true }
}

use Scope::{Across, Document, Reading};
use Severity::{Error, Info, Warning};

/// Every rule, in the order a reviewer meets them: the tables' arithmetic, the document's
/// structure and text, the reading, then the rules across reports.
pub const RULES: &[Rule] = &[
    on_values("T3-ROWSUM", Error, &["table3.ROW.*"]),
    on_values("T3-OUTCOMES", Error, &["table3.OUTCOMES.COLUMN", "table3.total_processed.COLUMN"]),
    on_values(
        "T3-FLOW",
        Error,
        &[
            "table3.new_received.COLUMN",
            "table3.carried_over.COLUMN",
            "table3.total_processed.COLUMN",
            "table3.carried_forward.COLUMN",
        ],
    ),
    on_values("T4-SUM", Error, &["table4.ROW.*"]),
    on_values("VALUE-DOMAIN", Error, &["TABLE.ROW.COLUMN"]),
    on_values("NARRATIVE-MISMATCH", Warning, &["narrative.FIGURE", "TABLE.ROW.total"]),
    on_values("T2-REGULATIONS-AUTHORITY", Warning, &["agency", "table2.regulations.*"]),
    on_values("T2-2019-PUBLISHED", Warning, &["table2.ROW.new_published", "table2.ROW.total_published"]),
    rule("TABLE-MISSING", Error, Document, &["file", "sections"]),
    rule("ROW-MISSING", Error, Document, &["TABLE", "TABLE.text"]),
    rule("TABLE-BLANK", Warning, Document, &["table4", "table4.text"]),
    rule("TEMPLATE-YEAR", Warning, Document, &["year", "template"]),
    rule("TEMPLATE-MIXED", Warning, Document, &["table2", "table3"]),
    rule("YEAR-MISMATCH", Warning, Document, &["title", "period"]),
    rule("FEE-NOT-REPORTED", Warning, Document, &["section 6"]),
    rule("SECTION-MISSING", Warning, Document, &["sections"]),
    rule("SECTION-EMPTY", Warning, Document, &["section 5"]),
    rule("PLACEHOLDER-LEFT", Error, Document, &["file"]),
    rule("NOT-A-REPORT", Error, Document, &["file"]),
    rule("CELLS-UNRESOLVED", Error, Reading, &[]),
    rule("CELLS-RESOLVED", Warning, Reading, &[]),
    rule("ROW-BY-POSITION", Warning, Reading, &[]),
    rule("UNPLACED-VALUES", Warning, Reading, &[]),
    rule("ROW-UNREAD", Error, Reading, &[]),
    rule("ROW-CUT", Warning, Reading, &[]),
    rule("COLUMNS-MISSING", Warning, Reading, &[]),
    rule("TABLE-UNREAD", Error, Reading, &[]),
    rule("TABLE-AS-IMAGE", Error, Reading, &[]),
    rule("NO-TEXT-LAYER", Error, Reading, &[]),
    rule("UNREADABLE-FONT", Error, Reading, &[]),
    rule("NO-TABLE-TEXT", Error, Reading, &[]),
    rule("FORMULA-UNEVALUATED", Warning, Reading, &[]),
    rule("TRADITIONAL-FOLDED", Info, Reading, &[]),
    rule("EXTRACT-FAILED", Error, Reading, &[]),
    rule("FRAGMENT", Warning, Reading, &[]),
    rule("META-GUESSED", Warning, Reading, &[]),
    rule("CARRY-OVER", Warning, Across, &["table3.carried_forward.* (N-1)", "table3.carried_over.* (N)"]),
    rule("IN-FORCE-CHAIN", Warning, Across, &["table2.ROW.* (N-1)", "table2.ROW.* (N)"]),
    rule("COPIED-TEXT", Warning, Across, &["prose (N-1)", "prose (N)"]),
    rule("DUPLICATE-REPORT", Warning, Across, &["agency", "year"]),
    rule("LATE", Warning, Across, &["agency", "published"]),
    rule("ROLLUP", Warning, Across, &["table3", "table4", "the units' reports"]),
];

/// The rule of `code` (any case).
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The codes of the rules that look at values alone ([`Rule::on_values`]).
pub fn value_codes() -> impl Iterator<Item = &'static str> {
    RULES.iter().filter(|r| r.on_values).map(|r| r.code)
}

/// Whether `d` may stand: a finding of a document rule that names a cell the reader did not
/// read from the document (a row it could not place, a cell cut off, a cell a reviewer has not
/// confirmed) is the reader's doubt, not the document's fault, and is dropped — the reading
/// finding that made the cell unknown stands in its place.
pub fn admit(report: &Report, d: &Diagnostic) -> bool {
    if find(d.code).is_none_or(|r| r.scope != Scope::Document) {
        return true;
    }
    d.cells.iter().all(|path| report.cell_read(path) != Some(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_rule_has_a_name_and_an_explanation_in_both_languages() {
        for lang in Lang::ALL {
            for r in RULES {
                for part in ["name", "about"] {
                    assert!(i18n::has(lang, &r.id(part)), "{} has no {part} in {}", r.code, lang.code());
                }
                // What to do is said exactly for the rules an opinion charges the agency with.
                assert_eq!(i18n::has(lang, &r.id("fix")), r.charges(), "{}'s fix in {}", r.code, lang.code());
            }
        }
        assert_eq!(find("t3-flow").unwrap().name(Lang::default()), "表三收支平衡");
    }

    #[test]
    fn codes_are_unique_and_the_catalogue_holds_no_rule_the_registry_lacks() {
        let codes: BTreeSet<&str> = RULES.iter().map(|r| r.code).collect();
        assert_eq!(codes.len(), RULES.len());
        for id in i18n::ids_with_prefix(RULE_IDS) {
            let code = id.strip_prefix(RULE_IDS).and_then(|s| s.rsplit_once('-')).map(|(c, _)| c).unwrap_or_default();
            assert!(find(code).is_some(), "{id} names no rule");
        }
    }

    /// Every code the sources raise — `Diagnostic::new("CODE"` or a store finding's
    /// `code: "CODE"` — is in the registry, so that no finding escapes its scope and severity.
    #[test]
    fn every_code_raised_in_the_sources_is_a_rule() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let raised =
            regex::Regex::new(r#"(?:Diagnostic::new\(\s*|code:\s*)"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)""#).unwrap();
        let mut seen = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() && !path.ends_with("target") {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for c in raised.captures_iter(&text) {
                        seen += 1;
                        assert!(find(&c[1]).is_some(), "{} raises {} outside the registry", path.display(), &c[1]);
                    }
                }
            }
        }
        assert!(seen > 30, "the sources raise {seen} codes: the pattern no longer finds them");
    }
}
