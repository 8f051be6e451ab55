//! A batch of `huanjie check` through the built binary: each record checked
//! against the procedure it names (a mixed folder, a procedure not loaded,
//! with and without `--strict`, the plan for its own procedure only), files
//! that are not records skipped, and the summary per verdict and per
//! procedure.
#![allow(clippy::panic, reason = "a test fails by panicking")]

#[allow(dead_code)]
mod common;

use common::{check, copy, example, json, procedure, root, status, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn temp_dir() -> PathBuf {
    common::temp_dir("batch")
}

fn party_rules() -> PathBuf {
    root().join("procedures/party_branch.hj")
}

fn party_record() -> PathBuf {
    root().join("procedures/tests/party_branch/conforming.toml")
}

/// A folder with a conforming residents' committee record, a conforming
/// party record, and a party record with a violation.
fn mixed_folder() -> PathBuf {
    let dir = temp_dir();
    copy(
        &example("xinhe_conforming.toml"),
        &dir.join("a_residents.toml"),
    );
    copy(&party_record(), &dir.join("b_party.toml"));
    copy(
        &root().join("procedures/tests/party_branch/ballots_attendance.toml"),
        &dir.join("c_party_violation.toml"),
    );
    dir
}

#[test]
fn records_of_a_mixed_folder_are_each_checked_against_their_own_procedure() {
    let dir = mixed_folder();
    let out = check(
        &[&procedure(), &party_rules(), &dir],
        &["--format", "json", "--lang", "en"],
    );
    assert_eq!(status(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    let records = doc["records"].as_array().cloned().unwrap_or_default();
    let got: Vec<(String, String, Vec<String>)> = records
        .iter()
        .map(|r| {
            let codes = r["findings"]
                .as_array()
                .map(|a| a.iter().map(|f| f["code"].to_string()).collect())
                .unwrap_or_default();
            (
                r["procedure"].as_str().unwrap_or("").to_string(),
                r["verdict"].as_str().unwrap_or("").to_string(),
                codes,
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, "居委会换届选举");
    assert_eq!(got[0].1, "conforming");
    assert_eq!(got[1].0, "党组织委员会选举");
    assert_eq!(got[1].1, "conforming");
    assert_eq!(got[2].0, "党组织委员会选举");
    assert_eq!(got[2].1, "violations");
    assert!(got
        .iter()
        .all(|(_, _, codes)| !codes.contains(&"\"HJ311\"".to_string())));
    // The summary: totals per verdict and per procedure per verdict.
    let summary = &doc["summary"];
    assert_eq!(
        (
            &summary["records"],
            &summary["conforming"],
            &summary["violations"],
            &summary["invalid"],
            &summary["skipped"]
        ),
        (
            &Value::from(3),
            &Value::from(2),
            &Value::from(1),
            &Value::from(0),
            &Value::from(0)
        )
    );
    let party = &summary["by_procedure"]["党组织委员会选举"];
    assert_eq!(
        (
            &party["records"],
            &party["conforming"],
            &party["violations"]
        ),
        (&Value::from(2), &Value::from(1), &Value::from(1))
    );
    let residents = &summary["by_procedure"]["居委会换届选举"];
    assert_eq!(
        (&residents["records"], &residents["conforming"]),
        (&Value::from(1), &Value::from(1))
    );

    // The human summary line says the same.
    let out = check(&[&procedure(), &party_rules(), &dir], &["--lang", "en"]);
    // The report is on stdout.
    let err = String::from_utf8_lossy(&out.stdout);
    assert!(
        err.contains(
            "3 records checked: 2 conforming, 1 with violations, 0 invalid; \
             `党组织委员会选举`: 2 (1 conforming, 1 with violations); \
             `居委会换届选举`: 1 (1 conforming)"
        ),
        "{err}"
    );

    // `--procedure` still forces one: the party records are then HJ311.
    let out = check(
        &[&procedure(), &party_rules(), &dir],
        &["--format", "json", "--procedure", "居委会换届选举"],
    );
    let doc = json(&out);
    assert_eq!(doc["records"][1]["findings"][0]["code"], "HJ311");
    assert_eq!(
        doc["summary"]["by_procedure"]["居委会换届选举"]["records"],
        3
    );
}

#[test]
fn a_record_of_a_procedure_not_loaded_is_one_data_finding_or_with_strict_exit_2() {
    let dir = mixed_folder();
    std::fs::remove_file(dir.join("c_party_violation.toml")).unwrap_or_else(|e| panic!("{e}"));
    let out = check(&[&procedure(), &dir], &["--format", "json", "--lang", "en"]);
    assert_eq!(status(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["records"][0]["verdict"], "conforming");
    let party = &doc["records"][1];
    assert_eq!(party["verdict"], "violations");
    assert_eq!(party["procedure"], "党组织委员会选举");
    let findings = party["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "HJ311");
    assert_eq!(findings[0]["kind"], "data");
    let message = findings[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("`党组织委员会选举`, which is not loaded"),
        "{message}"
    );
    assert!(findings[0]["expected"]
        .as_str()
        .unwrap_or("")
        .contains("`居委会换届选举`"));

    let out = check(&[&procedure(), &dir], &["--strict", "--lang", "en"]);
    assert_eq!(status(&out), 2);
    // The report is on stdout.
    let err = String::from_utf8_lossy(&out.stdout);
    assert!(err.contains("HJ311") && err.contains("invalid"), "{err}");
    assert!(
        err.contains("1 conforming, 0 with violations, 1 invalid"),
        "{err}"
    );
}

#[test]
fn files_that_are_not_records_are_skipped_with_a_note() {
    let dir = temp_dir();
    copy(&example("xinhe_conforming.toml"), &dir.join("a.toml"));
    // A result saved in the archive folder.
    let saved = check(&[&procedure(), &dir.join("a.toml")], &["--format", "json"]);
    write(&dir.join("result.json"), &saved.stdout);
    // A JSON document and a TOML file that are not records.
    write(&dir.join("notes.json"), "{\"author\": \"张三\"}");
    write(&dir.join("list.json"), "[1, 2]");
    write(&dir.join("Cargo.toml"), "[package]\nname = \"x\"\n");
    // Meant as a record (it has facts) but without `procedure`: broken.
    write(&dir.join("z_broken.toml"), "[facts]\n登记选民 = 2000\n");

    let out = check(&[&procedure(), &dir], &["--format", "json", "--lang", "en"]);
    assert_eq!(status(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    let paths: Vec<String> = doc["records"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| r["path"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("a.toml") && paths[1].ends_with("z_broken.toml"));
    assert_eq!(doc["records"][1]["verdict"], "invalid");
    let skipped = doc["skipped"].as_array().cloned().unwrap_or_default();
    let skipped: Vec<(String, String)> = skipped
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap_or("");
            let file = Path::new(path)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned());
            (
                file.unwrap_or_default(),
                s["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let files: Vec<&str> = skipped.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        ["Cargo.toml", "list.json", "notes.json", "result.json"]
    );
    assert!(skipped[3].1.contains("huanjie's own output"), "{skipped:?}");
    assert!(skipped[2].1.contains("no `procedure` key"), "{skipped:?}");
    assert_eq!(doc["summary"]["skipped"], 4);
    assert_eq!(doc["summary"]["records"], 2);

    // Without the broken one, the run passes; the human report notes each
    // skipped file.
    std::fs::remove_file(dir.join("z_broken.toml")).unwrap_or_else(|e| panic!("{e}"));
    let out = check(&[&procedure(), &dir], &["--lang", "en"]);
    assert_eq!(status(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    // The report is on stdout.
    let err = String::from_utf8_lossy(&out.stdout);
    assert!(
        err.contains("note: skipped `") && err.contains("result.json`: huanjie's own output"),
        "{err}"
    );
    assert!(
        err.contains("1 record checked: 1 conforming")
            && err.contains("4 files skipped (not records)"),
        "{err}"
    );

    // Nothing but files that are not records: nothing was checked, exit 2.
    std::fs::remove_file(dir.join("a.toml")).unwrap_or_else(|e| panic!("{e}"));
    let out = check(&[&procedure(), &dir], &["--format", "json"]);
    assert_eq!(status(&out), 2);
    assert_eq!(json(&out)["summary"]["records"], 0);
}

#[test]
fn the_plan_applies_to_the_records_of_its_procedure_only() {
    let dir = temp_dir();
    copy(&example("xinhe_conforming.toml"), &dir.join("a.toml"));
    copy(&party_record(), &dir.join("b.toml"));
    // The plan puts the vote a day later than the record shows.
    let plan = dir.join("plan.hj");
    write(
        &plan,
        "plan 某社区 for 居委会换届选举 {\n  投票选举 on 2021-01-29\n}\n",
    );
    let out = check(
        &[
            &procedure(),
            &party_rules(),
            &plan,
            &dir.join("a.toml"),
            &dir.join("b.toml"),
        ],
        &["--format", "json", "--plan", "某社区"],
    );
    assert_eq!(status(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    let kinds = |i: usize| -> Vec<String> {
        doc["records"][i]["findings"]
            .as_array()
            .map(|a| {
                // Errors only: the example's lists are in time under one
                // reading of "N 日前" only (two HJ310 warnings).
                a.iter()
                    .filter(|f| f["severity"] == "error")
                    .map(|f| f["kind"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(kinds(0), ["deadline"]);
    assert_eq!(doc["records"][1]["procedure"], "党组织委员会选举");
    assert_eq!(doc["records"][1]["verdict"], "conforming");
}
