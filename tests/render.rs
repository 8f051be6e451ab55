//! Snapshots of the two renderings of hand-built diagnostics: the human report
//! (no colour, width 80, Unicode) in both languages, and the JSON form.

use huanjie::diag::render::{render_human, render_json, RenderOptions};
use huanjie::diag::{Code, Diagnostic, Lang, Text};
use huanjie::span::{FileId, SourceMap, Span};

const PROCEDURE: &str = "\
procedure 居委会换届选举 {
  stage 选民名单公布 {
    at least 20 days before 投票选举
  }
  stage 投票选举 {
    after 候选人提名
  }
}
";

const PLAN: &str = "\
plan 新河社区 for 居委会换届 {
  election day 2021-01-28
}
";

/// The span of the `nth` occurrence (0-based) of `needle` in `text`.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn span_of(file: FileId, text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    Span::new(file, start, start + needle.len())
}

/// An undefined stage with two labels, help and a note, all in one file.
fn undefined_stage(map: &mut SourceMap) -> Diagnostic {
    let id = map.add("procedures/residents_committee.hj", PROCEDURE);
    Diagnostic::error(
        Code::Undefined,
        Text::new("阶段 `候选人提名` 未定义", "undefined stage `候选人提名`"),
    )
    .with_label(
        span_of(id, PROCEDURE, "候选人提名", 0),
        Text::new("此处引用了未定义的阶段", "this stage is not defined"),
    )
    .with_label(
        span_of(id, PROCEDURE, "procedure 居委会换届选举", 0),
        Text::new("在此程序中查找", "looked up in this procedure"),
    )
    .with_help(Text::new(
        "先用 `stage 候选人提名 { … }` 定义该阶段，或改为已有的阶段",
        "define it with `stage 候选人提名 { … }`, or name an existing stage",
    ))
    .with_note(Text::new(
        "阶段名必须与定义时的写法完全一致",
        "stage names must be spelled exactly as defined",
    ))
}

/// A plan naming a procedure that is defined (under another name) in a
/// second file, plus a warning without a label.
fn two_files(map: &mut SourceMap) -> Vec<Diagnostic> {
    let proc_id = map.add("procedures/residents_committee.hj", PROCEDURE);
    let plan_id = map.add("plans/xinhe.hj", PLAN);
    vec![
        Diagnostic::error(
            Code::UnknownProcedure,
            Text::new("程序 `居委会换届` 不存在", "unknown procedure `居委会换届`"),
        )
        .with_label(
            span_of(plan_id, PLAN, "居委会换届", 0),
            Text::new("计划适用于这个程序", "the plan is for this procedure"),
        )
        .with_label(
            span_of(proc_id, PROCEDURE, "居委会换届选举", 0),
            Text::new("已加载的程序中名称最接近的", "the closest loaded procedure"),
        )
        .with_help(Text::new(
            "是否想写 `居委会换届选举`?",
            "did you mean `居委会换届选举`?",
        )),
        Diagnostic::warning(
            Code::UnusedBasis,
            Text::new("依据 `方案` 未被引用", "basis `方案` is never cited"),
        )
        .with_label(
            Span::Synthetic,
            Text::new("由计划隐含声明", "declared implicitly by the plan"),
        ),
    ]
}

#[test]
fn human_zh() {
    let mut map = SourceMap::new();
    let d = undefined_stage(&mut map);
    insta::assert_snapshot!(render_human(&[d], &map, &RenderOptions::plain(Lang::Zh)));
}

#[test]
fn human_en() {
    let mut map = SourceMap::new();
    let d = undefined_stage(&mut map);
    insta::assert_snapshot!(render_human(&[d], &map, &RenderOptions::plain(Lang::En)));
}

#[test]
fn human_ascii_en() {
    let mut map = SourceMap::new();
    let d = undefined_stage(&mut map);
    let opts = RenderOptions {
        unicode: false,
        ..RenderOptions::plain(Lang::En)
    };
    insta::assert_snapshot!(render_human(&[d], &map, &opts));
}

#[test]
fn human_two_files_zh() {
    let mut map = SourceMap::new();
    let diags = two_files(&mut map);
    insta::assert_snapshot!(render_human(&diags, &map, &RenderOptions::plain(Lang::Zh)));
}

#[test]
fn human_two_files_en() {
    let mut map = SourceMap::new();
    let diags = two_files(&mut map);
    insta::assert_snapshot!(render_human(&diags, &map, &RenderOptions::plain(Lang::En)));
}

#[test]
fn human_nothing_to_report() {
    let map = SourceMap::new();
    let opts = RenderOptions::plain(Lang::En);
    assert_eq!(render_human(&[], &map, &opts), "0 errors, 0 warnings\n");
    let opts = RenderOptions::plain(Lang::Zh);
    assert_eq!(render_human(&[], &map, &opts), "0 个错误，0 个警告\n");
}

#[test]
fn human_colour_only_when_asked() {
    let mut map = SourceMap::new();
    let d = undefined_stage(&mut map);
    let plain = render_human(
        std::slice::from_ref(&d),
        &map,
        &RenderOptions::plain(Lang::En),
    );
    assert!(!plain.contains('\u{1b}'));
    let opts = RenderOptions {
        color: true,
        ..RenderOptions::plain(Lang::En)
    };
    assert!(render_human(&[d], &map, &opts).contains('\u{1b}'));
}

#[test]
fn json_en() {
    let mut map = SourceMap::new();
    let mut diags = vec![undefined_stage(&mut map)];
    diags.extend(two_files(&mut map));
    insta::assert_json_snapshot!(render_json(&diags, &map, Lang::En));
}

#[test]
fn json_zh() {
    let mut map = SourceMap::new();
    let diags = two_files(&mut map);
    insta::assert_json_snapshot!(render_json(&diags, &map, Lang::Zh));
}
