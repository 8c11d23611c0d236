//! The DOCX reader: `word/document.xml`, streamed with quick-xml.
//!
//! Paragraphs and tables come in document order. A table row becomes one line; a cell spanning
//! `w:gridSpan` columns is followed by empty padding cells, and a `w:vMerge` continuation is an
//! empty cell — the same shape as Word's own TSV export, which the extractor already reads.
//! Provenance is `{table, row, cell}` (1-based; `cell` counts the row's `w:tc` elements), and
//! `{table: 0, row: N, cell: 0}` for body paragraph N.
//!
//! Archives are untrusted: entry count and decompressed bytes are capped (a zip bomb posing as
//! DOCX is refused), and quick-xml expands no DTD entities (no XML bombs).

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use xxgk_core::{Cell, Document, Line, Span};

/// Most entries an archive may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one entry may decompress to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all the entries of one upload may decompress to, archives inside it counted in.
pub const MAX_EXPANDED_BYTES: u64 = 512 * 1024 * 1024;

/// Why an archive member cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ZipError {
    /// Not an archive the library can open, or an entry it cannot inflate: the library's words.
    Invalid(String),
    /// More entries than [`MAX_ENTRIES`]: how many.
    TooManyEntries(usize),
    /// An entry decompresses to more than [`MAX_ENTRY_BYTES`], or the entries together to more
    /// than [`MAX_EXPANDED_BYTES`] (a zip bomb): the entry that crossed the limit.
    Bomb(String),
    /// An entry whose data lies inside another's: the entries share their bytes, the shape of
    /// a zip bomb that expands one small stream thousands of times.
    Overlapping(String),
    /// A document without the entry it needs (`word/document.xml`).
    Missing(&'static str),
}

pub type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Open an archive, refusing one with too many entries, with entries that share their bytes,
/// or whose entries say they expand beyond [`MAX_EXPANDED_BYTES`] together — before anything is
/// decompressed.
pub fn open(bytes: &[u8]) -> Result<Archive<'_>, ZipError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError::Invalid(e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(ZipError::TooManyEntries(archive.len()));
    }
    // (where the entry's local header starts, the least its data may end at, its name)
    let mut spans = Vec::with_capacity(archive.len());
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| ZipError::Invalid(e.to_string()))?;
        let start = entry.header_start();
        spans.push((start, start.saturating_add(entry.compressed_size()), i));
        declared = declared.saturating_add(entry.size());
        if declared > MAX_EXPANDED_BYTES {
            return Err(ZipError::Bomb(entry_name(entry.name_raw())));
        }
    }
    spans.sort_unstable();
    if let Some(w) = spans.windows(2).find(|w| w[1].0 <= w[0].0 || w[1].0 < w[0].1) {
        let entry = archive.by_index_raw(w[1].2).map_err(|e| ZipError::Invalid(e.to_string()))?;
        return Err(ZipError::Overlapping(entry_name(entry.name_raw())));
    }
    Ok(archive)
}

/// An entry's name: UTF-8, or GB18030 as Chinese Windows archivers write it.
pub fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(raw).0.into_owned(),
    }
}

/// Read entry `index` in full, refusing more than [`MAX_ENTRY_BYTES`].
pub fn read_entry(archive: &mut Archive<'_>, index: usize) -> Result<(String, Vec<u8>), ZipError> {
    let mut left = MAX_EXPANDED_BYTES;
    read_entry_within(archive, index, &mut left)
}

/// [`read_entry`], the bytes it expands to taken from `left`, what the whole upload may still
/// expand to: an entry that would cross it is refused as a bomb. Sizes an archive declares can
/// lie, so the bytes are counted as they come.
pub fn read_entry_within(
    archive: &mut Archive<'_>,
    index: usize,
    left: &mut u64,
) -> Result<(String, Vec<u8>), ZipError> {
    let entry = archive.by_index(index).map_err(|e| ZipError::Invalid(e.to_string()))?;
    let name = entry_name(entry.name_raw());
    let limit = MAX_ENTRY_BYTES.min(*left);
    let mut out = Vec::new();
    entry.take(limit + 1).read_to_end(&mut out).map_err(|e| ZipError::Invalid(format!("{name}: {e}")))?;
    if out.len() as u64 > limit {
        return Err(ZipError::Bomb(name));
    }
    *left -= out.len() as u64;
    Ok((name, out))
}

/// The index of the entry called `name`, if present.
pub fn find_entry(archive: &Archive<'_>, name: &str) -> Option<usize> {
    archive.index_for_name(name)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// A table being read.
#[derive(Default)]
struct Table {
    index: u32,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    tc_in_row: u32,
    cell_text: String,
    span: usize,
    continuation: bool,
    grid_before: usize,
}

impl Table {
    fn span_of(&self, cell: u32) -> Span {
        Span::Grid { table: self.index, row: self.rows.len() as u32 + 1, cell }
    }
}

/// Read a DOCX document held in `bytes`.
pub fn read_docx(bytes: &[u8]) -> Result<Document, ZipError> {
    read_docx_with(bytes, false)
}

/// Read a DOCX; with `collapse`, drop a column that repeats its left neighbour in every row
/// (the phantom column LibreOffice can add when converting DOC).
pub fn read_docx_with(bytes: &[u8], collapse: bool) -> Result<Document, ZipError> {
    let mut archive = open(bytes)?;
    let index = find_entry(&archive, "word/document.xml").ok_or(ZipError::Missing("word/document.xml"))?;
    let (_, xml) = read_entry(&mut archive, index)?;
    let xml = String::from_utf8_lossy(&xml);
    Ok(read_document_xml(&xml, collapse))
}

/// Remove columns identical to their left neighbour in every row, where some row has text there.
fn collapse_duplicate_columns(rows: &mut [Vec<Cell>]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut j = width.saturating_sub(1);
    while j > 0 {
        let same = rows.iter().all(|r| r.get(j).map(|c| &c.text) == r.get(j - 1).map(|c| &c.text));
        let has_text = rows.iter().any(|r| r.get(j).is_some_and(|c| !c.text.is_empty()));
        let header_text =
            rows.iter().any(|r| r.get(j).is_some_and(|c| xxgk_core::normalize::parse_value(&c.text).is_none()));
        if same && has_text && header_text {
            for r in rows.iter_mut() {
                if j < r.len() {
                    r.remove(j);
                }
            }
        }
        j -= 1;
    }
}

/// Read the body of a WordprocessingML document.
pub fn read_document_xml(xml: &str, collapse: bool) -> Document {
    let mut reader = Reader::from_str(xml);
    let mut lines: Vec<Line> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut table_count = 0u32;
    let mut para = String::new();
    let mut paragraphs = 0u32;
    let mut in_text = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if matches!(e.local_name().as_ref(), "tab" | "br" | "cr") => {
                push_text(&mut tables, &mut para, " ");
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                // A picture, a drawing or an embedded object (a table pasted as an Excel object
                // shows as its picture) outside a table: its place is written as the image mark,
                // so that a table published as an image is told from one left out.
                "drawing" | "pict" | "object" if tables.is_empty() => {
                    para.push(' ');
                    para.push(xxgk_core::document::IMAGE);
                    para.push(' ');
                }
                "tbl" => {
                    table_count += 1;
                    tables.push(Table { index: table_count, ..Table::default() });
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                        t.tc_in_row = 0;
                        t.grid_before = 0;
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.tc_in_row += 1;
                        t.cell_text.clear();
                        t.span = 1;
                        t.continuation = false;
                    }
                }
                _ => {}
            },
            Event::Empty(e) => {
                let Some(t) = tables.last_mut() else { continue };
                match e.local_name().as_ref() {
                    "gridSpan" => t.span = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 200),
                    "vMerge" => t.continuation = attr(&e, "w:val").is_none_or(|v| v == "continue"),
                    "gridBefore" => {
                        t.grid_before = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0).min(200)
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => push_text(&mut tables, &mut para, &t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut tables, &mut para, &resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell_text.push(' ');
                    } else {
                        paragraphs += 1;
                        let text = para.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.is_empty() {
                            lines.push(Line {
                                cells: vec![Cell { text, span: Span::Grid { table: 0, row: paragraphs, cell: 0 } }],
                            });
                        }
                        para.clear();
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        if t.row.is_empty() {
                            for _ in 0..t.grid_before {
                                let span = t.span_of(0);
                                t.row.push(Cell { text: String::new(), span });
                            }
                        }
                        let text = if t.continuation {
                            String::new()
                        } else {
                            t.cell_text.split_whitespace().collect::<Vec<_>>().join(" ")
                        };
                        let span = t.span_of(t.tc_in_row);
                        t.row.push(Cell { text, span: span.clone() });
                        for _ in 1..t.span {
                            t.row.push(Cell { text: String::new(), span: span.clone() });
                        }
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(mut t) = tables.pop() {
                        if collapse {
                            collapse_duplicate_columns(&mut t.rows);
                        }
                        lines.extend(t.rows.into_iter().filter(|r| !r.is_empty()).map(|cells| Line { cells }));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Document { lines, text: None, text_base: 0, findings: Vec::new() }
}

fn push_text(tables: &mut [Table], para: &mut String, s: &str) {
    match tables.last_mut() {
        Some(t) => t.cell_text.push_str(s),
        None => para.push_str(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_pasted_as_a_picture_is_a_table_as_an_image() {
        let xml = r#"<w:document><w:body>
            <w:p><w:r><w:t>某某局2024年政府信息公开工作年度报告</w:t></w:r></w:p>
            <w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:p><w:r><w:t>本年度……</w:t></w:r></w:p>
            <w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>
            <w:p><w:r><w:drawing><wp:inline><a:graphic/></wp:inline></w:drawing></w:r></w:p>
            <w:p><w:r><w:t>四、政府信息公开行政复议、行政诉讼情况</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let doc = read_document_xml(xml, true);
        assert_eq!(doc.lines[4].cells[0].text, xxgk_core::document::IMAGE.to_string());
        let report = xxgk_core::parse(&doc, xxgk_core::Source::default());
        let codes: Vec<(&str, Option<&str>)> =
            report.diagnostics.iter().map(|d| (d.code, d.args.0.get("table").and_then(|t| t.as_str()))).collect();
        assert!(codes.contains(&("TABLE-AS-IMAGE", Some("table3"))), "{codes:?}");
        assert!(!codes.contains(&("TABLE-MISSING", Some("table3"))), "{codes:?}");
    }

    #[test]
    fn merged_cells_become_padding() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>第二十条第（一）项</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>规</w:t></w:r><w:r><w:t>章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>&amp;</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let doc = read_document_xml(xml, false);
        let texts: Vec<Vec<&str>> =
            doc.lines.iter().map(|l| l.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(
            texts,
            [
                vec!["二、主动公开政府信息情况"],
                vec!["第二十条第（一）项", "", ""],
                vec!["规章", "1", "&"],
                vec!["", "商业 企业", "4"]
            ]
        );
        assert_eq!(doc.lines[3].cells[2].span, Span::Grid { table: 1, row: 3, cell: 3 });
    }

    #[test]
    fn phantom_columns_collapse() {
        let cell = |t: &str| Cell { text: t.into(), span: Span::Grid { table: 1, row: 1, cell: 1 } };
        let mut rows = vec![
            vec![cell("结果维持"), cell("结果纠正"), cell("结果纠正"), cell("总计")],
            vec![cell("1"), cell("0"), cell("0"), cell("1")],
        ];
        collapse_duplicate_columns(&mut rows);
        let texts: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts, [vec!["结果维持", "结果纠正", "总计"], vec!["1", "0", "1"]]);
    }

    #[test]
    fn bombs_and_junk_are_refused() {
        assert!(matches!(read_docx(b"PK\x03\x04 junk"), Err(ZipError::Invalid(_))));
        // A real zip whose document.xml inflates past the cap.
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            w.start_file("word/document.xml", opts).unwrap();
            let zeros = vec![b' '; 1 << 20];
            for _ in 0..(MAX_ENTRY_BYTES >> 20) + 1 {
                std::io::Write::write_all(&mut w, &zeros).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 1 << 20, "the bomb is small: {}", bytes.len());
        assert_eq!(read_docx(&bytes).unwrap_err(), ZipError::Bomb("word/document.xml".into()));
    }

    /// A zip of `names`, each holding `body`, and its central directory's records, each cut
    /// out with its name: (record, the archive's bytes before the directory).
    fn small_zip(names: &[&str], body: &[u8]) -> (Vec<Vec<u8>>, Vec<u8>) {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            for n in names {
                w.start_file(*n, opts).unwrap();
                std::io::Write::write_all(&mut w, body).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        let le32 = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let le16 = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap()) as usize;
        let eocd = bytes.len() - 22;
        let (start, mut at) = (le32(eocd + 16), le32(eocd + 16));
        let mut records = Vec::new();
        while at < eocd {
            let len = 46 + le16(at + 28) + le16(at + 30) + le16(at + 32);
            records.push(bytes[at..at + len].to_vec());
            at += len;
        }
        (records, bytes[..start].to_vec())
    }

    /// An archive of `records` after `body`.
    fn archive_of(body: &[u8], records: &[Vec<u8>]) -> Vec<u8> {
        let mut out = body.to_vec();
        let directory: Vec<u8> = records.concat();
        out.extend_from_slice(&directory);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        let n = (records.len() as u16).to_le_bytes();
        out.extend_from_slice(&[n[0], n[1], n[0], n[1]]);
        out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn entries_that_share_their_bytes_are_refused_before_any_is_expanded() {
        // Two thousand directory records, one stream: each record names the same local entry.
        let (records, body) = small_zip(&["r0000.txt"], &[b'0'; 4096]);
        let copies: Vec<Vec<u8>> = (0..2000)
            .map(|k| {
                let mut r = records[0].clone();
                let name = format!("r{k:04}.txt");
                let at = r.len() - name.len();
                r[at..].copy_from_slice(name.as_bytes());
                r
            })
            .collect();
        let bomb = archive_of(&body, &copies);
        assert!(matches!(open(&bomb).map(|_| ()), Err(ZipError::Overlapping(n)) if n == "r0001.txt"));
        // The same archive with its records apart opens.
        let (records, body) = small_zip(&["a.txt", "b.txt"], &[b'0'; 4096]);
        let apart = archive_of(&body, &records);
        assert_eq!(open(&apart).unwrap().len(), 2);
    }

    #[test]
    fn entries_that_say_they_expand_past_the_upload_limit_are_refused() {
        let (mut records, body) = small_zip(&["a.txt", "b.txt"], b"x");
        // Each record declares 300 MB: honest sizes, over the sum the upload may expand to.
        for r in &mut records {
            r[24..28].copy_from_slice(&(300u32 << 20).to_le_bytes());
        }
        assert_eq!(open(&archive_of(&body, &records)).map(|_| ()).unwrap_err(), ZipError::Bomb("b.txt".into()));
    }

    #[test]
    fn the_expansion_is_counted_across_entries() {
        let (records, body) = small_zip(&["a.txt", "b.txt"], &[b'0'; 1000]);
        let bytes = archive_of(&body, &records);
        let mut archive = open(&bytes).unwrap();
        let mut left = 1500;
        assert_eq!(read_entry_within(&mut archive, 0, &mut left).unwrap().1.len(), 1000);
        assert_eq!(left, 500);
        assert_eq!(read_entry_within(&mut archive, 1, &mut left).unwrap_err(), ZipError::Bomb("b.txt".into()));
    }
}
