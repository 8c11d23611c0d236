//! XLSX and XLS workbooks, through `calamine`: every worksheet row becomes a line. A merged
//! region is one cell, at its top-left (the positions it covers are not cells), so that a blank
//! value cell is told apart from the rest of a merged label, as in a Word table. Provenance is
//! `{table: sheet, row, cell}` (1-based).
//!
//! A formula cell is read as the value the spreadsheet program saved with it. A workbook written
//! by a script saves formulas without values; sums (`=A1+B2`, `=SUM(A1:G1)`) are then computed
//! here from the cells they name, and any other formula is reported, never read as blank.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Range, Reader, Sheets};
use xxgk_core::i18n::Args;
use xxgk_core::{Cell, Diagnostic, Document, Line, Span};

/// A cell's text as a person reads it: integers without `.0`.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// `B12` as (row, column), 0-based.
fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_start_matches('$');
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    let letters = letters.trim_end_matches('$');
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters
        .chars()
        .try_fold(0u32, |acc, c| acc.checked_mul(26)?.checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The cells' values and formulas of one sheet, for computing unsaved sums.
struct Sums<'a> {
    values: &'a Range<Data>,
    formulas: Option<&'a Range<String>>,
}

impl Sums<'_> {
    fn value(&self, (row, col): (u32, u32), depth: u8) -> Option<f64> {
        match self.values.get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            Some(Data::String(s)) => s.trim().parse().ok().or(s.trim().is_empty().then_some(0.0)),
            Some(Data::Empty) | None => match self.formula((row, col)) {
                Some(f) => self.eval(f, depth + 1),
                None => Some(0.0),
            },
            _ => None,
        }
    }

    fn formula(&self, at: (u32, u32)) -> Option<&str> {
        self.formulas?.get_value(at).map(String::as_str).filter(|f| !f.trim().is_empty())
    }

    /// A sum of terms: numbers, cell references, `SUM(…)` of references and ranges; `None` for
    /// anything else (or a chain of formulas too deep).
    fn eval(&self, formula: &str, depth: u8) -> Option<f64> {
        if depth > 16 {
            return None;
        }
        let f = formula.trim().trim_start_matches('=');
        // Split at the + and - outside parentheses.
        let (mut total, mut sign, mut start, mut open) = (0.0, 1.0, 0, 0i32);
        for (i, c) in f.char_indices().chain([(f.len(), '+')]) {
            match c {
                '(' => open += 1,
                ')' => open -= 1,
                '+' | '-' if open == 0 => {
                    let term = f[start..i].trim();
                    if !term.is_empty() {
                        total += sign * self.term(term, depth)?;
                    }
                    sign = if c == '-' { -1.0 } else { 1.0 };
                    start = i + 1;
                }
                _ => {}
            }
        }
        Some(total)
    }

    fn term(&self, term: &str, depth: u8) -> Option<f64> {
        if let Ok(n) = term.parse::<f64>() {
            return Some(n);
        }
        if let Some(args) =
            term.strip_prefix("SUM(").or_else(|| term.strip_prefix("sum(")).and_then(|a| a.strip_suffix(')'))
        {
            let mut total = 0.0;
            for arg in args.split(',') {
                total += match arg.split_once(':') {
                    Some((a, b)) => {
                        let ((r0, c0), (r1, c1)) = (cell_ref(a)?, cell_ref(b)?);
                        let mut s = 0.0;
                        for r in r0.min(r1)..=r0.max(r1) {
                            for c in c0.min(c1)..=c0.max(c1) {
                                s += self.value((r, c), depth)?;
                            }
                        }
                        s
                    }
                    None => self.term(arg.trim(), depth)?,
                };
            }
            return Some(total);
        }
        self.value(cell_ref(term)?, depth)
    }
}

/// The merged regions of a sheet, where the format keeps them.
fn merges<RS: std::io::Read + std::io::Seek>(book: &mut Sheets<RS>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Read a workbook; `None` when the bytes are not a workbook calamine can open.
pub fn read_workbook(bytes: &[u8]) -> Option<Document> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let mut lines = Vec::new();
    let mut findings = Vec::new();
    let mut unevaluated = Vec::new();
    let names = book.sheet_names();
    for (sheet, name) in names.iter().enumerate() {
        let Ok(range) = book.worksheet_range(name) else { continue };
        let formulas = book.worksheet_formula(name).ok();
        let merged = merges(&mut book, name);
        let sums = Sums { values: &range, formulas: formulas.as_ref() };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            let at_row = row0 + r as u32;
            let mut cells = Vec::with_capacity(row.len());
            for (c, d) in row.iter().enumerate() {
                let at = (at_row, col0 + c as u32);
                if merged.iter().any(|m| m.contains(at.0, at.1) && m.start != at) {
                    continue;
                }
                let mut t = text(d);
                if t.is_empty() {
                    if let Some(f) = sums.formula(at) {
                        match sums.eval(f, 0) {
                            Some(v) => t = number(v),
                            None => unevaluated.push(format!("{name}!{}", a1(at))),
                        }
                    }
                }
                cells.push(Cell {
                    text: t,
                    span: Span::Grid { table: sheet as u32 + 1, row: at.0 + 1, cell: at.1 + 1 },
                });
            }
            if cells.iter().any(|c| !c.text.is_empty()) {
                lines.push(Line { cells });
            }
        }
    }
    if !unevaluated.is_empty() {
        let list = unevaluated.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        findings.push(Diagnostic::new(
            "FORMULA-UNEVALUATED",
            "finding-formula-unevaluated",
            Args::new().with("n", unevaluated.len()).with("cells", list),
        ));
    }
    Some(Document { lines, text: None, text_base: 0, findings })
}

/// `(row, col)` (0-based) as `B12`.
fn a1((row, col): (u32, u32)) -> String {
    let (mut name, mut c) = (String::new(), col + 1);
    while c > 0 {
        name.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_rows_and_columns() {
        assert_eq!(cell_ref("B12"), Some((11, 1)));
        assert_eq!(cell_ref("$AA$3"), Some((2, 26)));
        assert_eq!(cell_ref("12"), None);
        assert_eq!(a1((11, 1)), "B12");
        assert_eq!(a1((2, 26)), "AA3");
    }

    #[test]
    fn unsaved_sums_are_computed_and_other_formulas_are_not() {
        let mut values = Range::new((0, 0), (1, 3));
        values.set_value((0, 0), Data::Float(2.0));
        values.set_value((0, 1), Data::Int(3));
        values.set_value((1, 0), Data::Float(4.0));
        let mut formulas = Range::new((0, 0), (1, 3));
        formulas.set_value((0, 2), "A1+B1".to_string());
        formulas.set_value((0, 3), "SUM(A1:C1)-A2".to_string());
        formulas.set_value((1, 1), "VLOOKUP(A1,A1:B2,2)".to_string());
        let s = Sums { values: &values, formulas: Some(&formulas) };
        assert_eq!(s.eval("A1+B1", 0), Some(5.0));
        assert_eq!(s.eval(&formulas[(0, 3)], 0), Some(6.0), "a formula naming a formula cell");
        assert_eq!(s.eval("VLOOKUP(A1,A1:B2,2)", 0), None);
        let mut cycle = Range::new((0, 0), (0, 0));
        cycle.set_value((0, 0), "A1".to_string());
        let empty = Range::new((0, 0), (0, 0));
        assert_eq!(Sums { values: &empty, formulas: Some(&cycle) }.eval("A1", 0), None, "a cycle ends");
    }
}
