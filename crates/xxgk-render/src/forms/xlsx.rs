//! The report as an Excel form an author fills in (`xxgk new --to xlsx`): the three tables laid
//! out and merged as the template draws them, the input cells unlocked on a protected sheet, the
//! 总计 cells formulas (a row's 总计 the sum of its six applicant columns, a 表四 group's 总计 the
//! sum of its four results), and the template's identity 一 + 二 = （七） + 四 live: a column
//! where it does not hold turns red. `xxgk parse` reads the filled workbook back.

use std::collections::HashMap;

use rust_xlsxwriter::{
    ConditionalFormatFormula, Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};
use xxgk_core::template::Role;
use xxgk_core::TableId;

use crate::blocks::{self, Block, Voice};
use crate::filled::Filled;
use crate::grid::{Grid, Slot};

/// The sheet's width in columns: 表四's fifteen.
const WIDTH: u16 = 15;

/// `A1`-style name of a cell (0-based row and column).
fn a1(row: u32, col: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col)
}

struct Styles {
    title: Format,
    heading: Format,
    text: Format,
    label: Format,
    input: Format,
    formula: Format,
    wrong: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_font_size(10.5);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            heading: Format::new().set_bold().set_font_size(12),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_unlocked(),
            label: cell.clone().set_align(FormatAlign::Center),
            input: cell.clone().set_align(FormatAlign::Center).set_unlocked().set_background_color("#FFFDE7"),
            formula: cell.set_align(FormatAlign::Center).set_background_color("#EEF0F3"),
            wrong: Format::new().set_background_color("#F8C4C4").set_font_color("#9C0006"),
        }
    }
}

/// Where each value of a table stands: (template row key, column index) → sheet cell.
type Places = HashMap<(&'static str, usize), (u32, u16)>;

/// The values a grid row states, in order, as (row key, column): a row's own columns, and for
/// 表四's single row the three groups one after another.
fn value_keys(f: &Filled, id: TableId, first: &'static str) -> Vec<(&'static str, usize)> {
    let rows = &f.tables[id.index()];
    let start = rows.iter().position(|r| r.def.key == first).unwrap_or(rows.len());
    let take = if id == TableId::Table4 { rows.len() } else { start + 1 };
    rows[start..take].iter().flat_map(|r| (0..r.def.columns.len()).map(move |c| (r.def.key, c))).collect()
}

/// Write one table's grid from `row`; returns the row after it and where each value stands.
fn table(sheet: &mut Worksheet, f: &Filled, g: &Grid, mut row: u32, s: &Styles) -> Result<(u32, Places), XlsxError> {
    let mut places = Places::new();
    for (r, slots) in g.slots().into_iter().enumerate() {
        // Room for a label that wraps (表三's longest take three lines).
        let longest = g.rows[r].iter().filter(|c| !c.value).map(|c| c.text.chars().count()).max().unwrap_or(0);
        sheet.set_row_height(
            row,
            if longest > 30 {
                45.0
            } else if longest > 15 {
                30.0
            } else {
                16.0
            },
        )?;
        let mut keys = g.keys[r].map(|k| value_keys(f, g.table, k)).unwrap_or_default().into_iter();
        for (col, slot) in slots.iter().enumerate() {
            let Slot::Origin(c) = slot else { continue };
            let col = col as u16;
            if c.value {
                if let Some(key) = keys.next() {
                    places.insert(key, (row, col));
                }
                continue;
            }
            if c.rowspan > 1 || c.colspan > 1 {
                sheet.merge_range(
                    row,
                    col,
                    row + c.rowspan as u32 - 1,
                    col + c.colspan as u16 - 1,
                    &fit(&c.text),
                    &s.label,
                )?;
            } else {
                sheet.write_with_format(row, col, &fit(&c.text), &s.label)?;
            }
        }
        row += 1;
    }
    Ok((row, places))
}

/// The sum of `cells` (counts) as a formula and its value now (blanks count 0, as in Excel).
fn sum(f: &Filled, id: TableId, cells: &[(&'static str, usize)], places: &Places) -> Option<(String, i64)> {
    let refs: Vec<String> = cells.iter().map(|k| places.get(k).map(|&(r, c)| a1(r, c))).collect::<Option<_>>()?;
    let total = cells
        .iter()
        .filter_map(|(key, col)| f.row(id, key).and_then(|r| r.values.get(*col).copied().flatten()))
        .map(|v| v.mantissa)
        .sum();
    Some((format!("={}", refs.join("+")), total))
}

/// Fill in a table's values: each 总计 a formula, every other value an input cell.
fn values(sheet: &mut Worksheet, f: &Filled, id: TableId, places: &Places, s: &Styles) -> Result<(), XlsxError> {
    let rows = &f.tables[id.index()];
    for r in rows {
        for (col, c) in r.def.columns.iter().enumerate() {
            let Some(&(at_row, at_col)) = places.get(&(r.def.key, col)) else { continue };
            // A row's 总计 sums its row; （七）总计 sums the outcomes above it in its column.
            let parts: Vec<(&'static str, usize)> = match (id, c.key) {
                (TableId::Table3 | TableId::Table4, "total") => (0..col).map(|k| (r.def.key, k)).collect(),
                (TableId::Table3, _) if r.def.role == Role::Total => {
                    rows.iter().filter(|o| o.def.role == Role::Outcome).map(|o| (o.def.key, col)).collect()
                }
                _ => Vec::new(),
            };
            match (!parts.is_empty()).then(|| sum(f, id, &parts, places)).flatten() {
                Some((formula, now)) => {
                    let formula = Formula::new(formula).set_result(now.to_string());
                    sheet.write_formula_with_format(at_row, at_col, formula, &s.formula)?;
                }
                None => match r.values[col] {
                    Some(v) => sheet.write_number_with_format(at_row, at_col, v.to_f64(), &s.input).map(|_| ())?,
                    None => sheet.write_blank(at_row, at_col, &s.input).map(|_| ())?,
                },
            }
        }
    }
    if id == TableId::Table3 {
        flow_check(sheet, f, places, s)?;
    }
    Ok(())
}

/// 一 + 二 = （七） + 四 per column: the 四 cell turns red where it does not hold.
fn flow_check(sheet: &mut Worksheet, f: &Filled, places: &Places, s: &Styles) -> Result<(), XlsxError> {
    let role = |role: Role| f.tables[1].iter().find(|r| r.def.role == role).map(|r| r.def.key);
    let (Some(new), Some(over), Some(total), Some(forward)) =
        (role(Role::Received), role(Role::CarriedOver), role(Role::Total), role(Role::CarriedForward))
    else {
        return Ok(());
    };
    for col in 0..7 {
        let at = |k: &'static str| places.get(&(k, col)).map(|&(r, c)| a1(r, c));
        let (Some(a), Some(b), Some(t), Some(d)) = (at(new), at(over), at(total), at(forward)) else { continue };
        let &(r, c) = &places[&(forward, col)];
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("=N({a})+N({b})<>N({t})+N({d})").as_str())
            .set_format(&s.wrong);
        sheet.add_conditional_format(r, c, r, c, &rule)?;
        if col == 0 {
            sheet.insert_note(
                r,
                c,
                &Note::new("一 + 二 应等于（七）+ 四（模板的勾稽关系）；不相等时此格显示为红色。").set_author("xxgk"),
            )?;
        }
    }
    Ok(())
}

/// The workbook of `f`: title, the six sections (prose cells to write in) and the three tables.
pub fn workbook(f: &Filled) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("年报")?;
    for c in 0..WIDTH {
        sheet.set_column_width(c, [10.0, 14.0, 30.0].get(c as usize).copied().unwrap_or(9.0))?;
    }
    let mut row = 0u32;
    let mut tables = Vec::new();
    for b in blocks::blocks(f, "", Voice::Author) {
        match b {
            Block::Title(t) => {
                sheet.merge_range(row, 0, row, WIDTH - 1, &fit(&t), &s.title)?;
                sheet.set_row_height(row, 36)?;
            }
            Block::Heading(t) => {
                sheet.write_with_format(row, 0, &fit(&t), &s.heading)?;
            }
            Block::Para(t) => {
                sheet.merge_range(row, 0, row, WIDTH - 1, &fit(&t), &s.text)?;
                sheet.set_row_height(row, 60)?;
            }
            Block::Meta(_) | Block::Signature(_) | Block::Number(_) | Block::Addressee(_) | Block::Image(_) => continue,
            Block::Table(g) => {
                let (next, places) = table(sheet, f, &g, row, &s)?;
                tables.push((g.table, places));
                row = next;
            }
        }
        row += 1;
    }
    for (id, places) in &tables {
        values(sheet, f, *id, places, &s)?;
    }
    sheet.protect();
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    book.save_to_buffer()
}

/// A cell's text cut to what Excel keeps: a report form is a Chinese document, and says so in
/// Chinese.
fn fit(text: &str) -> String {
    crate::cell::for_excel(text, xxgk_core::Lang::Zh).into_owned()
}
