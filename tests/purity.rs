//! The core is pure (docs/design/workspace.md): only the front ends — the
//! CLI (`src/cli/`) and the language server's one loader
//! (`src/lsp/workspace.rs`) — touch the file system, the environment, the
//! network or other processes. A browser build (WASM) takes the rest as it
//! is, so a new `std::fs` in the core fails here rather than there.

#![allow(clippy::expect_used, reason = "a test fails by panicking")]

use std::path::{Path, PathBuf};

/// What only a front end may use.
const IMPURE: &[&str] = &[
    "std::fs",
    "File::open",
    "File::create",
    "std::env",
    "std::net",
    "std::process",
];

/// The front ends, relative to `src/`.
fn front_end(rel: &Path) -> bool {
    rel.starts_with("cli") || rel == Path::new("lsp/workspace.rs") || rel == Path::new("main.rs")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_front_ends_touch_the_outside_world() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 100, "{} files", files.len());
    let mut offenders = Vec::new();
    for path in files {
        let rel = path.strip_prefix(&src).expect("under src").to_path_buf();
        if front_end(&rel) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("utf-8 source");
        for word in IMPURE {
            if text.contains(word) {
                offenders.push(format!("src/{}: {word}", rel.display()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the core must stay pure:\n{}",
        offenders.join("\n")
    );
}
