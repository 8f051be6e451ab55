//! A cell as a value of the record tree: what a spreadsheet stores read
//! the way TOML values are read, with the cell's span. Text cells are read
//! as people type them (a number stored as text, `是`/`否`), a number with
//! no fraction is a whole number (spreadsheets store every number as a
//! float), a date cell is a date; every reading that changes what was
//! written is noted for `check --verbose`. Cells that hold no usable value
//! (an error value, a formula with no saved result, over-long text) are
//! HJ621 and read as blank.

use super::grid::Cell;
use super::limits::MAX_CELL_CHARS;
use crate::diag::{Code, Diagnostic, Text};
use crate::record::lenient::{self, Lenient};
use crate::record::msg::Sink;
use crate::record::tree::{Datetime, Kind, Node};
use crate::span::Span;
use std::borrow::Cow;

/// HJ621 at a cell.
pub(crate) fn unusable(span: Span, message: Text, label: Text, help: Text) -> Diagnostic {
    Diagnostic::error(Code::UnusableCell, message)
        .with_label(span, label)
        .with_help(help)
}

/// The value of `cell` at `span`; `formula` is the cell's formula, if it
/// has one.
pub(crate) fn node(
    cell: &Cell,
    formula: Option<&str>,
    span: Span,
    sink: &mut Sink,
) -> Node<'static> {
    if let Some(f) = formula {
        if matches!(cell, Cell::Empty) {
            sink.push(unusable(
                span,
                Text::new(
                    format!("单元格中的公式 `={f}` 没有保存的计算结果"),
                    format!("the formula `={f}` in this cell has no saved result"),
                ),
                Text::new("公式没有结果", "no result"),
                Text::new(
                    "在 Excel 或 WPS 中打开并保存工作簿（保存时会计算公式），或直接填写数值",
                    "open and save the workbook in Excel or WPS (saving computes formulas), or type the value",
                ),
            ));
            return Node::new(Kind::Null, span);
        }
        let node = value(cell, span, sink);
        if !matches!(node.kind, Kind::Null) {
            sink.note_normalised(
                span,
                &format!("={f}"),
                super::source::shown(cell),
                Text::new("公式保存的计算结果", "the result the formula saved"),
            );
        }
        return node;
    }
    value(cell, span, sink)
}

fn value(cell: &Cell, span: Span, sink: &mut Sink) -> Node<'static> {
    let kind = match cell {
        Cell::Empty => Kind::Null,
        Cell::Text(s) => return text(s, span, sink),
        Cell::Int(n) => Kind::Int(*n),
        Cell::Float(f) => whole(*f).map_or(Kind::Float(*f), Kind::Int),
        Cell::Bool(b) => Kind::Bool(*b),
        Cell::Date {
            ymd: Some(ymd),
            hms,
        } => {
            if *hms == (0, 0, 0) {
                let (y, m, d) = *ymd;
                sink.note_normalised(
                    span,
                    &super::source::shown(cell),
                    format!("{y:04}-{m:02}-{d:02}"),
                    Text::new("电子表格的日期单元格", "a date cell of the spreadsheet"),
                );
            }
            Kind::Datetime(Datetime {
                date: Some(*ymd),
                time: (*hms != (0, 0, 0)).then_some(*hms),
                offset: false,
            })
        }
        Cell::Date { ymd: None, hms } => Kind::Datetime(Datetime {
            date: None,
            time: Some(*hms),
            offset: false,
        }),
        Cell::Error(e) => {
            sink.push(unusable(
                span,
                Text::new(
                    format!("单元格是错误值 `{e}`，没有可用的数据"),
                    format!("the cell holds the error value `{e}`, not data"),
                ),
                Text::new("错误值", "error value"),
                Text::new(
                    "改正产生错误的公式，或直接填写数值",
                    "fix the formula that gives the error, or type the value",
                ),
            ));
            Kind::Null
        }
    };
    Node::new(kind, span)
}

/// A float with no fraction, as a whole number (`3186.0`).
fn whole(f: f64) -> Option<i64> {
    // The bounds are exact powers of two, so the comparison is exact.
    let in_range = (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f);
    // `as` is exact here: `f` is whole and within i64.
    (f.fract() == 0.0 && in_range).then_some(f as i64)
}

/// A text cell: blank, yes/no, a number stored as text, or text.
fn text(s: &str, span: Span, sink: &mut Sink) -> Node<'static> {
    let t = s.trim();
    if t.is_empty() {
        return Node::new(Kind::Null, span);
    }
    if t.chars().nth(MAX_CELL_CHARS).is_some() {
        sink.push(unusable(
            span,
            Text::new(
                format!("单元格中的文本超过 {MAX_CELL_CHARS} 个字符"),
                format!("the cell holds more than {MAX_CELL_CHARS} characters of text"),
            ),
            Text::new("文本过长", "too long"),
            Text::new(
                "记录中的值（姓名、职务、原因等）都是简短的文本；请检查是否粘贴错了内容",
                "the values of a record (names, positions, reasons) are short; check what was pasted here",
            ),
        ));
        return Node::new(Kind::Null, span);
    }
    let yes_no = match t {
        "是" | "TRUE" | "True" => Some(true),
        "否" | "FALSE" | "False" => Some(false),
        _ => None,
    };
    if let Some(b) = yes_no {
        if !matches!(t, "TRUE" | "FALSE") {
            let how = Text::new("是/否读作真假值", "yes/no read as a boolean");
            sink.note_normalised(span, t, b.to_string(), how);
        }
        return Node::new(Kind::Bool(b), span);
    }
    if let Lenient::Normalised(n) = lenient::count(t) {
        if let Ok(n) = i64::try_from(n) {
            if !t.bytes().all(|b| b.is_ascii_digit()) {
                let how = Text::new("文本中的数字", "a number in text");
                sink.note_normalised(span, t, n.to_string(), how);
            }
            return Node::new(Kind::Int(n), span);
        }
    }
    Node::new(Kind::Str(Cow::Owned(s.to_string())), span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cell: &Cell, formula: Option<&str>) -> (Kind<'static>, usize, usize) {
        let mut sink = Sink::default();
        let node = node(cell, formula, Span::Synthetic, &mut sink);
        let notes = sink.normalised.len();
        (node.kind, sink.finish().len(), notes)
    }

    #[test]
    fn cells_read_as_people_mean_them() {
        assert_eq!(read(&Cell::Float(3186.0), None), (Kind::Int(3186), 0, 0));
        assert_eq!(
            read(&Cell::Text("3,186".into()), None),
            (Kind::Int(3186), 0, 1)
        );
        assert_eq!(
            read(&Cell::Text("3186".into()), None),
            (Kind::Int(3186), 0, 0)
        );
        assert_eq!(
            read(&Cell::Text("是".into()), None),
            (Kind::Bool(true), 0, 1)
        );
        assert_eq!(read(&Cell::Text("  ".into()), None), (Kind::Null, 0, 0));
        assert!(matches!(read(&Cell::Float(2.5), None).0, Kind::Float(_)));
        let date = Cell::Date {
            ymd: Some((2021, 1, 7)),
            hms: (0, 0, 0),
        };
        assert!(matches!(read(&date, None), (Kind::Datetime(_), 0, 1)));
    }

    #[test]
    fn hostile_cells_are_reported_and_blank() {
        assert_eq!(
            read(&Cell::Error("#DIV/0!".into()), None),
            (Kind::Null, 1, 0)
        );
        assert_eq!(read(&Cell::Empty, Some("SUM(B2:B4)")), (Kind::Null, 1, 0));
        let long = Cell::Text("x".repeat(MAX_CELL_CHARS + 1));
        assert_eq!(read(&long, None), (Kind::Null, 1, 0));
        assert_eq!(read(&Cell::Int(7), Some("3+4")), (Kind::Int(7), 0, 1));
    }
}
