//! The rules across one organ's years (SPEC §4), as functions of two reports: the store runs
//! them over its current reports (findings of scope `organ`), `xxgk compare` and the organ page
//! over the two they show, and `xxgk new` fills next year's skeleton by the same carry rule.
//! Nothing here reads a file or a store.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::i18n::Args;
use crate::template::{Column, APPLICANT_COLUMNS};
use crate::{Diagnostic, Num, Report, TableId, TemplateId};

/// Share of prose shingles two years must share to count as copied.
pub const COPY_RATIO: f64 = 0.8;

/// 表三's row of last year that this year's 二、上年结转 repeats: 四、结转下年度继续办理 (the table,
/// last year's row, this year's row).
pub const CARRY: (TableId, &str, &str) = (TableId::Table3, "carried_forward", "carried_over");

/// This year's 二、上年结转 from last year's 四、结转下年度继续办理: the table and row to fill, and
/// the values, from `last_row` (a report's row values by table and row key).
pub fn carry_forward<'a>(
    last_row: impl Fn(TableId, &str) -> Option<&'a [Option<Num>]>,
) -> Option<(TableId, &'static str, Vec<Option<Num>>)> {
    let (table, forward, over) = CARRY;
    last_row(table, forward).map(|values| (table, over, values.to_vec()))
}

/// A value of `r` by table, row and column key (`None`: absent or blank).
fn value(r: &Report, table: TableId, row: &str, col: &str) -> Option<Num> {
    r.cell(table, row, col)?.value
}

/// A column of 表三 where this year's 上年结转 is not last year's 结转下年度继续办理.
#[derive(Debug, Clone, PartialEq)]
pub struct CarryBreak {
    /// The 表三 applicant column (自然人 … 总计) whose two values differ.
    pub column: &'static Column,
    /// Last year's 结转下年度继续办理.
    pub forward: Num,
    /// This year's 上年结转.
    pub over: Num,
}

/// The columns that break the carry rule between `last` and `this` (the year after it); a
/// column blank in either year is not judged.
pub fn carry_over(last: &Report, this: &Report) -> Vec<CarryBreak> {
    let (table, forward, over) = CARRY;
    APPLICANT_COLUMNS
        .iter()
        .filter_map(|column| {
            let (f, o) = (value(last, table, forward, column.key)?, value(this, table, over, column.key)?);
            (!f.same_value(&o)).then_some(CarryBreak { column, forward: f, over: o })
        })
        .collect()
}

/// The findings across years of `this` against `last`, the report of the year before:
/// CARRY-OVER, IN-FORCE-CHAIN and COPIED-TEXT.
pub fn check_years(last: &Report, this: &Report) -> Vec<Diagnostic> {
    let (last_year, this_year) = (last.year.unwrap_or_default(), this.year.unwrap_or_default());
    let mut out = Vec::new();
    // CARRY-OVER: 二、上年结转 (N) = 四、结转下年度继续办理 (N−1), column by column.
    for b in carry_over(last, this) {
        let (c, f, o) = (b.column, b.forward, b.over);
        out.push(
            Diagnostic::new(
                "CARRY-OVER",
                "finding-carry-over",
                Args::new()
                    .with("column", c.label)
                    .with("column_key", c.key)
                    .with("year", this_year)
                    .with("carried_over", o.to_string())
                    .with("last_year", last_year)
                    .with("carried_forward", f.to_string()),
            )
            .cells(vec![
                format!("table3.carried_over.{}", c.key),
                format!("{}:table3.carried_forward.{}", last_year, c.key),
            ]),
        );
    }
    // IN-FORCE-CHAIN (2021 template both years): 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N).
    if last.template == TemplateId::T2021 && this.template == TemplateId::T2021 {
        for key in ["regulations", "normative_documents"] {
            let get = |r: &Report, c: &str| value(r, TableId::Table2, key, c).map(|n| n.scaled_to(0));
            let (Some(before), Some(issued), Some(repealed), Some(now)) =
                (get(last, "in_force"), get(this, "issued"), get(this, "repealed"), get(this, "in_force"))
            else {
                continue;
            };
            if before + issued - repealed != now {
                out.push(
                    Diagnostic::new(
                        "IN-FORCE-CHAIN",
                        "finding-in-force-chain",
                        Args::new()
                            .with("row_key", key)
                            .with("year", this_year)
                            .with("in_force", now.to_string())
                            .with("before", before.to_string())
                            .with("issued", issued.to_string())
                            .with("repealed", repealed.to_string())
                            .with("expected", (before + issued - repealed).to_string()),
                    )
                    .cells(vec![format!("table2.{key}.in_force"), format!("{}:table2.{key}.in_force", last_year)]),
                );
            }
        }
    }
    // COPIED-TEXT: the prose, figures aside, nearly the same as the year before; or the same
    // tables with something in them.
    let ratio = similarity(&last.prose, &this.prose);
    if ratio >= COPY_RATIO {
        out.push(
            Diagnostic::new(
                "COPIED-TEXT",
                "finding-copied-text",
                Args::new().with("year", last_year).with("percent", format!("{:.0}", ratio * 100.0)),
            )
            .cells(vec!["prose".into()]),
        );
    } else if same_tables(last, this) {
        out.push(
            Diagnostic::new("COPIED-TEXT", "finding-copied-tables", Args::new().with("year", last_year))
                .cells(vec!["table3".into(), "table4".into()]),
        );
    }
    out
}

/// Jaccard similarity of the five-character shingles of two texts, digits removed.
pub fn similarity(a: &str, b: &str) -> f64 {
    fn shingles(s: &str) -> HashSet<u64> {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        chars
            .windows(5)
            .map(|w| {
                let mut h = DefaultHasher::new();
                w.hash(&mut h);
                h.finish()
            })
            .collect()
    }
    let (x, y) = (shingles(a), shingles(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.union(&y).count() as f64
}

/// Whether 表三 and 表四 hold the same values in both reports, cell for cell where both have the
/// cell, and some of them are not zero.
fn same_tables(a: &Report, b: &Report) -> bool {
    let copied = |r: &Report| -> BTreeMap<String, Option<Num>> {
        r.cells()
            .filter(|(t, _, _)| matches!(t, TableId::Table3 | TableId::Table4))
            .map(|(_, cell, v)| (cell, v))
            .collect()
    };
    let (x, y) = (copied(a), copied(b));
    let shared: Vec<(&Option<Num>, &Option<Num>)> = x.iter().filter_map(|(cell, v)| Some((v, y.get(cell)?))).collect();
    !shared.is_empty()
        && shared.iter().all(|(v, w)| v == w)
        && shared.iter().any(|(v, _)| v.is_some_and(|n| n.to_f64() != 0.0))
}

/// A cell whose value differs between two reports (`None`: the report has no such cell;
/// `Some(None)`: blank).
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    /// `table3.granted.total`
    pub cell: String,
    /// Its value in the earlier report.
    pub before: Option<Option<Num>>,
    /// Its value in the later report.
    pub after: Option<Option<Num>>,
}

/// Every cell either report has, and those whose values differ, in cell order.
pub fn changes(before: &Report, after: &Report) -> (usize, Vec<Changed>) {
    let values = |r: &Report| -> BTreeMap<String, Option<Num>> { r.cells().map(|(_, cell, v)| (cell, v)).collect() };
    let (a, b) = (values(before), values(after));
    let cells: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let changed = cells
        .iter()
        .filter(|c| a.get(**c) != b.get(**c))
        .map(|c| Changed { cell: c.to_string(), before: a.get(*c).copied(), after: b.get(*c).copied() })
        .collect();
    (cells.len(), changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::parse_number;
    use crate::report::{RowData, TableData, ValueCell};
    use crate::template::TABLE3_2021;

    /// A 2021 report of `year` whose 表三 holds `rows` (key, its values column by column).
    fn report(year: i32, rows: &[(&str, [&str; 7])]) -> Report {
        let def = &TABLE3_2021;
        let rows = rows
            .iter()
            .map(|(key, values)| RowData {
                def: def.rows.iter().find(|d| d.key == *key).unwrap(),
                cells: values.iter().map(|v| ValueCell { value: parse_number(v), span: None }).collect(),
            })
            .collect();
        Report {
            source: Default::default(),
            agency: None,
            year: Some(year),
            template: TemplateId::T2021,
            published: None,
            level: None,
            index_no: None,
            title_year: None,
            period_year: None,
            tables: [None, Some(TableData { def, complete: false, rows, span: None }), None],
            narrative: Default::default(),
            sections: Default::default(),
            diagnostics: Vec::new(),
            prose: String::new(),
        }
    }

    #[test]
    fn carry_over_names_the_columns_that_break_the_rule() {
        let last = report(2023, &[("carried_forward", ["3", "1", "0", "0", "0", "0", "4"])]);
        let this = report(2024, &[("carried_over", ["3", "2", "0", "0", "0", "0", "5"])]);
        let broken = carry_over(&last, &this);
        let cols: Vec<(&str, String, String)> =
            broken.iter().map(|b| (b.column.key, b.forward.to_string(), b.over.to_string())).collect();
        assert_eq!(cols, [("commercial_enterprise", "1".into(), "2".into()), ("total", "4".into(), "5".into())]);
        let found = check_years(&last, &this);
        assert_eq!(found.iter().map(|d| d.code).collect::<Vec<_>>(), ["CARRY-OVER", "CARRY-OVER"]);
        assert_eq!(found[1].cells, ["table3.carried_over.total", "2023:table3.carried_forward.total"]);
        let [_, en] = crate::Lang::ALL.map(|lang| found[1].message(lang));
        assert_eq!(en, "table 3 column 'total': carried over in 2024 is 5, carried forward in 2023 was 4");
    }

    #[test]
    fn next_year_starts_from_what_was_carried_forward() {
        let last = report(2023, &[("carried_forward", ["3", "1", "0", "0", "0", "0", "4"])]);
        let row = |t: TableId, k: &str| -> Option<Vec<Option<Num>>> {
            Some(last.table(t)?.row(k)?.cells.iter().map(|c| c.value).collect())
        };
        let forward = row(TableId::Table3, "carried_forward").unwrap();
        let (table, key, values) =
            carry_forward(|t, k| (t == TableId::Table3 && k == "carried_forward").then_some(forward.as_slice()))
                .unwrap();
        assert_eq!((table, key), (TableId::Table3, "carried_over"));
        assert_eq!(
            values.iter().map(|v| v.unwrap().to_string()).collect::<Vec<_>>(),
            ["3", "1", "0", "0", "0", "0", "4"]
        );
        // The rule the skeleton follows is the rule the check holds it to.
        let this = report(2024, &[("carried_over", ["3", "1", "0", "0", "0", "0", "4"])]);
        assert!(carry_over(&last, &this).is_empty());
    }

    #[test]
    fn the_same_tables_a_year_apart_are_copied_text() {
        let last = report(2023, &[("new_received", ["5", "0", "0", "0", "0", "0", "5"])]);
        let this = report(2024, &[("new_received", ["5", "0", "0", "0", "0", "0", "5"])]);
        let found = check_years(&last, &this);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].code, found[0].cells.clone()),
            ("COPIED-TEXT", vec!["table3".to_string(), "table4".to_string()])
        );
        let zeros = report(2024, &[("new_received", ["0", "0", "0", "0", "0", "0", "0"])]);
        assert!(check_years(&zeros, &zeros).is_empty(), "nothing in them is nothing copied");
    }

    #[test]
    fn changes_list_each_differing_cell_once() {
        let a = report(2023, &[("new_received", ["5", "0", "0", "0", "0", "0", "5"])]);
        let b = report(2024, &[("new_received", ["5", "1", "0", "0", "0", "0", ""])]);
        let (cells, changed) = changes(&a, &b);
        assert_eq!(cells, 7);
        let shown: Vec<(&str, Option<Option<String>>, Option<Option<String>>)> = changed
            .iter()
            .map(|c| {
                (c.cell.as_str(), c.before.map(|v| v.map(|n| n.to_string())), c.after.map(|v| v.map(|n| n.to_string())))
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("table3.new_received.commercial_enterprise", Some(Some("0".into())), Some(Some("1".into()))),
                ("table3.new_received.total", Some(Some("5".into())), Some(None)),
            ]
        );
    }

    #[test]
    fn similarity_ignores_figures() {
        let a = "2023年，本机关主动公开政府信息263条，收到申请12件，均按期答复。";
        let b = "2024年，本机关主动公开政府信息301条，收到申请7件，均按期答复。";
        assert!(similarity(a, b) > 0.95, "{}", similarity(a, b));
        assert!(similarity(a, "政策解读的形式还不够丰富，下一步将加强培训。") < 0.1);
        assert_eq!(similarity("", a), 0.0);
    }
}
