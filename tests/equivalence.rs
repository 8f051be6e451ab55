//! The same procedure written with English keywords and with Chinese
//! keywords gives the same tree (spans aside).

use huanjie::syntax::parse_str;
use std::path::Path;

fn parse_file(path: &Path) -> huanjie::ast::File {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (_, parsed) = parse_str(&path.display().to_string(), &text);
    assert!(
        parsed.diagnostics.is_empty(),
        "{}: {:?}",
        path.display(),
        parsed.diagnostics
    );
    assert!(parsed.file.is_some(), "{} did not parse", path.display());
    parsed.file.unwrap_or_else(|| huanjie::ast::File {
        includes: Vec::new(),
        items: Vec::new(),
        span: huanjie::span::Span::Synthetic,
    })
}

#[test]
fn english_and_chinese_keywords_give_the_same_ast() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/equivalence");
    let en = parse_file(&dir.join("residents_en.hj"));
    let zh = parse_file(&dir.join("residents_zh.hj"));
    assert_eq!(en, zh);
}

#[test]
fn a_changed_number_makes_the_trees_differ() {
    let (_, a) = parse_str(
        "a",
        "procedure p { stage s { within 5 days after t } stage t {} }",
    );
    let (_, b) = parse_str("b", "程序 p { 阶段 s { 自 t 之日起 六日内 } 阶段 t {} }");
    let (_, c) = parse_str("c", "程序 p { 阶段 s { 自 t 之日起 五日内 } 阶段 t {} }");
    assert_ne!(a.file, b.file);
    assert_eq!(a.file, c.file);
}

#[test]
fn fully_chinese_and_fully_english_procedures_resolve_to_the_same_program() {
    // Built-in names (候选人/candidates, 已进行/happened, 女/female, …) are
    // kept as written in the tree; the resolver gives both the same meaning.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid");
    let program = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let (_, _, outcome) = huanjie::lint_str(name, &text);
        assert!(
            outcome.diagnostics.is_empty(),
            "{name}: {:?}",
            outcome.diagnostics
        );
        outcome.program.map(|p| p.dump()).unwrap_or_default()
    };
    let en = program("complete_en.hj");
    assert!(en.contains("stage"), "the dump is not empty");
    assert_eq!(en, program("complete_zh.hj"));
}
