//! `xxgk bench`: read+parse+check throughput per input file (all reports of an archive count
//! as one input), on one core, and peak memory.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::files;

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn run(paths: &[PathBuf], seconds: f64) -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let inputs = files::collect(paths, |_| true);
    let budget = Duration::from_secs_f64(seconds.max(0.05));
    writeln!(out, "{:<48} {:>9} {:>12} {:>10}", "input", "bytes", "reports/s", "µs/report")?;
    let mut failed = false;
    for path in &inputs {
        let bytes = std::fs::read(path)?;
        let name = path.display().to_string();
        if let Some(Err(e)) = xxgk_read::read_all_bytes(&name, &bytes).into_iter().find(Result::is_err) {
            writeln!(out, "{name:<48} {:>9} skipped: {}", bytes.len(), e.en())?;
            failed |= !e.is_unsupported();
            continue;
        }
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < budget || n < 10 {
            for _ in 0..10 {
                for (doc, source) in xxgk_read::read_all_bytes(&name, &bytes).into_iter().flatten() {
                    std::hint::black_box(xxgk_core::parse(&doc, source));
                }
            }
            n += 10;
        }
        let secs = start.elapsed().as_secs_f64();
        writeln!(out, "{name:<48} {:>9} {:>12.0} {:>10.1}", bytes.len(), n as f64 / secs, 1e6 * secs / n as f64)?;
    }
    match peak_rss_kib() {
        Some(k) => println!("peak memory: {:.1} MiB", k as f64 / 1024.0),
        None => println!("peak memory: unknown"),
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
