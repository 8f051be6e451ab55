//! Worked numbers for thresholds: the smallest (or largest) whole number
//! that passes a comparison, computed exactly.
//!
//! A rule such as `参加投票 过半数 登记选民` is clearest with a number: “例如
//! “登记选民”为 2000 人时，一半为 1000，“参加投票”至少须 1001 人（恰好
//! 1000 人不够）”. When the threshold depends on one fact of the record, the
//! fact is given a typical size ([`typical`]); when it depends on none (only
//! parameters and seats), it is computed at the parameters' defaults. The
//! arithmetic is on exact rationals: `超过` excludes the threshold itself
//! (floor + 1), `不少于` includes it (ceiling), `过半数` is `2x > n`
//! (民法典 第一千二百五十九条).

use super::expr::Ctx;
use super::np::people;
use super::tree::{conjuncts, disjuncts};
use super::words::{ceil, exact, floor, t, unit_of};
use crate::ast::Comparison;
use crate::diag::Text;
use crate::resolve::{Builtin, FactId, Seats, TExpr, TExprKind, Type, Value};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

/// A typical size for a count named so, for examples: 2000 registered
/// voters, 1500 voting, 100 party members, 7 committee members, else 50.
pub(super) fn typical(name: &str) -> i64 {
    if name.contains("选民") {
        2000
    } else if name.contains("投票") {
        1500
    } else if name.contains("党员") || name.contains("代表") {
        100
    } else if name.contains("委员") {
        7
    } else {
        50
    }
}

/// Which side of the threshold passes, and the whole number at the edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Edge {
    /// At least this many.
    AtLeast(BigInt),
    /// At most this many.
    AtMost(BigInt),
    /// Exactly this many.
    Exactly(BigInt),
}

/// The whole numbers `x` with `x c threshold` begin or end at the edge
/// returned (for `Majority` the threshold is the whole, and `2x > whole`).
pub(super) fn edge(c: Comparison, threshold: &BigRational) -> Option<Edge> {
    Some(match c {
        Comparison::Gt => Edge::AtLeast(floor(threshold) + 1),
        Comparison::Ge => Edge::AtLeast(ceil(threshold)),
        Comparison::Lt => Edge::AtMost(ceil(threshold) - 1),
        Comparison::Le => Edge::AtMost(floor(threshold)),
        Comparison::Majority => {
            let half = threshold / BigRational::from_integer(BigInt::from(2));
            Edge::AtLeast(floor(&half) + 1)
        }
        Comparison::Eq if threshold.is_integer() => Edge::Exactly(threshold.to_integer()),
        Comparison::Eq | Comparison::Ne => return None,
    })
}

/// The worked examples of a rule: one per comparison the rule makes at its
/// top (through `and`, `or` and `for each`), where one can be computed.
pub(super) fn examples(ctx: &mut Ctx<'_>, e: &TExpr) -> Vec<Text> {
    let mut out = Vec::new();
    collect(ctx, e, &mut out);
    out
}

fn collect(ctx: &mut Ctx<'_>, e: &TExpr, out: &mut Vec<Text>) {
    match &e.kind {
        TExprKind::Binary(..) => {
            let parts = conjuncts(e);
            let parts = if parts.len() > 1 { parts } else { disjuncts(e) };
            if parts.len() > 1 {
                for p in parts {
                    collect(ctx, p, out);
                }
            }
        }
        TExprKind::Compare(c, a, b) => {
            if let Some(x) = example(ctx, *c, a, b, None) {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
        }
        _ => {}
    }
}

/// The example of `a c b`; `size` overrides the typical size of the fact
/// the threshold depends on.
pub(super) fn example(
    ctx: &mut Ctx<'_>,
    c: Comparison,
    a: &TExpr,
    b: &TExpr,
    size: Option<i64>,
) -> Option<Text> {
    if a.ty != Type::Count || !b.ty.is_numeric() {
        return None;
    }
    let trivial = matches!(
        b.kind,
        TExprKind::Fact(_) | TExprKind::StageFact(..) | TExprKind::Number(_) | TExprKind::Param(_)
    );
    if trivial && c != Comparison::Majority {
        return None;
    }
    let mut facts = Vec::new();
    free_facts(b, &mut facts)?;
    let (given, base) = match facts.as_slice() {
        [] => (None, None),
        [f] => {
            let name = ctx.proc.facts.get(f.0).map(|x| x.name.name.clone())?;
            let v = size.unwrap_or_else(|| typical(&name));
            (
                Some((*f, BigRational::from_integer(BigInt::from(v)))),
                Some((name, v)),
            )
        }
        _ => return None,
    };
    let threshold = eval(ctx, b, given.as_ref())?;
    let edge = edge(c, &threshold)?;
    let votes = matches!(a.kind, TExprKind::Votes);
    let unit = match &a.kind {
        TExprKind::Votes => "票",
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => {
            unit_of(ctx.proc.facts.get(f.0).map_or("", |x| x.name.name.as_str()))
        }
        TExprKind::Count { coll, .. } if !people(*coll) => "个",
        _ => "人",
    };
    let subject = if votes {
        t("候选人", "a candidate")
    } else {
        ctx.val(a)
    };
    let (n, zh_verb, en_verb) = match &edge {
        Edge::AtLeast(n) if votes => (n, "至少须得", "needs at least"),
        Edge::AtLeast(n) => (n, "至少须", "must be at least"),
        Edge::AtMost(n) if votes => (n, "至多可得", "may have at most"),
        Edge::AtMost(n) => (n, "至多可为", "may be at most"),
        Edge::Exactly(n) => (n, "须恰为", "must be exactly"),
    };
    let en_unit = if votes { " votes" } else { "" };
    // The threshold itself, when it says something the result does not.
    let shown = match c {
        Comparison::Majority => {
            let half = &threshold / BigRational::from_integer(BigInt::from(2));
            Some(t(
                format!("一半为 {}，", exact(&half)),
                format!("half is {} and ", exact(&half)),
            ))
        }
        _ if !threshold.is_integer() || !matches!(c, Comparison::Ge | Comparison::Le) => Some(t(
            format!("门槛为 {}，", exact(&threshold)),
            format!("the threshold is {} and ", exact(&threshold)),
        )),
        _ => None,
    }
    .unwrap_or_else(|| t("", ""));
    // The edge case the comparative decides.
    let boundary = match c {
        Comparison::Majority => {
            Some(threshold.clone() / BigRational::from_integer(BigInt::from(2)))
        }
        Comparison::Gt | Comparison::Lt => Some(threshold.clone()),
        _ => None,
    }
    .filter(BigRational::is_integer)
    .map(|x| {
        let x = x.to_integer();
        t(
            format!("（恰好 {x} {unit}不够）"),
            format!(" (exactly {x} is not enough)"),
        )
    })
    .unwrap_or_else(|| t("", ""));
    let lead = match &base {
        Some((name, v)) => {
            let u = unit_of(name);
            t(
                format!("“{name}”为 {v} {u}时，"),
                format!("If “{name}” is {v}, "),
            )
        }
        None => t(
            "按参数默认值计算，",
            "With the parameters at their defaults, ",
        ),
    };
    Some(t(
        format!(
            "{}{}{}{zh_verb} {n} {unit}{}。",
            lead.zh, shown.zh, subject.zh, boundary.zh
        ),
        format!(
            "{}{}{} {en_verb} {n}{en_unit}{}.",
            lead.en, shown.en, subject.en, boundary.en
        ),
    ))
}

/// The facts `e` reads, into `out`; `None` when `e` reads anything else of
/// the record (a count, a variable, a field), which no example fixes.
fn free_facts(e: &TExpr, out: &mut Vec<FactId>) -> Option<()> {
    match &e.kind {
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => {
            if !out.contains(f) {
                out.push(*f);
            }
            Some(())
        }
        TExprKind::Number(_) | TExprKind::Param(_) | TExprKind::Position(_) => Some(()),
        TExprKind::Neg(x) => free_facts(x, out),
        TExprKind::Binary(_, a, b)
        | TExprKind::Of {
            fraction: a,
            whole: b,
        } => {
            free_facts(a, out)?;
            free_facts(b, out)
        }
        TExprKind::Call { func, args } if *func != Builtin::Age => {
            args.iter().try_for_each(|a| free_facts(a, out))
        }
        _ => None,
    }
}

/// The exact value of `e`, with `given` as the value of one fact.
fn eval(ctx: &Ctx<'_>, e: &TExpr, given: Option<&(FactId, BigRational)>) -> Option<BigRational> {
    let int = |n: &BigInt| BigRational::from_integer(n.clone());
    Some(match &e.kind {
        TExprKind::Number(r) => r.clone(),
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => match given {
            Some((g, v)) if g == f => v.clone(),
            _ => return None,
        },
        TExprKind::Param(p) => match ctx.proc.params.get(p.0)?.value.as_ref()? {
            Value::Count(n) => int(n),
            Value::Ratio(r) | Value::Number(r) => r.clone(),
            Value::Days(d) => int(&BigInt::from(*d)),
            _ => return None,
        },
        TExprKind::Neg(x) => -eval(ctx, x, given)?,
        TExprKind::Of { fraction, whole } => eval(ctx, fraction, given)? * eval(ctx, whole, given)?,
        TExprKind::Binary(op, a, b) => {
            let (x, y) = (eval(ctx, a, given)?, eval(ctx, b, given)?);
            match op {
                crate::ast::BinOp::Add => x + y,
                crate::ast::BinOp::Sub => x - y,
                crate::ast::BinOp::Mul => x * y,
                crate::ast::BinOp::Div if !y.is_zero() => x / y,
                _ => return None,
            }
        }
        TExprKind::Call { func, args } => {
            let v: Option<Vec<BigRational>> = match func {
                Builtin::Seats => None,
                _ => args.iter().map(|a| eval(ctx, a, given)).collect(),
            };
            match (func, v.as_deref(), args.first().map(|a| &a.kind)) {
                (Builtin::Seats, _, Some(TExprKind::Position(p))) => {
                    match &ctx.proc.positions.get(p.0)?.seats {
                        Seats::Exact(a) => int(&BigInt::from(amount(ctx, a)?)),
                        Seats::Range(..) => return None,
                    }
                }
                (Builtin::Ceil, Some([x]), _) => int(&ceil(x)),
                (Builtin::Floor, Some([x]), _) => int(&floor(x)),
                (Builtin::Min, Some([x, y]), _) => x.clone().min(y.clone()),
                (Builtin::Max, Some([x, y]), _) => x.clone().max(y.clone()),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// A whole number given literally or by a parameter, at its default.
fn amount(ctx: &Ctx<'_>, a: &crate::resolve::Amount) -> Option<i64> {
    crate::ir::ParamValues::defaults(ctx.proc).amount(a)
}
