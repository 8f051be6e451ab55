//! The names a procedure declares, collected in one pass before anything is
//! resolved (so that a stage may name one declared after it).
//!
//! Positions, facts (of the procedure and of its stages), parameters, phases,
//! stages and the namespaces of includes share one namespace, except that two
//! stages may each have a fact of one name; bases have their own. A name declared twice gets an id all the same (its
//! declaration is still checked), but lookups find the first declaration.
//!
//! The elements of included procedures come first, already resolved and
//! renamed `NS.NAME` ([`super::include`]): the tables below hold them with
//! no syntax (`ast: None`), followed by the procedure's own declarations.

use super::msg;
use super::program::{
    BasisId, FactId, FactScope, ParamId, PhaseId, PositionId, Procedure, RuleKind, StageId, Target,
};
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
    /// The namespace of an include (an index into [`Scope::namespaces`]).
    Namespace(usize),
}

/// A declared element: its name, and its syntax when the procedure declares
/// it itself (`None` for an element an include brought in).
pub(crate) struct Own<'a, T> {
    pub name: String,
    pub ast: Option<&'a T>,
}

pub(crate) struct FactInfo {
    /// The name as declared (a stage fact's name is not prefixed).
    pub name: ast::Ident,
    pub ty: Type,
    pub scope: FactScope,
    /// The declaration.
    pub span: Span,
}

pub(crate) struct ParamInfo<'a> {
    pub name: String,
    pub ty: Type,
    pub ast: Option<&'a ast::ParamDecl>,
}

pub(crate) struct PhaseInfo<'a> {
    pub name: String,
    pub ast: Option<&'a ast::Phase>,
    pub stages: Vec<StageId>,
}

pub(crate) struct StageInfo<'a> {
    pub name: String,
    pub ast: Option<&'a ast::Stage>,
    pub phase: Option<PhaseId>,
    pub facts: Vec<FactId>,
    pub has_elect: bool,
}

/// The namespace of an include; `ok` is false when the include failed (its
/// procedure is unknown or on an include cycle), so that names under it are
/// not reported again.
pub(crate) struct Namespace {
    pub name: String,
    pub ok: bool,
}

/// Everything a procedure declares or includes, by id, with the namespace.
pub(crate) struct Scope<'a> {
    pub proc: &'a ast::Procedure,
    pub names: HashMap<String, (Decl, Span)>,
    pub bases: HashMap<String, (BasisId, Span)>,
    pub basis: Vec<Own<'a, ast::BasisDecl>>,
    pub positions: Vec<Own<'a, ast::PositionDecl>>,
    pub facts: Vec<FactInfo>,
    pub params: Vec<ParamInfo<'a>>,
    pub phases: Vec<PhaseInfo<'a>>,
    pub stages: Vec<StageInfo<'a>>,
    pub settings: Vec<&'a ast::SettingDecl>,
    pub namespaces: Vec<Namespace>,
    /// The procedure's own `include` items, in source order.
    pub includes: Vec<&'a ast::Include>,
    /// The procedure's `stage NS.NAME { … }` and `phase NS.NAME { … }`.
    pub extensions: Vec<&'a ast::Extend>,
}

impl<'a> Scope<'a> {
    /// Collects the declarations of `proc` after the elements of `imported`
    /// (the included procedures, flattened), reporting duplicates. `broken`
    /// lists the aliases of includes that failed.
    pub fn collect(
        proc: &'a ast::Procedure,
        imported: &Procedure,
        broken: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> Scope<'a> {
        let mut s = Scope {
            proc,
            names: HashMap::new(),
            bases: HashMap::new(),
            basis: Vec::new(),
            positions: Vec::new(),
            facts: Vec::new(),
            params: Vec::new(),
            phases: Vec::new(),
            stages: Vec::new(),
            settings: Vec::new(),
            namespaces: Vec::new(),
            includes: Vec::new(),
            extensions: Vec::new(),
        };
        s.seed(imported);
        for item in &proc.items {
            match item {
                ast::ProcItem::Include(inc) => {
                    let id = s.namespaces.len();
                    let ok = !broken.contains(&inc.alias.name.as_str());
                    s.namespaces.push(Namespace {
                        name: inc.alias.name.clone(),
                        ok,
                    });
                    s.declare(&inc.alias, Decl::Namespace(id), diags);
                    s.includes.push(inc);
                }
                ast::ProcItem::Extend(e) => s.extensions.push(e),
                // Rule sets are put in place by `ruleset::expand`; manual
                // items are resolved with the procedure.
                ast::ProcItem::RuleSet(_) | ast::ProcItem::Manual(_) => {}
                ast::ProcItem::Basis(b) => {
                    let id = BasisId(s.basis.len());
                    s.basis.push(Own {
                        name: b.name.name.clone(),
                        ast: Some(b),
                    });
                    declare_basis(&mut s.bases, b, id, diags);
                }
                ast::ProcItem::Position(p) => {
                    let id = PositionId(s.positions.len());
                    s.positions.push(Own {
                        name: p.name.name.clone(),
                        ast: Some(p),
                    });
                    s.declare(&p.name, Decl::Position(id), diags);
                }
                ast::ProcItem::Fact(f) => {
                    s.fact(f, FactScope::Procedure, diags);
                }
                ast::ProcItem::Param(p) => {
                    let id = ParamId(s.params.len());
                    s.params.push(ParamInfo {
                        name: p.name.name.clone(),
                        ty: Type::from_name(p.ty.kind),
                        ast: Some(p),
                    });
                    s.declare(&p.name, Decl::Param(id), diags);
                }
                ast::ProcItem::Setting(set) => s.settings.push(set),
                ast::ProcItem::Phase(ph) => {
                    let id = PhaseId(s.phases.len());
                    s.phases.push(PhaseInfo {
                        name: ph.name.name.clone(),
                        ast: Some(ph),
                        stages: Vec::new(),
                    });
                    s.declare(&ph.name, Decl::Phase(id), diags);
                    for st in &ph.stages {
                        let sid = s.stage(st, Some(id), diags);
                        if let Some(info) = s.phases.get_mut(id.0) {
                            info.stages.push(sid);
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

    /// Enters the included elements, already named `NS.NAME`. A stage's
    /// fact is entered as `NS.fact` too, so that writing it so is reported
    /// as a stage fact written without its stage.
    fn seed(&mut self, p: &Procedure) {
        fn enter(names: &mut HashMap<String, (Decl, Span)>, name: &str, d: Decl, span: Span) {
            names.entry(name.to_string()).or_insert((d, span));
        }
        for (i, b) in p.bases.iter().enumerate() {
            self.basis.push(Own {
                name: b.name.name.clone(),
                ast: None,
            });
            self.bases
                .entry(b.name.name.clone())
                .or_insert((BasisId(i), b.name.span));
        }
        for (i, pos) in p.positions.iter().enumerate() {
            let (name, span) = (&pos.name.name, pos.name.span);
            enter(&mut self.names, name, Decl::Position(PositionId(i)), span);
            self.positions.push(Own {
                name: name.clone(),
                ast: None,
            });
        }
        for (i, par) in p.params.iter().enumerate() {
            let (name, span) = (&par.name.name, par.name.span);
            enter(&mut self.names, name, Decl::Param(ParamId(i)), span);
            self.params.push(ParamInfo {
                name: name.clone(),
                ty: par.ty,
                ast: None,
            });
        }
        for (i, ph) in p.phases.iter().enumerate() {
            let (name, span) = (&ph.name.name, ph.name.span);
            enter(&mut self.names, name, Decl::Phase(PhaseId(i)), span);
            self.phases.push(PhaseInfo {
                name: name.clone(),
                ast: None,
                stages: ph.stages.clone(),
            });
        }
        for (i, st) in p.stages.iter().enumerate() {
            let (name, span) = (&st.name.name, st.name.span);
            enter(&mut self.names, name, Decl::Stage(StageId(i)), span);
            self.stages.push(StageInfo {
                name: name.clone(),
                ast: None,
                phase: st.phase,
                facts: st.facts.clone(),
                has_elect: st
                    .rules
                    .iter()
                    .any(|r| matches!(r.kind, RuleKind::Elect { .. })),
            });
        }
        for (i, f) in p.facts.iter().enumerate() {
            let key = match f.scope {
                FactScope::Procedure => f.name.name.clone(),
                FactScope::Stage(s) => {
                    let stage = self.stages.get(s.0).map_or("", |st| st.name.as_str());
                    let ns = stage.rsplit_once('.').map_or("", |(ns, _)| ns);
                    format!("{ns}.{}", f.name.name)
                }
            };
            enter(&mut self.names, &key, Decl::Fact(FactId(i)), f.name.span);
            self.facts.push(FactInfo {
                name: f.name.clone(),
                ty: f.ty,
                scope: f.scope,
                span: f.span,
            });
        }
        // Namespaces of includes of includes (`NS.NS2`); the procedure's
        // own are declared in source order, with its other names.
        for inc in p.includes.iter().filter(|i| i.alias.name.contains('.')) {
            let id = self.namespaces.len();
            self.namespaces.push(Namespace {
                name: inc.alias.name.clone(),
                ok: true,
            });
            let (name, span) = (&inc.alias.name, inc.alias.span);
            enter(&mut self.names, name, Decl::Namespace(id), span);
        }
    }

    fn declare(&mut self, name: &ast::Ident, decl: Decl, diags: &mut Vec<Diagnostic>) {
        match self.names.get(name.name.as_str()) {
            Some((old, first)) => {
                let help =
                    if matches!(decl, Decl::Namespace(_)) || matches!(old, Decl::Namespace(_)) {
                        super::include::ns_alias()
                    } else {
                        msg::ns_procedure()
                    };
                diags.push(msg::duplicate(&name.name, name.span, Some(*first), help))
            }
            None => {
                self.names.insert(name.name.clone(), (decl, name.span));
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
        // The same name twice in one stage (another stage's fact of that name
        // is no clash, below).
        let twice = match scope {
            FactScope::Stage(s) => self
                .facts
                .iter()
                .find(|i| {
                    i.name.name == f.name.name && matches!(i.scope, FactScope::Stage(t) if t == s)
                })
                .map(|i| i.name.span),
            FactScope::Procedure => None,
        };
        self.facts.push(FactInfo {
            name: f.name.clone(),
            ty: Type::from_name(f.ty.kind),
            scope,
            span: f.span,
        });
        // Stages may record facts of the same name (each round of a vote its
        // own `实到会`): a stage's fact is named within its stage, so another
        // stage's fact of that name is no clash. The first keeps the entry
        // that explains an unqualified use elsewhere.
        let other_stage = |d: &Decl| match (d, scope) {
            (Decl::Fact(g), FactScope::Stage(s)) => self
                .facts
                .get(g.0)
                .is_some_and(|i| matches!(i.scope, FactScope::Stage(t) if t != s)),
            _ => false,
        };
        match (twice, self.names.get(f.name.name.as_str())) {
            (Some(first), _) => diags.push(msg::duplicate(
                &f.name.name,
                f.name.span,
                Some(first),
                msg::ns_procedure(),
            )),
            (None, Some((d, _))) if other_stage(d) => {}
            (None, _) => self.declare(&f.name, Decl::Fact(id), diags),
        }
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
                ast::StageItem::Timing(_)
                | ast::StageItem::Apply(_)
                | ast::StageItem::Manual(_)
                | ast::StageItem::CandidatesFrom(_) => {}
            }
        }
        self.stages.push(StageInfo {
            name: st.name.name.clone(),
            ast: Some(st),
            phase,
            facts,
            has_elect,
        });
        id
    }

    /// The name of a declared entity (for messages and suggestions).
    pub fn decl_name(&self, d: Decl) -> &str {
        let name = match d {
            Decl::Position(i) => self.positions.get(i.0).map(|p| p.name.as_str()),
            Decl::Fact(i) => self.facts.get(i.0).map(|f| f.name.name.as_str()),
            Decl::Param(i) => self.params.get(i.0).map(|p| p.name.as_str()),
            Decl::Phase(i) => self.phases.get(i.0).map(|p| p.name.as_str()),
            Decl::Stage(i) => self.stages.get(i.0).map(|s| s.name.as_str()),
            Decl::Namespace(i) => self.namespaces.get(i).map(|n| n.name.as_str()),
        };
        name.unwrap_or("?")
    }

    /// The stage's name.
    pub fn stage_name(&self, s: StageId) -> &str {
        self.decl_name(Decl::Stage(s))
    }

    /// The fact `name` of stage `s`.
    pub fn stage_fact(&self, s: StageId, name: &str) -> Option<FactId> {
        let st = self.stages.get(s.0)?;
        st.facts
            .iter()
            .copied()
            .find(|f| self.facts.get(f.0).is_some_and(|i| i.name.name == name))
    }

    /// The names of the facts of stage `s`.
    pub fn stage_fact_names(&self, s: StageId) -> Vec<&str> {
        let Some(st) = self.stages.get(s.0) else {
            return Vec::new();
        };
        st.facts
            .iter()
            .filter_map(|f| self.facts.get(f.0).map(|i| i.name.name.as_str()))
            .collect()
    }

    /// The declared type of a parameter.
    pub fn param_type(&self, p: ParamId) -> Type {
        self.params.get(p.0).map_or(Type::Error, |d| d.ty)
    }

    /// Names of stages and phases (for "did you mean").
    pub fn stage_and_phase_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, (d, _))| matches!(d, Decl::Stage(_) | Decl::Phase(_)))
            .map(|(n, _)| n.as_str())
            .collect();
        names.sort_unstable();
        names
    }

    /// Names of parameters (for "did you mean").
    pub fn param_names(&self) -> Vec<&str> {
        self.params.iter().map(|p| p.name.as_str()).collect()
    }

    /// Names of positions (for "did you mean").
    pub fn position_names(&self) -> Vec<&str> {
        self.positions.iter().map(|p| p.name.as_str()).collect()
    }

    /// Resolves a timing reference's or plan target's name to a stage or phase.
    pub fn target(&self, name: &str) -> Option<Target> {
        match self.names.get(name) {
            Some((Decl::Stage(s), _)) => Some(Target::Stage(*s)),
            Some((Decl::Phase(p), _)) => Some(Target::Phase(*p)),
            _ => None,
        }
    }

    /// Whether `name` is the namespace of an include.
    pub fn is_namespace(&self, name: &str) -> bool {
        matches!(self.names.get(name), Some((Decl::Namespace(_), _)))
    }

    /// Whether `name` lies in the namespace of an include that failed: its
    /// error was reported at the include, so a name in it is not.
    pub fn silent(&self, name: &str) -> bool {
        self.namespaces.iter().any(|n| {
            !n.ok
                && name
                    .strip_prefix(n.name.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }
}

/// Declares a basis in a basis namespace (a procedure's or a plan's).
pub(crate) fn declare_basis(
    bases: &mut HashMap<String, (BasisId, Span)>,
    b: &ast::BasisDecl,
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
            bases.insert(b.name.name.clone(), (id, b.name.span));
        }
    }
}
