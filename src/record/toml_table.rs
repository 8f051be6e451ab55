//! TOML's tables: `[headers]`, `[[arrays of tables]]`, dotted keys and
//! inline tables, assembled into the value tree with every key's span, and
//! every key or table defined twice reported (HJ607).

use super::msg::{self, Sink};
use super::tree::{Key, Kind, Node, Table};
use crate::span::Span;
use std::borrow::Cow;
use std::collections::HashMap;

/// Tables with more entries than this get a hash index.
const INDEX_FROM: usize = 16;

/// How a table came to be: the TOML rules on defining it again differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum How {
    /// Only named as a prefix of a header (`a` in `[a.b]`): a later `[a]`
    /// may still define it.
    Implicit,
    /// Defined by its own `[header]` (or is the root).
    Header,
    /// Created by a dotted key (`a.b = 1` creates `a`).
    Dotted,
    /// An inline table `{ … }`: closed once written.
    Inline,
}

/// An entry of a table under assembly.
pub(super) enum Item<'a> {
    Value(Node<'a>),
    Table(TTable<'a>),
    /// An array of tables (`[[name]]`).
    Tables(Vec<TTable<'a>>),
}

/// A table under assembly.
pub(super) struct TTable<'a> {
    entries: Vec<(Key<'a>, Item<'a>)>,
    index: Option<HashMap<Cow<'a, str>, usize>>,
    how: How,
    /// See [`Table::head`].
    head: Span,
    /// The text the table covers: its header (or first key) to its last value.
    span: Span,
}

impl<'a> TTable<'a> {
    /// An empty table created `how`, pointed at by `head`.
    pub(super) fn new(how: How, head: Span) -> TTable<'a> {
        TTable {
            entries: Vec::new(),
            index: None,
            how,
            head,
            span: head,
        }
    }

    /// The position of `name` among the entries.
    fn find(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(k, _)| k.name == name),
        }
    }

    /// Appends an entry (the caller has checked that `key` is new).
    fn push(&mut self, key: Key<'a>, item: Item<'a>) -> usize {
        let i = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.name.clone(), i);
        }
        self.entries.push((key, item));
        if self.index.is_none() && self.entries.len() > INDEX_FROM {
            let index = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.name.clone(), i))
                .collect();
            self.index = Some(index);
        }
        i
    }

    /// Widens the table's span to cover `span`.
    pub(super) fn extend_to(&mut self, span: Span) {
        self.span = self.span.to(span);
    }

    /// The sub-table at `steps` (entry positions from this table; an array
    /// of tables is entered at its last table).
    pub(super) fn at(&mut self, steps: &[usize]) -> Option<&mut TTable<'a>> {
        let mut t = self;
        for &i in steps {
            t = match t.entries.get_mut(i) {
                Some((_, Item::Table(sub))) => sub,
                Some((_, Item::Tables(list))) => list.last_mut()?,
                _ => return None,
            };
        }
        Some(t)
    }

    /// Opens `[path]` (or `[[path]]` when `array`): creates what is missing
    /// and returns the steps to the table that the following keys go into.
    /// `None` when the header defines something again (reported).
    pub(super) fn open(
        &mut self,
        path: Vec<Key<'a>>,
        header: Span,
        array: bool,
        sink: &mut Sink,
    ) -> Option<Vec<usize>> {
        let mut steps = Vec::with_capacity(path.len());
        let last = path.len().checked_sub(1)?;
        let mut t = self;
        for (n, key) in path.into_iter().enumerate() {
            let is_last = n == last;
            let i = match t.find(&key.name) {
                None => {
                    let item = if is_last && array {
                        Item::Tables(vec![TTable::new(How::Header, header)])
                    } else if is_last {
                        Item::Table(TTable::new(How::Header, header))
                    } else {
                        Item::Table(TTable::new(How::Implicit, key.span))
                    };
                    t.push(key, item)
                }
                Some(i) => {
                    let (first, item) = t.entries.get_mut(i)?;
                    let again = match item {
                        Item::Table(sub) if is_last && !array && sub.how == How::Implicit => {
                            sub.how = How::Header;
                            sub.head = header;
                            sub.span = header;
                            false
                        }
                        Item::Table(sub) => is_last || sub.how == How::Inline,
                        Item::Tables(list) if is_last && array => {
                            list.push(TTable::new(How::Header, header));
                            false
                        }
                        Item::Tables(_) => is_last,
                        Item::Value(_) => true,
                    };
                    if again {
                        sink.push(msg::duplicate_key(key.span, first.span, &key.name, None));
                        return None;
                    }
                    i
                }
            };
            steps.push(i);
            t = match t.entries.get_mut(i) {
                Some((_, Item::Table(sub))) => sub,
                Some((_, Item::Tables(list))) => list.last_mut()?,
                _ => return None,
            };
        }
        Some(steps)
    }

    /// Adds `a.b.c = value` to this table. A key (or dotted prefix) that is
    /// already defined is reported and the value dropped.
    pub(super) fn insert(
        &mut self,
        path: Vec<Key<'a>>,
        item: Item<'a>,
        end: Span,
        sink: &mut Sink,
    ) {
        self.extend_to(end);
        let Some(last) = path.len().checked_sub(1) else {
            return;
        };
        let mut t = self;
        let mut item = Some(item);
        for (n, key) in path.into_iter().enumerate() {
            if n == last {
                match t.find(&key.name) {
                    Some(i) => {
                        let first = t.entries.get(i).map_or(key.span, |(k, _)| k.span);
                        sink.push(msg::duplicate_key(key.span, first, &key.name, None));
                    }
                    None => {
                        if let Some(item) = item.take() {
                            t.push(key, item);
                        }
                    }
                }
                return;
            }
            let i = match t.find(&key.name) {
                None => t.push(key.clone(), Item::Table(TTable::new(How::Dotted, key.span))),
                Some(i) => match t.entries.get(i) {
                    Some((_, Item::Table(sub)))
                        if matches!(sub.how, How::Dotted | How::Implicit) =>
                    {
                        i
                    }
                    Some((first, _)) => {
                        sink.push(msg::duplicate_key(key.span, first.span, &key.name, None));
                        return;
                    }
                    None => return,
                },
            };
            t = match t.entries.get_mut(i) {
                Some((_, Item::Table(sub))) => {
                    sub.extend_to(end);
                    sub
                }
                _ => return,
            };
        }
    }

    /// The finished table as a tree node.
    pub(super) fn into_node(self) -> Node<'a> {
        let entries = self
            .entries
            .into_iter()
            .map(|(k, item)| (k, item.into_node()))
            .collect();
        Node::new(
            Kind::Table(Table {
                entries,
                head: self.head,
            }),
            self.span,
        )
    }
}

impl<'a> Item<'a> {
    /// The finished entry as a tree node.
    pub(super) fn into_node(self) -> Node<'a> {
        match self {
            Item::Value(node) => node,
            Item::Table(t) => t.into_node(),
            Item::Tables(list) => {
                let span = match (list.first(), list.last()) {
                    (Some(a), Some(b)) => a.span.to(b.span),
                    _ => Span::Synthetic,
                };
                let items = list.into_iter().map(TTable::into_node).collect();
                Node::new(Kind::Array(items), span)
            }
        }
    }
}
