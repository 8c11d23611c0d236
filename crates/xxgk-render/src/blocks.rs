//! The standard report as a sequence of blocks — title, particulars, the six section headings,
//! prose and the three tables — which every output form writes in its own way.

use xxgk_core::TableId;

use crate::filled::Filled;
use crate::grid::{grid, Grid};

/// The six section headings (SPEC §2.1).
pub const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// One piece of the standard report, as [`blocks`] lays them out in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The title: `{organ}{year}年政府信息公开工作年度报告`.
    Title(String),
    /// A particular of the publication, e.g. `索引号：…`, as portal pages print above the text.
    Meta(String),
    /// A section heading, one of [`SECTIONS`].
    Heading(String),
    /// A paragraph of running text.
    Para(String),
    /// One of the three tables, drawn as its template draws it.
    Table(Grid),
    /// A picture standing where text would be (a table published as an image), by what it
    /// shows: a page draws it, a conversion to text or a document without the picture has
    /// nothing of it.
    Image(String),
    /// The 落款: organ and date, right-aligned at the end.
    Signature(String),
    /// A letter's 发文字号 (`淮公开办〔2026〕3号`), right-aligned above its title.
    Number(String),
    /// A letter's 主送: whom it is addressed to, flush left, ending in `：`.
    Addressee(String),
}

/// The report's title.
pub fn title(f: &Filled) -> String {
    format!("{}{}年政府信息公开工作年度报告", f.agency, f.year)
}

/// `2024-01-20` as `2024年1月20日`.
fn date_zh(iso: &str) -> Option<String> {
    let mut it = iso.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    Some(format!("{y}年{m}月{d}日"))
}

/// Whose words fill the prose sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// A document an agency may publish: only what the report states; a section whose text the
    /// report does not hold is a visible placeholder ([`PLACEHOLDER`]), which `check` flags.
    Author,
    /// A generated test document: plausible sentences of the kind real reports print.
    Synthetic,
}

/// What opens every placeholder; `check` looks for it (PLACEHOLDER-LEFT).
pub const PLACEHOLDER: &str = xxgk_core::check::PLACEHOLDER;

fn placeholder(what: &str) -> String {
    format!("{PLACEHOLDER}{what}】")
}

/// The further figures a generated report's text states after its tables, each as its table
/// holds it, in the phrasings real reports use — so that reading them is tested against known values: 上年结转,
/// 结转下年度继续办理, 行政复议 and 行政诉讼, where the table has them.
fn stated_figures(f: &Filled) -> String {
    let total = |t: TableId, key: &str, col: usize| -> Option<i64> {
        let row = f.tables[t.index()].iter().find(|r| r.def.key == key)?;
        row.values.get(col).copied().flatten().filter(|n| n.scale == 0).map(|n| n.mantissa)
    };
    let mut o = String::new();
    if let (Some(over), Some(forward)) =
        (total(TableId::Table3, "carried_over", 6), total(TableId::Table3, "carried_forward", 6))
    {
        o += &format!("上年结转政府信息公开申请{over}件；办结后结转下年度继续办理{forward}件。");
    }
    if let Some(n) = total(TableId::Table4, "review", 4) {
        o += &format!("全年因政府信息公开被申请行政复议{n}件，");
    }
    if let (Some(a), Some(b)) =
        (total(TableId::Table4, "litigation_direct", 4), total(TableId::Table4, "litigation_after_review", 4))
    {
        o += &format!("被提起行政诉讼{}件。", a + b);
    }
    o
}

/// The blocks of the whole report; blank cells are written as `blank`.
pub fn blocks(f: &Filled, blank: &str, voice: Voice) -> Vec<Block> {
    let y = f.year;
    let synthetic = voice == Voice::Synthetic;
    let mut b = Vec::new();
    b.push(Block::Title(title(f)));
    if let Some(i) = &f.index_no {
        b.push(Block::Meta(format!("索引号：{i}")));
    }
    if !f.agency.is_empty() {
        b.push(Block::Meta(format!("发布机构：{}", f.agency)));
    }
    if let Some(p) = &f.published {
        b.push(Block::Meta(format!("公文生成日期：{p}")));
    }
    // The template's own opening: what the report covers and the statistics period.
    b.push(Block::Para(format!(
        "本报告依据《中华人民共和国政府信息公开条例》编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、\
         政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
    )));
    b.push(Block::Heading(SECTIONS[0].into()));
    let overview = match (&f.prose.overview, synthetic) {
        (Some(t), _) => t.clone(),
        (None, true) => {
            let mut o =
                format!("{y}年，{}认真贯彻落实政务公开工作部署，持续推进决策、执行、管理、服务、结果公开。", f.agency);
            if let Some(n) = f.proactive_total {
                o += &format!("全年主动公开政府信息{n}条。");
            }
            if let Some(n) = f.applications_received {
                o += &format!("全年收到政府信息公开申请{n}件，均在法定期限内答复。");
            }
            o
        }
        (None, false) => {
            // The figures the report holds are stated; the account of the year is the author's.
            let mut o = String::new();
            if let Some(n) = f.proactive_total {
                o += &format!("全年主动公开政府信息{n}条。");
            }
            if let Some(n) = f.applications_received {
                o += &format!("全年收到政府信息公开申请{n}件。");
            }
            o + &placeholder("总体情况（主动公开、依申请公开、政府信息管理、平台建设、监督保障等）")
        }
    };
    b.push(Block::Para(overview));
    for (heading, id) in [(1, TableId::Table2), (2, TableId::Table3), (3, TableId::Table4)] {
        b.push(Block::Heading(SECTIONS[heading].into()));
        if let Some(g) = grid(f, id, blank) {
            b.push(Block::Table(g));
        }
    }
    // A generated report says its figures again after its tables, as many reports do.
    let stated = stated_figures(f);
    if synthetic && !stated.is_empty() {
        b.push(Block::Para(stated));
    }
    let fee_year = f.template == xxgk_core::TemplateId::T2021;
    b.push(Block::Heading(SECTIONS[4].into()));
    b.push(Block::Para(match (&f.prose.problems, synthetic) {
        (Some(t), _) => t.clone(),
        (None, true) => {
            "政策解读的形式还不够丰富，基层政务公开标准化规范化水平有待提高。下一步将加强业务培训，提升公开质量。"
                .into()
        }
        (None, false) => placeholder("存在的主要问题及改进情况"),
    }));
    b.push(Block::Heading(SECTIONS[5].into()));
    b.push(Block::Para(match (&f.prose.other, synthetic) {
        (Some(t), _) => t.clone(),
        (None, true) if fee_year => "本年度未收取政府信息公开信息处理费。无其他需要报告的事项。".into(),
        (None, true) => "无其他需要报告的事项。".into(),
        (None, false) if fee_year => placeholder("其他需要报告的事项，含本年度收取信息处理费的情况"),
        (None, false) => placeholder("其他需要报告的事项"),
    }));
    if !f.agency.is_empty() {
        b.push(Block::Signature(f.agency.clone()));
    }
    if let Some(d) = f.published.as_deref().and_then(date_zh) {
        b.push(Block::Signature(d));
    }
    b
}
