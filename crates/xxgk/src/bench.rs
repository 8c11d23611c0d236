//! `xxgk bench`: read+parse+check throughput on one core, and peak memory — per input file (all
//! reports of an archive count as one input), or per form over generated reports.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use xxgk_render::synth::{sample, Options};
use xxgk_render::Form;

use crate::files;

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Parse+check `n` generated reports in each form. Each report is generated, then timed alone,
/// so memory stays that of one report however large `n` is.
pub fn run_synth(n: u64, forms: &[Form], seed: u64) -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<8} {:>9} {:>11} {:>12} {:>10} {:>7}",
        "form", "reports", "avg bytes", "reports/s", "µs/report", "exact"
    )?;
    for &form in forms {
        let opts = Options { seed, forms: vec![form], inconsistent: 0.0, damage: 0.0 };
        let (mut busy, mut bytes, mut exact) = (Duration::ZERO, 0u64, 0u64);
        for i in 0..n {
            let s = sample(&opts, i);
            bytes += s.bytes.len() as u64;
            let name = s.file_name();
            let start = Instant::now();
            let parsed = xxgk_read::read_bytes(&name, &s.bytes).map(|(doc, source)| xxgk_core::parse(&doc, source));
            busy += start.elapsed();
            // Outside the timing: a benchmark that reads wrongly measures nothing.
            if let Ok(report) = parsed {
                let v = report.to_json(xxgk_core::Lang::default());
                let mut score = crate::eval::Score::default();
                crate::eval::compare(&s.expected, Some(&v), "", &mut score);
                exact += u64::from(score.mismatches.is_empty());
            }
        }
        let secs = busy.as_secs_f64().max(1e-9);
        writeln!(
            out,
            "{:<8} {n:>9} {:>11} {:>12.0} {:>10.1} {:>6.2}%",
            form.name(),
            bytes / n.max(1),
            n as f64 / secs,
            1e6 * secs / n.max(1) as f64,
            100.0 * exact as f64 / n.max(1) as f64
        )?;
    }
    match peak_rss_kib() {
        Some(k) => writeln!(out, "peak memory: {:.1} MiB", k as f64 / 1024.0)?,
        None => writeln!(out, "peak memory: unknown")?,
    }
    Ok(ExitCode::SUCCESS)
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
            writeln!(out, "{name:<48} {:>9} skipped: {}", bytes.len(), e.words(xxgk_core::Lang::default()))?;
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
        Some(k) => writeln!(out, "peak memory: {:.1} MiB", k as f64 / 1024.0)?,
        None => writeln!(out, "peak memory: unknown")?,
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
