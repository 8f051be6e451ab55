//! Constraints in words (both languages), for labels, drawings and
//! explanations.

use super::{Constraint, PointKind, WorkingDays};
use crate::diag::Text;
use crate::ir::from_day_number;
use crate::resolve::{PhaseId, Procedure, StageId, Target};

/// The name of a stage or phase.
pub fn target_name(proc: &Procedure, t: Target) -> &str {
    match t {
        Target::Stage(StageId(i)) => proc.stages.get(i).map(|s| s.name.name.as_str()),
        Target::Phase(PhaseId(i)) => proc.phases.get(i).map(|p| p.name.name.as_str()),
    }
    .unwrap_or("?")
}

/// A point's name: `X` for a first day (or the one day of a one-day stage),
/// "`X`（结束）" / "the end of `X`" for the last day of a longer one.
pub fn point_name(proc: &Procedure, points: &[PointKind], p: usize) -> Text {
    match points.get(p) {
        Some(PointKind::End(t)) if !proc.spans_days(*t) => {
            let n = target_name(proc, *t);
            Text::new(format!("`{n}`"), format!("`{n}`"))
        }
        Some(PointKind::Start(t)) => {
            let n = target_name(proc, *t);
            Text::new(format!("`{n}`"), format!("`{n}`"))
        }
        Some(PointKind::End(t)) => {
            let n = target_name(proc, *t);
            Text::new(format!("`{n}`（结束）"), format!("the end of `{n}`"))
        }
        _ => Text::new("基准日", "day 0"),
    }
}

fn date(n: i64) -> String {
    from_day_number(n).map_or_else(|| format!("day {n}"), |d| d.to_string())
}

/// The words for `lo ≤ t(to) − t(from) ≤ hi`.
pub fn bound_text(
    proc: &Procedure,
    points: &[PointKind],
    from: usize,
    to: usize,
    lo: Option<i64>,
    hi: Option<i64>,
    working_days: Option<WorkingDays>,
) -> Text {
    // Working-day rules are described by their exact working-day bounds.
    let (lo, hi) = match working_days {
        Some(w) if is_length(points, from, to) => (w.min.map(|n| n - 1), w.max.map(|n| n - 1)),
        Some(w) => (w.min.or(lo), w.max),
        None => (lo, hi),
    };
    let working = working_days.is_some();
    let b = point_name(proc, points, to);
    let unit = if working {
        ("个工作日", "working days")
    } else {
        ("天", "days")
    };
    let text = match (points.get(from), points.get(to)) {
        (Some(PointKind::Origin), _) => match (lo, hi) {
            (Some(l), Some(h)) => Text::new(
                format!("{} 在 {} 至 {} 之间", b.zh, date(l), date(h)),
                format!("{} is between {} and {}", b.en, date(l), date(h)),
            ),
            (Some(l), None) => Text::new(
                format!("{} 不早于 {}", b.zh, date(l)),
                format!("{} is on or after {}", b.en, date(l)),
            ),
            (None, Some(h)) => Text::new(
                format!("{} 不晚于 {}", b.zh, date(h)),
                format!("{} is on or before {}", b.en, date(h)),
            ),
            (None, None) => Text::new("无约束", "no bound"),
        },
        (Some(PointKind::Start(s)), Some(PointKind::End(e))) if s == e => {
            let n = target_name(proc, *s);
            match (lo.map(|l| l + 1), hi.map(|h| h + 1)) {
                (Some(1), None) if !working => Text::new(
                    format!("`{n}` 的结束日不早于开始日"),
                    format!("`{n}` ends no earlier than it starts"),
                ),
                (Some(l), Some(h)) if l == h => Text::new(
                    format!("`{n}` 持续 {l} {}", unit.0),
                    format!("`{n}` lasts {l} {}", unit.1),
                ),
                (Some(l), Some(h)) => Text::new(
                    format!("`{n}` 持续 {l} 至 {h} {}", unit.0),
                    format!("`{n}` lasts {l} to {h} {}", unit.1),
                ),
                (Some(l), None) => Text::new(
                    format!("`{n}` 持续不少于 {l} {}", unit.0),
                    format!("`{n}` lasts at least {l} {}", unit.1),
                ),
                (None, Some(h)) => Text::new(
                    format!("`{n}` 持续不超过 {h} {}", unit.0),
                    format!("`{n}` lasts at most {h} {}", unit.1),
                ),
                (None, None) => Text::new("无约束", "no bound"),
            }
        }
        _ => {
            let a = point_name(proc, points, from);
            match (lo, hi) {
                (Some(0), Some(0)) => Text::new(
                    format!("{} 与 {} 同日", b.zh, a.zh),
                    format!("{} is the same day as {}", b.en, a.en),
                ),
                (Some(0), None) => Text::new(
                    format!("{} 不早于 {}", b.zh, a.zh),
                    format!("{} is on or after {}", b.en, a.en),
                ),
                (Some(l), None) => Text::new(
                    format!("{} 比 {} 至少晚 {l} {}", b.zh, a.zh, unit.0),
                    format!(
                        "{} is at least {l} {} after {}",
                        b.en,
                        singular(unit.1, l),
                        a.en
                    ),
                ),
                (None, Some(h)) => Text::new(
                    format!("{} 比 {} 至多晚 {h} {}", b.zh, a.zh, unit.0),
                    format!(
                        "{} is at most {h} {} after {}",
                        b.en,
                        singular(unit.1, h),
                        a.en
                    ),
                ),
                (Some(l), Some(h)) => Text::new(
                    format!("{} 比 {} 晚 {l} 至 {h} {}", b.zh, a.zh, unit.0),
                    format!("{} is {l} to {h} {} after {}", b.en, unit.1, a.en),
                ),
                (None, None) => Text::new("无约束", "no bound"),
            }
        }
    };
    text
}

fn is_length(points: &[PointKind], from: usize, to: usize) -> bool {
    matches!(
        (points.get(from), points.get(to)),
        (Some(PointKind::Start(s)), Some(PointKind::End(e))) if s == e
    )
}

/// The short label of a stage-graph edge: its day bounds.
pub fn edge_label(c: &Constraint, same_day: bool) -> Text {
    if same_day {
        return Text::new("同日", "same day");
    }
    let (zh_unit, en_unit, lo, hi) = match c.working_days {
        Some(w) => ("个工作日", " working days", w.min, w.max),
        None => ("天", " days", c.lo, c.hi),
    };
    match (lo.filter(|l| *l != 0), hi) {
        (Some(l), Some(h)) => Text::new(format!("{l}–{h}{zh_unit}"), format!("{l}–{h}{en_unit}")),
        (Some(l), None) => Text::new(
            format!("≥{l}{zh_unit}"),
            format!("≥{l}{}", singular(en_unit, l)),
        ),
        (None, Some(h)) => Text::new(
            format!("≤{h}{zh_unit}"),
            format!("≤{h}{}", singular(en_unit, h)),
        ),
        (None, None) => Text::new("", ""),
    }
}

/// "days" → "day" after the number one.
fn singular(unit: &str, n: i64) -> &str {
    if n.abs() == 1 {
        unit.strip_suffix('s').unwrap_or(unit)
    } else {
        unit
    }
}
