//! Checks across one organ's reports (SPEC §4): each year against the year before, and each
//! publication date against its deadline. They are stored as findings of scope `organ` on the
//! later report and recomputed whenever the organ's reports change.

use rusqlite::{params, Connection};
use xxgk_core::i18n::Args;
use xxgk_core::organ::{self, Level};
use xxgk_core::Report;

use crate::Result;

/// A finding across reports, stored like a report's own: its code, the catalogue id of its
/// words and their arguments.
struct Finding {
    report: i64,
    code: &'static str,
    message: &'static str,
    args: Args,
    cells: Vec<String>,
}

#[derive(Clone)]
struct Year {
    id: i64,
    year: i64,
    agency: String,
    published: Option<String>,
}

/// Decide which of `organs`' reports are current ([`crate::versions`]) and recompute their
/// cross-report findings over the current ones. A current report with decisions that a new
/// version replaces is recorded in the audit trail under `who`, whose change brought it, so that
/// its reviewers are shown it.
pub(crate) fn refresh(conn: &Connection, who: &crate::audit::Actor, organs: &[i64]) -> Result<()> {
    for &organ in organs {
        conn.prepare_cached(
            "DELETE FROM findings WHERE scope = 'organ' AND report_id IN (SELECT id FROM reports WHERE organ_id = ?1)",
        )?
        .execute([organ])?;
        let (duplicates, replaced) = crate::versions::choose(conn, organ)?;
        for r in replaced {
            let before = serde_json::json!({ "report": r.before, "decisions": r.decisions });
            let after = serde_json::json!({ "report": r.after, "rule": r.rule.key() });
            crate::audit::record(conn, who, "version-replaced", &r.after.to_string(), Some(&before), Some(&after))?;
        }
        crate::round::resubmitted(conn, who, organ)?;
        let years: Vec<Year> = {
            let mut st = conn.prepare_cached(
                "SELECT id, year, coalesce(agency, ''), published FROM reports
                 WHERE organ_id = ?1 AND year IS NOT NULL AND current = 1 ORDER BY year",
            )?;
            let rows = st.query_map([organ], |r| {
                Ok(Year { id: r.get(0)?, year: r.get(1)?, agency: r.get(2)?, published: r.get(3)? })
            })?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let mut out: Vec<Finding> = duplicates.iter().map(duplicate_report).collect();
        for y in &years {
            late(y, &mut out);
        }
        // Each report is rebuilt once, as the later year of one pair and the earlier of the next.
        let mut last: Option<(i64, Report)> = None;
        for pair in years.windows(2) {
            if pair[1].year != pair[0].year + 1 {
                continue;
            }
            let before = match last.take() {
                Some((id, r)) if id == pair[0].id => Some(r),
                _ => stored(conn, pair[0].id)?,
            };
            let Some(after) = stored(conn, pair[1].id)? else { continue };
            if let Some(before) = &before {
                let found = xxgk_core::across::check_years(before, &after);
                out.extend(found.into_iter().map(|d| Finding {
                    report: pair[1].id,
                    code: d.code,
                    message: d.message,
                    args: d.args,
                    cells: d.cells,
                }));
            }
            last = Some((pair[1].id, after));
        }
        let mut st = conn.prepare_cached(
            "INSERT INTO findings (report_id, scope, code, severity, message, args, cells)
             VALUES (?1, 'organ', ?2, 'warning', ?3, ?4, ?5)",
        )?;
        for f in &out {
            // No cells are NULL, as for the findings of one report (a fingerprint writes them as nothing).
            let cells = (!f.cells.is_empty()).then(|| serde_json::to_string(&f.cells).unwrap_or_default());
            let args = serde_json::to_string(&f.args).unwrap_or_default();
            st.execute(params![f.report, f.code, f.message, args, cells])?;
        }
    }
    Ok(())
}

/// DUPLICATE-REPORT: one organ's year holds different reports; one is current by a stated rule.
fn duplicate_report(d: &crate::versions::Duplicate) -> Finding {
    // The files by their own names: a server's folders and content hashes say nothing to a reader.
    let others: Vec<String> = d.others.iter().map(|(_, p)| crate::query::file_name(p)).collect();
    Finding {
        report: d.current,
        code: "DUPLICATE-REPORT",
        message: "finding-duplicate-report",
        // The paths as a list: each language joins them with its own separator.
        args: Args::new()
            .with("year", d.year)
            .with("n", others.len())
            .with("others", others)
            .with("rule", d.rule.key()),
        cells: Vec::new(),
    }
}

/// Report `id` as the rules across years read it: its values as published and its prose.
fn stored(conn: &Connection, id: i64) -> Result<Option<Report>> {
    let Some(mut r) = crate::query::rebuild(conn, id, false)? else { return Ok(None) };
    r.prose = crate::query::prose(conn, id)?;
    Ok(Some(r))
}

/// The statutory date of publication of `agency`'s report on `year` (条例第四十九条):
/// departments by 31 January, governments by 31 March of the next year; townships have none.
pub fn deadline(agency: &str, year: i64) -> Option<String> {
    if organ::level(agency) == Some(Level::Township) {
        return None;
    }
    let government = agency.ends_with("人民政府");
    Some(format!("{}-{}", year + 1, if government { "03-31" } else { "01-31" }))
}

/// LATE: published after the [`deadline`].
fn late(y: &Year, out: &mut Vec<Finding>) {
    let Some(published) = &y.published else { return };
    let Some(deadline) = deadline(&y.agency, y.year) else { return };
    if published.as_str() > deadline.as_str() {
        out.push(Finding {
            report: y.id,
            code: "LATE",
            message: "finding-late",
            args: Args::new().with("year", y.year).with("published", published.as_str()).with("deadline", deadline),
            cells: vec!["published".into()],
        });
    }
}
