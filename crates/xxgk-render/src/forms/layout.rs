//! What `pdftotext -layout` makes of a Word or WPS export: prose wrapped at the page width,
//! page numbers, and tables drawn as space-aligned columns whose labels wrap inside their cells
//! — a narrow merged cell becomes a vertical label, one character per line — with every cell
//! centred vertically in its row, so a row's numbers sit beside the middle of its label.

use xxgk_core::normalize::display_width as width;
use xxgk_core::TableId;

use crate::blocks::Block;
use crate::grid::{Grid, Slot};

/// Break `s` into pieces of at most `w` columns (anywhere: Chinese has no spaces to break at).
fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if !cur.is_empty() && width(&cur) + cw > w.max(2) {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Text pieces placed at columns; one per output line.
#[derive(Default)]
struct Canvas {
    lines: Vec<Vec<(usize, String)>>,
}

impl Canvas {
    fn put(&mut self, line: usize, x: usize, text: &str) {
        if self.lines.len() <= line {
            self.lines.resize_with(line + 1, Vec::new);
        }
        self.lines[line].push((x, text.to_string()));
    }

    fn write(mut self, out: &mut String) {
        for pieces in &mut self.lines {
            pieces.sort_by_key(|(x, _)| *x);
            let mut line = String::new();
            for (x, t) in pieces.iter() {
                let w = width(&line);
                line.push_str(&" ".repeat(if w < *x { x - w } else { usize::from(w > 0) }));
                line.push_str(t);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

/// Column widths of each table, in display columns.
fn columns(g: &Grid) -> Vec<usize> {
    match g.table {
        TableId::Table2 => vec![20, 14, 14, 14],
        TableId::Table3 => [4, 12, 24].into_iter().chain(std::iter::repeat_n(7, 7)).collect(),
        TableId::Table4 => vec![6; g.columns],
    }
}

fn table(out: &mut String, g: &Grid, page: &mut usize) {
    let mut widths = columns(g);
    let slots = g.slots();
    let longest = slots.iter().map(Vec::len).max().unwrap_or(0);
    if widths.len() < longest {
        let last = widths.last().copied().unwrap_or(6);
        widths.resize(longest, last);
    }
    let x_of: Vec<usize> = widths.iter().scan(0, |x, w| Some(std::mem::replace(x, *x + w))).collect();
    // Each origin cell's wrapped lines.
    let text_of = |r: usize, c: usize| -> Option<(Vec<String>, usize, bool)> {
        let Slot::Origin(cell) = slots[r][c] else { return None };
        let span: usize = widths[c..(c + cell.colspan).min(widths.len())].iter().sum();
        let lines = if cell.value { vec![cell.text.clone()] } else { wrap(&cell.text, span.saturating_sub(2)) };
        Some((lines, span, cell.value))
    };
    // Row heights: the tallest single-row cell. A merged cell shows what fits in its rows
    // (in the template all of it; in a table cut off at a page, its start).
    let mut heights = vec![1usize; slots.len()];
    for (r, row) in slots.iter().enumerate() {
        for (c, slot) in row.iter().enumerate() {
            if let (Some((lines, _, _)), Slot::Origin(cell)) = (text_of(r, c), slot) {
                if cell.rowspan == 1 {
                    heights[r] = heights[r].max(lines.len());
                }
            }
        }
    }
    let mut canvas = Canvas::default();
    let mut top = 0;
    let mut starts = Vec::with_capacity(slots.len());
    for (r, h) in heights.iter().enumerate() {
        if g.page_breaks.iter().any(|(b, _)| *b == r) {
            top += 4;
        }
        starts.push(top);
        top += h;
    }
    // The lines of a page break hold nothing but the page number: a merged cell's text
    // continues after them.
    let mut reserved = Vec::new();
    for (r, label) in &g.page_breaks {
        if let Some(&s) = starts.get(*r) {
            canvas.put(s - 2, 60, label);
            reserved.extend(s - 4..s);
            *page += 1;
        }
    }
    for (r, row) in slots.iter().enumerate() {
        for (c, slot) in row.iter().enumerate() {
            let (Some((lines, span, value)), Slot::Origin(cell)) = (text_of(r, c), slot) else { continue };
            let end = (r + cell.rowspan).min(slots.len());
            let first = starts[r];
            let last = starts[end - 1] + heights[end - 1];
            let free: Vec<usize> = (first..last).filter(|l| !reserved.contains(l)).collect();
            let offset = free.len().saturating_sub(lines.len()) / 2;
            for (l, at) in lines.iter().zip(free[offset..].iter()) {
                let x = if value { x_of[c] + span.saturating_sub(1 + width(l)) } else { x_of[c] + 1 };
                canvas.put(*at, x, l);
            }
        }
    }
    canvas.put(top, 0, "");
    canvas.write(out);
}

pub fn render(blocks: &[Block]) -> String {
    const PAGE_WIDTH: usize = 60;
    let mut out = String::new();
    let mut page = 1;
    for b in blocks {
        match b {
            Block::Title(t) => {
                for l in wrap(t, PAGE_WIDTH - 8) {
                    out.push_str(&format!("{}{l}\n", " ".repeat((PAGE_WIDTH.saturating_sub(width(&l))) / 2)));
                }
                out.push('\n');
            }
            Block::Meta(t) => out.push_str(&format!("  {t}\n")),
            Block::Heading(t) => out.push_str(&format!("    {t}\n")),
            Block::Para(t) => {
                let mut first = true;
                for l in wrap(t, PAGE_WIDTH) {
                    out.push_str(if first { "    " } else { "  " });
                    out.push_str(&l);
                    out.push('\n');
                    first = false;
                }
            }
            Block::Signature(t) | Block::Number(t) => {
                out.push_str(&format!("{}{t}\n", " ".repeat(PAGE_WIDTH.saturating_sub(width(t)))));
            }
            Block::Addressee(t) => out.push_str(&format!("{t}\n")),
            Block::Table(g) => table(&mut out, g, &mut page),
            Block::Image(_) => {}
        }
        if matches!(b, Block::Para(_)) && out.lines().count() > 45 * page {
            out.push_str(&format!("\n{}- {page} -\n\n", " ".repeat(PAGE_WIDTH / 2)));
            page += 1;
        }
    }
    out.push_str(&format!("\n{}- {page} -\n", " ".repeat(PAGE_WIDTH / 2)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_display_columns() {
        assert_eq!(wrap("三、本年度办理结果", 2), ["三", "、", "本", "年", "度", "办", "理", "结", "果"]);
        assert_eq!(wrap("商业企业", 4), ["商业", "企业"]);
        assert_eq!(wrap("1.属于国家秘密", 6), ["1.属于", "国家秘", "密"]);
    }
}
