//! The store as reviewers use it: ingest (incremental, killed, concurrent), organs across
//! years, cross-year checks, corrections, exports and read-only SQL.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use rusqlite::Connection;
use serde_json::Value;
use xxgk_render::synth::{sample, Options};
use xxgk_render::Form;

/// Write `n` generated reports in `forms` into `dir`.
fn synth(dir: &Path, n: u64, forms: Vec<Form>) {
    let opts = Options { seed: 11, forms, inconsistent: 0.0, damage: 0.0 };
    for i in 0..n {
        let smp = sample(&opts, i);
        std::fs::write(dir.join(smp.file_name()), &smp.bytes).unwrap();
    }
}

/// The store is sound and holds no half-stored report or file.
fn assert_consistent(db: &Path) {
    let c = Connection::open(db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let bare: i64 = c
        .query_row(
            "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_values v WHERE v.report_id = r.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bare, 0, "reports without their values");
    let empty: i64 = c
        .query_row("SELECT count(*) FROM files f WHERE error IS NULL AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.file_id = f.id)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(empty, 0, "readable files without their reports");
}

#[test]
fn ingest_is_incremental_and_records_what_it_cannot_read() {
    let tmp = temp("incr");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    synth(&docs, 6, Form::ALL.to_vec());
    std::fs::write(docs.join("broken.pdf"), b"%PDF-1.7 \x00\x01 not really").unwrap();
    let db = dir.join("r.db");
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("7 files") && text(&o).contains("6 reports added, 0 unchanged, 1 unreadable"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("broken.pdf"), "the failure names the file: {}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM files WHERE error IS NOT NULL"), 1);
    // The unreadable file stays unreadable: it is counted so again, never as unchanged.
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(
        text(&o).contains("0 reports added, 6 unchanged, 1 unreadable") && text(&o).contains("broken.pdf"),
        "{}",
        text(&o)
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), 6);
    // A file that changes replaces its old version, which is kept as superseded.
    let first = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let other = sample(&Options { seed: 99, forms: vec![Form::Md], inconsistent: 0.0, damage: 0.0 }, 0);
    std::fs::write(&first, &other.bytes).unwrap();
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(text(&o).contains("1 report added, 5 unchanged, 1 unreadable"), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE current = 1"), 6);
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE current = 0"), 1, "the old version is kept, superseded");
    // The store itself, beside the reports, is not read as one.
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&dir)]);
    assert!(
        text(&o).contains("7 files") && text(&o).contains("0 reports added, 6 unchanged, 1 unreadable"),
        "{}",
        text(&o)
    );
    assert_consistent(&db);
}

#[test]
fn one_organ_across_years_carry_over_in_force_copies_and_deadlines() {
    let tmp = temp("cross");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // 2023 carries 3 forward; 2024 says it carried 2 over, claims 9 in force where 10 − 1 + 2 = 11,
    // is published after 31 January, and repeats 2023's text; signed with its province.
    let a = year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20");
    let b = year("江岭省青禾市审计局", 2024, 2, 0, 9, "2025-03-02");
    std::fs::write(docs.join("2023.html"), xxgk_render::synth::document(&a, Form::Html, "/")).unwrap();
    std::fs::write(docs.join("2024.docx"), xxgk_render::synth::document(&b, Form::Docx, "/")).unwrap();
    let db = dir.join("r.db");
    let o = xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM organs"), 1, "both names are one organ");
    let o = xxgk(&["organs", "--db", s(&db)]);
    assert!(text(&o).contains("2023,2024") && text(&o).contains("江岭省青禾市审计局 | 青禾市审计局"), "{}", text(&o));

    let o = xxgk(&["--lang", "en", "check", "--db", s(&db)]);
    let out = text(&o);
    for code in ["CARRY-OVER", "IN-FORCE-CHAIN", "COPIED-TEXT", "LATE"] {
        assert!(out.contains(&format!("warning[{code}]")), "{code} missing:\n{out}");
    }
    assert!(out.contains("carried over in 2024 is 2, carried forward in 2023 was 3"), "{out}");
    assert!(out.contains("expected 10 + 2 issued − 1 repealed = 11"), "{out}");
    assert!(out.contains("after the deadline 2025-01-31"), "{out}");
    // Exactly one of each, all on the later report.
    let per_code = count(&db, "SELECT count(*) FROM findings WHERE scope = 'organ' AND report_id = (SELECT id FROM reports WHERE year = 2024)");
    assert_eq!(per_code, 4 + 1, "CARRY-OVER for 自然人 and 总计, one each of the others");

    // Splitting the province-signed name off removes the cross-year findings; merging brings them back.
    let o = xxgk(&["organs", "--db", s(&db), "--split", "江岭省青禾市审计局"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM findings WHERE scope = 'organ' AND code != 'LATE'"), 0);
    let ids: Vec<i64> = {
        let c = Connection::open(&db).unwrap();
        let mut st = c.prepare("SELECT id FROM organs ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let o = xxgk(&["organs", "--db", s(&db), "--merge", &ids[0].to_string(), &ids[1].to_string()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM findings WHERE scope = 'organ'"), 5);

    let o = xxgk(&["--lang", "en", "compare", "--db", s(&db), "--organ", "审计局", "--years", "2023", "2024"]);
    let out = text(&o);
    assert!(out.contains("carry-over check (CARRY-OVER): 2 columns differ"), "{out}");
    assert!(out.contains("table2.normative_documents.in_force") && out.contains("10 → 9"), "{out}");
}

#[test]
fn corrections_sit_beside_the_published_values() {
    let tmp = temp("corr");
    let dir = tmp.path();
    let db = dir.join("r.db");
    let g = examples().join("g-inconsistent-utf16.txt");
    assert!(xxgk(&["ingest", "--db", s(&db), s(&g)]).status.success());
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db)]);
    assert!(text(&o).contains("error[T4-SUM]"), "{}", text(&o));
    let v: Value = serde_json::from_slice(&xxgk(&["parse", "--json", s(&g)]).stdout).unwrap();
    let group: Vec<i64> = v["table4"]["review"].as_array().unwrap().iter().map(|x| x.as_i64().unwrap()).collect();
    let right = (group[..4].iter().sum::<i64>()).to_string();
    let o = xxgk(&[
        "correct",
        "--db",
        s(&db),
        "1",
        "table4.review.total",
        &right,
        "--reason",
        "总计应为四项之和",
        "--author",
        "审核员",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db), "--corrected"]);
    assert!(!text(&o).contains("T4-SUM") && text(&o).contains("(corrected values)"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db)]);
    assert!(text(&o).contains("T4-SUM") && text(&o).contains("(values as published)"), "{}", text(&o));

    let long = |extra: &[&str]| -> Vec<Value> {
        let mut args = vec!["export", "--db", s(&db), "--format", "jsonl"];
        args.extend_from_slice(extra);
        let o = xxgk(&args);
        String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let cell = |rows: &[Value]| {
        rows.iter().find(|r| r["table"] == "table4" && r["row"] == "review" && r["column"] == "total").unwrap().clone()
    };
    let published = cell(&long(&[]));
    let corrected = cell(&long(&["--corrected"]));
    assert_eq!(published["value"], group[4]);
    assert_eq!(published["corrected"], false);
    assert_eq!(corrected["value"].as_i64().unwrap().to_string(), right);
    assert_eq!(corrected["corrected"], true);
    assert!(published["provenance"].as_str().unwrap().contains("\"line\""), "{published}");
    // Refused: a cell the report does not have, a value that is no number.
    let o = xxgk(&["--lang", "en", "correct", "--db", s(&db), "1", "table9.x.y", "1", "--reason", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("has no cell table9.x.y"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "correct", "--db", s(&db), "1", "table4.review.total", "many", "--reason", "x"]);
    assert!(text(&o).contains("'many' is not a number"), "{}", text(&o));
    // A negative value is a value, not an option: taken or refused by the cell's own domain.
    let o = xxgk(&["correct", "--db", s(&db), "1", "table4.review.total", "-5", "--reason", "x"]);
    assert!(!text(&o).contains("未知的参数"), "{}", text(&o));
}

#[test]
fn exports_and_sql() {
    let tmp = temp("export");
    let dir = tmp.path();
    let db = dir.join("r.db");
    assert!(
        xxgk(&["ingest", "--db", s(&db), s(&examples())]).status.success()
            || count(&db, "SELECT count(*) FROM reports") > 10
    );
    let csv = dir.join("wide.csv");
    // Headed for a person by default (报告编号, 表三·…); by the keys a program reads with --keys.
    let o = xxgk(&["export", "--db", s(&db), "--wide", "--no-bom"]);
    let named = String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or_default().to_string();
    assert!(named.starts_with("报告编号,机关编号,机关,年度") && named.contains("表三·"), "{named}");
    let o = xxgk(&["export", "--db", s(&db), "--wide", "--keys", "-o", s(&csv)]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("已导出") && text(&o).contains("份报告"), "{}", text(&o));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with("\u{feff}report_id,organ_id,agency,year".as_bytes()),
        "a CSV starts with the BOM Excel needs"
    );
    let o = xxgk(&["export", "--db", s(&db), "--wide", "--no-bom", "--keys"]);
    assert!(o.stdout.starts_with(b"report_id,organ_id"), "--no-bom drops it");
    let body = String::from_utf8(bytes).unwrap();
    let header = body.lines().next().unwrap();
    assert!(header.contains("table3.granted.total") && header.contains("table2.government_procurement.amount"));
    assert_eq!(
        body.lines().count() as i64,
        1 + count(&db, "SELECT count(*) FROM reports WHERE current = 1"),
        "one row per report, copies once"
    );
    assert!(body.contains("青禾市人力资源和社会保障局"));

    // One row key, different columns in the two templates: each report's values under its own.
    let f = examples().join("f-2019-template-gbk.txt");
    let parsed: Value = serde_json::from_slice(&xxgk(&["parse", "--json", s(&f)]).stdout).unwrap();
    let o = xxgk(&[
        "query",
        "--db",
        s(&db),
        "--format",
        "jsonl",
        "SELECT v.col, v.value FROM report_values v JOIN reports r ON r.id = v.report_id \
         WHERE r.source_path LIKE '%f-2019-template-gbk.txt' AND v.tbl = 'table2' AND v.row = 'administrative_licensing'",
    ]);
    let stored: Vec<Value> =
        String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let cols: Vec<&str> = stored.iter().map(|r| r["col"].as_str().unwrap()).collect();
    assert_eq!(cols, ["previous_items", "change", "decisions"]);
    let vals: Vec<f64> = stored.iter().map(|r| r["value"].as_f64().unwrap()).collect();
    let want: Vec<f64> =
        parsed["table2"]["administrative_licensing"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(vals, want);

    let o = xxgk(&["query", "--db", s(&db), "SELECT count(*) AS n FROM reports WHERE template = '2021'"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("n\n"));
    let before = count(&db, "SELECT count(*) FROM reports");
    let o = xxgk(&["query", "--db", s(&db), "DELETE FROM reports"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), before);
    let o = xxgk(&["query", "--db", s(&db), "SELECT rowid FROM prose WHERE prose MATCH '信息处理费'"]);
    assert!(String::from_utf8_lossy(&o.stdout).lines().count() > 2, "FTS5 trigram finds Chinese: {}", text(&o));
    let o = xxgk(&["stats", "--db", s(&db), "--by", "level", "--format", "csv", "--keys"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("group,reports,applications"), "{}", text(&o));
    let o = xxgk(&["stats", "--db", s(&db), "--by", "level", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("分组,报告数,"), "a person's CSV by default: {}", text(&o));
}

#[test]
fn a_killed_ingest_leaves_a_consistent_store_and_a_rerun_finishes() {
    let tmp = temp("kill");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let n = 3000;
    synth(&docs, n, vec![Form::Md, Form::Tsv, Form::Lines]);
    let db = dir.join("r.db");
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_xxgk")).args(["ingest", "--db", s(&db), s(&docs)]).spawn().unwrap();
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let stored = db
            .exists()
            .then(|| Connection::open(&db).ok())
            .flatten()
            .and_then(|c| c.query_row("SELECT count(*) FROM reports", [], |r| r.get::<_, i64>(0)).ok());
        if stored.is_some_and(|k| k >= 100) || start.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let stored = count(&db, "SELECT count(*) FROM reports");
    assert!(stored > 0 && stored < n as i64, "killed mid-way: {stored} of {n}");
    assert_consistent(&db);
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&format!("{} reports added, {stored} unchanged", n as i64 - stored)), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), n as i64);
    assert_consistent(&db);
}

#[test]
fn two_ingests_at_once_store_each_file_once() {
    let tmp = temp("twice");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    synth(&docs, 400, vec![Form::Md, Form::Pipes]);
    let db = dir.join("r.db");
    let run = || Command::new(env!("CARGO_BIN_EXE_xxgk")).args(["ingest", "--db", s(&db), s(&docs)]).spawn().unwrap();
    let (a, b) = (run(), run());
    for c in [a, b] {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success());
    }
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), 400);
    assert_eq!(count(&db, "SELECT count(*) FROM files"), 400);
    assert_consistent(&db);
}

/// A page and a text file that each hold two reports: four reports, each under its part's name
/// (`page.html#2`) and with its own content hash, stored from two files; a second ingest finds
/// both files unchanged.
#[test]
fn a_file_with_two_reports_stores_both() {
    let tmp = temp("two-in-one");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for form in [Form::Html, Form::Md] {
        let opts = Options { seed: 5, forms: vec![form], inconsistent: 0.0, damage: 0.0 };
        let (a, b) = (sample(&opts, 0), sample(&opts, 1));
        std::fs::write(docs.join(format!("two.{}", form.extension())), two_in_one(form, &a.bytes, &b.bytes)).unwrap();
    }
    let db = dir.join("r.db");
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("2 files in"), "{}", text(&o));
    assert!(text(&o).contains("4 reports added, 0 unchanged"), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM files"), 2);
    let c = Connection::open(&db).unwrap();
    let mut names: Vec<String> = c
        .prepare("SELECT source_path FROM reports")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|p| Path::new(&p.unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["two.html#1", "two.html#2", "two.md#1", "two.md#2"]);
    assert_eq!(count(&db, "SELECT count(DISTINCT source_sha256) FROM reports"), 4);
    assert_consistent(&db);
    let again = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(text(&again).contains("0 reports added, 2 unchanged"), "{}", text(&again));
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), 4);
}

/// The two 洪泽区 reports of the corpus: one organ under two names; compare shows their
/// differences and the carry-over check.
#[test]
fn hongze_two_years_compare() {
    let Some(corpus) = corpus() else { return };
    let tmp = temp("hongze");
    let dir = tmp.path();
    let db = dir.join("r.db");
    assert!(xxgk(&["ingest", "--db", s(&db), s(&corpus)]).status.success());
    // Then the bundled samples (the Word 97 one needs LibreOffice); a second run of both adds nothing.
    xxgk(&["ingest", "--db", s(&db), s(&examples())]);
    let reports = count(&db, "SELECT count(*) FROM reports");
    assert!(reports >= 8 + 15, "{reports}");
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&corpus), s(&examples())]);
    assert!(text(&o).contains(" 0 reports added"), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), reports);
    let o = xxgk(&["--lang", "en", "compare", "--db", s(&db), "--organ", "洪泽区", "--years", "2023", "2024"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("table3.new_received.total") && out.contains("21 → 95"), "{out}");
    assert!(out.contains("carry-over check (CARRY-OVER): consistent"), "{out}");
    assert!(out.contains("- T4-SUM"), "2023's own 表四 errors are gone in 2024: {out}");
}

/// Places by division code: the corpus's 洪泽区 names itself without its city in 2023 and with
/// it in 2024, and both sit under 淮安市 (320800), which sits under 江苏省; `--region` takes a
/// name or a code.
#[test]
fn the_dev_pdfs_sit_in_the_tree_of_divisions() {
    let Some(corpus) = corpus() else { return };
    let tmp = temp("places");
    let db = tmp.path().join("r.db");
    assert!(xxgk(&["ingest", "--db", s(&db), s(&corpus.join("dev"))]).status.success());
    let stats = |args: &[&str]| -> Vec<(String, i64)> {
        let mut all = vec!["stats", "--db", s(&db), "--by", "region", "--format", "jsonl"];
        all.extend(args);
        let o = xxgk(&all);
        assert!(o.status.success(), "{}", text(&o));
        text(&o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|v| (v["group"].as_str().unwrap_or("null").to_string(), v["reports"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(stats(&[]), [("江苏省".to_string(), 3)]);
    assert_eq!(stats(&["--region", "江苏省"]), [("江苏省淮安市".to_string(), 3)]);
    let city = [("江苏省淮安市".to_string(), 1), ("江苏省淮安市洪泽区".to_string(), 1)];
    for region in ["淮安市", "320800", "3208", "江苏省淮安市"] {
        assert_eq!(stats(&["--year", "2024", "--region", region]), city, "{region}");
    }
    assert_eq!(stats(&["--region", "洪泽区"]), [("江苏省淮安市洪泽区".to_string(), 2)]);
    assert_eq!(stats(&["--region", "unplaced"]), []);
    assert_eq!(
        count(&db, "SELECT count(*) FROM organs WHERE division = '320813'"),
        1,
        "one organ under both names, in 洪泽区"
    );
}

/// `export --format xlsx`: the reports, a sheet per template table with the template's Chinese
/// headers (2021 and 2019 apart) and the findings with their cells named; LibreOffice Calc opens
/// it (each sheet converted to CSV) where it is installed.
#[test]
fn excel_workbook_export() {
    let tmp = temp("xlsx");
    let dir = tmp.path();
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&examples())]);
    let book = dir.join("年报.xlsx");
    let o = xxgk(&["export", "--db", s(&db), "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2), "xlsx needs -o: {}", text(&o));
    assert!(text(&o).contains("请用 -o 指定输出文件"), "{}", text(&o));
    let o = xxgk(&["export", "--db", s(&db), "--format", "xlsx", "-o", s(&book)]);
    assert!(o.status.success(), "{}", text(&o));

    // Every sheet, as Calc sees it.
    let sheets: Vec<(String, String)> =
        if needs(runs("soffice", "--version"), "soffice (Debian libreoffice-calc-nogui)") {
            let out = dir.join("csv");
            let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
            let c = std::process::Command::new("soffice")
                .args(["--headless", "--convert-to", filter, "--outdir"])
                .arg(&out)
                .arg(&book)
                .env("HOME", &dir)
                .output()
                .unwrap();
            assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
            let mut v: Vec<(String, String)> = std::fs::read_dir(&out)
                .unwrap()
                .flatten()
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
                .collect();
            v.sort();
            v
        } else {
            Vec::new()
        };
    if !sheets.is_empty() {
        let sheet = |name: &str| {
            sheets
                .iter()
                .find(|(f, _)| f.contains(name))
                .map(|(_, t)| t.as_str())
                .unwrap_or_else(|| panic!("no sheet {name}: {:?}", sheets.iter().map(|s| &s.0).collect::<Vec<_>>()))
        };
        let reports = sheet("报告");
        assert!(reports.starts_with("报告编号,机关,年度,模板"), "{reports}");
        assert_eq!(reports.lines().count() as i64, 1 + count(&db, "SELECT count(*) FROM reports WHERE current = 1"));
        let t3 = sheet("2021模板·表三");
        let mut lines = t3.lines();
        let (first, second) = (lines.next().unwrap(), lines.next().unwrap());
        assert!(first.starts_with("报告编号,机关,年度,一、本年新收政府信息公开申请数量"), "{first}");
        assert!(second.starts_with(",,,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计,"), "{second}");
        let t2_2019 = sheet("2019模板·表二");
        assert!(t2_2019.contains("本年新制作数量") && !t2_2019.contains("本年制发件数"), "{t2_2019}");
        // A value as the store holds it: the 2021 sample's 表三 本年新收 总计.
        let (id, total) = (
            count(&db, "SELECT min(id) FROM reports WHERE current = 1 AND template = '2021' AND agency = '青禾市人力资源和社会保障局'"),
            count(&db, "SELECT CAST(v.value AS INTEGER) FROM report_values v JOIN reports r ON r.id = v.report_id WHERE r.agency = '青禾市人力资源和社会保障局' AND r.current = 1 AND v.tbl = 'table3' AND v.row = 'new_received' AND v.col = 'total' ORDER BY r.id LIMIT 1"),
        );
        let row = t3.lines().find(|l| l.starts_with(&format!("{id},"))).unwrap();
        assert_eq!(row.split(',').nth(9), Some(total.to_string().as_str()), "{row}");
        let findings = sheet("问题");
        assert!(findings.starts_with("报告编号,机关,年度,问题代码,严重程度,说明,单元格,位置"), "{findings}");
        assert!(
            findings.contains("表三·") && findings.contains("错误"),
            "cells named as the template names them: {findings}"
        );
    }

    // The findings in CSV too, in the user's language.
    let o = xxgk(&["export", "--db", s(&db), "--findings", "--no-bom", "--keys"]);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with("report_id,agency,year,scope,code,severity,message,cells,cell_names,location"), "{csv}");
    assert_eq!(
        csv.lines().count() as i64,
        1 + count(&db, "SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1")
    );
    assert!(csv.contains("表三·"), "{csv}");
}

/// The 审核意见 an office sends, as `xxgk opinion --send` writes it and python-docx (what an
/// office's own scripts would use) reads it back: a report with errors of five rules and more,
/// each named in words with what to do, never by its code, a key or a path, no time in UTC; the
/// 文号 of the office's pattern, the 主送, the 落款 and the date in Chinese, a page number on
/// the page. Printed by LibreOffice, its pages are PNGs under `target/tmp/screenshots/`.
#[test]
fn an_opinion_the_office_can_send() {
    let python = "/usr/bin/python3";
    let has_docx = Command::new(python).args(["-c", "import docx"]).output().is_ok_and(|o| o.status.success());
    if !needs(has_docx, "python3-docx (Debian's python3 with python-docx)") {
        return;
    }
    let tmp = temp("opinion");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // A county's department, published late, whose 表三 and 表四 do not add up, with a negative
    // count, regulations it has no power to make, and a text that says other than its table.
    let mut f = year("淮安市洪泽区财政局", 2024, 0, 0, 10, "2025-03-15");
    set(&mut f, xxgk_core::TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 6]);
    set(&mut f, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 5]);
    set(&mut f, xxgk_core::TableId::Table2, "regulations", &[1, 0, 1]);
    set(&mut f, xxgk_core::TableId::Table2, "normative_documents", &[2, 1, -1]);
    f.applications_received = Some(99);
    write_md(&docs.join("hz-cz.md"), &f);
    let db = dir.join("r.db");
    assert!(xxgk(&["ingest", "--db", s(&db), s(&docs)]).status.success());
    let codes: Vec<String> = {
        let c = Connection::open(&db).unwrap();
        let mut st = c.prepare("SELECT DISTINCT code FROM findings ORDER BY code").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let charged: Vec<&String> =
        codes.iter().filter(|c| xxgk_core::rules::find(c).is_some_and(|r| r.charges())).collect();
    assert!(charged.len() >= 5, "five rules or more: {codes:?}");
    for (key, value) in [("office.name", "淮安市洪泽区政务公开办公室"), ("opinion.number", "洪公开办〔{year}〕{n}号")]
    {
        let set = xxgk(&["settings", "--db", s(&db), key, value]);
        assert!(set.status.success(), "{}", text(&set));
    }
    let out = dir.join("opinion.docx");
    let id = count(&db, "SELECT id FROM reports").to_string();
    let sent = xxgk(&[
        "opinion",
        "--db",
        s(&db),
        &id,
        "-o",
        s(&out),
        "--send",
        "--overall",
        "报告整体较规范，但数据勾稽关系存在错误",
    ]);
    assert!(sent.status.success(), "{}", text(&sent));
    assert_eq!(count(&db, "SELECT count(*) FROM rounds WHERE state = 'returned'"), 1);
    let read = Command::new(python)
        .args(["-c", "import docx, json, sys\nd = docx.Document(sys.argv[1])\nprint(json.dumps({'body': [p.text for p in d.paragraphs], 'styles': [p.style.name for p in d.paragraphs], 'footer': [p.text for p in d.sections[0].footer.paragraphs]}, ensure_ascii=False))"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(read.status.success(), "{}", text(&read));
    let doc: Value = serde_json::from_slice(&read.stdout).unwrap();
    let body: Vec<&str> = doc["body"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let all = body.join("\n");
    let year = count(&db, "SELECT issued_year FROM opinions");
    assert_eq!(body[0], format!("洪公开办〔{year}〕1号"), "the 文号 first: {all}");
    assert!(body[1].starts_with("关于《淮安市洪泽区财政局2024年政府信息公开工作年度报告》的审核意见"), "{all}");
    assert_eq!(body[2], "淮安市洪泽区财政局：", "the 主送: {all}");
    assert!(all.contains("一、存在的问题") && all.contains("二、总体意见") && all.contains("三、整改要求"), "{all}");
    for n in ["（一）", "（二）", "（三）", "（四）", "（五）"] {
        assert!(all.contains(n), "{n}: {all}");
    }
    assert!(all.contains("报告整体较规范，但数据勾稽关系存在错误。"), "the overall opinion: {all}");
    assert!(all.contains("表四“行政复议”：总计为5"), "a problem named as the template names it: {all}");
    let signed = &body[body.len() - 2..];
    assert_eq!(signed[0], "淮安市洪泽区政务公开办公室", "the 落款: {all}");
    assert!(regex::Regex::new(r"^\d{4}年\d{1,2}月\d{1,2}日$").unwrap().is_match(signed[1]), "a Chinese date: {all}");
    assert!(doc["footer"][0].as_str().unwrap().contains("— 1 —"), "a page number: {doc}");
    // Nothing internal.
    for code in xxgk_core::rules::RULES.iter().map(|r| r.code) {
        assert!(!all.contains(code), "{code} in {all}");
    }
    for inner in ["table2.", "table3.", "table4.", "narrative.", "hz-cz.md", s(dir), ".md"] {
        assert!(!all.contains(inner), "{inner} in {all}");
    }
    assert!(!regex::Regex::new(r"\d{4}-\d{2}-\d{2}T|\d{2}:\d{2}:\d{2}").unwrap().is_match(&all), "no UTC stamp: {all}");
    // A draft of the same report is numbered when sent, not before; the batch is a ZIP of named files.
    let batch = dir.join("all.zip");
    assert!(xxgk(&["opinion", "--db", s(&db), "--region", "320813", "-o", s(&batch)]).status.success());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&batch).unwrap()).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name().unwrap(), "2024年淮安市洪泽区财政局年报审核意见.docx");
    // Printed as the agency would print it: the letter as sent, through LibreOffice.
    if needs(
        runs("soffice", "--version") && runs("pdftoppm", "-v"),
        "soffice and pdftoppm (libreoffice-writer-nogui, poppler-utils)",
    ) {
        let printed_pdf = dir.join("opinion.pdf");
        let ok = xxgk(&["opinion", "--db", s(&db), &id, "-o", s(&printed_pdf)]);
        assert!(ok.status.success(), "{}", text(&ok));
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        let png = Command::new("pdftoppm")
            .args(["-png", "-r", "80"])
            .arg(dir.join("opinion.pdf"))
            .arg(shots.join("opinion"))
            .output()
            .unwrap();
        assert!(png.status.success(), "{}", text(&png));
        let printed = Command::new("pdftotext").arg(dir.join("opinion.pdf")).arg("-").output().unwrap();
        let printed = String::from_utf8_lossy(&printed.stdout);
        assert!(printed.contains("淮安市洪泽区财政局：") && printed.contains("—1—"), "{printed}");
        assert!(printed.contains(&format!("洪公开办〔{year}〕1")), "the letter as sent, numbered: {printed}");
        // The 落款 keeps company with the text before it.
        let last = printed.split('\u{c}').filter(|p| !p.trim().is_empty()).last().unwrap();
        assert!(last.contains("整改要求") || last.contains("报送我办"), "the 落款 alone on its page: {last}");
    }
}

/// A folder that links back to itself is walked once: its reports are ingested, and no path
/// that loops is recorded as unreadable.
#[cfg(unix)]
#[test]
fn a_loop_of_folder_links_is_walked_once() {
    let tmp = temp("symlink-loop");
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(examples().join("a-markdown.md"), dir.join("sub").join("a.md")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub").join("back")).unwrap();
    let db = tmp.path().join("s.db");
    let o = xxgk(&["ingest", "--db", s(&db), s(&dir)]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM unread"), 0, "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), 1);
}
