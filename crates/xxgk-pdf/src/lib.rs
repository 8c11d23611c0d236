//! xxgk-pdf: read a PDF report into an xxgk [`Document`].
//!
//! Reports are Word/WPS exports: every character is a glyph with a box, and tables are nothing
//! but glyphs at the right places. The library behind [`GlyphSource`] only has to deliver glyphs;
//! lines and cells are rebuilt here from their positions (as `pdftotext -layout` does): glyphs
//! whose vertical centres agree form a line, wide horizontal gaps separate cells, and each cell
//! keeps its page and bounding box as provenance. The extractor then treats the lines like any
//! layout text (vertical group labels, wrapped labels, page numbers inside tables).
//!
//! A PDF without a text layer (a scan) or whose fonts do not map to Unicode gets a finding
//! (`NO-TEXT-LAYER`, `UNREADABLE-FONT`) and no lines: numbers are never read from garbage.
//!
//! ```
//! use xxgk_pdf::{layout, Glyph, GlyphSource};
//!
//! /// A page of one table row: its label, and far to the right its value.
//! struct Row;
//!
//! impl GlyphSource for Row {
//!     fn page_count(&self) -> usize {
//!         1
//!     }
//!     fn glyphs(&self, _page: usize) -> Result<Vec<Glyph>, String> {
//!         let at = |ch, x0: f32, width: f32| Glyph { ch, x0, y0: 700.0, x1: x0 + width, y1: 712.0 };
//!         Ok(vec![at('总', 72.0, 12.0), at('计', 84.0, 12.0), at('1', 300.0, 6.0), at('2', 306.0, 6.0)])
//!     }
//! }
//!
//! let doc = layout(&Row).unwrap();
//! let cells: Vec<&str> = doc.lines[0].cells.iter().map(|c| c.text.as_str()).collect();
//! assert_eq!(cells, ["总计", "12"]);
//! ```

use std::cell::Cell as Flag;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use xxgk_core::i18n::Args;
use xxgk_core::normalize::{is_page_number, numeric_split};
use xxgk_core::{Cell, Diagnostic, Document, Line, Span};

/// One glyph: its character and box in PDF user space (points, y upwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character it draws.
    pub ch: char,
    /// Left edge.
    pub x0: f32,
    /// Bottom edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Top edge.
    pub y1: f32,
}

impl Glyph {
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    fn h(&self) -> f32 {
        (self.y1 - self.y0).max(1.0)
    }
}

/// What a PDF library must provide: pages of glyphs.
pub trait GlyphSource {
    /// How many pages the document has.
    fn page_count(&self) -> usize;
    /// Every glyph of page `page` (0-based), in any order; an `Err` holds the library's words for a
    /// page it cannot read, and makes the whole PDF unreadable.
    fn glyphs(&self, page: usize) -> Result<Vec<Glyph>, String>;
    /// The horizontal rules the page draws (cell borders), as `[x0, y, x1]` in PDF user space.
    fn rules(&self, _page: usize) -> Vec<[f32; 3]> {
        Vec::new()
    }
}

/// Why a PDF cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// The file is not a PDF the library can parse (truncated, corrupt).
    Invalid(String),
    /// Encrypted with a password we do not have.
    Encrypted,
    /// The library failed on this file (a bug in it, caught).
    LibraryFailure,
}

/// The `pdf_oxide` back end.
struct Oxide(pdf_oxide::document::PdfDocument);

impl GlyphSource for Oxide {
    fn page_count(&self) -> usize {
        self.0.page_count().unwrap_or(0)
    }

    fn glyphs(&self, page: usize) -> Result<Vec<Glyph>, String> {
        let chars = self.0.extract_chars(page).map_err(|e| e.to_string())?;
        let glyphs: Vec<Glyph> = chars
            .iter()
            .map(|c| Glyph {
                ch: c.char,
                x0: c.bbox.x,
                y0: c.bbox.y,
                x1: c.bbox.x + c.bbox.width,
                y1: c.bbox.y + c.bbox.height,
            })
            .collect();
        if !glyphs.iter().any(|g| garbled(g.ch)) {
            return Ok(glyphs);
        }
        // The library's glyph-by-glyph text garbles some mappings (a browser's Type3 fonts map
        // CJK characters to Kangxi radicals, which come out as Latin-1 bytes) that its spans
        // decode right: where a span's glyphs do not spell the span, the span's text is used.
        let spans = self.0.extract_spans(page).map_err(|e| e.to_string())?;
        let runs: Vec<Run> = spans
            .iter()
            .map(|s| Run {
                text: s.text.clone(),
                bbox: [s.bbox.x, s.bbox.y, s.bbox.x + s.bbox.width, s.bbox.y + s.bbox.height],
            })
            .collect();
        Ok(respell(glyphs, &runs))
    }

    fn rules(&self, page: usize) -> Vec<[f32; 3]> {
        use pdf_oxide::elements::PathOperation as Op;
        let Ok(paths) = self.0.extract_paths(page) else { return Vec::new() };
        let mut out = Vec::new();
        let mut add = |x0: f32, x1: f32, y: f32| {
            if (x1 - x0).abs() > 3.0 && y.is_finite() {
                out.push([x0.min(x1), y, x0.max(x1)]);
            }
        };
        for path in &paths {
            let mut at: Option<(f32, f32)> = None;
            for op in &path.operations {
                match *op {
                    Op::MoveTo(x, y) => at = Some((x, y)),
                    Op::LineTo(x, y) => {
                        if let Some((px, py)) = at {
                            if (py - y).abs() < 0.5 {
                                add(px, x, y);
                            }
                        }
                        at = Some((x, y));
                    }
                    // A thin filled box is a rule; a cell's outline gives its top and bottom.
                    Op::Rectangle(x, y, w, h) if h.abs() < 2.5 => add(x, x + w, y + h / 2.0),
                    Op::Rectangle(x, y, w, h) if path.stroke_color.is_some() => {
                        add(x, x + w, y);
                        add(x, x + w, y + h);
                    }
                    Op::CurveTo(_, _, _, _, x, y) => at = Some((x, y)),
                    _ => {}
                }
            }
        }
        out
    }
}

/// A character no Chinese report's text has but a garbled glyph mapping does.
fn garbled(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{b6}' | '\u{b8}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{ff}' | '\u{192}')
}

/// The glyphs of a page with every span whose glyphs do not spell it replaced by the span's own
/// text, laid out across the span's box (a full-width character one unit wide, others half).
fn respell(glyphs: Vec<Glyph>, spans: &[Run]) -> Vec<Glyph> {
    let inside = |g: &Glyph, b: &[f32; 4]| {
        let (cx, cy) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        cx >= b[0] - 0.5 && cx <= b[2] + 0.5 && cy >= b[1] - 0.5 && cy <= b[3] + 0.5
    };
    let mut owner: Vec<Option<usize>> = vec![None; glyphs.len()];
    for (k, span) in spans.iter().enumerate() {
        for (i, g) in glyphs.iter().enumerate() {
            if owner[i].is_none() && inside(g, &span.bbox) {
                owner[i] = Some(k);
            }
        }
    }
    let solid = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut out = Vec::with_capacity(glyphs.len());
    for (k, span) in spans.iter().enumerate() {
        let mine: Vec<&Glyph> = glyphs.iter().zip(&owner).filter(|(_, o)| **o == Some(k)).map(|(g, _)| g).collect();
        let spelled: String = mine.iter().map(|g| g.ch).collect();
        if solid(&spelled) == solid(&span.text) {
            out.extend(mine.into_iter().cloned());
            continue;
        }
        let width = |c: char| if c.is_ascii() || ('\u{ff61}'..='\u{ffdc}').contains(&c) { 0.5 } else { 1.0 };
        let units: f32 = span.text.chars().map(width).sum();
        let unit = if units > 0.0 { (span.bbox[2] - span.bbox[0]) / units } else { 0.0 };
        let mut x = span.bbox[0];
        for c in span.text.chars() {
            let w = width(c) * unit;
            if !c.is_whitespace() {
                out.push(Glyph { ch: c, x0: x, y0: span.bbox[1], x1: x + w, y1: span.bbox[3] });
            }
            x += w;
        }
    }
    // Glyphs in no span are kept unless garbled.
    out.extend(glyphs.iter().zip(&owner).filter(|(g, o)| o.is_none() && !garbled(g.ch)).map(|(g, _)| g.clone()));
    out
}

thread_local! {
    /// Set while a library call runs under [`guarded`].
    static GUARDED: Flag<bool> = const { Flag::new(false) };
}

/// Run a call into the PDF library, turning its panics into `Err` without the panic message:
/// a damaged file is reported as such, not as a crash trace on standard error. Panics elsewhere
/// still reach the previous hook.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, PdfError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Flag::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|_| PdfError::LibraryFailure)
}

/// Most pages read; a report has a handful.
const MAX_PAGES: usize = 500;

/// Open a PDF and read it. Library panics on hostile files are caught and reported.
pub fn read_pdf(bytes: &[u8]) -> Result<Document, PdfError> {
    let data = bytes.to_vec();
    let opened = guarded(|| pdf_oxide::document::PdfDocument::from_bytes(data))?
        .map_err(|e| PdfError::Invalid(e.to_string()))?;
    if opened.is_encrypted() && !matches!(guarded(|| opened.authenticate(b""))?, Ok(true)) {
        return Err(PdfError::Encrypted);
    }
    let source = Oxide(opened);
    guarded(|| layout(&source))?
}

/// Rebuild lines and cells from any glyph source.
pub fn layout(source: &dyn GlyphSource) -> Result<Document, PdfError> {
    let mut lines = Vec::new();
    let (mut total, mut han, mut garbage) = (0usize, 0usize, 0usize);
    let pages = source.page_count().min(MAX_PAGES);
    let mut by_page: Vec<Vec<Line>> = Vec::with_capacity(pages);
    for page in 0..pages {
        let glyphs = source.glyphs(page).map_err(PdfError::Invalid)?;
        for g in &glyphs {
            if g.ch.is_whitespace() {
                continue;
            }
            total += 1;
            if ('\u{4E00}'..='\u{9FFF}').contains(&g.ch) {
                han += 1;
            }
            if g.ch == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&g.ch) || g.ch.is_control() {
                garbage += 1;
            }
        }
        let mut mine = Vec::new();
        page_lines(page as u32 + 1, glyphs, &mut mine);
        join_wrapped_numbers(&mut mine, &|| source.rules(page));
        by_page.push(mine);
    }
    drop_furniture(&mut by_page);
    lines.extend(by_page.into_iter().flatten());
    let mut findings = Vec::new();
    if total == 0 {
        findings.push(Diagnostic::new("NO-TEXT-LAYER", "finding-no-text-layer", Args::new().with("pages", pages)));
    } else if garbage * 10 > total || (total >= 200 && han * 20 < total) {
        findings.push(Diagnostic::new(
            "UNREADABLE-FONT",
            "finding-unreadable-font",
            Args::new().with("glyphs", total).with("han", han).with("garbage", garbage),
        ));
        lines.clear();
    }
    Ok(Document { lines, text: None, text_base: 0, findings })
}

/// A glyph run that belongs together: a word, or a cell of words.
struct Run {
    text: String,
    bbox: [f32; 4],
}

impl Run {
    fn new(g: &Glyph) -> Run {
        Run { text: g.ch.to_string(), bbox: [g.x0, g.y0, g.x1, g.y1] }
    }

    fn extend(&mut self, g: &Glyph) {
        self.text.push(g.ch);
        self.bbox = [self.bbox[0].min(g.x0), self.bbox[1].min(g.y0), self.bbox[2].max(g.x1), self.bbox[3].max(g.y1)];
    }
}

/// Lines of one page, top to bottom.
fn page_lines(page: u32, mut glyphs: Vec<Glyph>, out: &mut Vec<Line>) {
    glyphs.retain(|g| !g.ch.is_whitespace() && g.x1.is_finite() && g.y1.is_finite());
    glyphs.sort_by(|a, b| b.cy().total_cmp(&a.cy()).then(a.x0.total_cmp(&b.x0)));
    // Group by vertical centre: a glyph joins the line when its centre lies within 40 % of the
    // smaller height of the line's mean centre (labels and larger digits of one row agree).
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut mean = 0f32;
    let mut height = 0f32;
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.cy() - mean).abs() <= 0.4 * g.h().min(height) => {
                row.push(g);
                let n = row.len() as f32;
                mean += (g.cy() - mean) / n;
                height = height.max(g.h());
            }
            _ => {
                mean = g.cy();
                height = g.h();
                rows.push(vec![g]);
            }
        }
    }
    for mut row in rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        if let Some(line) = row_line(page, &row) {
            out.push(line);
        }
    }
}

/// Split one row of glyphs into cells: a gap wider than 1.2 em separates cells, a gap wider
/// than 0.25 em separates words inside a cell.
fn row_line(page: u32, row: &[Glyph]) -> Option<Line> {
    let mut cells: Vec<Vec<Run>> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for g in row {
        let em = prev.map_or(g.h(), |p| p.h().min(g.h()));
        let gap = prev.map_or(f32::INFINITY, |p| g.x0 - p.x1);
        match cells.last_mut() {
            Some(cell) if gap <= 1.2 * em => {
                let word = cell.last_mut().expect("cells are never empty");
                if gap > 0.25 * em {
                    cell.push(Run::new(g));
                } else {
                    word.extend(g);
                }
            }
            _ => cells.push(vec![Run::new(g)]),
        }
        prev = Some(g);
    }
    let joined: String = cells.iter().flatten().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    if is_page_number(&joined) {
        return None;
    }
    let mut out = Vec::new();
    for words in cells {
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        match numeric_split(&texts) {
            None => out.push(merge(&words)),
            Some(k) => {
                if k > 0 {
                    out.push(merge(&words[..k]));
                }
                out.extend(words[k..].iter().map(|w| merge(std::slice::from_ref(w))));
            }
        }
    }
    let cells = out.into_iter().map(|r| Cell { text: r.text, span: Span::Page { page, bbox: r.bbox } }).collect();
    Some(Line { cells })
}

/// Running headers and footers — a browser's date, title, the file's URL and "1/5", a Word
/// header — are the first or last line of every page, the same but for their digits: dropped
/// (twice over, for a header of two lines). A document of one page keeps its lines.
fn drop_furniture(pages: &mut [Vec<Line>]) {
    let key = |l: &Line| -> String {
        l.cells
            .iter()
            .flat_map(|c| c.text.chars())
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let with_lines = pages.iter().filter(|p| !p.is_empty()).count();
    if with_lines < 2 {
        return;
    }
    for _ in 0..2 {
        for top in [true, false] {
            let keys: Vec<String> =
                pages.iter().filter_map(|p| if top { p.first() } else { p.last() }).map(key).collect();
            if keys.len() == with_lines && !keys[0].is_empty() && keys.iter().all(|k| *k == keys[0]) {
                for p in pages.iter_mut() {
                    if top {
                        p.remove(0);
                    } else {
                        p.pop();
                    }
                }
            }
        }
    }
}

/// A number wrapped inside a narrow cell ("1115" above "7") is one value: joined when the lower
/// part sits under the upper one, close below it, with no rule between them, in a table whose
/// rows are ruled there (a rule above the upper part and one below the lower, near). Where the
/// page draws no rules nothing is joined: the gap alone cannot tell a wrap from the next row.
fn join_wrapped_numbers(lines: &mut Vec<Line>, rules_of_page: &dyn Fn() -> Vec<[f32; 3]>) {
    // The page's rules are read only when two numbers stand one under the other.
    let mut rules: Option<Vec<[f32; 3]>> = None;
    let number = |c: &Cell| !c.text.is_empty() && c.text.chars().all(|ch| ch.is_ascii_digit());
    let bbox = |c: &Cell| match c.span {
        Span::Page { bbox, .. } => Some(bbox),
        _ => None,
    };
    let rule_in = |rules: &[[f32; 3]], x: f32, lo: f32, hi: f32| {
        rules.iter().any(|r| r[0] <= x && x <= r[2] && r[1] > lo && r[1] < hi)
    };
    // The upper part: every number of the page, top to bottom; the lower part is looked for in
    // the lines below it (a wrapped value sits above or below the row's other values).
    let mut i = 0;
    while i < lines.len() {
        let mut j = 0;
        while j < lines[i].cells.len() {
            let Some(a) = bbox(&lines[i].cells[j]).filter(|_| number(&lines[i].cells[j])) else {
                j += 1;
                continue;
            };
            let stacked = |c: &Cell| {
                bbox(c).is_some_and(|b| {
                    number(c)
                        && a[0] - 1.0 <= b[0]
                        && b[2] <= a[2] + 1.0
                        && a[1] - b[3] >= -0.5
                        && a[1] - b[3] < 0.6 * (b[3] - b[1])
                })
            };
            let mut below = None;
            'find: for l in i + 1..lines.len().min(i + 4) {
                for (k, c) in lines[l].cells.iter().enumerate() {
                    if !stacked(c) {
                        continue;
                    }
                    let rules = rules.get_or_insert_with(rules_of_page);
                    let b = bbox(c).expect("stacked cells have boxes");
                    let h = b[3] - b[1];
                    let (cx, ua, ub) = ((b[0] + b[2]) / 2.0, (a[1] + a[3]) / 2.0, (b[1] + b[3]) / 2.0);
                    if !rule_in(rules, cx, ub, ua)
                        && rule_in(rules, cx, ua, ua + 3.0 * h)
                        && rule_in(rules, cx, ub - 3.0 * h, ub)
                    {
                        below = Some((l, k));
                        break 'find;
                    }
                }
            }
            let Some((l, k)) = below else {
                j += 1;
                continue;
            };
            let lower = lines[l].cells.remove(k);
            let b = bbox(&lower).expect("checked above");
            let mut joined = lines[i].cells.remove(j);
            joined.text.push_str(&lower.text);
            let whole = [a[0].min(b[0]), b[1], a[2].max(b[2]), a[3]];
            if let Span::Page { bbox, .. } = &mut joined.span {
                *bbox = whole;
            }
            // The whole value belongs to the line at its middle (a wrapped value straddles the
            // line of its row's other values), among its cells in order.
            let middle = (whole[1] + whole[3]) / 2.0;
            let centre = |line: &Line| {
                let ys: Vec<f32> = line.cells.iter().filter_map(bbox).map(|b| (b[1] + b[3]) / 2.0).collect();
                (!ys.is_empty()).then(|| ys.iter().sum::<f32>() / ys.len() as f32)
            };
            let home = (i..=l)
                .filter_map(|n| centre(&lines[n]).map(|y| (n, (y - middle).abs())))
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map_or(i, |(n, _)| n);
            let at = lines[home]
                .cells
                .iter()
                .position(|c| bbox(c).is_some_and(|c| c[0] > whole[0]))
                .unwrap_or(lines[home].cells.len());
            lines[home].cells.insert(at, joined);
            if home != i {
                continue;
            }
            // The joined value may wrap once more: look again from it.
        }
        i += 1;
    }
    lines.retain(|l| !l.cells.is_empty());
}

fn merge(words: &[Run]) -> Run {
    let mut text = String::new();
    let mut bbox = words[0].bbox;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&w.text);
        bbox = [bbox[0].min(w.bbox[0]), bbox[1].min(w.bbox[1]), bbox[2].max(w.bbox[2]), bbox[3].max(w.bbox[3])];
    }
    Run { text, bbox }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x0: f32) -> Glyph {
        Glyph { ch, x0, y0: 700.0, x1: x0 + 10.0, y1: 712.0 }
    }

    #[test]
    fn garbled_glyphs_are_respelled_from_their_span_and_others_kept() {
        // 西工区 whose 工 came out as three Latin-1 glyphs; a number in a span of its own.
        let glyphs =
            vec![g('西', 10.0), g('å', 20.0), g('•', 23.0), g('¥', 26.0), g('区', 30.0), g('1', 100.0), g('4', 105.0)];
        let spans = vec![
            Run { text: "西工区".into(), bbox: [10.0, 700.0, 40.0, 712.0] },
            Run { text: "14".into(), bbox: [100.0, 700.0, 115.0, 712.0] },
        ];
        let out = respell(glyphs, &spans);
        let text: String = out.iter().map(|g| g.ch).collect();
        assert_eq!(text, "西工区14");
        // The respelled characters share the span's box, one unit each.
        assert_eq!((out[1].x0, out[1].x1), (20.0, 30.0));
        // The number's own glyphs (and boxes) are the library's.
        assert_eq!((out[3].x0, out[4].x0), (100.0, 105.0));
        assert!(garbled('å') && garbled('\u{192}') && !garbled('·') && !garbled('工'));
    }

    /// A ruled table: a row "申请" with 9616 on one line and 1115/7 wrapped in a narrow cell
    /// beside it, ruled above and below; `rule_between` adds a rule between 1115 and 7 (then
    /// they are two rows).
    fn wrapped(rule_between: bool) -> Document {
        let at = |ch: char, x0: f32, y0: f32| Glyph { ch, x0, y0, x1: x0 + 6.0, y1: y0 + 11.0 };
        let mut glyphs = vec![at('申', 70.0, 183.0), at('请', 76.5, 183.0)];
        glyphs.extend("9616".chars().enumerate().map(|(i, c)| at(c, 210.0 + 7.0 * i as f32, 183.0)));
        glyphs.extend("1115".chars().enumerate().map(|(i, c)| at(c, 480.0 + 7.0 * i as f32, 189.5)));
        glyphs.push(at('7', 490.5, 176.7));
        let mut rules = vec![[66.0, 202.2, 516.0], [66.0, 171.5, 516.0], [66.0, 140.8, 516.0]];
        if rule_between {
            rules.push([470.0, 188.0, 516.0]);
        }
        layout(&Ruled(vec![glyphs], rules)).unwrap()
    }

    struct Ruled(Vec<Vec<Glyph>>, Vec<[f32; 3]>);

    impl GlyphSource for Ruled {
        fn page_count(&self) -> usize {
            self.0.len()
        }
        fn glyphs(&self, page: usize) -> Result<Vec<Glyph>, String> {
            Ok(self.0[page].clone())
        }
        fn rules(&self, _page: usize) -> Vec<[f32; 3]> {
            self.1.clone()
        }
    }

    fn texts(doc: &Document) -> Vec<Vec<String>> {
        doc.lines.iter().map(|l| l.cells.iter().map(|c| c.text.clone()).collect()).collect()
    }

    #[test]
    fn a_number_wrapped_in_its_cell_is_one_value_on_its_row() {
        assert_eq!(texts(&wrapped(false)), vec![vec!["申请", "9616", "11157"]]);
        // A rule between the parts: two rows, nothing joined.
        let apart = texts(&wrapped(true));
        assert!(apart.iter().flatten().any(|t| t == "1115") && apart.iter().flatten().any(|t| t == "7"), "{apart:?}");
    }

    #[test]
    fn running_headers_and_footers_are_dropped_and_a_single_page_kept() {
        let line = |text: &str, y0: f32| -> Vec<Glyph> {
            text.chars()
                .enumerate()
                .map(|(i, ch)| Glyph { ch, x0: 50.0 + 12.0 * i as f32, y0, x1: 60.0 + 12.0 * i as f32, y1: y0 + 10.0 })
                .collect()
        };
        let page = |n: usize, body: &str| -> Vec<Glyph> {
            let mut g = line("12/2/26,4:16AM某局年报", 820.0);
            g.extend(line(body, 600.0));
            g.extend(line(&format!("file:///tmp/a.html{n}/2"), 20.0));
            g
        };
        let two = layout(&Fake(vec![page(1, "一、总体情况"), page(2, "二、主动公开")])).unwrap();
        assert_eq!(texts(&two), vec![vec!["一、总体情况"], vec!["二、主动公开"]]);
        let one = layout(&Fake(vec![page(1, "一、总体情况")])).unwrap();
        assert_eq!(one.lines.len(), 3, "one page: nothing to compare, nothing dropped");
    }

    /// Glyphs laid out like a Word table: label, then numbers in columns.
    struct Fake(Vec<Vec<Glyph>>);

    impl GlyphSource for Fake {
        fn page_count(&self) -> usize {
            self.0.len()
        }
        fn glyphs(&self, page: usize) -> Result<Vec<Glyph>, String> {
            Ok(self.0[page].clone())
        }
    }

    fn text_at(s: &str, x: f32, y: f32, size: f32, width: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, ch)| Glyph { ch, x0: x + i as f32 * width, y0: y, x1: x + (i + 1) as f32 * width, y1: y + size })
            .collect()
    }

    #[test]
    fn glyphs_become_lines_and_cells() {
        let mut page = text_at("规章", 72.0, 700.0, 10.0, 10.0);
        page.extend(text_at("0", 300.0, 699.0, 14.0, 7.0));
        page.extend(text_at("12", 360.0, 699.0, 14.0, 7.0));
        page.extend(text_at("行政许可", 72.0, 670.0, 10.0, 10.0));
        page.extend(text_at("550", 300.0, 669.0, 14.0, 7.0));
        page.extend(text_at("-2-", 290.0, 40.0, 10.0, 5.0));
        let doc = layout(&Fake(vec![page])).unwrap();
        let texts: Vec<Vec<&str>> =
            doc.lines.iter().map(|l| l.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts, [vec!["规章", "0", "12"], vec!["行政许可", "550"]]);
        assert_eq!(doc.lines[0].cells[2].span, Span::Page { page: 1, bbox: [360.0, 699.0, 374.0, 713.0] });
        assert!(doc.findings.is_empty());
    }

    #[test]
    fn scans_and_garbage_fonts_give_findings_not_numbers() {
        let doc = layout(&Fake(vec![vec![], vec![]])).unwrap();
        assert_eq!(doc.findings[0].code, "NO-TEXT-LAYER");
        let garbage: Vec<Glyph> = text_at(&"\u{E001}1\u{E002}2".repeat(100), 72.0, 700.0, 10.0, 5.0);
        let doc = layout(&Fake(vec![garbage])).unwrap();
        assert_eq!(doc.findings[0].code, "UNREADABLE-FONT");
        assert!(doc.lines.is_empty());
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(matches!(read_pdf(b"%PDF-1.7\n garbage"), Err(PdfError::Invalid(_) | PdfError::LibraryFailure)));
        assert!(read_pdf(b"").is_err());
    }
}
