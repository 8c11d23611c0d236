//! Single-report checks of SPEC §4, each a small named function with a stable code.
//!
//! A check never changes a value: it reports the inconsistency, naming the cells and both
//! numbers. Blanks count as 0 in sums, and the message says so when that mattered.

use crate::diagnostic::{Diagnostic, Severity};
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
        row_totals(t3, "T3-ROWSUM", "六类申请人", "the six applicant columns", &mut out);
        t3_columns(t3, &mut out);
    }
    if let Some(t4) = report.table(TableId::Table4) {
        row_totals(t4, "T4-SUM", "维持、纠正、其他结果、尚未审结", "upheld + corrected + other + pending", &mut out);
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

fn blank_note(blank: bool) -> (&'static str, &'static str) {
    if blank {
        ("（空白按0计）", " (blanks counted as 0)")
    } else {
        ("", "")
    }
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
/// 维持 + 纠正 + 其他 + 尚未审结) are the same rule on different tables.
fn row_totals(t: &TableData, code: &'static str, parts_zh: &str, parts_en: &str, out: &mut Vec<Diagnostic>) {
    let (table_zh, table_en) = match t.def.id {
        TableId::Table4 => ("表四", "table 4 group"),
        _ => ("表三", "table 3 row"),
    };
    for row in t.rows.iter().filter(|r| readable(r)) {
        let last = row.cells.len() - 1;
        let (parts, scale, blank_a) = sum(row.cells[..last].iter().map(|c| c.value.as_ref()));
        let (total, _, blank_b) = sum(std::iter::once(row.cells[last].value.as_ref()));
        if parts != total {
            let (bz, be) = blank_note(blank_a || blank_b);
            let (total, parts) = (show(total, scale), show(parts, scale));
            out.push(
                Diagnostic::new(
                    code,
                    Severity::Error,
                    format!("{table_zh}“{}”：总计为{total}，{parts_zh}之和为{parts}{bz}", row.def.label),
                    format!("{table_en} '{}': total is {total} but {parts_en} add up to {parts}{be}", row.def.key),
                )
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
                    let (bz, be) = blank_note(blank_a || blank_b);
                    let mut cells: Vec<String> = outcomes.iter().map(|r| cell_path(t, r, col)).collect();
                    cells.push(cell_path(t, total, col));
                    out.push(
                        Diagnostic::new(
                            "T3-OUTCOMES",
                            Severity::Error,
                            format!("表三“{}”列：（七）总计为{}，（一）至（六）各项之和为{}{}", column.label, show(tv, scale), show(s, scale), bz),
                            format!("table 3 column '{}': (7) total is {} but outcomes (1)–(6) add up to {}{}", column.key, show(tv, scale), show(s, scale), be),
                        )
                        .at(cell_span(total, col))
                        .cells(cells),
                    );
                }
            }
        }
        if let (Some(a), Some(b), Some(c), Some(d)) = (received, carried_over, total, forward) {
            if [a, b, c, d].iter().all(|r| readable(r)) {
                let (lhs, scale, blank_a) = sum([a, b].iter().map(|r| r.cells[col].value.as_ref()));
                let (rhs, _, blank_b) = sum([c, d].iter().map(|r| r.cells[col].value.as_ref()));
                if lhs != rhs {
                    let (bz, be) = blank_note(blank_a || blank_b);
                    out.push(
                        Diagnostic::new(
                            "T3-FLOW",
                            Severity::Error,
                            format!(
                                "表三“{}”列：一（新收）+ 二（上年结转）= {}，（七）总计 + 四（结转下年度）= {}{}",
                                column.label,
                                show(lhs, scale),
                                show(rhs, scale),
                                bz
                            ),
                            format!(
                                "table 3 column '{}': new + carried over = {} but total handled + carried forward = {}{}",
                                column.key,
                                show(lhs, scale),
                                show(rhs, scale),
                                be
                            ),
                        )
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
                let what_zh = match kind {
                    Kind::Count => "应为非负整数",
                    Kind::Amount => "不应为负数",
                    Kind::Delta => "应为整数",
                };
                let what_en = match kind {
                    Kind::Count => "must be a whole number ≥ 0",
                    Kind::Amount => "must not be negative",
                    Kind::Delta => "must be a whole number",
                };
                out.push(
                    Diagnostic::new(
                        "VALUE-DOMAIN",
                        Severity::Error,
                        format!("{}“{}”的“{}”为{}，{}", t.def.id.name_zh(), row.def.label, row.def.columns[col].label, v, what_zh),
                        format!("{} row '{}' column '{}' is {}; it {}", t.def.id.name_en(), row.def.key, row.def.columns[col].key, v, what_en),
                    )
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
                format!("{}年度报告使用了{}年模板，应使用{}年模板", year, r.template, right),
                format!("the report on {} uses the {} template; {} reports use the {} template", year, r.template, year, right),
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
                format!("正文称收到政府信息公开申请{}件，表三“本年新收”总计为{}", fig.value, total),
                format!("the text says {} applications were received; table 3 'new_received' total is {}", fig.value, total),
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
                Diagnostic::new(
                    "YEAR-MISMATCH",
                    Severity::Warning,
                    format!("标题年份为{ty}年，统计期限却为{py}年"),
                    format!("the title says {ty} but the statistics period is {py}"),
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
    if let Some((col, v)) = row.cells.iter().enumerate().find_map(|(i, c)| c.value.filter(|v| v.mantissa > 0).map(|v| (i, v))) {
        out.push(
            Diagnostic::new(
                "T2-REGULATIONS-AUTHORITY",
                Severity::Warning,
                format!("{}为县级及以下机关，无规章制定权，表二“规章”“{}”却为{}", agency, row.def.columns[col].label, v),
                format!("{} is at county level or below and cannot make 规章, yet table 2 'regulations' {} is {}", agency, row.def.columns[col].key, v),
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
                        format!("表二“{}”：本年新公开数量{}大于对外公开总数量{}", row.def.label, new, total),
                        format!("table 2 row '{}': published this year ({}) exceeds total published ({})", key, new, total),
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
            Diagnostic::new(
                "PLACEHOLDER-LEFT",
                Severity::Error,
                "文中留有未填写的占位内容（【请填写…】），发布前应补写",
                "the text still holds a fill-in placeholder (【请填写…】): write the text before publishing",
            )
            .at(Some(span.clone())),
        );
    }
}

/// FEE-NOT-REPORTED: (2021 template) section 六 does not state the 信息处理费.
fn fee_not_reported(r: &Report, out: &mut Vec<Diagnostic>) {
    let applies = r.template == TemplateId::T2021 || r.year.is_some_and(|y| y >= 2021);
    let in_file = r.sections.in_file(5);
    if applies && in_file && r.template != TemplateId::Other && !r.sections.fee_stated {
        out.push(
            Diagnostic::new(
                "FEE-NOT-REPORTED",
                Severity::Warning,
                "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号）",
                "section 6 does not state the information processing fees charged (国办函〔2020〕109号)",
            )
            .at(r.sections.headings[5].clone()),
        );
    }
}

const SECTION_NAMES: [(&str, &str); 6] = [
    ("一、总体情况", "1 overview"),
    ("二、主动公开政府信息情况", "2 proactive disclosure"),
    ("三、收到和处理政府信息公开申请情况", "3 applications received and handled"),
    ("四、政府信息公开行政复议、行政诉讼情况", "4 administrative review and litigation"),
    ("五、存在的主要问题及改进情况", "5 main problems and improvements"),
    ("六、其他需要报告的事项", "6 other matters"),
];

/// SECTION-MISSING: one of the six sections is absent.
fn section_missing(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.template == TemplateId::Other {
        return;
    }
    for (i, h) in r.sections.headings.iter().enumerate() {
        if h.is_none() && r.sections.in_file(i) {
            let (zh, en) = SECTION_NAMES[i];
            out.push(Diagnostic::new(
                "SECTION-MISSING",
                Severity::Warning,
                format!("缺少第{}部分“{}”", ["一", "二", "三", "四", "五", "六"][i], zh),
                format!("section {en} is missing"),
            ));
        }
    }
}
