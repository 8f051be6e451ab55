//! `huanjie explain`: reviewed snapshots of the whole explanation of the
//! residents' committee procedure (Chinese, English, with an anchor date,
//! JSON), one snapshot per procedure of `procedures/` that lints clean on
//! its own (a glob, so that new procedures get one), and the command through
//! the built binary (stage selection, exit statuses).

use huanjie::diag::Lang;
use huanjie::explain::{explain, render_human, render_json, Explanation};
use huanjie::schedule::{compile_for, schedule, Anchor};
use huanjie::span::SourceMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");

fn procedures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("procedures")
}

/// The explanation of the only procedure of `path`, with `anchors`, loaded
/// with the other files of `procedures/` (the procedures a composite
/// includes, the rule sets the party procedures apply); `None` when they do
/// not lint clean.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn explanation(path: &Path, anchors: &[(&str, &str)]) -> Option<Explanation> {
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut map = SourceMap::new();
    let own = map.add(name(path), read(path));
    let mut others: Vec<PathBuf> = std::fs::read_dir(procedures())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "hj") && name(p) != name(path))
        .collect();
    others.sort();
    for p in &others {
        map.add(name(p), read(p));
    }
    let outcome = huanjie::lint(&map);
    if outcome.diagnostics.iter().any(|d| d.is_error()) {
        return None;
    }
    let program = outcome.program?;
    let proc = program.procedures.iter().find(|p| p.file == own)?;
    let anchors: Vec<Anchor> = anchors
        .iter()
        .map(|(n, d)| Anchor::parse(&format!("{n}={d}")).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let windows = if anchors.is_empty() {
        None
    } else {
        let ir = compile_for(proc, None);
        Some(schedule(proc, &ir, &anchors, None).unwrap_or_else(|d| panic!("{d:#?}")))
    };
    Some(explain(proc, windows.as_ref()))
}

#[expect(clippy::panic, reason = "a test helper fails the test")]
fn residents(anchors: &[(&str, &str)]) -> Explanation {
    let path = procedures().join("residents_committee.hj");
    explanation(&path, anchors).unwrap_or_else(|| panic!("{path:?} does not lint clean"))
}

#[test]
fn residents_committee_zh() {
    insta::assert_snapshot!(render_human(&residents(&[]), Lang::Zh));
}

#[test]
fn residents_committee_en() {
    insta::assert_snapshot!(render_human(&residents(&[]), Lang::En));
}

#[test]
fn residents_committee_json() {
    insta::assert_json_snapshot!(render_json(
        &residents(&[("投票选举", "2021-01-28")]),
        Lang::En
    ));
}

/// Seed 004: with the election on 2021-01-28 the voter list is published
/// by 2021-01-08 (reading A).
#[test]
fn residents_committee_anchored() {
    let e = residents(&[("投票选举", "2021-01-28")]);
    let list = e.stages.iter().find(|s| s.name == "选民名单公布");
    let latest = list
        .and_then(|s| s.window.as_ref())
        .and_then(|w| w.end.latest)
        .map(|d| d.to_string());
    assert_eq!(latest.as_deref(), Some("2021-01-08"));
    let one = e.select("选民名单公布").map(|x| render_human(&x, Lang::Zh));
    assert!(
        one.as_ref().is_ok_and(|t| t.contains("最晚 2021-01-08")),
        "{one:?}"
    );
    insta::assert_snapshot!(render_human(&e, Lang::Zh));
}

/// Every procedure of `procedures/`, the composite included.
#[test]
#[expect(clippy::panic, reason = "a test fails by panicking")]
fn procedures_zh() {
    insta::glob!("../procedures", "*.hj", |path| {
        let e = explanation(path, &[])
            .unwrap_or_else(|| panic!("{path:?} does not lint clean with procedures/"));
        insta::assert_snapshot!(render_human(&e, Lang::Zh));
    });
}

fn run(args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "LANG", "LC_ALL"] {
        cmd.env_remove(var);
    }
    match cmd.args(args).output() {
        Ok(out) => out,
        Err(e) => unreachable!("cannot run {BIN}: {e}"),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn residents_path() -> String {
    procedures()
        .join("residents_committee.hj")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn one_stage_through_the_binary() {
    let file = residents_path();
    let out = run(&[
        "explain",
        &file,
        "选民名单公布",
        "--anchor",
        "投票选举=2021-01-28",
        "--lang",
        "zh",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("### 3. 选民名单公布"), "{stdout}");
    // The reading of "N 日前" is open: the safe date, valid under both.
    assert!(stdout.contains("最晚 2021-01-07"), "{stdout}");
    assert!(!stdout.contains("### 4."), "{stdout}");
    let fixed = run(&[
        "explain",
        &file,
        "选民名单公布",
        "--anchor",
        "投票选举=2021-01-28",
        "--param",
        "日前计法=相减",
        "--lang",
        "zh",
    ]);
    assert!(text(&fixed.stdout).contains("最晚 2021-01-08"));
}

#[test]
fn json_through_the_binary() {
    let file = residents_path();
    let out = run(&[
        "explain",
        &file,
        "投票选举",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["stages"][0]["name"], "投票选举");
    assert_eq!(doc["stages"][0]["rules"][0]["kind"], "quorum");
    let example = doc["stages"][0]["rules"][0]["examples"][0].as_str();
    assert!(example.is_some_and(|e| e.contains("1001")), "{doc}");
}

#[test]
fn an_unknown_stage_exits_1_with_a_suggestion() {
    let file = residents_path();
    let out = run(&["explain", &file, "选民名单公", "--lang", "zh", "--no-color"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("HJ104"), "{stderr}");
    assert!(stderr.contains("选民名单公布"), "{stderr}");
}

#[test]
fn bad_input_exits_2_and_errors_exit_1() {
    let file = residents_path();
    let missing = run(&["explain", "/nonexistent/p.hj"]);
    assert_eq!(missing.status.code(), Some(2));
    let bad_date = run(&["explain", &file, "--anchor", "投票选举=2021-02-30"]);
    assert_eq!(bad_date.status.code(), Some(2));
    let unknown_anchor = run(&["explain", &file, "--anchor", "投票日=2021-01-28"]);
    assert_eq!(unknown_anchor.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("huanjie-explain-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let broken = dir.join("broken.hj");
    assert!(std::fs::write(&broken, "程序 p { 阶段 s { 在 无此阶段 之后 } }").is_ok());
    let out = run(&["explain", &broken.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("HJ104"), "{}", text(&out.stderr));
}

/// A procedure that includes procedures of other files is explained with
/// those files; its stages are named `NS.NAME`.
#[test]
fn a_composed_procedure_through_the_binary() {
    let dir = procedures();
    let file = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let (a, b, c, d) = (
        file("residents_committee.hj"),
        file("party_two_recommend.hj"),
        file("two_committees.hj"),
        file("party_branch.hj"),
    );
    let out = run(&[
        "explain",
        &c,
        &a,
        &b,
        &d,
        "居委会.投票选举",
        "--procedure",
        "社区两委换届",
        "--lang",
        "zh",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(". 居委会.投票选举"), "{stdout}");
    assert!(stdout.contains("至少须 1001 人"), "{stdout}");
    let two_stages = run(&["explain", &a, "投票选举", "选民名单公布"]);
    assert_eq!(two_stages.status.code(), Some(2));
}

#[test]
fn a_parameter_set_on_the_command_line_is_explained_as_set() {
    let file = procedures()
        .join("party_branch.hj")
        .to_string_lossy()
        .into_owned();
    let explain = |extra: &[&str]| {
        let mut args = vec!["explain", &file, "差额选举委员", "--lang", "zh"];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let default = explain(&[]);
    assert!(
        default.contains("“实到会”必须不少于“应到会”的“到会比例”"),
        "{default}"
    );
    // The quorum's strictness is contested: the default reading is named so.
    assert!(
        default.contains("本条所用参数的读法有争议（见“有争议的读法”），这里按默认读法理解"),
        "{default}"
    );
    // The 1990 reading: more than four fifths.
    let strict = explain(&["--param", "到会须超过比例=是"]);
    assert!(
        strict.contains("“实到会”必须超过“应到会”的“到会比例”"),
        "{strict}"
    );
    assert!(
        strict.contains("本条按参数的设定值理解：“到会须超过比例”为“是”"),
        "{strict}"
    );
    let out = run(&[
        "explain",
        &file,
        "--lang",
        "zh",
        "--param",
        "到会须超过比例=是",
    ]);
    let whole = text(&out.stdout);
    assert!(
        whole.contains("“到会须超过比例”（是或否）：设为 是"),
        "{whole}"
    );
    assert!(
        whole.contains("“到会比例”（比例）：默认为 五分之四，即 80%"),
        "{whole}"
    );
    // A wrong value is a usage error.
    let out = run(&["explain", &file, "--param", "到会比例=八成"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("HJ201"), "{}", text(&out.stderr));
}

/// A command-line value that makes the procedure's deadlines contradict each
/// other is a usage error (HJ401, exit 2), as lint reports it for a plan.
#[test]
fn a_parameter_that_contradicts_the_deadlines_is_refused() {
    let dir = std::env::temp_dir().join(format!("huanjie-explain-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("contradiction.hj");
    let source = "程序 甲 {\n  参数 期: 天数 = 10\n  阶段 a {}\n  阶段 b { 在 a 之后\n 在 c 的 5 日前 }\n  阶段 c { 自 a 之日起 期 日内 }\n}\n";
    std::fs::write(&file, source).unwrap_or_else(|e| unreachable!("{e}"));
    let file = file.to_string_lossy().into_owned();
    let ok = run(&["explain", &file]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let out = run(&["explain", &file, "--param", "期=3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("HJ401"), "{}", text(&out.stderr));
}
