//! Unit tests of the checker's semantics on a small procedure: elections
//! with ties and runoffs, working days and the holiday calendar, the two
//! readings of "N 日前", the holiday extension, one finding per root cause.
//! The residents' committee corpus is in `tests/check.rs`.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::*;
use crate::resolve::Program;
use crate::span::SourceMap;

pub(super) const PROC: &str = r#"
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
pub(super) fn procedure(setting: &str, reading: &str) -> String {
    PROC.replace("SETTING", setting).replace("READING", reading)
}

pub(super) const RECORD: &str = r#"
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
[[candidates]]
name = "丁"
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

/// Lints `map`; fails the test on an error.
pub(super) fn program_of(map: &SourceMap) -> Program {
    let outcome = crate::lint(map);
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let Some(program) = outcome.program else {
        panic!("no program");
    };
    program
}

/// Checks the record text `record` (added to `map`) against `proc`, with
/// the built-in calendar.
pub(super) fn check_text(
    map: &mut SourceMap,
    proc: &Procedure,
    record: &str,
    options: &CheckOptions,
) -> Vec<Finding> {
    let id = map.add("r.toml", record);
    let record = match crate::record::load(map, id) {
        Ok(r) => r,
        Err(d) => panic!("{d:#?}"),
    };
    let irs = IrCache::new(proc, options);
    check(proc, &irs, &record, &Calendar::builtin(), options).findings
}

/// Checks `record` against `proc` with the built-in calendar.
pub(super) fn run(proc: &str, record: &str) -> Vec<Finding> {
    let mut map = SourceMap::new();
    map.add("p.hj", proc);
    let program = program_of(&map);
    let Some(proc) = program.procedures.first() else {
        panic!("no procedure");
    };
    check_text(&mut map, proc, record, &CheckOptions::default())
}

/// `kind@stage` of every finding, with `!` for warnings.
pub(super) fn tags(findings: &[Finding]) -> Vec<String> {
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

/// 乙 550, 丙 450, 丁 450 for the two seats of 委员 (800 voting, 1,600
/// votes at most): 乙 wins, and 丙 and 丁 tie for the last seat.
fn tied() -> String {
    RECORD.replace("votes = 600", "votes = 550").replace(
        "candidate = \"丙\"\nvotes = 500\n",
        "candidate = \"丙\"\nvotes = 450\n[[stages.投票.tally]]\nposition = \"委员\"\n\
             candidate = \"丁\"\nvotes = 450\n",
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
    // The warning is the finding of the reading under which the date
    // fails, and says under which readings it fails and passes.
    let expected = f
        .first()
        .and_then(|f| f.expected.as_ref())
        .map(|t| t.en.clone());
    assert_eq!(
        expected.as_deref(),
        Some("on or before 2021-03-02 (when \"N days before\" is counted by reading B (exclusive, 间隔))")
    );
    let d = f.first().and_then(|f| f.readings.as_ref());
    let pair = |a: &str| vec![vec![("日前计法".to_string(), a.to_string())]];
    assert_eq!(d.map(|d| d.fails_under.clone()), Some(pair("间隔")));
    assert_eq!(d.map(|d| d.passes_under.clone()), Some(pair("相减")));
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
    let record = RECORD
        .replace("参加投票 = 800", "参加投票 = 500")
        .replace("votes = 700", "votes = 450")
        .replace("votes = 600", "votes = 300")
        .replace("votes = 500", "votes = 200");
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

/// Two phases, 乙 after 甲, and 辰 after the start of 乙.
const PHASES: &str = r#"
程序 分环节 {
  环节 甲 {
    阶段 子 {}
    阶段 丑 {}
  }
  环节 乙 {
    在 甲 之后
    阶段 寅 {}
    阶段 卯 {}
  }
  阶段 辰 {
    在 乙.开始 之后
  }
}
"#;

/// A record of `PHASES`: each stage on 2021-03-02 unless given, with the
/// time of day given (`""`: none).
fn phases(times: [&str; 5]) -> String {
    let mut out = String::from("procedure = \"分环节\"\n");
    for (name, time) in ["子", "丑", "寅", "卯", "辰"].iter().zip(times) {
        out.push_str(&format!("[stages.{name}]\ndate = 2021-03-02\n"));
        if !time.is_empty() {
            out.push_str(&format!("time = \"{time}\"\n"));
        }
    }
    out
}

#[test]
fn phase_boundaries_carry_the_time_of_their_stages() {
    let at = |t| tags(&run(PHASES, &phases(t)));
    // 甲 ends with 丑 at 12:00, after 乙 began with 寅 at 08:30.
    let f = run(
        PHASES,
        &phases(["08:00", "12:00", "08:30", "09:00", "10:00"]),
    );
    assert_eq!(tags(&f), ["order@乙"], "{f:#?}");
    let order = f.first();
    assert_eq!(
        order.map(|f| f.message.zh.as_str()),
        Some(
            "阶段顺序错误：`乙` 不早于 `甲`（结束），但记录中 `甲` 为 2021-03-02 12:00，\
             `乙` 为 2021-03-02 08:30"
        )
    );
    assert_eq!(
        order
            .and_then(|f| f.expected.as_ref())
            .map(|t| t.zh.as_str()),
        Some("不早于 2021-03-02 12:00")
    );
    // In time; and on one day without both times, the days decide (they pass).
    assert_eq!(
        at(["08:00", "08:10", "08:30", "09:00", "10:00"]),
        Vec::<String>::new()
    );
    assert_eq!(
        at(["08:00", "", "08:30", "09:00", "10:00"]),
        Vec::<String>::new()
    );
    assert_eq!(at(["", "", "", "", ""]), Vec::<String>::new());
    // An untimed stage on the last day: 甲 still ends no earlier than 子's
    // 12:00, which is after 08:30.
    assert_eq!(at(["12:00", "", "08:30", "09:00", "10:00"]), ["order@乙"]);
    // 乙 starts no later than 寅's 08:30, before 甲's end at 12:00, even
    // with 卯 untimed.
    assert_eq!(at(["08:00", "12:00", "08:30", "", "13:00"]), ["order@乙"]);
    // 辰 after the start of 乙: 乙 starts at 09:00 at the earliest when both
    // its stages have a time, so 辰 at 08:45 is early; with 卯 untimed, 乙
    // may have started before 08:45.
    assert_eq!(
        at(["07:00", "07:30", "09:00", "10:00", "08:45"]),
        ["order@辰"]
    );
    assert_eq!(
        at(["07:00", "07:30", "09:00", "", "08:45"]),
        Vec::<String>::new()
    );
    assert_eq!(
        at(["07:00", "07:30", "09:00", "08:00", "08:45"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_phase_on_other_days_is_judged_by_days() {
    // 甲's stage 丑 on 03-03 at 07:00 is after 乙's 寅 on 03-02 at 23:00.
    let record = phases(["08:00", "07:00", "23:00", "", ""])
        .replacen(
            "date = 2021-03-02\ntime = \"07:00\"",
            "date = 2021-03-03\ntime = \"07:00\"",
            1,
        )
        .replace(
            "[stages.卯]\ndate = 2021-03-02",
            "[stages.卯]\ndate = 2021-03-04",
        )
        .replace(
            "[stages.辰]\ndate = 2021-03-02",
            "[stages.辰]\ndate = 2021-03-04",
        );
    let f = run(PHASES, &record);
    assert_eq!(tags(&f), ["order@乙"], "{f:#?}");
    assert_eq!(
        f.first()
            .and_then(|f| f.actual.as_ref())
            .map(|t| t.en.as_str()),
        Some("2021-03-02")
    );
}

const CHOICES: &str = r#"
程序 其一 {
  职务 主任 名额 1
  事实 甲: 是否
  事实 乙: 文本
  事实 丙: 计数
  阶段 会议 {
    要求 乙 = "子" 或 乙 = "丑"
    要求 甲 或 丙 不少于 10
    要求 丙 不少于 10 且 甲
    要求 每个 候选人 c: c.性别 = 男 或 c.名单 = 正式
  }
}
"#;

const CHOICE_RECORD: &str = r#"
procedure = "其一"
[facts]
甲 = false
乙 = "寅"
丙 = 5
[stages.会议]
date = 2021-03-02
[[candidates]]
name = "张三"
position = "主任"
gender = "女"
list = "初步"
"#;

#[test]
fn a_failed_disjunction_explains_every_alternative() {
    let f = run(CHOICES, CHOICE_RECORD);
    assert_eq!(
        tags(&f),
        ["rule@会议", "rule@会议", "rule@会议", "rule@会议"],
        "{f:#?}"
    );
    let zh: Vec<&str> = f.iter().map(|f| f.message.zh.as_str()).collect();
    let en: Vec<&str> = f.iter().map(|f| f.message.en.as_str()).collect();
    let has = |all: &[&str], want: &str| {
        assert!(all.contains(&want), "{want}\nnot in {all:#?}");
    };
    // One value against several: one sentence.
    has(&zh, "不符合规定：`乙`为 \"寅\"，不是 \"子\"、\"丑\" 之一");
    has(
        &en,
        "requirement not met: `乙` is \"寅\", not one of \"子\", \"丑\"",
    );
    // Different alternatives: each, numbered.
    has(
        &zh,
        "不符合规定：不满足以下任何一项：（一）`甲`为 否，应为 是；\
         （二）`丙`为 5，少于 10，至少需要 10",
    );
    // A conjunction failing twice: both.
    has(
        &zh,
        "不符合规定：`丙`为 5，少于 10，至少需要 10；`甲`为 否，应为 是",
    );
    // Enumerations in the report's language.
    has(
        &zh,
        "不符合规定：候选人 `张三`不满足以下任何一项：（一）`性别`为 女，不是 男；\
         （二）`名单`为 初步，不是 正式",
    );
    has(
        &en,
        "requirement not met: candidate `张三` meets none of these: \
         (1) `gender` is female, not male; (2) `list` is preliminary, not formal",
    );
    for f in &f {
        let zh = [Some(&f.message), f.expected.as_ref(), f.actual.as_ref()];
        for t in zh.into_iter().flatten() {
            for word in ["female", "male", "preliminary", "formal", "true", "false"] {
                assert!(!t.zh.contains(word), "{}", t.zh);
            }
        }
    }
    let expected: Vec<&str> = f
        .iter()
        .filter_map(|f| f.expected.as_ref().map(|t| t.zh.as_str()))
        .collect();
    has(&expected, "`甲`为 是；或 `丙`不少于 10");
    has(&expected, "`性别`等于 男；或 `名单`等于 正式");
}

/// A failed alternative that is itself a failed conjunction of alternatives
/// keeps its grouping: `非 甲 或 ((丙 不少于 10 或 丁) 且 戊)`.
#[test]
fn nested_alternatives_keep_their_grouping() {
    let procedure = r#"
程序 其二 {
  事实 甲: 是否
  事实 丙: 计数
  事实 丁: 是否
  事实 戊: 是否
  阶段 会议 {
    要求 非 甲 或 ((丙 不少于 10 或 丁) 且 戊)
  }
}
"#;
    let record = r#"
procedure = "其二"
[facts]
甲 = true
丙 = 5
丁 = false
戊 = false
[stages.会议]
date = 2021-03-02
"#;
    let f = run(procedure, record);
    assert_eq!(tags(&f), ["rule@会议"], "{f:#?}");
    assert_eq!(
        f[0].message.zh,
        "不符合规定：不满足以下任何一项：（一）`甲`为 是，应为 否；\
         （二）「不满足以下任何一项：（一）`丙`为 5，少于 10，至少需要 10；\
         （二）`丁`为 否，应为 是」，且`戊`为 否，应为 是"
    );
    assert_eq!(
        f[0].expected.as_ref().map(|t| t.zh.as_str()),
        Some("`甲`为 否；或 （（`丙`不少于 10；或 `丁`为 是） 且 `戊`为 是）")
    );
}

/// Two stages each record a fact `实到会`: each round's rule reads its own.
#[test]
fn stages_may_record_facts_of_one_name() {
    let procedure = r#"
程序 两轮 {
  事实 应到会: 计数
  阶段 第一轮 {
    事实 实到会: 计数
    法定人数 实到会 为 应到会 的 五分之四 以上
  }
  阶段 第二轮 {
    在 第一轮 之后
    事实 实到会: 计数
    法定人数 实到会 为 应到会 的 五分之四 以上
  }
}
"#;
    let record = r#"
procedure = "两轮"
[facts]
应到会 = 50
[stages.第一轮]
date = 2021-03-02
facts = { 实到会 = 45 }
[stages.第二轮]
date = 2021-03-02
facts = { 实到会 = 39 }
"#;
    let f = run(procedure, record);
    assert_eq!(tags(&f), ["quorum@第二轮"], "{f:#?}");
    assert!(
        f[0].message.zh.contains("`实到会`为 39"),
        "{}",
        f[0].message.zh
    );
}

/// Two timing rules failing for one cause are one finding; the second's
/// legal basis, when it is another, stays as a note.
#[test]
fn one_cause_is_one_finding_with_both_bases() {
    let procedure = r#"
程序 其三 {
  依据文件 甲法 "甲法"
  依据文件 乙法 "乙法"
  阶段 公布 {}
  阶段 上报 {
    在 公布 之后                 依据 甲法 "公布之后上报"
    自 公布 之日起 5 日内        依据 乙法 "五日内上报"
  }
}
"#;
    let record = r#"
procedure = "其三"
[stages.公布]
date = 2021-03-05
[stages.上报]
date = 2021-03-02
"#;
    let f = run(procedure, record);
    assert_eq!(tags(&f), ["order@上报"], "{f:#?}");
    assert!(f[0]
        .basis
        .as_deref()
        .is_some_and(|b| b.contains("公布之后上报")));
    let notes: Vec<&str> = f[0].notes.iter().map(|n| n.zh.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("另据：") && n.contains("五日内上报")),
        "{notes:?}"
    );
}
