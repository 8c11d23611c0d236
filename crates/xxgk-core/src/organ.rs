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

pub fn level(name: &str) -> Option<Level> {
    let cut = INSTITUTION_MARKERS.iter().chain(NOT_PLACES).filter_map(|m| name.find(m)).min().unwrap_or(name.len());
    let place = &name[..cut];
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
    }
}
