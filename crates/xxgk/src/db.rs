//! Commands over the store: organs, stored findings, statistics, SQL, exports, corrections.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;
use xxgk_core::{Lang, Severity};
use xxgk_store::export::{self, By};
use xxgk_store::{Correction, Store};

use crate::ingest::BUSY_WAIT;

/// Why a store command failed: output that could not be written (a closed pipe ends the
/// command quietly), or a message for the user, already in their language.
pub enum Failure {
    Io(std::io::Error),
    Msg(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<String> for Failure {
    fn from(m: String) -> Failure {
        Failure::Msg(m)
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        Failure::Msg(e.to_string())
    }
}

fn open(db: &Path) -> Result<Store, Failure> {
    if !db.exists() {
        return Err(Failure::Msg(format!("{}: no such store (create it with `xxgk ingest`) / 数据库不存在，请先运行 xxgk ingest", db.display())));
    }
    Store::open(db, BUSY_WAIT).map_err(sql_err(db))
}

fn sql_err(db: &Path) -> impl Fn(xxgk_store::Error) -> Failure + '_ {
    move |e| Failure::Msg(format!("{}: {e}", db.display()))
}

/// Print rows as aligned columns (CJK counted double), CSV or JSON lines.
pub fn print_table(out: &mut dyn Write, header: &[String], rows: &[Vec<Value>], format: &str) -> std::io::Result<()> {
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match format {
        "jsonl" => {
            for r in rows {
                let o: serde_json::Map<String, Value> = header.iter().cloned().zip(r.iter().cloned()).collect();
                writeln!(out, "{}", Value::Object(o))?;
            }
        }
        "csv" | "tsv" => {
            let sep = if format == "csv" { b',' } else { b'\t' };
            let mut w = csv::WriterBuilder::new().delimiter(sep).from_writer(out);
            w.write_record(header).map_err(export::csv_io)?;
            for r in rows {
                w.write_record(r.iter().map(text)).map_err(export::csv_io)?;
            }
            w.flush()?;
        }
        _ => {
            let width = xxgk_core::normalize::display_width;
            let cells: Vec<Vec<String>> = std::iter::once(header.to_vec()).chain(rows.iter().map(|r| r.iter().map(text).collect())).collect();
            let widths: Vec<usize> = (0..header.len()).map(|i| cells.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
            for r in &cells {
                let line: Vec<String> = r.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c)))).collect();
                writeln!(out, "{}", line.join("  ").trim_end())?;
            }
        }
    }
    Ok(())
}

pub fn organs(db: &Path, name: Option<&str>, merge: Option<(i64, i64)>, split: Option<&str>, lang: Lang) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    if let Some((into, from)) = merge {
        xxgk_store::merge_organs(&mut store, into, from).map_err(sql_err(db))?;
        println!("{}", if lang == Lang::Zh { format!("已将机关 {from} 并入 {into}") } else { format!("organ {from} merged into {into}") });
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(name) = split {
        return match xxgk_store::split_organ(&mut store, name).map_err(sql_err(db))? {
            Some(id) => {
                println!("{}", if lang == Lang::Zh { format!("“{name}”的报告已成为机关 {id}") } else { format!("reports signed '{name}' are now organ {id}") });
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Failure::Msg(if lang == Lang::Zh { format!("没有以“{name}”署名的报告") } else { format!("no report is signed '{name}'") })),
        };
    }
    let list = xxgk_store::organs(&store, name).map_err(sql_err(db))?;
    let header: Vec<String> = ["id", "name", "level", "region", "years", "reports", "names"].iter().map(|s| s.to_string()).collect();
    let rows: Vec<Vec<Value>> = list
        .iter()
        .map(|o| {
            let years: Vec<String> = o.years.iter().map(i64::to_string).collect();
            vec![o.id.into(), o.name.clone().into(), o.level.clone().into(), o.region.clone().into(), years.join(",").into(), o.reports.into(), o.names.join(" | ").into()]
        })
        .collect();
    print_table(&mut std::io::stdout().lock(), &header, &rows, "table")?;
    Ok(ExitCode::SUCCESS)
}

/// `check --db`: every stored finding (single-report and across years), or with `corrected`
/// the value checks run again on the corrected values. Exit 1 when any is an error.
pub fn check(db: &Path, corrected: bool, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open(db)?;
    let mut out = std::io::stdout().lock();
    let mut errors = 0;
    let mut total = 0;
    let msg_col = if lang == Lang::Zh { "message_zh" } else { "message_en" };
    let reports: Vec<(i64, String, Option<i64>, String)> = {
        let mut st = store
            .connection()
            .prepare("SELECT id, coalesce(agency, '?'), year, source_path FROM reports ORDER BY coalesce(agency, ''), year, id")
            ?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, agency, year, path) in reports {
        let mut found: Vec<(String, String, String)> = Vec::new();
        if corrected {
            if let Some(mut r) = xxgk_store::query::load_report(&store, id, true).map_err(sql_err(db))? {
                xxgk_core::check::check_values(&mut r);
                found.extend(r.diagnostics.iter().map(|d| (d.code.to_string(), d.severity.as_str().to_string(), d.message(lang).to_string())));
            }
        }
        let scope = if corrected { "scope = 'organ'" } else { "1" };
        let sql = format!("SELECT code, severity, {msg_col} FROM findings WHERE report_id = ?1 AND {scope} ORDER BY id");
        let mut st = store.connection().prepare_cached(&sql)?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        found.extend(rows.filter_map(Result::ok).filter(|(_, sev, _): &(String, String, String)| sev != Severity::Info.as_str()));
        if found.is_empty() {
            continue;
        }
        let year = year.map_or("?".into(), |y| y.to_string());
        writeln!(out, "{agency} {year} (#{id} {path})")?;
        for (code, sev, msg) in &found {
            writeln!(out, "  {sev}[{code}]: {msg}")?;
            errors += usize::from(sev == "error");
            total += 1;
        }
    }
    let which = match (lang, corrected) {
        (Lang::Zh, true) => "（按更正后的数值）",
        (Lang::Zh, false) => "（按发布的数值）",
        (Lang::En, true) => " (corrected values)",
        (Lang::En, false) => " (values as published)",
    };
    let line = match lang {
        Lang::Zh => format!("共 {total} 条发现，其中错误 {errors} 条{which}"),
        Lang::En => format!("{total} findings, {errors} errors{which}"),
    };
    writeln!(out, "{line}")?;
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn stats(db: &Path, by: By, corrected: bool, format: &str, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open(db)?;
    let (header, rows) = export::stats(&store, by, corrected).map_err(sql_err(db))?;
    let mut out = std::io::stdout().lock();
    print_table(&mut out, &header, &rows, format)?;
    if format == "table" {
        let which = match (lang, corrected) {
            (Lang::Zh, true) => "按更正后的数值统计；空白单元格不计入",
            (Lang::Zh, false) => "按发布的数值统计；空白单元格不计入",
            (Lang::En, true) => "corrected values; blank cells count as unknown",
            (Lang::En, false) => "values as published; blank cells count as unknown",
        };
        writeln!(out, "({which})")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn query(db: &Path, sql: &str, format: &str) -> Result<ExitCode, Failure> {
    if !db.exists() {
        return Err(Failure::Msg(format!("{}: no such store", db.display())));
    }
    let store = Store::open_read_only(db).map_err(sql_err(db))?;
    let (header, rows) = xxgk_store::query::sql(&store, sql).map_err(sql_err(db))?;
    print_table(&mut std::io::stdout().lock(), &header, &rows, format)?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(db: &Path, opts: &export::Options, output: Option<&Path>) -> Result<ExitCode, Failure> {
    let store = open(db)?;
    let n = match output {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|e| Failure::Msg(format!("{}: {e}", p.display())))?;
            let mut w = std::io::BufWriter::new(f);
            export::export(&store, opts, &mut w)
        }
        None => export::export(&store, opts, &mut std::io::stdout().lock()),
    }
    .map_err(|e| match e.downcast::<std::io::Error>() {
        Ok(io) => Failure::Io(*io),
        Err(e) => Failure::Msg(e.to_string()),
    })?;
    let which = if opts.corrected { "corrected values" } else { "values as published" };
    eprintln!("{n} rows ({which})");
    Ok(ExitCode::SUCCESS)
}

pub fn correct(db: &Path, c: &Correction, lang: Lang) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    match xxgk_store::correct(&mut store, c).map_err(sql_err(db))? {
        Ok(id) => {
            println!("{}", if lang == Lang::Zh { format!("已记录更正 #{id}；发布值保留不变") } else { format!("correction #{id} recorded; the published value is kept") });
            Ok(ExitCode::SUCCESS)
        }
        Err((zh, en)) => Err(Failure::Msg(if lang == Lang::Zh { zh } else { en })),
    }
}

pub fn rollup(db: &Path, year: Option<i64>, organ: Option<&str>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open(db)?;
    let all = xxgk_store::rollup::rollup(&store, year, organ).map_err(sql_err(db))?;
    let zh = lang == Lang::Zh;
    let mut out = std::io::stdout().lock();
    let mut differing = 0;
    for r in &all {
        let g = &r.government;
        let units: Vec<String> = r.units.iter().map(|u| u.agency.clone().unwrap_or_default()).collect();
        let year = g.year.map_or("?".into(), |y| y.to_string());
        let head = if zh {
            format!("{} {year}：所属单位 {} 个（{}）", g.agency.clone().unwrap_or_default(), units.len(), units.join("、"))
        } else {
            format!("{} {year}: {} units ({})", g.agency.clone().unwrap_or_default(), units.len(), units.join(", "))
        };
        writeln!(out, "{head}")?;
        for c in &r.differ {
            let (gv, uv) = (c.government.map_or("空".into(), |v| v.to_string()), c.units.map_or("?".into(), |v| v.to_string()));
            let msg = if zh { format!("政府报告 {gv}，所属单位合计 {uv}") } else { format!("government {gv}, units' sum {uv}") };
            writeln!(out, "  warning[ROLLUP]: {:<48} {msg}", c.cell)?;
        }
        if r.unknown > 0 {
            let msg = if zh { format!("  另有 {} 格因所属单位留空而无法合计", r.unknown) } else { format!("  {} more cells cannot be summed: a unit left them blank", r.unknown) };
            writeln!(out, "{msg}")?;
        }
        differing += r.differ.len();
    }
    let line = if zh { format!("共比较 {} 份政府报告，{differing} 格与所属单位合计不符", all.len()) } else { format!("{} government reports compared, {differing} cells differ from their units' sum", all.len()) };
    writeln!(out, "{line}")?;
    Ok(ExitCode::SUCCESS)
}
