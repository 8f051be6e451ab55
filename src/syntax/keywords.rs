//! Every spelling of every keyword of `grammar/huanjie.pest`, English and
//! Chinese, for "did you mean" on a misspelt keyword ([`super::hints`]) and
//! for telling a keyword glued to a name (`在投票选举之后`). A test keeps
//! the table in step with the grammar.

/// The keywords, each spelling once: the English/Chinese pairs first, then
/// the English-only words, the Chinese-only words and units.
pub const KEYWORDS: &[&str] = &[
    // Pairs (docs/language.md §3.1).
    "procedure",
    "程序",
    "plan",
    "计划",
    "for",
    "适用于",
    "include",
    "引入",
    "ruleset",
    "规则组",
    "apply",
    "沿用",
    "as",
    "作为",
    "basis",
    "依据文件",
    "per",
    "依据",
    "position",
    "职务",
    "seats",
    "名额",
    "fact",
    "事实",
    "param",
    "参数",
    "setting",
    "设定",
    "contested",
    "争议",
    "phase",
    "环节",
    "stage",
    "阶段",
    "optional",
    "可选",
    "when",
    "当",
    "lasts",
    "持续",
    "quorum",
    "法定人数",
    "require",
    "要求",
    "elect",
    "当选",
    "manual",
    "人工核对",
    "if",
    "须",
    "candidates",
    "候选人取自",
    "unelected",
    "未当选者",
    "by",
    "按得票多少",
    "window",
    "期限",
    "on",
    "于",
    "to",
    "至",
    "and",
    "且",
    "or",
    "或",
    "not",
    "非",
    "where",
    "其中",
    "exists",
    "存在",
    "votes",
    "得票",
    "true",
    "是",
    "false",
    "否",
    "reading",
    "按",
    "count",
    "计数",
    "each",
    "每个",
    // English only.
    "after",
    "before",
    "within",
    "between",
    "from",
    "of",
    "days",
    "day",
    "least",
    "most",
    "more",
    "less",
    "fewer",
    "than",
    "majority",
    "earlier",
    "later",
    "same",
    "working",
    "at",
    "is",
    "a",
    "no",
    // Chinese only (docs/language.md §3.2).
    "在",
    "之后",
    "之前",
    "之间",
    "与",
    "同日",
    "自",
    "从",
    "之日起",
    "起",
    "的",
    "日前",
    "天前",
    "不早于",
    "不晚于",
    "为",
    "不少于",
    "不得少于",
    "不得低于",
    "等于或者多于",
    "等于或多于",
    "不得超过",
    "不得多于",
    "不得高于",
    "等于或者少于",
    "等于或少于",
    "等于或者高于",
    "等于或高于",
    "等于或者低于",
    "等于或低于",
    "不低于",
    "不超过",
    "不多于",
    "不高于",
    "不等于",
    "超过",
    "多于",
    "高于",
    "不满",
    "不足",
    "少于",
    "低于",
    "等于",
    "过半数",
    "以上",
    "以下",
    "以内",
    "半数",
    "一半",
    "日",
    "天",
    "工作日",
    "个工作日",
    "日内",
    "天内",
    "工作日内",
    "个工作日内",
];

/// Whether `c` is written in Chinese characters (CJK ideographs).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The keywords worth suggesting for `word`, best first: spelt in the same
/// script, of more than one character, and close (normalised
/// Damerau–Levenshtein similarity at least 0.5).
pub fn close_to(word: &str) -> Vec<&'static str> {
    let cjk = word.chars().any(is_cjk);
    let mut scored: Vec<(f64, &'static str)> = KEYWORDS
        .iter()
        .copied()
        .filter(|k| *k != word && k.chars().count() > 1)
        .filter(|k| k.chars().any(is_cjk) == cjk)
        .filter_map(|k| {
            let score = strsim::normalized_damerau_levenshtein(word, k);
            (score >= 0.5).then_some((score, k))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().map(|(_, k)| k).collect()
}

/// `word` with a space on either side of every Chinese keyword inside it
/// (longest first), when it holds one besides the whole word:
/// `在投票选举之后` → `在 投票选举 之后`. `None` when nothing splits off.
pub fn spaced(word: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut name = String::new();
    let mut rest = word;
    let mut found = false;
    while let Some(c) = rest.chars().next() {
        let keyword = KEYWORDS
            .iter()
            .filter(|k| k.chars().any(is_cjk) && rest.starts_with(**k))
            .max_by_key(|k| k.len());
        match keyword {
            Some(k) if k.len() < word.len() => {
                if !name.is_empty() {
                    parts.push(std::mem::take(&mut name));
                }
                parts.push((*k).to_string());
                rest = rest.get(k.len()..).unwrap_or("");
                found = true;
            }
            _ => {
                name.push(c);
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
    }
    if !name.is_empty() {
        parts.push(name);
    }
    (found && parts.len() > 1).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoted spellings of the grammar's keyword rules.
    fn grammar_spellings() -> Vec<String> {
        let grammar = include_str!("../../grammar/huanjie.pest");
        let mut out = Vec::new();
        for line in grammar.lines() {
            let Some((rule, body)) = line.split_once('=') else {
                continue;
            };
            let rule = rule.trim();
            let keywordish = rule.starts_with("kw_")
                || rule.starts_with("cmp_")
                || rule.starts_with("cn_")
                || rule.starts_with("post_")
                || rule.starts_with("unit_");
            if !keywordish || ["cn_digit", "cn_unit_follows", "cn_date"].contains(&rule) {
                continue;
            }
            for (i, piece) in body.split('"').enumerate() {
                // Odd pieces are inside quotes; operators are not words.
                if i % 2 == 1 && piece.chars().all(|c| c.is_alphanumeric()) && !piece.is_empty() {
                    out.push(piece.to_string());
                }
            }
        }
        out
    }

    #[test]
    fn the_table_has_every_keyword_of_the_grammar() {
        let spellings = grammar_spellings();
        assert!(spellings.len() > 100, "{}", spellings.len());
        let missing: Vec<&String> = spellings
            .iter()
            .filter(|s| !KEYWORDS.contains(&s.as_str()))
            .filter(|s| !["分之", "百分之"].contains(&s.as_str()))
            .collect();
        assert!(missing.is_empty(), "not in KEYWORDS: {missing:?}");
    }

    #[test]
    fn misspelt_keywords_are_close_to_the_right_one() {
        assert_eq!(close_to("阶级").first(), Some(&"阶段"));
        assert_eq!(close_to("超过半数").first(), Some(&"过半数"));
        assert_eq!(close_to("stgae").first(), Some(&"stage"));
        assert_eq!(close_to("procedre").first(), Some(&"procedure"));
        assert!(close_to("投票选举").is_empty());
        assert!(close_to("stage").iter().all(|k| *k != "stage"));
    }

    #[test]
    fn keywords_glued_to_names_are_split_off() {
        assert_eq!(
            spaced("在投票选举之后").as_deref(),
            Some("在 投票选举 之后")
        );
        assert_eq!(spaced("投票选举").as_deref(), None);
        assert_eq!(spaced("阶段").as_deref(), None);
    }
}
