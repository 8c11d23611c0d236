//! 导入: files, folders and archives uploaded from the browser, stored beside the store and
//! ingested in the background by the same function as `xxgk ingest`, with progress polled by
//! the page. Each import is kept in the store ([`xxgk_store::imports`]): a server that stops in
//! the middle resumes it when it starts again, a reviewer may cancel it, and the imports are a
//! history page; an upload no import and no stored file holds is removed at start.
//!
//! Limits hold on the stream: a file is counted as its bytes arrive and written to disk as
//! they come, never buffered whole; a file over the size limit is refused and the rest of it
//! read and dropped; a request over the total or the file count is refused at the byte or file
//! that crosses it, and what it had already saved is removed. Archive expansion is bounded by
//! the reader (a zip bomb is an unreadable file with its reason). No name a browser sends
//! becomes a path: each file is saved under its content hash, in a folder of the server's
//! choosing, with a sanitized last name component kept so that a reviewer knows it again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::multipart::Field;
use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use xxgk_core::i18n::Message;
use xxgk_core::tr;
use xxgk_core::Lang;
use xxgk_store::accounts::Scope;
use xxgk_store::imports::{self, Received};
use xxgk_store::manifest::Manifest;
use xxgk_store::Stored;

use crate::access::Visitor;
use crate::{lang, text, Failure, Shared};
use xxgk_store::audit::Actor;

/// What one upload may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of one file: larger files are refused (the reader's own limit by default).
    pub file: u64,
    /// Bytes of one request, all files together.
    pub total: u64,
    /// Files in one request.
    pub files: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { file: xxgk_read::MAX_BYTES, total: 2 << 30, files: 10_000 }
    }
}

/// The imports this server is running: the flag that cancels each.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<i64, Arc<AtomicBool>>>,
}

/// A lock that a panicked holder left is still the data.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The folder uploads are kept in: beside the store, named after it.
pub(crate) fn uploads(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".files");
    db.with_file_name(name)
}

/// The last component of a name a browser sent, made safe as one file name: no separators,
/// no control characters, no leading dot, at most 100 characters.
pub fn safe_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).find(|c| !c.trim().is_empty() && *c != "." && *c != "..").unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .take(100)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "upload".to_string()
    } else {
        clean
    }
}

/// A name as shown: what the browser sent, without control characters, at most 300 characters.
fn shown_name(sent: &str) -> String {
    sent.chars().filter(|c| !c.is_control()).take(300).collect()
}

/// One file of the request, saved.
struct Saved {
    name: String,
    path: PathBuf,
}

/// Why a request was refused as a whole.
enum Refusal {
    TooMuch,
    TooMany,
    /// A manifest over [`MAX_MANIFEST_BYTES`]: a list of files' facts, not a file.
    ManifestTooLarge,
    Broken(String),
}

/// The largest manifest an import takes: a line per report, a million of them fit.
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// `POST /api/imports`: the files (fields `file`, names as the browser gives them, folder paths
/// included) and an optional `manifest`; answers 202 with `{"import": id}` and goes on in the
/// background.
pub async fn start(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    if !visitor.csrf_ok(&headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf").to_string()));
    }
    let dir = uploads(&app.db);
    let limits = app.limits;
    let mut saved: Vec<Saved> = Vec::new();
    let mut refused: Vec<Received> = Vec::new();
    let mut manifest_text: Option<String> = None;
    let mut total: u64 = 0;
    let outcome: Result<(), Refusal> =
        async {
            while let Some(field) = form.next_field().await.map_err(|e| refusal_of(&e))? {
                match field.name() {
                    Some("manifest") => {
                        let bytes = read_small(field, &mut total, limits.total, MAX_MANIFEST_BYTES)
                            .await
                            .map_err(|r| if matches!(r, Refusal::TooMuch) { Refusal::ManifestTooLarge } else { r })?;
                        manifest_text = Some(String::from_utf8_lossy(&bytes).into_owned());
                    }
                    Some("file") => {
                        if saved.len() + refused.len() >= limits.files {
                            return Err(Refusal::TooMany);
                        }
                        let name = shown_name(field.file_name().unwrap_or(""));
                        if xxgk_store::ingest::is_sidecar(&name) {
                            read_small(field, &mut total, limits.total, limits.file).await?;
                            refused.push(Received {
                                name,
                                path: None,
                                outcome: Some(("sidecar", Message::new("web-sidecar"))),
                            });
                            continue;
                        }
                        match save(field, &dir, &name, &mut total, limits).await? {
                            Some(path) => saved.push(Saved { name, path }),
                            None => refused.push(Received {
                                name,
                                path: None,
                                outcome: Some(("refused", Message::new("web-too-large").with("mb", limits.file >> 20))),
                            }),
                        }
                    }
                    _ => {
                        read_small(field, &mut total, limits.total, limits.file).await?;
                    }
                }
            }
            Ok(())
        }
        .await;
    if let Err(r) = outcome {
        // Nothing of a refused request is ingested; files already saved by earlier requests
        // (same content, same path) stay.
        for s in &saved {
            forget(&app, &s.path).await;
        }
        let msg = match r {
            Refusal::TooMuch => tr!(lang, "web-too-much", mb = limits.total >> 20),
            Refusal::TooMany => tr!(lang, "web-too-many", n = limits.files),
            Refusal::ManifestTooLarge => tr!(lang, "web-manifest-too-large", mb = MAX_MANIFEST_BYTES >> 20),
            Refusal::Broken(m) => {
                return Err(Failure(StatusCode::BAD_REQUEST, format!("{}：{m}", text(lang, "web-broken-upload"))))
            }
        };
        return Err(Failure(StatusCode::PAYLOAD_TOO_LARGE, msg));
    }
    if saved.is_empty() && refused.is_empty() {
        return Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang, "web-no-upload").to_string()));
    }
    let manifest = match manifest_text.as_deref().map(|t| upload_manifest(t, &saved)).transpose() {
        Ok(m) => m.unwrap_or_default(),
        Err(why) => return Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, why.words(lang))),
    };
    let who = visitor.actor(None);
    // A reviewer imports within their scope only; the whole store's accounts, anything.
    let within = visitor.session.as_ref().map(|s| s.user.scope.clone()).filter(|s| !s.is_everything());
    let mut files: Vec<Received> = saved
        .iter()
        .map(|s| Received { name: s.name.clone(), path: Some(xxgk_store::ingest::canonical(&s.path)), outcome: None })
        .collect();
    files.extend(refused);
    let (by, inside, sent) = (who.clone(), within.clone(), manifest_text.clone());
    let id = crate::writing(&app, move |s| imports::begin(s, &by, inside.as_ref(), sent.as_deref(), &files)).await?;
    launch(&app, id, who, within, saved, manifest, lang);
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({ "import": id }))).into_response())
}

/// One file of a request (its field `file`), saved as an import saves it, within the import's
/// limits: what a corrected report's upload sends.
pub(crate) async fn receive_one(app: &Shared, mut form: Multipart, lang: Lang) -> Result<PathBuf, Failure> {
    let dir = uploads(&app.db);
    let limits = app.limits;
    let mut total: u64 = 0;
    let mut saved: Option<PathBuf> = None;
    let outcome: Result<(), Refusal> = async {
        while let Some(field) = form.next_field().await.map_err(|e| refusal_of(&e))? {
            if field.name() == Some("file") && saved.is_none() {
                let name = shown_name(field.file_name().unwrap_or(""));
                match save(field, &dir, &name, &mut total, limits).await? {
                    Some(path) => saved = Some(path),
                    None => return Err(Refusal::TooMuch),
                }
            } else {
                read_small(field, &mut total, limits.total, limits.file).await?;
            }
        }
        Ok(())
    }
    .await;
    match (outcome, saved) {
        (Ok(()), Some(path)) => Ok(path),
        (Ok(()), None) => Err(Failure(StatusCode::UNPROCESSABLE_ENTITY, text(lang, "web-no-upload").to_string())),
        (Err(r), saved) => {
            if let Some(path) = saved {
                forget(app, &path).await;
            }
            Err(match r {
                Refusal::TooMuch => {
                    Failure(StatusCode::PAYLOAD_TOO_LARGE, tr!(lang, "web-too-large", mb = limits.file >> 20))
                }
                Refusal::TooMany => Failure(StatusCode::PAYLOAD_TOO_LARGE, tr!(lang, "web-too-many", n = limits.files)),
                Refusal::ManifestTooLarge => Failure(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    tr!(lang, "web-manifest-too-large", mb = MAX_MANIFEST_BYTES >> 20),
                ),
                Refusal::Broken(m) => {
                    Failure(StatusCode::BAD_REQUEST, format!("{}：{m}", text(lang, "web-broken-upload")))
                }
            })
        }
    }
}

/// Import `id` as `visitor` may see it: an account of part of the store sees the imports it
/// started, one of the whole store every import.
async fn visible(app: &Shared, visitor: &Visitor, id: i64, lang: Lang) -> Result<imports::Job, Failure> {
    let job = crate::read(app, move |s| imports::job(s, id, lang)).await?;
    let mine =
        |j: &imports::Job| visitor.within.is_none() || visitor.session.as_ref().is_some_and(|s| s.user.name == j.who);
    crate::found(job.filter(mine), lang, "web-no-import")
}

/// `GET /api/imports/{id}`: the import's progress and per-file results.
pub async fn progress(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    Ok(Json(visible(&app, &visitor, id, lang).await?).into_response())
}

/// `POST /api/imports/{id}/cancel`: stop a running import; the files it wrote stay, the rest
/// are left unread (and their uploads removed).
pub async fn cancel(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    if !visitor.csrf_ok(&headers, None) {
        return Err(Failure(StatusCode::FORBIDDEN, text(lang, "web-csrf").to_string()));
    }
    visible(&app, &visitor, id, lang).await?;
    let Some(flag) = lock(&app.jobs.running).get(&id).cloned() else {
        return Err(Failure(StatusCode::CONFLICT, text(lang, "web-import-not-running").to_string()));
    };
    let who = visitor.actor(None);
    crate::writing(&app, move |s| imports::cancel_asked(s, id, &who)).await?;
    flag.store(true, Ordering::Relaxed);
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({ "import": id }))).into_response())
}

/// `GET /imports`: the imports, newest first — an account's own, or, for one of the whole
/// store, everyone's.
pub async fn history_page(
    State(app): State<Shared>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let lang = lang(None, &headers);
    let who =
        visitor.within.as_ref().map(|_| visitor.session.as_ref().map(|s| s.user.name.clone()).unwrap_or_default());
    let jobs = crate::read(&app, move |s| imports::history(s, who.as_deref(), 200, lang)).await?;
    crate::render(
        &app,
        &visitor,
        "imports.html",
        minijinja::context! { title => text(lang, "web-imports"), view => "imports", jobs => jobs },
        lang,
    )
}

/// Remove a saved upload, and its folder once empty, unless the path is already a stored file's
/// (an earlier upload of the same content).
pub(crate) async fn forget(app: &Shared, path: &Path) {
    let name = xxgk_store::ingest::canonical(path);
    let held = crate::read(app, move |s| xxgk_store::review::has_path(s, &name)).await.unwrap_or(true);
    if !held {
        let _ = tokio::fs::remove_file(path).await;
        if let Some(dir) = path.parent() {
            let _ = tokio::fs::remove_dir(dir).await;
        }
    }
}

fn refusal_of(e: &axum::extract::multipart::MultipartError) -> Refusal {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::TooMuch
    } else {
        Refusal::Broken(e.body_text())
    }
}

/// A small field (the manifest, or one this server does not know), read whole: at most `most`
/// bytes, and the request's `total` under `all`.
async fn read_small(mut field: Field<'_>, total: &mut u64, all: u64, most: u64) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| refusal_of(&e))? {
        *total += chunk.len() as u64;
        if *total > all || out.len() as u64 + chunk.len() as u64 > most {
            return Err(Refusal::TooMuch);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Stream one file to disk under its content hash; `None` when it is over the size limit (its
/// bytes are read and dropped).
async fn save(
    mut field: Field<'_>,
    dir: &Path,
    name: &str,
    total: &mut u64,
    limits: Limits,
) -> Result<Option<PathBuf>, Refusal> {
    let io = |e: std::io::Error| Refusal::Broken(e.to_string());
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let mut token = [0u8; 8];
    getrandom::fill(&mut token).map_err(|e| Refusal::Broken(e.to_string()))?;
    let incoming = dir.join(format!(".incoming-{}", token.iter().map(|b| format!("{b:02x}")).collect::<String>()));
    let mut file = Some(tokio::fs::File::create(&incoming).await.map_err(io)?);
    let mut hash = Sha256::new();
    let mut size: u64 = 0;
    let result: Result<(), Refusal> = async {
        while let Some(chunk) = field.chunk().await.map_err(|e| refusal_of(&e))? {
            *total += chunk.len() as u64;
            if *total > limits.total {
                return Err(Refusal::TooMuch);
            }
            size += chunk.len() as u64;
            if size > limits.file {
                // Over the limit: the rest is read and dropped.
                file = None;
                continue;
            }
            if let Some(f) = file.as_mut() {
                hash.update(&chunk);
                f.write_all(&chunk).await.map_err(io)?;
            }
        }
        if let Some(f) = file.as_mut() {
            f.flush().await.map_err(io)?;
        }
        Ok(())
    }
    .await;
    if result.is_err() || file.is_none() {
        drop(file);
        let _ = tokio::fs::remove_file(&incoming).await;
        return result.map(|()| None);
    }
    let sha: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let folder = dir.join(&sha);
    tokio::fs::create_dir_all(&folder).await.map_err(io)?;
    let path = folder.join(safe_name(name));
    tokio::fs::rename(&incoming, &path).await.map_err(io)?;
    Ok(Some(path))
}

/// A manifest sent with the files: its paths name the files as the browser sent them (folder
/// paths included, or the bare file names); each is moved to the path the file was saved at.
fn upload_manifest(text: &str, saved: &[Saved]) -> Result<Manifest, xxgk_store::Refusal> {
    let base = Path::new("/upload");
    let given = Manifest::parse(text, "manifest", base)?;
    Ok(given.renamed(|key| {
        let (file, member) = match key.split_once('!') {
            Some((f, m)) => (f, Some(m)),
            None => (key, None),
        };
        let sent = file.strip_prefix("/upload/")?;
        let hit = saved
            .iter()
            .find(|s| s.name == sent)
            .or_else(|| saved.iter().find(|s| s.name.rsplit('/').next() == Some(sent)))?;
        let path = xxgk_store::ingest::canonical(&hit.path);
        Some(match member {
            Some(m) => format!("{path}!{m}"),
            None => path,
        })
    }))
}

/// Run import `id` in the background: its flag registered so that it can be cancelled.
fn launch(app: &Shared, id: i64, who: Actor, within: Option<Scope>, saved: Vec<Saved>, manifest: Manifest, lang: Lang) {
    let flag = Arc::new(AtomicBool::new(false));
    lock(&app.jobs.running).insert(id, flag.clone());
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        run(&app.db, id, &who, within.as_ref(), saved, &manifest, &flag, lang);
        lock(&app.jobs.running).remove(&id);
    });
}

/// Ingest the saved files, writing each file's fate into the import as it is stored; then the
/// import's end — done, cancelled, or failed with why.
#[allow(clippy::too_many_arguments)]
fn run(
    db: &Path,
    id: i64,
    who: &Actor,
    within: Option<&Scope>,
    saved: Vec<Saved>,
    manifest: &Manifest,
    cancel: &AtomicBool,
    lang: Lang,
) {
    let paths: Vec<PathBuf> = saved.into_iter().map(|s| s.path).collect();
    let Ok(store) = xxgk_store::Store::open(db, xxgk_store::BUSY_WAIT) else { return };
    let how = xxgk_store::ingest::How { within, cancel: Some(cancel), ..xxgk_store::ingest::How::new(manifest, who) };
    let mut failed = None;
    let result = xxgk_store::ingest::ingest_with(db, &paths, how, &mut |done, _| {
        let (outcome, reports, reason) = match &done.stored {
            Stored::Added { reports: 0, not_reports: 1.. } => {
                ("not_report", 0, Some(Message::new("finding-not-a-report")))
            }
            Stored::Added { reports, .. } => ("added", *reports, None),
            Stored::Unchanged => ("unchanged", 0, None),
            Stored::Failed(why) => ("unreadable", 0, Some(why.clone())),
            Stored::Refused(why) => {
                // Nothing of a refused file is kept: its upload goes too.
                let _ = std::fs::remove_file(&done.path);
                ("refused", 0, Some(why.clone()))
            }
        };
        let members: Vec<(String, Message)> = done
            .members_unread
            .iter()
            .map(|u| (u.path.split_once('!').map_or(u.path.as_str(), |(_, m)| m).to_string(), u.reason.clone()))
            .collect();
        if let Err(e) = imports::record(&store, id, &done.path, outcome, reports, reason.as_ref(), &members) {
            failed.get_or_insert(e);
        }
    });
    let end = match result.err().or(failed) {
        Some(e) => imports::finish(
            &store,
            id,
            imports::FAILED,
            Some(&Message::new("web-import-store-failed").with("why", e.message(lang))),
        ),
        None if cancel.load(Ordering::Relaxed) => {
            // The uploads it did not reach are nobody's now: removed before the import is seen
            // to end.
            imports::left_unread(&store, id)
                .map(|gone| gone.iter().for_each(|p| remove_upload(Path::new(p))))
                .and_then(|()| imports::finish(&store, id, imports::CANCELLED, None))
        }
        None => imports::finish(&store, id, imports::DONE, None),
    };
    if let Err(e) = end {
        eprintln!("xxgk: {}", e.message(lang));
    }
}

/// Remove an upload and its folder once empty.
fn remove_upload(path: &Path) {
    let _ = std::fs::remove_file(path);
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// At a server's start: every import a server left running is resumed — its files still to
/// read are read, those whose upload is gone are unreadable with why — and every upload that
/// neither the store nor an import holds is removed, as are uploads cut off mid-transfer.
pub fn resume(app: &Shared) -> xxgk_store::Result<()> {
    let store = xxgk_store::Store::open(&app.db, xxgk_store::BUSY_WAIT)?;
    let dir = uploads(&app.db);
    let kept = imports::kept_paths(&store)?;
    if let Ok(folders) = std::fs::read_dir(&dir) {
        for entry in folders.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with(".incoming-") {
                let _ = std::fs::remove_file(&path);
                continue;
            }
            for file in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                if !kept.contains(&xxgk_store::ingest::canonical(&file.path())) {
                    remove_upload(&file.path());
                }
            }
        }
    }
    let lang = Lang::default();
    for left in imports::unfinished(&store)? {
        let saved: Vec<Saved> =
            left.saved.iter().map(|(name, path)| Saved { name: name.clone(), path: PathBuf::from(path) }).collect();
        let manifest =
            left.manifest.as_deref().map(|t| upload_manifest(t, &saved)).transpose().ok().flatten().unwrap_or_default();
        let mut pending = Vec::new();
        for path in &left.pending {
            if Path::new(path).is_file() {
                let name =
                    saved.iter().find(|s| s.path == Path::new(path)).map_or_else(|| path.clone(), |s| s.name.clone());
                pending.push(Saved { name, path: PathBuf::from(path) });
            } else {
                imports::record(&store, left.id, path, "unreadable", 0, Some(&Message::new("web-import-lost")), &[])?;
            }
        }
        launch(app, left.id, left.who, left.within, pending, manifest, lang);
    }
    Ok(())
}
