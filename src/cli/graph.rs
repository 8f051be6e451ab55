//! `huanjie graph PROCEDURE.hj [FILE.hj…] [--format dot|mermaid|svg] [--procedure NAME]`:
//! the stage graph of a procedure as Graphviz DOT, a Mermaid flowchart or a
//! standalone SVG picture, on stdout. The other files hold the procedures
//! it includes or whose rule sets it applies; the procedure drawn is the
//! one `--procedure` names, else that of the first file (`choose`).
//!
//! The files must lint without errors first (the errors are reported as
//! `lint` reports them, exit status 1). Exit status 2: a file cannot be
//! read, or there is no procedure (of that name).

use super::output::{emit, write_stdout, Format};
use super::{choose, input, Global, Status};
use crate::ir::{compile, ParamValues};
use crate::render::{self, Format as Drawing};
use crate::span::SourceMap;
use clap::ValueEnum;
use std::path::PathBuf;

/// Arguments of `graph`.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// The procedure file (`.hj`), then the files of the procedures it includes or whose rule sets it applies
    ///
    /// 程序文件（`.hj`），其后是它引入的程序或沿用其规则组的程序所在的文件。
    #[arg(required = true, value_name = "PROCEDURE")]
    pub files: Vec<PathBuf>,
    /// Output format: Graphviz DOT, Mermaid flowchart, or a standalone SVG picture
    ///
    /// 输出格式：Graphviz DOT、Mermaid 流程图，或独立的 SVG 图片。
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Which procedure to draw [default: the procedure of the first file]
    ///
    /// 要画的程序名（默认为第一个文件中的程序）。
    #[arg(long, value_name = "NAME")]
    pub procedure: Option<String>,
}

/// The values of `graph --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT source (`dot -Tsvg`).
    Dot,
    /// Mermaid flowchart source.
    Mermaid,
    /// A standalone SVG picture.
    Svg,
}

/// Runs `graph`.
pub fn run(args: &GraphArgs, global: &Global) -> Status {
    let lang = global.lang();
    let mut map = SourceMap::new();
    let unreadable = input::load_files(&args.files, &mut map);
    if !unreadable.is_empty() {
        emit(&unreadable, &map, Format::Human, global);
        return Status::BadInput;
    }
    let outcome = crate::lint(&map);
    if outcome.diagnostics.iter().any(|d| d.is_error()) {
        emit(&outcome.diagnostics, &map, Format::Human, global);
        return Status::Problems;
    }
    let Some(program) = outcome.program else {
        return Status::Problems;
    };
    let proc = match choose::procedure(&program, args.procedure.as_deref(), input::first(&map)) {
        Ok(p) => p,
        Err(d) => {
            emit(&[*d], &map, Format::Human, global);
            return Status::BadInput;
        }
    };
    let ir = compile(proc, &ParamValues::defaults(proc));
    let format = match args.format {
        GraphFormat::Dot => Drawing::Dot,
        GraphFormat::Mermaid => Drawing::Mermaid,
        GraphFormat::Svg => Drawing::Svg,
    };
    write_stdout(&render::render(format, proc, &ir, lang));
    Status::Ok
}
