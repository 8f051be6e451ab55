//! The snapshot corpora: one input file → one reviewed snapshot.
//!
//! - `tests/corpus/errors/*.hj`: each file states the codes it must produce
//!   in a header line `// expect: HJxxx …` (exactly that set, no other); the
//!   snapshot shows the source and the rendered diagnostics in Chinese and in
//!   English (no colour, width 80).
//! - `tests/corpus/timing/*.hj`: the same, for the timing analysis.
//! - `tests/corpus/valid/*.hj`: procedures that lint without errors; the
//!   snapshot shows the source and the resolved program (names resolved to
//!   what they denote, expressions fully parenthesised, types shown).

use huanjie::diag::render::{render_human, RenderOptions};
use huanjie::diag::Lang;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn expected_codes(text: &str) -> BTreeSet<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("// expect:"))
        .map(|rest| rest.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn corpus(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "hj"));
    files.sort();
    files
}

/// Every file produces exactly the codes its header names.
fn check_codes(dir: &str) {
    let files = corpus(dir);
    assert!(!files.is_empty(), "no corpus files in {dir}");
    let mut mismatches = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let name = file_name(&path);
        let (_, _, outcome) = huanjie::lint_str(&name, &text);
        let got: BTreeSet<String> = outcome
            .diagnostics
            .iter()
            .map(|d| d.code.id().to_string())
            .collect();
        let want = expected_codes(&text);
        if want.is_empty() {
            mismatches.push(format!("{name}: no `// expect:` header"));
        } else if got != want {
            mismatches.push(format!("{name}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}

fn snapshot(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (map, _, outcome) = huanjie::lint_str(&file_name(path), &text);
    let zh = render_human(&outcome.diagnostics, &map, &RenderOptions::plain(Lang::Zh));
    let en = render_human(&outcome.diagnostics, &map, &RenderOptions::plain(Lang::En));
    format!("----- SOURCE\n{text}\n----- DIAGNOSTICS (zh)\n{zh}\n----- DIAGNOSTICS (en)\n{en}")
}

#[test]
fn error_corpus_codes() {
    check_codes("errors");
}

#[test]
fn error_corpus_snapshots() {
    insta::glob!("corpus/errors/*.hj", |path| {
        insta::assert_snapshot!(snapshot(path));
    });
}

#[test]
fn timing_corpus_codes() {
    check_codes("timing");
}

#[test]
fn timing_corpus_snapshots() {
    insta::glob!("corpus/timing/*.hj", |path| {
        insta::assert_snapshot!(snapshot(path));
    });
}

#[test]
fn valid_corpus_resolves_without_errors() {
    insta::glob!("corpus/valid/*.hj", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = file_name(path);
        let (map, _, outcome) = huanjie::lint_str(&name, &text);
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let dump = outcome.program.map(|p| p.dump()).unwrap_or_default();
        let warnings = if outcome.diagnostics.is_empty() {
            String::new()
        } else {
            render_human(&outcome.diagnostics, &map, &RenderOptions::plain(Lang::En))
        };
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{text}\n----- RESOLVED\n{dump}\n----- WARNINGS\n{warnings}"
        ));
    });
}
