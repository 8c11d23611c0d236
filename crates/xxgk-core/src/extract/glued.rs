//! Text whose cells were glued together: crawler dumps put a whole report on one line
//! (`…一、本年新收政府信息公开申请数量603000063二、上年结转…`), and conversions glue a row's value to
//! its label (`3.补正后申请内容仍不明确0`).
//!
//! Such text is cut back into lines where rows begin — before a section or row numeral
//! (`二、`), and after a run of digits that ends a row (the digits of `2.` before the next label
//! belong to that label) — and each label is parted from the digits glued to its end. Which
//! cells the digits were is decided later, by the template's arithmetic ([`super::cells`]).

use crate::document::{Cell, Columns, Document, Line, Span};

/// A cell this long is a whole body on one line, not a cell.
const BODY: usize = 400;

/// Characters after a run of digits that make it part of the prose (`2023年`, `263条`), not the
/// end of a row.
const UNIT_AFTER: &[char] = &[
    '年', '月', '日', '条', '件', '个', '项', '份', '次', '人', '家', '元', '万', '号', '%', '％', '期', '届', '批',
    '类', '种', '页', '-', ':', '：', '/', '.', '．', ',', '，', '、', '时', '分',
];

fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c)
}

/// What a label ends with before the digits glued to it: a Han character or a closing
/// bracket or quote (`…不计其他情形）0000000`).
fn ends_label(c: char) -> bool {
    is_han(c) || matches!(c, '）' | ')' | '”' | '"' | '」')
}

fn is_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// Portal fields that begin a line of their own (`发布机构：…`), and the end of a report's title.
const FIELDS: &[&str] = &["索引号", "发布机构", "发文机关", "公文生成日期", "发布日期", "成文日期", "生成日期"];
const TITLE_END: &str = "年度报告";

/// Byte offsets in `s` where a glued body is cut into rows.
fn cuts(s: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    for f in FIELDS {
        out.extend(s.match_indices(f).map(|(i, _)| i).filter(|&i| s[i + f.len()..].starts_with([':', '：'])));
    }
    if let Some(i) = s.find(TITLE_END) {
        out.push(i + TITLE_END.len());
    }
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        // `二、` begins a section or a row, unless it counts on (第一、 / 一、二、三项); a section
        // heading ends at its 情况 or 事项, where its prose begins.
        if is_numeral(c) && chars.get(i + 1).is_some_and(|&(_, n)| n == '、') {
            let prev = i.checked_sub(1).map(|p| chars[p].1);
            if prev.is_none_or(|p| !is_numeral(p) && p != '第' && p != '、') {
                out.push(at);
                let ahead: String = chars[i..].iter().take(32).map(|&(_, c)| c).collect();
                if let Some(end) = ["情况", "事项"].iter().filter_map(|w| ahead.find(w).map(|e| e + w.len())).min()
                {
                    out.push(at + end);
                }
            }
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].1.is_ascii_digit() {
                i += 1;
            }
            let next = chars.get(i).map(|&(_, n)| n);
            let after = chars.get(i + 1).map(|&(_, n)| n);
            let prev = start.checked_sub(1).map(|p| chars[p].1);
            // Digits right after label text end a row; the last one is the next label's own
            // number when a `.` or `、` and a label follow (`…信息2710000282.没有现成…`).
            if prev.is_some_and(ends_label) && next.is_some_and(|n| !UNIT_AFTER.contains(&n)) {
                out.push(chars.get(i).map_or(s.len(), |&(b, _)| b));
            } else if prev.is_some_and(ends_label)
                && matches!(next, Some('.' | '．' | '、'))
                && after.is_some_and(is_han)
                && i - start > 1
            {
                out.push(chars[i - 1].0);
            }
            continue;
        }
        i += 1;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The span of `text[a..b]` inside a cell whose text is `text` and whose span is `span`;
/// `columns` counts the cell's text from the span's column.
fn sub_span(span: &Span, text: &str, columns: &mut Columns, a: usize, b: usize) -> Span {
    match span {
        Span::Text { line, byte, .. } if byte[1] - byte[0] == text.len() => {
            Span::Text { line: *line, col: columns.at(a), byte: [byte[0] + a, byte[0] + b] }
        }
        other => other.clone(),
    }
}

/// Where the digits glued to a label's end start: `3.补正后申请内容仍不明确0` → the `0`; `None`
/// when the cell is not label text with digits at its end.
fn glued_digits(text: &str) -> Option<usize> {
    let t = text.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == t.len() {
        return None;
    }
    let at = t.len() - digits;
    let label = &t[..at];
    let han = label.chars().filter(|&c| is_han(c)).count();
    (label.chars().next_back().is_some_and(ends_label) && han >= 2 && !label.ends_with('第')).then_some(at)
}

/// A copy of `doc` with glued text cut apart, or `None` when nothing is glued.
pub fn unglued(doc: &Document) -> Option<Document> {
    let glued = |c: &Cell| c.text.len() > BODY || glued_digits(&c.text).is_some();
    if !doc.lines.iter().flat_map(|l| &l.cells).any(glued) {
        return None;
    }
    let mut lines = Vec::with_capacity(doc.lines.len());
    for line in &doc.lines {
        if !line.cells.iter().any(glued) {
            lines.push(line.clone());
            continue;
        }
        // A body on one line becomes one line per row; other lines keep their place.
        let mut current: Vec<Cell> = Vec::new();
        for cell in &line.cells {
            let text = cell.text.as_str();
            let first = match cell.span {
                Span::Text { col, .. } => col,
                _ => 1,
            };
            let mut columns = Columns::new(text, first);
            let mut bounds = if text.len() > BODY { cuts(text) } else { Vec::new() };
            bounds.retain(|&b| b > 0 && b < text.len());
            let mut start = 0;
            for end in bounds.into_iter().chain(std::iter::once(text.len())) {
                let piece = &text[start..end];
                if !piece.trim().is_empty() {
                    split_piece(cell, &mut columns, piece, start, &mut current);
                }
                if end < text.len() {
                    lines.push(Line { cells: std::mem::take(&mut current) });
                }
                start = end;
            }
        }
        lines.push(Line { cells: current });
    }
    lines.retain(|l| !l.cells.is_empty());
    Some(Document { lines, text: doc.text.clone(), text_base: doc.text_base, findings: doc.findings.clone() })
}

/// Push `piece` (at byte `at` of `cell`'s text) as a cell, or as a label and its glued digits.
fn split_piece(cell: &Cell, columns: &mut Columns, piece: &str, at: usize, out: &mut Vec<Cell>) {
    let mut cell_of = |a: usize, b: usize| Cell {
        text: cell.text[a..b].to_string(),
        span: sub_span(&cell.span, &cell.text, columns, a, b),
    };
    match glued_digits(piece) {
        Some(d) => {
            out.push(cell_of(at, at + d));
            // No number but 0 starts with 0: each leading zero is a cell of its own.
            let (mut from, end) = (at + d, at + piece.trim_end().len());
            while end - from > 1 && cell.text.as_bytes()[from] == b'0' {
                out.push(cell_of(from, from + 1));
                from += 1;
            }
            out.push(cell_of(from, end));
        }
        None => out.push(cell_of(at, at + piece.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(s: &str) -> Vec<String> {
        let bounds: Vec<usize> = std::iter::once(0).chain(cuts(s)).chain([s.len()]).collect();
        bounds.windows(2).map(|w| s[w[0]..w[1]].to_string()).collect()
    }

    #[test]
    fn a_body_on_one_line_is_cut_where_rows_begin() {
        let s = "统计期限自2023年1月1日起。一、本年新收政府信息公开申请数量603000063二、上年结转政府信息公开申请数量0000000（四）无法提供1.本机关不掌握相关政府信息2710000282.没有现成信息需要另行制作0000000";
        assert_eq!(
            rows(s),
            [
                "统计期限自2023年1月1日起。",
                "一、本年新收政府信息公开申请数量603000063",
                "二、上年结转政府信息公开申请数量0000000",
                "（四）无法提供1.本机关不掌握相关政府信息271000028",
                "2.没有现成信息需要另行制作0000000"
            ]
        );
    }

    #[test]
    fn digits_glued_to_a_label() {
        assert_eq!(glued_digits("3.补正后申请内容仍不明确0"), Some("3.补正后申请内容仍不明确".len()));
        assert_eq!(glued_digits("2023"), None);
        assert_eq!(glued_digits("第二十条第（五）项"), None);
        assert_eq!(glued_digits("电话：0517-87221234"), None);
        assert_eq!(glued_digits("规章0010"), Some("规章".len()));
    }
}
