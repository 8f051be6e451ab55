//! `huanjie check` through the built binary: exit statuses, the JSON
//! document of the contract, directories, unreadable records and
//! procedures, and the order of a parallel batch.
#![allow(clippy::panic, reason = "a test fails by panicking")]

#[allow(dead_code)]
mod common;

use common::{check, copy, example, json, procedure, root, status, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    root()
        .join("procedures/tests/residents_committee")
        .join(name)
}

fn temp_dir() -> PathBuf {
    common::temp_dir("check")
}

#[test]
fn a_conforming_record_exits_0() {
    let out = check(
        &[&procedure(), &example("xinhe_conforming.toml")],
        &["--lang", "en"],
    );
    assert_eq!(status(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    // The report is on stdout; nothing is wrong with the command.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    // In time under one reading of "N 日前" only: two contested-reading warnings.
    assert!(
        report.contains(
            "xinhe_conforming.toml (新河街道 新河社区): conforming, 2 warnings (61 checked; 5 to check by hand)\n"
        ),
        "{report}"
    );
    assert!(report.contains("1 record checked: 1 conforming, 0 with violations, 0 invalid"));
}

#[test]
fn violations_exit_1_with_the_contract_document() {
    let out = check(
        &[&procedure(), &example("xinhe_violations.toml")],
        &["--format", "json", "--lang", "en"],
    );
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    assert_eq!(doc["procedure"], "居委会换届选举");
    let record = &doc["records"][0];
    assert_eq!(record["verdict"], "violations");
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut top = keys(&doc);
    top.sort();
    assert_eq!(
        top,
        ["procedure", "records", "skipped", "summary", "version"]
    );
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
    let mut rec = keys(record);
    rec.sort();
    assert_eq!(
        rec,
        [
            "coverage",
            "findings",
            "path",
            "procedure",
            "unit",
            "verdict"
        ]
    );
    let mut cov = keys(&record["coverage"]);
    cov.sort();
    assert_eq!(cov, ["counts", "items"]);
    let quorum = record["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["kind"] == "quorum"))
        .cloned()
        .unwrap_or(Value::Null);
    let mut fields = keys(&quorum);
    fields.sort();
    assert_eq!(
        fields,
        [
            "actual",
            "basis",
            "code",
            "expected",
            "kind",
            "message",
            "record_location",
            "rule_location",
            "severity",
            "stage"
        ]
    );
    assert_eq!(quorum["code"], "HJ306");
    assert_eq!(quorum["stage"], "候选人提名");
    assert_eq!(
        quorum["expected"],
        "more than half of 2000, i.e. at least 1001"
    );
    assert_eq!(quorum["actual"], "1000");
    assert_eq!(quorum["record_location"]["line"], 46);
    assert_eq!(quorum["rule_location"]["line"], 60);
    assert!(quorum["basis"]
        .as_str()
        .is_some_and(|b| b.contains("过半数的选民")));
}

#[test]
fn directories_are_searched_and_reported_in_path_order() {
    let dir = temp_dir();
    copy(&example("xinhe_conforming.toml"), &dir.join("b/2.toml"));
    copy(&corpus("quorum.toml"), &dir.join("a/1.toml"));
    copy(&corpus("conforming.toml"), &dir.join("a/z/3.toml"));
    write(&dir.join("a/notes.txt"), "not a record");
    let out = check(&[&procedure(), &dir], &["--format", "json"]);
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    let paths: Vec<String> = doc["records"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["path"].as_str())
                .map(|p| p.replace('\\', "/"))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("a/1.toml"), "{paths:?}");
    assert!(paths[1].ends_with("a/z/3.toml"), "{paths:?}");
    assert!(paths[2].ends_with("b/2.toml"), "{paths:?}");
    let verdicts: Vec<&str> = doc["records"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["verdict"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(verdicts, ["violations", "conforming", "conforming"]);
}

#[test]
fn an_unreadable_record_is_invalid_and_exits_2() {
    let dir = temp_dir();
    write(
        &dir.join("broken.toml"),
        "procedure = \"居委会换届选举\"\n[stages.投票选举\n",
    );
    write(&dir.join("gbk.toml"), [0xB2u8, 0xE2, b'\n']);
    copy(&corpus("quorum.toml"), &dir.join("quorum.toml"));
    let out = check(&[&procedure(), &dir], &["--format", "json", "--lang", "en"]);
    assert_eq!(status(&out), 2, "invalid wins over violations");
    let doc = json(&out);
    let records = doc["records"].as_array().cloned().unwrap_or_default();
    assert_eq!(records.len(), 3);
    for r in &records[..2] {
        assert_eq!(r["verdict"], "invalid", "{r}");
        let findings = r["findings"].as_array().cloned().unwrap_or_default();
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f["kind"] == "data"), "{r}");
        assert!(findings.iter().all(|f| f["rule_location"].is_null()));
    }
    assert_eq!(records[2]["verdict"], "violations");
    let missing = check(&[&procedure(), &dir.join("nope.toml")], &[]);
    assert_eq!(status(&missing), 2);
}

#[test]
fn a_procedure_with_errors_exits_2() {
    let dir = temp_dir();
    let bad = dir.join("bad.hj");
    write(&bad, "程序 甲 {\n  阶段 乙 {\n    在 丙 之后\n  }\n}\n");
    let out = check(
        &[&bad, &example("xinhe_conforming.toml")],
        &["--lang", "en"],
    );
    assert_eq!(status(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("records cannot be checked"), "{err}");
    let out = check(
        &[&procedure(), &example("xinhe_conforming.toml")],
        &["--procedure", "村委会换届选举"],
    );
    assert_eq!(status(&out), 2);
}

#[test]
fn a_record_for_another_procedure_is_one_finding() {
    let out = check(
        &[&procedure(), &corpus("wrong_procedure.toml")],
        &["--format", "json"],
    );
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    let findings = doc["records"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["code"], "HJ311");
}

#[test]
fn a_holiday_calendar_can_replace_the_builtin_one() {
    let dir = temp_dir();
    let cal = dir.join("cal.toml");
    write(&cal, "this is not a calendar");
    let out = check(
        &[&procedure(), &example("xinhe_conforming.toml")],
        &["--holidays", cal.to_str().unwrap_or("")],
    );
    assert_eq!(status(&out), 2);
    let calendar = root().join("data/holidays/cn.toml");
    let out = check(
        &[&procedure(), &example("xinhe_conforming.toml")],
        &["--holidays", calendar.to_str().unwrap_or("")],
    );
    assert_eq!(status(&out), 0);
}

#[test]
fn a_big_batch_keeps_its_order() {
    let dir = temp_dir();
    let ok = std::fs::read(corpus("conforming.toml")).unwrap_or_default();
    let bad = std::fs::read(corpus("deadline.toml")).unwrap_or_default();
    for i in 0..300 {
        let body = if i % 7 == 3 { &bad } else { &ok };
        write(&dir.join(format!("r{i:04}.toml")), body);
    }
    let out = check(&[&procedure(), &dir], &["--format", "json"]);
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    let records = doc["records"].as_array().cloned().unwrap_or_default();
    assert_eq!(records.len(), 300);
    for (i, r) in records.iter().enumerate() {
        let path = r["path"].as_str().unwrap_or("");
        assert!(path.ends_with(&format!("r{i:04}.toml")), "{path}");
        let want = if i % 7 == 3 {
            "violations"
        } else {
            "conforming"
        };
        assert_eq!(r["verdict"], want, "{path}");
    }
}

#[test]
fn json_records_are_checked_too() {
    let dir = temp_dir();
    let record = dir.join("empty.json");
    write(
        &record,
        "{\"procedure\": \"居委会换届选举\", \"facts\": {\"登记选民\": 2000}}",
    );
    let out = check(&[&procedure(), &record], &["--format", "json"]);
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    let findings = doc["records"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(findings
        .iter()
        .all(|f| f["kind"] == "missing_stage" || f["kind"] == "data"));
    assert!(findings.iter().any(|f| f["stage"] == "投票选举"));
}

#[test]
fn a_composite_procedure_is_checked_with_the_files_it_includes() {
    let composite = root().join("procedures/two_committees.hj");
    let party = root().join("procedures/party_two_recommend.hj");
    let rules = root().join("procedures/party_branch.hj");
    let out = check(
        &[
            &composite,
            &procedure(),
            &party,
            &rules,
            &example("xinhe_conforming.toml"),
        ],
        &["--lang", "en", "--format", "json"],
    );
    // The procedures resolve together; the record names the residents'
    // committee election, which is loaded (included by the composite): it
    // is checked against it, and conforms.
    assert_eq!(status(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["procedure"], "社区两委换届");
    assert_eq!(doc["records"][0]["procedure"], "居委会换届选举");
    assert_eq!(doc["records"][0]["verdict"], "conforming");
    // Forced to the composite, it is a record of another procedure: one
    // HJ311 finding.
    let out = check(
        &[
            &composite,
            &procedure(),
            &party,
            &rules,
            &example("xinhe_conforming.toml"),
        ],
        &["--format", "json", "--procedure", "社区两委换届"],
    );
    assert_eq!(status(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["records"][0]["procedure"], "社区两委换届");
    assert_eq!(doc["records"][0]["findings"][0]["code"], "HJ311");
    assert_eq!(
        doc["records"][0]["findings"].as_array().map(Vec::len),
        Some(1)
    );
}

/// The renewal of both committees: the files to give before `--plan`.
fn two_committees(plan: &str) -> Vec<PathBuf> {
    [
        "procedures/two_committees.hj",
        "procedures/residents_committee.hj",
        "procedures/party_two_recommend.hj",
        "procedures/party_branch.hj",
        plan,
    ]
    .iter()
    .map(|p| root().join(p))
    .collect()
}

/// The seed plan with its two date slips corrected.
const FIXED_PLAN: &str = "procedures/tests/two_committees_plan/plan.hj";

fn plan_case(name: &str) -> PathBuf {
    root()
        .join("procedures/tests/two_committees_plan")
        .join(name)
}

fn with(files: &[PathBuf], record: &Path) -> Vec<PathBuf> {
    files
        .iter()
        .cloned()
        .chain([record.to_path_buf()])
        .collect()
}

fn refs(paths: &[PathBuf]) -> Vec<&Path> {
    paths.iter().map(PathBuf::as_path).collect()
}

#[test]
fn a_plan_is_held_against_the_records() {
    let files = two_committees(FIXED_PLAN);
    let plan = ["--plan", "新河街道2020两委", "--lang", "en"];
    let ok = with(&files, &plan_case("conforming.toml"));
    let out = check(&refs(&ok), &plan);
    assert_eq!(status(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    // The plan's window is checked only with `--plan`.
    let late = with(&files, &plan_case("x5_after_window.toml"));
    assert_eq!(status(&check(&refs(&late), &["--lang", "en"])), 0);
    let out = check(&refs(&late), &[&plan[..], &["--format", "json"]].concat());
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    assert_eq!(doc["procedure"], "社区两委换届");
    // Besides the contested-reading warnings of the residents' committee
    // (its lists are in time under one reading of "N 日前" only), one error.
    let findings: Vec<Value> = doc["records"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["code"], "HJ305");
    assert_eq!(f["kind"], "deadline");
    assert_eq!(f["stage"], "居委会.推选居民协商议事会");
    assert_eq!(f["expected"], "between 2020-12-04 and 2021-02-04");
    assert_eq!(f["actual"], "2021-02-06");
    let rule_file = f["rule_location"]["file"].as_str().unwrap_or("");
    assert!(rule_file.replace('\\', "/").ends_with(FIXED_PLAN), "{f}");
    assert_eq!(f["rule_location"]["line"], 15);
    assert!(f["basis"]
        .as_str()
        .is_some_and(|b| b.ends_with("2020年12月4日—2021年2月4日。")));
}

#[test]
fn the_plan_chooses_the_procedure() {
    // The first file is the residents' committee's; the plan is for the
    // composite, which is checked.
    let mut files = two_committees(FIXED_PLAN);
    files.swap(0, 1);
    let ok = with(&files, &plan_case("conforming.toml"));
    let out = check(
        &refs(&ok),
        &["--plan", "新河街道2020两委", "--format", "json"],
    );
    assert_eq!(status(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out)["procedure"], "社区两委换届");
}

#[test]
fn an_unknown_plan_or_a_plan_for_another_procedure_exits_2() {
    let ok = with(&two_committees(FIXED_PLAN), &plan_case("conforming.toml"));
    let out = check(&refs(&ok), &["--plan", "新河街道2020两", "--lang", "en"]);
    assert_eq!(status(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the files define no plan `新河街道2020两`"),
        "{err}"
    );
    assert!(err.contains("新河街道2020两委"), "did you mean: {err}");
    let out = check(
        &refs(&ok),
        &[
            "--plan",
            "新河街道2020两委",
            "--procedure",
            "居委会换届选举",
            "--lang",
            "en",
        ],
    );
    assert_eq!(status(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "the plan `新河街道2020两委` is for the procedure `社区两委换届`, not `居委会换届选举`"
        ),
        "{err}"
    );
}

#[test]
fn a_plan_with_lint_errors_exits_2() {
    // The seed plan as published: its two date slips (HJ501, HJ502) are
    // errors, and records cannot be checked against it.
    let files = two_committees("procedures/plans/xinhe_2020.hj");
    let ok = with(&files, &plan_case("conforming.toml"));
    let out = check(&refs(&ok), &["--plan", "新河街道2020两委", "--lang", "en"]);
    assert_eq!(status(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("HJ501") && err.contains("HJ502"), "{err}");
    assert!(err.contains("records cannot be checked"), "{err}");
}

#[test]
fn param_sets_a_parameter_below_the_records_own() {
    let proc = procedure();
    // Each proxy holder in the conforming record holds one proxy: a limit of
    // 0 (nobody may hold a proxy) breaks the rule.
    let conforming = corpus("conforming.toml");
    let out = check(
        &[&proc, &conforming],
        &["--param", "委托上限=0", "--format", "json"],
    );
    assert_eq!(status(&out), 1);
    let doc = json(&out);
    let findings = doc["records"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let tags: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{}@{}",
                f["kind"].as_str().unwrap_or("?"),
                f["stage"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(tags, ["rule@委托投票名单公布"]);
    // The record's own `[params]` (委托上限 = 3) still wins over the command line.
    let local = corpus("rule_proxies_local.toml");
    let out = check(&[&proc, &local], &["--param", "委托上限=10"]);
    assert_eq!(status(&out), 1);
    // A wrong parameter is a usage error.
    let out = check(&[&proc, &conforming], &["--param", "委托上限=五人"]);
    assert_eq!(status(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("HJ201"));
}
