//! Words for findings: dates, exact numbers, date windows, name lists and
//! the legal basis, in both languages.

use crate::diag::Text;
use crate::ir::from_day_number;
use crate::resolve::{BasisRef, Cite, Procedure};
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// A day number as a date (`2021-01-08`).
pub(crate) fn day(n: i64) -> String {
    from_day_number(n).map_or_else(|| format!("day {n}"), |d| d.to_string())
}

/// A date with an optional time of day (`2021-01-18 14:30`).
pub(crate) fn day_time(n: i64, time: Option<(u32, u32)>) -> String {
    match time {
        Some((h, m)) => format!("{} {h:02}:{m:02}", day(n)),
        None => day(n),
    }
}

/// `2021-01-08` for one day, `2021-01-08 至 2021-01-10` / `2021-01-08 to
/// 2021-01-10` for a span.
pub(crate) fn days_span(first: i64, last: i64) -> Text {
    if first == last {
        Text::new(day(first), day(first))
    } else {
        Text::new(
            format!("{} 至 {}", day(first), day(last)),
            format!("{} to {}", day(first), day(last)),
        )
    }
}

/// The window `[lo, hi]` of day numbers in words: "on or before 2021-01-08".
pub(crate) fn window(lo: Option<i64>, hi: Option<i64>) -> Text {
    match (lo, hi) {
        (Some(l), Some(h)) if l == h => {
            Text::new(format!("{} 当日", day(l)), format!("on {}", day(l)))
        }
        (Some(l), Some(h)) if l > h => Text::new("没有可行的日期", "no possible date"),
        (Some(l), Some(h)) => Text::new(
            format!("{} 至 {} 之间", day(l), day(h)),
            format!("between {} and {}", day(l), day(h)),
        ),
        (Some(l), None) => Text::new(
            format!("不早于 {}", day(l)),
            format!("on or after {}", day(l)),
        ),
        (None, Some(h)) => Text::new(
            format!("不晚于 {}", day(h)),
            format!("on or before {}", day(h)),
        ),
        (None, None) => Text::new("任意日期", "any date"),
    }
}

/// A plain date in both languages.
pub(crate) fn date_text(d: NaiveDate) -> Text {
    Text::new(d.to_string(), d.to_string())
}

/// Whether every prime factor of `n` is 2 or 5 (a terminating decimal).
fn terminates(n: &BigInt) -> bool {
    let mut n = n.abs();
    let (two, five) = (BigInt::from(2), BigInt::from(5));
    if n.is_zero() {
        return false;
    }
    for p in [&two, &five] {
        while (&n % p).is_zero() {
            n /= p;
        }
    }
    n.is_one()
}

/// An exact number: `1000`, `1000.5`, `2000/3`.
pub(crate) fn num(r: &BigRational) -> String {
    if r.is_integer() {
        return r.to_integer().to_string();
    }
    if terminates(r.denom()) && r.denom() <= &BigInt::from(1_000_000) {
        // Scale by 10^k until integral; k ≤ 20 for the denominators allowed.
        let mut scaled = r.clone();
        let mut k = 0usize;
        while !scaled.is_integer() && k < 24 {
            scaled *= BigRational::from_integer(BigInt::from(10));
            k += 1;
        }
        let digits = scaled.to_integer().abs().to_string();
        let digits = format!("{digits:0>width$}", width = k + 1);
        let (int, frac) = digits.split_at(digits.len() - k);
        let sign = if r.is_negative() { "-" } else { "" };
        return format!("{sign}{int}.{frac}");
    }
    format!("{}/{}", r.numer(), r.denom())
}

/// The least integer ≥ r.
pub(crate) fn ceil(r: &BigRational) -> BigInt {
    let (q, m) = r.numer().div_mod_floor(r.denom());
    if m.is_zero() {
        q
    } else {
        q + 1
    }
}

/// The greatest integer ≤ r.
pub(crate) fn floor(r: &BigRational) -> BigInt {
    r.numer().div_floor(r.denom())
}

/// For a rule applied from a rule set: where it comes from, since its
/// label is in the set's file (“该规定由本阶段沿用自规则组 `党组织委员会选举.投票规则`”).
pub(crate) fn applied(rule: &crate::resolve::Rule) -> Option<Text> {
    let set = rule.applied.as_deref()?;
    Some(Text::new(
        format!("本阶段沿用规则组 `{set}` 中的这条规定"),
        format!("this stage applies the rule from the rule set `{set}`"),
    ))
}

/// Names in backticks joined: "`张三`、`李四`" / "`张三`, `李四`"; "无" /
/// "none" when empty.
pub(crate) fn names<S: AsRef<str>>(items: &[S]) -> Text {
    if items.is_empty() {
        return Text::new("无", "none");
    }
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    Text::new(quoted.join("、"), quoted.join(", "))
}

/// Texts joined with the language's separator.
pub(crate) fn join(parts: &[Text]) -> Text {
    Text::join(parts, "；", "; ")
}

/// The legal basis of a rule: "basis title: clause".
pub(crate) fn basis(proc: &Procedure, cite: Option<&Cite>) -> Option<String> {
    let cite = cite?;
    let title = match cite.basis {
        BasisRef::Procedure(id) => proc.bases.get(id.0).map(|b| b.title.as_str()),
        BasisRef::Plan(_) => None,
    };
    Some(match title {
        Some(t) => format!("{t}: {}", cite.clause),
        None => cite.clause.clone(),
    })
}

/// "N 天" / "N days" (singular for one).
pub(crate) fn n_days(n: i64, working: bool) -> Text {
    let zh = if working { "个工作日" } else { "天" };
    let en = match (working, n == 1 || n == -1) {
        (true, true) => "working day",
        (true, false) => "working days",
        (false, true) => "day",
        (false, false) => "days",
    };
    Text::new(format!("{n} {zh}"), format!("{n} {en}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn exact_numbers() {
        assert_eq!(num(&r(1000, 1)), "1000");
        assert_eq!(num(&r(2001, 2)), "1000.5");
        assert_eq!(num(&r(2000, 3)), "2000/3");
        assert_eq!(num(&r(-1, 4)), "-0.25");
        assert_eq!(num(&r(1, 20)), "0.05");
        assert_eq!(ceil(&r(2000, 3)), BigInt::from(667));
        assert_eq!(floor(&r(2000, 3)), BigInt::from(666));
        assert_eq!(ceil(&r(-1, 2)), BigInt::from(0));
        assert_eq!(floor(&r(-1, 2)), BigInt::from(-1));
        assert_eq!(ceil(&r(4, 2)), BigInt::from(2));
    }

    #[test]
    fn windows_in_words() {
        let d = crate::ir::day_number(NaiveDate::from_ymd_opt(2021, 1, 8).unwrap_or_default());
        assert_eq!(window(None, Some(d)).en, "on or before 2021-01-08");
        assert_eq!(window(Some(d), Some(d)).zh, "2021-01-08 当日");
        assert_eq!(names::<&str>(&[]).en, "none");
        assert_eq!(names(&["张三", "李四"]).zh, "`张三`、`李四`");
    }
}
