//! xxgk-web: the reviewers' workspace over an xxgk store — the report list with its filters,
//! one report's tables and findings, corrections — as server-rendered pages and as a JSON API
//! over the same store functions the CLI uses.
//!
//! Security: every response carries a strict Content-Security-Policy (scripts only from this
//! server, none inline) and `nosniff`; every state-changing request must carry the CSRF token
//! of its session cookie in `X-CSRF-Token` (double submit); nothing a request names is read
//! from the file system; a document's own HTML is never sent to the browser.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use tower::ServiceExt;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let db = dir.path().join("reports.db");
//! let example = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/b-word-tsv.txt"));
//! let who = xxgk_store::audit::Actor::command_line(None);
//! xxgk_store::ingest::ingest(&db, &[example], &Default::default(), &who, &mut |_, _| {}).unwrap();
//!
//! let app = xxgk_web::router(db, xxgk_web::Serving::default());
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! let reply = runtime.block_on(app.oneshot(Request::get("/api/reports").body(Body::empty()).unwrap())).unwrap();
//! assert_eq!(reply.status(), StatusCode::OK);
//! ```

mod access;
mod accounts;
mod catalogue;
mod dashboard;
mod detail;
mod files;
mod import;
mod organs;
mod pages;
mod round;
mod source;
mod summary;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Extension;
use axum::{Json, Router};
use serde::Deserialize;
use xxgk_core::{tr, Lang};
use xxgk_store::review::NotDecided;
use xxgk_store::Store;

use crate::access::{Scoped, Visitor};

pub use access::{rule, Need, RULES};
pub use catalogue::text;
pub use import::{safe_name, Limits};

/// What every request handler shares.
struct App {
    db: PathBuf,
    templates: minijinja::Environment<'static>,
    limits: Limits,
    jobs: import::Jobs,
    figures: dashboard::Cache,
    serving: Serving,
    /// The exports that build a whole file (the review summary, a batch of opinions, a table of
    /// figures) running at once: a few, so that many clients cannot make the server hold many
    /// such files in memory together.
    heavy: Arc<tokio::sync::Semaphore>,
    /// The CSRF token of open mode's pages (see [`access`]).
    secret: String,
}

type Shared = Arc<App>;

/// How many whole-file exports may be built at once.
const HEAVY_AT_ONCE: usize = 2;

/// A turn to build a whole-file export, or 429 with `Retry-After` when every turn is taken: the
/// client tries again in a moment rather than the server queueing without bound.
fn heavy_turn(app: &Shared, lang: Lang) -> Result<tokio::sync::OwnedSemaphorePermit, Failure> {
    app.heavy
        .clone()
        .try_acquire_owned()
        .map_err(|_| Failure(StatusCode::TOO_MANY_REQUESTS, text(lang, "web-busy").to_string()))
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// How the workspace is served: the upload limits, the names it answers to, whether a proxy
/// in front of it terminates HTTPS, whether it listens on loopback only, and the accounts'
/// guard (failed logins, idle sessions).
#[derive(Debug, Clone)]
pub struct Serving {
    /// What an import may send.
    pub limits: Limits,
    /// Host names the server answers to besides the loopback names (`review.example.gov.cn`);
    /// a request naming another host is refused (DNS rebinding).
    pub hosts: Vec<String>,
    /// Behind a proxy that terminates HTTPS: the session cookie is `Secure`, and the address of
    /// a request is the proxy's `X-Forwarded-For`.
    pub behind_proxy: bool,
    /// Listening on loopback only: a store without accounts is then open to the one person at
    /// this machine. Never open otherwise.
    pub loopback: bool,
    /// Failed logins and idle sessions.
    pub guard: xxgk_store::accounts::Guard,
}

impl Default for Serving {
    fn default() -> Serving {
        Serving {
            limits: Limits::default(),
            hosts: Vec::new(),
            behind_proxy: false,
            loopback: true,
            guard: Default::default(),
        }
    }
}

/// Serve the workspace on `listener` until the process ends. The caller binds it, so that it
/// can say where the workspace is before it answers (with port 0, the port the system chose).
pub async fn serve(db: PathBuf, listener: tokio::net::TcpListener, serving: Serving) -> std::io::Result<()> {
    let (routes, app) = routes(db, serving);
    // The imports a stopped server left, resumed; uploads nobody holds, removed.
    if let Err(e) = import::resume(&app) {
        eprintln!("xxgk: {}", e.message(Lang::default()));
    }
    // The 统计 pages' figures, read while nobody waits for them.
    tokio::task::spawn_blocking(move || app.figures.get(&app.db, false).ok());
    axum::serve(listener, routes.into_make_service_with_connect_info::<SocketAddr>()).await
}

/// The workspace's routes over the store at `db`, served as `serving` says.
pub fn router(db: PathBuf, serving: Serving) -> Router {
    routes(db, serving).0
}

/// Every route the router serves, as method and path (`("GET", "/reports/{id}")`): the list the
/// router is built from, for the access rules to be checked against.
pub fn served() -> Vec<(&'static str, &'static str)> {
    table(Limits::default()).into_iter().map(|(m, p, _)| (m, p)).collect()
}

type Route = (&'static str, &'static str, axum::routing::MethodRouter<Shared>);

/// The router's own list of routes: method, path, handler. Each passes the guard with its rule
/// from [`access::RULES`].
fn table(limits: Limits) -> Vec<Route> {
    // The upload's own limits are counted on the stream; the body limit only stops a request
    // far past them.
    let upload_body = usize::try_from(limits.total.saturating_add(1 << 20)).unwrap_or(usize::MAX);
    let script = |body: &'static str| get(move || async move { asset("text/javascript; charset=utf-8", body) });
    vec![
        ("GET", "/", get(|| async { Redirect::to("/reports") })),
        ("GET", "/login", get(accounts::login_page)),
        ("POST", "/login", post(accounts::login)),
        ("POST", "/logout", post(accounts::logout)),
        ("GET", "/users", get(accounts::users_page)),
        ("POST", "/api/users", post(accounts::add_user)),
        ("POST", "/api/users/{name}", post(accounts::change_user)),
        ("GET", "/audit", get(accounts::audit_page)),
        ("GET", "/audit.xlsx", get(accounts::audit_xlsx)),
        ("GET", "/import", get(import_page)),
        ("POST", "/api/imports", post(import::start).layer(axum::extract::DefaultBodyLimit::max(upload_body))),
        ("GET", "/api/imports/{id}", get(import::progress)),
        ("POST", "/api/imports/{id}/cancel", post(import::cancel)),
        ("GET", "/imports", get(import::history_page)),
        ("GET", "/files", get(files::files_page)),
        ("POST", "/api/files/removal", post(files::remove)),
        ("POST", "/api/files/reading", post(files::reread)),
        ("GET", "/reports", get(list_page)),
        ("GET", "/rules", get(rules_page)),
        ("GET", "/reports.xlsx", get(summary_xlsx)),
        ("GET", "/reports/{id}", get(report_page)),
        ("GET", "/reports/{id}/opinion.docx", get(round::draft_docx)),
        ("POST", "/api/reports/{id}/round", post(round::move_api)),
        ("POST", "/api/reports/{id}/assignee", post(round::assign_one)),
        ("POST", "/api/assignments", post(round::assign_view)),
        ("POST", "/api/reports/{id}/decisions", post(round::bulk_one)),
        ("POST", "/api/decisions", post(round::bulk_view)),
        ("POST", "/api/reports/{id}/opinions", post(round::send_api)),
        ("GET", "/opinions/{id}/{file}", get(round::sent_letter)),
        ("GET", "/opinions.zip", get(round::batch_zip)),
        ("POST", "/api/settings", post(round::setting_api)),
        (
            "POST",
            "/api/reports/{id}/resubmission",
            post(round::resubmit).layer(axum::extract::DefaultBodyLimit::max(upload_body)),
        ),
        ("GET", "/organs", get(organs::organs_page)),
        ("GET", "/organs/{id}", get(organ_page)),
        ("POST", "/api/organs/merge", post(organs::merge)),
        ("POST", "/api/organs/split", post(organs::split)),
        ("GET", "/roster", get(organs::roster_page)),
        ("POST", "/api/roster", post(organs::roster_import)),
        ("GET", "/overview", get(dashboard::overview_page)),
        ("GET", "/stats", get(dashboard::stats_page)),
        ("GET", "/stats/table", get(dashboard::stats_table)),
        ("GET", "/ranking", get(dashboard::ranking_page)),
        ("GET", "/rollup", get(dashboard::rollup_page)),
        ("GET", "/rollup/{id}", get(dashboard::rollup_detail)),
        ("GET", "/data/{file}", get(dashboard::stats_file)),
        ("GET", "/api/overview", get(dashboard::overview_api)),
        ("GET", "/api/stats", get(dashboard::stats_api)),
        ("GET", "/api/ranking", get(dashboard::ranking_api)),
        ("GET", "/api/rollup/{id}", get(dashboard::rollup_api)),
        ("POST", "/api/rollup/{id}/explanations", post(dashboard::explain_api)),
        ("GET", "/api/organs/{id}", get(organ_api)),
        ("GET", "/api/reports", get(list_api)),
        ("GET", "/api/reports/{id}", get(report_api)),
        ("GET", "/api/reports/{id}/source", get(source_api)),
        ("GET", "/reports/{id}/source.pdf", get(source_pdf)),
        ("POST", "/api/reports/{id}/corrections", post(correct_api)),
        ("POST", "/api/reports/{id}/version", post(version_api)),
        ("POST", "/api/reports/{id}/facts", post(facts_api)),
        ("POST", "/api/findings/{id}/decision", post(decide_api)),
        ("GET", "/api/findings/{id}/history", get(history_api)),
        (
            "GET",
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../static/app.css")) }),
        ),
        ("GET", "/static/app.js", script(include_str!("../static/app.js"))),
        ("GET", "/static/source.js", script(include_str!("../static/source.js"))),
        ("GET", "/static/charts.js", script(include_str!("../static/charts.js"))),
        ("GET", "/static/vendor/{*path}", get(vendor)),
    ]
}

fn routes(db: PathBuf, serving: Serving) -> (Router, Shared) {
    // In open mode, the CSRF token of the one person's pages: a secret of this process.
    let secret = access::random_token().unwrap_or_default();
    let app = Arc::new(App {
        db,
        templates: pages::templates(),
        limits: serving.limits,
        jobs: import::Jobs::default(),
        figures: dashboard::Cache::default(),
        serving: serving.clone(),
        heavy: Arc::new(tokio::sync::Semaphore::new(HEAVY_AT_ONCE)),
        secret,
    });
    let mut router = Router::new();
    for (method, path, handler) in table(serving.limits) {
        let rule = access::rule(method, path);
        let state = (app.clone(), rule, path);
        router = router.route(path, handler.route_layer(axum::middleware::from_fn_with_state(state, access::guard)));
    }
    let router = router
        .layer(axum::middleware::from_fn(in_words))
        .layer(axum::middleware::map_response(secure))
        .with_state(app.clone());
    (router, app)
}

/// Headers every response carries.
async fn secure(mut r: Response) -> Response {
    let h = r.headers_mut();
    // A response with a policy of its own (a source document: `sandbox`) keeps it.
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Nothing of a page's address goes to another site; this site's own forms keep their
    // origin, which the guard checks (under `no-referrer` a browser sends `Origin: null`).
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "max-age=3600")], body).into_response()
}

/// The vendored JavaScript libraries (see `tools/vendor-js.sh`), served from the binary.
static VENDOR: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/static/vendor");

async fn vendor(Path(path): Path<String>) -> Response {
    let Some(file) = VENDOR.get_file(&path) else { return StatusCode::NOT_FOUND.into_response() };
    let kind = match path.rsplit('.').next() {
        Some("mjs" | "js") => "text/javascript; charset=utf-8",
        Some("pfb") => "application/x-font-type1",
        Some("ttf") => "font/ttf",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "max-age=86400")], file.contents()).into_response()
}

/// A failure, as the user reads it.
struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut r = (self.0, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], self.1).into_response();
        r.extensions_mut().insert(Said);
        if self.0 == StatusCode::TOO_MANY_REQUESTS {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        r
    }
}

/// Marks a refusal this server put into words, which [`in_words`] leaves as it is.
#[derive(Clone, Copy)]
struct Said;

/// The refusals this server's code never saw — a path whose id is not a number, a query
/// string or a form that does not parse, a body of the wrong type or size, a path or a method no
/// route has — come from the web library in its English, or empty. Each is said again in the
/// visitor's language, by its status.
async fn in_words(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let asked = req.uri().query().and_then(|q| {
        q.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == "lang").map(|(_, v)| v.to_string())
    });
    let lang = lang(asked.as_deref(), req.headers());
    let r = next.run(req).await;
    // A page or a JSON answer of this server's own is its own words.
    let plain = r.headers().get(header::CONTENT_TYPE).is_none_or(|t| t.as_bytes().starts_with(b"text/plain"));
    if r.extensions().get::<Said>().is_some() || !r.status().is_client_error() || !plain {
        return r;
    }
    let id = match r.status() {
        StatusCode::NOT_FOUND => "web-no-page",
        StatusCode::METHOD_NOT_ALLOWED => "web-bad-method",
        StatusCode::PAYLOAD_TOO_LARGE => "web-body-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "web-bad-type",
        StatusCode::UNPROCESSABLE_ENTITY => "web-bad-body",
        _ => "web-bad-request",
    };
    let mut said = Failure(r.status(), text(lang, id).to_string()).into_response();
    if let Some(allow) = r.headers().get(header::ALLOW) {
        said.headers_mut().insert(header::ALLOW, allow.clone());
    }
    said
}

/// A store error explained as the command line explains it; the failure's text goes out before
/// the page's language is known, so it says it in every language.
impl From<xxgk_store::Error> for Failure {
    fn from(e: xxgk_store::Error) -> Failure {
        Failure(StatusCode::INTERNAL_SERVER_ERROR, xxgk_core::Lang::ALL.map(|l| e.message(l)).join(" / "))
    }
}

/// Run a store call off the async threads, on a read-only connection.
async fn read<T: Send + 'static>(
    app: &Shared,
    f: impl FnOnce(&Store) -> xxgk_store::Result<T> + Send + 'static,
) -> Result<T, Failure> {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || Store::open_read_only(&db).and_then(|s| f(&s)))
        .await
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(Failure::from)
}

/// Run a store call that writes off the async threads, on a connection that waits for another
/// writer up to 30 s.
async fn writing<T: Send + 'static>(
    app: &Shared,
    f: impl FnOnce(&mut Store) -> xxgk_store::Result<T> + Send + 'static,
) -> Result<T, Failure> {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        Store::open(&db, std::time::Duration::from_secs(30)).and_then(|mut s| f(&mut s))
    })
    .await
    .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map_err(Failure::from)
}

/// What names no organ (a file apart, a roster of any government) is for an account that sees
/// the whole store; anyone else is refused (403) with the catalogue's text `why`.
fn whole_store(visitor: &Visitor, lang: Lang, why: &str) -> Result<(), Failure> {
    match visitor.within {
        None => Ok(()),
        Some(_) => Err(Failure(StatusCode::FORBIDDEN, text(lang, why).to_string())),
    }
}

/// What a lookup found, or 404 with the catalogue's text `missing`.
fn found<T>(v: Option<T>, lang: Lang, missing: &str) -> Result<T, Failure> {
    v.ok_or_else(|| Failure(StatusCode::NOT_FOUND, text(lang, missing).to_string()))
}

/// Run a store call that writes, off the async threads, once the request has shown the CSRF
/// token of `visitor`'s session: 201 with `{key: id}`, or 422 with the store's refusal in
/// `lang`.
async fn write(
    app: &Shared,
    visitor: &Visitor,
    headers: &HeaderMap,
    key: &'static str,
    f: impl FnOnce(&mut Store) -> xxgk_store::Result<Result<i64, xxgk_store::Refusal>> + Send + 'static,
) -> Result<Response, Failure> {
    let lang = lang(None, headers);
    if !visitor.csrf_ok(headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf").to_string()));
    }
    match writing(app, f).await? {
        Ok(id) => Ok((StatusCode::CREATED, Json(serde_json::json!({ key: id }))).into_response()),
        // A change made on a page that did not show the latest is a conflict (409), said in words.
        Err(why) if why.id == xxgk_store::query::STALE_CORRECTION || why.id == xxgk_store::round::STALE_ROUND => {
            Err(Failure(StatusCode::CONFLICT, why.words(lang)))
        }
        Err(why) => Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang))),
    }
}

/// The language of a request: `?lang=en`, else the `lang` cookie, else Chinese.
fn lang(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let chosen = query.map(str::to_string).or_else(|| cookie(headers, "lang"));
    chosen.as_deref().and_then(Lang::from_code).unwrap_or_default()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The list's query parameters, as a URL carries them.
#[derive(Debug, Default, Deserialize)]
struct ListParams {
    /// The organs the person may see (`None`: all): their account's scope, set by the guard's
    /// visitor, never by the query.
    #[serde(skip)]
    within: Option<std::sync::Arc<std::collections::BTreeSet<i64>>>,
    /// The account's name, set by the guard's visitor: 我的待办 lists what is assigned to it.
    #[serde(skip)]
    me: Option<String>,
    year: Option<String>,
    organ: Option<String>,
    level: Option<String>,
    region: Option<String>,
    template: Option<String>,
    code: Option<String>,
    severity: Option<String>,
    q: Option<String>,
    status: Option<String>,
    /// The round's state (`returned`…).
    round: Option<String>,
    /// `1`: 我的待办, what is assigned to the signed-in reviewer and not passed.
    mine: Option<String>,
    sort: Option<String>,
    /// The page, counted from 0 (the pager's links).
    page: Option<usize>,
    /// The page as a person types it into the pager's box, counted from 1; it wins over `page`.
    goto: Option<String>,
    lang: Option<String>,
}

/// Reports per page.
const PER_PAGE: usize = 50;

impl access::InScope for ListParams {
    fn scope_to(&mut self, within: access::Within, me: Option<String>) {
        self.within = within;
        self.me = me;
    }
}

impl ListParams {
    fn query(&self) -> xxgk_store::review::ListQuery {
        let some = |s: &Option<String>| s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        xxgk_store::review::ListQuery {
            year: some(&self.year).and_then(|y| y.parse().ok()),
            organ: some(&self.organ),
            level: some(&self.level),
            region: some(&self.region).and_then(|r| xxgk_core::place::Place::parse(&r)),
            template: some(&self.template),
            code: some(&self.code),
            severity: some(&self.severity).and_then(|s| xxgk_core::Severity::from_key(&s)),
            text: some(&self.q),
            status: some(&self.status).and_then(|s| xxgk_store::review::ReviewStatus::filter(&s)),
            sort: match self.sort.as_deref() {
                Some("year") => xxgk_store::review::Sort::YearDesc,
                Some("errors") => xxgk_store::review::Sort::ErrorsDesc,
                _ => xxgk_store::review::Sort::Organ,
            },
            page: self
                .goto
                .as_deref()
                .and_then(|g| g.trim().parse::<usize>().ok())
                .map_or(self.page.unwrap_or(0), |g| g.saturating_sub(1)),
            per_page: PER_PAGE,
            organs: self.within.clone(),
            round: some(&self.round).and_then(|r| xxgk_store::round::State::from_key(&r)),
            // Nobody signed in has no queue: an empty name matches no assignee.
            mine: some(&self.mine).map(|_| self.me.clone().unwrap_or_default()),
        }
    }
}

async fn list_api(State(app): State<Shared>, Scoped(p): Scoped<ListParams>) -> Result<Response, Failure> {
    let q = p.query();
    let (total, reports) = read(&app, move |s| xxgk_store::review::list(s, &q)).await?;
    Ok(Json(serde_json::json!({ "total": total, "reports": reports })).into_response())
}

async fn list_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Scoped(p): Scoped<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let mut q = p.query();
    let asked = q.clone();
    let (total, mut reports) = read(&app, move |s| xxgk_store::review::list(s, &asked)).await?;
    // A page past the last (an old link, a hand-typed number) shows the last.
    let last = (total as usize).div_ceil(PER_PAGE).max(1) - 1;
    if q.page > last {
        q.page = last;
        let asked = q.clone();
        reports = read(&app, move |s| xxgk_store::review::list(s, &asked)).await?.1;
    }
    let ctx = pages::list_context(lang, &p, total, q.page, PER_PAGE, &reports);
    // The code filter lists the rules with the reports each was found in (the dashboards'
    // figures, kept while the store is unchanged).
    // Counted over the person's scope, as the list is.
    let within = xxgk_store::figures::Scope { organs: p.within.clone(), ..Default::default() };
    let figures = dashboard::figures(&app, false).await.ok();
    let counts =
        figures.map(|f| f.codes(&within).into_iter().map(|c| (c.code, c.reports)).collect()).unwrap_or_default();
    let reviewers = reviewers(&app, &visitor).await?;
    let ctx = minijinja::context! { codes => pages::code_choices(lang, &counts), reviewers => reviewers, ..ctx };
    render(&app, &visitor, "reports.html", ctx, lang)
}

/// The accounts reports can be assigned to (enabled reviewers and administrators), for a person
/// who may assign; nobody's otherwise.
async fn reviewers(app: &Shared, visitor: &Visitor) -> Result<Vec<String>, Failure> {
    if !visitor.context().get_attr("reviews").is_ok_and(|v| v.is_true()) {
        return Ok(Vec::new());
    }
    read(app, |s| {
        Ok(xxgk_store::accounts::users(s)?
            .into_iter()
            .filter(|u| !u.disabled && u.role.reviews())
            .map(|u| u.name)
            .collect())
    })
    .await
}

/// `GET /rules`: 规则.
async fn rules_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    render(&app, &visitor, "rules.html", pages::rules_context(lang), lang)
}

/// The import page's query: an import to show (from the history), and the language.
#[derive(Deserialize)]
struct ImportParams {
    lang: Option<String>,
    job: Option<i64>,
}

/// `GET /import`: a new import, or, with `job`, one begun before (its progress or its end).
async fn import_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(p): Query<ImportParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let limits = minijinja::context! { file_mb => app.limits.file >> 20, total_mb => app.limits.total >> 20, files => app.limits.files };
    // The texts the page's script shows as the import goes on.
    let texts = catalogue::for_script(lang, &["web-import-", "web-outcome-"]);
    render(
        &app,
        &visitor,
        "import.html",
        minijinja::context! { title => text(lang, "web-import"), limits => limits, texts => texts, job => p.job },
        lang,
    )
}

/// The 审核汇总 of the list's current view (every page of it) as an Excel workbook.
async fn summary_xlsx(
    State(app): State<Shared>,
    headers: HeaderMap,
    Scoped(p): Scoped<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let _turn = heavy_turn(&app, lang)?;
    let q = p.query();
    let book = read(&app, move |s| summary::workbook(s, &q, lang))
        .await?
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "review-summary.xlsx", book))
}

/// A document for the browser to save as `name`: an ASCII name for old clients and the name
/// itself in UTF-8 (RFC 6266), so that `2024年…审核意见.docx` is saved as a person named it.
fn download(kind: &'static str, name: &str, body: Vec<u8>) -> Response {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
}

async fn report_api(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let d = found(read(&app, move |s| detail::detail(s, id, lang)).await?, lang, "web-no-report")?;
    Ok(Json(d).into_response())
}

async fn report_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let (d, src) = found(
        read(&app, move |s| Ok(detail::detail(s, id, lang)?.zip(source::source(s, id)?.map(|(_, v)| v)))).await?,
        lang,
        "web-no-report",
    )?;
    let reviewers = reviewers(&app, &visitor).await?;
    // The codes with open findings to decide at once, with how many each has.
    let mut open: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in d.findings.iter().filter(|f| f.id.is_some() && f.state == "open" && f.severity != "info") {
        *open.entry(f.code.as_str()).or_default() += 1;
    }
    let bulk_codes: Vec<minijinja::Value> = open
        .into_iter()
        .map(|(code, n)| minijinja::context! { code => code, name => catalogue::rule_name(lang.code().to_string(), code.to_string()), n => n })
        .collect();
    let states: std::collections::BTreeMap<&str, String> =
        ["open", "confirmed", "dismissed"].into_iter().map(|s| (s, text(lang, &format!("web-state-{s}")))).collect();
    let ctx = minijinja::context! { detail => d, title => d.title(), source => src, reviewers => reviewers, bulk_codes => bulk_codes, states => states };
    render(&app, &visitor, "report.html", ctx, lang)
}

async fn source_api(State(app): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Result<Response, Failure> {
    let (_, view) = found(read(&app, move |s| source::source(s, id)).await?, lang(None, &headers), "web-no-report")?;
    Ok(Json(view).into_response())
}

/// A PDF source as it is, for PDF.js: never to be run as a page of this site.
async fn source_pdf(State(app): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    let (bytes, view) = found(read(&app, move |s| source::source(s, id)).await?, lang, "web-no-report")?;
    let bytes = found(bytes.filter(|_| view.format == "pdf"), lang, "web-no-source")?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (header::CONTENT_SECURITY_POLICY, "sandbox"),
            (header::CONTENT_DISPOSITION, "inline"),
        ],
        bytes,
    )
        .into_response())
}

async fn organ_api(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let o = found(read(&app, move |s| detail::organ(s, id, lang)).await?, lang, "web-no-organ")?;
    Ok(Json(o).into_response())
}

async fn organ_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(p): Query<ListParams>,
) -> Result<Response, Failure> {
    let lang = lang(p.lang.as_deref(), &headers);
    let o = found(read(&app, move |s| detail::organ(s, id, lang)).await?, lang, "web-no-organ")?;
    let title = o.organ.name.clone();
    render(&app, &visitor, "organ.html", minijinja::context! { organ => o, title => title }, lang)
}

/// A page from its template, in `lang`, for `visitor`: with their session's CSRF token, and
/// their name and role (or open mode) for the header.
fn render(app: &Shared, visitor: &Visitor, name: &str, ctx: minijinja::Value, lang: Lang) -> Result<Response, Failure> {
    let me = visitor.context();
    let page = app
        .templates
        .get_template(name)
        .and_then(|t| t.render(minijinja::context! { csrf => visitor.csrf, me => me, lang => lang.code(), ..ctx }))
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}

/// A correction as the API takes it.
#[derive(Debug, Deserialize)]
struct CorrectionBody {
    /// `table3.granted.total`
    cell: String,
    /// The corrected value; `null` or empty for a blank cell.
    value: Option<String>,
    reason: String,
    /// Who corrects it, as typed in open mode (an account's own name otherwise).
    #[serde(default)]
    author: String,
    /// The cell's latest correction the page showed (`null`: none).
    #[serde(default)]
    seen: Option<i64>,
}

async fn correct_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<CorrectionBody>,
) -> Result<Response, Failure> {
    named(&visitor, &headers, &body.author, !body.reason.trim().is_empty())?;
    let who = visitor.actor(Some(&body.author));
    write(&app, &visitor, &headers, "correction", move |store| {
        let value = body.value.as_deref().map(str::trim).filter(|v| !v.is_empty() && *v != "blank");
        // The page sends the cell's latest correction it showed: a change made meanwhile is a
        // conflict, never overwritten unseen.
        let c = xxgk_store::Correction {
            report: id,
            cell: &body.cell,
            value,
            reason: body.reason.trim(),
            seen: Some(body.seen),
        };
        xxgk_store::correct(store, &who, &c)
    })
    .await
}

/// `POST /api/reports/{id}/version`: make report `id` the version of its organ's year that
/// counts (201 `{version: id}`), as a reviewer's choice kept by content.
async fn version_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    let who = visitor.actor(None);
    write(&app, &visitor, &headers, "version", move |store| {
        Ok(xxgk_store::versions::use_version(store, &who, id)?.map(|()| id))
    })
    .await
}

/// Facts given on the review page.
#[derive(Debug, Deserialize)]
struct FactsBody {
    #[serde(flatten)]
    given: xxgk_store::facts::Given,
    reason: String,
    #[serde(default)]
    author: String,
}

/// `POST /api/reports/{id}/facts`: give the report its organ, level, publication date and URL
/// (201 `{report: id}`, the report as read again with them). An organ outside the person's
/// scope is refused, as an import of its report would be.
async fn facts_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<FactsBody>,
) -> Result<Response, Failure> {
    named(&visitor, &headers, &body.author, !body.reason.trim().is_empty())?;
    let scope = visitor.session.as_ref().map(|s| s.user.scope.clone()).filter(|s| !s.is_everything());
    if let (Some(scope), Some(organ)) = (&scope, body.given.organ.as_deref().map(str::trim).filter(|o| !o.is_empty())) {
        if !scope.admits(Some(organ)) {
            let why = xxgk_core::i18n::Message::new("store-outside-scope").with("organ", organ);
            return Err(Failure(StatusCode::FORBIDDEN, why.words(lang(None, &headers))));
        }
    }
    let who = visitor.actor(Some(&body.author));
    let db = app.db.clone();
    write(&app, &visitor, &headers, "report", move |_| xxgk_store::facts::give(&db, &who, id, body.given, &body.reason))
        .await
}

/// A change needs a reason (`reasoned`), and in open mode the name of whoever makes it (an
/// account's changes carry its own name).
fn named(visitor: &Visitor, headers: &HeaderMap, typed: &str, reasoned: bool) -> Result<(), Failure> {
    if !reasoned || (visitor.session.is_none() && typed.trim().is_empty()) {
        return Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang(None, headers), "web-reason-author")));
    }
    Ok(())
}

/// A decision as the API takes it.
#[derive(Debug, Deserialize)]
struct DecisionBody {
    /// `confirmed` (确认问题), `dismissed` (不是问题, a reason required) or `open`.
    state: String,
    #[serde(default)]
    reason: String,
    /// Who decides, as typed in open mode (an account's own name otherwise).
    #[serde(default)]
    author: String,
    /// The decision that stood when the page was read (`null`: none had): if another stands
    /// now, the decision is refused with 409 and the one that stands.
    #[serde(default)]
    seen: Option<i64>,
}

async fn decide_api(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    named(&visitor, &headers, &body.author, true)?;
    if !visitor.csrf_ok(&headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf")));
    }
    let who = visitor.actor(Some(&body.author));
    let done = writing(&app, move |s| xxgk_store::review::decide(s, &who, id, &body.state, &body.reason, body.seen));
    match done.await? {
        Ok(decision) => Ok((StatusCode::CREATED, Json(serde_json::json!({ "decision": decision }))).into_response()),
        Err(NotDecided::Refused(why)) => Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang))),
        Err(NotDecided::Stale(standing)) => {
            let said = tr!(
                lang,
                "web-decided-meanwhile",
                who = standing.author.as_str(),
                when = xxgk_store::audit::beijing(&standing.created_at),
                state = text(lang, &format!("web-state-{}", standing.state))
            );
            let body = serde_json::json!({ "message": said, "standing": standing });
            Ok((StatusCode::CONFLICT, Json(body)).into_response())
        }
    }
}

/// `GET /api/findings/{id}/history`: every decision on a finding, oldest first, times in
/// 北京时间.
async fn history_api(State(app): State<Shared>, Path(id): Path<i64>) -> Result<Response, Failure> {
    let history = read(&app, move |s| xxgk_store::review::history(s, id)).await?;
    let rows: Vec<serde_json::Value> = history
        .into_iter()
        .map(|d| {
            serde_json::json!({ "id": d.id, "state": d.state, "reason": d.reason, "author": d.author, "at": xxgk_store::audit::beijing(&d.created_at) })
        })
        .collect();
    Ok(Json(rows).into_response())
}

/// The address to serve on: loopback unless told otherwise.
pub fn default_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
