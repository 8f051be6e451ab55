//! `huanjie check PROCEDURE.hj RECORD|DIR...`: hold finished elections'
//! records against a procedure.
//!
//! The procedure is linted first: if it has errors it cannot be checked
//! against, and its diagnostics are printed with exit status 2. Directories
//! are searched recursively for `*.toml` and `*.json` (and workbooks,
//! `cli::sheets`: one record per community); all record paths are
//! sorted. Records are read and checked in parallel (rayon), a chunk at a
//! time so that a batch of any size needs the memory of one chunk, and the
//! reports are written in path order on stdout (or `-o FILE`), streamed:
//! for people a header line per record (its verdict and counts) with its
//! findings under it, then the batch summary (`--quiet`: the summary
//! only); the JSON document of `docs/checker.md`; a SARIF log; JUnit XML
//! (kept until the batch is done: its counts open it). `--report` also
//! writes the district report (HTML or XLSX, `crate::report`), which holds
//! every record's findings until the end. Problems with the command itself
//! go to stderr (`output_check`); a progress bar too, on a terminal.
//!
//! With `--plan NAME`, the plan of that name (in one of the `.hj` files) is
//! held against every record too: the procedure checked is the one the plan
//! is for (`--procedure`, when given, must name it), the plan's parameters
//! override the procedure's defaults, and its dates are checked
//! (`check::plan`). A plan with lint errors stops the check like a procedure
//! with errors.
//!
//! Each record is checked against the loaded procedure its `procedure` key
//! names (records of several procedures in one folder, with all their
//! `.hj` files given, are each checked against their own); `--procedure`
//! forces one for every record. A record naming a procedure that is not
//! loaded is one `data` finding (HJ311), or, with `--strict`, cannot be
//! used (exit 2). The plan, `--param` and the parameters of the default
//! procedure (the plan's, else `--procedure`'s, else the first file's)
//! apply to its records only; records of other procedures are checked with
//! their own defaults. Files that are well-formed but not records (huanjie's
//! own output, a document with no `procedure` and nothing else of a record)
//! are skipped with a note. The closing summary counts the records per
//! verdict and per procedure, and the files skipped (docs/checker.md).
//!
//! Exit status: 0 when every record conforms (warnings allowed), 1 when any
//! record has a violation, 2 when a record, the procedure or the plan cannot
//! be read or used (2 wins over 1).

use super::output::{emit, human_options_for, write_stderr, Format};
use super::output_check::{
    not_an_input, report_kind, CheckFormat, CheckOutputArgs, Progress, ReportKind, Sink,
};
use super::output_record::{Checked as CheckedRecord, Piece, Rendering};
use super::route::Routes;
use super::{choose, input, params, Global, Status};
use crate::check::batch::{json_close_batch, skipped_note, BatchSummary};
use crate::check::render::{json_open, VERSION};
use crate::check::{check, CheckOptions, Verdict};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Lang, Text};
use crate::record::{Loaded, MAX_RECORD_BYTES};
use crate::report::{html, junit, sarif, xlsx, RecordRow, Report};
use crate::resolve::Procedure;
use crate::span::{SourceMap, Span};
use crate::timing::Calendar;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How many records are read and checked together before their reports are
/// written.
const CHUNK: usize = 1024;

/// The stack of the checking threads (deep expressions recurse).
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Arguments of `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The procedure file (`.hj`)
    ///
    /// 程序文件（`.hj`）。
    #[arg(value_name = "PROCEDURE")]
    pub procedure_file: PathBuf,
    /// Records (`.toml`, `.json`; workbooks `.xlsx`, `.xls`, `.ods`, `.csv`), or directories searched recursively for them;
    /// further `.hj` files are procedures the first one includes
    ///
    /// 选举记录文件（`.toml`、`.json`；工作簿 `.xlsx`、`.xls`、`.ods`、`.csv`），或目录（递归查找其中的记录）；其他 `.hj` 文件是第一个程序所引入的程序。
    #[arg(required = true, value_name = "RECORD|DIR")]
    pub records: Vec<PathBuf>,
    #[command(flatten)]
    pub output: CheckOutputArgs,
    /// A holiday calendar replacing the built-in one (see docs/calendar.md)
    ///
    /// 替换内置节假日日历的文件（见 docs/calendar.md）。
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
    /// The procedure to check against [default: the plan's, else the procedure of the first file]
    ///
    /// 按哪一个程序检查（默认为计划所适用的程序，否则为第一个文件中的程序）。
    #[arg(long = "procedure", value_name = "NAME")]
    pub procedure_name: Option<String>,
    /// Also hold the records against this plan (in one of the `.hj` files); the procedure is then the one it is for
    ///
    /// 同时按此计划检查记录（计划须在所给的某个 `.hj` 文件中）；此时按计划所适用的程序检查。
    #[arg(long = "plan", value_name = "NAME")]
    pub plan_name: Option<String>,
    /// Set a parameter, e.g. `委托上限=3`: over the plan and the default; a record's `[params]` still win; repeatable
    ///
    /// 设定参数的值，如 `委托上限=3`：优先于计划和程序的默认值，记录中的 `[params]` 仍优先；可多次给出。
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// A record naming a procedure that is not loaded cannot be used (exit 2), instead of being a `data` finding
    ///
    /// 记录所属的程序未加载时，视为无法使用的记录（退出码 2），而不是一条数据问题。
    #[arg(long)]
    pub strict: bool,
    /// Also list, per record, the rules not checked for lack of data (with the values missing) and the manual checklist
    ///
    /// 逐份记录列出因缺少数据未核对的规则（及所缺的值）和须人工核对的事项。
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// What checking one file produced.
pub(super) enum Outcome {
    Checked {
        verdict: Verdict,
        /// The procedure it was checked against (or names, unloaded).
        procedure: Option<String>,
        /// Its piece of the output, its report row, its SARIF codes.
        piece: Box<Piece>,
    },
    /// Not a record: the path and why.
    Skipped(String, Text),
}

/// Everything one record's check needs, shared by the workers.
pub(super) struct Ctx<'a> {
    /// The procedure each record is checked against.
    routes: Routes<'a>,
    /// The default procedure (the JSON document's `procedure`).
    main: &'a Procedure,
    strict: bool,
    pub(super) base: &'a SourceMap,
    calendar: &'a Calendar,
    format: CheckFormat,
    lang: Lang,
    pub(super) render: Rendering,
}

fn usage_error(code: Code, message: Text, global: &Global, format: Format) -> Status {
    let d = Diagnostic::error(code, message);
    emit(&[d], &SourceMap::new(), format, global);
    Status::BadInput
}

fn calendar(args: &CheckArgs, global: &Global) -> Result<Calendar, Status> {
    let Some(path) = &args.holidays else {
        return Ok(Calendar::builtin());
    };
    let mut map = SourceMap::new();
    let format = args.output.format.diagnostics();
    let id = match input::load_file(path, &mut map) {
        Ok(id) => id,
        Err(d) => {
            emit(&[*d], &map, format, global);
            return Err(Status::BadInput);
        }
    };
    let text = map.get(id).map(|f| f.text.clone()).unwrap_or_default();
    Calendar::parse(&text).map_err(|e| {
        let name = path.display();
        let span = Span::new(id, e.span.start, e.span.end);
        let d = Diagnostic::error(
            Code::Unreadable,
            Text::new(
                format!("无法读取节假日日历 `{name}`：{}", e.message),
                format!("cannot read the holiday calendar `{name}`: {}", e.message),
            ),
        )
        .with_label(span, Text::new("此处有误", "here"));
        emit(&[d], &map, format, global);
        Status::BadInput
    })
}

/// Runs `check`.
pub fn run(args: &CheckArgs, global: &Global) -> Status {
    let format = args.output.format.diagnostics();
    let report = match args.output.report.as_deref().map(report_kind).transpose() {
        Ok(kind) => args.output.report.as_deref().zip(kind),
        Err(d) => {
            emit(&[*d], &SourceMap::new(), format, global);
            return Status::BadInput;
        }
    };
    let calendar = match calendar(args, global) {
        Ok(c) => c,
        Err(status) => return status,
    };
    // The procedure file, and any other procedure files among the paths
    // (a composite names procedures of other files).
    let is_procedure = |p: &PathBuf| p.extension().is_some_and(|e| e == "hj");
    let procedure_files: Vec<&PathBuf> = std::iter::once(&args.procedure_file)
        .chain(args.records.iter().filter(|p| is_procedure(p)))
        .collect();
    if !is_procedure(&args.procedure_file)
        && super::load::has_record_extension(&args.procedure_file)
    {
        let procs: Vec<&Path> = args
            .records
            .iter()
            .filter(|p| is_procedure(p))
            .map(PathBuf::as_path)
            .collect();
        let records: Vec<&Path> = std::iter::once(args.procedure_file.as_path())
            .chain(
                args.records
                    .iter()
                    .filter(|p| !is_procedure(p))
                    .map(PathBuf::as_path),
            )
            .collect();
        let d = super::load::check_in_wrong_order(&procs, &records);
        emit(&[d], &SourceMap::new(), format, global);
        return Status::BadInput;
    }
    let mut base = SourceMap::new();
    let procedure_files: Vec<PathBuf> = procedure_files.into_iter().cloned().collect();
    if let Err(unreadable) = super::load::procedures(&procedure_files, &mut base) {
        emit(&unreadable, &base, format, global);
        return Status::BadInput;
    }
    let first_file = input::first(&base);
    let outcome = crate::lint_with(&base, &calendar);
    let errors: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let program = match outcome.program {
        Some(p) if errors.is_empty() => p,
        _ => {
            let mut diags = errors;
            if let Some(first) = diags.first_mut() {
                first.notes.push(Text::new(
                    "程序有错误，无法据以检查记录；请先用 `huanjie lint` 修正",
                    "the procedure has errors, so records cannot be checked against it; fix them with `huanjie lint` first",
                ));
            }
            emit(&diags, &base, format, global);
            return Status::BadInput;
        }
    };
    let plan = match &args.plan_name {
        None => None,
        Some(name) => match program.plan(name) {
            Some((_, plan)) => Some(plan),
            None => {
                let known: Vec<&str> = program.plans.iter().map(|p| p.name.name.as_str()).collect();
                let hint = did_you_mean(name, known.iter().copied())
                    .map(did_you_mean_help)
                    .unwrap_or_else(|| {
                        let list: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
                        if list.is_empty() {
                            Text::new("", "")
                        } else {
                            Text::new(
                                format!("已有的计划：{}。", list.join("、")),
                                format!("Their plans: {}.", list.join(", ")),
                            )
                        }
                    });
                return usage_error(
                    Code::Undefined,
                    Text::new(
                        format!("所给的文件中没有名为 `{name}` 的计划。{}", hint.zh),
                        format!("the files define no plan `{name}`. {}", hint.en)
                            .trim_end()
                            .to_string(),
                    ),
                    global,
                    format,
                );
            }
        },
    };
    // The plan's procedure, when no other is named.
    let planned = plan.and_then(|p| program.procedures.get(p.procedure.0));
    let proc = match (&args.procedure_name, planned) {
        (None, Some(p)) => p,
        (name, _) => match choose::procedure(&program, name.as_deref(), first_file) {
            Ok(p) => p,
            Err(d) => {
                emit(&[*d], &base, format, global);
                return Status::BadInput;
            }
        },
    };
    if let (Some(plan), Some(for_proc)) = (plan, planned) {
        if for_proc.name.name != proc.name.name {
            let (p, a, b) = (&plan.name.name, &for_proc.name.name, &proc.name.name);
            return usage_error(
                Code::UnknownProcedure,
                Text::new(
                    format!("计划 `{p}` 适用于程序 `{a}`，不是 `{b}`"),
                    format!("the plan `{p}` is for the procedure `{a}`, not `{b}`"),
                ),
                global,
                format,
            );
        }
    }
    let records: Vec<PathBuf> = args
        .records
        .iter()
        .filter(|p| !is_procedure(p))
        .cloned()
        .collect();
    let (mut paths, special) = collect(&records);
    super::sheets::one_per_csv_folder(&mut paths);
    if args.output.format == CheckFormat::Human {
        for path in &special {
            let name = path.display();
            let note = Text::new(
                format!("注意：跳过 `{name}`：不是普通文件（命名管道、设备或套接字）"),
                format!("note: skipped `{name}`: not a regular file (a FIFO, device or socket)"),
            );
            write_stderr(&crate::diag::sanitise::for_terminal(&format!(
                "{}\n",
                note.get(global.lang())
            )));
        }
    }
    if paths.is_empty() {
        return usage_error(
            Code::Unreadable,
            Text::new(
                "没有找到记录文件（*.toml、*.json、*.xlsx、*.xls、*.ods、*.csv）",
                "no record files (*.toml, *.json, *.xlsx, *.xls, *.ods, *.csv) found",
            ),
            global,
            format,
        );
    }
    let mut options = plan.map_or_else(CheckOptions::default, CheckOptions::with_plan);
    match params::resolve(&args.params, proc, &mut base) {
        Ok(cli) => {
            if let Some(d) = params::contradiction(proc, &cli) {
                emit(&[d], &base, format, global);
                return Status::BadInput;
            }
            options.params.extend(cli);
            options.days_before = params::days_before(&args.params);
        }
        Err(errors) => {
            emit(&errors, &base, format, global);
            return Status::BadInput;
        }
    }
    // Never write over an input; open the output before any work.
    let inputs: Vec<&Path> = std::iter::once(args.procedure_file.as_path())
        .chain(args.records.iter().map(PathBuf::as_path))
        .chain(paths.iter().map(PathBuf::as_path))
        .collect();
    let outputs = args.output.output.iter().chain(&args.output.report);
    if let Some(d) = outputs
        .filter_map(|o| not_an_input(o, &inputs).err())
        .next()
    {
        emit(&[*d], &SourceMap::new(), format, global);
        return Status::BadInput;
    }
    let mut sink = match Sink::open(args.output.output.as_deref()) {
        Ok(s) => s,
        Err(d) => {
            emit(&[*d], &SourceMap::new(), format, global);
            return Status::BadInput;
        }
    };
    let forced = args.procedure_name.is_some();
    let routes = Routes::new(&program, proc, options, forced);
    let ctx = Ctx {
        routes,
        main: proc,
        strict: args.strict,
        base: &base,
        calendar: &calendar,
        format: args.output.format,
        lang: global.lang(),
        render: Rendering {
            format: args.output.format,
            quiet: args.output.quiet,
            verbose: args.verbose,
            human: human_options_for(global, sink.is_terminal()),
            lang: global.lang(),
            separator: args.output.district_separator.clone(),
            report: report.is_some(),
        },
    };
    let status = batch(&ctx, &paths, &mut sink);
    let status = match report {
        Some((path, kind)) => match write_report(path, kind, status.1) {
            Ok(()) => status.0,
            Err(d) => {
                emit(&[*d], &SourceMap::new(), Format::Human, global);
                Status::BadInput
            }
        },
        None => status.0,
    };
    match sink.finish() {
        Ok(()) => status,
        Err(d) => {
            emit(&[*d], &SourceMap::new(), Format::Human, global);
            Status::BadInput
        }
    }
}

/// Writes the district report.
fn write_report(path: &Path, kind: ReportKind, report: Report) -> Result<(), Box<Diagnostic>> {
    let bytes = match kind {
        ReportKind::Html => Ok(html::render(&report).into_bytes()),
        ReportKind::Xlsx => xlsx::render(&report).map_err(|e| std::io::Error::other(e.to_string())),
    };
    bytes
        .and_then(|b| std::fs::write(path, b))
        .map_err(|e| super::output_check::write_error(path, &e))
}

/// Checks every record, a chunk at a time, and writes the reports in order;
/// gives the status and the district report's data (its rows when one is
/// asked for).
fn batch(ctx: &Ctx<'_>, paths: &[PathBuf], sink: &mut Sink) -> (Status, Report) {
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build()
        .ok();
    let mut summary = BatchSummary::default();
    match ctx.format {
        CheckFormat::Json => sink.write(&json_open(&ctx.main.name.name)),
        CheckFormat::Sarif => sink.write(&sarif::open()),
        CheckFormat::Human | CheckFormat::Junit => {}
    }
    let progress = Progress::new(paths.len(), ctx.lang);
    let mut any = false;
    let mut rules = BTreeSet::new();
    let mut junit_cases = String::new();
    let mut rows: Vec<RecordRow> = Vec::new();
    for chunk in paths.chunks(CHUNK) {
        let each = |p: &PathBuf| {
            let o = match super::sheets::is_sheet(p) {
                true => super::sheets::workbook(ctx, p),
                false => vec![one(ctx, p)],
            };
            progress.inc();
            o
        };
        let work = || -> Vec<Outcome> { chunk.par_iter().flat_map_iter(each).collect() };
        let outcomes = match &pool {
            Some(pool) => pool.install(work),
            None => chunk.iter().flat_map(each).collect(),
        };
        let mut text = String::new();
        let mut complaints = String::new();
        for o in outcomes {
            let (verdict, procedure, piece) = match o {
                Outcome::Checked {
                    verdict,
                    procedure,
                    piece,
                } => (verdict, procedure, piece),
                Outcome::Skipped(path, why) => {
                    if ctx.format == CheckFormat::Human && !ctx.render.quiet {
                        if any {
                            text.push('\n');
                        }
                        text.push_str(&skipped_note(&path, &why, ctx.lang));
                        any = true;
                    }
                    summary.skip(&path, why);
                    continue;
                }
            };
            summary.add(verdict, procedure.as_deref());
            complaints.push_str(piece.complaint.as_deref().unwrap_or_default());
            rules.extend(piece.codes);
            rows.extend(piece.row);
            if piece.text.is_empty() {
                continue;
            }
            match ctx.format {
                CheckFormat::Json | CheckFormat::Sarif if any => text.push(','),
                CheckFormat::Human if any => text.push('\n'),
                _ => {}
            }
            if ctx.format == CheckFormat::Junit {
                junit_cases.push_str(&piece.text);
            } else {
                text.push_str(&piece.text);
            }
            any = true;
        }
        progress.suspend(|| {
            if !complaints.is_empty() {
                write_stderr(&complaints);
            }
            if !text.is_empty() {
                sink.write(&text);
            }
        });
    }
    progress.finish();
    let tally = summary.tally;
    // Every file skipped: nothing was checked, which must not pass as
    // "every record conforms".
    let status = if tally.invalid > 0 || tally.total() == 0 {
        Status::BadInput
    } else if tally.violations > 0 {
        Status::Problems
    } else {
        Status::Ok
    };
    let procedure = &ctx.main.name.name;
    match ctx.format {
        CheckFormat::Json => sink.write(&json_close_batch(any, &summary, ctx.lang)),
        CheckFormat::Sarif => {
            let ok = status != Status::BadInput;
            sink.write(&sarif::close(&rules, ctx.lang, VERSION, ok));
        }
        CheckFormat::Junit => sink.write(&junit::document(procedure, &tally, &junit_cases)),
        CheckFormat::Human => {
            let gap = if any { "\n" } else { "" };
            let line = format!("{gap}{}\n", summary.line(ctx.lang));
            sink.write(&crate::diag::sanitise::for_terminal(&line));
        }
    }
    let report = Report {
        version: VERSION,
        procedure: procedure.clone(),
        lang: ctx.lang,
        records: rows,
        summary,
    };
    (status, report)
}

/// Reads, loads, checks and renders one record (or skips a file that is
/// not one).
fn one(ctx: &Ctx<'_>, path: &Path) -> Outcome {
    let name = path.display().to_string();
    let mut map = ctx.base.clone();
    let loaded = read(path, &name, &mut map).and_then(|id| crate::record::load_or_skip(&map, id));
    judge(ctx, name, &map, loaded)
}

/// Checks and renders a record loaded as `name` into `map` (or skips a
/// file that is not one, or reports one that could not be read).
pub(super) fn judge(
    ctx: &Ctx<'_>,
    name: String,
    map: &SourceMap,
    loaded: Result<Loaded, Vec<Diagnostic>>,
) -> Outcome {
    let mut procedure = None;
    let mut readings = String::new();
    let mut coverage = None;
    let verbose_human = ctx.render.verbose && ctx.render.format == CheckFormat::Human;
    if let (Ok(Loaded::Record(record)), true) = (&loaded, verbose_human) {
        readings = super::sheets::normalised_lines(record, map, ctx.lang);
    }
    let text = |s: &Option<crate::record::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
    let (unit, district) = match &loaded {
        Ok(Loaded::Record(r)) => (text(&r.unit), text(&r.district)),
        _ => (None, None),
    };
    let (verdict, findings, diags) = match loaded {
        Ok(Loaded::NotARecord(why)) => return Outcome::Skipped(name, why),
        Ok(Loaded::Record(record)) => match ctx.routes.target(&record) {
            Ok(t) => {
                procedure = Some(t.proc.name.name.clone());
                let checked = check(t.proc, t.irs(), &record, ctx.calendar, &t.options);
                coverage = Some(checked.coverage);
                let findings = checked.findings;
                (Verdict::of(&findings), findings, Vec::new())
            }
            Err(f) => {
                procedure = Some(record.procedure.value.clone());
                if ctx.strict {
                    let d = crate::check::render::to_diagnostic(&f);
                    (Verdict::Invalid, Vec::new(), vec![d])
                } else {
                    (Verdict::Violations, vec![*f], Vec::new())
                }
            }
        },
        Err(mut diags) => {
            procedure_as_record(map, &name, &mut diags);
            (Verdict::Invalid, Vec::new(), diags)
        }
    };
    let checked = CheckedRecord {
        name: &name,
        unit: unit.as_deref(),
        district: district.as_deref(),
        procedure: procedure.as_deref(),
        verdict,
        findings: &findings,
        diags: &diags,
        coverage: coverage.as_ref(),
    };
    let mut piece = ctx.render.piece(&checked, map);
    if !piece.text.is_empty() && verdict != Verdict::Invalid {
        piece.text.push_str(&readings);
    }
    let piece = Box::new(piece);
    Outcome::Checked {
        verdict,
        procedure,
        piece,
    }
}

/// A record that cannot be read because it is a procedure (`huanjie check
/// A.hj B.toml` where B.toml holds `程序 …`): says so, in a note.
fn procedure_as_record(map: &SourceMap, name: &str, diags: &mut [Diagnostic]) {
    let Some((_, file)) = map.iter().last().filter(|(_, f)| f.name == name) else {
        return;
    };
    if super::load::looks_like_procedure(&file.text) {
        if let Some(d) = diags.first_mut() {
            d.notes.push(Text::new(
                format!(
                    "`{name}` 读起来是程序，不是选举记录：程序文件（.hj）写在最前面，记录写在其后"
                ),
                format!(
                    "`{name}` reads like a procedure, not an election record: procedure files \
                     (.hj) come first, records after them"
                ),
            ));
        }
    }
}

/// Reads a record file into `map` (bounded; invalid UTF-8 is reported at
/// the first bad byte).
fn read(
    path: &Path,
    name: &str,
    map: &mut SourceMap,
) -> Result<crate::span::FileId, Vec<Diagnostic>> {
    let unreadable = |why: Text| {
        vec![Diagnostic::error(
            Code::Unreadable,
            Text::new(
                format!("无法读取记录 `{name}`：{}", why.zh),
                format!("cannot read the record `{name}`: {}", why.en),
            ),
        )]
    };
    // Only a regular file: a FIFO would block `open` forever.
    let file = super::input::open_regular(path).map_err(|e| unreadable(e.reason()))?;
    let mut bytes = Vec::new();
    file.take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(io_reason(&e)))?;
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(vec![Diagnostic::error(
            Code::FileTooLarge,
            Text::new(
                format!("记录 `{name}` 超过 {MAX_RECORD_BYTES} 字节的上限"),
                format!("the record `{name}` is larger than the limit of {MAX_RECORD_BYTES} bytes"),
            ),
        )]);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(map.add(name, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = map.add(name, lossy);
            let span = Span::new(id, offset, offset + '\u{FFFD}'.len_utf8());
            Err(vec![Diagnostic::error(
                Code::InvalidUtf8,
                Text::new(
                    format!("记录 `{name}` 不是有效的 UTF-8 文本"),
                    format!("the record `{name}` is not valid UTF-8"),
                ),
            )
            .with_label(span, Text::new("第一个无效字节", "the first invalid byte"))
            .with_help(Text::new(
                "请将文件另存为 UTF-8 编码",
                "save the file as UTF-8",
            ))])
        }
    }
}

fn io_reason(e: &std::io::Error) -> Text {
    match e.kind() {
        std::io::ErrorKind::NotFound => Text::new("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => Text::new("没有读取权限", "permission denied"),
        _ => Text::new(format!("读取失败（{e}）"), e.to_string()),
    }
}

/// Whether a directory entry is a record file (`.toml`, `.json`, any case).
fn is_record(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json"))
        || super::sheets::is_sheet(path)
}

/// The record files named or found under the named directories, sorted
/// and without repeats. A directory that cannot be read is kept as a path
/// (it is then reported as unreadable). Second: the special files (FIFOs,
/// devices, sockets) with a record's name found under the directories,
/// skipped (one named on the command line is refused when read).
fn collect(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut out = Vec::new();
    let mut special = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, &mut out, &mut special);
        } else {
            out.push(a.clone());
        }
    }
    out.sort();
    out.dedup();
    special.sort();
    (out, special)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, special: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            out.push(d);
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(ty) = e.file_type() else {
                continue;
            };
            if ty.is_dir() {
                stack.push(path);
            } else if is_record(&path) && (ty.is_file() || path.is_file()) {
                out.push(path);
            } else if is_record(&path) && path.exists() {
                special.push(path);
            }
        }
    }
}
