//! The extracted report and its JSON form (SPEC §3, schema `xxgk.report/1`).

use serde_json::{json, Map, Value};

use crate::diagnostic::Diagnostic;
use crate::document::Span;
use crate::i18n::Lang;
use crate::template::{RowDef, TableDef, TableId, TemplateId};
use crate::value::Num;

/// The schema id every report's JSON carries in its `schema` field.
pub const SCHEMA_ID: &str = "xxgk.report/1";

/// A cell's name in findings, comparisons and exports: `table3.granted.total`.
pub fn cell_path(table: TableId, row: &RowDef, col: usize) -> String {
    format!("{}.{}.{}", table.key(), row.key, row.columns[col].key)
}

/// A cell's name as the template prints it — `表三·（一）予以公开·自然人` — from its path
/// (`table3.granted.natural_person`); `None` for a path no template has.
pub fn cell_name(path: &str, lang: crate::Lang) -> Option<String> {
    let (def, r, c) = cell_def(path)?;
    // Each language names the cell its own way: Chinese by the template's labels, English by
    // the keys.
    let args = crate::i18n::Args::new()
        .with("table", def.id.short_zh())
        .with("row", r.label)
        .with("column", c.label)
        .with("table_key", def.id.key())
        .with("row_key", r.key)
        .with("column_key", c.key);
    Some(crate::i18n::format(lang, "cell-name", &args))
}

/// The table, row and column of any template that a cell path (`table.row.column`) names.
pub fn cell_def(
    path: &str,
) -> Option<(&'static crate::template::TableDef, &'static crate::template::RowDef, &'static crate::template::Column)> {
    let mut parts = path.split('.');
    let (table, row, col) = (parts.next()?, parts.next()?, parts.next()?);
    let (def, r) = crate::template::all_tables()
        .into_iter()
        .filter(|t| t.id.key() == table)
        .find_map(|t| t.rows.iter().find(|r| r.key == row).map(|r| (t, r)))?;
    let c = r.columns.iter().find(|c| c.key == col)?;
    Some((def, r, c))
}

/// Where the report was read from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// The file as the reader was given it, `archive.zip!member` for an archive's member and
    /// `page.html#2` for one of several reports in a file.
    pub path: String,
    /// The SHA-256 (lowercase hex) of the report's bytes, or of its stretch of a file holding
    /// several: what a store keeps its corrections and decisions by.
    pub sha256: String,
    /// The format the reader recognised: `text`, `html`, `pdf`, …
    pub format: String,
}

/// One cell of a template table: the value as stated (`None` = blank or unknown) and where it
/// came from (`None` when the document holds no cell for it).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCell {
    /// The value as the document states it.
    pub value: Option<Num>,
    /// Where the document states it.
    pub span: Option<Span>,
}

/// One row of a template table as read from the document.
#[derive(Debug, Clone, PartialEq)]
pub struct RowData {
    /// The template's row it was read as.
    pub def: &'static RowDef,
    /// Its cells, one per column of the template row, in the template's order.
    pub cells: Vec<ValueCell>,
}

impl RowData {
    /// The value of column `col` (0-based): `None` for a blank, an unknown value or no such column.
    pub fn value(&self, col: usize) -> Option<Num> {
        self.cells.get(col).and_then(|c| c.value)
    }
}

/// A template table as found in the document. Rows the document does not contain are absent.
#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    /// The template's table (its layout) the document's table was read as.
    pub def: &'static TableDef,
    /// Whether the whole table was read: false when a row of the template is missing, a row's cells
    /// could not be placed or columns were cut off.
    pub complete: bool,
    /// The rows read, in template order.
    pub rows: Vec<RowData>,
    /// Where the table starts in the source.
    pub span: Option<Span>,
}

impl TableData {
    /// The row of template key `key`, when it was read.
    pub fn row(&self, key: &str) -> Option<&RowData> {
        self.rows.iter().find(|r| r.def.key == key)
    }
}

/// A figure stated in the prose, e.g. 主动公开政府信息 263 条.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number the text states.
    pub value: i64,
    /// Where the text states it.
    pub span: Option<Span>,
}

/// Figures the running text of the report states, which the checks hold against the tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrative {
    /// 主动公开政府信息 N 条: the pieces of information disclosed proactively.
    pub proactive_total: Option<Figure>,
    /// 收到/受理…申请 N 件: the applications received (0 where the text says none were, 未收到).
    pub applications_received: Option<Figure>,
    /// Further figures the text states of the tables' values, each as the text gives it, for
    /// NARRATIVE-MISMATCH; not part of the output schema.
    pub stated: Vec<Stated>,
}

/// A figure the text states of one of [`STATED`]'s values.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    /// The key of its [`STATED`] entry.
    pub what: &'static str,
    /// The number the text states.
    pub value: i64,
    /// Where the text states it.
    pub span: Option<Span>,
}

/// What a figure of the text can state, by key, and the table cells whose sum it states.
/// `received_with_carried_over`: the applications received, in a sentence that counts last
/// year's carried-over ones in them (共收到申请185件（含上年结转15件）).
pub const STATED: &[(&str, &[&str])] = &[
    ("new_received", &["table3.new_received.total"]),
    ("received_with_carried_over", &["table3.new_received.total", "table3.carried_over.total"]),
    ("carried_over", &["table3.carried_over.total"]),
    ("carried_forward", &["table3.carried_forward.total"]),
    ("reviews", &["table4.review.total"]),
    ("lawsuits", &["table4.litigation_direct.total", "table4.litigation_after_review.total"]),
];

impl Stated {
    /// A stated figure by its key, as a store keeps it; `None` for a key [`STATED`] lacks.
    pub fn new(what: &str, value: i64, span: Option<Span>) -> Option<Stated> {
        STATED.iter().find(|(k, _)| *k == what).map(|(what, _)| Stated { what, value, span })
    }

    /// The table cells whose sum the figure states.
    pub fn cells(&self) -> &'static [&'static str] {
        STATED.iter().find(|(k, _)| *k == self.what).map_or(&[], |(_, c)| c)
    }
}

/// The six numbered sections (SPEC §2.1), as found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sections {
    /// The heading's location for sections 一 … 六 (index 0 … 5).
    pub headings: [Option<Span>; 6],
    /// Section 六 states the 信息处理费 (2021 template).
    pub fee_stated: bool,
    /// What section 五 says when it says nothing of the work's problems — empty, or only
    /// 「无」 — as the report writes it; `None` when it says something or is absent.
    pub problems_unsaid: Option<String>,
    /// Lines holding a fill-in placeholder (`【请填写…】`) that was never filled in.
    pub placeholders: Vec<Span>,
    /// The sections (0-based, first and last) the file holds when it does not hold the whole
    /// report — a file cut off inside a table, a fragment — so that the others are not
    /// reported missing; `None`: the whole report. An empty range (first > last): none.
    pub in_file: Option<(usize, usize)>,
}

/// One annual report as extracted from its document, with the findings of its checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Where it was read from.
    pub source: Source,
    /// The organ as the document names it (发布机构, title or contact line), or as given with the file.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The template its tables follow, told by the cues they print and the title's year.
    pub template: TemplateId,
    /// Publication date `YYYY-MM-DD` when stated (公文生成日期, 落款), or given with the file.
    pub published: Option<String>,
    /// The organ's level when given with the file (a manifest); otherwise the checks take it
    /// from the name ([`crate::organ::level`]).
    pub level: Option<crate::organ::Level>,
    /// 索引号 when stated.
    pub index_no: Option<String>,
    /// Years stated in the title and in the statistics period, for YEAR-MISMATCH.
    pub title_year: Option<(i32, Option<Span>)>,
    /// The year of the statistics period (统计期限自…) and where the text states it.
    pub period_year: Option<(i32, Option<Span>)>,
    /// 表二, 表三, 表四 (index by [`TableId::index`]).
    pub tables: [Option<TableData>; 3],
    /// Figures stated in the running text.
    pub narrative: Narrative,
    /// The numbered sections, as found.
    pub sections: Sections,
    /// The findings of extraction and of the single-report checks.
    pub diagnostics: Vec<Diagnostic>,
    /// The running text outside the tables, compacted (no whitespace, half-width): what
    /// full-text search and copy detection across years look at.
    pub prose: String,
}

impl Sections {
    /// Whether the file holds section `i` (0-based) at all.
    pub fn in_file(&self, i: usize) -> bool {
        self.in_file.is_none_or(|(first, last)| (first..=last).contains(&i))
    }
}

impl Report {
    /// Whether the document is an annual report at all: a notice or a portal's page uploaded by
    /// mistake (NOT-A-REPORT) names no organ and counts in no total.
    pub fn is_report(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.code == "NOT-A-REPORT")
    }

    /// The table `id`, when the document holds it.
    pub fn table(&self, id: TableId) -> Option<&TableData> {
        self.tables[id.index()].as_ref()
    }

    /// The cell of table `table`, row `row`, column `col` (keys), when the tables hold it.
    pub fn cell(&self, table: TableId, row: &str, col: &str) -> Option<&ValueCell> {
        let row = self.table(table)?.row(row)?;
        row.cells.get(row.def.columns.iter().position(|c| c.key == col)?)
    }

    /// [`Report::cell`] by its path, `table.row.column`.
    pub fn cell_at(&self, path: &str) -> Option<&ValueCell> {
        let mut parts = path.split('.');
        let (table, row, col) = (parts.next()?, parts.next()?, parts.next()?);
        self.cell(TableId::ALL.into_iter().find(|t| t.key() == table)?, row, col)
    }

    /// The value at `path` (`table.row.column`), when the tables hold it.
    pub fn value_at(&self, path: &str) -> Option<Num> {
        self.cell_at(path)?.value
    }

    /// Whether the cell at `path` (`table.row.column`) was read from the document — `None`
    /// for a path that names no cell of the tables read (a row the table lacks, a figure of
    /// the prose, a whole table).
    pub fn cell_read(&self, path: &str) -> Option<bool> {
        Some(self.cell_at(path)?.span.is_some())
    }

    /// Every value of the tables, with its table and [`cell_path`], in template order.
    pub fn cells(&self) -> impl Iterator<Item = (TableId, String, Option<Num>)> + '_ {
        self.tables.iter().flatten().flat_map(|t| {
            t.rows.iter().flat_map(move |row| {
                row.cells.iter().enumerate().map(move |(c, v)| (t.def.id, cell_path(t.def.id, row.def, c), v.value))
            })
        })
    }

    /// The JSON object of SPEC §3, with finding messages in `lang`.
    pub fn to_json(&self, lang: Lang) -> Value {
        let mut o = Map::new();
        o.insert("schema".into(), json!(SCHEMA_ID));
        o.insert(
            "source".into(),
            json!({"path": self.source.path, "sha256": self.source.sha256, "format": self.source.format}),
        );
        o.insert("agency".into(), json!(self.agency));
        o.insert("year".into(), json!(self.year));
        o.insert("template".into(), json!(self.template.as_str()));
        o.insert("published".into(), json!(self.published));
        o.insert("index_no".into(), json!(self.index_no));
        let mut complete = Map::new();
        for id in TableId::ALL {
            complete.insert(id.key().into(), json!(self.table(id).is_some_and(|t| t.complete)));
        }
        o.insert("complete".into(), Value::Object(complete));
        let mut provenance = Map::new();
        for id in TableId::ALL {
            if let Some(t) = self.table(id) {
                let mut values = Map::new();
                let mut spans = Map::new();
                for row in &t.rows {
                    let vals: Vec<Value> =
                        row.cells.iter().map(|c| c.value.map_or(Value::Null, |n| n.to_json())).collect();
                    let sp: Vec<Value> = row.cells.iter().map(|c| json!(c.span)).collect();
                    values.insert(row.def.key.into(), Value::Array(vals));
                    spans.insert(row.def.key.into(), Value::Array(sp));
                }
                o.insert(id.key().into(), Value::Object(values));
                provenance.insert(id.key().into(), Value::Object(spans));
            }
        }
        let mut narrative = Map::new();
        if let Some(f) = &self.narrative.proactive_total {
            narrative.insert("proactive_total".into(), json!(f.value));
        }
        if let Some(f) = &self.narrative.applications_received {
            narrative.insert("applications_received".into(), json!(f.value));
        }
        o.insert("narrative".into(), Value::Object(narrative));
        o.insert("provenance".into(), Value::Object(provenance));
        let diags: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                json!({
                    "code": d.code,
                    "severity": d.severity.as_str(),
                    "message": d.message(lang),
                    "message_id": d.message,
                    "args": d.args,
                    "location": d.span,
                    "cells": d.cells,
                })
            })
            .collect();
        o.insert("diagnostics".into(), Value::Array(diags));
        Value::Object(o)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_named_as_the_template_names_them() {
        assert_eq!(
            super::cell_name("table3.granted.natural_person", crate::Lang::default()).as_deref(),
            Some("表三·（一）予以公开·自然人")
        );
        assert_eq!(
            super::cell_name("table4.review.total", crate::Lang::default()).as_deref(),
            Some("表四·行政复议·总计")
        );
        assert_eq!(super::cell_name("table9.x.y", crate::Lang::default()), None);
    }
}
