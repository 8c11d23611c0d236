//! The figures of every current report, read once, and what `xxgk stats` and the workspace's
//! 统计 pages compute from them: totals and shares by year, region or level, the overview of a
//! year's reporting, the rankings. One implementation for the command line and the pages; the
//! workspace keeps a [`Figures`] in memory until the store changes, so that its pages answer at a
//! country's scale without reading every value again.
//!
//! Blank cells are unknown: they add nothing to a total, and a share is computed only over the
//! reports that state both its parts.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;
use serde::Serialize;
use serde_json::Value;

use xxgk_core::place::Place;

use crate::cross::deadline;
use crate::review::latest_decision;
use crate::{Result, Store};

/// What `stats` groups by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum By {
    /// The year reported on.
    Year,
    /// The places right below [`Scope::region`] in the tree of divisions (the provinces and
    /// 未识别地区 without one: [`Place::below`]); the organs of the place itself form the group
    /// named by the place. A group is named by its place's name, 未识别地区 by none (`null`).
    Region,
    /// The organ's level: `province`, `city`, `county`, `township`.
    Level,
}

/// Which reports a figure is computed over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// The year reported on (`None`: every year).
    pub year: Option<i64>,
    /// The place the organs sit in or under (淮安市 takes 洪泽区 and every department of both).
    pub region: Option<Place>,
    /// `province`, `city`, `county`, `township`.
    pub level: Option<String>,
    /// Only these organs' reports (`None`: every organ): an account's scope
    /// ([`crate::accounts::organs_within`]).
    pub organs: Option<std::sync::Arc<std::collections::BTreeSet<i64>>>,
}

impl Scope {
    fn holds(&self, r: &ReportFigures) -> bool {
        self.organs.as_ref().is_none_or(|o| r.organ.is_some_and(|id| o.contains(&id)))
            && self.year.is_none_or(|y| r.year == Some(y))
            && self.region.as_ref().is_none_or(|p| p.contains(&r.place))
            && self.level.as_deref().is_none_or(|l| r.level.as_deref() == Some(l))
    }
}

/// 表四's outcomes of one row or rows: 总计, 结果纠正 and the cases decided (维持 + 纠正 + 其他).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Reviews {
    /// 总计: the cases of the row, or of the rows together.
    pub total: Option<f64>,
    /// 结果纠正: the cases whose outcome was corrected.
    pub corrected: Option<f64>,
    /// The cases decided, 结果维持 + 结果纠正 + 其他结果: unknown when a row leaves one of them blank.
    pub decided: Option<f64>,
}

/// One current report's figures, as published or as corrected.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportFigures {
    /// The report's row id in the store.
    pub report: i64,
    /// The id of its organ, when the report names one.
    pub organ: Option<i64>,
    /// The organ as the report names it.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i64>,
    /// The place its organ sits in ([`Place::stored`]).
    pub place: Place,
    /// The organ's level key (`province`, `city`, `county`, `township`), when known.
    pub level: Option<String>,
    /// The publication date, `YYYY-MM-DD`, when stated or given.
    pub published: Option<String>,
    /// The statutory date of publication (条例第四十九条), where the organ has one.
    pub deadline: Option<String>,
    /// How many of its findings are errors.
    pub errors: u32,
    /// How many of its findings are warnings.
    pub warnings: u32,
    /// A warning or error no reviewer has confirmed or dismissed yet.
    pub undecided: bool,
    /// Whether it has any 表三 or 表四 value (the reports `stats` counts).
    pub tabled: bool,
    /// 表三 本年新收 总计, 上年结转 总计, 本年新收 of 自然人 and of the five legal-person columns.
    pub applications: Option<f64>,
    /// 表三 二、上年结转 总计: applications carried over from last year.
    pub carried_over: Option<f64>,
    /// 表三 一、本年新收 of 自然人: applications from natural persons.
    pub natural_persons: Option<f64>,
    /// 表三 一、本年新收 of 商业企业 … 其他 together: applications from legal persons and other organisations
    /// (unknown when one of the five is blank).
    pub legal_persons: Option<f64>,
    /// 表三's outcomes (总计 column).
    pub processed: Option<f64>,
    /// （一）予以公开: granted in full.
    pub granted: Option<f64>,
    /// （二）部分公开: granted in part.
    pub partially_granted: Option<f64>,
    /// （三）不予公开, its eight rows together: withheld.
    pub withheld: Option<f64>,
    /// （四）无法提供, its three rows together: unable to provide.
    pub unable: Option<f64>,
    /// （五）不予处理, its five rows together: not processed.
    pub not_processed: Option<f64>,
    /// （六）其他处理, its one or three rows together.
    pub other: Option<f64>,
    /// 表三 states every outcome and the （七）总计: its shares can be computed.
    pub outcomes_complete: bool,
    /// 表四 行政复议: administrative reviews.
    pub reviews: Reviews,
    /// 表四 未经复议直接起诉 and 复议后起诉 together: lawsuits.
    pub lawsuits: Reviews,
    /// 主动公开: the figure the report's 表二 adds up to.
    pub proactive: Option<f64>,
}

impl ReportFigures {
    /// Days between the deadline and publication; negative when early, `None` when either is
    /// unknown.
    pub fn days_late(&self) -> Option<i64> {
        Some(day_number(self.published.as_deref()?)? - day_number(self.deadline.as_deref()?)?)
    }

    /// A share of the outcomes (three places), over a complete 表三 only.
    fn share(&self, part: Option<f64>) -> Option<f64> {
        let total = self.processed.filter(|t| *t > 0.0 && self.outcomes_complete)?;
        Some(round3(part.unwrap_or(0.0) / total))
    }
}

/// A `YYYY-MM-DD` date as a day number (days since 0000-03-01), for differences.
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Every current report's figures, and the codes their findings carry.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Every current report's figures, in the order of their ids.
    pub reports: Vec<ReportFigures>,
    /// (code, severity) of each current report's findings, by report id.
    findings: HashMap<i64, Vec<(u16, u16)>>,
    codes: Vec<String>,
    severities: Vec<String>,
}

/// Adds `b` to `a`, a blank adding nothing: the SQL `sum` of what is stated.
fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x + y),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Read the figures of every current report, `corrected` with the reviewers' corrections.
pub fn load(store: &Store, corrected: bool) -> Result<Figures> {
    let conn = &store.conn;
    let mut reports: Vec<ReportFigures> = Vec::new();
    let mut at: HashMap<i64, usize> = HashMap::new();
    let mut sha: HashMap<i64, String> = HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT r.id, r.organ_id, r.agency, r.year, coalesce(o.region, ''), o.level, r.published, r.complete_table3,
                    r.proactive_total, r.source_sha256, o.division
             FROM reports r LEFT JOIN organs o ON o.id = r.organ_id WHERE r.current = 1 ORDER BY r.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let agency: Option<String> = r.get(2)?;
            let year: Option<i64> = r.get(3)?;
            let f = ReportFigures {
                report: r.get(0)?,
                organ: r.get(1)?,
                deadline: agency.as_deref().zip(year).and_then(|(a, y)| deadline(a, y)),
                agency,
                year,
                place: Place::stored(r.get::<_, Option<String>>(10)?.as_deref(), &r.get::<_, String>(4)?),
                level: r.get(5)?,
                published: r.get(6)?,
                outcomes_complete: r.get::<_, i64>(7)? == 1,
                proactive: r.get::<_, Option<i64>>(8)?.map(|n| n as f64),
                ..ReportFigures::default()
            };
            at.insert(f.report, reports.len());
            sha.insert(f.report, r.get(9)?);
            reports.push(f);
        }
    }
    let layouts: HashMap<i64, Vec<String>> = {
        let mut st = conn.prepare("SELECT layout, col FROM layout_columns ORDER BY layout, pos")?;
        let mut out: HashMap<i64, Vec<String>> = HashMap::new();
        for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (l, c) = row?;
            out.entry(l).or_default().push(c);
        }
        out
    };
    // Corrections by (report hash, table, row, column): the latest of each.
    let mut fixes: HashMap<(String, String, String, String), Option<String>> = HashMap::new();
    if corrected {
        let mut st = conn.prepare("SELECT report_sha256, tbl, row, col, exact FROM corrections ORDER BY id")?;
        for row in st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?), r.get(4)?)))? {
            let (k, v) = row?;
            fixes.insert(k, v);
        }
    }
    let mut st = conn.prepare(
        "SELECT v.report_id, v.tbl, v.row, v.layout, v.vals FROM report_rows v JOIN reports r ON r.id = v.report_id
         WHERE r.current = 1 AND v.tbl IN ('table3', 'table4')",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let Some(f) = at.get(&id).map(|&i| &mut reports[i]) else { continue };
        let (tbl, row, layout): (String, String, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
        // Borrowed: the values are plain decimal strings, nothing to unescape or allocate.
        let vals: Vec<Option<&str>> = serde_json::from_str(r.get_ref(4)?.as_str().unwrap_or("[]")).unwrap_or_default();
        let cols = layouts.get(&layout).map(Vec::as_slice).unwrap_or_default();
        let cell = |col: &str| -> Option<f64> {
            let i = cols.iter().position(|c| c == col)?;
            let fixed = if corrected {
                fixes.get(&(sha[&id].clone(), tbl.clone(), row.clone(), col.to_string()))
            } else {
                None
            };
            match fixed {
                Some(v) => v.as_deref().and_then(|s| s.parse().ok()),
                None => vals.get(i).copied().flatten()?.parse().ok(),
            }
        };
        f.tabled = true;
        let total = cell("total");
        let outcome = matches!(row.as_str(), "granted" | "partially_granted" | "total_processed")
            || ["withheld", "unable", "not_processed", "other"].iter().any(|p| row.starts_with(p));
        if tbl == "table3" && outcome && total.is_none() {
            f.outcomes_complete = false;
        }
        let decided = |c: &dyn Fn(&str) -> Option<f64>| {
            ["upheld", "corrected", "other"].iter().map(|k| c(k)).sum::<Option<f64>>()
        };
        match (tbl.as_str(), row.as_str()) {
            ("table3", "new_received") => {
                f.applications = total;
                f.natural_persons = cell("natural_person");
                f.legal_persons = [
                    "commercial_enterprise",
                    "research_institution",
                    "social_welfare_organization",
                    "legal_service_institution",
                    "other",
                ]
                .iter()
                .map(|c| cell(c))
                .sum();
            }
            ("table3", "carried_over") => f.carried_over = total,
            ("table3", "granted") => f.granted = total,
            ("table3", "partially_granted") => f.partially_granted = total,
            ("table3", "total_processed") => f.processed = total,
            ("table3", r) if r.starts_with("withheld") => f.withheld = add(f.withheld, total),
            ("table3", r) if r.starts_with("unable") => f.unable = add(f.unable, total),
            ("table3", r) if r.starts_with("not_processed") => f.not_processed = add(f.not_processed, total),
            ("table3", r) if r.starts_with("other") => f.other = add(f.other, total),
            ("table4", "review") => {
                f.reviews = Reviews { total, corrected: cell("corrected"), decided: decided(&cell) }
            }
            ("table4", r) if r.starts_with("litigation") => {
                let l = &mut f.lawsuits;
                *l = Reviews {
                    total: add(l.total, total),
                    corrected: add(l.corrected, cell("corrected")),
                    decided: add(l.decided, decided(&cell)),
                };
            }
            _ => {}
        }
    }
    for f in &mut reports {
        if f.processed.is_none() {
            f.outcomes_complete = false;
        }
    }
    // Findings, and whether a reviewer has decided each warning and error.
    let mut out = Figures { reports, ..Figures::default() };
    let mut st = conn.prepare(&format!(
        "SELECT f.report_id, f.code, f.severity, coalesce(d.state, 'open') FROM findings f JOIN reports r ON r.id = f.report_id {}
         WHERE r.current = 1",
        latest_decision()
    ))?;
    let mut rows = st.query(params![])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let Some(&i) = at.get(&id) else { continue };
        let (code, severity, state): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let c = intern(&mut out.codes, code);
        let s = intern(&mut out.severities, severity.clone());
        out.findings.entry(id).or_default().push((c, s));
        let f = &mut out.reports[i];
        match severity.as_str() {
            "error" => f.errors += 1,
            "warning" => f.warnings += 1,
            _ => continue,
        }
        if state == "open" {
            f.undecided = true;
        }
    }
    Ok(out)
}

fn intern(names: &mut Vec<String>, name: String) -> u16 {
    match names.iter().position(|n| *n == name) {
        Some(i) => i as u16,
        None => {
            names.push(name);
            (names.len() - 1) as u16
        }
    }
}

/// The `stats` columns, by key: the keys stay in CSV and JSON; a person reads each column by
/// its name in the catalogue (`stats-col-` and the key, [`column_name`]).
const COLUMNS: [&str; 28] = [
    "group",
    "reports",
    "applications",
    "processed",
    "granted",
    "partially_granted",
    "withheld",
    "unable",
    "not_processed",
    "other",
    "rate_reports",
    "grant_rate",
    "withheld_rate",
    "unable_rate",
    "not_processed_rate",
    "reviews",
    "lawsuits",
    "carried_over",
    "natural_persons",
    "legal_persons",
    "reviews_corrected",
    "review_correction_rate",
    "lawsuits_corrected",
    "lawsuit_correction_rate",
    "proactive",
    "full_grant_rate",
    "partial_grant_rate",
    "other_rate",
];

/// The catalogue's ids of the `stats` columns' names start with this.
pub const COLUMN_IDS: &str = "stats-col-";

/// The name of a `stats` column in `lang`; the key itself for any other.
pub fn column_name(key: &str, lang: xxgk_core::Lang) -> String {
    let id = format!("{COLUMN_IDS}{}", key.replace('_', "-"));
    if COLUMNS.contains(&key) && xxgk_core::i18n::has(lang, &id) {
        xxgk_core::i18n::text(lang, &id)
    } else {
        key.to_string()
    }
}

/// Names the group of 未识别地区 in rows of [`Figures::stats`] by region (`null` there): its
/// words for a person, [`xxgk_core::place::UNPLACED`] for a file a program reads back.
pub fn name_unplaced(rows: &mut [Vec<Value>], name: &str) {
    for row in rows {
        if let Some(g @ Value::Null) = row.first_mut() {
            *g = Value::from(name);
        }
    }
}

/// The group a report falls in, named (`None` for no year, no level, 未识别地区); `None` for a
/// report outside the region of `scope`.
fn group(by: By, scope: &Scope, r: &ReportFigures) -> Option<Option<String>> {
    match by {
        By::Year => Some(r.year.map(|y| y.to_string())),
        By::Level => Some(r.level.clone()),
        By::Region => Place::below(scope.region.as_ref(), &r.place).map(|p| p.name()),
    }
}

impl Figures {
    /// The reports `scope` selects.
    pub fn within<'a>(&'a self, scope: &'a Scope) -> impl Iterator<Item = &'a ReportFigures> + 'a {
        self.reports.iter().filter(move |r| scope.holds(r))
    }

    /// Totals and rates per group over the reports of `scope` that state a 表三 or 表四 value:
    /// applications received (表三 本年新收 总计), outcomes (总计 column), the shares granted in
    /// full or in part, withheld (不予公开), unable to provide (无法提供) and not processed
    /// (不予处理), administrative reviews and lawsuits (表四 总计) and the shares of them decided
    /// that were corrected (纠正率), 上年结转, the applicant mix, 主动公开.
    ///
    /// A share of the outcomes is computed only over the reports whose 表三 states every outcome
    /// and the （七）总计 (`rate_reports` counts them): a report cut off after its first rows would
    /// otherwise add to the numerators of some shares and not to their denominators.
    pub fn stats(&self, by: By, scope: &Scope) -> (Vec<String>, Vec<Vec<Value>>) {
        let mut groups: BTreeMap<Option<String>, Vec<&ReportFigures>> = BTreeMap::new();
        for r in self.within(scope).filter(|r| r.tabled) {
            if let Some(g) = group(by, scope, r) {
                groups.entry(g).or_default().push(r);
            }
        }
        let rows = groups.into_iter().map(|(g, rs)| stats_row(g, &rs)).collect();
        (COLUMNS.iter().map(|k| k.to_string()).collect(), rows)
    }

    /// Each finding code of the reports of `scope`: its severity, how many findings and how many
    /// reports have it, most frequent first.
    pub fn codes(&self, scope: &Scope) -> Vec<CodeCount> {
        let mut count: HashMap<(u16, u16), (usize, usize)> = HashMap::new();
        for r in self.within(scope) {
            let Some(found) = self.findings.get(&r.report) else { continue };
            let mut seen: Vec<(u16, u16)> = Vec::new();
            for k in found {
                let e = count.entry(*k).or_default();
                e.0 += 1;
                if !seen.contains(k) {
                    seen.push(*k);
                    e.1 += 1;
                }
            }
        }
        let mut out: Vec<CodeCount> = count
            .into_iter()
            .map(|((c, s), (findings, reports))| CodeCount {
                code: self.codes[c as usize].clone(),
                severity: self.severities[s as usize].clone(),
                findings,
                reports,
            })
            .collect();
        out.sort_by(|a, b| b.findings.cmp(&a.findings).then_with(|| a.code.cmp(&b.code)));
        out
    }
}

/// One finding code's count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeCount {
    /// The rule's code, e.g. `T3-FLOW`.
    pub code: String,
    /// Its severity key: `info`, `warning` or `error`.
    pub severity: String,
    /// How many findings carry it.
    pub findings: usize,
    /// How many reports have at least one of them.
    pub reports: usize,
}

fn stats_row(g: Option<String>, rs: &[&ReportFigures]) -> Vec<Value> {
    let sum = |f: &dyn Fn(&ReportFigures) -> Option<f64>| rs.iter().map(|r| f(r)).fold(None, add);
    let num = |v: Option<f64>| v.map_or(Value::Null, |x| Value::from(x as i64));
    let base: Vec<&&ReportFigures> = rs.iter().filter(|r| r.outcomes_complete).collect();
    let over = base.iter().map(|r| r.processed).fold(None, add).filter(|p| *p > 0.0);
    let rate = |part: &dyn Fn(&ReportFigures) -> Option<f64>| -> Value {
        over.map_or(Value::Null, |p| {
            Value::from(round3(base.iter().map(|r| part(r)).fold(None, add).unwrap_or(0.0) / p))
        })
    };
    // 纠正率 over the reports that state both the corrected and the decided cases.
    let correction = |pick: fn(&ReportFigures) -> Reviews| -> Value {
        let stated: Vec<Reviews> =
            rs.iter().map(|r| pick(r)).filter(|v| v.corrected.is_some() && v.decided.is_some()).collect();
        let decided: f64 = stated.iter().filter_map(|v| v.decided).sum();
        if decided > 0.0 {
            Value::from(round3(stated.iter().filter_map(|v| v.corrected).sum::<f64>() / decided))
        } else {
            Value::Null
        }
    };
    vec![
        g.map_or(Value::Null, Value::from),
        Value::from(rs.len()),
        num(sum(&|r| r.applications)),
        num(sum(&|r| r.processed)),
        num(sum(&|r| r.granted)),
        num(sum(&|r| r.partially_granted)),
        num(sum(&|r| r.withheld)),
        num(sum(&|r| r.unable)),
        num(sum(&|r| r.not_processed)),
        num(sum(&|r| r.other)),
        Value::from(base.len()),
        rate(&|r| Some(r.granted? + r.partially_granted?)),
        rate(&|r| r.withheld),
        rate(&|r| r.unable),
        rate(&|r| r.not_processed),
        num(sum(&|r| r.reviews.total)),
        num(sum(&|r| r.lawsuits.total)),
        num(sum(&|r| r.carried_over)),
        num(sum(&|r| r.natural_persons)),
        num(sum(&|r| r.legal_persons)),
        num(sum(&|r| r.reviews.corrected)),
        correction(|r| r.reviews),
        num(sum(&|r| r.lawsuits.corrected)),
        correction(|r| r.lawsuits),
        num(sum(&|r| r.proactive)),
        rate(&|r| r.granted),
        rate(&|r| r.partially_granted),
        rate(&|r| r.other),
    ]
}

/// What a ranking orders the reports of a year by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rank {
    /// Most errors first.
    Errors,
    /// Latest after the deadline first.
    Lateness,
    /// Highest 纠正率 of administrative reviews and lawsuits together first.
    Correction,
    /// Highest share granted in full or in part first.
    Granted,
    /// Highest 不予公开 share first.
    Withheld,
}

impl Rank {
    /// Every ranking, in the order the pages offer them.
    pub const ALL: [Rank; 5] = [Rank::Errors, Rank::Lateness, Rank::Correction, Rank::Granted, Rank::Withheld];

    /// The key a page's address names the ranking by (`by=errors`), and its words in the catalogue
    /// (`web-rank-errors`).
    pub fn key(self) -> &'static str {
        match self {
            Rank::Errors => "errors",
            Rank::Lateness => "lateness",
            Rank::Correction => "correction",
            Rank::Granted => "granted",
            Rank::Withheld => "withheld",
        }
    }

    /// The ranking named by its key ([`Rank::key`]).
    pub fn from_key(key: &str) -> Option<Rank> {
        Rank::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// One report in a ranking: every measure, so that the table can show them side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// Its place in the ranking, from 1.
    pub place: usize,
    /// The report's row id in the store.
    pub report: i64,
    /// The id of its organ, when the report names one.
    pub organ: Option<i64>,
    /// The organ as the report names it.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i64>,
    /// The name of the place its organ sits in; empty for 未识别地区.
    pub region: String,
    /// How many of its findings are errors.
    pub errors: u32,
    /// How many of its findings are warnings.
    pub warnings: u32,
    /// Days published after the statutory date: 0 for a report on time ([`ReportFigures::days_late`]
    /// counts the days early as negative; a ranking of lateness does not).
    pub days_late: Option<i64>,
    /// 纠正率 of 表四's reviews and lawsuits together: cases corrected over cases decided (three
    /// places).
    pub correction_rate: Option<f64>,
    /// Share of 表三's outcomes granted in full or in part, over a complete 表三 (three places).
    pub grant_rate: Option<f64>,
    /// Share of 表三's outcomes withheld (不予公开), over a complete 表三 (three places).
    pub withheld_rate: Option<f64>,
}

impl Figures {
    /// The reports of `scope` ordered by `by`: those without the measure (a blank 表三, no
    /// deadline) are left out, never ranked as 0. Equal measures share a place (1, 1, 3), and
    /// when every report ranked has the same measure, `all_equal` says so: a list in the
    /// organs' order is no ranking.
    pub fn ranking(&self, by: Rank, scope: &Scope, limit: usize) -> Ranking {
        let mut rows: Vec<(f64, Ranked)> = self
            .within(scope)
            .filter_map(|r| {
                let ranked = ranked(r);
                let measure = match by {
                    Rank::Errors => Some(f64::from(r.errors)),
                    Rank::Lateness => ranked.days_late.map(|d| d as f64),
                    Rank::Correction => ranked.correction_rate,
                    Rank::Granted => ranked.grant_rate,
                    Rank::Withheld => ranked.withheld_rate,
                }?;
                Some((measure, ranked))
            })
            .collect();
        rows.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| a.1.agency.cmp(&b.1.agency)).then_with(|| a.1.report.cmp(&b.1.report))
        });
        let ranked = rows.len();
        let all_equal = ranked > 1 && rows.first().map(|r| r.0) == rows.last().map(|r| r.0);
        let mut place = 0;
        let mut last = None;
        let rows = rows
            .into_iter()
            .take(limit)
            .enumerate()
            .map(|(i, (m, mut r))| {
                if last != Some(m) {
                    place = i + 1;
                    last = Some(m);
                }
                r.place = place;
                r
            })
            .collect();
        Ranking { ranked, rows, all_equal }
    }
}

/// A ranking of reports by one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// How many reports have the measure and were ranked.
    pub ranked: usize,
    /// The first of them, in order, each with its place.
    pub rows: Vec<Ranked>,
    /// Every report ranked has the same measure: nothing tells them apart.
    pub all_equal: bool,
}

fn ranked(r: &ReportFigures) -> Ranked {
    let both = Reviews {
        total: add(r.reviews.total, r.lawsuits.total),
        corrected: r.reviews.corrected.zip(r.lawsuits.corrected).map(|(a, b)| a + b),
        decided: r.reviews.decided.zip(r.lawsuits.decided).map(|(a, b)| a + b),
    };
    Ranked {
        place: 0,
        report: r.report,
        organ: r.organ,
        agency: r.agency.clone(),
        year: r.year,
        region: r.place.name().unwrap_or_default(),
        errors: r.errors,
        warnings: r.warnings,
        days_late: r.days_late().map(|d| d.max(0)),
        correction_rate: both.corrected.zip(both.decided.filter(|d| *d > 0.0)).map(|(c, d)| round3(c / d)),
        grant_rate: r.share(r.granted.zip(r.partially_granted).map(|(a, b)| a + b)),
        withheld_rate: r.share(r.withheld),
    }
}

/// A year's reporting in a region, as a supervisor asks after it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Overview {
    /// Units the rosters of the region's governments expect (`None`: no roster).
    pub expected: Option<usize>,
    /// Expected units without a report (by the rosters).
    pub missing: Vec<String>,
    /// Expected units with a report (by the rosters).
    pub reported: usize,
    /// Each roster's government with its units expected, reported and missing.
    pub rosters: Vec<crate::rollup::Coverage>,
    /// Reports of the scope from no unit of its rosters (`None`: no roster): counted apart, so
    /// that the store's count never stands beside a roster's as if they measured one thing.
    pub outside: Option<usize>,
    /// How many reports the scope holds.
    pub received: usize,
    /// How many of them have at least one error.
    pub with_errors: usize,
    /// Published after the statutory date.
    pub late: usize,
    /// With a warning or error not yet confirmed or dismissed.
    pub not_reviewed: usize,
    /// Each finding code of those reports, most frequent first.
    pub codes: Vec<CodeCount>,
}

impl Figures {
    /// The overview of `scope`; `rosters` are the coverage of the governments of `scope`.
    pub fn overview(&self, scope: &Scope, rosters: &[crate::rollup::Coverage]) -> Overview {
        let mut o = Overview { codes: self.codes(scope), ..Overview::default() };
        for r in self.within(scope) {
            o.received += 1;
            o.with_errors += usize::from(r.errors > 0);
            o.late += usize::from(r.days_late().is_some_and(|d| d > 0));
            o.not_reviewed += usize::from(r.undecided);
        }
        let with_roster: Vec<&crate::rollup::Coverage> = rosters.iter().filter(|c| c.expected.is_some()).collect();
        if !with_roster.is_empty() {
            o.expected = Some(with_roster.iter().filter_map(|c| c.expected).sum());
            o.missing = with_roster.iter().flat_map(|c| c.missing.iter().cloned()).collect();
            o.reported = with_roster.iter().map(|c| c.reported).sum();
            o.outside = Some(o.received.saturating_sub(o.reported));
            o.rosters = with_roster.into_iter().cloned().collect();
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_across_months_and_leap_years() {
        let d = |a: &str, b: &str| day_number(b).unwrap() - day_number(a).unwrap();
        assert_eq!(d("2024-01-31", "2024-03-01"), 30);
        assert_eq!(d("2023-01-31", "2023-03-01"), 29);
        assert_eq!(d("2022-03-31", "2022-03-31"), 0);
        assert_eq!(d("2021-12-31", "2022-01-01"), 1);
        assert_eq!(day_number("2022-1-5"), None);
    }

    #[test]
    fn a_region_groups_by_the_next_place_down() {
        let r = |organ: &str| ReportFigures { place: Place::of(organ), ..ReportFigures::default() };
        let top = Scope::default();
        let named = |g: Option<Option<String>>| g.map(|g| g.unwrap_or_else(|| "未识别地区".into()));
        assert_eq!(named(group(By::Region, &top, &r("洪泽区人民政府"))), Some("江苏省".into()));
        assert_eq!(named(group(By::Region, &top, &r("青禾市松岭区教育局"))), Some("未识别地区".into()));
        assert_eq!(named(group(By::Region, &top, &r("国家统计局"))), Some("未识别地区".into()), "never dropped");
        let city = Scope { region: Place::parse("淮安市"), ..Scope::default() };
        assert_eq!(named(group(By::Region, &city, &r("洪泽区财政局"))), Some("江苏省淮安市洪泽区".into()));
        assert_eq!(named(group(By::Region, &city, &r("淮安市财政局"))), Some("江苏省淮安市".into()));
        assert_eq!(group(By::Region, &city, &r("宜春市人民政府")), None);
        let unplaced = Scope { region: Place::parse("未识别地区"), ..Scope::default() };
        assert_eq!(named(group(By::Region, &unplaced, &r("青禾市松岭区教育局"))), Some("青禾市".into()));
        assert_eq!(group(By::Region, &unplaced, &r("洪泽区财政局")), None);
    }

    #[test]
    fn every_column_has_a_name_in_each_language() {
        for lang in xxgk_core::Lang::ALL {
            for key in COLUMNS {
                assert!(
                    xxgk_core::i18n::has(lang, &format!("{COLUMN_IDS}{}", key.replace('_', "-"))),
                    "{key} in {}",
                    lang.code()
                );
            }
        }
        // And the catalogue names no column the statistics lack.
        assert_eq!(xxgk_core::i18n::ids_with_prefix(COLUMN_IDS).len(), COLUMNS.len());
        assert_eq!(column_name("no_such_column", xxgk_core::Lang::default()), "no_such_column");
    }
}
