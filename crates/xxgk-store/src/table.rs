//! Rows of a result (`stats`, `query`, a list) as a person takes them away: aligned text for a
//! terminal, CSV, TSV, JSON lines or an Excel workbook — one writer for the command line and
//! the web, so that a file downloaded from one opens as the file written by the other.

use std::io::Write;

use serde_json::{Map, Value};

/// A cell as a CSV or TSV file holds it (blank for null, a formula neutralised).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => xxgk_render::cell::for_csv(s).into_owned(),
        other => plain(other),
    }
}

/// A cell as text, as it is: for a terminal's aligned columns.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rows as aligned columns (CJK characters counted double), for a terminal.
pub fn aligned(out: &mut dyn Write, header: &[String], rows: &[Vec<Value>]) -> std::io::Result<()> {
    let width = xxgk_core::normalize::display_width;
    let cells: Vec<Vec<String>> =
        std::iter::once(header.to_vec()).chain(rows.iter().map(|r| r.iter().map(plain).collect())).collect();
    let widths: Vec<usize> = (0..header.len()).map(|i| cells.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
    for r in &cells {
        let line: Vec<String> =
            r.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c)))).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

/// The rows in `format` — `csv`, `tsv`, `jsonl`, `xlsx` (a workbook of one sheet named `sheet`),
/// anything else as [`aligned`] text. A CSV meant for a `file` starts with the byte-order mark
/// Excel needs to read Chinese; one read by a program through a pipe does not.
pub fn write(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<Value>],
    format: &str,
    file: bool,
    sheet: &str,
    lang: xxgk_core::Lang,
) -> std::io::Result<()> {
    match format {
        "jsonl" => {
            for r in rows {
                let o: Map<String, Value> = header.iter().cloned().zip(r.iter().cloned()).collect();
                writeln!(out, "{}", Value::Object(o))?;
            }
        }
        "csv" | "tsv" => {
            if format == "csv" && file {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut w =
                csv::WriterBuilder::new().delimiter(if format == "csv" { b',' } else { b'\t' }).from_writer(out);
            w.write_record(header).map_err(crate::export::csv_io)?;
            for r in rows {
                w.write_record(r.iter().map(text)).map_err(crate::export::csv_io)?;
            }
            w.flush()?;
        }
        "xlsx" => out.write_all(&crate::workbook::table(sheet, header, rows, lang).map_err(std::io::Error::other)?)?,
        _ => aligned(out, header, rows)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(format: &str, file: bool) -> Vec<u8> {
        let header = vec!["机关".to_string(), "n".to_string()];
        let rows = vec![vec![Value::from("青禾市审计局"), Value::from(3)], vec![Value::from("a,b"), Value::Null]];
        let mut out = Vec::new();
        write(&mut out, &header, &rows, format, file, "统计", xxgk_core::Lang::Zh).unwrap();
        out
    }

    #[test]
    fn each_format_writes_the_same_rows() {
        assert_eq!(String::from_utf8(written("csv", true)).unwrap(), "\u{feff}机关,n\n青禾市审计局,3\n\"a,b\",\n");
        assert_eq!(String::from_utf8(written("csv", false)).unwrap(), "机关,n\n青禾市审计局,3\n\"a,b\",\n");
        assert_eq!(String::from_utf8(written("tsv", true)).unwrap(), "机关\tn\n青禾市审计局\t3\na,b\t\n");
        assert_eq!(
            String::from_utf8(written("jsonl", true)).unwrap(),
            "{\"机关\":\"青禾市审计局\",\"n\":3}\n{\"机关\":\"a,b\",\"n\":null}\n"
        );
        assert_eq!(String::from_utf8(written("table", false)).unwrap(), "机关          n\n青禾市审计局  3\na,b\n");
        assert_eq!(&written("xlsx", true)[..2], b"PK", "a workbook is a zip");
    }

    #[test]
    fn a_cell_that_starts_like_a_formula_is_written_inert() {
        let rows = vec![vec![Value::from("=1+2"), Value::from("-3")]];
        let mut out = Vec::new();
        write(&mut out, &["a".into(), "b".into()], &rows, "csv", false, "s", xxgk_core::Lang::Zh).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a,b\n'=1+2,-3\n");
        let long = vec![vec![Value::from("局".repeat(40_000))]];
        let mut out = Vec::new();
        write(&mut out, &["a".into()], &long, "xlsx", true, "s", xxgk_core::Lang::Zh).unwrap();
        assert_eq!(&out[..2], b"PK", "an overlong cell is cut, the workbook written");
    }
}
