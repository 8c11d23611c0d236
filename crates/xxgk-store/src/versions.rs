//! Which stored reports count. Statistics, roll-ups and the checks across years must count each
//! report once, and the same answer must come out whatever order the files were ingested in:
//!
//! - **Copies**: identical content (the same SHA-256) read from several files — a DOCX and the
//!   same DOCX inside a ZIP — is one report with several sources. The source kept is one whose
//!   file still has a path, then the smallest path.
//! - **Versions**: two different reports of one organ and year (an agency sent a fixed file) are
//!   versions of which one is current: the one a reviewer chose (`xxgk versions --use`), else one
//!   whose file is still at a path (a path that now holds other content keeps its old content
//!   only as a former version), else the one published last, else the newer file, else the
//!   larger path. The others stay in the store, superseded, listed by `xxgk versions` and
//!   restorable; a `DUPLICATE-REPORT` warning on the current one names them.
//!
//! None of the rules looks at ingest order or row ids.

use std::cmp::Ordering;

use rusqlite::{params, Connection};

use crate::audit::Actor;
use crate::{Refusal, Result, Store};

/// One stored report as the rules see it.
#[derive(Debug, Clone)]
struct Candidate {
    id: i64,
    year: Option<i64>,
    sha: String,
    path: String,
    published: Option<String>,
    modified: Option<String>,
    at_path: bool,
    pinned: bool,
    current: bool,
    /// How many of the facts a manifest or a reviewer may give (publication date, URL, level)
    /// it carries: of identical copies, the one with the facts is the one that counts.
    facts: u8,
    /// Whether it is an annual report at all (no NOT-A-REPORT): what is not never counts.
    report: bool,
}

/// Why the current version of an organ's year was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A reviewer chose it (`xxgk versions --use`).
    Reviewer,
    /// Its file is still at its path; the other's path now holds other content.
    StillAtPath,
    /// It was published later.
    PublishedLater,
    /// Its file was modified later.
    NewerFile,
    /// Nothing else told them apart: the larger path.
    Path,
}

impl Rule {
    /// The rule's key, which a DUPLICATE-REPORT finding keeps and its message puts into words.
    pub fn key(self) -> &'static str {
        match self {
            Rule::Reviewer => "reviewer",
            Rule::StillAtPath => "still-at-path",
            Rule::PublishedLater => "published-later",
            Rule::NewerFile => "newer-file",
            Rule::Path => "path",
        }
    }
}

/// An organ's year with several different reports, after the choice.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The year with several reports.
    pub year: i64,
    /// The current report's row id.
    pub current: i64,
    /// The current report's source path.
    pub current_path: String,
    /// The superseded versions: report id and path.
    pub others: Vec<(i64, String)>,
    /// The rule that chose the current report over the runner-up.
    pub rule: Rule,
}

const CANDIDATES: &str = "SELECT r.id, r.year, r.source_sha256, r.source_path, r.published, f.modified,
            EXISTS (SELECT 1 FROM paths p WHERE p.file_id = r.file_id),
            EXISTS (SELECT 1 FROM pins k WHERE k.organ_id = r.organ_id AND k.year = r.year AND k.report_sha256 = r.source_sha256),
            r.current,
            (r.published IS NOT NULL) + (r.url IS NOT NULL) + (r.level IS NOT NULL),
            NOT EXISTS (SELECT 1 FROM findings n WHERE n.report_id = r.id AND n.code = 'NOT-A-REPORT')
     FROM reports r JOIN files f ON f.id = r.file_id";

fn candidates(conn: &Connection, filter: &str, arg: &dyn rusqlite::ToSql) -> Result<Vec<Candidate>> {
    let mut st = conn.prepare_cached(&format!("{CANDIDATES} WHERE {filter}"))?;
    let rows = st.query_map([arg], |r| {
        Ok(Candidate {
            id: r.get(0)?,
            year: r.get(1)?,
            sha: r.get(2)?,
            path: r.get(3)?,
            published: r.get(4)?,
            modified: r.get(5)?,
            at_path: r.get(6)?,
            pinned: r.get(7)?,
            current: r.get(8)?,
            facts: r.get(9)?,
            report: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The source kept of identical copies: one still at a path, then the one that carries the
/// most facts (they describe the content, whichever copy brought them), then the smallest path.
fn source_order(a: &Candidate, b: &Candidate) -> Ordering {
    b.at_path.cmp(&a.at_path).then_with(|| b.facts.cmp(&a.facts)).then_with(|| a.path.cmp(&b.path))
}

/// The best of different versions first, and the rule that told it from the runner-up.
fn version_order(a: &Candidate, b: &Candidate) -> (Ordering, Rule) {
    let steps: [(Ordering, Rule); 5] = [
        (b.pinned.cmp(&a.pinned), Rule::Reviewer),
        (b.at_path.cmp(&a.at_path), Rule::StillAtPath),
        (b.published.cmp(&a.published), Rule::PublishedLater),
        (b.modified.cmp(&a.modified), Rule::NewerFile),
        (b.path.cmp(&a.path), Rule::Path),
    ];
    steps.into_iter().find(|(o, _)| o.is_ne()).unwrap_or((Ordering::Equal, Rule::Path))
}

fn set_current(conn: &Connection, id: i64, current: bool) -> Result<()> {
    conn.prepare_cached("UPDATE reports SET current = ?2 WHERE id = ?1 AND current != ?2")?
        .execute(params![id, current])?;
    Ok(())
}

/// Keep one source of each content among `all`; returns the kept ones.
fn one_per_content(conn: &Connection, mut all: Vec<Candidate>) -> Result<Vec<Candidate>> {
    all.sort_by(|a, b| a.sha.cmp(&b.sha).then_with(|| source_order(a, b)));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in all {
        let copy = kept.last().is_some_and(|k| k.sha == c.sha);
        if copy {
            set_current(conn, c.id, false)?;
        } else {
            kept.push(c);
        }
    }
    Ok(kept)
}

/// A version that replaced the current report of an organ's year while reviewers had decided
/// findings of the one it replaced: their decisions stay with that content, and the new one is
/// to be reviewed again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replaced {
    /// The report that was current.
    pub before: i64,
    /// The report current now.
    pub after: i64,
    /// How many decisions stand on the one replaced.
    pub decisions: i64,
    /// The rule that chose the new one.
    pub rule: Rule,
}

/// Decide the current report of every year of `organ`; returns the years with several
/// versions, and the changes of a current report that had decisions.
pub(crate) fn choose(conn: &Connection, organ: i64) -> Result<(Vec<Duplicate>, Vec<Replaced>)> {
    let all = candidates(conn, "r.organ_id = ?1", &organ)?;
    let was: Vec<(Option<i64>, i64, String)> =
        all.iter().filter(|c| c.current).map(|c| (c.year, c.id, c.sha.clone())).collect();
    let mut replaced = Vec::new();
    let mut kept = one_per_content(conn, all)?;
    kept.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| version_order(a, b).0));
    let mut out = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        let j = kept[i..].iter().position(|c| c.year != kept[i].year).map_or(kept.len(), |n| i + n);
        let group = &kept[i..j];
        i = j;
        let best = &group[0];
        let Some(year) = best.year else {
            // Without a year there is nothing to be a version of.
            for c in group {
                set_current(conn, c.id, c.at_path)?;
            }
            continue;
        };
        // A report whose file was replaced at its path counts only when a reviewer chose it.
        set_current(conn, best.id, best.at_path || best.pinned)?;
        for other in &group[1..] {
            set_current(conn, other.id, false)?;
        }
        let decided = |sha: &str| -> Result<i64> {
            Ok(conn
                .prepare_cached("SELECT count(*) FROM decisions WHERE report_sha256 = ?1")?
                .query_row([sha], |r| r.get(0))?)
        };
        for (_, before, sha) in was.iter().filter(|(y, _, sha)| *y == Some(year) && *sha != best.sha) {
            let decisions = decided(sha)?;
            if decisions > 0 && (best.at_path || best.pinned) {
                let rule = group.iter().find(|c| c.id == *before).map_or(Rule::Path, |b| version_order(best, b).1);
                replaced.push(Replaced { before: *before, after: best.id, decisions, rule });
            }
        }
        if let [_, runner_up, ..] = group {
            out.push(Duplicate {
                year,
                current: best.id,
                current_path: best.path.clone(),
                others: group[1..].iter().map(|c| (c.id, c.path.clone())).collect(),
                rule: version_order(best, runner_up).1,
            });
        }
    }
    Ok((out, replaced))
}

/// Reports without an organ (no organ could be named: a wrong upload, a scan): copies of one
/// content count once, and a report whose file was replaced, or a document that is not an
/// annual report, does not count.
pub(crate) fn dedupe_by_content(conn: &Connection, shas: &[String]) -> Result<()> {
    let mut shas = shas.to_vec();
    shas.sort_unstable();
    shas.dedup();
    for sha in &shas {
        let kept = one_per_content(conn, candidates(conn, "r.source_sha256 = ?1 AND r.organ_id IS NULL", sha)?)?;
        for c in kept {
            set_current(conn, c.id, c.at_path && c.report)?;
        }
    }
    Ok(())
}

/// A stored version of an organ's report, as `xxgk versions` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// The report's row id in the store.
    pub report: i64,
    /// Its organ's id.
    pub organ_id: i64,
    /// The organ as the report names it.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: i64,
    /// The SHA-256 of the report's content.
    pub sha256: String,
    /// The report's source path.
    pub path: String,
    /// The publication date, `YYYY-MM-DD`, when stated or given.
    pub published: Option<String>,
    /// Whether it is the version that counts.
    pub current: bool,
    /// Another stored report has the same content (the same report from another file).
    pub copy: bool,
}

/// Every organ year with more than one stored report (versions or copies), of organs whose
/// name contains `like`.
pub fn versions(store: &Store, like: Option<&str>) -> Result<Vec<Version>> {
    select(
        store,
        "r.year IS NOT NULL AND (?1 IS NULL OR o.name LIKE '%' || ?1 || '%' OR r.agency LIKE '%' || ?1 || '%')
         AND (SELECT count(*) FROM reports s WHERE s.organ_id = r.organ_id AND s.year = r.year) > 1",
        rusqlite::params![like],
    )
}

/// Every stored report of `organ`'s `year` — the version that counts first — as the review
/// page lists them to be seen, compared and chosen.
pub fn versions_of(store: &Store, organ: i64, year: i64) -> Result<Vec<Version>> {
    select(store, "r.organ_id = ?1 AND r.year = ?2", rusqlite::params![organ, year])
}

fn select(store: &Store, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Version>> {
    let mut st = store.conn.prepare(&format!(
        "SELECT r.id, r.organ_id, r.agency, r.year, r.source_sha256, r.source_path, r.published, r.current,
                (SELECT count(*) FROM reports c WHERE c.organ_id = r.organ_id AND c.year = r.year AND c.source_sha256 = r.source_sha256) > 1
         FROM reports r JOIN organs o ON o.id = r.organ_id
         WHERE {filter}
         ORDER BY o.name, r.year, r.current DESC, r.source_path"
    ))?;
    let rows = st.query_map(args, |r| {
        Ok(Version {
            report: r.get(0)?,
            organ_id: r.get(1)?,
            agency: r.get(2)?,
            year: r.get(3)?,
            sha256: r.get(4)?,
            path: r.get(5)?,
            published: r.get(6)?,
            current: r.get(7)?,
            copy: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Make report `id` the current version of its organ's year (a reviewer's choice, kept by
/// content so that it survives a re-parse). Refused for a report without an organ or a year.
pub fn use_version(store: &mut Store, who: &Actor, id: i64) -> Result<std::result::Result<(), Refusal>> {
    let tx = store.conn.transaction()?;
    let row: Option<(Option<i64>, Option<i64>, String)> = {
        use rusqlite::OptionalExtension;
        tx.query_row("SELECT organ_id, year, source_sha256 FROM reports WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
    };
    let Some((organ, year, sha)) = row else {
        return Ok(Err(Refusal::new("store-no-report").with("id", id)));
    };
    let (Some(organ), Some(year)) = (organ, year) else {
        return Ok(Err(Refusal::new("store-version-unplaced").with("id", id)));
    };
    tx.execute(
        "INSERT OR REPLACE INTO pins (organ_id, year, report_sha256, author) VALUES (?1, ?2, ?3, ?4)",
        params![organ, year, sha, who.name],
    )?;
    let after = serde_json::json!({ "organ": organ, "year": year, "report": id });
    crate::audit::record(&tx, who, "version", &id.to_string(), None, Some(&after))?;
    crate::cross::refresh(&tx, who, &[organ])?;
    tx.commit()?;
    Ok(Ok(()))
}
