//! SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format) for
//! continuous integration: `huanjie lint --format sarif` and `huanjie check
//! --format sarif`. One run; one result per diagnostic (a finding of
//! `check` becomes one through `check::render::to_diagnostic`), its rule id
//! the stable code, its location the primary label (region with line and
//! column, in Unicode code points: `columnKind`), the other labels as
//! related locations, the message in one language with the help and notes
//! after it. The rules of the codes used close the run, so that `check` can
//! stream the results a record at a time ([`open`], [`results`],
//! [`close`]).

use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::span::{SourceMap, Span};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The schema the log follows.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A file name as a relative URI reference: unreserved characters and `/`
/// kept, every other byte percent-encoded (Chinese names become `%E6…`).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b))
            }
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The physical location of `span` (with `message`, if any), or of the
/// whole file `fallback` when the span is synthetic.
fn location(
    span: Span,
    map: &SourceMap,
    fallback: Option<&str>,
    message: Option<&str>,
) -> Option<Value> {
    let physical = match (span, span.file().and_then(|f| map.get(f))) {
        (Span::Source { start, end, .. }, Some(file)) => {
            let (line, column) = file.line_col(start as usize);
            let (end_line, end_column) = file.line_col(end as usize);
            json!({
                "artifactLocation": { "uri": uri(&file.name) },
                "region": {
                    "startLine": line,
                    "startColumn": column,
                    "endLine": end_line,
                    "endColumn": end_column.max(if end_line == line { column } else { 1 }),
                }
            })
        }
        _ => json!({ "artifactLocation": { "uri": uri(fallback?) } }),
    };
    let mut loc = json!({ "physicalLocation": physical });
    if let Some(m) = message.filter(|m| !m.is_empty()) {
        loc["message"] = json!({ "text": m });
    }
    Some(loc)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// One diagnostic as a SARIF result; `fallback` is the file a diagnostic
/// without a place is about (a record's path).
pub fn result(d: &Diagnostic, map: &SourceMap, fallback: Option<&str>, lang: Lang) -> Value {
    let mut text = d.message.get(lang).to_string();
    for extra in d.help.iter().chain(&d.notes) {
        let extra = extra.get(lang);
        if !extra.is_empty() {
            text.push('\n');
            text.push_str(extra);
        }
    }
    let mut labels = d.labels.iter();
    let primary = labels.next();
    let locations: Vec<Value> = match primary {
        Some(l) => location(l.span, map, fallback, Some(l.text.get(lang))),
        None => location(Span::Synthetic, map, fallback, None),
    }
    .into_iter()
    .collect();
    let related: Vec<Value> = labels
        .enumerate()
        .filter_map(|(i, l)| {
            let mut loc = location(l.span, map, None, Some(l.text.get(lang)))?;
            loc["id"] = json!(i + 1);
            Some(loc)
        })
        .collect();
    let mut r = json!({
        "ruleId": d.code.id(),
        "level": level(d.severity),
        "message": { "text": text },
        "locations": locations,
    });
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    r
}

/// The log's opening, up to the first result.
pub fn open() -> String {
    format!(
        "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"columnKind\":\"unicodeCodePoints\",\"results\":["
    )
}

/// Results, one per line, each preceded by a comma unless `first`; the
/// codes used are added to `rules`.
pub fn results(
    diags: &[Diagnostic],
    map: &SourceMap,
    fallback: Option<&str>,
    lang: Lang,
    first: bool,
    rules: &mut BTreeSet<Code>,
) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        rules.insert(d.code);
        if !(first && i == 0) {
            out.push(',');
        }
        out.push('\n');
        out.push_str(&result(d, map, fallback, lang).to_string());
    }
    out
}

/// The log's closing: the tool, with the rules of `codes`, and whether
/// the run could do its work (`false`: bad input, exit 2).
pub fn close(codes: &BTreeSet<Code>, lang: Lang, version: &str, successful: bool) -> String {
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            let (zh, en) = c.summary();
            json!({
                "id": c.id(),
                "shortDescription": { "text": match lang { Lang::Zh => zh, Lang::En => en } },
            })
        })
        .collect();
    let tool = json!({
        "driver": {
            "name": "huanjie",
            "version": version,
            "semanticVersion": version,
            "rules": rules,
        }
    });
    let invocations = json!([{ "executionSuccessful": successful }]);
    format!("\n],\"tool\":{tool},\"invocations\":{invocations}}}]}}\n")
}

/// A whole log of `diags` (lint, and the problems that stop `check`).
pub fn document(diags: &[Diagnostic], map: &SourceMap, lang: Lang, successful: bool) -> String {
    let mut rules = BTreeSet::new();
    let mut out = open();
    out.push_str(&results(diags, map, None, lang, true, &mut rules));
    out.push_str(&close(&rules, lang, env!("CARGO_PKG_VERSION"), successful));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Text;

    #[test]
    fn a_log_is_sarif_with_rules_and_regions() {
        let mut map = SourceMap::new();
        let hostile = crate::diag::sanitise::HOSTILE;
        let file = map.add("记录/甲 乙.toml", format!("a = 1\nunit = \"{hostile}\"\n"));
        let span = Span::new(file, 6, 10);
        let d = Diagnostic::error(Code::Data, Text::new(hostile, hostile))
            .with_label(span, Text::new("此处", "here"))
            .with_note(Text::new("注", "note"));
        let w = Diagnostic::warning(Code::UnusedBasis, Text::new("乙", "b"));
        let log = document(&[d, w], &map, Lang::En, true);
        let v: Value = serde_json::from_str(&log).unwrap_or_default();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let results = run["results"].as_array().map(Vec::len);
        assert_eq!(results, Some(2));
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "HJ309");
        assert_eq!(r["level"], "error");
        assert_eq!(r["message"]["text"], format!("{hostile}\nnote"));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "%E8%AE%B0%E5%BD%95/%E7%94%B2%20%E4%B9%99.toml"
        );
        assert_eq!(loc["region"]["startLine"], 2);
        assert_eq!(loc["region"]["startColumn"], 1);
        assert_eq!(loc["region"]["endColumn"], 5);
        assert_eq!(run["results"][1]["level"], "warning");
        let ids: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["id"].as_str())
            .collect();
        let mut expected = [Code::Data, Code::UnusedBasis];
        expected.sort();
        assert_eq!(ids, expected.map(Code::id));
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
        // Escaped as JSON escapes: no raw control character.
        assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'));
    }

    #[test]
    fn an_empty_log_is_valid() {
        let log = document(&[], &SourceMap::new(), Lang::Zh, false);
        let v: Value = serde_json::from_str(&log).unwrap_or_default();
        assert_eq!(v["runs"][0]["results"], json!([]));
        assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false);
    }
}
