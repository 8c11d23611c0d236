//! `xxgk synth`: write a corpus of generated reports, each with its `X.expected.json`.

use std::path::Path;
use std::process::ExitCode;

use xxgk_render::synth::{sample, Options};

pub fn run(n: u64, out: &Path, opts: &Options) -> std::io::Result<ExitCode> {
    std::fs::create_dir_all(out)?;
    for i in 0..n {
        let s = sample(opts, i);
        std::fs::write(out.join(s.file_name()), &s.bytes)?;
        let mut expected = serde_json::to_string_pretty(&s.expected).unwrap_or_default();
        expected.push('\n');
        std::fs::write(out.join(format!("{}.expected.json", s.stem)), expected)?;
    }
    let forms: Vec<&str> = opts.forms.iter().map(|f| f.name()).collect();
    println!("{n} reports ({}) → {}", forms.join(", "), out.display());
    Ok(ExitCode::SUCCESS)
}
