//! Generated reports whose values and findings are known: for measuring speed at the scale of a
//! country's year of reports, and for proving the readers by round trip.
//!
//! A sample is a deterministic function of the seed and its number, so any one of a million
//! can be regenerated alone. Organs range from a township (almost everything 0, blank cells
//! marked `/`) to a province (thousands of applications); both templates and their variants
//! occur. A chosen share gets one planted inconsistency, another share one kind of damage that
//! conversions cause. The expected file states the values as rendered and the codes of the
//! findings a correct checker reports — derived from what was planted, not from the checker.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Value};
use xxgk_core::{Num, TableId, TemplateId};

use crate::blocks::{blocks, Block, Voice, SECTIONS};
use crate::filled::Filled;
use crate::forms::{render, Form};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The seed every sample derives from: one seed and one sample number always give the same
    /// file.
    pub seed: u64,
    /// Forms in turn: sample `i` is written in `forms[(i + i / 7) % forms.len()]`.
    pub forms: Vec<Form>,
    /// Share of samples with one planted inconsistency.
    pub inconsistent: f64,
    /// Share of samples with one kind of conversion damage.
    pub damage: f64,
}

/// One generated report file and its expected output.
#[derive(Debug, Clone)]
pub struct Sample {
    /// File stem, e.g. `000042-tsv`.
    pub stem: String,
    /// The form it is written in.
    pub form: Form,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The value keys of the report JSON, `_findings` (sorted codes of warnings and errors),
    /// and `_planted` (what was done to the report, for people).
    pub expected: Value,
}

impl Sample {
    /// The file's name: its stem and its form's extension, e.g. `000042-tsv.txt`.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.stem, self.form.extension())
    }
}

/// How big an organ is, which sets the size of its numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tier {
    Township,
    CountyDepartment,
    County,
    CityDepartment,
    City,
    Province,
}

/// Characters place names are made of: two of them and a suffix make a city, a county, a town.
const PLACE_CHARS: &[char] = &[
    '青', '禾', '松', '岭', '云', '川', '白', '石', '临', '溪', '望', '江', '金', '坪', '枫', '桥', '东', '湖', '桐',
    '木', '柳', '门', '北', '塘', '南', '屏', '长', '宁', '梅', '林', '新', '港', '安', '平', '永', '和', '清', '泉',
    '丰', '乐',
];
const PROVINCES: &[&str] = &["青禾省", "云川省", "江岭省"];
const DEPARTMENTS: &[&str] = &[
    "人力资源和社会保障局",
    "教育局",
    "自然资源和规划局",
    "市场监督管理局",
    "卫生健康委员会",
    "民政局",
    "财政局",
    "住房和城乡建设局",
    "生态环境局",
    "交通运输局",
    "农业农村局",
    "司法局",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A made-up place name: two characters and `suffix` — never a real division's (永安市 is a
/// county-level city: its government has no rule-making power, whatever the tier drawn).
fn place(rng: &mut ChaCha8Rng, suffix: &str) -> String {
    loop {
        let a = *pick(rng, PLACE_CHARS);
        let b = *pick(rng, PLACE_CHARS);
        let name = format!("{a}{b}{suffix}");
        if xxgk_core::organ::division(&name).is_none() {
            return name;
        }
    }
}

fn organ(rng: &mut ChaCha8Rng) -> (String, Tier) {
    let tier = *pick(
        rng,
        &[
            Tier::Township,
            Tier::Township,
            Tier::CountyDepartment,
            Tier::CountyDepartment,
            Tier::CountyDepartment,
            Tier::County,
            Tier::CityDepartment,
            Tier::CityDepartment,
            Tier::City,
            Tier::Province,
        ],
    );
    let city = place(rng, "市");
    let suffix = *pick(rng, &["区", "县"]);
    let county = place(rng, suffix);
    let street = rng.random_bool(0.3);
    let town = place(rng, if street { "街道" } else { "镇" });
    let dept = pick(rng, DEPARTMENTS);
    let name = match tier {
        Tier::Township => format!("{city}{county}{town}{}", if street { "办事处" } else { "人民政府" }),
        Tier::CountyDepartment => format!("{city}{county}{dept}"),
        Tier::County => format!("{city}{county}人民政府"),
        Tier::CityDepartment => format!("{city}{dept}"),
        Tier::City => format!("{city}人民政府"),
        Tier::Province => format!("{}人民政府", pick(rng, PROVINCES)),
    };
    (name, tier)
}

/// The typical number of applications a year.
fn scale(tier: Tier) -> u32 {
    match tier {
        Tier::Township => 2,
        Tier::CountyDepartment => 20,
        Tier::County => 150,
        Tier::CityDepartment => 120,
        Tier::City => 1500,
        Tier::Province => 6000,
    }
}

fn int(v: i64) -> Option<Num> {
    Some(Num::int(v))
}

/// `0..=hi`, skewed towards small numbers as real counts are.
fn count(rng: &mut ChaCha8Rng, hi: u32) -> i64 {
    if hi == 0 {
        return 0;
    }
    let r: f64 = rng.random();
    (r * r * f64::from(hi + 1)).floor() as i64
}

fn set(f: &mut Filled, id: TableId, key: &str, values: Vec<Option<Num>>) {
    if let Some(r) = f.row_mut(id, key) {
        r.values = values;
    }
}

/// A consistent report for one organ and year.
fn report(
    rng: &mut ChaCha8Rng,
    name: &str,
    tier: Tier,
    year: i32,
    template: TemplateId,
    t3_single_other: bool,
) -> Filled {
    let mut f = Filled::blank(name, year, template);
    if t3_single_other != (template == TemplateId::T2019) {
        // 表二 of one template with 表三's 其他处理 block of the other (seen in real reports).
        let def = template.table3(Some(t3_single_other));
        f.tables[1] = def.rows.iter().map(|d| crate::filled::Row { def: d, values: vec![None; 7] }).collect();
    }
    let s = scale(tier);
    let small = tier == Tier::Township;
    let makes_rules = matches!(tier, Tier::City | Tier::Province);
    // 表二
    let rules = if makes_rules { count(rng, 3) } else { 0 };
    if template == TemplateId::T2021 {
        let in_force = if makes_rules { rules + count(rng, 40) } else { 0 };
        set(&mut f, TableId::Table2, "regulations", vec![int(rules), int(0), int(in_force)]);
        let issued = count(rng, s / 10 + 2);
        let repealed = count(rng, 3);
        set(
            &mut f,
            TableId::Table2,
            "normative_documents",
            vec![int(issued), int(repealed), int(issued + count(rng, 60))],
        );
        for key in ["administrative_licensing", "administrative_punishment", "administrative_coercion"] {
            let v = if small && rng.random_bool(0.4) { None } else { int(count(rng, s * 8)) };
            set(&mut f, TableId::Table2, key, vec![v]);
        }
        let fee = match rng.random_range(0..4) {
            0 if small => None,
            0 | 1 => int(0),
            _ => Some(Num { mantissa: count(rng, s * 400), scale: rng.random_range(0..5), signed: false }),
        };
        set(&mut f, TableId::Table2, "administrative_fees", vec![fee]);
    } else {
        for key in ["regulations", "normative_documents"] {
            let rules_row = key == "regulations";
            let made = if rules_row { rules } else { count(rng, s / 10 + 2) };
            let published = made.min(count(rng, 4) + made / 2);
            let total = if rules_row && !makes_rules { 0 } else { published + count(rng, 50) };
            set(&mut f, TableId::Table2, key, vec![int(made), int(published), int(total)]);
        }
        for key in [
            "administrative_licensing",
            "other_management_services",
            "administrative_punishment",
            "administrative_coercion",
        ] {
            let previous = count(rng, 80);
            let change = rng.random_range(-previous.min(5)..=5);
            let decisions = if small && rng.random_bool(0.4) { None } else { int(count(rng, s * 8)) };
            set(
                &mut f,
                TableId::Table2,
                key,
                vec![int(previous), Some(Num { signed: change != 0, ..Num::int(change) }), decisions],
            );
        }
        let previous = count(rng, 6);
        let change = rng.random_range(-previous.min(2)..=2);
        set(
            &mut f,
            TableId::Table2,
            "administrative_fees",
            vec![int(previous), Some(Num { signed: change != 0, ..Num::int(change) })],
        );
        let amount = Num { mantissa: count(rng, 90_000), scale: 2, signed: false };
        set(
            &mut f,
            TableId::Table2,
            "government_procurement",
            vec![int(count(rng, 12)), if small { None } else { Some(amount) }],
        );
    }
    // 表三, column by column: outcomes first, then the flow identity fixes 本年新收.
    let rows: Vec<&'static str> = f.tables[1].iter().map(|r| r.def.key).collect();
    let outcome_keys: Vec<&str> = rows
        .iter()
        .copied()
        .filter(|k| !matches!(*k, "new_received" | "carried_over" | "total_processed" | "carried_forward"))
        .collect();
    let mut cols: Vec<std::collections::HashMap<&str, i64>> = Vec::new();
    for c in 0..6 {
        // Natural persons file most requests; research institutions hardly any.
        let weight = [1.0, 0.35, 0.05, 0.08, 0.12, 0.2][c];
        let busy = (f64::from(s) * weight).ceil() as u32;
        let mut col = std::collections::HashMap::new();
        for (i, k) in outcome_keys.iter().enumerate() {
            let share = if i < 2 { busy } else { busy / 6 };
            let v = if rng.random_bool(if small { 0.1 } else { 0.45 }) { count(rng, share) } else { 0 };
            col.insert(*k, v);
        }
        let total: i64 = col.values().sum();
        let over = count(rng, busy / 20 + u32::from(!small));
        let mut forward = count(rng, busy / 20 + u32::from(!small));
        let mut received = total + forward - over;
        if received < 0 {
            forward -= received;
            received = 0;
        }
        col.insert("new_received", received);
        col.insert("carried_over", over);
        col.insert("total_processed", total);
        col.insert("carried_forward", forward);
        cols.push(col);
    }
    for key in rows {
        let vals: Vec<i64> = cols.iter().map(|c| c[key]).collect();
        let total: i64 = vals.iter().sum();
        set(&mut f, TableId::Table3, key, vals.into_iter().chain([total]).map(int).collect());
    }
    // 表四
    for key in ["review", "litigation_direct", "litigation_after_review"] {
        let g: Vec<i64> = (0..4).map(|i| count(rng, if i == 0 { s / 40 + 1 } else { s / 100 + 1 })).collect();
        let total = g.iter().sum();
        set(&mut f, TableId::Table4, key, g.into_iter().chain([total]).map(int).collect());
    }
    f.applications_received = rng
        .random_bool(0.8)
        .then(|| f.row(TableId::Table3, "new_received").and_then(|r| r.values[6]).map_or(0, |n| n.mantissa));
    f.proactive_total = rng.random_bool(0.8).then(|| count(rng, s * 20) + 5);
    f.published = Some(format!("{}-{:02}-{:02}", year + 1, rng.random_range(1..=3), rng.random_range(1..=28)));
    if rng.random_bool(0.5) {
        f.index_no = Some(format!(
            "{:08}/{}-{:05}",
            rng.random_range(10_000_000..99_999_999u32),
            year + 1,
            rng.random_range(1..5000)
        ));
    }
    f
}

fn add(f: &mut Filled, id: TableId, key: &str, col: usize, d: i64) {
    if let Some(Some(v)) = f.row_mut(id, key).and_then(|r| r.values.get_mut(col)) {
        v.mantissa += d;
    }
}

/// Plant one inconsistency; returns its description and the findings it must cause.
fn plant(rng: &mut ChaCha8Rng, f: &mut Filled, tier: Tier) -> (&'static str, Vec<&'static str>) {
    use TableId::{Table2, Table3, Table4};
    let d = rng.random_range(1..=3);
    let c = rng.random_range(0..6);
    match rng.random_range(0..6) {
        0 => {
            add(f, Table3, "granted", 6, d);
            ("表三“予以公开”总计多计", vec!["T3-OUTCOMES", "T3-ROWSUM"])
        }
        1 => {
            add(f, Table3, "carried_forward", c, d);
            add(f, Table3, "carried_forward", 6, d);
            ("表三“结转下年度”与流量不符", vec!["T3-FLOW", "T3-FLOW"])
        }
        2 => {
            for key in ["total_processed", "new_received"] {
                add(f, Table3, key, c, d);
                add(f, Table3, key, 6, d);
            }
            if let Some(a) = f.applications_received.as_mut() {
                *a += d;
            }
            ("表三“总计”与各项办理结果之和不符", vec!["T3-OUTCOMES", "T3-OUTCOMES"])
        }
        3 => {
            let key = *pick(rng, &["review", "litigation_direct", "litigation_after_review"]);
            add(f, Table4, key, 4, d);
            ("表四一组总计不符", vec!["T4-SUM"])
        }
        4 if f.applications_received.is_some() => {
            if let Some(a) = f.applications_received.as_mut() {
                *a += d;
            }
            ("正文申请数与表三不符", vec!["NARRATIVE-MISMATCH"])
        }
        5 if matches!(tier, Tier::Township | Tier::County | Tier::CountyDepartment) => {
            let in_force = if f.template == TemplateId::T2021 { 1 + rng.random_range(0..3) } else { 1 };
            set(f, Table2, "regulations", vec![int(1), int(0), int(in_force)]);
            ("县级以下机关填报规章", vec!["T2-REGULATIONS-AUTHORITY"])
        }
        _ => {
            add(f, Table4, "review", 4, d);
            ("表四一组总计不符", vec!["T4-SUM"])
        }
    }
}

/// The kinds of damage conversions do to a report.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Damage {
    /// 表三 stops after a row; 表四 and its section are gone.
    Cut,
    /// A merged cell written twice: eight values in a row of seven.
    Duplicate,
    /// A label broken over two lines.
    Wrap,
    /// A page number inside 表三.
    PageNumber,
    /// The file ends inside a 表三 row: the first cells of the row, then nothing.
    CutInRow,
    /// A fragment: the file starts inside 表三's outcomes and holds the rest of it and 表四 —
    /// no title, no heading, no prose.
    Fragment,
    /// 表二's 第二十条第（一）项 block (规章, 规范性文件) printed after the others.
    BlockOrder,
    /// Two 表三 rows whose labels stand on lines of their own, then their two rows of numbers
    /// (a PDF converted to markdown).
    Detached,
    /// A crawler dump: the whole body on one line, every cell glued to the next
    /// (`…申请数量603000063二、上年结转…`).
    Glued,
    /// The whole page in traditional characters, as mirror sites convert it.
    Traditional,
    /// The article shipped inside a script as a JavaScript string, as some CMS pages do.
    InScript,
    /// The organ named only where real pages name it: a title that starts with the year (or a
    /// field `标题：…`), an opening sentence (现公布…), or a page's `<title>` alone — and no
    /// 发布机构 field.
    Metadata,
    /// A 表二 cell with a note after its number (`17（其中修订9件）`), or a 2019 本年增/减 written
    /// as both movements (`+(3) -(1)`).
    Annotated,
    /// Blank cells written as nothing: a line of spaces in one cell per line, ` |` in a pipe
    /// scrape — a 表三 row blank throughout and a blank cell at the start of another.
    BlankCells,
    /// Counts written with a decimal point (`30.0`), as spreadsheets and converters write them.
    DecimalPoint,
    /// A 表三 row of zeros written as `N/A`, `NA`, `－`: blank markers, not values.
    NotApplicable,
    /// 表三 published as a picture on a web page: nothing of it can be read, and it is not
    /// missing either.
    TableAsImage,
}

/// Whether the only way of dropping a value from `vals` (with the value at `dup` written
/// twice) that keeps 总计 = the sum of the six columns gives `vals` back — so the duplicate can
/// be told apart. A row whose own sum is wrong never qualifies.
fn duplicate_is_recoverable(vals: &[i64], dup: usize) -> bool {
    let mut written = vals.to_vec();
    written.insert(dup, vals[dup]);
    let mut distinct: Vec<Vec<i64>> = Vec::new();
    for drop in 0..written.len() {
        let mut v = written.clone();
        v.remove(drop);
        if v[..6].iter().sum::<i64>() == v[6] && !distinct.contains(&v) {
            distinct.push(v);
        }
    }
    distinct == [vals]
}

/// Damage the report's blocks in one way; returns the kind, its description and the findings it
/// must cause.
fn damage(
    rng: &mut ChaCha8Rng,
    f: &mut Filled,
    b: &mut Vec<Block>,
    form: Form,
    planted: bool,
) -> Option<(Damage, &'static str, Vec<&'static str>)> {
    let mut kinds = Vec::new();
    if !planted {
        kinds.push(Damage::Cut);
    }
    // Layout text wraps a label below its numbers: a cut there leaves label text after them.
    if !planted && form.is_conversion() && form != Form::Layout {
        kinds.push(Damage::CutInRow);
    }
    // Without 表二, 表三's 其他处理 block tells the template: not for a report whose two disagree.
    let mixed = f.template == TemplateId::T2021 && f.tables[1].iter().any(|r| r.def.key == "other_handling");
    if !planted && form.is_conversion() && form != Form::Layout && !mixed {
        kinds.push(Damage::Fragment);
    }
    if form != Form::Docx {
        kinds.push(Damage::Traditional);
    }
    if form == Form::Html {
        kinds.push(Damage::InScript);
    }
    kinds.extend([Damage::Annotated, Damage::Metadata, Damage::BlockOrder]);
    if form == Form::Md {
        kinds.push(Damage::Detached);
    }
    if !planted && form == Form::Lines && f.template == TemplateId::T2021 {
        kinds.push(Damage::Glued);
    }
    if form.is_conversion() {
        kinds.extend([Damage::Duplicate, Damage::PageNumber]);
        if form != Form::Layout {
            kinds.push(Damage::Wrap);
        }
        if matches!(form, Form::Lines | Form::Pipes) {
            kinds.push(Damage::BlankCells);
        }
    }
    if form.is_conversion() || form == Form::Html {
        kinds.extend([Damage::DecimalPoint, Damage::NotApplicable]);
    }
    // A 2019 template tells its 表三 block by the table itself: without it, a planted
    // inconsistency there has nothing to stand in.
    if form == Form::Html && !planted {
        kinds.push(Damage::TableAsImage);
    }
    if kinds.is_empty() {
        return None;
    }
    let kind = *pick(rng, &kinds);
    let ti = b.iter().position(|x| matches!(x, Block::Table(g) if g.table == TableId::Table3))?;
    let Block::Table(g) = &mut b[ti] else { return None };
    let body: Vec<usize> = (0..g.rows.len()).filter(|&r| g.keys[r].is_some()).collect();
    match kind {
        Damage::Cut => {
            let keep = rng.random_range(3..body.len() - 4);
            let last = body[keep - 1];
            g.rows.truncate(last + 1);
            g.keys.truncate(last + 1);
            let n = g.rows.len();
            for (i, row) in g.rows.iter_mut().enumerate() {
                for cell in row {
                    cell.rowspan = cell.rowspan.min(n - i);
                }
            }
            f.tables[1].truncate(keep);
            f.tables[2].clear();
            // 表四 and its heading went with the cut pages.
            let section4 = b.iter().position(|x| matches!(x, Block::Heading(h) if h == SECTIONS[3]))?;
            let section5 = b.iter().position(|x| matches!(x, Block::Heading(h) if h == SECTIONS[4]))?;
            b.drain(section4..section5);
            Some((kind, "表三截断，表四缺失", vec!["ROW-MISSING", "SECTION-MISSING", "TABLE-MISSING"]))
        }
        Damage::Duplicate => {
            let rows = &f.tables[1];
            let candidates: Vec<(usize, usize)> = (0..rows.len())
                .flat_map(|i| (0..7).map(move |c| (i, c)))
                .filter(|&(i, c)| {
                    let vals: Vec<i64> = rows[i].values.iter().map(|v| v.map_or(0, |n| n.mantissa)).collect();
                    duplicate_is_recoverable(&vals, c)
                })
                .collect();
            let &(i, c) = candidates.get(rng.random_range(0..candidates.len().max(1)))?;
            let r = g.row_of(rows[i].def.key)?;
            let at = g.rows[r].iter().enumerate().filter(|(_, cell)| cell.value).nth(c)?.0;
            let copy = g.rows[r][at].clone();
            g.rows[r].insert(at, copy);
            Some((kind, "合并单元格重复，一行八个数值", vec!["CELLS-RESOLVED"]))
        }
        Damage::Wrap => {
            let long: Vec<usize> = body
                .iter()
                .copied()
                .filter(|&r| g.rows[r].iter().any(|c| !c.value && c.text.chars().count() >= 8))
                .collect();
            let r = *pick(rng, &long);
            let cell = g.rows[r].iter_mut().filter(|c| !c.value).last()?;
            let n = cell.text.chars().count();
            let at = cell.text.char_indices().nth(rng.random_range(3..n - 2))?.0;
            cell.text.insert(at, '\n');
            Some((kind, "标签折行", vec![]))
        }
        Damage::PageNumber => {
            let r = body[rng.random_range(2..body.len())];
            g.page_breaks.push((r, format!("- {} -", rng.random_range(2..6))));
            Some((kind, "表格中夹有页码", vec![]))
        }
        Damage::CutInRow => {
            // Not the last row: a file cut there would still hold every row.
            let at = rng.random_range(3..body.len() - 1);
            let r = body[at];
            let key = g.keys[r]?;
            let keep = rng.random_range(1..7);
            let values: Vec<usize> = g.rows[r].iter().enumerate().filter(|(_, c)| c.value).map(|(k, _)| k).collect();
            g.rows[r].truncate(values[keep - 1] + 1);
            g.rows.truncate(r + 1);
            g.keys.truncate(r + 1);
            g.page_breaks.retain(|(row, _)| *row <= r);
            let n = g.rows.len();
            for (i, row) in g.rows.iter_mut().enumerate() {
                for cell in row {
                    cell.rowspan = cell.rowspan.min(n - i);
                }
            }
            b.truncate(ti + 1);
            let i = f.tables[1].iter().position(|x| x.def.key == key)?;
            f.tables[1].truncate(i + 1);
            f.tables[1][i].values[keep..].iter_mut().for_each(|v| *v = None);
            f.tables[2].clear();
            Some((kind, "文件在表三某行中间结束", vec!["ROW-CUT", "ROW-MISSING"]))
        }
        Damage::Annotated => annotate(rng, f, b).map(|note| (kind, note, vec![])),
        Damage::Metadata => Some((kind, name_elsewhere(rng, f, b, form), vec![])),
        Damage::Glued => glue(f).map(|codes| (kind, "全文一行、单元格粘连", codes)),
        Damage::Detached => Some((kind, "两行标签与数值分开", vec![])),
        Damage::BlockOrder => move_first_block(b).map(|()| (kind, "表二第（一）项一组排在最后", vec![])),
        Damage::Traditional => Some((kind, "全文转为繁体字", vec![])),
        Damage::InScript => Some((kind, "正文以脚本字符串形式嵌入网页", vec![])),
        Damage::Fragment => {
            let other = (0..g.rows.len()).find(|&r| g.keys[r].is_some_and(|k| k.starts_with("other_")))?;
            let starts: Vec<usize> = body.iter().copied().filter(|&r| r > body[2] && r < other).collect();
            let r = *pick(rng, &starts);
            let key = g.keys[r]?;
            g.rows.drain(..r);
            g.keys.drain(..r);
            g.page_breaks =
                g.page_breaks.iter().filter(|(row, _)| *row >= r).map(|(row, l)| (row - r, l.clone())).collect();
            let t4 = b.iter().position(|x| matches!(x, Block::Table(t) if t.table == TableId::Table4))?;
            let kept = vec![b[ti].clone(), b[t4].clone()];
            *b = kept;
            f.tables[0].clear();
            let i = f.tables[1].iter().position(|x| x.def.key == key)?;
            f.tables[1].drain(..i);
            Some((kind, "只有表三后半和表四的片段", vec!["FRAGMENT"]))
        }
        Damage::TableAsImage => {
            b[ti] = Block::Image("表三".into());
            f.tables[1].clear();
            Some((kind, "表三以图片发布", vec!["TABLE-AS-IMAGE"]))
        }
        Damage::DecimalPoint => {
            let zeros = [".0", ".00"];
            for row in &mut g.rows {
                for cell in row
                    .iter_mut()
                    .filter(|c| c.value && !c.text.is_empty() && c.text.bytes().all(|b| b.is_ascii_digit()))
                {
                    if rng.random_bool(0.5) {
                        cell.text.push_str(*pick(rng, &zeros));
                    }
                }
            }
            Some((kind, "件数写作带小数点的形式（30.0）", vec![]))
        }
        Damage::NotApplicable => {
            let zero = |vals: &[Option<Num>]| vals.iter().all(|v| v.is_some_and(|n| n.mantissa == 0));
            let rows: Vec<usize> = (0..f.tables[1].len()).filter(|&i| zero(&f.tables[1][i].values)).collect();
            let i = *rows.get(rng.random_range(0..rows.len().max(1)))?;
            let r = g.row_of(f.tables[1][i].def.key)?;
            let markers = ["N/A", "NA", "n/a", "－"];
            let marker = *pick(rng, &markers);
            for cell in g.rows[r].iter_mut().filter(|c| c.value) {
                cell.text = marker.into();
            }
            f.tables[1][i].values.iter_mut().for_each(|v| *v = None);
            Some((kind, "一行空白写作 N/A", vec![]))
        }
        Damage::BlankCells => {
            // Rows of zeros, so that blanks (counted as 0 in sums) leave the arithmetic whole.
            let zero = |vals: &[Option<Num>]| vals.iter().all(|v| v.is_some_and(|n| n.mantissa == 0));
            let rows: Vec<usize> = (0..f.tables[1].len()).filter(|&i| zero(&f.tables[1][i].values)).collect();
            let first_zero: Vec<usize> = (0..f.tables[1].len())
                .filter(|&i| f.tables[1][i].values[0].is_some_and(|n| n.mantissa == 0) && !rows.contains(&i))
                .collect();
            let all = *rows.get(rng.random_range(0..rows.len().max(1)))?;
            let mut blanked = vec![(all, None)];
            if let Some(&one) = first_zero.get(rng.random_range(0..first_zero.len().max(1))) {
                blanked.push((one, Some(0)));
            }
            for (i, col) in blanked {
                let key = f.tables[1][i].def.key;
                let r = g.row_of(key)?;
                let cells: Vec<usize> = g.rows[r].iter().enumerate().filter(|(_, c)| c.value).map(|(k, _)| k).collect();
                for (c, &k) in cells.iter().enumerate() {
                    if col.is_none_or(|only| only == c) {
                        g.rows[r][k].text = " ".into();
                        f.tables[1][i].values[c] = None;
                    }
                }
            }
            Some((kind, "空白单元格写作空行", vec![]))
        }
    }
}

/// Move 表二's first block — from its `第二十条第（一）项` heading row to the next block's — to the
/// end of the table.
fn move_first_block(b: &mut [Block]) -> Option<()> {
    let g = b.iter_mut().find_map(|x| match x {
        Block::Table(g) if g.table == TableId::Table2 => Some(g),
        _ => None,
    })?;
    let heading = |r: &[crate::grid::GridCell]| r.iter().any(|c| c.text.starts_with("第二十条"));
    let start = g.rows.iter().position(|r| heading(r))?;
    let end = start + 1 + g.rows[start + 1..].iter().position(|r| heading(r))?;
    // Only a block of whole rows moves (no cell spans across its edge).
    if g.rows.iter().flatten().any(|c| c.rowspan > 1) || !g.page_breaks.is_empty() {
        return None;
    }
    let rows: Vec<_> = g.rows.drain(start..end).collect();
    let keys: Vec<_> = g.keys.drain(start..end).collect();
    g.rows.extend(rows);
    g.keys.extend(keys);
    Some(())
}

/// In a markdown page, two adjacent 表三 rows written as their two labels, each on a line of its
/// own, then their two rows of numbers.
fn detach_labels(md: &str, rng: &mut ChaCha8Rng) -> String {
    let cells =
        |l: &str| -> Vec<String> { l.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect() };
    let is_value = |c: &str| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || "/—-无".contains(ch));
    // A 表三 row with one label cell and its seven values.
    let row = |l: &str| -> Option<(String, Vec<String>)> {
        let c = cells(l);
        let (labels, values) = c.split_at(c.len().checked_sub(7)?);
        let labels: Vec<&String> = labels.iter().filter(|x| !x.is_empty()).collect();
        (l.starts_with('|')
            && labels.len() == 1
            && values.iter().all(|v| is_value(v) || v.is_empty())
            && !is_value(labels[0]))
        .then(|| (labels[0].clone(), values.to_vec()))
    };
    let lines: Vec<&str> = md.lines().collect();
    let pairs: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| row(lines[i]).is_some() && row(lines[i + 1]).is_some())
        .collect();
    if pairs.is_empty() {
        return md.to_string();
    }
    let i = pairs[rng.random_range(0..pairs.len())];
    let (Some((la, va)), Some((lb, vb))) = (row(lines[i]), row(lines[i + 1])) else { return md.to_string() };
    let mut out: Vec<String> = lines[..i].iter().map(|l| l.to_string()).collect();
    out.extend([
        format!("| {la} |"),
        format!("| {lb} |"),
        format!("| {} |", va.join(" | ")),
        format!("| {} |", vb.join(" | ")),
    ]);
    out.extend(lines[i + 2..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

/// Every way of cutting `digits` into `parts` whole numbers without leading zeros that `ok`
/// accepts — the test's own reckoning of what glued digits can mean (at most two are listed).
fn cuttings(digits: &[u8], parts: usize, ok: &dyn Fn(&[i64]) -> bool) -> Vec<Vec<i64>> {
    fn rec(d: &[u8], parts: usize, cur: &mut Vec<i64>, ok: &dyn Fn(&[i64]) -> bool, out: &mut Vec<Vec<i64>>) {
        if out.len() > 1 {
            return;
        }
        if parts == 0 {
            if d.is_empty() && ok(cur) {
                out.push(cur.clone());
            }
            return;
        }
        let longest = if d.first() == Some(&b'0') { 1 } else { d.len().saturating_sub(parts - 1).min(12) };
        for len in 1..=longest {
            let v = std::str::from_utf8(&d[..len]).ok().and_then(|t| t.parse::<i64>().ok());
            if let Some(v) = v {
                cur.push(v);
                rec(&d[len..], parts - 1, cur, ok, out);
                cur.pop();
            }
        }
    }
    let mut out = Vec::new();
    rec(digits, parts, &mut Vec::new(), ok, &mut out);
    out
}

/// How many cells glued digits read as before any split: each leading zero is one, the rest
/// one more.
fn glued_cells(digits: &[u8]) -> usize {
    let zeros = digits.iter().take_while(|&&b| b == b'0').count().min(digits.len().saturating_sub(1));
    zeros + usize::from(zeros < digits.len())
}

/// A crawler dump of this report: only where the test can tell what a correct reader gets —
/// every 表三 row and 表四 split one way by their own sums (a 表二 row that splits several ways is
/// expected unread, its values unknown). Returns the findings, or `None` where it cannot.
fn glue(f: &mut Filled) -> Option<Vec<&'static str>> {
    let all: Vec<Option<Num>> = f.tables.iter().flatten().flat_map(|r| r.values.clone()).collect();
    if all.iter().any(|v| v.is_none_or(|n| n.scale > 0 || n.signed || n.mantissa < 0)) {
        return None;
    }
    let digits = |vals: &[Option<Num>]| -> Vec<u8> {
        vals.iter().flatten().flat_map(|n| n.mantissa.to_string().into_bytes()).collect()
    };
    let mut codes = Vec::new();
    for row in &f.tables[1] {
        let vals: Vec<i64> = row.values.iter().flatten().map(|n| n.mantissa).collect();
        let d = digits(&row.values);
        if d.len() > 16 || cuttings(&d, 7, &|v| v[..6].iter().sum::<i64>() == v[6]) != [vals] {
            return None;
        }
        if glued_cells(&d) < 7 {
            codes.push("CELLS-RESOLVED");
        }
    }
    let t4: Vec<Option<Num>> = f.tables[2].iter().flat_map(|r| r.values.clone()).collect();
    let d4 = digits(&t4);
    let groups = |v: &[i64]| v.chunks(5).all(|g| g[..4].iter().sum::<i64>() == g[4]);
    if d4.len() > 24 || cuttings(&d4, 15, &groups) != [t4.iter().flatten().map(|n| n.mantissa).collect::<Vec<_>>()] {
        return None;
    }
    if glued_cells(&d4) < 15 {
        codes.push("CELLS-RESOLVED");
    }
    for row in f.tables[0].iter_mut().filter(|r| r.values.len() > 1) {
        let d = digits(&row.values);
        match cuttings(&d, row.values.len(), &|_| true).len() {
            1 if glued_cells(&d) < row.values.len() => codes.push("CELLS-RESOLVED"),
            1 => {}
            _ => {
                row.values.iter_mut().for_each(|v| *v = None);
                codes.push("CELLS-UNRESOLVED");
            }
        }
    }
    Some(codes)
}

/// Name the organ only in one of the places real reports do; returns which.
fn name_elsewhere(rng: &mut ChaCha8Rng, f: &Filled, b: &mut Vec<Block>, form: Form) -> &'static str {
    b.retain(|x| !matches!(x, Block::Meta(m) if m.starts_with("发布机构")));
    let title = b.iter().position(|x| matches!(x, Block::Title(_)));
    let year_first = format!("{}年度{}政府信息公开工作年度报告", f.year, f.agency);
    let variants = if form == Form::Html { 4 } else { 3 };
    match (rng.random_range(0..variants), title) {
        (0, Some(t)) => {
            b[t] = Block::Title(year_first);
            "标题以年度开头"
        }
        (1, Some(t)) => {
            b[t] = Block::Meta(format!("标题：{year_first}"));
            "标题写在“标题：”字段中"
        }
        (2, Some(t)) => {
            b[t] = Block::Para(format!("现公布{}{}年政府信息公开工作年度报告。", f.agency, f.year));
            "机关名称只在开篇一句中"
        }
        _ => "机关名称只在网页标题中",
    }
}

/// Write one 表二 cell with a note, or a 2019 change as both movements; the values stay.
fn annotate(rng: &mut ChaCha8Rng, f: &Filled, b: &mut [Block]) -> Option<&'static str> {
    let g = b.iter_mut().find_map(|x| match x {
        Block::Table(g) if g.table == TableId::Table2 => Some(g),
        _ => None,
    })?;
    let (key, col, text) = if f.template == TemplateId::T2019 {
        let key = *pick(
            rng,
            &[
                "administrative_licensing",
                "other_management_services",
                "administrative_punishment",
                "administrative_coercion",
            ],
        );
        let change = f.row(TableId::Table2, key)?.values.get(1).copied().flatten()?.mantissa;
        let up = change.max(0) + rng.random_range(0..3);
        (key, 1, format!("+({up}) -({})", up - change))
    } else {
        let issued = f.row(TableId::Table2, "normative_documents")?.values.first().copied().flatten()?.mantissa;
        ("normative_documents", 0, format!("{issued}（其中修订{}件）", rng.random_range(0..=issued)))
    };
    let r = g.row_of(key)?;
    let cell = g.rows[r].iter_mut().filter(|c| c.value).nth(col)?;
    cell.text = text;
    Some("单元格数值后附注释")
}

/// A portal page whose article is a JavaScript string that a script puts into the page:
/// quotes, slashes and line breaks escaped, and with `escape_han` every Chinese character
/// written as `\uXXXX`.
fn in_script(page: &str, escape_han: bool) -> String {
    let (Some(start), Some(end)) = (page.find("<div class=\"article\">"), page.find("<div class=\"share\">")) else {
        return page.to_string();
    };
    let mut lit = String::new();
    for c in page[start..end].chars() {
        match c {
            '"' => lit.push_str("\\\""),
            '\\' => lit.push_str("\\\\"),
            '/' => lit.push_str("\\/"),
            '\n' => lit.push_str("\\n"),
            c if escape_han && (0x3000..=0xFFFF).contains(&(c as u32)) => lit.push_str(&format!("\\u{:04x}", c as u32)),
            c => lit.push(c),
        }
    }
    format!(
        "{}<div class=\"article\" id=\"content\"></div>\n<script>\nlet content = \"{lit}\";\ndocument.getElementById(\"content\").innerHTML = content;\n</script>\n{}",
        &page[..start],
        &page[end..]
    )
}

/// `s` in traditional characters: each simplified character that OpenCC's table folds some
/// traditional ones to, written as the first of them (so that folding gives `s` back).
fn to_traditional(s: &str) -> String {
    static MAP: std::sync::OnceLock<std::collections::HashMap<char, char>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m: std::collections::HashMap<char, char> = std::collections::HashMap::new();
        for (&t, &simple) in xxgk_core::normalize::traditional_pairs() {
            let e = m.entry(simple).or_insert(t);
            *e = (*e).min(t);
        }
        m
    });
    s.chars().map(|c| map.get(&c).copied().unwrap_or(c)).collect()
}

/// The blank marks a form can carry (see [`Form::keeps_empty_cells`]).
fn blank_mark(rng: &mut ChaCha8Rng, form: Form) -> &'static str {
    const MARKS: [&str; 5] = ["", "/", "—", "-", "无"];
    let first = usize::from(!form.keeps_empty_cells());
    MARKS[rng.random_range(first..MARKS.len())]
}

/// `f` as a generated test document in `form`: the prose sentences real reports print and, for
/// HTML, the portal page around it — what tests ingest as an agency's publication.
pub fn document(f: &Filled, form: Form, blank: &str) -> Vec<u8> {
    render(&blocks(f, blank, Voice::Synthetic), form, Voice::Synthetic)
}

/// Sample number `i`.
pub fn sample(opts: &Options, i: u64) -> Sample {
    // Seven consecutive samples are one organ's reports on 2019 … 2025, as a country's
    // reports are: one per organ and year.
    let base = opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let (name, tier) = organ(&mut ChaCha8Rng::seed_from_u64(base ^ (i / 7).wrapping_mul(0xD6E8_FEB8_6659_FD93)));
    let year = 2019 + (i % 7) as i32;
    let mut rng = ChaCha8Rng::seed_from_u64(base ^ i);
    // Forms in turn, shifted by organ so that a form is not tied to a year.
    let form = opts.forms[((i + i / 7) % opts.forms.len() as u64) as usize];
    let mut findings: Vec<&'static str> = Vec::new();
    let mut notes: Vec<&'static str> = Vec::new();
    let mut template = if year >= 2021 { TemplateId::T2021 } else { TemplateId::T2019 };
    let mut single_other = template == TemplateId::T2019;
    match rng.random_range(0..40) {
        // A report on 2021 or later still in the 2019 layout.
        0 if year >= 2021 => {
            template = TemplateId::T2019;
            single_other = true;
            findings.extend(["TEMPLATE-YEAR", "FEE-NOT-REPORTED"]);
            notes.push("2021年后仍用2019年模板");
        }
        // The 2021 表二 with the single （六）其他处理 row of 2019.
        1 if year >= 2021 => {
            single_other = true;
            findings.push("TEMPLATE-MIXED");
            notes.push("2021年表二配2019年表三");
        }
        _ => {}
    }
    let mut f = report(&mut rng, &name, tier, year, template, single_other);
    let planted = rng.random_bool(opts.inconsistent);
    if planted {
        let (note, codes) = plant(&mut rng, &mut f, tier);
        notes.push(note);
        findings.extend(codes);
    }
    let blank = blank_mark(&mut rng, form);
    let mut b = blocks(&f, blank, Voice::Synthetic);
    let mut applied = None;
    if rng.random_bool(opts.damage) {
        if let Some((kind, note, codes)) = damage(&mut rng, &mut f, &mut b, form, planted) {
            applied = Some(kind);
            notes.push(note);
            findings.extend(codes);
        }
    }
    if applied == Some(Damage::Fragment) {
        // Nothing but the tables: no organ, year, date or figure is stated, and no finding but
        // the fragment's own is the document's.
        findings.retain(|c| *c == "FRAGMENT");
    }
    if !b.iter().any(|x| matches!(x, Block::Heading(h) if h == SECTIONS[5])) {
        // Section 六 went with the end of a cut-off file: its fee statement is not missing
        // from the document, only from the file.
        findings.retain(|c| *c != "FEE-NOT-REPORTED");
    }
    if !f.tables[1].iter().any(|r| r.def.key == "other_handling") {
        // The single 其他处理 row went with a cut: nothing shows the mix any more.
        findings.retain(|c| *c != "TEMPLATE-MIXED");
    }
    findings.sort_unstable();
    let mut expected = f.to_json();
    if applied == Some(Damage::Glued) && f.tables[0].iter().any(|r| r.values.iter().all(Option::is_none)) {
        expected["complete"]["table2"] = json!(false);
    }
    if applied == Some(Damage::Fragment) {
        for key in ["agency", "year", "published", "index_no"] {
            expected[key] = Value::Null;
        }
        expected["narrative"] = json!({});
    }
    expected["_findings"] = json!(findings);
    expected["_planted"] = json!(notes);
    let mut bytes = render(&b, form, Voice::Synthetic);
    if applied == Some(Damage::Detached) {
        bytes = detach_labels(&String::from_utf8_lossy(&bytes), &mut rng).into_bytes();
    }
    if applied == Some(Damage::Glued) {
        // One cell per line, the line breaks gone: every cell glued to the next.
        bytes.retain(|&b| b != b'\n');
    }
    if applied == Some(Damage::Traditional) {
        bytes = to_traditional(&String::from_utf8_lossy(&bytes)).into_bytes();
    }
    if applied == Some(Damage::Metadata) && notes.contains(&"机关名称只在网页标题中") {
        // The page prints no heading: only its <title> names the report.
        let page = String::from_utf8_lossy(&bytes).into_owned();
        let kept: Vec<&str> = page.lines().filter(|l| !l.starts_with("<h1>")).collect();
        bytes = kept.join("\n").into_bytes();
    }
    if applied == Some(Damage::InScript) {
        bytes = in_script(&String::from_utf8_lossy(&bytes), rng.random_bool(0.5)).into_bytes();
    }
    if applied == Some(Damage::CutInRow) {
        // The file ends right after the last value it holds: the marks a form writes after a
        // row (a pipe scrape's `||` for merged positions) are past the cut.
        let text = String::from_utf8_lossy(&bytes);
        let end = text.trim_end_matches(|c: char| c == '|' || c.is_whitespace()).len();
        bytes.truncate(end);
    }
    Sample { stem: format!("{i:06}-{}", form.name()), form, bytes, expected }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options { seed: 7, forms: Form::ALL.to_vec(), inconsistent: 0.3, damage: 0.3 }
    }

    #[test]
    fn samples_are_a_function_of_seed_and_number() {
        let (a, b) = (sample(&opts(), 12), sample(&opts(), 12));
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.expected, b.expected);
        assert_ne!(sample(&opts(), 13).expected, a.expected);
        assert_eq!(a.stem, format!("000012-{}", Form::ALL[(12 + 1) % 7].name()));
    }

    #[test]
    fn generated_reports_keep_the_template_arithmetic() {
        let o = Options { inconsistent: 0.0, damage: 0.0, ..opts() };
        for i in 0..200 {
            let s = sample(&o, i);
            let f = Filled::from_json(&s.expected).unwrap();
            for row in &f.tables[1] {
                let v: Vec<i64> = row.values.iter().map(|v| v.unwrap().mantissa).collect();
                assert_eq!(v[..6].iter().sum::<i64>(), v[6], "{} {}", s.stem, row.def.key);
                assert!(v.iter().all(|&x| x >= 0));
            }
            let col = |k: &str, c: usize| f.row(TableId::Table3, k).unwrap().values[c].unwrap().mantissa;
            for c in 0..7 {
                assert_eq!(
                    col("new_received", c) + col("carried_over", c),
                    col("total_processed", c) + col("carried_forward", c)
                );
            }
        }
    }

    #[test]
    fn a_duplicate_is_planted_only_where_the_row_sum_tells_it_apart() {
        assert!(duplicate_is_recoverable(&[2, 0, 0, 0, 0, 0, 2], 0));
        assert!(duplicate_is_recoverable(&[0, 0, 0, 0, 0, 0, 0], 3));
        assert!(!duplicate_is_recoverable(&[0, 0, 0, 0, 0, 0, 2], 0), "dropping the 2 would add up, wrongly");
        assert!(
            !duplicate_is_recoverable(&[1, 0, 0, 0, 0, 0, 1], 6),
            "1 0 0 0 0 0 1 1: dropping a 1 from either end adds up"
        );
    }
}
