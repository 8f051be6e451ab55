//! The checker's outcome corpus: the test records of the library's
//! procedures, `procedures/tests/<procedure>/<case>.toml`, and of the
//! checker's own fixtures, `tests/corpus/checker/<name>.hj` with records in
//! `tests/corpus/checker/tests/<name>/` (docs/testing.md). A records folder
//! with a `plan.hj` holds its records against that plan (as `huanjie check
//! --plan` does).
//!
//! Each record states, in its top-level `expect`, the findings it must give,
//! exactly and nothing else:
//!
//! ```toml
//! expect = [{ kind = "deadline", stage = "选民名单公布" }, { kind = "data", code = "HJ311" }]
//! ```
//!
//! or `expect = "conforming"`. The records are run by the same code as
//! `huanjie test` ([`huanjie::cli::test::collect`]). Each case also has two
//! reviewed snapshots: the human report in Chinese (no colour, width 80) and
//! the JSON document in English.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use huanjie::check::render::{human_record, record_json, DocumentJson};
use huanjie::check::{check, CheckOptions, Checked, Finding, IrCache, Verdict};
use huanjie::cli::test::{collect, Collected};
use huanjie::diag::render::RenderOptions;
use huanjie::diag::Lang;
use huanjie::span::SourceMap;
use huanjie::testing::Outcome;
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

/// The procedure (and plan) a case directory is checked against: a library
/// records folder `procedures/tests/NAME/` the procedure file
/// `procedures/NAME.hj` (or the files of [`COMPOSITES`]), a fixture folder
/// `tests/corpus/checker/tests/NAME/` the file `tests/corpus/checker/NAME.hj`.
fn setup_of(case: &Path) -> Setup {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = case.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let beside = dir
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."))
        .join(format!("{name}.hj"));
    let files = if let Some((_, files)) = COMPOSITES.iter().find(|(d, _)| *d == name) {
        files.iter().map(|f| root.join(f)).collect()
    } else {
        vec![beside]
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

/// The roots `huanjie test` is run on: the library, and each fixture
/// procedure alone (two of them define a procedure of the library's name).
fn roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("procedures")];
    let fixtures = root.join("tests/corpus/checker");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "hj"))
        .collect();
    files.sort();
    out.extend(files);
    out
}

/// Every root run as `huanjie test` runs it.
fn collected() -> Vec<Collected> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    roots()
        .into_iter()
        .map(|r| {
            collect(std::slice::from_ref(&r), base).unwrap_or_else(|s| {
                panic!(
                    "{}: {}",
                    r.display(),
                    huanjie::diag::render::render_human(
                        &s.diagnostics,
                        &s.map,
                        &RenderOptions::plain(Lang::En)
                    )
                )
            })
        })
        .collect()
}

#[test]
fn every_case_gives_exactly_the_findings_it_expects() {
    let runs = collected();
    let n: usize = runs.iter().map(|r| r.cases.len()).sum();
    assert!(n >= 250, "the corpus is missing: {n}");
    let mut report = String::new();
    for run in &runs {
        let failed: Vec<_> = run.cases.iter().filter(|c| !c.passed()).collect();
        if !failed.is_empty() {
            let failed: Vec<_> = run
                .cases
                .iter()
                .filter(|c| !c.passed())
                .map(|c| c.record.clone())
                .collect();
            report.push_str(&failed.join("\n"));
            report.push_str(&huanjie::testing::render::human(
                &run.cases,
                &run.map,
                &RenderOptions::plain(Lang::En),
            ));
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

/// Every timing constraint, rule and conditional stage of the procedures in
/// `procedures/` is broken by some case: a finding's rule label lies on its
/// first line (or its coverage item there fails). An item that cannot be
/// broken alone is marked on the line before it with
/// [`huanjie::testing::coverage::NOT_ALONE`] and a reason. The same table
/// as `huanjie test procedures/ --coverage`.
#[test]
fn every_rule_is_broken_by_some_case() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = collect(&[base.join("procedures")], base).unwrap_or_else(|_| panic!("procedures/"));
    let cov = run.coverage();
    assert!(cov.rules.len() > 100, "{}", cov.rules.len());
    let missing: Vec<String> = cov
        .rules
        .iter()
        .filter(|r| cov.without_failing.contains(&r.id))
        .map(|r| format!("{}: {}", r.id, r.text))
        .collect();
    assert!(
        missing.is_empty(),
        "{} rule(s) no case breaks (add a record, or mark `{}…` with the reason):\n{}",
        missing.len(),
        huanjie::testing::coverage::NOT_ALONE,
        missing.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_kind() {
    let mut seen = std::collections::BTreeSet::new();
    for run in collected() {
        for case in &run.cases {
            if let Outcome::Ran(r) = &case.outcome {
                seen.extend(r.expected.iter().map(|t| t.kind.clone()));
            }
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
    let snapshot = |path: &Path| {
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
    };
    insta::glob!("../procedures/tests", "*/*.toml", snapshot);
    insta::glob!("corpus/checker/tests", "*/*.toml", snapshot);
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

/// The worked village example (`examples/village/`) conforms to the village
/// committee procedure, as its header says.
#[test]
fn the_village_example_conforms() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup = Setup {
        files: vec![crate_dir.join("procedures/village_committee.hj")],
        plan: None,
    };
    let record = crate_dir.join("examples/village/conforming.toml");
    let (_, _, checked, _) = run_with(&setup, &record);
    assert_eq!(
        Verdict::of(&checked.findings),
        Verdict::Conforming,
        "{:#?}",
        checked.findings
    );
    assert!(checked.findings.is_empty(), "{:#?}", checked.findings);
}

/// What a record's verdict did not check: the counts in the summary line,
/// the `--verbose` lists, and the JSON `coverage` object.
#[test]
fn coverage_says_what_was_not_checked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("procedures/tests/residents_committee");
    let case = dir.join("data_missing_fact.toml");
    let (map, name, checked, _) = run_with(&setup_of(&case), &case);
    let counts = checked.coverage.counts();
    assert_eq!(counts.not_checkable, 2, "{:#?}", checked.coverage);
    // 秘密写票处、笔画排序、受托人近亲属、街道审查后备案(结果上报)和任职回避;另行选举的人工核对不适用。
    assert_eq!(counts.manual, 5);
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
    assert_eq!(manual.len(), 5);
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

/// The worked example of the people's congress direct election
/// (`examples/npc_direct/`): one record conforms, the other has exactly the
/// six violations its header lists.
#[test]
fn the_npc_examples_check_as_their_headers_say() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir.join("examples/npc_direct");
    let setup = Setup {
        files: vec![crate_dir.join("procedures/npc_direct.hj")],
        plan: None,
    };
    let (_, _, ok, _) = run_with(&setup, &root.join("pingan_conforming.toml"));
    assert!(ok.findings.is_empty(), "{:#?}", ok.findings);
    let (_, _, bad, _) = run_with(&setup, &root.join("pingan_violations.toml"));
    let mut tags: Vec<String> = bad.findings.iter().map(tag).collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            "deadline@介绍代表候选人",
            "deadline@申诉处理",
            "deadline@选民名单公布",
            "result@另行选举",
            "rule@投票选举",
            "rule@正式代表候选人名单公布",
        ]
    );
}
