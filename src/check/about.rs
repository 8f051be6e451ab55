//! What each coverage item is, whatever the record: its kind, stage,
//! place, legal basis, requirement in words and the record values it
//! reads. Computed once per procedure and compiled IR (kept in the
//! `IrCache` of a batch), so that a record's check only sets statuses.

use super::coverage::{About, ItemKind};
use super::text;
use crate::diag::Text;
use crate::ir::{ProcedureIr, Source};
use crate::resolve::{Procedure, RuleKind, StageId, Target, Timing};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The items of a procedure, by where the checks meet them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Abouts {
    /// Per stage: its presence (none for an optional stage without a
    /// condition: nothing is asked of it).
    stages: Vec<Option<Arc<About>>>,
    /// Per stage, per rule: its quorum, requirement or elect rule.
    rules: Vec<Vec<Arc<About>>>,
    /// Per constraint of the IR: a timing constraint (none for the
    /// implicit ones).
    timing: Vec<Option<Arc<About>>>,
    /// Per manual check item of the procedure.
    manual: Vec<Arc<About>>,
}

impl Abouts {
    /// The items of `proc` compiled as `ir`.
    pub fn new(proc: &Procedure, ir: &ProcedureIr) -> Abouts {
        let stages = (0..proc.stages.len())
            .map(|i| stage(proc, StageId(i)).map(Arc::new))
            .collect();
        let rules = proc
            .stages
            .iter()
            .enumerate()
            .map(|(i, st)| {
                st.rules
                    .iter()
                    .map(|r| Arc::new(rule(proc, StageId(i), r)))
                    .collect()
            })
            .collect();
        let timing = ir
            .constraints
            .iter()
            .map(|c| {
                let Source::Timing { subject, index } = c.source else {
                    return None;
                };
                let t = timing_of(proc, subject, index)?;
                let mut reads = BTreeSet::new();
                super::reads::constraint(proc, ir, [c.from, c.to], &mut reads);
                Some(Arc::new(About {
                    kind: ItemKind::Timing,
                    stage: Some(proc.target_name(subject).to_string()),
                    rule_span: c.span,
                    basis: text::basis(proc, t.cite.as_ref()),
                    text: c.text.clone(),
                    reads,
                }))
            })
            .collect();
        let manual = proc
            .manual
            .iter()
            .map(|m| {
                let mut reads = BTreeSet::new();
                if let Some(s) = m.stage {
                    super::reads::stage(proc, s, &mut reads);
                }
                Arc::new(About {
                    kind: ItemKind::Manual,
                    stage: m
                        .stage
                        .and_then(|s| proc.stages.get(s.0))
                        .map(|st| st.name.name.clone()),
                    rule_span: m.span,
                    basis: text::basis(proc, m.cite.as_ref()),
                    text: Text::new(m.what.clone(), m.what.clone()),
                    reads,
                })
            })
            .collect();
        Abouts {
            stages,
            rules,
            timing,
            manual,
        }
    }

    /// Stage `s`'s presence item.
    pub fn stage(&self, s: StageId) -> Option<&Arc<About>> {
        self.stages.get(s.0)?.as_ref()
    }

    /// Rule `index` of stage `s`.
    pub fn rule(&self, s: StageId, index: usize) -> Option<&Arc<About>> {
        self.rules.get(s.0)?.get(index)
    }

    /// Constraint `index` of the IR, when it is a timing constraint.
    pub fn timing(&self, index: usize) -> Option<&Arc<About>> {
        self.timing.get(index)?.as_ref()
    }

    /// Manual item `index` of the procedure.
    pub fn manual(&self, index: usize) -> Option<&Arc<About>> {
        self.manual.get(index)
    }
}

fn timing_of(proc: &Procedure, subject: Target, index: usize) -> Option<&Timing> {
    match subject {
        Target::Stage(s) => proc.stages.get(s.0)?.timing.get(index),
        Target::Phase(p) => proc.phases.get(p.0)?.timing.get(index),
    }
}

/// What the procedure asks of stage `s`'s presence, if anything.
fn stage(proc: &Procedure, s: StageId) -> Option<About> {
    let st = proc.stages.get(s.0)?;
    let name = st.name.name.as_str();
    let text = match &st.when {
        None if st.optional.is_some() => return None,
        None => Text::new(
            format!("阶段 `{name}` 必须进行"),
            format!("the stage `{name}` must take place"),
        ),
        Some(_) => Text::new(
            format!("阶段 `{name}` 在其条件成立时必须进行，条件不成立时不应进行"),
            format!(
                "the stage `{name}` must take place when its condition holds, and not otherwise"
            ),
        ),
    };
    // The stage's legal basis: the first clause its timing or rules cite.
    let cite = st
        .timing
        .iter()
        .filter_map(|t| t.cite.as_ref())
        .chain(st.rules.iter().filter_map(|r| r.cite.as_ref()))
        .next();
    let mut reads = BTreeSet::new();
    super::reads::stage(proc, s, &mut reads);
    Some(About {
        kind: ItemKind::Stage,
        stage: Some(name.to_string()),
        rule_span: st.name.span,
        basis: text::basis(proc, cite),
        text,
        reads,
    })
}

/// A quorum, requirement or elect rule of stage `s`: it reads its stage
/// and its expression (an elect rule also the earlier elections).
fn rule(proc: &Procedure, s: StageId, r: &crate::resolve::Rule) -> About {
    let kind = match r.kind {
        RuleKind::Quorum => ItemKind::Quorum,
        RuleKind::Require => ItemKind::Require,
        RuleKind::Elect { .. } => ItemKind::Elect,
    };
    let mut reads = BTreeSet::new();
    super::reads::stage(proc, s, &mut reads);
    if kind == ItemKind::Elect {
        super::reads::elect(proc, s, &mut reads);
    }
    for e in r.exprs() {
        super::reads::expr(proc, e, &mut reads);
    }
    About {
        kind,
        stage: proc.stages.get(s.0).map(|st| st.name.name.clone()),
        rule_span: r.span,
        basis: text::basis(proc, r.cite.as_ref()),
        text: crate::explain::rule_words(proc, s, r),
        reads,
    }
}
