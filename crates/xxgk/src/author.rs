//! `xxgk render` and `xxgk new`: the standard report written from its values, and the skeleton
//! an author starts the year from.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use xxgk_core::{Lang, TemplateId};
use xxgk_render::{FillError, Filled, Form};

/// Read a report JSON object from a file (`-`: standard input).
fn read_json(path: &Path) -> Result<Value, FillError> {
    let shown = path.display();
    let mut text = String::new();
    let read = if path == Path::new("-") { std::io::stdin().read_to_string(&mut text).map(|_| ()) } else { std::fs::read_to_string(path).map(|t| text = t) };
    read.map_err(|e| FillError::new(format!("{shown}：无法读取（{}）", crate::errors::os(&e, Lang::Zh)), format!("{shown}: cannot read ({})", crate::errors::os(&e, Lang::En))))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        FillError::new(format!("{shown}：不是有效的 JSON（第{}行第{}列）", e.line(), e.column()), format!("{shown}: invalid JSON at line {}, column {}", e.line(), e.column()))
    })?;
    if v.is_array() {
        return Err(FillError::new(format!("{shown}：包含多份报告，请一次生成一份"), format!("{shown}: holds several reports; render one at a time")));
    }
    Ok(v)
}

fn filled(path: &Path) -> Result<Filled, FillError> {
    let shown = path.display();
    Filled::from_json(&read_json(path)?).map_err(|e| FillError::new(format!("{shown}：{}", e.zh), format!("{shown}: {}", e.en)))
}

/// What `new` writes besides JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// The document in one of `render`'s forms.
    Form(Form),
    /// An Excel workbook to fill in.
    Workbook,
}

/// Write `bytes` to `out`, or to standard output unless that is a terminal and they are binary.
fn emit(bytes: &[u8], binary: bool, out: Option<&Path>) -> Result<(), FillError> {
    match out {
        Some(p) => std::fs::write(p, bytes).map_err(|e| {
            FillError::new(format!("{}：无法写入（{}）", p.display(), crate::errors::os(&e, Lang::Zh)), format!("{}: cannot write ({})", p.display(), crate::errors::os(&e, Lang::En)))
        }),
        None if binary && std::io::stdout().is_terminal() => {
            Err(FillError::new("这是二进制文件（DOCX、XLSX），请用 -o 指定输出文件", "DOCX and XLSX are binary: name an output file with -o"))
        }
        None => std::io::stdout()
            .lock()
            .write_all(bytes)
            .map_err(|e| FillError::new(format!("无法输出（{}）", crate::errors::os(&e, Lang::Zh)), format!("cannot write output ({})", crate::errors::os(&e, Lang::En)))),
    }
}

/// `xxgk render`.
pub fn render(input: &Path, form: Form, blank: &str, out: Option<&Path>) -> Result<ExitCode, FillError> {
    let f = filled(input)?;
    emit(&xxgk_render::render(&f, form, blank), form == Form::Docx, out)?;
    Ok(ExitCode::SUCCESS)
}

/// `xxgk new`: every value blank for the author to fill, except 二、上年结转, which is last
/// year's 四、结转下年度继续办理.
pub fn new(organ: Option<&str>, year: Option<i32>, from: Option<&PathBuf>, to: Option<Target>, blank: &str, out: Option<&Path>) -> Result<ExitCode, FillError> {
    let last = from.map(|p| filled(p)).transpose()?;
    let year = year.or(last.as_ref().map(|l| l.year + 1)).ok_or_else(|| FillError::new("请用 --year 指定报告年度", "name the report year with --year"))?;
    let organ = organ.map(str::to_string).or(last.as_ref().map(|l| l.agency.clone())).filter(|o| !o.is_empty());
    let organ = organ.ok_or_else(|| FillError::new("请用 --organ 指定机关名称", "name the organ with --organ"))?;
    let mut f = Filled::blank(&organ, year, TemplateId::for_year(year));
    let carried = last.as_ref().and_then(|last| xxgk_core::across::carry_forward(|t, k| last.row(t, k).map(|r| r.values.as_slice())));
    if let Some((table, key, values)) = carried {
        if let Some(row) = f.row_mut(table, key) {
            row.values = values;
        }
    }
    let bytes = match to {
        Some(Target::Form(form)) => xxgk_render::render(&f, form, blank),
        Some(Target::Workbook) => xxgk_render::forms::workbook(&f)
            .map_err(|e| FillError::new(format!("无法生成工作簿（{e}）"), format!("cannot make the workbook ({e})")))?,
        None => {
            let mut v = f.to_skeleton();
            v["schema"] = Value::from(xxgk_core::report::SCHEMA_ID);
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
    };
    emit(&bytes, matches!(to, Some(Target::Form(Form::Docx) | Target::Workbook)), out)?;
    Ok(ExitCode::SUCCESS)
}
