//! Commands over the store: organs, stored findings, statistics, SQL, exports, corrections.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use xxgk_core::{Lang, Severity};
use xxgk_store::{export, table};
use xxgk_store::figures::{self, By, Scope};
use xxgk_store::{Correction, Store};

use xxgk_store::BUSY_WAIT;

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

fn exists(db: &Path, lang: Lang) -> Result<(), Failure> {
    if db.exists() {
        Ok(())
    } else {
        Err(Failure::Msg(say(lang, format!("{}：数据库不存在，请先运行 xxgk ingest", db.display()), format!("{}: no such store (make it with `xxgk ingest`)", db.display()))))
    }
}

/// Open for a command that writes (corrections, merges, removals).
fn open(db: &Path, lang: Lang) -> Result<Store, Failure> {
    exists(db, lang)?;
    Store::open(db, BUSY_WAIT).map_err(sql_err(db, lang))
}

/// Open for a command that only reads: works on a store the user may not write.
pub fn open_read(db: &Path, lang: Lang) -> Result<Store, Failure> {
    exists(db, lang)?;
    Store::open_read_only(db).map_err(sql_err(db, lang))
}

fn say(lang: Lang, zh: String, en: String) -> String {
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

fn sql_err(db: &Path, lang: Lang) -> impl Fn(xxgk_store::Error) -> Failure + '_ {
    move |e| Failure::Msg(format!("{}{}{}", db.display(), if lang == Lang::Zh { "：" } else { ": " }, crate::errors::store(&e, lang)))
}

/// An organ named by its id or name, or a message listing the organs the name could mean.
pub fn one_organ(store: &Store, name: &str, lang: Lang) -> Result<i64, Failure> {
    match xxgk_store::find_organ(store, name).map_err(|e| Failure::Msg(e.to_string()))? {
        xxgk_store::Named::One(id) => Ok(id),
        xxgk_store::Named::None if name.trim().parse::<i64>().is_ok() => {
            Err(Failure::Msg(say(lang, format!("没有编号为 {name} 的机关"), format!("no organ with id {name}"))))
        }
        xxgk_store::Named::None => Err(Failure::Msg(say(lang, format!("没有名为“{name}”的机关"), format!("no organ is named '{name}'")))),
        xxgk_store::Named::Several(all) => {
            let list: Vec<String> = all.iter().map(|(id, n)| format!("  {id}  {n}")).collect();
            Err(Failure::Msg(say(
                lang,
                format!("“{name}”可指 {} 个机关，请用编号或全称指明：\n{}", all.len(), list.join("\n")),
                format!("'{name}' matches {} organs; give an id or the full name:\n{}", all.len(), list.join("\n")),
            )))
        }
    }
}

pub fn organs(db: &Path, name: Option<&str>, merge: Option<(&str, &str)>, split: Option<&str>, lang: Lang) -> Result<ExitCode, Failure> {
    if let Some((into, from)) = merge {
        let mut store = open(db, lang)?;
        let (into, from) = (one_organ(&store, into, lang)?, one_organ(&store, from, lang)?);
        return match xxgk_store::merge_organs(&mut store, into, from).map_err(sql_err(db, lang))? {
            Ok(()) => {
                println!("{}", say(lang, format!("已将机关 {from} 并入 {into}"), format!("organ {from} merged into {into}")));
                Ok(ExitCode::SUCCESS)
            }
            Err((zh, en)) => Err(Failure::Msg(say(lang, zh, en))),
        };
    }
    if let Some(name) = split {
        let mut store = open(db, lang)?;
        return match xxgk_store::split_organ(&mut store, name).map_err(sql_err(db, lang))? {
            Some(id) => {
                println!("{}", say(lang, format!("“{name}”的报告已成为机关 {id}"), format!("reports signed '{name}' are now organ {id}")));
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Failure::Msg(say(lang, format!("没有以“{name}”署名的报告"), format!("no report is signed '{name}'")))),
        };
    }
    let store = open_read(db, lang)?;
    let list = xxgk_store::organs(&store, name).map_err(sql_err(db, lang))?;
    let header: Vec<String> = ["id", "name", "level", "region", "division", "years", "reports", "names"].iter().map(|s| s.to_string()).collect();
    let rows: Vec<Vec<Value>> = list
        .iter()
        .map(|o| {
            let years: Vec<String> = o.years.iter().map(i64::to_string).collect();
            vec![
                o.id.into(),
                o.name.clone().into(),
                o.level.clone().into(),
                o.region.clone().into(),
                o.division.clone().into(),
                years.join(",").into(),
                o.reports.into(),
                o.names.join(" | ").into(),
            ]
        })
        .collect();
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// What `check --db` shows.
pub struct CheckOptions {
    pub corrected: bool,
    pub filter: xxgk_store::review::Filter,
    /// Counts per code instead of every finding.
    pub statistics: bool,
}

/// `check --db`: the findings of every current report (single-report and across years), or
/// with `corrected` the value checks run again on the corrected values; then every path that
/// could not be read. Exit 2 while any path is unreadable, else 1 when a finding shown is an
/// error.
pub fn check(db: &Path, opts: &CheckOptions, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let reviewed = xxgk_store::review::review(&store, &opts.filter, opts.corrected).map_err(sql_err(db, lang))?;
    let unreadable = xxgk_store::review::paths(&store, true).map_err(sql_err(db, lang))?;
    let mut out = std::io::stdout().lock();
    let unknown = say(lang, "未识别".into(), "unknown".into());
    let findings: Vec<&xxgk_store::review::Finding> = reviewed.iter().flat_map(|r| &r.findings).collect();
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    if opts.statistics {
        let header: Vec<String> = if lang == Lang::Zh {
            ["发现数", "报告数", "代码", "严重程度"]
        } else {
            ["findings", "reports", "code", "severity"]
        }
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows: Vec<Vec<Value>> = xxgk_store::review::statistics(&reviewed)
            .into_iter()
            .map(|c| vec![c.findings.into(), c.reports.into(), c.code.into(), c.severity.as_str().into()])
            .collect();
        table::aligned(&mut out, &header, &rows)?;
    } else {
        for r in &reviewed {
            let rep = &r.report;
            let agency = rep.agency.clone().unwrap_or_else(|| unknown.clone());
            let year = rep.year.map_or(unknown.clone(), |y| y.to_string());
            writeln!(out, "{agency} {year} (#{} {})", rep.id, rep.source_path)?;
            for p in &r.also_at {
                writeln!(out, "  {}{p}", say(lang, "同一报告另见：".into(), "the same report also at: ".into()))?;
            }
            for f in &r.findings {
                writeln!(out, "  {}[{}]: {}", f.severity.as_str(), f.code, f.message(lang))?;
            }
        }
    }
    if !unreadable.is_empty() {
        writeln!(out, "{}", say(lang, format!("无法读取的文件 {} 个：", unreadable.len()), format!("{} files could not be read:", unreadable.len())))?;
        for p in &unreadable {
            writeln!(out, "  {}", p.reason(lang).unwrap_or_default())?;
        }
    }
    let which = match (lang, opts.corrected) {
        (Lang::Zh, true) => "（按更正后的数值）",
        (Lang::Zh, false) => "（按发布的数值）",
        (Lang::En, true) => " (corrected values)",
        (Lang::En, false) => " (values as published)",
    };
    let line = say(
        lang,
        format!("共 {} 份报告有 {} 条发现，其中错误 {errors} 条{which}；无法读取的文件 {} 个", reviewed.len(), findings.len(), unreadable.len()),
        format!("{} findings in {} reports, {errors} errors{which}; {} unreadable files", findings.len(), reviewed.len(), unreadable.len()),
    );
    writeln!(out, "{line}")?;
    Ok(if !unreadable.is_empty() {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `files`: every stored path with what was read from it, or why nothing could be; or remove
/// paths from the store.
pub fn files(db: &Path, unreadable_only: bool, remove: &[PathBuf], lang: Lang) -> Result<ExitCode, Failure> {
    if !remove.is_empty() {
        let mut store = open(db, lang)?;
        let mut unknown = Vec::new();
        for p in remove {
            let name = crate::ingest::canonical(p);
            if xxgk_store::review::remove_path(&mut store, &name).map_err(sql_err(db, lang))? {
                println!("{}", say(lang, format!("已从数据库移除：{name}"), format!("removed from the store: {name}")));
            } else {
                unknown.push(name);
            }
        }
        if !unknown.is_empty() {
            return Err(Failure::Msg(say(lang, format!("数据库中没有这些路径：{}", unknown.join("、")), format!("the store has no such paths: {}", unknown.join(", ")))));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let store = open_read(db, lang)?;
    let all = xxgk_store::review::paths(&store, unreadable_only).map_err(sql_err(db, lang))?;
    let header: Vec<String> =
        if lang == Lang::Zh { ["路径", "格式", "报告数", "状态"] } else { ["path", "format", "reports", "status"] }.iter().map(|s| s.to_string()).collect();
    let ok = say(lang, "已读取".into(), "read".into());
    let rows: Vec<Vec<Value>> = all
        .iter()
        .map(|p| vec![p.path.clone().into(), p.format.clone().into(), p.reports.into(), p.reason(lang).map_or(ok.clone(), str::to_string).into()])
        .collect();
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    let bad = all.iter().filter(|p| p.error.is_some()).count();
    Ok(if bad > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// `versions`: organ years with several stored reports, which one is current; or choose one.
pub fn versions(db: &Path, name: Option<&str>, choose: Option<i64>, author: &str, lang: Lang) -> Result<ExitCode, Failure> {
    if let Some(id) = choose {
        let mut store = open(db, lang)?;
        return match xxgk_store::versions::use_version(&mut store, id, author).map_err(sql_err(db, lang))? {
            Ok(()) => {
                println!("{}", say(lang, format!("报告 #{id} 现为该机关该年度的当前版本"), format!("report #{id} is now the current version of its organ's year")));
                Ok(ExitCode::SUCCESS)
            }
            Err((zh, en)) => Err(Failure::Msg(say(lang, zh, en))),
        };
    }
    let store = open_read(db, lang)?;
    let all = xxgk_store::versions::versions(&store, name).map_err(sql_err(db, lang))?;
    let header: Vec<String> = if lang == Lang::Zh {
        ["报告", "机关", "年度", "状态", "发布日期", "路径"]
    } else {
        ["report", "organ", "year", "status", "published", "path"]
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    let status = |v: &xxgk_store::versions::Version| -> String {
        match (v.current, v.copy, lang) {
            (true, _, Lang::Zh) => "当前".into(),
            (true, _, Lang::En) => "current".into(),
            (false, true, Lang::Zh) => "相同内容的副本".into(),
            (false, true, Lang::En) => "copy of the same content".into(),
            (false, false, Lang::Zh) => "已被取代".into(),
            (false, false, Lang::En) => "superseded".into(),
        }
    };
    let rows: Vec<Vec<Value>> = all
        .iter()
        .map(|v| vec![v.report.into(), v.agency.clone().into(), v.year.into(), status(v).into(), v.published.clone().into(), v.path.clone().into()])
        .collect();
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// `roster`: import the units each government is expected to have, or list them.
pub fn roster(db: &Path, import: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    if let Some(file) = import {
        let mut store = open(db, lang)?;
        let f = std::fs::File::open(file).map_err(|e| Failure::Msg(format!("{}: {e}", file.display())))?;
        return match xxgk_store::rollup::import_roster(&mut store, f).map_err(sql_err(db, lang))? {
            Ok(n) => {
                println!("{}", say(lang, format!("已导入 {n} 个所属单位"), format!("{n} units imported")));
                Ok(ExitCode::SUCCESS)
            }
            Err((zh, en)) => Err(Failure::Msg(format!("{}: {}", file.display(), say(lang, zh, en)))),
        };
    }
    let store = open_read(db, lang)?;
    let (header, rows) = xxgk_store::query::sql(&store, "SELECT government, unit FROM roster ORDER BY government, unit").map_err(sql_err(db, lang))?;
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// `stats` and `query` output ([`table::write`]): to `output` or standard output; a workbook
/// only to a file.
fn write_table(header: &[String], rows: &[Vec<Value>], format: &str, output: Option<&Path>, sheet: &str, lang: Lang) -> Result<(), Failure> {
    match (format, output) {
        ("xlsx", None) => Err(needs_output(lang)),
        (_, Some(p)) => {
            let mut w = std::io::BufWriter::new(std::fs::File::create(p).map_err(|e| cannot_write(p, e, lang))?);
            table::write(&mut w, header, rows, format, true, sheet).map_err(|e| cannot_write(p, e, lang))?;
            Ok(w.flush().map_err(|e| cannot_write(p, e, lang))?)
        }
        (_, None) => Ok(table::write(&mut std::io::stdout().lock(), header, rows, format, false, sheet)?),
    }
}

/// A workbook is binary: it is written only to a file named with -o.
fn needs_output(lang: Lang) -> Failure {
    Failure::Msg(say(lang, "xlsx 是二进制文件，请用 -o 指定输出文件".into(), "xlsx is binary: name an output file with -o".into()))
}

fn cannot_write(p: &Path, e: std::io::Error, lang: Lang) -> Failure {
    let why = crate::errors::os(&e, lang);
    Failure::Msg(say(lang, format!("{}：无法写入（{why}）", p.display()), format!("{}: cannot write ({why})", p.display())))
}

pub fn stats(db: &Path, by: By, scope: &Scope, corrected: bool, format: &str, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let (mut header, rows) = figures::load(&store, corrected).map_err(sql_err(db, lang))?.stats(by, scope);
    let zh = lang == Lang::Zh;
    if zh && matches!(format, "table" | "xlsx") {
        header = header.iter().map(|h| figures::column_name(h, lang).to_string()).collect();
    }
    write_table(&header, &rows, format, output, if zh { "统计" } else { "stats" }, lang)?;
    if format == "table" {
        let which = match (lang, corrected) {
            (Lang::Zh, true) => "按更正后的数值统计；空白单元格不计入；比例只按表三办理结果填报完整的报告（计算比例的报告数）计算",
            (Lang::Zh, false) => "按发布的数值统计；空白单元格不计入；比例只按表三办理结果填报完整的报告（计算比例的报告数）计算",
            (Lang::En, true) => "corrected values; blank cells count as unknown; shares only over the rate_reports reports that state every outcome",
            (Lang::En, false) => "values as published; blank cells count as unknown; shares only over the rate_reports reports that state every outcome",
        };
        let mut out = std::io::stdout().lock();
        writeln!(out, "({which})")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn query(db: &Path, sql: &str, format: &str, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let (header, rows) = xxgk_store::query::sql(&store, sql).map_err(sql_err(db, lang))?;
    write_table(&header, &rows, format, output, if lang == Lang::Zh { "查询结果" } else { "query" }, lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(db: &Path, opts: &export::Options, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let n = match output {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|e| cannot_write(p, e, lang))?;
            let mut w = std::io::BufWriter::new(f);
            export::export(&store, opts, &mut w)
        }
        None => export::export(&store, opts, &mut std::io::stdout().lock()),
    }
    .map_err(|e| match e.downcast::<std::io::Error>() {
        Ok(io) => Failure::Io(*io),
        Err(e) => Failure::Msg(e.to_string()),
    })?;
    let what = match (opts.findings, opts.wide) {
        (true, _) => ("个问题", "findings"),
        (_, true) => ("份报告", "reports"),
        _ => ("个数值", "values"),
    };
    eprintln!("{}", match (lang, opts.corrected) {
        (Lang::Zh, true) => format!("已导出 {n} {}（更正后的数值）", what.0),
        (Lang::Zh, false) => format!("已导出 {n} {}（发布的数值）", what.0),
        (Lang::En, true) => format!("{n} {} exported (corrected values)", what.1),
        (Lang::En, false) => format!("{n} {} exported (values as published)", what.1),
    });
    Ok(ExitCode::SUCCESS)
}

/// `export --format xlsx`: the store as one workbook, to a file.
pub fn workbook(db: &Path, corrected: bool, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let p = output.ok_or_else(|| needs_output(lang))?;
    let store = open_read(db, lang)?;
    let bytes = xxgk_store::workbook::workbook(&store, corrected, lang).map_err(|e| Failure::Msg(e.to_string()))?;
    std::fs::write(p, bytes).map_err(|e| cannot_write(p, e, lang))?;
    eprintln!("{}", if lang == Lang::Zh { format!("已写入 {}", p.display()) } else { format!("written {}", p.display()) });
    Ok(ExitCode::SUCCESS)
}

pub fn correct(db: &Path, c: &Correction, lang: Lang) -> Result<ExitCode, Failure> {
    let mut store = open(db, lang)?;
    match xxgk_store::correct(&mut store, c).map_err(sql_err(db, lang))? {
        Ok(id) => {
            println!("{}", if lang == Lang::Zh { format!("已记录更正 #{id}；发布值保留不变") } else { format!("correction #{id} recorded; the published value is kept") });
            Ok(ExitCode::SUCCESS)
        }
        Err((zh, en)) => Err(Failure::Msg(if lang == Lang::Zh { zh } else { en })),
    }
}

pub fn rollup(db: &Path, year: Option<i64>, organ: Option<&str>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let all = xxgk_store::rollup::rollup(&store, year, organ).map_err(sql_err(db, lang))?;
    let zh = lang == Lang::Zh;
    let mut out = std::io::stdout().lock();
    let mut differing = 0;
    for r in &all {
        let m = &r.members;
        let g = &m.government;
        let units: Vec<String> = m.units.iter().map(|u| u.agency.clone().unwrap_or_default()).collect();
        let year = g.year.map_or(crate::unknown(lang).into(), |y| y.to_string());
        let name = g.agency.clone().unwrap_or_default();
        let coverage = match m.expected {
            Some(n) => say(lang, format!("所属单位 {} / {n} 个在库", units.len()), format!("{} of {n} units present", units.len())),
            None => say(lang, format!("在库所属单位 {} 个（未导入名单，应有单位数未知）", units.len()), format!("{} units present (no roster: the expected units are unknown)", units.len())),
        };
        let listed = match (units.is_empty(), zh) {
            (true, _) => String::new(),
            (false, true) => format!("（{}）", units.join("、")),
            (false, false) => format!(" ({})", units.join(", ")),
        };
        writeln!(out, "{name} {year}{}{coverage}{listed}", if zh { "：" } else { ": " })?;
        if !m.missing.is_empty() {
            writeln!(out, "  {}{}", say(lang, "缺少：".into(), "missing: ".into()), m.missing.join(if zh { "、" } else { ", " }))?;
        }
        if m.complete() {
            for c in &r.differ {
                let (gv, uv) = (c.government.map_or("空".into(), |v| v.to_string()), c.units.map_or(crate::unknown(lang).into(), |v| v.to_string()));
                let msg = say(lang, format!("政府报告 {gv}，所属单位合计 {uv}"), format!("government {gv}, units' sum {uv}"));
                let cell = xxgk_core::report::cell_name(&c.cell, lang).unwrap_or_else(|| c.cell.clone());
                writeln!(out, "  warning[ROLLUP]: {cell}  {msg}")?;
            }
            differing += r.differ.len();
        } else if !r.differ.is_empty() {
            writeln!(
                out,
                "  {}",
                say(
                    lang,
                    format!("所属单位不全，合计不完整：{} 格与在库单位之和不同，不作为问题提示", r.differ.len()),
                    format!("the units are incomplete, so the sums are partial: {} cells differ from the present units' sum, not flagged", r.differ.len())
                )
            )?;
        }
        if r.unknown > 0 {
            writeln!(out, "  {}", say(lang, format!("另有 {} 格因所属单位留空而无法合计", r.unknown), format!("{} more cells cannot be summed: a unit left them blank", r.unknown)))?;
        }
    }
    let complete = all.iter().filter(|r| r.members.complete()).count();
    let line = say(
        lang,
        format!("共比较 {} 份政府报告（所属单位齐全的 {complete} 份），{differing} 格与所属单位合计不符", all.len()),
        format!("{} government reports compared ({complete} with every unit present), {differing} cells differ from their units' sum", all.len()),
    );
    writeln!(out, "{line}")?;
    Ok(ExitCode::SUCCESS)
}
