//! The workspace's texts are the message catalogue's part `web` (`xxgk_core::i18n`,
//! `locales/*/web.ftl`): pages and handlers name an id, never a language. What is particular to
//! the web is here: the texts a page's script takes, and the templates' function `t`.

use std::collections::BTreeMap;

use minijinja::value::{Kwargs, Value};
use xxgk_core::i18n::{self, Args};
use xxgk_core::Lang;

pub use xxgk_core::i18n::text;

/// The texts of the families `prefixes` (`web-import-`…) for a page's script, keyed as the script
/// names them (`web-import-running` → `import_running`), each variable left as `{name}` for the
/// script to fill in.
pub fn for_script(lang: Lang, prefixes: &[&str]) -> BTreeMap<String, String> {
    prefixes
        .iter()
        .flat_map(|prefix| i18n::ids_with_prefix(prefix))
        .map(|id| (id.trim_start_matches("web-").replace('-', "_"), i18n::for_script(lang, &id)))
        .collect()
}

/// The templates' `t(lang, "id", name=value, …)`: the message in the page's language, with the
/// keyword arguments as its variables.
pub fn template_text(lang: String, id: String, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let mut args = Args::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let value = serde_json::to_value(&value)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))?;
        args.set(name, value);
    }
    Ok(i18n::format(Lang::from_code(&lang).unwrap_or_default(), &id, &args))
}

/// The templates' `rule(lang, code)`: the rule's name, as a reviewer reads a finding (the code
/// itself is shown beside it as a small tag); a code the registry lacks (a store written by
/// another version) shows as itself.
pub fn rule_name(lang: String, code: String) -> String {
    xxgk_core::rules::find(&code).map_or(code, |r| r.name(Lang::from_code(&lang).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_core::Severity;

    /// Every id the workspace builds from data (`web-level-…`, `web-rank-…`, `web-state-…`,
    /// `web-status-…`) and every text its scripts read (`texts.import_running`) is in the
    /// catalogue.
    #[test]
    fn every_id_built_from_data_is_in_the_catalogue() {
        let mut ids: Vec<String> = Vec::new();
        ids.extend(["province", "city", "county", "township"].map(|l| format!("web-level-{l}")));
        ids.extend(xxgk_core::TemplateId::ALL.map(|t| format!("web-template-{}", t.as_str())));
        ids.extend(xxgk_read::Format::ALL.map(|f| format!("web-format-{}", f.name())));
        ids.extend(xxgk_store::figures::Rank::ALL.iter().map(|r| format!("web-rank-{}", r.key())));
        ids.extend(["open", "confirmed", "dismissed"].map(|s| format!("web-state-{s}")));
        ids.extend(["todo", "done", "clean", "partly"].map(|s| format!("web-status-{s}")));
        // A round's states, and the moves a reviewer's buttons make to each but 已退回整改 (which
        // only sending an opinion reaches).
        use xxgk_store::round::State;
        ids.extend(State::ALL.map(|s| format!("round-state-{}", s.key())));
        ids.extend(
            State::ALL
                .iter()
                .flat_map(|s| s.next())
                .filter(|s| **s != State::Returned)
                .map(|s| format!("web-move-{}", s.key())),
        );
        ids.extend(xxgk_store::opinion::SETTINGS.map(|k| format!("opinion-default-{}", k.replace('.', "-"))));
        ids.extend(
            [Severity::Info, Severity::Warning, Severity::Error].map(|s| format!("web-severity-{}", s.as_str())),
        );
        let scripts = [
            include_str!("../static/app.js"),
            include_str!("../static/charts.js"),
            include_str!("../static/source.js"),
        ];
        let read = regex::Regex::new(r"\btexts\.([a-z_]+)").unwrap();
        for script in scripts {
            ids.extend(read.captures_iter(script).map(|m| format!("web-{}", m[1].replace('_', "-"))));
        }
        for lang in Lang::ALL {
            let missing: Vec<&String> = ids.iter().filter(|id| !i18n::has(lang, id)).collect();
            assert!(missing.is_empty(), "{}: {missing:?}", lang.code());
        }
    }

    #[test]
    fn a_script_fills_in_the_variables_itself() {
        let running = Lang::ALL.map(|lang| for_script(lang, &["web-import-"])["import_running"].clone());
        assert_eq!(running, ["导入中：{done} / {total} 个文件", "Importing: {done} of {total} files"]);
    }
}
