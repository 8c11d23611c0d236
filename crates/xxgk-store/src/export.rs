//! Exports and statistics: long form (one row per value, with provenance), wide form (one row
//! per report), and totals by year, region or level — as published or as corrected.
//!
//! Column names are part of the public interface (documented in `SCHEMA.md`).

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::Value;
use xxgk_core::normalize::parse_number;
use xxgk_core::template::all_tables;

use crate::query::{value_sql, CORRECTION_JOIN};
use crate::Store;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    /// Comma-separated values, a header row first.
    Csv,
    /// JSON Lines: one object per row, keyed by the column names.
    Jsonl,
    /// Apache Parquet (built with the `parquet` feature).
    #[cfg(feature = "parquet")]
    Parquet,
}

/// What to export, and how.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The file format.
    pub format: Format,
    /// One row per report with a column per cell ([`wide_cells`]) instead of one row per value.
    pub wide: bool,
    /// Values as reviewers corrected them (the latest correction of each cell) instead of as
    /// published.
    pub corrected: bool,
    /// One row per finding instead of per value or per report.
    pub findings: bool,
    /// Start a CSV with the UTF-8 byte-order mark Excel needs to read Chinese.
    pub bom: bool,
    /// The language of the findings' messages and cell names.
    pub lang: xxgk_core::Lang,
    /// Head a CSV with the columns' keys (`report_id`, `table3.granted.total`) for a program
    /// to read, instead of their names in `lang` (报告编号, 表三·…) for a person. JSON lines and
    /// Parquet always use the keys.
    pub keys: bool,
}

/// The catalogue's ids of the export columns' names start with this.
pub const COLUMN_IDS: &str = "export-col-";

/// A column of an export as a person reads it: its name in `lang` — a cell as the template
/// names it — or the key itself when it has no name.
pub fn column_name(key: &str, lang: xxgk_core::Lang) -> String {
    xxgk_core::report::cell_name(key, lang).unwrap_or_else(|| {
        let id = format!("{COLUMN_IDS}{}", key.replace('_', "-"));
        if xxgk_core::i18n::has(lang, &id) {
            xxgk_core::i18n::text(lang, &id)
        } else {
            key.to_string()
        }
    })
}

/// Report columns both forms start with.
const REPORT_FIELDS: [&str; 14] = [
    "report_id",
    "organ_id",
    "agency",
    "year",
    "template",
    "published",
    "index_no",
    "source_path",
    "source_sha256",
    "complete_table2",
    "complete_table3",
    "complete_table4",
    "proactive_total",
    "applications_received",
];

/// The columns of the long form: one row per stored value, with its source text (`raw`), whether a
/// correction applied and its provenance.
pub const LONG_COLUMNS: [&str; 13] = [
    "report_id",
    "organ_id",
    "agency",
    "year",
    "template",
    "table",
    "row",
    "column",
    "value",
    "raw",
    "corrected",
    "provenance",
    "source_path",
];

/// Every cell any layout has, as `table.row.column`, in template order.
pub fn wide_cells() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for def in all_tables() {
        for row in def.rows {
            for c in 0..row.columns.len() {
                let k = xxgk_core::report::cell_path(def.id, row, c);
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// A stored exact decimal as a JSON number.
fn number(exact: Option<&str>) -> Value {
    exact.and_then(parse_number).map_or(Value::Null, |n| n.to_json())
}

/// A CSV error as the I/O error beneath it, so that a closed pipe stays recognisable.
pub fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Jsonl(&'a mut dyn Write, Vec<String>),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet_sink::ParquetSink<'a>>),
}

impl Sink<'_> {
    fn new<'a>(out: &'a mut dyn Write, opts: &Options, header: Vec<String>) -> std::io::Result<Sink<'a>> {
        if opts.format == Format::Jsonl {
            return Ok(Sink::Jsonl(out, header));
        }
        #[cfg(feature = "parquet")]
        if opts.format == Format::Parquet {
            return Ok(Sink::Parquet(Box::new(parquet_sink::ParquetSink::new(out, &header, opts.wide))));
        }
        if opts.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let header: Vec<String> =
            if opts.keys { header } else { header.iter().map(|k| column_name(k, opts.lang)).collect() };
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&header).map_err(csv_io)?;
        Ok(Sink::Csv(Box::new(w)))
    }

    fn row(&mut self, cells: &[Value]) -> std::io::Result<()> {
        match self {
            Sink::Csv(w) => {
                let texts = cells.iter().map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => xxgk_render::cell::for_csv(s).into_owned(),
                    other => other.to_string(),
                });
                w.write_record(texts).map_err(csv_io)
            }
            Sink::Jsonl(out, header) => {
                let obj: serde_json::Map<String, Value> = header.iter().cloned().zip(cells.iter().cloned()).collect();
                writeln!(out, "{}", Value::Object(obj))
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.row(cells),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Csv(mut w) => w.flush(),
            Sink::Jsonl(out, _) => out.flush(),
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.finish(),
        }
    }
}

/// One stored value: table, row, column, exact value, corrected, raw text, provenance.
type Cell = (String, String, String, Option<String>, bool, Option<String>, Option<String>);

/// The columns of the findings export: one row per finding of a current report.
pub const FINDING_COLUMNS: [&str; 11] = [
    "report_id",
    "agency",
    "year",
    "scope",
    "code",
    "severity",
    "message",
    "cells",
    "cell_names",
    "location",
    "source_path",
];

/// One finding of a current report as the exports show it.
pub struct FindingRow {
    /// The report's row id in the store.
    pub report_id: i64,
    /// The organ as the report names it.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i64>,
    /// `report` for a finding of the report alone, `organ` for one across the organ's years.
    pub scope: String,
    /// The rule's code, e.g. `T3-FLOW`.
    pub code: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    /// The message in the language asked for.
    pub message: String,
    /// `table.row.column` paths.
    pub cells: Vec<String>,
    /// The same cells as the template names them (`表三·（一）予以公开·自然人`).
    pub cell_names: Vec<String>,
    /// Where in the source, in words.
    pub location: Option<String>,
    /// The report's source: a canonical path, `archive.zip!member` or `page.html#2`.
    pub source_path: String,
}

/// Every finding of the current reports, by report, in `lang`: what the findings export and the
/// workbook's findings sheet both write.
pub fn for_each_finding(
    store: &Store,
    lang: xxgk_core::Lang,
    mut each: impl FnMut(FindingRow) -> std::result::Result<(), Box<dyn std::error::Error>>,
) -> std::result::Result<usize, Box<dyn std::error::Error>> {
    let conn = &store.conn;
    let mut st = conn.prepare(
        "SELECT f.report_id, r.agency, r.year, f.scope, f.code, f.severity, f.message, f.args, f.cells, f.location, r.source_path
         FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 ORDER BY f.report_id, f.id",
    )?;
    let mut rows = st.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let cells: Vec<String> =
            r.get::<_, Option<String>>(8)?.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default();
        let cell_names =
            cells.iter().map(|c| xxgk_core::report::cell_name(c, lang).unwrap_or_else(|| c.clone())).collect();
        let at: Option<xxgk_core::Span> = r.get::<_, Option<String>>(9)?.and_then(|l| serde_json::from_str(&l).ok());
        each(FindingRow {
            report_id: r.get(0)?,
            agency: r.get(1)?,
            year: r.get(2)?,
            scope: r.get(3)?,
            code: r.get(4)?,
            severity: r.get(5)?,
            message: xxgk_core::diagnostic::words(
                lang,
                &r.get::<_, String>(6)?,
                &serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
            ),
            cells,
            cell_names,
            location: at.map(|s| s.describe(lang)),
            source_path: r.get(10)?,
        })?;
        n += 1;
    }
    Ok(n)
}

/// The separator between cell names a person reads.
pub fn names_joined(names: &[String], lang: xxgk_core::Lang) -> String {
    names.join(&xxgk_core::i18n::text(lang, "names-separator"))
}

/// One row per finding of the current reports (see [`for_each_finding`]).
fn export_findings(
    store: &Store,
    opts: &Options,
    out: &mut dyn Write,
) -> std::result::Result<usize, Box<dyn std::error::Error>> {
    let mut sink = Sink::new(out, opts, FINDING_COLUMNS.iter().map(|s| s.to_string()).collect())?;
    let n = for_each_finding(store, opts.lang, |f| {
        sink.row(&[
            Value::from(f.report_id),
            f.agency.map_or(Value::Null, Value::from),
            f.year.map_or(Value::Null, Value::from),
            Value::from(f.scope),
            Value::from(f.code),
            Value::from(f.severity),
            Value::from(f.message),
            Value::from(f.cells.join(" ")),
            Value::from(names_joined(&f.cell_names, opts.lang)),
            f.location.map_or(Value::Null, Value::from),
            Value::from(f.source_path),
        ])?;
        Ok(())
    })?;
    sink.finish()?;
    Ok(n)
}

/// Write the export; returns the number of rows.
pub fn export(
    store: &Store,
    opts: &Options,
    out: &mut dyn Write,
) -> std::result::Result<usize, Box<dyn std::error::Error>> {
    if opts.findings {
        return export_findings(store, opts, out);
    }
    let report_sql = "SELECT r.id, r.organ_id, r.agency, r.year, r.template, r.published, r.index_no, r.source_path, r.source_sha256,
                             r.complete_table2, r.complete_table3, r.complete_table4, r.proactive_total, r.applications_received
                      FROM reports r WHERE r.current = 1 ORDER BY r.id";
    let value_query = format!(
        "SELECT v.tbl, v.row, v.col, {}, v.raw, v.provenance FROM report_values v JOIN reports r ON r.id = v.report_id
         {CORRECTION_JOIN} WHERE v.report_id = ?1",
        value_sql(opts.corrected)
    );
    let conn = &store.conn;
    let mut reports = conn.prepare(report_sql)?;
    let mut values = conn.prepare(&value_query)?;
    let cells = wide_cells();
    let header: Vec<String> = if opts.wide {
        REPORT_FIELDS.iter().map(|s| s.to_string()).chain(cells.iter().cloned()).collect()
    } else {
        LONG_COLUMNS.iter().map(|s| s.to_string()).collect()
    };
    let mut sink = Sink::new(out, opts, header)?;
    let mut n = 0;
    let mut rows = reports.query([])?;
    while let Some(r) = rows.next()? {
        let fields: Vec<Value> = (0..REPORT_FIELDS.len())
            .map(|i| match r.get_ref(i) {
                Ok(rusqlite::types::ValueRef::Integer(v)) => Value::from(v),
                Ok(rusqlite::types::ValueRef::Text(t)) => Value::from(String::from_utf8_lossy(t).into_owned()),
                _ => Value::Null,
            })
            .collect();
        let id: i64 = r.get(0)?;
        let vals: Vec<Cell> = values
            .query_map([id], |v| Ok((v.get(0)?, v.get(1)?, v.get(2)?, v.get(3)?, v.get(4)?, v.get(5)?, v.get(6)?)))?
            .collect::<std::result::Result<_, _>>()?;
        if opts.wide {
            let by_cell: BTreeMap<String, Value> =
                vals.iter().map(|(t, rw, c, exact, ..)| (format!("{t}.{rw}.{c}"), number(exact.as_deref()))).collect();
            let mut row = fields;
            row.extend(cells.iter().map(|k| by_cell.get(k).cloned().unwrap_or(Value::Null)));
            sink.row(&row)?;
            n += 1;
        } else {
            for (t, rw, c, exact, corrected, raw, prov) in vals {
                let row = vec![
                    fields[0].clone(),
                    fields[1].clone(),
                    fields[2].clone(),
                    fields[3].clone(),
                    fields[4].clone(),
                    t.into(),
                    rw.into(),
                    c.into(),
                    number(exact.as_deref()),
                    raw.map_or(Value::Null, Value::from),
                    Value::from(corrected),
                    prov.map_or(Value::Null, Value::from),
                    fields[7].clone(),
                ];
                sink.row(&row)?;
                n += 1;
            }
        }
    }
    sink.finish()?;
    Ok(n)
}

#[cfg(feature = "parquet")]
mod parquet_sink {
    //! Rows gathered into Arrow record batches and written as Parquet: numbers as Float64 or
    //! Int64 columns, everything else as UTF-8.

    use std::io::Write;
    use std::sync::Arc;

    use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use serde_json::Value;

    const BATCH: usize = 8192;

    fn kind(column: &str) -> DataType {
        match column {
            "report_id" | "organ_id" | "year" | "proactive_total" | "applications_received" => DataType::Int64,
            "complete_table2" | "complete_table3" | "complete_table4" | "corrected" => DataType::Boolean,
            "value" => DataType::Float64,
            c if c.starts_with("table") && c.contains('.') => DataType::Float64,
            _ => DataType::Utf8,
        }
    }

    pub struct ParquetSink<'a> {
        out: &'a mut dyn Write,
        schema: Arc<Schema>,
        rows: Vec<Vec<Value>>,
        buffer: Option<ArrowWriter<Vec<u8>>>,
    }

    fn io(e: impl std::fmt::Display) -> std::io::Error {
        std::io::Error::other(e.to_string())
    }

    impl<'a> ParquetSink<'a> {
        pub fn new(out: &'a mut dyn Write, header: &[String], _wide: bool) -> ParquetSink<'a> {
            let fields: Vec<Field> = header.iter().map(|h| Field::new(h, kind(h), true)).collect();
            let schema = Arc::new(Schema::new(fields));
            let buffer = ArrowWriter::try_new(Vec::new(), schema.clone(), None).ok();
            ParquetSink { out, schema, rows: Vec::new(), buffer }
        }

        pub fn row(&mut self, cells: &[Value]) -> std::io::Result<()> {
            self.rows.push(cells.to_vec());
            if self.rows.len() >= BATCH {
                self.flush_batch()?;
            }
            Ok(())
        }

        fn flush_batch(&mut self) -> std::io::Result<()> {
            let rows = std::mem::take(&mut self.rows);
            let columns: Vec<ArrayRef> = self
                .schema
                .fields()
                .iter()
                .enumerate()
                .map(|(i, f)| -> ArrayRef {
                    let col = rows.iter().map(|r| r.get(i).unwrap_or(&Value::Null));
                    match f.data_type() {
                        DataType::Int64 => Arc::new(col.map(Value::as_i64).collect::<Int64Array>()),
                        DataType::Float64 => Arc::new(col.map(Value::as_f64).collect::<Float64Array>()),
                        DataType::Boolean => Arc::new(
                            col.map(|v| v.as_bool().or_else(|| v.as_i64().map(|n| n != 0))).collect::<BooleanArray>(),
                        ),
                        _ => Arc::new(col.map(|v| v.as_str().map(str::to_string)).collect::<StringArray>()),
                    }
                })
                .collect();
            let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(io)?;
            self.buffer.as_mut().ok_or_else(|| io("parquet writer"))?.write(&batch).map_err(io)
        }

        pub fn finish(mut self) -> std::io::Result<()> {
            if !self.rows.is_empty() {
                self.flush_batch()?;
            }
            let bytes = self.buffer.take().ok_or_else(|| io("parquet writer"))?.into_inner().map_err(io)?;
            self.out.write_all(&bytes)?;
            self.out.flush()
        }
    }
}
