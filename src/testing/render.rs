//! The report of `huanjie test`: for people (one line per record, expected
//! against actual findings for a failure, the coverage table) and as JSON.

use super::coverage::RuleCoverage;
use super::{CaseResult, Outcome, Tag};
use crate::diag::render::{render_human, render_json, RenderOptions};
use crate::diag::Lang;
use crate::span::SourceMap;
use serde_json::{json, Value};
use std::fmt::Write;

fn pick(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// How many records passed, failed, and could not be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub records: usize,
    pub passed: usize,
    pub failed: usize,
    pub unreadable: usize,
}

/// The counts of `cases`.
pub fn summary(cases: &[CaseResult]) -> Summary {
    let mut s = Summary {
        records: cases.len(),
        ..Summary::default()
    };
    for c in cases {
        match &c.outcome {
            Outcome::Unreadable(_) => s.unreadable += 1,
            _ if c.passed() => s.passed += 1,
            _ => s.failed += 1,
        }
    }
    s
}

fn tag_line(t: &Tag, lang: Lang) -> String {
    let stage = t.stage.as_deref().unwrap_or("-");
    let line = t
        .line
        .map(|l| pick(lang, &format!("记录第 {l} 行"), &format!("record line {l}")))
        .unwrap_or_default();
    format!("{:<10} {:<7} {stage}  {line}", t.kind, t.code)
}

/// The report for people: every record with `ok` or `FAIL`, and for a
/// failure the expected and the actual findings (`-` expected and missing,
/// `+` found and not expected).
pub fn human(cases: &[CaseResult], map: &SourceMap, opts: &RenderOptions) -> String {
    let lang = opts.lang;
    let mut out = String::new();
    for c in cases {
        match &c.outcome {
            Outcome::Unreadable(diags) => {
                let _ = writeln!(out, "ERROR {}", c.record);
                out.push_str(&render_human(diags, map, opts));
            }
            Outcome::Ran(_) if c.passed() => {
                let _ = writeln!(out, "ok    {}", c.record);
            }
            Outcome::Ran(r) => {
                let _ = writeln!(out, "FAIL  {}  ({})", c.record, c.procedure);
                let _ = writeln!(
                    out,
                    "      {}",
                    pick(lang, "预期的发现:", "expected findings:")
                );
                if r.expected.is_empty() {
                    let _ = writeln!(
                        out,
                        "        {}",
                        pick(lang, "(无，合规)", "(none: conforming)")
                    );
                }
                for t in &r.expected {
                    let mark = if r.missing.contains(t) { '-' } else { ' ' };
                    let _ = writeln!(out, "      {mark} {}", tag_line(t, lang));
                }
                let _ = writeln!(
                    out,
                    "      {}",
                    pick(lang, "实际的发现:", "actual findings:")
                );
                if r.actual.is_empty() {
                    let _ = writeln!(out, "        {}", pick(lang, "(无)", "(none)"));
                }
                for t in &r.actual {
                    let mark = if r.unexpected.contains(t) { '+' } else { ' ' };
                    let _ = writeln!(out, "      {mark} {}", tag_line(t, lang));
                }
                let _ = writeln!(
                    out,
                    "      {}",
                    pick(
                        lang,
                        "(- 预期而没有出现；+ 出现而未预期)",
                        "(- expected, not found; + found, not expected)"
                    )
                );
            }
        }
    }
    let s = summary(cases);
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "{} 份记录：{} 份通过，{} 份不通过，{} 份无法读取",
                s.records, s.passed, s.failed, s.unreadable
            ),
            Lang::En => format!(
                "{} records: {} passed, {} failed, {} unreadable",
                s.records, s.passed, s.failed, s.unreadable
            ),
        }
    );
    out
}

/// The coverage table: one row per rule line, with how many records make
/// it pass and fail, then the rules that lack either.
pub fn coverage_table(cov: &RuleCoverage, lang: Lang) -> String {
    let mut out = String::new();
    let head = pick(
        lang,
        "规则（文件:行）                             种类      通过  违反  阶段 · 内容",
        "rule (file:line)                            kind      pass  fail  stage · text",
    );
    let _ = writeln!(out, "{head}");
    for r in &cov.rules {
        let fail = if r.failing.is_empty() && r.not_alone.is_some() {
            "-".to_string()
        } else {
            r.failing.len().to_string()
        };
        let _ = writeln!(
            out,
            "{:<43} {:<9} {:>4}  {:>4}  {} · {}",
            r.id,
            r.kind,
            r.passing.len(),
            fail,
            r.stage,
            r.text
        );
    }
    let list = |ids: &[String]| {
        if ids.is_empty() {
            pick(lang, "无", "none")
        } else {
            ids.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "{}{}",
        pick(lang, "没有违反记录的规则：", "rules no record makes fail: "),
        list(&cov.without_failing)
    );
    let _ = writeln!(
        out,
        "{}{}",
        pick(lang, "没有通过记录的规则：", "rules no record makes pass: "),
        list(&cov.without_passing)
    );
    let not_alone: Vec<String> = cov
        .rules
        .iter()
        .filter(|r| r.failing.is_empty())
        .filter_map(|r| r.not_alone.as_ref().map(|why| format!("{} ({why})", r.id)))
        .collect();
    if !not_alone.is_empty() {
        let _ = writeln!(
            out,
            "{}{}",
            pick(lang, "不单独测试的规则：", "rules not tested alone: "),
            not_alone.join("; ")
        );
    }
    out
}

/// The JSON document: every record (its status, the expected, actual,
/// missing and unexpected findings, or the diagnostics of a record that
/// could not be read), the summary, and the coverage when asked for.
pub fn json(
    cases: &[CaseResult],
    coverage: Option<&RuleCoverage>,
    map: &SourceMap,
    lang: Lang,
) -> Value {
    let records: Vec<Value> = cases
        .iter()
        .map(|c| match &c.outcome {
            Outcome::Unreadable(diags) => json!({
                "record": c.record,
                "procedure": c.procedure,
                "status": "unreadable",
                "diagnostics": render_json(diags, map, lang),
            }),
            Outcome::Ran(r) => json!({
                "record": c.record,
                "procedure": c.procedure,
                "status": if c.passed() { "pass" } else { "fail" },
                "expected": r.expected,
                "actual": r.actual,
                "missing": r.missing,
                "unexpected": r.unexpected,
            }),
        })
        .collect();
    let mut doc = json!({
        "records": records,
        "summary": summary(cases),
    });
    if let (Some(cov), Some(obj)) = (coverage, doc.as_object_mut()) {
        obj.insert(
            "coverage".to_string(),
            serde_json::to_value(cov).unwrap_or(Value::Null),
        );
    }
    doc
}
