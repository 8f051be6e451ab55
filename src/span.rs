//! Source positions: every AST node, IR entry and diagnostic points back into
//! the text it came from through a [`Span`].
//!
//! A span is a byte range inside one file of the [`SourceMap`]. Nodes that the
//! compiler synthesises (and that therefore have no text) carry
//! [`Span::Synthetic`] — never a fake `0..0`.
//!
//! Spans compare equal to each other regardless of position, so that two ASTs
//! can be compared "spans aside" with plain `==` (the English and the Chinese
//! spelling of a procedure resolve to equal trees).

use std::fmt;
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file, or a marker for synthesised nodes.
#[derive(Clone, Copy, Debug, Eq)]
pub enum Span {
    /// `start..end` byte offsets (end exclusive) in `file`.
    Source { file: FileId, start: u32, end: u32 },
    /// Produced by the compiler, not written by anyone.
    Synthetic,
}

impl PartialEq for Span {
    /// Spans never make two nodes different: equality of AST and IR values is
    /// structural, "spans aside".
    fn eq(&self, _other: &Span) -> bool {
        true
    }
}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _state: &mut H) {}
}

impl Span {
    /// A span of `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span::Source {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The file this span lies in, if any.
    pub fn file(&self) -> Option<FileId> {
        match self {
            Span::Source { file, .. } => Some(*file),
            Span::Synthetic => None,
        }
    }

    /// `(start, end)` byte offsets, if the span has a source.
    pub fn range(&self) -> Option<(usize, usize)> {
        match self {
            Span::Source { start, end, .. } => Some((*start as usize, *end as usize)),
            Span::Synthetic => None,
        }
    }

    /// The smallest span covering both (used for phase hulls and compound nodes).
    /// A synthetic span yields the other one.
    pub fn to(&self, other: Span) -> Span {
        match (*self, other) {
            (
                Span::Source { file, start, end },
                Span::Source {
                    file: f2,
                    start: s2,
                    end: e2,
                },
            ) if file == f2 => Span::Source {
                file,
                start: start.min(s2),
                end: end.max(e2),
            },
            (Span::Synthetic, s) => s,
            (s, _) => s,
        }
    }

    /// Sort key: file, then start offset; synthetic spans sort last.
    pub fn sort_key(&self) -> (u32, u32, u32) {
        match self {
            Span::Source { file, start, end } => (file.0, *start, *end),
            Span::Synthetic => (u32::MAX, u32::MAX, u32::MAX),
        }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One loaded source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name the user gave (a path as typed on the command line).
    pub name: String,
    /// The full text.
    pub text: Arc<str>,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// The text as a report shows it, when it differs: control characters
    /// and bidirectional overrides replaced, offsets unchanged
    /// ([`crate::diag::sanitise::same_width`]).
    shown: Option<Arc<str>>,
    /// For the text that stands for one sheet of a workbook: which cell
    /// each offset lies in ([`SheetIndex`]).
    sheet: Option<Arc<SheetIndex>>,
}

/// Where the cells of one sheet lie in the text that stands for it
/// (`record::sheet`): line *n* of the text is row *n* of the sheet, and
/// each line lists the row's cells left to right. A span into that text is
/// a span into the sheet: a report names the cell (`候选人!B7`) instead of a
/// line and column of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetIndex {
    /// The sheet's name.
    pub sheet: String,
    /// Per line (0-based, = row − 1): `(column, byte offset in the text)`
    /// of each cell written on it, in column order.
    pub cells: Vec<Vec<(u32, u32)>>,
}

impl SheetIndex {
    /// `(row, column)`, both 0-based, of the cell at `offset` on 0-based
    /// `line`.
    fn cell(&self, line: usize, offset: usize) -> Option<(usize, u32)> {
        let row = self.cells.get(line)?;
        let i = row.partition_point(|&(_, start)| start as usize <= offset);
        let (col, _) = row.get(i.checked_sub(1)?)?;
        Some((line, *col))
    }
}

/// The spreadsheet name of a 0-based column: `A`, …, `Z`, `AA`, ….
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // `rem` < 26: the cast is lossless.
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl SourceFile {
    /// A file named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let shown = crate::diag::sanitise::same_width(&text).map(Arc::from);
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            shown,
            sheet: None,
        }
    }

    /// The text standing for one sheet of the workbook `name`, with where
    /// its cells lie.
    pub fn sheet(
        name: impl Into<String>,
        text: impl Into<Arc<str>>,
        index: SheetIndex,
    ) -> SourceFile {
        let mut file = SourceFile::new(name, text);
        file.sheet = Some(Arc::new(index));
        file
    }

    /// The sheet this text stands for, if it stands for one.
    pub fn sheet_name(&self) -> Option<&str> {
        self.sheet.as_deref().map(|s| s.sheet.as_str())
    }

    /// The cell at a byte offset of a sheet's text, as a spreadsheet names
    /// it: `候选人!B7`. `None` for any other file.
    pub fn cell_at(&self, offset: usize) -> Option<String> {
        let index = self.sheet.as_deref()?;
        let (row, col) = index.cell(self.line_index(offset), offset)?;
        Some(format!("{}!{}{}", index.sheet, column_name(col), row + 1))
    }

    /// Where an offset is, as a report heads a snippet: `name:line:column`,
    /// or `name 候选人!B7` in a sheet.
    pub fn place(&self, offset: usize) -> String {
        match self.cell_at(offset) {
            Some(cell) => format!("{} {cell}", self.name),
            None => {
                let (line, column) = self.line_col(offset);
                format!("{}:{line}:{column}", self.name)
            }
        }
    }

    /// The text as a report for people shows it: the same length and line
    /// starts, with nothing a terminal would act on.
    pub fn shown_text(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.text)
    }

    /// 1-based line and column (in characters) of a byte offset.
    /// In a sheet's text ([`SourceFile::sheet`]) the line is the row and the
    /// column the spreadsheet's column (`B` is 2).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if let Some(index) = self.sheet.as_deref() {
            if let Some((row, col)) = index.cell(self.line_index(offset), offset) {
                return (row + 1, col as usize + 1);
            }
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    /// The 0-based line that holds a byte offset (a binary search over the
    /// line starts computed once, when the file was loaded).
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset.min(self.text.len())) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte offset where 0-based `line` starts (the end of the text past
    /// the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text a span covers (empty for synthetic or out-of-range spans).
    pub fn slice(&self, span: Span) -> &str {
        span.range()
            .and_then(|(s, e)| self.text.get(s..e))
            .unwrap_or("")
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        self.add_file(SourceFile::new(name, text))
    }

    /// Adds a file made otherwise (a sheet's text: [`SourceFile::sheet`]).
    pub fn add_file(&mut self, file: SourceFile) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(file);
        id
    }

    /// The cell a span starts in, when it points into a sheet
    /// (`候选人!B7`).
    pub fn cell(&self, span: Span) -> Option<String> {
        let (file, start) = match span {
            Span::Source { file, start, .. } => (file, start as usize),
            Span::Synthetic => return None,
        };
        self.get(file)?.cell_at(start)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Every file with its id, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(clamp_u32(i)), f))
    }

    /// `(file name, line, column)` of the start of a span.
    pub fn locate(&self, span: Span) -> Option<(&str, usize, usize)> {
        let (file, start) = match span {
            Span::Source { file, start, .. } => (file, start as usize),
            Span::Synthetic => return None,
        };
        let f = self.get(file)?;
        let (line, col) = f.line_col(start);
        Some((f.name.as_str(), line, col))
    }
}

impl fmt::Display for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a.hj", "程序 甲 {\n  阶段 乙 {}\n}");
        assert_eq!(f.line_col(0), (1, 1));
        let off = f.text.find('乙').unwrap_or(0);
        assert_eq!(f.line_col(off), (2, 6));
    }

    #[test]
    fn cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        let index = SheetIndex {
            sheet: "候选人".into(),
            cells: vec![vec![(0, 0), (1, 9)], vec![(0, 17), (3, 26)]],
        };
        let f = SourceFile::sheet("d.xlsx", "姓名 | 职务\n胡可 | 主任\n", index);
        assert_eq!(f.cell_at(0).as_deref(), Some("候选人!A1"));
        assert_eq!(f.cell_at(10).as_deref(), Some("候选人!B1"));
        assert_eq!(f.cell_at(27).as_deref(), Some("候选人!D2"));
        assert_eq!(f.place(27), "d.xlsx 候选人!D2");
        assert_eq!(SourceFile::new("a.toml", "x").place(0), "a.toml:1:1");
    }

    #[test]
    fn hull_and_equality() {
        let a = Span::new(FileId(0), 3, 5);
        let b = Span::new(FileId(0), 10, 12);
        assert_eq!(a.to(b).range(), Some((3, 12)));
        assert_eq!(a, b, "spans never make nodes differ");
        assert_eq!(Span::Synthetic.to(a).range(), Some((3, 5)));
    }
}
