//! Text from a procedure or a record, made safe for a terminal.
//!
//! A record may name a candidate `ESC ] 0;… BEL` (which retitles the
//! inspector's terminal) or `ESC [2J` (which clears it); a title may carry a
//! right-to-left override that makes the text after it read backwards. Every
//! report for people passes such text through here: control characters
//! (other than line feed and tab) and the bidirectional overrides and
//! isolates are shown as escapes, `\u{1b}`, `\u{202e}`, so that the reader
//! sees that they are there and the terminal does not act on them.
//!
//! The source snippets of a report are shown from [`same_width`] text,
//! where each such character is replaced by a visible one of the same
//! length in bytes, so that every span still points at the same place.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
pub fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) || is_line_separator(c)
}

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069): they reorder the text around them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// U+2028 and U+2029, which some terminals and editors break lines at.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` with every character that must not reach a terminal written as an
/// escape (`\u{1b}`). Borrows when there is none.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_for_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` with every character that must not reach a terminal replaced by a
/// visible one of the same length in bytes (`?`, `¿` or `�`), line breaks
/// kept (`\r\n` too; a lone `\r`, which would send the cursor back over
/// the line, is replaced): byte offsets into `text` stay valid. `None` when
/// there is nothing to replace.
pub fn same_width(text: &str) -> Option<String> {
    let mut chars = text.chars().peekable();
    let mut out = String::new();
    let mut changed = false;
    while let Some(c) = chars.next() {
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        if !unsafe_for_terminal(c) || crlf {
            out.push(c);
            continue;
        }
        changed = true;
        out.push(match c.len_utf8() {
            1 => '?',
            2 => '¿',
            _ => '\u{fffd}',
        });
    }
    changed.then_some(out)
}

/// A string that tries every trick on a renderer: quotes, markup, a line
/// break and a CRLF, an OSC title, a bell, a screen clear, DEL and NEL (the
/// output-format tests share it).
#[cfg(test)]
pub(crate) const HOSTILE: &str =
    "胡\"可\n</svg><script>x</script>\r\nX-INJ:1\u{1b}]0;pwned\u{7}\u{1b}[2J\u{7f}\u{85}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_shown_not_obeyed() {
        let hostile = "张三\u{1b}]0;pwned\u{7}\u{1b}[2J\r李\u{202e}四\u{2028}";
        let safe = for_terminal(hostile);
        assert_eq!(
            safe,
            "张三\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{d}李\\u{202e}四\\u{2028}"
        );
        assert!(!safe.chars().any(unsafe_for_terminal));
        assert!(matches!(for_terminal("居委会\n主任\t甲"), Cow::Borrowed(_)));
    }

    #[test]
    fn same_width_keeps_every_offset() {
        let hostile = "a\u{1b}b\u{85}c\u{202e}d\r\ne\rf";
        let shown = same_width(hostile).unwrap_or_default();
        assert_eq!(shown.len(), hostile.len());
        assert_eq!(shown, "a?b¿c\u{fffd}d\r\ne?f");
        assert_eq!(same_width("crlf\r\nline\r\n"), None);
        assert_eq!(same_width("plain\ntext"), None);
    }
}
