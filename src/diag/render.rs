//! Rendering diagnostics: for people (one miette report per diagnostic, in the
//! chosen language) and for machines (JSON).
//!
//! Both renderings read positions from the [`SourceMap`]: lines and columns are
//! 1-based and columns count characters, not bytes, so that a column in a
//! Chinese line is the one an editor shows.
//!
//! A diagnostic whose labels lie in several files (a plan in one file naming a
//! procedure in another) is rendered as one report with one snippet per file,
//! each headed by its own `[file:line:column]`, the primary label's file first.
//! Labels on synthetic spans have no snippet; their texts are listed as notes.

use super::sanitise::for_terminal;
use super::{Diagnostic, Lang, Severity};
use crate::span::{SourceFile, SourceMap, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::fmt;

/// How to render diagnostics for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// The language of every text (messages, labels, help, notes, summary).
    pub lang: Lang,
    /// Whether to use ANSI colours.
    pub color: bool,
    /// The width to wrap text at, in terminal columns.
    pub width: usize,
    /// Whether to draw with Unicode box characters (else ASCII).
    pub unicode: bool,
    /// How many diagnostics to print at most (`None`: all); the rest are
    /// counted in one closing line. JSON output is never capped.
    pub max_diagnostics: Option<usize>,
}

/// How many diagnostics a human report prints by default.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 200;

impl Default for RenderOptions {
    /// Chinese, no colour, 100 columns, Unicode.
    fn default() -> RenderOptions {
        RenderOptions {
            lang: Lang::Zh,
            color: false,
            width: 100,
            unicode: true,
            max_diagnostics: Some(DEFAULT_MAX_DIAGNOSTICS),
        }
    }
}

impl RenderOptions {
    /// The stable preset for tests and snapshots: no colour, 80 columns,
    /// Unicode, in `lang`.
    pub fn plain(lang: Lang) -> RenderOptions {
        RenderOptions {
            lang,
            color: false,
            width: 80,
            unicode: true,
            max_diagnostics: None,
        }
    }

    fn theme(&self) -> GraphicalTheme {
        match (self.color, self.unicode) {
            (true, true) => GraphicalTheme::unicode(),
            (true, false) => GraphicalTheme::ascii(),
            (false, true) => GraphicalTheme::unicode_nocolor(),
            (false, false) => GraphicalTheme::none(),
        }
    }
}

/// How many diagnostics of each severity a run produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

/// Counts `diags` by severity.
pub fn count(diags: &[Diagnostic]) -> Counts {
    let mut counts = Counts::default();
    for d in diags {
        match d.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Advice => counts.advice += 1,
        }
    }
    counts
}

/// The closing line of a human report: "2 个错误，1 个警告" / "2 errors, 1 warning".
/// Advice is mentioned only when there is some.
pub fn summary(counts: Counts, lang: Lang) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = match lang {
        Lang::Zh => vec![
            format!("{} 个错误", counts.errors),
            format!("{} 个警告", counts.warnings),
        ],
        Lang::En => vec![
            plural(counts.errors, "error", "errors"),
            plural(counts.warnings, "warning", "warnings"),
        ],
    };
    if counts.advice > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{} 条建议", counts.advice),
            Lang::En => plural(counts.advice, "suggestion", "suggestions"),
        });
    }
    match lang {
        Lang::Zh => parts.join("，"),
        Lang::En => parts.join(", "),
    }
}

/// The severity word shown before the code: `error[HJ101]` / `错误[HJ101]`.
fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Advice, Lang::Zh) => "建议",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Advice, Lang::En) => "advice",
    }
}

/// The line that stands for the diagnostics a capped report leaves out.
pub fn more_line(hidden: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            format!("还有 {hidden} 条诊断未显示（用 --max-diagnostics 调整上限，0 为不限）")
        }
        Lang::En => {
            format!("and {hidden} more (not shown; raise --max-diagnostics to see them, 0 for all)")
        }
    }
}

/// Renders every diagnostic as a miette report (at most
/// `opts.max_diagnostics` of them, then a line counting the rest), followed
/// by the summary line, which counts them all. The output ends with a
/// newline. The time taken is linear in the number of diagnostics.
pub fn render_human(diags: &[Diagnostic], map: &SourceMap, opts: &RenderOptions) -> String {
    let handler = GraphicalReportHandler::new_themed(opts.theme())
        .with_width(opts.width)
        .with_links(false)
        .without_syntax_highlighting()
        // Each snippet names its own place (`Sources::read_span`):
        // `file:line:column`, or the cell of a sheet (`file 候选人!B7`).
        .without_primary_span_start();
    let mut out = String::new();
    let shown = opts.max_diagnostics.unwrap_or(diags.len()).min(diags.len());
    for d in diags.iter().take(shown) {
        let report = Report::new(d, map, opts.lang);
        let handler = match report.footer() {
            Some(footer) => handler.clone().with_footer(footer),
            None => handler.clone(),
        };
        let mut text = String::new();
        if handler.render_report(&mut text, &report).is_err() {
            // The handler only fails when a span cannot be read, which
            // `Report::new` rules out; say the message at least.
            text = format!("{}\n  {}\n", report.code, report.message);
        }
        out.push_str(text.trim_end());
        out.push_str("\n\n");
    }
    if shown < diags.len() {
        out.push_str(&more_line(diags.len() - shown, opts.lang));
        out.push_str("\n\n");
    }
    out.push_str(&summary(count(diags), opts.lang));
    out.push('\n');
    out
}

/// Renders diagnostics as a JSON array (see `docs/codes.md`, "JSON format").
pub fn render_json(diags: &[Diagnostic], map: &SourceMap, lang: Lang) -> Value {
    Value::Array(
        diags
            .iter()
            .map(|d| diagnostic_json(d, map, lang))
            .collect(),
    )
}

fn diagnostic_json(d: &Diagnostic, map: &SourceMap, lang: Lang) -> Value {
    let (file, line, column, span) = location_json(d.primary_span(), map);
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let (file, line, column, span) = location_json(l.span, map);
            json!({
                "file": file,
                "line": line,
                "column": column,
                "span": span,
                "message": l.text.get(lang),
            })
        })
        .collect();
    let notes: Vec<&str> = d.notes.iter().map(|n| n.get(lang)).collect();
    let mut out = json!({
        "code": d.code.id(),
        "severity": d.severity,
        "message": d.message.get(lang),
        "file": file,
        "line": line,
        "column": column,
        "span": span,
        "labels": labels,
        "help": d.help.as_ref().map(|h| h.get(lang)),
        "notes": notes,
    });
    // A diagnostic about a spreadsheet also names the cell.
    if let (Some(cell), Value::Object(o)) = (map.cell(d.primary_span()), &mut out) {
        o.insert("cell".to_string(), json!(cell));
    }
    out
}

/// `(file, line, column, {start, end})` of a span, each `null` when the span
/// is synthetic or its file is not in the map.
fn location_json(span: Span, map: &SourceMap) -> (Value, Value, Value, Value) {
    match locate(span, map) {
        Some((file, start, end)) => {
            let (line, column) = file.line_col(start);
            (
                json!(file.name),
                json!(line),
                json!(column),
                json!({"start": start, "end": end}),
            )
        }
        None => (Value::Null, Value::Null, Value::Null, Value::Null),
    }
}

/// The file and the byte range of a span, clamped to the text and widened to
/// character boundaries; `None` for synthetic spans and unknown files.
fn locate(span: Span, map: &SourceMap) -> Option<(&SourceFile, usize, usize)> {
    let file = map.get(span.file()?)?;
    let (start, end) = span.range()?;
    let text = &*file.text;
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some((file, start, end))
}

// ---------------------------------------------------------------------------
// The miette side: one `Report` per diagnostic, over a `Sources` value that
// lays the files it points into end to end.

/// The files one diagnostic points into, laid out one after another in a
/// single offset space (with a gap of one byte between files, so that an
/// offset at the very end of a file is unambiguous). Each snippet that miette
/// reads from it is named after its own file.
#[derive(Debug)]
struct Sources<'m> {
    parts: Vec<Part<'m>>,
}

#[derive(Debug)]
struct Part<'m> {
    base: usize,
    file: &'m SourceFile,
}

impl<'m> Sources<'m> {
    /// The offset of `file` in the layout, adding it at the end if it is new.
    fn base_of(&mut self, file: &'m SourceFile) -> usize {
        if let Some(p) = self.parts.iter().find(|p| std::ptr::eq(p.file, file)) {
            return p.base;
        }
        let base = self
            .parts
            .last()
            .map(|p| p.base + p.file.text.len() + 1)
            .unwrap_or(0);
        self.parts.push(Part { base, file });
        base
    }
}

impl SourceCode for Sources<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset();
        let part = self
            .parts
            .iter()
            .find(|p| p.base <= offset && offset + span.len() <= p.base + p.file.text.len())
            .ok_or(MietteError::OutOfBounds)?;
        let local_offset = offset - part.base;
        // miette reads a `str` from its start to the span; reading from the
        // first context line instead keeps rendering linear in the number of
        // diagnostics (the line starts were computed once, with the file).
        let first_line = part
            .file
            .line_index(local_offset)
            .saturating_sub(context_lines_before);
        let window_start = part.file.line_start(first_line);
        let window = part
            .file
            .shown_text()
            .get(window_start..)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((local_offset - window_start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data_start = inner.span().offset() + window_start;
        // miette counts columns in bytes; ours count characters.
        let (line, _) = part.file.line_col(data_start);
        let (_, column) = part.file.line_col(local_offset);
        // The snippet's heading, as miette would write it (the line where
        // the window starts, the column of the span), or the cell of a sheet.
        let name = match part.file.cell_at(local_offset) {
            Some(cell) => format!("{} {cell}", part.file.name),
            None => format!("{}:{line}:{column}", part.file.name),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            inner.data(),
            SourceSpan::new((data_start + part.base).into(), inner.span().len()),
            line - 1,
            column - 1,
            // As if read from the start of the file: the lines before the window.
            inner.line_count() + first_line,
        )))
    }
}

/// One diagnostic, in one language, as miette sees it.
#[derive(Debug)]
struct Report<'a> {
    /// `error[HJ101]`.
    code: String,
    severity: miette::Severity,
    message: Cow<'a, str>,
    help: Option<Cow<'a, str>>,
    notes: Vec<Cow<'a, str>>,
    labels: Vec<LabeledSpan>,
    sources: Sources<'a>,
    lang: Lang,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, map: &'a SourceMap, lang: Lang) -> Report<'a> {
        let mut sources = Sources { parts: Vec::new() };
        let mut labels = Vec::new();
        let mut notes = Vec::new();
        for (i, label) in d.labels.iter().enumerate() {
            // Text from a procedure or record never reaches the terminal raw.
            let text = for_terminal(label.text.get(lang));
            match locate(label.span, map) {
                Some((file, start, end)) => {
                    let base = sources.base_of(file);
                    let text = (!text.is_empty()).then(|| text.to_string());
                    let span = SourceSpan::new((base + start).into(), end - start);
                    labels.push(if i == 0 {
                        LabeledSpan::new_primary_with_span(text, span)
                    } else {
                        LabeledSpan::new_with_span(text, span)
                    });
                }
                None if !text.is_empty() => notes.push(text),
                None => {}
            }
        }
        notes.extend(d.notes.iter().map(|n| for_terminal(n.get(lang))));
        Report {
            code: format!("{}[{}]", severity_word(d.severity, lang), d.code.id()),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Advice => miette::Severity::Advice,
            },
            message: for_terminal(d.message.get(lang)),
            help: d.help.as_ref().map(|h| for_terminal(h.get(lang))),
            notes,
            labels,
            sources,
            lang,
        }
    }

    /// Help and notes, with their prefixes in the report's language. miette's
    /// own help line is always headed `help:`, so both go in the footer.
    fn footer(&self) -> Option<String> {
        let (help, note) = match self.lang {
            Lang::Zh => ("帮助：", "注意："),
            Lang::En => ("help: ", "note: "),
        };
        let lines: Vec<String> = self
            .help
            .iter()
            .map(|h| format!("{help}{h}"))
            .chain(self.notes.iter().map(|n| format!("{note}{n}")))
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        (!self.labels.is_empty()).then_some(&self.sources as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Text};
    use crate::span::FileId;

    #[test]
    fn summary_in_both_languages() {
        let c = Counts {
            errors: 2,
            warnings: 1,
            advice: 0,
        };
        assert_eq!(summary(c, Lang::Zh), "2 个错误，1 个警告");
        assert_eq!(summary(c, Lang::En), "2 errors, 1 warning");
        let c = Counts {
            errors: 1,
            warnings: 0,
            advice: 2,
        };
        assert_eq!(summary(c, Lang::En), "1 error, 0 warnings, 2 suggestions");
        assert_eq!(summary(c, Lang::Zh), "1 个错误，0 个警告，2 条建议");
    }

    #[test]
    fn hostile_text_reaches_the_terminal_as_escapes() {
        use crate::diag::sanitise::unsafe_for_terminal;
        let mut map = SourceMap::new();
        // A raw ESC, a right-to-left override and a lone CR in the file.
        let id = map.add("a.toml", "name = \"\u{1b}[2J甲\u{202e}乙\"\nx = 1\r2\n");
        let d = Diagnostic::error(
            Code::Undefined,
            Text::new("甲\u{1b}]0;pwned\u{7}", "a\u{1b}]0;pwned\u{7}"),
        )
        .with_label(Span::new(id, 8, 12), Text::new("\u{1b}[2J", "\u{1b}[2J\r"))
        .with_note(Text::new("\u{202e}注", "\u{202e}note"));
        for opts in [
            RenderOptions::plain(Lang::En),
            RenderOptions {
                color: true,
                ..RenderOptions::plain(Lang::En)
            },
        ] {
            let human = render_human(std::slice::from_ref(&d), &map, &opts);
            assert!(human.contains("a\\u{1b}]0;pwned\\u{7}"), "{human}");
            assert!(human.contains("\\u{202e}note"), "{human}");
            // The snippet shows the line, with the controls replaced in place.
            assert!(human.contains("name = \"?[2J甲\u{fffd}乙\""), "{human}");
            assert!(human.contains("x = 1?2"), "{human}");
            assert!(!human.contains('\u{7}') && !human.contains("\u{1b}[2J"));
            assert!(!human.contains("\u{1b}]"), "{human}");
            if !opts.color {
                assert!(!human.chars().any(unsafe_for_terminal), "{human:?}");
            }
        }
    }

    #[test]
    fn a_capped_report_counts_what_it_leaves_out() {
        let mut map = SourceMap::new();
        let id = map.add("a.hj", "a\nb\nc\n");
        let diags: Vec<Diagnostic> = (0..3)
            .map(|i| {
                Diagnostic::warning(Code::UnusedBasis, Text::new("甲", format!("w{i}")))
                    .with_label(Span::new(id, 2 * i, 2 * i + 1), Text::new("", ""))
            })
            .collect();
        let opts = RenderOptions {
            max_diagnostics: Some(2),
            ..RenderOptions::plain(Lang::En)
        };
        let human = render_human(&diags, &map, &opts);
        assert!(human.contains("w1") && !human.contains("w2"), "{human}");
        assert!(human.ends_with("and 1 more (not shown; raise --max-diagnostics to see them, 0 for all)\n\n0 errors, 3 warnings\n"), "{human}");
        let opts = RenderOptions {
            max_diagnostics: Some(2),
            ..RenderOptions::plain(Lang::Zh)
        };
        assert!(render_human(&diags, &map, &opts).contains("还有 1 条诊断未显示"));
        // Every line shows its own text: the window read for a snippet
        // starts at the context line, not at the start of the file.
        let all = render_human(&diags, &map, &RenderOptions::plain(Lang::En));
        assert!(all.contains("[a.hj:3:1]") && all.contains("3 │ c"), "{all}");
    }

    #[test]
    fn columns_count_characters_and_spans_snap_to_boundaries() {
        let mut map = SourceMap::new();
        let id = map.add("a.hj", "阶段 乙 {}\n");
        // 乙 starts at byte 7; a span starting inside 阶 snaps back to 0.
        let d = Diagnostic::error(Code::Undefined, Text::new("甲", "a"))
            .with_label(Span::new(id, 7, 10), Text::new("这里", "here"))
            .with_label(Span::new(id, 1, 2), Text::new("", ""))
            .with_label(Span::Synthetic, Text::new("合成", "synthetic"));
        let v = render_json(std::slice::from_ref(&d), &map, Lang::En);
        assert_eq!(v[0]["line"], 1);
        assert_eq!(v[0]["column"], 4);
        assert_eq!(v[0]["labels"][1]["span"], json!({"start": 0, "end": 3}));
        assert_eq!(v[0]["labels"][2]["file"], Value::Null);
        let human = render_human(&[d], &map, &RenderOptions::plain(Lang::En));
        assert!(human.contains("[a.hj:1:4]"), "{human}");
        assert!(human.contains("note: synthetic"), "{human}");
    }

    #[test]
    fn spans_outside_the_text_do_not_break_rendering() {
        let mut map = SourceMap::new();
        let id = map.add("a.hj", "abc");
        let d = Diagnostic::error(Code::Syntax, Text::new("坏", "bad"))
            .with_label(Span::new(id, 50, 60), Text::new("末尾", "end"))
            .with_label(Span::new(FileId(9), 0, 1), Text::new("别处", "elsewhere"));
        let human = render_human(&[d], &map, &RenderOptions::plain(Lang::En));
        assert!(human.contains("[a.hj:1:4]"), "{human}");
        assert!(human.contains("note: elsewhere"), "{human}");
        assert!(!human.contains("Failed"), "{human}");
    }
}
