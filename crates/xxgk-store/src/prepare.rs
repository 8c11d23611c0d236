//! A parsed report turned into rows, away from the database: this runs on the parsing
//! threads, so the single writer only inserts.

use std::collections::HashMap;

use xxgk_core::{organ, Document, Report, Span, TableId};

/// One template row's values, as JSON arrays in column order: the exact decimals (`null` for
/// a blank), the cells' source text (`/`, `—`, `1,234`…), and their provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct RowValues {
    pub table: &'static str,
    pub row: &'static str,
    /// The row's column keys, comma-separated (its layout).
    pub layout: String,
    pub vals: String,
    pub raw: String,
    pub provenance: String,
}

/// A report ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The report as parsed, with its findings.
    pub report: Report,
    /// The organ key of its agency ([`xxgk_core::organ::key`]), by which the store finds its organ;
    /// `None` when it names none.
    pub name_key: Option<String>,
    /// Its tables' rows, ready to insert.
    pub rows: Vec<RowValues>,
    /// Where the report was published (given with the file).
    pub url: Option<String>,
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

/// `report`, read from `doc`, as rows to store: each value with the text of the cell it was read
/// from and its provenance; `url` is where it was published.
pub fn prepare(report: Report, doc: &Document, url: Option<String>) -> Prepared {
    let texts: HashMap<At, &str> =
        doc.lines.iter().flat_map(|l| &l.cells).map(|c| (at(&c.span), c.text.as_str())).collect();
    let mut rows = Vec::new();
    for id in TableId::ALL {
        let Some(t) = report.table(id) else { continue };
        for row in &t.rows {
            let vals: Vec<Option<String>> = row.cells.iter().map(|c| c.value.map(|n| n.to_string())).collect();
            let raw: Vec<Option<&str>> =
                row.cells.iter().map(|c| c.span.as_ref().and_then(|s| texts.get(&at(s))).map(|t| t.trim())).collect();
            let provenance: Vec<Option<&Span>> = row.cells.iter().map(|c| c.span.as_ref()).collect();
            let json = |v: serde_json::Result<String>| v.unwrap_or_else(|_| "[]".into());
            rows.push(RowValues {
                table: id.key(),
                row: row.def.key,
                layout: crate::schema::layout_key(row.def),
                vals: json(serde_json::to_string(&vals)),
                raw: json(serde_json::to_string(&raw)),
                provenance: json(serde_json::to_string(&provenance)),
            });
        }
    }
    let name_key = report.agency.as_deref().map(organ::key).filter(|k| !k.is_empty());
    Prepared { report, name_key, rows, url }
}
