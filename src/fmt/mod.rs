//! `huanjie fmt`: one canonical layout for `.hj` files (docs/design/fmt.md).
//!
//! A layout pass over the token stream rather than a printer of the AST:
//! pest's leaf pairs and the punctuation and comments between them
//! ([`tokens`]) are laid out by the brace structure and a small table of
//! aligned parts ([`layout`]). Keywords, names, literals and comments come
//! out exactly as written; only whitespace changes. A construct the
//! formatter has no rule for is laid out by the same general rules, token
//! for token. As a safeguard, the result is tokenised again and must have
//! exactly the tokens of the input (else HJ090 and nothing is written).

pub mod layout;
pub mod tokens;

use crate::diag::{Code, Diagnostic, Text};
use crate::span::{FileId, Span};

/// The canonical layout of `text` (file `id`, for diagnostics): `Err` with
/// the syntax diagnostics when it does not parse.
pub fn format_text(id: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = crate::syntax::parse_text(id, text);
    if parsed.file.is_none() {
        return Err(parsed.diagnostics);
    }
    let changed = || vec![changed(id, text)];
    let before = tokens::tokens(text).ok_or_else(changed)?;
    let out = layout::layout(&before);
    let after = tokens::tokens(&out).ok_or_else(changed)?;
    let same = before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|(a, b)| a.text == b.text && a.kind == b.kind);
    if same {
        Ok(out)
    } else {
        Err(changed())
    }
}

fn changed(id: FileId, text: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FormatChanged,
        Text::new(
            "格式化后的文件与原文件的内容不一致，文件未改动",
            "the formatted text would not have the file's tokens; the file is left as it is",
        ),
    )
    .with_label(
        Span::new(id, 0, text.len().min(1)),
        Text::new("此文件", "this file"),
    )
    .with_help(Text::new(
        "这是格式化程序的缺陷，请连同文件一起报告",
        "this is a bug of the formatter; please report it with the file",
    ))
}

#[cfg(test)]
mod tests;
