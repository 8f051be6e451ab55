//! The typed syntax tree of a huanjie file.
//!
//! Every node carries a [`Span`]. Keywords are not kept: `stage` and `阶段`
//! produce the same node, so the English and the Chinese spelling of one
//! procedure give equal trees (spans compare equal, see [`crate::span`]).
//! Names are kept exactly as written; resolution happens in [`crate::resolve`].

use crate::span::Span;
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;

/// A name as written, with its span. A qualified name (`居委会.投票选举`,
/// a name an include brought in) is one `Ident` whose `name` is the dotted
/// string and whose span covers all of it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal (quotes removed, escapes decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// One parsed file: procedures and plans in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// The files this one includes (`include "FILE.hj"`), in source order.
    pub includes: Vec<FileInclude>,
    pub items: Vec<Item>,
    pub span: Span,
}

/// `include "FILE.hj"` / `引入 "文件.hj"` at the head of a file: a file this
/// one needs, relative to its folder ([`crate::sources`] loads it).
#[derive(Clone, Debug, PartialEq)]
pub struct FileInclude {
    /// The path as written (its span is the string's).
    pub path: Str,
    pub span: Span,
}

/// A top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Procedure(Procedure),
    Plan(Plan),
}

/// `procedure NAME "title" { … }` / `程序 NAME "标题" { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Procedure {
    pub name: Ident,
    pub title: Option<Str>,
    pub items: Vec<ProcItem>,
    pub span: Span,
}

/// A declaration inside a procedure.
#[derive(Clone, Debug, PartialEq)]
pub enum ProcItem {
    Include(Include),
    Basis(BasisDecl),
    Position(PositionDecl),
    Fact(FactDecl),
    Param(ParamDecl),
    Setting(SettingDecl),
    Phase(Phase),
    Stage(Stage),
    /// `stage NS.NAME { … }` / `phase NS.NAME { … }`.
    Extend(Extend),
    /// `ruleset NAME { … }` / `规则组 NAME { … }`.
    RuleSet(RuleSet),
    /// `manual "…" per B "…"` / `人工核对 "…" 依据 B "…"` at procedure level.
    Manual(Manual),
}

/// `manual "what" per B "clause"` / `人工核对 "核对内容" 依据 B "条文"`: a
/// safeguard no record field can show, for the inspector to check by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct Manual {
    pub what: Str,
    pub per: Per,
    pub span: Span,
}

/// `ruleset NAME "title" { rules }` / `规则组 NAME "标题" { 规则 }`: rules that
/// stages put in place with `apply` (docs/design/rulesets.md).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub name: Ident,
    pub title: Option<Str>,
    pub rules: Vec<Rule>,
    pub span: Span,
}

/// `apply NAME` / `沿用 程序.NAME` in a stage: the rules of a rule set, as if
/// written here. `name` is `NAME` or `PROCEDURE.NAME`.
#[derive(Clone, Debug, PartialEq)]
pub struct Apply {
    pub name: Ident,
    pub span: Span,
}

/// `include PROCEDURE as NS` / `引入 PROCEDURE 作为 NS`: the included
/// procedure's names become `NS.NAME` in this one.
#[derive(Clone, Debug, PartialEq)]
pub struct Include {
    pub procedure: Ident,
    pub alias: Ident,
    pub per: Option<Per>,
    pub span: Span,
}

/// `stage NS.NAME { … }` / `阶段 NS.NAME { … }` (timing and rules) or
/// `phase NS.NAME { … }` / `环节 NS.NAME { … }` (timing): constraints added,
/// by the including procedure, to a stage or phase an include brought in.
#[derive(Clone, Debug, PartialEq)]
pub struct Extend {
    /// The qualified name of the stage or phase.
    pub target: Ident,
    /// Whether it was written `phase` / `环节`.
    pub phase: bool,
    /// Timing constraints and rules (`Fact` never occurs).
    pub items: Vec<StageItem>,
    pub span: Span,
}

/// `basis NAME "full title"` / `依据文件 NAME "全称"`: a legal source that
/// `per` clauses cite.
#[derive(Clone, Debug, PartialEq)]
pub struct BasisDecl {
    pub name: Ident,
    pub title: Str,
    pub span: Span,
}

/// `per BASIS "quoted clause"` / `依据 BASIS "原文"` at the end of a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Per {
    pub basis: Ident,
    pub clause: Str,
    pub span: Span,
}

/// `position NAME "title" seats N` or `seats N to M` / `职务 NAME 名额 N 至 M`.
#[derive(Clone, Debug, PartialEq)]
pub struct PositionDecl {
    pub name: Ident,
    pub title: Option<Str>,
    pub seats: Seats,
    pub per: Option<Per>,
    pub span: Span,
}

/// The number of seats of a position: exact or a range (both inclusive).
#[derive(Clone, Debug, PartialEq)]
pub enum Seats {
    Exact(Quantity),
    Range(Quantity, Quantity),
}

/// A whole number written literally or named by a parameter
/// (seat counts, day counts in timing constraints).
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    Literal { value: u64, span: Span },
    Param(Ident),
}

impl Quantity {
    /// The span of the number or of the parameter's name.
    pub fn span(&self) -> Span {
        match self {
            Quantity::Literal { span, .. } => *span,
            Quantity::Param(id) => id.span,
        }
    }
}

/// `fact NAME: TYPE` / `事实 NAME: 类型` — a value the record supplies.
#[derive(Clone, Debug, PartialEq)]
pub struct FactDecl {
    pub name: Ident,
    pub ty: TypeRef,
    pub span: Span,
}

/// A written type name.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeRef {
    pub kind: TypeName,
    pub span: Span,
}

/// The types a fact or parameter may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeName {
    /// A whole number of people, ballots, … (`count` / `计数`).
    Count,
    /// A number of calendar days (`days` / `天数`).
    Days,
    /// A calendar date (`date` / `日期`).
    Date,
    /// Yes or no (`bool` / `是否`).
    Bool,
    /// Free text (`text` / `文本`).
    Text,
    /// An exact fraction such as 20% (`ratio` / `比例`).
    Ratio,
}

/// `param NAME: TYPE = VALUE per …` / `参数 NAME: 类型 = 值 依据 …`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    pub name: Ident,
    pub ty: TypeRef,
    pub default: Expr,
    pub per: Option<Per>,
    /// `contested { … }` / `争议 { … }`: the readings the law leaves open.
    pub contested: Option<Contested>,
    pub span: Span,
}

/// `contested { LABEL = VALUE per … }` / `争议 { 读法 = 值 依据 … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Contested {
    pub readings: Vec<ParamReading>,
    pub span: Span,
}

/// One reading of a contested parameter: its label (a name or a quoted
/// text), the value it gives the parameter and its source.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamReading {
    pub label: Ident,
    pub value: Expr,
    pub per: Option<Per>,
    pub span: Span,
}

/// `setting KEY = VALUE` / `设定 KEY = VALUE`; keys and values are checked by
/// the resolver against the known settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingDecl {
    pub key: Ident,
    pub value: Ident,
    pub span: Span,
}

/// `phase NAME "title" { stages and timing }` / `环节 NAME { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub name: Ident,
    pub title: Option<Str>,
    pub timing: Vec<Timing>,
    pub stages: Vec<Stage>,
    pub span: Span,
}

/// `stage NAME "title" [optional] [when COND] { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub name: Ident,
    pub title: Option<Str>,
    /// The span of the `optional` keyword, when present.
    pub optional: Option<Span>,
    pub when: Option<Expr>,
    pub items: Vec<StageItem>,
    pub span: Span,
}

/// What a stage body contains.
#[derive(Clone, Debug, PartialEq)]
pub enum StageItem {
    Timing(Timing),
    Fact(FactDecl),
    Rule(Rule),
    /// Replaced by the set's rules before names are resolved.
    Apply(Apply),
    /// A manual check item of the stage.
    Manual(Manual),
    /// `candidates from S …` / `候选人取自 S …`.
    CandidatesFrom(CandidatesFrom),
}

/// `candidates from S [unelected] [by votes]` / `候选人取自 S [未当选者]
/// [按得票多少]`: who may stand in the stage's vote, from S's tally.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidatesFrom {
    pub stage: Ident,
    /// Only those S did not elect.
    pub unelected: bool,
    /// The most voted of them, none skipped.
    pub by_votes: bool,
    pub per: Option<Per>,
    pub span: Span,
}

/// One timing constraint on the enclosing stage or phase (its *subject*).
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub kind: TimingKind,
    pub per: Option<Per>,
    pub span: Span,
}

/// The timing constraints of the language. `S` is the subject (the enclosing
/// stage or phase); `docs/language.md` gives each one's difference constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum TimingKind {
    /// `after R` / `在 R 之后`: S starts on or after the day R ends.
    After(PointRef),
    /// `before R` / `在 R 之前`: S ends on or before the day R starts.
    Before(PointRef),
    /// `same day as R` / `与 R 同日`: S starts the day R starts.
    SameDay(PointRef),
    /// `within N days after R` / `自 R 之日起 N 日内`: S lies in the N days
    /// following the day R ends (the day of R itself is not counted).
    Within {
        days: Quantity,
        unit: DayUnit,
        after: PointRef,
    },
    /// `at least N days before R` / `在 R 的 N 日前`: the "N 日前" deadline,
    /// read per the `days_before` setting unless `reading` overrides it.
    AtLeastBefore {
        days: Quantity,
        of: PointRef,
        reading: Option<Reading>,
    },
    /// `no earlier than N days before R` / `不早于 R 的 N 日前`.
    NoEarlierThanBefore {
        days: Quantity,
        of: PointRef,
        reading: Option<Reading>,
    },
    /// `between D1 and D2` / `在 D1 至 D2 之间` (both inclusive).
    Between(DateLit, DateLit),
    /// `no earlier than D` / `不早于 D`.
    NotBefore(DateLit),
    /// `no later than D` / `不晚于 D`.
    NotAfter(DateLit),
    /// `lasts …` / `持续 …`: the length of S in days (both ends counted) or in
    /// working days.
    Lasts {
        min: Option<Quantity>,
        max: Option<Quantity>,
        unit: DayUnit,
    },
}

/// Calendar or working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayUnit {
    Calendar,
    Working,
}

/// How "N 日前" is counted (domain.md §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reading {
    /// Reading A: `t(E) − t(X) ≥ N` (`subtractive` / `相减`).
    Subtractive,
    /// Reading B: N whole days strictly between, `t(E) − t(X) ≥ N + 1`
    /// (`exclusive` / `间隔`).
    Exclusive,
}

/// A reference to a stage or phase, or to one end of it.
#[derive(Clone, Debug, PartialEq)]
pub struct PointRef {
    pub target: Ident,
    pub end: Option<Endpoint>,
    pub span: Span,
}

/// Which end of a stage or phase (`.start`/`.开始`, `.end`/`.结束`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Start,
    End,
}

/// A calendar date literal: `2021-01-28` or `2021年1月28日`.
#[derive(Clone, Debug, PartialEq)]
pub struct DateLit {
    pub date: NaiveDate,
    pub span: Span,
}

/// `quorum E`, `require E`, `elect [P, …] if E`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub kind: RuleKind,
    /// `when C:` / `当 C:` — the rule is in force only when C holds.
    pub when: Option<Expr>,
    pub expr: Expr,
    pub per: Option<Per>,
    pub span: Span,
    /// The `apply` that put it in place from a rule set; `None` for a rule
    /// written in place.
    pub applied: Option<Applied>,
}

/// Where an applied rule came from: the set as `apply` names it
/// (`党组织委员会选举.投票规则`), and the `apply` item.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub set: String,
    pub span: Span,
}

/// The kinds of rule; the checker reports failures of each under its own
/// finding kind (`quorum`, `rule`, `result`).
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// `quorum` / `法定人数`: turnout or attendance.
    Quorum,
    /// `require` / `要求`: any other requirement.
    Require,
    /// `elect [P, …] if E` / `当选 [P, …] 须 E`: who wins, per position;
    /// `E` speaks of one candidate's `votes` / `得票`. No positions = all.
    Elect { positions: Vec<Ident> },
}

/// An expression with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Expression forms. Arithmetic is exact (integers and rationals).
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number: integer, fraction, percentage or decimal, kept exact.
    Number(Number),
    Bool(bool),
    Text(String),
    Date(NaiveDate),
    /// A name: fact, parameter, quantifier variable, enum value, …
    Name(Ident),
    /// `STAGE.fact`, `c.gender`, …
    Field(Box<Expr>, Ident),
    /// `votes` / `得票` inside an `elect` rule.
    Votes,
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A comparison, with the legal comparative that was written.
    Compare(Comparison, Box<Expr>, Box<Expr>),
    /// `X of Y` / `Y 的 X`: the fraction X of the quantity Y.
    Of {
        fraction: Box<Expr>,
        whole: Box<Expr>,
    },
    /// A built-in function: `seats(p)`, `happened(S)`, `age(c, on: D)`, …
    Call {
        func: Ident,
        args: Vec<Arg>,
    },
    /// `count(COLL [where C])` / `计数(COLL [其中 C])`.
    Count {
        coll: Ident,
        filter: Option<Box<Expr>>,
    },
    /// `for each KIND v [where C]: E` (all) / `exists KIND v …: E` (any).
    Quant {
        quantifier: Quantifier,
        coll: Ident,
        var: Ident,
        filter: Option<Box<Expr>>,
        body: Box<Expr>,
    },
}

/// An exact number and the way it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub value: BigRational,
    pub form: NumberForm,
}

impl Number {
    /// A whole number.
    pub fn integer(n: u64) -> Number {
        Number {
            value: BigRational::from_integer(BigInt::from(n)),
            form: NumberForm::Integer,
        }
    }
}

/// How a number literal was written (kept for messages and for equality of
/// English and Chinese spellings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberForm {
    /// `5`, `五`
    Integer,
    /// `1/2`, `二分之一`, `半数`
    Fraction,
    /// `20%`, `百分之二十`
    Percent,
    /// `0.5`
    Decimal,
}

/// A call argument, optionally labelled (`on: D`).
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub label: Option<Ident>,
    pub value: Expr,
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    And,
    Or,
}

/// The comparatives. The legal ones keep their statutory meaning
/// (民法典 第一千二百五十九条): 以上/不少于/不低于 include the number,
/// 超过/不满/不足 exclude it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `>`, `more than`, 超过, 多于, 高于
    Gt,
    /// `>=`, `at least`, 不少于, 不低于, 以上 (postfix)
    Ge,
    /// `<`, `less than`, 不满, 不足, 少于, 低于
    Lt,
    /// `<=`, `at most`, 不超过, 不多于, 不高于, 以下/以内 (postfix)
    Le,
    /// `=`, 等于
    Eq,
    /// `!=`, 不等于
    Ne,
    /// `is a majority of`, 过半数: `A > B/2` (strictly more than half)
    Majority,
}

impl Comparison {
    /// The opposite comparison (`not (a > b)` is `a <= b`); none for
    /// `Majority`, whose opposite is not a comparative of the language.
    pub fn negated(self) -> Option<Comparison> {
        Some(match self {
            Comparison::Gt => Comparison::Le,
            Comparison::Ge => Comparison::Lt,
            Comparison::Lt => Comparison::Ge,
            Comparison::Le => Comparison::Gt,
            Comparison::Eq => Comparison::Ne,
            Comparison::Ne => Comparison::Eq,
            Comparison::Majority => return None,
        })
    }

    /// Whether `x c y` holds when `x` compares to `y` as `ord`. `Majority`
    /// is not an ordering (`2x > y`): the caller decides it, and this says
    /// `false`.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        match self {
            Comparison::Gt => ord.is_gt(),
            Comparison::Ge => ord.is_ge(),
            Comparison::Lt => ord.is_lt(),
            Comparison::Le => ord.is_le(),
            Comparison::Eq => ord.is_eq(),
            Comparison::Ne => ord.is_ne(),
            Comparison::Majority => false,
        }
    }
}

/// `for each` (all must hold) or `exists` (one must hold).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantifier {
    All,
    Any,
}

/// `plan NAME for PROCEDURE { … }` / `计划 NAME 适用于 PROCEDURE { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub name: Ident,
    pub title: Option<Str>,
    pub procedure: Ident,
    pub items: Vec<PlanItem>,
    pub span: Span,
}

/// What a plan contains.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanItem {
    /// `basis NAME "title"` (the plan's own sources).
    Basis(BasisDecl),
    /// `window D1 to D2` / `期限 D1 至 D2`: the whole renewal's window.
    Window {
        from: DateLit,
        to: DateLit,
        per: Option<Per>,
        span: Span,
    },
    /// `param NAME = VALUE` / `参数 NAME = 值`: overrides a default.
    Param {
        name: Ident,
        value: Expr,
        per: Option<Per>,
        span: Span,
    },
    /// `STAGE on D` / `STAGE 于 D`, `STAGE from D1 to D2` / `STAGE 自 D1 至 D2`.
    Date {
        target: Ident,
        from: DateLit,
        to: Option<DateLit>,
        per: Option<Per>,
        span: Span,
    },
}
