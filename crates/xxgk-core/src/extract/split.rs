//! Several reports in one document: a department page that publishes two years' reports one
//! under the other, or a bureau's report followed by its subordinate units'.
//!
//! A report's numbered sections only ever go forward (一 … 六), so a heading of 一 or 二 after
//! the sections have reached 三 starts another report; it starts at its title line just above,
//! when there is one.

use std::ops::Range;

use super::{section_of, NUMERALS};
use crate::document::Document;
use crate::normalize::compact_into;

/// How far above a restarting heading the next report's title may stand: a title wrapped over
/// two lines, 索引号, 发布机构, 日期 and an introduction wrapped over several lines fit in this.
const TITLE_REACH: usize = 20;

/// The line ranges of the reports in `doc`, in order; one range covering every line when it
/// holds one report (or none).
pub fn report_ranges(doc: &Document) -> Vec<Range<usize>> {
    let compact = |i: usize| {
        let mut s = String::new();
        for c in &doc.lines[i].cells {
            compact_into(&c.text, &mut s);
        }
        s
    };
    let mut starts = vec![0];
    let mut reached: Option<usize> = None;
    // The line after the last heading of the current report: a title is not looked for above it.
    let mut floor = 0;
    for (i, line) in doc.lines.iter().enumerate() {
        // Most lines are told apart by their first character, without compacting them.
        let first = line
            .cells
            .iter()
            .flat_map(|c| c.text.chars())
            .find(|c| !c.is_whitespace() && !matches!(c, '#' | '*' | '>' | '-'));
        let Some(first) = first else { continue };
        let mut folded = String::new();
        compact_into(first.encode_utf8(&mut [0; 4]), &mut folded);
        if !folded.starts_with(NUMERALS) {
            continue;
        }
        let Some(section) = section_of(&compact(i)) else { continue };
        if section <= 1 && reached.is_some_and(|r| r >= 2) {
            // The earliest title-like line: an introduction may name the report too.
            let title = (floor.max(i.saturating_sub(TITLE_REACH))..i)
                .find(|&j| is_title(&compact(j), (j + 1 < i).then(|| compact(j + 1))));
            starts.push(title.unwrap_or(i));
            reached = None;
        }
        reached = reached.max(Some(section));
        floor = i + 1;
    }
    starts.push(doc.lines.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// A title line, or the first line of a title wrapped onto the next.
fn is_title(line: &str, next: Option<String>) -> bool {
    let short = line.chars().count() <= 80;
    short
        && (line.contains("年度报告")
            || next.is_some_and(|n| format!("{line}{n}").contains("年度报告") && !n.contains("年度报告")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, Line, Span};

    fn doc(lines: &[&str]) -> Document {
        let lines = lines
            .iter()
            .map(|t| Line { cells: vec![Cell { text: t.to_string(), span: Span::Grid { table: 0, row: 0, cell: 0 } }] })
            .collect();
        Document { lines, ..Document::default() }
    }

    #[test]
    fn a_restarting_section_sequence_starts_another_report_at_its_title() {
        let two = doc(&[
            "甲局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、结转下年度继续办理",
            "四、政府信息公开行政复议、行政诉讼情况",
            "六、其他需要报告的事项",
            "本年度无其他需要报告的事项。",
            "乙局2023年政府信息公开工作年度",
            "报告",
            "发布机构：乙局",
            "本报告是根据条例编制的2023年政府信息公开工作年度报告。",
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
        ]);
        assert_eq!(report_ranges(&two), [0..8, 8..14]);
        // One report, even with its section order disturbed before 三.
        let one = doc(&[
            "一、总体情况",
            "二、主动公开政府信息情况",
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "六、其他需要报告的事项",
        ]);
        assert_eq!(report_ranges(&one), [Range { start: 0, end: 5 }]);
        assert_eq!(report_ranges(&doc(&[])), [Range { start: 0, end: 0 }]);
    }
}
