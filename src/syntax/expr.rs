//! pest pairs → expressions, through two Pratt parsers built once:
//! logic (`or` < `and` < `not`) over comparisons, and arithmetic
//! (`+ -` < `* /` < `of`/`的` < unary `-`) over atoms. A comparison joins
//! two arithmetic terms; the circumfix `A 为 B 以上` is read here too.

use super::build::{placeholder_expr, Builder};
use super::lexical;
use super::{Rule, MAX_TERMS};
use crate::ast::{Arg, BinOp, Comparison, Expr, ExprKind, Ident, Number, NumberForm, Quantifier};
use crate::diag::{Code, Diagnostic, Text};
use crate::span::Span;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::cell::RefCell;
use std::sync::LazyLock;

static LOGIC: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
});

static ARITH: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::infix(Rule::op_of, Assoc::Left) | Op::infix(Rule::op_de, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

fn node(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

impl Builder {
    /// An `expr` pair (a quantifier or a logical expression). Every path of
    /// the recursion passes here, so this is where nesting is bounded.
    pub(super) fn expr(&mut self, pair: Pair<Rule>) -> Expr {
        if self.depth >= super::prescan::MAX_DEPTH {
            self.too_deep(&pair);
            return placeholder_expr();
        }
        self.depth += 1;
        let e = self.expr_inner(pair);
        self.depth -= 1;
        e
    }

    fn too_deep(&mut self, pair: &Pair<Rule>) {
        if self.diags.iter().any(|d| d.code == Code::TooDeep) {
            return;
        }
        // Label the first word of the too-deep part, not all of it.
        let start = pair.as_span().start();
        let word = pair
            .as_str()
            .split(char::is_whitespace)
            .next()
            .map_or(0, str::len);
        let span = Span::new(self.file, start, start + word);
        let max = super::prescan::MAX_DEPTH;
        self.diags.push(
            Diagnostic::error(
                Code::TooDeep,
                Text::new(
                    format!("表达式嵌套超过 {max} 层"),
                    format!("the expression nests deeper than {max} levels"),
                ),
            )
            .with_label(
                span,
                Text::new(
                    format!("第 {} 层从这里开始", max + 1),
                    format!("level {} starts here", max + 1),
                ),
            )
            .with_help(Text::new(
                "拆分表达式，或用参数给中间结果命名",
                "split the expression, or name intermediate values with parameters",
            )),
        );
    }

    fn expr_inner(&mut self, pair: Pair<Rule>) -> Expr {
        match pair.as_rule() {
            Rule::expr => match pair.into_inner().next() {
                Some(inner) => self.expr(inner),
                None => placeholder_expr(),
            },
            Rule::quant => self.quant(pair),
            Rule::logic => self.logic(pair),
            Rule::comparison => self.comparison(pair),
            Rule::arith => self.arith(pair),
            _ => self.atom(pair),
        }
    }

    /// Refuses sequences longer than [`MAX_TERMS`] before any recursion.
    fn too_long(&mut self, pair: &Pair<Rule>) -> bool {
        let terms = pair.clone().into_inner().count();
        if terms <= 2 * MAX_TERMS {
            return false;
        }
        let span = self.span(pair);
        self.diags.push(
            Diagnostic::error(
                Code::TooLong,
                Text::new(
                    format!(
                        "表达式有 {} 个部分，超过上限 {MAX_TERMS}",
                        terms.div_ceil(2)
                    ),
                    format!(
                        "the expression has {} terms, more than the limit of {MAX_TERMS}",
                        terms.div_ceil(2)
                    ),
                ),
            )
            .with_label(span, Text::new("这个表达式", "this expression"))
            .with_help(Text::new(
                "把表达式拆成几条规则，或用参数给中间结果命名",
                "split it into several rules, or name intermediate values with parameters",
            )),
        );
        true
    }

    fn logic(&mut self, pair: Pair<Rule>) -> Expr {
        if self.too_long(&pair) {
            return placeholder_expr();
        }
        let file = self.file;
        let cell = RefCell::new(&mut *self);
        LOGIC
            .map_primary(|p| cell.borrow_mut().comparison(p))
            .map_prefix(move |op, e| {
                let s = op.as_span();
                let span = Span::new(file, s.start(), s.end()).to(e.span);
                node(ExprKind::Not(Box::new(e)), span)
            })
            .map_infix(|a, op, b| {
                let bin = if op.as_rule() == Rule::op_and {
                    BinOp::And
                } else {
                    BinOp::Or
                };
                let span = a.span.to(b.span);
                node(ExprKind::Binary(bin, Box::new(a), Box::new(b)), span)
            })
            .parse(pair.into_inner())
    }

    fn comparison(&mut self, pair: Pair<Rule>) -> Expr {
        if pair.as_rule() != Rule::comparison {
            return self.expr(pair);
        }
        let mut terms = Vec::new();
        let mut op = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::arith => terms.push(self.arith(p)),
                Rule::cmp_ge | Rule::post_ge => op = Some(Comparison::Ge),
                Rule::cmp_le | Rule::post_le => op = Some(Comparison::Le),
                Rule::cmp_gt => op = Some(Comparison::Gt),
                Rule::cmp_lt => op = Some(Comparison::Lt),
                Rule::cmp_eq => op = Some(Comparison::Eq),
                Rule::cmp_ne => op = Some(Comparison::Ne),
                Rule::cmp_majority => op = Some(Comparison::Majority),
                _ => {}
            }
        }
        let mut terms = terms.into_iter();
        let a = terms.next().unwrap_or_else(placeholder_expr);
        match (op, terms.next()) {
            (Some(op), Some(b)) => {
                let (sa, sb) = (a.span, b.span);
                Expr {
                    kind: ExprKind::Compare(op, Box::new(a), Box::new(b)),
                    span: sa.to(sb),
                }
            }
            _ => a,
        }
    }

    fn arith(&mut self, pair: Pair<Rule>) -> Expr {
        if pair.as_rule() != Rule::arith {
            return self.expr(pair);
        }
        if self.too_long(&pair) {
            return placeholder_expr();
        }
        let file = self.file;
        let cell = RefCell::new(&mut *self);
        ARITH
            .map_primary(|p| cell.borrow_mut().atom(p))
            .map_prefix(move |op, e| {
                let s = op.as_span();
                let span = Span::new(file, s.start(), s.end()).to(e.span);
                node(ExprKind::Neg(Box::new(e)), span)
            })
            .map_infix(|a, op, b| {
                let span = a.span.to(b.span);
                let kind = match op.as_rule() {
                    Rule::op_of => ExprKind::Of {
                        fraction: Box::new(a),
                        whole: Box::new(b),
                    },
                    Rule::op_de => ExprKind::Of {
                        fraction: Box::new(b),
                        whole: Box::new(a),
                    },
                    other => {
                        let bin = match other {
                            Rule::op_add => BinOp::Add,
                            Rule::op_sub => BinOp::Sub,
                            Rule::op_mul => BinOp::Mul,
                            _ => BinOp::Div,
                        };
                        ExprKind::Binary(bin, Box::new(a), Box::new(b))
                    }
                };
                node(kind, span)
            })
            .parse(pair.into_inner())
    }

    fn quant(&mut self, pair: Pair<Rule>) -> Expr {
        let span = self.span(&pair);
        let mut quantifier = Quantifier::All;
        let mut coll = None;
        let mut var = None;
        let mut exprs = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::q_all => quantifier = Quantifier::All,
                Rule::q_any => quantifier = Quantifier::Any,
                Rule::coll => coll = Some(self.coll(p)),
                Rule::ident => var = Some(self.ident(p)),
                Rule::logic | Rule::expr => exprs.push(self.expr(p)),
                _ => {}
            }
        }
        let body = exprs.pop().unwrap_or_else(placeholder_expr);
        let filter = exprs.pop().map(Box::new);
        node(
            ExprKind::Quant {
                quantifier,
                coll: coll.unwrap_or_else(|| super::build::synthetic_ident("")),
                var: var.unwrap_or_else(|| super::build::synthetic_ident("")),
                filter,
                body: Box::new(body),
            },
            span,
        )
    }

    fn number(&mut self, pair: &Pair<Rule>) -> Option<Number> {
        let text = pair.as_str();
        let (value, form) = match pair.as_rule() {
            Rule::int_lit => (lexical::ascii_int(text).map(int_ratio), NumberForm::Integer),
            Rule::cn_int => (lexical::cn_int(text).map(int_ratio), NumberForm::Integer),
            Rule::frac_lit => (lexical::ascii_fraction(text), NumberForm::Fraction),
            Rule::cn_frac => (lexical::cn_fraction(text), NumberForm::Fraction),
            Rule::cn_half => (lexical::ascii_fraction("1/2"), NumberForm::Fraction),
            Rule::percent_lit => (lexical::ascii_percent(text), NumberForm::Percent),
            Rule::cn_percent => (lexical::cn_percent(text), NumberForm::Percent),
            Rule::decimal_lit => (lexical::ascii_decimal(text), NumberForm::Decimal),
            _ => return None,
        };
        match value {
            Ok(value) => Some(Number { value, form }),
            Err(e) => {
                let span = self.span(pair);
                self.literal_error(span, e, text);
                Some(Number::integer(0))
            }
        }
    }

    fn atom(&mut self, pair: Pair<Rule>) -> Expr {
        let span = self.span(&pair);
        if let Some(n) = self.number(&pair) {
            return node(ExprKind::Number(n), span);
        }
        match pair.as_rule() {
            Rule::paren => match pair.into_inner().find(|p| p.as_rule() == Rule::expr) {
                Some(inner) => self.expr(inner),
                None => placeholder_expr(),
            },
            Rule::count_expr => {
                let mut coll = None;
                let mut filter = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::coll => coll = Some(self.coll(p)),
                        Rule::expr => filter = Some(Box::new(self.expr(p))),
                        _ => {}
                    }
                }
                let coll = coll.unwrap_or_else(|| super::build::synthetic_ident(""));
                node(ExprKind::Count { coll, filter }, span)
            }
            Rule::call => {
                let mut func: Option<Ident> = None;
                let mut args = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::ident | Rule::kw_seats => func = Some(self.keyword_name(p, "seats")),
                        Rule::arg => args.push(self.arg(p)),
                        _ => {}
                    }
                }
                let func = func.unwrap_or_else(|| super::build::synthetic_ident(""));
                node(ExprKind::Call { func, args }, span)
            }
            Rule::date_lit => {
                let d = self.date(pair);
                node(ExprKind::Date(d.date), span)
            }
            Rule::bool_lit => {
                let yes = pair
                    .into_inner()
                    .next()
                    .is_some_and(|p| p.as_rule() == Rule::kw_true);
                node(ExprKind::Bool(yes), span)
            }
            Rule::string => node(ExprKind::Text(lexical::string(pair.as_str())), span),
            Rule::votes => node(ExprKind::Votes, span),
            Rule::path => {
                let mut parts = pair.into_inner();
                let Some(head) = parts.next() else {
                    return placeholder_expr();
                };
                let head = self.keyword_name(head, "position");
                let mut e = node(ExprKind::Name(head), span);
                for f in parts {
                    let field = self.ident(f);
                    let s = e.span.to(field.span);
                    e = node(ExprKind::Field(Box::new(e), field), s);
                }
                e
            }
            _ => self.expr(pair),
        }
    }

    /// A collection: the keyword `position`/`职务` names the positions.
    fn coll(&mut self, pair: Pair<Rule>) -> Ident {
        match pair.into_inner().next() {
            Some(inner) => self.keyword_name(inner, "positions"),
            None => super::build::synthetic_ident(""),
        }
    }

    /// A name, where the keyword `position`/`职务` stands for `canonical`
    /// (keywords are not kept: both spellings give the same tree).
    fn keyword_name(&mut self, pair: Pair<Rule>, canonical: &str) -> Ident {
        let mut id = self.ident(pair.clone());
        if matches!(pair.as_rule(), Rule::kw_position | Rule::kw_seats) {
            id.name = canonical.to_string();
        }
        id
    }

    fn arg(&mut self, pair: Pair<Rule>) -> Arg {
        let mut label = None;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::arg_label => label = Some(self.ident(p)),
                Rule::expr => value = Some(self.expr(p)),
                _ => {}
            }
        }
        Arg {
            label,
            value: value.unwrap_or_else(placeholder_expr),
        }
    }
}

fn int_ratio(n: u64) -> num_rational::BigRational {
    num_rational::BigRational::from_integer(num_bigint::BigInt::from(n))
}
