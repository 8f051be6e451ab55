//! Values the record lacks: each gap a rule, a condition or an election
//! runs into is one `data` finding (per gap, not per rule), reported when
//! the checks are done so that a fact entry the record misspells or puts in
//! the wrong place explains the gap instead of being a second finding.

use super::eval::{Elem, Stop};
use super::finding::{Finding, Kind};
use super::fit::{type_words, Stray};
use super::world::{Gap, World};
use crate::diag::{did_you_mean, Text};
use crate::resolve::{FactScope, Field, Seats, StageId};
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
}

impl Gaps {
    /// Notes the gap a stop names, if it is one (and new); the context is
    /// built only then.
    pub fn note(&mut self, stop: &Stop, ctx: impl FnOnce() -> Context) {
        if let Stop::Gap(g) = stop {
            if self.seen.insert(*g) {
                self.list.push((*g, ctx()));
            }
        }
    }

    /// One `data` finding per gap, then one warning per fact entry that
    /// names no fact and explains no gap.
    pub fn report(self, w: &World<'_>, strays: &[Stray<'_>], out: &mut Vec<Finding>) {
        let mut used = vec![false; strays.len()];
        for (gap, ctx) in &self.list {
            out.push(finding(w, *gap, ctx, strays, &mut used));
        }
        for (stray, used) in strays.iter().zip(used) {
            if !used {
                out.push(stray_warning(w, stray));
            }
        }
    }
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
            let mut out = base(
                Text::new(
                    format!("记录缺少事实 `{name}`（应写在{} 中）", here.zh),
                    format!("the record lacks the fact `{name}` (in {})", here.en),
                ),
                scope.map_or(w.record.procedure.span, |s| w.stage_span(s)),
            )
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
            let mut f = base(
                Text::new(
                    format!("记录没有给出职务 `{name}` 的名额"),
                    format!("the record does not give the seats of `{name}`"),
                ),
                w.record.procedure.span,
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
