//! Small words shared by the explanation: numbers (Chinese numerals,
//! fractions, exact decimals), quoted names, units, the legal meaning of the
//! comparatives and the basis of a rule.

use super::BasisText;
use crate::ast::Comparison;
use crate::diag::Text;
use crate::resolve::{BasisRef, Cite, Procedure, Type, Value};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

/// Both languages from two strings.
pub(super) fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// How a parameter's value is introduced: “默认为” / “by default”, or, when
/// the run set it (a plan, `--param`), “设为” / “set to”.
pub(super) fn value_is(p: &crate::resolve::Param) -> (&'static str, &'static str) {
    if p.set {
        ("设为", "set to")
    } else {
        ("默认为", "by default")
    }
}

/// The same text in both languages (names, dates, numbers).
pub(super) fn same(s: impl Into<String>) -> Text {
    let s = s.into();
    Text::new(s.clone(), s)
}

/// Whether `c` is a Chinese character.
fn cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '〇')
}

/// The Chinese text with a space between a Chinese character and a Latin
/// letter or digit next to it (“少于 50”, “当选人 w 的姓名”), as the rest of
/// the output writes them; quoted names (“…”) are left as they are.
pub(super) fn tidy(text: Text) -> Text {
    let mut out = String::new();
    let mut quoted = 0usize;
    let mut prev: Option<char> = None;
    for c in text.zh.chars() {
        match c {
            '“' => quoted += 1,
            '”' => quoted = quoted.saturating_sub(1),
            _ => {}
        }
        if let Some(p) = prev {
            let gap =
                (cjk(p) && c.is_ascii_alphanumeric()) || (p.is_ascii_alphanumeric() && cjk(c));
            if gap && quoted == 0 {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    Text {
        zh: out,
        en: text.en,
    }
}

/// A name in quotation marks: “投票选举”.
pub(super) fn quoted(name: &str) -> Text {
    same(format!("“{name}”"))
}

/// Joins texts with the language's list separator: “、” / “, ”.
pub(super) fn list(items: &[Text]) -> Text {
    let zh: Vec<&str> = items.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = items.iter().map(|t| t.en.as_str()).collect();
    t(zh.join("、"), en.join(", "))
}

/// "a、b 或 c" / "a, b or c".
pub(super) fn either(items: &[Text]) -> Text {
    match items.split_last() {
        None => same(""),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            let head = list(rest);
            t(
                format!("{}或{}", head.zh, last.zh),
                format!("{} or {}", head.en, last.en),
            )
        }
    }
}

/// A Chinese numeral for small whole numbers (0 to 99); larger numbers stay
/// in Arabic digits.
pub(super) fn zh_numeral(n: &BigInt) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let Some(v) = n.to_usize().filter(|v| *v < 100) else {
        return n.to_string();
    };
    let digit = |d: usize| DIGITS.get(d).copied().unwrap_or("?");
    match (v / 10, v % 10) {
        (0, d) => digit(d).to_string(),
        (1, 0) => "十".to_string(),
        (1, d) => format!("十{}", digit(d)),
        (t, 0) => format!("{}十", digit(t)),
        (t, d) => format!("{}十{}", digit(t), digit(d)),
    }
}

/// A fraction as it is said: 一半 / half, 五分之四 / 4/5, a whole number as
/// digits.
pub(super) fn fraction(r: &BigRational) -> Text {
    if r.is_integer() {
        return same(r.to_integer().to_string());
    }
    let (p, q) = (r.numer(), r.denom());
    if *p == BigInt::from(1) && *q == BigInt::from(2) {
        return t("一半", "half");
    }
    if r.is_positive() && *q <= BigInt::from(10) {
        return t(
            format!("{}分之{}", zh_numeral(q), zh_numeral(p)),
            format!("{p}/{q}"),
        );
    }
    match percent(r) {
        Some(pc) => same(pc),
        None => same(format!("{p}/{q}")),
    }
}

/// `20%` when the fraction is a whole number of hundredths.
fn percent(r: &BigRational) -> Option<String> {
    let hundred = BigRational::from_integer(BigInt::from(100));
    let x = r * hundred;
    x.is_integer().then(|| format!("{}%", x.to_integer()))
}

/// An exact number: `22.2` when the decimal terminates (at most 6 places),
/// else `111/5`; whole numbers as digits.
pub(super) fn exact(r: &BigRational) -> String {
    if r.is_integer() {
        return r.to_integer().to_string();
    }
    let ten = BigRational::from_integer(BigInt::from(10));
    let mut scaled = r.abs();
    let mut places = 0usize;
    while !scaled.is_integer() && places < 6 {
        scaled *= ten.clone();
        places += 1;
    }
    if !scaled.is_integer() {
        return format!("{}/{}", r.numer(), r.denom());
    }
    let digits = format!("{:0>width$}", scaled.to_integer(), width = places + 1);
    let (int, frac) = digits.split_at(digits.len() - places);
    let sign = if r.is_negative() { "-" } else { "" };
    format!("{sign}{int}.{frac}")
}

/// The least integer ≥ r.
pub(super) fn ceil(r: &BigRational) -> BigInt {
    let (q, m) = r.numer().div_mod_floor(r.denom());
    if m.is_zero() {
        q
    } else {
        q + 1
    }
}

/// The greatest integer ≤ r.
pub(super) fn floor(r: &BigRational) -> BigInt {
    r.numer().div_floor(r.denom())
}

/// A parameter's value in words: `5`, `20%`, `10 日`, `否`.
pub(crate) fn value(v: &Value) -> Text {
    match v {
        Value::Count(n) => same(n.to_string()),
        Value::Ratio(r) | Value::Number(r) if r.is_integer() => same(r.to_integer().to_string()),
        Value::Ratio(r) | Value::Number(r) => {
            let words = if r.is_positive() && r.denom() <= &BigInt::from(10) {
                t(
                    format!("{}分之{}", zh_numeral(r.denom()), zh_numeral(r.numer())),
                    format!("{}/{}", r.numer(), r.denom()),
                )
            } else {
                fraction(r)
            };
            match percent(r) {
                Some(pc) if words.en != pc => t(
                    format!("{}，即 {pc}", words.zh),
                    format!("{}, i.e. {pc}", words.en),
                ),
                _ => words,
            }
        }
        Value::Days(d) => t(format!("{d} 日"), format!("{d} days")),
        Value::Date(d) => same(d.to_string()),
        Value::Bool(true) => t("是", "yes"),
        Value::Bool(false) => t("否", "no"),
        Value::Text(s) => quoted(s),
    }
}

/// What a fact of this type records, for the list of facts.
pub(super) fn fact_kind(name: &str, ty: Type) -> Text {
    match ty {
        Type::Count if is_ballots(name) => t("张数", "count"),
        Type::Count if name.contains("年龄") => t("周岁", "years"),
        Type::Count if name.contains("倍数") => t("倍数", "count"),
        Type::Count if counts_people(name) => t("人数", "count"),
        Type::Count => t("数目", "count"),
        Type::Days => t("天数", "days"),
        Type::Date => t("日期", "date"),
        Type::Bool => t("是或否", "yes or no"),
        Type::Text => t("文字", "text"),
        Type::Ratio => t("比例", "ratio"),
        _ => t("数值", "number"),
    }
}

/// Whether a count named so counts people.
fn counts_people(name: &str) -> bool {
    ["人", "选民", "到会", "投票", "职数", "党员", "代表", "提名"]
        .iter()
        .any(|w| name.contains(w))
}

/// Whether a count named so counts ballots (选票) rather than people.
pub(super) fn is_ballots(name: &str) -> bool {
    name.contains('票') && !name.contains("投票")
}

/// The Chinese unit after a count of this name: 张 for ballots, else 人.
pub(super) fn unit_of(name: &str) -> &'static str {
    if is_ballots(name) {
        "张"
    } else {
        "人"
    }
}

/// The legal meaning of a comparative (民法典 第一千二百五十九条), or
/// `None` for = and ≠.
pub(super) fn meaning(c: Comparison) -> Option<Text> {
    Some(match c {
        Comparison::Gt => t(
            "“超过”不包括本数，恰好等于不够（民法典第一千二百五十九条）",
            "“More than” excludes the number itself, so exactly equal is not enough (Civil Code art. 1259)",
        ),
        Comparison::Ge => t(
            "“不少于”“以上”包括本数，恰好等于也符合（民法典第一千二百五十九条）",
            "“At least” includes the number itself, so exactly equal is enough (Civil Code art. 1259)",
        ),
        Comparison::Lt => t(
            "“少于”“不满”不包括本数，恰好等于不符合（民法典第一千二百五十九条）",
            "“Less than” excludes the number itself, so exactly equal does not qualify (Civil Code art. 1259)",
        ),
        Comparison::Le => t(
            "“不超过”“以下”“以内”包括本数，恰好等于也符合（民法典第一千二百五十九条）",
            "“At most” includes the number itself, so exactly equal is allowed (Civil Code art. 1259)",
        ),
        Comparison::Majority => t(
            "“过半数”是超过一半，恰好一半不够",
            "A majority is more than half, so exactly half is not enough",
        ),
        Comparison::Eq | Comparison::Ne => return None,
    })
}

/// The basis of a `per` clause: the cited document's name and title and
/// the quoted words.
pub(super) fn basis(proc: &Procedure, cite: &Option<Cite>) -> Option<BasisText> {
    let c = cite.as_ref()?;
    let (name, title) = match c.basis {
        BasisRef::Procedure(id) => proc
            .bases
            .get(id.0)
            .map(|b| (b.name.name.clone(), b.title.clone()))
            .unwrap_or_default(),
        BasisRef::Plan(_) => (String::new(), String::new()),
    };
    Some(BasisText {
        name,
        title,
        clause: c.clause.clone(),
    })
}

/// A document title in 《》 unless it already has them; a description in
/// brackets after the name stays outside: 《…工作方案》(2020年).
pub(super) fn book(title: &str) -> String {
    if title.contains('《') || title.is_empty() {
        return title.to_string();
    }
    match title.find(['(', '（']) {
        Some(0) | None => format!("《{title}》"),
        Some(i) => format!("《{}》{}", &title[..i], &title[i..]),
    }
}
