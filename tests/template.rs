//! `huanjie template`: the blank record of the residents' committee
//! procedure, as reviewed text, and the promise that it loads — as it is,
//! and once its placeholders are filled in.

#![allow(clippy::panic, reason = "test helpers fail the test")]

use huanjie::record::template::template;
use huanjie::record::{load_json, load_toml, Format, Record, Value};
use huanjie::resolve::Procedure;
use huanjie::span::{FileId, SourceMap};
use std::path::Path;

const PROCEDURE: &str = include_str!("../procedures/residents_committee.hj");

/// The linted procedure and the map holding its source.
fn residents() -> (SourceMap, Procedure) {
    let (map, _, outcome) = huanjie::lint_str("procedures/residents_committee.hj", PROCEDURE);
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    match outcome.program.map(|p| p.procedures) {
        Some(mut procs) if procs.len() == 1 => (map, procs.remove(0)),
        other => panic!("expected one procedure, got {other:?}"),
    }
}

/// Fills the template in as an inspector would: uncomments every item to
/// fill in (`#` directly followed by a key or a `[[table]]`), replaces the
/// placeholders, and writes a value of the right type for every blank
/// (`""`), read from the line's comment.
fn fill(template: &str) -> String {
    template
        .lines()
        .map(|line| {
            let item = line.strip_prefix('#').filter(|rest| {
                rest.chars()
                    .next()
                    .is_some_and(|c| c != ' ' && c != '#' && c != '\u{2500}')
            });
            let line = item.unwrap_or(line);
            let line = line
                .replace("YYYY-MM-DD", "2021-01-28")
                .replace("\"HH:MM\"", "\"09:00\"");
            let Some((code, comment)) = line.split_once("# ") else {
                return line;
            };
            if !code.trim_end().ends_with("= \"\"") {
                return line;
            }
            let key = code.split_whitespace().next().unwrap_or("");
            let value = if key == "seats" {
                // `名额 A 至 B`: the smallest allowed.
                let low = comment.split_whitespace().nth(1).unwrap_or("1");
                low.to_string()
            } else if key == "position" {
                "\"主任\"".to_string()
            } else if key == "gender" {
                "\"女\"".to_string()
            } else if key == "list" {
                "\"正式\"".to_string()
            } else if key == "stage" {
                "\"投票选举\"".to_string()
            } else if ["votes", "nomination_votes"].contains(&key) {
                "1".to_string()
            } else if ["disqualified", "incumbent", "withdrawn", "approved"].contains(&key) {
                "false".to_string()
            } else if comment.contains("(count)") || comment.contains("(days)") {
                "1".to_string()
            } else if comment.contains("(date)") {
                "2021-01-28".to_string()
            } else if comment.contains("(bool)") {
                "true".to_string()
            } else if comment.contains("(ratio)") {
                "\"1/2\"".to_string()
            } else {
                "\"新河社区\"".to_string()
            };
            line.replacen("\"\"", &value, 1)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[track_caller]
fn loads(text: &str, json: bool) -> Record {
    let result = if json {
        load_json(text, FileId(1))
    } else {
        load_toml(text, FileId(1))
    };
    match result {
        Ok(r) => r,
        Err(diags) => panic!("the template does not load: {diags:#?}\n{text}"),
    }
}

#[test]
fn toml_template_of_the_residents_committee() {
    let (map, proc) = residents();
    let text = template(&proc, &map, Format::Toml);
    insta::assert_snapshot!("residents_committee_toml", text);
}

#[test]
fn the_toml_template_loads_as_it_is_and_filled_in() {
    let (map, proc) = residents();
    let text = template(&proc, &map, Format::Toml);

    let blank = loads(&text, false);
    assert_eq!(blank.procedure.value, "居委会换届选举");
    assert_eq!(blank.stages.len(), proc.stages.len());
    assert!(blank.stages.iter().all(|s| s.date.is_none()));
    assert!(blank.candidates.is_empty());
    // Blank is not zero: every fact is there, none of them filled in, and
    // no seats the procedure leaves open.
    let facts = blank
        .facts
        .iter()
        .chain(blank.stages.iter().flat_map(|s| &s.facts));
    assert!(facts.clone().count() > 0);
    assert!(
        facts.clone().all(|e| e.value.value == Value::Blank),
        "{:?}",
        facts.collect::<Vec<_>>()
    );
    let seats: Vec<_> = blank
        .positions
        .iter()
        .map(|p| p.seats.as_ref().map(|s| s.value))
        .collect();
    assert_eq!(seats, [Some(1), None, None]);
    assert!(blank.unit.is_none());

    let filled = fill(&text);
    let record = loads(&filled, false);
    let names = |r: &Record| {
        r.stages
            .iter()
            .map(|s| s.name.value.clone())
            .collect::<Vec<_>>()
    };
    let expected: Vec<String> = proc.stages.iter().map(|s| s.name.name.clone()).collect();
    assert_eq!(names(&record), expected, "every stage, in procedure order");
    assert!(
        record.stages.iter().all(|s| s.first_day().is_some()),
        "every stage dated"
    );
    let vote = record.stages.iter().find(|s| s.name.value == "投票选举");
    assert_eq!(vote.map(|s| (s.facts.len(), s.tally.len())), Some((3, 1)));
    assert_eq!(record.facts.len(), 2);
    assert_eq!(record.params.len(), proc.params.len());
    let positions: Vec<_> = record
        .positions
        .iter()
        .map(|p| (p.id.value.as_str(), p.seats.as_ref().map_or(0, |s| s.value)))
        .collect();
    assert_eq!(positions, [("主任", 1), ("副主任", 1), ("委员", 2)]);
    assert_eq!(
        (
            record.candidates.len(),
            record.proxies.len(),
            record.voters.len(),
            record.elected.len()
        ),
        (1, 1, 1, 1)
    );
}

#[test]
fn json_template_has_the_same_structure() {
    let (map, proc) = residents();
    let text = template(&proc, &map, Format::Json);
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}\n{text}"),
    };
    let stages = value["stages"].as_object().map(|s| s.len());
    assert_eq!(stages, Some(proc.stages.len()));
    assert_eq!(
        value["stages"]["投票选举"]["facts"]["参加投票"],
        serde_json::Value::Null
    );
    assert_eq!(value["positions"][0]["seats"], 1);
    assert_eq!(value["positions"][1]["seats"], serde_json::Value::Null);
    // With the example entries filled in (nulls are "not given"), it loads.
    let filled = text
        .replace(
            "\"name\": null, \"position\": null",
            "\"name\": \"胡可\", \"position\": \"主任\"",
        )
        .replace(
            "\"position\": null, \"name\": null",
            "\"position\": \"主任\", \"name\": \"胡可\"",
        )
        .replace("\"name\": null", "\"name\": \"胡可\"")
        .replace(
            "\"holder\": null, \"principal\": null",
            "\"holder\": \"甲\", \"principal\": \"乙\"",
        );
    let record = loads(&filled, true);
    assert_eq!(record.stages.len(), proc.stages.len());
    assert_eq!(record.candidates.len(), 1);
}

/// Runs the binary with `args` (no colour, no locale): exit code, stdout,
/// stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_huanjie"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    match out {
        Ok(o) => (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => panic!("cannot run huanjie: {e}"),
    }
}

/// A file in a fresh temporary directory.
fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("huanjie-template-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, text) {
        panic!("cannot write {path:?}: {e}");
    }
    path.display().to_string()
}

#[test]
fn the_command_line() {
    let file = "procedures/residents_committee.hj";
    let (code, out, err) = run(&["template", file]);
    assert_eq!(code, Some(0), "{err}");
    let (map, proc) = residents();
    assert_eq!(out, template(&proc, &map, Format::Toml));
    assert!(err.is_empty(), "{err}");

    let (code, out, _) = run(&["template", file, "--format", "json"]);
    assert_eq!(code, Some(0));
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "{out}"
    );

    let (code, out, err) = run(&[
        "template",
        file,
        "--procedure",
        "居委会换届",
        "--lang",
        "en",
    ]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("did you mean `居委会换届选举`?"), "{err}");
    let (code, _, _) = run(&["template", file, "--procedure", "居委会换届选举"]);
    assert_eq!(code, Some(0));

    let broken = temp_file("broken.hj", "procedure 甲 {\n  stage 乙 { after 丙 }\n}\n");
    let (code, out, err) = run(&["template", &broken]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.contains("HJ104") || err.contains("HJ101"), "{err}");

    let two = temp_file(
        "two.hj",
        "procedure 甲 { stage 投票 {} }\nprocedure 乙 { stage 选举 {} }\n",
    );
    let (code, _, err) = run(&["template", &two, "--lang", "en"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--procedure"), "{err}");
    let (code, out, _) = run(&["template", &two, "--procedure", "乙"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("[stages.选举]"), "{out}");

    // A composite with the files it needs: the first file's procedure.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("procedures");
    let files: Vec<String> = [
        "two_committees.hj",
        "residents_committee.hj",
        "party_two_recommend.hj",
        "party_branch.hj",
    ]
    .iter()
    .map(|f| root.join(f).to_string_lossy().into_owned())
    .collect();
    let mut args = vec!["template"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("procedure = \"社区两委换届\""), "{out}");
    assert!(out.contains("[stages.\"居委会.投票选举\"]"), "{out}");

    // Blank is not zero: the template filled in except 登记选民 (left
    // blank) is one `data` finding and exit 1, never a conforming verdict.
    let blank = "procedures/tests/residents_committee/data_blank_from_template.toml";
    let (code, out, err) = run(&["check", file, blank, "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let findings = doc["records"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, ["HJ309"], "{out}");
    assert_eq!(findings[0]["record_location"]["line"], 24, "{out}");

    let (code, _, _) = run(&["template", "no/such/file.hj"]);
    assert_eq!(code, Some(2));
    let (code, _, _) = run(&["template", file, "--format", "yaml"]);
    assert_eq!(code, Some(2));
}
