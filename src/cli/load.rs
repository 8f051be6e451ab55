//! Reading the procedure and plan files of a command with every file they
//! include: the file-system [`Loader`] of [`crate::sources::collect`], the
//! root folder of a run, and the check that a file given where a procedure
//! belongs is not an election record (HJ023, "arguments in the wrong
//! order").

use super::input;
use crate::diag::{Code, Diagnostic, Text};
use crate::sources::{self, Loader};
use crate::span::{FileId, SourceMap};
use std::path::{Path, PathBuf};

/// Reads files from the file system (regular files only, bounded, see
/// [`input`]).
pub struct FsLoader;

impl Loader for FsLoader {
    fn canonical(&mut self, path: &Path) -> Result<PathBuf, Text> {
        std::fs::canonicalize(path).map_err(|e| input::ReadError::Io(e).reason())
    }

    fn load(
        &mut self,
        path: &Path,
        name: &str,
        map: &mut SourceMap,
    ) -> Result<FileId, Box<Diagnostic>> {
        input::load_file_named(path, name, map)
    }
}

/// Loads the procedure and plan files `paths` and every file they include
/// into `map` (the files given first, in order). `Err`: the diagnostics to
/// report alone, with exit status 2 — a file that cannot be read, an
/// include refused or in a cycle, a record given as a procedure (named
/// `.toml`/`.json`, or reading like one; checked once it is read, so that
/// a FIFO is refused as one).
pub fn procedures(paths: &[PathBuf], map: &mut SourceMap) -> Result<(), Vec<Diagnostic>> {
    let given: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .unwrap_or_else(|_| PathBuf::from("/"));
    let root = sources::root_folder(&given, &cwd);
    let collected = sources::collect(paths, &root, &mut FsLoader, map);
    let mut diagnostics = collected.diagnostics;
    // A record among the files read: named like one, or with another
    // extension and reading like one.
    for id in &collected.given {
        let Some(file) = map.get(*id) else {
            continue;
        };
        let path = Path::new(&file.name);
        let sniffed =
            !is_hj(path) && looks_like_record(&file.text) && !looks_like_procedure(&file.text);
        if has_record_extension(path) || sniffed {
            diagnostics.push(record_as_procedure(path));
        }
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(diagnostics)
    }
}

fn is_hj(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("hj"))
}

/// Whether `path` is named like a record (`.toml`, `.json`, any case).
pub fn has_record_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json"))
}

/// The first line of `text` that is neither blank nor a `//` comment.
fn first_line(text: &str) -> &str {
    text.lines()
        .map(|l| l.trim_start_matches('\u{FEFF}').trim())
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .unwrap_or("")
}

/// Whether `text` begins as a TOML or JSON record does: a `#` comment, a
/// `[table]`, a `{`, or `key = value`.
pub fn looks_like_record(text: &str) -> bool {
    let line = first_line(text);
    if line.starts_with('#') || line.starts_with('[') || line.starts_with('{') {
        return true;
    }
    line.split_once('=').is_some_and(|(key, _)| {
        let key = key.trim().trim_matches('"');
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
    })
}

/// Whether `text` begins as a procedure or plan file does: with `程序`,
/// `procedure`, `计划`, `plan`, `引入` or `include`.
pub fn looks_like_procedure(text: &str) -> bool {
    let word = first_line(text)
        .split(|c: char| c.is_whitespace() || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    matches!(
        word,
        "程序" | "procedure" | "计划" | "plan" | "引入" | "include"
    )
}

/// HJ023: a record given where a procedure belongs.
fn record_as_procedure(path: &Path) -> Diagnostic {
    let name = path.display();
    Diagnostic::error(
        Code::WrongFileKind,
        Text::new(
            format!("`{name}` 是选举记录，不是程序文件（.hj）"),
            format!("`{name}` is an election record, not a procedure file (.hj)"),
        ),
    )
    .with_help(Text::new(
        format!("这里应给出程序文件；对照程序检查记录的写法是 `huanjie check 程序.hj {name}`"),
        format!(
            "a procedure file belongs here; a record is checked against a procedure with \
             `huanjie check PROCEDURE.hj {name}`"
        ),
    ))
}

/// HJ023 for `huanjie check RECORD PROCEDURE.hj …`: the record came first.
/// `procedures` are the procedure files among the arguments, `records` the
/// others; the help gives the command line in the right order.
pub fn check_in_wrong_order(procedures: &[&Path], records: &[&Path]) -> Diagnostic {
    let line = |ps: &[&Path]| {
        ps.iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (first, rest) = (line(records), line(procedures));
    let fixed = if procedures.is_empty() {
        format!("huanjie check PROCEDURE.hj {first}")
    } else {
        format!("huanjie check {rest} {first}")
    };
    let fixed_zh = if procedures.is_empty() {
        format!("huanjie check 程序.hj {first}")
    } else {
        fixed.clone()
    };
    Diagnostic::error(
        Code::WrongFileKind,
        Text::new(
            "参数顺序颠倒：`huanjie check` 先写程序文件（.hj），再写选举记录",
            "the arguments are in the wrong order: `huanjie check` takes the procedure file \
             (.hj) first, then the records",
        ),
    )
    .with_note(Text::new(
        format!(
            "第一个参数 `{}` 是选举记录",
            line(&records[..1.min(records.len())])
        ),
        format!(
            "the first argument, `{}`, is an election record",
            line(&records[..1.min(records.len())])
        ),
    ))
    .with_help(Text::new(
        format!("写作 `{fixed_zh}`"),
        format!("write `{fixed}`"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_procedures_are_told_apart_by_their_first_line() {
        let record = "# 新河社区 2021 年换届\nprocedure = \"居委会换届选举\"\n";
        assert!(looks_like_record(record));
        assert!(!looks_like_procedure(record));
        assert!(looks_like_record("{\"procedure\": \"x\"}"));
        assert!(looks_like_record("\n\nprocedure = \"x\""));
        let procedure = "// 社区“两委”换届\n\n引入 \"party_branch.hj\"\n程序 甲 {}";
        assert!(looks_like_procedure(procedure));
        assert!(!looks_like_record(procedure));
        assert!(looks_like_procedure("procedure a {\n}"));
        assert!(!looks_like_record("procedure a {\n}"));
        assert!(!looks_like_record("阶段 甲 = 1"));
    }

    #[test]
    fn the_wrong_order_help_puts_the_procedure_first() {
        let d = check_in_wrong_order(&[Path::new("p.hj")], &[Path::new("r.toml")]);
        assert_eq!(d.code, Code::WrongFileKind);
        let help = d.help.map(|h| h.en).unwrap_or_default();
        assert_eq!(help, "write `huanjie check p.hj r.toml`");
    }
}
