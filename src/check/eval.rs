//! Exact evaluation of the procedure's typed expressions over a record.
//!
//! This generalises the constant evaluation of `resolve::eval` (parameter
//! defaults) to record values: facts, stage facts, collections, quantifiers,
//! `count`, `seats`, `age`, `date`, `happened`, `shortfall` and `tie`. The
//! arithmetic and the comparisons are the same (rationals throughout,
//! `a 过半数 b` is `2a > b`). A value the record lacks stops the evaluation
//! with [`Stop::Gap`] (one `data` finding per gap); a value that depends on
//! something already reported stops it with [`Stop::Skip`].
//!
//! `and` and `or` are decided by either side: `false and ?` is false and
//! `true or ?` is true, so a filter such as `名单 = 正式 且 性别 = 女` needs
//! no gender for a preliminary candidate.

use super::elect::Outcome;
use super::world::{Gap, World};
use crate::ast::{BinOp, Comparison, Quantifier};
use crate::exact::Exact;
use crate::ir::from_day_number;
use crate::resolve::{
    Builtin, Coll, EnumValue, Field, PositionId, StageId, TExpr, TExprKind, Target, VarId,
};
use chrono::{Datelike, NaiveDate, TimeDelta};
use std::cmp::Ordering;

/// A value during evaluation; counts, days and ratios are all rationals.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum V<'w> {
    Num(Exact),
    Date(NaiveDate),
    Bool(bool),
    Text(&'w str),
    Enum(EnumValue),
    Elem(Elem),
}

/// One element of a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Elem {
    Candidate(usize),
    /// A name in a stage's tally (line index) that is not among the
    /// candidates.
    Unlisted(StageId, usize),
    Position(PositionId),
    Proxy(usize),
    Voter(usize),
    Winner(usize),
    Excluded(usize),
}

/// Why an expression has no value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stop {
    /// The record lacks a value (or gives it badly): one `data` finding.
    Gap(Gap),
    /// It depends on something already reported, or on a stage that did not
    /// take place: nothing more to say.
    Skip,
}

pub(crate) type R<T> = Result<T, Stop>;

pub(crate) fn int(n: i64) -> Exact {
    Exact::int(n)
}

pub(crate) fn uint(n: u64) -> Exact {
    Exact::uint(n)
}

/// `x c y`; `None` when the values do not compare.
pub(crate) fn compare(c: Comparison, x: &V<'_>, y: &V<'_>) -> Option<bool> {
    let ord: Ordering = match (c, x, y) {
        (Comparison::Majority, V::Num(a), V::Num(b)) => return Some(a.mul(&int(2)) > *b),
        (_, V::Num(a), V::Num(b)) => a.cmp(b),
        (_, V::Date(a), V::Date(b)) => a.cmp(b),
        (Comparison::Eq, a, b) => return Some(a == b),
        (Comparison::Ne, a, b) => return Some(a != b),
        _ => return None,
    };
    Some(c.holds(ord))
}

/// Whole years of age on `on` of someone born on `born` (周岁).
pub(crate) fn age(born: NaiveDate, on: NaiveDate) -> i64 {
    let years = i64::from(on.year()) - i64::from(born.year());
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years - 1
    } else {
        years
    }
}

/// An evaluation over one record.
pub(crate) struct Eval<'w, 'a> {
    pub w: &'w World<'a>,
    /// The elections recomputed so far (per stage).
    pub outcomes: &'w [Option<R<Outcome>>],
    vars: Vec<(VarId, V<'w>)>,
    /// The vote count of the candidate an `elect` rule judges.
    pub votes: Option<u64>,
}

impl<'w, 'a: 'w> Eval<'w, 'a> {
    pub fn new(w: &'w World<'a>, outcomes: &'w [Option<R<Outcome>>]) -> Eval<'w, 'a> {
        Eval {
            w,
            outcomes,
            vars: Vec::new(),
            votes: None,
        }
    }

    /// Binds `var` to `v` while `f` runs.
    pub fn with<T>(&mut self, var: VarId, v: V<'w>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.vars.push((var, v));
        let out = f(self);
        self.vars.pop();
        out
    }

    fn var(&self, id: VarId) -> R<V<'w>> {
        self.vars
            .iter()
            .rev()
            .find(|(v, _)| *v == id)
            .map(|(_, x)| x.clone())
            .ok_or(Stop::Skip)
    }

    /// Evaluates a condition.
    pub fn truth(&mut self, e: &'w TExpr) -> R<bool> {
        match self.eval(e)? {
            V::Bool(b) => Ok(b),
            _ => Err(Stop::Skip),
        }
    }

    /// Evaluates a number.
    pub fn number(&mut self, e: &'w TExpr) -> R<Exact> {
        match self.eval(e)? {
            V::Num(n) => Ok(n),
            _ => Err(Stop::Skip),
        }
    }

    /// The number of elements of a collection.
    pub fn len(&self, coll: Coll) -> usize {
        let r = self.w.record;
        match coll {
            Coll::Candidates => r.candidates.len(),
            Coll::Positions => self.w.proc.positions.len(),
            Coll::Proxies => r.proxies.len(),
            Coll::Voters => r.voters.len(),
            Coll::Winners => r.elected.len(),
            Coll::Excluded => r.excluded.len(),
        }
    }

    /// The `i`-th element of a collection.
    pub fn element(coll: Coll, i: usize) -> Elem {
        match coll {
            Coll::Candidates => Elem::Candidate(i),
            Coll::Positions => Elem::Position(PositionId(i)),
            Coll::Proxies => Elem::Proxy(i),
            Coll::Voters => Elem::Voter(i),
            Coll::Winners => Elem::Winner(i),
            Coll::Excluded => Elem::Excluded(i),
        }
    }

    /// Whether `filter` holds for `el` bound to `var` (no filter: true).
    pub fn admits(&mut self, var: VarId, el: Elem, filter: Option<&'w TExpr>) -> R<bool> {
        match filter {
            None => Ok(true),
            Some(f) => self.with(var, V::Elem(el), |ev| ev.truth(f)),
        }
    }

    pub fn eval(&mut self, e: &'w TExpr) -> R<V<'w>> {
        Ok(match &e.kind {
            TExprKind::Number(n) => V::Num(Exact::from_big(n)),
            TExprKind::Bool(b) => V::Bool(*b),
            TExprKind::Text(s) => V::Text(s),
            TExprKind::Date(d) => V::Date(*d),
            TExprKind::Fact(f) => self.w.fact(*f)?,
            TExprKind::StageFact(s, f) => self.w.stage_fact(*s, *f)?,
            TExprKind::Param(p) => self.w.param(*p)?,
            TExprKind::Position(p) => V::Elem(Elem::Position(*p)),
            TExprKind::Var { id, .. } => self.var(*id)?,
            TExprKind::ElemField { elem, field, .. } => match self.var(*elem)? {
                V::Elem(el) => self.w.field(el, *field)?,
                _ => return Err(Stop::Skip),
            },
            TExprKind::Field { base, field, .. } => match self.eval(base)? {
                V::Elem(el) => self.w.field(el, *field)?,
                _ => return Err(Stop::Skip),
            },
            TExprKind::EnumValue(v) => V::Enum(*v),
            TExprKind::Votes => V::Num(uint(self.votes.ok_or(Stop::Skip)?)),
            TExprKind::Neg(x) => match self.eval(x)? {
                V::Num(n) => V::Num(n.neg()),
                _ => return Err(Stop::Skip),
            },
            TExprKind::Not(x) => V::Bool(!self.truth(x)?),
            TExprKind::Binary(op, a, b) => self.binary(*op, a, b, e)?,
            TExprKind::Compare(c, a, b) => {
                let (x, y) = (self.eval(a)?, self.eval(b)?);
                V::Bool(compare(*c, &x, &y).ok_or(Stop::Skip)?)
            }
            TExprKind::Of { fraction, whole } => {
                V::Num(self.number(fraction)?.mul(&self.number(whole)?))
            }
            TExprKind::Call { func, args } => self.call(*func, args)?,
            TExprKind::StageCall { func, target, .. } => self.stage_call(*func, *target)?,
            TExprKind::Count { coll, elem, filter } => {
                let mut n = 0i64;
                for i in 0..self.len(*coll) {
                    let el = Self::element(*coll, i);
                    if self.admits(*elem, el, filter.as_deref())? {
                        n += 1;
                    }
                }
                V::Num(int(n))
            }
            TExprKind::Quant {
                quantifier,
                var,
                filter,
                body,
            } => V::Bool(self.quant(*quantifier, var.id, *var_coll(var)?, filter, body)?),
            TExprKind::Error => return Err(Stop::Skip),
        })
    }

    /// `for each` / `exists`, decided by any element that decides it: a gap
    /// in one element matters only when no other element decides.
    fn quant(
        &mut self,
        q: Quantifier,
        var: VarId,
        coll: Coll,
        filter: &'w Option<Box<TExpr>>,
        body: &'w TExpr,
    ) -> R<bool> {
        let decisive = q == Quantifier::Any;
        let mut pending: Option<Stop> = None;
        for i in 0..self.len(coll) {
            let el = Self::element(coll, i);
            let r = self.with(var, V::Elem(el), |ev| {
                if ev.admits(var, el, filter.as_deref())? {
                    ev.truth(body).map(Some)
                } else {
                    Ok(None)
                }
            });
            match r {
                Ok(Some(b)) if b == decisive => return Ok(decisive),
                Ok(_) => {}
                Err(s) => {
                    pending.get_or_insert(s);
                }
            }
        }
        match pending {
            Some(s) => Err(s),
            None => Ok(!decisive),
        }
    }

    fn binary(&mut self, op: BinOp, a: &'w TExpr, b: &'w TExpr, e: &'w TExpr) -> R<V<'w>> {
        if matches!(op, BinOp::And | BinOp::Or) {
            let decisive = op == BinOp::Or;
            let x = self.truth(a);
            if x == Ok(decisive) {
                return Ok(V::Bool(decisive));
            }
            let y = self.truth(b);
            return match (x, y) {
                (_, Ok(v)) if v == decisive => Ok(V::Bool(decisive)),
                (Ok(_), Ok(_)) => Ok(V::Bool(!decisive)),
                (Err(s), _) | (_, Err(s)) => Err(s),
            };
        }
        let (x, y) = (self.eval(a)?, self.eval(b)?);
        let overflow = || Stop::Gap(Gap::Arithmetic(e.span));
        Ok(match (op, x, y) {
            (BinOp::Add, V::Num(x), V::Num(y)) => V::Num(x.add(&y)),
            (BinOp::Sub, V::Num(x), V::Num(y)) => V::Num(x.sub(&y)),
            (BinOp::Mul, V::Num(x), V::Num(y)) => V::Num(x.mul(&y)),
            (BinOp::Div, V::Num(x), V::Num(y)) => V::Num(x.div(&y).ok_or_else(overflow)?),
            (BinOp::Add, V::Date(d), V::Num(n)) | (BinOp::Add, V::Num(n), V::Date(d)) => {
                V::Date(shift(d, &n).ok_or_else(overflow)?)
            }
            (BinOp::Sub, V::Date(d), V::Num(n)) => {
                V::Date(shift(d, &n.neg()).ok_or_else(overflow)?)
            }
            (BinOp::Sub, V::Date(x), V::Date(y)) => {
                V::Num(int(x.signed_duration_since(y).num_days()))
            }
            _ => return Err(Stop::Skip),
        })
    }

    fn call(&mut self, func: Builtin, args: &'w [TExpr]) -> R<V<'w>> {
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            vals.push(self.eval(a)?);
        }
        Ok(match (func, vals.as_slice()) {
            (Builtin::Ceil, [V::Num(n)]) => V::Num(n.ceil()),
            (Builtin::Floor, [V::Num(n)]) => V::Num(n.floor()),
            (Builtin::Min | Builtin::Max, [x, y]) => {
                let want = if func == Builtin::Min {
                    Comparison::Lt
                } else {
                    Comparison::Gt
                };
                if compare(want, y, x).ok_or(Stop::Skip)? {
                    y.clone()
                } else {
                    x.clone()
                }
            }
            (Builtin::Seats, [V::Elem(Elem::Position(p))]) => V::Num(uint(self.w.seats(*p)?)),
            (Builtin::Age, [V::Elem(person), V::Date(on)]) => {
                let born = match self.w.field(*person, Field::BirthDate)? {
                    V::Date(d) => d,
                    _ => return Err(Stop::Skip),
                };
                V::Num(int(age(born, *on)))
            }
            _ => return Err(Stop::Skip),
        })
    }

    fn stage_call(&mut self, func: Builtin, target: Target) -> R<V<'w>> {
        Ok(match func {
            Builtin::Happened => V::Bool(self.w.happened(target)),
            Builtin::Date => {
                let (first, _) = self.w.days(target)?;
                V::Date(from_day_number(first).ok_or(Stop::Skip)?)
            }
            Builtin::Shortfall | Builtin::Tie => {
                let Target::Stage(s) = target else {
                    return Err(Stop::Skip);
                };
                if !self.w.happened(target) {
                    return Ok(V::Bool(false));
                }
                match self.outcomes.get(s.0) {
                    Some(Some(Ok(o))) => V::Bool(if func == Builtin::Tie {
                        o.tie()?
                    } else {
                        o.shortfall()?
                    }),
                    Some(Some(Err(stop))) => return Err(stop.clone()),
                    _ => return Err(Stop::Skip),
                }
            }
            _ => return Err(Stop::Skip),
        })
    }
}

fn var_coll(var: &crate::resolve::Binder) -> R<&Coll> {
    var.coll.as_ref().ok_or(Stop::Skip)
}

fn shift(d: NaiveDate, n: &Exact) -> Option<NaiveDate> {
    let days = TimeDelta::try_days(n.to_i64()?)?;
    d.checked_add_signed(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn whole_years() {
        assert_eq!(age(d(2003, 1, 28), d(2021, 1, 28)), 18);
        assert_eq!(age(d(2003, 1, 29), d(2021, 1, 28)), 17);
        assert_eq!(age(d(2000, 2, 29), d(2018, 2, 28)), 17);
        assert_eq!(age(d(2000, 2, 29), d(2018, 3, 1)), 18);
    }

    #[test]
    fn majority_is_strict() {
        let n = |x: i64| V::Num(int(x));
        assert_eq!(
            compare(Comparison::Majority, &n(1000), &n(2000)),
            Some(false)
        );
        assert_eq!(
            compare(Comparison::Majority, &n(1001), &n(2000)),
            Some(true)
        );
        assert_eq!(compare(Comparison::Ge, &V::Bool(true), &n(1)), None);
        assert_eq!(
            compare(Comparison::Eq, &V::Text("a"), &V::Text("a")),
            Some(true)
        );
    }
}
