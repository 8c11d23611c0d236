//! Single-report checks of SPEC §4, each a small named function with a stable code.
//!
//! A check never changes a value: it reports the inconsistency, naming the cells and both
//! numbers. Blanks count as 0 in sums, and the message says so when that mattered.

use crate::diagnostic::Diagnostic;
use crate::document::Span;
use crate::i18n::Args;
use crate::organ::{self, Level};
use crate::report::{Report, RowData, TableData};
use crate::rules;
use crate::template::{Kind, Role, TableId, TemplateId, APPLICANT_COLUMNS};
use crate::value::Num;

/// Run every single-report check and append the findings to the report.
pub fn check(report: &mut Report) {
    check_values(report);
    let mut out = Vec::new();
    template_year(report, &mut out);
    year_mismatch(report, &mut out);
    fee_not_reported(report, &mut out);
    placeholder_left(report, &mut out);
    section_missing(report, &mut out);
    section_empty(report, &mut out);
    report.diagnostics.extend(out);
}

/// The checks that look only at the tables' values and the stated figures — what can be run
/// again on a stored report after a reviewer's corrections: the rules
/// [`rules::value_codes`] names, and a store replaces their findings by this run's.
pub fn check_values(report: &mut Report) {
    let mut out = Vec::new();
    if let Some(t3) = report.table(TableId::Table3) {
        row_totals(t3, "T3-ROWSUM", "finding-t3-rowsum", &mut out);
        t3_columns(t3, &mut out);
    }
    if let Some(t4) = report.table(TableId::Table4) {
        row_totals(t4, "T4-SUM", "finding-t4-sum", &mut out);
    }
    for t in report.tables.iter().flatten() {
        value_domain(t, &mut out);
    }
    narrative_mismatch(report, &mut out);
    regulations_authority(report, &mut out);
    published_2019(report, &mut out);
    out.retain(|d| rules::admit(report, d));
    report.diagnostics.extend(out);
}

/// The two sides of an identity, each a sum with blanks as 0, compared at one decimal scale —
/// the largest any cell on either side is written with, so that `98.0` against parts of `98`
/// is equal and `9.8` is not. `None` when they agree; else both sides as the report's decimals
/// write them, and whether a blank was counted as 0 (the message then says so).
fn unequal<'a>(lhs: &[Option<&'a Num>], rhs: &[Option<&'a Num>]) -> Option<(String, String, bool)> {
    let scale = lhs.iter().chain(rhs).flatten().map(|n| n.scale).max().unwrap_or(0);
    let total = |side: &[Option<&Num>]| side.iter().flatten().map(|n| n.scaled_to(scale)).sum::<i128>();
    let (l, r) = (total(lhs), total(rhs));
    let blanks = lhs.iter().chain(rhs).any(Option::is_none);
    (l != r).then(|| (show(l, scale), show(r, scale), blanks))
}

fn show(v: i128, scale: u8) -> String {
    if scale == 0 {
        return v.to_string();
    }
    let p = 10i128.pow(u32::from(scale));
    format!("{}{}.{:0w$}", if v < 0 { "-" } else { "" }, v.abs() / p, v.abs() % p, w = usize::from(scale))
}

/// A row's or column's template label and its key, as a finding's arguments `$name` and
/// `$name_key`: a Chinese reader reads the label, an English reader the key. Both are kept, not
/// the key alone looked up at reading time, because one key has different labels in the 2019
/// and 2021 templates and the finding names the label of the report's own template.
fn labelled(args: Args, name: &str, label: &str, key: &str) -> Args {
    args.with(name, label).with(&format!("{name}_key"), key)
}

/// A row is checked only when every one of its cells was read from the document: a row the
/// reader could not place, or one a file cut off in the middle, says nothing about the
/// document's arithmetic (SPEC §4.1).
fn readable(row: &RowData) -> bool {
    row.cells.iter().all(|c| c.span.is_some())
}

fn cell_span(row: &RowData, col: usize) -> Option<Span> {
    row.cells.get(col).and_then(|c| c.span.clone()).or_else(|| row.cells.iter().find_map(|c| c.span.clone()))
}

fn cell_path(t: &TableData, row: &RowData, col: usize) -> String {
    crate::report::cell_path(t.def.id, row.def, col)
}

/// A row whose last cell is its 总计: T3-ROWSUM (表三, six applicant columns) and T4-SUM (表四,
/// 维持 + 纠正 + 其他 + 尚未审结) are the same rule on different tables, in words of their own.
fn row_totals(t: &TableData, code: &'static str, message: &'static str, out: &mut Vec<Diagnostic>) {
    for row in t.rows.iter().filter(|r| readable(r)) {
        let last = row.cells.len() - 1;
        let parts: Vec<Option<&Num>> = row.cells[..last].iter().map(|c| c.value.as_ref()).collect();
        if let Some((total, parts, blanks)) = unequal(&[row.cells[last].value.as_ref()], &parts) {
            let args = Args::new().with("total", total).with("parts", parts).with("blanks", blanks);
            let args = labelled(args, "row", row.def.label, row.def.key);
            out.push(
                Diagnostic::new(code, message, args)
                    .at(cell_span(row, last))
                    .cells((0..=last).map(|c| cell_path(t, row, c)).collect()),
            );
        }
    }
}

/// T3-OUTCOMES and T3-FLOW, column by column.
fn t3_columns(t: &TableData, out: &mut Vec<Diagnostic>) {
    let by_role = |role: Role| -> Vec<&RowData> { t.rows.iter().filter(|r| r.def.role == role).collect() };
    let outcomes = by_role(Role::Outcome);
    let expected_outcomes = t.def.rows.iter().filter(|r| r.role == Role::Outcome).count();
    let total = by_role(Role::Total).into_iter().next();
    let received = by_role(Role::Received).into_iter().next();
    let carried_over = by_role(Role::CarriedOver).into_iter().next();
    let forward = by_role(Role::CarriedForward).into_iter().next();
    for (col, column) in APPLICANT_COLUMNS.iter().enumerate() {
        if let Some(total) = total.filter(|r| readable(r)) {
            if outcomes.len() == expected_outcomes && outcomes.iter().all(|r| readable(r)) {
                let parts: Vec<Option<&Num>> = outcomes.iter().map(|r| r.cells[col].value.as_ref()).collect();
                if let Some((tv, s, blanks)) = unequal(&[total.cells[col].value.as_ref()], &parts) {
                    let mut cells: Vec<String> = outcomes.iter().map(|r| cell_path(t, r, col)).collect();
                    cells.push(cell_path(t, total, col));
                    let args = Args::new().with("total", tv).with("parts", s).with("blanks", blanks);
                    let args = labelled(args, "column", column.label, column.key);
                    out.push(
                        Diagnostic::new("T3-OUTCOMES", "finding-t3-outcomes", args)
                            .at(cell_span(total, col))
                            .cells(cells),
                    );
                }
            }
        }
        if let (Some(a), Some(b), Some(c), Some(d)) = (received, carried_over, total, forward) {
            if [a, b, c, d].iter().all(|r| readable(r)) {
                let (lhs, rhs) =
                    ([a, b].map(|r| r.cells[col].value.as_ref()), [c, d].map(|r| r.cells[col].value.as_ref()));
                if let Some((lhs, rhs, blanks)) = unequal(&lhs, &rhs) {
                    let args = Args::new().with("incoming", lhs).with("outgoing", rhs).with("blanks", blanks);
                    let args = labelled(args, "column", column.label, column.key);
                    out.push(
                        Diagnostic::new("T3-FLOW", "finding-t3-flow", args)
                            .at(cell_span(c, col))
                            .cells([a, b, c, d].iter().map(|r| cell_path(t, r, col)).collect()),
                    );
                }
            }
        }
    }
}

/// VALUE-DOMAIN: counts are integers ≥ 0; amounts may be decimal; only 本年增/减 may be negative.
fn value_domain(t: &TableData, out: &mut Vec<Diagnostic>) {
    for row in &t.rows {
        for (col, cell) in row.cells.iter().enumerate() {
            let Some(v) = cell.value else { continue };
            let kind = row.def.columns[col].kind;
            let bad = match kind {
                Kind::Count => !v.is_integer() || v.is_negative(),
                Kind::Amount => v.is_negative(),
                Kind::Delta => !v.is_integer(),
            };
            if bad {
                let kind = match kind {
                    Kind::Count => "count",
                    Kind::Amount => "amount",
                    Kind::Delta => "delta",
                };
                let args = Args::new().with("table", t.def.id.key()).with("value", v.to_string()).with("kind", kind);
                let args = labelled(
                    labelled(args, "row", row.def.label, row.def.key),
                    "column",
                    row.def.columns[col].label,
                    row.def.columns[col].key,
                );
                out.push(
                    Diagnostic::new("VALUE-DOMAIN", "finding-value-domain", args)
                        .at(cell.span.clone())
                        .cells(vec![cell_path(t, row, col)]),
                );
            }
        }
    }
}

/// TEMPLATE-YEAR: the template does not match the year reported on.
fn template_year(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(year) = r.year else { return };
    let right = TemplateId::for_year(year);
    if r.template != TemplateId::Other && r.template != right {
        out.push(
            Diagnostic::new(
                "TEMPLATE-YEAR",
                "finding-template-year",
                Args::new()
                    .with("year", year)
                    .with("template", r.template.to_string())
                    .with("right", right.to_string()),
            )
            .at(r.table(TableId::Table2).and_then(|t| t.span.clone())),
        );
    }
}

/// NARRATIVE-MISMATCH: a figure the prose states differs from the table value it describes —
/// the applications received against 表三's 本年新收 总计 (with 上年结转 when the sentence
/// counts them in), and each of [`crate::report::STATED`]'s figures against its cells.
fn narrative_mismatch(r: &Report, out: &mut Vec<Diagnostic>) {
    let with_carried = r.narrative.stated.iter().any(|s| s.what == "received_with_carried_over");
    if let (Some(fig), false) = (&r.narrative.applications_received, with_carried) {
        if let Some(total) = r.value_at("table3.new_received.total") {
            if !total.same_value(&Num::int(fig.value)) {
                out.push(
                    Diagnostic::new(
                        "NARRATIVE-MISMATCH",
                        "finding-narrative-mismatch",
                        Args::new().with("stated", fig.value).with("total", total.to_string()),
                    )
                    .at(fig.span.clone())
                    .cells(vec!["narrative.applications_received".into(), "table3.new_received.total".into()]),
                );
            }
        }
    }
    for stated in &r.narrative.stated {
        let values: Option<Vec<Num>> = stated.cells().iter().map(|c| r.value_at(c)).collect();
        let Some(values) = values else { continue };
        let parts: Vec<Option<&Num>> = values.iter().map(Some).collect();
        let figure = Num::int(stated.value);
        if let Some((_, total, _)) = unequal(&[Some(&figure)], &parts) {
            let mut cells = vec![format!("narrative.{}", stated.what)];
            cells.extend(stated.cells().iter().map(|c| c.to_string()));
            let args = Args::new().with("what", stated.what).with("stated", stated.value).with("total", total);
            out.push(
                Diagnostic::new("NARRATIVE-MISMATCH", "finding-narrative-stated", args)
                    .at(stated.span.clone())
                    .cells(cells),
            );
        }
    }
}

/// YEAR-MISMATCH: the title's year and the statistics period disagree.
fn year_mismatch(r: &Report, out: &mut Vec<Diagnostic>) {
    if let (Some((ty, tspan)), Some((py, _))) = (&r.title_year, &r.period_year) {
        if ty != py {
            out.push(
                Diagnostic::new(
                    "YEAR-MISMATCH",
                    "finding-year-mismatch",
                    Args::new().with("title", *ty).with("period", *py),
                )
                .at(tspan.clone()),
            );
        }
    }
}

/// T2-REGULATIONS-AUTHORITY: 规章 reported by an organ at county level or below.
fn regulations_authority(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(agency) = &r.agency else { return };
    let Some(level) = r.level.or_else(|| organ::level(agency)) else { return };
    if level > Level::County {
        return;
    }
    let Some(t2) = r.table(TableId::Table2) else { return };
    let Some(row) = t2.row("regulations") else { return };
    if let Some((col, v)) =
        row.cells.iter().enumerate().find_map(|(i, c)| c.value.filter(|v| v.mantissa > 0).map(|v| (i, v)))
    {
        out.push(
            Diagnostic::new(
                "T2-REGULATIONS-AUTHORITY",
                "finding-t2-regulations-authority",
                labelled(
                    Args::new().with("agency", agency.as_str()).with("value", v.to_string()),
                    "column",
                    row.def.columns[col].label,
                    row.def.columns[col].key,
                ),
            )
            .at(row.cells[col].span.clone())
            .cells(vec![cell_path(t2, row, col)]),
        );
    }
}

/// T2-2019-PUBLISHED: (2019 template) 本年新公开数量 exceeds 对外公开总数量.
fn published_2019(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.template != TemplateId::T2019 {
        return;
    }
    let Some(t2) = r.table(TableId::Table2) else { return };
    for key in ["regulations", "normative_documents"] {
        let Some(row) = t2.row(key) else { continue };
        if let (Some(new), Some(total)) = (row.value(1), row.value(2)) {
            let scale = new.scale.max(total.scale);
            if new.scaled_to(scale) > total.scaled_to(scale) {
                out.push(
                    Diagnostic::new(
                        "T2-2019-PUBLISHED",
                        "finding-t2-2019-published",
                        labelled(
                            Args::new().with("new", new.to_string()).with("total", total.to_string()),
                            "row",
                            row.def.label,
                            key,
                        ),
                    )
                    .at(row.cells[1].span.clone())
                    .cells(vec![cell_path(t2, row, 1), cell_path(t2, row, 2)]),
                );
            }
        }
    }
}

/// What opens a fill-in placeholder in a document `xxgk render` and `xxgk new` write
/// (`【请填写：总体情况】`): the author's text goes there.
pub const PLACEHOLDER: &str = "【请填写";

/// PLACEHOLDER-LEFT: the document still holds a placeholder where the author's text belongs —
/// one finding per line, at the line.
fn placeholder_left(r: &Report, out: &mut Vec<Diagnostic>) {
    for span in &r.sections.placeholders {
        out.push(Diagnostic::new("PLACEHOLDER-LEFT", "finding-placeholder-left", Args::new()).at(Some(span.clone())));
    }
}

/// FEE-NOT-REPORTED: (2021 template) section 六 does not state the 信息处理费.
fn fee_not_reported(r: &Report, out: &mut Vec<Diagnostic>) {
    let applies = r.template == TemplateId::T2021 || r.year.is_some_and(|y| y >= 2021);
    let in_file = r.sections.in_file(5);
    if applies && in_file && r.template != TemplateId::Other && !r.sections.fee_stated {
        out.push(
            Diagnostic::new("FEE-NOT-REPORTED", "finding-fee-not-reported", Args::new())
                .at(r.sections.headings[5].clone()),
        );
    }
}

/// SECTION-MISSING: one of the six sections is absent; its number (1–6) names it.
fn section_missing(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.template == TemplateId::Other {
        return;
    }
    for (i, h) in r.sections.headings.iter().enumerate() {
        if h.is_none() && r.sections.in_file(i) {
            out.push(Diagnostic::new("SECTION-MISSING", "finding-section-missing", Args::new().with("section", i + 1)));
        }
    }
}

/// SECTION-EMPTY: section 五 says nothing of the work's problems and their improvement, which
/// 条例第五十条第（四）项 requires.
fn section_empty(r: &Report, out: &mut Vec<Diagnostic>) {
    if let Some(said) = &r.sections.problems_unsaid {
        let (message, args) = match said.as_str() {
            "" => ("finding-section-empty-blank", Args::new()),
            said => ("finding-section-empty", Args::new().with("said", said)),
        };
        out.push(Diagnostic::new("SECTION-EMPTY", message, args).at(r.sections.headings[4].clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::words;
    use crate::document::Document;
    use crate::i18n::Args;
    use crate::normalize::parse_number;
    use crate::report::{Source, ValueCell};
    use crate::template::TABLE3_2021;
    use crate::Lang;

    /// A 2021 report whose 表三 holds `cells` (`row.column` = value as written; `""` a blank)
    /// and 0 everywhere else, every cell read from the document.
    fn report(cells: &[(&str, &str)]) -> Report {
        let mut r = crate::parse(&Document::default(), Source::default());
        r.diagnostics.clear();
        r.template = TemplateId::T2021;
        let rows = TABLE3_2021
            .rows
            .iter()
            .enumerate()
            .map(|(i, def)| RowData {
                def,
                cells: APPLICANT_COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(j, c)| {
                        let written = cells
                            .iter()
                            .find(|(at, _)| *at == format!("{}.{}", def.key, c.key))
                            .map_or("0", |(_, v)| *v);
                        let span = Span::Grid { table: 2, row: i as u32, cell: j as u32 };
                        ValueCell { value: parse_number(written), span: Some(span) }
                    })
                    .collect(),
            })
            .collect();
        r.tables[TableId::Table3.index()] = Some(TableData { def: &TABLE3_2021, complete: true, rows, span: None });
        r
    }

    /// The words of the findings of `code` in both languages, after their arguments went
    /// through JSON as a store keeps them.
    fn said(r: &Report, code: &str) -> Vec<[String; 2]> {
        r.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| {
                let args: Args = serde_json::from_str(&serde_json::to_string(&d.args).unwrap()).unwrap();
                assert_eq!(args, d.args);
                let stored = Lang::ALL.map(|lang| words(lang, d.message, &args));
                assert_eq!(stored, Lang::ALL.map(|lang| d.message(lang)));
                stored
            })
            .collect()
    }

    fn pair(zh: &str, en: &str) -> [String; 2] {
        [zh.to_string(), en.to_string()]
    }

    #[test]
    fn value_findings_say_what_they_said_before_in_both_languages() {
        let mut r = report(&[
            ("new_received.natural_person", "5"),
            ("carried_over.commercial_enterprise", ""),
            ("carried_forward.commercial_enterprise", "3"),
            ("carried_forward.total", "3"),
            ("carried_over.research_institution", "1.5"),
            ("carried_over.total", "1.5"),
        ]);
        check_values(&mut r);
        assert_eq!(
            said(&r, "T3-ROWSUM"),
            [pair(
                "表三“一、本年新收政府信息公开申请数量”：总计为0，六类申请人之和为5",
                "table 3 row 'new_received': total is 0 but the six applicant columns add up to 5"
            )]
        );
        let flow = said(&r, "T3-FLOW");
        assert!(
            flow.contains(&pair(
                "表三“自然人”列：一（新收）+ 二（上年结转）= 5，（七）总计 + 四（结转下年度）= 0",
                "table 3 column 'natural_person': new + carried over = 5 but total handled + carried forward = 0"
            )),
            "{flow:?}"
        );
        assert!(flow.contains(&pair(
            "表三“商业企业”列：一（新收）+ 二（上年结转）= 0，（七）总计 + 四（结转下年度）= 3（空白按0计）",
            "table 3 column 'commercial_enterprise': new + carried over = 0 but total handled + carried forward = 3 (blanks counted as 0)"
        )), "{flow:?}");
        assert_eq!(
            said(&r, "VALUE-DOMAIN"),
            [
                pair(
                    "表三（收到和处理政府信息公开申请情况）“二、上年结转政府信息公开申请数量”的“科研机构”为1.5，应为非负整数",
                    "table 3 (applications received and handled) row 'carried_over' column 'research_institution' is 1.5; it must be a whole number ≥ 0"
                ),
                pair(
                    "表三（收到和处理政府信息公开申请情况）“二、上年结转政府信息公开申请数量”的“总计”为1.5，应为非负整数",
                    "table 3 (applications received and handled) row 'carried_over' column 'total' is 1.5; it must be a whole number ≥ 0"
                ),
            ]
        );
    }

    #[test]
    fn a_missing_section_is_named_by_its_number() {
        let mut r = report(&[]);
        check(&mut r);
        let missing = said(&r, "SECTION-MISSING");
        assert_eq!(missing.len(), 6);
        assert_eq!(missing[0], pair("缺少第一部分“一、总体情况”", "section 1 overview is missing"));
        assert_eq!(missing[5], pair("缺少第六部分“六、其他需要报告的事项”", "section 6 other matters is missing"));
        assert_eq!(
            r.diagnostics.iter().find(|d| d.code == "SECTION-MISSING").unwrap().args,
            Args::new().with("section", 1)
        );
    }
}

#[cfg(test)]
mod each_rule {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::normalize::parse_number;
    use crate::report::{Figure, Narrative, Sections, Source, ValueCell};
    use crate::template::{TableDef, TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021, TABLE4};

    /// A cell at column `col` of line `line`.
    fn at(line: u32, col: u32) -> Span {
        Span::Grid { table: 1, row: line, cell: col }
    }

    /// A row read from line `line`: each value as the document writes it, `""` for a blank cell
    /// (read, holding nothing) and `"?"` for a cell the reader could not place (no span).
    fn row(def: &'static TableDef, key: &str, line: u32, values: &[&str]) -> RowData {
        let def = def.rows.iter().find(|r| r.key == key).expect("a row of the table");
        assert_eq!(def.columns.len(), values.len(), "{key}: one value per column");
        let cells = values
            .iter()
            .zip(1..)
            .map(|(v, col)| match *v {
                "?" => ValueCell { value: None, span: None },
                v => ValueCell { value: parse_number(v), span: Some(at(line, col)) },
            })
            .collect();
        RowData { def, cells }
    }

    fn table(def: &'static TableDef, rows: Vec<RowData>) -> TableData {
        TableData { def, complete: true, rows, span: Some(at(1, 1)) }
    }

    /// 表三 with every row at 0 but those given.
    fn t3(def: &'static TableDef, rows: &[(&str, [&str; 7])]) -> TableData {
        let rows = def
            .rows
            .iter()
            .zip(1..)
            .map(|(r, line)| {
                let values = rows.iter().find(|(k, _)| *k == r.key).map_or(["0"; 7], |(_, v)| *v);
                row(def, r.key, line, &values)
            })
            .collect();
        table(def, rows)
    }

    fn report(template: TemplateId, year: Option<i32>) -> Report {
        Report {
            source: Source::default(),
            agency: None,
            year,
            template,
            published: None,
            level: None,
            index_no: None,
            title_year: None,
            period_year: None,
            tables: [None, None, None],
            narrative: Narrative::default(),
            sections: Sections {
                headings: std::array::from_fn(|i| Some(at(100 + i as u32, 1))),
                fee_stated: true,
                ..Sections::default()
            },
            diagnostics: Vec::new(),
            prose: String::new(),
        }
    }

    fn with_tables(template: TemplateId, tables: [Option<TableData>; 3]) -> Report {
        Report { tables, ..report(template, None) }
    }

    /// The findings of `code` that [`check`] raises on `r`.
    fn found(mut r: Report, code: &str) -> Vec<Diagnostic> {
        check(&mut r);
        r.diagnostics.into_iter().filter(|d| d.code == code).collect()
    }

    fn paths(t: &str, rows: &[&str], col: &str) -> Vec<String> {
        rows.iter().map(|r| format!("{t}.{r}.{col}")).collect()
    }

    const T3_COLUMNS: [&str; 7] = [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_organization",
        "legal_service_institution",
        "other",
        "total",
    ];

    #[test]
    fn a_table3_row_whose_total_is_not_its_columns_sum_is_t3_rowsum_naming_the_row() {
        let r = with_tables(
            TemplateId::T2021,
            [None, Some(t3(&TABLE3_2021, &[("granted", ["1", "2", "0", "0", "0", "0", "4"])])), None],
        );
        let d = found(r, "T3-ROWSUM");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(
            d[0].cells,
            paths("table3", &["granted"; 7], "")
                .iter()
                .zip(T3_COLUMNS)
                .map(|(p, c)| format!("{p}{c}"))
                .collect::<Vec<_>>()
        );
        // The finding points at the total it disputes.
        assert_eq!(d[0].span, Some(at(3, 7)));
    }

    #[test]
    fn t3_rowsum_counts_blanks_as_zero_and_sums_decimals_exactly() {
        let blanks = [("granted", ["1", "", "", "2", "", "", "3"])];
        assert!(found(with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &blanks)), None]), "T3-ROWSUM")
            .is_empty());
        // A blank total against parts that add up to 3: the blank is a 0 and the row is wrong.
        let blank_total = [("granted", ["1", "", "", "2", "", "", ""])];
        assert_eq!(
            found(with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &blank_total)), None]), "T3-ROWSUM")
                .len(),
            1
        );
        // 0.1 + 0.2 is 0.3 exactly.
        let decimals = [("granted", ["0.1", "0.2", "0", "0", "0", "0", "0.3"])];
        assert!(found(with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &decimals)), None]), "T3-ROWSUM")
            .is_empty());
        let off = [("granted", ["0.1", "0.2", "0", "0", "0", "0", "0.4"])];
        assert_eq!(
            found(with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &off)), None]), "T3-ROWSUM").len(),
            1
        );
    }

    #[test]
    fn a_row_with_a_cell_the_reader_could_not_place_is_not_summed() {
        let unread = [("granted", ["1", "?", "0", "0", "0", "0", "9"])];
        let r = with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &unread)), None]);
        assert!(found(r, "T3-ROWSUM").is_empty());
    }

    #[test]
    fn a_table4_group_whose_total_is_not_its_results_sum_is_t4_sum() {
        let t4 = table(
            &TABLE4,
            vec![
                row(&TABLE4, "review", 1, &["1", "1", "0", "1", "3"]),
                row(&TABLE4, "litigation_direct", 2, &["1", "1", "0", "0", "3"]),
                row(&TABLE4, "litigation_after_review", 3, &["/", "", "", "", "0"]),
            ],
        );
        let d = found(with_tables(TemplateId::T2021, [None, None, Some(t4)]), "T4-SUM");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(
            d[0].cells,
            ["upheld", "corrected", "other", "pending", "total"].map(|c| format!("table4.litigation_direct.{c}"))
        );
        assert_eq!(d[0].span, Some(at(2, 5)));
        // 表四's sums are not 表三's.
        assert!(
            found(with_tables(TemplateId::T2021, [None, None, Some(table(&TABLE4, vec![]))]), "T3-ROWSUM").is_empty()
        );
    }

    /// 表三 (2019 layout) whose column 自然人 handles 5 of 6 applications: one granted, four not
    /// held, one carried forward.
    fn consistent_t3() -> Vec<(&'static str, [&'static str; 7])> {
        vec![
            ("new_received", ["5", "0", "0", "0", "0", "0", "5"]),
            ("carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
            ("granted", ["1", "0", "0", "0", "0", "0", "1"]),
            ("unable_not_held", ["4", "0", "0", "0", "0", "0", "4"]),
            ("total_processed", ["5", "0", "0", "0", "0", "0", "5"]),
            ("carried_forward", ["1", "0", "0", "0", "0", "0", "1"]),
        ]
    }

    fn set(rows: &mut Vec<(&'static str, [&'static str; 7])>, key: &'static str, values: [&'static str; 7]) {
        match rows.iter_mut().find(|(k, _)| *k == key) {
            Some(row) => row.1 = values,
            None => rows.push((key, values)),
        }
    }

    #[test]
    fn a_consistent_table3_raises_no_arithmetic_finding() {
        let mut r = with_tables(TemplateId::T2019, [None, Some(t3(&TABLE3_2019, &consistent_t3())), None]);
        check_values(&mut r);
        assert_eq!(r.diagnostics, []);
    }

    #[test]
    fn outcomes_that_do_not_add_up_to_the_total_are_t3_outcomes_in_their_column() {
        let mut rows = consistent_t3();
        set(&mut rows, "granted", ["2", "0", "0", "0", "0", "0", "2"]);
        let t = t3(&TABLE3_2019, &rows);
        let d = found(with_tables(TemplateId::T2019, [None, Some(t.clone()), None]), "T3-OUTCOMES");
        // Only 自然人 and 总计 are off: one finding each, naming every outcome and the total.
        assert_eq!(d.len(), 2);
        let outcomes: Vec<&str> = TABLE3_2019.rows.iter().filter(|r| r.role == Role::Outcome).map(|r| r.key).collect();
        let mut natural = paths("table3", &outcomes, "natural_person");
        natural.push("table3.total_processed.natural_person".into());
        assert_eq!(d[0].cells, natural);
        assert_eq!(d[0].severity, Severity::Error);
        let total_processed_line = 1 + TABLE3_2019.rows.iter().position(|r| r.key == "total_processed").unwrap() as u32;
        assert_eq!(d[0].span, Some(at(total_processed_line, 1)));
        assert_eq!(d[1].cells.last().map(String::as_str), Some("table3.total_processed.total"));
    }

    #[test]
    fn t3_outcomes_needs_every_outcome_row_read() {
        let mut rows = consistent_t3();
        set(&mut rows, "granted", ["2", "0", "0", "0", "0", "0", "2"]);
        let mut t = t3(&TABLE3_2019, &rows);
        t.rows.retain(|r| r.def.key != "withheld_state_secret");
        assert!(found(with_tables(TemplateId::T2019, [None, Some(t), None]), "T3-OUTCOMES").is_empty());
        // Nor is it checked with an outcome the reader could not place.
        let mut t = t3(&TABLE3_2019, &rows);
        t.rows.iter_mut().find(|r| r.def.key == "withheld_state_secret").unwrap().cells[3].span = None;
        assert!(found(with_tables(TemplateId::T2019, [None, Some(t), None]), "T3-OUTCOMES").is_empty());
    }

    #[test]
    fn t3_outcomes_counts_blank_outcomes_as_zero() {
        let mut rows = consistent_t3();
        set(&mut rows, "unable_not_held", ["4", "", "", "", "", "", "4"]);
        set(&mut rows, "withheld_state_secret", ["", "", "", "", "", "", ""]);
        assert!(found(with_tables(TemplateId::T2019, [None, Some(t3(&TABLE3_2019, &rows)), None]), "T3-OUTCOMES")
            .is_empty());
    }

    #[test]
    fn new_and_carried_over_that_are_not_handled_and_carried_forward_are_t3_flow() {
        let mut rows = consistent_t3();
        set(&mut rows, "carried_forward", ["2", "0", "0", "0", "0", "0", "2"]);
        let d = found(with_tables(TemplateId::T2019, [None, Some(t3(&TABLE3_2019, &rows)), None]), "T3-FLOW");
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].cells,
            paths("table3", &["new_received", "carried_over", "total_processed", "carried_forward"], "natural_person")
        );
        assert_eq!(
            d[1].cells,
            paths("table3", &["new_received", "carried_over", "total_processed", "carried_forward"], "total")
        );
        assert_eq!(d[0].severity, Severity::Error);
        // A blank 上年结转 is 0: 5 + 0 ≠ 5 + 1 still, and 5 + 0 = 5 + 0 holds.
        let mut rows = consistent_t3();
        set(&mut rows, "carried_over", ["", "", "", "", "", "", ""]);
        set(&mut rows, "carried_forward", ["0", "0", "0", "0", "0", "0", "0"]);
        assert!(
            found(with_tables(TemplateId::T2019, [None, Some(t3(&TABLE3_2019, &rows)), None]), "T3-FLOW").is_empty()
        );
        // Without 四、结转下年度 the identity cannot be checked.
        let mut t = t3(&TABLE3_2019, &consistent_t3());
        t.rows.retain(|r| r.def.key != "carried_forward");
        assert!(found(with_tables(TemplateId::T2019, [None, Some(t), None]), "T3-FLOW").is_empty());
    }

    #[test]
    fn value_domain_follows_the_column_kind() {
        let t2 = table(
            &TABLE2_2019,
            vec![
                // A count: no decimal, no sign.
                row(&TABLE2_2019, "regulations", 1, &["1.5", "-1", "3"]),
                // 本年增/减 may be negative, never a fraction.
                row(&TABLE2_2019, "administrative_licensing", 2, &["3", "-2", "0"]),
                row(&TABLE2_2019, "administrative_fees", 3, &["3", "0.5"]),
                // An amount may be a fraction, never negative.
                row(&TABLE2_2019, "government_procurement", 4, &["2", "24.1982"]),
            ],
        );
        let d = found(with_tables(TemplateId::T2019, [Some(t2), None, None]), "VALUE-DOMAIN");
        let cells: Vec<&str> = d.iter().flat_map(|d| d.cells.iter().map(String::as_str)).collect();
        assert_eq!(
            cells,
            ["table2.regulations.new_made", "table2.regulations.new_published", "table2.administrative_fees.change"]
        );
        assert!(d.iter().all(|d| d.severity == Severity::Error));
        assert_eq!(d[0].span, Some(at(1, 1)));
        let fees = table(&TABLE2_2021, vec![row(&TABLE2_2021, "administrative_fees", 1, &["-0.5"])]);
        let d = found(with_tables(TemplateId::T2021, [Some(fees), None, None]), "VALUE-DOMAIN");
        assert_eq!(d.iter().map(|d| d.cells.clone()).collect::<Vec<_>>(), [["table2.administrative_fees.amount"]]);
    }

    #[test]
    fn a_template_not_of_the_year_reported_on_is_template_year() {
        for (template, year, raised) in [
            (TemplateId::T2019, 2021, true),
            (TemplateId::T2019, 2020, false),
            (TemplateId::T2021, 2020, true),
            (TemplateId::T2021, 2021, false),
            (TemplateId::Other, 2023, false),
        ] {
            let d = found(report(template, Some(year)), "TEMPLATE-YEAR");
            assert_eq!(d.len(), usize::from(raised), "{template:?} for {year}");
            assert!(d.iter().all(|d| d.severity == Severity::Warning));
        }
        assert!(found(report(TemplateId::T2019, None), "TEMPLATE-YEAR").is_empty());
    }

    #[test]
    fn a_title_year_other_than_the_period_year_is_year_mismatch_at_the_title() {
        let mut r = report(TemplateId::T2021, Some(2023));
        r.title_year = Some((2023, Some(at(1, 1))));
        r.period_year = Some((2022, Some(at(5, 1))));
        let d = found(r.clone(), "YEAR-MISMATCH");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].severity, d[0].span.clone()), (Severity::Warning, Some(at(1, 1))));
        r.period_year = Some((2023, Some(at(5, 1))));
        assert!(found(r.clone(), "YEAR-MISMATCH").is_empty());
        r.period_year = None;
        assert!(found(r, "YEAR-MISMATCH").is_empty());
    }

    #[test]
    fn applications_stated_in_the_text_other_than_table3_are_narrative_mismatch() {
        let mut r = with_tables(TemplateId::T2019, [None, Some(t3(&TABLE3_2019, &consistent_t3())), None]);
        r.narrative.applications_received = Some(Figure { value: 6, span: Some(at(50, 1)) });
        let d = found(r.clone(), "NARRATIVE-MISMATCH");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].cells, ["narrative.applications_received", "table3.new_received.total"]);
        assert_eq!((d[0].severity, d[0].span.clone()), (Severity::Warning, Some(at(50, 1))));
        r.narrative.applications_received = Some(Figure { value: 5, span: Some(at(50, 1)) });
        assert!(found(r, "NARRATIVE-MISMATCH").is_empty());
    }

    #[test]
    fn regulations_from_an_organ_at_county_level_or_below_are_t2_regulations_authority() {
        let t2 = table(&TABLE2_2021, vec![row(&TABLE2_2021, "regulations", 1, &["0", "2", "0"])]);
        let mut r = with_tables(TemplateId::T2021, [Some(t2), None, None]);
        r.agency = Some("某某局".into());
        for (level, raised) in
            [(Level::Township, true), (Level::County, true), (Level::City, false), (Level::Province, false)]
        {
            r.level = Some(level);
            let d = found(r.clone(), "T2-REGULATIONS-AUTHORITY");
            assert_eq!(d.len(), usize::from(raised), "{level:?}");
            if raised {
                assert_eq!(d[0].cells, ["table2.regulations.repealed"]);
                assert_eq!((d[0].severity, d[0].span.clone()), (Severity::Warning, Some(at(1, 2))));
            }
        }
        // No organ named, no level to judge by.
        r.agency = None;
        r.level = Some(Level::County);
        assert!(found(r, "T2-REGULATIONS-AUTHORITY").is_empty());
    }

    #[test]
    fn more_published_this_year_than_in_total_is_t2_2019_published_on_the_2019_template_only() {
        let rows = || {
            vec![
                row(&TABLE2_2019, "regulations", 1, &["5", "5", "3"]),
                row(&TABLE2_2019, "normative_documents", 2, &["2", "2", "2"]),
            ]
        };
        let d =
            found(with_tables(TemplateId::T2019, [Some(table(&TABLE2_2019, rows())), None, None]), "T2-2019-PUBLISHED");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].cells, ["table2.regulations.new_published", "table2.regulations.total_published"]);
        assert_eq!((d[0].severity, d[0].span.clone()), (Severity::Warning, Some(at(1, 2))));
        assert!(found(
            with_tables(TemplateId::T2021, [Some(table(&TABLE2_2019, rows())), None, None]),
            "T2-2019-PUBLISHED"
        )
        .is_empty());
    }

    #[test]
    fn each_placeholder_line_is_placeholder_left_at_it() {
        let mut r = report(TemplateId::T2021, Some(2023));
        r.sections.placeholders = vec![at(3, 1), at(9, 1)];
        let d = found(r, "PLACEHOLDER-LEFT");
        assert_eq!(
            d.iter().map(|d| (d.severity, d.span.clone())).collect::<Vec<_>>(),
            [(Severity::Error, Some(at(3, 1))), (Severity::Error, Some(at(9, 1)))]
        );
        assert!(found(report(TemplateId::T2021, Some(2023)), "PLACEHOLDER-LEFT").is_empty());
    }

    #[test]
    fn a_2021_report_whose_section_six_does_not_state_the_fee_is_fee_not_reported() {
        let mut r = report(TemplateId::T2021, Some(2023));
        r.sections.fee_stated = false;
        let d = found(r.clone(), "FEE-NOT-REPORTED");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].severity, d[0].span.clone()), (Severity::Warning, Some(at(105, 1))));
        // A 2019-template report on 2021 is asked too; one on 2020 is not.
        r.template = TemplateId::T2019;
        assert_eq!(found(r.clone(), "FEE-NOT-REPORTED").len(), 1);
        r.year = Some(2020);
        assert!(found(r.clone(), "FEE-NOT-REPORTED").is_empty());
        // Nor a file that ends before section 六, nor a free-form report.
        let mut cut = report(TemplateId::T2021, Some(2023));
        cut.sections.fee_stated = false;
        cut.sections.in_file = Some((0, 2));
        assert!(found(cut.clone(), "FEE-NOT-REPORTED").is_empty());
        cut.sections.in_file = None;
        cut.template = TemplateId::Other;
        assert!(found(cut, "FEE-NOT-REPORTED").is_empty());
    }

    #[test]
    fn each_absent_section_the_file_should_hold_is_section_missing() {
        let mut r = report(TemplateId::T2021, Some(2023));
        r.sections.headings[1] = None;
        r.sections.headings[4] = None;
        let d = found(r.clone(), "SECTION-MISSING");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.severity == Severity::Warning && d.span.is_none()));
        // A file that holds sections 一 to 三 only lacks none after them.
        r.sections.in_file = Some((0, 2));
        assert_eq!(found(r.clone(), "SECTION-MISSING").len(), 1);
        r.template = TemplateId::Other;
        assert!(found(r, "SECTION-MISSING").is_empty());
    }

    #[test]
    fn check_values_raises_only_the_codes_a_store_replaces() {
        let mut rows = consistent_t3();
        set(&mut rows, "granted", ["2", "0", "0", "0", "0", "0", "3"]);
        set(&mut rows, "carried_forward", ["1.5", "0", "0", "0", "0", "0", "1"]);
        let t2 = table(&TABLE2_2019, vec![row(&TABLE2_2019, "regulations", 1, &["5", "5", "3"])]);
        let t4 = table(&TABLE4, vec![row(&TABLE4, "review", 9, &["1", "0", "0", "0", "2"])]);
        let mut r = with_tables(TemplateId::T2019, [Some(t2), Some(t3(&TABLE3_2019, &rows)), Some(t4)]);
        r.agency = Some("某某镇人民政府".into());
        r.level = Some(Level::Township);
        r.sections.placeholders = vec![at(3, 1)];
        r.narrative.applications_received = Some(Figure { value: 9, span: None });
        check_values(&mut r);
        let mut codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut all: Vec<&str> = rules::value_codes().collect();
        all.sort_unstable();
        assert_eq!(codes, all);
    }

    #[test]
    fn counts_written_with_a_decimal_point_add_up_like_any_other() {
        // Spreadsheets write counts as 30.0: the parts, the total, or both.
        for (granted, total) in
            [(["30.0", "68", "0", "0", "0", "0", "98.0"], "98.0"), (["30", "68.00", "0", "0", "0", "0", "98"], "98")]
        {
            let mut rows = vec![("granted", granted)];
            rows.push(("new_received", ["30", "68", "0", "0", "0", "0", total]));
            let r = with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &rows)), None]);
            assert!(found(r.clone(), "T3-ROWSUM").is_empty(), "{granted:?}");
            assert!(found(r, "VALUE-DOMAIN").is_empty(), "{granted:?}");
        }
        // A sum that is off says both sides at one scale.
        let rows = [("granted", ["9.8", "0", "0", "0", "0", "0", "98.0"])];
        let d = found(with_tables(TemplateId::T2021, [None, Some(t3(&TABLE3_2021, &rows)), None]), "T3-ROWSUM");
        assert_eq!(
            (&d[0].args.0["total"], &d[0].args.0["parts"]),
            (&serde_json::json!("98.0"), &serde_json::json!("9.8"))
        );
        let t4 = table(&TABLE4, vec![row(&TABLE4, "review", 1, &["10.0", "0", "0", "0", "10"])]);
        assert!(found(with_tables(TemplateId::T2021, [None, None, Some(t4)]), "T4-SUM").is_empty());
    }
}
