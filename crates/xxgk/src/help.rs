//! The command line as a person reads it: every command's and option's help text, and clap's
//! own words (用法, 选项, its error messages), in the chosen language. The commands and options
//! themselves are declared in `main.rs`; their texts are the catalogue's part `help`, by the
//! id `help-command-option` (`help-all-option` serves every command that has the option).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use xxgk_core::{i18n, tr, Lang};

/// The help text of `key` (`command.option`, `command.subcommand.option`, `command`, or ``
/// for the program) in `lang`: the catalogue's `help-command-option`, else `help-all-option`
/// (an option every command has).
fn text(key: &str, lang: Lang) -> Option<String> {
    let id = |k: &str| if k.is_empty() { "help".to_string() } else { format!("help-{}", k.replace(['.', '_'], "-")) };
    let pick = |k: &str| Some(id(k)).filter(|id| i18n::has(lang, id)).map(|id| i18n::text(lang, &id));
    pick(key).or_else(|| key.rsplit_once('.').and_then(|(_, option)| pick(&format!("all.{option}"))))
}

/// The commands and options of `cmd` (the whole tree) that have no help text in some language:
/// what the help test fails on.
pub fn missing(cmd: &Command) -> Vec<String> {
    fn walk(cmd: &Command, here: &str, out: &mut Vec<String>) {
        for lang in Lang::ALL {
            if text(here, lang).is_none() {
                out.push(format!("{here} ({})", lang.code()));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let key =
                    if here.is_empty() { format!("all.{}", a.get_id()) } else { format!("{here}.{}", a.get_id()) };
                if text(&key, lang).is_none() {
                    out.push(format!("{key} ({})", lang.code()));
                }
            }
        }
        for s in cmd.get_subcommands() {
            let key = if here.is_empty() { s.get_name().to_string() } else { format!("{here}.{}", s.get_name()) };
            walk(s, &key, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, "", &mut out);
    out
}

/// The language asked for on the command line, before it is parsed (help and clap's errors
/// need it first).
pub fn lang_of(args: &[String]) -> Lang {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(Lang::from_code) {
            return lang;
        }
    }
    Lang::default()
}

/// `cmd` with every help text in `lang`, and clap's own headings, help and version flags.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    localize_at(cmd, "", lang, true)
}

fn localize_at(mut cmd: Command, path: &str, lang: Lang, top: bool) -> Command {
    // A subcommand's key is its path: `users.add`.
    let key = match (top, path.is_empty()) {
        (true, _) => String::new(),
        (false, true) => cmd.get_name().to_string(),
        (false, false) => format!("{path}.{}", cmd.get_name()),
    };
    if let Some(about) = text(&key, lang) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let (options, arguments) = (tr!(lang, "help-heading-options"), tr!(lang, "help-heading-arguments"));
    cmd = cmd
        .help_template(format!(
            "{{about-with-newline}}\n{}\n\n{{all-args}}{{after-help}}",
            tr!(lang, "help-usage-line", usage = "{usage}")
        ))
        .subcommand_help_heading(tr!(lang, "help-heading-commands"))
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text("all.help", lang).unwrap_or_default()),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text("all.version", lang).unwrap_or_default()),
        );
    }
    let here = key.clone();
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let help = text(&format!("{}.{id}", if top { "all" } else { &here }), lang);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() { &arguments } else { &options };
            let takes = a.get_action().takes_values();
            let mut a = a.help_heading(heading.clone());
            if takes {
                a = a.hide_default_value(true).hide_possible_values(true);
            }
            // The default and the choices, in the same language as the text they follow.
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.is_empty())
                .collect();
            let choices: Vec<String> =
                a.get_possible_values().iter().filter(|p| !p.is_hide_set()).map(|p| p.get_name().to_string()).collect();
            let mut line = help.clone().unwrap_or_default();
            if !choices.is_empty() && takes {
                line.push_str(&tr!(lang, "help-choices", list = choices.join(&tr!(lang, "help-list-separator"))));
            }
            if !defaults.is_empty() && takes {
                line.push_str(&tr!(lang, "help-default", list = defaults.join(",")));
            }
            if !line.is_empty() {
                a = a.help(line);
            }
            a
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let prefix = here.clone();
        cmd = cmd.mut_subcommand(&name, |s| localize_at(s, &prefix, lang, false));
    }
    cmd
}

/// A command-line error in `lang`: what was wrong, the usage, where to read more. Help and
/// version requests print as they are.
pub fn explain(e: &clap::Error, lang: Lang) -> String {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let text = e.render().to_string();
        return if text.ends_with('\n') { text } else { text + "\n" };
    }
    let separator = tr!(lang, "help-list-separator");
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(&separator),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(&separator),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => tr!(lang, "help-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => {
            tr!(lang, "help-error-unknown-command", command = get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => tr!(lang, "help-error-no-value", arg = arg),
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            valid if valid.is_empty() => tr!(lang, "help-error-bad-value", arg = arg, value = value),
            valid => tr!(lang, "help-error-bad-choice", arg = arg, value = value, choices = valid),
        },
        ErrorKind::ValueValidation => tr!(lang, "help-error-bad-value", arg = arg, value = value),
        ErrorKind::MissingRequiredArgument => tr!(lang, "help-error-missing-argument", arg = arg),
        ErrorKind::MissingSubcommand => tr!(lang, "help-error-missing-command"),
        ErrorKind::ArgumentConflict => tr!(lang, "help-error-conflict", arg = arg, other = get(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            tr!(lang, "help-error-value-count", arg = arg)
        }
        ErrorKind::NoEquals => tr!(lang, "help-error-no-equals", arg = arg),
        _ => tr!(lang, "help-error-other"),
    };
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut out = format!("{}\n", tr!(lang, "help-error", what = what));
    if !usage.is_empty() {
        out.push_str(&format!("\n{}\n", tr!(lang, "help-error-usage", usage = usage)));
    }
    out.push_str(&format!("\n{}\n", tr!(lang, "help-error-more")));
    out
}
