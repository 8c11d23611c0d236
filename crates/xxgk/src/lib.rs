//! The `xxgk` command's building blocks, shared by the binary and its tests.

pub mod author;
pub mod bench;
pub mod compare;
pub mod db;
pub mod errors;
pub mod eval;
pub mod files;
pub mod help;
pub mod human;
pub mod ingest;
pub mod synth;
pub mod users;

use std::path::Path;

use xxgk_core::{Document, Lang, Report};
use xxgk_read::ReadError;

/// Read and parse every report in a file (`-` is standard input): one for a report file, one
/// per member for an archive of reports.
pub fn load(path: &Path) -> Vec<Result<(Report, Document), ReadError>> {
    xxgk_read::read_path(path)
        .into_iter()
        .map(|r| r.map(|(doc, source)| (xxgk_core::parse(&doc, source), doc)))
        .collect()
}

/// What a person reads for an organ, a year or a sum that is not known.
pub fn unknown(lang: Lang) -> String {
    xxgk_core::i18n::text(lang, "unknown")
}

/// A read error in the user's language; with `--verbose`, the library's own words after it.
pub fn read_error_message(e: &ReadError, lang: Lang) -> String {
    errors::with_original(e.words(lang), e.original(), lang)
}
