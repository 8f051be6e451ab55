//! The workbook layout (docs/records.md, docs/design/sheets.md): which
//! sheet holds which part of a record, which column holds which key, and
//! which community each row belongs to. The result is one record tree per
//! community, built by the same code as TOML and JSON records (`build`),
//! so a sheet gets the same checks and messages; the layout itself only
//! reports what is its own (HJ620): a missing `社区一览`, a hidden sheet,
//! merged cells, a row of a community not listed.

use super::cells::{self, unusable};
use super::grid::Grid;
use super::source::SheetText;
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::record::keys::{self, KeyDef};
use crate::record::msg::{self, Sink};
use crate::record::tree::{Key, Kind, Node, Table};
use crate::span::Span;
use std::borrow::Cow;
use std::collections::HashMap;

/// What a sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Communities,
    Stages,
    Facts,
    Params,
    Positions,
    Candidates,
    Tally,
    Elected,
    Proxies,
    Voters,
    Excluded,
}

/// The sheets of the layout: the role, its Chinese names (the first is the
/// template's) and its English name.
pub(crate) const SHEETS: [(Role, &[&str], &str); 11] = [
    (Role::Communities, &["社区一览"], "communities"),
    (Role::Stages, &["阶段与日期", "阶段"], "stages"),
    (Role::Facts, &["事实"], "facts"),
    (Role::Params, &["参数"], "params"),
    (Role::Positions, &["职位", "职务"], "positions"),
    (Role::Candidates, &["候选人"], "candidates"),
    (Role::Tally, &["计票"], "tally"),
    (Role::Elected, &["当选"], "elected"),
    (Role::Proxies, &["委托投票", "委托"], "proxies"),
    (Role::Voters, &["选民"], "voters"),
    (Role::Excluded, &["不计应到"], "excluded"),
];

/// The column that says which community a row belongs to; on
/// `社区一览` it is the record's `unit`.
pub(crate) const COMMUNITY: KeyDef = KeyDef {
    en: "community",
    zh: &["社区", "单位"],
    required: true,
};

/// The column of the stage's name (阶段与日期, 计票).
pub(crate) const STAGE: KeyDef = KeyDef {
    en: "stage",
    zh: &["阶段"],
    required: true,
};

/// The columns of `社区一览` besides the community.
pub(crate) const COMMUNITY_KEYS: [KeyDef; 2] = [keys::ROOT[0], keys::ROOT[11]];

impl Role {
    /// The role of a sheet named `name`, if the layout has one.
    pub(crate) fn of(name: &str) -> Option<Role> {
        let name = name.trim();
        SHEETS
            .iter()
            .find(|(_, zh, en)| zh.contains(&name) || en.eq_ignore_ascii_case(name))
            .map(|(r, _, _)| *r)
    }

    /// The fixed keys of its columns (besides the community and the
    /// stage); `None` for facts and parameters, whose columns are named by
    /// the procedure.
    pub(crate) fn keys(self) -> Option<&'static [KeyDef]> {
        Some(match self {
            Role::Communities => &COMMUNITY_KEYS,
            Role::Stages => &keys::STAGE[..4],
            Role::Facts | Role::Params => return None,
            Role::Positions => &keys::POSITION,
            Role::Candidates => &keys::CANDIDATE,
            Role::Tally => &keys::TALLY,
            Role::Elected => &keys::ELECTED,
            Role::Proxies => &keys::PROXY,
            Role::Voters => &keys::VOTER,
            Role::Excluded => &keys::EXCLUDED,
        })
    }

    /// Whether a row names its stage in a `阶段` column.
    fn has_stage(self) -> bool {
        matches!(self, Role::Stages | Role::Tally)
    }

    /// The record's key of an array-of-tables sheet.
    fn array_key(self) -> Option<&'static str> {
        Some(match self {
            Role::Positions => "positions",
            Role::Candidates => "candidates",
            Role::Elected => "elected",
            Role::Proxies => "proxies",
            Role::Voters => "voters",
            Role::Excluded => "excluded",
            _ => return None,
        })
    }
}

/// The entries of a table being built.
type Entries = Vec<(Key<'static>, Node<'static>)>;

/// A stage being built: its key, its entries, its tally lines, its span.
type StageRows = (Key<'static>, Entries, Vec<Node<'static>>, Span);

/// A sheet of the layout, read.
pub(crate) struct Sheet<'g> {
    pub role: Role,
    pub grid: &'g Grid,
    pub text: SheetText,
}

/// A column: its header text and span, and what it is.
#[derive(Clone, Debug)]
struct Column {
    col: u32,
    name: String,
    span: Span,
    what: ColumnKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnKind {
    Community,
    Stage,
    Key,
}

/// One row's values, by column.
struct Row<'s> {
    sheet: &'s Sheet<'s>,
    span: Span,
    community: Option<usize>,
    stage: Option<(String, Span)>,
    values: Vec<(Key<'static>, Node<'static>)>,
}

/// The communities of a workbook and the rows of each sheet that belong
/// to each; the workbook-wide problems in `problems`.
pub(crate) struct Layout<'s> {
    /// `(name, span of its cell, 社区一览 row)`.
    pub communities: Vec<(String, Span, u32)>,
    rows: Vec<Row<'s>>,
    pub problems: Vec<Diagnostic>,
    /// Per community: its cell problems and readings.
    pub sinks: Vec<Sink>,
}

fn layout_error(span: Span, message: Text, label: Text, help: Option<Text>) -> Diagnostic {
    let d = Diagnostic::error(Code::SheetLayout, message).with_label(span, label);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// The header row (the first that is not empty) and its columns.
fn columns(sheet: &Sheet<'_>, problems: &mut Vec<Diagnostic>) -> (u32, Vec<Column>) {
    let Some((row, cells)) = sheet
        .grid
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| !r.is_empty())
    else {
        return (0, Vec::new());
    };
    let row = u32::try_from(row).unwrap_or(u32::MAX);
    let fixed = sheet.role.keys();
    let mut out: Vec<Column> = Vec::new();
    for (col, cell) in cells {
        let name = super::source::shown(cell).trim().to_string();
        let span = sheet.text.span(row, *col);
        if name.is_empty() {
            continue;
        }
        let what = if COMMUNITY.matches(&name) || name == "unit" {
            ColumnKind::Community
        } else if sheet.role.has_stage() && STAGE.matches(&name) {
            ColumnKind::Stage
        } else {
            ColumnKind::Key
        };
        if let (ColumnKind::Key, Some(defs)) = (what, fixed) {
            if !defs.iter().any(|d| d.matches(&name)) {
                let mut known = keys::spellings(defs);
                known.extend(COMMUNITY.zh.iter().copied().chain([COMMUNITY.en]));
                let place = Text::new(
                    format!("工作表「{}」的表头", sheet.grid.name),
                    format!("the header of the sheet `{}`", sheet.grid.name),
                );
                problems.push(msg::unknown_key(span, &name, &place, &known));
                continue;
            }
        }
        if let Some(first) = out.iter().find(|c| same_key(fixed, &c.name, &name)) {
            problems.push(msg::duplicate_key(span, first.span, &name, None));
            continue;
        }
        out.push(Column {
            col: *col,
            name,
            span,
            what,
        });
    }
    (row, out)
}

/// Whether two headers name the same column (in one spelling or two).
fn same_key(fixed: Option<&[KeyDef]>, a: &str, b: &str) -> bool {
    let both = |d: &KeyDef| d.matches(a) && d.matches(b);
    a == b || both(&COMMUNITY) || both(&STAGE) || fixed.is_some_and(|defs| defs.iter().any(both))
}

impl<'s> Layout<'s> {
    /// Reads the layout of `sheets`.
    pub(crate) fn read(sheets: &'s [Sheet<'s>]) -> Layout<'s> {
        let mut layout = Layout {
            communities: Vec::new(),
            rows: Vec::new(),
            problems: Vec::new(),
            sinks: Vec::new(),
        };
        for sheet in sheets {
            layout.refuse_hidden_and_merged(sheet);
        }
        let Some(list) = sheets.iter().find(|s| s.role == Role::Communities) else {
            let first = sheets
                .first()
                .map_or(Span::Synthetic, |s| s.text.span(0, 0));
            layout.problems.push(layout_error(
                first,
                Text::new("工作簿中没有「社区一览」工作表", "the workbook has no sheet `社区一览` (communities)"),
                Text::new("社区一览", "communities"),
                Some(Text::new(
                    "「社区一览」每行一个社区：社区、街道、程序；可用 `huanjie template 程序文件 --format xlsx` 生成空白工作簿",
                    "`社区一览` lists one community per row: 社区, 街道, 程序; `huanjie template PROCEDURE --format xlsx` writes a blank workbook",
                )),
            ));
            return layout;
        };
        layout.read_sheet(list);
        for sheet in sheets.iter().filter(|s| s.role != Role::Communities) {
            layout.read_sheet(sheet);
        }
        layout
    }

    fn refuse_hidden_and_merged(&mut self, sheet: &Sheet<'_>) {
        let name = &sheet.grid.name;
        if sheet.grid.hidden {
            self.problems.push(layout_error(
                sheet.text.span(0, 0),
                Text::new(
                    format!("工作表「{name}」是隐藏的：隐藏的内容不作为记录读取"),
                    format!("the sheet `{name}` is hidden: hidden content is not read as a record"),
                ),
                Text::new("隐藏的工作表", "hidden sheet"),
                Some(Text::new(
                    "取消隐藏该工作表（核对其内容后），或删除它",
                    "unhide the sheet (after checking what it holds), or delete it",
                )),
            ));
        }
        for ((r0, c0), (r1, c1)) in &sheet.grid.merged {
            let a = format!("{}{}", crate::span::column_name(*c0), r0 + 1);
            let b = format!("{}{}", crate::span::column_name(*c1), r1 + 1);
            self.problems.push(unusable(
                sheet.text.span(*r0, *c0),
                Text::new(
                    format!("工作表「{name}」中的 {a}:{b} 是合并单元格"),
                    format!("{a}:{b} of the sheet `{name}` are merged cells"),
                ),
                Text::new("合并单元格", "merged cells"),
                Text::new(
                    "取消合并，并在每个单元格中填写各自的值（合并后只有左上角的单元格有值）",
                    "unmerge them and fill in every cell (merged, only the top-left one holds a value)",
                ),
            ));
        }
    }

    fn read_sheet(&mut self, sheet: &'s Sheet<'s>) {
        let (header, cols) = columns(sheet, &mut self.problems);
        // Every column with a header (also one refused as unknown, which
        // is reported already).
        let header_cols: Vec<u32> = sheet
            .grid
            .rows
            .get(header as usize)
            .map(|r| r.iter().map(|(c, _)| *c).collect())
            .unwrap_or_default();
        let mut reported: Vec<u32> = Vec::new();
        let community_col = cols.iter().find(|c| c.what == ColumnKind::Community);
        let formulas: HashMap<(u32, u32), &str> = sheet
            .grid
            .formulas
            .iter()
            .map(|(r, c, f)| ((*r, *c), f.as_str()))
            .collect();
        for (r, cells) in sheet.grid.rows.iter().enumerate().skip(header as usize + 1) {
            let row = u32::try_from(r).unwrap_or(u32::MAX);
            let filled = |c: &Column| {
                cells
                    .iter()
                    .any(|(col, v)| *col == c.col && !super::source::shown(v).trim().is_empty())
            };
            if !cols
                .iter()
                .any(|c| c.what != ColumnKind::Community && filled(c))
            {
                continue;
            }
            let cell_of = |c: &Column| {
                cells
                    .iter()
                    .find(|(col, _)| *col == c.col)
                    .map_or(&super::grid::Cell::Empty, |(_, v)| v)
            };
            let name_in = |c: &Column| super::source::shown(cell_of(c)).trim().to_string();
            let community = if sheet.role == Role::Communities {
                self.list_community(sheet, row, community_col.map(|c| (c, name_in(c))))
            } else {
                self.community_of(sheet, row, community_col.map(|c| (c.col, name_in(c))))
            };
            let Some(community) = community else {
                continue;
            };
            let unheaded = |c: u32| !header_cols.contains(&c) && !reported.contains(&c);
            let stray = cells
                .iter()
                .find(|(c, v)| unheaded(*c) && !super::source::shown(v).trim().is_empty());
            if let Some((col, _)) = stray {
                // Once per column.
                reported.push(*col);
                self.problems.push(layout_error(
                    sheet.text.span(row, *col),
                    Text::new(
                        format!("工作表「{}」中这一列没有表头，其中的值无法读取", sheet.grid.name),
                        format!("this column of the sheet `{}` has no header: its values cannot be read", sheet.grid.name),
                    ),
                    Text::new("没有表头的值", "a value under no header"),
                    Some(Text::new("在第一行填写这一列的表头，或删去这些值", "give the column a header in the first row, or delete the values")),
                ));
            }
            let mut out = Row {
                sheet,
                span: sheet.text.row(row),
                community: Some(community),
                stage: None,
                values: Vec::new(),
            };
            for c in &cols {
                let span = sheet.text.span(row, c.col);
                match c.what {
                    ColumnKind::Community => {}
                    ColumnKind::Stage => {
                        let name = name_in(c);
                        out.stage = (!name.is_empty()).then_some((name, span));
                    }
                    ColumnKind::Key => {
                        let Some(sink) = self.sinks.get_mut(community) else {
                            continue;
                        };
                        let formula = formulas.get(&(row, c.col)).copied();
                        let node = cells::node(cell_of(c), formula, span, sink);
                        let key = Key {
                            name: Cow::Owned(c.name.clone()),
                            span: c.span,
                        };
                        out.values.push((key, node));
                    }
                }
            }
            self.rows.push(out);
        }
    }

    /// A row of `社区一览`: a new community.
    fn list_community(
        &mut self,
        sheet: &Sheet<'_>,
        row: u32,
        cell: Option<(&Column, String)>,
    ) -> Option<usize> {
        let span = cell
            .as_ref()
            .map_or(sheet.text.row(row), |(c, _)| sheet.text.span(row, c.col));
        let name = cell.map(|(_, n)| n).unwrap_or_default();
        if name.is_empty() {
            self.problems.push(layout_error(
                span,
                Text::new(
                    "「社区一览」的这一行没有填写社区名称",
                    "this row of `社区一览` names no community",
                ),
                Text::new("社区名称空白", "no community"),
                None,
            ));
            return None;
        }
        if let Some((_, first, _)) = self.communities.iter().find(|(n, _, _)| *n == name) {
            self.problems
                .push(msg::duplicate_key(span, *first, &name, None));
            return None;
        }
        self.communities.push((name, span, row));
        self.sinks.push(Sink::default());
        Some(self.communities.len() - 1)
    }

    /// The community a row of another sheet belongs to: its `社区` cell,
    /// else the only community.
    fn community_of(
        &mut self,
        sheet: &Sheet<'_>,
        row: u32,
        cell: Option<(u32, String)>,
    ) -> Option<usize> {
        let only = (self.communities.len() == 1).then_some(0);
        let Some((col, name)) = cell else {
            if only.is_none() {
                self.problems.push(layout_error(
                    sheet.text.row(row),
                    Text::new(
                        format!("工作表「{}」没有「社区」列，无法判断这一行属于哪个社区", sheet.grid.name),
                        format!("the sheet `{}` has no `社区` column: whose row this is cannot be told", sheet.grid.name),
                    ),
                    Text::new("属于哪个社区？", "which community?"),
                    Some(Text::new(
                        "工作簿中有多个社区时，每个工作表的第一列应为「社区」",
                        "when a workbook holds several communities, every sheet starts with a `社区` column",
                    )),
                ));
            }
            return only;
        };
        let span = sheet.text.span(row, col);
        if name.is_empty() {
            if only.is_none() {
                self.problems.push(layout_error(
                    span,
                    Text::new("这一行没有填写社区", "this row names no community"),
                    Text::new("社区空白", "no community"),
                    None,
                ));
            }
            return only;
        }
        if let Some(i) = self.communities.iter().position(|(n, _, _)| *n == name) {
            return Some(i);
        }
        let hint = did_you_mean(&name, self.communities.iter().map(|(n, _, _)| n.as_str()));
        let mut d = layout_error(
            span,
            Text::new(
                format!("社区 `{name}` 不在「社区一览」中"),
                format!("the community `{name}` is not listed in `社区一览`"),
            ),
            Text::new("未列出的社区", "not listed"),
            None,
        );
        if let Some(h) = hint {
            d = d.with_help(did_you_mean_help(h));
        }
        self.problems.push(d);
        None
    }

    /// The record tree of community `i`; a stage given twice goes to
    /// `sink`.
    pub(crate) fn tree(&self, i: usize, sink: &mut Sink) -> Option<Node<'static>> {
        let (name, span, _) = self.communities.get(i)?;
        let mut root: Vec<(Key<'static>, Node<'static>)> = Vec::new();
        let key = |name: &str, span: Span| Key {
            name: Cow::Owned(name.to_string()),
            span,
        };
        let table = |entries, head| Node::new(Kind::Table(Table { entries, head }), head);
        root.push((
            key("unit", *span),
            Node::new(Kind::Str(Cow::Owned(name.clone())), *span),
        ));
        let mine = || self.rows.iter().filter(move |r| r.community == Some(i));
        let mut stages: Vec<StageRows> = Vec::new();
        let mut arrays: Vec<(&str, Vec<Node<'static>>, Span)> = Vec::new();
        let mut facts: Vec<(&str, Entries, Span)> = Vec::new();
        let mut stage_facts: Vec<(String, Span, Key<'static>, Node<'static>)> = Vec::new();
        for row in mine() {
            let values = row.values.clone();
            match row.sheet.role {
                Role::Communities => root.extend(values),
                Role::Stages => {
                    let Some((stage, at)) = &row.stage else {
                        continue;
                    };
                    match stages.iter_mut().find(|(k, ..)| k.name == stage.as_str()) {
                        Some((first, given, ..)) if given.iter().any(|(k, _)| k.name != "事实") =>
                        {
                            sink.push(msg::duplicate_key(*at, first.span, stage, None));
                        }
                        Some((first, given, _, whole)) => {
                            *first = key(stage, *at);
                            given.extend(values);
                            *whole = row.span;
                        }
                        None => stages.push((key(stage, *at), values, Vec::new(), row.span)),
                    }
                }
                Role::Tally => {
                    let Some((stage, at)) = &row.stage else {
                        continue;
                    };
                    let line = table(values, row.span);
                    match stages.iter_mut().find(|(k, ..)| k.name == stage.as_str()) {
                        Some((_, _, tally, _)) => tally.push(line),
                        None => stages.push((key(stage, *at), Vec::new(), vec![line], row.span)),
                    }
                }
                Role::Facts | Role::Params => {
                    let which = if row.sheet.role == Role::Facts {
                        "facts"
                    } else {
                        "params"
                    };
                    let mut whole = Vec::new();
                    for (k, v) in values {
                        match k.name.split_once('.').filter(|_| which == "facts") {
                            Some((stage, fact)) => {
                                let fact_key = key(fact, k.span);
                                stage_facts.push((stage.to_string(), k.span, fact_key, v));
                            }
                            None => whole.push((k, v)),
                        }
                    }
                    facts.push((which, whole, row.span));
                }
                role => {
                    if let Some(name) = role.array_key() {
                        let item = table(values, row.span);
                        match arrays.iter_mut().find(|(n, ..)| *n == name) {
                            Some((_, items, _)) => items.push(item),
                            None => arrays.push((name, vec![item], row.sheet.text.row(0))),
                        }
                    }
                }
            }
        }
        for (which, entries, head) in facts {
            root.push((key(which, head), table(entries, head)));
        }
        for (stage, at, k, v) in stage_facts {
            let given = stages.iter_mut().find(|(s, ..)| s.name == stage.as_str());
            match given {
                Some((_, values, _, _)) => {
                    match values.iter_mut().find(|(fk, _)| fk.name == "事实") {
                        Some((
                            _,
                            Node {
                                kind: Kind::Table(t),
                                ..
                            },
                        )) => t.entries.push((k, v)),
                        _ => values.push((key("事实", at), table(vec![(k, v)], at))),
                    }
                }
                // A stage with no row did not take place: its blank facts
                // are not asked for; a filled one makes the stage recorded.
                None if !matches!(v.kind, Kind::Null) => {
                    stages.push((
                        key(&stage, at),
                        vec![(key("事实", at), table(vec![(k, v)], at))],
                        Vec::new(),
                        at,
                    ));
                }
                None => {}
            }
        }
        let stage_nodes = stages
            .into_iter()
            .map(|(k, mut values, tally, span)| {
                if !tally.is_empty() {
                    values.push((key("计票", span), Node::new(Kind::Array(tally), span)));
                }
                (k, table(values, span))
            })
            .collect::<Vec<_>>();
        if !stage_nodes.is_empty() {
            root.push((key("stages", *span), table(stage_nodes, *span)));
        }
        for (name, items, head) in arrays {
            root.push((key(name, head), Node::new(Kind::Array(items), head)));
        }
        Some(table(root, *span))
    }
}
