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
    let docs: usize = last
        .split("exact_docs=")
        .nth(1)
        .and_then(|s| s.split('/').nth(1))
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(docs + 1 >= settings && docs >= 6, "{last}");
}

/// `xxgk parse --json` of a fixture in `fixtures/clipped/`.
fn parsed_clipped(name: &str) -> serde_json::Value {
    let pdf = root().join("crates/xxgk/tests/fixtures/clipped").join(name);
    let out = xxgk(&["parse", "--json", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The codes of a parsed report's findings.
fn codes(report: &serde_json::Value) -> Vec<&str> {
    report["diagnostics"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect()
}

/// The COLUMNS-MISSING finding about `table` (its Chinese name, as the message begins).
fn columns_missing<'a>(report: &'a serde_json::Value, table: &str) -> &'a serde_json::Value {
    let findings = report["diagnostics"].as_array().unwrap();
    findings
        .iter()
        .find(|f| f["code"] == "COLUMNS-MISSING" && f["message"].as_str().unwrap().starts_with(table))
        .unwrap_or_else(|| panic!("no COLUMNS-MISSING about {table}: {:?}", codes(report)))
}

/// A page whose 表三 is wider than A4 (`table{width:1500px}`), printed by Chromium: the print
/// keeps 自然人, 商业企业 and 科研机构 and cuts the rest at the page's edge. The three columns
/// are read, the four others are unknown with a finding naming them, and no sum over them
/// accuses the agency.
#[test]
fn a_table_clipped_at_the_page_edge_keeps_its_columns_and_names_the_lost_ones() {
    let report = parsed_clipped("table-wider-than-a4.pdf");
    let t3 = &report["table3"];
    let nulls = [serde_json::Value::Null, serde_json::Value::Null, serde_json::Value::Null, serde_json::Value::Null];
    for (row, first) in [
        ("new_received", [6391, 893, 257]),
        ("total_processed", [6350, 915, 257]),
        ("not_processed_repeated", [470, 13, 0]),
    ] {
        let cells = t3[row].as_array().unwrap();
        assert_eq!(cells[..3], first.map(serde_json::Value::from), "{row}: {cells:?}");
        assert_eq!(cells[3..], nulls, "{row}: {cells:?}");
    }
    assert_eq!(report["complete"]["table3"], false);
    let codes = codes(&report);
    let missing = columns_missing(&report, "表三");
    assert!(missing["message"].as_str().unwrap().contains("社会公益组织、法律服务机构、其他、总计"), "{missing}");
    assert!(!codes.iter().any(|c| c.starts_with("T3-")), "{codes:?}");
}

/// A 2019-template page printed the same way (`xxgk synth 20 --seed 2026` #000000): each of 表二's
/// sub-tables keeps its first two columns, the third (对外公开总数量, 处理决定数量) is cut, and
/// 行政事业性收费's 本年增/减, a merged cell centred past the page's edge, is not in the file
/// although its header is. The two columns are read under their headers, never as glued digits
/// spread over three cells ("18 0" is not 1, 8, 0); the lost cells, and the empty one the edge
/// may have cut, are unknown and named.
#[test]
fn table2_clipped_at_the_page_edge_reads_its_first_columns_and_names_the_lost_ones() {
    let report = parsed_clipped("table2-of-2019-wider-than-a4.pdf");
    let t2 = &report["table2"];
    for (row, want) in [
        ("administrative_punishment", serde_json::json!([18, 0, null])),
        ("administrative_coercion", serde_json::json!([29, -2, null])),
        ("regulations", serde_json::json!([0, 0, null])),
        ("administrative_fees", serde_json::json!([4, null])),
    ] {
        assert_eq!(t2[row], want, "{row}");
    }
    assert_eq!(report["complete"]["table2"], false);
    let codes = codes(&report);
    assert!(!codes.contains(&"CELLS-RESOLVED"), "{codes:?}");
    let missing = columns_missing(&report, "表二");
    assert!(missing["message"].as_str().unwrap().contains("对外公开总数量、处理决定数量"), "{missing}");
    let cells: Vec<&str> = missing["cells"].as_array().unwrap().iter().filter_map(|c| c.as_str()).collect();
    for cell in [
        "table2.administrative_punishment.decisions",
        "table2.administrative_fees.change",
        "table2.regulations.total_published",
    ] {
        assert!(cells.contains(&cell), "{cell} not in {cells:?}");
    }
    assert!(!cells.contains(&"table2.administrative_fees.previous_items"), "{cells:?}");
}
