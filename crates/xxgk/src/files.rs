//! Expanding the paths given on the command line into report files.

use std::path::{Path, PathBuf};

/// Files named directly, and every file below the directories named (sorted, hidden files and
/// the reports' sidecar files left out: [`xxgk_store::ingest::is_sidecar`]), that `keep` accepts.
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
        let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(&p, out);
            }
        } else if !xxgk_store::ingest::is_sidecar(&name) {
            out.push(p);
        }
    }
}
