//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use xxgk::eval::{compare, expected_path, Score};
use xxgk_core::{Lang, Report, Severity};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The project's own sample reports.
pub fn examples() -> PathBuf {
    root().join("examples")
}

/// `../shared/corpus` beside the project, when it is there.
pub fn corpus() -> Option<PathBuf> {
    let p = root().join("../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/corpus is not present");
        None
    }
}

pub fn load(path: &Path) -> Report {
    xxgk::load(path).unwrap_or_else(|e| panic!("{}", e.en())).0
}

pub fn expected(path: &Path) -> Value {
    let e = expected_path(path).unwrap_or_else(|| panic!("no expected file for {}", path.display()));
    serde_json::from_str(&std::fs::read_to_string(e).unwrap()).unwrap()
}

/// Assert that a report matches every value of its expected file.
pub fn assert_matches(path: &Path, report: &Report) {
    let mut score = Score::default();
    compare(&expected(path), Some(&report.to_json(Lang::En)), "", &mut score);
    assert!(score.cells > 0, "{}: nothing compared", path.display());
    assert!(score.mismatches.is_empty(), "{}:\n{}", path.display(), score.mismatches.join("\n"));
}

/// Codes of the error and warning findings, sorted.
pub fn codes(report: &Report) -> Vec<&'static str> {
    let mut c: Vec<&str> = report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(|d| d.code).collect();
    c.sort_unstable();
    c
}

/// Documents with an expected file in `dir` (and below).
pub fn documents(dir: &Path) -> Vec<PathBuf> {
    xxgk::files::collect(&[dir.to_path_buf()], |p| expected_path(p).is_some())
}
