//! The values a procedure fixes before its stages: its settings
//! (`setting days_before = …`, how "N 日前" is counted, and `setting
//! holiday_extension = …`), its parameters, evaluated exactly after those of
//! its includes, and the numbers of seats and days that name a parameter.

use super::eval::{EvalError, Params};
use super::msg;
use super::procedure::Resolver;
use super::program::{Amount, Param, Settings, TExpr};
use super::scope::Decl;
use super::types::Type;
use crate::ast::{self, Quantity, Reading};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::span::Span;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

const DAYS_BEFORE: [&str; 2] = ["days_before", "日前计法"];
const HOLIDAY: [&str; 2] = ["holiday_extension", "节假日顺延"];
const WRITE_INS: [&str; 2] = ["write_ins", "另选他人"];
const SEPARATE: [&str; 2] = ["separate_positions", "职务分别选举"];
/// The settings, in the order of their slots below.
const KEYS: [[&str; 2]; 4] = [DAYS_BEFORE, HOLIDAY, WRITE_INS, SEPARATE];
const READINGS: [(&str, Reading); 4] = [
    ("subtractive", Reading::Subtractive),
    ("相减", Reading::Subtractive),
    ("exclusive", Reading::Exclusive),
    ("间隔", Reading::Exclusive),
];
const SWITCHES: [(&str, bool); 6] = [
    ("on", true),
    ("off", false),
    ("是", true),
    ("否", false),
    ("true", true),
    ("false", false),
];

/// Resolves the `setting` items of a procedure.
pub(crate) fn settings(items: &[&ast::SettingDecl], diags: &mut Vec<Diagnostic>) -> Settings {
    let mut settings = Settings::default();
    let mut first: [Option<Span>; 4] = [None; 4];
    for set in items {
        let key = set.key.name.as_str();
        let Some(which) = KEYS.iter().position(|k| k.contains(&key)) else {
            let s = did_you_mean(key, KEYS.iter().flatten().copied());
            diags.push(msg::unknown_setting_key(&set.key, s));
            continue;
        };
        if let Some(f) = first.get(which).copied().flatten() {
            let help = t("每个设定项只能设定一次", "each setting is set once");
            diags.push(msg::duplicate(key, set.key.span, Some(f), help));
            continue;
        }
        if let Some(slot) = first.get_mut(which) {
            *slot = Some(set.key.span);
        }
        let value = set.value.name.as_str();
        if which == 0 {
            match READINGS.iter().find(|(n, _)| *n == value) {
                Some((_, r)) => {
                    settings.days_before = *r;
                    settings.days_before_span = Some(set.span);
                }
                None => {
                    let s = did_you_mean(value, READINGS.iter().map(|(n, _)| *n));
                    let allowed = t(
                        "可选取值：`相减`（`subtractive`，读法甲）、`间隔`（`exclusive`，读法乙）",
                        "the values are `subtractive` (`相减`, reading A) and `exclusive` (`间隔`, reading B)",
                    );
                    diags.push(msg::unknown_setting_value(key, &set.value, s, allowed));
                }
            }
        } else {
            match SWITCHES.iter().find(|(n, _)| *n == value) {
                Some((_, on)) => {
                    let (flag, span) = match which {
                        1 => (
                            &mut settings.holiday_extension,
                            &mut settings.holiday_extension_span,
                        ),
                        2 => (&mut settings.write_ins, &mut settings.write_ins_span),
                        _ => (
                            &mut settings.separate_positions,
                            &mut settings.separate_positions_span,
                        ),
                    };
                    *flag = *on;
                    *span = Some(set.span);
                }
                None => {
                    let s = did_you_mean(value, SWITCHES.iter().map(|(n, _)| *n));
                    let allowed = t(
                        "可选取值：`是`、`否`（`on`、`off`）",
                        "the values are `on` and `off` (`是`, `否`)",
                    );
                    diags.push(msg::unknown_setting_value(key, &set.value, s, allowed));
                }
            }
        }
    }
    settings
}

impl Resolver<'_, '_> {
    /// Checks every default of the procedure's own parameters, then
    /// evaluates them in dependency order (after the included ones, which
    /// they may use).
    pub(super) fn params(&mut self, included: &[Param]) -> Vec<Param> {
        let mut typed: Vec<(TExpr, Type, bool)> = included
            .iter()
            .map(|p| (p.default.clone(), p.ty, p.value.is_some()))
            .collect();
        let own: Vec<&ast::ParamDecl> = self.scope.params.iter().filter_map(|p| p.ast).collect();
        for p in &own {
            let want = Type::from_name(p.ty.kind);
            let before = self.diags.len();
            let mut ck = self.checker();
            ck.constant = true;
            let e = ck.value(&p.default, want);
            let clean = self.diags.len() == before;
            typed.push((e, want, clean));
        }
        let defaults = typed.iter().map(|(e, ty, _)| (e, *ty)).collect();
        let usable: Vec<bool> = typed.iter().map(|(.., ok)| *ok).collect();
        let (values, errors) = Params::new(defaults, &usable).all();
        for (p, e) in errors {
            // The included parameters' errors were reported in their own
            // procedure.
            let Some(decl) = p.0.checked_sub(included.len()).and_then(|i| own.get(i)) else {
                continue;
            };
            match e {
                EvalError::DivisionByZero(span) => self.diags.push(msg::division_by_zero(span)),
                EvalError::Overflow(span) => self.diags.push(msg::overflow(span)),
                EvalError::Cycle(q) if q == p => self.diags.push(msg::param_cycle(&decl.name)),
                _ => {}
            }
        }
        let mut out = included.to_vec();
        let fresh = typed.into_iter().zip(values).skip(included.len());
        for (p, ((default, ty, _), value)) in own.iter().zip(fresh) {
            let cite = self.cite(&p.per);
            out.push(Param {
                name: p.name.clone(),
                ty,
                default,
                value,
                set: false,
                cite,
                span: p.span,
            });
        }
        out
    }

    /// What a name of the namespace is, for "this is a fact, not a parameter".
    fn kind_of(&self, d: Decl) -> Text {
        match d {
            Decl::Position(_) => t("职务", "position"),
            Decl::Fact(_) => t("事实", "fact"),
            Decl::Param(_) => t("参数", "parameter"),
            Decl::Phase(_) => t("环节", "phase"),
            Decl::Stage(_) => t("阶段", "stage"),
            Decl::Namespace(_) => t("引入的程序", "included procedure"),
        }
    }

    /// The parameter a quantity names, or the diagnostic `wrong` makes when
    /// it names something else (a parameter of another type, a fact, …).
    fn amount(
        &mut self,
        q: &Quantity,
        want: Type,
        wrong: impl Fn(&ast::Ident, Text) -> Diagnostic,
    ) -> Amount {
        let id = match q {
            Quantity::Literal { value, span } => {
                return Amount::Literal {
                    value: *value,
                    span: *span,
                }
            }
            Quantity::Param(id) => id,
        };
        let error = Amount::Invalid { span: id.span };
        match self.scope.names.get(id.name.as_str()).map(|(d, _)| *d) {
            Some(Decl::Param(p)) => {
                let ty = self.scope.param_type(p);
                if ty != want {
                    let d = ty.describe();
                    let what = t(
                        format!("参数的类型是{}", d.zh),
                        format!("a parameter of type {}", d.en),
                    );
                    self.diags.push(wrong(id, what));
                    return error;
                }
                Amount::Param {
                    param: p,
                    span: id.span,
                }
            }
            Some(d) => {
                let k = self.kind_of(d);
                let what = t(
                    format!("这是{}，不是参数", k.zh),
                    format!("this is a {}, not a parameter", k.en),
                );
                self.diags.push(wrong(id, what));
                error
            }
            None => {
                if !self.scope.silent(&id.name) {
                    let s = did_you_mean(&id.name, self.scope.param_names());
                    self.diags.push(msg::undefined(id, s));
                }
                error
            }
        }
    }

    pub(super) fn seats_amount(&mut self, q: &Quantity) -> Amount {
        self.amount(q, Type::Count, |id, what| {
            let n = &id.name;
            Diagnostic::error(
                crate::diag::Code::TypeMismatch,
                t(
                    format!("`{n}` 不能用作名额"),
                    format!("`{n}` cannot give the number of seats"),
                ),
            )
            .with_label(id.span, what)
            .with_help(t(
                format!("名额须写成数字，或声明为 `param {n}: count = …` 的参数"),
                format!("write a number, or declare `param {n}: count = …`"),
            ))
        })
    }

    pub(super) fn days(&mut self, q: &Quantity) -> Amount {
        self.amount(q, Type::Days, msg::not_days)
    }
}
