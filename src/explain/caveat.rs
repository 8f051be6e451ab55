//! How far a rule's source can be trusted, in one sentence for trainers.
//!
//! A procedure says what it knows about a document in the document's title
//! (`依据文件 条例转述 "…(二手资料,条例原文未核实)"`). The explanation does not
//! make a trainer read that title: a rule whose basis is marked as
//! unverified, second-hand or machine-reworded, or as applied by analogy,
//! gets one short sentence saying so (docs/language.md §4.1 lists the
//! markers). A contested reading has its own note (`readings`).

use super::words::t;
use crate::diag::Text;
use crate::resolve::{BasisRef, Cite, Procedure};

/// Words in a basis title that mark a text nobody checked against the
/// authentic one.
const UNVERIFIED: &[&str] = &["未核实", "二手", "机器改写", "unverified", "second-hand"];

/// Words that mark a provision applied by analogy.
const ANALOGY: &[&str] = &["类推", "供参照", "by analogy"];

/// The sentence for the basis `cite` cites, if its title carries a marker.
pub(super) fn of(proc: &Procedure, cite: &Option<Cite>) -> Option<Text> {
    let c = cite.as_ref()?;
    let BasisRef::Procedure(id) = c.basis else {
        return None;
    };
    let title = &proc.bases.get(id.0)?.title;
    let has = |marks: &[&str]| marks.iter().any(|m| title.contains(m));
    if has(UNVERIFIED) {
        Some(t(
            "本条依据的文本未经与原文核对（二手或转载文本），结论仅供参考",
            "This rule rests on a text not checked against the authentic one (second-hand or reworded); treat its verdict as provisional",
        ))
    } else if has(ANALOGY) {
        Some(t(
            "本条类推适用其他法规的同类规定（本程序的依据对此没有直接规定）",
            "This rule applies a similar provision of another law by analogy (the procedure's own sources are silent on it)",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    fn notes_of(src: &str) -> Vec<String> {
        let (_, _, outcome) = crate::lint_str("t.hj", src);
        let program = outcome.program.unwrap_or_default();
        let Some(proc) = program.procedures.first() else {
            return Vec::new();
        };
        super::super::explain(proc, None)
            .stages
            .iter()
            .flat_map(|s| s.rules.iter())
            .flat_map(|r| r.notes.iter().map(|n| n.zh.clone()))
            .collect()
    }

    #[test]
    fn an_unverified_source_is_said_in_one_sentence() {
        let notes = notes_of(
            "程序 p { 依据文件 转述 \"某条例(二手资料,未核实)\" 依据文件 法 \"某法\"\n\
             阶段 s { 事实 n: 计数\n 要求 n 超过 1 依据 转述 \"甲\"\n 要求 n 超过 2 依据 法 \"乙\" } }",
        );
        let said = notes
            .iter()
            .filter(|n| n.contains("未经与原文核对"))
            .count();
        assert_eq!(said, 1, "{notes:#?}");
    }

    #[test]
    fn an_analogy_is_said_as_such() {
        let notes = notes_of(
            "程序 p { 依据文件 类推 \"村组法第十五条(类推适用)\"\n\
             阶段 s { 事实 n: 计数\n 要求 n 超过 1 依据 类推 \"甲\" } }",
        );
        assert!(
            notes.iter().any(|n| n.contains("类推适用其他法规")),
            "{notes:#?}"
        );
        assert!(!notes.iter().any(|n| n.contains("未经与原文核对")));
    }
}
