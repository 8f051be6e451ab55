//! `huanjie graph PROCEDURE.hj [FILE.hj…] [--format dot|mermaid|svg] [--procedure NAME]`:
//! the stage graph of a procedure as Graphviz DOT, a Mermaid flowchart or a
//! standalone SVG picture, on stdout. The other files hold the procedures
//! it includes or whose rule sets it applies; the procedure drawn is the
//! one `--procedure` names, else that of the first file (`choose`).
//!
//! The files must lint without errors first (the errors are reported as
//! `lint` reports them, exit status 1). Exit status 2: a file cannot be
//! read, or there is no procedure (of that name).

use super::choose::ProcedureFiles;
use super::output::write_stdout;
use super::{Global, Status};
use crate::ir::{compile, ParamValues};
use crate::render::{self, Format as Drawing};
use clap::ValueEnum;

/// Arguments of `graph`.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub input: ProcedureFiles,
    /// Output format: Graphviz DOT, Mermaid flowchart, or a standalone SVG picture
    ///
    /// 输出格式：Graphviz DOT、Mermaid 流程图，或独立的 SVG 图片。
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
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
    let (map, program) = match args.input.load(global, false) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let proc = match args.input.choose(&program, &map, global) {
        Ok(p) => p,
        Err(status) => return status,
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
