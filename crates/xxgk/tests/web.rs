//! The web workspace as a browser uses it: `xxgk serve` on a loopback port, spoken to over
//! HTTP. Pages and the API answer from the same store functions, so they must agree.

mod common;

use common::http::*;
use common::*;
use serde_json::Value;

/// A store of the samples, in a folder that lives as long as the first value.
fn store_of_examples(tag: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = temp(tag);
    let db = dir.path().join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&examples())]);
    (dir, db)
}

#[test]
fn pages_and_the_api_list_the_same_reports_with_strict_headers() {
    let (_dir, db) = store_of_examples("web-list");
    let server = serve(&db);
    let api = get(&server, "/api/reports");
    assert_eq!(api.status, 200, "{}", api.body);
    let v: Value = serde_json::from_str(&api.body).unwrap();
    let current = count(&db, "SELECT count(*) FROM reports WHERE current = 1");
    assert_eq!(v["total"], current);
    let page = get(&server, "/reports");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-security-policy")
        .is_some_and(|c| c.contains("script-src 'self'") && !c.contains("unsafe-inline")));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(
        !page.body.contains("<script>") && page.body.contains("<script src=\"/static/app.js\" defer>"),
        "no inline script"
    );
    for r in v["reports"].as_array().unwrap() {
        assert!(page.body.contains(&format!("/reports/{}", r["id"])), "report {} missing from the page", r["id"]);
    }
    assert!(page.body.contains(&format!("共 {current} 份报告")), "Chinese by default");
    assert!(get(&server, "/reports?lang=en").body.contains(&format!("{current} reports")));
    // Filters: the same in the page and the API.
    let errors: Value = serde_json::from_str(&get(&server, "/api/reports?severity=error").body).unwrap();
    let flagged = count(&db, "SELECT count(DISTINCT r.id) FROM reports r JOIN findings f ON f.report_id = r.id WHERE r.current = 1 AND f.severity = 'error'");
    assert_eq!(errors["total"], flagged);
    let y2021: Value = serde_json::from_str(&get(&server, "/api/reports?year=2021").body).unwrap();
    assert!(
        y2021["reports"].as_array().unwrap().iter().all(|r| r["year"] == 2021) && y2021["total"].as_i64().unwrap() > 0
    );
    let t4: Value = serde_json::from_str(&get(&server, "/api/reports?code=T4-SUM").body).unwrap();
    assert_eq!(t4["total"], count(&db, "SELECT count(DISTINCT r.id) FROM reports r JOIN findings f ON f.report_id = r.id WHERE r.current = 1 AND f.code = 'T4-SUM'"));
    assert_eq!(t4["total"], 2, "the text and the PDF sample with a 表四 error");
    // Sorted views keep their order across the page's rows.
    let by_errors: Value = serde_json::from_str(&get(&server, "/api/reports?sort=errors").body).unwrap();
    let errors: Vec<i64> =
        by_errors["reports"].as_array().unwrap().iter().map(|r| r["errors"].as_i64().unwrap()).collect();
    assert!(errors.windows(2).all(|w| w[0] >= w[1]) && errors[0] > 0, "{errors:?}");
    let by_year: Value = serde_json::from_str(&get(&server, "/api/reports?sort=year").body).unwrap();
    let years: Vec<i64> = by_year["reports"].as_array().unwrap().iter().filter_map(|r| r["year"].as_i64()).collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    let text: Value =
        serde_json::from_str(&get(&server, "/api/reports?q=%E4%BF%A1%E6%81%AF%E5%A4%84%E7%90%86%E8%B4%B9").body)
            .unwrap();
    assert!(text["total"].as_i64().unwrap() > 0, "text search of the prose: {text}");
    drop(server);
}

#[test]
fn a_review_page_shows_what_the_api_returns() {
    let (_dir, db) = store_of_examples("web-report");
    let server = serve(&db);
    for id in [
        count(&db, "SELECT id FROM reports WHERE source_path LIKE '%g-inconsistent-utf16.txt'"),
        count(&db, "SELECT id FROM reports WHERE source_path LIKE '%j-word.docx'"),
        count(&db, "SELECT id FROM reports WHERE source_path LIKE '%l-word-export.pdf'"),
        count(&db, "SELECT id FROM reports WHERE source_path LIKE '%i-portal-page-gbk.html'"),
        count(&db, "SELECT id FROM reports WHERE source_path LIKE '%k-workbook.xlsx'"),
    ] {
        let api: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id}")).body).unwrap();
        let page = get(&server, &format!("/reports/{id}")).body;
        let mut cells = 0;
        for t in api["tables"].as_array().unwrap() {
            for row in t["rows"].as_array().unwrap() {
                for c in row["cells"].as_array().unwrap() {
                    let shown = c["value"].as_str().unwrap_or("—");
                    let start = format!("<td data-cell=\"{}\" data-prov='", c["cell"].as_str().unwrap());
                    let at = page.find(&start).unwrap_or_else(|| panic!("report {id}: {start} not on the page"))
                        + start.len();
                    let td = &page[at..at + page[at..].find("</td>").unwrap()];
                    let (prov, rest) = td.split_once("' ").unwrap();
                    // Its span in the template's drawing, if any, comes before its column's name.
                    assert!(
                        rest.ends_with(&format!("title=\"{}\">{shown}", c["column"].as_str().unwrap())),
                        "report {id}: {td}"
                    );
                    // The place the page marks is the place the API gives.
                    assert_eq!(serde_json::from_str::<Value>(prov).unwrap(), c["provenance"], "report {id}: {td}");
                    cells += 1;
                }
            }
        }
        assert!(cells > 50, "report {id}: {cells} cells");
        for f in api["findings"].as_array().unwrap() {
            assert!(
                page.contains(&format!("href=\"/rules#{}\"", f["code"].as_str().unwrap())),
                "report {id}: finding {f} not on the page"
            );
        }
        assert!(
            api["tables"][0]["rows"][0]["cells"][0]["provenance"].is_object(),
            "values carry their place in the source: {}",
            api["tables"][0]
        );
    }
    assert_eq!(get(&server, "/reports/999999").status, 404);
    drop(server);
}

#[test]
fn corrections_need_the_session_token_and_never_overwrite_the_published_value() {
    let (_dir, db) = store_of_examples("web-correct");
    let server = serve(&db);
    let id = count(&db, "SELECT id FROM reports WHERE source_path LIKE '%b-word-tsv.txt'");
    let body = r#"{"cell": "table4.review.total", "value": "999", "reason": "试验", "author": "张三"}"#;
    let json = ("Content-Type", "application/json");
    let refused = request(&server, "POST", &format!("/api/reports/{id}/corrections"), &[json], body);
    assert_eq!(refused.status, 403, "{}", refused.body);
    let page = get(&server, &format!("/reports/{id}"));
    let (cookie, token) = page_session(&page);
    let forged = request(
        &server,
        "POST",
        &format!("/api/reports/{id}/corrections"),
        &[json, ("Cookie", &cookie), ("X-CSRF-Token", "0123456789abcdef0123456789abcdef")],
        body,
    );
    assert_eq!(forged.status, 403);
    let done = request(
        &server,
        "POST",
        &format!("/api/reports/{id}/corrections"),
        &[json, ("Cookie", &cookie), ("X-CSRF-Token", &token)],
        body,
    );
    assert_eq!(done.status, 201, "{}", done.body);
    let api: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id}")).body).unwrap();
    assert_eq!(api["corrections"][0]["value"], "999");
    assert_eq!(api["corrections"][0]["author"], "张三");
    let t4 = api["tables"].as_array().unwrap().iter().find(|t| t["key"] == "table4").unwrap().clone();
    assert_ne!(t4["rows"][0]["cells"][4]["value"], "999", "the published value stays");
    let out = text(&xxgk(&["--lang", "en", "check", "--db", s(&db), "--corrected", "--organ", "溪山区教育局"]));
    assert!(out.contains("total is 999"), "the correction is re-checked: {out}");
    let bad = request(
        &server,
        "POST",
        &format!("/api/reports/{id}/corrections"),
        &[json, ("Cookie", &cookie), ("X-CSRF-Token", &token)],
        r#"{"cell": "table9.x.y", "value": "1", "reason": "x", "author": "y"}"#,
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("没有单元格"), "{}", bad.body);
    drop(server);
}

#[test]
fn a_document_s_markup_is_shown_as_text_never_run() {
    let tmp = temp("web-hostile");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let f = year("<img src=x onerror=alert(1)>审计局", 2023, 0, 0, 10, "2024-01-20");
    std::fs::write(docs.join("a.md"), xxgk_render::synth::document(&f, xxgk_render::Form::Md, "/")).unwrap();
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let server = serve(&db);
    let list = get(&server, "/reports").body;
    // The organ's name is the document's own text, markup and all: escaped, never markup.
    assert!(!list.contains("<img"), "{list}");
    assert!(list.contains("&lt;img") && list.contains("审计局"), "{list}");
    let id = count(&db, "SELECT id FROM reports");
    let page = get(&server, &format!("/reports/{id}")).body;
    assert!(!page.contains("<img") && page.contains("&lt;img"), "{page}");
    drop(server);
}

#[test]
fn decisions_on_findings_are_kept_by_content_and_survive_a_reparse() {
    let (tmp, db) = store_of_examples("web-decide");
    let dir = tmp.path();
    let server = serve(&db);
    let id = count(&db, "SELECT id FROM reports WHERE source_path LIKE '%g-inconsistent-utf16.txt'");
    let page = get(&server, &format!("/reports/{id}"));
    let (cookie, token) = page_session(&page);
    let api: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id}")).body).unwrap();
    let t4 = api["findings"].as_array().unwrap().iter().find(|f| f["code"] == "T4-SUM").unwrap().clone();
    let flow = api["findings"].as_array().unwrap().iter().find(|f| f["code"] == "T3-FLOW").unwrap().clone();
    assert_eq!(t4["state"], "open");
    let json = ("Content-Type", "application/json");
    let auth = [json, ("Cookie", cookie.as_str()), ("X-CSRF-Token", token.as_str())];
    let url = |f: &Value| format!("/api/findings/{}/decision", f["id"]);
    assert_eq!(request(&server, "POST", &url(&t4), &[json], r#"{"state": "confirmed", "author": "张三"}"#).status, 403);
    assert_eq!(request(&server, "POST", &url(&t4), &auth, r#"{"state": "confirmed", "author": "张三"}"#).status, 201);
    let no_reason = request(&server, "POST", &url(&flow), &auth, r#"{"state": "dismissed", "author": "张三"}"#);
    assert_eq!(no_reason.status, 422, "a dismissal needs a reason");
    assert_eq!(
        request(
            &server,
            "POST",
            &url(&flow),
            &auth,
            r#"{"state": "dismissed", "reason": "上年结转口径不同", "author": "李四"}"#
        )
        .status,
        201
    );
    let after: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id}")).body).unwrap();
    let state = |v: &Value, code: &str| {
        v["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap()["state"].clone()
    };
    assert_eq!(state(&after, "T4-SUM"), "confirmed");
    assert_eq!(state(&after, "T3-FLOW"), "dismissed");
    let page = get(&server, &format!("/reports/{id}")).body;
    assert!(page.contains("已确认") && page.contains("上年结转口径不同"), "the page shows the decisions");
    let list: Value =
        serde_json::from_str(&get(&server, "/api/reports?code=T4-SUM&organ=%E6%9D%BE%E5%B2%AD").body).unwrap();
    assert_eq!(list["reports"][0]["decided"], 2);
    // Review status: every current report is to review, reviewed or clean, and this one moves
    // from the first to the second once all its findings are decided.
    let ids = |status: &str| -> Vec<i64> {
        let v: Value = serde_json::from_str(&get(&server, &format!("/api/reports?status={status}")).body).unwrap();
        v["reports"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
    };
    let all: Value = serde_json::from_str(&get(&server, "/api/reports").body).unwrap();
    assert_eq!((ids("todo").len() + ids("done").len() + ids("clean").len()) as i64, all["total"].as_i64().unwrap());
    assert!(ids("todo").contains(&id) && !ids("done").contains(&id));
    let clean = count(&db, "SELECT count(*) FROM reports r WHERE r.current = 1 AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.severity != 'info')");
    assert_eq!(ids("clean").len() as i64, clean);
    let now: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id}")).body).unwrap();
    for f in now["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "info" && f["state"] == "open") {
        assert_eq!(request(&server, "POST", &url(f), &auth, r#"{"state": "confirmed", "author": "张三"}"#).status, 201);
    }
    assert!(ids("done").contains(&id) && !ids("todo").contains(&id), "every finding decided");
    drop(server);
    // The file stored again (a manifest gives it a date): new rows, the same decisions.
    let manifest = dir.join("m.csv");
    std::fs::write(
        &manifest,
        format!("path,published\n{},2024-01-15\n", examples().join("g-inconsistent-utf16.txt").display()),
    )
    .unwrap();
    xxgk(&["ingest", "--db", s(&db), "--manifest", s(&manifest), s(&examples())]);
    let id2 = count(&db, "SELECT id FROM reports WHERE source_path LIKE '%g-inconsistent-utf16.txt'");
    assert_ne!(id2, id, "the report was stored again");
    let server = serve(&db);
    let again: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id2}")).body).unwrap();
    assert_eq!(state(&again, "T4-SUM"), "confirmed");
    assert_eq!(state(&again, "T3-FLOW"), "dismissed");
    drop(server);
}

#[test]
fn an_organ_page_shows_its_years_the_checks_across_them_and_what_changed() {
    let tmp = temp("web-organ");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // 2023 carries 3 forward; 2024 says it carried 2 over.
    std::fs::write(
        docs.join("a.md"),
        xxgk_render::synth::document(&year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), xxgk_render::Form::Md, "/"),
    )
    .unwrap();
    std::fs::write(
        docs.join("b.md"),
        xxgk_render::synth::document(&year("青禾市审计局", 2024, 2, 0, 11, "2025-01-20"), xxgk_render::Form::Md, "/"),
    )
    .unwrap();
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let organ = count(&db, "SELECT id FROM organs");
    let server = serve(&db);
    let api: Value = serde_json::from_str(&get(&server, &format!("/api/organs/{organ}")).body).unwrap();
    assert_eq!(api["years"].as_array().unwrap().len(), 2);
    let across: Vec<&str> =
        api["years"][1]["across"].as_array().unwrap().iter().map(|f| f[0].as_str().unwrap()).collect();
    assert!(across.contains(&"CARRY-OVER"), "{across:?}");
    let carried = api["figures"].as_array().unwrap().iter().find(|f| f["cell"] == "table3.carried_over.total").unwrap();
    assert_eq!(carried["name"], "表三·二、上年结转政府信息公开申请数量·总计");
    assert_eq!(carried["values"], serde_json::json!(["1", "2"]));
    let changed: Vec<&str> =
        api["changes"][0]["cells"].as_array().unwrap().iter().map(|c| c[0].as_str().unwrap()).collect();
    assert!(changed.contains(&"表三·二、上年结转政府信息公开申请数量·总计"), "{changed:?}");
    let page = get(&server, &format!("/organs/{organ}")).body;
    assert!(page.contains("CARRY-OVER") && page.contains("表三·二、上年结转政府信息公开申请数量·总计"), "{page}");
    let report = count(&db, "SELECT id FROM reports WHERE year = 2024");
    assert!(get(&server, &format!("/reports/{report}")).body.contains(&format!("href=\"/organs/{organ}\"")));
    assert_eq!(get(&server, "/organs/99999").status, 404);
    drop(server);
}

/// The 审核意见 to send the agency, as a Word document read back: addressed to the agency, the
/// open and confirmed findings each by its rule's name with what to do; a finding dismissed, or
/// one the reviewers corrected as misread, is no charge; nothing of the office's own workings.
#[test]
fn the_review_opinion_charges_only_what_the_agency_answers_for() {
    let (_dir, db) = store_of_examples("web-opinion");
    let server = serve(&db);
    let id = count(&db, "SELECT id FROM reports WHERE source_path LIKE '%g-inconsistent-utf16.txt'");
    let page = get(&server, &format!("/reports/{id}"));
    assert!(page.body.contains(&format!("/reports/{id}/opinion.docx")));
    let (cookie, token) = page_session(&page);
    let auth = [("Content-Type", "application/json"), ("Cookie", cookie.as_str()), ("X-CSRF-Token", token.as_str())];
    let api: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{id}")).body).unwrap();
    let find =
        |code: &str| api["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap()["id"].clone();
    request(
        &server,
        "POST",
        &format!("/api/findings/{}/decision", find("T4-SUM")),
        &auth,
        r#"{"state": "confirmed", "author": "张三"}"#,
    );
    request(
        &server,
        "POST",
        &format!("/api/findings/{}/decision", find("NARRATIVE-MISMATCH")),
        &auth,
        r#"{"state": "dismissed", "reason": "正文含补正申请", "author": "李四"}"#,
    );
    request(
        &server,
        "POST",
        &format!("/api/reports/{id}/corrections"),
        &auth,
        r#"{"cell": "table4.review.total", "value": "3", "reason": "合计笔误", "author": "张三"}"#,
    );
    let docx = get(&server, &format!("/reports/{id}/opinion.docx"));
    assert_eq!(docx.status, 200);
    assert!(docx.header("content-type").is_some_and(|t| t.contains("wordprocessingml")));
    let (doc, _) = xxgk_read::read_bytes("opinion.docx", &docx.bytes).unwrap_or_else(|e| panic!("{e}"));
    let text: String = doc.lines.iter().flat_map(|l| &l.cells).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("关于《松岭县卫生健康委员会2023年政府信息公开工作年度报告》的审核意见"), "{text}");
    assert!(text.contains("\n松岭县卫生健康委员会：\n"), "the 主送: {text}");
    assert!(text.contains("表三收支平衡。"), "an open finding, by its rule's name: {text}");
    assert!(!text.contains("T4-SUM") && !text.contains("T3-FLOW"), "never a code: {text}");
    assert!(!text.contains("表四合计"), "the total the reviewers corrected as misread is no charge: {text}");
    assert!(
        !text.contains("正文含补正申请") && !text.contains("正文与表格数字不一致"),
        "a dismissal is no charge: {text}"
    );
    assert!(
        !text.contains("合计笔误") && !text.contains("张三") && !text.contains("李四"),
        "the office's workings stay in: {text}"
    );
    drop(server);
}

#[test]
fn the_source_pane_shows_the_document_as_read_and_never_runs_it() {
    let tmp = temp("web-source");
    let dir = tmp.path();
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for f in ["i-portal-page-gbk.html", "l-word-export.pdf", "n-reports.zip", "b-word-tsv.txt"] {
        std::fs::copy(examples().join(f), docs.join(f)).unwrap();
    }
    // A portal page with script and markup of its own around the report.
    let page = std::fs::read_to_string(examples().join("a-markdown.md")).unwrap();
    let hostile =
        format!("<html><body><script>alert('x')</script><img src=x onerror=alert(2)><pre>{page}</pre></body></html>");
    std::fs::write(docs.join("hostile.html"), hostile).unwrap();
    let db = dir.join("r.db");
    xxgk(&["ingest", "--db", s(&db), s(&docs)]);
    let server = serve(&db);
    let id = |like: &str| {
        count(&db, &format!("SELECT id FROM reports WHERE source_path LIKE '%{like}' ORDER BY id LIMIT 1"))
    };
    // HTML: the lines as read, and every value's byte range inside one of its cells.
    let html = id("i-portal-page-gbk.html");
    let src: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{html}/source")).body).unwrap();
    assert_eq!((src["available"].clone(), src["format"].clone()), (Value::Bool(true), Value::from("html")));
    let ranges: Vec<(u64, u64)> = src["lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["cells"].as_array().unwrap())
        .filter_map(|c| Some((c["bytes"][0].as_u64()?, c["bytes"][1].as_u64()?)))
        .collect();
    let api: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{html}")).body).unwrap();
    let mut placed = 0;
    for t in api["tables"].as_array().unwrap() {
        for c in t["rows"].as_array().unwrap().iter().flat_map(|r| r["cells"].as_array().unwrap()) {
            let Some(b) = c["provenance"]["byte"][0].as_u64() else { continue };
            assert!(
                ranges.iter().any(|&(s, e)| s <= b && b < e.max(s + 1)),
                "{} at byte {b} is in no cell of the source pane",
                c["cell"]
            );
            placed += 1;
        }
    }
    assert!(placed > 50, "{placed}");
    // The page's own markup is text on the review page, never markup.
    let hostile = id("hostile.html");
    let review = get(&server, &format!("/reports/{hostile}")).body;
    assert!(
        !review.contains("<script>alert") && !review.contains("<img src=x"),
        "the document's markup is never inlined"
    );
    // A PDF is sent as it is, under a sandbox policy; a text report has no PDF.
    let pdf = get(&server, &format!("/reports/{}/source.pdf", id("l-word-export.pdf")));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.header("content-security-policy"), Some("sandbox"));
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert_eq!(get(&server, &format!("/reports/{}/source.pdf", id("b-word-tsv.txt"))).status, 404);
    // An archive member is read out of its archive.
    let member = count(&db, "SELECT id FROM reports WHERE source_path LIKE '%n-reports.zip!%' ORDER BY id LIMIT 1");
    let src: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{member}/source")).body).unwrap();
    assert_eq!(src["available"], true, "{src}");
    // A file changed since it was read is not shown as the source of what was read.
    std::fs::write(docs.join("b-word-tsv.txt"), "另一份文件").unwrap();
    let tsv = id("b-word-tsv.txt");
    let src: Value = serde_json::from_str(&get(&server, &format!("/api/reports/{tsv}/source")).body).unwrap();
    assert_eq!(src["available"], false);
    assert!(get(&server, &format!("/reports/{tsv}")).body.contains("来源文件已移动、改变或删除"));
    drop(server);
}

#[test]
fn the_review_summary_is_a_workbook_of_the_list_s_view() {
    let (tmp, db) = store_of_examples("web-summary");
    let dir = tmp.path();
    let server = serve(&db);
    let list: Value = serde_json::from_str(&get(&server, "/api/reports?severity=error").body).unwrap();
    let page = get(&server, "/reports?severity=error").body;
    assert!(
        page.contains("reports.xlsx?severity=error\" id=\"summary\""),
        "the list links its summary with its filters"
    );
    let book = get(&server, "/reports.xlsx?severity=error");
    assert_eq!(book.status, 200);
    assert!(book.header("content-type").is_some_and(|t| t.contains("spreadsheetml")));
    let (doc, _) = xxgk_read::read_bytes("summary.xlsx", &book.bytes).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Vec<String>> = doc.lines.iter().map(|l| l.cells.iter().map(|c| c.text.clone()).collect()).collect();
    let header = &rows[0];
    for h in ["编号", "机关", "年度", "错误", "警告", "审核状态", "表四合计（T4-SUM）"] {
        assert!(header.iter().any(|c| c == h), "{h} not in {header:?}");
    }
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    // One row per report of the view, with its counts.
    let reports = list["reports"].as_array().unwrap();
    let body: Vec<&Vec<String>> =
        rows[1..].iter().take_while(|r| r.first().is_some_and(|c| c.parse::<i64>().is_ok())).collect();
    assert_eq!(body.len(), reports.len(), "{rows:?}");
    for r in reports {
        let row = body
            .iter()
            .find(|row| row[0] == r["id"].to_string())
            .unwrap_or_else(|| panic!("report {} missing", r["id"]));
        assert_eq!(row[col("错误")], r["errors"].to_string());
        assert_eq!(row[col("审核状态")], "待审核");
    }
    let t4: i64 =
        body.iter().filter_map(|r| r.get(col("表四合计（T4-SUM）"))).filter_map(|c| c.parse::<i64>().ok()).sum();
    assert_eq!(t4, count(&db, "SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 AND f.code = 'T4-SUM'"));
    // The files that could not be read, with why, on a sheet of their own.
    std::fs::write(dir.join("junk.pdf"), b"%PDF-1.4 not really").unwrap();
    xxgk(&["ingest", "--db", s(&db), s(&dir.join("junk.pdf"))]);
    let book = get(&server, "/reports.xlsx");
    let (doc, _) = xxgk_read::read_bytes("summary.xlsx", &book.bytes).unwrap_or_else(|e| panic!("{e}"));
    let junk = doc
        .lines
        .iter()
        .find(|l| l.cells.first().is_some_and(|c| c.text.ends_with("junk.pdf")))
        .expect("the unreadable file is listed");
    assert!(junk.cells.len() == 2 && !junk.cells[1].text.is_empty(), "with why: {junk:?}");
    drop(server);
}

#[test]
fn pages_of_the_list_are_disjoint_and_cover_it_in_every_sort() {
    let tmp = temp("web-pages");
    let dir = tmp.path();
    let db = dir.join("r.db");
    xxgk(&["synth", "130", "--out", s(&dir.join("in")), "--seed", "3", "--forms", "tsv", "--inconsistent", "0.5"]);
    xxgk(&["ingest", "--db", s(&db), s(&dir.join("in"))]);
    let server = serve(&db);
    for sort in ["organ", "year", "errors"] {
        let mut seen = Vec::new();
        let mut total = 0;
        for page in 0..4 {
            let v: Value =
                serde_json::from_str(&get(&server, &format!("/api/reports?sort={sort}&page={page}")).body).unwrap();
            total = v["total"].as_i64().unwrap();
            seen.extend(v["reports"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
        }
        assert!(total > 100, "{total}");
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!((seen.len() as i64, unique.len() as i64), (total, total), "sort {sort}");
    }
    drop(server);
}
