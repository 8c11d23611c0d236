//! 审核汇总: a batch's review as an Excel workbook — one row per report of the list's current
//! view (organ, year, template, counts per finding code, review status), and the files that
//! could not be read with why — for the office to file or send on.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use xxgk_core::{tr, Lang};
use xxgk_store::review::{code_counts, list_all, paths, ListQuery};
use xxgk_store::Store;

use crate::text;

/// The workbook of the reports `q` selects, in `lang`.
pub fn workbook(store: &Store, q: &ListQuery, lang: Lang) -> xxgk_store::Result<Result<Vec<u8>, XlsxError>> {
    let reports = list_all(store, q)?;
    let counts = code_counts(store)?;
    let unreadable = paths(store, true)?;
    Ok(write(&reports, &counts, &unreadable, lang))
}

fn write(
    reports: &[xxgk_store::review::Listed],
    counts: &std::collections::HashMap<i64, std::collections::BTreeMap<String, i64>>,
    unreadable: &[xxgk_store::review::PathRow],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let t = |k: &str| text(lang, k).to_string();
    let fit = |s: &str| xxgk_render::cell::for_excel(s, lang).into_owned();
    let mut codes: Vec<&String> = reports.iter().filter_map(|r| counts.get(&r.id)).flat_map(|c| c.keys()).collect();
    codes.sort();
    codes.dedup();
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#EEF0F3").set_text_wrap();
    let sheet = book.add_worksheet().set_name(t("web-summary-sheet"))?;
    let fixed = [
        "web-id",
        "web-organ",
        "web-year",
        "web-template",
        "web-level",
        "web-region",
        "web-format",
        "web-errors",
        "web-warnings",
        "web-reviewed",
        "web-status",
        "web-round",
        "web-assignee",
        "web-source",
    ]
    .map(t);
    for (c, h) in fixed.iter().enumerate() {
        sheet.write_with_format(0, c as u16, h, &head)?;
    }
    let first_code = fixed.len() as u16;
    // Each finding's column by its rule's name, the code after it for a reviewer who knows it.
    for (k, code) in codes.iter().enumerate() {
        let name = xxgk_core::rules::find(code).map_or_else(
            || code.to_string(),
            |r| tr!(lang, "web-rule-column", name = r.name(lang), code = code.as_str()),
        );
        sheet.write_with_format(0, first_code + k as u16, name, &head)?;
    }
    for (i, r) in reports.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write(row, 0, r.id as f64)?;
        sheet.write(row, 1, fit(&r.agency.clone().unwrap_or_else(|| t("unknown"))))?;
        match r.year {
            Some(y) => sheet.write(row, 2, y as f64)?,
            None => sheet.write(row, 2, t("unknown"))?,
        };
        sheet.write(row, 3, t(&format!("web-template-{}", r.template)))?;
        sheet.write(row, 4, r.level.as_deref().map(|l| t(&format!("web-level-{l}"))).unwrap_or_default())?;
        sheet.write(row, 5, fit(&r.region.clone().unwrap_or_default()))?;
        sheet.write(row, 6, t(&format!("web-format-{}", r.format)))?;
        sheet.write(row, 7, r.errors as f64)?;
        sheet.write(row, 8, r.warnings as f64)?;
        sheet.write(row, 9, r.decided as f64)?;
        sheet.write(row, 10, t(&format!("web-status-{}", r.status().key())))?;
        sheet.write(row, 11, r.round.name(lang))?;
        sheet.write(row, 12, fit(&r.assignee.clone().unwrap_or_default()))?;
        sheet.write(row, 13, fit(&xxgk_store::query::file_name(&r.source_path)))?;
        let mine = counts.get(&r.id);
        for (k, code) in codes.iter().enumerate() {
            if let Some(n) = mine.and_then(|m| m.get(*code)) {
                sheet.write(row, first_code + k as u16, *n as f64)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, reports.len() as u32, first_code + codes.len().max(1) as u16 - 1)?;
    for (c, w) in [6, 32, 7, 7, 7, 14, 7, 6, 6, 8, 10, 12, 10, 60].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let bad = book.add_worksheet().set_name(t("web-unreadable-sheet"))?;
    bad.write_with_format(0, 0, t("web-source"), &head)?;
    bad.write_with_format(0, 1, t("web-reason"), &head)?;
    for (i, p) in unreadable.iter().enumerate() {
        bad.write(i as u32 + 1, 0, fit(&p.path))?;
        bad.write(i as u32 + 1, 1, fit(&p.reason(lang).unwrap_or_default()))?;
    }
    bad.set_column_width(0, 70)?;
    bad.set_column_width(1, 60)?;
    bad.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
