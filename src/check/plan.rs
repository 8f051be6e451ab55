//! A plan's dates held against the record (`huanjie check --plan`): the
//! recorded days of every stage and phase the plan dates, of every included
//! procedure it dates as a whole, and of the whole renewal (the plan's
//! `window`), each within its planned days. A date outside is a `deadline`
//! finding (HJ305) on the plan line, with the line's `per` text as basis.
//!
//! Plan days are calendar days, both ends included: `on D` is the day D,
//! `from D1 to D2` the days D1 to D2. A recorded stage or phase must lie
//! within them (a phase: the span of its recorded stages).
//!
//! One date outside several planned spans is one finding, against the
//! first of: its stage's planned days, its phase's, the plan's window (and
//! the dates given to the whole procedure), its included procedure's. A
//! stage reported once is left out of the later spans. A phase gives at
//! most one finding (its recorded span); the window, the whole procedure's
//! dates and an include's dates at most one for the earliest stage before
//! them and one for the latest after.
//! Stages the record lacks, or gives with broken dates, or that took place
//! although they should not have, were reported by the procedure checks and
//! are not held against the plan.

use super::finding::{Finding, Kind};
use super::text;
use super::world::{Dated, Slot, World};
use crate::diag::Text;
use crate::ir::day_number;
use crate::resolve::{BasisRef, Cite, Plan, PlanDate, StageId, Target, Window};
use crate::span::Span;

/// Planned days, as day numbers, with the plan line.
struct Planned<'p> {
    first: i64,
    last: i64,
    cite: Option<&'p Cite>,
    span: Span,
}

impl Planned<'_> {
    fn of_date(d: &PlanDate) -> Planned<'_> {
        Planned {
            first: day_number(d.from),
            last: day_number(d.to.unwrap_or(d.from)),
            cite: d.cite.as_ref(),
            span: d.span,
        }
    }

    fn of_window(w: &Window) -> Planned<'_> {
        Planned {
            first: day_number(w.from),
            last: day_number(w.to),
            cite: w.cite.as_ref(),
            span: w.span,
        }
    }

    /// "`X` 计划于 D" / "`X` is planned for D", or the span.
    fn words(&self, name: &str) -> Text {
        if self.first == self.last {
            let d = text::day(self.first);
            Text::new(
                format!("`{name}` 计划于 {d}"),
                format!("`{name}` is planned for {d}"),
            )
        } else {
            let (a, b) = (text::day(self.first), text::day(self.last));
            Text::new(
                format!("`{name}` 计划于 {a} 至 {b}"),
                format!("`{name}` is planned from {a} to {b}"),
            )
        }
    }

    fn expected(&self) -> Text {
        text::window(Some(self.first), Some(self.last))
    }
}

struct PlanCheck<'c, 'a> {
    w: &'c World<'a>,
    plan: &'c Plan,
    /// Per stage: already reported against a narrower span.
    reported: Vec<bool>,
    out: &'c mut Vec<Finding>,
}

/// Checks the record against the plan's dates (see the module documentation).
pub(crate) fn check(w: &World<'_>, plan: &Plan, out: &mut Vec<Finding>) {
    let mut ck = PlanCheck {
        w,
        plan,
        reported: vec![false; w.proc.stages.len()],
        out,
    };
    for d in &plan.dates {
        if let Target::Stage(s) = d.target {
            ck.hold(Target::Stage(s), &[s], &Planned::of_date(d));
        }
    }
    for d in &plan.dates {
        if let Target::Phase(p) = d.target {
            let stages = w.phase_stages(p);
            // A phase with a broken stage has no span (reported as `data`).
            let broken = |s: &StageId| matches!(w.slot(*s), Slot::Broken(_)) && !w.is_void(*s);
            if !stages.iter().any(broken) {
                ck.hold(Target::Phase(p), stages, &Planned::of_date(d));
            }
        }
    }
    let all: Vec<StageId> = (0..w.proc.stages.len()).map(StageId).collect();
    if let Some(win) = &plan.window {
        let planned = Planned::of_window(win);
        let (a, b) = (text::day(planned.first), text::day(planned.last));
        let lead = Text::new(
            format!("换届期限为 {a} 至 {b}"),
            format!("the renewal's window is {a} to {b}"),
        );
        ck.span(&lead, &all, &planned);
    }
    for win in &plan.overall {
        let planned = Planned::of_window(win);
        ck.span(&planned.words(&w.proc.name.name), &all, &planned);
    }
    for part in &plan.included {
        let Some(inc) = w.proc.includes.get(part.include) else {
            continue;
        };
        let planned = Planned::of_window(&part.window);
        ck.span(&planned.words(&inc.alias.name), &inc.stages, &planned);
    }
}

/// "记录中 `X` 为 D" / "the record has `X` on D", or the span; without the
/// name when the line is about `X` itself.
fn recorded(name: Option<&str>, first: i64, last: i64) -> Text {
    let span = text::days_span(first, last);
    let on = if first == last { "on" } else { "from" };
    match name {
        Some(name) => Text::new(
            format!("记录中 `{name}` 为 {}", span.zh),
            format!("the record has `{name}` {on} {}", span.en),
        ),
        None => Text::new(
            format!("记录中为 {}", span.zh),
            format!("the record has it {on} {}", span.en),
        ),
    }
}

impl PlanCheck<'_, '_> {
    /// The recorded days of `stages` not yet reported.
    fn days(&self, stages: &[StageId]) -> Vec<(StageId, Dated)> {
        stages
            .iter()
            .filter(|s| !self.reported.get(s.0).copied().unwrap_or(true))
            .filter_map(|s| self.w.dated(*s).ok().map(|d| (*s, d)))
            .collect()
    }

    /// Leaves the stages of `days` outside `planned` out of the later spans.
    fn mark(&mut self, days: &[(StageId, Dated)], planned: &Planned<'_>) {
        for (s, d) in days {
            if d.first < planned.first || d.last > planned.last {
                if let Some(r) = self.reported.get_mut(s.0) {
                    *r = true;
                }
            }
        }
    }

    /// "basis title: clause" of a plan line (the plan's bases, then the
    /// procedure's).
    fn basis(&self, cite: Option<&Cite>) -> Option<String> {
        let cite = cite?;
        let title = match cite.basis {
            BasisRef::Plan(id) => self.plan.bases.get(id.0).map(|b| b.title.as_str()),
            BasisRef::Procedure(id) => self.w.proc.bases.get(id.0).map(|b| b.title.as_str()),
        };
        Some(match title {
            Some(t) => format!("{t}: {}", cite.clause),
            None => cite.clause.clone(),
        })
    }

    /// The finding about `name` (a stage or phase), recorded on the days
    /// `first` to `last`, outside `planned`; `at` is the recorded date
    /// outside; `named` when the plan line names something else.
    fn finding(
        &self,
        (name, named): (&str, bool),
        lead: &Text,
        (first, last): (i64, i64),
        at: Span,
        planned: &Planned<'_>,
    ) -> Finding {
        let plan = &self.plan.name.name;
        let rec = recorded(named.then_some(name), first, last);
        let record_span = match at {
            Span::Synthetic => self.w.record.procedure.span,
            s => s,
        };
        let days = text::days_span(first, last);
        Finding::error(
            Kind::Deadline,
            Text::new(
                format!("不符合计划：{}，但{}", lead.zh, rec.zh),
                format!("not as planned: {}, but {}", lead.en, rec.en),
            ),
            record_span,
        )
        .with_stage(name)
        .with_rule(planned.span)
        .with_basis(self.basis(planned.cite))
        .with_expected(planned.expected())
        .with_actual(days)
        .with_note(Text::new(
            format!("按计划 `{plan}` 检查"),
            format!("checked against the plan `{plan}`"),
        ))
    }

    /// A stage or phase the plan dates: its recorded span within the
    /// planned days.
    fn hold(&mut self, t: Target, stages: &[StageId], planned: &Planned<'_>) {
        let days = self.days(stages);
        let (Some(first), Some(last)) = (
            days.iter().map(|(_, d)| d).min_by_key(|d| d.first),
            days.iter().map(|(_, d)| d).max_by_key(|d| d.last),
        ) else {
            return;
        };
        let (early, late) = (first.first < planned.first, last.last > planned.last);
        if early || late {
            let name = self.w.proc.target_name(t);
            let at = if late {
                last.last_span
            } else {
                first.first_span
            };
            let lead = planned.words(name);
            let mut f = self.finding((name, false), &lead, (first.first, last.last), at, planned);
            if let Target::Phase(_) = t {
                f = f.with_note(self.outside_stages(&days, planned));
            }
            self.out.push(f);
        }
        self.mark(&days, planned);
    }

    /// "超出计划的阶段：`X`（D）" for the stages of a phase outside its
    /// planned days.
    fn outside_stages(&self, days: &[(StageId, Dated)], planned: &Planned<'_>) -> Text {
        let parts: Vec<Text> = days
            .iter()
            .filter(|(_, d)| d.first < planned.first || d.last > planned.last)
            .map(|(s, d)| {
                let name = self.w.stage_name(*s);
                let span = text::days_span(d.first, d.last);
                Text::new(
                    format!("`{name}`（{}）", span.zh),
                    format!("`{name}` ({})", span.en),
                )
            })
            .collect();
        let list = Text::new(
            parts
                .iter()
                .map(|p| p.zh.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            parts
                .iter()
                .map(|p| p.en.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        Text::new(
            format!("超出计划的阶段：{}", list.zh),
            format!("stages outside the planned days: {}", list.en),
        )
    }

    /// A span that covers several stages (the window, the whole procedure,
    /// an include): the earliest stage before it and the latest after it,
    /// one finding each.
    fn span(&mut self, lead: &Text, stages: &[StageId], planned: &Planned<'_>) {
        let days = self.days(stages);
        let before = days
            .iter()
            .filter(|(_, d)| d.first < planned.first)
            .min_by_key(|(_, d)| d.first)
            .map(|(s, d)| (*s, *d, d.first_span));
        let after = days
            .iter()
            .filter(|(_, d)| d.last > planned.last)
            .max_by_key(|(_, d)| d.last)
            .map(|(s, d)| (*s, *d, d.last_span));
        // One stage that runs past both ends is one finding.
        let after = after.filter(|(s, ..)| before.is_none_or(|(b, ..)| b != *s));
        for (s, d, at) in before.into_iter().chain(after) {
            let name = (self.w.stage_name(s), true);
            let f = self.finding(name, lead, (d.first, d.last), at, planned);
            self.out.push(f);
        }
        self.mark(&days, planned);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, reason = "a test fails by panicking")]

    use super::super::tests::{check_text, program_of, tags};
    use super::super::{CheckOptions, Finding};
    use crate::span::SourceMap;

    const PROC: &str = r#"
procedure 甲 {
  basis 法 "某法"
  param 公示天数: days = 5
  phase 准备 {
    stage 登记 {}
    stage 公布 { after 登记 }
  }
  stage 公示 { after 准备; lasts 公示天数 days }
  stage 投票 { after 公示 }
}
procedure 乙 { stage 会议 {} }
procedure 两者 { include 乙 as 党; include 甲 as 居; phase 居.准备 { after 党.会议 } }
"#;

    const PLAN: &str = r#"
plan 计划甲 for 甲 {
  basis 方案 "某方案"
  window 2021-01-01 to 2021-01-31   per 方案 "一月内完成"
  param 公示天数 = 7                 per 方案 "公示七天"
  准备 from 2021-01-02 to 2021-01-05 per 方案 "准备四天"
  投票 on 2021-01-20                 per 法 "二十日投票"
}
plan 计划两者 for 两者 {
  党 from 2021-01-01 to 2021-01-03
  居 from 2021-01-04 to 2021-01-31
}
"#;

    /// Checks `record` against the procedure and plan named.
    fn run(procedure: &str, plan: &str, record: &str) -> Vec<Finding> {
        let mut map = SourceMap::new();
        map.add("p.hj", PROC);
        map.add("plan.hj", PLAN);
        let program = program_of(&map);
        let (Some((_, proc)), Some((_, plan))) = (program.procedure(procedure), program.plan(plan))
        else {
            panic!("no {procedure} or {plan}");
        };
        check_text(&mut map, proc, record, &CheckOptions::with_plan(plan))
    }

    /// A record of 甲 on the plan's days: 登记 2021-01-02, 公布 01-05,
    /// 公示 01-06 to 01-12 (7 days), 投票 01-20, with the replacements made.
    fn record(replace: &[(&str, &str)]) -> String {
        let mut r = String::from(
            "procedure = \"甲\"\n\
             [stages.登记]\ndate = 2021-01-02\n\
             [stages.公布]\ndate = 2021-01-05\n\
             [stages.公示]\nstart = 2021-01-06\nend = 2021-01-12\n\
             [stages.投票]\ndate = 2021-01-20\n",
        );
        for (a, b) in replace {
            assert!(r.contains(a), "{a}");
            r = r.replace(a, b);
        }
        r
    }

    #[test]
    fn a_record_on_the_planned_days_conforms() {
        assert_eq!(
            tags(&run("甲", "计划甲", &record(&[]))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_stage_off_its_planned_day() {
        let f = run("甲", "计划甲", &record(&[("2021-01-20", "2021-01-21")]));
        assert_eq!(tags(&f), ["deadline@投票"]);
        let f = f.first().cloned().unwrap_or_else(|| panic!("no finding"));
        assert_eq!(
            f.message.en,
            "not as planned: `投票` is planned for 2021-01-20, but the record has it on 2021-01-21"
        );
        assert_eq!(f.expected.map(|e| e.en).as_deref(), Some("on 2021-01-20"));
        assert_eq!(f.basis.as_deref(), Some("某法: 二十日投票"));
        // Early is as wrong as late.
        let f = run("甲", "计划甲", &record(&[("2021-01-20", "2021-01-19")]));
        assert_eq!(tags(&f), ["deadline@投票"]);
    }

    #[test]
    fn a_phase_outside_its_planned_days_is_one_finding() {
        let f = run("甲", "计划甲", &record(&[("2021-01-02", "2021-01-01")]));
        assert_eq!(tags(&f), ["deadline@准备"]);
        let f = f.first().cloned().unwrap_or_else(|| panic!("no finding"));
        assert_eq!(f.basis.as_deref(), Some("某方案: 准备四天"));
        assert_eq!(
            f.actual.map(|a| a.en).as_deref(),
            Some("2021-01-01 to 2021-01-05")
        );
    }

    #[test]
    fn the_window_gives_one_finding_per_end_for_the_outermost_stage() {
        // Both 公示 and 投票 run past the window; 投票 has its own planned
        // day and is reported against it, 公示 against the window.
        let f = run(
            "甲",
            "计划甲",
            &record(&[
                (
                    "start = 2021-01-06\nend = 2021-01-12",
                    "start = 2021-01-30\nend = 2021-02-05",
                ),
                ("2021-01-20", "2021-02-06"),
            ]),
        );
        assert_eq!(tags(&f), ["deadline@公示", "deadline@投票"]);
        let window = f.iter().find(|f| f.stage.as_deref() == Some("公示"));
        let msg = window.map(|f| f.message.en.clone()).unwrap_or_default();
        assert!(
            msg.contains("the renewal's window is 2021-01-01 to 2021-01-31"),
            "{msg}"
        );
    }

    #[test]
    fn the_plan_sets_parameters_and_the_record_overrides_them() {
        // 公示 lasts 7 days by the plan (5 by default).
        let five = [("end = 2021-01-12", "end = 2021-01-10")];
        assert_eq!(
            tags(&run("甲", "计划甲", &record(&five))),
            ["duration@公示"]
        );
        let mut r = record(&five);
        r.push_str("[params]\n公示天数 = 5\n");
        assert_eq!(tags(&run("甲", "计划甲", &r)), Vec::<String>::new());
    }

    #[test]
    fn stages_the_record_lacks_are_not_held_against_the_plan() {
        let r = record(&[("[stages.投票]\ndate = 2021-01-20\n", "")]);
        assert_eq!(tags(&run("甲", "计划甲", &r)), ["missing_stage@投票"]);
    }

    #[test]
    fn an_included_procedure_keeps_to_its_dates() {
        let r = "procedure = \"两者\"\n\
                 [stages.\"党.会议\"]\ndate = 2021-01-04\n\
                 [stages.\"居.登记\"]\ndate = 2021-01-04\n\
                 [stages.\"居.公布\"]\ndate = 2021-01-05\n\
                 [stages.\"居.公示\"]\nstart = 2021-01-06\nend = 2021-01-10\n\
                 [stages.\"居.投票\"]\ndate = 2021-01-20\n";
        let f = run("两者", "计划两者", r);
        assert_eq!(tags(&f), ["deadline@党.会议"]);
        let msg = f.first().map(|f| f.message.en.clone()).unwrap_or_default();
        assert_eq!(msg, "not as planned: `党` is planned from 2021-01-01 to 2021-01-03, but the record has `党.会议` on 2021-01-04");
    }
}
