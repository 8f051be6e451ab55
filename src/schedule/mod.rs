//! Schedules: the earliest and latest feasible date of every stage and phase
//! once some dates are fixed.
//!
//! # What is computed
//!
//! The compiled procedure ([`ProcedureIr`]) is a network of difference
//! constraints between day points (the first and last day of every stage and
//! phase, and the origin, day 0 = 1970-01-01). Fixing dates adds constraints
//! between the origin and the points they fix:
//!
//! - an **anchor** `STAGE=DATE` (on the command line) fixes the stage's (or
//!   phase's) first and last day to `DATE`: it is a one-day anchor;
//! - a **plan** (`--plan NAME`) contributes its dates (`X on D` fixes both
//!   days of `X`, `X from D1 to D2` fixes the first to `D1` and the last to
//!   `D2`), its window (every stage and phase lies within it) and its
//!   parameter overrides (the IR must be compiled with
//!   [`ParamValues::for_plan`]; [`compile_for`] does it).
//!
//! Shortest paths from the origin then give, exactly, the earliest and latest
//! day each point can take in *some* schedule that satisfies every
//! constraint ([`crate::timing::Solved::bounds_from`]); `None` is unbounded.
//! The windows are projections: each date of a window is feasible on its own,
//! but two stages cannot always take any pair of dates of their windows.
//!
//! Optional and conditional stages are scheduled as if they take place (as
//! `lint` analyses them): the windows of the other stages are then the ones
//! that hold whether or not those stages happen.
//!
//! Anchors that no schedule can satisfy give an error ([`Code::AnchorConflict`],
//! HJ410) that labels every constraint and anchor of the impossible cycle.
//!
//! # Working days
//!
//! The IR holds only calendar-day relaxations of the rules that count working
//! days (`within 5 working days after X`, `lasts 5 working days`). After the
//! windows are computed, every such rule whose reference day is pinned (its
//! earliest and latest day are equal) is evaluated with the holiday calendar:
//! the deadline is the N-th working day after the reference (for `within`,
//! counted from the next day, 民法典 第二百零一条) or from the first day (for
//! `lasts`), added to the network as an exact bound, and the windows are
//! computed again, until no rule gains a pinned reference. A count that runs
//! past the years the calendar covers gives a warning
//! ([`Code::OutsideCalendar`], HJ411) and keeps the relaxation; rules whose
//! reference is never pinned keep it too, and are listed in
//! [`Schedule::notes`]. Only forward counting is done: a `lasts` rule whose
//! last day is pinned does not bound its first day by working days. The
//! holiday extension of 民法典 第二百零三条 (`holiday_extension`) is not
//! applied: the windows end on the unextended day, which is always allowed.
//!
//! Computation is here ([`schedule`], in `solve.rs`, `working.rs`,
//! `explain.rs`); the renderings are apart ([`render_table`], [`render_json`],
//! [`render_ics`]).

mod contested;
mod explain;
mod ics;
mod render;
mod solve;
mod working;

#[cfg(test)]
mod tests;

pub use contested::{schedule_readings, QuestionNote, ReadingWindow};
pub use ics::render_ics;
pub use render::{bound_by_text, render_json, render_table};

use crate::diag::{Code, Diagnostic, Text};
use crate::ir::{compile, ParamValues, ProcedureIr};
use crate::resolve::{Plan, Procedure};
use crate::timing::Calendar;
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// An anchor given on the command line, `STAGE=DATE`: the stage (or phase)
/// named `name` takes place on `date` (its first and last day).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub name: String,
    pub date: NaiveDate,
}

impl Anchor {
    /// An anchor of `name` on `date`.
    pub fn new(name: impl Into<String>, date: NaiveDate) -> Anchor {
        Anchor {
            name: name.into(),
            date,
        }
    }

    /// Parses `STAGE=DATE` (`DATE` as `2021-01-28` or `2021年1月28日`). The
    /// error is a message for the command line.
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let Some((name, date)) = text.rsplit_once('=') else {
            return Err(format!(
                "expected STAGE=DATE, e.g. `投票选举=2021-01-28` (应写作 阶段=日期), found `{text}`"
            ));
        };
        let (name, date) = (name.trim(), date.trim());
        if name.is_empty() {
            return Err(format!(
                "the stage is missing before `=` in `{text}` (缺少阶段名称)"
            ));
        }
        match crate::syntax::lexical::date(date) {
            Ok(d) => Ok(Anchor::new(name, d)),
            Err(crate::syntax::lexical::LiteralError::YearOutOfRange) => Err(format!(
                "the year of `{date}` is outside 1 to 9999 (`{date}` 的年份超出 1 至 9999 年的范围)"
            )),
            Err(_) => Err(format!(
                "`{date}` is not a date: write YYYY-MM-DD, e.g. `{name}=2021-01-28` (`{date}` 不是有效日期，应写作 YYYY-MM-DD)"
            )),
        }
    }
}

impl FromStr for Anchor {
    type Err = String;

    fn from_str(s: &str) -> Result<Anchor, String> {
        Anchor::parse(s)
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.date)
    }
}

/// Where a fixed date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorSource {
    /// `--anchor STAGE=DATE`.
    CommandLine,
    /// A date of the plan.
    Plan,
}

/// A date fixed by an anchor or a plan: `name` takes place from `first` to
/// `last` (equal for a one-day date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedDate {
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub source: AnchorSource,
}

/// The earliest and latest feasible date of a point (`None`: unbounded, or
/// beyond the calendar's range).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub earliest: Option<NaiveDate>,
    pub latest: Option<NaiveDate>,
}

/// Whether a row is a stage or a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Stage,
    Phase,
}

/// A constraint that bounds a row's window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasisItem {
    /// The constraint in words.
    pub rule: Text,
    /// The quoted clause of its `per`, if any.
    pub per: Option<String>,
    /// The name of the basis its `per` cites.
    pub basis: Option<String>,
}

/// The windows of one stage or phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub name: String,
    pub title: Option<String>,
    /// The phase a stage belongs to.
    pub phase: Option<String>,
    /// The stage is marked `optional`.
    pub optional: bool,
    /// The stage has a `when` condition.
    pub conditional: bool,
    /// Its first day.
    pub start: Window,
    /// Its last day.
    pub end: Window,
    /// The constraints that bind it directly (its own, or those that tie
    /// it to the stages and phases of `bound_by`), nearest first.
    pub basis: Vec<BasisItem>,
    /// The stages and phases whose dates its bounds follow from: their own
    /// rows give the rest of the reasons. (Copying their reasons here made
    /// a chain of n stages n² long.)
    pub bound_by: Vec<String>,
    /// Where open readings give it different windows: each reading's
    /// (`start` and `end` are then the safe windows; see `contested`).
    pub by_reading: Vec<ReadingWindow>,
}

impl Row {
    /// Whether one date range describes the row: a stage whose first and last
    /// day have the same window.
    pub fn single_window(&self) -> bool {
        self.kind == RowKind::Stage && self.start == self.end
    }

    /// The window of every day of the row: earliest first day to latest last
    /// day.
    pub fn span(&self) -> Window {
        Window {
            earliest: self.start.earliest,
            latest: self.end.latest,
        }
    }
}

/// The schedule of a procedure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub procedure: String,
    pub title: Option<String>,
    /// The plan whose dates, window and parameters were used.
    pub plan: Option<String>,
    /// Every fixed date: the plan's first, then the command line's.
    pub anchors: Vec<FixedDate>,
    /// Stages in source order, each phase just before its first stage.
    pub rows: Vec<Row>,
    /// Warnings (dates outside the holiday calendar).
    pub warnings: Vec<Diagnostic>,
    /// What the windows leave out (working-day rules kept as relaxations).
    pub notes: Vec<Text>,
    /// The open readings the schedule was computed under (empty when none).
    pub questions: Vec<QuestionNote>,
    /// How "N 日前" was counted, in words, when the procedure reads it
    /// (the header of the table; JSON `days_before`).
    pub days_before: Option<Text>,
}

/// The IR a schedule needs: `proc` compiled with `plan`'s parameter values
/// (or the defaults without a plan).
pub fn compile_for(proc: &Procedure, plan: Option<&Plan>) -> ProcedureIr {
    let params = match plan {
        Some(plan) => ParamValues::for_plan(proc, plan),
        None => ParamValues::defaults(proc),
    };
    compile(proc, &params)
}

/// The schedule of `proc` given `anchors` and, optionally, a plan, with
/// working days counted by the built-in holiday calendar.
///
/// `ir` must be `proc` compiled with the plan's parameters
/// ([`compile_for`]). Errors: an anchor naming no stage or phase
/// ([`Code::UnknownStage`], with a suggestion), or dates that admit no
/// schedule ([`Code::AnchorConflict`]; [`Code::Contradiction`] if the
/// procedure itself has none).
#[expect(
    clippy::result_large_err,
    reason = "one diagnostic per call, returned once per run: boxing buys nothing"
)]
pub fn schedule(
    proc: &Procedure,
    ir: &ProcedureIr,
    anchors: &[Anchor],
    plan: Option<&Plan>,
) -> Result<Schedule, Diagnostic> {
    schedule_with(proc, ir, anchors, plan, &Calendar::builtin())
}

/// [`schedule`] with a given holiday calendar.
#[expect(
    clippy::result_large_err,
    reason = "one diagnostic per call, returned once per run: boxing buys nothing"
)]
pub fn schedule_with(
    proc: &Procedure,
    ir: &ProcedureIr,
    anchors: &[Anchor],
    plan: Option<&Plan>,
    calendar: &Calendar,
) -> Result<Schedule, Diagnostic> {
    solve::run(proc, ir, anchors, plan, calendar)
}

/// The diagnostic for an anchor that names no stage or phase.
fn unknown_anchor(proc: &Procedure, name: &str) -> Diagnostic {
    let known = proc
        .stages
        .iter()
        .map(|s| s.name.name.as_str())
        .chain(proc.phases.iter().map(|p| p.name.name.as_str()));
    let d = Diagnostic::error(
        Code::UnknownStage,
        Text::new(
            format!("锚定的阶段 `{name}` 在程序 `{}` 中不存在", proc.name.name),
            format!(
                "the anchor names `{name}`, which is no stage or phase of `{}`",
                proc.name.name
            ),
        ),
    );
    match crate::diag::did_you_mean(name, known) {
        Some(s) => d.with_help(crate::diag::did_you_mean_help(s)),
        None => d.with_help(Text::new(
            "锚定日期应写作 `阶段名=日期`，阶段名须与程序中的一致",
            "write the anchor as `STAGE=DATE` with a stage or phase of the procedure",
        )),
    }
}
