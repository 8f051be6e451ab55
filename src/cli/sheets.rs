//! Spreadsheets in a `check` batch: a workbook (`.xlsx`, `.xls`, `.ods`)
//! is read once and gives one record per community, each checked and
//! reported like a record file, named `district.xlsx#新河社区`. CSV files
//! are the sheets of the workbook their folder stands for (`候选人.csv`,
//! `计票.csv` …): the first CSV of a folder stands for them all.

use super::check::{judge, Ctx, Outcome};
use super::{Global, Status};
use crate::diag::{Code, Diagnostic, Lang, Text};
use crate::record::sheet::{self, limits::MAX_WORKBOOK_BYTES, SheetFormat};
use crate::record::{Loaded, Record};
use crate::resolve::Procedure;
use crate::span::SourceMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Whether a path names a spreadsheet (by its extension).
pub(super) fn is_sheet(path: &Path) -> bool {
    path.to_str()
        .or_else(|| path.extension().and_then(|e| e.to_str()))
        .and_then(SheetFormat::of_name)
        .is_some()
}

fn is_csv(path: &Path) -> bool {
    path.to_str().and_then(SheetFormat::of_name) == Some(SheetFormat::Csv)
}

/// Keeps the first CSV path of each folder: it stands for the folder's
/// workbook.
pub(super) fn one_per_csv_folder(paths: &mut Vec<PathBuf>) {
    let mut seen: Vec<PathBuf> = Vec::new();
    paths.retain(|p| {
        if !is_csv(p) {
            return true;
        }
        let folder = p.parent().map(Path::to_path_buf).unwrap_or_default();
        if seen.contains(&folder) {
            return false;
        }
        seen.push(folder);
        true
    });
}

/// The bytes of a file, bounded by [`MAX_WORKBOOK_BYTES`] (one byte more
/// is read, for the loader to refuse).
fn bytes(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let name = path.display().to_string();
    let unreadable = |why: Text| {
        Box::new(Diagnostic::error(
            Code::Unreadable,
            Text::new(
                format!("无法读取工作簿 `{name}`：{}", why.zh),
                format!("cannot read the workbook `{name}`: {}", why.en),
            ),
        ))
    };
    let file = super::input::open_regular(path).map_err(|e| unreadable(e.reason()))?;
    let mut out = Vec::new();
    file.take(MAX_WORKBOOK_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| unreadable(Text::new(format!("读取失败（{e}）"), e.to_string())))?;
    Ok(out)
}

/// The CSV files of the folder of `path` that are sheets of the layout,
/// as `(sheet, bytes)`, in name order.
fn csv_folder(path: &Path) -> Result<Vec<(String, Vec<u8>)>, Box<Diagnostic>> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_csv(p))
                .collect()
        })
        .unwrap_or_else(|_| vec![path.to_path_buf()]);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let stem = sheet::stem(&f.display().to_string());
        out.push((stem, bytes(&f)?));
    }
    Ok(out)
}

/// Checks every community of the workbook at `path`.
pub(super) fn workbook(ctx: &Ctx<'_>, path: &Path) -> Vec<Outcome> {
    let name = if is_csv(path) {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        format!("{}/*.csv", folder.unwrap_or(Path::new(".")).display())
    } else {
        path.display().to_string()
    };
    let mut map = ctx.base.clone();
    let loaded = if is_csv(path) {
        csv_folder(path)
            .map_err(|d| vec![*d])
            .and_then(|files| sheet::load_csv(&mut map, &name, &files))
    } else {
        let format = path
            .to_str()
            .and_then(SheetFormat::of_name)
            .unwrap_or(SheetFormat::Xlsx);
        bytes(path)
            .map_err(|d| vec![*d])
            .and_then(|b| sheet::load_workbook(&mut map, &name, format, &b))
    };
    match loaded {
        Ok(communities) if communities.is_empty() => vec![Outcome::Skipped(
            name,
            Text::new(
                "工作簿中没有记录所用的工作表（社区一览、阶段与日期 …），不是选举记录",
                "the workbook has none of the record's sheets (社区一览, 阶段与日期 …): not an election record",
            ),
        )],
        Ok(communities) => communities
            .into_iter()
            .map(|c| {
                let loaded = c.loaded.map(|r| Loaded::Record(Box::new(r)));
                judge(ctx, format!("{name}#{}", c.name), &map, loaded)
            })
            .collect(),
        Err(diags) => vec![judge(ctx, name, &map, Err(diags))],
    }
}

/// The values of a record read from the way people write them, for
/// `check --verbose`: one line each, `where: written → read (how)`.
pub(super) fn normalised_lines(record: &Record, map: &SourceMap, lang: Lang) -> String {
    if record.normalised.is_empty() {
        return String::new();
    }
    let mut out = match lang {
        Lang::Zh => "  按常见写法读取的值（记录本身未改动）：\n".to_string(),
        Lang::En => {
            "  values read from the way people write them (the record is unchanged):\n".to_string()
        }
    };
    for n in &record.normalised {
        // The cell of a sheet (`事实!B2`), else `file:line:column`.
        let file = n.span.file().and_then(|f| map.get(f));
        let start = n.span.range().map_or(0, |(s, _)| s);
        let place = map
            .cell(n.span)
            .or_else(|| file.map(|f| f.place(start)))
            .unwrap_or_default();
        out.push_str(&format!(
            "    {place}  {} → {}（{}）\n",
            n.written,
            n.read,
            n.how.get(lang)
        ));
    }
    crate::diag::sanitise::for_terminal(&out).into_owned()
}

/// Writes `bytes` to `path`; a failure is HJ001 on stderr (exit 2).
pub(super) fn write_file(path: &Path, bytes: &[u8], global: &Global) -> Status {
    match std::fs::write(path, bytes) {
        Ok(()) => Status::Ok,
        Err(e) => {
            let name = path.display();
            refuse(
                Text::new(
                    format!("无法写入 `{name}`：{e}"),
                    format!("cannot write `{name}`: {e}"),
                ),
                global,
            )
        }
    }
}

/// Says `message` on stderr (HJ001) and gives exit status 2.
fn refuse(message: Text, global: &Global) -> Status {
    let d = Diagnostic::error(Code::Unreadable, message);
    super::output::emit(
        &[d],
        &SourceMap::new(),
        super::output::Format::Human,
        global,
    );
    Status::BadInput
}

/// `template --format xlsx -o FILE`: the fill-in workbook of `proc`.
pub(super) fn write_template(proc: &Procedure, path: Option<&Path>, global: &Global) -> Status {
    let Some(path) = path else {
        return refuse(
            Text::new(
                "xlsx 模板是二进制文件，请用 -o 文件名.xlsx 指定写入的文件",
                "an xlsx template is a binary file: name the file to write with -o FILE.xlsx",
            ),
            global,
        );
    };
    match sheet::template_workbook(proc) {
        Ok(bytes) => write_file(path, &bytes, global),
        Err(e) => refuse(
            Text::new(
                format!("无法生成工作簿：{e}"),
                format!("cannot make the workbook: {e}"),
            ),
            global,
        ),
    }
}
