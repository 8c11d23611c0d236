//! Shapes of real documents beyond the generated ones: the template a report's year implies,
//! and metadata taken from where a document does not state it — never silently.

mod common;

use common::*;
use xxgk_core::{Lang, Severity};
use xxgk_render::Form;

fn parse(name: &str, text: &str) -> xxgk_core::Report {
    let (doc, source) = xxgk_read::read_bytes(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    xxgk_core::parse(&doc, source)
}

fn codes(r: &xxgk_core::Report) -> Vec<&str> {
    r.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(|d| d.code).collect()
}

#[test]
fn a_report_before_2019_is_free_form_whatever_its_tables() {
    let f = year("青禾市审计局", 2017, 0, 0, 10, "2018-03-01");
    let text = String::from_utf8(xxgk_render::synth::document(&f, Form::Md, "/")).unwrap();
    let r = parse("a.md", &text);
    assert_eq!(r.template.as_str(), "other", "{:?}", codes(&r));
    assert_eq!(r.year, Some(2017));
    assert!(!codes(&r).contains(&"TEMPLATE-YEAR"), "{:?}", codes(&r));
}

#[test]
fn a_2020_report_with_tables_and_no_2021_cues_is_2019() {
    let text = "青禾市审计局2020年政府信息公开工作年度报告\n一、总体情况\n本机关依法公开。\n二、主动公开政府信息情况\n\
                行政许可\t3\t+1\t12\n行政处罚\t0\t0\t4\n三、收到和处理政府信息公开申请情况\n本年度未收到申请。\n\
                四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n";
    let r = parse("b.txt", text);
    assert_eq!(
        r.template.as_str(),
        "2019",
        "{:?}",
        r.diagnostics.iter().map(|d| d.message(Lang::default())).collect::<Vec<_>>()
    );
}

#[test]
fn metadata_from_a_fallback_is_a_warning_that_says_where_from() {
    let text = "政府信息公开工作年度报告\n公文生成日期：2024-02-10\n一、总体情况\n本机关依法公开政府信息。\n二、主动公开政府信息情况\n无。\n\
                三、收到和处理政府信息公开申请情况\n无。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n无。\n\
                六、其他需要报告的事项\n如对本报告有疑问，请与青禾市审计局办公室联系。\n";
    let r = parse("c.txt", text);
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.agency.as_deref(), Some("青禾市审计局"));
    let guessed: Vec<String> =
        r.diagnostics.iter().filter(|d| d.code == "META-GUESSED").map(|d| d.message(Lang::default())).collect();
    assert_eq!(guessed.len(), 2, "{guessed:?}");
    assert!(guessed[0].contains("年度2023取自发布日期的上一年"), "{guessed:?}");
    assert!(guessed[1].contains("机关“青禾市审计局”取自联系方式一行"), "{guessed:?}");
}

#[test]
fn the_title_names_the_organ_before_a_publisher_field() {
    let text = "2023年度青禾市统计局政府信息公开工作年度报告\n发布机构：青禾市统计局办公室\n一、总体情况\n统计期限自2023年1月1日起至2023年12月31日止。\n";
    let r = parse("d.txt", text);
    assert_eq!(r.agency.as_deref(), Some("青禾市统计局"));
    assert_eq!(r.year, Some(2023));
    assert!(!codes(&r).contains(&"META-GUESSED"));
}

/// Glued digits that the row's own sum cannot split (10 10 0 1 12 1 34 and 10 10 0 11 2 1 34
/// both add up) are split by the table's column sums: the outcomes must add up to （七）总计.
#[test]
fn glued_digits_the_row_cannot_decide_are_decided_by_the_columns() {
    use xxgk_core::TableId;
    let mut f = year("青禾市审计局", 2023, 0, 0, 10, "2024-01-20");
    let row = [10, 10, 0, 11, 2, 1, 34];
    for key in ["new_received", "granted", "total_processed"] {
        set(&mut f, TableId::Table3, key, &row);
    }
    f.applications_received = Some(34);
    let md = String::from_utf8(xxgk_render::synth::document(&f, Form::Md, "/")).unwrap();
    let line = md.lines().find(|l| l.contains("予以公开") && l.contains("| 34 |")).unwrap().to_string();
    let glued = format!("{}| 10100112134 |", &line[..line.find("| 10 |").unwrap()]);
    let r = parse("glued.md", &md.replace(&line, &glued));
    let granted: Vec<i64> = r
        .table(TableId::Table3)
        .unwrap()
        .row("granted")
        .unwrap()
        .cells
        .iter()
        .map(|c| c.value.unwrap().mantissa)
        .collect();
    assert_eq!(granted, row);
    let resolved: Vec<String> =
        r.diagnostics.iter().filter(|d| d.code == "CELLS-RESOLVED").map(|d| d.message(Lang::default())).collect();
    assert_eq!(resolved.len(), 1, "{resolved:?}");
    assert!(resolved[0].contains("各列勾稽关系"), "{resolved:?}");
    assert!(!codes(&r).contains(&"CELLS-UNRESOLVED"), "{:?}", codes(&r));
}

/// Numbers where a table should be that the reader cannot read as it: a reading finding, never
/// TABLE-MISSING (SPEC §4.1).
#[test]
fn a_table_the_reader_cannot_read_is_not_charged_as_missing() {
    let f = year("青禾市审计局", 2023, 0, 0, 10, "2024-01-20");
    let text = String::from_utf8(xxgk_render::synth::document(&f, Form::Tsv, "/")).unwrap();
    // 表三's labels garbled beyond recognition, its numbers intact.
    let start = text.find("三、收到和处理政府信息公开申请情况").unwrap();
    let end = text.find("四、政府信息公开行政复议").unwrap();
    let garbled: String = text[start..end]
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                l.split('\t')
                    .map(|c| if c.parse::<i64>().is_ok() { c.to_string() } else { "□□".into() })
                    .collect::<Vec<_>>()
                    .join("\t")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let r = parse("t.txt", &format!("{}{}\n{}", &text[..start], garbled, &text[end..]));
    assert!(codes(&r).contains(&"TABLE-UNREAD"), "{:?}", codes(&r));
    assert!(!codes(&r).contains(&"TABLE-MISSING"), "{:?}", codes(&r));
}

/// A PDF draws nothing for a blank cell: a row whose cells are all blank is its label alone,
/// on a line between its neighbours. It is read as blank cells, not as a missing row.
#[test]
fn a_row_that_is_its_label_alone_is_a_row_of_blank_cells() {
    let f = year("青禾市审计局", 2023, 0, 0, 10, "2024-01-20");
    let text = String::from_utf8(xxgk_render::synth::document(&f, Form::Layout, "/")).unwrap();
    let line = text.lines().find(|l| l.trim_start().starts_with("行政处罚")).expect("a 行政处罚 row").to_string();
    let alone = text.replacen(&line, &line.replace(|c: char| c.is_ascii_digit(), " ").trim_end().to_string(), 1);
    assert_ne!(alone, text);
    let r = parse("a.txt", &alone);
    let t2 = &r.to_json(Lang::default())["table2"];
    assert_eq!(t2["administrative_punishment"], serde_json::json!([null]), "{t2}");
    assert_eq!(t2["administrative_licensing"], r.to_json(Lang::default())["table2"]["administrative_licensing"]);
    assert!(!codes(&r).contains(&"ROW-MISSING"), "{:?}", codes(&r));
    assert_eq!(r.to_json(Lang::default())["complete"]["table2"], true);
    // The label cut from its table is still missing: a line of another text is no row.
    let gone = text.replacen(&line, "", 1);
    assert!(codes(&parse("b.txt", &gone)).contains(&"ROW-MISSING"));
}
