//! pest's parse errors → our diagnostics: what was found, what was expected
//! (in words, in both languages), the special cases of a keyword used where
//! a name belongs and of a missing closer (pointing at the opener), and a
//! help that fits the error or none: a misspelt keyword, a keyword glued to
//! a name ([`super::hints`] tries each fix), a string or `for` left out, a
//! file include after the first procedure.

use super::hints;
use super::{HuanjieParser, Rule};
use crate::diag::{did_you_mean_help, Code, Diagnostic, Text};
use crate::span::{FileId, Span};
use pest::error::{Error, ErrorVariant, InputLocation};
use pest::Parser;
use std::collections::BTreeSet;

/// Converts a pest error on `text` (file `file`) into a diagnostic.
pub fn from_pest(file: FileId, text: &str, err: &Error<Rule>) -> Diagnostic {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let rest = text.get(pos..).unwrap_or("");
    let word = leading_word(rest);
    let found_len = if word.is_empty() {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        word.len()
    };
    let span = Span::new(file, pos, pos + found_len);

    // pest stops by itself when its recursion would exhaust the stack
    // ("stack limit reached"): that is nesting too deep, not bad syntax.
    if let ErrorVariant::CustomError { message } = &err.variant {
        if message.contains("limit reached") {
            return Diagnostic::error(
                Code::TooDeep,
                Text::new(
                    "嵌套层数过多，无法解析",
                    "the text nests too deeply to be parsed",
                ),
            )
            .with_label(span, Text::new("解析在这里停止", "parsing stopped here"))
            .with_help(Text::new(
                "拆分表达式，或用参数给中间结果命名",
                "split the expression, or name intermediate values with parameters",
            ));
        }
    }
    let positives: Vec<Rule> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let wants_name = positives.iter().any(|r| {
        matches!(
            r,
            Rule::ident | Rule::coll | Rule::path | Rule::point_ref | Rule::qname | Rule::qualified
        )
    });
    if let Some(open) = hints::missing_closer(text, pos, found_len) {
        return missing_closer(file, text, span, open);
    }
    if wants_name && !word.is_empty() && HuanjieParser::parse(Rule::ident, word).is_err() {
        return keyword_as_name(span, word);
    }

    let mut zh = BTreeSet::new();
    let mut en = BTreeSet::new();
    for r in &positives {
        if let Some((z, e)) = describe(*r) {
            zh.insert(z.to_string());
            en.insert(e.to_string());
        }
    }
    if let Some(attempts) = err.parse_attempts() {
        for token in attempts.expected_tokens() {
            let t = token.to_string();
            if !t.is_empty()
                && t.chars()
                    .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
            {
                zh.insert(format!("`{t}`"));
                en.insert(format!("`{t}`"));
            }
        }
    }
    let found_zh;
    let found_en;
    if rest.is_empty() {
        found_zh = "文件结尾".to_string();
        found_en = "end of file".to_string();
    } else {
        let shown: String = rest
            .get(..found_len)
            .unwrap_or("")
            .chars()
            .take(20)
            .collect();
        found_zh = format!("`{shown}`");
        found_en = format!("`{shown}`");
    }
    let expected_zh = join(&zh, "、", " 或 ");
    let expected_en = join(&en, ", ", " or ");
    let label = if zh.is_empty() {
        Text::new("此处无法解析", "cannot parse here")
    } else {
        Text::new(
            format!("此处应为{expected_zh}"),
            format!("expected {expected_en}"),
        )
    };
    let d = Diagnostic::error(
        Code::Syntax,
        Text::new(
            format!("语法错误：此处不应出现 {found_zh}"),
            format!("syntax error: unexpected {found_en}"),
        ),
    )
    .with_label(span, label);
    match help(text, pos, word, &positives) {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// The help that fits a syntax error at `pos` (where `word` stands, and
/// pest expected `positives`), or none.
fn help(text: &str, pos: usize, word: &str, positives: &[Rule]) -> Option<Text> {
    if !word.is_empty() {
        if let Some(k) = hints::misspelt_keyword(text, pos, word) {
            return Some(did_you_mean_help(k));
        }
        if let Some(spaced) = hints::spaced_keywords(text, pos, word) {
            return Some(Text::new(
                format!("名称与关键字之间要用空格隔开：写作 `{spaced}`"),
                format!("separate names from keywords with spaces: write `{spaced}`"),
            ));
        }
        let rest = text.get(pos + word.len()..).unwrap_or("").trim_start();
        let include = matches!(word, "include" | "引入");
        if include && (rest.starts_with('"') || rest.starts_with('“')) {
            return Some(Text::new(
                "引入文件（`引入 \"文件.hj\"`）要写在文件开头，在所有程序和计划之前",
                "a file include (`include \"FILE.hj\"`) goes at the head of the file, before \
                 every procedure and plan",
            ));
        }
    }
    if positives.contains(&Rule::kw_for) {
        return Some(Text::new(
            "计划要写明它适用于哪个程序：`计划 名称 适用于 程序名 { … }`",
            "a plan names the procedure it is for: `plan NAME for PROCEDURE { … }`",
        ));
    }
    if positives == [Rule::string] {
        return Some(Text::new(
            "这里应是带引号的文本，如 `依据 方案 \"第十条 ……\"` 中的条文，用 `\"…\"` 或 `“…”`",
            "a quoted text belongs here, such as the clause in `per 方案 \"Article 10 …\"`, \
             in `\"…\"` or `“…”`",
        ));
    }
    None
}

/// A bracket left open: the error where parsing stopped, and the opener.
fn missing_closer(file: FileId, text: &str, at: Span, open: hints::Open) -> Diagnostic {
    let (o, c) = (open.opener, open.closer);
    let line = text.get(..open.at).map_or(0, |t| t.matches('\n').count()) + 1;
    let line_start = text
        .get(..open.at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let head = text.get(line_start..open.at).unwrap_or("").trim();
    let (what_zh, what_en) = if head.is_empty() || head.chars().count() > 40 {
        (
            format!("第 {line} 行的 `{o}`"),
            format!("the `{o}` on line {line}"),
        )
    } else {
        (
            format!("第 {line} 行 `{head} {o}` 的 `{o}`"),
            format!("the `{o}` of `{head} {o}` on line {line}"),
        )
    };
    let opener = Span::new(file, open.at, open.at + o.len_utf8());
    let help = if o == '{' {
        Text::new(
            format!("在这个块的最后一项之后补上 `{c}`"),
            format!("add `{c}` after the last item of the block"),
        )
    } else {
        Text::new(
            format!("在括号内的表达式之后补上 `{c}`"),
            format!("add `{c}` after the expression in the brackets"),
        )
    };
    // At the end of the file, point at the last thing written instead.
    let (at, said) = match at.range() {
        Some((s, e)) if s == e => {
            let before = text.get(..s).unwrap_or("").trim_end();
            let last = before.chars().next_back().map_or(0, char::len_utf8);
            let end = before.len();
            (
                Span::new(file, end - last, end),
                Text::new(
                    format!("在此之后应有 `{c}`"),
                    format!("`{c}` expected after this"),
                ),
            )
        }
        _ => (
            at,
            Text::new(
                format!("在此之前应有 `{c}`"),
                format!("`{c}` expected before this"),
            ),
        ),
    };
    Diagnostic::error(
        Code::Syntax,
        Text::new(
            format!("语法错误：缺少 `{c}`，{what_zh} 没有关闭"),
            format!("syntax error: missing `{c}`: {what_en} is not closed"),
        ),
    )
    .with_label(at, said)
    .with_label(
        opener,
        Text::new(
            format!("这个 `{o}` 没有对应的 `{c}`"),
            format!("this `{o}` is never closed"),
        ),
    )
    .with_help(help)
}

fn keyword_as_name(span: Span, word: &str) -> Diagnostic {
    if super::lexical::cn_int(word).is_ok() {
        return Diagnostic::error(
            Code::KeywordAsName,
            Text::new(
                format!("`{word}` 会被读作数字，不能用作名称"),
                format!("`{word}` reads as a number and cannot be a name"),
            ),
        )
        .with_label(span, Text::new("此处应为名称", "a name is expected here"))
        .with_help(Text::new(
            format!("换一个名称，例如 `第{word}项`"),
            format!("choose another name, e.g. `第{word}项`"),
        ));
    }
    Diagnostic::error(
        Code::KeywordAsName,
        Text::new(
            format!("`{word}` 是关键字，不能用作名称"),
            format!("`{word}` is a keyword and cannot be a name"),
        ),
    )
    .with_label(span, Text::new("此处应为名称", "a name is expected here"))
    .with_help(Text::new(
        format!("换一个名称，例如 `{word}1` 或更具体的说法；关键字表见 docs/language.md"),
        format!("choose another name, e.g. `{word}1` or something more specific; docs/language.md lists the keywords"),
    ))
}

/// The identifier-like word at the start of `rest` (may be empty).
fn leading_word(rest: &str) -> &str {
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        let ok = if i == 0 {
            unicode_ident::is_xid_start(c) || c == '_'
        } else {
            unicode_ident::is_xid_continue(c)
        };
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    rest.get(..end).unwrap_or("")
}

fn join(items: &BTreeSet<String>, sep: &str, last: &str) -> String {
    let v: Vec<&String> = items.iter().collect();
    match v.split_last() {
        None => String::new(),
        Some((l, [])) => (*l).clone(),
        Some((l, init)) => {
            let init: Vec<&str> = init.iter().map(|s| s.as_str()).collect();
            format!("{}{last}{l}", init.join(sep))
        }
    }
}

/// Words for the grammar rules that pest reports as expected.
fn describe(r: Rule) -> Option<(&'static str, &'static str)> {
    use Rule::*;
    Some(match r {
        EOI => ("文件结尾", "end of file"),
        procedure | kw_procedure => ("`程序`/`procedure`", "`procedure`/`程序`"),
        plan | kw_plan => ("`计划`/`plan`", "`plan`/`计划`"),
        ident | coll | path | point_ref | qname | qualified => ("名称", "a name"),
        word | type_name => ("类型名", "a type name"),
        string => ("带引号的文本", "a quoted string"),
        per | kw_per => ("`依据`/`per`", "`per`/`依据`"),
        basis_decl | position_decl | fact_decl | param_decl | setting_decl | include_decl
        | kw_include => ("声明", "a declaration"),
        phase | stage | phase_ext | stage_ext => ("阶段或环节", "a stage or phase"),
        kw_as => ("`作为`/`as`", "`as`/`作为`"),
        timing | t_within | t_at_least_before | t_no_earlier_before | t_between | t_not_before
        | t_not_after | t_lasts | t_after | t_before | t_same_day => {
            ("时间约束", "a timing constraint")
        }
        quorum_rule | require_rule | elect_rule => ("规则", "a rule"),
        expr | logic | comparison | arith | paren | count_expr | call | votes | bool_lit
        | quant => ("表达式", "an expression"),
        date_lit | iso_date | cn_date => ("日期", "a date"),
        quantity | int_lit | cn_int | frac_lit | percent_lit | decimal_lit | cn_frac
        | cn_percent | cn_half => ("数字", "a number"),
        cmp_ge | cmp_le | cmp_gt | cmp_lt | cmp_eq | cmp_ne | cmp_majority => {
            ("比较运算符", "a comparison")
        }
        op_and | op_or | op_add | op_sub | op_mul | op_div | op_of | op_de => {
            ("运算符", "an operator")
        }
        unit_calendar | unit_working | kw_days => ("`日`/`days`", "`days`/`日`"),
        unit_calendar_within | unit_working_within => ("`日内`", "`日内`"),
        kw_seats => ("`名额`/`seats`", "`seats`/`名额`"),
        kw_for => ("`适用于`/`for`", "`for`/`适用于`"),
        kw_to => ("`至`/`to`", "`to`/`至`"),
        kw_on => ("`于`/`on`", "`on`/`于`"),
        kw_if => ("`须`/`if`", "`if`/`须`"),
        kw_after => ("`after`", "`after`"),
        kw_before => ("`before`", "`before`"),
        kw_and => ("`且`/`and`", "`and`/`且`"),
        kw_zhihou => ("`之后`", "`之后`"),
        kw_zhiqian => ("`之前`", "`之前`"),
        kw_zhijian => ("`之间`", "`之间`"),
        kw_tongri => ("`同日`", "`同日`"),
        kw_qi => ("`之日起`", "`之日起`"),
        kw_de => ("`的`", "`的`"),
        kw_riqian => ("`日前`", "`日前`"),
        post_ge | post_le => ("`以上`/`以下`", "`以上`/`以下`"),
        kw_where => ("`其中`/`where`", "`where`/`其中`"),
        endpoint => ("`开始`/`结束`", "`start`/`end`"),
        _ => return None,
    })
}
