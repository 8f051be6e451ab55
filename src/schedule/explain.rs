//! Why a schedule is what it is: the constraints behind each bound, and
//! the ones behind a conflict.
//!
//! **Bounds.** The constraints that give a bound are those of the shortest
//! path from the origin that realises it.
//!
//! With the origin `O` at day 0, the latest day of a point `p` is the
//! shortest distance `d(O, p)` and its earliest is `−d(p, O)`. An edge
//! `u → v` of weight `w` is *tight* for the latest days when
//! `latest(v) = latest(u) + w`, and for the earliest days when
//! `earliest(u) = earliest(v) − w`. Every point with a finite bound is reached
//! from (or reaches) the origin by tight edges alone, along a shortest path;
//! a breadth-first search over tight edges picks the one with the fewest
//! edges (the first found, in the order the edges were added), and the tags
//! along it are the constraints the bound comes from.
//!
//! **Conflicts.** Anchors that admit no schedule close a negative cycle
//! through the origin; [`conflict`] labels its constraints (with
//! [`crate::analyse::contradiction`]) and tells the contradiction in dates.

use super::solve::{date, point_text, Extra};
use crate::analyse::{contradiction, ExtraTag};
use crate::diag::{Code, Diagnostic, Text};
use crate::ir::ProcedureIr;
use crate::resolve::Procedure;
use crate::timing::{Bounds, Edge, NegativeCycle};
use std::collections::VecDeque;

/// For every point, the tight edge towards the origin (by index into the
/// network's edges), for the latest and for the earliest day.
pub(super) struct Trees<'e> {
    edges: &'e [Edge],
    latest: Vec<Option<usize>>,
    earliest: Vec<Option<usize>>,
}

impl<'e> Trees<'e> {
    /// The trees of a consistent network with `bounds` from the origin.
    pub fn new(edges: &'e [Edge], bounds: &[Bounds]) -> Trees<'e> {
        let n = bounds.len();
        let mut out = vec![Vec::new(); n];
        let mut inc = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            if let (Some(o), Some(p)) = (out.get_mut(e.from), inc.get_mut(e.to)) {
                o.push(i);
                p.push(i);
            }
        }
        let latest = |p: usize| bounds.get(p).and_then(|b| b.latest).map(i128::from);
        let earliest = |p: usize| bounds.get(p).and_then(|b| b.earliest).map(i128::from);
        // Latest days: forward from the origin, u → v tight when
        // latest(v) = latest(u) + w.
        let latest_tree = search(n, edges, &out, |e| {
            let (u, v) = (latest(e.from)?, latest(e.to)?);
            Some((v == u + i128::from(e.weight), e.to))
        });
        // Earliest days: backward from the origin, u → v tight when
        // earliest(u) = earliest(v) − w.
        let earliest_tree = search(n, edges, &inc, |e| {
            let (u, v) = (earliest(e.from)?, earliest(e.to)?);
            Some((u == v - i128::from(e.weight), e.from))
        });
        Trees {
            edges,
            latest: latest_tree,
            earliest: earliest_tree,
        }
    }

    /// The tags of the constraints on the path that gives the latest (or
    /// earliest) day of `p`, from `p` towards the origin, as far as the first
    /// point that is not `own` (another stage's or phase's), which is
    /// returned with them: that point's own bounds go on from there. Empty
    /// when the bound is open.
    ///
    /// Stopping there keeps a schedule linear in its stages: in a chain of n
    /// stages, each row names the rule that ties it to the previous stage,
    /// not the n rules back to the anchor.
    pub fn own_path(
        &self,
        p: usize,
        latest: bool,
        own: impl Fn(usize) -> bool,
    ) -> (Vec<usize>, Option<usize>) {
        let tree = if latest { &self.latest } else { &self.earliest };
        let mut tags = Vec::new();
        let mut x = p;
        // A tree path has fewer edges than there are points.
        for _ in 0..tree.len() {
            if x == ProcedureIr::ORIGIN {
                break;
            }
            if !own(x) {
                return (tags, Some(x));
            }
            let Some(e) = tree
                .get(x)
                .copied()
                .flatten()
                .and_then(|i| self.edges.get(i))
            else {
                break;
            };
            tags.push(e.tag);
            x = if latest { e.from } else { e.to };
        }
        (tags, None)
    }
}

/// Breadth-first search from the origin over the edges `adj` lists for each
/// point, following those `tight` says are tight (it returns the point the
/// edge leads to); the result maps each reached point to the edge it was
/// reached by.
fn search(
    n: usize,
    edges: &[Edge],
    adj: &[Vec<usize>],
    tight: impl Fn(&Edge) -> Option<(bool, usize)>,
) -> Vec<Option<usize>> {
    let mut via = vec![None; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    if let Some(s) = seen.get_mut(ProcedureIr::ORIGIN) {
        *s = true;
        queue.push_back(ProcedureIr::ORIGIN);
    }
    while let Some(u) = queue.pop_front() {
        for &i in adj.get(u).map_or(&[][..], Vec::as_slice) {
            let Some(e) = edges.get(i) else { continue };
            let Some((true, next)) = tight(e) else {
                continue;
            };
            if let (Some(flag @ false), Some(v)) = (seen.get_mut(next), via.get_mut(next)) {
                *flag = true;
                *v = Some(i);
                queue.push_back(next);
            }
        }
    }
    via
}

/// The error for a negative cycle: the procedure's own contradiction when the
/// cycle has only its constraints, else an anchor conflict told in dates.
pub(super) fn conflict(
    proc: &Procedure,
    ir: &ProcedureIr,
    cycle: &NegativeCycle,
    extras: &[Extra],
) -> Diagnostic {
    let tags: Vec<ExtraTag> = extras
        .iter()
        .map(|x| ExtraTag {
            tag: x.tag,
            span: x.span,
            text: x.text.clone(),
        })
        .collect();
    let mut d = contradiction(proc, ir, cycle, &tags);
    if !cycle.tags().iter().any(|t| *t >= ir.constraints.len()) {
        return d;
    }
    d.code = Code::AnchorConflict;
    d.message = Text::new(
        "锚定日期与程序的时间约束相互矛盾：标出的约束不能同时满足",
        "the anchor dates contradict the procedure's timing: the labelled constraints cannot all hold",
    );
    d.notes = arithmetic(proc, ir, cycle).into_iter().collect();
    d.help = Some(Text::new(
        "调整锚定日期或计划日期，或核对标出的规则",
        "move an anchor or planned date, or check the labelled rules",
    ));
    d
}

/// The cycle told in dates. Every added constraint joins the origin to a
/// point, so a cycle with one goes out of the origin to `X` (`X` ≤ a), along
/// rules to `Y` (`t(Y) − t(X)` ≤ w) and back (`Y` ≥ b), with a + w < b.
fn arithmetic(proc: &Procedure, ir: &ProcedureIr, cycle: &NegativeCycle) -> Option<Text> {
    let o = ProcedureIr::ORIGIN;
    let k = cycle.edges.iter().position(|e| e.from == o)?;
    let mut edges = cycle.edges.clone();
    edges.rotate_left(k);
    let (out, back) = (edges.first()?, edges.last()?);
    if back.to != o || edges.len() < 2 {
        return None;
    }
    let middle = edges.get(1..edges.len() - 1).unwrap_or_default();
    let w = middle.iter().fold(0i64, |a, e| a.saturating_add(e.weight));
    let (x, y) = (
        point_text(proc, ir, out.to),
        point_text(proc, ir, back.from),
    );
    let (latest_x, earliest_y) = (out.weight, back.weight.saturating_neg());
    let latest_y = latest_x.saturating_add(w);
    if middle.is_empty() {
        return Some(Text::new(
            format!(
                "{} 既不能早于 {}，又不能晚于 {}",
                y.zh,
                date(earliest_y),
                date(latest_x)
            ),
            format!(
                "{} can be neither before {} nor after {}",
                y.en,
                date(earliest_y),
                date(latest_x)
            ),
        ));
    }
    let (rel_zh, rel_en) = match w {
        0 => (format!("不晚于 {}", x.zh), format!("on or before {}", x.en)),
        w if w > 0 => (
            format!("至多比 {} 晚 {w} 天", x.zh),
            format!("at most {w} days after {}", x.en),
        ),
        w => (
            format!("至少比 {} 早 {} 天", x.zh, w.saturating_neg()),
            format!("at least {} days before {}", w.saturating_neg(), x.en),
        ),
    };
    Some(Text::new(
        format!(
            "{x} 最晚在 {lx}，{y} 须{rel_zh}，所以 {y} 最晚在 {ly}；但 {y} 不能早于 {ey}",
            x = x.zh,
            y = y.zh,
            lx = date(latest_x),
            ly = date(latest_y),
            ey = date(earliest_y),
        ),
        format!(
            "{x} is on or before {lx} and {y} is {rel_en}, so {y} is on or before {ly}; but {y} cannot be before {ey}",
            x = x.en,
            y = y.en,
            lx = date(latest_x),
            ly = date(latest_y),
            ey = date(earliest_y),
        ),
    ))
}
