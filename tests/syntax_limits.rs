//! Bad input of every kind gives a clear diagnostic — never a panic, a hang
//! or a stack overflow.

use huanjie::syntax::{parse_str, MAX_SOURCE_BYTES};

/// The codes of the diagnostics for `text`, and the text each primary label
/// covers.
fn diagnose(text: &str) -> Vec<(&'static str, String)> {
    let (map, parsed) = parse_str("t.hj", text);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.primary_span();
            let covered = span
                .file()
                .and_then(|f| map.get(f))
                .map(|f| f.slice(span).to_string())
                .unwrap_or_default();
            (d.code.id(), covered)
        })
        .collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    diagnose(text).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn empty_file() {
    assert_eq!(codes(""), ["HJ003"]);
    assert_eq!(codes("  // only a comment\n/* and another */\n"), ["HJ003"]);
}

#[test]
fn huge_file_is_refused_up_front() {
    let text = format!(
        "procedure a {{ {} }}",
        "fact x: count ".repeat(MAX_SOURCE_BYTES / 10)
    );
    assert!(text.len() > MAX_SOURCE_BYTES);
    assert_eq!(codes(&text), ["HJ004"]);
}

#[test]
fn large_but_legal_file_parses() {
    let mut text = String::from("procedure a {\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "  fact f{i}: count\n  stage s{i} {{ after s0 }}\n"
        ));
    }
    text.push('}');
    assert!(codes(&text).is_empty());
}

#[test]
fn deep_nesting_is_bounded() {
    let text = format!(
        "procedure a {{ stage s {{ require {}1{} }} }}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert_eq!(diagnose(&text), [("HJ015", "(".to_string())]);
}

#[test]
fn very_long_expressions_are_bounded() {
    let sum = vec!["1"; 100_000].join(" + ");
    let text = format!("procedure a {{ stage s {{ require {sum} > 0 }} }}");
    assert_eq!(codes(&text), ["HJ016"]);
    let nots = "not ".repeat(100_000);
    let text = format!("procedure a {{ stage s {{ require {nots} true }} }}");
    assert_eq!(codes(&text), ["HJ016"]);
}

#[test]
fn unterminated_string_and_comment() {
    assert_eq!(
        diagnose("procedure a {\n basis 法 \"中华人民共和国\n}"),
        [("HJ011", "\"中华人民共和国".to_string())]
    );
    assert_eq!(
        diagnose("procedure a { /* 未完的注释\n stage s {} }"),
        [("HJ012", "/*".to_string())]
    );
}

#[test]
fn numbers_beyond_64_bits() {
    assert_eq!(
        diagnose("procedure a { position p seats 18446744073709551616 }"),
        [("HJ013", "18446744073709551616".to_string())]
    );
    assert!(codes("procedure a { position p seats 18446744073709551615 }").is_empty());
    assert_eq!(
        codes("procedure a { stage s { require 99999999999999999999/3 > 1 } }"),
        ["HJ013"]
    );
}

#[test]
fn keyword_used_as_a_name() {
    assert_eq!(
        diagnose("procedure a { stage 阶段 {} }"),
        [("HJ014", "阶段".to_string())]
    );
    assert_eq!(
        diagnose("procedure a { fact when: count }"),
        [("HJ014", "when".to_string())]
    );
    assert_eq!(
        diagnose("程序 甲 { 事实 依据: 计数 }"),
        [("HJ014", "依据".to_string())]
    );
}

#[test]
fn malformed_literals() {
    assert_eq!(
        diagnose("procedure a { stage s { no later than 2021-02-30 } }"),
        [("HJ017", "2021-02-30".to_string())]
    );
    assert_eq!(
        diagnose("procedure a { stage s { require 1 > 1/0 } }"),
        [("HJ019", "1/0".to_string())]
    );
    assert_eq!(
        diagnose("程序 甲 { 阶段 乙 { 要求 十十 > 1 } }"),
        [("HJ018", "十十".to_string())]
    );
}

#[test]
fn syntax_errors_point_at_the_offending_token() {
    assert_eq!(
        diagnose("procedure a { stage s { after } }"),
        [("HJ010", "}".to_string())]
    );
    assert_eq!(
        diagnose("procedure a { stage s { 在投票选举之后 } }"),
        [("HJ010", "在投票选举之后".to_string())]
    );
}

#[test]
fn control_characters_and_odd_unicode_do_not_panic() {
    for text in [
        "\u{0}\u{1}\u{2}",
        "procedure \u{202e}a {}",
        "程序 甲 { 阶段 乙 { 在 丙 的 🎉 日前 } }",
        "procedure a { stage s { lasts at least } }",
        "plan p for q { x on }",
        "“",
        "\"\\",
        "procedure a { stage s { require count( } }",
    ] {
        let _ = codes(text);
    }
}

#[test]
fn nested_quantifiers_are_bounded() {
    let mut body = String::from("true");
    for i in 0..45_000 {
        body = format!("for each position p{i}: {body}");
    }
    let text = format!("procedure a {{ stage s {{ require {body} }} }}");
    let result = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || codes(&text))
        .map(|h| h.join());
    let found = match result {
        Ok(Ok(found)) => found,
        _ => vec!["the parser overflowed its stack"],
    };
    assert_eq!(found, ["HJ015"]);
}

#[test]
fn a_numeral_is_not_a_name() {
    assert_eq!(
        diagnose("程序 甲 { 事实 五: 计数 }"),
        [("HJ014", "五".to_string())]
    );
    assert!(codes("程序 甲 { 事实 三推一选: 计数 }").is_empty());
}
