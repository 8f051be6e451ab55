//! The command line through the built binary: exit statuses, the JSON
//! document, languages and colour. Inputs are written to a fresh directory
//! under the system's temporary directory.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");

/// A procedure with no problem.
const CLEAN: &str = "\
procedure 测试程序 {
  stage 选民名单公布 {}
  stage 投票选举 {
    after 选民名单公布
  }
}
";

/// A procedure with a syntax error (a missing closing brace).
const BROKEN: &str = "\
procedure 测试程序 {
  stage 投票选举 {
    after
}
";

/// A fresh, empty directory for one test.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn temp_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("huanjie-cli-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
    dir
}

/// Writes `bytes` to `name` in a fresh directory and returns its path.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn write(name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = temp_dir().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path
}

/// The binary with a clean environment: no colour settings, no locale.
fn huanjie() -> Command {
    let mut cmd = Command::new(BIN);
    for var in [
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "CLICOLOR",
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[expect(clippy::panic, reason = "a test helper fails the test")]
fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn status(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `lint --format json` on `paths` and parses stdout.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn lint_json(paths: &[&Path], extra: &[&str]) -> (i32, Value) {
    let out = run(huanjie()
        .args(["lint", "--format", "json"])
        .args(extra)
        .args(paths));
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(&out)));
    assert_eq!(stderr(&out), "", "JSON mode writes nothing to stderr");
    (status(&out), doc)
}

fn codes(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// exit statuses

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["lint", "--help"],
        &["--version"],
        &["help", "lint"],
    ] {
        let out = run(huanjie().args(args));
        assert_eq!(status(&out), 0, "{args:?}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty(), "{args:?} prints to stdout");
    }
}

#[test]
fn usage_errors_exit_2() {
    let file = write("a.hj", CLEAN);
    let file = file.to_string_lossy();
    for args in [
        &[][..],
        &["lint"],
        &["lint", "--bogus", &file],
        &["--lang", "fr", "lint", &file],
        &["lint", "--format", "xml", &file],
        &["frobnicate", &file],
    ] {
        let out = run(huanjie().args(args));
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?} explains on stderr");
    }
}

#[test]
fn a_clean_procedure_exits_0() {
    let file = write("clean.hj", CLEAN);
    let out = run(huanjie().args(["lint", "--lang", "en"]).arg(&file));
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("0 errors, 0 warnings\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_missing_file_exits_2_with_hj001() {
    let missing = temp_dir().join("missing.hj");
    let (code, doc) = lint_json(&[&missing], &[]);
    assert_eq!(code, 2);
    assert_eq!(codes(&doc), ["HJ001"]);
    let out = run(huanjie().arg("lint").arg(&missing));
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("HJ001"), "{}", stderr(&out));
}

#[test]
fn a_directory_exits_2_with_hj001() {
    let (code, doc) = lint_json(&[&temp_dir()], &[]);
    assert_eq!(code, 2);
    assert_eq!(codes(&doc), ["HJ001"]);
}

#[test]
fn invalid_utf8_exits_2_with_hj002_at_the_first_bad_byte() {
    let mut bytes = "procedure 测试 {\n  stage ".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(&[0xBE, 0xD3, 0xCE, 0xAF, 0xBB, 0xE1]); // 居委会 in GBK
    bytes.extend_from_slice(b" {}\n}\n");
    let file = write("gbk.hj", bytes);
    let (code, doc) = lint_json(&[&file], &["--lang", "en"]);
    assert_eq!(code, 2);
    assert_eq!(codes(&doc), ["HJ002"]);
    let d = &doc["diagnostics"][0];
    let message = d["message"].as_str().unwrap_or("");
    assert!(message.contains(&format!("offset {offset}")), "{message}");
    assert_eq!(d["file"], file.to_string_lossy().as_ref());
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(9))
    );
    assert_eq!(d["span"]["start"], offset);

    let out = run(huanjie().arg("lint").arg(&file));
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("HJ002"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(":2:9]"),
        "the label points at the byte: {}",
        stderr(&out)
    );
}

#[test]
fn a_file_over_4_mib_exits_2_with_hj004() {
    assert_eq!(huanjie::cli::MAX_FILE_BYTES, 4 * 1024 * 1024);
    let mut text = CLEAN.as_bytes().to_vec();
    text.resize(huanjie::cli::MAX_FILE_BYTES + 1, b'\n');
    let file = write("big.hj", text);
    let (code, doc) = lint_json(&[&file], &[]);
    assert_eq!(code, 2);
    assert_eq!(codes(&doc), ["HJ004"]);
}

#[test]
fn unreadable_files_are_all_reported_and_nothing_else() {
    let good = write("good.hj", BROKEN);
    let missing = temp_dir().join("missing.hj");
    let gbk = write("gbk.hj", [b'a', 0xFF]);
    let (code, doc) = lint_json(&[&missing, &good, &gbk], &[]);
    assert_eq!(code, 2);
    assert_eq!(codes(&doc), ["HJ001", "HJ002"]);
}

#[test]
fn a_syntax_error_exits_1_with_hj010() {
    let file = write("broken.hj", BROKEN);
    let (code, doc) = lint_json(&[&file], &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&doc), ["HJ010"]);
    let out = run(huanjie().arg("lint").arg(&file));
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("HJ010"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "human reports go to stderr");
}

// ---------------------------------------------------------------------------
// the JSON document

#[test]
fn json_document_shape() {
    let file = write("broken.hj", BROKEN);
    let (_, doc) = lint_json(&[&file], &["--lang", "en"]);
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 0);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "HJ010");
    assert_eq!(d["severity"], "error");
    assert!(d["message"].is_string());
    assert_eq!(d["file"], file.to_string_lossy().as_ref());
    assert!(d["line"].as_u64().is_some_and(|l| l >= 1));
    assert!(d["column"].as_u64().is_some_and(|c| c >= 1));
    let (start, end) = (d["span"]["start"].as_u64(), d["span"]["end"].as_u64());
    assert!(start.is_some() && end >= start, "{d}");
    let labels = d["labels"].as_array().map(Vec::len).unwrap_or(0);
    assert!(labels >= 1, "{d}");
    let label = &d["labels"][0];
    for key in ["file", "line", "column", "span", "message"] {
        assert!(label.get(key).is_some(), "label has `{key}`: {label}");
    }
    assert!(d["help"].is_string() || d["help"].is_null());
    assert!(d["notes"].is_array());
}

#[test]
fn json_document_for_a_clean_file() {
    let file = write("clean.hj", CLEAN);
    let (code, doc) = lint_json(&[&file], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        doc,
        serde_json::json!({"diagnostics": [], "errors": 0, "warnings": 0})
    );
}

// ---------------------------------------------------------------------------
// languages

#[test]
fn lang_en_and_zh_give_different_messages() {
    let missing = temp_dir().join("missing.hj");
    let (_, en) = lint_json(&[&missing], &["--lang", "en"]);
    let (_, zh) = lint_json(&[&missing], &["--lang", "zh"]);
    let (en, zh) = (&en["diagnostics"][0], &zh["diagnostics"][0]);
    assert_eq!(en["code"], zh["code"]);
    assert_ne!(en["message"], zh["message"]);
    assert!(en["message"]
        .as_str()
        .is_some_and(|m| m.contains("cannot read")));
    assert!(zh["message"]
        .as_str()
        .is_some_and(|m| m.contains("无法读取")));

    let out_en = run(huanjie().args(["lint", "--lang", "en"]).arg(&missing));
    let out_zh = run(huanjie().args(["lint", "--lang", "zh"]).arg(&missing));
    assert!(stderr(&out_en).contains("error[HJ001]"));
    assert!(stderr(&out_en).ends_with("1 error, 0 warnings\n"));
    assert!(stderr(&out_zh).contains("错误[HJ001]"));
    assert!(stderr(&out_zh).ends_with("1 个错误，0 个警告\n"));
}

#[test]
fn the_default_language_comes_from_lang() {
    let missing = temp_dir().join("missing.hj");
    let message = |lang: Option<&str>, args: &[&str]| {
        let mut cmd = huanjie();
        if let Some(lang) = lang {
            cmd.env("LANG", lang);
        }
        let out = run(cmd
            .args(["lint", "--format", "json"])
            .args(args)
            .arg(&missing));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        doc["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(message(Some("en_US.UTF-8"), &[]).contains("cannot read"));
    assert!(message(Some("zh_CN.UTF-8"), &[]).contains("无法读取"));
    assert!(message(Some("C"), &[]).contains("无法读取"));
    assert!(message(None, &[]).contains("无法读取"));
    assert!(message(Some("en_US.UTF-8"), &["--lang", "zh"]).contains("无法读取"));
}

// ---------------------------------------------------------------------------
// colour

#[test]
fn colour_is_forced_by_clicolor_force_and_refused_by_no_color() {
    let file = write("broken.hj", BROKEN);
    let has_escape = |out: &Output| out.stderr.contains(&0x1b);

    // Through a pipe, no colour by default.
    let out = run(huanjie().arg("lint").arg(&file));
    assert!(!has_escape(&out), "{}", stderr(&out));
    // CLICOLOR_FORCE turns it on, so the two refusals below are meaningful.
    let out = run(huanjie().env("CLICOLOR_FORCE", "1").arg("lint").arg(&file));
    assert!(has_escape(&out), "{}", stderr(&out));

    let out = run(huanjie()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("lint")
        .arg(&file));
    assert_eq!(status(&out), 1);
    assert!(!has_escape(&out), "NO_COLOR: {}", stderr(&out));

    let out = run(huanjie()
        .env("CLICOLOR_FORCE", "1")
        .args(["lint", "--no-color"])
        .arg(&file));
    assert_eq!(status(&out), 1);
    assert!(!has_escape(&out), "--no-color: {}", stderr(&out));

    // clap's own messages obey the same rules.
    let out = run(huanjie()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["lint", "--bogus"]));
    assert_eq!(status(&out), 2);
    assert!(!has_escape(&out), "{}", stderr(&out));
}

#[test]
fn json_is_never_coloured() {
    let file = write("broken.hj", BROKEN);
    let out = run(huanjie()
        .env("CLICOLOR_FORCE", "1")
        .args(["lint", "--format", "json"])
        .arg(&file));
    assert!(!out.stdout.contains(&0x1b));
}
