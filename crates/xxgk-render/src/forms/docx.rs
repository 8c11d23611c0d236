//! A Word document (Office Open XML) with real merged cells: `w:gridSpan` across, `w:vMerge`
//! down — what Word and LibreOffice write for the template's tables.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::blocks::Block;
use crate::grid::{Grid, Slot};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A paragraph: `jc` its alignment, `bold` for headings.
fn para(out: &mut String, text: &str, jc: &str, bold: bool) {
    out.push_str("<w:p>");
    if !jc.is_empty() {
        out.push_str(&format!("<w:pPr><w:jc w:val=\"{jc}\"/></w:pPr>"));
    }
    if !text.is_empty() {
        out.push_str("<w:r>");
        if bold {
            out.push_str("<w:rPr><w:b/></w:rPr>");
        }
        out.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text)));
    }
    out.push_str("</w:p>");
}

fn cell(out: &mut String, text: &str, colspan: usize, merge: Option<&str>) {
    out.push_str("<w:tc><w:tcPr>");
    if colspan > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{colspan}\"/>"));
    }
    match merge {
        Some("restart") => out.push_str("<w:vMerge w:val=\"restart\"/>"),
        Some(_) => out.push_str("<w:vMerge/>"),
        None => {}
    }
    out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    para(out, text, "center", false);
    out.push_str("</w:tc>");
}

fn table(out: &mut String, g: &Grid) {
    let border = |side: &str| format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
    out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&border(side));
    }
    out.push_str("</w:tblBorders></w:tblPr><w:tblGrid>");
    let width = 9000 / g.columns;
    for _ in 0..g.columns {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    // A row is never split across pages: a label cut at a page break is half a label on each.
    for row in g.slots() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for s in row {
            match s {
                Slot::Origin(c) => cell(out, &c.text, c.colspan, (c.rowspan > 1).then_some("restart")),
                Slot::Below(c) => cell(out, "", c.colspan, Some("continue")),
                Slot::Right => {}
            }
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn document(blocks: &[Block]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for b in blocks {
        match b {
            Block::Title(t) => para(&mut out, t, "center", true),
            Block::Meta(t) | Block::Para(t) => para(&mut out, t, "", false),
            Block::Heading(t) => para(&mut out, t, "", true),
            Block::Signature(t) => para(&mut out, t, "right", false),
            Block::Table(g) => {
                table(&mut out, g);
                para(&mut out, "", "", false);
            }
        }
    }
    out.push_str("<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
    out
}

pub fn render(blocks: &[Block]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts = [("[Content_Types].xml", CONTENT_TYPES.to_string()), ("_rels/.rels", RELS.to_string()), ("word/document.xml", document(blocks))];
        for (name, body) in parts {
            // Writing into memory cannot fail.
            let _ = zip.start_file(name, opts).and_then(|()| zip.write_all(body.as_bytes()).map_err(Into::into));
        }
        let _ = zip.finish();
    }
    buf.into_inner()
}
