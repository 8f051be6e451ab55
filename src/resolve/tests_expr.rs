//! Tests of expression types and of constant evaluation.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::tests::{clean, diags, only, proc, slice};
use super::*;
use crate::diag::Code;
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;

/// The expression of the first rule of stage `stage`.
fn rule(program: &Program, stage: &str) -> TExpr {
    program
        .procedures
        .first()
        .and_then(|p| p.stage(stage))
        .and_then(|(_, s)| s.rules.first())
        .map(|r| r.expr.clone())
        .unwrap_or_else(|| panic!("no rule in {stage}"))
}

/// The values of the parameters of the first procedure.
fn values(program: &Program) -> Vec<Option<Value>> {
    program
        .procedures
        .first()
        .map(|p| p.params.iter().map(|x| x.value.clone()).collect())
        .unwrap_or_default()
}

fn ratio(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn integer_literals_become_days_where_days_are_expected() {
    let program = clean(&proc(
        "stage 复核 { require date(复核) - date(投票) <= 10 }",
    ));
    let e = rule(&program, "复核");
    let TExprKind::Compare(_, l, r) = &e.kind else {
        panic!("not a comparison: {e:?}");
    };
    assert_eq!((l.ty, r.ty), (Type::Days, Type::Days));
    let program = clean(&proc("stage 复核 { require 登记选民 >= 10 }"));
    let e = rule(&program, "复核");
    let TExprKind::Compare(_, _, r) = &e.kind else {
        panic!("not a comparison: {e:?}");
    };
    assert_eq!(r.ty, Type::Count);
    clean(&proc("stage 复核 { require date(投票) + 10 >= date(复核) and 2 * (date(复核) - date(投票)) < 20 }"));
}

#[test]
fn units_do_not_mix() {
    let text = proc("param 天数: days = 10\nstage 复核 { require 登记选民 + 天数 > 1 }");
    let (d, map) = only(&text, Code::UnitMismatch);
    assert_eq!(d.message.en, "cannot add count and days");
    assert_eq!(d.message.zh, "计数与天数不能相加");
    let labels: Vec<(String, String)> = d
        .labels
        .iter()
        .map(|l| (slice(&map, l.span), l.text.en.clone()))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("登记选民".into(), "count".into()),
            ("天数".into(), "days".into())
        ]
    );
    let found = diags(&proc(
        "stage 复核 { require date(投票) + 登记选民 > date(复核) }",
    ));
    assert_eq!(found, vec![(Code::UnitMismatch, "date(投票)".into())]);
    let found = diags(&proc(
        "param 天数: days = 10\nstage 复核 { require 1/2 of 天数 > 1 }",
    ));
    assert_eq!(found, vec![(Code::UnitMismatch, "1/2".into())]);
    clean(&proc(
        "param 天数: days = 10\nstage 复核 { require date(投票) + 天数 >= date(复核) - 天数 }",
    ));
}

#[test]
fn comparisons_need_comparable_sides() {
    let found = diags(&proc(
        "stage 复核 { require count(candidates where gender = formal) >= 1 }",
    ));
    assert_eq!(found, vec![(Code::IncomparableTypes, "gender".into())]);
    let found = diags(&proc("stage 复核 { require 登记选民 > date(投票) }"));
    assert_eq!(found, vec![(Code::IncomparableTypes, "登记选民".into())]);
    let found = diags(&proc(
        "stage 复核 { require for each candidate c: c.name > \"王\" }",
    ));
    assert_eq!(found, vec![(Code::IncomparableTypes, "c.name".into())]);
    let found = diags(&proc(
        "stage 复核 { require date(投票) is a majority of date(复核) }",
    ));
    assert_eq!(found, vec![(Code::IncomparableTypes, "date(投票)".into())]);
    clean(&proc(
        "stage 复核 { require 投票.参加投票 is a majority of 登记选民 and count(candidates where gender = female and list = 正式) >= 1 }",
    ));
}

#[test]
fn conditions_are_yes_or_no() {
    let (d, map) = only(
        &proc("stage 复核 { require 登记选民 }"),
        Code::NotACondition,
    );
    assert_eq!(slice(&map, d.primary_span()), "登记选民");
    assert_eq!(
        d.labels.first().map(|l| l.text.en.clone()),
        Some("this is count, not yes/no".into())
    );
    let found = diags(&proc("stage 复核 when 登记选民 + 1 { }"));
    assert_eq!(found, vec![(Code::NotACondition, "登记选民 + 1".into())]);
    let found = diags(&proc("stage 复核 { require not 5 or 登记选民 > 1 }"));
    assert_eq!(found, vec![(Code::NotACondition, "5".into())]);
    let found = diags(&proc(
        "stage 复核 { require count(candidates where 1) > 0 }",
    ));
    assert_eq!(found, vec![(Code::NotACondition, "1".into())]);
    clean(&proc("stage 复核 when not happened(投票) { require true }"));
}

#[test]
fn built_in_functions_check_their_arguments() {
    let cases = [
        ("require seats(登记选民) > 1", "登记选民"),
        ("require seats(主任, 委员) > 1", "seats(主任, 委员)"),
        (
            "require for each candidate c: age(c, at: date(投票)) >= 18",
            "at",
        ),
        (
            "require for each candidate c: age(c, on: 登记选民) >= 18",
            "登记选民",
        ),
        ("require happened(1)", "1"),
        (
            "require min(登记选民, date(投票)) > 1",
            "min(登记选民, date(投票))",
        ),
        ("require ceil(date(投票)) > 1", "date(投票)"),
    ];
    for (rule, span) in cases {
        let found = diags(&proc(&format!("stage 复核 {{ {rule} }}")));
        assert_eq!(
            found,
            vec![(Code::BadArguments, span.to_string())],
            "{rule}"
        );
    }
    let found = diags(&proc(
        "stage 公布 { }\nstage 复核 when shortfall(公布) or tie(公布) { }",
    ));
    assert_eq!(
        found,
        vec![
            (Code::BadArguments, "公布".into()),
            (Code::BadArguments, "公布".into())
        ]
    );
    clean(&proc(
        "stage 复核 when shortfall(投票) or tie(投票) {\n\
         require for each winner w: age(w, on: date(投票)) <= 60\n\
         require 名额(主任) + seats(委员) <= max(登记选民, ceil(120% of 登记选民)) and 最小(date(投票), date(复核)) <= date(复核) }",
    ));
}

#[test]
fn names_resolve_to_the_right_kind() {
    // a stage is not a value
    let found = diags(&proc("stage 复核 { require 投票 }"));
    assert_eq!(found, vec![(Code::TypeMismatch, "投票".into())]);
    // enumeration values resolve when no declared name matches
    let found = diags(&proc(
        "stage 复核 { require count(candidates where gender = femal) > 0 }",
    ));
    assert_eq!(found, vec![(Code::Undefined, "femal".into())]);
    // quantifier variables are fresh
    let found = diags(&proc(
        "stage 复核 { require for each candidate 登记选民: 登记选民.incumbent }",
    ));
    assert_eq!(found, vec![(Code::Duplicate, "登记选民".into())]);
    let found = diags(&proc(
        "stage 复核 { require for each position p: for each candidate p: p.incumbent }",
    ));
    assert_eq!(found, vec![(Code::Duplicate, "p".into())]);
    let program = clean(&proc(
        "stage 复核 { require for each position p: count(candidates where position = p and not withdrawn) >= p.seats + 1 }",
    ));
    let e = rule(&program, "复核");
    let TExprKind::Quant { var, .. } = &e.kind else {
        panic!("not a quantifier: {e:?}");
    };
    assert_eq!(var.coll, Some(Coll::Positions));
}

#[test]
fn empty_ranges() {
    let found = diags("procedure 甲 { position 主任 seats 6 to 2 }");
    assert_eq!(found, vec![(Code::EmptyRange, "6".into())]);
    let found =
        diags("procedure 甲 { stage 乙 { lasts 5 to 3 days  between 2021-02-01 and 2021-01-01 } }");
    assert_eq!(
        found,
        vec![
            (Code::EmptyRange, "5".into()),
            (Code::EmptyRange, "2021-02-01".into())
        ]
    );
    clean("procedure 甲 { position 主任 seats 2 to 6  stage 乙 { lasts 3 to 5 days  between 2021-01-01 and 2021-01-01 } }");
}

#[test]
fn day_counts_are_days_parameters() {
    let base = "param 上限: count = 5\nparam 天数: days = 3\n";
    let found = diags(&proc(&format!(
        "{base}stage 复核 {{ within 上限 days after 投票 }}"
    )));
    assert_eq!(found, vec![(Code::NotDays, "上限".into())]);
    let found = diags(&proc(&format!(
        "{base}stage 复核 {{ lasts at least 登记选民 days }}"
    )));
    assert_eq!(found, vec![(Code::NotDays, "登记选民".into())]);
    let found = diags(&proc(&format!(
        "{base}stage 复核 {{ within 天树 days after 投票 }}"
    )));
    assert_eq!(found, vec![(Code::Undefined, "天树".into())]);
    let found = diags(&proc(&format!("{base}position 书记 seats 天数")));
    assert_eq!(found, vec![(Code::TypeMismatch, "天数".into())]);
    clean(&proc(&format!(
        "{base}position 书记 seats 1 to 上限\nstage 复核 {{ within 天数 days after 投票 }}"
    )));
}

#[test]
fn division_by_a_constant_zero() {
    let found = diags(&proc("stage 复核 { require 登记选民 / 0 > 1 }"));
    assert_eq!(found, vec![(Code::DivisionByZero, "0".into())]);
    let found = diags(&proc("param 比例: ratio = 1 / (2 - 2)"));
    assert_eq!(found, vec![(Code::DivisionByZero, "2 - 2".into())]);
    let found = diags(&proc("param 空额: count = 0\nparam 比例: ratio = 1 / 空额"));
    assert_eq!(found, vec![(Code::DivisionByZero, "空额".into())]);
    clean(&proc(
        "stage 复核 { require 登记选民 / 2 > 1 and 登记选民 / (2 - 1) > 1 }",
    ));
}

#[test]
fn parameter_values_are_constants_of_their_type() {
    let found = diags(&proc("param 上限: count = 登记选民"));
    assert_eq!(found, vec![(Code::NotConstant, "登记选民".into())]);
    let found = diags(&proc("param 上限: count = count(candidates)"));
    assert_eq!(found, vec![(Code::NotConstant, "count(candidates)".into())]);
    let found = diags(&proc("param a: count = b\nparam b: count = a + 1"));
    assert_eq!(found, vec![(Code::NotConstant, "a".into())]);
    let (d, _) = only(&proc("param 上限: count = 1/2"), Code::TypeMismatch);
    assert!(d.help.is_some_and(|h| h.en.contains("ceil")));
    let found = diags(&proc("param 天数: days = 2021-01-01\nparam 开: bool = 1"));
    assert_eq!(
        found,
        vec![
            (Code::TypeMismatch, "2021-01-01".into()),
            (Code::TypeMismatch, "1".into())
        ]
    );
}

#[test]
fn parameter_values_are_exact() {
    let program = clean(&proc(
        "param 比例: ratio = 20%\nparam 天数: days = 10 + 5\nparam 名单日: date = 2021-01-28 - 20\n\
         param 人数: count = ceil(120% of 7)\nparam 翻倍: count = 人数 * 2\nparam 开: bool = not false\n\
         param 名: text = \"新河\"\nparam 分数: ratio = 2/3 * 1/2\nparam 间隔: days = 2021-01-28 - 2021-01-08",
    ));
    assert_eq!(
        values(&program),
        vec![
            Some(Value::Ratio(ratio(1, 5))),
            Some(Value::Days(15)),
            date(2021, 1, 8).map(Value::Date),
            Some(Value::Count(BigInt::from(9))),
            Some(Value::Count(BigInt::from(18))),
            Some(Value::Bool(true)),
            Some(Value::Text("新河".into())),
            Some(Value::Ratio(ratio(1, 3))),
            Some(Value::Days(20)),
        ]
    );
    // Defaults follow an overridden parameter.
    let p = program.procedures.first();
    let again = p.map(|p| p.param_values(&[(ParamId(3), Value::Count(BigInt::from(10)))]));
    let doubled = again.and_then(|v| v.get(4).cloned().flatten());
    assert_eq!(doubled, Some(Value::Count(BigInt::from(20))));
}

#[test]
fn the_dump_shows_resolved_references() {
    let program = clean(&proc(
        "param 天数: days = 3\nstage 复核 when happened(投票) {\n  fact 到会: count\n  \
         require 到会 >= 投票.参加投票 - 1 and date(复核) <= date(投票) + 天数 * 2
  \
         require exists candidate c where c.gender = 女: age(c, on: date(投票)) < 40 }",
    ));
    let dump = program.dump();
    assert!(dump.contains("    when happened(stage:投票)\n"), "{dump}");
    assert!(
        dump.contains(
            "    require ((fact:复核.到会 >= (fact:投票.参加投票 - 1)) and \
             (date(stage:复核) <= (date(stage:投票) + (param:天数 * 2))))\n    \
             require (exists candidate c where (c.gender = female): (age(c, on: date(stage:投票)) < 40))\n"
        ),
        "{dump}"
    );
}

#[test]
fn elect_rules_see_the_candidate_after_declared_names() {
    let program = clean(&proc(
        "fact 连任: bool\nstage 复核 { elect if votes > 1 and not disqualified and 连任 and gender = 女 }",
    ));
    let dump = program.dump();
    let line = "    elect all if ((((votes > 1) and (not it.disqualified)) and fact:连任) and (it.gender = female))\n";
    assert!(dump.contains(line), "{dump}");
    let (d, _) = only(
        &proc("stage 复核 { elect if votes > 1 and 其它条件 }"),
        Code::Undefined,
    );
    assert!(d.help.is_some_and(|h| h.en.contains("`disqualified`")));
}
