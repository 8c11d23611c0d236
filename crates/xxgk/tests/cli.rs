//! The `xxgk` command as users run it: outputs and exit codes.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::*;
use serde_json::Value;

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
    assert!(out.contains("错误[T3-FLOW]"), "{out}");
    assert!(out.contains("错误[T4-SUM]: 表四“行政复议”"), "{out}");
    assert!(out.contains("g-inconsistent-utf16.txt:"), "{out}");
    assert!(out.contains("共检查 1 份报告"), "{out}");
    // An unreadable input: 2, and the rest of the directory is still checked.
    let tmp = temp("cli");
    let dir = tmp.path();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("random.pdf"), [0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    std::fs::copy(examples().join("a-markdown.md"), dir.join("good.md")).unwrap();
    let o = xxgk(&["--lang", "en", "check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty.txt: the file is empty"), "{err}");
    assert!(err.contains("random.pdf: not a PDF file (the format is not recognised)"), "{err}");
    assert!(stdout(&o).contains("checked 1 report: 0 errors"), "{}", stdout(&o));
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
    assert!(
        summary.contains("cell_accuracy=100.00%") && good == all && all.parse::<usize>().unwrap() >= 14,
        "{summary}"
    );

    // A wrong expectation is a mismatch and fails the threshold.
    let tmp = temp("eval");
    let dir = tmp.path();
    std::fs::copy(examples().join("a-markdown.md"), dir.join("x.md")).unwrap();
    let mut exp = expected(&examples().join("a-markdown.md"));
    exp["table2"]["regulations"][0] = serde_json::json!(99);
    std::fs::write(dir.join("x.expected.json"), exp.to_string()).unwrap();
    // A Word 97 file where LibreOffice is not installed (an empty PATH): skipped, not passed.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0; 504]);
    std::fs::write(dir.join("y.doc"), ole).unwrap();
    std::fs::write(dir.join("y.expected.json"), "{\"year\": 2023}").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["eval", "--min-cell", "100", dir.to_str().unwrap()])
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("table2.regulations[0]: expected 99, got 0"), "{out}");
    assert!(out.contains("exact_docs=0/1 skipped=1"), "{out}");
}

#[test]
fn schema_describes_every_row_key() {
    let o = xxgk(&["schema"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["$id"], "xxgk.report/1");
    let t3 = v["properties"]["table3"]["properties"].as_object().unwrap();
    assert!(t3.contains_key("other_no_correction") && t3.contains_key("other_handling"));
    assert_eq!(t3["new_received"]["minItems"], 7);
    assert_eq!(
        v["properties"]["table2"]["properties"]["administrative_fees"]["prefixItems"][0]["type"],
        serde_json::json!(["number", "null"])
    );
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
    let tmp = temp("bad");
    let dir = tmp.path();
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
}

/// `synth` followed by `eval`: every value and every planted finding, in every form.
#[test]
fn synth_corpus_evaluates_exactly() {
    let tmp = temp("synth");
    let dir = tmp.path();
    let out = dir.display().to_string();
    let o = xxgk(&["synth", "140", "--out", &out, "--seed", "3", "--inconsistent", "0.4", "--damage", "0.4"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 280);
    let o = xxgk(&["eval", "--min-cell", "100", "--exact-findings", &out]);
    let summary = stdout(&o);
    assert!(o.status.success(), "{summary}");
    assert!(summary.contains("exact_docs=140/140"), "{summary}");
    assert!(summary.contains("findings_missing=0 findings_extra=0"), "{summary}");
    let planted: usize =
        summary.split("findings_expected=").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(planted > 40, "{summary}");
    // A planted finding the checker does not make fails the run.
    let victim = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().ends_with("-md.expected.json"))
        .unwrap();
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&victim).unwrap()).unwrap();
    v["_findings"].as_array_mut().unwrap().push("T4-SUM".into());
    std::fs::write(&victim, v.to_string()).unwrap();
    let o = xxgk(&["eval", "-q", "--exact-findings", &out]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}

/// An author's year: `new --from` last year's report carries 四、结转下年度 into 二、上年结转, and
/// `check` on the rendered skeleton names each column whose flow does not hold yet.
#[test]
fn new_from_last_year_then_check_names_the_open_sums() {
    let tmp = temp("new");
    let dir = tmp.path();
    let last = dir.join("2023.json");
    let o = xxgk(&["parse", "--json", &ex("a-markdown.md")]);
    std::fs::write(&last, &o.stdout).unwrap();
    let last_v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let forward = last_v["table3"]["carried_forward"].clone();

    let skeleton = dir.join("2024.json");
    let o = xxgk(&["new", "--from", last.to_str().unwrap(), "-o", skeleton.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&skeleton).unwrap()).unwrap();
    assert_eq!(s["schema"], "xxgk.report/1");
    assert_eq!(s["year"], 2024);
    assert_eq!(s["agency"], last_v["agency"]);
    // Every cell named by its column, the carry-over filled, the rest blank.
    let columns = [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_organization",
        "legal_service_institution",
        "other",
        "total",
    ];
    for (i, c) in columns.iter().enumerate() {
        assert_eq!(s["table3"]["carried_over"][c], forward[i], "{c}");
        assert_eq!(s["table3"]["granted"][c], Value::Null, "{c}");
    }
    assert_eq!(s["prose"]["overview"], Value::Null);

    let doc = dir.join("2024.docx");
    let o = xxgk(&["render", skeleton.to_str().unwrap(), "--to", "docx", "-o", doc.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = xxgk(&["--lang", "en", "check", "--format", "json", doc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["table3"]["carried_over"], forward, "read back from the Word file");
    let flows: Vec<&Value> = r["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "T3-FLOW").collect();
    let open = forward.as_array().unwrap().iter().filter(|v| v.as_i64() != Some(0)).count();
    assert_eq!(flows.len(), open, "one T3-FLOW per column with a carried-over application: {flows:?}");
    let left = r["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "PLACEHOLDER-LEFT").count();
    assert_eq!(left, 3, "the three prose sections are still to be written");
}

#[test]
fn render_refuses_what_it_cannot_write() {
    let tmp = temp("render");
    let dir = tmp.path();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"template\": \"2021\", \"year\": 2023,\n \"table4\": {\"review\": [1, 2]}}").unwrap();
    let o = xxgk(&["--lang", "en", "render", bad.to_str().unwrap(), "--to", "md"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.json") && err.contains("table4.review must be an array of 5 values"), "{err}");
    std::fs::write(&bad, "{\"template\": ").unwrap();
    let o = xxgk(&["render", bad.to_str().unwrap(), "--to", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("不是有效的 JSON（第1行"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Rendering the values of a parse gives a document that parses to the same values.
    let parsed = xxgk(&["parse", "--json", &ex("k-workbook.xlsx")]);
    let json = dir.join("k.json");
    std::fs::write(&json, &parsed.stdout).unwrap();
    let html = dir.join("k.html");
    assert!(xxgk(&["render", json.to_str().unwrap(), "--to", "html", "-o", html.to_str().unwrap()]).status.success());
    let again: Value = serde_json::from_slice(&xxgk(&["parse", "--json", html.to_str().unwrap()]).stdout).unwrap();
    let first: Value = serde_json::from_slice(&parsed.stdout).unwrap();
    for key in ["agency", "year", "template", "table2", "table3", "table4"] {
        assert_eq!(again[key], first[key], "{key}");
    }
}

/// `new --to xlsx`: the form an author fills in. Filled by a script — every blank input cell
/// set to 1 and the formulas' saved results dropped, as a script's library leaves them — it
/// parses back to the values filled, the carry-over kept and every 总计 computed.
#[test]
fn new_xlsx_form_filled_by_a_script_parses_back() {
    use std::io::Read;
    let tmp = temp("new-xlsx");
    let dir = tmp.path();
    let last = dir.join("2023.json");
    std::fs::write(&last, xxgk(&["parse", "--json", &ex("a-markdown.md")]).stdout).unwrap();
    let last_v: Value = serde_json::from_str(&std::fs::read_to_string(&last).unwrap()).unwrap();
    let form = dir.join("2024.xlsx");
    let o = xxgk(&["new", "--from", last.to_str().unwrap(), "--to", "xlsx", "-o", form.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&form).unwrap()).unwrap();
    let filled = dir.join("2024-filled.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&filled).unwrap());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut body = String::new();
        part.read_to_string(&mut body).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            body = fill(&body);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(body.as_bytes()).unwrap();
    }
    out.finish().unwrap();

    let o = xxgk(&["parse", "--json", filled.to_str().unwrap()]);
    let r: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(r["year"], 2024);
    assert_eq!(r["table3"]["carried_over"], last_v["table3"]["carried_forward"], "the carry-over as `new` filled it");
    assert_eq!(r["table3"]["granted"], serde_json::json!([1, 1, 1, 1, 1, 1, 6]), "a row's 总计 computed");
    let outcomes = 21; // the 2021 template's outcome rows （一）…（六）: 1 + 1 + 8 + 3 + 5 + 3
    let n = outcomes as i64;
    assert_eq!(r["table3"]["total_processed"], serde_json::json!([n, n, n, n, n, n, 6 * n]), "（七）总计 computed");
    assert_eq!(r["table4"]["litigation_after_review"], serde_json::json!([1, 1, 1, 1, 4]));
    assert_eq!(r["table2"]["regulations"], serde_json::json!([1, 1, 1]));
    let codes: Vec<&str> = r["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    for c in ["CELLS-RESOLVED", "CELLS-UNRESOLVED", "FORMULA-UNEVALUATED", "T3-ROWSUM", "T3-OUTCOMES", "T4-SUM"] {
        assert!(!codes.contains(&c), "{c} in {codes:?}");
    }
}

/// Set every blank input cell of a sheet's XML to 1 and drop the formulas' saved results. The
/// input cells' style is the one of the cells that hold a number without a formula (the
/// carry-over `new` filled in).
fn fill(xml: &str) -> String {
    let input = xml
        .split("<c r=\"")
        .skip(1)
        .find(|c| c.contains("\"><v>") && !c.contains("<f>") && !c.contains(" t=\""))
        .and_then(|c| c.split(" s=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("an input cell")
        .to_string();
    let mut out = String::new();
    for (i, piece) in xml.split("<c r=\"").enumerate() {
        if i > 0 {
            out.push_str("<c r=\"");
        }
        let blank_input = format!("\" s=\"{input}\"/>");
        match piece.find(&blank_input) {
            Some(at) if !piece[..at].contains('>') => {
                out.push_str(&piece[..at]);
                out.push_str(&format!("\" s=\"{input}\"><v>1</v></c>"));
                out.push_str(&piece[at + blank_input.len()..]);
            }
            _ if piece.contains("</f><v>") => {
                let (head, tail) = piece.split_once("</f><v>").unwrap();
                out.push_str(head);
                out.push_str("</f>");
                out.push_str(&tail[tail.find("</v>").unwrap() + 4..]);
            }
            _ => out.push_str(piece),
        }
    }
    out
}

/// An office's first administrator is made on the command line, the password read from
/// standard input; without an account the workspace is never served beyond this machine.
#[test]
fn the_first_administrator_comes_before_serving_the_office() {
    let tmp = temp("office");
    let db = tmp.path().join("office.db");
    let db = db.to_str().unwrap();
    let refused = xxgk(&["serve", "--db", db, "--addr", "0.0.0.0:0"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("还没有任何账户，不能在本机以外的地址上提供服务"), "{said}");
    let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["users", "--db", db, "add", "--role", "admin", "管理员甲"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(add.stdin.as_mut().unwrap(), b"correct horse battery\n").unwrap();
    let added = add.wait_with_output().unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stdout));
    assert_eq!(stdout(&added).trim(), "已建立账户“管理员甲”（管理员）");
    let listed = stdout(&xxgk(&["users", "--db", db, "list"]));
    assert!(listed.starts_with("管理员甲\t管理员\t全部\t正常\t"), "{listed}");
    let short = xxgk(&["users", "--db", db, "role", "管理员甲", "--role", "boss"]);
    assert_eq!(short.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&short.stderr).contains("“boss”不是角色"));
}

/// A backup is the whole store, readable on its own, and never overwrites a file.
#[test]
fn a_backup_is_a_whole_store_and_overwrites_nothing() {
    let tmp = temp("backup");
    let db = tmp.path().join("r.db");
    let copy = tmp.path().join("copy.db");
    let (db, copy_s) = (db.to_str().unwrap(), copy.to_str().unwrap());
    assert!(xxgk(&["ingest", "--db", db, &ex("b-word-tsv.txt")]).status.success());
    let made = xxgk(&["backup", "--db", db, "-o", copy_s]);
    assert!(made.status.success(), "{}", text(&made));
    let listed =
        |store: &str| stdout(&xxgk(&["query", "--db", store, "--format", "csv", "SELECT agency, year FROM reports"]));
    assert_eq!(listed(copy_s), listed(db));
    assert!(listed(copy_s).contains("青禾市溪山区教育局,2024"));
    let again = xxgk(&["backup", "--db", db, "-o", copy_s]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("已存在：备份不覆盖已有文件"));
}

/// A finding points at the values it names: a caret under each, labelled as the template names
/// the cell; a PDF's finding gives its page and the cells by name; `check --db` the same.
#[test]
fn findings_point_at_the_cells_they_name() {
    let o = xxgk(&["check", &ex("g-inconsistent-utf16.txt")]);
    let out = stdout(&o);
    let flow = out.split("\n\n").find(|f| f.contains("T3-FLOW") && f.contains("自然人")).unwrap();
    for name in
        ["表三·一、本年新收政府信息公开申请数量·自然人", "表三·（七）总计·自然人", "表三·四、结转下年度继续办理·自然人"]
    {
        assert!(flow.contains(&format!("^ {name}")) || flow.contains(&format!("^^ {name}")), "{name}:\n{flow}");
    }
    assert!(!flow.contains("table3."), "no key for a label:\n{flow}");
    // 表四's five values on one line, a caret under each.
    let sum = out.split("\n\n").find(|f| f.contains("T4-SUM")).unwrap();
    let line = sum.lines().find(|l| l.contains(" | 1 0 1 1 5")).unwrap_or_else(|| panic!("{sum}"));
    let carets = sum.lines().skip_while(|l| *l != line).nth(1).unwrap();
    assert!(carets.ends_with("^ ^ ^ ^ ^ 表四·行政复议·总计"), "{sum}");
    let pdf = stdout(&xxgk(&["check", &ex("p-word-export-errors.pdf")]));
    assert!(pdf.contains("第4页：表四·行政复议·结果维持、"), "{pdf}");
    let tmp = temp("carets");
    let db = tmp.path().join("r.db");
    let o = xxgk(&["check", "--db", s(&db), &ex("p-word-export-errors.pdf")]);
    assert!(stdout(&o).contains("--> 第4页：表四·行政复议·结果维持、"), "{}", stdout(&o));
}

/// `serve` on an address another program holds says so and stops, before any line that says it
/// serves; an address by name (`localhost`) is taken; option values out of their bounds are
/// refused rather than wrapped.
#[test]
fn serve_says_what_is_wrong_with_its_address_and_options() {
    let tmp = temp("serve-addr");
    let db = tmp.path().join("s.db");
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = held.local_addr().unwrap().to_string();
    let o = xxgk(&["serve", "--db", s(&db), "--addr", &addr]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(2), "{said}");
    assert!(said.contains(&format!("地址 {addr} 已被占用")) && !said.contains("审核工作台："), "{said}");
    let port = addr.rsplit(':').next().unwrap();
    let o = xxgk(&["serve", "--db", s(&db), "--addr", &format!("localhost:{port}")]);
    assert!(text(&o).contains("已被占用"), "localhost is this machine's loopback: {}", text(&o));
    for (option, value) in [("--max-files", "0"), ("--max-upload-mb", "17592186044416"), ("--max-file-mb", "0")] {
        let o = xxgk(&["serve", "--db", s(&db), option, value]);
        assert_eq!(o.status.code(), Some(2), "{option} {value}");
        assert!(text(&o).contains(&format!("的值“{value}”无效")), "{option}: {}", text(&o));
    }
}
