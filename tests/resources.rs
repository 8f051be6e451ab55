//! Resource tests: every reproducer of the robustness audit (issue 14) runs
//! the `huanjie` binary under a time bound (the child is killed when it
//! runs over) and a memory bound (`ulimit -v`), and asserts the diagnostic
//! or the correct result, not only that nothing crashed.
//!
//! The bounds hold for a debug build. Where the full-size reproducer needs
//! a release build to be fast, the test runs a scaled one and says so.
#![allow(
    clippy::panic,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
/// Virtual memory a run may reserve, in KiB.
const MEMORY_KIB: u64 = 1024 * 1024;
const PROC: &str = "procedures/residents_committee.hj";

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-resources-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(text.as_bytes()).expect("write");
    path
}

/// Runs `huanjie ARGS` with its memory bounded; kills it after `limit`.
fn run(args: &[&str], limit: Duration) -> (Output, Duration) {
    let script = format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\"");
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn huanjie");
    // Read the pipes on threads so that a large output cannot block the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("huanjie {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let stdout = out.join().expect("stdout thread").expect("read stdout");
    let stderr = err.join().expect("stderr thread").expect("read stderr");
    (
        Output {
            status,
            stdout,
            stderr,
        },
        elapsed,
    )
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// `n` procedures, each including the next `times` times.
fn include_chain(n: usize, times: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("procedure P{i} {{ "));
        for k in 0..times {
            s.push_str(&format!("include P{} as a{k}  ", i + 1));
        }
        s.push_str(&format!("stage s{i} {{}} }}\n"));
    }
    s.push_str(&format!("procedure P{n} {{ stage z {{}} }}\n"));
    s
}

// -- 1. includes --------------------------------------------------------

#[test]
fn exponential_includes_are_one_diagnostic() {
    // include-diamond-oom.hj: 25 procedures, each including the next twice.
    let dir = scratch("diamond");
    let file = write(&dir, "diamond.hj", &include_chain(25, 2));
    let file = file.to_str().expect("path");
    for cmd in ["lint", "graph", "explain"] {
        let (o, _) = run(&[cmd, file], secs(2));
        let said = text(&o);
        assert_eq!(said.matches("HJ119").count(), 1, "{cmd}: {said}");
        assert!(!o.status.success(), "{cmd}");
    }
    let (o, _) = run(&["schedule", file, "--anchor", "s0=2021-01-01"], secs(2));
    assert!(text(&o).contains("HJ119"), "{}", text(&o));
}

#[test]
fn a_long_include_chain_is_one_diagnostic() {
    // include-chain.hj: 2000 procedures, each including the next once.
    let dir = scratch("chain");
    let file = write(&dir, "chain.hj", &include_chain(2000, 1));
    let (o, _) = run(&["lint", file.to_str().expect("path")], secs(2));
    let said = text(&o);
    assert_eq!(said.matches("HJ119").count(), 1, "{said}");
    assert!(said.contains("P1992"), "{said}");
}
