//! The text that stands for a sheet in the [`SourceMap`], so that a cell
//! has a span like any value of a TOML record: line *n* is row *n*, each
//! line lists the row's cells left to right (` | ` between them), and the
//! [`SheetIndex`] maps offsets back to cells. A report then shows the row
//! as its snippet and names the cell (`候选人!B7`); see
//! docs/design/sheets.md for why a text rather than a new kind of span.

use super::grid::{Cell, Grid};
use super::limits::MAX_SHOWN_CHARS;
use crate::span::{FileId, SheetIndex, SourceFile, SourceMap, Span};

const SEPARATOR: &str = " | ";

/// Where each cell of a sheet lies in its text.
#[derive(Clone, Debug)]
pub(crate) struct SheetText {
    pub file: FileId,
    /// Per row: `(start, end)` of each column up to the widest row's last.
    spans: Vec<Vec<(u32, u32)>>,
}

impl SheetText {
    /// The span of the cell at 0-based `row`, `col` (empty for an empty
    /// cell; at the end of its row past the last column).
    pub fn span(&self, row: u32, col: u32) -> Span {
        let line = self.spans.get(row as usize);
        let at = line.and_then(|l| l.get(col as usize).or(l.last()));
        match at {
            Some(&(start, end)) if line.and_then(|l| l.get(col as usize)).is_some() => {
                Span::new(self.file, start as usize, end as usize)
            }
            Some(&(_, end)) => Span::new(self.file, end as usize, end as usize),
            None => Span::Synthetic,
        }
    }

    /// The span of a whole row.
    pub fn row(&self, row: u32) -> Span {
        let line = self.spans.get(row as usize);
        match (line.and_then(|l| l.first()), line.and_then(|l| l.last())) {
            (Some(&(s, _)), Some(&(_, e))) => Span::new(self.file, s as usize, e as usize),
            _ => Span::Synthetic,
        }
    }
}

/// A cell as the snippet of a report shows it: on one line, cut at
/// [`MAX_SHOWN_CHARS`].
pub(crate) fn shown(cell: &Cell) -> String {
    let text = match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Float(f) => f.to_string(),
        Cell::Bool(true) => "TRUE".to_string(),
        Cell::Bool(false) => "FALSE".to_string(),
        Cell::Date { ymd, hms } => {
            let (h, mi, s) = *hms;
            match ymd {
                Some((y, m, d)) if *hms == (0, 0, 0) => format!("{y:04}-{m:02}-{d:02}"),
                Some((y, m, d)) => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
                None => format!("{h:02}:{mi:02}"),
            }
        }
        Cell::Error(e) => e.clone(),
    };
    let mut out: String = text
        .chars()
        .take(MAX_SHOWN_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(MAX_SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Adds the text of `grid` (from workbook `name`) to `map`.
pub(crate) fn add(map: &mut SourceMap, name: &str, grid: &Grid) -> SheetText {
    let width = grid
        .rows
        .iter()
        .filter_map(|r| r.last().map(|(c, _)| *c as usize + 1))
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    let mut spans = Vec::with_capacity(grid.rows.len());
    let mut index = SheetIndex {
        sheet: grid.name.clone(),
        cells: Vec::with_capacity(grid.rows.len()),
    };
    let empty = Cell::Empty;
    for row in &grid.rows {
        let mut line = Vec::with_capacity(width);
        let mut starts = Vec::with_capacity(width);
        let mut cells = row.iter().peekable();
        for col in 0..width {
            if col > 0 {
                text.push_str(SEPARATOR);
            }
            let cell = match cells.peek() {
                Some((c, cell)) if *c as usize == col => {
                    cells.next();
                    cell
                }
                _ => &empty,
            };
            let start = text.len();
            text.push_str(&shown(cell));
            let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            line.push((at(start), at(text.len())));
            starts.push((u32::try_from(col).unwrap_or(u32::MAX), at(start)));
        }
        text.push('\n');
        spans.push(line);
        index.cells.push(starts);
    }
    let file = map.add_file(SourceFile::sheet(name, text, index));
    SheetText { file, spans }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_name_their_cells() {
        let grid = Grid {
            name: "候选人".into(),
            rows: vec![
                vec![
                    (0, Cell::Text("姓名".into())),
                    (1, Cell::Text("职务".into())),
                ],
                vec![],
                vec![(1, Cell::Int(3))],
            ],
            ..Grid::default()
        };
        let mut map = SourceMap::new();
        let sheet = add(&mut map, "d.xlsx", &grid);
        assert_eq!(map.cell(sheet.span(2, 1)).as_deref(), Some("候选人!B3"));
        assert_eq!(map.cell(sheet.span(0, 0)).as_deref(), Some("候选人!A1"));
        assert_eq!(map.cell(sheet.span(2, 0)).as_deref(), Some("候选人!A3"));
        let f = map.get(sheet.file);
        assert_eq!(f.map(|f| f.slice(sheet.span(2, 1))), Some("3"));
        assert_eq!(map.locate(sheet.span(2, 1)), Some(("d.xlsx", 3, 2)));
    }

    #[test]
    fn long_and_multiline_text_is_shown_on_one_line_cut_short() {
        let long = "长".repeat(MAX_SHOWN_CHARS + 5);
        let s = shown(&Cell::Text(long));
        assert_eq!(s.chars().count(), MAX_SHOWN_CHARS + 1);
        assert_eq!(shown(&Cell::Text("a\nb".into())), "a b");
    }
}
