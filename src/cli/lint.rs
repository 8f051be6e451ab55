//! `huanjie lint FILE...`: parse, resolve and type-check procedures and plans
//! (all files together: a plan in one file may name a procedure in another)
//! and report every problem.
//!
//! The files each file includes (`include "FILE.hj"`) are loaded too
//! ([`load::procedures`]).
//!
//! Exit status: 0 when there is no error (warnings allowed), 1 when there is
//! any error, 2 when a file could not be read (or an include is refused).
//! When a file cannot be read, only the reading problems are reported:
//! linting the other files alone would report names they take from the
//! missing one as undefined.

use super::output::{emit, OutputArgs};
use super::{load, Global, Status};
use crate::span::SourceMap;
use std::path::PathBuf;

/// Arguments of `lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Procedure and plan files (`.hj`), checked together
    ///
    /// 程序与方案文件（`.hj`），一并检查。
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `lint`.
pub fn run(args: &LintArgs, global: &Global) -> Status {
    let mut map = SourceMap::new();
    if let Err(unreadable) = load::procedures(&args.files, &mut map) {
        emit(&unreadable, &map, args.output.format.into(), global);
        return Status::BadInput;
    }
    let outcome = crate::lint(&map);
    emit(
        &outcome.diagnostics,
        &map,
        args.output.format.into(),
        global,
    );
    if outcome.diagnostics.iter().any(|d| d.is_error()) {
        Status::Problems
    } else {
        Status::Ok
    }
}
