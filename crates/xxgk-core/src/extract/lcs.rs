//! Longest common subsequence of a label key within a stretch of document text.
//!
//! A label wrapped over lines, split around its values, garbled by a PDF font ("2.其他法律行政止公开")
//! or surrounded by group labels still keeps most of its characters in order; the LCS length
//! measures exactly that. Labels are short (≤ 64 Han characters), so the bit-parallel algorithm
//! of Allison–Dix / Hyyrö computes it in one machine word per text character.

/// The characters of a table's labels. Texts are encoded into it once, so that each of the
/// many label comparisons looks a character up by index rather than by search.
#[derive(Debug, Clone)]
pub struct Alphabet {
    chars: Vec<char>,
}

/// The code of a character outside the alphabet: it matches nothing.
const ABSENT: u16 = u16::MAX;

impl Alphabet {
    pub fn new<'a>(labels: impl IntoIterator<Item = &'a str>) -> Alphabet {
        let mut chars: Vec<char> = labels.into_iter().flat_map(str::chars).collect();
        chars.sort_unstable();
        chars.dedup();
        chars.truncate(usize::from(ABSENT));
        Alphabet { chars }
    }

    pub fn encode(&self, text: &[char]) -> Vec<u16> {
        text.iter().map(|c| self.chars.binary_search(c).map_or(ABSENT, |i| i as u16)).collect()
    }
}

/// A label prepared for repeated LCS queries.
#[derive(Debug, Clone)]
pub struct Pattern {
    codes: Vec<u16>,
    /// Bit mask of each alphabet character's positions in the label (labels of ≤ 64 characters).
    masks: Vec<u64>,
}

impl Pattern {
    /// `label_key` must be made of `alphabet`'s characters.
    pub fn new(label_key: &str, alphabet: &Alphabet) -> Pattern {
        let codes = alphabet.encode(&label_key.chars().collect::<Vec<_>>());
        let mut masks = Vec::new();
        if codes.len() <= 64 {
            masks = vec![0u64; alphabet.chars.len()];
            for (i, &c) in codes.iter().enumerate() {
                if let Some(m) = masks.get_mut(usize::from(c)) {
                    *m |= 1u64 << i;
                }
            }
        }
        Pattern { codes, masks }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// LCS length of the label and `text` (encoded in the label's alphabet).
    pub fn lcs(&self, text: &[u16]) -> usize {
        let m = self.codes.len();
        if m == 0 || text.is_empty() {
            return 0;
        }
        if m > 64 {
            return lcs_dp(&self.codes, text);
        }
        let full: u64 = if m == 64 { !0 } else { (1u64 << m) - 1 };
        let mut v: u64 = full;
        for &c in text {
            if let Some(&mask) = self.masks.get(usize::from(c)) {
                let u = v & mask;
                v = (v.wrapping_add(u) | (v & !mask)) & full;
            }
        }
        m - v.count_ones() as usize
    }
}

/// Plain dynamic-programming LCS, for long labels and as the reference in tests.
fn lcs_dp(a: &[u16], b: &[u16]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y && x != ABSENT { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The LCS of `label` and `text`, with the label's own alphabet.
    fn lcs(label: &str, text: &str) -> usize {
        let alphabet = Alphabet::new([label]);
        Pattern::new(label, &alphabet).lcs(&alphabet.encode(&text.chars().collect::<Vec<_>>()))
    }

    #[test]
    fn garbled_and_split_labels_keep_their_characters() {
        assert_eq!(lcs("其他法律行政法规禁止公开", "其他法律行政止公开"), 9);
        let long = "部分公开区分处理的只计这一情形不计其他情形";
        assert_eq!(lcs(long, "部分公开区分处理的只计这一情形不计其他情形属于国家秘密"), long.chars().count());
        assert_eq!(lcs("总计", "本年新收"), 0);
        // Labels longer than a machine word take the plain algorithm.
        let label = "甲乙".repeat(40);
        assert_eq!(lcs(&label, &format!("丙{}丁", "乙甲".repeat(40))), 79);
    }

    proptest! {
        #[test]
        fn bit_parallel_equals_dynamic_programming(a in "[甲乙丙丁戊己]{0,40}", b in "[甲乙丙丁戊己庚]{0,60}") {
            let alphabet = Alphabet::new([a.as_str()]);
            let (ca, cb) = (alphabet.encode(&a.chars().collect::<Vec<_>>()), alphabet.encode(&b.chars().collect::<Vec<_>>()));
            prop_assert_eq!(Pattern::new(&a, &alphabet).lcs(&cb), lcs_dp(&ca, &cb));
        }
    }
}
