//! The text reader: every text conversion of a report becomes lines of cells.
//!
//! A line is split on tabs (TSV from Word), else on `|` (markdown tables, pipe scrapes), else on
//! runs of two or more spaces (layout text from PDF converters). A cell of several numbers
//! separated by single spaces (`21 0 0 0`) is split into its numbers, and numbers after a label
//! (`行政许可 550`) are split off it. Page numbers (`-3-`, `- 4 -`, `第3页`) are dropped: they stand
//! inside tables in layout text and are not values.

use xxgk_core::document::Columns;
use xxgk_core::normalize::{is_page_number, numeric_split};
use xxgk_core::{Cell, Document, Line, Span};

/// Byte range of a piece of a line, relative to the line start.
type Piece = (usize, usize);

/// Trim a piece to its non-whitespace part.
fn trim(s: &str, (a, b): Piece) -> Piece {
    let sub = &s[a..b];
    let start = a + (sub.len() - sub.trim_start().len());
    let end = b - (sub.len() - sub.trim_end().len());
    if start >= end {
        (a, a)
    } else {
        (start, end)
    }
}

fn split_on(s: &str, sep: char) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == sep {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    out.push((start, s.len()));
    out
}

/// Split on runs of two or more whitespace characters (an ideographic space counts as two).
fn split_on_gaps(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap_start = 0;
    let mut gap_width = 0;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if gap_width == 0 {
                gap_start = i;
            }
            gap_width += if c == '\u{3000}' { 2 } else { 1 };
        } else {
            if gap_width >= 2 {
                if let Some(st) = start {
                    out.push((st, gap_start));
                }
                start = None;
            }
            gap_width = 0;
            start.get_or_insert(i);
        }
    }
    if let Some(st) = start {
        let end = if gap_width > 0 { gap_start } else { s.len() };
        out.push((st, end));
    }
    out
}

fn words(s: &str, (a, b): Piece) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s[a..b].char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((a + st, a + i));
            }
        } else {
            start.get_or_insert(i);
        }
    }
    if let Some(st) = start {
        out.push((a + st, b));
    }
    out
}

/// Split a cell holding several numbers, or a label followed by numbers, into cells.
fn refine(s: &str, piece: Piece, out: &mut Vec<Piece>) {
    if !s[piece.0..piece.1].contains(char::is_whitespace) {
        out.push(piece);
        return;
    }
    let ws = words(s, piece);
    let texts: Vec<&str> = ws.iter().map(|&(a, b)| &s[a..b]).collect();
    match numeric_split(&texts) {
        None => out.push(piece),
        Some(0) => out.extend(ws),
        Some(k) => {
            out.push((piece.0, ws[k - 1].1));
            out.extend_from_slice(&ws[k..]);
        }
    }
}

/// A markdown table's header rule (`|---|:-:|`). A lone `-` or `- |` is a cell marked blank.
fn is_markdown_rule(s: &str) -> bool {
    (s.contains("---") || s.contains(":-") || s.contains("-:"))
        && s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of one line, as byte ranges relative to the line.
fn cells_of_line(s: &str) -> Vec<Piece> {
    let raw: Vec<Piece> = if s.contains('\t') {
        split_on(s, '\t')
    } else if s.contains('|') {
        let mut p = split_on(s, '|');
        let t = s.trim();
        if t.ends_with('|') && p.len() > 1 {
            p.pop();
        }
        if t.starts_with('|') && p.len() > 1 {
            p.remove(0);
        }
        p
    } else {
        split_on_gaps(s)
    };
    let mut out = Vec::with_capacity(raw.len());
    for piece in raw {
        let t = trim(s, piece);
        if t.0 == t.1 {
            out.push(t);
        } else {
            refine(s, t, &mut out);
        }
    }
    out
}

/// Turn decoded text into a [`Document`]. `base` is the byte offset of the text in the source
/// (the BOM length), added to every reported byte range.
pub fn read_text(text: String, base: usize) -> Document {
    let mut lines = Vec::new();
    let mut offset = 0usize;
    for (no, raw_line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if line.is_empty() || is_page_number(line) || is_markdown_rule(line) {
            continue;
        }
        if line.trim().is_empty() {
            // A paragraph of nothing but spaces: in a one-cell-per-line conversion, a blank
            // cell (an empty line is only a line break).
            let span =
                Span::Text { line: no as u32 + 1, col: 1, byte: [base + line_start, base + line_start + line.len()] };
            lines.push(Line { cells: vec![Cell { text: String::new(), span }] });
            continue;
        }
        let pieces = cells_of_line(line);
        let mut cells = Vec::with_capacity(pieces.len());
        let mut columns = Columns::new(line, 1);
        for (a, b) in pieces {
            let col = columns.at(a);
            cells.push(Cell {
                text: line[a..b].to_string(),
                span: Span::Text { line: no as u32 + 1, col, byte: [base + line_start + a, base + line_start + b] },
            });
        }
        lines.push(Line { cells });
    }
    Document { lines, text: Some(text.into()), text_base: base, findings: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        cells_of_line(line).into_iter().map(|(a, b)| line[a..b].to_string()).collect()
    }

    #[test]
    fn splits_every_text_form() {
        assert_eq!(cells("规章\t0\t0\t0"), ["规章", "0", "0", "0"]);
        assert_eq!(cells("\t事务信息\t\t"), ["", "事务信息", "", ""]);
        assert_eq!(cells("| 规章 | 0 | 1 |"), ["规章", "0", "1"]);
        assert_eq!(cells("57 |"), ["57"]);
        assert_eq!(cells("|||"), ["", ""]);
        assert_eq!(cells("- |"), ["-"]);
        assert!(
            is_markdown_rule("|---|---|")
                && is_markdown_rule("|:-:|:-:|")
                && !is_markdown_rule("- |")
                && !is_markdown_rule("-")
        );
        assert_eq!(cells("行政许可                      550"), ["行政许可", "550"]);
        assert_eq!(cells("  1.属于国家秘密         1     0 0   1"), ["1.属于国家秘密", "1", "0", "0", "1"]);
        assert_eq!(cells("3.补正后申请内容仍不明确 0"), ["3.补正后申请内容仍不明确", "0"]);
        assert_eq!(cells("总 计 结果 结果"), ["总 计 结果 结果"]);
        assert_eq!(cells("2023 年政府信息公开工作年度报告"), ["2023 年政府信息公开工作年度报告"]);
        assert_eq!(cells("## 2023"), ["## 2023"]);
    }

    #[test]
    fn spans_point_into_the_source() {
        let doc = read_text("标题\n规章\t0\t12\n".to_string(), 3);
        let c = &doc.lines[1].cells[2];
        assert_eq!(c.text, "12");
        assert_eq!(c.span, Span::Text { line: 2, col: 6, byte: [3 + 7 + 9, 3 + 7 + 11] });
    }
}
