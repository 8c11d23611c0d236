//! The format-neutral document that every reader produces and the extractor consumes.
//!
//! A report arrives as text with tabs, pipes or aligned spaces, as an HTML table, as a PDF page…
//! Readers flatten all of them into the same shape: an ordered list of [`Line`]s, each a list of
//! [`Cell`]s, and every cell remembers where in the source it came from ([`Span`]). The extractor
//! never needs to know which format it is looking at.

use serde::{Deserialize, Serialize};

/// Where a piece of the document came from in its source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Span {
    /// Text and HTML: 1-based line and character column, and the byte range in the source
    /// decoded to UTF-8 (identical to the file's own bytes for UTF-8 input without a BOM).
    Text {
        /// The 1-based line.
        line: u32,
        /// The 1-based character column in the line.
        col: u32,
        /// The byte range `[start, end)` in the decoded source.
        byte: [usize; 2],
    },
    /// PDF: 1-based page and bounding box in PDF points.
    Page {
        /// The 1-based page.
        page: u32,
        /// The box `[x0, y0, x1, y1]`, y upwards.
        bbox: [f32; 4],
    },
    /// DOCX/XLSX: table, row and cell indexes, 1-based inside tables (text outside any table
    /// has table and cell 0).
    Grid {
        /// The table (a workbook's sheet), 1-based; 0 for text outside any table.
        table: u32,
        /// The row in the table; outside tables, the paragraph's number.
        row: u32,
        /// The cell in the row.
        cell: u32,
    },
}

impl Span {
    /// A short human form: `57:12`, `p4`, `t2 r5 c3`.
    pub fn short(&self) -> String {
        match self {
            Span::Text { line, col, .. } => format!("{line}:{col}"),
            Span::Page { page, .. } => format!("p{page}"),
            Span::Grid { table, row, cell } => format!("t{table} r{row} c{cell}"),
        }
    }

    /// The place in words, for a person reading an export: `第57行第12列`, `第4页`,
    /// `第2个表格第5行第3格`.
    pub fn describe(&self, lang: crate::Lang) -> String {
        use crate::tr;
        match self {
            Span::Text { line, col, .. } => tr!(lang, "span-text", line = *line, col = *col),
            Span::Page { page, .. } => tr!(lang, "span-page", page = *page),
            Span::Grid { table, row, cell } => tr!(lang, "span-grid", table = *table, row = *row, cell = *cell),
        }
    }
}

/// Character columns of byte offsets in one line, counted on from the offset asked before:
/// asked in order, a line is counted once, where counting from its start each time is quadratic
/// on a report written on one line.
pub struct Columns<'a> {
    line: &'a str,
    first: u32,
    counted: usize,
    col: u32,
}

impl<'a> Columns<'a> {
    /// A cursor at the start of `line`, whose first character is in column `first`.
    pub fn new(line: &'a str, first: u32) -> Self {
        Columns { line, first, counted: 0, col: first }
    }

    /// The column of the character at byte `at` (a character boundary of the line); an offset
    /// before the one asked last is counted from the line's start again.
    pub fn at(&mut self, at: usize) -> u32 {
        if at < self.counted {
            (self.counted, self.col) = (0, self.first);
        }
        self.col += self.line[self.counted..at].chars().count() as u32;
        self.counted = at;
        self.col
    }
}

/// The text of a line that stands for an image in the document (U+FFFC, the object replacement
/// character): a reader that sees images writes one where each stands, and the extractor knows
/// a table published as an image from a table left out.
pub const IMAGE: char = '\u{FFFC}';

/// One cell of text: a table cell, or a whole line of prose.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// What the cell says, as the reader took it from the source.
    pub text: String,
    /// Where in the source the cell was found.
    pub span: Span,
}

/// One line of the document: a table row or a line of prose.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The line's cells, left to right: a table row's cells, or one cell for a line of prose.
    pub cells: Vec<Cell>,
}

impl Line {
    /// The span of the first cell, if any.
    pub fn span(&self) -> Option<&Span> {
        self.cells.first().map(|c| &c.span)
    }
}

/// A whole document as the extractor sees it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The lines in the order the source presents them.
    pub lines: Vec<Line>,
    /// The decoded source text for text formats, used to show source snippets in findings;
    /// shared, because every report of a file holding several points into the whole text.
    pub text: Option<std::sync::Arc<str>>,
    /// Byte offset of `text` in the source file (the length of a byte-order mark), so that a
    /// [`Span::Text`] byte range minus this offset indexes `text`.
    pub text_base: usize,
    /// What the reader could not read (a scanned PDF, tables published as images…), reported
    /// with the report's findings.
    pub findings: Vec<crate::diagnostic::Diagnostic>,
}
