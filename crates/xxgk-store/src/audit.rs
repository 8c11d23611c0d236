//! The audit trail: every change to the store — a login, a decision, a correction, an import,
//! a change of a user — as an append-only row of who, when, from where, what, on what, and the
//! state before and after. SQLite triggers refuse to change or remove a row once written.
//!
//! Times are kept in UTC (`2026-12-07T12:36:17Z`) and shown in 北京时间 ([`beijing`]): an office
//! reads its own clock, and a store copied to another machine keeps the same times.

use rusqlite::{params, Connection};
use serde_json::Value;

use crate::{Result, Store};

/// Who is changing the store, for the trail: a person's name and where the change came from
/// (the address of a browser, or `命令行` for the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account's name, or the name given on the command line.
    pub name: String,
    /// The address of the request (`127.0.0.1`), or where else the change came from.
    pub address: String,
}

impl Actor {
    /// A change made on the command line by `name` (the operating system's user when none is
    /// given; `cli` when the system names none either).
    pub fn command_line(name: Option<&str>) -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| COMMAND_LINE.to_string());
        let name = name.map(str::trim).filter(|n| !n.is_empty()).map_or(user, str::to_string);
        Actor { name, address: COMMAND_LINE.to_string() }
    }
}

/// Where a change made on the command line comes from, as the trail records it.
pub const COMMAND_LINE: &str = "cli";

/// One change, as the trail keeps it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    /// The row's id: the order in which the changes were made.
    pub id: i64,
    /// When, in UTC (`2026-12-07T12:36:17Z`).
    pub at: String,
    /// Who.
    pub actor: String,
    /// From where.
    pub address: String,
    /// What: `login`, `decision`, `correction`, … (see [`ACTIONS`]).
    pub action: String,
    /// On what: a report's id, a finding's, a user's name, a path.
    pub target: String,
    /// The state before the change, as JSON, when there was one.
    pub before: Option<Value>,
    /// The state after it, as JSON.
    pub after: Option<Value>,
}

/// Every action the trail records, by its key: the 操作记录 page names each in the reader's
/// language (`audit-action-` and the key in the catalogue).
pub const ACTIONS: &[&str] = &[
    "login",
    "login-failed",
    "logout",
    "import",
    "import-cancel",
    "file",
    "decision",
    "correction",
    "explanation",
    "version",
    "version-replaced",
    "roster",
    "remove-path",
    "merge-organs",
    "split-organ",
    "user-add",
    "user-role",
    "user-password",
    "user-disable",
    "user-enable",
    "round-state",
    "round-assign",
    "opinion-sent",
    "setting",
    "facts",
];

/// Record one change on `conn` (inside the change's own transaction, so that the change and its
/// record are written together or not at all).
pub(crate) fn record(
    conn: &Connection,
    who: &Actor,
    action: &str,
    target: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<()> {
    debug_assert!(ACTIONS.contains(&action), "{action} is not an action of the trail");
    conn.prepare_cached(
        "INSERT INTO audit (actor, address, action, target, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        who.name,
        who.address,
        action,
        target,
        before.map(Value::to_string),
        after.map(Value::to_string)
    ])?;
    Ok(())
}

/// Which changes to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this person's.
    pub actor: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only changes of this target (a report's id, a user's name).
    pub target: Option<String>,
    /// From this day on (北京时间, `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Up to and including this day (北京时间).
    pub to: Option<String>,
    /// At most this many, newest first (all when `None`).
    pub limit: Option<usize>,
}

/// The changes `filter` selects, newest first.
pub fn entries(store: &Store, filter: &Filter) -> Result<Vec<Entry>> {
    // A day in Beijing runs from 16:00 UTC the day before.
    let from = filter.from.as_deref().and_then(|d| day_start_utc(d, 0));
    let to = filter.to.as_deref().and_then(|d| day_start_utc(d, 1));
    let mut st = store.conn.prepare(
        "SELECT id, at, actor, address, action, target, before, after FROM audit
         WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
           AND (?6 IS NULL OR target = ?6)
         ORDER BY id DESC LIMIT ?5",
    )?;
    let limit = filter.limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    let rows = st.query_map(params![filter.actor, filter.action, from, to, limit, filter.target], |r| {
        Ok(Entry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            address: r.get(3)?,
            action: r.get(4)?,
            target: r.get(5)?,
            before: json(r.get(6)?),
            after: json(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The UTC time at which Beijing's day `day` (`YYYY-MM-DD`) plus `plus` days begins.
fn day_start_utc(day: &str, plus: i64) -> Option<String> {
    let date: jiff::civil::Date = day.trim().parse().ok()?;
    let date = date.checked_add(jiff::Span::new().days(plus)).ok()?;
    let start = date.to_zoned(beijing_zone()).ok()?.timestamp();
    Some(start.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// China's time zone, UTC+8 all year (no daylight saving since 1991).
fn beijing_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::fixed(jiff::tz::offset(8))
}

/// Today's date in 北京时间: the date an office writes on what it sends.
pub fn beijing_today() -> jiff::civil::Date {
    jiff::Timestamp::now().to_zoned(beijing_zone()).date()
}

/// A UTC time as stored (`2026-12-07T12:36:17Z`) in 北京时间, as pages, documents and workbooks
/// show it: `2026-12-07 20:36:17`. A text that is no such time is shown as it is.
pub fn beijing(utc: &str) -> String {
    match utc.parse::<jiff::Timestamp>() {
        Ok(t) => t.to_zoned(beijing_zone()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => utc.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_is_shown_in_beijing_time() {
        assert_eq!(beijing("2026-12-07T12:36:17Z"), "2026-12-07 20:36:17");
        assert_eq!(beijing("2026-12-31T16:00:00Z"), "2027-01-01 00:00:00");
        assert_eq!(beijing("not a time"), "not a time");
        assert_eq!(day_start_utc("2027-01-01", 0).as_deref(), Some("2026-12-31T16:00:00Z"));
        assert_eq!(day_start_utc("2027-01-01", 1).as_deref(), Some("2027-01-01T16:00:00Z"));
    }

    #[test]
    fn the_trail_cannot_be_changed_or_emptied() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db"), crate::BUSY_WAIT).unwrap();
        let who = Actor { name: "张三".into(), address: "127.0.0.1".into() };
        record(&store.conn, &who, "login", "张三", None, None).unwrap();
        assert!(store.conn.execute("UPDATE audit SET actor = '李四'", []).is_err());
        assert!(store.conn.execute("DELETE FROM audit", []).is_err());
        let all = entries(&store, &Filter::default()).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].actor.as_str(), all[0].action.as_str()), ("张三", "login"));
    }
}
