//! The command line: `huanjie <COMMAND> [OPTIONS] FILE...`.
//!
//! This module is the only place that reads files (besides record loading),
//! decides on colour and exit statuses, and writes to the terminal. Each
//! command lives in its own file and has the same shape: an `Args` struct
//! (clap derive) and a `run(&Args, &Global) -> Status` function; adding a
//! command is adding a file, a variant of [`Command`] and an arm in
//! [`Command::run`].
//!
//! Options common to every command (`--lang`, `--no-color`) are global;
//! `--format human|json` is flattened into each command that reports
//! diagnostics ([`output::OutputArgs`]), because `graph` and `template` will
//! take a `--format` of their own (`dot|mermaid|svg`, `toml|json`).

mod check;
mod choose;
mod explain;
mod fmt;
mod graph;
pub mod input;
mod lint;
pub mod load;
pub mod output;
mod output_check;
mod output_record;
mod params;
mod route;
mod schedule;
mod sheets;
mod template;
pub mod test;

use crate::diag::Lang;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::process::ExitCode;

pub use input::MAX_FILE_BYTES;

/// The stack of the thread that runs a command: deep enough that no input
/// the parser's own limits let through can exhaust it (defence in depth).
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

/// How a command ended, as the process exit status of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No problem (warnings allowed): exit 0.
    Ok,
    /// Errors in the procedure (lint) or violations (check): exit 1.
    Problems,
    /// The input could not be read, or the command line is wrong: exit 2.
    BadInput,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Problems => 1,
            Status::BadInput => 2,
        }
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// huanjie (换届): a language for election procedures and a checker for
/// election records.
///
/// 换届选举程序的声明式语言与选举记录检查器。
#[derive(Debug, Parser)]
#[command(name = "huanjie", version)]
#[command(propagate_version = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Language of messages [default: from `LANG`: en* → en, otherwise zh]
    ///
    /// 提示信息的语言；默认按环境变量 `LANG` 决定（以 en 开头为英文，否则为中文）。
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Never use colours (the `NO_COLOR` environment variable does the same)
    ///
    /// 不使用颜色（设置环境变量 `NO_COLOR` 效果相同）。
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Print at most N diagnostics per report for people, then "and N more"; 0 for all (never caps JSON)
    ///
    /// 供人阅读的报告每份最多显示 N 条诊断，其余以“还有 N 条”计数；0 为不限（JSON 不受限）。
    #[arg(long, global = true, value_name = "N", default_value_t = crate::diag::render::DEFAULT_MAX_DIAGNOSTICS)]
    pub max_diagnostics: usize,
}

impl Global {
    /// The language asked for, else the one `LANG` names.
    pub fn lang(&self) -> Lang {
        match self.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_locale(std::env::var("LANG").ok().as_deref()),
        }
    }
}

/// The values of `--lang`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, resolve and type-check procedures and plans; find contradictions
    ///
    /// 检查程序与方案文件：语法、名称、类型与时限矛盾。
    Lint(lint::LintArgs),
    /// Check finished elections' records against a procedure
    ///
    /// 对照程序检查选举记录：缺少或多出的阶段、顺序、时限、法定人数、规定与当选结果。
    Check(check::CheckArgs),
    /// Draw the stage graph of a procedure (dot, mermaid or svg)
    ///
    /// 画出程序的阶段图（dot、mermaid 或 svg）。
    Graph(graph::GraphArgs),
    /// Earliest and latest dates of every stage from anchor dates or a plan
    ///
    /// 根据锚定日期或方案，算出每个阶段最早、最晚的日期。
    Schedule(schedule::ScheduleArgs),
    /// Write the blank record a procedure expects (TOML with comments, or JSON)
    ///
    /// 生成程序所需的空白选举记录（带中文说明的 TOML，或 JSON）。
    Template(template::TemplateArgs),
    /// Explain each stage and rule of a procedure in plain language, with sources
    ///
    /// 用通俗的语言逐一说明程序的各个阶段和规则，并附依据。
    Explain(explain::ExplainArgs),
    /// Run the language server over stdio (for editors; see editors/vscode)
    ///
    /// 以标准输入输出运行语言服务器（供编辑器使用，见 editors/vscode）。
    Lsp,
    /// Run the test records beside procedures (`tests/NAME/`); --coverage per rule
    ///
    /// 运行程序旁的测试记录（`tests/程序文件名/`），核对每份记录应得的发现；--coverage 列出每条规则的覆盖情况。
    Test(test::TestArgs),
    /// Lay out procedure files canonically (--check: only list what would change)
    ///
    /// 按统一格式排版程序文件（--check：只列出会改变的文件，不改写）。
    Fmt(fmt::FmtArgs),
}

impl Command {
    /// Runs the command.
    pub fn run(&self, global: &Global) -> Status {
        match self {
            Command::Lint(args) => lint::run(args, global),
            Command::Check(args) => check::run(args, global),
            Command::Graph(args) => graph::run(args, global),
            Command::Schedule(args) => schedule::run(args, global),
            Command::Template(args) => template::run(args, global),
            Command::Explain(args) => explain::run(args, global),
            Command::Lsp => lsp(global),
            Command::Test(args) => test::run(args, global),
            Command::Fmt(args) => fmt::run(args, global),
        }
    }
}

/// Runs `huanjie lsp`: `--lang` is the language when the client names none.
fn lsp(global: &Global) -> Status {
    let lang = global.lang.map(|l| match l {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    });
    match crate::lsp::run_stdio(lang) {
        Ok(()) => Status::Ok,
        Err(e) => {
            output::write_stderr(&format!("huanjie lsp: {e}\n"));
            Status::BadInput
        }
    }
}

/// The entry point of the binary: parses `std::env::args_os()` and runs the
/// command on a thread with a [`STACK_BYTES`] stack.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let spawned = std::thread::Builder::new()
        .name("huanjie".into())
        .stack_size(STACK_BYTES)
        .spawn(move || run(args));
    match spawned {
        Ok(handle) => match handle.join() {
            Ok(status) => status.into(),
            Err(_) => {
                // The panic message is already printed by the default hook.
                output::write_stderr(
                    "huanjie: internal error (this is a bug; please report it)\n\
                     huanjie: 内部错误（这是程序缺陷，请报告）\n",
                );
                ExitCode::from(101)
            }
        },
        // No thread with a large stack: run on this one rather than not at all.
        Err(_) => run(std::env::args_os().collect()).into(),
    }
}

/// Parses `args` (the first one is the program name) and runs the command.
///
/// Usage errors exit with 2 (clap's convention and ours); `--help` and
/// `--version` print to stdout and exit with 0.
pub fn run(args: Vec<OsString>) -> Status {
    match parse(args) {
        Ok(cli) => cli.command.run(&cli.global),
        Err(e) => {
            // Help and version go to stdout, errors to stderr; a closed pipe
            // is not our problem.
            let _ = e.print();
            if e.exit_code() == 0 {
                Status::Ok
            } else {
                Status::BadInput
            }
        }
    }
}

/// Parses `args` (the first one is the program name). `--help` and
/// `--version` come back as errors too, with exit code 0.
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    if args.iter().any(|a| a == "--no-color") || output::no_color_env() {
        command = command.color(clap::ColorChoice::Never);
    }
    command
        .try_get_matches_from(args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("huanjie")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_command() {
        for list in [
            &["--lang", "en", "lint", "a.hj"][..],
            &["lint", "a.hj", "--lang", "en"][..],
        ] {
            let cli = Cli::try_parse_from(args(list));
            assert!(matches!(
                cli,
                Ok(Cli {
                    global: Global {
                        lang: Some(LangArg::En),
                        ..
                    },
                    ..
                })
            ));
        }
    }

    #[test]
    fn usage_errors_exit_2_and_help_exits_0() {
        let exit = |list: &[&str]| parse(args(list)).err().map(|e| e.exit_code());
        assert_eq!(exit(&["lint"]), Some(2));
        assert_eq!(exit(&["lint", "--bogus", "a.hj"]), Some(2));
        assert_eq!(exit(&["--lang", "fr", "lint", "a.hj"]), Some(2));
        assert_eq!(exit(&["lint", "--format", "xml", "a.hj"]), Some(2));
        assert_eq!(exit(&["--help"]), Some(0));
        assert_eq!(exit(&["lint", "--version"]), Some(0));
        assert_eq!(exit(&["lint", "a.hj"]), None);
    }
}
