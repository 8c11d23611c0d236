//! `xxgk compare`: two reports — two files, or one organ's two years in the store — as
//! [`xxgk_store::compare`] compares them, printed.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use xxgk_core::{tr, Lang, Num};
use xxgk_store::compare::{compare, Side};
use xxgk_store::Store;

/// One report as compared, with the line that names it.
pub struct Named {
    label: String,
    side: Side,
}

/// A report read from a file.
pub fn from_file(path: &Path, lang: Lang) -> Result<Named, String> {
    let (r, _) = crate::load(path)
        .into_iter()
        .next()
        .ok_or_else(|| tr!(lang, "compare-no-report", path = path.display().to_string()))?
        .map_err(|e| crate::read_error_message(&e, lang))?;
    Ok(Named {
        label: format!(
            "{} {} ({})",
            r.agency.clone().unwrap_or_else(|| crate::unknown(lang)),
            r.year.map_or(crate::unknown(lang), |y| y.to_string()),
            path.display()
        ),
        side: Side::parsed(r),
    })
}

/// The current report of `organ` (an id, from [`crate::db::one_organ`]) for `year` in the store.
pub fn from_store(store: &Store, organ: i64, year: i64, lang: Lang) -> Result<Named, String> {
    let not_stored = || tr!(lang, "compare-not-stored", organ = organ, year = year);
    let row = xxgk_store::current_report(store, organ, year).map_err(|e| e.message(lang))?.ok_or_else(not_stored)?;
    let side = Side::stored(store, row.id).map_err(|e| e.message(lang))?.ok_or_else(not_stored)?;
    Ok(Named {
        label: format!("{} {} (#{} {})", row.agency.clone().unwrap_or_default(), year, row.id, row.source_path),
        side,
    })
}

fn show(v: Option<Option<Num>>, lang: Lang) -> String {
    match v {
        None => "—".into(),
        Some(None) => tr!(lang, "compare-blank"),
        Some(Some(n)) => n.to_string(),
    }
}

pub fn print(a: &Named, b: &Named, lang: Lang) -> std::io::Result<ExitCode> {
    let c = compare(&a.side, &b.side);
    let mut out = std::io::stdout().lock();
    writeln!(out, "A: {}\nB: {}", a.label, b.label)?;
    writeln!(out, "{}", tr!(lang, "compare-cells-differ", n = c.changed.len(), cells = c.cells))?;
    for d in &c.changed {
        // The cell as the template names it, its key after it for whoever looks it up.
        let name = xxgk_core::report::cell_name(&d.cell, lang).unwrap_or_else(|| d.cell.clone());
        writeln!(out, "  {name}（{}） {} → {}", d.cell, show(d.before, lang), show(d.after, lang))?;
    }
    writeln!(out, "{}", tr!(lang, "compare-prose-reuse", percent = format!("{:.0}", c.similarity * 100.0)))?;
    if let Some(broken) = &c.carry_over {
        let (last, this) = (a.side.report.year.unwrap_or_default(), b.side.report.year.unwrap_or_default());
        if broken.is_empty() {
            writeln!(out, "{}", tr!(lang, "compare-carry-consistent"))?;
        } else {
            writeln!(out, "{}", tr!(lang, "compare-carry-broken", n = broken.len()))?;
            for x in broken {
                let line = tr!(
                    lang,
                    "compare-carry-column",
                    label = x.column.label,
                    key = x.column.key,
                    last = last,
                    this = this,
                    forward = x.forward.to_string(),
                    over = x.over.to_string()
                );
                writeln!(out, "  {line}")?;
            }
        }
    }
    writeln!(out, "{}", tr!(lang, "compare-appeared", n = c.appeared.len()))?;
    for f in &c.appeared {
        writeln!(out, "  + {f}")?;
    }
    writeln!(out, "{}", tr!(lang, "compare-disappeared", n = c.disappeared.len()))?;
    for f in &c.disappeared {
        writeln!(out, "  - {f}")?;
    }
    Ok(ExitCode::SUCCESS)
}
