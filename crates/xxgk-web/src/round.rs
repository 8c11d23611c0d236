//! The review round on the workspace: a report's state moved, reports assigned, findings
//! decided in bulk, opinions drafted, sent and read, the office's settings, and an agency's
//! corrected report received. Each handler is a thin layer over the store's own functions
//! ([`xxgk_store::round`], [`xxgk_store::opinion`]), which the command line uses too.

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use xxgk_core::{tr, Lang};
use xxgk_store::opinion::{self, Draft};
use xxgk_store::round::State as Round;

use crate::access::{Scoped, Visitor};
use crate::{download, found, lang, read, text, write, writing, Failure, ListParams, Shared};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A move of a report's round, as the page sends it.
#[derive(Debug, Deserialize)]
pub(crate) struct MoveBody {
    /// The state to move to (`passed`, `no-change`, `reviewing`).
    state: String,
    /// The state the page showed.
    #[serde(default)]
    seen: Option<String>,
}

/// `POST /api/reports/{id}/round`: move the report's round (201 `{round: …}`; 409 when another
/// state was reached meanwhile; 422 when the round does not lead there).
pub(crate) async fn move_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<MoveBody>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    let to = Round::from_key(&body.state)
        .ok_or_else(|| Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang, "web-no-such-state")))?;
    let seen = body.seen.as_deref().and_then(Round::from_key);
    let who = visitor.actor(None);
    write(
        &app,
        &visitor,
        &headers,
        "round",
        move |s| Ok(xxgk_store::round::move_to(s, &who, id, to, seen)?.map(|_| id)),
    )
    .await
}

/// Whom to give reports to.
#[derive(Debug, Deserialize)]
pub(crate) struct AssignBody {
    /// An account's name; empty: to nobody.
    #[serde(default)]
    assignee: String,
}

/// `POST /api/reports/{id}/assignee`: give one report to a reviewer.
pub(crate) async fn assign_one(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<AssignBody>,
) -> Result<Response, Failure> {
    let who = visitor.actor(None);
    write(&app, &visitor, &headers, "assigned", move |s| {
        Ok(xxgk_store::round::assign(s, &who, &[id], Some(&body.assignee))?.map(|n| n as i64))
    })
    .await
}

/// `POST /api/assignments?…`: give every report of the list's view (its query string, within
/// the person's scope) to a reviewer; `{assigned: n}`.
pub(crate) async fn assign_view(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<ListParams>,
    Json(body): Json<AssignBody>,
) -> Result<Response, Failure> {
    let who = visitor.actor(None);
    let q = p.query();
    write(&app, &visitor, &headers, "assigned", move |s| {
        let ids: Vec<i64> = xxgk_store::review::list_all(s, &q)?.into_iter().map(|r| r.id).collect();
        Ok(xxgk_store::round::assign(s, &who, &ids, Some(&body.assignee))?.map(|n| n as i64))
    })
    .await
}

/// A decision on every open finding of one code.
#[derive(Debug, Deserialize)]
pub(crate) struct BulkBody {
    code: String,
    /// `confirmed` or `dismissed` (a reason required).
    state: String,
    #[serde(default)]
    reason: String,
    /// Who decides, as typed in open mode.
    #[serde(default)]
    author: String,
}

/// The answer to a bulk decision: each finding decided and its decision, for the page to show
/// without reloading.
fn decided(list: Vec<(i64, i64)>) -> Response {
    let rows: Vec<serde_json::Value> =
        list.iter().map(|(f, d)| serde_json::json!({ "finding": f, "decision": d })).collect();
    (StatusCode::CREATED, Json(serde_json::json!({ "decided": rows }))).into_response()
}

async fn bulk(
    app: &Shared,
    visitor: &Visitor,
    headers: &HeaderMap,
    body: BulkBody,
    reports: impl FnOnce(&xxgk_store::Store) -> xxgk_store::Result<Vec<i64>> + Send + 'static,
) -> Result<Response, Failure> {
    let lang = lang(None, headers);
    crate::named(visitor, headers, &body.author, true)?;
    if !visitor.csrf_ok(headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf")));
    }
    let who = visitor.actor(Some(&body.author));
    let done = writing(app, move |s| {
        let ids = reports(s)?;
        xxgk_store::review::decide_open(s, &who, &ids, &body.code, &body.state, &body.reason)
    })
    .await?;
    match done {
        Ok(list) => Ok(decided(list)),
        Err(why) => Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang))),
    }
}

/// `POST /api/reports/{id}/decisions`: decide every open finding of one code of the report.
pub(crate) async fn bulk_one(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<BulkBody>,
) -> Result<Response, Failure> {
    bulk(&app, &visitor, &headers, body, move |_| Ok(vec![id])).await
}

/// `POST /api/decisions?…`: decide every open finding of one code in every report of the
/// list's view (within the person's scope), each decision recorded on its finding.
pub(crate) async fn bulk_view(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<ListParams>,
    Json(body): Json<BulkBody>,
) -> Result<Response, Failure> {
    let q = p.query();
    bulk(&app, &visitor, &headers, body, move |s| {
        Ok(xxgk_store::review::list_all(s, &q)?.into_iter().map(|r| r.id).collect())
    })
    .await
}

/// An opinion to send.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OpinionBody {
    /// The reviewer's overall opinion.
    #[serde(default)]
    overall: String,
    /// `YYYY-MM-DD`; empty: the default time to answer.
    #[serde(default)]
    deadline: String,
    /// The round's state the page showed.
    #[serde(default)]
    seen: Option<String>,
}

impl OpinionBody {
    fn draft(&self, lang: Lang) -> Result<Draft, Failure> {
        let deadline = match self.deadline.trim() {
            "" => None,
            d => Some(
                d.parse()
                    .map_err(|_| Failure(StatusCode::UNPROCESSABLE_ENTITY, tr!(lang, "web-bad-date", date = d)))?,
            ),
        };
        let seen = self.seen.as_deref().and_then(Round::from_key);
        Ok(Draft { overall: self.overall.clone(), deadline, seen })
    }
}

/// `POST /api/reports/{id}/opinions`: send the report's opinion; `{opinion: id}`.
pub(crate) async fn send_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<OpinionBody>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    let draft = body.draft(lang)?;
    let who = visitor.actor(None);
    write(&app, &visitor, &headers, "opinion", move |s| opinion::send(s, &who, id, &draft, lang)).await
}

/// The draft's query: the overall opinion and deadline typed so far.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DraftQuery {
    #[serde(default)]
    overall: String,
    #[serde(default)]
    deadline: String,
    lang: Option<String>,
}

/// `GET /reports/{id}/opinion.docx`: the opinion as it would be sent today, unnumbered.
pub(crate) async fn draft_docx(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<DraftQuery>,
) -> Result<Response, Failure> {
    let lang = lang(q.lang.as_deref(), &headers);
    let draft = OpinionBody { overall: q.overall, deadline: q.deadline, seen: None }.draft(lang)?;
    let letter = found(read(&app, move |s| opinion::draft(s, id, &draft, lang)).await?, lang, "web-no-report")?;
    Ok(download(DOCX, &letter.file_name, opinion::docx(&letter)))
}

/// `GET /opinions/{id}/letter.docx` and `…/letter.pdf`: an opinion as it was sent, as a Word
/// document or printed by LibreOffice (503 saying what to install where it is not).
pub(crate) async fn sent_letter(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    let pdf = match file.as_str() {
        "letter.docx" => false,
        "letter.pdf" => true,
        _ => return Err(Failure(StatusCode::NOT_FOUND, text(lang, "web-no-page"))),
    };
    let (_, letter, _) = found(read(&app, move |s| opinion::sent(s, id)).await?, lang, "web-no-opinion")?;
    if !pdf {
        return Ok(download(DOCX, &letter.file_name, opinion::docx(&letter)));
    }
    let name = opinion::pdf_name(&letter);
    let printed = tokio::task::spawn_blocking(move || opinion::pdf(&letter))
        .await
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    match printed {
        Ok(bytes) => Ok(download("application/pdf", &name, bytes)),
        Err(why) => Err(Failure(StatusCode::SERVICE_UNAVAILABLE, why.words(lang))),
    }
}

/// `GET /opinions.zip?…`: the opinion of every report of the list's view, in one archive: the
/// one sent on its present version, else the draft.
pub(crate) async fn batch_zip(
    State(app): State<Shared>,
    headers: HeaderMap,
    Scoped(p): Scoped<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let _turn = crate::heavy_turn(&app, lang)?;
    let q = p.query();
    let letters = read(&app, move |s| opinion::for_reports(s, &xxgk_store::review::list_all(s, &q)?, lang)).await?;
    let zip =
        xxgk_store::opinion::zip(&letters).map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let name = text(lang, "web-opinions-zip");
    Ok(download("application/zip", &name, zip))
}

/// A setting as the users page sends it.
#[derive(Debug, Deserialize)]
pub(crate) struct SettingBody {
    key: String,
    #[serde(default)]
    value: String,
}

/// `POST /api/settings`: the office's name or its 文号 pattern.
pub(crate) async fn setting_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Json(body): Json<SettingBody>,
) -> Result<Response, Failure> {
    let who = visitor.actor(None);
    write(&app, &visitor, &headers, "setting", move |s| {
        Ok(opinion::set_setting(s, &who, &body.key, &body.value)?.map(|()| 0))
    })
    .await
}

/// `POST /api/reports/{id}/resubmission`: the agency's corrected report (one file, field
/// `file`), stored as the organ-year's new current version — chosen for it as a reviewer's
/// choice would be — which moves a returned round to 已重新提交. Refused, and nothing kept,
/// when the file holds no report of the same organ and year.
pub(crate) async fn resubmit(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    if !visitor.csrf_ok(&headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf")));
    }
    let path = crate::import::receive_one(&app, form, lang).await?;
    let who = visitor.actor(None);
    let within = visitor.session.as_ref().map(|s| s.user.scope.clone()).filter(|s| !s.is_everything());
    let (db, kept) = (app.db.clone(), path.clone());
    let outcome =
        tokio::task::spawn_blocking(move || xxgk_store::round::resubmit(&db, &who, id, &kept, within.as_ref(), lang))
            .await
            .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    match outcome {
        Ok(Ok(report)) => Ok((StatusCode::CREATED, Json(serde_json::json!({ "report": report }))).into_response()),
        Ok(Err(why)) => {
            crate::import::forget(&app, &path).await;
            Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang)))
        }
        Err(e) => {
            crate::import::forget(&app, &path).await;
            Err(Failure::from(e))
        }
    }
}
