//! Timing: difference constraints between day points, and the holiday calendar.
//!
//! # The model
//!
//! A procedure's timing rules are facts about *days*. Each stage contributes points — its
//! start and its end day — and an election's anchors (the election day, the date a plan is
//! approved) are points too. Every timing rule is a **difference constraint** between two
//! points, `lo <= t(B) - t(A) <= hi` in whole days, with either side possibly open:
//!
//! | rule (民法典 art. 201, 1259) | constraint |
//! | --- | --- |
//! | "自 A 之日起 N 日内" B | `0 <= t(B) - t(A) <= N` (the start day is not counted) |
//! | A "在选举日 E 的 N 日前" (reading A) | `t(E) - t(A) >= N` |
//! | B follows A | `t(B) - t(A) >= 0` |
//! | a stage lasting N days | `t(end) - t(start) = N - 1` (both days inclusive) |
//!
//! Together these form a **simple temporal network** ([`Network`]): a graph with an edge
//! `A → B` of weight `hi` and an edge `B → A` of weight `-lo` per constraint. The
//! procedure is contradictory exactly when the graph has a negative cycle; the cycle
//! ([`NegativeCycle`]) lists the constraints (by the caller's `tag`) that cannot all hold.
//! Otherwise shortest paths give, for every point, the earliest and latest day relative to
//! an origin ([`Network::bounds_from`]) — the schedule windows — and the tightest bounds
//! any two points imply on each other ([`Network::implied`]).
//!
//! Working-day durations ("5 个工作日") and the art. 203 holiday extension depend on the
//! yearly State Council holiday arrangements, which are data: [`Calendar`] holds the days
//! off and the adjusted working days (调休) for the years it covers, read from
//! `data/holidays/cn.toml` or a replacement file. Working-day rules are not difference
//! constraints over calendar days; callers evaluate them with the calendar once dates are
//! known, and report dates outside [`Calendar::covers`] instead of guessing.
//!
//! This module is pure: it reads no files (the built-in calendar is compiled in) and never
//! panics on any input.

pub mod calendar;
pub mod stn;

pub use calendar::{Calendar, CalendarError, YearSource};
pub use stn::{Bounds, Edge, NegativeCycle, Network, Solved};
