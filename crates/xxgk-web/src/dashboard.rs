//! 统计: the overview of a year's reporting, the charts, the rankings and the roll-ups — pages,
//! their data as JSON, CSV and Excel — all computed by `xxgk_store::figures` and
//! `xxgk_store::rollup`, the functions behind `xxgk stats` and `xxgk rollup`.
//!
//! The figures of every current report are read once and kept until the store changes
//! (`PRAGMA data_version` on a connection held for that), so a page at a country's scale adds up
//! numbers in memory instead of reading every value again.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use minijinja::context;
use serde::Deserialize;
use serde_json::{Map, Value};
use xxgk_core::place::{Place, UNPLACED};
use xxgk_core::tr;
use xxgk_core::Lang;
use xxgk_store::figures::{By, Figures, Rank, Scope};
use xxgk_store::Store;

use crate::access::{InScope, Scoped, Visitor};
use crate::catalogue::text;
use crate::{download, found, lang, read, render, Failure, Shared};

/// The figures as published and as corrected, each with the store's `data_version` it was read
/// at, and the connection that version is asked of.
#[derive(Default)]
pub struct Cache {
    watch: Mutex<Option<Store>>,
    kept: Mutex<[Option<(i64, Arc<Figures>)>; 2]>,
}

impl Cache {
    /// The figures of the store at `db` now.
    pub fn get(&self, db: &std::path::Path, corrected: bool) -> xxgk_store::Result<Arc<Figures>> {
        let version = {
            let mut watch = self.watch.lock().unwrap_or_else(|e| e.into_inner());
            if watch.is_none() {
                *watch = Some(Store::open_read_only(db)?);
            }
            watch.as_ref().map(Store::data_version).transpose()?.unwrap_or(0)
        };
        let slot = usize::from(corrected);
        if let Some((v, f)) = &self.kept.lock().unwrap_or_else(|e| e.into_inner())[slot] {
            if *v == version {
                return Ok(f.clone());
            }
        }
        let fresh = Arc::new(xxgk_store::figures::load(&Store::open_read_only(db)?, corrected)?);
        self.kept.lock().unwrap_or_else(|e| e.into_inner())[slot] = Some((version, fresh.clone()));
        Ok(fresh)
    }
}

/// The filters of every 统计 page, as a URL carries them.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// The organs the person may see (`None`: all): their account's scope, set by the guard's
    /// visitor, never by the query.
    #[serde(skip)]
    within: Option<std::sync::Arc<std::collections::BTreeSet<i64>>>,
    year: Option<String>,
    region: Option<String>,
    level: Option<String>,
    by: Option<String>,
    organ: Option<String>,
    corrected: Option<String>,
    page: Option<usize>,
    /// `1`: a CSV headed by the columns' keys, for a program, rather than their names.
    keys: Option<String>,
    lang: Option<String>,
}

impl InScope for Params {
    fn scope_to(&mut self, within: crate::access::Within, _me: Option<String>) {
        self.within = within;
    }
}

impl Params {
    fn some(s: &Option<String>) -> Option<String> {
        s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }

    fn scope(&self) -> Scope {
        Scope {
            year: Self::some(&self.year).and_then(|y| y.parse().ok()),
            region: Self::some(&self.region).and_then(|r| Place::parse(&r)),
            level: Self::some(&self.level),
            organs: self.within.clone(),
        }
    }

    fn corrected(&self) -> bool {
        self.corrected.as_deref().is_some_and(|c| c == "1" || c == "true")
    }

    /// What `stats` groups by; `None` for a value that is none of them.
    fn by(&self) -> Option<By> {
        match self.by.as_deref().unwrap_or("year") {
            "year" => Some(By::Year),
            "region" => Some(By::Region),
            "level" => Some(By::Level),
            _ => None,
        }
    }

    /// This view's query string without `by`, `page` and `lang` (each value escaped), for links
    /// and downloads.
    fn query(&self) -> String {
        let keep = [
            ("year", &self.year),
            ("region", &self.region),
            ("level", &self.level),
            ("organ", &self.organ),
            ("corrected", &self.corrected),
        ];
        let parts: Vec<String> = keep
            .iter()
            .filter_map(|(k, v)| Self::some(v).map(|v| format!("{k}={}", crate::pages::encode(&v))))
            .collect();
        parts.join("&")
    }
}

pub(crate) async fn figures(app: &Shared, corrected: bool) -> Result<Arc<Figures>, Failure> {
    let a = app.clone();
    tokio::task::spawn_blocking(move || a.figures.get(&a.db, corrected))
        .await
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(Failure::from)
}

/// `stats`' rows as JSON objects keyed by column, exactly as `xxgk stats --format jsonl` prints
/// them.
fn objects(header: &[String], rows: Vec<Vec<Value>>) -> Vec<Value> {
    rows.into_iter().map(|r| Value::Object(header.iter().cloned().zip(r).collect::<Map<String, Value>>())).collect()
}

fn bad_by(lang: Lang) -> Failure {
    Failure(StatusCode::BAD_REQUEST, text(lang, "web-bad-by").to_string())
}

/// `GET /api/stats?by=year|region|level`: the rows of `xxgk stats --by … --format jsonl`.
pub async fn stats_api(
    State(app): State<Shared>,
    headers: HeaderMap,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let by = p.by().ok_or_else(|| bad_by(lang(p.lang.as_deref(), &headers)))?;
    let (header, rows) = figures(&app, p.corrected()).await?.stats(by, &p.scope());
    Ok(Json(objects(&header, rows)).into_response())
}

/// `GET /stats.csv` and `/stats.xlsx`: the same rows, with the column names in the page's
/// language in the workbook.
pub async fn stats_file(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(ext): Path<String>,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let _turn = crate::heavy_turn(&app, lang)?;
    let by = p.by().ok_or_else(|| bad_by(lang))?;
    let (header, mut rows) = figures(&app, p.corrected()).await?.stats(by, &p.scope());
    // A person's file names its columns and 未识别地区 in the page's language; a CSV asked for
    // with `keys=1` keeps the keys a program reads, as `xxgk stats --format csv --keys` does.
    let keyed = ext == "stats.csv" && Params::some(&p.keys).is_some();
    if by == By::Region {
        let unplaced = if keyed { UNPLACED.to_string() } else { text(lang, "place-unplaced") };
        xxgk_store::figures::name_unplaced(&mut rows, &unplaced);
    }
    let named: Vec<String> = header.iter().map(|h| xxgk_store::figures::column_name(h, lang).to_string()).collect();
    let (format, kind, header) = match ext.as_str() {
        "stats.xlsx" => ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &named),
        "stats.csv" => ("csv", "text/csv; charset=utf-8", if keyed { &header } else { &named }),
        _ => return Err(Failure(StatusCode::NOT_FOUND, text(lang, "web-no-page").to_string())),
    };
    let mut body = Vec::new();
    xxgk_store::table::write(&mut body, header, &rows, format, true, &text(lang, "web-stats"), lang)
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(download(kind, &ext, body))
}

/// The years the store holds, newest first, for the filters.
fn years(f: &Figures) -> Vec<i64> {
    let mut y: Vec<i64> = f.reports.iter().filter_map(|r| r.year).collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    y
}

/// A page's scope with the year it is about: the one asked for, else the newest in the store.
fn with_year(p: &Params, f: &Figures) -> Scope {
    let mut scope = p.scope();
    if scope.year.is_none() {
        scope.year = years(f).first().copied();
    }
    scope
}

/// A place for a page: the key its links carry and its name in `lang`.
pub(crate) fn place_context(p: &Place, lang: Lang) -> minijinja::Value {
    let name = p.name().unwrap_or_else(|| text(lang, "place-unplaced"));
    context! { key => p.key(), name => name }
}

/// The filter form's values and choices, shared by the four pages.
fn filters(p: &Params, f: &Figures, scope: &Scope, lang: Lang) -> minijinja::Value {
    // The chosen place and those above it, for the way back up.
    let trail: Vec<minijinja::Value> =
        scope.region.iter().flat_map(Place::trail).map(|p| place_context(&p, lang)).collect();
    let region = scope.region.as_ref().map(|p| place_context(p, lang));
    context! {
        years => years(f), year => scope.year, region => region, level => scope.level,
        organ => Params::some(&p.organ), corrected => p.corrected(), trail => trail, query => p.query(),
    }
}

async fn overview_data(
    app: &Shared,
    p: &Params,
) -> Result<(Arc<Figures>, Scope, xxgk_store::figures::Overview), Failure> {
    let f = figures(app, p.corrected()).await?;
    let scope = with_year(p, &f);
    let (year, region) = (scope.year, scope.region.clone());
    let rosters = crate::read(app, move |s| match year {
        Some(y) => xxgk_store::rollup::coverage(s, y, region.as_ref()),
        None => Ok(Vec::new()),
    })
    .await?;
    let o = f.overview(&scope, &rosters);
    Ok((f, scope, o))
}

/// `GET /api/overview`: the overview of a year (the newest without one) and region.
pub async fn overview_api(State(app): State<Shared>, Scoped(p): Scoped<Params>) -> Result<Response, Failure> {
    let (_, scope, o) = overview_data(&app, &p).await?;
    Ok(Json(serde_json::json!({ "year": scope.year, "region": scope.region, "level": scope.level, "overview": o }))
        .into_response())
}

/// `GET /overview`: 总览.
pub async fn overview_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let (f, scope, o) = overview_data(&app, &p).await?;
    let codes: Vec<minijinja::Value> = o
        .codes
        .iter()
        .map(|c| context! { code => c.code, severity => c.severity, findings => c.findings, reports => c.reports })
        .collect();
    let chart = serde_json::json!({
        "kind": "overview",
        "cards": [
            [text(lang, "web-ov-received"), o.received],
            [text(lang, "web-ov-errors"), o.with_errors],
            [text(lang, "web-ov-late"), o.late],
            [text(lang, "web-ov-todo"), o.not_reviewed],
        ],
        "codes": o.codes.iter().take(15).map(|c| serde_json::json!([c.code, c.findings])).collect::<Vec<_>>(),
        "title_cards": text(lang, "web-ov-chart"),
        "title_codes": text(lang, "web-ov-codes-chart"),
        "texts": crate::catalogue::for_script(lang, &["web-chart-"]),
    });
    // 审核进度: the round's states over the same reports, each a link to the list.
    let q = xxgk_store::review::ListQuery {
        year: scope.year,
        region: scope.region.clone(),
        level: scope.level.clone(),
        organs: scope.organs.clone(),
        per_page: 1,
        ..Default::default()
    };
    let rounds: Vec<minijinja::Value> = read(&app, move |s| xxgk_store::review::round_counts(s, &q))
        .await?
        .into_iter()
        .map(|(state, n)| context! { key => state.key(), n => n })
        .collect();
    let ctx = context! {
        title => text(lang, "web-overview"), view => "overview", filters => filters(&p, &f, &scope, lang), o => o, codes => codes, chart => chart, rounds => rounds,
    };
    render(&app, &visitor, "overview.html", ctx, lang)
}

/// `GET /stats`: the charts, over the years and over the places below the chosen one.
pub async fn stats_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let f = figures(&app, p.corrected()).await?;
    let scope = with_year(&p, &f);
    // Over the years: the chosen places and level, every year.
    let across = Scope { year: None, ..scope.clone() };
    let (header, by_year) = f.stats(By::Year, &across);
    let (_, by_region) = f.stats(By::Region, &scope);
    let (_, by_level) = f.stats(By::Level, &scope);
    let table = |rows: &[Vec<Value>]| objects(&header, rows.to_vec());
    let names = column_names(&header, lang);
    let levels: Map<String, Value> = ["province", "city", "county", "township"]
        .iter()
        .map(|l| (l.to_string(), Value::from(text(lang, &format!("web-level-{l}")))))
        .collect();
    let data = serde_json::json!({
        "kind": "stats",
        "year": table(&by_year),
        "region": table(&by_region),
        "level": table(&by_level),
        "names": names,
        "levels": levels,
        "unplaced": text(lang, "place-unplaced"),
        "texts": crate::catalogue::for_script(lang, &["web-chart-"]),
    });
    // The other tables are drawn when a reader opens them (`GET /stats/table`): a large
    // store's regions would otherwise weigh on every visit.
    let ctx = context! {
        title => text(lang, "web-stats"), view => "stats", filters => filters(&p, &f, &scope, lang), chart => data,
        header => header, names => names, by_year => table(&by_year),
    };
    render(&app, &visitor, "stats.html", ctx, lang)
}

/// The statistics' columns by their keys, each with its name in `lang`.
fn column_names(header: &[String], lang: xxgk_core::Lang) -> Map<String, Value> {
    header.iter().map(|h| (h.clone(), Value::from(xxgk_store::figures::column_name(h, lang)))).collect()
}

/// `GET /stats/table?by=…`: one of 统计's tables alone, as the page draws it, for the page to
/// put in place when it is opened.
pub async fn stats_table(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let by = p.by().ok_or_else(|| bad_by(lang))?;
    let f = figures(&app, p.corrected()).await?;
    let mut scope = with_year(&p, &f);
    if by == By::Year {
        // Over the years, as the page's own table of years.
        scope.year = None;
    }
    let (header, rows) = f.stats(by, &scope);
    let ctx = context! {
        filters => filters(&p, &f, &with_year(&p, &f), lang), names => column_names(&header, lang), rows => objects(&header, rows), header => header,
        by => Params::some(&p.by),
    };
    render(&app, &visitor, "stats_table.html", ctx, lang)
}

/// Reports a ranking shows.
const RANKED: usize = 100;

fn rank_of(p: &Params) -> Rank {
    p.by.as_deref().and_then(Rank::from_key).unwrap_or(Rank::Errors)
}

/// `GET /api/ranking?by=errors|lateness|correction|granted|withheld`.
pub async fn ranking_api(State(app): State<Shared>, Scoped(p): Scoped<Params>) -> Result<Response, Failure> {
    let f = figures(&app, p.corrected()).await?;
    let scope = with_year(&p, &f);
    let r = f.ranking(rank_of(&p), &scope, RANKED);
    Ok(Json(serde_json::json!({ "year": scope.year, "ranked": r.ranked, "rows": r.rows, "all_equal": r.all_equal }))
        .into_response())
}

/// `GET /ranking`: 排名.
pub async fn ranking_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let f = figures(&app, p.corrected()).await?;
    let scope = with_year(&p, &f);
    let by = rank_of(&p);
    let r = f.ranking(by, &scope, RANKED);
    let measures: Vec<minijinja::Value> = Rank::ALL
        .iter()
        .map(|r| context! { key => r.key(), name => text(lang, &format!("web-rank-{}", r.key())), on => *r == by })
        .collect();
    let ctx = context! {
        title => text(lang, "web-ranking"), view => "ranking", filters => filters(&p, &f, &scope, lang), shown => r.rows.len(), rows => r.rows, ranked => r.ranked,
        all_equal => r.all_equal, measures => measures, by => by.key(), measure => text(lang, &format!("web-rank-{}", by.key())),
    };
    render(&app, &visitor, "ranking.html", ctx, lang)
}

/// Governments a roll-up page lists.
const ROLLUPS_PER_PAGE: usize = 50;

/// `GET /rollup`: every government's report of the year with its units' coverage.
pub async fn rollup_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let f = figures(&app, false).await?;
    let scope = with_year(&p, &f);
    let (year, organ, region) = (scope.year, Params::some(&p.organ), scope.region.clone());
    let mut all = crate::read(&app, move |s| xxgk_store::rollup::members(s, year, organ.as_deref(), None)).await?;
    all.retain(|m| {
        region.as_ref().is_none_or(|r| r.contains(&Place::of(m.government.agency.as_deref().unwrap_or(""))))
    });
    // Those with a roster first: only their sums can be complete.
    all.sort_by_key(|m| (m.expected.is_none(), m.missing.is_empty(), m.government.agency.clone()));
    let total = all.len();
    let pages = total.div_ceil(ROLLUPS_PER_PAGE).max(1);
    let page = p.page.unwrap_or(0).min(pages - 1);
    let rows: Vec<minijinja::Value> = all
        .iter()
        .skip(page * ROLLUPS_PER_PAGE)
        .take(ROLLUPS_PER_PAGE)
        .map(|m| {
            context! {
                id => m.government.id, agency => m.government.agency, year => m.government.year,
                present => m.units.len(), expected => m.expected, missing => m.missing, complete => m.complete(),
            }
        })
        .collect();
    let link = |n: usize| format!("/rollup?{}&page={n}", p.query());
    let ctx = context! {
        title => text(lang, "web-rollup"), view => "rollup", filters => filters(&p, &f, &scope, lang), rows => rows, total => total,
        page_text => tr!(lang, "web-page", p = page + 1, n = pages),
        previous => (page > 0).then(|| link(page - 1)), next => (page + 1 < pages).then(|| link(page + 1)),
    };
    render(&app, &visitor, "rollup.html", ctx, lang)
}

/// One government's roll-up: coverage, units, and the differences in template order with the
/// reviewers' explanations.
async fn one_rollup(app: &Shared, id: i64, lang: Lang) -> Result<Value, Failure> {
    let r = crate::read(app, move |s| {
        let Some(m) = xxgk_store::rollup::members(s, None, None, Some(id))?.pop() else { return Ok(None) };
        let explained = xxgk_store::rollup::explanations(s, id)?;
        Ok(Some((xxgk_store::rollup::compare(s, m)?, explained)))
    })
    .await?;
    let (r, explained) = found(r, lang, "web-no-rollup")?;
    let m = &r.members;
    let differ: Vec<Value> = r
        .differ
        .iter()
        .map(|c| {
            serde_json::json!({
                "cell": c.cell,
                "name": xxgk_core::report::cell_name(&c.cell, lang).unwrap_or_else(|| c.cell.clone()),
                "government": c.government.map(|v| v.to_string()),
                "units": c.units.map(|v| v.to_string()),
                "difference": c.government.zip(c.units).map(|(g, u)| (g - u).to_string()),
                "explained": explained.get(&c.cell).filter(|e| !e.reason.is_empty()),
            })
        })
        .collect();
    Ok(serde_json::json!({
        "government": m.government,
        "units": m.units,
        "expected": m.expected,
        "missing": m.missing,
        "complete": m.complete(),
        "differ": differ,
        "unknown": r.unknown,
    }))
}

/// `GET /api/rollup/{id}`.
pub async fn rollup_api(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, Failure> {
    Ok(Json(one_rollup(&app, id, lang(p.lang.as_deref(), &headers)).await?).into_response())
}

/// `GET /rollup/{id}`.
pub async fn rollup_detail(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let r = one_rollup(&app, id, lang).await?;
    let title = format!(
        "{} · {}",
        r["government"]["agency"].as_str().map_or_else(|| text(lang, "unknown"), str::to_string),
        text(lang, "web-rollup")
    );
    render(&app, &visitor, "rollup_one.html", context! { title => title, view => "rollup", r => r }, lang)
}

/// An explanation as the API takes it.
#[derive(Debug, Deserialize)]
pub struct ExplanationBody {
    /// `table3.granted.total`
    cell: String,
    /// Empty: take the mark back.
    #[serde(default)]
    reason: String,
    /// Who explains it, as typed in open mode (an account's own name otherwise).
    #[serde(default)]
    author: String,
}

/// `POST /api/rollup/{id}/explanations`: mark a difference explained.
pub async fn explain_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<ExplanationBody>,
) -> Result<Response, Failure> {
    crate::named(&visitor, &headers, &body.author, true)?;
    let who = visitor.actor(Some(&body.author));
    crate::write(&app, &visitor, &headers, "explanation", move |store| {
        xxgk_store::rollup::explain(store, &who, id, &body.cell, &body.reason)
    })
    .await
}
