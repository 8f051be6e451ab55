//! Tests of names, bases, settings, timing, plans and the dump, from source
//! text through the parser. `tests_expr.rs` tests types and values.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::*;
use crate::ast::Reading;
use crate::diag::{Code, Diagnostic, Severity};
use crate::span::SourceMap;

/// Every diagnostic of `text`, with the source map to read spans.
/// Parses and resolves only: the timing analysis that [`crate::lint`] runs
/// afterwards is tested elsewhere.
pub(super) fn lint(text: &str) -> (Vec<Diagnostic>, SourceMap, Option<Program>) {
    let (map, parsed) = crate::syntax::parse_str("t.hj", text);
    let mut ds = parsed.diagnostics;
    let program = parsed.file.map(|file| {
        let files: Vec<_> = map.iter().map(|(id, _)| id).zip([file]).collect();
        let (program, more) = resolve(&files);
        ds.extend(more);
        program
    });
    crate::diag::sort(&mut ds);
    (ds, map, program)
}

/// The text a span covers.
pub(super) fn slice(map: &SourceMap, span: crate::span::Span) -> String {
    span.file()
        .and_then(|f| map.get(f))
        .map(|f| f.slice(span).to_string())
        .unwrap_or_default()
}

/// `(code, text of the primary span)` of every diagnostic of `text`.
pub(super) fn diags(text: &str) -> Vec<(Code, String)> {
    let (ds, map, _) = lint(text);
    ds.iter()
        .map(|d| (d.code, slice(&map, d.primary_span())))
        .collect()
}

/// The one diagnostic of `text`, which must have `code`.
pub(super) fn only(text: &str, code: Code) -> (Diagnostic, SourceMap) {
    let (ds, map, _) = lint(text);
    let found: Vec<(Code, String)> = ds
        .iter()
        .map(|d| (d.code, slice(&map, d.primary_span())))
        .collect();
    assert_eq!(ds.len(), 1, "expected one {code:?}, found {found:?}");
    let d = ds.into_iter().next();
    match d {
        Some(d) if d.code == code => (d, map),
        _ => panic!("expected {code:?}, found {found:?}"),
    }
}

/// The program of `text`, which must have no diagnostic at all.
pub(super) fn clean(text: &str) -> Program {
    let (ds, map, program) = lint(text);
    let found: Vec<(Code, String)> = ds
        .iter()
        .map(|d| (d.code, slice(&map, d.primary_span())))
        .collect();
    assert!(ds.is_empty(), "unexpected diagnostics: {found:?}");
    program.unwrap_or_default()
}

/// A procedure `甲` with `body`, a count fact `登记选民` and a stage `投票`
/// with a count fact `参加投票` and an elect rule.
pub(super) fn proc(body: &str) -> String {
    format!(
        "procedure 甲 {{\n  position 主任 seats 1\n  position 委员 seats 2 to 6\n  fact 登记选民: count\n  \
         stage 投票 {{\n    fact 参加投票: count\n    elect if votes > 1/2 of 参加投票\n  }}\n{body}\n}}\n"
    )
}

pub(super) const EXAMPLE: &str = r#"
procedure 居委会换届选举 "社区居民委员会换届选举" {
  basis 方案 "新河街道换届工作方案"
  position 主任 seats 1
  position 委员 seats 2 to 6
  fact 登记选民: count
  param 另行选举期限: days = 10 per 方案 "选举日后的十日内"
  setting days_before = subtractive
  stage 选民名单公布 { at least 20 days before 投票选举 per 方案 "选民名单应在选举日的20日前张榜公布" }
  stage 选民名单申诉 optional { within 5 days after 选民名单公布 }
  stage 申诉处理 when happened(选民名单申诉) { within 3 days after 选民名单申诉 }
  stage 正式候选人公布 {
    after 选民名单公布
    require for each position p: count(candidates where position = p and list = formal) >= seats(p) + 1
    require count(candidates where list = formal and gender = female) >= 1
  }
  stage 投票选举 {
    fact 参加投票: count
    quorum 参加投票 > 1/2 of 登记选民
    elect if votes > 1/2 of 参加投票
  }
  stage 另行选举 when shortfall(投票选举) or tie(投票选举) { within 另行选举期限 days after 投票选举 }
}
plan 新河2021 for 居委会换届选举 { window 2020-12-29 to 2021-02-04  选民名单公布 on 2021-01-08  投票选举 on 2021-01-28 }
"#;

const EXAMPLE_ZH: &str = r#"
程序 居委会换届选举 "社区居民委员会换届选举" {
  依据文件 方案 "新河街道换届工作方案"
  职务 主任 名额 1
  职务 委员 名额 2 至 6
  事实 登记选民: count
  参数 另行选举期限: days = 十 依据 方案 "选举日后的十日内"
  设定 日前计法 = 相减
  阶段 选民名单公布 { 在 投票选举 的 20 日前 依据 方案 "选民名单应在选举日的20日前张榜公布" }
  阶段 选民名单申诉 可选 { 自 选民名单公布 之日起 五日内 }
  阶段 申诉处理 当 已进行(选民名单申诉) { 自 选民名单申诉 之日起 3 日内 }
  阶段 正式候选人公布 {
    在 选民名单公布 之后
    要求 每个 职务 p: 计数(候选人 其中 职务 = p 且 名单 = 正式) 不少于 名额(p) + 1
    要求 计数(候选人 其中 名单 = 正式 且 性别 = 女) >= 1
  }
  阶段 投票选举 {
    事实 参加投票: count
    法定人数 参加投票 超过 登记选民 的 二分之一
    当选 须 得票 超过 参加投票 的 二分之一
  }
  阶段 另行选举 当 缺额(投票选举) 或 平票(投票选举) { 自 投票选举 之日起 另行选举期限 日内 }
}
计划 新河2021 适用于 居委会换届选举 { 期限 2020-12-29 至 2021-02-04  选民名单公布 于 2021-01-08  投票选举 于 2021-01-28 }
"#;

const EXAMPLE_DUMP: &str = r#"procedure 居委会换届选举 "社区居民委员会换届选举"
  basis 方案 "新河街道换届工作方案"
  setting days_before = subtractive
  setting holiday_extension = off (default)
  position 主任 seats 1
  position 委员 seats 2 to 6
  fact 登记选民: count
  param 另行选举期限: days = 10 => 10 days per 方案 "选举日后的十日内"
  stage 选民名单公布
    at least 20 days before stage 投票选举 (reading subtractive by setting) per 方案 "选民名单应在选举日的20日前张榜公布"
  stage 选民名单申诉 optional
    within 5 days after stage 选民名单公布
  stage 申诉处理
    when happened(stage:选民名单申诉)
    within 3 days after stage 选民名单申诉
  stage 正式候选人公布
    after stage 选民名单公布
    require (for each position p: (count(candidates where ((it.position = p) and (it.list = formal))) >= (seats(p) + 1)))
    require (count(candidates where ((it.list = formal) and (it.gender = female))) >= 1)
  stage 投票选举
    fact 参加投票: count
    quorum (fact:投票选举.参加投票 > (1/2 of fact:登记选民))
    elect all if (votes > (1/2 of fact:投票选举.参加投票))
  stage 另行选举
    when (shortfall(stage:投票选举) or tie(stage:投票选举))
    within param:另行选举期限 days after stage 投票选举

plan 新河2021 for 居委会换届选举
  window 2020-12-29 to 2021-02-04
  stage 选民名单公布 on 2021-01-08
  stage 投票选举 on 2021-01-28
"#;

#[test]
fn the_example_resolves_and_dumps() {
    let p = clean(EXAMPLE);
    assert_eq!(p.dump(), EXAMPLE_DUMP);
    let Some((_, proc)) = p.procedure("居委会换届选举") else {
        panic!("procedure missing");
    };
    assert_eq!(proc.stages.len(), 6);
    assert_eq!(
        proc.params.first().and_then(|x| x.value.clone()),
        Some(Value::Days(10))
    );
    let Some((_, plan)) = p.plan("新河2021") else {
        panic!("plan missing");
    };
    let targets: Vec<Target> = plan.dates.iter().map(|d| d.target).collect();
    assert_eq!(
        targets,
        vec![Target::Stage(StageId(0)), Target::Stage(StageId(4))]
    );
}

#[test]
fn english_and_chinese_spellings_resolve_to_equal_programs() {
    let en = clean(EXAMPLE);
    let zh = clean(EXAMPLE_ZH);
    assert_eq!(en.dump(), zh.dump());
    assert_eq!(en, zh);
}

#[test]
fn undefined_names_suggest_the_closest_name() {
    let (d, _) = only(
        &proc("stage 统计 { require 登记选名 > 1 }"),
        Code::Undefined,
    );
    assert_eq!(d.help, Some(crate::diag::did_you_mean_help("登记选民")));
    assert_eq!(d.message.zh, "名称 `登记选名` 未定义");
    // A stage's fact is qualified outside the stage.
    clean(&proc("stage 统计 { require 投票.参加投票 > 1 }"));
    let (d, map) = only(
        &proc("stage 统计 { require 参加投票 > 1 }"),
        Code::Undefined,
    );
    assert_eq!(slice(&map, d.primary_span()), "参加投票");
    assert!(d.help.is_some_and(|h| h.en.contains("`投票.参加投票`")));
}

#[test]
fn duplicates_are_reported_at_both_places() {
    let text = proc("fact 主任: count");
    let (d, map) = only(&text, Code::Duplicate);
    let spans: Vec<String> = d.labels.iter().map(|l| slice(&map, l.span)).collect();
    assert_eq!(spans, vec!["主任", "主任"]);
    let starts: Vec<usize> = d
        .labels
        .iter()
        .filter_map(|l| l.span.range())
        .map(|r| r.0)
        .collect();
    assert!(
        starts.first() > starts.get(1),
        "primary label on the second definition"
    );
    assert_eq!(
        d.labels.get(1).map(|l| l.text.en.as_str()),
        Some("first defined here")
    );
    // Stage facts, stages and phases share the namespace.
    let dups = diags(&proc("stage 统计 { fact 登记选民: count }\nphase 统计 { }"));
    assert_eq!(
        dups,
        vec![
            (Code::Duplicate, "登记选民".into()),
            (Code::Duplicate, "统计".into())
        ]
    );
    // Bases have their own namespace.
    let text =
        "procedure 甲 { basis 方案 \"a\" basis 方案 \"b\" position 方案 seats 1 per 方案 \"x\" }";
    assert_eq!(diags(text), vec![(Code::Duplicate, "方案".into())]);
    // Procedures and plans are unique across the files.
    let text = "procedure 甲 { }\nprocedure 甲 { }\nplan 乙 for 甲 { }\nplan 乙 for 甲 { }";
    assert_eq!(
        diags(text),
        vec![
            (Code::Duplicate, "甲".into()),
            (Code::Duplicate, "乙".into())
        ]
    );
}

#[test]
fn unknown_and_unused_bases() {
    let text =
        "procedure 甲 { basis 方案 \"a\" basis 条例 \"b\" position 主任 seats 1 per 方按 \"x\" }";
    let found = diags(text);
    // `方按` means `方案`: no "unused" warning for it on top.
    assert_eq!(
        found,
        vec![
            (Code::UnusedBasis, "条例".into()),
            (Code::UnknownBasis, "方按".into())
        ]
    );
    let (ds, _, _) = lint(text);
    assert!(ds.first().is_some_and(|d| d.severity == Severity::Warning));
    // Cited by a plan only: used. A plan's own basis: cited or warned.
    let text = "procedure 甲 { basis 方案 \"a\" stage 投票 { } }\n\
                plan 乙 for 甲 { basis 通知 \"c\" basis 备忘 \"d\" 投票 on 2021-01-28 per 方案 \"x\" window 2021-01-01 to 2021-02-01 per 通知 \"y\" }";
    assert_eq!(diags(text), vec![(Code::UnusedBasis, "备忘".into())]);
    let program = clean(&text.replace("basis 备忘 \"d\"", ""));
    let cites: Vec<Option<BasisRef>> = program
        .plans
        .iter()
        .flat_map(|p| p.dates.iter().map(|d| d.cite.as_ref().map(|c| c.basis)))
        .collect();
    assert_eq!(cites, vec![Some(BasisRef::Procedure(BasisId(0)))]);
}

#[test]
fn timing_references_name_stages_and_phases() {
    let found = diags(&proc("stage 公布 { at least 20 days before 投票选拳 }"));
    assert_eq!(found, vec![(Code::UnknownStage, "投票选拳".into())]);
    let found = diags(&proc("stage 复核 when happened(投票选拳) { }"));
    assert_eq!(found, vec![(Code::UnknownStage, "投票选拳".into())]);
    let program = clean(&proc(
        "phase 准备 { stage 公布 { } }\nstage 复核 { after 准备.end  within 3 days after 公布 }",
    ));
    let p = program.procedures.first();
    let timing = p
        .and_then(|p| p.stage("复核"))
        .map(|(_, s)| s.timing.clone())
        .unwrap_or_default();
    let targets: Vec<Target> = timing
        .iter()
        .filter_map(|t| match &t.kind {
            TimingKind::After(x) => Some(x.target),
            TimingKind::Within { after, .. } => Some(after.target),
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        vec![Target::Phase(PhaseId(0)), Target::Stage(StageId(1))]
    );
}

#[test]
fn constraints_against_oneself() {
    let found = diags(&proc("stage 公布 { after 公布 }"));
    assert_eq!(found, vec![(Code::SelfReference, "公布".into())]);
    let found = diags(&proc("phase 准备 { stage 公布 { }  after 公布 }"));
    assert_eq!(found, vec![(Code::SelfReference, "公布".into())]);
    let found = diags(&proc("stage 复核 when happened(复核) { }"));
    assert_eq!(found, vec![(Code::SelfReference, "复核".into())]);
    // A stage may be timed against its own phase.
    clean(&proc(
        "phase 准备 { stage 公布 { within 2 days after 准备.start } }",
    ));
}

#[test]
fn plans_date_stages_of_their_procedure() {
    let base = "procedure 甲 { param 天数: days = 10  stage 投票 { } stage 复核 { within 天数 days after 投票 } }\n";
    let program = clean(&format!(
        "{base}plan 乙 for 甲 {{ window 2021-01-01 to 2021-02-01  param 天数 = 30  投票 on 2021-01-28  复核 from 2021-01-29 to 2021-01-30 }}"
    ));
    let plan = program.plans.first();
    assert_eq!(
        plan.and_then(|p| p.params.first())
            .and_then(|p| p.value.clone()),
        Some(Value::Days(30))
    );
    assert_eq!(plan.map(|p| p.dates.len()), Some(2));
    let found = diags(&format!("{base}plan 乙 for 丙 {{ }}"));
    assert_eq!(found, vec![(Code::UnknownProcedure, "丙".into())]);
    let (d, _) = only(
        &format!("{base}plan 乙 for 乙甲 {{ }}"),
        Code::UnknownProcedure,
    );
    assert_eq!(d.help.map(|h| h.en), Some("did you mean `甲`?".to_string()));
    let found = diags(&format!(
        "{base}plan 乙 for 甲 {{ 投票 on 2021-01-28  投票 on 2021-01-29  投标 on 2021-01-01 }}"
    ));
    assert_eq!(
        found,
        vec![
            (Code::Duplicate, "投票".into()),
            (Code::UnknownStage, "投标".into())
        ]
    );
    let found = diags(&format!(
        "{base}plan 乙 for 甲 {{ param 天速 = 3  param 天数 = \"三\" }}"
    ));
    assert_eq!(
        found,
        vec![
            (Code::UnknownParam, "天速".into()),
            (Code::TypeMismatch, "\"三\"".into())
        ]
    );
    let found = diags(&format!(
        "{base}plan 乙 for 甲 {{ window 2021-02-01 to 2021-01-01 }}"
    ));
    assert_eq!(found, vec![(Code::EmptyRange, "2021-02-01".into())]);
}

#[test]
fn settings_are_a_closed_set() {
    let program = clean("procedure 甲 { setting days_before = exclusive  设定 节假日顺延 = 是  stage 甲1 { } stage 乙 { at least 3 days before 甲1  at least 3 days before 甲1 reading subtractive } }");
    let p = program.procedures.first();
    assert_eq!(p.map(|p| p.settings.days_before), Some(Reading::Exclusive));
    assert_eq!(p.map(|p| p.settings.holiday_extension), Some(true));
    let readings: Vec<(Reading, bool)> = p
        .and_then(|p| p.stage("乙"))
        .map(|(_, s)| {
            s.timing
                .iter()
                .filter_map(|t| match t.kind {
                    TimingKind::AtLeastBefore {
                        reading, explicit, ..
                    } => Some((reading, explicit)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        readings,
        vec![(Reading::Exclusive, false), (Reading::Subtractive, true)]
    );
    let found = diags("procedure 甲 { setting days_befor = exclusive  setting 日前计法 = 相剪  setting holiday_extension = 开 }");
    assert_eq!(
        found,
        vec![
            (Code::UnknownSetting, "days_befor".into()),
            (Code::UnknownSetting, "相剪".into()),
            (Code::UnknownSetting, "开".into())
        ]
    );
    let found = diags("procedure 甲 { setting days_before = exclusive  setting 日前计法 = 相减 }");
    assert_eq!(found, vec![(Code::Duplicate, "日前计法".into())]);
}

#[test]
fn functions_collections_fields_and_positions_must_exist() {
    let found = diags(&proc("stage 复核 when happend(投票) { }"));
    assert_eq!(found, vec![(Code::UnknownFunction, "happend".into())]);
    let found = diags(&proc("stage 复核 { require count(candidats) >= 1 }"));
    assert_eq!(found, vec![(Code::UnknownCollection, "candidats".into())]);
    let found = diags(&proc(
        "stage 复核 { require for each candidate c: c.gendr = male }",
    ));
    assert_eq!(found, vec![(Code::UnknownField, "gendr".into())]);
    let found = diags(&proc("stage 复核 { require 投票.参加投 > 1 }"));
    assert_eq!(found, vec![(Code::UnknownField, "参加投".into())]);
    let found = diags(&proc("stage 复核 { elect 主人 if votes > 1 }"));
    assert_eq!(found, vec![(Code::UnknownPosition, "主人".into())]);
    let program = clean(&proc(
        "stage 复核 { elect 主任, 委员 if votes > 1 and not disqualified }",
    ));
    let kind = program
        .procedures
        .first()
        .and_then(|p| p.stage("复核"))
        .and_then(|(_, s)| s.rules.first())
        .map(|r| r.kind.clone());
    let positions = match kind {
        Some(RuleKind::Elect { positions, .. }) => positions.into_iter().map(|(p, _)| p).collect(),
        _ => Vec::new(),
    };
    assert_eq!(positions, vec![PositionId(0), PositionId(1)]);
}

#[test]
fn votes_only_in_elect_rules() {
    let found = diags(&proc("stage 复核 { require votes > 1 }"));
    assert_eq!(found, vec![(Code::VotesOutsideElect, "votes".into())]);
    clean(&proc(
        "stage 复核 { elect if votes >= 1/2 of 投票.参加投票 }",
    ));
}

#[test]
fn every_error_is_reported_once() {
    let text = proc(
        "stage 复核 when 登记选民 { after 投标  within 3 days after 投票 per 方按 \"x\" }\n\
         stage 统计 { require 登记选名 > 1 and count(candidates where gender = formal) > 0 }",
    );
    let codes: Vec<Code> = diags(&text).into_iter().map(|(c, _)| c).collect();
    assert_eq!(
        codes,
        vec![
            Code::NotACondition,
            Code::UnknownStage,
            Code::UnknownBasis,
            Code::Undefined,
            Code::IncomparableTypes
        ]
    );
}

#[test]
fn messages_are_bilingual_and_labelled() {
    let text = proc("stage 复核 when 登记选民 { after 投标 }\nstage 统计 { require 登记选名 > 1 }");
    let (ds, _, _) = lint(&text);
    assert!(!ds.is_empty());
    for d in &ds {
        assert!(!d.labels.is_empty(), "{d:?}");
        assert!(d.help.is_some(), "{d:?}");
        assert!(!d.message.zh.is_empty() && !d.message.en.is_empty());
        let first = d.message.en.chars().next();
        assert!(first.is_some_and(|c| !c.is_uppercase()), "{}", d.message.en);
    }
}

#[test]
fn a_plan_may_date_a_procedure_of_another_file() {
    let mut map = SourceMap::new();
    let a = map.add("a.hj", "procedure 甲 { basis 方案 \"a\" stage 投票 { } }");
    let b = map.add(
        "b.hj",
        "plan 乙 for 甲 { 投票 on 2021-01-28 per 方案 \"x\" }\nprocedure 甲 { }",
    );
    let files: Vec<_> = [a, b]
        .into_iter()
        .filter_map(|id| crate::syntax::parse(&map, id).file.map(|f| (id, f)))
        .collect();
    let (program, ds) = resolve(&files);
    let found: Vec<(Code, String)> = ds
        .iter()
        .map(|d| (d.code, slice(&map, d.primary_span())))
        .collect();
    assert_eq!(found, vec![(Code::Duplicate, "甲".into())]);
    let labels: Vec<Option<crate::span::FileId>> = ds
        .iter()
        .flat_map(|d| d.labels.iter().map(|l| l.span.file()))
        .collect();
    assert_eq!(labels, vec![Some(b), Some(a)]);
    let plan = program.plans.first();
    assert_eq!(plan.map(|p| (p.file, p.procedure)), Some((b, ProcId(0))));
}
