//! Files that real producers made from generated reports (`tools/producer_matrix.py`: Chromium's
//! print to PDF at A4, at A5 with labels wrapped around their values, at 60 % and at 160 % with
//! wrapped headers and row labels, with its header and footer; LibreOffice DOCX→PDF with numbers
//! wrapped in narrow cells, HTML→PDF, HTML→DOCX, DOCX→DOC, HTML→XLSX), kept as fixtures so that
//! the suite runs without the producers: every value read back exactly. CI runs the whole matrix.

mod common;

use common::*;

#[test]
fn files_made_by_real_producers_read_back_exactly() {
    let dir = root().join("crates/xxgk/tests/fixtures/producers");
    let out = xxgk(&["eval", "--min-cell", "100", dir.to_str().unwrap()]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    let last = said.lines().rev().find(|l| l.starts_with("cells=")).unwrap_or_default().to_string();
    assert!(last.contains("cell_accuracy=100.00%"), "{last}");
    // Every setting is read (a Word 97 file only where LibreOffice is installed).
    let settings = std::fs::read_dir(&dir).unwrap().count();
    let docs: usize = last.split("exact_docs=").nth(1).and_then(|s| s.split('/').nth(1)).and_then(|s| s.split(' ').next()).and_then(|s| s.parse().ok()).unwrap();
    assert!(docs + 1 >= settings && docs >= 6, "{last}");
}
