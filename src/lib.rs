//! huanjie (换届): a declarative language for election procedures and a checker
//! for election records.
//!
//! The pipeline reads top to bottom: text → [`syntax`] (pest → AST with
//! spans) → [`resolve`] (names, types) → IR → checks and renderings.
#![doc = include_str!("../docs/ARCHITECTURE.md")]

pub mod analyse;
pub mod ast;
pub mod check;
pub mod cli;
mod cycle;
pub mod diag;
pub mod exact;
pub mod explain;
pub mod fmt;
pub mod ir;
pub mod lsp;
pub mod record;
pub mod render;
pub mod report;
pub mod resolve;
pub mod schedule;
pub mod sources;
pub mod span;
pub mod syntax;
pub mod testing;
pub mod timing;

use diag::Diagnostic;
use span::{FileId, SourceMap};

/// The outcome of linting a set of files.
#[derive(Debug)]
pub struct LintOutcome {
    /// The resolved program, when every file parsed.
    pub program: Option<resolve::Program>,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, resolves and type-checks every file of `map` together (a plan in
/// one file may name a procedure in another), analyses the timing of every
/// procedure and plan, and collects all diagnostics. Working days are
/// counted with the built-in holiday calendar.
pub fn lint(map: &SourceMap) -> LintOutcome {
    lint_with(map, &timing::Calendar::builtin())
}

/// [`lint`] with a given holiday calendar.
pub fn lint_with(map: &SourceMap, calendar: &timing::Calendar) -> LintOutcome {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for (id, _) in map.iter() {
        let parsed = syntax::parse(map, id);
        diagnostics.extend(parsed.diagnostics);
        if let Some(file) = parsed.file {
            files.push((id, file));
        }
    }
    let all_parsed = files.len() == map.iter().count();
    let program = if all_parsed {
        let (program, diags) = resolve::resolve(&files);
        // Timing analysis needs a program without name or type errors;
        // otherwise its findings would only echo them.
        if !diags.iter().any(Diagnostic::is_error) {
            diagnostics.extend(analyse::program(&program, calendar));
        }
        diagnostics.extend(diags);
        Some(program)
    } else {
        None
    };
    diag::sort(&mut diagnostics);
    LintOutcome {
        program,
        diagnostics,
    }
}

/// Loads `text` as file `name` into a fresh map and lints it (for tests and
/// embedding).
pub fn lint_str(name: &str, text: &str) -> (SourceMap, FileId, LintOutcome) {
    let mut map = SourceMap::new();
    let id = map.add(name, text);
    let outcome = lint(&map);
    (map, id, outcome)
}
