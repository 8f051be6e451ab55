//! The `quorum` and `require` rules of every stage that took place,
//! evaluated exactly over the record, and why a rule fails, in numbers.
//!
//! A failed quorum is a `quorum` finding, a failed requirement a `rule`
//! finding; a rule that needs a value the record lacks is skipped (the gap
//! is the one finding). The explanation names the deciding comparison with
//! its threshold and the smallest passing number ("1000 of 2000 is not more
//! than half; 1001 needed"), and for a failing `for each` (or a holding
//! `no … exists`) the element that decides it.

use super::about::Abouts;
use super::coverage::{self, Coverage, Outcome, Status};
use super::elect::Outcome as Election;
use super::eval::{Elem, Eval, R, V};
use super::finding::{Finding, Kind};
use super::gaps::{Context, Gaps};
use super::text::{self, ceil, floor, num};
use super::world::World;
use crate::ast::{BinOp, Comparison, Quantifier};
use crate::diag::Text;
use crate::resolve::{Builtin, Rule, RuleKind, StageId, TExpr, TExprKind, Target, Type};
use crate::span::Span;
use num_rational::BigRational;

/// Checks every quorum and requirement of every stage held.
pub(crate) fn check(
    w: &World<'_>,
    outcomes: &[Option<R<Election>>],
    gaps: &mut Gaps,
    out: &mut Vec<Finding>,
    abouts: &Abouts,
    cov: &mut Coverage,
) {
    for (i, stage) in w.proc.stages.iter().enumerate() {
        let s = StageId(i);
        let held = w.happened(Target::Stage(s));
        for (index, rule) in stage.rules.iter().enumerate() {
            let kind = match rule.kind {
                RuleKind::Quorum => Kind::Quorum,
                RuleKind::Require => Kind::Rule,
                RuleKind::Elect { .. } => continue,
            };
            let status = if !held {
                if w.is_void(s) {
                    coverage::void(w.stage_name(s))
                } else {
                    coverage::not_held(w.stage_name(s))
                }
            } else if let Some(status) = not_in_force(w, outcomes, s, rule, gaps) {
                status
            } else {
                let mut ev = Eval::new(w, outcomes);
                match ev.truth(&rule.expr) {
                    Ok(true) => Status::Checked(Outcome::Pass),
                    Ok(false) => {
                        out.push(failure(&mut ev, s, rule, kind));
                        Status::Checked(Outcome::Fail)
                    }
                    Err(stop) => {
                        gaps.note_all(w, outcomes, &stop, &rule.expr, || Context {
                            stage: Some(s),
                            rule_span: rule.span,
                            basis: text::basis(w.proc, rule.cite.as_ref()),
                        });
                        coverage::stopped_rule(w, &stop, &rule.expr)
                    }
                }
            };
            cov.push(abouts.rule(s, index), status);
        }
    }
}

/// The status of a rule whose `when C:` keeps it from being checked: C is
/// false (not in force), or C needs a value the record lacks (noted as a
/// gap, the one finding). `None` when the rule is in force.
pub(crate) fn not_in_force(
    w: &World<'_>,
    outcomes: &[Option<R<Election>>],
    s: StageId,
    rule: &Rule,
    gaps: &mut Gaps,
) -> Option<Status> {
    let cond = rule.when.as_ref()?;
    match Eval::new(w, outcomes).truth(cond) {
        Ok(true) => None,
        Ok(false) => Some(coverage::not_in_force()),
        Err(stop) => {
            gaps.note_all(w, outcomes, &stop, cond, || Context {
                stage: Some(s),
                rule_span: rule.span,
                basis: text::basis(w.proc, rule.cite.as_ref()),
            });
            Some(coverage::stopped_rule(w, &stop, cond))
        }
    }
}

fn failure<'w>(ev: &mut Eval<'w, '_>, s: StageId, rule: &'w Rule, kind: Kind) -> Finding {
    let w = ev.w;
    let why = why(ev, &rule.expr, true);
    let detail = why.detail.unwrap_or_else(generic);
    let lead = match kind {
        Kind::Quorum => Text::new("未达到法定人数或比例", "quorum not met"),
        _ => Text::new("不符合规定", "requirement not met"),
    };
    let mut f = Finding::error(
        kind,
        Text::new(
            format!("{}：{}", lead.zh, detail.zh),
            format!("{}: {}", lead.en, detail.en),
        ),
        why.span.unwrap_or_else(|| w.stage_span(s)),
    )
    .with_stage(w.stage_name(s))
    .with_rule(rule.span)
    .with_basis(text::basis(w.proc, rule.cite.as_ref()));
    if let Some(e) = why.expected {
        f = f.with_expected(e);
    }
    if let Some(a) = why.actual {
        f = f.with_actual(a);
    }
    if let Some(n) = text::applied(rule) {
        f = f.with_note(n);
    }
    f
}

/// The explanation of a failed condition.
#[derive(Clone, Debug, Default)]
pub(crate) struct Why {
    /// What is wrong, for the message.
    pub detail: Option<Text>,
    /// What the rule requires, for the rule's label.
    pub expected: Option<Text>,
    /// What the record shows, for the record's label.
    pub actual: Option<Text>,
    /// The record value or element the failure is about.
    pub span: Option<Span>,
    /// The failure as one item of a list, naming its subject: what is wrong
    /// ("`性别`为 女，不是 男"), what would satisfy it ("`性别`等于 男"), the
    /// values it is about ("`性别`为 女"). Absent: `detail`, `expected`,
    /// `actual`.
    pub said: Option<Text>,
    pub need: Option<Text>,
    pub has: Vec<Text>,
    /// Failed parts that must all hold (a conjunction): bracketed when it is
    /// one alternative among others.
    pub all: bool,
    /// Failed alternatives: their numbered list ("（一）…；（二）…").
    pub alternatives: Option<Text>,
    /// A failed `=` between plain values, so that alternatives over one
    /// value read "not one of …".
    pub choice: Option<Choice>,
}

/// The parts of a failed `x = v`: the name of `x`, its value, `v`.
#[derive(Clone, Debug)]
pub(crate) struct Choice {
    lhs: Text,
    actual: Text,
    shown: Text,
}

/// Explains why `e` is not `want`.
pub(crate) fn why<'w>(ev: &mut Eval<'w, '_>, e: &'w TExpr, want: bool) -> Why {
    explain(ev, e, want).unwrap_or_default()
}

fn explain<'w>(ev: &mut Eval<'w, '_>, e: &'w TExpr, want: bool) -> Option<Why> {
    match &e.kind {
        TExprKind::Not(x) => explain(ev, x, !want),
        TExprKind::Compare(c, a, b) => {
            let (x, y) = (ev.eval(a).ok()?, ev.eval(b).ok()?);
            let mut why = comparison(ev.w, *c, want, a, b, &x, &y)?;
            why.span = why.span.or_else(|| value_span(ev.w, a));
            Some(why)
        }
        TExprKind::Binary(op @ (BinOp::And | BinOp::Or), ..) => {
            // `and` is decided by a false operand, `or` by a true one.
            let decisive = *op == BinOp::Or;
            let mut parts = Vec::new();
            operands(e, *op, &mut parts);
            // When `want` is the deciding value, no operand has it: each is
            // a way to satisfy the rule (alternatives). Otherwise the
            // operands with the deciding value are what is wrong, all of
            // them (a conjunction).
            let all_wrong = want == decisive;
            let mut wrong: Vec<&TExpr> = parts
                .into_iter()
                .filter(|p| ev.truth(p) == Ok(!want))
                .collect();
            if all_wrong && wrong.iter().any(|p| !ruled_out(ev, p, want)) {
                // Alternatives the procedure's own settings rule out are not
                // ways to satisfy it.
                wrong.retain(|p| !ruled_out(ev, p, want));
            }
            let mut items: Vec<Option<Why>> =
                wrong.into_iter().map(|p| explain(ev, p, want)).collect();
            if items.len() <= 1 {
                return items.pop().flatten();
            }
            let items: Vec<Why> = items
                .into_iter()
                .map(|i| i.unwrap_or_else(unexplained))
                .collect();
            Some(if all_wrong {
                alternatives(items)
            } else {
                conjunction(items)
            })
        }
        TExprKind::Quant {
            quantifier,
            var,
            filter,
            body,
        } => {
            let coll = var.coll?;
            let decisive = *quantifier == Quantifier::Any;
            let phrase =
                crate::explain::elements_phrase(ev.w.proc, coll, var.id, filter.as_deref());
            if want == decisive {
                // `exists` that should hold: no element does.
                let detail = match &phrase {
                    Some((one, _)) => Text::new(
                        format!("没有任何{}满足条件", one.zh),
                        format!("no {} satisfies the condition", one.en),
                    ),
                    None => Text::new(
                        format!("没有任何{}满足条件", coll.element_zh()),
                        format!("no {} satisfies the condition", coll.element_en()),
                    ),
                };
                return Some(Why {
                    detail: Some(detail),
                    ..Why::default()
                });
            }
            for i in 0..ev.len(coll) {
                let el = Eval::element(coll, i);
                let found = ev.with(var.id, V::Elem(el), |ev| {
                    let admitted = ev.admits(var.id, el, filter.as_deref()).ok()?;
                    let value = ev.truth(body).ok()?;
                    (admitted && value == decisive).then(|| explain(ev, body, want))
                });
                if let Some(inner) = found {
                    let inner = inner.unwrap_or_default();
                    return Some(match (&phrase, *quantifier) {
                        // `not exists`: the element that should not be there.
                        (Some((_, many)), Quantifier::Any) => among(ev.w, el, many, inner),
                        _ => with_element(ev.w, el, inner),
                    });
                }
            }
            None
        }
        _ => boolean(ev, e, want),
    }
}

/// The operands of a chain of one operator: `a 或 b 或 c` → a, b, c.
fn operands<'w>(e: &'w TExpr, op: BinOp, out: &mut Vec<&'w TExpr>) {
    match &e.kind {
        TExprKind::Binary(o, a, b) if *o == op => {
            operands(a, op, out);
            operands(b, op, out);
        }
        _ => out.push(e),
    }
}

/// Whether `e` depends on nothing the record gives: literals and the
/// procedure's parameters.
fn fixed(e: &TExpr) -> bool {
    match &e.kind {
        TExprKind::Number(_)
        | TExprKind::Bool(_)
        | TExprKind::Text(_)
        | TExprKind::Date(_)
        | TExprKind::EnumValue(_)
        | TExprKind::Param(_) => true,
        TExprKind::Neg(x) | TExprKind::Not(x) => fixed(x),
        TExprKind::Binary(_, a, b) | TExprKind::Compare(_, a, b) => fixed(a) && fixed(b),
        TExprKind::Of { fraction, whole } => fixed(fraction) && fixed(whole),
        TExprKind::Call {
            func: Builtin::Ceil | Builtin::Floor | Builtin::Min | Builtin::Max,
            args,
        } => args.iter().all(fixed),
        _ => false,
    }
}

/// Whether an alternative that is not `want` is so by the procedure's
/// settings (`非 到会须超过比例 且 …` when the parameter is on): it, or one of
/// the parts it needs, depends on parameters and literals only and has the
/// wrong value.
fn ruled_out<'w>(ev: &mut Eval<'w, '_>, part: &'w TExpr, want: bool) -> bool {
    let needs = if want { BinOp::And } else { BinOp::Or };
    let mut conj = Vec::new();
    operands(part, needs, &mut conj);
    conj.into_iter()
        .any(|c| fixed(c) && ev.truth(c) == Ok(!want))
}

/// An operand without a finer explanation, as an item of a list.
fn unexplained() -> Why {
    Why {
        detail: Some(generic()),
        said: Some(generic()),
        need: Some(Text::new("条件成立", "the condition holds")),
        ..Why::default()
    }
}

fn said(w: &Why) -> Text {
    w.said
        .clone()
        .or_else(|| w.detail.clone())
        .unwrap_or_else(generic)
}

fn need(w: &Why) -> Text {
    w.need
        .clone()
        .or_else(|| w.expected.clone())
        .unwrap_or_else(|| Text::new("条件成立", "the condition holds"))
}

/// The values the items are about, each once.
fn shown(items: &[Why]) -> Vec<Text> {
    let mut has: Vec<Text> = Vec::new();
    for i in items {
        let own = if i.has.is_empty() {
            i.actual.iter().cloned().collect()
        } else {
            i.has.clone()
        };
        for t in own {
            if !has.contains(&t) {
                has.push(t);
            }
        }
    }
    has
}

/// The values as the record's label shows them.
fn shown_text(has: &[Text]) -> Option<Text> {
    (!has.is_empty()).then(|| text::join(has))
}

fn joined(items: &[Text], zh: &str, en: &str) -> Text {
    Text::new(
        items
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join(zh),
        items
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(en),
    )
}

/// "（一）…；（二）…" / "(1) …; (2) …".
fn numbered(items: &[Text]) -> Text {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let zh: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, t)| match ZH.get(i) {
            Some(n) => format!("（{n}）{}", t.zh),
            None => format!("（{}）{}", i + 1, t.zh),
        })
        .collect();
    let en: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, t)| format!("({}) {}", i + 1, t.en))
        .collect();
    Text::new(zh.join("；"), en.join("; "))
}

/// Alternatives that all fail: every one is explained, and those that
/// compare one value with several ("`x` = a", "`x` = b") as one.
fn alternatives(items: Vec<Why>) -> Why {
    let span = items.iter().find_map(|i| i.span);
    let mut merged: Vec<(Why, Vec<Text>)> = Vec::new();
    for item in items {
        let shown = item.choice.as_ref().map(|c| c.shown.clone());
        let same = item.choice.as_ref().and_then(|c| {
            merged.iter_mut().find(|(m, _)| {
                m.choice
                    .as_ref()
                    .is_some_and(|d| d.lhs == c.lhs && d.actual == c.actual)
            })
        });
        match (same, shown) {
            (Some((_, values)), Some(v)) => values.push(v),
            (_, v) => merged.push((item, v.into_iter().collect())),
        }
    }
    let items: Vec<Why> = merged
        .into_iter()
        .map(|(why, values)| match &why.choice {
            Some(c) if values.len() > 1 => one_of(c, &values, why.has.clone()),
            _ => why,
        })
        .collect();
    if let [one] = items.as_slice() {
        return Why {
            span,
            ..one.clone()
        };
    }
    // A nested list (an alternative that is itself a failed list of
    // alternatives, or a conjunction) is bracketed, so that its numbering
    // and its “或”/“且” do not read as the outer list's.
    let saids: Vec<Text> = items
        .iter()
        .map(|i| {
            let t = said(i);
            if i.alternatives.is_some() {
                Text::new(format!("「{}」", t.zh), format!("[{}]", t.en))
            } else {
                t
            }
        })
        .collect();
    let list = numbered(&saids);
    let needs: Vec<Text> = items
        .iter()
        .map(|i| {
            if i.all || i.alternatives.is_some() {
                bracketed(&need(i))
            } else {
                need(i)
            }
        })
        .collect();
    let need = joined(&needs, "；或 ", "; or ");
    let detail = Text::new(
        format!("不满足以下任何一项：{}", list.zh),
        format!("none of these holds: {}", list.en),
    );
    let has = shown(&items);
    Why {
        detail: Some(detail.clone()),
        expected: Some(need.clone()),
        actual: shown_text(&has),
        span,
        said: Some(detail),
        need: Some(need),
        has,
        alternatives: Some(list),
        choice: None,
        all: false,
    }
}

/// A part in brackets, so that it reads as one item of a longer list:
/// “（甲 或 乙）”, “[甲；或 乙]”.
fn bracketed(t: &Text) -> Text {
    Text::new(format!("（{}）", t.zh), format!("({})", t.en))
}

/// `x` against several values: "`原因`为 "外出务工"，不是 "精神疾病"、"自费出国"
/// 之一".
fn one_of(c: &Choice, values: &[Text], has: Vec<Text>) -> Why {
    let list = joined(values, "、", ", ");
    let (lhs, actual) = (&c.lhs, &c.actual);
    let detail = Text::new(
        format!("{}为 {}，不是 {} 之一", lhs.zh, actual.zh, list.zh),
        format!("{} is {}, not one of {}", lhs.en, actual.en, list.en),
    );
    Why {
        detail: Some(detail.clone()),
        expected: Some(Text::new(
            format!("等于 {} 之一", list.zh),
            format!("one of {}", list.en),
        )),
        actual: Some(actual.clone()),
        span: None,
        said: Some(detail),
        need: Some(Text::new(
            format!("{}为 {} 之一", lhs.zh, list.zh),
            format!("{} is one of {}", lhs.en, list.en),
        )),
        has,
        alternatives: None,
        choice: None,
        all: false,
    }
}

/// Several requirements that all fail together: every one is explained. A
/// part that is itself a list of alternatives is bracketed, so that its
/// items do not read as items of the outer list.
fn conjunction(items: Vec<Why>) -> Why {
    let nested = |i: &Why, t: Text| {
        if i.alternatives.is_some() {
            Text::new(format!("「{}」", t.zh), format!("[{}]", t.en))
        } else {
            t
        }
    };
    let saids: Vec<Text> = items.iter().map(|i| nested(i, said(i))).collect();
    let has = shown(&items);
    let needs: Vec<Text> = items
        .iter()
        .map(|i| {
            if i.alternatives.is_some() {
                bracketed(&need(i))
            } else {
                need(i)
            }
        })
        .collect();
    let need = joined(&needs, " 且 ", " and ");
    Why {
        detail: Some(joined(&saids, "；", "; ")),
        expected: Some(need.clone()),
        actual: shown_text(&has),
        span: items.iter().find_map(|i| i.span),
        said: Some(joined(&saids, "，且", ", and ")),
        need: Some(need),
        has,
        alternatives: None,
        choice: None,
        all: true,
    }
}

/// A yes-or-no value that has the wrong value: a fact, a parameter, a
/// field, whether a stage took place.
fn boolean<'w>(ev: &mut Eval<'w, '_>, e: &'w TExpr, want: bool) -> Option<Why> {
    if e.ty != Type::Bool || ev.truth(e).ok()? == want {
        return None;
    }
    if let TExprKind::StageCall {
        func: func @ (Builtin::Happened | Builtin::Shortfall | Builtin::Tie),
        target,
        ..
    } = &e.kind
    {
        let name = ev.w.proc.target_name(*target);
        let (held, not) = match func {
            Builtin::Shortfall => (
                Text::new(
                    format!("`{name}` 出现缺额"),
                    format!("`{name}` left seats unfilled"),
                ),
                Text::new(
                    format!("`{name}` 没有缺额"),
                    format!("`{name}` filled every seat"),
                ),
            ),
            Builtin::Tie => (
                Text::new(
                    format!("`{name}` 出现平票"),
                    format!("`{name}` ended in a tie at the last seat"),
                ),
                Text::new(
                    format!("`{name}` 没有平票"),
                    format!("`{name}` has no tie at the last seat"),
                ),
            ),
            _ => (
                Text::new(format!("`{name}` 已进行"), format!("`{name}` took place")),
                Text::new(
                    format!("`{name}` 未进行"),
                    format!("`{name}` did not take place"),
                ),
            ),
        };
        let (has, need) = if want { (not, held) } else { (held, not) };
        return Some(Why {
            detail: Some(has.clone()),
            expected: Some(need.clone()),
            said: Some(has.clone()),
            need: Some(need),
            has: vec![has],
            ..Why::default()
        });
    }
    let name = name_of(ev.w, e)?;
    let (v, w) = (value_words(&V::Bool(!want)), value_words(&V::Bool(want)));
    let detail = Text::new(
        format!("{}为 {}，应为 {}", name.zh, v.zh, w.zh),
        format!("{} is {}, not {}", name.en, v.en, w.en),
    );
    // A bare "yes" says nothing without its subject.
    let need = Text::new(
        format!("{}为 {}", name.zh, w.zh),
        format!("{} is {}", name.en, w.en),
    );
    Some(Why {
        detail: Some(detail.clone()),
        expected: Some(need.clone()),
        actual: Some(v.clone()),
        span: value_span(ev.w, e),
        said: Some(detail),
        need: Some(need),
        has: vec![Text::new(
            format!("{}为 {}", name.zh, v.zh),
            format!("{} is {}", name.en, v.en),
        )],
        alternatives: None,
        choice: None,
        all: false,
    })
}

/// An element that must not exist does: “有负面情形的候选人中有 `吴刚`（`姓名`为
/// "吴刚"）”.
fn among(w: &World<'_>, el: Elem, many: &Text, inner: Why) -> Why {
    let bare = w.elem_bare_name(el);
    let who = Text::new(bare.clone(), bare.clone());
    // The reason, unless it only repeats the name (`姓名`为 "吴刚").
    let plain = bare.trim_matches('`');
    let why = match inner.detail.clone() {
        Some(d) if !d.zh.contains(plain) => {
            Text::new(format!("（{}）", d.zh), format!(" ({})", d.en))
        }
        _ => Text::new(String::new(), String::new()),
    };
    let detail = Text::new(
        format!("{}中有 {}{}", many.zh, who.zh, why.zh),
        format!("the {} include {}{}", many.en, who.en, why.en),
    );
    about_element(w, el, detail, inner)
}

/// `inner`, said as `detail` about element `el` and labelled on it.
fn about_element(w: &World<'_>, el: Elem, detail: Text, inner: Why) -> Why {
    Why {
        detail: Some(detail.clone()),
        span: w.elem_span(el).or(inner.span),
        said: Some(detail),
        alternatives: None,
        choice: None,
        ..inner
    }
}

fn with_element(w: &World<'_>, el: Elem, inner: Why) -> Why {
    let who = w.elem_name(el);
    let detail = match (&inner.alternatives, &inner.detail) {
        (Some(list), _) => Text::new(
            format!("{}不满足以下任何一项：{}", who.zh, list.zh),
            format!("{} meets none of these: {}", who.en, list.en),
        ),
        (None, Some(d)) => Text::new(
            format!("{}：{}", who.zh, d.zh),
            format!("{}: {}", who.en, d.en),
        ),
        (None, None) => Text::new(
            format!("{}不满足条件", who.zh),
            format!("{} does not satisfy the condition", who.en),
        ),
    };
    about_element(w, el, detail, inner)
}

/// Where the record gives the value of `e` (a fact).
fn value_span(w: &World<'_>, e: &TExpr) -> Option<Span> {
    match &e.kind {
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => w.fact_span(*f),
        _ => None,
    }
}

/// A short name for the value of `e`: "`参加投票`", "`性别`", "the number
/// of candidates", …
fn name_of(w: &World<'_>, e: &TExpr) -> Option<Text> {
    let quoted = |n: &str| Text::new(format!("`{n}`"), format!("`{n}`"));
    Some(match &e.kind {
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => {
            quoted(&w.proc.facts.get(f.0)?.name.name)
        }
        TExprKind::Param(p) => quoted(&w.proc.params.get(p.0)?.name.name),
        TExprKind::ElemField { coll, field, .. } | TExprKind::Field { coll, field, .. } => {
            let def = coll.fields().find(|d| d.field == *field)?;
            Text::new(format!("`{}`", def.zh), format!("`{}`", def.en))
        }
        TExprKind::Count { coll, .. } => crate::explain::count_phrase(w.proc, None, e)
            .unwrap_or_else(|| {
                Text::new(
                    format!("符合条件的{}数", coll.element_zh()),
                    format!("the number of matching {}", coll.name()),
                )
            }),
        TExprKind::Votes => Text::new("得票", "the votes"),
        TExprKind::Call {
            func: Builtin::Age, ..
        } => Text::new("年龄", "the age"),
        TExprKind::Call {
            func: Builtin::Seats,
            ..
        } => Text::new("名额", "the seats"),
        _ => return None,
    })
}

/// A value in words, in each language: `是`/`true`, `女`/`female`.
fn value_words(v: &V<'_>) -> Text {
    let same = |s: String| Text::new(s.clone(), s);
    match v {
        V::Num(n) => same(num(&n.to_big())),
        V::Date(d) => same(d.to_string()),
        V::Bool(true) => Text::new("是", "true"),
        V::Bool(false) => Text::new("否", "false"),
        V::Text(s) => same(format!("\"{s}\"")),
        V::Enum(e) => Text::new(e.name_zh(), e.name()),
        V::Elem(_) => same("…".to_string()),
    }
}

/// The right-hand side in words: "1/3 of 1745" for `1/3 of 发出选票`,
/// "`发出选票` (1500)" for a named value, else the number.
fn bound_words(w: &World<'_>, e: &TExpr, v: &V<'_>) -> Text {
    let plain = value_words(v);
    if let TExprKind::Of { fraction, whole } = &e.kind {
        if let (TExprKind::Number(f), Some(wv)) = (&fraction.kind, whole_value(w, whole)) {
            let (f, wv) = (crate::explain::fraction_words(f), num(&wv));
            let gap = if f.zh.starts_with(|c: char| c.is_ascii_digit()) {
                " "
            } else {
                ""
            };
            return Text::new(
                format!("{wv} 的{gap}{}（{}）", f.zh, plain.zh),
                format!("{} of {wv} ({})", f.en, plain.en),
            );
        }
    }
    // A field on the right may be another element's: its number says more.
    let named = !matches!(
        e.kind,
        TExprKind::Count { .. } | TExprKind::ElemField { .. } | TExprKind::Field { .. }
    );
    match name_of(w, e) {
        Some(n) if named => Text::new(
            format!("{}（{}）", n.zh, plain.zh),
            format!("{} ({})", n.en, plain.en),
        ),
        _ => plain,
    }
}

fn whole_value(w: &World<'_>, e: &TExpr) -> Option<BigRational> {
    match &e.kind {
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => match w.facts.get(f.0)? {
            super::world::FactSlot::Given(V::Num(n), _) => Some(n.to_big()),
            _ => None,
        },
        TExprKind::Number(n) => Some(n.clone()),
        _ => None,
    }
}

fn integral(e: &TExpr) -> bool {
    matches!(e.ty, Type::Count | Type::Int | Type::Days)
}

fn comparison(
    w: &World<'_>,
    c: Comparison,
    want: bool,
    a: &TExpr,
    b: &TExpr,
    x: &V<'_>,
    y: &V<'_>,
) -> Option<Why> {
    let lhs = name_of(w, a).unwrap_or_else(|| Text::new("其值", "the value"));
    let actual = value_words(x);
    let mut why = Why {
        actual: Some(actual.clone()),
        ..Why::default()
    };
    match (x, y) {
        (V::Num(xa), V::Num(yb)) => {
            let whole = integral(a);
            let bound = bound_words(w, b, y);
            let (detail, expected) =
                numeric(c, want, &lhs, &xa.to_big(), &yb.to_big(), &bound, whole)?;
            why.detail = Some(detail);
            why.expected = Some(expected);
        }
        (V::Date(_), V::Date(d)) => {
            let c = if want { c } else { c.negated()? };
            let (zh, en) = match c {
                Comparison::Ge => ("不早于", "on or after"),
                Comparison::Gt => ("晚于", "after"),
                Comparison::Le => ("不晚于", "on or before"),
                Comparison::Lt => ("早于", "before"),
                Comparison::Eq => ("等于", "on"),
                Comparison::Ne => ("不等于", "not on"),
                Comparison::Majority => return None,
            };
            why.expected = Some(Text::new(format!("{zh} {d}"), format!("{en} {d}")));
            why.detail = Some(Text::new(
                format!("{}为 {}，应{zh} {d}", lhs.zh, actual.zh),
                format!("{} is {}; it must be {en} {d}", lhs.en, actual.en),
            ));
        }
        _ => {
            let shown = value_words(y);
            let equal = (c == Comparison::Eq) == want;
            let (zh, en) = match equal {
                true => ("等于", "equal to"),
                false => ("不等于", "not equal to"),
            };
            why.expected = Some(Text::new(
                format!("{zh} {}", shown.zh),
                format!("{en} {}", shown.en),
            ));
            why.detail = Some(Text::new(
                format!("{}为 {}", lhs.zh, actual.zh),
                format!("{} is {}", lhs.en, actual.en),
            ));
            why.said = Some(if equal {
                Text::new(
                    format!("{}为 {}，不是 {}", lhs.zh, actual.zh, shown.zh),
                    format!("{} is {}, not {}", lhs.en, actual.en, shown.en),
                )
            } else {
                Text::new(
                    format!("{}为 {}，要求不等于 {}", lhs.zh, actual.zh, shown.zh),
                    format!("{} is {}, which it must not be", lhs.en, actual.en),
                )
            });
            if equal {
                why.choice = Some(Choice {
                    lhs: lhs.clone(),
                    actual: actual.clone(),
                    shown,
                });
            }
        }
    }
    if let Some(e) = &why.expected {
        why.need = Some(Text::new(
            format!("{}{}", lhs.zh, e.zh),
            format!("{} is {}", lhs.en, e.en),
        ));
    }
    why.has = vec![Text::new(
        format!("{}为 {}", lhs.zh, actual.zh),
        format!("{} is {}", lhs.en, actual.en),
    )];
    Some(why)
}

/// The detail and the expected value of a failed numeric comparison, with
/// the smallest (or largest) passing whole number when the value is whole.
fn numeric(
    c: Comparison,
    want: bool,
    lhs: &Text,
    x: &BigRational,
    y: &BigRational,
    bound: &Text,
    whole: bool,
) -> Option<(Text, Text)> {
    let a = num(x);
    if c == Comparison::Majority {
        let half = y / BigRational::from_integer(2.into());
        let of = num(y);
        return Some(if want {
            let n = floor(&half) + 1;
            let need = if whole {
                (format!("，至少需要 {n}"), format!("; {n} needed"))
            } else {
                (String::new(), String::new())
            };
            let ie = if whole {
                (format!("，即至少 {n}"), format!(", i.e. at least {n}"))
            } else {
                (String::new(), String::new())
            };
            (
                Text::new(
                    format!("{}为 {a}，未超过 {of} 的半数{}", lhs.zh, need.0),
                    format!("{a} of {of} is not more than half{}", need.1),
                ),
                Text::new(
                    format!("超过 {of} 的半数{}", ie.0),
                    format!("more than half of {of}{}", ie.1),
                ),
            )
        } else {
            let n = floor(&half);
            (
                Text::new(
                    format!("{}为 {a}，超过了 {of} 的半数", lhs.zh),
                    format!("{a} of {of} is more than half"),
                ),
                Text::new(
                    format!("不超过 {of} 的半数，即至多 {n}"),
                    format!("at most half of {of}, i.e. at most {n}"),
                ),
            )
        });
    }
    let c = if want { c } else { c.negated()? };
    let b = (bound.zh.as_str(), bound.en.as_str());
    // (expected zh, expected en, failing relation zh, en, passing whole number, "needed"/"allowed")
    let (ezh, een, rzh, ren, n, up) = match c {
        Comparison::Ge => ("不少于", "at least", "少于", "less than", ceil(y), true),
        Comparison::Gt => (
            "超过",
            "more than",
            "未超过",
            "not more than",
            floor(y) + 1,
            true,
        ),
        Comparison::Le => ("不超过", "at most", "超过", "more than", floor(y), false),
        Comparison::Lt => (
            "少于",
            "less than",
            "不少于",
            "not less than",
            ceil(y) - 1,
            false,
        ),
        Comparison::Eq => {
            return Some((
                Text::new(
                    format!("{}为 {a}，不等于 {}", lhs.zh, b.0),
                    format!("{} is {a}, not {}", lhs.en, b.1),
                ),
                Text::new(format!("等于 {}", b.0), format!("exactly {}", b.1)),
            ))
        }
        Comparison::Ne => {
            return Some((
                Text::new(
                    format!("{}为 {a}，不应等于 {}", lhs.zh, b.0),
                    format!("{} is {a}, which it must not be", lhs.en),
                ),
                Text::new(format!("不等于 {}", b.0), format!("not {}", b.1)),
            ))
        }
        Comparison::Majority => return None,
    };
    let n = n.to_string();
    let simple = y.is_integer() && matches!(c, Comparison::Ge | Comparison::Le);
    let expected = if whole && !simple {
        let (zh_i, en_i) = if up {
            ("至少", "at least")
        } else {
            ("至多", "at most")
        };
        Text::new(
            format!("{ezh} {}，即{zh_i} {n}", b.0),
            format!("{een} {}, i.e. {en_i} {n}", b.1),
        )
    } else {
        Text::new(format!("{ezh} {}", b.0), format!("{een} {}", b.1))
    };
    let tail = match (whole, up) {
        (false, _) => (String::new(), String::new()),
        (true, true) => (format!("，至少需要 {n}"), format!("; at least {n} needed")),
        (true, false) => (format!("，至多允许 {n}"), format!("; at most {n} allowed")),
    };
    Some((
        Text::new(
            format!("{}为 {a}，{rzh} {}{}", lhs.zh, b.0, tail.0),
            format!("{} is {a}, {ren} {}{}", lhs.en, b.1, tail.1),
        ),
        expected,
    ))
}

/// The words for a failed rule without a finer explanation.
pub(crate) fn generic() -> Text {
    Text::new("条件不成立", "the condition does not hold")
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    fn r(n: i64) -> BigRational {
        BigRational::from_integer(BigInt::from(n))
    }

    #[test]
    fn majority_names_the_smallest_passing_number() {
        let lhs = Text::new("`参加投票`", "`参加投票`");
        let bound = Text::new("2000", "2000");
        let (detail, expected) = numeric(
            Comparison::Majority,
            true,
            &lhs,
            &r(1000),
            &r(2000),
            &bound,
            true,
        )
        .unwrap_or_else(|| (generic(), generic()));
        assert_eq!(detail.en, "1000 of 2000 is not more than half; 1001 needed");
        assert_eq!(expected.en, "more than half of 2000, i.e. at least 1001");
        let (_, expected) = numeric(
            Comparison::Majority,
            true,
            &lhs,
            &r(1000),
            &r(2001),
            &bound,
            true,
        )
        .unwrap_or_else(|| (generic(), generic()));
        assert_eq!(expected.en, "more than half of 2001, i.e. at least 1001");
    }

    #[test]
    fn rational_bounds_round_the_right_way() {
        let lhs = Text::new("x", "x");
        let third = BigRational::new(BigInt::from(1745), BigInt::from(3));
        let bound = Text::new("1745 的 1/3", "1/3 of 1745 (1745/3)");
        let (detail, expected) = numeric(Comparison::Ge, true, &lhs, &r(500), &third, &bound, true)
            .unwrap_or_else(|| (generic(), generic()));
        assert_eq!(
            expected.en,
            "at least 1/3 of 1745 (1745/3), i.e. at least 582"
        );
        assert!(detail.en.ends_with("at least 582 needed"), "{}", detail.en);
        let (_, expected) = numeric(Comparison::Le, true, &lhs, &r(9), &third, &bound, true)
            .unwrap_or_else(|| (generic(), generic()));
        assert!(expected.en.ends_with("at most 581"), "{}", expected.en);
        let (_, expected) = numeric(Comparison::Gt, false, &lhs, &r(1), &r(0), &bound, true)
            .unwrap_or_else(|| (generic(), generic()));
        assert!(expected.en.starts_with("at most"), "{}", expected.en);
    }
}
