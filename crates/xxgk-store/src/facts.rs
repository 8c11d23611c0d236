//! Facts a reviewer gives a report — its organ, level, publication date and URL — where the
//! document does not state them or states them wrongly (a PDF without its 发布日期, a portal
//! that names the organ only in its column). Like a manifest's facts they replace what the
//! document says; unlike them they are kept by the report's content, so that every copy of it,
//! and every later reading of it (a newer reader, a file imported again), takes them.
//!
//! Giving facts reads the report again at once, so the checks that depend on them — LATE on a
//! publication date, the organ's other years on its name — follow immediately.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use xxgk_core::organ::Level;
use xxgk_core::Facts;

use crate::audit::Actor;
use crate::manifest::{Entry, Manifest};
use crate::{Refusal, Result, Store};

/// Facts as a reviewer gives them: each `None` leaves the document's own.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Given {
    /// The organ's name.
    pub organ: Option<String>,
    /// `province`, `city`, `county`, `township` (or 省级, 市级…).
    pub level: Option<String>,
    /// `YYYY-MM-DD` (or 2024年1月20日…).
    pub published: Option<String>,
    /// Where the report was published.
    pub url: Option<String>,
}

impl Given {
    /// Trimmed, blanks as `None`.
    fn tidy(self) -> Given {
        let t = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Given { organ: t(self.organ), level: t(self.level), published: t(self.published), url: t(self.url) }
    }

    /// The facts as a manifest entry gives them, or why one cannot be taken.
    fn entry(&self) -> std::result::Result<Entry, Refusal> {
        let published = match &self.published {
            None => None,
            Some(d) => {
                let d = xxgk_core::normalize::date(d)
                    .ok_or_else(|| Refusal::new("store-facts-date").with("value", d.as_str()))?;
                if d > crate::manifest::today() {
                    return Err(Refusal::new("store-facts-future").with("value", d));
                }
                Some(d)
            }
        };
        let level = match &self.level {
            None => None,
            Some(l) => {
                Some(Level::parse(l).ok_or_else(|| Refusal::new("store-facts-level").with("value", l.as_str()))?)
            }
        };
        if let Some(u) = &self.url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(Refusal::new("store-facts-url").with("value", u.as_str()));
            }
        }
        Ok(Entry { facts: Facts { agency: self.organ.clone(), published, level }, url: self.url.clone() })
    }
}

/// The facts given for the content `sha256`, as a manifest entry (`None`: none given).
pub(crate) fn given(conn: &Connection, sha256: &str) -> Result<Option<Entry>> {
    let row: Option<Given> = conn
        .prepare_cached("SELECT organ, level, published, url FROM facts WHERE report_sha256 = ?1")?
        .query_row([sha256], |r| Ok(Given { organ: r.get(0)?, level: r.get(1)?, published: r.get(2)?, url: r.get(3)? }))
        .optional()?;
    // Checked when given: a row that no longer reads (edited by hand) gives nothing.
    Ok(row.and_then(|g| g.entry().ok()))
}

/// The facts given for report `id`'s content (each `None`: none given).
fn given_to(store: &Store, id: i64) -> Result<Given> {
    Ok(store
        .conn
        .query_row(
            "SELECT g.organ, g.level, g.published, g.url FROM facts g JOIN reports r ON r.source_sha256 = g.report_sha256 WHERE r.id = ?1",
            [id],
            |r| Ok(Given { organ: r.get(0)?, level: r.get(1)?, published: r.get(2)?, url: r.get(3)? }),
        )
        .optional()?
        .unwrap_or_default())
}

/// The facts report `id` stands on now — given, or the document's own — as the page's form
/// shows them to be corrected.
pub fn of_report(store: &Store, id: i64) -> Result<Given> {
    Ok(store
        .conn
        .query_row("SELECT agency, level, published, url FROM reports WHERE id = ?1", [id], |r| {
            Ok(Given { organ: r.get(0)?, level: r.get(1)?, published: r.get(2)?, url: r.get(3)? })
        })
        .optional()?
        .unwrap_or_default())
}

/// Give report `id` the facts `given`, for `reason`, as `who`: kept by its content, audited
/// (`facts`, the facts before and after), and the report read again with them. Returns the id
/// of the report as read again, or why the facts were refused.
pub fn give(db: &Path, who: &Actor, id: i64, given: Given, reason: &str) -> Result<std::result::Result<i64, Refusal>> {
    let given = given.tidy();
    if reason.trim().is_empty() {
        return Ok(Err(Refusal::new("store-facts-reason")));
    }
    let entry = match given.entry() {
        Ok(e) => e,
        Err(why) => return Ok(Err(why)),
    };
    let mut store = Store::open(db, crate::BUSY_WAIT)?;
    let row: Option<(String, String)> = store
        .conn
        .query_row("SELECT source_path, source_sha256 FROM reports WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((path, sha)) = row else { return Ok(Err(Refusal::new("store-no-report").with("id", id))) };
    // The file to read again: the archive or the page the report came from.
    let file = crate::query::file_of(&path).to_string();
    if !Path::new(&file).is_file() {
        return Ok(Err(Refusal::new("store-facts-gone").with("path", crate::query::file_name(&file))));
    }
    let before = given_to(&store, id)?;
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT OR REPLACE INTO facts (report_sha256, organ, level, published, url, reason, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            sha,
            given.organ,
            entry.facts.level.map(Level::key),
            entry.facts.published,
            given.url,
            reason.trim(),
            who.name
        ],
    )?;
    let after = serde_json::json!({ "facts": given, "reason": reason.trim() });
    crate::audit::record(
        &tx,
        who,
        "facts",
        &id.to_string(),
        Some(&serde_json::json!({ "facts": before })),
        Some(&after),
    )?;
    tx.commit()?;
    drop(store);
    crate::ingest::ingest(db, &[file.into()], &Manifest::one(&path, entry), who, &mut |_, _| {})?;
    let store = Store::open_read_only(db)?;
    let now: Option<i64> = store
        .conn
        .query_row(
            "SELECT id FROM reports WHERE source_sha256 = ?1 AND source_path = ?2 ORDER BY id DESC LIMIT 1",
            params![sha, path],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Ok(now.unwrap_or(id)))
}
