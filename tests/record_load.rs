//! Loading records: the same record in TOML and JSON gives the same model,
//! and every kind of bad record gives its code at the right span.

#![allow(clippy::panic, reason = "test helpers fail the test")]
use huanjie::diag::render::{render_human, RenderOptions};
use huanjie::diag::{Code, Diagnostic, Lang};
use huanjie::record::{
    load, load_json, load_toml, Gender, ListKind, Record, Value, MAX_RECORD_BYTES,
};
use huanjie::span::{FileId, SourceMap};
use num_rational::BigRational;
use std::time::{Duration, Instant};

const TOML: &str = include_str!("corpus/records/xinhe.toml");
const JSON: &str = include_str!("corpus/records/xinhe.json");

/// Loads `text` as file `name` (the format follows the name).
fn load_named(name: &str, text: &str) -> (SourceMap, Result<Record, Vec<Diagnostic>>) {
    let mut map = SourceMap::new();
    let file = map.add(name, text);
    let result = load(&map, file);
    (map, result)
}

/// The diagnostics of a record that must not load.
#[track_caller]
fn errors(name: &str, text: &str) -> (SourceMap, Vec<Diagnostic>) {
    let (map, result) = load_named(name, text);
    match result {
        Ok(r) => panic!("{name} loaded: {r:?}"),
        Err(diags) => {
            assert!(!diags.is_empty(), "{name}: an error without diagnostics");
            (map, diags)
        }
    }
}

/// The text the primary label of `d` covers.
fn covered<'m>(map: &'m SourceMap, d: &Diagnostic) -> &'m str {
    let span = d.primary_span();
    span.file()
        .and_then(|f| map.get(f))
        .map_or("", |f| f.slice(span))
}

/// `(code, covered text)` of every diagnostic.
fn found<'m>(map: &'m SourceMap, diags: &[Diagnostic]) -> Vec<(&'static str, &'m str)> {
    diags
        .iter()
        .map(|d| (d.code.id(), covered(map, d)))
        .collect()
}

/// The only diagnostic of a bad record, checked for its code and span text.
#[track_caller]
fn single(name: &str, text: &str, code: Code, text_at: &str) -> (SourceMap, Diagnostic) {
    let (map, diags) = errors(name, text);
    assert_eq!(
        found(&map, &diags),
        vec![(code.id(), text_at)],
        "{name}: {diags:#?}"
    );
    let d = diags.into_iter().next();
    (map, d.unwrap_or_else(|| unreachable!()))
}

/// The human reports in both languages, for snapshots.
fn reports(map: &SourceMap, text: &str, diags: &[Diagnostic]) -> String {
    let zh = render_human(diags, map, &RenderOptions::plain(Lang::Zh));
    let en = render_human(diags, map, &RenderOptions::plain(Lang::En));
    format!("----- SOURCE\n{text}\n----- 中文\n{zh}\n----- English\n{en}")
}

#[test]
fn toml_and_json_give_the_same_record() {
    let (tmap, toml) = load_named("records/xinhe.toml", TOML);
    let (jmap, json) = load_named("records/xinhe.json", JSON);
    let (toml, json) = match (toml, json) {
        (Ok(t), Ok(j)) => (t, j),
        other => panic!("{other:#?}"),
    };
    assert_eq!(toml, json);

    assert_eq!(toml.procedure.value, "居委会换届选举");
    assert_eq!(toml.stages.len(), 7);
    let vote = &toml.stages[6];
    assert_eq!(vote.name.value, "投票选举");
    assert_eq!(vote.tally.len(), 2);
    assert_eq!(vote.tally[1].round.as_ref().map(|r| r.value), Some(1));
    assert_eq!(
        vote.facts[3].value.value,
        Value::Ratio(BigRational::new(97.into(), 100.into()))
    );
    assert_eq!(toml.facts[0].value.value, Value::Integer(2000));
    assert_eq!(toml.facts[1].value.value, Value::Bool(false));
    assert_eq!(toml.stages[3].time.as_ref().map(|t| t.value), Some((9, 0)));
    assert_eq!(
        toml.stages[1].last_day().map(|d| d.value.to_string()),
        Some("2021-01-06".into())
    );
    assert_eq!(
        toml.candidates[0].gender.as_ref().map(|g| g.value),
        Some(Gender::Female)
    );
    assert_eq!(
        toml.candidates[1].gender.as_ref().map(|g| g.value),
        Some(Gender::Male)
    );
    assert_eq!(
        toml.candidates[1].list.as_ref().map(|l| l.value),
        Some(ListKind::Formal)
    );
    assert_eq!(toml.positions[1].seats.as_ref().map(|s| s.value), Some(4));
    assert_eq!(toml.excluded[0].reason.value, "外出务工");
    assert_eq!(
        toml.elected[0].stage.as_ref().map(|s| s.value.as_str()),
        Some("投票选举")
    );

    // The spans point at the values in each file.
    let slice =
        |map: &SourceMap, span| map.get(FileId(0)).map_or("", |f| f.slice(span)).to_string();
    let date = vote.date.as_ref().map(|d| d.span);
    assert_eq!(date.map(|s| slice(&tmap, s)), Some("2021-01-28".into()));
    let jdate = json.stages[6].date.as_ref().map(|d| d.span);
    assert_eq!(
        jdate.map(|s| slice(&jmap, s)),
        Some("\"2021-01-28\"".into())
    );
    assert_eq!(slice(&tmap, vote.name.span), "投票选举");
    assert_eq!(slice(&jmap, json.stages[6].name.span), "投票选举");
    assert_eq!(
        slice(&tmap, toml.candidates[0].span).lines().next(),
        Some("[[candidates]]")
    );
    assert_eq!(
        tmap.locate(vote.tally[0].votes.span)
            .map(|(_, l, c)| (l, c)),
        Some((46, 9))
    );
}

#[test]
fn quoted_and_bare_keys_are_the_same() {
    let bare = "procedure = \"甲\"\n[stages.投票选举]\ndate = 2021-01-28\n[facts]\n登记选民 = 5\n";
    let quoted = "\"procedure\" = '甲'\n[stages.\"投票选举\"]\n\"date\" = 2021-01-28\n[facts]\n'登记选民' = 5\n";
    let a = load_toml(bare, FileId(0));
    let b = load_toml(quoted, FileId(0));
    assert!(a.is_ok());
    assert_eq!(a, b);
}

#[test]
fn the_extension_picks_the_format() {
    let json = "{\"procedure\": \"甲\"}";
    assert!(load_named("a.JSON", json).1.is_ok());
    let (map, diags) = errors("a.toml", json);
    assert_eq!(
        diags[0].code,
        Code::RecordSyntax,
        "{:?}",
        found(&map, &diags)
    );
}

#[test]
fn truncated_toml_is_a_syntax_error_at_the_end() {
    let cut = TOML
        .find("[stages.投票选举]")
        .map_or(0, |i| i + "[stages.投票".len());
    let text = &TOML[..cut];
    // An empty label at the very end would not show: it covers the last
    // character.
    let (map, d) = single("cut.toml", text, Code::RecordSyntax, "票");
    assert_eq!(d.primary_span().range(), Some((text.len() - 3, text.len())));
    assert!(d.labels[0].text.en.contains("the file ends here"));
    insta::assert_snapshot!("truncated_toml", reports(&map, "…\n[stages.投票", &[d]));

    let text = "procedure = \"居委会换届选举\"\nunit = \"新河街道";
    let (map, d) = single("cut.toml", text, Code::RecordSyntax, "道");
    assert_eq!(map.locate(d.primary_span()).map(|(_, l, _)| l), Some(2));
}

#[test]
fn truncated_json_is_a_syntax_error_at_the_end() {
    let text = &JSON[..JSON.find("\"计票\"").unwrap_or(0) + "\"计票\": [\n        {\"职务\"".len()];
    let (_, d) = single("cut.json", text, Code::RecordSyntax, "\"");
    assert_eq!(d.primary_span().range(), Some((text.len() - 1, text.len())));
    assert!(d.message.en.contains("the file ends"), "{}", d.message.en);

    let text = "{\"procedure\": \"居委会";
    let (map, d) = single("cut.json", text, Code::RecordSyntax, "\"居委会");
    insta::assert_snapshot!("truncated_json", reports(&map, text, &[d]));
}

#[test]
fn wrong_types_point_at_the_value() {
    let text = "procedure = \"甲\"\n[[positions]]\nid = \"主任\"\nseats = \"1\"\n[stages.投票选举]\ndate = { year = 2021 }\n";
    let (map, diags) = errors("t.toml", text);
    assert_eq!(
        found(&map, &diags),
        vec![("HJ603", "\"1\""), ("HJ603", "{ year = 2021 }")]
    );
    assert!(diags[0]
        .help
        .as_ref()
        .is_some_and(|h| h.en.contains("without quotes")));
    insta::assert_snapshot!("wrong_types", reports(&map, text, &diags));

    let text = r#"{"procedure": "甲", "stages": {"投票选举": {"date": {"year": 2021}, "facts": {"参加投票": 1.5}}},
 "positions": [{"id": "主任", "seats": "1"}], "candidates": {"name": "胡可"}}"#;
    let (map, diags) = errors("t.json", text);
    assert_eq!(
        found(&map, &diags),
        vec![
            ("HJ603", "{\"year\": 2021}"),
            ("HJ603", "1.5"),
            ("HJ603", "\"1\""),
            ("HJ603", "{\"name\": \"胡可\"}"),
        ]
    );
}

#[test]
fn negative_counts_are_invalid_values() {
    let text = "procedure = \"甲\"\n[[stages.投票选举.tally]]\nposition = \"主任\"\ncandidate = \"胡可\"\nvotes = -1\n";
    let (map, d) = single("n.toml", text, Code::BadValue, "-1");
    insta::assert_snapshot!("negative_votes", reports(&map, text, &[d]));
    let text = r#"{"procedure": "甲", "positions": [{"id": "主任", "seats": -1}]}"#;
    single("n.json", text, Code::BadValue, "-1");
    let text = "procedure = \"甲\"\n[[positions]]\nid = \"主任\"\nseats = 99999999999999999999\n";
    single("n.toml", text, Code::BadValue, "99999999999999999999");
    let text = r#"{"procedure": "甲", "facts": {"登记选民": -99999999999999999999}}"#;
    single("n.json", text, Code::BadValue, "-99999999999999999999");
}

#[test]
fn days_not_on_the_calendar_are_invalid_values() {
    let text = "procedure = \"甲\"\n[stages.投票选举]\ndate = 2021-02-30\n";
    let (map, d) = single("d.toml", text, Code::BadValue, "2021-02-30");
    insta::assert_snapshot!("february_30_toml", reports(&map, text, &[d]));
    let text = r#"{"procedure": "甲", "stages": {"投票选举": {"date": "2021-02-30"}}}"#;
    let (map, d) = single("d.json", text, Code::BadValue, "\"2021-02-30\"");
    insta::assert_snapshot!("february_30_json", reports(&map, text, &[d]));
    // Leap years, months, and facts given as dates.
    assert!(load_toml(
        "procedure = \"甲\"\n[stages.甲]\ndate = 2020-02-29\n",
        FileId(0)
    )
    .is_ok());
    single(
        "d.toml",
        "procedure = \"甲\"\n[stages.甲]\ndate = 2021-13-01\n",
        Code::BadValue,
        "2021-13-01",
    );
    single(
        "d.toml",
        "procedure = \"甲\"\n[facts]\n公告日 = \"2021-02-29\"\n",
        Code::BadValue,
        "\"2021-02-29\"",
    );
    // `1970/01/01` is read (docs/records.md, "Values as people write
    // them"); with the year last the order of day and month is unknown.
    single(
        "d.json",
        r#"{"procedure": "甲", "candidates": [{"name": "甲", "position": "主任", "birth_date": "01/02/1970"}]}"#,
        Code::AmbiguousValue,
        "\"01/02/1970\"",
    );
    single(
        "d.json",
        r#"{"procedure": "甲", "candidates": [{"name": "甲", "position": "主任", "birth_date": "1970/02/30"}]}"#,
        Code::BadValue,
        "\"1970/02/30\"",
    );
}

#[test]
fn unknown_keys_suggest_the_known_ones() {
    let text = "procedure = \"甲\"\n[stages.投票选举]\ndat = 2021-01-28\n参加投票 = 5\n\n[[candidate]]\nname = \"胡可\"\n";
    let (map, diags) = errors("k.toml", text);
    assert_eq!(
        found(&map, &diags),
        vec![
            ("HJ602", "dat"),
            ("HJ602", "参加投票"),
            ("HJ602", "candidate")
        ]
    );
    let help = |d: &Diagnostic| d.help.as_ref().map_or(String::new(), |h| h.en.clone());
    assert_eq!(help(&diags[0]), "did you mean `date`?");
    assert!(help(&diags[1]).starts_with("the keys allowed here"));
    assert!(!diags[1].notes.is_empty(), "a note on where stage facts go");
    assert_eq!(help(&diags[2]), "did you mean `candidates`?");
    insta::assert_snapshot!("unknown_keys", reports(&map, text, &diags));

    let text = r#"{"procedure": "甲", "stages": {"投票选举": {"日其": "2021-01-28"}}}"#;
    let (_, d) = single("k.json", text, Code::UnknownKey, "日其");
    assert_eq!(help(&d), "did you mean `日期`?");
}

#[test]
fn keys_given_twice() {
    let text = "procedure = \"甲\"\n[stages.投票选举]\ndate = 2021-01-28\ndate = 2021-01-29\n";
    let (map, d) = single("dup.toml", text, Code::DuplicateKey, "date");
    let second = text.rfind("date").unwrap_or(0);
    assert_eq!(d.primary_span().range(), Some((second, second + 4)));
    assert_eq!(d.labels.len(), 2, "both places are labelled");
    insta::assert_snapshot!("duplicate_key", reports(&map, text, &[d]));

    // The same table twice, an alias, a JSON object, an inline table.
    let text = "procedure = \"甲\"\n[stages.投票选举]\ndate = 2021-01-28\n[stages.投票选举]\n";
    single("dup.toml", text, Code::DuplicateKey, "投票选举");
    let text = "procedure = \"甲\"\n程序 = \"乙\"\n";
    let (_, d) = single("dup.toml", text, Code::DuplicateKey, "程序");
    assert!(
        d.message.en.contains("also as `procedure`"),
        "{}",
        d.message.en
    );
    let text = r#"{"procedure": "甲", "facts": {"登记选民": 1, "登记选民": 2}}"#;
    single("dup.json", text, Code::DuplicateKey, "登记选民");
    let text = "procedure = \"甲\"\n[stages.甲]\nfacts = { a = 1, a = 2 }\n";
    single("dup.toml", text, Code::DuplicateKey, "a");
    let text = "procedure = \"甲\"\nstages.甲.date = 2021-01-28\n[stages.甲]\n";
    single("dup.toml", text, Code::DuplicateKey, "甲");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let n = 100_000;
    let text = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let (_, d) = single("deep.json", &text, Code::RecordTooLarge, "[");
    assert_eq!(d.primary_span().range(), Some((64, 65)));
    let text = format!(
        "procedure = \"甲\"\na = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    single("deep.toml", &text, Code::RecordTooLarge, "[");
    let text = format!(
        "procedure = \"甲\"\na = {}1{}\n",
        "{b=".repeat(n),
        "}".repeat(n)
    );
    single("deep.toml", &text, Code::RecordTooLarge, "{");
    let text = format!("procedure = \"甲\"\n{} = 1\n", vec!["a"; n].join("."));
    single("deep.toml", &text, Code::RecordTooLarge, ".");
    // 64 levels are fine.
    let text = format!(
        "{{\"procedure\": \"甲\", \"x\": {}{}}}",
        "[".repeat(63),
        "]".repeat(63)
    );
    let (map, diags) = errors("ok.json", &text);
    assert_eq!(found(&map, &diags), vec![("HJ602", "x")]);
}

/// `len` bytes of printable junk, the same every run.
fn junk(len: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b' ' + (x % 95) as u8)
        })
        .collect()
}

#[test]
fn fifty_megabytes_of_junk_fail_fast() {
    let text = junk(50 * 1024 * 1024);
    for name in ["junk.toml", "junk.json"] {
        let started = Instant::now();
        let (_, diags) = errors(name, &text);
        let elapsed = started.elapsed();
        assert!(
            matches!(diags[0].code, Code::RecordSyntax | Code::RecordTooLarge),
            "{name}: {:?}",
            diags[0].code
        );
        assert!(elapsed < Duration::from_secs(20), "{name}: {elapsed:?}");
    }
}

#[test]
fn records_over_the_limit_are_refused() {
    let text = " ".repeat(MAX_RECORD_BYTES + 1);
    let (_, d) = single("big.json", &text, Code::RecordTooLarge, "");
    assert!(d.message.en.contains("64 MiB"));
}

#[test]
fn an_empty_file_has_no_procedure() {
    for name in ["empty.toml", "empty.json"] {
        let (map, d) = single(name, "", Code::MissingKey, "");
        assert!(d.message.en.contains("`procedure`"), "{}", d.message.en);
        if name.ends_with("toml") {
            insta::assert_snapshot!("empty_file", reports(&map, "", &[d]));
        }
    }
}

#[test]
fn every_problem_is_reported() {
    let text = r#"{
  "procedure": 1,
  "stages": {"投票选举": {"date": "2021-01-28", "time": "25:00", "tally": [{"candidate": "胡可", "votes": 3}]}},
  "positions": [{"id": "主任", "seats": 1, "seat": 2}],
  "candidates": [{"name": "胡可", "position": "主任", "gender": "F", "list": "正式候选人", "withdrawn": "是"}],
  "proxies": [{"holder": "甲"}],
  "voters": [3],
  "excluded": [{"name": "乙", "reason": "病休", "approved": null}],
  "elected": [{"position": "主任", "name": null}]
}"#;
    let (map, diags) = errors("all.json", text);
    assert_eq!(
        found(&map, &diags),
        vec![
            ("HJ603", "1"),
            ("HJ605", "\"25:00\""),
            ("HJ604", "{\"candidate\": \"胡可\", \"votes\": 3}"),
            ("HJ602", "seat"),
            ("HJ605", "\"F\""),
            ("HJ603", "\"是\""),
            ("HJ604", "{\"holder\": \"甲\"}"),
            ("HJ603", "3"),
            ("HJ604", "null"),
        ]
    );
    insta::assert_snapshot!("every_problem", reports(&map, text, &diags));
}

#[test]
fn load_json_and_load_toml_take_text() {
    let r = load_json(r#"{"procedure": "甲", "elected": []}"#, FileId(3));
    assert_eq!(r.map(|r| r.file), Ok(FileId(3)));
    let r = load_toml("\u{FEFF}procedure = \"甲\"\n", FileId(0));
    assert!(r.is_ok(), "{r:?}");
    let r = load_json("\u{FEFF} {\"procedure\": \"甲\"}", FileId(0));
    assert!(r.is_ok(), "{r:?}");
}

/// The benchmark's bar: loading a JSON record (parse and build) is at least
/// half as fast as parsing it into a `serde_json::Value`. Timing is only
/// meaningful optimised: `cargo test --release --test record_load -- --ignored`.
#[test]
#[ignore = "a timing test; run it with --release"]
fn json_loading_keeps_up_with_serde_json() {
    const RECORDS: usize = 100_000;
    let best_of = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let n = f();
                (started.elapsed(), n)
            })
            .min()
            .unwrap_or_default()
    };
    let (serde, n1) = best_of(&|| {
        (0..RECORDS)
            .filter(|_| serde_json::from_str::<serde_json::Value>(JSON).is_ok())
            .count()
    });
    let (ours, n2) = best_of(&|| {
        (0..RECORDS)
            .filter(|_| load_json(JSON, FileId(0)).is_ok())
            .count()
    });
    assert_eq!((n1, n2), (RECORDS, RECORDS));
    let ratio = serde.as_secs_f64() / ours.as_secs_f64();
    println!("serde_json::Value {serde:?}, record::load_json {ours:?}: {ratio:.2}× serde's speed");
    assert!(ratio >= 0.5, "{ratio:.2}× serde_json's speed");
}

#[test]
fn toml_nesting_counts_brackets_and_dotted_keys_together() {
    // 32 dotted parts opening 32 nested inline tables: 32 × 33 levels.
    let key = vec!["a"; 32].join(".");
    let text = format!(
        "procedure = \"甲\"\nx = {}1{}\n",
        format!("{{{key} = ").repeat(32),
        "}".repeat(32)
    );
    single("deep.toml", &text, Code::RecordTooLarge, "{");
    // A header and a dotted key well within the limit.
    let text = "procedure = \"甲\"\n[stages.投票选举]\nfacts.a.b = { c.d = [1] }\n";
    let (map, diags) = errors("ok.toml", text);
    assert_eq!(found(&map, &diags), vec![("HJ603", "a.b = { c.d = [1] }")]);
}

/// The `toml` examples of the HJ6xx sections of `docs/codes.md`:
/// `(code, example)`.
fn documented_examples() -> Vec<(String, String)> {
    let doc = include_str!("../docs/codes.md");
    // Each HJ6xx section: its code, then its first `toml` block.
    doc.split("\n## HJ6")
        .skip(1)
        .filter_map(|section| {
            let code = format!("HJ6{}", section.get(..2)?);
            let section = section.split("\n## ").next()?;
            let (_, rest) = section.split_once("```toml\n")?;
            let (block, _) = rest.split_once("```")?;
            Some((code, block.to_string()))
        })
        .collect()
}

#[test]
fn the_examples_in_docs_codes_give_their_code() {
    let examples = documented_examples();
    assert!(examples.len() >= 6, "{examples:?}");
    for (code, text) in examples {
        let (_, diags) = errors("example.toml", &text);
        let got: Vec<&str> = diags.iter().map(|d| d.code.id()).collect();
        assert!(
            got.contains(&code.as_str()),
            "{code}: got {got:?} from\n{text}"
        );
    }
}

/// The first fenced block of `lang` in `docs/records.md`.
fn records_doc_example(lang: &str) -> String {
    let doc = include_str!("../docs/records.md");
    let fence = format!("```{lang}\n");
    doc.split_once(&fence)
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map_or_else(String::new, |(block, _)| block.to_string())
}

#[test]
fn the_examples_in_docs_records_load_alike() {
    let toml = load_named("example.toml", &records_doc_example("toml")).1;
    let json = load_named("example.json", &records_doc_example("json")).1;
    match (toml, json) {
        (Ok(t), Ok(j)) => {
            assert_eq!(t, j);
            assert_eq!(t.stages.len(), 4);
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn times_of_day() {
    for (text, ok) in [
        ("\"14:30\"", true),
        ("14:30:00", true),
        ("14:30", true),
        ("\"7:30\"", true),
        ("\"7:3\"", false),
        ("\"14:60\"", false),
    ] {
        let record = format!("procedure = \"甲\"\n[stages.甲]\ndate = 2021-01-28\ntime = {text}\n");
        let r = load_toml(&record, FileId(0));
        assert_eq!(r.is_ok(), ok, "{text}: {r:?}");
    }
    let r = load_toml(
        "procedure = \"甲\"\n[stages.甲]\ndate = 2021-01-28T10:00:00\n",
        FileId(0),
    );
    assert_eq!(
        r.map_err(|d| d.iter().map(|d| d.code).collect::<Vec<_>>()),
        Err(vec![Code::WrongType])
    );
}

/// `text` cut at `at` (on a character boundary) with `insert` put there.
fn mutate(text: &str, at: usize, insert: &str) -> String {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    format!("{}{insert}{}", &text[..at], &text[at..])
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Truncated, spliced and garbled records never panic, and every error
    /// has a code and a span inside the text.
    #[test]
    fn bad_records_never_panic(
        at in 0usize..4000,
        cut in 0usize..4000,
        insert in "[\\[\\]{}\"'=.,:# \n0-9a-z日期-]{0,6}",
    ) {
        for (name, text) in [("p.toml", TOML), ("p.json", JSON)] {
            let mutated = mutate(text, at, &insert);
            let truncated = &mutated[..mutated.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(mutated.len())];
            for t in [mutated.as_str(), truncated] {
                let (map, result) = load_named(name, t);
                if let Err(diags) = result {
                    proptest::prop_assert!(!diags.is_empty());
                    for d in &diags {
                        let (start, end) = d.primary_span().range().unwrap_or((0, 0));
                        proptest::prop_assert!(start <= end && end <= t.len(), "{d:?}");
                        proptest::prop_assert!(map.get(FileId(0)).is_some());
                    }
                }
            }
        }
    }
}
