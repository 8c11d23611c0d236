//! HTML that a page carries inside its scripts, as JavaScript string literals.
//!
//! Some CMS pages ship the article as `let content = "<p …><table border=\"1\">…";` and fill the
//! page with it when it runs. The reader never runs a script: it takes the string literals that
//! hold markup, undoes their escapes, and reads them as the HTML they are.

/// The markup strings of every `<script>` in `page`, unescaped, in order: the literals holding
/// a table or a paragraph. Literals joined with `+` come out one after the other.
pub fn html_strings(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = page.to_ascii_lowercase();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|i| i + from) {
        let Some(body) = lower[open..].find('>').map(|i| open + i + 1) else { break };
        let end = lower[body..].find("</script").map_or(page.len(), |i| body + i);
        for lit in literals(&page[body..end]) {
            let l = lit.to_ascii_lowercase();
            if l.contains("<table") || l.contains("<td") || l.contains("<p") {
                out.push(lit);
            }
        }
        from = end;
    }
    out
}

/// The string literals of a script, unescaped (comments and regular expressions are rare in
/// such scripts and at worst yield a literal that holds no markup).
fn literals(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if !matches!(c, '"' | '\'' | '`') {
            continue;
        }
        let quote = c;
        let mut s = String::new();
        let mut closed = false;
        while let Some(d) = chars.next() {
            match d {
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('r') => s.push('\r'),
                    Some('t') => s.push('\t'),
                    Some('u') => {
                        let hex: String = if chars.peek() == Some(&'{') {
                            chars.next();
                            chars.by_ref().take_while(|&h| h != '}').collect()
                        } else {
                            chars.by_ref().take(4).collect()
                        };
                        if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            s.push(ch);
                        }
                    }
                    Some('x') => {
                        let hex: String = chars.by_ref().take(2).collect();
                        if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            s.push(ch);
                        }
                    }
                    // A line continuation.
                    Some('\n') => {}
                    Some(other) => s.push(other),
                    None => break,
                },
                d if d == quote => {
                    closed = true;
                    break;
                }
                // A plain string cannot span lines: this was no string.
                '\n' if quote != '`' => break,
                d => s.push(d),
            }
        }
        if closed {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_script_strings() {
        let page = r#"<html><script>var x = 1; let content = "<p class=\"a\">规章<\/p>\n<table border=\"1\"><tr><td>\u884c\u653f\u8bb8\u53ef</td><td>5</td></tr></table>";
            document.getElementById('c').innerHTML = content;</script><script src="a.js"></script></html>"#;
        let found = html_strings(page);
        assert_eq!(
            found,
            ["<p class=\"a\">规章</p>\n<table border=\"1\"><tr><td>行政许可</td><td>5</td></tr></table>"]
        );
        assert!(html_strings("<script>alert('hi')</script>").is_empty());
        assert_eq!(literals(r#"a = '<td>' + "x\"y" + `<p>${1}`"#), ["<td>", "x\"y", "<p>${1}"]);
    }
}
