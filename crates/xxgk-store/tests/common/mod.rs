//! A store in a temporary folder, filled with generated reports through the crate's own ingest,
//! and read back through its public functions. The web crate's tests use it too (by path).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use xxgk_core::{Num, TableId, TemplateId};
use xxgk_render::{Filled, Form};
use xxgk_store::audit::Actor;
use xxgk_store::ingest::{ingest, Tally};
use xxgk_store::manifest::Manifest;
use xxgk_store::review::NotDecided;
use xxgk_store::Store;

/// The project's own sample reports.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The files directly in `dir`, sorted: what a run over the folder takes.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    v.sort();
    v
}

/// Row `key` of table `id` set to `vals`.
pub fn set(f: &mut Filled, id: TableId, key: &str, vals: &[i64]) {
    f.row_mut(id, key).unwrap().values = vals.iter().map(|v| Some(Num::int(*v))).collect();
}

/// One organ's consistent report of a year: 5 applications granted, `over` carried over,
/// `forward` carried forward, `in_force` normative documents in force (2 issued, 1 repealed).
pub fn year(agency: &str, y: i32, over: i64, forward: i64, in_force: i64, published: &str) -> Filled {
    let mut f = Filled::blank(agency, y, TemplateId::T2021);
    for row in f.tables.iter_mut().flatten() {
        row.values.iter_mut().for_each(|v| *v = Some(Num::int(0)));
    }
    set(&mut f, TableId::Table2, "normative_documents", &[2, 1, in_force]);
    set(&mut f, TableId::Table3, "carried_over", &[over, 0, 0, 0, 0, 0, over]);
    set(&mut f, TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 5]);
    set(&mut f, TableId::Table3, "total_processed", &[5, 0, 0, 0, 0, 0, 5]);
    set(&mut f, TableId::Table3, "carried_forward", &[forward, 0, 0, 0, 0, 0, forward]);
    let received = 5 + forward - over;
    set(&mut f, TableId::Table3, "new_received", &[received, 0, 0, 0, 0, 0, received]);
    f.applications_received = Some(received);
    f.published = Some(published.to_string());
    f
}

/// A store file in a folder of its own, with a `docs` folder for the reports it takes in.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub docs: PathBuf,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        Fixture { dir, db, docs }
    }

    /// `f` written as a generated document `name` in `docs`; its path.
    pub fn write(&self, name: &str, f: &Filled, form: Form) -> PathBuf {
        let path = self.docs.join(name);
        std::fs::write(&path, xxgk_render::synth::document(f, form, "/")).unwrap();
        path
    }

    /// The sample `name` copied into `docs`; its path.
    pub fn sample(&self, name: &str) -> PathBuf {
        let path = self.docs.join(name);
        std::fs::copy(examples().join(name), &path).unwrap();
        path
    }

    /// Ingest `inputs` with the facts of `manifest`.
    pub fn ingest_with(&self, inputs: &[PathBuf], manifest: &Manifest) -> Tally {
        ingest(&self.db, inputs, manifest, &by("导入"), &mut |_, _| {}).unwrap()
    }

    pub fn ingest(&self, inputs: &[PathBuf]) -> Tally {
        self.ingest_with(inputs, &Manifest::default())
    }

    /// Ingest every file in `docs`.
    pub fn ingest_docs(&self) -> Tally {
        self.ingest(&files_in(&self.docs))
    }

    /// The store, open for writing.
    pub fn open(&self) -> Store {
        Store::open(&self.db, Duration::from_secs(10)).unwrap()
    }

    pub fn read(&self) -> Store {
        Store::open_read_only(&self.db).unwrap()
    }

    /// The rows of a read-only query.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Value>> {
        xxgk_store::query::sql(&self.read(), sql).unwrap().1
    }

    /// One number from the store.
    pub fn count(&self, sql: &str) -> i64 {
        self.rows(sql)[0][0].as_i64().unwrap_or_else(|| panic!("{sql}: not a number"))
    }

    /// The current report read from a path ending in `path_end`.
    pub fn id(&self, path_end: &str) -> i64 {
        self.count(&format!(
            "SELECT id FROM reports WHERE current = 1 AND source_path LIKE '%{path_end}' ORDER BY id LIMIT 1"
        ))
    }
}

/// 青禾市 with a roster of four units of which two reported (one of them late), and
/// 云川市教育局, which withheld all five of its applications; 青禾市教育局 the year before too.
pub fn planted() -> Fixture {
    let fx = Fixture::new();
    fx.write("gov.md", &year("青禾市人民政府", 2024, 0, 0, 10, "2025-03-01"), Form::Md);
    fx.write("edu.md", &year("青禾市教育局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    fx.write("audit.md", &year("青禾市审计局", 2024, 0, 0, 10, "2025-03-05"), Form::Md);
    let mut withheld = year("云川市教育局", 2024, 0, 0, 10, "2025-01-15");
    set(&mut withheld, TableId::Table3, "granted", &[0, 0, 0, 0, 0, 0, 0]);
    set(&mut withheld, TableId::Table3, "withheld_state_secret", &[5, 0, 0, 0, 0, 0, 5]);
    fx.write("withheld.md", &withheld, Form::Md);
    fx.write("edu-2023.md", &year("青禾市教育局", 2023, 0, 0, 10, "2024-01-20"), Form::Md);
    assert_eq!(counts(fx.ingest_docs()), (5, 5, 0, 0));
    let roster = "政府,单位\n青禾市人民政府,青禾市教育局\n青禾市人民政府,青禾市审计局\n青禾市人民政府,青禾市民政局\n青禾市人民政府,青禾市溪山区人民政府\n";
    assert_eq!(xxgk_store::rollup::import_roster(&mut fx.open(), &by("审核员"), roster.as_bytes()).unwrap(), Ok(4));
    fx
}

/// `(tally.files, tally.reports, tally.unchanged, tally.failed)`, to compare at a glance.
pub fn counts(t: Tally) -> (u64, u64, u64, u64) {
    (t.files, t.reports, t.unchanged, t.failed)
}

/// The codes of `findings`, sorted.
pub fn codes(findings: &[xxgk_store::review::Finding]) -> Vec<String> {
    let mut v: Vec<String> = findings.iter().map(|f| f.code.clone()).collect();
    v.sort();
    v
}

/// `name`, changing the store from a test.
pub fn by(name: &str) -> Actor {
    Actor { name: name.into(), address: "test".into() }
}

/// `name` decides on finding `finding` as it stands now (no other reviewer in between).
pub fn decide_now(store: &mut Store, name: &str, finding: i64, state: &str, reason: &str) -> Result<i64, NotDecided> {
    let seen = xxgk_store::review::standing(store, finding).unwrap().map(|d| d.id);
    xxgk_store::review::decide(store, &by(name), finding, state, reason, seen).unwrap()
}
