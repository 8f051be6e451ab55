//! `huanjie graph PROCEDURE.hj [--format dot|mermaid|svg] [--procedure NAME]`:
//! the stage graph of a procedure as Graphviz DOT, a Mermaid flowchart or a
//! standalone SVG picture, on stdout.
//!
//! The file must lint without errors first (the errors are reported as
//! `lint` reports them, exit status 1). Exit status 2: the file cannot be
//! read, or it has no procedure (of that name).

use super::output::{emit, write_stderr, write_stdout, Format};
use super::{input, Global, Status};
use crate::diag::Lang;
use crate::ir::{compile, ParamValues};
use crate::render::{self, Format as Drawing};
use crate::span::SourceMap;
use clap::ValueEnum;
use std::path::PathBuf;

/// Arguments of `graph`.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// The procedure file (`.hj`)
    ///
    /// 程序文件（`.hj`）。
    #[arg(value_name = "PROCEDURE")]
    pub file: PathBuf,
    /// Output format: Graphviz DOT, Mermaid flowchart, or a standalone SVG picture
    ///
    /// 输出格式：Graphviz DOT、Mermaid 流程图，或独立的 SVG 图片。
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Which procedure to draw when the file has several [default: the first]
    ///
    /// 文件中有多个程序时要画的程序名（默认为第一个）。
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
    let unreadable = input::load_files(std::slice::from_ref(&args.file), &mut map);
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
    let names: Vec<&str> = program
        .procedures
        .iter()
        .map(|p| p.name.name.as_str())
        .collect();
    let chosen = match &args.procedure {
        Some(name) => program.procedure(name).map(|(_, p)| p),
        None => program.procedures.first(),
    };
    let Some(proc) = chosen else {
        write_stderr(&no_procedure(
            &args.file.display().to_string(),
            args.procedure.as_deref(),
            &names,
            lang,
        ));
        return Status::BadInput;
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

/// The message for a file without the procedure asked for.
fn no_procedure(file: &str, name: Option<&str>, known: &[&str], lang: Lang) -> String {
    let list = known
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "、" } else { ", " });
    match (name, known.is_empty(), lang) {
        (_, true, Lang::Zh) => format!("错误：`{file}` 中没有程序\n"),
        (_, true, Lang::En) => format!("error: `{file}` has no procedure\n"),
        (n, false, Lang::Zh) => format!(
            "错误：`{file}` 中没有名为 `{}` 的程序；已有的程序：{list}\n",
            n.unwrap_or_default()
        ),
        (n, false, Lang::En) => format!(
            "error: `{file}` has no procedure named `{}`; its procedures: {list}\n",
            n.unwrap_or_default()
        ),
    }
}
