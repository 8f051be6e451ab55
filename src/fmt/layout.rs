//! The layout pass: tokens → lines → aligned columns → text.
//!
//! Lines come from the brace structure: every block item starts a line
//! indented two spaces per open `{`; a `}` closes on a line of its own
//! (`{}` for an empty block); an author's line break inside an item is kept
//! as a continuation line, indented two spaces past the item per pair that
//! opened on an earlier line. Then two alignments, both over runs of lines
//! of one block with no blank line between them: the `per` / `依据` clause
//! and trailing `//` comments start at one column, at least [`PER_COLUMN`]
//! (a `依据` on a line of its own starts there too); and in consecutive
//! items of a kind listed in [`CELLS`], the listed parts line up.

use super::tokens::{Kind, Token};
use crate::syntax::Rule;
use unicode_width::UnicodeWidthStr;

/// The least display column of `per` / `依据` and trailing comments (the
/// library's layout).
pub const PER_COLUMN: usize = 45;

/// What a piece of a line is aligned as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    None,
    /// The k-th aligned part of an item of [`CELLS`].
    Cell(usize),
    Per,
    Trailing,
}

/// The parts that line up in consecutive items of one kind: a child rule,
/// or (`None`) the item's own `=`.
const CELLS: &[(Rule, &[Option<Rule>])] = &[
    (Rule::basis_decl, &[Some(Rule::string)]),
    (
        Rule::position_decl,
        &[Some(Rule::string), Some(Rule::kw_seats)],
    ),
    (Rule::include_decl, &[Some(Rule::kw_as)]),
    (Rule::param_reading, &[None]),
    (Rule::plan_date, &[Some(Rule::kw_on)]),
];

/// The index of `part` among the aligned parts of `rule`.
fn cell_index(rule: Rule, part: Option<Rule>) -> Option<usize> {
    let (_, parts) = CELLS.iter().find(|(r, _)| *r == rule)?;
    parts.iter().position(|p| *p == part)
}

#[derive(Debug)]
struct Piece {
    text: String,
    space: bool,
    pad: usize,
    anchor: Anchor,
}

#[derive(Debug, Default)]
struct Line {
    indent: usize,
    pieces: Vec<Piece>,
    /// The block it is in (the id of the item that owns the `{`).
    block: usize,
    /// The rule of the item it starts, if it starts one.
    starts: Option<Rule>,
    blank_before: bool,
}

fn attaches_left(t: &str) -> bool {
    matches!(
        t,
        "," | "、" | "，" | ":" | "：" | ";" | "；" | ")" | "）" | "."
    )
}

fn attaches_right(t: &str) -> bool {
    matches!(t, "(" | "（" | "." | "、" | "，" | "：")
}

/// Whether a space goes between `prev` and `t` on one line.
fn space_between(prev: &Token<'_>, t: &Token<'_>) -> bool {
    if t.kind == Kind::Punct && attaches_left(t.text) {
        return false;
    }
    if prev.kind == Kind::Punct && attaches_right(prev.text) {
        return false;
    }
    if prev.kind == Kind::Leaf(Rule::op_neg) {
        return false;
    }
    if t.kind == Kind::Punct && matches!(t.text, "(" | "（") {
        // `计数(…)`, `名额(委员)` as written; `且 (…)` with its space.
        return t.space_before;
    }
    true
}

/// Lays out `tokens` as text.
pub fn layout(tokens: &[Token<'_>]) -> String {
    let mut lines: Vec<Line> = Vec::new();
    let mut depth = 0usize;
    let mut blocks: Vec<usize> = vec![usize::MAX];
    let mut item_indent = 0usize;
    let mut force_newline = true;
    let mut prev: Option<&Token<'_>> = None;
    for t in tokens.iter().filter(|t| !t.text.is_empty()) {
        let is_close = t.kind == Kind::Punct && t.text == "}";
        if is_close {
            depth = depth.saturating_sub(1);
            blocks.pop();
        }
        let block = blocks.last().copied().unwrap_or(usize::MAX);
        let comment = matches!(t.kind, Kind::LineComment | Kind::BlockComment);
        let after_open = prev.is_some_and(|p| p.kind == Kind::Punct && p.text == "{");
        let trailing_comment = comment && t.newlines_before == 0 && prev.is_some();
        let new_line = if lines.is_empty() {
            true
        } else if is_close {
            !after_open
        } else if trailing_comment {
            false
        } else {
            force_newline || t.item_start || comment || t.newlines_before > 0
        };
        let anchor = anchor_of(t, trailing_comment);
        if new_line {
            let starts_item = t.item_start || is_close || comment || lines.is_empty();
            let indent = if starts_item || force_newline {
                depth * 2
            } else if anchor == Anchor::Per {
                0
            } else {
                let earlier: std::collections::BTreeSet<usize> = t
                    .open_lines
                    .iter()
                    .copied()
                    .filter(|l| *l < t.line)
                    .collect();
                let k = earlier.len();
                item_indent + 2 + 2 * k
            };
            if t.item_start {
                item_indent = indent;
            }
            // Top-level blocks are always one blank line apart.
            let top_item = t.item_start
                && depth == 0
                && lines
                    .last()
                    .and_then(|l| l.pieces.last())
                    .is_some_and(|p| p.text == "}");
            let blank_before = !lines.is_empty()
                && !after_open
                && !is_close
                && (t.newlines_before >= 2 || top_item);
            lines.push(Line {
                indent,
                pieces: Vec::new(),
                block,
                starts: t.item_start.then(|| t.item.map(|i| i.rule)).flatten(),
                blank_before,
            });
        }
        let space =
            !new_line && prev.is_some_and(|p| !(is_close && after_open) && space_between(p, t));
        if let Some(line) = lines.last_mut() {
            line.pieces.push(Piece {
                text: t.text.to_string(),
                space,
                pad: 0,
                anchor,
            });
        }
        force_newline = t.kind == Kind::LineComment || (t.kind == Kind::Punct && t.text == "{");
        if t.kind == Kind::Punct && t.text == "{" {
            depth += 1;
            blocks.push(t.item.map_or(usize::MAX, |i| i.id));
        }
        prev = Some(t);
    }
    align_cells(&mut lines);
    align_per(&mut lines);
    render(&lines)
}

fn anchor_of(t: &Token<'_>, trailing_comment: bool) -> Anchor {
    if trailing_comment && t.kind == Kind::LineComment {
        return Anchor::Trailing;
    }
    let Some(item) = t.item else {
        return Anchor::None;
    };
    if item.child_first && item.child == Some(Rule::per) {
        return Anchor::Per;
    }
    let part = if item.child_first {
        item.child
    } else if t.kind == Kind::Punct && item.child.is_none() && matches!(t.text, "=" | "＝") {
        None
    } else {
        return Anchor::None;
    };
    cell_index(item.rule, part).map_or(Anchor::None, Anchor::Cell)
}

fn width_to(line: &Line, upto: usize) -> usize {
    let mut w = line.indent;
    for (i, p) in line.pieces.iter().enumerate() {
        if i == upto {
            return w + usize::from(p.space);
        }
        w += usize::from(p.space) + p.pad + p.text.width();
    }
    w
}

fn align_cells(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        let Some(rule) = lines.get(i).and_then(|l| l.starts) else {
            i += 1;
            continue;
        };
        let block = lines.get(i).map_or(0, |l| l.block);
        let mut j = i + 1;
        while lines
            .get(j)
            .is_some_and(|l| l.starts == Some(rule) && l.block == block && !l.blank_before)
        {
            j += 1;
        }
        let parts = CELLS
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(0, |(_, p)| p.len());
        for k in 0..parts {
            let group = lines.get_mut(i..j).unwrap_or_default();
            let at = |l: &Line| l.pieces.iter().position(|p| p.anchor == Anchor::Cell(k));
            let target = group
                .iter()
                .filter_map(|l| at(l).map(|p| width_to(l, p)))
                .max();
            if let Some(target) = target {
                for l in group.iter_mut() {
                    if let Some(p) = at(l) {
                        let w = width_to(l, p);
                        if let Some(piece) = l.pieces.get_mut(p) {
                            piece.pad += target - w;
                        }
                    }
                }
            }
        }
        i = j;
    }
}

fn align_per(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        let block = lines.get(i).map_or(0, |l| l.block);
        let mut j = i + 1;
        while lines
            .get(j)
            .is_some_and(|l| l.block == block && !l.blank_before)
        {
            j += 1;
        }
        let group = lines.get_mut(i..j).unwrap_or_default();
        let at = |l: &Line| {
            l.pieces
                .iter()
                .position(|p| matches!(p.anchor, Anchor::Per | Anchor::Trailing))
        };
        let column = group
            .iter()
            .filter_map(|l| {
                at(l)
                    .filter(|p| *p > 0)
                    .map(|p| width_to(l, p).saturating_sub(1) + 2)
            })
            .fold(PER_COLUMN, usize::max);
        for l in group.iter_mut() {
            match at(l) {
                Some(0) => l.indent = column,
                Some(p) => {
                    let w = width_to(l, p).saturating_sub(1);
                    if let Some(piece) = l.pieces.get_mut(p) {
                        piece.space = true;
                        piece.pad = column.saturating_sub(w + 1);
                    }
                }
                None => {}
            }
        }
        i = j;
    }
}

fn render(lines: &[Line]) -> String {
    let mut out = String::new();
    for l in lines {
        if l.blank_before {
            out.push('\n');
        }
        let mut text = " ".repeat(l.indent);
        for p in &l.pieces {
            if p.space {
                text.push(' ');
            }
            text.push_str(&" ".repeat(p.pad));
            text.push_str(&p.text);
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}
