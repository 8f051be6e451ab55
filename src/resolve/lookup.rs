//! Names inside expressions: variables, fields of the element in scope,
//! stage facts, the procedure's declarations and enumeration values, looked
//! up from the inside out (see `expr.rs`).

use super::expr::{article, Checker, Frame};
use super::msg;
use super::program::{FactScope, TExpr, TExprKind, VarId};
use super::scope::Decl;
use super::types::{Coll, EnumValue, FieldDef, Type};
use crate::ast::{self, ExprKind};
use crate::diag::{did_you_mean, Text};
use crate::span::Span;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

impl Checker<'_, '_> {
    /// Reports a quantifier variable that reuses a name in scope.
    pub(super) fn check_fresh(&mut self, var: &ast::Ident) {
        let name = var.name.as_str();
        let mut first: Option<Option<Span>> = None;
        for f in self.frames.iter().rev() {
            match f {
                Frame::Var { name: n, span, .. } if n == name => first = Some(Some(*span)),
                Frame::Elem { coll, .. } if coll.field(name).is_some() => first = Some(None),
                _ => continue,
            }
            break;
        }
        if first.is_none() {
            if let Some(f) = self.stage.and_then(|s| self.scope.stage_fact(s, name)) {
                first = Some(self.scope.facts.get(f.0).map(|i| i.name.span));
            } else if let Some((_, span)) = self.scope.names.get(name) {
                first = Some(Some(*span));
            }
        }
        if let Some(first) = first {
            let help = t("请为该变量另取一个名称", "give the variable another name");
            self.diags.push(msg::duplicate(name, var.span, first, help));
        }
    }

    /// Whether a bare name would resolve to a variable, a field in scope or
    /// a stage-local fact (which hide the procedure's names).
    fn shadowed(&self, name: &str) -> bool {
        self.frames.iter().any(|f| match f {
            Frame::Var { name: n, .. } => n == name,
            Frame::Elem { coll, .. } => coll.field(name).is_some(),
        }) || self
            .stage
            .and_then(|s| self.scope.stage_fact(s, name))
            .is_some()
    }

    pub(super) fn name(&mut self, id: &ast::Ident) -> TExpr {
        let (name, span) = (id.name.as_str(), id.span);
        for f in self.frames.iter().rev() {
            match f {
                Frame::Var {
                    id: v,
                    name: n,
                    coll,
                    ..
                } if n == name => {
                    let kind = TExprKind::Var {
                        id: *v,
                        name: n.clone(),
                    };
                    return TExpr::new(kind, coll.map(Type::Elem).unwrap_or(Type::Error), span);
                }
                Frame::Elem { id: v, coll } => {
                    if let Some(fd) = coll.field(name) {
                        let kind = TExprKind::ElemField {
                            elem: *v,
                            coll: *coll,
                            field: fd.field,
                        };
                        return TExpr::new(kind, fd.ty, span);
                    }
                }
                Frame::Var { .. } => {}
            }
        }
        if let Some(s) = self.stage {
            if let Some(f) = self.scope.stage_fact(s, name) {
                let ty = self
                    .scope
                    .facts
                    .get(f.0)
                    .map(|i| i.ty)
                    .unwrap_or(Type::Error);
                return TExpr::new(TExprKind::StageFact(s, f), ty, span);
            }
        }
        let decl = self.scope.names.get(name).map(|(d, _)| *d);
        if let (None, Some((elem, fd))) = (decl, self.elect_field(name)) {
            let kind = TExprKind::ElemField {
                elem,
                coll: Coll::Candidates,
                field: fd.field,
            };
            return TExpr::new(kind, fd.ty, span);
        }
        match decl {
            Some(Decl::Fact(f)) => {
                let Some(info) = self.scope.facts.get(f.0) else {
                    return TExpr::error(span);
                };
                match info.scope {
                    FactScope::Procedure if self.constant => self.nonconst(
                        span,
                        t(
                            format!("`{name}` 是事实，不是常量"),
                            format!("`{name}` is a fact, not a constant"),
                        ),
                    ),
                    FactScope::Procedure => TExpr::new(TExprKind::Fact(f), info.ty, span),
                    FactScope::Stage(s) => {
                        let stage = self.scope.stage_name(s);
                        self.diags.push(msg::stage_fact_unqualified(id, stage));
                        TExpr::error(span)
                    }
                }
            }
            Some(Decl::Param(p)) => TExpr::new(TExprKind::Param(p), self.scope.param_type(p), span),
            Some(Decl::Position(_)) if self.constant => self.nonconst(
                span,
                t(
                    format!("`{name}` 是职务，不是常量"),
                    format!("`{name}` is a position, not a constant"),
                ),
            ),
            Some(Decl::Position(p)) => {
                TExpr::new(TExprKind::Position(p), Type::Elem(Coll::Positions), span)
            }
            Some(Decl::Stage(_)) => {
                let help = t(
                    format!("要判断阶段是否进行，请写 `已进行({name})`；要取其日期，请写 `日期({name})`"),
                    format!("write `happened({name})` or `date({name})`"),
                );
                self.diags
                    .push(msg::not_a_value(id, t("阶段", "stage"), help));
                TExpr::error(span)
            }
            Some(Decl::Phase(_)) => {
                let help = t(
                    format!("请写 `已进行({name})` 或 `日期({name})`"),
                    format!("write `happened({name})` or `date({name})`"),
                );
                self.diags
                    .push(msg::not_a_value(id, t("环节", "phase"), help));
                TExpr::error(span)
            }
            Some(Decl::Namespace(_)) => {
                self.diags.push(super::include::alias_not_a_value(id));
                TExpr::error(span)
            }
            None if self.scope.silent(name) => TExpr::error(span),
            None => match EnumValue::lookup(name) {
                Some(v) => TExpr::new(TExprKind::EnumValue(v), Type::Enum(v.kind()), span),
                None => {
                    let known = self.names_in_scope();
                    let s = did_you_mean(name, known.iter().map(String::as_str));
                    let element = self.frames.iter().rev().find_map(|f| match f {
                        Frame::Elem { coll, .. } => Some((
                            t(coll.element_zh(), article(coll.element_en())),
                            coll.field_list(),
                        )),
                        Frame::Var { .. } => None,
                    });
                    let element = element.or_else(|| {
                        let c = Coll::Candidates;
                        self.elect
                            .map(|_| (t(c.element_zh(), article(c.element_en())), c.field_list()))
                    });
                    self.diags.push(msg::undefined_with(id, s, element));
                    TExpr::error(span)
                }
            },
        }
    }

    /// Every name an expression here could use (for "did you mean").
    fn names_in_scope(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for f in &self.frames {
            match f {
                Frame::Var { name, .. } => names.push(name.clone()),
                Frame::Elem { coll, .. } => {
                    names.extend(
                        coll.fields()
                            .flat_map(|fd| [fd.en.to_string(), fd.zh.to_string()]),
                    );
                }
            }
        }
        if self.elect.is_some() {
            let fields = Coll::Candidates.fields();
            names.extend(fields.flat_map(|fd| [fd.en.to_string(), fd.zh.to_string()]));
        }
        if let Some(s) = self.stage {
            names.extend(
                self.scope
                    .stage_fact_names(s)
                    .into_iter()
                    .map(str::to_string),
            );
        }
        for info in &self.scope.facts {
            match info.scope {
                FactScope::Procedure => names.push(info.name.name.clone()),
                FactScope::Stage(s) => {
                    names.push(format!("{}.{}", self.scope.stage_name(s), info.name.name));
                }
            }
        }
        names.extend(self.scope.param_names().into_iter().map(str::to_string));
        names.extend(self.scope.position_names().into_iter().map(str::to_string));
        names.extend(EnumValue::all_names().map(str::to_string));
        names.sort();
        names.dedup();
        names
    }

    /// The name `e` spells when it is a name, or a chain of fields that
    /// starts at the namespace of an include (`居委会.投票选举`), unless a
    /// variable or field in scope hides its first name.
    pub(super) fn qualified(&self, e: &ast::Expr) -> Option<ast::Ident> {
        match &e.kind {
            ExprKind::Name(b) if !self.shadowed(&b.name) => Some(b.clone()),
            ExprKind::Field(inner, f) => {
                let q = self.qualified(inner)?;
                self.scope.is_namespace(&q.name).then(|| ast::Ident {
                    name: format!("{}.{}", q.name, f.name),
                    span: q.span.to(f.span),
                })
            }
            _ => None,
        }
    }

    pub(super) fn field(&mut self, base: &ast::Expr, f: &ast::Ident) -> TExpr {
        let span = base.span.to(f.span);
        if let Some(b) = self.qualified(base) {
            if self.scope.is_namespace(&b.name) {
                // `NS.NAME`: a name of an included procedure.
                let id = ast::Ident {
                    name: format!("{}.{}", b.name, f.name),
                    span,
                };
                return self.name(&id);
            }
            match self.scope.names.get(b.name.as_str()).map(|(d, _)| *d) {
                Some(Decl::Stage(s)) => {
                    if self.constant {
                        return self.nonconst(
                            span,
                            t("阶段的事实不是常量", "a stage's fact is not a constant"),
                        );
                    }
                    return match self.scope.stage_fact(s, &f.name) {
                        Some(fid) => {
                            let ty = self
                                .scope
                                .facts
                                .get(fid.0)
                                .map(|i| i.ty)
                                .unwrap_or(Type::Error);
                            TExpr::new(TExprKind::StageFact(s, fid), ty, span)
                        }
                        None => {
                            let known = self.scope.stage_fact_names(s);
                            let sugg = did_you_mean(&f.name, known.iter().copied());
                            let list: Vec<String> =
                                known.iter().map(|n| format!("`{n}`")).collect();
                            let owner =
                                t(format!("阶段 `{}` ", b.name), format!("stage `{}`", b.name));
                            let fields = t(list.join("、"), list.join(", "));
                            self.diags.push(msg::unknown_field(f, owner, sugg, fields));
                            TExpr::error(span)
                        }
                    };
                }
                Some(Decl::Phase(_)) => {
                    let owner = t(format!("环节 `{}` ", b.name), format!("phase `{}`", b.name));
                    self.diags
                        .push(msg::unknown_field(f, owner, None, t("", "")));
                    return TExpr::error(span);
                }
                _ => {}
            }
        }
        let b = self.expr(base);
        match b.ty {
            Type::Elem(coll) => match coll.field(&f.name) {
                Some(fd) => {
                    let kind = TExprKind::Field {
                        base: Box::new(b),
                        coll,
                        field: fd.field,
                    };
                    TExpr::new(kind, fd.ty, span)
                }
                None => {
                    let names = coll.fields().flat_map(|fd| [fd.en, fd.zh]);
                    let sugg = did_you_mean(&f.name, names);
                    let owner = t(coll.element_zh(), article(coll.element_en()));
                    self.diags
                        .push(msg::unknown_field(f, owner, sugg, coll.field_list()));
                    TExpr::error(span)
                }
            },
            Type::Error => TExpr::error(span),
            other => {
                let d = other.describe();
                let owner = t(
                    format!("类型为{}的值", d.zh),
                    format!("a value of type {}", d.en),
                );
                self.diags
                    .push(msg::unknown_field(f, owner, None, t("", "")));
                TExpr::error(span)
            }
        }
    }

    /// The field `name` of the candidate of the `elect` rule being checked.
    fn elect_field(&self, name: &str) -> Option<(VarId, &'static FieldDef)> {
        Some((self.elect?, Coll::Candidates.field(name)?))
    }
}
