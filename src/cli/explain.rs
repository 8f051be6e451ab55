//! `huanjie explain PROCEDURE.hj [STAGE] [--anchor STAGE=DATE …]`: a
//! plain-language account of every stage (or of the one named) for
//! training: its phase and status, what must happen, its timing rules in
//! words (with the dated window when anchors are given, computed by the
//! schedule), its quorums and rules with worked numbers, and the quoted
//! basis of each rule.
//!
//! The files are linted together (a procedure may include procedures of
//! other files, `huanjie explain two.hj a.hj b.hj`); a procedure with errors
//! is not explained. Among the positional arguments, those that end in `.hj`
//! or name an existing file are files and one other is the stage (stage
//! names cannot end in `.hj`). The procedure is the one named by
//! `--procedure`, else that of the first file (`choose`).
//!
//! Exit status: 0 with an explanation; 1 when the procedure has errors, the
//! anchors contradict its timing, or `STAGE` names no stage or phase (with
//! a suggestion); 2 when the file cannot be read or the command line is
//! wrong (a date that is not a date, an anchor on an unknown stage, an
//! unknown procedure).

use super::output::{emit, stop, write_stderr, write_stdout, Format};
use super::{choose, input, params, Global, Status};
use crate::diag::sanitise::for_terminal;
use crate::diag::{Diagnostic, Text};
use crate::explain::{explain, render_human, render_json};
use crate::schedule::{schedule_readings, Anchor};
use crate::span::SourceMap;
use std::path::{Path, PathBuf};

/// Arguments of `explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// The procedure file (and files with the procedures it includes), then
    /// optionally the one stage to explain (or a phase: its stages)
    ///
    /// 程序文件（以及其引入的程序所在的文件），其后可写一个阶段名称，只说明该阶段（写环节名称则说明该环节的各阶段）。
    #[arg(required = true, value_name = "PROCEDURE.hj [STAGE]")]
    pub inputs: Vec<String>,
    /// Fix a stage (or phase) on a date to show dated windows, e.g. `投票选举=2021-01-28`; repeatable
    ///
    /// 把某一阶段（或环节）定在某一天，以便给出具体日期，如 `投票选举=2021-01-28`；可多次给出。
    #[arg(long = "anchor", value_name = "STAGE=DATE", value_parser = Anchor::parse)]
    pub anchors: Vec<Anchor>,
    /// Set a parameter, e.g. `到会须超过比例=是`, to explain another reading; repeatable
    ///
    /// 设定参数的值，如 `到会须超过比例=是`，以说明另一种读法；可多次给出。
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The procedure to explain [default: the procedure of the first file]
    ///
    /// 要说明的程序（默认为第一个文件中的程序）。
    #[arg(long, value_name = "NAME")]
    pub procedure: Option<String>,
    /// Output format: text for people, or one JSON document
    ///
    /// 输出格式：human 为供人阅读的文字，json 为一个 JSON 文档。
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs, global: &Global) -> Status {
    let format = args.format;
    let mut map = SourceMap::new();
    let (files, stage) = match split(&args.inputs) {
        Ok(split) => split,
        Err(message) => {
            // A usage error, said as clap says its own.
            let lang = global.lang();
            let usage = Text::new(
                "用法：huanjie explain 程序文件.hj… [阶段名称]",
                "Usage: huanjie explain PROCEDURE.hj… [STAGE]",
            );
            write_stderr(&format!(
                "error: {}\n\n{}\n",
                message.get(lang),
                usage.get(lang)
            ));
            return Status::BadInput;
        }
    };
    if let Err(unreadable) = super::load::procedures(&files, &mut map) {
        emit(&unreadable, &map, format, global);
        return Status::BadInput;
    }
    let outcome = crate::lint(&map);
    let program = match outcome.program {
        Some(p) if !outcome.diagnostics.iter().any(Diagnostic::is_error) => p,
        _ => {
            emit(&outcome.diagnostics, &map, format, global);
            return Status::Problems;
        }
    };
    let proc = match choose::procedure(&program, args.procedure.as_deref(), input::first(&map)) {
        Ok(p) => p,
        Err(d) => {
            emit(&[*d], &map, format, global);
            return Status::BadInput;
        }
    };
    let overrides = match params::resolve(&args.params, proc, &mut map) {
        Ok(cli) => {
            if let Some(d) = params::contradiction(proc, &cli) {
                emit(&[d], &map, format, global);
                return Status::BadInput;
            }
            params::overrides(None, &cli)
        }
        Err(errors) => {
            emit(&errors, &map, format, global);
            return Status::BadInput;
        }
    };
    let mut proc = params::with_values(proc, &overrides);
    // `--param 日前计法=…` settles the reading of "N 日前" for this account.
    if let Some(r) = params::days_before(&args.params) {
        proc = proc.with_days_before(r);
        proc.settings.days_before = r;
        proc.settings.days_before_span = Some(crate::span::Span::Synthetic);
    }
    let proc = &proc;
    let windows = if args.anchors.is_empty() {
        None
    } else {
        let calendar = crate::timing::Calendar::builtin();
        match schedule_readings(proc, &overrides, None, &args.anchors, None, &calendar) {
            Ok(s) => Some(s),
            Err(d) => return stop(d, &map, format, global),
        }
    };
    let mut explanation = explain(proc, windows.as_ref());
    if let Some(name) = &stage {
        match explanation.select(name) {
            Ok(one) => explanation = one,
            Err(d) => {
                emit(&[d], &map, format, global);
                return Status::Problems;
            }
        }
    }
    let lang = global.lang();
    match format {
        Format::Human => write_stdout(&for_terminal(&render_human(&explanation, lang))),
        // `Sarif` is not a value of `explain --format`.
        Format::Json | Format::Sarif => {
            let doc = render_json(&explanation, lang);
            let text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| doc.to_string());
            write_stdout(&format!("{text}\n"));
        }
    }
    if let Some(s) = windows.filter(|s| !s.warnings.is_empty()) {
        if format == Format::Human {
            emit(&s.warnings, &map, Format::Human, global);
        }
    }
    Status::Ok
}

/// The files and the stage among the positional arguments; the error is
/// a usage message.
fn split(inputs: &[String]) -> Result<(Vec<PathBuf>, Option<String>), Text> {
    let is_file = |s: &str| s.ends_with(".hj") || Path::new(s).is_file();
    let (files, others): (Vec<&String>, Vec<&String>) = inputs.iter().partition(|s| is_file(s));
    match (files.as_slice(), others.as_slice()) {
        ([], _) => Err(Text::new(
            "缺少程序文件（.hj）",
            "no procedure file (.hj) is given",
        )),
        (_, [_, _, ..]) => {
            let names: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
            Err(Text::new(
                format!("只能说明一个阶段，却给出了 {}", names.join("、")),
                format!(
                    "only one stage can be explained; given: {}",
                    names.join(", ")
                ),
            ))
        }
        (files, others) => Ok((
            files.iter().map(PathBuf::from).collect(),
            others.first().map(|s| s.to_string()),
        )),
    }
}
