//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use xxgk::eval::{compare, expected_path, Score};
use xxgk_core::{Lang, Report};

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

/// The single report in a file.
pub fn load(path: &Path) -> Report {
    load_with_document(path).0
}

pub fn load_with_document(path: &Path) -> (Report, xxgk_core::Document) {
    let mut all = xxgk::load(path);
    assert_eq!(all.len(), 1, "{} holds {} documents", path.display(), all.len());
    all.remove(0).unwrap_or_else(|e| panic!("{}", e.en()))
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


/// Every report of a file, or `None` (with a message) when this installation cannot read its
/// format — a Word 97 file without LibreOffice.
pub fn load_if_readable(path: &Path) -> Option<(Report, xxgk_core::Document)> {
    let mut all = xxgk::load(path);
    assert_eq!(all.len(), 1, "{} holds {} documents", path.display(), all.len());
    match all.remove(0) {
        Ok(r) => Some(r),
        Err(e) if e.is_unsupported() => {
            eprintln!("skipped: {}", e.en());
            None
        }
        Err(e) => panic!("{}", e.en()),
    }
}

/// Documents with an expected file in `dir` (and below).
pub fn documents(dir: &Path) -> Vec<PathBuf> {
    xxgk::files::collect(&[dir.to_path_buf()], |p| expected_path(p).is_some())
}

/// Two generated reports one under the other in one file, as a portal page with both years or a
/// text conversion of both: for HTML, the second page's body inside the first page's.
pub fn two_in_one(form: xxgk_render::Form, first: &[u8], second: &[u8]) -> Vec<u8> {
    if form != xxgk_render::Form::Html {
        return [first, b"\n", second].concat();
    }
    let (first, second) = (String::from_utf8_lossy(first), String::from_utf8_lossy(second));
    let head = first.rfind("</body>").map_or(&*first, |end| &first[..end]);
    let body = second.find("<body>").map_or(&*second, |start| &second[start + "<body>".len()..]);
    format!("{head}{body}").into_bytes()
}
