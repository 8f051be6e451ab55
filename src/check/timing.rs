//! Timing: every constraint of the compiled procedure whose two points the
//! record dates, evaluated on the recorded day numbers.
//!
//! - `after` / `before` (and the "not before the reference" half of
//!   `within`) are precedences: a violation is `order`. On one day, the
//!   recorded times of day break the tie when both sides have one; equal
//!   days without times pass. A phase's start has the time of its earliest
//!   starting stage, its end that of its latest ending one; an untimed stage
//!   on that day leaves the boundary's time open on its side (see
//!   `world::Clock`), so a same-day verdict is given only when the times
//!   decide it.
//! - Day-count bounds (`within`, `same day as`, "N 日前") and absolute dates
//!   are `deadline`; `lasts` is `duration`.
//! - Working-day rules are counted exactly with the holiday calendar (for
//!   `within`, from the day after the reference, 民法典 第二百零一条; for
//!   `lasts`, both days included). A count the calendar does not cover is a
//!   warning (HJ411), not a verdict.
//! - With `holiday_extension` set, a `within` deadline that falls on a
//!   statutory holiday moves to the day after it (第二百零三条); "N 日前"
//!   deadlines never move.
//! - "N 日前" rules are judged under both readings: failing both is an
//!   error; passing one only is a warning (HJ310) naming both, unless the
//!   rule fixes its reading, when only that one counts.
//!
//! The implicit constraints are not checked here: a stage that ends before
//! it starts is a `data` finding of its own, and a phase is the hull of its
//! recorded stages, so it contains them.

use super::about::Abouts;
use super::coverage::{self, Coverage, Outcome, Status};
use super::finding::{Finding, Kind};
use super::text;
use super::world::{Hm, World};
use crate::ast::{DayUnit, Reading};
use crate::diag::{Code, Severity, Text};
use crate::ir::{from_day_number, Constraint, PointKind, ProcedureIr, Source};
use crate::resolve::{Target, Timing, TimingKind};
use crate::span::Span;
use crate::timing::Calendar;

/// A recorded point: its day, where the record gives it, its time of day.
#[derive(Clone, Copy, Debug)]
struct At {
    day: i64,
    span: Span,
    /// The time of day that decides against the other point on one day:
    /// for the earlier point of a constraint, the earliest it can be; for
    /// the later, the latest (a phase whose boundary day has an untimed
    /// stage is not bounded on that side).
    time: Option<Hm>,
    target: Option<Target>,
    /// Which end of a stage or phase the record dates over several days
    /// (`Some(true)`: its last day); `None` for a one-day one.
    end_of_span: Option<bool>,
}

/// Point `p` of `ir` as the record dates it; `earlier` when it is the
/// constraint's `from` (the point that must come first).
fn at(w: &World<'_>, ir: &ProcedureIr, p: usize, earlier: bool) -> Option<At> {
    let (t, end) = match ir.points.get(p)? {
        PointKind::Origin => {
            return Some(At {
                day: 0,
                span: Span::Synthetic,
                time: None,
                target: None,
                end_of_span: None,
            })
        }
        PointKind::Start(t) => (*t, false),
        PointKind::End(t) => (*t, true),
    };
    let d = w.hull(t).ok()?;
    let clock = if end { d.last_time } else { d.first_time };
    Some(At {
        day: if end { d.last } else { d.first },
        span: if end { d.last_span } else { d.first_span },
        time: if earlier {
            clock.earliest
        } else {
            clock.latest
        },
        target: Some(t),
        end_of_span: (d.first != d.last).then_some(end),
    })
}

fn timing_of<'a>(w: &World<'a>, subject: Target, index: usize) -> Option<&'a Timing> {
    match subject {
        Target::Stage(s) => w.proc.stages.get(s.0)?.timing.get(index),
        Target::Phase(p) => w.proc.phases.get(p.0)?.timing.get(index),
    }
}

/// Checks every timing constraint of `ir` against the record.
pub(crate) fn check(
    w: &World<'_>,
    ir: &ProcedureIr,
    calendar: &Calendar,
    out: &mut Vec<Finding>,
    abouts: &Abouts,
    cov: &mut Coverage,
) {
    for (index_c, c) in ir.constraints.iter().enumerate() {
        let Source::Timing { subject, index } = c.source else {
            continue;
        };
        let Some(timing) = timing_of(w, subject, index) else {
            continue;
        };
        let (Some(af), Some(at)) = (at(w, ir, c.from, true), at(w, ir, c.to, false)) else {
            let status = coverage::undated(w, ir, [c.from, c.to], cov);
            cov.push(abouts.timing(index_c), status);
            continue;
        };
        let ck = Check {
            w,
            c,
            timing,
            subject,
            af,
            at,
            calendar,
        };
        let mut status = Status::Checked(Outcome::Pass);
        if let Some(f) = ck.run() {
            status = match (f.severity, f.code) {
                (_, Code::OutsideCalendar) => Status::NotCheckable(vec![Text::new(
                    "覆盖这些日期的节假日日历",
                    "a holiday calendar that covers these dates",
                )]),
                (Severity::Warning, _) => Status::Checked(Outcome::Warning),
                _ => Status::Checked(Outcome::Fail),
            };
            out.push(f);
        }
        cov.push(abouts.timing(index_c), status);
    }
}

struct Check<'c, 'a> {
    w: &'c World<'a>,
    c: &'c Constraint,
    timing: &'a Timing,
    subject: Target,
    af: At,
    at: At,
    calendar: &'c Calendar,
}

fn reading_words(r: Reading) -> Text {
    match r {
        Reading::Subtractive => Text::new("甲读法（相减）", "reading A (subtractive, 相减)"),
        Reading::Exclusive => Text::new("乙读法（间隔）", "reading B (exclusive, 间隔)"),
    }
}

impl Check<'_, '_> {
    fn diff(&self) -> i64 {
        self.at.day.saturating_sub(self.af.day)
    }

    fn name(&self, t: Option<Target>) -> &str {
        t.map_or("?", |t| self.w.proc.target_name(t))
    }

    /// Whether the subject is the constraint's `to` point.
    fn subject_is_to(&self) -> bool {
        self.af.target != Some(self.subject) || self.at.target == Some(self.subject)
    }

    fn subject_at(&self) -> At {
        if self.subject_is_to() {
            self.at
        } else {
            self.af
        }
    }

    /// The window of the subject's day that `lo ≤ diff ≤ hi` allows.
    fn window(&self, lo: Option<i64>, hi: Option<i64>) -> (Option<i64>, Option<i64>) {
        if self.subject_is_to() {
            (
                lo.map(|l| self.af.day.saturating_add(l)),
                hi.map(|h| self.af.day.saturating_add(h)),
            )
        } else {
            (
                hi.map(|h| self.at.day.saturating_sub(h)),
                lo.map(|l| self.at.day.saturating_sub(l)),
            )
        }
    }

    /// "the record has `A` on D1 and `B` on D2".
    fn recorded(&self, times: bool) -> Text {
        let t = |a: &At| {
            if times {
                text::day_time(a.day, a.time)
            } else {
                text::day(a.day)
            }
        };
        // A stage recorded over several days: which of its days is meant.
        let named = |a: &At| {
            let n = self.name(a.target);
            match a.end_of_span {
                Some(true) => Text::new(format!("`{n}`（结束）"), format!("the end of `{n}`")),
                Some(false) => Text::new(format!("`{n}`（开始）"), format!("the start of `{n}`")),
                None => Text::new(format!("`{n}` "), format!("`{n}`")),
            }
        };
        if self.af.target.is_none() {
            let b = named(&self.at);
            return Text::new(
                format!("记录中 {}为 {}", b.zh, t(&self.at)),
                format!("the record has {} on {}", b.en, t(&self.at)),
            );
        }
        let (a, b) = (named(&self.af), named(&self.at));
        Text::new(
            format!(
                "记录中 {}为 {}，{}为 {}",
                a.zh,
                t(&self.af),
                b.zh,
                t(&self.at)
            ),
            format!(
                "the record has {} on {} and {} on {}",
                a.en,
                t(&self.af),
                b.en,
                t(&self.at)
            ),
        )
    }

    fn finding(&self, kind: Kind, lead: Text, times: bool) -> Finding {
        let rec = self.recorded(times);
        let subj = self.subject_at();
        let record_span = match subj.span {
            Span::Synthetic => self.w.record.procedure.span,
            s => s,
        };
        Finding::error(
            kind,
            Text::new(
                format!("{}：{}，但{}", lead.zh, self.c.text.zh, rec.zh),
                format!("{}: {}, but {}", lead.en, self.c.text.en, rec.en),
            ),
            record_span,
        )
        .with_stage(self.w.proc.target_name(self.subject))
        .with_rule(self.c.span)
        .with_basis(text::basis(self.w.proc, self.timing.cite.as_ref()))
    }

    fn run(&self) -> Option<Finding> {
        let c = self.c;
        let diff = self.diff();
        match &self.timing.kind {
            TimingKind::Lasts { .. } => self.duration(),
            TimingKind::AtLeastBefore {
                days,
                reading,
                explicit,
                ..
            } => self.readings(
                self.w.params.amount(days)?,
                *reading,
                self.fixed(*explicit),
                true,
            ),
            TimingKind::NoEarlierThanBefore {
                days,
                reading,
                explicit,
                ..
            } => self.readings(
                self.w.params.amount(days)?,
                *reading,
                self.fixed(*explicit),
                false,
            ),
            TimingKind::After(_) | TimingKind::Before(_) => self.order(),
            TimingKind::Within { .. } if c.hi.is_none() && c.working_days.is_none() => self.order(),
            TimingKind::Within {
                unit: DayUnit::Working,
                ..
            } if c.working_days.is_some() => self.working_deadline(),
            TimingKind::Within { .. } => {
                let (lo, mut hi) = (c.lo, c.hi);
                let mut note = None;
                if let (true, Some(h)) = (self.w.proc.settings.holiday_extension, hi) {
                    let due = from_day_number(self.af.day.saturating_add(h))?;
                    if self.calendar.covers(due) {
                        let ext = self.calendar.extend_past_holiday(due);
                        if ext != due {
                            hi = Some(h.saturating_add(ext.signed_duration_since(due).num_days()));
                            note = Some(Text::new(
                                format!("期限末日 {due} 为法定节假日，顺延至 {ext}（民法典第二百零三条）"),
                                format!("the last day {due} is a statutory holiday; the period runs to {ext} (Civil Code art. 203)"),
                            ));
                        }
                    }
                }
                let broken = lo.is_some_and(|l| diff < l) || hi.is_some_and(|h| diff > h);
                broken.then(|| {
                    let f = self.deadline(lo, hi);
                    match note {
                        Some(n) => f.with_note(n),
                        None => f,
                    }
                })
            }
            _ => {
                let broken = c.lo.is_some_and(|l| diff < l) || c.hi.is_some_and(|h| diff > h);
                broken.then(|| self.deadline(c.lo, c.hi))
            }
        }
    }

    fn deadline(&self, lo: Option<i64>, hi: Option<i64>) -> Finding {
        let (l, h) = self.window(lo, hi);
        self.finding(
            Kind::Deadline,
            Text::new("超出时限", "deadline missed"),
            false,
        )
        .with_expected(text::window(l, h))
        .with_actual(Text::new(
            text::day(self.subject_at().day),
            text::day(self.subject_at().day),
        ))
    }

    fn order(&self) -> Option<Finding> {
        let diff = self.diff();
        let same_day_late =
            diff == 0 && matches!((self.af.time, self.at.time), (Some(a), Some(b)) if b < a);
        if diff >= 0 && !same_day_late {
            return None;
        }
        let (l, h) = self.window(Some(0), None);
        let subj = self.subject_at();
        let (expected, actual) = if same_day_late {
            let other = if self.subject_is_to() {
                self.af
            } else {
                self.at
            };
            let other_time = text::day_time(other.day, other.time);
            let (zh, en) = if self.subject_is_to() {
                ("不早于", "on or after")
            } else {
                ("不晚于", "on or before")
            };
            (
                Text::new(format!("{zh} {other_time}"), format!("{en} {other_time}")),
                text::day_time(subj.day, subj.time),
            )
        } else {
            (text::window(l, h), text::day(subj.day))
        };
        Some(
            self.finding(
                Kind::Order,
                Text::new("阶段顺序错误", "out of order"),
                same_day_late,
            )
            .with_expected(expected)
            .with_actual(Text::new(actual.clone(), actual)),
        )
    }

    fn uncovered(&self, first: i64, last: i64) -> Option<Finding> {
        let (a, b) = (from_day_number(first)?, from_day_number(last)?);
        if self.calendar.covers_range(a, b) {
            return None;
        }
        Some(
            Finding::warning(
                Kind::Data,
                Text::new(
                    format!("无法计算工作日：节假日日历未覆盖 {a} 至 {b}，本条未检查"),
                    format!("cannot count working days: the holiday calendar does not cover {a} to {b}; the rule is not checked"),
                ),
                self.subject_at().span,
            )
            .with_code(Code::OutsideCalendar)
            .with_stage(self.w.proc.target_name(self.subject))
            .with_rule(self.c.span)
            .with_basis(text::basis(self.w.proc, self.timing.cite.as_ref()))
            .with_note(Text::new(
                "用 `--holidays` 提供覆盖这些年份的日历",
                "give a calendar that covers these years with `--holidays`",
            )),
        )
    }

    fn working_deadline(&self) -> Option<Finding> {
        let wd = self.c.working_days?;
        let (af, at) = (self.af.day, self.at.day);
        if at <= af {
            return None;
        }
        if let Some(f) = self.uncovered(af, at) {
            return Some(f);
        }
        let (from, to) = (from_day_number(af + 1)?, from_day_number(at)?);
        let n = self.calendar.working_days_in(from, to);
        let broken = wd.max.is_some_and(|m| n > m) || wd.min.is_some_and(|m| n < m);
        if !broken {
            return None;
        }
        let start = from_day_number(af)?;
        let latest = wd.max.and_then(|m| {
            let next = self
                .calendar
                .add_working_days(start, u32::try_from(m.saturating_add(1)).ok()?)?;
            next.pred_opt()
        });
        let expected = match (latest, wd.max) {
            (Some(d), _) => text::window(None, Some(crate::ir::day_number(d))),
            (None, Some(m)) => Text::new(
                format!("{start} 后 {m} 个工作日内"),
                format!("within {m} working days after {start}"),
            ),
            _ => Text::new("—", "—"),
        };
        Some(
            self.finding(
                Kind::Deadline,
                Text::new("超出时限", "deadline missed"),
                false,
            )
            .with_expected(expected)
            .with_actual(Text::new(
                format!("{}（其后第 {n} 个工作日）", text::day(at)),
                format!("{} ({n} working days after)", text::day(at)),
            )),
        )
    }

    fn duration(&self) -> Option<Finding> {
        let (first, last) = (self.af.day, self.at.day);
        let (len, min, max, working) = match self.c.working_days {
            Some(wd) => {
                if let Some(f) = self.uncovered(first, last) {
                    return Some(f);
                }
                let n = self
                    .calendar
                    .working_days_in(from_day_number(first)?, from_day_number(last)?);
                (n, wd.min, wd.max, true)
            }
            None => (
                last - first + 1,
                self.c.lo.map(|l| l.saturating_add(1)),
                self.c.hi.map(|h| h.saturating_add(1)),
                false,
            ),
        };
        let broken = min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m);
        if !broken {
            return None;
        }
        let unit = text::n_days(0, working);
        let unit_zh = unit.zh.trim_start_matches('0').trim();
        let unit_en = unit.en.trim_start_matches('0').trim();
        let expected = match (min, max) {
            (Some(a), Some(b)) if a == b => {
                Text::new(format!("{a} {unit_zh}"), format!("{a} {unit_en}"))
            }
            (Some(a), Some(b)) => Text::new(
                format!("{a} 至 {b} {unit_zh}"),
                format!("{a} to {b} {unit_en}"),
            ),
            (Some(a), None) => Text::new(
                format!("不少于 {a} {unit_zh}"),
                format!("at least {a} {unit_en}"),
            ),
            (None, Some(b)) => Text::new(
                format!("不超过 {b} {unit_zh}"),
                format!("at most {b} {unit_en}"),
            ),
            (None, None) => Text::new("—", "—"),
        };
        let span = text::days_span(first, last);
        let n = text::n_days(len, working);
        let name = self.w.proc.target_name(self.subject);
        let f = Finding::error(
            Kind::Duration,
            Text::new(
                format!(
                    "持续时间不符：{}，但记录中 `{name}` 为 {}，共 {}",
                    self.c.text.zh, span.zh, n.zh
                ),
                format!(
                    "wrong duration: {}, but the record has `{name}` from {} ({})",
                    self.c.text.en, span.en, n.en
                ),
            ),
            self.at.span,
        )
        .with_stage(name)
        .with_rule(self.c.span)
        .with_basis(text::basis(self.w.proc, self.timing.cite.as_ref()))
        .with_expected(expected)
        .with_actual(Text::new(
            format!("{}（{}）", n.zh, span.zh),
            format!("{} ({})", n.en, span.en),
        ));
        Some(f)
    }

    /// Whether the rule states its reading of "N 日前" (then the finding
    /// says which): the rule itself, or the procedure's `days_before`
    /// setting.
    fn fixed(&self, by_rule: bool) -> bool {
        by_rule || self.w.proc.settings.days_before_span.is_some()
    }

    /// "N 日前": `at_least` for "at least N days before" (a lower bound on
    /// the difference), else "no earlier than N days before" (an upper one).
    /// A rule that fixes no reading follows the run's (`check::readings`
    /// judges the record under each reading the procedure leaves open).
    fn readings(&self, n: i64, reading: Reading, stated: bool, at_least: bool) -> Option<Finding> {
        let explicit = matches!(
            self.timing.kind,
            TimingKind::AtLeastBefore { explicit: true, .. }
                | TimingKind::NoEarlierThanBefore { explicit: true, .. }
        );
        let reading = match self.w.days_before {
            Some(r) if !explicit => r,
            _ => reading,
        };
        let bound = n.saturating_add(i64::from(reading == Reading::Exclusive));
        let diff = self.diff();
        let (pass, lo, hi) = if at_least {
            (diff >= bound, Some(bound), None)
        } else {
            (diff <= bound, None, Some(bound))
        };
        if pass {
            return None;
        }
        let mut f = self.deadline(lo, hi);
        if stated {
            let r = reading_words(reading);
            f = f.with_note(Text::new(
                format!("本程序按{}计算", r.zh),
                format!("the procedure counts by {}", r.en),
            ));
        }
        Some(f)
    }
}
