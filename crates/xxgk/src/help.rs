//! The command line as a person reads it: every command's and option's help text in Chinese and
//! English, clap's own words (用法, 选项, its error messages) in the chosen language. The
//! commands and options themselves are declared in `main.rs`; their texts live here, keyed by
//! `command.option` (an option's key alone, `*.db`, serves every command that has it).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use xxgk_core::Lang;

/// (key, Chinese, English).
const TEXTS: &[(&str, &str, &str)] = &[
    ("", "读取、检查、评估政府信息公开工作年度报告", "Read, check and evaluate 政府信息公开工作年度报告 (government information disclosure annual reports)"),
    ("*.lang", "输出语言：zh 中文，en 英文", "Language of help, findings and messages"),
    ("*.verbose", "出错时同时显示所用程序库的原始信息", "With an error, also print the libraries' own message"),
    ("*.db", "数据库文件（SQLite；不存在时新建）", "The store (a SQLite file; made when absent)"),
    ("*.output", "写入此文件，而不是标准输出（xlsx 必须指定）", "Write to this file instead of standard output (needed for xlsx)"),
    ("*.corrected", "按更正后的数值，而不是发布的数值", "Values as corrected instead of as published"),
    ("*.author", "操作人（记录在案）", "Who did it (kept with the record)"),
    ("*.seed", "随机种子：同一种子生成同样的报告", "Random seed: the same seed makes the same reports"),
    ("*.blank", "空白单元格写作什么（默认留空）", "How blank cells are written (default: left empty)"),
    ("*.year", "只看这一年度的报告", "Only the reports on this year"),
    ("*.help", "显示帮助", "Print help"),
    ("*.version", "显示版本", "Print the version"),
    ("parse", "把报告提取为 JSON（结构 xxgk.report/1）；文件名写 - 表示读标准输入", "Extract reports to JSON (schema xxgk.report/1); `-` reads standard input"),
    ("parse.json", "输出一个格式化的 JSON：一份报告，多个文件时为报告数组", "One pretty JSON value: the report, or an array of reports for several files"),
    ("parse.jsonl", "每行一个紧凑的 JSON 对象", "One compact JSON object per line"),
    ("parse.files", "报告文件（HTML、PDF、DOC/DOCX、XLS/XLSX、文本）", "Report files (HTML, PDF, DOC/DOCX, XLS/XLSX, text)"),
    ("check", "按模板规则检查报告。退出码 0：无错误；1：有错误级问题；2：有文件无法读取", "Check reports against the template's rules. Exit 0: no errors; 1: findings of severity error; 2: an input could not be read"),
    ("check.format", "输出形式：human 供人阅读，json 供程序处理", "Output: human, or json for programs"),
    ("check.db", "通过数据库检查：先导入给出的文件，再列出库中全部问题，包括跨年度核对", "Check through a store: the files given are ingested into it first, then every finding it holds is reported, the checks across years included"),
    ("check.corrected", "（配合 --db）按更正后的数值检查（见 xxgk correct）", "With --db: check the values as corrected (`xxgk correct`) instead of as published"),
    ("check.severity", "（配合 --db）只列出至少这一严重程度的问题（默认 warning）", "With --db: only findings of at least this severity (default: warning)"),
    ("check.code", "（配合 --db）只列出这些问题代码（逗号分隔或重复给出）", "With --db: only these finding codes (comma-separated or repeated)"),
    ("check.organ", "（配合 --db）只看名称包含此文字的机关", "With --db: only organs whose name contains this"),
    ("check.year", "（配合 --db）只看这一年度的报告", "With --db: only reports on this year"),
    ("check.statistics", "（配合 --db）按问题代码统计问题数和报告数，而不逐条列出", "With --db: how many findings of each code, in how many reports, instead of each finding"),
    ("check.manifest", "（配合 --db）所给文件的清单（CSV 或 JSON：路径、发布日期、网址、机关、层级）", "With --db: a manifest (CSV or JSON: path, published, url, organ, level) for the files given"),
    ("check.paths", "文件或文件夹（逐层查找）", "Files or directories (searched recursively)"),
    ("ingest", "把文件、文件夹和压缩包导入数据库：并行读取，内容未变的文件按哈希跳过，每个文件一个事务", "Read files, directories and archives into a store (SQLite): in parallel, unchanged files skipped by content hash, each file in one transaction"),
    ("ingest.manifest", "随文件提供的信息：CSV 或 JSON 清单（路径、发布日期、网址、机关、层级；路径相对于清单所在文件夹）", "Facts that come with the files: a CSV or JSON manifest of path, published (date), url, organ and level; paths relative to the manifest's folder"),
    ("ingest.paths", "文件、文件夹或压缩包", "Files, directories or archives"),
    ("files", "列出数据库中的路径及每个路径读到了什么、为何无法读取；或从库中移除路径", "The paths a store holds, with what was read from each or why it could not be read; or remove paths from it"),
    ("files.unreadable", "只列出无法读取的路径", "Only the paths that could not be read"),
    ("files.remove", "从数据库移除这些路径（从中读到的内容一并移除）", "Remove these paths from the store (what was read from them goes too)"),
    ("serve", "启动审核工作台（网页：报告列表、审核页面、统计，及 /api/ 下的 JSON 接口）", "Start the reviewers' web workspace over a store (the report list, review pages, statistics and a JSON API under /api/)"),
    ("serve.db", "数据库文件（由 xxgk ingest 或 xxgk check --db 生成）", "The store (made by `xxgk ingest` or `xxgk check --db`)"),
    ("serve.addr", "监听地址：默认只在本机回环地址", "Where to listen: the loopback address unless told otherwise"),
    ("serve.max_file_mb", "上传的单个文件上限（MB；超过的文件拒收，其余照常导入）", "Largest file an upload may hold, in MB (larger files are refused, the rest imported)"),
    ("serve.max_upload_mb", "一次上传的总量上限（MB）", "Largest upload, all files together, in MB"),
    ("serve.max_files", "一次上传的文件数上限", "Most files in one upload"),
    ("versions", "列出有多份报告（不同版本或副本）的机关年度及当前采用哪一份；--use 指定采用的报告", "Organ years with several stored reports (versions and copies) and which one is current; `--use REPORT` makes one current"),
    ("versions.name", "只看名称包含此文字的机关", "Only organs whose name contains this"),
    ("versions.choose", "把这份报告设为该机关该年度的当前版本", "Make this report the current version of its organ's year"),
    ("roster", "各级政府应有的所属单位名单（供 rollup 使用）：列出，或导入“政府,单位”两列的 CSV", "The units each government is expected to have, for `rollup`: list them, or import a CSV of `government,unit` rows"),
    ("roster.import", "导入此 CSV 名单（每行：政府,单位）", "Import this CSV roster (rows: government,unit)"),
    ("organs", "列出数据库中的机关（历年署名），或合并、拆分机关", "List the organs of a store (their names across years), or merge and split them"),
    ("organs.name", "只看名称包含此文字的机关", "Only organs whose name contains this"),
    ("organs.merge", "把机关 FROM 并入机关 INTO：--merge INTO FROM（编号或名称）", "Fold organ FROM into organ INTO: `--merge INTO FROM` (ids or names)"),
    ("organs.split", "把署这个名称的报告拆出为单独的机关", "Give the reports signed with this exact name an organ of their own"),
    ("compare", "比较两份报告：两个文件（较早的在前），或用 --db 比较一个机关的两个年度", "Compare two reports: two files (older first), or with --db an organ's two years"),
    ("compare.db", "数据库文件", "The store"),
    ("compare.organ", "（配合 --db）机关（名称的一部分或编号）", "With --db: the organ (part of its name, or its id)"),
    ("compare.years", "（配合 --db）两个年度", "With --db: the two years"),
    ("compare.files", "两个报告文件", "Two report files"),
    ("stats", "按年度、地区或层级统计：申请数量、办理结果、公开率、行政复议和诉讼", "Totals and rates by year, region or level: applications, outcomes, grant rate, reviews and lawsuits"),
    ("stats.by", "分组：year 年度，region 地区，level 层级", "Group by year, region or level"),
    ("stats.region", "只看地名以此开头的机关（青禾市 包括其下各区县）；配合 --by region 时按其下一级地区分组", "Only the organs whose places start with this (青禾市 takes its districts too); with --by region, the groups are the places one level below it"),
    ("stats.level", "只看这一层级的机关：province 省级，city 市级，county 县级，township 乡镇", "Only the organs of this level: province, city, county, township"),
    ("stats.format", "输出形式：table 表格，tsv，csv，jsonl，xlsx（需 -o）", "Output: table, tsv, csv, jsonl, or xlsx (needs -o)"),
    ("query", "在数据库上执行一条只读 SQL 语句（表结构见 crates/xxgk-store/SCHEMA.md）", "Run one read-only SQL statement on a store (schema: crates/xxgk-store/SCHEMA.md)"),
    ("query.sql", "SQL 语句", "The SQL statement"),
    ("query.format", "输出形式：table 表格，tsv（默认），csv，jsonl，xlsx（需 -o）", "Output: table, tsv (default), csv, jsonl, or xlsx (needs -o)"),
    ("export", "导出数据库：每个数值一行（带出处），或 --wide 每份报告一行", "Export the store: one row per value (with provenance), or --wide one row per report"),
    ("export.format", "导出格式：csv，jsonl，xlsx（Excel 工作簿，需 -o）", "Format: csv, jsonl, or xlsx (an Excel workbook; needs -o)"),
    ("export.wide", "每份报告一行（每个单元格一列），而不是每个数值一行", "One row per report (every cell a column) instead of one row per value"),
    ("export.findings", "每个问题一行，而不是每个数值一行", "One row per finding instead of one row per value"),
    ("export.no_bom", "CSV 不写开头的字节顺序标记（Excel 需要它才能正确显示中文）", "Leave out the byte-order mark a CSV starts with (Excel needs it to read Chinese)"),
    ("rollup", "汇总核对：各级政府的报告与其所属单位同年度报告之和比较（同级部门、下一级政府）；有单位留空的单元格无法合计", "ROLLUP: each government's report against the sum of its units' reports of the same year (departments alongside it, governments one level down); blanks make a sum unknown"),
    ("rollup.organ", "只看名称包含此文字的政府", "Only governments whose name contains this"),
    ("correct", "记录一个单元格的更正；发布的数值保留不变", "Record a correction of one cell; the published value is kept beside it"),
    ("correct.report", "报告编号（见 xxgk query 或 xxgk check --db）", "The report's id (see `xxgk query` or `xxgk check --db`)"),
    ("correct.cell", "单元格：表.行.列，如 table3.granted.total", "The cell: table.row.column, e.g. table3.granted.total"),
    ("correct.value", "更正后的数值；blank 表示空白", "The corrected value; `blank` for a blank cell"),
    ("correct.reason", "更正的理由", "Why the value is corrected"),
    ("eval", "按每个 X.<扩展名> 旁的 X.expected.json 评估提取结果", "Score extraction against `X.expected.json` files beside each `X.<ext>`"),
    ("eval.min_cell", "单元格正确率低于此百分比时失败（退出码 1）", "Fail (exit 1) when cell accuracy is below this percentage"),
    ("eval.exact_findings", "任一文档的问题与其 _findings 不一致时失败（退出码 1）", "Fail (exit 1) when any document's findings differ from the `_findings` it expects"),
    ("eval.quiet", "只输出汇总行，不逐条列出不一致之处", "Print only the summary line, not each mismatch"),
    ("eval.dirs", "存放报告及其预期结果的文件夹", "Directories of reports with their expected files"),
    ("schema", "输出 parse --json 结果的 JSON Schema", "Print the JSON Schema of `parse --json` output"),
    ("render", "由报告 JSON（parse --json 的结果、new 生成的框架、预期文件）写出标准格式的年报；写 - 读标准输入", "Write the standard report from a report JSON (`parse --json` output, a skeleton from `new`, an expected file); `-` reads standard input"),
    ("render.report", "报告 JSON 文件", "The report JSON file"),
    ("render.to", "输出形式：html，md，docx，tsv，pipes，lines，layout", "Form: html, md, docx, tsv, pipes, lines, layout"),
    ("render.output", "输出文件（默认标准输出）", "Output file (default: standard output)"),
    ("render.blank", "空白单元格写作什么", "How blank cells are written"),
    ("new", "开始写一年的年报：除“二、上年结转”取自上年“四、结转下年度继续办理”外，数值均为空白。输出待填写的 JSON，或用 --to 直接输出文档", "Start a year's report: every value blank except 二、上年结转, taken from last year's 四、结转下年度继续办理. Writes JSON to fill in, or the report itself with --to"),
    ("new.organ", "机关名称，按报告署名（默认沿用上年）", "The organ, as it signs its report (default: last year's)"),
    ("new.year", "报告年度（默认 --from 的下一年）", "The year reported on (default: the year after --from's)"),
    ("new.from", "上年报告的 JSON（xxgk parse --json）", "Last year's report as JSON (`xxgk parse --json`)"),
    ("new.to", "输出文档而不是 JSON：render 的一种形式，或 xlsx（供填写的 Excel 表）", "Write the document instead of JSON: a form of `render`, or `xlsx`, a workbook to fill in"),
    ("new.output", "写入此文件，而不是标准输出（在终端上输出 docx 和 xlsx 时必须指定）", "Write to this file instead of standard output (needed for docx and xlsx on a terminal)"),
    ("synth", "生成 N 份数值和问题已知的报告及其 X.expected.json，供 eval 和 bench 使用", "Generate N reports with known values and findings into a directory, each with its `X.expected.json`, for `eval` and `bench`"),
    ("synth.n", "报告份数", "How many reports"),
    ("synth.out", "输出文件夹", "The directory to write to"),
    ("synth.forms", "依次使用的形式（默认全部）", "Forms in turn (default: all)"),
    ("synth.inconsistent", "含一处人为不一致的报告比例（0–1）", "Share of reports with one planted inconsistency (0–1)"),
    ("synth.damage", "含一种转换损坏的报告比例（0–1）", "Share of reports with one kind of conversion damage (0–1)"),
    ("bench", "测量解析加检查的速度和内存峰值", "Measure parse+check throughput and peak memory over report files"),
    ("bench.seconds", "每种输入形式测量的秒数", "Seconds to spend on each input form"),
    ("bench.synth", "不用文件：每种形式生成这么多份报告（见 synth）", "Instead of files: this many generated reports in each form (see `synth`)"),
    ("bench.forms", "--synth 使用的形式（默认全部）", "Forms for --synth (default: all)"),
    ("bench.paths", "报告文件或文件夹；每个文件算一种输入形式", "Report files or directories; each file is one input form"),
];

/// The text of `key` in `lang`: `command.option`, else `*.option`.
fn text(key: &str, lang: Lang) -> Option<&'static str> {
    let pick = |k: &str| TEXTS.iter().find(|(id, ..)| *id == k).map(|(_, zh, en)| if lang == Lang::En { *en } else { *zh });
    pick(key).or_else(|| key.split_once('.').and_then(|(_, option)| pick(&format!("*.{option}"))))
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
        if value == Some("en") {
            return Lang::En;
        }
    }
    Lang::Zh
}

/// `cmd` with every help text in `lang`, and clap's own headings, help and version flags.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    localize_at(cmd, "", lang, true)
}

fn localize_at(mut cmd: Command, path: &str, lang: Lang, top: bool) -> Command {
    let zh = lang == Lang::Zh;
    let key = if top { String::new() } else { cmd.get_name().to_string() };
    if let Some(about) = text(if top { "" } else { &key }, lang) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let (usage, options, arguments, commands) =
        if zh { ("用法", "选项", "参数", "命令") } else { ("Usage", "Options", "Arguments", "Commands") };
    let colon = if zh { "：" } else { ": " };
    cmd = cmd
        .help_template(format!("{{about-with-newline}}\n{usage}{colon}{{usage}}\n\n{{all-args}}{{after-help}}"))
        .subcommand_help_heading(commands)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(text("*.help", lang)));
    if top {
        cmd = cmd.disable_version_flag(true).arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(text("*.version", lang)));
    }
    let here = if top { String::new() } else { format!("{path}{key}") };
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let help = text(&format!("{}.{id}", if top { "*" } else { &here }), lang);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() { arguments } else { options };
            let takes = a.get_action().takes_values();
            let mut a = a.help_heading(heading);
            if takes {
                a = a.hide_default_value(true).hide_possible_values(true);
            }
            // The default and the choices, in the same language as the text they follow.
            let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).filter(|v| !v.is_empty()).collect();
            let choices: Vec<String> = a.get_possible_values().iter().filter(|p| !p.is_hide_set()).map(|p| p.get_name().to_string()).collect();
            let mut line = help.map(str::to_string).unwrap_or_default();
            if !choices.is_empty() && takes {
                line.push_str(&if zh { format!("（可选：{}）", choices.join("、")) } else { format!(" [one of: {}]", choices.join(", ")) });
            }
            if !defaults.is_empty() && takes {
                line.push_str(&if zh { format!("（默认：{}）", defaults.join(",")) } else { format!(" [default: {}]", defaults.join(",")) });
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
    if lang == Lang::En || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        let text = e.render().to_string();
        return if text.ends_with('\n') { text } else { text + "\n" };
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("未知的参数：{arg}"),
        ErrorKind::InvalidSubcommand => format!("未知的命令：{}", get(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_empty() => format!("参数 {arg} 缺少值"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let choices = if valid.is_empty() { String::new() } else { format!("；可选：{valid}") };
            format!("参数 {arg} 的值“{}”无效{choices}", get(ContextKind::InvalidValue))
        }
        ErrorKind::ValueValidation => format!("参数 {arg} 的值“{}”无效", get(ContextKind::InvalidValue)),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与 {} 同时使用", get(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => format!("参数 {arg} 的值的个数不对"),
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用 = 连接"),
        _ => "命令行有误".to_string(),
    };
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut out = format!("错误：{what}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n详细说明请加 --help 查看\n");
    out
}
