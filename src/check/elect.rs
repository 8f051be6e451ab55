//! Recomputing the winners of every `elect` rule from the stage's tally.
//!
//! Per position (the rule's, or every position), the seats to fill are the
//! position's seats less those filled by earlier elect stages (a runoff
//! fills what the election left). Each round of the tally (lines without a
//! `round` are round 1) votes for the seats still open among the
//! candidates not yet elected: the candidates whose votes satisfy the rule
//! qualify, the highest win up to the open seats, and equal votes at the
//! cut-off leave those seats undecided (RC13: a revote among the tied, as a
//! later round). A round after a tie is that revote: only the tied stand
//! (others are set aside, [`super::rounds`]), and, having qualified already,
//! the most voted win ("应当就票数相等的候选人再次投票，以得票多的当选"). After the last round, fewer qualifying candidates than open
//! seats is a shortfall and an undecided cut-off a tie: `shortfall(S)` and
//! `tie(S)`.

use super::eval::{Elem, Eval, Stop, R, V};
use super::world::{Gap, Slot, World};
use crate::record::TallyEntry;
use crate::resolve::{PositionId, RuleKind, StageId};
use crate::span::Span;
use std::collections::BTreeMap;

/// One candidate's line in the deciding round.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub name: String,
    pub votes: u64,
    /// Whether the votes satisfy the rule.
    pub qualifies: bool,
    pub span: Span,
}

/// The recomputed election of one position in one stage.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Seat {
    /// The rule (index into the stage's rules).
    pub rule: usize,
    /// The seats this stage fills.
    pub open: u64,
    /// The winners, highest votes first.
    pub decided: Vec<Line>,
    /// An undecided tie at the cut-off, for `tie_seats` seats.
    pub tied: Vec<Line>,
    pub tie_seats: u64,
    pub shortfall: bool,
    /// Every candidate of the tally, by name, in the last round they stood.
    pub lines: BTreeMap<String, Line>,
    /// Lines of a revote for candidates who were not among the tied of the
    /// round before (each with that round's number): they do not count.
    pub outsiders: Vec<(u32, Line)>,
}

/// The recomputed election of one stage.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Outcome {
    pub stage: StageId,
    pub seats: Vec<(PositionId, R<Seat>)>,
    /// The elect rules (indexes into the stage's rules) whose `when C:` is
    /// false on the record: not in force, they elect nobody.
    pub not_in_force: Vec<usize>,
}

impl Outcome {
    fn any(&self, f: impl Fn(&Seat) -> bool) -> R<bool> {
        let mut pending = None;
        for (_, s) in &self.seats {
            match s {
                Ok(s) if f(s) => return Ok(true),
                Ok(_) => {}
                Err(e) => {
                    pending.get_or_insert(e.clone());
                }
            }
        }
        pending.map_or(Ok(false), Err)
    }

    /// Whether some position has fewer qualifying candidates than seats.
    pub fn shortfall(&self) -> R<bool> {
        self.any(|s| s.shortfall)
    }

    /// Whether some position has an undecided tie at the cut-off.
    pub fn tie(&self) -> R<bool> {
        self.any(|s| !s.tied.is_empty())
    }

    /// The outcome for one position.
    pub fn seat(&self, p: PositionId) -> Option<&R<Seat>> {
        self.seats.iter().find(|(q, _)| *q == p).map(|(_, s)| s)
    }
}

/// The winners already decided for `p` by stages before `s`.
fn decided_before(outcomes: &[Option<R<Outcome>>], s: StageId, p: PositionId) -> Vec<&Line> {
    outcomes
        .iter()
        .take(s.0)
        .flatten()
        .flatten()
        .filter_map(|o| match o.seat(p) {
            Some(Ok(seat)) => Some(seat.decided.iter()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Recomputes the election of stage `s`: `None` when the stage has no
/// `elect` rule or did not take place.
pub(crate) fn recompute(
    w: &World<'_>,
    outcomes: &[Option<R<Outcome>>],
    s: StageId,
) -> Option<R<Outcome>> {
    let stage = w.proc.stages.get(s.0)?;
    let rules: Vec<(usize, &crate::resolve::Rule)> = stage
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, RuleKind::Elect { .. }))
        .collect();
    if rules.is_empty() {
        return None;
    }
    let entry = match w.slot(s) {
        Slot::Dated(e, _) | Slot::Broken(e) if !w.is_void(s) => e,
        _ => return None,
    };
    if entry.tally.is_empty() {
        return Some(Err(Stop::Gap(Gap::NoTally(s))));
    }
    if w.bad_tally.get(s.0).copied().unwrap_or(false) {
        return Some(Err(Stop::Skip));
    }
    let mut seats: Vec<(PositionId, R<Seat>)> = Vec::new();
    let mut not_in_force = Vec::new();
    for (index, rule) in rules {
        let RuleKind::Elect { positions, .. } = &rule.kind else {
            continue;
        };
        let list: Vec<PositionId> = if positions.is_empty() {
            (0..w.proc.positions.len()).map(PositionId).collect()
        } else {
            positions.iter().map(|(p, _)| *p).collect()
        };
        let force = match &rule.when {
            Some(c) => Eval::new(w, outcomes).truth(c),
            None => Ok(true),
        };
        if force == Ok(false) {
            not_in_force.push(index);
            continue;
        }
        for p in list {
            if seats.iter().any(|(q, _)| *q == p) {
                continue;
            }
            if let Err(stop) = &force {
                seats.push((p, Err(stop.clone())));
                continue;
            }
            let seat = elect_position(w, outcomes, s, &entry.tally, index, p);
            match seat {
                Ok(None) => {}
                Ok(Some(seat)) => seats.push((p, Ok(seat))),
                Err(e) => seats.push((p, Err(e))),
            }
        }
    }
    Some(Ok(Outcome {
        stage: s,
        seats,
        not_in_force,
    }))
}

fn elect_position(
    w: &World<'_>,
    outcomes: &[Option<R<Outcome>>],
    s: StageId,
    tally: &[TallyEntry],
    rule: usize,
    p: PositionId,
) -> R<Option<Seat>> {
    let earlier = decided_before(outcomes, s, p);
    let total = w.seats(p)?;
    let open = total.saturating_sub(earlier.len() as u64);
    if open == 0 {
        return Ok(None);
    }
    let pname = w.position_name(p);
    let mut rounds: BTreeMap<u32, Vec<(usize, &TallyEntry)>> = BTreeMap::new();
    for (i, t) in tally.iter().enumerate() {
        if t.position.value == pname {
            let round = t.round.as_ref().map_or(1, |r| r.value);
            rounds.entry(round).or_default().push((i, t));
        }
    }
    if rounds.is_empty() {
        return Err(Stop::Gap(Gap::NoTallyFor(s, p)));
    }
    let mut seat = Seat {
        rule,
        open,
        decided: Vec::new(),
        tied: Vec::new(),
        tie_seats: 0,
        shortfall: false,
        lines: BTreeMap::new(),
        outsiders: Vec::new(),
    };
    for (round, lines) in &rounds {
        let left = open.saturating_sub(seat.decided.len() as u64);
        if left == 0 {
            break;
        }
        // A round after a tie is the revote among the tied ("应就票数相等
        // 的被选举人再次投票"): nobody else stands in it.
        let revote: Option<Vec<String>> =
            (!seat.tied.is_empty()).then(|| seat.tied.iter().map(|l| l.name.clone()).collect());
        let mut qualifying = Vec::new();
        for (i, t) in lines {
            let name = t.candidate.value.as_str();
            if seat.decided.iter().any(|l| l.name == name) || earlier.iter().any(|l| l.name == name)
            {
                continue;
            }
            if revote
                .as_ref()
                .is_some_and(|tied| !tied.iter().any(|n| n == name))
            {
                let line = Line {
                    name: name.to_string(),
                    votes: t.votes.value,
                    qualifies: false,
                    span: t.span,
                };
                seat.outsiders.push((*round, line));
                continue;
            }
            // The tied all qualified in the round before; the revote
            // decides among them by votes alone ("以得票多的当选").
            let qualifies = revote.is_some() || qualifies(w, outcomes, s, rule, p, *i, t)?;
            let line = Line {
                name: name.to_string(),
                votes: t.votes.value,
                qualifies,
                span: t.span,
            };
            seat.lines.insert(line.name.clone(), line.clone());
            if qualifies {
                qualifying.push(line);
            }
        }
        // Stable: equal votes keep the tally's order.
        qualifying.sort_by_key(|l| std::cmp::Reverse(l.votes));
        let left = usize::try_from(left).unwrap_or(usize::MAX);
        seat.tied.clear();
        seat.tie_seats = 0;
        seat.shortfall = qualifying.len() < left;
        if qualifying.len() <= left {
            seat.decided.extend(qualifying);
            continue;
        }
        let cut = qualifying
            .get(left.saturating_sub(1))
            .map_or(0, |l| l.votes);
        let tie = qualifying.get(left).is_some_and(|l| l.votes == cut);
        if tie {
            let (above, rest): (Vec<Line>, Vec<Line>) =
                qualifying.into_iter().partition(|l| l.votes > cut);
            seat.tie_seats = left.saturating_sub(above.len()) as u64;
            seat.decided.extend(above);
            seat.tied = rest.into_iter().filter(|l| l.votes == cut).collect();
        } else {
            seat.decided.extend(qualifying.into_iter().take(left));
        }
    }
    Ok(Some(seat))
}

/// Whether the candidate of tally line `i` satisfies the elect rule.
fn qualifies(
    w: &World<'_>,
    outcomes: &[Option<R<Outcome>>],
    s: StageId,
    rule: usize,
    p: PositionId,
    i: usize,
    t: &TallyEntry,
) -> R<bool> {
    let Some(r) = w.proc.stages.get(s.0).and_then(|st| st.rules.get(rule)) else {
        return Err(Stop::Skip);
    };
    let RuleKind::Elect { candidate, .. } = &r.kind else {
        return Err(Stop::Skip);
    };
    let name = t.candidate.value.as_str();
    let listed = (0..w.record.candidates.len()).find(|k| {
        w.record
            .candidates
            .get(*k)
            .is_some_and(|c| c.name.value == name)
            && w.cand_pos.get(*k).copied().flatten() == Some(p)
    });
    let el = listed.map_or(Elem::Unlisted(s, i), Elem::Candidate);
    let mut ev = Eval::new(w, outcomes);
    ev.votes = Some(t.votes.value);
    ev.with(*candidate, V::Elem(el), |ev| ev.truth(&r.expr))
}
