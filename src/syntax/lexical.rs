//! Literal values: Arabic and Chinese numerals, fractions, percentages,
//! dates and strings. Every function here is total: malformed text gives an
//! error value, never a panic.

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;

/// Why a literal could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiteralError {
    /// The number does not fit in 64 bits.
    TooLarge,
    /// A Chinese numeral that is not well formed (`十十`, `百五`).
    Malformed,
    /// A zero denominator (`1/0`, `零分之一`).
    ZeroDenominator,
    /// A date that is not on the calendar (`2021-02-30`).
    NoSuchDate,
    /// A date whose year is outside 1–9999 (what RFC 5545 and ISO 8601's
    /// four-digit years can write).
    YearOutOfRange,
}

/// An ASCII decimal integer that fits in `u64`.
pub fn ascii_int(text: &str) -> Result<u64, LiteralError> {
    text.parse::<u64>().map_err(|_| LiteralError::TooLarge)
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// A Chinese numeral up to 万 sections: `五`, `二十`, `一百二十`, `两千零五`,
/// `十二万三千`, or a plain digit string such as `二〇二一`.
pub fn cn_int(text: &str) -> Result<u64, LiteralError> {
    if text.is_empty() {
        return Err(LiteralError::Malformed);
    }
    // A string of digits without units reads digit by digit (二〇二一).
    if text.chars().all(|c| digit_value(c).is_some()) {
        let mut n: u64 = 0;
        for c in text.chars() {
            let d = digit_value(c).ok_or(LiteralError::Malformed)?;
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(d))
                .ok_or(LiteralError::TooLarge)?;
        }
        return Ok(n);
    }
    let (high, low) = match text.split_once('万') {
        Some((h, l)) => (Some(h), l),
        None => (None, text),
    };
    let high_value = match high {
        Some("") => 1,
        Some(h) => section(h)?,
        None => 0,
    };
    if low.contains('万') {
        return Err(LiteralError::Malformed);
    }
    // 一万零五百: a zero after 万 only marks the empty thousands.
    let low = match (high, low.strip_prefix(['零', '〇'])) {
        (Some(_), Some(rest)) if !rest.is_empty() => rest,
        _ => low,
    };
    let low_value = if low.is_empty() { 0 } else { section(low)? };
    if high.is_some() && low_value >= 10_000 {
        return Err(LiteralError::Malformed);
    }
    high_value
        .checked_mul(10_000)
        .and_then(|h| h.checked_add(low_value))
        .ok_or(LiteralError::TooLarge)
}

/// A section below 万: digits and the units 十, 百, 千 in descending order.
fn section(text: &str) -> Result<u64, LiteralError> {
    let mut total: u64 = 0;
    let mut pending: Option<u64> = None;
    let mut last_unit = u64::MAX;
    let mut prev_zero = false;
    for (i, c) in text.chars().enumerate() {
        if let Some(d) = digit_value(c) {
            if pending.is_some() {
                return Err(LiteralError::Malformed);
            }
            if d == 0 {
                if prev_zero || i == 0 {
                    return Err(LiteralError::Malformed);
                }
                prev_zero = true;
                continue;
            }
            pending = Some(d);
            prev_zero = false;
        } else if let Some(u) = unit_value(c) {
            if u >= last_unit {
                return Err(LiteralError::Malformed);
            }
            // 十 alone at the start, or right after a zero, means 一十
            // (十五 = 15, 一千零十 = 1010).
            let d = match pending.take() {
                Some(d) => d,
                None if u == 10 && (i == 0 || prev_zero) => 1,
                None => return Err(LiteralError::Malformed),
            };
            total += d * u;
            last_unit = u;
            prev_zero = false;
        } else {
            return Err(LiteralError::Malformed);
        }
    }
    if prev_zero {
        return Err(LiteralError::Malformed);
    }
    Ok(total + pending.unwrap_or(0))
}

fn ratio(num: u64, den: u64) -> Result<BigRational, LiteralError> {
    if den == 0 {
        return Err(LiteralError::ZeroDenominator);
    }
    Ok(BigRational::new(BigInt::from(num), BigInt::from(den)))
}

/// `1/2`.
pub fn ascii_fraction(text: &str) -> Result<BigRational, LiteralError> {
    let (n, d) = text.split_once('/').ok_or(LiteralError::Malformed)?;
    ratio(ascii_int(n)?, ascii_int(d)?)
}

/// `0.5`, `12.25` — exact.
pub fn ascii_decimal(text: &str) -> Result<BigRational, LiteralError> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let digits = format!("{whole}{frac}");
    let n = ascii_int(&digits)?;
    let scale = u32::try_from(frac.len()).map_err(|_| LiteralError::TooLarge)?;
    let den = 10u64.checked_pow(scale).ok_or(LiteralError::TooLarge)?;
    ratio(n, den)
}

/// `20%`, `12.5％`.
pub fn ascii_percent(text: &str) -> Result<BigRational, LiteralError> {
    let body = text.trim_end_matches(['%', '％']);
    Ok(ascii_decimal(body)? / BigRational::from_integer(BigInt::from(100)))
}

/// `五分之四` = 4/5 (the denominator is written first).
pub fn cn_fraction(text: &str) -> Result<BigRational, LiteralError> {
    let (den, num) = text.split_once("分之").ok_or(LiteralError::Malformed)?;
    ratio(cn_int(num)?, cn_int(den)?)
}

/// `百分之二十` = 20/100.
pub fn cn_percent(text: &str) -> Result<BigRational, LiteralError> {
    let body = text.strip_prefix("百分之").ok_or(LiteralError::Malformed)?;
    ratio(cn_int(body)?, 100)
}

/// `2021-01-28` or `2021年1月28日`.
/// The first and last year a date may have: four digits, as every format
/// `huanjie` reads and writes (TOML, ICS, ISO 8601) has them.
pub const MIN_YEAR: i32 = 1;
/// See [`MIN_YEAR`].
pub const MAX_YEAR: i32 = 9999;

/// The calendar day `y-m-d`, if it exists and its year is 1–9999.
pub fn calendar_day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    (MIN_YEAR..=MAX_YEAR)
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y, m, d))
        .flatten()
}

pub fn date(text: &str) -> Result<NaiveDate, LiteralError> {
    let parts: Vec<&str> = text
        .split(['-', '年', '月', '日', '号'])
        .filter(|s| !s.is_empty())
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(LiteralError::Malformed);
    };
    let y: i64 = y.parse().map_err(|_| LiteralError::Malformed)?;
    let m: u32 = m.parse().map_err(|_| LiteralError::Malformed)?;
    let d: u32 = d.parse().map_err(|_| LiteralError::Malformed)?;
    let y = i32::try_from(y)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .ok_or(LiteralError::YearOutOfRange)?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or(LiteralError::NoSuchDate)
}

/// The value of a string literal: quotes removed, `\"`, `\\`, `\n`, `\t`
/// decoded in ASCII-quoted strings; “…” strings are taken as written.
pub fn string(text: &str) -> String {
    if let Some(inner) = text.strip_prefix('“').and_then(|t| t.strip_suffix('”')) {
        return inner.to_string();
    }
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (text, n) in [
            ("五", 5),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("一百二十", 120),
            ("一百零五", 105),
            ("两千", 2000),
            ("两千零五", 2005),
            ("一万", 10_000),
            ("十二万三千", 123_000),
            ("二〇二一", 2021),
            ("零", 0),
            ("一零零", 100),
            ("〇", 0),
            ("一万零五百", 10_500),
            ("两万零三十", 20_030),
            ("十万零五", 100_005),
            ("一千零十", 1010),
        ] {
            assert_eq!(cn_int(text), Ok(n), "{text}");
        }
        for bad in ["十十", "百五", "五五十", "万万", "二十零", "十五零"] {
            assert_eq!(cn_int(bad), Err(LiteralError::Malformed), "{bad}");
        }
    }

    #[test]
    fn fractions_and_percentages_are_exact() {
        let half = BigRational::new(BigInt::from(1), BigInt::from(2));
        assert_eq!(ascii_fraction("1/2"), Ok(half.clone()));
        assert_eq!(cn_fraction("二分之一"), Ok(half.clone()));
        assert_eq!(ascii_percent("50%"), Ok(half.clone()));
        assert_eq!(cn_percent("百分之五十"), Ok(half.clone()));
        assert_eq!(ascii_decimal("0.5"), Ok(half));
        assert_eq!(
            cn_fraction("五分之四"),
            Ok(BigRational::new(BigInt::from(4), BigInt::from(5)))
        );
        assert_eq!(ascii_fraction("1/0"), Err(LiteralError::ZeroDenominator));
        assert_eq!(
            ascii_int("18446744073709551616"),
            Err(LiteralError::TooLarge)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            date("2021年1月8日"),
            Ok(NaiveDate::from_ymd_opt(2021, 1, 8).unwrap_or_default())
        );
        assert_eq!(date("2021-02-30"), Err(LiteralError::NoSuchDate));
        assert_eq!(date("+10000-01-01"), Err(LiteralError::YearOutOfRange));
        assert_eq!(date("0000-01-01"), Err(LiteralError::YearOutOfRange));
        assert_eq!(date("99999999999-01-01"), Err(LiteralError::YearOutOfRange));
        assert!(date("9999-12-31").is_ok() && date("0001-01-01").is_ok());
        assert_eq!(calendar_day(0, 1, 1), None);
        assert_eq!(calendar_day(10000, 1, 1), None);
    }

    #[test]
    fn strings() {
        assert_eq!(string(r#""a\"b""#), "a\"b");
        assert_eq!(string("“选举日”"), "选举日");
    }
}
