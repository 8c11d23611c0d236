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
use crate::report::{Narrative, Report, Sections, Source, TableData};
use crate::template::{TableDef, TableId, TemplateId, CUES_2019, CUES_2021, CUES_T3_2021};

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
    // A heading may run on into its section's text after a colon (五、存在的主要问题及改进情况：
    // 暂无问题。): the heading is what stands before it.
    let s = s.split_once(':').map_or(s, |(heading, _)| heading);
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
    let t3 = sections[2]
        .map(|l| l + 1)
        .or_else(|| find_cue(lines, 0, &["本年新收", "本列数据的勾稽关系", "申请人情况"]))
        .or_else(|| {
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
    "予以公开",
    "部分公开",
    "不予公开",
    "国家秘密",
    "禁止公开",
    "三安全一稳定",
    "第三方合法权益",
    "内部事务信息",
    "过程性信息",
    "行政执法案卷",
    "行政查询事项",
    "无法提供",
    "不掌握相关政府信息",
    "另行制作",
    "补正后申请内容",
    "不予处理",
    "信访举报投诉",
    "重复申请",
    "公开出版物",
    "大量反复申请",
    "重新出具",
    "其他处理",
    "逾期不补正",
    "逾期未按收费通知",
    "结转下年度继续办理",
];

/// Region of each table: from its start to the next section heading or table start.
fn regions(n: usize, sections: &[Option<usize>; 6], starts: &[Option<usize>; 3]) -> [Option<Range<usize>>; 3] {
    let mut boundaries: Vec<usize> =
        sections.iter().flatten().copied().chain(starts.iter().flatten().copied()).collect();
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
    let layout = Layout::of(doc);
    let title = meta::title(&layout.lines, layout.first_section().min(40));
    let title_year = title.as_ref().and_then(|t| t.year);
    let detection = detect(&layout, title_year);
    let mut diags = doc.findings.clone();
    let read = read_tables(doc, &layout, &detection, title.is_some(), &mut diags);
    structural_findings(doc, &layout, &detection, &read, title_year, &mut diags);
    let info = metadata(doc, &layout, title.as_ref(), &mut diags);
    not_a_report(doc, &read.tables, &layout.sections, title.as_ref(), &mut diags);
    let sections = sections(doc, &layout, &info, read.in_file());
    Report {
        source,
        agency: info.agency,
        year: info.year,
        template: detection.template,
        published: info.published,
        level: None,
        index_no: info.index_no,
        title_year: info.title_year,
        period_year: info.period_year,
        sections,
        tables: read.tables,
        narrative: info.narrative,
        diagnostics: diags,
        prose: info.prose,
    }
}

/// The document as every extraction step reads it: its lines compacted to text, the line of each
/// section heading and the lines of each table's region. Found once, so that the template, the
/// tables and the prose are all taken from the same places.
struct Layout {
    lines: Vec<String>,
    sections: [Option<usize>; 6],
    regions: [Option<Range<usize>>; 3],
}

impl Layout {
    fn of(doc: &Document) -> Layout {
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
        Layout { lines, sections, regions }
    }

    /// The compacted text of table `t`'s region (0 = 表二), empty when it has none.
    fn region_text(&self, t: usize) -> String {
        self.regions[t].clone().map(|r| self.lines[r].concat()).unwrap_or_default()
    }

    /// The line of the first section heading, or the document's end: the title and the organ
    /// stand before it.
    fn first_section(&self) -> usize {
        self.sections.iter().flatten().min().copied().unwrap_or(self.lines.len())
    }
}

/// The template the document follows and the form of its 表三: the table definitions the
/// tables are read with, and the structural findings that apply, depend on it.
struct Detection {
    template: TemplateId,
    /// 表三's definition as printed: the 2019 template's single （六）其他处理 row or the 2021
    /// one's three; a table cut off before that block follows the template.
    t3_def: &'static TableDef,
    /// 表三 prints the single 其他处理 row of the 2019 template.
    t3_single_row: bool,
}

/// Detect the template in two steps: by the cues the tables print — 表二's 2021 and 2019 cues,
/// else the number of 表三's 其他处理 rows — and then by the title's year, which overrides the
/// cues where they cannot be right (a report before 2019) or say nothing (a 2019 or 2020 report
/// with tables but no cue of either template).
fn detect(layout: &Layout, title_year: Option<i32>) -> Detection {
    let t2_text = layout.region_text(0);
    let t3_text = layout.region_text(1);
    // 表三's words without its numbers: on a narrow page a label wraps around its row's values
    // ("（六）其他处" 0 294 … "理").
    let t3_words: String = t3_text.chars().filter(|c| !c.is_ascii_digit()).collect();
    let (c21, c19) = (count_cues(&t2_text, CUES_2021), count_cues(&t2_text, CUES_2019));
    let t3_three_rows = count_cues(&t3_words, CUES_T3_2021) > 0;
    let by_cues = if c21 > c19 {
        TemplateId::T2021
    } else if c19 > c21 {
        TemplateId::T2019
    } else if layout.regions[1].is_some()
        && (t3_text.contains("本年新收") || T3_ROW_CUES.iter().any(|c| t3_text.contains(c)))
    {
        if t3_three_rows {
            TemplateId::T2021
        } else {
            TemplateId::T2019
        }
    } else {
        TemplateId::Other
    };
    let template = match title_year {
        // Reports before the 2019 revision are free-form, whatever tables they hold.
        Some(y) if y < 2019 => TemplateId::Other,
        // A report on 2019 or 2020 with the tables but none of the 2021 cues: the template of
        // its year.
        Some(2019 | 2020)
            if by_cues == TemplateId::Other
                && (layout.regions[0].is_some() || layout.regions[1].is_some())
                && c21 == 0
                && !t3_three_rows =>
        {
            TemplateId::T2019
        }
        _ => by_cues,
    };
    // 表三's 其他处理 block as printed; a table cut off before it follows the template.
    let t3_single_row = !t3_three_rows && t3_words.contains("其他处理");
    let t3_def = template.table3(if t3_three_rows { Some(false) } else { t3_single_row.then_some(true) });
    Detection { template, t3_def, t3_single_row }
}

/// The tables read, and which of them the file holds only in part.
struct ReadTables {
    /// 表二, 表三, 表四 (index by [`TableId::index`]).
    tables: [Option<TableData>; 3],
    /// The table a fragment starts in: a file that starts inside a table, with no title or
    /// heading before it (a search excerpt, a page's tail), holds only what it holds.
    fragment: Option<usize>,
    /// The table in which the file ends (a cut-off file): what would come after it is not in
    /// the file, and is not the document's fault.
    file_ends_in: Option<usize>,
}

impl ReadTables {
    /// The sections the file holds, as [`Sections::in_file`] counts them: numbered one above
    /// the tables (表二 stands in 二, index 1); `None` when it holds them all.
    fn in_file(&self) -> Option<(usize, usize)> {
        match (self.fragment, self.file_ends_in) {
            (Some(_), _) => Some((6, 0)),
            (None, Some(t)) => Some((0, t + 1)),
            (None, None) => None,
        }
    }
}

/// Read 表二, 表三 and 表四 from their regions with the detected template's definitions; a
/// free-form report has none to read. The readers' findings are appended to `diags`, whose
/// ROW-CUT tells a file cut off inside a table. `titled`: the document has a title, so it is
/// no fragment.
fn read_tables(
    doc: &Document,
    layout: &Layout,
    detection: &Detection,
    titled: bool,
    diags: &mut Vec<Diagnostic>,
) -> ReadTables {
    let regions = &layout.regions;
    let fragment = (!titled && layout.sections[..3].iter().all(Option::is_none))
        .then(|| regions.iter().position(|r| r.as_ref().is_some_and(|r| r.start <= 2)))
        .flatten();
    let mut read = ReadTables { tables: [None, None, None], fragment, file_ends_in: None };
    if detection.template == TemplateId::Other {
        return read;
    }
    let cut = |diags: &[Diagnostic]| diags.iter().any(|d| d.code == "ROW-CUT");
    if let (Some(def), Some(r)) = (detection.template.table2(), regions[0].clone()) {
        read.tables[0] = tables::labelled_table(doc, def, r, fragment == Some(0), diags);
        read.file_ends_in = cut(diags).then_some(0);
    }
    if let Some(r) = regions[1].clone() {
        read.tables[1] = tables::labelled_table(doc, detection.t3_def, r, fragment == Some(1), diags);
        read.file_ends_in = read.file_ends_in.or(cut(diags).then_some(1));
    }
    if let Some(r) = regions[2].clone() {
        read.tables[2] = tables::table4(doc, r, &layout.region_text(2), diags);
    }
    read
}

/// The findings about the document's structure that no table reader can raise: TEMPLATE-MIXED
/// (a 2021 表二 with a 2019 表三), FRAGMENT, and for each table the template wants and the file
/// should hold but that was not read, TABLE-UNREAD where numbers stand in its place and
/// TABLE-MISSING elsewhere. A free-form report of 2019 or later with tables of numbers gets
/// TABLE-UNREAD too: they are not passed over in silence.
fn structural_findings(
    doc: &Document,
    layout: &Layout,
    detection: &Detection,
    read: &ReadTables,
    title_year: Option<i32>,
    diags: &mut Vec<Diagnostic>,
) {
    let (regions, tables, fragment) = (&layout.regions, &read.tables, read.fragment);
    if detection.template != TemplateId::Other {
        if detection.template == TemplateId::T2021 && tables[1].is_some() && detection.t3_single_row {
            diags.push(
                Diagnostic::new("TEMPLATE-MIXED", "finding-template-mixed", Args::new())
                    .at(tables[1].as_ref().and_then(|t| t.span.clone())),
            );
        }
        if let Some(t) = fragment.filter(|&t| tables[t].is_some()) {
            let id = TableId::ALL[t];
            diags.push(
                Diagnostic::new("FRAGMENT", "finding-fragment", Args::new().with("table", id.key()))
                    .at(tables[t].as_ref().and_then(|x| x.span.clone())),
            );
        }
        for id in TableId::ALL {
            if tables[id.index()].is_none() && fragment.is_none() && read.file_ends_in.is_none_or(|t| id.index() < t) {
                // Numbers where the table should be that the reader could not read as it: the
                // reader says so, and the document is not said to lack the table.
                if let Some(at) = regions[id.index()].clone().and_then(|r| table_like(doc, r)) {
                    diags.push(table_unread(id.key(), Some(at)));
                    continue;
                }
                let near = layout.sections[id.index() + 1].and_then(|l| span_of_line(doc, l));
                if let Some(at) = image_in_place(doc, layout, id.index()) {
                    diags.push(
                        Diagnostic::new(
                            "TABLE-AS-IMAGE",
                            "finding-table-as-image",
                            Args::new().with("table", id.key()),
                        )
                        .at(at),
                    );
                    continue;
                }
                diags.push(
                    Diagnostic::new("TABLE-MISSING", "finding-table-missing", Args::new().with("table", id.key()))
                        .at(near)
                        .cells(vec![id.key().into()]),
                );
            }
        }
    }

    if detection.template == TemplateId::Other && title_year.is_none_or(|y| y >= 2019) {
        // Tables of numbers that match neither template's cues: nothing is read from them, and
        // that is said, not passed over as a free-form report.
        if let Some(at) = regions.iter().flatten().find_map(|r| table_like(doc, r.clone())) {
            diags.push(table_unread("template", Some(at)));
        }
        // Tables published as images tell no template: each image in a table's place is said.
        for id in TableId::ALL {
            if let Some(at) = image_in_place(doc, layout, id.index()) {
                diags.push(
                    Diagnostic::new("TABLE-AS-IMAGE", "finding-table-as-image", Args::new().with("table", id.key()))
                        .at(at),
                );
            }
        }
    }
}

/// What the report says of itself outside the tables.
struct Metadata {
    agency: Option<String>,
    year: Option<i32>,
    published: Option<String>,
    index_no: Option<String>,
    title_year: Option<(i32, Option<Span>)>,
    period_year: Option<(i32, Option<Span>)>,
    narrative: Narrative,
    /// Section 六 states the 信息处理费.
    fee_stated: bool,
    /// What section 五 says when it says nothing (SECTION-EMPTY).
    problems_unsaid: Option<String>,
    /// The running text outside the tables, compacted.
    prose: String,
}

/// Read the organ, the year, the dates and the figures stated in the prose. A value taken from
/// where it is not stated — the year from the text or the publication date, the organ from the
/// contact line — is a guess, and a META-GUESSED finding appended to `diags` tells the reviewer
/// where from.
fn metadata(doc: &Document, layout: &Layout, title: Option<&meta::Title>, diags: &mut Vec<Diagnostic>) -> Metadata {
    let lines = &layout.lines;
    // Prose: every line outside the tables and not a heading, kept per section.
    let in_table = |i: usize| layout.regions.iter().flatten().any(|r| r.contains(&i) && !is_prose_line(&lines[i]));
    let heading_lines: Vec<usize> = layout.sections.iter().flatten().copied().collect();
    let prose = meta::Prose::new(lines, |i| !in_table(i) && !heading_lines.contains(&i), &heading_lines);
    let agency = meta::agency(lines, layout.first_section(), title);
    let period_year = meta::period_year(&prose);
    let published = meta::published(lines);
    let stated_year = title.and_then(|t| t.year).or(period_year.map(|(y, _)| y));
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
        diags.push(Diagnostic::new(
            "META-GUESSED",
            "finding-year-guessed",
            Args::new().with("year", y).with("from", from),
        ));
    }
    if let Some((a, meta::AgencyFrom::Contact)) = &agency {
        diags.push(Diagnostic::new("META-GUESSED", "finding-agency-guessed", Args::new().with("agency", a.as_str())));
    }
    Metadata {
        agency: agency.map(|(a, _)| a),
        year,
        published,
        index_no: meta::index_no(lines),
        title_year: title.and_then(|t| t.year.map(|y| (y, span_of_line(doc, t.line)))),
        period_year: period_year.map(|(y, l)| (y, span_of_line(doc, l))),
        narrative: meta::narrative(&prose, doc),
        fee_stated: layout.sections[5].is_some_and(|s6| prose.section_text(s6).contains("处理费")),
        problems_unsaid: layout.sections[4].and_then(|s5| unsaid(&lines[s5], &prose.section_text(s5))),
        prose: prose.into_text(),
    }
}

/// What section 五 says when it says nothing — empty, or only 「无」, 「暂无问题」 and the like —
/// from its heading line (`heading`, which may end in its text: 五、存在的主要问题及改进情况：无)
/// and its prose; `None` when it says something.
fn unsaid(heading: &str, text: &str) -> Option<String> {
    let after_heading =
        ["改进情况", "主要问题"].iter().find_map(|w| heading.split_once(w).map(|(_, rest)| rest)).unwrap_or("");
    let said: String = format!("{after_heading}{text}")
        .chars()
        .filter(|c| !c.is_ascii_punctuation() && !"。，、；：！？“”（）".contains(*c))
        .collect();
    let nothing = ["无", "暂无", "没有", "不存在"];
    (said.is_empty() || (said.chars().count() <= 12 && nothing.iter().any(|w| said.contains(w)))).then_some(said)
}

/// The sections as the checks see them: each heading's place, the placeholders left in the
/// text, whether 六 states the fee, and which sections the file holds at all.
fn sections(doc: &Document, layout: &Layout, info: &Metadata, in_file: Option<(usize, usize)>) -> Sections {
    let placeholders = doc
        .lines
        .iter()
        .filter(|l| l.cells.iter().any(|c| c.text.contains(crate::check::PLACEHOLDER)))
        .filter_map(|l| l.span().cloned())
        .collect();
    let headings = layout.sections.map(|s| s.and_then(|l| span_of_line(doc, l)));
    Sections {
        headings,
        fee_stated: info.fee_stated,
        problems_unsaid: info.problems_unsaid.clone(),
        placeholders,
        in_file,
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

/// Where an image stands in the place of table `t` (0 = 表二): between its section's heading
/// and the next one. `None` when no image stands there; `Some(None)` when one does but the
/// reader gave it no place.
fn image_in_place(doc: &Document, layout: &Layout, t: usize) -> Option<Option<Span>> {
    let heading = layout.sections[t + 1]?;
    let end = layout.sections.iter().flatten().copied().filter(|&l| l > heading).min().unwrap_or(doc.lines.len());
    let image = crate::document::IMAGE.to_string();
    doc.lines[heading..end].iter().find(|l| l.cells.iter().any(|c| c.text.trim() == image)).map(|l| l.span().cloned())
}

/// TABLE-UNREAD: table-like content the reader could not read as the table it should be
/// (`table`: its key, or `template` for the template's tables, when none is known).
fn table_unread(table: &str, at: Option<Span>) -> Diagnostic {
    Diagnostic::new("TABLE-UNREAD", "finding-table-unread", Args::new().with("table", table)).at(at)
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
    out.findings.push(Diagnostic::new(
        "TRADITIONAL-FOLDED",
        "finding-traditional-folded",
        Args::new().with("n", traditional),
    ));
    Some(out)
}

/// NOT-A-REPORT: a wrong upload (a notice, a portal's home page, a spreadsheet of something
/// else) must never pass as a clean report. A document is a report when it has a template table,
/// at least two of the six section headings, or the title of a free-form report on a year before
/// the 2019 templates; a title naming a later year alone — a link on a portal page — is not
/// enough. A document the reader could not read (a scan, fonts without text) is no wrong upload:
/// the reader has said so, and the document is not accused of anything.
fn not_a_report(
    doc: &Document,
    tables: &[Option<TableData>; 3],
    sections: &[Option<usize>],
    title: Option<&meta::Title>,
    diags: &mut Vec<Diagnostic>,
) {
    let unread = doc.findings.iter().any(|d| d.severity == Severity::Error);
    let headings = sections.iter().flatten().count();
    let free_form_title = title.is_some_and(|t| t.year.is_some_and(|y| y <= 2018));
    if !unread && tables.iter().all(Option::is_none) && headings < 2 && !free_form_title {
        diags.push(Diagnostic::new("NOT-A-REPORT", "finding-not-a-report", Args::new()));
    }
}

/// A long line of running text inside a table region (a note under the table) is prose.
fn is_prose_line(line: &str) -> bool {
    line.chars().count() > 60 && line.contains('。')
}

/// Documents for the extraction tests, written as text.
#[cfg(test)]
mod testing {
    use crate::document::{Cell, Document, Line, Span};

    /// A document of `text`'s lines, each split at tabs into cells (a TSV export of a Word
    /// table). A cell's span is its line and its place in the line, both from 1, as
    /// [`at`] names it.
    pub fn tsv(text: &str) -> Document {
        let lines = text
            .lines()
            .zip(1..)
            .map(|(l, line)| Line {
                cells: l
                    .split('\t')
                    .zip(1..)
                    .map(|(t, col)| Cell { text: t.to_string(), span: at(line, col) })
                    .collect(),
            })
            .collect();
        Document { lines, ..Document::default() }
    }

    /// The span of cell `col` on line `line` of a [`tsv`] document.
    pub fn at(line: u32, col: u32) -> Span {
        Span::Text { line, col, byte: [0, 0] }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{at, tsv};
    use super::*;
    use crate::template::{TABLE3_2019, TABLE3_2021};

    const TABLE2_TEXT: &str = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t2
行政规范性文件\t3\t1\t20
信息内容\t本年处理决定数量
行政许可\t120
行政处罚\t30
行政强制\t0
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t0";

    const TABLE4_TEXT: &str = "行政复议\t\t\t\t\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0";

    /// 表三 laid out as `def`, with every cell 0.
    fn table3(def: &TableDef) -> String {
        let mut t = String::from("申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计");
        for r in def.rows {
            t.push_str(&format!("\n{}\t0\t0\t0\t0\t0\t0\t0", r.label));
        }
        t
    }

    /// A report on `year` with `table2` and `table3` as given and the sections in order.
    fn report(year: i32, table2: &str, table3: &str) -> String {
        format!(
            "某某县人民政府{year}年政府信息公开工作年度报告
一、总体情况
本年度本机关认真贯彻落实条例。
二、主动公开政府信息情况
{table2}
三、收到和处理政府信息公开申请情况
{table3}
四、政府信息公开行政复议、行政诉讼情况
{TABLE4_TEXT}
五、存在的主要问题及改进情况
公开的及时性有待提高。
六、其他需要报告的事项
本年度未收取信息处理费。"
        )
    }

    fn findings(doc: &Document) -> Vec<(&'static str, Severity, Vec<String>)> {
        extract(doc, Source::default()).diagnostics.into_iter().map(|d| (d.code, d.severity, d.cells)).collect()
    }

    /// The steps up to the tables, as [`extract`] runs them.
    fn steps(doc: &Document) -> (Layout, Option<meta::Title>, Detection) {
        let layout = Layout::of(doc);
        let title = meta::title(&layout.lines, layout.first_section().min(40));
        let detection = detect(&layout, title.as_ref().and_then(|t| t.year));
        (layout, title, detection)
    }

    #[test]
    fn the_layout_is_the_six_headings_and_a_region_after_each_table_s_heading() {
        let doc = tsv(&report(2023, TABLE2_TEXT, &table3(&TABLE3_2021)));
        let layout = Layout::of(&doc);
        let heading = |words: &str| doc.lines.iter().position(|l| l.cells[0].text.starts_with(words));
        let lines: Vec<Option<usize>> =
            ["一、", "二、主动", "三、收到", "四、政府", "五、", "六、"].iter().map(|w| heading(w)).collect();
        assert_eq!(layout.sections.to_vec(), lines);
        let [s2, s3, s4, s5] = [1, 2, 3, 4].map(|i| lines[i].unwrap());
        assert_eq!(layout.regions, [Some(s2 + 1..s3), Some(s3 + 1..s4), Some(s4 + 1..s5)]);
        assert_eq!(layout.first_section(), 1);
        assert!(layout.region_text(0).starts_with("信息内容本年制发件数"));
    }

    #[test]
    fn the_template_is_detected_by_table2_s_cues() {
        let (_, _, d) = steps(&tsv(&report(2023, TABLE2_TEXT, &table3(&TABLE3_2021))));
        assert_eq!(d.template, TemplateId::T2021);
        assert_eq!(d.t3_def, &TABLE3_2021);
        assert!(!d.t3_single_row);
        let table2_2019 = "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0";
        let (_, _, d) = steps(&tsv(&report(2020, table2_2019, &table3(&TABLE3_2019))));
        assert_eq!(d.template, TemplateId::T2019);
        assert_eq!(d.t3_def, &TABLE3_2019);
        assert!(d.t3_single_row);
    }

    #[test]
    fn without_table2_s_cues_table3_s_other_handling_rows_tell_the_template() {
        let (_, _, d) = steps(&tsv(&report(2023, "", &table3(&TABLE3_2021))));
        assert_eq!(d.template, TemplateId::T2021);
        let (_, _, d) = steps(&tsv(&report(2023, "", &table3(&TABLE3_2019))));
        assert_eq!(d.template, TemplateId::T2019);
    }

    #[test]
    fn the_title_s_year_overrides_the_cues_before_2019_and_decides_2019_and_2020_without_them() {
        let (_, _, d) = steps(&tsv(&report(2018, TABLE2_TEXT, &table3(&TABLE3_2021))));
        assert_eq!(d.template, TemplateId::Other);
        // Tables under the headings, but no cue of either template.
        let bare = "项目\t数量\n规章\t2";
        let (_, _, d) = steps(&tsv(&report(2020, bare, "")));
        assert_eq!(d.template, TemplateId::T2019);
        let (_, _, d) = steps(&tsv(&report(2023, bare, "")));
        assert_eq!(d.template, TemplateId::Other);
    }

    #[test]
    fn a_2021_table2_with_a_2019_table3_is_read_as_printed_and_template_mixed() {
        let doc = tsv(&report(2023, TABLE2_TEXT, &table3(&TABLE3_2019)));
        let (layout, _, d) = steps(&doc);
        assert_eq!((d.template, d.t3_def, d.t3_single_row), (TemplateId::T2021, &TABLE3_2019, true));
        let mut diags = Vec::new();
        let read = read_tables(&doc, &layout, &d, true, &mut diags);
        assert_eq!(read.tables[1].as_ref().map(|t| t.def), Some(&TABLE3_2019));
        structural_findings(&doc, &layout, &d, &read, Some(2023), &mut diags);
        assert_eq!(
            diags.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(),
            [("TEMPLATE-MIXED", Severity::Warning)]
        );
        assert_eq!(diags[0].span, read.tables[1].as_ref().unwrap().span);
    }

    #[test]
    fn a_whole_report_reads_three_complete_tables_and_raises_no_structural_finding() {
        let doc = tsv(&report(2023, TABLE2_TEXT, &table3(&TABLE3_2021)));
        let (layout, _, d) = steps(&doc);
        let mut diags = Vec::new();
        let read = read_tables(&doc, &layout, &d, true, &mut diags);
        assert!(read.tables.iter().all(|t| t.as_ref().is_some_and(|t| t.complete)), "{diags:?}");
        assert_eq!((read.fragment, read.file_ends_in, read.in_file()), (None, None, None));
        structural_findings(&doc, &layout, &d, &read, Some(2023), &mut diags);
        assert_eq!(diags, []);
        assert_eq!(findings(&doc), []);
    }

    #[test]
    fn a_table_the_template_wants_and_the_report_lacks_is_table_missing_near_its_heading() {
        let doc = tsv(&report(2023, TABLE2_TEXT, "本年度未收到政府信息公开申请。"));
        let (layout, _, d) = steps(&doc);
        let mut diags = Vec::new();
        let read = read_tables(&doc, &layout, &d, true, &mut diags);
        assert!(read.tables[1].is_none());
        structural_findings(&doc, &layout, &d, &read, Some(2023), &mut diags);
        assert_eq!(
            diags.iter().map(|d| (d.code, d.severity, d.cells.clone())).collect::<Vec<_>>(),
            [("TABLE-MISSING", Severity::Error, vec!["table3".to_string()])]
        );
        let s3 = layout.sections[2].unwrap() as u32;
        assert_eq!(diags[0].span, Some(at(s3 + 1, 1)));
    }

    #[test]
    fn numbers_where_a_table_should_be_that_no_template_reads_are_table_unread() {
        let numbers = "甲类\t1\t2\n乙类\t3\t4\n丙类\t5\t6";
        let doc = tsv(&report(2023, numbers, numbers));
        let (layout, _, d) = steps(&doc);
        assert_eq!(d.template, TemplateId::Other);
        let mut diags = Vec::new();
        let read = read_tables(&doc, &layout, &d, true, &mut diags);
        assert!(read.tables.iter().all(Option::is_none));
        structural_findings(&doc, &layout, &d, &read, Some(2023), &mut diags);
        // One finding for the document, at the first table-like line.
        assert_eq!(diags.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(), [("TABLE-UNREAD", Severity::Error)]);
        assert_eq!(diags[0].span, Some(at(layout.sections[1].unwrap() as u32 + 2, 1)));
        // A free-form report before 2019 holds what tables it likes.
        let mut diags = Vec::new();
        structural_findings(&doc, &layout, &d, &read, Some(2018), &mut diags);
        assert_eq!(diags, []);
    }

    #[test]
    fn a_file_that_starts_inside_table3_is_a_fragment_holding_only_it() {
        let doc = tsv(&table3(&TABLE3_2021).lines().skip(1).collect::<Vec<_>>().join("\n"));
        let (layout, title, d) = steps(&doc);
        assert!(title.is_none());
        let mut diags = Vec::new();
        let read = read_tables(&doc, &layout, &d, false, &mut diags);
        assert_eq!(read.fragment, Some(1));
        assert!(read.tables[1].is_some());
        assert_eq!(read.in_file(), Some((6, 0)));
        structural_findings(&doc, &layout, &d, &read, None, &mut diags);
        assert_eq!(diags.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(), [("FRAGMENT", Severity::Warning)]);
        // No section, table or title is missing from a fragment.
        let codes: Vec<&str> = findings(&doc).iter().map(|f| f.0).collect();
        assert_eq!(codes, ["FRAGMENT"]);
    }

    #[test]
    fn a_file_cut_off_inside_table3_lacks_nothing_after_it() {
        let text = report(2023, TABLE2_TEXT, &table3(&TABLE3_2021));
        let cut = text.find("（二）部分公开").unwrap();
        let doc =
            tsv(&format!("{}\t0\t0", &text[..cut + "（二）部分公开（区分处理的，只计这一情形，不计其他情形）".len()]));
        let (layout, _, d) = steps(&doc);
        let mut diags = Vec::new();
        let read = read_tables(&doc, &layout, &d, true, &mut diags);
        assert_eq!(read.file_ends_in, Some(1));
        assert_eq!(read.in_file(), Some((0, 2)));
        let mut structural = Vec::new();
        structural_findings(&doc, &layout, &d, &read, Some(2023), &mut structural);
        assert_eq!(structural, []);
        assert!(diags.iter().any(|d| d.code == "ROW-CUT"));
    }

    #[test]
    fn a_year_no_title_or_period_states_is_guessed_and_said_so() {
        let doc = tsv("一、总体情况\n2023年，本机关认真贯彻落实条例。\n六、其他需要报告的事项\n无。");
        let layout = Layout::of(&doc);
        let mut diags = Vec::new();
        let m = metadata(&doc, &layout, None, &mut diags);
        assert_eq!(m.year, Some(2023));
        assert_eq!(
            diags.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(),
            [("META-GUESSED", Severity::Warning)]
        );
        // No year in the text: the year before the publication date.
        let doc = tsv("一、总体情况\n本机关认真贯彻落实条例。\n六、其他需要报告的事项\n无。\n发布日期：2024-03-01");
        let mut diags = Vec::new();
        let m = metadata(&doc, &Layout::of(&doc), None, &mut diags);
        assert_eq!((m.year, m.published.as_deref()), (Some(2023), Some("2024-03-01")));
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn stated_metadata_is_taken_as_stated_without_a_finding() {
        let doc = tsv(&report(2023, TABLE2_TEXT, &table3(&TABLE3_2021))
            .replace("本年度本机关", "统计期限自2023年1月1日起至2023年12月31日止。本机关"));
        let (layout, title, _) = steps(&doc);
        let mut diags = Vec::new();
        let m = metadata(&doc, &layout, title.as_ref(), &mut diags);
        assert_eq!(diags, []);
        assert_eq!((m.agency.as_deref(), m.year), (Some("某某县人民政府"), Some(2023)));
        assert_eq!(m.title_year, Some((2023, Some(at(1, 1)))));
        assert_eq!(m.period_year, Some((2023, Some(at(3, 1)))));
        assert!(m.fee_stated);
        // The prose holds the running text, not the tables.
        assert!(m.prose.contains("公开的及时性有待提高"));
        assert!(!m.prose.contains("本年制发件数"));
    }

    #[test]
    fn a_document_without_title_section_or_table_is_not_a_report_unless_the_reader_could_not_read_it() {
        let mut doc = tsv("关于开展春季植树活动的通知\n各单位：\n请按时参加。");
        let codes = |doc: &Document| {
            let (layout, title, _) = steps(doc);
            let mut diags = Vec::new();
            not_a_report(doc, &[None, None, None], &layout.sections, title.as_ref(), &mut diags);
            diags.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>()
        };
        assert_eq!(codes(&doc), [("NOT-A-REPORT", Severity::Error)]);
        doc.findings.push(Diagnostic::new("NO-TEXT-LAYER", "finding-no-text-layer", Args::new().with("pages", 1)));
        assert_eq!(codes(&doc), []);
        // The title of a free-form report before the templates is a report.
        assert_eq!(codes(&tsv("某某局2015年政府信息公开工作年度报告\n本年度……")), []);
        // A later year's title alone is a link, not a report.
        assert_eq!(codes(&tsv("某某局2023年政府信息公开工作年度报告")), [("NOT-A-REPORT", Severity::Error)]);
    }

    #[test]
    fn the_sections_name_each_heading_s_place_and_the_placeholders_left() {
        let doc = tsv("一、总体情况\n【请填写：总体情况】\n二、主动公开政府信息情况\n六、其他需要报告的事项");
        let info = Metadata {
            agency: None,
            year: None,
            published: None,
            index_no: None,
            title_year: None,
            period_year: None,
            narrative: Default::default(),
            fee_stated: false,
            problems_unsaid: None,
            prose: String::new(),
        };
        let s = sections(&doc, &Layout::of(&doc), &info, Some((0, 2)));
        assert_eq!(s.headings, [Some(at(1, 1)), Some(at(3, 1)), None, None, None, Some(at(4, 1))]);
        assert_eq!(s.placeholders, [at(2, 1)]);
        assert_eq!((s.fee_stated, s.in_file), (false, Some((0, 2))));
    }
}
