//! `docs/codes.md` documents every diagnostic code, and only those.

use huanjie::diag::Code;
use std::collections::BTreeSet;

const DOC: &str = include_str!("../docs/codes.md");

/// The code of a `## HJxxx — name` heading, if `line` is one.
fn heading_code(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("## ")?;
    let id = rest.get(..5)?;
    let well_formed = id.starts_with("HJ")
        && id[2..].chars().all(|c| c.is_ascii_digit())
        && rest[5..].starts_with(" — ")
        && rest.len() > 5 + " — ".len();
    well_formed.then_some(id)
}

/// The codes that have a section.
fn documented() -> BTreeSet<&'static str> {
    DOC.lines().filter_map(heading_code).collect()
}

#[test]
fn every_code_has_a_section() {
    let documented = documented();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !documented.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/codes.md has no `## HJxxx — name` section for {missing:?}"
    );
}

#[test]
fn every_section_is_a_code() {
    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    let stale: Vec<&str> = documented()
        .into_iter()
        .filter(|id| !known.contains(id))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/codes.md documents codes that src/diag/codes.rs does not have: {stale:?}"
    );
}

#[test]
fn headings_are_well_formed() {
    for line in DOC.lines().filter(|l| l.starts_with("## HJ")) {
        assert!(
            heading_code(line).is_some(),
            "heading `{line}` is not `## HJxxx — name`"
        );
    }
}

/// The `hj` examples of each section: `(code, example)`.
fn examples() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut code = None;
    let mut block: Option<String> = None;
    for line in DOC.lines() {
        if let Some(text) = block.as_mut() {
            if line == "```" {
                if let (Some(code), Some(text)) = (code, block.take()) {
                    out.push((code, text));
                }
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if let Some(c) = heading_code(line) {
            code = Some(c);
        } else if line == "```hj" {
            block = Some(String::new());
        }
    }
    out
}

#[test]
fn every_example_gives_its_code() {
    let examples = examples();
    assert!(
        examples.len() >= 40,
        "only {} examples found",
        examples.len()
    );
    let mut wrong = Vec::new();
    for (code, text) in &examples {
        let (_, _, outcome) = huanjie::lint_str("example.hj", text);
        let got: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code.id()).collect();
        if !got.contains(code) {
            wrong.push(format!("{code}: got {got:?} from\n{text}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "examples in docs/codes.md that do not give their code:\n{}",
        wrong.join("\n")
    );
}
