//! Who is asking, and what each route lets them do — enforced in one place, a guard every route
//! of the router passes through ([`guard`]), from one table of rules ([`RULES`]).
//!
//! Before anything else the guard refuses what a browser tricked by another site would send: a
//! `Host` the server does not serve (DNS rebinding) and a state-changing request from a foreign
//! `Origin`. Then it finds the person: the session of the `xxgk_session` cookie, kept in the
//! store; or, while the store has no account and the server listens on loopback only, the one
//! person at this machine (open mode, said on every page). A route's rule says whom it serves;
//! a route without a rule serves nobody.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use xxgk_store::accounts::{Role, Session};
use xxgk_store::audit::Actor;
use xxgk_store::Store;

use crate::{lang, text, Failure, Shared};

/// What a route asks of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, logged in or not: the login page, the static files.
    Public,
    /// Anyone logged in: reading reports, dashboards and exports.
    Read,
    /// A reviewer or an administrator: decisions, corrections, imports, explanations.
    Review,
    /// An administrator: users, the office's settings and the whole audit trail.
    Admin,
    /// Whoever sends reports in: an agency (its corrected report), a reviewer or an
    /// administrator — not a leader who only reads.
    Submit,
}

/// The rule of every route the workspace serves, by method and path as the router names it.
/// The router is built from its own list of routes and looks each one's rule up here; the
/// route-walking test checks every route against it.
pub const RULES: &[(&str, &str, Need)] = &[
    ("GET", "/", Need::Read),
    ("GET", "/login", Need::Public),
    ("POST", "/login", Need::Public),
    ("POST", "/logout", Need::Read),
    ("GET", "/users", Need::Admin),
    ("POST", "/api/users", Need::Admin),
    ("POST", "/api/users/{name}", Need::Admin),
    ("GET", "/audit", Need::Read),
    ("GET", "/audit.xlsx", Need::Read),
    ("GET", "/import", Need::Review),
    ("POST", "/api/imports", Need::Review),
    ("GET", "/api/imports/{id}", Need::Review),
    ("POST", "/api/imports/{id}/cancel", Need::Review),
    ("GET", "/imports", Need::Review),
    ("GET", "/files", Need::Review),
    ("POST", "/api/files/removal", Need::Review),
    ("POST", "/api/files/reading", Need::Review),
    ("GET", "/reports", Need::Read),
    ("GET", "/rules", Need::Read),
    ("GET", "/reports.xlsx", Need::Read),
    ("GET", "/reports/{id}", Need::Read),
    ("GET", "/reports/{id}/opinion.docx", Need::Review),
    ("POST", "/api/reports/{id}/round", Need::Review),
    ("POST", "/api/reports/{id}/assignee", Need::Review),
    ("POST", "/api/assignments", Need::Review),
    ("POST", "/api/reports/{id}/decisions", Need::Review),
    ("POST", "/api/decisions", Need::Review),
    ("POST", "/api/reports/{id}/opinions", Need::Review),
    ("GET", "/opinions/{id}/{file}", Need::Read),
    ("GET", "/opinions.zip", Need::Review),
    ("POST", "/api/settings", Need::Admin),
    ("POST", "/api/reports/{id}/resubmission", Need::Submit),
    ("GET", "/organs", Need::Read),
    ("GET", "/organs/{id}", Need::Read),
    ("POST", "/api/organs/merge", Need::Review),
    ("POST", "/api/organs/split", Need::Review),
    ("GET", "/roster", Need::Read),
    ("POST", "/api/roster", Need::Review),
    ("GET", "/overview", Need::Read),
    ("GET", "/stats", Need::Read),
    ("GET", "/stats/table", Need::Read),
    ("GET", "/ranking", Need::Read),
    ("GET", "/rollup", Need::Read),
    ("GET", "/rollup/{id}", Need::Read),
    ("GET", "/data/{file}", Need::Read),
    ("GET", "/api/overview", Need::Read),
    ("GET", "/api/stats", Need::Read),
    ("GET", "/api/ranking", Need::Read),
    ("GET", "/api/rollup/{id}", Need::Read),
    ("POST", "/api/rollup/{id}/explanations", Need::Review),
    ("GET", "/api/organs/{id}", Need::Read),
    ("GET", "/api/reports", Need::Read),
    ("GET", "/api/reports/{id}", Need::Read),
    ("GET", "/api/reports/{id}/source", Need::Read),
    ("GET", "/reports/{id}/source.pdf", Need::Read),
    ("POST", "/api/reports/{id}/corrections", Need::Review),
    ("POST", "/api/reports/{id}/version", Need::Review),
    ("POST", "/api/reports/{id}/facts", Need::Review),
    ("POST", "/api/findings/{id}/decision", Need::Review),
    ("GET", "/api/findings/{id}/history", Need::Read),
    ("GET", "/static/app.css", Need::Public),
    ("GET", "/static/app.js", Need::Public),
    ("GET", "/static/source.js", Need::Public),
    ("GET", "/static/charts.js", Need::Public),
    ("GET", "/static/vendor/{*path}", Need::Public),
];

/// The rule of `method` on `path` (as the router names the route).
pub fn rule(method: &str, path: &str) -> Option<Need> {
    RULES.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, need)| *need)
}

/// The person behind a request, as the guard found them; every handler can take it.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    /// The session's account; `None` in open mode, or for someone not logged in on a public
    /// route.
    pub session: Option<Session>,
    /// Open mode: no account yet, loopback only; the one person at this machine may do all.
    pub open: bool,
    /// The CSRF token this person's pages carry and their changes must send back: the
    /// session's, or in open mode the server's own.
    pub csrf: String,
    /// Where the request came from.
    pub address: String,
    /// The organs this person may see (`None`: every organ): their account's scope. Every list,
    /// count and chart is taken over these; a report, organ or finding outside them is not found.
    pub within: Within,
}

/// The organs an account may see (`None`: every organ).
pub(crate) type Within = Option<std::sync::Arc<std::collections::BTreeSet<i64>>>;

/// A query whose lists and counts an account's scope bounds.
pub(crate) trait InScope {
    /// Take the query over `within`, whatever the address asked for; `me` is the account's
    /// name (for 我的待办).
    fn scope_to(&mut self, within: Within, me: Option<String>);
}

/// A query taken over the visitor's scope: the one way a handler gets the filters of a list or
/// a 统计 page, so that none can forget the scope.
pub(crate) struct Scoped<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + InScope> axum::extract::FromRequestParts<S> for Scoped<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Response> {
        let axum::extract::Query(mut q) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        // The guard puts the visitor on every routed request; a request without one sees nothing.
        let (within, me) = match parts.extensions.get::<Visitor>() {
            Some(v) => (v.within.clone(), v.session.as_ref().map(|s| s.user.name.clone())),
            None => (Some(std::sync::Arc::default()), None),
        };
        q.scope_to(within, me);
        Ok(Scoped(q))
    }
}

impl Visitor {
    /// Whether the rule `need` lets this person in. In open mode the one person at this machine
    /// may do everything.
    fn may(&self, need: Need) -> bool {
        let Some(s) = &self.session else { return self.open || need == Need::Public };
        match need {
            Need::Public | Need::Read => true,
            Need::Review => s.user.role.reviews(),
            Need::Admin => s.user.role == Role::Admin,
            Need::Submit => s.user.role.reviews() || s.user.role == Role::Agency,
        }
    }

    /// Who makes a change, for the record: the account, or in open mode the name typed on the
    /// page (the one person at this machine).
    pub fn actor(&self, typed: Option<&str>) -> Actor {
        let name = match &self.session {
            Some(s) => s.user.name.clone(),
            None => typed.map(str::trim).filter(|n| !n.is_empty()).unwrap_or("本机").to_string(),
        };
        Actor { name, address: self.address.clone() }
    }

    /// Whether the request shows this person's CSRF token, in the `X-CSRF-Token` header or a
    /// form's `csrf` field (`form_token`).
    pub fn csrf_ok(&self, headers: &HeaderMap, form_token: Option<&str>) -> bool {
        let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).or(form_token);
        !self.csrf.is_empty() && sent.is_some_and(|s| constant_time_eq(s.as_bytes(), self.csrf.as_bytes()))
    }

    /// What the pages' header says of this person: their name and role, or open mode.
    pub fn context(&self) -> minijinja::Value {
        match &self.session {
            Some(s) => {
                minijinja::context! { name => s.user.name, role => s.user.role.key(), admin => s.user.role == Role::Admin, reviews => s.user.role.reviews(), submits => s.user.role.reviews() || s.user.role == Role::Agency, open => false }
            }
            None if self.open => minijinja::context! { open => true, admin => true, reviews => true, submits => true },
            None => minijinja::context! { open => false, admin => false, reviews => false, submits => false },
        }
    }
}

/// Equal bytes, in a time that does not tell how many leading bytes agree.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The name of the session's cookie.
pub(crate) const SESSION_COOKIE: &str = "xxgk_session";

/// The host a `Host` header or an origin names, without its port, lower case.
fn host_of(authority: &str) -> String {
    let a = authority.trim().to_ascii_lowercase();
    if let Some(rest) = a.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_string();
    }
    a.split(':').next().unwrap_or_default().to_string()
}

/// Whether the server answers to `host` (loopback names always; others as configured).
fn serves(app: &Shared, host: &str) -> bool {
    let h = host_of(host);
    ["localhost", "127.0.0.1", "::1"].contains(&h.as_str()) || app.serving.hosts.iter().any(|x| host_of(x) == h)
}

/// The address a request came from: the proxy's `X-Forwarded-For` when the server is told it
/// is behind one, else the connection's peer.
fn address(app: &Shared, req: &Request) -> String {
    if app.serving.behind_proxy {
        if let Some(first) =
            req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
        {
            return first.trim().to_string();
        }
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map_or_else(|| "local".to_string(), |c| c.0.ip().to_string())
}

/// The guard every route passes, with that route's rule (`None`: the route has no rule, and
/// serves nobody).
/// What the guard found in the store for a request.
struct Found {
    accounts: bool,
    session: Option<Session>,
    within: Option<std::sync::Arc<std::collections::BTreeSet<i64>>>,
    outside: bool,
}

/// The report, organ or finding a route's path names by its `{id}`.
fn named_in(route: &str, path: &str) -> Option<xxgk_store::accounts::Named> {
    use xxgk_store::accounts::Named;
    let at = route.split('/').position(|s| s == "{id}")?;
    let id: i64 = path.split('/').nth(at)?.parse().ok()?;
    if route.contains("/organs/") {
        Some(Named::Organ(id))
    } else if route.contains("/opinions/") {
        Some(Named::Opinion(id))
    } else if route.contains("/findings/") {
        Some(Named::Finding(id))
    } else if route.contains("/reports/") || route.contains("/rollup/") {
        Some(Named::Report(id))
    } else {
        // An import's progress: a job of this server, not of the store.
        None
    }
}

pub(crate) async fn guard(
    State((app, need, route)): State<(Shared, Option<Need>, &'static str)>,
    mut req: Request,
    next: Next,
) -> Response {
    let headers = req.headers().clone();
    let lang = lang(req.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang="))), &headers);
    let refuse = |status: StatusCode, id: &str| Failure(status, text(lang, id)).into_response();
    let Some(need) = need else { return refuse(StatusCode::FORBIDDEN, "web-no-rule") };
    // A Host this server does not serve: a page elsewhere reaching a loopback server by DNS
    // rebinding. (A request without Host comes from no browser.)
    if let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) {
        if !serves(&app, host) {
            return refuse(StatusCode::MISDIRECTED_REQUEST, "web-foreign-host");
        }
    }
    let changes = req.method() != Method::GET && req.method() != Method::HEAD;
    if changes {
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            let same = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .map_or_else(|| serves(&app, origin_host), |h| host_of(h) == host_of(origin_host));
            if !same {
                return refuse(StatusCode::FORBIDDEN, "web-foreign-origin");
            }
        }
    }
    let address = address(&app, &req);
    let token = crate::cookie(&headers, SESSION_COOKIE);
    let named = named_in(route, req.uri().path());
    let found = {
        let (db, guard) = (app.db.clone(), app.serving.guard);
        tokio::task::spawn_blocking(move || -> xxgk_store::Result<Found> {
            let store = Store::open(&db, std::time::Duration::from_secs(10))?;
            let accounts = xxgk_store::accounts::has_users(&store)?;
            let session = match token {
                Some(t) if accounts => xxgk_store::accounts::session(&store, &t, jiff::Timestamp::now(), &guard)?,
                _ => None,
            };
            let within = match &session {
                Some(s) => {
                    xxgk_store::accounts::organs_within(&store, s.user.role, &s.user.scope)?.map(std::sync::Arc::new)
                }
                None => None,
            };
            // A report, organ or finding the path names, outside the person's scope: not found.
            let outside = match (&within, named) {
                (Some(organs), Some(thing)) => {
                    !xxgk_store::accounts::organ_of(&store, thing)?.is_some_and(|o| organs.contains(&o))
                }
                _ => false,
            };
            Ok(Found { accounts, session, within, outside })
        })
        .await
    };
    let Found { accounts, session, within, outside } = match found {
        Ok(Ok(found)) => found,
        Ok(Err(e)) => return Failure::from(e).into_response(),
        Err(e) => return Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    let visitor = match session {
        Some(s) => Visitor { csrf: s.csrf.clone(), session: Some(s), open: false, address, within },
        // No account yet, served on loopback only: the one person at this machine.
        None if !accounts && app.serving.loopback => {
            Visitor { session: None, open: true, csrf: app.secret.clone(), address, within: None }
        }
        None if need == Need::Public => {
            Visitor { session: None, open: false, csrf: String::new(), address, within: None }
        }
        None => {
            // Not logged in: a page sends the browser to the login page and back; anything
            // else is refused.
            if !changes && !req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/data/") {
                let back = req.uri().path_and_query().map_or("/", |p| p.as_str());
                return Redirect::to(&format!("/login?next={}", encode(back))).into_response();
            }
            return refuse(StatusCode::UNAUTHORIZED, "web-login-needed");
        }
    };
    if !visitor.may(need) {
        return refuse(StatusCode::FORBIDDEN, "web-not-allowed");
    }
    // Outside the scope is as if it did not exist: 404, not 403, so that a county's reviewer
    // learns nothing of another county's reports.
    if outside {
        return refuse(StatusCode::NOT_FOUND, "web-no-page");
    }
    req.extensions_mut().insert(visitor);
    next.run(req).await
}

/// 32 random bytes as hex, from the system's randomness (`None` without it: then nothing that
/// needs a secret can be trusted, and every change is refused).
pub(crate) fn random_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `s` percent-encoded for a query string.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after logging in: a path of this site (`/reports?year=2023`), never another site
/// (`//evil.example`, `https://…`).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/reports".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_ports() {
        assert_eq!(host_of("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("[::1]:8080"), "::1");
        assert_eq!(host_of("Review.Example.GOV.cn"), "review.example.gov.cn");
    }

    #[test]
    fn after_login_only_a_path_of_this_site() {
        assert_eq!(safe_next(Some("/reports?year=2023")), "/reports?year=2023");
        assert_eq!(safe_next(Some("//evil.example/x")), "/reports");
        assert_eq!(safe_next(Some("https://evil.example/")), "/reports");
        assert_eq!(safe_next(None), "/reports");
    }

    #[test]
    fn tokens_compare_equal_only_when_equal() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
