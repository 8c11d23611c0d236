//! The store's answers are right: the corrected view re-checks every sum, a wrong upload is an
//! error, unreadable files stay listed, copies count once and versions have one current report
//! whatever the ingest order, an ambiguous organ is refused, a read-only store can be read,
//! shares never pass 100 %, a roll-up knows its coverage, and facts can come with the files.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use xxgk_core::TableId;
use xxgk_render::{Filled, Form};

/// The bundled samples this installation can read (the Word 97 one needs LibreOffice), copied
/// into `dir`, so that exit codes speak of the findings alone.
fn readable_examples(dir: &Path) -> PathBuf {
    let to = dir.join("examples");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(examples()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x != "doc") {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
    to
}

fn write(path: &Path, f: &Filled, form: Form) {
    std::fs::write(path, xxgk_render::synth::document(f, form, "/")).unwrap();
}

/// `check --db` output without its summary line, without where each finding points (a value
/// checked again on its correction points at its cells only), and with `(#123 ` as `(# `: what
/// must be the same in every view, and in every store built from the same files (ids depend on
/// the order a store was filled).
fn findings_only(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| !l.starts_with("共 ") && !l.contains(" findings in ") && !l.starts_with("    --> "))
        .map(|l| match l.split_once("(#") {
            Some((head, rest)) => format!("{head}(#{}", rest.trim_start_matches(|c: char| c.is_ascii_digit())),
            None => l.to_string(),
        })
        .collect()
}

fn report_id(db: &Path, path_like: &str) -> String {
    count(db, &format!("SELECT id FROM reports WHERE current = 1 AND source_path LIKE '%{path_like}'")).to_string()
}

/// Item 1: the corrected view is the published view with the corrected cells checked again.
#[test]
fn the_corrected_view_rechecks_every_sum_and_keeps_every_other_finding() {
    let tmp = temp("corrected");
    let dir = tmp.path();
    let ex = readable_examples(&dir);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&ex)]);
    let published = xxgk(&["--lang", "en", "check", "--db", s(&db)]);
    let corrected = xxgk(&["--lang", "en", "check", "--db", s(&db), "--corrected"]);
    assert_eq!(findings_only(&text(&published)), findings_only(&text(&corrected)), "no corrections: the same findings");
    assert_eq!(published.status.code(), Some(1));
    assert_eq!(corrected.status.code(), Some(1));
    assert!(
        text(&corrected).contains("error[T4-SUM]") && text(&corrected).contains("error[ROW-MISSING]"),
        "{}",
        text(&corrected)
    );

    // A wrong correction of a clean report's cell: its T4-SUM appears in the corrected view only.
    let clean = report_id(&db, "b-word-tsv.txt");
    let o = xxgk(&["correct", "--db", s(&db), &clean, "table4.review.total", "999", "--reason", "试验"]);
    assert!(o.status.success(), "{}", text(&o));
    let after = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--corrected", "--organ", "溪山区教育局"]));
    assert!(after.contains("error[T4-SUM]: table 4 group 'review': total is 999"), "{after}");
    let before = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--organ", "溪山区教育局"]));
    assert!(!before.contains("T4-SUM"), "the published values are untouched: {before}");

    // Correcting a real error makes it go, and only it.
    let wrong = report_id(&db, "g-inconsistent-utf16.txt");
    let o = xxgk(&["correct", "--db", s(&db), &wrong, "table4.review.total", "3", "--reason", "合计笔误"]);
    assert!(o.status.success(), "{}", text(&o));
    let fixed = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--corrected", "--organ", "松岭县"]));
    assert!(!fixed.contains("T4-SUM") && fixed.matches("error[T3-FLOW]").count() == 2, "{fixed}");
}

/// Item 2: a wrong upload is an error of its own, stored, shown and counted.
#[test]
fn a_file_that_is_not_a_report_is_an_error() {
    let tmp = temp("not-a-report");
    let dir = tmp.path();
    let junk = dir.join("junk");
    std::fs::create_dir_all(&junk).unwrap();
    std::fs::write(junk.join("data.csv"), "name,value\na,1\nb,2\n").unwrap();
    std::fs::write(
        junk.join("notice.txt"),
        format!(
            "关于召开全市政务公开工作会议的通知\n各县区人民政府：\n{}\n",
            "为深入贯彻落实政务公开工作要求，现将有关事项通知如下。".repeat(30)
        ),
    )
    .unwrap();
    std::fs::write(
        junk.join("home.html"),
        "<html><head><title>某某市人民政府门户网站</title></head><body><ul><li><a href=\"/a\">某某市教育局2023年政府信息公开工作年度报告</a></li><li>通知公告</li></ul></body></html>",
    )
    .unwrap();
    std::fs::write(junk.join("prose.txt"), "政务公开工作稳步推进，".repeat(200_000)).unwrap();
    let o = xxgk(&["--lang", "en", "check", s(&junk)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(text(&o).matches("error[NOT-A-REPORT]").count(), 4, "{}", text(&o));
    let db = dir.join("r.db");
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db), s(&junk)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert_eq!(out.matches("error[NOT-A-REPORT]").count(), 4, "{out}");
    assert!(
        out.contains("unknown unknown (#") && out.contains("home.html"),
        "an organ the file does not name reads as unknown: {out}"
    );
    // A scan is a reading failure, not a wrong upload.
    let scan = xxgk(&["--lang", "en", "check", s(&examples().join("m-scan.pdf"))]);
    assert!(text(&scan).contains("NO-TEXT-LAYER") && !text(&scan).contains("NOT-A-REPORT"), "{}", text(&scan));
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, bytes) in members {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

/// Item 3: every path that could not be read stays listed — and `check --db` at exit 2 —
/// until it is replaced or removed.
#[test]
fn unreadable_files_are_recorded_until_replaced_or_removed() {
    let tmp = temp("unreadable");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write(&docs.join("good.md"), &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    std::fs::write(docs.join("broken.pdf"), b"%PDF-1.7 \x00\x01 not really").unwrap();
    let big = std::fs::File::create(docs.join("huge.txt")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    let deep = zip_of(&[("b.zip", &zip_of(&[("c.zip", &zip_of(&[("d.md", b"x")]))]))]);
    std::fs::write(docs.join("nested.zip"), deep).unwrap();
    let db = dir.join("r.db");
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("1 report added, 0 unchanged, 3 unreadable"), "{}", text(&o));
    let listed = |o: &std::process::Output| -> Vec<&str> {
        ["broken.pdf", "huge.txt", "nested.zip"].into_iter().filter(|n| text(o).contains(n)).collect()
    };
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(listed(&o).len(), 3, "{}", text(&o));
    assert!(text(&o).contains("3 files could not be read") && text(&o).contains("too large"), "{}", text(&o));
    // Again: still unreadable, never "unchanged".
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(text(&o).contains("0 reports added, 1 unchanged, 3 unreadable"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "files", "--db", s(&db), "--unreadable"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(listed(&o).len(), 3, "{}", text(&o));
    // Replaced by a readable file, removed, deleted and removed: gone, and check --db passes.
    write(&docs.join("broken.pdf"), &year("青禾市统计局", 2023, 0, 0, 1, "2024-01-20"), Form::Docx);
    std::fs::remove_file(docs.join("huge.txt")).unwrap();
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(text(&o).contains("1 report added, 1 unchanged, 1 unreadable"), "{}", text(&o));
    let o = xxgk(&[
        "--lang",
        "en",
        "files",
        "--db",
        s(&db),
        "--remove",
        s(&docs.join("nested.zip")),
        s(&dir.join("gone-before.txt")),
    ]);
    assert_eq!(o.status.code(), Some(2), "a path the store never had is named: {}", text(&o));
    assert!(text(&o).contains("no such paths") && text(&o).contains("gone-before.txt"), "{}", text(&o));
    let huge = format!("{}/huge.txt", std::fs::canonicalize(&docs).unwrap().display());
    let o = xxgk(&["--lang", "en", "files", "--db", s(&db), "--remove", &huge]);
    assert!(o.status.success(), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(listed(&o).is_empty(), "{}", text(&o));
}

/// Item 4: identical content is one report with several sources; paths are canonical.
#[test]
fn copies_count_once_and_paths_are_canonical() {
    let tmp = temp("copies");
    let dir = tmp.path();
    let docs = dir.join("in");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(examples().join("j-word.docx"), docs.join("j-word.docx")).unwrap();
    std::fs::copy(examples().join("n-reports.zip"), docs.join("n-reports.zip")).unwrap();
    let g = std::fs::read(examples().join("g-inconsistent-utf16.txt")).unwrap();
    std::fs::write(docs.join("g.txt"), &g).unwrap();
    std::fs::write(docs.join("g.zip"), zip_of(&[("松岭县/2023年报.txt", &g)])).unwrap();
    let db = dir.join("r.db");
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&docs)]);
    assert!(o.status.success(), "{}", text(&o));
    // Each DOCX and text file and the same file inside an archive: two stored reports, one counted.
    assert_eq!(count(&db, "SELECT count(*) FROM reports"), 5);
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE current = 1"), 3);
    let stats = text(&xxgk(&["stats", "--db", s(&db), "--format", "csv"]));
    let reports: i64 = stats.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(reports, 3, "{stats}");
    let check = text(&xxgk(&["--lang", "en", "check", "--db", s(&db)]));
    assert_eq!(check.matches("error[T4-SUM]").count(), 1, "the report's findings once: {check}");
    assert!(check.contains("the same report also at: ") && check.contains("g.zip!松岭县/2023年报.txt"), "{check}");
    let versions = text(&xxgk(&["--lang", "en", "versions", "--db", s(&db)]));
    assert_eq!(versions.matches("copy of the same content").count(), 2, "{versions}");
    // `in/`, `./in` and the absolute path are one set of paths.
    let rel = Path::new("in");
    for p in [rel.to_path_buf(), Path::new(".").join("in"), std::fs::canonicalize(&docs).unwrap()] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .current_dir(&dir)
            .args(["--lang", "en", "ingest", "--db", "r.db", s(&p)])
            .output()
            .unwrap();
        assert!(text(&o).contains("0 reports added, 4 unchanged"), "{}", text(&o));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM paths"), 4);
}

fn set_mtime(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)).unwrap();
}

/// Item 4: an agency's fixed file makes the old one a superseded version, listed, restorable,
/// and counted once.
#[test]
fn a_fixed_file_supersedes_the_old_version_which_can_be_restored() {
    let tmp = temp("versions");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut old = year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20");
    set(&mut old, TableId::Table4, "review", &[1, 0, 0, 0, 2]);
    write(&docs.join("审计局2023.md"), &old, Form::Md);
    set_mtime(&docs.join("审计局2023.md"), 1_706_000_000);
    write(&docs.join("审计局2024.md"), &year("青禾市审计局", 2024, 3, 0, 11, "2025-01-20"), Form::Md);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let before = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--code", "T4-SUM"]));
    assert!(before.contains("T4-SUM"), "{before}");
    // The fixed file arrives under another name, newer.
    write(&docs.join("审计局2023（更正）.md"), &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    set_mtime(&docs.join("审计局2023（更正）.md"), 1_706_500_000);
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE year = 2023"), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE year = 2023 AND current = 1"), 1);
    let out = text(&xxgk(&["--lang", "en", "check", "--db", s(&db)]));
    assert!(!out.contains("T4-SUM"), "the superseded version is not checked: {out}");
    assert!(
        out.contains("warning[DUPLICATE-REPORT]") && out.contains("newer file") && out.contains("审计局2023.md"),
        "{out}"
    );
    let stats = text(&xxgk(&["stats", "--db", s(&db), "--format", "csv"]));
    assert!(stats.lines().any(|l| l.starts_with("2023,1,")), "one report of 2023: {stats}");
    let versions = text(&xxgk(&["--lang", "en", "versions", "--db", s(&db)]));
    assert!(versions.contains("superseded") && versions.contains("current"), "{versions}");
    // A reviewer restores the old one.
    let old_id = count(&db, "SELECT id FROM reports WHERE year = 2023 AND current = 0").to_string();
    let o = xxgk(&["--lang", "en", "versions", "--db", s(&db), "--use", &old_id, "--author", "张三"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&xxgk(&["--lang", "en", "check", "--db", s(&db)]));
    assert!(out.contains("T4-SUM") && out.contains("chosen by a reviewer"), "{out}");
    // The same path holding new content keeps the old content as a former version.
    write(&docs.join("审计局2024.md"), &year("青禾市审计局", 2024, 3, 1, 11, "2025-01-21"), Form::Md);
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE year = 2024"), 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM reports WHERE year = 2024 AND current = 1 AND published = '2025-01-21'"),
        1
    );
}

/// The answers a reviewer reads: findings (ids aside), statistics, roll-up.
fn answers(db: &Path) -> (Vec<String>, String, String) {
    let check = findings_only(&text(&xxgk(&["--lang", "en", "check", "--db", s(db)])));
    let stats = text(&xxgk(&["stats", "--db", s(db), "--format", "csv"]));
    let rollup = text(&xxgk(&["--lang", "en", "rollup", "--db", s(db)]));
    (check, stats, rollup)
}

/// Done-when: examples plus junk, with versions and a run of years, give the same answers
/// re-ingested twice, in reverse order, and built afresh file by file in either order.
#[test]
fn the_answers_do_not_depend_on_ingest_order() {
    let tmp = temp("order");
    let dir = tmp.path();
    let ex = readable_examples(&dir);
    let more = dir.join("more");
    std::fs::create_dir_all(&more).unwrap();
    // Years carried over from one to the next, but for 2022 (a CARRY-OVER finding).
    for y in 2021..2025 {
        let over = if y == 2022 { 9 } else { (y - 2020) as i64 };
        write(
            &more.join(format!("审计局{y}.md")),
            &year("青禾市审计局", y, over, (y - 2019) as i64, 10, "2025-01-20"),
            Form::Md,
        );
    }
    // Two different 2023 reports, same file time: the rules still decide the same way.
    write(&more.join("审计局2023b.html"), &year("青禾市审计局", 2023, 5, 5, 10, "2024-02-01"), Form::Html);
    std::fs::write(more.join("notice.txt"), "关于召开会议的通知\n请各单位准时参加。\n").unwrap();
    std::fs::write(more.join("broken.pdf"), b"%PDF-1.4 garbage").unwrap();
    let mut files: Vec<PathBuf> = [&ex, &more]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| !xxgk_store::ingest::is_sidecar(&p.to_string_lossy()))
        .collect();
    files.sort();
    let a = dir.join("a.db");
    xxgk(&["ingest", "--db", s(&a), s(&ex), s(&more)]);
    let first = answers(&a);
    assert!(
        first.0.iter().any(|l| l.contains("DUPLICATE-REPORT")) && first.0.iter().any(|l| l.contains("CARRY-OVER")),
        "{:#?}",
        first.0
    );
    for args in [vec![s(&ex), s(&more)], vec![s(&ex), s(&more)], vec![s(&more), s(&ex)]] {
        xxgk(&[&["ingest", "--db", s(&a)][..], &args[..]].concat());
        assert_eq!(answers(&a), first);
    }
    for (name, order) in [("b.db", files.clone()), ("c.db", files.iter().rev().cloned().collect())] {
        let db = dir.join(name);
        for f in &order {
            xxgk(&["ingest", "--db", s(&db), s(f)]);
        }
        assert_eq!(answers(&db), first, "{name}");
    }
}

/// Item 5: a name that matches several organs is refused, listing them.
#[test]
fn compare_refuses_a_name_of_several_organs() {
    let tmp = temp("ambiguous");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write(&docs.join("a.md"), &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    write(&docs.join("b.md"), &year("青禾市溪山区财政局", 2024, 3, 0, 9, "2025-01-20"), Form::Md);
    write(&docs.join("c.md"), &year("青禾市溪山区财政局", 2023, 1, 3, 9, "2024-01-20"), Form::Md);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let o = xxgk(&["--lang", "en", "compare", "--db", s(&db), "--organ", "青禾市", "--years", "2023", "2024"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("matches 2 organs")
            && text(&o).contains("青禾市审计局")
            && text(&o).contains("青禾市溪山区财政局"),
        "{}",
        text(&o)
    );
    let o = xxgk(&["--lang", "en", "compare", "--db", s(&db), "--organ", "财政局", "--years", "2023", "2024"]);
    assert!(
        o.status.success()
            && text(&o).contains("青禾市溪山区财政局 2023")
            && text(&o).contains("青禾市溪山区财政局 2024"),
        "{}",
        text(&o)
    );
}

/// Item 6: the reading commands work on a store the user may not write.
#[test]
fn a_read_only_store_can_be_read() {
    let tmp = temp("read-only");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write(&docs.join("a.md"), &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    let shelf = dir.join("shelf");
    std::fs::create_dir_all(&shelf).unwrap();
    let db = shelf.join("r.db");
    assert!(xxgk(&["ingest", "--db", s(&db), s(&docs)]).status.success());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root may write anything: run as nobody, as a user of a share would be.
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let setpriv = Path::new("/usr/bin/setpriv").exists() || Path::new("/bin/setpriv").exists();
    if root && !needs(setpriv, "setpriv (Debian util-linux), to read as nobody") {
        std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    // Nobody must reach the store and run the program, whose build folder may be private to
    // root (a clone in a folder made by mktemp): the test's folder is opened to all, the program
    // linked into it.
    let program = if root {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let program = dir.join("xxgk");
        std::fs::hard_link(env!("CARGO_BIN_EXE_xxgk"), &program)
            .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_xxgk"), &program).map(drop))
            .unwrap();
        program
    } else {
        PathBuf::from(env!("CARGO_BIN_EXE_xxgk"))
    };
    let run = |args: &[&str]| {
        let mut c = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&program);
            c
        } else {
            std::process::Command::new(&program)
        };
        c.args(["--lang", "en"]).args(args).output().unwrap()
    };
    for args in [
        vec!["query", "--db", s(&db), "SELECT count(*) FROM reports"],
        vec!["stats", "--db", s(&db)],
        vec!["check", "--db", s(&db)],
        vec!["export", "--db", s(&db)],
        vec!["organs", "--db", s(&db)],
        vec!["files", "--db", s(&db)],
        vec!["versions", "--db", s(&db)],
        vec!["rollup", "--db", s(&db)],
    ] {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        assert!(!text(&o).contains("readonly"), "{args:?}: {}", text(&o));
    }
    let o = run(&["correct", "--db", s(&db), "1", "table4.review.total", "1", "--reason", "x"]);
    assert_eq!(o.status.code(), Some(2), "writing still needs write access: {}", text(&o));
    std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Item 7: shares only over reports that state every outcome; the count of them is printed.
#[test]
fn shares_never_count_a_table_cut_off() {
    let tmp = temp("shares");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut full = year("青禾市审计局", 2021, 0, 0, 10, "2022-01-20");
    set(&mut full, TableId::Table3, "withheld_state_secret", &[1, 0, 0, 0, 0, 0, 1]);
    set(&mut full, TableId::Table3, "granted", &[4, 0, 0, 0, 0, 0, 4]);
    write(&docs.join("full.md"), &full, Form::Md);
    // The sample cut off inside 不予公开: its withheld rows, no （七）总计.
    std::fs::copy(examples().join("h-truncated-2019-on-2021.md"), docs.join("cut.md")).unwrap();
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let o = xxgk(&["stats", "--db", s(&db), "--format", "jsonl"]);
    let row: serde_json::Value =
        serde_json::from_str(text(&o).lines().find(|l| l.contains("\"2021\"")).unwrap()).unwrap();
    assert_eq!(row["reports"], 2, "{row}");
    assert_eq!(row["rate_reports"], 1, "{row}");
    assert_eq!(row["withheld_rate"], 0.2, "1 of 5, from the complete report alone: {row}");
    assert_eq!(row["grant_rate"], 0.8, "{row}");
    let table = text(&xxgk(&["stats", "--db", s(&db)]));
    assert!(table.contains("计算比例的报告数") && table.contains("不予公开率"), "the table speaks Chinese: {table}");
}

/// Item 7: a roll-up knows which units are present, names the missing ones, and flags
/// differences only over a complete roster, in template order.
#[test]
fn a_rollup_knows_its_coverage() {
    let tmp = temp("rollup");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut gov = year("青禾市人民政府", 2024, 0, 0, 10, "2025-03-01");
    set(&mut gov, TableId::Table3, "new_received", &[10, 0, 0, 0, 0, 0, 10]);
    set(&mut gov, TableId::Table4, "review", &[3, 0, 0, 0, 3]);
    write(&docs.join("gov.md"), &gov, Form::Md);
    write(&docs.join("edu.md"), &year("青禾市教育局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let out = text(&xxgk(&["--lang", "en", "rollup", "--db", s(&db)]));
    assert!(out.contains("1 unit present (no roster"), "{out}");
    assert!(!out.contains("warning[ROLLUP]"), "one unit of an unknown number: nothing to flag: {out}");
    let roster = dir.join("roster.csv");
    std::fs::write(
        &roster,
        "政府,单位\n青禾市人民政府,青禾市教育局\n青禾市人民政府,青禾市审计局\n青禾市人民政府,青禾市溪山区人民政府\n",
    )
    .unwrap();
    let o = xxgk(&["--lang", "en", "roster", "--db", s(&db), "--import", s(&roster)]);
    assert!(o.status.success() && text(&o).contains("3 units imported"), "{}", text(&o));
    let out = text(&xxgk(&["--lang", "en", "rollup", "--db", s(&db)]));
    assert!(
        out.contains("1 of 3 units present") && out.contains("missing: 青禾市审计局, 青禾市溪山区人民政府"),
        "{out}"
    );
    assert!(!out.contains("warning[ROLLUP]"), "{out}");
    write(&docs.join("audit.md"), &year("青禾市审计局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    let mut district = year("青禾市溪山区人民政府", 2024, 0, 0, 10, "2025-03-01");
    set(&mut district, TableId::Table4, "review", &[3, 0, 0, 0, 3]);
    write(&docs.join("district.md"), &district, Form::Md);
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let out = text(&xxgk(&["--lang", "en", "rollup", "--db", s(&db)]));
    assert!(out.contains("3 of 3 units present"), "{out}");
    let flagged: Vec<&str> = out.lines().filter(|l| l.contains("warning[ROLLUP]")).collect();
    // Units: 3 × 5 received, 3 × 5 granted; the government says 10 received, 5 granted.
    let cells: Vec<&str> =
        flagged.iter().map(|l| l.split("warning[ROLLUP]: ").nth(1).unwrap().split("  ").next().unwrap()).collect();
    let key = |k: &str| k.replace('.', " · ");
    let expected: Vec<String> = [
        "table3.new_received.natural_person",
        "table3.new_received.total",
        "table3.granted.natural_person",
        "table3.granted.total",
        "table3.total_processed.natural_person",
        "table3.total_processed.total",
    ]
    .map(key)
    .into();
    assert_eq!(cells, expected, "in template order: {out}");
    let zh = text(&xxgk(&["rollup", "--db", s(&db)]));
    assert!(
        zh.contains("警告[ROLLUP]: 表三·一、本年新收政府信息公开申请数量·自然人  政府报告 10，所属单位合计 15"),
        "cells named as the template names them: {zh}"
    );
}

/// Item 8: filters and a per-code summary for triage at scale.
#[test]
fn check_db_filters_and_counts() {
    let tmp = temp("triage");
    let dir = tmp.path();
    let ex = readable_examples(&dir);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&ex)]);
    let all = text(&xxgk(&["--lang", "en", "check", "--db", s(&db)]));
    let errors = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--severity", "error"]));
    assert!(!errors.contains("warning[") && errors.contains("error[T3-FLOW]"), "{errors}");
    assert_eq!(errors.matches("error[").count(), all.matches("error[").count());
    let two = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--code", "T4-SUM,ROW-MISSING"]));
    let codes: std::collections::BTreeSet<&str> =
        two.lines().filter_map(|l| l.trim().split_once(']').map(|(c, _)| c)).collect();
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["error[ROW-MISSING", "error[T4-SUM"], "{two}");
    let organ = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--organ", "松岭县"]));
    assert!(organ.contains("松岭县卫生健康委员会") && !organ.contains("民政局"), "{organ}");
    let year_2021 = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--year", "2021"]));
    assert!(year_2021.contains("青禾市溪山区民政局 2021") && !year_2021.contains("松岭县"), "{year_2021}");
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db), "--statistics"]);
    let stats = text(&o);
    assert_eq!(o.status.code(), Some(1));
    let flow = stats.lines().find(|l| l.contains("T3-FLOW")).unwrap_or_else(|| panic!("{stats}"));
    assert_eq!(flow.split_whitespace().collect::<Vec<_>>(), ["2", "1", "T3-FLOW", "error"], "{stats}");
}

/// Item 9 and the README's exit codes: nothing found to work on is a failure, named.
#[test]
fn empty_or_missing_inputs_fail_and_say_so() {
    let tmp = temp("empty");
    let dir = tmp.path();
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = xxgk(&["--lang", "en", "check", s(&empty)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no files found in") && text(&o).contains("empty"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "eval", s(&dir.join("missing"))]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("no such file or directory"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "eval", s(&empty)]);
    assert_eq!(o.status.code(), Some(1), "nothing evaluated: {}", text(&o));
    let db = dir.join("r.db");
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), s(&dir.join("missing"))]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!db.exists(), "no store is created for nothing");
    let o = xxgk(&["--lang", "en", "check", "--db", s(&db), s(&dir.join("missing"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!db.exists());
    // The README: check exits 1 on errors, 2 on an unreadable input; parse 2 on an unreadable one.
    let ex = readable_examples(&dir);
    assert_eq!(xxgk(&["check", s(&ex)]).status.code(), Some(1));
    let clean = xxgk(&["check", s(&ex.join("b-word-tsv.txt"))]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
    std::fs::write(dir.join("bad.pdf"), b"%PDF-1.4 nothing").unwrap();
    assert_eq!(xxgk(&["check", s(&ex), s(&dir.join("bad.pdf"))]).status.code(), Some(2));
    assert_eq!(xxgk(&["parse", s(&dir.join("bad.pdf"))]).status.code(), Some(2));
}

/// Item 10: dates, organs and levels given with the files; levels from the divisions.
#[test]
fn a_manifest_gives_what_the_document_does_not_say() {
    let tmp = temp("manifest");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut undated = year("青禾市审计局", 2023, 0, 0, 10, "2024-01-20");
    undated.published = None;
    write(&docs.join("a.md"), &undated, Form::Md);
    let mut county = year("某某市审计局", 2023, 0, 0, 10, "2024-01-20");
    set(&mut county, TableId::Table2, "regulations", &[1, 0, 1]);
    write(&docs.join("b.md"), &county, Form::Md);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let out = text(&xxgk(&["--lang", "en", "check", "--db", s(&db)]));
    assert!(!out.contains("LATE") && !out.contains("T2-REGULATIONS-AUTHORITY"), "{out}");
    let manifest = dir.join("manifest.csv");
    std::fs::write(
        &manifest,
        "路径,发布日期,网址,机关,层级\ndocs/a.md,2024/3/5,https://example.org/a,,\ndocs/b.md,,,,县级\n",
    )
    .unwrap();
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), "--manifest", s(&manifest), s(&docs)]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&xxgk(&["--lang", "en", "check", "--db", s(&db)]));
    assert!(out.contains("warning[LATE]: the report on 2023 was published on 2024-03-05"), "{out}");
    assert!(out.contains("warning[T2-REGULATIONS-AUTHORITY]: 某某市审计局"), "{out}");
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE url = 'https://example.org/a'"), 1);
    let organs = text(&xxgk(&["organs", "--db", s(&db), "某某市"]));
    assert!(organs.contains("县级"), "levels in words: {organs}");
    // A manifest that is wrong is refused, naming the line.
    std::fs::write(&manifest, "path,published\ndocs/a.md,soon\n").unwrap();
    let o = xxgk(&["--lang", "en", "ingest", "--db", s(&db), "--manifest", s(&manifest), s(&docs)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("line 2: 'soon' is not a date"), "{}", text(&o));
    // 樟树市 is a county-level city (GB/T 2260), whatever its name's suffix says.
    let mut zhangshu = year("樟树市财政局", 2023, 0, 0, 10, "2024-01-20");
    set(&mut zhangshu, TableId::Table2, "regulations", &[1, 0, 1]);
    write(&docs.join("c.md"), &zhangshu, Form::Md);
    let o = xxgk(&["--lang", "en", "check", s(&docs.join("c.md"))]);
    assert!(text(&o).contains("T2-REGULATIONS-AUTHORITY"), "{}", text(&o));
}

/// Item 11: merging refuses an organ that does not exist and an organ into itself; names work.
#[test]
fn merging_refuses_what_cannot_be_merged() {
    let tmp = temp("merge");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write(&docs.join("a.md"), &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    write(&docs.join("b.md"), &year("青禾审计", 2024, 2, 0, 11, "2025-01-20"), Form::Md);
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    assert_eq!(count(&db, "SELECT count(*) FROM organs"), 2);
    let o = xxgk(&["--lang", "en", "organs", "--db", s(&db), "--merge", "1", "999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no organ with id 999"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "organs", "--db", s(&db), "--merge", "青禾市审计局", "青禾市审计局"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("cannot be merged into itself") && !text(&o).contains("SQLITE"), "{}", text(&o));
    let o = xxgk(&["--lang", "en", "organs", "--db", s(&db), "--merge", "青禾市审计局", "青禾审计"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM organs"), 1);
    assert!(text(&xxgk(&["--lang", "en", "check", "--db", s(&db)])).contains("CARRY-OVER"));
}
