//! The resolver's diagnostics, in Chinese and English. Every constructor puts
//! the primary label on the exact span of the offending name or expression.

use super::types::Type;
use crate::ast::{BinOp, Ident};
use crate::diag::{did_you_mean_help, Code, Diagnostic, Text};
use crate::span::Span;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// `help` = "did you mean" when there is a suggestion, else `fallback`.
fn help_or(suggestion: Option<&str>, fallback: Text) -> Text {
    suggestion.map(did_you_mean_help).unwrap_or(fallback)
}

pub(crate) fn undefined(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    undefined_with(id, suggestion, None)
}

/// `element` names the element whose fields are in scope and lists them:
/// ("候选人", "a candidate") and the fields.
pub(crate) fn undefined_with(
    id: &Ident,
    suggestion: Option<&str>,
    element: Option<(Text, Text)>,
) -> Diagnostic {
    let n = &id.name;
    let fallback = match element {
        Some((owner, fields)) => t(
            format!(
                "{}的字段有：{}；其他名称须先用 `fact`、`param` 或 `position` 声明",
                owner.zh, fields.zh
            ),
            format!(
                "the fields of {} are {}; other names must be declared first as a `fact`, a `param` or a `position`",
                owner.en, fields.en
            ),
        ),
        None => t(
            "请先用 `fact`、`param` 或 `position` 声明该名称",
            "declare it first as a `fact`, a `param` or a `position`",
        ),
    };
    Diagnostic::error(
        Code::Undefined,
        t(
            format!("名称 `{n}` 未定义"),
            format!("`{n}` is not defined"),
        ),
    )
    .with_label(id.span, t("未定义的名称", "not defined"))
    .with_help(help_or(suggestion, fallback))
}

pub(crate) fn stage_fact_unqualified(id: &Ident, stage: &str) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::Undefined,
        t(
            format!("名称 `{n}` 在此处未定义"),
            format!("`{n}` is not defined here"),
        ),
    )
    .with_label(
        id.span,
        t(
            format!("这是阶段 `{stage}` 的事实"),
            format!("a fact of stage `{stage}`"),
        ),
    )
    .with_help(t(
        format!("在该阶段之外须写作 `{stage}.{n}`"),
        format!("outside that stage, write `{stage}.{n}`"),
    ))
}

pub(crate) fn bad_candidate_source(span: Span, problem: Text) -> Diagnostic {
    Diagnostic::error(
        Code::BadCandidateSource,
        t("“候选人取自”的来源有误", "bad source in `candidates from`"),
    )
    .with_label(span, problem)
    .with_help(t(
        "写成 `候选人取自 阶段 [未当选者] [按得票多少]`，阶段须是本程序中另一个有当选规则的阶段",
        "write `candidates from STAGE [unelected] [by votes]`, naming another stage of the procedure that has an elect rule",
    ))
}

pub(crate) fn duplicate(
    name: &str,
    second: Span,
    first: Option<Span>,
    namespace: Text,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::Duplicate,
        t(
            format!("名称 `{name}` 重复定义"),
            format!("`{name}` is defined more than once"),
        ),
    )
    .with_label(second, t("再次定义于此", "defined again here"));
    if let Some(first) = first {
        d = d.with_label(first, t("首次定义于此", "first defined here"));
    }
    d.with_help(namespace)
}

pub(crate) fn ns_procedure() -> Text {
    t(
        "同一程序中的职务、事实、参数、环节和阶段共用一个命名空间，名称必须互不相同（不同阶段可以各有同名的事实）；请改用其他名称",
        "positions, facts, parameters, phases and stages of one procedure share one namespace (two stages may each have a fact of one name); rename one of them",
    )
}

pub(crate) fn unknown_basis(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::UnknownBasis,
        t(
            format!("依据 `{n}` 未声明"),
            format!("basis `{n}` is not declared"),
        ),
    )
    .with_label(id.span, t("未声明的依据", "not declared"))
    .with_help(help_or(
        suggestion,
        t(
            format!("请先用 `basis {n} \"全称\"` 声明该依据"),
            format!("declare it with `basis {n} \"title\"`"),
        ),
    ))
}

pub(crate) fn unused_basis(id: &Ident) -> Diagnostic {
    let n = &id.name;
    Diagnostic::warning(
        Code::UnusedBasis,
        t(
            format!("依据 `{n}` 未被引用"),
            format!("basis `{n}` is never cited"),
        ),
    )
    .with_label(id.span, t("没有任何条目引用该依据", "no item cites it"))
    .with_help(t(
        format!("请在规则后写 `依据 {n} \"原文\"` 引用它，或删除该声明"),
        format!("cite it with `per {n} \"clause\"`, or remove it"),
    ))
}

pub(crate) fn unknown_stage(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::UnknownStage,
        t(
            format!("阶段或环节 `{n}` 不存在"),
            format!("no stage or phase named `{n}`"),
        ),
    )
    .with_label(id.span, t("未知的阶段或环节", "unknown stage or phase"))
    .with_help(help_or(
        suggestion,
        t(
            "请检查名称是否与阶段或环节的声明一致",
            "check the name against the declared stages and phases",
        ),
    ))
}

pub(crate) fn self_reference(span: Span, name: &str) -> Diagnostic {
    Diagnostic::error(
        Code::SelfReference,
        t(
            format!("`{name}` 以自身为约束对象"),
            format!("`{name}` is constrained against itself"),
        ),
    )
    .with_label(span, t("指向自身", "refers to itself"))
    .with_help(t(
        "时间约束应指向另一个阶段或环节",
        "a timing constraint relates its stage to another stage or phase",
    ))
}

pub(crate) fn self_reference_phase(span: Span, phase: &str, stage: &str) -> Diagnostic {
    Diagnostic::error(
        Code::SelfReference,
        t(
            format!("环节 `{phase}` 以其下属阶段 `{stage}` 为约束对象"),
            format!("phase `{phase}` is constrained against its own stage `{stage}`"),
        ),
    )
    .with_label(
        span,
        t(
            format!("`{stage}` 属于环节 `{phase}`"),
            format!("`{stage}` is part of `{phase}`"),
        ),
    )
    .with_help(t(
        "环节的时间约束应指向环节之外的阶段或环节",
        "a phase's timing constraints relate it to stages or phases outside it",
    ))
}

pub(crate) fn self_reference_when(span: Span, stage: &str) -> Diagnostic {
    Diagnostic::error(
        Code::SelfReference,
        t(format!("阶段 `{stage}` 的条件引用了该阶段自身"), format!("the condition of stage `{stage}` refers to the stage itself")),
    )
    .with_label(span, t("指向自身", "refers to itself"))
    .with_help(t("`when` 条件决定阶段是否需要进行，只能依据其他阶段", "a `when` condition decides whether the stage is needed; it can only depend on other stages"))
}

pub(crate) fn unknown_procedure(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::UnknownProcedure,
        t(
            format!("程序 `{n}` 不存在"),
            format!("no procedure named `{n}`"),
        ),
    )
    .with_label(id.span, t("未知的程序", "unknown procedure"))
    .with_help(help_or(
        suggestion,
        t(
            "计划只能适用于所加载文件中的程序",
            "a plan applies to a procedure in one of the loaded files",
        ),
    ))
}

pub(crate) fn unknown_setting_key(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::UnknownSetting,
        t(
            format!("设定项 `{n}` 不存在"),
            format!("unknown setting `{n}`"),
        ),
    )
    .with_label(id.span, t("未知的设定项", "unknown setting"))
    .with_help(help_or(
        suggestion,
        t(
            "可用的设定项：`日前计法`（`days_before`）、`节假日顺延`（`holiday_extension`）、`另选他人`（`write_ins`）、`职务分别选举`（`separate_positions`）",
            "the settings are `days_before` (`日前计法`), `holiday_extension` (`节假日顺延`), `write_ins` (`另选他人`) and `separate_positions` (`职务分别选举`)",
        ),
    ))
}

pub(crate) fn unknown_setting_value(
    key: &str,
    id: &Ident,
    suggestion: Option<&str>,
    allowed: Text,
) -> Diagnostic {
    let v = &id.name;
    Diagnostic::error(
        Code::UnknownSetting,
        t(
            format!("设定项 `{key}` 不接受取值 `{v}`"),
            format!("`{v}` is not a value of setting `{key}`"),
        ),
    )
    .with_label(id.span, t("未知的取值", "unknown value"))
    .with_help(help_or(suggestion, allowed))
}

pub(crate) fn unknown_function(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(Code::UnknownFunction, t(format!("函数 `{n}` 不存在"), format!("unknown function `{n}`")))
        .with_label(id.span, t("未知的函数", "unknown function"))
        .with_help(help_or(
            suggestion,
            t(
                "可用的函数：名额、已进行、缺额、平票、日期、年龄、向上取整、向下取整、最小、最大",
                "the functions are seats, happened, shortfall, tie, date, age, ceil, floor, min and max",
            ),
        ))
}

pub(crate) fn unknown_collection(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::UnknownCollection,
        t(
            format!("集合 `{n}` 不存在"),
            format!("unknown collection `{n}`"),
        ),
    )
    .with_label(id.span, t("未知的集合", "unknown collection"))
    .with_help(help_or(
        suggestion,
        t(
            "可计数的集合：候选人、职务、委托、选民、当选人、不计应到",
            "the collections are candidates, positions, proxies, voters, winners and excluded",
        ),
    ))
}

/// `owner` names what has no such field ("候选人", "a candidate").
pub(crate) fn unknown_field(
    id: &Ident,
    owner: Text,
    suggestion: Option<&str>,
    fields: Text,
) -> Diagnostic {
    let n = &id.name;
    let help = match suggestion {
        Some(s) => t(
            format!("是否想写 `{s}`？可用的字段：{}", fields.zh),
            format!("did you mean `{s}`? the fields are {}", fields.en),
        ),
        None if fields.en.is_empty() => t("它没有任何字段", "it has no fields"),
        None => t(
            format!("可用的字段：{}", fields.zh),
            format!("the fields are {}", fields.en),
        ),
    };
    Diagnostic::error(
        Code::UnknownField,
        t(
            format!("{}没有字段 `{n}`", owner.zh),
            format!("{} has no field `{n}`", owner.en),
        ),
    )
    .with_label(id.span, t("未知的字段", "unknown field"))
    .with_help(help)
}

pub(crate) fn unknown_position(id: &Ident, suggestion: Option<&str>) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::UnknownPosition,
        t(
            format!("职务 `{n}` 未声明"),
            format!("position `{n}` is not declared"),
        ),
    )
    .with_label(id.span, t("未声明的职务", "not a declared position"))
    .with_help(help_or(
        suggestion,
        t(
            "请先用 `position` 声明该职务",
            "declare it first with `position`",
        ),
    ))
}

/// "the procedure `P` has no parameter `N`": a plan's, a record's or the
/// command line's parameter that the procedure does not declare.
pub(crate) fn no_such_param(procedure: &str, name: &str) -> Text {
    t(
        format!("程序 `{procedure}` 没有参数 `{name}`"),
        format!("the procedure `{procedure}` has no parameter `{name}`"),
    )
}

pub(crate) fn unknown_param(id: &Ident, procedure: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(Code::UnknownParam, no_such_param(procedure, &id.name))
        .with_label(id.span, t("未知的参数", "unknown parameter"))
        .with_help(help_or(
            suggestion,
            t(
                "计划只能覆盖程序中声明的参数",
                "a plan can only override the procedure's parameters",
            ),
        ))
}

pub(crate) fn votes_outside_elect(span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::VotesOutsideElect,
        t("`得票` 只能用于当选规则", "`votes` outside an elect rule"),
    )
    .with_label(span, t("此处没有候选人", "there is no candidate here"))
    .with_help(t(
        "`得票` 指某一候选人的得票数，只能在 `当选 … 须 …` 规则中使用",
        "`votes` is one candidate's vote count; use it in `elect … if …`",
    ))
}

pub(crate) fn type_mismatch(span: Span, expected: Type, found: Type, help: Text) -> Diagnostic {
    let (e, f) = (expected.describe(), found.describe());
    Diagnostic::error(
        Code::TypeMismatch,
        t(
            format!("类型不匹配：应为{}，实际为{}", e.zh, f.zh),
            format!("expected {}, found {}", e.en, f.en),
        ),
    )
    .with_label(
        span,
        t(format!("此处为{}", f.zh), format!("this is {}", f.en)),
    )
    .with_help(help)
}

/// A name used as a value that is not one (a stage, a phase).
pub(crate) fn not_a_value(id: &Ident, what: Text, help: Text) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::TypeMismatch,
        t(
            format!("`{n}` 是{}，不是值", what.zh),
            format!("`{n}` is a {}, not a value", what.en),
        ),
    )
    .with_label(
        id.span,
        t(format!("{}名称", what.zh), format!("{} name", what.en)),
    )
    .with_help(help)
}

fn verb(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("相加", "add"),
        BinOp::Sub => ("相减", "subtract"),
        BinOp::Mul => ("相乘", "multiply"),
        BinOp::Div => ("相除", "divide"),
        BinOp::And | BinOp::Or => ("组合", "combine"),
    }
}

fn typed_labels(d: Diagnostic, left: (Span, Type), right: (Span, Type)) -> Diagnostic {
    let (l, r) = (left.1.describe(), right.1.describe());
    d.with_label(left.0, t(l.zh, l.en))
        .with_label(right.0, t(r.zh, r.en))
}

/// `op` is `None` for `of`.
pub(crate) fn unit_mismatch(
    op: Option<BinOp>,
    left: (Span, Type),
    right: (Span, Type),
) -> Diagnostic {
    let (l, r) = (left.1.describe(), right.1.describe());
    let message = match op {
        Some(op) => {
            let (zh, en) = verb(op);
            t(
                format!("{}与{}不能{zh}", l.zh, r.zh),
                format!("cannot {en} {} and {}", l.en, r.en),
            )
        }
        None => t(
            format!("「的」（比例）两侧须为数值，不能是{}与{}", l.zh, r.zh),
            format!("`of` needs two numbers, not {} and {}", l.en, r.en),
        ),
    };
    typed_labels(Diagnostic::error(Code::UnitMismatch, message), left, right).with_help(t(
        "计数只能与计数运算，天数只能与天数或日期相加减，两个日期相减得到天数",
        "counts combine with counts, days add to days and to dates, and a date minus a date is days",
    ))
}

pub(crate) fn incomparable(left: (Span, Type), right: (Span, Type), help: Text) -> Diagnostic {
    let (l, r) = (left.1.describe(), right.1.describe());
    let message = t(
        format!("{}与{}无法比较", l.zh, r.zh),
        format!("cannot compare {} with {}", l.en, r.en),
    );
    typed_labels(
        Diagnostic::error(Code::IncomparableTypes, message),
        left,
        right,
    )
    .with_help(help)
}

pub(crate) fn not_a_condition(span: Span, found: Type) -> Diagnostic {
    let f = found.describe();
    Diagnostic::error(
        Code::NotACondition,
        t("条件必须是真假值", "condition is not a yes/no value"),
    )
    .with_label(
        span,
        t(
            format!("此处为{}，不是真假值", f.zh),
            format!("this is {}, not yes/no", f.en),
        ),
    )
    .with_help(t(
        "请写成比较式，例如 `参加投票 > 登记选民 的 二分之一`",
        "write a comparison, e.g. `x >= 1`",
    ))
}

pub(crate) fn bad_arguments(span: Span, func: &str, problem: Text, help: Text) -> Diagnostic {
    Diagnostic::error(
        Code::BadArguments,
        t(
            format!("函数 `{func}` 的参数有误"),
            format!("wrong arguments to `{func}`"),
        ),
    )
    .with_label(span, problem)
    .with_help(help)
}

pub(crate) fn empty_range(low: (Span, String), high: (Span, String)) -> Diagnostic {
    let (a, b) = (&low.1, &high.1);
    Diagnostic::error(
        Code::EmptyRange,
        t(
            format!("范围为空：下限 {a} 大于上限 {b}"),
            format!("empty range: {a} is greater than {b}"),
        ),
    )
    .with_label(low.0, t("下限", "lower end"))
    .with_label(high.0, t("上限", "upper end"))
    .with_help(t(
        "请交换两端，或改正其中一个数值",
        "swap the two ends or correct one of them",
    ))
}

pub(crate) fn not_days(id: &Ident, what: Text) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::NotDays,
        t(
            format!("`{n}` 不是天数参数"),
            format!("`{n}` is not a number of days"),
        ),
    )
    .with_label(id.span, what)
    .with_help(t(
        format!("天数须写成数字，或声明为 `param {n}: days = …` 的参数"),
        format!("write a number, or declare `param {n}: days = …`"),
    ))
}

pub(crate) fn division_by_zero(span: Span) -> Diagnostic {
    Diagnostic::error(Code::DivisionByZero, t("除数为零", "division by zero"))
        .with_label(span, t("此值为零", "this is zero"))
        .with_help(t("请改正除数", "correct the divisor"))
}

pub(crate) fn not_constant(span: Span, what: Text) -> Diagnostic {
    Diagnostic::error(
        Code::NotConstant,
        t(
            "参数的值必须是常量",
            "a parameter's value must be a constant",
        ),
    )
    .with_label(span, what)
    .with_help(t(
        "参数的值只能由数字、日期、文本、真假值和其他参数组成",
        "a parameter's value is made of literals and other parameters",
    ))
}

pub(crate) fn param_cycle(id: &Ident) -> Diagnostic {
    let n = &id.name;
    Diagnostic::error(
        Code::NotConstant,
        t(
            format!("参数 `{n}` 的值依赖于它自身"),
            format!("the value of `{n}` depends on itself"),
        ),
    )
    .with_label(id.span, t("循环定义", "circular definition"))
    .with_help(t(
        "请至少为其中一个参数写出具体数值",
        "give at least one of these parameters a literal value",
    ))
}

pub(crate) fn overflow(span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::NumberTooLarge,
        t("计算结果超出范围", "the result is out of range"),
    )
    .with_label(span, t("此值过大", "too large"))
    .with_help(t(
        "天数和日期须在合理范围之内",
        "days and dates must stay within a sensible range",
    ))
}

/// HJ212: a contested parameter's readings are malformed.
pub(crate) fn bad_readings(at: Span, label: Text, help: Text) -> Diagnostic {
    Diagnostic::error(
        Code::BadReadings,
        t(
            "争议参数的读法有误",
            "malformed readings of a contested parameter",
        ),
    )
    .with_label(at, label)
    .with_help(help)
}
