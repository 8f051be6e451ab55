//! pest pairs → timing constraints. Every English and Chinese form of a
//! constraint carries the same parts (quantities, a unit, stage references,
//! dates, a reading); they are gathered first, then assembled by kind.

use super::build::Builder;
use super::Rule;
use crate::ast::{DateLit, DayUnit, Endpoint, PointRef, Quantity, Reading, Timing, TimingKind};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::span::Span;
use pest::iterators::Pair;

#[derive(Default)]
struct Parts {
    quantities: Vec<Quantity>,
    unit: Option<DayUnit>,
    refs: Vec<PointRef>,
    dates: Vec<DateLit>,
    reading: Option<Reading>,
    min: Option<Quantity>,
    max: Option<Quantity>,
}

impl Builder {
    /// A `timing` pair: one constraint and its optional `per`.
    pub(super) fn timing(&mut self, pair: Pair<Rule>) -> Timing {
        let span = self.span(&pair);
        let mut kind = None;
        let mut per = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::per => per = Some(self.per_clause(p)),
                _ => kind = Some(self.timing_kind(p)),
            }
        }
        Timing {
            kind: kind.unwrap_or(TimingKind::Lasts {
                min: None,
                max: None,
                unit: DayUnit::Calendar,
            }),
            per,
            span,
        }
    }

    fn timing_kind(&mut self, pair: Pair<Rule>) -> TimingKind {
        let which = pair.as_rule();
        let parts = self.parts(pair);
        let mut quantities = parts.quantities.into_iter();
        let days = quantities.next().unwrap_or(Quantity::Literal {
            value: 0,
            span: Span::Synthetic,
        });
        let mut refs = parts.refs.into_iter();
        let r = refs.next().unwrap_or(PointRef {
            target: super::build::synthetic_ident(""),
            end: None,
            span: Span::Synthetic,
        });
        let mut dates = parts.dates.into_iter();
        let d1 = dates.next().unwrap_or(DateLit {
            date: chrono::NaiveDate::default(),
            span: Span::Synthetic,
        });
        let d2 = dates.next().unwrap_or_else(|| d1.clone());
        let unit = parts.unit.unwrap_or(DayUnit::Calendar);
        match which {
            Rule::t_within => TimingKind::Within {
                days,
                unit,
                after: r,
            },
            Rule::t_at_least_before => TimingKind::AtLeastBefore {
                days,
                of: r,
                reading: parts.reading,
            },
            Rule::t_no_earlier_before => TimingKind::NoEarlierThanBefore {
                days,
                of: r,
                reading: parts.reading,
            },
            Rule::t_between => TimingKind::Between(d1, d2),
            Rule::t_not_before => TimingKind::NotBefore(d1),
            Rule::t_not_after => TimingKind::NotAfter(d1),
            Rule::t_lasts => TimingKind::Lasts {
                min: parts.min,
                max: parts.max,
                unit,
            },
            Rule::t_before => TimingKind::Before(r),
            Rule::t_same_day => TimingKind::SameDay(r),
            _ => TimingKind::After(r),
        }
    }

    fn parts(&mut self, pair: Pair<Rule>) -> Parts {
        let mut parts = Parts::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::quantity => {
                    let q = self.quantity(p);
                    parts.quantities.push(q);
                }
                Rule::unit_working | Rule::unit_working_within => {
                    parts.unit = Some(DayUnit::Working)
                }
                Rule::unit_calendar | Rule::unit_calendar_within => {
                    parts.unit = Some(DayUnit::Calendar)
                }
                Rule::point_ref => {
                    let r = self.point_ref(p);
                    parts.refs.push(r);
                }
                Rule::date_lit => {
                    let d = self.date(p);
                    parts.dates.push(d);
                }
                Rule::reading => parts.reading = self.reading(p),
                Rule::lasts_min | Rule::lasts_max | Rule::lasts_range | Rule::lasts_exact => {
                    let which = p.as_rule();
                    let qs: Vec<Quantity> = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::quantity)
                        .map(|q| self.quantity(q))
                        .collect();
                    let mut qs = qs.into_iter();
                    let (a, b) = (qs.next(), qs.next());
                    match which {
                        Rule::lasts_min => parts.min = a,
                        Rule::lasts_max => parts.max = a,
                        Rule::lasts_range => {
                            parts.min = a;
                            parts.max = b;
                        }
                        _ => {
                            parts.min = a.clone();
                            parts.max = a;
                        }
                    }
                }
                _ => {}
            }
        }
        parts
    }

    fn point_ref(&mut self, pair: Pair<Rule>) -> PointRef {
        let span = self.span(&pair);
        let mut target = None;
        let mut end = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident | Rule::qname => target = Some(self.ident(p)),
                Rule::endpoint => {
                    end = Some(match p.as_str() {
                        "start" | "开始" => Endpoint::Start,
                        _ => Endpoint::End,
                    })
                }
                _ => {}
            }
        }
        PointRef {
            target: target.unwrap_or_else(|| super::build::synthetic_ident("")),
            end,
            span,
        }
    }

    fn reading(&mut self, pair: Pair<Rule>) -> Option<Reading> {
        let value = pair.into_inner().find(|p| p.as_rule() == Rule::ident)?;
        let span = self.span(&value);
        let text = value.as_str();
        match text {
            "subtractive" | "相减" => Some(Reading::Subtractive),
            "exclusive" | "间隔" => Some(Reading::Exclusive),
            _ => {
                let known = ["subtractive", "exclusive", "相减", "间隔"];
                let help = match did_you_mean(text, known) {
                    Some(s) => did_you_mean_help(s),
                    None => Text::new(
                        "可选：`相减`（甲读法，日期相减不少于 N）或 `间隔`（乙读法，中间相隔 N 整日）",
                        "use `subtractive` (reading A: the dates differ by at least N) or \
                         `exclusive` (reading B: N whole days in between)",
                    ),
                };
                self.diags.push(
                    Diagnostic::error(
                        Code::UnknownSetting,
                        Text::new(
                            format!("“日前”计算方法 `{text}` 不存在"),
                            format!("unknown reading `{text}` of \"N days before\""),
                        ),
                    )
                    .with_label(span, Text::new("未知的计算方法", "unknown reading"))
                    .with_help(help),
                );
                None
            }
        }
    }
}
