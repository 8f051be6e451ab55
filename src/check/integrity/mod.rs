//! Record integrity, before any rule: numbers of the record that cannot all
//! be true, and (`names`) duplicate entries and votes for someone on no
//! candidate list. See `docs/design/integrity.md`.
//!
//! What a number means is read from the procedure's own rules, never from
//! the library's fact names:
//!
//! - a quorum `A 过半数 B`, `A 为 B 的 r 以上`, `A 超过 B 的 r` (r a number
//!   or parameter no larger than 1) says that `A` is a part of `B`: the
//!   record's `A` may not exceed its `B` (attendance above the registered
//!   or expected number);
//! - an `elect` rule `得票 … B` names `B` as the base of the votes: no
//!   candidate may have more votes than `B`, and the votes of one position
//!   in one round may not sum to more than `B` × its seats.
//!
//! A value reported here is then as unusable as a missing one: its fact
//! becomes [`FactSlot::Bad`] and a stage's inconsistent tally is marked in
//! [`World::bad_tally`], so that the quorums, requirements and elections
//! that read them are skipped instead of reporting the same cause again.

mod names;
#[cfg(test)]
mod tests;

use super::finding::{Finding, Kind};
use super::gaps::Gaps;
use super::text;
use super::world::{FactSlot, World};
use crate::ast::Comparison;
use crate::diag::{Code, Text};
use crate::exact::Exact;
use crate::resolve::{FactId, FactScope, RuleKind, StageId, TExpr, TExprKind, Value};
use crate::span::Span;
use num_bigint::BigInt;
use num_rational::BigRational;
use std::collections::BTreeMap;

/// Checks the record's integrity; see the module documentation.
pub(crate) fn check(w: &mut World<'_>, gaps: &mut Gaps, out: &mut Vec<Finding>) {
    let meaning = Meaning::infer(w);
    attendance(w, &meaning, out);
    names::check(w, gaps, out);
    votes(w, &meaning, out);
}

/// Where the procedure says what a fact means.
#[derive(Clone, Debug)]
struct Source {
    stage: StageId,
    rule: Span,
    basis: Option<String>,
}

/// What the procedure's rules say about its facts.
#[derive(Default)]
struct Meaning {
    /// `(part, whole)`: a quorum counts `part` as a part of `whole`.
    parts: Vec<(FactId, FactId, Source)>,
    /// Per elect stage, the facts its elect rules take as the votes' base.
    bases: BTreeMap<StageId, Vec<(FactId, Source)>>,
    /// Per stage, `(X, Y)` of its requirements `X 不超过 Y` between facts:
    /// the rule itself reports them.
    caps: BTreeMap<StageId, Vec<(FactId, FactId)>>,
}

impl Meaning {
    fn infer(w: &World<'_>) -> Meaning {
        let mut m = Meaning::default();
        for (i, stage) in w.proc.stages.iter().enumerate() {
            let s = StageId(i);
            for rule in &stage.rules {
                let src = Source {
                    stage: s,
                    rule: rule.span,
                    basis: text::basis(w.proc, rule.cite.as_ref()),
                };
                if let (RuleKind::Require, TExprKind::Compare(Comparison::Le, x, y)) =
                    (&rule.kind, &rule.expr.kind)
                {
                    if let (Some(x), Some(y)) = (fact_of(x), fact_of(y)) {
                        m.caps.entry(s).or_default().push((x, y));
                    }
                }
                let mut found = Vec::new();
                comparisons(&rule.expr, &mut found);
                for (lhs, rhs, cmp) in found {
                    let Some(whole) = whole_of(w, rhs, cmp) else {
                        continue;
                    };
                    match (&rule.kind, &lhs.kind) {
                        (RuleKind::Quorum, _) => {
                            if let Some(part) = fact_of(lhs) {
                                if part != whole
                                    && !m.parts.iter().any(|(a, b, _)| (*a, *b) == (part, whole))
                                {
                                    m.parts.push((part, whole, src.clone()));
                                }
                            }
                        }
                        (RuleKind::Elect { .. }, TExprKind::Votes) => {
                            let list = m.bases.entry(s).or_default();
                            if !list.iter().any(|(f, _)| *f == whole) {
                                list.push((whole, src.clone()));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        m
    }
}

/// The comparisons `lhs ≥/>/过半数 rhs` of a condition, through `且` and
/// `或` only (a negated comparison says the opposite).
fn comparisons<'e>(e: &'e TExpr, out: &mut Vec<(&'e TExpr, &'e TExpr, Comparison)>) {
    match &e.kind {
        TExprKind::Binary(crate::ast::BinOp::And | crate::ast::BinOp::Or, a, b) => {
            comparisons(a, out);
            comparisons(b, out);
        }
        TExprKind::Compare(c @ (Comparison::Gt | Comparison::Ge | Comparison::Majority), a, b) => {
            out.push((a, b, *c));
        }
        _ => {}
    }
}

/// The fact an expression reads, when it is one.
fn fact_of(e: &TExpr) -> Option<FactId> {
    match e.kind {
        TExprKind::Fact(f) | TExprKind::StageFact(_, f) => Some(f),
        _ => None,
    }
}

/// `B` when `e` is `B` itself (under `过半数`), or `r` of (or times) `B`
/// with `r` a number or parameter between 0 and 1.
fn whole_of(w: &World<'_>, e: &TExpr, cmp: Comparison) -> Option<FactId> {
    if cmp == Comparison::Majority {
        return fact_of(e);
    }
    let (r, b) = match &e.kind {
        TExprKind::Of { fraction, whole } => (fraction.as_ref(), whole.as_ref()),
        TExprKind::Binary(crate::ast::BinOp::Mul, a, b) if fact_of(b).is_some() => {
            (a.as_ref(), b.as_ref())
        }
        TExprKind::Binary(crate::ast::BinOp::Mul, a, b) => (b.as_ref(), a.as_ref()),
        _ => return None,
    };
    let r = match &r.kind {
        TExprKind::Number(r) => r.clone(),
        TExprKind::Param(p) => match w.params.0.get(p.0).and_then(|v| v.as_ref()) {
            Some(Value::Ratio(r) | Value::Number(r)) => r.clone(),
            Some(Value::Count(n)) => BigRational::from_integer(n.clone()),
            _ => return None,
        },
        _ => return None,
    };
    let zero = BigRational::from_integer(BigInt::from(0));
    let one = BigRational::from_integer(BigInt::from(1));
    (r > zero && r <= one).then_some(())?;
    fact_of(b)
}

/// A fact's count as the record gives it (usable), with its span.
fn count(w: &World<'_>, f: FactId) -> Option<(Exact, Span)> {
    match w.facts.get(f.0) {
        Some(FactSlot::Given(super::eval::V::Num(n), span)) => Some((n.clone(), *span)),
        _ => None,
    }
}

/// Marks a fact unusable: rules that read it skip, as for a missing value.
fn spoil(w: &mut World<'_>, f: FactId) {
    if let Some(slot) = w.facts.get_mut(f.0) {
        *slot = FactSlot::Bad;
    }
}

fn fact_name<'a>(w: &World<'a>, f: FactId) -> &'a str {
    w.proc.facts.get(f.0).map_or("?", |d| d.name.name.as_str())
}

fn show(n: &Exact) -> String {
    text::num(&n.to_big())
}

/// `` `参加投票`（2544） `` / `` `参加投票` (2544) ``.
fn named(w: &World<'_>, f: FactId, n: &Exact) -> Text {
    let name = fact_name(w, f);
    let v = show(n);
    Text::new(format!("`{name}`（{v}）"), format!("`{name}` ({v})"))
}

/// The stage a fact is written in, else the one whose rule reads it.
fn stage_of(w: &World<'_>, f: FactId, src: &Source) -> Option<String> {
    match w.proc.facts.get(f.0).map(|d| d.scope) {
        Some(FactScope::Procedure) => None,
        Some(FactScope::Stage(s)) => Some(w.stage_name(s).to_string()),
        None => Some(w.stage_name(src.stage).to_string()),
    }
}

/// A finding of record integrity.
pub(super) fn finding(code: Code, message: Text, span: Span) -> Finding {
    Finding::error(Kind::Data, message, span).with_code(code)
}

/// A part above its whole: one finding per whole (a whole of 0 with two
/// parts above it is one mistake), labelled on the part when it is the only
/// one, else on the whole.
fn attendance(w: &mut World<'_>, m: &Meaning, out: &mut Vec<Finding>) {
    let mut wholes: Vec<FactId> = Vec::new();
    for (_, b, _) in &m.parts {
        if !wholes.contains(b) {
            wholes.push(*b);
        }
    }
    for b in wholes {
        let Some((vb, b_span)) = count(w, b) else {
            continue;
        };
        let over: Vec<(FactId, Exact, Span, Source)> = m
            .parts
            .iter()
            .filter(|(_, whole, _)| *whole == b)
            .filter_map(|(a, _, src)| {
                let (va, span) = count(w, *a)?;
                (va > vb).then_some((*a, va, span, src.clone()))
            })
            .collect();
        let Some((a0, va0, span0, src0)) = over.first().cloned() else {
            continue;
        };
        let whole = named(w, b, &vb);
        let b_name = fact_name(w, b);
        let f = if over.len() == 1 {
            let part = named(w, a0, &va0);
            finding(
                Code::InconsistentData,
                Text::new(
                    format!("{}超过了 {}，而前者只是后者的一部分", part.zh, whole.zh),
                    format!("{} exceeds {}, of which it is a part", part.en, whole.en),
                ),
                span0,
            )
            .with_stage_opt(stage_of(w, a0, &src0))
            .with_expected(Text::new(
                format!("不超过 `{b_name}`（{}）", show(&vb)),
                format!("at most `{b_name}` ({})", show(&vb)),
            ))
            .with_actual(Text::new(show(&va0), show(&va0)))
        } else {
            let parts: Vec<String> = over.iter().map(|(a, va, ..)| named(w, *a, va).zh).collect();
            let parts_en: Vec<String> = over.iter().map(|(a, va, ..)| named(w, *a, va).en).collect();
            let top = over.iter().map(|(_, va, ..)| va.clone()).max().unwrap_or(va0.clone());
            finding(
                Code::InconsistentData,
                Text::new(
                    format!("{}小于作为其一部分的 {}", whole.zh, parts.join("、")),
                    format!("{} is smaller than its parts {}", whole.en, parts_en.join(" and ")),
                ),
                b_span,
            )
            .with_stage_opt(stage_of(w, b, &src0))
            .with_expected(Text::new(
                format!("不少于 {}", show(&top)),
                format!("at least {}", show(&top)),
            ))
            .with_actual(Text::new(show(&vb), show(&vb)))
        }
        .with_rule(src0.rule)
        .with_basis(src0.basis.clone())
        .with_note({
            let zh: Vec<String> = over.iter().map(|(a, ..)| format!("`{}`", fact_name(w, *a))).collect();
            let (zh, en) = (zh.join("、"), zh.join(", "));
            Text::new(
                format!("程序的法定人数规则把 {zh} 算作 `{b_name}` 的一部分；其中必有数字有误，读取它们的规则不再核对"),
                format!("the procedure's quorum counts {en} as a part of `{b_name}`; a number is wrong, and the rules that read them are not checked"),
            )
        });
        out.push(f);
        spoil(w, b);
        for (a, ..) in over {
            spoil(w, a);
        }
    }
}

/// Votes above their base: per elect stage, one finding for the candidates
/// with more votes than the smallest base, else one for a position whose
/// votes in one round sum to more than the base × its seats.
fn votes(w: &mut World<'_>, m: &Meaning, out: &mut Vec<Finding>) {
    for (&s, list) in &m.bases {
        if w.bad_tally.get(s.0).copied().unwrap_or(true) {
            continue;
        }
        let Some(entry) = w.slot(s).entry() else {
            continue;
        };
        // Ballots returned above the number of voters: the stage's own
        // requirement reports it, and the votes follow the ballots.
        let capped = m.caps.get(&s).into_iter().flatten().any(
            |(x, y)| matches!((count(w, *x), count(w, *y)), (Some((x, _)), Some((y, _))) if x > y),
        );
        if capped {
            continue;
        }
        let bases: Vec<(FactId, Exact, Source)> = list
            .iter()
            .filter_map(|(f, src)| count(w, *f).map(|(n, _)| (*f, n, src.clone())))
            .collect();
        let Some((b, vb, src)) = bases.iter().min_by(|x, y| x.1.cmp(&y.1)).cloned() else {
            continue;
        };
        let stage = w.stage_name(s).to_string();
        let base = named(w, b, &vb);
        let above: Vec<&crate::record::TallyEntry> = entry
            .tally
            .iter()
            .filter(|t| Exact::uint(t.votes.value) > vb)
            .collect();
        let found = if let Some(first) = above.first() {
            let zh: Vec<String> = above
                .iter()
                .map(|t| format!("`{}`（{} 票）", t.candidate.value, t.votes.value))
                .collect();
            let en: Vec<String> = above
                .iter()
                .map(|t| format!("`{}` ({} votes)", t.candidate.value, t.votes.value))
                .collect();
            let message = Text::new(
                format!("{}的得票超过了 {}", zh.join("、"), base.zh),
                format!("more votes than {}: {}", base.en, en.join(", ")),
            );
            Some(
                finding(Code::InconsistentData, message, first.votes.span)
                    .with_expected(Text::new(
                        format!("每人得票不超过 {}", base.zh),
                        format!("at most {} votes each", base.en),
                    ))
                    .with_actual(Text::new(
                        format!("{} 票", first.votes.value),
                        format!("{} votes", first.votes.value),
                    )),
            )
        } else {
            over_seats(w, s, entry, &vb).map(|(pos, seats, sum, span)| {
                let max = vb.mul(&Exact::uint(seats));
                finding(
                    Code::InconsistentData,
                    Text::new(
                        format!(
                            "职务 `{pos}` 的得票合计 {sum} 票，超过了 {} × 名额 {seats}",
                            base.zh
                        ),
                        format!(
                            "the votes for `{pos}` sum to {sum}, more than {} × {seats} seats",
                            base.en
                        ),
                    ),
                    span,
                )
                .with_expected(Text::new(
                    format!("合计不超过 {} 票", show(&max)),
                    format!("at most {} votes in all", show(&max)),
                ))
                .with_actual(Text::new(format!("{sum} 票"), format!("{sum} votes")))
            })
        };
        let Some(f) = found else {
            continue;
        };
        out.push(
            f.with_stage(stage)
                .with_rule(src.rule)
                .with_basis(src.basis.clone())
                .with_note(Text::new(
                    "每张选票对每名候选人至多投一票，对一个职务至多投名额数的票；计票或基数有误，本阶段的当选结果不再核对",
                    "a ballot gives each candidate at most one vote and a position at most as many votes as it has seats; the tally or its base is wrong, and the stage's winners are not checked",
                )),
        );
        if let Some(x) = w.bad_tally.get_mut(s.0) {
            *x = true;
        }
        for (f, n, _) in &bases {
            if *n == vb {
                spoil(w, *f);
            }
        }
    }
}

/// The first position and round of stage `s`'s tally whose votes sum to
/// more than `base` × the position's seats: the position, its seats, the
/// sum and the span of the round's last line.
fn over_seats(
    w: &World<'_>,
    _s: StageId,
    entry: &crate::record::StageEntry,
    base: &Exact,
) -> Option<(String, u64, u64, Span)> {
    let mut sums: BTreeMap<(usize, u32), (u64, Span)> = BTreeMap::new();
    for t in &entry.tally {
        let Some(p) = w.position(&t.position.value) else {
            continue;
        };
        let round = t.round.as_ref().map_or(1, |r| r.value);
        let e = sums.entry((p.0, round)).or_insert((0, t.votes.span));
        e.0 = e.0.saturating_add(t.votes.value);
        e.1 = t.votes.span;
    }
    sums.into_iter().find_map(|((p, _), (sum, span))| {
        let seats = w.seats(crate::resolve::PositionId(p)).ok()?;
        (Exact::uint(sum) > base.mul(&Exact::uint(seats))).then(|| {
            let name = w.position_name(crate::resolve::PositionId(p)).to_string();
            (name, seats, sum, span)
        })
    })
}
