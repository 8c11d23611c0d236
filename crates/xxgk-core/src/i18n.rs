//! The message catalogue: every text a person reads — help, findings, errors, pages, workbooks
//! and documents — in Chinese and English, kept in Fluent files (`locales/{zh,en}/*.ftl`) and
//! looked up by id.
//!
//! Fluent, as rustc and Firefox use it, because a message is a slug with named arguments: a
//! finding is stored as its code and its arguments and put into words only when a person reads
//! it, in that person's language, so rewording a message needs no re-ingest. Selectors give each
//! language its own plural and case forms (`{ $n -> [one] report *[other] reports }`).
//!
//! Code names a message with [`tr!`](crate::tr) (or [`text`] / [`format`]); a key built at run
//! time must start with one of [`DYNAMIC_PREFIXES`]. The catalogue's own tests fail on an id
//! present in one language only, on an id used in code but absent, and on an id no code uses.
//!
//! ```
//! use xxgk_core::{tr, Lang};
//! assert_eq!(tr!(Lang::Zh, "lang-name"), "中文");
//! assert_eq!(tr!(Lang::En, "web-total", n = 1), "1 report");
//! assert_eq!(tr!(Lang::En, "web-total", n = 3), "3 reports");
//! ```

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde_json::{Map, Value};

/// The language a person reads: Chinese by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 中文 (简体). (The discriminants index [`Lang::ALL`] and the catalogue's files.)
    #[default]
    Zh = 0,
    /// English.
    En = 1,
}

impl Lang {
    /// Every language the catalogue holds, the default first.
    pub const ALL: [Lang; 2] = [Self::Zh, Self::En];

    /// The language's code, as `--lang` and the page's switch name it: `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    /// The language a code names, by its primary subtag (`zh-CN` is Chinese, `en-GB` English).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The other language: what a page's language switch offers.
    pub fn other(self) -> Lang {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }
}

/// The named arguments of a message: a JSON object, so that a finding's arguments can be stored
/// as they are and put into words later. Strings stay strings; numbers are numbers to Fluent
/// (plural selectors work on them) and are written without grouping.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Args(pub Map<String, Value>);

impl Args {
    /// No arguments.
    pub fn new() -> Args {
        Args::default()
    }

    /// Set argument `name` (a Fluent variable, `$name` in the message).
    pub fn set(&mut self, name: &str, value: impl Into<Value>) -> &mut Args {
        self.0.insert(name.to_string(), value.into());
        self
    }

    /// [`Args::set`], by value, for building in one expression.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Args {
        self.set(name, value);
        self
    }

    fn fluent(&self) -> FluentArgs<'_> {
        let mut args = FluentArgs::new();
        for (name, value) in &self.0 {
            let value = match value {
                Value::String(s) => FluentValue::from(s.as_str()),
                Value::Number(n) => n.as_f64().map(FluentValue::from).unwrap_or(FluentValue::None),
                Value::Null => FluentValue::None,
                other => FluentValue::from(other.to_string()),
            };
            args.set(name.as_str(), value);
        }
        args
    }
}

/// A message to be put into words later, in the language of whoever reads it: an id of the
/// catalogue and its arguments. Errors and refusals of the library carry one, so that neither
/// the library nor the store has to choose a language, and a stored reason can be reworded
/// without storing it again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    /// The catalogue's id.
    pub id: String,
    /// Its named arguments.
    pub args: Args,
}

impl Message {
    /// Message `id` without arguments (add them with [`Message::with`]).
    pub fn new(id: &str) -> Message {
        Message { id: id.to_string(), args: Args::new() }
    }

    /// Set argument `name`.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Message {
        self.args.set(name, value);
        self
    }

    /// The message in words, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        format(lang, &self.id, &self.args)
    }

    /// A message kept as words in both languages by an older store: shown as it was.
    pub fn as_stored(zh: &str, en: &str) -> Message {
        Message::new("words-as-stored").with("zh", zh).with("en", en)
    }
}

/// Ids built at run time from data start with one of these; each family's ids are checked
/// against the data it is built from by that data's own test. Any other id is written out in
/// the code, where the catalogue's test finds it.
pub const DYNAMIC_PREFIXES: &[&str] = &[
    // The tables' names, by the template's tables (`diagnostic`'s tests check each).
    crate::diagnostic::TABLE_NAMES,
    // Each rule's name and explanation, by the rule registry (`rules`' tests check each).
    crate::rules::RULE_IDS,
    // Each command's and option's help, by the command line's own tree (`xxgk`'s help test
    // walks it).
    "help-",
    // The workspace's levels, ranking measures, finding states and review statuses, and the
    // texts its scripts take by prefix (`xxgk-web`'s tests check each family).
    "web-level-",
    "web-template-",
    "web-format-",
    "web-rank-",
    "web-state-",
    "web-status-",
    "web-severity-",
    "web-chart-",
    "web-import-",
    "web-outcome-",
    // The moves of a report's round, and its states, by the round's own states (`xxgk-web`'s
    // and `xxgk-store`'s tests check each); the office's settings' defaults, by their keys.
    "web-move-",
    "round-state-",
    "opinion-default-",
    // The audit trail's actions, by their keys (`xxgk-store`'s audit actions, checked by
    // `xxgk-web`'s tests), and the roles.
    "audit-action-",
    "web-role-",
    // The statistics' columns, by their keys (`xxgk-store`'s figures test checks each), and the
    // exports' (its export test checks each).
    "stats-col-",
    "export-col-",
    // The columns of `xxgk organs`, by their keys.
    "cli-organs-col-",
];

/// The catalogue's files, by name: each holds the texts of one part of the program, in both
/// languages, so that the parts can change without touching each other's files.
macro_rules! catalogue {
    ($($file:literal),* $(,)?) => {
        const FILES: &[&str] = &[$($file),*];
        /// Each language's files, in the order of [`Lang::ALL`].
        const SOURCES: [&[&str]; 2] = [
            &[$(include_str!(concat!("../locales/zh/", $file, ".ftl"))),*],
            &[$(include_str!(concat!("../locales/en/", $file, ".ftl"))),*],
        ];
        fn sources(lang: Lang) -> &'static [&'static str] {
            SOURCES[lang as usize]
        }
    };
}

catalogue!("cli", "common", "compare", "findings", "help", "read", "render", "review", "rules", "store", "web");

pub(crate) type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang as usize].get_or_init(|| build(lang))
}

/// The bundle of one language. A file that does not parse, or an id given twice, is a fault of
/// the program itself (the catalogue is compiled in and its tests load it), so it panics.
fn build(lang: Lang) -> Bundle {
    let locale = lang.code().parse().expect("a language code is a locale");
    let mut bundle = Bundle::new_concurrent(vec![locale]);
    // Isolation marks (U+2068/U+2069) around arguments would end up in files and terminals.
    bundle.set_use_isolating(false);
    crate::diagnostic::add_functions(&mut bundle, lang);
    for (source, file) in sources(lang).iter().zip(FILES) {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{}/{file}.ftl does not parse: {errors:?}", lang.code()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{}/{file}.ftl repeats an id: {errors:?}", lang.code()));
    }
    bundle
}

/// The message `id` without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    format(lang, id, &Args::new())
}

/// The message `id` with `args`. An id the catalogue lacks is a fault of the program (its tests
/// check every id the code names); in a release build it shows as the id itself rather than
/// failing the person's work.
pub fn format(lang: Lang, id: &str, args: &Args) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        debug_assert!(false, "the catalogue has no message {id:?} in {}", lang.code());
        return id.to_string();
    };
    let mut errors = Vec::new();
    let fluent = args.fluent();
    let out = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
    debug_assert!(errors.is_empty(), "message {id:?} in {}: {errors:?}", lang.code());
    out.into_owned()
}

/// The message `id` for a script of a page that fills in its variables itself: each variable
/// is written as `{name}`, for the script to replace.
pub fn for_script(lang: Lang, id: &str) -> String {
    let mut args = Args::new();
    if let Some(pattern) = bundle(lang).get_message(id).and_then(|m| m.value()) {
        let mut names = Vec::new();
        variables(pattern, &mut names);
        for name in names {
            args.set(&name, format!("{{{name}}}"));
        }
    }
    format(lang, id, &args)
}

/// The variables a pattern names, selectors and variants included.
fn variables(pattern: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut Vec<String>) {
        match e {
            InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
            InlineExpression::Placeable { expression } => expression_(expression, out),
            _ => {}
        }
    }
    fn expression_(e: &Expression<&str>, out: &mut Vec<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
        }
    }
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_(expression, out);
        }
    }
}

/// The ids of the catalogue that start with `prefix` (the same in both languages: the
/// catalogue's test checks it).
pub fn ids_with_prefix(prefix: &str) -> Vec<String> {
    sources(Lang::default())
        .iter()
        .filter_map(|source| FluentResource::try_new(source.to_string()).ok())
        .flat_map(|resource| {
            resource
                .entries()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) if m.id.name.starts_with(prefix) => {
                        Some(m.id.name.to_string())
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether the catalogue holds message `id` in `lang`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// A message of the catalogue in the language `$lang`, with named arguments:
/// `tr!(lang, "web-total", n = count)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::i18n::text($lang, $id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::format($lang, $id, &$crate::i18n::Args::new()$(.with(stringify!($name), $value))+)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    /// The ids of one language's file, messages and terms.
    fn ids(lang: Lang, file: &str) -> BTreeSet<String> {
        let at = FILES.iter().position(|f| *f == file).unwrap();
        let resource = FluentResource::try_new(sources(lang)[at].to_string()).unwrap();
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    }

    fn all_ids() -> BTreeSet<String> {
        FILES.iter().flat_map(|f| ids(Lang::default(), f)).filter(|id| !id.starts_with('-')).collect()
    }

    #[test]
    fn every_id_is_in_both_languages() {
        for file in FILES {
            let [zh, en] = Lang::ALL.map(|lang| ids(lang, file));
            let only_zh: Vec<_> = zh.difference(&en).collect();
            let only_en: Vec<_> = en.difference(&zh).collect();
            assert!(
                only_zh.is_empty() && only_en.is_empty(),
                "{file}.ftl: only in zh {only_zh:?}, only in en {only_en:?}"
            );
        }
        // Both bundles build: every file parses and no id is given twice across files.
        for lang in Lang::ALL {
            build(lang);
        }
    }

    /// Every source file of the workspace that can name a message: Rust, the pages' templates
    /// and their scripts.
    fn sources_of_the_workspace() -> Vec<(PathBuf, String)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if path.is_dir() {
                    if name != "target" && name != "vendor" && !name.starts_with('.') {
                        walk(&path, out);
                    }
                } else if name.ends_with(".rs")
                    || name.ends_with(".html")
                    || (name.ends_with(".js") && !name.contains(".min."))
                {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push((path, text));
                    }
                }
            }
        }
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
        let mut out = Vec::new();
        walk(&crates, &mut out);
        out
    }

    #[test]
    fn every_id_the_code_names_is_in_the_catalogue() {
        // `tr!(lang, "id"…)` and `text(lang, "id")` in Rust; `t(lang, "id"…)` (or 'id') in the
        // pages' templates; `t("id")` where a function has bound the language; a finding's id wherever
        // it is written (`Diagnostic::new(code, "finding-…", args)`).
        let named = regex::Regex::new(
            r#"(?:\b(?:tr!|text|t)\(\s*[^,()"]+(?:\([^()]*\))?\s*,\s*|\bt\(\s*|\b(?:Message|Refusal|FillError)::new\(\s*)["']([a-z][a-z0-9-]*-[a-z0-9-]*[a-z0-9])["']|"(finding-[a-z0-9-]*[a-z0-9])""#,
        )
        .unwrap();
        let known = all_ids();
        let mut missing = Vec::new();
        for (path, text) in sources_of_the_workspace() {
            for m in named.captures_iter(&text) {
                let id = m.get(1).or(m.get(2)).unwrap().as_str();
                if !known.contains(id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "ids named in code but absent from the catalogue: {missing:#?}");
    }

    #[test]
    fn every_id_of_the_catalogue_is_used() {
        // This file's own examples do not count as a use.
        let sources: Vec<String> = sources_of_the_workspace()
            .into_iter()
            .filter(|(p, _)| !p.ends_with("xxgk-core/src/i18n.rs"))
            .map(|(_, t)| t)
            .collect();
        let unused: Vec<String> = all_ids()
            .into_iter()
            .filter(|id| !DYNAMIC_PREFIXES.iter().any(|p| id.starts_with(p)))
            .filter(|id| {
                let (double, single) = (format!("\"{id}\""), format!("'{id}'"));
                !sources.iter().any(|s| s.contains(&double) || s.contains(&single))
            })
            .collect();
        assert!(unused.is_empty(), "ids of the catalogue no code uses: {unused:#?}");
    }

    #[test]
    fn arguments_and_plurals_follow_the_language() {
        // The plurals are the module's example, run as a doctest.
        assert_eq!(tr!(Lang::default(), "web-total", n = 1), "共 1 份报告");
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn stored_arguments_come_back_as_they_went_in() {
        let args = Args::new().with("n", 3).with("organ", "洪泽区人民政府");
        let json = serde_json::to_string(&args).unwrap();
        assert_eq!(json, r#"{"n":3,"organ":"洪泽区人民政府"}"#);
        assert_eq!(serde_json::from_str::<Args>(&json).unwrap(), args);
    }
}
