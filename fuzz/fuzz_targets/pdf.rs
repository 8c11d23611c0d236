//! The PDF reader (pdf_oxide behind our glyph layout) and the extractor on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xxgk_pdf::read_pdf(data) {
        let source = xxgk_core::Source { path: "fuzz.pdf".into(), ..Default::default() };
        let _ = xxgk_core::parse(&doc, source).to_json(xxgk_core::Lang::Zh);
    }
});
