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
        }
    }

    /// The text as a report for people shows it: the same length and line
    /// starts, with nothing a terminal would act on.
    pub fn shown_text(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.text)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
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
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(SourceFile::new(name, text));
        id
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
    fn hull_and_equality() {
        let a = Span::new(FileId(0), 3, 5);
        let b = Span::new(FileId(0), 10, 12);
        assert_eq!(a.to(b).range(), Some((3, 12)));
        assert_eq!(a, b, "spans never make nodes differ");
        assert_eq!(Span::Synthetic.to(a).range(), Some((3, 5)));
    }
}
