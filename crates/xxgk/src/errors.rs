//! What the libraries' errors mean for the user, in their language (the store explains its
//! own and the operating system's, [`xxgk_store::Error::message`]): SQLite's and the operating
//! system's own words are kept only with `--verbose`, after the sentence that explains them.

use std::sync::atomic::{AtomicBool, Ordering};

use xxgk_core::{tr, Lang};

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Keep the libraries' own messages after ours (`--verbose`).
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

/// `said`, and with `--verbose` the library's `original` words after it.
pub fn with_original(said: String, original: Option<impl std::fmt::Display>, lang: Lang) -> String {
    match original {
        Some(original) if VERBOSE.load(Ordering::Relaxed) => {
            tr!(lang, "store-with-original", said = said, original = original.to_string())
        }
        _ => said,
    }
}

/// An operating-system error: what it means.
pub fn os(e: &std::io::Error, lang: Lang) -> String {
    with_original(xxgk_store::os_message(e, lang), Some(e), lang)
}

/// A store error: what it means.
pub fn store(e: &xxgk_store::Error, lang: Lang) -> String {
    match e {
        xxgk_store::Error::Sqlite(_) => with_original(e.message(lang), Some(e), lang),
        // SQLite said nothing: the message is all there is.
        schema => schema.message(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbose_keeps_the_original_words_after_ours() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(os(&e, Lang::default()), "文件或文件夹不存在");
        set_verbose(true);
        assert!(os(&e, Lang::default()).starts_with("文件或文件夹不存在（原始信息："), "{}", os(&e, Lang::default()));
        set_verbose(false);
    }
}
