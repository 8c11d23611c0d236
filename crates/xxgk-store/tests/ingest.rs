//! Files into the store: incremental by content hash, every unreadable path recorded until it
//! is replaced or removed, copies counted once, versions with one current report whatever the
//! order the files came in, and a file holding two reports stored as two.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use xxgk_core::TableId;
use xxgk_render::synth::{sample, Options};
use xxgk_render::Form;
use xxgk_store::review::{paths, remove_path, report_findings, review, Filter};
use xxgk_store::versions::{use_version, versions};

fn synth(dir: &Path, n: u64, forms: Vec<Form>, seed: u64) {
    let opts = Options { seed, forms, inconsistent: 0.0, damage: 0.0 };
    for i in 0..n {
        let smp = sample(&opts, i);
        std::fs::write(dir.join(smp.file_name()), &smp.bytes).unwrap();
    }
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, bytes) in members {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

/// The file names of the paths the store lists as unreadable.
fn unreadable(fx: &Fixture) -> Vec<String> {
    paths(&fx.read(), true)
        .unwrap()
        .iter()
        .map(|p| Path::new(&p.path).file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn ingest_is_incremental_and_a_changed_file_supersedes_its_old_content() {
    let fx = Fixture::new();
    synth(&fx.docs, 6, Form::ALL.to_vec(), 11);
    std::fs::write(fx.docs.join("broken.pdf"), b"%PDF-1.7 \x00\x01 not really").unwrap();
    assert_eq!(counts(fx.ingest_docs()), (7, 6, 0, 1));
    assert_eq!(unreadable(&fx), ["broken.pdf"]);
    let broken = &paths(&fx.read(), true).unwrap()[0];
    assert_eq!(broken.reports, 0);
    let why = broken.reason(xxgk_core::Lang::default()).unwrap_or_default();
    assert!(why.contains("broken.pdf：文件已损坏"), "{broken:?}: {why}");
    // The unreadable file stays unreadable: counted so again, never as unchanged.
    assert_eq!(counts(fx.ingest_docs()), (7, 0, 6, 1));
    assert_eq!(fx.count("SELECT count(*) FROM reports"), 6);
    // A file that changes replaces its old version, which is kept as superseded.
    let first = files_in(&fx.docs).into_iter().find(|p| p.extension().is_some_and(|e| e == "md")).unwrap();
    std::fs::write(
        &first,
        sample(&Options { seed: 99, forms: vec![Form::Md], inconsistent: 0.0, damage: 0.0 }, 0).bytes,
    )
    .unwrap();
    assert_eq!(counts(fx.ingest_docs()), (7, 1, 5, 1));
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE current = 1"), 6);
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE current = 0"), 1, "the old version is kept, superseded");
    assert_eq!(
        fx.count(
            "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_values v WHERE v.report_id = r.id)"
        ),
        0
    );
}

/// Two generated reports one under the other in one file: for HTML, the second page's body
/// inside the first page's.
fn two_in_one(form: Form, first: &[u8], second: &[u8]) -> Vec<u8> {
    if form != Form::Html {
        return [first, b"\n", second].concat();
    }
    let (first, second) = (String::from_utf8_lossy(first), String::from_utf8_lossy(second));
    let head = first.rfind("</body>").map_or(&*first, |end| &first[..end]);
    let body = second.find("<body>").map_or(&*second, |start| &second[start + "<body>".len()..]);
    format!("{head}{body}").into_bytes()
}

#[test]
fn a_file_with_two_reports_stores_both_under_their_part_names() {
    let fx = Fixture::new();
    for form in [Form::Html, Form::Md] {
        let opts = Options { seed: 5, forms: vec![form], inconsistent: 0.0, damage: 0.0 };
        let (a, b) = (sample(&opts, 0), sample(&opts, 1));
        std::fs::write(fx.docs.join(format!("two.{}", form.extension())), two_in_one(form, &a.bytes, &b.bytes))
            .unwrap();
    }
    assert_eq!(counts(fx.ingest_docs()), (2, 4, 0, 0));
    assert_eq!(fx.count("SELECT count(*) FROM files"), 2);
    let mut names: Vec<String> = fx
        .rows("SELECT source_path FROM reports")
        .iter()
        .map(|r| Path::new(r[0].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["two.html#1", "two.html#2", "two.md#1", "two.md#2"]);
    assert_eq!(fx.count("SELECT count(DISTINCT source_sha256) FROM reports"), 4);
    assert_eq!(counts(fx.ingest_docs()), (2, 0, 2, 0));
    assert_eq!(fx.count("SELECT count(*) FROM reports"), 4);
}

#[test]
fn unreadable_paths_are_recorded_until_replaced_or_removed() {
    let fx = Fixture::new();
    fx.write("good.md", &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md);
    std::fs::write(fx.docs.join("broken.pdf"), b"%PDF-1.7 \x00\x01 not really").unwrap();
    std::fs::File::create(fx.docs.join("huge.txt")).unwrap().set_len(65 * 1024 * 1024).unwrap();
    let deep = zip_of(&[("b.zip", &zip_of(&[("c.zip", &zip_of(&[("d.md", b"x")]))]))]);
    std::fs::write(fx.docs.join("nested.zip"), deep).unwrap();
    assert_eq!(counts(fx.ingest_docs()), (4, 1, 0, 3));
    assert_eq!(unreadable(&fx), ["broken.pdf", "huge.txt", "nested.zip"]);
    assert_eq!(counts(fx.ingest_docs()), (4, 0, 1, 3), "still unreadable, never unchanged");
    // Replaced by a readable file, deleted, removed: gone.
    fx.write("broken.pdf", &year("青禾市统计局", 2023, 0, 0, 1, "2024-01-20"), Form::Docx);
    std::fs::remove_file(fx.docs.join("huge.txt")).unwrap();
    assert_eq!(counts(fx.ingest_docs()), (3, 1, 1, 1));
    assert_eq!(unreadable(&fx), ["huge.txt", "nested.zip"], "a deleted file stays listed until it is removed");
    let canonical = |name: &str| format!("{}/{name}", std::fs::canonicalize(&fx.docs).unwrap().display());
    let mut store = fx.open();
    assert!(remove_path(&mut store, &by("审核员"), &canonical("nested.zip")).unwrap());
    assert!(
        !remove_path(&mut store, &by("审核员"), &canonical("gone-before.txt")).unwrap(),
        "a path the store never had"
    );
    assert!(remove_path(&mut store, &by("审核员"), &canonical("huge.txt")).unwrap());
    drop(store);
    assert!(unreadable(&fx).is_empty());
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE current = 1"), 2);
}

#[test]
fn copies_count_once_and_paths_are_canonical() {
    let fx = Fixture::new();
    fx.sample("j-word.docx");
    fx.sample("n-reports.zip");
    let g = std::fs::read(examples().join("g-inconsistent-utf16.txt")).unwrap();
    std::fs::write(fx.docs.join("g.txt"), &g).unwrap();
    std::fs::write(fx.docs.join("g.zip"), zip_of(&[("松岭县/2023年报.txt", &g)])).unwrap();
    assert_eq!(counts(fx.ingest_docs()), (4, 5, 0, 0));
    // The DOCX and the text file, each also inside an archive: five stored, three counted.
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE current = 1"), 3);
    let reviewed = review(&fx.read(), &Filter::default(), false).unwrap();
    let g_report = reviewed.iter().find(|r| r.findings.iter().any(|f| f.code == "T4-SUM")).unwrap();
    assert_eq!(
        reviewed.iter().map(|r| r.findings.iter().filter(|f| f.code == "T4-SUM").count()).sum::<usize>(),
        1,
        "the report's findings once"
    );
    assert_eq!(g_report.also_at.len(), 1, "{:?}", g_report.also_at);
    let other = if g_report.report.source_path.ends_with("g.txt") { "g.zip!松岭县/2023年报.txt" } else { "g.txt" };
    assert!(g_report.also_at[0].ends_with(other), "{:?} beside {}", g_report.also_at, g_report.report.source_path);
    let copies = versions(&fx.read(), None).unwrap();
    assert_eq!(copies.iter().filter(|v| v.copy).count(), 4, "two reports, each in two files: {copies:?}");
    assert_eq!(copies.iter().filter(|v| v.current).count(), 2);
    // `docs/../docs/x` and the canonical path are one path.
    let round: Vec<PathBuf> = ["j-word.docx", "n-reports.zip", "g.txt", "g.zip"]
        .iter()
        .map(|n| fx.docs.join("..").join("docs").join(n))
        .collect();
    assert_eq!(counts(fx.ingest(&round)), (4, 0, 4, 0));
    assert_eq!(fx.count("SELECT count(*) FROM paths"), 4);
}

fn set_mtime(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)).unwrap();
}

#[test]
fn a_fixed_file_supersedes_the_old_version_which_a_reviewer_can_restore() {
    let fx = Fixture::new();
    let mut old = year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20");
    set(&mut old, TableId::Table4, "review", &[1, 0, 0, 0, 2]);
    set_mtime(&fx.write("审计局2023.md", &old, Form::Md), 1_706_000_000);
    fx.write("审计局2024.md", &year("青禾市审计局", 2024, 3, 0, 11, "2025-01-20"), Form::Md);
    fx.ingest_docs();
    let old_id = fx.id("审计局2023.md");
    assert!(codes(&report_findings(&fx.read(), old_id, false).unwrap()).contains(&"T4-SUM".to_string()));
    // The fixed file arrives under another name, newer.
    set_mtime(
        &fx.write("审计局2023（更正）.md", &year("青禾市审计局", 2023, 1, 3, 10, "2024-01-20"), Form::Md),
        1_706_500_000,
    );
    fx.ingest_docs();
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE year = 2023"), 2);
    let fixed = fx.id("审计局2023（更正）.md");
    assert_eq!(fx.count("SELECT id FROM reports WHERE year = 2023 AND current = 1"), fixed);
    let all = review(&fx.read(), &Filter::default(), false).unwrap();
    let found: Vec<&str> = all.iter().flat_map(|r| r.findings.iter().map(|f| f.code.as_str())).collect();
    assert!(!found.contains(&"T4-SUM"), "the superseded version is not checked: {found:?}");
    assert!(codes(&report_findings(&fx.read(), fixed, false).unwrap()).contains(&"DUPLICATE-REPORT".to_string()));
    let listed = versions(&fx.read(), None).unwrap();
    assert_eq!(listed.iter().map(|v| (v.report, v.current)).collect::<Vec<_>>(), [(fixed, true), (old_id, false)]);
    // A reviewer restores the old one.
    use_version(&mut fx.open(), &by("张三"), old_id).unwrap().unwrap();
    assert_eq!(fx.count("SELECT id FROM reports WHERE year = 2023 AND current = 1"), old_id);
    let all = review(&fx.read(), &Filter::default(), false).unwrap();
    assert!(all.iter().any(|r| r.report.id == old_id && r.findings.iter().any(|f| f.code == "T4-SUM")));
    assert!(use_version(&mut fx.open(), &by("张三"), 999_999).unwrap().is_err(), "no such report");
    // The same path holding new content keeps the old content as a former version.
    fx.write("审计局2024.md", &year("青禾市审计局", 2024, 3, 1, 11, "2025-01-21"), Form::Md);
    fx.ingest_docs();
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE year = 2024"), 2);
    assert_eq!(
        fx.rows("SELECT published FROM reports WHERE year = 2024 AND current = 1"),
        [[serde_json::json!("2025-01-21")]]
    );
}

/// What a reviewer reads of a store, ids aside: each current report's organ, year and findings.
fn answers(fx: &Fixture) -> Vec<(Option<String>, Option<i64>, Vec<String>)> {
    review(&fx.read(), &Filter::default(), false)
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.report.agency,
                r.report.year,
                r.findings.iter().map(|f| format!("{}|{}", f.code, f.cells.join(","))).collect(),
            )
        })
        .collect()
}

/// Examples plus junk, with versions and a run of years, give the same answers re-ingested, and
/// built afresh file by file in either order.
#[test]
fn the_answers_do_not_depend_on_ingest_order() {
    let fx = Fixture::new();
    for y in 2021..2025 {
        // Years carried over from one to the next, but for 2022 (a CARRY-OVER finding).
        let over = if y == 2022 { 9 } else { (y - 2020) as i64 };
        fx.write(
            &format!("审计局{y}.md"),
            &year("青禾市审计局", y, over, (y - 2019) as i64, 10, "2025-01-20"),
            Form::Md,
        );
    }
    // Two different 2023 reports: the rules still decide the same way.
    fx.write("审计局2023b.html", &year("青禾市审计局", 2023, 5, 5, 10, "2024-02-01"), Form::Html);
    std::fs::write(fx.docs.join("notice.txt"), "关于召开会议的通知\n请各单位准时参加。\n").unwrap();
    std::fs::write(fx.docs.join("broken.pdf"), b"%PDF-1.4 garbage").unwrap();
    for name in ["b-word-tsv.txt", "g-inconsistent-utf16.txt", "j-word.docx", "n-reports.zip", "k-workbook.xlsx"] {
        fx.sample(name);
    }
    let files = files_in(&fx.docs);
    fx.ingest(&files);
    let first = answers(&fx);
    let flat: Vec<&String> = first.iter().flat_map(|a| &a.2).collect();
    assert!(
        flat.iter().any(|c| c.starts_with("DUPLICATE-REPORT")) && flat.iter().any(|c| c.starts_with("CARRY-OVER")),
        "{first:#?}"
    );
    fx.ingest(&files.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(answers(&fx), first);
    for order in [files.clone(), files.iter().rev().cloned().collect()] {
        let other = Fixture::new();
        for f in &order {
            other.ingest(std::slice::from_ref(f));
        }
        assert_eq!(answers(&other), first);
    }
}

/// An account imports within its scope: a county's reviewer's file of another county's report
/// is refused and nothing of it stored; the county's own is stored. The whole store's import
/// takes both.
#[test]
fn an_import_within_a_scope_refuses_the_reports_outside_it() {
    use xxgk_store::accounts::Scope;
    use xxgk_store::ingest::{ingest_with, How};
    use xxgk_store::Stored;
    let fx = Fixture::new();
    let inside = fx.write("hz.md", &year("洪泽区财政局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    let outside = fx.write("nj.md", &year("南京市教育局", 2024, 0, 0, 10, "2025-01-20"), Form::Md);
    let county = Scope { places: vec!["320813".into()], organs: vec![] };
    let mut fates: Vec<(String, String)> = Vec::new();
    let (manifest, who) = (Default::default(), by("县审核员"));
    let tally = ingest_with(
        &fx.db,
        &[inside, outside.clone()],
        How { within: Some(&county), ..How::new(&manifest, &who) },
        &mut |d, _| {
            let fate = match &d.stored {
                Stored::Refused(why) => why.words(xxgk_core::Lang::Zh),
                other => format!("{other:?}"),
            };
            fates.push((d.path.rsplit('/').next().unwrap().to_string(), fate));
        },
    )
    .unwrap();
    fates.sort();
    assert_eq!(
        fates,
        [
            ("hz.md".to_string(), "Added { reports: 1, not_reports: 0 }".to_string()),
            ("nj.md".to_string(), "“南京市教育局”的报告不在本账户的范围内，未导入".to_string())
        ]
    );
    assert_eq!((tally.reports, tally.refused), (1, 1));
    assert_eq!(fx.rows("SELECT agency FROM reports"), [[serde_json::json!("洪泽区财政局")]]);
    let refused = fx.rows("SELECT actor, json_extract(after, '$.outcome') FROM audit WHERE target LIKE '%nj.md'");
    assert_eq!(refused, [[serde_json::json!("县审核员"), serde_json::json!("refused")]], "in the trail");
    // The scope of organs by name admits them with or without their places; the whole store all.
    let named = Scope { places: vec![], organs: vec!["南京市教育局".into()] };
    assert!(named.admits(Some("江苏省南京市教育局")) && !named.admits(Some("南京市财政局")) && !named.admits(None));
    assert!(Scope::default().admits(None));
    let chaoyang = Scope { places: vec![], organs: vec!["北京市朝阳区人民政府".into()] };
    assert!(!chaoyang.admits(Some("朝阳区人民政府")), "a shorter name may be another 朝阳区's");
    let typo = Scope { places: vec!["329900".into()], organs: vec![] };
    assert!(!typo.admits(Some("洪泽区财政局")), "a code is a prefix, as the scope's lists read it");
    fx.ingest(&[outside]);
    assert_eq!(fx.count("SELECT count(*) FROM reports"), 2);
}

/// A meeting notice uploaded among the reports: kept, listed apart with why, but no organ, no
/// current report and so in no count.
#[test]
fn a_document_that_is_not_a_report_names_no_organ_and_counts_nowhere() {
    let fx = Fixture::new();
    let notice = fx.docs.join("通知.txt");
    std::fs::write(
        &notice,
        "关于召开2024年度政务公开工作会议的通知\n各单位：\n定于2024年3月5日召开全市政务公开工作会议，请准时参加。\n青禾市人民政府办公室\n2024年2月28日\n",
    )
    .unwrap();
    let report = fx.write("审计局.md", &year("青禾市审计局", 2023, 0, 0, 5, "2024-01-20"), Form::Md);
    let tally = fx.ingest(&[notice.clone(), report]);
    assert_eq!((tally.reports, tally.not_reports), (1, 1));
    assert_eq!(fx.count("SELECT count(*) FROM organs"), 1, "the notice makes no organ");
    assert_eq!(fx.count("SELECT count(*) FROM reports WHERE current = 1"), 1, "nor a report that counts");
    let apart = xxgk_store::review::apart(&fx.read()).unwrap();
    assert_eq!(apart.len(), 1, "{apart:?}");
    assert_eq!((apart[0].name(), apart[0].why.id.as_str()), ("通知.txt".to_string(), "finding-not-a-report"));
    assert!(apart[0].report.is_some(), "its reading can still be seen");
    // The figures and the list leave it out.
    let f = xxgk_store::figures::load(&fx.read(), false).unwrap();
    assert_eq!(f.reports.len(), 1);
    let (total, _) = xxgk_store::review::list(&fx.read(), &Default::default()).unwrap();
    assert_eq!(total, 1);
}

/// The same report imported twice — first inside an archive, then as a file of its own with a
/// manifest giving its publication date: the date describes the content, so the copy that
/// counts is the one that carries it, and the lateness rule reads it.
#[test]
fn facts_given_for_a_copy_land_on_the_report_that_counts() {
    let fx = Fixture::new();
    let md = xxgk_render::synth::document(&year("青禾市审计局", 2023, 0, 0, 5, ""), Form::Md, "/");
    let zip = fx.docs.join("reports.zip");
    std::fs::write(&zip, zip_of(&[("审计局年报.md", md.as_slice())])).unwrap();
    fx.ingest(&[zip]);
    let again = fx.dir.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    let single = again.join("审计局年报.md");
    std::fs::write(&single, &md).unwrap();
    let manifest =
        xxgk_store::manifest::Manifest::parse("path,published\n审计局年报.md,2024-03-04\n", "m.csv", &again).unwrap();
    fx.ingest_with(&[single], &manifest);
    assert_eq!(fx.count("SELECT count(*) FROM reports"), 2, "two copies of one report");
    let current = fx.rows("SELECT source_path, published FROM reports WHERE current = 1");
    assert_eq!(current.len(), 1, "{current:?}");
    assert!(current[0][0].as_str().unwrap().ends_with("again/审计局年报.md"), "{current:?}");
    assert_eq!(current[0][1], "2024-03-04");
    let late = fx.count(
        "SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.current = 1 AND f.code = 'LATE'",
    );
    assert_eq!(late, 1, "逾期发布 fires on the report that counts");
}

#[test]
fn sidecars_and_hidden_files_are_never_reports() {
    use xxgk_store::ingest::is_sidecar;
    for name in ["a.expected.json", "dir/a.expected.json", ".DS_Store", "examples/.git/config", "x\\.hidden\\a.txt"] {
        assert!(is_sidecar(name), "{name}");
    }
    for name in ["a.json", "a.md", "dir/2023年报.pdf", "./a.txt", "../docs/a.txt", "a.expected.json.txt"] {
        assert!(!is_sidecar(name), "{name}");
    }
}

/// Any name a file system allows is read and shown: a name that is not UTF-8 (GBK, from a
/// Windows archive) is ingested and stored as it displays; a name holding `!` or ending in `#2`
/// is the file itself, whose source is found again, never an archive's member or a page's part.
#[cfg(unix)]
#[test]
fn any_name_a_file_system_allows_is_ingested_and_its_source_found_again() {
    use std::os::unix::ffi::OsStrExt;
    let fx = Fixture::new();
    let sample = std::fs::read(examples().join("a-markdown.md")).unwrap();
    // 报告.md in GBK.
    let gbk = fx.docs.join(std::ffi::OsStr::from_bytes(b"\xb1\xa8\xb8\xe6.md"));
    std::fs::write(&gbk, &sample).unwrap();
    // Each of its own content, so that each is the source of its report.
    let bang = fx.docs.join("x!y.md");
    std::fs::write(&bang, std::fs::read(examples().join("c-portal-pipes.txt")).unwrap()).unwrap();
    let hash = fx.docs.join("年报#2");
    std::fs::write(&hash, std::fs::read(examples().join("b-word-tsv.txt")).unwrap()).unwrap();
    let tally = fx.ingest(&[gbk, bang.clone(), hash.clone()]);
    assert_eq!((tally.files, tally.failed), (3, 0), "{tally:?}");
    assert!(unreadable(&fx).is_empty(), "{:?}", unreadable(&fx));
    let stored = fx.rows("SELECT path FROM paths ORDER BY path");
    assert!(
        stored.iter().any(|p| p[0].as_str().is_some_and(|p| p.ends_with("\u{fffd}.md") || p.contains('�'))),
        "{stored:?}"
    );
    for file in [&bang, &hash] {
        let path = xxgk_store::ingest::canonical(file);
        let sha = fx.rows(&format!("SELECT source_sha256 FROM reports WHERE source_path = '{path}'"));
        let sha = sha[0][0].as_str().unwrap().to_string();
        assert!(xxgk_read::reread(&path, &sha).is_some(), "{path}: its source is found again");
    }
}
