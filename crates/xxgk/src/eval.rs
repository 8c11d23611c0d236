//! `xxgk eval`: score extraction against expected outputs.
//!
//! Every `X.<ext>` with an `X.expected.json` beside it is parsed, and every value the expected
//! file holds (keys starting with `_` are notes for people) is compared with the output. A
//! file in a format this build cannot read is counted as skipped, never as a pass.
//!
//! Where the expected file lists `_findings` (the codes of the warnings and errors a correct
//! checker reports), the report's findings are compared with them too, as multisets.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use xxgk_core::{Lang, Report, Severity};

use crate::files;

/// The `X.expected.json` beside `X.<ext>`, if it exists.
pub fn expected_path(p: &Path) -> Option<PathBuf> {
    let name = p.file_name()?.to_str()?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let e = p.with_file_name(format!("{stem}.expected.json"));
    e.is_file().then_some(e)
}

/// The outcome of comparing one document.
#[derive(Debug, Default)]
pub struct Score {
    pub cells: usize,
    pub correct: usize,
    pub mismatches: Vec<String>,
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Codes of a report's warnings and errors, sorted: what `_findings` lists.
pub fn codes(report: &Report) -> Vec<&'static str> {
    let mut c: Vec<&str> = report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(|d| d.code).collect();
    c.sort_unstable();
    c
}

/// The expected codes missing from `got`, and the codes in `got` beyond the expected ones.
pub fn finding_differences(want: &[String], got: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut extra: Vec<String> = got.iter().map(|s| s.to_string()).collect();
    let mut missing = Vec::new();
    for w in want {
        match extra.iter().position(|g| g == w) {
            Some(i) => {
                extra.remove(i);
            }
            None => missing.push(w.clone()),
        }
    }
    (missing, extra)
}

/// Compare `got` with every value in `expected`, recursively.
pub fn compare(expected: &Value, got: Option<&Value>, path: &str, score: &mut Score) {
    match expected {
        Value::Object(map) => {
            for (k, v) in map.iter().filter(|(k, _)| !k.starts_with('_')) {
                let sub = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                compare(v, got.and_then(|g| g.get(k)), &sub, score);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                compare(v, got.and_then(|g| g.get(i)), &format!("{path}[{i}]"), score);
            }
        }
        scalar => {
            score.cells += 1;
            match got {
                Some(g) if same(scalar, g) => score.correct += 1,
                other => {
                    let shown = other.map_or("(absent)".to_string(), Value::to_string);
                    score.mismatches.push(format!("{path}: expected {scalar}, got {shown}"));
                }
            }
        }
    }
}

fn empty(doc: &Path) -> xxgk_read::ReadError {
    xxgk_read::ReadError { path: doc.display().to_string(), kind: xxgk_read::ReadErrorKind::Empty }
}

/// `xxgk eval`'s pass conditions.
#[derive(Debug, Clone, Copy, Default)]
pub struct Require {
    /// Fail below this cell accuracy (percent).
    pub min_cell: Option<f64>,
    /// Fail when any document's findings differ from its `_findings`.
    pub exact_findings: bool,
}

pub fn run(dirs: &[PathBuf], require: Require, quiet: bool, lang: Lang) -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Some(m) = crate::ingest::missing_inputs(dirs, lang) {
        eprintln!("xxgk: {m}");
        return Ok(ExitCode::from(1));
    }
    let docs = files::collect(dirs, |p| expected_path(p).is_some());
    let (mut cells, mut correct, mut exact, mut evaluated, mut skipped) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut want_findings, mut missing_findings, mut extra_findings) = (0usize, 0usize, 0usize);
    for doc in &docs {
        let Some(exp_path) = expected_path(doc) else { continue };
        let expected: Value = match std::fs::read_to_string(&exp_path).map(|s| serde_json::from_str(&s)) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                eprintln!("{}: invalid JSON: {e}", exp_path.display());
                continue;
            }
            Err(e) => {
                eprintln!("{}: {e}", exp_path.display());
                continue;
            }
        };
        // An expected file describes one report: the first one the file holds.
        let want: Option<Vec<String>> = expected.get("_findings").and_then(|f| serde_json::from_value(f.clone()).ok());
        let got = match crate::load(doc).into_iter().next().unwrap_or_else(|| Err(empty(doc))) {
            Ok((report, _)) => {
                if let Some(want) = &want {
                    let (missing, extra) = finding_differences(want, &codes(&report));
                    want_findings += want.len();
                    missing_findings += missing.len();
                    extra_findings += extra.len();
                    if !quiet && (!missing.is_empty() || !extra.is_empty()) {
                        writeln!(out, "{}: findings: missing {missing:?}, extra {extra:?}", doc.display())?;
                    }
                }
                Some(report.to_json(lang))
            }
            Err(e) if e.is_unsupported() => {
                skipped += 1;
                if !quiet {
                    writeln!(out, "skipped {}: {}", doc.display(), crate::read_error_message(&e, lang))?;
                }
                continue;
            }
            Err(e) => {
                writeln!(out, "{}", crate::read_error_message(&e, lang))?;
                None
            }
        };
        let mut score = Score::default();
        compare(&expected, got.as_ref(), "", &mut score);
        evaluated += 1;
        cells += score.cells;
        correct += score.correct;
        if score.correct == score.cells {
            exact += 1;
        }
        if !quiet {
            for m in &score.mismatches {
                writeln!(out, "{}: {m}", doc.display())?;
            }
        }
    }
    let accuracy = if cells == 0 { 0.0 } else { 100.0 * correct as f64 / cells as f64 };
    writeln!(
        out,
        "cells={cells} correct={correct} cell_accuracy={accuracy:.2}% exact_docs={exact}/{evaluated} skipped={skipped} \
         findings_expected={want_findings} findings_missing={missing_findings} findings_extra={extra_findings}"
    )?;
    if evaluated == 0 {
        let shown: Vec<String> = dirs.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "xxgk: {}",
            match lang {
                Lang::Zh => format!("在 {} 中没有可评估的文件（X.<扩展名> 与 X.expected.json 成对）", shown.join("、")),
                Lang::En => format!("nothing to evaluate in {} (X.<ext> beside X.expected.json)", shown.join(", ")),
            }
        );
    }
    let failed = evaluated == 0
        || require.min_cell.is_some_and(|min| accuracy < min)
        || (require.exact_findings && missing_findings + extra_findings > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
