//! The report as an HTML page: tables with the template's `rowspan`/`colspan`. An author's page
//! is the publication alone, styled for screen and print; a generated test page is wrapped in
//! a portal's navigation, script and footer, as reports are found on the web.

use crate::blocks::Block;
use crate::grid::{Grid, Slot};

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c => o.push(c),
        }
    }
    o
}

/// The publishable page's style: 公文-like fonts where installed, tables that keep within the
/// page, header rows repeated and rows kept whole when printed.
const STYLE: &str = "body{font-family:\"仿宋_GB2312\",\"仿宋\",FangSong,\"Noto Serif CJK SC\",serif;font-size:16px;line-height:1.8;max-width:52em;margin:2em auto;padding:0 1em;color:#000}\
h1{font-family:\"方正小标宋简体\",\"小标宋\",\"Noto Serif CJK SC\",serif;font-size:1.6em;font-weight:normal;text-align:center;line-height:1.4}\
h2{font-family:\"黑体\",SimHei,\"Noto Sans CJK SC\",sans-serif;font-size:1em;font-weight:normal;margin:1.2em 0 .4em}\
p{text-indent:2em;margin:.3em 0}p.meta{text-indent:0;color:#444;text-align:center;font-size:.9em}p.signature{text-align:right}\
table{border-collapse:collapse;width:100%;font-size:13px;line-height:1.4;margin:.6em 0;page-break-inside:auto}\
td,th{border:1px solid #000;padding:2px 4px}td.value{text-align:center}th{font-weight:normal}\
thead{display:table-header-group}tr{page-break-inside:avoid;break-inside:avoid}\
@page{size:A4;margin:2.5cm 2.2cm}@media print{body{margin:0;max-width:none}}";

/// One row's cells as `tag`, a value cell carrying `value_attr`.
fn cells(out: &mut String, row: &[Slot<'_>], tag: &str, value_attr: &str) {
    out.push_str("<tr>");
    for s in row {
        let Slot::Origin(c) = s else { continue };
        out.push_str(&format!("<{tag}"));
        if c.rowspan > 1 {
            out.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
        }
        if c.colspan > 1 {
            out.push_str(&format!(" colspan=\"{}\"", c.colspan));
        }
        if c.value {
            out.push_str(value_attr);
        }
        out.push('>');
        out.push_str(&esc(&c.text));
        out.push_str(&format!("</{tag}>"));
    }
    out.push_str("</tr>\n");
}

/// A portal's table: plain rows with presentational attributes, as content management systems
/// write them.
fn portal_table(out: &mut String, g: &Grid) {
    out.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    for row in g.slots() {
        cells(out, &row, "td", " align=\"center\"");
    }
    out.push_str("</table>\n");
}

const VALUE: &str = " class=\"value\"";

/// The publishable table: its header rows in `<thead>`, repeated on each printed page.
fn table(out: &mut String, g: &Grid) {
    let slots = g.slots();
    let head = g.header_rows();
    out.push_str("<table>\n<thead>\n");
    for row in &slots[..head] {
        cells(out, row, "th", "");
    }
    out.push_str("</thead>\n<tbody>\n");
    for row in &slots[head..] {
        cells(out, row, "td", VALUE);
    }
    out.push_str("</tbody>\n</table>\n");
}

pub fn render(blocks: &[Block], portal: bool) -> String {
    let title = blocks.iter().find_map(|b| if let Block::Title(t) = b { Some(t.as_str()) } else { None }).unwrap_or("");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n",
        esc(title)
    );
    if portal {
        out.push_str(
            "<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n\
             <div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">政府信息公开</a> &gt; <a href=\"/xxgk/ndbg/\">政府信息公开年报</a></div>\n\
             <div class=\"article\">\n",
        );
    } else {
        out.push_str(&format!("<meta name=\"viewport\" content=\"width=device-width\">\n<style>{STYLE}</style>\n</head>\n<body>\n<article>\n"));
    }
    for b in blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", esc(t))),
            Block::Meta(t) if portal => out.push_str(&format!("<div class=\"meta\">{}</div>\n", esc(t))),
            Block::Meta(t) => out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(t))),
            Block::Heading(t) if portal => out.push_str(&format!("<p><strong>{}</strong></p>\n", esc(t))),
            Block::Heading(t) => out.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::Para(t) => out.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Signature(t) if portal => out.push_str(&format!("<p align=\"right\">{}</p>\n", esc(t))),
            Block::Signature(t) => out.push_str(&format!("<p class=\"signature\">{}</p>\n", esc(t))),
            Block::Number(t) => out.push_str(&format!("<p class=\"number\">{}</p>\n", esc(t))),
            Block::Addressee(t) => out.push_str(&format!("<p class=\"addressee\">{}</p>\n", esc(t))),
            Block::Table(g) if portal => portal_table(&mut out, g),
            Block::Table(g) => table(&mut out, g),
            Block::Image(alt) => out.push_str(&format!("<p><img src=\"image.png\" alt=\"{}\"></p>\n", esc(alt))),
        }
    }
    if portal {
        out.push_str(
            "</div>\n<div class=\"share\">分享到：微信 微博</div>\n<div class=\"footer\">扫一扫在手机上查看当前页面<br>\
             网站标识码：0000000000 技术支持：信息中心</div>\n",
        );
    } else {
        out.push_str("</article>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
