//! Completion: keywords in both languages, and the names in scope where the
//! cursor is.
//!
//! The text being typed rarely parses, so where the cursor is comes from a
//! lexical scan of the current text ([`Context`]): the open blocks around it
//! (`程序 X {`, `阶段 Y {`, `规则组 Z {`), the first word of its line and the
//! word before it, and whether it is in a string or comment. The names come
//! from the latest analysis that knows the enclosing procedure (the one
//! before the typing broke it) and, as a fallback, from the declarations
//! the scan sees in the text itself.
//!
//! The keywords are read from the grammar (`grammar/huanjie.pest`), so a
//! keyword added there is offered here without another list to keep.

use super::index::is_name_char;
use super::workspace::Analysis;
use crate::diag::{Lang, Text};
use crate::resolve::{Builtin, Coll, EnumValue, FactScope, Procedure};
use lsp_types::{CompletionItem, CompletionItemKind};
use std::collections::HashSet;

const GRAMMAR: &str = include_str!("../../grammar/huanjie.pest");

/// Every keyword of the grammar with the pair it belongs to (`阶段 / stage`).
pub fn keywords() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in GRAMMAR.lines() {
        let Some((rule, body)) = line.split_once("= @{") else {
            continue;
        };
        let rule = rule.trim();
        // The keyword rules, the comparatives, the units (not the literals).
        let comparative = ["cn_ne", "cn_gt", "cn_lt", "cn_eq", "cn_majority", "cn_half"];
        let wanted = rule.starts_with("kw_")
            || (rule.starts_with("cmp_") && rule.ends_with("_word"))
            || comparative.contains(&rule)
            || rule.starts_with("post_")
            || rule.starts_with("unit_");
        if !wanted {
            continue;
        }
        let body = body.split("!XID_CONTINUE").next().unwrap_or("");
        let tokens = pest_tokens(body);
        let spellings: Vec<String> = Alternatives {
            tokens: &tokens,
            at: 0,
        }
        .parse()
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
        let pair = spellings.join(" / ");
        for s in &spellings {
            out.push((s.clone(), pair.clone()));
        }
    }
    out
}

/// The strings, `|` and parentheses of a pest expression (`~ ws1 ~` is the
/// space between words).
fn pest_tokens(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push(format!(
                "\"{}",
                chars.by_ref().take_while(|c| *c != '"').collect::<String>()
            )),
            '|' | '(' | ')' => out.push(c.to_string()),
            _ => {}
        }
    }
    out
}

/// Every spelling of a pest expression made of strings, sequences,
/// alternatives and parentheses: `("less" | "fewer") ~ ws1 ~ "than"` is
/// `less than` and `fewer than`.
struct Alternatives<'a> {
    tokens: &'a [String],
    at: usize,
}

impl Alternatives<'_> {
    fn parse(&mut self) -> Vec<String> {
        let mut out = self.sequence();
        while self.tokens.get(self.at).is_some_and(|t| t == "|") {
            self.at += 1;
            out.extend(self.sequence());
        }
        out
    }

    fn sequence(&mut self) -> Vec<String> {
        let mut out = vec![String::new()];
        while let Some(t) = self.tokens.get(self.at).filter(|t| *t != "|" && *t != ")") {
            self.at += 1;
            let parts = if t == "(" {
                let inner = self.parse();
                self.at += 1;
                inner
            } else {
                vec![t.trim_start_matches('"').to_string()]
            };
            out = out
                .iter()
                .flat_map(|a| {
                    parts
                        .iter()
                        .map(move |b| match (a.is_empty(), b.is_empty()) {
                            (false, false) => format!("{a} {b}"),
                            _ => format!("{a}{b}"),
                        })
                })
                .collect();
        }
        out
    }
}

/// Where the cursor is, as far as the text before it shows.
#[derive(Debug, Default)]
pub struct Context {
    /// The open blocks, outermost first: `(keyword, name)`.
    pub blocks: Vec<(String, String)>,
    /// The first word of the cursor's line (none at the start of a line).
    pub line_head: Option<String>,
    /// The word before the one being typed.
    pub previous: Option<String>,
    /// Inside a string or a comment: nothing to complete.
    pub quiet: bool,
    /// `(keyword, name)` of every declaration in the whole text.
    pub declared: Vec<(String, String)>,
}

/// Scans `text` for the context of byte `offset`.
pub fn context(text: &str, offset: usize) -> Context {
    let mut cx = Context::default();
    let mut line: Vec<String> = Vec::new();
    let mut all: Vec<String> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, line: &mut Vec<String>, all: &mut Vec<String>| {
        if !word.is_empty() {
            line.push(word.clone());
            all.push(std::mem::take(word));
        }
    };
    let before = |i: usize| i < offset;
    while let Some((i, c)) = chars.next() {
        let open_before_cursor = before(i);
        if is_name_char(c) {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut line, &mut all);
        match c {
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                let end = text
                    .get(i..)
                    .and_then(|r| r.find('\n'))
                    .map_or(text.len(), |n| i + n);
                if i < offset && offset <= end {
                    cx.quiet = true;
                }
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '*') => {
                let end = text
                    .get(i + 2..)
                    .and_then(|r| r.find("*/"))
                    .map_or(text.len(), |n| i + 2 + n + 2);
                if i < offset && offset < end {
                    cx.quiet = true;
                }
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '"' | '“' => {
                let close = if c == '"' { '"' } else { '”' };
                let mut end = text.len();
                let mut escaped = false;
                for (j, d) in chars.by_ref() {
                    if d == '\n' || (d == close && !escaped) {
                        end = j;
                        break;
                    }
                    escaped = c == '"' && d == '\\' && !escaped;
                }
                if i < offset && offset <= end {
                    cx.quiet = true;
                }
            }
            '{' => {
                if open_before_cursor {
                    let head = line.first().cloned().unwrap_or_default();
                    let name = line.get(1).cloned().unwrap_or_default();
                    cx.blocks.push((head, name));
                }
                line.clear();
            }
            '}' => {
                if open_before_cursor {
                    cx.blocks.pop();
                }
                line.clear();
            }
            '\n' if open_before_cursor => line.clear(),
            _ => {}
        }
    }
    flush(&mut word, &mut line, &mut all);
    let (head, previous) = line_before(text, offset);
    cx.line_head = head;
    cx.previous = previous;
    for pair in all.windows(2) {
        if let [kw, name] = pair {
            if DECLARING.contains(&kw.as_str()) {
                cx.declared.push((kw.clone(), name.clone()));
            }
        }
    }
    cx
}

const DECLARING: &[&str] = &[
    "事实",
    "fact",
    "参数",
    "param",
    "阶段",
    "stage",
    "环节",
    "phase",
    "职务",
    "position",
    "依据文件",
    "basis",
    "规则组",
    "ruleset",
];
const RULE_HEADS: &[&str] = &["要求", "require", "法定人数", "quorum", "当选", "elect"];

/// The first word of the line before `offset`, and the last whole word
/// before the one being typed.
fn line_before(text: &str, offset: usize) -> (Option<String>, Option<String>) {
    let upto = text.get(..offset).unwrap_or(text);
    let line = upto.rsplit('\n').next().unwrap_or("");
    let words: Vec<&str> = line
        .split(|c: char| !is_name_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    let typing = line.chars().next_back().is_some_and(is_name_char);
    let complete = if typing {
        words.len().saturating_sub(1)
    } else {
        words.len()
    };
    let head = words
        .first()
        .filter(|_| complete > 0)
        .map(|w| w.to_string());
    let previous = complete
        .checked_sub(1)
        .and_then(|i| words.get(i))
        .map(|w| w.to_string());
    (head, previous)
}

/// The completions at `offset` of `text`; `analyses` are searched in order
/// for the enclosing procedure's names.
pub fn complete(
    text: &str,
    offset: usize,
    analyses: &[&Analysis],
    lang: Lang,
) -> Vec<CompletionItem> {
    let cx = context(text, offset);
    if cx.quiet {
        return Vec::new();
    }
    let proc_name = cx
        .blocks
        .iter()
        .find(|(k, _)| k == "程序" || k == "procedure")
        .map(|(_, n)| n.clone());
    let stage_name = cx
        .blocks
        .iter()
        .rev()
        .find(|(k, _)| k == "阶段" || k == "stage")
        .map(|(_, n)| n.clone());
    let proc = proc_name.as_deref().and_then(|n| {
        analyses.iter().find_map(|a| {
            a.program
                .as_ref()
                .and_then(|p| p.procedure(n))
                .map(|(_, p)| p)
        })
    });
    let mut items = Items::default();
    let prev = cx.previous.as_deref().unwrap_or("");
    if prev == "依据" || prev == "per" {
        if let Some(p) = proc {
            for b in &p.bases {
                items.add(
                    &b.name.name,
                    CompletionItemKind::REFERENCE,
                    Some(b.title.clone()),
                );
            }
        }
        items.declared(&cx, &["依据文件", "basis"], CompletionItemKind::REFERENCE);
        return items.list;
    }
    if cx.line_head.is_none() {
        items.keywords(lang);
        return items.list;
    }
    let in_rule = cx
        .line_head
        .as_deref()
        .is_some_and(|h| RULE_HEADS.contains(&h))
        || cx
            .line_head
            .as_deref()
            .is_some_and(|h| h == "阶段" || h == "stage");
    if let Some(p) = proc {
        names(&mut items, p, stage_name.as_deref(), in_rule, lang);
    }
    items.declared(&cx, &["事实", "fact"], CompletionItemKind::FIELD);
    items.declared(&cx, &["参数", "param"], CompletionItemKind::CONSTANT);
    items.declared(&cx, &["职务", "position"], CompletionItemKind::ENUM_MEMBER);
    items.declared(
        &cx,
        &["阶段", "stage", "环节", "phase"],
        CompletionItemKind::EVENT,
    );
    if in_rule {
        for f in Builtin::all_names() {
            items.add(f, CompletionItemKind::FUNCTION, None);
        }
        for v in EnumValue::all_names().chain(Coll::all_names()) {
            items.add(v, CompletionItemKind::ENUM_MEMBER, None);
        }
    }
    items.keywords(lang);
    items.list
}

/// The names of `p` visible at the cursor: in stage `stage`, its own facts
/// unqualified and the other stages' as `STAGE.fact`.
fn names(items: &mut Items, p: &Procedure, stage: Option<&str>, in_rule: bool, lang: Lang) {
    let here = stage.and_then(|s| p.stage(s)).map(|(id, _)| id);
    for f in &p.facts {
        let ty = f.ty.describe();
        let label = Text::new(format!("事实 · {}", ty.zh), format!("fact · {}", ty.en));
        match f.scope {
            FactScope::Procedure => items.add(
                &f.name.name,
                CompletionItemKind::FIELD,
                Some(label.get(lang).to_string()),
            ),
            FactScope::Stage(s) if Some(s) == here => items.add(
                &f.name.name,
                CompletionItemKind::FIELD,
                Some(label.get(lang).to_string()),
            ),
            FactScope::Stage(s) if in_rule => {
                if let Some(st) = p.stages.get(s.0) {
                    let q = format!("{}.{}", st.name.name, f.name.name);
                    items.add(
                        &q,
                        CompletionItemKind::FIELD,
                        Some(label.get(lang).to_string()),
                    );
                }
            }
            FactScope::Stage(_) => {}
        }
    }
    for x in &p.params {
        let ty = x.ty.describe();
        let label = Text::new(
            format!("参数 · {}", ty.zh),
            format!("parameter · {}", ty.en),
        );
        items.add(
            &x.name.name,
            CompletionItemKind::CONSTANT,
            Some(label.get(lang).to_string()),
        );
    }
    for x in &p.positions {
        let label = Text::new("职务", "position");
        items.add(
            &x.name.name,
            CompletionItemKind::ENUM_MEMBER,
            Some(label.get(lang).to_string()),
        );
    }
    for x in &p.stages {
        let label = Text::new("阶段", "stage");
        items.add(
            &x.name.name,
            CompletionItemKind::EVENT,
            Some(label.get(lang).to_string()),
        );
    }
    for x in &p.phases {
        let label = Text::new("环节", "phase");
        items.add(
            &x.name.name,
            CompletionItemKind::MODULE,
            Some(label.get(lang).to_string()),
        );
    }
}

#[derive(Default)]
struct Items {
    seen: HashSet<String>,
    list: Vec<CompletionItem>,
}

impl Items {
    fn add(&mut self, label: &str, kind: CompletionItemKind, detail: Option<String>) {
        if label.is_empty() || !self.seen.insert(label.to_string()) {
            return;
        }
        self.list.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            ..CompletionItem::default()
        });
    }

    fn declared(&mut self, cx: &Context, kws: &[&str], kind: CompletionItemKind) {
        for (kw, name) in &cx.declared {
            if kws.contains(&kw.as_str()) {
                self.add(name, kind, None);
            }
        }
    }

    fn keywords(&mut self, lang: Lang) {
        let word = Text::new("关键字", "keyword");
        for (k, pair) in keywords() {
            self.add(
                &k,
                CompletionItemKind::KEYWORD,
                Some(format!("{} · {pair}", word.get(lang))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_come_from_the_grammar_in_both_languages() {
        let kws = keywords();
        let has = |k: &str| kws.iter().any(|(w, _)| w == k);
        for k in [
            "程序",
            "procedure",
            "阶段",
            "stage",
            "for each",
            "每个",
            "过半数",
            "不少于",
            "之日起",
        ] {
            assert!(has(k), "missing keyword {k}");
        }
        let pair = kws
            .iter()
            .find(|(w, _)| w == "阶段")
            .map(|(_, p)| p.as_str());
        assert_eq!(pair, Some("stage / 阶段"));
        assert!(has("less than") && has("fewer than") && !has("less"));
        assert!(has("working day") && has("working days"));
    }

    #[test]
    fn the_scan_finds_blocks_lines_strings_and_comments() {
        let text = "程序 甲 {\n  阶段 乙 \"标题 {\" {\n    要求 人数 \n  }\n  // 注释 x\n}";
        let at = text.find("人数 ").map(|i| i + "人数 ".len()).unwrap_or(0);
        let cx = context(text, at);
        assert_eq!(
            cx.blocks,
            vec![("程序".into(), "甲".into()), ("阶段".into(), "乙".into())]
        );
        assert_eq!(cx.line_head.as_deref(), Some("要求"));
        assert_eq!(cx.previous.as_deref(), Some("人数"));
        assert!(!cx.quiet);
        let in_comment = text.find("注释").unwrap_or(0) + 3;
        assert!(context(text, in_comment).quiet);
        let in_title = text.find("标题").unwrap_or(0) + 3;
        assert!(context(text, in_title).quiet);
        assert!(cx.declared.contains(&("阶段".into(), "乙".into())));
    }
}
