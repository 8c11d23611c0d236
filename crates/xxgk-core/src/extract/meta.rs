//! Metadata (organ, year, dates, 索引号) and the figures stated in the prose.
//!
//! All patterns run on [`compact`](crate::normalize::compact) text: folded to half width, no
//! whitespace. Layout text wraps sentences anywhere, so prose lines are joined before matching.

use std::sync::OnceLock;

use regex::Regex;

use crate::document::{Document, Span};
use crate::report::{Figure, Narrative, Stated};

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static pattern"))
}

/// The prose of a document, joined per section, with a way back to source lines.
pub struct Prose {
    text: String,
    /// (byte offset in `text`, document line) for each joined line.
    starts: Vec<(usize, usize)>,
    /// Document lines of the section headings, ascending.
    headings: Vec<usize>,
}

impl Prose {
    pub fn new(lines: &[String], keep: impl Fn(usize) -> bool, headings: &[usize]) -> Prose {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if headings.contains(&i) {
                // Never let a pattern run across a section boundary.
                text.push('。');
            }
            if keep(i) && !l.is_empty() {
                starts.push((text.len(), i));
                text.push_str(l);
            }
        }
        let mut headings = headings.to_vec();
        headings.sort_unstable();
        Prose { text, starts, headings }
    }

    /// The joined text itself.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The document line holding byte `offset` of the joined text.
    fn line_at(&self, offset: usize) -> usize {
        match self.starts.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.starts[i].1,
            Err(0) => 0,
            Err(i) => self.starts[i - 1].1,
        }
    }

    /// The prose of the section whose heading is on line `heading`.
    pub fn section_text(&self, heading: usize) -> String {
        let end = self.headings.iter().copied().find(|&h| h > heading).unwrap_or(usize::MAX);
        let mut out = String::new();
        for (k, (off, line)) in self.starts.iter().enumerate() {
            if *line > heading && *line < end {
                let stop = self.starts.get(k + 1).map_or(self.text.len(), |(o, _)| *o);
                out.push_str(&self.text[*off..stop]);
            }
        }
        out
    }
}

/// The report's title line: `<organ><year>年(度)政府信息公开工作年度报告`.
pub struct Title {
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub line: usize,
}

fn strip_markup(s: &str) -> &str {
    s.trim_start_matches(['#', '*', '>', '《', '"', '[', '-'])
}

/// Tidy an organ name taken from a title or a sentence: no markup, no field name left in
/// (`标题:XX局`).
fn clean_agency(s: &str) -> Option<String> {
    let mut s = strip_markup(s).trim_matches(['《', '》', '"', '(', ')', ':', ',', '、']);
    for field in ["标题:", "题名:", "名称:", "文件名称:", "主题:", "标题", "题名"] {
        s = s.strip_prefix(field).unwrap_or(s);
    }
    for prefix in ["关于", "本报告由", "由", "现予以公布", "现予公布", "现公布", "现将", "现发布"]
    {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    let s = s.strip_suffix("文件").unwrap_or(s);
    let n = s.chars().count();
    ((2..=40).contains(&n) && !s.contains('。')).then(|| s.to_string())
}

pub fn title(lines: &[String], limit: usize) -> Option<Title> {
    static RE: OnceLock<Regex> = OnceLock::new();
    static YEAR_FIRST: OnceLock<Regex> = OnceLock::new();
    // `2023年度XX局政府信息公开工作年度报告`: the year first, the organ after it.
    let year_first = re(&YEAR_FIRST, r"^(\d{4})年度?(.{2,40}?)(?:政府信息公开|政务公开)工作");
    let re = re(&RE, r"^(.*?)(\d{4})年度?的?(?:政府信息公开|政务公开|信息公开)");
    for i in 0..limit.min(lines.len()) {
        let l = strip_markup(&lines[i]);
        // A portal's field `标题:…` holds the title.
        let l = ["标题:", "题名:", "名称:"].iter().find_map(|f| l.strip_prefix(f)).unwrap_or(l);
        if !l.contains("公开") || l.contains("。") || l.chars().count() > 80 {
            continue;
        }
        if let Some(c) = year_first.captures(l) {
            let year = c[1].parse::<i32>().ok().filter(|y| (1990..2100).contains(y));
            if let Some(agency) = clean_agency(&c[2]).filter(|a| !a.starts_with("政府") && !a.starts_with("信息")) {
                return Some(Title { agency: Some(agency), year, line: i });
            }
        }
        if let Some(c) = re.captures(l) {
            let year = c[2].parse::<i32>().ok().filter(|y| (1990..2100).contains(y));
            let mut agency = clean_agency(&c[1]);
            if agency.is_none() && c[1].is_empty() {
                // The organ stands on the line above: "洪泽区人民政府" / "2023年政府信息公开…".
                agency = (0..i).rev().map(|j| &lines[j]).find(|l| !l.is_empty()).and_then(|l| clean_agency(l));
            }
            return Some(Title { agency, year, line: i });
        }
    }
    None
}

/// Suffixes of the office that compiles a report on its organ's behalf.
const OFFICE_SUFFIXES: &[&str] = &["政务公开办公室", "政务公开办", "办公室", "办公厅", "综合科", "政务公开科"];

/// Where the organ's name was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyFrom {
    /// The report's title.
    Title,
    /// A portal's 发布机构 field: it names the publisher, often the 办公室 compiling the report,
    /// so it yields to the title.
    Publisher,
    /// An opening sentence: 现公布区统计局2023年政府信息公开工作年度报告.
    Sentence,
    /// The contact line (请与XX办公室联系), without its office: a guess, said so in a finding.
    Contact,
}

pub fn agency(lines: &[String], first_section: usize, title: Option<&Title>) -> Option<(String, AgencyFrom)> {
    static PUBLISHER: OnceLock<Regex> = OnceLock::new();
    static SENTENCE: OnceLock<Regex> = OnceLock::new();
    static CONTACT: OnceLock<Regex> = OnceLock::new();
    if let Some(a) = title.and_then(|t| t.agency.clone()) {
        return Some((a, AgencyFrom::Title));
    }
    let head = || lines.iter().take(first_section.max(10));
    let publisher = re(&PUBLISHER, r"(?:发布机构|发文机关|发布单位|发布机关):(.+)$");
    for l in head().filter(|l| l.contains("发")) {
        if let Some(c) = publisher.captures(strip_markup(l)) {
            if let Some(a) = clean_agency(&c[1]) {
                return Some((a, AgencyFrom::Publisher));
            }
        }
    }
    let sentence =
        re(&SENTENCE, r"现(?:将|予以|予)?(?:公布|发布)([^,。;:]{2,30}?)\d{4}年度?的?(?:政府信息公开|政务公开)");
    for l in head().filter(|l| l.contains("公布") || l.contains("发布")) {
        if let Some(a) = sentence.captures(l).and_then(|c| clean_agency(&c[1])) {
            return Some((a, AgencyFrom::Sentence));
        }
    }
    let contact = re(&CONTACT, r"请与([^,。;:(]{2,40}?)联系");
    for l in lines.iter().filter(|l| l.contains("请与")) {
        if let Some(c) = contact.captures(l) {
            let mut name = c[1].to_string();
            for suffix in OFFICE_SUFFIXES {
                if let Some(s) = name.strip_suffix(suffix) {
                    name = s.to_string();
                    break;
                }
            }
            if let Some(a) = clean_agency(&name) {
                return Some((a, AgencyFrom::Contact));
            }
        }
    }
    None
}

/// The year of the statistics period (统计期限自2023年1月1日…).
pub fn period_year(prose: &Prose) -> Option<(i32, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"(?:统计期限|统计时限|统计区间|统计时间)[^。]{0,8}?(\d{4})年1月1日");
    let c = re.captures(&prose.text)?;
    let m = c.get(1)?;
    Some((m.as_str().parse().ok()?, prose.line_at(m.start())))
}

/// The first plausible `YYYY年` in the prose.
pub fn first_year(prose: &Prose) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"(\d{4})年");
    re.captures_iter(&prose.text).filter_map(|c| c[1].parse::<i32>().ok()).find(|y| (1990..2100).contains(y))
}

/// The publication date as `YYYY-MM-DD`: a stated 公文生成日期/发布日期, or a date line at the end.
pub fn published(lines: &[String]) -> Option<String> {
    static STATED: OnceLock<Regex> = OnceLock::new();
    static SIGNED: OnceLock<Regex> = OnceLock::new();
    let stated = re(
        &STATED,
        r"(?:公文生成日期|发布日期|成文日期|生成日期|发文日期|印发日期):?(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})",
    );
    let signed = re(&SIGNED, r"^(\d{4})年(\d{1,2})月(\d{1,2})日$");
    let fmt = |c: regex::Captures| -> Option<String> {
        let (y, m, d) = (c[1].parse::<u32>().ok()?, c[2].parse::<u32>().ok()?, c[3].parse::<u32>().ok()?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    if let Some(d) = lines.iter().filter(|l| l.contains("日期")).find_map(|l| stated.captures(l).and_then(fmt)) {
        return Some(d);
    }
    let tail = lines.len().saturating_sub(12);
    lines[tail..].iter().rev().filter(|l| l.ends_with('日')).find_map(|l| signed.captures(l).and_then(fmt))
}

pub fn index_no(lines: &[String]) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"索引号:?([0-9A-Za-z][0-9A-Za-z\-/_.]{3,60})");
    lines.iter().take(60).filter(|l| l.contains("索引号")).find_map(|l| re.captures(l).map(|c| c[1].to_string()))
}

/// Figures stated in the prose: the proactive-disclosure total and the applications received.
/// Approximate figures ("5500余条") are not figures.
pub fn narrative(prose: &Prose, doc: &Document) -> Narrative {
    static PROACTIVE: OnceLock<Regex> = OnceLock::new();
    static RECEIVED: [OnceLock<Regex>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let proactive = re(&PROACTIVE, r"主动(?:公开|发布)(?:各类)?(?:政府)?信息(?:共|总计|合计|累计)?(\d+)条");
    let received = [
        // 收到/受理 … 申请 … N 件
        re(&RECEIVED[0], r"(?:收到|受理)[^。;,]{0,24}?申请[^。;,\d]{0,14}?(\d+)[件条个]"),
        // 受理 N 条 … 申请
        re(&RECEIVED[1], r"(?:收到|受理)[^。;,\d]{0,6}?(\d+)[件条个][^。;,\d]{0,10}?申请"),
        // 未收到 … 申请  → 0
        re(&RECEIVED[2], r"未(?:收到|受理)[^。;,\d]{0,12}?申请()"),
    ];
    let span = |offset: usize| -> Option<Span> { doc.lines.get(prose.line_at(offset)).and_then(|l| l.span().cloned()) };
    let figure = |c: &regex::Captures| -> Option<Figure> {
        let m = c.get(1)?;
        let value = if m.as_str().is_empty() { 0 } else { m.as_str().parse().ok()? };
        Some(Figure { value, span: span(m.start()) })
    };
    let proactive_total = proactive.captures(&prose.text).as_ref().and_then(figure);
    let received =
        received.iter().filter_map(|r| r.captures(&prose.text)).min_by_key(|c| c.get(0).map_or(0, |m| m.start()));
    // 共收到申请185件（含上年结转15件）: the 185 counts last year's in; so does a clause that
    // goes on 其中上年结转….
    static WITH_CARRIED: OnceLock<Regex> = OnceLock::new();
    let with_carried = re(&WITH_CARRIED, r"^[(,]?(?:含|包括|包含|其中(?:含|包括)?)上年(?:度)?结转");
    let mut stated = Vec::new();
    let applications_received = received.as_ref().and_then(figure);
    if let (Some(m), Some(f)) = (received.as_ref().and_then(|c| c.get(0)), &applications_received) {
        if with_carried.is_match(&prose.text[m.end()..]) {
            stated.extend(Stated::new("received_with_carried_over", f.value, f.span.clone()));
        }
    }
    // Each figure within its own clause: no digit and no clause mark between the words and the
    // number, so that a figure never reaches into the next sentence.
    static STATED_PATTERNS: OnceLock<Vec<(&str, Regex)>> = OnceLock::new();
    let patterns = STATED_PATTERNS.get_or_init(|| {
        [
            ("new_received", r"(?:本年(?:度)?新收|新收到)(?:政府信息公开)?申请(?:共)?(\d+)件"),
            ("carried_over", r"上年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?(\d+)件"),
            ("carried_forward", r"结转(?:至|到)?下(?:一)?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?(?:共)?(\d+)件"),
            ("reviews", r"(?:被申请|收到|受理|发生|涉及)(?:政府信息公开)?行政复议(?:案件|申请)?(?:共)?(\d+)[件起宗]"),
            ("lawsuits", r"(?:被提起|被起诉|收到|发生|涉及)(?:政府信息公开)?行政诉讼(?:案件)?(?:共)?(\d+)[件起宗]"),
        ]
        .into_iter()
        .map(|(what, p)| (what, Regex::new(p).expect("static pattern")))
        .collect()
    });
    for (what, pattern) in patterns {
        if let Some(f) = pattern.captures(&prose.text).as_ref().and_then(figure) {
            stated.extend(Stated::new(what, f.value, f.span));
        }
    }
    Narrative { proactive_total, applications_received, stated }
}
