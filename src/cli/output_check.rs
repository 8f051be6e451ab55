//! Where `huanjie check` writes: its report on stdout (or `-o FILE`), in
//! one of four formats; the district report (`--report FILE.html|.xlsx`);
//! a progress bar on stderr when stderr is a terminal. Problems with the
//! command itself (a procedure with errors, an unknown option, no records
//! found, a file that cannot be written) are diagnostics on stderr (JSON
//! and SARIF on stdout, as their documents).

use super::output::Format;
use crate::diag::{Code, Diagnostic, Lang, Text};
use clap::ValueEnum;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The values of `check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// A report for people: a header line per record (verdict and counts), its findings under it, then the summary.
    Human,
    /// One JSON document (docs/checker.md).
    Json,
    /// A SARIF 2.1.0 log: one result per finding (for code scanning in CI).
    Sarif,
    /// JUnit XML: one test case per record, a failure per violation (for CI test reports).
    Junit,
}

impl CheckFormat {
    /// How the problems that stop the command are printed.
    pub fn diagnostics(self) -> Format {
        match self {
            CheckFormat::Human | CheckFormat::Junit => Format::Human,
            CheckFormat::Json => Format::Json,
            CheckFormat::Sarif => Format::Sarif,
        }
    }
}

/// The output options of `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckOutputArgs {
    /// Output format, written to stdout (or to `-o FILE`)
    ///
    /// 输出格式（写到标准输出，或 `-o` 所给的文件）：human 为供人阅读的报告，json 为 JSON 文档，sarif 为 SARIF 2.1.0 日志，junit 为 JUnit XML。
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Write the output to FILE instead of stdout
    ///
    /// 把输出写入文件，而不是标准输出。
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print only the closing summary (human format)
    ///
    /// 只输出最后的汇总（供人阅读的格式）。
    #[arg(short = 'q', long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also write the district report: a printable HTML page (`.html`) or a workbook (`.xlsx`)
    ///
    /// 另外生成街道汇总报告：可打印的 HTML 网页（`.html`）或 Excel 工作簿（`.xlsx`）。
    #[arg(long, value_name = "FILE.html|FILE.xlsx")]
    pub report: Option<PathBuf>,
    /// In the report, a record's district is its unit's text before SEP (when it has no `district` key)
    ///
    /// 报告中，记录没有 `district`（街道）键时，以单位名称中 SEP 之前的部分为街道，例如 `/`。
    #[arg(long, value_name = "SEP")]
    pub district_separator: Option<String>,
}

/// The kinds of district report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    Html,
    Xlsx,
}

fn usage(code: Code, zh: String, en: String) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(code, Text::new(zh, en)))
}

/// The kind of report `path` asks for, by its extension.
pub fn report_kind(path: &Path) -> Result<ReportKind, Box<Diagnostic>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => Ok(ReportKind::Html),
        Some("xlsx") => Ok(ReportKind::Xlsx),
        _ => {
            let name = path.display();
            Err(usage(
                Code::Unreadable,
                format!("无法生成报告 `{name}`：报告文件须以 .html 或 .xlsx 结尾"),
                format!("cannot write the report `{name}`: its name must end in .html or .xlsx"),
            ))
        }
    }
}

/// Refuses to write `out` over one of the `inputs` (the procedure files
/// and the record files of the batch).
pub fn not_an_input(out: &Path, inputs: &[&Path]) -> Result<(), Box<Diagnostic>> {
    let Ok(target) = out.canonicalize() else {
        // Not there yet: it is not an input.
        return Ok(());
    };
    let clash = inputs
        .iter()
        .any(|i| i.canonicalize().is_ok_and(|c| c == target));
    if clash {
        let name = out.display();
        return Err(usage(
            Code::Unreadable,
            format!("不会覆盖输入文件 `{name}`：请另选输出文件"),
            format!("will not write over the input `{name}`: choose another output file"),
        ));
    }
    Ok(())
}

/// Where the output goes: stdout, or a file (`-o`).
pub struct Sink {
    file: Option<(PathBuf, BufWriter<File>)>,
    error: Option<std::io::Error>,
}

impl Sink {
    /// Stdout, or the file `path` (created or truncated now, so that a
    /// path that cannot be written stops the command before any work).
    pub fn open(path: Option<&Path>) -> Result<Sink, Box<Diagnostic>> {
        let file = match path {
            None => None,
            Some(p) => match File::create(p) {
                Ok(f) => Some((p.to_path_buf(), BufWriter::new(f))),
                Err(e) => return Err(write_error(p, &e)),
            },
        };
        Ok(Sink { file, error: None })
    }

    /// Whether the output is a terminal (for colour).
    pub fn is_terminal(&self) -> bool {
        self.file.is_none() && std::io::stdout().is_terminal()
    }

    /// Writes `text` (errors on stdout, such as a closed pipe, are
    /// ignored; the first error on a file is kept for [`Sink::finish`]).
    pub fn write(&mut self, text: &str) {
        match &mut self.file {
            None => super::output::write_stdout(text),
            Some((_, f)) => {
                if self.error.is_none() {
                    if let Err(e) = f.write_all(text.as_bytes()) {
                        self.error = Some(e);
                    }
                }
            }
        }
    }

    /// Flushes the file; the problem if it could not be written.
    pub fn finish(self) -> Result<(), Box<Diagnostic>> {
        let Some((path, mut f)) = self.file else {
            return Ok(());
        };
        match self.error.map_or_else(|| f.flush(), Err) {
            Ok(()) => Ok(()),
            Err(e) => Err(write_error(&path, &e)),
        }
    }
}

/// HJ001 for a file that cannot be written.
pub fn write_error(path: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    let name = path.display();
    usage(
        Code::Unreadable,
        format!("无法写入 `{name}`：{e}"),
        format!("cannot write `{name}`: {e}"),
    )
}

/// A progress bar on stderr for a batch, only when stderr is a terminal
/// (never in a pipe, a file or a test) and there is more than one record.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub fn new(total: usize, lang: Lang) -> Progress {
        if total < 2 || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let message = match lang {
            Lang::Zh => "检查记录",
            Lang::En => "checking records",
        };
        let style = indicatif::ProgressStyle::with_template(
            "{msg} {wide_bar} {pos}/{len} ({elapsed}, {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total as u64),
            indicatif::ProgressDrawTarget::stderr(),
        )
        .with_style(style)
        .with_message(message);
        Progress(Some(bar))
    }

    /// One more record done.
    pub fn inc(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    /// Runs `f` (which writes to the terminal) with the bar hidden.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_html_or_xlsx() {
        assert_eq!(
            report_kind(Path::new("报告.html")).ok(),
            Some(ReportKind::Html)
        );
        assert_eq!(
            report_kind(Path::new("a/报告.HTM")).ok(),
            Some(ReportKind::Html)
        );
        assert_eq!(
            report_kind(Path::new("报告.xlsx")).ok(),
            Some(ReportKind::Xlsx)
        );
        assert!(report_kind(Path::new("报告.pdf")).is_err());
        assert!(report_kind(Path::new("报告")).is_err());
    }

    #[test]
    fn the_output_never_replaces_an_input() {
        let dir = std::env::temp_dir().join(format!("huanjie-sink-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let record = dir.join("a.toml");
        let _ = std::fs::write(&record, "procedure = \"甲\"\n");
        assert!(not_an_input(&record, &[record.as_path()]).is_err());
        assert!(not_an_input(&dir.join("./a.toml"), &[record.as_path()]).is_err());
        assert!(not_an_input(&dir.join("new.html"), &[record.as_path()]).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
