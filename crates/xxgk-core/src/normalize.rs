//! Text normalisation shared by template labels and document text.
//!
//! Real reports write the same label a dozen ways: full- or half-width brackets, spaces inside
//! words ("自 然 人"), numbering as `1.` `1、` `（1）`, Kangxi radicals from PDF fonts instead of the
//! ordinary ideographs. Labels are therefore compared by their *key*: the Han characters alone,
//! after compatibility folding and with the numbering removed.

use unicode_normalization::UnicodeNormalization;

use crate::value::Num;

/// Whether a character has a compatibility form that matters for Chinese reports: full-width
/// ASCII, the ideographic space, Kangxi radicals and CJK compatibility ideographs.
fn needs_fold(c: char) -> bool {
    let cp = c as u32;
    (0xFF01..=0xFF5E).contains(&cp)
        || cp == 0x3000
        || (0x2E80..=0x2FDF).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
}

/// Call `f` with each character of `s` folded.
fn for_each_folded(s: &str, mut f: impl FnMut(char)) {
    for c in s.chars() {
        if needs_fold(c) {
            for d in std::iter::once(c).nfkc() {
                f(d);
            }
        } else {
            f(c);
        }
    }
}

/// Folded, with all whitespace removed and brackets unified to ASCII: the form used to look for
/// cue phrases such as `本年制发件数` or `（六）其他处理` anywhere in a line.
pub fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    compact_into(s, &mut out);
    out
}

/// The ASCII replacement of a bracket or quote that [`compact`] unifies.
fn unified(c: char) -> Option<char> {
    match c {
        '【' | '〔' | '［' => Some('['),
        '】' | '〕' | '］' => Some(']'),
        '“' | '”' | '「' | '」' => Some('"'),
        '‘' | '’' => Some('\''),
        _ => None,
    }
}

/// [`compact`], appending to `out`. Runs of characters that stay as they are are copied as
/// bytes; only whitespace, foldable and unified characters are handled one by one.
pub fn compact_into(s: &str, out: &mut String) {
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let special = if c.is_ascii() {
            c.is_ascii_whitespace()
        } else {
            c.is_whitespace() || needs_fold(c) || unified(c).is_some()
        };
        if !special {
            continue;
        }
        out.push_str(&s[run..i]);
        run = i + c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if let Some(u) = unified(c) {
            out.push(u);
        } else {
            for d in std::iter::once(c).nfkc() {
                if !d.is_whitespace() {
                    out.push(unified(d).unwrap_or(d));
                }
            }
        }
    }
    out.push_str(&s[run..]);
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x3007)
}

/// Columns a text takes in a terminal or in aligned text: CJK and full-width characters two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
}

fn is_cn_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The matching key of a label: Han characters only, with numbering such as `（三）`, `三、`
/// removed. `"（三） 不予 公开"` and `"(三)不予公开"` share the key `不予公开`.
pub fn label_key(s: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(s.len() / 3 + 1);
    for_each_folded(s, |c| {
        if !c.is_whitespace() {
            chars.push(c);
        }
    });
    let mut out = String::with_capacity(chars.len() * 3);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // (一) / （十二）
        if c == '(' || c == '（' {
            let mut j = i + 1;
            while j < chars.len() && j - i <= 3 && is_cn_numeral(chars[j]) {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && (chars[j] == ')' || chars[j] == '）') {
                i = j + 1;
                continue;
            }
        }
        // 三、  十二、  (only at the start of a run, not inside words like 三安全一稳定)
        if is_cn_numeral(c) && (i == 0 || !is_han(chars[i - 1])) {
            let mut j = i;
            while j < chars.len() && j - i < 3 && is_cn_numeral(chars[j]) {
                j += 1;
            }
            if j < chars.len() && matches!(chars[j], '、' | '.' | '．') {
                i = j + 1;
                continue;
            }
        }
        if is_han(c) {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// What a table cell states.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// A number (units such as 件 or 万元 and thousands separators removed).
    Number(Num),
    /// An explicit blank: `/`, `-`, `—`, `无`, `N/A` and the like.
    Blank,
    /// Nothing at all (an empty cell, often a merged-cell artefact).
    Empty,
}

const BLANK_MARKS: &[&str] = &["/", "／", "\\", "-", "－", "—", "——", "–", "无", "空", "×", "*", "N/A", "NA"];
const UNITS: &[&str] = &["万元", "元", "件", "条", "个", "项", "份", "次", "人", "家"];

/// Whether `c` can begin a value cell: a digit, a sign, or a blank mark.
fn may_start_value(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "+-＋－/／\\—–无空×*NnＮｎ".contains(c)
}

/// Classify a cell's text as a value, or `None` when it is text.
pub fn parse_value(raw: &str) -> Option<CellValue> {
    let t = raw.trim();
    match t.chars().next() {
        None => return Some(CellValue::Empty),
        // Almost every text cell starts with a Han character: reject those without folding.
        Some(c) if !may_start_value(c) => return None,
        _ if t.len() > 64 => return None,
        _ => {}
    }
    let s = compact(t);
    if s.is_empty() {
        return Some(CellValue::Empty);
    }
    if BLANK_MARKS.iter().any(|m| m.eq_ignore_ascii_case(&s)) {
        return Some(CellValue::Blank);
    }
    if let Some(n) = net_change(&s) {
        return Some(CellValue::Number(n));
    }
    // A note after the number (`17（其中修订9件）`): the value is the number; the note stays in
    // the cell's text.
    let body = match s.split_once('(') {
        Some((number, note)) if note.ends_with(')') && note.chars().any(|c| c as u32 >= 0x3400) => number,
        _ => s.as_str(),
    };
    parse_number(strip_unit(body)).map(CellValue::Number)
}

fn strip_unit(s: &str) -> &str {
    UNITS.iter().find_map(|u| s.strip_suffix(u)).unwrap_or(s)
}

/// A 2019 本年增/减 cell written as both movements, `+(2) -(1)` or `+2-1`: the net change, signed.
fn net_change(s: &str) -> Option<Num> {
    let rest = s.strip_prefix('+')?;
    let (plus, minus) = rest.split_once('-')?;
    let bare = |p: &str| -> Option<i64> {
        let p = p.strip_prefix('(').and_then(|p| p.strip_suffix(')')).unwrap_or(p);
        let n = parse_number(strip_unit(p))?;
        (n.is_integer() && !n.signed).then_some(n.mantissa)
    };
    let net = bare(plus)? - bare(minus)?;
    Some(Num { signed: true, ..Num::int(net) })
}

/// Parse `12`, `-4`, `+1`, `1,234`, `24.1982` exactly. Rejects `1.`, `1、`, `0517-8722`.
pub fn parse_number(s: &str) -> Option<Num> {
    let (neg, explicit_sign, rest) = match s.as_bytes().first()? {
        b'-' => (true, true, &s[1..]),
        b'+' => (false, true, &s[1..]),
        _ => (false, false, s),
    };
    let (int_part, frac_part) = match rest.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (rest, None),
    };
    if int_part.is_empty() {
        return None;
    }
    // Thousands separators only in the canonical 1,234,567 shape.
    let digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    let frac = frac_part.unwrap_or("");
    if frac_part.is_some() && (frac.is_empty() || frac.len() > 8 || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut mantissa: i64 = 0;
    for b in digits.bytes().chain(frac.bytes()) {
        mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    if neg {
        mantissa = -mantissa;
    }
    // Zeros after the decimal point say nothing of the value: `30.0` is the count 30, as a
    // spreadsheet or a converter writes it, and `24.10` the amount 24.1. A number keeps its
    // least scale, so that every comparison and every "whole number" test sees the value.
    let mut scale = frac.len() as u8;
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Some(Num { mantissa, scale, signed: explicit_sign })
}

/// A running page number (`-3-`, `- 4 -`, `第3页`): not a value, even inside a table.
pub fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 24 {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－');
    if t.starts_with(dash) && t.ends_with(dash) {
        let inner = t.trim_matches(|c: char| dash(c) || c.is_whitespace());
        return !inner.is_empty() && inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit());
    }
    if t.starts_with('第') && t.ends_with('页') {
        return t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "共第页/".contains(c));
    }
    false
}

fn is_value_word(s: &str) -> bool {
    matches!(parse_value(s), Some(CellValue::Number(_) | CellValue::Blank))
}

fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// How a cell of space-separated words splits: `None` keeps it whole; `Some(k)` keeps the first
/// `k` words together as a label (none when `k` is 0) and makes each remaining word a value cell.
/// A cell of numbers only (`21 0 0 0`) splits into its numbers, and numbers after a label with Han
/// characters (`行政许可 550`) are split off; anything else (`2023 年`) stays whole.
pub fn numeric_split(words: &[&str]) -> Option<usize> {
    if words.len() < 2 {
        return None;
    }
    let numeric_tail = words.iter().rev().take_while(|w| is_value_word(w)).count();
    if numeric_tail == words.len() {
        return Some(0);
    }
    let label = &words[..words.len() - numeric_tail];
    (numeric_tail > 0 && label.iter().any(|w| has_han(w))).then_some(label.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_not_values() {
        for p in ["-3-", "  - 4 -", "—12—", "第3页", "第 2 页 共 5 页"] {
            assert!(is_page_number(p), "{p}");
        }
        for p in ["3", "0", "-4", "一、总体情况"] {
            assert!(!is_page_number(p), "{p}");
        }
    }

    #[test]
    fn keys_ignore_numbering_width_and_spaces() {
        assert_eq!(label_key("（三） 不予 公开"), "不予公开");
        assert_eq!(label_key("(三)不予公开"), "不予公开");
        assert_eq!(label_key("3.危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(label_key("一、本年新收政府信息公开申请数量"), "本年新收政府信息公开申请数量");
        assert_eq!(label_key("第二十条第（一）项"), "第二十条第项");
        // Kangxi radical ⾏ (U+2F8F) folds to 行.
        assert_eq!(label_key("⾏政许可"), "行政许可");
    }

    #[test]
    fn compact_folds_widths_and_unifies_brackets() {
        assert_eq!(compact("（一） 予以　公开 “三安全” 【1】 ⾏政 ＡＢ１"), "(一)予以公开\"三安全\"[1]行政AB1");
    }

    #[test]
    fn values_and_blanks_are_different_facts() {
        assert_eq!(parse_value("0"), Some(CellValue::Number(Num::int(0))));
        assert_eq!(parse_value(" 31"), Some(CellValue::Number(Num::int(31))));
        assert_eq!(parse_value("2　"), Some(CellValue::Number(Num::int(2))));
        assert_eq!(parse_value("１２"), Some(CellValue::Number(Num::int(12))));
        assert_eq!(parse_value("1,234"), Some(CellValue::Number(Num::int(1234))));
        assert_eq!(parse_value("0件"), Some(CellValue::Number(Num::int(0))));
        assert_eq!(parse_value("/"), Some(CellValue::Blank));
        assert_eq!(parse_value("—"), Some(CellValue::Blank));
        assert_eq!(parse_value("无"), Some(CellValue::Blank));
        assert_eq!(parse_value(""), Some(CellValue::Empty));
        assert_eq!(parse_value("-4").unwrap(), CellValue::Number(Num { mantissa: -4, scale: 0, signed: true }));
        assert_eq!(
            parse_value("24.1982").unwrap(),
            CellValue::Number(Num { mantissa: 241982, scale: 4, signed: false })
        );
        for text in ["1.", "1、", "规章", "0517-87222589", "12,34", "2023年", "1.2.3", "NAN", "No"] {
            assert_eq!(parse_value(text), None, "{text}");
        }
    }

    #[test]
    fn a_whole_number_is_whole_however_written() {
        for text in ["30", "30.0", "30.00", "３０", "３０.０", "30件", "30.0件"] {
            assert_eq!(parse_value(text), Some(CellValue::Number(Num::int(30))), "{text}");
        }
        assert_eq!(parse_value("24.10").unwrap(), CellValue::Number(Num { mantissa: 241, scale: 1, signed: false }));
        assert_eq!(parse_value("-3.0").unwrap(), CellValue::Number(Num { mantissa: -3, scale: 0, signed: true }));
        assert_eq!(parse_value("0.0").unwrap(), CellValue::Number(Num::int(0)));
    }

    #[test]
    fn not_applicable_is_a_blank_marker() {
        for text in ["N/A", "n/a", "NA", "na", "Ｎ／Ａ", " N/A ", "－"] {
            assert_eq!(parse_value(text), Some(CellValue::Blank), "{text}");
        }
    }
}

/// A date as `YYYY-MM-DD`, from the ways people write one: `2024-01-20`, `2024/1/20`,
/// `2024.1.20`, `2024年1月20日` (a time after it is ignored). `None` for anything else.
pub fn date(s: &str) -> Option<String> {
    let s = s.trim();
    let mut parts = s.split(['-', '/', '.', '年', '月', '日', ' ', 'T']).filter(|p| !p.is_empty());
    let mut number = || parts.next()?.parse::<u32>().ok();
    let (y, m, d) = (number()?, number()?, number()?);
    ((1990..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod annotated_tests {
    use super::{parse_value, CellValue};
    use crate::value::Num;

    fn number(s: &str) -> Option<Num> {
        match parse_value(s) {
            Some(CellValue::Number(n)) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn a_note_after_the_number_and_both_movements_of_a_change() {
        assert_eq!(number("17（其中修订9件）"), Some(Num::int(17)));
        assert_eq!(number("3件（含废止1件）"), Some(Num::int(3)));
        assert_eq!(number("+(0) -(0)").map(|n| n.mantissa), Some(0));
        assert_eq!(number("+(2) -(5)").map(|n| n.mantissa), Some(-3));
        assert_eq!(number("+3-1").map(|n| n.mantissa), Some(2));
        assert_eq!(number("(一)予以公开"), None);
        assert_eq!(number("0517-8722"), None);
        assert_eq!(number("12(3)"), None, "a bracket without words is no note");
    }
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn dates_as_people_write_them() {
        for s in ["2024-01-20", "2024/1/20", "2024.1.20", "2024年1月20日", "2024-01-20 09:30"] {
            assert_eq!(super::date(s).as_deref(), Some("2024-01-20"), "{s}");
        }
        assert_eq!(super::date("2024-13-01"), None);
        assert_eq!(super::date("明天"), None);
        assert_eq!(super::date("2024-1-5").as_deref(), Some("2024-01-05"));
    }
}

/// OpenCC's table of traditional characters and their simplified forms (`TSCharacters.txt`,
/// Apache-2.0, `data/OpenCC-LICENSE`): `traditional<TAB>simplified [variants…]`.
const TS_CHARACTERS: &str = include_str!("../data/TSCharacters.txt");

/// Each traditional character and the simplified one it folds to (the table's first), only
/// where they differ.
pub fn traditional_pairs() -> &'static std::collections::HashMap<char, char> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<char, char>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        TS_CHARACTERS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (t, s) = l.split_once('\t')?;
                let (mut t, mut s) = (t.chars(), s.split(' ').next()?.chars());
                let (t, s) = (t.next()?, s.next()?);
                (t != s).then_some((t, s))
            })
            .collect()
    })
}

/// How many characters of `s` are traditional forms with a different simplified one.
pub fn traditional_count(s: &str) -> usize {
    let map = traditional_pairs();
    s.chars().filter(|c| !c.is_ascii() && map.contains_key(c)).count()
}

/// `s` with every traditional character folded to its simplified form: mirror sites convert
/// reports to traditional characters (規章, 第二十條), and the templates' labels are simplified.
pub fn to_simplified(s: &str) -> String {
    let map = traditional_pairs();
    s.chars().map(|c| map.get(&c).copied().unwrap_or(c)).collect()
}

#[cfg(test)]
mod traditional_tests {
    #[test]
    fn traditional_labels_fold_to_the_templates() {
        assert_eq!(super::to_simplified("規範性檔案"), "规范性档案");
        assert_eq!(super::to_simplified("第二十條第（五）項"), "第二十条第（五）项");
        assert_eq!(super::to_simplified("本年新製作數量"), "本年新制作数量");
        assert_eq!(super::traditional_count("本年新收政府信息公开申请数量"), 0);
        assert_eq!(super::traditional_count("行政許可"), 1);
    }
}
