//! The accounts of an office: people with a role and a scope, their sessions, and the guard
//! against guessed passwords.
//!
//! A password is kept only as its Argon2id hash (a PHC string with its own salt); a session only
//! as the SHA-256 of the token its browser holds, beside a CSRF token of its own. A copy of the
//! store therefore opens no account and no session. Every change — a user added, a role or a
//! password changed, a login, a failed login, a logout — is written to the audit trail in the
//! same transaction (see [`crate::audit`]).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::audit::{record, Actor};
use crate::{Refusal, Result, Store};

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 管理员: everything, and the users.
    Admin,
    /// 审核员: reads, decides, corrects, imports and writes opinions within the scope.
    Reviewer,
    /// 查看: reads lists, dashboards and exports within the scope (an office's leaders).
    Viewer,
    /// 填报单位: an agency, which sees only its own organs' reports.
    Agency,
}

impl Role {
    /// Every role, the most powerful first.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Reviewer, Role::Viewer, Role::Agency];

    /// The role's key, as the store and the command line name it.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
            Role::Agency => "agency",
        }
    }

    /// The role a key names.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key.trim())
    }

    /// Whether the role changes reports: decisions, corrections, imports, explanations.
    pub fn reviews(self) -> bool {
        matches!(self, Role::Admin | Role::Reviewer)
    }
}

/// The part of the store a person sees: places by their GB/T 2260 division codes (a province,
/// a city or a county, with every division and department under it) and organs by name. An
/// empty scope is the whole store.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    /// Division codes (`320800`: 淮安市 and everything under it).
    #[serde(default)]
    pub places: Vec<String>,
    /// Organs by their names as the store keeps them.
    #[serde(default)]
    pub organs: Vec<String>,
}

impl Scope {
    /// Whether the scope is the whole store.
    pub fn is_everything(&self) -> bool {
        self.places.is_empty() && self.organs.is_empty()
    }

    /// Whether a report of the organ named `agency` lies in the scope: the organ sits in or under
    /// one of its places, or is one of its organs (with or without the places written before
    /// its name). The whole store admits every report; a report naming no organ lies in no
    /// narrower scope.
    pub fn admits(&self, agency: Option<&str>) -> bool {
        use xxgk_core::{organ, place::Place};
        if self.is_everything() {
            return true;
        }
        let Some(agency) = agency else { return false };
        let code = Place::of(agency).code().unwrap_or_default();
        let key = organ::key(agency);
        // Places as `organs_within` reads them: digits, a province's or a city's trailing zeros
        // dropped; an organ by its name, or by a longer name with more places before it (a
        // shorter one could be another organ of the same name elsewhere).
        self.places.iter().filter_map(|c| code_prefix(c)).any(|p| !code.is_empty() && code.starts_with(p))
            || self
                .organs
                .iter()
                .map(|o| organ::key(o))
                .any(|o| o == key || (key.len() > o.len() && organ::same_with_prefix(&o, &key)))
    }
}

/// The prefix the codes under a scope's place share: a province's or a city's code ends in zeros
/// (320800 → 3208). `None` for what is no code.
fn code_prefix(code: &str) -> Option<&str> {
    let mut prefix = code.trim();
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix = &prefix[..prefix.len() - 2];
    }
    (!prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_digit())).then_some(prefix)
}

/// The organs a scope takes in (`None`: every organ, the whole store). A place takes every organ
/// whose division lies in it: `320800` (淮安市) takes 320813 (洪泽区) and the departments of
/// both. An agency's account without organs takes none: an agency sees only its own.
pub fn organs_within(store: &Store, role: Role, scope: &Scope) -> Result<Option<std::collections::BTreeSet<i64>>> {
    if scope.is_everything() && role != Role::Agency {
        return Ok(None);
    }
    let mut out = std::collections::BTreeSet::new();
    for code in &scope.places {
        let Some(prefix) = code_prefix(code) else { continue };
        let mut st = store.conn.prepare_cached("SELECT id FROM organs WHERE division LIKE ?1 || '%'")?;
        for id in st.query_map([prefix], |r| r.get(0))? {
            out.insert(id?);
        }
    }
    for name in &scope.organs {
        let mut st = store.conn.prepare_cached("SELECT organ_id FROM organ_names WHERE name_key = ?1")?;
        for id in st.query_map([xxgk_core::organ::key(name)], |r| r.get(0))? {
            out.insert(id?);
        }
    }
    Ok(Some(out))
}

/// A thing a request names by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A report.
    Report(i64),
    /// An organ.
    Organ(i64),
    /// A stored finding.
    Finding(i64),
    /// An opinion sent.
    Opinion(i64),
}

/// The organ of what `named` names (`None`: it does not exist, or its organ is unknown — then
/// no scope but the whole store takes it).
pub fn organ_of(store: &Store, named: Named) -> Result<Option<i64>> {
    let (sql, id) = match named {
        Named::Report(id) => ("SELECT organ_id FROM reports WHERE id = ?1", id),
        Named::Organ(id) => ("SELECT id FROM organs WHERE id = ?1", id),
        Named::Finding(id) => {
            ("SELECT r.organ_id FROM findings f JOIN reports r ON r.id = f.report_id WHERE f.id = ?1", id)
        }
        Named::Opinion(id) => ("SELECT organ_id FROM opinions WHERE id = ?1", id),
    };
    Ok(store.conn.query_row(sql, [id], |r| r.get::<_, Option<i64>>(0)).optional()?.flatten())
}

/// One account.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    /// The account's row.
    pub id: i64,
    /// The name it logs in with, shown beside every change it makes.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// What it sees.
    pub scope: Scope,
    /// A disabled account cannot log in; its sessions end.
    pub disabled: bool,
    /// When it was made (UTC).
    pub created_at: String,
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Whether the store has any account: without one, the workspace serves only its own machine.
pub fn has_users(store: &Store) -> Result<bool> {
    Ok(store.conn.query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
}

const USER_COLUMNS: &str = "id, name, role, scope, disabled, created_at";

fn user_row(r: &rusqlite::Row) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    let scope: String = r.get(3)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        // The table's CHECK admits only the roles' keys.
        role: Role::from_key(&role).unwrap_or(Role::Viewer),
        scope: serde_json::from_str(&scope).unwrap_or_default(),
        disabled: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// Every account, by name.
pub fn users(store: &Store) -> Result<Vec<User>> {
    let mut st = store.conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
    let rows = st.query_map([], user_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The account named `name`.
pub fn user(store: &Store, name: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1");
    Ok(store.conn.query_row(&sql, [name.trim()], user_row).optional()?)
}

fn hash(password: &str) -> Option<String> {
    Argon2::default().hash_password(password.as_bytes()).ok().map(|h| h.to_string())
}

fn check_password(password: &str) -> std::result::Result<(), Refusal> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Refusal::new("store-password-short").with("n", MIN_PASSWORD));
    }
    Ok(())
}

/// Add an account. Refused for a name that is empty, too long, holds control characters or is
/// taken, and for a password shorter than [`MIN_PASSWORD`].
pub fn add_user(
    store: &mut Store,
    who: &Actor,
    name: &str,
    password: &str,
    role: Role,
    scope: &Scope,
) -> Result<std::result::Result<i64, Refusal>> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Ok(Err(Refusal::new("store-user-name")));
    }
    if let Err(why) = check_password(password) {
        return Ok(Err(why));
    }
    if user(store, name)?.is_some() {
        return Ok(Err(Refusal::new("store-user-exists").with("name", name)));
    }
    let Some(hashed) = hash(password) else { return Ok(Err(Refusal::new("store-password-unhashed"))) };
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT INTO users (name, password, role, scope) VALUES (?1, ?2, ?3, ?4)",
        params![name, hashed, role.key(), serde_json::to_string(scope).unwrap_or_default()],
    )?;
    let id = tx.last_insert_rowid();
    record(&tx, who, "user-add", name, None, Some(&json!({ "role": role, "scope": scope })))?;
    tx.commit()?;
    Ok(Ok(id))
}

/// Give account `name` another role and scope.
pub fn set_role(
    store: &mut Store,
    who: &Actor,
    name: &str,
    role: Role,
    scope: &Scope,
) -> Result<std::result::Result<(), Refusal>> {
    let Some(before) = user(store, name)? else { return Ok(Err(no_user(name))) };
    let tx = store.conn.transaction()?;
    tx.execute(
        "UPDATE users SET role = ?1, scope = ?2 WHERE id = ?3",
        params![role.key(), serde_json::to_string(scope).unwrap_or_default(), before.id],
    )?;
    let was = json!({ "role": before.role, "scope": before.scope });
    record(&tx, who, "user-role", &before.name, Some(&was), Some(&json!({ "role": role, "scope": scope })))?;
    tx.commit()?;
    Ok(Ok(()))
}

/// Set account `name`'s password; its sessions end, so that whoever knew the old one is out.
pub fn set_password(
    store: &mut Store,
    who: &Actor,
    name: &str,
    password: &str,
) -> Result<std::result::Result<(), Refusal>> {
    let Some(u) = user(store, name)? else { return Ok(Err(no_user(name))) };
    if let Err(why) = check_password(password) {
        return Ok(Err(why));
    }
    let Some(hashed) = hash(password) else { return Ok(Err(Refusal::new("store-password-unhashed"))) };
    let tx = store.conn.transaction()?;
    tx.execute("UPDATE users SET password = ?1 WHERE id = ?2", params![hashed, u.id])?;
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [u.id])?;
    // The trail says that the password changed, never what it is.
    record(&tx, who, "user-password", &u.name, None, None)?;
    tx.commit()?;
    Ok(Ok(()))
}

/// Disable (or enable again) account `name`; a disabled account's sessions end.
pub fn set_disabled(
    store: &mut Store,
    who: &Actor,
    name: &str,
    disabled: bool,
) -> Result<std::result::Result<(), Refusal>> {
    let Some(u) = user(store, name)? else { return Ok(Err(no_user(name))) };
    let tx = store.conn.transaction()?;
    tx.execute("UPDATE users SET disabled = ?1 WHERE id = ?2", params![disabled, u.id])?;
    if disabled {
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [u.id])?;
    }
    let action = if disabled { "user-disable" } else { "user-enable" };
    record(
        &tx,
        who,
        action,
        &u.name,
        Some(&json!({ "disabled": u.disabled })),
        Some(&json!({ "disabled": disabled })),
    )?;
    tx.commit()?;
    Ok(Ok(()))
}

fn no_user(name: &str) -> Refusal {
    Refusal::new("store-no-user").with("name", name.trim())
}

/// How guessing passwords is stopped: after `per_name` failed logins of one account, or
/// `per_address` from one address, within `window`, logins are refused until the failures age
/// out of the window — even with the right password.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    /// Failures of one account that lock it.
    pub per_name: u32,
    /// Failures from one address that lock it (several people may share an office's address).
    pub per_address: u32,
    /// How long a failure counts.
    pub window: std::time::Duration,
    /// How long a session lives without a request.
    pub idle: std::time::Duration,
}

impl Default for Guard {
    fn default() -> Guard {
        Guard {
            per_name: 5,
            per_address: 20,
            window: std::time::Duration::from_secs(15 * 60),
            idle: std::time::Duration::from_secs(30 * 60),
        }
    }
}

/// An open session: whose, and the CSRF token its state-changing requests must carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The account.
    pub user: User,
    /// The session's CSRF token: a secret of the server, sent to the pages of this session only.
    pub csrf: String,
}

/// What a login attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Login {
    /// The session is open: `token` is for the browser's cookie (the store keeps only its hash).
    Opened {
        /// The cookie's value.
        token: String,
        /// The session it opens.
        session: Session,
    },
    /// Wrong name or password, or a disabled account: which one is not said. `failures` counts
    /// the recent failures of the name, for the face to slow the next answer.
    Wrong {
        /// Recent failed logins of this name, this one included.
        failures: u32,
    },
    /// Too many recent failures of this name or from this address: refused whatever the
    /// password, until `until` (UTC).
    Locked {
        /// When the oldest failure that counts ages out of the window.
        until: String,
    },
}

fn stamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn ago(now: jiff::Timestamp, d: std::time::Duration) -> jiff::Timestamp {
    jiff::SignedDuration::try_from(d).ok().and_then(|d| now.checked_sub(d).ok()).unwrap_or(now)
}

fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Log `name` in with `password`, from `address`, at `now`.
pub fn login(
    store: &mut Store,
    name: &str,
    password: &str,
    address: &str,
    now: jiff::Timestamp,
    guard: &Guard,
) -> Result<Login> {
    let name = name.trim();
    let since = stamp(ago(now, guard.window));
    let recent = |sql: &str, key: &str| -> Result<(u32, Option<String>)> {
        Ok(store.conn.query_row(sql, params![key, since], |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    let (by_name, first_name) =
        recent("SELECT count(*), min(at) FROM login_failures WHERE name = ?1 AND at >= ?2", name)?;
    let (by_address, first_address) =
        recent("SELECT count(*), min(at) FROM login_failures WHERE address = ?1 AND at >= ?2", address)?;
    let who = Actor { name: name.to_string(), address: address.to_string() };
    if by_name >= guard.per_name || by_address >= guard.per_address {
        let first = if by_name >= guard.per_name { first_name } else { first_address };
        let until = first
            .and_then(|f| f.parse::<jiff::Timestamp>().ok())
            .and_then(|f| jiff::SignedDuration::try_from(guard.window).ok().and_then(|w| f.checked_add(w).ok()))
            .unwrap_or(now);
        let tx = store.conn.transaction()?;
        record(&tx, &who, "login-failed", name, None, Some(&json!({ "locked": true })))?;
        tx.commit()?;
        return Ok(Login::Locked { until: stamp(until) });
    }
    let stored: Option<(i64, String, bool)> = store
        .conn
        .query_row("SELECT id, password, disabled FROM users WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let right = match &stored {
        Some((_, phc, false)) => {
            PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        }
        // No such account, or a disabled one: the same work as a wrong password, so that the
        // answer's time does not tell which names exist.
        _ => {
            let _ = hash(password);
            false
        }
    };
    let tx = store.conn.transaction()?;
    let (Some((id, _, _)), true) = (stored, right) else {
        tx.execute(
            "INSERT INTO login_failures (name, address, at) VALUES (?1, ?2, ?3)",
            params![name, address, stamp(now)],
        )?;
        record(&tx, &who, "login-failed", name, None, None)?;
        tx.commit()?;
        return Ok(Login::Wrong { failures: by_name + 1 });
    };
    let (Some(token), Some(csrf)) = (random_hex(), random_hex()) else {
        // Without the system's randomness no session can be trusted.
        return Ok(Login::Wrong { failures: by_name });
    };
    tx.execute(
        "INSERT INTO sessions (token_sha256, user_id, csrf, address, created_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![token_hash(&token), id, csrf, address, stamp(now)],
    )?;
    tx.execute("DELETE FROM login_failures WHERE name = ?1", [name])?;
    record(&tx, &who, "login", name, None, None)?;
    tx.commit()?;
    let user = user(store, name)?.expect("the account just logged in");
    Ok(Login::Opened { token, session: Session { user, csrf } })
}

/// The session whose cookie holds `token`, if it is open: not logged out, its account enabled,
/// and used within `guard.idle` (a session idle longer ends here). Each use keeps it alive.
pub fn session(store: &Store, token: &str, now: jiff::Timestamp, guard: &Guard) -> Result<Option<Session>> {
    let key = token_hash(token);
    let found: Option<(String, String, String)> = store
        .conn
        .query_row(
            "SELECT s.csrf, s.seen_at, u.name FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_sha256 = ?1 AND u.disabled = 0",
            [&key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((csrf, seen, name)) = found else { return Ok(None) };
    if seen < stamp(ago(now, guard.idle)) {
        store.conn.execute("DELETE FROM sessions WHERE token_sha256 = ?1", [&key])?;
        return Ok(None);
    }
    // Kept alive at most once a minute: a page's requests need not each write.
    if seen < stamp(ago(now, std::time::Duration::from_secs(60))) {
        store.conn.execute("UPDATE sessions SET seen_at = ?1 WHERE token_sha256 = ?2", params![stamp(now), key])?;
    }
    Ok(user(store, &name)?.map(|user| Session { user, csrf }))
}

/// End the session whose cookie holds `token` (a logout): it cannot be used again.
pub fn logout(store: &mut Store, token: &str, address: &str) -> Result<()> {
    let key = token_hash(token);
    let name: Option<String> = store
        .conn
        .query_row(
            "SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ?1",
            [&key],
            |r| r.get(0),
        )
        .optional()?;
    let tx = store.conn.transaction()?;
    tx.execute("DELETE FROM sessions WHERE token_sha256 = ?1", [&key])?;
    if let Some(name) = name {
        record(&tx, &Actor { name: name.clone(), address: address.to_string() }, "logout", &name, None, None)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db"), crate::BUSY_WAIT).unwrap();
        (dir, store)
    }

    fn admin() -> Actor {
        Actor { name: "管理员".into(), address: "cli".into() }
    }

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_password_is_kept_only_as_its_argon2id_hash() {
        let (_dir, mut store) = store();
        assert!(!has_users(&store).unwrap());
        add_user(&mut store, &admin(), "张三", "correct horse battery", Role::Reviewer, &Scope::default())
            .unwrap()
            .unwrap();
        let kept: String = store.conn.query_row("SELECT password FROM users", [], |r| r.get(0)).unwrap();
        assert!(kept.starts_with("$argon2id$"), "{kept}");
        assert!(!kept.contains("correct horse"));
        let trail: String =
            store.conn.query_row("SELECT group_concat(coalesce(after, ''), ' ') FROM audit", [], |r| r.get(0)).unwrap();
        assert!(!trail.contains("correct horse"), "{trail}");
        // Refused: a short password, a taken name, an empty name.
        let short = add_user(&mut store, &admin(), "李四", "short", Role::Viewer, &Scope::default()).unwrap();
        assert_eq!(short.unwrap_err().id, "store-password-short");
        let taken =
            add_user(&mut store, &admin(), "张三", "another long password", Role::Viewer, &Scope::default()).unwrap();
        assert_eq!(taken.unwrap_err().id, "store-user-exists");
        let empty =
            add_user(&mut store, &admin(), " ", "another long password", Role::Viewer, &Scope::default()).unwrap();
        assert_eq!(empty.unwrap_err().id, "store-user-name");
    }

    #[test]
    fn a_session_opens_with_the_right_password_and_ends_at_logout_or_when_idle() {
        let (_dir, mut store) = store();
        let guard = Guard::default();
        add_user(&mut store, &admin(), "张三", "correct horse battery", Role::Reviewer, &Scope::default())
            .unwrap()
            .unwrap();
        let now = at("2026-12-07T08:00:00Z");
        let Login::Opened { token, session: opened } =
            login(&mut store, "张三", "correct horse battery", "10.0.0.5", now, &guard).unwrap()
        else {
            panic!("not opened")
        };
        assert_eq!(opened.user.role, Role::Reviewer);
        // The store keeps the token's hash, not the token.
        let kept: String = store.conn.query_row("SELECT token_sha256 FROM sessions", [], |r| r.get(0)).unwrap();
        assert_ne!(kept, token);
        assert_eq!(session(&store, &token, at("2026-12-07T08:20:00Z"), &guard).unwrap(), Some(opened.clone()));
        // Used at 08:20, alive at 08:45; idle from 08:45 to 09:20, it ends.
        assert!(session(&store, &token, at("2026-12-07T08:45:00Z"), &guard).unwrap().is_some());
        assert!(session(&store, &token, at("2026-12-07T09:20:00Z"), &guard).unwrap().is_none());
        assert!(session(&store, &token, at("2026-12-07T09:21:00Z"), &guard).unwrap().is_none());
        // A new session ends at logout.
        let Login::Opened { token, .. } =
            login(&mut store, "张三", "correct horse battery", "10.0.0.5", now, &guard).unwrap()
        else {
            panic!("not opened")
        };
        logout(&mut store, &token, "10.0.0.5").unwrap();
        assert!(session(&store, &token, now, &guard).unwrap().is_none());
        // A made-up token opens nothing.
        assert!(session(&store, "00", now, &guard).unwrap().is_none());
        let actions: Vec<String> =
            crate::audit::entries(&store, &Default::default()).unwrap().into_iter().rev().map(|e| e.action).collect();
        assert_eq!(actions, ["user-add", "login", "login", "logout"]);
    }

    #[test]
    fn guessing_locks_the_account_and_then_the_address() {
        let (_dir, mut store) = store();
        let guard = Guard::default();
        add_user(&mut store, &admin(), "张三", "correct horse battery", Role::Reviewer, &Scope::default())
            .unwrap()
            .unwrap();
        let now = at("2026-12-07T08:00:00Z");
        for n in 1..=5 {
            assert_eq!(
                login(&mut store, "张三", "guess", "10.0.0.9", now, &guard).unwrap(),
                Login::Wrong { failures: n }
            );
        }
        // Locked now, even with the right password, from any address; for 15 minutes.
        let locked = login(&mut store, "张三", "correct horse battery", "10.0.0.5", now, &guard).unwrap();
        assert_eq!(locked, Login::Locked { until: "2026-12-07T08:15:00Z".into() });
        let later = at("2026-12-07T08:16:00Z");
        assert!(matches!(
            login(&mut store, "张三", "correct horse battery", "10.0.0.5", later, &guard).unwrap(),
            Login::Opened { .. }
        ));
        // One address guessing many names is locked as an address.
        for n in 0..20 {
            login(&mut store, &format!("名{n}"), "guess", "10.0.0.66", later, &guard).unwrap();
        }
        assert!(matches!(
            login(&mut store, "张三", "correct horse battery", "10.0.0.66", later, &guard).unwrap(),
            Login::Locked { .. }
        ));
        // A disabled account cannot log in, and its sessions end.
        let Login::Opened { token, .. } =
            login(&mut store, "张三", "correct horse battery", "10.0.0.5", later, &guard).unwrap()
        else {
            panic!("not opened")
        };
        set_disabled(&mut store, &admin(), "张三", true).unwrap().unwrap();
        assert!(session(&store, &token, later, &guard).unwrap().is_none());
        assert!(matches!(
            login(&mut store, "张三", "correct horse battery", "10.0.0.5", later, &guard).unwrap(),
            Login::Wrong { .. }
        ));
    }
}
