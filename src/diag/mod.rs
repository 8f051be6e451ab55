//! Diagnostics: what the compiler says about a procedure, in Chinese and
//! English, with a stable code and labelled spans.
//!
//! Diagnostics are plain values: they store spans, not text. Rendering
//! (`render`) attaches the sources once per file and picks the language.

mod codes;
pub mod render;
pub mod sanitise;

pub use codes::Code;

use crate::span::Span;
use serde::Serialize;

/// A message in both languages of the product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// The texts joined, each language with its own separator.
    pub fn join(parts: &[Text], zh_sep: &str, en_sep: &str) -> Text {
        let zh: Vec<&str> = parts.iter().map(|t| t.zh.as_str()).collect();
        let en: Vec<&str> = parts.iter().map(|t| t.en.as_str()).collect();
        Text::new(zh.join(zh_sep), en.join(en_sep))
    }

    /// A message given in Chinese and English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The language of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language a `LANG`-style locale string asks for: English for `en*`,
    /// Chinese otherwise (and when unset).
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Advice,
}

/// A span with what to say about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Text,
}

/// One diagnostic: a code, a message, labelled spans (the first is the
/// primary one), help and notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Text,
    pub labels: Vec<Label>,
    pub help: Option<Text>,
    pub notes: Vec<Text>,
}

impl Diagnostic {
    /// An error with `code`, message and primary label.
    pub fn error(code: Code, message: Text) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning.
    pub fn warning(code: Code, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Adds a labelled span (the first one added is the primary label).
    pub fn with_label(mut self, span: Span, text: Text) -> Diagnostic {
        self.labels.push(Label { span, text });
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: Text) -> Diagnostic {
        self.notes.push(note);
        self
    }

    /// The primary span (synthetic when the diagnostic has no label).
    pub fn primary_span(&self) -> Span {
        self.labels
            .first()
            .map(|l| l.span)
            .unwrap_or(Span::Synthetic)
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file and position, then by code, for stable output.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        a.primary_span()
            .sort_key()
            .cmp(&b.primary_span().sort_key())
            .then_with(|| a.code.id().cmp(b.code.id()))
    });
}

/// "did you mean" — the known name closest to `name`, if it is close enough.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for k in known {
        if k == name {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(name, k);
        let contains = !name.is_empty() && (k.contains(name) || name.contains(k));
        let score = if contains { score.max(0.7) } else { score };
        if score >= 0.5 && best.is_none_or(|(s, b)| score > s || (score == s && k < b)) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
}

/// The help text "did you mean `X`?" in both languages.
pub fn did_you_mean_help(suggestion: &str) -> Text {
    Text::new(
        format!("是否想写 `{suggestion}`？"),
        format!("did you mean `{suggestion}`?"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_names_only() {
        let known = ["选民名单公布", "投票选举", "候选人提名"];
        assert_eq!(did_you_mean("选民名单公", known), Some("选民名单公布"));
        assert_eq!(did_you_mean("投票选拳", known), Some("投票选举"));
        assert_eq!(did_you_mean("整章建制", known), None);
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(None), Lang::Zh);
    }
}
