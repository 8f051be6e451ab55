//! Properties of the checker on the residents' committee procedure:
//!
//! - metamorphic: shifting every date of a record by the same number of days
//!   changes none of its findings (the procedure counts calendar days only,
//!   and has no absolute date);
//! - generated: records dated at the earliest and at the latest day of
//!   every stage's window (solved from the IR's difference constraints with
//!   the election day fixed) conform, and moving a stage whose window closes
//!   by its own deadline one day past it gives exactly one finding: a
//!   `deadline` for that stage;
//! - coverage: in a record generated from a schedule, removing any one fact
//!   or stage changes the coverage of no item that does not read it (the
//!   items' `reads`, derived from the procedure); it changes every checked
//!   item of that stage, and every checked rule that reads that fact in its
//!   own expression. (An item that reads a fact only through a stage's
//!   condition may keep its status: the stage was not held either way.)
#![allow(clippy::panic, reason = "a test fails by panicking")]

use chrono::{NaiveDate, TimeDelta};
use huanjie::check::coverage::{ItemKind, Read};
use huanjie::check::{check, CheckOptions, Checked, Finding, IrCache, Kind, Status};
use huanjie::ir::{day_number, from_day_number, ParamValues, ProcedureIr};
use huanjie::resolve::{Procedure, Program, StageId, Target};
use huanjie::span::SourceMap;
use huanjie::timing::Calendar;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The residents' committee procedure, linted once.
fn program() -> &'static (SourceMap, Program) {
    static PROGRAM: OnceLock<(SourceMap, Program)> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let mut map = SourceMap::new();
        map.add(
            "procedures/residents_committee.hj",
            read(&root().join("procedures/residents_committee.hj")),
        );
        let outcome = huanjie::lint(&map);
        let program = outcome.program.unwrap_or_else(|| panic!("no program"));
        (map, program)
    })
}

fn procedure() -> &'static Procedure {
    program()
        .1
        .procedures
        .first()
        .unwrap_or_else(|| panic!("no procedure"))
}

/// `(kind, code, stage, severity)` of every finding, sorted.
fn tags(findings: &[Finding]) -> Vec<String> {
    let mut t: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{:?}/{}/{}/{:?}",
                f.kind,
                f.code.id(),
                f.stage.as_deref().unwrap_or("-"),
                f.severity
            )
        })
        .collect();
    t.sort();
    t
}

/// Checks a record text against the residents' procedure.
fn run(text: &str) -> Vec<Finding> {
    run_checked(text).findings
}

/// Checks a record text against the residents' procedure: findings and
/// coverage.
fn run_checked(text: &str) -> Checked {
    let proc = procedure();
    let mut map = program().0.clone();
    let id = map.add("r.toml", text);
    let record = huanjie::record::load(&map, id).unwrap_or_else(|d| panic!("{d:#?}\n{text}"));
    let options = CheckOptions::default();
    let irs = IrCache::new(proc, &options);
    check(proc, &irs, &record, &Calendar::builtin(), &options)
}

/// `text` with every `YYYY-MM-DD` moved by `days`.
fn shift(text: &str, days: i64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let shaped = |s: &str| {
            s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
        };
        let date = rest
            .get(..10)
            .filter(|s| shaped(s))
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        match date {
            Some(d) => {
                let moved = d
                    .checked_add_signed(TimeDelta::days(days))
                    .unwrap_or_else(|| panic!("date out of range"));
                out.push_str(&moved.format("%Y-%m-%d").to_string());
                rest = rest.get(10..).unwrap_or("");
            }
            None => {
                let mut chars = rest.chars();
                if let Some(c) = chars.next() {
                    out.push(c);
                }
                rest = chars.as_str();
            }
        }
    }
    out
}

fn corpus() -> &'static Vec<(String, String)> {
    static CASES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CASES.get_or_init(|| {
        let dir = root().join("procedures/tests/residents_committee");
        let mut cases: Vec<(String, String)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| (p.display().to_string(), read(&p)))
            // Ages are whole calendar years: moving a birthday and the
            // election day together across a 29 February can move an age
            // that sits exactly on its limit, so records that test an age
            // limit on its boundary are outside this property.
            .filter(|(_, text)| !text.contains("# boundary: age"))
            .collect();
        cases.sort();
        assert!(!cases.is_empty());
        cases
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn shifting_every_date_changes_no_finding(days in -3000i64..3000) {
        for (name, text) in corpus() {
            let before = tags(&run(text));
            let after = tags(&run(&shift(text, days)));
            prop_assert_eq!(&before, &after, "{} shifted by {} days", name, days);
        }
    }
}

#[test]
fn a_conforming_record_shifted_stays_conforming() {
    let text = read(&root().join("examples/records/xinhe_conforming.toml"));
    for days in [-400, -1, 1, 7, 365, 1000] {
        let f = run(&shift(&text, days));
        assert!(f.iter().all(|f| !f.is_error()), "{days}: {f:#?}");
    }
}

/// Stages left out of generated records: their condition is false in the
/// template (no movable ballot box, no shortfall, hence no runoff report).
const LEFT_OUT: [&str; 4] = [
    "决定流动票箱",
    "流动票箱公布",
    "另行选举",
    "另行选举结果上报",
];

/// The template for generated records: the conforming corpus record, whose
/// stage dates are replaced.
fn template() -> String {
    read(&root().join("procedures/tests/residents_committee/conforming.toml"))
}

/// `template` with the stages dated `dates` (first and last day numbers);
/// the template's own dates are dropped, and stages it lacks are added.
fn with_dates(template: &str, dates: &BTreeMap<String, (i64, i64)>) -> String {
    let date = |n: i64| {
        from_day_number(n)
            .unwrap_or_else(|| panic!("day {n}"))
            .format("%Y-%m-%d")
            .to_string()
    };
    let lines_for = |(a, b): (i64, i64)| {
        if a == b {
            format!("date = {}\n", date(a))
        } else {
            format!("start = {}\nend = {}\n", date(a), date(b))
        }
    };
    let mut out = String::new();
    let mut in_stage = false;
    let mut seen = Vec::new();
    for line in template.lines() {
        if let Some(name) = line
            .strip_prefix("[stages.")
            .and_then(|l| l.strip_suffix(']'))
        {
            in_stage = true;
            out.push_str(line);
            out.push('\n');
            if let Some(d) = dates.get(name) {
                out.push_str(&lines_for(*d));
            }
            seen.push(name.to_string());
            continue;
        }
        if line.starts_with('[') {
            in_stage = false;
        }
        let dated = ["date =", "start =", "end ="]
            .iter()
            .any(|k| line.starts_with(k));
        if in_stage && dated {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    for (name, d) in dates {
        if !seen.contains(name) {
            out.push_str(&format!("\n[stages.{name}]\n{}", lines_for(*d)));
        }
    }
    out
}

/// The earliest and latest schedules with the election on `election`, every
/// stage one day long and within 60 days before to 30 days after it, and
/// `fixed` stages pinned to given days.
fn windows(
    election: i64,
    fixed: &[(StageId, i64, i64)],
) -> (ProcedureIr, Vec<huanjie::timing::Bounds>) {
    let proc = procedure();
    let ir = huanjie::ir::compile(proc, &ParamValues::defaults(proc));
    let mut net = ir.network();
    let mut tag = ir.constraints.len();
    let (anchor, _) = proc
        .stage("投票选举")
        .unwrap_or_else(|| panic!("no election stage"));
    let t = Target::Stage(anchor);
    net.add_eq(ProcedureIr::ORIGIN, ir.start(t), election, tag);
    net.add_eq(ProcedureIr::ORIGIN, ir.end(t), election, tag);
    for (i, _) in proc.stages.iter().enumerate() {
        tag += 1;
        let t = Target::Stage(StageId(i));
        for p in [ir.start(t), ir.end(t)] {
            net.add_range(
                ProcedureIr::ORIGIN,
                p,
                Some(election - 60),
                Some(election + 30),
                tag,
            );
        }
        // One-day stages: the procedure has no `lasts` rule.
        net.add_eq(ir.start(t), ir.end(t), 0, tag);
    }
    for (s, a, b) in fixed {
        tag += 1;
        let t = Target::Stage(*s);
        net.add_eq(ProcedureIr::ORIGIN, ir.start(t), *a, tag);
        net.add_eq(ProcedureIr::ORIGIN, ir.end(t), *b, tag);
    }
    let bounds = net
        .bounds_from(ProcedureIr::ORIGIN)
        .unwrap_or_else(|c| panic!("no schedule: {c}"));
    (ir, bounds)
}

/// Every stage (but the left-out ones) at its earliest or latest days.
fn schedule(
    ir: &ProcedureIr,
    bounds: &[huanjie::timing::Bounds],
    latest: bool,
) -> BTreeMap<String, (i64, i64)> {
    let proc = procedure();
    let pick = |p: usize| {
        let b = bounds.get(p).copied().unwrap_or_default();
        let v = if latest { b.latest } else { b.earliest };
        v.unwrap_or_else(|| panic!("unbounded point {p}"))
    };
    proc.stages
        .iter()
        .enumerate()
        .filter(|(_, s)| !LEFT_OUT.contains(&s.name.name.as_str()))
        .map(|(i, s)| {
            let t = Target::Stage(StageId(i));
            (s.name.name.clone(), (pick(ir.start(t)), pick(ir.end(t))))
        })
        .collect()
}

/// Stages whose window closes by a day-count rule of their own (and on
/// which no other stage presses at that day).
const DEADLINE_BOUND: [&str; 8] = [
    "选民名单公布",
    "选民名单申诉",
    "申诉处理",
    "提名结果公布",
    "正式候选人公布",
    "委托投票名单公布",
    "当场公布结果",
    "结果上报",
];

fn errors(f: &[Finding]) -> Vec<&Finding> {
    f.iter().filter(|f| f.is_error()).collect()
}

fn generated(election: i64) {
    let proc = procedure();
    let tpl = template();
    let (ir, bounds) = windows(election, &[]);
    for latest in [false, true] {
        let dates = schedule(&ir, &bounds, latest);
        let f = run(&with_dates(&tpl, &dates));
        assert!(errors(&f).is_empty(), "latest={latest}: {f:#?}");
    }
    for name in DEADLINE_BOUND {
        let (s, _) = proc
            .stage(name)
            .unwrap_or_else(|| panic!("no stage {name}"));
        let t = Target::Stage(s);
        let b = |p: usize| {
            bounds
                .get(p)
                .and_then(|b| b.latest)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let (a, z) = (b(ir.start(t)), b(ir.end(t)));
        // The others as late as they can be with this stage at its latest.
        let (ir2, pinned) = windows(election, &[(s, a, z)]);
        let mut dates = schedule(&ir2, &pinned, true);
        let text = with_dates(&tpl, &dates);
        assert!(errors(&run(&text)).is_empty(), "{name} at its latest");
        dates.insert(name.to_string(), (a + 1, z + 1));
        let f = run(&with_dates(&tpl, &dates));
        let e = errors(&f);
        assert_eq!(e.len(), 1, "{name} one day late: {f:#?}");
        assert!(
            e.iter()
                .all(|f| f.kind == Kind::Deadline && f.stage.as_deref() == Some(name)),
            "{name} one day late: {f:#?}"
        );
    }
}

#[test]
fn windows_of_the_seed_plan() {
    let election = day_number(NaiveDate::from_ymd_opt(2021, 1, 28).unwrap_or_default());
    generated(election);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn windows_of_any_election_day(offset in 0i64..4000) {
        let election = day_number(NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default()) + offset;
        generated(election);
    }
}

/// The facts a record gives: `(stage, name)`, the stage `None` for those
/// of `[facts]`.
fn facts_in(text: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut section: Option<Option<String>> = None;
    for line in text.lines() {
        if line.starts_with('[') {
            section = if line == "[facts]" {
                Some(None)
            } else {
                line.strip_prefix("[stages.")
                    .and_then(|l| l.strip_suffix(']'))
                    .map(|n| Some(n.to_string()))
            };
            continue;
        }
        match (&section, line.split_once('=')) {
            (Some(None), Some((k, _))) if !line.starts_with('#') => {
                out.push((None, k.trim().to_string()));
            }
            (Some(Some(stage)), Some(("facts ", inline))) => {
                let inner = inline.trim().trim_start_matches('{').trim_end_matches('}');
                for kv in inner.split(',') {
                    if let Some((k, _)) = kv.split_once('=') {
                        out.push((Some(stage.clone()), k.trim().to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `text` without the fact `name` (of `stage`, else of `[facts]`).
fn without_fact(text: &str, stage: Option<&str>, name: &str) -> String {
    let mut out = String::new();
    let mut here = false;
    for line in text.lines() {
        if line.starts_with('[') {
            here = match stage {
                None => line == "[facts]",
                Some(s) => line == format!("[stages.{s}]"),
            };
        }
        let key = line.split_once('=').map(|(k, _)| k.trim());
        if here && stage.is_none() && key == Some(name) {
            continue;
        }
        if here && stage.is_some() && key == Some("facts") {
            let inner = line
                .split_once('=')
                .map(|(_, v)| v.trim().trim_start_matches('{').trim_end_matches('}'))
                .unwrap_or("");
            let kept: Vec<&str> = inner
                .split(',')
                .filter(|kv| kv.split_once('=').map(|(k, _)| k.trim()) != Some(name))
                .map(str::trim)
                .collect();
            out.push_str(&format!("facts = {{ {} }}\n", kept.join(", ")));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `text` without the stage `name` (its table and its tally).
fn without_stage(text: &str, name: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    let own = format!("[stages.{name}]");
    let sub = format!("[[stages.{name}.");
    for line in text.lines() {
        if line.starts_with('[') {
            skip = line == own || line.starts_with(&sub);
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The indices of the items whose status differs; the items themselves
/// must be the same (the procedure's, whatever the record).
fn changed(before: &Checked, after: &Checked) -> Vec<usize> {
    let (a, b) = (&before.coverage.items, &after.coverage.items);
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .enumerate()
        .filter(|(_, (x, y))| {
            assert_eq!(
                (x.about.kind, x.about.rule_span),
                (y.about.kind, y.about.rule_span)
            );
            x.status != y.status
        })
        .map(|(i, _)| i)
        .collect()
}

fn coverage_follows_reads(election: i64, latest: bool) {
    let proc = procedure();
    let (ir, bounds) = windows(election, &[]);
    let text = with_dates(&template(), &schedule(&ir, &bounds, latest));
    let base = run_checked(&text);
    assert!(
        base.findings.iter().all(|f| !f.is_error()),
        "{:#?}",
        base.findings
    );
    let items = &base.coverage.items;
    let checked = |i: usize| matches!(items.get(i).map(|x| &x.status), Some(Status::Checked(_)));
    let mut removals: Vec<(String, Read, String)> = Vec::new();
    for (stage, name) in facts_in(&text) {
        let id = proc
            .facts
            .iter()
            .position(|f| f.name.name == name)
            .unwrap_or_else(|| panic!("no fact {name}"));
        let read = Read::Fact(huanjie::resolve::FactId(id));
        removals.push((
            format!("fact {name}"),
            read,
            without_fact(&text, stage.as_deref(), &name),
        ));
    }
    for (i, st) in proc.stages.iter().enumerate() {
        let name = st.name.name.as_str();
        if LEFT_OUT.contains(&name) {
            continue;
        }
        let read = Read::Stage(StageId(i));
        removals.push((format!("stage {name}"), read, without_stage(&text, name)));
    }
    assert!(removals.len() > 20, "{}", removals.len());
    for (what, read, text) in removals {
        let after = run_checked(&text);
        let moved = changed(&base, &after);
        for i in &moved {
            let item = items.get(*i).unwrap_or_else(|| panic!("{i}"));
            assert!(
                item.about.reads.contains(&read),
                "removing {what} changed an item that does not read it: {item:#?}"
            );
        }
        let must: Vec<usize> = (0..items.len())
            .filter(|i| checked(*i))
            .filter(|i| {
                let item = &items[*i];
                match read {
                    // A stage's own items, and its timing constraints.
                    Read::Stage(s) => {
                        item.about.stage.as_deref()
                            == proc.stages.get(s.0).map(|st| st.name.name.as_str())
                    }
                    // A rule that reads it in its own expression (its
                    // stage is unconditional, so the fact is not read
                    // through a condition that may leave it unchanged).
                    Read::Fact(_) => {
                        let own_stage = proc
                            .stages
                            .iter()
                            .find(|st| Some(st.name.name.as_str()) == item.about.stage.as_deref());
                        matches!(
                            item.about.kind,
                            ItemKind::Quorum | ItemKind::Require | ItemKind::Elect
                        ) && own_stage.is_some_and(|st| st.when.is_none())
                            && item.about.reads.contains(&read)
                    }
                }
            })
            .collect();
        for i in must {
            assert!(
                moved.contains(&i),
                "removing {what} left an item that reads it unchanged: {:#?}",
                items[i]
            );
        }
    }
}

#[test]
fn coverage_follows_reads_for_the_seed_plan() {
    let election = day_number(NaiveDate::from_ymd_opt(2021, 1, 28).unwrap_or_default());
    coverage_follows_reads(election, false);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn coverage_follows_reads_for_any_schedule(offset in 0i64..4000, latest in any::<bool>()) {
        let election = day_number(NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default()) + offset;
        coverage_follows_reads(election, latest);
    }
}
