//! A small JSON parser (RFC 8259) into the spanned value tree.
//!
//! It is on the hot path of batch checking, so it works on bytes, borrows
//! strings without escapes from the text, and allocates only the tree. It is
//! not recursive: containers live on an explicit stack bounded by
//! [`MAX_DEPTH`], so no input can exhaust the call stack. It stops at the
//! first syntax error; a key given twice in one object is reported (HJ607)
//! and the later value dropped.

use super::msg::{self, Sink, Syntax};
use super::tree::{Key, Kind, Node, Table};
use super::MAX_DEPTH;
use crate::diag::{Diagnostic, Text};
use crate::span::{FileId, Span};
use std::borrow::Cow;
use std::collections::HashMap;

/// Parses `text`. Text that is empty or only whitespace reads as an empty
/// object (so an empty record says which keys are missing). `None` when the
/// text is not JSON; the reason is in `sink`.
pub(crate) fn parse<'a>(text: &'a str, file: FileId, sink: &mut Sink) -> Option<Node<'a>> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        file,
    };
    // A byte-order mark, as some Windows tools write one.
    if text.starts_with('\u{FEFF}') {
        p.pos = '\u{FEFF}'.len_utf8();
    }
    p.skip_ws();
    if p.pos >= p.b.len() {
        let at = p.span(p.pos, p.pos);
        let table = Table {
            entries: Vec::new(),
            head: at,
        };
        return Some(Node::new(Kind::Table(table), at));
    }
    match p.document(sink) {
        Ok(node) => Some(node),
        Err(d) => {
            sink.push(*d);
            None
        }
    }
}

/// An open container.
enum Frame<'a> {
    Object {
        start: usize,
        /// The key this object is the value of (for its head).
        owner: Option<Span>,
        /// Where its entries start on the shared entry stack.
        base: usize,
        /// The key whose value is being parsed.
        key: Option<Key<'a>>,
    },
    Array {
        start: usize,
        /// Where its items start on the shared item stack.
        base: usize,
    },
}

type Result<T> = std::result::Result<T, Box<Diagnostic>>;

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    file: FileId,
}

impl<'a> Parser<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// A syntax error at the character at `at` (or at the end of the text).
    fn error(&self, at: usize, what: Text, label: Text) -> Box<Diagnostic> {
        let span = msg::char_at(self.file, self.text, at);
        Box::new(msg::syntax(Syntax::Json, span, what, label))
    }

    /// "expected X" at the current position (or "the file ends").
    fn expected(&self, zh: &str, en: &str) -> Box<Diagnostic> {
        if self.pos >= self.b.len() {
            self.error(
                self.pos,
                Text::new(
                    msg::cat(&["文件在此意外结束，应有", zh]),
                    format!("the file ends where {en} is expected"),
                ),
                Text::new(
                    msg::cat(&["文件在此结束，应有", zh]),
                    format!("the file ends here; expected {en}"),
                ),
            )
        } else {
            self.error(
                self.pos,
                Text::new(msg::cat(&["此处应有", zh]), format!("expected {en}")),
                Text::new(msg::cat(&["应有", zh]), format!("expected {en}")),
            )
        }
    }

    /// The whole document: one value, then only whitespace.
    fn document(&mut self, sink: &mut Sink) -> Result<Node<'a>> {
        let root = self.values(sink)?;
        self.skip_ws();
        if self.pos < self.b.len() {
            return Err(self.error(
                self.pos,
                Text::new(
                    "JSON 值之后还有多余的内容",
                    "unexpected text after the JSON value",
                ),
                Text::new("多余的内容", "unexpected text"),
            ));
        }
        Ok(root)
    }

    /// Parses one value and everything nested in it, iteratively. The
    /// entries and items of open containers wait on two shared stacks, so
    /// that each container is allocated once, at its exact size.
    fn values(&mut self, sink: &mut Sink) -> Result<Node<'a>> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        let mut entries: Vec<(Key<'a>, Node<'a>)> = Vec::new();
        let mut items: Vec<Node<'a>> = Vec::new();
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'{') | Some(b'[') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(Box::new(msg::too_deep(self.span(start, start + 1))));
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.b.get(start) == Some(&b'{') {
                        let owner = match stack.last() {
                            Some(Frame::Object { key: Some(k), .. }) => Some(k.span),
                            _ => None,
                        };
                        if self.peek() == Some(b'}') {
                            self.pos += 1;
                            let span = self.span(start, self.pos);
                            let head = owner.unwrap_or(span);
                            Node::new(
                                Kind::Table(Table {
                                    entries: Vec::new(),
                                    head,
                                }),
                                span,
                            )
                        } else {
                            let key = self.key()?;
                            stack.push(Frame::Object {
                                start,
                                owner,
                                base: entries.len(),
                                key: Some(key),
                            });
                            continue 'value;
                        }
                    } else if self.peek() == Some(b']') {
                        self.pos += 1;
                        Node::new(Kind::Array(Vec::new()), self.span(start, self.pos))
                    } else {
                        stack.push(Frame::Array {
                            start,
                            base: items.len(),
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let s = self.string()?;
                    Node::new(Kind::Str(s), self.span(start, self.pos))
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true", Kind::Bool(true))?,
                Some(b'f') => self.literal("false", Kind::Bool(false))?,
                Some(b'n') => self.literal("null", Kind::Null)?,
                _ => return Err(self.expected("一个值", "a value")),
            };
            // Hand the finished value to its container; close containers
            // that end here.
            loop {
                let depth = stack.len();
                let Some(frame) = stack.last_mut() else {
                    return Ok(node);
                };
                self.skip_ws();
                match frame {
                    Frame::Array { start, base } => {
                        items.push(node);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let span = self.span(*start, self.pos);
                                let list = items.split_off(*base);
                                stack.pop();
                                node = Node::new(Kind::Array(list), span);
                            }
                            _ => return Err(self.expected("`,` 或 `]`", "`,` or `]`")),
                        }
                    }
                    Frame::Object {
                        start,
                        owner,
                        base,
                        key,
                    } => {
                        if let Some(k) = key.take() {
                            entries.push((k, node));
                        }
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                *key = Some(self.key()?);
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let span = self.span(*start, self.pos);
                                let head = owner.unwrap_or(if depth == 1 {
                                    self.span(*start, *start + 1)
                                } else {
                                    span
                                });
                                let mut list = entries.split_off(*base);
                                stack.pop();
                                drop_duplicates(&mut list, sink);
                                node = Node::new(
                                    Kind::Table(Table {
                                        entries: list,
                                        head,
                                    }),
                                    span,
                                );
                            }
                            _ => return Err(self.expected("`,` 或 `}`", "`,` or `}`")),
                        }
                    }
                }
            }
        }
    }

    /// `"key" :` — a key and its colon.
    fn key(&mut self) -> Result<Key<'a>> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("带双引号的键", "a key in double quotes"));
        }
        let start = self.pos;
        let name = self.string()?;
        let span = self.span(start + 1, self.pos - 1);
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.expected("`:`", "`:`"));
        }
        self.pos += 1;
        Ok(Key { name, span })
    }

    /// A string at `"`; borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>> {
        let open = self.pos;
        let body = self.b.get(open + 1..).unwrap_or_default();
        let run = body
            .iter()
            .position(|c| *c == b'"' || *c == b'\\' || *c < 0x20)
            .unwrap_or(body.len());
        let mut i = open + 1 + run;
        match self.b.get(i) {
            None => return Err(self.unterminated(open)),
            Some(b'"') => {
                self.pos = i + 1;
                return Ok(Cow::Borrowed(self.text.get(open + 1..i).unwrap_or("")));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.control(i)),
        }
        let mut out = String::from(self.text.get(open + 1..i).unwrap_or(""));
        loop {
            match self.b.get(i) {
                None => return Err(self.unterminated(open)),
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    let (c, len) = self.escape(i)?;
                    out.push(c);
                    i += len;
                }
                Some(c) if *c < 0x20 => return Err(self.control(i)),
                Some(_) => {
                    // Copy the run up to the next quote, backslash or control.
                    let run = self.b.get(i..).map_or(0, |rest| {
                        rest.iter()
                            .position(|c| *c == b'"' || *c == b'\\' || *c < 0x20)
                            .unwrap_or(rest.len())
                    });
                    out.push_str(self.text.get(i..i + run).unwrap_or(""));
                    i += run;
                }
            }
        }
    }

    /// The escape sequence at `at` (a backslash): the character and the
    /// length of the sequence.
    fn escape(&self, at: usize) -> Result<(char, usize)> {
        let c = match self.b.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(at),
            _ => return Err(self.bad_escape(at)),
        };
        Ok((c, 2))
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`.
    fn unicode_escape(&self, at: usize) -> Result<(char, usize)> {
        let hi = self.hex4(at + 2).ok_or_else(|| self.bad_escape(at))?;
        if (0xD800..0xDC00).contains(&hi) {
            let lo = (self.b.get(at + 6) == Some(&b'\\') && self.b.get(at + 7) == Some(&b'u'))
                .then(|| self.hex4(at + 8))
                .flatten()
                .filter(|lo| (0xDC00..0xE000).contains(lo))
                .ok_or_else(|| self.bad_escape(at))?;
            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            return char::from_u32(c)
                .map(|c| (c, 12))
                .ok_or_else(|| self.bad_escape(at));
        }
        char::from_u32(hi)
            .map(|c| (c, 6))
            .ok_or_else(|| self.bad_escape(at))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.b.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |n, d| Some(n * 16 + char::from(*d).to_digit(16)?))
    }

    fn bad_escape(&self, at: usize) -> Box<Diagnostic> {
        self.error(
            at,
            Text::new(
                "字符串中有无效的转义序列",
                "invalid escape sequence in a string",
            ),
            Text::new("无效的转义", "invalid escape"),
        )
    }

    fn unterminated(&self, open: usize) -> Box<Diagnostic> {
        Box::new(msg::syntax(
            Syntax::Json,
            self.span(open, self.b.len()),
            Text::new("字符串没有结束引号", "a string is not closed"),
            Text::new("这个字符串没有结束", "this string is not closed"),
        ))
    }

    fn control(&self, at: usize) -> Box<Diagnostic> {
        self.error(
            at,
            Text::new(
                "字符串中不能直接包含控制字符（如换行）",
                "a string cannot hold a raw control character (such as a line break)",
            ),
            Text::new("控制字符", "control character"),
        )
    }

    /// `true`, `false` or `null`.
    fn literal(&mut self, word: &str, kind: Kind<'a>) -> Result<Node<'a>> {
        let start = self.pos;
        if self.b.get(start..start + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node::new(kind, self.span(start, self.pos)))
        } else {
            Err(self.expected("一个值", "a value"))
        }
    }

    /// A number: an integer when it has no fraction and no exponent.
    fn number(&mut self) -> Result<Node<'a>> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut magnitude: Option<u64> = Some(0);
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    magnitude = magnitude
                        .and_then(|m| m.checked_mul(10))
                        .and_then(|m| m.checked_add(u64::from(d - b'0')));
                    self.pos += 1;
                }
            }
            _ => return Err(self.expected("数字", "a digit")),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        let span = self.span(start, self.pos);
        if float {
            let text = self.text.get(start..self.pos).unwrap_or("");
            return Ok(Node::new(
                Kind::Float(text.parse().unwrap_or(f64::NAN)),
                span,
            ));
        }
        let value = magnitude.and_then(|m| {
            if negative {
                0i64.checked_sub_unsigned(m)
            } else {
                i64::try_from(m).ok()
            }
        });
        Ok(Node::new(value.map_or(Kind::BigInt, Kind::Int), span))
    }

    /// One or more digits.
    fn digits(&mut self) -> Result<()> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.expected("数字", "a digit"));
        }
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }
}

/// Reports every key given twice in one object (HJ607) and keeps the first.
fn drop_duplicates(entries: &mut Vec<(Key<'_>, Node<'_>)>, sink: &mut Sink) {
    let mut dropped: Vec<usize> = Vec::new();
    if entries.len() <= 16 {
        for (i, (k, _)) in entries.iter().enumerate() {
            if let Some((first, _)) = entries
                .get(..i)
                .and_then(|before| before.iter().find(|(f, _)| f.name == k.name))
            {
                sink.push(msg::duplicate_key(k.span, first.span, &k.name, None));
                dropped.push(i);
            }
        }
    } else {
        let mut seen: HashMap<&str, Span> = HashMap::with_capacity(entries.len());
        for (i, (k, _)) in entries.iter().enumerate() {
            if let Some(first) = seen.get(k.name.as_ref()) {
                sink.push(msg::duplicate_key(k.span, *first, &k.name, None));
                dropped.push(i);
            } else {
                seen.insert(k.name.as_ref(), k.span);
            }
        }
    }
    if !dropped.is_empty() {
        // `dropped` is in increasing order.
        let mut next = dropped.into_iter().peekable();
        let mut i = 0;
        entries.retain(|_| {
            let keep = next.next_if_eq(&i).is_none();
            i += 1;
            keep
        });
    }
}
