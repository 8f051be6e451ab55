//! Where `huanjie check` writes and in which formats: the report on stdout
//! (or `-o FILE`), each record's verdict line before its findings,
//! `--quiet`, SARIF and JUnit for CI, problems with the command on stderr,
//! exit statuses unchanged.
#![allow(clippy::panic, reason = "a test fails by panicking")]

#[allow(dead_code)]
mod common;

use common::{check, example, json, procedure, status, temp_dir, write, BIN};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn both() -> Vec<PathBuf> {
    vec![
        procedure(),
        example("xinhe_conforming.toml"),
        example("xinhe_violations.toml"),
    ]
}

fn refs(v: &[PathBuf]) -> Vec<&std::path::Path> {
    v.iter().map(PathBuf::as_path).collect()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_report_is_on_stdout_each_verdict_before_its_findings() {
    let files = both();
    let out = check(&refs(&files), &["--lang", "en"]);
    assert_eq!(status(&out), 1);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = stdout(&out);
    let at = |s: &str| {
        report
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} not in\n{report}"))
    };
    let conforming = at("xinhe_conforming.toml (新河街道 新河社区): conforming, 2 warnings");
    let violations = at("xinhe_violations.toml (新河街道 新河社区): 8 violations, 1 warning");
    let first_error = at("error[HJ301]");
    let first_warning = at("warning[HJ310]");
    let summary = at("2 records checked: 1 conforming, 1 with violations, 0 invalid");
    // The report starts with the first record's verdict; each record's
    // findings follow its verdict line; the summary closes.
    assert!(!report[..conforming].contains('\n'), "{report}");
    assert!(
        conforming < first_warning && first_warning < violations,
        "{report}"
    );
    assert!(
        violations < first_error && first_error < summary,
        "{report}"
    );
    assert!(report.ends_with(&format!("{}\n", &report[summary..].trim_end())));

    // -o FILE: the same bytes, nothing on stdout.
    let dir = temp_dir("check-output");
    let file = dir.join("报告.txt");
    let mut args = vec!["--lang", "en", "-o"];
    let file_arg = file.to_str().unwrap_or_default();
    args.push(file_arg);
    let to_file = check(&refs(&files), &args);
    assert_eq!(status(&to_file), 1);
    assert!(to_file.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), report);

    // --quiet: the summary only.
    let quiet = check(&refs(&files), &["--lang", "en", "--quiet"]);
    assert_eq!(status(&quiet), 1);
    assert_eq!(
        stdout(&quiet),
        "2 records checked: 1 conforming, 1 with violations, 0 invalid; \
         `居委会换届选举`: 2 (1 conforming, 1 with violations)\n"
    );
}

#[test]
fn the_command_s_own_problems_are_on_stderr() {
    let dir = temp_dir("check-output-bad");
    let missing = dir.join("missing.toml");
    let out = check(&[&procedure(), &missing], &["--lang", "en"]);
    assert_eq!(status(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read the record") && err.contains("no such file"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("missing.toml: invalid"),
        "{}",
        stdout(&out)
    );

    // Never over an input; the record is left as it was.
    let record = dir.join("a.toml");
    let text = std::fs::read_to_string(example("xinhe_conforming.toml")).unwrap_or_default();
    write(&record, &text);
    let record_arg = record.to_str().unwrap_or_default();
    for option in ["-o", "--output"] {
        let out = check(
            &[&procedure(), &record],
            &["--lang", "en", option, record_arg],
        );
        assert_eq!(status(&out), 2, "{option}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("will not write over the input"),
            "{option}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&record).unwrap_or_default(), text);
    }
    // A report must be .html or .xlsx.
    let pdf = dir.join("报告.pdf");
    let out = check(
        &[&procedure(), &record],
        &["--report", pdf.to_str().unwrap_or_default()],
    );
    assert_eq!(status(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains(".html 或 .xlsx"));
    assert!(!pdf.exists());
    // --quiet and --verbose contradict each other.
    let out = check(&[&procedure(), &record], &["--quiet", "--verbose"]);
    assert_eq!(status(&out), 2);
}

/// Every finding of the JSON document: (path, code, severity, line).
fn json_findings(doc: &Value) -> Vec<(String, String, String, Option<u64>)> {
    doc["records"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| {
            let path = r["path"].as_str().unwrap_or_default().to_string();
            r["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |f| {
                    (
                        path.clone(),
                        f["code"].as_str().unwrap_or_default().to_string(),
                        f["severity"].as_str().unwrap_or_default().to_string(),
                        f["record_location"]["line"].as_u64(),
                    )
                })
        })
        .collect()
}

#[test]
fn sarif_has_a_result_per_finding_with_its_place() {
    let files = both();
    let doc = json(&check(&refs(&files), &["--format", "json"]));
    let expected = json_findings(&doc);
    let out = check(&refs(&files), &["--format", "sarif", "--lang", "en"]);
    assert_eq!(status(&out), 1);
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "huanjie");
    let results: Vec<(String, String, String, Option<u64>)> = run["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                loc["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r["ruleId"].as_str().unwrap_or_default().to_string(),
                r["level"].as_str().unwrap_or_default().to_string(),
                loc["region"]["startLine"].as_u64(),
            )
        })
        .collect();
    assert_eq!(results, expected);
    // Every rule id used is described.
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for (_, code, _, _) in &expected {
        assert!(rules.contains(&code.as_str()), "{code} not in {rules:?}");
    }
    // lint too, with its exit status.
    let dir = temp_dir("lint-sarif");
    let bad = dir.join("bad.hj");
    write(&bad, "程序 甲 {\n  阶段 乙 {\n    在 丙 之后\n  }\n}\n");
    let lint = Command::new(BIN)
        .args(["lint", "--format", "sarif"])
        .arg(&bad)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status(&lint), 1);
    let log = json(&lint);
    let first = &log["runs"][0]["results"][0];
    assert_eq!(first["level"], "error");
    assert!(
        first["ruleId"]
            .as_str()
            .is_some_and(|c| c.starts_with("HJ")),
        "{log}"
    );
    assert_eq!(
        first["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}

#[test]
fn junit_has_a_case_per_record_and_a_failure_per_violation() {
    let files = both();
    let doc = json(&check(&refs(&files), &["--format", "json"]));
    let out = check(&refs(&files), &["--format", "junit"]);
    assert_eq!(status(&out), 1);
    let text = stdout(&out);
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let cases: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let records = doc["records"].as_array().cloned().unwrap_or_default();
    assert_eq!(cases.len(), records.len());
    for (case, record) in cases.iter().zip(&records) {
        let path = record["path"].as_str().unwrap_or_default();
        assert_eq!(case.attribute("file"), Some(path));
        let errors: Vec<&str> = record["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["severity"] == "error")
            .filter_map(|f| f["code"].as_str())
            .collect();
        let failures: Vec<&str> = case
            .children()
            .filter(|n| n.has_tag_name("failure"))
            .filter_map(|n| n.attribute("type"))
            .collect();
        assert_eq!(failures, errors, "{path}");
    }
    let suites = xml.root_element();
    assert_eq!(suites.attribute("tests"), Some("2"));
    assert_eq!(suites.attribute("failures"), Some("1"));
}

#[test]
fn exit_statuses_are_the_same_in_every_format() {
    let dir = temp_dir("check-output-status");
    let broken = dir.join("broken.toml");
    write(&broken, "procedure = \"居委会换届选举\"\n[stages\n");
    let cases = [
        (example("xinhe_conforming.toml"), 0),
        (example("xinhe_violations.toml"), 1),
        (broken, 2),
    ];
    for format in ["human", "json", "sarif", "junit"] {
        for (record, expected) in &cases {
            let out = check(&[&procedure(), record], &["--format", format]);
            assert_eq!(status(&out), *expected, "{format} {record:?}");
            assert!(!out.stdout.is_empty(), "{format} {record:?}");
        }
    }
}
