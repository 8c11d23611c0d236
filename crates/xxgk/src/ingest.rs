//! `xxgk ingest`: files, directories and archives into the store (see [`xxgk_store::ingest`]),
//! with a progress bar on a terminal and a status line every few seconds elsewhere.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use xxgk_core::i18n::text;
use xxgk_core::{tr, Lang};
use xxgk_store::manifest::Manifest;
use xxgk_store::Stored;

use crate::files;

pub use xxgk_store::ingest::canonical;

/// A progress bar over `total` files on standard error, or a hidden one when standard error is
/// not a terminal.
pub fn progress_bar(total: u64, lang: Lang) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total);
    let template = format!(
        "{{bar:40}} {{pos}}/{{len}} {} {{per_sec}} {} {{eta}}",
        text(lang, "cli-progress-files"),
        text(lang, "cli-progress-left")
    );
    let style = ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar());
    pb.set_style(style);
    pb
}

/// Paths given that do not exist: named, and nothing is done (no store is created).
pub fn missing_inputs(paths: &[PathBuf], lang: Lang) -> Option<String> {
    let missing: Vec<String> =
        paths.iter().filter(|p| p.as_os_str() != "-" && !p.exists()).map(|p| p.display().to_string()).collect();
    (!missing.is_empty()).then(|| tr!(lang, "cli-no-such-paths-given", paths = missing))
}

/// Said when the paths given hold no file at all.
pub fn no_files(paths: &[PathBuf], lang: Lang) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    tr!(lang, "cli-no-files", paths = shown)
}

pub fn run(db: &Path, paths: &[PathBuf], manifest: Option<&Path>, lang: Lang) -> std::io::Result<ExitCode> {
    if let Some(m) = missing_inputs(paths, lang) {
        eprintln!("xxgk: {m}");
        return Ok(ExitCode::from(2));
    }
    // The manifest may sit among the inputs (`ingest --manifest dir/m.csv dir`): it is no report.
    let manifest_path = manifest.and_then(|m| std::fs::canonicalize(m).ok());
    let manifest = match manifest.map(Manifest::read).transpose() {
        Ok(m) => m.unwrap_or_default(),
        Err(why) => {
            eprintln!("xxgk: {}", why.words(lang));
            return Ok(ExitCode::from(2));
        }
    };
    // The store and its journal files may sit among the inputs (`ingest .`): they are no reports.
    let own: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .filter_map(|s| std::fs::canonicalize(format!("{}{s}", db.display())).ok())
        .chain(manifest_path)
        .collect();
    let inputs = files::collect(paths, |p| std::fs::canonicalize(p).map_or(true, |c| !own.contains(&c)));
    if inputs.is_empty() {
        eprintln!("xxgk: {}", no_files(paths, lang));
        return Ok(ExitCode::from(2));
    }
    let pb = progress_bar(inputs.len() as u64, lang);
    let plain = pb.is_hidden();
    let start = Instant::now();
    let mut last_line = Instant::now();
    let show = |why: &xxgk_core::i18n::Message| pb.suspend(|| eprintln!("{}", why.words(lang)));
    let result = xxgk_store::ingest::ingest(
        db,
        &inputs,
        &manifest,
        &xxgk_store::audit::Actor::command_line(None),
        &mut |done, so_far| {
            pb.inc(1);
            if let Stored::Failed(why) = &done.stored {
                show(why);
            }
            for u in &done.members_unread {
                show(&u.reason);
            }
            if plain && last_line.elapsed() > Duration::from_secs(5) {
                last_line = Instant::now();
                let rate = so_far.files as f64 / start.elapsed().as_secs_f64();
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "cli-ingest-progress",
                        done = so_far.files,
                        n = inputs.len(),
                        rate = format!("{rate:.0}")
                    )
                );
            }
        },
    );
    pb.finish_and_clear();
    let t = match result {
        Ok(t) => t,
        Err(e) => {
            eprintln!("xxgk: {}: {e}", db.display());
            return Ok(ExitCode::from(2));
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let summary = tr!(
        lang,
        "cli-ingested",
        files = t.files,
        secs = format!("{secs:.1}"),
        reports = t.reports,
        unchanged = t.unchanged,
        unreadable = t.failed,
        db = db.display().to_string()
    );
    println!("{summary}");
    Ok(if t.failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
