#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::coverage::coverage;
use super::*;

const PROC: &str = "程序 甲 {\n  依据文件 方案 \"方案\"\n  阶段 公示 {\n    持续 5 日 依据 方案 \"公示5天\"\n  }\n}\n";

fn run(record: &str) -> (SourceMap, CaseResult) {
    let mut map = SourceMap::new();
    map.add("甲.hj", PROC);
    let outcome = crate::lint(&map);
    let program = outcome.program.unwrap_or_default();
    let file = map.add("r.toml", record);
    let proc = &program.procedures[0];
    let target = Target::new(proc, CheckOptions::default());
    let result = run_record(&target, &map, file, &Calendar::builtin());
    (map, result)
}

const FOUR_DAYS: &str = "procedure = \"甲\"\n[stages.公示]\nstart = 2021-03-02\nend = 2021-03-05\n";
const FIVE_DAYS: &str = "procedure = \"甲\"\n[stages.公示]\nstart = 2021-03-02\nend = 2021-03-06\n";

#[test]
fn a_record_passes_when_it_gives_exactly_the_expected_findings() {
    let expect = "expect = [{ kind = \"duration\", stage = \"公示\" }]\n";
    let (_, r) = run(&format!("{expect}{FOUR_DAYS}"));
    assert!(r.passed(), "{r:#?}");
    let (_, r) = run(&format!("expect = \"conforming\"\n{FIVE_DAYS}"));
    assert!(r.passed(), "{r:#?}");
}

#[test]
fn a_failure_lists_the_missing_and_the_unexpected_findings() {
    let (map, r) = run(&format!("expect = \"conforming\"\n{FOUR_DAYS}"));
    assert!(!r.passed());
    let Outcome::Ran(ran) = &r.outcome else {
        panic!("{r:#?}");
    };
    assert!(ran.missing.is_empty());
    let got: Vec<String> = ran.unexpected.iter().map(Tag::short).collect();
    assert_eq!(got, ["duration@公示"]);
    // The finding points at the record's stage table (line 3 or below).
    assert!(ran.unexpected[0].line.is_some_and(|l| l >= 3));
    let text = render::human(
        std::slice::from_ref(&r),
        &map,
        &crate::diag::render::RenderOptions::plain(crate::diag::Lang::En),
    );
    assert!(text.contains("+ duration"), "{text}");
    // Expecting a finding of another code is a mismatch too.
    let wrong = "expect = [{ kind = \"duration\", stage = \"公示\", code = \"HJ310\" }]\n";
    let (_, r) = run(&format!("{wrong}{FOUR_DAYS}"));
    let Outcome::Ran(ran) = &r.outcome else {
        panic!("{r:#?}");
    };
    assert_eq!(ran.missing.len(), 1);
    assert_eq!(ran.unexpected.len(), 1);
}

#[test]
fn a_record_without_expectation_or_with_an_unknown_kind_is_unreadable() {
    let (_, r) = run(FIVE_DAYS);
    assert!(matches!(&r.outcome, Outcome::Unreadable(d) if d[0].code == Code::MissingKey));
    let (_, r) = run(&format!(
        "expect = [{{ kind = \"lateness\" }}]\n{FIVE_DAYS}"
    ));
    assert!(matches!(&r.outcome, Outcome::Unreadable(d) if d[0].code == Code::BadValue));
}

#[test]
fn coverage_counts_passing_and_failing_records_per_rule_line() {
    let mut map = SourceMap::new();
    map.add("甲.hj", PROC);
    let program = crate::lint(&map).program.unwrap_or_default();
    let proc = &program.procedures[0];
    let target = Target::new(proc, CheckOptions::default());
    let mut cases = Vec::new();
    for (name, text) in [
        (
            "bad.toml",
            format!("expect = [{{ kind = \"duration\", stage = \"公示\" }}]\n{FOUR_DAYS}"),
        ),
        ("good.toml", format!("expect = \"conforming\"\n{FIVE_DAYS}")),
    ] {
        let file = map.add(name, text);
        cases.push(run_record(&target, &map, file, &Calendar::builtin()));
    }
    let cov = coverage(&[proc], &cases, &map);
    assert_eq!(cov.rules.len(), 1, "{cov:#?}");
    let rule = &cov.rules[0];
    assert_eq!(rule.id, "甲.hj:4");
    assert_eq!(rule.failing, ["bad.toml"]);
    assert_eq!(rule.passing, ["good.toml"]);
    assert!(cov.without_failing.is_empty() && cov.without_passing.is_empty());
}
