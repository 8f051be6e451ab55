//! The words of the report: verdicts, kinds of finding, severities and the
//! labels of tables, in Chinese and English.

use crate::check::{Kind, Verdict};
use crate::diag::{Lang, Severity};

/// A pair of words, picked by language.
pub(crate) fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// "符合程序" / "conforming".
pub(crate) fn verdict(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Conforming => pick(lang, "符合程序", "conforming"),
        Verdict::Violations => pick(lang, "有违规", "violations"),
        Verdict::Invalid => pick(lang, "无法读取", "invalid"),
    }
}

/// The kind of a finding, as a column heading.
pub(crate) fn kind(k: Kind, lang: Lang) -> &'static str {
    match k {
        Kind::MissingStage => pick(lang, "缺少阶段", "missing stage"),
        Kind::UnexpectedStage => pick(lang, "多出的阶段", "unexpected stage"),
        Kind::Order => pick(lang, "先后顺序", "order"),
        Kind::Deadline => pick(lang, "时限", "deadline"),
        Kind::Duration => pick(lang, "期间长短", "duration"),
        Kind::Quorum => pick(lang, "法定人数", "quorum"),
        Kind::Rule => pick(lang, "其他规定", "rule"),
        Kind::Result => pick(lang, "当选结果", "result"),
        Kind::Data => pick(lang, "记录数据", "data"),
    }
}

/// Every kind, in the order of the report's columns.
pub(crate) const KINDS: [Kind; 9] = [
    Kind::MissingStage,
    Kind::UnexpectedStage,
    Kind::Order,
    Kind::Deadline,
    Kind::Duration,
    Kind::Quorum,
    Kind::Rule,
    Kind::Result,
    Kind::Data,
];

/// "违规" / "violation".
pub(crate) fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => pick(lang, "违规", "violation"),
        Severity::Warning => pick(lang, "警告", "warning"),
        Severity::Advice => pick(lang, "提示", "note"),
    }
}

/// The heading of the records without a district.
pub(crate) fn no_district(lang: Lang) -> &'static str {
    pick(lang, "（未注明街道）", "(no district given)")
}

/// The heading of findings without a stage.
pub(crate) fn no_stage(lang: Lang) -> &'static str {
    pick(lang, "（不属于某一阶段）", "(no stage)")
}
