//! The HTML reader: portal pages and saved web pages.
//!
//! Encoding (DEPENDENCIES.md): a BOM decides; else a `<meta charset>` in the first 4 KB, unless
//! decoding with it reports malformed bytes (a lying declaration); else the text policy of
//! [`crate::decode`]. GB2312 labels are decoded as GB18030, which real pages need (镕).
//!
//! The DOM (html5ever, through `scraper`) is walked iteratively, so hostile nesting cannot
//! overflow the stack. Paragraph-like elements become one-cell lines; a data table (one without
//! tables inside it — portals nest whole pages in layout tables) becomes one line per row with its
//! rowspan/colspan resolved into empty padding cells, the same shape as Word's TSV. Scripts,
//! styles, `<head>`, `<nav>`, `<header>` and `<footer>` are left out.
//!
//! Provenance: html5ever reports no source offsets, so each text is found again in the source
//! by a forward scan (document order) that requires a tag or entity boundary on both sides; a
//! cell whose text cannot be found that way gets its table/row/cell position instead.

use ego_tree::iter::Edge;
use encoding_rs::{Encoding, GB18030, UTF_8};
use scraper::{Html, Node};
use xxgk_core::{Cell, Diagnostic, Document, Line, Severity, Span};

use crate::decode::{decode, NotText};

/// Largest rowspan/colspan honoured (hostile pages declare millions).
const MAX_SPAN: usize = 200;

/// Deepest element nesting parsed. Real report pages nest a few dozen levels; the HTML5 tree
/// builder checks element scopes in time proportional to the depth, so a page nested a hundred
/// thousand levels deep would take hours.
pub const MAX_DEPTH: usize = 2_000;

/// An upper estimate of the element nesting depth, from the tags alone.
fn nesting_depth(bytes: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[b"br", b"img", b"meta", b"link", b"input", b"hr", b"col", b"area", b"base", b"wbr", b"source", b"param", b"embed", b"track"];
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes.get(i..).and_then(|b| b.iter().position(|&c| c == b'<')) {
        i += off + 1;
        let close = bytes.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let name_len = bytes.get(start..).map_or(0, |b| b.iter().take_while(|c| c.is_ascii_alphanumeric()).count());
        if name_len == 0 {
            continue;
        }
        let name: Vec<u8> = bytes[start..start + name_len].iter().map(u8::to_ascii_lowercase).collect();
        if close {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_slice()) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The encoding declared by a `<meta>` in the first 4 KB, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)].iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta").map(|i| i + from) {
        let end = find(&head[i..], b">").map_or(head.len(), |e| i + e);
        let tag = &head[i..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest: Vec<u8> = rest.iter().copied().skip_while(|b| matches!(b, b' ' | b'=' | b'"' | b'\'')).collect();
            let label: Vec<u8> = rest.iter().copied().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')).collect();
            if let Some(enc) = Encoding::for_label(&label) {
                return Some(if enc.name() == "GBK" || enc.name() == "gb2312" { GB18030 } else { enc });
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decode an HTML page by the policy above.
fn decode_html(bytes: &[u8]) -> Result<(String, usize), NotText> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text.into_owned(), bom_len));
    }
    if let Some(enc) = declared_encoding(bytes) {
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { UTF_8 } else { enc };
        let (text, malformed) = enc.decode_without_bom_handling(bytes);
        if !malformed {
            return Ok((text.into_owned(), 0));
        }
    }
    decode(bytes).map(|d| (d.text, d.bom_len))
}

/// Why a page cannot be read.
#[derive(Debug, PartialEq)]
pub enum HtmlError {
    NotText(NotText),
    /// Elements nested deeper than [`MAX_DEPTH`] (the estimate is given).
    TooDeep(usize),
}

/// Finds texts again in the source, in document order.
struct Locator<'a> {
    src: &'a str,
    pos: usize,
    base: usize,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new(src: &'a str, base: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Locator { src, pos: 0, base, line_starts }
    }

    /// The span of the next occurrence of `text` that stands between tags or entities.
    fn find(&mut self, text: &str) -> Option<Span> {
        if text.is_empty() || text.contains(['<', '&']) {
            return None;
        }
        let mut from = self.pos;
        while let Some(i) = self.src.get(from..)?.find(text).map(|i| i + from) {
            let end = i + text.len();
            let before = self.src[..i].trim_end_matches(char::is_whitespace).chars().next_back();
            let after = self.src[end..].trim_start_matches(char::is_whitespace).chars().next();
            if matches!(before, Some('>' | ';') | None) && matches!(after, Some('<' | '&') | None) {
                self.pos = end;
                let line = self.line_starts.partition_point(|&s| s <= i);
                let col = self.src[self.line_starts[line - 1]..i].chars().count() + 1;
                return Some(Span::Text { line: line as u32, col: col as u32, byte: [self.base + i, self.base + end] });
            }
            from = end;
        }
        None
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "br" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "section" | "article" | "center"
            | "blockquote" | "pre" | "dd" | "dt" | "dl" | "table" | "tr" | "td" | "th" | "caption" | "main" | "form" | "hr"
    )
}

fn is_skipped(name: &str) -> bool {
    matches!(name, "script" | "style" | "head" | "noscript" | "template" | "iframe" | "svg" | "nav" | "header" | "footer" | "select" | "button")
}

/// Words of `class` and `id` that portals give their navigation, breadcrumbs, share buttons
/// and footers.
const CHROME_WORDS: &[&str] =
    &["nav", "navbar", "menu", "footer", "foot", "share", "crumb", "crumbs", "breadcrumb", "sidebar", "copyright", "bottom"];

/// Portal chrome marked by class or id (`<div class="footer">`) — never an element that holds a
/// table, however it is named.
fn is_chrome(node: ego_tree::NodeRef<'_, Node>, e: &scraper::node::Element) -> bool {
    let marked = [e.attr("class"), e.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|w| CHROME_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)));
    marked && !node.descendants().any(|d| matches!(d.value(), Node::Element(x) if x.name() == "table"))
}

/// A table being read: its rows so far, and the rowspans still covering columns.
#[derive(Default)]
struct Grid {
    index: u32,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    covered: Vec<usize>,
    cell_text: String,
    cell_span: Option<Span>,
    in_cell: bool,
    colspan: usize,
    rowspan: usize,
}

impl Grid {
    /// Pad the columns a rowspan from above still covers at the current position; each padding
    /// uses up one row of that span.
    fn pad_covered(&mut self) {
        while let Some(n) = self.covered.get_mut(self.row.len()).filter(|n| **n > 0) {
            *n -= 1;
            let col = self.row.len();
            self.row.push(self.padding(col));
        }
    }

    fn padding(&self, col: usize) -> Cell {
        Cell { text: String::new(), span: Span::Grid { table: self.index, row: self.rows.len() as u32 + 1, cell: col as u32 + 1 } }
    }

    fn end_cell(&mut self) {
        if !self.in_cell {
            return;
        }
        self.in_cell = false;
        self.pad_covered();
        let col = self.row.len();
        let text = collapse(&self.cell_text);
        let span = self.cell_span.take().filter(|_| !text.is_empty()).unwrap_or(Span::Grid {
            table: self.index,
            row: self.rows.len() as u32 + 1,
            cell: col as u32 + 1,
        });
        self.row.push(Cell { text, span });
        for k in 1..self.colspan {
            self.row.push(self.padding(col + k));
        }
        if self.covered.len() < self.row.len() {
            self.covered.resize(self.row.len(), 0);
        }
        for c in &mut self.covered[col..col + self.colspan] {
            *c = self.rowspan.saturating_sub(1).max(*c);
        }
        self.cell_text.clear();
    }

    fn end_row(&mut self) {
        self.end_cell();
        // Columns beyond the last cell that a rowspan from above still covers.
        for col in self.row.len()..self.covered.len() {
            if self.covered[col] > 0 {
                self.covered[col] -= 1;
                while self.row.len() <= col {
                    let c = self.row.len();
                    self.row.push(self.padding(c));
                }
            }
        }
        let row = std::mem::take(&mut self.row);
        if !row.is_empty() {
            self.rows.push(row);
        }
    }
}

fn span_attr(v: Option<&str>) -> usize {
    v.and_then(|s| s.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// Read an HTML page into a [`Document`].
pub fn read_html(bytes: &[u8]) -> Result<Document, HtmlError> {
    let depth = nesting_depth(bytes);
    if depth > MAX_DEPTH {
        return Err(HtmlError::TooDeep(depth));
    }
    let (text, base) = decode_html(bytes).map_err(HtmlError::NotText)?;
    let html = Html::parse_document(&text);
    let mut locator = Locator::new(&text, base);
    let mut lines: Vec<Line> = Vec::new();
    let mut para = String::new();
    let mut para_span: Option<Span> = None;
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut grids: Vec<(ego_tree::NodeId, Grid)> = Vec::new();
    let mut table_count = 0u32;
    let mut images = 0usize;
    let flush = |para: &mut String, span: &mut Option<Span>, lines: &mut Vec<Line>| {
        let t = collapse(para);
        if !t.is_empty() {
            let span = span.take().unwrap_or(Span::Grid { table: 0, row: lines.len() as u32 + 1, cell: 1 });
            lines.push(Line { cells: vec![Cell { text: t, span }] });
        }
        para.clear();
        *span = None;
    };
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) => {
                        let name = e.name();
                        if is_skipped(name) || is_chrome(node, e) {
                            skip = Some(node.id());
                            continue;
                        }
                        if name == "img" {
                            images += 1;
                        }
                        let data_table = name == "table"
                            && !node.descendants().skip(1).any(|d| matches!(d.value(), Node::Element(x) if x.name() == "table"));
                        if let Some((_, g)) = grids.last_mut() {
                            match name {
                                "tr" => g.end_row(),
                                "td" | "th" => {
                                    g.end_cell();
                                    g.in_cell = true;
                                    g.colspan = span_attr(e.attr("colspan"));
                                    g.rowspan = span_attr(e.attr("rowspan"));
                                }
                                _ if is_block(name) && g.in_cell => g.cell_text.push(' '),
                                _ => {}
                            }
                        } else if is_block(name) {
                            flush(&mut para, &mut para_span, &mut lines);
                        }
                        if data_table && grids.is_empty() {
                            table_count += 1;
                            grids.push((node.id(), Grid { index: table_count, ..Grid::default() }));
                        }
                    }
                    Node::Text(t) => {
                        let piece = t.trim();
                        if piece.is_empty() {
                            continue;
                        }
                        let span = locator.find(piece);
                        match grids.last_mut() {
                            Some((_, g)) if g.in_cell => {
                                if !g.cell_text.is_empty() {
                                    g.cell_text.push(' ');
                                }
                                g.cell_text.push_str(piece);
                                g.cell_span = merge(g.cell_span.take(), span);
                            }
                            Some(_) => {}
                            None => {
                                para.push_str(piece);
                                para.push(' ');
                                para_span = merge(para_span.take(), span);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                let Node::Element(e) = node.value() else { continue };
                if grids.last().is_some_and(|(id, _)| *id == node.id()) {
                    if let Some((_, mut g)) = grids.pop() {
                        g.end_row();
                        lines.extend(g.rows.into_iter().map(|cells| Line { cells }));
                    }
                } else if let Some((_, g)) = grids.last_mut() {
                    if matches!(e.name(), "td" | "th") {
                        g.end_cell();
                    }
                } else if is_block(e.name()) {
                    flush(&mut para, &mut para_span, &mut lines);
                }
            }
        }
    }
    flush(&mut para, &mut para_span, &mut lines);
    let mut findings = Vec::new();
    let has_numbers = lines.iter().any(|l| l.cells.len() > 1 && l.cells.iter().any(|c| c.text.bytes().any(|b| b.is_ascii_digit())));
    if !has_numbers && images > 0 {
        findings.push(Diagnostic::new(
            "NO-TABLE-TEXT",
            Severity::Error,
            format!("网页中没有可读取的表格文字（{images} 张图片）：统计表可能以图片形式发布，无法读取数值"),
            format!("the page has no table text ({images} images): the tables are probably published as images and hold no values to read"),
        ));
    }
    Ok(Document { lines, text: Some(text), text_base: base, findings })
}

/// The span covering two located texts (the first one's line and column).
fn merge(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(Span::Text { line, col, byte: [s, _] }), Some(Span::Text { byte: [_, e], .. })) => Some(Span::Text { line, col, byte: [s, e] }),
        (a @ Some(_), None) => a,
        (None, b) => b,
        (a, _) => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &Document) -> Vec<Vec<String>> {
        doc.lines.iter().map(|l| l.cells.iter().map(|c| c.text.clone()).collect()).collect()
    }

    #[test]
    fn tables_become_padded_grids_and_chrome_is_dropped() {
        let page = r#"<html><head><title>x</title><script>var a = "<td>9</td>";</script></head><body>
            <nav>首页 | 政务公开</nav>
            <p>二、主动公开政府信息情况</p>
            <table><tr><td colspan="3">第二十条第（一）项</td></tr>
            <tr><td rowspan="2">规章</td><td>1</td><td>2</td></tr>
            <tr><td>3</td><td>4</td></tr></table>
            <div class="share-box">分享到：微信</div><div id="footer">网站标识码</div>
            <footer>扫一扫在手机上查看当前页面</footer></body></html>"#;
        let doc = read_html(page.as_bytes()).unwrap();
        assert_eq!(
            texts(&doc),
            [vec!["二、主动公开政府信息情况"], vec!["第二十条第（一）项", "", ""], vec!["规章", "1", "2"], vec!["", "3", "4"]]
        );
        // The value 4 is located in the source.
        let Span::Text { byte, .. } = &doc.lines[3].cells[2].span else { panic!("{:?}", doc.lines[3].cells[2].span) };
        assert_eq!(&page[byte[0]..byte[1]], "4");
    }

    #[test]
    fn lying_charset_declarations_are_distrusted() {
        let body = "<html><head><meta charset=\"gb2312\"></head><body><p>朱镕基 规章</p></body></html>";
        let (gbk, _, _) = GB18030.encode(body);
        assert_eq!(texts(&read_html(&gbk).unwrap()), [vec!["朱镕基 规章"]]);
        // Declared GBK, actually UTF-8: the GBK decoding is malformed, so it is not trusted.
        let doc = read_html(body.as_bytes()).unwrap();
        assert_eq!(texts(&doc), [vec!["朱镕基 规章"]]);
    }

    #[test]
    fn deep_nesting_and_huge_spans_are_harmless() {
        let deep = format!("{}<p>一、总体情况</p>{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(read_html(deep.as_bytes()).unwrap_err(), HtmlError::TooDeep(100_001));
        let nested = format!("{}<p>一、总体情况</p>{}", "<div><br>".repeat(500), "</div>".repeat(500));
        assert_eq!(texts(&read_html(nested.as_bytes()).unwrap()), [vec!["一、总体情况"]]);
        let wide = r#"<table><tr><td colspan="99999999" rowspan="99999999">x</td><td>1</td></tr><tr><td>2</td></tr></table>"#;
        let doc = read_html(wide.as_bytes()).unwrap();
        assert!(doc.lines.iter().all(|l| l.cells.len() <= MAX_SPAN + 2));
    }

    #[test]
    fn image_tables_are_reported() {
        let doc = read_html("<body><p>三、收到和处理政府信息公开申请情况</p><img src=t3.png></body>".as_bytes()).unwrap();
        assert_eq!(doc.findings.len(), 1);
        assert_eq!(doc.findings[0].code, "NO-TABLE-TEXT");
    }
}
