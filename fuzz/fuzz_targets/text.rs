//! The text reader and the extractor on arbitrary bytes: no input may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((doc, source)) = xxgk_read::read_bytes("fuzz.txt", data) {
        let report = xxgk_core::parse(&doc, source);
        let _ = report.to_json(xxgk_core::Lang::Zh);
    }
});
