//! Stores for the tests: reports generated as an author writes them (Markdown, from
//! [`xxgk_render::Filled`]) and ingested as `xxgk ingest` ingests them.

use std::path::PathBuf;

use xxgk_core::{Num, TableId, TemplateId};
use xxgk_render::{Filled, Form};

use crate::Store;

/// `f`'s row `key` of table `id` set to `vals`.
pub fn set(f: &mut Filled, id: TableId, key: &str, vals: &[i64]) {
    f.row_mut(id, key).unwrap().values = vals.iter().map(|v| Some(Num::int(*v))).collect();
}

/// One organ's consistent report of a year: 5 applications granted, `over` carried over,
/// `forward` carried forward, `in_force` normative documents in force.
pub fn year(agency: &str, y: i32, over: i64, forward: i64, in_force: i64) -> Filled {
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
    f
}

/// A store in a temporary folder holding `reports` (kept while the folder is).
pub fn store_of(reports: &[Filled]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = reports
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = dir.path().join(format!("{i}.md"));
            std::fs::write(&p, xxgk_render::synth::document(f, Form::Md, "")).unwrap();
            p
        })
        .collect();
    let db = dir.path().join("r.db");
    crate::ingest::ingest(&db, &files, &Default::default(), &crate::audit::Actor::command_line(None), &mut |_, _| {})
        .unwrap();
    let store = Store::open(&db, crate::BUSY_WAIT).unwrap();
    (dir, store)
}
