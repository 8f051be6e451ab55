//! Where every name is declared and used: the index behind go to
//! definition, find references, rename and hover.
//!
//! A name is keyed by the span of its declaration's name. The resolver
//! keeps that span when it copies an included procedure in (the copy of
//! `居委会.投票选举` still points at `投票选举` in its own file), and a rule
//! applied from a rule set keeps the set's spans, so one key stands for a
//! stage, fact, … wherever it was copied to, across files.
//!
//! Most uses come from the resolved [`Program`], where every reference is
//! already an id: facts, parameters and positions in expressions, stages
//! and phases in timing constraints and in `happened(…)`, bases in `依据`,
//! plan dates and parameters. Rule sets, `沿用`, the procedure named by
//! `引入` and the targets of `阶段 NS.X { … }` are gone after resolution and
//! are read from the syntax trees.
//!
//! An occurrence is the span of the name alone: in `居委会.投票选举` the use
//! of the stage is `投票选举` (what a rename replaces), found by the name as
//! its declaration writes it.

use crate::ast::{self, ProcItem, StageItem};
use crate::resolve::{
    Amount, BasisId, BasisRef, Cite, FactId, ParamId, PhaseId, PlanId, PositionId, ProcId,
    Procedure, Program, RuleKind, Seats, StageId, TExpr, TExprKind, Target, Timing, TimingKind,
};
use crate::span::{SourceMap, Span};
use std::collections::HashMap;

/// A declaration's key: its file and the byte range of its name.
pub type DefKey = (u32, u32, u32);

/// What a declaration declares (in the procedure or plan where it was first
/// seen in its own file, so that hover explains the original).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Procedure(ProcId),
    Plan(PlanId),
    Stage(ProcId, StageId),
    Phase(ProcId, PhaseId),
    Fact(ProcId, FactId),
    Param(ProcId, ParamId),
    Position(ProcId, PositionId),
    Basis(ProcId, BasisId),
    PlanBasis(PlanId, BasisId),
    /// A rule set: the procedure that declares it, by name, and its own.
    RuleSet {
        procedure: String,
        name: String,
    },
}

/// One place a name is written.
#[derive(Clone, Copy, Debug)]
pub struct Occurrence {
    pub span: Span,
    pub def: DefKey,
}

/// Every declaration and use of the names of a program.
#[derive(Debug, Default)]
pub struct Index {
    pub occurrences: Vec<Occurrence>,
    pub entities: HashMap<DefKey, Entity>,
}

fn key(span: Span) -> Option<DefKey> {
    match span {
        Span::Source { file, start, end } => Some((file.0, start, end)),
        Span::Synthetic => None,
    }
}

/// The span a key stands for.
pub fn key_span(k: DefKey) -> Span {
    Span::new(crate::span::FileId(k.0), k.1 as usize, k.2 as usize)
}

impl Index {
    /// The index of the files of `map` (their syntax trees, `None` for those
    /// that did not parse) and of their program.
    pub fn build(map: &SourceMap, asts: &[Option<ast::File>], program: Option<&Program>) -> Index {
        let mut b = Builder {
            map,
            index: Index::default(),
        };
        if let Some(program) = program {
            for (i, p) in program.procedures.iter().enumerate() {
                b.procedure(ProcId(i), p);
            }
            for (i, plan) in program.plans.iter().enumerate() {
                b.plan(program, PlanId(i), plan);
            }
        }
        b.syntax(asts, program);
        let mut index = b.index;
        index.occurrences.sort_by_key(|o| o.span.sort_key());
        index
    }

    /// The occurrence under byte `offset` of `file` (the innermost; a
    /// cursor just after a name is still on it).
    pub fn at(&self, file: crate::span::FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| {
                o.span.file() == Some(file)
                    && o.span
                        .range()
                        .is_some_and(|(s, e)| s <= offset && offset <= e)
            })
            .min_by_key(|o| o.span.range().map(|(s, e)| e - s))
    }

    /// Every occurrence of the name declared at `def` (the declaration
    /// included), each once, in file order.
    pub fn references(&self, def: DefKey) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .occurrences
            .iter()
            .filter(|o| o.def == def)
            .map(|o| o.span)
            .collect();
        spans.dedup_by_key(|s| s.sort_key());
        spans
    }

    /// Every place that must change with the name declared at `def`: its
    /// occurrences and, where one of them also stands for another
    /// declaration (a rule set's rule names the facts of every stage that
    /// applies it), that declaration's occurrences too, transitively.
    pub fn linked(&self, def: DefKey) -> Vec<Span> {
        let mut defs = vec![def];
        let mut i = 0;
        while let Some(d) = defs.get(i).copied() {
            for span in self.references(d) {
                for o in &self.occurrences {
                    if o.span.sort_key() == span.sort_key() && !defs.contains(&o.def) {
                        defs.push(o.def);
                    }
                }
            }
            i += 1;
        }
        let mut spans: Vec<Span> = defs.iter().flat_map(|d| self.references(*d)).collect();
        spans.sort_by_key(|s| s.sort_key());
        spans.dedup_by_key(|s| s.sort_key());
        spans
    }
}

struct Builder<'a> {
    map: &'a SourceMap,
    index: Index,
}

impl Builder<'_> {
    /// Records a declaration (its first entity wins, unless a later one is
    /// in the declaration's own file: the original rather than a copy).
    fn declare(&mut self, name_span: Span, entity: Entity, home: Option<crate::span::FileId>) {
        let Some(k) = key(name_span) else {
            return;
        };
        let own = home == name_span.file();
        match self.index.entities.get(&k) {
            None => {
                self.index.entities.insert(k, entity);
                self.index.occurrences.push(Occurrence {
                    span: name_span,
                    def: k,
                });
            }
            Some(_) if own => {
                self.index.entities.insert(k, entity);
            }
            Some(_) => {}
        }
    }

    /// Records a use, written somewhere in `span`, of the name declared at
    /// `def`: the occurrence is the part of `span` that spells the name as
    /// declared (the last such part), else all of `span`.
    fn refer(&mut self, span: Span, def: Span) {
        let (Some(k), Some(file)) = (key(def), span.file()) else {
            return;
        };
        let Some(written) = self
            .map
            .get(def.file().unwrap_or(file))
            .map(|f| f.slice(def))
        else {
            return;
        };
        let at = self
            .map
            .get(file)
            .and_then(|f| name_within(&f.text, span, written))
            .unwrap_or(span);
        self.index.occurrences.push(Occurrence { span: at, def: k });
    }

    fn procedure(&mut self, id: ProcId, p: &Procedure) {
        let home = Some(p.file);
        self.declare(p.name.span, Entity::Procedure(id), home);
        for (i, b) in p.bases.iter().enumerate() {
            self.declare(b.name.span, Entity::Basis(id, BasisId(i)), home);
        }
        for (i, x) in p.params.iter().enumerate() {
            self.declare(x.name.span, Entity::Param(id, ParamId(i)), home);
        }
        for (i, x) in p.positions.iter().enumerate() {
            self.declare(x.name.span, Entity::Position(id, PositionId(i)), home);
        }
        for (i, x) in p.facts.iter().enumerate() {
            self.declare(x.name.span, Entity::Fact(id, FactId(i)), home);
        }
        for (i, x) in p.phases.iter().enumerate() {
            self.declare(x.name.span, Entity::Phase(id, PhaseId(i)), home);
        }
        for (i, x) in p.stages.iter().enumerate() {
            self.declare(x.name.span, Entity::Stage(id, StageId(i)), home);
        }
        for x in &p.positions {
            let (Seats::Exact(a) | Seats::Range(a, _)) = &x.seats;
            self.amount(p, a);
            if let Seats::Range(_, a) = &x.seats {
                self.amount(p, a);
            }
            self.cite(p, &x.cite);
        }
        for x in &p.params {
            self.expr(p, &x.default);
            self.cite(p, &x.cite);
            for r in &x.readings {
                self.cite(p, &r.cite);
            }
        }
        for x in &p.phases {
            self.timing(p, &x.timing);
        }
        for x in &p.stages {
            if let Some(w) = &x.when {
                self.expr(p, w);
            }
            self.timing(p, &x.timing);
            for r in &x.rules {
                self.expr(p, &r.expr);
                self.cite(p, &r.cite);
                if let RuleKind::Elect { positions, .. } = &r.kind {
                    for (pos, span) in positions {
                        if let Some(d) = p.positions.get(pos.0) {
                            self.refer(*span, d.name.span);
                        }
                    }
                }
            }
        }
        for m in &p.manual {
            self.cite(p, &m.cite);
        }
        for inc in &p.includes {
            self.cite(p, &inc.cite);
        }
    }

    fn plan(&mut self, program: &Program, id: PlanId, plan: &crate::resolve::Plan) {
        self.declare(plan.name.span, Entity::Plan(id), Some(plan.file));
        for (i, b) in plan.bases.iter().enumerate() {
            self.declare(
                b.name.span,
                Entity::PlanBasis(id, BasisId(i)),
                Some(plan.file),
            );
        }
        let Some(p) = program.procedures.get(plan.procedure.0) else {
            return;
        };
        self.refer(plan.procedure_span, p.name.span);
        let plan_cite = |b: &mut Self, c: &Option<Cite>| {
            if let Some(c) = c {
                let def = match c.basis {
                    BasisRef::Procedure(i) => p.bases.get(i.0).map(|b| b.name.span),
                    BasisRef::Plan(i) => plan.bases.get(i.0).map(|b| b.name.span),
                };
                if let Some(def) = def {
                    let span = b.before_quote(c.span);
                    b.refer(span, def);
                }
            }
        };
        for x in &plan.params {
            if let Some(d) = p.params.get(x.param.0) {
                self.refer(x.name_span, d.name.span);
            }
            self.expr(p, &x.expr);
            plan_cite(self, &x.cite);
        }
        for x in &plan.dates {
            if let Some(def) = target_span(p, x.target) {
                self.refer(x.target_span, def);
            }
            plan_cite(self, &x.cite);
        }
        for w in plan.window.iter().chain(&plan.overall) {
            plan_cite(self, &w.cite);
        }
        for w in &plan.included {
            plan_cite(self, &w.window.cite);
        }
    }

    fn cite(&mut self, p: &Procedure, c: &Option<Cite>) {
        if let Some(Cite {
            basis: BasisRef::Procedure(b),
            span,
            ..
        }) = c
        {
            if let Some(d) = p.bases.get(b.0) {
                let span = self.before_quote(*span);
                self.refer(span, d.name.span);
            }
        }
    }

    /// `依据 B "…"` up to the quoted clause (whose words may spell `B`).
    fn before_quote(&self, span: Span) -> Span {
        let (Some(file), Some((start, _))) = (span.file(), span.range()) else {
            return span;
        };
        let text = self.map.get(file).map(|f| f.slice(span)).unwrap_or("");
        match text.find(['"', '“']) {
            Some(q) => Span::new(file, start, start + q),
            None => span,
        }
    }

    fn amount(&mut self, p: &Procedure, a: &Amount) {
        if let Amount::Param { param, span } = a {
            if let Some(d) = p.params.get(param.0) {
                self.refer(*span, d.name.span);
            }
        }
    }

    fn timing(&mut self, p: &Procedure, list: &[Timing]) {
        for t in list {
            self.cite(p, &t.cite);
            let point = match &t.kind {
                TimingKind::After(x) | TimingKind::Before(x) | TimingKind::SameDay(x) => Some(x),
                TimingKind::Within { days, after, .. } => {
                    self.amount(p, days);
                    Some(after)
                }
                TimingKind::AtLeastBefore { days, of, .. }
                | TimingKind::NoEarlierThanBefore { days, of, .. } => {
                    self.amount(p, days);
                    Some(of)
                }
                TimingKind::Lasts { min, max, .. } => {
                    for a in min.iter().chain(max) {
                        self.amount(p, a);
                    }
                    None
                }
                _ => None,
            };
            if let Some(x) = point {
                if let Some(def) = target_span(p, x.target) {
                    self.refer(x.span, def);
                }
            }
        }
    }

    fn expr(&mut self, p: &Procedure, e: &TExpr) {
        let def = match &e.kind {
            TExprKind::Fact(f) => p.facts.get(f.0).map(|x| x.name.span),
            TExprKind::StageFact(s, f) => {
                if let Some(stage) = p.stages.get(s.0) {
                    let text = self.map.get(e.span.file().unwrap_or(p.file));
                    // `STAGE.fact`: the stage is named too.
                    if let Some((start, _)) = e.span.range() {
                        let dot = text.map(|t| t.slice(e.span)).and_then(|s| s.rfind('.'));
                        if let (Some(dot), Some(file)) = (dot, e.span.file()) {
                            self.refer(Span::new(file, start, start + dot), stage.name.span);
                        }
                    }
                }
                p.facts.get(f.0).map(|x| x.name.span)
            }
            TExprKind::Param(x) => p.params.get(x.0).map(|x| x.name.span),
            TExprKind::Position(x) => p.positions.get(x.0).map(|x| x.name.span),
            TExprKind::StageCall {
                target,
                target_span,
                ..
            } => {
                if let Some(def) = target_span_of(p, *target) {
                    self.refer(*target_span, def);
                }
                None
            }
            _ => None,
        };
        if let Some(def) = def {
            self.refer(e.span, def);
        }
        for c in e.children() {
            self.expr(p, c);
        }
    }

    /// What the syntax trees alone know: rule sets and `沿用`, the
    /// procedures `引入` names, the targets of `阶段 NS.X { … }`.
    fn syntax(&mut self, asts: &[Option<ast::File>], program: Option<&Program>) {
        let mut sets: HashMap<(String, String), Span> = HashMap::new();
        let procs = asts
            .iter()
            .flatten()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                ast::Item::Procedure(p) => Some(p),
                ast::Item::Plan(_) => None,
            });
        for p in procs.clone() {
            for item in &p.items {
                if let ProcItem::RuleSet(set) = item {
                    let k = (p.name.name.clone(), set.name.name.clone());
                    sets.entry(k).or_insert(set.name.span);
                    let entity = Entity::RuleSet {
                        procedure: p.name.name.clone(),
                        name: set.name.name.clone(),
                    };
                    self.declare(set.name.span, entity, set.name.span.file());
                }
            }
        }
        for p in procs {
            let resolved = program.and_then(|prog| prog.procedure(&p.name.name));
            for item in &p.items {
                match item {
                    ProcItem::Include(inc) => {
                        if let Some((_, q)) =
                            program.and_then(|prog| prog.procedure(&inc.procedure.name))
                        {
                            self.refer(inc.procedure.span, q.name.span);
                        }
                    }
                    ProcItem::Extend(ext) => {
                        if let Some((_, q)) = resolved {
                            let t =
                                q.stage(&ext.target.name)
                                    .map(|(_, s)| s.name.span)
                                    .or_else(|| {
                                        q.phases
                                            .iter()
                                            .find(|x| x.name.name == ext.target.name)
                                            .map(|x| x.name.span)
                                    });
                            if let Some(def) = t {
                                self.refer(ext.target.span, def);
                            }
                        }
                    }
                    ProcItem::Stage(s) => self.applies(p, &s.items, &sets, program),
                    ProcItem::Phase(ph) => {
                        for s in &ph.stages {
                            self.applies(p, &s.items, &sets, program);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn applies(
        &mut self,
        owner: &ast::Procedure,
        items: &[StageItem],
        sets: &HashMap<(String, String), Span>,
        program: Option<&Program>,
    ) {
        for item in items {
            let StageItem::Apply(a) = item else {
                continue;
            };
            let (procedure, name) = match a.name.name.rsplit_once('.') {
                Some((p, n)) => (p.to_string(), n.to_string()),
                None => (owner.name.name.clone(), a.name.name.clone()),
            };
            if let Some((start, _)) = a.name.span.range() {
                if let (Some(file), Some((_, q))) = (
                    a.name.span.file(),
                    program.and_then(|prog| prog.procedure(&procedure)),
                ) {
                    if a.name.name.contains('.') {
                        self.refer(Span::new(file, start, start + procedure.len()), q.name.span);
                    }
                }
            }
            if let Some(def) = sets.get(&(procedure, name)) {
                self.refer(a.name.span, *def);
            }
        }
    }
}

fn target_span(p: &Procedure, t: Target) -> Option<Span> {
    target_span_of(p, t)
}

fn target_span_of(p: &Procedure, t: Target) -> Option<Span> {
    match t {
        Target::Stage(s) => p.stages.get(s.0).map(|x| x.name.span),
        Target::Phase(x) => p.phases.get(x.0).map(|x| x.name.span),
    }
}

/// The last part of `span` in `text` that spells `name` as a whole segment
/// of a dotted name (`居委会.投票选举.开始` holds `投票选举`).
fn name_within(text: &str, span: Span, name: &str) -> Option<Span> {
    let (start, end) = span.range()?;
    let slice = text.get(start..end)?;
    if name.is_empty() {
        return None;
    }
    let bounded = |i: usize| {
        let before = slice.get(..i).and_then(|s| s.chars().next_back());
        let after = slice.get(i + name.len()..).and_then(|s| s.chars().next());
        let edge = |c: Option<char>| c.is_none_or(|c| c == '.' || !is_name_char(c));
        edge(before) && edge(after)
    };
    let i = slice
        .match_indices(name)
        .map(|(i, _)| i)
        .filter(|i| bounded(*i))
        .last()?;
    Some(Span::new(span.file()?, start + i, start + i + name.len()))
}

/// Whether `c` may continue a name.
pub fn is_name_char(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_continue(c)
}
