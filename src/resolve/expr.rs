//! Expressions: name resolution and type checking (calls are in `call.rs`).
//!
//! A name is looked up from the inside out: quantifier variables and the
//! fields of `count` elements (innermost first), the current stage's own
//! facts, the procedure's facts, parameters and positions, and last the
//! enumeration values (`female`, `正式`, …). A name found nowhere is
//! undefined. An expression with an error gets [`Type::Error`], which fits
//! everywhere, so one mistake gives one diagnostic.

use super::eval;
use super::msg;
use super::program::{Binder, StageId, TExpr, TExprKind, VarId};
use super::scope::Scope;
use super::types::{Coll, Type};
use crate::ast::{self, BinOp, Comparison, ExprKind, NumberForm};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::span::Span;

/// A binding in scope inside an expression.
pub(super) enum Frame {
    /// A quantifier variable (`coll` is `None` when the collection was unknown).
    Var {
        id: VarId,
        name: String,
        coll: Option<Coll>,
        span: Span,
    },
    /// The implicit element of a `count` filter or of an `elect` rule: its
    /// fields are in scope unqualified.
    Elem { id: VarId, coll: Coll },
}

/// Checks the expressions of one procedure in one context.
pub(crate) struct Checker<'s, 'a> {
    pub(super) scope: &'s Scope<'a>,
    pub(super) diags: &'s mut Vec<Diagnostic>,
    next_var: &'s mut usize,
    /// The stage whose own facts are visible unqualified.
    pub stage: Option<StageId>,
    /// The stage whose `when` condition is being checked.
    pub when_of: Option<StageId>,
    /// Parameter values: only literals, parameters and arithmetic.
    pub constant: bool,
    /// The candidate of the `elect` rule being checked.
    pub(super) elect: Option<VarId>,
    pub(super) frames: Vec<Frame>,
}

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

impl<'s, 'a> Checker<'s, 'a> {
    /// A checker for `scope`; `next_var` numbers variables across the procedure.
    pub fn new(
        scope: &'s Scope<'a>,
        diags: &'s mut Vec<Diagnostic>,
        next_var: &'s mut usize,
    ) -> Self {
        Checker {
            scope,
            diags,
            next_var,
            stage: None,
            when_of: None,
            constant: false,
            elect: None,
            frames: Vec::new(),
        }
    }

    pub(super) fn fresh_var(&mut self) -> VarId {
        let id = VarId(*self.next_var);
        *self.next_var += 1;
        id
    }

    /// Enters an `elect` rule: `votes` becomes valid and the candidate's
    /// fields come into scope (after every declared name, so that they never
    /// change what a name of the procedure means). Returns the candidate's
    /// variable.
    pub fn enter_elect(&mut self) -> VarId {
        let id = self.fresh_var();
        self.elect = Some(id);
        id
    }

    /// A condition (a rule, a `when`): must be bool.
    pub fn condition(&mut self, e: &ast::Expr) -> TExpr {
        let mut te = self.cond_inner(e);
        finish(&mut te);
        te
    }

    /// A value that must fit `want` (a parameter's default or override).
    pub fn value(&mut self, e: &ast::Expr, want: Type) -> TExpr {
        let mut te = self.expr(e);
        if te.ty.fits(want) {
            coerce(&mut te, want);
        } else {
            let help = if want == Type::Count && matches!(te.ty, Type::Number | Type::Ratio) {
                t(
                    "请用 `向上取整(…)` 或 `向下取整(…)` 取整",
                    "round it with `ceil(…)` or `floor(…)`",
                )
            } else {
                let w = want.describe();
                t(
                    format!("该参数的类型是{}", w.zh),
                    format!("the parameter is of type {}", w.en),
                )
            };
            self.diags
                .push(msg::type_mismatch(te.span, want, te.ty, help));
            te.ty = Type::Error;
        }
        finish(&mut te);
        te
    }

    fn cond_inner(&mut self, e: &ast::Expr) -> TExpr {
        let te = self.expr(e);
        self.expect_bool(&te);
        te
    }

    fn expect_bool(&mut self, te: &TExpr) {
        if !matches!(te.ty, Type::Bool | Type::Error) {
            self.diags.push(msg::not_a_condition(te.span, te.ty));
        }
    }

    /// Reports a construct that cannot appear in a constant.
    pub(super) fn nonconst(&mut self, span: Span, what: Text) -> TExpr {
        self.diags.push(msg::not_constant(span, what));
        TExpr::error(span)
    }

    pub(super) fn expr(&mut self, e: &ast::Expr) -> TExpr {
        let span = e.span;
        match &e.kind {
            ExprKind::Number(n) => {
                let ty = if n.form == NumberForm::Integer && n.value.is_integer() {
                    Type::Int
                } else {
                    Type::Ratio
                };
                TExpr::new(TExprKind::Number(n.value.clone()), ty, span)
            }
            ExprKind::Bool(b) => TExpr::new(TExprKind::Bool(*b), Type::Bool, span),
            ExprKind::Text(s) => TExpr::new(TExprKind::Text(s.clone()), Type::Text, span),
            ExprKind::Date(d) => TExpr::new(TExprKind::Date(*d), Type::Date, span),
            ExprKind::Name(id) => self.name(id),
            ExprKind::Field(base, f) => self.field(base, f),
            ExprKind::Votes if self.constant => {
                self.nonconst(span, t("得票不是常量", "`votes` is not a constant"))
            }
            ExprKind::Votes if self.elect.is_some() => {
                TExpr::new(TExprKind::Votes, Type::Count, span)
            }
            ExprKind::Votes => {
                self.diags.push(msg::votes_outside_elect(span));
                TExpr::error(span)
            }
            ExprKind::Neg(x) => {
                let x = self.expr(x);
                let ty = x.ty;
                if !(ty.is_numeric() || matches!(ty, Type::Days | Type::Error)) {
                    self.diags.push(msg::type_mismatch(
                        x.span,
                        Type::Number,
                        ty,
                        t(
                            "只有数值和天数可以取负",
                            "only numbers and days can be negated",
                        ),
                    ));
                }
                TExpr::new(TExprKind::Neg(Box::new(x)), ty, span)
            }
            ExprKind::Not(x) => {
                let x = self.cond_inner(x);
                TExpr::new(TExprKind::Not(Box::new(x)), Type::Bool, span)
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, span),
            ExprKind::Compare(c, a, b) => self.compare(*c, a, b, span),
            ExprKind::Of { fraction, whole } => {
                let mut f = self.expr(fraction);
                let mut w = self.expr(whole);
                let ty = match (f.ty, w.ty) {
                    (Type::Error, _) | (_, Type::Error) => Type::Error,
                    (a, b) if a.is_numeric() && b.is_numeric() => {
                        coerce(&mut f, Type::Count);
                        coerce(&mut w, Type::Count);
                        Type::Number
                    }
                    (a, b) => {
                        self.diags
                            .push(msg::unit_mismatch(None, (f.span, a), (w.span, b)));
                        Type::Error
                    }
                };
                let kind = TExprKind::Of {
                    fraction: Box::new(f),
                    whole: Box::new(w),
                };
                TExpr::new(kind, ty, span)
            }
            ExprKind::Call { func, args } => self.call(func, args, span),
            ExprKind::Count { coll, filter } => self.count(coll, filter.as_deref(), span),
            ExprKind::Quant {
                quantifier,
                coll,
                var,
                filter,
                body,
            } => {
                if self.constant {
                    return self.nonconst(
                        span,
                        t("量词表达式不是常量", "a quantifier is not a constant"),
                    );
                }
                let c = self.collection(coll);
                self.check_fresh(var);
                let id = self.fresh_var();
                self.frames.push(Frame::Var {
                    id,
                    name: var.name.clone(),
                    coll: c,
                    span: var.span,
                });
                let filter = filter.as_deref().map(|f| Box::new(self.cond_inner(f)));
                let body = Box::new(self.cond_inner(body));
                self.frames.pop();
                let var = Binder {
                    id,
                    name: var.name.clone(),
                    coll: c,
                    span: var.span,
                };
                let kind = TExprKind::Quant {
                    quantifier: *quantifier,
                    var,
                    filter,
                    body,
                };
                TExpr::new(kind, Type::Bool, span)
            }
        }
    }

    fn collection(&mut self, coll: &ast::Ident) -> Option<Coll> {
        let c = Coll::lookup(&coll.name);
        if c.is_none() {
            let s = did_you_mean(&coll.name, Coll::all_names());
            self.diags.push(msg::unknown_collection(coll, s));
        }
        c
    }

    fn count(&mut self, coll: &ast::Ident, filter: Option<&ast::Expr>, span: Span) -> TExpr {
        if self.constant {
            return self.nonconst(
                span,
                t(
                    "计数表达式不是常量",
                    "a count over a collection is not a constant",
                ),
            );
        }
        let Some(c) = self.collection(coll) else {
            return TExpr::error(span);
        };
        let elem = self.fresh_var();
        self.frames.push(Frame::Elem { id: elem, coll: c });
        let filter = filter.map(|f| Box::new(self.cond_inner(f)));
        self.frames.pop();
        let kind = TExprKind::Count {
            coll: c,
            elem,
            filter,
        };
        TExpr::new(kind, Type::Count, span)
    }

    fn binary(&mut self, op: BinOp, a: &ast::Expr, b: &ast::Expr, span: Span) -> TExpr {
        let mut l = self.expr(a);
        let mut r = self.expr(b);
        let ty = if matches!(op, BinOp::And | BinOp::Or) {
            self.expect_bool(&l);
            self.expect_bool(&r);
            Type::Bool
        } else {
            match arith(op, &mut l, &mut r) {
                Some(ty) => ty,
                None => {
                    self.diags
                        .push(msg::unit_mismatch(Some(op), (l.span, l.ty), (r.span, r.ty)));
                    Type::Error
                }
            }
        };
        if op == BinOp::Div && !self.constant && ty != Type::Error && eval::is_constant_zero(&r) {
            self.diags.push(msg::division_by_zero(r.span));
        }
        TExpr::new(TExprKind::Binary(op, Box::new(l), Box::new(r)), ty, span)
    }

    fn compare(&mut self, c: Comparison, a: &ast::Expr, b: &ast::Expr, span: Span) -> TExpr {
        let mut l = self.expr(a);
        let mut r = self.expr(b);
        let (x, y) = (l.ty, r.ty);
        let equality = matches!(c, Comparison::Eq | Comparison::Ne);
        let ok = if x == Type::Error || y == Type::Error {
            true
        } else if x.is_numeric() && y.is_numeric() {
            coerce(&mut l, Type::Count);
            coerce(&mut r, Type::Count);
            true
        } else if c == Comparison::Majority {
            false
        } else if matches!(x, Type::Days | Type::Int) && matches!(y, Type::Days | Type::Int) {
            coerce(&mut l, Type::Days);
            coerce(&mut r, Type::Days);
            true
        } else if x == Type::Date && y == Type::Date {
            true
        } else {
            equality
                && x == y
                && matches!(x, Type::Text | Type::Bool | Type::Enum(_) | Type::Elem(_))
        };
        if !ok {
            let help = if c == Comparison::Majority {
                t(
                    "「过半数」只能用于两个数值",
                    "`is a majority of` compares two numbers",
                )
            } else if let (Type::Enum(_), Type::Enum(_)) = (x, y) {
                t(
                    "性别的取值为 `男`、`女`；名单类别的取值为 `初步`、`正式`",
                    "gender values are `male` and `female`; list kinds are `preliminary` and `formal`",
                )
            } else if x == y {
                let d = x.describe();
                t(
                    format!("{}只能用 `=` 或 `!=` 比较", d.zh),
                    format!("{} values only compare with `=` and `!=`", d.en),
                )
            } else {
                t(
                    "数值只能与数值比较，天数与天数比较，日期与日期比较",
                    "numbers compare with numbers, days with days and dates with dates",
                )
            };
            self.diags
                .push(msg::incomparable((l.span, x), (r.span, y), help));
        }
        TExpr::new(
            TExprKind::Compare(c, Box::new(l), Box::new(r)),
            Type::Bool,
            span,
        )
    }
}

/// "a candidate", "an excluded member".
pub(super) fn article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// The type of `l op r` (arithmetic only), fixing the unit of integer
/// literals on the way; `None` when the units do not combine.
fn arith(op: BinOp, l: &mut TExpr, r: &mut TExpr) -> Option<Type> {
    use Type::*;
    let (a, b) = (l.ty, r.ty);
    if a == Error || b == Error {
        return Some(Error);
    }
    let both = |l: &mut TExpr, r: &mut TExpr, ty: Type| {
        coerce(l, ty);
        coerce(r, ty);
    };
    let ty = match (op, a, b) {
        (BinOp::Add | BinOp::Sub | BinOp::Mul, Int, Int) => Int,
        (BinOp::Add | BinOp::Sub | BinOp::Mul, _, _) if a.is_countish() && b.is_countish() => {
            both(l, r, Count);
            Count
        }
        (BinOp::Add | BinOp::Sub, Ratio, Ratio) => Ratio,
        (_, _, _) if a.is_numeric() && b.is_numeric() => {
            both(l, r, Count);
            Number
        }
        (BinOp::Add | BinOp::Sub, Days | Int, Days | Int) => {
            both(l, r, Days);
            Days
        }
        (BinOp::Add | BinOp::Sub, Date, Days | Int) => {
            coerce(r, Days);
            Date
        }
        (BinOp::Add, Days | Int, Date) => {
            coerce(l, Days);
            Date
        }
        (BinOp::Sub, Date, Date) => Days,
        (BinOp::Mul, Count | Int, Days) | (BinOp::Mul, Days, Count | Int) => {
            both(l, r, Count);
            Days
        }
        _ => return None,
    };
    Some(ty)
}

/// Fixes the unit of an integer literal (and of the sums and products of
/// integer literals it is made of) to `to`.
pub(super) fn coerce(e: &mut TExpr, to: Type) {
    if e.ty != Type::Int {
        return;
    }
    e.ty = to;
    match &mut e.kind {
        TExprKind::Neg(x) => coerce(x, to),
        TExprKind::Binary(_, a, b) => {
            coerce(a, to);
            coerce(b, to);
        }
        TExprKind::Call { args, .. } => args.iter_mut().for_each(|a| coerce(a, to)),
        _ => {}
    }
}

/// Gives every integer literal whose unit is still open the type count.
pub(super) fn finish(e: &mut TExpr) {
    if e.ty == Type::Int {
        e.ty = Type::Count;
    }
    match &mut e.kind {
        TExprKind::Neg(x) | TExprKind::Not(x) => finish(x),
        TExprKind::Binary(_, a, b) | TExprKind::Compare(_, a, b) => {
            finish(a);
            finish(b);
        }
        TExprKind::Of { fraction, whole } => {
            finish(fraction);
            finish(whole);
        }
        TExprKind::Field { base, .. } => finish(base),
        TExprKind::Call { args, .. } => args.iter_mut().for_each(finish),
        TExprKind::Count { filter, .. } => filter.iter_mut().for_each(|f| finish(f)),
        TExprKind::Quant { filter, body, .. } => {
            filter.iter_mut().for_each(|f| finish(f));
            finish(body);
        }
        _ => {}
    }
}
