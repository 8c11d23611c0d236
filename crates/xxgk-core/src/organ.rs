//! What an organ's name tells about its administrative level.

/// Administrative level of an organ, as far as its name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Township,
    County,
    /// A city: prefecture-level or county-level (the name alone cannot tell).
    City,
    Province,
}

/// Words that end the place-name part of an organ's name.
const INSTITUTION_MARKERS: &[&str] =
    &["人民政府", "人民代表大会", "委员会", "办公室", "办公厅", "管理局", "局", "厅", "委", "办", "中心", "部", "署", "院"];

/// The level of the innermost administrative unit named before the institution: 淮安市洪泽区人民政府
/// → county, 泉州市人力资源和社会保障局 → city.
/// Words of institution names that hold a level character (市场监督管理局, 住房和城乡建设局).
const NOT_PLACES: &[&str] = &["市场", "城市", "城乡", "市政", "乡村", "区域", "县域", "社区"];

/// The part of a name before its institution: 淮安市洪泽区人民政府 → 淮安市洪泽区, 松岭县卫生健康委员会
/// → 松岭县卫生健康.
fn before_institution(name: &str) -> &str {
    let cut = INSTITUTION_MARKERS.iter().chain(NOT_PLACES).filter_map(|m| name.find(m)).min().unwrap_or(name.len());
    &name[..cut]
}

/// Byte offsets just after each place name in `place` (市, 区, 街道 …), in order.
pub fn place_ends(place: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    for (i, c) in place.char_indices() {
        let end = i + c.len_utf8();
        if matches!(c, '省' | '市' | '州' | '盟' | '区' | '县' | '旗' | '乡' | '镇') || place[..end].ends_with("街道") {
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
    let mut k: String = crate::normalize::compact(name).chars().filter(|c| !matches!(c, '(' | ')' | '"' | '\'')).collect();
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
    !region(short).is_empty() && !prefix.is_empty() && ["省", "市", "州", "盟", "区", "县", "旗"].iter().any(|p| prefix.ends_with(p))
}

/// An organ key without the places above the innermost one (淮安市洪泽区人民政府 → 洪泽区人民政府):
/// names that differ only in how many places they write share it.
pub fn core_key(key: &str) -> &str {
    let ends = place_ends(before_institution(key));
    let start = if ends.len() >= 2 { ends[ends.len() - 2] } else { 0 };
    &key[start..]
}

pub fn level(name: &str) -> Option<Level> {
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
