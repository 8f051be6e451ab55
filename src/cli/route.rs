//! Which procedure each record of a `check` batch is checked against: the
//! one `--procedure` forces, else the loaded procedure the record's
//! `procedure` names. Each procedure has its options (the plan and
//! `--param` belong to the default procedure only) and its IR, compiled
//! when a record first needs it (one per procedure, shared by the workers).
//! A record naming a procedure that is not loaded gets one HJ311 finding
//! that lists those loaded.

use crate::check::{CheckOptions, Finding, IrCache, Kind};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Text};
use crate::record::Record;
use crate::resolve::{Procedure, Program};
use std::sync::OnceLock;

/// A procedure records are checked against, with its options and its IR.
pub(super) struct Target<'a> {
    pub proc: &'a Procedure,
    pub options: CheckOptions,
    irs: OnceLock<IrCache>,
}

impl<'a> Target<'a> {
    fn new(proc: &'a Procedure, options: CheckOptions) -> Target<'a> {
        Target {
            proc,
            options,
            irs: OnceLock::new(),
        }
    }

    /// The procedure compiled with its options (once).
    pub fn irs(&self) -> &IrCache {
        self.irs
            .get_or_init(|| IrCache::new(self.proc, &self.options))
    }
}

/// The targets of a batch, one per procedure of the program.
pub(super) struct Routes<'a> {
    program: &'a Program,
    targets: Vec<Target<'a>>,
    /// The target every record is checked against (`--procedure`).
    forced: Option<usize>,
}

impl<'a> Routes<'a> {
    /// The routes of `program`: `main` (the default procedure) with
    /// `options`, every other procedure with its defaults; every record goes
    /// to `main` when `forced`.
    pub fn new(
        program: &'a Program,
        main: &Procedure,
        options: CheckOptions,
        forced: bool,
    ) -> Routes<'a> {
        let main = program
            .procedures
            .iter()
            .position(|p| p.name.name == main.name.name);
        let mut options = Some(options);
        let targets = program
            .procedures
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let own = if Some(i) == main {
                    options.take()
                } else {
                    None
                };
                Target::new(p, own.unwrap_or_default())
            })
            .collect();
        Routes {
            program,
            targets,
            forced: main.filter(|_| forced),
        }
    }

    /// The target `record` is checked against: the forced one, else the
    /// loaded procedure it names; else (`Err`) the HJ311 finding that says
    /// which procedures are loaded.
    pub fn target(&self, record: &Record) -> Result<&Target<'a>, Box<Finding>> {
        let procs = &self.program.procedures;
        let named = procs
            .iter()
            .position(|p| p.name.name == record.procedure.value);
        if let Some(t) = self.forced.or(named).and_then(|i| self.targets.get(i)) {
            return Ok(t);
        }
        Err(Box::new(not_loaded(procs, record)))
    }
}

/// HJ311 for a record whose procedure is not among `procs`.
fn not_loaded(procs: &[Procedure], record: &Record) -> Finding {
    let claimed = record.procedure.value.as_str();
    let loaded: Vec<String> = procs.iter().map(|p| format!("`{}`", p.name.name)).collect();
    let hint = did_you_mean(claimed, procs.iter().map(|p| p.name.name.as_str()));
    let mut f = Finding::error(
        Kind::Data,
        Text::new(
            format!("记录所属的程序 `{claimed}` 未加载，无法检查"),
            format!(
                "the record is for the procedure `{claimed}`, which is not loaded: it cannot be checked"
            ),
        ),
        record.procedure.span,
    )
    .with_code(Code::WrongProcedure)
    .with_expected(Text::new(
        format!("已加载的程序：{}", loaded.join("、")),
        format!("a loaded procedure: {}", loaded.join(", ")),
    ))
    .with_actual(Text::new(format!("`{claimed}`"), format!("`{claimed}`")))
    .with_note(Text::new(
        "把定义该程序的 `.hj` 文件一并传给 `huanjie check`，或更正记录的 `procedure`",
        "give `huanjie check` the `.hj` file that defines it too, or correct the record's `procedure`",
    ));
    if let Some(s) = hint {
        f = f.with_note(did_you_mean_help(s));
    }
    f
}
