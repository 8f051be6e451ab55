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

use super::choose::ProcedureFiles;
use super::{Global, Status};
use crate::record::template::template;
use crate::record::Format;
use clap::ValueEnum;

/// Arguments of `template`.
#[derive(Debug, Clone, clap::Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    pub input: ProcedureFiles,
    /// The format of the record: TOML (with comments, for people) or JSON
    ///
    /// 记录的格式：toml（带中文说明，供人填写）或 json。
    #[arg(long, value_enum, default_value_t = RecordFormat::Toml)]
    pub format: RecordFormat,
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
    let (map, program) = match args.input.load(global, true) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let proc = match args.input.choose(&program, &map, global) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let format = match args.format {
        RecordFormat::Toml => Format::Toml,
        RecordFormat::Json => Format::Json,
    };
    super::output::write_stdout(&template(proc, &map, format));
    Status::Ok
}
