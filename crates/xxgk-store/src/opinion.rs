//! The 审核意见 an office sends an agency: a letter in the 公文 layout (GB/T 9704) — 文号, 标题,
//! 主送, the body in numbered paragraphs, 落款 and date — naming each problem as the template
//! names it, with what the report says, what the template requires and what to do.
//!
//! What goes in is what the agency answers for: the findings of rules that charge the document
//! ([`xxgk_core::rules::Rule::charges`]), on the values as the reviewers corrected their reading,
//! that no reviewer dismissed. A letter sent is kept as sent (JSON), with its 文号 from the
//! office's sequence of the year, so the agency and the office read the same document later,
//! and its points by finding fingerprint, so a resubmission shows which were answered.

use rusqlite::{params, OptionalExtension};
use xxgk_core::i18n;
use xxgk_core::{tr, Lang, Severity};

use crate::audit::Actor;
use crate::round::State;
use crate::{Refusal, Result, Store};

/// One problem an opinion raises.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    /// The finding's fingerprint ([`crate::review::Finding::fingerprint`]).
    pub fingerprint: String,
    /// The rule's code (kept for the office; the letter names the rule in words).
    pub code: String,
    /// The paragraph as the letter prints it, without its number.
    pub text: String,
}

/// A part of a letter's body.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Part {
    /// A numbered heading (`一、存在的问题`).
    Heading(String),
    /// A paragraph.
    Para(String),
}

/// A 审核意见 as sent, or as it would be.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Letter {
    /// The 文号 (`公开办〔2026〕3号`); a draft's has no number yet (`公开办〔2026〕　号`).
    pub number: String,
    /// The title.
    pub title: String,
    /// The 主送: the agency, as its report names it.
    pub to: String,
    /// The body.
    pub parts: Vec<Part>,
    /// The 落款: the office.
    pub office: String,
    /// The date, as the letter prints it (`2026年12月7日`).
    pub date: String,
    /// The problems raised, in the letter's order.
    pub points: Vec<Point>,
    /// The file name a person saves it under (`2024年某某局年报审核意见.docx`).
    pub file_name: String,
}

/// What a reviewer adds to an opinion.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The overall opinion, in the reviewer's words (empty: 无).
    pub overall: String,
    /// The date by which the agency is to answer (`None`: [`ANSWER_DAYS`] after sending).
    pub deadline: Option<jiff::civil::Date>,
    /// The round's state the page showed: another reached meanwhile refuses the sending.
    pub seen: Option<State>,
}

/// The days an agency has to answer, unless the reviewer says otherwise.
pub const ANSWER_DAYS: i64 = 15;

/// The office's settings a letter uses.
pub const SETTINGS: [&str; 2] = [OFFICE, NUMBER];
/// The office's name, for the 落款.
pub const OFFICE: &str = "office.name";
/// The 文号's pattern: `{year}` the year of issue, `{n}` the number in that year's sequence.
pub const NUMBER: &str = "opinion.number";

/// The office's setting `key` as set, or its default from the catalogue.
pub fn setting(store: &Store, key: &str, lang: Lang) -> Result<String> {
    let set: Option<String> =
        store.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    Ok(set
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| i18n::text(lang, &format!("opinion-default-{}", key.replace('.', "-")))))
}

/// Set the office's setting `key` to `value` (empty: back to the default), recorded in the
/// trail. A 文号 pattern must hold `{n}`, or every letter would bear the same number.
pub fn set_setting(store: &mut Store, who: &Actor, key: &str, value: &str) -> Result<std::result::Result<(), Refusal>> {
    let value = value.trim();
    if !SETTINGS.contains(&key) {
        return Ok(Err(Refusal::new("store-no-setting").with("key", key)));
    }
    if key == NUMBER && !value.is_empty() && !value.contains("{n}") {
        return Ok(Err(Refusal::new("store-number-needs-n")));
    }
    let tx = store.conn.transaction()?;
    let before: Option<String> =
        tx.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    if value.is_empty() {
        tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    } else {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    let after = (!value.is_empty()).then(|| serde_json::json!({ "value": value }));
    let before = before.map(|v| serde_json::json!({ "value": v }));
    crate::audit::record(&tx, who, "setting", key, before.as_ref(), after.as_ref())?;
    tx.commit()?;
    Ok(Ok(()))
}

/// What a letter on report `id` says of it: the problems its agency is to answer, each in a
/// paragraph — on the values as corrected, of rules that charge the document, warnings and
/// errors, not dismissed — and whether part of it could not be read and checked (a reading
/// finding no reviewer dismissed), so that the letter does not pass what nobody checked.
fn assess(store: &Store, id: i64, lang: Lang) -> Result<(Vec<Point>, bool)> {
    let latest = crate::review::latest_decisions(store, id)?;
    let found = crate::review::report_findings(store, id, true)?;
    let mut unread = false;
    let mut points = Vec::new();
    for f in found.into_iter().filter(|f| f.severity >= Severity::Warning) {
        let fingerprint = f.fingerprint();
        if latest.get(&fingerprint).is_some_and(|d| d.state == "dismissed") {
            continue;
        }
        let Some(rule) = xxgk_core::rules::find(&f.code) else { continue };
        if rule.scope == xxgk_core::rules::Scope::Reading {
            unread = true;
        }
        if !rule.charges() {
            continue;
        }
        let said = sentence(&f.message(lang), lang);
        let text = tr!(lang, "opinion-point", rule = rule.name(lang), said = said, fix = rule.fix(lang));
        points.push(Point { fingerprint, code: f.code, text });
    }
    Ok((points, unread))
}

/// `text` ending as a sentence does in `lang`.
fn sentence(text: &str, lang: Lang) -> String {
    let text = text.trim();
    let end = if lang == Lang::Zh { "。" } else { "." };
    if text.ends_with(['。', '；', '！', '？', '.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}{end}")
    }
}

/// `n` (1-based) as a Chinese counting word: 一 … 九十九.
fn chinese(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n % 10 == 0 { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

/// A date as a letter prints it: `2026年12月7日` (GB/T 9704 writes it in Arabic numerals).
pub fn date_words(d: jiff::civil::Date, lang: Lang) -> String {
    tr!(lang, "opinion-date", y = d.year(), m = d.month(), d = d.day())
}

/// The 文号 of number `n` of `year` by `pattern`; `None` for a draft's, numbered when sent.
fn number(pattern: &str, year: i16, n: Option<i64>) -> String {
    pattern.replace("{year}", &year.to_string()).replace("{n}", &n.map_or("　".to_string(), |n| n.to_string()))
}

/// What a letter is about: the report, its agency and its facts.
struct About {
    id: i64,
    /// The file's own name (`报告.pdf`, an archive's member by its name), never where the
    /// server keeps it.
    file: String,
    agency: Option<String>,
    year: Option<i64>,
    template: String,
    published: Option<String>,
    url: Option<String>,
}

fn about(store: &Store, id: i64) -> Result<Option<About>> {
    Ok(store
        .conn
        .query_row("SELECT agency, year, template, published, url, source_path FROM reports WHERE id = ?1", [id], |r| {
            let file = crate::query::file_name(&r.get::<_, String>(5)?);
            Ok(About {
                id,
                file,
                agency: r.get(0)?,
                year: r.get(1)?,
                template: r.get(2)?,
                published: r.get(3)?,
                url: r.get(4)?,
            })
        })
        .optional()?)
}

/// The office's name and its 文号 pattern, as set or by default.
struct Office {
    name: String,
    pattern: String,
}

fn office(store: &Store, lang: Lang) -> Result<Office> {
    Ok(Office { name: setting(store, OFFICE, lang)?, pattern: setting(store, NUMBER, lang)? })
}

/// The letter on report `a` raising `points` (`unread`: part of it could not be checked),
/// dated `date`, numbered `n` (`None`: a draft).
fn compose(
    o: &Office,
    a: &About,
    (points, unread): (Vec<Point>, bool),
    d: &Draft,
    date: jiff::civil::Date,
    n: Option<i64>,
    lang: Lang,
) -> Letter {
    let agency = a.agency.clone().unwrap_or_else(|| i18n::text(lang, "opinion-unknown-agency"));
    // A report is named by its standard title; one whose organ or year was not recognised, by
    // its file's own name.
    let report = match a.year {
        Some(year) if a.agency.is_some() => tr!(lang, "opinion-report-title", agency = agency.as_str(), year = year),
        _ => tr!(lang, "opinion-report-file", file = a.file.as_str()),
    };
    let mut facts = Vec::new();
    if let Some(p) = a.published.as_deref().and_then(|p| p.parse::<jiff::civil::Date>().ok()) {
        facts.push(tr!(lang, "opinion-published", date = date_words(p, lang)));
    }
    if let Some(url) = a.url.as_deref().filter(|u| !u.trim().is_empty()) {
        facts.push(tr!(lang, "opinion-url", url = url));
    }
    let facts = if facts.is_empty() {
        String::new()
    } else {
        tr!(lang, "opinion-facts", facts = facts.join(if lang == Lang::Zh { "；" } else { "; " }))
    };
    // The notice whose template the report's year follows.
    let notice = i18n::text(lang, if a.template == "2019" { "opinion-template-2019" } else { "opinion-template-2021" });
    let mut parts =
        vec![Part::Para(tr!(lang, "opinion-opening", report = report.as_str(), facts = facts, notice = notice))];
    if unread {
        parts.push(Part::Para(i18n::text(lang, "opinion-unread")));
    }
    let none = i18n::text(lang, "opinion-none");
    parts.push(Part::Heading(i18n::text(lang, "opinion-problems")));
    if points.is_empty() {
        parts.push(Part::Para(i18n::text(lang, "opinion-no-problems")));
    }
    for (i, p) in points.iter().enumerate() {
        let n = if lang == Lang::Zh { format!("（{}）", chinese(i + 1)) } else { format!("({}) ", i + 1) };
        parts.push(Part::Para(format!("{n}{}", p.text)));
    }
    parts.push(Part::Heading(i18n::text(lang, "opinion-overall")));
    let overall = d.overall.trim();
    parts.push(Part::Para(if overall.is_empty() { none } else { sentence(overall, lang) }));
    parts.push(Part::Heading(i18n::text(lang, "opinion-demands")));
    let deadline = d.deadline.unwrap_or_else(|| date.saturating_add(jiff::Span::new().days(ANSWER_DAYS)));
    parts.push(Part::Para(if points.is_empty() {
        i18n::text(lang, if unread { "opinion-nothing-checked-to-correct" } else { "opinion-nothing-to-correct" })
    } else {
        tr!(lang, "opinion-correct-by", deadline = date_words(deadline, lang))
    }));
    let file_name = match (&a.agency, a.year) {
        (Some(agency), Some(year)) => {
            let safe: String = agency.chars().filter(|c| !"/\\:*?\"<>|\0".contains(*c) && !c.is_control()).collect();
            tr!(lang, "opinion-file", agency = safe, year = year)
        }
        _ => tr!(lang, "opinion-file-of-report", id = a.id),
    };
    Letter {
        number: number(&o.pattern, date.year(), n),
        title: tr!(lang, "opinion-title", report = report.as_str()),
        to: tr!(lang, "opinion-to", agency = agency.as_str()),
        parts,
        office: o.name.clone(),
        date: date_words(date, lang),
        points,
        file_name,
    }
}

/// The opinion report `id` would get if sent today (`None`: no such report), unnumbered.
pub fn draft(store: &Store, id: i64, d: &Draft, lang: Lang) -> Result<Option<Letter>> {
    let Some(a) = about(store, id)? else { return Ok(None) };
    let assessed = assess(store, id, lang)?;
    Ok(Some(compose(&office(store, lang)?, &a, assessed, d, crate::audit::beijing_today(), None, lang)))
}

/// Send report `id`'s opinion as `who`: number it in the office's sequence of this year, keep it
/// as sent, and move the round to 已退回整改 with the agency's deadline. Refused for a report that
/// names no organ or year, or whose round does not lead there now ([`State::next`]).
pub fn send(
    store: &mut Store,
    who: &Actor,
    id: i64,
    d: &Draft,
    lang: Lang,
) -> Result<std::result::Result<i64, Refusal>> {
    let Some(a) = about(store, id)? else { return Ok(Err(Refusal::new("store-no-report").with("id", id))) };
    let Some((organ, year, sha)) = crate::round::organ_year(&store.conn, id)? else {
        return Ok(Err(Refusal::new("store-round-no-organ-year").with("id", id)));
    };
    let assessed = assess(store, id, lang)?;
    let o = office(store, lang)?;
    let today = crate::audit::beijing_today();
    let deadline = d.deadline.unwrap_or_else(|| today.saturating_add(jiff::Span::new().days(ANSWER_DAYS)));
    let tx = store.conn.transaction()?;
    let Some((from, _, _)) = crate::round::standing(&tx, id)? else {
        return Ok(Err(Refusal::new("store-no-report").with("id", id)));
    };
    if d.seen.is_some_and(|s| !s.seen_as(from)) {
        return Ok(Err(Refusal::new(crate::round::STALE_ROUND).with("state", from.key())));
    }
    if !from.next().contains(&State::Returned) {
        return Ok(Err(Refusal::new("store-round-not-allowed")
            .with("from", from.key())
            .with("to", State::Returned.key())));
    }
    let issued = i64::from(today.year());
    let seq: i64 =
        tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM opinions WHERE issued_year = ?1", [issued], |r| r.get(0))?;
    let letter = compose(&o, &a, assessed, &Draft { deadline: Some(deadline), ..d.clone() }, today, Some(seq), lang);
    let deadline = deadline.to_string();
    tx.execute(
        "INSERT INTO opinions (organ_id, year, report_id, report_sha256, issued_year, seq, letter, deadline, sent_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            organ,
            year,
            id,
            sha,
            issued,
            seq,
            serde_json::to_string(&letter).unwrap_or_default(),
            deadline,
            who.name
        ],
    )?;
    let opinion = tx.last_insert_rowid();
    crate::round::set(
        &tx,
        who,
        id,
        (organ, year, &sha),
        from,
        State::Returned,
        serde_json::json!({ "opinion": opinion }),
    )?;
    tx.execute("UPDATE rounds SET deadline = ?3 WHERE organ_id = ?1 AND year = ?2", params![organ, year, deadline])?;
    let after = serde_json::json!({ "opinion": opinion, "number": letter.number, "points": letter.points.len(), "deadline": deadline });
    crate::audit::record(&tx, who, "opinion-sent", &id.to_string(), None, Some(&after))?;
    tx.commit()?;
    Ok(Ok(opinion))
}

/// An opinion sent, as lists show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sent {
    /// The opinion's row id.
    pub id: i64,
    /// The report it was sent on.
    pub report: i64,
    /// Its 文号.
    pub number: String,
    /// Who sent it.
    pub sent_by: String,
    /// When, in 北京时间.
    pub sent_at: String,
    /// When the agency is to answer, `YYYY-MM-DD`.
    pub deadline: Option<String>,
    /// How many problems it raised.
    pub points: usize,
    /// The file name a person saves it under.
    pub file_name: String,
}

fn sent_row(r: &rusqlite::Row) -> rusqlite::Result<(Sent, Letter)> {
    let letter: Letter = serde_json::from_str(&r.get::<_, String>(5)?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e)))?;
    let sent = Sent {
        id: r.get(0)?,
        report: r.get(1)?,
        number: letter.number.clone(),
        sent_by: r.get(2)?,
        sent_at: crate::audit::beijing(&r.get::<_, String>(3)?),
        deadline: r.get(4)?,
        points: letter.points.len(),
        file_name: letter.file_name.clone(),
    };
    Ok((sent, letter))
}

const SENT: &str = "SELECT id, report_id, sent_by, sent_at, deadline, letter FROM opinions";

/// The opinions sent on `organ`'s `year`, newest first.
pub fn sent_on(store: &Store, organ: i64, year: i64) -> Result<Vec<Sent>> {
    let mut st = store.conn.prepare_cached(&format!("{SENT} WHERE organ_id = ?1 AND year = ?2 ORDER BY id DESC"))?;
    let rows = st.query_map(params![organ, year], sent_row)?;
    rows.map(|r| r.map(|(s, _)| s)).collect::<std::result::Result<_, _>>().map_err(Into::into)
}

/// Opinion `id` as sent, and the organ it went to (`None`: no such opinion).
pub fn sent(store: &Store, id: i64) -> Result<Option<(Sent, Letter, i64)>> {
    let sql = format!("SELECT id, report_id, sent_by, sent_at, deadline, letter, organ_id FROM opinions WHERE id = ?1");
    Ok(store
        .conn
        .query_row(&sql, [id], |r| {
            let (s, l) = sent_row(r)?;
            Ok((s, l, r.get(6)?))
        })
        .optional()?)
}

/// How a resubmitted report answers the opinion sent on an earlier version: what its values,
/// findings and the opinion's points became.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Answer {
    /// The opinion answered.
    pub opinion: Sent,
    /// The version it was sent on.
    pub before: i64,
    /// The cells whose values changed: the cell as the template names it, before, after
    /// (`None`: blank or absent).
    pub changed: Vec<crate::compare::Named>,
    /// The findings of the earlier version that this one no longer has, in words.
    pub resolved: Vec<String>,
    /// The findings this version has that the earlier one had not.
    pub appeared: Vec<String>,
    /// The findings both have.
    pub stayed: Vec<String>,
    /// Each point of the opinion, and whether this version answers it (its finding is gone).
    pub points: Vec<(String, bool)>,
}

/// The findings of report `id` a round follows (warnings and errors, of rules that charge the
/// document, on the values as corrected), by fingerprint, in words.
fn followed(store: &Store, id: i64, lang: Lang) -> Result<Vec<(String, String)>> {
    Ok(crate::review::report_findings(store, id, true)?
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning && xxgk_core::rules::find(&f.code).is_some_and(|r| r.charges()))
        .map(|f| {
            let rule = xxgk_core::rules::find(&f.code).map_or_else(|| f.code.clone(), |r| r.name(lang));
            (f.fingerprint(), tr!(lang, "opinion-finding", rule = rule, said = f.message(lang)))
        })
        .collect())
}

/// How report `id` answers the latest opinion sent on its organ's year, when that opinion was
/// sent on another version (`None`: no opinion, or sent on this very version).
pub fn answer(store: &Store, id: i64, lang: Lang) -> Result<Option<Answer>> {
    let Some((organ, year, _)) = crate::round::organ_year(&store.conn, id)? else { return Ok(None) };
    let Some(opinion) = sent_on(store, organ, year)?.into_iter().next() else { return Ok(None) };
    if opinion.report == id {
        return Ok(None);
    }
    let Some((_, letter, _)) = sent(store, opinion.id)? else { return Ok(None) };
    let before = opinion.report;
    let changed = crate::compare::named_changes(store, before, id, lang)?;
    // The earlier version's findings as it has them now, and the points the opinion raised: a
    // finding across reports (逾期公布, 上年结转) stands only on the current version, so the
    // earlier one keeps it only in the letter.
    let mut old = followed(store, before, lang)?;
    for p in &letter.points {
        if !old.iter().any(|(f, _)| *f == p.fingerprint) {
            old.push((p.fingerprint.clone(), p.text.clone()));
        }
    }
    let new = followed(store, id, lang)?;
    let has = |list: &[(String, String)], fp: &str| list.iter().any(|(f, _)| f == fp);
    let resolved = old.iter().filter(|(f, _)| !has(&new, f)).map(|(_, w)| w.clone()).collect();
    let appeared = new.iter().filter(|(f, _)| !has(&old, f)).map(|(_, w)| w.clone()).collect();
    let stayed = new.iter().filter(|(f, _)| has(&old, f)).map(|(_, w)| w.clone()).collect();
    let points = letter.points.iter().map(|p| (p.text.clone(), !has(&new, &p.fingerprint))).collect();
    Ok(Some(Answer { opinion, before, changed, resolved, appeared, stayed, points }))
}

/// Report `id`'s opinion as it stands: the one sent on its present version, else the draft it
/// would get today with `d` (`None`: no such report).
pub fn current(store: &Store, id: i64, d: &Draft, lang: Lang) -> Result<Option<Letter>> {
    let sent_id: Option<i64> = store.conn.query_row(
        "SELECT max(o.id) FROM opinions o JOIN reports r ON r.id = ?1
         WHERE o.report_sha256 = r.source_sha256 AND o.organ_id = r.organ_id AND o.year = r.year",
        [id],
        |row| row.get(0),
    )?;
    match sent_id {
        Some(o) => Ok(sent(store, o)?.map(|(_, l, _)| l)),
        None => draft(store, id, d, lang),
    }
}

/// The opinion of each report of `reports` (a list's view), as [`current`] has it.
pub fn for_reports(store: &Store, reports: &[crate::review::Listed], lang: Lang) -> Result<Vec<Letter>> {
    let mut out = Vec::with_capacity(reports.len());
    for r in reports {
        out.extend(current(store, r.id, &Draft::default(), lang)?);
    }
    Ok(out)
}

/// Letters as one ZIP of Word documents, each under its own name (the same name twice numbered).
pub fn zip(letters: &[Letter]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut names = std::collections::HashSet::new();
    for l in letters {
        let mut name = l.file_name.clone();
        let mut n = 1;
        while !names.insert(name.clone()) {
            n += 1;
            name = format!("{}（{n}）.docx", l.file_name.trim_end_matches(".docx"));
        }
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(&docx(l))?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(buf.into_inner())
}

/// The letter as a Word document: the 公文 layout, a page number on every page.
pub fn docx(l: &Letter) -> Vec<u8> {
    use xxgk_render::blocks::Block;
    let mut b = vec![Block::Number(l.number.clone()), Block::Title(l.title.clone()), Block::Addressee(l.to.clone())];
    for p in &l.parts {
        b.push(match p {
            Part::Heading(t) => Block::Heading(t.clone()),
            Part::Para(t) => Block::Para(t.clone()),
        });
    }
    // Two blank lines before the 落款, as a letter leaves room for the seal.
    b.push(Block::Para(String::new()));
    b.push(Block::Para(String::new()));
    b.push(Block::Signature(l.office.clone()));
    b.push(Block::Signature(l.date.clone()));
    xxgk_render::forms::letter_docx(&b)
}

/// The letter as a PDF, printed by LibreOffice where it is installed; why not otherwise (the
/// program to install), as a message.
pub fn pdf(l: &Letter) -> std::result::Result<Vec<u8>, Refusal> {
    xxgk_read::libreoffice(&docx(l), "docx", "pdf")
        .map_err(|kind| xxgk_read::ReadError { path: pdf_name(l), kind }.message())
}

/// The name a person saves the letter's PDF under.
pub fn pdf_name(l: &Letter) -> String {
    format!("{}.pdf", l.file_name.strip_suffix(".docx").unwrap_or(&l.file_name))
}

/// Every line of a letter, as a test reads it.
#[cfg(test)]
fn words(l: &Letter) -> String {
    let mut all = vec![l.number.clone(), l.title.clone(), l.to.clone()];
    all.extend(l.parts.iter().map(|p| match p {
        Part::Heading(t) | Part::Para(t) => t.clone(),
    }));
    all.push(l.office.clone());
    all.push(l.date.clone());
    all.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{set, store_of, year};
    use xxgk_core::TableId;

    #[test]
    fn chinese_counting_words() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99].into_iter().map(chinese).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十一", "九十九"]);
    }

    #[test]
    fn an_opinion_names_problems_in_words_and_numbers_in_the_office_s_sequence() {
        let mut f = year("青禾市审计局", 2024, 0, 0, 10);
        set(&mut f, TableId::Table3, "granted", &[5, 0, 0, 0, 0, 0, 6]);
        let (_dir, mut store) = store_of(&[f]);
        let who = Actor { name: "审核员甲".into(), address: "test".into() };
        let lang = Lang::Zh;
        let draft = draft(&store, 1, &Draft::default(), lang).unwrap().unwrap();
        let text = words(&draft);
        assert!(draft.number.contains('〔') && draft.number.ends_with("　号"), "{}", draft.number);
        assert_eq!(draft.to, "青禾市审计局：");
        assert!(text.contains("（一）"), "{text}");
        assert!(!text.contains("T3-") && !text.contains("table3"), "{text}");
        assert_eq!(draft.file_name, "2024年青禾市审计局年报审核意见.docx");

        set_setting(&mut store, &who, OFFICE, "青禾市政务公开办公室").unwrap().unwrap();
        assert!(set_setting(&mut store, &who, NUMBER, "青公开办〔{year}〕号").unwrap().is_err());
        set_setting(&mut store, &who, NUMBER, "青公开办〔{year}〕{n}号").unwrap().unwrap();
        let first = send(&mut store, &who, 1, &Draft { overall: "请认真整改".into(), ..Draft::default() }, lang)
            .unwrap()
            .unwrap();
        let (sent, letter, _) = super::sent(&store, first).unwrap().unwrap();
        let y = crate::audit::beijing_today().year();
        assert_eq!(letter.number, format!("青公开办〔{y}〕1号"));
        assert_eq!(letter.office, "青禾市政务公开办公室");
        assert!(words(&letter).contains("请认真整改。"));
        assert_eq!(sent.points, letter.points.len());
        assert_eq!(crate::round::round(&store, 1).unwrap().unwrap().state, State::Returned);
        // Sent once: the round no longer leads to sending again until the agency answers.
        assert!(send(&mut store, &who, 1, &Draft::default(), lang).unwrap().is_err());
    }
}
