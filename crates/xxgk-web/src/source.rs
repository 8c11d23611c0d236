//! The source pane of the review page: the document a report was read from, so that a value
//! or a finding can be seen in its place.
//!
//! The file is read again from the path the store names — a path of the store's, never of the
//! request — and shown only when it still holds the very report (same hash). A PDF is sent as
//! it is, for the browser to draw with PDF.js, under `Content-Security-Policy: sandbox`; every
//! other format is shown as xxgk read it — its lines and cells as text, each cell carrying its
//! place (byte range, or table/row/cell) to be matched with a value's provenance. The
//! document's own markup is never sent.

use serde::Serialize;
use xxgk_core::{Document, Span};
use xxgk_store::Store;

/// The source as the page shows it and `GET /api/reports/{id}/source` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// `pdf`, `html`, `text`, `docx`, `xlsx`, `doc`…
    pub format: String,
    /// Whether the file at the report's path still holds this report.
    pub available: bool,
    /// The path it was read from.
    pub path: Option<String>,
    /// PDF: the file's address, for the browser to draw (`lines` is then empty).
    pub pdf: Option<String>,
    /// The document as read, line by line.
    pub lines: Vec<SourceLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceLine {
    /// The line in the source file (text and HTML), when known.
    pub line: Option<u32>,
    pub cells: Vec<SourceCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceCell {
    pub text: String,
    /// Text and HTML: the byte range in the source.
    pub bytes: Option<[usize; 2]>,
    /// DOCX/XLSX/DOC: `table.row.cell`, 1-based.
    pub grid: Option<String>,
}

/// The most lines shown: a report is a few hundred; a page of thousands is cut, and says so
/// by its count.
const MAX_LINES: usize = 5_000;

/// Read report `id`'s source again: the bytes of the file (or archive member) and the view.
pub fn source(store: &Store, id: i64) -> xxgk_store::Result<Option<(Option<Vec<u8>>, SourceView)>> {
    let Some((format, paths)) = xxgk_store::review::source_paths(store, id)? else { return Ok(None) };
    let Some(row) = xxgk_store::query::report(store, id)? else { return Ok(None) };
    let found = paths.iter().find_map(|p| xxgk_read::reread(p, &row.source_sha256).map(|r| (p.clone(), r)));
    let Some((path, (bytes, doc))) = found else {
        return Ok(Some((None, SourceView { format, available: false, path: None, pdf: None, lines: Vec::new() })));
    };
    let pdf = format == "pdf";
    let view = SourceView {
        pdf: pdf.then(|| format!("/reports/{id}/source.pdf")),
        lines: if pdf { Vec::new() } else { lines(&doc) },
        format,
        available: true,
        path: Some(path),
    };
    Ok(Some((Some(bytes), view)))
}

fn lines(doc: &Document) -> Vec<SourceLine> {
    doc.lines
        .iter()
        .take(MAX_LINES)
        .map(|l| SourceLine {
            line: match l.span() {
                Some(Span::Text { line, .. }) => Some(*line),
                _ => None,
            },
            cells: l
                .cells
                .iter()
                .map(|c| {
                    let (bytes, grid) = match &c.span {
                        Span::Text { byte, .. } => (Some(*byte), None),
                        Span::Grid { table, row, cell } => (None, Some(format!("{table}.{row}.{cell}"))),
                        Span::Page { .. } => (None, None),
                    };
                    SourceCell { text: c.text.clone(), bytes, grid }
                })
                .collect(),
        })
        .collect()
}
