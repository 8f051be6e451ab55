//! pest pairs → AST for items, timing constraints, rules and plans.
//! Expressions are built in [`super::expr`].

use super::lexical::{self, LiteralError};
use super::Rule;
use crate::ast::*;
use crate::diag::{Code, Diagnostic, Text};
use crate::span::{FileId, Span};
use chrono::NaiveDate;
use pest::iterators::{Pair, Pairs};

/// Builds the AST of one file and collects literal errors on the way.
pub struct Builder {
    pub(super) file: FileId,
    pub(super) diags: Vec<Diagnostic>,
    /// How deep the expression being built is nested (quantifiers nest
    /// without brackets, so the prescan cannot bound them).
    pub(super) depth: usize,
}

type P<'i> = Pair<'i, Rule>;

impl Builder {
    pub fn new(file: FileId) -> Builder {
        Builder {
            file,
            diags: Vec::new(),
            depth: 0,
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    /// The one place a pest position becomes a [`Span`].
    ///
    /// pest leaves the whitespace it skipped before a missing optional part
    /// inside the pair; the span stops at the last character of the node.
    pub(super) fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        let len = pair.as_str().trim_end().len();
        Span::new(self.file, s.start(), s.start() + len)
    }

    pub fn file(&mut self, pairs: Pairs<Rule>) -> File {
        let mut items = Vec::new();
        let mut includes = Vec::new();
        let mut span = Span::Synthetic;
        for pair in pairs {
            if pair.as_rule() != Rule::file {
                continue;
            }
            span = self.span(&pair);
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::procedure => items.push(Item::Procedure(self.procedure(p))),
                    Rule::plan => items.push(Item::Plan(self.plan(p))),
                    Rule::file_include => includes.push(self.file_include(p)),
                    _ => {}
                }
            }
        }
        File {
            includes,
            items,
            span,
        }
    }

    /// `include "FILE.hj"` (a `file_include` pair).
    pub fn file_include(&self, pair: P) -> FileInclude {
        let span = self.span(&pair);
        let path = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .map_or_else(
                || Str {
                    value: String::new(),
                    span,
                },
                |p| self.string(p),
            );
        FileInclude { path, span }
    }

    pub(super) fn ident(&self, pair: P) -> Ident {
        // A `coll` or `arg_label` wraps one token: take its text all the same.
        Ident {
            span: self.span(&pair),
            name: pair.as_str().to_string(),
        }
    }

    fn string(&self, pair: P) -> Str {
        Str {
            span: self.span(&pair),
            value: lexical::string(pair.as_str()),
        }
    }

    pub(super) fn per_clause(&self, pair: P) -> Per {
        let span = self.span(&pair);
        let mut basis = None;
        let mut clause = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident | Rule::qname => basis = Some(self.ident(p)),
                Rule::string => clause = Some(self.string(p)),
                _ => {}
            }
        }
        Per {
            basis: basis.unwrap_or_else(|| synthetic_ident("")),
            clause: clause.unwrap_or(Str {
                value: String::new(),
                span: Span::Synthetic,
            }),
            span,
        }
    }

    pub(super) fn literal_error(&mut self, span: Span, err: LiteralError, text: &str) {
        let (code, zh, en, help_zh, help_en) = match err {
            LiteralError::TooLarge => (
                Code::NumberTooLarge,
                format!("数字 `{text}` 超出 64 位整数的范围"),
                format!("the number `{text}` does not fit in 64 bits"),
                "选举中的人数和天数远小于这个值；请检查是否多写了数字",
                "counts and days in an election are far smaller; check for extra digits",
            ),
            LiteralError::Malformed => (
                Code::InvalidNumeral,
                format!("中文数字 `{text}` 写法有误"),
                format!("the Chinese numeral `{text}` is malformed"),
                "按通常写法书写，如 `二十`、`一百二十`、`两千零五`，或改用阿拉伯数字",
                "write it the usual way (`二十`, `一百二十`, `两千零五`) or use Arabic digits",
            ),
            LiteralError::ZeroDenominator => (
                Code::ZeroDenominator,
                format!("分数 `{text}` 的分母为零"),
                format!("the fraction `{text}` has a zero denominator"),
                "分母必须大于零，如 `1/2` 或 `二分之一`",
                "the denominator must be positive, as in `1/2` or `二分之一`",
            ),
            LiteralError::YearOutOfRange => (
                Code::InvalidDate,
                format!("日期 `{text}` 的年份超出 1 至 9999 年的范围"),
                format!("the year of the date `{text}` is outside 1 to 9999"),
                "日期的年份须为四位数（1 至 9999 年）",
                "a date's year has four digits (1 to 9999)",
            ),
            LiteralError::NoSuchDate => (
                Code::InvalidDate,
                format!("日期 `{text}` 在日历上不存在"),
                format!("the date `{text}` is not on the calendar"),
                "检查月份和日期，例如二月最多 29 天",
                "check the month and day; February has at most 29 days",
            ),
        };
        self.diags.push(
            Diagnostic::error(code, Text::new(zh, en))
                .with_label(span, Text::new("这里", "here"))
                .with_help(Text::new(help_zh, help_en)),
        );
    }

    fn procedure(&mut self, pair: P) -> Procedure {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::include_decl => items.push(ProcItem::Include(self.include(p))),
                Rule::stage_ext | Rule::phase_ext => items.push(ProcItem::Extend(self.extend(p))),
                Rule::basis_decl => items.push(ProcItem::Basis(self.basis(p))),
                Rule::position_decl => items.push(ProcItem::Position(self.position(p))),
                Rule::fact_decl => items.push(ProcItem::Fact(self.fact(p))),
                Rule::param_decl => items.push(ProcItem::Param(self.param(p))),
                Rule::setting_decl => items.push(ProcItem::Setting(self.setting(p))),
                Rule::phase => items.push(ProcItem::Phase(self.phase(p))),
                Rule::stage => items.push(ProcItem::Stage(self.stage(p))),
                Rule::ruleset_decl => items.push(ProcItem::RuleSet(self.ruleset(p))),
                Rule::manual_item => items.extend(self.manual(p).map(ProcItem::Manual)),
                _ => {}
            }
        }
        Procedure {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            title,
            items,
            span,
        }
    }

    /// `manual "what" per B "clause"` (the grammar requires both parts).
    fn manual(&mut self, pair: P) -> Option<Manual> {
        let span = self.span(&pair);
        let mut what = None;
        let mut per = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => what = Some(self.string(p)),
                Rule::per => per = Some(self.per_clause(p)),
                _ => {}
            }
        }
        Some(Manual {
            what: what?,
            per: per?,
            span,
        })
    }

    fn ruleset(&mut self, pair: P) -> RuleSet {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut rules = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::quorum_rule | Rule::require_rule | Rule::elect_rule => {
                    rules.push(self.rule(p))
                }
                _ => {}
            }
        }
        RuleSet {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            title,
            rules,
            span,
        }
    }

    fn include(&mut self, pair: P) -> Include {
        let span = self.span(&pair);
        let mut idents = Vec::new();
        let mut per = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => idents.push(self.ident(p)),
                Rule::per => per = Some(self.per_clause(p)),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Include {
            procedure: idents.next().unwrap_or_else(|| synthetic_ident("")),
            alias: idents.next().unwrap_or_else(|| synthetic_ident("")),
            per,
            span,
        }
    }

    fn extend(&mut self, pair: P) -> Extend {
        let span = self.span(&pair);
        let phase = pair.as_rule() == Rule::phase_ext;
        let mut target = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::qualified => target = Some(self.ident(p)),
                Rule::timing => items.push(StageItem::Timing(self.timing(p))),
                Rule::quorum_rule | Rule::require_rule => items.push(StageItem::Rule(self.rule(p))),
                _ => {}
            }
        }
        Extend {
            target: target.unwrap_or_else(|| synthetic_ident("")),
            phase,
            items,
            span,
        }
    }

    fn basis(&mut self, pair: P) -> BasisDecl {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                _ => {}
            }
        }
        BasisDecl {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            title: title.unwrap_or(Str {
                value: String::new(),
                span: Span::Synthetic,
            }),
            span,
        }
    }

    fn position(&mut self, pair: P) -> PositionDecl {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut seats = Seats::Exact(Quantity::Literal {
            value: 0,
            span: Span::Synthetic,
        });
        let mut per = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::seats => {
                    let qs: Vec<Quantity> = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::quantity)
                        .map(|q| self.quantity(q))
                        .collect();
                    seats = match <[Quantity; 2]>::try_from(qs) {
                        Ok([lo, hi]) => Seats::Range(lo, hi),
                        Err(mut v) => match v.pop() {
                            Some(q) => Seats::Exact(q),
                            None => seats,
                        },
                    };
                }
                Rule::per => per = Some(self.per_clause(p)),
                _ => {}
            }
        }
        PositionDecl {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            title,
            seats,
            per,
            span,
        }
    }

    pub(super) fn quantity(&mut self, pair: P) -> Quantity {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Quantity::Literal { value: 0, span };
        };
        let text = inner.as_str();
        let value = match inner.as_rule() {
            Rule::ident | Rule::qname => return Quantity::Param(self.ident(inner)),
            Rule::int_lit => lexical::ascii_int(text),
            _ => lexical::cn_int(text),
        };
        match value {
            Ok(value) => Quantity::Literal { value, span },
            Err(e) => {
                self.literal_error(span, e, text);
                Quantity::Literal { value: 0, span }
            }
        }
    }

    fn type_ref(&mut self, pair: P) -> TypeRef {
        let span = self.span(&pair);
        let text = pair.as_str();
        let kind = match text {
            "count" | "计数" | "人数" => Some(TypeName::Count),
            "days" | "天数" => Some(TypeName::Days),
            "date" | "日期" => Some(TypeName::Date),
            "bool" | "是否" => Some(TypeName::Bool),
            "text" | "文本" => Some(TypeName::Text),
            "ratio" | "比例" => Some(TypeName::Ratio),
            _ => None,
        };
        let kind = kind.unwrap_or_else(|| {
            let known = [
                "count", "days", "date", "bool", "text", "ratio", "计数", "人数", "天数", "日期",
                "是否", "文本", "比例",
            ];
            let mut d = Diagnostic::error(
                Code::UnknownType,
                Text::new(
                    format!("类型 `{text}` 不存在"),
                    format!("unknown type `{text}`"),
                ),
            )
            .with_label(span, Text::new("此处需要类型", "a type is expected here"));
            d = match crate::diag::did_you_mean(text, known) {
                Some(s) => d.with_help(crate::diag::did_you_mean_help(s)),
                None => d.with_help(Text::new(
                    "可用类型：计数（人数）、天数、日期、是否、文本、比例",
                    "the types are count, days, date, bool, text and ratio",
                )),
            };
            self.diags.push(d);
            TypeName::Count
        });
        TypeRef { kind, span }
    }

    fn fact(&mut self, pair: P) -> FactDecl {
        let span = self.span(&pair);
        let mut name = None;
        let mut ty = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::type_name => ty = Some(self.type_ref(p)),
                _ => {}
            }
        }
        FactDecl {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            ty: ty.unwrap_or(TypeRef {
                kind: TypeName::Count,
                span: Span::Synthetic,
            }),
            span,
        }
    }

    fn param(&mut self, pair: P) -> ParamDecl {
        let span = self.span(&pair);
        let mut name = None;
        let mut ty = None;
        let mut default = None;
        let mut per = None;
        let mut contested = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::type_name => ty = Some(self.type_ref(p)),
                Rule::expr => default = Some(self.expr(p)),
                Rule::per => per = Some(self.per_clause(p)),
                Rule::contested => contested = Some(self.contested(p)),
                _ => {}
            }
        }
        ParamDecl {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            ty: ty.unwrap_or(TypeRef {
                kind: TypeName::Count,
                span: Span::Synthetic,
            }),
            default: default.unwrap_or_else(placeholder_expr),
            per,
            contested,
            span,
        }
    }

    fn contested(&mut self, pair: P) -> Contested {
        let span = self.span(&pair);
        let mut readings = Vec::new();
        for r in pair.into_inner() {
            if r.as_rule() != Rule::param_reading {
                continue;
            }
            let span = self.span(&r);
            let mut label = None;
            let mut value = None;
            let mut per = None;
            for p in r.into_inner() {
                match p.as_rule() {
                    Rule::ident => label = Some(self.ident(p)),
                    Rule::string => {
                        let s = self.string(p);
                        label = Some(Ident {
                            name: s.value,
                            span: s.span,
                        });
                    }
                    Rule::expr => value = Some(self.expr(p)),
                    Rule::per => per = Some(self.per_clause(p)),
                    _ => {}
                }
            }
            readings.push(ParamReading {
                label: label.unwrap_or_else(|| synthetic_ident("")),
                value: value.unwrap_or_else(placeholder_expr),
                per,
                span,
            });
        }
        Contested { readings, span }
    }

    fn setting(&mut self, pair: P) -> SettingDecl {
        let span = self.span(&pair);
        let mut key = None;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => key = Some(self.ident(p)),
                Rule::setting_value => value = Some(self.ident(p)),
                _ => {}
            }
        }
        SettingDecl {
            key: key.unwrap_or_else(|| synthetic_ident("")),
            value: value.unwrap_or_else(|| synthetic_ident("")),
            span,
        }
    }

    fn phase(&mut self, pair: P) -> Phase {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut timing = Vec::new();
        let mut stages = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::timing => timing.push(self.timing(p)),
                Rule::stage => stages.push(self.stage(p)),
                _ => {}
            }
        }
        Phase {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            title,
            timing,
            stages,
            span,
        }
    }

    fn stage(&mut self, pair: P) -> Stage {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut optional = None;
        let mut when = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::optional_flag => optional = Some(self.span(&p)),
                Rule::when_clause => {
                    when = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::expr)
                        .map(|q| self.expr(q));
                }
                Rule::timing => items.push(StageItem::Timing(self.timing(p))),
                Rule::fact_decl => items.push(StageItem::Fact(self.fact(p))),
                Rule::manual_item => items.extend(self.manual(p).map(StageItem::Manual)),
                Rule::quorum_rule | Rule::require_rule | Rule::elect_rule => {
                    items.push(StageItem::Rule(self.rule(p)))
                }
                Rule::cand_from => items.push(StageItem::CandidatesFrom(self.cand_from(p))),
                Rule::apply_item => {
                    let span = self.span(&p);
                    let name = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::qname)
                        .map(|q| self.ident(q));
                    items.push(StageItem::Apply(Apply {
                        name: name.unwrap_or_else(|| synthetic_ident("")),
                        span,
                    }));
                }
                _ => {}
            }
        }
        Stage {
            name: name.unwrap_or_else(|| synthetic_ident("")),
            title,
            optional,
            when,
            items,
            span,
        }
    }

    fn cand_from(&mut self, pair: P) -> CandidatesFrom {
        let span = self.span(&pair);
        let mut from = CandidatesFrom {
            stage: synthetic_ident(""),
            unelected: false,
            by_votes: false,
            per: None,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::qname => from.stage = self.ident(p),
                Rule::unelected => from.unelected = true,
                Rule::by_votes => from.by_votes = true,
                Rule::per => from.per = Some(self.per_clause(p)),
                _ => {}
            }
        }
        from
    }

    fn rule(&mut self, pair: P) -> Rule_ {
        let mut span = self.span(&pair);
        // A rule's span starts at its keyword, after any `when C:`: a
        // failure points at the rule, not at the case it holds in.
        let whole = pair.as_span();
        if let Some(kw) = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() != Rule::rule_when)
        {
            let start = kw.as_span().start();
            if start > whole.start() {
                let len = pair.as_str().trim_end().len();
                span = Span::new(self.file, start, whole.start() + len);
            }
        }
        let which = pair.as_rule();
        let mut positions = Vec::new();
        let mut expr = None;
        let mut when = None;
        let mut per = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::rule_when => {
                    when = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::expr)
                        .map(|q| self.expr(q));
                }
                Rule::elect_positions => {
                    positions = p
                        .into_inner()
                        .filter(|q| matches!(q.as_rule(), Rule::ident | Rule::qname))
                        .map(|q| self.ident(q))
                        .collect()
                }
                Rule::expr => expr = Some(self.expr(p)),
                Rule::per => per = Some(self.per_clause(p)),
                _ => {}
            }
        }
        let kind = match which {
            Rule::quorum_rule => RuleKind::Quorum,
            Rule::elect_rule => RuleKind::Elect { positions },
            _ => RuleKind::Require,
        };
        Rule_ {
            kind,
            when,
            expr: expr.unwrap_or_else(placeholder_expr),
            per,
            span,
            applied: None,
        }
    }

    pub(super) fn date(&mut self, pair: P) -> DateLit {
        let span = self.span(&pair);
        let text = pair.as_str();
        match lexical::date(text) {
            Ok(date) => DateLit { date, span },
            Err(e) => {
                self.literal_error(span, e, text);
                DateLit {
                    date: NaiveDate::default(),
                    span,
                }
            }
        }
    }

    fn plan(&mut self, pair: P) -> Plan {
        let span = self.span(&pair);
        let mut idents = Vec::new();
        let mut title = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => idents.push(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::basis_decl => items.push(PlanItem::Basis(self.basis(p))),
                Rule::plan_window | Rule::plan_param | Rule::plan_date => {
                    items.push(self.plan_item(p))
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Plan {
            name: idents.next().unwrap_or_else(|| synthetic_ident("")),
            title,
            procedure: idents.next().unwrap_or_else(|| synthetic_ident("")),
            items,
            span,
        }
    }

    fn plan_item(&mut self, pair: P) -> PlanItem {
        let span = self.span(&pair);
        let which = pair.as_rule();
        let mut name = None;
        let mut dates = Vec::new();
        let mut value = None;
        let mut per = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident | Rule::qname => name = Some(self.ident(p)),
                Rule::date_lit => dates.push(self.date(p)),
                Rule::expr => value = Some(self.expr(p)),
                Rule::per => per = Some(self.per_clause(p)),
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| synthetic_ident(""));
        let mut dates = dates.into_iter();
        let first = dates.next().unwrap_or(DateLit {
            date: NaiveDate::default(),
            span: Span::Synthetic,
        });
        let second = dates.next();
        match which {
            Rule::plan_window => PlanItem::Window {
                from: first.clone(),
                to: second.unwrap_or(first),
                per,
                span,
            },
            Rule::plan_param => PlanItem::Param {
                name,
                value: value.unwrap_or_else(placeholder_expr),
                per,
                span,
            },
            _ => PlanItem::Date {
                target: name,
                from: first,
                to: second,
                per,
                span,
            },
        }
    }
}

/// The AST's rule node (named apart from pest's `Rule`).
type Rule_ = crate::ast::Rule;

pub(super) fn synthetic_ident(name: &str) -> Ident {
    Ident {
        name: name.to_string(),
        span: Span::Synthetic,
    }
}

pub(super) fn placeholder_expr() -> Expr {
    Expr {
        kind: ExprKind::Bool(false),
        span: Span::Synthetic,
    }
}
