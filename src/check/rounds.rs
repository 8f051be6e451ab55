//! Who may stand in a round: the candidates of a revote and of a stage whose
//! candidates come from an earlier stage's tally (HJ315).
//!
//! - A tally round after a tie is the revote among the tied ("应就票数相等的
//!   被选举人再次投票"): a line in it for anyone else does not count
//!   ([`super::elect`] sets it aside) and is a finding here.
//! - `candidates from S [unelected] [by votes]` / `候选人取自 S [未当选者]
//!   [按得票多少]`: each candidate of the stage's tally must be in S's first
//!   round for the same position (and not elected there); with `by votes`,
//!   nobody S left unelected may have more first-round votes than a candidate
//!   who stands ("另行选举的，第一次投票未当选的人员得票多的为候选人").
//!
//! The lines still count in the stage's own election: a wrong candidate is
//! one cause, reported once, here.

use super::elect::{Outcome, Seat};
use super::eval::R;
use super::finding::{Finding, Kind};
use super::results::rule_of;
use super::world::{Slot, World};
use crate::diag::{Code, Text};
use crate::record::TallyEntry;
use crate::resolve::{PositionId, StageId};
use std::collections::BTreeMap;

/// One finding per revote line of a candidate who was not tied in the round
/// before.
pub(crate) fn outsiders(w: &World<'_>, s: StageId, p: PositionId, seat: &Seat) -> Vec<Finding> {
    let st = w.stage_name(s);
    let pos = w.position_name(p);
    let (rule_span, basis) = rule_of(w, s, Some(seat.rule));
    seat.outsiders
        .iter()
        .map(|(round, l)| {
            let before = round.saturating_sub(1);
            Finding::error(
                Kind::Result,
                Text::new(
                    format!(
                        "`{st}` 中职务 `{pos}` 第 {round} 轮是平票后的再次投票，`{}` 在第 {before} 轮并未与他人票数相等，不应参加；其 {} 票不计",
                        l.name, l.votes
                    ),
                    format!(
                        "round {round} of `{pos}` in `{st}` is the revote after a tie, but `{}` was not among the tied of round {before}: they may not stand, and their {} votes do not count",
                        l.name, l.votes
                    ),
                ),
                l.span,
            )
            .with_code(Code::RoundCandidate)
            .with_stage(st)
            .with_rule(rule_span)
            .with_basis(basis.clone())
            .with_notes(Some(Text::new(
                "平票时只在票数相等的被选举人中再次投票（计票行的 round 为再次投票的轮次）",
                "after a tie, the revote is among the tied candidates only (the tally line's `round` is the revote's round)",
            )))
        })
        .collect()
}

/// The tally of stage `s` for position `p`: each candidate's first line.
fn first_lines<'a>(w: &World<'a>, s: StageId, p: PositionId) -> BTreeMap<&'a str, &'a TallyEntry> {
    let mut out = BTreeMap::new();
    let entry = match w.slot(s) {
        Slot::Dated(e, _) | Slot::Broken(e) if !w.is_void(s) => e,
        _ => return out,
    };
    let pos = w.position_name(p);
    for t in &entry.tally {
        if t.position.value == pos && t.round.as_ref().is_none_or(|r| r.value <= 1) {
            out.entry(t.candidate.value.as_str()).or_insert(t);
        }
    }
    out
}

/// The findings of stage `s`'s `candidates from S …` for position `p`.
pub(crate) fn from_earlier(
    w: &World<'_>,
    outcomes: &[Option<R<Outcome>>],
    s: StageId,
    p: PositionId,
) -> Vec<Finding> {
    let Some(from) = w
        .proc
        .stages
        .get(s.0)
        .and_then(|st| st.candidates_from.as_ref())
    else {
        return Vec::new();
    };
    // What S decided; when S could not be recomputed, its own findings say
    // why and nothing is judged here.
    let decided: Vec<&str> = match outcomes.get(from.stage.0) {
        Some(Some(Ok(o))) => match o.seat(p) {
            Some(Ok(seat)) => seat.decided.iter().map(|l| l.name.as_str()).collect(),
            Some(Err(_)) => return Vec::new(),
            None => Vec::new(),
        },
        _ => return Vec::new(),
    };
    let earlier = first_lines(w, from.stage, p);
    let allowed =
        |name: &str| earlier.contains_key(name) && !(from.unelected && decided.contains(&name));
    let st = w.stage_name(s);
    let src = w.stage_name(from.stage);
    let pos = w.position_name(p);
    let basis = crate::check::text::basis(w.proc, from.cite.as_ref());
    let finding = |zh: String, en: String, span| {
        Finding::error(Kind::Result, Text::new(zh, en), span)
            .with_code(Code::RoundCandidate)
            .with_stage(st)
            .with_rule(from.span)
            .with_basis(basis.clone())
    };
    let standing = first_lines(w, s, p);
    let mut out = Vec::new();
    let (whom_zh, whom_en) = if from.unelected {
        ("未当选的", "who were not elected there")
    } else {
        ("的", "who stood there")
    };
    for (name, t) in &standing {
        if !allowed(name) {
            out.push(finding(
                format!("`{name}` 不是 `{src}` 中职务 `{pos}` {whom_zh}候选人，不能参加 `{st}` 的投票"),
                format!("`{name}` may not stand for `{pos}` in `{st}`: its candidates are those of `{src}` {whom_en}"),
                t.span,
            ));
        }
    }
    if from.by_votes {
        let lowest = standing
            .keys()
            .filter(|n| allowed(n))
            .filter_map(|n| earlier.get(n).map(|t| (*n, t.votes.value)))
            .min_by_key(|(_, v)| *v);
        if let Some((low, low_votes)) = lowest {
            for (name, t) in &earlier {
                if allowed(name) && !standing.contains_key(name) && t.votes.value > low_votes {
                    out.push(finding(
                        format!(
                            "`{name}` 在 `{src}` 中得 {} 票，多于 `{st}` 的候选人 `{low}`（{low_votes} 票），应按得票多少列为候选人",
                            t.votes.value
                        ),
                        format!(
                            "`{name}` had {} votes in `{src}`, more than `{low}` ({low_votes}), who stands in `{st}`: candidates are taken by votes",
                            t.votes.value
                        ),
                        t.span,
                    ));
                }
            }
        }
    }
    out
}
