//! Checks across one organ's reports (SPEC §4): each year against the year before, and each
//! publication date against its deadline. They are stored as findings of scope `organ` on the
//! later report and recomputed whenever the organ's reports change.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::{params, Connection};
use xxgk_core::normalize::parse_number;
use xxgk_core::organ::{self, Level};
use xxgk_core::i18n::Args;
use xxgk_core::Num;

use crate::Result;

/// Share of prose shingles two years must share to count as copied.
const COPY_RATIO: f64 = 0.8;

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
    template: String,
    agency: String,
    published: Option<String>,
}

/// Decide which of `organs`' reports are current ([`crate::versions`]) and recompute their
/// cross-report findings over the current ones.
pub(crate) fn refresh(conn: &Connection, organs: &[i64]) -> Result<()> {
    for &organ in organs {
        conn.prepare_cached("DELETE FROM findings WHERE scope = 'organ' AND report_id IN (SELECT id FROM reports WHERE organ_id = ?1)")?
            .execute([organ])?;
        let duplicates = crate::versions::choose(conn, organ)?;
        let years: Vec<Year> = {
            let mut st = conn.prepare_cached(
                "SELECT id, year, template, coalesce(agency, ''), published FROM reports
                 WHERE organ_id = ?1 AND year IS NOT NULL AND current = 1 ORDER BY year",
            )?;
            let rows = st.query_map([organ], |r| {
                Ok(Year { id: r.get(0)?, year: r.get(1)?, template: r.get(2)?, agency: r.get(3)?, published: r.get(4)? })
            })?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let mut out: Vec<Finding> = duplicates.iter().map(duplicate_report).collect();
        for y in &years {
            late(y, &mut out);
        }
        for pair in years.windows(2) {
            if pair[1].year == pair[0].year + 1 {
                compare_years(conn, &pair[0], &pair[1], &mut out)?;
            }
        }
        let mut st = conn.prepare_cached(
            "INSERT INTO findings (report_id, scope, code, severity, message, args, cells)
             VALUES (?1, 'organ', ?2, 'warning', ?3, ?4, ?5)",
        )?;
        for f in &out {
            let args = serde_json::to_string(&f.args).unwrap_or_default();
            st.execute(params![f.report, f.code, f.message, args, serde_json::to_string(&f.cells).unwrap_or_default()])?;
        }
    }
    Ok(())
}

/// DUPLICATE-REPORT: one organ's year holds different reports; one is current by a stated rule.
fn duplicate_report(d: &crate::versions::Duplicate) -> Finding {
    let others: Vec<&str> = d.others.iter().map(|(_, p)| p.as_str()).collect();
    Finding {
        report: d.current,
        code: "DUPLICATE-REPORT",
        message: "finding-duplicate-report",
        // The paths as a list: each language joins them with its own separator.
        args: Args::new().with("year", d.year).with("n", others.len()).with("others", others).with("rule", d.rule.key()),
        cells: Vec::new(),
    }
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

/// A table row's values by column key.
fn row(conn: &Connection, report: i64, table: &str, row: &str) -> Result<HashMap<String, Option<Num>>> {
    let mut st = conn.prepare_cached("SELECT col, exact FROM report_values WHERE report_id = ?1 AND tbl = ?2 AND row = ?3")?;
    let rows = st.query_map(params![report, table, row], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    let mut m = HashMap::new();
    for r in rows {
        let (col, exact) = r?;
        m.insert(col, exact.as_deref().and_then(parse_number));
    }
    Ok(m)
}


fn compare_years(conn: &Connection, last: &Year, this: &Year, out: &mut Vec<Finding>) -> Result<()> {
    // CARRY-OVER: 二、上年结转 (N) = 四、结转下年度继续办理 (N−1), column by column.
    let forward = row(conn, last.id, "table3", "carried_forward")?;
    let over = row(conn, this.id, "table3", "carried_over")?;
    for c in xxgk_core::template::APPLICANT_COLUMNS {
        let (Some(Some(f)), Some(Some(o))) = (forward.get(c.key), over.get(c.key)) else { continue };
        if f.scaled_to(0) != o.scaled_to(0) {
            out.push(Finding {
                report: this.id,
                code: "CARRY-OVER",
                message: "finding-carry-over",
                args: Args::new()
                    .with("column", c.label)
                    .with("column_key", c.key)
                    .with("year", this.year)
                    .with("carried_over", o.to_string())
                    .with("last_year", last.year)
                    .with("carried_forward", f.to_string()),
                cells: vec![format!("table3.carried_over.{}", c.key), format!("{}:table3.carried_forward.{}", last.year, c.key)],
            });
        }
    }
    // IN-FORCE-CHAIN (2021 template both years): 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N).
    if last.template == "2021" && this.template == "2021" {
        for key in ["regulations", "normative_documents"] {
            let (a, b) = (row(conn, last.id, "table2", key)?, row(conn, this.id, "table2", key)?);
            let get = |m: &HashMap<String, Option<Num>>, c: &str| m.get(c).copied().flatten().map(|n| n.scaled_to(0));
            let (Some(before), Some(issued), Some(repealed), Some(now)) =
                (get(&a, "in_force"), get(&b, "issued"), get(&b, "repealed"), get(&b, "in_force"))
            else {
                continue;
            };
            if before + issued - repealed != now {
                out.push(Finding {
                    report: this.id,
                    code: "IN-FORCE-CHAIN",
                    message: "finding-in-force-chain",
                    args: Args::new()
                        .with("row_key", key)
                        .with("year", this.year)
                        .with("in_force", now.to_string())
                        .with("before", before.to_string())
                        .with("issued", issued.to_string())
                        .with("repealed", repealed.to_string())
                        .with("expected", (before + issued - repealed).to_string()),
                    cells: vec![format!("table2.{key}.in_force"), format!("{}:table2.{key}.in_force", last.year)],
                });
            }
        }
    }
    // COPIED-TEXT: the prose, figures aside, nearly the same as the year before; or the same
    // tables with something in them.
    let prose = |id: i64| -> Result<String> {
        Ok(conn.prepare_cached("SELECT text FROM prose WHERE rowid = ?1")?.query_row([id], |r| r.get(0)).unwrap_or_default())
    };
    let ratio = similarity(&prose(last.id)?, &prose(this.id)?);
    if ratio >= COPY_RATIO {
        out.push(Finding {
            report: this.id,
            code: "COPIED-TEXT",
            message: "finding-copied-text",
            args: Args::new().with("year", last.year).with("percent", format!("{:.0}", ratio * 100.0)),
            cells: vec!["prose".into()],
        });
    } else if same_tables(conn, last.id, this.id)? {
        out.push(Finding {
            report: this.id,
            code: "COPIED-TEXT",
            message: "finding-copied-tables",
            args: Args::new().with("year", last.year),
            cells: vec!["table3".into(), "table4".into()],
        });
    }
    Ok(())
}

/// Jaccard similarity of the five-character shingles of two texts, digits removed.
pub fn similarity(a: &str, b: &str) -> f64 {
    fn shingles(s: &str) -> HashSet<u64> {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        chars
            .windows(5)
            .map(|w| {
                let mut h = DefaultHasher::new();
                w.hash(&mut h);
                h.finish()
            })
            .collect()
    }
    let (x, y) = (shingles(a), shingles(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.union(&y).count() as f64
}

fn same_tables(conn: &Connection, a: i64, b: i64) -> Result<bool> {
    let mut st = conn.prepare_cached(
        "SELECT count(*), sum(x.exact IS NOT y.exact), sum(coalesce(x.value, 0) != 0) FROM report_values x
         JOIN report_values y ON y.report_id = ?2 AND y.tbl = x.tbl AND y.row = x.row AND y.col = x.col
         WHERE x.report_id = ?1 AND x.tbl IN ('table3', 'table4')",
    )?;
    let (n, differ, nonzero): (i64, Option<i64>, Option<i64>) = st.query_row([a, b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(n > 0 && differ == Some(0) && nonzero.unwrap_or(0) > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_ignores_figures() {
        let a = "2023年，本机关主动公开政府信息263条，收到申请12件，均按期答复。";
        let b = "2024年，本机关主动公开政府信息301条，收到申请7件，均按期答复。";
        assert!(similarity(a, b) > 0.95, "{}", similarity(a, b));
        assert!(similarity(a, "政策解读的形式还不够丰富，下一步将加强培训。") < 0.1);
        assert_eq!(similarity("", a), 0.0);
    }
}
