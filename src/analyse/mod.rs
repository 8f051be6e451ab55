//! Static analysis of compiled procedures and plans (the part of `lint`
//! after names and types): contradictory timing, precedence cycles, stages
//! with no relation to the rest, required stages hanging on optional ones,
//! conditions that can never hold, and — for plans — every planned date
//! against the procedure and the plan's window.
//!
//! Everything here reads the IR and reports [`Diagnostic`]s; nothing is
//! printed or read from files.

mod cycle;
mod plan;
mod structure;

pub use cycle::{contradiction, ExtraTag};

use crate::diag::{Code, Diagnostic};
use crate::ir::{compile, ParamValues, ProcedureIr};
use crate::resolve::{Procedure, Program};
use crate::timing::Calendar;
use std::collections::HashSet;

/// Where a label points: file and byte range ([`crate::span::Span::sort_key`]).
type SpanKey = (u32, u32, u32);

/// Analyses every procedure and plan of a resolved program.
///
/// A procedure that includes others holds copies of their stages, so a
/// finding about an included procedure would be found again in it: such a
/// repeat (the same code at the same places) is reported once, for the
/// included procedure.
pub fn program(program: &Program, calendar: &Calendar) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashSet<(Code, Vec<SpanKey>)> = HashSet::new();
    let mut procs: Vec<&Procedure> = program.procedures.iter().collect();
    procs.sort_by_key(|p| p.includes.len());
    for proc in procs {
        let ir = compile(proc, &ParamValues::defaults(proc));
        for d in procedure(proc, &ir) {
            let key = d.labels.iter().map(|l| l.span.sort_key()).collect();
            if seen.insert((d.code, key)) {
                diags.push(d);
            }
        }
    }
    for plan in &program.plans {
        if let Some(proc) = program.procedures.get(plan.procedure.0) {
            diags.extend(plan::plan(proc, plan, calendar));
        }
    }
    diags
}

/// The static checks of one procedure.
pub fn procedure(proc: &Procedure, ir: &ProcedureIr) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    match ir.network().consistency() {
        Err(cycle) => diags.push(contradiction(proc, ir, &cycle, &[])),
        Ok(()) => diags.extend(structure::precedence_cycles(proc, ir)),
    }
    diags.extend(structure::unconnected(proc, ir));
    diags.extend(structure::required_after_optional(proc));
    diags.extend(structure::never_holds(proc));
    diags
}
