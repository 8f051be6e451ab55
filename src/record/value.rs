//! Typed values of a record from tree nodes: text, counts, dates, times,
//! booleans, genders, lists, and the values of facts and parameters. Every
//! mismatch is a diagnostic on the value's span: the wrong kind of value is
//! HJ603, the right kind out of range (a negative count, a day not on the
//! calendar) is HJ605.

use super::build::{Builder, Field};
use super::keys::{self, Place};
use super::lenient::{self, Lenient};
use super::model::{Entry, Gender, ListKind, Spanned, Value};
use super::msg;
use super::tree::{Datetime, Key, Kind, Node};
use crate::diag::{did_you_mean, did_you_mean_help, Text};
use crate::span::Span;
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

/// What a value is called in messages: "`votes` in stage `X`".
fn what(key: &Key<'_>, place: Place<'_>) -> Text {
    let p = place.text();
    Text::new(
        msg::cat(&[&p.zh, "中的", &format!("`{}`", key.name)]),
        format!("`{}` in {}", key.name, p.en),
    )
}

const TEXT: (&str, &str) = ("文本（用双引号括起来）", "a string (in double quotes)");
const COUNT: (&str, &str) = ("不小于 0 的整数", "a whole number ≥ 0");
const DATE: (&str, &str) = ("日期（如 2021-01-28）", "a date such as 2021-01-28");
const TIME: (&str, &str) = ("时刻（如 \"14:30\"）", "a time of day such as \"14:30\"");
const BOOL: (&str, &str) = ("true 或 false", "true or false");
const GENDER: (&str, &str) = (
    "性别（\"男\" 或 \"女\"）",
    "a gender (\"male\" or \"female\")",
);
const LIST: (&str, &str) = (
    "名单类别（\"初步\" 或 \"正式\"）",
    "a list (\"preliminary\" or \"formal\")",
);
const FACT: (&str, &str) = (
    "整数、真假值、文本、日期或比例",
    "an integer, a boolean, a string, a date or a ratio",
);

fn text_of(t: (&str, &str)) -> Text {
    Text::new(t.0, t.1)
}

/// An exact ratio written as text: `"1/3"`, `"20%"`, `"2.5%"`.
fn ratio_from_str(s: &str) -> Option<Result<BigRational, ()>> {
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.len() <= 30 && t.bytes().all(|b| b.is_ascii_digit());
    if let Some((n, d)) = s.split_once('/') {
        let (n, d) = (n.trim(), d.trim());
        if !digits(n) || !digits(d) {
            return None;
        }
        let n: BigInt = n.parse().ok()?;
        let d: BigInt = d.parse().ok()?;
        return Some(if d.is_zero() {
            Err(())
        } else {
            Ok(BigRational::new(n, d))
        });
    }
    let p = s.strip_suffix('%')?.trim_end();
    let (int, frac) = p.split_once('.').unwrap_or((p, ""));
    if !digits(int) || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    let n: BigInt = format!("{int}{frac}").parse().ok()?;
    let d = BigInt::from(10u32).pow(u32::try_from(frac.len()).ok()?) * 100;
    Some(Ok(BigRational::new(n, d)))
}

impl<'a> Builder<'_> {
    /// HJ603 for `node` where `expected` belongs.
    fn wrong(&mut self, key: &Key<'_>, node: &Node<'_>, place: Place<'_>, expected: (&str, &str)) {
        let d = msg::wrong_type(
            node.span,
            &what(key, place),
            &text_of(expected),
            &node.describe(),
        );
        let help = match (&node.kind, expected) {
            (Kind::Str(s), COUNT) if s.trim().parse::<i64>().is_ok() => Some(Text::new(
                format!("数字不要加引号：写作 {}", s.trim()),
                format!("write the number without quotes: {}", s.trim()),
            )),
            (Kind::Float(_), COUNT) => Some(Text::new(
                "人数、票数等只能是整数",
                "counts are whole numbers",
            )),
            (Kind::Float(_), FACT) => Some(Text::new(
                "小数不是精确值；比例请写成文本，如 \"1/3\" 或 \"20%\"",
                "decimals are not exact; write a ratio as a string, such as \"1/3\" or \"20%\"",
            )),
            (Kind::Int(_), TEXT) => Some(Text::new(
                "文本要用双引号括起来",
                "put text in double quotes",
            )),
            (Kind::Int(n), DATE) if (61..=2_958_465).contains(n) => serial_date(*n).map(|d| {
                Text::new(
                    format!("这像是电子表格的日期序号（{n} 即 {d}）：请把单元格设为日期格式，或写作 {d}"),
                    format!("this looks like a spreadsheet date serial ({n} is {d}): format the cell as a date, or write {d}"),
                )
            }),
            (Kind::Datetime(_), DATE) => Some(Text::new(
                "只写日期，不写时刻；时刻另写在 `time` 中",
                "give the date alone; a time of day goes in `time`",
            )),
            (Kind::Str(s), BOOL) if matches!(s.as_ref(), "是" | "否" | "true" | "false") => {
                Some(Text::new(
                    "真假值不加引号：写作 true（是）或 false（否）",
                    "write true or false without quotes",
                ))
            }
            _ => None,
        };
        self.sink.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }

    /// HJ605 on the value at `span`.
    fn bad(
        &mut self,
        key: &Key<'_>,
        span: Span,
        place: Place<'_>,
        label: Text,
        help: Option<Text>,
    ) {
        let d = msg::bad_value(span, &what(key, place), label);
        self.sink.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }

    /// Text.
    pub(super) fn text(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<String>> {
        match f.node.kind {
            Kind::Str(s) => Some(Spanned::new(s.into_owned(), f.node.span)),
            Kind::Null => None,
            _ => {
                self.wrong(&f.key, &f.node, place, TEXT);
                None
            }
        }
    }

    /// A count: a whole number ≥ 0.
    pub(super) fn count(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<u64>> {
        match f.node.kind {
            Kind::Int(n) => match u64::try_from(n) {
                Ok(n) => Some(Spanned::new(n, f.node.span)),
                Err(_) => {
                    let label = Text::new("计数不能为负数", "a count cannot be negative");
                    self.bad(&f.key, f.node.span, place, label, None);
                    None
                }
            },
            Kind::BigInt => {
                self.too_large(&f.key, f.node.span, place);
                None
            }
            Kind::Null => None,
            // `"3,186"`, `"３１８６"`: read; a plain `"1745"` stays HJ603
            // (write numbers without quotes).
            Kind::Str(ref s) if lenient::is_written_count(s) => match lenient::count(s) {
                Lenient::Normalised(n) | Lenient::Exact(n) => {
                    self.sink.note_normalised(
                        f.node.span,
                        s,
                        n.to_string(),
                        Text::new("文本中的数字", "a number in text"),
                    );
                    Some(Spanned::new(n, f.node.span))
                }
                Lenient::Ambiguous(why) => {
                    let d = msg::ambiguous(f.node.span, &what(&f.key, place), s, &why);
                    self.sink.push(d.with_help(text_of(COUNT)));
                    None
                }
                Lenient::No => {
                    self.wrong(&f.key, &f.node, place, COUNT);
                    None
                }
            },
            _ => {
                self.wrong(&f.key, &f.node, place, COUNT);
                None
            }
        }
    }

    fn too_large(&mut self, key: &Key<'_>, span: Span, place: Place<'_>) {
        let label = Text::new(
            "数字超出范围（超过 64 位整数）",
            "the number is too large (beyond 64 bits)",
        );
        self.bad(key, span, place, label, None);
    }

    /// A round: a whole number ≥ 1.
    pub(super) fn round(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<u32>> {
        let key = f.key.clone();
        let n = self.count(f, place)?;
        match u32::try_from(n.value) {
            Ok(r) if r >= 1 => Some(Spanned::new(r, n.span)),
            _ => {
                let label = Text::new("轮次从 1 开始计", "rounds are counted from 1");
                self.bad(&key, n.span, place, label, None);
                None
            }
        }
    }

    /// `true` or `false`.
    pub(super) fn boolean(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<bool>> {
        match f.node.kind {
            Kind::Bool(b) => Some(Spanned::new(b, f.node.span)),
            Kind::Null => None,
            _ => {
                self.wrong(&f.key, &f.node, place, BOOL);
                None
            }
        }
    }

    /// A calendar day: a TOML date, or a string `"2021-01-28"`.
    pub(super) fn date(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<NaiveDate>> {
        let result = match &f.node.kind {
            Kind::Datetime(Datetime {
                date: Some((y, m, d)),
                time: None,
                ..
            }) => crate::syntax::lexical::calendar_day(*y, *m, *d).ok_or(true),
            Kind::Str(s) => return self.written_date(&f.key, s, f.node.span, place),
            Kind::Null => return None,
            _ => {
                self.wrong(&f.key, &f.node, place, DATE);
                return None;
            }
        };
        match result {
            Ok(d) => Some(Spanned::new(d, f.node.span)),
            Err(shape_ok) => {
                self.bad_date(&f.key, f.node.span, place, shape_ok);
                None
            }
        }
    }

    /// A date written in text, as people write dates (`2021/1/7`,
    /// `2021年1月7日`): the day, noted as normalised unless written
    /// `2021-01-07`; HJ622 when ambiguous, HJ605 when not a day.
    fn written_date(
        &mut self,
        key: &Key<'_>,
        s: &str,
        span: Span,
        place: Place<'_>,
    ) -> Option<Spanned<NaiveDate>> {
        match lenient::date(s) {
            Lenient::Exact((y, m, d)) | Lenient::Normalised((y, m, d)) => {
                let Some(day) = crate::syntax::lexical::calendar_day(y, m, d) else {
                    self.bad_date(key, span, place, true);
                    return None;
                };
                if !matches!(lenient::date(s), Lenient::Exact(_)) {
                    let how = Text::new("按“年-月-日”读取的日期", "a date read as year-month-day");
                    self.sink.note_normalised(span, s, day.to_string(), how);
                }
                Some(Spanned::new(day, span))
            }
            Lenient::Ambiguous(why) => {
                let d = msg::ambiguous(span, &what(key, place), s, &why);
                self.sink.push(d.with_help(Text::new(
                    "日期写作 2021-01-07（四位年份-月-日）",
                    "write dates as 2021-01-07 (four-digit year-month-day)",
                )));
                None
            }
            Lenient::No => {
                self.bad_date(key, span, place, false);
                None
            }
        }
    }

    fn bad_date(&mut self, key: &Key<'_>, span: Span, place: Place<'_>, shape_ok: bool) {
        let (label, help) = if shape_ok {
            (
                Text::new("日历上没有这一天", "there is no such day"),
                Text::new(
                    "请核对月份和日期（例如 2 月只有 28 或 29 天）",
                    "check the month and the day (February has 28 or 29 days)",
                ),
            )
        } else {
            (
                Text::new("不是日期", "not a date"),
                Text::new(
                    "日期写作 2021-01-28（年-月-日）；也可写作 2021/1/28、2021年1月28日",
                    "write dates as 2021-01-28 (year-month-day); 2021/1/28 and 2021年1月28日 are read too",
                ),
            )
        };
        self.bad(key, span, place, label, Some(help));
    }

    /// A time of day: `"14:30"` (or a TOML local time `14:30:00`).
    pub(super) fn time(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<(u32, u32)>> {
        let parsed = match &f.node.kind {
            Kind::Str(s) => match lenient::time(s) {
                Lenient::Exact(hm) => Some(hm),
                Lenient::Normalised((h, m)) => {
                    let how = Text::new("按 24 小时制读取的时刻", "a time of day, 24-hour clock");
                    self.sink
                        .note_normalised(f.node.span, s, format!("{h:02}:{m:02}"), how);
                    Some((h, m))
                }
                _ => None,
            },
            Kind::Datetime(Datetime {
                date: None,
                time: Some((h, m, _)),
                ..
            }) => Some((*h, *m)),
            Kind::Null => return None,
            _ => {
                self.wrong(&f.key, &f.node, place, TIME);
                return None;
            }
        };
        match parsed {
            Some((h, m)) if h <= 23 && m <= 59 => Some(Spanned::new((h, m), f.node.span)),
            _ => {
                let label = Text::new("不是有效的时刻", "not a time of day");
                let help = Text::new(
                    "时刻写作 \"14:30\"（24 小时制）",
                    "write times as \"14:30\" (24-hour clock)",
                );
                self.bad(&f.key, f.node.span, place, label, Some(help));
                None
            }
        }
    }

    /// One of a closed set of words (genders, lists).
    fn word<T: Copy>(
        &mut self,
        f: Field<'a>,
        place: Place<'_>,
        words: &[(T, &[&'static str])],
        expected: (&str, &str),
    ) -> Option<Spanned<T>> {
        let s = match &f.node.kind {
            Kind::Str(s) => s.trim(),
            Kind::Null => return None,
            _ => {
                self.wrong(&f.key, &f.node, place, expected);
                return None;
            }
        };
        if let Some((v, _)) = words.iter().find(|(_, spellings)| spellings.contains(&s)) {
            return Some(Spanned::new(*v, f.node.span));
        }
        let all: Vec<&str> = words.iter().flat_map(|(_, w)| w.iter().copied()).collect();
        let label = Text::new(
            msg::cat(&["应为", expected.0]),
            format!("expected {}", expected.1),
        );
        let help = did_you_mean(s, all.iter().copied()).map_or_else(
            || {
                let list = all
                    .iter()
                    .map(|w| format!("\"{w}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                Text::new(
                    format!("可用的写法：{list}"),
                    format!("write one of {list}"),
                )
            },
            did_you_mean_help,
        );
        self.bad(&f.key, f.node.span, place, label, Some(help));
        None
    }

    /// `male`/`男` or `female`/`女`.
    pub(super) fn gender(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<Gender>> {
        self.word(f, place, &keys::GENDERS, GENDER)
    }

    /// `preliminary`/`初步` or `formal`/`正式`.
    pub(super) fn list(&mut self, f: Field<'a>, place: Place<'_>) -> Option<Spanned<ListKind>> {
        self.word(f, place, &keys::LISTS, LIST)
    }

    /// The entries of a `facts` or `params` table.
    pub(super) fn entries(&mut self, f: Field<'a>, place: Place<'_>) -> Vec<Entry> {
        let table = match f.node.kind {
            Kind::Table(t) => t,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong(
                    &f.key,
                    &f.node,
                    place,
                    ("表（名称 = 值）", "a table (name = value)"),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(table.entries.len());
        for (key, node) in table.entries {
            if let Some(value) = self.fact_value(&key, node, place) {
                let name = Spanned::new(key.name.into_owned(), key.span);
                out.push(Entry { name, value });
            }
        }
        out
    }

    /// The value of a fact or parameter; `null` and `""` are
    /// [`Value::Blank`] ("not given", the key kept for findings).
    fn fact_value(
        &mut self,
        key: &Key<'a>,
        node: Node<'a>,
        place: Place<'_>,
    ) -> Option<Spanned<Value>> {
        let span = node.span;
        let value = match &node.kind {
            Kind::Null => Value::Blank,
            Kind::Str(s) if s.trim().is_empty() => Value::Blank,
            Kind::Int(n) => Value::Integer(*n),
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Datetime(Datetime {
                date: Some((y, m, d)),
                time: None,
                ..
            }) => match crate::syntax::lexical::calendar_day(*y, *m, *d) {
                Some(d) => Value::Date(d),
                None => {
                    self.bad_date(key, node.span, place, true);
                    return None;
                }
            },
            Kind::Str(s) => {
                if let Some(r) = ratio_from_str(s) {
                    match r {
                        Ok(r) => Value::Ratio(r),
                        Err(()) => {
                            let label = Text::new("分母为零", "zero denominator");
                            self.bad(key, node.span, place, label, None);
                            return None;
                        }
                    }
                } else if lenient::is_written_date(s) || looks_like_date(s) {
                    let d = self.written_date(key, s, node.span, place)?;
                    Value::Date(d.value)
                } else if lenient::is_written_count(s) {
                    let field = Field {
                        key: key.clone(),
                        node: node.clone(),
                    };
                    let n = self.count(field, place)?;
                    match i64::try_from(n.value) {
                        Ok(n) => Value::Integer(n),
                        Err(_) => {
                            self.too_large(key, node.span, place);
                            return None;
                        }
                    }
                } else {
                    let Kind::Str(s) = node.kind else {
                        return None;
                    };
                    return Some(Spanned::new(Value::Text(s.into_owned()), span));
                }
            }
            Kind::BigInt => {
                self.too_large(key, node.span, place);
                return None;
            }
            _ => {
                self.wrong(key, &node, place, FACT);
                return None;
            }
        };
        Some(Spanned::new(value, span))
    }
}

/// The day a spreadsheet's date serial stands for (1900 system, serials
/// from 61 on, past the fictitious 1900-02-29).
fn serial_date(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::try_days(n)?)
}

/// Text that is meant as a date: four digits and a dash, the rest digits
/// and dashes (`2021-02-30`, `2021-2-3`).
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b.len() <= 10
        && b.get(..4).is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && b.get(4) == Some(&b'-')
        && b.iter().all(|c| c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_exact() {
        let r = |n: i64, d: i64| Some(Ok(BigRational::new(n.into(), d.into())));
        assert_eq!(ratio_from_str("1/3"), r(1, 3));
        assert_eq!(ratio_from_str(" 2 / 4 "), r(1, 2));
        assert_eq!(ratio_from_str("20%"), r(1, 5));
        assert_eq!(ratio_from_str("2.5%"), r(1, 40));
        assert_eq!(ratio_from_str("1/0"), Some(Err(())));
        for text in ["a/b", "1/", "%", "x%", "-1/3", "1.5", "三分之一", ""] {
            assert_eq!(ratio_from_str(text), None, "{text}");
        }
    }

    #[test]
    fn dates_from_text() {
        assert!(looks_like_date("2021-2-3") && !looks_like_date("2021年"));
    }
}
