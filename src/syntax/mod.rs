//! Text → AST. (Being written.)
use crate::ast;
use crate::diag::Diagnostic;
use crate::span::{FileId, SourceMap};

/// The result of parsing one file.
#[derive(Debug)]
pub struct Parsed {
    pub file: Option<ast::File>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses file `id` of `map`.
pub fn parse(map: &SourceMap, id: FileId) -> Parsed {
    let _ = (map, id);
    Parsed { file: None, diagnostics: Vec::new() }
}
