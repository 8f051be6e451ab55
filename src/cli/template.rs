//! `huanjie template PROCEDURE.hj [--format toml|json] [--procedure NAME]`:
//! print the blank record a procedure expects (see
//! [`crate::record::template`]).
//!
//! The file is linted first; problems go to stderr as `lint` prints them.
//! Exit status: 0 with the template on stdout (lint warnings allowed), 1
//! when the procedure has errors, 2 when the file cannot be read, names no
//! such procedure, or holds several and `--procedure` does not pick one.

use super::output::{emit, Format as DiagFormat};
use super::{input, Global, Status};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::record::template::template;
use crate::record::Format;
use crate::resolve::Procedure;
use crate::span::SourceMap;
use clap::ValueEnum;
use std::path::PathBuf;

/// Arguments of `template`.
#[derive(Debug, Clone, clap::Args)]
pub struct TemplateArgs {
    /// The procedure file (`.hj`)
    ///
    /// 程序文件（`.hj`）。
    #[arg(value_name = "PROCEDURE")]
    pub file: PathBuf,
    /// The format of the record: TOML (with comments, for people) or JSON
    ///
    /// 记录的格式：toml（带中文说明，供人填写）或 json。
    #[arg(long, value_enum, default_value_t = RecordFormat::Toml)]
    pub format: RecordFormat,
    /// The procedure to write a record for, when the file has several
    ///
    /// 文件中有多个程序时，指定为哪一个生成记录模板。
    #[arg(long, value_name = "NAME")]
    pub procedure: Option<String>,
}

/// The values of `template --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// TOML, with comments
    Toml,
    /// JSON
    Json,
}

/// Runs `template`.
pub fn run(args: &TemplateArgs, global: &Global) -> Status {
    let mut map = SourceMap::new();
    let unreadable = input::load_files(std::slice::from_ref(&args.file), &mut map);
    if !unreadable.is_empty() {
        emit(&unreadable, &map, DiagFormat::Human, global);
        return Status::BadInput;
    }
    let outcome = crate::lint(&map);
    if !outcome.diagnostics.is_empty() {
        emit(&outcome.diagnostics, &map, DiagFormat::Human, global);
    }
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        return Status::Problems;
    }
    let procedures = outcome.program.map(|p| p.procedures).unwrap_or_default();
    let proc = match pick(&procedures, args.procedure.as_deref()) {
        Ok(p) => p,
        Err(d) => {
            emit(&[*d], &map, DiagFormat::Human, global);
            return Status::BadInput;
        }
    };
    let format = match args.format {
        RecordFormat::Toml => Format::Toml,
        RecordFormat::Json => Format::Json,
    };
    super::output::write_stdout(&template(proc, &map, format));
    Status::Ok
}

/// The procedure `name` names, or the only one.
fn pick<'p>(
    procedures: &'p [Procedure],
    name: Option<&str>,
) -> Result<&'p Procedure, Box<Diagnostic>> {
    let names: Vec<&str> = procedures.iter().map(|p| p.name.name.as_str()).collect();
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match (name, procedures) {
        (Some(name), _) => procedures
            .iter()
            .find(|p| p.name.name == name)
            .ok_or_else(|| {
                let d = Diagnostic::error(
                    Code::UnknownProcedure,
                    Text::new(
                        format!("文件中没有名为 `{name}` 的程序"),
                        format!("no procedure named `{name}` in the file"),
                    ),
                );
                Box::new(match did_you_mean(name, names.iter().copied()) {
                    Some(s) => d.with_help(did_you_mean_help(s)),
                    None => d.with_help(Text::new(
                        format!("文件中的程序：{list}"),
                        format!("the file's procedures: {list}"),
                    )),
                })
            }),
        (None, [only]) => Ok(only),
        (None, []) => Err(Box::new(Diagnostic::error(
            Code::UnknownProcedure,
            Text::new(
                "文件中没有程序，无法生成记录模板",
                "the file holds no procedure to write a record for",
            ),
        ))),
        (None, _) => Err(Box::new(
            Diagnostic::error(
                Code::UnknownProcedure,
                Text::new(
                    "文件中有多个程序，请用 --procedure 指定一个",
                    "the file holds several procedures; pick one with --procedure",
                ),
            )
            .with_help(Text::new(
                format!("文件中的程序：{list}"),
                format!("the file's procedures: {list}"),
            )),
        )),
    }
}
