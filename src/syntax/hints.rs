//! Second tries at a syntax error: which small change to the text lets
//! parsing go past the place it stopped? Each hint is tried by parsing the
//! changed text again (at most a handful of times, and only when the file
//! has an error), so a help is given only where it would work:
//!
//! - a missing closer (`}`, `)`, `）`) of the innermost bracket still open
//!   where parsing stopped: the diagnostic points at the opener too;
//! - a misspelt keyword (`阶级` for `阶段`, `超过半数` for `过半数`, `stgae`):
//!   "did you mean" with a keyword of [`super::keywords`];
//! - a keyword glued to a name (`在投票选举之后`): the text with spaces.

use super::keywords;
use super::{HuanjieParser, Rule};
use pest::error::InputLocation;
use pest::Parser;

/// How many misspelt-keyword candidates are tried.
const MAX_KEYWORD_TRIES: usize = 3;

/// Where parsing `text` stops, or `None` when it parses.
fn stops_at(text: &str) -> Option<usize> {
    match HuanjieParser::parse(Rule::file, text) {
        Ok(_) => None,
        Err(e) => Some(match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        }),
    }
}

/// Whether `text` with `old` bytes at `pos` replaced by `new` parses past
/// the replacement and the `after` bytes that follow it.
fn goes_further(text: &str, pos: usize, old: usize, new: &str, after: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..pos), text.get(pos + old..)) else {
        return false;
    };
    let changed = format!("{head}{new}{tail}");
    stops_at(&changed).is_none_or(|p| p > pos + new.len() + after)
}

/// A bracket still open at some point of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Open {
    /// The byte offset of the opener.
    pub at: usize,
    pub opener: char,
    pub closer: char,
}

/// The innermost bracket still open at `pos` (strings and comments
/// skipped; the prescan has bounded the nesting and closed every string).
pub fn innermost_open(text: &str, pos: usize) -> Option<Open> {
    let mut stack: Vec<Open> = Vec::new();
    let mut iter = text.get(..pos)?.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '/' if iter.peek().map(|p| p.1) == Some('/') => {
                for (_, c) in iter.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if iter.peek().map(|p| p.1) == Some('*') => {
                iter.next();
                let mut prev = '\0';
                for (_, c) in iter.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '"' | '“' => {
                let close = if c == '"' { '"' } else { '”' };
                let mut escaped = false;
                for (_, d) in iter.by_ref() {
                    if d == '\n' || (d == close && !escaped) {
                        break;
                    }
                    escaped = c == '"' && d == '\\' && !escaped;
                }
            }
            '{' | '(' | '（' => {
                let closer = match c {
                    '{' => '}',
                    '(' => ')',
                    _ => '）',
                };
                stack.push(Open {
                    at: i,
                    opener: c,
                    closer,
                });
            }
            '}' | ')' | '）' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

/// The bracket whose missing closer made parsing stop at `pos` (before
/// `found` bytes of unexpected text): a closer there lets parsing go on.
pub fn missing_closer(text: &str, pos: usize, found: usize) -> Option<Open> {
    let open = innermost_open(text, pos)?;
    let closer = open.closer.to_string();
    goes_further(text, pos, 0, &closer, found).then_some(open)
}

/// The keyword `word` (at `pos`) is probably a misspelling of.
pub fn misspelt_keyword(text: &str, pos: usize, word: &str) -> Option<&'static str> {
    keywords::close_to(word)
        .into_iter()
        .take(MAX_KEYWORD_TRIES)
        .find(|k| goes_further(text, pos, word.len(), k, 0))
}

/// `word` (at `pos`) with spaces around the keywords glued to it, when
/// that lets parsing go on.
pub fn spaced_keywords(text: &str, pos: usize, word: &str) -> Option<String> {
    let spaced = keywords::spaced(word)?;
    goes_further(text, pos, word.len(), &spaced, 0).then_some(spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_open_bracket_skips_strings_and_comments() {
        let text = "procedure a { stage b { require (x // (\n \"(\" “{” ";
        let open = innermost_open(text, text.len());
        assert_eq!(open.map(|o| (o.opener, o.at)), Some(('(', 32)));
        assert_eq!(innermost_open("a { } ( ) ", 10), None);
    }

    #[test]
    fn a_closer_is_missing_only_where_one_would_help() {
        let text = "procedure a {\n  stage b {\n    after c\n  stage c {}\n}\n";
        let pos = text.find("stage c").unwrap_or(0);
        let open = missing_closer(text, pos, "stage".len());
        assert_eq!(open.map(|o| o.at), text.find("b {").map(|i| i + 2));
        // A stray word is not a missing closer.
        let text = "procedure a { stage b { foo } }";
        let pos = text.find("foo").unwrap_or(0);
        assert_eq!(missing_closer(text, pos, 3), None);
    }

    #[test]
    fn keyword_typos_and_glued_keywords_are_tried() {
        let text = "程序 甲 {\n  阶级 乙 {}\n}\n";
        let pos = text.find("阶级").unwrap_or(0);
        assert_eq!(misspelt_keyword(text, pos, "阶级"), Some("阶段"));
        let text = "程序 甲 {\n  阶段 乙 {}\n  阶段 丙 { 在乙之后 }\n}\n";
        let pos = text.find("在乙之后").unwrap_or(0);
        assert_eq!(
            spaced_keywords(text, pos, "在乙之后").as_deref(),
            Some("在 乙 之后")
        );
    }
}
