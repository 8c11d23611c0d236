//! The `xxgk` command's building blocks, shared by the binary and its tests.

pub mod bench;
pub mod eval;
pub mod files;
pub mod human;

use std::path::Path;

use xxgk_core::{Document, Lang, Report};
use xxgk_read::ReadError;

/// Read and parse one file (`-` is standard input).
pub fn load(path: &Path) -> Result<(Report, Document), ReadError> {
    let (doc, source) = xxgk_read::read_path(path)?;
    let report = xxgk_core::parse(&doc, source);
    Ok((report, doc))
}

/// A read error in the user's language.
pub fn read_error_message(e: &ReadError, lang: Lang) -> String {
    match lang {
        Lang::Zh => e.zh(),
        Lang::En => e.en(),
    }
}
