//! Resolved procedure → [`ProcedureIr`].

use super::describe::{bound_text, edge_label};
use super::{Constraint, PointKind, ProcedureIr, Relation, Source, WorkingDays};
use crate::ast::{DayUnit, Endpoint, Reading};
use crate::resolve::{
    Amount, Cite, ParamId, PhaseId, Plan, Point, Procedure, StageId, Target, Timing, TimingKind,
    Value,
};
use crate::span::Span;
use chrono::NaiveDate;
use petgraph::graph::DiGraph;

/// The day number of a date: days since 1970-01-01.
pub fn day_number(d: NaiveDate) -> i64 {
    d.signed_duration_since(NaiveDate::default()).num_days()
}

/// The date of a day number (None outside the years 1–9999).
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    let d = NaiveDate::default().checked_add_signed(chrono::TimeDelta::try_days(n)?)?;
    let year = chrono::Datelike::year(&d);
    (crate::syntax::lexical::MIN_YEAR..=crate::syntax::lexical::MAX_YEAR)
        .contains(&year)
        .then_some(d)
}

/// The value of every parameter: its default, or a plan's override.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParamValues(pub Vec<Option<Value>>);

impl ParamValues {
    /// Every parameter at its default.
    pub fn defaults(proc: &Procedure) -> ParamValues {
        ParamValues(proc.params.iter().map(|p| p.value.clone()).collect())
    }

    /// The defaults, overridden by `plan`'s `param` items.
    pub fn for_plan(proc: &Procedure, plan: &Plan) -> ParamValues {
        ParamValues::with(proc, &plan.overrides())
    }

    /// The values when `overrides` replace some defaults (a plan's, the
    /// command line's, in that order): a default written in terms of an
    /// overridden parameter follows it.
    pub fn with(proc: &Procedure, overrides: &[(ParamId, Value)]) -> ParamValues {
        if overrides.is_empty() {
            return ParamValues::defaults(proc);
        }
        ParamValues(proc.param_values(overrides))
    }

    /// A whole number of days (or a count) given literally or by parameter.
    pub fn amount(&self, a: &Amount) -> Option<i64> {
        match a {
            Amount::Literal { value, .. } => i64::try_from(*value).ok(),
            Amount::Param { param, .. } => match self.0.get(param.0)? {
                Some(Value::Days(d)) => Some(*d),
                Some(Value::Count(n)) => i64::try_from(n).ok(),
                _ => None,
            },
            Amount::Invalid { .. } => None,
        }
    }
}

struct Builder<'p> {
    proc: &'p Procedure,
    params: &'p ParamValues,
    ir: ProcedureIr,
}

/// Compiles `proc` with the parameter values `params`.
///
/// Rules whose numbers are unknown (a parameter with an error) are left out:
/// the resolver has reported them.
pub fn compile(proc: &Procedure, params: &ParamValues) -> ProcedureIr {
    let stage_count = proc.stages.len();
    let mut points = vec![PointKind::Origin];
    let targets: Vec<Target> = (0..stage_count)
        .map(|i| Target::Stage(StageId(i)))
        .chain((0..proc.phases.len()).map(|i| Target::Phase(PhaseId(i))))
        .collect();
    for t in &targets {
        points.push(PointKind::Start(*t));
        points.push(PointKind::End(*t));
    }
    let mut graph = DiGraph::new();
    let stage_nodes = (0..stage_count)
        .map(|i| graph.add_node(Target::Stage(StageId(i))))
        .collect();
    let phase_nodes = (0..proc.phases.len())
        .map(|i| graph.add_node(Target::Phase(PhaseId(i))))
        .collect();
    let mut b = Builder {
        proc,
        params,
        ir: ProcedureIr {
            points,
            constraints: Vec::new(),
            graph,
            stage_nodes,
            phase_nodes,
            stage_count,
        },
    };
    for t in &targets {
        b.implicit(*t);
    }
    for (i, stage) in proc.stages.iter().enumerate() {
        for (k, timing) in stage.timing.iter().enumerate() {
            b.timing(Target::Stage(StageId(i)), k, timing);
        }
    }
    for (i, phase) in proc.phases.iter().enumerate() {
        for (k, timing) in phase.timing.iter().enumerate() {
            b.timing(Target::Phase(PhaseId(i)), k, timing);
        }
    }
    b.ir
}

impl Builder<'_> {
    fn name_span(&self, t: Target) -> Span {
        match t {
            Target::Stage(StageId(i)) => self.proc.stages.get(i).map(|s| s.name.span),
            Target::Phase(PhaseId(i)) => self.proc.phases.get(i).map(|p| p.name.span),
        }
        .unwrap_or(Span::Synthetic)
    }

    fn conditional(&self, t: Target) -> bool {
        match t {
            Target::Stage(StageId(i)) => self
                .proc
                .stages
                .get(i)
                .is_some_and(|s| s.optional.is_some() || s.when.is_some()),
            Target::Phase(_) => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        from: usize,
        to: usize,
        lo: Option<i64>,
        hi: Option<i64>,
        source: Source,
        span: Span,
        cite: Option<Cite>,
        working_days: Option<WorkingDays>,
    ) -> usize {
        let conditional = [from, to].iter().any(|p| match self.ir.points.get(*p) {
            Some(PointKind::Start(t)) | Some(PointKind::End(t)) => self.conditional(*t),
            _ => false,
        });
        let text = bound_text(self.proc, &self.ir.points, from, to, lo, hi, working_days);
        self.ir.constraints.push(Constraint {
            from,
            to,
            lo,
            hi,
            source,
            span,
            cite,
            text,
            working_days,
            conditional,
        });
        self.ir.constraints.len() - 1
    }

    fn implicit(&mut self, t: Target) {
        let span = self.name_span(t);
        let (s, e) = (self.ir.start(t), self.ir.end(t));
        self.push(s, e, Some(0), None, Source::Duration(t), span, None, None);
        if let Target::Phase(phase) = t {
            let stages = self
                .proc
                .phases
                .get(phase.0)
                .map(|p| p.stages.clone())
                .unwrap_or_default();
            for stage in stages {
                let st = Target::Stage(stage);
                let span = self.name_span(st);
                let src = Source::Contains { phase, stage };
                let (ss, se) = (self.ir.start(st), self.ir.end(st));
                self.push(s, ss, Some(0), None, src, span, None, None);
                self.push(se, e, Some(0), None, src, span, None, None);
            }
        }
    }

    fn point(&self, p: &Point, default: Endpoint) -> usize {
        match p.end.unwrap_or(default) {
            Endpoint::Start => self.ir.start(p.target),
            Endpoint::End => self.ir.end(p.target),
        }
    }

    fn edge(&mut self, earlier: Target, later: Target, constraint: usize, same_day: bool) {
        if let (Some(a), Some(b)) = (self.ir.node(earlier), self.ir.node(later)) {
            let label = self
                .ir
                .constraints
                .get(constraint)
                .map(|c| edge_label(c, same_day))
                .unwrap_or_else(|| crate::diag::Text::new("", ""));
            self.ir.graph.add_edge(
                a,
                b,
                Relation {
                    constraint,
                    same_day,
                    label,
                },
            );
        }
    }

    fn timing(&mut self, subject: Target, index: usize, timing: &Timing) {
        let src = Source::Timing { subject, index };
        let span = timing.span;
        let cite = timing.cite.clone();
        let (s_start, s_end) = (self.ir.start(subject), self.ir.end(subject));
        let o = ProcedureIr::ORIGIN;
        let extra = |reading: Reading| match reading {
            Reading::Subtractive => 0,
            Reading::Exclusive => 1,
        };
        match &timing.kind {
            TimingKind::After(r) => {
                let from = self.point(r, Endpoint::End);
                let c = self.push(from, s_start, Some(0), None, src, span, cite, None);
                self.edge(r.target, subject, c, false);
            }
            TimingKind::Before(r) => {
                let to = self.point(r, Endpoint::Start);
                let c = self.push(s_end, to, Some(0), None, src, span, cite, None);
                self.edge(subject, r.target, c, false);
            }
            TimingKind::SameDay(r) => {
                let from = self.point(r, Endpoint::Start);
                let c = self.push(from, s_start, Some(0), Some(0), src, span, cite, None);
                self.edge(r.target, subject, c, true);
            }
            TimingKind::Within { days, unit, after } => {
                let Some(n) = self.params.amount(days) else {
                    return;
                };
                let from = self.point(after, Endpoint::End);
                let working = (*unit == DayUnit::Working).then_some(WorkingDays {
                    min: None,
                    max: Some(n),
                });
                let hi = if working.is_some() { None } else { Some(n) };
                self.push(from, s_start, Some(0), None, src, span, cite.clone(), None);
                let c = self.push(from, s_end, None, hi, src, span, cite, working);
                self.edge(after.target, subject, c, false);
            }
            TimingKind::AtLeastBefore {
                days, of, reading, ..
            } => {
                let Some(n) = self.params.amount(days) else {
                    return;
                };
                let to = self.point(of, Endpoint::Start);
                let lo = n.saturating_add(extra(*reading));
                let c = self.push(s_end, to, Some(lo), None, src, span, cite, None);
                self.edge(subject, of.target, c, false);
            }
            TimingKind::NoEarlierThanBefore {
                days, of, reading, ..
            } => {
                let Some(n) = self.params.amount(days) else {
                    return;
                };
                let to = self.point(of, Endpoint::Start);
                let hi = n.saturating_add(extra(*reading));
                let c = self.push(s_start, to, None, Some(hi), src, span, cite, None);
                self.edge(subject, of.target, c, false);
            }
            TimingKind::Between(a, b) => {
                let (a, b) = (day_number(*a), day_number(*b));
                self.push(o, s_start, Some(a), None, src, span, cite.clone(), None);
                self.push(o, s_end, None, Some(b), src, span, cite, None);
            }
            TimingKind::NotBefore(d) => {
                self.push(
                    o,
                    s_start,
                    Some(day_number(*d)),
                    None,
                    src,
                    span,
                    cite,
                    None,
                );
            }
            TimingKind::NotAfter(d) => {
                self.push(o, s_end, None, Some(day_number(*d)), src, span, cite, None);
            }
            TimingKind::Lasts { min, max, unit } => {
                let lo = min.as_ref().and_then(|m| self.params.amount(m));
                let hi = max.as_ref().and_then(|m| self.params.amount(m));
                let working =
                    (*unit == DayUnit::Working).then_some(WorkingDays { min: lo, max: hi });
                // A span of N days (both ends counted) has end − start = N − 1;
                // N working days span at least N calendar days.
                let lo = lo.map(|n| n.saturating_sub(1));
                let hi = if working.is_some() {
                    None
                } else {
                    hi.map(|n| n.saturating_sub(1))
                };
                self.push(s_start, s_end, lo, hi, src, span, cite, working);
            }
        }
    }
}
