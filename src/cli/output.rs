//! Writing diagnostics: human reports go to stderr (so that a command's real
//! output, such as a schedule, can be piped), the JSON document and the
//! SARIF log go to stdout. (`check`'s own report goes to stdout:
//! `output_check`.) Colour is used only for a terminal, and never when `--no-color` is
//! given or `NO_COLOR` is set (to anything but the empty string);
//! `CLICOLOR_FORCE` (set and not `0`) forces it, for tests and pagers.

use super::{Global, Status};
use crate::diag::render::{count, render_human, render_json, RenderOptions};
use crate::diag::{Code, Diagnostic, Lang};
use crate::span::SourceMap;
use clap::ValueEnum;
use serde_json::json;
use std::io::{IsTerminal, Write};

/// The width human reports are wrapped at.
pub const REPORT_WIDTH: usize = 100;

/// How `lint` prints its diagnostics.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format: reports for people on stderr, one JSON document on stdout, or a SARIF 2.1.0 log on stdout
    ///
    /// 输出格式：human 为供人阅读的报告（输出到标准错误），json 为一个 JSON 文档，sarif 为 SARIF 2.1.0 日志（均输出到标准输出）。
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
}

/// The values of `lint --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Reports for people, on stderr.
    Human,
    /// One JSON document, on stdout.
    Json,
    /// A SARIF 2.1.0 log, on stdout (for code scanning in CI).
    Sarif,
}

impl From<LintFormat> for Format {
    fn from(f: LintFormat) -> Format {
        match f {
            LintFormat::Human => Format::Human,
            LintFormat::Json => Format::Json,
            LintFormat::Sarif => Format::Sarif,
        }
    }
}

/// The values of `--format` for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Reports for people, on stderr.
    Human,
    /// One JSON document, on stdout.
    Json,
    /// A SARIF 2.1.0 log, on stdout (`lint` and `check` only).
    #[value(skip)]
    Sarif,
}

/// Whether `NO_COLOR` asks for no colour (set and not empty).
pub fn no_color_env() -> bool {
    env_set("NO_COLOR")
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Whether to colour a stream: `--no-color` and `NO_COLOR` win, then
/// `CLICOLOR_FORCE`, then whether the stream is a terminal.
pub fn use_color(no_color_flag: bool, no_color_env: bool, force: bool, terminal: bool) -> bool {
    !no_color_flag && !no_color_env && (force || terminal)
}

/// The render options for human reports on stderr.
pub fn human_options(global: &Global) -> RenderOptions {
    human_options_for(global, std::io::stderr().is_terminal())
}

/// The render options for human reports on a stream that is (or is not)
/// a terminal.
pub fn human_options_for(global: &Global, terminal: bool) -> RenderOptions {
    let force = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    RenderOptions {
        lang: global.lang(),
        color: use_color(global.no_color, no_color_env(), force, terminal),
        width: REPORT_WIDTH,
        unicode: true,
        max_diagnostics: (global.max_diagnostics > 0).then_some(global.max_diagnostics),
    }
}

/// The JSON document of a run: `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn json_document(diags: &[Diagnostic], map: &SourceMap, lang: Lang) -> serde_json::Value {
    let counts = count(diags);
    json!({
        "diagnostics": render_json(diags, map, lang),
        "errors": counts.errors,
        "warnings": counts.warnings,
    })
}

/// Prints `diags` in the chosen format.
/// Prints the diagnostic that stopped a command built on a schedule: a
/// stage named on the command line that does not exist is bad usage (exit
/// 2); anything else is a problem with the procedure or the anchors (exit 1).
pub fn stop(d: Diagnostic, map: &SourceMap, format: Format, global: &Global) -> Status {
    let status = if d.code == Code::UnknownStage {
        Status::BadInput
    } else {
        Status::Problems
    };
    emit(&[d], map, format, global);
    status
}

pub fn emit(diags: &[Diagnostic], map: &SourceMap, format: Format, global: &Global) {
    match format {
        Format::Human => write_stderr(&render_human(diags, map, &human_options(global))),
        Format::Json => {
            let doc = json_document(diags, map, global.lang());
            // Serialising a `Value` cannot fail; fall back to compact form anyway.
            let text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| doc.to_string());
            write_stdout(&format!("{text}\n"));
        }
        Format::Sarif => {
            let ok = !diags.iter().any(|d| d.code == Code::Unreadable);
            write_stdout(&crate::report::sarif::document(
                diags,
                map,
                global.lang(),
                ok,
            ));
        }
    }
}

/// Writes to stdout, ignoring errors (a closed pipe must not panic).
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes to stderr, ignoring errors.
pub fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_rules() {
        // flag, NO_COLOR, CLICOLOR_FORCE, terminal
        assert!(use_color(false, false, false, true));
        assert!(!use_color(false, false, false, false));
        assert!(use_color(false, false, true, false));
        assert!(!use_color(true, false, true, true));
        assert!(!use_color(false, true, true, true));
    }

    #[test]
    fn json_document_counts() {
        use crate::diag::{Code, Text};
        let diags = [
            Diagnostic::error(Code::Syntax, Text::new("甲", "a")),
            Diagnostic::warning(Code::UnusedBasis, Text::new("乙", "b")),
            Diagnostic::warning(Code::UnusedBasis, Text::new("丙", "c")),
        ];
        let doc = json_document(&diags, &SourceMap::new(), Lang::En);
        assert_eq!(doc["errors"], 1);
        assert_eq!(doc["warnings"], 2);
        assert_eq!(doc["diagnostics"][2]["message"], "c");
    }
}
