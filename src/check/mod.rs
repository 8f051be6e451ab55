//! The checker: a record held against a compiled procedure. See
//! `docs/design/checker.md` and `docs/checker.md`.
//!
//! [`check`] is pure: it reads no file and never panics. It goes in this
//! order, and each step leaves out what an earlier one reported, so that one
//! root cause gives one finding:
//!
//! 1. the record's `procedure` must name the procedure (else one `data`
//!    finding, HJ311, and nothing else);
//! 2. the record is read against the procedure (`fit`): recorded stages to
//!    procedure stages (`unexpected_stage` for unknown names, `data` for a
//!    span that runs backwards), facts and parameters to their declarations,
//!    positions and their seats; then its integrity (`integrity`): numbers
//!    that cannot all be true, duplicate entries, votes for someone on no
//!    candidate list (HJ312–HJ314); the values it reports are then
//!    unusable, like missing ones, so the rules that read them do not
//!    report the same cause again;
//! 3. the parameters in force: defaults, then [`CheckOptions::params`],
//!    then the record's `[params]`;
//! 4. stage by stage in procedure order, whether the record must or must
//!    not show it (`stages`: `missing_stage`, `unexpected_stage`), and the
//!    election of its `elect` rules recomputed from its tally (`elect`), so
//!    that a later stage's `when shortfall(S) or tie(S)` is known;
//! 5. (the IR is compiled with the parameters in force);
//! 6. with a plan ([`CheckOptions::plan`]), the planned dates (`plan`):
//!    `deadline`;
//! 7. quorums and requirements (`rules`): `quorum`, `rule`;
//! 8. declared winners (`results`): `result`;
//! 9. values the record lacks (`gaps`): one `data` finding naming them all;
//! 10. timing constraints (`timing`): `order`, `deadline`, `duration` — last,
//!     because they are the only check the reading of "N 日前" reaches.
//!
//! When the procedure leaves readings open (contested parameters, "N 日前"),
//! the steps run once per combination of readings — the timing step once
//! per reading of "N 日前" over one pass of the others — and the results are
//! merged (`readings`, docs/design/contested.md): an error under some
//! readings only becomes the warning HJ310.
//!
//! Findings are sorted by their place in the record, then in the procedure.
//! Steps 4 and 6–8 also give every obligation of the procedure its status
//! for this record (`coverage`), and the procedure's manual check items
//! are listed for the inspector: [`Checked::coverage`].

mod about;
pub mod batch;
pub mod coverage;
pub mod coverage_text;
mod elect;
mod eval;
mod finding;
mod fit;
mod gaps;
mod integrity;
mod plan;
mod readings;
mod reads;
pub mod render;
mod results;
mod rounds;
mod rules;
mod stages;
mod text;
mod timing;
mod world;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_readings;

pub use coverage::{Coverage, Item, ItemKind, Status};
pub use finding::{sort, Finding, Kind};
pub(crate) use readings::combinations;
pub use readings::Dependence;

use crate::ast::Reading;
use crate::diag::Severity;
use crate::ir::{compile, ParamValues, ProcedureIr};
use crate::record::Record;
use crate::resolve::{ParamId, Plan, Procedure, StageId, Value};
use crate::timing::Calendar;
use std::borrow::Cow;

/// What the checker is told besides the record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckOptions {
    /// Parameter values set outside the record (a local plan, the command
    /// line). The record's own `[params]` override them; they override the
    /// procedure's defaults.
    pub params: Vec<(ParamId, Value)>,
    /// The plan the record is held against (`huanjie check --plan`): a plan
    /// for the procedure checked. Its dates are checked by `plan`; its
    /// parameters belong in `params` ([`CheckOptions::with_plan`]).
    pub plan: Option<Plan>,
    /// The reading of "N 日前" fixed outside the procedure (`--param
    /// 日前计法=间隔`), for the constraints that do not fix their own.
    pub days_before: Option<crate::ast::Reading>,
}

impl CheckOptions {
    /// The options of a check against `plan`: its dates, and its parameter
    /// values over the procedure's defaults (the record's `[params]` still
    /// override them).
    pub fn with_plan(plan: &Plan) -> CheckOptions {
        CheckOptions {
            params: plan.overrides(),
            plan: Some(plan.clone()),
            days_before: None,
        }
    }
}

/// The compiled procedure for the usual parameter values — `options`' and
/// each combination of contested readings — compiled once for a whole
/// batch; a record that overrides a parameter gets its own.
#[derive(Clone, Debug)]
pub struct IrCache {
    /// Per combination of contested readings: the parameter values, the
    /// IR compiled with them and its coverage items.
    irs: Vec<(ParamValues, ProcedureIr, about::Abouts)>,
}

impl IrCache {
    /// Compiles `proc` with the defaults and `options`' parameter values,
    /// under every combination of the contested parameters they leave open.
    pub fn new(proc: &Procedure, options: &CheckOptions) -> IrCache {
        let questions: Vec<_> = proc
            .questions()
            .into_iter()
            .filter(|q| !matches!(q.subject, crate::resolve::Subject::Param(p) if options.params.iter().any(|(id, _)| *id == p)))
            .collect();
        let mut irs: Vec<(ParamValues, ProcedureIr, about::Abouts)> = Vec::new();
        for combo in readings::combinations(&questions) {
            let run = readings::run(&questions, &combo);
            let mut all = options.params.clone();
            all.extend(run.params);
            let params = if all.is_empty() {
                ParamValues::defaults(proc)
            } else {
                ParamValues(proc.param_values(&all))
            };
            if !irs.iter().any(|(p, ..)| *p == params) {
                let ir = compile(proc, &params);
                let abouts = about::Abouts::new(proc, &ir);
                irs.push((params, ir, abouts));
            }
        }
        IrCache { irs }
    }

    /// The IR for `params`: a cached one when they are usual values.
    pub fn get(&self, proc: &Procedure, params: &ParamValues) -> Cow<'_, ProcedureIr> {
        match self.irs.iter().find(|(p, ..)| p == params) {
            Some((_, ir, _)) => Cow::Borrowed(ir),
            None => Cow::Owned(compile(proc, params)),
        }
    }

    /// The coverage items of `ir` (the IR [`IrCache::get`] gave for
    /// `params`): the cached ones when they are the usual values.
    fn abouts(
        &self,
        proc: &Procedure,
        params: &ParamValues,
        ir: &ProcedureIr,
    ) -> Cow<'_, about::Abouts> {
        match self.irs.iter().find(|(p, ..)| p == params) {
            Some((.., abouts)) => Cow::Borrowed(abouts),
            None => Cow::Owned(about::Abouts::new(proc, ir)),
        }
    }
}

/// What a check of one record gives: its findings, and what was (not)
/// checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub coverage: Coverage,
}

/// Every finding about `record` held against `proc` (see the module
/// documentation for the order of the checks), and the coverage of the
/// procedure's obligations. `irs` is the procedure compiled once for the
/// batch ([`IrCache::new`] with the same `options`).
pub fn check(
    proc: &Procedure,
    irs: &IrCache,
    record: &Record,
    calendar: &Calendar,
    options: &CheckOptions,
) -> Checked {
    if let Some(f) = fit::wrong_procedure(proc, record) {
        // Checked against nothing: no coverage.
        return Checked {
            findings: vec![f],
            coverage: Coverage::default(),
        };
    }
    let chosen = readings::chosen_by_record(proc, record, options);
    let mut checked = check_open(proc, irs, record, calendar, options);
    if !chosen.is_empty() {
        checked.findings.extend(chosen);
        sort(&mut checked.findings);
    }
    checked
}

/// [`check`] under every combination of the readings left open.
fn check_open(
    proc: &Procedure,
    irs: &IrCache,
    record: &Record,
    calendar: &Calendar,
    options: &CheckOptions,
) -> Checked {
    let questions = readings::open(proc, record, options);
    if questions.is_empty() {
        let mut one = check_under(proc, irs, record, calendar, options, &[], &[None]);
        return one.pop().unwrap_or_default();
    }
    // The reading of "N 日前" reaches only the timing check: one pass of
    // everything else per combination of the other questions, and the
    // timing check once per reading of "N 日前" (the last question, so the
    // runs come out in the order of `combinations`).
    let combos = readings::combinations(&questions);
    let days = questions
        .iter()
        .position(|q| q.subject == crate::resolve::Subject::DaysBefore);
    let readings_of_days: Vec<Option<Reading>> = match days.and_then(|i| questions.get(i)) {
        Some(q) => {
            let mut order: Vec<usize> = vec![q.default];
            order.extend((0..q.answers.len()).filter(|&a| a != q.default));
            order
                .into_iter()
                .filter_map(|a| match q.answers.get(a).map(|x| &x.choice) {
                    Some(crate::resolve::Choice::Reading(r)) => Some(Some(*r)),
                    _ => None,
                })
                .collect()
        }
        None => vec![None],
    };
    let mut runs = Vec::with_capacity(combos.len());
    for c in combos.iter().step_by(readings_of_days.len().max(1)) {
        let run = readings::run(&questions, c);
        runs.extend(check_under(
            proc,
            irs,
            record,
            calendar,
            options,
            &run.params,
            &readings_of_days,
        ));
    }
    readings::merge(&questions, &combos, runs)
}

/// Every finding about `record`, and the coverage, with the contested
/// parameter values `params`: one result per reading of "N 日前" in
/// `days_before` (`None`: each constraint's own), sharing every check but
/// the timing one.
fn check_under(
    proc: &Procedure,
    irs: &IrCache,
    record: &Record,
    calendar: &Calendar,
    options: &CheckOptions,
    params: &[(ParamId, Value)],
    days_before: &[Option<Reading>],
) -> Vec<Checked> {
    let mut out = Vec::new();
    let overrides: Cow<'_, [(ParamId, Value)]> = if params.is_empty() {
        Cow::Borrowed(&options.params)
    } else {
        let mut all = options.params.clone();
        all.extend(params.iter().cloned());
        Cow::Owned(all)
    };
    let (mut w, strays) = fit::build(proc, record, &overrides, &mut out);
    let mut gaps = gaps::Gaps::default();
    integrity::check(&mut w, &mut gaps, &mut out);
    let mut cov = Coverage::default();
    let ir = irs.get(proc, &w.params);
    let abouts = irs.abouts(proc, &w.params, &ir);
    let n = proc.stages.len();
    let mut outcomes = Vec::with_capacity(n);
    for i in 0..n {
        let s = StageId(i);
        stages::check(&mut w, &outcomes, s, &mut gaps, &mut out, &abouts, &mut cov);
        let o = elect::recompute(&w, &outcomes, s);
        results::note_gaps(&w, s, o.as_ref(), &mut gaps);
        outcomes.push(o);
    }
    if let Some(p) = &options.plan {
        plan::check(&w, p, &mut out);
    }
    rules::check(&w, &outcomes, &mut gaps, &mut out, &abouts, &mut cov);
    results::check(&w, &outcomes, &mut out, &abouts, &mut cov);
    coverage::manual_items(&w, &abouts, &mut cov);
    gaps.report(&w, &strays, &mut out);
    let mut results = Vec::with_capacity(days_before.len());
    for (i, r) in days_before.iter().enumerate() {
        w.days_before = r.or(options.days_before);
        // The last reading takes the shared findings; the others a copy.
        let (mut out, mut cov) = if i + 1 == days_before.len() {
            (std::mem::take(&mut out), std::mem::take(&mut cov))
        } else {
            (out.clone(), cov.clone())
        };
        timing::check(&w, &ir, calendar, &mut out, &abouts, &mut cov);
        sort(&mut out);
        one_finding_per_cause(&mut out);
        cov.sort();
        results.push(Checked {
            findings: out,
            coverage: cov,
        });
    }
    results
}

/// Folds a finding that says word for word what an earlier one says about
/// the same record value into that one: two constraints that fail for one
/// cause (`在 X 之后` and `自 X 之日起 N 日内` both reject a stage dated before
/// X) are one finding, labelled on the first of them; the other's legal
/// basis, when it differs, is kept as a note.
fn one_finding_per_cause(out: &mut Vec<Finding>) {
    let mut kept: Vec<Finding> = Vec::with_capacity(out.len());
    let mut first: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for f in out.drain(..) {
        let at = (f.record_span.file(), f.record_span.range());
        let key = (f.kind, f.stage.clone(), f.message.zh.clone(), at);
        match first.get(&key).and_then(|&i| kept.get_mut(i)) {
            Some(k) => {
                if let Some(b) = f.basis.filter(|b| k.basis.as_ref() != Some(b)) {
                    k.notes.push(crate::diag::Text::new(
                        format!("另据：{b}"),
                        format!("also per: {b}"),
                    ));
                }
            }
            None => {
                first.insert(key, kept.len());
                kept.push(f);
            }
        }
    }
    *out = kept;
}

/// The verdict on one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// No error (warnings allowed).
    Conforming,
    /// At least one error finding.
    Violations,
    /// The record could not be read.
    Invalid,
}

impl Verdict {
    /// The verdict of a record with these findings.
    pub fn of(findings: &[Finding]) -> Verdict {
        if findings.iter().any(|f| f.severity == Severity::Error) {
            Verdict::Violations
        } else {
            Verdict::Conforming
        }
    }

    /// The JSON spelling: `conforming`, `violations`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Conforming => "conforming",
            Verdict::Violations => "violations",
            Verdict::Invalid => "invalid",
        }
    }
}
