//! 导入 in the workspace: uploads streamed to disk within their limits, ingested in the
//! background by the same function as `xxgk ingest`, with results per file.

mod common;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use serde_json::Value;

/// A multipart body of `(field, file name, bytes)` parts, and its boundary.
fn multipart(parts: &[(&str, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "xxgk-test-boundary-7f3a".to_string();
    let mut body = Vec::new();
    for (field, name, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

/// The session cookie and its CSRF token, from the import page.
fn session(server: &Server) -> (String, String) {
    let page = get(server, "/import");
    assert_eq!(page.status, 200);
    let (cookie, token) = page_session(&page);
    (cookie, token)
}

fn upload(server: &Server, parts: &[(&str, &str, Vec<u8>)], with_token: bool) -> Reply {
    let (cookie, token) = session(server);
    let (boundary, body) = multipart(parts);
    let kind = format!("multipart/form-data; boundary={boundary}");
    let mut headers = vec![("Content-Type", kind.as_str()), ("Cookie", cookie.as_str())];
    if with_token {
        headers.push(("X-CSRF-Token", token.as_str()));
    }
    request_bytes(server, "POST", "/api/imports", &headers, &body)
}

/// Poll an import until it is no longer running.
fn finished(server: &Server, id: &Value) -> Value {
    let start = Instant::now();
    loop {
        let job: Value = serde_json::from_str(&get(server, &format!("/api/imports/{id}")).body).unwrap();
        if job["state"] != "running" {
            return job;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the import did not finish: {job}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn file(name: &str) -> Vec<u8> {
    std::fs::read(examples().join(name)).unwrap()
}

/// A ZIP whose one member expands to far more than the reader allows.
fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("word/document.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..300 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

fn outcome<'a>(job: &'a Value, name: &str) -> &'a Value {
    job["files"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("{name} not in {job}"))
}

#[test]
fn an_upload_is_imported_in_the_background_with_a_result_per_file() {
    let tmp = temp("web-import");
    let dir = tmp.path();
    let db = dir.join("r.db");
    // The workspace starts on no store at all and makes an empty one.
    let server = serve_with(&db, &["--max-file-mb", "1"]);
    assert!(db.exists());
    let big: Vec<u8> = (0..(3u32 << 19)).map(|i| b'0' + (i % 10) as u8).collect();
    let parts = vec![
        ("file", "报告/l-word-export.pdf", file("l-word-export.pdf")),
        ("file", "报告/2023/j-word.docx", file("j-word.docx")),
        ("file", "n-reports.zip", file("n-reports.zip")),
        ("file", "i-portal-page-gbk.html", file("i-portal-page-gbk.html")),
        ("file", "随机.pdf", (0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect()),
        ("file", "bomb.docx", zip_bomb()),
        ("file", "big.txt", big),
        ("file", "../../escape.txt", file("b-word-tsv.txt")),
        (
            "manifest",
            "清单.csv",
            "路径,发布日期,网址\n报告/2023/j-word.docx,2024-01-18,https://example.gov.cn/j.html\n".as_bytes().to_vec(),
        ),
    ];
    assert_eq!(upload(&server, &parts, false).status, 403, "refused without the CSRF token");
    let started = upload(&server, &parts, true);
    assert_eq!(started.status, 202, "{}", started.body);
    let id = serde_json::from_str::<Value>(&started.body).unwrap()["import"].clone();
    let job = finished(&server, &id);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["total"], 8);
    assert_eq!(job["done"], 8);
    assert_eq!(outcome(&job, "报告/l-word-export.pdf")["outcome"], "added");
    assert_eq!(outcome(&job, "报告/2023/j-word.docx")["outcome"], "added");
    assert_eq!(outcome(&job, "../../escape.txt")["outcome"], "added");
    let zip = outcome(&job, "n-reports.zip");
    assert_eq!(zip["outcome"], "added");
    assert!(zip["reports"].as_u64().unwrap() >= 2, "{zip}");
    let junk = outcome(&job, "随机.pdf");
    assert_eq!(junk["outcome"], "unreadable");
    assert!(!junk["reason"].as_str().unwrap().is_empty(), "{junk}");
    let bomb = outcome(&job, "bomb.docx");
    assert_eq!(bomb["outcome"], "unreadable", "{bomb}");
    let big = outcome(&job, "big.txt");
    assert_eq!(big["outcome"], "refused");
    assert!(big["reason"].as_str().unwrap().contains("1 MB"), "{big}");
    // The same reports as `xxgk ingest` finds in the same files.
    let added: u64 = job["files"].as_array().unwrap().iter().map(|f| f["reports"].as_u64().unwrap()).sum();
    assert_eq!(job["reports"], added);
    assert_eq!(added as i64, count(&db, "SELECT count(*) FROM reports"));
    // Every file is kept beside the store, under its hash; no name became a path.
    let files = dir.join("r.db.files");
    for p in paths(&db) {
        assert!(p.starts_with(std::fs::canonicalize(&files).unwrap().to_str().unwrap()), "{p}");
    }
    assert!(!dir.join("escape.txt").exists() && !files.join("escape.txt").exists());
    assert!(paths(&db).iter().any(|p| p.ends_with("/escape.txt")));
    assert!(
        !std::fs::read_dir(&files).unwrap().flatten().any(|e| e.file_name().to_string_lossy().starts_with(".incoming")),
        "no partial file is left"
    );
    // The manifest's facts are stored with the file it names by its uploaded path.
    assert_eq!(
        one(&db, "SELECT url FROM reports WHERE source_path LIKE '%j-word.docx'"),
        "https://example.gov.cn/j.html"
    );
    assert_eq!(one(&db, "SELECT published FROM reports WHERE source_path LIKE '%j-word.docx'"), "2024-01-18");
    // The unreadable files are the store's, listed with their reasons.
    let listed = text(&xxgk(&["files", "--db", s(&db), "--unreadable"]));
    assert!(listed.contains("随机.pdf") && listed.contains("bomb.docx"), "{listed}");
    // The same files again (without the manifest, whose facts make a file be stored again):
    // every file unchanged.
    let again = upload(&server, &parts[..8], true);
    let job = finished(&server, &serde_json::from_str::<Value>(&again.body).unwrap()["import"]);
    assert_eq!(outcome(&job, "报告/l-word-export.pdf")["outcome"], "unchanged");
    assert_eq!(job["reports"], 0);
    drop(server);
}

#[test]
fn an_upload_over_its_limits_is_refused_on_the_stream_and_leaves_nothing() {
    let tmp = temp("web-import-limits");
    let dir = tmp.path();
    let db = dir.join("r.db");
    let server = serve_with(&db, &["--max-upload-mb", "1", "--max-files", "2"]);
    let three = vec![
        ("file", "a.txt", file("b-word-tsv.txt")),
        ("file", "b.md", file("a-markdown.md")),
        ("file", "c.txt", file("c-portal-pipes.txt")),
    ];
    let r = upload(&server, &three, true);
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.body.contains("2 个文件"), "{}", r.body);
    let huge: Vec<u8> = vec![b'1'; 3 << 20];
    let r = upload(&server, &[("file", "a.txt", file("b-word-tsv.txt")), ("file", "huge.txt", huge)], true);
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.body.contains("1 MB"), "{}", r.body);
    assert_eq!(count(&db, "SELECT count(*) FROM files"), 0, "nothing of a refused upload is stored");
    let kept: Vec<_> = std::fs::read_dir(dir.join("r.db.files")).map(|d| d.flatten().collect()).unwrap_or_default();
    assert!(kept.is_empty(), "nothing of a refused upload is kept on disk: {kept:?}");
    // Within the limits, the server goes on as before.
    let ok = upload(&server, &three[..2], true);
    assert_eq!(ok.status, 202, "{}", ok.body);
    assert_eq!(finished(&server, &serde_json::from_str::<Value>(&ok.body).unwrap()["import"])["state"], "done");
    drop(server);
}

fn one(db: &Path, sql: &str) -> String {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn paths(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT path FROM paths UNION SELECT path FROM unread").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// One generated report of its own organ for each of `names`, as upload parts.
fn reports_named(names: &[String]) -> Vec<(&'static str, &str, Vec<u8>)> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let f = year(&format!("青禾市第{i}局"), 2024, 0, 0, 10 + i as i64, "2025-01-20");
            ("file", n.as_str(), xxgk_render::render(&f, xxgk_render::Form::Md, ""))
        })
        .collect()
}

/// Every file in the uploads' folder beside `db`, by its path.
fn uploads_of(db: &Path) -> Vec<String> {
    let dir = db.with_file_name(format!("{}.files", db.file_name().unwrap().to_string_lossy()));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            out.extend(std::fs::read_dir(entry.path()).unwrap().flatten().map(|f| f.path().display().to_string()));
        } else {
            out.push(entry.path().display().to_string());
        }
    }
    out.sort();
    out
}

/// A server killed in the middle of an import: started again, it reads what was left, so that
/// every file received has its fate and the store holds every report, as a clean run would; no
/// upload is left on disk that neither the store nor an import holds.
#[test]
fn an_import_cut_off_by_a_killed_server_goes_on_when_it_starts_again() {
    let tmp = temp("web-import-kill");
    let dir = tmp.path();
    let db = dir.join("r.db");
    let mut server = serve_with(&db, &[]);
    let names: Vec<String> = (0..120).map(|i| format!("批次/机关{i:03}.md")).collect();
    let parts = reports_named(&names);
    let started = upload(&server, &parts, true);
    assert_eq!(started.status, 202, "{}", started.body);
    let id = serde_json::from_str::<Value>(&started.body).unwrap()["import"].clone();
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let left = count(&db, &format!("SELECT count(*) FROM import_files WHERE import_id = {id} AND outcome IS NULL"));
    assert!(left > 0, "the server was killed before it read every file");
    // Leftovers of an upload cut off mid-transfer, and of a file nobody holds.
    let folder = db.with_file_name("r.db.files");
    std::fs::write(folder.join(".incoming-0123456789abcdef"), b"half").unwrap();
    std::fs::create_dir_all(folder.join("feed")).unwrap();
    std::fs::write(folder.join("feed").join("stray.md"), b"stray").unwrap();
    let server = serve_with(&db, &[]);
    let job = finished(&server, &id);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!((job["total"].as_u64(), job["done"].as_u64()), (Some(120), Some(120)), "{left} were left: {job}");
    assert_eq!(job["reports"].as_u64(), Some(120 - job["unchanged"].as_u64().unwrap()));
    assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE current = 1"), 120);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let held: Vec<String> = conn
        .prepare("SELECT path FROM paths")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let on_disk = uploads_of(&db);
    assert_eq!(on_disk.len(), 120, "{on_disk:?}");
    assert!(on_disk.iter().all(|p| held.contains(p)), "only what the store holds stays");
}

/// A running import cancelled: what it wrote stays, the files it did not reach are said to be
/// cancelled and their uploads removed; the history lists it, and an ended import cannot be
/// cancelled again.
#[test]
fn an_import_is_cancelled_and_kept_in_the_history() {
    let tmp = temp("web-import-cancel");
    let db = tmp.path().join("r.db");
    let server = serve_with(&db, &[]);
    let names: Vec<String> = (0..200).map(|i| format!("机关{i:03}.md")).collect();
    let parts = reports_named(&names);
    let started = upload(&server, &parts, true);
    let id = serde_json::from_str::<Value>(&started.body).unwrap()["import"].clone();
    let (cookie, token) = session(&server);
    let headers = [("Cookie", cookie.as_str()), ("X-CSRF-Token", token.as_str()), ("Content-Type", "application/json")];
    let asked = request(&server, "POST", &format!("/api/imports/{id}/cancel"), &headers, "{}");
    let job = finished(&server, &id);
    if asked.status == 202 {
        assert_eq!(job["state"], "cancelled", "{job}");
        let cancelled = job["cancelled"].as_u64().unwrap();
        assert_eq!(job["done"].as_u64(), Some(200));
        assert_eq!(count(&db, "SELECT count(*) FROM reports WHERE current = 1") as u64, 200 - cancelled);
        assert_eq!(uploads_of(&db).len() as u64, 200 - cancelled, "the uploads it did not reach are removed");
        assert_eq!(count(&db, "SELECT count(*) FROM audit WHERE action = 'import-cancel'"), 1);
    } else {
        // It ended first: a finished import is not cancelled.
        assert_eq!(asked.status, 409, "{}", asked.body);
        assert_eq!(job["state"], "done");
    }
    let again = request(&server, "POST", &format!("/api/imports/{id}/cancel"), &headers, "{}");
    assert_eq!(again.status, 409, "{}", again.body);
    let history = get(&server, "/imports");
    assert_eq!(history.status, 200, "{}", history.body);
    assert!(history.body.contains(&format!("href=\"/import?job={id}\"")), "{}", history.body);
    let page = get(&server, &format!("/import?job={id}"));
    assert!(page.body.contains(&format!("data-job=\"{id}\"")));
}

/// A manifest over its own limit is refused by its own name, not blamed on the upload's size.
#[test]
fn a_manifest_over_its_limit_is_refused_as_a_manifest() {
    let tmp = temp("web-import-manifest");
    let db = tmp.path().join("r.db");
    let server = serve_with(&db, &[]);
    let line = "路径,发布日期\n".to_string() + &"报告/a.md,2024-01-18\n".repeat(800_000);
    let parts = vec![("file", "a.md", file("a-markdown.md")), ("manifest", "清单.csv", line.into_bytes())];
    let r = upload(&server, &parts, true);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.body, "清单超过 16 MB 的上限，本次未导入任何文件");
    assert!(uploads_of(&db).is_empty(), "nothing of a refused request is kept: {:?}", uploads_of(&db));
}
