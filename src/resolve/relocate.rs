//! Relocation: a resolved procedure copied into one that includes it.
//!
//! The copy's names of the procedure namespace (positions, procedure facts,
//! parameters, phases, stages) and its bases are prefixed `NS.`; a stage's
//! own facts keep their names (they are written `NS.STAGE.fact`). Every id
//! inside is moved past the elements that come before the copy: one visitor,
//! [`Relocator`], walks every place an id occurs.
//!
//! The collections of an election record (candidates, winners, …) are not
//! namespaced, so the copy's rules are also *scoped*: a `count` or a
//! quantifier over positions, candidates or winners in an included rule
//! keeps to the included procedure's positions, which is what it meant in
//! its own procedure. Voters, proxies and excluded members carry no
//! position and cannot be scoped (see `docs/language.md`, Composition).

use super::program::{
    Amount, BasisRef, Binder, Cite, FactScope, Include, PhaseId, Point, PositionId, Procedure,
    RuleKind, Seats, StageId, TExpr, TExprKind, Target, Timing, TimingKind, VarId,
};
use super::types::{Coll, Field, Type};
use crate::ast::{BinOp, Comparison, Ident};
use crate::span::Span;

/// How many elements of each kind come before a copy: its ids move by these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Offsets {
    pub bases: usize,
    pub positions: usize,
    pub facts: usize,
    pub params: usize,
    pub phases: usize,
    pub stages: usize,
    pub vars: usize,
}

/// A procedure copied under the namespace `prefix`, with its ids moved by
/// `off`. Returns the copy and the number of variables it binds (the next
/// copy's variables start after them).
pub(crate) fn relocate(proc: &Procedure, prefix: &str, off: Offsets) -> (Procedure, usize) {
    let own = (off.positions..off.positions + proc.positions.len())
        .map(PositionId)
        .collect();
    let mut r = Relocator {
        prefix,
        off,
        own,
        vars: 0,
    };
    let mut p = proc.clone();
    r.procedure(&mut p);
    (p, r.vars)
}

/// Marks the reading of an "N 日前" constraint as the constraint's own.
fn fix_reading(t: &mut Timing) {
    if let TimingKind::AtLeastBefore { explicit, .. }
    | TimingKind::NoEarlierThanBefore { explicit, .. } = &mut t.kind
    {
        *explicit = true;
    }
}

/// Where a scoped collection's element is: the implicit element of a
/// `count`, or a quantifier's variable.
enum Elem<'e> {
    Implicit(VarId),
    Var(&'e Binder),
}

struct Relocator<'p> {
    prefix: &'p str,
    off: Offsets,
    /// The copy's positions, after relocation (for scoping).
    own: Vec<PositionId>,
    /// One more than the largest variable seen (before relocation).
    vars: usize,
}

impl Relocator<'_> {
    fn name(&self, id: &mut Ident) {
        id.name = format!("{}.{}", self.prefix, id.name);
    }

    fn stage(&self, s: &mut StageId) {
        s.0 += self.off.stages;
    }

    fn phase(&self, p: &mut PhaseId) {
        p.0 += self.off.phases;
    }

    fn var(&mut self, v: &mut VarId) {
        self.vars = self.vars.max(v.0 + 1);
        v.0 += self.off.vars;
    }

    fn cite(&self, c: &mut Option<Cite>) {
        if let Some(Cite {
            basis: BasisRef::Procedure(b),
            ..
        }) = c
        {
            b.0 += self.off.bases;
        }
    }

    fn amount(&self, a: &mut Amount) {
        if let Amount::Param { param, .. } = a {
            param.0 += self.off.params;
        }
    }

    fn target(&self, t: &mut Target) {
        match t {
            Target::Stage(s) => self.stage(s),
            Target::Phase(p) => self.phase(p),
        }
    }

    fn point(&self, p: &mut Point) {
        self.target(&mut p.target);
    }

    fn procedure(&mut self, p: &mut Procedure) {
        // A reading of "N 日前" fixed by the included procedure's setting is
        // its constraints' own in the copy: the including procedure's setting
        // does not apply to them (`docs/language.md` §11.4), so they are
        // marked `explicit`. Only the procedure's own stages and phases: the
        // copies of its own includes keep what their procedures fixed.
        let fixed = p.settings.days_before_span.is_some();
        let nested = |t: Target| {
            p.includes.iter().any(|i| match t {
                Target::Stage(s) => i.stages.contains(&s),
                Target::Phase(ph) => i.phases.contains(&ph),
            })
        };
        let own_phases: Vec<bool> = (0..p.phases.len())
            .map(|i| fixed && !nested(Target::Phase(PhaseId(i))))
            .collect();
        let own_stages: Vec<bool> = (0..p.stages.len())
            .map(|i| fixed && !nested(Target::Stage(StageId(i))))
            .collect();
        for b in &mut p.bases {
            self.name(&mut b.name);
        }
        for pos in &mut p.positions {
            self.name(&mut pos.name);
            match &mut pos.seats {
                Seats::Exact(a) => self.amount(a),
                Seats::Range(a, b) => {
                    self.amount(a);
                    self.amount(b);
                }
            }
            self.cite(&mut pos.cite);
        }
        for f in &mut p.facts {
            match &mut f.scope {
                FactScope::Procedure => self.name(&mut f.name),
                FactScope::Stage(s) => self.stage(s),
            }
        }
        for par in &mut p.params {
            self.name(&mut par.name);
            self.expr(&mut par.default);
            self.cite(&mut par.cite);
        }
        for (ph, own) in p.phases.iter_mut().zip(own_phases) {
            self.name(&mut ph.name);
            ph.stages.iter_mut().for_each(|s| self.stage(s));
            ph.timing.iter_mut().for_each(|t| self.timing(t));
            if own {
                ph.timing.iter_mut().for_each(fix_reading);
            }
        }
        for (st, own) in p.stages.iter_mut().zip(own_stages) {
            self.name(&mut st.name);
            if let Some(ph) = &mut st.phase {
                self.phase(ph);
            }
            if let Some(w) = &mut st.when {
                self.expr(w);
            }
            st.timing.iter_mut().for_each(|t| self.timing(t));
            if own {
                st.timing.iter_mut().for_each(fix_reading);
            }
            for f in &mut st.facts {
                f.0 += self.off.facts;
            }
            if let Some(c) = &mut st.candidates_from {
                self.stage(&mut c.stage);
                self.cite(&mut c.cite);
            }
            for rule in &mut st.rules {
                if let RuleKind::Elect {
                    positions,
                    candidate,
                } = &mut rule.kind
                {
                    self.var(candidate);
                    // "Every position" meant the included procedure's.
                    if positions.is_empty() {
                        positions.extend(self.own.iter().map(|p| (*p, Span::Synthetic)));
                    } else {
                        for (pos, _) in positions.iter_mut() {
                            pos.0 += self.off.positions;
                        }
                    }
                }
                self.expr(&mut rule.expr);
                if let Some(w) = &mut rule.when {
                    self.expr(w);
                }
                self.cite(&mut rule.cite);
            }
        }
        for inc in &mut p.includes {
            self.include(inc);
        }
        for m in &mut p.manual {
            if let Some(s) = &mut m.stage {
                self.stage(s);
            }
            self.cite(&mut m.cite);
        }
    }

    fn include(&self, inc: &mut Include) {
        self.name(&mut inc.alias);
        inc.stages.iter_mut().for_each(|s| self.stage(s));
        inc.phases.iter_mut().for_each(|p| self.phase(p));
        self.cite(&mut inc.cite);
    }

    fn timing(&self, t: &mut Timing) {
        self.cite(&mut t.cite);
        match &mut t.kind {
            TimingKind::After(p) | TimingKind::Before(p) | TimingKind::SameDay(p) => self.point(p),
            TimingKind::Within { days, after, .. } => {
                self.amount(days);
                self.point(after);
            }
            TimingKind::AtLeastBefore { days, of, .. }
            | TimingKind::NoEarlierThanBefore { days, of, .. } => {
                self.amount(days);
                self.point(of);
            }
            TimingKind::Lasts { min, max, .. } => {
                min.iter_mut()
                    .chain(max.iter_mut())
                    .for_each(|a| self.amount(a));
            }
            TimingKind::Between(..) | TimingKind::NotBefore(_) | TimingKind::NotAfter(_) => {}
        }
    }

    fn expr(&mut self, e: &mut TExpr) {
        match &mut e.kind {
            TExprKind::Number(_)
            | TExprKind::Bool(_)
            | TExprKind::Text(_)
            | TExprKind::Date(_)
            | TExprKind::EnumValue(_)
            | TExprKind::Votes
            | TExprKind::Error => {}
            TExprKind::Fact(f) => f.0 += self.off.facts,
            TExprKind::StageFact(s, f) => {
                self.stage(s);
                f.0 += self.off.facts;
            }
            TExprKind::Param(p) => p.0 += self.off.params,
            TExprKind::Position(p) => p.0 += self.off.positions,
            TExprKind::Var { id, .. } => self.var(id),
            TExprKind::ElemField { elem, .. } => self.var(elem),
            TExprKind::Field { base, .. } => self.expr(base),
            TExprKind::Neg(x) | TExprKind::Not(x) => self.expr(x),
            TExprKind::Binary(_, a, b) | TExprKind::Compare(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            TExprKind::Of { fraction, whole } => {
                self.expr(fraction);
                self.expr(whole);
            }
            TExprKind::Call { args, .. } => args.iter_mut().for_each(|a| self.expr(a)),
            TExprKind::StageCall { target, .. } => self.target(target),
            TExprKind::Count { coll, elem, filter } => {
                self.var(elem);
                if let Some(f) = filter {
                    self.expr(f);
                }
                let scope = self.scope(*coll, Elem::Implicit(*elem));
                conjoin(filter, scope);
            }
            TExprKind::Quant {
                var, filter, body, ..
            } => {
                self.var(&mut var.id);
                if let Some(f) = filter {
                    self.expr(f);
                }
                self.expr(body);
                let scope = var.coll.and_then(|c| self.scope(c, Elem::Var(var)));
                conjoin(filter, scope);
            }
        }
    }

    /// "The element is one of the copy's positions" (or holds one of them),
    /// for the collections that know positions; `None` for the others.
    fn scope(&self, coll: Coll, elem: Elem<'_>) -> Option<TExpr> {
        if self.own.is_empty() {
            return None;
        }
        let syn = Span::Synthetic;
        let position = Type::Elem(Coll::Positions);
        let member = match (coll, elem) {
            (Coll::Positions, Elem::Implicit(id)) => TExprKind::Var {
                id,
                name: "it".to_string(),
            },
            (Coll::Positions, Elem::Var(b)) => TExprKind::Var {
                id: b.id,
                name: b.name.clone(),
            },
            (Coll::Candidates | Coll::Winners, Elem::Implicit(id)) => TExprKind::ElemField {
                elem: id,
                coll,
                field: Field::Position,
            },
            (Coll::Candidates | Coll::Winners, Elem::Var(b)) => TExprKind::Field {
                base: Box::new(TExpr::new(
                    TExprKind::Var {
                        id: b.id,
                        name: b.name.clone(),
                    },
                    Type::Elem(coll),
                    syn,
                )),
                coll,
                field: Field::Position,
            },
            _ => return None,
        };
        let member = TExpr::new(member, position, syn);
        self.own
            .iter()
            .map(|p| {
                let pos = TExpr::new(TExprKind::Position(*p), position, syn);
                let kind =
                    TExprKind::Compare(Comparison::Eq, Box::new(member.clone()), Box::new(pos));
                TExpr::new(kind, Type::Bool, syn)
            })
            .reduce(|a, b| {
                let kind = TExprKind::Binary(BinOp::Or, Box::new(a), Box::new(b));
                TExpr::new(kind, Type::Bool, syn)
            })
    }
}

/// `filter` becomes `scope and filter` (or `scope` alone).
fn conjoin(filter: &mut Option<Box<TExpr>>, scope: Option<TExpr>) {
    let Some(scope) = scope else {
        return;
    };
    let joined = match filter.take() {
        Some(f) => TExpr::new(
            TExprKind::Binary(BinOp::And, Box::new(scope), f),
            Type::Bool,
            Span::Synthetic,
        ),
        None => scope,
    };
    *filter = Some(Box::new(joined));
}
