//! Reading a workbook's sheets into plain grids of cells: `.xlsx` cell by
//! cell (calamine's streaming reader, so a sheet's declared size costs
//! nothing), `.xls` and `.ods` through calamine's ranges. Every bound of
//! docs/limits.md is enforced here, while reading: the cells of a
//! workbook, the rows and columns of a sheet. Formulas are kept with their
//! cells (the cached result is the value read), merged regions and hidden
//! sheets are kept for the layout to refuse.

use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED_BYTES};
use calamine::{Data, DataRef, ExcelDateTime, Reader, SheetType, SheetVisible};
use std::io::Cursor;

/// One cell's value as the spreadsheet stores it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A cell the spreadsheet formats as a date or time: the day (when the
    /// serial is one) and the time of day.
    Date {
        ymd: Option<(i32, u32, u32)>,
        hms: (u32, u32, u32),
    },
    /// An error value (`#DIV/0!`, `#REF!`).
    Error(String),
}

/// One sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Grid {
    pub name: String,
    pub hidden: bool,
    /// Per row (0-based), its non-empty cells `(column, value)` in column
    /// order.
    pub rows: Vec<Vec<(u32, Cell)>>,
    /// Merged regions, `((row, col), (row, col))` inclusive.
    pub merged: Vec<((u32, u32), (u32, u32))>,
    /// Cells holding a formula: `(row, col, formula)`.
    pub formulas: Vec<(u32, u32, String)>,
}

/// Why a workbook cannot be read at all.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Refusal {
    /// Not a workbook of that kind (the reader's words).
    Corrupt(String),
    /// Over a bound of docs/limits.md: which, in both languages.
    TooLarge(crate::diag::Text),
    /// A CSV file in an encoding not read: which, in both languages.
    Encoding(crate::diag::Text),
}

/// Cells read so far, against [`MAX_CELLS`].
#[derive(Default)]
pub(crate) struct Budget {
    cells: usize,
}

impl Budget {
    /// Puts a cell in `grid`, or refuses past a bound.
    pub(crate) fn place(
        &mut self,
        grid: &mut Grid,
        row: u32,
        col: u32,
        cell: Cell,
    ) -> Result<(), Refusal> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if row as usize >= MAX_ROWS || col as usize >= MAX_COLUMNS {
            return Err(Refusal::TooLarge(crate::diag::Text::new(
                format!(
                    "工作表「{}」超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列",
                    grid.name
                ),
                format!(
                    "the sheet `{}` has more than {MAX_ROWS} rows or {MAX_COLUMNS} columns",
                    grid.name
                ),
            )));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(Refusal::TooLarge(crate::diag::Text::new(
                format!("工作簿的非空单元格超过 {MAX_CELLS} 个"),
                format!("the workbook has more than {MAX_CELLS} cells that are not empty"),
            )));
        }
        let r = row as usize;
        if grid.rows.len() <= r {
            grid.rows.resize_with(r + 1, Vec::new);
        }
        if let Some(cells) = grid.rows.get_mut(r) {
            cells.push((col, cell));
        }
        Ok(())
    }
}

fn corrupt(e: impl std::fmt::Display) -> Refusal {
    Refusal::Corrupt(e.to_string())
}

fn date_cell(d: &ExcelDateTime) -> Cell {
    if d.is_duration() {
        return Cell::Float(d.as_f64());
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    // A serial under 1 is a time of day alone.
    let ymd = (d.as_f64() >= 1.0).then_some((i32::from(y), u32::from(mo), u32::from(day)));
    Cell::Date {
        ymd,
        hms: (u32::from(h), u32::from(mi), u32::from(s)),
    }
}

fn iso_cell(s: &str) -> Cell {
    match crate::record::tree::parse_datetime(s) {
        Some(dt) => Cell::Date {
            ymd: dt.date,
            hms: dt.time.unwrap_or((0, 0, 0)),
        },
        None => Cell::Text(s.to_string()),
    }
}

fn from_ref(d: DataRef<'_>) -> Cell {
    match d {
        DataRef::Int(n) => Cell::Int(n),
        DataRef::Float(f) => Cell::Float(f),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(d) => date_cell(&d),
        DataRef::DateTimeIso(s) => iso_cell(&s),
        DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(n) => Cell::Int(*n),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date_cell(d),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// Refuses an `.xlsx` (a zip archive) whose parts would unpack to more
/// than [`MAX_UNZIPPED_BYTES`]: calamine reads the shared strings whole,
/// so a zip bomb must be stopped before it is opened. The sizes are those
/// the archive declares.
fn unzipped_size(bytes: &[u8]) -> Result<(), Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(corrupt)?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNZIPPED_BYTES as u64 {
        return Err(Refusal::TooLarge(crate::diag::Text::new(
            format!("工作簿解压后超过 {MAX_UNZIPPED_BYTES} 字节"),
            format!("the workbook unpacks to more than {MAX_UNZIPPED_BYTES} bytes"),
        )));
    }
    Ok(())
}

/// The worksheets of an `.xlsx` workbook, cell by cell.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Grid>, Refusal> {
    unzipped_size(bytes)?;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(corrupt)?;
    let sheets = book.sheets_metadata().to_vec();
    let mut budget = Budget::default();
    let mut out = Vec::new();
    for sheet in sheets.iter().filter(|s| s.typ == SheetType::WorkSheet) {
        let mut grid = Grid {
            name: sheet.name.clone(),
            hidden: sheet.visible != SheetVisible::Visible,
            ..Grid::default()
        };
        {
            let mut cells = book.worksheet_cells_reader(&sheet.name).map_err(corrupt)?;
            while let Some(cell) = cells.next_cell().map_err(corrupt)? {
                let (row, col) = cell.get_position();
                let value = from_ref(cell.get_value().clone());
                budget.place(&mut grid, row, col, value)?;
            }
        }
        {
            let mut cells = book.worksheet_cells_reader(&sheet.name).map_err(corrupt)?;
            while let Some(f) = cells.next_formula().map_err(corrupt)? {
                if !f.get_value().is_empty() && grid.formulas.len() < MAX_CELLS {
                    let (row, col) = f.get_position();
                    grid.formulas.push((row, col, f.get_value().clone()));
                }
            }
        }
        if let Some(merged) = book.worksheet_merge_cells(&sheet.name) {
            grid.merged = merged
                .map_err(corrupt)?
                .into_iter()
                .map(|d| (d.start, d.end))
                .collect();
        }
        finish(&mut grid);
        out.push(grid);
    }
    Ok(out)
}

/// The worksheets of an `.xls` (`ods` false) or `.ods` workbook.
pub(crate) fn read_ranges(bytes: &[u8], ods: bool) -> Result<Vec<Grid>, Refusal> {
    let cursor = Cursor::new(bytes);
    let mut book: calamine::Sheets<_> = if ods {
        calamine::Sheets::Ods(calamine::Ods::new(cursor).map_err(corrupt)?)
    } else {
        calamine::Sheets::Xls(calamine::Xls::new(cursor).map_err(corrupt)?)
    };
    let sheets = book.sheets_metadata().to_vec();
    let mut budget = Budget::default();
    let mut out = Vec::new();
    for sheet in sheets.iter().filter(|s| s.typ == SheetType::WorkSheet) {
        let mut grid = Grid {
            name: sheet.name.clone(),
            hidden: sheet.visible != SheetVisible::Visible,
            ..Grid::default()
        };
        let range = book.worksheet_range(&sheet.name).map_err(corrupt)?;
        for (row, col, value) in range.used_cells() {
            let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) else {
                continue;
            };
            let (r0, c0) = range.start().unwrap_or((0, 0));
            budget.place(&mut grid, row + r0, col + c0, from_data(value))?;
        }
        if let Ok(formulas) = book.worksheet_formula(&sheet.name) {
            let (r0, c0) = formulas.start().unwrap_or((0, 0));
            for (row, col, f) in formulas.used_cells() {
                if let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) {
                    if grid.formulas.len() < MAX_CELLS {
                        grid.formulas.push((row + r0, col + c0, f.clone()));
                    }
                }
            }
        }
        if let calamine::Sheets::Xls(xls) = &book {
            if let Some(merged) = xls.worksheet_merge_cells(&sheet.name) {
                grid.merged = merged.into_iter().map(|d| (d.start, d.end)).collect();
            }
        }
        finish(&mut grid);
        out.push(grid);
    }
    Ok(out)
}

/// Each row's cells in column order (a reader may give them otherwise).
pub(crate) fn finish(grid: &mut Grid) {
    for row in &mut grid.rows {
        row.sort_by_key(|(col, _)| *col);
        row.dedup_by_key(|(col, _)| *col);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_refuses_past_the_bounds() {
        let mut grid = Grid::default();
        let mut budget = Budget::default();
        let far = u32::try_from(MAX_ROWS).unwrap_or(u32::MAX);
        assert!(budget.place(&mut grid, 0, 0, Cell::Int(1)).is_ok());
        assert!(budget.place(&mut grid, 3, 2, Cell::Empty).is_ok());
        assert_eq!(grid.rows.len(), 1, "empty cells take no room");
        assert!(matches!(
            budget.place(&mut grid, far, 0, Cell::Int(1)),
            Err(Refusal::TooLarge(_))
        ));
        budget.cells = MAX_CELLS;
        assert!(matches!(
            budget.place(&mut grid, 1, 0, Cell::Int(1)),
            Err(Refusal::TooLarge(_))
        ));
    }

    #[test]
    fn garbage_is_refused_not_panicked_on() {
        for junk in [&b""[..], b"PK\x03\x04 not really", b"\xd0\xcf\x11\xe0 junk"] {
            assert!(matches!(read_xlsx(junk), Err(Refusal::Corrupt(_))));
            assert!(matches!(read_ranges(junk, true), Err(Refusal::Corrupt(_))));
            assert!(matches!(read_ranges(junk, false), Err(Refusal::Corrupt(_))));
        }
    }
}
