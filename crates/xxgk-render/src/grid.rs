//! The printed layout of 表二, 表三 and 表四 as the templates draw them (SPEC §2): a grid of
//! cells with their row and column spans. Every output form is written from this one grid, so
//! HTML and DOCX get the real merged cells and the text forms get the padding that converters
//! leave where cells were merged.

use xxgk_core::template::Kind;
use xxgk_core::template::RowDef;
use xxgk_core::{Num, TableId};

use crate::filled::{Filled, Row};

/// One cell as drawn, at the top-left of its span.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// What the cell says: a heading, a row label, or a value as printed (a blank as the caller
    /// marks it).
    pub text: String,
    /// How many rows it spans.
    pub rowspan: usize,
    /// How many column positions it spans.
    pub colspan: usize,
    /// A value cell (not a header or a label).
    pub value: bool,
    /// The template's row and column a value cell states (`("granted", "total")`): what a page
    /// marks, corrects and links to its source. `None` for headings, and for the blanks drawn
    /// where a report lacks a group of 表四.
    pub key: Option<(&'static str, &'static str)>,
}

impl GridCell {
    fn head(text: &str, rowspan: usize, colspan: usize) -> GridCell {
        GridCell { text: text.to_string(), rowspan, colspan, value: false, key: None }
    }
}

/// What occupies one position of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot<'a> {
    /// The top-left position of a cell.
    Origin(&'a GridCell),
    /// Covered by the cell above (row span); carries that cell.
    Below(&'a GridCell),
    /// Covered by the cell to the left (column span).
    Right,
}

/// One table as its template draws it: its cells with their spans, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Which table it draws.
    pub table: TableId,
    /// How many column positions wide it is.
    pub columns: usize,
    /// The cells that start in each row, left to right.
    pub rows: Vec<Vec<GridCell>>,
    /// For each row, the template row whose values it states (`None` for headings); 表四's
    /// single row of fifteen values carries the first of its three, `review`.
    pub keys: Vec<Option<&'static str>>,
    /// A page number printed before a row (text forms of paged documents only).
    pub page_breaks: Vec<(usize, String)>,
}

impl Grid {
    fn new(table: TableId, columns: usize) -> Grid {
        Grid { table, columns, rows: Vec::new(), keys: Vec::new(), page_breaks: Vec::new() }
    }

    fn push(&mut self, key: Option<&'static str>, cells: Vec<GridCell>) {
        self.rows.push(cells);
        self.keys.push(key);
    }

    /// How many rows at the top are the table's header (no template row's values), to be
    /// repeated on each printed page.
    pub fn header_rows(&self) -> usize {
        self.keys.iter().take_while(|k| k.is_none()).count()
    }

    /// Every position of every row: which cell starts there or covers it. A row holding more
    /// cells than the grid has columns (a damaged table) simply runs longer.
    pub fn slots(&self) -> Vec<Vec<Slot<'_>>> {
        let mut below: Vec<Option<(&GridCell, usize)>> = vec![None; self.columns];
        let mut out = Vec::with_capacity(self.rows.len());
        for cells in &self.rows {
            let mut row = Vec::with_capacity(self.columns);
            let mut cells = cells.iter();
            let mut col = 0;
            loop {
                if let Some(Some((cell, left))) = below.get_mut(col) {
                    let cell: &GridCell = cell;
                    row.push(Slot::Below(cell));
                    row.extend(std::iter::repeat_n(Slot::Right, cell.colspan - 1));
                    *left -= 1;
                    if *left == 0 {
                        below[col] = None;
                    }
                    col += cell.colspan;
                    continue;
                }
                let Some(cell) = cells.next() else {
                    if col >= self.columns {
                        break;
                    }
                    // A row with fewer cells than columns: nothing drawn there.
                    col += 1;
                    continue;
                };
                if cell.rowspan > 1 {
                    if below.len() <= col {
                        below.resize(col + 1, None);
                    }
                    below[col] = Some((cell, cell.rowspan - 1));
                }
                row.push(Slot::Origin(cell));
                row.extend(std::iter::repeat_n(Slot::Right, cell.colspan - 1));
                col += cell.colspan;
            }
            out.push(row);
        }
        out
    }

    /// The row that states a template row's values.
    pub fn row_of(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| *k == Some(key))
    }
}

/// How a value is written: the template prints 本年增/减 with its sign; a blank as the
/// report's chosen mark (`/`, `—`, or nothing).
pub fn value_text(v: Option<Num>, kind: Kind, blank: &str) -> String {
    match v {
        None => blank.to_string(),
        Some(n) if kind == Kind::Delta && n.mantissa > 0 => format!("+{n}"),
        Some(n) => n.to_string(),
    }
}

fn values(row: &Row, blank: &str) -> Vec<GridCell> {
    row.values
        .iter()
        .zip(row.def.columns)
        .map(|(v, c)| GridCell {
            text: value_text(*v, c.kind, blank),
            rowspan: 1,
            colspan: 1,
            value: true,
            key: Some((row.def.key, c.key)),
        })
        .collect()
}

/// 表二's blocks: the article of 《条例》第二十条 and the rows printed under it.
const T2_BLOCKS: &[(&str, &[&str])] = &[
    ("第二十条第（一）项", &["regulations", "normative_documents"]),
    ("第二十条第（五）项", &["administrative_licensing", "other_management_services"]),
    ("第二十条第（六）项", &["administrative_punishment", "administrative_coercion"]),
    ("第二十条第（八）项", &["administrative_fees"]),
    ("第二十条第（九）项", &["government_procurement"]),
];

/// 表三's groups of outcome rows, by key prefix, with the label drawn down their side.
const T3_GROUPS: &[(&str, &str)] = &[
    ("withheld_", "（三）不予公开"),
    ("unable_", "（四）无法提供"),
    ("not_processed_", "（五）不予处理"),
    ("other_no", "（六）其他处理"),
    ("other_unpaid", "（六）其他处理"),
    ("other_other", "（六）其他处理"),
];

/// The text of 表三's top-left heading cell, on the table's arithmetic.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The headings of 表三's five columns under 法人或其他组织.
pub const APPLICANTS: [&str; 5] = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"];
const RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The grid of one table of `f`, or `None` when the report does not have it.
pub fn grid(f: &Filled, id: TableId, blank: &str) -> Option<Grid> {
    let rows = &f.tables[id.index()];
    (!rows.is_empty()).then(|| table_grid(id, rows, blank))
}

/// The grid of table `id` drawn over `rows` (template rows in the template's order, as a
/// report holds them): what the review page draws a report's tables from, as the documents do.
pub fn table_grid(id: TableId, rows: &[Row], blank: &str) -> Grid {
    match id {
        TableId::Table2 => table2(rows, blank),
        TableId::Table3 => table3(rows, blank),
        TableId::Table4 => table4(rows, blank),
    }
}

fn table2(rows: &[Row], blank: &str) -> Grid {
    const WIDTH: usize = 4;
    let mut g = Grid::new(TableId::Table2, WIDTH);
    for (article, keys) in T2_BLOCKS {
        let block: Vec<&Row> = keys.iter().filter_map(|k| rows.iter().find(|r| r.def.key == *k)).collect();
        let Some(first) = block.first() else { continue };
        g.push(None, vec![GridCell::head(article, 1, WIDTH)]);
        let mut head = vec![GridCell::head("信息内容", 1, 1)];
        head.extend(first.def.columns.iter().map(|c| GridCell::head(c.label, 1, 1)));
        widen_last(&mut head, WIDTH);
        g.push(None, head);
        for row in block {
            let mut cells = vec![GridCell::head(row.def.label, 1, 1)];
            cells.extend(values(row, blank));
            widen_last(&mut cells, WIDTH);
            g.push(Some(row.def.key), cells);
        }
    }
    g
}

/// Let the last cell of a short row span the rest of the table, as the template draws it.
fn widen_last(cells: &mut [GridCell], width: usize) {
    let used: usize = cells.iter().map(|c| c.colspan).sum();
    if let Some(last) = cells.last_mut() {
        last.colspan += width.saturating_sub(used);
    }
}

fn group_of(def: &RowDef) -> Option<&'static str> {
    T3_GROUPS.iter().find(|(p, _)| def.key.starts_with(p)).map(|(_, g)| *g)
}

fn table3(rows: &[Row], blank: &str) -> Grid {
    let mut g = Grid::new(TableId::Table3, 10);
    g.push(None, vec![GridCell::head(T3_NOTE, 3, 3), GridCell::head("申请人情况", 1, 7)]);
    g.push(
        None,
        vec![GridCell::head("自然人", 2, 1), GridCell::head("法人或其他组织", 1, 5), GridCell::head("总计", 2, 1)],
    );
    g.push(None, APPLICANTS.iter().map(|a| GridCell::head(a, 1, 1)).collect());
    let outcome = |r: &Row| !matches!(r.def.key, "new_received" | "carried_over" | "carried_forward");
    let results = rows.iter().filter(|r| outcome(r)).count();
    let mut results_drawn = false;
    for (i, row) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        if !outcome(row) {
            cells.push(GridCell::head(row.def.label, 1, 3));
        } else {
            if !results_drawn {
                cells.push(GridCell::head("三、本年度办理结果", results, 1));
                results_drawn = true;
            }
            match group_of(row.def) {
                Some(group) => {
                    let starts = i == 0 || group_of(rows[i - 1].def) != Some(group);
                    if starts {
                        let span = rows[i..].iter().take_while(|r| group_of(r.def) == Some(group)).count();
                        cells.push(GridCell::head(group, span, 1));
                    }
                    cells.push(GridCell::head(row.def.label, 1, 1));
                }
                None => cells.push(GridCell::head(row.def.label, 1, 2)),
            }
        }
        cells.extend(values(row, blank));
        g.push(Some(row.def.key), cells);
    }
    g
}

fn table4(rows: &[Row], blank: &str) -> Grid {
    let mut g = Grid::new(TableId::Table4, 15);
    g.push(None, vec![GridCell::head("行政复议", 1, 5), GridCell::head("行政诉讼", 1, 10)]);
    let mut second: Vec<GridCell> = RESULTS.iter().map(|r| GridCell::head(r, 2, 1)).collect();
    second.push(GridCell::head("未经复议直接起诉", 1, 5));
    second.push(GridCell::head("复议后起诉", 1, 5));
    g.push(None, second);
    g.push(None, RESULTS.iter().chain(RESULTS.iter()).map(|r| GridCell::head(r, 1, 1)).collect());
    // One row of fifteen numbers; a group the report lacks is left blank.
    let mut cells = Vec::new();
    for key in ["review", "litigation_direct", "litigation_after_review"] {
        match rows.iter().find(|r| r.def.key == key) {
            Some(r) => cells.extend(values(r, blank)),
            None => cells.extend((0..5).map(|_| GridCell {
                text: String::new(),
                rowspan: 1,
                colspan: 1,
                value: true,
                key: None,
            })),
        }
    }
    g.push(Some("review"), cells);
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_core::TemplateId;

    fn shape(g: &Grid) -> Vec<String> {
        g.slots()
            .iter()
            .map(|r| {
                r.iter()
                    .map(|s| match s {
                        Slot::Origin(_) => 'O',
                        Slot::Below(_) => 'B',
                        Slot::Right => '-',
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn table3_merges_as_the_template_draws_them() {
        let f = Filled::blank("测试局", 2023, TemplateId::T2021);
        let g = grid(&f, TableId::Table3, "").unwrap();
        let s = shape(&g);
        assert_eq!(s[0], "O--O------");
        assert_eq!(s[1], "B--OO----O");
        assert_eq!(s[2], "B--BOOOOOB");
        assert_eq!(s[3], "O--OOOOOOO", "一、本年新收");
        assert_eq!(s[5], "OO-OOOOOOO", "（一）予以公开 opens 三、本年度办理结果");
        assert_eq!(s[7], "BOOOOOOOOO", "（三）不予公开 opens its group");
        assert_eq!(s[8], "BBOOOOOOOO");
        assert!(s.iter().all(|r| r.len() == 10));
        assert_eq!(g.row_of("carried_forward"), Some(g.rows.len() - 1));
    }

    #[test]
    fn table2_single_values_span_the_row() {
        let f = Filled::blank("测试局", 2020, TemplateId::T2019);
        let g = grid(&f, TableId::Table2, "/").unwrap();
        let fees = g.row_of("administrative_fees").unwrap();
        assert_eq!(g.rows[fees].iter().map(|c| c.colspan).collect::<Vec<_>>(), [1, 1, 2]);
        assert_eq!(shape(&g).len(), 18);
        assert_eq!(value_text(Some(Num::int(3)), Kind::Delta, "/"), "+3");
        assert_eq!(value_text(None, Kind::Count, "—"), "—");
    }
}
