//! JUnit XML for continuous integration (`huanjie check --format junit`):
//! one test suite for the batch, one test case per record, a `<failure>`
//! per error finding (a record that could not be read: an `<error>` per
//! loader problem), the warnings in `<system-out>`. The counts go in the
//! opening tags, so the command keeps the cases until the batch is done.

use super::model::RecordRow;
use super::words;
use crate::check::render::Tally;
use crate::check::Verdict;
use crate::diag::{Lang, Severity};
use crate::render::svg::escape as e;

/// The details of a finding: where, what kind, what is required and
/// recorded, and the legal basis, one per line.
fn details(f: &super::model::FindingRow, lang: Lang) -> String {
    let mut lines = Vec::new();
    if let Some(l) = &f.record_location {
        lines.push(l.clone());
    }
    let mut what = words::kind(f.kind, lang).to_string();
    if let Some(s) = &f.stage {
        what.push_str(&format!(" · {s}"));
    }
    lines.push(what);
    let label = |zh: &'static str, en: &'static str| words::pick(lang, zh, en);
    for (name, value) in [
        (label("要求：", "required: "), &f.expected),
        (label("记录：", "recorded: "), &f.actual),
        (label("依据：", "basis: "), &f.basis),
    ] {
        if let Some(v) = value {
            lines.push(format!("{name}{v}"));
        }
    }
    lines.join("\n")
}

/// The test case of one record.
pub fn testcase(r: &RecordRow, lang: Lang) -> String {
    let name = match &r.unit {
        Some(u) => format!("{} ({u})", r.path),
        None => r.path.clone(),
    };
    let class = r.procedure.as_deref().unwrap_or("huanjie");
    let mut out = format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n",
        e(&name),
        e(class),
        e(&r.path)
    );
    let element = if r.verdict == Verdict::Invalid {
        "error"
    } else {
        "failure"
    };
    let mut warnings = Vec::new();
    for f in &r.findings {
        if f.severity == Severity::Error {
            out.push_str(&format!(
                "      <{element} type=\"{}\" message=\"{}\">{}</{element}>\n",
                e(f.code),
                e(&f.message),
                e(&details(f, lang))
            ));
        } else {
            warnings.push(format!(
                "{} {} {}\n{}",
                words::severity(f.severity, lang),
                f.code,
                f.message,
                details(f, lang)
            ));
        }
    }
    if !warnings.is_empty() {
        out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            e(&warnings.join("\n\n"))
        ));
    }
    out.push_str("    </testcase>\n");
    out
}

/// The whole document: the cases of a batch of `procedure` with the
/// verdicts `tally`.
pub fn document(procedure: &str, tally: &Tally, cases: &str) -> String {
    let counts = format!(
        "tests=\"{}\" failures=\"{}\" errors=\"{}\"",
        tally.total(),
        tally.violations,
        tally.invalid
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"huanjie check\" {counts}>\n  \
         <testsuite name=\"{}\" {counts} skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n",
        e(procedure)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Kind;
    use crate::report::model::FindingRow;

    #[test]
    fn cases_fail_per_error_and_escape_record_text() {
        let hostile = crate::diag::sanitise::HOSTILE;
        let f = |severity| FindingRow {
            code: "HJ304",
            kind: Kind::Deadline,
            severity,
            stage: Some(hostile.into()),
            message: hostile.into(),
            expected: Some("2021-01-08".into()),
            actual: None,
            record_location: Some("a.toml:3:1".into()),
            rule_location: None,
            basis: None,
        };
        let row = RecordRow {
            path: "a.toml".into(),
            unit: Some(hostile.into()),
            district: None,
            community: None,
            procedure: Some("居委会换届选举".into()),
            verdict: Verdict::Violations,
            findings: vec![f(Severity::Error), f(Severity::Error), f(Severity::Warning)],
            counts: None,
            coverage: Vec::new(),
        };
        let tally = Tally {
            conforming: 0,
            violations: 1,
            invalid: 0,
        };
        let doc = document("居委会换届选举", &tally, &testcase(&row, Lang::Zh));
        let xml = roxmltree::Document::parse(&doc);
        let Ok(xml) = xml else {
            unreachable!("not XML: {xml:?}\n{doc}");
        };
        let case = xml.descendants().find(|n| n.has_tag_name("testcase"));
        let Some(case) = case else {
            unreachable!("{doc}")
        };
        let name = case.attribute("name").unwrap_or_default();
        assert!(name.starts_with("a.toml (胡\"可"), "{name}");
        assert!(name.contains("</svg><script>x</script>"), "{name}");
        assert!(
            !name
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r'),
            "{name:?}"
        );
        let failures: Vec<_> = case
            .children()
            .filter(|n| n.has_tag_name("failure"))
            .collect();
        assert_eq!(failures.len(), 2);
        assert_eq!(failures[0].attribute("type"), Some("HJ304"));
        assert!(case.children().any(|n| n.has_tag_name("system-out")));
        let suites = xml.root_element();
        assert_eq!(suites.attribute("failures"), Some("1"));
        assert_eq!(suites.attribute("tests"), Some("1"));
    }
}
