//! The values a procedure fixes before its stages: its settings
//! (`setting days_before = …`, how "N 日前" is counted, and `setting
//! holiday_extension = …`), its parameters, evaluated exactly after those of
//! its includes, and the numbers of seats and days that name a parameter.

use super::eval::{conform, eval, EvalError, Fixed, Params};
use super::msg;
use super::procedure::Resolver;
use super::program::{Amount, Param, ParamReading, Settings, TExpr, Value};
use super::scope::Decl;
use super::types::Type;
use crate::ast::{self, Quantity, Reading};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::span::Span;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// At most this many readings of one contested parameter, and this many
/// combinations of the readings of all the contested parameters of one
/// procedure (with its includes): the checker judges every combination,
/// twice when the reading of "N 日前" is open too (at most 64 runs).
pub const MAX_READINGS: usize = 8;
pub const MAX_COMBINATIONS: usize = 32;

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
        let mut reading_exprs: Vec<Vec<Option<TExpr>>> = Vec::with_capacity(own.len());
        for p in &own {
            let want = Type::from_name(p.ty.kind);
            let before = self.diags.len();
            let mut ck = self.checker();
            ck.constant = true;
            let e = ck.value(&p.default, want);
            let clean = self.diags.len() == before;
            typed.push((e, want, clean));
            let readings = p.contested.iter().flat_map(|c| &c.readings);
            let exprs = readings
                .map(|r| {
                    let before = self.diags.len();
                    let mut ck = self.checker();
                    ck.constant = true;
                    let e = ck.value(&r.value, want);
                    (self.diags.len() == before).then_some(e)
                })
                .collect();
            reading_exprs.push(exprs);
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
        let fresh = typed
            .into_iter()
            .zip(values.iter().cloned())
            .skip(included.len());
        for ((p, ((default, ty, _), value)), exprs) in own.iter().zip(fresh).zip(reading_exprs) {
            let cite = self.cite(&p.per);
            let readings = match &p.contested {
                Some(c) => self.readings(p, c, exprs, &values, value.as_ref()),
                None => Vec::new(),
            };
            out.push(Param {
                name: p.name.clone(),
                ty,
                default,
                value,
                set: false,
                cite,
                readings,
                span: p.span,
            });
        }
        // Every combination of readings is a run of the checker: bound the
        // product, not the count (eight readings of four parameters would
        // be 4,096 runs).
        let mut combinations: usize = 1;
        for p in out.iter().filter(|p| !p.readings.is_empty()) {
            let before = combinations;
            combinations = combinations.saturating_mul(p.readings.len());
            if combinations > MAX_COMBINATIONS && before <= MAX_COMBINATIONS {
                self.diags.push(msg::bad_readings(
                    p.name.span,
                    t(
                        format!(
                            "争议参数的读法组合超过 {MAX_COMBINATIONS} 种（至此为 {combinations} 种）"
                        ),
                        format!(
                            "the contested parameters have more than {MAX_COMBINATIONS} combinations of readings ({combinations} up to here)"
                        ),
                    ),
                    t(
                        "检查时要按每一种读法组合各查一遍；请只把确有争议的数值声明为争议参数，并只列出确有出处的读法",
                        "the checker judges every combination of readings; declare only the numbers that really are contested, with only the readings that have a source",
                    ),
                ));
            }
        }
        out
    }

    /// The readings of a contested parameter, evaluated (they may name
    /// other parameters, as a default may) and checked: at least two, at
    /// most [`MAX_READINGS`], distinct names and values, each with its
    /// source, and the default among them.
    fn readings(
        &mut self,
        p: &ast::ParamDecl,
        c: &ast::Contested,
        exprs: Vec<Option<TExpr>>,
        values: &[Option<Value>],
        default: Option<&Value>,
    ) -> Vec<ParamReading> {
        let ty = Type::from_name(p.ty.kind);
        let mut out: Vec<ParamReading> = Vec::new();
        for (r, e) in c.readings.iter().zip(exprs) {
            let value = e.and_then(|e| eval(&e, &mut Fixed(values)).ok().map(|v| conform(v, ty)));
            if let Some(first) = out.iter().find(|q| q.label.name == r.label.name) {
                let help = t(
                    "同一参数的读法不能重名",
                    "the readings of a parameter have distinct names",
                );
                self.diags.push(msg::duplicate(
                    &r.label.name,
                    r.label.span,
                    Some(first.label.span),
                    help,
                ));
                continue;
            }
            if let Some(first) = out.iter().find(|q| value.is_some() && q.value == value) {
                let first = first.label.name.clone();
                self.diags.push(msg::bad_readings(
                    r.value.span,
                    t(
                        format!("与读法“{first}”的值相同"),
                        format!("the same value as the reading “{first}”"),
                    ),
                    t(
                        "每种读法须给出不同的值",
                        "each reading gives the parameter a value of its own",
                    ),
                ));
            }
            if r.per.is_none() {
                self.diags.push(msg::bad_readings(
                    r.label.span,
                    t("这种读法没有注明依据", "this reading cites no source"),
                    t(
                        "在读法后写 `依据 文件 \"原文\"`：有争议的数值，每种读法都须注明出处",
                        "write `per BASIS \"text\"` after the reading: every reading of a contested number names its source",
                    ),
                ));
            }
            let cite = self.cite(&r.per);
            out.push(ParamReading {
                label: r.label.clone(),
                value,
                cite,
                span: r.span,
            });
        }
        if out.len() < 2 || out.len() > MAX_READINGS {
            self.diags.push(msg::bad_readings(
                c.span,
                t(
                    format!("争议参数须有 2 至 {MAX_READINGS} 种读法，这里有 {} 种", out.len()),
                    format!("a contested parameter has 2 to {MAX_READINGS} readings; this one has {}", out.len()),
                ),
                t(
                    "只有一种读法的数值不是争议参数：删去 `争议 { … }`，把依据写在参数上",
                    "a number with one reading is not contested: drop `contested { … }` and cite the source on the parameter",
                ),
            ));
        }
        let all_known = out.iter().all(|r| r.value.is_some());
        if let Some(d) = default.filter(|_| all_known) {
            if !out.iter().any(|r| r.value.as_ref() == Some(d)) {
                self.diags.push(msg::bad_readings(
                    p.default.span,
                    t("默认值不是任何一种读法的值", "the default is not the value of any reading"),
                    t(
                        "默认值须是某一种读法的值：`schedule`、`explain` 和未定读法时的说明都以它为准",
                        "the default must be one reading's value: `schedule`, `explain` and the notes use it",
                    ),
                ));
            }
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
