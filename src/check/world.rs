//! The record as the procedure sees it: which recorded stage is which
//! procedure stage and when it took place, the facts and parameters by
//! declaration, the positions' seats, and the elements of the collections.
//! Built (with the problems of fit found on the way) by `fit`.

use super::eval::{int, uint, Elem, Stop, R, V};
use crate::exact::Exact;
use crate::ir::ParamValues;
use crate::record::{Gender, ListKind, Record, StageEntry};
use crate::resolve::{
    EnumValue, FactId, Field, ParamId, PhaseId, PositionId, Procedure, StageId, Target, Value,
};
use crate::span::Span;
use std::cmp::Ordering;

/// A value the record lacks or gives badly, as one `data` finding reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Gap {
    /// A procedure fact absent from `[facts]`.
    Fact(FactId),
    /// A stage fact absent from the stage's `facts`.
    StageFact(StageId, FactId),
    /// The seats of a position whose seats the procedure leaves open.
    Seats(PositionId),
    /// A field of a record element (a candidate's gender, …).
    Field(Elem, Field),
    /// A stage with an `elect` rule recorded without a tally.
    NoTally(StageId),
    /// A position with seats to fill and no line in the stage's tally.
    NoTallyFor(StageId, PositionId),
    /// A division by zero or a date out of range (spans compare equal: one
    /// finding per record).
    Arithmetic(Span),
}

/// A time of day (hours, minutes).
pub(crate) type Hm = (u32, u32);

/// The time of day of a first or last day, as far as the record fixes it:
/// no earlier than `earliest` and no later than `latest` (`None`: no bound).
/// A stage with a recorded time has both bounds equal to it; a stage
/// without one has neither. A phase starts with the earliest of the stages
/// that begin on its first day and ends with the latest of those that end on
/// its last, so an untimed stage on that day leaves one bound open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Clock {
    pub earliest: Option<Hm>,
    pub latest: Option<Hm>,
}

impl Clock {
    /// A stage's recorded time (or none).
    pub fn at(time: Option<Hm>) -> Clock {
        Clock {
            earliest: time,
            latest: time,
        }
    }

    /// The earlier of two moments on one day.
    pub fn min(self, other: Clock) -> Clock {
        Clock {
            earliest: both(self.earliest, other.earliest, std::cmp::min),
            latest: either(self.latest, other.latest, std::cmp::min),
        }
    }

    /// The later of two moments on one day.
    pub fn max(self, other: Clock) -> Clock {
        Clock {
            earliest: either(self.earliest, other.earliest, std::cmp::max),
            latest: both(self.latest, other.latest, std::cmp::max),
        }
    }
}

/// `f` of two bounds, open (`None`) when either is.
fn both(a: Option<Hm>, b: Option<Hm>, f: fn(Hm, Hm) -> Hm) -> Option<Hm> {
    Some(f(a?, b?))
}

/// `f` of the bounds that are given.
fn either(a: Option<Hm>, b: Option<Hm>, f: fn(Hm, Hm) -> Hm) -> Option<Hm> {
    match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, b) => a.or(b),
    }
}

/// The days of a recorded stage or phase (day numbers), where the record
/// gives them, and the time of day of the first and the last day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dated {
    pub first: i64,
    pub last: i64,
    pub first_span: Span,
    pub last_span: Span,
    pub first_time: Clock,
    pub last_time: Clock,
}

impl Dated {
    /// The hull of two stages' days: the earlier start, the later end, with
    /// their times and spans (on one day, those of the stage with the
    /// earliest recorded start, or the latest recorded end).
    fn union(self, d: Dated) -> Dated {
        let (first, first_span, first_time) = match d.first.cmp(&self.first) {
            Ordering::Less => (d.first, d.first_span, d.first_time),
            Ordering::Greater => (self.first, self.first_span, self.first_time),
            Ordering::Equal => {
                let earlier = match (d.first_time.latest, self.first_time.latest) {
                    (Some(a), Some(b)) => a < b,
                    (a, b) => a.is_some() && b.is_none(),
                };
                let span = if earlier {
                    d.first_span
                } else {
                    self.first_span
                };
                (self.first, span, self.first_time.min(d.first_time))
            }
        };
        let (last, last_span, last_time) = match d.last.cmp(&self.last) {
            Ordering::Greater => (d.last, d.last_span, d.last_time),
            Ordering::Less => (self.last, self.last_span, self.last_time),
            Ordering::Equal => {
                let later = match (d.last_time.earliest, self.last_time.earliest) {
                    (Some(a), Some(b)) => a > b,
                    (a, b) => a.is_some() && b.is_none(),
                };
                let span = if later { d.last_span } else { self.last_span };
                (self.last, span, self.last_time.max(d.last_time))
            }
        };
        Dated {
            first,
            last,
            first_span,
            last_span,
            first_time,
            last_time,
        }
    }
}

/// A procedure stage as the record has it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Slot<'a> {
    Absent,
    /// Recorded with usable days.
    Dated(&'a StageEntry, Dated),
    /// Recorded with days that cannot be used (reported as `data`).
    Broken(&'a StageEntry),
    /// Recorded without any date.
    Undated(&'a StageEntry),
}

impl<'a> Slot<'a> {
    /// The recorded table, if any.
    pub fn entry(&self) -> Option<&'a StageEntry> {
        match self {
            Slot::Absent => None,
            Slot::Dated(e, _) | Slot::Broken(e) | Slot::Undated(e) => Some(e),
        }
    }
}

/// A fact's value in the record.
#[derive(Clone, Debug)]
pub(crate) enum FactSlot<'a> {
    Absent,
    /// Present but left blank (`""`, `null`): absent, with the key's span.
    Blank(Span),
    Given(V<'a>, Span),
    /// Given with the wrong type (reported).
    Bad,
}

/// The record read against the procedure.
pub(crate) struct World<'a> {
    pub proc: &'a Procedure,
    pub record: &'a Record,
    /// Every parameter's value: default < options < the record's `[params]`.
    pub params: ParamValues,
    /// Per stage.
    pub slots: Vec<Slot<'a>>,
    /// Per stage: held although its condition is false (reported); its
    /// timing, rules and results are not checked.
    pub void: Vec<bool>,
    /// Per stage: not recorded because the record misspells its name
    /// (reported as an unknown stage, not again as missing).
    pub misspelt: Vec<bool>,
    /// Per stage: a tally that contradicts itself or the record (reported
    /// by `integrity`); the stage's election is not recomputed.
    pub bad_tally: Vec<bool>,
    /// Per fact (procedure facts from `[facts]`, stage facts from the
    /// stage's `facts`).
    pub facts: Vec<FactSlot<'a>>,
    /// Per position: the seats (record, else the declared exact number).
    pub seats: Vec<Option<u64>>,
    /// Per position: the record's `[[positions]]` entry span.
    pub seat_spans: Vec<Option<Span>>,
    /// Per candidate / declared winner: the position, when known.
    pub cand_pos: Vec<Option<PositionId>>,
    pub winner_pos: Vec<Option<PositionId>>,
    /// The reading of "N 日前" this run applies to the constraints that do
    /// not fix their own (`check::readings`); `None`: each constraint's
    /// resolved reading (the procedure's setting).
    pub days_before: Option<crate::ast::Reading>,
}

impl<'a> World<'a> {
    /// The slot of a stage.
    pub fn slot(&self, s: StageId) -> Slot<'a> {
        self.slots.get(s.0).copied().unwrap_or(Slot::Absent)
    }

    /// Whether a stage is void (held although its condition is false).
    pub fn is_void(&self, s: StageId) -> bool {
        self.void.get(s.0).copied().unwrap_or(false)
    }

    /// The days of a recorded, usable stage (not void).
    pub fn dated(&self, s: StageId) -> R<Dated> {
        match self.slot(s) {
            Slot::Dated(_, d) if !self.is_void(s) => Ok(d),
            _ => Err(Stop::Skip),
        }
    }

    /// The stages of a phase.
    pub fn phase_stages(&self, p: PhaseId) -> &'a [StageId] {
        self.proc
            .phases
            .get(p.0)
            .map(|ph| ph.stages.as_slice())
            .unwrap_or(&[])
    }

    /// Whether a stage (it has a date) or a phase (one of its stages has)
    /// took place.
    pub fn happened(&self, t: Target) -> bool {
        let stage = |s: StageId| {
            matches!(self.slot(s), Slot::Dated(..) | Slot::Broken(_)) && !self.is_void(s)
        };
        match t {
            Target::Stage(s) => stage(s),
            Target::Phase(p) => self.phase_stages(p).iter().any(|s| stage(*s)),
        }
    }

    /// The hull of the recorded days of a stage or phase, with the spans and
    /// times of the first and last day. A phase with a broken stage has none.
    pub fn hull(&self, t: Target) -> R<Dated> {
        match t {
            Target::Stage(s) => self.dated(s),
            Target::Phase(p) => {
                let mut hull: Option<Dated> = None;
                for s in self.phase_stages(p) {
                    let d = match self.slot(*s) {
                        Slot::Broken(_) => return Err(Stop::Skip),
                        _ => match self.dated(*s) {
                            Ok(d) => d,
                            Err(_) => continue,
                        },
                    };
                    hull = Some(match hull {
                        None => d,
                        Some(h) => h.union(d),
                    });
                }
                hull.ok_or(Stop::Skip)
            }
        }
    }

    /// First and last day of a stage or phase.
    pub fn days(&self, t: Target) -> R<(i64, i64)> {
        self.hull(t).map(|d| (d.first, d.last))
    }

    /// The stage's table span, else the record's `procedure` line.
    pub fn stage_span(&self, s: StageId) -> Span {
        self.slot(s)
            .entry()
            .map_or(self.record.procedure.span, |e| e.span)
    }

    /// A procedure fact's value.
    pub fn fact(&self, f: FactId) -> R<V<'a>> {
        match self.facts.get(f.0) {
            Some(FactSlot::Given(v, _)) => Ok(v.clone()),
            Some(FactSlot::Absent | FactSlot::Blank(_)) => Err(Stop::Gap(Gap::Fact(f))),
            _ => Err(Stop::Skip),
        }
    }

    /// A stage fact's value (the stage must have taken place).
    pub fn stage_fact(&self, s: StageId, f: FactId) -> R<V<'a>> {
        if !self.happened(Target::Stage(s)) {
            return Err(Stop::Skip);
        }
        match self.facts.get(f.0) {
            Some(FactSlot::Given(v, _)) => Ok(v.clone()),
            Some(FactSlot::Absent | FactSlot::Blank(_)) => Err(Stop::Gap(Gap::StageFact(s, f))),
            _ => Err(Stop::Skip),
        }
    }

    /// The key of a fact the record leaves blank.
    pub fn blank_fact(&self, f: FactId) -> Option<Span> {
        match self.facts.get(f.0) {
            Some(FactSlot::Blank(span)) => Some(*span),
            _ => None,
        }
    }

    /// Where the record gives a fact.
    pub fn fact_span(&self, f: FactId) -> Option<Span> {
        match self.facts.get(f.0) {
            Some(FactSlot::Given(_, span)) => Some(*span),
            _ => None,
        }
    }

    /// A parameter's value.
    pub fn param<'w>(&'w self, p: ParamId) -> R<V<'w>> {
        Ok(match self.params.0.get(p.0).and_then(|v| v.as_ref()) {
            Some(Value::Count(n)) => V::Num(Exact::from_bigint(n)),
            Some(Value::Ratio(r) | Value::Number(r)) => V::Num(Exact::from_big(r)),
            Some(Value::Days(d)) => V::Num(int(*d)),
            Some(Value::Date(d)) => V::Date(*d),
            Some(Value::Bool(b)) => V::Bool(*b),
            Some(Value::Text(s)) => V::Text(s),
            None => return Err(Stop::Skip),
        })
    }

    /// The seats of a position.
    pub fn seats(&self, p: PositionId) -> R<u64> {
        self.seats
            .get(p.0)
            .copied()
            .flatten()
            .ok_or(Stop::Gap(Gap::Seats(p)))
    }

    /// A position by the name the record writes.
    pub fn position(&self, name: &str) -> Option<PositionId> {
        self.proc
            .positions
            .iter()
            .position(|p| p.name.name == name)
            .map(PositionId)
    }

    /// The name of a position.
    pub fn position_name(&self, p: PositionId) -> &'a str {
        self.proc
            .positions
            .get(p.0)
            .map_or("?", |p| p.name.name.as_str())
    }

    /// The name of a stage.
    pub fn stage_name(&self, s: StageId) -> &'a str {
        self.proc
            .stages
            .get(s.0)
            .map_or("?", |st| st.name.name.as_str())
    }

    /// A field of an element.
    pub fn field<'w>(&'w self, el: Elem, field: Field) -> R<V<'w>> {
        let gap = Err(Stop::Gap(Gap::Field(el, field)));
        let r = self.record;
        let flag = |b: Option<&crate::record::Spanned<bool>>| V::Bool(b.is_some_and(|b| b.value));
        Ok(match el {
            Elem::Candidate(i) => {
                let c = r.candidates.get(i).ok_or(Stop::Skip)?;
                match field {
                    Field::Name => V::Text(&c.name.value),
                    Field::Position => position_elem(self.cand_pos.get(i))?,
                    Field::Gender => match &c.gender {
                        Some(g) => gender(g.value),
                        None => return gap,
                    },
                    Field::List => match &c.list {
                        Some(l) => V::Enum(match l.value {
                            ListKind::Preliminary => EnumValue::Preliminary,
                            ListKind::Formal => EnumValue::Formal,
                        }),
                        None => return gap,
                    },
                    Field::BirthDate => match &c.birth_date {
                        Some(d) => V::Date(d.value),
                        None => return gap,
                    },
                    Field::NominationVotes => match &c.nomination_votes {
                        Some(n) => V::Num(uint(n.value)),
                        None => return gap,
                    },
                    Field::Disqualified => flag(c.disqualified.as_ref()),
                    Field::Incumbent => flag(c.incumbent.as_ref()),
                    Field::Withdrawn => flag(c.withdrawn.as_ref()),
                    Field::WithdrawnOn => match &c.withdrawn_on {
                        Some(d) => V::Date(d.value),
                        None => return gap,
                    },
                    Field::Approved => flag(c.approved.as_ref()),
                    _ => return Err(Stop::Skip),
                }
            }
            Elem::Unlisted(s, line) => {
                let t = self
                    .slot(s)
                    .entry()
                    .and_then(|e| e.tally.get(line))
                    .ok_or(Stop::Skip)?;
                match field {
                    Field::Name => V::Text(&t.candidate.value),
                    Field::Position => V::Elem(Elem::Position(
                        self.position(&t.position.value).ok_or(Stop::Skip)?,
                    )),
                    _ => return gap,
                }
            }
            Elem::Position(p) => match field {
                Field::Name => V::Text(self.position_name(p)),
                Field::Seats => V::Num(uint(self.seats(p)?)),
                _ => return Err(Stop::Skip),
            },
            Elem::Proxy(i) => {
                let p = r.proxies.get(i).ok_or(Stop::Skip)?;
                match field {
                    Field::Holder => V::Text(&p.holder.value),
                    Field::Principal => V::Text(&p.principal.value),
                    _ => return Err(Stop::Skip),
                }
            }
            Elem::Voter(i) => {
                let v = r.voters.get(i).ok_or(Stop::Skip)?;
                match field {
                    Field::Name => V::Text(&v.name.value),
                    Field::BirthDate => match &v.birth_date {
                        Some(d) => V::Date(d.value),
                        None => return gap,
                    },
                    _ => return Err(Stop::Skip),
                }
            }
            Elem::Winner(i) => {
                let w = r.elected.get(i).ok_or(Stop::Skip)?;
                match field {
                    Field::Name => V::Text(&w.name.value),
                    Field::Position => position_elem(self.winner_pos.get(i))?,
                    Field::Gender | Field::BirthDate => {
                        if let (Field::Gender, Some(g)) = (field, &w.gender) {
                            return Ok(gender(g.value));
                        }
                        let pos = self.winner_pos.get(i).copied().flatten();
                        let cand = r.candidates.iter().enumerate().find(|(k, c)| {
                            c.name.value == w.name.value
                                && self.cand_pos.get(*k).copied().flatten() == pos
                        });
                        match cand {
                            Some((k, _)) => match self.field(Elem::Candidate(k), field) {
                                Err(Stop::Gap(_)) => return gap,
                                other => other?,
                            },
                            None => return gap,
                        }
                    }
                    _ => return Err(Stop::Skip),
                }
            }
            Elem::Excluded(i) => {
                let x = r.excluded.get(i).ok_or(Stop::Skip)?;
                match field {
                    Field::Name => V::Text(&x.name.value),
                    Field::Reason => V::Text(&x.reason.value),
                    Field::Approved => flag(x.approved.as_ref()),
                    _ => return Err(Stop::Skip),
                }
            }
        })
    }

    /// Where the record gives an element, for findings about it.
    pub fn elem_span(&self, el: Elem) -> Option<Span> {
        let r = self.record;
        match el {
            Elem::Candidate(i) => r.candidates.get(i).map(|c| c.span),
            Elem::Unlisted(s, line) => self
                .slot(s)
                .entry()
                .and_then(|e| e.tally.get(line))
                .map(|t| t.span),
            Elem::Position(p) => self.seat_spans.get(p.0).copied().flatten(),
            Elem::Proxy(i) => r.proxies.get(i).map(|x| x.span),
            Elem::Voter(i) => r.voters.get(i).map(|x| x.span),
            Elem::Winner(i) => r.elected.get(i).map(|x| x.span),
            Elem::Excluded(i) => r.excluded.get(i).map(|x| x.span),
        }
    }

    /// An element's name for messages: "候选人 `张三`" / "candidate `张三`".
    pub fn elem_name(&self, el: Elem) -> crate::diag::Text {
        let (kind, name) = self.elem_parts(el);
        crate::diag::Text::new(
            format!("{} `{name}`", kind.zh),
            format!("{} `{name}`", kind.en),
        )
    }

    /// The element's name alone, in backticks (“`吴刚`”).
    pub fn elem_bare_name(&self, el: Elem) -> String {
        format!("`{}`", self.elem_parts(el).1)
    }

    /// What an element is (“候选人”) and its name.
    fn elem_parts(&self, el: Elem) -> (crate::diag::Text, &str) {
        use crate::diag::Text;
        let r = self.record;
        let (zh, en, name) = match el {
            Elem::Candidate(i) => (
                "候选人",
                "candidate",
                r.candidates.get(i).map(|c| c.name.value.as_str()),
            ),
            Elem::Unlisted(s, line) => (
                "候选人",
                "candidate",
                self.slot(s)
                    .entry()
                    .and_then(|e| e.tally.get(line))
                    .map(|t| t.candidate.value.as_str()),
            ),
            Elem::Position(p) => ("职务", "position", Some(self.position_name(p))),
            Elem::Proxy(i) => (
                "受托人",
                "proxy holder",
                r.proxies.get(i).map(|x| x.holder.value.as_str()),
            ),
            Elem::Voter(i) => (
                "选民",
                "voter",
                r.voters.get(i).map(|x| x.name.value.as_str()),
            ),
            Elem::Winner(i) => (
                "当选人",
                "winner",
                r.elected.get(i).map(|x| x.name.value.as_str()),
            ),
            Elem::Excluded(i) => (
                "不计应到人员",
                "excluded member",
                r.excluded.get(i).map(|x| x.name.value.as_str()),
            ),
        };
        (Text::new(zh, en), name.unwrap_or("?"))
    }
}

fn gender<'w>(g: Gender) -> V<'w> {
    V::Enum(match g {
        Gender::Male => EnumValue::Male,
        Gender::Female => EnumValue::Female,
    })
}

fn position_elem<'w>(p: Option<&Option<PositionId>>) -> R<V<'w>> {
    p.copied()
        .flatten()
        .map(|p| V::Elem(Elem::Position(p)))
        .ok_or(Stop::Skip)
}
