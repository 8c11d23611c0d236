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
use crate::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Csv,
    Jsonl,
    /// Apache Parquet (built with the `parquet` feature).
    #[cfg(feature = "parquet")]
    Parquet,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub wide: bool,
    pub corrected: bool,
    /// One row per finding instead of per value or per report.
    pub findings: bool,
    /// Start a CSV with the UTF-8 byte-order mark Excel needs to read Chinese.
    pub bom: bool,
    /// The language of the findings' messages and cell names.
    pub lang: xxgk_core::Lang,
}

/// Report columns both forms start with.
const REPORT_FIELDS: [&str; 14] = [
    "report_id", "organ_id", "agency", "year", "template", "published", "index_no", "source_path", "source_sha256",
    "complete_table2", "complete_table3", "complete_table4", "proactive_total", "applications_received",
];

pub const LONG_COLUMNS: [&str; 13] = [
    "report_id", "organ_id", "agency", "year", "template", "table", "row", "column", "value", "raw", "corrected", "provenance",
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
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&header).map_err(csv_io)?;
        Ok(Sink::Csv(Box::new(w)))
    }

    fn row(&mut self, cells: &[Value]) -> std::io::Result<()> {
        match self {
            Sink::Csv(w) => {
                let texts = cells.iter().map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
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

pub const FINDING_COLUMNS: [&str; 11] =
    ["report_id", "agency", "year", "scope", "code", "severity", "message", "cells", "cell_names", "location", "source_path"];

/// One finding of a current report as the exports show it.
pub struct FindingRow {
    pub report_id: i64,
    pub agency: Option<String>,
    pub year: Option<i64>,
    pub scope: String,
    pub code: String,
    pub severity: String,
    /// The message in the language asked for.
    pub message: String,
    /// `table.row.column` paths.
    pub cells: Vec<String>,
    /// The same cells as the template names them (`表三·（一）予以公开·自然人`).
    pub cell_names: Vec<String>,
    /// Where in the source, in words.
    pub location: Option<String>,
    pub source_path: String,
}

/// Every finding of the current reports, by report, in `lang`: what the findings export and the
/// workbook's findings sheet both write.
pub fn for_each_finding(store: &Store, lang: xxgk_core::Lang, mut each: impl FnMut(FindingRow) -> std::result::Result<(), Box<dyn std::error::Error>>) -> std::result::Result<usize, Box<dyn std::error::Error>> {
    let conn = store.connection();
    let mut st = conn.prepare(
        "SELECT f.report_id, r.agency, r.year, f.scope, f.code, f.severity, f.message_zh, f.message_en, f.cells, f.location, r.source_path
         FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 ORDER BY f.report_id, f.id",
    )?;
    let mut rows = st.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let cells: Vec<String> = r.get::<_, Option<String>>(8)?.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default();
        let cell_names = cells.iter().map(|c| xxgk_core::report::cell_name(c, lang).unwrap_or_else(|| c.clone())).collect();
        let at: Option<xxgk_core::Span> = r.get::<_, Option<String>>(9)?.and_then(|l| serde_json::from_str(&l).ok());
        each(FindingRow {
            report_id: r.get(0)?,
            agency: r.get(1)?,
            year: r.get(2)?,
            scope: r.get(3)?,
            code: r.get(4)?,
            severity: r.get(5)?,
            message: r.get(if lang == xxgk_core::Lang::Zh { 6 } else { 7 })?,
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
    names.join(if lang == xxgk_core::Lang::Zh { "；" } else { "; " })
}

/// One row per finding of the current reports (see [`for_each_finding`]).
fn export_findings(store: &Store, opts: &Options, out: &mut dyn Write) -> std::result::Result<usize, Box<dyn std::error::Error>> {
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
pub fn export(store: &Store, opts: &Options, out: &mut dyn Write) -> std::result::Result<usize, Box<dyn std::error::Error>> {
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
    let conn = store.connection();
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

/// What `stats` groups by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum By {
    Year,
    Region,
    Level,
}

pub const STATS_COLUMNS: [&str; 17] = [
    "group", "reports", "applications", "processed", "granted", "partially_granted", "withheld", "unable", "not_processed",
    "other", "rate_reports", "grant_rate", "withheld_rate", "unable_rate", "not_processed_rate", "reviews", "lawsuits",
];

/// Totals and rates per group over the current reports: applications received (表三 本年新收
/// 总计), outcomes (总计 column), the shares granted in full or in part, withheld (不予公开),
/// unable to provide (无法提供) and not processed (不予处理), administrative reviews and lawsuits
/// (表四 总计).
///
/// Blank cells are unknown: they add nothing to a total. A share is computed only over the
/// reports whose 表三 states every outcome and the （七）总计 (`rate_reports` counts them): a
/// report cut off after its first rows would otherwise add to the numerators of some shares
/// and not to their denominators, and shares would pass 100 %.
pub fn stats(store: &Store, by: By, corrected: bool) -> Result<(Vec<String>, Vec<Vec<Value>>)> {
    let group = match by {
        By::Year => "CAST(r.year AS TEXT)",
        By::Region => "o.region",
        By::Level => "o.level",
    };
    let value = if corrected { "CAST(CASE WHEN c.id IS NULL THEN v.exact ELSE c.exact END AS REAL)" } else { "v.value" };
    let t3 = |cond: &str, agg: &str| format!("{agg}(CASE WHEN tbl = 'table3' AND ({cond}) THEN x END)");
    let outcome = "row IN ('granted', 'partially_granted', 'total_processed') OR row LIKE 'withheld%' OR row LIKE 'unable%'
                   OR row LIKE 'not_processed%' OR row LIKE 'other%'";
    let sql = format!(
        "WITH cells AS (
             SELECT r.id AS id, {group} AS g, r.complete_table3 AS complete, v.tbl AS tbl, v.row AS row, {value} AS x
             FROM reports r LEFT JOIN organs o ON o.id = r.organ_id
             JOIN report_values v ON v.report_id = r.id {CORRECTION_JOIN}
             WHERE r.current = 1 AND v.col = 'total' AND v.tbl IN ('table3', 'table4')
         ), per AS (
             SELECT id, g, {applications} AS applications, {processed} AS processed, {granted} AS granted,
                    {partial} AS partial, {withheld} AS withheld, {unable} AS unable, {not_processed} AS not_processed,
                    {other} AS other,
                    max(complete) = 1 AND count(CASE WHEN tbl = 'table3' AND ({outcome}) AND x IS NULL THEN 1 END) = 0
                        AND {processed} IS NOT NULL AS base,
                    max(CASE WHEN tbl = 'table4' AND row = 'review' THEN x END) AS reviews,
                    sum(CASE WHEN tbl = 'table4' AND row LIKE 'litigation%' THEN x END) AS lawsuits
             FROM cells GROUP BY id
         )
         SELECT g, count(*), sum(applications), sum(processed), sum(granted), sum(partial), sum(withheld), sum(unable),
                sum(not_processed), sum(other), count(CASE WHEN base THEN 1 END),
                sum(CASE WHEN base THEN processed END), sum(CASE WHEN base THEN granted + partial END),
                sum(CASE WHEN base THEN withheld END), sum(CASE WHEN base THEN unable END),
                sum(CASE WHEN base THEN not_processed END), sum(reviews), sum(lawsuits)
         FROM per GROUP BY g ORDER BY g",
        applications = t3("row = 'new_received'", "max"),
        processed = t3("row = 'total_processed'", "max"),
        granted = t3("row = 'granted'", "max"),
        partial = t3("row = 'partially_granted'", "max"),
        withheld = t3("row LIKE 'withheld%'", "sum"),
        unable = t3("row LIKE 'unable%'", "sum"),
        not_processed = t3("row LIKE 'not_processed%'", "sum"),
        other = t3("row LIKE 'other%'", "sum"),
    );
    let conn = store.connection();
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map([], |r| {
        let f = |i: usize| -> rusqlite::Result<Option<f64>> { r.get(i) };
        let base = f(11)?;
        // Shares of the outcomes (总计 column) over the reports that state them all, to three
        // places; unknown without any.
        let rate = |part: Option<f64>| -> Value {
            base.filter(|p| *p > 0.0).map_or(Value::Null, |p| Value::from((part.unwrap_or(0.0) / p * 1000.0).round() / 1000.0))
        };
        let num = |v: Option<f64>| v.map_or(Value::Null, |x| Value::from(x as i64));
        Ok(vec![
            r.get::<_, Option<String>>(0)?.map_or(Value::Null, Value::from),
            Value::from(r.get::<_, i64>(1)?),
            num(f(2)?),
            num(f(3)?),
            num(f(4)?),
            num(f(5)?),
            num(f(6)?),
            num(f(7)?),
            num(f(8)?),
            num(f(9)?),
            Value::from(r.get::<_, i64>(10)?),
            rate(f(12)?),
            rate(f(13)?),
            rate(f(14)?),
            rate(f(15)?),
            num(f(16)?),
            num(f(17)?),
        ])
    })?;
    Ok((STATS_COLUMNS.iter().map(|s| s.to_string()).collect(), rows.collect::<std::result::Result<_, _>>()?))
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
                        DataType::Boolean => Arc::new(col.map(|v| v.as_bool().or_else(|| v.as_i64().map(|n| n != 0))).collect::<BooleanArray>()),
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
