//! Decode text of unknown encoding: UTF-8 (with or without BOM), UTF-16, GBK/GB18030.
//!
//! The encoding is detected, never assumed: a BOM decides; otherwise NUL-byte patterns reveal
//! UTF-16; valid UTF-8 is UTF-8; bytes that decode cleanly as GB18030 (the superset of GB2312 and
//! GBK: real documents use characters GB2312 lacks, such as 镕) are GB18030; anything else goes to
//! `chardetng` with the `.cn` hint.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and the name of the encoding it was read in.
pub struct Decoded {
    /// The text in UTF-8, without the BOM.
    pub text: String,
    /// The encoding's name as `encoding_rs` spells it: `UTF-8`, `UTF-16LE`, `gb18030`…
    pub encoding: &'static str,
    /// Bytes before the text proper (a BOM), so that byte offsets can be reported.
    pub bom_len: usize,
}

/// Why bytes are not text.
#[derive(Debug, PartialEq)]
pub enum NotText {
    /// NUL bytes or control characters: a binary file.
    Binary {
        /// Where the first NUL or control character is: a byte offset in the file, or in the
        /// decoded text.
        offset: usize,
    },
    /// Too many bytes that decode to nothing in any plausible encoding.
    Undecodable {
        /// The encoding that came closest (or that the BOM named).
        encoding: &'static str,
    },
}

fn utf16_guess(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // ASCII-heavy UTF-16 has NULs in one half; CJK-heavy UTF-16 has none but never valid UTF-8 –
    // that case falls through to chardetng, which recognises neither; so only the NUL signal.
    if odd_nul * 3 > pairs && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 3 > pairs && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decode `bytes` as text, or say why they are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _, malformed) = enc.decode(bytes);
        if malformed && enc != UTF_8 {
            return Err(NotText::Undecodable { encoding: enc.name() });
        }
        return finish(text.into_owned(), enc.name(), bom_len);
    }
    if let Some(enc) = utf16_guess(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(bytes);
        if !malformed {
            return finish(text.into_owned(), enc.name(), 0);
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(NotText::Binary { offset });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish(s.to_string(), "UTF-8", 0);
    }
    // Mainland reports that are not UTF-8 are GBK/GB18030: a clean decode settles it cheaply.
    let (text, malformed) = GB18030.decode_without_bom_handling(bytes);
    if !malformed && text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return finish(text.into_owned(), GB18030.name(), 0);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A prefix is plenty to tell Chinese encodings apart, and keeps detection cheap on big files.
    det.feed(&bytes[..bytes.len().min(16 * 1024)], true);
    let mut enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc.name() == "GBK" || enc.name() == "gb2312" {
        enc = GB18030;
    }
    let (text, malformed) = enc.decode_without_bom_handling(bytes);
    if malformed {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 50 > text.chars().count().max(1) {
            return Err(NotText::Undecodable { encoding: enc.name() });
        }
    }
    finish(text.into_owned(), enc.name(), 0)
}

/// Reject decoded text that is mostly control characters (a binary file that happened to
/// decode). Scans bytes: C0 controls are single bytes, C1 controls are `C2 80`–`C2 9F`.
fn finish(text: String, encoding: &'static str, bom_len: usize) -> Result<Decoded, NotText> {
    let b = text.as_bytes();
    let sample = &b[..b.len().min(256 * 1024)];
    let mut control = 0usize;
    let mut first_control = None;
    for (i, &x) in sample.iter().enumerate() {
        let is_control = (x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t' | 0x0c))
            || x == 0x7f
            || (x == 0xc2 && sample.get(i + 1).is_some_and(|y| (0x80..=0x9f).contains(y)));
        if is_control {
            control += 1;
            first_control.get_or_insert(i);
        }
    }
    // Characters, roughly: CJK text is three bytes a character.
    let chars = sample.iter().filter(|&&x| (x & 0xC0) != 0x80).count();
    if control * 20 > chars.max(1) {
        return Err(NotText::Binary { offset: first_control.unwrap_or(0) });
    }
    Ok(Decoded { text, encoding, bom_len })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "二、主动公开政府信息情况\n规章\t0\t0\t0\n朱镕基";

    #[test]
    fn detects_every_supported_encoding() {
        let utf8 = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((utf8.text.as_str(), utf8.encoding), (SAMPLE, "UTF-8"));

        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.bom_len), (SAMPLE, 3));

        let (gbk, _, _) = GB18030.encode(SAMPLE);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "gb18030");

        let mut le = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, SAMPLE);

        let ascii_le: Vec<u8> = "table 0 0 0\n".repeat(20).encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&ascii_le).unwrap().encoding, "UTF-16LE");
    }

    #[test]
    fn binary_is_not_text() {
        assert!(matches!(decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3]), Err(NotText::Binary { .. })));
        let controls: Vec<u8> = (1u8..9).cycle().take(400).collect();
        assert!(decode(&controls).is_err());
    }
}
