//! xxgk-store: a year of reports — or a country's — in one SQLite file.
//!
//! What a parse found is stored as published: files by content hash, reports, every value in
//! long form with its raw text and provenance, findings, and the prose for full-text search.
//! Reviewers' corrections are a separate layer keyed by the report's content hash, so they
//! survive a re-parse and never overwrite a published value. Organs are linked across years by
//! their normalised names. The schema is documented in `SCHEMA.md` beside this crate's
//! manifest and versioned by `PRAGMA user_version`.
//!
//! ```
//! use std::path::PathBuf;
//! use xxgk_store::{audit::Actor, ingest::ingest, manifest::Manifest, query, Store};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let db = dir.path().join("reports.db");
//! let example = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/b-word-tsv.txt"));
//! let who = Actor::command_line(Some("审核员"));
//! let tally = ingest(&db, &[example], &Manifest::default(), &who, &mut |_, _| {}).unwrap();
//! assert_eq!((tally.files, tally.reports), (1, 1));
//!
//! let store = Store::open_read_only(&db).unwrap();
//! let report = query::report(&store, 1).unwrap().unwrap();
//! assert_eq!((report.agency.as_deref(), report.year), (Some("青禾市溪山区教育局"), Some(2024)));
//! ```

pub mod accounts;
pub mod audit;
pub mod compare;
pub mod cross;
pub mod facts;
pub mod imports;
pub mod ingest;
pub mod opinion;
mod organs;
mod prepare;
pub mod review;
pub mod rollup;
pub mod round;
mod schema;
pub mod table;
#[cfg(test)]
mod testing;
pub mod versions;
mod write;

pub mod export;
pub mod figures;
pub mod manifest;
pub mod query;
pub mod workbook;

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use xxgk_core::i18n::Message;
use xxgk_core::{tr, Lang};

pub use organs::{find_organ, merge_organs, organ, organs, split_organ, Named, Organ};
pub use prepare::{prepare, Prepared};
pub use query::{correct, current_report, Correction, ReportRow};
pub use write::{FileMeta, Item, Stored, Unread};

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = schema::VERSION;

/// How long a writer waits for another process writing to the same store.
pub const BUSY_WAIT: Duration = Duration::from_secs(600);

/// The parser version stored with each file: a file parsed by another version is parsed again.
pub const PARSER_VERSION: &str = concat!("xxgk ", env!("CARGO_PKG_VERSION"));

/// What can go wrong with a store.
#[derive(Debug)]
pub enum Error {
    /// SQLite failed ([`Error::message`] says what that means for the person).
    Sqlite(rusqlite::Error),
    /// The file was written by a newer xxgk.
    NewerSchema {
        /// The store's schema version.
        found: i64,
        /// The newest version this build knows ([`SCHEMA_VERSION`]).
        known: i64,
    },
    /// The file was written by an older xxgk and cannot be brought up to date (it is read-only).
    OlderSchema {
        /// The store's schema version.
        found: i64,
        /// The version this build writes ([`SCHEMA_VERSION`]).
        known: i64,
    },
}

impl Error {
    /// What the error means for the person using the store, in `lang`; SQLite's own words only
    /// where they are what the person must fix (their SQL, in English).
    pub fn message(&self, lang: Lang) -> String {
        use rusqlite::ErrorCode::*;
        let e = match self {
            Error::Sqlite(e) => e,
            Error::NewerSchema { found, known } => {
                return tr!(lang, "store-newer-schema", found = *found, known = *known)
            }
            Error::OlderSchema { found, known } => {
                return tr!(lang, "store-older-schema", found = *found, known = *known)
            }
        };
        let detail = e.to_string();
        match e.sqlite_error_code() {
            Some(ReadOnly) => tr!(lang, "store-read-only"),
            Some(DatabaseBusy | DatabaseLocked) => tr!(lang, "store-busy"),
            Some(NotADatabase) => tr!(lang, "store-not-a-database"),
            Some(DatabaseCorrupt) => tr!(lang, "store-corrupt"),
            Some(DiskFull) => tr!(lang, "store-disk-full"),
            Some(CannotOpen) => tr!(lang, "store-cannot-open"),
            Some(PermissionDenied) => tr!(lang, "store-permission"),
            _ if ["syntax error", "no such table", "no such column"].iter().any(|m| detail.contains(m)) => {
                tr!(lang, "store-bad-sql", detail = detail)
            }
            _ => tr!(lang, "store-failed", detail = detail),
        }
    }
}

/// What an operating-system error means, in `lang` (the system's own words are left to the
/// caller, who may show them after this).
pub fn os_message(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => tr!(lang, "store-os-not-found"),
        PermissionDenied => tr!(lang, "store-os-permission"),
        AlreadyExists => tr!(lang, "store-os-exists"),
        IsADirectory => tr!(lang, "store-os-is-directory"),
        NotADirectory => tr!(lang, "store-os-not-directory"),
        StorageFull => tr!(lang, "store-os-storage-full"),
        ReadOnlyFilesystem => tr!(lang, "store-os-read-only"),
        InvalidData => tr!(lang, "store-os-invalid-data"),
        UnexpectedEof => tr!(lang, "store-os-unexpected-eof"),
        BrokenPipe => tr!(lang, "store-os-broken-pipe"),
        _ => tr!(lang, "store-os-other"),
    }
}

/// Why the store refused an action or an input (a correction, a decision, a roster, a
/// manifest…): a message of the catalogue, put into words by each face in its reader's
/// language.
pub type Refusal = Message;

/// A message the store kept as its id and its arguments (JSON), as a [`Message`] again. Arguments
/// that do not parse are left out rather than failing the read: the message's words then show
/// their placeholders, and the reason is still there.
pub(crate) fn message(id: &str, args: Option<&str>) -> Message {
    let args = args.and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default();
    Message { id: id.to_string(), args }
}

/// Arguments as the store keeps them: JSON.
pub(crate) fn json(args: &xxgk_core::i18n::Args) -> String {
    serde_json::to_string(args).unwrap_or_default()
}

/// SQLite's own words (what `--verbose` adds after [`Error::message`]); a schema version
/// refused, in every language.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "{e}"),
            schema => f.write_str(&Lang::ALL.map(|l| schema.message(l)).join(" / ")),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Sqlite(e)
    }
}

/// A result whose error is the store's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An open store.
pub struct Store {
    pub(crate) conn: Connection,
    /// Ids of the template rows' column lists (see [`schema::layouts`]).
    pub(crate) layouts: std::collections::HashMap<String, i64>,
}

impl Store {
    /// Open (creating and migrating as needed). Another process writing to the same file makes
    /// this one wait for it, up to `busy` — SQLite's own locking, so nothing is corrupted.
    pub fn open(path: &Path, busy: Duration) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(busy)?;
        use_wal(&conn, busy)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A year of a country is gigabytes: a larger page cache and fewer WAL checkpoints keep
        // writing fast as the file grows.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
        let was = schema::migrate(&conn)?;
        let layouts = schema::layouts(&conn)?;
        let mut store = Store { conn, layouts };
        if (1..2).contains(&was) {
            // A store from before versions were told apart: decide which of its reports count.
            store.refresh_all()?;
        }
        Ok(store)
    }

    /// A consistent copy of the whole store at `to` (a file that must not exist yet), made while
    /// others go on writing: SQLite's `VACUUM INTO` reads one snapshot of the store, the way
    /// its online backup does, and writes it compacted. Accounts, sessions and the audit trail
    /// are copied with the reports.
    pub fn backup(&self, to: &Path) -> Result<()> {
        self.conn.execute("VACUUM INTO ?1", [to.to_string_lossy()])?;
        Ok(())
    }

    /// A number that changes whenever another connection has changed the store since this one
    /// last read it (SQLite's `data_version`): what a cache of figures over the store compares.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Open for reading only — every command that only reads, and users' SQL. Works on a file
    /// the user may not write (a share, a CD): where SQLite cannot create the write-ahead log's
    /// index beside it, the file is read as immutable. A store of an older schema is brought
    /// up to date first when the file can be written, and refused when it cannot.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let mut conn = read_only(path, false)?;
        let version = match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
            Ok(v) => v,
            // The write-ahead log's index cannot be made beside a file in a folder the user
            // may not write: SQLite says "cannot open" or "read-only".
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
                ) =>
            {
                conn = read_only(path, true)?;
                conn.query_row("PRAGMA user_version", [], |r| r.get(0))?
            }
            Err(e) => return Err(e.into()),
        };
        if version > schema::VERSION {
            return Err(Error::NewerSchema { found: version, known: schema::VERSION });
        }
        if version < schema::VERSION {
            drop(conn);
            Store::open(path, Duration::from_secs(10))
                .map_err(|_| Error::OlderSchema { found: version, known: schema::VERSION })?;
            conn = read_only(path, false)?;
        }
        Ok(Store { conn, layouts: Default::default() })
    }

    /// Decide the current reports and recompute the checks across reports of the whole store.
    fn refresh_all(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        let organs: Vec<i64> =
            tx.prepare("SELECT id FROM organs")?.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        let shas: Vec<String> = tx
            .prepare("SELECT DISTINCT source_sha256 FROM reports WHERE organ_id IS NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        versions::dedupe_by_content(&tx, &shas)?;
        // A re-reading changes the store on behalf of whoever runs the program.
        cross::refresh(&tx, &audit::Actor::command_line(None), &organs)?;
        tx.commit()?;
        Ok(())
    }
}

fn read_only(path: &Path, immutable: bool) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = if immutable {
        let uri = format!("file:{}?immutable=1", uri_path(path));
        Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?
    };
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(conn)
}

/// A path as the path part of an SQLite URI (`?` and `#` and `%` escaped).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Switch the file to write-ahead logging (the file keeps the setting). The switch needs the
/// file to itself, and SQLite answers "database is locked" at once instead of calling the busy
/// handler while another connection has it open — as when two ingests create one store
/// together — so it is retried until `busy` has passed.
fn use_wal(conn: &Connection, busy: Duration) -> Result<()> {
    let start = Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) && start.elapsed() < busy => {
                std::thread::sleep(Duration::from_millis(5));
            }
            done => return Ok(done?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_they_mean() {
        let [zh, en] = Lang::ALL;
        let ro = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(8),
            Some("attempt to write a readonly database".into()),
        );
        assert_eq!(Error::Sqlite(ro).message(zh), "数据库以只读方式打开，不能写入：query 只执行只读语句（SELECT）");
        let (_dir, store) = testing::store_of(&[]);
        let wrong = query::sql(&store, "SELECT x FROM nowhere").unwrap_err();
        assert_eq!(wrong.message(zh), "SQL 语句有误（表结构见 crates/xxgk-store/SCHEMA.md）");
        assert_eq!(wrong.message(en), "the SQL is wrong (no such table: nowhere; schema: crates/xxgk-store/SCHEMA.md)");
        let newer = Error::NewerSchema { found: 9, known: 8 };
        assert_eq!(newer.message(en), "the store has schema version 9; this xxgk knows up to 8");
        assert_eq!(newer.to_string(), "数据库由更新版本的 xxgk 写入（结构版本 9，本程序最高支持 8） / the store has schema version 9; this xxgk knows up to 8");
        assert_eq!(os_message(&std::io::Error::from(std::io::ErrorKind::NotFound), zh), "文件或文件夹不存在");
        assert_eq!(os_message(&std::io::Error::from(std::io::ErrorKind::StorageFull), en), "the disk is full");
    }
}
