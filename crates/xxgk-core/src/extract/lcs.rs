//! Longest common subsequence of a label key within a stretch of document text.
//!
//! A label wrapped over lines, split around its values, garbled by a PDF font ("2.其他法律行政止公开")
//! or surrounded by group labels still keeps most of its characters in order; the LCS length
//! measures exactly that. Labels are short (≤ 64 Han characters), so the bit-parallel algorithm
//! of Allison–Dix / Hyyrö computes it in one machine word per text character.

/// A label prepared for repeated LCS queries.
#[derive(Debug, Clone)]
pub struct Pattern {
    chars: Vec<char>,
    /// (character, bit mask of its positions in the label), sorted by character.
    masks: Vec<(char, u64)>,
}

impl Pattern {
    pub fn new(label_key: &str) -> Pattern {
        let chars: Vec<char> = label_key.chars().collect();
        let mut masks: Vec<(char, u64)> = Vec::new();
        if chars.len() <= 64 {
            for (i, &c) in chars.iter().enumerate() {
                match masks.iter_mut().find(|(m, _)| *m == c) {
                    Some((_, bits)) => *bits |= 1u64 << i,
                    None => masks.push((c, 1u64 << i)),
                }
            }
            masks.sort_unstable_by_key(|(c, _)| *c);
        }
        Pattern { chars, masks }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// LCS length of the label and `text`.
    pub fn lcs(&self, text: &[char]) -> usize {
        let m = self.chars.len();
        if m == 0 || text.is_empty() {
            return 0;
        }
        if m > 64 {
            return lcs_dp(&self.chars, text);
        }
        let full: u64 = if m == 64 { !0 } else { (1u64 << m) - 1 };
        let mut v: u64 = full;
        for c in text {
            if let Ok(i) = self.masks.binary_search_by_key(c, |(k, _)| *k) {
                let u = v & self.masks[i].1;
                v = (v.wrapping_add(u) | (v & !self.masks[i].1)) & full;
            }
        }
        m - v.count_ones() as usize
    }
}

/// Plain dynamic-programming LCS, for long labels and as the reference in tests.
fn lcs_dp(a: &[char], b: &[char]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn garbled_and_split_labels_keep_their_characters() {
        let p = Pattern::new("其他法律行政法规禁止公开");
        assert_eq!(p.lcs(&chars("其他法律行政止公开")), 9);
        let p = Pattern::new("部分公开区分处理的只计这一情形不计其他情形");
        assert_eq!(p.lcs(&chars("部分公开区分处理的只计这一情形不计其他情形属于国家秘密")), p.len());
        assert_eq!(Pattern::new("总计").lcs(&chars("本年新收")), 0);
    }

    proptest! {
        #[test]
        fn bit_parallel_equals_dynamic_programming(a in "[甲乙丙丁戊己]{0,40}", b in "[甲乙丙丁戊己庚]{0,60}") {
            let (a, b) = (chars(&a), chars(&b));
            let p = Pattern::new(&a.iter().collect::<String>());
            prop_assert_eq!(p.lcs(&b), lcs_dp(&a, &b));
        }
    }
}
