//! A test record's expectation: the top-level `expect` (`预期`) key that
//! `huanjie test` reads and the checker ignores (docs/testing.md).
//!
//! ```toml
//! expect = "conforming"
//! expect = [{ kind = "deadline", stage = "选民名单公布" }, { kind = "data", code = "HJ311" }]
//! ```
//!
//! Each finding is named by its kind, the stage it is about (none when
//! absent) and its code (the kind's own when absent); JSON records take the
//! same value under `"expect"`. Only the shape is read here; whether a kind
//! or code exists is the test runner's to say.

use super::msg::{self, Sink};
use super::tree::{Kind, Node};
use super::Format;
use crate::diag::{Diagnostic, Text};
use crate::span::{FileId, Span};

/// The top-level key, in English and Chinese.
pub const KEY: (&str, &str) = ("expect", "预期");

/// The value of `expect` for a record with no finding at all.
pub const CONFORMING: (&str, &str) = ("conforming", "合规");

/// One finding a record expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedFinding {
    /// The finding kind as the JSON contract spells it (`deadline`).
    pub kind: String,
    /// The stage it is about; `None` for a finding about no stage.
    pub stage: Option<String>,
    /// The code, when it is not the kind's own (`HJ310`).
    pub code: Option<String>,
    /// Where the expectation is written.
    pub span: Span,
}

/// What a record expects of its check: exactly these findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    pub findings: Vec<ExpectedFinding>,
    /// The `expect` key.
    pub span: Span,
}

/// The expectation of the record `text` (`file`): `Ok(None)` when it has no
/// `expect` key; errors when the file does not parse or the value is not of
/// the shape above.
pub fn expectation(
    text: &str,
    file: FileId,
    format: Format,
) -> Result<Option<Expectation>, Vec<Diagnostic>> {
    let mut sink = Sink::default();
    let tree = super::parse(text, file, format, &mut sink)?;
    let Some(Node {
        kind: Kind::Table(root),
        ..
    }) = tree
    else {
        return if sink.is_empty() {
            Ok(None)
        } else {
            Err(sink.finish())
        };
    };
    let Some((key, value)) = root
        .entries
        .into_iter()
        .find(|(k, _)| k.name == KEY.0 || k.name == KEY.1)
    else {
        return Ok(None);
    };
    let findings = read_value(value, &mut sink);
    match findings {
        Some(findings) if sink.is_empty() => Ok(Some(Expectation {
            findings,
            span: key.span,
        })),
        _ => Err(sink.finish()),
    }
}

fn what() -> Text {
    Text::new("`expect`（预期）", "`expect`")
}

fn shape() -> Text {
    Text::new(
        "\"conforming\"（合规）或发现的数组",
        "\"conforming\" or an array of findings",
    )
}

fn read_value(value: Node<'_>, sink: &mut Sink) -> Option<Vec<ExpectedFinding>> {
    match value.kind {
        Kind::Str(s) if s == CONFORMING.0 || s == CONFORMING.1 => Some(Vec::new()),
        Kind::Array(items) if !items.is_empty() => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                if let Some(f) = read_finding(item, sink) {
                    out.push(f);
                }
            }
            Some(out)
        }
        Kind::Array(_) => {
            let label = Text::new(
                "没有发现时写 \"conforming\"",
                "write \"conforming\" for no finding",
            );
            sink.push(msg::bad_value(value.span, &what(), label));
            None
        }
        _ => {
            sink.push(msg::wrong_type(
                value.span,
                &what(),
                &shape(),
                &value.describe(),
            ));
            None
        }
    }
}

/// The keys of one expected finding, in English and Chinese.
const FIELDS: [(&str, &str); 3] = [("kind", "种类"), ("stage", "阶段"), ("code", "代码")];

fn read_finding(item: Node<'_>, sink: &mut Sink) -> Option<ExpectedFinding> {
    let span = item.span;
    let Kind::Table(table) = item.kind else {
        let expected = Text::new(
            "表，如 { kind = \"deadline\", stage = \"投票选举\" }",
            "a table such as { kind = \"deadline\", stage = \"投票选举\" }",
        );
        let what = Text::new("预期的发现", "an expected finding");
        sink.push(msg::wrong_type(span, &what, &expected, &item.describe()));
        return None;
    };
    let mut slots: [Option<String>; 3] = Default::default();
    let mut ok = true;
    for (key, node) in table.entries {
        let Some(i) = FIELDS
            .iter()
            .position(|(en, zh)| key.name == *en || key.name == *zh)
        else {
            let known: Vec<&str> = FIELDS.iter().flat_map(|(en, zh)| [*en, *zh]).collect();
            let place = Text::new("预期的发现", "an expected finding");
            sink.push(msg::unknown_key(key.span, &key.name, &place, &known));
            ok = false;
            continue;
        };
        match node.kind {
            Kind::Str(s) => {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(s.into_owned());
                }
            }
            _ => {
                let what = Text::new(format!("`{}`", key.name), format!("`{}`", key.name));
                let expected = Text::new("字符串", "a string");
                sink.push(msg::wrong_type(
                    node.span,
                    &what,
                    &expected,
                    &node.describe(),
                ));
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let [kind, stage, code] = slots;
    let Some(kind) = kind else {
        let place = Text::new("预期的发现", "an expected finding");
        sink.push(msg::missing_key(span, "kind", "种类", &place));
        return None;
    };
    Some(ExpectedFinding {
        kind,
        stage,
        code,
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding as (kind, stage, code).
    type Triple = (String, Option<String>, Option<String>);

    fn read(text: &str) -> Result<Option<Vec<Triple>>, Vec<&'static str>> {
        expectation(text, FileId(0), Format::Toml)
            .map(|e| {
                e.map(|e| {
                    e.findings
                        .into_iter()
                        .map(|f| (f.kind, f.stage, f.code))
                        .collect()
                })
            })
            .map_err(|d| d.iter().map(|d| d.code.id()).collect())
    }

    #[test]
    fn conforming_findings_and_none() {
        assert_eq!(read("procedure = \"甲\"\n"), Ok(None));
        assert_eq!(read("expect = \"conforming\"\n"), Ok(Some(Vec::new())));
        assert_eq!(read("预期 = \"合规\"\n"), Ok(Some(Vec::new())));
        let got = read("expect = [{ kind = \"data\", code = \"HJ311\" }, { 种类 = \"order\", 阶段 = \"乙\" }]\n");
        assert_eq!(
            got,
            Ok(Some(vec![
                ("data".into(), None, Some("HJ311".into())),
                ("order".into(), Some("乙".into()), None),
            ]))
        );
    }

    #[test]
    fn a_malformed_expectation_is_a_record_error() {
        assert_eq!(read("expect = \"ok\"\n"), Err(vec!["HJ603"]));
        assert_eq!(read("expect = []\n"), Err(vec!["HJ605"]));
        assert_eq!(read("expect = [{ stage = \"乙\" }]\n"), Err(vec!["HJ604"]));
        assert_eq!(
            read("expect = [{ kind = \"x\", where = \"乙\" }]\n"),
            Err(vec!["HJ602"])
        );
        assert_eq!(read("expect = [{ kind = 1 }]\n"), Err(vec!["HJ603"]));
    }

    #[test]
    fn json_records_take_the_same_key() {
        let got = expectation(
            r#"{"procedure": "甲", "expect": [{"kind": "quorum", "stage": "乙"}]}"#,
            FileId(0),
            Format::Json,
        );
        assert!(got.is_ok_and(|e| e.is_some_and(|e| e.findings.len() == 1)));
    }
}
