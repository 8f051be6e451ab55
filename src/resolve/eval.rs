//! Exact evaluation of constant expressions: parameter defaults and plan
//! overrides. Numbers are rationals (`BigRational`) throughout; days and
//! counts are the integers among them; nothing is ever a float.

use super::program::{ParamId, Procedure, TExpr, TExprKind, Value};
use super::types::{Builtin, Type};
use crate::ast::{BinOp, Comparison};
use crate::span::Span;
use chrono::{NaiveDate, TimeDelta};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

/// Why a constant could not be evaluated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EvalError {
    DivisionByZero(Span),
    /// A day count or date out of range.
    Overflow(Span),
    /// Something that is not a constant (already reported by the checker).
    NotConstant,
    /// A parameter without a value (its own error was reported).
    Unavailable,
    /// The parameter depends on itself.
    Cycle(ParamId),
}

/// Where parameter values come from.
pub(crate) trait Env {
    fn param(&mut self, p: ParamId) -> Result<Value, EvalError>;
}

/// Values during evaluation: counts, days, ratios are all rationals.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Num(BigRational),
    Date(NaiveDate),
    Bool(bool),
    Text(String),
}

/// Evaluates a constant expression to a value of its type.
pub(crate) fn eval(e: &TExpr, env: &mut dyn Env) -> Result<Value, EvalError> {
    let v = eval_v(e, env)?;
    to_value(v, e.ty, e.span)
}

/// Whether `e` is a constant (without parameters) equal to zero.
pub(crate) fn is_constant_zero(e: &TExpr) -> bool {
    struct NoParams;
    impl Env for NoParams {
        fn param(&mut self, _: ParamId) -> Result<Value, EvalError> {
            Err(EvalError::Unavailable)
        }
    }
    matches!(eval_v(e, &mut NoParams), Ok(V::Num(n)) if n.is_zero())
}

fn int(n: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

fn days_of(n: &BigRational, span: Span) -> Result<TimeDelta, EvalError> {
    n.to_integer()
        .to_i64()
        .filter(|_| n.is_integer())
        .and_then(TimeDelta::try_days)
        .ok_or(EvalError::Overflow(span))
}

fn eval_v(e: &TExpr, env: &mut dyn Env) -> Result<V, EvalError> {
    let span = e.span;
    Ok(match &e.kind {
        TExprKind::Number(n) => V::Num(n.clone()),
        TExprKind::Bool(b) => V::Bool(*b),
        TExprKind::Text(s) => V::Text(s.clone()),
        TExprKind::Date(d) => V::Date(*d),
        TExprKind::Param(p) => from_value(env.param(*p)?),
        TExprKind::Neg(x) => match eval_v(x, env)? {
            V::Num(n) => V::Num(-n),
            _ => return Err(EvalError::NotConstant),
        },
        TExprKind::Not(x) => match eval_v(x, env)? {
            V::Bool(b) => V::Bool(!b),
            _ => return Err(EvalError::NotConstant),
        },
        TExprKind::Binary(op, a, b) => {
            let (x, y) = (eval_v(a, env)?, eval_v(b, env)?);
            match (op, x, y) {
                (BinOp::And, V::Bool(x), V::Bool(y)) => V::Bool(x && y),
                (BinOp::Or, V::Bool(x), V::Bool(y)) => V::Bool(x || y),
                (BinOp::Add, V::Num(x), V::Num(y)) => V::Num(x + y),
                (BinOp::Sub, V::Num(x), V::Num(y)) => V::Num(x - y),
                (BinOp::Mul, V::Num(x), V::Num(y)) => V::Num(x * y),
                (BinOp::Div, V::Num(_), V::Num(y)) if y.is_zero() => {
                    return Err(EvalError::DivisionByZero(b.span))
                }
                (BinOp::Div, V::Num(x), V::Num(y)) => V::Num(x / y),
                (BinOp::Add, V::Date(d), V::Num(n)) | (BinOp::Add, V::Num(n), V::Date(d)) => {
                    V::Date(
                        d.checked_add_signed(days_of(&n, span)?)
                            .ok_or(EvalError::Overflow(span))?,
                    )
                }
                (BinOp::Sub, V::Date(d), V::Num(n)) => V::Date(
                    d.checked_sub_signed(days_of(&n, span)?)
                        .ok_or(EvalError::Overflow(span))?,
                ),
                (BinOp::Sub, V::Date(x), V::Date(y)) => {
                    V::Num(int(x.signed_duration_since(y).num_days()))
                }
                _ => return Err(EvalError::NotConstant),
            }
        }
        TExprKind::Compare(c, a, b) => {
            let (x, y) = (eval_v(a, env)?, eval_v(b, env)?);
            V::Bool(compare(*c, &x, &y).ok_or(EvalError::NotConstant)?)
        }
        TExprKind::Of { fraction, whole } => match (eval_v(fraction, env)?, eval_v(whole, env)?) {
            (V::Num(f), V::Num(w)) => V::Num(f * w),
            _ => return Err(EvalError::NotConstant),
        },
        TExprKind::Call { func, args } => {
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(eval_v(a, env)?);
            }
            match (func, vals.as_slice()) {
                (Builtin::Ceil, [V::Num(n)]) => V::Num(n.ceil()),
                (Builtin::Floor, [V::Num(n)]) => V::Num(n.floor()),
                (Builtin::Min | Builtin::Max, [x, y]) => {
                    let less = compare(Comparison::Lt, y, x).ok_or(EvalError::NotConstant)?;
                    let pick_y = if *func == Builtin::Min {
                        less
                    } else {
                        compare(Comparison::Gt, y, x) == Some(true)
                    };
                    if pick_y {
                        y.clone()
                    } else {
                        x.clone()
                    }
                }
                _ => return Err(EvalError::NotConstant),
            }
        }
        _ => return Err(EvalError::NotConstant),
    })
}

/// `x c y`; `None` when the values do not compare.
/// Majority: `2x > y` (strictly more than half).
fn compare(c: Comparison, x: &V, y: &V) -> Option<bool> {
    use std::cmp::Ordering;
    let ord: Ordering = match (c, x, y) {
        (Comparison::Majority, V::Num(a), V::Num(b)) => return Some(a * int(2) > *b),
        (_, V::Num(a), V::Num(b)) => a.cmp(b),
        (_, V::Date(a), V::Date(b)) => a.cmp(b),
        (Comparison::Eq, a, b) => return Some(a == b),
        (Comparison::Ne, a, b) => return Some(a != b),
        _ => return None,
    };
    Some(c.holds(ord))
}

fn from_value(v: Value) -> V {
    match v {
        Value::Count(n) => V::Num(BigRational::from_integer(n)),
        Value::Ratio(r) | Value::Number(r) => V::Num(r),
        Value::Days(d) => V::Num(int(d)),
        Value::Date(d) => V::Date(d),
        Value::Bool(b) => V::Bool(b),
        Value::Text(s) => V::Text(s),
    }
}

fn to_value(v: V, ty: Type, span: Span) -> Result<Value, EvalError> {
    Ok(match (ty, v) {
        (Type::Count | Type::Int, V::Num(n)) if n.is_integer() => Value::Count(n.to_integer()),
        (Type::Days, V::Num(n)) if n.is_integer() => {
            Value::Days(n.to_integer().to_i64().ok_or(EvalError::Overflow(span))?)
        }
        (Type::Ratio, V::Num(n)) => Value::Ratio(n),
        (_, V::Num(n)) => Value::Number(n),
        (_, V::Date(d)) => Value::Date(d),
        (_, V::Bool(b)) => Value::Bool(b),
        (_, V::Text(s)) => Value::Text(s),
    })
}

/// A value of an expression's type, made a value of the declared type `want`
/// (a rational or an integer for a ratio parameter).
pub(crate) fn conform(v: Value, want: Type) -> Value {
    match (want, v) {
        (Type::Ratio, Value::Number(r)) => Value::Ratio(r),
        (Type::Ratio, Value::Count(n)) => Value::Ratio(BigRational::from_integer(n)),
        (Type::Ratio, Value::Days(n)) => Value::Ratio(int(n)),
        (_, v) => v,
    }
}

#[derive(Clone, Debug)]
enum State {
    Todo,
    Busy,
    Done(Option<Value>),
}

/// Evaluates parameter defaults on demand, in dependency order, detecting
/// cycles; values given up front (plan overrides) take precedence.
pub(crate) struct Params<'p> {
    defaults: Vec<(&'p TExpr, Type)>,
    state: Vec<State>,
    /// Errors met while evaluating each parameter's own default.
    pub errors: Vec<(ParamId, EvalError)>,
}

impl<'p> Params<'p> {
    /// `defaults[i]` is parameter i's default and declared type; `usable[i]`
    /// is false when that default already has an error.
    pub fn new(defaults: Vec<(&'p TExpr, Type)>, usable: &[bool]) -> Params<'p> {
        let state = (0..defaults.len())
            .map(|i| match usable.get(i) {
                Some(true) => State::Todo,
                _ => State::Done(None),
            })
            .collect();
        Params {
            defaults,
            state,
            errors: Vec::new(),
        }
    }

    /// Fixes parameter `p` to `v`.
    pub fn set(&mut self, p: ParamId, v: Value) {
        if let Some(s) = self.state.get_mut(p.0) {
            *s = State::Done(Some(v));
        }
    }

    /// The value of every parameter (`None` where it has an error).
    pub fn all(mut self) -> (Vec<Option<Value>>, Vec<(ParamId, EvalError)>) {
        let values = (0..self.defaults.len())
            .map(|i| self.param(ParamId(i)).ok())
            .collect();
        (values, self.errors)
    }
}

impl Env for Params<'_> {
    fn param(&mut self, p: ParamId) -> Result<Value, EvalError> {
        match self.state.get(p.0) {
            None | Some(State::Done(None)) => return Err(EvalError::Unavailable),
            Some(State::Done(Some(v))) => return Ok(v.clone()),
            Some(State::Busy) => return Err(EvalError::Cycle(p)),
            Some(State::Todo) => {}
        }
        let Some((expr, ty)) = self.defaults.get(p.0).copied() else {
            return Err(EvalError::Unavailable);
        };
        if let Some(s) = self.state.get_mut(p.0) {
            *s = State::Busy;
        }
        let result = eval(expr, self).map(|v| conform(v, ty));
        let done = match &result {
            Ok(v) => Some(v.clone()),
            Err(e) => {
                self.errors.push((p, e.clone()));
                None
            }
        };
        if let Some(s) = self.state.get_mut(p.0) {
            *s = State::Done(done);
        }
        result.map_err(|e| match e {
            EvalError::Cycle(q) if q != p => e,
            _ => EvalError::Unavailable,
        })
    }
}

/// Fixed parameter values (for plan overrides, which see the defaults).
pub(crate) struct Fixed<'v>(pub &'v [Option<Value>]);

impl Env for Fixed<'_> {
    fn param(&mut self, p: ParamId) -> Result<Value, EvalError> {
        self.0
            .get(p.0)
            .cloned()
            .flatten()
            .ok_or(EvalError::Unavailable)
    }
}

impl Procedure {
    /// Every parameter's value when `overrides` replace some defaults (a plan,
    /// the command line): the other defaults are evaluated again, so a default
    /// written in terms of an overridden parameter follows it. `None` for a
    /// parameter whose default cannot be evaluated.
    pub fn param_values(&self, overrides: &[(ParamId, Value)]) -> Vec<Option<Value>> {
        let defaults = self.params.iter().map(|p| (&p.default, p.ty)).collect();
        let usable: Vec<bool> = self.params.iter().map(|p| p.value.is_some()).collect();
        let mut env = Params::new(defaults, &usable);
        for (p, v) in overrides {
            env.set(*p, v.clone());
        }
        env.all().0
    }
}
