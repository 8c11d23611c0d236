//! Two reports side by side — two files, or one organ's two years in the store — as `xxgk
//! compare` prints them and the organ page shows them: the cells whose values differ, how much
//! of the prose is the same, the carry rule between consecutive years and the findings that came
//! and went. The rules are [`xxgk_core::across`]'s; this only gathers what they read.

use xxgk_core::across::{self, CarryBreak, Changed};
use xxgk_core::{Report, Severity};

use crate::{Result, Store};

/// One report as compared: its values and prose, and its findings (warnings and errors) as
/// `CODE cell,cell`.
#[derive(Debug, Clone)]
pub struct Side {
    /// The report: its values, prose and findings.
    pub report: Report,
    /// Its warnings and errors as `CODE cell,cell`: what the comparison shows come and go.
    pub findings: Vec<String>,
}

/// A finding as a comparison lists it: its code and the cells it names.
fn finding(code: &str, cells: &[String]) -> String {
    format!("{code} {}", cells.join(","))
}

impl Side {
    /// A report just parsed, with the findings of its parse.
    pub fn parsed(report: Report) -> Side {
        let findings = report
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(|d| finding(d.code, &d.cells))
            .collect();
        Side { report, findings }
    }

    /// Stored report `id` with its values as published, its prose and its stored findings (those
    /// across years included).
    pub fn stored(store: &Store, id: i64) -> Result<Option<Side>> {
        let Some(mut report) = crate::query::load_report(store, id, false)? else { return Ok(None) };
        report.prose = crate::query::prose(&store.conn, id)?;
        let findings = crate::review::report_findings(store, id, false)?
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .map(|f| finding(&f.code, &f.cells))
            .collect();
        Ok(Some(Side { report, findings }))
    }
}

/// What differs between report `a` and report `b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// How many cells either report has.
    pub cells: usize,
    /// The cells whose values differ, in cell order.
    pub changed: Vec<Changed>,
    /// The share of the prose's shingles, figures aside, the two share (0 to 1).
    pub similarity: f64,
    /// When `b` reports on the year after `a`: the columns that break the carry rule (empty:
    /// consistent); `None` otherwise.
    pub carry_over: Option<Vec<CarryBreak>>,
    /// Findings of `b` that `a` does not have.
    pub appeared: Vec<String>,
    /// Findings of `a` that `b` no longer has.
    pub disappeared: Vec<String>,
}

/// Compare `a` with `b` (the later one, when they are years).
pub fn compare(a: &Side, b: &Side) -> Comparison {
    let (x, y) = (&a.report, &b.report);
    let (cells, changed) = across::changes(x, y);
    let consecutive = matches!((x.year, y.year), (Some(p), Some(q)) if q == p + 1);
    Comparison {
        cells,
        changed,
        similarity: across::similarity(&x.prose, &y.prose),
        carry_over: consecutive.then(|| across::carry_over(x, y)),
        appeared: b.findings.iter().filter(|f| !a.findings.contains(f)).cloned().collect(),
        disappeared: a.findings.iter().filter(|f| !b.findings.contains(f)).cloned().collect(),
    }
}

/// Stored reports `a` and `b` compared (`None` when either is not in the store).
pub fn stored(store: &Store, a: i64, b: i64) -> Result<Option<Comparison>> {
    let (Some(a), Some(b)) = (Side::stored(store, a)?, Side::stored(store, b)?) else { return Ok(None) };
    Ok(Some(compare(&a, &b)))
}

/// A changed cell as a page or a letter shows it: the cell as the template names it, its value
/// before and after (`None`: blank or absent).
pub type Named = (String, Option<String>, Option<String>);

/// The cells whose values differ between stored reports `a` and `b`, named in `lang` (empty
/// when either is not in the store).
pub fn named_changes(store: &Store, a: i64, b: i64, lang: xxgk_core::Lang) -> Result<Vec<Named>> {
    let name = |cell: &str| xxgk_core::report::cell_name(cell, lang).unwrap_or_else(|| cell.to_string());
    let shown = |v: Option<Option<xxgk_core::Num>>| v.flatten().map(|n| n.to_string());
    Ok(stored(store, a, b)?
        .map(|c| c.changed.into_iter().map(|d| (name(&d.cell), shown(d.before), shown(d.after))).collect())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{store_of, year};

    #[test]
    fn two_stored_years_differ_where_their_values_do() {
        // 2023 carries 3 forward; 2024 says it carried 2 over and claims 9 in force.
        let (_dir, store) = store_of(&[year("青禾市审计局", 2023, 1, 3, 10), year("青禾市审计局", 2024, 2, 0, 9)]);
        let organ = crate::organs(&store, None).unwrap()[0].id;
        let id = |y| crate::current_report(&store, organ, y).unwrap().unwrap().id;
        let c = stored(&store, id(2023), id(2024)).unwrap().unwrap();
        let shown = |v: Option<Option<xxgk_core::Num>>| v.flatten().map(|n| n.to_string()).unwrap_or_default();
        let changed: Vec<(&str, String, String)> =
            c.changed.iter().map(|d| (d.cell.as_str(), shown(d.before), shown(d.after))).collect();
        assert!(changed.contains(&("table2.normative_documents.in_force", "10".into(), "9".into())), "{changed:?}");
        assert!(changed.contains(&("table3.carried_over.total", "1".into(), "2".into())), "{changed:?}");
        assert_eq!(c.cells, crate::query::load_report(&store, id(2024), false).unwrap().unwrap().cells().count());
        let broken: Vec<(&str, String, String)> = c
            .carry_over
            .as_ref()
            .unwrap()
            .iter()
            .map(|b| (b.column.key, b.forward.to_string(), b.over.to_string()))
            .collect();
        assert_eq!(broken, [("natural_person", "3".into(), "2".into()), ("total", "3".into(), "2".into())]);
        assert!(
            c.appeared.contains(&"CARRY-OVER table3.carried_over.total,2023:table3.carried_forward.total".to_string()),
            "{:?}",
            c.appeared
        );
        assert!(
            c.appeared.contains(
                &"IN-FORCE-CHAIN table2.normative_documents.in_force,2023:table2.normative_documents.in_force"
                    .to_string()
            ),
            "{:?}",
            c.appeared
        );
        assert!(c.similarity > 0.8, "generated reports share their prose: {}", c.similarity);
        // The other way round, the years are not consecutive: no carry rule, the findings went.
        let back = stored(&store, id(2024), id(2023)).unwrap().unwrap();
        assert_eq!(back.carry_over, None);
        assert_eq!(back.disappeared, c.appeared);
        assert_eq!(stored(&store, id(2024), 9999).unwrap(), None);
    }
}
