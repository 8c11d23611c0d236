//! The 文件 page: what the store holds that counts as no report — documents that are not
//! annual reports, files and archive members that could not be read — each with why, to be
//! removed or read again. Such a file names no organ, so only an account that sees the whole
//! store sees them.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use crate::access::Visitor;
use crate::{lang, read, render, text, whole_store, write, Failure, ListParams, Shared};

/// One file as the page lists it.
#[derive(Debug, Serialize)]
struct Row {
    /// The stored path, which the page's buttons send back.
    path: String,
    /// The file's own name, as uploaded.
    name: String,
    /// The archive it came in, when it is a member of one.
    archive: Option<String>,
    /// The document read from it, when it was read.
    report: Option<i64>,
    why: String,
}

/// `GET /files`: the files that count as no report, with why.
pub(crate) async fn files_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let whole = visitor.within.is_none();
    let all = if whole { read(&app, xxgk_store::review::apart).await? } else { Vec::new() };
    let rows: Vec<Row> = all
        .into_iter()
        .map(|a| Row {
            name: a.name(),
            archive: a.path.contains('!').then(|| xxgk_store::query::file_name(xxgk_store::query::file_of(&a.path))),
            report: a.report,
            why: a.why.words(lang),
            path: a.path,
        })
        .collect();
    let (not_reports, unreadable): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| r.report.is_some());
    render(
        &app,
        &visitor,
        "files.html",
        minijinja::context! { title => text(lang, "web-files"), whole => whole, not_reports => not_reports, unreadable => unreadable },
        lang,
    )
}

/// A file named by the page.
#[derive(Debug, Deserialize)]
pub(crate) struct FileBody {
    path: String,
}

/// `POST /api/files/removal`: forget a file that counts as no report (and its upload, when the
/// workspace received it). A reviewer of a part of the store cannot: the file names no organ.
pub(crate) async fn remove(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Json(body): Json<FileBody>,
) -> Result<Response, Failure> {
    whole_store(&visitor, lang(None, &headers), "web-files-whole")?;
    let who = visitor.actor(None);
    let path = body.path.clone();
    let answer = write(&app, &visitor, &headers, "removed", move |s| {
        // Only what the page lists: a report that counts is removed with its versions, not here.
        if !xxgk_store::review::apart(s)?.iter().any(|a| a.path == path) {
            return Ok(Err(xxgk_store::Refusal::new("web-files-not-apart")));
        }
        xxgk_store::review::remove_path(s, &who, &path)?;
        Ok(Ok(1))
    })
    .await?;
    let file = std::path::Path::new(xxgk_store::query::file_of(&body.path));
    if file.starts_with(crate::import::uploads(&app.db)) {
        crate::import::forget(&app, file).await;
    }
    Ok(answer)
}

/// `POST /api/files/reading`: read a file that counts as no report again, as it is on disk now
/// (a file replaced at its path, or read by a newer reader).
pub(crate) async fn reread(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Json(body): Json<FileBody>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    whole_store(&visitor, lang, "web-files-whole")?;
    if !visitor.csrf_ok(&headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf").to_string()));
    }
    let path = body.path.clone();
    let listed = read(&app, move |s| Ok(xxgk_store::review::apart(s)?.into_iter().any(|a| a.path == path))).await?;
    let file = std::path::PathBuf::from(xxgk_store::query::file_of(&body.path));
    if !listed || !file.is_file() {
        return Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang, "web-files-gone").to_string()));
    }
    let db = app.db.clone();
    let who = visitor.actor(None);
    let again = xxgk_store::manifest::Manifest::one(&xxgk_store::ingest::canonical(&file), Default::default());
    let tally =
        tokio::task::spawn_blocking(move || xxgk_store::ingest::ingest(&db, &[file], &again, &who, &mut |_, _| {}))
            .await
            .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
            .map_err(Failure::from)?;
    Ok(Json(
        serde_json::json!({ "reports": tally.reports, "not_reports": tally.not_reports, "unreadable": tally.failed }),
    )
    .into_response())
}
