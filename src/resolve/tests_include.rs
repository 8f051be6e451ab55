//! Tests of composition: `include`, qualified names, extensions, include
//! cycles, and plans that date an included procedure.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::tests::{clean, diags, lint, only};
use super::*;
use crate::diag::Code;

/// An included procedure: a basis, a position, a procedure fact, a days
/// parameter, a phase with two stages, a stage fact, a conditional runoff.
const INNER: &str = r#"
procedure 乙 {
  basis 法 "某法"
  position 主任 seats 1
  fact 登记选民: count
  param 时限: days = 10 per 法 "十日内"
  phase 准备 { stage 登记 {} stage 提名 { after 登记 } }
  stage 投票 {
    after 提名
    fact 参加投票: count
    quorum 参加投票 is a majority of 登记选民 per 法 "过半数"
    require for each position p: count(candidates where position = p) >= seats(p) + 1
    elect if votes > 1/2 of 参加投票
  }
  stage 另选 when shortfall(投票) { within 时限 days after 投票 }
}
"#;

fn with_inner(outer: &str) -> String {
    format!("{INNER}\n{outer}")
}

fn composite(p: &Program) -> &Procedure {
    match p.procedure("甲") {
        Some((_, proc)) => proc,
        None => panic!("procedure 甲 missing"),
    }
}

#[test]
fn included_names_are_prefixed_and_their_ids_moved() {
    let p = clean(&with_inner(
        "procedure 甲 {\n  position 书记 seats 1\n  include 乙 as 居\n  引入 乙 作为 党\n  stage 总结 { after 居.另选 }\n}",
    ));
    let proc = composite(&p);
    let stages: Vec<&str> = proc.stages.iter().map(|s| s.name.name.as_str()).collect();
    assert_eq!(
        stages,
        [
            "居.登记",
            "居.提名",
            "居.投票",
            "居.另选",
            "党.登记",
            "党.提名",
            "党.投票",
            "党.另选",
            "总结"
        ]
    );
    let positions: Vec<&str> = proc
        .positions
        .iter()
        .map(|s| s.name.name.as_str())
        .collect();
    assert_eq!(positions, ["居.主任", "党.主任", "书记"]);
    let bases: Vec<&str> = proc.bases.iter().map(|b| b.name.name.as_str()).collect();
    assert_eq!(bases, ["居.法", "党.法"]);
    // Procedure facts are prefixed; a stage's fact keeps its name.
    let facts: Vec<&str> = proc.facts.iter().map(|f| f.name.name.as_str()).collect();
    assert_eq!(
        facts,
        ["居.登记选民", "参加投票", "党.登记选民", "参加投票"]
    );
    // The second copy refers to its own stages, facts, params and bases.
    let Some(另选) = proc.stages.get(7) else {
        panic!("党.另选 missing");
    };
    let Some(TimingKind::Within { days, after, .. }) = 另选.timing.first().map(|t| &t.kind)
    else {
        panic!("within missing");
    };
    assert_eq!(after.target, Target::Stage(StageId(6)));
    assert!(matches!(
        days,
        Amount::Param {
            param: ParamId(1),
            ..
        }
    ));
    assert_eq!(
        另选.when.as_ref().map(|w| proc.show_expr(w).to_string()),
        Some("shortfall(stage:党.投票)".to_string())
    );
    let Some(投票) = proc.stages.get(6) else {
        panic!("党.投票 missing");
    };
    assert_eq!(投票.facts, vec![FactId(3)]);
    assert_eq!(投票.phase, None);
    assert_eq!(proc.stages.get(5).and_then(|s| s.phase), Some(PhaseId(1)));
    let quorum = 投票
        .rules
        .first()
        .map(|r| proc.show_expr(&r.expr).to_string());
    assert_eq!(
        quorum,
        Some("(fact:党.投票.参加投票 is a majority of fact:党.登记选民)".to_string())
    );
    let cite = 投票
        .rules
        .first()
        .and_then(|r| r.cite.as_ref())
        .map(|c| c.basis);
    assert_eq!(cite, Some(BasisRef::Procedure(BasisId(1))));
    // The includes record what they brought in.
    let incs: Vec<(&str, usize, Vec<StageId>, Vec<PhaseId>)> = proc
        .includes
        .iter()
        .map(|i| {
            (
                i.alias.name.as_str(),
                i.procedure.0,
                i.stages.clone(),
                i.phases.clone(),
            )
        })
        .collect();
    assert_eq!(
        incs,
        vec![
            ("居", 0, (0..4).map(StageId).collect(), vec![PhaseId(0)]),
            ("党", 0, (4..8).map(StageId).collect(), vec![PhaseId(1)]),
        ]
    );
}

#[test]
fn variables_stay_unique_and_included_rules_keep_to_their_positions() {
    let p = clean(&with_inner(
        "procedure 甲 {\n  position 书记 seats 1\n  include 乙 as 居\n  stage 总结 {\n    after 居.投票\n    require count(candidates where gender = female) >= 1\n  }\n}",
    ));
    let proc = composite(&p);
    let text = p.dump();
    // The included rule over every position and every candidate speaks of
    // the included procedure's positions only; the composite's own rule
    // of all candidates.
    assert!(
        text.contains("require (for each position p where (p = position:居.主任): (count(candidates where ((it.position = position:居.主任) and (it.position = p))) >= (seats(p) + 1)))"),
        "{text}"
    );
    assert!(
        text.contains("require (count(candidates where (it.gender = female)) >= 1)"),
        "{text}"
    );
    assert!(text.contains("elect 居.主任 if"), "{text}");
    let mut vars = Vec::new();
    for st in &proc.stages {
        for r in &st.rules {
            if let RuleKind::Elect { candidate, .. } = r.kind {
                vars.push(candidate.0);
            }
            collect_vars(&r.expr, &mut vars);
        }
    }
    let mut unique = vars.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(vars.len(), unique.len(), "{vars:?}");
}

fn collect_vars(e: &TExpr, out: &mut Vec<usize>) {
    match &e.kind {
        TExprKind::Count { elem, filter, .. } => {
            out.push(elem.0);
            if let Some(f) = filter {
                collect_vars(f, out);
            }
        }
        TExprKind::Quant { var, body, .. } => {
            out.push(var.id.0);
            collect_vars(body, out);
        }
        TExprKind::Compare(_, a, b) | TExprKind::Binary(_, a, b) => {
            collect_vars(a, out);
            collect_vars(b, out);
        }
        _ => {}
    }
}

#[test]
fn qualified_names_in_timing_expressions_calls_plans_and_extensions() {
    let src = with_inner(
        r#"procedure 甲 {
  basis 方案 "方案"
  include 乙 as 居 per 方案 "先党后居"
  include 乙 as 党
  stage 居.投票 { after 党.另选.end per 方案 "先党后居"; require 参加投票 > 0 }
  phase 居.准备 { after 党.准备 }
  stage 总结 {
    after 居.投票
    within 居.时限 days after 党.投票
    require 居.投票.参加投票 > 居.登记选民 and not happened(居.另选)
    require count(candidates where position = 党.主任) = 1
  }
}
plan 日程 for 甲 {
  居 from 2021-01-01 to 2021-01-31
  党.投票 on 2020-12-20
  param 居.时限 = 5
}"#,
    );
    let p = clean(&src);
    let proc = composite(&p);
    let text = p.dump();
    // The extension's constraint and rule joined the included stage, its
    // own facts visible unqualified.
    assert!(
        text.contains(
            "    after stage 居.提名\n    after stage 党.另选.end per 方案 \"先党后居\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("    elect 居.主任 if (votes > (1/2 of fact:居.投票.参加投票))\n    require (fact:居.投票.参加投票 > 0)\n"),
        "{text}"
    );
    assert!(text.contains("include procedure#0 as 居: 4 stages (居.登记 .. 居.另选), 1 phases per 方案 \"先党后居\""), "{text}");
    assert!(
        text.contains("  included 居 2021-01-01 to 2021-01-31"),
        "{text}"
    );
    assert!(text.contains("  param 居.时限 = 5 => 5 days"), "{text}");
    let Some(phase) = proc.phases.first() else {
        panic!("居.准备 missing");
    };
    assert_eq!(phase.timing.len(), 1);
    let Some((_, plan)) = p.plan("日程") else {
        panic!("plan missing");
    };
    assert_eq!(plan.included.first().map(|w| w.include), Some(0));
    assert_eq!(
        plan.dates.first().map(|d| d.target),
        Some(Target::Stage(StageId(6)))
    );
}

#[test]
fn english_and_chinese_composition_resolve_alike() {
    let en = with_inner(
        "procedure 甲 {\n  include 乙 as 居\n  stage 居.提名 { after 居.登记.start }\n  phase 居.准备 { before 居.投票 }\n}",
    );
    let zh = with_inner(
        "程序 甲 {\n  引入 乙 作为 居\n  阶段 居.提名 { 在 居.登记.开始 之后 }\n  环节 居.准备 { 在 居.投票 之前 }\n}",
    );
    assert_eq!(clean(&en), clean(&zh));
}

#[test]
fn an_included_procedure_is_found_in_any_order_and_file() {
    // The including procedure comes first in the file.
    let p = clean(&format!(
        "procedure 甲 {{ include 乙 as 居; stage 总结 {{ after 居.投票 }} }}\n{INNER}"
    ));
    assert_eq!(composite(&p).stages.len(), 5);
    // Includes nest: names get both prefixes.
    let p = clean(&with_inner(
        "procedure 丙 { include 乙 as 居 }\nprocedure 甲 { include 丙 as 两委; stage 总结 { after 两委.居.投票; require 两委.居.投票.参加投票 > 0 } }",
    ));
    let proc = composite(&p);
    let aliases: Vec<&str> = proc
        .includes
        .iter()
        .map(|i| i.alias.name.as_str())
        .collect();
    assert_eq!(aliases, ["两委", "两委.居"]);
    assert!(proc.stage("两委.居.另选").is_some());
}

#[test]
fn unknown_includes_and_duplicate_aliases() {
    let (d, _) = only(
        "procedure 居委会换届选举 { stage s {} }\nprocedure 甲 { include 居委会换届选择 as 居; stage 总结 { after 居.s } }",
        Code::UnknownProcedure,
    );
    assert_eq!(
        d.help,
        Some(crate::diag::did_you_mean_help("居委会换届选举"))
    );
    // An alias is a name of the procedure namespace.
    assert_eq!(
        diags(&with_inner(
            "procedure 甲 { include 乙 as 居; include 乙 as 居; stage 居民 {} }"
        )),
        vec![(Code::Duplicate, "居".to_string())]
    );
    assert_eq!(
        diags(&with_inner("procedure 甲 { stage 居 {} include 乙 as 居 }")),
        vec![(Code::Duplicate, "居".to_string())]
    );
    // An alias is not a value, and a variable cannot reuse it.
    assert_eq!(
        diags(&with_inner(
            "procedure 甲 { include 乙 as 居; stage 总结 { require 居 > 0; require for each candidate 居: true } }"
        )),
        vec![
            (Code::TypeMismatch, "居".to_string()),
            (Code::Duplicate, "居".to_string())
        ]
    );
}

#[test]
fn names_under_a_failed_include_are_not_reported_again() {
    let src = "procedure 甲 {\n  include 无 as 居\n  stage 居.提名 { after 居.登记 }\n  stage 总结 { after 居.投票; within 居.时限 days after 居.投票; require 居.投票.参加投票 > 居.登记选民 and happened(居.另选) }\n}\nplan 计 for 甲 { 居 from 2021-01-01 to 2021-01-02; 居.投票 on 2021-01-01; param 居.时限 = 1 }";
    let found = diags(src);
    assert_eq!(found, vec![(Code::UnknownProcedure, "无".to_string())]);
}

#[test]
fn include_cycles_are_reported_once_each() {
    let (d, map) = only(
        "procedure 甲 { include 乙 as b; stage s {} }\nprocedure 乙 { include 丙 as c; stage s {} }\nprocedure 丙 { include 甲 as a; stage s {} }",
        Code::IncludeCycle,
    );
    assert_eq!(
        d.message.en,
        "procedures include each other in a cycle: 甲 → 乙 → 丙 → 甲"
    );
    let labels: Vec<String> = d
        .labels
        .iter()
        .map(|l| super::tests::slice(&map, l.span))
        .collect();
    assert_eq!(
        labels,
        ["include 乙 as b", "include 丙 as c", "include 甲 as a"]
    );
    let (d, _) = only(
        "procedure 甲 { 引入 甲 作为 我; stage s {} }",
        Code::IncludeCycle,
    );
    assert_eq!(d.message.en, "procedure `甲` includes itself");
    // A procedure that includes one on a cycle is resolved with it.
    let found = diags(
        "procedure 甲 { include 甲 as a; stage s {} }\nprocedure 乙 { include 甲 as x; stage t { after x.s } }",
    );
    assert_eq!(
        found,
        vec![(Code::IncludeCycle, "include 甲 as a".to_string())]
    );
}

#[test]
fn extensions_name_an_included_stage_or_phase() {
    let found = diags(&with_inner(
        "procedure 甲 {\n  include 乙 as 居\n  stage 居.准备 { after 居.投票 }\n  phase 居.投票 { }\n  stage 居.提明 { }\n  stage 外.提名 { }\n}",
    ));
    assert_eq!(
        found,
        vec![
            (Code::UnknownStage, "居.准备".to_string()),
            (Code::UnknownStage, "居.投票".to_string()),
            (Code::UnknownStage, "居.提明".to_string()),
            (Code::UnknownStage, "外.提名".to_string()),
        ]
    );
    let (ds, _, _) = lint(&with_inner(
        "procedure 甲 { include 乙 as 居; stage 居.提明 { } }",
    ));
    assert_eq!(
        ds.first().and_then(|d| d.help.clone()),
        Some(crate::diag::did_you_mean_help("居.提名"))
    );
}

#[test]
fn a_stage_fact_of_an_included_stage_is_qualified_by_its_stage() {
    let (d, _) = only(
        &with_inner("procedure 甲 { include 乙 as 居; stage 总结 { require 居.参加投票 > 0 } }"),
        Code::Undefined,
    );
    assert!(d.message.en.contains("居.参加投票"), "{}", d.message.en);
}

#[test]
fn an_included_constraint_keeps_the_reading_of_its_own_procedure() {
    let p = clean(
        "procedure 乙 { setting days_before = exclusive; stage 名单 { at least 20 days before 投票 } stage 投票 {} }\n\
         procedure 甲 { include 乙 as 居; stage 公告 { at least 7 days before 居.投票 } }",
    );
    let proc = composite(&p);
    let reading = |stage: &str| match proc
        .stage(stage)
        .and_then(|(_, s)| s.timing.first())
        .map(|t| &t.kind)
    {
        Some(TimingKind::AtLeastBefore {
            reading, explicit, ..
        }) => (*reading, *explicit),
        _ => panic!("no deadline on {stage}"),
    };
    // Fixed by 乙's setting: 甲's (default) setting does not apply to it.
    assert_eq!(reading("居.名单"), (crate::ast::Reading::Exclusive, true));
    assert_eq!(reading("公告"), (crate::ast::Reading::Subtractive, false));
}
