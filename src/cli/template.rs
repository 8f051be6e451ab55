//! `huanjie template PROCEDURE.hj [FILE.hj…] [--format toml|json] [--procedure NAME]`:
//! print the blank record a procedure expects (see
//! [`crate::record::template`]). The other files hold the procedures it
//! includes or whose rule sets it applies; the procedure is the one
//! `--procedure` names, else that of the first file (`choose`).
//!
//! The files are linted first; problems go to stderr as `lint` prints them.
//! Exit status: 0 with the template on stdout (lint warnings allowed), 1
//! when the procedure has errors, 2 when a file cannot be read, names no
//! such procedure, or the first file holds several and `--procedure` does
//! not pick one.

use super::output::{emit, Format as DiagFormat};
use super::{choose, input, Global, Status};
use crate::diag::Diagnostic;
use crate::record::template::template;
use crate::record::Format;
use crate::span::SourceMap;
use clap::ValueEnum;
use std::path::PathBuf;

/// Arguments of `template`.
#[derive(Debug, Clone, clap::Args)]
pub struct TemplateArgs {
    /// The procedure file (`.hj`), then the files of the procedures it includes or whose rule sets it applies
    ///
    /// 程序文件（`.hj`），其后是它引入的程序或沿用其规则组的程序所在的文件。
    #[arg(required = true, value_name = "PROCEDURE")]
    pub files: Vec<PathBuf>,
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
    let unreadable = input::load_files(&args.files, &mut map);
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
    let Some(program) = outcome.program else {
        return Status::Problems;
    };
    let proc = match choose::procedure(&program, args.procedure.as_deref(), input::first(&map)) {
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
