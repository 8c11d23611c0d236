//! No input may panic: arbitrary bytes, and sample reports damaged at random, always give a
//! report or an error naming the file. `parse` turns a panic of the extractor into a report with
//! EXTRACT-FAILED, so that a batch goes on; here that finding is the panic, and fails.

mod common;

use std::path::PathBuf;

use common::*;
use proptest::prelude::*;

/// The sample reports, each with its path (for a failure's message).
fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    // Every format but Word 97, whose reading is LibreOffice's work, not ours.
    let mut paths: Vec<PathBuf> =
        documents(&examples()).into_iter().filter(|p| p.extension().is_none_or(|e| e != "doc")).collect();
    if let Some(c) = corpus() {
        paths.extend(documents(&c.join("seeds")));
    }
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Read and parse `bytes`, `what` they are; panics where the extractor did.
fn read_and_parse(what: &str, bytes: &[u8]) {
    for result in xxgk_read::read_all_bytes("fuzz.bin", bytes) {
        match result {
            Ok((doc, source)) => {
                let report = xxgk_core::parse(&doc, source).to_json(xxgk_core::Lang::default());
                let failed: Vec<&str> = report["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["code"] == "EXTRACT-FAILED")
                    .map(|d| d["message"].as_str().unwrap_or_default())
                    .collect();
                assert!(failed.is_empty(), "the extractor panicked on {what}: {}", failed.join("; "));
            }
            Err(e) => assert!(xxgk_core::Lang::ALL.iter().all(|&lang| e.words(lang).starts_with("fuzz.bin")), "{e}"),
        }
    }
}

/// Damage applied to a sample: the kinds of harm real conversions do, and some they do not.
#[derive(Debug, Clone)]
enum Damage {
    FlipByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    InsertText(usize, String),
    SplitCell(usize),
}

fn apply(bytes: &[u8], d: &Damage) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let n = lines.len().max(1);
    match d {
        Damage::FlipByte(i, b) => {
            let mut v = bytes.to_vec();
            if !v.is_empty() {
                let i = i % v.len();
                v[i] = *b;
            }
            return v;
        }
        Damage::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Damage::DuplicateLine(i) => {
            if !lines.is_empty() {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
        }
        Damage::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
        }
        Damage::Truncate(i) => return bytes[..i % (bytes.len() + 1)].to_vec(),
        Damage::InsertText(i, s) => lines.insert(i % (lines.len() + 1), s.clone()),
        Damage::SplitCell(i) => {
            if !lines.is_empty() {
                let l = lines[i % n].replace('\t', "\n");
                lines[i % n] = l;
            }
        }
    }
    lines.join("\n").into_bytes()
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Damage::FlipByte(i, b)),
        any::<usize>().prop_map(Damage::DeleteLine),
        any::<usize>().prop_map(Damage::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::SwapLines(a, b)),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), "[0-9一二三四五六（）、|\t /—.-]{0,24}").prop_map(|(i, s)| Damage::InsertText(i, s)),
        any::<usize>().prop_map(Damage::SplitCell),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        read_and_parse("arbitrary bytes", &bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[0-9一二三四五六七八九十（）()、|\t \n/—.,:：年件条规章总计行政复议其他-]{0,2000}") {
        read_and_parse("arbitrary text", text.as_bytes());
    }

    #[test]
    fn damaged_samples_never_panic(which in any::<usize>(), damages in proptest::collection::vec(damage(), 1..6)) {
        let all = samples();
        let (path, mut bytes) = all[which % all.len()].clone();
        for d in &damages {
            bytes = apply(&bytes, d);
        }
        read_and_parse(&format!("{} damaged by {damages:?}", path.display()), &bytes);
    }
}
