//! Records from spreadsheets: `.xlsx`, `.xls` and `.ods` workbooks
//! (calamine) and `.csv` files (csv, encoding_rs). See docs/records.md for
//! the layout and docs/design/sheets.md for the design.
//!
//! A workbook holds one or several communities (`社区一览` lists them);
//! each becomes one [`Record`], built from the same value tree as a TOML or
//! JSON record, so it gets the same checks and messages. Each sheet is
//! added to the [`SourceMap`] as a text whose line *n* is row *n*
//! (`source`): a cell's value has a span like a TOML value, and a report
//! names the cell (`候选人!B7`). Nothing in the workbook is changed.
//!
//! ```
//! use huanjie::record::sheet::{self, SheetFormat};
//! use huanjie::span::SourceMap;
//!
//! let csv = "社区,街道,程序\n新河社区,新河街道,居委会换届选举\n";
//! let mut map = SourceMap::new();
//! let files = [("社区一览".to_string(), csv.as_bytes().to_vec())];
//! let communities = sheet::load_csv(&mut map, "district", &files);
//! let record = communities.ok().and_then(|c| c.into_iter().next()?.loaded.ok());
//! assert!(record.is_some_and(|r| r.district.is_some_and(|d| d.value == "新河街道")));
//! ```

mod cells;
mod csv_file;
mod export;
mod grid;
mod layout;
pub mod limits;
mod source;
mod template;

pub use export::export;

pub use template::workbook as template_workbook;

use super::msg::{self, Sink};
use super::Record;
use crate::diag::{Code, Diagnostic, Text};
use crate::span::{SourceMap, Span};
use grid::{Grid, Refusal};
use layout::{Layout, Role, Sheet};

/// The kinds of spreadsheet read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

impl SheetFormat {
    /// The kind a file name says (`.xlsx`, `.xlsm`, `.xls`, `.ods`, `.csv`,
    /// any case), if it is a spreadsheet.
    pub fn of_name(name: &str) -> Option<SheetFormat> {
        let (_, ext) = name.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(SheetFormat::Xlsx),
            "xls" => Some(SheetFormat::Xls),
            "ods" => Some(SheetFormat::Ods),
            "csv" => Some(SheetFormat::Csv),
            _ => None,
        }
    }
}

/// One community of a workbook: its name (the `社区` of `社区一览`) and
/// its record, or what keeps it from being read.
#[derive(Clone, Debug)]
pub struct Community {
    pub name: String,
    pub loaded: Result<Record, Vec<Diagnostic>>,
}

/// The communities of the workbook `name` (its bytes in `bytes`), each
/// sheet added to `map`; `Err` when the workbook as a whole cannot be
/// read or does not follow the layout (every problem found). A workbook
/// with no sheet of the layout is not a record: no communities.
pub fn load_workbook(
    map: &mut SourceMap,
    name: &str,
    format: SheetFormat,
    bytes: &[u8],
) -> Result<Vec<Community>, Vec<Diagnostic>> {
    if bytes.len() > limits::MAX_WORKBOOK_BYTES {
        return Err(vec![too_large(name, &size_text(bytes.len()))]);
    }
    let grids = match format {
        SheetFormat::Xlsx => grid::read_xlsx(bytes),
        SheetFormat::Xls => grid::read_ranges(bytes, false),
        SheetFormat::Ods => grid::read_ranges(bytes, true),
        SheetFormat::Csv => {
            let stem = stem(name);
            let file = [(stem, bytes.to_vec())];
            return load_csv(map, name, &file);
        }
    };
    match grids {
        Ok(grids) => Ok(communities(map, name, &grids)?),
        Err(r) => Err(vec![refused(name, format, r)]),
    }
}

/// The communities of a workbook made of CSV files, one per sheet:
/// `(sheet name, bytes)` (the sheet's name is the file's, `候选人.csv`).
pub fn load_csv(
    map: &mut SourceMap,
    name: &str,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<Community>, Vec<Diagnostic>> {
    let mut budget = grid::Budget::default();
    let mut grids = Vec::new();
    let mut total = 0;
    for (sheet, bytes) in files {
        total += bytes.len();
        if total > limits::MAX_WORKBOOK_BYTES {
            return Err(vec![too_large(name, &size_text(total))]);
        }
        let read =
            csv_file::decode(bytes).and_then(|(text, _)| csv_file::read(&text, sheet, &mut budget));
        match read {
            Ok(g) => grids.push(g),
            Err(r) => return Err(vec![refused(&format!("{sheet}.csv"), SheetFormat::Csv, r)]),
        }
    }
    communities(map, name, &grids)
}

/// The sheet name a CSV file stands for: its name without folder and
/// extension.
pub fn stem(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.rsplit_once('.').map_or(file, |(s, _)| s).to_string()
}

fn size_text(n: usize) -> String {
    format!("{n}")
}

fn too_large(name: &str, size: &str) -> Diagnostic {
    let max = limits::MAX_WORKBOOK_BYTES;
    Diagnostic::error(
        Code::RecordTooLarge,
        Text::new(
            format!("工作簿 `{name}`（{size} 字节）超过 {max} 字节的上限"),
            format!("the workbook `{name}` ({size} bytes) is larger than the limit of {max} bytes"),
        ),
    )
}

fn refused(name: &str, format: SheetFormat, r: Refusal) -> Diagnostic {
    let kind = match format {
        SheetFormat::Xlsx => "xlsx",
        SheetFormat::Xls => "xls",
        SheetFormat::Ods => "ods",
        SheetFormat::Csv => "CSV",
    };
    match r {
        Refusal::Corrupt(why) => Diagnostic::error(
            Code::RecordSyntax,
            Text::new(
                format!("`{name}` 不是可以读取的 {kind} 文件（{why}）"),
                format!("`{name}` is not a readable {kind} file ({why})"),
            ),
        )
        .with_help(Text::new(
            "请在 Excel 或 WPS 中打开并另存为 .xlsx",
            "open it in Excel or WPS and save it as .xlsx",
        )),
        Refusal::TooLarge(why) => Diagnostic::error(
            Code::RecordTooLarge,
            Text::new(
                format!("无法读取 `{name}`：{}", why.zh),
                format!("cannot read `{name}`: {}", why.en),
            ),
        )
        .with_note(Text::new(
            "上限见 docs/limits.md",
            "the limits are in docs/limits.md",
        )),
        Refusal::Encoding(why) => Diagnostic::error(
            Code::InvalidUtf8,
            Text::new(
                format!("无法读取 `{name}`：{}", why.zh),
                format!("cannot read `{name}`: {}", why.en),
            ),
        ),
    }
}

/// The layout's sheets of `grids`, added to `map`, and the records.
fn communities(
    map: &mut SourceMap,
    name: &str,
    grids: &[Grid],
) -> Result<Vec<Community>, Vec<Diagnostic>> {
    let sheets: Vec<Sheet<'_>> = grids
        .iter()
        .filter_map(|g| {
            let role = Role::of(&g.name)?;
            Some(Sheet {
                role,
                grid: g,
                text: source::add(map, name, g),
            })
        })
        .collect();
    if sheets.is_empty() {
        // No sheet of the layout at all: not a record (a batch skips it).
        return Ok(Vec::new());
    }
    let mut layout = Layout::read(&sheets);
    if !layout.problems.is_empty() {
        let mut sink = Sink::default();
        for d in std::mem::take(&mut layout.problems) {
            sink.push(d);
        }
        return Err(sink.finish());
    }
    let first = sheets
        .iter()
        .find(|s| s.role == Role::Communities)
        .map(|s| s.text.file);
    let mut out = Vec::with_capacity(layout.communities.len());
    for i in 0..layout.communities.len() {
        let mut sink = layout
            .sinks
            .get_mut(i)
            .map(std::mem::take)
            .unwrap_or_default();
        let name = layout
            .communities
            .get(i)
            .map(|(n, _, _)| n.clone())
            .unwrap_or_default();
        let record = match (layout.tree(i, &mut sink), first) {
            (Some(tree), Some(file)) => {
                let len = map.get(file).map_or(0, |f| f.text.len());
                super::build::build(tree, file, len, &mut sink)
            }
            _ => None,
        };
        let loaded = match record {
            Some(mut r) if sink.is_empty() => {
                if let Some((_, span, _)) = layout.communities.get(i) {
                    r.span = *span;
                }
                Ok(r)
            }
            _ => Err(sink.finish()),
        };
        out.push(Community { name, loaded });
    }
    if out.is_empty() {
        let at = sheets
            .first()
            .map_or(Span::Synthetic, |s| s.text.span(0, 0));
        return Err(vec![msg::missing_key(
            at,
            "community",
            "社区",
            &Text::new("「社区一览」", "`社区一览`"),
        )]);
    }
    Ok(out)
}
