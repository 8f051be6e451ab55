//! Which stages the record must show, and which it must not.
//!
//! - A stage that is neither `optional` nor conditional is required: without
//!   a date it is a `missing_stage`.
//! - A stage `when C` is required when C holds on the record (`happened(S)`:
//!   S has a date; `shortfall(S)`, `tie(S)`: from S's recomputed election):
//!   without a date it is a `missing_stage`. When C does not hold and the
//!   record shows the stage anyway, it is an `unexpected_stage` — an error,
//!   and the stage is then void (its timing, rules and results are not
//!   checked: they belong to a step that should not have happened).
//! - A stage both `optional` and `when C` may take place only when C holds:
//!   then it is optional (never required); when C does not hold it must not
//!   take place, as above (docs/language.md §4.6).
//! - When C cannot be evaluated (a fact it needs is missing), the gap is the
//!   one finding and the stage is neither required nor forbidden.
//! - An `optional` stage is never required.
//!
//! A stage whose name the record misspells is reported once, as the
//! unknown stage with "did you mean", not again as missing.

use super::about::Abouts;
use super::coverage::{self, Coverage, Outcome, Status};
use super::elect::Outcome as Election;
use super::eval::{Eval, R};
use super::finding::{Finding, Kind};
use super::gaps::{Context, Gaps};
use super::text;
use super::world::{Slot, World};
use crate::diag::Text;
use crate::resolve::{Builtin, StageId, TExpr, TExprKind, Target};

/// What the procedure asks of a stage in this record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    /// Required because its condition holds.
    ByCondition,
    /// Forbidden because its condition does not hold.
    Forbidden,
    Free,
}

/// Checks stage `s`, marking it void in `w` when it should not have taken
/// place. Called in procedure order: `outcomes` holds the elections of the
/// stages before `s`, which its condition may ask about.
pub(crate) fn check(
    w: &mut World<'_>,
    outcomes: &[Option<R<Election>>],
    s: StageId,
    gaps: &mut Gaps,
    out: &mut Vec<Finding>,
    abouts: &Abouts,
    cov: &mut Coverage,
) {
    let proc = w.proc;
    let i = s.0;
    if let Some(stage) = proc.stages.get(i) {
        let mut unknown = None;
        let need = match &stage.when {
            None if stage.optional.is_some() => Need::Free,
            None => Need::Required,
            Some(cond) => {
                let result = Eval::new(w, outcomes).truth(cond);
                match result {
                    // `optional when C`: allowed, never required, when C holds.
                    Ok(true) if stage.optional.is_some() => Need::Free,
                    Ok(true) => Need::ByCondition,
                    Ok(false) => Need::Forbidden,
                    Err(stop) => {
                        gaps.note_all(w, outcomes, &stop, cond, || Context {
                            stage: Some(s),
                            rule_span: cond.span,
                            basis: None,
                        });
                        unknown = Some(coverage::stopped(w, &stop));
                        Need::Free
                    }
                }
            }
        };

        let name = stage.name.name.as_str();
        let slot = w.slot(s);
        // The stage's legal basis: the first clause its timing or rules cite.
        let cite = stage
            .timing
            .iter()
            .filter_map(|t| t.cite.as_ref())
            .chain(stage.rules.iter().filter_map(|r| r.cite.as_ref()))
            .next();
        let basis = || text::basis(proc, cite);
        let held = matches!(slot, Slot::Dated(..) | Slot::Broken(_));
        cov.push(abouts.stage(s), cover(w, s, need, held, unknown));
        match (need, slot) {
            (Need::Required | Need::ByCondition, Slot::Absent | Slot::Undated(_))
                if w.misspelt.get(i).copied().unwrap_or(false) => {}
            (need @ (Need::Required | Need::ByCondition), Slot::Absent | Slot::Undated(_)) => {
                let undated = slot.entry();
                let (message, rule_span) = match need {
                    Need::ByCondition => (
                        Text::new(
                            format!("缺少阶段 `{name}`：其条件在本次选举中成立，该阶段必须进行"),
                            format!(
                                "stage `{name}` is missing: its condition holds in this election, so it must take place"
                            ),
                        ),
                        stage.when.as_ref().map_or(stage.name.span, |c| c.span),
                    ),
                    _ => (
                        Text::new(
                            format!("缺少必经阶段 `{name}`"),
                            format!("the required stage `{name}` is missing"),
                        ),
                        stage.name.span,
                    ),
                };
                let record_span = undated.map_or(w.record.procedure.span, |e| e.span);
                let mut why = Vec::new();
                if let (Need::ByCondition, Some(cond)) = (&need, &stage.when) {
                    reasons(w, outcomes, cond, &mut why);
                }
                let mut f = Finding::error(Kind::MissingStage, message, record_span)
                    .with_stage(name)
                    .with_rule(rule_span)
                    .with_basis(basis())
                    .with_expected(Text::new("有日期的阶段记录", "a dated record of the stage"));
                f = match undated {
                    Some(_) => f.with_actual(Text::new(
                        "记录了该阶段，但没有日期",
                        "the stage is recorded without a date",
                    )),
                    None => f.with_actual(Text::new("记录中没有该阶段", "not in the record")),
                };
                f.notes.extend(why);
                out.push(f);
            }
            (Need::Forbidden, Slot::Dated(e, _) | Slot::Broken(e)) => {
                let message = Text::new(
                    format!("阶段 `{name}` 不应进行：其条件在本次选举中不成立"),
                    format!("stage `{name}` should not have taken place: its condition does not hold in this election"),
                );
                let rule_span = stage.when.as_ref().map_or(stage.name.span, |c| c.span);
                if let Some(v) = w.void.get_mut(i) {
                    *v = true;
                }
                let f = Finding::error(Kind::UnexpectedStage, message, e.name.span).with_note(
                    Text::new(
                        "该阶段的时限、规则与结果不再检查",
                        "its timing, rules and results are not checked",
                    ),
                );
                out.push(
                    f.with_stage(name)
                        .with_rule(rule_span)
                        .with_basis(basis())
                        .with_expected(Text::new("不进行", "not held"))
                        .with_actual(Text::new("已进行", "held")),
                );
            }
            (_, Slot::Undated(e)) => out.push(
                Finding::warning(
                    Kind::Data,
                    Text::new(
                        format!("阶段 `{name}` 记录了但没有日期，视为未进行"),
                        format!(
                            "stage `{name}` is recorded without a date; it is taken as not held"
                        ),
                    ),
                    e.span,
                )
                .with_stage(name)
                .with_rule(stage.name.span),
            ),
            _ => {}
        }
    }
}

/// The status of stage `s`'s presence item: whether it was held as the
/// procedure requires.
fn cover(w: &World<'_>, s: StageId, need: Need, held: bool, unknown: Option<Status>) -> Status {
    let optional = w
        .proc
        .stages
        .get(s.0)
        .is_some_and(|st| st.optional.is_some());
    match (unknown, need) {
        (Some(u), _) => u,
        (None, Need::Required | Need::ByCondition) if held => Status::Checked(Outcome::Pass),
        (None, Need::Required | Need::ByCondition) => Status::Checked(Outcome::Fail),
        (None, Need::Forbidden) if held && optional => Status::Checked(Outcome::Warning),
        (None, Need::Forbidden) if held => Status::Checked(Outcome::Fail),
        (None, Need::Forbidden) => Status::NotApplicable(Text::new(
            "其条件在本次选举中不成立，且未进行",
            "its condition does not hold in this election, and it was not held",
        )),
        // An optional stage without a condition has no item.
        (None, Need::Free) => Status::NotApplicable(Text::new("可选阶段", "an optional stage")),
    }
}

/// Why a condition holds, from the stages it asks about: a stage that took
/// place, a shortfall or a tie in a stage's election.
fn reasons(w: &World<'_>, outcomes: &[Option<R<Election>>], e: &TExpr, out: &mut Vec<Text>) {
    match &e.kind {
        TExprKind::Not(x) => reasons(w, outcomes, x, out),
        TExprKind::Binary(_, a, b) => {
            reasons(w, outcomes, a, out);
            reasons(w, outcomes, b, out);
        }
        TExprKind::StageCall {
            func,
            target: Target::Stage(s),
            ..
        } => {
            let st = w.stage_name(*s);
            match func {
                Builtin::Happened => {
                    if let Ok(d) = w.dated(*s) {
                        let day = text::day(d.first);
                        out.push(Text::new(
                            format!("`{st}` 已于 {day} 进行"),
                            format!("`{st}` took place on {day}"),
                        ));
                    }
                }
                Builtin::Shortfall | Builtin::Tie => {
                    let Some(Some(Ok(o))) = outcomes.get(s.0) else {
                        return;
                    };
                    for (p, seat) in &o.seats {
                        let Ok(seat) = seat else {
                            continue;
                        };
                        let pos = w.position_name(*p);
                        if *func == Builtin::Shortfall && seat.shortfall {
                            let n = seat.decided.len();
                            out.push(Text::new(
                                format!(
                                    "`{st}` 中职务 `{pos}` 有 {} 个名额，只有 {n} 名候选人达到当选条件",
                                    seat.open
                                ),
                                format!(
                                    "in `{st}`, `{pos}` has {} seat(s) and only {n} candidate(s) meeting the condition to be elected",
                                    seat.open
                                ),
                            ));
                        }
                        if *func == Builtin::Tie && !seat.tied.is_empty() {
                            let names: Vec<&str> =
                                seat.tied.iter().map(|l| l.name.as_str()).collect();
                            let all = text::names(&names);
                            let votes = seat.tied.first().map_or(0, |l| l.votes);
                            out.push(Text::new(
                                format!(
                                    "`{st}` 中职务 `{pos}` 的 {} 同为 {votes} 票，争 {} 个名额",
                                    all.zh, seat.tie_seats
                                ),
                                format!(
                                    "in `{st}`, {} tie at {votes} votes for {} seat(s) of `{pos}`",
                                    all.en, seat.tie_seats
                                ),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}
