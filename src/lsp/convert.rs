//! Between the project's byte spans and the protocol's positions.
//!
//! A [`Span`] is a byte range in UTF-8 text; an LSP `Position` is a 0-based
//! line and a column counted in UTF-16 code units (the protocol's default
//! encoding, the only one every client supports). A Chinese character is
//! three bytes in UTF-8 and one unit in UTF-16, a character outside the
//! Basic Multilingual Plane four bytes and two units: converting by bytes or
//! by `char`s would put every marker after Chinese text in the wrong place.
//!
//! The project's diagnostics become LSP diagnostics here: code, severity,
//! the message in the chosen language with its help and notes, the primary
//! label's range, and the other labels as related information.

use crate::diag::{self, Lang, Severity};
use crate::span::{FileId, SourceFile, SourceMap, Span};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

/// The UTF-16 position of byte `offset` in `file` (clamped to the text, and
/// moved back to a character boundary if it falls inside one).
pub fn position(file: &SourceFile, offset: usize) -> Position {
    let text: &str = &file.text;
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = file.line_index(offset);
    let start = file.line_start(line);
    let units: usize = text
        .get(start..offset)
        .map(|s| s.chars().map(char::len_utf16).sum())
        .unwrap_or(0);
    Position::new(to_u32(line), to_u32(units))
}

/// The byte offset of a UTF-16 position in `text` (a column past the end of
/// its line is the end of the line; a line past the end is the end of the
/// text; a position inside a surrogate pair is the start of its character).
pub fn offset(text: &str, pos: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text.get(line_start..).and_then(|rest| rest.find('\n')) {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = text.get(line_start..).unwrap_or("");
    let line = line.split('\n').next().unwrap_or("");
    let mut units = 0usize;
    for (i, c) in line.char_indices() {
        if c == '\r' || units + c.len_utf16() > pos.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_start + line.trim_end_matches('\r').len()
}

/// The range of a span in its file (`None` for synthetic spans and spans of
/// files not in `map`).
pub fn range(map: &SourceMap, span: Span) -> Option<Range> {
    let (file, start, end) = match span {
        Span::Source { file, start, end } => (file, start as usize, end as usize),
        Span::Synthetic => return None,
    };
    let f = map.get(file)?;
    Some(Range::new(position(f, start), position(f, end)))
}

/// The file of a span, its range, both.
pub fn file_range(map: &SourceMap, span: Span) -> Option<(FileId, Range)> {
    Some((span.file()?, range(map, span)?))
}

/// An LSP diagnostic for `d`, to be shown in the document of its primary
/// span; `uri_of` gives the document of a file (for related labels).
pub fn diagnostic(
    d: &diag::Diagnostic,
    map: &SourceMap,
    lang: Lang,
    uri_of: &dyn Fn(FileId) -> Option<Url>,
) -> lsp_types::Diagnostic {
    let range = range(map, d.primary_span()).unwrap_or_default();
    let mut message = d.message.get(lang).to_string();
    if let Some(first) = d.labels.first() {
        let label = first.text.get(lang);
        if !label.is_empty() {
            message.push_str(&format!("\n{}", label_line(label, lang)));
        }
    }
    if let Some(help) = &d.help {
        let word = match lang {
            Lang::Zh => "提示：",
            Lang::En => "help: ",
        };
        message.push_str(&format!("\n{word}{}", help.get(lang)));
    }
    for note in &d.notes {
        let word = match lang {
            Lang::Zh => "说明：",
            Lang::En => "note: ",
        };
        message.push_str(&format!("\n{word}{}", note.get(lang)));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .skip(1)
        .filter_map(|l| {
            let (file, range) = file_range(map, l.span)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri_of(file)?, range),
                message: l.text.get(lang).to_string(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        code_description: None,
        source: Some("huanjie".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn label_line(label: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{label}）"),
        Lang::En => format!("({label})"),
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Advice => DiagnosticSeverity::INFORMATION,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_astral_characters_count_in_utf16_units() {
        let text = "程序 甲 {\n  阶段 乙𠀀丙 {}\n}";
        let f = SourceFile::new("a.hj", text);
        let bing = text.find('丙').unwrap_or(0);
        // 2 spaces + 阶段 (2) + space + 乙 (1) + 𠀀 (2 units) = 8.
        assert_eq!(position(&f, bing), Position::new(1, 8));
        assert_eq!(offset(text, Position::new(1, 8)), bing);
        // Inside the surrogate pair: the start of 𠀀.
        let astral = text.find('𠀀').unwrap_or(0);
        assert_eq!(offset(text, Position::new(1, 7)), astral);
        // Past the end of a line, past the last line.
        assert_eq!(
            offset(text, Position::new(0, 99)),
            text.find('\n').unwrap_or(0)
        );
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn crlf_lines_end_before_the_carriage_return() {
        let text = "甲乙\r\n丙";
        let f = SourceFile::new("a.hj", text);
        assert_eq!(offset(text, Position::new(0, 5)), "甲乙".len());
        let bing = text.find('丙').unwrap_or(0);
        assert_eq!(position(&f, bing), Position::new(1, 0));
        assert_eq!(offset(text, Position::new(1, 1)), text.len());
    }
}
