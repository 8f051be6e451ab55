//! Declared winners against the recomputed elections.
//!
//! Each `[[elected]]` entry belongs to a stage: the one it names, else the
//! last elect stage whose tally lists the candidate for that position (a
//! runoff winner stood in the runoff), else the first elect stage with seats
//! for that position. Per stage and position, the declared winners must be
//! exactly the recomputed ones: a missing winner, an extra one (below the
//! cut-off, not meeting the rule, not in the tally, or one of an undecided
//! tie) is one `result` finding listing both sides.

use super::about::Abouts;
use super::coverage::{self, Coverage, Outcome as ItemOutcome, Status};
use super::elect::{Outcome, Seat};
use super::eval::{Stop, R};
use super::finding::{Finding, Kind};
use super::gaps::{Context, Gaps};
use super::rounds;
use super::text;
use super::world::World;
use crate::diag::{did_you_mean, did_you_mean_help, Text};
use crate::resolve::{PositionId, RuleKind, StageId, Target};
use crate::span::Span;
use std::collections::BTreeSet;

/// The span and basis of stage `s`'s rule `index` (or its first elect rule).
pub(crate) fn rule_of(w: &World<'_>, s: StageId, index: Option<usize>) -> (Span, Option<String>) {
    let Some(rule) = elect_rule(w, s, index) else {
        let span = w
            .proc
            .stages
            .get(s.0)
            .map_or(Span::Synthetic, |st| st.name.span);
        return (span, None);
    };
    (rule.span, text::basis(w.proc, rule.cite.as_ref()))
}

/// Stage `s`'s elect rule (its `index`-th rule, else its first elect rule).
fn elect_rule<'w>(
    w: &World<'w>,
    s: StageId,
    index: Option<usize>,
) -> Option<&'w crate::resolve::Rule> {
    let stage = w.proc.stages.get(s.0)?;
    match index {
        Some(i) => stage.rules.get(i),
        None => stage
            .rules
            .iter()
            .find(|r| matches!(r.kind, RuleKind::Elect { .. })),
    }
}

/// [`text::applied`] for stage `s`'s elect rule.
fn applied_note(w: &World<'_>, s: StageId, index: Option<usize>) -> Option<Text> {
    elect_rule(w, s, index).and_then(text::applied)
}

/// Notes the gaps of stage `s`'s recomputed election (a missing tally,
/// seats, a fact the elect rule needs), with the elect rule as context.
pub(crate) fn note_gaps(w: &World<'_>, s: StageId, o: Option<&R<Outcome>>, gaps: &mut Gaps) {
    let rule = elect_rule(w, s, None);
    let mut note = |stop: &Stop| {
        let ctx = || {
            let (rule_span, basis) = rule_of(w, s, None);
            Context {
                stage: Some(s),
                rule_span,
                basis,
            }
        };
        match rule {
            Some(r) => gaps.note_all(w, &[], stop, &r.expr, ctx),
            None => gaps.note(stop, ctx),
        }
    };
    match o {
        Some(Err(stop)) => note(stop),
        Some(Ok(o)) => {
            for (_, seat) in &o.seats {
                if let Err(stop) = seat {
                    note(stop);
                }
            }
        }
        None => {}
    }
}

/// Compares declared winners with the recomputed elections.
pub(crate) fn check(
    w: &World<'_>,
    outcomes: &[Option<R<Outcome>>],
    out: &mut Vec<Finding>,
    abouts: &Abouts,
    cov: &mut Coverage,
) {
    unknown_tally_positions(w, out);
    let owner = attribute(w, outcomes, out);
    for (i, o) in outcomes.iter().enumerate() {
        let s = StageId(i);
        let mut per_position: Vec<(PositionId, Status)> = Vec::new();
        if let Some(Ok(o)) = o {
            for p in 0..w.proc.positions.len() {
                let p = PositionId(p);
                let declared: Vec<usize> = (0..w.record.elected.len())
                    .filter(|k| {
                        owner.get(*k).copied().flatten() == Some(s)
                            && w.winner_pos.get(*k).copied().flatten() == Some(p)
                    })
                    .collect();
                let found = match o.seat(p) {
                    Some(Ok(seat)) => {
                        let mut wrong = rounds::outsiders(w, s, p, seat);
                        wrong.extend(rounds::from_earlier(w, outcomes, s, p));
                        let failed = !wrong.is_empty();
                        out.extend(wrong);
                        match compare(w, s, p, seat, &declared) {
                            None if failed => {
                                per_position.push((p, Status::Checked(ItemOutcome::Fail)));
                                continue;
                            }
                            found => found,
                        }
                    }
                    Some(Err(stop)) => {
                        per_position.push((p, coverage::stopped(w, stop)));
                        continue;
                    }
                    None if !declared.is_empty() => Some(no_seats_left(w, s, p, &declared)),
                    None => None,
                };
                let status = match found {
                    Some(f) => {
                        out.push(f);
                        Status::Checked(ItemOutcome::Fail)
                    }
                    None => Status::Checked(ItemOutcome::Pass),
                };
                per_position.push((p, status));
            }
        }
        cover(w, s, o.as_ref(), &per_position, abouts, cov);
    }
}

/// The coverage items of stage `s`'s elect rules: each rule's status is
/// that of the positions it elects (a failed one fails it; else one that
/// lacks data makes it not checkable).
fn cover(
    w: &World<'_>,
    s: StageId,
    o: Option<&R<Outcome>>,
    per_position: &[(PositionId, Status)],
    abouts: &Abouts,
    cov: &mut Coverage,
) {
    let Some(stage) = w.proc.stages.get(s.0) else {
        return;
    };
    let mut claimed: Vec<PositionId> = Vec::new();
    for (index, rule) in stage.rules.iter().enumerate() {
        let RuleKind::Elect { positions, .. } = &rule.kind else {
            continue;
        };
        let list: Vec<PositionId> = if positions.is_empty() {
            (0..w.proc.positions.len()).map(PositionId).collect()
        } else {
            positions.iter().map(|(p, _)| *p).collect()
        };
        if let Some(Ok(o)) = o {
            if o.not_in_force.contains(&index) {
                cov.push(abouts.rule(s, index), coverage::not_in_force());
                continue;
            }
        }
        let mine: Vec<PositionId> = list.into_iter().filter(|p| !claimed.contains(p)).collect();
        claimed.extend(mine.iter().copied());
        let status = match o {
            _ if w.is_void(s) => coverage::void(w.stage_name(s)),
            None => coverage::not_held(w.stage_name(s)),
            Some(Err(stop)) => coverage::stopped(w, stop),
            Some(Ok(_)) => {
                let own = per_position
                    .iter()
                    .filter(|(p, _)| mine.contains(p))
                    .map(|(_, st)| st);
                fold(own)
            }
        };
        cov.push(abouts.rule(s, index), status);
    }
}

/// One status of several: a failure, else what is missing, else a pass.
fn fold<'a>(statuses: impl Iterator<Item = &'a Status>) -> Status {
    let mut missing: Vec<Text> = Vec::new();
    let mut lacking = false;
    for st in statuses {
        match st {
            Status::Checked(ItemOutcome::Fail) => return Status::Checked(ItemOutcome::Fail),
            Status::NotCheckable(m) => {
                lacking = true;
                for t in m {
                    if !missing.contains(t) {
                        missing.push(t.clone());
                    }
                }
            }
            _ => {}
        }
    }
    if lacking {
        Status::NotCheckable(missing)
    } else {
        Status::Checked(ItemOutcome::Pass)
    }
}

fn unknown_tally_positions(w: &World<'_>, out: &mut Vec<Finding>) {
    for (i, _) in w.proc.stages.iter().enumerate() {
        let s = StageId(i);
        if !w.happened(Target::Stage(s)) {
            continue;
        }
        let Some(entry) = w.slot(s).entry() else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for t in &entry.tally {
            let name = t.position.value.as_str();
            if w.position(name).is_some() || !seen.insert(name) {
                continue;
            }
            let known = w.proc.positions.iter().map(|p| p.name.name.as_str());
            let mut f = Finding::error(
                Kind::Data,
                Text::new(
                    format!("`{}` 的计票中有程序未声明的职务 `{name}`", w.stage_name(s)),
                    format!(
                        "the tally of `{}` has the position `{name}`, which the procedure does not declare",
                        w.stage_name(s)
                    ),
                ),
                t.position.span,
            )
            .with_stage(w.stage_name(s))
            .with_rule(w.proc.name.span);
            if let Some(sugg) = did_you_mean(name, known) {
                f = f.with_note(did_you_mean_help(sugg));
            }
            out.push(f);
        }
    }
}

/// The outcome for position `p` in a stage's recomputed election.
fn seat_in(o: &Option<R<Outcome>>, p: PositionId) -> Option<&R<Seat>> {
    match o {
        Some(Ok(o)) => o.seat(p),
        _ => None,
    }
}

/// The stage each declared winner belongs to (`None`: no stage checks it).
fn attribute(
    w: &World<'_>,
    outcomes: &[Option<R<Outcome>>],
    out: &mut Vec<Finding>,
) -> Vec<Option<StageId>> {
    let mut owner = Vec::with_capacity(w.record.elected.len());
    for (k, e) in w.record.elected.iter().enumerate() {
        let Some(p) = w.winner_pos.get(k).copied().flatten() else {
            owner.push(None);
            continue;
        };
        if let Some(st) = &e.stage {
            match w.proc.stage(&st.value) {
                Some((s, _)) => owner.push(Some(s)),
                None => {
                    let known = w.proc.stages.iter().map(|s| s.name.name.as_str());
                    let mut f = Finding::error(
                        Kind::Data,
                        Text::new(
                            format!("当选人 `{}` 的阶段 `{}` 不是程序中的阶段", e.name.value, st.value),
                            format!(
                                "winner `{}` names the stage `{}`, which the procedure does not have",
                                e.name.value, st.value
                            ),
                        ),
                        st.span,
                    )
                    .with_rule(w.proc.name.span);
                    if let Some(sugg) = did_you_mean(&st.value, known) {
                        f = f.with_note(did_you_mean_help(sugg));
                    }
                    out.push(f);
                    owner.push(None);
                }
            }
            continue;
        }
        let seat_of = |o| seat_in(o, p);
        let by_name = outcomes.iter().enumerate().rev().find(
            |(_, o)| matches!(seat_of(o), Some(Ok(seat)) if seat.lines.contains_key(&e.name.value)),
        );
        let first = || {
            outcomes
                .iter()
                .enumerate()
                .find(|(_, o)| seat_of(o).is_some())
        };
        owner.push(by_name.or_else(first).map(|(i, _)| StageId(i)));
    }
    owner
}

fn compare(
    w: &World<'_>,
    s: StageId,
    p: PositionId,
    seat: &Seat,
    declared: &[usize],
) -> Option<Finding> {
    let names: Vec<&str> = declared
        .iter()
        .filter_map(|k| w.record.elected.get(*k).map(|e| e.name.value.as_str()))
        .collect();
    let expected: Vec<&str> = seat.decided.iter().map(|l| l.name.as_str()).collect();
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|n| !names.contains(n))
        .collect();
    let extra: Vec<(usize, &str)> = declared
        .iter()
        .copied()
        .zip(names.iter().copied())
        .filter(|(_, n)| !expected.contains(n))
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let st = w.stage_name(s);
    let pos = w.position_name(p);
    let mut details = Vec::new();
    for m in &missing {
        let votes = seat.lines.get(*m).map_or(0, |l| l.votes);
        details.push(Text::new(
            format!("`{m}`（{votes} 票）应当选，但未宣布当选"),
            format!("`{m}` ({votes} votes) is elected but not declared"),
        ));
    }
    for (_, x) in &extra {
        let tied = seat.tied.iter().any(|l| l.name == *x);
        details.push(match seat.lines.get(*x) {
            Some(l) if tied => {
                let others: Vec<&str> = seat.tied.iter().map(|t| t.name.as_str()).collect();
                let all = text::names(&others);
                Text::new(
                    format!(
                        "{} 同为 {} 票，争 {} 个名额，平票未决，须在得票相等者中再次投票",
                        all.zh, l.votes, seat.tie_seats
                    ),
                    format!(
                        "{} tie at {} votes for {} seat(s): undecided until a revote among them",
                        all.en, l.votes, seat.tie_seats
                    ),
                )
            }
            Some(l) if !l.qualifies => Text::new(
                format!("`{x}`（{} 票）未达到当选条件", l.votes),
                format!(
                    "`{x}` ({} votes) does not meet the condition to be elected",
                    l.votes
                ),
            ),
            Some(l) => Text::new(
                format!("`{x}`（{} 票）的得票排在应选名额之外", l.votes),
                format!("`{x}` ({} votes) ranks below the seats to fill", l.votes),
            ),
            None => Text::new(
                format!("`{x}` 不在 `{st}` 该职务的计票中"),
                format!("`{x}` is not in the tally of `{st}` for this position"),
            ),
        });
    }
    details.dedup();
    let detail = text::join(&details);
    let mut exp = if expected.is_empty() {
        nobody()
    } else {
        text::names(&expected)
    };
    if !seat.tied.is_empty() {
        let tied: Vec<&str> = seat.tied.iter().map(|l| l.name.as_str()).collect();
        let t = text::names(&tied);
        exp = Text::new(
            format!(
                "{}；另有 {} 个名额平票未决：{}",
                exp.zh, seat.tie_seats, t.zh
            ),
            format!(
                "{}; {} seat(s) undecided (tie): {}",
                exp.en, seat.tie_seats, t.en
            ),
        );
    }
    let record_span = extra
        .first()
        .and_then(|(k, _)| w.record.elected.get(*k).map(|e| e.span))
        .or_else(|| {
            missing
                .first()
                .and_then(|m| seat.lines.get(*m).map(|l| l.span))
        })
        .unwrap_or_else(|| w.stage_span(s));
    let (rule_span, basis) = rule_of(w, s, Some(seat.rule));
    Some(
        Finding::error(
            Kind::Result,
            Text::new(
                format!("`{st}` 中职务 `{pos}` 的当选结果与计票不符：{}", detail.zh),
                format!(
                    "the declared winners of `{pos}` in `{st}` differ from the tally: {}",
                    detail.en
                ),
            ),
            record_span,
        )
        .with_stage(st)
        .with_rule(rule_span)
        .with_basis(basis)
        .with_expected(exp)
        .with_actual(text::names(&names))
        .with_notes(applied_note(w, s, Some(seat.rule))),
    )
}

fn no_seats_left(w: &World<'_>, s: StageId, p: PositionId, declared: &[usize]) -> Finding {
    let st = w.stage_name(s);
    let pos = w.position_name(p);
    let names: Vec<&str> = declared
        .iter()
        .filter_map(|k| w.record.elected.get(*k).map(|e| e.name.value.as_str()))
        .collect();
    let span = declared
        .first()
        .and_then(|k| w.record.elected.get(*k).map(|e| e.span))
        .unwrap_or_else(|| w.stage_span(s));
    let (rule_span, basis) = rule_of(w, s, None);
    Finding::error(
        Kind::Result,
        Text::new(
            format!("`{st}` 不选举职务 `{pos}`（名额已满或不在选举范围内），却宣布了当选人"),
            format!("`{st}` elects nobody to `{pos}` (its seats are filled or it is not elected there), yet winners are declared"),
        ),
        span,
    )
    .with_stage(st)
    .with_rule(rule_span)
    .with_basis(basis)
    .with_expected(nobody())
    .with_actual(text::names(&names))
    .with_notes(applied_note(w, s, None))
}

/// What the rule requires when no candidate qualifies.
fn nobody() -> Text {
    Text::new("无人当选", "nobody elected")
}
