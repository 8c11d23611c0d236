//! The workspace's routes called as the server calls them — requests through the router itself,
//! no process and no socket — over stores filled by the store crate's own ingest. Pages and the
//! API answer from the same store functions, so they must agree with each other and with the
//! store.

#[path = "../../xxgk-store/tests/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use tower::ServiceExt;
use xxgk_render::Form;

/// One answer: status, headers, body.
struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    bytes: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn json(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text());
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A store of the fixture and the workspace over it.
struct Web {
    fx: Fixture,
    app: Router,
}

impl Web {
    fn over(fx: Fixture) -> Web {
        let app = xxgk_web::router(fx.db.clone(), xxgk_web::Serving::default());
        Web { fx, app }
    }

    async fn call(&self, req: Request<Body>) -> Reply {
        let r = self.app.clone().oneshot(req).await.unwrap();
        let (parts, body) = r.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap().to_vec();
        Reply { status: parts.status, headers: parts.headers, bytes }
    }

    async fn get(&self, path: &str) -> Reply {
        self.call(Request::get(path).body(Body::empty()).unwrap()).await
    }

    async fn get_with(&self, path: &str, cookie: &str) -> Reply {
        self.call(Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await
    }

    async fn json(&self, path: &str) -> Value {
        self.get(path).await.json()
    }

    /// A JSON POST with the session `cookie` and the token `token`, each when given.
    async fn post(&self, path: &str, session: Option<(&str, &str)>, body: &str) -> Reply {
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some((cookie, token)) = session {
            req = req.header(header::COOKIE, cookie).header("x-csrf-token", token);
        }
        self.call(req.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A session as a browser gets it from a page: its cookies (none in open mode) and the
    /// CSRF token the page carries.
    async fn session(&self, page: &str) -> (String, String) {
        self.session_with(page, "").await
    }

    /// The CSRF token a page shows to the holder of `cookie`.
    async fn session_with(&self, page: &str, cookie: &str) -> (String, String) {
        let r = self.get_with(page, cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.text());
        let text = r.text();
        let token = text
            .split("<meta name=\"csrf-token\" content=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap_or_default();
        assert!(!token.is_empty(), "the page carries its token");
        (cookie.to_string(), token.to_string())
    }
}

/// The bundled samples, their expected outputs aside, in a store.
fn examples_store() -> Web {
    let fx = Fixture::new();
    let files: Vec<_> =
        files_in(&examples()).into_iter().filter(|p| !p.to_string_lossy().ends_with(".expected.json")).collect();
    fx.ingest(&files);
    Web::over(fx)
}

fn ids(v: &Value) -> Vec<i64> {
    v["reports"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_list_and_its_filters_select_the_reports_the_store_holds() {
    let web = examples_store();
    let fx = &web.fx;
    let api = web.json("/api/reports").await;
    let current = fx.count("SELECT count(*) FROM reports WHERE current = 1");
    assert_eq!(api["total"], current);
    assert_eq!(ids(&api).len() as i64, current);
    let page = web.get("/reports").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .header(header::CONTENT_SECURITY_POLICY)
        .is_some_and(|c| c.contains("script-src 'self'") && !c.contains("unsafe-inline")));
    assert_eq!(page.header(header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
    let html = page.text();
    assert!(!html.contains("<script>") && html.contains("<script src=\"/static/app.js\" defer>"), "no inline script");
    for id in ids(&api) {
        assert!(html.contains(&format!("/reports/{id}\"")), "report {id} missing from the page");
    }
    // Filters: what the store says each selects.
    let with = |sql: &str| {
        fx.count(&format!("SELECT count(DISTINCT r.id) FROM reports r JOIN findings f ON f.report_id = r.id WHERE r.current = 1 AND {sql}"))
    };
    assert_eq!(web.json("/api/reports?severity=error").await["total"], with("f.severity = 'error'"));
    let t4 = web.json("/api/reports?code=T4-SUM").await;
    assert_eq!(
        (t4["total"].as_i64(), with("f.code = 'T4-SUM'")),
        (Some(2), 2),
        "the text and the PDF sample with a 表四 error"
    );
    let y2021 = web.json("/api/reports?year=2021").await;
    assert!(
        y2021["total"].as_i64().unwrap() > 0 && y2021["reports"].as_array().unwrap().iter().all(|r| r["year"] == 2021),
        "{y2021}"
    );
    let songling = web.json("/api/reports?organ=%E6%9D%BE%E5%B2%AD%E5%8E%BF").await;
    assert!(
        songling["total"].as_i64().unwrap() > 0
            && songling["reports"].as_array().unwrap().iter().all(|r| r["agency"].as_str().unwrap().contains("松岭县"))
    );
    let text = web.json("/api/reports?q=%E4%BF%A1%E6%81%AF%E5%A4%84%E7%90%86%E8%B4%B9").await;
    assert!(text["total"].as_i64().unwrap() > 0, "text search of the prose: {text}");
    // A blank filter is no filter; an unknown status is none either.
    assert_eq!(web.json("/api/reports?year=&organ=+").await["total"], current);
    assert_eq!(web.json("/api/reports?status=whatever").await["total"], current);
    // Review status: every current report is to review, reviewed or clean.
    let status = |v: Value| v["total"].as_i64().unwrap();
    let (todo, done, clean) = (
        status(web.json("/api/reports?status=todo").await),
        status(web.json("/api/reports?status=done").await),
        status(web.json("/api/reports?status=clean").await),
    );
    assert_eq!((todo + done + clean, done), (current, 0));
    let quiet = fx.count("SELECT count(*) FROM reports r WHERE r.current = 1 AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.severity != 'info')");
    assert_eq!(clean, quiet);
    // Sorted views keep their order.
    let errors: Vec<i64> = web.json("/api/reports?sort=errors").await["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["errors"].as_i64().unwrap())
        .collect();
    assert!(errors.windows(2).all(|w| w[0] >= w[1]) && errors[0] > 0, "{errors:?}");
    let years: Vec<i64> = web.json("/api/reports?sort=year").await["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["year"].as_i64())
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    // The page of a filter lists what its API lists.
    let page = web.get("/reports?code=T4-SUM").await.text();
    for id in ids(&t4) {
        assert!(page.contains(&format!("/reports/{id}\"")), "report {id} missing from the filtered page");
    }
}

#[tokio::test]
async fn the_language_is_chinese_unless_english_is_asked_for() {
    let web = examples_store();
    let zh = web.get("/reports").await.text();
    assert!(zh.contains("<html lang=\"zh-CN\">"), "Chinese by default");
    let en = web.get("/reports?lang=en").await.text();
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("href=\"?lang=zh\"") && zh.contains("href=\"?lang=en\""), "each offers the other");
    assert_ne!(zh.replace("zh-CN", "en"), en, "the texts change too");
    // The cookie the switch sets keeps the language; a query beats it.
    assert!(web.get_with("/reports", "lang=en").await.text().contains("<html lang=\"en\">"));
    assert!(web.get_with("/reports?lang=zh", "lang=en").await.text().contains("<html lang=\"zh-CN\">"));
    let id = web.fx.id("g-inconsistent-utf16.txt");
    let (zh, en) =
        (web.json(&format!("/api/reports/{id}")).await, web.json(&format!("/api/reports/{id}?lang=en")).await);
    assert_ne!(zh["tables"][0]["name"], en["tables"][0]["name"], "table names in the language asked for");
    assert_eq!(zh["tables"][0]["rows"], en["tables"][0]["rows"], "the values do not change");
}

#[tokio::test]
async fn a_review_page_shows_the_cells_and_findings_the_api_returns() {
    let web = examples_store();
    for name in
        ["g-inconsistent-utf16.txt", "j-word.docx", "l-word-export.pdf", "i-portal-page-gbk.html", "k-workbook.xlsx"]
    {
        let id = web.fx.id(name);
        let api = web.json(&format!("/api/reports/{id}")).await;
        assert_eq!(
            (api["id"].as_i64(), api["source_path"].as_str().is_some_and(|p| p.ends_with(name))),
            (Some(id), true),
            "{name}"
        );
        let page = web.get(&format!("/reports/{id}")).await.text();
        let mut cells = 0;
        for t in api["tables"].as_array().unwrap() {
            for row in t["rows"].as_array().unwrap() {
                for c in row["cells"].as_array().unwrap() {
                    let cell = c["cell"].as_str().unwrap();
                    // The value the page shows is the value the store holds.
                    let (tbl, rest) = cell.split_once('.').unwrap();
                    let (r, col) = rest.split_once('.').unwrap();
                    let stored = web.fx.rows(&format!("SELECT exact FROM report_values WHERE report_id = {id} AND tbl = '{tbl}' AND row = '{r}' AND col = '{col}'"));
                    assert_eq!(stored.first().map_or(Value::Null, |s| s[0].clone()), c["value"], "{name} {cell}");
                    let shown = c["value"].as_str().unwrap_or("—");
                    let start = format!("<td data-cell=\"{cell}\" data-prov='");
                    let at =
                        page.find(&start).unwrap_or_else(|| panic!("{name}: {start} not on the page")) + start.len();
                    let td = &page[at..at + page[at..].find("</td>").unwrap()];
                    let (prov, rest) = td.split_once("' ").unwrap();
                    // Its place in the template's drawing (a row or column span) comes before its
                    // column's name.
                    assert!(
                        rest.ends_with(&format!("title=\"{}\">{shown}", c["column"].as_str().unwrap())),
                        "{name}: {td}"
                    );
                    assert_eq!(serde_json::from_str::<Value>(prov).unwrap(), c["provenance"], "{name}: {td}");
                    cells += 1;
                }
            }
        }
        assert!(cells > 50, "{name}: {cells} cells");
        let stored = xxgk_store::review::report_findings(&web.fx.read(), id, false).unwrap();
        let codes: Vec<&str> =
            api["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
        assert_eq!(codes, stored.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), "{name}");
        for code in codes {
            // Each finding is named by its rule, the code a small tag linking to the rule.
            let rule = xxgk_core::rules::find(code).unwrap().name(xxgk_core::Lang::default());
            let shown = format!("<b>{rule}</b> <a class=\"code\" href=\"/rules#{code}\"");
            assert!(page.contains(&shown), "{name}: finding {code} not on the page as {shown}");
        }
        assert!(
            api["tables"][0]["rows"][0]["cells"][0]["provenance"].is_object(),
            "values carry their place in the source: {}",
            api["tables"][0]
        );
    }
}

#[tokio::test]
async fn what_is_not_there_is_404() {
    let web = examples_store();
    for path in [
        "/reports/999999",
        "/api/reports/999999",
        "/api/reports/999999/source",
        "/reports/999999/opinion.docx",
        "/organs/999999",
        "/api/organs/999999",
        "/data/stats.txt",
        "/static/vendor/nothing.js",
    ] {
        assert_eq!(web.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = web.get("/reports/999999?lang=en").await;
    assert!(r.header(header::CONTENT_TYPE).is_some_and(|t| t.starts_with("text/plain")) && !r.bytes.is_empty());
    assert_eq!(web.get("/reports/not-a-number").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(web.get("/").await.header(header::LOCATION), Some("/reports"));
}

#[tokio::test]
async fn a_correction_needs_the_session_token_and_is_checked_again_at_once() {
    let web = examples_store();
    let id = web.fx.id("b-word-tsv.txt");
    let url = format!("/api/reports/{id}/corrections");
    let body = r#"{"cell": "table4.review.total", "value": "999", "reason": "试验", "author": "张三"}"#;
    assert_eq!(web.post(&url, None, body).await.status, StatusCode::FORBIDDEN);
    let (cookie, token) = web.session(&format!("/reports/{id}")).await;
    assert_eq!(
        web.post(&url, Some((cookie.as_str(), "0123456789abcdef0123456789abcdef")), body).await.status,
        StatusCode::FORBIDDEN,
        "a forged token"
    );
    assert!(xxgk_store::query::corrections(&web.fx.read(), id).unwrap().is_empty(), "nothing recorded");
    let before = web.json(&format!("/api/reports/{id}")).await;
    assert_eq!(before["corrected_findings"], Value::Null);
    let done = web.post(&url, Some((cookie.as_str(), token.as_str())), body).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.text());
    let stored = xxgk_store::query::corrections(&web.fx.read(), id).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&done.bytes).unwrap(), json!({ "correction": stored[0].id }));
    let api = web.json(&format!("/api/reports/{id}")).await;
    assert_eq!((&api["corrections"][0]["value"], &api["corrections"][0]["author"]), (&json!("999"), &json!("张三")));
    let t4 = api["tables"].as_array().unwrap().iter().find(|t| t["key"] == "table4").unwrap();
    assert_eq!(
        t4["rows"][0]["cells"][4]["value"],
        before["tables"].as_array().unwrap().iter().find(|t| t["key"] == "table4").unwrap()["rows"][0]["cells"][4]
            ["value"],
        "the published value stays"
    );
    assert_ne!(t4["rows"][0]["cells"][4]["value"], "999");
    // Checked again at once: the corrected values' findings name the corrected cell.
    let rechecked = api["corrected_findings"].as_array().unwrap();
    let sum = rechecked.iter().find(|f| f["code"] == "T4-SUM").unwrap_or_else(|| panic!("{rechecked:?}"));
    assert!(sum["cells"].as_array().unwrap().contains(&json!("table4.review.total")), "{sum}");
    assert!(!api["findings"].as_array().unwrap().iter().any(|f| f["code"] == "T4-SUM"), "the published view has none");
    // Refused by the store: 422 with why, in the language of the request.
    let bad = web
        .post(
            &url,
            Some((cookie.as_str(), token.as_str())),
            r#"{"cell": "table9.x.y", "value": "1", "reason": "x", "author": "y"}"#,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("table9.x.y"), "{}", bad.text());
    let nobody = web
        .post(
            &url,
            Some((cookie.as_str(), token.as_str())),
            r#"{"cell": "table4.review.total", "value": "1", "reason": "x", "author": " "}"#,
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY, "a correction needs its author");
    assert_eq!(xxgk_store::query::corrections(&web.fx.read(), id).unwrap().len(), 1);
}

#[tokio::test]
async fn decisions_on_findings_are_kept_by_content_and_move_the_review_status() {
    let web = examples_store();
    let id = web.fx.id("g-inconsistent-utf16.txt");
    let (cookie, token) = web.session(&format!("/reports/{id}")).await;
    let auth = Some((cookie.as_str(), token.as_str()));
    let api = web.json(&format!("/api/reports/{id}")).await;
    let find =
        |v: &Value, code: &str| v["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap().clone();
    let (t4, flow) = (find(&api, "T4-SUM"), find(&api, "T3-FLOW"));
    assert_eq!(t4["state"], "open");
    let url = |f: &Value| format!("/api/findings/{}/decision", f["id"]);
    assert_eq!(
        web.post(&url(&t4), None, r#"{"state": "confirmed", "author": "张三"}"#).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(xxgk_store::review::decisions(&web.fx.read(), id).unwrap().is_empty());
    assert_eq!(
        web.post(&url(&t4), auth, r#"{"state": "confirmed", "author": "张三"}"#).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        web.post(&url(&flow), auth, r#"{"state": "dismissed", "author": "张三"}"#).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a dismissal needs a reason"
    );
    assert_eq!(
        web.post(&url(&flow), auth, r#"{"state": "dismissed", "reason": "上年结转口径不同", "author": "李四"}"#)
            .await
            .status,
        StatusCode::CREATED
    );
    let after = web.json(&format!("/api/reports/{id}")).await;
    assert_eq!(
        (find(&after, "T4-SUM")["state"].clone(), find(&after, "T3-FLOW")["state"].clone()),
        (json!("confirmed"), json!("dismissed"))
    );
    assert_eq!(
        (find(&after, "T3-FLOW")["reason"].clone(), find(&after, "T3-FLOW")["decided_by"].clone()),
        (json!("上年结转口径不同"), json!("李四"))
    );
    let stored: Vec<(String, String)> =
        xxgk_store::review::decisions(&web.fx.read(), id).unwrap().into_iter().map(|d| (d.state, d.author)).collect();
    assert_eq!(stored, [("confirmed".to_string(), "张三".to_string()), ("dismissed".to_string(), "李四".to_string())]);
    assert!(
        web.get(&format!("/reports/{id}")).await.text().contains("上年结转口径不同"),
        "the page shows the decision"
    );
    let listed = web.json("/api/reports?code=T4-SUM&organ=%E6%9D%BE%E5%B2%AD").await;
    assert_eq!((ids(&listed), listed["reports"][0]["decided"].clone()), (vec![id], json!(2)));
    // Once every warning and error is decided, the report moves from 待审核 to 已审核.
    let status = |v: Value| ids(&v);
    assert!(status(web.json("/api/reports?status=todo").await).contains(&id));
    for f in after["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "info" && f["state"] == "open") {
        assert_eq!(
            web.post(&url(f), auth, r#"{"state": "confirmed", "author": "张三"}"#).await.status,
            StatusCode::CREATED
        );
    }
    assert!(!status(web.json("/api/reports?status=todo").await).contains(&id));
    assert_eq!(status(web.json("/api/reports?status=done").await), [id]);
}

#[tokio::test]
async fn the_review_summary_is_a_workbook_of_the_list_s_view() {
    let web = examples_store();
    let list = web.json("/api/reports?severity=error").await;
    assert!(
        web.get("/reports?severity=error").await.text().contains("reports.xlsx?severity=error\" id=\"summary\""),
        "the list links its summary with its filters"
    );
    let book = web.get("/reports.xlsx?severity=error").await;
    assert_eq!(book.status, StatusCode::OK);
    assert!(book.header(header::CONTENT_TYPE).is_some_and(|t| t.contains("spreadsheetml")));
    assert!(book.header(header::CONTENT_DISPOSITION).is_some_and(|d| d.starts_with("attachment")));
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
    }
    let t4: i64 =
        body.iter().filter_map(|r| r.get(col("表四合计（T4-SUM）"))).filter_map(|c| c.parse::<i64>().ok()).sum();
    assert_eq!(t4, web.fx.count("SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 AND f.code = 'T4-SUM'"));
    // The files that could not be read, with why, on a sheet of their own.
    let junk = web.fx.docs.join("junk.pdf");
    std::fs::write(&junk, b"%PDF-1.4 not really").unwrap();
    web.fx.ingest(&[junk]);
    let book = web.get("/reports.xlsx").await;
    let (doc, _) = xxgk_read::read_bytes("summary.xlsx", &book.bytes).unwrap_or_else(|e| panic!("{e}"));
    let junk = doc
        .lines
        .iter()
        .find(|l| l.cells.first().is_some_and(|c| c.text.ends_with("junk.pdf")))
        .expect("the unreadable file is listed");
    assert!(junk.cells.len() == 2 && !junk.cells[1].text.is_empty(), "with why: {junk:?}");
}

#[tokio::test]
async fn a_document_s_markup_is_shown_as_text_never_run() {
    let fx = Fixture::new();
    fx.write("a.md", &year("<img src=x onerror=alert(1)>审计局", 2023, 0, 0, 10, "2024-01-20"), Form::Md);
    fx.ingest_docs();
    let id = fx.id("a.md");
    let web = Web::over(fx);
    for path in ["/reports".to_string(), format!("/reports/{id}")] {
        let page = web.get(&path).await.text();
        assert!(!page.contains("<img"), "{path}: {page}");
        assert!(page.contains("&lt;img") && page.contains("审计局"), "{path}: {page}");
    }
}

#[tokio::test]
async fn an_organ_s_years_side_by_side() {
    let fx = Fixture::new();
    fx.write("a.md", &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    fx.write("b.md", &year("青禾市审计局", 2024, 2, 0, 11, "2025-01-20"), Form::Md);
    fx.ingest_docs();
    let organ = fx.count("SELECT id FROM organs");
    let web = Web::over(fx);
    let api = web.json(&format!("/api/organs/{organ}")).await;
    assert_eq!(
        api["years"].as_array().unwrap().iter().map(|y| y["year"].clone()).collect::<Vec<_>>(),
        [json!(2023), json!(2024)]
    );
    let across: Vec<&str> =
        api["years"][1]["across"].as_array().unwrap().iter().map(|f| f[0].as_str().unwrap()).collect();
    assert!(across.contains(&"CARRY-OVER"), "{across:?}");
    let carried = api["figures"].as_array().unwrap().iter().find(|f| f["cell"] == "table3.carried_over.total").unwrap();
    assert_eq!(carried["values"], json!(["1", "2"]));
    assert_eq!(web.get(&format!("/organs/{organ}")).await.status, StatusCode::OK);
}

/// `/api/stats` as the store's figures compute them, one object per row.
fn stats_rows(web: &Web, by: xxgk_store::figures::By, scope: &xxgk_store::figures::Scope) -> Value {
    let (header, rows) = xxgk_store::figures::load(&web.fx.read(), false).unwrap().stats(by, scope);
    Value::Array(rows.into_iter().map(|r| Value::Object(header.iter().cloned().zip(r).collect())).collect())
}

#[tokio::test]
async fn the_figures_are_the_store_s_and_follow_it() {
    use xxgk_store::figures::{By, Scope};
    let web = Web::over(planted());
    // 总览: four expected by the roster, two missing and named, one late.
    let o = web.json("/api/overview?year=2024").await;
    let ov = &o["overview"];
    assert_eq!(
        (ov["expected"].as_i64(), ov["received"].as_i64(), ov["late"].as_i64()),
        (Some(4), Some(4), Some(1)),
        "{o}"
    );
    assert_eq!(ov["missing"], json!(["青禾市民政局", "青禾市溪山区人民政府"]), "{o}");
    // Of the four expected two reported; the two other reports are from units on no roster,
    // counted apart rather than beside the roster's figure.
    assert_eq!((ov["reported"].as_i64(), ov["outside"].as_i64()), (Some(2), Some(2)), "{o}");
    let page = web.get("/overview?year=2024").await.text();
    assert!(page.contains("data-card=\"expected\">4<") && page.contains("青禾市溪山区人民政府"), "{page}");
    assert!(page.contains("data-card=\"reported\">2<") && page.contains("data-card=\"outside\">2<"), "{page}");
    // 统计: the store's rows, by year, region and level, with and without a scope.
    let qinghe = Scope { year: Some(2024), region: xxgk_core::place::Place::parse("青禾市"), ..Default::default() };
    for (by, key, scope, query) in [
        (By::Year, "year", Scope::default(), ""),
        (By::Region, "region", Scope::default(), ""),
        (By::Level, "level", Scope::default(), ""),
        (By::Region, "region", qinghe, "&year=2024&region=%E9%9D%92%E7%A6%BE%E5%B8%82"),
        (By::Year, "year", Scope { level: Some("city".into()), ..Default::default() }, "&level=city"),
    ] {
        let api = web.json(&format!("/api/stats?by={key}{query}")).await;
        assert!(!api.as_array().unwrap().is_empty(), "{key}{query}");
        assert_eq!(api, stats_rows(&web, by, &scope), "{key}{query}");
    }
    let regions = web.json("/api/stats?by=region&year=2024&region=unplaced").await;
    let share =
        |g: &str| regions.as_array().unwrap().iter().find(|r| r["group"] == g).map(|r| r["withheld_rate"].clone());
    assert_eq!((share("云川市"), share("青禾市")), (Some(json!(1.0)), Some(json!(0.0))), "{regions}");
    assert_eq!(web.get("/api/stats?by=colour").await.status, StatusCode::BAD_REQUEST);
    // The same figures as a CSV file Excel opens.
    let csv = web.get("/data/stats.csv?by=year").await;
    assert!(csv.header(header::CONTENT_TYPE).is_some_and(|t| t.starts_with("text/csv")));
    assert!(csv.text().starts_with("\u{feff}分组,报告数,"), "a person's file by default: {}", csv.text());
    let text = web.get("/data/stats.csv?by=year&keys=1").await.text();
    assert!(text.starts_with("\u{feff}group,reports,applications,processed,granted"), "{text}");
    let mut lines = text.lines().skip(1);
    assert!(lines.next().unwrap().starts_with("2023,1,5,5,5,"), "{text}");
    assert!(lines.next().unwrap().starts_with("2024,4,20,20,15,"), "{text}");
    assert_eq!(lines.next(), None);
    // 排名: 云川市教育局 first at 100 %; 青禾市审计局 33 days late.
    let ranking = web.json("/api/ranking?by=withheld&year=2024").await;
    assert_eq!(
        (ranking["rows"][0]["agency"].clone(), ranking["rows"][0]["withheld_rate"].clone()),
        (json!("云川市教育局"), json!(1.0)),
        "{ranking}"
    );
    let late = web.json("/api/ranking?by=lateness&year=2024").await;
    assert_eq!(
        (late["rows"][0]["agency"].as_str(), late["rows"][0]["days_late"].as_i64()),
        (Some("青禾市审计局"), Some(33)),
        "{late}"
    );
    // A report ingested after a page was served is counted on the next.
    web.fx.write("civil.md", &year("青禾市民政局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    web.fx.ingest_docs();
    let after = web.json("/api/overview?year=2024").await;
    assert_eq!(
        (after["overview"]["received"].clone(), after["overview"]["missing"].clone()),
        (json!(5), json!(["青禾市溪山区人民政府"])),
        "{after}"
    );
}

#[tokio::test]
async fn a_rollup_difference_is_explained_with_the_session_token() {
    let web = Web::over(planted());
    let gov = web.fx.id("gov.md");
    let one = web.json(&format!("/api/rollup/{gov}")).await;
    assert_eq!((one["expected"].as_i64(), one["complete"].as_bool()), (Some(4), Some(false)), "{one}");
    let cell = one["differ"][0]["cell"].as_str().unwrap().to_string();
    assert_eq!(cell, "table3.new_received.natural_person", "{one}");
    let url = format!("/api/rollup/{gov}/explanations");
    let body = format!("{{\"cell\":\"{cell}\",\"reason\":\"政府报告只含本级\",\"author\":\"审核员\"}}");
    assert_eq!(web.post(&url, None, &body).await.status, StatusCode::FORBIDDEN, "no token, no change");
    // A pair made up by the sender (a cookie and a header that agree) is no token of this server.
    let made_up = "0123456789abcdef0123456789abcdef";
    let forged = web.post(&url, Some((&format!("xxgk_csrf={made_up}"), made_up)), &body).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "a made-up pair");
    let (cookie, token) = web.session(&format!("/rollup/{gov}")).await;
    let ok = web.post(&url, Some((cookie.as_str(), token.as_str())), &body).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text());
    let stored = xxgk_store::rollup::explanations(&web.fx.read(), gov).unwrap();
    assert_eq!((stored[&cell].reason.as_str(), stored[&cell].author.as_str()), ("政府报告只含本级", "审核员"));
    assert!(web.get(&format!("/rollup/{gov}")).await.text().contains("政府报告只含本级（审核员，"));
}

#[tokio::test]
async fn the_rules_page_lists_every_rule_and_the_list_filters_by_rule() {
    let web = examples_store();
    let page = web.get("/rules").await.text();
    for r in xxgk_core::rules::RULES {
        let row = format!("<tr id=\"{}\" class=\"{} {}\">", r.code, r.severity.as_str(), r.scope.key());
        assert!(page.contains(&row), "{} not listed as {row}", r.code);
        // As the page escapes text.
        let about = r
            .about(xxgk_core::Lang::default())
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;")
            .replace('/', "&#x2f;");
        assert!(page.contains(&r.name(xxgk_core::Lang::default())) && page.contains(&about), "{}", r.code);
    }
    let en = web.get("/rules?lang=en").await.text();
    assert!(en.contains("Table 3 balance"), "the rules in English when asked");
    // The code filter is a list of the rules by name, with the reports each was found in.
    let list = web.get("/reports").await.text();
    let stored = web.fx.rows("SELECT f.code, count(DISTINCT f.report_id) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 GROUP BY f.code");
    assert!(stored.len() > 3, "{stored:?}");
    for c in stored {
        let code = c[0].as_str().unwrap();
        let option = format!(
            "<option value=\"{code}\">{}（{}）</option>",
            xxgk_core::rules::find(code).unwrap().name(xxgk_core::Lang::default()),
            c[1]
        );
        assert!(list.contains(&option), "{option} not in the filter");
    }
}

#[tokio::test]
async fn the_opinion_charges_the_agency_with_its_document_never_with_the_reading() {
    let web = examples_store();
    // A scan: the reader found no text, which is no fault of the agency's report.
    let id = web.fx.id("m-scan.pdf");
    let reading = xxgk_store::review::report_findings(&web.fx.read(), id, false).unwrap();
    assert!(reading.iter().any(|f| f.code == "NO-TEXT-LAYER"), "{reading:?}");
    let docx = web.get(&format!("/reports/{id}/opinion.docx")).await;
    assert_eq!(docx.status, StatusCode::OK);
    let (doc, _) = xxgk_read::read_bytes("opinion.docx", &docx.bytes).unwrap_or_else(|e| panic!("{e}"));
    let text: String = doc.lines.iter().flat_map(|l| &l.cells).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
    let rule = xxgk_core::rules::find("NO-TEXT-LAYER").unwrap().name(xxgk_core::Lang::default());
    assert!(!text.contains(&rule) && !text.contains("NO-TEXT-LAYER"), "{text}");
    // Nor is it passed as clean: the opinion says what it could not check.
    let zh = |id: &str| xxgk_core::i18n::text(xxgk_core::Lang::default(), id);
    assert!(!text.contains(&zh("opinion-nothing-to-correct")), "{text}");
    assert!(text.contains(&zh("opinion-unread")) && text.contains(&zh("opinion-nothing-checked-to-correct")), "{text}");
    // A report whose organ was not recognised is named by its file's own name, never by where
    // the server keeps it.
    assert!(text.contains("《m-scan.pdf》") && !text.contains("/m-scan.pdf"), "{text}");
    // A report with findings about its document: each by its rule's name and the template's
    // words for its cells, with what to do; never by its code or the key a figure is stored by.
    let id = web.fx.id("g-inconsistent-utf16.txt");
    let docx = web.get(&format!("/reports/{id}/opinion.docx")).await;
    let (doc, _) = xxgk_read::read_bytes("opinion.docx", &docx.bytes).unwrap_or_else(|e| panic!("{e}"));
    let text: String = doc.lines.iter().flat_map(|l| &l.cells).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
    let fix = xxgk_core::rules::find("NARRATIVE-MISMATCH").unwrap().fix(xxgk_core::Lang::default());
    assert!(text.contains("正文与表格数字不一致。正文称收到政府信息公开申请64件") && text.contains(&fix), "{text}");
    assert!(text.contains("表三“本年新收”总计为"), "{text}");
    assert!(!text.contains("narrative.") && !text.contains("NARRATIVE-MISMATCH"), "{text}");
}

/// The JSON of a 201 answer.
fn created(r: &Reply) -> Value {
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    serde_json::from_slice(&r.bytes).unwrap()
}

/// A multipart body of one file, as a browser sends it: its content type and its bytes.
fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "xxgkBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A round through the API, each step by a role allowed to take it and refused to one that is
/// not: assigned, in the reviewer's queue, an opinion sent, the corrected report received, what
/// changed shown, passed; 总览 counts each state.
#[tokio::test]
async fn a_round_through_the_api_by_the_roles_allowed() {
    use xxgk_store::accounts::Role;
    let (web, cookies) = office().await;
    let cookie = |role: Role| cookies.iter().find(|(r, _)| *r == role).unwrap().1.clone();
    // 青禾市审计局's 表三 does not add up.
    let mut f = year("青禾市审计局", 2024, 0, 0, 10, "2025-01-20");
    set(&mut f, xxgk_core::TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 6]);
    web.fx.write("audit.md", &f, Form::Md);
    web.fx.ingest_docs();
    let id = web.fx.id("audit.md");
    let reviewer = cookie(Role::Reviewer);
    let (_, token) = web.session_with(&format!("/reports/{id}"), &reviewer).await;
    let post = |path: String, body: &'static str| {
        let (reviewer, token) = (reviewer.clone(), token.clone());
        let web = &web;
        async move { web.send("POST", &path, &reviewer, Some(&token), body).await }
    };
    // Assigned to the reviewer: in 我的待办, and only there.
    assert_eq!(
        post(format!("/api/reports/{id}/assignee"), r#"{"assignee":"查看丙"}"#).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a leader reviews nothing"
    );
    assert_eq!(
        post(format!("/api/reports/{id}/assignee"), r#"{"assignee":"审核员乙"}"#).await.status,
        StatusCode::CREATED
    );
    let mine = web.get_with("/api/reports?mine=1", &reviewer).await.json();
    assert_eq!(ids(&mine), [id], "{mine}");
    let admin = cookie(Role::Admin);
    assert_eq!(ids(&web.get_with("/api/reports?mine=1", &admin).await.json()), Vec::<i64>::new());
    // Decided by rule, on the page's own report.
    let decided = post(format!("/api/reports/{id}/decisions"), r#"{"code":"T3-ROWSUM","state":"confirmed"}"#).await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.text());
    assert_eq!(created(&decided)["decided"].as_array().unwrap().len(), 1);
    // A leader may not send; the reviewer does.
    let viewer = cookie(Role::Viewer);
    let (_, viewer_token) = web.session_with(&format!("/reports/{id}"), &viewer).await;
    let body = r#"{"overall":"请认真核对","deadline":"2027-01-15","seen":"reviewing"}"#;
    let refused = web.send("POST", &format!("/api/reports/{id}/opinions"), &viewer, Some(&viewer_token), body).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let sent = post(format!("/api/reports/{id}/opinions"), body).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text());
    let opinion = created(&sent)["opinion"].as_i64().unwrap();
    let round = web.get_with(&format!("/api/reports/{id}"), &reviewer).await.json()["round"].clone();
    assert_eq!(
        (round["state"].as_str(), round["deadline"].as_str()),
        (Some("returned"), Some("2027-01-15")),
        "{round}"
    );
    // The letter as sent, named for a person.
    let letter = web.get_with(&format!("/opinions/{opinion}/letter.docx"), &viewer).await;
    assert_eq!(letter.status, StatusCode::OK);
    let named = letter.header(header::CONTENT_DISPOSITION).unwrap().to_string();
    assert!(named.contains("filename*=UTF-8''2024%E5%B9%B4"), "{named}");
    // Printed by LibreOffice where it is installed; where not, said so.
    let pdf = web.get_with(&format!("/opinions/{opinion}/letter.pdf"), &viewer).await;
    if std::process::Command::new("soffice").arg("--version").output().is_ok() {
        assert!(pdf.status == StatusCode::OK && pdf.bytes.starts_with(b"%PDF"), "{}", pdf.status);
    } else {
        assert_eq!(pdf.status, StatusCode::SERVICE_UNAVAILABLE, "{}", pdf.text());
    }
    // Sent once: a second sending is refused until the agency answers.
    assert_eq!(post(format!("/api/reports/{id}/opinions"), r#"{}"#).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The corrected report, uploaded.
    let fixed = xxgk_render::synth::document(&year("青禾市审计局", 2024, 0, 0, 10, "2025-01-25"), Form::Md, "/");
    let (kind, bytes) = multipart("审计局年报（修改稿）.md", &fixed);
    let req = Request::post(format!("/api/reports/{id}/resubmission"))
        .header(header::COOKIE, &reviewer)
        .header("x-csrf-token", &token)
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(bytes))
        .unwrap();
    let up = web.call(req).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text());
    let new = created(&up)["report"].as_i64().unwrap();
    let detail = web.get_with(&format!("/api/reports/{new}"), &reviewer).await.json();
    assert_eq!(detail["round"]["state"], "resubmitted", "{detail}");
    let answer = &detail["answer"];
    assert_eq!(answer["before"].as_i64(), Some(id));
    assert!(answer["points"].as_array().unwrap().iter().all(|p| p[1] == true), "{answer}");
    assert!(answer["changed"].as_array().unwrap().iter().any(|c| c[1] == "6" && c[2] == "5"), "{answer}");
    let page = web.get_with(&format!("/reports/{new}"), &reviewer).await.text();
    assert!(page.contains("已消除的问题（") && page.contains("已整改"), "the page shows what changed");
    // Passed, from the state the page showed.
    let passed = post(format!("/api/reports/{new}/round"), r#"{"state":"passed","seen":"resubmitted"}"#).await;
    assert_eq!(passed.status, StatusCode::CREATED, "{}", passed.text());
    let again = post(format!("/api/reports/{new}/round"), r#"{"state":"passed","seen":"resubmitted"}"#).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a page that shows another state: {}", again.text());
    // 总览 counts the states, each a link to the list.
    let overview = web.get_with("/overview?year=2024", &reviewer).await.text();
    assert!(
        overview.contains("data-round=\"passed\" href=\"/reports?year=2024&amp;round=passed\">1</a>"),
        "{overview}"
    );
    assert_eq!(ids(&web.get_with("/api/reports?round=passed", &reviewer).await.json()), [new]);
    assert_eq!(
        ids(&web.get_with("/api/reports?mine=1", &reviewer).await.json()),
        Vec::<i64>::new(),
        "passed: out of the queue"
    );
}

/// `s` as a form field's value.
fn form_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The password of every account of [`office`].
const PASSWORD: &str = "correct horse battery";

/// The accounts of an office, by role.
const PEOPLE: [(&str, xxgk_store::accounts::Role); 4] = [
    ("管理员甲", xxgk_store::accounts::Role::Admin),
    ("审核员乙", xxgk_store::accounts::Role::Reviewer),
    ("查看丙", xxgk_store::accounts::Role::Viewer),
    ("单位丁", xxgk_store::accounts::Role::Agency),
];

/// A store with an office's accounts, and a session cookie for each.
async fn office() -> (Web, Vec<(xxgk_store::accounts::Role, String)>) {
    let web = Web::over(planted());
    let mut store = web.fx.open();
    for (name, role) in PEOPLE {
        xxgk_store::accounts::add_user(&mut store, &by("安装"), name, PASSWORD, role, &Default::default())
            .unwrap()
            .unwrap();
    }
    drop(store);
    let mut cookies = Vec::new();
    for (name, role) in PEOPLE {
        let r = web.login(name, PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.text());
        let cookie = r.header(header::SET_COOKIE).unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        cookies.push((role, cookie.split(';').next().unwrap().to_string()));
    }
    (web, cookies)
}

impl Web {
    async fn login(&self, name: &str, password: &str) -> Reply {
        let body = format!("name={}&password={}&next=%2Freports", form_value(name), form_value(password));
        let req = Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.call(req.body(Body::from(body)).unwrap()).await
    }

    /// `method` on `path` with `cookie` (and a CSRF `token`, when given).
    async fn send(&self, method: &str, path: &str, cookie: &str, token: Option<&str>, body: &str) -> Reply {
        let mut req = Request::builder().method(method).uri(path).header(header::COOKIE, cookie);
        if method == "POST" {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(t) = token {
            req = req.header("x-csrf-token", t);
        }
        self.call(req.body(Body::from(body.to_string())).unwrap()).await
    }
}

/// Whether the guard refused a request (rather than the route answering it, even with an
/// error of its own): sent to log in, or refused for who the person is.
fn refused_by_guard(r: &Reply) -> bool {
    let said = r.text();
    let zh = |id: &str| xxgk_web::text(xxgk_core::Lang::default(), id);
    r.header(header::LOCATION).is_some_and(|l| l.starts_with("/login"))
        || (r.status == StatusCode::UNAUTHORIZED && said == zh("web-login-needed"))
        || (r.status == StatusCode::FORBIDDEN && said == zh("web-not-allowed"))
}

/// Every route the router serves has a rule, and every role — and nobody logged in — is let in
/// or refused exactly as that rule says.
#[tokio::test]
async fn every_route_is_served_to_whom_its_rule_says_and_no_one_else() {
    use xxgk_store::accounts::Role;
    use xxgk_web::Need;
    let (web, cookies) = office().await;
    let gov = web.fx.id("gov.md");
    let organ = web.fx.count(&format!("SELECT organ_id FROM reports WHERE id = {gov}"));
    let finding = web.fx.count("SELECT min(id) FROM findings");
    let concrete = |path: &str| -> String {
        let id = if path.contains("/organs/") {
            organ
        } else if path.contains("/findings/") {
            finding
        } else {
            gov
        };
        path.replace("{id}", &id.to_string())
            .replace("{name}", &form_value("查看丙"))
            .replace("{file}", "stats.csv")
            .replace("{*path}", "echarts/VERSION")
    };
    let mut without_rule = Vec::new();
    let mut wrong = Vec::new();
    for (method, path) in xxgk_web::served() {
        let Some(need) = xxgk_web::rule(method, path) else {
            without_rule.push(format!("{method} {path}"));
            continue;
        };
        let who: Vec<(Option<Role>, &str)> =
            std::iter::once((None, "")).chain(cookies.iter().map(|(r, c)| (Some(*r), c.as_str()))).collect();
        for (role, cookie) in who {
            // No CSRF token: a route that lets the person in refuses the change itself, so that
            // walking the routes changes nothing.
            let r = web.send(method, &concrete(path), cookie, None, "{}").await;
            let expected = match (need, role) {
                (Need::Public, _) => false,
                (_, None) => true,
                (Need::Read, Some(_)) => false,
                (Need::Review, Some(r)) => !r.reviews(),
                (Need::Admin, Some(r)) => r != Role::Admin,
                (Need::Submit, Some(r)) => !(r.reviews() || r == Role::Agency),
            };
            if refused_by_guard(&r) != expected {
                wrong.push(format!("{method} {path} as {role:?}: {} {}", r.status, r.text()));
            }
        }
    }
    assert!(without_rule.is_empty(), "routes without a rule: {without_rule:#?}");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Every change is refused without a session, with a logged-out one, to a role that may not
/// make it, and without the session's own CSRF token; a made-up token is no token.
#[tokio::test]
async fn a_change_needs_a_live_session_of_the_right_role_and_its_own_token() {
    let (web, cookies) = office().await;
    let [(_, admin), (_, reviewer), (_, viewer), _] = [0, 1, 2, 3].map(|i| cookies[i].clone());
    let gov = web.fx.id("gov.md");
    let url = format!("/api/reports/{gov}/corrections");
    let body = r#"{"cell": "table4.review.total", "value": "9", "reason": "试验"}"#;
    let (_, token) = web.session_with(&format!("/reports/{gov}"), &reviewer).await;
    assert_eq!(web.send("POST", &url, "", Some(&token), body).await.status, StatusCode::UNAUTHORIZED, "no session");
    assert_eq!(web.send("POST", &url, &viewer, Some(&token), body).await.status, StatusCode::FORBIDDEN, "a viewer");
    assert_eq!(web.send("POST", &url, &reviewer, None, body).await.status, StatusCode::FORBIDDEN, "no token");
    let made_up = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    assert_eq!(web.send("POST", &url, &reviewer, Some(made_up), body).await.status, StatusCode::FORBIDDEN);
    let (_, admin_token) = web.session_with("/reports", &admin).await;
    assert_eq!(
        web.send("POST", &url, &reviewer, Some(&admin_token), body).await.status,
        StatusCode::FORBIDDEN,
        "another's token"
    );
    assert!(xxgk_store::query::corrections(&web.fx.read(), gov).unwrap().is_empty(), "nothing recorded");
    let done = web.send("POST", &url, &reviewer, Some(&token), body).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.text());
    // Recorded under the account's name, whatever name the body gives.
    let stored = xxgk_store::query::corrections(&web.fx.read(), gov).unwrap();
    assert_eq!(stored[0].author, "审核员乙");
    // Logged out, the cookie opens nothing.
    // As the page's form sends it.
    let form = Request::post("/logout")
        .header(header::COOKIE, reviewer.as_str())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={token}")))
        .unwrap();
    let logout = web.call(form).await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER, "{}", logout.text());
    assert_eq!(
        web.send("POST", &url, &reviewer, Some(&token), body).await.status,
        StatusCode::UNAUTHORIZED,
        "logged out"
    );
    assert_eq!(web.get_with("/reports", &reviewer).await.header(header::LOCATION), Some("/login?next=/reports"));
    let trail: Vec<String> = xxgk_store::audit::entries(&web.fx.read(), &Default::default())
        .unwrap()
        .into_iter()
        .rev()
        .filter(|e| e.actor == "审核员乙")
        .map(|e| e.action)
        .collect();
    assert_eq!(trail, ["login", "correction", "logout"]);
}

#[tokio::test]
async fn guessing_a_password_locks_the_account() {
    let (web, _) = office().await;
    for _ in 0..5 {
        let r = web.login("查看丙", "guess").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.text().contains(&xxgk_web::text(xxgk_core::Lang::default(), "web-login-wrong")));
    }
    let locked = web.login("查看丙", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "the right password, too late");
    assert!(locked.header(header::SET_COOKIE).is_none());
    let failed = xxgk_store::audit::entries(
        &web.fx.read(),
        &xxgk_store::audit::Filter { action: Some("login-failed".into()), ..Default::default() },
    );
    assert_eq!(failed.unwrap().len(), 6);
}

/// A page elsewhere cannot reach the server by another name (DNS rebinding), nor post to it.
#[tokio::test]
async fn requests_from_elsewhere_are_refused() {
    let web = Web::over(planted());
    let evil = Request::get("/reports").header(header::HOST, "evil.example").body(Body::empty()).unwrap();
    assert_eq!(web.call(evil).await.status, StatusCode::MISDIRECTED_REQUEST);
    let local = Request::get("/reports").header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap();
    assert_eq!(web.call(local).await.status, StatusCode::OK);
    let gov = web.fx.id("gov.md");
    let (_, token) = web.session(&format!("/reports/{gov}")).await;
    let post = |origin: &str| {
        Request::post(format!("/api/reports/{gov}/corrections"))
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", token.as_str())
            .body(Body::from(r#"{"cell": "table4.review.total", "value": "9", "reason": "试验", "author": "本机"}"#))
            .unwrap()
    };
    assert_eq!(web.call(post("http://evil.example")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(web.call(post("http://127.0.0.1:8080")).await.status, StatusCode::CREATED);
}

/// Two pages read a finding undecided; the second to decide is told of the first, nothing is
/// overwritten; the page lists the finding's decisions.
#[tokio::test]
async fn a_stale_page_cannot_overwrite_a_decision() {
    let (web, cookies) = office().await;
    let reviewer = cookies[1].1.clone();
    let admin = cookies[0].1.clone();
    let finding = web.fx.count("SELECT min(id) FROM findings");
    let withheld = web.fx.count(&format!("SELECT report_id FROM findings WHERE id = {finding}"));
    let url = format!("/api/findings/{finding}/decision");
    let (_, mine) = web.session_with(&format!("/reports/{withheld}"), &reviewer).await;
    let (_, theirs) = web.session_with(&format!("/reports/{withheld}"), &admin).await;
    let first = web.send("POST", &url, &admin, Some(&theirs), r#"{"state": "confirmed", "seen": null}"#).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let late = web
        .send("POST", &url, &reviewer, Some(&mine), r#"{"state": "dismissed", "reason": "不是问题", "seen": null}"#)
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text());
    let said: Value = serde_json::from_slice(&late.bytes).unwrap();
    assert!(said["message"].as_str().unwrap().starts_with("管理员甲已于"), "{said}");
    assert_eq!(said["standing"]["state"], "confirmed");
    // Sent again, the first decision is not recorded twice.
    let again = web.send("POST", &url, &admin, Some(&theirs), r#"{"state": "confirmed", "seen": null}"#).await;
    assert_eq!(again.status, StatusCode::CREATED);
    let history: Value =
        serde_json::from_slice(&web.get_with(&format!("/api/findings/{finding}/history"), &reviewer).await.bytes)
            .unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    assert_eq!(history[0]["author"], "管理员甲");
    let page = web.get_with(&format!("/reports/{withheld}"), &reviewer).await.text();
    assert!(page.contains("管理员甲：已确认"), "the page lists the decision");
}

/// A name holding markup is text on every page that shows it.
#[tokio::test]
async fn a_name_with_markup_is_shown_as_text() {
    let (web, cookies) = office().await;
    let admin = cookies[0].1.clone();
    let (_, token) = web.session_with("/users", &admin).await;
    let body = json!({ "name": "<script>alert(1)</script>", "password": PASSWORD, "role": "viewer" }).to_string();
    let made = web.send("POST", "/api/users", &admin, Some(&token), &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    for page in ["/users", "/audit"] {
        let text = web.get_with(page, &admin).await.text();
        assert!(
            text.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") && !text.contains("<script>alert"),
            "{page}"
        );
    }
}

/// A manifest cannot date a report in the future: the edited copy it came with would become the
/// version that counts.
#[test]
fn a_publication_date_to_come_is_refused() {
    let manifest = "path,published\nreport.pdf,2030-01-01\n";
    let refused =
        xxgk_store::manifest::Manifest::parse(manifest, "manifest.csv", std::path::Path::new("/upload")).unwrap_err();
    assert_eq!(refused.id, "store-manifest-future");
    assert!(xxgk_store::manifest::Manifest::parse(
        "path,published\nreport.pdf,2024-01-20\n",
        "m",
        std::path::Path::new("/")
    )
    .is_ok());
}

/// A county's or a city's reviewer sees only the reports of places under theirs, by division
/// code (淮安市 takes 洪泽区); an agency only its own; whatever is outside is not found.
#[tokio::test]
async fn each_account_sees_its_own_region() {
    use xxgk_store::accounts::{add_user, Role, Scope};
    let fx = Fixture::new();
    for (file, organ) in [("ha.md", "淮安市人民政府"), ("hz.md", "淮安市洪泽区人民政府"), ("nj.md", "南京市教育局")]
    {
        let mut f = year(organ, 2024, 0, 0, 10, "2025-01-20");
        if file != "ha.md" {
            // 表四's 总计 wrong in 洪泽区's and in 南京's: one T4-SUM inside 淮安市, one outside.
            set(&mut f, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 5]);
        }
        fx.write(file, &f, Form::Md);
    }
    fx.ingest_docs();
    let web = Web::over(fx);
    let mut store = web.fx.open();
    let city = Scope { places: vec!["320800".into()], organs: vec![] };
    add_user(&mut store, &by("安装"), "淮安审核", PASSWORD, Role::Reviewer, &city).unwrap().unwrap();
    let own = Scope { places: vec![], organs: vec!["南京市教育局".into()] };
    add_user(&mut store, &by("安装"), "南京教育局", PASSWORD, Role::Agency, &own).unwrap().unwrap();
    add_user(&mut store, &by("安装"), "无单位", PASSWORD, Role::Agency, &Scope::default()).unwrap().unwrap();
    drop(store);
    let cookie = |r: Reply| r.header(header::SET_COOKIE).unwrap().split(';').next().unwrap().to_string();
    let huaian = cookie(web.login("淮安审核", PASSWORD).await);
    let nanjing = cookie(web.login("南京教育局", PASSWORD).await);
    let nobody = cookie(web.login("无单位", PASSWORD).await);
    let json = |r: Reply| -> Value { serde_json::from_slice(&r.bytes).unwrap() };
    let listed = |v: Value| -> Vec<String> {
        let mut names: Vec<String> =
            v["reports"].as_array().unwrap().iter().map(|r| r["agency"].as_str().unwrap().to_string()).collect();
        names.sort();
        names
    };
    assert_eq!(listed(json(web.get_with("/api/reports", &huaian).await)), ["淮安市人民政府", "淮安市洪泽区人民政府"]);
    assert_eq!(listed(json(web.get_with("/api/reports", &nanjing).await)), ["南京市教育局"]);
    assert_eq!(listed(json(web.get_with("/api/reports", &nobody).await)), Vec::<String>::new());
    // 总览 counts what a direct count by division code counts.
    let by_code = web.fx.count("SELECT count(*) FROM reports r JOIN organs o ON o.id = r.organ_id WHERE r.current = 1 AND o.division LIKE '3208%'");
    assert_eq!(by_code, 2);
    let overview = json(web.get_with("/api/overview", &huaian).await);
    assert_eq!(overview["overview"]["received"], json!(by_code), "{overview}");
    // The list's rule filter counts the reports of the scope only.
    let page = web.get_with("/reports", &huaian).await.text();
    let t4 = xxgk_core::rules::find("T4-SUM").unwrap().name(xxgk_core::Lang::default());
    assert!(page.contains(&format!("<option value=\"T4-SUM\">{t4}（1）</option>")), "{page}");
    // Outside the scope is not found, page and API alike.
    let nj = web.fx.id("nj.md");
    for path in [format!("/reports/{nj}"), format!("/api/reports/{nj}")] {
        assert_eq!(web.get_with(&path, &huaian).await.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(web.get_with(&path, &nanjing).await.status, StatusCode::OK, "{path}");
    }
    // An opinion not yet sent is the office's draft, not the agency's to read.
    let draft = format!("/reports/{nj}/opinion.docx");
    assert_eq!(web.get_with(&draft, &nanjing).await.status, StatusCode::FORBIDDEN);
}

/// Places by division code on every view: 淮安市 takes 洪泽区 however its name is written and the
/// departments of both; a made-up place is counted under 未识别地区, never dropped.
#[tokio::test]
async fn every_view_takes_places_by_division_code() {
    let fx = Fixture::new();
    for (file, organ) in [
        ("ha.md", "淮安市人民政府"),
        ("hz.md", "洪泽区人民政府"),
        ("hzcz.md", "淮安市洪泽区财政局"),
        ("nj.md", "南京市教育局"),
        ("qh.md", "青禾市教育局"),
    ] {
        fx.write(file, &year(organ, 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    }
    fx.ingest_docs();
    let web = Web::over(fx);
    let agencies = |v: &Value, list: &str, key: &str| -> Vec<String> {
        let mut names: Vec<String> =
            v[list].as_array().unwrap().iter().map(|r| r[key].as_str().unwrap_or("").to_string()).collect();
        names.sort();
        names
    };
    let huaian = ["洪泽区人民政府", "淮安市人民政府", "淮安市洪泽区财政局"];
    for region in ["%E6%B7%AE%E5%AE%89%E5%B8%82", "320800", "3208"] {
        let v = web.json(&format!("/api/reports?region={region}")).await;
        assert_eq!(agencies(&v, "reports", "agency"), huaian, "{region}");
        let o = web.json(&format!("/api/overview?year=2024&region={region}")).await;
        assert_eq!(o["overview"]["received"], json!(3), "{o}");
        let r = web.json(&format!("/api/ranking?by=errors&year=2024&region={region}")).await;
        assert_eq!(agencies(&r, "rows", "agency"), huaian, "{region}");
    }
    // 统计 drills down 江苏省 › 淮安市 › 洪泽区, with 未识别地区 beside the province.
    let groups = |v: Value| -> Vec<(Value, Value)> {
        v.as_array().unwrap().iter().map(|r| (r["group"].clone(), r["reports"].clone())).collect()
    };
    assert_eq!(
        groups(web.json("/api/stats?by=region&year=2024").await),
        [(Value::Null, json!(1)), (json!("江苏省"), json!(4))]
    );
    assert_eq!(
        groups(web.json("/api/stats?by=region&year=2024&region=%E6%B7%AE%E5%AE%89%E5%B8%82").await),
        [(json!("江苏省淮安市"), json!(1)), (json!("江苏省淮安市洪泽区"), json!(2))]
    );
    let page = web.get("/stats?year=2024&region=3208").await.text();
    assert!(page.contains("region=%E6%B1%9F%E8%8B%8F%E7%9C%81\">江苏省</a>"), "the way back up: {page}");
    let table = web.get("/stats/table?by=region&year=2024&region=3208").await.text();
    assert!(table.contains("江苏省淮安市洪泽区</a>"), "{table}");
    let top = web.get("/stats/table?by=region&year=2024").await.text();
    assert!(top.contains("region=unplaced\">未识别地区</a>"), "{top}");
    let v = web.json("/api/reports?region=unplaced").await;
    assert_eq!(agencies(&v, "reports", "agency"), ["青禾市教育局"]);
    let list = web.get("/reports?region=unplaced").await.text();
    assert!(list.contains("<td>市级</td><td>青禾市</td>"), "its place as its name writes it: {list}");
    // 汇总: without a roster, 淮安市's units are its departments and the governments right
    // under it, 洪泽区 written without its city among them.
    let gov = web.fx.id("ha.md");
    let one = web.json(&format!("/api/rollup/{gov}")).await;
    let units: Vec<&str> = one["units"].as_array().unwrap().iter().map(|u| u["agency"].as_str().unwrap()).collect();
    assert_eq!(units, ["洪泽区人民政府"], "{one}");
    let hz = web.json(&format!("/api/rollup/{}", web.fx.id("hz.md"))).await;
    let units: Vec<&str> = hz["units"].as_array().unwrap().iter().map(|u| u["agency"].as_str().unwrap()).collect();
    assert_eq!(units, ["淮安市洪泽区财政局"], "{hz}");
}

/// A new version never replaces a report under review silently: the change is in the trail and
/// on the new version's page, with the way back to the one decided on. A new version of a
/// report nobody decided on is just the current one.
#[tokio::test]
async fn a_new_version_of_a_report_under_review_is_shown_to_its_reviewer() {
    let fx = Fixture::new();
    let mut v1 = year("淮安市洪泽区人民政府", 2024, 0, 0, 10, "2025-01-20");
    set(&mut v1, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 5]);
    fx.write("v1.md", &v1, Form::Md);
    fx.write("nj1.md", &year("南京市教育局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    fx.ingest_docs();
    let web = Web::over(fx);
    let first = web.fx.id("v1.md");
    let finding = web.fx.count(&format!("SELECT id FROM findings WHERE report_id = {first} AND code = 'T4-SUM'"));
    let (cookie, token) = web.session(&format!("/reports/{first}")).await;
    let decided = web
        .post(
            &format!("/api/findings/{finding}/decision"),
            Some((&cookie, &token)),
            r#"{"state": "confirmed", "author": "张三", "seen": null}"#,
        )
        .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.text());
    // The agency's corrected report, published later; a later report of 南京 too.
    let mut v2 = year("淮安市洪泽区人民政府", 2024, 0, 0, 10, "2025-02-10");
    set(&mut v2, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 1]);
    web.fx.write("v2.md", &v2, Form::Md);
    web.fx.write("nj2.md", &year("南京市教育局", 2024, 0, 0, 11, "2025-02-10"), Form::Md);
    web.fx.ingest_docs();
    let second = web.fx.id("v2.md");
    assert_eq!(web.fx.count(&format!("SELECT current FROM reports WHERE id = {second}")), 1);
    let trail = xxgk_store::audit::entries(
        &web.fx.open(),
        &xxgk_store::audit::Filter { action: Some("version-replaced".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(trail.len(), 1, "only the report under review: {trail:?}");
    assert_eq!(trail[0].target, second.to_string());
    assert_eq!(trail[0].before, Some(json!({ "report": first, "decisions": 1 })));
    let page = web.get(&format!("/reports/{second}")).await.text();
    assert!(page.contains("取代此前审核中的版本") && page.contains(&format!("href=\"/reports/{first}\"")), "{page}");
    let other = web.get(&format!("/reports/{}", web.fx.id("nj2.md"))).await.text();
    assert!(!other.contains("取代此前审核中的版本"));
}

/// An organ's name holding markup, as a document can write it, is text on the pages that show it
/// and in the 审核意见 the office sends: Word shows it, never reads it as its own markup.
#[tokio::test]
async fn an_organ_name_with_markup_is_text_on_the_pages_and_in_the_opinion() {
    let fx = Fixture::new();
    let mut f = year("青禾市<script>alert(1)</script>局", 2024, 0, 0, 10, "2025-01-20");
    set(&mut f, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 5]);
    fx.write("x.md", &f, Form::Md);
    fx.ingest_docs();
    let web = Web::over(fx);
    let id = web.fx.id("x.md");
    let agency = web.json(&format!("/api/reports/{id}")).await["agency"].as_str().unwrap().to_string();
    assert!(agency.contains("<script>"), "the name as the document writes it: {agency}");
    for page in ["/reports".to_string(), format!("/reports/{id}"), "/ranking".to_string()] {
        let text = web.get(&page).await.text();
        assert!(text.contains("&lt;script&gt;alert(1)") && !text.contains("<script>alert"), "{page}: {text}");
    }
    let docx = web.get(&format!("/reports/{id}/opinion.docx")).await;
    assert_eq!(docx.status, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !xml.contains("<script>"), "{xml}");
    let (doc, _) = xxgk_read::read_bytes("opinion.docx", &docx.bytes).unwrap();
    let words: String = doc.lines.iter().flat_map(|l| &l.cells).map(|c| c.text.as_str()).collect();
    assert!(words.contains("青禾市<script>alert(1)</script>局"), "{words}");
}

/// Two pages correcting the same cell: the second, made on a page that did not show the first,
/// is refused with who corrected it to what and when; made again on the page that shows it, it
/// is recorded.
#[tokio::test]
async fn a_stale_page_cannot_overwrite_a_correction() {
    let (web, cookies) = office().await;
    let (admin, reviewer) = (cookies[0].1.clone(), cookies[1].1.clone());
    let report = web
        .fx
        .count("SELECT min(report_id) FROM report_values WHERE tbl = 'table4' AND row = 'review' AND col = 'total'");
    let url = format!("/api/reports/{report}/corrections");
    let (_, theirs) = web.session_with(&format!("/reports/{report}"), &admin).await;
    let (_, mine) = web.session_with(&format!("/reports/{report}"), &reviewer).await;
    let body = |value: &str, seen: &str| {
        format!(r#"{{"cell": "table4.review.total", "value": "{value}", "reason": "合计笔误", "seen": {seen}}}"#)
    };
    let first = web.send("POST", &url, &admin, Some(&theirs), &body("3", "null")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let late = web.send("POST", &url, &reviewer, Some(&mine), &body("4", "null")).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text());
    assert!(late.text().starts_with("管理员甲 已于") && late.text().contains("更正为 3"), "{}", late.text());
    // The page now shows the first correction on the cell's option, and a correction made on it
    // is recorded.
    let id = serde_json::from_slice::<Value>(&first.bytes).unwrap()["correction"].as_i64().unwrap();
    let page = web.get_with(&format!("/reports/{report}"), &reviewer).await.text();
    assert!(page.contains(&format!("<option value=\"table4.review.total\" data-seen=\"{id}\">")), "{page}");
    let again = web.send("POST", &url, &reviewer, Some(&mine), &body("4", &id.to_string())).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text());
    assert_eq!(web.fx.count("SELECT count(*) FROM corrections"), 2);
}

/// The review page draws each table as its template does: 表三's group rows beside their rows,
/// 表二's column headers in each block, 表四's two levels of headers; the 2019 template's
/// 表二 with its own columns.
#[tokio::test]
async fn the_review_page_draws_the_tables_as_the_templates_do() {
    let web = examples_store();
    let page = web.get(&format!("/reports/{}", web.fx.id("a-markdown.md"))).await.text();
    for head in [
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "申请人情况",
        "法人或其他组织",
        "商业企业",
        "第二十条第（一）项",
        "信息内容",
        "本年制发件数",
        "行政复议",
        "未经复议直接起诉",
        "复议后起诉",
    ] {
        assert!(page.contains(&format!(">{head}</th>")), "2021: {head} is a heading of the page's tables");
    }
    assert!(page.contains(" rowspan=\""), "group rows span their rows");
    let old = web.get(&format!("/reports/{}", web.fx.id("f-2019-template-gbk.txt"))).await.text();
    for head in ["第二十条第（五）项", "本年新制作数量", "上一年项目数量", "处理决定数量", "（六）其他处理"]
    {
        assert!(old.contains(&format!(">{head}</th>")), "2019: {head} is a heading of the page's tables");
    }
}

/// A corrected value stands in the table beside the published one, struck through.
#[tokio::test]
async fn a_corrected_value_is_shown_in_the_table() {
    let web = examples_store();
    let id = web.fx.id("a-markdown.md");
    let (cookie, token) = web.session(&format!("/reports/{id}")).await;
    let body =
        json!({ "cell": "table4.review.total", "value": "12", "reason": "核对原件", "author": "甲", "seen": null });
    let r = web.post(&format!("/api/reports/{id}/corrections"), Some((&cookie, &token)), &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let page = web.get(&format!("/reports/{id}")).await.text();
    let at = page.find("data-cell=\"table4.review.total\"").unwrap();
    let td = &page[at..at + page[at..].find("</td>").unwrap()];
    assert!(td.contains("<del") && td.contains("<ins") && td.contains(">12</ins>"), "{td}");
}

/// Facts a reviewer gives a report on its page: refused without a ground or with a date that
/// is none; taken with one, kept by the report's content, audited, and the report checked
/// again at once — a publication after the deadline is 逾期发布.
#[tokio::test]
async fn a_reviewer_gives_a_report_its_publication_date_and_lateness_follows() {
    let fx = Fixture::new();
    let p = fx.write("审计局.md", &year("青禾市审计局", 2023, 0, 0, 5, ""), Form::Md);
    fx.ingest(&[p]);
    let web = Web::over(fx);
    let id = web.fx.id("审计局.md");
    let (cookie, token) = web.session(&format!("/reports/{id}")).await;
    let url = format!("/api/reports/{id}/facts");
    let send = |body: Value| {
        let (cookie, token, url) = (cookie.clone(), token.clone(), url.clone());
        let web = &web;
        async move { web.post(&url, Some((&cookie, &token)), &body.to_string()).await }
    };
    let r = send(json!({ "published": "2024-03-04", "reason": " ", "author": "甲" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a ground is needed: {}", r.text());
    let r = send(json!({ "published": "三月", "reason": "栏目页", "author": "甲" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("不是日期"), "{}", r.text());
    let r = send(json!({ "published": "2024年3月4日", "level": "市级", "url": "https://www.qinghe.gov.cn/a.html", "reason": "门户网站栏目页", "author": "甲" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let now: Value = serde_json::from_slice(&r.bytes).unwrap();
    let now = now["report"].as_i64().unwrap();
    let detail = web.json(&format!("/api/reports/{now}")).await;
    assert_eq!(detail["published"], "2024-03-04");
    assert!(detail["findings"].as_array().unwrap().iter().any(|f| f["code"] == "LATE"), "{detail}");
    assert_eq!(
        web.fx.count("SELECT count(*) FROM reports WHERE current = 1 AND level = 'city' AND url LIKE 'https://%'"),
        1
    );
    assert_eq!(web.fx.count("SELECT count(*) FROM audit WHERE action = 'facts'"), 1);
    // Read again from scratch (the store forgets the file and takes it anew), the facts stay.
    let path =
        web.fx.rows(&format!("SELECT source_path FROM reports WHERE id = {now}"))[0][0].as_str().unwrap().to_string();
    xxgk_store::review::remove_path(&mut web.fx.open(), &by("甲"), &path).unwrap();
    web.fx.ingest(&[path.into()]);
    assert_eq!(web.fx.rows("SELECT published FROM reports WHERE current = 1")[0][0], "2024-03-04");
}

/// What counts as no report — a notice, an unreadable file — is listed apart on 文件 with why,
/// removed from there; the versions of a report are listed on its page and one is chosen.
#[tokio::test]
async fn files_apart_and_versions_are_handled_on_their_pages() {
    let fx = Fixture::new();
    let notice = fx.docs.join("通知.txt");
    std::fs::write(&notice, "关于召开政务公开工作会议的通知\n各单位：定于3月5日召开会议，请准时参加。\n").unwrap();
    let bad = fx.docs.join("坏.pdf");
    std::fs::write(&bad, b"%PDF-1.4 broken").unwrap();
    let a = fx.write("a.md", &year("青禾市审计局", 2023, 0, 0, 5, "2024-01-20"), Form::Md);
    let b = fx.write("b.md", &year("青禾市审计局", 2023, 0, 0, 6, "2024-01-25"), Form::Md);
    fx.ingest(&[notice, bad, a, b]);
    let web = Web::over(fx);
    let page = web.get("/files").await.text();
    assert!(
        page.contains("通知.txt") && page.contains("坏.pdf") && page.contains("不是政府信息公开工作年度报告"),
        "{page}"
    );
    assert_eq!(web.json("/api/reports").await["total"], 1, "the notice is no report of the list");
    // The versions of 青禾市审计局's 2023, on the page of the one that counts.
    let current = web.fx.count("SELECT id FROM reports WHERE current = 1");
    let other = web.fx.count("SELECT id FROM reports WHERE current = 0 AND organ_id IS NOT NULL");
    let page = web.get(&format!("/reports/{current}")).await.text();
    assert!(
        page.contains("a.md") && page.contains("b.md") && page.contains(&format!("data-version=\"{other}\"")),
        "{page}"
    );
    let theirs = web.get(&format!("/reports/{other}")).await.text();
    assert!(theirs.contains("表二·行政规范性文件·现行有效件数"), "where it differs from the one that counts: {theirs}");
    let (cookie, token) = web.session("/files").await;
    let r = web.post(&format!("/api/reports/{other}/version"), Some((&cookie, &token)), "{}").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(web.fx.count("SELECT id FROM reports WHERE current = 1"), other);
    // The notice removed from 文件: gone from the store and the page.
    let path =
        web.fx.rows("SELECT source_path FROM reports WHERE organ_id IS NULL")[0][0].as_str().unwrap().to_string();
    let r = web.post("/api/files/removal", Some((&cookie, &token)), &json!({ "path": path }).to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert!(!web.get("/files").await.text().contains("通知.txt"));
    // A report that counts is not removed from there.
    let counted = web.fx.rows("SELECT source_path FROM reports WHERE current = 1")[0][0].as_str().unwrap().to_string();
    let r = web.post("/api/files/removal", Some((&cookie, &token)), &json!({ "path": counted }).to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
}

/// The organs and the rosters without the command line: the index of organs, a name split off
/// as an organ of its own and merged back, a roster imported from the file an office keeps and
/// set against the year's reports.
#[tokio::test]
async fn organs_and_rosters_are_kept_on_their_pages() {
    let fx = Fixture::new();
    let a = fx.write("a.md", &year("青禾市审计局", 2023, 0, 0, 5, "2024-01-20"), Form::Md);
    let b = fx.write("b.md", &year("青禾市教育局", 2023, 0, 0, 5, "2024-01-20"), Form::Md);
    fx.ingest(&[a, b]);
    let web = Web::over(fx);
    let page = web.get("/organs").await.text();
    assert!(page.contains("青禾市审计局") && page.contains("青禾市教育局"), "{page}");
    let audit = web.fx.count("SELECT id FROM organs WHERE name = '青禾市审计局'");
    let edu = web.fx.count("SELECT id FROM organs WHERE name = '青禾市教育局'");
    let (cookie, token) = web.session("/organs").await;
    let s = Some((cookie.as_str(), token.as_str()));
    // 教育局 merged into 审计局 (as if they were one), then its name split off again.
    let r = web.post("/api/organs/merge", s, &json!({ "into": audit, "from": edu }).to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(web.fx.count("SELECT count(*) FROM organs"), 1);
    let names = web.get(&format!("/organs/{audit}")).await.text();
    assert!(names.contains("data-split=\"青禾市教育局\""), "{names}");
    let r = web.post("/api/organs/split", s, &json!({ "organ": audit, "name": "青禾市教育局" }).to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(web.fx.count("SELECT count(*) FROM organs"), 2);
    let r = web.post("/api/organs/split", s, &json!({ "organ": audit, "name": "别的局" }).to_string()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A roster from a CSV with its BOM and header, set against 2023.
    let (kind, bytes) = multipart(
        "名单.csv",
        "\u{feff}政府,单位\n青禾市人民政府,青禾市审计局\n青禾市人民政府,青禾市民政局\n".as_bytes(),
    );
    let req = Request::post("/api/roster")
        .header(header::COOKIE, &cookie)
        .header("x-csrf-token", &token)
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(bytes))
        .unwrap();
    let r = web.call(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(serde_json::from_slice::<Value>(&r.bytes).unwrap()["units"], 2);
    let roster = web.get("/roster?year=2023").await.text();
    assert!(
        roster.contains("青禾市人民政府") && roster.contains("<td>2</td><td>1</td><td>青禾市民政局</td>"),
        "{roster}"
    );
    assert_eq!(web.fx.count("SELECT count(*) FROM audit WHERE action IN ('merge-organs', 'split-organ', 'roster')"), 3);
}

/// An empty store: every page answers, and none shows a year it does not have ("None 年度").
#[tokio::test]
async fn an_empty_store_shows_no_year_it_does_not_have() {
    let fx = Fixture::new();
    fx.ingest(&[]);
    let web = Web::over(fx);
    for page in ["/overview", "/ranking", "/rollup", "/stats", "/reports", "/files", "/organs", "/roster"] {
        let r = web.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.text());
        let text = r.text();
        assert!(!text.contains("None") && !text.contains("year=none"), "{page}: {text}");
    }
}

/// Whole-file exports are built a few at a time: asked for together, those past the limit are
/// told to come back (429, `Retry-After`) in the page's language, and the others are whole.
#[tokio::test]
async fn whole_file_exports_beyond_the_limit_are_told_to_come_back() {
    let web = examples_store();
    let (a, b, c, d) = tokio::join!(
        web.get("/reports.xlsx"),
        web.get("/reports.xlsx"),
        web.get("/opinions.zip"),
        web.get("/data/stats.csv?by=year")
    );
    let all = [a, b, c, d];
    let served = all.iter().filter(|r| r.status == StatusCode::OK).count();
    let busy: Vec<&Reply> = all.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!((served, busy.len()), (2, 2), "{:?}", all.iter().map(|r| r.status).collect::<Vec<_>>());
    for r in busy {
        assert_eq!(r.header(header::RETRY_AFTER), Some("5"));
        assert_eq!(r.text(), xxgk_web::text(xxgk_core::Lang::default(), "web-busy"));
    }
    assert_eq!(web.get("/reports.xlsx").await.status, StatusCode::OK, "a turn is free again once the others end");
}
