//! Rendering findings: for people (one miette report per finding, with the
//! record and the procedure as two labelled sources, and a summary line per
//! record and per batch) and for machines (the JSON document of
//! `overview.md`, record by record so that a batch can be streamed).
//!
//! A finding becomes a [`Diagnostic`] ([`to_diagnostic`]): the record value
//! is the primary label (with what the record shows), the rule the second
//! (with what it requires), the legal basis and the notes are notes; the
//! multi-file rendering of `diag::render` does the rest.

use super::coverage::{Counts, Coverage};
use super::coverage_text::{
    counts_words as coverage_words, coverage_json, verbose_lists, CoverageJson,
};
use super::{Finding, Kind, Verdict};
use crate::diag::render::{count, render_human, summary, RenderOptions};
use crate::diag::{Diagnostic, Lang, Severity, Text};
use crate::span::{SourceMap, Span};
use serde::Serialize;

/// A finding as a diagnostic of the compiler's renderer.
pub fn to_diagnostic(f: &Finding) -> Diagnostic {
    let mut d = Diagnostic {
        code: f.code,
        severity: f.severity,
        message: f.message.clone(),
        labels: Vec::new(),
        help: None,
        notes: Vec::new(),
    };
    let record = match &f.actual {
        Some(a) => Text::new(format!("记录：{}", a.zh), format!("record: {}", a.en)),
        None => Text::new("记录中的此处", "here in the record"),
    };
    if f.places.is_empty() {
        d = d.with_label(f.record_span, record);
    }
    for (span, label) in &f.places {
        d = d.with_label(*span, label.clone());
    }
    let rule = f
        .expected
        .as_ref()
        .map(|e| Text::new(format!("要求：{}", e.zh), format!("requires: {}", e.en)));
    match (f.rule_span.file(), rule) {
        (Some(_), Some(rule)) => d = d.with_label(f.rule_span, rule),
        (Some(_), None) => d = d.with_label(f.rule_span, Text::new("规定", "the rule")),
        (None, Some(rule)) => d = d.with_note(rule),
        (None, None) => {}
    }
    if let Some(b) = &f.basis {
        d = d.with_note(Text::new(format!("依据：{b}"), format!("basis: {b}")));
    }
    for n in &f.notes {
        d = d.with_note(n.clone());
    }
    d
}

/// The loader's diagnostics about a record that could not be read, as
/// `data` findings (for the JSON document).
pub fn loader_findings(diags: &[Diagnostic]) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| {
            let mut f = Finding::new(Kind::Data, d.severity, d.message.clone(), d.primary_span())
                .with_code(d.code);
            f.notes = d
                .help
                .iter()
                .cloned()
                .chain(d.notes.iter().cloned())
                .collect();
            f
        })
        .collect()
}

/// "3 处违规，1 个警告" / "3 violations, 1 warning".
fn counts_words(errors: usize, warnings: usize, lang: Lang) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match lang {
        Lang::Zh => {
            let mut s = format!("{errors} 处违规");
            if warnings > 0 {
                s.push_str(&format!("，{warnings} 个警告"));
            }
            s
        }
        Lang::En => {
            let mut s = plural(errors, "violation", "violations");
            if warnings > 0 {
                s.push_str(&format!(", {}", plural(warnings, "warning", "warnings")));
            }
            s
        }
    }
}

/// The summary line of one record, with what was checked when the record
/// was checked (`coverage`).
pub fn record_summary(
    path: &str,
    verdict: Verdict,
    errors: usize,
    warnings: usize,
    coverage: Option<&Counts>,
    lang: Lang,
) -> String {
    let tail = match (verdict, lang) {
        (Verdict::Invalid, Lang::Zh) => "无法读取".to_string(),
        (Verdict::Invalid, Lang::En) => "invalid (the record cannot be read)".to_string(),
        (Verdict::Conforming, Lang::Zh) if warnings == 0 => "符合程序".to_string(),
        (Verdict::Conforming, Lang::En) if warnings == 0 => "conforming".to_string(),
        (Verdict::Conforming, Lang::Zh) => format!("符合程序，{warnings} 个警告"),
        (Verdict::Conforming, Lang::En) => format!(
            "conforming, {}",
            if warnings == 1 {
                "1 warning".to_string()
            } else {
                format!("{warnings} warnings")
            }
        ),
        (Verdict::Violations, _) => counts_words(errors, warnings, lang),
    };
    let tail = match (coverage, lang) {
        (None, _) => tail,
        (Some(c), Lang::Zh) => format!("{tail}（{}）", coverage_words(c, lang)),
        (Some(c), Lang::En) => format!("{tail} ({})", coverage_words(c, lang)),
    };
    match lang {
        Lang::Zh => format!("{path}：{tail}"),
        Lang::En => format!("{path}: {tail}"),
    }
}

/// Renders diagnostics without the renderer's closing summary line, after
/// a blank line (under a record's header line), ending with one newline.
fn reports(diags: &[Diagnostic], map: &SourceMap, opts: &RenderOptions) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let text = render_human(diags, map, opts);
    let closing = format!("{}\n", summary(count(diags), opts.lang));
    let text = text.strip_suffix(&closing).unwrap_or(&text);
    format!("\n{}\n", text.trim_end_matches('\n'))
}

/// The human report of one checked record: its header line (the verdict
/// and the counts, with its coverage counts) first, so that a batch reads
/// verdict by verdict; then every finding and, when `verbose`, the items
/// not checked and the manual checklist. `path` is the record's name as
/// shown (with its unit); control characters in it are shown escaped.
/// Ends with a newline.
pub fn human_record(
    path: &str,
    findings: &[Finding],
    coverage: &Coverage,
    verbose: bool,
    map: &SourceMap,
    opts: &RenderOptions,
) -> String {
    let diags: Vec<Diagnostic> = findings.iter().map(to_diagnostic).collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let mut out = crate::diag::sanitise::for_terminal(&record_summary(
        path,
        Verdict::of(findings),
        errors,
        warnings,
        Some(&coverage.counts()),
        opts.lang,
    ))
    .into_owned();
    out.push('\n');
    out.push_str(&reports(&diags, map, opts));
    if verbose {
        out.push_str(&verbose_lists(coverage, map, opts.lang));
    }
    out
}

/// The human report of a record that could not be read: the header
/// line, then the loader's diagnostics. Ends with a newline.
pub fn human_invalid(
    path: &str,
    diags: &[Diagnostic],
    map: &SourceMap,
    opts: &RenderOptions,
) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut out = crate::diag::sanitise::for_terminal(&record_summary(
        path,
        Verdict::Invalid,
        errors,
        0,
        None,
        opts.lang,
    ))
    .into_owned();
    out.push('\n');
    out.push_str(&reports(diags, map, opts));
    out
}

/// How many records of a batch got each verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub conforming: usize,
    pub violations: usize,
    pub invalid: usize,
}

impl Tally {
    /// Counts one more record.
    pub fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Conforming => self.conforming += 1,
            Verdict::Violations => self.violations += 1,
            Verdict::Invalid => self.invalid += 1,
        }
    }

    /// All records counted.
    pub fn total(&self) -> usize {
        self.conforming + self.violations + self.invalid
    }
}

/// The closing line of a batch.
pub fn batch_summary(t: &Tally, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "共检查 {} 份记录：{} 份符合程序，{} 份有违规，{} 份无法读取",
            t.total(),
            t.conforming,
            t.violations,
            t.invalid
        ),
        Lang::En => format!(
            "{} {} checked: {} conforming, {} with violations, {} invalid",
            t.total(),
            if t.total() == 1 { "record" } else { "records" },
            t.conforming,
            t.violations,
            t.invalid
        ),
    }
}

/// A place in a file, 1-based (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// In a spreadsheet: the cell (`候选人!B7`); `line` is then its row and
    /// `column` its column (`B` is 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

fn location(span: Span, map: &SourceMap) -> Option<Location> {
    map.locate(span).map(|(file, line, column)| Location {
        file: file.to_string(),
        line,
        column,
        cell: map.cell(span),
    })
}

/// One finding in the JSON contract (fields in the contract's order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingJson<'a> {
    pub code: &'static str,
    pub kind: Kind,
    pub severity: Severity,
    pub stage: Option<&'a str>,
    pub message: &'a str,
    pub expected: Option<&'a str>,
    pub actual: Option<&'a str>,
    pub record_location: Option<Location>,
    pub rule_location: Option<Location>,
    pub basis: Option<&'a str>,
    /// For a finding that depends on contested readings (HJ310).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readings: Option<ReadingsJson<'a>>,
    /// Each place a finding about several values points at (the values a
    /// record lacks), with its label; absent for a finding about one place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceJson<'a>>,
}

/// One labelled place of a finding about several values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceJson<'a> {
    pub label: &'a str,
    pub record_location: Option<Location>,
}

/// Under which contested readings a finding fails and passes: each
/// combination maps a question (a parameter's name, or `日前计法`) to the
/// reading's label; `questions` gives every reading's source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadingsJson<'a> {
    pub fails_under: Vec<std::collections::BTreeMap<&'a str, &'a str>>,
    pub passes_under: Vec<std::collections::BTreeMap<&'a str, &'a str>>,
    pub questions: Vec<QuestionJson<'a>>,
}

/// One contested question and its readings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionJson<'a> {
    pub name: &'a str,
    pub readings: Vec<ReadingJson<'a>>,
}

/// One reading and its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadingJson<'a> {
    pub label: &'a str,
    pub source: &'a str,
}

fn readings_json<'a>(d: &'a super::Dependence, lang: Lang) -> ReadingsJson<'a> {
    let combos = |cs: &'a [Vec<(String, String)>]| {
        cs.iter()
            .map(|c| c.iter().map(|(q, a)| (q.as_str(), a.as_str())).collect())
            .collect()
    };
    ReadingsJson {
        fails_under: combos(&d.fails_under),
        passes_under: combos(&d.passes_under),
        questions: d
            .questions
            .iter()
            .map(|(name, readings)| QuestionJson {
                name,
                readings: readings
                    .iter()
                    .map(|(label, source)| ReadingJson {
                        label,
                        source: source.get(lang),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// One record in the JSON contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordJson<'a> {
    pub path: &'a str,
    /// The electing unit the record names (`null` when it names none or
    /// could not be read).
    pub unit: Option<&'a str>,
    /// The district (街道) the record names, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<&'a str>,
    pub verdict: &'static str,
    pub findings: Vec<FindingJson<'a>>,
    /// The procedure the record was checked against (or names, when that
    /// one is not loaded); absent for a record that could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procedure: Option<&'a str>,
    /// What was (not) checked; absent for a record that could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageJson<'a>>,
}

/// One finding in the JSON contract, in `lang`.
pub fn finding_json<'a>(f: &'a Finding, map: &SourceMap, lang: Lang) -> FindingJson<'a> {
    FindingJson {
        code: f.code.id(),
        kind: f.kind,
        severity: f.severity,
        stage: f.stage.as_deref(),
        message: f.message.get(lang),
        expected: f.expected.as_ref().map(|t| t.get(lang)),
        actual: f.actual.as_ref().map(|t| t.get(lang)),
        record_location: location(f.record_span, map),
        rule_location: location(f.rule_span, map),
        basis: f.basis.as_deref(),
        readings: f.readings.as_ref().map(|d| readings_json(d, lang)),
        places: f
            .places
            .iter()
            .map(|(span, label)| PlaceJson {
                label: label.get(lang),
                record_location: location(*span, map),
            })
            .collect(),
    }
}

/// One record in the JSON contract.
pub fn record_json<'a>(
    path: &'a str,
    verdict: Verdict,
    findings: &'a [Finding],
    coverage: Option<&'a Coverage>,
    map: &SourceMap,
    lang: Lang,
) -> RecordJson<'a> {
    RecordJson {
        path,
        unit: None,
        district: None,
        verdict: verdict.as_str(),
        coverage: coverage.map(|c| coverage_json(c, map, lang)),
        findings: findings
            .iter()
            .map(|f| finding_json(f, map, lang))
            .collect(),
        procedure: None,
    }
}

/// The whole JSON document (for tests and small batches; the command
/// streams it with [`json_open`], [`json_record_piece`], [`json_close`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentJson<'a> {
    /// The version of huanjie that wrote it ([`VERSION`]).
    pub version: &'a str,
    pub procedure: &'a str,
    pub records: Vec<RecordJson<'a>>,
    /// The files skipped as not records (a batch of `check` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Vec<super::batch::SkippedJson<'a>>>,
    /// The counts of a batch of `check`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<super::batch::SummaryJson>,
}

/// The JSON document's opening, up to the first record: with
/// [`json_record_piece`] and [`json_close`] it writes exactly what
/// `serde_json::to_string_pretty` writes for the whole document.
pub fn json_open(procedure: &str) -> String {
    let name = serde_json::to_string(procedure).unwrap_or_else(|_| "\"\"".to_string());
    format!("{{\n  \"version\": \"{VERSION}\",\n  \"procedure\": {name},\n  \"records\": [")
}

/// The version of huanjie (the crate's), as the JSON document gives it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One record of the JSON document, indented, preceded by a comma unless it
/// is the first.
pub fn json_record_piece(record: &RecordJson<'_>, first: bool) -> String {
    let pretty = serde_json::to_string_pretty(record).unwrap_or_default();
    let mut out = String::from(if first { "\n" } else { ",\n" });
    for (i, line) in pretty.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// The JSON document's closing (`any` says whether a record was written).
pub fn json_close(any: bool) -> String {
    if any {
        "\n  ]\n}\n".to_string()
    } else {
        "]\n}\n".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_the_pretty_document() {
        let map = SourceMap::new();
        let paths: Vec<String> = (0..3).map(|i| format!("r{i}.toml")).collect();
        for n in 0..3 {
            let records: Vec<RecordJson<'_>> = paths
                .iter()
                .take(n)
                .map(|p| record_json(p, Verdict::Conforming, &[], None, &map, Lang::En))
                .collect();
            let mut streamed = json_open("甲");
            for (i, r) in records.iter().enumerate() {
                streamed.push_str(&json_record_piece(r, i == 0));
            }
            streamed.push_str(&json_close(n > 0));
            let whole = DocumentJson {
                version: VERSION,
                procedure: "甲",
                records,
                skipped: None,
                summary: None,
            };
            let expected = format!(
                "{}\n",
                serde_json::to_string_pretty(&whole).unwrap_or_default()
            );
            assert_eq!(streamed, expected);
        }
    }

    #[test]
    fn summaries() {
        let t = Tally {
            conforming: 1,
            violations: 2,
            invalid: 0,
        };
        assert_eq!(
            batch_summary(&t, Lang::En),
            "3 records checked: 1 conforming, 2 with violations, 0 invalid"
        );
        assert_eq!(
            record_summary("a.toml", Verdict::Violations, 1, 1, None, Lang::En),
            "a.toml: 1 violation, 1 warning"
        );
        let c = Counts {
            checked: 41,
            passed: 41,
            not_checkable: 3,
            manual: 5,
            ..Counts::default()
        };
        assert_eq!(
            record_summary("a.toml", Verdict::Conforming, 0, 0, Some(&c), Lang::Zh),
            "a.toml：符合程序（核对 41 项；3 项因记录缺少数据未核对；5 项须人工核对）"
        );
        assert_eq!(
            record_summary("a.toml", Verdict::Conforming, 0, 0, Some(&c), Lang::En),
            "a.toml: conforming (41 checked; 3 not checkable for lack of data; 5 to check by hand)"
        );
        assert_eq!(
            record_summary("a.toml", Verdict::Conforming, 0, 0, None, Lang::Zh),
            "a.toml：符合程序"
        );
    }
}
