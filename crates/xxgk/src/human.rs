//! Findings for people: rustc-style messages with the source line they point at.

use annotate_snippets::{Level, Renderer, Snippet};
use xxgk_core::{Document, Lang, Report, Severity, Span, TableId};

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    }
}

/// One line about a parsed report.
pub fn summary(r: &Report, lang: Lang) -> String {
    let complete: Vec<String> = TableId::ALL
        .iter()
        .map(|&t| {
            let mark = match r.table(t) {
                Some(d) if d.complete => "✓",
                Some(_) => "…",
                None => "✗",
            };
            format!("{}{}", t.key(), mark)
        })
        .collect();
    let errors = r.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = r.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let agency = r.agency.clone().unwrap_or_else(|| crate::unknown(lang));
    let year = r.year.map_or(crate::unknown(lang), |y| xxgk_core::tr!(lang, "cli-summary-year", year = y));
    let summary = xxgk_core::tr!(
        lang,
        "cli-summary",
        template = r.template.to_string(),
        tables = complete.join(" "),
        errors = errors,
        warnings = warnings
    );
    format!("{}: {agency} {year}{summary}", r.source.path)
}

/// The source line of a text span, with the span's range inside it.
fn source_line<'a>(doc: &'a Document, span: &Span) -> Option<(&'a str, usize, std::ops::Range<usize>)> {
    let Span::Text { line, byte, .. } = span else { return None };
    let text = doc.text.as_deref()?;
    let (start, end) = (byte[0].checked_sub(doc.text_base)?, byte[1].checked_sub(doc.text_base)?);
    if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let src = text[line_start..line_end].trim_end_matches('\r');
    let range = (start - line_start)..(end - line_start).min(src.len());
    Some((src, *line as usize, range))
}

/// A rendered finding with its severity in the user's language (`错误[T4-SUM]`, `= 提示：`): the
/// renderer writes rustc's English words, which stay as they are in English.
fn in_words(rendered: String, severity: Severity, lang: Lang) -> String {
    let (said, key) = match severity {
        Severity::Error => ("error", "error"),
        Severity::Warning => ("warning", "warning"),
        Severity::Info => ("note", "info"),
    };
    let word = |key: &str| xxgk_core::i18n::text(lang, &format!("web-severity-{key}"));
    rendered.replacen(said, &word(key), 1).replace("= note:", &format!("= {}:", word("info")))
}

/// A cell as a person reads it: as the template names it (`表三·（七）总计·自然人`), else its key.
fn cell_label(cell: &str, lang: Lang) -> String {
    xxgk_core::report::cell_name(cell, lang).unwrap_or_else(|| cell.to_string())
}

/// The places in the source text a finding points at: each cell it names that was read from a
/// line of the text, with a caret under the value and the cell's name; else the finding's own
/// span, labelled with its first cell. Grouped by line, in order.
/// A tab is shown as one space: the caret's column is the byte's, which a tab's width would
/// move.
fn marks(r: &Report, doc: &Document, d: &xxgk_core::Diagnostic, lang: Lang) -> Vec<(String, usize, Vec<Mark>)> {
    let mut at: Vec<(&str, usize, std::ops::Range<usize>, String)> = d
        .cells
        .iter()
        .filter_map(|c| {
            let span = r.cell_at(c)?.span.as_ref()?;
            let (src, line, range) = source_line(doc, span)?;
            Some((src, line, range, cell_label(c, lang)))
        })
        .collect();
    if at.is_empty() {
        if let Some((src, line, range)) = d.span.as_ref().and_then(|s| source_line(doc, s)) {
            let label = d.cells.first().map(|c| cell_label(c, lang)).unwrap_or_default();
            at.push((src, line, range, label));
        }
    }
    at.sort_by_key(|(_, line, range, _)| (*line, range.start));
    let mut out: Vec<(String, usize, Vec<Mark>)> = Vec::new();
    for (src, line, range, label) in at {
        match out.last_mut() {
            Some((_, l, ranges)) if *l == line => ranges.push((range, label)),
            _ => out.push((src.replace('\t', " "), line, vec![(range, label)])),
        }
    }
    out
}

/// A caret's place in its line and the name it is labelled with.
type Mark = (std::ops::Range<usize>, String);

/// Every finding of a report, rendered with its source snippet where there is one: the caret
/// under each value it names, labelled as the template names the cell; for a PDF or a
/// document's tables, the page or the table's place and the cells by name.
pub fn findings(r: &Report, doc: &Document, lang: Lang, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for d in &r.diagnostics {
        let msg = d.message(lang);
        let lvl = level(d.severity);
        let lines = marks(r, doc, d, lang);
        let text = if lines.is_empty() {
            let names: Vec<String> = d.cells.iter().map(|c| cell_label(c, lang)).collect();
            let place = d.span.as_ref().map(|s| format!(" {}", s.describe(lang))).unwrap_or_default();
            let origin = format!("{}{place}", r.source.path);
            let origin = if names.is_empty() {
                origin
            } else {
                let sep = xxgk_core::i18n::text(lang, "finding-list-separator");
                xxgk_core::tr!(lang, "finding-place", place = origin, cells = names.join(&sep))
            };
            let rendered = renderer.render(lvl.title(&msg).id(d.code).footer(Level::Note.title(&origin))).to_string();
            rendered
        } else {
            let mut m = lvl.title(&msg).id(d.code);
            for (src, line, ranges) in &lines {
                let mut snippet = Snippet::source(src).line_start(*line).origin(&r.source.path);
                for (range, label) in ranges {
                    snippet = snippet.annotation(lvl.span(range.clone()).label(label));
                }
                m = m.snippet(snippet);
            }
            renderer.render(m).to_string()
        };
        out.push_str(&in_words(text, d.severity, lang));
        out.push_str("\n\n");
    }
    out
}
