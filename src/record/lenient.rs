//! Values as people write them: dates (`2021/1/7`, `2021-1-7`,
//! `2021年1月7日`, `2021.1.7`), times (`8:30`) and counts (`3,186`,
//! full-width `３１８６`) in text — a spreadsheet cell or a quoted TOML/JSON
//! string. Each is read to the one value it can only mean, and the reading
//! is kept ([`Normalised`]) so that `check --verbose` shows it. Text that
//! could mean two things (`1/7/2021`: January or July? `21/1/7`: which
//! century? `3.186`: a decimal or a thousands separator?) is refused with
//! the value shown (HJ622), never guessed.

use crate::diag::Text;

/// What a piece of text is, read leniently as a `T`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lenient<T> {
    /// Written exactly as the record format writes it (`2021-01-07`).
    Exact(T),
    /// Written otherwise, but meaning only this.
    Normalised(T),
    /// Could mean more than one thing: why, in both languages.
    Ambiguous(Text),
    /// Not a `T` at all.
    No,
}

/// Full-width digits and punctuation (`３１８６`, `２０２１／１／７`, `８：３０`)
/// as their ASCII forms; `None` when there is nothing to replace.
fn half_width(s: &str) -> Option<String> {
    let wide = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c);
    if !s.chars().any(wide) {
        return None;
    }
    Some(
        s.chars()
            .map(|c| {
                if wide(c) {
                    char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// Digits only (ASCII), 1 to `max` of them.
fn digits(s: &str, max: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A calendar date `(year, month, day)` from text (the calendar itself is
/// checked by the caller).
pub(crate) fn date(text: &str) -> Lenient<(i32, u32, u32)> {
    let trimmed = text.trim();
    let wide = half_width(trimmed);
    let s = wide.as_deref().unwrap_or(trimmed);
    let exact = wide.is_none() && s.len() == 10 && s.as_bytes().get(4) == Some(&b'-');
    // 2021年1月7日
    if let Some(rest) = s.strip_suffix('日') {
        let ymd = rest.split_once('年').and_then(|(y, md)| {
            let (m, d) = md.split_once('月')?;
            Some((digits(y, 4)?, digits(m, 2)?, digits(d, 2)?))
        });
        return match ymd {
            Some((y, m, d)) if y >= 1000 => date_of(y, m, d, false),
            Some(_) => Lenient::Ambiguous(two_digit_year()),
            None => Lenient::No,
        };
    }
    let Some(sep) = s.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return Lenient::No;
    };
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return Lenient::No;
    };
    let (Some(x), Some(y), Some(z)) = (digits(a, 4), digits(b, 2), digits(c, 4)) else {
        return Lenient::No;
    };
    if a.len() == 4 && c.len() <= 2 {
        return date_of(x, y, z, exact);
    }
    if c.len() == 4 && a.len() <= 2 {
        // 1/7/2021: day-month or month-day order cannot be told.
        return Lenient::Ambiguous(Text::new(
            "年份在后，无法判断是“日/月”还是“月/日”",
            "the year comes last: day/month or month/day cannot be told",
        ));
    }
    if a.len() <= 2 && c.len() <= 2 && sep != '.' {
        return Lenient::Ambiguous(two_digit_year());
    }
    Lenient::No
}

fn two_digit_year() -> Text {
    Text::new(
        "年份只有两位，无法判断是哪个世纪",
        "a two-digit year: the century cannot be told",
    )
}

fn date_of(y: u32, m: u32, d: u32, exact: bool) -> Lenient<(i32, u32, u32)> {
    let Ok(y) = i32::try_from(y) else {
        return Lenient::No;
    };
    if exact {
        Lenient::Exact((y, m, d))
    } else {
        Lenient::Normalised((y, m, d))
    }
}

/// A time of day `(hour, minute)` from `8:30`, `08:30` or `８：３０` (ranges
/// checked by the caller).
pub(crate) fn time(text: &str) -> Lenient<(u32, u32)> {
    let trimmed = text.trim();
    let wide = half_width(trimmed);
    let s = wide.as_deref().unwrap_or(trimmed);
    let Some((h, m)) = s.split_once(':') else {
        return Lenient::No;
    };
    match (digits(h, 2), digits(m, 2)) {
        (Some(hour), Some(minute)) if m.len() == 2 => {
            if wide.is_none() && h.len() == 2 {
                Lenient::Exact((hour, minute))
            } else {
                Lenient::Normalised((hour, minute))
            }
        }
        _ => Lenient::No,
    }
}

/// A count from text: `3186`, `3,186`, `３１８６`. Commas must group
/// thousands (`31,86` is refused); a decimal point is refused, since `3.186`
/// may be a thousands separator and `12.5` is not a count. `Exact` is never
/// returned: a count in text is always read, never written, as a number.
pub(crate) fn count(text: &str) -> Lenient<u64> {
    let trimmed = text.trim();
    let wide = half_width(trimmed);
    let s = wide.as_deref().unwrap_or(trimmed);
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Lenient::No;
    }
    if plain.contains('.') {
        if plain.split('.').all(|p| !p.is_empty()) && plain.matches('.').count() == 1 {
            return Lenient::Ambiguous(Text::new(
                "带小数点：人数、票数只能是整数，而 `.` 也可能是千位分隔符",
                "it has a decimal point: counts are whole numbers, and `.` may be a thousands separator",
            ));
        }
        return Lenient::No;
    }
    if s.contains(',') {
        let groups: Vec<&str> = s.split(',').collect();
        let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
        let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
        if !(first_ok && rest_ok) {
            return Lenient::Ambiguous(Text::new(
                "逗号不在千位上，无法判断数值",
                "the commas do not group thousands: the number cannot be told",
            ));
        }
    }
    match plain.parse::<u64>() {
        Ok(n) => Lenient::Normalised(n),
        Err(_) => Lenient::No,
    }
}

/// Whether the text needs [`count`] to be read as a number: digits with
/// thousands separators or in full width. A plain `"1745"` fact stays text
/// (it may be a name or a number the procedure declares as text).
pub(crate) fn is_written_count(text: &str) -> bool {
    let t = text.trim();
    (t.contains(',') || t.contains('.') || half_width(t).is_some())
        && matches!(count(t), Lenient::Normalised(_) | Lenient::Ambiguous(_))
}

/// Whether the text is meant as a date in some way people write dates.
pub(crate) fn is_written_date(text: &str) -> bool {
    !matches!(date(text), Lenient::No)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ambiguous<T>(l: &Lenient<T>) -> bool {
        matches!(l, Lenient::Ambiguous(_))
    }

    #[test]
    fn dates_as_people_write_them() {
        for s in [
            "2021/1/7",
            "2021-1-7",
            "2021年1月7日",
            "2021.1.7",
            "２０２１／１／７",
            " 2021/01/07 ",
        ] {
            assert_eq!(date(s), Lenient::Normalised((2021, 1, 7)), "{s}");
        }
        assert_eq!(date("2021-01-07"), Lenient::Exact((2021, 1, 7)));
        for s in ["1/7/2021", "7.1.2021", "21/1/7", "21-1-7", "21年1月7日"] {
            assert!(ambiguous(&date(s)), "{s}");
        }
        for s in [
            "1/3",
            "20%",
            "胡可",
            "2021",
            "2021/1",
            "2021/1/7/8",
            "3.186",
            "",
        ] {
            assert_eq!(date(s), Lenient::No, "{s}");
        }
    }

    #[test]
    fn times_and_counts() {
        assert_eq!(time("8:30"), Lenient::Normalised((8, 30)));
        assert_eq!(time("08:30"), Lenient::Exact((8, 30)));
        assert_eq!(time("８：３０"), Lenient::Normalised((8, 30)));
        assert_eq!(time("8:3"), Lenient::No);
        assert_eq!(count("3,186"), Lenient::Normalised(3186));
        assert_eq!(count("1,234,567"), Lenient::Normalised(1_234_567));
        assert_eq!(count("３１８６"), Lenient::Normalised(3186));
        assert_eq!(count("3186"), Lenient::Normalised(3186));
        for s in ["3.186", "12.5", "31,86", "3,1860"] {
            assert!(ambiguous(&count(s)), "{s}");
        }
        for s in ["-3", "三千", "", "1/3", "3..1"] {
            assert_eq!(count(s), Lenient::No, "{s}");
        }
        assert!(is_written_count("3,186") && is_written_count("３１８６"));
        assert!(!is_written_count("1745") && !is_written_count("胡可"));
    }
}
