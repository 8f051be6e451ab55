//! The Chinese holiday calendar: national days off and adjusted working days (调休).
//!
//! The days off and the weekend days worked instead are set each year by a State Council
//! General Office notice (国务院办公厅关于××年部分节假日安排的通知), so they are data, not
//! rules: [`Calendar::builtin`] reads `data/holidays/cn.toml`, and [`Calendar::parse`]
//! reads a replacement in the same format (see `docs/calendar.md`).
//!
//! A day is a working day when it is Monday to Friday and not a holiday, or when it is an
//! adjusted working day. Outside the years the calendar [`covers`](Calendar::covers) that
//! rule still answers, but it knows no holidays there: callers must check coverage and
//! report dates outside it rather than trust the answer.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

/// The built-in calendar data.
const BUILTIN: &str = include_str!("../../data/holidays/cn.toml");

/// The longest holiday period one entry may span, in days (a guard against typos).
const MAX_PERIOD_DAYS: i64 = 31;

/// Where one covered year's data come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSource {
    /// The notice's title, e.g. `国务院办公厅关于2021年部分节假日安排的通知`.
    pub notice: String,
    /// The document number, e.g. `国办发明电〔2020〕27号`, when known.
    pub document: Option<String>,
    /// The date the notice was signed, when known.
    pub issued: Option<NaiveDate>,
    /// Later notices that changed the year (e.g. the 2020 Spring Festival extension).
    pub amendments: Vec<String>,
}

/// A holiday calendar: days off, adjusted working days and the years it covers.
/// `Calendar::default()` covers no year (working days are Monday to Friday).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    /// Every day of every official holiday period, weekends joined to a holiday included.
    holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    workdays: BTreeSet<NaiveDate>,
    /// The covered years and their sources.
    years: BTreeMap<i32, YearSource>,
    /// A note on where the data come from.
    source: String,
}

/// An error in calendar data: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    /// The 1-based line of the offending text.
    pub line: usize,
    /// The 1-based column, counted in characters.
    pub column: usize,
    /// The byte range of the offending text.
    pub span: Range<usize>,
    /// What is wrong: lowercase, no final period, input quoted in backticks.
    pub message: String,
}

/// `Err` with a [`CalendarError`] at `span` of `text`.
fn fail<T>(text: &str, span: Range<usize>, message: impl Into<String>) -> Result<T, CalendarError> {
    Err(CalendarError::at(text, span, message))
}

impl CalendarError {
    fn at(text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let before = text.get(..span.start.min(text.len())).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        CalendarError {
            line: before.matches('\n').count() + 1,
            column: before.get(line_start..).map_or(0, |s| s.chars().count()) + 1,
            span,
            message: message.into(),
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for CalendarError {}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Option<Spanned<i64>>,
    source: Option<String>,
    #[serde(default)]
    year: BTreeMap<Spanned<String>, RawYear>,
}

/// One `[year.YYYY]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    notice: Spanned<String>,
    document: Option<String>,
    issued: Option<Spanned<String>>,
    #[serde(default)]
    amendments: Vec<String>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
    #[serde(default)]
    workdays: Vec<Spanned<String>>,
}

impl Calendar {
    /// The calendar shipped with huanjie (`data/holidays/cn.toml`): 2019 to 2026.
    pub fn builtin() -> Calendar {
        match Calendar::parse(BUILTIN) {
            Ok(calendar) => calendar,
            // Unreachable in practice: a unit test parses the built-in data.
            Err(e) => Calendar {
                source: format!("the built-in calendar could not be read ({e})"),
                ..Calendar::default()
            },
        }
    }

    /// Reads calendar data in the format of `data/holidays/cn.toml` (see `docs/calendar.md`).
    pub fn parse(text: &str) -> Result<Calendar, CalendarError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            CalendarError::at(text, span, e.message().trim_end_matches('.').to_string())
        })?;
        if let Some(format) = raw.format.as_ref().filter(|f| *f.get_ref() != 1) {
            let message = format!("unsupported format `{}`; expected 1", format.get_ref());
            return fail(text, format.span(), message);
        }
        let mut calendar = Calendar {
            source: raw.source.unwrap_or_default(),
            ..Calendar::default()
        };
        for (key, table) in raw.year {
            let year = parse_year(text, &key)?;
            if table.notice.get_ref().trim().is_empty() {
                return fail(text, table.notice.span(), "`notice` is empty");
            }
            let issued = table.issued.as_ref();
            let issued = issued.map(|s| parse_date(text, s.get_ref(), s.span()));
            let issued = issued.transpose()?;
            for (list, holiday) in [(&table.holidays, true), (&table.workdays, false)] {
                for entry in list {
                    for day in parse_entry(text, entry, year, holiday)? {
                        calendar.add_day(text, day, holiday, entry.span())?;
                    }
                }
            }
            calendar.years.insert(
                year,
                YearSource {
                    notice: table.notice.into_inner(),
                    document: table.document,
                    issued,
                    amendments: table.amendments,
                },
            );
        }
        Ok(calendar)
    }

    /// Adds a listed day (a holiday, or else an adjusted working day, which must fall on a
    /// weekend), rejecting a day listed before.
    fn add_day(
        &mut self,
        text: &str,
        day: NaiveDate,
        holiday: bool,
        span: Range<usize>,
    ) -> Result<(), CalendarError> {
        let (own, other) = if holiday {
            (&mut self.holidays, &self.workdays)
        } else {
            (&mut self.workdays, &self.holidays)
        };
        if !holiday && !is_weekend(day) {
            fail(
                text,
                span,
                format!("`{day}` ({}) is not a weekend day", day.weekday()),
            )
        } else if other.contains(&day) {
            fail(
                text,
                span,
                format!("`{day}` is both a holiday and a working day"),
            )
        } else if !own.insert(day) {
            fail(text, span, format!("`{day}` is listed twice"))
        } else {
            Ok(())
        }
    }

    /// Every day of every holiday period.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// The weekend days that are working days.
    pub fn workdays(&self) -> &BTreeSet<NaiveDate> {
        &self.workdays
    }

    /// The covered years and where each came from.
    pub fn years(&self) -> &BTreeMap<i32, YearSource> {
        &self.years
    }

    /// A note on where the data come from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the calendar has data for the year of `d`.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.years.contains_key(&d.year())
    }

    /// Whether the calendar has data for every year from `start` to `end` (inclusive).
    pub fn covers_range(&self, start: NaiveDate, end: NaiveDate) -> bool {
        (start.year()..=end.year()).all(|y| self.years.contains_key(&y))
    }

    /// Whether `d` is a working day: Monday to Friday and not a holiday, or an adjusted
    /// working day (调休上班).
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.workdays.contains(&d) || (!is_weekend(d) && !self.holidays.contains(&d))
    }

    /// Whether `d` is a day of an official holiday period (法定节假日放假期间), including
    /// weekend days the notice joins to the holiday. Ordinary weekends are not.
    pub fn is_statutory_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    /// The last day of a period of `n` working days counted from the day *after* `start`
    /// (民法典 art. 201: the start day is not counted). `n = 0` gives `start`.
    ///
    /// `None` if the count reaches a day the calendar does not cover (its holidays are
    /// unknown) or runs past the last representable date.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt()?;
            if !self.covers(day) {
                return None;
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// The number of working days from `start` to `end`, both included (0 if `end` is
    /// before `start`). Days outside the covered years count by the Monday-to-Friday rule;
    /// check [`covers_range`](Self::covers_range) first.
    pub fn working_days_in(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        if end < start {
            return 0;
        }
        let weekdays = weekdays_in(start, end);
        let off = self
            .holidays
            .range(start..=end)
            .filter(|&&d| !is_weekend(d) && !self.workdays.contains(&d))
            .count();
        let worked = self
            .workdays
            .range(start..=end)
            .filter(|&&d| is_weekend(d))
            .count();
        weekdays - count(off) + count(worked)
    }

    /// 民法典 art. 203: if `d`, the last day of a period, falls in a holiday period, the
    /// period ends on the first day after the holiday; otherwise `d`. Ordinary weekends do
    /// not extend (see [`extend_past_rest_days`](Self::extend_past_rest_days)).
    pub fn extend_past_holiday(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while let Some(next) = day.succ_opt().filter(|_| self.holidays.contains(&day)) {
            day = next;
        }
        day
    }

    /// The stricter reading of art. 203 that treats every rest day (weekends too) as a
    /// 休假日: the first working day on or after `d`.
    pub fn extend_past_rest_days(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        // Terminates: holidays are finite, and a week always has a working day after them.
        while let Some(next) = day.succ_opt().filter(|_| !self.is_working_day(day)) {
            day = next;
        }
        day
    }
}

/// Saturday or Sunday.
fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `usize` to `i64` without a panic (counts of dates always fit).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Monday-to-Friday days from `start` to `end`, both included (`start <= end`): five a
/// week, then the days left over, which start on `start`'s weekday.
fn weekdays_in(start: NaiveDate, end: NaiveDate) -> i64 {
    let days = end.signed_duration_since(start).num_days() + 1;
    let first = i64::from(start.weekday().num_days_from_monday());
    let rest = (0..days % 7).filter(|i| (first + i) % 7 < 5).count();
    days / 7 * 5 + count(rest)
}

/// A `[year.YYYY]` key: four digits.
fn parse_year(text: &str, key: &Spanned<String>) -> Result<i32, CalendarError> {
    let s = key.get_ref();
    match s.parse::<i32>() {
        Ok(y) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && y >= 1 => Ok(y),
        _ => fail(
            text,
            key.span(),
            format!("`{s}` is not a year; expected four digits"),
        ),
    }
}

/// A date `YYYY-MM-DD` that exists.
fn parse_date(text: &str, s: &str, span: Range<usize>) -> Result<NaiveDate, CalendarError> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return fail(
            text,
            span,
            format!("`{s}` is not a date; expected `YYYY-MM-DD`"),
        );
    }
    let num = |r: Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok()).unwrap_or(0);
    let year = i32::try_from(num(0..4)).unwrap_or(0);
    match crate::syntax::lexical::calendar_day(year, num(5..7), num(8..10)) {
        Some(date) => Ok(date),
        None if year == 0 => fail(text, span, format!("`{s}`: the year is outside 1 to 9999")),
        None => fail(text, span, format!("`{s}` is not a real date")),
    }
}

/// A list entry: one date, or (for holidays) a period `YYYY-MM-DD..YYYY-MM-DD`. Every day
/// must lie in `year` or in the December before or the January after it.
fn parse_entry(
    text: &str,
    entry: &Spanned<String>,
    year: i32,
    ranges: bool,
) -> Result<Vec<NaiveDate>, CalendarError> {
    let s = entry.get_ref();
    let span = entry.span();
    // The span covers the quotes; point inside them when the text is written plainly.
    let inner = span.start + 1..span.end.saturating_sub(1);
    let plain = text.get(inner.clone()) == Some(s.as_str());
    let sub = |from: usize, len: usize| {
        if plain {
            inner.start + from..inner.start + from + len
        } else {
            span.clone()
        }
    };
    let days: Vec<NaiveDate> = match s.split_once("..") {
        Some((a, b)) if ranges => {
            let first = parse_date(text, a, sub(0, a.len()))?;
            let last = parse_date(text, b, sub(a.len() + 2, b.len()))?;
            let len = last.signed_duration_since(first).num_days() + 1;
            if len < 1 {
                return fail(text, span, format!("period `{s}` ends before it starts"));
            }
            if len > MAX_PERIOD_DAYS {
                let message = format!("period `{s}` is longer than {MAX_PERIOD_DAYS} days");
                return fail(text, span, message);
            }
            first.iter_days().take_while(|&d| d <= last).collect()
        }
        _ => vec![parse_date(text, s, sub(0, s.len()))?],
    };
    let near = |d: &&NaiveDate| match d.year() - year {
        0 => true,
        -1 => d.month() == 12,
        1 => d.month() == 1,
        _ => false,
    };
    match days.iter().find(|d| !near(d)) {
        Some(d) => fail(text, span, format!("`{d}` is listed under {year}; a year may only name its own days and those of the December before and the January after")),
        None => Ok(days),
    }
}

#[cfg(test)]
// Tests may panic on a broken expectation.
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        let c = Calendar::builtin();
        let years: Vec<i32> = c.years().keys().copied().collect();
        assert_eq!(years, (2019..=2026).collect::<Vec<_>>(), "{}", c.source());
        c
    }

    #[test]
    fn builtin_data_is_consistent() {
        let c = cal();
        assert!(c.workdays().iter().all(|&w| is_weekend(w)));
        // Days off per notice (the sum of its "共 N 天"); from 25 December on, days
        // belong to the next year's 元旦 period.
        let per_year = [30, 30, 31, 31, 27, 32, 28, 33];
        for (year, days) in (2019..).zip(per_year) {
            let range = d(&format!("{}-12-25", year - 1))..d(&format!("{year}-12-25"));
            assert_eq!(c.holidays().range(range).count(), days, "{year}");
        }
        assert!(!c.covers(d("2027-01-01")) && !c.covers(d("2018-12-31")));
        assert!(c.covers(d("2019-01-01")) && c.covers(d("2026-12-31")));
    }

    #[test]
    fn spring_festival_2021() {
        let c = cal();
        let festival = d("2021-02-11").iter_days().take(7);
        assert!(festival.fold(true, |ok, x| ok
            && c.is_statutory_holiday(x)
            && !c.is_working_day(x)));
        assert!(c.is_working_day(d("2021-02-07")), "Sunday 调休");
        assert!(c.is_working_day(d("2021-02-20")), "Saturday 调休");
        assert!(c.is_working_day(d("2021-02-18")));
        assert!(!c.is_working_day(d("2021-02-21")) && !c.is_statutory_holiday(d("2021-02-21")));
    }

    #[test]
    fn adjusted_workdays_2024_and_2025() {
        let c = cal();
        let days = "2024-02-04 2024-02-18 2024-04-07 2024-04-28 2024-05-11 2024-09-14 \
                    2024-09-29 2024-10-12 2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11";
        for s in days.split_whitespace() {
            assert!(c.is_working_day(d(s)), "{s}");
        }
        assert!(
            c.is_working_day(d("2024-02-09")),
            "除夕 2024 is only encouraged off"
        );
        // 2025: Spring Festival from 除夕, 8 days; Labour Day 5 days.
        assert!(c.is_statutory_holiday(d("2025-01-28")) && c.is_statutory_holiday(d("2025-02-04")));
        assert!(!c.is_statutory_holiday(d("2025-02-05")));
        assert_eq!(c.working_days_in(d("2025-04-28"), d("2025-05-09")), 3 + 4);
    }

    #[test]
    fn add_working_days_across_a_holiday() {
        let c = cal();
        // The start day is not counted: from Wed 2021-02-10, the Spring Festival runs
        // 11..17, then Thu 18, Fri 19, Sat 20 (调休), Mon 22, Tue 23.
        let add = |s: &str, n: u32| c.add_working_days(d(s), n);
        assert_eq!(add("2021-02-10", 5), Some(d("2021-02-23")));
        assert_eq!(add("2021-02-10", 0), Some(d("2021-02-10")));
        assert_eq!(add("2021-03-01", 5), Some(d("2021-03-08")));
        assert_eq!(add("2026-12-30", 5), None, "2027 is not covered");
        assert_eq!(c.working_days_in(d("2021-02-11"), d("2021-02-23")), 5);
        assert_eq!(c.working_days_in(d("2021-02-23"), d("2021-02-11")), 0);
        let (min, max) = (NaiveDate::MIN, NaiveDate::MAX); // max is a Monday
        assert_eq!(
            (c.working_days_in(max, max), c.add_working_days(max, 1)),
            (1, None)
        );
        assert!(c.working_days_in(min, max) > 0);
        assert_eq!(
            Calendar::default().add_working_days(d("2021-03-01"), 1),
            None
        );
    }

    #[test]
    fn extension_past_a_holiday() {
        let c = cal();
        // A period ending on 2021-10-03 ends on 2021-10-08 (the holiday runs to the 7th).
        assert_eq!(c.extend_past_holiday(d("2021-10-03")), d("2021-10-08"));
        assert_eq!(c.extend_past_holiday(d("2021-10-08")), d("2021-10-08"));
        assert_eq!(
            c.extend_past_holiday(d("2021-10-16")),
            d("2021-10-16"),
            "plain Saturday"
        );
        assert_eq!(c.extend_past_rest_days(d("2021-10-16")), d("2021-10-18"));
        assert_eq!(
            c.extend_past_rest_days(d("2021-10-09")),
            d("2021-10-09"),
            "调休 Saturday"
        );
    }

    #[test]
    fn parse_errors_have_positions() {
        let head = "format = 1\n[year.2021]\nnotice = \"n\"\n";
        let cases: &[(&str, usize, usize, &str)] = &[
            (
                "holidays = [\"2021-02-30\"]",
                4,
                14,
                "`2021-02-30` is not a real date",
            ),
            (
                "holidays = [\"2021-10-01..2021-1O-07\"]",
                4,
                26,
                "`2021-1O-07` is not a date",
            ),
            (
                "holidays = [\"2021-10-07..2021-10-01\"]",
                4,
                13,
                "ends before it starts",
            ),
            ("holidays = [\"2023-01-01\"]", 4, 13, "is listed under 2021"),
            (
                "workdays = [\"2021-02-08\"]",
                4,
                13,
                "(Mon) is not a weekend day",
            ),
            (
                "holidays = [\"2021-10-02\"]\nworkdays = [\"2021-10-02\"]",
                5,
                13,
                "both",
            ),
            (
                "workdays = [\"2021-10-02\", \"2021-10-02\"]",
                4,
                27,
                "is listed twice",
            ),
            ("holiday = []", 4, 1, "unknown field `holiday`"),
        ];
        for &(body, line, column, message) in cases {
            let e = Calendar::parse(&format!("{head}{body}\n")).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{e}");
            assert!(e.message.contains(message), "{e}");
        }
        let e = Calendar::parse("[year.21]\nnotice = \"n\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7), "{e}");
        let e = Calendar::parse("format = 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 10), "{e}");
        let e = Calendar::parse("[year.2021]\nnotice = \"中文\nholidays = []\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = Calendar::parse("[year.2021]\nholidays = []\n").unwrap_err();
        assert!(e.message.contains("notice"), "{e}");
    }

    #[test]
    fn parse_accepts_a_small_replacement() {
        let text = "# local\n[year.2030]\nnotice = \"某某\"\nissued = \"2029-11-01\"\n\
                    holidays = [\"2029-12-31..2030-01-02\"] # 元旦\nworkdays = [\"2030-01-05\"]\n";
        let c = Calendar::parse(text).unwrap();
        assert!(c.covers(d("2030-06-01")) && !c.covers(d("2029-12-31")));
        assert!(c.is_statutory_holiday(d("2029-12-31")));
        assert_eq!(c.years()[&2030].issued, Some(d("2029-11-01")));
        assert_eq!(
            c.add_working_days(d("2030-01-01"), 1),
            Some(d("2030-01-03"))
        );
        assert_eq!(Calendar::parse("").map(|c| c.years().len()), Ok(0));
    }
}
