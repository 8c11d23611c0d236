//! The workspace in a real browser: Debian's Chromium, headless, driven over WebDriver by
//! chromedriver. A reviewer's round: upload `examples/`, open a PDF report, click its T4-SUM
//! finding and see the box drawn over each cell it names on the PDF page (the text under each
//! box, cut out of the PDF by poppler, is the cell's value), confirm it, dismiss a finding of
//! another report, correct a cell and see it re-checked, download the 审核意见 and read it.
//! Screenshots of every view go to `target/tmp/screenshots/` for a person to look at.
//!
//! Skips, saying why, where `chromium` or `chromedriver` is not installed, and fails under CI
//! (`.ci/run` installs both).

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

fn chromedriver() -> (Driver, SocketAddr) {
    let addr = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={}", addr.port()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Driver(child), addr)
}

async fn browser(driver: SocketAddr, profile: &Path, downloads: &Path) -> Client {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1600,1200",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": args,
            "prefs": { "download.default_directory": downloads.display().to_string(), "download.prompt_for_download": false },
        }
    });
    let caps = caps.as_object().unwrap().clone();
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://{driver}"))
        .await
        .expect("a WebDriver session")
}

fn shots() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let path = shots().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// Wait until `script` (a function body) returns something truthy; its value.
async fn until(c: &Client, what: &str, script: &str) -> Value {
    let start = Instant::now();
    loop {
        let v = c.execute(script, vec![]).await.unwrap();
        if !(v.is_null() || v == json!(false) || v == json!("")) {
            return v;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let page = c.execute("return document.body.innerText.slice(0, 3000);", vec![]).await.unwrap_or_default();
            panic!("timed out waiting for {what}; the page says:\n{}", page.as_str().unwrap_or(""));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn api(server: &Server, path: &str) -> Value {
    serde_json::from_str(&get(server, path).body).unwrap()
}

/// The text poppler finds inside a rectangle of a PDF page (points, origin top left).
fn text_in(pdf: &Path, page: u32, [x, y, w, h]: [f64; 4]) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-r", "72"])
        .args([
            "-x",
            &format!("{}", x.floor()),
            "-y",
            &format!("{}", y.floor()),
            "-W",
            &format!("{}", w.ceil() + 1.0),
            "-H",
            &format!("{}", h.ceil() + 1.0),
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether Chromium and chromedriver are here (see [`needs`]).
/// Signs in on the login page as `name`; returns once the page says who is there.
async fn sign_in(c: &Client, base: &str, name: &str, password: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Css("form.login input[name=name]")).await.unwrap().send_keys(name).await.unwrap();
    c.find(Locator::Css("form.login input[name=password]")).await.unwrap().send_keys(password).await.unwrap();
    c.find(Locator::Css("form.login button")).await.unwrap().click().await.unwrap();
    until(
        c,
        &format!("{name} signed in"),
        &format!("return ((document.querySelector('form.me span') || {{}}).textContent || '').startsWith('{name}（');"),
    )
    .await;
}

/// Signs out with the header's button; returns on the login page.
async fn sign_out(c: &Client) {
    c.find(Locator::Css("form.me button")).await.unwrap().click().await.unwrap();
    until(c, "signed out", "return location.pathname == '/login' && !document.querySelector('form.me');").await;
}

fn has_chromium() -> bool {
    needs(
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        &format!("Debian chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER})"),
    )
}

#[test]
fn a_reviewer_s_round_in_a_real_browser() {
    if !has_chromium() {
        return;
    }
    let tmp = temp("browser");
    let dir = tmp.path();
    let db = dir.join("r.db");
    let server = serve(&db);
    let (_driver, driver_addr) = chromedriver();
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let base = format!("http://{}", server.addr);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let c = browser(driver_addr, &dir.join("profile"), &downloads).await;
        // 导入: every sample file, chosen in the file input.
        c.goto(&format!("{base}/import")).await.unwrap();
        shot(&c, "import").await;
        // The folder as it is — its expected outputs beside the reports — and a meeting notice
        // uploaded by mistake.
        let notice = dir.join("关于召开政务公开工作会议的通知.txt");
        std::fs::write(&notice, "关于召开2024年度政务公开工作会议的通知\n各单位：\n定于2024年3月5日召开全市政务公开工作会议，请准时参加。\n青禾市人民政府办公室\n").unwrap();
        let mut files: Vec<String> = std::fs::read_dir(std::fs::canonicalize(examples()).unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.path().display().to_string())
            .collect();
        files.sort();
        let sidecars = files.iter().filter(|f| f.ends_with(".expected.json")).count();
        assert!(sidecars >= 10);
        files.push(notice.display().to_string());
        c.find(Locator::Css("input[name=files]")).await.unwrap().send_keys(&files.join("\n")).await.unwrap();
        c.find(Locator::Css("#start")).await.unwrap().click().await.unwrap();
        let status = until(&c, "the import to finish", "const s = document.getElementById('status').textContent; return s.startsWith('导入完成') && s;").await;
        eprintln!("{status}");
        shot(&c, "import-done").await;
        let stored = count(&db, "SELECT count(*) FROM reports");
        assert!(stored >= 16, "{stored} reports stored");
        let status = status.as_str().unwrap();
        assert!(status.contains(&format!("{} 个文件", files.len())), "{status}");
        assert!(status.contains("不是年报 1 个") && status.contains(&format!("随附文件 {sidecars} 个未导入")), "{status}");
        // The list, 总览 and 排名 count the reports only; the notice and the sidecars are apart.
        let listed = api(&server, "/api/reports");
        let current = count(&db, "SELECT count(*) FROM reports WHERE current = 1");
        assert_eq!(listed["total"].as_i64(), Some(current), "{listed}");
        assert!(!listed.to_string().contains("召开") && !listed.to_string().contains("expected.json"), "{listed}");
        assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE source_path LIKE '%.expected.json'"), 0, "sidecars are never stored");
        assert_eq!(count(&db, "SELECT count(*) FROM organs WHERE name LIKE '%召开%'"), 0, "the notice names no organ");
        let years: Vec<i64> = common::rows(&db, "SELECT DISTINCT year FROM reports WHERE current = 1 AND year IS NOT NULL");
        let received: i64 = years.iter().map(|y| api(&server, &format!("/api/overview?year={y}"))["overview"]["received"].as_i64().unwrap()).sum();
        let dated = count(&db, "SELECT count(*) FROM reports WHERE current = 1 AND year IS NOT NULL");
        assert_eq!(received, dated, "总览 counts the reports of each year, and nothing else");
        for y in &years {
            let ranking = api(&server, &format!("/api/ranking?by=errors&year={y}")).to_string();
            assert!(!ranking.contains("召开"), "{ranking}");
        }
        c.goto(&format!("{base}/files")).await.unwrap();
        let apart = c.find(Locator::Css("section.files[data-kind=not-reports]")).await.unwrap().text().await.unwrap();
        assert!(apart.contains("关于召开政务公开工作会议的通知.txt") && apart.contains("不是政府信息公开工作年度报告"), "{apart}");
        shot(&c, "files").await;
        // The history of imports, and the import opened again from it.
        c.goto(&format!("{base}/imports")).await.unwrap();
        let history = c.find(Locator::Css("table.imports")).await.unwrap().text().await.unwrap();
        assert!(history.contains("已完成") && history.contains(&format!("{0} / {0}", files.len())), "{history}");
        shot(&c, "imports").await;
        c.find(Locator::Css("table.imports a")).await.unwrap().click().await.unwrap();
        let again = until(&c, "the import's page to show its end", "const s = document.getElementById('status').textContent; return s.startsWith('导入完成') && s;").await;
        assert_eq!(again.as_str(), Some(status), "the import's page says what the import said");

        // The same PDF again, with a manifest giving its publication date after the deadline:
        // the date lands on the report that counts, and 逾期发布 with it.
        let pdf_name = "l-word-export.pdf";
        let pdf_year = count(&db, &format!("SELECT year FROM reports WHERE current = 1 AND source_path LIKE '%{pdf_name}'"));
        let manifest = dir.join("清单.csv");
        std::fs::write(&manifest, format!("路径,发布日期\n{pdf_name},{}-03-15\n", pdf_year + 1)).unwrap();
        c.goto(&format!("{base}/import")).await.unwrap();
        let again = std::fs::canonicalize(examples().join(pdf_name)).unwrap();
        c.find(Locator::Css("input[name=files]")).await.unwrap().send_keys(&again.display().to_string()).await.unwrap();
        c.find(Locator::Css("input[name=manifest]")).await.unwrap().send_keys(&manifest.display().to_string()).await.unwrap();
        c.find(Locator::Css("#start")).await.unwrap().click().await.unwrap();
        until(&c, "the second import", "const s = document.getElementById('status').textContent; return s.startsWith('导入完成') && s;").await;
        let late = count(&db, &format!("SELECT count(*) FROM reports r JOIN findings f ON f.report_id = r.id WHERE r.current = 1 AND r.source_path LIKE '%{pdf_name}' AND f.code = 'LATE' AND r.published = '{}-03-15'", pdf_year + 1));
        assert_eq!(late, 1, "LATE on the report that counts");

        // The tables as the templates draw them: a 2021 report and a 2019 one.
        for (name, shot_name) in [("a-markdown.md", "tables-2021"), ("f-2019-template-gbk.txt", "tables-2019")] {
            let id = count(&db, &format!("SELECT id FROM reports WHERE current = 1 AND source_path LIKE '%{name}'"));
            c.goto(&format!("{base}/reports/{id}")).await.unwrap();
            c.execute("document.querySelector('section.tables').scrollIntoView();", vec![]).await.unwrap();
            shot(&c, shot_name).await;
        }

        c.goto(&format!("{base}/reports")).await.unwrap();
        shot(&c, "reports").await;
        // The language switch keeps the view's filters, and the choice.
        c.goto(&format!("{base}/reports?severity=error")).await.unwrap();
        c.find(Locator::Css("header a.lang")).await.unwrap().click().await.unwrap();
        until(&c, "the English list", "return document.querySelector('p.count').textContent.includes('reports') && location.search.includes('severity=error');").await;
        c.goto(&format!("{base}/import")).await.unwrap();
        assert!(c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap() == "Import", "the choice is kept");
        c.find(Locator::Css("header a.lang")).await.unwrap().click().await.unwrap();
        until(&c, "the Chinese page", "return document.querySelector('h1').textContent === '导入';").await;

        // 审核 a PDF: the T4-SUM finding's boxes over the cells it names.
        let listed = api(&server, "/api/reports?code=T4-SUM");
        let pdf_report = listed["reports"].as_array().unwrap().iter().find(|r| r["format"] == "pdf").unwrap_or_else(|| panic!("no PDF with T4-SUM: {listed}"));
        let id = pdf_report["id"].as_i64().unwrap();
        c.goto(&format!("{base}/reports/{id}")).await.unwrap();
        let pages = until(&c, "PDF.js to draw the pages", "return document.getElementById('pdf').dataset.ready;").await;
        assert_ne!(pages, json!("failed"), "PDF.js failed: {:?}", c.find(Locator::Id("pdf")).await.unwrap().text().await);
        let finding = c.find(Locator::XPath("//section[@class='findings']//li[contains(., 'T4-SUM')]")).await.unwrap();
        finding.find(Locator::Css("b")).await.unwrap().click().await.unwrap();
        let boxes = until(
            &c,
            "the highlight boxes",
            "const out = [...document.querySelectorAll('.pdf-page .box')].map(b => {
               const page = b.parentElement, canvas = page.querySelector('canvas');
               return { cell: b.dataset.cell, page: Number(page.dataset.page),
                        left: b.offsetLeft, top: b.offsetTop, width: b.offsetWidth, height: b.offsetHeight,
                        canvas: canvas.clientWidth };
             });
             return out.length > 0 && out;",
        )
        .await;
        shot(&c, "review").await;
        let detail = api(&server, &format!("/api/reports/{id}"));
        let t4 = detail["findings"].as_array().unwrap().iter().find(|f| f["code"] == "T4-SUM").unwrap();
        let named: Vec<&str> = t4["cells"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let boxes = boxes.as_array().unwrap();
        assert_eq!(boxes.len(), named.len(), "one box per cell named: {boxes:?} {named:?}");
        let value_of = |cell: &str| {
            detail["tables"].as_array().unwrap().iter().flat_map(|t| t["rows"].as_array().unwrap()).flat_map(|r| r["cells"].as_array().unwrap()).find(|c| c["cell"] == cell).unwrap()["value"].clone()
        };
        let source = pdf_report["source_path"].as_str().map(PathBuf::from).unwrap();
        let page_width = |page: u32| -> Option<f64> {
            let info = Command::new("pdfinfo").args(["-f", &page.to_string(), "-l", &page.to_string()]).arg(&source).output().ok()?;
            let text = String::from_utf8_lossy(&info.stdout).into_owned();
            let line = text.lines().find(|l| l.starts_with(&format!("Page {page:>4} size:")) || l.starts_with(&format!("Page    {page} size:")))?;
            line.split_whitespace().nth(3)?.parse().ok()
        };
        let poppler = needs(runs("pdfinfo", "-v") && runs("pdftotext", "-v"), "pdfinfo and pdftotext (Debian poppler-utils), for the text under the boxes");
        let mut seen_under_boxes = 0;
        for b in boxes {
            let cell = b["cell"].as_str().unwrap();
            assert!(named.contains(&cell), "{cell}");
            if !poppler {
                continue;
            }
            let page = b["page"].as_u64().unwrap() as u32;
            let width = page_width(page).unwrap_or_else(|| panic!("pdfinfo gives no width of page {page} of {}", source.display()));
            let scale = b["canvas"].as_f64().unwrap() / width;
            let rect = ["left", "top", "width", "height"].map(|k| b[k].as_f64().unwrap() / scale);
            let under = text_in(&source, page, rect).unwrap();
            let value = value_of(cell);
            assert_eq!(under, value.as_str().unwrap_or("").to_string(), "the box of {cell} on page {page} covers {under:?}");
            seen_under_boxes += 1;
        }
        eprintln!("{seen_under_boxes} boxes hold the values they name");
        // Confirm the finding, as 张三.
        c.find(Locator::Id("reviewer")).await.unwrap().send_keys("张三").await.unwrap();
        let finding = c.find(Locator::XPath("//section[@class='findings']//li[contains(., 'T4-SUM')]")).await.unwrap();
        finding.find(Locator::Css("button[value=confirmed]")).await.unwrap().click().await.unwrap();
        until(&c, "the confirmation", "const li = [...document.querySelectorAll('.findings li')].find(l => l.textContent.includes('T4-SUM')); return li && li.classList.contains('confirmed');").await;
        // Correct 表四·行政复议·总计 to what its parts add up to: re-checked at once, T4-SUM gone.
        let parts: i64 = named.iter().filter(|c| !c.ends_with(".total")).map(|c| value_of(c).as_str().unwrap().parse::<i64>().unwrap()).sum();
        c.find(Locator::Css("select[name=cell] option[value='table4.review.total']")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#correct input[name=value]")).await.unwrap().send_keys(&parts.to_string()).await.unwrap();
        c.find(Locator::Css("#correct input[name=reason]")).await.unwrap().send_keys("合计笔误").await.unwrap();
        c.find(Locator::Css("#correct button[type=submit]")).await.unwrap().click().await.unwrap();
        let rechecked = until(&c, "the re-check", "const r = document.getElementById('rechecked'); return r && r.textContent;").await;
        assert!(!rechecked.as_str().unwrap().contains("T4-SUM"), "{rechecked}");
        let published = api(&server, &format!("/api/reports/{id}"));
        assert!(published["findings"].as_array().unwrap().iter().any(|f| f["code"] == "T4-SUM" && f["state"] == "confirmed"), "the published finding stays, confirmed");
        until(&c, "PDF.js to draw the pages again", "return document.getElementById('pdf').dataset.ready;").await;
        shot(&c, "review-corrected").await;
        // The 审核意见 as it would be sent, downloaded by the browser.
        c.find(Locator::Css("#send summary")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("a[href$='opinion.docx']")).await.unwrap().click().await.unwrap();
        let start = Instant::now();
        let docx = loop {
            let done = std::fs::read_dir(&downloads).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "docx"));
            if let Some(p) = done {
                break p;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "no download");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (doc, _) = xxgk_read::read_bytes("opinion.docx", &std::fs::read(&docx).unwrap()).unwrap_or_else(|e| panic!("{e}"));
        let text: String = doc.lines.iter().flat_map(|l| &l.cells).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
        // Addressed to the agency, saved under a name a person gives it; the 表四 total the
        // reviewers corrected as misread is no charge.
        assert!(text.contains("青禾市林业局：") && !text.contains("表四合计"), "{text}");
        assert!(docx.file_name().unwrap().to_string_lossy().ends_with("年报审核意见.docx"), "{}", docx.display());

        // A text report: the finding's cells marked in the document as read; dismissed with a reason.
        let g = api(&server, "/api/reports?organ=%E6%9D%BE%E5%B2%AD%E5%8E%BF");
        let gid = g["reports"][0]["id"].as_i64().unwrap();
        c.goto(&format!("{base}/reports/{gid}")).await.unwrap();
        let flow = c.find(Locator::XPath("//section[@class='findings']//li[contains(., 'T3-FLOW')]")).await.unwrap();
        flow.find(Locator::Css("b")).await.unwrap().click().await.unwrap();
        let marked = until(&c, "the marked source cells", "const m = [...document.querySelectorAll('table.as-read td.hit')].map(td => td.textContent); return m.length > 0 && m;").await;
        let marked_tables = c.execute("return [...document.querySelectorAll('table.report td.hit')].map(td => td.textContent.trim());", vec![]).await.unwrap();
        for v in marked_tables.as_array().unwrap() {
            assert!(marked.as_array().unwrap().iter().any(|m| m.as_str().unwrap().trim() == v.as_str().unwrap()), "{v} marked in the source: {marked}");
        }
        shot(&c, "review-text").await;
        let flow = c.find(Locator::XPath("//section[@class='findings']//li[contains(., 'T3-FLOW')]")).await.unwrap();
        flow.find(Locator::Css("input[name=reason]")).await.unwrap().send_keys("上年结转口径不同").await.unwrap();
        flow.find(Locator::Css("button[value=dismissed]")).await.unwrap().click().await.unwrap();
        until(&c, "the dismissal", "const li = [...document.querySelectorAll('.findings li')].find(l => l.textContent.includes('T3-FLOW')); return li && li.classList.contains('dismissed');").await;
        // The organ across years.
        let organ = api(&server, &format!("/api/reports/{gid}"))["organ_id"].clone();
        c.goto(&format!("{base}/organs/{organ}")).await.unwrap();
        shot(&c, "organ").await;
        // A finding's code tag leads to its rule on 规则.
        c.goto(&format!("{base}/reports/{gid}")).await.unwrap();
        let tag = c.find(Locator::XPath("//section[@class='findings']//li[contains(., 'T3-FLOW')]//a[@class='code']")).await.unwrap();
        tag.click().await.unwrap();
        until(&c, "the rule's row", "return location.pathname == '/rules' && location.hash == '#T3-FLOW' && document.getElementById('T3-FLOW') !== null;").await;
        shot(&c, "rules").await;
        // The office's first administrator, made on the command line: from now on the
        // workspace asks who is there.
        let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(["users", "--db", db.to_str().unwrap(), "add", "--role", "admin", "管理员甲"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::io::Write::write_all(add.stdin.as_mut().unwrap(), b"correct horse battery\n").unwrap();
        assert!(add.wait().unwrap().success());
        c.goto(&format!("{base}/reports")).await.unwrap();
        until(&c, "the login page", "return location.pathname == '/login' && document.querySelector('form.login') !== null;").await;
        shot(&c, "login").await;
        c.find(Locator::Css("form.login input[name=name]")).await.unwrap().send_keys("管理员甲").await.unwrap();
        c.find(Locator::Css("form.login input[name=password]")).await.unwrap().send_keys("correct horse battery").await.unwrap();
        c.find(Locator::Css("form.login button")).await.unwrap().click().await.unwrap();
        until(&c, "the list, logged in", "return location.pathname == '/reports' && (document.querySelector('form.me span') || {}).textContent == '管理员甲（管理员）';").await;
        // The office's reports: 洪泽区's government (its 表四 total wrong) and its 财政局, 淮安市's
        // government, and 南京市教育局 outside the city.
        let office = dir.join("office");
        std::fs::create_dir_all(&office).unwrap();
        for (file, organ) in [("hz.md", "淮安市洪泽区人民政府"), ("hzcz.md", "淮安市洪泽区财政局"), ("ha.md", "淮安市人民政府"), ("nj.md", "南京市教育局")] {
            let mut f = year(organ, 2024, 0, 0, 10, "2025-01-20");
            if file == "hz.md" {
                set(&mut f, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 5]);
            }
            write_md(&office.join(file), &f);
        }
        assert!(xxgk(&["ingest", "--db", s(&db), s(&office)]).status.success());
        // 用户管理: a county's reviewer, a city's leader who reads, and an agency, made on the page.
        c.goto(&format!("{base}/users")).await.unwrap();
        for (name, role, places, organs) in [("洪泽区审核员", "reviewer", "320813", ""), ("淮安市领导", "viewer", "320800", ""), ("南京市教育局", "agency", "", "南京市教育局")] {
            c.find(Locator::Css("#user-add input[name=name]")).await.unwrap().send_keys(name).await.unwrap();
            c.find(Locator::Css("#user-add input[name=password]")).await.unwrap().send_keys("another long password").await.unwrap();
            c.find(Locator::Css(&format!("#user-add select[name=role] option[value={role}]"))).await.unwrap().click().await.unwrap();
            c.find(Locator::Css("#user-add input[name=places]")).await.unwrap().send_keys(places).await.unwrap();
            c.find(Locator::Css("#user-add textarea[name=organs]")).await.unwrap().send_keys(organs).await.unwrap();
            c.find(Locator::Css("#user-add button")).await.unwrap().click().await.unwrap();
            until(&c, "the new account listed", &format!("return [...document.querySelectorAll('table.users td')].some(td => td.textContent == '{name}');")).await;
        }
        shot(&c, "users").await;
        let hongze = count(&db, "SELECT r.id FROM reports r WHERE r.agency = '淮安市洪泽区人民政府'");
        // What the signed-in person's API answers, fetched by the page itself.
        let listed = |c: &Client| {
            let c = c.clone();
            async move {
                let v = c.execute("return fetch('/api/reports').then(r => r.json()).then(v => v.reports.map(r => r.agency).sort());", vec![]).await.unwrap();
                serde_json::from_value::<Vec<String>>(v).unwrap()
            }
        };

        // The county's reviewer: the county only; decides a finding and corrects a cell.
        sign_in(&c, &base, "洪泽区审核员", "another long password").await;
        c.goto(&format!("{base}/overview?year=2024")).await.unwrap();
        let received = c.find(Locator::Css("[data-card=received]")).await.unwrap().text().await.unwrap();
        let by_code = count(&db, "SELECT count(*) FROM reports r JOIN organs o ON o.id = r.organ_id WHERE r.current = 1 AND r.year = 2024 AND o.division LIKE '320813%'");
        assert_eq!((received.trim(), by_code), ("2", 2), "总览 counts what the division code counts");
        assert_eq!(listed(&c).await, ["淮安市洪泽区人民政府", "淮安市洪泽区财政局"]);
        c.goto(&format!("{base}/reports/{hongze}")).await.unwrap();
        let finding = c.find(Locator::XPath("//section[@class='findings']//li[contains(., 'T4-SUM')]")).await.unwrap();
        finding.find(Locator::Css("button[value=confirmed]")).await.unwrap().click().await.unwrap();
        until(&c, "the county's confirmation", "const li = [...document.querySelectorAll('.findings li')].find(l => l.textContent.includes('T4-SUM')); return li && li.classList.contains('confirmed');").await;
        c.find(Locator::Css("select[name=cell] option[value='table4.review.total']")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#correct input[name=value]")).await.unwrap().send_keys("1").await.unwrap();
        c.find(Locator::Css("#correct input[name=reason]")).await.unwrap().send_keys("合计应为1").await.unwrap();
        c.find(Locator::Css("#correct button[type=submit]")).await.unwrap().click().await.unwrap();
        let rechecked = until(&c, "the county's re-check", "const r = document.getElementById('rechecked'); return r && r.textContent;").await;
        assert!(!rechecked.as_str().unwrap().contains("T4-SUM"), "{rechecked}");
        shot(&c, "review-county").await;
        sign_out(&c).await;

        // The city's leader reads the city, 洪泽区 included, and can change nothing.
        sign_in(&c, &base, "淮安市领导", "another long password").await;
        assert_eq!(listed(&c).await, ["淮安市人民政府", "淮安市洪泽区人民政府", "淮安市洪泽区财政局"]);
        c.goto(&format!("{base}/reports/{hongze}")).await.unwrap();
        let controls = c.execute("return document.querySelectorAll('form.decide, #correct').length;", vec![]).await.unwrap();
        assert_eq!(controls, json!(0), "no controls to change anything");
        let refused = c.execute(&format!("return fetch('/api/reports/{hongze}/corrections', {{method: 'POST', headers: {{'content-type': 'application/json', 'x-csrf-token': document.querySelector('meta[name=\"csrf-token\"]').content}}, body: JSON.stringify({{cell: 'table4.review.total', value: '9', reason: 'x'}})}}).then(r => r.status);"), vec![]).await.unwrap();
        assert_eq!(refused, json!(403), "a leader's write is refused");
        shot(&c, "review-viewer").await;
        sign_out(&c).await;

        // The agency sees its own report only; another's is not there.
        sign_in(&c, &base, "南京市教育局", "another long password").await;
        assert_eq!(listed(&c).await, ["南京市教育局"]);
        c.goto(&format!("{base}/reports/{hongze}")).await.unwrap();
        let page = c.source().await.unwrap();
        assert!(page.contains("没有这个页面") && !page.contains("淮安市洪泽区人民政府"), "outside the agency's scope: not found: {page}");
        c.goto(&format!("{base}/reports")).await.unwrap();
        shot(&c, "reports-agency").await;
        sign_out(&c).await;

        // 操作记录: each step under its person's name, in 北京时间.
        sign_in(&c, &base, "管理员甲", "correct horse battery").await;
        c.goto(&format!("{base}/audit")).await.unwrap();
        let rows = until(&c, "the trail", "const r = [...document.querySelectorAll('table.audit tbody tr')].map(tr => [...tr.cells].map(td => td.textContent)); return r.length >= 3 ? r : null;").await;
        let rows: Vec<Vec<String>> = serde_json::from_value(rows).unwrap();
        let steps: Vec<(&str, &str)> = rows.iter().map(|r| (r[1].as_str(), r[3].as_str())).filter(|(_, what)| *what != "文件入库").collect();
        let expected = [
            ("管理员甲", "登录"),
            ("南京市教育局", "退出"),
            ("南京市教育局", "登录"),
            ("淮安市领导", "退出"),
            ("淮安市领导", "登录"),
            ("洪泽区审核员", "退出"),
            ("洪泽区审核员", "更正数值"),
            ("洪泽区审核员", "审核判定"),
            ("洪泽区审核员", "登录"),
            ("管理员甲", "新建账户"),
            ("管理员甲", "新建账户"),
            ("管理员甲", "新建账户"),
            ("管理员甲", "登录"),
        ];
        assert_eq!(steps[..expected.len()], expected, "{rows:?}");
        let beijing = regex::Regex::new(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$").unwrap();
        assert!(rows.iter().all(|r| beijing.is_match(&r[0])), "{rows:?}");
        shot(&c, "audit").await;
        c.close().await.unwrap();
    });
    drop(server);
}

/// `xxgk users add` with `password` on its standard input, as an office's administrator makes
/// accounts on the command line.
fn add_user(db: &Path, name: &str, role: &str, scope: &[&str]) {
    let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["users", "--db", s(db), "add", "--role", role, name])
        .args(scope)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(add.stdin.as_mut().unwrap(), b"correct horse battery\n").unwrap();
    assert!(add.wait().unwrap().success(), "{name}");
}

/// Whether the page is still the one it was when [`mark_page`] marked it: no reload between.
async fn same_page(c: &Client) -> bool {
    c.execute("return window.__xxgkSamePage === true;", vec![]).await.unwrap() == json!(true)
}

async fn mark_page(c: &Client) {
    c.execute("window.__xxgkSamePage = true;", vec![]).await.unwrap();
}

/// One round of review end to end, by the people who take each step: the reviewer imports and
/// takes the report into 我的待办, dismisses one rule's findings at once and confirms two more
/// (by button and by key) without the page reloading, and sends the opinion; the agency logs in,
/// sees the opinion sent to it and uploads its corrected report; the reviewer sees what changed
/// and passes it; 总览 counts each state; every step is in the trail.
#[test]
fn a_round_of_review_from_import_to_pass_in_a_real_browser() {
    if !has_chromium() {
        return;
    }
    let tmp = temp("browser-round");
    let dir = tmp.path();
    let db = dir.join("r.db");
    // The department's report: 表三's 予以公开 and 办理结果总计 rows do not add up (T3-ROWSUM
    // twice) and its 总计 column does not balance (T3-FLOW), nor does 表四's 行政复议 (T4-SUM).
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut first = year("淮安市洪泽区财政局", 2024, 0, 0, 10, "2025-01-20");
    set(&mut first, xxgk_core::TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 6]);
    set(&mut first, xxgk_core::TableId::Table3, "total_processed", &[5, 0, 0, 0, 0, 0, 6]);
    set(&mut first, xxgk_core::TableId::Table4, "review", &[1, 0, 0, 0, 5]);
    write_md(&docs.join("洪泽区财政局2024年报.md"), &first);
    write_md(&docs.join("南京市教育局2024年报.md"), &year("南京市教育局", 2024, 0, 0, 10, "2025-01-20"));
    let corrected = dir.join("洪泽区财政局2024年报（整改后）.md");
    write_md(&corrected, &year("淮安市洪泽区财政局", 2024, 0, 0, 10, "2025-01-20"));
    // The store's first accounts: a reviewer and the agency, which sees its own reports only.
    add_user(&db, "审核员乙", "reviewer", &[]);
    add_user(&db, "洪泽区财政局", "agency", &["--organ", "淮安市洪泽区财政局"]);
    let server = serve(&db);
    let (_driver, driver_addr) = chromedriver();
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let base = format!("http://{}", server.addr);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let c = browser(driver_addr, &dir.join("profile"), &downloads).await;
        sign_in(&c, &base, "审核员乙", "correct horse battery").await;
        // 导入.
        c.goto(&format!("{base}/import")).await.unwrap();
        let mut files: Vec<String> = std::fs::read_dir(&docs).unwrap().flatten().map(|e| e.path().display().to_string()).collect();
        files.sort();
        c.find(Locator::Css("input[name=files]")).await.unwrap().send_keys(&files.join("\n")).await.unwrap();
        c.find(Locator::Css("#start")).await.unwrap().click().await.unwrap();
        until(&c, "the import to finish", "const s = document.getElementById('status').textContent; return s.startsWith('导入完成') && s;").await;
        let id = count(&db, "SELECT id FROM reports WHERE agency = '淮安市洪泽区财政局'");
        // Assigned: the view of the reports with errors, to the reviewer; then in 我的待办.
        c.goto(&format!("{base}/reports?severity=error")).await.unwrap();
        c.find(Locator::Css("form.assign-view select[name=assignee] option[value='审核员乙']")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("form.assign-view button")).await.unwrap().click().await.unwrap();
        until(&c, "the assignment", "return [...document.querySelectorAll('table.list td')].some(td => td.textContent === '审核员乙');").await;
        c.goto(&format!("{base}/reports?mine=1")).await.unwrap();
        let queue = c.execute("return [...document.querySelectorAll('table.list tbody tr td:first-child')].map(td => td.textContent);", vec![]).await.unwrap();
        assert_eq!(queue, json!(["淮安市洪泽区财政局"]), "我的待办");
        shot(&c, "queue").await;
        // The review: every T3-ROWSUM dismissed at once, two findings confirmed, no reload.
        c.goto(&format!("{base}/reports/{id}")).await.unwrap();
        mark_page(&c).await;
        c.find(Locator::Css("#bulk select[name=code] option[value='T3-ROWSUM']")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#bulk input[name=reason]")).await.unwrap().send_keys("同一笔误，按整改意见处理").await.unwrap();
        c.find(Locator::Css("#bulk button[value=dismissed]")).await.unwrap().click().await.unwrap();
        let dismissed = until(&c, "the bulk dismissal", "const l = [...document.querySelectorAll('.findings li[data-code=\"T3-ROWSUM\"]')]; return l.length > 0 && l.every(li => li.classList.contains('dismissed')) && l.length;").await;
        assert_eq!(dismissed, json!(2), "both T3-ROWSUM findings");
        let t4 = c.find(Locator::Css(".findings li[data-code='T4-SUM']")).await.unwrap();
        t4.find(Locator::Css("button[value=confirmed]")).await.unwrap().click().await.unwrap();
        until(&c, "the first confirmation", "return document.querySelector('.findings li[data-code=\"T4-SUM\"]').classList.contains('confirmed');").await;
        // The second by keys: J down to the T3-FLOW finding, C to confirm it.
        let position = c.execute("return [...document.querySelectorAll('.findings li[data-finding]')].findIndex(li => li.dataset.code === 'T3-FLOW');", vec![]).await.unwrap().as_i64().unwrap();
        assert!(position >= 0, "a T3-FLOW finding");
        let key = |k: &str| format!("document.body.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{k}', bubbles: true }}));");
        for _ in 0..=position {
            c.execute(&key("j"), vec![]).await.unwrap();
        }
        c.execute(&key("c"), vec![]).await.unwrap();
        until(&c, "the confirmation by key", "return document.querySelector('.findings li[data-code=\"T3-FLOW\"]').classList.contains('confirmed');").await;
        assert!(same_page(&c).await, "decided without reloading the page");
        c.execute("document.getElementById('findings').scrollIntoView();", vec![]).await.unwrap();
        shot(&c, "round-decided").await;
        // The opinion sent: 已退回整改.
        c.find(Locator::Css("#send summary")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#send-opinion textarea[name=overall]")).await.unwrap().send_keys("请对照问题逐项整改").await.unwrap();
        c.find(Locator::Css("#send-opinion button[type=submit]")).await.unwrap().click().await.unwrap();
        until(&c, "the opinion sent", "const b = document.getElementById('round-state'); return b && b.textContent === '已退回整改';").await;
        let shown = c.find(Locator::Css("p.meta code")).await.unwrap().text().await.unwrap();
        assert_eq!(shown, "洪泽区财政局2024年报.md", "the file by its own name, not where the server keeps it");
        shot(&c, "round-returned").await;
        sign_out(&c).await;

        // The agency: its own report only, the opinion sent to it, its corrected report uploaded.
        sign_in(&c, &base, "洪泽区财政局", "correct horse battery").await;
        let listed = c.execute("return fetch('/api/reports').then(r => r.json()).then(v => v.reports.map(r => r.agency));", vec![]).await.unwrap();
        assert_eq!(listed, json!(["淮安市洪泽区财政局"]));
        c.goto(&format!("{base}/reports/{id}")).await.unwrap();
        let letter = c.find(Locator::Css("ul.opinions a[href$='letter.docx']")).await.unwrap();
        assert!(letter.text().await.unwrap().contains("〔"), "the 文号 of the opinion sent");
        let controls = c.execute("return document.querySelectorAll('form.decide, #correct, #bulk, #send-opinion').length;", vec![]).await.unwrap();
        assert_eq!(controls, json!(0), "the agency decides nothing");
        shot(&c, "round-agency").await;
        c.find(Locator::Css("#resubmit input[name=file]")).await.unwrap().send_keys(s(&corrected)).await.unwrap();
        c.find(Locator::Css("#resubmit button")).await.unwrap().click().await.unwrap();
        until(&c, "the new version", &format!("return location.pathname !== '/reports/{id}' && (document.getElementById('round-state') || {{}}).textContent === '已重新提交';")).await;
        let new: i64 = c.current_url().await.unwrap().path().rsplit('/').next().unwrap().parse().unwrap();
        sign_out(&c).await;

        // The reviewer: what changed, then passed.
        sign_in(&c, &base, "审核员乙", "correct horse battery").await;
        c.goto(&format!("{base}/reports/{new}")).await.unwrap();
        let changed = c.execute("return [...document.querySelectorAll('#answer table.changed tr')].slice(1).map(tr => [...tr.cells].map(td => td.textContent));", vec![]).await.unwrap();
        let changed: Vec<Vec<String>> = serde_json::from_value(changed).unwrap();
        assert!(changed.iter().any(|r| r[0].contains("予以公开") && r[1] == "6" && r[2] == "5"), "{changed:?}");
        let resolved = c.execute("return [...document.querySelectorAll('#answer ul.resolved li')].map(li => li.textContent);", vec![]).await.unwrap();
        assert!(resolved.as_array().unwrap().iter().any(|r| r.as_str().unwrap().starts_with("表四合计")), "{resolved}");
        let unanswered = c.execute("return document.querySelectorAll('#answer ul.points li.unanswered').length;", vec![]).await.unwrap();
        assert_eq!(unanswered, json!(0), "every point of the opinion answered");
        shot(&c, "round-resubmitted").await;
        c.find(Locator::Css("#round button.move[data-to=passed]")).await.unwrap().click().await.unwrap();
        until(&c, "the pass", "const b = document.getElementById('round-state'); return b && b.textContent === '已通过';").await;
        c.goto(&format!("{base}/overview?year=2024")).await.unwrap();
        let rounds = c.execute("return Object.fromEntries([...document.querySelectorAll('[data-round]')].map(a => [a.dataset.round, a.textContent]));", vec![]).await.unwrap();
        assert_eq!((rounds["passed"].as_str(), rounds["returned"].as_str(), rounds["pending"].as_str()), (Some("1"), Some("0"), Some("1")), "{rounds}");
        shot(&c, "overview-round").await;
        c.close().await.unwrap();
    });
    // Every step in the trail, by whom it was taken.
    let trail: Vec<(String, String)> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut st = c.prepare("SELECT actor, action FROM audit WHERE action NOT IN ('login', 'logout', 'file', 'import', 'user-add') ORDER BY id").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let steps: Vec<(&str, &str)> = trail.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let expected = [
        ("审核员乙", "round-assign"),
        ("审核员乙", "decision"),
        ("审核员乙", "decision"),
        ("审核员乙", "decision"),
        ("审核员乙", "decision"),
        ("审核员乙", "round-state"),
        ("审核员乙", "opinion-sent"),
        ("洪泽区财政局", "version-replaced"),
        ("洪泽区财政局", "round-state"),
        ("洪泽区财政局", "version"),
        ("审核员乙", "round-state"),
    ];
    assert_eq!(steps, expected, "{trail:?}");
    drop(server);
}

/// 统计 at scale: a store of `xxgk synth N` (seven years per organ) with the planted roster,
/// the overview, every chart, the rankings and the roll-ups drawn in the browser, and what they
/// show equal to the API's figures. N is `XXGK_DASHBOARD_REPORTS`: 2,000 unless set, which keeps
/// the test run and CI short; `tools/release-check` sets 20,000.
#[test]
fn the_dashboards_over_thousands_of_reports() {
    if !has_chromium() {
        return;
    }
    let n: i64 = std::env::var("XXGK_DASHBOARD_REPORTS")
        .map_or(2000, |n| n.parse().expect("XXGK_DASHBOARD_REPORTS: a number of reports"));
    let tmp = temp("browser-dashboards");
    let dir = tmp.path();
    let db = dir.join("r.db");
    let o = xxgk(&[
        "synth",
        &n.to_string(),
        "--out",
        s(&dir.join("synth")),
        "--seed",
        "11",
        "--forms",
        "tsv,md",
        "--inconsistent",
        "0.2",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = xxgk(&["ingest", "--db", s(&db), s(&dir.join("synth"))]);
    assert!(o.status.success(), "{}", text(&o));
    planted(&db, &dir);
    assert!(count(&db, "SELECT count(*) FROM reports") >= n);
    let server = serve(&db);
    let (_driver, driver_addr) = chromedriver();
    let base = format!("http://{}", server.addr);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let c = browser(driver_addr, &dir.join("profile"), &dir).await;
        let drawn = |n: usize| format!("const c = [...document.querySelectorAll('.chart[data-drawn]')].filter(e => e.querySelector('canvas')); return c.length >= {n} && c.length;");

        c.goto(&format!("{base}/overview?year=2024")).await.unwrap();
        until(&c, "the overview's charts", &drawn(2)).await;
        let overview = api(&server, "/api/overview?year=2024");
        let card = |name: &str| format!("return document.querySelector('[data-card={name}]').textContent.trim();");
        for key in ["received", "with_errors", "late", "not_reviewed", "expected"] {
            let shown = c.execute(&card(key), vec![]).await.unwrap();
            assert_eq!(shown.as_str().unwrap(), overview["overview"][key].to_string(), "{key}: {overview}");
        }
        shot(&c, "overview").await;

        c.goto(&format!("{base}/stats?year=2024")).await.unwrap();
        let charts = until(&c, "the seven charts", &drawn(7)).await;
        assert_eq!(charts, 7);
        // The charts are computed over what the table beneath says.
        let years = api(&server, "/api/stats?by=year");
        let first = c.execute("return document.querySelector('details.data tbody tr td[data-col=reports]').textContent.trim();", vec![]).await.unwrap();
        assert_eq!(first.as_str().unwrap(), years[0]["reports"].to_string());
        shot(&c, "stats").await;
        // A region's bar goes down a level.
        let region = api(&server, "/api/stats?by=region&year=2024&region=unplaced")[0]["group"].as_str().unwrap().to_string();
        c.goto(&format!("{base}/stats?year=2024&region={}", region.bytes().map(|b| format!("%{b:02X}")).collect::<String>())).await.unwrap();
        until(&c, "the region's charts", &drawn(7)).await;
        let trail = c.find(Locator::Css("p.trail")).await.unwrap().text().await.unwrap();
        assert!(trail.contains(&region) && trail.contains("未识别地区"), "{trail}");

        c.goto(&format!("{base}/ranking?year=2024&by=errors")).await.unwrap();
        let ranked = api(&server, "/api/ranking?year=2024&by=errors");
        let top = c.execute("return document.querySelector('table.ranking tr[data-report] td:nth-child(2)').textContent.trim();", vec![]).await.unwrap();
        assert_eq!(top.as_str().unwrap(), ranked["rows"][0]["agency"].as_str().unwrap());
        shot(&c, "ranking").await;

        c.goto(&format!("{base}/rollup?year=2024&organ=%E9%9D%92%E7%A6%BE%E5%B8%82")).await.unwrap();
        let coverage = c.find(Locator::Css("table.rollups")).await.unwrap().text().await.unwrap();
        assert!(coverage.contains("2 / 4 个所属单位在库") && coverage.contains("青禾市溪山区人民政府"), "{coverage}");
        c.find(Locator::LinkText("青禾市人民政府")).await.unwrap().click().await.unwrap();
        until(&c, "the roll-up of 青禾市", "return document.querySelector('table.differ') && location.pathname.startsWith('/rollup/');").await;
        // Mark the first difference explained, as a reviewer does.
        let form = c.find(Locator::Css("form.explain")).await.unwrap();
        form.find(Locator::Css("input[name=reason]")).await.unwrap().send_keys("政府报告只含本级").await.unwrap();
        form.find(Locator::Css("input[name=author]")).await.unwrap().send_keys("审核员").await.unwrap();
        form.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
        until(&c, "the explanation", "const r = document.querySelector('tr.explained'); return r && r.textContent.includes('政府报告只含本级');").await;
        shot(&c, "rollup").await;
        c.close().await.unwrap();
    });
    drop(server);
}
