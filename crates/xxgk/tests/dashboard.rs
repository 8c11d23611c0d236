//! 统计 in the workspace: the overview, the charts' figures, the rankings and the roll-ups, over
//! a store with numbers planted in it — a roster with two units missing, one report late, one
//! region whose every application was withheld — found on the pages, and the same figures from
//! the API and from `xxgk stats`.

mod common;

use common::http::*;
use common::*;
use serde_json::Value;

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn json(server: &Server, path: &str) -> Value {
    let r = get(server, path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[test]
fn the_planted_numbers_are_on_the_pages() {
    let tmp = temp("dashboard");
    let dir = tmp.path();
    let db = dir.join("r.db");
    planted(&db, &dir);
    let server = serve(&db);

    // 总览: four expected by the roster, two missing and named, one late.
    let o = json(&server, "/api/overview?year=2024");
    let ov = &o["overview"];
    assert_eq!(
        (ov["expected"].as_i64(), ov["received"].as_i64(), ov["late"].as_i64()),
        (Some(4), Some(4), Some(1)),
        "{o}"
    );
    assert_eq!(ov["missing"], serde_json::json!(["青禾市民政局", "青禾市溪山区人民政府"]), "{o}");
    assert!(ov["codes"].as_array().unwrap().iter().any(|c| c["code"] == "LATE" && c["reports"] == 1), "{o}");
    let page = get(&server, "/overview?year=2024");
    assert_eq!(page.status, 200);
    for needle in [
        "应报单位",
        "data-card=\"expected\">4<",
        "data-card=\"late\" href=\"/reports?year=2024&amp;code=LATE\">1<",
        "青禾市民政局",
        "青禾市溪山区人民政府",
    ] {
        assert!(page.body.contains(needle), "{needle} not on the overview:\n{}", page.body);
    }
    assert!(
        !page.body.contains("<script>") && page.body.contains("id=\"chart-data\""),
        "charts from data, no inline script"
    );

    // 统计 by region: the made-up places are no division of the national list: at the top, all
    // of them are 未识别地区 (`null`), counted, not dropped.
    let top = json(&server, "/api/stats?by=region&year=2024");
    assert_eq!(
        top.as_array().unwrap().iter().map(|r| (r["group"].clone(), r["reports"].clone())).collect::<Vec<_>>(),
        [(Value::Null, serde_json::json!(4))],
        "{top}"
    );
    // The page draws its table of years; the others are drawn when opened.
    let stats = get(&server, "/stats?year=2024");
    assert!(stats.body.contains("data-src=\"/stats/table?by=region&amp;year=2024\""), "{}", stats.body);
    let stats = get(&server, "/stats/table?by=region&year=2024");
    assert!(stats.body.contains("/stats?year=2024&amp;region=unplaced\">未识别地区</a>"), "{}", stats.body);
    // Under it, 云川市 withheld everything, 青禾市 nothing.
    let regions = json(&server, "/api/stats?by=region&year=2024&region=unplaced");
    let share =
        |g: &str| regions.as_array().unwrap().iter().find(|r| r["group"] == g).map(|r| r["withheld_rate"].clone());
    assert_eq!(share("云川市"), Some(serde_json::json!(1.0)), "{regions}");
    assert_eq!(share("青禾市"), Some(serde_json::json!(0.0)), "{regions}");
    let stats = get(&server, "/stats/table?by=region&year=2024&region=unplaced");
    assert!(
        stats.body.contains("不予公开率")
            && stats.body.contains("/stats?year=2024&amp;region=%E4%BA%91%E5%B7%9D%E5%B8%82\">云川市</a>"),
        "{}",
        stats.body
    );
    // Down a level: the departments of 青禾市 are its own group.
    let down = json(&server, &format!("/api/stats?by=region&year=2024&region={}", enc("青禾市")));
    assert_eq!(
        down.as_array().unwrap().iter().map(|r| (r["group"].clone(), r["reports"].clone())).collect::<Vec<_>>(),
        [(serde_json::json!("青禾市"), serde_json::json!(3))]
    );

    // 排名 by the 不予公开 share: 云川市教育局 first at 100 %.
    let ranking = json(&server, "/api/ranking?by=withheld&year=2024");
    assert_eq!(ranking["rows"][0]["agency"], "云川市教育局", "{ranking}");
    assert_eq!(ranking["rows"][0]["withheld_rate"], 1.0);
    let page = get(&server, "/ranking?by=withheld&year=2024");
    let first = page.body.split("<tr data-report=").nth(1).unwrap_or("");
    assert!(first.contains("云川市教育局") && first.contains("100.0%"), "{}", page.body);
    let late = json(&server, "/api/ranking?by=lateness&year=2024");
    assert_eq!(
        (late["rows"][0]["agency"].as_str(), late["rows"][0]["days_late"].as_i64()),
        (Some("青禾市审计局"), Some(33)),
        "{late}"
    );

    // 汇总: 2 of 4 units present, the two missing named.
    let page = get(&server, "/rollup?year=2024");
    let shown = page.body.replace("&#x2f;", "/");
    assert!(shown.contains("2 / 4 个所属单位在库") && shown.contains("青禾市民政局、青禾市溪山区人民政府"), "{shown}");
    let gov = count(&db, "SELECT id FROM reports WHERE agency = '青禾市人民政府'");
    let one = json(&server, &format!("/api/rollup/{gov}"));
    assert_eq!((one["expected"].as_i64(), one["complete"].as_bool()), (Some(4), Some(false)), "{one}");
    // Government 5 granted, units 10: the difference is in template order, and can be explained.
    let cell = one["differ"][0]["cell"].as_str().unwrap().to_string();
    assert_eq!(cell, "table3.new_received.natural_person", "{one}");
    assert_eq!(one["differ"][0]["name"], "表三·一、本年新收政府信息公开申请数量·自然人");
    let refused = request(
        &server,
        "POST",
        &format!("/api/rollup/{gov}/explanations"),
        &[("content-type", "application/json")],
        &format!("{{\"cell\":\"{cell}\",\"reason\":\"x\",\"author\":\"审核员\"}}"),
    );
    assert_eq!(refused.status, 403, "no CSRF token, no change");
    let (cookie, token) = page_session(&get(&server, &format!("/rollup/{gov}")));
    let token = token.as_str();
    let body = format!("{{\"cell\":\"{cell}\",\"reason\":\"政府报告只含本级\",\"author\":\"审核员\"}}");
    let ok = request(
        &server,
        "POST",
        &format!("/api/rollup/{gov}/explanations"),
        &[("content-type", "application/json"), ("cookie", &cookie), ("x-csrf-token", token)],
        &body,
    );
    assert_eq!(ok.status, 201, "{}", ok.body);
    let page = get(&server, &format!("/rollup/{gov}"));
    assert!(page.body.contains("政府报告只含本级（审核员，"), "{}", page.body);
}

/// One implementation: the API returns exactly the rows `xxgk stats --format jsonl` prints,
/// by year, region and level, with and without a scope.
#[test]
fn the_api_and_the_command_line_give_the_same_figures() {
    let tmp = temp("dashboard-same");
    let dir = tmp.path();
    let db = dir.join("r.db");
    planted(&db, &dir);
    let server = serve(&db);
    for (by, scope) in [
        ("year", vec![]),
        ("region", vec![]),
        ("level", vec![]),
        ("region", vec!["--year", "2024", "--region", "青禾市"]),
        ("year", vec!["--level", "city"]),
    ] {
        let mut args = vec!["stats", "--db", s(&db), "--by", by, "--format", "jsonl"];
        args.extend(&scope);
        let cli: Vec<Value> = text(&xxgk(&args)).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let query: Vec<String> =
            scope.chunks(2).map(|kv| format!("{}={}", kv[0].trim_start_matches("--"), enc(kv[1]))).collect();
        let api = json(&server, &format!("/api/stats?by={by}&{}", query.join("&")));
        assert!(!cli.is_empty(), "{by} {scope:?}");
        assert_eq!(api, Value::Array(cli), "{by} {scope:?}");
    }
    assert_eq!(get(&server, "/api/stats?by=colour").status, 400);
    let csv = get(&server, "/data/stats.csv?by=year&keys=1");
    assert!(csv.body.starts_with("\u{feff}group,reports,applications"), "{}", csv.body);
    assert!(csv.body.contains("\n2024,4,"), "{}", csv.body);
}

/// The pages follow the store: a report ingested after a page was served is counted on the next.
#[test]
fn the_figures_follow_the_store() {
    let tmp = temp("dashboard-fresh");
    let dir = tmp.path();
    let db = dir.join("r.db");
    planted(&db, &dir);
    let server = serve(&db);
    let before = json(&server, "/api/overview?year=2024");
    assert_eq!(before["overview"]["received"], 4);
    let more = dir.join("more");
    std::fs::create_dir_all(&more).unwrap();
    write_md(&more.join("civil.md"), &year("青禾市民政局", 2024, 0, 0, 10, "2025-01-20"));
    assert!(xxgk(&["ingest", "--db", s(&db), s(&more)]).status.success());
    let after = json(&server, "/api/overview?year=2024");
    assert_eq!(after["overview"]["received"], 5, "{after}");
    assert_eq!(after["overview"]["missing"], serde_json::json!(["青禾市溪山区人民政府"]), "{after}");
}
