//! Unit tests of the schedule computation.

// Tests may panic on a broken expectation.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::result_large_err
)]

use super::*;
use crate::diag::{Lang, Severity};
use crate::timing::Calendar;

/// The list 20 days before the vote (reading A unless `setting` says
/// otherwise), candidates 7 days before, a report within a day after.
fn small(setting: &str) -> String {
    format!(
        r#"
procedure 测试 "测试程序" {{
  basis 方案 "测试方案"
  {setting}
  stage 名单 {{
    at least 20 days before 投票   per 方案 "名单应在选举日的20日前公布"
  }}
  stage 提名 {{
    after 名单
  }}
  stage 公布 {{
    after 提名
    at least 7 days before 投票    per 方案 "应在选举日7日前公布"
  }}
  stage 投票 {{}}
  stage 上报 {{
    within 1 day after 投票        per 方案 "当日或次日上报"
  }}
}}
"#
    )
}

fn d(s: &str) -> NaiveDate {
    crate::syntax::lexical::date(s).unwrap()
}

fn run_with(
    text: &str,
    anchors: &[(&str, &str)],
    plan: Option<&str>,
    calendar: &Calendar,
) -> Result<Schedule, Diagnostic> {
    let (_, _, outcome) = crate::lint_str("t.hj", text);
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let program = outcome.program.unwrap();
    let proc = &program.procedures[0];
    let plan = plan.map(|name| program.plan(name).unwrap().1);
    let ir = compile_for(proc, plan);
    let anchors: Vec<Anchor> = anchors.iter().map(|(n, s)| Anchor::new(*n, d(s))).collect();
    schedule_with(proc, &ir, &anchors, plan, calendar)
}

fn run(text: &str, anchors: &[(&str, &str)]) -> Result<Schedule, Diagnostic> {
    run_with(text, anchors, None, &Calendar::builtin())
}

fn row<'s>(s: &'s Schedule, name: &str) -> &'s Row {
    s.rows.iter().find(|r| r.name == name).unwrap()
}

fn window(e: Option<&str>, l: Option<&str>) -> Window {
    Window {
        earliest: e.map(d),
        latest: l.map(d),
    }
}

#[test]
fn one_anchor_gives_exact_windows() {
    let s = run(&small(""), &[("投票", "2021-01-28")]).unwrap();
    assert_eq!(
        row(&s, "投票").start,
        window(Some("2021-01-28"), Some("2021-01-28"))
    );
    assert_eq!(row(&s, "名单").end, window(None, Some("2021-01-08")));
    assert_eq!(row(&s, "名单").start, window(None, Some("2021-01-08")));
    assert_eq!(row(&s, "公布").start, window(None, Some("2021-01-21")));
    assert_eq!(row(&s, "提名").end, window(None, Some("2021-01-21")));
    assert_eq!(
        row(&s, "上报").start,
        window(Some("2021-01-28"), Some("2021-01-29"))
    );
    assert!(s.warnings.is_empty() && s.notes.is_empty());
    assert_eq!(
        s.anchors,
        vec![FixedDate {
            name: "投票".into(),
            first: d("2021-01-28"),
            last: d("2021-01-28"),
            source: AnchorSource::CommandLine,
        }]
    );
}

#[test]
fn two_anchors_bound_the_stages_between() {
    let s = run(
        &small(""),
        &[("名单", "2021-01-01"), ("投票", "2021-01-28")],
    )
    .unwrap();
    let between = window(Some("2021-01-01"), Some("2021-01-21"));
    assert_eq!(row(&s, "提名").start, between);
    assert_eq!(row(&s, "公布").end, between);
    assert!(row(&s, "提名").single_window());
}

#[test]
fn the_basis_names_the_binding_rules_and_the_stage_they_lead_to() {
    let s = run(&small(""), &[("投票", "2021-01-28")]).unwrap();
    let basis = |name: &str| -> Vec<Option<&str>> {
        row(&s, name)
            .basis
            .iter()
            .map(|b| b.per.as_deref())
            .collect()
    };
    // The path of 提名's bound: 提名 ≤ 公布 (no per), 公布 ≤ 投票 − 7,
    // 投票 anchored. Each row names its own step and the stage it leads to.
    assert_eq!(basis("提名"), vec![None]);
    assert_eq!(row(&s, "提名").bound_by, ["公布"]);
    assert_eq!(basis("公布"), vec![Some("应在选举日7日前公布")]);
    assert_eq!(row(&s, "公布").bound_by, ["投票"]);
    let b = &row(&s, "投票").basis;
    assert_eq!(b[0].rule.en, "`投票` is anchored on 2021-01-28");
    assert!(row(&s, "投票").bound_by.is_empty());
    let b = &row(&s, "名单").basis;
    assert_eq!(b[0].basis.as_deref(), Some("方案"));
}

#[test]
fn a_chain_of_stages_has_a_basis_linear_in_its_length() {
    let n = 300;
    let stages: String = (1..n)
        .map(|i| format!("  stage s{i} {{ after s{} }}\n", i - 1))
        .collect();
    let text = format!("procedure P {{\n  stage s0 {{}}\n{stages}}}\n");
    let s = run(&text, &[("s0", "2021-01-01")]).unwrap();
    let items: usize = s
        .rows
        .iter()
        .map(|r| r.basis.len() + r.bound_by.len())
        .sum();
    assert!(items <= 3 * n, "{items} basis items for {n} stages");
    let last = row(&s, &format!("s{}", n - 1));
    assert_eq!(last.bound_by, [format!("s{}", n - 2)]);
    let json = render_json(&s, Lang::En).to_string();
    assert!(json.len() < 1000 * n, "{} bytes of JSON", json.len());
}

#[test]
fn reading_b_moves_the_latest_day_one_day_earlier() {
    let a = run(
        &small("setting days_before = subtractive"),
        &[("投票", "2021-01-28")],
    )
    .unwrap();
    let b = run(
        &small("setting days_before = exclusive"),
        &[("投票", "2021-01-28")],
    )
    .unwrap();
    assert_eq!(row(&a, "名单").end.latest, Some(d("2021-01-08")));
    assert_eq!(row(&b, "名单").end.latest, Some(d("2021-01-07")));
    assert_eq!(row(&b, "公布").end.latest, Some(d("2021-01-20")));
}

#[test]
fn conflicting_anchors_label_the_rule_and_both_anchors() {
    let e = run(
        &small(""),
        &[("名单", "2021-01-10"), ("投票", "2021-01-28")],
    )
    .unwrap_err();
    assert_eq!(e.code, Code::AnchorConflict);
    assert_eq!(e.code.id(), "HJ410");
    // The rule at its span; the anchors (no span: they come from the command
    // line) on synthetic labels, which the renderer lists as notes.
    let (sourced, synthetic): (Vec<_>, Vec<_>) =
        e.labels.iter().partition(|l| l.span.range().is_some());
    assert_eq!(sourced.len(), 1, "{:?}", e.labels);
    assert!(
        sourced[0].text.en.contains("at least 20 days"),
        "{:?}",
        e.labels
    );
    let anchors: Vec<&str> = synthetic.iter().map(|l| l.text.en.as_str()).collect();
    let anchors = anchors.join("; ");
    assert!(
        anchors.contains("`投票` is anchored on 2021-01-28"),
        "{anchors}"
    );
    assert!(
        anchors.contains("`名单` is anchored on 2021-01-10"),
        "{anchors}"
    );
    let note = &e.notes[0].en;
    assert!(
        note.contains("2021-01-08") && note.contains("2021-01-10"),
        "{note}"
    );
}

#[test]
fn the_same_stage_anchored_twice_conflicts() {
    let e = run(
        &small(""),
        &[("投票", "2021-01-28"), ("投票", "2021-01-29")],
    )
    .unwrap_err();
    assert_eq!(e.code, Code::AnchorConflict);
    assert!(e.notes[0]
        .en
        .contains("neither before 2021-01-29 nor after 2021-01-28"));
}

#[test]
fn unknown_anchor_suggests_a_stage() {
    let e = run(&small(""), &[("投票选", "2021-01-28")]).unwrap_err();
    assert_eq!(e.code, Code::UnknownStage);
    assert_eq!(e.help.map(|h| h.en), Some("did you mean `投票`?".into()));
}

#[test]
fn anchors_parse_from_the_command_line() {
    assert_eq!(
        Anchor::parse("投票选举=2021-01-28"),
        Ok(Anchor::new("投票选举", d("2021-01-28")))
    );
    assert_eq!(
        "投票选举=2021年1月28日".parse::<Anchor>().map(|a| a.date),
        Ok(d("2021-01-28"))
    );
    let bad = Anchor::parse("投票选举=2021-02-30").unwrap_err();
    assert!(bad.contains("`2021-02-30` is not a date"), "{bad}");
    assert!(Anchor::parse("2021-01-28")
        .unwrap_err()
        .contains("STAGE=DATE"));
    assert!(Anchor::parse("=2021-01-28").is_err());
}

const PLAN: &str = r#"
procedure 测试 {
  param 名单天数: days = 20
  stage 名单 {
    at least 名单天数 days before 投票
  }
  stage 公示 {
    after 名单
    lasts 3 days
  }
  stage 投票 {
    after 公示
  }
}

plan 甲街道 for 测试 {
  window 2021-01-01 to 2021-02-10
  param 名单天数 = 15
  公示 from 2021-01-12 to 2021-01-14
  投票 on 2021-01-28
}
"#;

#[test]
fn a_plan_gives_dates_window_and_parameters() {
    let s = run_with(PLAN, &[], Some("甲街道"), &Calendar::builtin()).unwrap();
    assert_eq!(s.plan.as_deref(), Some("甲街道"));
    // 15 days before the vote (the plan's value), and not before the window.
    assert_eq!(
        row(&s, "名单").start,
        window(Some("2021-01-01"), Some("2021-01-12"))
    );
    let gs = row(&s, "公示");
    assert_eq!(gs.start, window(Some("2021-01-12"), Some("2021-01-12")));
    assert_eq!(gs.end, window(Some("2021-01-14"), Some("2021-01-14")));
    assert!(!gs.single_window());
    assert_eq!(s.anchors.len(), 2);
    assert!(s.anchors.iter().all(|a| a.source == AnchorSource::Plan));
}

#[test]
fn the_window_conflicts_with_an_anchor_outside_it() {
    let e = run_with(
        PLAN,
        &[("名单", "2020-12-20")],
        Some("甲街道"),
        &Calendar::builtin(),
    )
    .unwrap_err();
    assert_eq!(e.code, Code::AnchorConflict);
    assert!(e
        .labels
        .iter()
        .any(|l| l.text.en == "the window is 2021-01-01 to 2021-02-10"));
}

const WORKING: &str = r#"
procedure 测试 {
  stage 投票 {}
  stage 备案 {
    within 5 working days after 投票
  }
  stage 公示 {
    same day as 投票
    lasts 3 working days
  }
  stage 归档 {
    after 备案
  }
}
"#;

#[test]
fn working_days_are_counted_with_the_calendar_once_pinned() {
    // 2021-09-30 is a Thursday before the National Day holiday (10-01..07);
    // 10-09 (Saturday) is a working day.
    let s = run(WORKING, &[("投票", "2021-09-30")]).unwrap();
    // Working days after 09-30: 10-08, 10-09, 10-11, 10-12, 10-13.
    assert_eq!(
        row(&s, "备案").end,
        window(Some("2021-09-30"), Some("2021-10-13"))
    );
    assert_eq!(row(&s, "备案").start.latest, Some(d("2021-10-13")));
    // 09-30, 10-08, 10-09: exactly three working days from the first day.
    assert_eq!(
        row(&s, "公示").end,
        window(Some("2021-10-09"), Some("2021-10-09"))
    );
    assert!(s.warnings.is_empty());
    assert!(s.notes.is_empty());
    let basis: Vec<&str> = row(&s, "备案")
        .basis
        .iter()
        .map(|b| b.rule.en.as_str())
        .collect();
    assert!(
        basis.contains(&"`备案` is on or before 2021-10-13 (`备案` is at most 5 working days after `投票`, counted from 2021-09-30 with the holiday calendar)"),
        "{basis:?}"
    );
}

#[test]
fn working_days_outside_the_calendar_warn_and_stay_relaxed() {
    let s = run(WORKING, &[("投票", "2031-09-30")]).unwrap();
    assert_eq!(row(&s, "备案").end.latest, None);
    assert_eq!(s.warnings.len(), 2);
    assert!(s
        .warnings
        .iter()
        .all(|w| w.code == Code::OutsideCalendar && w.severity == Severity::Warning));
}

#[test]
fn unpinned_working_day_rules_are_noted() {
    let s = run(WORKING, &[]).unwrap();
    assert_eq!(s.notes.len(), 2);
    assert!(s.notes[0].en.contains("reference day is not fixed"));
}

#[test]
fn phases_come_before_their_first_stage() {
    let text = r#"
procedure 测试 {
  stage 甲 {}
  phase 筹备 "筹备阶段" {
    stage 乙 {
      after 甲
    }
  }
}
"#;
    let s = run(text, &[("甲", "2021-01-01")]).unwrap();
    let names: Vec<(&str, RowKind)> = s.rows.iter().map(|r| (r.name.as_str(), r.kind)).collect();
    assert_eq!(
        names,
        vec![
            ("甲", RowKind::Stage),
            ("筹备", RowKind::Phase),
            ("乙", RowKind::Stage)
        ]
    );
    assert_eq!(row(&s, "乙").phase.as_deref(), Some("筹备"));
    assert_eq!(row(&s, "乙").start.earliest, Some(d("2021-01-01")));
}

/// The schedule under every open reading (`schedule_readings`).
fn readings(text: &str, days_before: Option<crate::ast::Reading>) -> Schedule {
    let (_, _, outcome) = crate::lint_str("t.hj", text);
    let program = outcome.program.unwrap();
    let proc = &program.procedures[0];
    let anchors = [Anchor::new("投票", d("2021-01-28"))];
    schedule_readings(proc, &[], days_before, &anchors, None, &Calendar::builtin()).unwrap()
}

#[test]
fn an_open_reading_gives_the_safe_window_and_each_reading() {
    let s = readings(&small(""), None);
    // The earlier of the two latest days is the safe one.
    assert_eq!(row(&s, "名单").end.latest, Some(d("2021-01-07")));
    let by: Vec<_> = row(&s, "名单")
        .by_reading
        .iter()
        .map(|r| (r.reading.clone(), r.end.latest))
        .collect();
    let pair = |a: &str| vec![("日前计法".to_string(), a.to_string())];
    assert_eq!(
        by,
        [
            (pair("相减"), Some(d("2021-01-08"))),
            (pair("间隔"), Some(d("2021-01-07")))
        ]
    );
    // The report after the vote does not depend on the reading.
    assert!(row(&s, "上报").by_reading.is_empty());
    assert_eq!(s.questions.len(), 1);
    let table = render_table(&s, crate::diag::Lang::Zh);
    assert!(table.contains("有争议的读法") && table.contains("按乙读法（间隔）计算“日前”"));
    let json = render_json(&s, crate::diag::Lang::En);
    assert_eq!(json["contested"][0]["name"], "日前计法");
    assert_eq!(
        json["stages"][0]["by_reading"][1]["reading"]["日前计法"],
        "间隔"
    );
}

#[test]
fn a_fixed_or_set_reading_is_not_open() {
    let a = readings(&small(""), Some(crate::ast::Reading::Subtractive));
    assert_eq!(row(&a, "名单").end.latest, Some(d("2021-01-08")));
    assert!(a.questions.is_empty() && row(&a, "名单").by_reading.is_empty());
    let set = readings(&small("setting days_before = exclusive"), None);
    assert_eq!(row(&set, "名单").end.latest, Some(d("2021-01-07")));
    assert!(set.questions.is_empty());
}
