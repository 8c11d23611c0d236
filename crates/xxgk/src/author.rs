//! `xxgk render` and `xxgk new`: the standard report written from its values, and the skeleton
//! an author starts the year from.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use xxgk_core::{tr, Lang, TemplateId};
use xxgk_render::{Filled, Form};

/// Why `render` or `new` stopped, in the user's language.
pub type Failed = String;

/// Read a report JSON object from a file (`-`: standard input).
fn read_json(path: &Path, lang: Lang) -> Result<Value, Failed> {
    let shown = path.display().to_string();
    let mut text = String::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map_err(|e| tr!(lang, "render-cannot-read", path = shown.as_str(), why = crate::errors::os(&e, lang)))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| tr!(lang, "render-invalid-json", path = shown.as_str(), line = e.line(), column = e.column()))?;
    if v.is_array() {
        return Err(tr!(lang, "render-several", path = shown));
    }
    Ok(v)
}

fn filled(path: &Path, lang: Lang) -> Result<Filled, Failed> {
    let shown = path.display().to_string();
    Filled::from_json(&read_json(path, lang)?)
        .map_err(|e| tr!(lang, "render-in-file", path = shown, what = e.words(lang)))
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
fn emit(bytes: &[u8], binary: bool, out: Option<&Path>, lang: Lang) -> Result<(), Failed> {
    match out {
        Some(p) => std::fs::write(p, bytes).map_err(|e| {
            tr!(lang, "render-cannot-write", path = p.display().to_string(), why = crate::errors::os(&e, lang))
        }),
        None if binary && std::io::stdout().is_terminal() => Err(tr!(lang, "render-binary-to-terminal")),
        None => std::io::stdout()
            .lock()
            .write_all(bytes)
            .map_err(|e| tr!(lang, "render-cannot-output", why = crate::errors::os(&e, lang))),
    }
}

/// `xxgk render`.
pub fn render(input: &Path, form: Form, blank: &str, out: Option<&Path>, lang: Lang) -> Result<ExitCode, Failed> {
    let f = filled(input, lang)?;
    emit(&xxgk_render::render(&f, form, blank), form == Form::Docx, out, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// `xxgk new`: every value blank for the author to fill, except 二、上年结转, which is last
/// year's 四、结转下年度继续办理.
pub fn new(
    organ: Option<&str>,
    year: Option<i32>,
    from: Option<&PathBuf>,
    to: Option<Target>,
    blank: &str,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failed> {
    let last = from.map(|p| filled(p, lang)).transpose()?;
    let year = year.or(last.as_ref().map(|l| l.year + 1)).ok_or_else(|| tr!(lang, "render-needs-year"))?;
    let organ = organ.map(str::to_string).or(last.as_ref().map(|l| l.agency.clone())).filter(|o| !o.is_empty());
    let organ = organ.ok_or_else(|| tr!(lang, "render-needs-organ"))?;
    let mut f = Filled::blank(&organ, year, TemplateId::for_year(year));
    let carried = last
        .as_ref()
        .and_then(|last| xxgk_core::across::carry_forward(|t, k| last.row(t, k).map(|r| r.values.as_slice())));
    if let Some((table, key, values)) = carried {
        if let Some(row) = f.row_mut(table, key) {
            row.values = values;
        }
    }
    let bytes = match to {
        Some(Target::Form(form)) => xxgk_render::render(&f, form, blank),
        Some(Target::Workbook) => {
            xxgk_render::forms::workbook(&f).map_err(|e| tr!(lang, "render-workbook-failed", why = e.to_string()))?
        }
        None => {
            let mut v = f.to_skeleton();
            v["schema"] = Value::from(xxgk_core::report::SCHEMA_ID);
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
    };
    emit(&bytes, matches!(to, Some(Target::Form(Form::Docx) | Target::Workbook)), out, lang)?;
    Ok(ExitCode::SUCCESS)
}
