//! The page templates (minijinja, escaping everything they print) and the context of the list.

use minijinja::{context, Environment, Value};
use xxgk_core::{tr, Lang};

use crate::catalogue::text;
use xxgk_store::review::Listed;

use crate::ListParams;

/// The templates, compiled into the binary.
pub fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    for (name, source) in [
        ("base.html", include_str!("../templates/base.html")),
        ("reports.html", include_str!("../templates/reports.html")),
        ("report.html", include_str!("../templates/report.html")),
        ("organ.html", include_str!("../templates/organ.html")),
        ("import.html", include_str!("../templates/import.html")),
        ("filters.html", include_str!("../templates/filters.html")),
        ("overview.html", include_str!("../templates/overview.html")),
        ("stats.html", include_str!("../templates/stats.html")),
        ("stats_table.html", include_str!("../templates/stats_table.html")),
        ("files.html", include_str!("../templates/files.html")),
        ("imports.html", include_str!("../templates/imports.html")),
        ("organs.html", include_str!("../templates/organs.html")),
        ("roster.html", include_str!("../templates/roster.html")),
        ("ranking.html", include_str!("../templates/ranking.html")),
        ("rollup.html", include_str!("../templates/rollup.html")),
        ("rollup_one.html", include_str!("../templates/rollup_one.html")),
        ("rules.html", include_str!("../templates/rules.html")),
        ("login.html", include_str!("../templates/login.html")),
        ("users.html", include_str!("../templates/users.html")),
        ("audit.html", include_str!("../templates/audit.html")),
    ] {
        // The templates are part of the program: one that does not compile is a build error,
        // caught by the tests that render every page.
        if let Err(e) = env.add_template(name, source) {
            eprintln!("xxgk-web: template {name}: {e}");
        }
    }
    env.add_function("t", crate::catalogue::template_text);
    env.add_function("rule", crate::catalogue::rule_name);
    // A time the store keeps in UTC, as the office reads it: in 北京时间.
    env.add_filter("beijing", |utc: String| xxgk_store::audit::beijing(&utc));
    // A share as a person reads it: 0.257 → 25.7%; unknown → —.
    env.add_function("pct", |v: Option<f64>| -> String { v.map_or("—".into(), |x| format!("{:.1}%", x * 100.0)) });
    env
}

/// The pages the pager links (counted from 0), `None` where it leaves a gap: the first and the
/// last, and two either side of `page`.
fn pager(page: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 0..pages {
        if n == 0 || n + 1 == pages || n.abs_diff(page) <= 2 {
            out.push(Some(n));
        } else if out.last().is_some_and(Option::is_some) {
            out.push(None);
        }
    }
    out
}

/// The list page's context: the filters as given (to keep them in the form and the links), the
/// reports of the page, and the pages around it.
pub fn list_context(lang: Lang, p: &ListParams, total: i64, page: usize, per_page: usize, reports: &[Listed]) -> Value {
    let pages = (total as usize).div_ceil(per_page).max(1);
    // The query string of this view without its page, for the page links (each value escaped).
    let keep: Vec<(&str, &Option<String>)> = vec![
        ("year", &p.year),
        ("organ", &p.organ),
        ("level", &p.level),
        ("region", &p.region),
        ("template", &p.template),
        ("code", &p.code),
        ("severity", &p.severity),
        ("q", &p.q),
        ("status", &p.status),
        ("round", &p.round),
        ("mine", &p.mine),
        ("sort", &p.sort),
        ("lang", &p.lang),
    ];
    let base: Vec<String> = keep
        .iter()
        .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(v))))
        .collect();
    let link = |n: usize| {
        let mut q = base.clone();
        q.push(format!("page={n}"));
        format!("/reports?{}", q.join("&"))
    };
    context! {
        title => text(lang, "web-reports"),
        reports => reports,
        total => total,
        total_text => tr!(lang, "web-total", n = total),
        page_text => tr!(lang, "web-page", p = page + 1, n = pages),
        previous => (page > 0).then(|| link(page - 1)),
        next => (page + 1 < pages).then(|| link(page + 1)),
        pager => pager(page, pages).into_iter().map(|n| n.map(|n| context! { n => n + 1, href => (n != page).then(|| link(n)) })).collect::<Vec<_>>(),
        pages => pages,
        // The view's filters, for the pager's box to keep them.
        keep => keep.iter().filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (*k, v.clone()))).collect::<Vec<_>>(),
        summary => format!("/reports.xlsx?{}", base.join("&")),
        opinions => format!("/opinions.zip?{}", base.join("&")),
        // The view's query, for the actions on all of it (assign, decide in bulk).
        view => base.join("&"),
        statuses => xxgk_store::review::ReviewStatus::FILTERS.map(|s| s.key()),
        rounds => xxgk_store::round::State::ALL.map(|s| s.key()),
        f => context! {
            year => p.year, organ => p.organ, level => p.level, region => p.region, template => p.template,
            code => p.code, severity => p.severity, q => p.q, status => p.status, sort => p.sort,
            round => p.round, mine => p.mine,
        },
    }
}

/// `s` percent-encoded for a URL's query.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The 规则 page: every rule the checks and the reader can raise, with its name, scope,
/// severity, what it needs read and its explanation — what `xxgk explain` prints.
pub fn rules_context(lang: Lang) -> Value {
    let rules: Vec<Value> = xxgk_core::rules::RULES
        .iter()
        .map(|r| {
            context! {
                code => r.code, name => r.name(lang), about => r.about(lang), scope => r.scope.key(), scope_name => r.scope.name(lang),
                severity => r.severity.as_str(), severity_name => r.severity.name(lang), needs => r.needs.join(", "),
            }
        })
        .collect();
    context! { title => text(lang, "web-rules"), rules => rules }
}

/// The code filter's choices: every rule, by name, with the number of current reports whose
/// findings carry it (`counts`: code → reports), the rules found first.
pub fn code_choices(lang: Lang, counts: &std::collections::HashMap<String, usize>) -> Vec<Value> {
    let mut rules: Vec<(&xxgk_core::rules::Rule, usize)> =
        xxgk_core::rules::RULES.iter().map(|r| (r, counts.get(r.code).copied().unwrap_or(0))).collect();
    rules.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    rules.into_iter().map(|(r, n)| context! { code => r.code, name => r.name(lang), reports => n }).collect()
}

#[cfg(test)]
mod tests {
    use super::pager;

    #[test]
    fn the_pager_links_the_ends_and_the_pages_around_this_one() {
        assert_eq!(pager(0, 1), [Some(0)]);
        assert_eq!(pager(0, 4), [Some(0), Some(1), Some(2), Some(3)]);
        assert_eq!(pager(10, 356), [Some(0), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(355)]);
        assert_eq!(pager(355, 356), [Some(0), None, Some(353), Some(354), Some(355)]);
    }
}
