#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::format_text;
use crate::span::FileId;

fn fmt(text: &str) -> String {
    format_text(FileId(0), text).unwrap_or_else(|d| panic!("{d:#?}"))
}

#[test]
fn indentation_spacing_and_blocks() {
    let messy =
        "程序 甲{依据文件 方案 \"方案\"\n阶段 乙 {}\n   阶段 丙{在 乙 之后;要求 计数( 候选人 )=0}}";
    let want = "程序 甲 {\n  依据文件 方案 \"方案\"\n  阶段 乙 {}\n  阶段 丙 {\n    在 乙 之后;\n    要求 计数(候选人) = 0\n  }\n}\n";
    assert_eq!(fmt(messy), want);
    assert_eq!(fmt(want), want);
}

#[test]
fn per_clauses_line_up_and_comments_stay() {
    let text = "procedure A {\n  basis B \"b\"\n\n\n  // the stage\n  stage S {\n    after T per B \"x\" // why\n    lasts 5 days\n      per B \"y\"\n  }\n  stage T {}\n}\n";
    let out = fmt(text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "  // the stage");
    assert_eq!(lines[5].find("per"), Some(super::layout::PER_COLUMN));
    assert!(lines[5].ends_with("\"x\" // why"), "{out}");
    assert_eq!(
        lines[7].find("per"),
        Some(super::layout::PER_COLUMN),
        "{out}"
    );
    assert_eq!(fmt(&out), out);
}

#[test]
fn parts_of_consecutive_declarations_line_up() {
    let text = "程序 甲 {\n  依据文件 方案 \"a\"\n  依据文件 条例全文 \"b\"\n  职务 主任 \"主任\" 名额 1\n  职务 副主任 \"副\" 名额 2\n}\n";
    let out = fmt(text);
    assert!(out.contains("依据文件 方案     \"a\""), "{out}");
    assert!(out.contains("职务 主任   \"主任\" 名额 1"), "{out}");
    assert!(out.contains("职务 副主任 \"副\"   名额 2"), "{out}");
}

#[test]
fn a_file_that_does_not_parse_is_an_error() {
    let err = format_text(FileId(0), "程序 甲 {")
        .err()
        .unwrap_or_default();
    assert!(!err.is_empty());
}
