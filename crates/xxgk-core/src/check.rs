//! Single-report checks of SPEC §4, each a small named function with a stable code.
//!
//! A check never changes a value: it reports the inconsistency, naming the cells and both
//! numbers. Blanks count as 0 in sums, and the message says so when that mattered.

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Args;
use crate::document::Span;
use crate::organ::{self, Level};
use crate::report::{Report, RowData, TableData};
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
    report.diagnostics.extend(out);
}

/// The codes [`check_values`] raises. A store re-checking corrected values replaces the stored
/// findings of these codes by the new run's and keeps every other finding as it was.
pub const VALUE_CODES: &[&str] =
    &["T3-ROWSUM", "T3-OUTCOMES", "T3-FLOW", "T4-SUM", "VALUE-DOMAIN", "NARRATIVE-MISMATCH", "T2-REGULATIONS-AUTHORITY", "T2-2019-PUBLISHED"];

/// The checks that look only at the tables' values and the stated figures — what can be run
/// again on a stored report after a reviewer's corrections.
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
    report.diagnostics.extend(out);
}

/// A sum with blanks as 0, at a common decimal scale; `true` when a blank was counted.
fn sum<'a>(cells: impl Iterator<Item = Option<&'a Num>>) -> (i128, u8, bool) {
    let items: Vec<Option<&Num>> = cells.collect();
    let scale = items.iter().flatten().map(|n| n.scale).max().unwrap_or(0);
    let mut blank = false;
    let mut total = 0i128;
    for n in items {
        match n {
            Some(n) => total += n.scaled_to(scale),
            None => blank = true,
        }
    }
    (total, scale, blank)
}

fn show(v: i128, scale: u8) -> String {
    if scale == 0 {
        return v.to_string();
    }
    let p = 10i128.pow(u32::from(scale));
    format!("{}{}.{:0w$}", if v < 0 { "-" } else { "" }, v.abs() / p, v.abs() % p, w = usize::from(scale))
}

/// The arguments of a sum that does not match: the two sides as the report's decimals write
/// them, and whether a blank was counted as 0 (the message then says so).
fn sums(total: i128, parts: i128, scale: u8, blanks: bool) -> Args {
    Args::new().with("total", show(total, scale)).with("parts", show(parts, scale)).with("blanks", blanks)
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
        let (parts, scale, blank_a) = sum(row.cells[..last].iter().map(|c| c.value.as_ref()));
        let (total, _, blank_b) = sum(std::iter::once(row.cells[last].value.as_ref()));
        if parts != total {
            let args = labelled(sums(total, parts, scale, blank_a || blank_b), "row", row.def.label, row.def.key);
            out.push(
                Diagnostic::new(code, Severity::Error, message, args)
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
                let (s, scale, blank_a) = sum(outcomes.iter().map(|r| r.cells[col].value.as_ref()));
                let (tv, _, blank_b) = sum(std::iter::once(total.cells[col].value.as_ref()));
                if s != tv {
                    let mut cells: Vec<String> = outcomes.iter().map(|r| cell_path(t, r, col)).collect();
                    cells.push(cell_path(t, total, col));
                    let args = labelled(sums(tv, s, scale, blank_a || blank_b), "column", column.label, column.key);
                    out.push(
                        Diagnostic::new("T3-OUTCOMES", Severity::Error, "finding-t3-outcomes", args).at(cell_span(total, col)).cells(cells),
                    );
                }
            }
        }
        if let (Some(a), Some(b), Some(c), Some(d)) = (received, carried_over, total, forward) {
            if [a, b, c, d].iter().all(|r| readable(r)) {
                let (lhs, scale, blank_a) = sum([a, b].iter().map(|r| r.cells[col].value.as_ref()));
                let (rhs, _, blank_b) = sum([c, d].iter().map(|r| r.cells[col].value.as_ref()));
                if lhs != rhs {
                    let args = Args::new().with("incoming", show(lhs, scale)).with("outgoing", show(rhs, scale)).with("blanks", blank_a || blank_b);
                    let args = labelled(args, "column", column.label, column.key);
                    out.push(
                        Diagnostic::new("T3-FLOW", Severity::Error, "finding-t3-flow", args)
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
                let args = labelled(labelled(args, "row", row.def.label, row.def.key), "column", row.def.columns[col].label, row.def.columns[col].key);
                out.push(
                    Diagnostic::new("VALUE-DOMAIN", Severity::Error, "finding-value-domain", args)
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
                Severity::Warning,
                "finding-template-year",
                Args::new().with("year", year).with("template", r.template.to_string()).with("right", right.to_string()),
            )
            .at(r.table(TableId::Table2).and_then(|t| t.span.clone())),
        );
    }
}

/// NARRATIVE-MISMATCH: the applications stated in the prose differ from 表三's 本年新收 总计.
fn narrative_mismatch(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(fig) = &r.narrative.applications_received else { return };
    let Some(row) = r.table(TableId::Table3).and_then(|t| t.row("new_received")) else { return };
    let Some(total) = row.value(6) else { return };
    if total.scaled_to(0) != i128::from(fig.value) {
        out.push(
            Diagnostic::new(
                "NARRATIVE-MISMATCH",
                Severity::Warning,
                "finding-narrative-mismatch",
                Args::new().with("stated", fig.value).with("total", total.to_string()),
            )
            .at(fig.span.clone())
            .cells(vec!["narrative.applications_received".into(), "table3.new_received.total".into()]),
        );
    }
}

/// YEAR-MISMATCH: the title's year and the statistics period disagree.
fn year_mismatch(r: &Report, out: &mut Vec<Diagnostic>) {
    if let (Some((ty, tspan)), Some((py, _))) = (&r.title_year, &r.period_year) {
        if ty != py {
            out.push(
                Diagnostic::new("YEAR-MISMATCH", Severity::Warning, "finding-year-mismatch", Args::new().with("title", *ty).with("period", *py))
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
    if let Some((col, v)) = row.cells.iter().enumerate().find_map(|(i, c)| c.value.filter(|v| v.mantissa > 0).map(|v| (i, v))) {
        out.push(
            Diagnostic::new(
                "T2-REGULATIONS-AUTHORITY",
                Severity::Warning,
                "finding-t2-regulations-authority",
                labelled(Args::new().with("agency", agency.as_str()).with("value", v.to_string()), "column", row.def.columns[col].label, row.def.columns[col].key),
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
            if new.scaled_to(0) > total.scaled_to(0) {
                out.push(
                    Diagnostic::new(
                        "T2-2019-PUBLISHED",
                        Severity::Warning,
                        "finding-t2-2019-published",
                        labelled(Args::new().with("new", new.to_string()).with("total", total.to_string()), "row", row.def.label, key),
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
        out.push(
            Diagnostic::new("PLACEHOLDER-LEFT", Severity::Error, "finding-placeholder-left", Args::new()).at(Some(span.clone())),
        );
    }
}

/// FEE-NOT-REPORTED: (2021 template) section 六 does not state the 信息处理费.
fn fee_not_reported(r: &Report, out: &mut Vec<Diagnostic>) {
    let applies = r.template == TemplateId::T2021 || r.year.is_some_and(|y| y >= 2021);
    let in_file = r.sections.in_file(5);
    if applies && in_file && r.template != TemplateId::Other && !r.sections.fee_stated {
        out.push(
            Diagnostic::new("FEE-NOT-REPORTED", Severity::Warning, "finding-fee-not-reported", Args::new()).at(r.sections.headings[5].clone()),
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
            out.push(Diagnostic::new("SECTION-MISSING", Severity::Warning, "finding-section-missing", Args::new().with("section", i + 1)));
        }
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
                        let written = cells.iter().find(|(at, _)| *at == format!("{}.{}", def.key, c.key)).map_or("0", |(_, v)| *v);
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
    fn said(r: &Report, code: &str) -> Vec<(String, String)> {
        r.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| {
                let args: Args = serde_json::from_str(&serde_json::to_string(&d.args).unwrap()).unwrap();
                assert_eq!(args, d.args);
                let stored = |lang| words(lang, d.message, &args);
                assert_eq!((stored(Lang::Zh), stored(Lang::En)), (d.message(Lang::Zh), d.message(Lang::En)));
                (stored(Lang::Zh), stored(Lang::En))
            })
            .collect()
    }

    fn pair(zh: &str, en: &str) -> (String, String) {
        (zh.to_string(), en.to_string())
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
        assert!(flow.contains(&pair(
            "表三“自然人”列：一（新收）+ 二（上年结转）= 5，（七）总计 + 四（结转下年度）= 0",
            "table 3 column 'natural_person': new + carried over = 5 but total handled + carried forward = 0"
        )), "{flow:?}");
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
        assert_eq!(r.diagnostics.iter().find(|d| d.code == "SECTION-MISSING").unwrap().args, Args::new().with("section", 1));
    }
}
