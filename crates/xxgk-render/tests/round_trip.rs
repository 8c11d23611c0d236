//! Rendered reports read back to exactly their values.

use std::path::Path;

use xxgk_core::Lang;
use xxgk_render::{render, Filled, Form};

fn read_back(bytes: &[u8], name: &str) -> serde_json::Value {
    let (doc, src) = xxgk_read::read_bytes(name, bytes).unwrap_or_else(|e| panic!("{}", e.en()));
    xxgk_core::parse(&doc, src).to_json(Lang::En)
}

#[test]
fn examples_round_trip_in_every_form() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for name in ["a-markdown", "b-word-tsv", "f-2019-template-gbk", "d-one-cell-per-line"] {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap()).unwrap();
        let f = Filled::from_json(&v).unwrap();
        for form in Form::ALL {
            let blank = if form.keeps_empty_cells() { "" } else { "/" };
            let bytes = render(&f, form, blank);
            let got = read_back(&bytes, &format!("x.{}", form.extension()));
            let want = f.to_json();
            let mut bad = Vec::new();
            for (k, v) in want.as_object().unwrap() {
                if got.get(k) != Some(v) {
                    bad.push(format!("{k}: want {v}\n   got {}", got.get(k).unwrap_or(&serde_json::Value::Null)));
                }
            }
            if std::env::var_os("XXGK_DUMP").is_some() || !bad.is_empty() {
                std::fs::write(format!("/tmp/rt-{name}.{}", form.name()), &bytes).unwrap();
            }
            assert!(bad.is_empty(), "{name} as {}:\n{}", form.name(), bad.join("\n"));
        }
    }
}
