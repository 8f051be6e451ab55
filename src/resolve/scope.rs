//! The names a procedure declares, collected in one pass before anything is
//! resolved (so that a stage may name one declared after it).
//!
//! Positions, facts (of the procedure and of its stages), parameters, phases
//! and stages share one namespace; bases have their own. A name declared
//! twice gets an id all the same (its declaration is still checked), but
//! lookups find the first declaration.

use super::msg;
use super::program::{BasisId, FactId, FactScope, ParamId, PhaseId, PositionId, StageId};
use super::types::Type;
use crate::ast;
use crate::diag::Diagnostic;
use crate::span::Span;
use std::collections::HashMap;

/// What a name of the procedure namespace denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decl {
    Position(PositionId),
    Fact(FactId),
    Param(ParamId),
    Phase(PhaseId),
    Stage(StageId),
}

pub(crate) struct FactInfo<'a> {
    pub ast: &'a ast::FactDecl,
    pub ty: Type,
    pub scope: FactScope,
}

pub(crate) struct StageInfo<'a> {
    pub ast: &'a ast::Stage,
    pub phase: Option<PhaseId>,
    pub facts: Vec<FactId>,
    pub has_elect: bool,
}

/// Everything a procedure declares, by id, with the namespace.
pub(crate) struct Scope<'a> {
    pub proc: &'a ast::Procedure,
    pub names: HashMap<&'a str, (Decl, Span)>,
    pub bases: HashMap<&'a str, (BasisId, Span)>,
    pub basis_asts: Vec<&'a ast::BasisDecl>,
    pub positions: Vec<&'a ast::PositionDecl>,
    pub facts: Vec<FactInfo<'a>>,
    pub params: Vec<&'a ast::ParamDecl>,
    pub phases: Vec<(&'a ast::Phase, Vec<StageId>)>,
    pub stages: Vec<StageInfo<'a>>,
    pub settings: Vec<&'a ast::SettingDecl>,
}

impl<'a> Scope<'a> {
    /// Collects the declarations of `proc`, reporting duplicates.
    pub fn collect(proc: &'a ast::Procedure, diags: &mut Vec<Diagnostic>) -> Scope<'a> {
        let mut s = Scope {
            proc,
            names: HashMap::new(),
            bases: HashMap::new(),
            basis_asts: Vec::new(),
            positions: Vec::new(),
            facts: Vec::new(),
            params: Vec::new(),
            phases: Vec::new(),
            stages: Vec::new(),
            settings: Vec::new(),
        };
        for item in &proc.items {
            match item {
                ast::ProcItem::Basis(b) => {
                    let id = BasisId(s.basis_asts.len());
                    s.basis_asts.push(b);
                    declare_basis(&mut s.bases, b, id, diags);
                }
                ast::ProcItem::Position(p) => {
                    let id = PositionId(s.positions.len());
                    s.positions.push(p);
                    s.declare(&p.name, Decl::Position(id), diags);
                }
                ast::ProcItem::Fact(f) => {
                    s.fact(f, FactScope::Procedure, diags);
                }
                ast::ProcItem::Param(p) => {
                    let id = ParamId(s.params.len());
                    s.params.push(p);
                    s.declare(&p.name, Decl::Param(id), diags);
                }
                ast::ProcItem::Setting(set) => s.settings.push(set),
                ast::ProcItem::Phase(ph) => {
                    let id = PhaseId(s.phases.len());
                    s.phases.push((ph, Vec::new()));
                    s.declare(&ph.name, Decl::Phase(id), diags);
                    for st in &ph.stages {
                        let sid = s.stage(st, Some(id), diags);
                        if let Some((_, stages)) = s.phases.get_mut(id.0) {
                            stages.push(sid);
                        }
                    }
                }
                ast::ProcItem::Stage(st) => {
                    s.stage(st, None, diags);
                }
            }
        }
        s
    }

    fn declare(&mut self, name: &'a ast::Ident, decl: Decl, diags: &mut Vec<Diagnostic>) {
        match self.names.get(name.name.as_str()) {
            Some((_, first)) => diags.push(msg::duplicate(
                &name.name,
                name.span,
                Some(*first),
                msg::ns_procedure(),
            )),
            None => {
                self.names.insert(&name.name, (decl, name.span));
            }
        }
    }

    fn fact(
        &mut self,
        f: &'a ast::FactDecl,
        scope: FactScope,
        diags: &mut Vec<Diagnostic>,
    ) -> FactId {
        let id = FactId(self.facts.len());
        self.facts.push(FactInfo {
            ast: f,
            ty: Type::from_name(f.ty.kind),
            scope,
        });
        self.declare(&f.name, Decl::Fact(id), diags);
        id
    }

    fn stage(
        &mut self,
        st: &'a ast::Stage,
        phase: Option<PhaseId>,
        diags: &mut Vec<Diagnostic>,
    ) -> StageId {
        let id = StageId(self.stages.len());
        self.declare(&st.name, Decl::Stage(id), diags);
        let mut facts = Vec::new();
        let mut has_elect = false;
        for item in &st.items {
            match item {
                ast::StageItem::Fact(f) => facts.push(self.fact(f, FactScope::Stage(id), diags)),
                ast::StageItem::Rule(r) => {
                    has_elect |= matches!(r.kind, ast::RuleKind::Elect { .. });
                }
                ast::StageItem::Timing(_) => {}
            }
        }
        self.stages.push(StageInfo {
            ast: st,
            phase,
            facts,
            has_elect,
        });
        id
    }

    /// The name of a declared entity (for messages and suggestions).
    pub fn decl_name(&self, d: Decl) -> &'a str {
        let name = match d {
            Decl::Position(i) => self.positions.get(i.0).map(|p| &p.name),
            Decl::Fact(i) => self.facts.get(i.0).map(|f| &f.ast.name),
            Decl::Param(i) => self.params.get(i.0).map(|p| &p.name),
            Decl::Phase(i) => self.phases.get(i.0).map(|(p, _)| &p.name),
            Decl::Stage(i) => self.stages.get(i.0).map(|s| &s.ast.name),
        };
        name.map(|n| n.name.as_str()).unwrap_or("?")
    }

    /// The stage's name.
    pub fn stage_name(&self, s: StageId) -> &'a str {
        self.decl_name(Decl::Stage(s))
    }

    /// The fact `name` of stage `s`.
    pub fn stage_fact(&self, s: StageId, name: &str) -> Option<FactId> {
        let st = self.stages.get(s.0)?;
        st.facts
            .iter()
            .copied()
            .find(|f| self.facts.get(f.0).is_some_and(|i| i.ast.name.name == name))
    }

    /// The names of the facts of stage `s`.
    pub fn stage_fact_names(&self, s: StageId) -> Vec<&'a str> {
        let Some(st) = self.stages.get(s.0) else {
            return Vec::new();
        };
        st.facts
            .iter()
            .filter_map(|f| self.facts.get(f.0).map(|i| i.ast.name.name.as_str()))
            .collect()
    }

    /// The declared type of a parameter.
    pub fn param_type(&self, p: ParamId) -> Type {
        self.params
            .get(p.0)
            .map(|d| Type::from_name(d.ty.kind))
            .unwrap_or(Type::Error)
    }

    /// Names of stages and phases (for "did you mean").
    pub fn stage_and_phase_names(&self) -> Vec<&'a str> {
        let mut names: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, (d, _))| matches!(d, Decl::Stage(_) | Decl::Phase(_)))
            .map(|(n, _)| *n)
            .collect();
        names.sort_unstable();
        names
    }

    /// Names of parameters (for "did you mean").
    pub fn param_names(&self) -> Vec<&'a str> {
        self.params.iter().map(|p| p.name.name.as_str()).collect()
    }

    /// Names of positions (for "did you mean").
    pub fn position_names(&self) -> Vec<&'a str> {
        self.positions
            .iter()
            .map(|p| p.name.name.as_str())
            .collect()
    }

    /// Resolves a timing reference's or plan target's name to a stage or phase.
    pub fn target(&self, name: &str) -> Option<super::program::Target> {
        match self.names.get(name) {
            Some((Decl::Stage(s), _)) => Some(super::program::Target::Stage(*s)),
            Some((Decl::Phase(p), _)) => Some(super::program::Target::Phase(*p)),
            _ => None,
        }
    }
}

/// Declares a basis in a basis namespace (a procedure's or a plan's).
pub(crate) fn declare_basis<'a>(
    bases: &mut HashMap<&'a str, (BasisId, Span)>,
    b: &'a ast::BasisDecl,
    id: BasisId,
    diags: &mut Vec<Diagnostic>,
) {
    match bases.get(b.name.name.as_str()) {
        Some((_, first)) => diags.push(msg::duplicate(
            &b.name.name,
            b.name.span,
            Some(*first),
            crate::diag::Text::new(
                "依据的名称必须互不相同；请改用其他名称",
                "each basis needs its own name; rename one of them",
            ),
        )),
        None => {
            bases.insert(&b.name.name, (id, b.name.span));
        }
    }
}
