//! Expanding the paths given on the command line into report files.

use std::path::{Path, PathBuf};

/// Whether a file is one of the expected-output files that sit beside corpus documents.
pub fn is_expected_json(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".expected.json"))
}

/// Files named directly, and every file below the directories named (sorted, hidden files and
/// `*.expected.json` left out), that `keep` accepts.
pub fn collect(paths: &[PathBuf], keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out.retain(|p| keep(p));
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else if !is_expected_json(&p) {
            out.push(p);
        }
    }
}
