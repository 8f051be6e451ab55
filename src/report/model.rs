//! The report's data: one [`RecordRow`] per record of a batch (built by
//! the worker that checked it, so that the report holds text, not the
//! record), grouped into [`District`]s, with the counts the summary shows.
//!
//! A record's district is its `district` key; else, with a separator
//! (`--district-separator`), the part of its `unit` before the first
//! separator, the rest being the community; else none ("未注明街道").

use super::words;
use crate::check::batch::BatchSummary;
use crate::check::coverage::{Counts, Coverage, Status};
use crate::check::render::{finding_json, Location};
use crate::check::{Finding, Kind, Verdict};
use crate::diag::{Lang, Severity};
use crate::span::SourceMap;
use std::collections::BTreeMap;

/// One finding, located and worded.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRow {
    pub code: &'static str,
    pub kind: Kind,
    pub severity: Severity,
    pub stage: Option<String>,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Where in the record: `file:line:column` as the JSON contract's
    /// `record_location`, or `file sheet!cell` in a workbook.
    pub record_location: Option<String>,
    /// Where in the procedure the rule is stated.
    pub rule_location: Option<String>,
    /// The legal text: "title: quoted clause".
    pub basis: Option<String>,
}

/// One coverage item that needs the inspector's eye: not checked for lack
/// of data (with the values missing), or to check by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageRow {
    /// `not_checkable` or `manual`.
    pub status: &'static str,
    pub stage: Option<String>,
    pub text: String,
    /// The values the record lacks (not checkable), joined.
    pub missing: Option<String>,
    pub basis: Option<String>,
}

/// One record of the batch.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordRow {
    pub path: String,
    pub unit: Option<String>,
    pub district: Option<String>,
    /// The unit without its district (the whole unit when the district is
    /// its own key).
    pub community: Option<String>,
    pub procedure: Option<String>,
    pub verdict: Verdict,
    pub findings: Vec<FindingRow>,
    /// The coverage counts; `None` for a record that was not checked.
    pub counts: Option<Counts>,
    /// The items not checked for lack of data, and the manual checklist.
    pub coverage: Vec<CoverageRow>,
}

/// What the worker knows of a record besides its findings.
#[derive(Clone, Debug, Default)]
pub struct RecordFacts<'a> {
    pub path: &'a str,
    pub unit: Option<&'a str>,
    pub district: Option<&'a str>,
    pub procedure: Option<&'a str>,
}

/// `file:line:column`, or `file 候选人!B7` for a spreadsheet cell (as
/// `SourceFile::place` writes a place).
fn location(l: Option<Location>) -> Option<String> {
    l.map(|l| match l.cell {
        Some(cell) => format!("{} {cell}", l.file),
        None => format!("{}:{}:{}", l.file, l.line, l.column),
    })
}

/// Splits a unit into district and community on `separator` (the first
/// occurrence; both parts trimmed, neither empty).
pub fn split_unit<'a>(unit: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    if separator.is_empty() {
        return None;
    }
    let (d, c) = unit.split_once(separator)?;
    let (d, c) = (d.trim(), c.trim());
    (!d.is_empty() && !c.is_empty()).then_some((d, c))
}

impl RecordRow {
    /// The row of a record with `findings` (for a record that could not be
    /// read: the loader's, as `data` findings) and its `coverage` (`None`
    /// when it was not checked), worded in `lang`.
    pub fn new(
        facts: &RecordFacts<'_>,
        separator: Option<&str>,
        verdict: Verdict,
        findings: &[Finding],
        coverage: Option<&Coverage>,
        map: &SourceMap,
        lang: Lang,
    ) -> RecordRow {
        let unit = facts.unit.map(str::trim).filter(|u| !u.is_empty());
        let own = facts.district.map(str::trim).filter(|d| !d.is_empty());
        let split = unit.zip(separator).and_then(|(u, s)| split_unit(u, s));
        let (district, community) = match (own, split) {
            (Some(d), _) => (Some(d), unit),
            (None, Some((d, c))) => (Some(d), Some(c)),
            (None, None) => (None, unit),
        };
        let sep = words::pick(lang, "、", ", ");
        RecordRow {
            path: facts.path.to_string(),
            unit: unit.map(str::to_string),
            district: district.map(str::to_string),
            community: community.map(str::to_string),
            procedure: facts.procedure.map(str::to_string),
            verdict,
            findings: findings
                .iter()
                .map(|f| {
                    let j = finding_json(f, map, lang);
                    FindingRow {
                        code: j.code,
                        kind: f.kind,
                        severity: f.severity,
                        stage: f.stage.clone(),
                        message: j.message.to_string(),
                        expected: j.expected.map(str::to_string),
                        actual: j.actual.map(str::to_string),
                        record_location: location(j.record_location),
                        rule_location: location(j.rule_location),
                        basis: f.basis.clone(),
                    }
                })
                .collect(),
            counts: coverage.map(Coverage::counts),
            coverage: coverage
                .map(|c| {
                    c.items
                        .iter()
                        .filter_map(|i| {
                            let missing = match &i.status {
                                Status::NotCheckable(m) => Some(
                                    m.iter().map(|t| t.get(lang)).collect::<Vec<_>>().join(sep),
                                ),
                                Status::Manual => None,
                                _ => return None,
                            };
                            Some(CoverageRow {
                                status: i.status.as_str(),
                                stage: i.about.stage.clone(),
                                text: i.about.text.get(lang).to_string(),
                                missing,
                                basis: i.about.basis.clone(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The errors and the warnings among the findings.
    pub fn errors_warnings(&self) -> (usize, usize) {
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        (errors, self.findings.len() - errors)
    }

    /// The name a person knows the record by: its community (or unit),
    /// else its file.
    pub fn name(&self) -> &str {
        self.community
            .as_deref()
            .or(self.unit.as_deref())
            .unwrap_or(&self.path)
    }
}

/// Findings counted by kind and by stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// Per kind: (errors, warnings).
    pub by_kind: BTreeMap<Kind, (usize, usize)>,
    /// Per stage (`None`: no stage): (errors, warnings).
    pub by_stage: BTreeMap<Option<String>, (usize, usize)>,
}

impl Breakdown {
    /// Adds the findings of `row`.
    pub fn add(&mut self, row: &RecordRow) {
        for f in &row.findings {
            let error = f.severity == Severity::Error;
            for slot in [
                self.by_kind.entry(f.kind).or_default(),
                self.by_stage.entry(f.stage.clone()).or_default(),
            ] {
                if error {
                    slot.0 += 1;
                } else {
                    slot.1 += 1;
                }
            }
        }
    }

    /// The breakdown of `rows`.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a RecordRow>) -> Breakdown {
        let mut b = Breakdown::default();
        for r in rows {
            b.add(r);
        }
        b
    }
}

/// The records of one district, in path order.
#[derive(Clone, Debug, PartialEq)]
pub struct District<'a> {
    /// `None`: the records that give no district.
    pub name: Option<&'a str>,
    pub records: Vec<&'a RecordRow>,
    pub tally: crate::check::render::Tally,
    pub breakdown: Breakdown,
}

/// The whole report of a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The crate's version (`huanjie 0.1.0`).
    pub version: &'static str,
    /// The procedure of the batch (the default one).
    pub procedure: String,
    pub lang: Lang,
    pub records: Vec<RecordRow>,
    pub summary: BatchSummary,
}

impl Report {
    /// The districts, by name, the records without one last.
    pub fn districts(&self) -> Vec<District<'_>> {
        let mut named: BTreeMap<Option<&str>, Vec<&RecordRow>> = BTreeMap::new();
        for r in &self.records {
            named.entry(r.district.as_deref()).or_default().push(r);
        }
        let mut out: Vec<District<'_>> = named
            .into_iter()
            .map(|(name, records)| {
                let mut tally = crate::check::render::Tally::default();
                for r in &records {
                    tally.add(r.verdict);
                }
                District {
                    name,
                    breakdown: Breakdown::of(records.iter().copied()),
                    records,
                    tally,
                }
            })
            .collect();
        // `None` sorts first in a BTreeMap; the unnamed go last.
        out.sort_by_key(|d| d.name.is_none());
        out
    }

    /// The findings of the whole batch, by kind and by stage.
    pub fn breakdown(&self) -> Breakdown {
        Breakdown::of(&self.records)
    }

    /// The heading of a district.
    pub fn district_name<'a>(&self, d: &District<'a>) -> &'a str {
        d.name.unwrap_or(words::no_district(self.lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_located_by_sheet_and_cell_not_line_and_column() {
        let at = |cell: Option<&str>| Location {
            file: "d.xlsx".into(),
            line: 7,
            column: 7,
            cell: cell.map(str::to_string),
        };
        assert_eq!(
            location(Some(at(Some("事实!G7")))).as_deref(),
            Some("d.xlsx 事实!G7")
        );
        assert_eq!(location(Some(at(None))).as_deref(), Some("d.xlsx:7:7"));
    }

    #[test]
    fn units_split_on_the_first_separator() {
        assert_eq!(
            split_unit("新河街道/东风社区", "/"),
            Some(("新河街道", "东风社区"))
        );
        assert_eq!(
            split_unit("新河街道 / 东风/北", "/"),
            Some(("新河街道", "东风/北"))
        );
        assert_eq!(split_unit("东风社区", "/"), None);
        assert_eq!(split_unit("/东风社区", "/"), None);
        assert_eq!(split_unit("新河街道/", "/"), None);
        assert_eq!(split_unit("新河街道/东风社区", ""), None);
    }

    fn row(path: &str, unit: Option<&str>, district: Option<&str>, sep: Option<&str>) -> RecordRow {
        let facts = RecordFacts {
            path,
            unit,
            district,
            procedure: Some("甲"),
        };
        RecordRow::new(
            &facts,
            sep,
            Verdict::Conforming,
            &[],
            None,
            &SourceMap::new(),
            Lang::Zh,
        )
    }

    #[test]
    fn the_district_key_wins_over_the_separator() {
        let r = row(
            "a.toml",
            Some("新河街道/东风社区"),
            Some("河西街道"),
            Some("/"),
        );
        assert_eq!(r.district.as_deref(), Some("河西街道"));
        assert_eq!(r.community.as_deref(), Some("新河街道/东风社区"));
        let r = row("a.toml", Some("新河街道/东风社区"), None, Some("/"));
        assert_eq!(
            (r.district.as_deref(), r.community.as_deref()),
            (Some("新河街道"), Some("东风社区"))
        );
        let r = row("a.toml", Some("新河街道/东风社区"), None, None);
        assert_eq!(
            (r.district.as_deref(), r.name()),
            (None, "新河街道/东风社区")
        );
        assert_eq!(row("b.toml", None, None, Some("/")).name(), "b.toml");
    }

    #[test]
    fn districts_are_sorted_with_the_unnamed_last() {
        let records = vec![
            row("1.toml", Some("乙街道/一"), None, Some("/")),
            row("2.toml", Some("无街道"), None, Some("/")),
            row("3.toml", Some("甲街道/二"), None, Some("/")),
            row("4.toml", Some("乙街道/三"), None, Some("/")),
        ];
        let report = Report {
            version: "0",
            procedure: "甲".into(),
            lang: Lang::Zh,
            records,
            summary: BatchSummary::default(),
        };
        let ds = report.districts();
        let names: Vec<&str> = ds.iter().map(|d| report.district_name(d)).collect();
        assert_eq!(names, ["乙街道", "甲街道", "（未注明街道）"]);
        assert_eq!(ds[0].records.len(), 2);
        assert_eq!(ds[0].tally.conforming, 2);
    }
}
