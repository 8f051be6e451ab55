//! One procedure: settings, parameters, positions, facts, phases and stages
//! with their timing and rules.

use super::eval::{EvalError, Params};
use super::expr::Checker;
use super::msg;
use super::program::{
    Amount, Basis, BasisRef, Cite, Fact, Param, Phase, PhaseId, Point, Position, Procedure, Rule,
    RuleKind, Seats, Settings, Stage, StageId, TExpr, Target, Timing, TimingKind,
};
use super::scope::{Decl, Scope, StageInfo};
use super::types::Type;
use crate::ast::{self, Quantity, Reading};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::span::{FileId, Span};

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// Resolves a procedure whose declarations `scope` collected. Returns it with
/// the bases its own items cite (plans may cite more) and the number of
/// variables it binds.
pub(crate) fn resolve(
    file: FileId,
    scope: &Scope<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (Procedure, Vec<bool>) {
    let mut r = Resolver {
        scope,
        diags,
        used: vec![false; scope.basis_asts.len()],
        next_var: 0,
        settings: Settings::default(),
    };
    r.settings();
    let params = r.params();
    let positions = scope.positions.iter().map(|p| r.position(p)).collect();
    let facts = scope
        .facts
        .iter()
        .map(|f| Fact {
            name: f.ast.name.clone(),
            ty: f.ty,
            scope: f.scope,
            span: f.ast.span,
        })
        .collect();
    let phases = scope
        .phases
        .iter()
        .enumerate()
        .map(|(i, (ph, stages))| r.phase(PhaseId(i), ph, stages))
        .collect();
    let stages = scope
        .stages
        .iter()
        .enumerate()
        .map(|(i, info)| r.stage(StageId(i), info))
        .collect();
    let proc = scope.proc;
    let procedure = Procedure {
        name: proc.name.clone(),
        title: proc.title.as_ref().map(|s| s.value.clone()),
        file,
        bases: scope
            .basis_asts
            .iter()
            .map(|b| Basis {
                name: b.name.clone(),
                title: b.title.value.clone(),
                span: b.span,
            })
            .collect(),
        positions,
        facts,
        params,
        settings: r.settings,
        phases,
        stages,
        span: proc.span,
    };
    (procedure, r.used)
}

struct Resolver<'s, 'a> {
    scope: &'s Scope<'a>,
    diags: &'s mut Vec<Diagnostic>,
    used: Vec<bool>,
    next_var: usize,
    settings: Settings,
}

const DAYS_BEFORE: [&str; 2] = ["days_before", "日前计法"];
const HOLIDAY: [&str; 2] = ["holiday_extension", "节假日顺延"];
const READINGS: [(&str, Reading); 4] = [
    ("subtractive", Reading::Subtractive),
    ("相减", Reading::Subtractive),
    ("exclusive", Reading::Exclusive),
    ("间隔", Reading::Exclusive),
];
const SWITCHES: [(&str, bool); 6] = [
    ("on", true),
    ("off", false),
    ("是", true),
    ("否", false),
    ("true", true),
    ("false", false),
];

impl Resolver<'_, '_> {
    fn checker(&mut self) -> Checker<'_, '_> {
        Checker::new(self.scope, self.diags, &mut self.next_var)
    }

    /// Resolves a `per` clause against the procedure's bases.
    fn cite(&mut self, per: &Option<ast::Per>) -> Option<Cite> {
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
                let s = did_you_mean(&per.basis.name, self.scope.bases.keys().copied());
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

    fn settings(&mut self) {
        let mut first: [Option<Span>; 2] = [None, None];
        for set in &self.scope.settings {
            let key = set.key.name.as_str();
            let which = if DAYS_BEFORE.contains(&key) {
                0
            } else if HOLIDAY.contains(&key) {
                1
            } else {
                let s = did_you_mean(key, DAYS_BEFORE.iter().chain(HOLIDAY.iter()).copied());
                self.diags.push(msg::unknown_setting_key(&set.key, s));
                continue;
            };
            if let Some(f) = first.get(which).copied().flatten() {
                let help = t("每个设定项只能设定一次", "each setting is set once");
                self.diags
                    .push(msg::duplicate(key, set.key.span, Some(f), help));
                continue;
            }
            if let Some(slot) = first.get_mut(which) {
                *slot = Some(set.key.span);
            }
            let value = set.value.name.as_str();
            if which == 0 {
                match READINGS.iter().find(|(n, _)| *n == value) {
                    Some((_, r)) => {
                        self.settings.days_before = *r;
                        self.settings.days_before_span = Some(set.span);
                    }
                    None => {
                        let s = did_you_mean(value, READINGS.iter().map(|(n, _)| *n));
                        let allowed = t(
                            "可选取值：`相减`（`subtractive`，读法甲）、`间隔`（`exclusive`，读法乙）",
                            "the values are `subtractive` (`相减`, reading A) and `exclusive` (`间隔`, reading B)",
                        );
                        self.diags
                            .push(msg::unknown_setting_value(key, &set.value, s, allowed));
                    }
                }
            } else {
                match SWITCHES.iter().find(|(n, _)| *n == value) {
                    Some((_, on)) => {
                        self.settings.holiday_extension = *on;
                        self.settings.holiday_extension_span = Some(set.span);
                    }
                    None => {
                        let s = did_you_mean(value, SWITCHES.iter().map(|(n, _)| *n));
                        let allowed = t(
                            "可选取值：`是`、`否`（`on`、`off`）",
                            "the values are `on` and `off` (`是`, `否`)",
                        );
                        self.diags
                            .push(msg::unknown_setting_value(key, &set.value, s, allowed));
                    }
                }
            }
        }
    }

    /// Checks every default, then evaluates them in dependency order.
    fn params(&mut self) -> Vec<Param> {
        let mut typed: Vec<(TExpr, Type, bool)> = Vec::new();
        for p in &self.scope.params {
            let want = Type::from_name(p.ty.kind);
            let before = self.diags.len();
            let mut ck = self.checker();
            ck.constant = true;
            let e = ck.value(&p.default, want);
            let clean = self.diags.len() == before;
            typed.push((e, want, clean));
        }
        let defaults = typed.iter().map(|(e, ty, _)| (e, *ty)).collect();
        let usable: Vec<bool> = typed.iter().map(|(.., ok)| *ok).collect();
        let (values, errors) = Params::new(defaults, &usable).all();
        for (p, e) in errors {
            match e {
                EvalError::DivisionByZero(span) => self.diags.push(msg::division_by_zero(span)),
                EvalError::Overflow(span) => self.diags.push(msg::overflow(span)),
                EvalError::Cycle(q) if q == p => {
                    if let Some(decl) = self.scope.params.get(p.0) {
                        self.diags.push(msg::param_cycle(&decl.name));
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for ((p, (default, ty, _)), value) in self.scope.params.iter().zip(typed).zip(values) {
            let cite = self.cite(&p.per);
            out.push(Param {
                name: p.name.clone(),
                ty,
                default,
                value,
                cite,
                span: p.span,
            });
        }
        out
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

    /// What a name of the namespace is, for "this is a fact, not a parameter".
    fn kind_of(&self, d: Decl) -> Text {
        match d {
            Decl::Position(_) => t("职务", "position"),
            Decl::Fact(_) => t("事实", "fact"),
            Decl::Param(_) => t("参数", "parameter"),
            Decl::Phase(_) => t("环节", "phase"),
            Decl::Stage(_) => t("阶段", "stage"),
        }
    }

    /// The parameter a quantity names, or the diagnostic `wrong` makes when
    /// it names something else (a parameter of another type, a fact, …).
    fn amount(
        &mut self,
        q: &Quantity,
        want: Type,
        wrong: impl Fn(&ast::Ident, Text) -> Diagnostic,
    ) -> Amount {
        let id = match q {
            Quantity::Literal { value, span } => {
                return Amount::Literal {
                    value: *value,
                    span: *span,
                }
            }
            Quantity::Param(id) => id,
        };
        let error = Amount::Invalid { span: id.span };
        match self.scope.names.get(id.name.as_str()).map(|(d, _)| *d) {
            Some(Decl::Param(p)) => {
                let ty = self.scope.param_type(p);
                if ty != want {
                    let d = ty.describe();
                    let what = t(
                        format!("参数的类型是{}", d.zh),
                        format!("a parameter of type {}", d.en),
                    );
                    self.diags.push(wrong(id, what));
                    return error;
                }
                Amount::Param {
                    param: p,
                    span: id.span,
                }
            }
            Some(d) => {
                let k = self.kind_of(d);
                let what = t(
                    format!("这是{}，不是参数", k.zh),
                    format!("this is a {}, not a parameter", k.en),
                );
                self.diags.push(wrong(id, what));
                error
            }
            None => {
                let s = did_you_mean(&id.name, self.scope.param_names());
                self.diags.push(msg::undefined(id, s));
                error
            }
        }
    }

    fn seats_amount(&mut self, q: &Quantity) -> Amount {
        self.amount(q, Type::Count, |id, what| {
            let n = &id.name;
            Diagnostic::error(
                crate::diag::Code::TypeMismatch,
                t(
                    format!("`{n}` 不能用作名额"),
                    format!("`{n}` cannot give the number of seats"),
                ),
            )
            .with_label(id.span, what)
            .with_help(t(
                format!("名额须写成数字，或声明为 `param {n}: count = …` 的参数"),
                format!("write a number, or declare `param {n}: count = …`"),
            ))
        })
    }

    fn days(&mut self, q: &Quantity) -> Amount {
        self.amount(q, Type::Days, msg::not_days)
    }

    fn point(&mut self, subject: Target, p: &ast::PointRef) -> Option<Point> {
        let name = p.target.name.as_str();
        let Some(target) = self.scope.target(name) else {
            let s = did_you_mean(name, self.scope.stage_and_phase_names());
            self.diags.push(msg::unknown_stage(&p.target, s));
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

    fn timing(&mut self, subject: Target, tm: &ast::Timing) -> Option<Timing> {
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

    fn stage(&mut self, id: StageId, info: &StageInfo<'_>) -> Stage {
        let st = info.ast;
        let when = st.when.as_ref().map(|w| {
            let mut ck = self.checker();
            ck.stage = Some(id);
            ck.when_of = Some(id);
            ck.condition(w)
        });
        let mut timing = Vec::new();
        let mut rules = Vec::new();
        for item in &st.items {
            match item {
                ast::StageItem::Timing(tm) => timing.extend(self.timing(Target::Stage(id), tm)),
                ast::StageItem::Rule(r) => rules.push(self.rule(id, r)),
                ast::StageItem::Fact(_) => {}
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
            span: st.span,
        }
    }

    fn rule(&mut self, stage: StageId, r: &ast::Rule) -> Rule {
        let mut ck = self.checker();
        ck.stage = Some(stage);
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
            expr,
            cite: self.cite(&r.per),
            span: r.span,
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
                _ => {
                    let s = did_you_mean(&n.name, self.scope.position_names());
                    self.diags.push(msg::unknown_position(n, s));
                }
            }
        }
        out
    }
}
