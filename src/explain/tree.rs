//! Looking at expression trees: walking them, splitting `and` and `or`
//! chains, recognising the same value written twice, and the fields of the
//! element a filter speaks of.

use crate::ast::BinOp;
use crate::resolve::{Coll, Field, TExpr, TExprKind, VarId};

/// The field of the element `elem` that `e` reads, if it reads one.
pub(super) fn own_field(e: &TExpr, elem: VarId) -> Option<Field> {
    match &e.kind {
        TExprKind::ElemField { elem: x, field, .. } if *x == elem => Some(*field),
        TExprKind::Field { base, field, .. } => match base.kind {
            TExprKind::Var { id, .. } if id == elem => Some(*field),
            _ => None,
        },
        _ => None,
    }
}

/// Calls `f` on `e` and every expression inside it.
pub(crate) fn walk(e: &TExpr, f: &mut impl FnMut(&TExpr)) {
    f(e);
    match &e.kind {
        TExprKind::Field { base: x, .. } | TExprKind::Neg(x) | TExprKind::Not(x) => walk(x, f),
        TExprKind::Binary(_, a, b)
        | TExprKind::Compare(_, a, b)
        | TExprKind::Of {
            fraction: a,
            whole: b,
        } => {
            walk(a, f);
            walk(b, f);
        }
        TExprKind::Call { args, .. } => args.iter().for_each(|a| walk(a, f)),
        TExprKind::Count { filter, .. } => filter.iter().for_each(|x| walk(x, f)),
        TExprKind::Quant { filter, body, .. } => {
            filter.iter().for_each(|x| walk(x, f));
            walk(body, f);
        }
        _ => {}
    }
}

/// The conjuncts of `a and b and …`.
pub(super) fn conjuncts(e: &TExpr) -> Vec<&TExpr> {
    match &e.kind {
        TExprKind::Binary(BinOp::And, a, b) => {
            let mut v = conjuncts(a);
            v.extend(conjuncts(b));
            v
        }
        _ => vec![e],
    }
}

/// The disjuncts of `a or b or …`.
pub(super) fn disjuncts(e: &TExpr) -> Vec<&TExpr> {
    match &e.kind {
        TExprKind::Binary(BinOp::Or, a, b) => {
            let mut v = disjuncts(a);
            v.extend(disjuncts(b));
            v
        }
        _ => vec![e],
    }
}

/// Whether `e` binds a variable of `coll` (a nested quantifier).
pub(super) fn binds(e: &TExpr, coll: Coll) -> bool {
    let mut found = false;
    walk(e, &mut |x| {
        if let TExprKind::Quant { var, .. } = &x.kind {
            found |= var.coll == Some(coll);
        }
    });
    found
}

/// Two expressions that denote the same value (their spans aside): the
/// references, literals and calls that rules repeat (`名额(p)` in `职务 = p`
/// and `名额(p) + 1`).
pub(super) fn same_expr(a: &TExpr, b: &TExpr) -> bool {
    use TExprKind as K;
    match (&a.kind, &b.kind) {
        (K::Number(x), K::Number(y)) => x == y,
        (K::Bool(x), K::Bool(y)) => x == y,
        (K::Text(x), K::Text(y)) => x == y,
        (K::Date(x), K::Date(y)) => x == y,
        (K::Fact(x), K::Fact(y)) => x == y,
        (K::StageFact(s, x), K::StageFact(r, y)) => s == r && x == y,
        (K::Param(x), K::Param(y)) => x == y,
        (K::Position(x), K::Position(y)) => x == y,
        (K::Var { id: x, .. }, K::Var { id: y, .. }) => x == y,
        (K::EnumValue(x), K::EnumValue(y)) => x == y,
        (K::Votes, K::Votes) => true,
        (
            K::ElemField {
                elem: x, field: f, ..
            },
            K::ElemField {
                elem: y, field: g, ..
            },
        ) => x == y && f == g,
        (
            K::Field {
                base: x, field: f, ..
            },
            K::Field {
                base: y, field: g, ..
            },
        ) => f == g && same_expr(x, y),
        (K::Neg(x), K::Neg(y)) | (K::Not(x), K::Not(y)) => same_expr(x, y),
        (K::Binary(o, x1, x2), K::Binary(p, y1, y2)) => {
            o == p && same_expr(x1, y1) && same_expr(x2, y2)
        }
        (
            K::Of {
                fraction: x1,
                whole: x2,
            },
            K::Of {
                fraction: y1,
                whole: y2,
            },
        ) => same_expr(x1, y1) && same_expr(x2, y2),
        (K::Call { func: f, args: x }, K::Call { func: g, args: y }) => {
            f == g && x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_expr(p, q))
        }
        (
            K::StageCall {
                func: f, target: x, ..
            },
            K::StageCall {
                func: g, target: y, ..
            },
        ) => f == g && x == y,
        _ => false,
    }
}
