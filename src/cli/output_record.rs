//! One record of a `check` batch in the chosen format: the piece of the
//! output the worker that checked it writes (the command joins the pieces
//! in path order), and the row of the district report.

use super::output_check::CheckFormat;
use crate::check::render::{
    human_invalid, human_record, json_record_piece, loader_findings, record_json, to_diagnostic,
};
use crate::check::{Coverage, Finding, Verdict};
use crate::diag::render::RenderOptions;
use crate::diag::{Code, Diagnostic, Lang};
use crate::report::model::RecordFacts;
use crate::report::{junit, sarif, RecordRow};
use crate::span::SourceMap;
use std::collections::BTreeSet;

/// How every record of a batch is rendered.
pub struct Rendering {
    pub format: CheckFormat,
    /// Human format: nothing per record (`--quiet`).
    pub quiet: bool,
    pub verbose: bool,
    pub human: RenderOptions,
    pub lang: Lang,
    /// `--district-separator`.
    pub separator: Option<String>,
    /// Whether the district report is written (each record gives its row).
    pub report: bool,
}

/// What a checked (or unreadable) record is.
pub struct Checked<'a> {
    /// The file, as named on the command line.
    pub name: &'a str,
    pub unit: Option<&'a str>,
    pub district: Option<&'a str>,
    /// The procedure it was checked against (or names, unloaded).
    pub procedure: Option<&'a str>,
    pub verdict: Verdict,
    pub findings: &'a [Finding],
    /// Why it could not be used (an invalid record).
    pub diags: &'a [Diagnostic],
    pub coverage: Option<&'a Coverage>,
}

/// A record rendered.
pub struct Piece {
    /// The text for the output (empty: nothing, e.g. `--quiet`).
    pub text: String,
    /// Its row of the district report, when one is written.
    pub row: Option<RecordRow>,
    /// The codes of its SARIF results.
    pub codes: BTreeSet<Code>,
    /// What to say on stderr: the record file cannot be read at all.
    pub complaint: Option<String>,
}

/// `a.toml（新河街道 某社区）`: the record's file with its unit, on one
/// line.
pub fn shown_name(name: &str, unit: Option<&str>, lang: Lang) -> String {
    let Some(unit) = unit else {
        return name.to_string();
    };
    let unit = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    if unit.is_empty() {
        return name.to_string();
    }
    match lang {
        Lang::Zh => format!("{name}（{unit}）"),
        Lang::En => format!("{name} ({unit})"),
    }
}

impl Rendering {
    /// The piece of `record`, rendered with its `map`.
    pub fn piece(&self, record: &Checked<'_>, map: &SourceMap) -> Piece {
        let invalid = record.verdict == Verdict::Invalid;
        let loader;
        let findings = if invalid {
            loader = loader_findings(record.diags);
            &loader[..]
        } else {
            record.findings
        };
        let row = (self.report || self.format == CheckFormat::Junit).then(|| {
            let facts = RecordFacts {
                path: record.name,
                unit: record.unit,
                district: record.district,
                procedure: record.procedure,
            };
            RecordRow::new(
                &facts,
                self.separator.as_deref(),
                record.verdict,
                findings,
                record.coverage,
                map,
                self.lang,
            )
        });
        let mut codes = BTreeSet::new();
        let text = match self.format {
            CheckFormat::Human if self.quiet => String::new(),
            CheckFormat::Human => {
                let shown = shown_name(record.name, record.unit, self.lang);
                if invalid {
                    human_invalid(&shown, record.diags, map, &self.human)
                } else {
                    let empty = Coverage::default();
                    let coverage = record.coverage.unwrap_or(&empty);
                    human_record(&shown, findings, coverage, self.verbose, map, &self.human)
                }
            }
            CheckFormat::Json => {
                let mut value = record_json(
                    record.name,
                    record.verdict,
                    findings,
                    record.coverage,
                    map,
                    self.lang,
                );
                value.procedure = record.procedure;
                value.unit = record.unit;
                value.district = record.district;
                // Starts with a newline; the caller puts a comma before
                // every record but the first.
                json_record_piece(&value, true)
            }
            CheckFormat::Sarif => {
                let diags: Vec<Diagnostic> = if invalid {
                    record.diags.to_vec()
                } else {
                    findings.iter().map(to_diagnostic).collect()
                };
                sarif::results(&diags, map, Some(record.name), self.lang, true, &mut codes)
            }
            CheckFormat::Junit => row
                .as_ref()
                .map(|r| junit::testcase(r, self.lang))
                .unwrap_or_default(),
        };
        let complaint = record
            .diags
            .first()
            .filter(|d| invalid && d.code == Code::Unreadable)
            .map(|d| {
                let text = format!("huanjie: {}\n", d.message.get(self.lang));
                crate::diag::sanitise::for_terminal(&text).into_owned()
            });
        Piece {
            text,
            row: row.filter(|_| self.report),
            codes,
            complaint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_shown_on_one_line() {
        assert_eq!(shown_name("a.toml", None, Lang::Zh), "a.toml");
        assert_eq!(
            shown_name("a.toml", Some("新河街道\n某社区\u{2028}"), Lang::Zh),
            "a.toml（新河街道 某社区）"
        );
        assert_eq!(shown_name("a.toml", Some("甲"), Lang::En), "a.toml (甲)");
        assert_eq!(shown_name("a.toml", Some(" \n"), Lang::En), "a.toml");
    }
}
