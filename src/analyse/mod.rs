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

use crate::diag::Diagnostic;
use crate::ir::{compile, ParamValues, ProcedureIr};
use crate::resolve::{Procedure, Program};
use crate::timing::Calendar;

/// Analyses every procedure and plan of a resolved program.
pub fn program(program: &Program, calendar: &Calendar) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for proc in &program.procedures {
        let ir = compile(proc, &ParamValues::defaults(proc));
        diags.extend(procedure(proc, &ir));
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
