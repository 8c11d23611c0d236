//! Reading the store: reports by organ and year, their values as published or corrected,
//! corrections, and users' own read-only SQL.

use rusqlite::{params, types::ValueRef, Connection, OptionalExtension};
use xxgk_core::normalize::parse_number;
use xxgk_core::report::{Figure, RowData, TableData, ValueCell};
use xxgk_core::template::{TABLE2_2021, TABLE4};
use xxgk_core::{Report, Source, TableId, TemplateId};

use crate::audit::Actor;
use crate::{Refusal, Result, Store};

/// A stored report, as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReportRow {
    /// The report's row id in the store.
    pub id: i64,
    /// The id of its organ, when the report names one.
    pub organ_id: Option<i64>,
    /// The organ as the report names it.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i64>,
    /// The template's key: `2021`, `2019` or `other`.
    pub template: String,
    /// The publication date, `YYYY-MM-DD`, when stated or given.
    pub published: Option<String>,
    /// The report's source: a canonical path, `archive.zip!member` or `page.html#2`.
    pub source_path: String,
    /// The SHA-256 of the report's content: corrections, decisions and explanations are kept by it.
    pub source_sha256: String,
}

impl ReportRow {
    /// The source file's own name (`报告.pdf`; an archive member by its name), as a person
    /// outside the office may see it: where the server keeps the file is the office's business.
    pub fn file_name(&self) -> String {
        file_name(&self.source_path)
    }
}

/// The file's own name of a stored source path: its last component, an archive member's name
/// (`a.zip!b/c.pdf` → `c.pdf`), without a page's report number (`page.html#2` → `page.html`).
pub fn file_name(path: &str) -> String {
    let last = path.rsplit(['/', '\\', '!']).next().unwrap_or_default();
    last.split('#').next().unwrap_or_default().to_string()
}

/// The file on disk a stored source path names: an archive member's archive (`a.zip!b.pdf` →
/// `a.zip`), a page's report's page (`page.html#2` → `page.html`).
pub fn file_of(path: &str) -> &str {
    path.split(['!', '#']).next().unwrap_or_default()
}

pub(crate) const REPORT_COLUMNS: &str =
    "r.id, r.organ_id, r.agency, r.year, r.template, r.published, r.source_path, r.source_sha256";

pub(crate) fn report_row(r: &rusqlite::Row) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        id: r.get(0)?,
        organ_id: r.get(1)?,
        agency: r.get(2)?,
        year: r.get(3)?,
        template: r.get(4)?,
        published: r.get(5)?,
        source_path: r.get(6)?,
        source_sha256: r.get(7)?,
    })
}

/// The current report of `organ` (an id) for `year`.
pub fn current_report(store: &Store, organ: i64, year: i64) -> Result<Option<ReportRow>> {
    let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE r.organ_id = ?1 AND r.year = ?2 AND r.current = 1");
    Ok(store.conn.query_row(&sql, params![organ, year], report_row).optional()?)
}

/// The newest year of the reports that count (`None`: an empty store).
pub fn newest_year(store: &Store) -> Result<Option<i64>> {
    Ok(store.conn.query_row("SELECT max(year) FROM reports WHERE current = 1", [], |r| r.get(0))?)
}

/// Stored report `id`, current or not.
pub fn report(store: &Store, id: i64) -> Result<Option<ReportRow>> {
    report_in(&store.conn, id)
}

fn report_in(conn: &Connection, id: i64) -> Result<Option<ReportRow>> {
    let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE r.id = ?1");
    Ok(conn.query_row(&sql, [id], report_row).optional()?)
}

/// The SQL of a value as published, or as corrected when `corrected` (the latest correction
/// of the cell wins), with a flag saying whether a correction applied.
pub(crate) fn value_sql(corrected: bool) -> &'static str {
    if corrected {
        "CASE WHEN c.id IS NULL THEN v.exact ELSE c.exact END, c.id IS NOT NULL"
    } else {
        "v.exact, 0"
    }
}

pub(crate) const CORRECTION_JOIN: &str = "LEFT JOIN corrections c ON c.id = (SELECT max(id) FROM corrections
     WHERE report_sha256 = r.source_sha256 AND tbl = v.tbl AND row = v.row AND col = v.col)";

/// One stored cell, as a report is rebuilt from it.
struct StoredCell {
    table: String,
    row: String,
    col: String,
    exact: Option<String>,
    span: Option<xxgk_core::Span>,
}

/// A stored report rebuilt with its values (as published, or corrected), for the checks that
/// look only at values ([`xxgk_core::check::check_values`]).
pub fn load_report(store: &Store, id: i64, corrected: bool) -> Result<Option<Report>> {
    rebuild(&store.conn, id, corrected)
}

/// [`load_report`] on a connection (a transaction refreshing the checks across years).
pub(crate) fn rebuild(conn: &Connection, id: i64, corrected: bool) -> Result<Option<Report>> {
    let Some(row) = report_in(conn, id)? else { return Ok(None) };
    let (received, proactive, level, stated): (Option<i64>, Option<i64>, Option<String>, Option<String>) = conn
        .query_row(
            "SELECT applications_received, proactive_total, level, stated FROM reports WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    let stated: Vec<xxgk_core::report::Stated> = stated
        .and_then(|json| serde_json::from_str::<Vec<serde_json::Value>>(&json).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|s| xxgk_core::report::Stated::new(s["what"].as_str()?, s["value"].as_i64()?, None))
        .collect();
    // The level given with the file, if any; otherwise the checks take it from the name, as
    // when the report was parsed.
    let level = level.as_deref().and_then(xxgk_core::organ::Level::parse);
    let sql = format!(
        "SELECT v.tbl, v.row, v.col, {}, v.provenance FROM report_values v JOIN reports r ON r.id = v.report_id {CORRECTION_JOIN}
         WHERE v.report_id = ?1",
        value_sql(corrected)
    );
    let mut st = conn.prepare_cached(&sql)?;
    let cells: Vec<StoredCell> = st
        .query_map([id], |r| {
            let provenance: Option<String> = r.get(5)?;
            Ok(StoredCell {
                table: r.get(0)?,
                row: r.get(1)?,
                col: r.get(2)?,
                exact: r.get(3)?,
                // Provenance is what tells the checks a cell was read from the document (a row
                // with none is not checked), so the rebuilt report keeps it.
                span: provenance.as_deref().and_then(|p| serde_json::from_str(p).ok()),
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let template = TemplateId::from_key(&row.template);
    // 表三's layout by its 其他处理 rows, as the extractor chose it.
    let other =
        cells.iter().find(|c| c.table == "table3" && c.row.starts_with("other_")).map(|c| c.row == "other_handling");
    let defs = [template.table2().unwrap_or(&TABLE2_2021), template.table3(other), &TABLE4];
    let mut tables: [Option<TableData>; 3] = [None, None, None];
    for (i, def) in defs.into_iter().enumerate() {
        let key = TableId::ALL[i].key();
        let rows: Vec<RowData> = def
            .rows
            .iter()
            .filter_map(|d| {
                let mine: Vec<&StoredCell> = cells.iter().filter(|c| c.table == key && c.row == d.key).collect();
                (!mine.is_empty()).then(|| RowData {
                    def: d,
                    cells: d
                        .columns
                        .iter()
                        .map(|c| {
                            let stored = mine.iter().find(|x| x.col == c.key);
                            ValueCell {
                                value: stored.and_then(|x| x.exact.as_deref()).and_then(parse_number),
                                span: stored.and_then(|x| x.span.clone()),
                            }
                        })
                        .collect(),
                })
            })
            .collect();
        if !rows.is_empty() {
            tables[i] = Some(TableData { def, complete: rows.len() == def.rows.len(), rows, span: None });
        }
    }
    Ok(Some(Report {
        source: Source { path: row.source_path, sha256: row.source_sha256, format: String::new() },
        agency: row.agency,
        year: row.year.and_then(|y| i32::try_from(y).ok()),
        template,
        published: row.published,
        level,
        index_no: None,
        title_year: None,
        period_year: None,
        tables,
        narrative: xxgk_core::report::Narrative {
            proactive_total: proactive.map(|value| Figure { value, span: None }),
            applications_received: received.map(|value| Figure { value, span: None }),
            stated,
        },
        sections: Default::default(),
        diagnostics: Vec::new(),
        prose: String::new(),
    }))
}

/// The running text of report `id` outside its tables, as stored for search (empty: none).
pub(crate) fn prose(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT text FROM prose WHERE rowid = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// A reviewer's correction of one cell.
#[derive(Debug, Clone)]
pub struct Correction<'a> {
    /// The report's row id in the store.
    pub report: i64,
    /// `table3.granted.total`
    pub cell: &'a str,
    /// The corrected value; `None` makes the cell blank.
    pub value: Option<&'a str>,
    /// Why the value is corrected, as the reviewer writes it.
    pub reason: &'a str,
    /// The cell's latest correction the person saw when making this one (`Some(None)`: none):
    /// if another was made meanwhile, this one is refused as stale. `None`: not checked (the
    /// command line, where a person sees the store as it is).
    pub seen: Option<Option<i64>>,
}

/// The refusal of a correction made on a page that did not show the cell's latest correction.
pub const STALE_CORRECTION: &str = "store-correction-stale";

/// Record a correction. The published value stays as it is; the correction is kept beside it.
pub fn correct(store: &mut Store, who: &Actor, c: &Correction) -> Result<std::result::Result<i64, Refusal>> {
    let Some(row) = report(store, c.report)? else {
        return Ok(Err(Refusal::new("store-no-report").with("id", c.report)));
    };
    let parts: Vec<&str> = c.cell.split('.').collect();
    let [tbl, r, col] = parts.as_slice() else {
        return Ok(Err(Refusal::new("store-cell-form").with("cell", c.cell)));
    };
    let exists: bool = store.conn.query_row(
        "SELECT count(*) FROM report_values WHERE report_id = ?1 AND tbl = ?2 AND row = ?3 AND col = ?4",
        params![c.report, tbl, r, col],
        |x| x.get::<_, i64>(0),
    )? > 0;
    if !exists {
        return Ok(Err(Refusal::new("store-no-cell").with("id", c.report).with("cell", c.cell)));
    }
    let exact = match c.value {
        None => None,
        Some(v) => match parse_number(v) {
            Some(n) => Some(n.to_string()),
            None => return Ok(Err(Refusal::new("store-not-a-number").with("value", v))),
        },
    };
    let latest: Option<(i64, Option<String>, String, String)> = store
        .conn
        .query_row(
            "SELECT id, exact, author, created_at FROM corrections
             WHERE report_sha256 = ?1 AND tbl = ?2 AND row = ?3 AND col = ?4 ORDER BY id DESC LIMIT 1",
            params![row.source_sha256, tbl, r, col],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)),
        )
        .optional()?;
    if let (Some(seen), Some((id, value, by, at))) = (c.seen, &latest) {
        if seen != Some(*id) {
            let value = value.clone().unwrap_or_else(|| "—".into());
            let at = crate::audit::beijing(at);
            return Ok(Err(Refusal::new(STALE_CORRECTION).with("by", by.as_str()).with("at", at).with("value", value)));
        }
    }
    let before = latest.map(|(_, value, ..)| value);
    let published: Option<String> = store.conn.query_row(
        "SELECT CAST(exact AS TEXT) FROM report_values WHERE report_id = ?1 AND tbl = ?2 AND row = ?3 AND col = ?4",
        params![c.report, tbl, r, col],
        |x| x.get(0),
    )?;
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT INTO corrections (report_sha256, tbl, row, col, exact, reason, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![row.source_sha256, tbl, r, col, exact, c.reason, who.name],
    )?;
    let id = tx.last_insert_rowid();
    let before = serde_json::json!({ "cell": c.cell, "value": before.unwrap_or(published) });
    let after = serde_json::json!({ "cell": c.cell, "value": exact, "reason": c.reason });
    crate::audit::record(&tx, who, "correction", &c.report.to_string(), Some(&before), Some(&after))?;
    tx.commit()?;
    Ok(Ok(id))
}

/// Run one read-only SQL statement; returns the column names and the rows as JSON values.
pub fn sql(store: &Store, sql: &str) -> Result<(Vec<String>, Vec<Vec<serde_json::Value>>)> {
    let mut st = store.conn.prepare(sql)?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    let n = names.len();
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
            row.push(match r.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(v) => v.into(),
                ValueRef::Real(v) => v.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                ValueRef::Blob(b) => format!("<{} bytes>", b.len()).into(),
            });
        }
        out.push(row);
    }
    Ok((names, out))
}

/// A recorded correction, as a report's history lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CorrectionRow {
    /// The correction's row id: of a cell's corrections, the latest applies.
    pub id: i64,
    /// `table3.granted.total`
    pub cell: String,
    /// The corrected value; `None`: blank.
    pub value: Option<String>,
    /// Why the value was corrected, as the reviewer wrote it.
    pub reason: String,
    /// Who corrected it.
    pub author: String,
    /// When it was recorded, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub created_at: String,
}

/// The corrections of report `id`, oldest first (the latest per cell applies).
pub fn corrections(store: &Store, id: i64) -> Result<Vec<CorrectionRow>> {
    let mut st = store.conn.prepare(
        "SELECT c.id, c.tbl || '.' || c.row || '.' || c.col, c.exact, c.reason, c.author, c.created_at
         FROM corrections c JOIN reports r ON r.source_sha256 = c.report_sha256 WHERE r.id = ?1 ORDER BY c.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(CorrectionRow {
            id: r.get(0)?,
            cell: r.get(1)?,
            value: r.get(2)?,
            reason: r.get(3)?,
            author: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Each stored cell of report `id` with its provenance (span JSON), by `table.row.column`.
pub fn provenance(store: &Store, id: i64) -> Result<Vec<(String, Option<String>)>> {
    let mut st = store
        .conn
        .prepare("SELECT tbl || '.' || row || '.' || col, provenance FROM report_values WHERE report_id = ?1")?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_source_is_named_by_its_file_s_own_name() {
        assert_eq!(super::file_name("/srv/x.db.files/04f6/报告.pdf"), "报告.pdf");
        assert_eq!(super::file_name("/srv/x.db.files/04f6/dev-pdfs.zip!2024/县政府.pdf"), "县政府.pdf");
        assert_eq!(super::file_name("/srv/portal/page.html#2"), "page.html");
        assert_eq!(super::file_name(r"C:\reports\a.docx"), "a.docx");
    }
}
