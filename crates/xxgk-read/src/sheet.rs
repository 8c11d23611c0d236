//! XLSX and XLS workbooks, through `calamine`: every worksheet row becomes a line. calamine
//! keeps a merged region's value in its top-left cell and leaves the rest empty, which is the
//! padded shape the extractor expects. Provenance is `{table: sheet, row, cell}` (1-based).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use xxgk_core::{Cell, Document, Line, Span};

/// A cell's text as a person reads it: integers without `.0`.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Read a workbook; `None` when the bytes are not a workbook calamine can open.
pub fn read_workbook(bytes: &[u8]) -> Option<Document> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let mut lines = Vec::new();
    for (sheet, (_, range)) in book.worksheets().into_iter().enumerate() {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            let cells: Vec<Cell> = row
                .iter()
                .enumerate()
                .map(|(c, d)| Cell {
                    text: text(d),
                    span: Span::Grid { table: sheet as u32 + 1, row: row0 + r as u32 + 1, cell: col0 + c as u32 + 1 },
                })
                .collect();
            if cells.iter().any(|c| !c.text.is_empty()) {
                lines.push(Line { cells });
            }
        }
    }
    Some(Document { lines, text: None, text_base: 0, findings: Vec::new() })
}
