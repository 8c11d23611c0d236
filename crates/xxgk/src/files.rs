//! Expanding the paths given on the command line into report files.

use std::path::{Path, PathBuf};

/// Files named directly, and every file below the directories named (sorted, hidden files and
/// the reports' sidecar files left out: [`xxgk_store::ingest::is_sidecar`]), that `keep` accepts.
pub fn collect(paths: &[PathBuf], keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut seen, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out.retain(|p| keep(p));
    out
}

/// The files under `dir`, each folder walked once: a link back to a folder already walked (a
/// loop of symbolic links) is not followed again.
fn walk(dir: &Path, seen: &mut std::collections::HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
    if !seen.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(&p, seen, out);
            }
        } else if !xxgk_store::ingest::is_sidecar(&name) {
            out.push(p);
        }
    }
}
