//! Storing one file: its row, its path, its reports with their values, findings and prose —
//! all in one transaction, so a killed ingest leaves either the whole file or none of it.
//!
//! Nothing a reviewer relied on disappears without a trace: a file whose path now holds other
//! content is kept as a former version (its reports superseded, restorable), and a path that
//! could not be read at all is recorded with its reason until it is read or removed.

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use xxgk_core::i18n::Message;
use xxgk_core::TableId;

use crate::prepare::Prepared;

type Layouts = std::collections::HashMap<String, i64>;
use crate::{json, Result, Store, PARSER_VERSION};

/// A file on disk, as ingested.
#[derive(Debug, Clone)]
pub struct FileMeta {
    /// The canonical path (absolute, links resolved), so that one file is one path however it
    /// was typed.
    pub path: String,
    /// The SHA-256 of its content (lowercase hex), by which the store knows a file.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The file's modification time (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`): of two versions of one organ's
    /// report, the newer file is current (see [`crate::versions`]).
    pub modified: Option<String>,
}

/// What storing a file did.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// Already stored by this parser version (only its path was recorded).
    Unchanged,
    /// Stored with this many reports.
    Added {
        /// How many reports the file held.
        reports: usize,
        /// How many documents it held that are not annual reports (NOT-A-REPORT): kept, to be
        /// listed apart with why, but never counted as reports.
        not_reports: usize,
    },
    /// Recorded as unreadable — now, or on an earlier run — with why.
    Failed(Message),
    /// Not stored: a report it holds lies outside the scope of the account importing it.
    Refused(Message),
}

/// A path that could not be read at all (from disk, or an archive member), with why.
#[derive(Debug, Clone)]
pub struct Unread {
    /// The path: a file's canonical path, or an archive member's (`archive.zip!member`).
    pub path: String,
    /// Why it could not be read, as a message of the catalogue.
    pub reason: Message,
}

/// One file to store: what was read from it — its reports, or why it could not be read — and
/// the archive members that could not be read.
#[derive(Debug)]
pub struct Item {
    /// The file as found on disk.
    pub file: FileMeta,
    /// The format its reports were read as (`text`, `pdf`…); `None` when none was read.
    pub format: Option<String>,
    /// Its reports, ready to store, or why none could be read.
    pub read: std::result::Result<Vec<Prepared>, Message>,
    /// Archive members that could not be read.
    pub members_unread: Vec<Unread>,
    /// Store it again even when this content is stored by this parser version (facts from a
    /// manifest changed what is stored with it).
    pub again: bool,
}

/// What a batch touched, for the checks across reports to be refreshed.
#[derive(Default)]
pub(crate) struct Touched {
    pub organs: Vec<i64>,
    /// Content hashes of reports without an organ: their copies are found by hash alone.
    pub shas: Vec<String>,
}

impl Touched {
    fn extend(&mut self, other: Touched) {
        self.organs.extend(other.organs);
        self.shas.extend(other.shas);
    }
}

impl Store {
    /// Whether a file with this content is already stored by this parser version.
    pub fn is_current(&self, sha256: &str) -> Result<bool> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT parser_version FROM files WHERE sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?;
        Ok(v.as_deref() == Some(PARSER_VERSION))
    }

    /// Store files in one transaction: each file whole with all its reports, or — if the
    /// process dies — none of the batch; `unread` records paths that could not be read at all.
    /// Which reports are current, and the checks across reports of the organs touched, are
    /// refreshed in the same transaction.
    pub fn put_all(&mut self, who: &crate::audit::Actor, items: Vec<Item>, unread: &[Unread]) -> Result<Vec<Stored>> {
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(items.len());
        let mut touched = Touched::default();
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS pending_prose (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")?;
        for item in items {
            let path = item.file.path.clone();
            let stored = put_file(&tx, &self.layouts, item, &mut touched)?;
            // Each file's fate is in the trail with the file, in the same transaction; a file
            // already stored as it is changes nothing.
            let fate = match &stored {
                Stored::Added { reports, not_reports } => {
                    Some(serde_json::json!({ "outcome": "added", "reports": reports, "not_reports": not_reports }))
                }
                Stored::Failed(why) => Some(serde_json::json!({ "outcome": "unreadable", "why": why })),
                // Refused before the store: `ingest_within` records it.
                Stored::Unchanged | Stored::Refused(_) => None,
            };
            if let Some(fate) = fate {
                crate::audit::record(&tx, who, "file", &path, None, Some(&fate))?;
            }
            out.push(stored);
        }
        for u in unread {
            record_unread(&tx, u)?;
            let fate = serde_json::json!({ "outcome": "unreadable", "why": u.reason });
            crate::audit::record(&tx, who, "file", &u.path, None, Some(&fate))?;
        }
        // The full-text index takes the batch's prose in one statement: FTS5 writes its
        // pending terms at every statement, and one segment per report would be slow to build
        // and to merge.
        tx.execute_batch(
            "INSERT INTO prose (rowid, text) SELECT id, text FROM pending_prose; DELETE FROM pending_prose;",
        )?;
        crate::versions::dedupe_by_content(&tx, &touched.shas)?;
        touched.organs.sort_unstable();
        touched.organs.dedup();
        crate::cross::refresh(&tx, who, &touched.organs)?;
        tx.commit()?;
        Ok(out)
    }
}

fn record_unread(tx: &Transaction, u: &Unread) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO unread (path, reason, reason_args) VALUES (?1, ?2, ?3)")?
        .execute(params![u.path, u.reason.id, json(&u.reason.args)])?;
    Ok(())
}

fn put_file(tx: &Transaction, layouts: &Layouts, item: Item, touched: &mut Touched) -> Result<Stored> {
    let file = &item.file;
    let existing: Option<(i64, String, Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT id, parser_version, error, error_args FROM files WHERE sha256 = ?1")?
        .query_row([&file.sha256], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    if let Some((id, version, error, args)) = &existing {
        if version == PARSER_VERSION && !item.again {
            record_path(tx, &file.path, *id, touched)?;
            return Ok(match error {
                Some(error) => Stored::Failed(crate::message(error, args.as_deref())),
                None => Stored::Unchanged,
            });
        }
        // Parsed by another version, or stored with other facts: stored again from scratch
        // (corrections and version choices are keyed by content, not by row, and stay).
        touched.extend(touched_by(tx, *id)?);
        tx.execute("DELETE FROM files WHERE id = ?1", [id])?;
    }
    let (error, error_args) = match &item.read {
        Err(m) => (Some(m.id.as_str()), Some(json(&m.args))),
        Ok(_) => (None, None),
    };
    tx.prepare_cached(
        "INSERT INTO files (sha256, size, format, parser_version, error, error_args, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![file.sha256, file.size as i64, item.format, PARSER_VERSION, error, error_args, file.modified])?;
    let file_id = tx.last_insert_rowid();
    record_path(tx, &file.path, file_id, touched)?;
    // The members of this content replace whatever was recorded under its path before.
    tx.prepare_cached("DELETE FROM unread WHERE path LIKE ?1 || '!%' ESCAPE '\\'")?
        .execute([like_escape(&file.path)])?;
    for u in &item.members_unread {
        record_unread(tx, u)?;
    }
    Ok(match item.read {
        Err(m) => Stored::Failed(m),
        Ok(reports) => {
            for p in &reports {
                match put_report(tx, layouts, file_id, p)? {
                    Some(organ) => touched.organs.push(organ),
                    None => touched.shas.push(p.report.source.sha256.clone()),
                }
            }
            let not_reports = reports.iter().filter(|p| !p.report.is_report()).count();
            Stored::Added { reports: reports.len() - not_reports, not_reports }
        }
    })
}

/// `s` with the LIKE wildcards escaped by `\`.
pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// The organs and organless contents of a file's reports.
pub(crate) fn touched_by(tx: &Transaction, file_id: i64) -> Result<Touched> {
    Ok(Touched { organs: organs_of(tx, file_id)?, shas: shas_of(tx, file_id)? })
}

fn organs_of(tx: &Transaction, file_id: i64) -> Result<Vec<i64>> {
    let mut st =
        tx.prepare_cached("SELECT DISTINCT organ_id FROM reports WHERE file_id = ?1 AND organ_id IS NOT NULL")?;
    let ids = st.query_map([file_id], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    Ok(ids)
}

fn shas_of(tx: &Transaction, file_id: i64) -> Result<Vec<String>> {
    let mut st = tx.prepare_cached("SELECT source_sha256 FROM reports WHERE file_id = ?1 AND organ_id IS NULL")?;
    let shas = st.query_map([file_id], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    Ok(shas)
}

/// Point `path` at `file_id`. The content the path held before stays as a former version when
/// it has reports (superseded; see [`crate::versions`]) and goes when it had none.
fn record_path(tx: &Transaction, path: &str, file_id: i64, touched: &mut Touched) -> Result<()> {
    tx.prepare_cached("DELETE FROM unread WHERE path = ?1")?.execute([path])?;
    let old: Option<i64> =
        tx.prepare_cached("SELECT file_id FROM paths WHERE path = ?1")?.query_row([path], |r| r.get(0)).optional()?;
    if old == Some(file_id) {
        return Ok(());
    }
    tx.prepare_cached("INSERT OR REPLACE INTO paths (path, file_id) VALUES (?1, ?2)")?
        .execute(params![path, file_id])?;
    tx.prepare_cached("UPDATE files SET former_path = NULL WHERE id = ?1")?.execute([file_id])?;
    if let Some(old) = old {
        release(tx, old, path, touched)?;
    }
    Ok(())
}

/// A file that `path` no longer points at: kept as a former version of that path when it has
/// reports and no other path holds it, removed when it has none.
pub(crate) fn release(tx: &Transaction, file_id: i64, path: &str, touched: &mut Touched) -> Result<()> {
    let still: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM paths WHERE file_id = ?1)")?
        .query_row([file_id], |r| r.get(0))?;
    if still {
        return Ok(());
    }
    touched.extend(touched_by(tx, file_id)?);
    let has_reports: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM reports WHERE file_id = ?1)")?
        .query_row([file_id], |r| r.get(0))?;
    if has_reports {
        tx.prepare_cached("UPDATE files SET former_path = ?2 WHERE id = ?1")?.execute(params![file_id, path])?;
    } else {
        tx.prepare_cached("DELETE FROM files WHERE id = ?1")?.execute([file_id])?;
    }
    Ok(())
}

fn put_report(tx: &Transaction, layouts: &Layouts, file_id: i64, p: &Prepared) -> Result<Option<i64>> {
    let r = &p.report;
    let organ = match (&p.name_key, &r.agency) {
        (Some(key), Some(agency)) if r.is_report() => {
            Some(crate::organs::resolve(tx, key, agency, r.level.map(xxgk_core::organ::Level::key))?)
        }
        _ => None,
    };
    let complete = |id: TableId| r.table(id).is_some_and(|t| t.complete);
    tx.prepare_cached(
        // Not current until the version rules say so ([`crate::versions`]): a report read again
        // never looks, to them, like the one that counted before.
        "INSERT INTO reports (file_id, source_path, source_sha256, format, organ_id, name_key, agency, year, template, published,
                              index_no, complete_table2, complete_table3, complete_table4, proactive_total, applications_received, url, level, stated, current)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 0)",
    )?
    .execute(params![
        file_id,
        r.source.path,
        r.source.sha256,
        r.source.format,
        organ,
        p.name_key,
        r.agency,
        r.year,
        r.template.as_str(),
        r.published,
        r.index_no,
        complete(TableId::Table2),
        complete(TableId::Table3),
        complete(TableId::Table4),
        r.narrative.proactive_total.as_ref().map(|f| f.value),
        r.narrative.applications_received.as_ref().map(|f| f.value),
        p.url,
        r.level.map(xxgk_core::organ::Level::key),
        stated_json(&r.narrative.stated),
    ])?;
    let id = tx.last_insert_rowid();
    let mut rows =
        tx.prepare_cached("INSERT INTO report_rows (report_id, tbl, row, layout, vals, raw, provenance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for v in &p.rows {
        rows.execute(params![id, v.table, v.row, layouts.get(&v.layout).copied(), v.vals, v.raw, v.provenance])?;
    }
    let mut findings = tx.prepare_cached(
        "INSERT INTO findings (report_id, scope, code, severity, message, args, location, cells)
         VALUES (?1, 'report', ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for d in &r.diagnostics {
        let location = d.span.as_ref().and_then(|s| serde_json::to_string(s).ok());
        let cells = (!d.cells.is_empty()).then(|| serde_json::to_string(&d.cells).unwrap_or_default());
        let args = serde_json::to_string(&d.args).unwrap_or_default();
        findings.execute(params![id, d.code, d.severity.as_str(), d.message, args, location, cells])?;
    }
    if !r.prose.is_empty() {
        tx.prepare_cached("INSERT INTO pending_prose (id, text) VALUES (?1, ?2)")?.execute(params![id, r.prose])?;
    }
    Ok(organ)
}

/// The text's further figures as the store keeps them: `[{"what": …, "value": …}]`, or NULL.
fn stated_json(stated: &[xxgk_core::report::Stated]) -> Option<String> {
    let items: Vec<serde_json::Value> =
        stated.iter().map(|s| serde_json::json!({"what": s.what, "value": s.value})).collect();
    (!items.is_empty()).then(|| serde_json::Value::from(items).to_string())
}
