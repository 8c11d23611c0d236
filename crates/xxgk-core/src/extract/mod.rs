//! From a [`Document`] to a [`Report`]: find the sections, detect the template, read the tables,
//! the metadata and the figures stated in the prose. Knows 年报, and nothing about file formats.

mod align;
mod cells;
mod glued;
mod lcs;
mod meta;
mod split;
mod stream;
mod tables;

pub use split::report_ranges;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Span};
use crate::i18n::Args;
use crate::normalize::compact_into;
use crate::report::{Report, Sections, Source, TableData};
use crate::template::{TableId, TemplateId, CUES_2019, CUES_2021, CUES_T3_2021};

/// Keywords that identify each numbered section heading (SPEC §2.1 and its variants).
const SECTION_WORDS: [&[&str]; 6] = [
    &["总体情况", "总体", "概述", "基本情况"],
    &["主动公开"],
    &["收到和处理", "依申请", "申请情况"],
    &["复议", "诉讼"],
    &["问题", "改进"],
    &["其他", "需要", "说明", "事项"],
];
const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// The section number (0-based) a line is the heading of, if any.
fn section_of(line: &str) -> Option<usize> {
    let s = line.trim_start_matches(['#', '*', '>', '-']);
    let mut chars = s.chars();
    let first = chars.next()?;
    let idx = NUMERALS.iter().position(|&c| c == first)?;
    if !matches!(chars.next(), Some('、' | '.' | '．' | ',' | '，')) {
        return None;
    }
    if s.chars().count() > 40 || s.contains('。') {
        return None;
    }
    // 表三 row labels such as 一、本年新收…数量 and 四、结转下年度继续办理 are not headings.
    if s.contains("数量") || s.contains("结转") {
        return None;
    }
    SECTION_WORDS[idx].iter().any(|w| s.contains(w)).then_some(idx)
}

/// Line index of each section heading, in document order (a later heading must follow an
/// earlier one; repeats are ignored).
fn find_sections(lines: &[String]) -> [Option<usize>; 6] {
    let mut found = [None; 6];
    let mut last = 0usize;
    for (i, l) in lines.iter().enumerate() {
        if let Some(s) = section_of(l) {
            if found[s].is_none() && s >= last {
                found[s] = Some(i);
                last = s;
            }
        }
    }
    found
}

/// The first line at or after `from` that contains any of `cues`.
fn find_cue(lines: &[String], from: usize, cues: &[&str]) -> Option<usize> {
    lines.iter().enumerate().skip(from).find(|(_, l)| cues.iter().any(|c| l.contains(c))).map(|(i, _)| i)
}

/// Where each table's region starts: after its section heading, or at its first cue line when
/// the heading is missing.
fn table_starts(lines: &[String], sections: &[Option<usize>; 6]) -> [Option<usize>; 3] {
    let t2 = sections[1].map(|l| l + 1).or_else(|| {
        let mut cues = vec!["第二十条"];
        cues.extend_from_slice(CUES_2021);
        cues.extend_from_slice(CUES_2019);
        find_cue(lines, 0, &cues)
    });
    let t3 = sections[2].map(|l| l + 1).or_else(|| find_cue(lines, 0, &["本年新收", "本列数据的勾稽关系", "申请人情况"])).or_else(|| {
        // A fragment that starts inside 表三 (a search excerpt, a page's tail): its first row.
        lines.iter().position(|l| T3_ROW_CUES.iter().any(|c| l.contains(c)) && l.chars().count() < 60)
    });
    let t4 = sections[3].map(|l| l + 1).or_else(|| {
        let from = t3.unwrap_or(0);
        find_cue(lines, from, &["结果维持"]).map(|l| {
            // Start at the 行政复议 header line just above, if there is one.
            (l.saturating_sub(3)..l).find(|&i| lines[i].contains("行政复议")).unwrap_or(l)
        })
    });
    [t2, t3, t4]
}

/// Labels of 表三 rows after its first ones, by which a fragment that starts inside the table is
/// found.
const T3_ROW_CUES: &[&str] = &[
    "予以公开", "部分公开", "不予公开", "国家秘密", "禁止公开", "三安全一稳定", "第三方合法权益", "内部事务信息", "过程性信息",
    "行政执法案卷", "行政查询事项", "无法提供", "不掌握相关政府信息", "另行制作", "补正后申请内容", "不予处理", "信访举报投诉",
    "重复申请", "公开出版物", "大量反复申请", "重新出具", "其他处理", "逾期不补正", "逾期未按收费通知", "结转下年度继续办理",
];

/// Region of each table: from its start to the next section heading or table start.
fn regions(n: usize, sections: &[Option<usize>; 6], starts: &[Option<usize>; 3]) -> [Option<Range<usize>>; 3] {
    let mut boundaries: Vec<usize> = sections.iter().flatten().copied().chain(starts.iter().flatten().copied()).collect();
    boundaries.sort_unstable();
    let mut out: [Option<Range<usize>>; 3] = [None, None, None];
    for (t, start) in starts.iter().enumerate() {
        if let Some(s) = *start {
            // A table start right after its own heading (s = heading + 1) is not a boundary.
            let end = boundaries.iter().copied().find(|&b| b > s).unwrap_or(n);
            out[t] = Some(s..end.max(s));
        }
    }
    out
}

fn count_cues(text: &str, cues: &[&str]) -> usize {
    cues.iter().filter(|c| text.contains(*c)).count()
}

fn span_of_line(doc: &Document, line: usize) -> Option<Span> {
    doc.lines.get(line).and_then(|l| l.span().cloned())
}

/// Extract a report from a document. Never fails: what cannot be read is absent and said so
/// in the findings.
pub fn extract(doc: &Document, source: Source) -> Report {
    let folded = simplified(doc);
    let doc = folded.as_ref().unwrap_or(doc);
    let unglued = glued::unglued(doc);
    let doc = unglued.as_ref().unwrap_or(doc);
    let lines: Vec<String> = doc
        .lines
        .iter()
        .map(|l| {
            let mut s = String::with_capacity(l.cells.iter().map(|c| c.text.len()).sum());
            for c in &l.cells {
                compact_into(&c.text, &mut s);
            }
            s
        })
        .collect();
    let sections = find_sections(&lines);
    let starts = table_starts(&lines, &sections);
    let regions = regions(lines.len(), &sections, &starts);
    let region_text = |t: usize| -> String { regions[t].clone().map(|r| lines[r].concat()).unwrap_or_default() };

    let t2_text = region_text(0);
    let t3_text = region_text(1);
    // 表三's words without its numbers: on a narrow page a label wraps around its row's values
    // ("（六）其他处" 0 294 … "理").
    let t3_words: String = t3_text.chars().filter(|c| !c.is_ascii_digit()).collect();
    let (c21, c19) = (count_cues(&t2_text, CUES_2021), count_cues(&t2_text, CUES_2019));
    let t3_three_rows = count_cues(&t3_words, CUES_T3_2021) > 0;
    let template = if c21 > c19 {
        TemplateId::T2021
    } else if c19 > c21 {
        TemplateId::T2019
    } else if regions[1].is_some() && (t3_text.contains("本年新收") || T3_ROW_CUES.iter().any(|c| t3_text.contains(c))) {
        if t3_three_rows {
            TemplateId::T2021
        } else {
            TemplateId::T2019
        }
    } else {
        TemplateId::Other
    };
    let first_section = sections.iter().flatten().min().copied().unwrap_or(lines.len());
    let title = meta::title(&lines, first_section.min(40));
    let template = match title.as_ref().and_then(|t| t.year) {
        // Reports before the 2019 revision are free-form, whatever tables they hold.
        Some(y) if y < 2019 => TemplateId::Other,
        // A report on 2019 or 2020 with the tables but none of the 2021 cues: the template of
        // its year.
        Some(2019 | 2020) if template == TemplateId::Other && (regions[0].is_some() || regions[1].is_some()) && c21 == 0 && !t3_three_rows => {
            TemplateId::T2019
        }
        _ => template,
    };
    // 表三's 其他处理 block as printed; a table cut off before it follows the template.
    let t3_single_row = !t3_three_rows && t3_words.contains("其他处理");
    let t3_def = template.table3(if t3_three_rows { Some(false) } else { t3_single_row.then_some(true) });

    let mut diags = doc.findings.clone();
    let mut tables = [None, None, None];
    // The table in which the file ends (a cut-off file): what would come after it is not in
    // the file, and is not the document's fault.
    let mut file_ends_in: Option<usize> = None;
    // A fragment — a file that starts inside a table, with no title or heading before it (a
    // search excerpt, a page's tail) — holds only what it holds: the table it starts in.
    let fragment = (title.is_none() && sections[..3].iter().all(Option::is_none))
        .then(|| regions.iter().position(|r| r.as_ref().is_some_and(|r| r.start <= 2)))
        .flatten();
    if template != TemplateId::Other {
        let cut = |diags: &[Diagnostic]| diags.iter().any(|d| d.code == "ROW-CUT");
        if let (Some(def), Some(r)) = (template.table2(), regions[0].clone()) {
            tables[0] = tables::labelled_table(doc, def, r, fragment == Some(0), &mut diags);
            file_ends_in = cut(&diags).then_some(0);
        }
        if let Some(r) = regions[1].clone() {
            tables[1] = tables::labelled_table(doc, t3_def, r, fragment == Some(1), &mut diags);
            file_ends_in = file_ends_in.or(cut(&diags).then_some(1));
        }
        if let Some(r) = regions[2].clone() {
            tables[2] = tables::table4(doc, r, &region_text(2), &mut diags);
        }
        if template == TemplateId::T2021 && tables[1].is_some() && t3_single_row {
            diags.push(
                Diagnostic::new("TEMPLATE-MIXED", Severity::Warning, "finding-template-mixed", Args::new())
                .at(tables[1].as_ref().and_then(|t| t.span.clone())),
            );
        }
        if let Some(t) = fragment.filter(|&t| tables[t].is_some()) {
            let id = TableId::ALL[t];
            diags.push(
                Diagnostic::new("FRAGMENT", Severity::Warning, "finding-fragment", Args::new().with("table", id.key()))
                .at(tables[t].as_ref().and_then(|x| x.span.clone())),
            );
        }
        for id in TableId::ALL {
            if tables[id.index()].is_none() && fragment.is_none() && file_ends_in.is_none_or(|t| id.index() < t) {
                // Numbers where the table should be that the reader could not read as it: the
                // reader says so, and the document is not said to lack the table.
                if let Some(at) = regions[id.index()].clone().and_then(|r| table_like(doc, r)) {
                    diags.push(table_unread(id.key(), Some(at)));
                    continue;
                }
                let near = sections[id.index() + 1].and_then(|l| span_of_line(doc, l));
                diags.push(
                    Diagnostic::new("TABLE-MISSING", Severity::Error, "finding-table-missing", Args::new().with("table", id.key()))
                    .at(near)
                    .cells(vec![id.key().into()]),
                );
            }
        }
    }

    if template == TemplateId::Other && title.as_ref().and_then(|t| t.year).is_none_or(|y| y >= 2019) {
        // Tables of numbers that match neither template's cues: nothing is read from them, and
        // that is said, not passed over as a free-form report.
        if let Some(at) = regions.iter().flatten().find_map(|r| table_like(doc, r.clone())) {
            diags.push(table_unread("template", Some(at)));
        }
    }

    // Prose: every line outside the tables and not a heading, kept per section.
    let in_table = |i: usize| regions.iter().flatten().any(|r| r.contains(&i) && !is_prose_line(&lines[i]));
    let heading_lines: Vec<usize> = sections.iter().flatten().copied().collect();
    let prose = meta::Prose::new(&lines, |i| !in_table(i) && !heading_lines.contains(&i), &heading_lines);
    let agency = meta::agency(&lines, first_section, title.as_ref());
    let period_year = meta::period_year(&prose);
    let published = meta::published(&lines);
    let index_no = meta::index_no(&lines);
    let stated_year = title.as_ref().and_then(|t| t.year).or(period_year.map(|(y, _)| y));
    let (year, year_guess) = match stated_year {
        Some(y) => (Some(y), None),
        None => match meta::first_year(&prose) {
            Some(y) => (Some(y), Some("text")),
            None => match published.as_ref().and_then(|p| p[..4].parse::<i32>().ok()) {
                Some(y) => (Some(y - 1), Some("published")),
                None => (None, None),
            },
        },
    };
    // A value taken from where it is not stated is a guess: the reviewer is told where from.
    if let (Some(y), Some(from)) = (year, year_guess) {
        diags.push(Diagnostic::new("META-GUESSED", Severity::Warning, "finding-year-guessed", Args::new().with("year", y).with("from", from)));
    }
    if let Some((a, meta::AgencyFrom::Contact)) = &agency {
        diags.push(Diagnostic::new("META-GUESSED", Severity::Warning, "finding-agency-guessed", Args::new().with("agency", a.as_str())));
    }
    let agency = agency.map(|(a, _)| a);
    // A document the reader could not read (a scan, fonts without text) is no wrong upload:
    // the reader has said so, and the document is not accused of anything.
    let unread = doc.findings.iter().any(|d| d.severity == Severity::Error);
    if !unread && is_not_a_report(&tables, &sections, title.as_ref()) {
        diags.push(Diagnostic::new("NOT-A-REPORT", Severity::Error, "finding-not-a-report", Args::new()));
    }
    let narrative = meta::narrative(&prose, doc);
    let fee_stated = sections[5].is_some_and(|s6| prose.section_text(s6).contains("处理费"));

    let placeholders = doc
        .lines
        .iter()
        .filter(|l| l.cells.iter().any(|c| c.text.contains(crate::check::PLACEHOLDER)))
        .filter_map(|l| l.span().cloned())
        .collect();
    let mut headings: [Option<Span>; 6] = Default::default();
    for (i, s) in sections.iter().enumerate() {
        headings[i] = s.and_then(|l| span_of_line(doc, l));
    }
    Report {
        source,
        agency,
        year,
        template,
        published,
        level: None,
        index_no,
        title_year: title.and_then(|t| t.year.map(|y| (y, span_of_line(doc, t.line)))),
        period_year: period_year.map(|(y, l)| (y, span_of_line(doc, l))),
        tables,
        narrative,
        sections: Sections {
            headings,
            fee_stated,
            placeholders,
            // Sections are numbered one above the tables: 表二 stands in 二 (index 1).
            in_file: match (fragment, file_ends_in) {
                (Some(_), _) => Some((6, 0)),
                (None, Some(t)) => Some((0, t + 1)),
                (None, None) => None,
            },
        },
        diagnostics: diags,
        prose: prose.into_text(),
    }
}

/// Where lines `range` of `doc` hold table-like content: three or more lines with a number
/// cell beside other cells. The first such line's place.
fn table_like(doc: &Document, range: Range<usize>) -> Option<Span> {
    use crate::normalize::{parse_value, CellValue};
    let mut numeric = doc.lines.get(range)?.iter().filter(|l| {
        l.cells.len() > 1 && l.cells.iter().any(|c| matches!(parse_value(&c.text), Some(CellValue::Number(_))))
    });
    let first = numeric.next()?.span().cloned();
    (numeric.count() >= 2).then_some(first).flatten()
}

/// TABLE-UNREAD: table-like content the reader could not read as the table it should be
/// (`table`: its key, or `template` for the template's tables, when none is known).
fn table_unread(table: &str, at: Option<Span>) -> Diagnostic {
    Diagnostic::new("TABLE-UNREAD", Severity::Error, "finding-table-unread", Args::new().with("table", table)).at(at)
}

/// A copy of `doc` with traditional characters folded to simplified ones, when it is written
/// in them (a mirror site's conversion): a few such characters (a name) do not make it so.
/// Spans stay as they are: every value still points at its place in the source.
fn simplified(doc: &Document) -> Option<Document> {
    let texts = || doc.lines.iter().flat_map(|l| &l.cells).map(|c| c.text.as_str());
    let traditional: usize = texts().map(crate::normalize::traditional_count).sum();
    if traditional < 8 {
        return None;
    }
    let mut out = doc.clone();
    for cell in out.lines.iter_mut().flat_map(|l| &mut l.cells) {
        if crate::normalize::traditional_count(&cell.text) > 0 {
            cell.text = crate::normalize::to_simplified(&cell.text);
        }
    }
    out.findings.push(Diagnostic::new("TRADITIONAL-FOLDED", Severity::Info, "finding-traditional-folded", Args::new().with("n", traditional)));
    Some(out)
}

/// A wrong upload (a notice, a portal's home page, a spreadsheet of something else) must never
/// pass as a clean report: a document is a report when it has a template table, at least two of
/// the six section headings, or the title of a free-form report on a year before the 2019
/// templates. A title naming a later year alone — a link on a portal page — is not enough.
fn is_not_a_report(tables: &[Option<TableData>; 3], sections: &[Option<usize>], title: Option<&meta::Title>) -> bool {
    let headings = sections.iter().flatten().count();
    let free_form_title = title.is_some_and(|t| t.year.is_some_and(|y| y <= 2018));
    tables.iter().all(Option::is_none) && headings < 2 && !free_form_title
}

/// A long line of running text inside a table region (a note under the table) is prose.
fn is_prose_line(line: &str) -> bool {
    line.chars().count() > 60 && line.contains('。')
}
