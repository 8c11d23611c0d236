//! What the libraries' errors mean for the user, in their language: SQLite's and the operating
//! system's own words are kept only with `--verbose`, after the sentence that explains them.

use std::sync::atomic::{AtomicBool, Ordering};

use xxgk_core::Lang;

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Keep the libraries' own messages after ours (`--verbose`).
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

/// `said`, and with `--verbose` the library's `original` words after it.
pub fn with_original(said: String, original: Option<impl std::fmt::Display>, lang: Lang) -> String {
    let Some(original) = original else { return said };
    if VERBOSE.load(Ordering::Relaxed) {
        match lang {
            Lang::Zh => format!("{said}（原始信息：{original}）"),
            Lang::En => format!("{said} (original: {original})"),
        }
    } else {
        said
    }
}

/// An operating-system error: what it means.
pub fn os(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let (zh, en) = match e.kind() {
        NotFound => ("文件或文件夹不存在", "no such file or directory"),
        PermissionDenied => ("没有权限", "permission denied"),
        AlreadyExists => ("文件已存在", "the file already exists"),
        IsADirectory => ("这是文件夹，不是文件", "it is a directory, not a file"),
        NotADirectory => ("路径中有一段不是文件夹", "a part of the path is not a directory"),
        StorageFull => ("磁盘已满", "the disk is full"),
        ReadOnlyFilesystem => ("文件系统只读", "the file system is read-only"),
        InvalidData => ("内容无法识别", "the content cannot be read"),
        UnexpectedEof => ("文件不完整（提前结束）", "the file ends too early"),
        BrokenPipe => ("输出已被关闭", "the output was closed"),
        _ => ("系统错误", "system error"),
    };
    with_original(if lang == Lang::En { en.into() } else { zh.into() }, Some(e), lang)
}

/// A store error: what it means.
pub fn store(e: &xxgk_store::Error, lang: Lang) -> String {
    let said = match e {
        xxgk_store::Error::Sqlite(s) => sqlite(s, lang),
        // These two already say it in both languages.
        other => return other.to_string(),
    };
    with_original(said, Some(e), lang)
}

fn sqlite(e: &rusqlite::Error, lang: Lang) -> String {
    use rusqlite::ErrorCode::*;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let msg = e.to_string();
    let (zh, en): (String, String) = match code {
        Some(ReadOnly) => ("数据库以只读方式打开，不能写入：query 只执行只读语句（SELECT）".into(), "the store is open read-only: query runs read-only statements (SELECT)".into()),
        Some(DatabaseBusy | DatabaseLocked) => ("数据库正被另一个程序写入，请稍后再试".into(), "another program is writing to the store; try again later".into()),
        Some(NotADatabase) => ("这不是 xxgk 数据库（不是 SQLite 文件，或文件已损坏）".into(), "not an xxgk store (not a SQLite file, or damaged)".into()),
        Some(DatabaseCorrupt) => ("数据库文件已损坏".into(), "the store file is damaged".into()),
        Some(DiskFull) => ("磁盘已满，数据库无法写入".into(), "the disk is full: the store cannot be written".into()),
        Some(CannotOpen) => ("无法打开数据库文件（路径不存在或没有权限）".into(), "cannot open the store file (no such path, or no permission)".into()),
        Some(PermissionDenied) => ("没有权限访问数据库文件".into(), "no permission to use the store file".into()),
        _ if msg.contains("syntax error") || msg.contains("no such table") || msg.contains("no such column") => {
            ("SQL 语句有误（表结构见 crates/xxgk-store/SCHEMA.md）".into(), format!("the SQL is wrong ({msg}; schema: crates/xxgk-store/SCHEMA.md)"))
        }
        _ => ("数据库出错".into(), format!("store error ({msg})")),
    };
    if lang == Lang::En {
        en
    } else {
        zh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_they_mean() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(os(&e, Lang::Zh), "文件或文件夹不存在");
        let ro = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(8), Some("attempt to write a readonly database".into()));
        assert!(store(&xxgk_store::Error::Sqlite(ro), Lang::Zh).starts_with("数据库以只读方式打开"));
        set_verbose(true);
        assert!(os(&e, Lang::Zh).contains("原始信息"));
        set_verbose(false);
    }
}
