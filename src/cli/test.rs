//! `huanjie test [PATH…] [--coverage]`: runs the test records beside the
//! procedures (docs/testing.md).
//!
//! A procedure file `DIR/NAME.hj` keeps its test records in
//! `DIR/tests/NAME/` (`.toml` and `.json`, each with a top-level `expect`).
//! A PATH is a `.hj` file or a folder: a folder stands for every `.hj`
//! file directly in it and every records folder of its `tests/`. A records
//! folder may hold a `plan.hj`: its records are then held against that
//! plan (as `huanjie check --plan` does) and the procedure it is for; such
//! a folder needs no procedure file of its own name. All the `.hj` files
//! are resolved together, as `lint` does.
//!
//! This module finds the files and reads them; running and comparing is
//! [`crate::testing`]. `tests/check.rs` runs the library's records through
//! [`collect`], the same code as the command.
//!
//! Exit status: 0 when every record gives exactly its expected findings, 1
//! when one does not (or cannot be read), 2 when the procedures cannot be
//! read or do not resolve, or a records folder has no procedure.

use super::output::{emit, human_options, write_stdout, Format, LintFormat, OutputArgs};
use super::{input, Global, Status};
use crate::check::CheckOptions;
use crate::diag::{Code, Diagnostic, Text};
use crate::resolve::Program;
use crate::span::{FileId, SourceMap};
use crate::testing::coverage::{coverage, RuleCoverage};
use crate::testing::{render, run_record, CaseResult, Target};
use crate::timing::Calendar;
use std::path::{Path, PathBuf};

/// Arguments of `test`.
#[derive(Debug, Clone, clap::Args)]
pub struct TestArgs {
    /// Procedure files (`.hj`) or folders whose `tests/` hold the records [default: .]
    ///
    /// 程序文件（`.hj`）或文件夹；测试记录在其旁边的 `tests/程序文件名/` 中。默认为当前文件夹。
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also list, per rule and timing constraint, the records that make it pass and fail
    ///
    /// 同时逐条列出每条规则和时间约束有哪些记录使其通过、哪些使其违反。
    #[arg(long)]
    pub coverage: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A folder of test records and what its records are held against.
struct RecordsDir {
    dir: PathBuf,
    /// The procedure file of the same name, or the folder's `plan.hj`.
    against: FileId,
    is_plan: bool,
}

/// Everything a run found and did.
pub struct Collected {
    pub map: SourceMap,
    pub program: Program,
    /// The `.hj` files under test.
    pub targets: Vec<FileId>,
    pub cases: Vec<CaseResult>,
}

impl Collected {
    /// The rule coverage of the procedures defined in the files under test.
    pub fn coverage(&self) -> RuleCoverage {
        let procs: Vec<_> = self
            .program
            .procedures
            .iter()
            .filter(|p| self.targets.contains(&p.file))
            .collect();
        coverage(&procs, &self.cases, &self.map)
    }
}

/// The name of `path` in reports: relative to `base` when under it, with
/// `/` separators.
fn name_of(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

fn load_as(path: &Path, base: &Path, map: &mut SourceMap) -> Result<FileId, Box<Diagnostic>> {
    let mut scratch = SourceMap::new();
    let id = input::load_file(path, &mut scratch)?;
    let text = scratch
        .get(id)
        .map(|s| s.text.to_string())
        .unwrap_or_default();
    Ok(map.add(name_of(path, base), text))
}

fn files_in(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    out.sort();
    out
}

fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.is_file()
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn no_procedure(dir: &Path, base: &Path) -> Diagnostic {
    let name = name_of(dir, base);
    Diagnostic::error(
        Code::NoTestProcedure,
        Text::new(
            format!("测试记录文件夹 `{name}` 没有对应的程序文件"),
            format!("the records folder `{name}` has no procedure file"),
        ),
    )
    .with_help(Text::new(
        "测试记录放在 `文件夹/tests/程序文件名/` 中，与 `文件夹/程序文件名.hj` 对应；或在记录文件夹中放一个 `plan.hj`",
        "records for `DIR/NAME.hj` go in `DIR/tests/NAME/`; or put a `plan.hj` in the records folder",
    ))
}

/// Why a run stopped before any record (exit 2): the diagnostics and the
/// files they point into.
pub struct Stopped {
    pub map: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds the procedure files and records of `paths` (names relative to
/// `base`), resolves the procedures and runs every record.
pub fn collect(paths: &[PathBuf], base: &Path) -> Result<Collected, Box<Stopped>> {
    let mut map = SourceMap::new();
    match collect_into(paths, base, &mut map) {
        Ok((program, targets, cases)) => Ok(Collected {
            map,
            program,
            targets,
            cases,
        }),
        Err(diagnostics) => Err(Box::new(Stopped { map, diagnostics })),
    }
}

type Found = (Program, Vec<FileId>, Vec<CaseResult>);

fn collect_into(
    paths: &[PathBuf],
    base: &Path,
    map: &mut SourceMap,
) -> Result<Found, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut targets = Vec::new();
    let mut pending: Vec<(PathBuf, Option<FileId>)> = Vec::new();
    for path in paths {
        let (hj, dirs): (Vec<PathBuf>, Vec<PathBuf>) = if path.is_dir() {
            let hj = files_in(path, |p| has_ext(p, &["hj"]));
            let dirs = files_in(&path.join("tests"), Path::is_dir);
            (hj, dirs)
        } else {
            let stem = path.file_stem().unwrap_or_default();
            let dir = path
                .parent()
                .unwrap_or(Path::new(""))
                .join("tests")
                .join(stem);
            (
                vec![path.clone()],
                vec![dir].into_iter().filter(|d| d.is_dir()).collect(),
            )
        };
        let mut ids = Vec::new();
        for f in &hj {
            match load_as(f, base, map) {
                Ok(id) => ids.push((f.clone(), id)),
                Err(d) => problems.push(*d),
            }
        }
        targets.extend(ids.iter().map(|(_, id)| *id));
        for dir in dirs {
            let stem = dir.file_name().unwrap_or_default().to_owned();
            let own = ids
                .iter()
                .find(|(f, _)| f.file_stem() == Some(stem.as_os_str()))
                .map(|(_, id)| *id);
            pending.push((dir, own));
        }
    }
    let mut dirs = Vec::new();
    for (dir, own) in pending {
        let plan = dir.join("plan.hj");
        if plan.is_file() {
            match load_as(&plan, base, map) {
                Ok(id) => dirs.push(RecordsDir {
                    dir,
                    against: id,
                    is_plan: true,
                }),
                Err(d) => problems.push(*d),
            }
        } else if let Some(id) = own {
            dirs.push(RecordsDir {
                dir,
                against: id,
                is_plan: false,
            });
        } else {
            problems.push(no_procedure(&dir, base));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let outcome = crate::lint(map);
    let errors: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let Some(program) = outcome.program.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let calendar = Calendar::builtin();
    let mut cases = Vec::new();
    for d in &dirs {
        let target = if d.is_plan {
            program
                .plans
                .iter()
                .find(|p| p.file == d.against)
                .and_then(|plan| {
                    let proc = program.procedures.get(plan.procedure.0)?;
                    Some(Target::new(proc, CheckOptions::with_plan(plan)))
                })
        } else {
            program
                .procedures
                .iter()
                .find(|p| p.file == d.against)
                .map(|proc| Target::new(proc, CheckOptions::default()))
        };
        let Some(target) = target else {
            return Err(vec![no_procedure(&d.dir, base)]);
        };
        for record in files_in(&d.dir, |p| has_ext(p, &["toml", "json"])) {
            match load_as(&record, base, map) {
                Ok(id) => cases.push(run_record(&target, map, id, &calendar)),
                Err(d) => return Err(vec![*d]),
            }
        }
    }
    Ok((program, targets, cases))
}

/// Runs `test`.
pub fn run(args: &TestArgs, global: &Global) -> Status {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let run = match collect(&paths, Path::new("")) {
        Ok(run) => run,
        Err(stopped) => {
            emit(
                &stopped.diagnostics,
                &stopped.map,
                args.output.format.into(),
                global,
            );
            return Status::BadInput;
        }
    };
    let coverage = args.coverage.then(|| run.coverage());
    let lang = global.lang();
    match args.output.format {
        LintFormat::Sarif => {
            let d = crate::diag::Diagnostic::error(
                crate::diag::Code::Unreadable,
                crate::diag::Text::new(
                    "`huanjie test` 的输出格式只有 human 和 json",
                    "`huanjie test` writes human or json output only",
                ),
            );
            emit(&[d], &run.map, Format::Human, global);
            return Status::BadInput;
        }
        LintFormat::Human => {
            let mut text = render::human(&run.cases, &run.map, &human_options(global));
            if let Some(cov) = &coverage {
                text.push('\n');
                text.push_str(&render::coverage_table(cov, lang));
            }
            write_stdout(&text);
        }
        LintFormat::Json => {
            let doc = render::json(&run.cases, coverage.as_ref(), &run.map, lang);
            let text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| doc.to_string());
            write_stdout(&format!("{text}\n"));
        }
    }
    if run.cases.iter().all(CaseResult::passed) {
        Status::Ok
    } else {
        Status::Problems
    }
}
