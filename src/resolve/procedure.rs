//! One procedure: parameters, positions, facts, phases and stages with their
//! timing and rules, after what its includes brought in.

use super::expr::Checker;
use super::include::Imported;
use super::msg;
use super::program::{
    Amount, Basis, BasisRef, Cite, Fact, ManualCheck, Phase, PhaseId, Point, Position, Procedure,
    Rule, RuleKind, Seats, Settings, Stage, StageId, Target, Timing, TimingKind,
};
use super::scope::{Decl, Scope, StageInfo};
use crate::ast;
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::span::{FileId, Span};

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// Resolves a procedure whose declarations `scope` collected, after the
/// elements its includes brought in (`imported`). Returns it with the bases
/// its own items cite (plans may cite more).
pub(crate) fn resolve(
    file: FileId,
    scope: &Scope<'_>,
    imported: Imported,
    diags: &mut Vec<Diagnostic>,
) -> (Procedure, Vec<bool>) {
    let Imported { base, vars, .. } = imported;
    let settings = super::values::settings(&scope.settings, diags);
    let mut r = Resolver {
        scope,
        diags,
        used: vec![false; scope.basis.len()],
        next_var: vars,
        settings,
    };
    let params = r.params(&base.params);
    let mut positions = base.positions;
    positions.extend(
        scope
            .positions
            .iter()
            .filter_map(|p| p.ast)
            .map(|p| r.position(p))
            .collect::<Vec<_>>(),
    );
    let mut facts = base.facts;
    facts.extend(scope.facts.iter().skip(facts.len()).map(|f| Fact {
        name: f.name.clone(),
        ty: f.ty,
        scope: f.scope,
        span: f.span,
    }));
    let mut phases = base.phases;
    for (i, info) in scope.phases.iter().enumerate() {
        if let Some(ph) = info.ast {
            let phase = r.phase(PhaseId(i), ph, &info.stages);
            phases.push(phase);
        }
    }
    let mut stages = base.stages;
    for (i, info) in scope.stages.iter().enumerate() {
        if let Some(st) = info.ast {
            let stage = r.stage(StageId(i), st, info);
            stages.push(stage);
        }
    }
    r.extensions(&mut stages, &mut phases);
    let mut includes = base.includes;
    for inc in &scope.includes {
        let cite = r.cite(&inc.per);
        if let Some(i) = includes.iter_mut().find(|i| i.alias.name == inc.alias.name) {
            i.cite = cite;
        }
    }
    let mut bases = base.bases;
    bases.extend(scope.basis.iter().filter_map(|b| b.ast).map(|b| Basis {
        name: b.name.clone(),
        title: b.title.value.clone(),
        span: b.span,
    }));
    let proc = scope.proc;
    let manual = r.manual_items(base.manual, proc);
    let procedure = Procedure {
        name: proc.name.clone(),
        title: proc.title.as_ref().map(|s| s.value.clone()),
        file,
        bases,
        positions,
        facts,
        params,
        settings: r.settings,
        phases,
        stages,
        includes,
        manual,
        span: proc.span,
    };
    (procedure, r.used)
}

pub(super) struct Resolver<'s, 'a> {
    pub(super) scope: &'s Scope<'a>,
    pub(super) diags: &'s mut Vec<Diagnostic>,
    used: Vec<bool>,
    next_var: usize,
    settings: Settings,
}

impl Resolver<'_, '_> {
    pub(super) fn checker(&mut self) -> Checker<'_, '_> {
        Checker::new(self.scope, self.diags, &mut self.next_var)
    }

    /// Resolves a `per` clause against the procedure's bases.
    /// The manual check items: the included procedures' (`base`), then
    /// this procedure's own, at procedure level and in its stages, in
    /// source order.
    fn manual_items<'a>(
        &mut self,
        base: Vec<ManualCheck>,
        proc: &'a ast::Procedure,
    ) -> Vec<ManualCheck> {
        let mut out = base;
        let scope = self.scope;
        let id = |st: &ast::Stage| match scope.target(&st.name.name) {
            Some(Target::Stage(s)) => Some(s),
            _ => None,
        };
        let manuals = |st: &'a ast::Stage| {
            st.items.iter().filter_map(move |i| match i {
                ast::StageItem::Manual(m) => Some((id(st), m)),
                _ => None,
            })
        };
        let mut stages: Vec<(Option<StageId>, &ast::Manual)> = Vec::new();
        for item in &proc.items {
            match item {
                ast::ProcItem::Manual(m) => stages.push((None, m)),
                ast::ProcItem::Stage(st) => stages.extend(manuals(st)),
                ast::ProcItem::Phase(ph) => {
                    for st in &ph.stages {
                        stages.extend(manuals(st));
                    }
                }
                _ => {}
            }
        }
        for (stage, m) in stages {
            let cite = self.cite(&Some(m.per.clone()));
            out.push(ManualCheck {
                stage,
                what: m.what.value.clone(),
                cite,
                span: m.span,
            });
        }
        out
    }

    pub(super) fn cite(&mut self, per: &Option<ast::Per>) -> Option<Cite> {
        let per = per.as_ref()?;
        match self.scope.bases.get(per.basis.name.as_str()) {
            Some((id, _)) => {
                if let Some(u) = self.used.get_mut(id.0) {
                    *u = true;
                }
                Some(Cite {
                    basis: BasisRef::Procedure(*id),
                    clause: per.clause.value.clone(),
                    span: per.span,
                })
            }
            None => {
                if self.scope.silent(&per.basis.name) {
                    return None;
                }
                let names = self.scope.bases.keys().map(String::as_str);
                let s = did_you_mean(&per.basis.name, names);
                self.diags.push(msg::unknown_basis(&per.basis, s));
                // The basis meant is cited: no "unused" warning on top.
                if let Some((id, _)) = s.and_then(|s| self.scope.bases.get(s)) {
                    if let Some(u) = self.used.get_mut(id.0) {
                        *u = true;
                    }
                }
                None
            }
        }
    }

    fn position(&mut self, p: &ast::PositionDecl) -> Position {
        let seats = match &p.seats {
            ast::Seats::Exact(q) => Seats::Exact(self.seats_amount(q)),
            ast::Seats::Range(a, b) => {
                let (a, b) = (self.seats_amount(a), self.seats_amount(b));
                self.check_range(Some(&a), Some(&b));
                Seats::Range(a, b)
            }
        };
        Position {
            name: p.name.clone(),
            title: p.title.as_ref().map(|s| s.value.clone()),
            seats,
            cite: self.cite(&p.per),
            span: p.span,
        }
    }

    fn check_range(&mut self, low: Option<&Amount>, high: Option<&Amount>) {
        if let (
            Some(Amount::Literal { value: a, span: sa }),
            Some(Amount::Literal { value: b, span: sb }),
        ) = (low, high)
        {
            if a > b {
                self.diags
                    .push(msg::empty_range((*sa, a.to_string()), (*sb, b.to_string())));
            }
        }
    }

    fn point(&mut self, subject: Target, p: &ast::PointRef) -> Option<Point> {
        let name = p.target.name.as_str();
        let Some(target) = self.scope.target(name) else {
            if !self.scope.silent(name) {
                let s = did_you_mean(name, self.scope.stage_and_phase_names());
                self.diags.push(msg::unknown_stage(&p.target, s));
            }
            return None;
        };
        if target == subject {
            self.diags.push(msg::self_reference(p.target.span, name));
            return None;
        }
        if let (Target::Phase(ph), Target::Stage(s)) = (subject, target) {
            if self
                .scope
                .stages
                .get(s.0)
                .is_some_and(|st| st.phase == Some(ph))
            {
                let phase = self.scope.decl_name(Decl::Phase(ph));
                self.diags
                    .push(msg::self_reference_phase(p.target.span, phase, name));
                return None;
            }
        }
        Some(Point {
            target,
            end: p.end,
            span: p.span,
        })
    }

    pub(super) fn timing(&mut self, subject: Target, tm: &ast::Timing) -> Option<Timing> {
        use ast::TimingKind as K;
        let cite = self.cite(&tm.per);
        let kind = match &tm.kind {
            K::After(p) => TimingKind::After(self.point(subject, p)?),
            K::Before(p) => TimingKind::Before(self.point(subject, p)?),
            K::SameDay(p) => TimingKind::SameDay(self.point(subject, p)?),
            K::Within { days, unit, after } => {
                let days = self.days(days);
                TimingKind::Within {
                    days,
                    unit: *unit,
                    after: self.point(subject, after)?,
                }
            }
            K::AtLeastBefore { days, of, reading }
            | K::NoEarlierThanBefore { days, of, reading } => {
                let days = self.days(days);
                let of = self.point(subject, of)?;
                let (reading, explicit) = (
                    reading.unwrap_or(self.settings.days_before),
                    reading.is_some(),
                );
                if matches!(tm.kind, K::AtLeastBefore { .. }) {
                    TimingKind::AtLeastBefore {
                        days,
                        of,
                        reading,
                        explicit,
                    }
                } else {
                    TimingKind::NoEarlierThanBefore {
                        days,
                        of,
                        reading,
                        explicit,
                    }
                }
            }
            K::Between(a, b) => {
                if a.date > b.date {
                    self.diags.push(msg::empty_range(
                        (a.span, a.date.to_string()),
                        (b.span, b.date.to_string()),
                    ));
                }
                TimingKind::Between(a.date, b.date)
            }
            K::NotBefore(d) => TimingKind::NotBefore(d.date),
            K::NotAfter(d) => TimingKind::NotAfter(d.date),
            K::Lasts { min, max, unit } => {
                let min = min.as_ref().map(|q| self.days(q));
                let max = max.as_ref().map(|q| self.days(q));
                self.check_range(min.as_ref(), max.as_ref());
                TimingKind::Lasts {
                    min,
                    max,
                    unit: *unit,
                }
            }
        };
        Some(Timing {
            kind,
            cite,
            span: tm.span,
        })
    }

    fn phase(&mut self, id: PhaseId, ph: &ast::Phase, stages: &[StageId]) -> Phase {
        let timing = ph
            .timing
            .iter()
            .filter_map(|tm| self.timing(Target::Phase(id), tm))
            .collect();
        Phase {
            name: ph.name.clone(),
            title: ph.title.as_ref().map(|s| s.value.clone()),
            stages: stages.to_vec(),
            timing,
            span: ph.span,
        }
    }

    fn stage(&mut self, id: StageId, st: &ast::Stage, info: &StageInfo<'_>) -> Stage {
        let when = st.when.as_ref().map(|w| {
            let mut ck = self.checker();
            ck.stage = Some(id);
            ck.when_of = Some(id);
            ck.condition(w)
        });
        let mut timing = Vec::new();
        let mut rules = Vec::new();
        let mut candidates_from: Option<super::program::CandidatesFrom> = None;
        for item in &st.items {
            match item {
                ast::StageItem::CandidatesFrom(c) => {
                    if let Some(first) = &candidates_from {
                        let problem = t(
                            "一个阶段只能写一处“候选人取自”",
                            "a stage says `candidates from` once",
                        );
                        self.diags.push(
                            msg::bad_candidate_source(c.span, problem)
                                .with_label(first.span, t("首次写于此", "first written here")),
                        );
                    } else {
                        candidates_from = self.candidates_from(id, c);
                    }
                }
                ast::StageItem::Timing(tm) => timing.extend(self.timing(Target::Stage(id), tm)),
                ast::StageItem::Rule(r) => {
                    let first = self.diags.len();
                    rules.push(self.rule(id, r));
                    if let (Some(a), Some(new)) = (&r.applied, self.diags.get_mut(first..)) {
                        super::ruleset::annotate(new, a, &st.name.name);
                    }
                }
                // Applied rule sets are expanded before resolution; manual
                // items are the procedure's list (`manual_items`).
                ast::StageItem::Fact(_) | ast::StageItem::Apply(_) | ast::StageItem::Manual(_) => {}
            }
        }
        Stage {
            name: st.name.clone(),
            title: st.title.as_ref().map(|s| s.value.clone()),
            phase: info.phase,
            optional: st.optional,
            when,
            timing,
            facts: info.facts.clone(),
            rules,
            candidates_from,
            span: st.span,
        }
    }

    /// `candidates from S …`: S must be another stage that elects.
    fn candidates_from(
        &mut self,
        id: StageId,
        c: &ast::CandidatesFrom,
    ) -> Option<super::program::CandidatesFrom> {
        let name = c.stage.name.as_str();
        let from = match self.scope.target(name) {
            Some(Target::Stage(s)) => s,
            _ => {
                if !self.scope.silent(name) {
                    let s = did_you_mean(name, self.scope.stage_and_phase_names());
                    self.diags.push(msg::unknown_stage(&c.stage, s));
                }
                return None;
            }
        };
        let problem = if from == id {
            Some(t(
                format!("阶段 `{name}` 的候选人不能取自其自身"),
                format!("stage `{name}` cannot take its candidates from itself"),
            ))
        } else if !self.scope.stages.get(from.0).is_some_and(|st| st.has_elect) {
            Some(t(
                format!("阶段 `{name}` 没有当选规则，没有可取候选人的计票"),
                format!("stage `{name}` has no elect rule, so no tally to take candidates from"),
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.diags
                .push(msg::bad_candidate_source(c.stage.span, problem));
            return None;
        }
        Some(super::program::CandidatesFrom {
            stage: from,
            unelected: c.unelected,
            by_votes: c.by_votes,
            cite: self.cite(&c.per),
            span: c.span,
        })
    }

    pub(super) fn rule(&mut self, stage: StageId, r: &ast::Rule) -> Rule {
        let mut ck = self.checker();
        ck.stage = Some(stage);
        // The condition speaks of the record, never of one candidate.
        let when = r.when.as_ref().map(|c| ck.condition(c));
        let (kind, expr) = match &r.kind {
            ast::RuleKind::Quorum => (RuleKind::Quorum, ck.condition(&r.expr)),
            ast::RuleKind::Require => (RuleKind::Require, ck.condition(&r.expr)),
            ast::RuleKind::Elect { positions } => {
                let candidate = ck.enter_elect();
                let expr = ck.condition(&r.expr);
                let positions = self.elect_positions(positions);
                (
                    RuleKind::Elect {
                        positions,
                        candidate,
                    },
                    expr,
                )
            }
        };
        Rule {
            kind,
            when,
            expr,
            cite: self.cite(&r.per),
            span: r.span,
            applied: r.applied.as_ref().map(|a| a.set.clone()),
        }
    }

    fn elect_positions(&mut self, names: &[ast::Ident]) -> Vec<(super::program::PositionId, Span)> {
        let mut out: Vec<(super::program::PositionId, Span)> = Vec::new();
        for n in names {
            match self.scope.names.get(n.name.as_str()).map(|(d, _)| *d) {
                Some(Decl::Position(p)) => match out.iter().find(|(q, _)| *q == p) {
                    Some((_, first)) => {
                        let help = t("每个职务只需列出一次", "list each position once");
                        self.diags
                            .push(msg::duplicate(&n.name, n.span, Some(*first), help));
                    }
                    None => out.push((p, n.span)),
                },
                _ if self.scope.silent(&n.name) => {}
                _ => {
                    let s = did_you_mean(&n.name, self.scope.position_names());
                    self.diags.push(msg::unknown_position(n, s));
                }
            }
        }
        out
    }
}
