//! The organs and the rosters on the workspace, as `xxgk organs` and `xxgk roster` have them:
//! the index of organs (merged where two are one, split where one name is another organ), and
//! the rosters of the units each government expects a report from, imported from the file an
//! office keeps (CSV or Excel) and set against the reports of a year.

use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use crate::access::{Scoped, Visitor};
use crate::{lang, read, render, text, whole_store, write, writing, Failure, ListParams, Shared};

/// Organs the index shows at most; a filter by name finds the others.
const ORGANS_SHOWN: usize = 500;

/// `GET /organs?organ=`: every organ the person may see, by region and name.
pub(crate) async fn organs_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let like = p.organ.clone().filter(|o| !o.trim().is_empty());
    let organs = read(&app, move |s| xxgk_store::organs(s, like.as_deref())).await?;
    let organs: Vec<_> = organs.into_iter().filter(|o| sees(&visitor, o.id)).collect();
    // A country's organs are too many for one page: the first of them, and a filter by name.
    let total = organs.len();
    let organs: Vec<_> = organs.into_iter().take(ORGANS_SHOWN).collect();
    let ctx = minijinja::context! { title => text(lang, "web-organs"), total => total, organs => organs, q => p.organ };
    render(&app, &visitor, "organs.html", ctx, lang)
}

/// Whether organ `id` is one the person may see.
fn sees(visitor: &Visitor, id: i64) -> bool {
    visitor.within.as_ref().is_none_or(|w| w.contains(&id))
}

/// Two organs that are one, as the page sends them.
#[derive(Debug, Deserialize)]
pub(crate) struct MergeBody {
    into: i64,
    from: i64,
}

/// `POST /api/organs/merge` `{into, from}`: organ `from` becomes part of `into` (its names, its
/// reports), as `xxgk organs --merge` does; 201 `{organ: into}`.
pub(crate) async fn merge(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Json(body): Json<MergeBody>,
) -> Result<Response, Failure> {
    if !sees(&visitor, body.into) || !sees(&visitor, body.from) {
        return Err(Failure(StatusCode::NOT_FOUND, text(lang(None, &headers), "web-no-organ").to_string()));
    }
    let who = visitor.actor(None);
    write(&app, &visitor, &headers, "organ", move |s| {
        Ok(xxgk_store::merge_organs(s, &who, body.into, body.from)?.map(|()| body.into))
    })
    .await
}

/// A name of an organ that is another organ, as the page sends it.
#[derive(Debug, Deserialize)]
pub(crate) struct SplitBody {
    /// The organ the name is under now.
    organ: i64,
    /// The name, as the organ's page lists it.
    name: String,
}

/// `POST /api/organs/split` `{organ, name}`: the reports signed `name` become an organ of their
/// own, as `xxgk organs --split` does; 201 `{organ: id}` (the new organ).
pub(crate) async fn split(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Json(body): Json<SplitBody>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    if !sees(&visitor, body.organ) {
        return Err(Failure(StatusCode::NOT_FOUND, text(lang, "web-no-organ").to_string()));
    }
    let organ = body.organ;
    let names = read(&app, move |s| Ok(xxgk_store::organ(s, organ)?.map(|o| o.names).unwrap_or_default())).await?;
    if !names.contains(&body.name) {
        return Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang, "web-split-not-a-name").to_string()));
    }
    let who = visitor.actor(None);
    write(&app, &visitor, &headers, "organ", move |s| {
        Ok(xxgk_store::split_organ(s, &who, &body.name)?
            .ok_or_else(|| xxgk_store::Refusal::new("web-split-not-a-name")))
    })
    .await
}

/// `GET /roster?year=`: each government's roster set against the reports of the year (the
/// newest by default): units expected, reported, missing by name — the governments the person
/// may see.
pub(crate) async fn roster_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let asked = p.year.as_deref().and_then(|y| y.trim().parse::<i64>().ok());
    let scope = visitor.session.as_ref().map(|s| s.user.scope.clone());
    let (year, rosters) = read(&app, move |s| {
        let Some(year) = asked.or(xxgk_store::query::newest_year(s)?) else { return Ok((None, Vec::new())) };
        Ok((Some(year), xxgk_store::rollup::coverage(s, year, None)?))
    })
    .await?;
    let rosters: Vec<_> =
        rosters.into_iter().filter(|c| scope.as_ref().is_none_or(|sc| sc.admits(Some(&c.government)))).collect();
    let ctx = minijinja::context! { title => text(lang, "web-roster"), year => year, rosters => rosters };
    render(&app, &visitor, "roster.html", ctx, lang)
}

/// `POST /api/roster` (multipart: field `file`, CSV or Excel): import a roster — each
/// government's units replace those the store had for it; 201 `{units: n}`. Only an account
/// that sees the whole store: a roster names any government.
pub(crate) async fn roster_import(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    whole_store(&visitor, lang, "web-roster-whole")?;
    if !visitor.csrf_ok(&headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf").to_string()));
    }
    let mut bytes = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            bytes = field.bytes().await.ok();
        }
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang, "web-no-upload").to_string()));
    };
    let who = visitor.actor(None);
    match writing(&app, move |s| xxgk_store::rollup::import_roster_file(s, &who, &bytes)).await? {
        Ok(n) => Ok((StatusCode::CREATED, Json(serde_json::json!({ "units": n }))).into_response()),
        Err(why) => Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang))),
    }
}
