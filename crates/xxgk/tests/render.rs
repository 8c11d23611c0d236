//! `xxgk render` writes a document an agency can publish: nothing the report does not say, a
//! visible placeholder where its text is missing (which `check` flags), and a Word file that
//! prints on A4 with 表三 inside the page and its header repeated on each page it runs onto.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;
use xxgk_render::{Filled, Form};

/// Sentences of the generated test corpus that no author wrote.
const INVENTED: [&str; 4] = ["认真贯彻落实", "均在法定期限内答复", "政策解读的形式还不够丰富", "本年度未收取"];

/// The example reports of both templates.
fn reports() -> Vec<(&'static str, Value)> {
    ["a-markdown", "f-2019-template-gbk"]
        .into_iter()
        .map(|s| (s, expected(&examples().join(format!("{s}.md")))))
        .collect()
}

fn document_text(form: Form, f: &Filled) -> String {
    let bytes = xxgk_render::render(f, form, "/");
    match form {
        Form::Docx => {
            let (doc, _) = xxgk_read::read_bytes("r.docx", &bytes).unwrap();
            doc.lines.iter().flat_map(|l| l.cells.iter().map(|c| c.text.clone())).collect::<Vec<_>>().join("\n")
        }
        _ => String::from_utf8(bytes).unwrap(),
    }
}

#[test]
fn render_writes_placeholders_not_invented_sentences() {
    for (name, v) in reports() {
        let f = Filled::from_json(&v).unwrap();
        for form in [Form::Html, Form::Docx, Form::Md] {
            let text = document_text(form, &f);
            for s in INVENTED {
                assert!(!text.contains(s), "{name} as {}: invented “{s}”", form.name());
            }
            assert_eq!(text.matches("【请填写").count(), 3, "{name} as {}: {text}", form.name());
        }
        let html = String::from_utf8(xxgk_render::render(&f, Form::Html, "/")).unwrap();
        assert!(
            !html.contains("<script") && !html.contains("首页") && !html.contains("分享到"),
            "{name}: portal chrome in a publishable page"
        );
        assert!(html.contains("<thead>") && html.contains("@page"), "{name}: no print layout");

        // The author's own text replaces the placeholders, and check is then silent about them.
        let mut filled = v.clone();
        filled["prose"] = serde_json::json!({"overview": "全年工作概述。", "problems": "问题与改进。", "other": "本年度未收取信息处理费。"});
        let f = Filled::from_json(&filled).unwrap();
        let text = document_text(Form::Docx, &f);
        assert!(!text.contains("【请填写") && text.contains("问题与改进。"), "{name}: {text}");
    }
}

#[test]
fn check_flags_a_placeholder_left_in_the_document() {
    let tmp = temp("placeholder");
    let dir = tmp.path();
    let (_, v) = &reports()[0];
    let f = Filled::from_json(v).unwrap();
    std::fs::write(dir.join("draft.docx"), xxgk_render::render(&f, Form::Docx, "/")).unwrap();
    let o = xxgk(&["check", "--format", "json", s(&dir.join("draft.docx"))]);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let left = report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "PLACEHOLDER-LEFT").count();
    assert_eq!(left, 3, "{}", text(&o));
    assert_eq!(o.status.code(), Some(1), "a placeholder is an error");
}

/// The `pdftotext -bbox` words of a PDF as (page, page width, xMax, text).
fn words(pdf: &Path) -> Vec<(usize, f64, f64, String)> {
    let o = Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().unwrap();
    let html = String::from_utf8_lossy(&o.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut page, mut width, mut out) = (0, 0.0, Vec::new());
    for tag in html.split('<').skip(1) {
        if tag.starts_with("page ") {
            page += 1;
            width = attr(tag, "width");
        } else if tag.starts_with("word ") {
            let text = tag.split('>').nth(1).unwrap_or("").to_string();
            out.push((page, width, attr(tag, "xMax"), text));
        }
    }
    out
}

#[test]
fn rendered_docx_prints_on_a4_with_table3_inside_the_page_and_its_header_on_every_page() {
    if !needs(runs("soffice", "--version"), "soffice (Debian libreoffice-writer-nogui)")
        || !needs(runs("pdftotext", "-v"), "pdftotext (Debian poppler-utils)")
    {
        return;
    }
    let tmp = temp("render-print");
    let dir = tmp.path();
    for (name, v) in reports() {
        let f = Filled::from_json(&v).unwrap();
        let docx = dir.join(format!("{name}.docx"));
        std::fs::write(&docx, xxgk_render::render(&f, Form::Docx, "/")).unwrap();
        let ok = Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&docx)
            .env("HOME", &dir)
            .output()
            .unwrap();
        assert!(ok.status.success(), "soffice: {}", String::from_utf8_lossy(&ok.stderr));
        let pdf = dir.join(format!("{name}.pdf"));
        let words = words(&pdf);
        assert!(!words.is_empty(), "{name}: no text in the PDF");
        for (page, width, x1, text) in &words {
            assert!((width - 595.3).abs() < 1.0, "{name}: page {page} is {width} pt wide, not A4");
            // Inside the right margin (26 mm ≈ 74 pt), with a little slack for borders.
            assert!(*x1 <= width - 60.0, "{name}: “{text}” on page {page} ends at {x1} of {width}");
        }
        // The pages 表三's rows stand on, and the header on each of them.
        let pages = |needle: &str| -> Vec<usize> {
            let mut p: Vec<usize> = words.iter().filter(|w| w.3.contains(needle)).map(|w| w.0).collect();
            p.dedup();
            p
        };
        let first =
            *pages("一、本年新收政府信息公开申请数量").first().unwrap_or_else(|| panic!("{name}: 表三 not printed"));
        let last = *pages("四、结转下年度继续办理").last().unwrap_or_else(|| panic!("{name}: 表三 cut"));
        assert!(last > first, "{name}: 表三 fits one page, so its header is never repeated (pages {first}–{last})");
        let headed = pages("申请人情况");
        for p in first..=last {
            assert!(headed.contains(&p), "{name}: 表三 runs onto page {p} without its header (header on {headed:?})");
        }
        // What was printed reads back to the report's values.
        let mut want = v.clone();
        want.as_object_mut().unwrap().retain(|k, _| !k.starts_with('_'));
        let bad = differences(&format!("{name}.pdf"), &std::fs::read(&pdf).unwrap(), &want);
        assert!(bad.is_empty(), "{name} printed by LibreOffice:\n{}", bad.join("\n"));
    }
}
