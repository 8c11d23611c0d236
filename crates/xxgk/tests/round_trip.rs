//! The readers proved by round trip: generated reports, written in every form, read back to
//! exactly their values and exactly their planted findings.
//!
//! CI runs a modest number of cases; for a longer run:
//! `PROPTEST_CASES=2000 cargo test --release -p xxgk --test round_trip`.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use xxgk::eval::{compare, Score};
use xxgk_core::Lang;
use xxgk_render::synth::{sample, Options};
use xxgk_render::{Filled, Form};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(12)
}

/// Two reports one under the other in one file — an organ's two years on one portal page, or
/// a text conversion of both — read back as two reports, each exactly.
fn two_in_one_file(seed: u64, i: u64) -> Result<(), TestCaseError> {
    for form in Form::ALL.into_iter().filter(|f| *f != Form::Docx) {
        let opts = Options { seed, forms: vec![form], inconsistent: 0.0, damage: 0.0 };
        let (a, b) = (sample(&opts, i), sample(&opts, i + 1));
        let bytes = two_in_one(form, &a.bytes, &b.bytes);
        let name = format!("two.{}", form.extension());
        let read = xxgk_read::read_all_bytes(&name, &bytes);
        prop_assert_eq!(read.len(), 2, "seed {} sample {} as {}", seed, i, form.name());
        for (k, (r, expected)) in read.into_iter().zip([&a.expected, &b.expected]).enumerate() {
            let (doc, source) = r.map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&source.path, &format!("{name}#{}", k + 1));
            let report = xxgk_core::parse(&doc, source);
            let mut score = Score::default();
            compare(expected, Some(&report.to_json(Lang::default())), "", &mut score);
            prop_assert!(
                score.mismatches.is_empty(),
                "seed {seed} sample {i} as {}, report {}:\n{}",
                form.name(),
                k + 1,
                score.mismatches.join("\n")
            );
        }
    }
    Ok(())
}

fn round_trip(seed: u64, i: u64, inconsistent: f64, damage: f64) -> Result<(), TestCaseError> {
    for form in Form::ALL {
        let s = sample(&Options { seed, forms: vec![form], inconsistent, damage }, i);
        let bad = differences(&s.file_name(), &s.bytes, &s.expected);
        prop_assert!(
            bad.is_empty(),
            "seed {seed} sample {i} as {} ({:?}):\n{}",
            form.name(),
            s.expected["_planted"],
            bad.join("\n")
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// A consistent report in every form reads back to its values, with no finding at all
    /// (beyond the template variants the generator states).
    #[test]
    fn every_form_reads_back_exactly(seed in any::<u64>(), i in 0u64..1_000_000) {
        round_trip(seed, i, 0.0, 0.0)?;
    }

    /// Planted inconsistencies and conversion damage give exactly the findings they must.
    #[test]
    fn planted_inconsistencies_and_damage_give_exactly_their_findings(seed in any::<u64>(), i in 0u64..1_000_000) {
        round_trip(seed, i, 0.7, 0.7)?;
    }

    #[test]
    fn several_reports_in_one_file_read_as_one_report_each(seed in any::<u64>(), i in 0u64..1_000_000) {
        two_in_one_file(seed, i)?;
    }
}

/// Every value of a seed's report (or, without the corpus, the bundled samples) written as DOCX
/// and HTML: LibreOffice opens both and prints them to PDF, and the PDFs read back identical.
#[test]
fn libreoffice_opens_rendered_docx_and_html() {
    if !needs(runs("soffice", "--version"), "soffice (Debian libreoffice-writer-nogui)") {
        return;
    }
    let sources = match corpus() {
        Some(c) => documents(&c.join("seeds")),
        None => documents(&examples())
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
            .collect(),
    };
    let folder = temp("lo");
    let tmp = folder.path();
    let mut checked = 0;
    for form in [Form::Docx, Form::Html] {
        let dir = tmp.join(form.name());
        std::fs::create_dir_all(dir.join("pdf")).unwrap();
        let mut wanted = Vec::new();
        for src in &sources {
            let expected = expected(src);
            let Ok(filled) = Filled::from_json(&expected) else { continue };
            let stem = src.file_stem().unwrap().to_str().unwrap().to_string();
            std::fs::write(
                dir.join(format!("{stem}.{}", form.extension())),
                xxgk_render::synth::document(&filled, form, "/"),
            )
            .unwrap();
            wanted.push((stem, expected));
        }
        let files: Vec<_> = wanted.iter().map(|(s, _)| dir.join(format!("{s}.{}", form.extension()))).collect();
        let ok = Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.join("pdf"))
            .args(&files)
            .env("HOME", &tmp)
            .output()
            .unwrap();
        assert!(ok.status.success(), "soffice: {}", String::from_utf8_lossy(&ok.stderr));
        for (stem, mut expected) in wanted {
            let pdf = dir.join("pdf").join(format!("{stem}.pdf"));
            let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
            // A sample's planted findings come from its own damage, not from this rendering.
            if let Some(o) = expected.as_object_mut() {
                o.remove("_findings");
            }
            let bad = differences(&format!("{stem}.pdf"), &bytes, &expected);
            assert!(bad.is_empty(), "{} via LibreOffice:\n{}", Path::new(&stem).display(), bad.join("\n"));
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked}");
}

/// Every kind of damage the generator knows, each seen several times, reads back to exactly
/// its values and findings: the shapes real documents take (blank cells written as nothing, a
/// file cut inside a row, …) are each pinned here.
#[test]
fn every_kind_of_damage_reads_back_exactly() {
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut bad = Vec::new();
    for i in 0..1500 {
        let s = sample(&Options { seed: 2026, forms: Form::ALL.to_vec(), inconsistent: 0.0, damage: 1.0 }, i);
        for note in s.expected["_planted"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            *seen.entry(note.to_string()).or_default() += 1;
        }
        let d = differences(&s.file_name(), &s.bytes, &s.expected);
        if !d.is_empty() {
            bad.push(format!("{} ({}): {}", s.file_name(), s.expected["_planted"], d.join("; ")));
        }
    }
    for kind in [
        "表三截断，表四缺失",
        "合并单元格重复，一行八个数值",
        "标签折行",
        "表格中夹有页码",
        "文件在表三某行中间结束",
        "空白单元格写作空行",
        "全文转为繁体字",
        "正文以脚本字符串形式嵌入网页",
        "单元格数值后附注释",
        "标题以年度开头",
        "标题写在“标题：”字段中",
        "机关名称只在开篇一句中",
        "机关名称只在网页标题中",
        "只有表三后半和表四的片段",
        "两行标签与数值分开",
        "表二第（一）项一组排在最后",
    ] {
        assert!(seen.get(kind).is_some_and(|n| *n >= 3), "{kind} generated {:?} times: {seen:?}", seen.get(kind));
    }
    assert!(bad.is_empty(), "{} of 1500 differ:\n{}", bad.len(), bad.join("\n"));
}

/// Crawler dumps — a whole report on one line, every cell glued to the next — read back exactly
/// wherever the template's sums tell the digits apart (the generator writes only those, and a
/// 表二 row that splits several ways is expected unread).
#[test]
fn glued_bodies_read_back_exactly() {
    let opts = Options { seed: 41, forms: vec![Form::Lines], inconsistent: 0.0, damage: 1.0 };
    let mut glued = 0;
    let mut bad = Vec::new();
    for i in 0..20_000 {
        let s = sample(&opts, i);
        if !s.expected["_planted"].as_array().is_some_and(|p| p.iter().any(|n| n == "全文一行、单元格粘连")) {
            continue;
        }
        glued += 1;
        let d = differences(&s.file_name(), &s.bytes, &s.expected);
        if !d.is_empty() {
            bad.push(format!("{}: {}", s.file_name(), d.join("; ")));
        }
        if glued == 25 {
            break;
        }
    }
    assert!(glued >= 10, "only {glued} glued samples");
    assert!(bad.is_empty(), "{} of {glued} differ:\n{}", bad.len(), bad.join("\n"));
}

/// Generated organs are made up: none is named after a real division, whose level would
/// contradict the one the generator planted (永安市 is a county-level city).
#[test]
fn generated_organs_are_never_real_divisions() {
    let opts = Options { seed: 18400368241266096559, forms: vec![Form::Md], inconsistent: 0.0, damage: 0.0 };
    for i in 294000..297000 {
        let s = sample(&opts, i);
        let agency = s.expected["agency"].as_str().unwrap_or_default().to_string();
        assert!(xxgk_core::organ::division(&agency).is_none(), "sample {i}: {agency}");
    }
}
