//! Calls of the built-in functions.

use super::expr::{coerce, Checker};
use super::msg;
use super::program::{TExpr, TExprKind, Target};
use super::scope::Decl;
use super::types::{Builtin, Coll, Type};
use crate::ast::{self, ExprKind};
use crate::diag::{did_you_mean, Text};
use crate::span::Span;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// How the function is called, for help texts.
fn usage(b: Builtin) -> Text {
    let (zh, en) = match b {
        Builtin::Seats => ("`名额(职务)`", "`seats(position)`"),
        Builtin::Happened => ("`已进行(阶段)`", "`happened(stage)`"),
        Builtin::Shortfall => ("`缺额(阶段)`", "`shortfall(stage)`"),
        Builtin::Tie => ("`平票(阶段)`", "`tie(stage)`"),
        Builtin::Date => ("`日期(阶段)`", "`date(stage)`"),
        Builtin::Age => ("`年龄(人员, 于: 日期)`", "`age(person, on: date)`"),
        Builtin::Ceil => ("`向上取整(数值)`", "`ceil(number)`"),
        Builtin::Floor => ("`向下取整(数值)`", "`floor(number)`"),
        Builtin::Min => ("`最小(甲, 乙)`", "`min(a, b)`"),
        Builtin::Max => ("`最大(甲, 乙)`", "`max(a, b)`"),
    };
    t(format!("用法：{zh}"), format!("usage: {en}"))
}

impl Checker<'_, '_> {
    pub(super) fn call(&mut self, func: &ast::Ident, args: &[ast::Arg], span: Span) -> TExpr {
        let Some(b) = Builtin::lookup(&func.name) else {
            let s = did_you_mean(&func.name, Builtin::all_names());
            self.diags.push(msg::unknown_function(func, s));
            return TExpr::error(span);
        };
        let fname = func.name.as_str();
        if self.constant
            && !matches!(
                b,
                Builtin::Ceil | Builtin::Floor | Builtin::Min | Builtin::Max
            )
        {
            let what = t(
                format!("函数 `{fname}` 的结果不是常量"),
                format!("`{fname}` is not a constant"),
            );
            return self.nonconst(func.span, what);
        }
        let mut ok = true;
        for (i, a) in args.iter().enumerate() {
            if let Some(l) = &a.label {
                if !(b == Builtin::Age && i == 1 && (l.name == "on" || l.name == "于")) {
                    let problem = t(
                        format!("标签 `{}` 有误", l.name),
                        format!("unexpected label `{}`", l.name),
                    );
                    self.diags
                        .push(msg::bad_arguments(l.span, fname, problem, usage(b)));
                    ok = false;
                }
            }
        }
        if args.len() != b.arity() {
            let n = b.arity();
            let problem = t(
                format!("应有 {n} 个参数，实际为 {} 个", args.len()),
                format!(
                    "takes {n} argument{}, found {}",
                    if n == 1 { "" } else { "s" },
                    args.len()
                ),
            );
            self.diags
                .push(msg::bad_arguments(span, fname, problem, usage(b)));
            return TExpr::error(span);
        }
        if !ok {
            return TExpr::error(span);
        }
        if b.takes_stage() {
            return self.stage_call(b, fname, args, span);
        }
        let mut vals: Vec<TExpr> = args.iter().map(|a| self.expr(&a.value)).collect();
        let ty = match self.value_call(b, fname, &mut vals, span) {
            Some(ty) => ty,
            None => return TExpr::error(span),
        };
        TExpr::new(
            TExprKind::Call {
                func: b,
                args: vals,
            },
            ty,
            span,
        )
    }

    /// Reports an argument of the wrong type; `None` for the caller to bail out.
    fn wrong(&mut self, arg: &TExpr, fname: &str, b: Builtin, expected: Text) -> Option<Type> {
        let f = arg.ty.describe();
        let problem = t(
            format!("应为{}，实际为{}", expected.zh, f.zh),
            format!("expected {}, found {}", expected.en, f.en),
        );
        self.diags
            .push(msg::bad_arguments(arg.span, fname, problem, usage(b)));
        None
    }

    /// Checks the arguments of a function over values; returns its type.
    fn value_call(
        &mut self,
        b: Builtin,
        fname: &str,
        vals: &mut [TExpr],
        span: Span,
    ) -> Option<Type> {
        match (b, vals) {
            (Builtin::Seats, [p]) => match p.ty {
                Type::Elem(Coll::Positions) | Type::Error => Some(Type::Count),
                _ => self.wrong(p, fname, b, t("职务", "a position")),
            },
            (Builtin::Age, [person, on]) => {
                let person_ok = matches!(
                    person.ty,
                    Type::Elem(Coll::Candidates | Coll::Voters | Coll::Winners) | Type::Error
                );
                let on_ok = matches!(on.ty, Type::Date | Type::Error);
                if !person_ok {
                    self.wrong(
                        person,
                        fname,
                        b,
                        t("候选人、选民或当选人", "a candidate, voter or winner"),
                    );
                }
                if !on_ok {
                    self.wrong(on, fname, b, t("日期", "a date"));
                }
                (person_ok && on_ok).then_some(Type::Count)
            }
            (Builtin::Ceil | Builtin::Floor, [x]) => {
                if x.ty.is_numeric() || x.ty == Type::Error {
                    coerce(x, Type::Count);
                    Some(Type::Count)
                } else {
                    self.wrong(x, fname, b, t("数值", "a number"))
                }
            }
            (Builtin::Min | Builtin::Max, [x, y]) => {
                let ty = unify(x, y);
                if ty.is_none() {
                    let (a, c) = (x.ty.describe(), y.ty.describe());
                    let problem = t(
                        format!("{}与{}无法比较大小", a.zh, c.zh),
                        format!("cannot compare {} with {}", a.en, c.en),
                    );
                    self.diags
                        .push(msg::bad_arguments(span, fname, problem, usage(b)));
                }
                ty
            }
            _ => None,
        }
    }

    /// `happened(S)`, `date(S)`, `shortfall(S)`, `tie(S)`.
    fn stage_call(&mut self, b: Builtin, fname: &str, args: &[ast::Arg], span: Span) -> TExpr {
        let Some(arg) = args.first() else {
            return TExpr::error(span);
        };
        let id = match &arg.value.kind {
            ExprKind::Name(id) => Some(id.clone()),
            ExprKind::Field(..) => self.qualified(&arg.value),
            _ => None,
        };
        let Some(id) = id else {
            let problem = t("此处应为阶段名称", "expected the name of a stage");
            self.diags
                .push(msg::bad_arguments(arg.value.span, fname, problem, usage(b)));
            return TExpr::error(span);
        };
        let id = &id;
        let target = match self.scope.names.get(id.name.as_str()).map(|(d, _)| *d) {
            Some(Decl::Stage(s)) => Target::Stage(s),
            Some(Decl::Phase(p)) => Target::Phase(p),
            _ if self.scope.silent(&id.name) => return TExpr::error(span),
            _ => {
                let known = self.scope.stage_and_phase_names();
                let s = did_you_mean(&id.name, known.iter().copied());
                self.diags.push(msg::unknown_stage(id, s));
                return TExpr::error(span);
            }
        };
        if matches!(b, Builtin::Shortfall | Builtin::Tie) {
            let has_elect = match target {
                Target::Stage(s) => self.scope.stages.get(s.0).is_some_and(|st| st.has_elect),
                Target::Phase(_) => false,
            };
            if !has_elect {
                let n = &id.name;
                let problem = match target {
                    Target::Phase(_) => t(
                        format!("`{n}` 是环节，不是阶段"),
                        format!("`{n}` is a phase, not a stage"),
                    ),
                    Target::Stage(_) => t(
                        format!("阶段 `{n}` 没有当选规则"),
                        format!("stage `{n}` has no elect rule"),
                    ),
                };
                let help = t(
                    format!("`{fname}` 只适用于含有 `当选` 规则的阶段"),
                    format!("`{fname}` applies to a stage with an `elect` rule"),
                );
                self.diags
                    .push(msg::bad_arguments(id.span, fname, problem, help));
                return TExpr::error(span);
            }
        }
        if let (Target::Stage(s), Some(w)) = (target, self.when_of) {
            if s == w {
                let name = self.scope.stage_name(s);
                self.diags.push(msg::self_reference_when(id.span, name));
                return TExpr::error(span);
            }
        }
        let ty = if b == Builtin::Date {
            Type::Date
        } else {
            Type::Bool
        };
        let kind = TExprKind::StageCall {
            func: b,
            target,
            target_span: id.span,
        };
        TExpr::new(kind, ty, span)
    }
}

/// The common type of the two arguments of `min` / `max`.
fn unify(x: &mut TExpr, y: &mut TExpr) -> Option<Type> {
    use Type::*;
    let ty = match (x.ty, y.ty) {
        (Error, _) | (_, Error) => return Some(Error),
        (Int, Int) => Int,
        (a, b) if a.is_countish() && b.is_countish() => Count,
        (Ratio, Ratio) => Ratio,
        (a, b) if a.is_numeric() && b.is_numeric() => {
            coerce(x, Count);
            coerce(y, Count);
            Number
        }
        (Days | Int, Days | Int) => Days,
        (Date, Date) => Date,
        _ => return None,
    };
    coerce(x, ty);
    coerce(y, ty);
    Some(ty)
}
