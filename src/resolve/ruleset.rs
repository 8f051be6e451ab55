//! Rule sets: `ruleset NAME { … }` / `规则组 NAME { … }` and, in a stage,
//! `apply NAME` / `沿用 程序.NAME` (docs/design/rulesets.md).
//!
//! [`expand`] rewrites the parsed files before names are resolved: every
//! `apply` becomes the set's rules, cloned with their spans, so that the
//! resolver, the IR and the checker see ordinary rules that point at the
//! set's own lines. Each copy remembers its `apply` ([`ast::Applied`]), so
//! that a diagnostic in it also points at the `apply` line ([`annotate`]).
//! A set's `per` cites a basis of the set's own procedure: a basis the
//! applying procedure lacks is copied in with the rules, one it declares with
//! another title is HJ102, and one the set's procedure lacks is HJ103 at the
//! set, whether or not the set is applied.

use super::{declare, ProcId};
use crate::ast::{self, ProcItem, StageItem};
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Label, Text};
use crate::span::{FileId, Span};
use std::collections::{HashMap, HashSet};

/// What [`expand`] did, for the resolver.
#[derive(Default)]
pub(crate) struct Expansion {
    /// Per procedure name: the bases its own rule sets cite (used even when
    /// the procedure applies none of its sets).
    pub cited: HashMap<String, HashSet<String>>,
}

/// Adds to `diags`, the diagnostics found while resolving a rule applied by
/// `applied` in stage `stage`, a label on the `apply` line and a note that
/// the set's names are read in that stage.
pub(crate) fn annotate(diags: &mut [Diagnostic], applied: &ast::Applied, stage: &str) {
    for d in diags {
        d.labels.push(Label {
            span: applied.span,
            text: Text::new("规则组在此沿用", "the rule set is applied here"),
        });
        d.notes.push(Text::new(
            format!("规则组中的名称按沿用它的阶段 `{stage}` 及其程序解释：该阶段须记录规则用到的事实，程序须声明用到的参数"),
            format!("a rule set's names are read in the stage that applies it, `{stage}`: that stage must record the facts the rule uses, and its procedure declare the parameters"),
        ));
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
                for per in set.rules.iter().filter_map(|r| r.per.as_ref()) {
                    cited.insert(per.basis.name.clone());
                    if basis_of(p, &per.basis.name).is_none() {
                        diags.push(unknown_basis(per, &p.name.name));
                    }
                }
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
                lookup.procedure(p, diags);
            }
        }
        out.push((*id, f));
    }
    (out, expansion)
}

/// The basis `name` of procedure `p`.
fn basis_of<'p>(p: &'p ast::Procedure, name: &str) -> Option<&'p ast::BasisDecl> {
    p.items.iter().find_map(|i| match i {
        ProcItem::Basis(b) if b.name.name == name => Some(b),
        _ => None,
    })
}

/// A set's `per` names a basis its procedure does not declare.
fn unknown_basis(per: &ast::Per, procedure: &str) -> Diagnostic {
    let n = &per.basis.name;
    Diagnostic::error(
        Code::UnknownBasis,
        Text::new(format!("依据 `{n}` 未声明"), format!("basis `{n}` is not declared")),
    )
    .with_label(per.basis.span, Text::new("未声明的依据", "undeclared basis"))
    .with_help(Text::new(
        format!("规则组引用的依据须在其所在程序 `{procedure}` 中声明：`依据文件 {n} \"全称\"`"),
        format!("a rule set cites the bases of its own procedure `{procedure}`: declare `basis {n} \"full title\"` there"),
    ))
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
    /// Expands the `apply` items of `p`.
    fn procedure(&self, p: &mut ast::Procedure, diags: &mut Vec<Diagnostic>) {
        let own = p.name.name.clone();
        let mut bases: Vec<ast::BasisDecl> = Vec::new();
        // (set's procedure, basis) pairs already compared with `p`'s bases.
        let mut compared: HashSet<(String, String)> = HashSet::new();
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
                    // A `per` whose basis the set's procedure lacks is
                    // reported at the set; the copy cites nothing rather
                    // than a document of the applying procedure.
                    let per = rule
                        .per
                        .clone()
                        .filter(|per| basis_of(set.owner, &per.basis.name).is_some());
                    st.items.push(StageItem::Rule(ast::Rule {
                        applied: Some(ast::Applied {
                            set: apply.name.name.clone(),
                            span: apply.span,
                        }),
                        per,
                        ..rule.clone()
                    }));
                }
                if set.owner.name.name != own {
                    self.bases(set, &apply, &declared, &mut bases, &mut compared, diags);
                }
            }
        }
        p.items.extend(bases.into_iter().map(ProcItem::Basis));
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
                    "规则组所在的程序必须在已加载的文件中：在文件开头写 `引入 \"它所在的文件.hj\"`，或把该文件加入命令行",
                    "the procedure of the rule set must be in a loaded file: write \
                     `include \"ITS_FILE.hj\"` at the head of this file, or give that file to the command",
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
        compared: &mut HashSet<(String, String)>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let cited: Vec<&str> = set
            .set
            .rules
            .iter()
            .filter_map(|r| Some(r.per.as_ref()?.basis.name.as_str()))
            .collect();
        for name in cited {
            if !compared.insert((set.owner.name.name.clone(), name.to_string())) {
                continue;
            }
            let Some(theirs) = basis_of(set.owner, name) else {
                // Reported at the set (`expand`).
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
                                    "basis `{name}` names another document than `{name}` of `{}`, whose rule set `{}` is applied here",
                                    set.owner.name.name, set.set.name.name
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
