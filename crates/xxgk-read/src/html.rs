//! The HTML reader: portal pages and saved web pages.
//!
//! Encoding (DEPENDENCIES.md): a BOM decides; else a `<meta charset>` in the first 4 KB, unless
//! decoding with it reports malformed bytes (a lying declaration); else the text policy of
//! [`crate::decode`]. GB2312 labels are decoded as GB18030, which real pages need (镕).
//!
//! The page is read from html5ever's spec tokenizer (the one `scraper` uses) in one pass, without
//! building a DOM: a report page needs paragraphs and table grids, not a tree, and skipping the
//! tree builder doubles the speed. What the tree builder would give that matters here is done on
//! the open-element stack kept below: end tags close every element opened after their match
//! (an end tag with no open match is ignored), a new `<td>`/`<tr>`/`<p>`/`<li>` closes its open
//! sibling, and a tag that cannot be in `<head>` closes it. The stack is a plain vector, so
//! hostile nesting costs linear time and no recursion.
//!
//! Paragraph-like elements become one-cell lines; a data table (one without tables inside it —
//! portals nest whole pages in layout tables) becomes one line per row with its rowspan/colspan
//! resolved into empty padding cells, the same shape as Word's TSV. Which tables are data tables
//! is known only once a nested table opens, so a table's cells are gathered as a grid and turned
//! into paragraphs if one does. Text inside a table but outside its cells is a line before the
//! table, as a browser shows it. Scripts, styles, `<head>`, `<nav>`, `<header>`, `<footer>` and
//! elements whose class or id marks them as portal chrome are left out.
//!
//! Provenance: the tokenizer reports no source offsets, so each text is found again in the
//! source by a forward scan (document order) that requires a tag or entity boundary on both
//! sides; a cell whose text cannot be found that way gets its table/row/cell position instead.

use std::cell::RefCell;

use encoding_rs::{Encoding, GB18030, UTF_8};
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::{local_name, LocalName};
use xxgk_core::i18n::Args;
use xxgk_core::{Cell, Diagnostic, Document, Line, Span};

use crate::decode::{decode, NotText};

/// Largest rowspan/colspan honoured (hostile pages declare millions).
const MAX_SPAN: usize = 200;

/// How many open elements an end tag may close at once.
const MAX_END_TAG_REACH: usize = 256;

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
            let label: Vec<u8> =
                rest.iter().copied().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')).collect();
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

/// Finds texts again in the source, in document order.
struct Locator<'a> {
    src: &'a str,
    pos: usize,
    base: usize,
    line_starts: Vec<usize>,
    /// The last text found: its line index, byte offset and column, so that the column of the
    /// next one on the same line is counted from there (portal pages put everything on one line).
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    fn new(src: &'a str, base: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Locator { src, pos: 0, base, line_starts, last: (0, 0, 1) }
    }

    /// The span of the next occurrence of `text` that stands between tags or entities.
    fn find(&mut self, text: &str) -> Option<Span> {
        if text.is_empty() || text.contains(['<', '&']) {
            return None;
        }
        let (src, needle) = (self.src.as_bytes(), text.as_bytes());
        let mut from = self.pos;
        // Texts are short and usually close ahead: a scan for the first byte beats setting up
        // a substring searcher per text. A match of the whole text starts on a char boundary.
        while let Some(i) = src.get(from..).and_then(|rest| memchr::memchr(needle[0], rest)).map(|i| i + from) {
            from = i + 1;
            if !src[i..].starts_with(needle) {
                continue;
            }
            let end = i + text.len();
            let before = self.src[..i].trim_end_matches(char::is_whitespace).chars().next_back();
            let after = self.src[end..].trim_start_matches(char::is_whitespace).chars().next();
            if matches!(before, Some('>' | ';') | None) && matches!(after, Some('<' | '&') | None) {
                self.pos = end;
                let (last_line, last_byte, last_col) = self.last;
                // Texts are found in order, so the line index only moves forward.
                let mut line = last_line;
                while self.line_starts.get(line + 1).is_some_and(|&s| s <= i) {
                    line += 1;
                }
                let col = if line == last_line {
                    last_col + self.src[last_byte..i].chars().count()
                } else {
                    self.src[self.line_starts[line]..i].chars().count() + 1
                };
                self.last = (line, i, col);
                return Some(Span::Text {
                    line: line as u32 + 1,
                    col: col as u32,
                    byte: [self.base + i, self.base + end],
                });
            }
        }
        None
    }
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "center"
            | "blockquote"
            | "pre"
            | "dd"
            | "dt"
            | "dl"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "main"
            | "form"
            | "hr"
    )
}

fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "head"
            | "title"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "nav"
            | "header"
            | "footer"
            | "select"
            | "button"
    )
}

/// Elements that have no end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img"
            | "meta"
            | "link"
            | "input"
            | "hr"
            | "col"
            | "area"
            | "base"
            | "wbr"
            | "source"
            | "param"
            | "embed"
            | "track"
            | "keygen"
    )
}

/// What may stand in `<head>`; any other start tag closes it.
fn in_head(name: &str) -> bool {
    matches!(
        name,
        "meta"
            | "link"
            | "title"
            | "script"
            | "style"
            | "base"
            | "noscript"
            | "template"
            | "basefont"
            | "bgsound"
            | "noframes"
    )
}

/// How the tokenizer must read an element's content: as text up to its end tag, not as markup.
fn raw_kind(name: &str) -> Option<TokenSinkResult<()>> {
    Some(match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => return None,
    })
}

/// Words of `class` and `id` that portals give their navigation, breadcrumbs, share buttons
/// and footers.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "share",
    "crumb",
    "crumbs",
    "breadcrumb",
    "sidebar",
    "copyright",
    "bottom",
];

/// Portal chrome marked by class or id (`<div class="footer">`). Whether it holds a table —
/// then it is kept, however it is named — is known only at its end.
fn is_chrome(tag: &Tag) -> bool {
    tag.attrs
        .iter()
        .filter(|a| a.name.local == local_name!("class") || a.name.local == local_name!("id"))
        .flat_map(|a| a.value.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|w| CHROME_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
}

/// A table being read: its rows so far, and the rowspans still covering columns; and, in case
/// a table inside shows it is a layout table, its text as the paragraphs it is then read as.
#[derive(Default)]
struct Grid {
    index: u32,
    /// The table's text as paragraphs: their text one after another, and where each ends.
    layout_text: String,
    layout_ends: Vec<(usize, Option<Span>)>,
    layout_span: Option<Span>,
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
    fn layout_piece(&mut self, piece: &str, span: Option<Span>) {
        self.layout_text.push(' ');
        self.layout_text.push_str(piece);
        self.layout_span = merge(self.layout_span.take(), span);
    }

    fn layout_break(&mut self) {
        if self.layout_ends.last().map_or(0, |(end, _)| *end) < self.layout_text.len() {
            self.layout_ends.push((self.layout_text.len(), self.layout_span.take()));
        }
    }

    /// The table read as paragraphs, once a table inside shows it is a layout table.
    fn into_paragraphs(mut self) -> impl Iterator<Item = Line> {
        self.layout_break();
        let text = self.layout_text;
        let mut start = 0;
        self.layout_ends.into_iter().enumerate().map(move |(i, (end, span))| {
            let line = Line {
                cells: vec![Cell {
                    text: collapse(&text[start..end]),
                    span: span.unwrap_or(Span::Grid { table: self.index, row: i as u32 + 1, cell: 1 }),
                }],
            };
            start = end;
            line
        })
    }

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
        Cell {
            text: String::new(),
            span: Span::Grid { table: self.index, row: self.rows.len() as u32 + 1, cell: col as u32 + 1 },
        }
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

fn span_attr(tag: &Tag, name: LocalName) -> usize {
    let value = tag.attrs.iter().find(|a| a.name.local == name).map(|a| &*a.value);
    value.and_then(|s| s.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// How much had been read when a chrome element opened, to drop what it held at its end.
enum Mark {
    /// Lines of the page.
    Lines(usize),
    /// Inside a table: its text as paragraphs (chrome inside a data cell is kept as data).
    Layout { ends: usize, text: usize },
}

/// The reader's state while the tokenizer runs.
struct Walk<'a> {
    locator: Locator<'a>,
    lines: Vec<Line>,
    /// The paragraph being gathered outside tables, and where its text was found.
    para: String,
    para_span: Option<Span>,
    /// Character tokens not handled yet: the tokenizer splits one text at entities.
    pending: String,
    /// The open elements, outermost first.
    stack: Vec<LocalName>,
    /// The stack index of the element whose content is left out.
    skip: Option<usize>,
    /// Chrome elements open: their stack index and what had been read at their start.
    chrome: Vec<(usize, Mark)>,
    /// The innermost table while it can still be a data table: its stack index and grid.
    grid: Option<(usize, Grid)>,
    /// Tables opened so far: a cell whose text is not found in the source is placed by number.
    tables: u32,
    /// Images outside skipped elements: a page with images and no table text gets NO-TABLE-TEXT.
    images: usize,
}

impl Walk<'_> {
    fn token(&mut self, token: Token) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) => self.pending.push_str(&t),
            Token::NullCharacterToken | Token::ParseError(_) => {}
            Token::TagToken(tag) => {
                self.text();
                return match tag.kind {
                    TagKind::StartTag => self.start(tag),
                    TagKind::EndTag => {
                        self.end(&tag.name);
                        TokenSinkResult::Continue
                    }
                };
            }
            Token::CommentToken(_) | Token::DoctypeToken(_) => self.text(),
            Token::EOFToken => {
                self.text();
                self.pop_to(0);
                self.flush();
            }
        }
        TokenSinkResult::Continue
    }

    /// Handle the text gathered since the last tag.
    fn text(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let piece = pending.trim();
        if !piece.is_empty() {
            // Text cannot stand in <head> itself: it starts the body.
            if let Some(i) = self.skip.filter(|&i| i + 1 == self.stack.len() && &*self.stack[i] == "head") {
                self.pop_to(i);
            }
            if self.skip.is_none() {
                let span = self.locator.find(piece);
                match &mut self.grid {
                    Some((_, g)) if g.in_cell => {
                        if !g.cell_text.is_empty() {
                            g.cell_text.push(' ');
                        }
                        g.cell_text.push_str(piece);
                        g.cell_span = merge(g.cell_span.clone(), span.clone());
                        g.layout_piece(piece, span);
                    }
                    grid => {
                        self.para.push_str(piece);
                        self.para.push(' ');
                        self.para_span = merge(self.para_span.take(), span);
                        // Text between a table's cells is shown before the table.
                        if let Some((_, g)) = grid {
                            g.layout_break();
                            if let Some(line) = self.paragraph() {
                                self.lines.push(line);
                            }
                        }
                    }
                }
            }
        }
        self.pending = pending;
        self.pending.clear();
    }

    /// The paragraph gathered so far, as a line.
    fn paragraph(&mut self) -> Option<Line> {
        let text = collapse(&self.para);
        self.para.clear();
        let span = self.para_span.take();
        if text.is_empty() {
            return None;
        }
        let span = span.unwrap_or(Span::Grid { table: 0, row: self.lines.len() as u32 + 1, cell: 1 });
        Some(Line { cells: vec![Cell { text, span }] })
    }

    /// End the paragraph; inside a table, it is kept for the case the table is for layout.
    fn flush(&mut self) {
        match &mut self.grid {
            Some((_, g)) => g.layout_break(),
            None => {
                if let Some(line) = self.paragraph() {
                    self.lines.push(line);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if let Some(i) = self.skip.filter(|&i| &*self.stack[i] == "head" && !in_head(name)) {
            self.pop_to(i);
        }
        // A new cell or row of a data table ends the open one with all it holds (unclosed
        // paragraphs and spans included); a new paragraph or list item ends its open sibling.
        match (name, &self.grid) {
            ("td" | "th" | "tr", Some((table, _))) => {
                let closes: &[&str] = if name == "tr" { &["tr"] } else { &["td", "th"] };
                let from = table + 1;
                // Not past the row when a cell opens.
                let row = self.stack[from..].iter().rposition(|e| &**e == "tr").map_or(from, |i| from + i);
                let within = if name == "tr" { from } else { row };
                if let Some(i) = self.stack[within..].iter().rposition(|e| closes.contains(&&**e)) {
                    self.pop_to(within + i);
                }
            }
            ("p" | "li" | "option" | "dt" | "dd", _) => {
                while self.stack.last().is_some_and(|top| &**top == name) {
                    self.pop();
                }
            }
            _ => {}
        }
        let raw = raw_kind(name).unwrap_or(TokenSinkResult::Continue);
        // Self-closing tags close only in SVG and MathML, as in browsers.
        let void = is_void(name) || (tag.self_closing && (self.skip.is_some() || matches!(name, "svg" | "math")));
        if self.skip.is_none() && is_skipped(name) && !void {
            self.skip = Some(self.stack.len());
        }
        if self.skip.is_some() {
            if !void {
                self.stack.push(tag.name);
            }
            return raw;
        }
        if name == "img" {
            self.images += 1;
            // An image in the text stands as a line of its own, so that the extractor can tell
            // a table published as an image from a table left out (TABLE-AS-IMAGE).
            if self.grid.is_none() {
                self.flush();
                self.para.push(xxgk_core::document::IMAGE);
                self.flush();
            }
        }
        if is_block(name) {
            self.flush();
        }
        if name == "table" {
            self.chrome.clear();
            if let Some((_, g)) = self.grid.take() {
                self.lines.extend(g.into_paragraphs());
            }
            self.tables += 1;
            self.grid = Some((self.stack.len(), Grid { index: self.tables, ..Grid::default() }));
        } else if let Some((_, g)) = &mut self.grid {
            match name {
                "tr" => g.end_row(),
                "td" | "th" => {
                    g.end_cell();
                    g.in_cell = true;
                    g.colspan = span_attr(&tag, local_name!("colspan"));
                    g.rowspan = span_attr(&tag, local_name!("rowspan"));
                }
                _ if is_block(name) && g.in_cell => g.cell_text.push(' '),
                _ => {}
            }
        }
        if !void && name != "table" && is_chrome(&tag) {
            self.flush();
            let mark = match &self.grid {
                Some((_, g)) => Mark::Layout { ends: g.layout_ends.len(), text: g.layout_text.len() },
                None => Mark::Lines(self.lines.len()),
            };
            self.chrome.push((self.stack.len(), mark));
        }
        if !void {
            self.stack.push(tag.name);
        }
        raw
    }

    fn end(&mut self, name: &LocalName) {
        if &**name == "br" {
            // Browsers read </br> as <br>.
            if self.skip.is_none() {
                if let Some((_, g)) = &mut self.grid {
                    g.cell_text.push(' ');
                }
                self.flush();
            }
            return;
        }
        // The match is looked for among the innermost elements only, so that hostile pages (deep
        // nesting, then many unmatched end tags) cost linear time; real pages close what they
        // opened a few levels up.
        if &**name == "table" {
            if let Some((table, _)) = self.grid {
                self.pop_to(table);
                return;
            }
        }
        let depth = self.stack.iter().rev().take(MAX_END_TAG_REACH).position(|open| open == name);
        if let Some(depth) = depth {
            self.pop_to(self.stack.len() - depth - 1);
        }
    }

    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    /// Close the innermost open element.
    fn pop(&mut self) {
        let Some(name) = self.stack.pop() else { return };
        let index = self.stack.len();
        if self.skip.is_some() {
            if self.skip == Some(index) {
                self.skip = None;
            }
            return;
        }
        if is_block(&name) {
            self.flush();
        }
        if self.grid.as_ref().is_some_and(|(i, _)| *i == index) {
            if let Some((_, mut g)) = self.grid.take() {
                g.end_row();
                self.lines.extend(g.rows.into_iter().map(|cells| Line { cells }));
            }
        } else if let Some((_, g)) = &mut self.grid {
            if matches!(&*name, "td" | "th") {
                g.end_cell();
            }
        }
        if self.chrome.last().is_some_and(|(i, _)| *i == index) {
            self.flush();
            match (self.chrome.pop(), &mut self.grid) {
                (Some((_, Mark::Lines(n))), _) => self.lines.truncate(n),
                (Some((_, Mark::Layout { ends, text })), Some((_, g))) => {
                    g.layout_ends.truncate(ends);
                    g.layout_text.truncate(text);
                    g.layout_span = None;
                }
                _ => {}
            }
        }
    }
}

/// The tokenizer's sink: it hands out `&self` only.
struct Sink<'a>(RefCell<Walk<'a>>);

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().token(token)
    }
}

/// Walk `html`, finding its texts again in `src` (the page itself, or the page whose script
/// holds `html` as a string); returns the lines and the number of images.
fn walk(html: &str, src: &str, base: usize) -> (Vec<Line>, usize) {
    let walk = Walk {
        locator: Locator::new(src, base),
        lines: Vec::new(),
        para: String::new(),
        para_span: None,
        pending: String::new(),
        stack: Vec::new(),
        skip: None,
        chrome: Vec::new(),
        grid: None,
        tables: 0,
        images: 0,
    };
    let tokenizer = Tokenizer::new(Sink(RefCell::new(walk)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    // The sink never asks to pause for a script, so one feed reads the whole page.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let Walk { lines, images, .. } = tokenizer.sink.0.into_inner();
    (lines, images)
}

/// The text of the page's `<title>` as a line, with its place in the source.
fn page_title(text: &str, base: usize) -> Option<Line> {
    let lower = text.get(..text.len().min(64 * 1024))?.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let raw = &text[start..end];
    let title = collapse(raw);
    // Only a title that names a report: a site's name says nothing.
    if raw.contains('&') || !(title.contains("年度报告") || title.contains("年报")) {
        return None;
    }
    let lead = raw.len() - raw.trim_start().len();
    let at = start + lead;
    let line = text[..at].matches('\n').count();
    let col = text[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let span = Span::Text { line: line as u32 + 1, col: col as u32, byte: [base + at, base + at + raw.trim().len()] };
    Some(Line { cells: vec![Cell { text: title, span }] })
}

fn has_table_numbers(lines: &[Line]) -> bool {
    lines.iter().any(|l| l.cells.len() > 1 && l.cells.iter().any(|c| c.text.bytes().any(|b| b.is_ascii_digit())))
}

/// Read an HTML page into a [`Document`]. A page whose tables come only inside a script — CMS
/// pages that ship the article as `let content = "<p…><table border=\"1\">…"` — is read
/// from that string; it is never run.
pub fn read_html(bytes: &[u8]) -> Result<Document, NotText> {
    let (text, base) = decode_html(bytes)?;
    let (mut lines, mut images) = walk(&text, &text, base);
    if !has_table_numbers(&lines) {
        let embedded: String = crate::script::html_strings(&text).concat();
        if !embedded.is_empty() {
            let (inner, inner_images) = walk(&embedded, &text, base);
            if has_table_numbers(&inner) {
                lines.extend(inner);
                images += inner_images;
            }
        }
    }
    if !lines.iter().take(40).any(|l| l.cells.iter().any(|c| c.text.contains("年度报告") || c.text.contains("年报")))
    {
        // No heading names the report: the page's <title> may (CMS pages that print the title
        // as an image, or not at all).
        if let Some(line) = page_title(&text, base) {
            lines.insert(0, line);
        }
    }
    let mut findings = Vec::new();
    let has_numbers = has_table_numbers(&lines);
    if !has_numbers && images > 0 {
        findings.push(Diagnostic::new("NO-TABLE-TEXT", "finding-no-table-text", Args::new().with("images", images)));
    }
    Ok(Document { lines, text: Some(text.into()), text_base: base, findings })
}

/// The span covering two located texts (the first one's line and column).
fn merge(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(Span::Text { line, col, byte: [s, _] }), Some(Span::Text { byte: [_, e], .. })) => {
            Some(Span::Text { line, col, byte: [s, e] })
        }
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
            [
                vec!["二、主动公开政府信息情况"],
                vec!["第二十条第（一）项", "", ""],
                vec!["规章", "1", "2"],
                vec!["", "3", "4"]
            ]
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
        assert_eq!(texts(&read_html(deep.as_bytes()).unwrap()), [vec!["一、总体情况"]]);
        let nested = format!("{}<p>一、总体情况</p>{}", "<div><br>".repeat(500), "</div>".repeat(500));
        assert_eq!(texts(&read_html(nested.as_bytes()).unwrap()), [vec!["一、总体情况"]]);
        let wide =
            r#"<table><tr><td colspan="99999999" rowspan="99999999">x</td><td>1</td></tr><tr><td>2</td></tr></table>"#;
        let doc = read_html(wide.as_bytes()).unwrap();
        assert!(doc.lines.iter().all(|l| l.cells.len() <= MAX_SPAN + 2));
    }

    #[test]
    fn tag_soup_is_read_as_browsers_show_it() {
        // No </head>, no <body>: the first text ends the head. Unclosed cells and rows, text
        // between cells, an unmatched end tag, </br>, a self-closing SVG icon.
        let page = "<html><head><title>标题</title><meta charset=utf-8>一、总体情况\
            <table>表二<tr><td>规章<td>1<tr><td>规范性文件<td>2</span></table>\
            <p>甲</br>乙<svg class=\"icon\"/>丙</p>";
        assert_eq!(
            texts(&read_html(page.as_bytes()).unwrap()),
            [vec!["一、总体情况"], vec!["表二"], vec!["规章", "1"], vec!["规范性文件", "2"], vec!["甲"], vec!["乙 丙"]]
        );
    }

    #[test]
    fn sloppy_tables_keep_their_shape() {
        // Cells and rows never closed, each holding an unclosed paragraph and span: the next
        // cell or row closes them, and </table> closes the table however deep they piled up.
        let row = |k: usize| format!("<tr><td><p><span>第{k}行<td><p><span>{k}");
        let page = format!("<table>{}</table><p>表后", (1..=300).map(row).collect::<String>());
        let doc = read_html(page.as_bytes()).unwrap();
        assert_eq!(doc.lines.len(), 301);
        assert_eq!(texts(&doc)[299], ["第300行", "300"]);
        assert_eq!(texts(&doc)[300], ["表后"]);
    }

    #[test]
    fn layout_tables_are_read_as_paragraphs() {
        // The outer table holds a table, so its cells are paragraphs, one per block inside them;
        // chrome without a table is dropped, chrome around the data table is kept.
        let page = "<table><tr><td><div class=menu>首页</div><h1>年度报告</h1><p>一、总体情况</p><p>正文</p>\
            <div class=bottom><table><tr><td>规章</td><td>3</td></tr></table></div></td></tr></table>";
        assert_eq!(
            texts(&read_html(page.as_bytes()).unwrap()),
            [vec!["年度报告"], vec!["一、总体情况"], vec!["正文"], vec!["规章", "3"]]
        );
    }

    #[test]
    fn image_tables_are_reported() {
        let doc =
            read_html("<body><p>三、收到和处理政府信息公开申请情况</p><img src=t3.png></body>".as_bytes()).unwrap();
        assert_eq!(doc.findings.len(), 1);
        assert_eq!(doc.findings[0].code, "NO-TABLE-TEXT");
    }
}
