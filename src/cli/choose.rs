//! Which procedure a command works on, when the files hold several (a
//! composite and the procedures it includes, a party procedure and the file
//! whose rule sets it applies): the one `--procedure` names, else the
//! procedure of the first file given when that file holds only one.

use super::output::{emit, Format};
use super::{input, Global, Status};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::resolve::{Procedure, Program};
use crate::span::{FileId, SourceMap};
use std::path::PathBuf;

/// The procedure files and `--procedure` of a command that works on one
/// procedure (`graph`, `template`).
#[derive(Debug, Clone, clap::Args)]
pub struct ProcedureFiles {
    /// The procedure file (`.hj`), then the files of the procedures it includes or whose rule sets it applies
    ///
    /// 程序文件（`.hj`），其后是它引入的程序或沿用其规则组的程序所在的文件。
    #[arg(required = true, value_name = "PROCEDURE")]
    pub files: Vec<PathBuf>,
    /// The procedure to work on [default: the procedure of the first file]
    ///
    /// 要处理的程序（默认为第一个文件中的程序）。
    #[arg(long, value_name = "NAME")]
    pub procedure: Option<String>,
}

impl ProcedureFiles {
    /// Reads and lints the files, printing their problems (the warnings too
    /// when `warnings`); the status to exit with when they cannot be used.
    pub fn load(&self, global: &Global, warnings: bool) -> Result<(SourceMap, Program), Status> {
        let mut map = SourceMap::new();
        if let Err(unreadable) = super::load::procedures(&self.files, &mut map) {
            emit(&unreadable, &map, Format::Human, global);
            return Err(Status::BadInput);
        }
        let outcome = crate::lint(&map);
        let errors = outcome.diagnostics.iter().any(Diagnostic::is_error);
        if errors || (warnings && !outcome.diagnostics.is_empty()) {
            emit(&outcome.diagnostics, &map, Format::Human, global);
        }
        match outcome.program {
            Some(program) if !errors => Ok((map, program)),
            _ => Err(Status::Problems),
        }
    }

    /// The procedure to work on (see [`procedure`]); a wrong name is
    /// printed and exits 2.
    pub fn choose<'p>(
        &self,
        program: &'p Program,
        map: &SourceMap,
        global: &Global,
    ) -> Result<&'p Procedure, Status> {
        procedure(program, self.procedure.as_deref(), input::first(map)).map_err(|d| {
            emit(&[*d], map, Format::Human, global);
            Status::BadInput
        })
    }
}

/// The procedure named `name`, or the default one (see the module).
pub fn procedure<'p>(
    program: &'p Program,
    name: Option<&str>,
    first_file: Option<FileId>,
) -> Result<&'p Procedure, Box<Diagnostic>> {
    let procs = program.procedures.as_slice();
    let names: Vec<&str> = procs.iter().map(|p| p.name.name.as_str()).collect();
    let list = Text::new(
        format!("已加载的程序：{}", quoted(&names, "、")),
        format!("the procedures loaded: {}", quoted(&names, ", ")),
    );
    if let Some(name) = name {
        return program.procedure(name).map(|(_, p)| p).ok_or_else(|| {
            let d = Diagnostic::error(
                Code::UnknownProcedure,
                Text::new(
                    format!("没有名为 `{name}` 的程序"),
                    format!("there is no procedure named `{name}`"),
                ),
            );
            Box::new(match did_you_mean(name, names.iter().copied()) {
                Some(s) => d.with_help(did_you_mean_help(s)),
                None => d.with_help(list.clone()),
            })
        });
    }
    if let [only] = procs {
        return Ok(only);
    }
    let in_first: Vec<&Procedure> = procs
        .iter()
        .filter(|p| Some(p.file) == first_file)
        .collect();
    match (procs, in_first.as_slice()) {
        ([], _) => Err(Box::new(Diagnostic::error(
            Code::UnknownProcedure,
            Text::new("文件中没有程序", "the files hold no procedure"),
        ))),
        (_, [only]) => Ok(only),
        _ => Err(Box::new(
            Diagnostic::error(
                Code::UnknownProcedure,
                Text::new(
                    format!("文件中有 {} 个程序，请用 --procedure 指定一个", procs.len()),
                    format!(
                        "the files hold {} procedures: name one with --procedure",
                        procs.len()
                    ),
                ),
            )
            .with_help(list),
        )),
    }
}

fn quoted(names: &[&str], sep: &str) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(sep)
}
