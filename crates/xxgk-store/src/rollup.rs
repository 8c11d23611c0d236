//! ROLLUP (SPEC §4): a government's report against the sum of its units' reports of the same
//! year — the departments of its own level and the governments one level below.
//!
//! Asked on demand, not stored: many government reports cover only the government's own
//! office, so a difference is a question for the reviewer rather than an error. A cell a unit
//! left blank (or a row it lacks) makes the sum unknown, never 0. Which units a government
//! should have comes from its roster (`xxgk roster --import`); without one the store can only
//! say which units it holds. Only with every unit of the roster present is the sum complete and
//! a difference worth a warning.

use std::collections::HashMap;
use std::io::Read;

use rusqlite::params;
use xxgk_core::organ;
use xxgk_core::place::Place;
use xxgk_core::TableId;

use crate::audit::Actor;
use crate::query::{load_report, report_row, ReportRow, REPORT_COLUMNS};
use crate::{Refusal, Result, Store};

/// One cell of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// `table3.new_received.total`
    pub cell: String,
    /// The government's own value, in whole units.
    pub government: Option<i128>,
    /// `None` when some unit does not state it.
    pub units: Option<i128>,
}

/// A government's report against the sum of its units' reports of the same year.
#[derive(Debug, Clone)]
pub struct Rollup {
    /// The government's report and its units.
    pub members: Members,
    /// Cells where the government's value and the units' sum are both known and differ, in
    /// template order.
    pub differ: Vec<Cell>,
    /// Cells whose sum is unknown because a unit left them blank.
    pub unknown: usize,
}

fn is_government(agency: &str) -> bool {
    agency.ends_with("人民政府")
}

/// A report's 表三 and 表四 values by cell, as published, in template order.
fn cells(store: &Store, id: i64) -> Result<Vec<(String, Option<i128>)>> {
    let Some(r) = load_report(store, id, false)? else { return Ok(Vec::new()) };
    Ok(r.cells()
        .filter(|(t, ..)| *t != TableId::Table2)
        .map(|(_, cell, v)| (cell, v.map(|n| n.scaled_to(0))))
        .collect())
}

/// Whether an organ with these name keys (`|`-separated) is the one a roster names by `key`,
/// with or without the places written before it.
fn names(keys: &str, key: &str) -> bool {
    keys.split('|').any(|k| k == key || organ::same_with_prefix(k, key))
}

/// The roster: expected units (name key → name as written) per government name key.
fn roster(store: &Store) -> Result<HashMap<String, Vec<(String, String)>>> {
    let mut st =
        store.conn.prepare("SELECT government_key, unit_key, unit FROM roster ORDER BY government_key, unit")?;
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (g, k, u) = row?;
        out.entry(g).or_default().push((k, u));
    }
    Ok(out)
}

/// A current report with an organ and a year, and every name key of its organ.
struct Current {
    row: ReportRow,
    agency: String,
    year: i64,
    /// `|`-separated.
    keys: String,
}

fn current(store: &Store, year: Option<i64>) -> Result<Vec<Current>> {
    let mut st = store.conn.prepare(&format!(
        "SELECT {REPORT_COLUMNS}, coalesce((SELECT group_concat(n.name_key, '|') FROM organ_names n WHERE n.organ_id = r.organ_id), '')
         FROM reports r WHERE r.current = 1 AND r.agency IS NOT NULL AND r.year IS NOT NULL AND (?1 IS NULL OR r.year = ?1)
         ORDER BY r.agency, r.year",
    ))?;
    let rows = st.query_map([year], |r| {
        let row = report_row(r)?;
        Ok(Current {
            agency: row.agency.clone().unwrap_or_default(),
            year: row.year.unwrap_or_default(),
            keys: r.get(8)?,
            row,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The reports among `reports` of the roster's units, and the units (as written) without one.
fn present<'a>(
    list: &[(String, String)],
    reports: impl Iterator<Item = &'a Current> + Clone,
) -> (Vec<&'a Current>, Vec<String>) {
    let mut units = Vec::new();
    let mut missing = Vec::new();
    for (key, name) in list {
        match reports.clone().find(|c| names(&c.keys, key)) {
            Some(c) => units.push(c),
            None => missing.push(name.clone()),
        }
    }
    (units, missing)
}

/// A roster's coverage of one year: how many units the government expects and which of them
/// have no report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// The government, as its roster names it.
    pub government: String,
    /// How many units its roster lists.
    pub expected: Option<usize>,
    /// How many of them have a report of the year.
    pub reported: usize,
    /// The units of the roster, as it writes them, without a report of the year.
    pub missing: Vec<String>,
}

/// The coverage of every government with a roster that sits in or under `region`, in `year`.
pub fn coverage(store: &Store, year: i64, region: Option<&Place>) -> Result<Vec<Coverage>> {
    let reports = current(store, Some(year))?;
    let mut out: Vec<Coverage> = Vec::new();
    let mut st = store.conn.prepare("SELECT DISTINCT government_key, government FROM roster ORDER BY government")?;
    let governments: Vec<(String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
    let rosters = roster(store)?;
    for (key, government) in governments {
        if region.is_some_and(|p| !p.contains(&Place::of(&government))) {
            continue;
        }
        let Some(list) = rosters.get(&key) else { continue };
        let (_, missing) = present(list, reports.iter());
        out.push(Coverage { government, expected: Some(list.len()), reported: list.len() - missing.len(), missing });
    }
    Ok(out)
}

/// A government's report of a year and its units: those in the store, and those its roster
/// expects that are not.
#[derive(Debug, Clone)]
pub struct Members {
    /// The government's report.
    pub government: ReportRow,
    /// The units whose reports of the year are in the store.
    pub units: Vec<ReportRow>,
    /// How many units the roster expects (`None`: no roster for this government).
    pub expected: Option<usize>,
    /// Units of the roster without a report of the year.
    pub missing: Vec<String>,
}

impl Members {
    /// Every unit of a roster is present: the sum is complete and a difference is a finding.
    pub fn complete(&self) -> bool {
        self.expected.is_some() && self.missing.is_empty()
    }
}

/// The government's place whose units an organ counts among, in the tree of places: a
/// government's the place above its own (洪泽区人民政府 → 淮安市), a department's its own (洪泽区教育局
/// → 洪泽区), a township's its county. `None` at the top and for 未识别地区 itself.
fn parent(agency: &str) -> Option<Place> {
    let place = Place::of(agency);
    let up = if is_government(agency) && !beneath(agency, &place) {
        let trail = place.trail();
        trail.len().checked_sub(2).map(|i| trail[i].clone())
    } else {
        Some(place)
    };
    up.filter(|p| p.name().is_some())
}

/// Whether an organ's name writes places below the division it sits in (a township of a
/// county): its government is no government of the division.
fn beneath(agency: &str, place: &Place) -> bool {
    match place {
        Place::Division(d) => !organ::region(agency).ends_with(d.name),
        Place::Unplaced(_) => false,
    }
}

/// Every current government report (of `year`, whose name contains `organ`, or the one report
/// `only`) with units in the store or in its roster, without their values.
pub fn members(store: &Store, year: Option<i64>, organ_name: Option<&str>, only: Option<i64>) -> Result<Vec<Members>> {
    let all = current(store, year)?;
    let roster = roster(store)?;
    // Reports by (year, the places they report to): a government finds its units at once.
    let mut below: HashMap<(i64, Place), Vec<&Current>> = HashMap::new();
    for c in &all {
        if let Some(p) = parent(&c.agency) {
            below.entry((c.year, p)).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for g in all.iter().filter(|c| is_government(&c.agency)) {
        if organ_name.is_some_and(|n| !g.agency.contains(n)) || only.is_some_and(|o| o != g.row.id) {
            continue;
        }
        let other = |c: &&Current| c.year == g.year && c.row.id != g.row.id;
        let (units, missing, expected) = match roster.iter().find(|(k, _)| names(&g.keys, k)).map(|(_, units)| units) {
            Some(list) => {
                let (units, missing) = present(list, all.iter().filter(other));
                (units, missing, Some(list.len()))
            }
            None => {
                let place = Place::of(&g.agency);
                if place.name().is_none() || beneath(&g.agency, &place) {
                    continue;
                }
                (below.get(&(g.year, place)).into_iter().flatten().copied().filter(other).collect(), Vec::new(), None)
            }
        };
        if units.is_empty() && missing.is_empty() {
            continue;
        }
        out.push(Members {
            government: g.row.clone(),
            units: units.into_iter().map(|u| u.row.clone()).collect(),
            expected,
            missing,
        });
    }
    Ok(out)
}

/// The government's values against its units' sum.
pub fn compare(store: &Store, m: Members) -> Result<Rollup> {
    let mine = cells(store, m.government.id)?;
    let theirs: Vec<HashMap<String, Option<i128>>> =
        m.units.iter().map(|u| cells(store, u.id).map(|c| c.into_iter().collect())).collect::<Result<_>>()?;
    let (mut differ, mut unknown) = (Vec::new(), 0);
    for (cell, value) in &mine {
        let sum = if theirs.is_empty() {
            None
        } else {
            theirs.iter().map(|t| t.get(cell).copied().flatten()).sum::<Option<i128>>()
        };
        match (value, sum) {
            (_, None) => unknown += 1,
            (Some(v), Some(s)) if *v != s => {
                differ.push(Cell { cell: cell.clone(), government: Some(*v), units: Some(s) })
            }
            _ => {}
        }
    }
    Ok(Rollup { members: m, differ, unknown })
}

/// Every roll-up of `year` (all years without one) of the governments whose name contains
/// `organ_name`.
pub fn rollup(store: &Store, year: Option<i64>, organ_name: Option<&str>) -> Result<Vec<Rollup>> {
    members(store, year, organ_name, None)?.into_iter().map(|m| compare(store, m)).collect()
}

/// A reviewer's note that a difference between a government's report and its units' sum is
/// explained (the government's report covers its own office only, a unit reports elsewhere…).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// The cell explained: `table3.new_received.total`.
    pub cell: String,
    /// Why the government's value differs from its units' sum, as the reviewer wrote it.
    pub reason: String,
    /// Who explained it.
    pub author: String,
    /// When it was recorded, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub created_at: String,
}

/// The latest explanation of each cell of the government report `report`, kept by the report's
/// content hash like corrections and decisions, so that it survives a re-parse.
pub fn explanations(store: &Store, report: i64) -> Result<HashMap<String, Explanation>> {
    let mut st = store.conn.prepare(
        "SELECT e.cell, e.reason, e.author, e.created_at FROM explanations e JOIN reports r ON r.source_sha256 = e.report_sha256
         WHERE r.id = ?1 ORDER BY e.id",
    )?;
    let rows = st.query_map([report], |r| {
        Ok(Explanation { cell: r.get(0)?, reason: r.get(1)?, author: r.get(2)?, created_at: r.get(3)? })
    })?;
    let mut out = HashMap::new();
    for e in rows {
        let e = e?;
        out.insert(e.cell.clone(), e);
    }
    Ok(out)
}

/// Mark the difference at `cell` of `report`'s roll-up as explained; an empty reason takes the
/// mark back. Refused for a report that is not in the store or a cell that is not one of the
/// template's.
pub fn explain(
    store: &mut Store,
    who: &Actor,
    report: i64,
    cell: &str,
    reason: &str,
) -> Result<std::result::Result<i64, Refusal>> {
    let Some(row) = crate::query::report(store, report)? else {
        return Ok(Err(Refusal::new("store-no-report").with("id", report)));
    };
    if xxgk_core::report::cell_def(cell).is_none() {
        return Ok(Err(Refusal::new("store-not-a-cell").with("cell", cell)));
    }
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT INTO explanations (report_sha256, cell, reason, author) VALUES (?1, ?2, ?3, ?4)",
        params![row.source_sha256, cell, reason.trim(), who.name],
    )?;
    let id = tx.last_insert_rowid();
    let after = serde_json::json!({ "cell": cell, "reason": reason.trim() });
    crate::audit::record(&tx, who, "explanation", &report.to_string(), None, Some(&after))?;
    tx.commit()?;
    Ok(Ok(id))
}

/// A roster file as an office keeps it — CSV (UTF-8, a BOM allowed) or an Excel workbook (the
/// first two cells of each row) — imported as [`import_roster`] does.
pub fn import_roster_file(store: &mut Store, who: &Actor, bytes: &[u8]) -> Result<std::result::Result<usize, Refusal>> {
    let book = bytes.starts_with(b"PK").then(|| xxgk_read::read_bytes("roster.xlsx", bytes).ok()).flatten();
    let Some((book, _)) = book else { return import_roster(store, who, bytes) };
    let mut csv = csv::Writer::from_writer(Vec::new());
    for line in &book.lines {
        let cells: Vec<&str> = line.cells.iter().take(2).map(|c| c.text.trim()).collect();
        if cells.len() == 2 {
            // Written to memory: it cannot fail.
            let _ = csv.write_record(&cells);
        }
    }
    let text = csv.into_inner().unwrap_or_default();
    import_roster(store, who, text.as_slice())
}

/// Import a roster from CSV: one row per unit, `government,unit` (a header row naming them is
/// skipped; 政府/上级, 单位/下级 are understood). A government's units replace those the store
/// had for it. Returns the number of units imported.
pub fn import_roster(
    store: &mut Store,
    who: &Actor,
    csv_text: impl Read,
) -> Result<std::result::Result<usize, Refusal>> {
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(csv_text);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                return Ok(Err(Refusal::new("store-roster-unreadable").with("line", i + 1).with("why", e.to_string())))
            }
        };
        let (Some(g), Some(u)) = (rec.get(0), rec.get(1)) else {
            return Ok(Err(Refusal::new("store-roster-columns").with("line", i + 1)));
        };
        let g = g.trim_start_matches('\u{feff}');
        let header = ["government", "政府", "上级", "上级机关"].contains(&g)
            && ["unit", "单位", "下级", "所属单位"].contains(&u);
        if header || g.is_empty() && u.is_empty() {
            continue;
        }
        if g.is_empty() || u.is_empty() {
            return Ok(Err(Refusal::new("store-roster-blank").with("line", i + 1)));
        }
        pairs.push((g.to_string(), u.to_string()));
    }
    let tx = store.conn.transaction()?;
    let mut governments: Vec<&str> = pairs.iter().map(|(g, _)| g.as_str()).collect();
    governments.sort_unstable();
    governments.dedup();
    for g in governments {
        tx.execute("DELETE FROM roster WHERE government_key = ?1", [organ::key(g)])?;
    }
    for (g, u) in &pairs {
        tx.execute(
            "INSERT OR REPLACE INTO roster (government_key, government, unit_key, unit) VALUES (?1, ?2, ?3, ?4)",
            params![organ::key(g), g, organ::key(u), u],
        )?;
    }
    let after = serde_json::json!({ "units": pairs.len() });
    crate::audit::record(&tx, who, "roster", "", None, Some(&after))?;
    tx.commit()?;
    Ok(Ok(pairs.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_departments_alongside_and_governments_one_level_down() {
        let up = |agency: &str| parent(agency).map(|p| p.key());
        assert_eq!(up("淮安市洪泽区人民政府").as_deref(), Some("江苏省淮安市"));
        assert_eq!(up("洪泽区人民政府").as_deref(), Some("江苏省淮安市"), "its city though it writes none");
        assert_eq!(up("淮安市教育局").as_deref(), Some("江苏省淮安市"));
        assert_eq!(
            up("淮安市洪泽区教育局").as_deref(),
            Some("江苏省淮安市洪泽区"),
            "a district's department is counted in the district"
        );
        assert_eq!(up("淮安市洪泽区岔河镇人民政府").as_deref(), Some("江苏省淮安市洪泽区"), "a township's county");
        assert_eq!(up("淮安市人民政府").as_deref(), Some("江苏省"));
        assert_eq!(up("江苏省人民政府"), None);
        assert_eq!(up("青禾市溪山区人民政府").as_deref(), Some("青禾市"), "made-up places as written");
        assert_eq!(up("青禾市人民政府"), None);
        assert_eq!(up("国家统计局"), None);
    }
}
