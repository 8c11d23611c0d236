//! A portal page: navigation and footer around the article, tables with the template's
//! `rowspan`/`colspan`.

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

fn table(out: &mut String, g: &Grid) {
    out.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    for row in g.slots() {
        out.push_str("<tr>");
        for s in row {
            let Slot::Origin(c) = s else { continue };
            out.push_str("<td");
            if c.rowspan > 1 {
                out.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
            }
            if c.colspan > 1 {
                out.push_str(&format!(" colspan=\"{}\"", c.colspan));
            }
            out.push_str(if c.value { " align=\"center\">" } else { ">" });
            out.push_str(&esc(&c.text));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

pub fn render(blocks: &[Block]) -> String {
    let title = blocks.iter().find_map(|b| if let Block::Title(t) = b { Some(t.as_str()) } else { None }).unwrap_or("");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n\
         <div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">政府信息公开</a> &gt; <a href=\"/xxgk/ndbg/\">政府信息公开年报</a></div>\n\
         <div class=\"article\">\n",
        esc(title)
    );
    for b in blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", esc(t))),
            Block::Meta(t) => out.push_str(&format!("<div class=\"meta\">{}</div>\n", esc(t))),
            Block::Heading(t) => out.push_str(&format!("<p><strong>{}</strong></p>\n", esc(t))),
            Block::Para(t) => out.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Signature(t) => out.push_str(&format!("<p align=\"right\">{}</p>\n", esc(t))),
            Block::Table(g) => table(&mut out, g),
        }
    }
    out.push_str(
        "</div>\n<div class=\"share\">分享到：微信 微博</div>\n<div class=\"footer\">扫一扫在手机上查看当前页面<br>\
         网站标识码：0000000000 技术支持：信息中心</div>\n</body>\n</html>\n",
    );
    out
}
