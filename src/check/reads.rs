//! The record values a coverage item reads, derived from the procedure's
//! typed expressions and compiled constraints (not from a hand list).
//!
//! - An expression reads the facts it names (`Fact`, `StageFact`) and the
//!   stages it asks about (`happened`, `date`); `shortfall(S)` and `tie(S)`
//!   read S and what S's elect rules read.
//! - Whatever is about a stage reads the stage and what its `when`
//!   condition reads (the condition decides whether the stage is void).
//! - An elect rule reads its stage, its expression and every earlier stage
//!   with an elect rule (their winners fill seats first).
//! - A timing constraint reads the stages of its two points (a phase: all
//!   of its stages).

use super::coverage::Read;
use crate::ir::{PointKind, ProcedureIr};
use crate::resolve::{Builtin, Procedure, RuleKind, StageId, TExpr, TExprKind, Target};
use std::collections::BTreeSet;

/// Depth bound against a cycle of conditions (`when shortfall(S)` in S).
const MAX_DEPTH: usize = 16;

/// What `e` reads.
pub(crate) fn expr(proc: &Procedure, e: &TExpr, out: &mut BTreeSet<Read>) {
    walk(proc, e, out, 0);
}

fn walk(proc: &Procedure, e: &TExpr, out: &mut BTreeSet<Read>, depth: usize) {
    match &e.kind {
        TExprKind::Fact(f) => {
            out.insert(Read::Fact(*f));
        }
        TExprKind::StageFact(s, f) => {
            out.insert(Read::Fact(*f));
            stage_at(proc, *s, out, depth);
        }
        TExprKind::StageCall { func, target, .. } => {
            target_at(proc, *target, out, depth);
            if matches!(func, Builtin::Shortfall | Builtin::Tie) {
                if let Target::Stage(s) = target {
                    elect_at(proc, *s, out, depth);
                }
            }
        }
        TExprKind::Neg(x) | TExprKind::Not(x) => walk(proc, x, out, depth),
        TExprKind::Binary(_, a, b) | TExprKind::Compare(_, a, b) => {
            walk(proc, a, out, depth);
            walk(proc, b, out, depth);
        }
        TExprKind::Of { fraction, whole } => {
            walk(proc, fraction, out, depth);
            walk(proc, whole, out, depth);
        }
        TExprKind::Field { base, .. } => walk(proc, base, out, depth),
        TExprKind::Call { args, .. } => {
            for a in args {
                walk(proc, a, out, depth);
            }
        }
        TExprKind::Count { filter, .. } => {
            if let Some(f) = filter {
                walk(proc, f, out, depth);
            }
        }
        TExprKind::Quant { filter, body, .. } => {
            if let Some(f) = filter {
                walk(proc, f, out, depth);
            }
            walk(proc, body, out, depth);
        }
        TExprKind::Number(_)
        | TExprKind::Bool(_)
        | TExprKind::Text(_)
        | TExprKind::Date(_)
        | TExprKind::Param(_)
        | TExprKind::Position(_)
        | TExprKind::Var { .. }
        | TExprKind::ElemField { .. }
        | TExprKind::EnumValue(_)
        | TExprKind::Votes
        | TExprKind::Error => {}
    }
}

/// What anything about stage `s` reads: the stage and its condition.
pub(crate) fn stage(proc: &Procedure, s: StageId, out: &mut BTreeSet<Read>) {
    stage_at(proc, s, out, 0);
}

fn stage_at(proc: &Procedure, s: StageId, out: &mut BTreeSet<Read>, depth: usize) {
    if !out.insert(Read::Stage(s)) || depth > MAX_DEPTH {
        return;
    }
    if let Some(cond) = proc.stages.get(s.0).and_then(|st| st.when.as_ref()) {
        walk(proc, cond, out, depth + 1);
    }
}

fn target_at(proc: &Procedure, t: Target, out: &mut BTreeSet<Read>, depth: usize) {
    match t {
        Target::Stage(s) => stage_at(proc, s, out, depth),
        Target::Phase(p) => {
            if let Some(ph) = proc.phases.get(p.0) {
                for s in &ph.stages {
                    stage_at(proc, *s, out, depth);
                }
            }
        }
    }
}

/// What the election of stage `s` reads: the stage, its elect rules, and
/// every earlier stage's election.
pub(crate) fn elect(proc: &Procedure, s: StageId, out: &mut BTreeSet<Read>) {
    elect_at(proc, s, out, 0);
}

fn elect_at(proc: &Procedure, s: StageId, out: &mut BTreeSet<Read>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for (i, st) in proc.stages.iter().enumerate().take(s.0.saturating_add(1)) {
        let electing = st
            .rules
            .iter()
            .filter(|r| matches!(r.kind, RuleKind::Elect { .. }));
        let mut any = false;
        for r in electing {
            any = true;
            for e in r.exprs() {
                walk(proc, e, out, depth + 1);
            }
        }
        if any {
            stage_at(proc, StageId(i), out, depth + 1);
        }
    }
}

/// What a compiled constraint reads: the stages of its points.
pub(crate) fn constraint(
    proc: &Procedure,
    ir: &ProcedureIr,
    points: [usize; 2],
    out: &mut BTreeSet<Read>,
) {
    for p in points {
        match ir.points.get(p) {
            Some(PointKind::Start(t) | PointKind::End(t)) => target_at(proc, *t, out, 0),
            Some(PointKind::Origin) | None => {}
        }
    }
}
