//! Assign value groups to template rows.
//!
//! Rows appear in template order, so the assignment is a monotone matching between the groups
//! of a region and the rows of the template, found by dynamic programming over label scores:
//! a group whose nearest label is exactly a row's label is anchored to that row; any other group
//! is scored against every row by how much of the row's label survives, in order, in the text
//! that belongs to it. A row is only matched when most of its label is there; the rest stays
//! unmatched and is reported, never guessed — except that a gap with as many unlabelled groups
//! as missing rows is filled in order, with a finding that says so.
//!
//! Which wrapped label lines belong to which values depends on how the table aligns its cells:
//! text conversions and bottom-aligned cells put the label before its numbers, Word's default
//! top-aligned cells start the label on the numbers' line and continue below, WPS exports centre
//! the numbers between label lines. Text on the numbers' own line is always theirs; the other
//! lines are attributed under each of the three [`Attribution`]s, and the one whose matching
//! scores best is taken.

use std::sync::OnceLock;

use super::lcs::{Alphabet, Pattern};
use super::stream::{Group, TextLine};
use crate::normalize::label_key;
use crate::template::{all_tables, TableDef};

/// The prepared label keys of each row of a table.
struct RowKeys {
    keys: Vec<(String, Pattern)>,
}

/// A table's row keys and the alphabet of their characters.
struct TableKeys {
    alphabet: Alphabet,
    rows: Vec<RowKeys>,
}

fn table_keys(def: &'static TableDef) -> Option<&'static TableKeys> {
    static CACHE: OnceLock<Vec<(usize, TableKeys)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        all_tables()
            .iter()
            .map(|t| {
                let keys: Vec<Vec<String>> = t.rows.iter().map(|r| r.labels().map(label_key).collect()).collect();
                let alphabet = Alphabet::new(keys.iter().flatten().map(String::as_str));
                let rows = keys
                    .into_iter()
                    .map(|ks| RowKeys {
                        keys: ks
                            .into_iter()
                            .map(|k| {
                                let p = Pattern::new(&k, &alphabet);
                                (k, p)
                            })
                            .collect(),
                    })
                    .collect();
                (*t as *const TableDef as usize, TableKeys { alphabet, rows })
            })
            .collect()
    });
    let addr = def as *const TableDef as usize;
    cache.iter().find(|(a, _)| *a == addr).map(|(_, k)| k)
}

/// How a group came to be assigned to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// By its label.
    Label,
    /// By position between labelled rows (its own label was not recognisable).
    Position,
}

/// Where a table's wrapped label lines stand relative to their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribution {
    /// Label lines precede their values.
    Before,
    /// Each line goes to the nearer group of values (ties: the later one).
    Centre,
    /// Label lines follow their values.
    After,
}

/// The label text of each group under an attribution, in document order.
fn contexts(groups: &[Group], trailing: &[TextLine], mode: Attribution) -> Vec<Vec<char>> {
    let n = groups.len();
    let mut before: Vec<Vec<char>> = vec![Vec::new(); n];
    let mut after: Vec<Vec<char>> = vec![Vec::new(); n];
    for k in 0..=n {
        let lines = groups.get(k).map_or(trailing, |g| g.gap.as_slice());
        for tl in lines {
            // The group this line goes to, as (index, whether the line is before it).
            let owner = match (k.checked_sub(1), mode) {
                (None, _) => (k < n).then_some((k, true)),
                (Some(prev), _) if k == n => Some((prev, false)),
                (Some(_), Attribution::Before) => Some((k, true)),
                (Some(prev), Attribution::After) => Some((prev, false)),
                (Some(prev), Attribution::Centre) => {
                    let to_prev = tl.line.saturating_sub(groups[prev].last_line);
                    let to_next = groups[k].first_line.saturating_sub(tl.line);
                    Some(if to_prev < to_next { (prev, false) } else { (k, true) })
                }
            };
            match owner {
                Some((g, true)) => before[g].extend_from_slice(&tl.key),
                Some((g, false)) => after[g].extend_from_slice(&tl.key),
                None => {}
            }
        }
    }
    (0..n)
        .map(|k| {
            let mut c = std::mem::take(&mut before[k]);
            c.extend_from_slice(&groups[k].own);
            c.extend_from_slice(&after[k]);
            c
        })
        .collect()
}

/// Monotone maximum-weight matching of groups to rows; returns the total and the assignment.
fn best_matching(score: &[Vec<Option<f32>>], n: usize) -> (f32, Vec<Option<usize>>) {
    let m = score.len();
    let mut dp = vec![vec![0f32; n + 1]; m + 1];
    for k in 0..m {
        for r in 0..n {
            let mut best = dp[k][r + 1].max(dp[k + 1][r]);
            if let Some(s) = score[k][r] {
                best = best.max(dp[k][r] + s);
            }
            dp[k + 1][r + 1] = best;
        }
    }
    let mut out = vec![None; m];
    let (mut k, mut r) = (m, n);
    while k > 0 && r > 0 {
        if let Some(s) = score[k - 1][r - 1] {
            if (dp[k][r] - (dp[k - 1][r - 1] + s)).abs() < 1e-4 {
                out[k - 1] = Some(r - 1);
                k -= 1;
                r -= 1;
                continue;
            }
        }
        if (dp[k][r] - dp[k - 1][r]).abs() < 1e-4 {
            k -= 1;
        } else {
            r -= 1;
        }
    }
    (dp[m][n], out)
}

/// For each group, the row it belongs to (index into `def.rows`) and how it was placed.
pub fn align(def: &'static TableDef, groups: &[Group], trailing: &[TextLine]) -> Vec<Option<(usize, Placement)>> {
    let Some(TableKeys { alphabet, rows: keys }) = table_keys(def) else { return vec![None; groups.len()] };
    let (m, n) = (groups.len(), keys.len());
    let row_of = |key: &[char]| -> Option<usize> {
        let key: String = key.iter().collect();
        keys.iter().position(|rk| rk.keys.iter().any(|(k, _)| *k == key))
    };
    let mut anchors: Vec<Option<usize>> = groups
        .iter()
        .map(|g| {
            g.nearest.as_deref().and_then(|near| keys.iter().position(|rk| rk.keys.iter().any(|(key, _)| key == near)))
        })
        .collect();
    pair_detached_labels(groups, &row_of, &mut anchors);
    let modes: &[Attribution] = if anchors.iter().all(Option::is_some) {
        &[Attribution::Before]
    } else {
        &[Attribution::Before, Attribution::Centre, Attribution::After]
    };
    let mut best: Option<(f32, Vec<Option<usize>>)> = None;
    for &mode in modes {
        let ctx: Vec<Vec<u16>> = contexts(groups, trailing, mode).iter().map(|c| alphabet.encode(c)).collect();
        // `None`: the row is not eligible for the group.
        let mut score: Vec<Vec<Option<f32>>> = vec![vec![None; n]; m];
        for k in 0..m {
            if let Some(r) = anchors[k] {
                score[k][r] =
                    Some(keys[r].keys.iter().map(|(key, _)| key.chars().count()).max().unwrap_or(0) as f32 + 1.0);
                continue;
            }
            for (r, rk) in keys.iter().enumerate() {
                for (_, p) in &rk.keys {
                    let len = p.len();
                    let need = if len <= 4 { len } else { (len * 3).div_ceil(5) };
                    let l = p.lcs(&ctx[k]);
                    if len > 0 && l >= need.max(2) {
                        let s = l as f32;
                        score[k][r] = Some(score[k][r].map_or(s, |b: f32| b.max(s)));
                    }
                }
            }
        }
        let (total, assignment) = best_matching(&score, n);
        if best.as_ref().is_none_or(|(b, _)| total > *b + 1e-4) {
            best = Some((total, assignment));
        }
    }
    let assignment = best.map(|(_, a)| a).unwrap_or_default();
    let mut out: Vec<Option<(usize, Placement)>> =
        assignment.into_iter().map(|a| a.map(|r| (r, Placement::Label))).collect();
    place_out_of_order(groups, &mut out, &anchors);
    fill_gaps_by_position(&mut out, n);
    out
}

/// Rows out of template order (表二's 第二十条第（一）项 block printed after （八）): a group of
/// values left over by the in-order matching whose label is exactly a row's own, for a row
/// nothing else took, is that row. (A header line of empty cells is no row.)
fn place_out_of_order(groups: &[Group], out: &mut [Option<(usize, Placement)>], anchors: &[Option<usize>]) {
    for k in 0..out.len() {
        if groups[k].values().next().is_none() {
            continue;
        }
        if let (None, Some(r)) = (out[k], anchors[k]) {
            if !out.iter().any(|a| a.is_some_and(|(x, _)| x == r)) {
                out[k] = Some((r, Placement::Label));
            }
        }
    }
}

/// Labels on lines of their own, then as many rows of values with no label at all (a PDF
/// converted to markdown: `| 1.属于国家秘密 |`, `| 2.其他法律… |`, then two rows of numbers):
/// the labels go to the rows in order and count — never all to the first row, the others
/// drifting. Only where every label line is a row's own label and the counts agree.
fn pair_detached_labels(groups: &[Group], row_of: &dyn Fn(&[char]) -> Option<usize>, anchors: &mut [Option<usize>]) {
    let mut j = 0;
    while j < groups.len() {
        let labels: Vec<Option<usize>> = groups[j].gap.iter().map(|tl| row_of(&tl.key)).collect();
        let m = labels.len();
        let bare = |g: &Group| g.gap.is_empty() && g.own.is_empty();
        let followers = groups[j + 1..].iter().take_while(|g| bare(g)).count();
        if m >= 2 && groups[j].own.is_empty() && labels.iter().all(Option::is_some) && followers + 1 >= m {
            let rows: Vec<usize> = labels.into_iter().flatten().collect();
            if rows.windows(2).all(|w| w[0] < w[1]) && followers + 1 == m {
                for (i, r) in rows.into_iter().enumerate() {
                    anchors[j + i] = Some(r);
                }
                j += m;
                continue;
            }
        }
        j += 1;
    }
}

/// Between two matched rows, when the unmatched groups are exactly as many as the unmatched
/// rows, they can only belong to those rows, in order.
fn fill_gaps_by_position(out: &mut [Option<(usize, Placement)>], n_rows: usize) {
    let matched: Vec<(usize, usize)> = out.iter().enumerate().filter_map(|(k, a)| a.map(|(r, _)| (k, r))).collect();
    if matched.is_empty() {
        return;
    }
    // Only interior gaps: a gap at either end could equally be a cut-off table or stray numbers.
    for w in matched.windows(2) {
        let ((k0, r0), (k1, r1)) = (w[0], w[1]);
        // A row placed out of order bounds no gap.
        if r1 <= r0 {
            continue;
        }
        let groups_between = k1 - k0 - 1;
        let rows_between = r1 - r0 - 1;
        if groups_between > 0 && groups_between == rows_between && r1 < n_rows {
            for i in 0..groups_between {
                out[k0 + 1 + i] = Some((r0 + 1 + i, Placement::Position));
            }
        }
    }
}
