//! Assign value groups to template rows.
//!
//! Rows appear in template order, so the assignment is a monotone matching between the groups
//! of a region and the rows of the template, found by dynamic programming over label scores:
//! a group whose nearest label is exactly a row's label is anchored to that row; any other group
//! is scored against every row by how much of the row's label survives, in order, in the text
//! before it (and, a little less, after it — labels wrapped below their numbers). A row is only
//! matched when most of its label is there; the rest stays unmatched and is reported, never
//! guessed — except that a gap with as many unlabelled groups as missing rows is filled in
//! order, with a finding that says so.

use std::sync::OnceLock;

use super::lcs::Pattern;
use super::stream::Group;
use crate::normalize::label_key;
use crate::template::{all_tables, TableDef};

/// The prepared label keys of each row of a table.
struct RowKeys {
    keys: Vec<(String, Pattern)>,
}

fn row_keys(def: &'static TableDef) -> &'static [RowKeys] {
    static CACHE: OnceLock<Vec<(usize, Vec<RowKeys>)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        all_tables()
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .map(|r| RowKeys {
                        keys: r
                            .labels()
                            .map(|l| {
                                let k = label_key(l);
                                let p = Pattern::new(&k);
                                (k, p)
                            })
                            .collect(),
                    })
                    .collect();
                (*t as *const TableDef as usize, rows)
            })
            .collect()
    });
    let addr = def as *const TableDef as usize;
    cache.iter().find(|(a, _)| *a == addr).map(|(_, r)| r.as_slice()).unwrap_or(&[])
}

/// How a group came to be assigned to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// By its label.
    Label,
    /// By position between labelled rows (its own label was not recognisable).
    Position,
}

/// For each group, the row it belongs to (index into `def.rows`) and how it was placed.
pub fn align(def: &'static TableDef, groups: &[Group], trailing: &[char]) -> Vec<Option<(usize, Placement)>> {
    let keys = row_keys(def);
    let (m, n) = (groups.len(), keys.len());
    // Score matrix; NaN-free: `None` means the row is not eligible for the group.
    let mut score: Vec<Vec<Option<f32>>> = vec![vec![None; n]; m];
    for (k, g) in groups.iter().enumerate() {
        let anchor = g
            .nearest
            .as_deref()
            .and_then(|near| keys.iter().position(|rk| rk.keys.iter().any(|(key, _)| key == near)));
        if let Some(r) = anchor {
            score[k][r] = Some(keys[r].keys.iter().map(|(key, _)| key.chars().count()).max().unwrap_or(0) as f32 + 1.0);
            continue;
        }
        let after: &[char] = groups.get(k + 1).map_or(trailing, |next| next.before.as_slice());
        let mut both = g.before.clone();
        both.extend_from_slice(after);
        for (r, rk) in keys.iter().enumerate() {
            let mut best: Option<f32> = None;
            for (_, p) in &rk.keys {
                let len = p.len();
                if len == 0 {
                    continue;
                }
                let lf = p.lcs(&both);
                let need = if len <= 4 { len } else { (len * 3).div_ceil(5) };
                if lf < need.max(2) {
                    continue;
                }
                let lb = p.lcs(&g.before);
                let s = lb as f32 + 0.9 * (lf - lb) as f32;
                best = Some(best.map_or(s, |b: f32| b.max(s)));
            }
            score[k][r] = best;
        }
    }
    // Monotone maximum-weight matching.
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
    let mut out: Vec<Option<(usize, Placement)>> = vec![None; m];
    let (mut k, mut r) = (m, n);
    while k > 0 && r > 0 {
        if let Some(s) = score[k - 1][r - 1] {
            if (dp[k][r] - (dp[k - 1][r - 1] + s)).abs() < 1e-4 {
                out[k - 1] = Some((r - 1, Placement::Label));
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
    fill_gaps_by_position(&mut out, n);
    out
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
        let groups_between = k1 - k0 - 1;
        let rows_between = r1 - r0 - 1;
        if groups_between > 0 && groups_between == rows_between && r1 < n_rows {
            for i in 0..groups_between {
                out[k0 + 1 + i] = Some((r0 + 1 + i, Placement::Position));
            }
        }
    }
}
