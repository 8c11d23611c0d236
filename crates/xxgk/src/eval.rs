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

use rayon::prelude::*;
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
    let mut c: Vec<&str> =
        report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(|d| d.code).collect();
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

/// What one document contributed: its score (none when skipped or its expected file is unreadable),
/// its findings' differences (expected, missing, extra), why it could not be read (printed even
/// with `-q`), and the details to print about it.
#[derive(Default)]
struct DocOutcome {
    score: Option<Score>,
    skipped: bool,
    findings: (usize, usize, usize),
    error: Option<String>,
    lines: Vec<String>,
}

/// Read and score one document against its expected file.
fn evaluate(doc: &Path, lang: Lang) -> DocOutcome {
    let mut outcome = DocOutcome::default();
    let Some(exp_path) = expected_path(doc) else { return outcome };
    let expected: Value = match std::fs::read_to_string(&exp_path).map(|s| serde_json::from_str(&s)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            eprintln!("{}: invalid JSON: {e}", exp_path.display());
            return outcome;
        }
        Err(e) => {
            eprintln!("{}: {e}", exp_path.display());
            return outcome;
        }
    };
    // An expected file describes one report: the first one the file holds.
    let want: Option<Vec<String>> = expected.get("_findings").and_then(|f| serde_json::from_value(f.clone()).ok());
    let got = match crate::load(doc).into_iter().next().unwrap_or_else(|| Err(empty(doc))) {
        Ok((report, _)) => {
            if let Some(want) = &want {
                let (missing, extra) = finding_differences(want, &codes(&report));
                outcome.findings = (want.len(), missing.len(), extra.len());
                if !missing.is_empty() || !extra.is_empty() {
                    outcome.lines.push(format!("{}: findings: missing {missing:?}, extra {extra:?}", doc.display()));
                }
            }
            Some(report.to_json(lang))
        }
        Err(e) if e.is_unsupported() => {
            outcome.skipped = true;
            outcome.lines.push(format!("skipped {}: {}", doc.display(), crate::read_error_message(&e, lang)));
            return outcome;
        }
        Err(e) => {
            outcome.error = Some(crate::read_error_message(&e, lang));
            None
        }
    };
    let mut score = Score::default();
    compare(&expected, got.as_ref(), "", &mut score);
    outcome.lines.extend(score.mismatches.iter().map(|m| format!("{}: {m}", doc.display())));
    outcome.score = Some(score);
    outcome
}

pub fn run(dirs: &[PathBuf], require: Require, quiet: bool, lang: Lang) -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Some(m) = crate::ingest::missing_inputs(dirs, lang) {
        eprintln!("xxgk: {m}");
        return Ok(ExitCode::from(1));
    }
    let docs = files::collect(dirs, |p| expected_path(p).is_some());
    // Documents are read in parallel (a browser's PDF or a Word 97 file through LibreOffice takes
    // a while) and reported in the order of the list, so the output does not depend on timing.
    let outcomes: Vec<DocOutcome> = docs.par_iter().map(|doc| evaluate(doc, lang)).collect();
    let (mut cells, mut correct, mut exact, mut evaluated, mut skipped) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut want_findings, mut missing_findings, mut extra_findings) = (0usize, 0usize, 0usize);
    for outcome in outcomes {
        if let Some(error) = &outcome.error {
            writeln!(out, "{error}")?;
        }
        if !quiet {
            for line in &outcome.lines {
                writeln!(out, "{line}")?;
            }
        }
        skipped += usize::from(outcome.skipped);
        want_findings += outcome.findings.0;
        missing_findings += outcome.findings.1;
        extra_findings += outcome.findings.2;
        if let Some(score) = outcome.score {
            evaluated += 1;
            cells += score.cells;
            correct += score.correct;
            exact += usize::from(score.correct == score.cells);
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
        eprintln!("xxgk: {}", xxgk_core::tr!(lang, "cli-nothing-to-evaluate", paths = shown));
    }
    let failed = evaluated == 0
        || require.min_cell.is_some_and(|min| accuracy < min)
        || (require.exact_findings && missing_findings + extra_findings > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
