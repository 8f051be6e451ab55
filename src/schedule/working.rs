//! Working-day rules, counted with the holiday calendar once their reference
//! day is pinned.
//!
//! A rule that counts working days is compiled to a calendar-day relaxation
//! (see [`crate::ir::Constraint::working_days`]). When the windows pin its
//! reference day `R` (earliest = latest), the exact bound is a date:
//!
//! - `within N working days after X`: the last day of the subject is at most
//!   the N-th working day after `R` (the day of `X` is not counted, 民法典
//!   第二百零一条), that is `add_working_days(R, N)`;
//! - `lasts N working days` (or a range): counted from the first day `S`
//!   itself, the last day is between the `min`-th and the `max`-th working day
//!   from `S`, that is `add_working_days(S − 1, n)`.
//!
//! A period ends on its last working day: a weekend after it is outside the
//! period. The bound is added to the network as a constraint from the origin
//! (sound: every schedule has the reference on `R`), and the windows are
//! computed again.

use super::solve::point_text;
use crate::diag::{Code, Diagnostic, Text};
use crate::ir::{day_number, from_day_number, Constraint, PointId, PointKind, ProcedureIr};
use crate::resolve::{Cite, Procedure};
use crate::span::Span;
use crate::timing::{Bounds, Calendar};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// An exact bound found with the calendar: `lo ≤ t(point) ≤ hi` in day
/// numbers, from the working-day rule at `span`.
pub(super) struct Tightening {
    pub point: PointId,
    pub lo: Option<i64>,
    pub hi: Option<i64>,
    pub span: Span,
    pub text: Text,
    pub cite: Option<Cite>,
}

/// The day of a point whose earliest and latest day are the same.
fn pinned(bounds: &[Bounds], p: PointId) -> Option<NaiveDate> {
    let b = bounds.get(p)?;
    match (b.earliest, b.latest) {
        (Some(e), Some(l)) if e == l => from_day_number(e),
        _ => None,
    }
}

/// Whether a constraint bounds the length of one stage or phase.
fn is_length(ir: &ProcedureIr, c: &Constraint) -> bool {
    matches!(
        (ir.points.get(c.from), ir.points.get(c.to)),
        (Some(PointKind::Start(a)), Some(PointKind::End(b))) if a == b
    )
}

/// The exact bounds of every working-day rule not yet in `done` whose
/// reference is pinned by `bounds`; such rules join `done`. A count that runs
/// past the calendar adds a warning to `warnings` instead.
pub(super) fn tighten(
    proc: &Procedure,
    ir: &ProcedureIr,
    bounds: &[Bounds],
    calendar: &Calendar,
    done: &mut BTreeSet<usize>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Tightening> {
    let mut found = Vec::new();
    for (i, c) in ir.constraints.iter().enumerate() {
        let Some(w) = c.working_days else { continue };
        if done.contains(&i) {
            continue;
        }
        let Some(reference) = pinned(bounds, c.from) else {
            continue;
        };
        done.insert(i);
        let length = is_length(ir, c);
        // The last day not counted: the reference for a period after it, the
        // day before the first day for a length.
        let Some(base) = (if length {
            reference.pred_opt()
        } else {
            Some(reference)
        }) else {
            continue;
        };
        // `Ok(None)`: no bound on this side; `Err`: outside the calendar.
        let count = |n: Option<i64>, upper: bool| -> Result<Option<NaiveDate>, ()> {
            match n {
                None => Ok(None),
                Some(n) if n < 0 || (n == 0 && (length || !upper)) => Ok(None),
                Some(n) => {
                    let n = u32::try_from(n).map_err(|_| ())?;
                    calendar.add_working_days(base, n).map(Some).ok_or(())
                }
            }
        };
        match (count(w.min, false), count(w.max, true)) {
            (Ok(None), Ok(None)) => {}
            (Ok(lo), Ok(hi)) => found.push(Tightening {
                point: c.to,
                lo: lo.map(day_number),
                hi: hi.map(day_number),
                span: c.span,
                text: bound_text(point_text(proc, ir, c.to), lo, hi, c, reference),
                cite: c.cite.clone(),
            }),
            _ => warnings.push(outside(c, reference, calendar)),
        }
    }
    found
}

/// "`X` 不晚于 D（rule, from R）".
fn bound_text(
    p: Text,
    lo: Option<NaiveDate>,
    hi: Option<NaiveDate>,
    c: &Constraint,
    reference: NaiveDate,
) -> Text {
    let bound = match (lo, hi) {
        (Some(l), Some(h)) => Text::new(
            format!("{} 在 {l} 至 {h} 之间", p.zh),
            format!("{} is between {l} and {h}", p.en),
        ),
        (Some(l), None) => Text::new(
            format!("{} 不早于 {l}", p.zh),
            format!("{} is on or after {l}", p.en),
        ),
        (None, Some(h)) => Text::new(
            format!("{} 不晚于 {h}", p.zh),
            format!("{} is on or before {h}", p.en),
        ),
        (None, None) => Text::new("无约束", "no bound"),
    };
    Text::new(
        format!(
            "{}（{}，自 {reference} 起按节假日安排计算）",
            bound.zh, c.text.zh
        ),
        format!(
            "{} ({}, counted from {reference} with the holiday calendar)",
            bound.en, c.text.en
        ),
    )
}

/// The years a calendar covers, as `2019–2026`.
fn covered(calendar: &Calendar) -> Text {
    let years = calendar.years();
    match (years.keys().next(), years.keys().next_back()) {
        (Some(a), Some(b)) if a == b => Text::new(a.to_string(), a.to_string()),
        (Some(a), Some(b)) => Text::new(format!("{a}–{b}"), format!("{a}–{b}")),
        _ => Text::new("无", "none"),
    }
}

/// The warning for a working-day count that leaves the calendar.
fn outside(c: &Constraint, reference: NaiveDate, calendar: &Calendar) -> Diagnostic {
    let years = covered(calendar);
    Diagnostic::warning(
        Code::OutsideCalendar,
        Text::new(
            format!(
                "自 {reference} 起计算的工作日超出了节假日日历覆盖的年份（{}），该规则（{}）只按日历日放宽计算",
                years.zh, c.text.zh
            ),
            format!(
                "working days counted from {reference} run past the years the holiday calendar covers ({}), so the rule ({}) is relaxed to calendar days",
                years.en, c.text.en
            ),
        ),
    )
    .with_label(c.span, c.text.clone())
    .with_help(Text::new(
        "用 --holidays 指定覆盖这些年份的节假日安排",
        "give a holiday calendar that covers those years with --holidays",
    ))
}

/// The working-day rules left as calendar-day relaxations because their
/// reference day was never pinned.
pub(super) fn relaxed(ir: &ProcedureIr, done: &BTreeSet<usize>) -> Vec<Text> {
    ir.constraints
        .iter()
        .enumerate()
        .filter(|(i, c)| c.working_days.is_some() && !done.contains(i))
        .map(|(_, c)| {
            Text::new(
                format!(
                    "{}：参照日期未确定，无法按节假日安排计算，窗口只计入其日历日放宽",
                    c.text.zh
                ),
                format!(
                    "{}: its reference day is not fixed, so the windows use only its calendar-day relaxation",
                    c.text.en
                ),
            )
        })
        .collect()
}
