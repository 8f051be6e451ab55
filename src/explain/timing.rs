//! Timing rules in words, from the resolved rule as written (not from its
//! difference constraints), with the legal way of counting days:
//!
//! - “自 R 之日起 N 日内”: R's day is not counted, the period starts the next
//!   day (民法典 第二百零一条), so the last allowed day is the N-th after R;
//! - “在 R 的 N 日前”: under reading A (相减) the two dates differ by at
//!   least N days, under reading B (间隔) N whole days lie between them;
//! - a stage that lasts N days counts its first and its last day;
//! - “after” and “before” allow the same day.

use super::words::{t, value, value_is};
use crate::ast::{DayUnit, Endpoint, Reading};
use crate::diag::Text;
use crate::ir::ParamValues;
use crate::resolve::{Amount, Point, Procedure, Target, TimingKind};

/// A referenced stage or phase, with the day of it the rule uses:
/// “选民登记”, “环节“准备”结束” / “the end of phase “准备””.
fn point(proc: &Procedure, p: &Point, default: Endpoint) -> Text {
    let name = proc.target_name(p.target);
    let (zh_kind, en_kind) = match p.target {
        Target::Phase(_) => ("环节", "phase "),
        Target::Stage(_) => ("", ""),
    };
    let base = t(format!("{zh_kind}“{name}”"), format!("{en_kind}“{name}”"));
    let end = match p.end {
        Some(e) => Some(e),
        None if proc.spans_days(p.target) => Some(default),
        None => None,
    };
    match end {
        None => base,
        Some(Endpoint::Start) => t(
            format!("{}开始", base.zh),
            format!("the start of {}", base.en),
        ),
        Some(Endpoint::End) => t(
            format!("{}结束", base.zh),
            format!("the end of {}", base.en),
        ),
    }
}

/// A number of days, and the parameter it comes from: its name and its
/// default in words.
struct Days {
    n: String,
    /// The parameter's name, and its value with “默认为” or “设为”.
    param: Option<(String, Text)>,
}

fn days(proc: &Procedure, a: &Amount) -> Days {
    let n = ParamValues(proc.params.iter().map(|p| p.value.clone()).collect())
        .amount(a)
        .map_or_else(|| "?".to_string(), |n| n.to_string());
    let param = match a {
        Amount::Param { param, .. } => proc.params.get(param.0).map(|p| {
            let v = p.value.as_ref().map_or_else(|| t("?", "?"), value);
            let (zh, en) = value_is(p);
            (
                p.name.name.clone(),
                t(format!("{zh} {}", v.zh), format!("{en} {}", v.en)),
            )
        }),
        _ => None,
    };
    Days { n, param }
}

/// “（天数由参数“X”规定，默认为 V）” appended to a sentence, for every
/// number of days that is a parameter.
fn with_params(text: Text, days: &[&Days]) -> Text {
    let params: Vec<&(String, Text)> = days.iter().filter_map(|d| d.param.as_ref()).collect();
    match params.as_slice() {
        [] => text,
        [(name, v)] => t(
            format!("{}（天数由参数“{name}”规定，{}）", text.zh, v.zh),
            format!(
                "{} (the number of days is the parameter “{name}”, {})",
                text.en, v.en
            ),
        ),
        many => {
            let zh: Vec<String> = many.iter().map(|(n, v)| format!("“{n}”{}", v.zh)).collect();
            let en: Vec<String> = many
                .iter()
                .map(|(n, v)| format!("“{n}”, {}", v.en))
                .collect();
            t(
                format!("{}（天数由参数规定：{}）", text.zh, zh.join("；")),
                format!(
                    "{} (the numbers of days are parameters: {})",
                    text.en,
                    en.join("; ")
                ),
            )
        }
    }
}

/// A timing rule of a stage or phase in words. `holiday_extension` is the
/// procedure's setting (民法典 第二百零三条 for forward periods).
pub(super) fn timing(proc: &Procedure, kind: &TimingKind) -> Text {
    let extension = proc.settings.holiday_extension;
    match kind {
        TimingKind::After(r) => {
            let r = point(proc, r, Endpoint::End);
            t(
                format!("在{}之后进行（可以与其同日）", r.zh),
                format!("after {} (the same day is allowed)", r.en),
            )
        }
        TimingKind::Before(r) => {
            let r = point(proc, r, Endpoint::Start);
            t(
                format!("在{}之前完成（可以与其同日）", r.zh),
                format!("before {} (the same day is allowed)", r.en),
            )
        }
        TimingKind::SameDay(r) => {
            let r = point(proc, r, Endpoint::Start);
            t(
                format!("与{}在同一天进行", r.zh),
                format!("on the same day as {}", r.en),
            )
        }
        TimingKind::Within {
            days: a,
            unit,
            after,
        } => {
            let r = point(proc, after, Endpoint::End);
            let d = days(proc, a);
            let n = &d.n;
            let nth = ordinal(n);
            let text = match unit {
                DayUnit::Calendar => t(
                    format!(
                        "自{}之日起 {n} 日内完成（当日不计入，自次日起算，最晚为其后第 {n} 日，见民法典第二百零一条；与其同日亦可）",
                        r.zh
                    ),
                    format!(
                        "within {} after {} (that day is not counted: the period starts the next day and ends on the {nth} day after it, Civil Code art. 201; the same day is also allowed)",
                        en_days(n, "day"),
                        r.en
                    ),
                ),
                DayUnit::Working => t(
                    format!(
                        "自{}之日起 {n} 个工作日内完成（当日不计入，自次日起只计工作日，最晚为其后第 {n} 个工作日，见民法典第二百零一条；与其同日亦可）",
                        r.zh
                    ),
                    format!(
                        "within {} after {} (that day is not counted: from the next day only working days count, by the holiday calendar, up to the {nth} working day after it; the same day is also allowed)",
                        en_days(n, "working day"),
                        r.en
                    ),
                ),
            };
            let text = if extension {
                t(
                    format!("{}；期间最后一日是法定休假日的，顺延至休假日结束的次日（民法典第二百零三条）", text.zh),
                    format!("{}; a last day that falls on a statutory holiday moves to the day after the holiday (Civil Code art. 203)", text.en),
                )
            } else {
                text
            };
            with_params(text, &[&d])
        }
        TimingKind::AtLeastBefore {
            days: a,
            of,
            reading,
            explicit,
        } => {
            let r = point(proc, of, Endpoint::Start);
            let d = days(proc, a);
            let n = &d.n;
            let how = how_counted(proc, *reading, *explicit, n, "不少于", "at least");
            with_params(
                t(
                    format!("应在{}之日的 {n} 日前完成（{}）", r.zh, how.zh),
                    format!(
                        "at least {} before {} ({})",
                        en_days(n, "day"),
                        r.en,
                        how.en
                    ),
                ),
                &[&d],
            )
        }
        TimingKind::NoEarlierThanBefore {
            days: a,
            of,
            reading,
            explicit,
        } => {
            let r = point(proc, of, Endpoint::Start);
            let d = days(proc, a);
            let n = &d.n;
            let how = how_counted(proc, *reading, *explicit, n, "不超过", "at most");
            with_params(
                t(
                    format!("不早于{}之日的 {n} 日前开始（{}）", r.zh, how.zh),
                    format!(
                        "no earlier than {} before {} ({})",
                        en_days(n, "day"),
                        r.en,
                        how.en
                    ),
                ),
                &[&d],
            )
        }
        TimingKind::Between(a, b) => t(
            format!("在 {a} 至 {b} 之间进行（首尾两日都包括在内）"),
            format!("between {a} and {b} (both days included)"),
        ),
        TimingKind::NotBefore(d) => t(
            format!("不早于 {d} 开始（当日可以）"),
            format!("on or after {d}"),
        ),
        TimingKind::NotAfter(d) => t(
            format!("不晚于 {d} 完成（当日可以）"),
            format!("on or before {d}"),
        ),
        TimingKind::Lasts { min, max, unit } => lasts(proc, min.as_ref(), max.as_ref(), *unit),
    }
}

/// `1 day`, `5 days` (`unit` in the singular).
fn en_days(n: &str, unit: &str) -> String {
    if n == "1" {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// `5th`, `1st`, `22nd`, `13th`.
fn ordinal(n: &str) -> String {
    let Ok(v) = n.parse::<u64>() else {
        return format!("{n}th");
    };
    let suffix = match (v % 10, v % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{v}{suffix}")
}

/// How “N 日前” is counted here: by the rule's or the procedure's reading,
/// or, when neither fixes it, both readings, contested.
fn how_counted(
    proc: &Procedure,
    reading: Reading,
    explicit: bool,
    n: &str,
    zh_cmp: &str,
    en_cmp: &str,
) -> Text {
    if explicit || proc.settings.days_before_span.is_some() {
        return reading_words(reading, n, zh_cmp, en_cmp);
    }
    let (a, b) = (
        reading_words(Reading::Subtractive, n, zh_cmp, en_cmp),
        reading_words(Reading::Exclusive, n, zh_cmp, en_cmp),
    );
    t(
        format!("读法有争议，两种读法都检查：{}；{}", a.zh, b.zh),
        format!(
            "the reading is contested and both are checked: {}; {}",
            a.en, b.en
        ),
    )
}

/// How “N 日前” is counted under a reading: the two dates differ by `cmp` N
/// days (A), or N whole days lie between them (B).
fn reading_words(reading: Reading, n: &str, zh_cmp: &str, en_cmp: &str) -> Text {
    match reading {
        Reading::Subtractive => t(
            format!("按“相减”计算：两个日期相减{zh_cmp} {n} 天"),
            format!(
                "reading A, “subtractive”: the two dates differ by {en_cmp} {}",
                en_days(n, "day")
            ),
        ),
        Reading::Exclusive => {
            let m = n
                .parse::<i64>()
                .map_or_else(|_| format!("{n} + 1"), |v| (v + 1).to_string());
            t(
                format!("按“间隔”计算：两个日期之间须间隔 {n} 个整日，即相减{zh_cmp} {m} 天"),
                format!("reading B, “exclusive”: {} lie between the two dates, so they differ by {en_cmp} {}", en_days(n, "whole day"), en_days(&m, "day")),
            )
        }
    }
}

/// `lasts …`: both the first and the last day count.
fn lasts(proc: &Procedure, min: Option<&Amount>, max: Option<&Amount>, unit: DayUnit) -> Text {
    let (zh_unit, en_unit) = match unit {
        DayUnit::Calendar => ("日", "day"),
        DayUnit::Working => ("个工作日", "working day"),
    };
    let (lo, hi) = (min.map(|a| days(proc, a)), max.map(|a| days(proc, a)));
    let text = match (&lo, &hi) {
        (Some(l), Some(h)) if l.n == h.n => t(
            format!("持续 {} {zh_unit}", l.n),
            format!("lasts {}", en_days(&l.n, en_unit)),
        ),
        (Some(l), Some(h)) => t(
            format!("持续 {} 至 {} {zh_unit}", l.n, h.n),
            format!("lasts {} to {} {en_unit}s", l.n, h.n),
        ),
        (Some(l), None) => t(
            format!("持续不少于 {} {zh_unit}", l.n),
            format!("lasts at least {}", en_days(&l.n, en_unit)),
        ),
        (None, Some(h)) => t(
            format!("持续不超过 {} {zh_unit}", h.n),
            format!("lasts at most {}", en_days(&h.n, en_unit)),
        ),
        (None, None) => return t("持续时间不限", "any length"),
    };
    let how = match unit {
        DayUnit::Calendar => t(
            "（第一天和最后一天都计算在内）",
            " (counting both the first and the last day)",
        ),
        DayUnit::Working => t(
            "（只计工作日，第一天和最后一天都计算在内）",
            " (only working days count, the first and the last day included)",
        ),
    };
    let text = t(
        format!("{}{}", text.zh, how.zh),
        format!("{}{}", text.en, how.en),
    );
    let same = lo.as_ref().map(|l| &l.n) == hi.as_ref().map(|h| &h.n);
    let params: Vec<&Days> = match (&lo, &hi) {
        (Some(l), Some(_)) if same => vec![l],
        _ => [&lo, &hi].into_iter().flatten().collect(),
    };
    with_params(text, &params)
}
