//! Plans: a procedure bound to dates, with its own bases and parameter
//! overrides.

use super::eval::{self, EvalError, Fixed};
use super::expr::Checker;
use super::msg;
use super::program::{
    Basis, BasisId, BasisRef, Cite, IncludedWindow, Plan, PlanDate, PlanParam, ProcId, Procedure,
    TExpr, TExprKind, Value, Window,
};
use super::scope::{declare_basis, Scope};
use super::types::Type;
use crate::ast;
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::span::{FileId, Span};
use num_rational::BigRational;
use std::collections::HashMap;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// What plans need to know about the procedures.
pub(crate) struct Procs<'r, 'a> {
    pub names: &'r HashMap<&'a str, (ProcId, Span)>,
    pub scopes: &'r [Scope<'a>],
    pub procedures: &'r [Procedure],
    /// Which bases of each procedure something cites.
    pub used: &'r mut [Vec<bool>],
}

/// Resolves a plan; `None` when its procedure does not exist.
pub(crate) fn resolve(
    file: FileId,
    plan: &ast::Plan,
    procs: &mut Procs<'_, '_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let mut bases = HashMap::new();
    let mut basis_asts = Vec::new();
    for item in &plan.items {
        if let ast::PlanItem::Basis(b) = item {
            declare_basis(&mut bases, b, BasisId(basis_asts.len()), diags);
            basis_asts.push(b);
        }
    }
    let Some((pid, _)) = procs.names.get(plan.procedure.name.as_str()).copied() else {
        let s = did_you_mean(&plan.procedure.name, procs.names.keys().copied());
        diags.push(msg::unknown_procedure(&plan.procedure, s));
        return None;
    };
    let (Some(scope), Some(proc)) = (procs.scopes.get(pid.0), procs.procedures.get(pid.0)) else {
        return None;
    };
    let mut r = PlanResolver {
        scope,
        bases: &bases,
        used: vec![false; basis_asts.len()],
        proc_used: procs.used.get_mut(pid.0),
        diags,
    };
    let mut window: Option<super::program::Window> = None;
    let mut overall: Vec<Window> = Vec::new();
    let mut params: Vec<PlanParam> = Vec::new();
    let mut dates: Vec<PlanDate> = Vec::new();
    let mut included: Vec<IncludedWindow> = Vec::new();
    for item in &plan.items {
        match item {
            ast::PlanItem::Basis(_) => {}
            ast::PlanItem::Window {
                from,
                to,
                per,
                span,
            } => {
                if from.date > to.date {
                    r.diags.push(msg::empty_range(
                        (from.span, from.date.to_string()),
                        (to.span, to.date.to_string()),
                    ));
                }
                let cite = r.cite(per);
                match &window {
                    Some(w) => {
                        let d = Diagnostic::error(
                            crate::diag::Code::Duplicate,
                            t("计划的期限重复设定", "the plan's window is given twice"),
                        )
                        .with_label(*span, t("再次设定于此", "given again here"))
                        .with_label(w.span, t("首次设定于此", "first given here"))
                        .with_help(t("一个计划只能有一个期限", "a plan has one window"));
                        r.diags.push(d);
                    }
                    None => {
                        window = Some(Window {
                            from: from.date,
                            to: to.date,
                            cite,
                            span: from.span.to(to.span),
                        })
                    }
                }
            }
            ast::PlanItem::Param {
                name,
                value,
                per,
                span,
            } => {
                let cite = r.cite(per);
                let Some((param, decl)) = proc.param(&name.name) else {
                    if scope.silent(&name.name) {
                        continue;
                    }
                    let names: Vec<&str> =
                        proc.params.iter().map(|p| p.name.name.as_str()).collect();
                    let s = did_you_mean(&name.name, names);
                    r.diags.push(msg::unknown_param(name, &proc.name.name, s));
                    continue;
                };
                if let Some(first) = params.iter().find(|p| p.param == param) {
                    let help = t("每个参数只能覆盖一次", "override each parameter once");
                    r.diags.push(msg::duplicate(
                        &name.name,
                        name.span,
                        Some(first.name_span),
                        help,
                    ));
                    continue;
                }
                // A contested parameter takes the name of a reading, quoted:
                // `参数 到会须超过比例 = "超过五分之四"`.
                let reading = match &value.kind {
                    ast::ExprKind::Text(label) => decl
                        .readings
                        .iter()
                        .find(|x| x.label.name == *label)
                        .and_then(|x| x.value.clone()),
                    _ => None,
                };
                if let Some(v) = reading {
                    params.push(PlanParam {
                        param,
                        expr: literal(&v, decl.ty, value.span),
                        value: Some(v),
                        cite,
                        name_span: name.span,
                        span: *span,
                    });
                    continue;
                }
                let before = r.diags.len();
                let mut next_var = 0;
                let mut ck = Checker::new(scope, r.diags, &mut next_var);
                ck.constant = true;
                let expr = ck.value(value, decl.ty);
                let value = if r.diags.len() == before {
                    let defaults: Vec<_> = proc.params.iter().map(|p| p.value.clone()).collect();
                    match eval::eval(&expr, &mut Fixed(&defaults)) {
                        Ok(v) => Some(eval::conform(v, decl.ty)),
                        Err(EvalError::DivisionByZero(s)) => {
                            r.diags.push(msg::division_by_zero(s));
                            None
                        }
                        Err(EvalError::Overflow(s)) => {
                            r.diags.push(msg::overflow(s));
                            None
                        }
                        Err(_) => None,
                    }
                } else {
                    None
                };
                params.push(PlanParam {
                    param,
                    expr,
                    value,
                    cite,
                    name_span: name.span,
                    span: *span,
                });
            }
            ast::PlanItem::Date {
                target,
                from,
                to,
                per,
                span: _,
            } => {
                let cite = r.cite(per);
                // A span that runs backwards is a slip in the plan, not in
                // its names: `analyse` reports it (HJ501) with the dates.
                if target.name == proc.name.name {
                    // The procedure itself: the span of the whole election,
                    // which every stage must fall in.
                    overall.push(Window {
                        from: from.date,
                        to: to.as_ref().map_or(from.date, |d| d.date),
                        cite,
                        span: target.span.to(to.as_ref().map_or(from.span, |d| d.span)),
                    });
                    continue;
                }
                if let Some((include, _)) = proc.include(&target.name) {
                    // An included procedure as a whole: the span its stages
                    // and phases fall in.
                    let window = Window {
                        from: from.date,
                        to: to.as_ref().map_or(from.date, |d| d.date),
                        cite,
                        span: target.span.to(to.as_ref().map_or(from.span, |d| d.span)),
                    };
                    match included.iter().find(|w| w.include == include) {
                        Some(first) => r.diags.push(msg::duplicate(
                            &target.name,
                            target.span,
                            Some(first.window.span),
                            twice(),
                        )),
                        None => included.push(IncludedWindow { include, window }),
                    }
                    continue;
                }
                let Some(tg) = scope.target(&target.name) else {
                    if !scope.silent(&target.name) {
                        let s = did_you_mean(&target.name, scope.stage_and_phase_names());
                        r.diags.push(msg::unknown_stage(target, s));
                    }
                    continue;
                };
                if let Some(first) = dates.iter().find(|d| d.target == tg) {
                    let help = t(
                        "每个阶段或环节在计划中只能安排一次日期",
                        "each stage or phase is dated once in a plan",
                    );
                    r.diags.push(msg::duplicate(
                        &target.name,
                        target.span,
                        Some(first.target_span),
                        help,
                    ));
                    continue;
                }
                dates.push(PlanDate {
                    target: tg,
                    target_span: target.span,
                    from: from.date,
                    to: to.as_ref().map(|d| d.date),
                    cite,
                    span: target.span.to(to.as_ref().map_or(from.span, |d| d.span)),
                });
            }
        }
    }
    for (i, b) in basis_asts.iter().enumerate() {
        let declared_here = bases
            .get(b.name.name.as_str())
            .is_some_and(|(id, _)| id.0 == i);
        if declared_here && !r.used.get(i).copied().unwrap_or(true) {
            r.diags.push(msg::unused_basis(&b.name));
        }
    }
    Some(Plan {
        name: plan.name.clone(),
        title: plan.title.as_ref().map(|s| s.value.clone()),
        file,
        procedure: pid,
        procedure_span: plan.procedure.span,
        bases: basis_asts
            .iter()
            .map(|b| Basis {
                name: b.name.clone(),
                title: b.title.value.clone(),
                span: b.span,
            })
            .collect(),
        window,
        overall,
        included,
        params,
        dates,
        span: plan.span,
    })
}

fn twice() -> Text {
    t(
        "每个引入的程序在计划中只能安排一次起止日期",
        "each included procedure is dated once in a plan",
    )
}

struct PlanResolver<'r, 'a> {
    scope: &'r Scope<'a>,
    bases: &'r HashMap<String, (BasisId, Span)>,
    used: Vec<bool>,
    proc_used: Option<&'r mut Vec<bool>>,
    diags: &'r mut Vec<Diagnostic>,
}

impl PlanResolver<'_, '_> {
    /// A plan's `per` cites the plan's bases first, then the procedure's.
    fn cite(&mut self, per: &Option<ast::Per>) -> Option<Cite> {
        let per = per.as_ref()?;
        let name = per.basis.name.as_str();
        let Some(basis) = self.mark(name) else {
            let known = self.bases.keys().chain(self.scope.bases.keys());
            let known = known.map(String::as_str);
            let s = did_you_mean(name, known);
            self.diags.push(msg::unknown_basis(&per.basis, s));
            // The basis meant is cited: no "unused" warning on top.
            if let Some(s) = s {
                self.mark(s);
            }
            return None;
        };
        Some(Cite {
            basis,
            clause: per.clause.value.clone(),
            span: per.span,
        })
    }

    /// Marks the basis `name` as cited; `None` when there is none.
    fn mark(&mut self, name: &str) -> Option<BasisRef> {
        if let Some((id, _)) = self.bases.get(name) {
            if let Some(u) = self.used.get_mut(id.0) {
                *u = true;
            }
            Some(BasisRef::Plan(*id))
        } else if let Some((id, _)) = self.scope.bases.get(name) {
            if let Some(u) = self.proc_used.as_mut().and_then(|u| u.get_mut(id.0)) {
                *u = true;
            }
            Some(BasisRef::Procedure(*id))
        } else {
            None
        }
    }
}

/// The literal expression of a constant value (a reading's value, written
/// in a plan by the reading's name).
fn literal(v: &Value, ty: Type, span: Span) -> TExpr {
    let kind = match v {
        Value::Count(n) => TExprKind::Number(BigRational::from_integer(n.clone())),
        Value::Ratio(r) | Value::Number(r) => TExprKind::Number(r.clone()),
        Value::Days(d) => TExprKind::Number(BigRational::from_integer((*d).into())),
        Value::Date(d) => TExprKind::Date(*d),
        Value::Bool(b) => TExprKind::Bool(*b),
        Value::Text(t) => TExprKind::Text(t.clone()),
    };
    TExpr { kind, ty, span }
}
