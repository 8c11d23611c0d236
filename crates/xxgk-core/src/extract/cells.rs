//! Place a group's values into a row's columns.
//!
//! Most rows offer exactly as many values as the template has columns. The others are the
//! merged-cell artefacts of SPEC §6: a duplicated cell (8 values for 7), empty cells that stand
//! for blanks, numbers glued together. For those, every placement is tried and only the ones the
//! template's own arithmetic supports are kept; one distinct result is taken, with a finding that
//! says a choice was made, and anything else leaves the cells unknown with a finding.

use super::stream::{Group, Slot};
use crate::document::Span;
use crate::i18n::Args;
use crate::report::ValueCell;
use crate::template::{Role, RowDef, APPLICANT_COLUMNS};
use crate::value::Num;

/// How the row's values were obtained.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// One value per column, as printed.
    Exact(Vec<ValueCell>),
    /// A choice was needed; the finding's words say which.
    Chosen(Vec<ValueCell>, Why),
    /// No placement could be decided; the finding's words say why.
    Unknown(Why),
    /// The file ends inside the row: the cells it has, then unknown ones (a finding says so).
    Cut(Vec<ValueCell>),
    /// Glued digits that split several ways the row's own sum allows: for the table's
    /// arithmetic to decide; otherwise unknown, as the words say.
    Glued(Splits, Why),
}

/// What a placement says about itself, as the finding that reports it words it: a catalogue
/// id and its arguments, put into words only when a person reads the finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Why {
    pub message: &'static str,
    pub args: Args,
}

impl Why {
    /// The words `message` about row `def` whose values are `shown` (as printed, `/` for a
    /// blank): the row's label and key, how many values it has and how many columns.
    pub fn row(message: &'static str, def: &RowDef, values: usize, shown: &str) -> Why {
        let args = Args::new()
            .with("row", def.label)
            .with("row_key", def.key)
            .with("n", values)
            .with("values", shown)
            .with("columns", def.columns.len());
        Why { message, args }
    }

    /// [`Why::row`] with one more argument.
    pub fn with(mut self, name: &str, value: impl Into<serde_json::Value>) -> Why {
        self.args.set(name, value);
        self
    }
}

/// 表三 rows (every row with a role in the template's flow) end in their own 总计.
fn has_row_sum(def: &RowDef) -> bool {
    def.role != Role::Plain && def.columns.len() == APPLICANT_COLUMNS.len()
}

/// Whether `vals` satisfy the row's own arithmetic (表三: 总计 = the six applicant columns).
fn row_consistent(def: &RowDef, vals: &[Option<Num>]) -> bool {
    if !has_row_sum(def) {
        return true;
    }
    let sum: i128 = vals[..6].iter().map(|v| v.map_or(0, |n| n.scaled_to(0))).sum();
    vals[6].map_or(0, |n| n.scaled_to(0)) == sum
}

fn cells_of(slots: &[&(Slot, Span)]) -> Vec<ValueCell> {
    slots.iter().map(|(s, sp)| ValueCell { value: s.num(), span: Some(sp.clone()) }).collect()
}

fn fmt_vals(slots: &[&(Slot, Span)]) -> String {
    slots
        .iter()
        .map(|(s, _)| match s {
            Slot::Number(n) => n.to_string(),
            Slot::Blank => "/".into(),
            Slot::Empty => "□".into(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Place `group`'s values into `def`'s columns.
pub fn place(def: &RowDef, group: &Group) -> Placed {
    let n = def.columns.len();
    let values: Vec<&(Slot, Span)> = group.values().collect();
    if values.len() == n {
        return Placed::Exact(cells_of(&values));
    }
    let last_value = group.slots.iter().rposition(|(s, _)| s.is_value());
    if group.lead_empty == 0 && group.slots.len() >= n && last_value.is_none_or(|l| l < n) {
        // The values start at the first column and the cells after them are empty: those
        // are blank cells (a table with real cells, or a merged cell padded), nothing else
        // can be meant.
        return Placed::Exact(cells_of(&group.slots[..n].iter().collect::<Vec<_>>()));
    }
    if values.is_empty() {
        // A label with only empty cells: every value is blank, however many cells the
        // conversion left for them.
        let spans = group.slots.iter().map(|(_, sp)| Some(sp.clone())).chain(std::iter::repeat(group.span().cloned()));
        return Placed::Exact(spans.take(n).map(|span| ValueCell { value: None, span }).collect());
    }
    // Slots up to the last value: empty cells inside the run are blank cells.
    let last_value = last_value.unwrap_or(0);
    let run: Vec<&(Slot, Span)> = group.slots[..=last_value].iter().collect();
    if run.len() == n {
        return Placed::Exact(cells_of(&run));
    }
    let shown = fmt_vals(&values);
    if values.len() < n {
        let trailing: Vec<&(Slot, Span)> = group.slots[last_value + 1..].iter().collect();
        let with_trailing = run.len() < n && run.len() + trailing.len() >= n;
        let with_leading = run.len() + group.lead_empty == n;
        if with_trailing && !with_leading {
            let mut cells = cells_of(&run);
            cells.extend(cells_of(&trailing[..n - run.len()]));
            return Placed::Chosen(cells, Why::row("finding-cells-blank-after", def, values.len(), &shown));
        }
        if with_leading && !with_trailing {
            // The blank cells stand before the values on the row's line: the row is where they
            // came from.
            let mut cells: Vec<ValueCell> =
                (0..group.lead_empty).map(|_| ValueCell { value: None, span: group.span().cloned() }).collect();
            cells.extend(cells_of(&run));
            return Placed::Chosen(cells, Why::row("finding-cells-blank-before", def, values.len(), &shown));
        }
        return split_glued(def, &values);
    }
    drop_extra(def, &values)
}

/// More values than columns: try every way of dropping the surplus.
fn drop_extra(def: &RowDef, values: &[&(Slot, Span)]) -> Placed {
    let n = def.columns.len();
    let extra = values.len() - n;
    let shown = fmt_vals(values);
    if extra > 3 {
        return Placed::Unknown(Why::row("finding-cells-too-many", def, values.len(), &shown));
    }
    let mut results: Vec<Vec<&(Slot, Span)>> = Vec::new();
    let mut distinct: Vec<Vec<Option<Num>>> = Vec::new();
    for_each_subset(values.len(), n, &mut |keep: &[usize]| {
        let pick: Vec<&(Slot, Span)> = keep.iter().map(|&i| values[i]).collect();
        let vals: Vec<Option<Num>> = pick.iter().map(|(s, _)| s.num()).collect();
        if row_consistent(def, &vals) {
            if !distinct.contains(&vals) {
                distinct.push(vals);
            }
            results.push(pick);
        }
    });
    if distinct.len() == 1 {
        let cells = cells_of(&results[0]);
        let kept = fmt_vals(&results[0]);
        return Placed::Chosen(
            cells,
            Why::row("finding-cells-extra-chosen", def, values.len(), &shown).with("kept", kept),
        );
    }
    Placed::Unknown(Why::row("finding-cells-extra-undecided", def, values.len(), &shown))
}

/// Call `f` with every increasing index selection of size `k` from `0..n`.
fn for_each_subset(n: usize, k: usize, f: &mut dyn FnMut(&[usize])) {
    fn rec(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
        if cur.len() == k {
            f(cur);
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            rec(i + 1, n, k, cur, f);
            cur.pop();
        }
    }
    rec(0, n, k, &mut Vec::with_capacity(k), f);
}

/// The ways of splitting glued values into a row's columns: the values, and which glued value
/// each came from.
pub type Splits = Vec<(Vec<i64>, Vec<usize>)>;

/// Every distinct split of `values` (whole numbers, digits glued together: "2 0 0 0 0 02") into
/// `def`'s columns that the row's own sum allows (any split, for a row without one); `None`
/// when the values are no glued digits or allow too many splits to try.
pub fn glued_splits(def: &RowDef, values: &[&(Slot, Span)]) -> Option<Splits> {
    let n = def.columns.len();
    if values.len() >= n
        || values.iter().any(|(s, _)| !matches!(s, Slot::Number(x) if x.is_integer() && !x.is_negative() && !x.signed))
    {
        return None;
    }
    let digits: Vec<String> =
        values.iter().map(|(s, _)| s.num().map(|x| x.mantissa.to_string()).unwrap_or_default()).collect();
    let mut found: Splits = Vec::new();
    let mut budget = 50_000usize;
    split_rec(&digits, 0, n - values.len(), &mut Vec::new(), &mut Vec::new(), &mut found, &mut budget);
    if budget == 0 {
        return None;
    }
    let mut distinct: Splits = Vec::new();
    for (v, o) in found {
        if row_consistent(def, &v.iter().map(|&x| Some(Num::int(x))).collect::<Vec<_>>())
            && !distinct.iter().any(|(d, _)| *d == v)
        {
            distinct.push((v, o));
        }
    }
    Some(distinct)
}

/// The cells of one split.
pub fn split_cells(values: &[&(Slot, Span)], split: &(Vec<i64>, Vec<usize>)) -> Vec<ValueCell> {
    split
        .0
        .iter()
        .zip(&split.1)
        .map(|(&v, &o)| ValueCell { value: Some(Num::int(v)), span: Some(values[o].1.clone()) })
        .collect()
}

/// Fewer values than columns and no empty cells to explain it: numbers may have been glued
/// together. Split only where exactly one split satisfies the row's sums (for a row without
/// sums, where only one split exists at all); several are left to the table's arithmetic.
fn split_glued(def: &RowDef, values: &[&(Slot, Span)]) -> Placed {
    let shown = fmt_vals(values);
    let missing = || Placed::Unknown(Why::row("finding-cells-missing", def, values.len(), &shown));
    let Some(splits) = glued_splits(def, values) else { return missing() };
    match splits.as_slice() {
        [] => missing(),
        [one] => {
            let parts = one.0.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" ");
            let why = Why::row("finding-cells-glued-split", def, values.len(), &shown)
                .with("parts", parts)
                .with("by_sum", has_row_sum(def));
            Placed::Chosen(split_cells(values, one), why)
        }
        several => Placed::Glued(
            several.to_vec(),
            Why::row("finding-cells-glued-undecided", def, values.len(), &shown).with("splits", several.len()),
        ),
    }
}

fn split_rec(
    digits: &[String],
    i: usize,
    need: usize,
    cur: &mut Vec<i64>,
    origin: &mut Vec<usize>,
    found: &mut Vec<(Vec<i64>, Vec<usize>)>,
    budget: &mut usize,
) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    if i == digits.len() {
        if need == 0 {
            found.push((cur.clone(), origin.clone()));
        }
        return;
    }
    let d = digits[i].as_bytes();
    // Split token i into 1 ..= need+1 parts.
    for parts in 1..=(need + 1).min(d.len()) {
        let mut cuts = Vec::new();
        cut_rec(d, parts, 0, &mut cuts, &mut |pieces: &[i64]| {
            let before = cur.len();
            cur.extend_from_slice(pieces);
            origin.extend(std::iter::repeat_n(i, pieces.len()));
            split_rec(digits, i + 1, need - (parts - 1), cur, origin, found, budget);
            cur.truncate(before);
            origin.truncate(before);
        });
    }
}

/// Every way to cut `d` into `parts` integers without leading zeros.
fn cut_rec(d: &[u8], parts: usize, start: usize, cur: &mut Vec<i64>, f: &mut dyn FnMut(&[i64])) {
    if parts == 1 {
        let piece = &d[start..];
        if piece.is_empty() || (piece.len() > 1 && piece[0] == b'0') {
            return;
        }
        let v = std::str::from_utf8(piece).ok().and_then(|s| s.parse::<i64>().ok());
        if let Some(v) = v {
            cur.push(v);
            f(cur);
            cur.pop();
        }
        return;
    }
    for end in start + 1..d.len() {
        let piece = &d[start..end];
        if piece.len() > 1 && piece[0] == b'0' {
            break;
        }
        if let Some(v) = std::str::from_utf8(piece).ok().and_then(|s| s.parse::<i64>().ok()) {
            cur.push(v);
            cut_rec(d, parts - 1, end, cur, f);
            cur.pop();
        }
    }
}
