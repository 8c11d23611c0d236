//! The HTML reader and the extractor on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xxgk_read::read_html(data) {
        let source = xxgk_core::Source { path: "fuzz.html".into(), ..Default::default() };
        let _ = xxgk_core::parse(&doc, source).to_json(xxgk_core::Lang::Zh);
    }
});
