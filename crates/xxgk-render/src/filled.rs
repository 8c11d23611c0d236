//! The values of one report — what an author states, what a parse found, what `synth` invents —
//! in the shape the renderers write from.
//!
//! It is read from and written to the value keys of the report JSON (SPEC §3): the output of
//! `xxgk parse --json`, an `X.expected.json`, or a skeleton from `xxgk new` all work as input.

use serde_json::{json, Map, Value};
use xxgk_core::template::{RowDef, TableDef, TABLE2_2021, TABLE4};
use xxgk_core::{Num, TableId, TemplateId};

/// One template row and its values (`None`: blank in the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The template row.
    pub def: &'static RowDef,
    /// Its values, one per column of the row.
    pub values: Vec<Option<Num>>,
}

/// A report's values. A table with no rows is absent from the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The organ, as the title, 发布机构 and 落款 print it.
    pub agency: String,
    /// The year reported on.
    pub year: i32,
    /// `T2021` or `T2019`: the layout of 表二 (表三's 其他处理 block follows its rows).
    pub template: TemplateId,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// 索引号, printed above the text when given.
    pub index_no: Option<String>,
    /// 表二, 表三, 表四 rows in template order (index by [`TableId::index`]).
    pub tables: [Vec<Row>; 3],
    /// Figures the prose states: 主动公开政府信息 N 条, 收到申请 N 件.
    pub proactive_total: Option<i64>,
    /// The applications received that the prose states (收到申请 N 件).
    pub applications_received: Option<i64>,
    /// The author's text of the sections that are prose: what `render` writes there. Absent
    /// text is a visible placeholder in the document, never a sentence made up for the agency.
    pub prose: Prose,
}

/// The prose sections an author writes (report JSON key `prose`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prose {
    /// 一、总体情况.
    pub overview: Option<String>,
    /// 五、存在的主要问题及改进情况.
    pub problems: Option<String>,
    /// 六、其他需要报告的事项.
    pub other: Option<String>,
}

impl Prose {
    const KEYS: [&'static str; 3] = ["overview", "problems", "other"];

    fn get(&self, key: &str) -> &Option<String> {
        match key {
            "overview" => &self.overview,
            "problems" => &self.problems,
            _ => &self.other,
        }
    }

    fn get_mut(&mut self, key: &str) -> &mut Option<String> {
        match key {
            "overview" => &mut self.overview,
            "problems" => &mut self.problems,
            _ => &mut self.other,
        }
    }
}

/// Why a JSON value cannot be rendered as a report: a message of the catalogue, naming the
/// place in the JSON.
pub type FillError = xxgk_core::i18n::Message;

impl Filled {
    /// The layout a table of this report follows: 表三's by its 其他处理 rows (one or three).
    pub fn def(&self, id: TableId) -> &'static TableDef {
        match id {
            TableId::Table2 => self.template.table2().unwrap_or(&TABLE2_2021),
            TableId::Table3 => table3_def(self.template, self.tables[1].iter().map(|r| r.def.key)),
            TableId::Table4 => &TABLE4,
        }
    }

    /// The row of table `id` whose template key is `key`, when the table holds it.
    pub fn row(&self, id: TableId, key: &str) -> Option<&Row> {
        self.tables[id.index()].iter().find(|r| r.def.key == key)
    }

    /// [`Filled::row`], to change its values.
    pub fn row_mut(&mut self, id: TableId, key: &str) -> Option<&mut Row> {
        self.tables[id.index()].iter_mut().find(|r| r.def.key == key)
    }

    /// Every row of every table, present and blank.
    pub fn blank(agency: &str, year: i32, template: TemplateId) -> Filled {
        let mut f = Filled {
            agency: agency.to_string(),
            year,
            template,
            published: None,
            index_no: None,
            tables: Default::default(),
            proactive_total: None,
            applications_received: None,
            prose: Prose::default(),
        };
        for id in TableId::ALL {
            let def = f.def(id);
            f.tables[id.index()] =
                def.rows.iter().map(|d| Row { def: d, values: vec![None; d.columns.len()] }).collect();
        }
        f
    }

    /// Whether a table holds every row of its layout.
    pub fn complete(&self, id: TableId) -> bool {
        let rows = &self.tables[id.index()];
        !rows.is_empty() && rows.len() == self.def(id).rows.len()
    }

    /// Read the value keys of a report JSON object.
    pub fn from_json(v: &Value) -> Result<Filled, FillError> {
        let key = v.get("template").and_then(Value::as_str);
        let template = match key.map_or(TemplateId::Other, TemplateId::from_key) {
            TemplateId::Other => {
                return Err(FillError::new("render-template").with("template", key.unwrap_or("(none)")));
            }
            t => t,
        };
        let year = v
            .get("year")
            .and_then(Value::as_i64)
            .and_then(|y| i32::try_from(y).ok())
            .ok_or_else(|| FillError::new("render-no-year"))?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let mut f = Filled {
            agency: text("agency").unwrap_or_default(),
            year,
            template,
            published: text("published"),
            index_no: text("index_no"),
            tables: Default::default(),
            proactive_total: v.pointer("/narrative/proactive_total").and_then(Value::as_i64),
            applications_received: v.pointer("/narrative/applications_received").and_then(Value::as_i64),
            prose: Prose::default(),
        };
        for key in Prose::KEYS {
            let text = v
                .get("prose")
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty());
            *f.prose.get_mut(key) = text.map(str::to_string);
        }
        for id in TableId::ALL {
            let Some(obj) = v.get(id.key()) else { continue };
            let obj = obj.as_object().ok_or_else(|| FillError::new("render-not-object").with("place", id.key()))?;
            let def = match id {
                TableId::Table3 => table3_def(template, obj.keys().map(String::as_str)),
                _ => f.def(id),
            };
            f.tables[id.index()] = read_rows(id, def, obj)?;
        }
        Ok(f)
    }

    /// The value keys of the report JSON (SPEC §3), as `X.expected.json` holds them.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("agency".into(), json!(self.agency));
        o.insert("year".into(), json!(self.year));
        o.insert("template".into(), json!(self.template.as_str()));
        if let Some(p) = &self.published {
            o.insert("published".into(), json!(p));
        }
        if let Some(i) = &self.index_no {
            o.insert("index_no".into(), json!(i));
        }
        let complete: Map<String, Value> =
            TableId::ALL.iter().map(|&id| (id.key().to_string(), json!(self.complete(id)))).collect();
        o.insert("complete".into(), Value::Object(complete));
        for id in TableId::ALL {
            let rows = &self.tables[id.index()];
            if rows.is_empty() {
                continue;
            }
            let t: Map<String, Value> = rows
                .iter()
                .map(|r| {
                    (r.def.key.to_string(), r.values.iter().map(|v| v.map_or(Value::Null, |n| n.to_json())).collect())
                })
                .collect();
            o.insert(id.key().into(), Value::Object(t));
        }
        let mut n = Map::new();
        if let Some(p) = self.proactive_total {
            n.insert("proactive_total".into(), json!(p));
        }
        if let Some(a) = self.applications_received {
            n.insert("applications_received".into(), json!(a));
        }
        o.insert("narrative".into(), Value::Object(n));
        if Prose::KEYS.iter().any(|k| self.prose.get(k).is_some()) {
            let p: Map<String, Value> = Prose::KEYS.iter().map(|k| (k.to_string(), json!(self.prose.get(k)))).collect();
            o.insert("prose".into(), Value::Object(p));
        }
        Value::Object(o)
    }

    /// The JSON an author fills in (`xxgk new`): every row an object naming its columns
    /// (`{"natural_person": null, …}`), and the prose sections, so that no value is a bare
    /// position in an array. [`Filled::from_json`] reads it like the array form.
    pub fn to_skeleton(&self) -> Value {
        let mut v = self.to_json();
        for id in TableId::ALL {
            for row in &self.tables[id.index()] {
                let cells: Map<String, Value> = row
                    .def
                    .columns
                    .iter()
                    .zip(&row.values)
                    .map(|(c, v)| (c.key.to_string(), v.map_or(Value::Null, |n| n.to_json())))
                    .collect();
                v[id.key()][row.def.key] = Value::Object(cells);
            }
        }
        v["prose"] =
            Prose::KEYS.iter().map(|k| (k.to_string(), json!(self.prose.get(k)))).collect::<Map<_, _>>().into();
        v
    }
}

/// 表三's layout: the single （六）其他处理 row or the three of 2021, whichever the rows use;
/// the template's own when they use neither.
fn table3_def<'a>(template: TemplateId, mut keys: impl Iterator<Item = &'a str>) -> &'static TableDef {
    template.table3(keys.find(|k| k.starts_with("other_")).map(|k| k == "other_handling"))
}

fn read_rows(id: TableId, def: &'static TableDef, obj: &Map<String, Value>) -> Result<Vec<Row>, FillError> {
    if let Some(unknown) = obj.keys().find(|k| !def.rows.iter().any(|r| r.key == k.as_str())) {
        return Err(FillError::new("render-no-row").with("place", format!("{}.{unknown}", id.key())));
    }
    let mut rows = Vec::new();
    for d in def.rows {
        let Some(vals) = obj.get(d.key) else { continue };
        let where_ = format!("{}.{}", id.key(), d.key);
        let keys: Vec<&str> = d.columns.iter().map(|c| c.key).collect();
        let shape = || {
            FillError::new("render-row-shape")
                .with("place", where_.as_str())
                .with("n", d.columns.len())
                .with("columns", keys.clone())
        };
        let values = match vals {
            Value::Array(a) if a.len() == d.columns.len() => {
                a.iter().map(|v| number(v, &where_)).collect::<Result<_, _>>()?
            }
            Value::Object(o) => {
                if let Some(unknown) = o.keys().find(|k| !keys.contains(&k.as_str())) {
                    return Err(FillError::new("render-no-column").with("place", format!("{where_}.{unknown}")));
                }
                keys.iter()
                    .map(|c| o.get(*c).map_or(Ok(None), |v| number(v, &format!("{where_}.{c}"))))
                    .collect::<Result<_, _>>()?
            }
            _ => return Err(shape()),
        };
        rows.push(Row { def: d, values });
    }
    Ok(rows)
}

/// A JSON value as an exact number: `null` is a blank cell; decimals keep the digits JSON shows.
fn number(v: &Value, place: &str) -> Result<Option<Num>, FillError> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(Num::int(i))),
            None => xxgk_core::normalize::parse_number(&n.to_string()).map(Some).ok_or_else(|| bad(place, v)),
        },
        _ => Err(bad(place, v)),
    }
}

fn bad(place: &str, v: &Value) -> FillError {
    FillError::new("render-not-number").with("place", place).with("value", v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_blanks_decimals_and_the_other_block() {
        let mut f = Filled::blank("青禾市测试局", 2020, TemplateId::T2019);
        f.row_mut(TableId::Table2, "government_procurement").unwrap().values =
            vec![Some(Num::int(3)), Some(Num { mantissa: 241982, scale: 4, signed: false })];
        f.proactive_total = Some(12);
        let back = Filled::from_json(&f.to_json()).unwrap();
        assert_eq!(back, f);
        assert!(back.row(TableId::Table3, "other_handling").is_some());
        assert_eq!(back.to_json()["table2"]["government_procurement"], json!([3, 24.1982]));
    }

    #[test]
    fn wrong_shapes_are_refused_with_the_place() {
        let e =
            Filled::from_json(&json!({"template": "2021", "year": 2023, "table4": {"review": [1, 2]}})).unwrap_err();
        let [zh, en] = xxgk_core::Lang::ALL.map(|lang| e.words(lang));
        assert_eq!(
            zh,
            "table4.review 应为 5 个值的数组，或以列名（upheld、corrected、other、pending、total）为键的对象"
        );
        assert_eq!(en, "table4.review must be an array of 5 values or an object keyed by column (upheld, corrected, other, pending, total)");
        let e = Filled::from_json(&json!({"template": "2021", "year": 2023, "table2": {"rules": [1]}})).unwrap_err();
        assert!(e.words(xxgk_core::Lang::default()).contains("table2.rules"), "{e:?}");
        assert!(Filled::from_json(&json!({"template": "other", "year": 2015})).is_err());
    }
}
