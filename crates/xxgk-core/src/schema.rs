//! The JSON Schema of `xxgk parse --json` output, generated from the template data so that it
//! can never disagree with what the extractor emits.

use serde_json::{json, Map, Value};

use crate::report::SCHEMA_ID;
use crate::template::{all_tables, Kind, TableId};

fn value_schema(kind: Kind, label: &str) -> Value {
    let ty = match kind {
        Kind::Count => json!({"type": ["integer", "null"], "minimum": 0}),
        Kind::Amount => json!({"type": ["number", "null"]}),
        Kind::Delta => json!({"type": ["integer", "null"]}),
    };
    let mut o = ty.as_object().cloned().unwrap_or_default();
    o.insert("description".into(), json!(label));
    Value::Object(o)
}

fn table_schema(id: TableId) -> Value {
    // Row keys of every layout of this table (2021 and 2019 variants).
    let mut props = Map::new();
    for def in all_tables().iter().filter(|t| t.id == id) {
        for row in def.rows {
            if props.contains_key(row.key) {
                continue;
            }
            let items: Vec<Value> = row.columns.iter().map(|c| value_schema(c.kind, c.label)).collect();
            props.insert(
                row.key.into(),
                json!({
                    "description": row.label,
                    "type": "array",
                    "prefixItems": items,
                    "minItems": row.columns.len(),
                    "maxItems": row.columns.len(),
                }),
            );
        }
    }
    json!({"type": "object", "properties": props, "additionalProperties": false})
}

/// The schema as a JSON value.
pub fn schema() -> Value {
    let span = json!({
        "oneOf": [
            {"type": "null"},
            {"type": "object", "required": ["line", "col", "byte"],
             "properties": {"line": {"type": "integer"}, "col": {"type": "integer"},
                            "byte": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}},
            {"type": "object", "required": ["page", "bbox"],
             "properties": {"page": {"type": "integer"}, "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}}},
            {"type": "object", "required": ["table", "row", "cell"],
             "properties": {"table": {"type": "integer"}, "row": {"type": "integer"}, "cell": {"type": "integer"}}}
        ]
    });
    let mut tables = Map::new();
    for id in TableId::ALL {
        tables.insert(id.key().into(), table_schema(id));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "xxgk report",
        "description": "One government information disclosure annual report (政府信息公开工作年度报告), as extracted by xxgk.",
        "type": "object",
        "required": ["schema", "source", "agency", "year", "template", "complete", "narrative", "provenance", "diagnostics"],
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "source": {"type": "object", "required": ["path", "sha256", "format"],
                       "properties": {
                           "path": {"type": "string", "description": "The file; `archive.zip!member` for an archive member; `page.html#2` for the second of several reports in one file."},
                           "sha256": {"type": "string", "description": "SHA-256 of the bytes the report was read from: the file, the archive member, or the report's stretch of a file holding several."},
                           "format": {"type": "string"}}},
            "agency": {"type": ["string", "null"], "description": "The issuing organ as the document names it."},
            "year": {"type": ["integer", "null"], "description": "The year reported on (not the publication year)."},
            "template": {"enum": ["2021", "2019", "other"]},
            "published": {"type": ["string", "null"], "description": "Publication date YYYY-MM-DD when stated."},
            "index_no": {"type": ["string", "null"], "description": "索引号 when stated."},
            "complete": {"type": "object", "properties": {
                "table2": {"type": "boolean"}, "table3": {"type": "boolean"}, "table4": {"type": "boolean"}}},
            "table2": tables["table2"],
            "table3": tables["table3"],
            "table4": tables["table4"],
            "narrative": {"type": "object", "properties": {
                "proactive_total": {"type": "integer", "description": "主动公开政府信息 N 条, as stated in the text."},
                "applications_received": {"type": "integer", "description": "收到/受理政府信息公开申请 N 件, as stated in the text."}}},
            "provenance": {"type": "object", "description": "Mirrors table2/table3/table4: the source location of every value, null where the document has no cell.",
                           "additionalProperties": {"type": "object", "additionalProperties": {"type": "array", "items": span}}},
            "diagnostics": {"type": "array", "items": {"type": "object", "required": ["code", "severity", "message"],
                "properties": {"code": {"type": "string"}, "severity": {"enum": ["error", "warning", "info"]},
                               "message": {"type": "string", "description": "The finding in the language asked for."},
                               "message_id": {"type": "string", "description": "The catalogue id of its words (finding-…)."},
                               "args": {"type": "object", "description": "The named arguments of its words."},
                               "location": span,
                               "cells": {"type": "array", "items": {"type": "string"}}}}}
        }
    })
}
