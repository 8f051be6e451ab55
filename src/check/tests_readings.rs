//! Contested readings: a record judged under every reading the procedure
//! leaves open (`check::readings`).
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::tests::{check_text, program_of, tags};
use super::*;
use crate::diag::Code;
use crate::span::SourceMap;

/// A quorum of four fifths whose strictness is contested, and a winning
/// base (expected or present) that is contested too.
const PROC: &str = r#"
程序 党员大会 {
  依据文件 新 "新条例"
  依据文件 旧 "旧条例"
  职务 委员 名额 2
  参数 须超过: 是否 = 否 争议 {
    "不少于" = 否  依据 新 "不少于五分之四"
    "超过"   = 是  依据 旧 "超过五分之四"
  }
  参数 以实到会为基数: 是否 = 否 争议 {
    应到会 = 否  依据 新 "超过应到会人数的半数"
    实到会 = 是  依据 旧 "超过实到会人数的半数"
  }
  阶段 选举 {
    事实 应到会: 计数
    事实 实到会: 计数
    法定人数 (非 须超过 且 实到会 为 应到会 的 4/5 以上) 或 (须超过 且 实到会 超过 应到会 的 4/5)
                                              依据 新 "不少于五分之四"
    当选 须 (非 以实到会为基数 且 得票 超过 应到会 的 1/2) 或 (以实到会为基数 且 得票 超过 实到会 的 1/2)
                                              依据 新 "超过应到会人数的半数"
  }
}
"#;

/// 80 expected, `present` present; 甲 60 and 乙 `second` votes, both
/// declared elected.
fn record(present: u32, second: u32) -> String {
    format!(
        r#"
procedure = "党员大会"
[stages.选举]
date = 2021-03-08
facts = {{ 应到会 = 80, 实到会 = {present} }}
[[stages.选举.tally]]
position = "委员"
candidate = "甲"
votes = 60
[[stages.选举.tally]]
position = "委员"
candidate = "乙"
votes = {second}
[[candidates]]
name = "甲"
position = "委员"
[[candidates]]
name = "乙"
position = "委员"
[[elected]]
position = "委员"
name = "甲"
[[elected]]
position = "委员"
name = "乙"
"#
    )
}

fn run(record: &str, options: &CheckOptions) -> Vec<Finding> {
    let mut map = SourceMap::new();
    map.add("p.hj", PROC);
    let program = program_of(&map);
    let Some(proc) = program.procedures.first() else {
        panic!("no procedure");
    };
    check_text(&mut map, proc, record, options)
}

fn names(cs: &[Vec<(String, String)>]) -> Vec<Vec<(&str, &str)>> {
    cs.iter()
        .map(|c| c.iter().map(|(q, a)| (q.as_str(), a.as_str())).collect())
        .collect()
}

#[test]
fn passing_under_every_reading_is_conforming() {
    let f = run(&record(72, 50), &CheckOptions::default());
    assert_eq!(tags(&f), Vec::<String>::new(), "{f:#?}");
}

#[test]
fn failing_under_every_reading_is_an_error() {
    // 60 of 80 present: under four fifths on either reading. 乙's 30 votes
    // are not more than half of 80 nor of 60.
    let f = run(&record(60, 30), &CheckOptions::default());
    assert_eq!(tags(&f), ["quorum@选举", "result@选举"], "{f:#?}");
    assert!(f
        .iter()
        .all(|f| f.code != Code::ReadingDependent && f.readings.is_none()));
}

#[test]
fn exactly_four_fifths_is_a_warning_naming_the_reading() {
    let f = run(&record(64, 50), &CheckOptions::default());
    assert_eq!(tags(&f), ["quorum!@选举"], "{f:#?}");
    let Some(w) = f.first() else { panic!() };
    assert_eq!(w.code, Code::ReadingDependent);
    let Some(d) = &w.readings else {
        panic!("no readings")
    };
    assert_eq!(names(&d.fails_under), [[("须超过", "超过")]]);
    assert_eq!(names(&d.passes_under), [[("须超过", "不少于")]]);
    // Only the question that decides is named, with both sources.
    assert_eq!(d.questions.len(), 1);
    assert!(w.message.zh.contains("“超过”") && w.message.en.contains("“不少于”"));
    assert!(w
        .notes
        .iter()
        .any(|n| n.zh.contains("超过五分之四") && n.zh.contains("不少于五分之四")));
}

#[test]
fn a_winner_under_one_base_only_is_a_warning() {
    // 乙's 38 votes: more than half of the 72 present, not of the 80 expected.
    let f = run(&record(72, 38), &CheckOptions::default());
    assert_eq!(tags(&f), ["result!@选举"], "{f:#?}");
    let d = f.first().and_then(|f| f.readings.as_ref());
    assert_eq!(
        d.map(|d| names(&d.fails_under)),
        Some(vec![vec![("以实到会为基数", "应到会")]])
    );
}

#[test]
fn a_fixed_reading_decides_alone() {
    // Fixed outside the record (a plan, --param): an error again …
    let mut map = SourceMap::new();
    map.add("p.hj", PROC);
    let program = program_of(&map);
    let Some(proc) = program.procedures.first() else {
        panic!()
    };
    let Some((id, _)) = proc.param("须超过") else {
        panic!()
    };
    let strict = CheckOptions {
        params: vec![(id, Value::Bool(true))],
        ..CheckOptions::default()
    };
    let f = check_text(&mut map, proc, &record(64, 50), &strict);
    assert_eq!(tags(&f), ["quorum@选举"], "{f:#?}");
    let lenient = CheckOptions {
        params: vec![(id, Value::Bool(false))],
        ..CheckOptions::default()
    };
    assert!(check_text(&mut map, proc, &record(64, 50), &lenient).is_empty());
    // … and by the record's own `[params]`, by value or by the reading's
    // name — with a warning that the record chose the reading itself.
    let with = |v: &str| {
        record(64, 50).replace(
            "[stages.选举]",
            &format!("[params]\n须超过 = {v}\n[stages.选举]"),
        )
    };
    let f = run(&with("\"超过\""), &CheckOptions::default());
    assert_eq!(tags(&f), ["data!@-", "quorum@选举"], "{f:#?}");
    assert_eq!(f.first().map(|f| f.code), Some(Code::ReadingDependent));
    assert_eq!(
        tags(&run(&with("false"), &CheckOptions::default())),
        ["data!@-"]
    );
    // A blank value fixes nothing.
    assert_eq!(
        tags(&run(&with("\"\""), &CheckOptions::default())),
        ["quorum!@选举"]
    );
}

#[test]
fn combinations_put_the_defaults_first() {
    let mut map = SourceMap::new();
    map.add("p.hj", PROC);
    let program = program_of(&map);
    let Some(proc) = program.procedures.first() else {
        panic!()
    };
    let qs = proc.questions();
    assert_eq!(qs.len(), 2);
    let combos = readings::combinations(&qs);
    assert_eq!(combos, [[0, 0], [0, 1], [1, 0], [1, 1]]);
}

#[test]
fn missing_data_is_never_a_matter_of_reading() {
    // Without 实到会 neither the quorum nor the election under the 实到会
    // base can be judged: one data error, under every reading.
    let r = record(72, 50).replace(", 实到会 = 72", "");
    let f = run(&r, &CheckOptions::default());
    assert!(
        f.iter().any(|f| f.kind == Kind::Data && f.is_error()),
        "{f:#?}"
    );
    assert!(f.iter().all(|f| f.code != Code::ReadingDependent), "{f:#?}");
}

#[test]
fn coverage_of_a_reading_dependent_item_is_a_warning() {
    let mut map = SourceMap::new();
    map.add("p.hj", PROC);
    let program = program_of(&map);
    let Some(proc) = program.procedures.first() else {
        panic!()
    };
    let id = map.add("r.toml", record(64, 50));
    let Ok(rec) = crate::record::load(&map, id) else {
        panic!()
    };
    let options = CheckOptions::default();
    let irs = IrCache::new(proc, &options);
    let checked = check(
        proc,
        &irs,
        &rec,
        &crate::timing::Calendar::builtin(),
        &options,
    );
    let quorum = checked
        .coverage
        .items
        .iter()
        .find(|i| i.about.kind == coverage::ItemKind::Quorum);
    assert_eq!(
        quorum.map(|i| i.status.clone()),
        Some(coverage::Status::Checked(coverage::Outcome::Warning))
    );
}
