//! Logging in and out, the administrators' 用户管理 page, and the 操作记录 page with its
//! workbook. The rules of who may open them are in [`crate::access`]; the accounts, sessions
//! and the trail themselves are the store's ([`xxgk_store::accounts`], [`xxgk_store::audit`]).

use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use minijinja::context;
use serde::Deserialize;
use xxgk_core::{tr, Lang};
use xxgk_store::accounts::{self, Login, Role, Scope};
use xxgk_store::audit::{self, Entry};
use xxgk_store::Store;

use crate::access::{safe_next, Visitor, SESSION_COOKIE};
use crate::{download, lang, read, render, text, writing, Failure, Shared};

/// The login page's query: where to go after.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
}

/// `GET /login`.
pub async fn login_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, Failure> {
    let lang = lang(q.lang.as_deref(), &headers);
    login_form(&app, &visitor, lang, &safe_next(q.next.as_deref()), None, StatusCode::OK)
}

fn login_form(
    app: &Shared,
    visitor: &Visitor,
    lang: Lang,
    next: &str,
    said: Option<String>,
    status: StatusCode,
) -> Result<Response, Failure> {
    let ctx = context! { title => text(lang, "web-login"), next => next, said => said };
    let mut page = render(app, visitor, "login.html", ctx, lang)?;
    *page.status_mut() = status;
    Ok(page)
}

/// The login form as the browser posts it.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /login`: opens a session and sends the browser on, or shows the form again. Each
/// failure of a name makes its next answer slower; past the guard's limit the name (or the
/// address) is locked for a while.
pub async fn login(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    let next = safe_next(form.next.as_deref());
    let (guard, address) = (app.serving.guard, visitor.address.clone());
    let (name, password) = (form.name.clone(), form.password);
    let outcome =
        writing(&app, move |s| accounts::login(s, &name, &password, &address, jiff::Timestamp::now(), &guard));
    match outcome.await? {
        Login::Opened { token, .. } => {
            let secure = if app.serving.behind_proxy { "; Secure" } else { "" };
            let cookie = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
            let mut r = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(r)
        }
        Login::Wrong { failures } => {
            // Slower with each failure of this name: a guesser gets few tries a minute.
            tokio::time::sleep(std::time::Duration::from_millis(200 * u64::from(failures.min(10)))).await;
            login_form(&app, &visitor, lang, &next, Some(text(lang, "web-login-wrong")), StatusCode::UNAUTHORIZED)
        }
        Login::Locked { until } => {
            let said = tr!(lang, "web-login-locked", until = audit::beijing(&until));
            login_form(&app, &visitor, lang, &next, Some(said), StatusCode::TOO_MANY_REQUESTS)
        }
    }
}

/// The logout form: its CSRF token.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: Option<String>,
}

/// `POST /logout`: the session ends on the server (its cookie opens nothing any more).
pub async fn logout(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Result<Response, Failure> {
    if !visitor.csrf_ok(&headers, form.csrf.as_deref()) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang(None, &headers), "web-csrf")));
    }
    if let Some(token) = crate::cookie(&headers, SESSION_COOKIE) {
        let address = visitor.address.clone();
        writing(&app, move |s| accounts::logout(s, &token, &address)).await?;
    }
    let mut r = Redirect::to("/login").into_response();
    let gone = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&gone) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

/// A page's language only.
#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// Places by their codes, each with its name: `320813（江苏省淮安市洪泽区）`; a code the national
/// list lacks as it is.
fn places_named<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes
        .into_iter()
        .map(|c| match xxgk_core::place::Place::parse(c).filter(|p| p.code().is_some()).and_then(|p| p.name()) {
            Some(name) => format!("{c}（{name}）"),
            None => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// One account as the 用户管理 page lists it.
#[derive(Debug, serde::Serialize)]
struct Listed {
    name: String,
    role: &'static str,
    places: String,
    organs: String,
    disabled: bool,
    created_at: String,
}

/// `GET /users`: 用户管理.
pub async fn users_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Failure> {
    let lang = lang(q.lang.as_deref(), &headers);
    let users = read(&app, accounts::users).await?;
    let listed: Vec<Listed> = users
        .into_iter()
        .map(|u| Listed {
            name: u.name,
            role: u.role.key(),
            places: places_named(u.scope.places.iter().map(String::as_str)),
            organs: u.scope.organs.join("、"),
            disabled: u.disabled,
            created_at: audit::beijing(&u.created_at),
        })
        .collect();
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
    // The office's settings for its opinions, as they stand (set, or by default).
    let settings = read(&app, move |s| {
        Ok(context! {
            office => xxgk_store::opinion::setting(s, xxgk_store::opinion::OFFICE, lang)?,
            number => xxgk_store::opinion::setting(s, xxgk_store::opinion::NUMBER, lang)?,
        })
    })
    .await?;
    let ctx = context! { title => text(lang, "web-users"), users => listed, roles => roles, settings => settings };
    render(&app, &visitor, "users.html", ctx, lang)
}

/// A new account, or a change of one, as the 用户管理 page sends it.
#[derive(Debug, Deserialize)]
pub struct UserBody {
    /// For a new account.
    #[serde(default)]
    name: String,
    /// A new password (empty: unchanged).
    #[serde(default)]
    password: String,
    /// `admin`, `reviewer`, `viewer` or `agency`.
    #[serde(default)]
    role: Option<String>,
    /// Division codes, separated by spaces or commas.
    #[serde(default)]
    places: String,
    /// Organ names, one per line.
    #[serde(default)]
    organs: String,
    /// `true` disables the account, `false` enables it.
    #[serde(default)]
    disabled: Option<bool>,
}

impl UserBody {
    fn scope(&self) -> Scope {
        let places = self
            .places
            .split([' ', ',', '，', '、', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let organs = self.organs.lines().map(str::trim).filter(|o| !o.is_empty()).map(str::to_string);
        Scope { places: places.collect(), organs: organs.collect() }
    }

    fn role(&self, lang: Lang) -> Result<Option<Role>, Failure> {
        match self.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(None),
            Some(key) => Role::from_key(key)
                .map(Some)
                .ok_or_else(|| Failure(StatusCode::UNPROCESSABLE_ENTITY, tr!(lang, "web-no-role", role = key))),
        }
    }
}

/// Run an account change as `visitor`, once the request has shown its CSRF token.
async fn change(
    app: &Shared,
    visitor: &Visitor,
    headers: &HeaderMap,
    f: impl FnOnce(&mut Store, &xxgk_store::audit::Actor) -> xxgk_store::Result<Result<(), xxgk_store::Refusal>>
        + Send
        + 'static,
) -> Result<Response, Failure> {
    let lang = lang(None, headers);
    if !visitor.csrf_ok(headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf")));
    }
    let who = visitor.actor(None);
    match writing(app, move |s| f(s, &who)).await? {
        Ok(()) => Ok((StatusCode::CREATED, Json(serde_json::json!({ "done": true }))).into_response()),
        Err(why) => Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang))),
    }
}

/// `POST /api/users`: add an account.
pub async fn add_user(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Json(body): Json<UserBody>,
) -> Result<Response, Failure> {
    let role = body.role(lang(None, &headers))?.unwrap_or(Role::Viewer);
    let scope = body.scope();
    change(&app, &visitor, &headers, move |s, who| {
        Ok(accounts::add_user(s, who, &body.name, &body.password, role, &scope)?.map(|_| ()))
    })
    .await
}

/// `POST /api/users/{name}`: change an account's role and scope, password, or whether it is
/// disabled — what the body gives.
pub async fn change_user(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Json(body): Json<UserBody>,
) -> Result<Response, Failure> {
    let role = body.role(lang(None, &headers))?;
    let scope = body.scope();
    change(&app, &visitor, &headers, move |s, who| {
        if let Some(role) = role {
            if let Err(why) = accounts::set_role(s, who, &name, role, &scope)? {
                return Ok(Err(why));
            }
        }
        if !body.password.is_empty() {
            if let Err(why) = accounts::set_password(s, who, &name, &body.password)? {
                return Ok(Err(why));
            }
        }
        if let Some(disabled) = body.disabled {
            if let Err(why) = accounts::set_disabled(s, who, &name, disabled)? {
                return Ok(Err(why));
            }
        }
        Ok(Ok(()))
    })
    .await
}

/// The 操作记录 page's filters.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
}

impl AuditQuery {
    /// The filter: an administrator's as asked; anyone else's, their own changes only.
    fn filter(&self, visitor: &Visitor, limit: Option<usize>) -> audit::Filter {
        let some = |s: &Option<String>| s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let own = visitor.session.as_ref().filter(|s| s.user.role != Role::Admin).map(|s| s.user.name.clone());
        audit::Filter {
            actor: own.or_else(|| some(&self.actor)),
            action: some(&self.action),
            from: some(&self.from),
            to: some(&self.to),
            limit,
            target: None,
        }
    }
}

/// One change as the page and the workbook show it: in 北京时间, the action by its name.
#[derive(Debug, serde::Serialize)]
struct Shown {
    at: String,
    actor: String,
    address: String,
    action: String,
    target: String,
    before: String,
    after: String,
}

/// The name of a key of the trail's before and after states, in `lang`.
fn key_name(key: &str, lang: Lang) -> String {
    let id = match key {
        "role" => "audit-key-role",
        "scope" => "audit-key-scope",
        "disabled" => "audit-key-disabled",
        "locked" => "audit-key-locked",
        "report" => "audit-key-report",
        "decisions" => "audit-key-decisions",
        "rule" => "audit-key-rule",
        "from" => "audit-key-from",
        "into" => "audit-key-into",
        "cell" => "audit-key-cell",
        "value" => "audit-key-value",
        "reason" => "audit-key-reason",
        "state" => "audit-key-state",
        "by" => "audit-key-by",
        "code" => "audit-key-code",
        "units" => "audit-key-units",
        "organ" => "audit-key-organ",
        "year" => "audit-key-year",
        "outcome" => "audit-key-outcome",
        "reports" => "audit-key-reports",
        "why" => "audit-key-why",
        "assignee" => "audit-key-assignee",
        "opinion" => "audit-key-opinion",
        "number" => "audit-key-number",
        "points" => "audit-key-points",
        "deadline" => "audit-key-deadline",
        _ => return key.to_string(),
    };
    text(lang, id)
}

/// A value of the trail's states as a person reads it: a role, a state, a cell, a reason by
/// their names; a scope by its places and organs; yes and no.
fn value_words(key: &str, v: &serde_json::Value, lang: Lang) -> String {
    use serde_json::Value;
    let s = v.as_str().unwrap_or_default();
    match (key, v) {
        (_, Value::Null) => "—".into(),
        (_, Value::Bool(b)) => text(lang, if *b { "audit-yes" } else { "audit-no" }),
        ("role", _) => {
            Role::from_key(s).map_or_else(|| s.to_string(), |r| text(lang, &format!("web-role-{}", r.key())))
        }
        // A round's state, or a decision's.
        ("state", _) => xxgk_store::round::State::from_key(s)
            .map_or_else(|| text(lang, &format!("web-state-{s}")), |state| state.name(lang)),
        ("cell", _) => xxgk_core::report::cell_name(s, lang).unwrap_or_else(|| s.to_string()),
        // Why, as the catalogue's message with its arguments (an id alone in older rows).
        ("why", Value::Object(_)) => serde_json::from_value::<xxgk_core::i18n::Message>(v.clone())
            .map_or_else(|_| v.to_string(), |m| m.words(lang)),
        ("rule", _) => text(
            lang,
            match s {
                "reviewer" => "audit-rule-reviewer",
                "still-at-path" => "audit-rule-still-at-path",
                "published-later" => "audit-rule-published-later",
                "newer-file" => "audit-rule-newer-file",
                _ => "audit-rule-path",
            },
        ),
        ("outcome", _) => text(
            lang,
            match s {
                "added" => "audit-outcome-added",
                "refused" => "audit-outcome-refused",
                _ => "audit-outcome-unreadable",
            },
        ),
        ("scope", Value::Object(o)) => {
            let list = |k: &str| -> Vec<&str> {
                o.get(k)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default()
            };
            let (places, organs) = (places_named(list("places")), list("organs").join("、"));
            if places.is_empty() && organs.is_empty() {
                text(lang, "web-scope-all")
            } else {
                [places, organs].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
            }
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// A state of the trail as a person reads it: `角色：审核员；范围：320813`.
fn described(v: Option<serde_json::Value>, lang: Lang) -> String {
    match v {
        Some(serde_json::Value::Object(o)) => o
            .iter()
            .filter(|(_, v)| v.as_str() != Some(""))
            .map(|(k, v)| format!("{}：{}", key_name(k, lang), value_words(k, v, lang)))
            .collect::<Vec<_>>()
            .join("；"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn shown(e: Entry, lang: Lang) -> Shown {
    let json = |v: Option<serde_json::Value>| described(v, lang);
    Shown {
        at: audit::beijing(&e.at),
        actor: e.actor,
        address: if e.address == audit::COMMAND_LINE { text(lang, "audit-command-line") } else { e.address },
        action: text(lang, &format!("audit-action-{}", e.action)),
        target: e.target,
        before: json(e.before),
        after: json(e.after),
    }
}

/// The most changes the page lists (the workbook holds them all).
const PAGE: usize = 500;

/// `GET /audit`: 操作记录.
pub async fn audit_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> Result<Response, Failure> {
    let lang = lang(q.lang.as_deref(), &headers);
    let filter = q.filter(&visitor, Some(PAGE));
    let entries = read(&app, move |s| audit::entries(s, &filter)).await?;
    let rows: Vec<Shown> = entries.into_iter().map(|e| shown(e, lang)).collect();
    let actions: Vec<(&str, String)> =
        audit::ACTIONS.iter().map(|a| (*a, text(lang, &format!("audit-action-{a}")))).collect();
    let ctx = context! { title => text(lang, "web-audit"), rows => rows, actions => actions, q => context! {
        actor => q.actor, action => q.action, from => q.from, to => q.to,
    }, limit => PAGE };
    render(&app, &visitor, "audit.html", ctx, lang)
}

/// `GET /audit.xlsx`: the changes the page's filters select, all of them, as a workbook.
pub async fn audit_xlsx(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> Result<Response, Failure> {
    let lang = lang(q.lang.as_deref(), &headers);
    let filter = q.filter(&visitor, None);
    let entries = read(&app, move |s| audit::entries(s, &filter)).await?;
    let rows: Vec<Shown> = entries.into_iter().map(|e| shown(e, lang)).collect();
    let book = audit_workbook(&rows, lang).map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "audit.xlsx", book))
}

fn audit_workbook(rows: &[Shown], lang: Lang) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let head = rust_xlsxwriter::Format::new().set_bold().set_background_color("#EEF0F3");
    let sheet = book.add_worksheet().set_name(text(lang, "web-audit"))?;
    let columns = [
        ("web-audit-at", 20.0),
        ("web-audit-actor", 14.0),
        ("web-audit-address", 16.0),
        ("web-audit-action", 14.0),
        ("web-audit-target", 40.0),
        ("web-audit-before", 40.0),
        ("web-audit-after", 40.0),
    ];
    for (c, (id, width)) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_with_format(0, c, text(lang, id), &head)?;
        sheet.set_column_width(c, *width)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (c, v) in [&r.at, &r.actor, &r.address, &r.action, &r.target, &r.before, &r.after].into_iter().enumerate() {
            sheet.write(n, u16::try_from(c).unwrap_or(u16::MAX), v.as_str())?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
