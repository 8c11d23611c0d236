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

/// Every finding of a report, rendered with its source snippet where there is one.
pub fn findings(r: &Report, doc: &Document, lang: Lang, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for d in &r.diagnostics {
        let msg = d.message(lang);
        let lvl = level(d.severity);
        let located = d.span.as_ref().and_then(|s| source_line(doc, s).map(|l| (s, l)));
        let text = match located {
            Some((_, (src, line, range))) => {
                let label = d.cells.first().map(String::as_str).unwrap_or("");
                let m = lvl.title(&msg).id(d.code).snippet(
                    Snippet::source(src)
                        .line_start(line)
                        .origin(&r.source.path)
                        .annotation(lvl.span(range).label(label)),
                );
                renderer.render(m).to_string()
            }
            None => {
                let place = d.span.as_ref().map(|s| format!(" ({})", s.short())).unwrap_or_default();
                let origin = format!("{}{}", r.source.path, place);
                let m = lvl.title(&msg).id(d.code).footer(Level::Note.title(&origin));
                let rendered = renderer.render(m).to_string();
                rendered
            }
        };
        out.push_str(&text);
        out.push_str("\n\n");
    }
    out
}
