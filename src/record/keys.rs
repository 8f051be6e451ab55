//! The fixed keys of a record, in English and in Chinese, per place.
//!
//! A record may spell every fixed key either way (`date` or `日期`) and mix
//! the two; the names of stages, facts and parameters are the procedure's
//! own. `docs/records.md` lists the same tables.

use crate::diag::Text;

/// A fixed key: its English name and its Chinese spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyDef {
    pub en: &'static str,
    pub zh: &'static [&'static str],
    /// Whether the record must give it.
    pub required: bool,
}

impl KeyDef {
    /// Whether `name` spells this key.
    pub fn matches(&self, name: &str) -> bool {
        self.en == name || self.zh.contains(&name)
    }

    /// The first Chinese spelling.
    pub fn zh(&self) -> &'static str {
        self.zh.first().copied().unwrap_or(self.en)
    }
}

const fn key(en: &'static str, zh: &'static [&'static str]) -> KeyDef {
    KeyDef {
        en,
        zh,
        required: false,
    }
}

const fn req(en: &'static str, zh: &'static [&'static str]) -> KeyDef {
    KeyDef {
        en,
        zh,
        required: true,
    }
}

/// The top level of a record.
pub const ROOT: [KeyDef; 12] = [
    req("procedure", &["程序"]),
    key("unit", &["单位"]),
    key("district", &["街道"]),
    key("facts", &["事实"]),
    key("params", &["参数"]),
    key("stages", &["阶段"]),
    key("positions", &["职务"]),
    key("candidates", &["候选人"]),
    key("proxies", &["委托"]),
    key("voters", &["选民"]),
    key("excluded", &["不计应到"]),
    key("elected", &["当选"]),
];

/// A stage (`[stages.NAME]`).
pub const STAGE: [KeyDef; 6] = [
    key("date", &["日期"]),
    key("start", &["开始"]),
    key("end", &["结束"]),
    key("time", &["时间"]),
    key("facts", &["事实"]),
    key("tally", &["计票"]),
];

/// One line of a stage's tally (`[[stages.NAME.tally]]`).
pub const TALLY: [KeyDef; 5] = [
    req("position", &["职务"]),
    req("candidate", &["候选人"]),
    req("votes", &["得票"]),
    key("round", &["轮次"]),
    key("write_in", &["另选他人"]),
];

/// A position (`[[positions]]`).
pub const POSITION: [KeyDef; 2] = [req("id", &["职务", "名称"]), req("seats", &["名额"])];

/// A candidate (`[[candidates]]`).
pub const CANDIDATE: [KeyDef; 11] = [
    req("name", &["姓名"]),
    req("position", &["职务"]),
    key("gender", &["性别"]),
    key("birth_date", &["出生日期"]),
    key("list", &["名单"]),
    key("nomination_votes", &["提名得票"]),
    key("disqualified", &["负面情形"]),
    key("incumbent", &["连任"]),
    key("withdrawn", &["已退出"]),
    key("withdrawn_on", &["退出日期"]),
    key("approved", &["经批准"]),
];

/// A proxy (`[[proxies]]`).
pub const PROXY: [KeyDef; 2] = [req("holder", &["受托人"]), req("principal", &["委托人"])];

/// A voter (`[[voters]]`).
pub const VOTER: [KeyDef; 2] = [req("name", &["姓名"]), key("birth_date", &["出生日期"])];

/// A member left out of the expected attendance (`[[excluded]]`).
pub const EXCLUDED: [KeyDef; 3] = [
    req("name", &["姓名"]),
    req("reason", &["原因"]),
    key("approved", &["经批准"]),
];

/// A declared winner (`[[elected]]`).
pub const ELECTED: [KeyDef; 4] = [
    req("position", &["职务"]),
    req("name", &["姓名"]),
    key("gender", &["性别"]),
    key("stage", &["阶段"]),
];

/// The spellings of the genders: `(value, spellings)`.
pub const GENDERS: [(super::Gender, &[&str]); 2] = [
    (super::Gender::Male, &["male", "男"]),
    (super::Gender::Female, &["female", "女"]),
];

/// The spellings of the lists.
pub const LISTS: [(super::ListKind, &[&str]); 2] = [
    (
        super::ListKind::Preliminary,
        &["preliminary", "初步", "初步候选人"],
    ),
    (super::ListKind::Formal, &["formal", "正式", "正式候选人"]),
];

/// Every spelling of every key of `defs`, English first.
pub fn spellings(defs: &[KeyDef]) -> Vec<&'static str> {
    defs.iter()
        .map(|d| d.en)
        .chain(defs.iter().flat_map(|d| d.zh.iter().copied()))
        .collect()
}

/// Where in the record a table is, for messages.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place<'p> {
    Root,
    Facts,
    Params,
    Stages,
    Stage(&'p str),
    StageFacts(&'p str),
    /// The n-th (1-based) tally line of a stage.
    Tally(&'p str, usize),
    /// The n-th (1-based) element of a top-level array.
    Element(Array, usize),
}

/// The top-level arrays of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Array {
    Positions,
    Candidates,
    Proxies,
    Voters,
    Excluded,
    Elected,
}

impl Place<'_> {
    /// The place in both languages.
    pub(crate) fn text(&self) -> Text {
        match *self {
            Place::Root => Text::new("记录顶层", "the top level of the record"),
            Place::Facts => Text::new("`facts`（事实）", "`facts`"),
            Place::Params => Text::new("`params`（参数）", "`params`"),
            Place::Stages => Text::new("`stages`（阶段）", "`stages`"),
            Place::Stage(s) => Text::new(format!("阶段 `{s}`"), format!("stage `{s}`")),
            Place::StageFacts(s) => Text::new(
                format!("阶段 `{s}` 的 `facts`"),
                format!("the facts of stage `{s}`"),
            ),
            Place::Tally(s, n) => Text::new(
                format!("阶段 `{s}` 的第 {n} 条计票"),
                format!("tally line {n} of stage `{s}`"),
            ),
            Place::Element(a, n) => {
                let (zh, en) = a.names();
                Text::new(format!("第 {n} 个{zh}"), format!("{en} {n}"))
            }
        }
    }
}

impl Array {
    /// What one element is called: `(zh, en)`.
    pub(crate) fn names(self) -> (&'static str, &'static str) {
        match self {
            Array::Positions => ("职务（positions）", "position"),
            Array::Candidates => ("候选人（candidates）", "candidate"),
            Array::Proxies => ("委托（proxies）", "proxy"),
            Array::Voters => ("选民（voters）", "voter"),
            Array::Excluded => ("不计应到人员（excluded）", "excluded member"),
            Array::Elected => ("当选人（elected）", "winner"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_spelling_twice_in_one_place() {
        for defs in [
            &ROOT[..],
            &STAGE,
            &TALLY,
            &POSITION,
            &CANDIDATE,
            &PROXY,
            &VOTER,
            &EXCLUDED,
            &ELECTED,
        ] {
            let all = spellings(defs);
            let mut unique = all.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(all.len(), unique.len(), "{all:?}");
        }
    }
}
