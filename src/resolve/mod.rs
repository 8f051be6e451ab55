//! Names and types: the parsed files become one [`Program`] in which every
//! name is an id and every expression is typed.
//!
//! Resolution collects every error it finds (never only the first) and
//! avoids cascades: an expression with an error has the type `error`, which
//! fits everywhere.
//!
//! # Names
//!
//! - Procedure names are unique across all files, and so are plan names.
//! - In one procedure, positions, facts (of the procedure and of its
//!   stages), parameters, phases and stages share one namespace; bases have
//!   their own. A name defined twice is reported at both places. A stage's
//!   facts are named within their stage: two stages may each have a fact of
//!   one name.
//! - A stage's own facts are visible unqualified in that stage (its rules and
//!   its `when`); elsewhere they are written `STAGE.fact`.
//! - Inside an expression a name is looked up from the inside out:
//!   quantifier variables and the fields of the element a `count` filter
//!   speaks of, innermost first; the current stage's facts; the procedure's
//!   facts, parameters and positions; in an `elect` rule, the fields of the
//!   candidate being judged (`elect if votes > 1/2 of 参加投票 and not
//!   disqualified`); last the enumeration values (`male`/`男`,
//!   `female`/`女`, `preliminary`/`初步`, `formal`/`正式`). A name found
//!   nowhere is undefined (with "did you mean" over every name in scope).
//! - `include PROCEDURE as NS` copies the included procedure in, its names
//!   written `NS.NAME` (`NS.STAGE.fact` for a stage's fact); the alias is a
//!   name of the namespace. `stage NS.X { … }` adds constraints to a copied
//!   stage. See [`include`].
//! - A quantifier's variable must not reuse a name in scope.
//! - `happened`, `date`, `shortfall` and `tie` take a stage name (the first
//!   two also a phase); `shortfall` and `tie` need a stage with an `elect`
//!   rule, and a stage's `when` cannot refer to the stage itself.
//! - `per BASIS` cites a declared basis (in a plan: the plan's bases, then
//!   the procedure's); a basis nobody cites is a warning.
//!
//! # Types
//!
//! `count` (whole numbers of people, ballots, seats), `days`, `date`, `bool`,
//! `text`, `ratio` (an exact fraction: `1/2`, `二分之一`, `20%`, `0.5`),
//! `number` (the exact rational result of `×`, `÷`, `of`), the enumerations
//! `gender` and `list kind`, and the elements of the collections
//! (`candidate`, `position`, `proxy`, `voter`, `winner`, `excluded member`).
//!
//! An integer literal is a count, except where a number of days is expected
//! (`date(投票选举) + 10`, `期限 <= 10`, a `days` parameter), where it is a
//! number of days. Arithmetic:
//!
//! | operation | result |
//! | --- | --- |
//! | count ± count, count × count | count |
//! | ratio ± ratio | ratio |
//! | any other numeric ± × ÷ numeric, `X of Y` | number |
//! | days ± days, count × days | days |
//! | date ± days | date |
//! | date − date | days |
//! | `and`, `or`, `not` on bool | bool |
//!
//! Anything else (count + days, date + count, …) is a unit mismatch.
//! Comparisons: numbers with numbers (count, ratio, number in any mix), days
//! with days, dates with dates; `=` and `!=` also compare text, bool, enum
//! values of one enumeration and elements of one collection.
//! `is a majority of` / `过半数` compares numbers only.
//!
//! # Evaluation
//!
//! Evaluation is exact: counts and days are integers (`BigInt`), ratios and
//! numbers are rationals (`BigRational`); there are no floats anywhere, so
//! `1/3 of 3000` is exactly 1000 and comparisons never round.
//!
//! - The legal comparatives keep their statutory meaning (民法典 第一千二百
//!   五十九条): `>=` (以上, 不少于, 不低于, at least) includes the number, `>`
//!   (超过, 多于, more than) excludes it; `<=` (以下, 以内, 不超过) includes,
//!   `<` (不满, 不足, less than) excludes.
//! - `a is a majority of b` (`a 过半数 b`) holds when `2a > b`: strictly
//!   more than half. `a > 1/2 of b` is the same test written as a fraction.
//! - `X of Y` (`Y 的 X`) is the product `X × Y`, kept exact: `参加投票 > 1/2
//!   of 登记选民` with 1000 of 2000 fails, and 1001 is the least that passes.
//! - `ceil(x)` is the least integer ≥ x, `floor(x)` the greatest ≤ x
//!   (`ceil(120% of 7)` = 9); `min` and `max` pick one argument.
//! - `date ± n` moves by n calendar days; `date − date` is the number of days
//!   between them (`2021-01-28 − 2021-01-08` = 20).
//! - `count(C where F)` is the number of elements of C for which F holds;
//!   `for each C v: E` holds when E holds for every v (vacuously for none),
//!   `exists C v: E` when it holds for at least one.
//! - A parameter's default is a constant (literals, other parameters and
//!   arithmetic on them), evaluated once exactly; a plan's override is
//!   evaluated with the other parameters at their defaults, and
//!   [`Procedure::param_values`] re-evaluates the defaults under overrides.

mod call;
mod contested;
mod dump;
mod eval;
mod expr;
mod include;
mod include_limits;
pub use include_limits::{MAX_INCLUDED_BYTES, MAX_INCLUDE_DEPTH};
mod lookup;
mod msg;
pub(crate) use msg::no_such_param;
mod plan;
mod procedure;
mod program;
mod relocate;
mod ruleset;
mod scope;
mod types;
mod values;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_expr;
#[cfg(test)]
mod tests_include;
#[cfg(test)]
mod tests_include_limits;

pub use contested::{Answer, Choice, Question, Subject, DAYS_BEFORE};
pub use program::*;
pub use types::{Builtin, Coll, EnumKind, EnumValue, Field, FieldDef, Type};

use crate::ast;
use crate::diag::{Diagnostic, Text};
use crate::span::{FileId, Span};
use scope::Scope;
use std::collections::HashMap;

/// Resolves and type-checks parsed files together: a plan in one file may
/// date a procedure in another, and a procedure may include one from
/// another file.
pub fn resolve(files: &[(FileId, ast::File)]) -> (Program, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Applied rule sets become ordinary rules first.
    let (expanded, expansion) = ruleset::expand(files, &mut diags);
    let files = expanded.as_slice();
    let mut names: HashMap<&str, (ProcId, Span)> = HashMap::new();
    let mut asts: Vec<(FileId, &ast::Procedure)> = Vec::new();
    for (file, f) in files {
        for item in &f.items {
            if let ast::Item::Procedure(p) = item {
                declare(
                    &mut names,
                    &p.name,
                    ProcId(asts.len()),
                    &mut diags,
                    procedure_help(),
                );
                asts.push((*file, p));
            }
        }
    }
    // Included procedures first: their resolved form is copied.
    let bare: Vec<&ast::Procedure> = asts.iter().map(|(_, p)| *p).collect();
    let mut order = include::order(&bare, &names, &mut diags);
    include_limits::enforce(&bare, &mut order, &mut diags);
    let mut resolved: Vec<Option<Procedure>> = asts.iter().map(|_| None).collect();
    let mut slots: Vec<Option<(Scope<'_>, Vec<bool>)>> = asts.iter().map(|_| None).collect();
    for &i in &order.order {
        let (Some((file, p)), Some(targets)) = (asts.get(i), order.targets.get(i)) else {
            continue;
        };
        let imported = include::import(p, *file, targets, &resolved);
        let broken: Vec<&str> = imported.broken.iter().map(String::as_str).collect();
        let scope = Scope::collect(p, &imported.base, &broken, &mut diags);
        let (procedure, used) = procedure::resolve(*file, &scope, imported, &mut diags);
        if let (Some(r), Some(s)) = (resolved.get_mut(i), slots.get_mut(i)) {
            *r = Some(procedure);
            *s = Some((scope, used));
        }
    }
    let procedures: Vec<Procedure> = resolved.into_iter().flatten().collect();
    let (scopes, mut used): (Vec<Scope<'_>>, Vec<Vec<bool>>) = slots.into_iter().flatten().unzip();
    let mut plans = Vec::new();
    let mut plan_names: HashMap<&str, (ProcId, Span)> = HashMap::new();
    let mut procs = plan::Procs {
        names: &names,
        scopes: &scopes,
        procedures: &procedures,
        used: &mut used,
    };
    for (file, f) in files {
        for item in &f.items {
            let ast::Item::Plan(p) = item else {
                continue;
            };
            let help = Text::new(
                "计划的名称在所有文件中必须唯一",
                "plan names are unique across all files",
            );
            declare(&mut plan_names, &p.name, ProcId(0), &mut diags, help);
            plans.extend(plan::resolve(*file, p, &mut procs, &mut diags));
        }
    }
    for (scope, used) in scopes.iter().zip(&used) {
        for (i, b) in scope.basis.iter().enumerate() {
            let Some(b) = b.ast else {
                continue;
            };
            let first = scope
                .bases
                .get(b.name.name.as_str())
                .is_some_and(|(id, _)| id.0 == i);
            let in_set = expansion
                .cited
                .get(&scope.proc.name.name)
                .is_some_and(|c| c.contains(&b.name.name));
            if first && !in_set && !used.get(i).copied().unwrap_or(true) {
                diags.push(msg::unused_basis(&b.name));
            }
        }
    }
    (Program { procedures, plans }, diags)
}

fn procedure_help() -> Text {
    Text::new(
        "程序的名称在所有文件中必须唯一",
        "procedure names are unique across all files",
    )
}

/// Declares a procedure or plan name, reporting a second declaration.
fn declare<'a>(
    names: &mut HashMap<&'a str, (ProcId, Span)>,
    name: &'a ast::Ident,
    id: ProcId,
    diags: &mut Vec<Diagnostic>,
    help: Text,
) {
    match names.get(name.name.as_str()) {
        Some((_, first)) => diags.push(msg::duplicate(&name.name, name.span, Some(*first), help)),
        None => {
            names.insert(&name.name, (id, name.span));
        }
    }
}
