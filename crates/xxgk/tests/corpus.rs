//! Real and sample reports parse to exactly their expected values and findings.

mod common;

use std::process::Command;

use common::*;
use xxgk::eval::codes;
use xxgk_core::{Lang, Span, TableId};

#[test]
fn bundled_examples_parse_exactly() {
    let docs = documents(&examples());
    assert!(docs.len() >= 15, "examples/ lost files: {docs:?}");
    for doc in docs {
        if let Some((r, _)) = load_if_readable(&doc) {
            assert_matches(&doc, &r);
        }
    }
}

#[test]
fn bundled_examples_report_exactly_the_planted_findings() {
    for doc in documents(&examples()) {
        let want: Vec<String> = serde_json::from_value(expected(&doc)["_findings"].clone()).unwrap();
        let Some((r, _)) = load_if_readable(&doc) else { continue };
        let got: Vec<String> = codes(&r).into_iter().map(String::from).collect();
        assert_eq!(got, want, "{}", doc.display());
    }
}

/// Every value has provenance, and where it is a text span it points at source text that
/// states that very value.
#[test]
fn provenance_points_at_the_value() {
    let mut located = 0;
    for doc in documents(&examples()) {
        let Some((report, document)) = load_if_readable(&doc) else { continue };
        for id in TableId::ALL {
            let Some(t) = report.table(id) else { continue };
            for row in &t.rows {
                for cell in &row.cells {
                    match (&cell.span, document.text.as_deref()) {
                        (Some(Span::Text { byte, .. }), Some(text)) => {
                            let src = &text[byte[0] - document.text_base..byte[1] - document.text_base];
                            let stated = match xxgk_core::normalize::parse_value(src) {
                                Some(xxgk_core::normalize::CellValue::Number(n)) => Some(n),
                                _ => None,
                            };
                            assert_eq!(stated, cell.value, "{}: {} cell text {src:?}", doc.display(), row.def.key);
                            located += 1;
                        }
                        (Some(_), _) => {}
                        (None, _) => {
                            assert!(cell.value.is_none(), "{}: {} value without provenance", doc.display(), row.def.key)
                        }
                    }
                }
            }
        }
    }
    assert!(located > 1000, "{located}");
}

/// Archives hold several reports, each named `archive!member`; junk members are skipped.
#[test]
fn archives_are_read_member_by_member() {
    let all = xxgk::load(&examples().join("n-reports.zip"));
    let names: Vec<String> =
        all.iter().map(|r| r.as_ref().map(|(rep, _)| rep.source.path.clone()).unwrap_or_default()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].ends_with("n-reports.zip!水利局/2023年报.docx"), "{names:?}");
    let (docx, _) = all[0].as_ref().unwrap();
    assert_eq!(docx.agency.as_deref(), Some("青禾市水利局"));
    assert_eq!(docx.source.format, "docx");
}

#[test]
fn corpus_seeds_parse_exactly() {
    let Some(corpus) = corpus() else { return };
    let docs = documents(&corpus.join("seeds"));
    assert!(!docs.is_empty());
    for doc in docs {
        assert_matches(&doc, &load(&doc));
    }
}

#[test]
fn seed_000_is_cut_off_and_lacks_table_4() {
    let Some(corpus) = corpus() else { return };
    let r = load(&corpus.join("seeds/000_e07ba98724de6212.txt"));
    let missing = r.diagnostics.iter().find(|d| d.code == "TABLE-MISSING").expect("TABLE-MISSING");
    assert_eq!(missing.cells, ["table4"]);
    let cut = r.diagnostics.iter().find(|d| d.code == "ROW-MISSING").expect("ROW-MISSING");
    assert_eq!(cut.cells.first().map(String::as_str), Some("table3.withheld_administrative_query"));
    let said = cut.message(Lang::default());
    assert!(said.contains("7.属于行政执法案卷"), "{said}");
    assert_eq!(r.table(TableId::Table3).unwrap().rows.len(), 11);
}

#[test]
fn seed_004_old_template_and_eight_values_for_seven() {
    let Some(corpus) = corpus() else { return };
    let r = load(&corpus.join("seeds/004_7cfe14d9f8ebec40.txt"));
    assert!(codes(&r).contains(&"TEMPLATE-YEAR"));
    let resolved = r
        .diagnostics
        .iter()
        .find(|d| d.code == "CELLS-RESOLVED" && d.cells == ["table3.total_processed"])
        .expect("the 8-for-7 row is resolved and said so");
    let said = resolved.message(Lang::default());
    assert!(said.contains("2 0 0 0 0 0 0 2"), "{said}");
    assert!(!codes(&r).contains(&"CELLS-UNRESOLVED"));
}

/// 洪泽区 2023: the agency's own error, 表四 group totals that do not add up — reported, not
/// repaired.
fn assert_hongze_2023_findings(r: &xxgk_core::Report) {
    let t4: Vec<&Vec<String>> = r.diagnostics.iter().filter(|d| d.code == "T4-SUM").map(|d| &d.cells).collect();
    assert_eq!(t4.len(), 2, "{:?}", r.diagnostics);
    assert!(t4[0][0].starts_with("table4.review."));
    assert!(t4[1][0].starts_with("table4.litigation_after_review."));
    assert_eq!(r.table(TableId::Table4).unwrap().row("review").unwrap().value(4).map(|n| n.mantissa), Some(0));
}

/// The real PDFs, read natively: exact values, and every value located on its page.
#[test]
fn corpus_pdfs_parse_exactly() {
    let Some(corpus) = corpus() else { return };
    let pdfs: Vec<_> =
        documents(&corpus.join("dev")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")).collect();
    assert!(pdfs.len() >= 3);
    for pdf in pdfs {
        let r = load(&pdf);
        assert_matches(&pdf, &r);
        for t in r.tables.iter().flatten() {
            for row in &t.rows {
                for c in &row.cells {
                    assert!(
                        c.value.is_none() || matches!(c.span, Some(Span::Page { page: 1..=9, .. })),
                        "{}: {}",
                        pdf.display(),
                        row.def.key
                    );
                }
            }
        }
        if pdf.ends_with("hongze-district-2023.pdf") {
            assert_hongze_2023_findings(&r);
        }
    }
}

/// The layout-text form of the real PDFs (`pdftotext -layout`), converted into a temporary
/// folder: the PDFs themselves never enter the project.
#[test]
fn corpus_pdfs_as_layout_text_parse_exactly() {
    let Some(corpus) = corpus() else { return };
    if !needs(runs("pdftotext", "-v"), "pdftotext (Debian poppler-utils)") {
        return;
    }
    let folder = temp("layout");
    let tmp = folder.path();
    let mut n = 0;
    for pdf in documents(&corpus.join("dev")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")) {
        let stem = pdf.file_stem().unwrap().to_str().unwrap().to_string();
        let txt = tmp.join(format!("{stem}.txt"));
        let ok = Command::new("pdftotext").arg("-layout").arg(&pdf).arg(&txt).status().unwrap().success();
        assert!(ok, "pdftotext failed on {}", pdf.display());
        std::fs::copy(pdf.with_file_name(format!("{stem}.expected.json")), tmp.join(format!("{stem}.expected.json")))
            .unwrap();
        let r = load(&txt);
        assert_matches(&txt, &r);
        if stem == "hongze-district-2023" {
            assert_hongze_2023_findings(&r);
        }
        n += 1;
    }
    assert!(n >= 3, "expected the three dev PDFs, converted {n}");
}
