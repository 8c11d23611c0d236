//! What a reviewer does with a store: the findings of a report as published and with the
//! corrected values checked again, corrections and decisions (the latest wins, kept by the
//! report's content so that they survive a re-parse), and the report list with its filters.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::json;
use xxgk_core::Severity;
use xxgk_render::synth::{sample, Options};
use xxgk_render::Form;
use xxgk_store::manifest::Manifest;
use xxgk_store::query::{corrections, load_report};
use xxgk_store::review::{
    decide, decisions, list, report_findings, review, standing, Filter, ListQuery, Listed, NotDecided, ReviewStatus,
    Sort,
};
use xxgk_store::{correct, Correction, Store};

/// Every finding of report `id` as `code|cells`, in order.
fn found(fx: &Fixture, id: i64, corrected: bool) -> Vec<String> {
    report_findings(&fx.read(), id, corrected)
        .unwrap()
        .iter()
        .map(|f| format!("{}|{}", f.code, f.cells.join(",")))
        .collect()
}

fn fix<'a>(report: i64, cell: &'a str, value: Option<&'a str>) -> Correction<'a> {
    Correction { report, cell, value, reason: "合计笔误", seen: None }
}

/// The value of `table4.review.<col>` of report `id` as stored.
fn review_cell(fx: &Fixture, id: i64, col: &str) -> Option<String> {
    let rows = fx.rows(&format!("SELECT exact FROM report_values WHERE report_id = {id} AND tbl = 'table4' AND row = 'review' AND col = '{col}'"));
    rows[0][0].as_str().map(str::to_string)
}

#[test]
fn a_correction_is_checked_again_at_once_and_never_overwrites_the_published_value() {
    let fx = Fixture::new();
    fx.sample("g-inconsistent-utf16.txt");
    fx.sample("b-word-tsv.txt");
    fx.ingest_docs();
    let (wrong, clean) = (fx.id("g-inconsistent-utf16.txt"), fx.id("b-word-tsv.txt"));
    // No corrections: both views agree finding for finding.
    for id in [wrong, clean] {
        assert_eq!(found(&fx, id, true), found(&fx, id, false));
    }
    assert!(found(&fx, wrong, false).iter().any(|f| f.starts_with("T4-SUM|")), "{:?}", found(&fx, wrong, false));
    assert!(!found(&fx, clean, false).iter().any(|f| f.starts_with("T4-SUM")));

    // The right total is the sum of the four outcomes.
    let parts: i64 = ["upheld", "corrected", "other", "pending"]
        .iter()
        .map(|c| review_cell(&fx, wrong, c).unwrap().parse::<i64>().unwrap())
        .sum();
    let published = review_cell(&fx, wrong, "total").unwrap();
    assert_ne!(published, parts.to_string());
    let right = parts.to_string();
    // A first, wrong correction, then the right one: the latest wins.
    let mut store = fx.open();
    correct(&mut store, &by("审核员"), &fix(wrong, "table4.review.total", Some("999"))).unwrap().unwrap();
    correct(&mut store, &by("审核员"), &fix(wrong, "table4.review.total", Some(right.as_str()))).unwrap().unwrap();
    drop(store);
    assert!(!found(&fx, wrong, true).iter().any(|f| f.starts_with("T4-SUM")), "{:?}", found(&fx, wrong, true));
    assert!(found(&fx, wrong, false).iter().any(|f| f.starts_with("T4-SUM")), "the published view keeps it");
    // Only the T4-SUM went: every other finding is as published.
    let others =
        |corrected| found(&fx, wrong, corrected).into_iter().filter(|f| !f.starts_with("T4-SUM")).collect::<Vec<_>>();
    assert_eq!(others(true), others(false));
    assert_eq!(review_cell(&fx, wrong, "total"), Some(published), "the published value stays");
    let history = corrections(&fx.read(), wrong).unwrap();
    assert_eq!(
        history.iter().map(|c| (c.cell.as_str(), c.value.as_deref())).collect::<Vec<_>>(),
        [("table4.review.total", Some("999")), ("table4.review.total", Some(right.as_str()))]
    );
    assert_eq!((history[1].reason.as_str(), history[1].author.as_str()), ("合计笔误", "审核员"));
    let rebuilt = load_report(&fx.read(), wrong, true).unwrap().unwrap();
    let total = rebuilt.cells().find(|(_, cell, _)| cell == "table4.review.total").and_then(|(.., v)| v).unwrap();
    assert_eq!(total.to_string(), right);

    // A wrong correction of a clean report: its T4-SUM appears in the corrected view only.
    correct(&mut fx.open(), &by("审核员"), &fix(clean, "table4.review.total", Some("999"))).unwrap().unwrap();
    let sums: Vec<String> = found(&fx, clean, true).into_iter().filter(|f| f.starts_with("T4-SUM")).collect();
    assert_eq!(sums.len(), 1, "{sums:?}");
    assert!(sums[0].contains("table4.review.total"), "{sums:?}");
    assert!(!found(&fx, clean, false).iter().any(|f| f.starts_with("T4-SUM")));
    // A blank is a correction too.
    correct(&mut fx.open(), &by("审核员"), &fix(clean, "table4.review.upheld", None)).unwrap().unwrap();
    assert_eq!(corrections(&fx.read(), clean).unwrap().last().unwrap().value, None);

    // Refused: a cell the report does not have, a cell not written table.row.column, a value
    // that is no number, a report that does not exist; nothing is recorded.
    let mut store = fx.open();
    let refusals = [
        (fix(wrong, "table9.x.y", Some("1")), "store-no-cell"),
        (fix(wrong, "table3", Some("1")), "store-cell-form"),
        (fix(wrong, "table4.review.total", Some("many")), "store-not-a-number"),
        (fix(999_999, "table4.review.total", Some("1")), "store-no-report"),
    ];
    for (c, why) in refusals {
        let refused = correct(&mut store, &by("审核员"), &c).unwrap();
        assert_eq!(refused.as_ref().err().map(|m| m.id.as_str()), Some(why), "{c:?}: {refused:?}");
    }
    drop(store);
    assert_eq!(corrections(&fx.read(), wrong).unwrap().len(), 2);
}

/// The manifest that gives `path` a publication date: the file is stored again.
fn dated(path: &std::path::Path) -> Manifest {
    Manifest::parse(&format!("path,published\n{},2024-01-15\n", path.display()), "m.csv", std::path::Path::new("/"))
        .unwrap()
}

#[test]
fn decisions_are_kept_by_content_and_survive_a_reparse() {
    let fx = Fixture::new();
    let g = fx.sample("g-inconsistent-utf16.txt");
    fx.sample("b-word-tsv.txt");
    fx.ingest_docs();
    let id = fx.id("g-inconsistent-utf16.txt");
    let findings = report_findings(&fx.read(), id, false).unwrap();
    let of = |code: &str| findings.iter().find(|f| f.code == code).unwrap();
    let (t4, flow) = (of("T4-SUM"), of("T3-FLOW"));
    let (t4_id, flow_id) = (t4.id.unwrap(), flow.id.unwrap());
    let mut store = fx.open();
    // Refused: no such state, a dismissal without a reason, no such finding.
    assert!(decide_now(&mut store, "张三", t4_id, "maybe", "").is_err());
    assert!(decide_now(&mut store, "张三", flow_id, "dismissed", " ").is_err());
    assert!(decide_now(&mut store, "张三", 999_999, "confirmed", "").is_err());
    // Dismissed, then confirmed: the latest stands.
    decide_now(&mut store, "张三", t4_id, "dismissed", "先判为不是问题").unwrap();
    decide_now(&mut store, "张三", t4_id, "confirmed", "").unwrap();
    decide_now(&mut store, "李四", flow_id, "dismissed", "上年结转口径不同").unwrap();
    drop(store);
    // The state that stands per finding (by fingerprint), sorted.
    let state = |id: i64| -> Vec<(String, String)> {
        let mut latest: Vec<(String, String)> = Vec::new();
        for d in decisions(&fx.read(), id).unwrap() {
            latest.retain(|(f, _)| *f != d.fingerprint);
            latest.push((d.fingerprint, d.state));
        }
        latest.sort();
        latest
    };
    let mut want = vec![(flow.fingerprint(), "dismissed".to_string()), (t4.fingerprint(), "confirmed".to_string())];
    want.sort();
    assert_eq!(state(id), want);
    assert_eq!(decisions(&fx.read(), id).unwrap()[2].reason, "上年结转口径不同");
    let listed = |q: ListQuery| -> Vec<Listed> { list(&fx.read(), &ListQuery { per_page: 50, ..q }).unwrap().1 };
    let mine = listed(ListQuery { code: Some("T4-SUM".into()), organ: Some("松岭".into()), ..Default::default() });
    assert_eq!(mine.iter().map(|r| (r.id, r.decided)).collect::<Vec<_>>(), [(id, 2)]);

    // Review status: every current report is to review, reviewed or clean; this one moves from
    // the first to the second once all its warnings and errors are decided.
    let ids = |status: &str| -> Vec<i64> {
        listed(ListQuery { status: ReviewStatus::filter(status), ..Default::default() }).iter().map(|r| r.id).collect()
    };
    let total = fx.count("SELECT count(*) FROM reports WHERE current = 1") as usize;
    assert_eq!(ids("todo").len() + ids("done").len() + ids("clean").len(), total);
    assert!(ids("todo").contains(&id) && !ids("done").contains(&id));
    assert_eq!(ids("clean"), [fx.id("b-word-tsv.txt")]);
    let mut store = fx.open();
    let decided: Vec<String> = state(id).into_iter().map(|(f, _)| f).collect();
    for f in report_findings(&fx.read(), id, false)
        .unwrap()
        .iter()
        .filter(|f| f.severity != Severity::Info && !decided.contains(&f.fingerprint()))
    {
        decide_now(&mut store, "张三", f.id.unwrap(), "confirmed", "").unwrap();
    }
    drop(store);
    assert_eq!((ids("todo"), ids("done")), (vec![], vec![id]), "every finding decided");
    let before = state(id);
    assert!(before.len() > want.len() && want.iter().all(|w| before.contains(w)), "{before:?}");

    // The file stored again (a manifest gives it a date): new rows, the same decisions.
    let canonical = std::fs::canonicalize(&g).unwrap();
    let tally = fx.ingest_with(&[g.clone()], &dated(&canonical));
    assert_eq!(counts(tally), (1, 1, 0, 0));
    // Stored again (its row may take the freed id): the manifest's date shows it.
    let again = fx.id("g-inconsistent-utf16.txt");
    assert_eq!(fx.rows(&format!("SELECT published FROM reports WHERE id = {again}")), [[json!("2024-01-15")]]);
    assert_eq!(state(again), before);
    assert_eq!(ids("done"), [again]);
}

#[test]
fn a_correction_survives_a_reparse_of_the_same_content() {
    let fx = Fixture::new();
    let g = fx.sample("g-inconsistent-utf16.txt");
    fx.ingest_docs();
    let id = fx.id("g-inconsistent-utf16.txt");
    correct(&mut fx.open(), &by("审核员"), &fix(id, "table4.review.total", Some("3"))).unwrap().unwrap();
    fx.ingest_with(&[g.clone()], &dated(&std::fs::canonicalize(&g).unwrap()));
    let again = fx.id("g-inconsistent-utf16.txt");
    assert_eq!(fx.rows(&format!("SELECT published FROM reports WHERE id = {again}")), [[json!("2024-01-15")]]);
    assert_eq!(
        corrections(&fx.read(), again).unwrap().iter().map(|c| c.value.clone()).collect::<Vec<_>>(),
        [Some("3".to_string())]
    );
    assert!(!found(&fx, again, true).iter().any(|f| f.starts_with("T4-SUM")), "{:?}", found(&fx, again, true));
    assert_eq!(found(&fx, again, true).iter().filter(|f| f.starts_with("T3-FLOW")).count(), 2);
}

/// The bundled samples, their expected outputs aside.
fn example_files() -> Vec<PathBuf> {
    files_in(&examples()).into_iter().filter(|p| !p.to_string_lossy().ends_with(".expected.json")).collect()
}

#[test]
fn the_list_and_the_review_filter_select_what_they_say() {
    let fx = Fixture::new();
    fx.ingest(&example_files());
    let q = |q: ListQuery| list(&fx.read(), &ListQuery { per_page: 50, ..q }).unwrap();
    let current = fx.count("SELECT count(*) FROM reports WHERE current = 1");
    let (total, all) = q(ListQuery::default());
    assert_eq!(total, current);
    assert_eq!(all.len() as i64, current);
    let with = |sql: &str| {
        fx.count(&format!("SELECT count(DISTINCT r.id) FROM reports r JOIN findings f ON f.report_id = r.id WHERE r.current = 1 AND {sql}"))
    };
    assert_eq!(q(ListQuery { severity: Some(Severity::Error), ..Default::default() }).0, with("f.severity = 'error'"));
    let (t4, rows) = q(ListQuery { code: Some("T4-SUM".into()), ..Default::default() });
    assert_eq!(t4, 2, "the text and the PDF sample with a 表四 error");
    assert_eq!(t4, with("f.code = 'T4-SUM'"));
    assert!(rows.iter().all(|r| r.errors > 0));
    let (n, rows) = q(ListQuery { year: Some(2021), ..Default::default() });
    assert!(n > 0 && rows.iter().all(|r| r.year == Some(2021)), "{rows:?}");
    let (n, rows) = q(ListQuery { template: Some("2019".into()), ..Default::default() });
    assert!(n > 0 && rows.iter().all(|r| r.template == "2019"), "{rows:?}");
    // Text search of the prose, by trigrams.
    assert!(q(ListQuery { text: Some("信息处理费".into()), ..Default::default() }).0 > 0);
    assert_eq!(q(ListQuery { text: Some("没有这样的句子出现".into()), ..Default::default() }).0, 0);
    // One or two characters, which trigrams cannot look up, by a scan: as many as contain them.
    let with_text = |t: &str| {
        fx.count(&format!("SELECT count(*) FROM reports WHERE current = 1 AND id IN (SELECT rowid FROM prose WHERE instr(text, '{t}') > 0)"))
    };
    for short in ["公开", "费", "%", "_"] {
        assert_eq!(q(ListQuery { text: Some(short.into()), ..Default::default() }).0, with_text(short), "{short}");
    }
    assert!(q(ListQuery { text: Some("公开".into()), ..Default::default() }).0 > 0);
    // A NUL in the words is no error.
    assert!(q(ListQuery { text: Some("信息\0处理费".into()), ..Default::default() }).0 > 0);
    // Sorted views keep their order.
    let errors: Vec<i64> =
        q(ListQuery { sort: Sort::ErrorsDesc, ..Default::default() }).1.iter().map(|r| r.errors).collect();
    assert!(errors.windows(2).all(|w| w[0] >= w[1]) && errors[0] > 0, "{errors:?}");
    let years: Vec<i64> =
        q(ListQuery { sort: Sort::YearDesc, ..Default::default() }).1.iter().filter_map(|r| r.year).collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");

    // `check --db`'s filters: severity, codes, organ, year.
    let reviewed = |f: Filter| review(&fx.read(), &f, false).unwrap();
    let every = reviewed(Filter::default());
    let errors = reviewed(Filter { severity: Some(Severity::Error), ..Default::default() });
    let count_of = |rs: &[xxgk_store::review::Reviewed], s: Severity| {
        rs.iter().flat_map(|r| &r.findings).filter(|f| f.severity == s).count()
    };
    assert_eq!(count_of(&errors, Severity::Warning), 0);
    assert_eq!(count_of(&errors, Severity::Error), count_of(&every, Severity::Error));
    let two = reviewed(Filter { codes: vec!["T4-SUM".into(), "ROW-MISSING".into()], ..Default::default() });
    let mut kinds: Vec<&str> = two.iter().flat_map(|r| &r.findings).map(|f| f.code.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, ["ROW-MISSING", "T4-SUM"]);
    let organ = reviewed(Filter { organ: Some("松岭县".into()), ..Default::default() });
    assert!(
        !organ.is_empty() && organ.iter().all(|r| r.report.agency.as_deref().is_some_and(|a| a.contains("松岭县")))
    );
    let y2021 = reviewed(Filter { year: Some(2021), ..Default::default() });
    assert!(
        y2021.iter().any(|r| r.report.agency.as_deref() == Some("青禾市溪山区民政局"))
            && y2021.iter().all(|r| r.report.year == Some(2021))
    );
    // ruff's --statistics: T3-FLOW twice, in one report.
    let stats = xxgk_store::review::statistics(&every);
    let flow = stats.iter().find(|c| c.code == "T3-FLOW").unwrap();
    assert_eq!((flow.findings, flow.reports, flow.severity), (2, 1, Severity::Error));
}

#[test]
fn pages_of_the_list_are_disjoint_and_cover_it_in_every_sort() {
    let fx = Fixture::new();
    let opts = Options { seed: 3, forms: vec![Form::Tsv], inconsistent: 0.5, damage: 0.0 };
    for i in 0..130 {
        let s = sample(&opts, i);
        std::fs::write(fx.docs.join(s.file_name()), &s.bytes).unwrap();
    }
    fx.ingest_docs();
    for sort in [Sort::Organ, Sort::YearDesc, Sort::ErrorsDesc] {
        let mut seen = Vec::new();
        let mut total = 0;
        for page in 0..4 {
            let (t, rows) = list(&fx.read(), &ListQuery { sort, page, per_page: 50, ..Default::default() }).unwrap();
            total = t;
            seen.extend(rows.iter().map(|r| r.id));
        }
        assert!(total > 100, "{total}");
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!((seen.len() as i64, unique.len() as i64), (total, total), "{sort:?}");
        let every = xxgk_store::review::list_all(&fx.read(), &ListQuery { sort, ..Default::default() }).unwrap();
        assert_eq!(every.iter().map(|r| r.id).collect::<Vec<_>>(), seen, "{sort:?}: all pages at once");
    }
}

/// A decision belongs to one finding, even among findings that name no cell; a reviewer
/// deciding on what another changed meanwhile is told so, and nothing is overwritten; the same
/// decision sent twice is recorded once; each decision is in the audit trail.
#[test]
fn a_decision_is_one_findings_and_never_overwrites_another_unseen() {
    let fx = Fixture::new();
    // Parts 四 and 五 missing: two SECTION-MISSING findings, neither naming a cell.
    let text = "青禾市审计局2023年政府信息公开工作年度报告\n一、总体情况\n本机关依法公开政府信息。\n二、主动公开政府信息情况\n\
                本年主动公开信息20条。\n三、收到和处理政府信息公开申请情况\n本年新收申请3件。\n六、其他需要报告的事项\n无。\n";
    std::fs::write(fx.docs.join("two-missing.txt"), text).unwrap();
    fx.ingest_docs();
    let id = fx.id("two-missing.txt");
    let findings = report_findings(&fx.read(), id, false).unwrap();
    let missing: Vec<i64> = findings.iter().filter(|f| f.code == "SECTION-MISSING").map(|f| f.id.unwrap()).collect();
    assert_eq!(missing.len(), 2);
    let mut store = fx.open();
    decide_now(&mut store, "张三", missing[0], "dismissed", "第四部分写在第三部分中").unwrap();
    let state = |store: &Store, f: i64| standing(store, f).unwrap().map(|d| d.state);
    assert_eq!(state(&store, missing[0]).as_deref(), Some("dismissed"));
    assert_eq!(state(&store, missing[1]), None, "the other missing part is still to decide");

    // Two pages read the other finding undecided; the first to decide wins, the second is told.
    let first = decide(&mut store, &by("张三"), missing[1], "confirmed", "", None).unwrap().unwrap();
    let late = decide(&mut store, &by("李四"), missing[1], "dismissed", "已补充", None).unwrap();
    let Err(NotDecided::Stale(standing_now)) = late else { panic!("{late:?}") };
    assert_eq!(
        (standing_now.id, standing_now.author.as_str(), standing_now.state.as_str()),
        (first, "张三", "confirmed")
    );
    // Sent again, the same decision is the one recorded.
    assert_eq!(decide(&mut store, &by("张三"), missing[1], "confirmed", "", None).unwrap(), Ok(first));
    // Having seen it, 李四 decides again.
    decide(&mut store, &by("李四"), missing[1], "dismissed", "已补充", Some(first)).unwrap().unwrap();
    assert_eq!(decisions(&store, id).unwrap().len(), 3);
    let trail = xxgk_store::audit::entries(&store, &Default::default()).unwrap();
    let decided: Vec<(&str, &str)> =
        trail.iter().rev().filter(|e| e.action == "decision").map(|e| (e.actor.as_str(), e.target.as_str())).collect();
    let (a, b) = (missing[0].to_string(), missing[1].to_string());
    assert_eq!(decided, [("张三", a.as_str()), ("张三", b.as_str()), ("李四", b.as_str())]);
}
