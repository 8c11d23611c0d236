//! Commands over the store: organs, stored findings, statistics, SQL, exports, corrections.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use xxgk_core::i18n::text;
use xxgk_core::{tr, Lang, Severity};
use xxgk_store::audit::Actor;
use xxgk_store::figures::{self, By, Scope};
use xxgk_store::{export, table};
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
        Err(Failure::Msg(tr!(lang, "cli-no-store", db = db.display().to_string())))
    }
}

/// Open for a command that writes (corrections, merges, removals).
fn open(db: &Path, lang: Lang) -> Result<Store, Failure> {
    exists(db, lang)?;
    Store::open(db, BUSY_WAIT).map_err(sql_err(db, lang))
}

/// `backup`: a consistent copy of the store at `to`, while the workspace may be writing to it.
pub fn backup(db: &Path, to: &Path, lang: Lang) -> Result<ExitCode, Failure> {
    if to.exists() {
        return Err(Failure::Msg(tr!(lang, "cli-backup-exists", path = to.display().to_string())));
    }
    // A writable connection: SQLite writes the copy through it (the store itself is not written).
    let store = open(db, lang)?;
    store.backup(to).map_err(sql_err(db, lang))?;
    eprintln!("{}", tr!(lang, "cli-written", path = to.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

/// Open for a command that may start a store (`users add` makes the first administrator
/// before anything is ingested).
pub fn open_or_create(db: &Path, lang: Lang) -> Result<Store, Failure> {
    Store::open(db, BUSY_WAIT).map_err(sql_err(db, lang))
}

/// Open for a command that only reads: works on a store the user may not write.
pub fn open_read(db: &Path, lang: Lang) -> Result<Store, Failure> {
    exists(db, lang)?;
    Store::open_read_only(db).map_err(sql_err(db, lang))
}

fn sql_err(db: &Path, lang: Lang) -> impl Fn(xxgk_store::Error) -> Failure + '_ {
    move |e| Failure::Msg(tr!(lang, "cli-at", place = db.display().to_string(), what = crate::errors::store(&e, lang)))
}

/// An organ named by its id or name, or a message listing the organs the name could mean.
pub fn one_organ(store: &Store, name: &str, lang: Lang) -> Result<i64, Failure> {
    match xxgk_store::find_organ(store, name).map_err(|e| Failure::Msg(e.to_string()))? {
        xxgk_store::Named::One(id) => Ok(id),
        xxgk_store::Named::None if name.trim().parse::<i64>().is_ok() => {
            Err(Failure::Msg(tr!(lang, "cli-no-organ-id", id = name)))
        }
        xxgk_store::Named::None => Err(Failure::Msg(tr!(lang, "cli-no-organ-name", name = name))),
        xxgk_store::Named::Several(all) => {
            let list: Vec<String> = all.iter().map(|(id, n)| format!("  {id}  {n}")).collect();
            Err(Failure::Msg(tr!(lang, "cli-organ-ambiguous", name = name, n = all.len(), list = list.join("\n"))))
        }
    }
}

pub fn organs(
    db: &Path,
    name: Option<&str>,
    merge: Option<(&str, &str)>,
    split: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    if let Some((into, from)) = merge {
        let mut store = open(db, lang)?;
        let (into, from) = (one_organ(&store, into, lang)?, one_organ(&store, from, lang)?);
        return match xxgk_store::merge_organs(&mut store, &Actor::command_line(None), into, from)
            .map_err(sql_err(db, lang))?
        {
            Ok(()) => {
                println!("{}", tr!(lang, "cli-organs-merged", from = from, into = into));
                Ok(ExitCode::SUCCESS)
            }
            Err(why) => Err(Failure::Msg(why.words(lang))),
        };
    }
    if let Some(name) = split {
        let mut store = open(db, lang)?;
        return match xxgk_store::split_organ(&mut store, &Actor::command_line(None), name).map_err(sql_err(db, lang))? {
            Some(id) => {
                println!("{}", tr!(lang, "cli-organ-split", name = name, id = id));
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Failure::Msg(tr!(lang, "cli-no-report-signed", name = name))),
        };
    }
    let store = open_read(db, lang)?;
    let list = xxgk_store::organs(&store, name).map_err(sql_err(db, lang))?;
    let header: Vec<String> = ["id", "name", "level", "region", "division", "years", "reports", "names"]
        .iter()
        .map(|k| text(lang, &format!("cli-organs-col-{k}")))
        .collect();
    let rows: Vec<Vec<Value>> = list
        .iter()
        .map(|o| {
            let years: Vec<String> = o.years.iter().map(i64::to_string).collect();
            vec![
                o.id.into(),
                o.name.clone().into(),
                o.level.as_deref().map(|l| text(lang, &format!("web-level-{l}"))).into(),
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
    let unknown = crate::unknown(lang);
    let findings: Vec<&xxgk_store::review::Finding> = reviewed.iter().flat_map(|r| &r.findings).collect();
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    if opts.statistics {
        let header: Vec<String> = ["cli-col-findings", "cli-col-reports", "cli-col-code", "cli-col-severity"]
            .iter()
            .map(|id| text(lang, id))
            .collect();
        let rows: Vec<Vec<Value>> = xxgk_store::review::statistics(&reviewed)
            .into_iter()
            .map(|c| {
                let severity = text(lang, &format!("web-severity-{}", c.severity.as_str()));
                vec![c.findings.into(), c.reports.into(), c.code.into(), severity.into()]
            })
            .collect();
        table::aligned(&mut out, &header, &rows)?;
    } else {
        for r in &reviewed {
            let rep = &r.report;
            let agency = rep.agency.clone().unwrap_or_else(|| unknown.clone());
            let year = rep.year.map_or(unknown.clone(), |y| y.to_string());
            writeln!(out, "{agency} {year} (#{} {})", rep.id, rep.source_path)?;
            for p in &r.also_at {
                writeln!(out, "  {}", tr!(lang, "cli-also-at", path = p.as_str()))?;
            }
            for f in &r.findings {
                let severity = text(lang, &format!("web-severity-{}", f.severity.as_str()));
                writeln!(out, "  {severity}[{}]: {}", f.code, f.message(lang))?;
                if let Some(place) = f.place(lang) {
                    writeln!(out, "    --> {place}")?;
                }
            }
        }
    }
    if !unreadable.is_empty() {
        writeln!(out, "{}", tr!(lang, "cli-unreadable-files", n = unreadable.len()))?;
        for p in &unreadable {
            writeln!(out, "  {}", p.reason(lang).unwrap_or_default())?;
        }
    }
    let line = tr!(
        lang,
        "cli-check-summary",
        reports = reviewed.len(),
        findings = findings.len(),
        errors = errors,
        corrected = opts.corrected,
        unreadable = unreadable.len()
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
            if xxgk_store::review::remove_path(&mut store, &Actor::command_line(None), &name)
                .map_err(sql_err(db, lang))?
            {
                println!("{}", tr!(lang, "cli-path-removed", path = name.as_str()));
            } else {
                unknown.push(name);
            }
        }
        if !unknown.is_empty() {
            return Err(Failure::Msg(tr!(lang, "cli-no-such-paths", paths = unknown)));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let store = open_read(db, lang)?;
    let all = xxgk_store::review::paths(&store, unreadable_only).map_err(sql_err(db, lang))?;
    let header: Vec<String> = ["cli-col-path", "cli-col-format", "cli-col-reports", "cli-col-status"]
        .iter()
        .map(|id| text(lang, id))
        .collect();
    let ok = text(lang, "cli-path-read");
    let rows: Vec<Vec<Value>> = all
        .iter()
        .map(|p| {
            vec![
                p.path.clone().into(),
                p.format.clone().into(),
                p.reports.into(),
                p.reason(lang).unwrap_or_else(|| ok.clone()).into(),
            ]
        })
        .collect();
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    let bad = all.iter().filter(|p| p.error.is_some()).count();
    Ok(if bad > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// `versions`: organ years with several stored reports, which one is current; or choose one.
pub fn versions(
    db: &Path,
    name: Option<&str>,
    choose: Option<i64>,
    author: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    if let Some(id) = choose {
        let mut store = open(db, lang)?;
        return match xxgk_store::versions::use_version(&mut store, &Actor::command_line(author), id)
            .map_err(sql_err(db, lang))?
        {
            Ok(()) => {
                println!("{}", tr!(lang, "cli-version-chosen", id = id));
                Ok(ExitCode::SUCCESS)
            }
            Err(why) => Err(Failure::Msg(why.words(lang))),
        };
    }
    let store = open_read(db, lang)?;
    let all = xxgk_store::versions::versions(&store, name).map_err(sql_err(db, lang))?;
    let header: Vec<String> =
        ["cli-col-report", "cli-col-organ", "cli-col-year", "cli-col-status", "cli-col-published", "cli-col-path"]
            .iter()
            .map(|id| text(lang, id))
            .collect();
    let status = |v: &xxgk_store::versions::Version| -> String {
        text(
            lang,
            match (v.current, v.copy) {
                (true, _) => "cli-version-current",
                (false, true) => "cli-version-copy",
                (false, false) => "cli-version-superseded",
            },
        )
    };
    let rows: Vec<Vec<Value>> = all
        .iter()
        .map(|v| {
            vec![
                v.report.into(),
                v.agency.clone().into(),
                v.year.into(),
                status(v).into(),
                v.published.clone().into(),
                v.path.clone().into(),
            ]
        })
        .collect();
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// The reports an `opinion` command names: by id, or by the list's filters.
pub struct Chosen {
    pub reports: Vec<i64>,
    pub organ: Option<String>,
    pub year: Option<i64>,
    pub region: Option<String>,
}

/// Whether the opinions are sent (numbered, kept, the rounds moved to 已退回整改) or drafted.
pub struct Sending {
    pub send: bool,
    pub overall: String,
    pub deadline: Option<String>,
    pub author: Option<String>,
}

/// `opinion`: the 审核意见 of the reports chosen, as the workspace writes them — one DOCX or PDF,
/// or a folder or a ZIP of them: the one sent on a report's present version, else its draft.
/// `--send` numbers each in the office's sequence and records it as sent.
pub fn opinion(db: &Path, chosen: &Chosen, output: &Path, how: &Sending, lang: Lang) -> Result<ExitCode, Failure> {
    let deadline = match how.deadline.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => Some(d.parse().map_err(|_| Failure::Msg(tr!(lang, "web-bad-date", date = d)))?),
        _ => None,
    };
    let draft = xxgk_store::opinion::Draft { overall: how.overall.clone(), deadline, seen: None };
    let mut store = if how.send { open(db, lang)? } else { open_read(db, lang)? };
    let ids: Vec<i64> = if chosen.reports.is_empty() {
        let q = xxgk_store::review::ListQuery {
            organ: chosen.organ.clone(),
            year: chosen.year,
            region: chosen.region.as_deref().and_then(xxgk_core::place::Place::parse),
            per_page: 500,
            ..Default::default()
        };
        xxgk_store::review::list_all(&store, &q).map_err(sql_err(db, lang))?.into_iter().map(|r| r.id).collect()
    } else {
        chosen.reports.clone()
    };
    if ids.is_empty() {
        return Err(Failure::Msg(text(lang, "cli-opinion-none")));
    }
    let who = Actor::command_line(how.author.as_deref());
    let mut letters = Vec::with_capacity(ids.len());
    for id in ids {
        let letter = if how.send {
            match xxgk_store::opinion::send(&mut store, &who, id, &draft, lang).map_err(sql_err(db, lang))? {
                Ok(sent) => xxgk_store::opinion::sent(&store, sent).map_err(sql_err(db, lang))?.map(|(_, l, _)| l),
                Err(why) => {
                    return Err(Failure::Msg(tr!(lang, "cli-at", place = format!("#{id}"), what = why.words(lang))))
                }
            }
        } else {
            xxgk_store::opinion::current(&store, id, &draft, lang).map_err(sql_err(db, lang))?
        };
        letters.push(letter.ok_or_else(|| Failure::Msg(tr!(lang, "store-no-report", id = id)))?);
    }
    let io = |e: std::io::Error| Failure::Msg(format!("{}: {}", output.display(), xxgk_store::os_message(&e, lang)));
    match output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("docx") if letters.len() == 1 => {
            std::fs::write(output, xxgk_store::opinion::docx(&letters[0])).map_err(io)?
        }
        Some("pdf") if letters.len() == 1 => {
            let printed = xxgk_store::opinion::pdf(&letters[0]).map_err(|why| Failure::Msg(why.words(lang)))?;
            std::fs::write(output, printed).map_err(io)?;
        }
        Some("docx" | "pdf") => return Err(Failure::Msg(tr!(lang, "cli-opinion-one-docx", n = letters.len()))),
        Some("zip") => std::fs::write(output, xxgk_store::opinion::zip(&letters).map_err(io)?).map_err(io)?,
        _ => {
            std::fs::create_dir_all(output).map_err(io)?;
            for l in &letters {
                std::fs::write(output.join(&l.file_name), xxgk_store::opinion::docx(l)).map_err(io)?;
            }
        }
    }
    let (n, path) = (letters.len(), output.display().to_string());
    let done = if how.send {
        tr!(lang, "cli-opinion-sent", n = n, path = path)
    } else {
        tr!(lang, "cli-opinion-written", n = n, path = path)
    };
    println!("{done}");
    Ok(ExitCode::SUCCESS)
}

/// `settings`: the office's settings for its opinions — all as they stand, one, or one set.
pub fn settings(
    db: &Path,
    key: Option<&str>,
    value: Option<&str>,
    author: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    if let (Some(key), Some(value)) = (key, value) {
        let mut store = open(db, lang)?;
        return match xxgk_store::opinion::set_setting(&mut store, &Actor::command_line(author), key, value)
            .map_err(sql_err(db, lang))?
        {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(why) => Err(Failure::Msg(why.words(lang))),
        };
    }
    let store = open_read(db, lang)?;
    for k in xxgk_store::opinion::SETTINGS.iter().filter(|k| key.is_none_or(|want| want == **k)) {
        println!("{k}\t{}", xxgk_store::opinion::setting(&store, k, lang).map_err(sql_err(db, lang))?);
    }
    Ok(ExitCode::SUCCESS)
}

/// `roster`: import the units each government is expected to have, or list them.
pub fn roster(db: &Path, import: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    if let Some(file) = import {
        let mut store = open(db, lang)?;
        let bytes = std::fs::read(file).map_err(|e| Failure::Msg(format!("{}: {e}", file.display())))?;
        return match xxgk_store::rollup::import_roster_file(&mut store, &Actor::command_line(None), &bytes)
            .map_err(sql_err(db, lang))?
        {
            Ok(n) => {
                println!("{}", tr!(lang, "cli-units-imported", n = n));
                Ok(ExitCode::SUCCESS)
            }
            Err(why) => {
                Err(Failure::Msg(tr!(lang, "cli-at", place = file.display().to_string(), what = why.words(lang))))
            }
        };
    }
    let store = open_read(db, lang)?;
    let (header, rows) =
        xxgk_store::query::sql(&store, "SELECT government, unit FROM roster ORDER BY government, unit")
            .map_err(sql_err(db, lang))?;
    table::aligned(&mut std::io::stdout().lock(), &header, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// `stats` and `query` output ([`table::write`]): to `output` or standard output; a workbook
/// only to a file.
fn write_table(
    header: &[String],
    rows: &[Vec<Value>],
    format: &str,
    output: Option<&Path>,
    sheet: &str,
    lang: Lang,
) -> Result<(), Failure> {
    match (format, output) {
        ("xlsx", None) => Err(needs_output(lang)),
        (_, Some(p)) => {
            let mut w = std::io::BufWriter::new(std::fs::File::create(p).map_err(|e| cannot_write(p, e, lang))?);
            table::write(&mut w, header, rows, format, true, sheet, lang).map_err(|e| cannot_write(p, e, lang))?;
            Ok(w.flush().map_err(|e| cannot_write(p, e, lang))?)
        }
        (_, None) => Ok(table::write(&mut std::io::stdout().lock(), header, rows, format, false, sheet, lang)?),
    }
}

/// A workbook is binary: it is written only to a file named with -o.
fn needs_output(lang: Lang) -> Failure {
    Failure::Msg(text(lang, "cli-xlsx-needs-output"))
}

fn cannot_write(p: &Path, e: std::io::Error, lang: Lang) -> Failure {
    let why = crate::errors::os(&e, lang);
    Failure::Msg(tr!(lang, "cli-cannot-write", path = p.display().to_string(), why = why))
}

pub fn stats(
    db: &Path,
    by: By,
    scope: &Scope,
    corrected: bool,
    format: &str,
    keys: bool,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let (mut header, mut rows) = figures::load(&store, corrected).map_err(sql_err(db, lang))?.stats(by, scope);
    // Columns by their names where a person reads the table — on screen, in a workbook, in a
    // CSV unless `--keys` — and by their keys in files programs read (TSV, JSON lines).
    if matches!(format, "table" | "xlsx") || (format == "csv" && !keys) {
        header = header.iter().map(|h| figures::column_name(h, lang)).collect();
    }
    // 未识别地区 is named for a person, and in a keyed CSV by the key that reads back as it (an
    // empty cell would say nothing); JSON keeps it `null`, as the workspace's API does.
    let unplaced = if matches!(format, "table" | "xlsx") || (format == "csv" && !keys) {
        Some(text(lang, "place-unplaced"))
    } else {
        (format == "csv").then(|| xxgk_core::place::UNPLACED.to_string())
    };
    if let (By::Region, Some(name)) = (by, unplaced) {
        figures::name_unplaced(&mut rows, &name);
    }
    write_table(&header, &rows, format, output, &text(lang, "cli-sheet-stats"), lang)?;
    if format == "table" {
        let mut out = std::io::stdout().lock();
        writeln!(out, "({})", tr!(lang, "cli-stats-note", corrected = corrected))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn query(db: &Path, sql: &str, format: &str, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let (header, rows) = xxgk_store::query::sql(&store, sql).map_err(sql_err(db, lang))?;
    write_table(&header, &rows, format, output, &text(lang, "cli-sheet-query"), lang)?;
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
        (true, _) => "findings",
        (_, true) => "reports",
        _ => "values",
    };
    eprintln!("{}", tr!(lang, "cli-exported", n = n, what = what, corrected = opts.corrected));
    Ok(ExitCode::SUCCESS)
}

/// `export --format xlsx`: the store as one workbook, to a file.
pub fn workbook(db: &Path, corrected: bool, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let p = output.ok_or_else(|| needs_output(lang))?;
    let store = open_read(db, lang)?;
    let bytes = xxgk_store::workbook::workbook(&store, corrected, lang).map_err(|e| Failure::Msg(e.to_string()))?;
    std::fs::write(p, bytes).map_err(|e| cannot_write(p, e, lang))?;
    eprintln!("{}", tr!(lang, "cli-written", path = p.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

pub fn correct(db: &Path, who: &Actor, c: &Correction, lang: Lang) -> Result<ExitCode, Failure> {
    let mut store = open(db, lang)?;
    match xxgk_store::correct(&mut store, who, c).map_err(sql_err(db, lang))? {
        Ok(id) => {
            println!("{}", tr!(lang, "cli-correction-recorded", id = id));
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => Err(Failure::Msg(why.words(lang))),
    }
}

pub fn rollup(db: &Path, year: Option<i64>, organ: Option<&str>, lang: Lang) -> Result<ExitCode, Failure> {
    let store = open_read(db, lang)?;
    let all = xxgk_store::rollup::rollup(&store, year, organ).map_err(sql_err(db, lang))?;
    let mut out = std::io::stdout().lock();
    let mut differing = 0;
    for r in &all {
        let m = &r.members;
        let g = &m.government;
        let units: Vec<String> = m.units.iter().map(|u| u.agency.clone().unwrap_or_default()).collect();
        let year = g.year.map_or(crate::unknown(lang), |y| y.to_string());
        let name = g.agency.clone().unwrap_or_default();
        let coverage = match m.expected {
            Some(n) => tr!(lang, "cli-rollup-units-of", present = units.len(), n = n, units = units.clone()),
            None => tr!(lang, "cli-rollup-units", present = units.len(), units = units.clone()),
        };
        writeln!(out, "{}", tr!(lang, "cli-at", place = format!("{name} {year}"), what = coverage))?;
        if !m.missing.is_empty() {
            writeln!(out, "  {}", tr!(lang, "cli-rollup-missing", units = m.missing.clone()))?;
        }
        if m.complete() {
            for c in &r.differ {
                let (gv, uv) = (
                    c.government.map_or(text(lang, "cli-blank"), |v| v.to_string()),
                    c.units.map_or(crate::unknown(lang), |v| v.to_string()),
                );
                let msg = tr!(lang, "cli-rollup-differs", government = gv, units = uv);
                let cell = xxgk_core::report::cell_name(&c.cell, lang).unwrap_or_else(|| c.cell.clone());
                writeln!(out, "  {}[ROLLUP]: {cell}  {msg}", text(lang, "web-severity-warning"))?;
            }
            differing += r.differ.len();
        } else if !r.differ.is_empty() {
            writeln!(out, "  {}", tr!(lang, "cli-rollup-partial", n = r.differ.len()))?;
        }
        if r.unknown > 0 {
            writeln!(out, "  {}", tr!(lang, "cli-rollup-unknown", n = r.unknown))?;
        }
    }
    let complete = all.iter().filter(|r| r.members.complete()).count();
    let line = tr!(lang, "cli-rollup-summary", n = all.len(), complete = complete, differing = differing);
    writeln!(out, "{line}")?;
    Ok(ExitCode::SUCCESS)
}
