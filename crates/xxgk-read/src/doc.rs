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

fn convert(soffice: &Path, dir: &Path) -> Result<PathBuf, ReadErrorKind> {
    let input = dir.join("input.doc");
    let profile = format!("file://{}", dir.join("profile").display());
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", "docx", "--outdir"])
        .arg(dir)
        .arg(&input)
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
    let out = dir.join("input.docx");
    if out.is_file() {
        Ok(out)
    } else {
        Err(ReadErrorKind::Invalid("LibreOffice could not convert the file".into()))
    }
}

/// Read a `.doc` file through LibreOffice.
pub fn read_doc(bytes: &[u8]) -> Result<Document, ReadErrorKind> {
    let soffice = find_program(&["soffice", "libreoffice"])
        .ok_or(ReadErrorKind::NeedsProgram { program: "soffice (LibreOffice)", package: "libreoffice-writer-nogui" })?;
    // A private scratch folder (the file and LibreOffice's profile), removed when dropped.
    let dir = tempfile::Builder::new().prefix("xxgk-doc-").tempdir().map_err(|e| ReadErrorKind::Io(e.to_string()))?;
    std::fs::write(dir.path().join("input.doc"), bytes).map_err(|e| ReadErrorKind::Io(e.to_string()))?;
    let docx = convert(&soffice, dir.path())?;
    let converted = std::fs::read(docx).map_err(|e| ReadErrorKind::Io(e.to_string()))?;
    read_docx_with(&converted, true).map_err(ReadErrorKind::from)
}
