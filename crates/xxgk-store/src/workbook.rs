//! The store as one Excel workbook (`xxgk export --format xlsx`): a sheet of the current reports,
//! one sheet per template table in the template's row and column order — the 2021 and 2019
//! layouts on sheets of their own, each with its two header rows (the template row over its
//! columns) frozen — and a sheet of the findings with their cells named as the template names
//! them.

use std::collections::{BTreeSet, HashMap};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use xxgk_core::i18n::text;
use xxgk_core::template::{all_tables, RowDef, TableId};
use xxgk_core::{tr, Lang, Severity, TemplateId};

use crate::export::{for_each_finding, names_joined};
use crate::query::{value_sql, CORRECTION_JOIN};
use crate::Store;

/// Why a workbook could not be made: the store, or the XLSX writer.
#[derive(Debug)]
pub enum WorkbookError {
    /// Reading the store failed.
    Store(rusqlite::Error),
    /// Writing the workbook failed.
    Xlsx(XlsxError),
    /// Reading or writing the findings sheet.
    Findings(Box<dyn std::error::Error>),
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkbookError::Store(e) => write!(f, "{e}"),
            WorkbookError::Xlsx(e) => write!(f, "{e}"),
            WorkbookError::Findings(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WorkbookError {}

impl From<rusqlite::Error> for WorkbookError {
    fn from(e: rusqlite::Error) -> Self {
        WorkbookError::Store(e)
    }
}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> Self {
        WorkbookError::Xlsx(e)
    }
}

/// A sheet's header row: each column's name (a catalogue id) in `lang`, and its width.
fn header(sheet: &mut Worksheet, fields: &[(&str, f64)], head: &Format, lang: Lang) -> Result<(), XlsxError> {
    for (c, (id, w)) in fields.iter().enumerate() {
        sheet.write_with_format(0, c as u16, text(lang, id), head)?;
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

/// One current report as the sheets name it.
struct Listed {
    agency: String,
    year: Option<i64>,
}

/// The template rows of table `id` a sheet of `template` shows: the template's own, then any
/// row of the other layout that its reports hold (a 2019 report with the 2021 其他处理 rows).
fn rows_of(id: TableId, template: TemplateId, present: &BTreeSet<String>) -> Vec<&'static RowDef> {
    let own = match id {
        _ if template == TemplateId::Other => None,
        TableId::Table2 => template.table2(),
        TableId::Table3 => Some(template.table3(None)),
        TableId::Table4 => Some(&xxgk_core::template::TABLE4),
    };
    let mut rows: Vec<&'static RowDef> = own.map(|d| d.rows.iter().collect()).unwrap_or_default();
    for def in all_tables().into_iter().filter(|d| d.id == id) {
        for r in def.rows {
            if !rows.iter().any(|x| x.key == r.key) && (own.is_none() || present.contains(r.key)) {
                rows.push(r);
            }
        }
    }
    rows.retain(|r| own.is_some() || present.contains(r.key));
    rows
}

/// The workbook of every current report, values as published or, with `corrected`, as corrected.
pub fn workbook(store: &Store, corrected: bool, lang: Lang) -> Result<Vec<u8>, WorkbookError> {
    let conn = &store.conn;
    let unknown = text(lang, "unknown");
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color("#EEF0F3")
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);

    // 报告
    let mut listed: HashMap<i64, Listed> = HashMap::new();
    let sheet = book.add_worksheet().set_name(text(lang, "workbook-sheet-reports"))?;
    let fields = [
        ("workbook-col-report", 8.0),
        ("workbook-col-organ", 34.0),
        ("workbook-col-year", 7.0),
        ("workbook-col-template", 7.0),
        ("workbook-col-level", 8.0),
        ("workbook-col-region", 14.0),
        ("workbook-col-published", 11.0),
        ("workbook-col-index-no", 18.0),
        ("workbook-col-format", 7.0),
        ("workbook-col-errors", 6.0),
        ("workbook-col-warnings", 6.0),
        ("workbook-col-source", 60.0),
    ];
    header(sheet, &fields, &head, lang)?;
    let mut st = conn.prepare(
        "SELECT r.id, r.agency, r.year, r.template, o.level, o.region, r.published, r.index_no, r.format,
                (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'error'),
                (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'warning'), r.source_path
         FROM reports r LEFT JOIN organs o ON o.id = r.organ_id WHERE r.current = 1 ORDER BY r.id",
    )?;
    let mut rows = st.query([])?;
    let mut n = 0u32;
    let mut templates = BTreeSet::new();
    while let Some(r) = rows.next()? {
        n += 1;
        let id: i64 = r.get(0)?;
        let agency: Option<String> = r.get(1)?;
        let year: Option<i64> = r.get(2)?;
        let template: String = r.get(3)?;
        templates.insert(template.clone());
        sheet.write(n, 0, id as f64)?;
        sheet.write(n, 1, fit(&agency.clone().unwrap_or_else(|| unknown.clone()), lang))?;
        match year {
            Some(y) => sheet.write(n, 2, y as f64)?,
            None => sheet.write(n, 2, unknown.as_str())?,
        };
        sheet.write(n, 3, template.as_str())?;
        let level: Option<String> = r.get(4)?;
        sheet.write(n, 4, level.as_deref().map(|l| level_name(l, lang)).unwrap_or_default())?;
        for (c, i) in [(5u16, 5usize), (6, 6), (7, 7), (8, 8)] {
            sheet.write(n, c, fit(&r.get::<_, Option<String>>(i)?.unwrap_or_default(), lang))?;
        }
        sheet.write(n, 9, r.get::<_, i64>(9)? as f64)?;
        sheet.write(n, 10, r.get::<_, i64>(10)? as f64)?;
        sheet.write(n, 11, fit(&r.get::<_, String>(11)?, lang))?;
        listed.insert(id, Listed { agency: agency.unwrap_or_else(|| unknown.clone()), year });
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, n, fields.len() as u16 - 1)?;

    // One sheet per template and table.
    let order = [TemplateId::T2021, TemplateId::T2019, TemplateId::Other];
    for template in order.into_iter().filter(|t| templates.contains(t.as_str())) {
        for id in TableId::ALL {
            table_sheet(&mut book, conn, &listed, template, id, corrected, lang, &head)?;
        }
    }

    // 问题
    let sheet = book.add_worksheet().set_name(text(lang, "workbook-sheet-findings"))?;
    let fields = [
        ("workbook-col-report", 8.0),
        ("workbook-col-organ", 30.0),
        ("workbook-col-year", 7.0),
        ("workbook-col-code", 20.0),
        ("workbook-col-severity", 8.0),
        ("workbook-col-message", 70.0),
        ("workbook-col-cells", 40.0),
        ("workbook-col-location", 16.0),
    ];
    header(sheet, &fields, &head, lang)?;
    let mut n = 0u32;
    for_each_finding(store, lang, |f| {
        n += 1;
        sheet.write(n, 0, f.report_id as f64)?;
        sheet.write(n, 1, fit(&f.agency.unwrap_or_else(|| unknown.clone()), lang))?;
        if let Some(y) = f.year {
            sheet.write(n, 2, y as f64)?;
        }
        sheet.write(n, 3, f.code)?;
        sheet.write(n, 4, severity_name(&f.severity, lang))?;
        sheet.write(n, 5, fit(&f.message, lang))?;
        sheet.write(n, 6, fit(&names_joined(&f.cell_names, lang), lang))?;
        sheet.write(n, 7, fit(&f.location.unwrap_or_default(), lang))?;
        Ok(())
    })
    .map_err(WorkbookError::Findings)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, n, fields.len() as u16 - 1)?;
    Ok(book.save_to_buffer()?)
}

/// One template table's sheet: 报告编号, 机关, 年度, then every cell in template order under
/// two header rows — the row's label merged over its columns, and the columns' labels.
#[allow(clippy::too_many_arguments)]
fn table_sheet(
    book: &mut Workbook,
    conn: &rusqlite::Connection,
    listed: &HashMap<i64, Listed>,
    template: TemplateId,
    id: TableId,
    corrected: bool,
    lang: Lang,
    head: &Format,
) -> Result<(), WorkbookError> {
    let mut present = BTreeSet::new();
    {
        let mut st = conn.prepare(
            "SELECT DISTINCT v.row FROM report_values v JOIN reports r ON r.id = v.report_id
             WHERE r.current = 1 AND r.template = ?1 AND v.tbl = ?2",
        )?;
        for row in st.query_map((template.as_str(), id.key()), |r| r.get::<_, String>(0))? {
            present.insert(row?);
        }
    }
    let rows = rows_of(id, template, &present);
    if rows.is_empty() || present.is_empty() {
        return Ok(());
    }
    let name =
        tr!(lang, "workbook-sheet-table", template = template.as_str(), table = id.short_zh(), table_key = id.key());
    let sheet: &mut Worksheet = book.add_worksheet().set_name(name)?;
    let fixed = [("workbook-col-report", 8.0), ("workbook-col-organ", 30.0), ("workbook-col-year", 7.0)];
    for (c, (id, w)) in fixed.iter().enumerate() {
        sheet.merge_range(0, c as u16, 1, c as u16, &text(lang, id), head)?;
        sheet.set_column_width(c as u16, *w)?;
    }
    let mut column: HashMap<(&str, &str), u16> = HashMap::new();
    let mut c = fixed.len() as u16;
    for r in &rows {
        let label = tr!(lang, "workbook-label", label = r.label, key = r.key);
        let last = c + r.columns.len() as u16 - 1;
        if last > c {
            sheet.merge_range(0, c, 0, last, &label, head)?;
        } else {
            sheet.write_with_format(0, c, &label, head)?;
        }
        for col in r.columns {
            sheet.write_with_format(1, c, tr!(lang, "workbook-label", label = col.label, key = col.key), head)?;
            sheet.set_column_width(c, 10)?;
            column.insert((r.key, col.key), c);
            c += 1;
        }
    }
    sheet.set_row_height(0, 45)?;
    sheet.set_row_height(1, 30)?;
    sheet.set_freeze_panes(2, fixed.len() as u16)?;
    let sql = format!(
        "SELECT v.report_id, v.row, v.col, {} FROM report_values v JOIN reports r ON r.id = v.report_id {CORRECTION_JOIN}
         WHERE r.current = 1 AND r.template = ?1 AND v.tbl = ?2 ORDER BY v.report_id",
        value_sql(corrected)
    );
    let mut st = conn.prepare(&sql)?;
    let mut values = st.query((template.as_str(), id.key()))?;
    let (mut n, mut last) = (1u32, None);
    while let Some(v) = values.next()? {
        let report: i64 = v.get(0)?;
        if last != Some(report) {
            last = Some(report);
            n += 1;
            sheet.write(n, 0, report as f64)?;
            if let Some(l) = listed.get(&report) {
                sheet.write(n, 1, fit(&l.agency, lang))?;
                if let Some(y) = l.year {
                    sheet.write(n, 2, y as f64)?;
                }
            }
        }
        let (row, col): (String, String) = (v.get(1)?, v.get(2)?);
        let exact: Option<String> = v.get(3)?;
        // A blank cell stays empty: unknown, not 0.
        if let (Some(&c), Some(x)) =
            (column.get(&(row.as_str(), col.as_str())), exact.and_then(|e| e.parse::<f64>().ok()))
        {
            sheet.write(n, c, x)?;
        }
    }
    Ok(())
}

/// A level's name (`county` → 县级); a key of no level, as it is.
fn level_name(level: &str, lang: Lang) -> String {
    let id = format!("web-level-{level}");
    if xxgk_core::i18n::has(lang, &id) {
        text(lang, &id)
    } else {
        level.to_string()
    }
}

/// A severity's name (`error` → 错误); a key of no severity, as it is.
/// A text cell's content, cut to what Excel keeps ([`xxgk_render::cell::for_excel`]).
fn fit(text: &str, lang: Lang) -> String {
    xxgk_render::cell::for_excel(text, lang).into_owned()
}

fn severity_name(severity: &str, lang: Lang) -> String {
    Severity::from_key(severity).map_or_else(|| severity.to_string(), |s| s.name(lang))
}

/// A table (`stats`, `query`) as a workbook of one sheet: a frozen header row with filters,
/// numbers as numbers, blank cells empty.
pub fn table(name: &str, header: &[String], rows: &[Vec<serde_json::Value>], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#EEF0F3").set_text_wrap();
    let sheet = book.add_worksheet().set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_with_format(0, c as u16, h.as_str(), &head)?;
        sheet.set_column_width(c as u16, (xxgk_core::normalize::display_width(h) as f64 + 2.0).max(9.0))?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            let (row, col) = (i as u32 + 1, c as u16);
            match v {
                serde_json::Value::Number(n) => sheet.write(row, col, n.as_f64().unwrap_or_default())?,
                serde_json::Value::String(s) => sheet.write(row, col, fit(s, lang))?,
                serde_json::Value::Bool(b) => sheet.write(row, col, *b)?,
                serde_json::Value::Null => sheet,
                other => sheet.write(row, col, other.to_string())?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}
