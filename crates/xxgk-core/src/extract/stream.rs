//! A table region of the document as a stream of label text and value groups.
//!
//! Every text form loses some table structure: TSV pads merged cells with empty cells, a pipe
//! scrape or a one-cell-per-line file has no rows at all, layout text wraps labels above, below or
//! around their numbers. What survives in all of them is the *order*: a row's label text comes
//! near its values, and rows follow the template order. So a region becomes a sequence of
//! [`Group`]s — runs of values — each with the label text that precedes it.

use std::ops::Range;

use crate::document::{Document, Span};
use crate::normalize::{label_key, parse_value, CellValue};
use crate::value::Num;

/// One value slot of a group: a number, an explicit blank, or an empty cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Number(Num),
    Blank,
    Empty,
}

impl Slot {
    pub fn is_value(&self) -> bool {
        !matches!(self, Slot::Empty)
    }

    pub fn num(&self) -> Option<Num> {
        match self {
            Slot::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Label text on one document line, as label-key characters.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub line: usize,
    pub key: Vec<char>,
}

/// A run of value cells with the label text around it.
#[derive(Debug, Clone)]
pub struct Group {
    /// Slots from the first value on, including empty cells inside the run and after it on
    /// the same line.
    pub slots: Vec<(Slot, Span)>,
    /// Empty cells on the same line between the label and the first value.
    pub lead_empty: usize,
    /// Label text on the line of the first value, before it: always this group's.
    pub own: Vec<char>,
    /// Text lines between the previous group and this one (wrapped labels, group labels), whose
    /// owner depends on how the table aligns labels with values.
    pub gap: Vec<TextLine>,
    /// Key of the text cell nearest before the values (usually the row's own label).
    pub nearest: Option<String>,
    /// Document lines of the first and last value.
    pub first_line: usize,
    pub last_line: usize,
}

impl Group {
    /// The slots that hold a value (number or explicit blank).
    pub fn values(&self) -> impl Iterator<Item = &(Slot, Span)> {
        self.slots.iter().filter(|(s, _)| s.is_value())
    }

    pub fn span(&self) -> Option<&Span> {
        self.slots.first().map(|(_, s)| s)
    }
}

/// The groups of a region, and the label text after the last one.
#[derive(Debug, Default)]
pub struct Stream {
    pub groups: Vec<Group>,
    pub trailing: Vec<TextLine>,
}

/// Split lines `range` of `doc` into value groups.
///
/// A group ends at a text cell, and at a line break unless both lines hold a single cell (the
/// one-cell-per-line and pipe-per-line forms, where a row's values stand on consecutive lines).
pub fn stream(doc: &Document, range: Range<usize>) -> Stream {
    let mut out = Stream::default();
    let mut gap: Vec<TextLine> = Vec::new();
    let mut nearest: Option<String> = None;
    let mut cur: Option<Group> = None;
    let mut prev_single = false;
    // Empty cells after a label and before any value. In the one-cell-per-line forms they
    // stand on lines of their own (a lone `|`, a blank paragraph), so they carry over from one
    // single-cell line to the next.
    let mut lead_empty = 0usize;
    let mut empties: Vec<Span> = Vec::new();
    let mut empties_line = 0usize;
    for li in range {
        let Some(line) = doc.lines.get(li) else { break };
        let single = line.cells.iter().filter(|c| !c.text.trim().is_empty()).count() <= 1;
        if !(prev_single && single) {
            if let Some(g) = cur.take() {
                out.groups.push(g);
            }
            blank_row(&mut out, &mut empties, &mut gap, &mut nearest, empties_line);
            lead_empty = 0;
        }
        prev_single = single;
        // Text on this line not yet given to a group.
        let mut line_text: Vec<char> = Vec::new();
        for cell in &line.cells {
            match parse_value(&cell.text) {
                None => {
                    if let Some(g) = cur.take() {
                        out.groups.push(g);
                    }
                    blank_row(&mut out, &mut empties, &mut gap, &mut nearest, empties_line);
                    let key = label_key(&cell.text);
                    if !key.is_empty() {
                        line_text.extend(key.chars());
                        nearest = Some(key);
                    }
                    lead_empty = 0;
                }
                Some(CellValue::Empty) => match cur.as_mut() {
                    Some(g) => g.slots.push((Slot::Empty, cell.span.clone())),
                    None => {
                        if empties.is_empty() {
                            empties_line = li;
                        }
                        lead_empty += 1;
                        empties.push(cell.span.clone());
                    }
                },
                Some(v) => {
                    let slot = match v {
                        CellValue::Number(n) => Slot::Number(n),
                        _ => Slot::Blank,
                    };
                    if cur.is_none() && single && !empties.is_empty() {
                        // One cell per line: the empty cells before the first value are the
                        // row's first cells, blank.
                        cur = Some(Group {
                            slots: empties.drain(..).map(|sp| (Slot::Empty, sp)).collect(),
                            lead_empty: 0,
                            own: std::mem::take(&mut line_text),
                            gap: std::mem::take(&mut gap),
                            nearest: nearest.take(),
                            first_line: empties_line,
                            last_line: li,
                        });
                        lead_empty = 0;
                    }
                    let g = cur.get_or_insert_with(|| Group {
                        slots: Vec::new(),
                        lead_empty,
                        own: std::mem::take(&mut line_text),
                        gap: std::mem::take(&mut gap),
                        nearest: nearest.take(),
                        first_line: li,
                        last_line: li,
                    });
                    empties.clear();
                    g.last_line = li;
                    g.slots.push((slot, cell.span.clone()));
                }
            }
        }
        if cur.is_none() && !line_text.is_empty() && !empties.is_empty() && !single {
            // A label followed by nothing but empty cells: a row whose values are all blank.
            out.groups.push(Group {
                slots: empties.drain(..).map(|sp| (Slot::Empty, sp)).collect(),
                lead_empty: 0,
                own: line_text,
                gap: std::mem::take(&mut gap),
                nearest: nearest.take(),
                first_line: li,
                last_line: li,
            });
            lead_empty = 0;
            continue;
        }
        if !line_text.is_empty() {
            gap.push(TextLine { line: li, key: line_text });
        }
    }
    if let Some(g) = cur.take() {
        out.groups.push(g);
    }
    blank_row(&mut out, &mut empties, &mut gap, &mut nearest, empties_line);
    out.trailing = gap;
    out
}

/// Empty cells that followed a label and met no value before the next label (or the end of
/// the run of single-cell lines): a row whose values are all blank. Without a label before
/// them they are padding, and are dropped.
fn blank_row(
    out: &mut Stream,
    empties: &mut Vec<Span>,
    gap: &mut Vec<TextLine>,
    nearest: &mut Option<String>,
    line: usize,
) {
    if empties.is_empty() {
        return;
    }
    if gap.is_empty() {
        empties.clear();
        return;
    }
    out.groups.push(Group {
        slots: empties.drain(..).map(|sp| (Slot::Empty, sp)).collect(),
        lead_empty: 0,
        own: Vec::new(),
        gap: std::mem::take(gap),
        nearest: nearest.take(),
        first_line: line,
        last_line: line,
    });
}
