//! The rules' fixtures, as ruff keeps them: for a rule `CODE`, the folder `tests/rules/CODE/`
//! holds small reports, each a tab-separated text (one line per row, one tab per cell), named
//! `raises-….txt` when the rule must find something in it and `passes-….txt` when it must not.
//! A rule across years has folders instead, `raises-…/` and `passes-…/`, each holding the
//! report of one year (`last.txt`) and of the next (`this.txt`).
//! Every finding of every fixture, in both languages, is compared with its snapshot
//! (`tests/snapshots/`), so that a change to any rule shows in the review of its fixtures.

use std::path::{Path, PathBuf};

use xxgk_core::rules::{self, Scope};
use xxgk_core::{Cell, Document, Lang, Line, Source, Span};

/// A fixture as the text reader sees a tab-separated file: each line a row, each tab a cell.
fn document(text: &str) -> Document {
    let lines = text
        .lines()
        .zip(1..)
        .map(|(l, line)| Line {
            cells: l
                .split('\t')
                .zip(1..)
                .map(|(t, col)| Cell { text: t.to_string(), span: Span::Text { line, col, byte: [0, 0] } })
                .collect(),
        })
        .filter(|l: &Line| l.cells.iter().any(|c| !c.text.trim().is_empty()))
        .collect();
    Document { lines, ..Document::default() }
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut out = Vec::new();
    for rule in std::fs::read_dir(&root).unwrap().flatten() {
        for f in std::fs::read_dir(rule.path()).unwrap().flatten() {
            out.push((rule.file_name().to_string_lossy().into_owned(), f.path()));
        }
    }
    out.sort();
    out
}

/// Every finding of a fixture, one per line: code, severity, cells, and the words in Chinese
/// and in English.
fn findings(path: &Path) -> (Vec<&'static str>, String) {
    let read = |path: &Path| xxgk_core::parse(&document(&std::fs::read_to_string(path).unwrap()), Source::default());
    let diagnostics = if path.is_dir() {
        xxgk_core::across::check_years(&read(&path.join("last.txt")), &read(&path.join("this.txt")))
    } else {
        read(path).diagnostics
    };
    let codes = diagnostics.iter().map(|d| d.code).collect();
    let shown = diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {:?}\n  {}",
                d.code,
                d.severity.as_str(),
                d.cells,
                Lang::ALL.map(|lang| d.message(lang)).join("\n  ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    (codes, shown)
}

#[test]
fn each_fixture_raises_its_rule_or_not_as_named_and_says_what_it_said() {
    let all = fixtures();
    assert!(!all.is_empty());
    let mut wrong = Vec::new();
    for (code, path) in &all {
        let rule = rules::find(code).unwrap_or_else(|| panic!("{} is named for no rule", path.display()));
        let name = if path.is_dir() { path.file_name() } else { path.file_stem() }.unwrap().to_string_lossy();
        assert!(
            name.starts_with("raises-") || name.starts_with("passes-"),
            "{}: a fixture is named raises-… or passes-…",
            path.display()
        );
        let (codes, shown) = findings(path);
        if codes.contains(&rule.code) != name.starts_with("raises-") {
            wrong.push(format!("{}:\n{shown}", path.display()));
        }
        insta::assert_snapshot!(format!("{code}__{name}"), shown);
    }
    assert!(wrong.is_empty(), "fixtures that do not do as named:\n{}", wrong.join("\n"));
}

/// A fixture that must pass a document rule raises no document finding at all: a report that
/// is right is charged with nothing, whatever the reader made of it.
#[test]
fn a_passing_fixture_of_a_document_rule_charges_nothing() {
    for (code, path) in fixtures() {
        let rule = rules::find(&code).unwrap();
        if rule.scope != Scope::Document || !path.file_stem().unwrap().to_string_lossy().starts_with("passes-") {
            continue;
        }
        if path.is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let report = xxgk_core::parse(&document(&text), Source::default());
        let charges: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| rules::find(d.code).is_some_and(|r| r.scope == Scope::Document))
            .map(|d| d.code)
            .collect();
        assert_eq!(charges, Vec::<&str>::new(), "{}", path.display());
    }
}

/// The rules whose findings need what a tab-separated text cannot hold — a file format's own
/// reader, a page's geometry, a store of many reports — and the tests that raise them.
const FIXTURES_ELSEWHERE: &[(&str, &str)] = &[
    ("COLUMNS-MISSING", "a PDF page clipped at its edge: the producer matrix (crates/xxgk/tests/producers.rs)"),
    ("NO-TEXT-LAYER", "a scanned PDF: xxgk-pdf's tests"),
    ("UNREADABLE-FONT", "a PDF font without a character map: xxgk-pdf's tests"),
    ("NO-TABLE-TEXT", "a web page of images: xxgk-read's HTML tests"),
    ("FORMULA-UNEVALUATED", "a workbook saved without results: xxgk-read's sheet tests"),
    ("EXTRACT-FAILED", "a fault of the program itself: xxgk-core's own tests"),
    ("DUPLICATE-REPORT", "two files of one organ and year in a store: xxgk-store's tests"),
    ("LATE", "a publication date from a manifest: xxgk-store's tests"),
    ("ROLLUP", "a government and its units in a store: the store's answers (crates/xxgk/tests/store_answers.rs)"),
];

#[test]
fn every_rule_has_fixtures_that_raise_it_and_that_do_not() {
    let all = fixtures();
    for r in rules::RULES {
        let of = |kind: &str| {
            all.iter()
                .any(|(code, path)| code == r.code && path.file_name().unwrap().to_string_lossy().starts_with(kind))
        };
        let elsewhere = FIXTURES_ELSEWHERE.iter().any(|(code, _)| *code == r.code);
        assert!(
            elsewhere || (of("raises-") && of("passes-")),
            "{} has no fixture that raises it and none that does not",
            r.code
        );
        assert!(!(elsewhere && of("raises-")), "{} has fixtures here: take it off the list of those elsewhere", r.code);
    }
}
