//! `xxgk users`: the accounts of an office from the command line — where the first
//! administrator is made, before the workspace is served to anyone but this machine.
//!
//! A password is asked for on the terminal without echo (twice), or read as the first line of
//! standard input when that is not a terminal (`echo … | xxgk users add …` in a script); it is
//! never an argument, which other users of the machine could see in the process list.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use xxgk_core::i18n::text;
use xxgk_core::{tr, Lang};
use xxgk_store::accounts::{self, Role, Scope};
use xxgk_store::audit::{beijing, Actor};
use xxgk_store::Store;

use crate::db::Failure;

/// What `xxgk users` is asked to do.
pub enum Action {
    /// Make an account.
    Add {
        /// Its name.
        name: String,
        /// Its role's key.
        role: String,
        /// Its places (division codes).
        places: Vec<String>,
        /// Its organs.
        organs: Vec<String>,
    },
    /// List the accounts.
    List,
    /// Disable (or enable) an account.
    Disable {
        /// Whose.
        name: String,
        /// Disable, or enable.
        disabled: bool,
    },
    /// Set an account's password.
    Password {
        /// Whose.
        name: String,
    },
    /// Give an account another role and scope.
    Role {
        /// Whose.
        name: String,
        /// The role's key.
        role: String,
        /// Its places.
        places: Vec<String>,
        /// Its organs.
        organs: Vec<String>,
    },
}

/// Run `action` on the store at `db`.
pub fn run(db: &Path, action: Action, lang: Lang) -> Result<ExitCode, Failure> {
    let who = Actor::command_line(None);
    let role_of = |key: &str| Role::from_key(key).ok_or_else(|| Failure::Msg(tr!(lang, "cli-no-role", role = key)));
    let refused = |why: xxgk_store::Refusal| Failure::Msg(why.words(lang));
    let mut store = crate::db::open_or_create(db, lang)?;
    let store_err = |e: xxgk_store::Error| Failure::Msg(crate::errors::store(&e, lang));
    match action {
        Action::Add { name, role, places, organs } => {
            let role = role_of(&role)?;
            let password = password(lang)?;
            accounts::add_user(&mut store, &who, &name, &password, role, &Scope { places, organs })
                .map_err(store_err)?
                .map_err(refused)?;
            println!("{}", tr!(lang, "cli-user-added", name = name.trim(), role = role_name(role, lang)));
        }
        Action::List => list(&store, lang).map_err(store_err)?,
        Action::Disable { name, disabled } => {
            accounts::set_disabled(&mut store, &who, &name, disabled).map_err(store_err)?.map_err(refused)?;
            let name = name.trim();
            let said = if disabled {
                tr!(lang, "cli-user-disabled", name = name)
            } else {
                tr!(lang, "cli-user-enabled", name = name)
            };
            println!("{said}");
        }
        Action::Password { name } => {
            // Refused before asking, for a name that has no account.
            if accounts::user(&store, &name).map_err(store_err)?.is_none() {
                return Err(Failure::Msg(refused_no_user(&name, lang)));
            }
            let password = password(lang)?;
            accounts::set_password(&mut store, &who, &name, &password).map_err(store_err)?.map_err(refused)?;
            println!("{}", tr!(lang, "cli-user-password-set", name = name.trim()));
        }
        Action::Role { name, role, places, organs } => {
            let role = role_of(&role)?;
            accounts::set_role(&mut store, &who, &name, role, &Scope { places, organs })
                .map_err(store_err)?
                .map_err(refused)?;
            println!("{}", tr!(lang, "cli-user-role-set", name = name.trim(), role = role_name(role, lang)));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn refused_no_user(name: &str, lang: Lang) -> String {
    xxgk_store::Refusal::new("store-no-user").with("name", name.trim()).words(lang)
}

fn role_name(role: Role, lang: Lang) -> String {
    text(lang, &format!("web-role-{}", role.key()))
}

/// Every account: name, role, scope, state, when it was made (北京时间).
fn list(store: &Store, lang: Lang) -> xxgk_store::Result<()> {
    let users = accounts::users(store)?;
    if users.is_empty() {
        println!("{}", text(lang, "cli-users-none"));
        return Ok(());
    }
    for u in users {
        let scope = if u.scope.is_everything() {
            text(lang, "web-scope-all")
        } else {
            [u.scope.places.join(","), u.scope.organs.join("、")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let state = text(lang, if u.disabled { "web-user-disabled" } else { "web-user-enabled" });
        println!("{}\t{}\t{scope}\t{state}\t{}", u.name, role_name(u.role, lang), beijing(&u.created_at));
    }
    Ok(())
}

/// A new password: asked twice on the terminal, without echo; else the first line of standard
/// input.
fn password(lang: Lang) -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(text(lang, "cli-password-prompt")).map_err(Failure::Io)?;
        let again = rpassword::prompt_password(text(lang, "cli-password-again")).map_err(Failure::Io)?;
        if first != again {
            return Err(Failure::Msg(text(lang, "cli-password-mismatch")));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(Failure::Io)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
