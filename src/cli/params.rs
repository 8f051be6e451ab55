//! `--param NAME=VALUE`: a parameter value from the command line, for
//! `schedule`, `explain` and `check` — to see a procedure under another
//! reading (domain.md §9: `到会须超过比例=是`) or a local value
//! (`另行选举期限=30`) without editing the procedure or writing a plan.
//!
//! The arguments are collected into one virtual source file, `--param`, one
//! argument per line, so that a wrong name or value is reported like any
//! other diagnostic, with a label on the exact text. A value is read by the
//! parameter's declared type, with the literal forms of the language:
//!
//! | type | accepted |
//! | --- | --- |
//! | count | `5`, `五` |
//! | days | `30`, `三十`, `30天`, `三十日` (not negative) |
//! | ratio | `4/5`, `五分之四`, `20%`, `百分之二十`, `0.8`, `1` |
//! | yes/no | `是`/`否`, `yes`/`no`, `true`/`false` |
//! | date | `2021-01-28`, `2021年1月28日` |
//! | text | anything |
//!
//! A contested parameter also takes the name of one of its readings
//! (`--param 到会须超过比例=超过`), and `--param 日前计法=相减|间隔` fixes the
//! reading of "N 日前" for the constraints that do not fix their own.
//!
//! Command-line values override the plan's, which override the defaults; a
//! default written in terms of an overridden parameter follows it
//! ([`Procedure::param_values`]).

use crate::ast::Reading;
use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::resolve::{ParamId, Plan, Procedure, Type, Value};
use crate::span::{SourceMap, Span};
use crate::syntax::lexical;
use num_bigint::BigInt;
use num_rational::BigRational;

/// The name of the virtual file that holds the `--param` arguments.
pub const SOURCE_NAME: &str = "--param";

/// Reads every `--param` argument against `proc`. The arguments are added to
/// `map` as one file (when there are any); the errors point into it.
pub fn resolve(
    args: &[String],
    proc: &Procedure,
    map: &mut SourceMap,
) -> Result<Vec<(ParamId, Value)>, Vec<Diagnostic>> {
    if args.is_empty() {
        return Ok(Vec::new());
    }
    let text: String = args.iter().map(|a| format!("{a}\n")).collect();
    let file = map.add(SOURCE_NAME, text);
    let mut values = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    for arg in args {
        let span = |start: usize, end: usize| Span::new(file, offset + start, offset + end);
        match one(arg, proc, span) {
            Ok(Some(pair)) => match values.iter().position(|(p, _)| *p == pair.0) {
                // The last of repeated arguments wins, as with clap options.
                Some(i) => values[i] = pair,
                None => values.push(pair),
            },
            // `日前计法=…`: read by [`days_before`].
            Ok(None) => {}
            Err(d) => errors.push(*d),
        }
        offset += arg.len() + 1;
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The names of the reading of "N 日前" on the command line, and its values.
const DAYS_BEFORE_NAMES: [&str; 2] = [crate::resolve::DAYS_BEFORE, "days_before"];
const DAYS_BEFORE_VALUES: [(&str, Reading); 4] = [
    ("相减", Reading::Subtractive),
    ("subtractive", Reading::Subtractive),
    ("间隔", Reading::Exclusive),
    ("exclusive", Reading::Exclusive),
];

/// The reading of "N 日前" that `--param 日前计法=相减|间隔` fixes (the last
/// one given), for the constraints that do not fix their own. [`resolve`]
/// has checked the values.
pub fn days_before(args: &[String]) -> Option<Reading> {
    args.iter()
        .rev()
        .filter_map(|a| a.split_once('='))
        .filter(|(n, _)| DAYS_BEFORE_NAMES.contains(&n.trim()))
        .filter_map(|(_, v)| DAYS_BEFORE_VALUES.iter().find(|(w, _)| *w == v.trim()))
        .map(|(_, r)| *r)
        .next()
}

/// The overrides in force: the plan's parameters, then the command line's.
pub fn overrides(plan: Option<&Plan>, cli: &[(ParamId, Value)]) -> Vec<(ParamId, Value)> {
    let mut all = plan.map(Plan::overrides).unwrap_or_default();
    all.extend(cli.iter().cloned());
    all
}

/// The timing contradiction the values `overrides` give `proc`, if any (as
/// `lint` reports one for a plan's values): a command-line value that makes
/// the procedure impossible is a usage error, not a verdict.
pub fn contradiction(proc: &Procedure, overrides: &[(ParamId, Value)]) -> Option<Diagnostic> {
    if overrides.is_empty() {
        return None;
    }
    let ir = crate::ir::compile(proc, &crate::ir::ParamValues::with(proc, overrides));
    let cycle = ir.network().consistency().err()?;
    Some(
        crate::analyse::contradiction(proc, &ir, &cycle, &[]).with_note(Text::new(
            "按 --param 设定的参数值，程序的时间约束相互矛盾",
            "with the values --param sets, the procedure's timing constraints contradict each other",
        )),
    )
}

/// `proc` with every parameter's value replaced by its value under
/// `overrides` — for what reads the values from the procedure (explain).
pub fn with_values(proc: &Procedure, overrides: &[(ParamId, Value)]) -> Procedure {
    let mut out = proc.clone();
    let values = proc.param_values(overrides);
    for (i, (p, v)) in out.params.iter_mut().zip(values).enumerate() {
        if v.is_some() {
            p.set = p.set || v != p.value || overrides.iter().any(|(id, _)| id.0 == i);
            p.value = v;
        }
    }
    out
}

fn one(
    arg: &str,
    proc: &Procedure,
    span: impl Fn(usize, usize) -> Span,
) -> Result<Option<(ParamId, Value)>, Box<Diagnostic>> {
    let split = arg
        .split_once('=')
        .filter(|(name, _)| !name.trim().is_empty());
    let Some((name_raw, value_raw)) = split else {
        return Err(Box::new(
            Diagnostic::error(
                Code::Syntax,
                Text::new(
                    format!("`--param {arg}` 应写作 参数名=值"),
                    format!("`--param {arg}` is not NAME=VALUE"),
                ),
            )
            .with_label(
                span(0, arg.len()),
                Text::new("应写作 名称=值", "expected NAME=VALUE"),
            )
            .with_help(Text::new(
                "写作 `--param 参数名=值`，如 `--param 另行选举期限=30`",
                "write `--param NAME=VALUE`, e.g. `--param 另行选举期限=30`",
            )),
        ));
    };
    let name = name_raw.trim();
    let name_start = name_raw.len() - name_raw.trim_start().len();
    let name_span = span(name_start, name_start + name.len());
    let value = value_raw.trim();
    let value_start = name_raw.len() + 1 + (value_raw.len() - value_raw.trim_start().len());
    let value_span = span(value_start, value_start + value.len());
    if DAYS_BEFORE_NAMES.contains(&name) {
        if DAYS_BEFORE_VALUES.iter().any(|(w, _)| *w == value) {
            return Ok(None);
        }
        return Err(Box::new(
            Diagnostic::error(
                Code::UnknownSetting,
                Text::new(
                    format!("“日前”没有 `{value}` 这种读法"),
                    format!("\"N days before\" has no reading `{value}`"),
                ),
            )
            .with_label(value_span, Text::new("读法", "reading"))
            .with_help(Text::new(
                "可选取值：`相减`（`subtractive`，甲读法）、`间隔`（`exclusive`，乙读法）",
                "the values are `subtractive` (`相减`, reading A) and `exclusive` (`间隔`, reading B)",
            )),
        ));
    }
    let Some((id, decl)) = proc.param(name) else {
        let known = proc.params.iter().map(|p| p.name.name.as_str());
        let mut d = Diagnostic::error(
            Code::UnknownParam,
            crate::resolve::no_such_param(&proc.name.name, name),
        )
        .with_label(name_span, Text::new("未声明的参数", "no such parameter"));
        d = match did_you_mean(name, known) {
            Some(s) => d.with_help(did_you_mean_help(s)),
            None => d.with_help(list_help(proc)),
        };
        return Err(Box::new(d));
    };
    // A contested parameter takes the name of a reading as well as a value.
    if let Some(v) = decl
        .readings
        .iter()
        .find(|r| r.label.name == value)
        .and_then(|r| r.value.clone())
    {
        return Ok(Some((id, v)));
    }
    parse(decl.ty, value).map(|v| Some((id, v))).map_err(|why| {
        let d = match why {
            Bad::TooLarge => Diagnostic::error(
                Code::NumberTooLarge,
                Text::new(
                    format!("`{value}` 超出范围"),
                    format!("`{value}` is too large"),
                ),
            ),
            Bad::Year => Diagnostic::error(
                Code::InvalidDate,
                Text::new(
                    format!("`{value}` 的年份超出 1 至 9999 年的范围"),
                    format!("the year of `{value}` is outside 1 to 9999"),
                ),
            ),
            Bad::ZeroDenominator => Diagnostic::error(
                Code::ZeroDenominator,
                Text::new(
                    format!("`{value}` 的分母为零"),
                    format!("`{value}` has a zero denominator"),
                ),
            ),
            Bad::Form => {
                let (zh, en) = type_words(decl.ty);
                Diagnostic::error(
                    Code::TypeMismatch,
                    Text::new(
                        format!("参数 `{name}` 应为{zh}，`{value}` 不符合"),
                        format!("the parameter `{name}` takes {en}; `{value}` is not one"),
                    ),
                )
            }
        };
        let (zh, en) = type_words(decl.ty);
        Box::new(
            d.with_label(
                value_span,
                Text::new(format!("应为{zh}"), format!("expected {en}")),
            )
            .with_label(
                decl.name.span,
                Text::new("参数在此声明", "the parameter is declared here"),
            )
            .with_help(example_help(decl.ty)),
        )
    })
}

/// Why a value cannot be read.
enum Bad {
    /// A date whose year is outside 1–9999.
    Year,
    /// Not in a form of the parameter's type (or a negative number of days).
    Form,
    TooLarge,
    ZeroDenominator,
}

impl From<lexical::LiteralError> for Bad {
    fn from(e: lexical::LiteralError) -> Bad {
        match e {
            lexical::LiteralError::TooLarge => Bad::TooLarge,
            lexical::LiteralError::ZeroDenominator => Bad::ZeroDenominator,
            lexical::LiteralError::Malformed | lexical::LiteralError::NoSuchDate => Bad::Form,
            lexical::LiteralError::YearOutOfRange => Bad::Year,
        }
    }
}

/// `value` as a value of type `ty`, in the language's literal forms. A
/// number of days is not negative (a window or a duration).
fn parse(ty: Type, value: &str) -> Result<Value, Bad> {
    let int = |s: &str| -> Result<u64, Bad> {
        if digits(s) {
            Ok(lexical::ascii_int(s)?)
        } else {
            Ok(lexical::cn_int(s)?)
        }
    };
    Ok(match ty {
        Type::Count => Value::Count(BigInt::from(int(value)?)),
        Type::Days => {
            let body = value
                .strip_suffix('天')
                .or_else(|| value.strip_suffix('日'))
                .unwrap_or(value);
            let n = i64::try_from(int(body)?).map_err(|_| Bad::TooLarge)?;
            Value::Days(n)
        }
        Type::Ratio => Value::Ratio(ratio(value)?),
        Type::Bool => Value::Bool(match value {
            "是" | "yes" | "true" => true,
            "否" | "no" | "false" => false,
            _ => return Err(Bad::Form),
        }),
        Type::Date => Value::Date(lexical::date(value)?),
        Type::Text => Value::Text(value.to_string()),
        _ => return Err(Bad::Form),
    })
}

/// ASCII digits, at least one (what the lexer's ASCII readers expect).
fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `12`, `12.5` (what `ascii_decimal` expects).
fn decimal(s: &str) -> bool {
    match s.split_once('.') {
        Some((w, f)) => digits(w) && digits(f),
        None => digits(s),
    }
}

fn ratio(value: &str) -> Result<BigRational, Bad> {
    let parsed = if value.starts_with("百分之") {
        lexical::cn_percent(value)
    } else if value.contains("分之") {
        lexical::cn_fraction(value)
    } else if let Some(body) = value.strip_suffix(['%', '％']) {
        if !decimal(body) {
            return Err(Bad::Form);
        }
        lexical::ascii_percent(value)
    } else if let Some((n, d)) = value.split_once('/') {
        if !(digits(n) && digits(d)) {
            return Err(Bad::Form);
        }
        lexical::ascii_fraction(value)
    } else if decimal(value) {
        lexical::ascii_decimal(value)
    } else {
        return Err(Bad::Form);
    };
    Ok(parsed?)
}

fn type_words(ty: Type) -> (&'static str, &'static str) {
    match ty {
        Type::Count => (
            "计数（不小于 0 的整数）",
            "a count (a whole number, 0 or more)",
        ),
        Type::Days => ("天数（不小于 0 的整数）", "a number of days (0 or more)"),
        Type::Ratio => ("比例", "a ratio"),
        Type::Bool => ("“是”或“否”", "yes or no"),
        Type::Date => ("日期", "a date"),
        _ => ("文字", "text"),
    }
}

fn example_help(ty: Type) -> Text {
    match ty {
        Type::Count => Text::new("如 `5` 或 `五`", "e.g. `5` or `五`"),
        Type::Days => Text::new("如 `30` 或 `三十`", "e.g. `30` or `三十`"),
        Type::Ratio => Text::new(
            "如 `4/5`、`五分之四`、`20%`、`百分之二十` 或 `0.8`",
            "e.g. `4/5`, `五分之四`, `20%`, `百分之二十` or `0.8`",
        ),
        Type::Bool => Text::new("写 `是` 或 `否`", "write `yes` or `no` (`是`, `否`)"),
        Type::Date => Text::new(
            "如 `2021-01-28` 或 `2021年1月28日`",
            "e.g. `2021-01-28` or `2021年1月28日`",
        ),
        _ => Text::new("任意文字", "any text"),
    }
}

fn list_help(proc: &Procedure) -> Text {
    if proc.params.is_empty() {
        return Text::new(
            format!("程序 `{}` 没有参数", proc.name.name),
            format!("the procedure `{}` has no parameters", proc.name.name),
        );
    }
    let names: Vec<&str> = proc.params.iter().map(|p| p.name.name.as_str()).collect();
    Text::new(
        format!("可用的参数：{}", names.join("、")),
        format!("its parameters: {}", names.join(", ")),
    )
}

#[cfg(test)]
#[allow(clippy::panic, reason = "a test fails by panicking")]
mod tests {
    use super::*;
    use crate::span::SourceMap;

    fn procedure() -> (SourceMap, Procedure) {
        let mut map = SourceMap::new();
        map.add(
            "p.hj",
            "程序 p {\n  参数 时限: 天数 = 10\n  参数 到会比例: 比例 = 五分之四\n  参数 上限: 计数 = 5\n  参数 严格: 是否 = 否\n  参数 两倍: 天数 = 时限 + 时限\n  阶段 a {}\n  阶段 b { 在 a 之后 }\n}\n",
        );
        let outcome = crate::lint(&map);
        let Some(program) = outcome.program else {
            panic!("the test procedure resolves");
        };
        let proc = program.procedures[0].clone();
        (map, proc)
    }

    fn run(args: &[&str]) -> Result<Vec<(ParamId, Value)>, Vec<Diagnostic>> {
        let (mut map, proc) = procedure();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        resolve(&args, &proc, &mut map)
    }

    /// The diagnostics of arguments that must all be refused.
    fn errors_of(args: &[&str]) -> Vec<Diagnostic> {
        run(args)
            .err()
            .unwrap_or_else(|| panic!("{args:?} accepted"))
    }

    fn codes(errors: &[Diagnostic]) -> Vec<Code> {
        errors.iter().map(|d| d.code).collect()
    }

    #[test]
    fn values_are_read_by_the_declared_type() {
        let got = run(&["时限=三十日", "到会比例=4/5", "上限=3", "严格=是"])
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            got,
            vec![
                (ParamId(0), Value::Days(30)),
                (
                    ParamId(1),
                    Value::Ratio(BigRational::new(4.into(), 5.into()))
                ),
                (ParamId(2), Value::Count(3.into())),
                (ParamId(3), Value::Bool(true)),
            ]
        );
        for (text, want) in [
            ("80%", (4, 5)),
            ("百分之二十", (1, 5)),
            ("0.5", (1, 2)),
            ("1", (1, 1)),
        ] {
            let got = run(&[&format!("到会比例={text}")]).unwrap_or_else(|e| panic!("{e:?}"));
            let want = BigRational::new(want.0.into(), want.1.into());
            assert_eq!(got, vec![(ParamId(1), Value::Ratio(want))], "{text}");
        }
    }

    #[test]
    fn the_last_of_repeated_arguments_wins() {
        let got = run(&["上限=3", "上限=4"]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got, vec![(ParamId(2), Value::Count(4.into()))]);
    }

    #[test]
    fn a_default_follows_an_overridden_parameter() {
        let (mut map, proc) = procedure();
        let cli =
            resolve(&["时限=7".to_string()], &proc, &mut map).unwrap_or_else(|e| panic!("{e:?}"));
        let proc = with_values(&proc, &overrides(None, &cli));
        assert_eq!(proc.params[4].value, Some(Value::Days(14)));
    }

    #[test]
    fn bad_numbers_say_why() {
        let errors = errors_of(&[
            "到会比例=1/0",
            "上限=99999999999999999999",
            "时限=-1",
            "=3",
            "严格=也许",
            "到会比例=八成",
            "到会比例=.5",
        ]);
        assert_eq!(
            codes(&errors),
            vec![
                Code::ZeroDenominator,
                Code::NumberTooLarge,
                Code::TypeMismatch,
                Code::Syntax,
                Code::TypeMismatch,
                Code::TypeMismatch,
                Code::TypeMismatch
            ]
        );
        assert_eq!(
            errors[4].message.zh,
            "参数 `严格` 应为“是”或“否”，`也许` 不符合"
        );
    }

    #[test]
    fn wrong_names_and_values_point_at_the_argument() {
        let errors = errors_of(&["上线=3", "上限=-1", "严格=也许", "时限"]);
        assert_eq!(
            codes(&errors),
            vec![
                Code::UnknownParam,
                Code::TypeMismatch,
                Code::TypeMismatch,
                Code::Syntax
            ]
        );
        // `上限=-1`: the label covers `-1`, on the second line.
        let first = "上线=3\n".len();
        let label = &errors[1].labels[0];
        assert_eq!(
            label.span.range(),
            Some((first + "上限=".len(), first + "上限=-1".len()))
        );
    }
}
