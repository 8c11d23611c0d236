//! Organs across years: every normalised name a report was signed with points at one organ;
//! reviewers merge two organs or split a name off into its own.

use rusqlite::{params, OptionalExtension, Transaction};
use xxgk_core::organ;

use crate::audit::Actor;
use crate::{Refusal, Result, Store};

/// Which organ a report signed `agency` belongs to; a new one when no known name matches.
/// A name that differs from a known one only by the places written before it (洪泽区人民政府 /
/// 淮安市洪泽区人民政府) joins that organ — when exactly one organ fits.
///
/// `level`, when given (a manifest's), is the organ's level instead of the one its name tells.
pub(crate) fn resolve(tx: &Transaction, name_key: &str, agency: &str, level: Option<&str>) -> Result<i64> {
    let id = resolve_name(tx, name_key, agency)?;
    if let Some(level) = level {
        tx.prepare_cached("UPDATE organs SET level = ?2 WHERE id = ?1")?.execute(params![id, level])?;
    }
    Ok(id)
}

fn resolve_name(tx: &Transaction, name_key: &str, agency: &str) -> Result<i64> {
    if let Some(id) = tx
        .prepare_cached("SELECT organ_id FROM organ_names WHERE name_key = ?1")?
        .query_row([name_key], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let core = organ::core_key(name_key);
    let mut st = tx.prepare_cached("SELECT name_key, organ_id FROM organ_names WHERE core_key = ?1")?;
    let mut fits: Vec<i64> = st
        .query_map([core], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .filter_map(std::result::Result::ok)
        .filter(|(k, _)| organ::same_with_prefix(k, name_key))
        .map(|(_, id)| id)
        .collect();
    fits.sort_unstable();
    fits.dedup();
    let id = match fits.as_slice() {
        [one] => *one,
        _ => new_organ(tx, agency)?,
    };
    tx.execute(
        "INSERT INTO organ_names (name_key, core_key, organ_id) VALUES (?1, ?2, ?3)",
        params![name_key, core, id],
    )?;
    Ok(id)
}

/// A new organ named `name`, its level and region from the name and the administrative
/// divisions; its division is the place it sits under ([`xxgk_core::place::Place::of`]).
fn new_organ(tx: &Transaction, name: &str) -> Result<i64> {
    let level = organ::level(name).map(organ::Level::key);
    let division = organ::place(name).map(|d| d.code);
    tx.execute(
        "INSERT INTO organs (name, level, region, division) VALUES (?1, ?2, ?3, ?4)",
        params![name, level, organ::region(name), division],
    )?;
    Ok(tx.last_insert_rowid())
}

/// What a name given by a user (`--organ`, `--merge`) matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    /// Exactly one organ: its id.
    One(i64),
    /// No organ.
    None,
    /// Several organs match: the user must say which (their ids and names).
    Several(Vec<(i64, String)>),
}

/// The organ meant by `name`: its id; a name its reports were signed with (normalised); or
/// the one organ whose name contains it.
pub fn find_organ(store: &Store, name: &str) -> Result<Named> {
    let conn = &store.conn;
    if let Ok(id) = name.trim().parse::<i64>() {
        let known: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM organs WHERE id = ?1)", [id], |r| r.get(0))?;
        return Ok(if known { Named::One(id) } else { Named::None });
    }
    let key = organ::key(name);
    if let Some(id) =
        conn.query_row("SELECT organ_id FROM organ_names WHERE name_key = ?1", [&key], |r| r.get(0)).optional()?
    {
        return Ok(Named::One(id));
    }
    let mut st = conn.prepare(
        "SELECT DISTINCT o.id, o.name FROM organs o LEFT JOIN organ_names n ON n.organ_id = o.id
         WHERE o.name LIKE '%' || ?1 || '%' OR n.name_key LIKE '%' || ?2 || '%' ORDER BY o.name, o.id",
    )?;
    let mut all: Vec<(i64, String)> =
        st.query_map(params![name, key], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
    Ok(match all.len() {
        0 => Named::None,
        1 => Named::One(all.remove(0).0),
        _ => Named::Several(all),
    })
}

/// An organ as `xxgk organs` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Organ {
    /// The organ's id in the store.
    pub id: i64,
    /// Its name as written on the report that first named it.
    pub name: String,
    /// Its level key (`province`, `city`, `county`, `township`): a manifest's, else what its name
    /// tells.
    pub level: Option<String>,
    /// The places its name starts with (淮安市洪泽区); empty when it names none.
    pub region: Option<String>,
    /// The GB/T 2260 code of the division it sits under: the innermost its name writes that the
    /// national list knows (a township's county).
    pub division: Option<String>,
    /// Every name its reports were signed with (normalised).
    pub names: Vec<String>,
    /// The years of its current reports, in order.
    pub years: Vec<i64>,
    /// How many current reports it has.
    pub reports: i64,
}

/// Every organ whose name contains `like` (all of them for `None`), by region and name.
pub fn organs(store: &Store, like: Option<&str>) -> Result<Vec<Organ>> {
    select_organs(store, "?1 IS NULL OR o.name LIKE '%' || ?1 || '%'", &like)
}

/// The organ with this id.
pub fn organ(store: &Store, id: i64) -> Result<Option<Organ>> {
    Ok(select_organs(store, "o.id = ?1", &id)?.into_iter().next())
}

fn select_organs(store: &Store, filter: &str, arg: &dyn rusqlite::ToSql) -> Result<Vec<Organ>> {
    let mut st = store.conn.prepare(&format!(
        "SELECT o.id, o.name, o.level, o.region,
                (SELECT group_concat(name_key, '|') FROM organ_names n WHERE n.organ_id = o.id),
                (SELECT group_concat(DISTINCT year) FROM reports r WHERE r.organ_id = o.id AND year IS NOT NULL AND current = 1),
                (SELECT count(*) FROM reports r WHERE r.organ_id = o.id AND current = 1), o.division
         FROM organs o WHERE {filter} ORDER BY o.region, o.name"
    ))?;
    let rows = st.query_map([arg], |r| {
        let names: Option<String> = r.get(4)?;
        let years: Option<String> = r.get(5)?;
        let mut years: Vec<i64> = years.unwrap_or_default().split(',').filter_map(|y| y.parse().ok()).collect();
        years.sort_unstable();
        let mut names: Vec<String> =
            names.unwrap_or_default().split('|').filter(|s| !s.is_empty()).map(str::to_string).collect();
        names.sort();
        Ok(Organ {
            id: r.get(0)?,
            name: r.get(1)?,
            level: r.get(2)?,
            region: r.get(3)?,
            division: r.get(7)?,
            names,
            years,
            reports: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Fold organ `from` into `into`: its names and reports follow. Cross-report checks of `into`
/// are refreshed. Refused (Chinese, English) when either is not an organ of the store or both
/// are the same.
pub fn merge_organs(store: &mut Store, who: &Actor, into: i64, from: i64) -> Result<std::result::Result<(), Refusal>> {
    for id in [into, from] {
        let known: bool =
            store.conn.query_row("SELECT EXISTS (SELECT 1 FROM organs WHERE id = ?1)", [id], |r| r.get(0))?;
        if !known {
            return Ok(Err(Refusal::new("store-no-organ").with("id", id)));
        }
    }
    if into == from {
        return Ok(Err(Refusal::new("store-merge-itself").with("id", into)));
    }
    let tx = store.conn.transaction()?;
    tx.execute("UPDATE organ_names SET organ_id = ?1 WHERE organ_id = ?2", params![into, from])?;
    tx.execute("UPDATE reports SET organ_id = ?1 WHERE organ_id = ?2", params![into, from])?;
    tx.execute("DELETE FROM organs WHERE id = ?1", [from])?;
    crate::audit::record(
        &tx,
        who,
        "merge-organs",
        &into.to_string(),
        None,
        Some(&serde_json::json!({ "from": from })),
    )?;
    crate::cross::refresh(&tx, who, &[into])?;
    tx.commit()?;
    Ok(Ok(()))
}

/// Give the reports signed `name` an organ of their own; returns its id.
pub fn split_organ(store: &mut Store, who: &Actor, name: &str) -> Result<Option<i64>> {
    let key = organ::key(name);
    let tx = store.conn.transaction()?;
    let Some(old): Option<i64> =
        tx.query_row("SELECT organ_id FROM organ_names WHERE name_key = ?1", [&key], |r| r.get(0)).optional()?
    else {
        return Ok(None);
    };
    let id = new_organ(&tx, name)?;
    tx.execute("UPDATE organ_names SET organ_id = ?1 WHERE name_key = ?2", params![id, key])?;
    tx.execute("UPDATE reports SET organ_id = ?1 WHERE name_key = ?2", params![id, key])?;
    let after = serde_json::json!({ "from": old, "into": id });
    crate::audit::record(&tx, who, "split-organ", name, None, Some(&after))?;
    crate::cross::refresh(&tx, who, &[old, id])?;
    tx.commit()?;
    Ok(Some(id))
}
