//! The questions a procedure leaves open: contested parameters (`contested
//! { … }` / `争议 { … }`) and, when the procedure sets no `days_before`, the
//! reading of "N 日前". One mechanism serves them all: each is a
//! [`Question`] with its readings and their sources; the checker judges a
//! record under every combination of readings (`check::readings`),
//! `schedule` computes the dates under each and `explain` lists them.
//! See docs/design/contested.md.

use super::program::{BasisRef, Cite, ParamId, Procedure, TimingKind, Value};
use crate::ast::Reading;
use crate::diag::Text;
use crate::span::Span;

/// What a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A contested parameter.
    Param(ParamId),
    /// How "N 日前" is counted, for the constraints that do not fix it.
    DaysBefore,
}

/// What one reading sets.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Value(Value),
    Reading(Reading),
}

/// One reading of a question.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// Its name (`超过`, `相减`).
    pub label: String,
    pub choice: Choice,
    /// Its source: "basis title: clause" for a parameter's reading, a short
    /// account for the built-in readings of "N 日前".
    pub source: Text,
    /// Where it is declared (synthetic for the built-in readings).
    pub span: Span,
}

/// A question the law leaves open, with its readings.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub subject: Subject,
    /// The parameter's name, or `日前计法`.
    pub name: String,
    pub answers: Vec<Answer>,
    /// The reading the procedure's default gives (used where one value is
    /// needed: `explain`, the schedule's table).
    pub default: usize,
    /// The parameter's declaration (synthetic for "N 日前").
    pub span: Span,
}

impl Question {
    /// The answer labelled `text`.
    pub fn answer_named(&self, text: &str) -> Option<usize> {
        self.answers.iter().position(|a| a.label == text)
    }

    /// The answer that sets `v`.
    pub fn answer_of(&self, v: &Value) -> Option<usize> {
        self.answers
            .iter()
            .position(|a| matches!(&a.choice, Choice::Value(x) if x == v))
    }

    /// "`到会须超过比例` = 超过" for a message.
    pub fn describe(&self, answer: usize) -> Text {
        let label = self.answers.get(answer).map_or("", |a| a.label.as_str());
        match self.subject {
            Subject::Param(_) => Text::new(
                format!("`{}`取“{label}”", self.name),
                format!("`{}` is read as “{label}”", self.name),
            ),
            Subject::DaysBefore => {
                let (zh, en) = if answer == 0 {
                    ("甲读法（相减）", "reading A (subtractive, 相减)")
                } else {
                    ("乙读法（间隔）", "reading B (exclusive, 间隔)")
                };
                Text::new(
                    format!("按{zh}计算“日前”"),
                    format!("\"N days before\" is counted by {en}"),
                )
            }
        }
    }
}

/// The name of the built-in question on "N 日前" (the setting's key).
pub const DAYS_BEFORE: &str = "日前计法";

/// The built-in readings of "N 日前" with the practice that supports each
/// (law.md §5.2 of the design documents; no statute settles it).
fn days_before_answers() -> Vec<Answer> {
    vec![
        Answer {
            label: "相减".into(),
            choice: Choice::Reading(Reading::Subtractive),
            source: Text::new(
                "甲读法：两日相减不少于 N 天即可。新河街道 2020 年换届工作方案把选民名单定于 2021 年 1 月 8 日公布、\
                 1 月 28 日选举；湖南双牌县 2021 年选举也按此计算",
                "reading A: the two days differ by at least N. The Xinhe 2020 plan publishes the voter list on \
                 2021-01-08 for an election on 2021-01-28; a Hunan county's 2021 election counts the same way",
            ),
            span: Span::Synthetic,
        },
        Answer {
            label: "间隔".into(),
            choice: Choice::Reading(Reading::Exclusive),
            source: Text::new(
                "乙读法：两日之间须相隔 N 个整日，首尾两日都不计。四川立法网 2020 年 10 月 21 日的评论以选举日 \
                 12 月 29 日为例，“选举日的七日前”是“十二月二十一日（或这天之前）”；湖南一份选举指南写作\
                 “在选举日（不含本日）的5日以前”",
                "reading B: N whole days must lie between the two days. A 2020 commentary on the Sichuan \
                 legislature's site takes election day 29 December: \"seven days before\" is 21 December or \
                 earlier; a Hunan election guide writes \"5 days before election day, not counting that day\"",
            ),
            span: Span::Synthetic,
        },
    ]
}

impl Procedure {
    /// Every open question of the procedure: its contested parameters in
    /// declaration order, then "N 日前" when the procedure sets no
    /// `days_before` and has a constraint that does not fix its reading.
    pub fn questions(&self) -> Vec<Question> {
        let mut out = Vec::new();
        for (i, p) in self.params.iter().enumerate() {
            if p.readings.len() < 2 {
                continue;
            }
            let answers: Option<Vec<Answer>> = p
                .readings
                .iter()
                .map(|r| {
                    Some(Answer {
                        label: r.label.name.clone(),
                        choice: Choice::Value(r.value.clone()?),
                        source: cite_text(self, r.cite.as_ref()),
                        span: r.span,
                    })
                })
                .collect();
            // A reading with an error was reported by the resolver.
            let Some(answers) = answers else { continue };
            let default = p
                .value
                .as_ref()
                .and_then(|v| {
                    answers
                        .iter()
                        .position(|a| matches!(&a.choice, Choice::Value(x) if x == v))
                })
                .unwrap_or(0);
            out.push(Question {
                subject: Subject::Param(ParamId(i)),
                name: p.name.name.clone(),
                answers,
                default,
                span: p.span,
            });
        }
        if self.settings.days_before_span.is_none() && self.has_unfixed_days_before() {
            out.push(Question {
                subject: Subject::DaysBefore,
                name: DAYS_BEFORE.into(),
                answers: days_before_answers(),
                default: usize::from(self.settings.days_before == Reading::Exclusive),
                span: Span::Synthetic,
            });
        }
        out
    }

    /// Whether a constraint reads "N 日前" without fixing its reading.
    fn has_unfixed_days_before(&self) -> bool {
        let timings = self
            .stages
            .iter()
            .flat_map(|s| &s.timing)
            .chain(self.phases.iter().flat_map(|p| &p.timing));
        timings.into_iter().any(|t| {
            matches!(
                t.kind,
                TimingKind::AtLeastBefore {
                    explicit: false,
                    ..
                } | TimingKind::NoEarlierThanBefore {
                    explicit: false,
                    ..
                }
            )
        })
    }
}

/// "title: clause" of a reading's source, in both languages.
fn cite_text(proc: &Procedure, cite: Option<&Cite>) -> Text {
    let Some(c) = cite else {
        return Text::new("（未注明依据）", "(no source given)");
    };
    let title = match c.basis {
        BasisRef::Procedure(id) => proc.bases.get(id.0).map(|b| b.title.as_str()),
        BasisRef::Plan(_) => None,
    };
    match title {
        Some(t) => Text::new(
            format!("{t}：“{}”", c.clause),
            format!("{t}: “{}”", c.clause),
        ),
        None => Text::new(format!("“{}”", c.clause), format!("“{}”", c.clause)),
    }
}

impl Procedure {
    /// A copy of the procedure in which the constraints that do not fix
    /// their reading of "N 日前" read it as `r` (to schedule under one
    /// reading of the open question).
    pub fn with_days_before(&self, r: Reading) -> Procedure {
        let mut out = self.clone();
        let timings = out
            .stages
            .iter_mut()
            .flat_map(|s| s.timing.iter_mut())
            .chain(out.phases.iter_mut().flat_map(|p| p.timing.iter_mut()));
        for t in timings {
            match &mut t.kind {
                TimingKind::AtLeastBefore {
                    reading,
                    explicit: false,
                    ..
                }
                | TimingKind::NoEarlierThanBefore {
                    reading,
                    explicit: false,
                    ..
                } => *reading = r,
                _ => {}
            }
        }
        out
    }
}
