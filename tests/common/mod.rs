//! Helpers shared by the tests that run the built `huanjie` binary:
//! paths in the repository, scratch folders, running `huanjie check`.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_huanjie");

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The residents' committee procedure of the library.
pub fn procedure() -> PathBuf {
    root().join("procedures/residents_committee.hj")
}

/// A shipped example record.
pub fn example(name: &str) -> PathBuf {
    root().join("examples/records").join(name)
}

/// A fresh, empty directory for one test, named after `what`.
pub fn temp_dir(what: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("huanjie-{what}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
    dir
}

pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
}

pub fn copy(from: &Path, to: &Path) {
    write(
        to,
        std::fs::read(from).unwrap_or_else(|e| panic!("{from:?}: {e}")),
    );
}

/// `huanjie check ARGS… EXTRA…`, without colour or language from the
/// environment.
pub fn check(args: &[&Path], extra: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "LANG", "LC_ALL"] {
        cmd.env_remove(var);
    }
    cmd.arg("check").args(args).args(extra);
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

pub fn status(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// The JSON document on standard output.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
