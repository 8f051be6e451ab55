//! The generic value tree both record formats are read into.
//!
//! TOML and JSON are first parsed into this one spanned tree (tables with
//! their keys in file order, arrays, strings, numbers, booleans, dates), and
//! the record is then built from the tree in one place (`build`), so that
//! both formats get the same checks and the same messages.
//!
//! Strings borrow from the source text when they hold no escape sequence,
//! which keeps the JSON hot path light on allocation.

use crate::diag::Text;
use crate::span::Span;
use std::borrow::Cow;

/// A value with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node<'a> {
    pub kind: Kind<'a>,
    pub span: Span,
}

/// The kinds of value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind<'a> {
    Table(Table<'a>),
    Array(Vec<Node<'a>>),
    Str(Cow<'a, str>),
    Int(i64),
    /// An integer that does not fit in 64 bits.
    BigInt,
    Float(f64),
    Bool(bool),
    /// A TOML date, time or date-time literal (fields as written; whether
    /// the date exists is checked when the record is built).
    Datetime(Datetime),
    /// JSON `null`, or blank text (`""`) where a value belongs: "not
    /// given".
    Null,
}

/// A table (TOML) or object (JSON): its entries in file order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Table<'a> {
    pub entries: Vec<(Key<'a>, Node<'a>)>,
    /// Where to point when the table as a whole is meant (a missing key): a
    /// TOML `[header]`, else the key the table is the value of, else the
    /// whole table.
    pub head: Span,
}

/// A key with its span.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Key<'a> {
    pub name: Cow<'a, str>,
    pub span: Span,
}

/// `(year, month, day)`.
pub(crate) type Ymd = (i32, u32, u32);

/// `(hour, minute, second)`.
pub(crate) type Hms = (u32, u32, u32);

/// A TOML date-time literal: a local date, a local time, or both, with or
/// without an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Datetime {
    /// `(year, month, day)` as written (whether the day exists is checked
    /// when the record is built).
    pub date: Option<Ymd>,
    /// `(hour, minute, second)` as written (ranges checked when the record
    /// is built).
    pub time: Option<Hms>,
    /// Whether an offset (`Z`, `+08:00`) was given.
    pub offset: bool,
}

impl<'a> Node<'a> {
    /// A node of `kind` read from `span`.
    pub fn new(kind: Kind<'a>, span: Span) -> Node<'a> {
        Node { kind, span }
    }

    /// Blank text (`""`, or only spaces) as `null`: a value the record
    /// leaves unfilled, read exactly like an absent key (docs/records.md).
    pub fn blank_as_null(self) -> Node<'a> {
        match &self.kind {
            Kind::Str(s) if s.trim().is_empty() => Node::new(Kind::Null, self.span),
            _ => self,
        }
    }

    /// What kind of value this is, for "expected X, found Y".
    pub fn describe(&self) -> Text {
        let (zh, en) = match &self.kind {
            Kind::Table(_) => ("表（table）", "a table"),
            Kind::Array(_) => ("数组（array）", "an array"),
            Kind::Str(_) => ("文本（string）", "a string"),
            Kind::Int(_) | Kind::BigInt => ("整数", "an integer"),
            Kind::Float(_) => ("小数", "a decimal number"),
            Kind::Bool(_) => ("真假值", "a boolean"),
            Kind::Datetime(Datetime {
                date: Some(_),
                time: None,
                ..
            }) => ("日期", "a date"),
            Kind::Datetime(Datetime { date: None, .. }) => ("时刻", "a time of day"),
            Kind::Datetime(_) => ("日期时间", "a date-time"),
            Kind::Null => ("空值 null", "null"),
        };
        Text::new(zh, en)
    }
}

/// Parses a TOML date-time literal exactly as the TOML grammar writes it:
/// `YYYY-MM-DD`, `HH:MM[:SS[.frac]]`, or a date and a time separated by `T`,
/// `t` or a space, optionally followed by `Z` or `±HH:MM`. `None` when the
/// text is not of that shape (or a field is out of its syntactic range).
pub(crate) fn parse_datetime(s: &str) -> Option<Datetime> {
    let b = s.as_bytes();
    let (date, rest) = if b.len() >= 10 && b.get(4) == Some(&b'-') {
        let date = full_date(b.get(..10)?)?;
        (Some(date), b.get(10..)?)
    } else {
        (None, b)
    };
    if rest.is_empty() {
        return date.map(|d| Datetime {
            date: Some(d),
            time: None,
            offset: false,
        });
    }
    let rest = if date.is_some() {
        match rest.split_first() {
            Some((b'T' | b't' | b' ', tail)) => tail,
            _ => return None,
        }
    } else {
        rest
    };
    let (time, rest) = partial_time(rest)?;
    let offset = match rest {
        [] => false,
        [b'Z' | b'z'] if date.is_some() => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] if date.is_some() => {
            two(*h1, *h2)?;
            two(*m1, *m2)?;
            true
        }
        _ => return None,
    };
    Some(Datetime {
        date,
        time: Some(time),
        offset,
    })
}

/// `YYYY-MM-DD` (any digits: the calendar is checked later).
fn full_date(b: &[u8]) -> Option<Ymd> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *b else {
        return None;
    };
    let year = two(y1, y2)? * 100 + two(y3, y4)?;
    Some((i32::try_from(year).ok()?, two(m1, m2)?, two(d1, d2)?))
}

/// `HH:MM[:SS[.digits]]` at the start of `b`, and the rest.
fn partial_time(b: &[u8]) -> Option<(Hms, &[u8])> {
    let [h1, h2, b':', m1, m2, rest @ ..] = b else {
        return None;
    };
    let hour = two(*h1, *h2)?;
    let minute = two(*m1, *m2)?;
    let (second, rest) = match rest {
        [b':', s1, s2, rest @ ..] => (two(*s1, *s2)?, rest),
        _ => (0, rest),
    };
    let rest = match rest {
        [b'.', frac @ ..] => {
            let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            frac.get(digits..)?
        }
        _ => rest,
    };
    Some(((hour, minute, second), rest))
}

/// Two ASCII digits as a number.
fn two(a: u8, b: u8) -> Option<u32> {
    (a.is_ascii_digit() && b.is_ascii_digit())
        .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> Option<(Option<Ymd>, Option<Hms>, bool)> {
        parse_datetime(s).map(|d| (d.date, d.time, d.offset))
    }

    #[test]
    fn toml_datetime_shapes() {
        assert_eq!(dt("2021-01-28"), Some((Some((2021, 1, 28)), None, false)));
        assert_eq!(dt("2021-02-30"), Some((Some((2021, 2, 30)), None, false)));
        assert_eq!(dt("14:30"), Some((None, Some((14, 30, 0)), false)));
        assert_eq!(dt("14:30:05.25"), Some((None, Some((14, 30, 5)), false)));
        assert_eq!(
            dt("2021-01-28T10:00:00Z"),
            Some((Some((2021, 1, 28)), Some((10, 0, 0)), true))
        );
        assert_eq!(
            dt("2021-01-28 10:00+08:00"),
            Some((Some((2021, 1, 28)), Some((10, 0, 0)), true))
        );
        assert_eq!(dt("2021-13-01"), Some((Some((2021, 13, 1)), None, false)));
        for bad in [
            "2021-1-28",
            "2021-01-2x",
            "4:00",
            "2021-01-28x",
            "10:00Z",
            "14:30.",
            "",
        ] {
            assert_eq!(dt(bad), None, "{bad}");
        }
    }
}
