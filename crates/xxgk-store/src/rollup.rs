//! ROLLUP (SPEC §4): a government's report against the sum of its units' reports of the same
//! year — the departments of its own level and the governments one level below.
//!
//! Asked on demand, not stored: many government reports cover only the government's own
//! office, so a difference is a question for the reviewer rather than an error. A cell a unit
//! left blank (or a row it lacks) makes the sum unknown, never 0.

use std::collections::BTreeMap;

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
    pub units: Vec<ReportRow>,
    /// Cells where the government's value and the units' sum are both known and differ.
    pub differ: Vec<Cell>,
    /// Cells whose sum is unknown because a unit left them blank.
    pub unknown: usize,
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

/// A report's 表三 and 表四 values by cell, as published.
fn cells(store: &Store, id: i64) -> Result<BTreeMap<String, Option<i128>>> {
    let Some(r) = load_report(store, id, false)? else { return Ok(BTreeMap::new()) };
    Ok(r.cells().filter(|(t, ..)| *t != TableId::Table2).map(|(_, cell, v)| (cell, v.map(|n| n.scaled_to(0)))).collect())
}

/// Every government report (of `year`, whose name contains `organ`) that has units in the store.
pub fn rollup(store: &Store, year: Option<i64>, organ_name: Option<&str>) -> Result<Vec<Rollup>> {
    let all: Vec<(i64, String, i64)> = {
        let mut st = store.connection().prepare("SELECT id, agency, year FROM reports WHERE agency IS NOT NULL AND year IS NOT NULL ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let mut out = Vec::new();
    for (gid, gov, y) in all.iter().filter(|(_, a, y)| is_government(a) && year.is_none_or(|w| w == *y)) {
        if organ_name.is_some_and(|n| !gov.contains(n)) {
            continue;
        }
        let region = organ::region(gov);
        if region.is_empty() {
            continue;
        }
        let units: Vec<i64> = all.iter().filter(|(id, a, uy)| uy == y && id != gid && is_unit(region, a)).map(|(id, ..)| *id).collect();
        if units.is_empty() {
            continue;
        }
        let mine = cells(store, *gid)?;
        let theirs: Vec<BTreeMap<String, Option<i128>>> = units.iter().map(|u| cells(store, *u)).collect::<Result<_>>()?;
        let (mut differ, mut unknown) = (Vec::new(), 0);
        for (cell, value) in &mine {
            let sum = theirs.iter().map(|t| t.get(cell).copied().flatten()).sum::<Option<i128>>();
            match (value, sum) {
                (_, None) => unknown += 1,
                (Some(v), Some(s)) if *v != s => differ.push(Cell { cell: cell.clone(), government: Some(*v), units: Some(s) }),
                _ => {}
            }
        }
        let Some(government) = report(store, *gid)? else { continue };
        let units = units.iter().filter_map(|u| report(store, *u).transpose()).collect::<Result<_>>()?;
        out.push(Rollup { government, units, differ, unknown });
    }
    Ok(out)
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
