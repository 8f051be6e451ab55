//! A CSV file as one sheet (the `csv` crate reads the quoting). Its text
//! is UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
//! mark, or GB18030 — which covers GBK and GB2312, what Excel and WPS
//! write on a Chinese Windows (`encoding_rs`). Anything else is refused,
//! naming the encodings tried. Every cell is text; the layout reads
//! numbers, dates and yes/no from it as from a spreadsheet's text cells.

use super::grid::{Budget, Cell, Grid, Refusal};
use crate::diag::Text;
use std::borrow::Cow;

/// The encoding a CSV file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
    Gb18030,
}

/// The text of a CSV file and its encoding, or why it cannot be read.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), Refusal> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or(&[]));
        if had_errors {
            return Err(Refusal::Corrupt(format!(
                "the byte-order mark says {}, but the text is not",
                enc.name()
            )));
        }
        let which = if enc == encoding_rs::UTF_8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        return Ok((text, which));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), Encoding::Utf8));
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text, Encoding::Gb18030)),
        None => Err(Refusal::Encoding(Text::new(
            "文件既不是 UTF-8 编码，也不是 GB18030（GBK）编码；请另存为“CSV UTF-8”",
            "the file is neither UTF-8 nor GB18030 (GBK); save it as \"CSV UTF-8\"",
        ))),
    }
}

/// The sheet `name` from the text of a CSV file.
pub(crate) fn read(text: &str, name: &str, budget: &mut Budget) -> Result<Grid, Refusal> {
    let mut grid = Grid {
        name: name.to_string(),
        ..Grid::default()
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // The row is the line the record starts on, counted from its byte
    // offset: blank lines, which the reader skips, are rows too.
    let (mut seen, mut line) = (0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| Refusal::Corrupt(e.to_string()))?;
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(seen)
            .clamp(seen, text.len());
        // The reader may count the blank lines before a record as its start.
        let blank = text.as_bytes().get(start..).map_or(0, |b| {
            b.iter().take_while(|c| matches!(c, b'\n' | b'\r')).count()
        });
        let start = start + blank;
        line += text
            .as_bytes()
            .get(seen..start)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        seen = start;
        let row = u32::try_from(line).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            if !field.is_empty() {
                budget.place(&mut grid, row, col, Cell::Text(field.to_string()))?;
            }
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected_or_refused() {
        let utf8 = "社区,街道\n新河社区,新河街道\n";
        assert_eq!(
            decode(utf8.as_bytes()).ok().map(|d| d.1),
            Some(Encoding::Utf8)
        );
        let bom: Vec<u8> = [&[0xEF, 0xBB, 0xBF][..], utf8.as_bytes()].concat();
        let (text, enc) = decode(&bom).unwrap_or((Cow::Borrowed(""), Encoding::Utf16));
        assert_eq!((text.as_ref(), enc), (utf8, Encoding::Utf8));
        let (gbk, _, _) = encoding_rs::GBK.encode(utf8);
        let (text, enc) = decode(&gbk).unwrap_or((Cow::Borrowed(""), Encoding::Utf8));
        assert_eq!((text.as_ref(), enc), (utf8, Encoding::Gb18030));
        // A lone lead byte is neither UTF-8 nor GB18030.
        assert!(matches!(decode(b"a,\x81\n"), Err(Refusal::Encoding(_))));
    }

    #[test]
    fn quoted_fields_and_ragged_rows() {
        let mut budget = Budget::default();
        let grid = read("a,\"b,c\"\n\nd\n", "x", &mut budget).unwrap_or_default();
        assert_eq!(
            grid.rows,
            vec![
                vec![(0, Cell::Text("a".into())), (1, Cell::Text("b,c".into()))],
                vec![],
                vec![(0, Cell::Text("d".into()))]
            ]
        );
    }
}
