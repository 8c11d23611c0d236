//! `xxgk ingest`: files, directories and archives into the store — parsed in parallel, written
//! by one thread, one transaction per file, unchanged files skipped by content hash.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use xxgk_core::Lang;
use xxgk_store::{prepare, FileMeta, Item, Prepared, Store, Stored};

use crate::files;

/// How long to wait for another process writing to the same store.
pub const BUSY_WAIT: Duration = Duration::from_secs(600);

/// What the parsing threads hand to the writer.
enum Parsed {
    /// Stored already by this parser version.
    Known(FileMeta),
    Read { meta: FileMeta, format: Option<String>, read: Result<Vec<Prepared>, (String, String)>, member_errors: Vec<String> },
    /// Not readable from disk, or not by this installation (a Word 97 file without
    /// LibreOffice): reported, not recorded.
    Unreadable(String),
}

fn parse_file(path: &Path, known: &dyn Fn(&str) -> bool, lang: Lang) -> Parsed {
    let name = path.display().to_string();
    let bytes = match xxgk_read::read_file_bytes(path) {
        Ok(b) => b,
        Err(e) => return Parsed::Unreadable(crate::read_error_message(&e, lang)),
    };
    let meta = FileMeta { path: name.clone(), sha256: xxgk_read::hex_sha256(&bytes), size: bytes.len() as u64 };
    if known(&meta.sha256) {
        return Parsed::Known(meta);
    }
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut format = None;
    for r in xxgk_read::read_all_bytes(&name, &bytes) {
        match r {
            Ok((doc, source)) => {
                format.get_or_insert_with(|| source.format.clone());
                reports.push(prepare(xxgk_core::parse(&doc, source), &doc));
            }
            Err(e) => errors.push(e),
        }
    }
    if reports.is_empty() && errors.first().is_some_and(|e| e.is_unsupported()) {
        // Readable once the program it needs is installed: not recorded, so a later run retries.
        return Parsed::Unreadable(errors.iter().map(|e| crate::read_error_message(e, lang)).collect::<Vec<_>>().join("\n"));
    }
    let read = if reports.is_empty() {
        let e = errors.first();
        Err((e.map_or_else(|| format!("{name}：未找到报告"), |e| e.zh()), e.map_or_else(|| format!("{name}: no report found"), |e| e.en())))
    } else {
        Ok(reports)
    };
    // A file without reports is reported by its first error (stored as its error); the other
    // errors are its archive members'.
    let shown_elsewhere = usize::from(read.is_err());
    let member_errors = errors.iter().skip(shown_elsewhere).map(|e| crate::read_error_message(e, lang)).collect();
    Parsed::Read { meta, format, read, member_errors }
}

fn bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} 文件 {per_sec} 剩余 {eta}").unwrap_or_else(|_| ProgressStyle::default_bar());
    pb.set_style(style);
    pb
}

/// Counts of one run.
#[derive(Default)]
struct Tally {
    files: u64,
    unchanged: u64,
    reports: u64,
    failed: u64,
}

pub fn run(db: &Path, paths: &[PathBuf], lang: Lang) -> std::io::Result<ExitCode> {
    let mut store = match Store::open(db, BUSY_WAIT) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("xxgk: {}: {e}", db.display());
            return Ok(ExitCode::from(2));
        }
    };
    // The store and its journal files may sit among the inputs (`ingest .`): they are no reports.
    let own: Vec<PathBuf> =
        ["", "-wal", "-shm", "-journal"].iter().filter_map(|s| std::fs::canonicalize(format!("{}{s}", db.display())).ok()).collect();
    let inputs = files::collect(paths, |p| std::fs::canonicalize(p).map_or(true, |c| !own.contains(&c)));
    let pb = bar(inputs.len() as u64);
    let plain = pb.is_hidden();
    let start = Instant::now();
    let mut last_line = Instant::now();
    let mut t = Tally::default();
    let (tx, rx) = sync_channel::<Parsed>(64);
    let result = std::thread::scope(|scope| -> Result<(), xxgk_store::Error> {
        scope.spawn(|| {
            inputs.par_iter().for_each_init(
                || Store::open_read_only(db).ok(),
                |reader, path| {
                    let known = |sha: &str| reader.as_ref().is_some_and(|r| r.is_current(sha).unwrap_or(false));
                    // The writer has gone (it failed): stop parsing.
                    let _ = tx.send(parse_file(path, &known, lang));
                },
            );
            drop(tx);
        });
        // Files are written in batches, one transaction each: a whole file or none of it is
        // ever in the store, and commits stay cheap. A batch closes when the parsers have
        // nothing ready.
        let mut batch: Vec<Item> = Vec::new();
        let mut failures: Vec<Option<String>> = Vec::new();
        loop {
            let next = if batch.is_empty() { rx.recv().ok() } else { rx.try_recv().ok() };
            if let Some(parsed) = next {
                t.files += 1;
                pb.inc(1);
                match parsed {
                    Parsed::Known(file) => {
                        batch.push(Item { file, format: None, read: Ok(Vec::new()) });
                        failures.push(None);
                    }
                    Parsed::Unreadable(msg) => {
                        pb.suspend(|| eprintln!("{msg}"));
                        t.failed += 1;
                    }
                    Parsed::Read { meta, format, read, member_errors } => {
                        for m in &member_errors {
                            pb.suspend(|| eprintln!("{m}"));
                        }
                        failures.push(read.as_ref().err().map(|(zh, en)| if lang == Lang::Zh { zh.clone() } else { en.clone() }));
                        batch.push(Item { file: meta, format, read });
                    }
                }
                if batch.len() < 256 {
                    continue;
                }
            } else if batch.is_empty() {
                break;
            }
            for (stored, failure) in store.put_all(std::mem::take(&mut batch))?.into_iter().zip(failures.drain(..)) {
                match stored {
                    Stored::Added { reports } => t.reports += reports as u64,
                    Stored::Unchanged => t.unchanged += 1,
                    Stored::Failed => {
                        t.failed += 1;
                        pb.suspend(|| eprintln!("{}", failure.unwrap_or_default()));
                    }
                }
            }
            if plain && last_line.elapsed() > Duration::from_secs(5) {
                last_line = Instant::now();
                let rate = t.files as f64 / start.elapsed().as_secs_f64();
                eprintln!("ingest: {}/{} files, {rate:.0}/s", t.files, inputs.len());
            }
        }
        Ok(())
    });
    pb.finish_and_clear();
    if let Err(e) = result {
        eprintln!("xxgk: {}: {e}", db.display());
        return Ok(ExitCode::from(2));
    }
    let secs = start.elapsed().as_secs_f64();
    let line = match lang {
        Lang::Zh => format!(
            "已处理 {} 个文件（{:.1} 秒）：新增报告 {} 份，未变化 {} 个，无法读取 {} 个 → {}",
            t.files, secs, t.reports, t.unchanged, t.failed, db.display()
        ),
        Lang::En => format!(
            "{} files in {:.1} s: {} reports added, {} unchanged, {} unreadable → {}",
            t.files, secs, t.reports, t.unchanged, t.failed, db.display()
        ),
    };
    println!("{line}");
    Ok(if t.failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
