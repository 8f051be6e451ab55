//! Rule sets: `ruleset NAME { … }` / `规则组 NAME { … }` and, in a stage,
//! `apply NAME` / `沿用 程序.NAME` (docs/design/rulesets.md).
//!
//! [`expand`] rewrites the parsed files before names are resolved: every
//! `apply` becomes the set's rules, cloned with their spans, so that the
//! resolver, the IR and the checker see ordinary rules that point at the
//! set's own lines. A basis a set cites and the applying procedure lacks is
//! copied in with the rules. What was applied where is returned, so that a
//! diagnostic inside an applied rule can also point at the `apply` line.

use super::{declare, ProcId};
use crate::ast::{self, ProcItem, StageItem};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Label, Text};
use crate::span::{FileId, Span};
use std::collections::{HashMap, HashSet};

/// What [`expand`] did, for the resolver.
#[derive(Default)]
pub(crate) struct Expansion {
    /// Per procedure name: (span of an applied rule, span of the `apply`).
    pub applied: HashMap<String, Vec<(Span, Span)>>,
    /// Per procedure name: the bases its own rule sets cite (used even when
    /// the procedure applies none of its sets).
    pub cited: HashMap<String, HashSet<String>>,
}

impl Expansion {
    /// Adds “applied here” to the diagnostics (of procedure `proc`) whose
    /// primary label lies inside a rule that procedure applied.
    pub fn annotate(&self, proc: &str, diags: &mut [Diagnostic]) {
        let Some(applied) = self.applied.get(proc) else {
            return;
        };
        for d in diags {
            let Some(primary) = d.labels.first().map(|l| l.span) else {
                continue;
            };
            let mut uses: Vec<Span> = applied
                .iter()
                .filter(|(rule, _)| inside(primary, *rule))
                .map(|(_, apply)| *apply)
                .collect();
            uses.dedup_by(|a, b| a.range() == b.range() && a.file() == b.file());
            for apply in uses {
                d.labels.push(Label {
                    span: apply,
                    text: Text::new("规则组在此沿用", "the rule set is applied here"),
                });
            }
        }
    }
}

fn inside(inner: Span, outer: Span) -> bool {
    match (inner.range(), outer.range()) {
        (Some((a, b)), Some((c, d))) => inner.file() == outer.file() && c <= a && b <= d,
        _ => false,
    }
}

/// A rule set and the procedure that declares it.
struct Set<'a> {
    set: &'a ast::RuleSet,
    owner: &'a ast::Procedure,
}

/// The files with every `apply` replaced by the rules of its set.
pub(crate) fn expand(
    files: &[(FileId, ast::File)],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(FileId, ast::File)>, Expansion) {
    let mut sets: HashMap<(&str, &str), Set<'_>> = HashMap::new();
    let mut by_proc: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut expansion = Expansion::default();
    for (_, f) in files {
        for item in &f.items {
            let ast::Item::Procedure(p) = item else {
                continue;
            };
            let mut names: HashMap<&str, (ProcId, Span)> = HashMap::new();
            for item in &p.items {
                let ProcItem::RuleSet(set) = item else {
                    continue;
                };
                declare(&mut names, &set.name, ProcId(0), diags, set_help());
                let key = (p.name.name.as_str(), set.name.name.as_str());
                sets.entry(key).or_insert(Set { set, owner: p });
                by_proc
                    .entry(p.name.name.as_str())
                    .or_default()
                    .push(set.name.name.as_str());
                let cited = expansion.cited.entry(p.name.name.clone()).or_default();
                cited.extend(
                    set.rules
                        .iter()
                        .filter_map(|r| Some(r.per.as_ref()?.basis.name.clone())),
                );
            }
        }
    }
    let procedures: HashSet<&str> = files
        .iter()
        .flat_map(|(_, f)| &f.items)
        .filter_map(|i| match i {
            ast::Item::Procedure(p) => Some(p.name.name.as_str()),
            ast::Item::Plan(_) => None,
        })
        .collect();
    let lookup = Lookup {
        sets: &sets,
        by_proc: &by_proc,
        procedures: &procedures,
    };
    let mut out = Vec::with_capacity(files.len());
    for (id, f) in files {
        let mut f = f.clone();
        for item in &mut f.items {
            if let ast::Item::Procedure(p) = item {
                let applied = lookup.procedure(p, diags);
                if !applied.is_empty() {
                    expansion.applied.insert(p.name.name.clone(), applied);
                }
            }
        }
        out.push((*id, f));
    }
    (out, expansion)
}

fn set_help() -> Text {
    Text::new(
        "同一程序中的规则组名称必须互不相同",
        "the rule sets of one procedure need distinct names",
    )
}

struct Lookup<'l, 'a> {
    sets: &'l HashMap<(&'a str, &'a str), Set<'a>>,
    by_proc: &'l HashMap<&'a str, Vec<&'a str>>,
    procedures: &'l HashSet<&'a str>,
}

impl<'l, 'a> Lookup<'l, 'a> {
    /// Expands the `apply` items of `p`; returns (rule span, apply span).
    fn procedure(&self, p: &mut ast::Procedure, diags: &mut Vec<Diagnostic>) -> Vec<(Span, Span)> {
        let own = p.name.name.clone();
        let mut applied = Vec::new();
        let mut bases: Vec<ast::BasisDecl> = Vec::new();
        let declared: Vec<ast::BasisDecl> = p
            .items
            .iter()
            .filter_map(|i| match i {
                ProcItem::Basis(b) => Some(b.clone()),
                _ => None,
            })
            .collect();
        let mut stages: Vec<&mut ast::Stage> = Vec::new();
        for item in &mut p.items {
            match item {
                ProcItem::Stage(st) => stages.push(st),
                ProcItem::Phase(ph) => stages.extend(ph.stages.iter_mut()),
                _ => {}
            }
        }
        for st in stages {
            if !st.items.iter().any(|i| matches!(i, StageItem::Apply(_))) {
                continue;
            }
            let items = std::mem::take(&mut st.items);
            for item in items {
                let StageItem::Apply(apply) = item else {
                    st.items.push(item);
                    continue;
                };
                let Some(set) = self.find(&own, &apply, diags) else {
                    continue;
                };
                for rule in &set.set.rules {
                    applied.push((rule.span, apply.span));
                    st.items.push(StageItem::Rule(ast::Rule {
                        applied: Some(apply.name.name.clone()),
                        ..rule.clone()
                    }));
                }
                if set.owner.name.name != own {
                    self.bases(set, &apply, &declared, &mut bases, diags);
                }
            }
        }
        p.items.extend(bases.into_iter().map(ProcItem::Basis));
        applied
    }

    /// The set `apply` names, or a diagnostic.
    fn find(
        &self,
        own: &str,
        apply: &ast::Apply,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<&'l Set<'a>> {
        let written = apply.name.name.as_str();
        let (proc, name) = match written.rsplit_once('.') {
            Some((proc, name)) => (proc, name),
            None => (own, written),
        };
        let found = self
            .sets
            .iter()
            .find(|((p, n), _)| *p == proc && *n == name)
            .map(|(_, set)| set);
        if found.is_some() {
            return found;
        }
        if !self.procedures.contains(proc) {
            let known = self.procedures.iter().copied();
            let mut d = Diagnostic::error(
                Code::UnknownProcedure,
                Text::new(
                    format!("程序 `{proc}` 不存在，无法沿用它的规则组 `{name}`"),
                    format!("no procedure `{proc}`, whose rule set `{name}` is applied"),
                ),
            )
            .with_label(
                apply.name.span,
                Text::new("此程序未加载", "no such procedure loaded"),
            );
            d = match did_you_mean(proc, known) {
                Some(s) => d.with_help(did_you_mean_help(s)),
                None => d.with_help(Text::new(
                    "规则组所在的程序必须在同一命令所加载的文件中：把它的文件也加入命令行",
                    "the procedure of the rule set must be in a file given to the same command: add its file",
                )),
            };
            diags.push(d);
            return None;
        }
        let known = self.by_proc.get(proc).cloned().unwrap_or_default();
        let mut d = Diagnostic::error(
            Code::UnknownRuleSet,
            Text::new(
                format!("程序 `{proc}` 中没有规则组 `{name}`"),
                format!("the procedure `{proc}` has no rule set `{name}`"),
            ),
        )
        .with_label(
            apply.name.span,
            Text::new("未定义的规则组", "no such rule set"),
        );
        d = match did_you_mean(name, known.iter().copied()) {
            Some(s) => d.with_help(did_you_mean_help(s)),
            None if known.is_empty() => d.with_help(Text::new(
                format!("程序 `{proc}` 没有规则组；规则组写作 `规则组 名称 {{ 规则… }}`"),
                format!(
                    "`{proc}` declares no rule sets; declare one with `ruleset NAME {{ rules }}`"
                ),
            )),
            None => d.with_help(Text::new(
                format!("`{proc}` 的规则组：{}", known.join("、")),
                format!("the rule sets of `{proc}`: {}", known.join(", ")),
            )),
        };
        diags.push(d);
        None
    }

    /// Copies in the bases `set` cites that the applying procedure lacks.
    fn bases(
        &self,
        set: &Set<'_>,
        apply: &ast::Apply,
        declared: &[ast::BasisDecl],
        added: &mut Vec<ast::BasisDecl>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let cited: Vec<&str> = set
            .set
            .rules
            .iter()
            .filter_map(|r| Some(r.per.as_ref()?.basis.name.as_str()))
            .collect();
        for name in cited {
            let Some(theirs) = set.owner.items.iter().find_map(|i| match i {
                ProcItem::Basis(b) if b.name.name == name => Some(b),
                _ => None,
            }) else {
                // Reported as an unknown basis where the rule is resolved.
                continue;
            };
            match declared.iter().find(|b| b.name.name == name) {
                Some(ours) if ours.title.value != theirs.title.value => {
                    diags.push(
                        Diagnostic::error(
                            Code::Duplicate,
                            Text::new(
                                format!(
                                    "依据文件 `{name}` 与规则组 `{}` 所在程序中的同名依据文件标题不同",
                                    set.set.name.name
                                ),
                                format!(
                                    "basis `{name}` differs in title from the basis of that name of the rule set `{}`",
                                    set.set.name.name
                                ),
                            ),
                        )
                        .with_label(ours.span, Text::new("本程序的依据文件", "this procedure's basis"))
                        .with_label(theirs.span, Text::new("规则组引用的依据文件", "the basis the rule set cites"))
                        .with_label(apply.span, Text::new("规则组在此沿用", "the rule set is applied here"))
                        .with_help(Text::new(
                            "同名依据文件须指同一文件：改用规则组所在程序的标题，或给本程序的依据文件另起名称",
                            "one basis name must mean one document: use the rule set's title, or rename this procedure's basis",
                        )),
                    );
                }
                Some(_) => {}
                None if added.iter().any(|b| b.name.name == name) => {}
                None => added.push(theirs.clone()),
            }
        }
    }
}
