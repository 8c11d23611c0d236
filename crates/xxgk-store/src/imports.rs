//! Imports from the workspace, kept in the store so that they outlive the server that ran them:
//! a server killed in the middle finds, when it starts again, the files it had still to read and
//! reads them; an import cancelled keeps what it wrote; the history of imports is a page.
//!
//! Each file an import received has a row from the start — its name as the browser sent it and
//! where it was saved — and its fate once written (`added`, `unchanged`, `unreadable`,
//! `refused`, `not_report`, `sidecar`, `cancelled`); a row without a fate is a file still to
//! read. Reasons are kept as messages of the catalogue, worded when shown.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use xxgk_core::i18n::Message;
use xxgk_core::Lang;

use crate::accounts::Scope;
use crate::audit::Actor;
use crate::{Result, Store};

/// An import being read (or left so by a server that stopped: it resumes).
pub const RUNNING: &str = "running";
/// An import whose every file has its fate.
pub const DONE: &str = "done";
/// An import the store could not be written for.
pub const FAILED: &str = "failed";
/// An import a reviewer stopped: what it wrote stays.
pub const CANCELLED: &str = "cancelled";

/// One file of an import as it begins.
pub struct Received {
    /// The name the browser gave, its folder path included.
    pub name: String,
    /// Where it was saved (canonical); `None` for a file never saved (over the size limit, a
    /// sidecar).
    pub path: Option<String>,
    /// Its fate when it has one already (`refused`, `sidecar`), with why.
    pub outcome: Option<(&'static str, Message)>,
}

/// Record an import begun by `who` within `within`, with its `manifest` (the text as sent) and
/// its files; returns its id.
pub fn begin(
    store: &mut Store,
    who: &Actor,
    within: Option<&Scope>,
    manifest: Option<&str>,
    files: &[Received],
) -> Result<i64> {
    let tx = store.conn.transaction()?;
    let scope = within.map(|s| serde_json::to_string(s).unwrap_or_default());
    tx.execute(
        "INSERT INTO imports (who, address, scope, manifest, state) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![who.name, who.address, scope, manifest, RUNNING],
    )?;
    let id = tx.last_insert_rowid();
    {
        let mut st = tx.prepare(
            "INSERT INTO import_files (import_id, seq, name, path, outcome, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (seq, f) in files.iter().enumerate() {
            let (outcome, reason) = f.outcome.as_ref().map(|(o, m)| (*o, message_json(m))).unzip();
            st.execute(params![id, seq as i64, f.name, f.path, outcome, reason])?;
        }
    }
    crate::audit::record(
        &tx,
        who,
        "import",
        &id.to_string(),
        None,
        Some(&serde_json::json!({ "files": files.len() })),
    )?;
    tx.commit()?;
    Ok(id)
}

fn message_json(m: &Message) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

fn message_of(json: Option<String>) -> Option<Message> {
    json.and_then(|j| serde_json::from_str(&j).ok())
}

/// The fate of the file saved at `path` in import `id`: the first of its rows still without
/// one (a browser may send one content twice).
pub fn record(
    store: &Store,
    id: i64,
    path: &str,
    outcome: &str,
    reports: usize,
    reason: Option<&Message>,
    members: &[(String, Message)],
) -> Result<()> {
    let members = (!members.is_empty()).then(|| {
        serde_json::to_string(
            &members.iter().map(|(n, m)| serde_json::json!({ "name": n, "reason": m })).collect::<Vec<_>>(),
        )
        .unwrap_or_default()
    });
    store.conn.execute(
        "UPDATE import_files SET outcome = ?3, reports = ?4, reason = ?5, members = ?6
         WHERE import_id = ?1 AND seq = (SELECT min(seq) FROM import_files WHERE import_id = ?1 AND path = ?2 AND outcome IS NULL)",
        params![id, path, outcome, reports as i64, reason.map(message_json), members],
    )?;
    Ok(())
}

/// `who` asked that import `id` stop: recorded in the trail (the import itself ends as
/// [`CANCELLED`] when its run sees the request).
pub fn cancel_asked(store: &Store, id: i64, who: &Actor) -> Result<()> {
    crate::audit::record(&store.conn, who, "import-cancel", &id.to_string(), None, None)
}

/// The files of import `id` it did not reach, said to be `cancelled`; returns the paths of
/// their uploads that nothing else holds (no stored file, no other import still to read them),
/// for the caller to remove.
pub fn left_unread(store: &Store, id: i64) -> Result<Vec<String>> {
    let paths: Vec<String> = store
        .conn
        .prepare("SELECT path FROM import_files WHERE import_id = ?1 AND outcome IS NULL AND path IS NOT NULL")?
        .query_map([id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    store
        .conn
        .execute("UPDATE import_files SET outcome = 'cancelled' WHERE import_id = ?1 AND outcome IS NULL", [id])?;
    let kept = kept_paths(store)?;
    Ok(paths.into_iter().filter(|p| !kept.contains(p)).collect())
}

/// End import `id` in `state` (`done`, `failed` with `error`, `cancelled`); the files a failed
/// import did not reach stay to be read (it is resumed no more, but they are listed).
pub fn finish(store: &Store, id: i64, state: &str, error: Option<&Message>) -> Result<()> {
    store.conn.execute(
        "UPDATE imports SET state = ?2, error = ?3, finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        params![id, state, error.map(message_json)],
    )?;
    Ok(())
}

/// One import as its page shows it, worded in a language.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// The import's number.
    pub id: i64,
    /// `running`, `done`, `failed` or `cancelled`.
    pub state: String,
    /// Who started it.
    pub who: String,
    /// When it started (北京时间, `2026-12-08 10:51:18`).
    pub started_at: String,
    /// When it ended, if it has (北京时间).
    pub finished_at: Option<String>,
    /// Files received.
    pub total: usize,
    /// Files whose fate is written.
    pub done: usize,
    /// Reports stored.
    pub reports: u64,
    /// Files stored before, unchanged.
    pub unchanged: u64,
    /// Files and archive members that could not be read, and files refused.
    pub unreadable: u64,
    /// Documents that are not annual reports (NOT-A-REPORT): kept apart, counted nowhere.
    pub not_reports: u64,
    /// Files left out as the command line leaves them out: sidecars and hidden files.
    pub sidecars: u64,
    /// Files left unread when it was cancelled.
    pub cancelled: u64,
    /// Why the import failed.
    pub error: Option<String>,
    /// The files whose fate is written, in the order received.
    pub files: Vec<FileResult>,
}

/// What became of one file of an import.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    /// The name the browser gave (its folder path included).
    pub name: String,
    /// `added`, `unchanged`, `unreadable`, `refused`, `not_report`, `sidecar`, `cancelled`, or
    /// `pending` (still to be read).
    pub outcome: String,
    /// Reports stored from it.
    pub reports: usize,
    /// Why it was not read, refused or left out.
    pub reason: Option<String>,
    /// Archive members that could not be read, with why.
    pub members: Vec<Member>,
}

/// An archive member that could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Its name inside the archive.
    pub name: String,
    /// Why it could not be read.
    pub reason: String,
}

/// Import `id` with its files, worded in `lang`; `None` when there is no such import.
pub fn job(store: &Store, id: i64, lang: Lang) -> Result<Option<Job>> {
    let Some(mut job) = store
        .conn
        .query_row("SELECT id, state, who, started_at, finished_at, error FROM imports WHERE id = ?1", [id], |r| {
            Ok(Job {
                id: r.get(0)?,
                state: r.get(1)?,
                who: r.get(2)?,
                started_at: crate::audit::beijing(&r.get::<_, String>(3)?),
                finished_at: r.get::<_, Option<String>>(4)?.map(|t| crate::audit::beijing(&t)),
                error: message_of(r.get(5)?).map(|m| m.words(lang)),
                total: 0,
                done: 0,
                reports: 0,
                unchanged: 0,
                unreadable: 0,
                not_reports: 0,
                sidecars: 0,
                cancelled: 0,
                files: Vec::new(),
            })
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = store.conn.prepare(
        "SELECT name, coalesce(outcome, 'pending'), reports, reason, members FROM import_files WHERE import_id = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (name, outcome, reports, reason, members) = row?;
        let members: Vec<Member> = members
            .and_then(|m| serde_json::from_str::<Vec<serde_json::Value>>(&m).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|m| Member {
                name: m["name"].as_str().unwrap_or_default().to_string(),
                reason: serde_json::from_value::<Message>(m["reason"].clone())
                    .map(|m| m.words(lang))
                    .unwrap_or_default(),
            })
            .collect();
        job.total += 1;
        job.unreadable += members.len() as u64;
        match outcome.as_str() {
            "pending" => {}
            "added" => job.reports += reports as u64,
            "unchanged" => job.unchanged += 1,
            "unreadable" | "refused" => job.unreadable += 1,
            "not_report" => job.not_reports += 1,
            "sidecar" => job.sidecars += 1,
            "cancelled" => job.cancelled += 1,
            _ => {}
        }
        if outcome == "pending" {
            continue;
        }
        job.done += 1;
        let reason = message_of(reason).map(|m| m.words(lang));
        job.files.push(FileResult { name, outcome, reports: reports as usize, reason, members });
    }
    Ok(Some(job))
}

/// The imports, newest first, at most `limit`: those `who` started, or everyone's for `None`.
pub fn history(store: &Store, who: Option<&str>, limit: usize, lang: Lang) -> Result<Vec<Job>> {
    let ids: Vec<i64> = store
        .conn
        .prepare("SELECT id FROM imports WHERE ?1 IS NULL OR who = ?1 ORDER BY id DESC LIMIT ?2")?
        .query_map(params![who, limit as i64], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(mut job) = job(store, id, lang)? {
            // The list shows counts; each import's page, its files.
            job.files.clear();
            out.push(job);
        }
    }
    Ok(out)
}

/// An import a server left running when it stopped, as it is to be resumed.
pub struct Unfinished {
    /// The import's number.
    pub id: i64,
    /// Who started it, whom the files are written as.
    pub who: Actor,
    /// The scope it was started within.
    pub within: Option<Scope>,
    /// The manifest sent with it, as sent.
    pub manifest: Option<String>,
    /// Every file it received: (the name sent, where it was saved).
    pub saved: Vec<(String, String)>,
    /// The saved paths still to read.
    pub pending: Vec<String>,
}

/// The imports still `running`: a server that starts is the only one that runs imports, so
/// these were left by one that stopped.
pub fn unfinished(store: &Store) -> Result<Vec<Unfinished>> {
    let heads: Vec<(i64, String, String, Option<String>, Option<String>)> = store
        .conn
        .prepare("SELECT id, who, address, scope, manifest FROM imports WHERE state = ?1 ORDER BY id")?
        .query_map([RUNNING], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, name, address, scope, manifest) in heads {
        let mut st = store
            .conn
            .prepare("SELECT name, path, outcome IS NULL FROM import_files WHERE import_id = ?1 AND path IS NOT NULL ORDER BY seq")?;
        let files: Vec<(String, String, bool)> =
            st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<_, _>>()?;
        out.push(Unfinished {
            id,
            who: Actor { name, address },
            within: scope.and_then(|s| serde_json::from_str(&s).ok()),
            manifest,
            pending: files.iter().filter(|f| f.2).map(|f| f.1.clone()).collect(),
            saved: files.into_iter().map(|(n, p, _)| (n, p)).collect(),
        });
    }
    Ok(out)
}

/// Every path an upload may be kept for: a file the store holds (read or unreadable), or one an
/// unfinished import has still to read. Anything else in the uploads' folder is left over.
pub fn kept_paths(store: &Store) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for sql in [
        "SELECT path FROM paths",
        "SELECT path FROM unread",
        "SELECT f.path FROM import_files f JOIN imports i ON i.id = f.import_id WHERE f.path IS NOT NULL AND f.outcome IS NULL AND i.state = 'running'",
    ] {
        let mut st = store.conn.prepare(sql)?;
        for p in st.query_map([], |r| r.get::<_, String>(0))? {
            out.insert(p?);
        }
    }
    Ok(out)
}
