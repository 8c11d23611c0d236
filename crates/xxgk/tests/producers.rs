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

/// A page whose 表三 is wider than A4 (`table{width:1500px}`), printed by Chromium: the print
/// keeps 自然人, 商业企业 and 科研机构 and cuts the rest at the page's edge. The three columns
/// are read, the four others are unknown with a finding naming them, and no sum over them
/// accuses the agency.
#[test]
fn a_table_clipped_at_the_page_edge_keeps_its_columns_and_names_the_lost_ones() {
    let pdf = root().join("crates/xxgk/tests/fixtures/clipped/table-wider-than-a4.pdf");
    let out = xxgk(&["parse", "--json", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t3 = &report["table3"];
    let nulls = [serde_json::Value::Null, serde_json::Value::Null, serde_json::Value::Null, serde_json::Value::Null];
    for (row, first) in [("new_received", [6391, 893, 257]), ("total_processed", [6350, 915, 257]), ("not_processed_repeated", [470, 13, 0])] {
        let cells = t3[row].as_array().unwrap();
        assert_eq!(cells[..3], first.map(serde_json::Value::from), "{row}: {cells:?}");
        assert_eq!(cells[3..], nulls, "{row}: {cells:?}");
    }
    assert_eq!(report["complete"]["table3"], false);
    let findings = report["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    let missing = findings.iter().find(|f| f["code"] == "COLUMNS-MISSING").unwrap_or_else(|| panic!("{codes:?}"));
    assert!(missing["message"].as_str().unwrap().contains("社会公益组织、法律服务机构、其他、总计"), "{missing}");
    assert!(!codes.iter().any(|c| c.starts_with("T3-")), "{codes:?}");
}
