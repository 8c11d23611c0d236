//! The review round of each organ's year: a report comes in (待审核), a reviewer decides its
//! findings (审核中), sends the agency an opinion (已退回整改), the agency publishes a corrected
//! version (已重新提交), the reviewer passes it (已通过) — or passes the first version as it is
//! (无需整改).
//!
//! A round is kept by organ and year, beside the decisions, so it outlives re-parses and new
//! versions: a new current version of a returned report moves it to 已重新提交 by itself
//! ([`resubmitted`], run wherever the versions are chosen again). Until a person sets a state,
//! the decisions say it: none yet is 待审核, some is 审核中. Every change, its assignment
//! included, is in the audit trail in the change's own transaction.

use rusqlite::{params, Connection, OptionalExtension};

use crate::audit::Actor;
use crate::{Refusal, Result, Store};

/// Where an organ's year stands in the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// 待审核: no finding decided yet.
    Pending,
    /// 审核中: being reviewed.
    Reviewing,
    /// 已退回整改: an opinion went to the agency, which is to publish a corrected report.
    Returned,
    /// 已重新提交: a new version arrived after the opinion.
    Resubmitted,
    /// 已通过: the corrected report is accepted.
    Passed,
    /// 无需整改: the report is accepted as first published.
    NoChange,
}

impl State {
    /// Every state, in the order of a round.
    pub const ALL: [State; 6] =
        [State::Pending, State::Reviewing, State::Returned, State::Resubmitted, State::Passed, State::NoChange];

    /// The state's key, as URLs, JSON and the catalogue (`round-state-…`) name it.
    pub fn key(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Reviewing => "reviewing",
            State::Returned => "returned",
            State::Resubmitted => "resubmitted",
            State::Passed => "passed",
            State::NoChange => "no-change",
        }
    }

    /// The state a key names.
    pub fn from_key(key: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// The state in words.
    pub fn name(self, lang: xxgk_core::Lang) -> String {
        xxgk_core::i18n::text(lang, &format!("round-state-{}", self.key()))
    }

    /// Whether a page that showed `self` saw the round as it stands in `now`: 待审核 and 审核中
    /// are one stage (a decision moves between them, and a page deciding without reloading
    /// does not redraw its state); any other state must be the same.
    pub fn seen_as(self, now: State) -> bool {
        let open = |s: State| matches!(s, State::Pending | State::Reviewing);
        self == now || (open(self) && open(now))
    }

    /// Whether the round is over: the report is accepted.
    pub fn closed(self) -> bool {
        matches!(self, State::Passed | State::NoChange)
    }

    /// The states a reviewer may move a round in this state to. Sending an opinion is the way
    /// to [`State::Returned`] ([`crate::opinion::send`]); the agency's new version the way to
    /// [`State::Resubmitted`].
    pub fn next(self) -> &'static [State] {
        match self {
            State::Pending | State::Reviewing => &[State::Returned, State::NoChange],
            State::Returned => &[State::Reviewing],
            State::Resubmitted => &[State::Passed, State::Returned],
            State::Passed | State::NoChange => &[State::Reviewing],
        }
    }
}

/// The round's row of current report `r`, joined as `rd`.
pub(crate) const JOIN: &str = "LEFT JOIN rounds rd ON rd.organ_id = r.organ_id AND rd.year = r.year";

/// The SQL of the state of current report `r` with its round `rd` ([`JOIN`]): as a person set
/// it, else 审核中 once a finding is decided, else 待审核.
pub(crate) const STATE: &str = "coalesce(rd.state, CASE WHEN r.source_sha256 IN (SELECT report_sha256 FROM decisions) THEN 'reviewing' ELSE 'pending' END)";

/// One report's round, as its review page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Round {
    /// Where it stands.
    pub state: State,
    /// The reviewer who has it (an account's name).
    pub assignee: Option<String>,
    /// When the agency is to answer the opinion sent, `YYYY-MM-DD`.
    pub deadline: Option<String>,
    /// The opinions sent on the organ's year, newest first.
    pub opinions: Vec<crate::opinion::Sent>,
    /// The states a reviewer may move it to now.
    pub next: Vec<State>,
}

/// The organ and year of report `id` and its content hash, when it names both.
pub(crate) fn organ_year(conn: &Connection, id: i64) -> Result<Option<(i64, i64, String)>> {
    Ok(conn
        .query_row("SELECT organ_id, year, source_sha256 FROM reports WHERE id = ?1", [id], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?
        .and_then(|(o, y, sha)| Some((o?, y?, sha))))
}

/// The state of report `id`'s round as [`STATE`] computes it, with its row's assignee and
/// deadline.
pub(crate) fn standing(conn: &Connection, id: i64) -> Result<Option<(State, Option<String>, Option<String>)>> {
    let sql = format!("SELECT {STATE}, rd.assignee, rd.deadline FROM reports r {JOIN} WHERE r.id = ?1");
    let row: Option<(String, Option<String>, Option<String>)> =
        conn.query_row(&sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    Ok(row.and_then(|(s, a, d)| Some((State::from_key(&s)?, a, d))))
}

/// Report `id`'s round (`None`: no such report, or one that names no organ or year, which no
/// round can follow).
pub fn round(store: &Store, id: i64) -> Result<Option<Round>> {
    let Some((organ, year, _)) = organ_year(&store.conn, id)? else { return Ok(None) };
    let Some((state, assignee, deadline)) = standing(&store.conn, id)? else { return Ok(None) };
    let opinions = crate::opinion::sent_on(store, organ, year)?;
    Ok(Some(Round { state, assignee, deadline, opinions, next: state.next().to_vec() }))
}

/// Write the state of `organ`'s `year` (on the version `sha`) and record the change.
pub(crate) fn set(
    conn: &Connection,
    who: &Actor,
    report: i64,
    (organ, year, sha): (i64, i64, &str),
    from: State,
    to: State,
    more: serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO rounds (organ_id, year, state, report_sha256) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (organ_id, year) DO UPDATE SET state = excluded.state, report_sha256 = excluded.report_sha256",
    )?
    .execute(params![organ, year, to.key(), sha])?;
    let mut after = serde_json::json!({ "state": to.key(), "report": report });
    if let (Some(a), serde_json::Value::Object(m)) = (after.as_object_mut(), more) {
        a.extend(m);
    }
    crate::audit::record(
        conn,
        who,
        "round-state",
        &report.to_string(),
        Some(&serde_json::json!({ "state": from.key() })),
        Some(&after),
    )
}

/// Move report `id`'s round to `to`, as a reviewer does: refused unless the round's present
/// state leads there ([`State::next`]), and for [`State::Returned`], which only sending an
/// opinion reaches. `seen` is the state the page showed: another reached meanwhile is refused
/// too, so that no one moves a round past what they saw.
pub fn move_to(
    store: &mut Store,
    who: &Actor,
    id: i64,
    to: State,
    seen: Option<State>,
) -> Result<std::result::Result<State, Refusal>> {
    let tx = store.conn.transaction()?;
    let Some((organ, year, sha)) = organ_year(&tx, id)? else {
        return Ok(Err(Refusal::new("store-round-no-organ-year").with("id", id)));
    };
    let Some((from, _, _)) = standing(&tx, id)? else { return Ok(Err(Refusal::new("store-no-report").with("id", id))) };
    if seen.is_some_and(|s| !s.seen_as(from)) {
        return Ok(Err(Refusal::new(STALE_ROUND).with("state", from.key())));
    }
    if to == State::Returned || !from.next().contains(&to) {
        return Ok(Err(Refusal::new("store-round-not-allowed").with("from", from.key()).with("to", to.key())));
    }
    set(&tx, who, id, (organ, year, &sha), from, to, serde_json::json!({}))?;
    tx.commit()?;
    Ok(Ok(to))
}

/// The refusal of a move made on a page that showed another state than the round's now.
pub const STALE_ROUND: &str = "store-round-stale";

/// Give reports `ids` to the reviewer `assignee` (`None`: to nobody), with the agency's
/// `deadline` left as it is. The assignee must be an enabled reviewer's or administrator's
/// account. Returns how many reports changed hands; each change is in the trail.
pub fn assign(
    store: &mut Store,
    who: &Actor,
    ids: &[i64],
    assignee: Option<&str>,
) -> Result<std::result::Result<usize, Refusal>> {
    let assignee = assignee.map(str::trim).filter(|a| !a.is_empty());
    if let Some(name) = assignee {
        let ok = crate::accounts::user(store, name)?.is_some_and(|u| !u.disabled && u.role.reviews());
        if !ok {
            return Ok(Err(Refusal::new("store-assign-not-reviewer").with("name", name)));
        }
    }
    let tx = store.conn.transaction()?;
    let mut changed = 0;
    for &id in ids {
        let Some((organ, year, _)) = organ_year(&tx, id)? else { continue };
        let before: Option<String> = tx
            .query_row("SELECT assignee FROM rounds WHERE organ_id = ?1 AND year = ?2", params![organ, year], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        if before.as_deref() == assignee {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO rounds (organ_id, year, assignee) VALUES (?1, ?2, ?3)
             ON CONFLICT (organ_id, year) DO UPDATE SET assignee = excluded.assignee",
        )?
        .execute(params![organ, year, assignee])?;
        crate::audit::record(
            &tx,
            who,
            "round-assign",
            &id.to_string(),
            Some(&serde_json::json!({ "assignee": before })),
            Some(&serde_json::json!({ "assignee": assignee })),
        )?;
        changed += 1;
    }
    tx.commit()?;
    Ok(Ok(changed))
}

/// A returned round whose organ's year now has another current version is 已重新提交: run
/// after the versions of `organ` are chosen again, under `who`, whose change brought the new
/// version.
pub(crate) fn resubmitted(conn: &Connection, who: &Actor, organ: i64) -> Result<()> {
    let moved: Vec<(i64, i64, String)> = {
        let mut st = conn.prepare_cached(
            "SELECT r.id, r.year, r.source_sha256 FROM rounds rd JOIN reports r ON r.organ_id = rd.organ_id AND r.year = rd.year
             WHERE rd.organ_id = ?1 AND rd.state = 'returned' AND r.current = 1 AND r.source_sha256 != rd.report_sha256",
        )?;
        let rows = st.query_map([organ], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for (report, year, sha) in moved {
        let opinion: Option<i64> = conn.query_row(
            "SELECT max(id) FROM opinions WHERE organ_id = ?1 AND year = ?2",
            params![organ, year],
            |r| r.get(0),
        )?;
        set(
            conn,
            who,
            report,
            (organ, year, &sha),
            State::Returned,
            State::Resubmitted,
            serde_json::json!({ "opinion": opinion }),
        )?;
    }
    Ok(())
}

/// Store the file at `path` as the agency's corrected report for report `id`'s organ and year,
/// as `who` within `within` (an agency's own organs): ingested like any file, then chosen as the
/// organ-year's current version (a pin, as a reviewer's choice is), which moves a returned round
/// to 已重新提交. Refused — and the file forgotten by the store — when it holds no report of that
/// organ and year, or is the version already there. Returns the new report's id.
pub fn resubmit(
    db: &std::path::Path,
    who: &Actor,
    id: i64,
    path: &std::path::Path,
    within: Option<&crate::accounts::Scope>,
    lang: xxgk_core::Lang,
) -> Result<std::result::Result<i64, Refusal>> {
    let (organ, year, current) = {
        let store = Store::open(db, crate::BUSY_WAIT)?;
        let Some((organ, year, _)) = organ_year(&store.conn, id)? else {
            return Ok(Err(Refusal::new("store-round-no-organ-year").with("id", id)));
        };
        let current = crate::query::current_report(&store, organ, year)?.map(|r| r.id);
        (organ, year, current)
    };
    let mut why: Option<Refusal> = None;
    let manifest = crate::manifest::Manifest::default();
    crate::ingest::ingest_with(
        db,
        &[path.to_path_buf()],
        crate::ingest::How { within, ..crate::ingest::How::new(&manifest, who) },
        &mut |done, _| {
            if let crate::Stored::Refused(m) | crate::Stored::Failed(m) = &done.stored {
                why = Some(m.clone());
            }
        },
    )?;
    if let Some(why) = why {
        return Ok(Err(why));
    }
    let mut store = Store::open(db, crate::BUSY_WAIT)?;
    let canonical = crate::ingest::canonical(path);
    let read: Vec<(i64, Option<i64>, Option<i64>, Option<String>)> = {
        let mut st = store.conn.prepare(
            "SELECT r.id, r.organ_id, r.year, r.agency FROM reports r JOIN paths p ON p.file_id = r.file_id WHERE p.path = ?1 ORDER BY r.id",
        )?;
        let rows = st.query_map([&canonical], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let new = read.iter().find(|(_, o, y, _)| *o == Some(organ) && *y == Some(year)).map(|(r, ..)| *r);
    let refusal = match new {
        Some(n) if Some(n) == current => Some(Refusal::new("store-resubmit-same")),
        Some(_) => None,
        None => {
            let held: Vec<String> = read
                .iter()
                .map(|(_, _, y, a)| {
                    let unknown = xxgk_core::i18n::text(lang, "unknown");
                    format!(
                        "{}{}",
                        a.clone().unwrap_or_else(|| unknown.clone()),
                        y.map_or(unknown.clone(), |y| y.to_string())
                    )
                })
                .collect();
            Some(Refusal::new("store-resubmit-other").with("held", held.join("、")).with("n", held.len()))
        }
    };
    if let Some(refusal) = refusal {
        // What the upload brought in goes with it, unless the file was already the store's.
        if new != current || new.is_none() {
            crate::review::remove_path(&mut store, who, &canonical)?;
        }
        return Ok(Err(refusal));
    }
    let new = new.unwrap_or_default();
    if let Err(why) = crate::versions::use_version(&mut store, who, new)? {
        return Ok(Err(why));
    }
    Ok(Ok(new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{set, store_of, year};
    use xxgk_core::{Lang, TableId};

    fn state(store: &Store, id: i64) -> State {
        round(store, id).unwrap().unwrap().state
    }

    #[test]
    fn a_round_goes_from_pending_to_passed_through_the_agency_s_new_version() {
        // 表三's 予以公开 says 6 where its parts make 5.
        let mut f = year("青禾市审计局", 2024, 0, 0, 10);
        set(&mut f, TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 6]);
        let (dir, mut store) = store_of(&[f]);
        let who = Actor { name: "审核员甲".into(), address: "test".into() };
        assert_eq!(state(&store, 1), State::Pending);
        assert!(State::Pending.next().contains(&State::NoChange) && !State::Pending.next().contains(&State::Passed));

        // Decided by rule: every open T3-ROWSUM finding, one decision each; a dismissal needs a reason.
        assert!(crate::review::decide_open(&mut store, &who, &[1], "T3-ROWSUM", "dismissed", " ").unwrap().is_err());
        let decided =
            crate::review::decide_open(&mut store, &who, &[1], "T3-ROWSUM", "confirmed", "").unwrap().unwrap();
        assert_eq!(decided.len(), 1, "{decided:?}");
        assert!(
            crate::review::decide_open(&mut store, &who, &[1], "T3-ROWSUM", "confirmed", "")
                .unwrap()
                .unwrap()
                .is_empty(),
            "decided once"
        );
        assert_eq!(state(&store, 1), State::Reviewing);

        // Only the ways the round leads, and only from the state the page showed.
        assert!(move_to(&mut store, &who, 1, State::Passed, None).unwrap().is_err());
        assert!(move_to(&mut store, &who, 1, State::Returned, None).unwrap().is_err(), "only by sending an opinion");
        let stale = move_to(&mut store, &who, 1, State::NoChange, Some(State::Returned)).unwrap().unwrap_err();
        assert_eq!(stale.id, STALE_ROUND);
        assert!(State::Pending.seen_as(State::Reviewing), "a decision made on the page itself is no other state");

        let sent = crate::opinion::send(&mut store, &who, 1, &Default::default(), Lang::Zh).unwrap().unwrap();
        assert_eq!(state(&store, 1), State::Returned);
        let letter = crate::opinion::sent(&store, sent).unwrap().unwrap().1;
        assert!(letter.points.iter().any(|p| p.code == "T3-ROWSUM"), "{letter:?}");

        // The agency's corrected report: another file of the same organ and year.
        let fixed = dir.path().join("fixed.md");
        let f = year("青禾市审计局", 2024, 0, 0, 10);
        std::fs::write(&fixed, xxgk_render::synth::document(&f, xxgk_render::Form::Md, "")).unwrap();
        let db = dir.path().join("r.db");
        let agency = Actor { name: "青禾市审计局".into(), address: "test".into() };
        let new = resubmit(&db, &agency, 1, &fixed, None, Lang::Zh).unwrap().unwrap();
        assert_ne!(new, 1);
        assert_eq!(state(&store, new), State::Resubmitted);
        // The same file again is no new version.
        assert_eq!(resubmit(&db, &agency, new, &fixed, None, Lang::Zh).unwrap().unwrap_err().id, "store-resubmit-same");

        // What changed, against the version the opinion was sent on.
        let answer = crate::opinion::answer(&store, new, Lang::Zh).unwrap().unwrap();
        assert_eq!(answer.before, 1);
        assert!(answer.points.iter().all(|(_, answered)| *answered), "{answer:?}");
        assert!(
            answer.changed.iter().any(|(cell, before, after)| cell.contains("予以公开")
                && before.as_deref() == Some("6")
                && after.as_deref() == Some("5")),
            "{answer:?}"
        );
        assert!(!answer.resolved.is_empty() && answer.appeared.is_empty(), "{answer:?}");

        assert_eq!(move_to(&mut store, &who, new, State::Passed, Some(State::Resubmitted)).unwrap(), Ok(State::Passed));
        let all = crate::review::ListQuery { per_page: 50, ..Default::default() };
        let counts = crate::review::round_counts(&store, &all).unwrap();
        assert_eq!((counts[&State::Passed], counts[&State::Returned]), (1, 0));
        let passed = crate::review::ListQuery { round: Some(State::Passed), ..all };
        assert_eq!(crate::review::list(&store, &passed).unwrap().1[0].id, new);

        // Every move is in the trail, in order.
        let moves: Vec<String> = crate::audit::entries(
            &store,
            &crate::audit::Filter { action: Some("round-state".into()), ..Default::default() },
        )
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.after.unwrap()["state"].as_str().unwrap().to_string())
        .collect();
        assert_eq!(moves, ["returned", "resubmitted", "passed"]);
    }

    #[test]
    fn reports_are_assigned_only_to_reviewers() {
        let (_dir, mut store) = store_of(&[year("青禾市审计局", 2024, 0, 0, 10)]);
        let admin = Actor { name: "管理员".into(), address: "test".into() };
        let password = "correct horse battery";
        for (name, role) in [("审核员乙", crate::accounts::Role::Reviewer), ("领导", crate::accounts::Role::Viewer)]
        {
            crate::accounts::add_user(&mut store, &admin, name, password, role, &Default::default()).unwrap().unwrap();
        }
        assert_eq!(
            assign(&mut store, &admin, &[1], Some("领导")).unwrap().unwrap_err().id,
            "store-assign-not-reviewer"
        );
        assert_eq!(assign(&mut store, &admin, &[1], Some("审核员乙")).unwrap(), Ok(1));
        assert_eq!(assign(&mut store, &admin, &[1], Some("审核员乙")).unwrap(), Ok(0), "no change, no record");
        assert_eq!(round(&store, 1).unwrap().unwrap().assignee.as_deref(), Some("审核员乙"));
        let mine = crate::review::ListQuery { mine: Some("审核员乙".into()), per_page: 50, ..Default::default() };
        assert_eq!(crate::review::list(&store, &mine).unwrap().0, 1);
        let theirs = crate::review::ListQuery { mine: Some("领导".into()), per_page: 50, ..Default::default() };
        assert_eq!(crate::review::list(&store, &theirs).unwrap().0, 0);
    }
}
