//! Composition of procedures: the syntax of `include` / `引入`, qualified
//! names and extensions, and linting a procedure together with the files of
//! the procedures it includes.

#![allow(clippy::panic, reason = "a test fails by panicking")]

use huanjie::ast::{Item, PlanItem, ProcItem, Quantity, StageItem, TimingKind};
use huanjie::span::SourceMap;
use huanjie::syntax::parse_str;
use std::path::Path;

fn parse(text: &str) -> huanjie::ast::File {
    let (_, parsed) = parse_str("t.hj", text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    parsed
        .file
        .unwrap_or_else(|| panic!("did not parse: {text}"))
}

const EN: &str = r#"
procedure 两委 {
  basis 方案 "方案"
  include 居委会换届选举 as 居委会 per 方案 "后开展居委会换届"
  include 党组织换届 as 党组织
  stage 居委会.推选 { after 党组织.报批.end per 方案 "先开展社区党组织换届"; require 参加 > 0 }
  phase 居委会.准备 { after 党组织.选举 }
  stage 总结 {
    within 居委会.另行选举期限 days after 居委会.投票选举.start
    require 居委会.投票选举.参加投票 > 0 and 已进行(居委会.另行选举)
  }
}
plan 日程 for 两委 {
  居委会 from 2021-01-01 to 2021-02-04
  居委会.投票选举 on 2021-01-28
  param 居委会.委托上限 = 3
}
"#;

const ZH: &str = r#"
程序 两委 {
  依据文件 方案 "方案"
  引入 居委会换届选举 作为 居委会 依据 方案 "后开展居委会换届"
  引入 党组织换届 作为 党组织
  阶段 居委会.推选 { 在 党组织.报批.结束 之后 依据 方案 "先开展社区党组织换届"; 要求 参加 > 0 }
  环节 居委会.准备 { 在 党组织.选举 之后 }
  阶段 总结 {
    在 居委会.投票选举.开始 之后 居委会.另行选举期限 日内
    要求 居委会.投票选举.参加投票 > 0 且 已进行(居委会.另行选举)
  }
}
计划 日程 适用于 两委 {
  居委会 自 2021-01-01 至 2021-02-04
  居委会.投票选举 于 2021-01-28
  参数 居委会.委托上限 = 3
}
"#;

#[test]
fn english_and_chinese_composition_give_the_same_tree() {
    assert_eq!(parse(EN), parse(ZH));
}

#[test]
fn qualified_names_are_one_name_with_the_whole_span() {
    let file = parse(EN);
    let Some(Item::Procedure(p)) = file.items.first() else {
        panic!("no procedure");
    };
    let includes: Vec<(&str, &str, bool)> = p
        .items
        .iter()
        .filter_map(|i| match i {
            ProcItem::Include(inc) => Some((
                inc.procedure.name.as_str(),
                inc.alias.name.as_str(),
                inc.per.is_some(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        includes,
        [
            ("居委会换届选举", "居委会", true),
            ("党组织换届", "党组织", false)
        ]
    );
    let extends: Vec<(&str, bool, usize)> = p
        .items
        .iter()
        .filter_map(|i| match i {
            ProcItem::Extend(e) => Some((e.target.name.as_str(), e.phase, e.items.len())),
            _ => None,
        })
        .collect();
    assert_eq!(
        extends,
        [("居委会.推选", false, 2), ("居委会.准备", true, 1)]
    );
    // `党组织.报批.end`: the name, then the endpoint.
    let Some(ProcItem::Extend(e)) = p.items.get(3) else {
        panic!("no extension");
    };
    let Some(StageItem::Timing(t)) = e.items.first() else {
        panic!("no timing");
    };
    let TimingKind::After(r) = &t.kind else {
        panic!("not after");
    };
    assert_eq!(r.target.name, "党组织.报批");
    assert_eq!(r.end, Some(huanjie::ast::Endpoint::End));
    let len = "党组织.报批".len();
    assert_eq!(r.target.span.range().map(|(a, b)| b - a), Some(len));
    // A qualified parameter as a number of days.
    let Some(ProcItem::Stage(st)) = p.items.get(5) else {
        panic!("no stage");
    };
    let Some(StageItem::Timing(t)) = st.items.first() else {
        panic!("no timing");
    };
    let TimingKind::Within { days, after, .. } = &t.kind else {
        panic!("not within");
    };
    assert!(matches!(days, Quantity::Param(id) if id.name == "居委会.另行选举期限"));
    assert_eq!(after.target.name, "居委会.投票选举");
    // Plan targets and parameters.
    let Some(Item::Plan(plan)) = file.items.get(1) else {
        panic!("no plan");
    };
    let names: Vec<&str> = plan
        .items
        .iter()
        .filter_map(|i| match i {
            PlanItem::Date { target, .. } => Some(target.name.as_str()),
            PlanItem::Param { name, .. } => Some(name.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["居委会", "居委会.投票选举", "居委会.委托上限"]);
}

#[test]
fn include_and_as_are_reserved_words() {
    for text in [
        "procedure p { stage include {} }",
        "程序 p { 阶段 引入 {} }",
        "procedure p { stage as {} }",
        "程序 p { 阶段 作为 {} }",
    ] {
        let (_, parsed) = parse_str("t.hj", text);
        let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.id()).collect();
        assert_eq!(codes, ["HJ014"], "{text}");
    }
    // An extension is not a declaration: no title, `optional` or `when`.
    let (_, parsed) = parse_str("t.hj", "procedure p { stage 居.投票 optional {} }");
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.id()).collect();
    assert_eq!(codes, ["HJ010"]);
}

fn load(map: &mut SourceMap, rel: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!text.is_empty(), "{rel} is missing");
    map.add(rel, text);
}

fn codes(map: &SourceMap) -> Vec<String> {
    huanjie::lint(map)
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code.id(), d.message.en))
        .collect()
}

#[test]
fn the_two_committees_lint_clean_with_the_procedures_they_include() {
    let mut map = SourceMap::new();
    // The order of the files does not matter.
    load(&mut map, "procedures/two_committees.hj");
    load(&mut map, "procedures/party_two_recommend.hj");
    load(&mut map, "procedures/residents_committee.hj");
    load(&mut map, "procedures/party_branch.hj");
    assert_eq!(codes(&map), Vec::<String>::new());
    let outcome = huanjie::lint(&map);
    let Some(program) = outcome.program else {
        panic!("no program");
    };
    let Some((_, both)) = program.procedure("社区两委换届") else {
        panic!("社区两委换届 missing");
    };
    let aliases: Vec<&str> = both
        .includes
        .iter()
        .map(|i| i.alias.name.as_str())
        .collect();
    assert_eq!(aliases, ["党组织", "居委会"]);
    assert!(both.stage("居委会.投票选举").is_some());
    assert!(both.stage("党组织.报批").is_some());
}

#[test]
fn without_the_included_files_the_includes_are_unknown() {
    let mut map = SourceMap::new();
    load(&mut map, "procedures/two_committees.hj");
    let found = codes(&map);
    assert_eq!(
        found,
        [
            "HJ106 no procedure named `社区党组织两推一选`",
            "HJ106 no procedure named `居委会换届选举`"
        ]
    );
}

#[test]
fn a_finding_about_an_included_procedure_is_reported_once() {
    let text = "procedure 乙 { stage a {} stage b {} }\nprocedure 甲 { include 乙 as x; stage c { after x.a; after x.b } }";
    let (_, _, outcome) = huanjie::lint_str("t.hj", text);
    let found: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code.id()).collect();
    // `b` is not connected to `a` in 乙; in 甲 both are connected through `c`.
    assert_eq!(found, ["HJ403"]);
}
