//! xxgk-read: turn report files into the format-neutral [`Document`] of `xxgk-core`.
//!
//! The format is detected from the content (magic bytes, markup sniffing), never from the file
//! name. Every failure is a [`ReadError`] that names the file and says what is wrong, so a batch
//! can report it and go on with the next file.
//!
//! ```
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/b-word-tsv.txt");
//! let bytes = std::fs::read(path).unwrap();
//! let (doc, source) = xxgk_read::read_bytes("b-word-tsv.txt", &bytes).unwrap();
//! assert_eq!(source.format, "text");
//! let report = xxgk_core::parse(&doc, source);
//! assert_eq!((report.agency.as_deref(), report.year), (Some("青禾市溪山区教育局"), Some(2024)));
//!
//! // A file that cannot be read is named in the error.
//! let e = xxgk_read::read_bytes("empty.txt", b"").unwrap_err();
//! assert_eq!(e.to_string(), "empty.txt：文件为空（没有任何文字）");
//! ```

mod decode;
mod doc;
mod docx;
mod html;
mod script;
mod sheet;
mod text;

use std::fmt;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};
use xxgk_core::i18n::Message;
use xxgk_core::{Document, Lang, Source, Span};

pub use decode::{decode, Decoded, NotText};
pub use doc::libreoffice;
pub use docx::{read_docx, ZipError};
pub use html::read_html;
pub use text::read_text;

/// Largest file read, so a stray disk image cannot exhaust memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Largest text or HTML file read: reports are well under 1 MB, and the cells read from a text
/// cost many times its size in memory (a report run together on one line, some twenty times).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// How long reading one file and extracting its reports may take: a bound that no real report
/// comes near (a large one takes a second), so that one hostile file cannot hold up a batch.
pub const FILE_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);

/// The formats the content can be recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any encoding: TSV, pipes, aligned columns, running text.
    Text,
    /// An HTML page.
    Html,
    /// A PDF file.
    Pdf,
    /// A ZIP archive of reports.
    Zip,
    /// A Word document (a ZIP container with `word/document.xml`).
    Docx,
    /// An Excel workbook (a ZIP container with `xl/workbook.xml`).
    Xlsx,
    /// An OLE compound file: DOC or XLS.
    Ole,
}

impl Format {
    /// Every format a file may be read as.
    pub const ALL: [Format; 7] =
        [Format::Text, Format::Html, Format::Pdf, Format::Zip, Format::Ole, Format::Docx, Format::Xlsx];

    /// The key a report's format is kept as ([`Source::format`]): `text`, `html`, `pdf`, `zip`,
    /// `doc`, `docx`, `xlsx`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Zip => "zip",
            Format::Ole => "doc",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Recognise the format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Ole;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let markup = [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<table", b"<meta "];
    if markup.iter().any(|m| lower.windows(m.len()).any(|w| w == *m)) {
        return Format::Html;
    }
    Format::Text
}

/// What went wrong reading a file.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadErrorKind {
    /// The file could not be read: the system's words.
    Io(String),
    /// Larger than its format allows ([`MAX_BYTES`]; [`MAX_TEXT_BYTES`] for text and HTML): its size in
    /// bytes.
    TooLarge(u64),
    /// No text at all: an empty file, or a document in which the reader found nothing.
    Empty,
    /// Binary content in a file taken for text.
    NotText {
        /// Where the first NUL or control character is (see [`NotText::Binary`]).
        offset: usize,
    },
    /// Text that no encoding decodes cleanly: the encoding that came closest.
    Undecodable(&'static str),
    /// A damaged or invalid file of its format (the library's words).
    Invalid(String),
    /// An encrypted document without the password.
    Encrypted,
    /// A format this build cannot read yet.
    Unsupported(Format),
    /// Reading this format needs a program that is not installed (the Debian package named).
    NeedsProgram {
        /// The program, as a person knows it: `soffice (LibreOffice)`.
        program: &'static str,
        /// The Debian package that installs it.
        package: &'static str,
    },
    /// An archive inside archives deeper than the reader opens.
    NestedTooDeep {
        /// How many levels of archives the reader opens.
        levels: usize,
    },
    /// An archive with more entries than [`docx::MAX_ENTRIES`].
    TooManyEntries(usize),
    /// An archive entry that decompresses beyond [`docx::MAX_ENTRY_BYTES`], or past what the
    /// whole upload may expand to ([`docx::MAX_EXPANDED_BYTES`]): a zip bomb.
    ZipBomb(String),
    /// Reading and extracting took longer than the budget (seconds) allowed.
    TooSlow(u64),
    /// An archive whose entries share their bytes (a zip bomb's shape): the entry found inside
    /// another.
    Overlapping(String),
    /// Binary content in no format this reader knows, in a file whose name says it is one
    /// (`pdf`, `docx`…).
    NotFormat(&'static str),
    /// A picture (`PNG`, `JPEG`…): a scan, whose text needs recognising (OCR) first.
    Image(&'static str),
}

/// A file that could not be read, with the file's name.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// The file as reports are named in [`Source::path`] (`archive.zip!member` for a member).
    pub path: String,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

impl ReadError {
    /// What went wrong, as a message of the catalogue: put into words in the reader's language
    /// ([`Message::words`]), or kept as it is by the store.
    pub fn message(&self) -> Message {
        let t = |id: &str| Message::new(id).with("path", self.path.as_str());
        match &self.kind {
            ReadErrorKind::Io(e) => t("read-io").with("why", e.as_str()),
            ReadErrorKind::TooLarge(n) => t("read-too-large").with("bytes", *n),
            ReadErrorKind::TooSlow(seconds) => t("read-too-slow").with("seconds", *seconds),
            ReadErrorKind::Empty => t("read-empty"),
            ReadErrorKind::NotText { offset } => t("read-not-text").with("offset", *offset),
            ReadErrorKind::Undecodable(enc) => t("read-undecodable").with("encoding", *enc),
            ReadErrorKind::Invalid(library) => damaged(library, t),
            ReadErrorKind::Encrypted => t("read-encrypted"),
            ReadErrorKind::NeedsProgram { program, package } => {
                t("read-needs-program").with("program", *program).with("package", *package)
            }
            ReadErrorKind::NestedTooDeep { levels } => t("read-nested-too-deep").with("levels", *levels),
            ReadErrorKind::TooManyEntries(n) => t("read-too-many-entries").with("n", *n),
            ReadErrorKind::ZipBomb(entry) => t("read-zip-bomb").with("entry", entry.as_str()),
            ReadErrorKind::Overlapping(entry) => t("read-zip-overlap").with("entry", entry.as_str()),
            ReadErrorKind::Unsupported(f) => t("read-unsupported").with("format", f.name().to_uppercase()),
            ReadErrorKind::NotFormat(ext) => t("read-not-format").with("format", ext.to_uppercase()),
            ReadErrorKind::Image(kind) => t("read-image").with("kind", *kind),
        }
    }

    /// The message in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        self.message().words(lang)
    }

    /// The library's own words, for `--verbose`: the Chinese message says what they mean.
    pub fn original(&self) -> Option<&str> {
        match &self.kind {
            ReadErrorKind::Invalid(m) | ReadErrorKind::Io(m) => Some(m),
            _ => None,
        }
    }

    /// Whether the file is in a format this installation cannot read (as opposed to a bad
    /// file): not supported, or needing a program that is not installed.
    pub fn is_unsupported(&self) -> bool {
        matches!(self.kind, ReadErrorKind::Unsupported(_) | ReadErrorKind::NeedsProgram { .. })
    }
}

/// A damaged file: which damage the PDF or archive library's words (`library`) mean for the
/// reader; they are kept as an argument, for the English message and `--verbose`.
fn damaged(library: &str, t: impl Fn(&str) -> Message) -> Message {
    let number_after = |key: &str| -> Option<u64> {
        let rest = &library[library.find(key)? + key.len()..];
        rest.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    };
    let lower = library.to_ascii_lowercase();
    let message = if let Some(i) = number_after("Page index") {
        // The library counts pages from 0.
        t("read-damaged-page").with("page", i + 1)
    } else if lower.contains("xref") || lower.contains("cross-reference") || lower.contains("trailer") {
        t("read-damaged-xref")
    } else if lower.contains("eof") || lower.contains("unexpected end") || lower.contains("truncated") {
        t("read-damaged-truncated")
    } else if lower.contains("zip") || lower.contains("archive") {
        t("read-damaged-archive")
    } else {
        t("read-damaged")
    };
    message.with("library", library)
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // For logs and `?`: in the default language, as a person reads it.
        f.write_str(&self.words(Lang::default()))
    }
}

impl std::error::Error for ReadError {}

impl From<ZipError> for ReadErrorKind {
    fn from(e: ZipError) -> Self {
        match e {
            ZipError::Invalid(m) => ReadErrorKind::Invalid(m),
            ZipError::TooManyEntries(n) => ReadErrorKind::TooManyEntries(n),
            ZipError::Bomb(entry) => ReadErrorKind::ZipBomb(entry),
            ZipError::Overlapping(entry) => ReadErrorKind::Overlapping(entry),
            ZipError::Missing(entry) => ReadErrorKind::Invalid(format!("{entry} is missing")),
        }
    }
}

fn zip_error(path: &str, e: ZipError) -> ReadError {
    ReadError { path: path.to_string(), kind: e.into() }
}

/// Tell a DOCX or an XLSX from an archive of reports.
fn zip_format(bytes: &[u8]) -> Format {
    match docx::open(bytes) {
        Ok(a) if docx::find_entry(&a, "word/document.xml").is_some() => Format::Docx,
        Ok(a) if docx::find_entry(&a, "xl/workbook.xml").is_some() => Format::Xlsx,
        _ => Format::Zip,
    }
}

/// Decompress every entry under the caps before a library that has none sees the archive.
fn check_archive(bytes: &[u8]) -> Result<(), ZipError> {
    let mut archive = docx::open(bytes)?;
    let mut left = docx::MAX_EXPANDED_BYTES;
    for i in 0..archive.len() {
        docx::read_entry_within(&mut archive, i, &mut left)?;
    }
    Ok(())
}

/// The format of `bytes`: [`sniff`], with ZIP containers told apart by their entries.
fn detect(bytes: &[u8]) -> Format {
    match sniff(bytes) {
        Format::Zip => zip_format(bytes),
        f => f,
    }
}

/// Binary content that is no report format: a picture, or a file whose name claims a format
/// its bytes are not in.
fn binary(path: &str, bytes: &[u8]) -> Option<ReadErrorKind> {
    const IMAGES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG"),
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF8", "GIF"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
        (b"BM", "BMP"),
        (b"RIFF", "WEBP"),
    ];
    if let Some((_, kind)) = IMAGES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(ReadErrorKind::Image(kind));
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    ["pdf", "docx", "doc", "xlsx", "xls", "zip", "wps", "et"]
        .into_iter()
        .find(|k| *k == ext)
        .map(ReadErrorKind::NotFormat)
}

/// Read one document from bytes, whole; `path` names it in errors and in [`Source`]. An archive
/// of reports, or a page holding several, is read with [`read_all_bytes`].
pub fn read_bytes(path: &str, bytes: &[u8]) -> Result<(Document, Source), ReadError> {
    read_as(path, bytes, detect(bytes))
}

fn read_as(path: &str, bytes: &[u8], format: Format) -> Result<(Document, Source), ReadError> {
    let err = |kind| ReadError { path: path.to_string(), kind };
    if bytes.is_empty() {
        return Err(err(ReadErrorKind::Empty));
    }
    let not_text = |e: NotText| match e {
        NotText::Binary { offset } => err(ReadErrorKind::NotText { offset }),
        NotText::Undecodable { encoding } => err(ReadErrorKind::Undecodable(encoding)),
    };
    if matches!(format, Format::Text | Format::Html) && bytes.len() > MAX_TEXT_BYTES {
        return Err(err(ReadErrorKind::TooLarge(bytes.len() as u64)));
    }
    let doc = match format {
        Format::Text => {
            let decoded = decode(bytes).map_err(|e| match e {
                NotText::Binary { .. } => binary(path, bytes).map_or_else(|| not_text(e), err),
                e => not_text(e),
            })?;
            read_text(decoded.text, decoded.bom_len)
        }
        Format::Html => read_html(bytes).map_err(not_text)?,
        Format::Pdf => xxgk_pdf::read_pdf(bytes).map_err(|e| {
            err(match e {
                xxgk_pdf::PdfError::Invalid(m) => ReadErrorKind::Invalid(m),
                xxgk_pdf::PdfError::Encrypted => ReadErrorKind::Encrypted,
                xxgk_pdf::PdfError::LibraryFailure => {
                    ReadErrorKind::Invalid("the PDF library failed on this file".into())
                }
            })
        })?,
        Format::Docx => read_docx(bytes).map_err(|e| zip_error(path, e))?,
        Format::Xlsx => {
            check_archive(bytes).map_err(|e| zip_error(path, e))?;
            sheet::read_workbook(bytes).ok_or_else(|| err(ReadErrorKind::Invalid("not a readable workbook".into())))?
        }
        // An OLE file is an XLS workbook or a Word 97 document.
        Format::Ole => match sheet::read_workbook(bytes) {
            Some(doc) => doc,
            None => doc::read_doc(bytes).map_err(&err)?,
        },
        Format::Zip => return Err(err(ReadErrorKind::Unsupported(Format::Zip))),
    };
    if doc.lines.is_empty() && doc.findings.is_empty() {
        return Err(err(ReadErrorKind::Empty));
    }
    let source = Source { path: path.to_string(), sha256: hex_sha256(bytes), format: format.name().to_string() };
    Ok((doc, source))
}

/// Archives inside archives are followed this deep.
const MAX_NESTING: usize = 2;

/// Read every report in `bytes`: one for a report file, one per member for an archive of
/// reports (named `archive.zip!member`), one per report for a file holding several (named
/// `page.html#2`). Each member succeeds or fails on its own.
pub fn read_all_bytes(path: &str, bytes: &[u8]) -> Vec<Result<(Document, Source), ReadError>> {
    let mut left = docx::MAX_EXPANDED_BYTES;
    read_nested(path, bytes, 0, &mut left)
}

/// [`read_all_bytes`], each document then handed to `then` (the extraction), all within
/// `budget`: past it, the file is one [`ReadErrorKind::TooSlow`] and the caller goes on. The work
/// runs on a thread of its own, left to finish unheard once the budget is spent — every reader
/// is linear in its input, so it ends — since a thread cannot be stopped from outside.
pub fn read_all_within<T: Send + 'static>(
    path: &str,
    bytes: Vec<u8>,
    budget: std::time::Duration,
    then: impl Fn(Document, Source) -> T + Send + 'static,
) -> Vec<Result<T, ReadError>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let name = path.to_string();
    let work = move || {
        let all: Vec<Result<T, ReadError>> =
            read_all_bytes(&name, &bytes).into_iter().map(|r| r.map(|(doc, source)| then(doc, source))).collect();
        let _ = tx.send(all);
    };
    let too_slow = || vec![Err(ReadError { path: path.to_string(), kind: ReadErrorKind::TooSlow(budget.as_secs()) })];
    match std::thread::Builder::new().name("read".into()).spawn(work) {
        Ok(_) => rx.recv_timeout(budget).unwrap_or_else(|_| too_slow()),
        Err(e) => vec![Err(ReadError { path: path.to_string(), kind: ReadErrorKind::Io(e.to_string()) })],
    }
}

/// `left`: the bytes the archives of the upload may still expand to, shared by every level.
fn read_nested(path: &str, bytes: &[u8], depth: usize, left: &mut u64) -> Vec<Result<(Document, Source), ReadError>> {
    let format = detect(bytes);
    if format != Format::Zip {
        return match read_as(path, bytes, format) {
            Ok(read) => split_reports(read, bytes).into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
    }
    if depth >= MAX_NESTING {
        return vec![Err(ReadError {
            path: path.to_string(),
            kind: ReadErrorKind::NestedTooDeep { levels: MAX_NESTING },
        })];
    }
    let mut archive = match docx::open(bytes) {
        Ok(a) => a,
        Err(e) => return vec![Err(zip_error(path, e))],
    };
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let is_dir = archive.by_index(i).map(|e| e.is_dir()).unwrap_or(false);
        if is_dir {
            continue;
        }
        match docx::read_entry_within(&mut archive, i, left) {
            Ok((name, member)) => {
                let hidden =
                    name.rsplit('/').next().is_some_and(|n| n.starts_with('.')) || name.starts_with("__MACOSX/");
                if !hidden {
                    out.extend(read_nested(&format!("{path}!{name}"), &member, depth + 1, left));
                }
            }
            Err(e) => {
                let bomb = matches!(e, ZipError::Bomb(_));
                out.push(Err(zip_error(path, e)));
                // Past the upload's expansion, the rest is not opened.
                if bomb {
                    break;
                }
            }
        }
    }
    out
}

/// Read every document in a file (see [`read_all_bytes`]), or standard input when `path` is `-`.
pub fn read_path(path: &Path) -> Vec<Result<(Document, Source), ReadError>> {
    let name = path.display().to_string();
    match read_file_bytes(path) {
        Ok(bytes) => read_all_bytes(&name, &bytes),
        Err(e) => vec![Err(e)],
    }
}

/// A document holding several reports (see [`xxgk_core::extract::report_ranges`]) as one
/// document per report, named `path#k`. Each is identified by the SHA-256 of its stretch of the
/// file, from its first located text to the next report's — of its text where the reader
/// locates none (PDF, DOCX).
fn split_reports((doc, source): (Document, Source), bytes: &[u8]) -> Vec<(Document, Source)> {
    let ranges = xxgk_core::extract::report_ranges(&doc);
    if ranges.len() < 2 {
        return vec![(doc, source)];
    }
    let first_byte = |r: &std::ops::Range<usize>| {
        doc.lines[r.clone()].iter().flat_map(|l| &l.cells).find_map(|c| match c.span {
            Span::Text { byte, .. } => Some(byte[0]),
            _ => None,
        })
    };
    let mut bounds: Vec<Option<usize>> = ranges.iter().map(first_byte).collect();
    bounds[0] = Some(0);
    bounds.push(Some(bytes.len()));
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            let lines = doc.lines[r].to_vec();
            let sha256 = match (bounds[k], bounds[k + 1]) {
                (Some(s), Some(e)) if s < e && e <= bytes.len() => hex_sha256(&bytes[s..e]),
                _ => hex_sha256(
                    lines
                        .iter()
                        .flat_map(|l| &l.cells)
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\t")
                        .as_bytes(),
                ),
            };
            let part =
                Document { lines, text: doc.text.clone(), text_base: doc.text_base, findings: doc.findings.clone() };
            (part, Source { path: format!("{}#{}", source.path, k + 1), sha256, format: source.format.clone() })
        })
        .collect()
}

/// A stored report's source read again, for a reviewer to see: `path` as a report is named
/// (`file`, `archive.zip!member`, `page.html#2`), `sha256` the report's. The member's own bytes
/// and the document as read, or `None` where the file at that path no longer holds that
/// report (moved, changed or gone).
pub fn reread(path: &str, sha256: &str) -> Option<(Vec<u8>, Document)> {
    // A page holding several reports names each `page#k`; the file is the page.
    let strip = |p: &str| {
        p.rsplit_once('#').filter(|(_, k)| k.parse::<usize>().is_ok()).map_or(p.to_string(), |(f, _)| f.to_string())
    };
    let pieces: Vec<&str> = path.split('!').collect();
    // The file is the first run of pieces that names a file on disk: a file's own name may hold
    // `!` or end in `#2`, and is then itself, not an archive's member or a page's part.
    let (k, file) = (1..=pieces.len()).find_map(|k| {
        let joined = pieces[..k].join("!");
        [joined.clone(), strip(&joined)].into_iter().find(|c| Path::new(c).is_file()).map(|c| (k, c))
    })?;
    let mut bytes = read_file_bytes(Path::new(&file)).ok()?;
    for m in &pieces[k..] {
        let mut archive = docx::open(&bytes).ok()?;
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index_raw(i).map(|e| docx::entry_name(e.name_raw())).unwrap_or_default())
            .collect();
        let index = names.iter().position(|n| n == m).or_else(|| names.iter().position(|n| *n == strip(m)))?;
        bytes = docx::read_entry(&mut archive, index).ok()?.1;
    }
    let doc = read_all_bytes(path, &bytes).into_iter().flatten().find(|(_, s)| s.sha256 == sha256)?.0;
    Some((bytes, doc))
}

/// The bytes of a file (standard input for `-`), refusing more than [`MAX_BYTES`].
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| ReadError { path: name.clone(), kind: ReadErrorKind::Io(e.to_string()) };
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin().lock().take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len > MAX_BYTES {
            return Err(ReadError { path: name, kind: ReadErrorKind::TooLarge(len) });
        }
        file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError { path: name, kind: ReadErrorKind::TooLarge(bytes.len() as u64) });
    }
    Ok(bytes)
}

/// The SHA-256 of `bytes` in lowercase hex: how files and reports are identified.
pub fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_content_not_names() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Format::Zip);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff("一、总体情况".as_bytes()), Format::Text);
    }

    #[test]
    fn bad_inputs_give_errors_that_name_the_file() {
        let e = read_bytes("a.txt", b"").unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::Empty);
        assert!(e.to_string().starts_with("a.txt："));
        let e = read_bytes("b.txt", &[0x00, 0x01, 0x02, 0x03, 0xFF]).unwrap_err();
        assert!(matches!(e.kind, ReadErrorKind::NotText { .. }), "{e:?}");
        // Bytes in no format, named as one; a picture.
        let e = read_bytes("b.pdf", &[0x00, 0x01, 0x02, 0x03, 0xFF]).unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::NotFormat("pdf"));
        assert_eq!(e.to_string(), "b.pdf：不是 PDF 文件（无法识别格式）");
        let e = read_bytes("scan.pdf", b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::Image("JPEG"));
        let e = read_bytes("c.pdf", b"%PDF-1.4 garbage").unwrap_err();
        assert!(matches!(e.kind, ReadErrorKind::Invalid(_)), "{e:?}");
        assert!(e.to_string().starts_with("c.pdf：文件已损坏"), "{e}");
    }

    /// A sample report with its line breaks removed, repeated to `bytes`: the whole file on one
    /// line, as crawler dumps publish it.
    fn one_line(bytes: usize) -> Vec<u8> {
        let report = include_str!("../../../examples/a-markdown.md").replace('\n', " ");
        report.repeat(bytes / report.len() + 1).into_bytes()
    }

    #[test]
    fn a_report_on_one_line_is_read_in_time_linear_in_its_size() {
        // Quadratic column counting took 48 s on 3.6 MB in a release build; linear, a debug build
        // reads 4 MB well inside the budget.
        let bytes = one_line(4 << 20);
        let read = read_all_within("one.md", bytes, FILE_BUDGET, |doc, source| {
            let report = xxgk_core::extracted(&doc, source);
            xxgk_core::TableId::ALL.iter().filter(|&&t| report.table(t).is_some()).count()
        });
        assert_eq!(read.len(), 1);
        assert!(read[0].as_ref().is_ok_and(|&tables| tables > 0), "read within the budget, tables found: {read:?}");
    }

    #[test]
    fn a_file_past_its_budget_is_too_slow_and_the_caller_goes_on() {
        let read = read_all_within("slow.md", one_line(1 << 20), std::time::Duration::ZERO, |_, _| ());
        assert_eq!(read.len(), 1);
        let e = read[0].as_ref().unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::TooSlow(0));
        assert_eq!(e.to_string(), "slow.md：读取该文件超过 0 秒，已停止读取");
    }

    #[test]
    fn text_past_its_bound_is_too_large() {
        let e = read_bytes("big.md", &one_line(MAX_TEXT_BYTES + 1)).unwrap_err();
        assert!(matches!(e.kind, ReadErrorKind::TooLarge(n) if n > MAX_TEXT_BYTES as u64), "{e:?}");
    }
}
