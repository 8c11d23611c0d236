//! `xxgk`: read, check and evaluate government information disclosure annual reports.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Reading a report allocates many small strings; mimalloc makes that markedly cheaper.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use xxgk::{author, bench, compare, db, eval, files, help, human, ingest, load, read_error_message, synth, users};
use xxgk_core::{Lang, Severity};
use xxgk_render::Form;

/// The command line. Its help texts, in Chinese and English, are in [`help`].
#[derive(Parser)]
#[command(name = "xxgk", version)]
struct Cli {
    // Named by the languages' codes (`zh`, `en`).
    #[arg(long, global = true, default_value = "zh", value_parser = PossibleValuesParser::new(Lang::ALL.map(Lang::code)).map(|code| Lang::from_code(&code).unwrap_or_default()))]
    lang: Lang,
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// `xxgk users …`: the accounts of an office.
#[derive(Subcommand)]
enum UsersAction {
    Add {
        name: String,
        #[arg(long, default_value = "reviewer")]
        role: String,
        #[arg(long = "place", value_name = "CODE")]
        places: Vec<String>,
        #[arg(long = "organ", value_name = "NAME")]
        organs: Vec<String>,
    },
    List,
    Disable {
        name: String,
    },
    Enable {
        name: String,
    },
    Passwd {
        name: String,
    },
    Role {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long = "place", value_name = "CODE")]
        places: Vec<String>,
        #[arg(long = "organ", value_name = "NAME")]
        organs: Vec<String>,
    },
}

impl From<UsersAction> for users::Action {
    fn from(a: UsersAction) -> users::Action {
        match a {
            UsersAction::Add { name, role, places, organs } => users::Action::Add { name, role, places, organs },
            UsersAction::List => users::Action::List,
            UsersAction::Disable { name } => users::Action::Disable { name, disabled: true },
            UsersAction::Enable { name } => users::Action::Disable { name, disabled: false },
            UsersAction::Passwd { name } => users::Action::Password { name },
            UsersAction::Role { name, role, places, organs } => users::Action::Role { name, role, places, organs },
        }
    }
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Copy, ValueEnum)]
enum ByArg {
    Year,
    Region,
    Level,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Table,
    Tsv,
    Csv,
    Jsonl,
    /// An Excel workbook (needs -o).
    Xlsx,
}

impl TableFormat {
    fn name(self) -> &'static str {
        match self {
            TableFormat::Table => "table",
            TableFormat::Tsv => "tsv",
            TableFormat::Csv => "csv",
            TableFormat::Jsonl => "jsonl",
            TableFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Jsonl,
    /// An Excel workbook: reports, one sheet per template table, findings (needs -o).
    Xlsx,
    /// Apache Parquet (a build with `--features parquet`).
    #[cfg(feature = "parquet")]
    Parquet,
}

impl ExportFormat {
    /// The row-by-row format written as it is read; `None` for the workbook, made whole.
    fn stream(self) -> Option<xxgk_store::export::Format> {
        match self {
            ExportFormat::Csv => Some(xxgk_store::export::Format::Csv),
            ExportFormat::Jsonl => Some(xxgk_store::export::Format::Jsonl),
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => Some(xxgk_store::export::Format::Parquet),
            ExportFormat::Xlsx => None,
        }
    }
}

/// Parses an output form of `render`, `new`, `synth` and `bench`: html, md, docx, tsv, pipes,
/// lines, layout (README: "Writing reports").
fn form_parser() -> impl clap::builder::TypedValueParser<Value = Form> {
    clap::builder::PossibleValuesParser::new(Form::ALL.map(Form::name)).map(|s| Form::from_name(&s).unwrap_or(Form::Md))
}

/// Parses what `new --to` writes: a form of `render`, or `xlsx`.
fn new_target_parser() -> impl clap::builder::TypedValueParser<Value = author::Target> {
    let names = Form::ALL.map(Form::name).into_iter().chain(["xlsx"]);
    clap::builder::PossibleValuesParser::new(names)
        .map(|s| Form::from_name(&s).map_or(author::Target::Workbook, author::Target::Form))
}

/// The commands; `help` holds what each one and each option is for.
#[derive(Subcommand)]
enum Command {
    Parse {
        #[arg(long, conflicts_with = "jsonl")]
        json: bool,
        #[arg(long)]
        jsonl: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    Check {
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, requires = "db")]
        corrected: bool,
        #[arg(long, value_enum, requires = "db")]
        severity: Option<SeverityArg>,
        #[arg(long, value_delimiter = ',', requires = "db")]
        code: Vec<String>,
        #[arg(long, requires = "db")]
        organ: Option<String>,
        #[arg(long, requires = "db")]
        year: Option<i64>,
        #[arg(long, requires = "db")]
        statistics: bool,
        #[arg(long, requires = "db")]
        manifest: Option<PathBuf>,
        #[arg(required_unless_present = "db")]
        paths: Vec<PathBuf>,
    },
    Ingest {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long)]
        manifest: Option<PathBuf>,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    Files {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long)]
        unreadable: bool,
        #[arg(long, num_args = 1..)]
        remove: Vec<PathBuf>,
    },
    Serve {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080", value_parser = address)]
        addr: std::net::SocketAddr,
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
        #[arg(long)]
        behind_proxy: bool,
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=64))]
        max_file_mb: u64,
        #[arg(long, default_value_t = 2048, value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
        max_upload_mb: u64,
        #[arg(long, default_value_t = 10_000, value_parser = files_bound)]
        max_files: usize,
    },
    Versions {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        name: Option<String>,
        #[arg(long = "use", value_name = "REPORT")]
        choose: Option<i64>,
        #[arg(long)]
        author: Option<String>,
    },
    Backup {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    Opinion {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        reports: Vec<i64>,
        #[arg(long)]
        organ: Option<String>,
        #[arg(long)]
        year: Option<i64>,
        #[arg(long)]
        region: Option<String>,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        send: bool,
        #[arg(long, default_value = "")]
        overall: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    Settings {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        key: Option<String>,
        value: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    Users {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[command(subcommand)]
        action: UsersAction,
    },
    Roster {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long, value_name = "CSV")]
        import: Option<PathBuf>,
    },
    Organs {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        name: Option<String>,
        #[arg(long, num_args = 2, value_names = ["INTO", "FROM"])]
        merge: Option<Vec<String>>,
        #[arg(long)]
        split: Option<String>,
    },
    Compare {
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, requires = "db")]
        organ: Option<String>,
        #[arg(long, num_args = 2, requires = "db")]
        years: Option<Vec<i64>>,
        #[arg(conflicts_with = "db")]
        files: Vec<PathBuf>,
    },
    Stats {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long, value_enum, default_value = "year")]
        by: ByArg,
        #[arg(long)]
        year: Option<i64>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        level: Option<String>,
        #[arg(long)]
        corrected: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
        #[arg(long)]
        keys: bool,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    Query {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        sql: String,
        #[arg(long, value_enum, default_value = "tsv")]
        format: TableFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    Export {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        #[arg(long, conflicts_with = "findings")]
        wide: bool,
        #[arg(long)]
        findings: bool,
        #[arg(long)]
        corrected: bool,
        #[arg(long)]
        no_bom: bool,
        #[arg(long)]
        keys: bool,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    Rollup {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        #[arg(long)]
        year: Option<i64>,
        #[arg(long)]
        organ: Option<String>,
    },
    Correct {
        #[arg(long, default_value = "xxgk.db")]
        db: PathBuf,
        report: i64,
        cell: String,
        // A decrease (本年增/减 −5) is a value, not an option.
        #[arg(allow_negative_numbers = true)]
        value: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        author: Option<String>,
    },
    Eval {
        #[arg(long)]
        min_cell: Option<f64>,
        #[arg(long)]
        exact_findings: bool,
        #[arg(long, short)]
        quiet: bool,
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    Schema,
    Explain {
        code: Option<String>,
    },
    Render {
        report: PathBuf,
        #[arg(long, value_parser = form_parser())]
        to: Form,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, default_value = "/")]
        blank: String,
    },
    New {
        #[arg(long)]
        organ: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        from: Option<PathBuf>,
        #[arg(long, value_parser = new_target_parser())]
        to: Option<author::Target>,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, default_value = "")]
        blank: String,
    },
    Synth {
        n: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "1")]
        seed: u64,
        #[arg(long, value_parser = form_parser(), value_delimiter = ',')]
        forms: Vec<Form>,
        #[arg(long, default_value = "0")]
        inconsistent: f64,
        #[arg(long, default_value = "0")]
        damage: f64,
    },
    Bench {
        #[arg(long, default_value = "2")]
        seconds: f64,
        #[arg(long, conflicts_with = "paths")]
        synth: Option<u64>,
        #[arg(long, value_parser = form_parser(), value_delimiter = ',', requires = "synth")]
        forms: Vec<Form>,
        #[arg(long, default_value = "1", requires = "synth")]
        seed: u64,
        #[arg(required_unless_present = "synth")]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let asked = help::lang_of(&std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>());
    let parsed = help::localize(Cli::command(), asked)
        .try_get_matches_from(std::env::args_os())
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let text = help::explain(&e, asked);
            return if e.use_stderr() {
                eprint!("{text}");
                ExitCode::from(2)
            } else {
                print!("{text}");
                ExitCode::SUCCESS
            };
        }
    };
    let lang = cli.lang;
    xxgk::errors::set_verbose(cli.verbose);
    let result = match cli.command {
        Command::Parse { json, jsonl, files } => parse(&files, json, jsonl, lang),
        Command::Check {
            db: Some(db), corrected, paths, severity, code, organ, year, statistics, manifest, ..
        } => {
            let read = if paths.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                ingest::run(&db, &paths, manifest.as_deref(), lang)
            };
            let severity = severity.map(|s| match s {
                SeverityArg::Info => Severity::Info,
                SeverityArg::Warning => Severity::Warning,
                SeverityArg::Error => Severity::Error,
            });
            let filter = xxgk_store::review::Filter { severity, codes: code, organ, year };
            let opts = db::CheckOptions { corrected, filter, statistics };
            // Files that could not be read are named by the ingest and listed again with the
            // findings; a path that does not exist stops here.
            match read {
                Ok(r) if r == ExitCode::from(2) && ingest::missing_inputs(&paths, lang).is_some() => Ok(r),
                read => read.and_then(|_| stored(db::check(&db, &opts, lang))),
            }
        }
        Command::Check { format, paths, .. } => check(&paths, format, lang),
        Command::Ingest { db, manifest, paths } => ingest::run(&db, &paths, manifest.as_deref(), lang),
        Command::Files { db, unreadable, remove } => stored(db::files(&db, unreadable, &remove, lang)),
        Command::Serve { db, addr, hosts, behind_proxy, max_file_mb, max_upload_mb, max_files } => {
            let serving = xxgk_web::Serving {
                limits: xxgk_web::Limits { file: max_file_mb << 20, total: max_upload_mb << 20, files: max_files },
                hosts,
                behind_proxy,
                loopback: addr.ip().is_loopback(),
                guard: Default::default(),
            };
            serve(&db, addr, serving, lang)
        }
        Command::Backup { db, output } => stored(db::backup(&db, &output, lang)),
        Command::Opinion { db, reports, organ, year, region, output, send, overall, deadline, author } => {
            let chosen = db::Chosen { reports, organ, year, region };
            let how = db::Sending { send, overall, deadline, author };
            stored(db::opinion(&db, &chosen, &output, &how, lang))
        }
        Command::Settings { db, key, value, author } => {
            stored(db::settings(&db, key.as_deref(), value.as_deref(), author.as_deref(), lang))
        }
        Command::Users { db, action } => stored(users::run(&db, action.into(), lang)),
        Command::Versions { db, name, choose, author } => {
            stored(db::versions(&db, name.as_deref(), choose, author.as_deref(), lang))
        }
        Command::Roster { db, import } => stored(db::roster(&db, import.as_deref(), lang)),
        Command::Organs { db, name, merge, split } => {
            let merge = merge.as_ref().map(|m| (m[0].as_str(), m[1].as_str()));
            stored(db::organs(&db, name.as_deref(), merge, split.as_deref(), lang))
        }
        Command::Compare { db, organ, years, files } => compare_cmd(db, organ, years, &files, lang),
        Command::Stats { db, by, year, region, level, corrected, format, keys, output } => {
            let by = match by {
                ByArg::Year => xxgk_store::figures::By::Year,
                ByArg::Region => xxgk_store::figures::By::Region,
                ByArg::Level => xxgk_store::figures::By::Level,
            };
            let region = region.as_deref().and_then(xxgk_core::place::Place::parse);
            let scope = xxgk_store::figures::Scope { year, region, level, organs: None };
            stored(db::stats(&db, by, &scope, corrected, format.name(), keys, output.as_deref(), lang))
        }
        Command::Query { db, sql, format, output } => {
            stored(db::query(&db, &sql, format.name(), output.as_deref(), lang))
        }
        Command::Export { db, format, wide, findings, corrected, no_bom, keys, output } => match format.stream() {
            None => stored(db::workbook(&db, corrected, output.as_deref(), lang)),
            Some(format) => {
                let opts = xxgk_store::export::Options { format, wide, findings, corrected, bom: !no_bom, lang, keys };
                stored(db::export(&db, &opts, output.as_deref(), lang))
            }
        },
        Command::Rollup { db, year, organ } => stored(db::rollup(&db, year, organ.as_deref(), lang)),
        Command::Correct { db, report, cell, value, reason, author } => {
            let value = (value != "blank").then_some(value.as_str());
            let who = xxgk_store::audit::Actor::command_line(author.as_deref());
            stored(db::correct(
                &db,
                &who,
                &xxgk_store::Correction { report, cell: &cell, value, reason: &reason, seen: None },
                lang,
            ))
        }
        Command::Eval { min_cell, exact_findings, quiet, dirs } => {
            eval::run(&dirs, eval::Require { min_cell, exact_findings }, quiet, lang)
        }
        Command::Explain { code } => explain(code.as_deref(), lang),
        Command::Schema => writeln!(
            std::io::stdout(),
            "{}",
            serde_json::to_string_pretty(&xxgk_core::schema::schema()).unwrap_or_default()
        )
        .map(|()| ExitCode::SUCCESS),
        Command::Bench { synth: Some(n), forms, seed, .. } => bench::run_synth(n, &forms_or_all(forms), seed),
        Command::Bench { seconds, paths, .. } => bench::run(&paths, seconds),
        Command::Render { report, to, output, blank } => {
            authored(author::render(&report, to, &blank, output.as_deref(), lang))
        }
        Command::New { organ, year, from, to, output, blank } => {
            authored(author::new(organ.as_deref(), year, from.as_ref(), to, &blank, output.as_deref(), lang))
        }
        Command::Synth { n, out, seed, forms, inconsistent, damage } => {
            let forms = forms_or_all(forms);
            let rate = |r: f64| r.clamp(0.0, 1.0);
            let opts =
                xxgk_render::synth::Options { seed, forms, inconsistent: rate(inconsistent), damage: rate(damage) };
            synth::run(n, &out, &opts)
        }
    };
    match result {
        Ok(code) => code,
        // The reader closed the pipe (`xxgk … | head`): stop quietly, as other tools do.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xxgk: {}", xxgk::errors::os(&e, lang));
            ExitCode::from(2)
        }
    }
}

/// Run the web workspace until the process is stopped.
fn serve(
    db: &std::path::Path,
    addr: std::net::SocketAddr,
    serving: xxgk_web::Serving,
    lang: Lang,
) -> std::io::Result<ExitCode> {
    // A workspace may start empty and be filled by its import page.
    if !db.exists() {
        if let Err(e) = xxgk_store::Store::open(db, xxgk_store::BUSY_WAIT) {
            eprintln!("xxgk: {}: {}", db.display(), xxgk::errors::store(&e, lang));
            return Ok(ExitCode::from(2));
        }
        eprintln!("{}", xxgk_core::tr!(lang, "cli-store-created", db = db.display().to_string()));
    }
    // Fail here, in the user's language, rather than on the first page.
    let accounts = match db::open_read(db, lang) {
        Ok(store) => xxgk_store::accounts::has_users(&store).unwrap_or(false),
        Err(db::Failure::Msg(m)) => {
            eprintln!("xxgk: {m}");
            return Ok(ExitCode::from(2));
        }
        Err(db::Failure::Io(e)) => return Err(e),
    };
    // Beyond this machine, never without accounts: anyone reaching the port could read and
    // change everything.
    if !serving.loopback && !accounts {
        eprintln!("xxgk: {}", xxgk_core::tr!(lang, "cli-serve-needs-account", db = db.display().to_string()));
        return Ok(ExitCode::from(2));
    }
    if !serving.loopback && !serving.behind_proxy {
        eprintln!("{}", xxgk_core::i18n::text(lang, "cli-serve-plain-http"));
    }
    if !accounts {
        eprintln!("{}", xxgk_core::i18n::text(lang, "cli-serve-open"));
    }
    // Store calls run on blocking threads, one each: a pool of two per core, so that two hundred
    // clients wait their turn rather than start two hundred threads, each with its own connection
    // and its own heap — more than the cores can run gains no speed and costs memory.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime =
        tokio::runtime::Builder::new_multi_thread().max_blocking_threads(2 * cores.max(2)).enable_all().build()?;
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                let addr = addr.to_string();
                let why = match e.kind() {
                    std::io::ErrorKind::AddrInUse => xxgk_core::tr!(lang, "cli-serve-addr-in-use", addr = addr),
                    _ => xxgk_core::tr!(
                        lang,
                        "cli-serve-cannot-bind",
                        addr = addr,
                        why = xxgk_store::os_message(&e, lang)
                    ),
                };
                eprintln!("xxgk: {why}");
                return Ok(ExitCode::from(2));
            }
        };
        // The address bound, not the one asked for: `--addr 127.0.0.1:0` takes a free port.
        let url = format!("http://{}/", listener.local_addr()?);
        eprintln!("{}", xxgk_core::tr!(lang, "cli-serving", url = url.as_str()));
        xxgk_web::serve(db.to_path_buf(), listener, serving).await.map(|()| ExitCode::SUCCESS)
    })
}

/// `--addr`: an address and port, the host by name too (`localhost:8080`); a name that is
/// loopback among others is taken as its loopback address, so that `localhost` stays local.
fn address(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    let all: Vec<std::net::SocketAddr> = s.to_socket_addrs().map_err(|e| e.to_string())?.collect();
    all.iter().find(|a| a.ip().is_loopback() && a.is_ipv4()).or(all.first()).copied().ok_or_else(|| s.to_string())
}

/// `--max-files`: at least one file an upload, at most a million.
fn files_bound(s: &str) -> Result<usize, String> {
    s.parse::<usize>().ok().filter(|n| (1..=1_000_000).contains(n)).ok_or_else(|| s.to_string())
}

/// Report a failed store command (exit 2).
fn stored(r: Result<ExitCode, db::Failure>) -> std::io::Result<ExitCode> {
    match r {
        Ok(code) => Ok(code),
        Err(db::Failure::Io(e)) => Err(e),
        Err(db::Failure::Msg(m)) => {
            eprintln!("xxgk: {m}");
            Ok(ExitCode::from(2))
        }
    }
}

fn compare_cmd(
    db: Option<PathBuf>,
    organ: Option<String>,
    years: Option<Vec<i64>>,
    files: &[PathBuf],
    lang: Lang,
) -> std::io::Result<ExitCode> {
    let from_store =
        |db: &std::path::Path, organ: &str, y: &[i64]| -> Result<(compare::Named, compare::Named), String> {
            let failed = |f: db::Failure| match f {
                db::Failure::Msg(m) => m,
                db::Failure::Io(e) => xxgk::errors::os(&e, lang),
            };
            let store = db::open_read(db, lang).map_err(failed)?;
            let organ = db::one_organ(&store, organ, lang).map_err(failed)?;
            Ok((compare::from_store(&store, organ, y[0], lang)?, compare::from_store(&store, organ, y[1], lang)?))
        };
    let sides = match (db, organ, years) {
        (Some(db), Some(organ), Some(y)) => from_store(&db, &organ, &y),
        (None, _, _) if files.len() == 2 => {
            compare::from_file(&files[0], lang).and_then(|a| Ok((a, compare::from_file(&files[1], lang)?)))
        }
        _ => Err(xxgk_core::i18n::text(lang, "cli-compare-what")),
    };
    match sides {
        Ok((a, b)) => compare::print(&a, &b, lang),
        Err(e) => {
            eprintln!("xxgk: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

fn forms_or_all(forms: Vec<Form>) -> Vec<Form> {
    if forms.is_empty() {
        Form::ALL.to_vec()
    } else {
        forms
    }
}

/// Report a failed `render`/`new` in the user's language (exit 2).
fn authored(r: Result<ExitCode, author::Failed>) -> std::io::Result<ExitCode> {
    Ok(r.unwrap_or_else(|e| {
        eprintln!("xxgk: {e}");
        ExitCode::from(2)
    }))
}

fn parse(files: &[PathBuf], json: bool, jsonl: bool, lang: Lang) -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    let mut values = Vec::new();
    for result in files.iter().flat_map(|f| load(f)) {
        match result {
            Ok((report, _)) => {
                if jsonl {
                    writeln!(out, "{}", report.to_json(lang))?;
                } else if json {
                    values.push(report.to_json(lang));
                } else {
                    writeln!(out, "{}", human::summary(&report, lang))?;
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("{}", read_error_message(&e, lang));
            }
        }
    }
    if json {
        let v = if values.len() == 1 && !failed { values.remove(0) } else { serde_json::Value::Array(values) };
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default())?;
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn check(paths: &[PathBuf], format: Format, lang: Lang) -> std::io::Result<ExitCode> {
    if let Some(m) = ingest::missing_inputs(paths, lang) {
        eprintln!("xxgk: {m}");
        return Ok(ExitCode::from(2));
    }
    let files = files::collect(paths, |_| true);
    if files.is_empty() {
        eprintln!("xxgk: {}", ingest::no_files(paths, lang));
        return Ok(ExitCode::from(2));
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::stdout().lock();
    let (mut unreadable, mut reports, mut errors, mut warnings) = (0usize, 0usize, 0usize, 0usize);
    // Many files: a progress bar on a terminal (never in the output itself).
    let pb = if files.len() > 20 && std::io::stderr().is_terminal() && format == Format::Human {
        ingest::progress_bar(files.len() as u64, lang)
    } else {
        indicatif::ProgressBar::hidden()
    };
    for result in files.iter().flat_map(|f| {
        pb.inc(1);
        load(f)
    }) {
        match result {
            Ok((report, doc)) => {
                reports += 1;
                errors += report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
                warnings += report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
                match format {
                    Format::Json => writeln!(out, "{}", report.to_json(lang))?,
                    Format::Human => pb.suspend(|| write!(out, "{}", human::findings(&report, &doc, lang, color)))?,
                }
            }
            Err(e) => {
                unreadable += 1;
                pb.suspend(|| eprintln!("{}", read_error_message(&e, lang)));
            }
        }
    }
    pb.finish_and_clear();
    if format == Format::Human {
        let line = xxgk_core::tr!(
            lang,
            "cli-checked",
            reports = reports,
            errors = errors,
            warnings = warnings,
            unreadable = unreadable
        );
        writeln!(out, "{line}")?;
    }
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `xxgk explain`: every rule with its name, or one rule — its scope, severity, what it needs
/// read, and its explanation with the legal basis.
fn explain(code: Option<&str>, lang: Lang) -> std::io::Result<ExitCode> {
    use xxgk_core::rules::{self, RULES};
    let mut out = std::io::stdout().lock();
    let Some(code) = code else {
        let kinds: Vec<String> =
            RULES.iter().map(|r| format!("{} · {}", r.scope.name(lang), r.severity.name(lang))).collect();
        let width = kinds.iter().map(|k| xxgk_core::normalize::display_width(k)).max().unwrap_or(0);
        for (r, kind) in RULES.iter().zip(&kinds) {
            writeln!(out, "{:<26} {}  {}", r.code, pad(kind, width), r.name(lang))?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let Some(r) = rules::find(code) else {
        eprintln!("xxgk: {}", xxgk_core::tr!(lang, "explain-unknown", code = code));
        return Ok(ExitCode::from(2));
    };
    writeln!(out, "{}  {}", r.code, r.name(lang))?;
    writeln!(
        out,
        "{}",
        xxgk_core::tr!(lang, "explain-scope", scope = r.scope.name(lang), severity = r.severity.name(lang))
    )?;
    if !r.needs.is_empty() {
        writeln!(out, "{}", xxgk_core::tr!(lang, "explain-needs", needs = r.needs.join(", ")))?;
    }
    writeln!(out, "\n{}", r.about(lang))?;
    Ok(ExitCode::SUCCESS)
}

/// `s` padded with spaces to `width` terminal columns (a Han character takes two).
fn pad(s: &str, width: usize) -> String {
    let w = xxgk_core::normalize::display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option, nested ones included, has its help in both languages.
    #[test]
    fn every_command_and_option_has_its_help() {
        let missing = help::missing(&Cli::command());
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }
}
