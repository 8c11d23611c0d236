//! What leaves the store: the wide and long exports (CSV with the BOM Excel needs, JSONL), the
//! corrected values beside the published ones, the findings, the Excel workbook; users' SQL,
//! which may only read; and stores written by another version of the schema.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;
use xxgk_core::Lang;
use xxgk_store::export::{export, Format, Options, FINDING_COLUMNS};
use xxgk_store::{correct, Correction, Error, Store};

fn example_files() -> Vec<PathBuf> {
    files_in(&examples()).into_iter().filter(|p| !p.to_string_lossy().ends_with(".expected.json")).collect()
}

fn opts(format: Format) -> Options {
    Options { format, wide: false, corrected: false, findings: false, bom: true, lang: Lang::default(), keys: true }
}

/// The export with `o`, as text; and the rows it counted.
fn exported(fx: &Fixture, o: Options) -> (String, usize) {
    let mut out = Vec::new();
    let n = export(&fx.read(), &o, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), n)
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn the_wide_csv_has_one_row_per_current_report_and_the_bom() {
    let fx = Fixture::new();
    fx.ingest(&example_files());
    let current = fx.count("SELECT count(*) FROM reports WHERE current = 1");
    let (csv, n) = exported(&fx, Options { wide: true, ..opts(Format::Csv) });
    assert!(csv.starts_with("\u{feff}report_id,organ_id,agency,year"), "a CSV starts with the BOM Excel needs");
    assert_eq!(n as i64, current);
    assert_eq!(csv.lines().count() as i64, 1 + current, "one row per report, copies once");
    let header: Vec<&str> = csv.lines().next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
    assert!(header.contains(&"table3.granted.total") && header.contains(&"table2.government_procurement.amount"));
    assert!(csv.contains("青禾市人力资源和社会保障局"));
    // A value under its column: the 2021 sample's 表三 本年新收 总计.
    let id = fx.id("a-markdown.md");
    let stored = fx.rows(&format!("SELECT exact FROM report_values WHERE report_id = {id} AND tbl = 'table3' AND row = 'new_received' AND col = 'total'"));
    let row: Vec<&str> = csv.lines().find(|l| l.starts_with(&format!("{id},"))).unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "table3.new_received.total").unwrap();
    assert_eq!(Value::from(row[at]), stored[0][0]);
    let (plain, _) = exported(&fx, Options { wide: true, bom: false, ..opts(Format::Csv) });
    assert!(plain.starts_with("report_id,organ_id"), "without the BOM when asked");
    let (lines, n) = exported(&fx, Options { wide: true, ..opts(Format::Jsonl) });
    assert!(!lines.starts_with('\u{feff}'), "JSON lines never have one");
    assert_eq!(jsonl(&lines).len(), n);
}

#[test]
fn a_csv_is_headed_for_a_person_by_default_and_by_keys_on_request() {
    let fx = Fixture::new();
    fx.sample("g-inconsistent-utf16.txt");
    fx.ingest_docs();
    for (wide, findings) in [(true, false), (false, false), (false, true)] {
        let o = Options { wide, findings, bom: false, keys: false, ..opts(Format::Csv) };
        let (csv, _) = exported(&fx, o);
        let header = csv.lines().next().unwrap();
        // Every column has its name: no key of the export is left in the header.
        for key in xxgk_store::export::LONG_COLUMNS.iter().chain(&xxgk_store::export::FINDING_COLUMNS) {
            assert!(!header.split(',').any(|h| h == *key), "{key} unnamed in {header}");
        }
        assert!(header.starts_with("报告编号,"), "{header}");
        assert!(!header.contains("table3."), "cells by the template's names: {header}");
    }
    let (wide, _) = exported(&fx, Options { wide: true, bom: false, keys: false, ..opts(Format::Csv) });
    assert!(wide.lines().next().unwrap().contains("表三·"), "{wide}");
    let en = Options { wide: true, bom: false, keys: false, lang: Lang::from_code("en").unwrap(), ..opts(Format::Csv) };
    assert!(exported(&fx, en).0.starts_with("Report id,Organ id,Organ,Year"));
}

#[test]
fn the_long_export_holds_each_value_with_its_text_its_place_and_its_correction() {
    let fx = Fixture::new();
    fx.sample("g-inconsistent-utf16.txt");
    fx.sample("f-2019-template-gbk.txt");
    fx.ingest_docs();
    let g = fx.id("g-inconsistent-utf16.txt");
    correct(
        &mut fx.open(),
        &by("审核员"),
        &Correction { report: g, cell: "table4.review.total", value: Some("3"), reason: "合计笔误", seen: None },
    )
    .unwrap()
    .unwrap();
    let cell = |corrected: bool| -> Value {
        let (text, n) = exported(&fx, Options { corrected, ..opts(Format::Jsonl) });
        let rows = jsonl(&text);
        assert_eq!(rows.len(), n);
        assert_eq!(
            rows[0].as_object().unwrap().keys().collect::<Vec<_>>(),
            xxgk_store::export::LONG_COLUMNS.iter().collect::<Vec<_>>()
        );
        rows.into_iter()
            .find(|r| r["report_id"] == g && r["table"] == "table4" && r["row"] == "review" && r["column"] == "total")
            .unwrap()
    };
    let (published, corrected) = (cell(false), cell(true));
    let stored = fx.rows(&format!(
        "SELECT exact FROM report_values WHERE report_id = {g} AND tbl = 'table4' AND row = 'review' AND col = 'total'"
    ));
    assert_eq!(published["value"].to_string(), stored[0][0].as_str().unwrap());
    assert_eq!(published["corrected"], false);
    assert_eq!((corrected["value"].as_i64(), &corrected["corrected"]), (Some(3), &Value::Bool(true)));
    assert_eq!(published["raw"], corrected["raw"], "the text as printed stays");
    assert!(published["provenance"].as_str().unwrap().contains("\"line\""), "{published}");
    // One row key, different columns in the two templates: each report's values under its own.
    let (text, _) = exported(&fx, opts(Format::Jsonl));
    let f = fx.id("f-2019-template-gbk.txt");
    let licensing: Vec<(String, Value)> = jsonl(&text)
        .into_iter()
        .filter(|r| r["report_id"] == f && r["table"] == "table2" && r["row"] == "administrative_licensing")
        .map(|r| (r["column"].as_str().unwrap().to_string(), r["value"].clone()))
        .collect();
    let want = serde_json::from_str::<Value>(
        &std::fs::read_to_string(examples().join("f-2019-template-gbk.expected.json")).unwrap(),
    )
    .unwrap();
    let want: Vec<f64> =
        want["table2"]["administrative_licensing"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(
        licensing.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["previous_items", "change", "decisions"]
    );
    assert_eq!(licensing.iter().map(|(_, v)| v.as_f64().unwrap()).collect::<Vec<_>>(), want);
}

#[test]
fn the_findings_export_names_every_finding_s_cells_as_the_template_does() {
    let fx = Fixture::new();
    fx.sample("g-inconsistent-utf16.txt");
    fx.sample("b-word-tsv.txt");
    fx.ingest_docs();
    let (csv, n) = exported(&fx, Options { findings: true, bom: false, ..opts(Format::Csv) });
    assert!(csv.starts_with(&FINDING_COLUMNS.join(",")), "{csv}");
    let stored = fx.count("SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1");
    assert_eq!((n as i64, csv.lines().count() as i64), (stored, 1 + stored));
    assert!(csv.contains("表三·") && csv.contains("T3-FLOW"), "{csv}");
    let (en, _) =
        exported(&fx, Options { findings: true, lang: Lang::from_code("en").unwrap(), ..opts(Format::Jsonl) });
    let rows = jsonl(&en);
    let sum = rows.iter().find(|r| r["code"] == "T4-SUM").unwrap();
    assert!(sum["cells"].as_str().unwrap().contains("table4.review.total"), "{sum}");
    assert!(!sum["cell_names"].as_str().unwrap().contains('表'), "in English: {sum}");
}

#[test]
fn the_workbook_has_the_reports_the_tables_and_the_findings() {
    let fx = Fixture::new();
    fx.sample("a-markdown.md");
    fx.sample("f-2019-template-gbk.txt");
    fx.ingest_docs();
    let book = xxgk_store::workbook::workbook(&fx.read(), false, Lang::default()).unwrap();
    let (doc, _) = xxgk_read::read_bytes("book.xlsx", &book).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<String> =
        doc.lines.iter().map(|l| l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(",")).collect();
    assert!(rows[0].starts_with("报告编号,机关,年度,模板"), "{rows:?}");
    let agency = fx.rows(&format!("SELECT agency FROM reports WHERE id = {}", fx.id("a-markdown.md")))[0][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(rows.iter().any(|r| r.contains(&agency)), "{rows:?}");
    assert!(
        rows.iter().any(|r| r.starts_with("报告编号,机关,年度,问题代码,严重程度,说明,单元格,位置")),
        "the findings sheet: {rows:?}"
    );
}

#[test]
fn users_sql_may_read_and_never_write() {
    let fx = Fixture::new();
    fx.ingest(&example_files());
    let store = fx.read();
    let (names, rows) =
        xxgk_store::query::sql(&store, "SELECT count(*) AS n FROM reports WHERE template = '2021'").unwrap();
    assert_eq!(names, ["n"]);
    assert_eq!(rows[0][0], fx.count("SELECT count(*) FROM reports WHERE template = '2021'"));
    let before = fx.count("SELECT count(*) FROM reports");
    assert!(xxgk_store::query::sql(&store, "DELETE FROM reports").is_err());
    assert!(xxgk_store::query::sql(&store, "UPDATE reports SET year = 1900").is_err());
    assert_eq!(fx.count("SELECT count(*) FROM reports"), before);
    // The full-text index's trigrams find Chinese.
    assert!(fx.rows("SELECT rowid FROM prose WHERE prose MATCH '信息处理费'").len() > 2);
    // Blobs are described, not sent.
    assert_eq!(xxgk_store::query::sql(&store, "SELECT x'00ff'").unwrap().1[0][0], "<2 bytes>");
}

#[test]
fn a_store_from_before_versions_counts_copies_once_after_the_upgrade() {
    let fx = Fixture::new();
    fx.sample("j-word.docx");
    fx.sample("n-reports.zip");
    fx.ingest_docs();
    // Back to schema version 1, as the store was written then: every report counted.
    let c = rusqlite::Connection::open(&fx.db).unwrap();
    c.execute_batch(include_str!("common/downgrade-to-1.sql")).unwrap();
    drop(c);
    // Opened to read, the writable file is brought up to date first.
    let f = xxgk_store::figures::load(&fx.read(), false).unwrap();
    assert_eq!(f.reports.len(), 2, "the DOCX and its copy in the archive count once");
    assert_eq!(fx.count("PRAGMA user_version"), xxgk_store::SCHEMA_VERSION);
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE current = 1"), 2);
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let fx = Fixture::new();
    drop(fx.open());
    let c = rusqlite::Connection::open(&fx.db).unwrap();
    let known: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    c.execute_batch(&format!("PRAGMA user_version = {}", known + 1)).unwrap();
    drop(c);
    for opened in [Store::open_read_only(&fx.db), Store::open(&fx.db, std::time::Duration::from_secs(1))] {
        match opened {
            Err(Error::NewerSchema { found, known: k }) => assert_eq!((found, k), (known + 1, known)),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a newer store was opened"),
        }
    }
}

/// A name a manifest gave may be anything: one that starts like a formula goes out inert in
/// every CSV, and one longer than an Excel cell holds is cut with a mark, never a failed export.
#[test]
fn an_organ_named_like_a_formula_goes_out_inert_and_an_overlong_one_is_cut() {
    let fx = Fixture::new();
    let a = fx.write("a.md", &year("青禾市审计局", 2024, 0, 0, 10, "2025-01-20"), xxgk_render::Form::Md);
    let b = fx.write("b.md", &year("青禾市财政局", 2024, 0, 0, 10, "2025-01-20"), xxgk_render::Form::Md);
    let hostile = "=HYPERLINK(\"\"http://example.invalid\"\",\"\"点此\"\")";
    let long = "局".repeat(40_000);
    let text = format!("path,organ\na.md,\"{hostile}\"\nb.md,{long}\n");
    let manifest = xxgk_store::manifest::Manifest::parse(&text, "m.csv", a.parent().unwrap()).unwrap();
    fx.ingest_with(&[a, b], &manifest);
    for o in [Options { wide: true, ..opts(Format::Csv) }, opts(Format::Csv)] {
        let (csv, _) = exported(&fx, o);
        assert!(csv.contains(",\"'=HYPERLINK(") || csv.contains(",'=HYPERLINK("), "{}", &csv[..400.min(csv.len())]);
        assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"));
    }
    let book = xxgk_store::workbook::workbook(&fx.read(), false, Lang::Zh).unwrap();
    let sheet = xxgk_read::read_bytes("book.xlsx", &book).unwrap().0;
    let cut = sheet.lines.iter().flat_map(|l| &l.cells).find(|c| c.text.starts_with("局局局")).unwrap();
    assert!(cut.text.ends_with("已截断）") && cut.text.chars().count() <= 32_767, "{}", cut.text.len());
}
