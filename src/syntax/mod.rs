//! Text → AST.
//!
//! Step one, [`prescan`]: a linear pass that bounds nesting and finds
//! unterminated strings and comments. Step two, pest with the grammar in
//! `grammar/huanjie.pest`. Step three, [`build`] and [`expr`]: pairs → the
//! spanned AST of [`crate::ast`], reading literals exactly ([`lexical`]).
//! pest's errors become our diagnostics in [`error`].

mod build;
mod error;
mod expr;
mod hints;
pub mod keywords;
pub mod lexical;
pub mod prescan;
mod timing;

use crate::ast;
use crate::diag::{Code, Diagnostic, Text};
use crate::span::{FileId, SourceMap, Span};
use pest::Parser;

/// The pest parser generated from `grammar/huanjie.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/huanjie.pest"]
pub struct HuanjieParser;

/// The largest source file accepted, in bytes (4 MiB: a procedure is a few
/// kilobytes; anything near this is not a procedure).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// The most operands one expression may have.
pub const MAX_TERMS: usize = 1000;

/// The result of parsing one file: the AST when the file is free of syntax
/// errors, and every diagnostic found.
#[derive(Debug)]
pub struct Parsed {
    pub file: Option<ast::File>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses file `id` of `map`.
pub fn parse(map: &SourceMap, id: FileId) -> Parsed {
    let Some(source) = map.get(id) else {
        return Parsed {
            file: None,
            diagnostics: Vec::new(),
        };
    };
    parse_text(id, &source.text)
}

/// Parses `text` as file `id`.
pub fn parse_text(id: FileId, text: &str) -> Parsed {
    let fail = |d: Vec<Diagnostic>| Parsed {
        file: None,
        diagnostics: d,
    };
    if text.len() > MAX_SOURCE_BYTES {
        return fail(vec![too_large(id, text.len())]);
    }
    let early = prescan::prescan(id, text);
    if !early.is_empty() {
        return fail(early);
    }
    let pairs = match HuanjieParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => return fail(vec![error::from_pest(id, text, &e)]),
    };
    let mut builder = build::Builder::new(id);
    let file = builder.file(pairs);
    let mut diagnostics = builder.into_diagnostics();
    if file.items.is_empty() && file.includes.is_empty() {
        diagnostics.push(empty_file(id, text));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return fail(diagnostics);
    }
    Parsed {
        file: Some(file),
        diagnostics,
    }
}

/// The files `text` (file `id`) includes: the `include "FILE.hj"` items at
/// its head, read without parsing the rest (so that a file's dependencies
/// are found even when it has syntax errors further on; the whole parse
/// reports those). Empty when the head does not parse.
pub fn file_includes(id: FileId, text: &str) -> Vec<ast::FileInclude> {
    if text.len() > MAX_SOURCE_BYTES {
        return Vec::new();
    }
    let Ok(pairs) = HuanjieParser::parse(Rule::file_head, text) else {
        return Vec::new();
    };
    let builder = build::Builder::new(id);
    pairs
        .flat_map(|p| p.into_inner())
        .filter(|p| p.as_rule() == Rule::file_include)
        .map(|p| builder.file_include(p))
        .collect()
}

fn too_large(id: FileId, len: usize) -> Diagnostic {
    Diagnostic::error(
        Code::FileTooLarge,
        Text::new(
            format!("文件有 {len} 字节，超过上限 {MAX_SOURCE_BYTES} 字节"),
            format!("the file has {len} bytes, more than the limit of {MAX_SOURCE_BYTES}"),
        ),
    )
    .with_label(
        Span::new(id, 0, 0),
        Text::new("文件从这里开始", "the file starts here"),
    )
    .with_help(Text::new(
        "一个程序文件通常只有几千字节；请检查是否选错了文件，或把内容拆分到多个文件",
        "a procedure is a few kilobytes; check that this is the right file, or split it",
    ))
}

fn empty_file(id: FileId, text: &str) -> Diagnostic {
    Diagnostic::error(
        Code::EmptyFile,
        Text::new(
            "文件中没有程序或计划",
            "the file holds no procedure or plan",
        ),
    )
    .with_label(
        Span::new(id, 0, text.len()),
        Text::new("这里只有空白或注释", "only whitespace or comments here"),
    )
    .with_help(Text::new(
        "以 `程序 名称 { … }` 或 `procedure NAME { … }` 开始一个程序",
        "start a procedure with `procedure NAME { … }` or `程序 名称 { … }`",
    ))
}

/// Parses a string as a file named `name` (for tests and embedding).
pub fn parse_str(name: &str, text: &str) -> (SourceMap, Parsed) {
    let mut map = SourceMap::new();
    let id = map.add(name, text);
    let parsed = parse(&map, id);
    (map, parsed)
}
