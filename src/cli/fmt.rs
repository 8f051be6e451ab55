//! `huanjie fmt [--check] PATH…`: lays out `.hj` files canonically
//! (docs/design/fmt.md). A folder stands for every `.hj` file under it.
//!
//! Without `--check`, each file whose layout changes is rewritten
//! atomically (a temporary file beside it, then a rename); a file that
//! does not parse is never touched. With `--check`, nothing is written: the
//! files that would change are listed with a short diff.
//!
//! Exit status: 0 when every file is (now) in the canonical layout, 1 with
//! `--check` when some file would change, 2 when a file cannot be read or
//! does not parse (its syntax diagnostics are printed).

use super::output::{emit, write_stdout, OutputArgs};
use super::{input, Global, Status};
use crate::diag::Diagnostic;
use crate::span::SourceMap;
use std::path::{Path, PathBuf};

/// Arguments of `fmt`.
#[derive(Debug, Clone, clap::Args)]
pub struct FmtArgs {
    /// Procedure and plan files (`.hj`), or folders holding them
    ///
    /// 程序与方案文件（`.hj`），或包含它们的文件夹。
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; list the files whose layout would change (exit 1 if any)
    ///
    /// 不改写文件，只列出排版会改变的文件（有则退出码为 1）。
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Every `.hj` file of `paths`, folders searched recursively, in order.
fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "hj") {
                        found.push(path);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// A short diff: the removed (`-`) and added (`+`) lines of a longest
/// common subsequence, at most `MAX` of them, each with its line number.
fn short_diff(name: &str, old: &str, new: &str) -> String {
    const MAX: usize = 12;
    /// Past this many cells the table is not built; the lines are paired.
    const CELLS: usize = 4_000_000;
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut out = format!("--- {name}\n+++ {name} (fmt)\n");
    let mut changes: Vec<String> = Vec::new();
    if a.len().saturating_mul(b.len()) <= CELLS {
        // lcs[i][j]: the common subsequence of a[i..] and b[j..].
        let w = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * w];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                let v = if a.get(i) == b.get(j) {
                    lcs.get((i + 1) * w + j + 1).copied().unwrap_or(0) + 1
                } else {
                    let down = lcs.get((i + 1) * w + j).copied().unwrap_or(0);
                    let right = lcs.get(i * w + j + 1).copied().unwrap_or(0);
                    down.max(right)
                };
                if let Some(cell) = lcs.get_mut(i * w + j) {
                    *cell = v;
                }
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let at = |i: usize, j: usize| lcs.get(i * w + j).copied().unwrap_or(0);
            if i < a.len() && j < b.len() && a.get(i) == b.get(j) {
                i += 1;
                j += 1;
            } else if i < a.len() && (j == b.len() || at(i + 1, j) >= at(i, j + 1)) {
                changes.push(format!("{}:{}\n-{}", name, i + 1, a.get(i).unwrap_or(&"")));
                i += 1;
            } else {
                changes.push(format!("{}:{}\n+{}", name, j + 1, b.get(j).unwrap_or(&"")));
                j += 1;
            }
        }
    } else {
        changes.push(format!("{name}: {} → {} lines", a.len(), b.len()));
    }
    for c in changes.iter().take(MAX) {
        out.push_str(&format!("@@ {c}\n"));
    }
    if changes.len() > MAX {
        out.push_str(&format!("… {} more changed lines\n", changes.len() - MAX));
    }
    out
}

/// Writes `text` to `path` by way of a temporary file in the same folder.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.fmt-{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Runs `fmt`.
pub fn run(args: &FmtArgs, global: &Global) -> Status {
    let mut map = SourceMap::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut changed = Vec::new();
    let mut report = String::new();
    for path in files(&args.paths) {
        let id = match input::load_file(&path, &mut map) {
            Ok(id) => id,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        let text = map.get(id).map(|s| s.text.to_string()).unwrap_or_default();
        let formatted = match crate::fmt::format_text(id, &text) {
            Ok(f) => f,
            Err(d) => {
                problems.extend(d);
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        let name = path.display().to_string();
        if args.check {
            report.push_str(&short_diff(&name, &text, &formatted));
        } else if let Err(e) = write_atomically(&path, &formatted) {
            report.push_str(&format!("huanjie fmt: {name}: {e}\n"));
            return Status::BadInput;
        }
        changed.push(name);
    }
    if !problems.is_empty() {
        emit(&problems, &map, args.output.format.into(), global);
    }
    if !report.is_empty() {
        write_stdout(&report);
    }
    let verb = match (args.check, global.lang()) {
        (true, crate::diag::Lang::Zh) => "排版会改变",
        (true, crate::diag::Lang::En) => "would be reformatted",
        (false, crate::diag::Lang::Zh) => "已重新排版",
        (false, crate::diag::Lang::En) => "reformatted",
    };
    for name in &changed {
        write_stdout(&format!("{verb}: {name}\n"));
    }
    if !problems.is_empty() {
        Status::BadInput
    } else if args.check && !changed.is_empty() {
        Status::Problems
    } else {
        Status::Ok
    }
}
