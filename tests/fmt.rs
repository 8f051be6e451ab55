//! `huanjie fmt` on every `.hj` file of the repository (procedures/,
//! examples/, tests/): the layout is a fixed point (fmt∘fmt = fmt), the
//! resolved program is the same before and after (its stable dump, or the
//! same diagnostic codes for a file that does not resolve), a file that does
//! not parse is refused, and the library is already in the canonical layout.
//! The command: `--check` writes nothing and exits 1, a rewrite is atomic,
//! a broken file is never touched.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use huanjie::fmt::format_text;
use huanjie::span::{FileId, SourceMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hj_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            hj_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "hj") {
            out.push(p);
        }
    }
}

fn corpus() -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut files = Vec::new();
    for d in ["procedures", "examples", "tests"] {
        hj_files(&root().join(d), &mut files);
    }
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        by_dir.entry(dir).or_default().push(f);
    }
    by_dir
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The resolved program of `files` (name, text) as its stable dump, or the
/// sorted codes of its errors.
fn resolved(files: &[(String, String)]) -> Result<String, Vec<&'static str>> {
    let mut map = SourceMap::new();
    for (name, text) in files {
        map.add(name.clone(), text.clone());
    }
    let outcome = huanjie::lint(&map);
    let mut errors: Vec<&'static str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.id())
        .collect();
    errors.sort_unstable();
    match outcome.program {
        Some(p) if errors.is_empty() => Ok(p.dump()),
        _ => Err(errors),
    }
}

#[test]
fn fmt_is_idempotent_and_keeps_the_resolved_program() {
    let mut formatted_files = 0;
    let mut refused = 0;
    for (dir, files) in corpus() {
        let mut before = Vec::new();
        let mut after = Vec::new();
        for f in &files {
            let name = f.display().to_string();
            let text = read(f);
            let parses = huanjie::syntax::parse_text(FileId(0), &text).file.is_some();
            let out = match format_text(FileId(0), &text) {
                Ok(out) => out,
                Err(d) => {
                    assert!(!parses, "{name}: parses but fmt refused it: {d:#?}");
                    refused += 1;
                    after.push((name.clone(), text.clone()));
                    before.push((name, text));
                    continue;
                }
            };
            assert!(parses, "{name}: fmt accepted a file that does not parse");
            formatted_files += 1;
            let again = format_text(FileId(0), &out).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
            assert_eq!(again, out, "{name}: fmt∘fmt ≠ fmt");
            before.push((name.clone(), text));
            after.push((name, out));
        }
        // The folder's files together, as lint takes them; a folder that
        // does not resolve together (fixtures of one error each), file by file.
        let together = resolved(&before);
        if together.is_ok() {
            assert_eq!(resolved(&after), together, "{}", dir.display());
        } else {
            for (b, a) in before.iter().zip(&after) {
                let one = resolved(std::slice::from_ref(b));
                assert_eq!(resolved(std::slice::from_ref(a)), one, "{}", b.0);
            }
        }
    }
    assert!(formatted_files > 80, "{formatted_files}");
    assert!(refused > 5, "{refused}");
}

#[test]
fn the_library_is_in_the_canonical_layout() {
    let out = Command::new(BIN)
        .args(["fmt", "--check", "procedures/"])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-fmt-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn check_lists_and_writes_nothing_and_a_rewrite_leaves_broken_files_alone() {
    let dir = temp_dir("cli");
    let messy = "程序 甲{依据文件 方案 \"方案\"\n阶段 乙 {}}\n";
    let broken = "程序 乙 {\n  阶段 丙 {\n";
    std::fs::write(dir.join("a.hj"), messy).unwrap_or_else(|e| panic!("{e}"));
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(sub.join("b.hj"), broken).unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .arg(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let check = run(&["--lang", "en", "fmt", "--check"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    // The broken file: exit 2 with its syntax diagnostic; a.hj listed with a diff.
    assert_eq!(check.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("would be reformatted") && stdout.contains("a.hj"),
        "{stdout}"
    );
    assert!(stdout.contains("+  阶段 乙 {}"), "{stdout}");
    assert!(String::from_utf8_lossy(&check.stderr).contains("HJ0"));
    assert_eq!(read(&dir.join("a.hj")), messy);
    let write = run(&["fmt"]);
    assert_eq!(write.status.code(), Some(2));
    assert_eq!(
        read(&dir.join("a.hj")),
        "程序 甲 {\n  依据文件 方案 \"方案\"\n  阶段 乙 {}\n}\n"
    );
    assert_eq!(read(&sub.join("b.hj")), broken);
    std::fs::remove_file(sub.join("b.hj")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".fmt-")), "{names:?}");
    let clean = run(&["fmt", "--check"]);
    assert_eq!(clean.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
