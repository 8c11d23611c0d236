//! The figures of a store with numbers planted in it — a roster with two units missing, one
//! report late, one region whose every application was withheld — as the statistics, the
//! overview, the rankings and the roll-ups compute them; and shares only over reports that
//! state every outcome.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::{json, Value};
use xxgk_core::TableId;
use xxgk_render::Form;
use xxgk_store::figures::{self, By, Figures, Rank, Scope};
use xxgk_store::rollup::{coverage, explain, explanations, import_roster, rollup};

fn load(fx: &Fixture) -> Figures {
    figures::load(&fx.read(), false).unwrap()
}

/// The statistics' rows as maps from column to value, by group.
fn stats(f: &Figures, by: By, scope: &Scope) -> BTreeMap<String, BTreeMap<String, Value>> {
    let (header, rows) = f.stats(by, scope);
    rows.into_iter()
        .map(|r| (r[0].as_str().unwrap_or_default().to_string(), header.iter().cloned().zip(r).collect()))
        .collect()
}

fn in_2024() -> Scope {
    Scope { year: Some(2024), ..Default::default() }
}

#[test]
fn the_overview_counts_the_roster_the_late_and_the_codes() {
    let fx = planted();
    let f = load(&fx);
    let rosters = coverage(&fx.read(), 2024, None).unwrap();
    assert_eq!(rosters.len(), 1);
    assert_eq!((rosters[0].government.as_str(), rosters[0].expected), ("青禾市人民政府", Some(4)));
    let o = f.overview(&in_2024(), &rosters);
    assert_eq!((o.expected, o.received, o.late), (Some(4), 4, 1));
    assert_eq!(o.missing, ["青禾市民政局", "青禾市溪山区人民政府"]);
    let late = o.codes.iter().find(|c| c.code == "LATE").unwrap();
    assert_eq!((late.findings, late.reports), (1, 1));
    assert_eq!(f.within(&in_2024()).count(), 4);
    assert_eq!(f.within(&Scope::default()).count(), 5);
}

#[test]
fn statistics_by_year_region_and_level() {
    let fx = planted();
    let f = load(&fx);
    let by_year = stats(&f, By::Year, &Scope::default());
    assert_eq!(by_year.keys().collect::<Vec<_>>(), ["2023", "2024"]);
    let y = &by_year["2024"];
    assert_eq!(
        (&y["reports"], &y["applications"], &y["granted"], &y["withheld"]),
        (&json!(4), &json!(20), &json!(15), &json!(5))
    );
    assert_eq!((&y["rate_reports"], &y["withheld_rate"], &y["grant_rate"]), (&json!(4), &json!(0.25), &json!(0.75)));
    // By region: made-up places sit under 未识别地区; in it, 云川市 withheld everything, 青禾市
    // nothing.
    let unplaced = xxgk_core::place::Place::parse(xxgk_core::place::UNPLACED);
    let regions = stats(&f, By::Region, &Scope { region: unplaced, ..in_2024() });
    assert_eq!(regions["云川市"]["withheld_rate"], json!(1.0));
    assert_eq!(regions["青禾市"]["withheld_rate"], json!(0.0));
    // Down a level: the departments of 青禾市 are its own group.
    let down = stats(&f, By::Region, &Scope { region: xxgk_core::place::Place::parse("青禾市"), ..in_2024() });
    assert_eq!(
        down.iter().map(|(g, r)| (g.as_str(), r["reports"].clone())).collect::<Vec<_>>(),
        [("青禾市", json!(3))]
    );
    let levels = stats(&f, By::Level, &in_2024());
    assert_eq!(levels.values().map(|r| r["reports"].as_i64().unwrap()).sum::<i64>(), 4);
    // The figures follow the store: a report ingested later is counted on the next load.
    fx.write("civil.md", &year("青禾市民政局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    fx.ingest_docs();
    let again = load(&fx);
    let o = again.overview(&in_2024(), &coverage(&fx.read(), 2024, None).unwrap());
    assert_eq!((o.received, o.missing.clone()), (5, vec!["青禾市溪山区人民政府".to_string()]));
}

#[test]
fn rankings_put_the_planted_reports_first() {
    let fx = planted();
    let f = load(&fx);
    let withheld = f.ranking(Rank::Withheld, &in_2024(), 10);
    let rows = withheld.rows;
    assert_eq!(withheld.ranked, 4);
    assert_eq!((rows[0].place, rows[0].agency.as_deref(), rows[0].withheld_rate), (1, Some("云川市教育局"), Some(1.0)));
    let late = f.ranking(Rank::Lateness, &in_2024(), 10).rows;
    assert!(late.iter().all(|r| r.days_late.is_some_and(|d| d >= 0)), "on time is 0, never negative: {late:?}");
    assert!(late.iter().any(|r| r.days_late == Some(0)), "the planted year has reports on time: {late:?}");
    assert_eq!((late[0].agency.as_deref(), late[0].days_late), (Some("青禾市审计局"), Some(33)));
    assert_eq!(Rank::from_key(Rank::Withheld.key()), Some(Rank::Withheld));
    assert_eq!(Rank::from_key("colour"), None);
}

#[test]
fn a_rollup_knows_its_coverage_and_its_explanations() {
    let fx = planted();
    let all = rollup(&fx.read(), Some(2024), None).unwrap();
    assert_eq!(all.len(), 1);
    let r = &all[0];
    assert_eq!(r.members.government.agency.as_deref(), Some("青禾市人民政府"));
    assert_eq!((r.members.expected, r.members.units.len(), r.members.complete()), (Some(4), 2, false));
    assert_eq!(r.members.missing, ["青禾市民政局", "青禾市溪山区人民政府"]);
    // Government 5 granted, units 10: the difference in template order, and explained.
    let first = &r.differ[0];
    assert_eq!(
        (first.cell.as_str(), first.government, first.units),
        ("table3.new_received.natural_person", Some(5), Some(10))
    );
    let gov = r.members.government.id;
    let mut store = fx.open();
    assert!(explain(&mut store, &by("审核员"), gov, "table9.x.y", "x").unwrap().is_err(), "not a cell of the template");
    assert!(explain(&mut store, &by("审核员"), 999_999, &first.cell, "x").unwrap().is_err(), "no such report");
    explain(&mut store, &by("审核员"), gov, &first.cell, "政府报告只含本级").unwrap().unwrap();
    drop(store);
    let e = explanations(&fx.read(), gov).unwrap();
    assert_eq!((e[&first.cell].reason.as_str(), e[&first.cell].author.as_str()), ("政府报告只含本级", "审核员"));
}

#[test]
fn a_rollup_flags_differences_only_over_a_complete_roster() {
    let fx = Fixture::new();
    let mut gov = year("青禾市人民政府", 2024, 0, 0, 10, "2025-03-01");
    set(&mut gov, TableId::Table3, "new_received", &[10, 0, 0, 0, 0, 0, 10]);
    set(&mut gov, TableId::Table4, "review", &[3, 0, 0, 0, 3]);
    fx.write("gov.md", &gov, Form::Md);
    fx.write("edu.md", &year("青禾市教育局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    fx.ingest_docs();
    let only = |fx: &Fixture| rollup(&fx.read(), None, None).unwrap().remove(0);
    let r = only(&fx);
    assert_eq!((r.members.expected, r.members.units.len(), r.members.complete()), (None, 1, false), "no roster");
    let roster =
        "政府,单位\n青禾市人民政府,青禾市教育局\n青禾市人民政府,青禾市审计局\n青禾市人民政府,青禾市溪山区人民政府\n";
    assert_eq!(import_roster(&mut fx.open(), &by("审核员"), roster.as_bytes()).unwrap(), Ok(3));
    let r = only(&fx);
    assert_eq!(
        (r.members.expected, r.members.missing.clone()),
        (Some(3), vec!["青禾市审计局".to_string(), "青禾市溪山区人民政府".to_string()])
    );
    fx.write("audit.md", &year("青禾市审计局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    let mut district = year("青禾市溪山区人民政府", 2024, 0, 0, 10, "2025-03-01");
    set(&mut district, TableId::Table4, "review", &[3, 0, 0, 0, 3]);
    fx.write("district.md", &district, Form::Md);
    fx.ingest_docs();
    let r = only(&fx);
    assert!(r.members.complete());
    assert_eq!(r.members.units.len(), 3);
    // Units: 3 × 5 received, 3 × 5 granted; the government says 10 received, 5 granted; 表四's
    // reviews add up (3 = 3).
    let differ: Vec<(&str, Option<i128>, Option<i128>)> =
        r.differ.iter().map(|c| (c.cell.as_str(), c.government, c.units)).collect();
    assert_eq!(
        differ,
        [
            ("table3.new_received.natural_person", Some(10), Some(15)),
            ("table3.new_received.total", Some(10), Some(15)),
            ("table3.granted.natural_person", Some(5), Some(15)),
            ("table3.granted.total", Some(5), Some(15)),
            ("table3.total_processed.natural_person", Some(5), Some(15)),
            ("table3.total_processed.total", Some(5), Some(15)),
        ]
    );
    // A roster that is not a roster is refused.
    assert!(import_roster(&mut fx.open(), &by("审核员"), "政府\n".as_bytes()).unwrap().is_err());
}

#[test]
fn shares_never_count_a_table_cut_off() {
    let fx = Fixture::new();
    let mut full = year("青禾市审计局", 2021, 0, 0, 10, "2022-01-20");
    set(&mut full, TableId::Table3, "withheld_state_secret", &[1, 0, 0, 0, 0, 0, 1]);
    set(&mut full, TableId::Table3, "granted", &[4, 0, 0, 0, 0, 0, 4]);
    fx.write("full.md", &full, Form::Md);
    // The sample cut off inside 不予公开: its withheld rows, no （七）总计.
    std::fs::copy(examples().join("h-truncated-2019-on-2021.md"), fx.docs.join("cut.md")).unwrap();
    fx.ingest_docs();
    let row = &stats(&load(&fx), By::Year, &Scope::default())["2021"];
    assert_eq!((&row["reports"], &row["rate_reports"]), (&json!(2), &json!(1)));
    assert_eq!(row["withheld_rate"], json!(0.2), "1 of 5, from the complete report alone: {row:?}");
    assert_eq!(row["grant_rate"], json!(0.8));
    assert_eq!(figures::column_name("withheld_rate", xxgk_core::Lang::default()), "不予公开率");
}
