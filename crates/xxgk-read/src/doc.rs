//! Word 97 `.doc`: converted to DOCX by LibreOffice (`soffice --headless --convert-to docx`)
//! when it is installed, then read as DOCX. The conversion can add a phantom duplicate column
//! to 表四; columns identical in every row are collapsed. antiword/catdoc drop or garble the big
//! 申请情况 table and are not used.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xxgk_core::Document;

use crate::docx::read_docx_with;
use crate::ReadErrorKind;

/// Longest a conversion may take.
const TIMEOUT: Duration = Duration::from_secs(120);

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// `input` converted by `soffice` into `dir` as `to` (an extension: `docx`, `pdf`), within
/// [`TIMEOUT`]; the converted file's path.
fn convert(soffice: &Path, dir: &Path, input: &Path, to: &str) -> Result<PathBuf, ReadErrorKind> {
    let profile = format!("file://{}", dir.join("profile").display());
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| ReadErrorKind::Io(format!("cannot start soffice: {e}")))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadErrorKind::Invalid(format!(
                    "LibreOffice did not finish the conversion in {} s",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(ReadErrorKind::Io(e.to_string())),
        }
    }
    let out = input.with_extension(to);
    if out.is_file() {
        Ok(out)
    } else {
        Err(ReadErrorKind::Invalid("LibreOffice could not convert the file".into()))
    }
}

/// `bytes`, a file of the kind its extension `from` names, converted by LibreOffice to `to`
/// (`docx`, `pdf`) in a private scratch folder (the file and LibreOffice's own profile, removed
/// after); [`ReadErrorKind::NeedsProgram`] where LibreOffice is not installed.
pub fn libreoffice(bytes: &[u8], from: &str, to: &str) -> Result<Vec<u8>, ReadErrorKind> {
    let soffice = find_program(&["soffice", "libreoffice"])
        .ok_or(ReadErrorKind::NeedsProgram { program: "soffice (LibreOffice)", package: "libreoffice-writer-nogui" })?;
    let dir =
        tempfile::Builder::new().prefix("xxgk-office-").tempdir().map_err(|e| ReadErrorKind::Io(e.to_string()))?;
    let input = dir.path().join(format!("input.{from}"));
    std::fs::write(&input, bytes).map_err(|e| ReadErrorKind::Io(e.to_string()))?;
    let out = convert(&soffice, dir.path(), &input, to)?;
    std::fs::read(out).map_err(|e| ReadErrorKind::Io(e.to_string()))
}

/// Read a `.doc` file through LibreOffice.
pub fn read_doc(bytes: &[u8]) -> Result<Document, ReadErrorKind> {
    let converted = libreoffice(bytes, "doc", "docx")?;
    read_docx_with(&converted, true).map_err(ReadErrorKind::from)
}
