//! A parsed report turned into rows, away from the database: this runs on the parsing
//! threads, so the single writer only inserts.

use std::collections::HashMap;

use xxgk_core::{organ, Document, Report, Span, TableId};

/// One value in long form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    pub table: &'static str,
    pub row: &'static str,
    pub col: &'static str,
    /// Exact decimal as stated; `None` for a blank cell.
    pub exact: Option<String>,
    pub value: Option<f64>,
    /// The cell's text in the source (`/`, `—`, `1,234`…), when it has one.
    pub raw: Option<String>,
    pub provenance: Option<String>,
}

/// A report ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub report: Report,
    pub name_key: Option<String>,
    pub values: Vec<ValueRow>,
}

/// A cell's position, as a key to find its text.
#[derive(Hash, PartialEq, Eq)]
enum At {
    Byte(usize),
    Grid(u32, u32, u32),
    Page(u32, [u32; 4]),
}

fn at(span: &Span) -> At {
    match span {
        Span::Text { byte, .. } => At::Byte(byte[0]),
        Span::Grid { table, row, cell } => At::Grid(*table, *row, *cell),
        Span::Page { page, bbox } => At::Page(*page, bbox.map(f32::to_bits)),
    }
}

pub fn prepare(report: Report, doc: &Document) -> Prepared {
    let texts: HashMap<At, &str> = doc.lines.iter().flat_map(|l| &l.cells).map(|c| (at(&c.span), c.text.as_str())).collect();
    let mut values = Vec::new();
    for id in TableId::ALL {
        let Some(t) = report.table(id) else { continue };
        for row in &t.rows {
            for (cell, column) in row.cells.iter().zip(row.def.columns) {
                values.push(ValueRow {
                    table: id.key(),
                    row: row.def.key,
                    col: column.key,
                    exact: cell.value.map(|n| n.to_string()),
                    value: cell.value.map(|n| n.to_f64()),
                    raw: cell.span.as_ref().and_then(|s| texts.get(&at(s))).map(|t| t.trim().to_string()),
                    provenance: cell.span.as_ref().and_then(|s| serde_json::to_string(s).ok()),
                });
            }
        }
    }
    let name_key = report.agency.as_deref().map(organ::key).filter(|k| !k.is_empty());
    Prepared { report, name_key, values }
}
