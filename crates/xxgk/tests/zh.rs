//! Chinese first: every command, run as a user runs it in the default language, prints no
//! English sentence — help, progress and status lines, tables, findings, errors. Keys, codes,
//! paths, option names and values stay ASCII; a run of three English words is a sentence.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// Every run of three or more English words in `out`, outside paths, URLs and code spans.
fn english(out: &str) -> Vec<String> {
    let words = regex::Regex::new(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}").unwrap();
    out.lines()
        .flat_map(|line| {
            // Paths, URLs, file names, `code`, options and their metavariables (--merge INTO FROM)
            // are not prose.
            let prose = |t: &&str| {
                !t.contains(['/', '\\', '.', '`'])
                    && !t.starts_with(['-', '<', '['])
                    && !(t.len() > 1 && t.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            };
            let kept: Vec<&str> = line.split(' ').filter(prose).collect();
            let kept = kept.join(" ");
            words.find_iter(&kept).map(|m| m.as_str().to_string()).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_detector_finds_sentences_and_passes_keys() {
    assert_eq!(english("error: the store could not be opened"), ["the store could not be opened"]);
    assert!(english("错误：参数 --by <BY> 的值无效 table3.granted.total T4-SUM /tmp/a b c.pdf").is_empty());
    assert!(english("用法：xxgk stats [OPTIONS]").is_empty() && english("--merge INTO FROM").is_empty());
}

fn run(args: &[&str]) -> String {
    let o = xxgk(args);
    text(&o)
}

/// What `what` printed in English, with the output, for the failure message.
fn english_in(what: &str, out: &str) -> Option<String> {
    let found = english(out);
    (!found.is_empty()).then(|| format!("{what} prints English: {found:?}\n{out}\n"))
}

#[test]
fn every_command_speaks_chinese() {
    let tmp = temp("zh");
    let dir = tmp.path();
    let db = dir.join("r.db");
    let db_s = s(&db);
    let ex = examples();
    let file = |n: &str| ex.join(n).display().to_string();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Help: the program's and every command's.
    let top = run(&["--help"]);
    let mut failures: Vec<String> = english_in("--help", &top).into_iter().collect();
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("命令"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(commands.len() >= 20, "{top}");
    for c in &commands {
        if c == "schema" {
            continue;
        }
        failures.extend(english_in(&format!("{c} --help"), &run(&[c, "--help"])));
    }
    // What each command prints at work.
    let bad = dir.join("random.pdf");
    std::fs::write(&bad, [7u8, 200, 13, 0, 99, 1, 2, 3]).unwrap();
    let empty = dir.join("empty.docx");
    std::fs::write(&empty, b"").unwrap();
    let scan = dir.join("scan.pdf");
    std::fs::write(&scan, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0").unwrap();
    let cut = dir.join("cut.pdf");
    std::fs::write(&cut, &std::fs::read(ex.join("l-word-export.pdf")).unwrap()[..2000]).unwrap();
    // Wrong formats say what the file is; a damaged one what is wrong with it, the PDF
    // library's own words only with --verbose.
    let said = run(&["check", s(&bad), s(&scan), s(&cut)]);
    assert!(
        said.contains("random.pdf：不是 PDF 文件（无法识别格式）")
            && said.contains("scan.pdf：这是一张图片（PNG）")
            && said.contains("OCR"),
        "{said}"
    );
    assert!(said.contains("cut.pdf：文件已损坏：PDF 的交叉引用表缺失或有误"), "{said}");
    assert!(run(&["--verbose", "check", s(&cut)]).contains("（原始信息："));
    let runs: Vec<Vec<String>> = vec![
        vec!["parse".into(), file("b-word-tsv.txt")],
        vec!["check".into(), s(&ex).into()],
        vec!["check".into(), s(&bad).into(), s(&empty).into(), s(&scan).into()],
        vec!["check".into(), s(&dir.join("absent.html")).into()],
        vec!["ingest".into(), "--db".into(), db_s.into(), s(&ex).into()],
        vec!["ingest".into(), "--db".into(), db_s.into(), s(&bad).into()],
        vec!["check".into(), "--db".into(), db_s.into()],
        vec!["check".into(), "--db".into(), db_s.into(), "--statistics".into()],
        vec!["files".into(), "--db".into(), db_s.into()],
        vec!["files".into(), "--db".into(), db_s.into(), "--unreadable".into()],
        vec!["versions".into(), "--db".into(), db_s.into()],
        vec!["roster".into(), "--db".into(), db_s.into()],
        vec!["organs".into(), "--db".into(), db_s.into()],
        vec!["compare".into(), file("b-word-tsv.txt"), file("b-word-tsv.txt")],
        vec!["stats".into(), "--db".into(), db_s.into()],
        vec!["stats".into(), "--db".into(), db_s.into(), "--by".into(), "region".into()],
        vec!["query".into(), "--db".into(), db_s.into(), "SELECT count(*) AS n FROM reports".into()],
        vec!["query".into(), "--db".into(), db_s.into(), "DELETE FROM reports".into()],
        vec!["export".into(), "--db".into(), db_s.into(), "-o".into(), s(&out.join("v.csv")).into()],
        vec!["export".into(), "--db".into(), db_s.into(), "--format".into(), "xlsx".into()],
        vec!["rollup".into(), "--db".into(), db_s.into()],
        vec![
            "correct".into(),
            "--db".into(),
            db_s.into(),
            "1".into(),
            "table3.granted.total".into(),
            "3".into(),
            "--reason".into(),
            "核对原件".into(),
        ],
        vec![
            "correct".into(),
            "--db".into(),
            db_s.into(),
            "1".into(),
            "table9.x.y".into(),
            "3".into(),
            "--reason".into(),
            "核对原件".into(),
        ],
        vec!["eval".into(), s(&ex).into()],
        vec!["synth".into(), "3".into(), "--out".into(), s(&out.join("synth")).into()],
        vec!["new".into(), "--organ".into(), "青禾市审计局".into(), "--year".into(), "2024".into()],
        vec!["render".into(), s(&dir.join("absent.json")).into(), "--to".into(), "md".into()],
        vec![
            "bench".into(),
            "--synth".into(),
            "5".into(),
            "--forms".into(),
            "md".into(),
            "--seconds".into(),
            "0.2".into(),
        ],
        vec!["stats".into(), "--db".into(), s(&dir.join("missing-dir").join("x.db")).into()],
        vec!["stats".into(), "--by".into(), "colour".into()],
        vec!["frobnicate".into()],
        vec!["serve".into(), "--db".into(), db_s.into(), "--max-files".into(), "0".into()],
        vec!["serve".into(), "--db".into(), db_s.into(), "--max-upload-mb".into(), "17592186044416".into()],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        failures.extend(english_in(&args.join(" "), &run(&args)));
    }
    // The workspace's start line.
    let mut serve = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["serve", "--db", db_s, "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    serve.kill().ok();
    let o = serve.wait_with_output().unwrap();
    failures.extend(english_in("serve", &text(&o)));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(Path::new(&out.join("v.csv")).metadata().is_ok_and(|m| m.len() > 0), "the export was written");
}

/// The words a page shows a person: its text outside scripts, styles and tags, and the texts
/// of its titles, labels and placeholders.
fn page_text(html: &str) -> String {
    let hidden = regex::Regex::new(r"(?s)<(script|style)\b.*?</(script|style)>").unwrap();
    let said = regex::Regex::new(r#"(?:title|aria-label|placeholder)="([^"]*)""#).unwrap();
    let tag = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    let html = hidden.replace_all(html, "\n");
    let attributes: Vec<String> = said.captures_iter(&html).map(|c| c[1].to_string()).collect();
    let text = tag.replace_all(&html, "\n");
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'");
    format!("{text}\n{}", attributes.join("\n"))
}

/// Done-when of the workspace's truthfulness: every page a person reaches — each view of each
/// page, in the states a store goes through (reports of every format, a document that is not a
/// report, versions, corrections, an opinion sent, a roster) — and the header of every CSV a
/// person downloads speak Chinese.
#[test]
fn every_page_of_the_workspace_speaks_chinese() {
    let tmp = temp("zh-web");
    let dir = tmp.path();
    let db = dir.join("r.db");
    planted(&db, dir);
    let docs = dir.join("more");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("通知.txt"), "关于召开政务公开工作会议的通知\n各单位：定于3月5日召开会议。\n").unwrap();
    // A second version of a planted year, and every sample.
    write_md(&docs.join("edu-fixed.md"), &year("青禾市教育局", 2024, 0, 0, 11, "2025-01-25"));
    assert!(xxgk(&["ingest", "--db", s(&db), s(&docs), s(&examples())]).status.success());
    let id = |sql: &str| count(&db, sql).to_string();
    let pdf = id("SELECT id FROM reports WHERE source_path LIKE '%l-word-export.pdf' AND current = 1");
    let audit = id("SELECT id FROM reports WHERE agency = '青禾市审计局' AND current = 1");
    for args in [
        vec!["correct", "--db", s(&db), &pdf, "table4.review.total", "3", "--reason", "核对原件", "--author", "甲"],
        vec!["opinion", "--db", s(&db), &audit, "--send", "-o", s(&dir.join("o.docx")), "--author", "甲"],
    ] {
        let o = xxgk(&args);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
    }
    let server = common::http::serve(&db);
    let mut pages: Vec<String> = [
        "/reports",
        "/reports?severity=error",
        "/reports?round=returned",
        "/reports?status=todo",
        "/reports?sort=errors",
        "/reports?template=other",
        "/reports?mine=1",
        "/reports?q=%E5%A4%8D%E8%AE%AE",
        "/overview",
        "/overview?year=2023",
        "/stats",
        "/ranking",
        "/ranking?by=lateness",
        "/ranking?by=errors&year=2023",
        "/rollup",
        "/import",
        "/files",
        "/rules",
        "/audit",
        "/users",
        "/login",
    ]
    .map(String::from)
    .to_vec();
    for by in ["year", "region", "level"] {
        pages.push(format!("/stats/table?by={by}&year=2024"));
    }
    for r in [
        "SELECT id FROM reports",
        "SELECT id FROM reports r WHERE EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.code = 'NOT-A-REPORT')",
    ] {
        let all = common::rows(&db, r);
        pages.extend(all.iter().map(|i| format!("/reports/{i}")));
    }
    pages.extend(common::rows(&db, "SELECT id FROM organs").iter().map(|i| format!("/organs/{i}")));
    let mut failures = Vec::new();
    // Each government's roll-up, as 汇总 links them.
    let links = regex::Regex::new(r#"href="(/rollup/\d+)"#).unwrap();
    let rollups = common::http::get(&server, "/rollup").body;
    pages.extend(links.captures_iter(&rollups).map(|c| c[1].to_string()));
    for page in &pages {
        let r = common::http::get(&server, page);
        assert_eq!(r.status, 200, "{page}: {}", r.body);
        let found = english(&page_text(&r.body));
        if !found.is_empty() {
            failures.push(format!("{page}: {found:?}"));
        }
        assert!(!r.body.contains("None 年度") && !r.body.contains(">None<"), "{page} shows an empty value as None");
    }
    // The first line of every CSV a person downloads: its columns by their names.
    for csv in ["/data/stats.csv?by=year", "/data/stats.csv?by=region&year=2024", "/data/stats.csv?by=level&year=2024"]
    {
        let r = common::http::get(&server, csv);
        let head = r.body.lines().next().unwrap_or_default().to_string();
        failures.extend(english_in(csv, &head.replace(',', " ")));
        assert!(head.contains("报告数"), "{csv}: {head}");
    }
    // Every refusal: the web library's own (a path or query that does not parse, a body of the
    // wrong type, a route or method nobody has) as much as the server's.
    let page = common::http::get(&server, "/reports");
    let (cookie, token) = common::http::page_session(&page);
    let session = [("cookie", cookie.as_str()), ("x-csrf-token", token.as_str()), ("content-type", "application/json")];
    let refusals: Vec<(&str, &str, &[(&str, &str)], &str, u16)> = vec![
        ("GET", "/reports/not-a-number", &[], "", 400),
        ("GET", "/api/reports/abc", &[], "", 400),
        ("GET", "/reports?page=abc", &[], "", 400),
        ("GET", "/nowhere", &[], "", 404),
        ("GET", "/reports/999999", &[], "", 404),
        ("DELETE", "/reports", &[], "", 405),
        ("POST", "/api/reports/1/corrections", &session, "{not json", 400),
        ("POST", "/api/reports/1/corrections", &session, "{\"cell\": 5}", 422),
        ("POST", "/api/reports/1/corrections", &session[..2], "x", 415),
        ("POST", "/api/reports/1/corrections", &[], "{}", 415),
    ];
    for (method, path, headers, body, status) in refusals {
        let r = common::http::request(&server, method, path, headers, body);
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        assert!(!r.body.trim().is_empty(), "{method} {path} says why");
        failures.extend(english_in(&format!("{method} {path}"), &r.body));
    }
    // What once failed or wrapped: a NUL in the words searched, a page number past any.
    assert_eq!(common::http::get(&server, "/reports?q=%E4%BF%A1%00%E6%81%AF").status, 200);
    let far = common::http::get(&server, "/reports?page=18446744073709551615");
    assert_eq!(far.status, 200);
    assert!(!far.body.contains("第 0 /") && far.body.contains("青禾市审计局"), "the last page, not page 0");
    for args in [["export", "--db", s(&db), "--wide"], ["export", "--db", s(&db), "--findings"]] {
        let head = String::from_utf8_lossy(&xxgk(&args).stdout).lines().next().unwrap_or_default().replace(',', " ");
        failures.extend(english_in(&args.join(" "), &head));
        assert!(!head.contains("report_id"), "{head}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
