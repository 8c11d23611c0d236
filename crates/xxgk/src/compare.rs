//! `xxgk compare`: two reports — two files, or one organ's two years in the store — value by
//! value, with the reuse of their prose, the carry-over check and the findings that came and
//! went.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use xxgk_core::template::APPLICANT_COLUMNS;
use xxgk_core::{Lang, Num, Report, Severity};
use xxgk_store::Store;

/// One report as compared.
pub struct Side {
    label: String,
    year: Option<i64>,
    values: BTreeMap<String, Option<Num>>,
    prose: String,
    findings: Vec<String>,
}

fn values(r: &Report) -> BTreeMap<String, Option<Num>> {
    r.cells().map(|(_, cell, v)| (cell, v)).collect()
}

/// A report read from a file.
pub fn from_file(path: &Path, lang: Lang) -> Result<Side, String> {
    let (r, _) = crate::load(path).into_iter().next().ok_or_else(|| if lang == Lang::Zh { format!("{}：没有读到报告", path.display()) } else { format!("{}: no report", path.display()) })?.map_err(|e| crate::read_error_message(&e, lang))?;
    let findings = r.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(|d| format!("{} {}", d.code, d.cells.join(","))).collect();
    Ok(Side {
        label: format!("{} {} ({})", r.agency.as_deref().unwrap_or(crate::unknown(lang)), r.year.map_or(crate::unknown(lang).into(), |y| y.to_string()), path.display()),
        year: r.year.map(i64::from),
        values: values(&r),
        prose: r.prose.clone(),
        findings,
    })
}

/// The current report of `organ` (an id, from [`crate::db::one_organ`]) for `year` in the store.
pub fn from_store(store: &Store, organ: i64, year: i64, lang: Lang) -> Result<Side, String> {
    let row = xxgk_store::current_report(store, organ, year)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| if lang == Lang::Zh { format!("数据库中没有机关 {organ} {year}年的报告") } else { format!("no report of organ {organ} for {year} in the store") })?;
    let row = &row;
    let r = xxgk_store::query::load_report(store, row.id, false).map_err(|e| e.to_string())?.ok_or("report vanished")?;
    let conn = store.connection();
    let prose: String = conn.query_row("SELECT text FROM prose WHERE rowid = ?1", [row.id], |x| x.get(0)).unwrap_or_default();
    let mut st = conn
        .prepare("SELECT code || ' ' || coalesce(cells, '') FROM findings WHERE report_id = ?1 AND severity != 'info' ORDER BY id")
        .map_err(|e| e.to_string())?;
    let findings = st.query_map([row.id], |x| x.get(0)).map_err(|e| e.to_string())?.filter_map(Result::ok).collect();
    Ok(Side {
        label: format!("{} {} (#{} {})", row.agency.clone().unwrap_or_default(), year, row.id, row.source_path),
        year: Some(year),
        values: values(&r),
        prose,
        findings,
    })
}

fn show(v: Option<&Option<Num>>) -> String {
    match v {
        None => "—".into(),
        Some(None) => "空".into(),
        Some(Some(n)) => n.to_string(),
    }
}

pub fn print(a: &Side, b: &Side, lang: Lang) -> std::io::Result<ExitCode> {
    let zh = lang == Lang::Zh;
    let mut out = std::io::stdout().lock();
    writeln!(out, "A: {}\nB: {}", a.label, b.label)?;
    let keys: std::collections::BTreeSet<&String> = a.values.keys().chain(b.values.keys()).collect();
    let differ: Vec<&&String> = keys.iter().filter(|k| a.values.get(**k) != b.values.get(**k)).collect();
    writeln!(out, "{}", if zh { format!("数值不同 {} 处（共 {} 格）：", differ.len(), keys.len()) } else { format!("{} of {} cells differ:", differ.len(), keys.len()) })?;
    for k in &differ {
        writeln!(out, "  {k:<52} {:>8} → {}", show(a.values.get(**k)), show(b.values.get(**k)))?;
    }
    let ratio = xxgk_store::cross::similarity(&a.prose, &b.prose);
    writeln!(out, "{}", if zh { format!("正文重复率（数字除外）：{:.0}%", ratio * 100.0) } else { format!("prose reuse (figures aside): {:.0}%", ratio * 100.0) })?;
    // Carry-over, when B is the year after A.
    if let (Some(ya), Some(yb)) = (a.year, b.year) {
        if yb == ya + 1 {
            let mut broken = Vec::new();
            for c in APPLICANT_COLUMNS {
                let f = a.values.get(&format!("table3.carried_forward.{}", c.key)).copied().flatten();
                let o = b.values.get(&format!("table3.carried_over.{}", c.key)).copied().flatten();
                if let (Some(f), Some(o)) = (f, o) {
                    if f.scaled_to(0) != o.scaled_to(0) {
                        broken.push(if zh { format!("{}：{ya}年结转下年度 {f}，{yb}年上年结转 {o}", c.label) } else { format!("{}: carried forward {f} in {ya}, carried over {o} in {yb}", c.key) });
                    }
                }
            }
            match (broken.is_empty(), zh) {
                (true, true) => writeln!(out, "结转检查（CARRY-OVER）：一致")?,
                (true, false) => writeln!(out, "carry-over check (CARRY-OVER): consistent")?,
                (false, true) => writeln!(out, "结转检查（CARRY-OVER）：{} 列不一致\n  {}", broken.len(), broken.join("\n  "))?,
                (false, false) => writeln!(out, "carry-over check (CARRY-OVER): {} columns differ\n  {}", broken.len(), broken.join("\n  "))?,
            }
        }
    }
    let gone: Vec<&String> = a.findings.iter().filter(|f| !b.findings.contains(f)).collect();
    let new: Vec<&String> = b.findings.iter().filter(|f| !a.findings.contains(f)).collect();
    writeln!(out, "{}", if zh { format!("新出现的发现 {} 条：", new.len()) } else { format!("{} findings appeared:", new.len()) })?;
    for f in new {
        writeln!(out, "  + {f}")?;
    }
    writeln!(out, "{}", if zh { format!("消失的发现 {} 条：", gone.len()) } else { format!("{} findings disappeared:", gone.len()) })?;
    for f in gone {
        writeln!(out, "  - {f}")?;
    }
    Ok(ExitCode::SUCCESS)
}
