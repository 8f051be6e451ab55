//! The checker's outcome corpus: `tests/corpus/check/<name>/<case>.toml`.
//!
//! Each case is a record checked against `procedures/<name>.hj`, or against
//! `tests/corpus/check/<name>/procedure.hj` when the directory has one, or,
//! for a directory of [`COMPOSITES`], against the first procedure of the
//! files listed there (a composite procedure and the procedures it
//! includes, or a procedure and the file whose rule sets it applies). When the directory has a `plan.hj`, its records are also held
//! against the plan it defines (as `huanjie check --plan` does). Its header
//! states the findings it must give, exactly and nothing else:
//!
//! ```toml
//! # expect: deadline@选民名单公布 quorum@候选人提名
//! ```
//!
//! one `kind@stage` per finding (`-` for no stage), with the code in
//! parentheses when it is not the kind's own (`deadline(HJ310)@…`,
//! `data(HJ311)@-`), or `none`. Each case has two reviewed snapshots: the
//! human report in Chinese (no colour, width 80) and the JSON document in
//! English.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use huanjie::check::render::{human_record, record_json, DocumentJson};
use huanjie::check::{check, CheckOptions, Checked, Finding, IrCache, Verdict};
use huanjie::diag::render::RenderOptions;
use huanjie::diag::Lang;
use huanjie::span::SourceMap;
use huanjie::timing::Calendar;
use std::path::{Path, PathBuf};

/// `path` relative to the crate, with `/` separators (stable in snapshots).
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The renewal of both committees, the procedures it includes, and the file
/// whose rule sets the party procedure applies.
const TWO_COMMITTEES: &[&str] = &[
    "procedures/two_committees.hj",
    "procedures/residents_committee.hj",
    "procedures/party_two_recommend.hj",
    "procedures/party_branch.hj",
];

/// A party procedure and `party_branch.hj`, whose rule sets it applies.
macro_rules! applies_party_rules {
    ($file:literal) => {
        &[$file, "procedures/party_branch.hj"]
    };
}

/// Case directories whose procedure needs other files (a composite, or a
/// procedure applying another's rule sets): the files to load, relative to
/// the crate, the checked procedure's file first.
const COMPOSITES: &[(&str, &[&str])] = &[
    ("two_committees", TWO_COMMITTEES),
    ("two_committees_plan", TWO_COMMITTEES),
    (
        "party_two_recommend",
        applies_party_rules!("procedures/party_two_recommend.hj"),
    ),
    (
        "public_recommend_direct",
        applies_party_rules!("procedures/public_recommend_direct.hj"),
    ),
    (
        "three_recommend",
        applies_party_rules!("procedures/three_recommend.hj"),
    ),
    (
        "two_ballot",
        applies_party_rules!("procedures/two_ballot.hj"),
    ),
    (
        "reverse_order",
        applies_party_rules!("procedures/reverse_order.hj"),
    ),
];

/// What the records of a case directory are checked against.
struct Setup {
    /// Procedure files; the first procedure of the first is checked.
    files: Vec<PathBuf>,
    /// A file defining the plan the records are held against.
    plan: Option<PathBuf>,
}

/// The procedure (and plan) a case directory is checked against.
fn setup_of(case: &Path) -> Setup {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = case.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let own = dir.join("procedure.hj");
    let files = if let Some((_, files)) = COMPOSITES.iter().find(|(d, _)| *d == name) {
        files.iter().map(|f| root.join(f)).collect()
    } else if own.is_file() {
        vec![own]
    } else {
        vec![root.join("procedures").join(format!("{name}.hj"))]
    };
    let plan = Some(dir.join("plan.hj")).filter(|p| p.is_file());
    Setup { files, plan }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks the record at `record` against `setup`: the map (procedure files
/// and plan first, record last), the record's name, the findings and the
/// procedure's name.
fn run_with(setup: &Setup, record: &Path) -> (SourceMap, String, Checked, String) {
    let mut map = SourceMap::new();
    let ids: Vec<_> = setup
        .files
        .iter()
        .map(|f| map.add(relative(f), read(f)))
        .collect();
    let plan_id = setup.plan.as_ref().map(|f| map.add(relative(f), read(f)));
    let outcome = huanjie::lint(&map);
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{:?}: {errors:#?}", setup.files);
    let program = outcome.program.unwrap_or_else(|| panic!("no program"));
    let proc = program
        .procedures
        .iter()
        .find(|p| ids.first() == Some(&p.file))
        .unwrap_or_else(|| panic!("no procedure"));
    let options = match plan_id {
        None => CheckOptions::default(),
        Some(id) => {
            let plan = program
                .plans
                .iter()
                .find(|p| p.file == id)
                .unwrap_or_else(|| panic!("no plan in {:?}", setup.plan));
            let for_proc = program.procedures.get(plan.procedure.0);
            assert_eq!(for_proc.map(|p| &p.name.name), Some(&proc.name.name));
            CheckOptions::with_plan(plan)
        }
    };
    let name = relative(record);
    let id = map.add(name.clone(), read(record));
    let rec = huanjie::record::load(&map, id).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
    let irs = IrCache::new(proc, &options);
    let checked = check(proc, &irs, &rec, &Calendar::builtin(), &options);
    (map, name, checked, proc.name.name.clone())
}

/// Checks one case against its directory's procedure.
fn run(case: &Path) -> (SourceMap, String, Vec<Finding>, String) {
    let (map, name, checked, proc) = run_with(&setup_of(case), case);
    (map, name, checked.findings, proc)
}

/// `kind@stage`, with the code when it is not the kind's own.
fn tag(f: &Finding) -> String {
    let kind = serde_json::to_value(f.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let code = if f.code == f.kind.code() {
        String::new()
    } else {
        format!("({})", f.code.id())
    };
    format!("{kind}{code}@{}", f.stage.as_deref().unwrap_or("-"))
}

fn expected(text: &str) -> Option<Vec<String>> {
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# expect:"))?;
    let mut tags: Vec<String> = line
        .split_whitespace()
        .filter(|t| *t != "none")
        .map(str::to_string)
        .collect();
    tags.sort();
    Some(tags)
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/check");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_case_gives_exactly_the_findings_it_expects() {
    let all = cases();
    assert!(all.len() >= 20, "the corpus is missing: {}", all.len());
    let mut mismatches = Vec::new();
    for case in all {
        let text = read(&case);
        let (_, name, findings, _) = run(&case);
        let Some(want) = expected(&text) else {
            mismatches.push(format!("{name}: no `# expect:` header"));
            continue;
        };
        let mut got: Vec<String> = findings.iter().map(tag).collect();
        got.sort();
        if got != want {
            mismatches.push(format!("{name}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
}

/// The marker, on the line before a constraint or rule, of one that no
/// record can break without breaking another first; the rest of the line says
/// why (docs/procedures.md, “逐条规则的检查记录”).
const NOT_ALONE: &str = "// 不单独测试：";

/// `file:line` of a span.
fn line_of(map: &SourceMap, span: huanjie::span::Span) -> Option<(String, usize)> {
    map.locate(span)
        .map(|(file, line, _)| (file.to_string(), line))
}

/// Every timing constraint, rule and conditional stage of the procedures in
/// `procedures/` is broken by some case: a finding's rule label lies on its
/// first line. An item that cannot be broken alone is marked on the line
/// before it with [`NOT_ALONE`] and a reason.
#[test]
fn every_rule_is_broken_by_some_case() {
    let mut broken = std::collections::BTreeSet::new();
    for case in cases() {
        let (map, _, findings, _) = run(&case);
        broken.extend(findings.iter().filter_map(|f| line_of(&map, f.rule_span)));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut map = SourceMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("procedures"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "hj"))
        .collect();
    files.sort();
    for f in &files {
        map.add(relative(f), read(f));
    }
    let program = huanjie::lint(&map)
        .program
        .unwrap_or_else(|| panic!("procedures/ does not resolve"));
    let mut items = Vec::new();
    for proc in &program.procedures {
        for ph in &proc.phases {
            items.extend(ph.timing.iter().map(|t| t.span));
        }
        for st in &proc.stages {
            if st.when.is_some() {
                items.push(st.span);
            }
            items.extend(st.timing.iter().map(|t| t.span));
            items.extend(st.rules.iter().map(|r| r.span));
        }
    }
    let mut lines: std::collections::BTreeSet<(String, usize)> =
        items.into_iter().filter_map(|s| line_of(&map, s)).collect();
    lines.retain(|(file, line)| {
        let text = read(&root.join(file));
        let before = line.checked_sub(2).and_then(|i| text.lines().nth(i));
        !before.is_some_and(|l| l.trim_start().starts_with(NOT_ALONE))
    });
    let missing: Vec<String> = lines
        .difference(&broken)
        .map(|(file, line)| {
            let text = read(&root.join(file));
            let src = text.lines().nth(line - 1).unwrap_or("").trim();
            let src: String = src.chars().take(60).collect();
            format!("{file}:{line}: {src}")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} rule(s) no case breaks (add a record, or mark `{NOT_ALONE}…` with the reason):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_kind() {
    let mut seen = std::collections::BTreeSet::new();
    for case in cases() {
        for t in expected(&read(&case)).unwrap_or_default() {
            seen.insert(t.split(['@', '(']).next().unwrap_or("").to_string());
        }
    }
    for kind in [
        "missing_stage",
        "unexpected_stage",
        "order",
        "deadline",
        "duration",
        "quorum",
        "rule",
        "result",
        "data",
    ] {
        assert!(seen.contains(kind), "no case expects `{kind}`");
    }
}

#[test]
fn corpus_snapshots() {
    insta::glob!("corpus/check/*/*.toml", |path| {
        let (map, name, checked, proc) = run_with(&setup_of(path), path);
        let findings = checked.findings;
        let human = human_record(
            &name,
            &findings,
            &checked.coverage,
            false,
            &map,
            &RenderOptions::plain(Lang::Zh),
        );
        insta::assert_snapshot!("human", human);
        let doc = DocumentJson {
            // Fixed, so that the snapshots outlive a release.
            version: "0.0.0-test",
            procedure: &proc,
            records: vec![record_json(
                &name,
                Verdict::of(&findings),
                &findings,
                // The coverage object has a test of its own.
                None,
                &map,
                Lang::En,
            )],
            skipped: None,
            summary: None,
        };
        let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn the_examples_check_as_the_readme_says() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir.join("examples/records");
    let setup = Setup {
        files: vec![crate_dir.join("procedures/residents_committee.hj")],
        plan: None,
    };
    let run_against = |record: &Path| {
        let (map, name, checked, proc) = run_with(&setup, record);
        (map, name, checked.findings, proc)
    };
    let (_, _, ok, _) = run_against(&root.join("xinhe_conforming.toml"));
    assert_eq!(Verdict::of(&ok), Verdict::Conforming, "{ok:#?}");
    let (_, _, bad, _) = run_against(&root.join("xinhe_violations.toml"));
    let mut tags: Vec<String> = bad.iter().filter(|f| f.is_error()).map(tag).collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            "deadline@结果上报",
            "deadline@选民名单公布",
            "missing_stage@另行选举",
            "order@当场公布结果",
            "quorum@候选人提名",
            "result@投票选举",
            "rule@投票选举",
            "rule@正式候选人公布",
        ]
    );
}

/// What a record's verdict did not check: the counts in the summary line,
/// the `--verbose` lists, and the JSON `coverage` object.
#[test]
fn coverage_says_what_was_not_checked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/check/residents_committee");
    let case = dir.join("data_missing_fact.toml");
    let (map, name, checked, _) = run_with(&setup_of(&case), &case);
    let counts = checked.coverage.counts();
    assert_eq!(counts.not_checkable, 2, "{:#?}", checked.coverage);
    assert_eq!(counts.manual, 4);
    // The one finding is the gap (`data`), not a failed rule.
    assert_eq!(counts.failed, 0);
    assert_eq!(checked.findings.len(), 1);
    let human = human_record(
        &name,
        &checked.findings,
        &checked.coverage,
        true,
        &map,
        &RenderOptions::plain(Lang::Zh),
    );
    insta::assert_snapshot!("coverage_verbose", human);
    let json = record_json(
        &name,
        Verdict::of(&checked.findings),
        &checked.findings,
        Some(&checked.coverage),
        &map,
        Lang::En,
    );
    let value = serde_json::to_value(&json).unwrap_or_default();
    let cov = &value["coverage"];
    assert_eq!(cov["counts"]["not_checkable"], 2);
    let items = cov["items"].as_array().cloned().unwrap_or_default();
    let lacking: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["status"] == "not_checkable")
        .collect();
    assert_eq!(lacking.len(), 2);
    for i in &lacking {
        assert_eq!(i["missing"][0], "the fact `登记选民`", "{i:#}");
    }
    let manual: Vec<&str> = items
        .iter()
        .filter(|i| i["status"] == "manual")
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(manual.len(), 4);
    assert!(
        manual
            .iter()
            .any(|id| id.starts_with("manual/投票选举/procedures/residents_committee.hj:")),
        "{manual:?}"
    );
    // Identities are unique.
    let mut ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
}
