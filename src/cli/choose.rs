//! Which procedure a command works on, when the files hold several (a
//! composite and the procedures it includes, a party procedure and the file
//! whose rule sets it applies): the one `--procedure` names, else the
//! procedure of the first file given when that file holds only one.

use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::resolve::{Procedure, Program};
use crate::span::FileId;

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
