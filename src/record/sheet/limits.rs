//! The bounds on a workbook (docs/limits.md). A workbook over any of them
//! is refused (HJ606, exit 2) while it is read, before it fills memory.

/// The largest workbook or CSV file read, in bytes (16 MiB).
pub const MAX_WORKBOOK_BYTES: usize = 16 * 1024 * 1024;

/// The most an `.xlsx` may unpack to, by the sizes its zip archive
/// declares (128 MiB): a zip bomb is refused before it is opened.
pub const MAX_UNZIPPED_BYTES: usize = 128 * 1024 * 1024;

/// The most cells that are not empty, over all sheets of a workbook.
pub const MAX_CELLS: usize = 1_000_000;

/// The most rows of a sheet (a cell in a later row refuses the workbook).
pub const MAX_ROWS: usize = 100_000;

/// The most columns of a sheet.
pub const MAX_COLUMNS: usize = 256;

/// The longest text of a cell, in characters; a longer one is HJ621.
pub const MAX_CELL_CHARS: usize = 1_000;

/// How much of a cell a report shows, in characters.
pub const MAX_SHOWN_CHARS: usize = 80;
