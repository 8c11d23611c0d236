//! The tree of places the workspace groups, filters and scopes by. Its branches are the national
//! divisions (GB/T 2260): provinces, their cities, their counties. An organ sits under the
//! innermost division its name writes, so a department sits with its government (淮安市财政局 in
//! 淮安市) and a township with its county. Beside them is 未识别地区: organs whose names name no
//! division one can tell (a made-up place, 朝阳区 without its city, 国家统计局). They are grouped
//! as their names write their places, so that no organ is dropped from a count.

use serde::{Serialize, Serializer};

use crate::organ::{self, Division};

/// A node of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A division of the national list, holding the divisions under it and all their organs.
    Division(Division),
    /// Places as names write them where no division fits. The empty string is 未识别地区 itself,
    /// holding every organ without a division.
    Unplaced(String),
}

/// What addresses and files call 未识别地区; the faces name it from the catalogue
/// (`place-unplaced`).
pub const UNPLACED: &str = "unplaced";

/// The division with `code` (2, 4 or 6 digits), also when written with trailing zeros the way
/// the six-digit codes are usually cited: `320800` is 淮安市, `320000` 江苏省.
fn division_of_code(code: &str) -> Option<Division> {
    let mut code = code;
    loop {
        if let Some(d) = organ::division_by_code(code) {
            return Some(d);
        }
        code = code.strip_suffix("00").filter(|c| c.len() >= 2)?;
    }
}

/// Every division by its full name (江苏省淮安市), so that a name a page printed reads back as
/// the same division even where the place suffixes inside it mislead (市中区).
fn by_full_name() -> &'static std::collections::HashMap<String, Division> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<String, Division>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        organ::all_divisions().map(|d| (Place::Division(d).full_name(), d)).collect::<std::collections::HashMap<_, _>>()
    })
}

impl Place {
    /// Where the organ called `name` sits: 淮安市洪泽区人民政府 → 洪泽区 (320813); 青禾市松岭区教育局
    /// → 未识别地区 › 青禾市松岭区.
    pub fn of(name: &str) -> Place {
        organ::place(name).map_or_else(|| Place::Unplaced(organ::region(name).to_string()), Place::Division)
    }

    /// The place a store keeps for an organ: its division's code, else the places its name writes.
    pub fn stored(code: Option<&str>, written: &str) -> Place {
        code.and_then(division_of_code).map_or_else(|| Place::Unplaced(written.to_string()), Place::Division)
    }

    /// A place as a person or an address writes it: a division's code (`3208`, `320800`), its
    /// name (淮安市, 江苏省淮安市), [`UNPLACED`] or 未识别地区, or the places a name without a
    /// division writes (青禾市). `None` for an empty string.
    pub fn parse(s: &str) -> Option<Place> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if s == UNPLACED || s == "未识别地区" {
            return Some(Place::Unplaced(String::new()));
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            // A code the list lacks holds no organ: a place no name writes in digits.
            return Some(division_of_code(s).map_or_else(|| Place::Unplaced(s.to_string()), Place::Division));
        }
        if let Some(d) = by_full_name().get(s) {
            return Some(Place::Division(*d));
        }
        Some(organ::place(s).map_or_else(|| Place::Unplaced(s.to_string()), Place::Division))
    }

    /// The string [`Place::parse`] reads back as this place: its name, or [`UNPLACED`].
    pub fn key(&self) -> String {
        self.name().unwrap_or_else(|| UNPLACED.to_string())
    }

    /// The place's name with the places above it (江苏省淮安市洪泽区); `None` for 未识别地区, which
    /// the faces name in their reader's language.
    pub fn name(&self) -> Option<String> {
        match self {
            Place::Division(_) => Some(self.full_name()),
            Place::Unplaced(s) if s.is_empty() => None,
            Place::Unplaced(s) => Some(s.clone()),
        }
    }

    fn full_name(&self) -> String {
        self.trail().iter().map(|p| if let Place::Division(d) = p { d.name } else { "" }).collect()
    }

    /// The division's code, for a division.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Place::Division(d) => Some(d.code),
            Place::Unplaced(_) => None,
        }
    }

    /// Whether `other` is this place or lies under it.
    pub fn contains(&self, other: &Place) -> bool {
        match (self, other) {
            (Place::Division(a), Place::Division(b)) => b.code.starts_with(a.code),
            (Place::Unplaced(a), Place::Unplaced(b)) => b.starts_with(a.as_str()),
            _ => false,
        }
    }

    /// This place and every place above it, from the top: 洪泽区 → 江苏省, 淮安市, 洪泽区.
    pub fn trail(&self) -> Vec<Place> {
        match self {
            Place::Division(d) => [2, 4, 6]
                .into_iter()
                .filter(|n| *n <= d.code.len())
                .filter_map(|n| organ::division_by_code(&d.code[..n]))
                .map(Place::Division)
                .collect(),
            Place::Unplaced(s) => {
                let mut ends = organ::place_ends(s);
                if ends.last() != Some(&s.len()) && !s.is_empty() {
                    ends.push(s.len());
                }
                std::iter::once(Place::Unplaced(String::new()))
                    .chain(ends.into_iter().map(|e| Place::Unplaced(s[..e].to_string())))
                    .collect()
            }
        }
    }

    /// The place right below `within` (the top of the tree for `None`) that holds `place`:
    /// `within` itself for an organ of that very place, `None` for one outside it. This is how a
    /// table of places drills down: 江苏省 → 淮安市 → 洪泽区.
    pub fn below(within: Option<&Place>, place: &Place) -> Option<Place> {
        let trail = place.trail();
        match within {
            None => trail.into_iter().next(),
            Some(w) if !w.contains(place) => None,
            Some(w) => {
                let at = trail.iter().position(|p| p == w);
                Some(at.and_then(|i| trail.get(i + 1)).unwrap_or(w).clone())
            }
        }
    }
}

/// 未识别地区: where an organ sits until its name is known.
impl Default for Place {
    fn default() -> Place {
        Place::Unplaced(String::new())
    }
}

/// A place is written into files by its key ([`Place::key`]).
impl Serialize for Place {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(ps: &[Place]) -> Vec<String> {
        ps.iter().map(Place::key).collect()
    }

    #[test]
    fn organs_sit_under_the_innermost_division_their_names_write() {
        assert_eq!(Place::of("洪泽区人民政府").code(), Some("320813"));
        assert_eq!(Place::of("淮安市洪泽区人民政府").key(), "江苏省淮安市洪泽区");
        assert_eq!(Place::of("淮安市财政局").code(), Some("3208"), "a department sits with its government");
        assert_eq!(Place::of("淮安市洪泽区高良涧街道办事处").code(), Some("320813"), "a street under its county");
        assert_eq!(Place::of("东莞市人民政府").code(), Some("4419"), "a city listed at both levels is the city");
        assert_eq!(Place::of("朝阳区人民政府"), Place::Unplaced("朝阳区".into()), "two 朝阳区");
        assert_eq!(Place::of("北京市朝阳区人民政府").code(), Some("110105"));
        assert_eq!(Place::of("国家统计局"), Place::Unplaced(String::new()));
        assert_eq!(Place::of("青禾市松岭区教育局"), Place::Unplaced("青禾市松岭区".into()));
        // Names holding a place suffix of their own (州, 镇, 乡, 市, 区 inside the name).
        assert_eq!(Place::of("苏州市人民政府").code(), Some("3205"));
        assert_eq!(Place::of("广州市天河区人民政府").code(), Some("440106"));
        assert_eq!(Place::of("贵州省人民政府").code(), Some("52"));
        assert_eq!(Place::of("镇江市京口区财政局").code(), Some("321102"));
        // Every division is placed by its own full name and by a government of it.
        for d in organ::all_divisions().filter(|d| organ::place(d.name).is_some_and(|p| p.code == d.code)) {
            let full = Place::Division(d).key();
            assert_eq!(Place::of(&format!("{full}人民政府")).code(), Some(d.code), "{full}");
        }
    }

    #[test]
    fn a_place_reads_back_from_what_a_person_or_a_page_writes() {
        let huaian = Place::of("淮安市人民政府");
        for s in ["淮安市", "江苏省淮安市", "3208", "320800", " 淮安市 "] {
            assert_eq!(Place::parse(s), Some(huaian.clone()), "{s}");
        }
        assert_eq!(Place::parse("32").and_then(|p| p.name()), Some("江苏省".into()));
        assert_eq!(Place::parse("未识别地区"), Some(Place::Unplaced(String::new())));
        assert_eq!(Place::parse(UNPLACED), Some(Place::Unplaced(String::new())));
        assert_eq!(Place::parse("青禾市"), Some(Place::Unplaced("青禾市".into())));
        assert_eq!(Place::parse("999999"), Some(Place::Unplaced("999999".into())), "no such code");
        assert_eq!(Place::parse(" "), None);
        // Every division's printed name reads back as itself, suffixes inside names or not.
        for d in organ::all_divisions() {
            let p = Place::Division(d);
            assert_eq!(Place::parse(&p.key()).and_then(|q| q.code()), Some(d.code), "{}", p.key());
        }
    }

    #[test]
    fn the_tree_drills_down_division_by_division_and_keeps_the_unplaced() {
        let hongze = Place::of("洪泽区人民政府");
        assert_eq!(names(&hongze.trail()), ["江苏省", "江苏省淮安市", "江苏省淮安市洪泽区"]);
        let top = Place::below(None, &hongze).unwrap();
        assert_eq!(top.key(), "江苏省");
        let city = Place::below(Some(&top), &hongze).unwrap();
        assert_eq!(city.key(), "江苏省淮安市");
        assert_eq!(Place::below(Some(&city), &hongze), Some(hongze.clone()));
        assert_eq!(Place::below(Some(&hongze), &hongze), Some(hongze.clone()), "its own organs");
        assert_eq!(Place::below(Some(&hongze), &city), None, "the city is not under its county");
        // A municipality's districts sit right under it.
        let chaoyang = Place::of("北京市朝阳区人民政府");
        assert_eq!(Place::below(Place::parse("北京市").as_ref(), &chaoyang), Some(chaoyang.clone()));
        // The unplaced: under 未识别地区, as their names write their places.
        let made_up = Place::of("青禾市松岭区教育局");
        let root = Place::below(None, &made_up).unwrap();
        assert_eq!(root.name(), None);
        assert_eq!(Place::below(Some(&root), &made_up), Some(Place::Unplaced("青禾市".into())));
        assert_eq!(Place::below(Some(&root), &Place::of("国家统计局")), Some(root.clone()));
        assert_eq!(Place::below(Some(&root), &hongze), None);
        assert!(!city.contains(&made_up) && !root.contains(&hongze));
    }
}
