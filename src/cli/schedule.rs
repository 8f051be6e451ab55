//! `huanjie schedule FILE... --anchor STAGE=DATE [--plan NAME]`: the earliest
//! and latest date of every stage, as a table, JSON or an iCalendar file.
//!
//! The files are linted first (as `huanjie lint` does, with the holiday
//! calendar of `--holidays` when given); a procedure with errors is not
//! scheduled. The procedure is the one the plan dates, else the one named by
//! `--procedure`, else that of the first file (`choose`).
//!
//! Exit status: 0 with a schedule (warnings, such as dates outside the holiday
//! calendar, are printed on stderr or, with `--format json`, in the
//! document); 1 when the procedure has errors or the anchors conflict; 2 when
//! a file cannot be read or the command line is wrong (a date that is not a
//! date, an unknown stage, plan or procedure).

use super::output::{emit, stop, write_stderr, write_stdout, Format};
use super::{input, params, Global, Status};
use crate::diag::sanitise::for_terminal;
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Lang, Text};
use crate::resolve::{Plan, Procedure, Program};
use crate::schedule::{render_ics, render_json, render_table, schedule_readings, Anchor};
use crate::span::{FileId, SourceMap};
use crate::timing::Calendar;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// Arguments of `schedule`.
#[derive(Debug, Clone, clap::Args)]
pub struct ScheduleArgs {
    /// The procedure file (and files with plans for it)
    ///
    /// 程序文件（以及其方案所在的文件）。
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Fix a stage (or phase) on a date, e.g. `投票选举=2021-01-28`; repeatable
    ///
    /// 把某一阶段（或环节）定在某一天，如 `投票选举=2021-01-28`；可多次给出。
    #[arg(
        long = "anchor",
        value_name = "STAGE=DATE",
        value_parser = Anchor::parse,
        required_unless_present = "plan"
    )]
    pub anchors: Vec<Anchor>,
    /// Use a plan's dates, window and parameter values
    ///
    /// 采用某一方案的计划日期、换届期限和参数取值。
    #[arg(long, value_name = "NAME")]
    pub plan: Option<String>,
    /// Set a parameter, e.g. `另行选举期限=30`; overrides the plan and the default; repeatable
    ///
    /// 设定参数的值，如 `另行选举期限=30`；优先于方案和程序的默认值；可多次给出。
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The procedure to schedule, when the files hold several
    ///
    /// 文件中有多个程序时，指定要排日程的程序。
    #[arg(long, value_name = "NAME")]
    pub procedure: Option<String>,
    /// Output format
    ///
    /// 输出格式：human 为表格，json 为 JSON 文档，ics 为 iCalendar 日历文件。
    #[arg(long, value_enum, default_value_t = ScheduleFormat::Human)]
    pub format: ScheduleFormat,
    /// A holiday calendar to count working days with, instead of the built-in one
    ///
    /// 用于计算工作日的节假日安排文件（代替内置日历）。
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

/// The values of `schedule --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScheduleFormat {
    /// A table for people.
    Human,
    /// One JSON document.
    Json,
    /// An iCalendar file (RFC 5545) to import into a calendar.
    Ics,
}

impl ScheduleFormat {
    /// How diagnostics are printed with this format.
    fn diagnostics(self) -> Format {
        match self {
            ScheduleFormat::Json => Format::Json,
            ScheduleFormat::Human | ScheduleFormat::Ics => Format::Human,
        }
    }
}

/// Runs `schedule`.
pub fn run(args: &ScheduleArgs, global: &Global) -> Status {
    let format = args.format.diagnostics();
    let mut map = SourceMap::new();
    if let Err(unreadable) = super::load::procedures(&args.files, &mut map) {
        emit(&unreadable, &map, format, global);
        return Status::BadInput;
    }
    let calendar = match &args.holidays {
        None => Calendar::builtin(),
        Some(path) => match load_calendar(path, global) {
            Ok(c) => c,
            Err(status) => return status,
        },
    };
    let outcome = crate::lint_with(&map, &calendar);
    let program = match outcome.program {
        Some(p) if !outcome.diagnostics.iter().any(Diagnostic::is_error) => p,
        _ => {
            emit(&outcome.diagnostics, &map, format, global);
            return Status::Problems;
        }
    };
    let (proc, plan) = match choose(&program, args, input::first(&map)) {
        Ok(chosen) => chosen,
        Err(d) => {
            emit(&[*d], &map, format, global);
            return Status::BadInput;
        }
    };
    let cli = match params::resolve(&args.params, proc, &mut map) {
        Ok(cli) => cli,
        Err(errors) => {
            emit(&errors, &map, format, global);
            return Status::BadInput;
        }
    };
    let overrides = params::overrides(plan, &cli);
    let days_before = params::days_before(&args.params);
    let schedule = match schedule_readings(
        proc,
        &overrides,
        days_before,
        &args.anchors,
        plan,
        &calendar,
    ) {
        Ok(s) => s,
        Err(d) => return stop(d, &map, format, global),
    };
    let lang = global.lang();
    match args.format {
        ScheduleFormat::Human => write_stdout(&for_terminal(&render_table(&schedule, lang))),
        ScheduleFormat::Ics => write_stdout(&render_ics(&schedule, lang)),
        ScheduleFormat::Json => {
            let doc = render_json(&schedule, lang);
            let text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| doc.to_string());
            write_stdout(&format!("{text}\n"));
        }
    }
    if args.format != ScheduleFormat::Json && !schedule.warnings.is_empty() {
        emit(&schedule.warnings, &map, Format::Human, global);
    }
    Status::Ok
}

/// The procedure to schedule and the plan, from `--plan` and `--procedure`.
fn choose<'p>(
    program: &'p Program,
    args: &ScheduleArgs,
    first_file: Option<FileId>,
) -> Result<(&'p Procedure, Option<&'p Plan>), Box<Diagnostic>> {
    if let Some(name) = &args.plan {
        let Some((_, plan)) = program.plan(name) else {
            let known = program.plans.iter().map(|p| p.name.name.as_str());
            return Err(Box::new(unknown(
                Code::Undefined,
                "方案",
                "plan",
                name,
                known,
            )));
        };
        let proc = program.procedures.get(plan.procedure.0);
        let same = |p: &Procedure| args.procedure.as_ref().is_none_or(|n| *n == p.name.name);
        return match proc {
            Some(p) if same(p) => Ok((p, Some(plan))),
            _ => Err(Box::new(Diagnostic::error(
                Code::UnknownProcedure,
                Text::new(
                    format!("方案 `{name}` 不是为所指定的程序制定的"),
                    format!("plan `{name}` is not a plan for the procedure given"),
                ),
            ))),
        };
    }
    super::choose::procedure(program, args.procedure.as_deref(), first_file).map(|p| (p, None))
}

/// "no plan named `X`", with a suggestion.
fn unknown<'a>(
    code: Code,
    zh: &str,
    en: &str,
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let d = Diagnostic::error(
        code,
        Text::new(
            format!("没有名为 `{name}` 的{zh}"),
            format!("there is no {en} named `{name}`"),
        ),
    );
    match did_you_mean(name, known) {
        Some(s) => d.with_help(did_you_mean_help(s)),
        None => d,
    }
}

/// Reads a holiday calendar; on failure prints why and gives the status.
fn load_calendar(path: &Path, global: &Global) -> Result<Calendar, Status> {
    let mut map = SourceMap::new();
    let id = match input::load_file(path, &mut map) {
        Ok(id) => id,
        Err(d) => {
            emit(&[*d], &map, Format::Human, global);
            return Err(Status::BadInput);
        }
    };
    let text = map.get(id).map(|f| f.text.clone()).unwrap_or_default();
    Calendar::parse(&text).map_err(|e| {
        let name = path.display();
        write_stderr(&for_terminal(&match global.lang() {
            Lang::Zh => format!(
                "huanjie: 节假日安排文件 `{name}` 有误：第 {} 行第 {} 列：{}\n",
                e.line, e.column, e.message
            ),
            Lang::En => format!("huanjie: the holiday calendar `{name}` is invalid: {e}\n"),
        }));
        Status::BadInput
    })
}
