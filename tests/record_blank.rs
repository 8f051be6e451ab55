//! Blank is not zero, and not every file is a record: `""` (and JSON
//! `null`) read as "not filled in" for every kind of value, exactly like an
//! absent key but with the key kept; well-formed documents that are not
//! records are told apart from records that are broken.

#![allow(clippy::panic, reason = "test helpers fail the test")]
use huanjie::diag::{Code, Diagnostic};
use huanjie::record::{load, load_or_skip, Loaded, Record, Value};
use huanjie::span::SourceMap;

fn load_named(name: &str, text: &str) -> (SourceMap, Result<Record, Vec<Diagnostic>>) {
    let mut map = SourceMap::new();
    let file = map.add(name, text);
    let result = load(&map, file);
    (map, result)
}

#[track_caller]
fn loads(name: &str, text: &str) -> (SourceMap, Record) {
    match load_named(name, text) {
        (map, Ok(r)) => (map, r),
        (_, Err(d)) => panic!("{name} does not load: {d:#?}"),
    }
}

const TOML: &str = r#"
procedure = "居委会换届选举"
unit = ""

[facts]
登记选民 = ""
使用流动票箱 = "  "
开始日期 = ""

[params]
委托上限 = ""

[stages.投票选举]
date = ""
time = ""
facts = { 参加投票 = "" }

[[positions]]
id = "副主任"
seats = ""

[[candidates]]
name = "胡可"
position = "主任"
gender = ""
birth_date = ""
list = ""
nomination_votes = ""
disqualified = ""
"#;

#[test]
fn blanks_read_as_not_given_for_every_kind_of_value() {
    let (map, r) = loads("r.toml", TOML);
    assert!(r.unit.is_none());
    // Facts keep their key, with a blank value, so that a finding can point
    // at it.
    let facts: Vec<(&str, &Value, &str)> = r
        .facts
        .iter()
        .chain(r.stages.iter().flat_map(|s| &s.facts))
        .map(|e| {
            let key = map.get(r.file).map(|f| f.slice(e.name.span)).unwrap_or("");
            (e.name.value.as_str(), &e.value.value, key)
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("登记选民", &Value::Blank, "登记选民"),
            ("使用流动票箱", &Value::Blank, "使用流动票箱"),
            ("开始日期", &Value::Blank, "开始日期"),
            ("参加投票", &Value::Blank, "参加投票"),
        ]
    );
    assert_eq!(
        r.params.first().map(|p| &p.value.value),
        Some(&Value::Blank)
    );
    let stage = &r.stages[0];
    assert!(stage.date.is_none() && stage.time.is_none());
    assert_eq!(r.positions.len(), 1);
    assert!(r.positions[0].seats.is_none());
    let c = &r.candidates[0];
    assert!(c.gender.is_none() && c.birth_date.is_none() && c.list.is_none());
    assert!(c.nomination_votes.is_none() && c.disqualified.is_none());
}

#[test]
fn json_null_and_blank_text_are_the_same_blank() {
    let json = r#"{"procedure": "居委会换届选举", "facts": {"登记选民": null, "使用流动票箱": ""},
        "candidates": [{"name": "胡可", "position": "主任", "gender": "", "birth_date": null}]}"#;
    let (_, r) = loads("r.json", json);
    let values: Vec<&Value> = r.facts.iter().map(|e| &e.value.value).collect();
    assert_eq!(values, [&Value::Blank, &Value::Blank]);
    assert!(r.candidates[0].gender.is_none() && r.candidates[0].birth_date.is_none());
}

#[test]
fn a_required_key_left_blank_is_missing() {
    let text = "procedure = \"甲\"\n[stages.投票]\ndate = 2021-01-28\n\
                [[stages.投票.tally]]\nposition = \"主任\"\ncandidate = \"胡可\"\nvotes = \"\"\n";
    let (_, result) = load_named("r.toml", text);
    let codes: Vec<Code> = result
        .err()
        .unwrap_or_default()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, [Code::MissingKey]);
    let (_, result) = load_named("r.toml", "procedure = \"\"\n");
    let codes: Vec<Code> = result
        .err()
        .unwrap_or_default()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, [Code::MissingKey]);
}

/// What `load_or_skip` makes of a file: `Ok(true)` a record, `Ok(false)`
/// skipped, `Err(codes)` invalid.
fn kind(name: &str, text: &str) -> Result<bool, Vec<Code>> {
    let mut map = SourceMap::new();
    let file = map.add(name, text);
    match load_or_skip(&map, file) {
        Ok(Loaded::Record(_)) => Ok(true),
        Ok(Loaded::NotARecord(_)) => Ok(false),
        Err(d) => Err(d.iter().map(|d| d.code).collect()),
    }
}

#[test]
fn documents_that_are_not_records_are_told_apart_from_broken_records() {
    // Records.
    assert_eq!(kind("r.toml", "procedure = \"甲\"\n"), Ok(true));
    assert_eq!(kind("r.json", r#"{"程序": "甲"}"#), Ok(true));
    // Not records: huanjie's own output, not a table, no record key.
    let output = r#"{"procedure": "甲", "records": [], "summary": {}}"#;
    assert_eq!(kind("result.json", output), Ok(false));
    let lint = r#"{"diagnostics": [], "errors": 0, "warnings": 0}"#;
    assert_eq!(kind("lint.json", lint), Ok(false));
    assert_eq!(kind("list.json", "[1, 2]"), Ok(false));
    assert_eq!(kind("notes.json", r#"{"author": "张三"}"#), Ok(false));
    assert_eq!(kind("Cargo.toml", "[package]\nname = \"x\"\n"), Ok(false));
    assert_eq!(kind("empty.toml", ""), Ok(false));
    // Meant as records, and broken: invalid, never skipped.
    assert_eq!(
        kind("r.toml", "[facts]\n登记选民 = 2000\n"),
        Err(vec![Code::MissingKey])
    );
    assert_eq!(
        kind("r.json", r#"{"procedure": "甲", "facts": "#),
        Err(vec![Code::RecordSyntax])
    );
    assert_eq!(
        kind("r.toml", "procedure = \"甲\"\nstages = 3\n"),
        Err(vec![Code::WrongType])
    );
}
