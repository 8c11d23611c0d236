//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};

use serde_json::Value;
use xxgk::eval::{codes, compare, expected_path, finding_differences, Score};
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
    all.remove(0).unwrap_or_else(|e| panic!("{e}"))
}

pub fn expected(path: &Path) -> Value {
    let e = expected_path(path).unwrap_or_else(|| panic!("no expected file for {}", path.display()));
    serde_json::from_str(&std::fs::read_to_string(e).unwrap()).unwrap()
}

/// Assert that a report matches every value of its expected file.
pub fn assert_matches(path: &Path, report: &Report) {
    let mut score = Score::default();
    compare(&expected(path), Some(&report.to_json(Lang::default())), "", &mut score);
    assert!(score.cells > 0, "{}: nothing compared", path.display());
    assert!(score.mismatches.is_empty(), "{}:\n{}", path.display(), score.mismatches.join("\n"));
}

/// Every report of a file, or `None` (with a message) when this installation cannot read its
/// format — a Word 97 file without LibreOffice, which fails under CI (see [`needs`]).
pub fn load_if_readable(path: &Path) -> Option<(Report, xxgk_core::Document)> {
    let mut all = xxgk::load(path);
    assert_eq!(all.len(), 1, "{} holds {} documents", path.display(), all.len());
    match all.remove(0) {
        Ok(r) => Some(r),
        Err(e) => match e.kind {
            xxgk_read::ReadErrorKind::NeedsProgram { package, .. } => {
                needs(false, package);
                None
            }
            _ if e.is_unsupported() => {
                eprintln!("skipped: {e}");
                None
            }
            _ => panic!("{e}"),
        },
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

pub fn set(f: &mut xxgk_render::Filled, id: xxgk_core::TableId, key: &str, vals: &[i64]) {
    f.row_mut(id, key).unwrap().values = vals.iter().map(|v| Some(xxgk_core::Num::int(*v))).collect();
}

/// One organ's consistent report of a year: 5 applications granted, `over` carried over,
/// `forward` carried forward, `in_force` normative documents in force.
pub fn year(agency: &str, y: i32, over: i64, forward: i64, in_force: i64, published: &str) -> xxgk_render::Filled {
    use xxgk_core::{Num, TableId, TemplateId};
    let mut f = xxgk_render::Filled::blank(agency, y, TemplateId::T2021);
    for row in f.tables.iter_mut().flatten() {
        row.values.iter_mut().for_each(|v| *v = Some(Num::int(0)));
    }
    set(&mut f, TableId::Table2, "normative_documents", &[2, 1, in_force]);
    set(&mut f, TableId::Table3, "carried_over", &[over, 0, 0, 0, 0, 0, over]);
    set(&mut f, TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 5]);
    set(&mut f, TableId::Table3, "total_processed", &[5, 0, 0, 0, 0, 0, 5]);
    set(&mut f, TableId::Table3, "carried_forward", &[forward, 0, 0, 0, 0, 0, forward]);
    let received = 5 + forward - over;
    set(&mut f, TableId::Table3, "new_received", &[received, 0, 0, 0, 0, 0, received]);
    f.applications_received = Some(received);
    f.published = Some(published.to_string());
    f
}

/// Plants into the store `db` (documents written under `dir`): 青禾市 with a roster of four units of which two reported (one of them
/// late), and 云川市教育局, which withheld all five of its applications.
pub fn planted(db: &Path, dir: &Path) {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write_md(&docs.join("gov.md"), &year("青禾市人民政府", 2024, 0, 0, 10, "2025-03-01"));
    write_md(&docs.join("edu.md"), &year("青禾市教育局", 2024, 0, 0, 10, "2025-01-20"));
    write_md(&docs.join("audit.md"), &year("青禾市审计局", 2024, 0, 0, 10, "2025-03-05"));
    let mut withheld = year("云川市教育局", 2024, 0, 0, 10, "2025-01-15");
    set(&mut withheld, xxgk_core::TableId::Table3, "granted", &[0, 0, 0, 0, 0, 0, 0]);
    set(&mut withheld, xxgk_core::TableId::Table3, "withheld_state_secret", &[5, 0, 0, 0, 0, 0, 5]);
    write_md(&docs.join("withheld.md"), &withheld);
    // The year before, so that the charts have two years.
    write_md(&docs.join("edu-2023.md"), &year("青禾市教育局", 2023, 0, 0, 10, "2024-01-20"));
    assert!(xxgk(&["ingest", "--db", s(db), s(&docs)]).status.success());
    let roster = dir.join("roster.csv");
    std::fs::write(&roster, "政府,单位\n青禾市人民政府,青禾市教育局\n青禾市人民政府,青禾市审计局\n青禾市人民政府,青禾市民政局\n青禾市人民政府,青禾市溪山区人民政府\n")
        .unwrap();
    assert!(xxgk(&["roster", "--db", s(db), "--import", s(&roster)]).status.success());
}

/// `f` as a generated Markdown report at `path`.
pub fn write_md(path: &Path, f: &xxgk_render::Filled) {
    std::fs::write(path, xxgk_render::synth::document(f, xxgk_render::Form::Md, "")).unwrap();
}

/// Run the `xxgk` binary.
pub fn xxgk(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xxgk")).args(args).output().expect("run xxgk")
}

/// Standard output and standard error together.
pub fn text(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A fresh folder for one test, removed when dropped, whether the test passed or panicked;
/// named after `tag`, so that one kept open in a debugger is found.
pub fn temp(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("xxgk-{tag}-")).tempdir().unwrap()
}

/// Whether a tool a test needs is here. CI installs every tool (`.ci/run`), so where `CI` is set
/// a missing one fails the test, naming the Debian `package` to install; elsewhere the test is
/// skipped, saying so, and the caller returns.
pub fn needs(present: bool, package: &str) -> bool {
    if present {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("not installed: {package}; under CI no test may skip (.ci/run installs it)");
    }
    eprintln!("skipped, not installed: {package}");
    false
}

/// Whether `program` runs (`program arg`), for [`needs`].
pub fn runs(program: &str, arg: &str) -> bool {
    std::process::Command::new(program).arg(arg).output().is_ok()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// One number from the store.
pub fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The first column of every row `sql` selects, as integers.
pub fn rows(db: &Path, sql: &str) -> Vec<i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn.prepare(sql).unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Parse `bytes` as the file `name` and compare with `expected`: values and `_findings`.
pub fn differences(name: &str, bytes: &[u8], expected: &Value) -> Vec<String> {
    let (doc, source) = match xxgk_read::read_bytes(name, bytes) {
        Ok(r) => r,
        Err(e) => return vec![e.to_string()],
    };
    let report = xxgk_core::parse(&doc, source);
    let mut score = Score::default();
    compare(expected, Some(&report.to_json(Lang::default())), "", &mut score);
    if let Some(want) = expected.get("_findings").and_then(|f| serde_json::from_value::<Vec<String>>(f.clone()).ok()) {
        let (missing, extra) = finding_differences(&want, &codes(&report));
        if !missing.is_empty() || !extra.is_empty() {
            score.mismatches.push(format!("findings: missing {missing:?}, extra {extra:?}"));
        }
    }
    score.mismatches
}
