//! The common shapes of election rules, said the way a regulation says
//! them:
//!
//! - the candidate surplus (差额): `count(candidates where position = p and
//!   list = formal) >= seats(p) + 1`, alone or under `for each position p`
//!   → “每个职务的正式候选人必须比应选名额至少多 1 人（差额选举）”;
//! - counts against none or at least one: `count(…) = 0` → “不得存在…”,
//!   `count(…) >= 1` → “至少须有 1 名…”;
//! - ages: `age(v, on: date(S)) >= 18` → “该选民在“S”之日必须年满 18 周岁”;
//! - proxies held: `count(proxies where holder = c.name) > 0` →
//!   “该候选人接受了委托”;
//! - the same value against several: `x = A or x = B` → “x 为 A 或 B 之一”;
//! - `shortfall(S) or tie(S)` → “S 出现缺额或平票”.
//!
//! [`special`] answers `None` for anything else, and the general renderer
//! takes over.

use super::expr::Ctx;
use super::np::{holder, people, proxies_held, Np};
use super::tree::{conjuncts, own_field, same_expr};
use super::words::t;
use crate::ast::{BinOp, Comparison, Quantifier};
use crate::diag::Text;
use crate::resolve::{Builtin, Coll, Field, TExpr, TExprKind, Type, VarId};
use num_bigint::BigInt;

/// A special reading of `e`, if it has one of the shapes above.
pub(super) fn special(ctx: &mut Ctx<'_>, e: &TExpr, modal: bool) -> Option<Text> {
    match &e.kind {
        TExprKind::Binary(BinOp::Or, a, b) => {
            if let Some(text) = shortfall_or_tie(ctx, a, b) {
                return Some(text);
            }
            ctx.one_of(e, modal)
        }
        TExprKind::Quant {
            quantifier: Quantifier::All,
            var,
            filter: None,
            body,
        } if var.coll == Some(Coll::Proxies) => per_holder(ctx, var.id, body, modal),
        TExprKind::Not(inner) => no_holder(ctx, inner, modal),
        TExprKind::Quant {
            quantifier: Quantifier::All,
            var,
            filter: None,
            body,
        } if var.coll == Some(Coll::Positions) => {
            let TExprKind::Compare(c, a, b) = &body.kind else {
                return None;
            };
            let each = t("每个职务", "every position");
            surplus(ctx, *c, a, b, modal, Some((var.id, each)))
        }
        TExprKind::Compare(c, a, b) => surplus(ctx, *c, a, b, modal, None)
            .or_else(|| against_constant(ctx, *c, a, b, modal))
            .or_else(|| age(ctx, *c, a, b, modal)),
        _ => None,
    }
}

/// Whether `e` is `v.holder` (a proxy's holder) or `v.name` (a person).
fn is_person_of(e: &TExpr, v: VarId) -> bool {
    match &e.kind {
        TExprKind::Field { base, field, .. } => {
            matches!(field, Field::Holder | Field::Name)
                && matches!(base.kind, TExprKind::Var { id, .. } if id == v)
        }
        _ => false,
    }
}

/// `for each proxy h: count(proxies where holder = h.holder) <= N`: every
/// holder holds at most N proxies.
fn per_holder(ctx: &mut Ctx<'_>, v: VarId, body: &TExpr, modal: bool) -> Option<Text> {
    let TExprKind::Compare(c @ (Comparison::Le | Comparison::Lt), a, b) = &body.kind else {
        return None;
    };
    if !holder(a).is_some_and(|h| is_person_of(h, v)) {
        return None;
    }
    let n = ctx.val(b);
    let (zh, en) = match (c, modal) {
        (Comparison::Le, true) => ("不得超过", "must hold at most"),
        (Comparison::Le, _) => ("不超过", "holds at most"),
        (_, true) => ("必须少于", "must hold fewer than"),
        _ => ("少于", "holds fewer than"),
    };
    Some(t(
        format!("每一受托人接受的委托{zh}{}份", n.zh),
        format!("every proxy holder {en} {} proxies", n.en),
    ))
}

/// `not exists candidate c where F: count(proxies where holder = c.name) > 0`:
/// no such candidate holds a proxy.
fn no_holder(ctx: &mut Ctx<'_>, e: &TExpr, modal: bool) -> Option<Text> {
    let TExprKind::Quant {
        quantifier: Quantifier::Any,
        var,
        filter,
        body,
    } = &e.kind
    else {
        return None;
    };
    let TExprKind::Compare(Comparison::Gt, a, b) = &body.kind else {
        return None;
    };
    let zero = matches!(&b.kind, TExprKind::Number(n) if n.numer() == &BigInt::from(0));
    if !zero || !holder(a).is_some_and(|h| is_person_of(h, var.id)) {
        return None;
    }
    let coll = var.coll?;
    let np = Np::new(ctx, coll, var.id, filter.as_deref());
    if !np.rest.is_empty() {
        return None;
    }
    let many = np.many();
    let (zh, en) = if modal {
        ("不得接受委托", "must not hold proxies")
    } else {
        ("没有接受委托", "hold no proxies")
    };
    Some(t(format!("{}{zh}", many.zh), format!("{} {en}", many.en)))
}

/// `shortfall(S) or tie(S)`.
fn shortfall_or_tie(ctx: &mut Ctx<'_>, a: &TExpr, b: &TExpr) -> Option<Text> {
    let call = |e: &TExpr| match &e.kind {
        TExprKind::StageCall { func, target, .. } => Some((*func, *target)),
        _ => None,
    };
    let ((f, s), (g, r)) = (call(a)?, call(b)?);
    let pair = matches!(
        (f, g),
        (Builtin::Shortfall, Builtin::Tie) | (Builtin::Tie, Builtin::Shortfall)
    );
    if !pair || s != r {
        return None;
    }
    let s = ctx.target(s);
    Some(t(
        format!("{}出现缺额或平票", s.zh),
        format!("{} left seats unfilled or ended in a tie", s.en),
    ))
}

/// The position `p` of `seats(p)`.
fn seats_of(e: &TExpr) -> Option<&TExpr> {
    match &e.kind {
        TExprKind::Call {
            func: Builtin::Seats,
            args,
        } => args.first(),
        _ => None,
    }
}

/// The candidate surplus of one position (see the module documentation).
/// `each` is the variable of an enclosing `for each position` and its words.
fn surplus(
    ctx: &mut Ctx<'_>,
    c: Comparison,
    a: &TExpr,
    b: &TExpr,
    modal: bool,
    each: Option<(VarId, Text)>,
) -> Option<Text> {
    let TExprKind::Count {
        coll: Coll::Candidates,
        elem,
        filter: Some(filter),
    } = &a.kind
    else {
        return None;
    };
    // The filter names the position; the rest describes the candidates.
    let parts = conjuncts(filter);
    let (pos_at, position) = parts.iter().enumerate().find_map(|(i, p)| match &p.kind {
        TExprKind::Compare(Comparison::Eq, x, y)
            if own_field(x, *elem) == Some(Field::Position) =>
        {
            Some((i, y.as_ref()))
        }
        _ => None,
    })?;
    // The threshold: seats(p), or seats(p) + extra.
    let (seats, extra) = match &b.kind {
        TExprKind::Binary(BinOp::Add, x, y) => (seats_of(x)?, Some(y.as_ref())),
        _ => (seats_of(b)?, None),
    };
    if !same_expr(seats, position) {
        return None;
    }
    let whose = match (&each, &position.kind) {
        (Some((id, words)), TExprKind::Var { id: v, .. }) if v == id => words.clone(),
        (Some(_), _) => return None,
        (None, TExprKind::Position(_)) => {
            let p = ctx.val(position);
            t(format!("{}职务", p.zh), p.en)
        }
        (None, _) => ctx.val(position),
    };
    let rest: Vec<&TExpr> = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != pos_at)
        .map(|(_, p)| *p)
        .collect();
    let filter = and_all(&rest);
    let np = Np::new(ctx, Coll::Candidates, *elem, filter.as_ref());
    if !np.rest.is_empty() {
        return None;
    }
    let many = np.many();
    let must = if modal { "必须" } else { "" };
    let must_en = if modal { "must outnumber" } else { "outnumber" };
    let more = match (c, extra) {
        (Comparison::Gt, None) => t(
            format!("{}的{}人数{must}多于应选名额", whose.zh, many.zh),
            format!("for {}, the {} {must_en} the seats", whose.en, many.en),
        ),
        (Comparison::Ge, Some(k)) => {
            let k = amount(ctx, k, seats);
            t(
                format!("{}的{}{must}比应选名额至少多{}", whose.zh, many.zh, k.zh),
                format!(
                    "for {}, the {} {must_en} the seats by at least {}",
                    whose.en, many.en, k.en
                ),
            )
        }
        _ => return None,
    };
    Some(t(
        format!("{}（差额选举）", more.zh),
        format!("{} (a multi-candidate election)", more.en),
    ))
}

/// The surplus in words: “1 人”, or “应选名额的五分之一（向上取整）”.
fn amount(ctx: &mut Ctx<'_>, k: &TExpr, seats: &TExpr) -> Text {
    if let TExprKind::Number(r) = &k.kind {
        if r.is_integer() {
            return t(
                format!(" {} 人", r.to_integer()),
                r.to_integer().to_string(),
            );
        }
    }
    if let TExprKind::Call {
        func: Builtin::Ceil,
        args,
    } = &k.kind
    {
        if let Some(TExprKind::Of { fraction, whole }) = args.first().map(|a| &a.kind) {
            if seats_of(whole).is_some_and(|s| same_expr(s, seats)) {
                let f = ctx.val(fraction);
                return t(
                    format!("出应选名额的{}，并向上取整", f.zh),
                    format!("{} of the seats, rounded up", f.en),
                );
            }
        }
    }
    ctx.val(k)
}

/// `a and b and …` of the given conditions (`None` for none).
fn and_all(parts: &[&TExpr]) -> Option<TExpr> {
    let (first, rest) = parts.split_first()?;
    Some(rest.iter().fold((*first).clone(), |acc, p| {
        let span = acc.span;
        TExpr::new(
            TExprKind::Binary(BinOp::And, Box::new(acc), Box::new((*p).clone())),
            Type::Bool,
            span,
        )
    }))
}

/// A count against none or at least one, and proxies held.
fn against_constant(
    ctx: &mut Ctx<'_>,
    c: Comparison,
    a: &TExpr,
    b: &TExpr,
    modal: bool,
) -> Option<Text> {
    let TExprKind::Number(r) = &b.kind else {
        return None;
    };
    if !r.is_integer() {
        return None;
    }
    let n = r.to_integer();
    let (zero, one) = (BigInt::from(0), BigInt::from(1));
    let some = (c == Comparison::Gt && n == zero) || (c == Comparison::Ge && n == one);
    if let Some(holder) = proxies_held(ctx, a) {
        return some.then(|| {
            let (zh, en) = if modal {
                ("必须接受了委托", "must hold a proxy")
            } else {
                ("接受了委托", "holds a proxy")
            };
            t(format!("{}{zh}", holder.zh), format!("{} {en}", holder.en))
        });
    }
    let TExprKind::Count { coll, elem, filter } = &a.kind else {
        return None;
    };
    let np = Np::new(ctx, *coll, *elem, filter.as_deref());
    let (one_np, many, rest) = (np.one(), np.many(), np.rest_text());
    let measure = if people(*coll) { "名" } else { "个" };
    if c == Comparison::Eq && n == zero {
        return Some(if modal {
            t(
                format!("不得存在{}{}", many.zh, rest.zh),
                format!("there must be no {}{}", many.en, rest.en),
            )
        } else {
            t(
                format!("没有{}{}", many.zh, rest.zh),
                format!("there are no {}{}", many.en, rest.en),
            )
        });
    }
    if some {
        return Some(if modal {
            t(
                format!("至少须有 1 {measure}{}{}", one_np.zh, rest.zh),
                format!("there must be at least one {}{}", one_np.en, rest.en),
            )
        } else {
            t(
                format!("有{}{}", many.zh, rest.zh),
                format!("there is at least one {}{}", one_np.en, rest.en),
            )
        });
    }
    None
}

/// `age(x, on: D) c N`.
fn age(ctx: &mut Ctx<'_>, c: Comparison, a: &TExpr, b: &TExpr, modal: bool) -> Option<Text> {
    let TExprKind::Call {
        func: Builtin::Age,
        args,
    } = &a.kind
    else {
        return None;
    };
    let (who, day) = match args.as_slice() {
        [who, day] => (ctx.val(who), ctx.val(day)),
        _ => return None,
    };
    let n = ctx.val(b);
    let must = if modal { "必须" } else { "" };
    let must_en = if modal { "must be" } else { "is" };
    let (zh, en) = match c {
        Comparison::Ge => (
            format!("{}在{}{must}年满 {} 周岁", who.zh, day.zh, n.zh),
            format!(
                "{} {must_en} at least {} years old on {}",
                who.en, n.en, day.en
            ),
        ),
        Comparison::Le => (
            format!(
                "{}在{}的年龄{must}在 {} 周岁以下（含本数）",
                who.zh, day.zh, n.zh
            ),
            format!(
                "{} {must_en} at most {} years old on {}",
                who.en, n.en, day.en
            ),
        ),
        _ => return None,
    };
    Some(t(zh, en))
}
