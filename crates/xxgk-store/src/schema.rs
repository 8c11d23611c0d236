//! Versioned migrations: `PRAGMA user_version` says which have run; each runs in one
//! transaction, so a store is always at one version or the next.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{Error, Result};

/// Migration `i` brings a store from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    format TEXT,
    parser_version TEXT NOT NULL,
    error_zh TEXT,
    error_en TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE paths (
    path TEXT PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE
);
CREATE TABLE organs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT,
    region TEXT
);
CREATE TABLE organ_names (
    name_key TEXT PRIMARY KEY,
    core_key TEXT NOT NULL,
    organ_id INTEGER NOT NULL REFERENCES organs(id)
);
CREATE INDEX organ_names_core ON organ_names(core_key);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    source_path TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    organ_id INTEGER REFERENCES organs(id),
    name_key TEXT,
    agency TEXT,
    year INTEGER,
    template TEXT NOT NULL,
    published TEXT,
    index_no TEXT,
    complete_table2 INTEGER NOT NULL,
    complete_table3 INTEGER NOT NULL,
    complete_table4 INTEGER NOT NULL,
    proactive_total INTEGER,
    applications_received INTEGER
);
CREATE INDEX reports_organ_year ON reports(organ_id, year);
CREATE INDEX reports_sha ON reports(source_sha256);
CREATE TABLE layouts (
    id INTEGER PRIMARY KEY,
    columns TEXT NOT NULL UNIQUE
);
CREATE TABLE layout_columns (
    layout INTEGER NOT NULL REFERENCES layouts(id),
    pos INTEGER NOT NULL,
    col TEXT NOT NULL,
    PRIMARY KEY (layout, pos)
) WITHOUT ROWID;
CREATE TABLE report_rows (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    row TEXT NOT NULL,
    layout INTEGER NOT NULL REFERENCES layouts(id),
    vals TEXT NOT NULL,
    raw TEXT NOT NULL,
    provenance TEXT NOT NULL,
    PRIMARY KEY (report_id, tbl, row)
) WITHOUT ROWID;
CREATE VIEW report_values AS
    SELECT r.report_id, r.tbl, r.row, c.col,
           CAST(json_extract(r.vals, '$[' || c.pos || ']') AS REAL) AS value,
           json_extract(r.vals, '$[' || c.pos || ']') AS exact,
           json_extract(r.raw, '$[' || c.pos || ']') AS raw,
           json_extract(r.provenance, '$[' || c.pos || ']') AS provenance
    FROM report_rows r JOIN layout_columns c ON c.layout = r.layout;
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('report', 'organ')),
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    location TEXT,
    cells TEXT
);
CREATE INDEX findings_report ON findings(report_id);
CREATE INDEX findings_code ON findings(code);
CREATE VIRTUAL TABLE prose USING fts5(text, tokenize = 'trigram');
CREATE TRIGGER reports_prose_delete AFTER DELETE ON reports BEGIN
    DELETE FROM prose WHERE rowid = old.id;
END;
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    report_sha256 TEXT NOT NULL,
    tbl TEXT NOT NULL,
    row TEXT NOT NULL,
    col TEXT NOT NULL,
    exact TEXT,
    reason TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX corrections_report ON corrections(report_sha256);
"#,
    r#"
ALTER TABLE files ADD COLUMN modified TEXT;
ALTER TABLE files ADD COLUMN former_path TEXT;
ALTER TABLE reports ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reports ADD COLUMN url TEXT;
ALTER TABLE reports ADD COLUMN level TEXT;
ALTER TABLE organs ADD COLUMN division TEXT;
CREATE INDEX reports_current ON reports(current, organ_id, year);
CREATE TABLE unread (
    path TEXT PRIMARY KEY,
    reason_zh TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE pins (
    organ_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    report_sha256 TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (organ_id, year)
);
CREATE TABLE roster (
    government_key TEXT NOT NULL,
    government TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    unit TEXT NOT NULL,
    PRIMARY KEY (government_key, unit_key)
);
"#,
    r#"
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    report_sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'confirmed', 'dismissed')),
    reason TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX decisions_report ON decisions(report_sha256, fingerprint);
"#,
    r#"
CREATE INDEX paths_file ON paths(file_id);
CREATE INDEX findings_severity ON findings(severity, report_id);
"#,
    r#"
CREATE TABLE explanations (
    id INTEGER PRIMARY KEY,
    report_sha256 TEXT NOT NULL,
    cell TEXT NOT NULL,
    reason TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX explanations_report ON explanations(report_sha256, cell);
CREATE INDEX organ_names_organ ON organ_names(organ_id);
"#,
    r#"
-- A finding is kept as its message's id and arguments and put into words when it is read. The
-- words of an older store cannot be turned back into arguments: they stay readable as they were
-- (`finding-as-stored` shows `zh` or `en`), and the files are marked as read by an older parser,
-- so the next ingest of them reads them again and stores their findings as arguments.
ALTER TABLE findings ADD COLUMN message TEXT NOT NULL DEFAULT 'finding-as-stored';
ALTER TABLE findings ADD COLUMN args TEXT NOT NULL DEFAULT '{}';
UPDATE findings SET args = json_object('zh', message_zh, 'en', message_en);
ALTER TABLE findings DROP COLUMN message_zh;
ALTER TABLE findings DROP COLUMN message_en;
UPDATE files SET parser_version = parser_version || ', findings stored as words';
"#,
    r#"
-- The further figures the text states of the tables' values (本年新收, 上年结转, 行政复议…), as a
-- JSON array of {what, value}: the value checks run again on a corrected report compare them.
-- Files read before are marked so, and the next ingest reads them again.
ALTER TABLE reports ADD COLUMN stated TEXT;
UPDATE files SET parser_version = parser_version || ', figures of the text not kept';
"#,
    r#"
-- Why a file or an archive member could not be read is kept as a message's id and arguments,
-- like a finding. The words an older store kept stay readable as they were (`words-as-stored`).
ALTER TABLE files ADD COLUMN error TEXT;
ALTER TABLE files ADD COLUMN error_args TEXT;
UPDATE files SET error = 'words-as-stored', error_args = json_object('zh', error_zh, 'en', error_en) WHERE error_zh IS NOT NULL;
ALTER TABLE files DROP COLUMN error_zh;
ALTER TABLE files DROP COLUMN error_en;
ALTER TABLE unread ADD COLUMN reason TEXT NOT NULL DEFAULT 'words-as-stored';
ALTER TABLE unread ADD COLUMN reason_args TEXT NOT NULL DEFAULT '{}';
UPDATE unread SET reason_args = json_object('zh', reason_zh, 'en', reason_en);
ALTER TABLE unread DROP COLUMN reason_zh;
ALTER TABLE unread DROP COLUMN reason_en;
"#,
    r#"
-- Accounts of an office: people, their roles and scopes, their sessions, their failed logins,
-- and the trail of every change. A password is kept only as its Argon2id hash, a session only as
-- the SHA-256 of its token, so a copy of the file opens no account and no session.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'viewer', 'agency')),
    scope TEXT NOT NULL DEFAULT '{}',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE login_failures (
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_name ON login_failures(name, at);
CREATE INDEX login_failures_address ON login_failures(address, at);
-- Append-only: who, when (UTC), from where, what, on what, before and after.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    actor TEXT NOT NULL,
    address TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_kept_as_written BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_never_removed BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
-- A decision on a finding that names no cell was keyed by its code alone, so that deciding one
-- of two such findings (缺少第四部分, 缺少第五部分) decided both. It is keyed by the finding's
-- arguments too now; each such decision is carried over to every finding it stood on before,
-- so nothing changes for decisions already made.
INSERT INTO decisions (report_sha256, fingerprint, state, reason, author, created_at)
SELECT d.report_sha256, f.scope || '|' || f.code || '||' || f.args, d.state, d.reason, d.author, d.created_at
FROM decisions d
JOIN (SELECT DISTINCT r.source_sha256 AS sha, f.scope, f.code, f.args FROM findings f JOIN reports r ON r.id = f.report_id
      WHERE coalesce(f.cells, '[]') = '[]') f
  ON f.sha = d.report_sha256 AND d.fingerprint = f.scope || '|' || f.code || '|'
ORDER BY d.id;
"#,
    r#"
-- An organ's division is the place it sits under: the innermost division its name writes that
-- the national list knows, a township's county included. Recomputed from the names after this
-- step ([`refill`]).
UPDATE organs SET division = NULL;
"#,
    r#"
-- The review round of each organ's year (see `round.rs`): where it stands when a person set it
-- (NULL: 待审核 or 审核中, as its decisions say), the version it was set on, who has it and when
-- the agency must answer. Keyed by organ and year, so it outlives re-parses and new versions.
CREATE TABLE rounds (
    organ_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    state TEXT CHECK (state IS NULL OR state IN ('reviewing', 'returned', 'resubmitted', 'passed', 'no-change')),
    report_sha256 TEXT,
    assignee TEXT,
    deadline TEXT,
    PRIMARY KEY (organ_id, year)
);
CREATE INDEX rounds_assignee ON rounds(assignee);
-- Every 审核意见 sent: its 文号 (a sequence per year of issue), the version it was sent on, the
-- letter as sent (JSON) and the points it raised, each by its finding's fingerprint.
CREATE TABLE opinions (
    id INTEGER PRIMARY KEY,
    organ_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    report_sha256 TEXT NOT NULL,
    issued_year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    letter TEXT NOT NULL,
    deadline TEXT,
    sent_by TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (issued_year, seq)
);
CREATE INDEX opinions_organ_year ON opinions(organ_id, year);
-- The office's settings: its name for the 落款, the pattern of its 文号.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#,
    r#"
-- Facts a reviewer gave a report (its organ, level, publication date, URL), by its content: every
-- copy of it, and every later reading of it, takes them.
CREATE TABLE facts (
    report_sha256 TEXT PRIMARY KEY,
    organ TEXT,
    level TEXT,
    published TEXT,
    url TEXT,
    reason TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"#,
    r#"
-- Imports from the workspace, kept so that they outlive the server: who started each, its state
-- (running, done, failed, cancelled), the manifest it came with, and each file it received —
-- its name as the browser sent it, where it was saved, and its fate once written (none yet:
-- still to be read).
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    who TEXT NOT NULL,
    address TEXT NOT NULL,
    scope TEXT,
    manifest TEXT,
    state TEXT NOT NULL,
    error TEXT,
    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished_at TEXT
);
CREATE TABLE import_files (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    path TEXT,
    outcome TEXT,
    reports INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    members TEXT,
    PRIMARY KEY (import_id, seq)
);
CREATE INDEX import_files_path ON import_files(path) WHERE path IS NOT NULL;
"#,
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring the store to [`VERSION`]; returns the version it was at.
pub fn migrate(conn: &Connection) -> Result<i64> {
    let mut from = None;
    loop {
        // IMMEDIATE: a second process opening a new store waits instead of migrating twice.
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if at > VERSION {
            return Err(Error::NewerSchema { found: at, known: VERSION });
        }
        let first = *from.get_or_insert(at);
        let Some(step) = usize::try_from(at).ok().and_then(|i| MIGRATIONS.get(i)) else {
            return Ok(first);
        };
        tx.execute_batch(step)?;
        refill(&tx, at + 1)?;
        tx.pragma_update(None, "user_version", at + 1)?;
        tx.commit()?;
    }
}

/// What a step leaves for the code to compute from what the store holds, at the version it
/// brings the store to.
fn refill(tx: &Transaction, version: i64) -> Result<()> {
    if version == 10 {
        let names: Vec<(i64, String)> = tx
            .prepare("SELECT id, name FROM organs")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let mut st = tx.prepare("UPDATE organs SET division = ?2 WHERE id = ?1")?;
        for (id, name) in names {
            st.execute(rusqlite::params![id, xxgk_core::organ::place(&name).map(|d| d.code)])?;
        }
    }
    Ok(())
}

/// The column lists of template rows (`issued,repealed,in_force`, …) and their ids in
/// `layouts`, registering any this store does not know yet. A row's values are stored as arrays
/// in the order of its list: one template row key can have different columns in different
/// templates (行政许可: one value in 2021, three in 2019).
pub fn layouts(conn: &Connection) -> Result<std::collections::HashMap<String, i64>> {
    let mut ids = std::collections::HashMap::new();
    for def in xxgk_core::template::all_tables() {
        for row in def.rows {
            let key = layout_key(row);
            if ids.contains_key(&key) {
                continue;
            }
            conn.execute("INSERT OR IGNORE INTO layouts (columns) VALUES (?1)", [&key])?;
            let id: i64 = conn.query_row("SELECT id FROM layouts WHERE columns = ?1", [&key], |r| r.get(0))?;
            for (pos, c) in row.columns.iter().enumerate() {
                conn.execute(
                    "INSERT OR IGNORE INTO layout_columns (layout, pos, col) VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, pos as i64, c.key],
                )?;
            }
            ids.insert(key, id);
        }
    }
    Ok(ids)
}

/// A row's column keys, comma-separated: its layout.
pub fn layout_key(row: &xxgk_core::template::RowDef) -> String {
    row.columns.iter().map(|c| c.key).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_core::i18n::Args;
    use xxgk_core::Lang;

    /// A store of schema 5, which kept a finding's words in both languages, comes to the
    /// current schema with those words readable as they were, and its files are read again by
    /// the next ingest (which stores findings as their arguments).
    #[test]
    fn a_store_that_kept_words_keeps_them_readable_and_reads_its_files_again() {
        let conn = Connection::open_in_memory().unwrap();
        for step in &MIGRATIONS[..5] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO files (id, sha256, size, parser_version) VALUES (1, 'aa', 10, 'xxgk 0.1.0');
             INSERT INTO reports (id, file_id, source_path, source_sha256, format, template, complete_table2, complete_table3, complete_table4)
                 VALUES (1, 1, 'a.pdf', 'aa', 'pdf', '2021', 1, 1, 1);
             INSERT INTO findings (report_id, scope, code, severity, message_zh, message_en)
                 VALUES (1, 'report', 'SECTION-MISSING', 'warning', '缺少第一部分“一、总体情况”', 'section 1 overview is missing');",
        )
        .unwrap();
        assert_eq!(migrate(&conn).unwrap(), 5);
        let at: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(at, VERSION);
        let (message, args): (String, String) =
            conn.query_row("SELECT message, args FROM findings", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!(message, "finding-as-stored");
        let args: Args = serde_json::from_str(&args).unwrap();
        assert_eq!(
            Lang::ALL.map(|lang| xxgk_core::diagnostic::words(lang, &message, &args)),
            ["缺少第一部分“一、总体情况”", "section 1 overview is missing"]
        );
        let version: String = conn.query_row("SELECT parser_version FROM files", [], |r| r.get(0)).unwrap();
        assert_ne!(version, crate::PARSER_VERSION);
        assert_ne!(version, "xxgk 0.1.0");
    }

    /// A store of schema 7 kept why a file or an archive member could not be read as words in
    /// both languages: they stay readable as they were.
    #[test]
    fn reasons_kept_as_words_stay_readable() {
        let conn = Connection::open_in_memory().unwrap();
        for step in &MIGRATIONS[..7] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute_batch(
            "INSERT INTO files (id, sha256, size, parser_version, error_zh, error_en) VALUES (1, 'aa', 10, 'xxgk 0.1.0', 'a.pdf：文件已损坏', 'a.pdf: damaged');
             INSERT INTO paths (path, file_id) VALUES ('/in/a.pdf', 1);
             INSERT INTO unread (path, reason_zh, reason_en) VALUES ('/in/b.zip!c.pdf', 'b.zip!c.pdf：文件过大', 'b.zip!c.pdf: too large');",
        )
        .unwrap();
        migrate(&conn).unwrap();
        let store = crate::Store { conn, layouts: Default::default() };
        let said: Vec<[Option<String>; 2]> =
            crate::review::paths(&store, true).unwrap().iter().map(|p| Lang::ALL.map(|lang| p.reason(lang))).collect();
        let both = |zh: &str, en: &str| [Some(zh.to_string()), Some(en.to_string())];
        assert_eq!(
            said,
            [both("a.pdf：文件已损坏", "a.pdf: damaged"), both("b.zip!c.pdf：文件过大", "b.zip!c.pdf: too large")]
        );
    }
}
