//! Composition: `include PROCEDURE as NS` / `引入 PROCEDURE 作为 NS`.
//!
//! Procedures are resolved in include order: an included procedure before
//! the one that includes it. Including means flattening: the including
//! procedure starts with a copy of every included procedure's bases,
//! positions, facts, parameters, phases and stages, renamed `NS.NAME` with
//! every id moved past the copies before it ([`super::relocate`]); its own
//! declarations follow and are resolved in a scope that also knows the
//! `NS.NAME`s. Everything after resolution (the IR, the analyses, the
//! schedule, the checker, the drawings) sees one ordinary procedure;
//! [`Procedure::includes`] records where each copy came from.
//!
//! An include of an unknown procedure is HJ106; procedures that include
//! each other, or one that includes itself, are HJ107 (one diagnostic per
//! group of procedures that include each other, showing one cycle). Such an
//! include brings nothing in, and names under its namespace are not
//! reported again.
//!
//! `stage NS.X { … }` and `phase NS.X { … }` (extensions) add timing
//! constraints and rules to a copied stage or phase: a constraint belongs to
//! the stage it is written in, so this is how the including procedure
//! relates two included stages.

use super::msg;
use super::program::{
    Include, Phase, PhaseId, ProcId, Procedure, Settings, Stage, StageId, Target,
};
use super::relocate::{relocate, Offsets};
use crate::ast;
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::span::{FileId, Span};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// The order in which to resolve procedures, and what each include names.
pub(crate) struct Order {
    /// Indices of procedures, every included one before its includers.
    pub order: Vec<usize>,
    /// For each procedure, for each of its `include` items in source order:
    /// the procedure it includes, or `None` when that is unknown or on a
    /// cycle (an error was reported).
    pub targets: Vec<Vec<Option<ProcId>>>,
}

fn includes(p: &ast::Procedure) -> impl Iterator<Item = &ast::Include> {
    p.items.iter().filter_map(|i| match i {
        ast::ProcItem::Include(inc) => Some(inc),
        _ => None,
    })
}

/// Orders `procs` (indexed like their [`ProcId`]s) by their includes.
pub(crate) fn order(
    procs: &[&ast::Procedure],
    names: &HashMap<&str, (ProcId, Span)>,
    diags: &mut Vec<Diagnostic>,
) -> Order {
    let mut graph: DiGraph<usize, usize> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..procs.len()).map(|i| graph.add_node(i)).collect();
    let mut targets: Vec<Vec<Option<ProcId>>> = Vec::new();
    for (i, p) in procs.iter().enumerate() {
        let mut mine = Vec::new();
        for (j, inc) in includes(p).enumerate() {
            let target = names.get(inc.procedure.name.as_str()).map(|(id, _)| *id);
            match (target, nodes.get(i)) {
                (Some(id), Some(from)) => {
                    if let Some(to) = nodes.get(id.0) {
                        graph.add_edge(*from, *to, j);
                    }
                }
                _ => {
                    let s = did_you_mean(&inc.procedure.name, names.keys().copied());
                    diags.push(unknown(&inc.procedure, s));
                }
            }
            mine.push(target);
        }
        targets.push(mine);
    }
    let mut order = Vec::new();
    // Strongly connected components come included-first; one that is a
    // cycle is reported once, and no include inside it brings anything in.
    for scc in tarjan_scc(&graph) {
        let mut members: Vec<usize> = scc
            .iter()
            .filter_map(|n| graph.node_weight(*n))
            .copied()
            .collect();
        members.sort_unstable();
        let cyclic = scc.len() > 1 || scc.iter().any(|n| graph.contains_edge(*n, *n));
        if cyclic {
            for &i in &members {
                for t in targets.get_mut(i).into_iter().flatten() {
                    if t.is_some_and(|t| members.contains(&t.0)) {
                        *t = None;
                    }
                }
            }
            diags.push(cycle(procs, &graph, &members));
        }
        order.extend(members);
    }
    Order { order, targets }
}

/// One cycle through the procedures of `members` (a cyclic component),
/// from the first of them in file order, as `(procedure, include item)`.
fn cycle_path(graph: &DiGraph<usize, usize>, members: &[usize]) -> Vec<(usize, usize)> {
    let Some(&start) = members.iter().min() else {
        return Vec::new();
    };
    crate::cycle::cycle_from(start, &|p| next(graph, p, members)).unwrap_or_default()
}

/// The includes of procedure `p` that stay in `members`: `(target, item)`,
/// in source order.
fn next(graph: &DiGraph<usize, usize>, p: usize, members: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = graph.edge_endpoints(e)?;
            let (a, b) = (*graph.node_weight(a)?, *graph.node_weight(b)?);
            (a == p && members.contains(&b)).then_some((b, *graph.edge_weight(e)?))
        })
        .collect();
    out.sort_unstable_by_key(|(_, item)| *item);
    out
}

fn unknown(id: &ast::Ident, suggestion: Option<&str>) -> Diagnostic {
    let mut d = msg::unknown_procedure(id, suggestion);
    if suggestion.is_none() {
        d.help = Some(t(
            "引入的程序必须在已加载的文件中：在文件开头写 `引入 \"它所在的文件.hj\"`，或把该文件加入命令行",
            "an included procedure must be in a loaded file: write `include \"ITS_FILE.hj\"` at \
             the head of this file, or give that file to the command",
        ));
    }
    d
}

fn cycle(
    procs: &[&ast::Procedure],
    graph: &DiGraph<usize, usize>,
    members: &[usize],
) -> Diagnostic {
    let path = cycle_path(graph, members);
    let name = |i: usize| procs.get(i).map_or("?", |p| p.name.name.as_str());
    let item = |i: usize, j: usize| procs.get(i).and_then(|p| includes(p).nth(j));
    let mut chain: Vec<&str> = path.iter().map(|(p, _)| name(*p)).collect();
    if let Some((p, _)) = path.first() {
        chain.push(name(*p));
    }
    let chain = chain.join(" → ");
    let message = match path.as_slice() {
        [(p, _)] => t(
            format!("程序 `{}` 引入了自身", name(*p)),
            format!("procedure `{}` includes itself", name(*p)),
        ),
        _ => t(
            format!("程序相互引入成环：{chain}"),
            format!("procedures include each other in a cycle: {chain}"),
        ),
    };
    let mut d = Diagnostic::error(Code::IncludeCycle, message);
    for (p, j) in &path {
        if let Some(inc) = item(*p, *j) {
            let target = &inc.procedure.name;
            d = d.with_label(
                inc.span,
                t(
                    format!("`{}` 引入 `{target}`", name(*p)),
                    format!("`{}` includes `{target}`", name(*p)),
                ),
            );
        }
    }
    d.with_help(t(
        "一个程序不能直接或间接地引入它自己；删除环上的一个引入",
        "a procedure cannot include itself, directly or through others; remove one include of the cycle",
    ))
}

/// What the includes of one procedure bring in, flattened.
pub(crate) struct Imported {
    /// The copies, one after the other, in a procedure of their own (its
    /// name, title and settings are unused).
    pub base: Procedure,
    /// The number of variables the copies bind.
    pub vars: usize,
    /// The aliases of includes that failed.
    pub broken: Vec<String>,
}

/// Copies every procedure `p` includes (`targets`, from [`order`]) out of
/// `resolved` (indexed by [`ProcId`]).
pub(crate) fn import(
    p: &ast::Procedure,
    file: FileId,
    targets: &[Option<ProcId>],
    resolved: &[Option<Procedure>],
) -> Imported {
    let mut base = Procedure {
        name: p.name.clone(),
        title: None,
        file,
        bases: Vec::new(),
        positions: Vec::new(),
        facts: Vec::new(),
        params: Vec::new(),
        settings: Settings::default(),
        phases: Vec::new(),
        stages: Vec::new(),
        includes: Vec::new(),
        manual: Vec::new(),
        span: p.span,
    };
    let mut off = Offsets::default();
    let mut broken = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (inc, target) in includes(p).zip(targets) {
        let alias = inc.alias.name.as_str();
        // A second use of an alias is reported with the other names.
        if seen.contains(&alias) {
            continue;
        }
        seen.push(alias);
        let Some(included) = target.and_then(|id| resolved.get(id.0)?.as_ref().map(|p| (id, p)))
        else {
            broken.push(alias.to_string());
            continue;
        };
        let (id, included) = included;
        let (copy, vars) = relocate(included, alias, off);
        base.includes.push(Include {
            alias: inc.alias.clone(),
            procedure: id,
            stages: (off.stages..off.stages + copy.stages.len())
                .map(StageId)
                .collect(),
            phases: (off.phases..off.phases + copy.phases.len())
                .map(PhaseId)
                .collect(),
            cite: None,
            span: inc.span,
        });
        off = Offsets {
            bases: off.bases + copy.bases.len(),
            positions: off.positions + copy.positions.len(),
            facts: off.facts + copy.facts.len(),
            params: off.params + copy.params.len(),
            phases: off.phases + copy.phases.len(),
            stages: off.stages + copy.stages.len(),
            vars: off.vars + vars,
        };
        base.bases.extend(copy.bases);
        base.positions.extend(copy.positions);
        base.facts.extend(copy.facts);
        base.params.extend(copy.params);
        base.phases.extend(copy.phases);
        base.stages.extend(copy.stages);
        base.includes.extend(copy.includes);
        base.manual.extend(copy.manual);
    }
    Imported {
        base,
        vars: off.vars,
        broken,
    }
}

/// The help of a duplicate that involves the alias of an include.
pub(crate) fn ns_alias() -> Text {
    t(
        "引入的别名与职务、事实、参数、环节和阶段共用一个命名空间，名称必须互不相同；请改用其他别名",
        "the alias of an include shares one namespace with the positions, facts, parameters, \
         phases and stages; choose another alias",
    )
}

/// The alias of an include used as a value.
pub(crate) fn alias_not_a_value(id: &ast::Ident) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::TypeMismatch,
        t(
            format!("`{n}` 是引入的程序，不是值"),
            format!("`{n}` is an included procedure, not a value"),
        ),
    )
    .with_label(
        id.span,
        t("引入的程序的别名", "the alias of an included procedure"),
    )
    .with_help(t(
        format!("引入的程序中的名称写作 `{n}.名称`，如 `{n}.投票选举.参加投票`"),
        format!("a name of the included procedure is written `{n}.NAME`, as in `{n}.STAGE.fact`"),
    ))
}

/// `stage NS.X` names a phase, or `phase NS.X` a stage.
pub(crate) fn extend_wrong_kind(e: &ast::Extend) -> Diagnostic {
    let n = &e.target.name;
    let (what, fix_zh, fix_en) = if e.phase {
        (
            t("阶段", "a stage"),
            format!("阶段 {n} {{ … }}"),
            format!("stage {n} {{ … }}"),
        )
    } else {
        (
            t("环节", "a phase"),
            format!("环节 {n} {{ … }}"),
            format!("phase {n} {{ … }}"),
        )
    };
    Diagnostic::error(
        Code::UnknownStage,
        t(
            format!("`{n}` 是{}，不能用这种写法补充约束", what.zh),
            format!("`{n}` is {}, and cannot be extended this way", what.en),
        ),
    )
    .with_label(
        e.target.span,
        t(format!("这是{}", what.zh), format!("this is {}", what.en)),
    )
    .with_help(t(format!("写作 `{fix_zh}`"), format!("write `{fix_en}`")))
}

/// `stage NS.X` where `NS.X` is nothing an include brought in.
pub(crate) fn extend_unknown(e: &ast::Extend, suggestion: Option<&str>) -> Diagnostic {
    let mut d = msg::unknown_stage(&e.target, suggestion);
    if suggestion.is_none() {
        d.help = Some(t(
            "只能为引入的程序中的阶段或环节补充约束，写作 `阶段 别名.阶段名 { … }`",
            "only a stage or phase of an included procedure can be extended: `stage NS.NAME { … }`",
        ));
    }
    if let Some(s) = suggestion {
        d.help = Some(did_you_mean_help(s));
    }
    d
}

impl super::procedure::Resolver<'_, '_> {
    /// `stage NS.X { … }` and `phase NS.X { … }`: their timing constraints
    /// and rules join the included stage or phase, resolved in this
    /// procedure's scope (the stage's own facts are visible unqualified, as
    /// in the stage itself).
    pub(super) fn extensions(&mut self, stages: &mut [Stage], phases: &mut [Phase]) {
        let scope = self.scope;
        for e in &scope.extensions {
            let name = e.target.name.as_str();
            match (scope.target(name), e.phase) {
                (Some(Target::Stage(s)), false) => {
                    for item in &e.items {
                        match item {
                            ast::StageItem::Timing(tm) => {
                                let tm = self.timing(Target::Stage(s), tm);
                                if let (Some(tm), Some(st)) = (tm, stages.get_mut(s.0)) {
                                    st.timing.push(tm);
                                }
                            }
                            ast::StageItem::Rule(r) => {
                                let rule = self.rule(s, r);
                                if let Some(st) = stages.get_mut(s.0) {
                                    st.rules.push(rule);
                                }
                            }
                            // Applied rule sets are expanded before resolution;
                            // the grammar has no manual items in an extension.
                            ast::StageItem::Fact(_)
                            | ast::StageItem::Apply(_)
                            | ast::StageItem::Manual(_)
                            | ast::StageItem::CandidatesFrom(_) => {}
                        }
                    }
                }
                (Some(Target::Phase(p)), true) => {
                    for item in &e.items {
                        if let ast::StageItem::Timing(tm) = item {
                            let tm = self.timing(Target::Phase(p), tm);
                            if let (Some(tm), Some(ph)) = (tm, phases.get_mut(p.0)) {
                                ph.timing.push(tm);
                            }
                        }
                    }
                }
                (Some(_), _) => self.diags.push(extend_wrong_kind(e)),
                (None, _) if scope.silent(name) => {}
                (None, _) => {
                    let s = did_you_mean(name, scope.stage_and_phase_names());
                    self.diags.push(extend_unknown(e, s));
                }
            }
        }
    }
}
