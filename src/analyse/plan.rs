//! A plan's dates against its procedure: spans that end before they start,
//! dates outside the plan's window, pairs of planned dates that break a
//! timing rule, and planned dates that leave the unplanned stages no room.

use super::cycle::{contradiction, ExtraTag};
use crate::diag::{Code, Diagnostic, Text};
use crate::ir::{
    compile, day_number, from_day_number, ParamValues, PointKind, ProcedureIr, Source,
};
use crate::resolve::{Include, Plan, Procedure, Target, Window};
use crate::span::Span;
use crate::timing::Calendar;
use std::collections::BTreeMap;

struct Anchor {
    first: i64,
    last: i64,
    span: Span,
}

fn date(n: i64) -> String {
    from_day_number(n).map_or_else(|| format!("day {n}"), |d| d.to_string())
}

fn planned(proc: &Procedure, t: Target, a: &Anchor) -> Text {
    let name = proc.target_name(t);
    if a.first == a.last {
        Text::new(
            format!("`{name}` 计划于 {}", date(a.first)),
            format!("`{name}` is planned for {}", date(a.first)),
        )
    } else {
        Text::new(
            format!("`{name}` 计划于 {} 至 {}", date(a.first), date(a.last)),
            format!(
                "`{name}` is planned from {} to {}",
                date(a.first),
                date(a.last)
            ),
        )
    }
}

/// A planned span of `name` that ends (`last`) before it starts (`first`).
fn reversed(name: &str, first: i64, last: i64, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::PlanReversed,
        Text::new(
            format!(
                "`{name}` 计划的结束日期 {} 早于开始日期 {}",
                date(last),
                date(first)
            ),
            format!(
                "`{name}` is planned to end on {} before it starts on {}",
                date(last),
                date(first)
            ),
        ),
    )
    .with_label(span, Text::new("起止日期颠倒", "the span runs backwards"))
    .with_help(Text::new(
        "核对年份和日期：常见的笔误是把开始日期的年份写错",
        "check the years and days: a wrong year on the first date is a common slip",
    ))
}

/// Every finding about `plan` (a plan for `proc`).
pub fn plan(proc: &Procedure, plan: &Plan, calendar: &Calendar) -> Vec<Diagnostic> {
    let ir = compile(proc, &ParamValues::for_plan(proc, plan));
    let mut diags = Vec::new();
    let mut anchors: BTreeMap<Target, Anchor> = BTreeMap::new();
    for d in &plan.dates {
        let (first, last) = (day_number(d.from), day_number(d.to.unwrap_or(d.from)));
        if last < first {
            diags.push(reversed(proc.target_name(d.target), first, last, d.span));
            continue;
        }
        anchors.insert(
            d.target,
            Anchor {
                first,
                last,
                span: d.span,
            },
        );
    }

    // The dates given to the whole procedure: a span of their own, checked
    // like the window once it runs forwards; those given to an included
    // procedure, the same for its stages and phases.
    let mut windows: Vec<&crate::resolve::Window> = plan.window.iter().collect();
    for w in &plan.overall {
        if w.to < w.from {
            let (first, last) = (day_number(w.from), day_number(w.to));
            diags.push(reversed(&proc.name.name, first, last, w.span));
        } else {
            windows.push(w);
        }
    }
    for w in windows {
        diags.extend(outside(proc, w, &anchors, None));
    }
    for part in &plan.included {
        let (w, Some(inc)) = (&part.window, proc.includes.get(part.include)) else {
            continue;
        };
        if w.to < w.from {
            let (first, last) = (day_number(w.from), day_number(w.to));
            diags.push(reversed(&inc.alias.name, first, last, w.span));
        } else {
            diags.extend(outside(proc, w, &anchors, Some(inc)));
        }
    }

    let value = |p: usize| -> Option<(i64, Option<&Anchor>)> {
        match ir.points.get(p)? {
            PointKind::Origin => Some((0, None)),
            PointKind::Start(t) => anchors.get(t).map(|a| (a.first, Some(a))),
            PointKind::End(t) => anchors.get(t).map(|a| (a.last, Some(a))),
        }
    };
    let mut violated = false;
    for c in &ir.constraints {
        if matches!(c.source, Source::Duration(_)) {
            continue;
        }
        let (Some((vf, af)), Some((vt, at))) = (value(c.from), value(c.to)) else {
            continue;
        };
        let diff = vt - vf;
        let mut broken = c.lo.is_some_and(|l| diff < l) || c.hi.is_some_and(|h| diff > h);
        let working = c
            .working_days
            .and_then(|w| Some((w, working_count(calendar, &ir, c.from, c.to, vf, vt)?)));
        if let Some((w, n)) = working {
            broken |= w.min.is_some_and(|m| n < m) || w.max.is_some_and(|m| n > m);
        }
        if !broken {
            continue;
        }
        violated = true;
        let working = working.map(|(_, n)| n);
        diags.push(violation(proc, &ir, c, (af, at), (vf, vt), working));
    }

    if !violated && diags.is_empty() {
        if let Some(d) = infeasible(proc, &ir, plan, &anchors) {
            diags.push(d);
        }
    }
    diags
}

/// HJ502 for every planned date outside `w`: the plan's window or the
/// dates of the whole procedure, or the dates of one included procedure
/// (`part`), which bound only its own stages and phases.
fn outside(
    proc: &Procedure,
    w: &Window,
    anchors: &BTreeMap<Target, Anchor>,
    part: Option<&Include>,
) -> Vec<Diagnostic> {
    let (wf, wt) = (day_number(w.from), day_number(w.to));
    let bounds = |t: &Target| {
        part.is_none_or(|inc| match t {
            Target::Stage(s) => inc.stages.contains(s),
            Target::Phase(p) => inc.phases.contains(p),
        })
    };
    let (what, label, here, help) = match part {
        None => (
            Text::new(
                format!("超出换届期限 {} 至 {}", w.from, w.to),
                format!("outside the window {} to {}", w.from, w.to),
            ),
            Text::new(
                format!("换届期限为 {} 至 {}", w.from, w.to),
                format!("the window is {} to {}", w.from, w.to),
            ),
            Text::new("超出期限", "outside the window"),
            Text::new(
                "把日期移入期限，或核对期限本身是否写错",
                "move the date into the window, or check the window itself",
            ),
        ),
        Some(inc) => {
            let n = &inc.alias.name;
            (
                Text::new(
                    format!("超出 `{n}` 的起止日期 {} 至 {}", w.from, w.to),
                    format!("outside the dates of `{n}`, {} to {}", w.from, w.to),
                ),
                Text::new(
                    format!("`{n}` 计划于 {} 至 {}", w.from, w.to),
                    format!("`{n}` is planned from {} to {}", w.from, w.to),
                ),
                Text::new(
                    format!("超出 `{n}` 的起止日期"),
                    format!("outside the dates of `{n}`"),
                ),
                Text::new(
                    format!("把日期移入 `{n}` 的起止日期，或核对这两个日期本身是否写错"),
                    format!("move the date into the dates of `{n}`, or check those dates"),
                ),
            )
        }
    };
    let mut diags = Vec::new();
    for (t, a) in anchors.iter().filter(|(t, _)| bounds(t)) {
        if a.first >= wf && a.last <= wt {
            continue;
        }
        let p = planned(proc, *t, a);
        diags.push(
            Diagnostic::error(
                Code::PlanOutsideWindow,
                Text::new(
                    format!("{}，{}", p.zh, what.zh),
                    format!("{}, {}", p.en, what.en),
                ),
            )
            .with_label(a.span, here.clone())
            .with_label(w.span, label.clone())
            .with_help(help.clone()),
        );
    }
    diags
}

/// The number of working days a rule counts once both of its days are
/// planned: the length of a stage, or the working days after the reference
/// day (民法典 第二百零一条: the first day is not counted).
fn working_count(
    calendar: &Calendar,
    ir: &ProcedureIr,
    from: usize,
    to: usize,
    vf: i64,
    vt: i64,
) -> Option<i64> {
    let (df, dt) = (from_day_number(vf)?, from_day_number(vt)?);
    let same_target = matches!(
        (ir.points.get(from), ir.points.get(to)),
        (Some(PointKind::Start(a)), Some(PointKind::End(b))) if a == b
    );
    Some(if same_target {
        calendar.working_days_in(df, dt)
    } else {
        match df.succ_opt() {
            Some(next) if next <= dt => calendar.working_days_in(next, dt),
            _ => 0,
        }
    })
}

fn violation(
    proc: &Procedure,
    ir: &ProcedureIr,
    c: &crate::ir::Constraint,
    (af, at): (Option<&Anchor>, Option<&Anchor>),
    (vf, vt): (i64, i64),
    working: Option<i64>,
) -> Diagnostic {
    let actual = match (ir.points.get(c.from), ir.points.get(c.to)) {
        _ if let Some(n) = working => Text::new(
            format!("计划中为 {n} 个工作日（{} 个日历日）", vt - vf),
            format!(
                "the plan gives {n} working days ({} calendar days)",
                vt - vf
            ),
        ),
        (Some(PointKind::Start(a)), Some(PointKind::End(b))) if a == b => Text::new(
            format!("计划持续 {} 天", vt - vf + 1),
            format!("the plan has it last {} days", vt - vf + 1),
        ),
        (Some(PointKind::Origin), _) => Text::new(
            format!("计划日期为 {}", date(vt)),
            format!("the plan has {}", date(vt)),
        ),
        _ => Text::new(
            format!("计划中两者相差 {} 天", vt - vf),
            format!("the plan puts them {} days apart", vt - vf),
        ),
    };
    let (code_zh, code_en) = match c.source {
        Source::Contains { phase, stage } => (
            format!(
                "阶段 `{}` 的计划日期落在所属环节 `{}` 之外",
                proc.target_name(Target::Stage(stage)),
                proc.target_name(Target::Phase(phase))
            ),
            format!(
                "stage `{}` is planned outside its phase `{}`",
                proc.target_name(Target::Stage(stage)),
                proc.target_name(Target::Phase(phase))
            ),
        ),
        _ => (
            format!("计划日期违反约束：{}；{}", c.text.zh, actual.zh),
            format!("planned dates break a rule: {}; {}", c.text.en, actual.en),
        ),
    };
    let mut d = Diagnostic::error(Code::PlanViolates, Text::new(code_zh, code_en));
    let target_of = |p: usize| match ir.points.get(p) {
        Some(PointKind::Start(t)) | Some(PointKind::End(t)) => Some(*t),
        _ => None,
    };
    for (anchor, point) in [(at, c.to), (af, c.from)] {
        if let (Some(a), Some(t)) = (anchor, target_of(point)) {
            if d.labels
                .iter()
                .all(|l| l.span.sort_key() != a.span.sort_key())
            {
                d = d.with_label(a.span, planned(proc, t, a));
            }
        }
    }
    d = d.with_label(c.span, c.text.clone());
    if let Some(cite) = &c.cite {
        d = d.with_note(Text::new(
            format!("依据：“{}”", cite.clause),
            format!("basis: “{}”", cite.clause),
        ));
    }
    d.with_help(Text::new(
        "调整计划日期，使之满足程序的时间要求",
        "move the planned dates so that the procedure's rule holds",
    ))
}

/// Planned dates that are fine pairwise but leave no room for the stages
/// the plan does not date (including the window on every unplanned stage).
fn infeasible(
    proc: &Procedure,
    ir: &ProcedureIr,
    plan: &Plan,
    anchors: &BTreeMap<Target, Anchor>,
) -> Option<Diagnostic> {
    let mut net = ir.network();
    let mut extra = Vec::new();
    let mut tag = ir.constraints.len();
    for (t, a) in anchors {
        net.add_eq(ProcedureIr::ORIGIN, ir.start(*t), a.first, tag);
        net.add_eq(ProcedureIr::ORIGIN, ir.end(*t), a.last, tag);
        extra.push(ExtraTag {
            tag,
            span: a.span,
            text: planned(proc, *t, a),
        });
        tag += 1;
    }
    if let Some(w) = &plan.window {
        let (wf, wt) = (day_number(w.from), day_number(w.to));
        for (i, _) in proc.stages.iter().enumerate() {
            let t = Target::Stage(crate::resolve::StageId(i));
            if anchors.contains_key(&t) {
                continue;
            }
            net.add_range(ProcedureIr::ORIGIN, ir.start(t), Some(wf), None, tag);
            net.add_range(ProcedureIr::ORIGIN, ir.end(t), None, Some(wt), tag);
        }
        extra.push(ExtraTag {
            tag,
            span: w.span,
            text: Text::new(
                format!("换届期限为 {} 至 {}", w.from, w.to),
                format!("the window is {} to {}", w.from, w.to),
            ),
        });
    }
    let cycle = net.consistency().err()?;
    let mut d = contradiction(proc, ir, &cycle, &extra);
    d.code = Code::PlanInfeasible;
    d.message = Text::new(
        d.message
            .zh
            .replacen("时间约束相互矛盾", "计划日期使其余阶段无法安排", 1),
        d.message.en.replacen(
            "contradictory timing",
            "the planned dates leave no schedule",
            1,
        ),
    );
    Some(d)
}
