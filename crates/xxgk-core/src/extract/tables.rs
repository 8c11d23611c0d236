//! Read 表二, 表三 and 表四 out of their regions of the document.

use std::ops::Range;

use super::align::{align, Placement};
use super::cells::{place, Placed, Why};
use super::stream::{stream, Slot, Stream};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Span};
use crate::i18n::Args;
use crate::report::{RowData, TableData, ValueCell};
use crate::template::{TableDef, TableId, TABLE4};
use crate::value::Num;

fn path(def: &TableDef, row: &str) -> String {
    format!("{}.{}", def.id.key(), row)
}

/// Read a table whose rows carry labels (表二, 表三).
/// `starts_inside`: the file starts inside this table (a fragment), so the rows before the
/// first one read are not in it — and not missing from the document.
pub fn labelled_table(
    doc: &Document,
    def: &'static TableDef,
    range: Range<usize>,
    starts_inside: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<TableData> {
    // The document ends inside this table, with nothing after its last values: a file cut off.
    let ends_document = range.end >= doc.lines.len();
    let header_start = range.start;
    let region: String =
        doc.lines[range.clone()].iter().flat_map(|l| &l.cells).map(|c| crate::normalize::label_key(&c.text)).collect();
    let st = stream(doc, range);
    let cut_group = (ends_document && st.trailing.is_empty()).then(|| st.groups.len().checked_sub(1)).flatten();
    let assignment = align(def, &st.groups, &st.trailing);
    let mut by_row: Vec<Option<(usize, Placement)>> = vec![None; def.rows.len()];
    // Values the reader could not pair with a row: any row it lacks may be among them.
    let mut unplaced = false;
    for (k, a) in assignment.iter().enumerate() {
        match a {
            Some((r, how)) => by_row[*r] = Some((k, *how)),
            // A label with only empty cells that matches no row is a heading, not lost data.
            None if st.groups[k].values().next().is_none() => {}
            None => {
                let g = &st.groups[k];
                unplaced = true;
                let vals: Vec<String> =
                    g.values().map(|(s, _)| s.num().map_or("/".into(), |n| n.to_string())).collect();
                diags.push(
                    Diagnostic::new(
                        "UNPLACED-VALUES",
                        "finding-unplaced-values",
                        Args::new().with("table", def.id.key()).with("values", vals.join(" ")),
                    )
                    .at(g.span().cloned()),
                );
            }
        }
    }
    if by_row.iter().all(Option::is_none) {
        return None;
    }
    let clipped = clipped_columns(doc, def, header_start, &st, &by_row);
    let mut rows = Vec::new();
    let mut complete = true;
    // Rows of glued digits that their own sums do not decide: the table's sums may.
    let mut glued: Vec<Pending> = Vec::new();
    let blank = blank_rows(def, &by_row, &st);
    for (r, def_row) in def.rows.iter().enumerate() {
        let Some((k, how)) = by_row[r] else {
            if blank[r] {
                rows.push(RowData {
                    def: def_row,
                    cells: vec![ValueCell { value: None, span: None }; def_row.columns.len()],
                });
            } else {
                complete = false;
            }
            continue;
        };
        let g = &st.groups[k];
        if how == Placement::Position {
            diags.push(
                Diagnostic::new(
                    "ROW-BY-POSITION",
                    "finding-row-by-position",
                    Args::new().with("table", def.id.key()).with("row", def_row.label).with("row_key", def_row.key),
                )
                .at(g.span().cloned())
                .cells(vec![path(def, def_row.key)]),
            );
        }
        let placed = if let Some(Some(boxes)) = clipped.as_ref().map(|c| &c[r]) {
            under_columns(boxes, g, def_row.columns.len()).map(Placed::Exact).unwrap_or_else(|| {
                Placed::Unknown(Why::row(
                    "finding-cells-not-under-header",
                    def_row,
                    g.values().count(),
                    &shown_values(g),
                ))
            })
        } else {
            by_columns(doc, def, def_row, g, &by_row, &st).map(Placed::Exact).unwrap_or_else(|| place(def_row, g))
        };
        let placed = match placed {
            // At the end of a cut-off file, fewer values than columns are the row's first cells;
            // reading them as blanks elsewhere in the row, or as glued digits, would be a guess.
            Placed::Unknown(..) | Placed::Chosen(..) | Placed::Glued(..)
                if Some(k) == cut_group && g.values().count() < def_row.columns.len() =>
            {
                cut_row(def, def_row, g, diags)
            }
            other => other,
        };
        let cells = match placed {
            Placed::Exact(cells) => cells,
            Placed::Chosen(cells, why) => {
                diags.push(
                    Diagnostic::new("CELLS-RESOLVED", why.message, why.args)
                        .at(g.span().cloned())
                        .cells(vec![path(def, def_row.key)]),
                );
                cells
            }
            Placed::Cut(cells) => {
                complete = false;
                cells
            }
            Placed::Glued(splits, why) => {
                glued.push(Pending { row: rows.len(), group: k, splits, why });
                vec![ValueCell { value: None, span: None }; def_row.columns.len()]
            }
            Placed::Unknown(why) => {
                complete = false;
                diags.push(
                    Diagnostic::new("CELLS-UNRESOLVED", why.message, why.args)
                        .at(g.span().cloned())
                        .cells(vec![path(def, def_row.key)]),
                );
                vec![ValueCell { value: None, span: None }; def_row.columns.len()]
            }
        };
        rows.push(RowData { def: def_row, cells });
    }
    if !glued.is_empty() && !resolve_glued(def, &mut rows, &glued, &st, diags) {
        complete = false;
    }
    if let Some(clipped) = &clipped {
        complete = false;
        diags.push(columns_missing(def, clipped, &rows, st.groups.first().and_then(|g| g.span().cloned())));
    }
    let first_read = if starts_inside { by_row.iter().position(Option::is_some).unwrap_or(0) } else { 0 };
    let held = Held { region: &region, unplaced };
    report_missing_rows(def, &by_row, &blank, first_read, &st, &held, diags);
    let span = st.groups.first().and_then(|g| g.span().cloned());
    Some(TableData { def, complete, rows, span })
}

/// A row of glued digits waiting for the table's arithmetic.
struct Pending {
    /// Index into the table's rows.
    row: usize,
    group: usize,
    splits: super::cells::Splits,
    /// What the finding says when the table's sums do not decide either.
    why: Why,
}

/// Most combinations of glued rows' splits that are tried against the table's sums.
const COMBINATIONS: usize = 200_000;

/// Whether 表三's column identities hold on `rows`: （七）总计 = the outcomes, 一 + 二 = （七） + 四
/// (blanks as 0). Identities whose rows are not all there are not checked.
fn columns_hold(def: &TableDef, rows: &[RowData]) -> bool {
    use crate::template::Role;
    let by = |role: Role| rows.iter().filter(move |r| r.def.role == role);
    let v = |r: &RowData, c: usize| r.cells.get(c).and_then(|x| x.value).map_or(0, |n| n.scaled_to(0));
    let outcomes: Vec<&RowData> = by(Role::Outcome).collect();
    let all_outcomes = outcomes.len() == def.rows.iter().filter(|r| r.role == Role::Outcome).count();
    let one = |role: Role| by(role).next();
    let (total, received, over, forward) =
        (one(Role::Total), one(Role::Received), one(Role::CarriedOver), one(Role::CarriedForward));
    (0..crate::template::APPLICANT_COLUMNS.len()).all(|c| {
        let outcomes_ok = match total {
            Some(t) if all_outcomes => outcomes.iter().map(|r| v(r, c)).sum::<i128>() == v(t, c),
            _ => true,
        };
        let flow_ok = match (received, over, total, forward) {
            (Some(a), Some(b), Some(t), Some(d)) => v(a, c) + v(b, c) == v(t, c) + v(d, c),
            _ => true,
        };
        outcomes_ok && flow_ok
    })
}

/// Decide glued rows by the table's own sums: the one combination of their splits under which
/// every column adds up, if there is exactly one. Returns whether they were decided; each row
/// gets CELLS-RESOLVED naming the rule, or CELLS-UNRESOLVED.
fn resolve_glued(
    def: &TableDef,
    rows: &mut [RowData],
    glued: &[Pending],
    st: &Stream,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let sizes: Vec<usize> = glued.iter().map(|p| p.splits.len()).collect();
    let total = sizes.iter().try_fold(1usize, |acc, &n| acc.checked_mul(n)).filter(|&t| t <= COMBINATIONS);
    let has_arithmetic = def.id == TableId::Table3;
    let mut solutions: Vec<Vec<usize>> = Vec::new();
    if let (Some(total), true) = (total, has_arithmetic) {
        let values: Vec<Vec<&(Slot, Span)>> = glued.iter().map(|p| st.groups[p.group].values().collect()).collect();
        for n in 0..total {
            // Combination `n` in mixed radix.
            let mut rest = n;
            let pick: Vec<usize> = sizes
                .iter()
                .map(|&s| {
                    let i = rest % s;
                    rest /= s;
                    i
                })
                .collect();
            for (p, (&i, v)) in glued.iter().zip(pick.iter().zip(&values)) {
                rows[p.row].cells = super::cells::split_cells(v, &p.splits[i]);
            }
            if columns_hold(def, rows) {
                solutions.push(pick);
                if solutions.len() > 1 {
                    break;
                }
            }
        }
        if let [only] = solutions.as_slice() {
            for (p, (&i, v)) in glued.iter().zip(only.iter().zip(&values)) {
                rows[p.row].cells = super::cells::split_cells(v, &p.splits[i]);
                let parts = p.splits[i].0.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(" ");
                let row = rows[p.row].def;
                diags.push(
                    Diagnostic::new(
                        "CELLS-RESOLVED",
                        "finding-cells-glued-by-table",
                        Args::new().with("row", row.label).with("row_key", row.key).with("parts", parts),
                    )
                    .at(st.groups[p.group].span().cloned())
                    .cells(vec![path(def, row.key)]),
                );
            }
            return true;
        }
    }
    for p in glued {
        rows[p.row].cells = vec![ValueCell { value: None, span: None }; rows[p.row].def.columns.len()];
        let row = rows[p.row].def;
        diags.push(
            Diagnostic::new("CELLS-UNRESOLVED", p.why.message, p.why.args.clone())
                .at(st.groups[p.group].span().cloned())
                .cells(vec![path(def, row.key)]),
        );
    }
    false
}

/// The last row of a file that ends inside it: the cells it has, in order, and the rest unknown
/// (the file lost them; nothing says the document left them blank).
fn cut_row(
    def: &TableDef,
    row: &'static crate::template::RowDef,
    g: &super::stream::Group,
    diags: &mut Vec<Diagnostic>,
) -> Placed {
    let n = row.columns.len();
    // The cells from the first value to the last: an empty cell between them is a blank one.
    let last = g.slots.iter().rposition(|(s, _)| s.is_value()).map_or(0, |l| l + 1);
    let have: Vec<ValueCell> =
        g.slots[..last].iter().take(n).map(|(s, sp)| ValueCell { value: s.num(), span: Some(sp.clone()) }).collect();
    let k = have.len();
    diags.push(
        Diagnostic::new(
            "ROW-CUT",
            "finding-row-cut",
            Args::new()
                .with("table", def.id.key())
                .with("row", row.label)
                .with("row_key", row.key)
                .with("have", k)
                .with("lost", n - k)
                .with("cells", n),
        )
        .at(g.span().cloned())
        .cells((k..n).map(|c| crate::report::cell_path(def.id, row, c)).collect()),
    );
    let mut cells = have;
    cells.resize(n, ValueCell { value: None, span: None });
    Placed::Cut(cells)
}

/// A row of a page with fewer values than columns (a PDF draws nothing for a blank cell): each
/// value in the column it stands under — the column headers just above it (a line of the row
/// label's header and one text per column), else the table's other complete rows of as many
/// columns on that page. `None` unless every value falls clearly in a column of its own, in
/// order — then the others are blank.
fn by_columns(
    doc: &Document,
    def: &'static TableDef,
    row: &'static crate::template::RowDef,
    g: &super::stream::Group,
    by_row: &[Option<(usize, Placement)>],
    st: &Stream,
) -> Option<Vec<ValueCell>> {
    let n = row.columns.len();
    let centre = |sp: &Span| match sp {
        Span::Page { page, bbox } => Some((*page, (bbox[0] + bbox[2]) / 2.0)),
        _ => None,
    };
    let values: Vec<&(super::stream::Slot, Span)> = g.values().collect();
    if values.is_empty() || values.len() >= n {
        return None;
    }
    let at: Vec<(u32, f32)> = values.iter().map(|(_, sp)| centre(sp)).collect::<Option<_>>()?;
    let page = at[0].0;
    let mut columns: Vec<Vec<f32>> = vec![Vec::new(); n];
    let header = header_columns(doc, g.first_line, page, n + 1);
    if let Some(h) = &header {
        for (c, x) in h[1..].iter().enumerate() {
            columns[c].push(*x);
        }
    }
    // Else the complete rows of as many columns on the same page.
    for (r, b) in by_row.iter().enumerate().filter(|_| header.is_none()) {
        let Some((k, _)) = b else { continue };
        if def.rows[r].columns.len() != n {
            continue;
        }
        let full: Vec<(u32, f32)> = st.groups[*k].values().filter_map(|(_, sp)| centre(sp)).collect();
        if full.len() == n && full.iter().all(|(p, _)| *p == page) {
            for (c, (_, x)) in full.iter().enumerate() {
                columns[c].push(*x);
            }
        }
    }
    if columns.iter().any(Vec::is_empty) {
        return None;
    }
    let centres: Vec<f32> = columns
        .iter_mut()
        .map(|xs| {
            xs.sort_by(f32::total_cmp);
            xs[xs.len() / 2]
        })
        .collect();
    let gap = centres.windows(2).map(|w| w[1] - w[0]).fold(f32::INFINITY, f32::min);
    if !(gap.is_finite() && gap > 0.0) || at.iter().any(|(p, _)| *p != page) {
        return None;
    }
    // Each column a point, not a header's extent: a value belongs to one only when clearly near it.
    let points: Vec<[f32; 2]> = centres.iter().map(|&x| [x, x]).collect();
    under_columns(&points, g, n)
}

/// The columns a file has of a table wider than its page, clipped by the producer at the page's
/// edge (a browser prints no further), or of a partial copy: for each template row, the header
/// extents of the columns the file shows, where the header above it names only the first of its
/// columns, each as a cell of its own, and shows no trace of the others (not even a wrapped first
/// part). 表三 has one header for all its rows; 表二 a header over each of its sub-tables. `None`
/// for a table whose columns are all there, not on a page, or whose rows hold more values than
/// their headers name.
fn clipped_columns(
    doc: &Document,
    def: &TableDef,
    header_start: usize,
    st: &Stream,
    by_row: &[Option<(usize, Placement)>],
) -> Option<Vec<Option<Vec<[f32; 2]>>>> {
    let first = st.groups.first()?;
    let Some(Span::Page { page, .. }) = first.span() else { return None };
    let page = *page;
    let key = |t: &str| -> String { crate::normalize::label_key(t).chars().filter(|c| c.is_alphanumeric()).collect() };
    let cells = |lines: &[crate::document::Line]| -> Vec<(String, [f32; 2])> {
        lines
            .iter()
            .flat_map(|l| &l.cells)
            .filter_map(|c| match &c.span {
                Span::Page { page: p, bbox } if *p == page => Some((key(&c.text), [bbox[0], bbox[2]])),
                _ => None,
            })
            .collect()
    };
    // The first columns of `labels` that `header` names, in order left to right, if it has no
    // trace of the rest.
    let shown = |header: &[(String, [f32; 2])], labels: &[crate::template::Column]| -> Option<Vec<[f32; 2]>> {
        let labels: Vec<String> = labels.iter().map(|c| key(c.label)).collect();
        let boxes: Vec<[f32; 2]> =
            labels.iter().map_while(|l| header.iter().find(|(h, _)| h == l).map(|(_, b)| *b)).collect();
        let traced = |l: &String| {
            let head: String = l.chars().take(2).collect();
            // 其他 also stands inside 法人或其他组织, the header over the legal persons' columns.
            header.iter().any(|(h, _)| h.starts_with(&head) || (l.chars().count() > 2 && h.contains(l.as_str())))
        };
        (!boxes.is_empty() && !labels[boxes.len()..].iter().any(traced) && boxes.windows(2).all(|w| w[0][1] < w[1][0]))
            .then_some(boxes)
    };
    let rows: Vec<Option<Vec<[f32; 2]>>> = match def.id {
        TableId::Table3 if first.first_line > header_start => {
            let boxes = shown(&cells(&doc.lines[header_start..first.first_line]), crate::template::APPLICANT_COLUMNS)?;
            vec![Some(boxes); def.rows.len()]
        }
        TableId::Table2 => def
            .rows
            .iter()
            .zip(by_row)
            .map(|(row, b)| {
                let (k, _) = b.as_ref()?;
                // The sub-table's header: the nearest line above the row without a number.
                let line = (st.groups[*k].first_line.saturating_sub(4)..st.groups[*k].first_line)
                    .rev()
                    .map(|i| &doc.lines[i])
                    .find(|l| {
                        l.cells.len() >= 2 && !l.cells.iter().any(|c| c.text.chars().any(|ch| ch.is_ascii_digit()))
                    })?;
                let header = cells(std::slice::from_ref(line));
                shown(header.get(1..)?, row.columns).filter(|b| b.len() + 1 == header.len())
            })
            .collect(),
        _ => return None,
    };
    let lost = def.rows.iter().zip(&rows).any(|(row, b)| b.as_ref().is_some_and(|b| b.len() < row.columns.len()));
    let fits = by_row.iter().zip(&rows).all(|(b, boxes)| match (b, boxes) {
        (Some((k, _)), Some(boxes)) => st.groups[*k].values().count() <= boxes.len(),
        _ => true,
    });
    (lost && fits).then_some(rows)
}

/// A row's values under the header `boxes` of the columns the file has (each header cell's text
/// extent, left to right): each value in the column whose header it stands under, in order, the
/// other cells empty (in a clipped table [`columns_missing`] says which of them are unknown rather
/// than blank). A value stands under the header nearest it if clearly nearer than its neighbours
/// (a third of the narrowest spacing), or if it stands between that header's start and the next
/// one's (a header aligned left over its cell, the values centred in it). `None` when a value
/// stands between columns.
fn under_columns(boxes: &[[f32; 2]], g: &super::stream::Group, n: usize) -> Option<Vec<ValueCell>> {
    let centres: Vec<f32> = boxes.iter().map(|b| (b[0] + b[1]) / 2.0).collect();
    let gap = centres.windows(2).map(|w| w[1] - w[0]).fold(f32::INFINITY, f32::min);
    let pitch = boxes.windows(2).last().map(|w| w[1][0] - w[0][0]);
    let column = |x: f32| -> Option<usize> {
        let (c, d) =
            centres.iter().enumerate().map(|(c, cx)| (c, (x - cx).abs())).min_by(|a, b| a.1.total_cmp(&b.1))?;
        let end = boxes.get(c + 1).map(|b| b[0]).or_else(|| pitch.map(|p| boxes[c][0] + p));
        let inside = boxes[c][1] > boxes[c][0] && x >= boxes[c][0] && end.is_some_and(|e| x < e);
        (!gap.is_finite() || d <= gap / 3.0 || inside).then_some(c)
    };
    let mut cells = vec![ValueCell { value: None, span: None }; n];
    let mut last: Option<usize> = None;
    for (slot, sp) in g.values() {
        let Span::Page { bbox, .. } = sp else { return None };
        let c = column((bbox[0] + bbox[2]) / 2.0)?;
        if last.is_some_and(|l| c <= l) {
            return None;
        }
        cells[c] = ValueCell { value: slot.num(), span: Some(sp.clone()) };
        last = Some(c);
    }
    Some(cells)
}

/// The values of a group as the findings show them.
fn shown_values(g: &super::stream::Group) -> String {
    g.values().map(|(s, _)| s.num().map_or("/".into(), |n| n.to_string())).collect::<Vec<_>>().join(" ")
}

/// COLUMNS-MISSING: the file has only the first columns of the table's rows (`clipped`, as
/// [`clipped_columns`] found them); the others' cells are not in it (the document may be
/// complete — the file lost them), nor is an empty cell of the last column the file shows to be
/// trusted as blank. Those cells are unknown and the sums over them are not checked.
fn columns_missing(
    def: &TableDef,
    clipped: &[Option<Vec<[f32; 2]>>],
    rows: &[RowData],
    span: Option<Span>,
) -> Diagnostic {
    let mut lost: Vec<&crate::template::Column> = Vec::new();
    let mut cells = Vec::new();
    let mut unsure = 0;
    for r in rows {
        let Some(Some(boxes)) = def.rows.iter().position(|d| d.key == r.def.key).map(|i| &clipped[i]) else { continue };
        let k = boxes.len();
        if r.cells.get(k - 1).is_some_and(|c| c.value.is_none()) {
            unsure += 1;
            cells.push(crate::report::cell_path(def.id, r.def, k - 1));
        }
        for c in k..r.cells.len() {
            if !lost.iter().any(|l| l.key == r.def.columns[c].key) {
                lost.push(&r.def.columns[c]);
            }
            cells.push(crate::report::cell_path(def.id, r.def, c));
        }
    }
    let args = Args::new()
        .with("table", def.id.key())
        .with("n", lost.len())
        .with("columns", lost.iter().map(|c| c.label).collect::<Vec<_>>())
        .with("columns_key", lost.iter().map(|c| c.key).collect::<Vec<_>>())
        .with("unsure", unsure);
    Diagnostic::new("COLUMNS-MISSING", "finding-columns-missing", args).at(span).cells(cells)
}

/// The centres of the `want` columns of the header just above document line `first` on `page`
/// (the label column's header first): the lines above it without a number, up to four, on the
/// same page. A header cell wrapped over lines ("采购项目数" above "量") is its pieces that overlap
/// across; of the runs of lines that make `want` columns, the tallest is the header, since a
/// shorter one may hold only a wrapped cell's last line.
fn header_columns(doc: &Document, first: usize, page: u32, want: usize) -> Option<Vec<f32>> {
    let mut lines: Vec<Vec<[f32; 2]>> = Vec::new();
    for line in doc.lines[first.saturating_sub(4)..first].iter().rev() {
        let boxes: Option<Vec<[f32; 2]>> = line
            .cells
            .iter()
            .map(|c| match &c.span {
                Span::Page { page: p, bbox } if *p == page && !c.text.chars().any(|ch| ch.is_ascii_digit()) => {
                    Some([bbox[0], bbox[2]])
                }
                _ => None,
            })
            .collect();
        match boxes {
            Some(b) if !b.is_empty() => lines.push(b),
            _ => break,
        }
    }
    (1..=lines.len())
        .rev()
        .find_map(|k| {
            let mut spans: Vec<[f32; 2]> = lines[..k].iter().flatten().copied().collect();
            spans.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let mut merged: Vec<[f32; 2]> = Vec::new();
            for sp in spans {
                match merged.last_mut() {
                    Some(last) if sp[0] < last[1] => last[1] = last[1].max(sp[1]),
                    _ => merged.push(sp),
                }
            }
            (merged.len() == want).then(|| merged.iter().map(|m| (m[0] + m[1]) / 2.0).collect())
        })
        .or_else(|| {
            // Else a header line of its own a row or two higher (over rows of values).
            doc.lines[first.saturating_sub(4)..first].iter().rev().find_map(|l| {
                let xs: Option<Vec<f32>> = l
                    .cells
                    .iter()
                    .map(|c| match &c.span {
                        Span::Page { page: p, bbox } if *p == page && !c.text.chars().any(|ch| ch.is_ascii_digit()) => {
                            Some((bbox[0] + bbox[2]) / 2.0)
                        }
                        _ => None,
                    })
                    .collect();
                xs.filter(|xs| xs.len() == want)
            })
        })
}

/// Rows that stand in the table as their label alone — a line (or up to three consecutive lines
/// of a wrapped label) that is exactly the row's label, between the rows before and after it,
/// with nothing beside it: every cell blank. (A PDF draws no glyph for a blank cell, so the row
/// is its label; a text form writes its empty cells.)
fn blank_rows(def: &'static TableDef, by_row: &[Option<(usize, Placement)>], st: &Stream) -> Vec<bool> {
    let lines: Vec<&super::stream::TextLine> = st.groups.iter().flat_map(|g| &g.gap).chain(&st.trailing).collect();
    (0..def.rows.len())
        .map(|r| {
            if by_row[r].is_some() {
                return false;
            }
            let after = by_row[..r].iter().rev().find_map(|b| b.map(|(k, _)| st.groups[k].last_line));
            let before = by_row[r + 1..].iter().find_map(|b| b.map(|(k, _)| st.groups[k].first_line));
            let labels: Vec<String> = def.rows[r].labels().map(crate::normalize::label_key).collect();
            let between =
                |l: &super::stream::TextLine| after.is_none_or(|a| l.line > a) && before.is_none_or(|b| l.line < b);
            // The label on one line, or wrapped over up to three consecutive lines ("行政事业性收" / "费").
            (0..lines.len()).any(|i| {
                let mut key = String::new();
                (i..lines.len().min(i + 3)).any(|j| {
                    key.extend(&lines[j].key);
                    lines[j].line == lines[i].line + (j - i)
                        && between(lines[i])
                        && between(lines[j])
                        && labels.contains(&key)
                })
            })
        })
        .collect()
}

/// What tells a row the reader did not read from a row the document lacks.
struct Held<'a> {
    /// The Han characters of the table's region, run together (labels wrap across cells).
    region: &'a str,
    /// The table holds values the reader could not pair with any row.
    unplaced: bool,
}

impl Held<'_> {
    /// Whether the file holds row `r` of `def` though no values were read for it: the table
    /// has values the reader could not place, or the row's label stands in the region more
    /// often than within the labels of the rows that were read (a label of four characters or
    /// more: a shorter one is too common to tell).
    fn row(&self, def: &TableDef, r: usize, present: &dyn Fn(usize) -> bool) -> bool {
        use crate::normalize::label_key;
        self.unplaced
            || def.rows[r].labels().map(label_key).filter(|k| k.chars().count() >= 4).any(|k| {
                let within_others: usize = def
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != r && present(i))
                    .flat_map(|(_, o)| o.labels().map(label_key))
                    .map(|l| l.matches(&k).count())
                    .sum();
                self.region.matches(&k).count() > within_others
            })
    }
}

/// For each run of consecutive rows not read: ROW-UNREAD (a reading finding) for the rows the
/// file holds, ROW-MISSING for the rows it lacks — the agency is charged only with what is not
/// in its document (SPEC §4.1). Rows read as blank are there.
fn report_missing_rows(
    def: &'static TableDef,
    by_row: &[Option<(usize, Placement)>],
    blank: &[bool],
    from: usize,
    st: &Stream,
    held: &Held,
    diags: &mut Vec<Diagnostic>,
) {
    let present = |r: usize| by_row[r].is_some() || blank[r];
    let mut r = from;
    while r < by_row.len() {
        if present(r) {
            r += 1;
            continue;
        }
        let start = r;
        while r < by_row.len() && !present(r) {
            r += 1;
        }
        // Point at the row just before the gap, or the table start.
        let span = start
            .checked_sub(1)
            .and_then(|p| by_row[p])
            .and_then(|(k, _)| st.groups[k].span().cloned())
            .or_else(|| st.groups.first().and_then(|g| g.span().cloned()));
        let (unread, absent): (Vec<usize>, Vec<usize>) = (start..r).partition(|&i| held.row(def, i, &present));
        let args = |rows: &[usize]| {
            Args::new()
                .with("table", def.id.key())
                .with("n", rows.len())
                .with("rows", rows.iter().map(|&i| def.rows[i].label).collect::<Vec<_>>())
                .with("rows_key", rows.iter().map(|&i| def.rows[i].key).collect::<Vec<_>>())
        };
        let cells = |rows: &[usize]| rows.iter().map(|&i| path(def, def.rows[i].key)).collect();
        if !unread.is_empty() {
            let args = args(&unread).with("unplaced", held.unplaced);
            diags.push(
                Diagnostic::new("ROW-UNREAD", "finding-rows-unread", args).at(span.clone()).cells(cells(&unread)),
            );
        }
        if absent.is_empty() {
            continue;
        }
        // The rows missing at the end of a table, after the last one read: the table is cut off.
        let (message, args) = match start.checked_sub(1).map(|p| &def.rows[p]) {
            Some(after) if r == by_row.len() && unread.is_empty() => {
                ("finding-rows-cut", args(&absent).with("after", after.label).with("after_key", after.key))
            }
            _ => ("finding-rows-missing", args(&absent)),
        };
        diags.push(Diagnostic::new("ROW-MISSING", message, args).at(span).cells(cells(&absent)));
    }
}

/// Read 表四: one row of fifteen numbers under a two-level header (or three labelled rows of
/// five, which read the same in order).
/// `region_text` is the region's compact text, for the header cues.
pub fn table4(
    doc: &Document,
    range: Range<usize>,
    region_text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<TableData> {
    let region_span = doc.lines.get(range.clone()).and_then(|ls| ls.iter().find_map(|l| l.span().cloned()));
    let st = stream(doc, range.clone());
    let header = ["结果维持", "尚未审结", "行政复议", "复议后起诉"].iter().any(|c| region_text.contains(c));
    if !header && st.groups.is_empty() {
        return None;
    }
    let values: Vec<&(Slot, Span)> = st.groups.iter().flat_map(|g| g.values()).collect();
    let span = st.groups.first().and_then(|g| g.span().cloned());
    let to_rows = |cells: Vec<ValueCell>| -> Vec<RowData> {
        TABLE4.rows.iter().zip(cells.chunks(5)).map(|(def, c)| RowData { def, cells: c.to_vec() }).collect()
    };
    let cells_of = |v: &[&(Slot, Span)]| -> Vec<ValueCell> {
        v.iter().map(|(s, sp)| ValueCell { value: s.num(), span: Some(sp.clone()) }).collect()
    };
    if values.len() == 15 {
        return Some(TableData { def: &TABLE4, complete: true, rows: to_rows(cells_of(&values)), span });
    }
    if values.is_empty() {
        let blank = vec![ValueCell { value: None, span: None }; 15];
        // Numbers in the table's place that were not read as its values: the reader lost them
        // (a page's script, cells run together), and the table is not said to be blank.
        if let Some(at) = digits_beside_labels(doc, range) {
            diags.push(
                Diagnostic::new(
                    "TABLE-UNREAD",
                    "finding-table-unread",
                    Args::new().with("table", TableId::Table4.key()),
                )
                .at(Some(at)),
            );
            return Some(TableData { def: &TABLE4, complete: false, rows: to_rows(blank), span });
        }
        diags.push(
            Diagnostic::new("TABLE-BLANK", "finding-table-blank", Args::new().with("table", TableId::Table4.key()))
                .at(region_span),
        );
        return Some(TableData { def: &TABLE4, complete: true, rows: to_rows(blank), span });
    }
    // Empty cells inside the value runs are blank cells.
    let run: Vec<&(Slot, Span)> = st
        .groups
        .iter()
        .flat_map(|g| {
            let last = g.slots.iter().rposition(|(s, _)| s.is_value()).unwrap_or(0);
            g.slots[..=last].iter()
        })
        .collect();
    if run.len() == 15 {
        return Some(TableData { def: &TABLE4, complete: true, rows: to_rows(cells_of(&run)), span });
    }
    let shown: Vec<String> = values.iter().map(|(s, _)| s.num().map_or("/".into(), |n| n.to_string())).collect();
    let args = Args::new().with("table", TableId::Table4.key()).with("n", values.len()).with("values", shown.join(" "));
    if values.len() < 15 {
        if let Some(cells) = split_table4(&values) {
            diags.push(Diagnostic::new("CELLS-RESOLVED", "finding-table4-glued-split", args).at(span.clone()));
            return Some(TableData { def: &TABLE4, complete: true, rows: to_rows(cells), span });
        }
    }
    if values.len() > 15 && values.len() <= 17 {
        if let Some(keep) = unique_consistent_table4(&values) {
            let picked: Vec<&(Slot, Span)> = keep.iter().map(|&i| values[i]).collect();
            diags.push(Diagnostic::new("CELLS-RESOLVED", "finding-table4-extra-chosen", args).at(span.clone()));
            return Some(TableData { def: &TABLE4, complete: true, rows: to_rows(cells_of(&picked)), span });
        }
    }
    diags.push(
        Diagnostic::new("CELLS-UNRESOLVED", "finding-table4-unplaced", args)
            .at(span.clone())
            .cells(vec!["table4".into()]),
    );
    let blank = vec![ValueCell { value: None, span: None }; 15];
    Some(TableData { def: &TABLE4, complete: false, rows: to_rows(blank), span })
}

/// The first line of `range` that is no prose and holds a digit: in a table's place, a value
/// the reader did not read. A line of prose (a sentence after the table) does not count.
fn digits_beside_labels(doc: &Document, range: Range<usize>) -> Option<Span> {
    doc.lines.get(range)?.iter().find_map(|l| {
        let text: String = l.cells.iter().map(|c| c.text.as_str()).collect();
        let compacted = crate::normalize::compact(&text);
        let prose = compacted.contains('。') || compacted.chars().count() > 60;
        (!prose && !crate::normalize::is_page_number(&text) && compacted.chars().any(|c| c.is_ascii_digit()))
            .then(|| l.span().cloned())
            .flatten()
    })
}

/// 表四's fifteen cells from fewer values whose digits were glued together, when exactly one
/// split into fifteen whole numbers (no leading zeros) makes every group's 总计 the sum of its
/// four results.
fn split_table4(values: &[&(Slot, Span)]) -> Option<Vec<ValueCell>> {
    let mut digits: Vec<(u8, usize)> = Vec::new();
    for (i, (slot, _)) in values.iter().enumerate() {
        let n = slot.num().filter(|n| n.is_integer() && !n.is_negative() && !n.signed)?;
        digits.extend(n.mantissa.to_string().bytes().map(|b| (b - b'0', i)));
    }
    // Each value must end a part: parts never straddle two printed values.
    let ends: Vec<bool> = (0..digits.len()).map(|k| digits.get(k + 1).is_none_or(|d| d.1 != digits[k].1)).collect();
    let mut found: Vec<Vec<(i64, usize)>> = Vec::new();
    let mut budget = 200_000usize;
    fn rec(
        d: &[(u8, usize)],
        ends: &[bool],
        at: usize,
        cur: &mut Vec<(i64, usize)>,
        found: &mut Vec<Vec<(i64, usize)>>,
        budget: &mut usize,
    ) {
        if *budget == 0 || found.len() > 1 {
            return;
        }
        *budget -= 1;
        let left = 15 - cur.len();
        if at == d.len() || left == 0 {
            if at == d.len() && left == 0 {
                found.push(cur.clone());
            }
            return;
        }
        if d.len() - at < left {
            return;
        }
        let mut v: i64 = 0;
        for k in at..d.len() {
            if k > at && d[at].0 == 0 || k - at > 12 {
                break;
            }
            v = v * 10 + i64::from(d[k].0);
            cur.push((v, d[k].1));
            // A group of five is complete: its 总计 must be the sum of the four before it.
            let ok = !cur.len().is_multiple_of(5) || {
                let g = &cur[cur.len() - 5..];
                g[..4].iter().map(|x| x.0).sum::<i64>() == g[4].0
            };
            if ok {
                rec(d, ends, k + 1, cur, found, budget);
            }
            cur.pop();
            if ends[k] {
                break;
            }
        }
    }
    rec(&digits, &ends, 0, &mut Vec::new(), &mut found, &mut budget);
    let [one] = found.as_slice() else { return None };
    (budget > 0).then(|| {
        one.iter().map(|&(v, i)| ValueCell { value: Some(Num::int(v)), span: Some(values[i].1.clone()) }).collect()
    })
}

/// The single selection of 15 of `values` under which every 表四 group adds up, if exactly one
/// distinct result exists.
fn unique_consistent_table4(values: &[&(Slot, Span)]) -> Option<Vec<usize>> {
    let n = values.len();
    let mut found: Option<(Vec<usize>, Vec<Option<Num>>)> = None;
    let mut ambiguous = false;
    let mut keep = Vec::new();
    let drop_count = n - 15;
    let mut choose = |drop: &[usize]| {
        keep = (0..n).filter(|i| !drop.contains(i)).collect();
        let vals: Vec<Option<Num>> = keep.iter().map(|&i| values[i].0.num()).collect();
        let ok = vals.chunks(5).all(|g| {
            let sum: i128 = g[..4].iter().map(|v| v.map_or(0, |x| x.scaled_to(0))).sum();
            g[4].map_or(0, |x| x.scaled_to(0)) == sum
        });
        if ok {
            match &found {
                Some((_, v)) if *v != vals => ambiguous = true,
                Some(_) => {}
                None => found = Some((keep.clone(), vals)),
            }
        }
    };
    for a in 0..n {
        if drop_count == 1 {
            choose(&[a]);
        } else {
            for b in a + 1..n {
                choose(&[a, b]);
            }
        }
    }
    if ambiguous {
        return None;
    }
    found.map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{at, tsv};
    use crate::template::{APPLICANT_COLUMNS, TABLE2_2021, TABLE3_2019};
    use crate::Severity;

    /// `text` read as the table `def`, the file going on after it (a line of prose follows).
    fn read(def: &'static TableDef, text: &str) -> (Option<TableData>, Vec<Diagnostic>) {
        let doc = tsv(&format!("{text}\n五、存在的主要问题及改进情况"));
        let mut diags = Vec::new();
        let t = labelled_table(&doc, def, 0..doc.lines.len() - 1, false, &mut diags);
        (t, diags)
    }

    /// A row's values as written (`None`: blank or unknown).
    fn values(t: &TableData, key: &str) -> Vec<Option<String>> {
        t.row(key).expect("the row is read").cells.iter().map(|c| c.value.map(|n| n.to_string())).collect()
    }

    fn vals(v: &[&str]) -> Vec<Option<String>> {
        v.iter().map(|s| (!s.is_empty()).then(|| s.to_string())).collect()
    }

    fn codes(diags: &[Diagnostic]) -> Vec<(&str, Severity)> {
        diags.iter().map(|d| (d.code, d.severity)).collect()
    }

    const TABLE2: &str = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t1\t0\t5
行政规范性文件\t3\t1\t20
信息内容\t本年处理决定数量
行政许可\t120
行政处罚\t30
行政强制\t0
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t24.1982";

    #[test]
    fn complete_rows_are_read_cell_by_cell_with_their_places() {
        let (t, diags) = read(&TABLE2_2021, TABLE2);
        let t = t.expect("table 2 is read");
        assert_eq!(diags, []);
        assert!(t.complete);
        assert_eq!(t.rows.len(), 6);
        assert_eq!(values(&t, "regulations"), vals(&["1", "0", "5"]));
        assert_eq!(values(&t, "normative_documents"), vals(&["3", "1", "20"]));
        assert_eq!(values(&t, "administrative_licensing"), vals(&["120"]));
        assert_eq!(values(&t, "administrative_coercion"), vals(&["0"]));
        // An amount keeps its decimals as written.
        let fees = t.row("administrative_fees").unwrap().cells[0].value.unwrap();
        assert_eq!((fees.mantissa, fees.scale), (241982, 4));
        // Every value points at its cell: 行政规范性文件's 现行有效件数 is line 3, cell 4.
        assert_eq!(t.row("normative_documents").unwrap().cells[2].span, Some(at(3, 4)));
        assert_eq!(t.span, Some(at(2, 2)));
    }

    #[test]
    fn a_blank_mark_is_a_blank_cell_and_zero_is_a_value() {
        let text = "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t5\t/\t—\t0\t-\t0\t5";
        let (t, _) = read(&TABLE3_2019, text);
        let row = t.expect("table 3 is read").row("new_received").cloned().unwrap();
        assert_eq!(
            row.cells.iter().map(|c| c.value.map(|n| n.to_string())).collect::<Vec<_>>(),
            vals(&["5", "", "", "0", "", "0", "5"])
        );
        // A blank was read from the document: it has its place, unlike an unknown cell.
        assert!(row.cells.iter().all(|c| c.span.is_some()));
        assert_eq!(row.cells[2].span, Some(at(2, 4)));
    }

    #[test]
    fn empty_cells_among_and_after_the_values_are_blanks() {
        let text = TABLE2
            .replace("规章\t1\t0\t5", "规章\t1\t\t")
            .replace("行政规范性文件\t3\t1\t20", "行政规范性文件\t3\t\t20");
        let (t, diags) = read(&TABLE2_2021, &text);
        let t = t.unwrap();
        assert_eq!(diags, []);
        assert_eq!(values(&t, "regulations"), vals(&["1", "", ""]));
        assert_eq!(values(&t, "normative_documents"), vals(&["3", "", "20"]));
        assert_eq!(t.row("regulations").unwrap().cells[2].span, Some(at(2, 4)));
        assert!(t.complete);
    }

    #[test]
    fn a_label_alone_with_empty_cells_is_a_row_of_blanks() {
        let (t, diags) = read(&TABLE2_2021, &TABLE2.replace("行政强制\t0", "行政强制\t"));
        assert_eq!(diags, []);
        let t = t.unwrap();
        let row = t.row("administrative_coercion").unwrap();
        assert_eq!(row.cells.len(), 1);
        assert_eq!((row.cells[0].value, row.cells[0].span.clone()), (None, Some(at(7, 2))));
    }

    #[test]
    fn fewer_values_than_columns_with_nothing_to_place_them_are_unknown_cells() {
        let (t, diags) = read(&TABLE2_2021, &TABLE2.replace("规章\t1\t0\t5", "规章\t1\t5"));
        let t = t.unwrap();
        assert_eq!(codes(&diags), [("CELLS-UNRESOLVED", Severity::Error)]);
        assert_eq!(diags[0].cells, ["table2.regulations"]);
        assert_eq!(diags[0].span, Some(at(2, 2)));
        // Unknown, not blank: no value and no place in the document.
        assert!(t.row("regulations").unwrap().cells.iter().all(|c| c.value.is_none() && c.span.is_none()));
        assert!(!t.complete);
        // The other rows are read as they are.
        assert_eq!(values(&t, "normative_documents"), vals(&["3", "1", "20"]));
    }

    #[test]
    fn glued_digits_are_split_where_the_row_sum_allows_one_split_only() {
        let text = "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t12\t0\t0\t0\t0\t3";
        let (t, diags) = read(&TABLE3_2019, text);
        let t = t.unwrap();
        assert_eq!(values(&t, "new_received"), vals(&["1", "2", "0", "0", "0", "0", "3"]));
        // Both parts come from the glued cell.
        let cells = &t.row("new_received").unwrap().cells;
        assert_eq!((cells[0].span.clone(), cells[1].span.clone()), (Some(at(2, 2)), Some(at(2, 2))));
        let resolved: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "CELLS-RESOLVED").collect();
        assert_eq!(resolved.len(), 1);
        assert_eq!(
            (resolved[0].severity, resolved[0].cells.clone()),
            (Severity::Warning, vec!["table3.new_received".to_string()])
        );
    }

    #[test]
    fn glued_digits_no_sum_decides_are_unknown() {
        // 111 splits as 1 11 or 11 1, and the row's 总计 3 holds for neither: nothing is guessed.
        let text = "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t111\t0\t0\t0\t0\t3";
        let (t, diags) = read(&TABLE3_2019, text);
        let t = t.unwrap();
        assert!(diags.iter().any(|d| d.code == "CELLS-UNRESOLVED" && d.cells == ["table3.new_received"]));
        assert_eq!(values(&t, "new_received"), vec![None; 7]);
        assert!(!t.complete);
    }

    #[test]
    fn a_template_row_not_in_the_table_is_row_missing() {
        let (t, diags) = read(&TABLE2_2021, &TABLE2.replace("行政处罚\t30\n", ""));
        let t = t.unwrap();
        assert_eq!(codes(&diags), [("ROW-MISSING", Severity::Error)]);
        assert_eq!(diags[0].cells, ["table2.administrative_punishment"]);
        // At the row before the gap.
        assert_eq!(diags[0].span, Some(at(5, 2)));
        assert!(t.row("administrative_punishment").is_none());
        assert!(!t.complete);
    }

    #[test]
    fn a_file_that_ends_inside_a_row_keeps_its_first_cells_and_the_rest_unknown() {
        let text = "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t1\t0\t0";
        let doc = tsv(text);
        let mut diags = Vec::new();
        let t = labelled_table(&doc, &TABLE3_2019, 0..doc.lines.len(), false, &mut diags).unwrap();
        assert_eq!(values(&t, "carried_over"), vals(&["1", "0", "0", "", "", "", ""]));
        assert_eq!(t.row("carried_over").unwrap().cells[3].span, None);
        let cut: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "ROW-CUT").collect();
        assert_eq!(cut.len(), 1);
        assert_eq!(
            cut[0].cells,
            (3..7).map(|c| format!("table3.carried_over.{}", APPLICANT_COLUMNS[c].key)).collect::<Vec<_>>()
        );
        assert!(!t.complete);
    }

    /// A cell of a PDF page: `text` at `x0..x1` on line `y`.
    fn on_page(text: &str, x0: f32, x1: f32, y: f32) -> crate::document::Cell {
        crate::document::Cell { text: text.into(), span: Span::Page { page: 1, bbox: [x0, y, x1, y + 10.0] } }
    }

    #[test]
    fn on_a_page_a_lone_value_is_read_in_the_column_it_stands_under() {
        use crate::document::Line;
        let header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"];
        let xs = [(40.0, 120.0), (150.0, 210.0), (250.0, 310.0), (350.0, 410.0)];
        let line = |y: f32, texts: &[(&str, usize)]| Line {
            cells: texts
                .iter()
                .map(|&(t, c)| on_page(t, xs[c].0 + 20.0 * f32::from(c > 0), xs[c].1 - 20.0 * f32::from(c > 0), y))
                .collect(),
        };
        let doc = Document {
            lines: vec![
                Line { cells: header.iter().zip(xs).map(|(t, (a, b))| on_page(t, a, b, 700.0)).collect() },
                line(680.0, &[("规章", 0), ("5", 3)]),
                line(660.0, &[("行政规范性文件", 0), ("3", 1), ("1", 2), ("20", 3)]),
                Line { cells: vec![on_page("五、存在的主要问题及改进情况", 40.0, 300.0, 600.0)] },
            ],
            ..Document::default()
        };
        let mut diags = Vec::new();
        let t = labelled_table(&doc, &TABLE2_2021, 0..3, false, &mut diags).unwrap();
        assert_eq!(values(&t, "regulations"), vals(&["", "", "5"]));
        assert!(matches!(t.row("regulations").unwrap().cells[2].span, Some(Span::Page { .. })));
        assert_eq!(values(&t, "normative_documents"), vals(&["3", "1", "20"]));
        assert!(!diags.iter().any(|d| d.code.starts_with("CELLS")), "{diags:?}");
    }

    const TABLE4_HEADER: &str = "行政复议\t\t\t\t\t行政诉讼
\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计";

    fn read4(text: &str) -> (Option<TableData>, Vec<Diagnostic>) {
        let text = format!("{text}\n五、存在的主要问题及改进情况");
        let doc = tsv(&text);
        let region = crate::normalize::compact(&text);
        let mut diags = Vec::new();
        let t = table4(&doc, 0..doc.lines.len() - 1, &region, &mut diags);
        (t, diags)
    }

    #[test]
    fn table4_reads_fifteen_values_in_three_groups_of_five() {
        let (t, diags) = read4(&format!("{TABLE4_HEADER}\n1\t0\t0\t1\t2\t0\t0\t0\t0\t0\t0\t1\t0\t0\t1"));
        let t = t.unwrap();
        assert_eq!(diags, []);
        assert!(t.complete);
        assert_eq!(values(&t, "review"), vals(&["1", "0", "0", "1", "2"]));
        assert_eq!(values(&t, "litigation_after_review"), vals(&["0", "1", "0", "0", "1"]));
        assert_eq!(t.row("litigation_after_review").unwrap().cells[1].span, Some(at(4, 12)));
    }

    #[test]
    fn table4_with_its_header_and_no_values_is_table_blank() {
        let (t, diags) = read4(TABLE4_HEADER);
        let t = t.unwrap();
        assert_eq!(codes(&diags), [("TABLE-BLANK", Severity::Warning)]);
        assert_eq!(t.rows.len(), 3);
        assert!(t.rows.iter().flat_map(|r| &r.cells).all(|c| c.value.is_none()));
    }

    #[test]
    fn table4_glued_digits_split_where_every_group_adds_up() {
        // 1 0 0 1 2 | 0 0 0 0 0 | 0 1 0 0 1 printed with the first group glued: "10012".
        let (t, diags) = read4(&format!("{TABLE4_HEADER}\n10012\t0\t0\t0\t0\t0\t0\t1\t0\t0\t1"));
        let t = t.unwrap();
        assert_eq!(codes(&diags), [("CELLS-RESOLVED", Severity::Warning)]);
        assert_eq!(values(&t, "review"), vals(&["1", "0", "0", "1", "2"]));
        assert_eq!(values(&t, "litigation_direct"), vals(&["0"; 5]));
        assert!(t.complete);
    }

    #[test]
    fn table4_values_that_fit_no_fifteen_cells_are_unknown() {
        let (t, diags) = read4(&format!("{TABLE4_HEADER}\n1\t2\t3\t4"));
        let t = t.unwrap();
        assert_eq!(codes(&diags), [("CELLS-UNRESOLVED", Severity::Error)]);
        assert_eq!(diags[0].cells, ["table4"]);
        assert!(!t.complete);
        assert!(t.rows.iter().flat_map(|r| &r.cells).all(|c| c.value.is_none() && c.span.is_none()));
    }
}
