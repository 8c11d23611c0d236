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
use xxgk_core::TableId;

use crate::query::{load_report, report, ReportRow};
use crate::{Result, Store};

/// One cell of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// `table3.new_received.total`
    pub cell: String,
    pub government: Option<i128>,
    /// `None` when some unit does not state it.
    pub units: Option<i128>,
}

#[derive(Debug, Clone)]
pub struct Rollup {
    pub government: ReportRow,
    /// The units whose reports of the year are in the store.
    pub units: Vec<ReportRow>,
    /// How many units the roster expects (`None`: no roster for this government).
    pub expected: Option<usize>,
    /// Units of the roster without a report of the year.
    pub missing: Vec<String>,
    /// Cells where the government's value and the units' sum are both known and differ, in
    /// template order.
    pub differ: Vec<Cell>,
    /// Cells whose sum is unknown because a unit left them blank.
    pub unknown: usize,
}

impl Rollup {
    /// Every unit of a roster is present: the sum is complete and a difference is a finding.
    pub fn complete(&self) -> bool {
        self.expected.is_some() && self.missing.is_empty()
    }
}

fn is_government(agency: &str) -> bool {
    agency.ends_with("人民政府")
}

/// Whether `unit` belongs to the area of the government whose region is `region`.
fn is_unit(region: &str, unit: &str) -> bool {
    let r = organ::region(unit);
    if is_government(unit) {
        r.strip_prefix(region).is_some_and(|rest| !rest.is_empty() && organ::place_ends(rest).len() == 1)
    } else {
        r == region
    }
}

/// A report's 表三 and 表四 values by cell, as published, in template order.
fn cells(store: &Store, id: i64) -> Result<Vec<(String, Option<i128>)>> {
    let Some(r) = load_report(store, id, false)? else { return Ok(Vec::new()) };
    Ok(r.cells().filter(|(t, ..)| *t != TableId::Table2).map(|(_, cell, v)| (cell, v.map(|n| n.scaled_to(0)))).collect())
}

/// Whether an organ with these name keys (`|`-separated) is the one a roster names by `key`,
/// with or without the places written before it.
fn names(keys: &str, key: &str) -> bool {
    keys.split('|').any(|k| k == key || organ::same_with_prefix(k, key))
}

/// The roster: expected units (name key → name as written) per government name key.
fn roster(store: &Store) -> Result<HashMap<String, Vec<(String, String)>>> {
    let mut st = store.conn.prepare("SELECT government_key, unit_key, unit FROM roster ORDER BY government_key, unit")?;
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (g, k, u) = row?;
        out.entry(g).or_default().push((k, u));
    }
    Ok(out)
}

/// Every current government report (of `year`, whose name contains `organ`) with units in the
/// store or in its roster.
pub fn rollup(store: &Store, year: Option<i64>, organ_name: Option<&str>) -> Result<Vec<Rollup>> {
    // Current reports: (id, agency, year, every name key of its organ).
    let all: Vec<(i64, String, i64, String)> = {
        let mut st = store.connection().prepare(
            "SELECT r.id, r.agency, r.year, coalesce((SELECT group_concat(n.name_key, '|') FROM organ_names n WHERE n.organ_id = r.organ_id), '')
             FROM reports r WHERE r.current = 1 AND r.agency IS NOT NULL AND r.year IS NOT NULL ORDER BY r.agency, r.year",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let roster = roster(store)?;
    let mut out = Vec::new();
    for (gid, gov, y, gov_keys) in all.iter().filter(|(_, a, y, _)| is_government(a) && year.is_none_or(|w| w == *y)) {
        if organ_name.is_some_and(|n| !gov.contains(n)) {
            continue;
        }
        let expected = roster.iter().find(|(g, _)| names(gov_keys, g)).map(|(_, units)| units);
        let this_year = all.iter().filter(|(id, _, uy, _)| uy == y && id != gid);
        let (units, missing, expected): (Vec<i64>, Vec<String>, Option<usize>) = match expected {
            Some(list) => {
                let mut units = Vec::new();
                let mut missing = Vec::new();
                for (key, name) in list {
                    match this_year.clone().find(|(_, _, _, keys)| names(keys, key)) {
                        Some((id, ..)) => units.push(*id),
                        None => missing.push(name.clone()),
                    }
                }
                (units, missing, Some(list.len()))
            }
            None => {
                let region = organ::region(gov);
                if region.is_empty() {
                    continue;
                }
                (this_year.filter(|(_, a, _, _)| is_unit(region, a)).map(|(id, ..)| *id).collect(), Vec::new(), None)
            }
        };
        if units.is_empty() && missing.is_empty() {
            continue;
        }
        let mine = cells(store, *gid)?;
        let theirs: Vec<HashMap<String, Option<i128>>> =
            units.iter().map(|u| cells(store, *u).map(|c| c.into_iter().collect())).collect::<Result<_>>()?;
        let (mut differ, mut unknown) = (Vec::new(), 0);
        for (cell, value) in &mine {
            let sum = if theirs.is_empty() { None } else { theirs.iter().map(|t| t.get(cell).copied().flatten()).sum::<Option<i128>>() };
            match (value, sum) {
                (_, None) => unknown += 1,
                (Some(v), Some(s)) if *v != s => differ.push(Cell { cell: cell.clone(), government: Some(*v), units: Some(s) }),
                _ => {}
            }
        }
        let Some(government) = report(store, *gid)? else { continue };
        let units = units.iter().filter_map(|u| report(store, *u).transpose()).collect::<Result<_>>()?;
        out.push(Rollup { government, units, expected, missing, differ, unknown });
    }
    Ok(out)
}

/// Why a roster could not be imported (Chinese, English).
pub type RosterError = (String, String);

/// Import a roster from CSV: one row per unit, `government,unit` (a header row naming them is
/// skipped; 政府/上级, 单位/下级 are understood). A government's units replace those the store
/// had for it. Returns the number of units imported.
pub fn import_roster(store: &mut Store, csv_text: impl Read) -> Result<std::result::Result<usize, RosterError>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(csv_text);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => return Ok(Err((format!("名单第 {} 行无法读取：{e}", i + 1), format!("roster line {}: {e}", i + 1)))),
        };
        let (Some(g), Some(u)) = (rec.get(0), rec.get(1)) else {
            return Ok(Err((format!("名单第 {} 行应有两列：政府,单位", i + 1), format!("roster line {} needs two columns: government,unit", i + 1))));
        };
        let g = g.trim_start_matches('\u{feff}');
        let header = ["government", "政府", "上级", "上级机关"].contains(&g) && ["unit", "单位", "下级", "所属单位"].contains(&u);
        if header || g.is_empty() && u.is_empty() {
            continue;
        }
        if g.is_empty() || u.is_empty() {
            return Ok(Err((format!("名单第 {} 行缺少政府或单位名称", i + 1), format!("roster line {} lacks the government or the unit", i + 1))));
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
    tx.commit()?;
    Ok(Ok(pairs.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_departments_alongside_and_governments_one_level_down() {
        assert!(is_unit("淮安市", "淮安市洪泽区人民政府"));
        assert!(is_unit("淮安市", "淮安市教育局"));
        assert!(!is_unit("淮安市", "淮安市洪泽区教育局"), "a district's department is counted in the district");
        assert!(!is_unit("淮安市", "淮安市洪泽区岔河镇人民政府"));
        assert!(!is_unit("淮安市", "扬州市人民政府"));
    }
}
