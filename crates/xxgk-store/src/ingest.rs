//! Files into the store — parsed in parallel, written by one thread in batches of one
//! transaction each, unchanged files skipped by content hash. `xxgk ingest` and the workspace's
//! import both run this, each showing its progress its own way.
//!
//! Every path is stored canonical (absolute, links resolved), so `in/`, `./in` and the absolute
//! folder are one set of files. Every path that could not be read is recorded with its reason.

use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use xxgk_core::i18n::Message;

use crate::manifest::Manifest;
use crate::{prepare, FileMeta, Item, Result, Store, Stored, Unread};

/// A path as the store names it: canonical where it exists.
pub fn canonical(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

/// The file's modification time, to the nanosecond and in a fixed width, so that times compare
/// as strings.
/// Whether a file named `name` (a path, or a name as a browser sent it with its folders) sits
/// beside the reports rather than being one: the expected-output files of a corpus
/// (`X.expected.json`) and hidden files (`.DS_Store`, a folder's `.git`). Every way in — the
/// command line's folders and the workspace's uploads — leaves them out by this one rule.
pub fn is_sidecar(name: &str) -> bool {
    let mut parts = name.rsplit(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..");
    let last = parts.next().unwrap_or_default();
    last.ends_with(".expected.json") || last.starts_with('.') || parts.any(|dir| dir.starts_with('.'))
}

fn modified(path: &Path) -> Option<String> {
    let t = jiff::Timestamp::try_from(std::fs::metadata(path).ok()?.modified().ok()?).ok()?;
    Some(format!("{}.{:09}Z", t.strftime("%Y-%m-%dT%H:%M:%S"), t.subsec_nanosecond()))
}

fn unread(e: &xxgk_read::ReadError) -> Unread {
    Unread { path: e.path.clone(), reason: e.message() }
}

/// What the parsing threads hand to the writer.
enum Parsed {
    /// Stored already by this parser version.
    Known(FileMeta),
    Read(Item),
    /// Not readable at all: from disk, or by this installation (a Word 97 file without
    /// LibreOffice, recorded by path so that a later run tries again).
    Unreadable(Unread),
}

/// Read the file at `path`, unless `known` says its content is stored by this reader already:
/// each report with the facts `manifest` gives its path, else those a reviewer gave its content
/// (`given`).
fn parse_file(
    path: &Path,
    known: &dyn Fn(&str) -> bool,
    given: &dyn Fn(&str) -> Option<crate::manifest::Entry>,
    manifest: &Manifest,
    budget: std::time::Duration,
) -> Parsed {
    let name = canonical(path);
    // Read by the path itself: a name that is not UTF-8 (a GBK name from a Windows archive) is
    // stored as it displays, but only the path's own bytes open the file.
    let exact = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let bytes = match xxgk_read::read_file_bytes(&exact) {
        Ok(b) => b,
        Err(e) => return Parsed::Unreadable(unread(&e)),
    };
    let meta = FileMeta {
        path: name.clone(),
        sha256: xxgk_read::hex_sha256(&bytes),
        size: bytes.len() as u64,
        modified: modified(path),
    };
    // Facts given for this file are stored with it: a stored file is read again to take them.
    let again = manifest.get(&name).is_some();
    if known(&meta.sha256) && !again {
        return Parsed::Known(meta);
    }
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut format = None;
    let read =
        xxgk_read::read_all_within(&name, bytes, budget, |doc, source| (xxgk_core::extracted(&doc, source), doc));
    for r in read {
        match r {
            Ok((mut report, doc)) => {
                format.get_or_insert_with(|| report.source.format.clone());
                let entry = manifest
                    .get(&report.source.path)
                    .cloned()
                    .or_else(|| given(&report.source.sha256))
                    .unwrap_or_default();
                xxgk_core::checked(&mut report, &entry.facts);
                reports.push(prepare(report, &doc, entry.url));
            }
            Err(e) if matches!(e.kind, xxgk_read::ReadErrorKind::TooSlow(_)) => return Parsed::Unreadable(unread(&e)),
            Err(e) => errors.push(e),
        }
    }
    if reports.is_empty() && errors.first().is_some_and(|e| e.is_unsupported()) {
        return Parsed::Unreadable(unread(&errors[0]));
    }
    let read = if reports.is_empty() {
        Err(errors.first().map_or_else(
            || xxgk_core::i18n::Message::new("read-no-report").with("path", name.as_str()),
            |e| e.message(),
        ))
    } else {
        Ok(reports)
    };
    // A file without reports is reported by its first error (stored as its error); the other
    // errors are its archive members'.
    let members_unread = errors.iter().skip(usize::from(read.is_err())).map(unread).collect();
    Parsed::Read(Item { file: meta, format, read, members_unread, again })
}

/// What became of one input file.
#[derive(Debug, Clone)]
pub struct FileDone {
    /// The canonical path.
    pub path: String,
    /// What storing it did.
    pub stored: Stored,
    /// Archive members that could not be read.
    pub members_unread: Vec<Unread>,
}

/// Counts of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    /// Files handled: stored, unchanged or unreadable.
    pub files: u64,
    /// Files already stored by this parser version, skipped.
    pub unchanged: u64,
    /// Reports stored from the files read.
    pub reports: u64,
    /// Documents read that are not annual reports (NOT-A-REPORT), kept apart.
    pub not_reports: u64,
    /// Files and archive members that could not be read.
    pub failed: u64,
    /// Files not stored: outside the importing account's scope.
    pub refused: u64,
}

impl Tally {
    fn add(&mut self, done: &FileDone) {
        self.files += 1;
        self.failed += done.members_unread.len() as u64;
        match &done.stored {
            Stored::Added { reports, not_reports } => {
                self.reports += *reports as u64;
                self.not_reports += *not_reports as u64;
            }
            Stored::Unchanged => self.unchanged += 1,
            Stored::Failed { .. } => self.failed += 1,
            Stored::Refused(_) => self.refused += 1,
        }
    }
}

/// Batches close at this many files, or when the parsers have nothing ready.
const BATCH: usize = 256;

/// How a run ingests: with what facts, as whom, within what, bounded how.
#[derive(Clone, Copy)]
pub struct How<'a> {
    /// Facts about the files from outside them (publication dates, URLs…).
    pub manifest: &'a Manifest,
    /// Who the audit trail records.
    pub who: &'a crate::audit::Actor,
    /// The importing account's scope: a file holding a report outside it is not stored but
    /// refused ([`Stored::Refused`]), so that a county's reviewer cannot bring in, or replace,
    /// another county's report. `None`: anything.
    pub within: Option<&'a crate::accounts::Scope>,
    /// How long one file may take to read ([`xxgk_read::FILE_BUDGET`] unless a caller bounds it
    /// otherwise): past it the file is recorded unreadable (TOO-SLOW) and the run goes on.
    pub budget: std::time::Duration,
    /// Set from outside to stop the run: the files not yet parsed are left, the ones written stay.
    pub cancel: Option<&'a std::sync::atomic::AtomicBool>,
}

impl<'a> How<'a> {
    /// The whole store's run, as `who`, with `manifest`, bounded by the default budget.
    pub fn new(manifest: &'a Manifest, who: &'a crate::audit::Actor) -> How<'a> {
        How { manifest, who, within: None, budget: xxgk_read::FILE_BUDGET, cancel: None }
    }
}

/// Parse `inputs` (files, not folders) and store them in the store at `db` as `who`, calling
/// `on_file` as each file's fate is written — in the order they are written, not the order
/// given. Each file added or found unreadable is in the audit trail.
pub fn ingest(
    db: &Path,
    inputs: &[PathBuf],
    manifest: &Manifest,
    who: &crate::audit::Actor,
    on_file: &mut dyn FnMut(&FileDone, &Tally),
) -> Result<Tally> {
    ingest_with(db, inputs, How::new(manifest, who), on_file)
}

/// [`ingest`], as `how` says.
pub fn ingest_with(
    db: &Path,
    inputs: &[PathBuf],
    how: How<'_>,
    on_file: &mut dyn FnMut(&FileDone, &Tally),
) -> Result<Tally> {
    let How { manifest, who, within, budget, cancel } = how;
    let cancelled = || cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
    let mut store = Store::open(db, crate::BUSY_WAIT)?;
    let mut tally = Tally::default();
    let (tx, rx) = sync_channel::<Parsed>(64);
    std::thread::scope(|scope| -> Result<()> {
        // Owned here, so that a failing writer drops it and the parsers' sends fail at once.
        let rx = rx;
        scope.spawn(|| {
            inputs.par_iter().for_each_init(
                || Store::open_read_only(db).ok(),
                |reader, path| {
                    if cancelled() {
                        return;
                    }
                    let known = |sha: &str| reader.as_ref().is_some_and(|r| r.is_current(sha).unwrap_or(false));
                    let given =
                        |sha: &str| reader.as_ref().and_then(|r| crate::facts::given(&r.conn, sha).ok().flatten());
                    // The writer has gone (it failed): stop parsing.
                    let _ = tx.send(parse_file(path, &known, &given, manifest, budget));
                },
            );
            drop(tx);
        });
        // Files are written in batches, one transaction each: a whole file or none of it is
        // ever in the store, and commits stay cheap.
        let mut batch: Vec<Item> = Vec::new();
        let mut unreadable: Vec<Unread> = Vec::new();
        // Per file of the batch, in order: its path and members, or (None) an unreadable path.
        let mut order: Vec<(String, Vec<Unread>)> = Vec::new();
        loop {
            let next = if batch.is_empty() && unreadable.is_empty() { rx.recv().ok() } else { rx.try_recv().ok() };
            if let Some(parsed) = next {
                match parsed {
                    Parsed::Known(file) => {
                        order.push((file.path.clone(), Vec::new()));
                        batch.push(Item {
                            file,
                            format: None,
                            read: Ok(Vec::new()),
                            members_unread: Vec::new(),
                            again: false,
                        });
                    }
                    Parsed::Unreadable(u) => unreadable.push(u),
                    Parsed::Read(item) => {
                        let outside = within.and_then(|scope| {
                            let reports = item.read.as_ref().ok()?;
                            let agency =
                                reports.iter().map(|p| p.report.agency.as_deref()).find(|a| !scope.admits(*a))?;
                            Some(Message::new("store-outside-scope").with("organ", agency.unwrap_or("")))
                        });
                        if let Some(why) = outside {
                            let fate = serde_json::json!({ "outcome": "refused", "why": &why });
                            crate::audit::record(&store.conn, who, "file", &item.file.path, None, Some(&fate))?;
                            let done = FileDone {
                                path: item.file.path,
                                stored: Stored::Refused(why),
                                members_unread: Vec::new(),
                            };
                            tally.add(&done);
                            on_file(&done, &tally);
                            continue;
                        }
                        order.push((item.file.path.clone(), item.members_unread.clone()));
                        batch.push(item);
                    }
                }
                if batch.len() + unreadable.len() < BATCH {
                    continue;
                }
            } else if batch.is_empty() && unreadable.is_empty() {
                break;
            }
            let written = std::mem::take(&mut unreadable);
            let stored = store.put_all(who, std::mem::take(&mut batch), &written)?;
            for ((path, members_unread), stored) in order.drain(..).zip(stored) {
                let done = FileDone { path, stored, members_unread };
                tally.add(&done);
                on_file(&done, &tally);
            }
            for u in written {
                let done = FileDone { path: u.path, stored: Stored::Failed(u.reason), members_unread: Vec::new() };
                tally.add(&done);
                on_file(&done, &tally);
            }
        }
        Ok(())
    })?;
    Ok(tally)
}
