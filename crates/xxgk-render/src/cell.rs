//! Text made safe for the one cell of a spreadsheet it goes into — every table that leaves the
//! store as CSV or Excel passes here, so that an agency's name cannot run as a formula in the
//! reviewer's Excel, nor an overlong one fail the whole workbook.

use std::borrow::Cow;

use xxgk_core::{tr, Lang};

/// The most characters Excel keeps in one cell.
pub const EXCEL_MAX_CHARS: usize = 32_767;

/// `text` for a CSV cell: one that a spreadsheet would take for a formula — starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return — is prefixed with `'`, as OWASP advises against
/// CSV injection. A number (`-5`, `+3.0`) stays a number.
pub fn for_csv(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` for an Excel cell: past [`EXCEL_MAX_CHARS`] it is cut, and says so at its end in
/// `lang`, rather than failing the workbook it is in.
pub fn for_excel(text: &str, lang: Lang) -> Cow<'_, str> {
    if text.len() <= EXCEL_MAX_CHARS || text.encode_utf16().count() <= EXCEL_MAX_CHARS {
        return Cow::Borrowed(text);
    }
    let mark = tr!(lang, "cell-cut", max = EXCEL_MAX_CHARS);
    // Excel counts UTF-16 units; a character outside the BMP counts twice.
    let room = EXCEL_MAX_CHARS - mark.encode_utf16().count();
    let mut used = 0;
    let kept: String = text
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= room
        })
        .collect();
    Cow::Owned(kept + &mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(for_csv("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
        for bad in ["+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(for_csv(bad), format!("'{bad}"));
        }
        assert_eq!(for_csv("-5"), "-5");
        assert_eq!(for_csv("+3.0"), "+3.0");
        assert_eq!(for_csv("青禾市审计局"), "青禾市审计局");
    }

    #[test]
    fn an_overlong_cell_is_cut_and_says_so() {
        let long = "局".repeat(40_000);
        let cut = for_excel(&long, Lang::Zh);
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_CHARS);
        assert!(cut.starts_with("局局局") && cut.ends_with("已截断）"), "{}", &cut[cut.len() - 80..]);
        assert_eq!(for_excel("青禾市审计局", Lang::Zh), "青禾市审计局");
        // Characters outside the BMP count twice, as Excel counts them.
        let wide = "𠀀".repeat(20_000);
        assert!(for_excel(&wide, Lang::En).encode_utf16().count() <= EXCEL_MAX_CHARS);
    }
}
