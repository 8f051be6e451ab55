//! The summary of a batch of `huanjie check`: the records per verdict and
//! per procedure, and the files skipped as not records, for people (the
//! closing line, a note per skipped file) and for machines (the `skipped`
//! list and the `summary` object that close the JSON document; see
//! `docs/checker.md`).

use super::render::{batch_summary, Tally};
use super::Verdict;
use crate::diag::{Lang, Text};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a batch found: the records per verdict, and per procedure (the one
/// each record was checked against, or the unloaded one it names) per
/// verdict, and the files skipped as not records, with why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub tally: Tally,
    pub by_procedure: BTreeMap<String, Tally>,
    pub skipped: Vec<(String, Text)>,
}

impl BatchSummary {
    /// Counts one more record (of `procedure`, when it names one).
    pub fn add(&mut self, verdict: Verdict, procedure: Option<&str>) {
        self.tally.add(verdict);
        if let Some(p) = procedure {
            self.by_procedure
                .entry(p.to_string())
                .or_default()
                .add(verdict);
        }
    }

    /// Notes a file skipped as not a record.
    pub fn skip(&mut self, path: &str, reason: Text) {
        self.skipped.push((path.to_string(), reason));
    }

    /// The closing line of a batch: [`batch_summary`], then the records of
    /// each procedure and the files skipped.
    pub fn line(&self, lang: Lang) -> String {
        let mut out = batch_summary(&self.tally, lang);
        let sep = match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        };
        for (name, t) in &self.by_procedure {
            out.push_str(sep);
            out.push_str(&procedure_counts(name, t, lang));
        }
        let n = self.skipped.len();
        if n > 0 {
            out.push_str(sep);
            out.push_str(&match lang {
                Lang::Zh => format!("跳过 {n} 个不是记录的文件"),
                Lang::En if n == 1 => "1 file skipped (not a record)".to_string(),
                Lang::En => format!("{n} files skipped (not records)"),
            });
        }
        out
    }
}

/// `` `居委会换届选举` 2 份（1 份符合程序，1 份有违规） ``: the verdicts
/// that occur.
fn procedure_counts(name: &str, t: &Tally, lang: Lang) -> String {
    let parts = [
        (t.conforming, "份符合程序", "conforming"),
        (t.violations, "份有违规", "with violations"),
        (t.invalid, "份无法读取", "invalid"),
    ];
    let some = parts.iter().filter(|(n, _, _)| *n > 0);
    match lang {
        Lang::Zh => {
            let list: Vec<String> = some.map(|(n, zh, _)| format!("{n} {zh}")).collect();
            format!("`{name}` {} 份（{}）", t.total(), list.join("，"))
        }
        Lang::En => {
            let list: Vec<String> = some.map(|(n, _, en)| format!("{n} {en}")).collect();
            format!("`{name}`: {} ({})", t.total(), list.join(", "))
        }
    }
}

/// The note on a file skipped as not a record.
pub fn skipped_note(path: &str, reason: &Text, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("注意：跳过 `{path}`：{}\n", reason.zh),
        Lang::En => format!("note: skipped `{path}`: {}\n", reason.en),
    }
}

/// A file of a batch skipped as not a record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedJson<'a> {
    pub path: &'a str,
    pub reason: &'a str,
}

/// Records per verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TallyJson {
    pub records: usize,
    pub conforming: usize,
    pub violations: usize,
    pub invalid: usize,
}

impl From<&Tally> for TallyJson {
    fn from(t: &Tally) -> TallyJson {
        TallyJson {
            records: t.total(),
            conforming: t.conforming,
            violations: t.violations,
            invalid: t.invalid,
        }
    }
}

/// The `summary` of the JSON document: the totals per verdict, per
/// procedure per verdict, and how many files were skipped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryJson {
    pub records: usize,
    pub conforming: usize,
    pub violations: usize,
    pub invalid: usize,
    pub skipped: usize,
    pub by_procedure: BTreeMap<String, TallyJson>,
}

impl BatchSummary {
    /// The `skipped` list of the JSON document, in `lang`.
    pub fn skipped_json(&self, lang: Lang) -> Vec<SkippedJson<'_>> {
        self.skipped
            .iter()
            .map(|(path, why)| SkippedJson {
                path,
                reason: why.get(lang),
            })
            .collect()
    }

    /// The `summary` of the JSON document.
    pub fn json(&self) -> SummaryJson {
        let t = &self.tally;
        SummaryJson {
            records: t.total(),
            conforming: t.conforming,
            violations: t.violations,
            invalid: t.invalid,
            skipped: self.skipped.len(),
            by_procedure: self
                .by_procedure
                .iter()
                .map(|(k, v)| (k.clone(), TallyJson::from(v)))
                .collect(),
        }
    }
}

/// The JSON document's closing after the records of a batch: its
/// `skipped` list and its `summary` (`any` says whether a record was
/// written).
pub fn json_close_batch(any: bool, summary: &BatchSummary, lang: Lang) -> String {
    let records_end = if any { "\n  ]" } else { "]" };
    let indent = |v: String| v.replace('\n', "\n  ");
    let skipped = serde_json::to_string_pretty(&summary.skipped_json(lang)).unwrap_or_default();
    let counts = serde_json::to_string_pretty(&summary.json()).unwrap_or_default();
    format!(
        "{records_end},\n  \"skipped\": {},\n  \"summary\": {}\n}}\n",
        indent(skipped),
        indent(counts)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::render::{
        json_open, json_record_piece, record_json, DocumentJson, RecordJson,
    };
    use crate::span::SourceMap;

    #[test]
    fn a_streamed_batch_is_the_pretty_document() {
        let map = SourceMap::new();
        let mut summary = BatchSummary::default();
        for n in 0..3 {
            let paths: Vec<String> = (0..n).map(|i| format!("r{i}.toml")).collect();
            let mut records: Vec<RecordJson<'_>> = Vec::new();
            for p in &paths {
                let mut r = record_json(p, Verdict::Violations, &[], None, &map, Lang::En);
                r.procedure = Some("甲");
                records.push(r);
            }
            summary.add(Verdict::Violations, Some("甲"));
            summary.skip("out.json", Text::new("输出", "output"));
            let mut streamed = json_open("甲");
            for (i, r) in records.iter().enumerate() {
                streamed.push_str(&json_record_piece(r, i == 0));
            }
            streamed.push_str(&json_close_batch(n > 0, &summary, Lang::En));
            let whole = DocumentJson {
                version: crate::check::render::VERSION,
                procedure: "甲",
                records,
                skipped: Some(summary.skipped_json(Lang::En)),
                summary: Some(summary.json()),
            };
            let expected = format!(
                "{}\n",
                serde_json::to_string_pretty(&whole).unwrap_or_default()
            );
            assert_eq!(streamed, expected);
        }
    }

    #[test]
    fn batch_summary_per_procedure() {
        let mut s = BatchSummary::default();
        s.add(Verdict::Conforming, Some("乙"));
        s.add(Verdict::Violations, Some("甲"));
        s.add(Verdict::Conforming, Some("甲"));
        s.add(Verdict::Invalid, None);
        s.skip("out.json", Text::new("输出", "output"));
        assert_eq!(
            s.line(Lang::En),
            "4 records checked: 2 conforming, 1 with violations, 1 invalid; \
             `乙`: 1 (1 conforming); `甲`: 2 (1 conforming, 1 with violations); \
             1 file skipped (not a record)"
        );
        assert_eq!(
            s.line(Lang::Zh),
            "共检查 4 份记录：2 份符合程序，1 份有违规，1 份无法读取；\
             `乙` 1 份（1 份符合程序）；`甲` 2 份（1 份符合程序，1 份有违规）；\
             跳过 1 个不是记录的文件"
        );
        let j = s.json();
        assert_eq!((j.records, j.skipped, j.by_procedure.len()), (4, 1, 2));
    }
}
