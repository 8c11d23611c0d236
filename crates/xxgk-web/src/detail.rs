//! One report as the review page shows it and `GET /api/reports/{id}` returns it: the same
//! structure for both, so that the page and the API cannot disagree.

use std::collections::HashMap;

use serde::Serialize;
use xxgk_core::report::cell_path;
use xxgk_core::{Lang, TableId};
use xxgk_store::query::{corrections, load_report, provenance, report, CorrectionRow};
use xxgk_store::review::{decisions, latest_decisions, report_findings, Decision};
use xxgk_store::ReportRow;
use xxgk_store::Store;

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// The report's own fields: `id`, `organ_id` (for its page across years), `agency`, `year`,
    /// `template`, `published`, `source_path`, `source_sha256`.
    #[serde(flatten)]
    pub report: ReportRow,
    pub tables: Vec<TableView>,
    pub findings: Vec<FindingView>,
    pub corrections: Vec<CorrectionView>,
    /// Every decision on the findings, oldest first.
    pub decisions: Vec<Decision>,
    /// With corrections: the findings of the corrected values, re-checked by the same checks
    /// (`None` without corrections).
    pub corrected_findings: Option<Vec<FindingView>>,
    /// The current reports with decisions this one replaced as the version that counts, newest
    /// first: its reviewers review it again.
    pub replaced: Vec<ReplacedView>,
    /// Where its round stands, with the opinions sent (`None`: a report naming no organ or
    /// year, which no round follows).
    pub round: Option<xxgk_store::round::Round>,
    /// How it answers the opinion sent on an earlier version, when one was.
    pub answer: Option<xxgk_store::opinion::Answer>,
    /// The source file's own name, as the page shows it ([`ReportRow::file_name`]).
    pub file: String,
    /// Every stored report of its organ's year, the one that counts first (empty when it is the
    /// only one, or names no organ or year).
    pub versions: Vec<VersionView>,
    /// Its organ, level, publication date and URL as it stands on them now (given, or its
    /// own), for the form that corrects them.
    pub facts: xxgk_store::facts::Given,
    /// For a version that does not count: the cells where it differs from the one that does
    /// (the cell as the template names it, the value counted, its value here).
    pub against_current: Vec<xxgk_store::compare::Named>,
}

/// A stored report of the same organ's year.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub report: i64,
    /// Its file's own name.
    pub file: String,
    pub published: Option<String>,
    /// The version that counts.
    pub current: bool,
    /// The first characters of its content's SHA-256: tells versions of one name apart.
    pub sha: String,
}

/// A report with decisions that this one replaced ([`xxgk_store::audit`]'s `version-replaced`).
#[derive(Debug, Clone, Serialize)]
pub struct ReplacedView {
    /// The report replaced.
    pub report: i64,
    /// How many decisions stood on it.
    pub decisions: i64,
    /// When, in 北京时间.
    pub at: String,
    /// Whose change brought the new version.
    pub by: String,
}

impl Detail {
    pub fn title(&self) -> String {
        let r = &self.report;
        format!("{} {}", r.agency.clone().unwrap_or_default(), r.year.map(|y| y.to_string()).unwrap_or_default())
    }
}

/// A correction with its cell named as the template names it (`表四·行政复议·总计`).
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    #[serde(flatten)]
    pub row: CorrectionRow,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// `table3`
    pub key: &'static str,
    pub name: String,
    pub rows: Vec<RowView>,
    /// The table as its template draws it ([`xxgk_render::grid`]): group rows, two-level
    /// column headers, 表四 as one row of fifteen; each value cell carries its [`CellView`].
    pub grid: Vec<Vec<GridView>>,
}

/// One cell of a table as the template draws it.
#[derive(Debug, Clone, Serialize)]
pub struct GridView {
    /// A heading or a row label (`None` for a value cell).
    pub head: Option<String>,
    pub rowspan: usize,
    pub colspan: usize,
    /// A value cell's value, correction and provenance (`None` for headings and the blanks
    /// drawn where a report lacks a group of 表四).
    pub cell: Option<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub key: &'static str,
    pub label: &'static str,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// `table3.granted.total`
    pub cell: String,
    /// The column's label.
    pub column: &'static str,
    /// The value as published (`None`: blank).
    pub value: Option<String>,
    /// Where it was read (span JSON).
    pub provenance: Option<serde_json::Value>,
    /// The id of its latest correction, which a new one is made on (`None`: none).
    pub seen: Option<i64>,
    /// Whether a correction applies: the page shows the corrected value with the published one
    /// struck through beside it.
    pub corrected: bool,
    /// The value as the latest correction has it (`None`: blank).
    pub corrected_value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// The stored finding (what `POST /api/findings/{id}/decision` names).
    pub id: Option<i64>,
    /// `open`, `confirmed` or `dismissed`: the latest decision on it.
    pub state: String,
    /// The latest decision's reason and author, when there is one.
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    /// The decision standing now (its id): the page sends it back with a new decision, so that
    /// one made meanwhile by someone else is not silently overwritten.
    pub seen: Option<i64>,
    /// Every decision on it, oldest first: who, when (北京时间), what, why.
    pub history: Vec<HistoryView>,
    pub code: String,
    pub severity: &'static str,
    pub scope: String,
    pub message: String,
    pub cells: Vec<String>,
    pub location: Option<serde_json::Value>,
}

/// One decision of a finding's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// `open`, `confirmed` or `dismissed`.
    pub state: String,
    /// Why (a dismissal's reason).
    pub reason: String,
    /// Who.
    pub author: String,
    /// When, in 北京时间.
    pub at: String,
}

/// Table `t` as its template draws it, each value cell with its view from `rows`.
fn drawn(t: &xxgk_core::report::TableData, rows: &[RowView]) -> Vec<Vec<GridView>> {
    use xxgk_render::filled::Row;
    let filled: Vec<Row> =
        t.rows.iter().map(|rd| Row { def: rd.def, values: rd.cells.iter().map(|c| c.value).collect() }).collect();
    let grid = xxgk_render::grid::table_grid(t.def.id, &filled, "");
    let view = |row: &str, col: &str| {
        let r = rows.iter().find(|r| r.key == row)?;
        let i = t.rows.iter().find(|rd| rd.def.key == row)?.def.columns.iter().position(|c| c.key == col)?;
        r.cells.get(i).cloned()
    };
    grid.rows
        .iter()
        .map(|cells| {
            cells
                .iter()
                .map(|g| GridView {
                    head: (!g.value).then(|| g.text.clone()),
                    rowspan: g.rowspan,
                    colspan: g.colspan,
                    cell: g.key.and_then(|(row, col)| view(row, col)),
                })
                .collect()
        })
        .collect()
}

/// Report `id` with its values as published, their provenance, its findings and corrections.
pub fn detail(store: &Store, id: i64, lang: Lang) -> xxgk_store::Result<Option<Detail>> {
    let Some(row) = report(store, id)? else { return Ok(None) };
    let Some(r) = load_report(store, id, false)? else { return Ok(None) };
    let spans: std::collections::HashMap<String, Option<String>> = provenance(store, id)?.into_iter().collect();
    let fixes = corrections(store, id)?;
    // The latest correction of each cell (the list is in the order they were made).
    let latest_fix: HashMap<&str, &CorrectionRow> = fixes.iter().map(|c| (c.cell.as_str(), c)).collect();
    let tables = TableId::ALL
        .iter()
        .filter_map(|&tid| r.table(tid))
        .map(|t| {
            let rows: Vec<RowView> = t
                .rows
                .iter()
                .map(|rd| RowView {
                    key: rd.def.key,
                    label: rd.def.label,
                    cells: rd
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(c, v)| {
                            let cell = cell_path(t.def.id, rd.def, c);
                            let provenance =
                                spans.get(&cell).cloned().flatten().and_then(|p| serde_json::from_str(&p).ok());
                            let fix = latest_fix.get(cell.as_str());
                            CellView {
                                column: rd.def.columns[c].label,
                                value: v.value.map(|n| n.to_string()),
                                provenance,
                                seen: fix.map(|f| f.id),
                                corrected: fix.is_some(),
                                corrected_value: fix.and_then(|f| f.value.clone()),
                                cell,
                            }
                        })
                        .collect(),
                })
                .collect();
            TableView { key: t.def.id.key(), name: t.def.id.name(lang), grid: drawn(t, &rows), rows }
        })
        .collect();
    let decided = decisions(store, id)?;
    let latest = latest_decisions(store, id)?;
    let findings = views(report_findings(store, id, false)?, &latest, &decided, lang);
    let corrections: Vec<CorrectionView> = fixes
        .into_iter()
        .map(|row| CorrectionView {
            name: xxgk_core::report::cell_name(&row.cell, lang).unwrap_or_else(|| row.cell.clone()),
            row,
        })
        .collect();
    let corrected_findings = if corrections.is_empty() {
        None
    } else {
        Some(views(report_findings(store, id, true)?, &latest, &decided, lang))
    };
    let filter = xxgk_store::audit::Filter {
        action: Some("version-replaced".into()),
        target: Some(id.to_string()),
        ..Default::default()
    };
    let replaced = xxgk_store::audit::entries(store, &filter)?
        .into_iter()
        .filter_map(|e| {
            let before = e.before?;
            Some(ReplacedView {
                report: before["report"].as_i64()?,
                decisions: before["decisions"].as_i64().unwrap_or(0),
                at: xxgk_store::audit::beijing(&e.at),
                by: e.actor,
            })
        })
        .collect();
    let round = xxgk_store::round::round(store, id)?;
    let answer = xxgk_store::opinion::answer(store, id, lang)?;
    let all = match (row.organ_id, row.year) {
        (Some(organ), Some(year)) => xxgk_store::versions::versions_of(store, organ, year)?,
        _ => Vec::new(),
    };
    let against_current = match all.iter().find(|v| v.current) {
        Some(now) if now.report != id && now.sha256 != row.source_sha256 => {
            xxgk_store::compare::named_changes(store, now.report, id, lang)?
        }
        _ => Vec::new(),
    };
    let versions = if all.len() > 1 {
        all.into_iter()
            .map(|v| VersionView {
                report: v.report,
                file: xxgk_store::query::file_name(&v.path),
                published: v.published,
                current: v.current,
                sha: v.sha256.chars().take(8).collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(Detail {
        facts: xxgk_store::facts::of_report(store, id)?,
        versions,
        against_current,
        file: row.file_name(),
        report: row,
        tables,
        findings,
        corrections,
        decisions: decided,
        corrected_findings,
        replaced,
        round,
        answer,
    }))
}

/// Findings as shown, each with the decision that stands on its fingerprint.
fn views(
    found: Vec<xxgk_store::review::Finding>,
    latest: &HashMap<String, Decision>,
    all: &[Decision],
    lang: Lang,
) -> Vec<FindingView> {
    found
        .into_iter()
        .map(|f| {
            let fingerprint = f.fingerprint();
            let latest = latest.get(&fingerprint);
            let history = all
                .iter()
                .filter(|d| d.fingerprint == fingerprint)
                .map(|d| HistoryView {
                    state: d.state.clone(),
                    reason: d.reason.clone(),
                    author: d.author.clone(),
                    at: xxgk_store::audit::beijing(&d.created_at),
                })
                .collect();
            FindingView {
                seen: latest.map(|d| d.id),
                history,
                id: f.id,
                state: latest.map_or("open".into(), |d| d.state.clone()),
                reason: latest.map(|d| d.reason.clone()).filter(|r| !r.is_empty()),
                decided_by: latest.map(|d| d.author.clone()),
                severity: f.severity.as_str(),
                message: f.message(lang),
                location: f.location.as_deref().and_then(|l| serde_json::from_str(l).ok()),
                code: f.code,
                scope: f.scope,
                cells: f.cells,
            }
        })
        .collect()
}

/// One organ across its years, as the organ page shows it and `GET /api/organs/{id}` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct OrganView {
    /// The organ as the store lists it (`name`, `level`, `region`, `division`, `names`, …).
    pub organ: xxgk_store::Organ,
    pub years: Vec<xxgk_store::review::OrganYear>,
    /// The figures a reviewer compares, one row per figure, one value per year.
    pub figures: Vec<FigureRow>,
    /// Each year against the year before: the cells whose values changed.
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub cell: &'static str,
    pub name: String,
    pub values: Vec<Option<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub from: i64,
    pub to: i64,
    /// Cell name, value before, value after (`None`: blank or absent).
    pub cells: Vec<(String, Option<String>, Option<String>)>,
}

/// The figures of the organ page.
const FIGURES: [&str; 8] = [
    "table3.new_received.total",
    "table3.carried_over.total",
    "table3.granted.total",
    "table3.total_processed.total",
    "table3.carried_forward.total",
    "table4.review.total",
    "table4.litigation_direct.total",
    "table4.litigation_after_review.total",
];

pub fn organ(store: &Store, id: i64, lang: Lang) -> xxgk_store::Result<Option<OrganView>> {
    let Some(o) = xxgk_store::organ(store, id)? else { return Ok(None) };
    let years = xxgk_store::review::organ_years(store, id, lang)?;
    let name = |cell: &str| xxgk_core::report::cell_name(cell, lang).unwrap_or_else(|| cell.to_string());
    let figures = FIGURES
        .iter()
        .map(|&cell| FigureRow {
            cell,
            name: name(cell),
            values: years.iter().map(|y| y.values.get(cell).cloned().flatten()).collect(),
        })
        .collect();
    // Each year against the year before, as `xxgk compare` compares them.
    let mut changes = Vec::new();
    for w in years.windows(2).filter(|w| w[1].year == w[0].year + 1) {
        let Some(c) = xxgk_store::compare::stored(store, w[0].report, w[1].report)? else { continue };
        let shown = |v: Option<Option<xxgk_core::Num>>| v.flatten().map(|n| n.to_string());
        let cells = c.changed.into_iter().map(|d| (name(&d.cell), shown(d.before), shown(d.after))).collect();
        changes.push(Change { from: w[0].year, to: w[1].year, cells });
    }
    Ok(Some(OrganView { organ: o, years, figures, changes }))
}
