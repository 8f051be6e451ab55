//! The computation: anchors and a plan's dates and window added to the IR's
//! network, the working-day rules tightened with the calendar, and the
//! windows read off the shortest paths from the origin.

use super::explain::{conflict, Trees};
use super::working::{relaxed, tighten};
use super::{
    unknown_anchor, Anchor, AnchorSource, BasisItem, FixedDate, Row, RowKind, Schedule, Window,
};
use crate::diag::{Diagnostic, Text};
use crate::ir::{day_number, from_day_number, PointId, PointKind, ProcedureIr, Source};
use crate::resolve::{BasisRef, Cite, PhaseId, Plan, Procedure, StageId, Target, TimingKind};
use crate::span::Span;
use crate::timing::{Bounds, Calendar};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// A constraint added to the IR's network (an anchor, a plan's date or
/// window, a working-day bound), addressed by its tag.
pub(super) struct Extra {
    pub tag: usize,
    pub span: Span,
    pub text: Text,
    pub cite: Option<Cite>,
}

/// A date fixed by an anchor or by the plan, before it joins the network.
struct Fix {
    target: Target,
    first: NaiveDate,
    last: NaiveDate,
    span: Span,
    cite: Option<Cite>,
    source: AnchorSource,
}

/// A date as text (a day number outside the calendar as `day N`).
pub(super) fn date(n: i64) -> String {
    from_day_number(n).map_or_else(|| format!("day {n}"), |d| d.to_string())
}

/// Whether a stage or phase may last more than one day: a phase, or a stage
/// with a `lasts` rule.
pub(super) fn spans_days(proc: &Procedure, t: Target) -> bool {
    match t {
        Target::Phase(_) => true,
        Target::Stage(StageId(i)) => proc.stages.get(i).is_some_and(|s| {
            s.timing
                .iter()
                .any(|t| matches!(t.kind, TimingKind::Lasts { .. }))
        }),
    }
}

/// A point in words: "`X`", or "`X`（结束）" / "the end of `X`" for a day of
/// a stage or phase that may last several days.
pub(super) fn point_text(proc: &Procedure, ir: &ProcedureIr, p: PointId) -> Text {
    let (t, end) = match ir.points.get(p) {
        Some(PointKind::Start(t)) => (*t, false),
        Some(PointKind::End(t)) => (*t, true),
        _ => return Text::new("基准日", "day 0"),
    };
    let n = proc.target_name(t);
    match (spans_days(proc, t), end) {
        (false, _) => Text::new(format!("`{n}`"), format!("`{n}`")),
        (true, false) => Text::new(format!("`{n}`（开始）"), format!("the start of `{n}`")),
        (true, true) => Text::new(format!("`{n}`（结束）"), format!("the end of `{n}`")),
    }
}

/// The stage or phase a point is the first or last day of.
fn point_target(ir: &ProcedureIr, p: PointId) -> Option<Target> {
    match ir.points.get(p) {
        Some(PointKind::Start(t) | PointKind::End(t)) => Some(*t),
        _ => None,
    }
}

/// The stage, else the phase, named `name`.
fn find_target(proc: &Procedure, name: &str) -> Option<Target> {
    if let Some((id, _)) = proc.stage(name) {
        return Some(Target::Stage(id));
    }
    proc.phases
        .iter()
        .position(|p| p.name.name == name)
        .map(|i| Target::Phase(PhaseId(i)))
}

/// The name of the basis a `per` cites.
fn basis_name(proc: &Procedure, plan: Option<&Plan>, cite: &Cite) -> Option<String> {
    let b = match cite.basis {
        BasisRef::Procedure(id) => proc.bases.get(id.0),
        BasisRef::Plan(id) => plan.and_then(|p| p.bases.get(id.0)),
    };
    b.map(|b| b.name.name.clone())
}

/// Computes the schedule (see [`super::schedule`]).
#[expect(
    clippy::result_large_err,
    reason = "one diagnostic per call, returned once per run: boxing buys nothing"
)]
pub(super) fn run(
    proc: &Procedure,
    ir: &ProcedureIr,
    anchors: &[Anchor],
    plan: Option<&Plan>,
    calendar: &Calendar,
) -> Result<Schedule, Diagnostic> {
    // Resolve every anchor before anything else: an unknown name is a usage
    // error, whatever the dates.
    let mut fixed: Vec<Fix> = Vec::new();
    for d in plan.map(|p| p.dates.as_slice()).unwrap_or_default() {
        fixed.push(Fix {
            target: d.target,
            first: d.from,
            last: d.to.unwrap_or(d.from),
            span: d.span,
            cite: d.cite.clone(),
            source: AnchorSource::Plan,
        });
    }
    for a in anchors {
        let target = find_target(proc, &a.name).ok_or_else(|| unknown_anchor(proc, &a.name))?;
        fixed.push(Fix {
            target,
            first: a.date,
            last: a.date,
            span: Span::Synthetic,
            cite: None,
            source: AnchorSource::CommandLine,
        });
    }

    let mut net = ir.network();
    let mut extras = Vec::new();
    let mut tag = ir.constraints.len();
    let o = ProcedureIr::ORIGIN;
    for f in &fixed {
        net.add_eq(o, ir.start(f.target), day_number(f.first), tag);
        net.add_eq(o, ir.end(f.target), day_number(f.last), tag);
        extras.push(Extra {
            tag,
            span: f.span,
            text: fixed_text(proc.target_name(f.target), f.first, f.last, f.source),
            cite: f.cite.clone(),
        });
        tag += 1;
    }
    if let Some(w) = plan.and_then(|p| p.window.as_ref()) {
        let (wf, wt) = (day_number(w.from), day_number(w.to));
        let targets = (0..proc.stages.len())
            .map(|i| Target::Stage(StageId(i)))
            .chain((0..proc.phases.len()).map(|i| Target::Phase(PhaseId(i))));
        for t in targets {
            net.add_range(o, ir.start(t), Some(wf), None, tag);
            net.add_range(o, ir.end(t), None, Some(wt), tag);
        }
        extras.push(Extra {
            tag,
            span: w.span,
            text: Text::new(
                format!("换届期限为 {} 至 {}", w.from, w.to),
                format!("the window is {} to {}", w.from, w.to),
            ),
            cite: w.cite.clone(),
        });
        tag += 1;
    }

    // Solve; tighten the working-day rules whose reference is pinned; again.
    let mut done = BTreeSet::new();
    let mut warnings = Vec::new();
    let bounds: Vec<Bounds> = loop {
        let solved = net
            .solve()
            .map_err(|cycle| conflict(proc, ir, &cycle, &extras))?;
        let bounds = solved.bounds_from(o);
        let found = tighten(proc, ir, &bounds, calendar, &mut done, &mut warnings);
        if found.is_empty() {
            break bounds;
        }
        for t in found {
            net.add_range(o, t.point, t.lo, t.hi, tag);
            extras.push(Extra {
                tag,
                span: t.span,
                text: t.text,
                cite: t.cite,
            });
            tag += 1;
        }
    };

    let trees = Trees::new(net.edges(), &bounds);
    let item = |tag: usize| -> Option<BasisItem> {
        let (text, cite) = match ir.constraints.get(tag) {
            Some(c) if matches!(c.source, Source::Duration(_)) => return None,
            Some(c) => (c.text.clone(), c.cite.as_ref()),
            None => {
                let x = extras.iter().find(|x| x.tag == tag)?;
                (x.text.clone(), x.cite.as_ref())
            }
        };
        Some(BasisItem {
            rule: text,
            per: cite.map(|c| c.clause.clone()),
            basis: cite.and_then(|c| basis_name(proc, plan, c)),
        })
    };
    let row = |t: Target| -> Row {
        let (s, e) = (ir.start(t), ir.end(t));
        let bound = |p: PointId| bounds.get(p).copied().unwrap_or_default();
        let window = |p: PointId| Window {
            earliest: bound(p).earliest.and_then(from_day_number),
            latest: bound(p).latest.and_then(from_day_number),
        };
        let mut basis: Vec<BasisItem> = Vec::new();
        let mut bound_by: Vec<String> = Vec::new();
        for (p, latest) in [(s, false), (s, true), (e, false), (e, true)] {
            let (tags, other) = trees.own_path(p, latest, |x| x == s || x == e);
            if let Some(name) = other
                .and_then(|x| point_target(ir, x))
                .map(|t| proc.target_name(t))
            {
                if !bound_by.iter().any(|b| b == name) {
                    bound_by.push(name.to_string());
                }
            }
            for b in tags.into_iter().filter_map(item) {
                // The halves of one rule (its start and end bounds) share a
                // clause: keep it once.
                let same = |a: &BasisItem| match (&a.per, &b.per) {
                    (Some(x), Some(y)) => x == y && a.basis == b.basis,
                    (None, None) => a.rule == b.rule,
                    _ => false,
                };
                if !basis.iter().any(same) {
                    basis.push(b);
                }
            }
        }
        let (title, phase, optional, conditional) = match t {
            Target::Stage(StageId(i)) => {
                proc.stages.get(i).map_or((None, None, false, false), |s| {
                    (
                        s.title.clone(),
                        s.phase
                            .map(|p| proc.target_name(Target::Phase(p)).to_string()),
                        s.optional.is_some(),
                        s.when.is_some(),
                    )
                })
            }
            Target::Phase(PhaseId(i)) => (
                proc.phases.get(i).and_then(|p| p.title.clone()),
                None,
                false,
                false,
            ),
        };
        Row {
            kind: match t {
                Target::Stage(_) => RowKind::Stage,
                Target::Phase(_) => RowKind::Phase,
            },
            name: proc.target_name(t).to_string(),
            title,
            phase,
            optional,
            conditional,
            start: window(s),
            end: window(e),
            basis,
            bound_by,
            by_reading: Vec::new(),
        }
    };

    // Stages in source order, each phase just before its first stage.
    let mut rows = Vec::new();
    let mut shown = vec![false; proc.phases.len()];
    for (i, stage) in proc.stages.iter().enumerate() {
        if let Some(p) = stage.phase {
            if let Some(seen @ false) = shown.get_mut(p.0) {
                *seen = true;
                rows.push(row(Target::Phase(p)));
            }
        }
        rows.push(row(Target::Stage(StageId(i))));
    }
    for (i, seen) in shown.iter().enumerate() {
        if !seen {
            rows.push(row(Target::Phase(PhaseId(i))));
        }
    }

    Ok(Schedule {
        procedure: proc.name.name.clone(),
        title: proc.title.clone(),
        plan: plan.map(|p| p.name.name.clone()),
        anchors: fixed
            .iter()
            .map(|f| FixedDate {
                name: proc.target_name(f.target).to_string(),
                first: f.first,
                last: f.last,
                source: f.source,
            })
            .collect(),
        rows,
        warnings,
        notes: relaxed(ir, &done),
        questions: Vec::new(),
        days_before: None,
    })
}

/// The label of a fixed date.
fn fixed_text(name: &str, first: NaiveDate, last: NaiveDate, source: AnchorSource) -> Text {
    match (source, first == last) {
        (AnchorSource::CommandLine, _) => Text::new(
            format!("`{name}` 锚定于 {first}"),
            format!("`{name}` is anchored on {first}"),
        ),
        (AnchorSource::Plan, true) => Text::new(
            format!("`{name}` 计划于 {first}"),
            format!("`{name}` is planned for {first}"),
        ),
        (AnchorSource::Plan, false) => Text::new(
            format!("`{name}` 计划于 {first} 至 {last}"),
            format!("`{name}` is planned from {first} to {last}"),
        ),
    }
}
