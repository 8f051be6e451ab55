//! Expressions in words: a small renderer over [`TExpr`] that says the
//! common shapes of election rules the way a regulation would, and falls
//! back to a plain, readable reading of anything else.
//!
//! Conditions ([`Ctx::cond`]) are sentences; with `modal` they are said as
//! obligations (“必须不少于” / “must be at least”), without it as facts (in a
//! `when` condition, inside a quantifier's filter). Values ([`Ctx::val`])
//! are noun phrases. Names keep their quotation marks (“登记选民”) so that a
//! reader can find them in the procedure; parameters show their default.
//! Special shapes — surpluses of candidates, counts of none or at least one,
//! ages, proxies held — live in `shapes.rs`.

use super::np::{predicate, proxies_held, Np};
use super::tree::{binds, conjuncts, disjuncts, same_expr};
use super::words::{either, fraction, quoted, same, t, value, value_is};
use crate::ast::{BinOp, Comparison, Quantifier};
use crate::diag::Text;
use crate::resolve::{
    Builtin, Coll, Field, Procedure, StageId, TExpr, TExprKind, Target, Type, VarId,
};

/// What the renderer knows while it walks an expression.
pub(super) struct Ctx<'a> {
    pub proc: &'a Procedure,
    /// The stage whose rule this is: its own facts are named bare.
    pub stage: Option<StageId>,
    /// The variables in scope, innermost last: id, collection, name.
    binders: Vec<(VarId, Coll, String)>,
}

impl<'a> Ctx<'a> {
    /// A renderer for the rules of `stage`.
    pub fn new(proc: &'a Procedure, stage: Option<StageId>) -> Ctx<'a> {
        Ctx {
            proc,
            stage,
            binders: Vec::new(),
        }
    }

    /// Brings a variable into scope (the candidate of an `elect` rule).
    pub fn bind(&mut self, id: VarId, coll: Coll, name: &str) {
        self.binders.push((id, coll, name.to_string()));
    }

    /// “该候选人” / “that candidate”, or with its name when two variables of
    /// one collection are in scope (“当选人 w”).
    fn var(&self, id: VarId) -> Text {
        let Some((_, coll, name)) = self.binders.iter().rev().find(|(v, ..)| *v == id) else {
            return t("该对象", "that element");
        };
        let twins = self.binders.iter().filter(|(_, c, _)| c == coll).count();
        if twins > 1 {
            t(
                format!("{} {name}", coll.element_zh()),
                format!("{} {name}", coll.element_en()),
            )
        } else {
            t(
                format!("该{}", coll.element_zh()),
                format!("that {}", coll.element_en()),
            )
        }
    }

    /// The name of a stage or phase, quoted.
    pub fn target(&self, target: Target) -> Text {
        quoted(self.proc.target_name(target))
    }

    /// A value as a noun phrase.
    pub fn val(&mut self, e: &TExpr) -> Text {
        match &e.kind {
            TExprKind::Number(r) => fraction(r),
            TExprKind::Bool(b) => value(&crate::resolve::Value::Bool(*b)),
            TExprKind::Text(s) => quoted(s),
            TExprKind::Date(d) => same(d.to_string()),
            TExprKind::Fact(f) => quoted(self.fact_name(f.0)),
            TExprKind::StageFact(s, f) => {
                let name = self.fact_name(f.0).to_string();
                if self.stage == Some(*s) {
                    quoted(&name)
                } else {
                    let stage = self.target(Target::Stage(*s));
                    t(
                        format!("{}的“{name}”", stage.zh),
                        format!("“{name}” of {}", stage.en),
                    )
                }
            }
            TExprKind::Param(p) => self.param(p.0),
            TExprKind::Position(p) => {
                let name = self.proc.positions.get(p.0).map(|x| x.name.name.as_str());
                quoted(name.unwrap_or("?"))
            }
            TExprKind::Var { id, .. } => self.var(*id),
            TExprKind::ElemField { elem, coll, field } => {
                if self.binders.iter().any(|(v, ..)| v == elem) {
                    let base = self.var(*elem);
                    return of_field(&base, *coll, *field);
                }
                let f = coll.fields().find(|d| d.field == *field);
                let (zh, en) = f.map_or(("?", "?"), |d| (d.zh, d.en));
                t(format!("其{zh}"), format!("its {en}"))
            }
            TExprKind::Field { base, coll, field } => {
                let base = self.val(base);
                of_field(&base, *coll, *field)
            }
            TExprKind::EnumValue(v) => enum_value(*v),
            TExprKind::Votes => t("得票", "the candidate's vote count"),
            TExprKind::Neg(x) => {
                let x = self.val(x);
                t(format!("负{}", x.zh), format!("minus {}", x.en))
            }
            TExprKind::Binary(op, a, b) => self.arith(*op, a, b),
            TExprKind::Of { fraction: f, whole } => {
                let (f, w) = (self.val(f), self.val(whole));
                t(
                    format!("{}的{}", w.zh, f.zh),
                    format!("{} of {}", f.en, w.en),
                )
            }
            TExprKind::Call { func, args } => self.call(*func, args),
            TExprKind::StageCall { func, target, .. } => match func {
                Builtin::Date => {
                    let s = self.target(*target);
                    t(format!("{}之日", s.zh), format!("the day of {}", s.en))
                }
                _ => self.cond(e, false),
            },
            TExprKind::Count { coll, elem, filter } => {
                if let Some(holder) = proxies_held(self, e) {
                    return t(
                        format!("{}接受的委托数", holder.zh),
                        format!("the number of proxies {} holds", holder.en),
                    );
                }
                Np::new(self, *coll, *elem, filter.as_deref()).count()
            }
            TExprKind::Compare(..) | TExprKind::Not(_) | TExprKind::Quant { .. } => {
                self.cond(e, false)
            }
            TExprKind::Error => same("?"),
        }
    }

    fn fact_name(&self, i: usize) -> &str {
        self.proc
            .facts
            .get(i)
            .map(|f| f.name.name.as_str())
            .unwrap_or("?")
    }

    /// A parameter with its default: “委托上限”（默认为 5）.
    fn param(&self, i: usize) -> Text {
        let Some(p) = self.proc.params.get(i) else {
            return same("?");
        };
        let name = &p.name.name;
        match &p.value {
            Some(v) => {
                let v = value(v);
                let (zh, en) = value_is(p);
                t(
                    format!("“{name}”（{zh}{}）", v.zh),
                    format!("“{name}” ({en} {})", v.en),
                )
            }
            None => quoted(name),
        }
    }

    fn arith(&mut self, op: BinOp, a: &TExpr, b: &TExpr) -> Text {
        if matches!(op, BinOp::And | BinOp::Or) {
            return self.cond_binary(op, a, b, false);
        }
        // `X + ceil(r of X)`: X plus r of it, rounded up.
        if let (
            BinOp::Add,
            TExprKind::Call {
                func: Builtin::Ceil,
                args,
            },
        ) = (op, &b.kind)
        {
            if let Some(TExprKind::Of { fraction, whole }) = args.first().map(|x| &x.kind) {
                if same_expr(whole, a) {
                    let (x, f) = (self.operand(a), self.val(fraction));
                    return t(
                        format!("{}加上其{}，并向上取整", x.zh, f.zh),
                        format!("{} plus {} of it, rounded up", x.en, f.en),
                    );
                }
            }
        }
        let (x, y) = (self.operand(a), self.operand(b));
        // A date shifted by days: "“投票选举”之日的 3 日前" / "3 days before …".
        if a.ty == Type::Date && matches!(op, BinOp::Add | BinOp::Sub) {
            let (zh, en) = if op == BinOp::Sub {
                ("前", "before")
            } else {
                ("后", "after")
            };
            return t(
                format!("{}的 {} 日{zh}（两个日期相减计）", x.zh, y.zh),
                format!("{} days {en} {} (by subtracting the dates)", y.en, x.en),
            );
        }
        let (zh, en) = match op {
            BinOp::Add => ("加", "plus"),
            BinOp::Sub => ("减", "minus"),
            BinOp::Mul => ("乘以", "times"),
            _ => ("除以", "divided by"),
        };
        t(
            format!("{}{zh}{}", x.zh, y.zh),
            format!("{} {en} {}", x.en, y.en),
        )
    }

    /// An operand of arithmetic, in brackets when it is arithmetic itself.
    fn operand(&mut self, e: &TExpr) -> Text {
        let v = self.val(e);
        match e.kind {
            TExprKind::Binary(..) => t(format!("（{}）", v.zh), format!("({})", v.en)),
            _ => v,
        }
    }

    fn call(&mut self, func: Builtin, args: &[TExpr]) -> Text {
        let v: Vec<Text> = args.iter().map(|a| self.val(a)).collect();
        let arg = |i: usize| v.get(i).cloned().unwrap_or_else(|| same("?"));
        let (a, b) = (arg(0), arg(1));
        match func {
            Builtin::Seats => t(format!("{}的名额", a.zh), format!("the seats of {}", a.en)),
            Builtin::Age => t(
                format!("{}在{}的周岁年龄", a.zh, b.zh),
                format!("the age of {} on {}", a.en, b.en),
            ),
            Builtin::Ceil => t(
                format!("{}（向上取整）", a.zh),
                format!("{}, rounded up", a.en),
            ),
            Builtin::Floor => t(
                format!("{}（向下取整）", a.zh),
                format!("{}, rounded down", a.en),
            ),
            Builtin::Min => t(
                format!("{}与{}中较小者", a.zh, b.zh),
                format!("the smaller of {} and {}", a.en, b.en),
            ),
            Builtin::Max => t(
                format!("{}与{}中较大者", a.zh, b.zh),
                format!("the larger of {} and {}", a.en, b.en),
            ),
            _ => same("?"),
        }
    }

    /// A condition as a sentence; `modal` says it as an obligation.
    pub fn cond(&mut self, e: &TExpr, modal: bool) -> Text {
        if let Some(text) = super::shapes::special(self, e, modal) {
            return text;
        }
        match &e.kind {
            TExprKind::Bool(true) => t("总是成立", "always holds"),
            TExprKind::Bool(false) => t("从不成立", "never holds"),
            TExprKind::Not(x) => self.negated(x, modal),
            TExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                self.cond_binary(*op, a, b, modal)
            }
            TExprKind::Compare(c, a, b) => self.compare(*c, a, b, modal),
            TExprKind::Quant {
                quantifier,
                var,
                filter,
                body,
            } => {
                let coll = var.coll.unwrap_or(Coll::Candidates);
                let named = self.binders.iter().any(|(_, c, _)| *c == coll)
                    || binds(body, coll)
                    || filter.as_deref().is_some_and(|f| binds(f, coll));
                self.bind(var.id, coll, &var.name);
                let np = Np::new(self, coll, var.id, filter.as_deref());
                let all = *quantifier == Quantifier::All;
                let body = self.cond(body, modal && all);
                self.binders.pop();
                let rest = np.rest_text();
                let one = if named { np.named(&var.name) } else { np.one() };
                match (all, modal) {
                    (true, _) => t(
                        format!("对每个{}{}：{}", one.zh, rest.zh, body.zh),
                        format!("for every {}{}: {}", one.en, rest.en, body.en),
                    ),
                    (false, false) => t(
                        format!("至少有一个{}{}满足：{}", one.zh, rest.zh, body.zh),
                        format!(
                            "there is at least one {}{} such that {}",
                            one.en, rest.en, body.en
                        ),
                    ),
                    (false, true) => t(
                        format!("必须至少有一个{}{}满足：{}", one.zh, rest.zh, body.zh),
                        format!(
                            "there must be at least one {}{} such that {}",
                            one.en, rest.en, body.en
                        ),
                    ),
                }
            }
            TExprKind::StageCall { func, target, .. } => self.stage_call(*func, *target, false),
            TExprKind::ElemField { field, .. } | TExprKind::Field { field, .. }
                if predicate(*field).is_some() =>
            {
                self.holds(e, *field, false, modal)
            }
            _ => {
                // A yes/no fact or parameter.
                let v = self.val(e);
                let (zh, en) = if modal {
                    ("必须为", "must be")
                } else {
                    ("为", "is")
                };
                t(format!("{}{zh}“是”", v.zh), format!("{} {en} yes", v.en))
            }
        }
    }

    /// `not x`.
    fn negated(&mut self, x: &TExpr, modal: bool) -> Text {
        match &x.kind {
            TExprKind::Compare(c, a, b) => match c.negated() {
                Some(n) => self.compare(n, a, b, modal),
                None => {
                    let (a, b) = (self.val(a), self.val(b));
                    let (zh, en) = if modal {
                        ("不得超过", "must not be more than")
                    } else {
                        ("不超过", "is not more than")
                    };
                    t(
                        format!("{}{zh}{}的一半", a.zh, b.zh),
                        format!("{} {en} half of {}", a.en, b.en),
                    )
                }
            },
            TExprKind::Quant {
                quantifier: Quantifier::Any,
                var,
                filter,
                body,
            } => {
                let coll = var.coll.unwrap_or(Coll::Candidates);
                let named = self.binders.iter().any(|(_, c, _)| *c == coll)
                    || binds(body, coll)
                    || filter.as_deref().is_some_and(|f| binds(f, coll));
                self.bind(var.id, coll, &var.name);
                let np = Np::new(self, coll, var.id, filter.as_deref());
                let body = self.cond(body, false);
                self.binders.pop();
                let rest = np.rest_text();
                let one = if named { np.named(&var.name) } else { np.one() };
                let (zh, en) = if modal {
                    ("不得有任何", "there must be no")
                } else {
                    ("没有任何", "there is no")
                };
                t(
                    format!("{zh}{}{}满足：{}", one.zh, rest.zh, body.zh),
                    format!("{en} {}{} such that {}", one.en, rest.en, body.en),
                )
            }
            TExprKind::StageCall { func, target, .. } => self.stage_call(*func, *target, true),
            TExprKind::ElemField { field, .. } | TExprKind::Field { field, .. }
                if predicate(*field).is_some() =>
            {
                self.holds(x, *field, true, false)
            }
            TExprKind::Fact(_) | TExprKind::StageFact(..) | TExprKind::Param(_) => {
                let v = self.val(x);
                t(format!("{}为“否”", v.zh), format!("{} is no", v.en))
            }
            _ => {
                let inner = self.cond(x, false);
                t(
                    format!("并非“{}”", inner.zh),
                    format!("it is not the case that {}", inner.en),
                )
            }
        }
    }

    /// A yes/no field of an element: “该候选人经批准” / “that candidate is
    /// approved”.
    fn holds(&mut self, e: &TExpr, field: Field, negated: bool, modal: bool) -> Text {
        let subject = match &e.kind {
            TExprKind::Field { base, .. } => self.val(base),
            TExprKind::ElemField { elem, .. } if self.binders.iter().any(|(v, ..)| v == elem) => {
                self.var(*elem)
            }
            _ => t("其", "it"),
        };
        let [yes, no] = predicate(field).unwrap_or([("?", "?"), ("?", "?")]);
        let (zh, en) = if negated { no } else { yes };
        if modal {
            let en = en
                .strip_prefix("is ")
                .map(|r| format!("must be {r}"))
                .or_else(|| en.strip_prefix("has ").map(|r| format!("must have {r}")))
                .unwrap_or_else(|| format!("must satisfy: {en}"));
            return t(
                format!("{}必须{zh}", subject.zh),
                format!("{} {en}", subject.en),
            );
        }
        t(
            format!("{}{zh}", subject.zh),
            format!("{} {en}", subject.en),
        )
    }

    /// `happened(S)`, `shortfall(S)`, `tie(S)` (and their negation).
    fn stage_call(&mut self, func: Builtin, target: Target, negated: bool) -> Text {
        let s = self.target(target);
        let title = match target {
            Target::Stage(StageId(i)) => self.proc.stages.get(i).and_then(|x| x.title.clone()),
            Target::Phase(p) => self.proc.phases.get(p.0).and_then(|x| x.title.clone()),
        };
        match (func, negated) {
            (Builtin::Happened, false) => match title {
                Some(title) => t(
                    format!("已{title}（{}）", s.zh),
                    format!("{} has taken place", s.en),
                ),
                None => t(
                    format!("已进行{}", s.zh),
                    format!("{} has taken place", s.en),
                ),
            },
            (Builtin::Happened, true) => t(
                format!("未进行{}", s.zh),
                format!("{} has not taken place", s.en),
            ),
            (Builtin::Shortfall, false) => t(
                format!("{}出现缺额", s.zh),
                format!("{} left seats unfilled", s.en),
            ),
            (Builtin::Shortfall, true) => t(
                format!("{}没有缺额", s.zh),
                format!("{} filled every seat", s.en),
            ),
            (Builtin::Tie, false) => t(
                format!("{}出现平票", s.zh),
                format!("{} ended in a tie for the last seat", s.en),
            ),
            (Builtin::Tie, true) => t(
                format!("{}没有平票", s.zh),
                format!("{} ended without a tie", s.en),
            ),
            _ => s,
        }
    }

    /// `a and b`, `a or b`, flattened; a group of the other kind inside is
    /// bracketed.
    fn cond_binary(&mut self, op: BinOp, a: &TExpr, b: &TExpr, modal: bool) -> Text {
        let both = TExpr::new(
            TExprKind::Binary(op, Box::new(a.clone()), Box::new(b.clone())),
            Type::Bool,
            a.span,
        );
        let parts = if op == BinOp::And {
            conjuncts(&both)
        } else {
            disjuncts(&both)
        };
        // Each part of `and` is an obligation of its own; `or` is one
        // obligation: that one of its parts holds.
        let part_modal = modal && op == BinOp::And;
        let texts: Vec<Text> = parts
            .iter()
            .map(|p| {
                let group = matches!(p.kind, TExprKind::Binary(BinOp::And | BinOp::Or, ..));
                let c = self.cond(p, part_modal && !group);
                match p.kind {
                    TExprKind::Binary(BinOp::And | BinOp::Or, ..) => {
                        t(format!("（{}）", c.zh), format!("({})", c.en))
                    }
                    _ => c,
                }
            })
            .collect();
        let (zh, en, head) = match (op, modal) {
            (BinOp::And, _) => ("，并且", ", and ", t("", "")),
            (_, false) => ("，或者", ", or ", t("", "")),
            (_, true) => (
                "；或者",
                "; or ",
                t("须满足下列条件之一：", "one of these must hold: "),
            ),
        };
        let zh_parts: Vec<&str> = texts.iter().map(|x| x.zh.as_str()).collect();
        let en_parts: Vec<&str> = texts.iter().map(|x| x.en.as_str()).collect();
        t(
            format!("{}{}", head.zh, zh_parts.join(zh)),
            format!("{}{}", head.en, en_parts.join(en)),
        )
    }

    /// `a c b` in words.
    pub fn compare(&mut self, c: Comparison, a: &TExpr, b: &TExpr, modal: bool) -> Text {
        // `x = A or x = B or …` is handled by the caller; here one pair.
        let (x, y) = (self.val(a), self.val(b));
        let dates = a.ty == Type::Date || b.ty == Type::Date;
        let numbers = a.ty.is_numeric() || a.ty == Type::Days;
        let (zh, en) = words(c, dates, numbers);
        let (mzh, men) = match (modal, c) {
            (true, Comparison::Ne) => ("不得", "must not be"),
            (true, _) => ("必须", "must be"),
            (false, Comparison::Ne) => ("", "is not"),
            (false, _) => ("", "is"),
        };
        let zh = if modal && c == Comparison::Ne {
            format!("{}不得等于{}", x.zh, y.zh)
        } else {
            format!("{}{mzh}{zh}{}", x.zh, y.zh)
        };
        let en = match c {
            Comparison::Majority => format!("{} {men} more than half of {}", x.en, y.en),
            _ if en.is_empty() => format!("{} {men} {}", x.en, y.en),
            _ => format!("{} {men} {en} {}", x.en, y.en),
        };
        let zh = match c {
            Comparison::Majority => format!("{}{mzh}超过{}的一半", x.zh, y.zh),
            _ => zh,
        };
        t(zh, en)
    }

    /// `x = A or x = B or …` with the same left side, as “x 为 A、B 或 C”.
    pub fn one_of(&mut self, e: &TExpr, modal: bool) -> Option<Text> {
        let parts = disjuncts(e);
        if parts.len() < 2 {
            return None;
        }
        let mut left: Option<&TExpr> = None;
        let mut values = Vec::new();
        for p in &parts {
            let TExprKind::Compare(Comparison::Eq, a, b) = &p.kind else {
                return None;
            };
            if left.is_some_and(|l| !same_expr(l, a)) {
                return None;
            }
            left = Some(a);
            values.push(self.val(b));
        }
        let x = self.val(left?);
        let v = either(&values);
        let (zh, en) = if modal {
            ("必须为", "must be")
        } else {
            ("为", "is")
        };
        Some(t(
            format!("{}{zh}{}之一", x.zh, v.zh),
            format!("{} {en} one of {}", x.en, v.en),
        ))
    }
}

/// “the seats of that position”, “该候选人的职务”.
fn of_field(base: &Text, coll: Coll, field: Field) -> Text {
    let f = coll.fields().find(|d| d.field == field);
    let (zh, en) = f.map_or(("?", "?"), |d| (d.zh, d.en));
    let en = en.replace('_', " ");
    t(
        format!("{}的{zh}", base.zh),
        format!("the {en} of {}", base.en),
    )
}

fn enum_value(v: crate::resolve::EnumValue) -> Text {
    use crate::resolve::EnumValue as E;
    match v {
        E::Male => t("男", "male"),
        E::Female => t("女", "female"),
        E::Preliminary => t("初步", "preliminary"),
        E::Formal => t("正式", "formal"),
    }
}

/// The comparative in words: (zh, en).
fn words(c: Comparison, dates: bool, numbers: bool) -> (&'static str, &'static str) {
    match (c, dates) {
        (Comparison::Gt, true) => ("晚于", "later than"),
        (Comparison::Ge, true) => ("不早于", "no earlier than"),
        (Comparison::Lt, true) => ("早于", "earlier than"),
        (Comparison::Le, true) => ("不晚于", "no later than"),
        (Comparison::Gt, false) => ("超过", "more than"),
        (Comparison::Ge, false) => ("不少于", "at least"),
        (Comparison::Lt, false) => ("少于", "less than"),
        (Comparison::Le, false) => ("不超过", "at most"),
        (Comparison::Eq, _) if numbers => ("等于", "equal to"),
        (Comparison::Eq, _) => ("为", ""),
        (Comparison::Ne, _) => ("不等于", ""),
        (Comparison::Majority, _) => ("超过", "more than half of"),
    }
}
