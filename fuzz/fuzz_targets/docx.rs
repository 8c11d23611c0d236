//! The DOCX reader and the extractor on arbitrary bytes (mutated archives and XML).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xxgk_read::read_docx(data) {
        let source = xxgk_core::Source { path: "fuzz.docx".into(), ..Default::default() };
        let _ = xxgk_core::parse(&doc, source).to_json(xxgk_core::Lang::Zh);
    }
});
