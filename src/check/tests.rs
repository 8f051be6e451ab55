//! Unit tests of the checker's semantics on a small procedure: elections
//! with ties and runoffs, working days and the holiday calendar, the two
//! readings of "N 日前", the holiday extension, one finding per root cause.
//! The residents' committee corpus is in `tests/check.rs`.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::*;
use crate::span::SourceMap;

const PROC: &str = r#"
程序 小选举 {
  依据文件 法 "某法"
  职务 主任 名额 1
  职务 委员 名额 2 至 3
  事实 登记选民: 计数
  参数 另选期限: 天数 = 10                  依据 法 "十日内"
  SETTING
  阶段 公布 {
    在 投票 的 5 日前 READING               依据 法 "五日前"
  }
  阶段 公示 可选 {
    在 公布 之后
    持续 不少于 5 个工作日                  依据 法 "公示五个工作日"
  }
  阶段 投票 {
    在 公布 之后
    事实 参加投票: 计数
    法定人数 参加投票 过半数 登记选民        依据 法 "过半数参加"
    要求 计数(候选人 其中 性别 = 女) 不少于 1 依据 法 "至少一名妇女"
    当选 须 得票 过半数 参加投票             依据 法 "过半数当选"
  }
  阶段 另行选举 当 缺额(投票) 或 平票(投票) {
    自 投票 之日起 另选期限 日内             依据 法 "十日内"
    事实 另选参加: 计数
    当选 须 得票 不少于 另选参加 的 1/3      依据 法 "三分之一"
  }
}
"#;

/// The procedure with a setting line and a reading on the "5 日前" rule.
fn procedure(setting: &str, reading: &str) -> String {
    PROC.replace("SETTING", setting).replace("READING", reading)
}

const RECORD: &str = r#"
procedure = "小选举"
[facts]
登记选民 = 1000
[stages.公布]
date = 2021-03-01
[stages.投票]
date = 2021-03-08
facts = { 参加投票 = 800 }
[[stages.投票.tally]]
position = "主任"
candidate = "甲"
votes = 700
[[stages.投票.tally]]
position = "委员"
candidate = "乙"
votes = 600
[[stages.投票.tally]]
position = "委员"
candidate = "丙"
votes = 500
[[positions]]
id = "委员"
seats = 2
[[candidates]]
name = "甲"
position = "主任"
gender = "女"
[[candidates]]
name = "乙"
position = "委员"
gender = "男"
[[candidates]]
name = "丙"
position = "委员"
gender = "男"
[[elected]]
position = "主任"
name = "甲"
[[elected]]
position = "委员"
name = "乙"
[[elected]]
position = "委员"
name = "丙"
"#;

/// Checks `record` against `proc` with the built-in calendar.
fn run(proc: &str, record: &str) -> Vec<Finding> {
    let mut map = SourceMap::new();
    map.add("p.hj", proc);
    let outcome = crate::lint(&map);
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let Some(program) = outcome.program else {
        panic!("no program");
    };
    let Some(proc) = program.procedures.first() else {
        panic!("no procedure");
    };
    let id = map.add("r.toml", record);
    let record = match crate::record::load(&map, id) {
        Ok(r) => r,
        Err(d) => panic!("{d:#?}"),
    };
    let options = CheckOptions::default();
    let irs = IrCache::new(proc, &options);
    check(proc, &irs, &record, &Calendar::builtin(), &options)
}

/// `kind@stage` of every finding, with `!` for warnings.
fn tags(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let kind = serde_json::to_value(f.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let warn = if f.is_error() { "" } else { "!" };
            format!("{kind}{warn}@{}", f.stage.as_deref().unwrap_or("-"))
        })
        .collect()
}

fn base() -> String {
    procedure("", "")
}

#[test]
fn a_conforming_record_has_no_finding() {
    let f = run(&base(), RECORD);
    assert_eq!(tags(&f), Vec::<String>::new(), "{f:#?}");
}

#[test]
fn another_procedure_is_one_finding() {
    let f = run(&base(), &RECORD.replace("\"小选举\"", "\"大选举\""));
    assert_eq!(tags(&f), ["data@-"]);
    assert_eq!(
        f.first().map(|f| f.code),
        Some(crate::diag::Code::WrongProcedure)
    );
}

/// 乙 700, 丙 600, 丁 600 for the two seats of 委员: 乙 wins, and 丙 and 丁
/// tie for the last seat.
fn tied() -> String {
    RECORD.replace("votes = 600", "votes = 700").replace(
        "candidate = \"丙\"\nvotes = 500\n",
        "candidate = \"丙\"\nvotes = 600\n[[stages.投票.tally]]\nposition = \"委员\"\n\
             candidate = \"丁\"\nvotes = 600\n",
    )
}

#[test]
fn a_tie_at_the_cut_off_requires_the_runoff() {
    let record = tied().replace("[[elected]]\nposition = \"委员\"\nname = \"丙\"\n", "");
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["missing_stage@另行选举"], "{f:#?}");
}

#[test]
fn a_declared_winner_of_an_undecided_tie_is_a_result() {
    let f = run(&base(), &tied());
    assert_eq!(
        tags(&f),
        ["missing_stage@另行选举", "result@投票"],
        "{f:#?}"
    );
    let result = f.iter().find(|f| f.kind == Kind::Result);
    let expected = result
        .and_then(|f| f.expected.as_ref())
        .map(|t| t.en.clone());
    assert_eq!(
        expected.as_deref(),
        Some("`乙`; 1 seat(s) undecided (tie): `丙`, `丁`")
    );
}

#[test]
fn a_runoff_fills_the_seats_left() {
    // 丙 has 400 of 800: not more than half, so one seat of 委员 is left.
    let record = RECORD.replace("votes = 500", "votes = 400").replace(
        "[[positions]]",
        "[stages.另行选举]\ndate = 2021-03-15\nfacts = { 另选参加 = 600 }\n\
         [[stages.另行选举.tally]]\nposition = \"委员\"\ncandidate = \"丙\"\nvotes = 200\n\
         [[stages.另行选举.tally]]\nposition = \"委员\"\ncandidate = \"丁\"\nvotes = 150\n\
         [[positions]]",
    );
    assert_eq!(tags(&run(&base(), &record)), Vec::<String>::new());
    // Without the runoff, the shortfall makes it required.
    let without = RECORD.replace("votes = 500", "votes = 400");
    let f = run(&base(), &without);
    assert_eq!(
        tags(&f),
        ["missing_stage@另行选举", "result@投票"],
        "{f:#?}"
    );
    // A runoff winner below a third of the runoff's ballots is a result.
    let short = record.replace("votes = 200", "votes = 199");
    let f = run(&base(), &short);
    assert_eq!(tags(&f), ["result@另行选举"], "{f:#?}");
}

#[test]
fn a_runoff_without_cause_is_unexpected_and_not_checked() {
    let record = RECORD.replace(
        "[[positions]]",
        "[stages.另行选举]\ndate = 2021-04-30\n[[positions]]",
    );
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["unexpected_stage@另行选举"], "{f:#?}");
}

#[test]
fn both_readings_of_days_before() {
    // 2021-03-03 is exactly 5 days before 2021-03-08: reading A only.
    let at = |d: &str| RECORD.replace("date = 2021-03-01", &format!("date = {d}"));
    let f = run(&base(), &at("2021-03-03"));
    assert_eq!(tags(&f), ["deadline!@公布"], "{f:#?}");
    assert_eq!(
        f.first().map(|f| f.code),
        Some(crate::diag::Code::ReadingDependent)
    );
    let expected = f
        .first()
        .and_then(|f| f.expected.as_ref())
        .map(|t| t.en.clone());
    assert_eq!(
        expected.as_deref(),
        Some("reading A: on or before 2021-03-03; reading B: on or before 2021-03-02")
    );
    assert_eq!(tags(&run(&base(), &at("2021-03-04"))), ["deadline@公布"]);
    assert_eq!(tags(&run(&base(), &at("2021-03-02"))), Vec::<String>::new());
    // A rule that fixes its reading is judged by it alone.
    let b = procedure("", "按 间隔");
    assert_eq!(tags(&run(&b, &at("2021-03-03"))), ["deadline@公布"]);
    let a = procedure("", "按 相减");
    assert_eq!(tags(&run(&a, &at("2021-03-03"))), Vec::<String>::new());
}

#[test]
fn working_days_follow_the_holiday_calendar() {
    let with = |from: &str, to: &str| {
        RECORD.replace(
            "[stages.投票]",
            &format!("[stages.公示]\nstart = {from}\nend = {to}\n[stages.投票]"),
        )
    };
    // Mon 2021-03-01 .. Fri 03-05: five working days.
    assert_eq!(
        tags(&run(&base(), &with("2021-03-01", "2021-03-05"))),
        Vec::<String>::new()
    );
    // Tue .. Sun: four.
    let f = run(&base(), &with("2021-03-02", "2021-03-07"));
    assert_eq!(tags(&f), ["duration@公示"], "{f:#?}");
    assert_eq!(
        f.first()
            .and_then(|f| f.actual.as_ref())
            .map(|t| t.en.as_str()),
        Some("4 working days (2021-03-02 to 2021-03-07)")
    );
    // Across the Spring Festival of 2021 (02-11 .. 02-17 off): 02-08 .. 02-19
    // has five working days, 02-09 .. 02-19 four.
    let spring = |from: &str| {
        let r = with(from, "2021-02-19");
        r.replace("date = 2021-03-01", "date = 2021-02-01")
    };
    assert_eq!(
        tags(&run(&base(), &spring("2021-02-08"))),
        Vec::<String>::new()
    );
    assert_eq!(
        tags(&run(&base(), &spring("2021-02-09"))),
        ["duration@公示"]
    );
}

#[test]
fn a_span_that_runs_backwards_is_data_and_nothing_else() {
    let record = RECORD.replace(
        "[stages.投票]",
        "[stages.公示]\nstart = 2021-03-05\nend = 2021-03-02\n[stages.投票]",
    );
    assert_eq!(tags(&run(&base(), &record)), ["data@公示"]);
}

#[test]
fn holiday_extension_moves_forward_deadlines_only() {
    // 投票 on 2021-02-01: ten days end on 02-11, a holiday (02-11 .. 02-17).
    let record = RECORD
        .replace("date = 2021-03-01", "date = 2021-01-20")
        .replace("date = 2021-03-08", "date = 2021-02-01")
        .replace("votes = 500", "votes = 400")
        .replace(
            "[[positions]]",
            "[stages.另行选举]\ndate = 2021-02-18\nfacts = { 另选参加 = 600 }\n\
             [[stages.另行选举.tally]]\nposition = \"委员\"\ncandidate = \"丙\"\nvotes = 300\n\
             [[positions]]",
        );
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["deadline@另行选举"], "{f:#?}");
    let on = procedure("设定 节假日顺延 = 是", "");
    assert_eq!(tags(&run(&on, &record)), Vec::<String>::new());
    let late = record.replace("date = 2021-02-18", "date = 2021-02-19");
    assert_eq!(tags(&run(&on, &late)), ["deadline@另行选举"]);
}

#[test]
fn a_missing_fact_is_one_finding_for_all_its_rules() {
    let record = RECORD.replace("登记选民 = 1000\n", "");
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["data@投票"], "{f:#?}");
    // A misspelt fact explains the gap: still one finding, at the typo.
    let record = RECORD.replace("登记选民 = 1000", "登记选名 = 1000");
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["data@投票"], "{f:#?}");
    assert!(f
        .iter()
        .any(|f| f.notes.iter().any(|n| n.en.contains("did you mean"))));
}

#[test]
fn a_misspelt_stage_is_reported_once() {
    let record = RECORD.replace("[stages.公布]", "[stages.公部]");
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["unexpected_stage@公部"], "{f:#?}");
}

#[test]
fn quorum_names_the_smallest_passing_number() {
    let record = RECORD.replace("参加投票 = 800", "参加投票 = 500");
    let f = run(&base(), &record);
    // With 500 voting, 400 votes is no majority for 丙 either: a shortfall.
    let quorum = f.iter().find(|f| f.kind == Kind::Quorum);
    assert_eq!(
        quorum.map(|f| f.message.en.as_str()),
        Some("quorum not met: 500 of 1000 is not more than half; 501 needed")
    );
    assert_eq!(
        quorum
            .and_then(|f| f.expected.as_ref())
            .map(|t| t.en.as_str()),
        Some("more than half of 1000, i.e. at least 501")
    );
}

#[test]
fn seats_outside_the_declared_range_and_unknown_seats() {
    let record = RECORD.replace("seats = 2", "seats = 4");
    assert!(tags(&run(&base(), &record)).contains(&"rule@-".to_string()));
    let record = RECORD.replace("[[positions]]\nid = \"委员\"\nseats = 2\n", "");
    let f = run(&base(), &record);
    assert_eq!(tags(&f), ["data@投票"], "{f:#?}");
}

#[test]
fn findings_are_in_record_order() {
    let record = RECORD
        .replace("date = 2021-03-01", "date = 2021-03-06")
        .replace("参加投票 = 800", "参加投票 = 500");
    let f = run(&base(), &record);
    let keys: Vec<_> = f.iter().map(|f| f.record_span.sort_key()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn the_record_overrides_parameters() {
    // 丙 short of a majority: a runoff, 9 days after the vote.
    let record = RECORD.replace("votes = 500", "votes = 400").replace(
        "[[positions]]",
        "[stages.另行选举]\ndate = 2021-03-17\nfacts = { 另选参加 = 600 }\n\
         [[stages.另行选举.tally]]\nposition = \"委员\"\ncandidate = \"丙\"\nvotes = 300\n\
         [[positions]]",
    );
    assert_eq!(tags(&run(&base(), &record)), Vec::<String>::new());
    let shorter = record.replace("[facts]", "[params]\n另选期限 = 7\n[facts]");
    let f = run(&base(), &shorter);
    assert_eq!(tags(&f), ["deadline@另行选举"], "{f:#?}");
    let unknown = record.replace("[facts]", "[params]\n另选期 = 7\n[facts]");
    let f = run(&base(), &unknown);
    assert_eq!(tags(&f), ["data@-"], "{f:#?}");
    let wrong = record.replace("[facts]", "[params]\n另选期限 = \"七天\"\n[facts]");
    assert_eq!(tags(&run(&base(), &wrong)), ["data@-"]);
}
