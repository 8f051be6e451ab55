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
    /// Write to this file instead of stdout (required for xlsx)
    ///
    /// 写入此文件而不是标准输出（xlsx 格式必须给出）。
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// The values of `template --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// TOML, with comments
    Toml,
    /// JSON
    Json,
    /// An Excel workbook to fill in, one sheet per part of the record (with `-o FILE`)
    Xlsx,
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
        RecordFormat::Xlsx => {
            return super::sheets::write_template(proc, args.output.as_deref(), global)
        }
    };
    let text = template(proc, &map, format);
    match &args.output {
        Some(path) => super::sheets::write_file(path, text.as_bytes(), global),
        None => {
            super::output::write_stdout(&text);
            Status::Ok
        }
    }
}
