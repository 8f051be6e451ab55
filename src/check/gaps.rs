//! Values the record lacks: every gap a rule, a condition or an election
//! runs into, reported when the checks are done so that a fact entry the
//! record misspells or puts in the wrong place explains the gap instead of
//! being a second finding. All the values missing from one record are one
//! `data` finding that names each of them, with a label on each place (the
//! key when the record leaves it blank, else where it belongs), so that the
//! inspector completes the record once. A rule that stops at a gap also
//! names the other values it reads that are missing, so that a rule needing
//! two missing facts names both. Rules that need a missing value are
//! skipped: the gap is their one finding.

use super::elect::Outcome;
use super::eval::{Elem, Eval, Stop, R};
use super::finding::{Finding, Kind};
use super::fit::{type_words, Stray};
use super::world::{Gap, World};
use crate::diag::{did_you_mean, Text};
use crate::resolve::{Builtin, FactScope, Field, Seats, StageId, TExpr, TExprKind};
use crate::span::Span;
use std::collections::HashSet;

/// Where a gap was met: the stage, the rule (or condition) and its basis.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub stage: Option<StageId>,
    pub rule_span: Span,
    pub basis: Option<String>,
}

/// The gaps met so far, first occurrence first.
#[derive(Default)]
pub(crate) struct Gaps {
    seen: HashSet<Gap>,
    list: Vec<(Gap, Context)>,
    /// Elements a finding already explains (a tally name on no candidate
    /// list): their unknown fields are not reported again.
    settled: HashSet<Elem>,
}

impl Gaps {
    /// Notes that a finding explains everything unknown about `el`.
    pub fn settle(&mut self, el: Elem) {
        self.settled.insert(el);
    }

    /// Notes the gap a stop names, if it is one (and new); the context is
    /// built only then.
    pub fn note(&mut self, stop: &Stop, ctx: impl FnOnce() -> Context) {
        if let Stop::Gap(g) = stop {
            if matches!(g, Gap::Field(el, _) if self.settled.contains(el)) {
                return;
            }
            if self.seen.insert(*g) {
                self.list.push((*g, ctx()));
            }
        }
    }

    /// Notes the gap a stop names (as [`Gaps::note`]) and, when it is one,
    /// every other value `expr` reads that the record lacks (`outcomes`: the
    /// elections of the stages before, as for the evaluation).
    pub fn note_all(
        &mut self,
        w: &World<'_>,
        outcomes: &[Option<R<Outcome>>],
        stop: &Stop,
        expr: &TExpr,
        ctx: impl Fn() -> Context,
    ) {
        if !matches!(stop, Stop::Gap(_)) {
            return;
        }
        self.note(stop, &ctx);
        for gap in missing_in(w, outcomes, expr) {
            self.note(&Stop::Gap(gap), &ctx);
        }
    }

    /// One `data` finding for all the values the record lacks (each named,
    /// each place labelled), one for each other gap (a division by zero, a
    /// tallied name on no list), then one warning per fact entry that names
    /// no fact and explains no gap.
    pub fn report(self, w: &World<'_>, strays: &[Stray<'_>], out: &mut Vec<Finding>) {
        let mut used = vec![false; strays.len()];
        let mut missing: Vec<(Text, Finding)> = Vec::new();
        for (gap, ctx) in &self.list {
            let f = finding(w, *gap, ctx, strays, &mut used);
            match missing_value(w, *gap) {
                Some(name) => missing.push((name, f)),
                None => out.push(f),
            }
        }
        out.extend(all_missing(missing));
        for (stray, used) in strays.iter().zip(used) {
            if !used {
                out.push(stray_warning(w, stray));
            }
        }
    }
}

/// The facts and seats `expr` reads that the record lacks (other than
/// those of stages not held, which are skipped, not missing), and for a
/// `count` or quantifier, the field each element stops at (a candidate's
/// gender, …), element by element as the evaluation reads them.
fn missing_in(w: &World<'_>, outcomes: &[Option<R<Outcome>>], expr: &TExpr) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut stack = vec![expr];
    let mut add = |r: Result<(), Stop>| {
        if let Err(Stop::Gap(g)) = r {
            if !out.contains(&g) {
                out.push(g);
            }
        }
    };
    let mut ev = Eval::new(w, outcomes);
    while let Some(e) = stack.pop() {
        // Elements one by one: a gap of each (nested quantifiers over an
        // outer element are not bound here and stop without a gap).
        let scope = match &e.kind {
            TExprKind::Count { coll, elem, filter } => Some((*coll, *elem, filter, None)),
            TExprKind::Quant {
                var, filter, body, ..
            } => var.coll.map(|c| (c, var.id, filter, Some(&**body))),
            _ => None,
        };
        if let Some((coll, var, filter, body)) = scope {
            for i in 0..ev.len(coll) {
                let el = Eval::element(coll, i);
                let r = ev.with(var, super::eval::V::Elem(el), |ev| {
                    if ev.admits(var, el, filter.as_deref())? {
                        if let Some(b) = body {
                            ev.truth(b)?;
                        }
                    }
                    Ok(())
                });
                add(r);
            }
        }
        match &e.kind {
            TExprKind::Fact(f) => add(w.fact(*f).map(|_| ())),
            TExprKind::StageFact(s, f) => add(w.stage_fact(*s, *f).map(|_| ())),
            TExprKind::Call {
                func: Builtin::Seats,
                args,
            } => {
                for a in args {
                    match &a.kind {
                        TExprKind::Position(p) => add(w.seats(*p).map(|_| ())),
                        _ => stack.push(a),
                    }
                }
            }
            _ => stack.extend(e.children()),
        }
    }
    // The stack visits right to left; name them as the rule reads them.
    out.reverse();
    out
}

/// How the one finding of all missing values names a gap (`None`: not a
/// value to fill in, reported on its own): as coverage names it.
fn missing_value(w: &World<'_>, gap: Gap) -> Option<Text> {
    match gap {
        Gap::Field(Elem::Unlisted(..), _) | Gap::Arithmetic(_) => None,
        _ => Some(super::coverage::gap_words(w, gap)),
    }
}

/// The one finding of all the values the record lacks: the finding of the
/// gap itself when there is one, else one that names them all, labelled
/// on each place (each gap's message is its label: it says whether the
/// value is blank or absent), with their notes.
fn all_missing(mut parts: Vec<(Text, Finding)>) -> Option<Finding> {
    if parts.len() <= 1 {
        return parts.pop().map(|(_, f)| f);
    }
    parts.sort_by(|(_, a), (_, b)| {
        a.record_span
            .sort_key()
            .cmp(&b.record_span.sort_key())
            .then_with(|| a.rule_span.sort_key().cmp(&b.rule_span.sort_key()))
    });
    let n = parts.len();
    let zh: Vec<&str> = parts.iter().map(|(t, _)| t.zh.as_str()).collect();
    let en: Vec<&str> = parts.iter().map(|(t, _)| t.en.as_str()).collect();
    // The place of the first; the rules are the several that need them.
    let first_record = parts
        .first()
        .map_or(Span::Synthetic, |(_, f)| f.record_span);
    let stage = parts.first().and_then(|(_, f)| f.stage.clone());
    let same_stage = parts.iter().all(|(_, f)| f.stage == stage);
    let mut out = Finding::error(
        Kind::Data,
        Text::new(
            format!("记录缺少 {n} 项数据：{}", zh.join("、")),
            format!("the record lacks {n} values: {}", en.join(", ")),
        ),
        first_record,
    )
    .with_stage_opt(stage.filter(|_| same_stage));
    for (_, f) in parts {
        out.places.push((f.record_span, f.message.clone()));
        for note in f.notes {
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
        }
    }
    Some(out.with_note(Text::new(
        "需要这些数据的规则均未核对；补全后请重新检查",
        "the rules that need these values were not checked; fill them in and check again",
    )))
}

pub(crate) fn field_words(field: Field) -> Text {
    let (zh, en) = match field {
        Field::Name => ("姓名", "name"),
        Field::Position => ("职务", "position"),
        Field::Gender => ("性别", "gender"),
        Field::List => ("名单", "list"),
        Field::BirthDate => ("出生日期", "birth_date"),
        Field::NominationVotes => ("提名得票", "nomination_votes"),
        Field::Disqualified => ("负面情形", "disqualified"),
        Field::Incumbent => ("连任", "incumbent"),
        Field::Withdrawn => ("已退出", "withdrawn"),
        Field::WithdrawnOn => ("退出日期", "withdrawn_on"),
        Field::Approved => ("经批准", "approved"),
        Field::Seats => ("名额", "seats"),
        Field::Holder => ("受托人", "holder"),
        Field::Principal => ("委托人", "principal"),
        Field::Reason => ("原因", "reason"),
    };
    Text::new(format!("`{zh}`（{en}）"), format!("`{en}`"))
}

/// The stray that explains a missing fact `name` (declared in `scope`):
/// the same name elsewhere, or a close name in the same place.
fn explaining(
    name: &str,
    scope: Option<StageId>,
    strays: &[Stray<'_>],
    used: &[bool],
) -> Option<usize> {
    let free = |i: &usize| !used.get(*i).copied().unwrap_or(true);
    let misplaced = (0..strays.len())
        .filter(free)
        .find(|i| strays.get(*i).is_some_and(|s| s.entry.name.value == name));
    misplaced.or_else(|| {
        let here: Vec<usize> = (0..strays.len())
            .filter(free)
            .filter(|i| strays.get(*i).is_some_and(|s| s.stage == scope))
            .collect();
        let names = here
            .iter()
            .filter_map(|i| strays.get(*i).map(|s| s.entry.name.value.as_str()));
        let close = did_you_mean(name, names)?;
        here.into_iter()
            .find(|i| strays.get(*i).is_some_and(|s| s.entry.name.value == close))
    })
}

fn place(w: &World<'_>, stage: Option<StageId>) -> Text {
    match stage {
        None => Text::new("记录的 `[facts]`", "`[facts]`"),
        Some(s) => {
            let n = w.stage_name(s);
            Text::new(
                format!("阶段 `{n}` 的 `facts`"),
                format!("the `facts` of stage `{n}`"),
            )
        }
    }
}

fn finding(
    w: &World<'_>,
    gap: Gap,
    ctx: &Context,
    strays: &[Stray<'_>],
    used: &mut [bool],
) -> Finding {
    let proc = w.proc;
    let stage_name = ctx.stage.map(|s| w.stage_name(s).to_string());
    let base = |message: Text, span: Span| {
        Finding::error(Kind::Data, message, span)
            .with_stage_opt(stage_name.clone())
            .with_rule(ctx.rule_span)
            .with_basis(ctx.basis.clone())
    };
    match gap {
        Gap::Fact(f) | Gap::StageFact(_, f) => {
            let Some(decl) = proc.facts.get(f.0) else {
                return base(
                    Text::new("记录缺少事实", "a fact is missing"),
                    w.record.procedure.span,
                );
            };
            let name = decl.name.name.as_str();
            let scope = match decl.scope {
                FactScope::Procedure => None,
                FactScope::Stage(s) => Some(s),
            };
            let here = place(w, scope);
            let blank = w.blank_fact(f);
            let message = if blank.is_some() {
                Text::new(
                    format!("{} 中的事实 `{name}` 留空，未填写", here.zh),
                    format!("the fact `{name}` in {} is left blank", here.en),
                )
            } else {
                Text::new(
                    format!("记录缺少事实 `{name}`（应写在{} 中）", here.zh),
                    format!("the record lacks the fact `{name}` (in {})", here.en),
                )
            };
            // The blank key, else the table the fact belongs in (`[facts]`,
            // else the record's `procedure` line; the stage's table).
            let table = w.record.facts_span.unwrap_or(w.record.procedure.span);
            let span = blank.unwrap_or_else(|| scope.map_or(table, |s| w.stage_span(s)));
            let mut out = base(message, span)
                .with_actual_opt(blank.map(|_| Text::new("留空", "blank")))
                .with_expected(type_words(decl.ty))
                .with_stage_opt(
                    scope
                        .map(|s| w.stage_name(s).to_string())
                        .or(stage_name.clone()),
                )
                .with_rule(decl.span);
            if let Some(i) = explaining(name, scope, strays, used) {
                if let (Some(s), Some(u)) = (strays.get(i), used.get_mut(i)) {
                    *u = true;
                    let written = s.entry.name.value.as_str();
                    let there = place(w, s.stage);
                    out.record_span = s.entry.name.span;
                    out = out.with_actual(Text::new(
                        format!("{} 中的 `{written}`", there.zh),
                        format!("`{written}` in {}", there.en),
                    ));
                    out = out.with_note(if written == name {
                        Text::new(
                            format!("`{name}` 写错了位置：应写在{} 中", here.zh),
                            format!("`{name}` is in the wrong place: it belongs in {}", here.en),
                        )
                    } else {
                        Text::new(
                            format!("是否想写 `{name}`？"),
                            format!("did you mean `{name}`?"),
                        )
                    });
                }
            }
            out
        }
        Gap::Seats(p) => {
            let name = w.position_name(p);
            let allowed = match proc.positions.get(p.0).map(|d| &d.seats) {
                Some(Seats::Range(a, b)) => match (w.params.amount(a), w.params.amount(b)) {
                    (Some(a), Some(b)) => {
                        Text::new(format!("{a} 至 {b} 名"), format!("{a} to {b}"))
                    }
                    _ => Text::new("名额数", "a number of seats"),
                },
                _ => Text::new("名额数", "a number of seats"),
            };
            let entry = w.seat_spans.get(p.0).copied().flatten();
            let mut f = base(
                Text::new(
                    format!("记录没有给出职务 `{name}` 的名额"),
                    format!("the record does not give the seats of `{name}`"),
                ),
                entry.unwrap_or(w.record.procedure.span),
            )
            .with_expected(allowed)
            .with_note(Text::new(
                format!("在 `[[positions]]` 中写明 id = \"{name}\" 与 seats"),
                format!("add `[[positions]]` with id = \"{name}\" and its seats"),
            ));
            if let Some(decl) = proc.positions.get(p.0) {
                f = f.with_rule(decl.span);
            }
            f
        }
        Gap::Field(el, field) => {
            let who = w.elem_name(el);
            let what = field_words(field);
            let span = w.elem_span(el).unwrap_or(w.record.procedure.span);
            let message = match el {
                Elem::Unlisted(s, _) => {
                    let st = w.stage_name(s);
                    Text::new(
                        format!(
                            "{} 出现在 `{st}` 的计票中，但不在候选人名单里：其{}未知",
                            who.zh, what.zh
                        ),
                        format!(
                            "{} is in the tally of `{st}` but not among the candidates: its {} is unknown",
                            who.en, what.en
                        ),
                    )
                }
                _ => Text::new(
                    format!("{}缺少{}", who.zh, what.zh),
                    format!("{} has no {}", who.en, what.en),
                ),
            };
            base(message, span)
        }
        Gap::NoTally(s) => {
            let st = w.stage_name(s);
            base(
                Text::new(
                    format!("阶段 `{st}` 没有计票记录，无法核对当选结果"),
                    format!("stage `{st}` has no tally: the winners cannot be recomputed"),
                ),
                w.stage_span(s),
            )
            .with_stage(st)
            .with_note(Text::new(
                format!("在 `[[stages.{st}.tally]]` 中逐行写明 position、candidate、votes"),
                format!("add `[[stages.{st}.tally]]` lines with position, candidate and votes"),
            ))
        }
        Gap::NoTallyFor(s, p) => {
            let st = w.stage_name(s);
            let name = w.position_name(p);
            base(
                Text::new(
                    format!("阶段 `{st}` 的计票中没有职务 `{name}` 的得票"),
                    format!("the tally of `{st}` has no votes for `{name}`"),
                ),
                w.stage_span(s),
            )
            .with_stage(st)
        }
        Gap::Arithmetic(span) => base(
            Text::new(
                "无法计算：除数为零，或日期超出范围",
                "cannot evaluate: a division by zero or a date out of range",
            ),
            ctx.stage
                .map_or(w.record.procedure.span, |s| w.stage_span(s)),
        )
        .with_rule(span),
    }
}

fn stray_warning(w: &World<'_>, stray: &Stray<'_>) -> Finding {
    let proc = w.proc;
    let name = stray.entry.name.value.as_str();
    let scope = stray.stage.map_or(FactScope::Procedure, FactScope::Stage);
    let here = place(w, stray.stage);
    let elsewhere = proc.facts.iter().find(|f| f.name.name == name);
    let mut f = Finding::warning(
        Kind::Data,
        Text::new(
            format!("{} 中的 `{name}` 不是程序声明的事实，未被使用", here.zh),
            format!(
                "`{name}` in {} is not a fact the procedure declares; it is not used",
                here.en
            ),
        ),
        stray.entry.name.span,
    )
    .with_stage_opt(stray.stage.map(|s| w.stage_name(s).to_string()))
    .with_rule(proc.name.span);
    if let Some(decl) = elsewhere {
        let there = match decl.scope {
            FactScope::Procedure => None,
            FactScope::Stage(s) => Some(s),
        };
        let there = place(w, there);
        f = f.with_rule(decl.span).with_note(Text::new(
            format!("`{name}` 应写在{} 中", there.zh),
            format!("`{name}` belongs in {}", there.en),
        ));
    } else {
        let known = proc
            .facts
            .iter()
            .filter(|f| f.scope == scope)
            .map(|f| f.name.name.as_str());
        if let Some(s) = did_you_mean(name, known) {
            f = f.with_note(crate::diag::did_you_mean_help(s));
        }
    }
    f
}
