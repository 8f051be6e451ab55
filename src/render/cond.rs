//! The `when` condition of a stage as a short text for a drawing:
//! "当 已进行(选民名单申诉)" / "when happened(选民名单申诉)".
//!
//! Conditions over stages, facts and parameters with logic, comparisons and
//! arithmetic are written out (with as few parentheses as the precedences
//! need); a condition that counts or quantifies, nests deeply or is long
//! becomes "条件阶段" / "conditional" — the drawing is an overview, the
//! procedure text has the details.

use super::model::words;
use crate::ast::{BinOp, Comparison};
use crate::diag::Lang;
use crate::resolve::{Builtin, Procedure, TExpr, TExprKind, Target};
use num_rational::BigRational;

/// The longest condition written out, in characters.
const MAX_CHARS: usize = 28;
/// The deepest expression written out.
const MAX_DEPTH: usize = 8;

/// The note of a conditional stage: "当 X" / "when X", or "条件阶段" /
/// "conditional" when X is too long or too involved to draw.
pub fn condition(proc: &Procedure, e: &TExpr, lang: Lang) -> String {
    let w = Writer { proc, lang };
    match w.expr(e, 0) {
        Some((text, _)) if text.chars().count() <= MAX_CHARS => {
            format!("{} {text}", words("当", "when", lang))
        }
        _ => words("条件阶段", "conditional", lang).to_string(),
    }
}

/// Binding strength, loosest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Or,
    And,
    Not,
    Compare,
    Add,
    Mul,
    Atom,
}

struct Writer<'a> {
    proc: &'a Procedure,
    lang: Lang,
}

fn rational(r: &BigRational) -> String {
    if r.is_integer() {
        r.numer().to_string()
    } else {
        format!("{}/{}", r.numer(), r.denom())
    }
}

fn builtin(b: Builtin, lang: Lang) -> &'static str {
    let (zh, en) = match b {
        Builtin::Seats => ("名额", "seats"),
        Builtin::Happened => ("已进行", "happened"),
        Builtin::Shortfall => ("缺额", "shortfall"),
        Builtin::Tie => ("平票", "tie"),
        Builtin::Date => ("日期", "date"),
        Builtin::Age => ("年龄", "age"),
        Builtin::Ceil => ("向上取整", "ceil"),
        Builtin::Floor => ("向下取整", "floor"),
        Builtin::Min => ("最小", "min"),
        Builtin::Max => ("最大", "max"),
    };
    words(zh, en, lang)
}

fn comparison(c: Comparison, lang: Lang) -> &'static str {
    match c {
        Comparison::Gt => ">",
        Comparison::Ge => "≥",
        Comparison::Lt => "<",
        Comparison::Le => "≤",
        Comparison::Eq => "=",
        Comparison::Ne => "≠",
        Comparison::Majority => words("过半数于", "is a majority of", lang),
    }
}

impl Writer<'_> {
    /// The text of `e` and how strongly it binds; None when it is not to be
    /// written out.
    fn expr(&self, e: &TExpr, depth: usize) -> Option<(String, Prec)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let p = self.proc;
        let lang = self.lang;
        let atom = |s: String| Some((s, Prec::Atom));
        match &e.kind {
            TExprKind::Number(r) => atom(rational(r)),
            TExprKind::Bool(b) => atom(match (b, lang) {
                (true, Lang::Zh) => "是".into(),
                (false, Lang::Zh) => "否".into(),
                (b, Lang::En) => b.to_string(),
            }),
            TExprKind::Text(s) => atom(format!("“{s}”")),
            TExprKind::Date(d) => atom(d.to_string()),
            TExprKind::Fact(id) => atom(p.facts.get(id.0)?.name.name.clone()),
            TExprKind::StageFact(s, id) => atom(format!(
                "{}.{}",
                p.target_name(Target::Stage(*s)),
                p.facts.get(id.0)?.name.name
            )),
            TExprKind::Param(id) => atom(p.params.get(id.0)?.name.name.clone()),
            TExprKind::Position(id) => atom(p.positions.get(id.0)?.name.name.clone()),
            TExprKind::Var { name, .. } => atom(name.clone()),
            TExprKind::ElemField { coll, field, .. } => atom(field.name(*coll).to_string()),
            TExprKind::Field { base, coll, field } => {
                let b = self.operand(base, Prec::Atom, depth)?;
                atom(format!("{b}.{}", field.name(*coll)))
            }
            TExprKind::EnumValue(v) => atom(v.name().to_string()),
            TExprKind::Votes => atom(words("票数", "votes", lang).to_string()),
            TExprKind::Neg(x) => atom(format!("-{}", self.operand(x, Prec::Atom, depth)?)),
            TExprKind::Not(x) => {
                let x = self.operand(x, Prec::Not, depth)?;
                Some((format!("{} {x}", words("非", "not", lang)), Prec::Not))
            }
            TExprKind::Binary(op, a, b) => {
                let (sym, prec) = match op {
                    BinOp::Or => (words("或", "or", lang), Prec::Or),
                    BinOp::And => (words("且", "and", lang), Prec::And),
                    BinOp::Add => ("+", Prec::Add),
                    BinOp::Sub => ("-", Prec::Add),
                    BinOp::Mul => ("×", Prec::Mul),
                    BinOp::Div => ("÷", Prec::Mul),
                };
                let a = self.operand(a, prec, depth)?;
                // The right operand of - and ÷ needs parentheses at equal strength.
                let right = if matches!(op, BinOp::Sub | BinOp::Div) {
                    Prec::Atom
                } else {
                    prec
                };
                let b = self.operand(b, right, depth)?;
                Some((format!("{a} {sym} {b}"), prec))
            }
            TExprKind::Compare(c, a, b) => {
                let a = self.operand(a, Prec::Add, depth)?;
                let b = self.operand(b, Prec::Add, depth)?;
                Some((format!("{a} {} {b}", comparison(*c, lang)), Prec::Compare))
            }
            TExprKind::Of { fraction, whole } => {
                let f = self.operand(fraction, Prec::Mul, depth)?;
                let w = self.operand(whole, Prec::Mul, depth)?;
                let text = match lang {
                    Lang::Zh => format!("{w} 的 {f}"),
                    Lang::En => format!("{f} of {w}"),
                };
                Some((text, Prec::Mul))
            }
            TExprKind::Call { func, args } => {
                let mut parts = Vec::new();
                for a in args {
                    parts.push(self.expr(a, depth + 1)?.0);
                }
                atom(format!("{}({})", builtin(*func, lang), parts.join(", ")))
            }
            TExprKind::StageCall { func, target, .. } => atom(format!(
                "{}({})",
                builtin(*func, lang),
                p.target_name(*target)
            )),
            TExprKind::Count { .. } | TExprKind::Quant { .. } | TExprKind::Error => None,
        }
    }

    /// `e` as an operand that must bind at least as strongly as `min`.
    fn operand(&self, e: &TExpr, min: Prec, depth: usize) -> Option<String> {
        let (text, prec) = self.expr(e, depth + 1)?;
        Some(if prec < min {
            format!("({text})")
        } else {
            text
        })
    }
}
