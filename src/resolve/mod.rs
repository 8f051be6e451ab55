//! Names and types. (Being written.)
use crate::ast;
use crate::diag::Diagnostic;
use crate::span::FileId;

/// The resolved program.
#[derive(Debug, Default)]
pub struct Program {}

/// Resolves and type-checks parsed files together.
pub fn resolve(files: &[(FileId, ast::File)]) -> (Program, Vec<Diagnostic>) {
    let _ = files;
    (Program::default(), Vec::new())
}
