//! Names in the record: the same candidate, tally line or winner twice, one
//! person elected to two positions the procedure elects separately
//! (`separate_positions` / `职务分别选举`), and votes for someone on no
//! candidate list who is not a write-in the procedure allows (`write_ins` /
//! `另选他人`).

use super::finding;
use crate::check::eval::Elem;
use crate::check::finding::Finding;
use crate::check::gaps::Gaps;
use crate::check::world::World;
use crate::diag::{Code, Text};
use crate::record::{ListKind, TallyEntry};
use crate::resolve::{PositionId, RuleKind, StageId};
use crate::span::Span;
use std::collections::{HashMap, HashSet};

pub(super) fn check(w: &mut World<'_>, gaps: &mut Gaps, out: &mut Vec<Finding>) {
    candidates(w, out);
    for s in 0..w.proc.stages.len() {
        tally(w, StageId(s), gaps, out);
    }
    winners(w, out);
}

/// The declaration of a position, for the finding's procedure side.
fn position_span(w: &World<'_>, name: &str) -> Span {
    w.position(name)
        .and_then(|p| w.proc.positions.get(p.0))
        .map_or(w.proc.name.span, |d| d.span)
}

fn list_words(list: Option<ListKind>) -> Text {
    match list {
        Some(ListKind::Preliminary) => Text::new("初步名单", "the preliminary list"),
        Some(ListKind::Formal) => Text::new("正式名单", "the formal list"),
        None => Text::new("候选人名单", "the candidate list"),
    }
}

/// A candidate listed twice for one position on one list.
fn candidates(w: &World<'_>, out: &mut Vec<Finding>) {
    let mut seen: HashSet<(&str, &str, Option<ListKind>)> = HashSet::new();
    for c in &w.record.candidates {
        let list = c.list.as_ref().map(|l| l.value);
        let key = (c.name.value.as_str(), c.position.value.as_str(), list);
        if !seen.insert(key) {
            let (name, pos) = (key.0, key.1);
            let on = list_words(list);
            out.push(
                finding(
                    Code::DuplicateEntry,
                    Text::new(
                        format!("候选人 `{name}`（职务 `{pos}`）在{}中出现了两次", on.zh),
                        format!("candidate `{name}` (`{pos}`) is twice on {}", on.en),
                    ),
                    c.name.span,
                )
                .with_rule(position_span(w, pos))
                .with_note(Text::new(
                    "删去重复的一条；重复的条目会使候选人人数多算",
                    "remove the repeated entry: it counts the candidate twice",
                )),
            );
        }
    }
}

/// The record's candidates by position and name, to answer [`Listed::of`]
/// in constant time (a record may list many).
struct Listed<'r> {
    names: HashSet<(Option<PositionId>, &'r str)>,
    positions: HashSet<PositionId>,
}

impl<'r> Listed<'r> {
    fn new(w: &World<'r>) -> Listed<'r> {
        let record: &'r crate::record::Record = w.record;
        let mut names = HashSet::new();
        let mut positions = HashSet::new();
        for (k, c) in record.candidates.iter().enumerate() {
            let p = w.cand_pos.get(k).copied().flatten();
            names.insert((p, c.name.value.as_str()));
            positions.extend(p);
        }
        Listed { names, positions }
    }

    /// Whether the record lists a candidate named `name` for `p` (or for a
    /// position the procedure does not know, which `fit` reports), and
    /// whether it lists any candidate for `p` at all.
    fn of(&self, p: PositionId, name: &str) -> (bool, bool) {
        let listed = self.names.contains(&(Some(p), name)) || self.names.contains(&(None, name));
        (listed, listed || self.positions.contains(&p))
    }
}

/// Stage `s`'s tally: a line repeated (same position, candidate and round),
/// and a name on no candidate list of its position.
fn tally(w: &mut World<'_>, s: StageId, gaps: &mut Gaps, out: &mut Vec<Finding>) {
    let Some(entry) = w.slot(s).entry() else {
        return;
    };
    let stage = w.stage_name(s);
    let mut bad = false;
    let index = Listed::new(w);
    let mut seen: HashMap<(&str, &str, u32), &TallyEntry> = HashMap::new();
    for (i, t) in entry.tally.iter().enumerate() {
        let (pos, name) = (t.position.value.as_str(), t.candidate.value.as_str());
        let round = t.round.as_ref().map_or(1, |r| r.value);
        if let Some(first) = seen.get(&(pos, name, round)) {
            let (a, b) = (first.votes.value, t.votes.value);
            let which = match t.round {
                Some(_) => Text::new(format!("第 {round} 轮"), format!("round {round} of ")),
                None => Text::new("", ""),
            };
            out.push(
                finding(
                    Code::DuplicateEntry,
                    Text::new(
                        format!(
                            "阶段 `{stage}` 的{}计票中，`{name}`（职务 `{pos}`）有两行（{a} 票与 {b} 票）",
                            which.zh
                        ),
                        format!(
                            "the {}tally of `{stage}` has two lines for `{name}` (`{pos}`): {a} and {b} votes",
                            which.en
                        ),
                    ),
                    t.candidate.span,
                )
                .with_stage(stage)
                .with_rule(position_span(w, pos))
                .with_note(Text::new(
                    "每名候选人每轮只应有一行计票；无法判断哪一行正确，本阶段的当选结果不再核对",
                    "a candidate has one tally line per round; which line is right is unknown, so the stage's winners are not checked",
                )),
            );
            bad = true;
            continue;
        }
        seen.insert((pos, name, round), t);
        let Some(p) = w.position(pos) else {
            continue;
        };
        let (is_listed, any) = index.of(p, name);
        let write_in = t.write_in.as_ref().filter(|x| x.value);
        let allowed = w.proc.settings.write_ins;
        match (is_listed, write_in) {
            (false, Some(x)) if !allowed => {
                out.push(
                    finding(
                        Code::NotACandidate,
                        Text::new(
                            format!("计票把 `{name}` 记为另选他人，但本程序不允许另选他人"),
                            format!(
                                "the tally marks `{name}` as a write-in, but the procedure allows none"
                            ),
                        ),
                        x.span,
                    )
                    .with_stage(stage)
                    .with_rule(w.proc.name.span)
                    .with_note(Text::new(
                        "程序没有 `设定 另选他人 = 是`：得票的人须在候选人名单上",
                        "the procedure does not set `write_ins = on`: votes count only for listed candidates",
                    )),
                );
                gaps.settle(Elem::Unlisted(s, i));
                bad = true;
            }
            (false, None) if any => {
                let help = if allowed {
                    Text::new(
                        "若是选民另选的人，在该行写 `另选他人 = true`（`write_in`）",
                        "if the voters wrote this person in, mark the line `write_in = true`",
                    )
                } else {
                    Text::new(
                        "本程序不允许另选他人；核对姓名是否与名单一致",
                        "the procedure allows no write-ins; check the name against the list",
                    )
                };
                out.push(
                    finding(
                        Code::NotACandidate,
                        Text::new(
                            format!(
                                "阶段 `{stage}` 的计票中有 `{name}`，但职务 `{pos}` 的候选人名单里没有这个人"
                            ),
                            format!(
                                "the tally of `{stage}` has votes for `{name}`, who is not a candidate for `{pos}`"
                            ),
                        ),
                        t.candidate.span,
                    )
                    .with_stage(stage)
                    .with_rule(position_span(w, pos))
                    .with_note(help),
                );
                gaps.settle(Elem::Unlisted(s, i));
                bad = true;
            }
            _ => {}
        }
    }
    if bad {
        if let Some(x) = w.bad_tally.get_mut(s.0) {
            *x = true;
        }
    }
}

/// The positions stage `s`'s elect rules fill.
fn elected_in(w: &World<'_>, s: StageId) -> Vec<PositionId> {
    let mut out = Vec::new();
    let Some(stage) = w.proc.stages.get(s.0) else {
        return out;
    };
    for rule in &stage.rules {
        if let RuleKind::Elect { positions, .. } = &rule.kind {
            if positions.is_empty() {
                return (0..w.proc.positions.len()).map(PositionId).collect();
            }
            out.extend(positions.iter().map(|(p, _)| *p));
        }
    }
    out
}

/// A winner declared twice for one position, and (when the procedure
/// elects positions separately) one person elected to two positions that
/// one stage fills.
fn winners(w: &mut World<'_>, out: &mut Vec<Finding>) {
    let mut spoilt: Vec<StageId> = Vec::new();
    let elected = &w.record.elected;
    let mut reported: Vec<&str> = Vec::new();
    // The positions each stage elects, once; the earlier entries of each
    // name: linear in the number of entries (a record may list many).
    let per_stage: Vec<Vec<PositionId>> = (0..w.proc.stages.len())
        .map(|s| elected_in(w, StageId(s)))
        .collect();
    let mut by_name: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (j, e) in elected.iter().enumerate() {
        let name = e.name.value.as_str();
        let earlier: Vec<usize> = by_name.get(name).cloned().unwrap_or_default();
        by_name.entry(name).or_default().push(j);
        let pos = e.position.value.as_str();
        if earlier
            .iter()
            .filter_map(|&i| elected.get(i))
            .any(|x| x.position.value == pos)
        {
            out.push(
                finding(
                    Code::DuplicateEntry,
                    Text::new(
                        format!("当选人 `{name}`（职务 `{pos}`）登记了两次"),
                        format!("winner `{name}` (`{pos}`) is entered twice"),
                    ),
                    e.name.span,
                )
                .with_rule(position_span(w, pos))
                .with_note(Text::new(
                    "删去重复的一条；重复的条目会使当选人数多算",
                    "remove the repeated entry: it counts the winner twice",
                )),
            );
            continue;
        }
        if !w.proc.settings.separate_positions || reported.contains(&name) {
            continue;
        }
        let Some(q) = w.winner_pos.get(j).copied().flatten() else {
            continue;
        };
        let together = |p: PositionId| -> Vec<StageId> {
            per_stage
                .iter()
                .enumerate()
                .filter(|(_, ps)| ps.contains(&p) && ps.contains(&q))
                .map(|(s, _)| StageId(s))
                .collect()
        };
        let other = earlier.iter().find_map(|&i| {
            let p = w.winner_pos.get(i).copied().flatten()?;
            if p == q {
                return None;
            }
            let stages = together(p);
            (!stages.is_empty()).then_some((p, stages))
        });
        let Some((p, stages)) = other else {
            continue;
        };
        // Which of the two entries is wrong is unknown: the stage's winners
        // are not compared with its tally.
        spoilt.extend(stages);
        reported.push(name);
        let (p, q) = (w.position_name(p), w.position_name(q));
        out.push(
            finding(
                Code::DuplicateEntry,
                Text::new(
                    format!("`{name}` 同时登记为 `{p}` 和 `{q}` 的当选人，而这两个职务分别选举"),
                    format!(
                        "`{name}` is entered as elected to both `{p}` and `{q}`, which are elected separately"
                    ),
                ),
                e.position.span,
            )
            .with_rule(
                w.proc
                    .settings
                    .separate_positions_span
                    .unwrap_or(w.proc.name.span),
            )
            .with_note(Text::new(
                "同一次选举中，一人只能当选一个职务；无法判断哪一条有误，本次选举的当选结果不再与计票核对",
                "in one election a person is elected to one position only; which entry is wrong is unknown, so the election's winners are not compared with its tally",
            )),
        );
    }
    for s in spoilt {
        if let Some(x) = w.bad_tally.get_mut(s.0) {
            *x = true;
        }
    }
}
