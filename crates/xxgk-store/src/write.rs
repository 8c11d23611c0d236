//! Storing one file: its row, its path, its reports with their values, findings and prose —
//! all in one transaction, so a killed ingest leaves either the whole file or none of it.

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use xxgk_core::{Lang, TableId};

use crate::prepare::Prepared;

type Layouts = std::collections::HashMap<String, i64>;
use crate::{Result, Store, PARSER_VERSION};

/// A file on disk, as ingested.
#[derive(Debug, Clone)]
pub struct FileMeta {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// What storing a file did.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// Already stored by this parser version (only its path was recorded).
    Unchanged,
    /// Stored with this many reports.
    Added { reports: usize },
    /// Recorded as unreadable.
    Failed,
}

/// One file to store: what was read from it — its reports, or why it could not be read
/// (Chinese, English).
#[derive(Debug)]
pub struct Item {
    pub file: FileMeta,
    pub format: Option<String>,
    pub read: std::result::Result<Vec<Prepared>, (String, String)>,
}

impl Store {
    /// Whether a file with this content is already stored by this parser version.
    pub fn is_current(&self, sha256: &str) -> Result<bool> {
        let v: Option<String> =
            self.conn.query_row("SELECT parser_version FROM files WHERE sha256 = ?1", [sha256], |r| r.get(0)).optional()?;
        Ok(v.as_deref() == Some(PARSER_VERSION))
    }

    /// Store files in one transaction: each file whole with all its reports, or — if the
    /// process dies — none of the batch. Cross-report checks of the organs touched are
    /// refreshed in the same transaction.
    pub fn put_all(&mut self, items: Vec<Item>) -> Result<Vec<Stored>> {
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(items.len());
        let mut touched = Vec::new();
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS pending_prose (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")?;
        for item in items {
            let stored = put_file(&tx, &self.layouts, item, &mut touched)?;
            out.push(stored);
        }
        // The full-text index takes the batch's prose in one statement: FTS5 writes its
        // pending terms at every statement, and one segment per report would be slow to build
        // and to merge.
        tx.execute_batch("INSERT INTO prose (rowid, text) SELECT id, text FROM pending_prose; DELETE FROM pending_prose;")?;
        touched.sort_unstable();
        touched.dedup();
        crate::cross::refresh(&tx, &touched)?;
        tx.commit()?;
        Ok(out)
    }
}

fn put_file(tx: &Transaction, layouts: &Layouts, item: Item, touched: &mut Vec<i64>) -> Result<Stored> {
    let file = &item.file;
    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, parser_version FROM files WHERE sha256 = ?1")?
        .query_row([&file.sha256], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, version)) = &existing {
        if version == PARSER_VERSION {
            record_path(tx, &file.path, *id, touched)?;
            return Ok(Stored::Unchanged);
        }
        // Parsed by another version: parse again from scratch (corrections are keyed by
        // content, not by row, and stay).
        touched.extend(organs_of(tx, *id)?);
        tx.execute("DELETE FROM files WHERE id = ?1", [id])?;
    }
    let (err_zh, err_en) = match &item.read {
        Err((zh, en)) => (Some(zh.as_str()), Some(en.as_str())),
        Ok(_) => (None, None),
    };
    tx.prepare_cached("INSERT INTO files (sha256, size, format, parser_version, error_zh, error_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![file.sha256, file.size as i64, item.format, PARSER_VERSION, err_zh, err_en])?;
    let file_id = tx.last_insert_rowid();
    record_path(tx, &file.path, file_id, touched)?;
    Ok(match item.read {
        Err(_) => Stored::Failed,
        Ok(reports) => {
            for p in &reports {
                touched.extend(put_report(tx, layouts, file_id, p)?);
            }
            Stored::Added { reports: reports.len() }
        }
    })
}

fn organs_of(tx: &Transaction, file_id: i64) -> Result<Vec<i64>> {
    let mut st = tx.prepare_cached("SELECT DISTINCT organ_id FROM reports WHERE file_id = ?1 AND organ_id IS NOT NULL")?;
    let ids = st.query_map([file_id], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    Ok(ids)
}

/// Point `path` at `file_id`; a file no path points at any more (replaced by a new version)
/// goes, with its reports.
fn record_path(tx: &Transaction, path: &str, file_id: i64, touched: &mut Vec<i64>) -> Result<()> {
    let old: Option<i64> = tx.prepare_cached("SELECT file_id FROM paths WHERE path = ?1")?.query_row([path], |r| r.get(0)).optional()?;
    if old == Some(file_id) {
        return Ok(());
    }
    tx.prepare_cached("INSERT OR REPLACE INTO paths (path, file_id) VALUES (?1, ?2)")?.execute(params![path, file_id])?;
    if let Some(old) = old {
        let organs = organs_of(tx, old)?;
        let gone = tx.execute("DELETE FROM files WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM paths WHERE file_id = ?1)", [old])?;
        if gone > 0 {
            touched.extend(organs);
        }
    }
    Ok(())
}

fn put_report(tx: &Transaction, layouts: &Layouts, file_id: i64, p: &Prepared) -> Result<Option<i64>> {
    let r = &p.report;
    let organ = match (&p.name_key, &r.agency) {
        (Some(key), Some(agency)) => Some(crate::organs::resolve(tx, key, agency)?),
        _ => None,
    };
    let complete = |id: TableId| r.table(id).is_some_and(|t| t.complete);
    tx.prepare_cached(
        "INSERT INTO reports (file_id, source_path, source_sha256, format, organ_id, name_key, agency, year, template, published,
                              index_no, complete_table2, complete_table3, complete_table4, proactive_total, applications_received)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
    ])?;
    let id = tx.last_insert_rowid();
    let mut rows =
        tx.prepare_cached("INSERT INTO report_rows (report_id, tbl, row, layout, vals, raw, provenance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for v in &p.rows {
        rows.execute(params![id, v.table, v.row, layouts.get(&v.layout).copied(), v.vals, v.raw, v.provenance])?;
    }
    let mut findings = tx.prepare_cached(
        "INSERT INTO findings (report_id, scope, code, severity, message_zh, message_en, location, cells)
         VALUES (?1, 'report', ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for d in &r.diagnostics {
        let location = d.span.as_ref().and_then(|s| serde_json::to_string(s).ok());
        let cells = (!d.cells.is_empty()).then(|| serde_json::to_string(&d.cells).unwrap_or_default());
        findings.execute(params![id, d.code, d.severity.as_str(), d.message(Lang::Zh), d.message(Lang::En), location, cells])?;
    }
    if !r.prose.is_empty() {
        tx.prepare_cached("INSERT INTO pending_prose (id, text) VALUES (?1, ?2)")?.execute(params![id, r.prose])?;
    }
    Ok(organ)
}
