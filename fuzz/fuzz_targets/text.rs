//! The text reader, the split of a file into its reports, and the extractor on arbitrary bytes:
//! no input may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for (doc, source) in xxgk_read::read_all_bytes("fuzz.txt", data).into_iter().flatten() {
        let report = xxgk_core::parse(&doc, source);
        let _ = report.to_json(xxgk_core::Lang::Zh);
    }
});
