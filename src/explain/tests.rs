//! Unit tests of the expression renderer, the worked numbers and the
//! timing sentences.

use super::examples::{edge, example, Edge};
use super::expr::Ctx;
use super::*;
use crate::ast::Comparison;
use crate::resolve::{Program, StageId, TExprKind};
use num_bigint::BigInt;
use num_rational::BigRational;

fn program(src: &str) -> Program {
    let (_, _, outcome) = crate::lint_str("t.hj", src);
    assert!(
        !outcome.diagnostics.iter().any(|d| d.is_error()),
        "{:#?}",
        outcome.diagnostics
    );
    outcome.program.unwrap_or_default()
}

fn ratio(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn at_least(n: i64) -> Option<Edge> {
    Some(Edge::AtLeast(BigInt::from(n)))
}

/// The example of the first rule of the first stage, with the threshold's
/// fact at `size`.
fn example_of(src: &str, size: i64) -> String {
    let p = program(src);
    let proc = &p.procedures[0];
    let rule = &proc.stages[0].rules[0];
    let TExprKind::Compare(c, a, b) = &rule.expr.kind else {
        return String::new();
    };
    let mut ctx = Ctx::new(proc, Some(StageId(0)));
    example(&mut ctx, *c, a, b, Some(size))
        .map(|t| format!("{} | {}", t.zh, t.en))
        .unwrap_or_default()
}

#[test]
fn a_majority_of_2000_is_1001() {
    assert_eq!(edge(Comparison::Majority, &ratio(2000, 1)), at_least(1001));
    assert_eq!(edge(Comparison::Majority, &ratio(2001, 1)), at_least(1001));
    let text = example_of(
        "程序 p { 事实 登记选民: 计数
           阶段 投票选举 { 事实 参加投票: 计数  法定人数 参加投票 过半数 登记选民 } }",
        2000,
    );
    assert!(text.contains("至少须 1001 人"), "{text}");
    assert!(text.contains("恰好 1000 人不够"), "{text}");
    assert!(text.contains("must be at least 1001"), "{text}");
}

#[test]
fn at_least_three_fifths_of_37_rounds_up_to_23() {
    assert_eq!(edge(Comparison::Ge, &ratio(111, 5)), at_least(23));
    let text = example_of(
        "程序 p { 事实 应到会: 计数
           阶段 s { 事实 实到会: 计数  法定人数 实到会 不少于 应到会 的 五分之三 } }",
        37,
    );
    assert!(text.contains("门槛为 22.2"), "{text}");
    assert!(text.contains("至少须 23 人"), "{text}");
}

#[test]
fn more_than_four_fifths_of_10_is_9() {
    assert_eq!(edge(Comparison::Gt, &ratio(8, 1)), at_least(9));
    let text = example_of(
        "程序 p { 事实 应到会: 计数
           阶段 s { 事实 实到会: 计数  法定人数 实到会 超过 应到会 的 五分之四 } }",
        10,
    );
    assert!(text.contains("至少须 9 人（恰好 8 人不够）"), "{text}");
}

#[test]
fn upper_bounds_round_down() {
    assert_eq!(
        edge(Comparison::Le, &ratio(7, 2)),
        Some(Edge::AtMost(BigInt::from(3)))
    );
    assert_eq!(
        edge(Comparison::Lt, &ratio(4, 1)),
        Some(Edge::AtMost(BigInt::from(3)))
    );
    assert_eq!(edge(Comparison::Eq, &ratio(7, 2)), None);
}

/// The rule texts of every stage, in both languages.
fn rules(src: &str) -> Vec<(String, String)> {
    let p = program(src);
    explain(&p.procedures[0], None)
        .stages
        .iter()
        .flat_map(|s| {
            s.rules
                .iter()
                .map(|r| (r.text.zh.clone(), r.text.en.clone()))
        })
        .collect()
}

#[test]
fn the_candidate_surplus_is_said_as_a_regulation_says_it() {
    let r = rules(
        "程序 p { 职务 委员 名额 5
           阶段 s { 要求 每个 职务 p: 计数(候选人 其中 职务 = p 且 名单 = 正式) 不少于 名额(p) + 1 } }",
    );
    assert_eq!(
        r[0].0,
        "每个职务的正式候选人必须比应选名额至少多 1 人（差额选举）"
    );
    assert_eq!(
        r[0].1,
        "for every position, the formal candidates must outnumber the seats by at least 1 (a multi-candidate election)"
    );
}

#[test]
fn elect_rules_and_counts_read_naturally() {
    let r = rules(
        "程序 p { 职务 委员 名额 5
           阶段 s { 事实 参加投票: 计数
             当选 须 得票 过半数 参加投票
             要求 计数(候选人 其中 名单 = 正式 且 性别 = 女) 不少于 1
             要求 计数(候选人 其中 名单 = 正式 且 负面情形) = 0 } }",
    );
    assert_eq!(r[0].0, "候选人得票必须超过“参加投票”的一半才能当选");
    assert_eq!(r[1].0, "至少须有 1 名女性正式候选人");
    assert_eq!(r[1].1, "there must be at least one female formal candidate");
    assert_eq!(r[2].0, "不得存在有负面情形的正式候选人");
}

#[test]
fn conditions_name_what_must_have_happened() {
    let p = program(
        "程序 p { 职务 委员 名额 5
           阶段 选民名单公布 { }
           阶段 选民名单申诉 \"对选民名单提出申诉\" 可选 { 自 选民名单公布 之日起 五日内 }
           阶段 申诉处理 当 已进行(选民名单申诉) { 自 选民名单申诉 之日起 三日内 }
           阶段 投票选举 { 事实 参加投票: 计数  当选 须 得票 过半数 参加投票 }
           阶段 另行选举 当 缺额(投票选举) 或 平票(投票选举) { 自 投票选举 之日起 十日内 } }",
    );
    let e = explain(&p.procedures[0], None);
    let cond = |i: usize| {
        e.stages[i]
            .condition
            .clone()
            .unwrap_or_else(|| Text::new("", ""))
    };
    assert_eq!(cond(2).zh, "已对选民名单提出申诉（“选民名单申诉”）");
    assert_eq!(cond(4).zh, "“投票选举”出现缺额或平票");
    assert_eq!(
        cond(4).en,
        "“投票选举” left seats unfilled or ended in a tie"
    );
    assert_eq!(e.stages[1].requirement, Requirement::Optional);
    assert_eq!(e.stages[2].requirement, Requirement::Conditional);
    let within = &e.stages[1].timing[0].text;
    assert!(
        within
            .zh
            .starts_with("自“选民名单公布”之日起 5 日内完成（当日不计入"),
        "{}",
        within.zh
    );
    assert!(
        within.en.contains("ends on the 5th day after it"),
        "{}",
        within.en
    );
}

#[test]
fn days_before_follows_the_reading() {
    let p = program(
        "程序 p { 阶段 公布 { 在 选举 的 20 日前 }  阶段 公示 { 在 选举 的 7 日前 按 间隔 }  阶段 选举 { } }",
    );
    let e = explain(&p.procedures[0], None);
    // The procedure sets no reading: both are told, as contested.
    let a = &e.stages[0].timing[0].text;
    assert_eq!(
        a.zh,
        "应在“选举”之日的 20 日前完成（读法有争议，两种读法都检查：按“相减”计算：两个日期相减不少于 20 天；按“间隔”计算：两个日期之间须间隔 20 个整日，即相减不少于 21 天）"
    );
    assert!(a.en.contains("the two dates differ by at least 20 days"));
    let b = &e.stages[1].timing[0].text;
    assert!(b.zh.contains("即相减不少于 8 天"), "{}", b.zh);
    let set =
        program("程序 p { 设定 日前计法 = 相减  阶段 公布 { 在 选举 的 20 日前 }  阶段 选举 { } }");
    let e = explain(&set.procedures[0], None);
    assert_eq!(
        e.stages[0].timing[0].text.zh,
        "应在“选举”之日的 20 日前完成（按“相减”计算：两个日期相减不少于 20 天）"
    );
}

#[test]
fn a_yes_no_parameter_is_read_at_its_default_and_the_other_reading_told() {
    let p = program(
        "程序 p { 参数 严: 是否 = 否  参数 比例: 比例 = 五分之四  事实 应到会: 计数
           阶段 s { 事实 实到会: 计数
             法定人数 (非 严 且 实到会 为 应到会 的 比例 以上) 或 (严 且 实到会 超过 应到会 的 比例) } }",
    );
    let e = explain(&p.procedures[0], None);
    let r = &e.stages[0].rules[0];
    assert_eq!(
        r.text.zh,
        "“实到会”必须不少于“应到会”的“比例”（默认为五分之四，即 80%）"
    );
    assert!(
        r.examples[0].zh.contains("至少须 40 人"),
        "{:?}",
        r.examples
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.zh.contains("若该参数取“是”，则为：“实到会”必须超过")),
        "{:?}",
        r.notes
    );
}

#[test]
fn an_unknown_stage_gets_a_suggestion() {
    let p = program("程序 p { 阶段 选民名单公布 { } 阶段 投票选举 { } }");
    let e = explain(&p.procedures[0], None);
    let Err(d) = e.select("选民名单公") else {
        unreachable!("an unknown stage is an error")
    };
    assert_eq!(d.code, crate::diag::Code::UnknownStage);
    assert!(d.help.is_some_and(|h| h.zh.contains("选民名单公布")));
    let one = e.select("投票选举").map(|x| x.stages.len());
    assert_eq!(one, Ok(1));
}
