//! The token stream the formatter lays out: pest's leaf pairs, and between
//! them the text pest skips — punctuation (`{`, `(`, `:`, `、` …), comments
//! and whitespace. Each token knows the block item it belongs to (a pair
//! that stands after a `{` of its parent, or a top-level procedure or plan),
//! the item's direct child it lies in, and the source lines where the pairs
//! around it start (for the indentation of continuation lines). Nothing of
//! the text but whitespace is left out, so a form the formatter has no rule
//! for still comes out token for token.

use crate::syntax::{HuanjieParser, Rule};
use pest::iterators::Pair;
use pest::Parser;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A pair without inner pairs (a keyword, a name, a literal).
    Leaf(Rule),
    /// A character of punctuation pest matched as a literal.
    Punct,
    LineComment,
    BlockComment,
}

/// The block item a token belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef {
    /// Unique per item (its start offset).
    pub id: usize,
    pub rule: Rule,
    /// The id of the item whose block holds it (`usize::MAX` at top level).
    pub block: usize,
    /// The rule of the item's direct child the token lies in, if any.
    pub child: Option<Rule>,
    /// Whether the token is the first of that child.
    pub child_first: bool,
}

/// One token.
#[derive(Clone, Debug)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// Newlines in the whitespace before it.
    pub newlines_before: usize,
    /// Whether whitespace stands before it.
    pub space_before: bool,
    /// Whether it is the first token of a block item.
    pub item_start: bool,
    pub item: Option<ItemRef>,
    /// Start lines of the pairs around it, from its item inwards.
    pub open_lines: Vec<usize>,
    /// Its own source line.
    pub line: usize,
}

struct Walker<'a> {
    text: &'a str,
    pos: usize,
    tokens: Vec<Token<'a>>,
    pending_newlines: usize,
    pending_space: bool,
    open_lines: Vec<usize>,
    line_starts: Vec<usize>,
}

/// The tokens of `text`, or `None` when it does not parse.
pub fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let mut pairs = HuanjieParser::parse(Rule::file, text).ok()?;
    let file = pairs.next()?;
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut w = Walker {
        text,
        pos: 0,
        tokens: Vec::new(),
        pending_newlines: 0,
        pending_space: false,
        open_lines: Vec::new(),
        line_starts,
    };
    for child in file.into_inner() {
        if child.as_rule() == Rule::EOI {
            continue;
        }
        w.gap(child.as_span().start(), None);
        let item = w.item_of(&child, usize::MAX);
        w.walk(child, Some(item), true);
    }
    w.gap(text.len(), None);
    Some(w.tokens)
}

impl<'a> Walker<'a> {
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|s| *s <= offset)
    }

    fn item_of(&self, pair: &Pair<'_, Rule>, block: usize) -> ItemRef {
        ItemRef {
            id: pair.as_span().start(),
            rule: pair.as_rule(),
            block,
            child: None,
            child_first: false,
        }
    }

    fn push(&mut self, text: &'a str, kind: Kind, item: Option<ItemRef>, start: usize) {
        self.tokens.push(Token {
            text,
            kind,
            newlines_before: std::mem::take(&mut self.pending_newlines),
            space_before: std::mem::take(&mut self.pending_space),
            item_start: false,
            item,
            open_lines: self.open_lines.clone(),
            line: self.line_of(start),
        });
    }

    /// The skipped text up to `end`: whitespace, comments, punctuation.
    /// Returns whether a `{` was among it.
    fn gap(&mut self, end: usize, item: Option<ItemRef>) -> bool {
        let mut brace = false;
        let text = self.text;
        while self.pos < end {
            let rest = text.get(self.pos..end).unwrap_or("");
            let Some(c) = rest.chars().next() else {
                break;
            };
            if c == '\n' {
                self.pending_newlines += 1;
                self.pending_space = true;
                self.pos += 1;
            } else if c.is_whitespace() || c == '\u{FEFF}' {
                self.pending_space = true;
                self.pos += c.len_utf8();
            } else if rest.starts_with("//") {
                let len = rest.find('\n').unwrap_or(rest.len());
                let body = rest.get(..len).unwrap_or("").trim_end_matches('\r');
                let start = self.pos;
                self.push(body, Kind::LineComment, item, start);
                self.pos += len;
            } else if rest.starts_with("/*") {
                let len = rest.find("*/").map_or(rest.len(), |i| i + 2);
                let start = self.pos;
                self.push(
                    rest.get(..len).unwrap_or(""),
                    Kind::BlockComment,
                    item,
                    start,
                );
                self.pos += len;
            } else {
                brace |= c == '{';
                let start = self.pos;
                let len = c.len_utf8();
                self.push(rest.get(..len).unwrap_or(""), Kind::Punct, item, start);
                self.pos += len;
            }
        }
        brace
    }

    /// `pair` and everything in it; `item` is the item it belongs to, and
    /// `starts_item` says that `pair` is that item.
    fn walk(&mut self, pair: Pair<'a, Rule>, item: Option<ItemRef>, starts_item: bool) {
        let span = pair.as_span();
        let line = self.line_of(span.start());
        let saved = if starts_item {
            Some(std::mem::take(&mut self.open_lines))
        } else {
            None
        };
        self.open_lines.push(line);
        let first_index = self.tokens.len();
        let children: Vec<Pair<'a, Rule>> = pair.clone().into_inner().collect();
        if children.is_empty() {
            self.gap(span.start(), item);
            self.push(
                span.as_str(),
                Kind::Leaf(pair.as_rule()),
                item,
                span.start(),
            );
            self.pos = span.end();
        } else {
            let mut after_brace = false;
            for child in children {
                let start = child.as_span().start();
                after_brace |= self.gap(start, item);
                if after_brace {
                    let inner = self.item_of(&child, item.map_or(usize::MAX, |i| i.id));
                    self.walk(child, Some(inner), true);
                } else if starts_item {
                    self.walk_child(child, item);
                } else {
                    self.walk(child, item, false);
                }
            }
            self.gap(span.end(), item);
        }
        if starts_item {
            if let Some(t) = self.tokens.get_mut(first_index) {
                t.item_start = true;
            }
        }
        self.open_lines.pop();
        if let Some(saved) = saved {
            self.open_lines = saved;
        }
    }

    /// A direct child of an item: its first token is marked `child_first`.
    fn walk_child(&mut self, child: Pair<'a, Rule>, item: Option<ItemRef>) {
        let rule = child.as_rule();
        let ctx = item.map(|mut c| {
            c.child = Some(rule);
            c
        });
        let first = self.tokens.len();
        self.walk(child, ctx, false);
        if let Some(c) = self.tokens.get_mut(first).and_then(|t| t.item.as_mut()) {
            c.child_first = true;
        }
    }
}
