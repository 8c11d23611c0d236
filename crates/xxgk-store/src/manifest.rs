//! Facts that come with the files rather than from them (SPEC §4.2): a manifest given to
//! ingest names, per path, the publication date, the URL, the organ and its level — what a
//! portal's listing page says and a PDF's body often does not.
//!
//! CSV with a header row (`path,published,url,organ,level`; 路径/文件, 发布日期, 网址/链接,
//! 机关/发布机构, 层级/级别 are understood), or JSON: an array of such objects. Paths are relative to
//! the manifest's folder; an archive member is `archive.zip!member`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use xxgk_core::organ::Level;
use xxgk_core::Facts;

use crate::Refusal;

/// One path's facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// The organ, publication date and level given, which replace what the document says.
    pub facts: Facts,
    /// Where the report was published (网址), stored with it.
    pub url: Option<String>,
}

/// The manifest, by canonical path.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    entries: HashMap<String, Entry>,
}

const COLUMNS: [(&str, &[&str]); 5] = [
    ("path", &["path", "路径", "文件", "文件名"]),
    ("published", &["published", "发布日期", "发布时间", "日期"]),
    ("url", &["url", "网址", "链接", "地址"]),
    ("organ", &["organ", "机关", "发布机构", "单位"]),
    ("level", &["level", "层级", "级别"]),
];

fn column(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_start_matches('\u{feff}');
    COLUMNS.iter().find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name))).map(|(k, _)| *k)
}

/// A path given in a manifest, made canonical the way ingest names files: relative to the
/// manifest's folder, links resolved; an archive member keeps its `!member` part.
pub fn canonical(base: &Path, path: &str) -> String {
    let (file, member) = match path.split_once('!') {
        Some((f, m)) => (f, Some(m)),
        None => (path, None),
    };
    let p = PathBuf::from(file);
    let p = if p.is_absolute() { p } else { base.join(p) };
    let p = std::fs::canonicalize(&p).unwrap_or(p).display().to_string();
    match member {
        Some(m) => format!("{p}!{m}"),
        None => p,
    }
}

impl Manifest {
    /// Read a manifest file (CSV, or JSON when it starts with `[`).
    pub fn read(path: &Path) -> Result<Manifest, Refusal> {
        let name = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Refusal::new("store-manifest-unreadable").with("name", name.to_string()).with("why", e.to_string())
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Manifest::parse(&text, &name.to_string(), &base)
    }

    /// A manifest's text, named `name` in errors, its relative paths taken from `base`.
    pub fn parse(text: &str, name: &str, base: &Path) -> Result<Manifest, Refusal> {
        let rows = if text.trim_start().starts_with('[') { json_rows(&text) } else { csv_rows(&text) }
            .map_err(|m| m.with("name", name))?;
        let mut entries = HashMap::new();
        for (line, row) in rows {
            let get = |k: &str| row.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
            let Some(p) = get("path") else {
                return Err(Refusal::new("store-manifest-no-path").with("name", name).with("line", line));
            };
            let published = match get("published") {
                None => None,
                Some(d) => Some(xxgk_core::normalize::date(d).ok_or_else(|| {
                    Refusal::new("store-manifest-date").with("name", name).with("line", line).with("value", d)
                })?),
            };
            // A publication date to come would make an edited copy the version that counts
            // (the later publication wins): no report is published tomorrow.
            if let Some(d) = published.as_deref().filter(|d| *d > today().as_str()) {
                return Err(Refusal::new("store-manifest-future")
                    .with("name", name)
                    .with("line", line)
                    .with("value", d));
            }
            let level = match get("level") {
                None => None,
                Some(l) => Some(Level::parse(l).ok_or_else(|| {
                    Refusal::new("store-manifest-level").with("name", name).with("line", line).with("value", l)
                })?),
            };
            let facts = Facts { agency: get("organ").map(str::to_string), published, level };
            entries.insert(canonical(&base, p), Entry { facts, url: get("url").map(str::to_string) });
        }
        Ok(Manifest { entries })
    }

    /// A manifest of one path (canonical): facts a reviewer gives one file; with no facts at
    /// all, the file is read again all the same.
    pub fn one(path: &str, entry: Entry) -> Manifest {
        Manifest { entries: HashMap::from([(path.to_string(), entry)]) }
    }

    /// The manifest with each path renamed by `to`; paths it gives no name are dropped.
    pub fn renamed(self, to: impl Fn(&str) -> Option<String>) -> Manifest {
        Manifest { entries: self.entries.into_iter().filter_map(|(k, e)| Some((to(&k)?, e))).collect() }
    }

    /// The facts given for `path` (canonical), or for the file an archive member or a part of
    /// a page (`page.html#2`) comes from.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path).or_else(|| {
            let file = path.split(['!', '#']).next()?;
            self.entries.get(file)
        })
    }

    /// How many paths it gives facts for.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it gives facts for no path at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Today in China (`YYYY-MM-DD`), as publication dates are written.
pub(crate) fn today() -> String {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8))).strftime("%Y-%m-%d").to_string()
}

type Rows = Vec<(usize, HashMap<&'static str, String>)>;

fn csv_rows(text: &str) -> Result<Rows, Refusal> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<Option<&'static str>> = rdr
        .headers()
        .map_err(|e| Refusal::new("store-manifest-header").with("why", e.to_string()))?
        .iter()
        .map(column)
        .collect();
    if !header.contains(&Some("path")) {
        return Err(Refusal::new("store-manifest-no-path-column"));
    }
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec =
            rec.map_err(|e| Refusal::new("store-manifest-line").with("line", i + 2).with("why", e.to_string()))?;
        let row = header.iter().zip(rec.iter()).filter_map(|(k, v)| k.map(|k| (k, v.to_string()))).collect();
        out.push((i + 2, row));
    }
    Ok(out)
}

fn json_rows(text: &str) -> Result<Rows, Refusal> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Refusal::new("store-manifest-json").with("why", e.to_string()))?;
    let items = v.as_array().ok_or_else(|| Refusal::new("store-manifest-not-array"))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let obj = item.as_object().ok_or_else(|| Refusal::new("store-manifest-not-object").with("line", i + 1))?;
        let row = obj
            .iter()
            .filter(|(_, v)| !v.is_null())
            .filter_map(|(k, v)| column(k).map(|k| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string))))
            .collect();
        out.push((i + 1, row));
    }
    Ok(out)
}
