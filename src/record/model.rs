//! The record of one finished election, as an inspector reads it from the
//! archive. Every value keeps the span it was read from, so that a finding
//! can point at the record line.
//!
//! The model is the same whether the record was written in TOML (people) or
//! JSON (machines); the loaders in this module build it and check the shape
//! (known keys, types, real dates, non-negative counts). Whether the values
//! fit the *procedure* — a stage it knows, a fact of the right type — is the
//! checker's business.

use crate::span::{FileId, Span};
use chrono::NaiveDate;
use num_rational::BigRational;

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `value` read from `span`.
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// A fact or parameter value as the record gives it. The checker matches it
/// against the declared type (a count must be an integer ≥ 0, …).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Integer(i64),
    /// An exact fraction written as text (`"1/3"`, `"20%"`) for ratio facts.
    Ratio(BigRational),
    Bool(bool),
    Text(String),
    Date(NaiveDate),
    /// Present but not filled in (`""` in TOML, `null` in JSON): read like
    /// an absent entry, but the key is kept so that a finding can point at
    /// it.
    Blank,
}

/// A named value: a fact or a parameter override.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: Spanned<String>,
    pub value: Spanned<Value>,
}

/// The record of one election.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The file it was read from.
    pub file: FileId,
    /// The procedure the record claims to follow (by name).
    pub procedure: Spanned<String>,
    /// The electing unit (社区, 党支部 …).
    pub unit: Option<Spanned<String>>,
    /// The 街道 (or district, township) the unit belongs to, for the
    /// district report's roll-up (`district` / `街道`).
    pub district: Option<Spanned<String>>,
    /// Record-level facts (`[facts]`).
    pub facts: Vec<Entry>,
    /// Parameter overrides (`[params]`), e.g. a province's proxy limit.
    pub params: Vec<Entry>,
    /// The stages as recorded (`[stages.NAME]`), in file order.
    pub stages: Vec<StageEntry>,
    /// Positions and their seats in this election (`[[positions]]`).
    pub positions: Vec<PositionEntry>,
    pub candidates: Vec<CandidateEntry>,
    pub proxies: Vec<ProxyEntry>,
    pub voters: Vec<VoterEntry>,
    /// Members left out of the expected attendance (party elections).
    pub excluded: Vec<ExcludedEntry>,
    /// The declared winners (`[[elected]]`).
    pub elected: Vec<ElectedEntry>,
    /// The whole file.
    pub span: Span,
    /// The `[facts]` table (its header in TOML, the key in JSON), when
    /// there is one: where a missing procedure fact belongs.
    pub facts_span: Option<Span>,
}

/// One recorded stage: a day, or a span of days, plus its facts and tally.
#[derive(Clone, Debug, PartialEq)]
pub struct StageEntry {
    /// The stage's name as the record writes it (its table key).
    pub name: Spanned<String>,
    /// `date = …` for a one-day stage.
    pub date: Option<Spanned<NaiveDate>>,
    /// `start = …` / `end = …` for a stage over several days (both inclusive).
    pub start: Option<Spanned<NaiveDate>>,
    pub end: Option<Spanned<NaiveDate>>,
    /// `time = "14:30"`: the time of day, only to order stages on one day.
    pub time: Option<Spanned<(u32, u32)>>,
    /// The stage's facts (`facts = { … }`).
    pub facts: Vec<Entry>,
    /// Votes per candidate (`[[stages.NAME.tally]]`).
    pub tally: Vec<TallyEntry>,
    /// The whole table.
    pub span: Span,
}

impl StageEntry {
    /// The first day: `start`, else `date`.
    pub fn first_day(&self) -> Option<&Spanned<NaiveDate>> {
        self.start.as_ref().or(self.date.as_ref())
    }

    /// The last day: `end`, else `date`, else `start`.
    pub fn last_day(&self) -> Option<&Spanned<NaiveDate>> {
        self.end
            .as_ref()
            .or(self.date.as_ref())
            .or(self.start.as_ref())
    }
}

/// One line of a tally.
#[derive(Clone, Debug, PartialEq)]
pub struct TallyEntry {
    pub position: Spanned<String>,
    pub candidate: Spanned<String>,
    pub votes: Spanned<u64>,
    /// The round, when a stage votes more than once (a revote among the tied).
    pub round: Option<Spanned<u32>>,
    /// Marks a person the voters wrote in, who is on no candidate list
    /// (`write_in` / `另选他人`).
    pub write_in: Option<Spanned<bool>>,
    pub span: Span,
}

/// A position and its seats in this election.
#[derive(Clone, Debug, PartialEq)]
pub struct PositionEntry {
    pub id: Spanned<String>,
    /// `None` when left blank (a range the template does not fill in).
    pub seats: Option<Spanned<u64>>,
    pub span: Span,
}

/// Gender, as the record writes it (`male`/`男`, `female`/`女`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

/// Which list a candidate is on (`preliminary`/`初步`, `formal`/`正式`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    Preliminary,
    Formal,
}

/// A candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateEntry {
    pub name: Spanned<String>,
    pub position: Spanned<String>,
    pub gender: Option<Spanned<Gender>>,
    pub birth_date: Option<Spanned<NaiveDate>>,
    pub list: Option<Spanned<ListKind>>,
    pub nomination_votes: Option<Spanned<u64>>,
    /// Falls under one of the disqualifying situations (负面情形).
    pub disqualified: Option<Spanned<bool>>,
    pub incumbent: Option<Spanned<bool>>,
    /// Withdrew (已退出), and when.
    pub withdrawn: Option<Spanned<bool>>,
    pub withdrawn_on: Option<Spanned<NaiveDate>>,
    /// Approved by the higher authority (e.g. an age exception).
    pub approved: Option<Spanned<bool>>,
    pub span: Span,
}

/// A proxy: `holder` votes for `principal`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProxyEntry {
    pub holder: Spanned<String>,
    pub principal: Spanned<String>,
    pub span: Span,
}

/// A registered voter (when the archive lists them).
#[derive(Clone, Debug, PartialEq)]
pub struct VoterEntry {
    pub name: Spanned<String>,
    pub birth_date: Option<Spanned<NaiveDate>>,
    pub span: Span,
}

/// A member left out of the expected attendance, with the reason and
/// whether the exclusion was approved.
#[derive(Clone, Debug, PartialEq)]
pub struct ExcludedEntry {
    pub name: Spanned<String>,
    pub reason: Spanned<String>,
    pub approved: Option<Spanned<bool>>,
    pub span: Span,
}

/// A declared winner.
#[derive(Clone, Debug, PartialEq)]
pub struct ElectedEntry {
    pub position: Spanned<String>,
    pub name: Spanned<String>,
    pub gender: Option<Spanned<Gender>>,
    /// The stage that elected them (default: the last election stage whose
    /// tally lists them for that position, so runoff winners belong to the
    /// runoff).
    pub stage: Option<Spanned<String>>,
    pub span: Span,
}
