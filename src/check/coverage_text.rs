//! Coverage for people and machines: the counts of a record's summary line
//! ("核对 41 项；3 项因记录缺少数据未核对；5 项须人工核对"), the `--verbose`
//! lists (what was not checked and why; the manual checklist), and the
//! `coverage` object of the JSON contract (docs/checker.md).

use super::coverage::{Counts, Coverage, Item, Outcome, Status};
use crate::diag::{Lang, Text};
use crate::span::SourceMap;
use serde::Serialize;

/// "核对 41 项；3 项因记录缺少数据未核对；5 项须人工核对" / "41 checked; 3 not
/// checkable for lack of data; 5 to check by hand".
pub fn counts_words(c: &Counts, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let mut s = format!("核对 {} 项", c.checked);
            if c.not_checkable > 0 {
                s.push_str(&format!("；{} 项因记录缺少数据未核对", c.not_checkable));
            }
            if c.manual > 0 {
                s.push_str(&format!("；{} 项须人工核对", c.manual));
            }
            s
        }
        Lang::En => {
            let mut s = format!("{} checked", c.checked);
            if c.not_checkable > 0 {
                s.push_str(&format!(
                    "; {} not checkable for lack of data",
                    c.not_checkable
                ));
            }
            if c.manual > 0 {
                s.push_str(&format!("; {} to check by hand", c.manual));
            }
            s
        }
    }
}

/// Where the procedure states an item: "file:line:column".
fn place(i: &Item, map: &SourceMap) -> Option<String> {
    map.locate(i.about.rule_span)
        .map(|(file, line, column)| format!("{file}:{line}:{column}"))
}

/// The stable identity of an item: `kind/stage/file:line:column` (the
/// place where the procedure states it).
pub fn item_id(i: &Item, map: &SourceMap) -> String {
    format!(
        "{}/{}/{}",
        i.about.kind.as_str(),
        i.about.stage.as_deref().unwrap_or("-"),
        place(i, map).unwrap_or_else(|| "-".to_string())
    )
}

fn words(i: &Item, lang: Lang) -> String {
    let t = i.about.text.get(lang);
    match (&i.about.stage, lang) {
        (Some(s), Lang::Zh) => format!("【{s}】{t}"),
        (Some(s), Lang::En) => format!("[{s}] {t}"),
        (None, _) => t.to_string(),
    }
}

fn joined(list: &[Text], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    list.iter()
        .map(|t| t.get(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The `--verbose` lists of one record: the items not checked for lack
/// of data (with the values missing), then the manual checklist. Empty
/// when there is neither. Every line ends with a newline.
pub fn verbose_lists(cov: &Coverage, map: &SourceMap, lang: Lang) -> String {
    let mut out = String::new();
    let missing: Vec<&Item> = cov.not_checkable().collect();
    if !missing.is_empty() {
        out.push_str(match lang {
            Lang::Zh => "  因记录缺少数据未核对：\n",
            Lang::En => "  not checked, the record lacks data:\n",
        });
        for i in missing {
            let Status::NotCheckable(values) = &i.status else {
                continue;
            };
            let lacks = joined(values, lang);
            let at = place(i, map).map(|p| format!(" ({p})")).unwrap_or_default();
            out.push_str(&match lang {
                Lang::Zh => format!("    - {}{at}：缺少 {lacks}\n", words(i, lang)),
                Lang::En => format!("    - {}{at}: missing {lacks}\n", words(i, lang)),
            });
        }
    }
    let manual: Vec<&Item> = cov.manual().collect();
    if !manual.is_empty() {
        out.push_str(match lang {
            Lang::Zh => "  须人工核对（由检查人逐项勾选）：\n",
            Lang::En => "  to check by hand (for the inspector to tick):\n",
        });
        for i in manual {
            out.push_str(&format!("    [ ] {}\n", words(i, lang)));
            if let Some(b) = &i.about.basis {
                out.push_str(&match lang {
                    Lang::Zh => format!("        依据：{b}\n"),
                    Lang::En => format!("        basis: {b}\n"),
                });
            }
        }
    }
    out
}

/// One item in the JSON contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemJson<'a> {
    pub id: String,
    pub kind: &'static str,
    pub stage: Option<&'a str>,
    /// `checked`, `not_applicable`, `not_checkable`, `manual`.
    pub status: &'static str,
    /// For a checked item: `pass`, `fail` or `warning`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// For a not-applicable item: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// For a not-checkable item: the values the record lacks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'a str>,
    pub text: &'a str,
    pub basis: Option<&'a str>,
}

/// The `coverage` object of one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageJson<'a> {
    pub counts: Counts,
    pub items: Vec<ItemJson<'a>>,
}

/// The coverage of one record in the JSON contract, in `lang`. A rule
/// that compiles to two constraints (`within`: not before, and at most N
/// days after) has two items at one place: the second's id ends in `#2`.
pub fn coverage_json<'a>(cov: &'a Coverage, map: &SourceMap, lang: Lang) -> CoverageJson<'a> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    CoverageJson {
        counts: cov.counts(),
        items: cov
            .items
            .iter()
            .map(|i| ItemJson {
                id: {
                    let id = item_id(i, map);
                    let n = seen.entry(id.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 {
                        id
                    } else {
                        format!("{id}#{n}")
                    }
                },
                kind: i.about.kind.as_str(),
                stage: i.about.stage.as_deref(),
                status: i.status.as_str(),
                outcome: match i.status {
                    Status::Checked(o) => Some(o),
                    _ => None,
                },
                reason: match &i.status {
                    Status::NotApplicable(t) => Some(t.get(lang)),
                    _ => None,
                },
                missing: match &i.status {
                    Status::NotCheckable(m) => m.iter().map(|t| t.get(lang)).collect(),
                    _ => Vec::new(),
                },
                text: i.about.text.get(lang),
                basis: i.about.basis.as_deref(),
            })
            .collect(),
    }
}
