//! Yes/no parameters folded into the rules that test them.
//!
//! A procedure often writes both readings of a disputed rule and lets a
//! `bool` parameter choose (`(非 到会须超过比例 且 实到会 为 … 以上) 或
//! (到会须超过比例 且 实到会 超过 …)`). Read aloud, such a rule is a puzzle;
//! with the parameter at its value only one reading is left. [`fold`] puts
//! the values of the yes/no parameters in and simplifies `and`, `or` and
//! `not` around them, and says which parameters it used, so that the
//! explanation can name them and tell the other reading too.

use crate::ast::BinOp;
use crate::resolve::{ParamId, Procedure, TExpr, TExprKind, Type, Value};

/// The value a parameter is taken at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Setting {
    pub param: ParamId,
    pub value: bool,
}

/// The outcome of folding: the simpler expression and the parameters whose
/// values were put in (in order of first use).
pub(super) struct Folded {
    pub expr: TExpr,
    pub used: Vec<ParamId>,
}

/// Folds the yes/no parameters of `e`: each at its value in `overrides`,
/// else at its default.
pub(super) fn fold(proc: &Procedure, e: &TExpr, overrides: &[Setting]) -> Folded {
    let mut used = Vec::new();
    let expr = go(proc, e, overrides, &mut used);
    Folded { expr, used }
}

/// The value of a yes/no parameter.
fn bool_param(proc: &Procedure, p: ParamId, overrides: &[Setting]) -> Option<bool> {
    if let Some(s) = overrides.iter().find(|s| s.param == p) {
        return Some(s.value);
    }
    match proc.params.get(p.0).and_then(|x| x.value.as_ref()) {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// A constant yes/no value, if `e` is one.
pub(super) fn constant(e: &TExpr) -> Option<bool> {
    match e.kind {
        TExprKind::Bool(b) => Some(b),
        _ => None,
    }
}

fn boolean(b: bool, like: &TExpr) -> TExpr {
    TExpr::new(TExprKind::Bool(b), Type::Bool, like.span)
}

fn go(proc: &Procedure, e: &TExpr, overrides: &[Setting], used: &mut Vec<ParamId>) -> TExpr {
    let mut sub = |x: &TExpr| go(proc, x, overrides, used);
    match &e.kind {
        TExprKind::Param(p) if e.ty == Type::Bool => match bool_param(proc, *p, overrides) {
            Some(b) => {
                if !used.contains(p) {
                    used.push(*p);
                }
                boolean(b, e)
            }
            None => e.clone(),
        },
        TExprKind::Not(x) => {
            let x = sub(x);
            match constant(&x) {
                Some(b) => boolean(!b, e),
                None => TExpr::new(TExprKind::Not(Box::new(x)), e.ty, e.span),
            }
        }
        TExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
            let (a, b) = (sub(a), sub(b));
            // `and` is decided by a false side, `or` by a true one; the
            // other constant leaves the other side.
            let decisive = *op == BinOp::Or;
            match (constant(&a), constant(&b)) {
                (Some(x), _) if x == decisive => boolean(decisive, e),
                (_, Some(y)) if y == decisive => boolean(decisive, e),
                (Some(_), _) => b,
                (_, Some(_)) => a,
                _ => TExpr::new(
                    TExprKind::Binary(*op, Box::new(a), Box::new(b)),
                    e.ty,
                    e.span,
                ),
            }
        }
        TExprKind::Quant {
            quantifier,
            var,
            filter,
            body,
        } => TExpr::new(
            TExprKind::Quant {
                quantifier: *quantifier,
                var: var.clone(),
                filter: filter.as_ref().map(|f| Box::new(sub(f))),
                body: Box::new(sub(body)),
            },
            e.ty,
            e.span,
        ),
        _ => e.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(src: &str) -> crate::resolve::Program {
        let (_, _, outcome) = crate::lint_str("t.hj", src);
        assert!(
            !outcome.diagnostics.iter().any(|d| d.is_error()),
            "{:#?}",
            outcome.diagnostics
        );
        outcome.program.unwrap_or_default()
    }

    #[test]
    fn a_false_switch_leaves_the_default_reading() {
        let p = program(
            "程序 p { 参数 严: 是否 = 否  事实 应到: 计数
               阶段 s { 事实 实到: 计数
                 法定人数 (非 严 且 实到 为 应到 的 五分之四 以上) 或 (严 且 实到 超过 应到 的 五分之四) } }",
        );
        let proc = &p.procedures[0];
        let rule = &proc.stages[0].rules[0];
        let f = fold(proc, &rule.expr, &[]);
        assert_eq!(f.used, vec![ParamId(0)]);
        assert!(matches!(
            f.expr.kind,
            TExprKind::Compare(crate::ast::Comparison::Ge, ..)
        ));
        let other = [Setting {
            param: ParamId(0),
            value: true,
        }];
        let f = fold(proc, &rule.expr, &other);
        assert!(matches!(
            f.expr.kind,
            TExprKind::Compare(crate::ast::Comparison::Gt, ..)
        ));
    }
}
