//! One organ across years: its names linked, the checks across its reports (CARRY-OVER,
//! IN-FORCE-CHAIN, COPIED-TEXT, LATE) on the later report, split and merged by a reviewer, and
//! its years side by side.

mod common;

use common::*;
use xxgk_core::Lang;
use xxgk_render::Form;
use xxgk_store::review::{organ_years, report_findings};
use xxgk_store::{find_organ, merge_organs, organs, split_organ, Named};

/// The checks across years on report `id`, as `code|cells`, sorted.
fn across(fx: &Fixture, id: i64) -> Vec<String> {
    let mut v: Vec<String> = report_findings(&fx.read(), id, false)
        .unwrap()
        .into_iter()
        .filter(|f| f.scope == "organ")
        .map(|f| format!("{}|{}", f.code, f.cells.join(",")))
        .collect();
    v.sort();
    v
}

#[test]
fn one_organ_across_years_carry_over_in_force_copies_and_deadlines() {
    let fx = Fixture::new();
    // 2023 carries 3 forward; 2024 says it carried 2 over, claims 9 in force where 10 − 1 + 2 = 11,
    // is published after 31 January, and repeats 2023's text; signed with its province.
    fx.write("2023.html", &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Html);
    fx.write("2024.docx", &year("江岭省青禾市审计局", 2024, 2, 0, 9, "2025-03-02"), Form::Docx);
    assert_eq!(counts(fx.ingest_docs()), (2, 2, 0, 0));
    let all = organs(&fx.read(), None).unwrap();
    assert_eq!(all.len(), 1, "both names are one organ: {all:?}");
    assert_eq!(all[0].years, [2023, 2024]);
    let mut names = all[0].names.clone();
    names.sort();
    assert_eq!(names, ["江岭省青禾市审计局", "青禾市审计局"]);
    let (early, late) = (fx.id("2023.html"), fx.id("2024.docx"));
    assert!(across(&fx, early).is_empty(), "{:?}", across(&fx, early));
    let found = across(&fx, late);
    let kinds: Vec<&str> = found.iter().map(|f| f.split('|').next().unwrap()).collect();
    assert_eq!(kinds, ["CARRY-OVER", "CARRY-OVER", "COPIED-TEXT", "IN-FORCE-CHAIN", "LATE"], "{found:?}");
    assert!(
        found.contains(&"CARRY-OVER|table3.carried_over.total,2023:table3.carried_forward.total".to_string()),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("IN-FORCE-CHAIN|") && f.contains("table2.normative_documents.in_force")),
        "{found:?}"
    );
    let late_msg = report_findings(&fx.read(), late, false).unwrap().into_iter().find(|f| f.code == "LATE").unwrap();
    assert!(late_msg.message(Lang::from_code("en").unwrap()).contains("2025-01-31"), "{:?}", late_msg.args);

    // The years side by side: the values that changed, and the checks of each year.
    let organ = all[0].id;
    let years = organ_years(&fx.read(), organ, Lang::default()).unwrap();
    assert_eq!(years.iter().map(|y| (y.report, y.year)).collect::<Vec<_>>(), [(early, 2023), (late, 2024)]);
    let in_force = |i: usize| years[i].values["table2.normative_documents.in_force"].clone();
    assert_eq!((in_force(0), in_force(1)), (Some("10".to_string()), Some("9".to_string())));
    assert_eq!(years[1].values["table3.carried_over.total"], Some("2".to_string()));
    assert_eq!(years[0].values["table3.carried_forward.total"], Some("3".to_string()));
    assert_eq!(years[1].across.iter().filter(|(c, _)| c == "CARRY-OVER").count(), 2);

    // Splitting the province-signed name off removes the cross-year findings; merging brings them back.
    let apart = split_organ(&mut fx.open(), &by("审核员"), "江岭省青禾市审计局").unwrap().unwrap();
    assert_ne!(apart, organ);
    assert_eq!(organs(&fx.read(), None).unwrap().len(), 2);
    assert_eq!(across(&fx, late), ["LATE|published"], "a deadline needs no other year");
    assert_eq!(split_organ(&mut fx.open(), &by("审核员"), "没有这个机关").unwrap(), None);
    assert_eq!(find_organ(&fx.read(), "江岭省青禾市审计局").unwrap(), Named::One(apart));
    assert!(matches!(find_organ(&fx.read(), "审计局").unwrap(), Named::Several(s) if s.len() == 2));
    assert_eq!(find_organ(&fx.read(), "统计局").unwrap(), Named::None);
    merge_organs(&mut fx.open(), &by("审核员"), organ, apart).unwrap().unwrap();
    assert_eq!(across(&fx, late), found);
    assert_eq!(find_organ(&fx.read(), "江岭省青禾市审计局").unwrap(), Named::One(organ));
}

#[test]
fn merging_refuses_what_cannot_be_merged() {
    let fx = Fixture::new();
    fx.write("a.md", &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    fx.write("b.md", &year("青禾审计", 2024, 2, 0, 11, "2025-01-20"), Form::Md);
    fx.ingest_docs();
    let all = organs(&fx.read(), None).unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    let Named::One(a) = find_organ(&fx.read(), "青禾市审计局").unwrap() else {
        panic!("青禾市审计局 not found")
    };
    let Named::One(b) = find_organ(&fx.read(), "青禾审计").unwrap() else { panic!("青禾审计 not found") };
    let mut store = fx.open();
    assert!(merge_organs(&mut store, &by("审核员"), a, 999).unwrap().is_err(), "no organ 999");
    assert!(merge_organs(&mut store, &by("审核员"), a, a).unwrap().is_err(), "not into itself");
    assert_eq!(organs(&fx.read(), None).unwrap().len(), 2, "nothing changed");
    merge_organs(&mut store, &by("审核员"), a, b).unwrap().unwrap();
    drop(store);
    assert_eq!(organs(&fx.read(), None).unwrap().len(), 1);
    assert!(across(&fx, fx.id("b.md")).iter().any(|f| f.starts_with("CARRY-OVER|")));
}
