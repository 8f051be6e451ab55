//! `huanjie test`: records that state the findings they must give, checked
//! and compared, and the rule coverage of a set of such records
//! (docs/testing.md).
//!
//! Pure: the command line finds the files (`cli::test`), this module runs
//! one record ([`run_record`]), compares its findings with its
//! [`Expectation`](crate::record::expect::Expectation) — every expected
//! finding present, nothing else, as a multiset of (kind, stage, code) —
//! and sums up, per rule line, which records make a rule pass and which make
//! it fail ([`coverage`]).

pub mod coverage;
pub mod render;

use crate::check::{check, CheckOptions, Checked, Finding, IrCache, Kind as FindingKind};
use crate::diag::{Code, Diagnostic, Text};
use crate::record::expect::{expectation, Expectation, ExpectedFinding};
use crate::record::Format;
use crate::resolve::Procedure;
use crate::span::{FileId, SourceMap, Span};
use crate::timing::Calendar;
use serde::Serialize;

/// Every finding kind, to read an expected kind's name.
const KINDS: [FindingKind; 9] = [
    FindingKind::MissingStage,
    FindingKind::UnexpectedStage,
    FindingKind::Order,
    FindingKind::Deadline,
    FindingKind::Duration,
    FindingKind::Quorum,
    FindingKind::Rule,
    FindingKind::Result,
    FindingKind::Data,
];

/// The JSON name of a kind (`missing_stage`).
pub fn kind_name(kind: FindingKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A finding as a test compares it: kind, stage, code, and the record line
/// it points at (actual findings) or the line it is expected on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Tag {
    pub kind: String,
    pub stage: Option<String>,
    pub code: String,
    /// The record line: of the finding, or of the expectation.
    pub line: Option<usize>,
}

impl Tag {
    /// The identity compared (everything but the line).
    fn key(&self) -> (&str, Option<&str>, &str) {
        (&self.kind, self.stage.as_deref(), &self.code)
    }

    /// `kind@stage` with the code when it is not the kind's own, as the old
    /// `# expect:` headers wrote it.
    pub fn short(&self) -> String {
        let own = KINDS
            .iter()
            .find(|k| kind_name(**k) == self.kind)
            .map(|k| k.code().id());
        let code = if own == Some(self.code.as_str()) {
            String::new()
        } else {
            format!("({})", self.code)
        };
        format!(
            "{}{code}@{}",
            self.kind,
            self.stage.as_deref().unwrap_or("-")
        )
    }

    fn of_finding(f: &Finding, map: &SourceMap) -> Tag {
        Tag {
            kind: kind_name(f.kind),
            stage: f.stage.clone(),
            code: f.code.id().to_string(),
            line: map.locate(f.record_span).map(|(_, line, _)| line),
        }
    }
}

/// How one record came out.
#[derive(Debug)]
pub enum Outcome {
    /// The record or its expectation could not be read.
    Unreadable(Vec<Diagnostic>),
    /// Checked: the findings and the comparison.
    Ran(Box<Ran>),
}

/// A checked record.
#[derive(Debug)]
pub struct Ran {
    pub expected: Vec<Tag>,
    pub actual: Vec<Tag>,
    /// Expected and not found.
    pub missing: Vec<Tag>,
    /// Found and not expected.
    pub unexpected: Vec<Tag>,
    pub checked: Checked,
}

/// One test record and its outcome.
#[derive(Debug)]
pub struct CaseResult {
    /// The record's file name as the map has it.
    pub record: String,
    pub file: FileId,
    /// The procedure it was checked against.
    pub procedure: String,
    pub outcome: Outcome,
}

impl CaseResult {
    /// Whether the record gave exactly the findings it expects.
    pub fn passed(&self) -> bool {
        matches!(&self.outcome, Outcome::Ran(r) if r.missing.is_empty() && r.unexpected.is_empty())
    }

    /// The findings and coverage, when the record was checked.
    pub fn checked(&self) -> Option<&Checked> {
        match &self.outcome {
            Outcome::Ran(r) => Some(&r.checked),
            Outcome::Unreadable(_) => None,
        }
    }
}

/// What a record is checked against.
pub struct Target<'p> {
    pub procedure: &'p Procedure,
    pub irs: IrCache,
    pub options: CheckOptions,
}

impl<'p> Target<'p> {
    /// `procedure` compiled once for every record held against it.
    pub fn new(procedure: &'p Procedure, options: CheckOptions) -> Target<'p> {
        let irs = IrCache::new(procedure, &options);
        Target {
            procedure,
            irs,
            options,
        }
    }
}

/// Loads the record `file` of `map`, checks it against `target` and
/// compares its findings with its `expect`.
pub fn run_record(
    target: &Target<'_>,
    map: &SourceMap,
    file: FileId,
    calendar: &Calendar,
) -> CaseResult {
    let (name, text) = map
        .get(file)
        .map(|s| (s.name.clone(), &*s.text))
        .unwrap_or_default();
    let outcome = match load(map, file, &name, text) {
        Err(d) => Outcome::Unreadable(d),
        Ok((record, expectation)) => {
            let checked = check(
                target.procedure,
                &target.irs,
                &record,
                calendar,
                &target.options,
            );
            Outcome::Ran(Box::new(compare(&expectation, checked, map)))
        }
    };
    CaseResult {
        record: name,
        file,
        procedure: target.procedure.name.name.clone(),
        outcome,
    }
}

fn load(
    map: &SourceMap,
    file: FileId,
    name: &str,
    text: &str,
) -> Result<(crate::record::Record, Expectation), Vec<Diagnostic>> {
    let record = crate::record::load(map, file)?;
    let format = Format::of_name(name);
    match expectation(text, file, format)? {
        Some(e) => {
            let unknown: Vec<Diagnostic> = e.findings.iter().filter_map(unknown_kind).collect();
            if unknown.is_empty() {
                Ok((record, e))
            } else {
                Err(unknown)
            }
        }
        None => Err(vec![no_expectation(file)]),
    }
}

fn unknown_kind(f: &ExpectedFinding) -> Option<Diagnostic> {
    let names: Vec<String> = KINDS.iter().map(|k| kind_name(*k)).collect();
    if names.contains(&f.kind) {
        return None;
    }
    let list = names.join(", ");
    Some(
        Diagnostic::error(
            Code::BadValue,
            Text::new(
                format!("预期的发现种类 `{}` 不存在", f.kind),
                format!("no finding kind `{}`", f.kind),
            ),
        )
        .with_label(f.span, Text::new("未知的种类", "unknown kind"))
        .with_help(Text::new(
            format!("发现的种类有：{list}"),
            format!("the kinds are: {list}"),
        )),
    )
}

fn no_expectation(file: FileId) -> Diagnostic {
    Diagnostic::error(
        Code::MissingKey,
        Text::new(
            "测试记录缺少 `expect`（预期）",
            "the test record has no `expect`",
        ),
    )
    .with_label(
        Span::new(file, 0, 0),
        Text::new("在顶层写明预期的发现", "state the expected findings at the top"),
    )
    .with_help(Text::new(
        "写 `expect = \"conforming\"`，或 `expect = [{ kind = \"deadline\", stage = \"阶段名\" }]`",
        "write `expect = \"conforming\"`, or `expect = [{ kind = \"deadline\", stage = \"STAGE\" }]`",
    ))
}

/// The comparison of the expected and the actual findings, as multisets.
fn compare(expectation: &Expectation, checked: Checked, map: &SourceMap) -> Ran {
    let mut expected: Vec<Tag> = expectation
        .findings
        .iter()
        .map(|f| Tag {
            kind: f.kind.clone(),
            stage: f.stage.clone(),
            code: f.code.clone().unwrap_or_else(|| {
                KINDS
                    .iter()
                    .find(|k| kind_name(**k) == f.kind)
                    .map(|k| k.code().id().to_string())
                    .unwrap_or_default()
            }),
            line: map.locate(f.span).map(|(_, line, _)| line),
        })
        .collect();
    let mut actual: Vec<Tag> = checked
        .findings
        .iter()
        .map(|f| Tag::of_finding(f, map))
        .collect();
    expected.sort();
    actual.sort();
    let mut unexpected = actual.clone();
    let mut missing = Vec::new();
    for want in &expected {
        match unexpected.iter().position(|got| got.key() == want.key()) {
            Some(i) => {
                unexpected.remove(i);
            }
            None => missing.push(want.clone()),
        }
    }
    Ran {
        expected,
        actual,
        missing,
        unexpected,
        checked,
    }
}

#[cfg(test)]
mod tests;
