//! A Word document (Office Open XML) with real merged cells: `w:gridSpan` across, `w:vMerge`
//! down — what Word and LibreOffice write for the template's tables.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::blocks::Block;
use crate::grid::{Grid, Slot};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>{FOOTER}</Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>{FOOTER}</Relationships>"#;

/// The 公文 styles (GB/T 9704): body 仿宋 三号 (16 pt), title 小标宋 二号 (22 pt), headings 黑体
/// 三号, tables 五号 (10.5 pt). A machine without those fonts substitutes its own CJK fonts.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:after="240" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Meta"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Closing"><w:name w:val="Closing"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0" w:right="640"/><w:jc w:val="right"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Number"><w:name w:val="Number"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0" w:right="320"/><w:jc w:val="right"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Addressee"><w:name w:val="Addressee"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:pPr><w:spacing w:line="280" w:lineRule="atLeast"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style></w:styles>"#;

/// A4 (210 × 297 mm) with the 公文 margins: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
/// `{FOOTER}` is where a letter's page-number footer is referenced.
const PAGE: &str = r#"<w:sectPr>{FOOTER}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#;
/// The width between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = 11906 - 1588 - 1474;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A paragraph in `style` (`""`: the body text).
fn para(out: &mut String, text: &str, style: &str) {
    out.push_str("<w:p>");
    if !style.is_empty() {
        out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
    }
    if !text.is_empty() {
        out.push_str(&format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text)));
    }
    out.push_str("</w:p>");
}

fn cell(out: &mut String, text: &str, width: usize, colspan: usize, merge: Option<&str>) {
    out.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"));
    if colspan > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{colspan}\"/>"));
    }
    match merge {
        Some("restart") => out.push_str("<w:vMerge w:val=\"restart\"/>"),
        Some(_) => out.push_str("<w:vMerge/>"),
        None => {}
    }
    out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    para(out, text, "TableText");
    out.push_str("</w:tc>");
}

/// Each grid column's width: a label column in proportion to the longest text that stands in
/// it alone (a tall merged cell wraps, so it counts half), every value column alike, the whole
/// scaled to the width between the margins.
fn column_widths(g: &Grid) -> Vec<usize> {
    let mut want = vec![2usize; g.columns];
    let mut value = vec![false; g.columns];
    for row in g.slots() {
        for (col, s) in row.iter().enumerate().take(g.columns) {
            let Slot::Origin(c) = s else { continue };
            value[col] |= c.value;
            if c.colspan == 1 {
                let chars = c.text.chars().count();
                want[col] = want[col].max(if c.rowspan > 2 { chars.div_ceil(2) } else { chars });
            }
        }
    }
    for (w, v) in want.iter_mut().zip(&value) {
        *w = if *v { 4 } else { (*w).clamp(2, 12) };
    }
    let total: usize = want.iter().sum();
    want.iter().map(|w| TEXT_WIDTH * w / total).collect()
}

fn table(out: &mut String, g: &Grid) {
    let border = |side: &str| format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
    let widths = column_widths(g);
    out.push_str(&format!("<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>"));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&border(side));
    }
    out.push_str("</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let head = g.header_rows();
    // A row is never split across pages (a label cut at a page break is half a label on each),
    // and the header rows are repeated at the top of each page the table runs onto.
    for (i, row) in g.slots().into_iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if i < head {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        let mut col = 0;
        for s in row {
            let span = match s {
                Slot::Origin(c) | Slot::Below(c) => c.colspan,
                Slot::Right => {
                    col += 1;
                    continue;
                }
            };
            let width = widths.get(col..(col + span).min(widths.len())).map_or(0, |w| w.iter().sum());
            match s {
                Slot::Origin(c) => cell(out, &c.text, width, c.colspan, (c.rowspan > 1).then_some("restart")),
                Slot::Below(c) => cell(out, "", width, c.colspan, Some("continue")),
                Slot::Right => {}
            }
            col += 1;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn document(blocks: &[Block], paged: bool) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>",
    );
    // In a letter the last paragraph, the room left for the seal and the 落款 keep together: a
    // 落款 never stands alone on a page (GB/T 9704).
    let closing = paged
        .then(|| blocks.iter().position(|b| matches!(b, Block::Signature(_))))
        .flatten()
        .and_then(|s| blocks[..s].iter().rposition(|b| matches!(b, Block::Para(t) if !t.is_empty())));
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Title(t) => para(&mut out, t, "Title"),
            Block::Meta(t) => para(&mut out, t, "Meta"),
            Block::Para(t) if closing.is_some_and(|c| i >= c) => para(&mut out, t, "Closing"),
            Block::Para(t) => para(&mut out, t, ""),
            Block::Heading(t) => para(&mut out, t, "Heading1"),
            Block::Signature(t) => para(&mut out, t, "Signature"),
            Block::Number(t) => para(&mut out, t, "Number"),
            Block::Addressee(t) => para(&mut out, t, "Addressee"),
            Block::Image(_) => {}
            Block::Table(g) => {
                table(&mut out, g);
                para(&mut out, "", "");
            }
        }
    }
    out.push_str(&PAGE.replace("{FOOTER}", if paged { FOOTER_REFERENCE } else { "" }));
    out.push_str("</w:body></w:document>");
    out
}

/// The page number of a 公文 (GB/T 9704): 4号 宋体 Arabic numerals between dashes, `— 1 —`.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;
const FOOTER_REFERENCE: &str = r#"<w:footerReference w:type="default" r:id="rId2"/>"#;
const FOOTER_TYPE: &str = r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#;
const FOOTER_REL: &str = r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#;

/// A report as a Word document.
pub fn render(blocks: &[Block]) -> Vec<u8> {
    package(blocks, false)
}

/// A letter (a 审核意见): the blocks with a page number at the foot of every page.
pub fn paged(blocks: &[Block]) -> Vec<u8> {
    package(blocks, true)
}

fn package(blocks: &[Block], paged: bool) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let footer = |with: &str| if paged { with.to_string() } else { String::new() };
        let mut parts = vec![
            ("[Content_Types].xml", CONTENT_TYPES.replace("{FOOTER}", &footer(FOOTER_TYPE))),
            ("_rels/.rels", RELS.to_string()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.replace("{FOOTER}", &footer(FOOTER_REL))),
            ("word/styles.xml", STYLES.to_string()),
            ("word/document.xml", document(blocks, paged)),
        ];
        if paged {
            parts.push(("word/footer1.xml", FOOTER.to_string()));
        }
        for (name, body) in parts {
            // Writing into memory cannot fail.
            let _ = zip.start_file(name, opts).and_then(|()| zip.write_all(body.as_bytes()).map_err(Into::into));
        }
        let _ = zip.finish();
    }
    buf.into_inner()
}
