//! The schedule as an iCalendar file (RFC 5545), to import into a calendar
//! program.
//!
//! One all-day `VEVENT` per stage whose window is bounded on both sides:
//! `DTSTART` is the earliest first day, `DTEND` the day after the latest last
//! day (the end of an all-day event is exclusive). A stage with only a latest
//! day gets a one-day event on that day, marked as a deadline. Phases and
//! stages with no latest day get no event.
//!
//! The output is deterministic, so that it can be compared and re-imported:
//! `UID` is a hash of the procedure, the plan and the stage name (importing a
//! new schedule of the same election updates its events), and `DTSTAMP` is
//! the earliest anchor date at midnight UTC. Lines end with CRLF, are folded
//! at 75 octets without splitting a UTF-8 character, and texts escape `\`,
//! `;`, `,` and line breaks.

use super::render::{basis_words, marked_name, window_words};
use super::{RowKind, Schedule};
use crate::diag::Lang;
use chrono::{Datelike, NaiveDate};

/// An RFC 5545 `DATE` value, `YYYYMMDD`.
fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Escapes a `TEXT` value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // RFC 5545 §3.3.11: TEXT holds no control character but HTAB.
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (a continuation line starts
/// with a space, which counts), with CRLF line ends.
/// An escape (`\n`, `\,` …) is kept on one line, for readers that unescape
/// before unfolding.
pub fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c == '\\' {
            unit.extend(chars.next());
        }
        if used + unit.len() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&unit);
        used += unit.len();
    }
    out.push_str("\r\n");
}

/// FNV-1a, 64 bits: a stable hash for `UID`s.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"\x1f" };
        for b in sep.iter().chain(part.as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The schedule as an iCalendar document (see the module documentation).
pub fn render_ics(s: &Schedule, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let plan = s.plan.as_deref().unwrap_or("");
    let stamp = s.anchors.iter().map(|a| a.first).min().map_or_else(
        || "19700101T000000Z".to_string(),
        |d| format!("{}T000000Z", ics_date(d)),
    );
    let calname = match (&s.plan, zh) {
        (Some(p), true) => format!("{}（{p}）日程", s.procedure),
        (Some(p), false) => format!("{} ({p}) schedule", s.procedure),
        (None, true) => format!("{} 日程", s.procedure),
        (None, false) => format!("{} schedule", s.procedure),
    };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!(
            "PRODID:-//huanjie//schedule//{}",
            if zh { "ZH" } else { "EN" }
        ),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(&calname)),
    ];
    for row in s.rows.iter().filter(|r| r.kind == RowKind::Stage) {
        let span = row.span();
        let (first, last, deadline) = match (span.earliest, span.latest) {
            (Some(a), Some(b)) if a <= b => (a, b, false),
            (None, Some(b)) => (b, b, true),
            _ => continue,
        };
        // RFC 5545 writes four-digit years: an event that would end after
        // 9999-12-31 cannot be written.
        let Some(after) = last
            .succ_opt()
            .filter(|d| chrono::Datelike::year(d) <= crate::syntax::lexical::MAX_YEAR)
        else {
            continue;
        };
        let mut name = marked_name(row, lang);
        if let Some(t) = &row.title {
            name = if zh {
                format!("{name}：{t}")
            } else {
                format!("{name}: {t}")
            };
        }
        let summary = match (deadline, zh) {
            (true, true) => format!("【截止】{name}"),
            (true, false) => format!("[due] {name}"),
            (false, _) => name,
        };
        let mut description = Vec::new();
        if deadline {
            description.push(if zh {
                format!("截止日：不晚于 {last}（最早日期不受限制）")
            } else {
                format!("deadline: on or before {last} (no earliest date)")
            });
        } else {
            description.extend(window_words(row, lang));
        }
        let basis = basis_words(row, lang);
        if !basis.is_empty() {
            description.push(if zh { "依据：" } else { "basis:" }.to_string());
            description.extend(basis.iter().map(|b| format!("- {b}")));
        }
        let uid = fnv1a(&[&s.procedure, plan, &row.name]);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid:016x}@huanjie"),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", ics_date(first)),
            format!("DTEND;VALUE=DATE:{}", ics_date(after)),
            format!("SUMMARY:{}", escape(&summary)),
            format!("DESCRIPTION:{}", escape(&description.join("\n"))),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole() {
        let line = format!("DESCRIPTION:{}", "选".repeat(40));
        let mut out = String::new();
        fold(&line, &mut out);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn folding_keeps_escapes_whole() {
        let line = format!("{}\\n{}", "a".repeat(74), "b".repeat(10));
        let mut out = String::new();
        fold(&line, &mut out);
        assert!(
            out.starts_with(&format!("{}\r\n \\n", "a".repeat(74))),
            "{out}"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn hostile_text_keeps_no_control_character() {
        let hostile = crate::diag::sanitise::HOSTILE;
        let text = escape(hostile);
        assert_eq!(
            text,
            "胡\"可\\n</svg><script>x</script>\\nX-INJ:1]0\\;pwned[2J"
        );
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        // No line of its own: a property cannot be injected.
        let mut out = String::new();
        fold(&format!("SUMMARY:{text}"), &mut out);
        assert_eq!(out.matches("\r\n").count(), out.lines().count());
        assert!(!out.contains("\r\nX-INJ"), "{out:?}");
    }

    #[test]
    fn uids_differ_by_part() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
