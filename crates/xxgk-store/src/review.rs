//! What a reviewer reads of a store (`xxgk check --db`, `xxgk files`): the findings of every
//! current report — as published, or with the corrected values checked again — and every path
//! that could not be read.
//!
//! The corrected view is the published view with one difference: the findings of the value
//! checks ([`xxgk_core::rules::value_codes`]) are computed again on the corrected values. Every
//! other finding (what extraction saw, the structure, the checks across years) is as stored, so
//! with no corrections both views agree finding for finding.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use xxgk_core::check::check_values;
use xxgk_core::i18n::{Args, Message};
use xxgk_core::place::Place;
use xxgk_core::{Lang, Severity};

use crate::audit::Actor;
use crate::query::{load_report, report_row, ReportRow, REPORT_COLUMNS};
use crate::{Refusal, Result, Store};

/// One finding of a stored report.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The stored finding's row (`None` for one recomputed on corrected values).
    pub id: Option<i64>,
    /// The report's row id in the store.
    pub report: i64,
    /// `report` (single-report checks, stored with the report) or `organ` (across years).
    pub scope: String,
    /// The rule's code, e.g. `T3-FLOW`.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// The catalogue id of its words ([`xxgk_core::Diagnostic::message`]).
    pub message: String,
    /// The arguments of its words.
    pub args: Args,
    /// Where in the source it points (span JSON), when known.
    pub location: Option<String>,
    /// The cells concerned, as `table.row.column`.
    pub cells: Vec<String>,
}

impl Finding {
    /// Where it points, in words: the place in the document (`第58行第1列`, `第4页`) and the cells
    /// it names as the template names them; `None` when it points at neither.
    pub fn place(&self, lang: Lang) -> Option<String> {
        let at = self.location.as_deref().and_then(|l| serde_json::from_str::<xxgk_core::Span>(l).ok());
        let at = at.map(|s| s.describe(lang));
        let sep = xxgk_core::i18n::text(lang, "finding-list-separator");
        let cells: Vec<String> =
            self.cells.iter().map(|c| xxgk_core::report::cell_name(c, lang).unwrap_or_else(|| c.clone())).collect();
        match (at, cells.is_empty()) {
            (at, true) => at,
            (None, false) => Some(cells.join(&sep)),
            (Some(at), false) => Some(xxgk_core::tr!(lang, "finding-place", place = at, cells = cells.join(&sep))),
        }
    }

    /// What identifies the finding across re-parses of the same content: its code, scope and
    /// cells (a decision on it is keyed by this and the report's content hash).
    pub fn fingerprint(&self) -> String {
        // As FINGERPRINT writes it in SQL from a stored finding: `scope|code|cells` with the
        // cells' JSON; a finding that names no cell, by its arguments (`scope|code||args`), so
        // that 缺少第四部分 and 缺少第五部分 are two findings to decide.
        let what = if self.cells.is_empty() {
            format!("|{}", serde_json::to_string(&self.args).unwrap_or_default())
        } else {
            serde_json::to_string(&self.cells).unwrap_or_default()
        };
        format!("{}|{}|{what}", self.scope, self.code)
    }

    /// The finding in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        xxgk_core::diagnostic::words(lang, &self.message, &self.args)
    }
}

/// Which findings to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Findings of at least this severity (default: warnings and errors).
    pub severity: Option<Severity>,
    /// Only these codes (any, when empty).
    pub codes: Vec<String>,
    /// Only organs whose name contains this.
    pub organ: Option<String>,
    /// Only reports on this year.
    pub year: Option<i64>,
}

impl Filter {
    fn keeps(&self, f: &Finding) -> bool {
        f.severity >= self.severity.unwrap_or(Severity::Warning)
            && (self.codes.is_empty() || self.codes.iter().any(|c| c == &f.code))
    }
}

fn is_value_check(code: &str) -> bool {
    xxgk_core::rules::find(code).is_some_and(|r| r.on_values)
}

/// The findings of report `id` in the order a reviewer reads them: what extraction and the
/// structural checks found, then the value checks, then the checks across years.
pub fn report_findings(store: &Store, id: i64, corrected: bool) -> Result<Vec<Finding>> {
    let mut st = store.conn.prepare_cached(
        "SELECT scope, code, severity, message, args, location, cells, id FROM findings WHERE report_id = ?1 ORDER BY id",
    )?;
    let stored: Vec<Finding> = st
        .query_map([id], |r| {
            let cells: Option<String> = r.get(6)?;
            Ok(Finding {
                id: r.get(7)?,
                report: id,
                scope: r.get(0)?,
                code: r.get(1)?,
                severity: Severity::from_key(&r.get::<_, String>(2)?).unwrap_or(Severity::Warning),
                message: r.get(3)?,
                args: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                location: r.get(5)?,
                cells: cells.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default(),
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let (organ, report): (Vec<Finding>, Vec<Finding>) = stored.into_iter().partition(|f| f.scope == "organ");
    let (values, mut out): (Vec<Finding>, Vec<Finding>) = report.into_iter().partition(|f| is_value_check(&f.code));
    if corrected {
        if let Some(mut r) = load_report(store, id, true)? {
            check_values(&mut r);
            out.extend(r.diagnostics.iter().map(|d| Finding {
                id: None,
                report: id,
                scope: "report".into(),
                code: d.code.to_string(),
                severity: d.severity,
                message: d.message.to_string(),
                args: d.args.clone(),
                location: d.span.as_ref().and_then(|s| serde_json::to_string(s).ok()),
                cells: d.cells.clone(),
            }));
        }
    } else {
        out.extend(values);
    }
    out.extend(organ);
    Ok(out)
}

/// One current report with the findings the filter keeps, and the other files it was also
/// read from (identical copies).
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// The report.
    pub report: ReportRow,
    /// The sources of its identical copies (the same content and organ), which do not count.
    pub also_at: Vec<String>,
    /// Its findings the filter keeps, in the order a reviewer reads them.
    pub findings: Vec<Finding>,
}

/// The SQL of report `r` being a document that is not an annual report, still at a path: never
/// current, but what a reviewer is told of (NOT-A-REPORT) and sees listed apart.
const NOT_A_REPORT: &str = "EXISTS (SELECT 1 FROM findings n WHERE n.report_id = r.id AND n.code = 'NOT-A-REPORT')
     AND EXISTS (SELECT 1 FROM paths p WHERE p.file_id = r.file_id)";

/// Every current report the filter selects that has findings it keeps, and every document that
/// is not a report (once per content), by organ, year and path — an order that does not depend
/// on how the store was filled.
pub fn review(store: &Store, filter: &Filter, corrected: bool) -> Result<Vec<Reviewed>> {
    let sql = format!(
        "SELECT {REPORT_COLUMNS} FROM reports r LEFT JOIN organs o ON o.id = r.organ_id
         WHERE (r.current = 1 OR ({NOT_A_REPORT} AND r.id = (SELECT min(c.id) FROM reports c WHERE c.source_sha256 = r.source_sha256)))
           AND (?1 IS NULL OR o.name LIKE '%' || ?1 || '%' OR r.agency LIKE '%' || ?1 || '%')
           AND (?2 IS NULL OR r.year = ?2)
         ORDER BY coalesce(r.agency, ''), r.year, r.source_path"
    );
    let reports: Vec<ReportRow> = {
        let mut st = store.conn.prepare(&sql)?;
        let rows = st.query_map(params![filter.organ, filter.year], report_row)?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let mut copies = store.conn.prepare_cached(
        "SELECT source_path FROM reports WHERE source_sha256 = ?1 AND id != ?2 AND current = 0
           AND coalesce(organ_id, -1) = coalesce(?3, -1) ORDER BY source_path",
    )?;
    let mut out = Vec::new();
    for report in reports {
        let findings: Vec<Finding> =
            report_findings(store, report.id, corrected)?.into_iter().filter(|f| filter.keeps(f)).collect();
        if findings.is_empty() {
            continue;
        }
        let also_at = copies
            .query_map(params![report.source_sha256, report.id, report.organ_id], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        out.push(Reviewed { report, also_at, findings });
    }
    Ok(out)
}

/// How often a code was found: ruff's `--statistics`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeCount {
    /// The rule's code, e.g. `T3-FLOW`.
    pub code: String,
    /// The most serious severity it was found with.
    pub severity: Severity,
    /// How many findings carry it.
    pub findings: usize,
    /// How many reports have at least one of them.
    pub reports: usize,
}

/// Counts per code, most frequent first.
pub fn statistics(reviewed: &[Reviewed]) -> Vec<CodeCount> {
    let mut by: BTreeMap<&str, CodeCount> = BTreeMap::new();
    for r in reviewed {
        let mut seen: Vec<&str> = Vec::new();
        for f in &r.findings {
            let e = by.entry(&f.code).or_insert_with(|| CodeCount {
                code: f.code.clone(),
                severity: f.severity,
                findings: 0,
                reports: 0,
            });
            e.findings += 1;
            e.severity = e.severity.max(f.severity);
            if !seen.contains(&f.code.as_str()) {
                seen.push(&f.code);
                e.reports += 1;
            }
        }
    }
    let mut out: Vec<CodeCount> = by.into_values().collect();
    out.sort_by(|a, b| b.findings.cmp(&a.findings).then_with(|| a.code.cmp(&b.code)));
    out
}

/// A stored path: what was read from it, or why nothing could be.
#[derive(Debug, Clone, PartialEq)]
pub struct PathRow {
    /// The path: a file's canonical path, or an archive member's (`archive.zip!member`).
    pub path: String,
    /// The format its content was read as (`text`, `pdf`…); `None` when nothing could be read.
    pub format: Option<String>,
    /// Current reports read from it.
    pub reports: i64,
    /// Why it could not be read; `None` when it was read.
    pub error: Option<Message>,
}

impl PathRow {
    /// Why it could not be read, in `lang`.
    pub fn reason(&self, lang: Lang) -> Option<String> {
        self.error.as_ref().map(|m| m.words(lang))
    }
}

/// A path whose content counts as no report: a document that is not an annual report, or a
/// file that could not be read. Listed apart from the reports, with why.
#[derive(Debug, Clone, PartialEq)]
pub struct Apart {
    /// The stored path (an archive member's is `archive.zip!member`).
    pub path: String,
    /// The document read from it, when it was read: not an annual report.
    pub report: Option<i64>,
    /// Why it is not a report.
    pub why: Message,
}

impl Apart {
    /// The file's own name, as it was uploaded.
    pub fn name(&self) -> String {
        crate::query::file_name(&self.path)
    }
}

/// Every path whose content counts as no report, by path: the documents that are not annual
/// reports first, then the unreadable files and archive members.
pub fn apart(store: &Store) -> Result<Vec<Apart>> {
    let mut st = store.conn.prepare(&format!(
        "SELECT 0, r.source_path, r.id, 'finding-not-a-report', NULL FROM reports r WHERE {NOT_A_REPORT}
         UNION ALL
         SELECT 1, p.path, NULL, f.error, f.error_args FROM paths p JOIN files f ON f.id = p.file_id WHERE f.error IS NOT NULL
         UNION ALL
         SELECT 1, path, NULL, reason, reason_args FROM unread
         ORDER BY 1, 2"
    ))?;
    let rows = st.query_map([], |r| {
        let (id, args): (String, Option<String>) = (r.get(3)?, r.get(4)?);
        Ok(Apart { path: r.get(1)?, report: r.get(2)?, why: crate::message(&id, args.as_deref()) })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Where a report's source may be read again: its format, and the paths naming it — the one it
/// was read from first, then the same member of the file's other copies.
pub fn source_paths(store: &Store, report: i64) -> Result<Option<(String, Vec<String>)>> {
    let Some((format, first, file)): Option<(String, String, i64)> = store
        .conn
        .query_row("SELECT format, source_path, file_id FROM reports WHERE id = ?1", [report], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = store.conn.prepare("SELECT path FROM paths WHERE file_id = ?1 ORDER BY path")?;
    let copies: Vec<String> = st.query_map([file], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    // `file!member` or `page#2`: the part after the file's own path.
    let inner = copies
        .iter()
        .filter_map(|c| first.strip_prefix(c.as_str()))
        .find(|rest| rest.is_empty() || rest.starts_with(['!', '#']))
        .unwrap_or("")
        .to_string();
    let mut paths = vec![first.clone()];
    paths.extend(copies.into_iter().map(|c| format!("{c}{inner}")).filter(|p| *p != first));
    Ok(Some((format, paths)))
}

/// Whether `path` (canonical) is a stored file's path.
pub fn has_path(store: &Store, path: &str) -> Result<bool> {
    Ok(store.conn.query_row("SELECT EXISTS (SELECT 1 FROM paths WHERE path = ?1)", [path], |r| r.get(0))?)
}

/// Every path the store knows — read, or unreadable with its reason — sorted; only the
/// unreadable ones with `unreadable_only`.
pub fn paths(store: &Store, unreadable_only: bool) -> Result<Vec<PathRow>> {
    let mut st = store.conn.prepare(
        "SELECT p.path, f.format, (SELECT count(*) FROM reports r WHERE r.file_id = f.id AND r.current = 1), f.error, f.error_args
         FROM paths p JOIN files f ON f.id = p.file_id
         WHERE ?1 = 0 OR f.error IS NOT NULL
         UNION ALL
         SELECT path, NULL, 0, reason, reason_args FROM unread
         ORDER BY 1",
    )?;
    let rows = st.query_map([unreadable_only], |r| {
        let (error, args): (Option<String>, Option<String>) = (r.get(3)?, r.get(4)?);
        let error = error.map(|id| crate::message(&id, args.as_deref()));
        Ok(PathRow { path: r.get(0)?, format: r.get(1)?, reports: r.get(2)?, error })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Forget a path: what could not be read there, or what was read (a file no other path holds
/// goes with its reports). Returns whether the store knew the path.
pub fn remove_path(store: &mut Store, who: &Actor, path: &str) -> Result<bool> {
    let tx = store.conn.transaction()?;
    // The path itself, and the members of an archive at it.
    let unread = tx.execute(
        "DELETE FROM unread WHERE path = ?1 OR path LIKE ?2 || '!%' ESCAPE '\\'",
        params![path, crate::write::like_escape(path)],
    )?;
    let file: Option<i64> = {
        use rusqlite::OptionalExtension;
        tx.query_row("SELECT file_id FROM paths WHERE path = ?1", [path], |r| r.get(0)).optional()?
    };
    if let Some(file) = file {
        tx.execute("DELETE FROM paths WHERE path = ?1", [path])?;
        let touched = crate::write::touched_by(&tx, file)?;
        tx.execute("DELETE FROM files WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM paths WHERE file_id = ?1)", [file])?;
        crate::versions::dedupe_by_content(&tx, &touched.shas)?;
        crate::cross::refresh(&tx, who, &touched.organs)?;
    }
    let known = unread > 0 || file.is_some();
    if known {
        crate::audit::record(&tx, who, "remove-path", path, None, None)?;
    }
    tx.commit()?;
    Ok(known)
}

/// How the report list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Organ, then year (the default).
    #[default]
    Organ,
    /// Latest year first, then organ.
    YearDesc,
    /// Most errors first, then organ and year.
    ErrorsDesc,
}

/// The filters of the report list (`GET /reports`, `GET /api/reports`).
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only reports on this year.
    pub year: Option<i64>,
    /// Part of the organ's name.
    pub organ: Option<String>,
    /// `township`, `county`, `city`, `province`.
    pub level: Option<String>,
    /// The place the organs sit in or under (淮安市 takes 洪泽区 and every department of both).
    pub region: Option<xxgk_core::place::Place>,
    /// `2021`, `2019`, `other`.
    pub template: Option<String>,
    /// Reports with a finding of this code.
    pub code: Option<String>,
    /// Reports with a finding of this severity.
    pub severity: Option<Severity>,
    /// Full-text search of the prose (three characters or more: trigrams).
    pub text: Option<String>,
    /// Review status, one of [`ReviewStatus::FILTERS`]: `todo` (a warning or error not yet
    /// decided), `done` (every one decided), `clean` (none at all).
    pub status: Option<ReviewStatus>,
    /// The order of the list.
    pub sort: Sort,
    /// 0-based page of `per_page` reports.
    pub page: usize,
    /// Reports per page, 1 to 500.
    pub per_page: usize,
    /// Only these organs' reports (`None`: every report): an account's scope
    /// ([`crate::accounts::organs_within`]).
    pub organs: Option<std::sync::Arc<std::collections::BTreeSet<i64>>>,
    /// Reports whose round stands in this state ([`crate::round::State`]).
    pub round: Option<crate::round::State>,
    /// 我的待办: reports assigned to this reviewer whose round is not over.
    pub mine: Option<String>,
}

/// One current report as the list shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Listed {
    /// The report's row id in the store.
    pub id: i64,
    /// The organ as the report names it.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i64>,
    /// The template's key: `2021`, `2019` or `other`.
    pub template: String,
    /// The organ's level key (`province`, `city`, `county`, `township`), when known.
    pub level: Option<String>,
    /// The name of the place its organ sits in ([`xxgk_core::place::Place::name`]); `None` for
    /// 未识别地区.
    pub region: Option<String>,
    /// The format the report was read as: `text`, `html`, `pdf`, `docx`…
    pub format: String,
    /// The report's source: a canonical path, `archive.zip!member` or `page.html#2`.
    pub source_path: String,
    /// How many of its findings are errors.
    pub errors: i64,
    /// How many of its findings are warnings.
    pub warnings: i64,
    /// Of its warnings and errors, how many a reviewer has confirmed or dismissed.
    pub decided: i64,
    /// Where its round stands.
    pub round: crate::round::State,
    /// The reviewer who has it.
    pub assignee: Option<String>,
    /// When its agency is to answer the opinion sent, `YYYY-MM-DD`.
    pub deadline: Option<String>,
}

/// The SQL of a stored finding `f`'s fingerprint: [`Finding::fingerprint`] as SQL writes it
/// (no cells are stored as NULL, or as `[]` by stores of earlier versions).
const FINGERPRINT: &str = "f.scope || '|' || f.code || '|' || coalesce(nullif(f.cells, '[]'), '|' || f.args)";

/// The latest decision on each finding `f` of report `r`, joined as `d` (NULL while none is
/// recorded): the one rule by which a decision stands, for every query that reads decisions.
pub(crate) fn latest_decision() -> String {
    format!(
        "LEFT JOIN decisions d ON d.report_sha256 = r.source_sha256 AND d.fingerprint = {FINGERPRINT}
           AND d.id = (SELECT max(x.id) FROM decisions x WHERE x.report_sha256 = d.report_sha256 AND x.fingerprint = d.fingerprint)"
    )
}

/// Where a report stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// No warning or error to review.
    Clean,
    /// None of its warnings and errors decided yet.
    Todo,
    /// Some decided, some not.
    Partly,
    /// Every one decided.
    Done,
}

impl ReviewStatus {
    /// The states the report list filters by: `todo` takes the partly reviewed too, for what
    /// is left to do.
    pub const FILTERS: [ReviewStatus; 3] = [ReviewStatus::Todo, ReviewStatus::Done, ReviewStatus::Clean];

    /// The status of a report with `flagged` warnings and errors, `decided` of them decided.
    pub fn of(flagged: i64, decided: i64) -> ReviewStatus {
        match decided {
            _ if flagged == 0 => ReviewStatus::Clean,
            d if d >= flagged => ReviewStatus::Done,
            0 => ReviewStatus::Todo,
            _ => ReviewStatus::Partly,
        }
    }

    /// `clean`, `todo`, `partly`, `done`: as URLs and the catalogue (`status_…`) name it.
    pub fn key(self) -> &'static str {
        match self {
            ReviewStatus::Clean => "clean",
            ReviewStatus::Todo => "todo",
            ReviewStatus::Partly => "partly",
            ReviewStatus::Done => "done",
        }
    }

    /// The state a filter names, when it is one of [`ReviewStatus::FILTERS`].
    pub fn filter(key: &str) -> Option<ReviewStatus> {
        ReviewStatus::FILTERS.into_iter().find(|s| s.key() == key)
    }
}

impl Listed {
    /// Where its review stands, by its warnings and errors and how many of them are decided.
    pub fn status(&self) -> ReviewStatus {
        ReviewStatus::of(self.errors + self.warnings, self.decided)
    }
}

/// The current reports a list query selects, as SQL over `reports r`, `organs o` and the round
/// `rd`: the `WHERE` clause and its arguments, `?9` and `?10` left for a page's size and offset.
struct Selection {
    filter: String,
    args: Vec<rusqlite::types::Value>,
}

/// The joins every list query reads.
fn list_joins() -> String {
    format!("LEFT JOIN organs o ON o.id = r.organ_id {}", crate::round::JOIN)
}

fn selection(q: &ListQuery) -> Selection {
    let filter = "r.current = 1 AND (?1 IS NULL OR r.year = ?1)
        AND (?2 IS NULL OR r.agency LIKE '%' || ?2 || '%' OR o.name LIKE '%' || ?2 || '%')
        AND (?3 IS NULL OR o.level = ?3) AND (?4 IS NULL OR o.division LIKE ?4 || '%')
        AND (?13 IS NULL OR (o.division IS NULL AND substr(coalesce(o.region, ''), 1, length(?13)) = ?13)) AND (?5 IS NULL OR r.template = ?5)
        AND (?6 IS NULL OR r.id IN (SELECT report_id FROM findings WHERE code = ?6))
        AND (?7 IS NULL OR r.id IN (SELECT report_id FROM findings WHERE severity = ?7))
        AND (?8 IS NULL OR r.id IN (SELECT rowid FROM prose WHERE prose MATCH ?8))
        AND (?16 IS NULL OR r.id IN (SELECT rowid FROM prose WHERE text LIKE ?16 ESCAPE '\\'))
        AND (?11 IS NULL
             OR (?11 = 'clean' AND r.id NOT IN (SELECT report_id FROM findings WHERE severity IN ('error', 'warning')))
             OR (?11 IN ('todo', 'done') AND r.id IN (SELECT report_id FROM findings WHERE severity IN ('error', 'warning'))
                 AND (?11 = 'todo') = CASE WHEN r.source_sha256 NOT IN (SELECT report_sha256 FROM decisions) THEN 1
                     ELSE EXISTS (SELECT 1 FROM findings f {LATEST} WHERE f.report_id = r.id AND +f.severity IN ('error', 'warning')
                         AND coalesce(d.state, 'open') = 'open') END))
        AND (?12 IS NULL OR r.organ_id IN (SELECT value FROM json_each(?12)))
        AND (?14 IS NULL OR {STATE} = ?14)
        AND (?15 IS NULL OR (rd.assignee = ?15 AND coalesce(rd.state, '') NOT IN ('passed', 'no-change')))";
    // The words searched, without control characters (a NUL ends an FTS5 query early). Three
    // characters or more: a phrase for the trigram index, quoted so that its own syntax
    // characters are text; fewer, which the index cannot look up, a scan of the texts.
    let words: Option<String> = q
        .text
        .as_deref()
        .map(|t| t.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|t| !t.trim().is_empty());
    let short = words.as_deref().is_some_and(|t| t.chars().count() < 3);
    let text = words.as_deref().filter(|_| !short).map(|t| format!("\"{}\"", t.replace('"', "\"\"")));
    let scanned = words.as_deref().filter(|_| short).map(|t| format!("%{}%", crate::write::like_escape(t)));
    let filter = filter.replace("{LATEST}", &latest_decision()).replace("{STATE}", crate::round::STATE);
    let within = q.organs.as_ref().map(|o| serde_json::to_string(&o.iter().collect::<Vec<_>>()).unwrap_or_default());
    let (code, unplaced) = match &q.region {
        Some(Place::Division(d)) => (Some(d.code.to_string()), None),
        Some(Place::Unplaced(written)) => (None, Some(written.clone())),
        None => (None, None),
    };
    use rusqlite::types::Value;
    let text_of = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    let args = vec![
        q.year.map_or(Value::Null, Value::Integer),
        text_of(q.organ.clone()),
        text_of(q.level.clone()),
        text_of(code),
        text_of(q.template.clone()),
        text_of(q.code.clone()),
        text_of(q.severity.map(|s| s.as_str().to_string())),
        text_of(text),
        Value::Null,
        Value::Null,
        text_of(q.status.map(|s| s.key().to_string())),
        text_of(within),
        text_of(unplaced),
        text_of(q.round.map(|s| s.key().to_string())),
        text_of(q.mine.clone()),
        text_of(scanned),
    ];
    Selection { filter, args }
}

/// How many of the reports the query selects stand in each state of the round (its own `round`
/// filter aside): 总览's counts, each a link to the list.
pub fn round_counts(store: &Store, q: &ListQuery) -> Result<BTreeMap<crate::round::State, i64>> {
    let sel = selection(&ListQuery { round: None, ..q.clone() });
    let sql = format!(
        "SELECT {}, count(*) FROM reports r {} WHERE {} GROUP BY 1",
        crate::round::STATE,
        list_joins(),
        sel.filter
    );
    let mut out: BTreeMap<crate::round::State, i64> = crate::round::State::ALL.into_iter().map(|s| (s, 0)).collect();
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(sel.args.iter()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (key, n) = row?;
        if let Some(state) = crate::round::State::from_key(&key) {
            out.insert(state, n);
        }
    }
    Ok(out)
}

/// The current reports the query selects: how many in all, and the page asked for. The page's
/// reports are chosen first and only they are counted (a far page costs no more than the first);
/// the finding filters are sets built once, not a search per report.
pub fn list(store: &Store, q: &ListQuery) -> Result<(i64, Vec<Listed>)> {
    let per_page = q.per_page.clamp(1, 500) as i64;
    listed(store, q, per_page, i64::try_from(q.page).unwrap_or(i64::MAX).saturating_mul(per_page))
}

/// The reports `q` selects, in its order: `limit` of them (-1: all) from `offset`; and how
/// many it selects in all.
fn listed(store: &Store, q: &ListQuery, limit: i64, offset: i64) -> Result<(i64, Vec<Listed>)> {
    let Selection { filter, mut args } = selection(q);
    let latest = latest_decision();
    let joins = list_joins();
    let total: i64 = store.conn.query_row(
        &format!("SELECT count(*) FROM reports r {joins} WHERE {filter}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let errors = "(SELECT count(*) FROM findings f WHERE f.report_id = r.id AND +f.severity = 'error')";
    let order = match q.sort {
        Sort::Organ => "coalesce(r.agency, ''), r.year, r.id".to_string(),
        Sort::YearDesc => "r.year DESC, coalesce(r.agency, ''), r.id".to_string(),
        Sort::ErrorsDesc => "coalesce(e.n, 0) DESC, coalesce(r.agency, ''), r.year, r.id".to_string(),
    };
    // Error counts for sorting by them: one pass over the errors, not a count per report.
    let counted = if q.sort == Sort::ErrorsDesc {
        "LEFT JOIN (SELECT report_id, count(*) AS n FROM findings WHERE severity = 'error' GROUP BY report_id) e ON e.report_id = r.id"
    } else {
        ""
    };
    let sql = format!(
        "WITH page AS (SELECT r.id, row_number() OVER (ORDER BY {order}) AS n
                       FROM reports r {joins} {counted}
                       WHERE {filter} ORDER BY {order} LIMIT ?9 OFFSET ?10)
         SELECT r.id, r.agency, r.year, r.template, o.level, coalesce(o.region, ''), r.format, r.source_path, {errors},
                (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND +f.severity = 'warning'),
                (SELECT count(*) FROM findings f {latest} WHERE f.report_id = r.id AND +f.severity != 'info'
                   AND d.state IN ('confirmed', 'dismissed')), o.division, {state}, rd.assignee, rd.deadline
         FROM page JOIN reports r ON r.id = page.id {joins} ORDER BY page.n",
        state = crate::round::STATE
    );
    let mut st = store.conn.prepare(&sql)?;
    args[8] = rusqlite::types::Value::Integer(limit);
    args[9] = rusqlite::types::Value::Integer(offset);
    let rows = st.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok(Listed {
            id: r.get(0)?,
            agency: r.get(1)?,
            year: r.get(2)?,
            template: r.get(3)?,
            level: r.get(4)?,
            region: Place::stored(r.get::<_, Option<String>>(11)?.as_deref(), &r.get::<_, String>(5)?).name(),
            format: r.get(6)?,
            source_path: r.get(7)?,
            errors: r.get(8)?,
            warnings: r.get(9)?,
            decided: r.get(10)?,
            round: crate::round::State::from_key(&r.get::<_, String>(12)?).unwrap_or(crate::round::State::Pending),
            assignee: r.get(13)?,
            deadline: r.get(14)?,
        })
    })?;
    Ok((total, rows.collect::<std::result::Result<_, _>>()?))
}

/// Every current report the query selects, in its order (all pages).
pub fn list_all(store: &Store, q: &ListQuery) -> Result<Vec<Listed>> {
    // One pass: a page at a time would sort and skip the reports before it for every page.
    Ok(listed(store, q, -1, 0)?.1)
}

/// How many findings of each code each current report has (info included), by report id.
pub fn code_counts(store: &Store) -> Result<std::collections::HashMap<i64, BTreeMap<String, i64>>> {
    let mut st = store.conn.prepare(
        "SELECT f.report_id, f.code, count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 GROUP BY 1, 2",
    )?;
    let mut out: std::collections::HashMap<i64, BTreeMap<String, i64>> = std::collections::HashMap::new();
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))? {
        let (id, code, n) = row?;
        out.entry(id).or_default().insert(code, n);
    }
    Ok(out)
}

/// A reviewer's decision on a finding.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Decision {
    /// The decision's row id: of a finding's decisions, the latest stands.
    pub id: i64,
    /// The finding decided ([`Finding::fingerprint`]).
    pub fingerprint: String,
    /// `open`, `confirmed` (确认问题) or `dismissed` (不是问题).
    pub state: String,
    /// Why, as the reviewer wrote it (a dismissal needs one).
    pub reason: String,
    /// Who decided.
    pub author: String,
    /// When it was recorded, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub created_at: String,
}

/// Every decision recorded on report `id`'s findings, oldest first (the latest per finding
/// stands), kept by the report's content hash so that they survive a re-parse.
pub fn decisions(store: &Store, id: i64) -> Result<Vec<Decision>> {
    let mut st = store.conn.prepare(
        "SELECT d.id, d.fingerprint, d.state, d.reason, d.author, d.created_at FROM decisions d
         JOIN reports r ON r.source_sha256 = d.report_sha256 WHERE r.id = ?1 ORDER BY d.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(Decision {
            id: r.get(0)?,
            fingerprint: r.get(1)?,
            state: r.get(2)?,
            reason: r.get(3)?,
            author: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The decision that stands on each of report `id`'s stored findings, by fingerprint.
pub fn latest_decisions(store: &Store, id: i64) -> Result<std::collections::HashMap<String, Decision>> {
    let sql = format!(
        "SELECT DISTINCT d.id, d.fingerprint, d.state, d.reason, d.author, d.created_at
         FROM findings f JOIN reports r ON r.id = f.report_id {} WHERE r.id = ?1 AND d.id IS NOT NULL",
        latest_decision()
    );
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map([id], |r| {
        Ok(Decision {
            id: r.get(0)?,
            fingerprint: r.get(1)?,
            state: r.get(2)?,
            reason: r.get(3)?,
            author: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    rows.map(|d| d.map(|d| (d.fingerprint.clone(), d))).collect::<std::result::Result<_, _>>().map_err(Into::into)
}

/// The decision standing on stored finding `finding` (`None`: none yet, or no such finding):
/// what a page shows, and sends back with a new decision as the one it was made on.
pub fn standing(store: &Store, finding: i64) -> Result<Option<Decision>> {
    let Some((report, f)) = stored_finding(store, finding)? else { return Ok(None) };
    Ok(latest_decisions(store, report)?.remove(&f.fingerprint()))
}

/// Stored finding `finding` with its report's id, as the report's findings list it.
fn stored_finding(store: &Store, finding: i64) -> Result<Option<(i64, Finding)>> {
    let report: Option<i64> = {
        use rusqlite::OptionalExtension;
        store.conn.query_row("SELECT report_id FROM findings WHERE id = ?1", [finding], |r| r.get(0)).optional()?
    };
    let Some(report) = report else { return Ok(None) };
    Ok(report_findings(store, report, false)?.into_iter().find(|f| f.id == Some(finding)).map(|f| (report, f)))
}

/// Every decision made on stored finding `finding`, oldest first: who, when, what, why (its
/// history on the review page).
pub fn history(store: &Store, finding: i64) -> Result<Vec<Decision>> {
    let Some((report, f)) = stored_finding(store, finding)? else { return Ok(Vec::new()) };
    let fingerprint = f.fingerprint();
    Ok(decisions(store, report)?.into_iter().filter(|d| d.fingerprint == fingerprint).collect())
}

/// Why a decision was not recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum NotDecided {
    /// An unknown finding or state, or a dismissal without a reason.
    Refused(Refusal),
    /// Someone decided the finding since the page was read: the decision that stands now, for
    /// the reviewer to see before deciding again.
    Stale(Decision),
}

/// Record `who`'s decision on stored finding `finding`. `seen` is the decision that stood when
/// the reviewer read the finding (`None`: none had): if another stands now, nothing is recorded
/// and it is returned ([`NotDecided::Stale`]), so that no reviewer silently overwrites another.
/// The same decision sent again is recorded once. A dismissal needs a reason.
pub fn decide(
    store: &mut Store,
    who: &Actor,
    finding: i64,
    state: &str,
    reason: &str,
    seen: Option<i64>,
) -> Result<std::result::Result<i64, NotDecided>> {
    let refused = |r: Refusal| Ok(Err(NotDecided::Refused(r)));
    if !["open", "confirmed", "dismissed"].contains(&state) {
        return refused(Refusal::new("store-not-a-decision").with("state", state));
    }
    let reason = reason.trim();
    if state == "dismissed" && reason.is_empty() {
        return refused(Refusal::new("store-dismiss-needs-reason"));
    }
    let Some((report, f)) = stored_finding(store, finding)? else {
        return refused(Refusal::new("store-no-finding").with("id", finding));
    };
    let fingerprint = f.fingerprint();
    let standing = latest_decisions(store, report)?.remove(&fingerprint);
    if let Some(d) = &standing {
        if d.state == state && d.reason == reason && d.author == who.name {
            return Ok(Ok(d.id));
        }
    }
    if standing.as_ref().map(|d| d.id) != seen {
        if let Some(d) = standing {
            return Ok(Err(NotDecided::Stale(d)));
        }
    }
    let sha: String =
        store.conn.query_row("SELECT source_sha256 FROM reports WHERE id = ?1", [report], |r| r.get(0))?;
    let tx = store.conn.transaction()?;
    let before = standing.map(|d| serde_json::json!({ "state": d.state, "reason": d.reason, "by": d.author }));
    let decided = Decided { finding, report, sha: &sha, fingerprint: &fingerprint, code: &f.code };
    let id = record_decision(&tx, who, &decided, state, reason, before.as_ref())?;
    tx.commit()?;
    Ok(Ok(id))
}

/// A stored finding being decided: which, on which report and content, by what fingerprint.
struct Decided<'a> {
    finding: i64,
    report: i64,
    sha: &'a str,
    fingerprint: &'a str,
    code: &'a str,
}

/// Record one decision and its row in the trail on `tx` (`before`: the decision it replaces);
/// its id. The one way [`decide`] and [`decide_open`] write a decision.
fn record_decision(
    tx: &rusqlite::Transaction,
    who: &Actor,
    d: &Decided,
    state: &str,
    reason: &str,
    before: Option<&serde_json::Value>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO decisions (report_sha256, fingerprint, state, reason, author) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![d.sha, d.fingerprint, state, reason, who.name],
    )?;
    let id = tx.last_insert_rowid();
    let after = serde_json::json!({ "report": d.report, "code": d.code, "state": state, "reason": reason });
    crate::audit::record(tx, who, "decision", &d.finding.to_string(), before, Some(&after))?;
    Ok(id)
}

/// Decide every open finding of `code` in `reports` as `state` (`confirmed`, or `dismissed` with
/// a reason), as `who`: each warning or error of the code whose standing decision is none or
/// `open` gets its own decision and its own row in the trail, all in one transaction. Returns
/// each finding decided with its decision's id.
pub fn decide_open(
    store: &mut Store,
    who: &Actor,
    reports: &[i64],
    code: &str,
    state: &str,
    reason: &str,
) -> Result<std::result::Result<Vec<(i64, i64)>, Refusal>> {
    let refused = |r: Refusal| Ok(Err(r));
    if !["confirmed", "dismissed"].contains(&state) {
        return refused(Refusal::new("store-not-a-decision").with("state", state));
    }
    let reason = reason.trim();
    if state == "dismissed" && reason.is_empty() {
        return refused(Refusal::new("store-dismiss-needs-reason"));
    }
    if xxgk_core::rules::find(code).is_none() {
        return refused(Refusal::new("store-no-rule").with("code", code));
    }
    // What to decide, read before the transaction: (finding, report, its content, fingerprint).
    let mut open: Vec<(i64, i64, String, String)> = Vec::new();
    let mut sha = store.conn.prepare_cached("SELECT source_sha256 FROM reports WHERE id = ?1")?;
    for &report in reports {
        let found: Vec<Finding> = report_findings(store, report, false)?
            .into_iter()
            .filter(|f| f.code == code && f.severity >= Severity::Warning && f.id.is_some())
            .collect();
        if found.is_empty() {
            continue;
        }
        let latest = latest_decisions(store, report)?;
        let content: String = sha.query_row([report], |r| r.get(0))?;
        for f in found {
            let fingerprint = f.fingerprint();
            if latest.get(&fingerprint).is_none_or(|d| d.state == "open") {
                open.push((f.id.unwrap_or_default(), report, content.clone(), fingerprint));
            }
        }
    }
    drop(sha);
    let tx = store.conn.transaction()?;
    let mut out = Vec::with_capacity(open.len());
    for (finding, report, content, fingerprint) in open {
        let decided = Decided { finding, report, sha: &content, fingerprint: &fingerprint, code };
        out.push((finding, record_decision(&tx, who, &decided, state, reason, None)?));
    }
    tx.commit()?;
    Ok(Ok(out))
}

/// One organ's year, as its page across years shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OrganYear {
    /// The report's row id in the store.
    pub report: i64,
    /// The year reported on.
    pub year: i64,
    /// The organ as this year's report names it.
    pub agency: Option<String>,
    /// The publication date, `YYYY-MM-DD`, when stated or given.
    pub published: Option<String>,
    /// How many of its findings are errors, those across years included.
    pub errors: i64,
    /// How many of its findings are warnings, those across years included.
    pub warnings: i64,
    /// The checks across years on this report (CARRY-OVER, IN-FORCE-CHAIN, COPIED-TEXT, LATE,
    /// DUPLICATE-REPORT).
    pub across: Vec<(String, String)>,
    /// Every cell's value (`table.row.column` → exact decimal, `None`: blank).
    pub values: BTreeMap<String, Option<String>>,
}

/// Organ `organ`'s current reports, one per year, oldest first.
pub fn organ_years(store: &Store, organ: i64, lang: Lang) -> Result<Vec<OrganYear>> {
    let mut st = store.conn.prepare(
        "SELECT r.id, r.year, r.agency, r.published,
                (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'error'),
                (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'warning')
         FROM reports r WHERE r.organ_id = ?1 AND r.current = 1 AND r.year IS NOT NULL ORDER BY r.year",
    )?;
    let mut years: Vec<OrganYear> = st
        .query_map([organ], |r| {
            Ok(OrganYear {
                report: r.get(0)?,
                year: r.get(1)?,
                agency: r.get(2)?,
                published: r.get(3)?,
                errors: r.get(4)?,
                warnings: r.get(5)?,
                across: Vec::new(),
                values: BTreeMap::new(),
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut values =
        store.conn.prepare("SELECT tbl || '.' || row || '.' || col, exact FROM report_values WHERE report_id = ?1")?;
    for y in &mut years {
        let report = y.report;
        let across = report_findings(store, report, false)?
            .into_iter()
            .filter(|f| f.scope == "organ")
            .map(|f| (f.code.clone(), f.message(lang)))
            .collect();
        y.across = across;
        y.values =
            values.query_map([report], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name` decides on what stands now.
    fn decide_now(store: &mut Store, name: &str, finding: i64, state: &str, reason: &str) {
        let who = Actor { name: name.into(), address: "test".into() };
        let seen = standing(store, finding).unwrap().map(|d| d.id);
        decide(store, &who, finding, state, reason, seen).unwrap().unwrap();
    }
    use crate::testing::{set, store_of, year};
    use xxgk_core::TableId;

    #[test]
    fn a_report_s_status_follows_its_decided_findings() {
        assert_eq!(ReviewStatus::of(0, 0), ReviewStatus::Clean);
        assert_eq!(ReviewStatus::of(3, 0), ReviewStatus::Todo);
        assert_eq!(ReviewStatus::of(3, 1), ReviewStatus::Partly);
        assert_eq!(ReviewStatus::of(3, 3), ReviewStatus::Done);
        assert_eq!(ReviewStatus::filter("todo"), Some(ReviewStatus::Todo));
        assert_eq!(ReviewStatus::filter("partly"), None, "the list's todo takes the partly reviewed");
    }

    #[test]
    fn the_latest_decision_stands_in_every_view() {
        // 表三's 总计 of 予以公开 is not the sum of its columns.
        let mut f = year("青禾市审计局", 2024, 0, 0, 10);
        set(&mut f, TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 6]);
        let (_dir, mut store) = store_of(&[f]);
        let all = ListQuery { per_page: 50, ..ListQuery::default() };
        let id = list(&store, &all).unwrap().1[0].id;
        let found: Vec<Finding> = report_findings(&store, id, false)
            .unwrap()
            .into_iter()
            .filter(|f| f.severity >= Severity::Warning)
            .collect();
        assert!(!found.is_empty());
        // Every stored finding's fingerprint is the one SQL writes for it.
        let mut in_sql: Vec<String> = store
            .conn
            .prepare(&format!("SELECT {FINGERPRINT} FROM findings f WHERE f.report_id = ?1"))
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(|x| x.unwrap())
            .collect();
        let mut in_rust: Vec<String> =
            report_findings(&store, id, false).unwrap().iter().map(Finding::fingerprint).collect();
        in_sql.sort();
        in_rust.sort();
        assert_eq!(in_sql, in_rust);

        let first = found[0].id.unwrap();
        decide_now(&mut store, "甲", first, "confirmed", "");
        decide_now(&mut store, "乙", first, "dismissed", "核对原件无误");
        let latest = latest_decisions(&store, id).unwrap();
        let d = &latest[&found[0].fingerprint()];
        assert_eq!(
            (latest.len(), d.state.as_str(), d.author.as_str(), d.reason.as_str()),
            (1, "dismissed", "乙", "核对原件无误")
        );
        let listed = list(&store, &all).unwrap().1.remove(0);
        let flagged = listed.errors + listed.warnings;
        assert_eq!((flagged, listed.decided), (found.len() as i64, 1));
        let with = |store: &Store, status| list(store, &ListQuery { status: Some(status), ..all.clone() }).unwrap().0;
        let done = found.len() == 1;
        assert_eq!(
            (with(&store, ReviewStatus::Todo), with(&store, ReviewStatus::Done)),
            (i64::from(!done), i64::from(done))
        );
        assert_eq!(crate::figures::load(&store, false).unwrap().reports[0].undecided, !done);

        // Opened again: the latest decision is the open one.
        decide_now(&mut store, "丙", first, "open", "");
        assert_eq!(latest_decisions(&store, id).unwrap()[&found[0].fingerprint()].state, "open");
        assert_eq!(list(&store, &all).unwrap().1[0].status(), ReviewStatus::Todo);
        assert_eq!((with(&store, ReviewStatus::Todo), with(&store, ReviewStatus::Done)), (1, 0));
        assert!(crate::figures::load(&store, false).unwrap().reports[0].undecided);
    }
}
