//! TOML records into the spanned value tree.
//!
//! The lexing and the grammar are `toml_parser`'s (the parser of the
//! `toml` crates); the tables are assembled here (`toml_table`), so that
//! every key keeps its span and a key defined twice is a diagnostic with
//! both places. One extension to TOML 1.0: a bare key may be any Unicode
//! identifier, so `[stages.投票选举]` and `登记选民 = 2000` need no quotes
//! (the quoted forms `"投票选举"` are read too).
//!
//! Limits: brackets nest at most [`MAX_DEPTH`] deep and dotted keys have at
//! most as many parts (checked while lexing, before anything is parsed), and
//! a record has at most [`MAX_TOKENS`] tokens; each is HJ606.

use super::msg::{self, Sink, Syntax};
use super::toml_table::{How, Item, TTable};
use super::tree::{parse_datetime, Key, Kind, Node};
use super::MAX_DEPTH;
use crate::diag::{Diagnostic, Text};
use crate::span::{FileId, Span};
use std::borrow::Cow;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::TokenKind;
use toml_parser::parser::{Event, EventKind, RecursionGuard};
use toml_parser::{ParseError, Source};

/// The most tokens a TOML record may have (a hand-written record has a few
/// thousand; large machine-made records are JSON).
pub const MAX_TOKENS: usize = 4_000_000;

type Result<T> = std::result::Result<T, Box<Diagnostic>>;

/// Parses `text`. `None` when it is not TOML (or is too large); the reason
/// is in `sink`. Keys defined twice are reported too, but do not stop it.
pub(crate) fn parse<'a>(text: &'a str, file: FileId, sink: &mut Sink) -> Option<Node<'a>> {
    let source = Source::new(text);
    let tokens = match lex(source, file) {
        Ok(tokens) => tokens,
        Err(d) => {
            sink.push(*d);
            return None;
        }
    };
    let mut events: Vec<Event> = Vec::with_capacity(tokens.len());
    let mut first: Option<ParseError> = None;
    {
        let mut guard = RecursionGuard::new(&mut events, MAX_DEPTH as u32 + 2);
        let mut errors = |e: ParseError| {
            first.get_or_insert(e);
        };
        toml_parser::parser::parse_document(&tokens, &mut guard, &mut errors);
    }
    drop(tokens);
    if let Some(e) = first {
        sink.push(*parse_error(file, text, &e));
        return None;
    }
    let mut reader = Reader {
        source,
        events: &events,
        pos: 0,
        file,
    };
    match reader.document(sink) {
        Ok(root) => Some(root.into_node()),
        Err(d) => {
            sink.push(*d);
            None
        }
    }
}

/// The tokens of `source`, refusing deep nesting and too many tokens.
///
/// The nesting of the tables a line builds is its brackets plus the dots of
/// its keys, those of the keys that open each enclosing inline table or
/// array included (`a.b = { c.d = [1] }` is 6 deep).
fn lex(source: Source<'_>, file: FileId) -> Result<Vec<toml_parser::lexer::Token>> {
    let mut tokens = Vec::new();
    // For each open bracket, the dots of the key it is the value of.
    let mut open: Vec<usize> = Vec::new();
    let mut outer = 0usize;
    // Dots of the key being lexed, and of the key before the last `=`.
    let mut parts = 0usize;
    let mut key = 0usize;
    for token in source.lex() {
        let span = || Span::new(file, token.span().start(), token.span().end());
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                open.push(key);
                outer += key;
                (parts, key) = (0, 0);
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                outer -= open.pop().unwrap_or(0).min(outer);
                (parts, key) = (0, 0);
            }
            TokenKind::Dot => parts += 1,
            TokenKind::Equals => (parts, key) = (0, parts),
            TokenKind::Whitespace
            | TokenKind::Atom
            | TokenKind::BasicString
            | TokenKind::LiteralString => {}
            _ => (parts, key) = (0, 0),
        }
        if open.len() + outer + parts > MAX_DEPTH {
            return Err(Box::new(msg::too_deep(span())));
        }
        if tokens.len() >= MAX_TOKENS {
            return Err(Box::new(msg::too_many_tokens(span())));
        }
        tokens.push(token);
    }
    Ok(tokens)
}

/// A `toml_parser` error as HJ601 (or HJ606 for its recursion limit).
fn parse_error(file: FileId, text: &str, e: &ParseError) -> Box<Diagnostic> {
    let len = text.len();
    let (start, end) = e
        .unexpected()
        .or(e.context())
        .map_or((len, len), |s| (s.start(), s.end()));
    let span = if start >= len {
        msg::char_at(file, text, len)
    } else {
        Span::new(file, start, end)
    };
    let en = e.description();
    if en.starts_with("cannot recurse further") {
        return Box::new(msg::too_deep(span));
    }
    if en == "string values must be quoted" {
        if let Some(d) = unquoted_value(text, start, span) {
            return Box::new(d);
        }
    }
    let zh = match en {
        "unclosed table" => "表头缺少 `]`",
        "unclosed array table" => "数组表头缺少 `]]`",
        "unclosed array" => "数组缺少 `]`",
        "unclosed inline table" => "内联表缺少 `}`",
        "missing value" | "missing value for key" | "key with no value" => "键后面缺少 `=` 和值",
        "string values must be quoted" => "文本值必须用双引号括起来",
        "missing comma between array elements" => "数组元素之间缺少逗号",
        "missing comma between key-value pairs" => "键值对之间缺少逗号",
        "missing assignment between key-value pairs" => "键与值之间缺少 `=`",
        "invalid basic string" | "invalid literal string" => "字符串没有结束引号",
        "invalid multi-line basic string" | "invalid multi-line literal string" => {
            "多行字符串没有结束引号"
        }
        "invalid unquoted key" => "键中有不允许的字符（可以用双引号把键括起来）",
        "unexpected content" | "unexpected key or value" => "此处有多余的内容",
        "unexpected leading zero" => "数字不能以 0 开头",
        "invalid value" => "值无效",
        _ => "",
    };
    let mut en = en.to_string();
    let translated = !zh.is_empty();
    let label = if start >= len {
        Text::new("文件在此结束", "the file ends here")
    } else if translated {
        Text::new(zh, en.clone())
    } else {
        Text::new("这里", "here")
    };
    let mut zh = if translated {
        zh.to_string()
    } else {
        format!("格式错误（{en}）")
    };
    if let Some(expected) = e.expected().filter(|x| !x.is_empty()) {
        let list = expected
            .iter()
            .map(|x| match x {
                toml_parser::Expected::Literal(s) => format!("`{s}`"),
                toml_parser::Expected::Description(s) => (*s).to_string(),
                _ => "…".to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        en.push_str(&format!(", expected {list}"));
        if !translated {
            zh.push_str(&format!("，应为 {list}"));
        }
    }
    Box::new(msg::syntax(Syntax::Toml, span, Text::new(zh, en), label))
}

/// HJ601 for a date or time written as people write them but unquoted
/// (`date = 2021/1/7`, `time = 8:30`): how to write it, rather than "put
/// text in quotes".
fn unquoted_value(text: &str, start: usize, span: Span) -> Option<Diagnostic> {
    use super::lenient::{self, Lenient};
    let rest = text.get(start..)?;
    let written = rest
        .split(['\n', '#', ','])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('}')
        .trim();
    let (zh, en, help) = match (lenient::date(written), lenient::time(written)) {
        (Lenient::Normalised((y, m, d)) | Lenient::Exact((y, m, d)), _) => {
            let iso = format!("{y:04}-{m:02}-{d:02}");
            (
                format!("日期写作 {iso}（年-月-日，月和日各两位，不加引号）"),
                format!(
                    "write the date as {iso} (year-month-day, two-digit month and day, no quotes)"
                ),
                Text::new(
                    format!("也可以加引号写作 \"{written}\"，读取时按 {iso} 理解"),
                    format!("or quote it, \"{written}\", which is read as {iso}"),
                ),
            )
        }
        (Lenient::Ambiguous(why), _) => (
            format!("日期 `{written}` 有歧义：{}", why.zh),
            format!("the date `{written}` is ambiguous: {}", why.en),
            Text::new(
                "日期写作 2021-01-07（四位年份-月-日）",
                "write dates as 2021-01-07 (four-digit year-month-day)",
            ),
        ),
        (_, Lenient::Normalised((h, m)) | Lenient::Exact((h, m))) => (
            format!("时刻要加引号，写作 \"{h:02}:{m:02}\""),
            format!("quote the time of day: \"{h:02}:{m:02}\""),
            Text::new("时刻用 24 小时制", "times use the 24-hour clock"),
        ),
        _ => return None,
    };
    let label = Text::new("这里", "here");
    Some(msg::syntax(Syntax::Toml, span, Text::new(zh, en), label).with_help(help))
}

/// Reads the event stream into tables.
struct Reader<'a, 'e> {
    source: Source<'a>,
    events: &'e [Event],
    pos: usize,
    file: FileId,
}

impl<'a> Reader<'a, '_> {
    fn span(&self, s: toml_parser::Span) -> Span {
        Span::new(self.file, s.start(), s.end())
    }

    /// Skips whitespace, newlines and (checked) comments.
    fn skip_trivia(&mut self) -> Result<()> {
        while let Some(e) = self.events.get(self.pos) {
            match e.kind() {
                EventKind::Whitespace | EventKind::Newline => {}
                EventKind::Comment => {
                    if let Some(raw) = self.source.get(e) {
                        let mut first = None;
                        raw.decode_comment(&mut |err: ParseError| {
                            first.get_or_insert(err);
                        });
                        if let Some(err) = first {
                            return Err(self.error(&err));
                        }
                    }
                }
                _ => return Ok(()),
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// The next event that is not trivia, without taking it.
    fn peek(&mut self) -> Result<Option<Event>> {
        self.skip_trivia()?;
        Ok(self.events.get(self.pos).copied())
    }

    /// The next event that is not trivia.
    fn next(&mut self) -> Result<Event> {
        let e = self.peek()?;
        self.pos += 1;
        e.ok_or_else(|| self.unexpected(None))
    }

    fn error(&self, e: &ParseError) -> Box<Diagnostic> {
        parse_error(self.file, self.source.input(), e)
    }

    /// An event the grammar does not allow here (the parser reports these
    /// itself; this is a safety net).
    fn unexpected(&self, e: Option<Event>) -> Box<Diagnostic> {
        let text = self.source.input();
        let span = e.map_or_else(
            || msg::char_at(self.file, text, text.len()),
            |e| self.span(e.span()),
        );
        Box::new(msg::syntax(
            Syntax::Toml,
            span,
            Text::new("此处的内容不符合 TOML 格式", "unexpected content"),
            Text::new("这里", "here"),
        ))
    }

    /// The whole document as its root table.
    fn document(&mut self, sink: &mut Sink) -> Result<TTable<'a>> {
        let mut root = TTable::new(How::Header, Span::new(self.file, 0, 0));
        // Where the key-value pairs go; `None` after a header that defined a
        // table again (its pairs are dropped).
        let mut current: Option<Vec<usize>> = Some(Vec::new());
        while let Some(e) = self.peek()? {
            self.pos += 1;
            match e.kind() {
                EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                    let array = e.kind() == EventKind::ArrayTableOpen;
                    let first = self.next()?;
                    let path = self.key_path(first)?;
                    let close = self.next()?;
                    if !matches!(
                        close.kind(),
                        EventKind::StdTableClose | EventKind::ArrayTableClose
                    ) {
                        return Err(self.unexpected(Some(close)));
                    }
                    let header = self.span(e.span()).to(self.span(close.span()));
                    current = root.open(path, header, array, sink);
                }
                EventKind::SimpleKey => {
                    let (path, item, end) = self.key_value(e, sink)?;
                    if let Some(t) = current.as_deref().and_then(|steps| root.at(steps)) {
                        t.insert(path, item, end, sink);
                    }
                }
                _ => return Err(self.unexpected(Some(e))),
            }
        }
        Ok(root)
    }

    /// `a.b.c = value`, from its first key: the path, the value and its span.
    fn key_value(
        &mut self,
        first: Event,
        sink: &mut Sink,
    ) -> Result<(Vec<Key<'a>>, Item<'a>, Span)> {
        let path = self.key_path(first)?;
        let sep = self.next()?;
        if sep.kind() != EventKind::KeyValSep {
            return Err(self.unexpected(Some(sep)));
        }
        let owner = path.last().map_or(Span::Synthetic, |k| k.span);
        let (item, span) = self.value(owner, sink)?;
        Ok((path, item, span))
    }

    /// A dotted key starting at `first`.
    fn key_path(&mut self, first: Event) -> Result<Vec<Key<'a>>> {
        let mut path = vec![self.key(first)?];
        while let Some(e) = self.peek()? {
            if e.kind() != EventKind::KeySep {
                break;
            }
            self.pos += 1;
            let part = self.next()?;
            path.push(self.key(part)?);
        }
        Ok(path)
    }

    /// One key, decoded; bare keys may be Unicode identifiers.
    fn key(&self, e: Event) -> Result<Key<'a>> {
        if e.kind() != EventKind::SimpleKey {
            return Err(self.unexpected(Some(e)));
        }
        let raw = self.source.get(e).ok_or_else(|| self.unexpected(Some(e)))?;
        let mut name: Cow<'a, str> = Cow::Borrowed("");
        let mut first = None;
        raw.decode_key(&mut name, &mut |err: ParseError| {
            first.get_or_insert(err);
        });
        if let Some(err) = first {
            if e.encoding().is_some() || !unicode_bare_key(raw.as_str()) {
                return Err(self.error(&err));
            }
        }
        let s = e.span();
        let span = match e.encoding() {
            Some(Encoding::BasicString | Encoding::LiteralString) if s.len() >= 2 => {
                Span::new(self.file, s.start() + 1, s.end() - 1)
            }
            _ => self.span(s),
        };
        Ok(Key { name, span })
    }

    /// A value; `owner` is the span of the key it belongs to (the head of
    /// an inline table).
    fn value(&mut self, owner: Span, sink: &mut Sink) -> Result<(Item<'a>, Span)> {
        let open = self.next()?;
        let start = self.span(open.span());
        match open.kind() {
            EventKind::Scalar => Ok((Item::Value(self.scalar(open)?), start)),
            EventKind::ArrayOpen => {
                let mut items = Vec::new();
                loop {
                    let Some(e) = self.peek()? else {
                        return Err(self.unexpected(None));
                    };
                    match e.kind() {
                        EventKind::ArrayClose => {
                            self.pos += 1;
                            let span = start.to(self.span(e.span()));
                            return Ok((Item::Value(Node::new(Kind::Array(items), span)), span));
                        }
                        EventKind::ValueSep => self.pos += 1,
                        _ => {
                            let (item, _) = self.value(Span::Synthetic, sink)?;
                            items.push(item.into_node());
                        }
                    }
                }
            }
            EventKind::InlineTableOpen => {
                let head = if matches!(owner, Span::Synthetic) {
                    start
                } else {
                    owner
                };
                let mut table = TTable::new(How::Inline, start);
                loop {
                    let e = self.next()?;
                    match e.kind() {
                        EventKind::InlineTableClose => {
                            let span = start.to(self.span(e.span()));
                            table.extend_to(span);
                            let mut node = table.into_node();
                            if let Kind::Table(t) = &mut node.kind {
                                t.head = head;
                            }
                            return Ok((Item::Value(node), span));
                        }
                        EventKind::ValueSep => {}
                        EventKind::SimpleKey => {
                            let (path, item, end) = self.key_value(e, sink)?;
                            table.insert(path, item, end, sink);
                        }
                        _ => return Err(self.unexpected(Some(e))),
                    }
                }
            }
            _ => Err(self.unexpected(Some(open))),
        }
    }

    /// A scalar: string, boolean, number or date-time.
    fn scalar(&self, e: Event) -> Result<Node<'a>> {
        let raw = self.source.get(e).ok_or_else(|| self.unexpected(Some(e)))?;
        let span = self.span(e.span());
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        let mut first = None;
        let kind = raw.decode_scalar(&mut text, &mut |err: ParseError| {
            first.get_or_insert(err);
        });
        if let Some(err) = first {
            return Err(self.error(&err));
        }
        let kind =
            match kind {
                ScalarKind::String => Kind::Str(text),
                ScalarKind::Boolean(b) => Kind::Bool(b),
                ScalarKind::Float => Kind::Float(text.parse().unwrap_or(f64::NAN)),
                ScalarKind::Integer(radix) => match i64::from_str_radix(&text, radix.value()) {
                    Ok(n) => Kind::Int(n),
                    Err(_) => Kind::BigInt,
                },
                ScalarKind::DateTime => match parse_datetime(&text) {
                    Some(dt) => Kind::Datetime(dt),
                    None => return Err(Box::new(msg::syntax(
                        Syntax::Toml,
                        span,
                        Text::new(
                            "日期或时间的写法有误（日期写作 2021-01-28，时间写作 14:30）",
                            "malformed date or time (write dates as 2021-01-28, times as 14:30)",
                        ),
                        Text::new("写法有误", "malformed"),
                    ))),
                },
            };
        Ok(Node::new(kind, span))
    }
}

/// Whether a bare key is a Unicode identifier-like word (our extension of
/// TOML's `A-Za-z0-9_-`).
fn unicode_bare_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '_' || c == '-' || unicode_ident::is_xid_continue(c)
        })
}
