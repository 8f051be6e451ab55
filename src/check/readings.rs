//! Contested readings: a record is judged under every combination of the
//! readings the procedure leaves open ([`Procedure::questions`]: contested
//! parameters, and "N 日前" when the procedure does not fix it), and the
//! findings of the runs are merged:
//!
//! - a finding that every run makes is kept as it is (from the first run,
//!   which reads every question by its default);
//! - an error that only some runs make becomes a warning (HJ310) that says
//!   under which readings it fails and under which it passes, with the
//!   source of each reading; its kind, stage and locations are the error's.
//!
//! A question fixed outside the procedure (a plan, `--param`, the record's
//! `[params]`) is not open: its value decides alone, and a violation is an
//! error again. See docs/design/contested.md.

use super::coverage::{Coverage, Outcome, Status};
use super::finding::Finding;
use super::{CheckOptions, Checked, Kind};
use crate::ast::Reading;
use crate::diag::{Code, Severity, Text};
use crate::record::Record;
use crate::resolve::{Choice, ParamId, Procedure, Question, Subject, Value};
use std::collections::{BTreeSet, HashMap};

/// What one run fixes: values of contested parameters, and the reading of
/// "N 日前" for the constraints that do not fix their own.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Run {
    pub params: Vec<(ParamId, Value)>,
    pub days_before: Option<Reading>,
}

/// The questions that stay open for `record`: the procedure's, less those
/// that `options` or the record's `[params]` answer.
pub(crate) fn open(proc: &Procedure, record: &Record, options: &CheckOptions) -> Vec<Question> {
    proc.questions()
        .into_iter()
        .filter(|q| match q.subject {
            Subject::Param(p) => {
                let name = proc.params.get(p.0).map(|d| d.name.name.as_str());
                !options.params.iter().any(|(id, _)| *id == p)
                    && !record.params.iter().any(|e| {
                        Some(e.name.value.as_str()) == name
                            && e.value.value != crate::record::Value::Blank
                    })
            }
            Subject::DaysBefore => options.days_before.is_none(),
        })
        .collect()
}

/// A note for each contested parameter the record itself fixes in its
/// `[params]` (and nothing outside it does): the inspector should see that
/// the verdict follows the reading the record chose.
pub(crate) fn chosen_by_record(
    proc: &Procedure,
    record: &Record,
    options: &CheckOptions,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for q in proc.questions() {
        let Subject::Param(p) = q.subject else {
            continue;
        };
        if options.params.iter().any(|(id, _)| *id == p) {
            continue;
        }
        let entry = record
            .params
            .iter()
            .find(|e| e.name.value == q.name && e.value.value != crate::record::Value::Blank);
        let Some(e) = entry else { continue };
        let labels: Vec<&str> = q.answers.iter().map(|a| a.label.as_str()).collect();
        out.push(
            Finding::warning(
                Kind::Data,
                Text::new(
                    format!(
                        "记录自行选定了有争议的参数 `{}` 的读法；本记录只按该读法检查（可选读法：{}）",
                        q.name,
                        labels.join("、")
                    ),
                    format!(
                        "the record itself fixes the reading of the contested parameter `{}`; it is checked under that reading only (readings: {})",
                        q.name,
                        labels.join(", ")
                    ),
                ),
                e.value.span,
            )
            .with_code(Code::ReadingDependent)
            .with_rule(q.span)
            .with_note(sources_note(&q)),
        );
    }
    out
}

/// Every combination of answers, the defaults first; each is one answer
/// index per question.
pub(crate) fn combinations(questions: &[Question]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for q in questions {
        // The default first, then the others in declaration order.
        let order: Vec<usize> = std::iter::once(q.default)
            .chain((0..q.answers.len()).filter(|&a| a != q.default))
            .collect();
        out = out
            .iter()
            .flat_map(|c| {
                order.iter().map(move |&a| {
                    let mut c = c.clone();
                    c.push(a);
                    c
                })
            })
            .collect();
    }
    out
}

/// The run for one combination.
pub(crate) fn run(questions: &[Question], combo: &[usize]) -> Run {
    let mut run = Run::default();
    for (q, &a) in questions.iter().zip(combo) {
        match (q.subject, q.answers.get(a).map(|x| &x.choice)) {
            (Subject::Param(p), Some(Choice::Value(v))) => run.params.push((p, v.clone())),
            (Subject::DaysBefore, Some(Choice::Reading(r))) => run.days_before = Some(*r),
            _ => {}
        }
    }
    run
}

/// Where a finding depends on contested readings: the combinations (each a
/// list of question name and reading label) under which it holds and those
/// under which it does not, and every reading's source.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependence {
    pub fails_under: Vec<Vec<(String, String)>>,
    pub passes_under: Vec<Vec<(String, String)>>,
    /// Per question involved: its name and its readings (label, source).
    pub questions: Vec<(String, Vec<(String, Text)>)>,
}

type Key = (
    super::Kind,
    Code,
    Option<String>,
    (u32, u32, u32),
    (u32, u32, u32),
);

/// Merges the checks of the runs (one per combination, in the order of
/// [`combinations`]): their findings as the module documentation says, and
/// their coverage — an obligation checked in every run whose outcome
/// differs between runs is a warning; otherwise the first run's status.
pub(crate) fn merge(questions: &[Question], combos: &[Vec<usize>], runs: Vec<Checked>) -> Checked {
    let mut coverages = Vec::with_capacity(runs.len());
    let runs: Vec<Vec<Finding>> = runs
        .into_iter()
        .map(|c| {
            coverages.push(c.coverage);
            c.findings
        })
        .collect();
    Checked {
        findings: merge_findings(questions, combos, runs),
        coverage: merge_coverage(coverages),
    }
}

fn merge_coverage(runs: Vec<Coverage>) -> Coverage {
    let mut runs = runs.into_iter();
    let Some(mut first) = runs.next() else {
        return Coverage::default();
    };
    let rest: Vec<Coverage> = runs.collect();
    for (i, item) in first.items.iter_mut().enumerate() {
        let others: Vec<&Status> = rest
            .iter()
            .filter_map(|c| c.items.get(i))
            .filter(|o| {
                o.about.kind == item.about.kind && o.about.rule_span == item.about.rule_span
            })
            .map(|o| &o.status)
            .collect();
        if others.iter().all(|o| **o == item.status) {
            continue;
        }
        // The status depends on the reading: not checkable under one is not
        // checkable; otherwise it holds under some readings only.
        if matches!(item.status, Status::NotCheckable(_)) {
            continue;
        }
        item.status = match others
            .into_iter()
            .find(|o| matches!(o, Status::NotCheckable(_)))
        {
            Some(nc) => nc.clone(),
            None => Status::Checked(Outcome::Warning),
        };
    }
    first
}

fn merge_findings(
    questions: &[Question],
    combos: &[Vec<usize>],
    runs: Vec<Vec<Finding>>,
) -> Vec<Finding> {
    let n = runs.len();
    let mut found: Vec<(Finding, Vec<usize>)> = Vec::new();
    let mut index: HashMap<(Key, usize), usize> = HashMap::new();
    for (r, run) in runs.into_iter().enumerate() {
        let mut seen: HashMap<Key, usize> = HashMap::new();
        for f in run {
            // Data findings are matched in order, not by place: the values a
            // record lacks can differ by reading, and the one finding that
            // names them then starts elsewhere.
            let key: Key = if f.kind == Kind::Data {
                (f.kind, f.code, None, (0, 0, 0), (0, 0, 0))
            } else {
                (
                    f.kind,
                    f.code,
                    f.stage.clone(),
                    f.record_span.sort_key(),
                    f.rule_span.sort_key(),
                )
            };
            let nth = seen.entry(key.clone()).or_insert(0);
            let at = (key, *nth);
            *nth += 1;
            match index.get(&at).and_then(|&i| found.get_mut(i)) {
                Some((kept, in_runs)) => {
                    if kept.kind == Kind::Data && kept.message != f.message {
                        let other = Text::new(
                            format!("按另一种读法：{}", f.message.zh),
                            format!("under another reading: {}", f.message.en),
                        );
                        if !kept.notes.contains(&other) {
                            kept.notes.push(other);
                        }
                    }
                    in_runs.push(r);
                }
                None => {
                    index.insert(at, found.len());
                    found.push((f, vec![r]));
                }
            }
        }
    }
    // A data finding is never a matter of reading: missing or impossible
    // data under any reading leaves the record unverified.
    let mut out: Vec<Finding> = found
        .into_iter()
        .map(|(f, in_runs)| {
            if in_runs.len() == n || f.severity != Severity::Error || f.kind == Kind::Data {
                f
            } else {
                dependent(f, questions, combos, &in_runs)
            }
        })
        .collect();
    super::sort(&mut out);
    out
}

/// The warning for an error that only the runs `failing` make.
fn dependent(
    f: Finding,
    questions: &[Question],
    combos: &[Vec<usize>],
    failing: &[usize],
) -> Finding {
    let passing: Vec<usize> = (0..combos.len()).filter(|r| !failing.contains(r)).collect();
    let fails = summarise(questions, combos, failing);
    let passes = summarise(questions, combos, &passing);
    let involved: BTreeSet<usize> = fails
        .iter()
        .chain(&passes)
        .flat_map(|c| c.iter().map(|(q, _)| *q))
        .collect();
    let (fz, fe) = words(questions, &fails);
    let (pz, pe) = words(questions, &passes);
    let message = Text::new(
        format!(
            "{fz}时不符合，{pz}时符合（读法有争议，作警告处理）：{}",
            f.message.zh
        ),
        format!(
            "fails when {fe} and passes when {pe} (contested, so a warning): {}",
            f.message.en
        ),
    );
    let mut notes: Vec<Text> = involved
        .iter()
        .filter_map(|&q| questions.get(q))
        .map(sources_note)
        .collect();
    notes.push(fix_note(questions, &involved));
    notes.extend(f.notes.iter().cloned());
    let named = |cs: &[Vec<(usize, usize)>]| -> Vec<Vec<(String, String)>> {
        cs.iter()
            .map(|c| {
                c.iter()
                    .filter_map(|&(q, a)| {
                        let q = questions.get(q)?;
                        Some((q.name.clone(), q.answers.get(a)?.label.clone()))
                    })
                    .collect()
            })
            .collect()
    };
    let dependence = Dependence {
        fails_under: named(&fails),
        passes_under: named(&passes),
        questions: involved
            .iter()
            .filter_map(|&q| questions.get(q))
            .map(|q| {
                let readings = q
                    .answers
                    .iter()
                    .map(|a| (a.label.clone(), a.source.clone()))
                    .collect();
                (q.name.clone(), readings)
            })
            .collect(),
    };
    let expected = f.expected.as_ref().map(|e| {
        Text::new(
            format!("{}（{fz}时）", e.zh),
            format!("{} (when {fe})", e.en),
        )
    });
    Finding {
        code: Code::ReadingDependent,
        expected,
        severity: Severity::Warning,
        message,
        notes,
        readings: Some(dependence),
        ..f
    }
}

/// The combinations `runs` in as few words as they allow: when they are
/// every combination of some answers of some questions (a product), only
/// those questions are named; otherwise each combination in full.
fn summarise(
    questions: &[Question],
    combos: &[Vec<usize>],
    runs: &[usize],
) -> Vec<Vec<(usize, usize)>> {
    let chosen: Vec<&Vec<usize>> = runs.iter().filter_map(|&r| combos.get(r)).collect();
    let sets: Vec<BTreeSet<usize>> = (0..questions.len())
        .map(|q| chosen.iter().filter_map(|c| c.get(q).copied()).collect())
        .collect();
    let product: usize = sets.iter().map(BTreeSet::len).product();
    if product == chosen.len() {
        let deciding: Vec<usize> = (0..questions.len())
            .filter(|&q| {
                let all = questions.get(q).map_or(0, |x| x.answers.len());
                sets.get(q).map_or(0, BTreeSet::len) < all
            })
            .collect();
        let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
        for q in deciding {
            let answers: Vec<usize> = sets
                .get(q)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            out = out
                .iter()
                .flat_map(|c| {
                    answers.iter().map(move |&a| {
                        let mut c = c.clone();
                        c.push((q, a));
                        c
                    })
                })
                .collect();
        }
        return out;
    }
    chosen
        .iter()
        .map(|c| c.iter().copied().enumerate().collect())
        .collect()
}

/// "A 且 B，或 C" / "A and B, or C".
fn words(questions: &[Question], combos: &[Vec<(usize, usize)>]) -> (String, String) {
    let all: Vec<Text> = combos
        .iter()
        .map(|c| {
            let parts: Vec<Text> = c
                .iter()
                .filter_map(|&(q, a)| Some(questions.get(q)?.describe(a)))
                .collect();
            Text::join(&parts, "且", " and ")
        })
        .collect();
    let t = Text::join(&all, "，或", ", or ");
    (t.zh, t.en)
}

/// "有争议：`X` 的读法——“甲”：source；“乙”：source".
fn sources_note(q: &Question) -> Text {
    let zh: Vec<String> = q
        .answers
        .iter()
        .map(|a| format!("“{}”：{}", a.label, a.source.zh))
        .collect();
    let en: Vec<String> = q
        .answers
        .iter()
        .map(|a| format!("“{}”: {}", a.label, a.source.en))
        .collect();
    Text::new(
        format!("有争议的读法（`{}`）——{}", q.name, zh.join("；")),
        format!("contested readings of `{}` — {}", q.name, en.join("; ")),
    )
}

/// How to fix a reading, for the questions involved.
fn fix_note(questions: &[Question], involved: &BTreeSet<usize>) -> Text {
    let first = involved.iter().filter_map(|&q| questions.get(q)).next();
    let (name, label) = first
        .map(|q| {
            let other = q.answers.get(q.default).map_or("", |a| a.label.as_str());
            (q.name.as_str(), other)
        })
        .unwrap_or(("", ""));
    if first.is_some_and(|q| q.subject == Subject::DaysBefore) {
        return Text::new(
            format!(
                "当地已明确采用某种读法时，用 `--param {name}={label}` 选定它，或在程序中写 `设定 {name} = {label}`，\
                 此后只按该读法判断，不合规即为错误"
            ),
            format!(
                "where the locality has settled the reading, fix it with `--param {name}={label}`, or write \
                 `setting days_before = …` in the procedure: then that reading alone decides, and a violation is an error"
            ),
        );
    }
    Text::new(
        format!(
            "当地已明确采用某种读法时，用 `--param {name}={label}`（或在计划中写 `参数 {name} = \"{label}\"`）选定它，\
             此后只按该读法判断，不合规即为错误"
        ),
        format!(
            "where the locality has settled the reading, fix it with `--param {name}={label}` (or \
             `param {name} = \"{label}\"` in a plan): then that reading alone decides, and a violation is an error"
        ),
    )
}
