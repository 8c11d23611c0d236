//! The `xxgk` command as users run it: outputs and exit codes.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::*;
use serde_json::Value;

fn xxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk")).args(args).output().expect("run xxgk")
}

fn ex(name: &str) -> String {
    examples().join(name).display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn parse_json_has_the_schema_keys_and_provenance_for_every_value() {
    let o = xxgk(&["parse", "--json", &ex("b-word-tsv.txt")]);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "xxgk.report/1");
    assert_eq!(v["source"]["format"], "text");
    assert_eq!(v["source"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["agency"], "青禾市溪山区教育局");
    assert_eq!(v["table2"]["administrative_coercion"], serde_json::json!([null]));
    for table in ["table2", "table3", "table4"] {
        for (row, vals) in v[table].as_object().unwrap() {
            let prov = v["provenance"][table][row].as_array().unwrap();
            for (i, val) in vals.as_array().unwrap().iter().enumerate() {
                if !val.is_null() {
                    assert!(prov[i]["line"].as_u64().unwrap() > 0, "{table}.{row}[{i}]");
                    assert_eq!(prov[i]["byte"].as_array().unwrap().len(), 2);
                }
            }
        }
    }
}

#[test]
fn parse_reads_standard_input_and_jsonl() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["parse", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(examples().join("a-markdown.md")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["source"]["path"], "-");
    assert_eq!(v["agency"], "青禾市人力资源和社会保障局");
}

#[test]
fn check_exit_codes() {
    // Clean report: 0.
    let o = xxgk(&["check", &ex("a-markdown.md")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Findings of severity error: 1, with rustc-style snippets and a summary line.
    let o = xxgk(&["check", &ex("g-inconsistent-utf16.txt")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error[T3-FLOW]"), "{out}");
    assert!(out.contains("error[T4-SUM]: 表四“行政复议”"), "{out}");
    assert!(out.contains("g-inconsistent-utf16.txt:"), "{out}");
    assert!(out.contains("共检查 1 份报告"), "{out}");
    // An unreadable input: 2, and the rest of the directory is still checked.
    let dir = std::env::temp_dir().join(format!("xxgk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("random.pdf"), [0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    std::fs::copy(examples().join("a-markdown.md"), dir.join("good.md")).unwrap();
    let o = xxgk(&["--lang", "en", "check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty.txt: the file is empty"), "{err}");
    assert!(err.contains("random.pdf: not a text file"), "{err}");
    assert!(stdout(&o).contains("checked 1 reports: 0 errors"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_json_speaks_english_on_request() {
    let o = xxgk(&["--lang", "en", "check", "--format", "json", &ex("g-inconsistent-utf16.txt")]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msgs: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(msgs.iter().any(|m| m.starts_with("table 4 group 'review': total is")), "{msgs:?}");
}

#[test]
fn eval_scores_and_fails_below_threshold() {
    let o = xxgk(&["eval", "--min-cell", "100", examples().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    let out = stdout(&o);
    let summary = out.lines().last().unwrap();
    let exact = summary.split_whitespace().find_map(|w| w.strip_prefix("exact_docs=")).unwrap();
    let (good, all) = exact.split_once('/').unwrap();
    assert!(summary.contains("cell_accuracy=100.00%") && good == all && all.parse::<usize>().unwrap() >= 14, "{summary}");

    // A wrong expectation is a mismatch and fails the threshold.
    let dir = std::env::temp_dir().join(format!("xxgk-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(examples().join("a-markdown.md"), dir.join("x.md")).unwrap();
    let mut exp = expected(&examples().join("a-markdown.md"));
    exp["table2"]["regulations"][0] = serde_json::json!(99);
    std::fs::write(dir.join("x.expected.json"), exp.to_string()).unwrap();
    // A Word 97 file where LibreOffice is not installed (an empty PATH): skipped, not passed.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0; 504]);
    std::fs::write(dir.join("y.doc"), ole).unwrap();
    std::fs::write(dir.join("y.expected.json"), "{\"year\": 2023}").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xxgk")).args(["eval", "--min-cell", "100", dir.to_str().unwrap()]).env("PATH", "").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("table2.regulations[0]: expected 99, got 0"), "{out}");
    assert!(out.contains("exact_docs=0/1 skipped=1"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn schema_describes_every_row_key() {
    let o = xxgk(&["schema"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["$id"], "xxgk.report/1");
    let t3 = v["properties"]["table3"]["properties"].as_object().unwrap();
    assert!(t3.contains_key("other_no_correction") && t3.contains_key("other_handling"));
    assert_eq!(t3["new_received"]["minItems"], 7);
    assert_eq!(v["properties"]["table2"]["properties"]["administrative_fees"]["prefixItems"][0]["type"], serde_json::json!(["number", "null"]));
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["check", examples().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

/// Bad files each give one clear error naming the file, and a directory run goes on.
#[test]
fn bad_files_give_one_clear_error_each() {
    let dir = std::env::temp_dir().join(format!("xxgk-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    std::fs::copy(fixtures.join("encrypted.pdf"), dir.join("encrypted.pdf")).unwrap();
    // Found by the `pdf` fuzz target: makes the PDF library panic inside its page count.
    std::fs::copy(fixtures.join("pdf-library-panic.pdf"), dir.join("pdf-library-panic.pdf")).unwrap();
    let pdf = std::fs::read(examples().join("l-word-export.pdf")).unwrap();
    std::fs::write(dir.join("truncated.pdf"), &pdf[..pdf.len() / 3]).unwrap();
    let page = format!("<html><body>{}</body></html>", "<p>一、总体情况</p>".repeat(2_000_000));
    std::fs::write(dir.join("huge.html"), page).unwrap();
    std::fs::copy(examples().join("a-markdown.md"), dir.join("good.md")).unwrap();
    let o = xxgk(&["--lang", "en", "check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("encrypted.pdf: the document is encrypted and needs a password"), "{err}");
    assert!(err.contains("huge.html: file too large"), "{err}");
    assert!(err.contains("pdf-library-panic.pdf: damaged or invalid file"), "{err}");
    // A truncated PDF is either refused as damaged or read as far as it goes — never a panic.
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&o).contains("good.md") || stdout(&o).contains("checked"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}
