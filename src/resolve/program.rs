//! The resolved program: every name replaced by an id, every expression
//! typed. This is what the stage graph, the timing network and the record
//! checker compile from.
//!
//! Ids index the vectors of their owner ([`StageId`] into
//! [`Procedure::stages`], …). Every element keeps its span so that later
//! diagnostics can point at the source. Elements whose declaration had an
//! error (a constraint on an unknown stage, a `per` citing an unknown basis)
//! are left out; a program with errors is for display, not for checking.

use super::types::{Builtin, Coll, EnumValue, Field, Type};
use crate::ast::{BinOp, Comparison, DayUnit, Endpoint, Ident, Quantifier, Reading};
use crate::span::{FileId, Span};
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub usize);
    )*};
}

ids! {
    /// A procedure: index into [`Program::procedures`].
    ProcId;
    /// A plan: index into [`Program::plans`].
    PlanId;
    /// A basis: index into [`Procedure::bases`] (or [`Plan::bases`]).
    BasisId;
    /// A position: index into [`Procedure::positions`].
    PositionId;
    /// A fact: index into [`Procedure::facts`].
    FactId;
    /// A parameter: index into [`Procedure::params`].
    ParamId;
    /// A phase: index into [`Procedure::phases`].
    PhaseId;
    /// A stage: index into [`Procedure::stages`].
    StageId;
    /// A variable bound by a quantifier, by `count` (its implicit element)
    /// or by an `elect` rule (the candidate); unique within a procedure.
    VarId;
}

/// Every resolved procedure and plan of a run, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    pub procedures: Vec<Procedure>,
    pub plans: Vec<Plan>,
}

impl Program {
    /// The first procedure named `name`.
    pub fn procedure(&self, name: &str) -> Option<(ProcId, &Procedure)> {
        self.procedures
            .iter()
            .enumerate()
            .find(|(_, p)| p.name.name == name)
            .map(|(i, p)| (ProcId(i), p))
    }

    /// The first plan named `name`.
    pub fn plan(&self, name: &str) -> Option<(PlanId, &Plan)> {
        self.plans
            .iter()
            .enumerate()
            .find(|(_, p)| p.name.name == name)
            .map(|(i, p)| (PlanId(i), p))
    }
}

/// One resolved procedure.
#[derive(Clone, Debug, PartialEq)]
pub struct Procedure {
    pub name: Ident,
    pub title: Option<String>,
    pub file: FileId,
    pub bases: Vec<Basis>,
    pub positions: Vec<Position>,
    /// Procedure facts and stage facts, in source order.
    pub facts: Vec<Fact>,
    pub params: Vec<Param>,
    pub settings: Settings,
    pub phases: Vec<Phase>,
    /// Every stage, those inside phases included, in source order.
    pub stages: Vec<Stage>,
    /// The included procedures, in source order, each followed by those it
    /// includes itself (`居委会.x`). Their elements come first in every
    /// vector above, named `NS.NAME`.
    pub includes: Vec<Include>,
    /// The manual check items (`人工核对` / `manual`), the included
    /// procedures' first, then in source order.
    pub manual: Vec<ManualCheck>,
    pub span: Span,
}

/// `manual "what" per B "clause"`: a safeguard no record field can show,
/// which the checker lists for the inspector to tick.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualCheck {
    /// The stage it is declared in; `None` at procedure level.
    pub stage: Option<StageId>,
    /// What the inspector checks.
    pub what: String,
    pub cite: Option<Cite>,
    pub span: Span,
}

impl Procedure {
    /// The stage named `name`.
    pub fn stage(&self, name: &str) -> Option<(StageId, &Stage)> {
        self.stages
            .iter()
            .enumerate()
            .find(|(_, s)| s.name.name == name)
            .map(|(i, s)| (StageId(i), s))
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<(ParamId, &Param)> {
        self.params
            .iter()
            .enumerate()
            .find(|(_, p)| p.name.name == name)
            .map(|(i, p)| (ParamId(i), p))
    }

    /// The include whose namespace is `alias` (`居委会`, `居委会.x`).
    pub fn include(&self, alias: &str) -> Option<(usize, &Include)> {
        self.includes
            .iter()
            .enumerate()
            .find(|(_, i)| i.alias.name == alias)
    }

    /// Whether a stage or phase may last more than one day: a phase, or a
    /// stage with a `lasts` rule. A one-day stage's first and last day are
    /// the same day, so only these are worth naming by their ends.
    pub fn spans_days(&self, t: Target) -> bool {
        match t {
            Target::Phase(_) => true,
            Target::Stage(StageId(i)) => self.stages.get(i).is_some_and(|s| {
                s.timing
                    .iter()
                    .any(|x| matches!(x.kind, TimingKind::Lasts { .. }))
            }),
        }
    }

    /// The name of a stage or phase.
    pub fn target_name(&self, t: Target) -> &str {
        let name = match t {
            Target::Stage(StageId(i)) => self.stages.get(i).map(|s| &s.name),
            Target::Phase(PhaseId(i)) => self.phases.get(i).map(|p| &p.name),
        };
        name.map(|n| n.name.as_str()).unwrap_or("?")
    }
}

/// `include PROCEDURE as NS`: an included procedure and what it brought
/// into the including one (flattened: its elements were copied, renamed
/// `NS.NAME`, with every id moved past those before them).
#[derive(Clone, Debug, PartialEq)]
pub struct Include {
    /// The namespace as written (`居委会`), or prefixed with the namespace
    /// of the include that brought it in (`两委.居委会`).
    pub alias: Ident,
    /// The included procedure.
    pub procedure: ProcId,
    /// The stages it brought in (consecutive ids).
    pub stages: Vec<StageId>,
    /// The phases it brought in (consecutive ids).
    pub phases: Vec<PhaseId>,
    pub cite: Option<Cite>,
    /// The `include` item.
    pub span: Span,
}

/// `basis NAME "title"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Basis {
    pub name: Ident,
    pub title: String,
    pub span: Span,
}

/// A `per` clause: the basis it cites and the quoted clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Cite {
    pub basis: BasisRef,
    pub clause: String,
    pub span: Span,
}

/// Where a cited basis is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BasisRef {
    /// In the procedure (the cited procedure, for a plan's items).
    Procedure(BasisId),
    /// In the plan itself.
    Plan(BasisId),
}

/// `position NAME seats …`.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub name: Ident,
    pub title: Option<String>,
    pub seats: Seats,
    pub cite: Option<Cite>,
    pub span: Span,
}

/// The seats of a position.
#[derive(Clone, Debug, PartialEq)]
pub enum Seats {
    Exact(Amount),
    /// Both ends inclusive.
    Range(Amount, Amount),
}

/// A whole number given literally or by a parameter (seats, day counts).
#[derive(Clone, Debug, PartialEq)]
pub enum Amount {
    Literal {
        value: u64,
        span: Span,
    },
    Param {
        param: ParamId,
        span: Span,
    },
    /// A name that is not a parameter of the right type (an error was
    /// reported; only in programs with errors).
    Invalid {
        span: Span,
    },
}

impl Amount {
    /// The span of the number or of the parameter's name.
    pub fn span(&self) -> Span {
        match self {
            Amount::Literal { span, .. }
            | Amount::Param { span, .. }
            | Amount::Invalid { span } => *span,
        }
    }
}

/// `fact NAME: TYPE`, in a procedure or a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub name: Ident,
    /// One of count, days, date, bool, text, ratio.
    pub ty: Type,
    pub scope: FactScope,
    pub span: Span,
}

/// Where a fact is declared (and where the record gives it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FactScope {
    Procedure,
    Stage(StageId),
}

/// `param NAME: TYPE = DEFAULT per …`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    /// One of count, days, date, bool, text, ratio.
    pub ty: Type,
    /// The default as written (a constant expression).
    pub default: TExpr,
    /// The default evaluated exactly; `None` when it has an error. A copy of
    /// the procedure for one run may hold another value here (`set`).
    pub value: Option<Value>,
    /// Whether `value` was set for this run (a plan, `--param`) rather than
    /// being the default; false in a resolved procedure.
    pub set: bool,
    pub cite: Option<Cite>,
    /// The readings of a contested parameter (`contested { … }`), each with
    /// its value and source; empty for an uncontested one. The default is
    /// one of them.
    pub readings: Vec<ParamReading>,
    pub span: Span,
}

/// One reading of a contested parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamReading {
    /// The reading's name as written (`超过`, `"应到会"`).
    pub label: Ident,
    /// The value it gives the parameter (`None` when it has an error).
    pub value: Option<Value>,
    pub cite: Option<Cite>,
    pub span: Span,
}

/// The settings of a procedure (defaults when not set).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// How "N 日前" is counted (`days_before` / `日前计法`); default reading A.
    pub days_before: Reading,
    /// Whether forward deadlines ending on a holiday move to the next working
    /// day (`holiday_extension` / `节假日顺延`); default off.
    pub holiday_extension: bool,
    /// Whether a ballot may name a person who is on no candidate list
    /// (`write_ins` / `另选他人`): the record then marks such a tally line
    /// `write_in = true`. Default off.
    pub write_ins: bool,
    /// Whether the positions elected in one stage are elected separately
    /// (`separate_positions` / `职务分别选举`), so that no one is elected to
    /// two of them. Default off.
    pub separate_positions: bool,
    /// The `setting` items that set them.
    pub days_before_span: Option<Span>,
    pub holiday_extension_span: Option<Span>,
    pub write_ins_span: Option<Span>,
    pub separate_positions_span: Option<Span>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            days_before: Reading::Subtractive,
            holiday_extension: false,
            write_ins: false,
            separate_positions: false,
            days_before_span: None,
            holiday_extension_span: None,
            write_ins_span: None,
            separate_positions_span: None,
        }
    }
}

/// A phase: a named group of stages, with its own timing.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub name: Ident,
    pub title: Option<String>,
    pub stages: Vec<StageId>,
    pub timing: Vec<Timing>,
    pub span: Span,
}

/// A stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub name: Ident,
    pub title: Option<String>,
    pub phase: Option<PhaseId>,
    /// The span of `optional`, when the stage is optional.
    pub optional: Option<Span>,
    /// The condition under which the stage is required (type bool).
    pub when: Option<TExpr>,
    pub timing: Vec<Timing>,
    /// The stage's own facts (also listed in [`Procedure::facts`]).
    pub facts: Vec<FactId>,
    pub rules: Vec<Rule>,
    /// `candidates from S …`: who may stand in its vote.
    pub candidates_from: Option<CandidatesFrom>,
    pub span: Span,
}

/// `candidates from S [unelected] [by votes]` (src/check/rounds.rs).
#[derive(Clone, Debug, PartialEq)]
pub struct CandidatesFrom {
    pub stage: StageId,
    pub unelected: bool,
    pub by_votes: bool,
    pub cite: Option<Cite>,
    pub span: Span,
}

/// A stage or a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Stage(StageId),
    Phase(PhaseId),
}

/// A stage or phase, or one end of it, as a timing constraint names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub target: Target,
    pub end: Option<Endpoint>,
    pub span: Span,
}

/// A timing constraint on its subject (the stage or phase it is written in).
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub kind: TimingKind,
    pub cite: Option<Cite>,
    pub span: Span,
}

/// The resolved timing constraints (see [`crate::ast::TimingKind`] for their
/// meaning).
#[derive(Clone, Debug, PartialEq)]
pub enum TimingKind {
    After(Point),
    Before(Point),
    SameDay(Point),
    Within {
        days: Amount,
        unit: DayUnit,
        after: Point,
    },
    /// `reading` is the one that applies: the constraint's own, else the
    /// procedure's setting; `explicit` says whether the constraint wrote it
    /// (or, in a copy of an included procedure's constraint, whether that
    /// procedure's setting fixed it).
    AtLeastBefore {
        days: Amount,
        of: Point,
        reading: Reading,
        explicit: bool,
    },
    NoEarlierThanBefore {
        days: Amount,
        of: Point,
        reading: Reading,
        explicit: bool,
    },
    Between(NaiveDate, NaiveDate),
    NotBefore(NaiveDate),
    NotAfter(NaiveDate),
    Lasts {
        min: Option<Amount>,
        max: Option<Amount>,
        unit: DayUnit,
    },
}

/// A rule of a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub kind: RuleKind,
    /// `when C:` — type bool; the rule is in force only when it holds.
    pub when: Option<TExpr>,
    /// Type bool.
    pub expr: TExpr,
    pub cite: Option<Cite>,
    pub span: Span,
    /// The rule set it was applied from (`党组织委员会选举.投票规则`), when it
    /// was: its span is then in that set's file.
    pub applied: Option<String>,
}

impl Rule {
    /// Its expressions: the condition (`when C:`), then the rule's own.
    pub fn exprs(&self) -> impl Iterator<Item = &TExpr> {
        self.when.iter().chain(std::iter::once(&self.expr))
    }
}

/// The kinds of rule.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    Quorum,
    Require,
    /// `elect [P, …] if E`: `positions` empty means every position;
    /// `candidate` is the variable for the candidate `E` speaks of (its
    /// fields are in scope unqualified, and `votes` is its vote count).
    Elect {
        positions: Vec<(PositionId, Span)>,
        candidate: VarId,
    },
}

/// A typed expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TExpr {
    pub kind: TExprKind,
    pub ty: Type,
    pub span: Span,
}

impl TExpr {
    /// A node of type `ty`.
    pub fn new(kind: TExprKind, ty: Type, span: Span) -> TExpr {
        TExpr { kind, ty, span }
    }

    /// The placeholder for an expression that had an error.
    pub fn error(span: Span) -> TExpr {
        TExpr::new(TExprKind::Error, Type::Error, span)
    }

    /// The expression's direct subexpressions, left to right (a `count`'s
    /// filter, a quantifier's filter and body, a call's arguments, …).
    pub fn children(&self) -> Vec<&TExpr> {
        match &self.kind {
            TExprKind::Neg(a) | TExprKind::Not(a) => vec![a],
            TExprKind::Field { base, .. } => vec![base],
            TExprKind::Binary(_, a, b) | TExprKind::Compare(_, a, b) => vec![a, b],
            TExprKind::Of { fraction, whole } => vec![fraction, whole],
            TExprKind::Call { args, .. } => args.iter().collect(),
            TExprKind::Count { filter, .. } => filter.iter().map(|f| &**f).collect(),
            TExprKind::Quant { filter, body, .. } => {
                filter.iter().map(|f| &**f).chain([&**body]).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// A variable binding (quantifier variable, implicit `count` element,
/// elected candidate).
#[derive(Clone, Debug, PartialEq)]
pub struct Binder {
    pub id: VarId,
    /// The name as written (`it` for implicit elements).
    pub name: String,
    pub coll: Option<Coll>,
    pub span: Span,
}

/// Typed expression forms, with every reference resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum TExprKind {
    /// A number literal; its node's type is count, days or ratio.
    Number(BigRational),
    Bool(bool),
    Text(String),
    Date(NaiveDate),
    /// A procedure fact.
    Fact(FactId),
    /// A stage fact.
    StageFact(StageId, FactId),
    Param(ParamId),
    /// A declared position (type position).
    Position(PositionId),
    /// A quantifier variable.
    Var {
        id: VarId,
        name: String,
    },
    /// A field of the implicit element `elem` (of a `count` filter or of an
    /// `elect` rule), written unqualified.
    ElemField {
        elem: VarId,
        coll: Coll,
        field: Field,
    },
    /// A field of an element-valued expression (`c.gender`, `p.seats`).
    Field {
        base: Box<TExpr>,
        coll: Coll,
        field: Field,
    },
    EnumValue(EnumValue),
    /// The vote count of the candidate of an `elect` rule.
    Votes,
    Neg(Box<TExpr>),
    Not(Box<TExpr>),
    Binary(BinOp, Box<TExpr>, Box<TExpr>),
    Compare(Comparison, Box<TExpr>, Box<TExpr>),
    /// `fraction of whole` = fraction × whole.
    Of {
        fraction: Box<TExpr>,
        whole: Box<TExpr>,
    },
    /// `seats(p)`, `age(c, on: d)`, `ceil(x)`, `floor(x)`, `min(a, b)`,
    /// `max(a, b)`: a built-in over values.
    Call {
        func: Builtin,
        args: Vec<TExpr>,
    },
    /// `happened(S)`, `date(S)`, `shortfall(S)`, `tie(S)`: a built-in over a
    /// stage (shortfall and tie: always a stage with an elect rule).
    StageCall {
        func: Builtin,
        target: Target,
        target_span: Span,
    },
    /// `count(coll where filter)`; `elem` is the implicit element the
    /// filter's unqualified fields belong to.
    Count {
        coll: Coll,
        elem: VarId,
        filter: Option<Box<TExpr>>,
    },
    Quant {
        quantifier: Quantifier,
        var: Binder,
        filter: Option<Box<TExpr>>,
        body: Box<TExpr>,
    },
    /// An expression that had an error (type [`Type::Error`]).
    Error,
}

/// An exact constant value (parameter defaults and overrides).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Count(BigInt),
    Ratio(BigRational),
    /// A rational computed by `×`, `÷` or `of` (only as an intermediate).
    Number(BigRational),
    Days(i64),
    Date(NaiveDate),
    Bool(bool),
    Text(String),
}

/// One resolved plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub name: Ident,
    pub title: Option<String>,
    pub file: FileId,
    /// The procedure it dates (by name, as written, with its span).
    pub procedure: ProcId,
    pub procedure_span: Span,
    pub bases: Vec<Basis>,
    pub window: Option<Window>,
    /// Dates given to the procedure itself (`居委会换届选举 自 D1 至 D2`):
    /// the span of the whole election, which every stage must fall in.
    pub overall: Vec<Window>,
    /// Dates given to an included procedure as a whole (`居委会 自 D1 至
    /// D2`): the span its stages and phases fall in.
    pub included: Vec<IncludedWindow>,
    pub params: Vec<PlanParam>,
    pub dates: Vec<PlanDate>,
    pub span: Span,
}

impl Plan {
    /// The parameter values it sets (those without an error).
    pub fn overrides(&self) -> Vec<(ParamId, Value)> {
        self.params
            .iter()
            .filter_map(|p| Some((p.param, p.value.clone()?)))
            .collect()
    }
}

/// `window D1 to D2`.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub cite: Option<Cite>,
    /// The keyword-free part: the dates (without the `per` clause).
    pub span: Span,
}

/// `NS from D1 to D2` in a plan: the span of one include
/// ([`Procedure::includes`]`[include]`).
#[derive(Clone, Debug, PartialEq)]
pub struct IncludedWindow {
    pub include: usize,
    pub window: Window,
}

/// `param X = E` in a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanParam {
    pub param: ParamId,
    pub expr: TExpr,
    /// Evaluated exactly (other parameters at their defaults).
    pub value: Option<Value>,
    pub cite: Option<Cite>,
    /// The span of the parameter's name in the plan.
    pub name_span: Span,
    pub span: Span,
}

/// `TARGET on D` or `TARGET from D1 to D2`.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDate {
    pub target: Target,
    pub target_span: Span,
    pub from: NaiveDate,
    /// The last day, for a span of days.
    pub to: Option<NaiveDate>,
    pub cite: Option<Cite>,
    /// The name and its dates (without the `per` clause).
    pub span: Span,
}
