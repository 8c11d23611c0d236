//! `xxgk ingest`: files, directories and archives into the store — parsed in parallel, written
//! by one thread in batches of one transaction each, unchanged files skipped by content hash.
//!
//! Every path is stored canonical (absolute, links resolved), so `in/`, `./in` and the absolute
//! folder are one set of files. Every path that could not be read is recorded with its reason.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use xxgk_core::Lang;
use xxgk_store::manifest::Manifest;
use xxgk_store::{prepare, FileMeta, Item, Store, Stored, Unread};

use crate::files;

/// How long to wait for another process writing to the same store.
pub const BUSY_WAIT: Duration = Duration::from_secs(600);

/// What the parsing threads hand to the writer.
enum Parsed {
    /// Stored already by this parser version.
    Known(FileMeta),
    Read(Item),
    /// Not readable at all: from disk, or by this installation (a Word 97 file without
    /// LibreOffice, recorded by path so that a later run tries again).
    Unreadable(Unread),
}

/// A path as the store names it: canonical where it exists.
pub fn canonical(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

/// The file's modification time, to the nanosecond and in a fixed width, so that times compare
/// as strings.
fn modified(path: &Path) -> Option<String> {
    let t = jiff::Timestamp::try_from(std::fs::metadata(path).ok()?.modified().ok()?).ok()?;
    Some(format!("{}.{:09}Z", t.strftime("%Y-%m-%dT%H:%M:%S"), t.subsec_nanosecond()))
}

fn unread(e: &xxgk_read::ReadError) -> Unread {
    Unread { path: e.path.clone(), zh: e.zh(), en: e.en() }
}

fn parse_file(path: &Path, known: &dyn Fn(&str) -> bool, manifest: &Manifest) -> Parsed {
    let name = canonical(path);
    let bytes = match xxgk_read::read_file_bytes(Path::new(&name)) {
        Ok(b) => b,
        Err(e) => return Parsed::Unreadable(unread(&e)),
    };
    let meta = FileMeta { path: name.clone(), sha256: xxgk_read::hex_sha256(&bytes), size: bytes.len() as u64, modified: modified(path) };
    // Facts given for this file are stored with it: a stored file is read again to take them.
    let again = manifest.get(&name).is_some();
    if known(&meta.sha256) && !again {
        return Parsed::Known(meta);
    }
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut format = None;
    for r in xxgk_read::read_all_bytes(&name, &bytes) {
        match r {
            Ok((doc, source)) => {
                format.get_or_insert_with(|| source.format.clone());
                let entry = manifest.get(&source.path).cloned().unwrap_or_default();
                reports.push(prepare(xxgk_core::parse_with(&doc, source, &entry.facts), &doc, entry.url));
            }
            Err(e) => errors.push(e),
        }
    }
    if reports.is_empty() && errors.first().is_some_and(|e| e.is_unsupported()) {
        return Parsed::Unreadable(unread(&errors[0]));
    }
    let read = if reports.is_empty() {
        let e = errors.first();
        Err((e.map_or_else(|| format!("{name}：未找到报告"), |e| e.zh()), e.map_or_else(|| format!("{name}: no report found"), |e| e.en())))
    } else {
        Ok(reports)
    };
    // A file without reports is reported by its first error (stored as its error); the other
    // errors are its archive members'.
    let members_unread = errors.iter().skip(usize::from(read.is_err())).map(unread).collect();
    Parsed::Read(Item { file: meta, format, read, members_unread, again })
}

/// A progress bar over `total` files on standard error, or a hidden one when standard error is
/// not a terminal.
pub fn progress_bar(total: u64) -> ProgressBar {
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

/// Paths given that do not exist: named, and nothing is done (no store is created).
pub fn missing_inputs(paths: &[PathBuf], lang: Lang) -> Option<String> {
    let missing: Vec<String> = paths.iter().filter(|p| p.as_os_str() != "-" && !p.exists()).map(|p| p.display().to_string()).collect();
    (!missing.is_empty()).then(|| match lang {
        Lang::Zh => format!("路径不存在：{}", missing.join("、")),
        Lang::En => format!("no such file or directory: {}", missing.join(", ")),
    })
}

/// Said when the paths given hold no file at all.
pub fn no_files(paths: &[PathBuf], lang: Lang) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    match lang {
        Lang::Zh => format!("在 {} 中没有找到文件", shown.join("、")),
        Lang::En => format!("no files found in {}", shown.join(", ")),
    }
}

pub fn run(db: &Path, paths: &[PathBuf], manifest: Option<&Path>, lang: Lang) -> std::io::Result<ExitCode> {
    let say = |zh: String, en: String| if lang == Lang::Zh { zh } else { en };
    if let Some(m) = missing_inputs(paths, lang) {
        eprintln!("xxgk: {m}");
        return Ok(ExitCode::from(2));
    }
    let manifest = match manifest.map(Manifest::read).transpose() {
        Ok(m) => m.unwrap_or_default(),
        Err((zh, en)) => {
            eprintln!("xxgk: {}", say(zh, en));
            return Ok(ExitCode::from(2));
        }
    };
    // The store and its journal files may sit among the inputs (`ingest .`): they are no reports.
    let own: Vec<PathBuf> =
        ["", "-wal", "-shm", "-journal"].iter().filter_map(|s| std::fs::canonicalize(format!("{}{s}", db.display())).ok()).collect();
    let inputs = files::collect(paths, |p| std::fs::canonicalize(p).map_or(true, |c| !own.contains(&c)));
    if inputs.is_empty() {
        eprintln!("xxgk: {}", no_files(paths, lang));
        return Ok(ExitCode::from(2));
    }
    let mut store = match Store::open(db, BUSY_WAIT) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("xxgk: {}: {e}", db.display());
            return Ok(ExitCode::from(2));
        }
    };
    let pb = progress_bar(inputs.len() as u64);
    let plain = pb.is_hidden();
    let start = Instant::now();
    let mut last_line = Instant::now();
    let mut t = Tally::default();
    let (tx, rx) = sync_channel::<Parsed>(64);
    let show = |zh: &str, en: &str| pb.suspend(|| eprintln!("{}", if lang == Lang::Zh { zh } else { en }));
    let result = std::thread::scope(|scope| -> Result<(), xxgk_store::Error> {
        scope.spawn(|| {
            inputs.par_iter().for_each_init(
                || Store::open_read_only(db).ok(),
                |reader, path| {
                    let known = |sha: &str| reader.as_ref().is_some_and(|r| r.is_current(sha).unwrap_or(false));
                    // The writer has gone (it failed): stop parsing.
                    let _ = tx.send(parse_file(path, &known, &manifest));
                },
            );
            drop(tx);
        });
        // Files are written in batches, one transaction each: a whole file or none of it is
        // ever in the store, and commits stay cheap. A batch closes when the parsers have
        // nothing ready.
        let mut batch: Vec<Item> = Vec::new();
        let mut unreadable: Vec<Unread> = Vec::new();
        loop {
            let next = if batch.is_empty() && unreadable.is_empty() { rx.recv().ok() } else { rx.try_recv().ok() };
            if let Some(parsed) = next {
                t.files += 1;
                pb.inc(1);
                match parsed {
                    Parsed::Known(file) => batch.push(Item { file, format: None, read: Ok(Vec::new()), members_unread: Vec::new(), again: false }),
                    Parsed::Unreadable(u) => {
                        show(&u.zh, &u.en);
                        t.failed += 1;
                        unreadable.push(u);
                    }
                    Parsed::Read(item) => {
                        for u in &item.members_unread {
                            show(&u.zh, &u.en);
                        }
                        t.failed += item.members_unread.len() as u64;
                        batch.push(item);
                    }
                }
                if batch.len() + unreadable.len() < 256 {
                    continue;
                }
            } else if batch.is_empty() && unreadable.is_empty() {
                break;
            }
            for stored in store.put_all(std::mem::take(&mut batch), &std::mem::take(&mut unreadable))? {
                match stored {
                    Stored::Added { reports } => t.reports += reports as u64,
                    Stored::Unchanged => t.unchanged += 1,
                    Stored::Failed { zh, en } => {
                        t.failed += 1;
                        show(&zh, &en);
                    }
                }
            }
            if plain && last_line.elapsed() > Duration::from_secs(5) {
                last_line = Instant::now();
                let rate = t.files as f64 / start.elapsed().as_secs_f64();
                eprintln!("{}", say(format!("导入中：{}/{} 个文件，每秒 {rate:.0} 个", t.files, inputs.len()), format!("ingest: {}/{} files, {rate:.0}/s", t.files, inputs.len())));
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
    println!(
        "{}",
        say(
            format!(
                "已处理 {} 个文件（{:.1} 秒）：新增报告 {} 份，未变化 {} 个，无法读取 {} 个 → {}",
                t.files,
                secs,
                t.reports,
                t.unchanged,
                t.failed,
                db.display()
            ),
            format!("{} files in {:.1} s: {} reports added, {} unchanged, {} unreadable → {}", t.files, secs, t.reports, t.unchanged, t.failed, db.display())
        )
    );
    Ok(if t.failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
