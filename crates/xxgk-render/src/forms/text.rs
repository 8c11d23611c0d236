//! Text conversions that keep the table's cells apart: markdown, Word's "save as text" (TSV),
//! a portal page scraped to one cell per line with `|` marks, and one cell per line.

use crate::blocks::Block;
use crate::grid::{Grid, Slot};

/// The text of every position of a row; merged positions are empty, as converters leave them.
fn padded<'a>(row: &[Slot<'a>]) -> Vec<&'a str> {
    row.iter()
        .map(|s| match s {
            Slot::Origin(c) => c.text.as_str(),
            _ => "",
        })
        .collect()
}

/// Write the prose blocks with `prose`, and each table with `table`.
fn write(
    blocks: &[Block],
    mut prose: impl FnMut(&mut String, &Block),
    mut table: impl FnMut(&mut String, &Grid),
) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Table(g) => table(&mut out, g),
            other => prose(&mut out, other),
        }
    }
    out
}

fn plain(out: &mut String, b: &Block) {
    match b {
        Block::Title(t)
        | Block::Meta(t)
        | Block::Heading(t)
        | Block::Para(t)
        | Block::Signature(t)
        | Block::Number(t)
        | Block::Addressee(t) => {
            out.push_str(t);
            out.push('\n');
        }
        Block::Table(_) | Block::Image(_) => {}
    }
}

/// A page number line before a row, in the form converters leave it.
fn page_break(out: &mut String, g: &Grid, row: usize) {
    for (_, label) in g.page_breaks.iter().filter(|(r, _)| *r == row) {
        out.push_str(label);
        out.push('\n');
    }
}

pub fn markdown(blocks: &[Block]) -> String {
    let prose = |out: &mut String, b: &Block| match b {
        Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
        Block::Heading(t) => out.push_str(&format!("## {t}\n\n")),
        Block::Meta(t) => out.push_str(&format!("- {t}\n\n")),
        Block::Para(t) | Block::Signature(t) | Block::Number(t) | Block::Addressee(t) => {
            out.push_str(&format!("{t}\n\n"));
        }
        Block::Table(_) | Block::Image(_) => {}
    };
    write(blocks, prose, |out, g| {
        for (i, row) in g.slots().iter().enumerate() {
            page_break(out, g, i);
            out.push_str("| ");
            out.push_str(&padded(row).join(" | "));
            out.push_str(" |\n");
            if i == 0 {
                out.push('|');
                out.push_str(&"---|".repeat(row.len()));
                out.push('\n');
            }
        }
        out.push('\n');
    })
}

pub fn tsv(blocks: &[Block]) -> String {
    write(blocks, plain, |out, g| {
        for (i, row) in g.slots().iter().enumerate() {
            page_break(out, g, i);
            out.push_str(&padded(row).join("\t"));
            out.push('\n');
        }
        out.push('\n');
    })
}

/// Each cell `text |` on its own line; the merged positions of a row follow as one line of `|`.
pub fn pipes(blocks: &[Block]) -> String {
    let prose = |out: &mut String, b: &Block| match b {
        Block::Meta(t) => out.push_str(&format!("- {t}\n")),
        other => plain(out, other),
    };
    write(blocks, prose, |out, g| {
        for (i, row) in g.slots().iter().enumerate() {
            page_break(out, g, i);
            let mut covered = 0;
            for s in row {
                match s {
                    Slot::Origin(c) => out.push_str(&format!("{} |\n", c.text)),
                    _ => covered += 1,
                }
            }
            if covered > 0 {
                out.push_str(&"|".repeat(covered));
                out.push('\n');
            }
        }
    })
}

pub fn lines(blocks: &[Block]) -> String {
    write(blocks, plain, |out, g| {
        for (i, row) in g.slots().iter().enumerate() {
            page_break(out, g, i);
            for s in row {
                if let Slot::Origin(c) = s {
                    out.push_str(&c.text);
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    })
}
