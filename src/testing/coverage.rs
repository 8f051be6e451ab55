//! Rule coverage of a set of test records: for every timing constraint,
//! rule and conditional stage of the procedures under test, on its line,
//! which records make it pass and which make it fail.
//!
//! A record makes a rule *fail* when a finding of its own points at the
//! rule's line (the finding's rule label), or its coverage item there is a
//! failure or warning; it makes it *pass* when its coverage item there is a
//! pass. A rule that cannot be broken alone is marked on the line before it
//! with [`NOT_ALONE`] and a reason (docs/procedures.md); the table gives the
//! reason instead of asking for a failing record.

use super::CaseResult;
use crate::check::coverage::{Outcome, Status};
use crate::resolve::Procedure;
use crate::span::{SourceMap, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The marker, on the line before a rule, of one no record can break
/// without breaking another first; the rest of the line says why.
pub const NOT_ALONE: &str = "// 不单独测试：";

/// One rule line and the records that make it pass and fail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleLine {
    /// `file:line` as docs/procedures.md writes it.
    pub id: String,
    pub file: String,
    pub line: usize,
    /// `timing`, `quorum`, `require`, `elect` or `stage` (a conditional stage).
    pub kind: &'static str,
    /// The stage or phase it belongs to.
    pub stage: String,
    /// The line's text, trimmed (at most 60 characters).
    pub text: String,
    /// Records that make it pass.
    pub passing: Vec<String>,
    /// Records that make it fail.
    pub failing: Vec<String>,
    /// The reason it is not tested alone, when marked so.
    pub not_alone: Option<String>,
}

/// The coverage of a set of records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RuleCoverage {
    pub rules: Vec<RuleLine>,
    /// Rules no record makes fail (and not marked as not testable alone).
    pub without_failing: Vec<String>,
    /// Rules no record makes pass.
    pub without_passing: Vec<String>,
}

type Key = (String, usize);

fn key_of(map: &SourceMap, span: Span) -> Option<Key> {
    map.locate(span).map(|(f, l, _)| (f.to_string(), l))
}

/// The rule lines of `procedures`, with what `cases` did to them.
pub fn coverage(procedures: &[&Procedure], cases: &[CaseResult], map: &SourceMap) -> RuleCoverage {
    let mut rows: BTreeMap<Key, RuleLine> = BTreeMap::new();
    for proc in procedures {
        for (kind, stage, span) in rule_spans(proc) {
            let Some(key) = key_of(map, span) else {
                continue;
            };
            rows.entry(key.clone())
                .or_insert_with(|| row(map, key, kind, stage));
        }
    }
    for case in cases {
        let Some(checked) = case.checked() else {
            continue;
        };
        let mut fails: BTreeSet<Key> = checked
            .findings
            .iter()
            .filter_map(|f| key_of(map, f.rule_span))
            .collect();
        let mut passes = BTreeSet::new();
        for item in &checked.coverage.items {
            let Some(key) = key_of(map, item.about.rule_span) else {
                continue;
            };
            match item.status {
                Status::Checked(Outcome::Pass) => {
                    passes.insert(key);
                }
                Status::Checked(Outcome::Fail | Outcome::Warning) => {
                    fails.insert(key);
                }
                _ => {}
            }
        }
        for key in fails {
            if let Some(r) = rows.get_mut(&key) {
                r.failing.push(case.record.clone());
            }
        }
        for key in passes {
            if let Some(r) = rows.get_mut(&key) {
                r.passing.push(case.record.clone());
            }
        }
    }
    let rules: Vec<RuleLine> = rows.into_values().collect();
    let without_failing = rules
        .iter()
        .filter(|r| r.failing.is_empty() && r.not_alone.is_none())
        .map(|r| r.id.clone())
        .collect();
    let without_passing = rules
        .iter()
        .filter(|r| r.passing.is_empty())
        .map(|r| r.id.clone())
        .collect();
    RuleCoverage {
        rules,
        without_failing,
        without_passing,
    }
}

/// Every timing constraint, rule and conditional stage of `proc`.
fn rule_spans(proc: &Procedure) -> Vec<(&'static str, String, Span)> {
    let mut out = Vec::new();
    for ph in &proc.phases {
        for t in &ph.timing {
            out.push(("timing", ph.name.name.clone(), t.span));
        }
    }
    for st in &proc.stages {
        let name = st.name.name.clone();
        if st.when.is_some() {
            out.push(("stage", name.clone(), st.span));
        }
        for t in &st.timing {
            out.push(("timing", name.clone(), t.span));
        }
        for r in &st.rules {
            let kind = match r.kind {
                crate::resolve::RuleKind::Quorum => "quorum",
                crate::resolve::RuleKind::Require => "require",
                crate::resolve::RuleKind::Elect { .. } => "elect",
            };
            out.push((kind, name.clone(), r.span));
        }
    }
    out
}

fn row(map: &SourceMap, (file, line): Key, kind: &'static str, stage: String) -> RuleLine {
    let text_of = |n: usize| {
        map.iter()
            .find(|(_, s)| s.name == file)
            .and_then(|(_, s)| n.checked_sub(1).and_then(|i| s.text.lines().nth(i)))
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    let text: String = text_of(line)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(60)
        .collect();
    let before = line.checked_sub(1).map(text_of).unwrap_or_default();
    let not_alone = before.strip_prefix(NOT_ALONE).map(|r| r.trim().to_string());
    RuleLine {
        id: format!("{file}:{line}"),
        file,
        line,
        kind,
        stage,
        text,
        passing: Vec::new(),
        failing: Vec::new(),
        not_alone,
    }
}
