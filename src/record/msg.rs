//! The diagnostics of record loading (HJ601–HJ607), in Chinese and English.
//! Both parsers and the builder make their diagnostics here, so that TOML
//! and JSON records get the same words.

use super::{MAX_DEPTH, MAX_RECORD_BYTES};
use crate::diag::{self, did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::span::Span;

/// At most this many diagnostics are kept for one record; a file with a
/// million bad lines must not take a million diagnostics' worth of memory.
pub(crate) const MAX_DIAGNOSTICS: usize = 100;

/// Where the loaders put their diagnostics: keeps the first
/// [`MAX_DIAGNOSTICS`] and counts the rest.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    list: Vec<Diagnostic>,
    dropped: usize,
    /// Values read from the way people write them (`check --verbose`).
    pub(crate) normalised: Vec<super::model::Normalised>,
}

impl Sink {
    /// Notes a value read leniently: `written` at `span` was read as
    /// `read`, for the reason `how`.
    pub(crate) fn note_normalised(&mut self, span: Span, written: &str, read: String, how: Text) {
        if self.normalised.len() < super::MAX_NORMALISED {
            self.normalised.push(super::model::Normalised {
                span,
                written: written.to_string(),
                read,
                how,
            });
        }
    }

    /// Adds a diagnostic (or counts it, past the limit).
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.list.len() < MAX_DIAGNOSTICS {
            self.list.push(d);
        } else {
            self.dropped += 1;
        }
    }

    /// Whether anything was reported.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics, sorted by position; when some were dropped, the
    /// last one says how many.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let mut list = self.list;
        diag::sort(&mut list);
        if self.dropped > 0 {
            if let Some(last) = list.pop() {
                let n = self.dropped;
                list.push(last.with_note(Text::new(
                    format!("另有 {n} 个问题未列出"),
                    format!("{n} more problems are not shown"),
                )));
            }
        }
        list
    }
}

/// Joins pieces of a Chinese message, with a space where Chinese meets a
/// code span, a quote or Latin text (`阶段 `X` 中`, `应为 true`).
pub(crate) fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        let left = out.chars().next_back();
        let right = part.chars().next();
        if let (Some(l), Some(r)) = (left, right) {
            if (is_cjk(l) && is_latin(r)) || (is_latin(l) && is_cjk(r)) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '`' | '"' | '-')
}

/// The two formats, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    fn name(self) -> &'static str {
        match self {
            Syntax::Toml => "TOML",
            Syntax::Json => "JSON",
        }
    }
}

/// HJ601: the text is not valid TOML or JSON. `what` says what is wrong,
/// `label` what stands at `span`.
pub(crate) fn syntax(syntax: Syntax, span: Span, what: Text, label: Text) -> Diagnostic {
    let name = syntax.name();
    Diagnostic::error(
        Code::RecordSyntax,
        Text::new(
            format!("记录不是有效的 {name}：{}", what.zh),
            format!("the record is not valid {name}: {}", what.en),
        ),
    )
    .with_label(span, label)
    .with_help(match syntax {
        Syntax::Toml => Text::new(
            "请对照 docs/records.md 中的示例检查这一行；文本要用英文双引号括起来，日期写作 2021-01-28",
            "compare this line with the examples in docs/records.md; text goes in double quotes, dates are written 2021-01-28",
        ),
        Syntax::Json => Text::new(
            "请检查括号、引号和逗号是否成对、完整（文件是否被截断）",
            "check that brackets, quotes and commas are complete (was the file cut short?)",
        ),
    })
}

/// HJ606: the text is larger than [`MAX_RECORD_BYTES`].
pub(crate) fn too_large(span: Span, len: usize) -> Diagnostic {
    let mib = MAX_RECORD_BYTES / (1024 * 1024);
    Diagnostic::error(
        Code::RecordTooLarge,
        Text::new(
            format!("记录文件有 {len} 字节，超过了 {mib} MiB 的上限"),
            format!("the record has {len} bytes, more than the limit of {mib} MiB"),
        ),
    )
    .with_label(
        span,
        Text::new("超出上限的部分从这里开始", "the excess starts here"),
    )
    .with_help(Text::new(
        "一次选举的记录通常只有几千字节；请检查是否选错了文件",
        "the record of one election is a few kilobytes; check that this is the right file",
    ))
}

/// HJ606: values nested deeper than [`MAX_DEPTH`] (or too many of them).
pub(crate) fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::RecordTooLarge,
        Text::new(
            format!("记录的嵌套超过了 {MAX_DEPTH} 层"),
            format!("the record nests deeper than {MAX_DEPTH} levels"),
        ),
    )
    .with_label(span, Text::new("嵌套过深", "nested too deep"))
    .with_help(Text::new(
        "选举记录最多只有四五层嵌套；请检查文件是否正确",
        "an election record nests four or five levels at most; check that this is the right file",
    ))
}

/// HJ606: a TOML record with more tokens than the parser accepts.
pub(crate) fn too_many_tokens(span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::RecordTooLarge,
        Text::new(
            "TOML 记录的内容过多，无法读取",
            "the TOML record holds too many items to read",
        ),
    )
    .with_label(
        span,
        Text::new("从这里开始超出上限", "the limit is passed here"),
    )
    .with_help(Text::new(
        "大批量的机器导出记录请使用 JSON 格式",
        "write large machine-made records as JSON",
    ))
}

/// HJ602: a key the record model does not have at this place. `known` are
/// the keys allowed there (every spelling).
pub(crate) fn unknown_key(span: Span, key: &str, place: &Text, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(
        Code::UnknownKey,
        Text::new(
            cat(&[&place.zh, "中没有名为", &format!("`{key}`"), "的键"]),
            format!("unknown key `{key}` in {}", place.en),
        ),
    )
    .with_label(span, Text::new("未知的键", "unknown key"));
    match did_you_mean(key, known.iter().copied()) {
        Some(s) => d.with_help(did_you_mean_help(s)),
        None => {
            let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            d.with_help(Text::new(
                format!("此处可用的键：{}", list.join("、")),
                format!("the keys allowed here: {}", list.join(", ")),
            ))
        }
    }
}

/// HJ603: a value of the wrong type; `expected` names what belongs here.
pub(crate) fn wrong_type(span: Span, what: &Text, expected: &Text, found: &Text) -> Diagnostic {
    Diagnostic::error(
        Code::WrongType,
        Text::new(
            cat(&[&what.zh, "应为", &expected.zh, "，而这里是", &found.zh]),
            format!("{} must be {}, found {}", what.en, expected.en, found.en),
        ),
    )
    .with_label(
        span,
        Text::new(
            cat(&["应为", &expected.zh]),
            format!("expected {}", expected.en),
        ),
    )
}

/// HJ604: a required key is absent from the table at `span`.
pub(crate) fn missing_key(span: Span, en: &str, zh: &str, place: &Text) -> Diagnostic {
    Diagnostic::error(
        Code::MissingKey,
        Text::new(
            cat(&[&place.zh, "缺少必填项", &format!("`{en}`（{zh}）")]),
            format!("{} has no `{en}` ({zh})", place.en),
        ),
    )
    .with_label(
        span,
        Text::new(
            format!("这里应有 `{en}`"),
            format!("`{en}` is required here"),
        ),
    )
    .with_help(Text::new(
        format!("请补上 `{en}`（也可写作 `{zh}`）及其值"),
        format!("add `{en}` (or `{zh}`) with its value"),
    ))
}

/// HJ605: a value of the right type but out of its range; `label` says what
/// is wrong with it.
pub(crate) fn bad_value(span: Span, what: &Text, label: Text) -> Diagnostic {
    Diagnostic::error(
        Code::BadValue,
        Text::new(
            cat(&[&what.zh, "的值无效：", &label.zh]),
            format!("invalid {}: {}", what.en, label.en),
        ),
    )
    .with_label(span, label)
}

/// HJ607: a key given twice in one table (`first` is where it was first
/// given). `alias` names the other spelling when the two differ.
/// HJ622: text that could mean more than one value; `why` says why.
pub(crate) fn ambiguous(span: Span, what: &Text, written: &str, why: &Text) -> Diagnostic {
    Diagnostic::error(
        Code::AmbiguousValue,
        Text::new(
            cat(&[&what.zh, "的值 `", written, "` 有歧义"]),
            format!("{} is ambiguous: `{written}`", what.en),
        ),
    )
    .with_label(span, why.clone())
}

pub(crate) fn duplicate_key(span: Span, first: Span, key: &str, alias: Option<&str>) -> Diagnostic {
    let (zh, en) = match alias {
        Some(a) => (
            format!("键 `{key}` 与前面的 `{a}` 是同一项，重复给出"),
            format!("`{key}` is given twice (also as `{a}`)"),
        ),
        None => (
            format!("键 `{key}` 重复给出"),
            format!("key `{key}` is given twice"),
        ),
    };
    Diagnostic::error(Code::DuplicateKey, Text::new(zh, en))
        .with_label(span, Text::new("重复的键", "given again here"))
        .with_label(first, Text::new("第一次在这里给出", "first given here"))
        .with_help(Text::new(
            "每个键在同一个表中只能出现一次；请删除或合并其中一处",
            "a key may appear once per table; remove or merge one of them",
        ))
}

/// A syntax error's span: the character at `at`, or the last character when
/// `at` is the end of the text (an empty label at the end would not show).
pub(crate) fn char_at(file: crate::span::FileId, text: &str, at: usize) -> Span {
    if let Some(c) = text.get(at..).and_then(|s| s.chars().next()) {
        return Span::new(file, at, at + c.len_utf8());
    }
    match text.char_indices().next_back() {
        Some((i, c)) => Span::new(file, i, i + c.len_utf8()),
        None => Span::new(file, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_meets_latin_with_a_space() {
        assert_eq!(
            cat(&["阶段 `甲`", "中的", "`date`", "应为", "true 或 false"]),
            "阶段 `甲` 中的 `date` 应为 true 或 false"
        );
        assert_eq!(
            cat(&["第 1 个职务（positions）", "中"]),
            "第 1 个职务（positions）中"
        );
    }
}
