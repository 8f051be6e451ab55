//! A linear pass over the text before pest runs. pest parses by recursive
//! descent, so unbounded nesting would exhaust the stack; and an unterminated
//! string or comment is best reported where it starts, not where pest gives
//! up. This pass finds both in O(n) time without recursion.

use crate::diag::{Code, Diagnostic, Text};
use crate::span::{FileId, Span};

/// The deepest nesting of brackets and braces a file may have.
pub const MAX_DEPTH: usize = 64;

/// Scans `text` and returns the diagnostics that stop parsing (empty when
/// pest may run).
pub fn prescan(file: FileId, text: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut depth = 0usize;
    let mut iter = text.char_indices().peekable();
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
                let mut closed = false;
                let mut prev = '\0';
                for (_, c) in iter.by_ref() {
                    if prev == '*' && c == '/' {
                        closed = true;
                        break;
                    }
                    prev = c;
                }
                if !closed {
                    diags.push(
                        Diagnostic::error(
                            Code::UnterminatedComment,
                            Text::new("块注释没有结束", "unterminated block comment"),
                        )
                        .with_label(
                            Span::new(file, i, i + 2),
                            Text::new(
                                "注释从这里开始，直到文件末尾都没有 `*/`",
                                "the comment starts here and never ends",
                            ),
                        )
                        .with_help(Text::new(
                            "在注释结尾加上 `*/`",
                            "close the comment with `*/`",
                        )),
                    );
                    return diags;
                }
            }
            '"' | '“' => {
                let close = if c == '"' { '"' } else { '”' };
                let mut end = None;
                let mut escaped = false;
                while let Some(&(j, d)) = iter.peek() {
                    if d == '\n' {
                        break;
                    }
                    iter.next();
                    if c == '"' && escaped {
                        escaped = false;
                        continue;
                    }
                    if c == '"' && d == '\\' {
                        escaped = true;
                        continue;
                    }
                    if d == close {
                        end = Some(j);
                        break;
                    }
                }
                if end.is_none() {
                    let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    diags.push(
                        Diagnostic::error(
                            Code::UnterminatedString,
                            Text::new("字符串没有结束引号", "unterminated string"),
                        )
                        .with_label(
                            Span::new(file, i, line_end.max(i + c.len_utf8())),
                            Text::new(
                                format!("字符串在本行内缺少结束的 `{close}`"),
                                format!("this string has no closing `{close}` on its line"),
                            ),
                        )
                        .with_help(Text::new(
                            format!("字符串不能跨行；在引文末尾补上 `{close}`"),
                            format!(
                                "strings end on their line: add `{close}` after the quoted text"
                            ),
                        )),
                    );
                }
            }
            '(' | '{' | '（' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    diags.push(
                        Diagnostic::error(
                            Code::TooDeep,
                            Text::new(
                                format!("括号嵌套超过 {MAX_DEPTH} 层"),
                                format!("brackets nest deeper than {MAX_DEPTH} levels"),
                            ),
                        )
                        .with_label(
                            Span::new(file, i, i + c.len_utf8()),
                            Text::new(
                                format!("第 {} 层从这里开始", MAX_DEPTH + 1),
                                format!("level {} starts here", MAX_DEPTH + 1),
                            ),
                        )
                        .with_help(Text::new(
                            "拆分表达式，或用参数给中间结果命名",
                            "split the expression, or name intermediate values with parameters",
                        )),
                    );
                    return diags;
                }
            }
            ')' | '}' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        prescan(FileId(0), text)
            .iter()
            .map(|d| d.code.id())
            .collect()
    }

    #[test]
    fn finds_unterminated_things() {
        assert_eq!(codes("procedure a { /* x"), ["HJ012"]);
        assert_eq!(codes("basis a \"x\nb"), ["HJ011"]);
        assert_eq!(codes("basis a “x"), ["HJ011"]);
        assert!(codes("basis a \"x\\\"y\" // \"").is_empty());
        assert!(codes("/* \" */ basis a \"b\"").is_empty());
    }

    #[test]
    fn bounds_nesting_without_recursion() {
        let deep = "(".repeat(100_000);
        assert_eq!(codes(&deep), ["HJ015"]);
        let ok = format!("{}{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(codes(&ok).is_empty());
    }
}
