//! A negative cycle of the constraint network, told as a diagnostic: every
//! constraint on the cycle labelled at its span, and the arithmetic that
//! makes it impossible ("20 + 7 = 27 > 25").

use crate::diag::{Code, Diagnostic, Label, Text};
use crate::ir::{ProcedureIr, Source};
use crate::resolve::{Procedure, Target};
use crate::span::Span;
use crate::timing::NegativeCycle;

/// An extra labelled constraint outside the IR (a plan's date or window),
/// addressed by the tag it was given in the network.
pub struct ExtraTag {
    pub tag: usize,
    pub span: Span,
    pub text: Text,
}

fn join(nums: &[i64]) -> String {
    nums.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The diagnostic for a negative cycle. Tags below `ir.constraints.len()`
/// name IR constraints; others are looked up in `extra`.
pub fn contradiction(
    proc: &Procedure,
    ir: &ProcedureIr,
    cycle: &NegativeCycle,
    extra: &[ExtraTag],
) -> Diagnostic {
    // Each edge says t(to) − t(from) ≤ w: going round the cycle, the lower
    // bounds (w < 0) demand more days than the upper bounds (w > 0) allow.
    //
    // Edges through the origin carry absolute dates as day numbers counted
    // from 1970; a cycle enters and leaves the origin once, and the two edges
    // together say how many days the dates put between two points, which is
    // the number worth showing.
    let mut weights: Vec<i64> = Vec::new();
    let mut through_origin = 0i64;
    let mut has_origin = false;
    for e in &cycle.edges {
        if e.from == ProcedureIr::ORIGIN || e.to == ProcedureIr::ORIGIN {
            has_origin = true;
            through_origin = through_origin.saturating_add(e.weight);
        } else {
            weights.push(e.weight);
        }
    }
    if has_origin {
        weights.push(through_origin);
    }
    let mut needed = Vec::new();
    let mut allowed = Vec::new();
    for w in weights {
        if w < 0 {
            needed.push(w.saturating_neg());
        } else if w > 0 {
            allowed.push(w);
        }
    }
    let need: i64 = needed.iter().fold(0i64, |a, b| a.saturating_add(*b));
    let allow: i64 = allowed.iter().fold(0i64, |a, b| a.saturating_add(*b));
    let need_s = if needed.len() > 1 {
        format!("{} = {need}", join(&needed))
    } else {
        need.to_string()
    };
    let allow_s = if allowed.len() > 1 {
        format!("{} = {allow}", join(&allowed))
    } else {
        allow.to_string()
    };

    let mut labels = Vec::new();
    let mut phase_issue: Option<(Target, Target)> = None;
    let mut conditional = Vec::new();
    for tag in cycle.tags() {
        if let Some(c) = ir.constraints.get(tag) {
            if let Source::Contains { phase, stage } = c.source {
                phase_issue.get_or_insert((Target::Phase(phase), Target::Stage(stage)));
            }
            if matches!(c.source, Source::Duration(_)) {
                continue;
            }
            if c.conditional {
                conditional.push(c.text.clone());
            }
            labels.push(Label {
                span: c.span,
                text: c.text.clone(),
            });
        } else if let Some(x) = extra.iter().find(|x| x.tag == tag) {
            labels.push(Label {
                span: x.span,
                text: x.text.clone(),
            });
        }
    }
    // The primary label is the rule written first; one rule that gave two
    // constraints (`between`, a phase containing a stage) gets one label.
    labels.sort_by_key(|l| l.span.sort_key());
    let mut merged: Vec<Label> = Vec::new();
    for l in labels {
        match merged.last_mut() {
            Some(last)
                if last.span.range().is_some() && last.span.sort_key() == l.span.sort_key() =>
            {
                if last.text != l.text {
                    last.text = Text::new(
                        format!("{}；{}", last.text.zh, l.text.zh),
                        format!("{}; {}", last.text.en, l.text.en),
                    );
                }
            }
            _ => merged.push(l),
        }
    }
    let labels = merged;

    let (code, message) = match phase_issue {
        Some((phase, stage)) => (
            Code::PhaseBounds,
            Text::new(
                format!(
                    "环节 `{}` 容纳不下其中的阶段 `{}`：至少需要 {need_s} 天，至多只有 {allow_s} 天",
                    proc.target_name(phase),
                    proc.target_name(stage)
                ),
                format!(
                    "phase `{}` cannot contain its stage `{}`: at least {need_s} days are needed, at most {allow_s} allowed",
                    proc.target_name(phase),
                    proc.target_name(stage)
                ),
            ),
        ),
        None => (
            Code::Contradiction,
            Text::new(
                format!("时间约束相互矛盾：至少需要 {need_s} 天，但至多只有 {allow_s} 天"),
                format!(
                    "contradictory timing: at least {need_s} days are needed but at most {allow_s} are allowed"
                ),
            ),
        ),
    };
    let mut d = Diagnostic::error(code, message);
    d.labels = labels;
    d = d
        .with_note(Text::new(
            format!("{need_s} > {allow_s}：没有任何日程能同时满足这些约束"),
            format!("{need_s} > {allow_s}: no schedule satisfies all of these constraints"),
        ))
        .with_help(Text::new(
            "放宽其中一条约束，或核对天数是否写错",
            "relax one of these constraints, or check the numbers of days",
        ));
    if !conditional.is_empty() {
        d = d.with_note(Text::new(
            "矛盾涉及可选或有条件的阶段：只要该阶段发生，就无法按期完成",
            "the contradiction involves an optional or conditional stage: it bites whenever that stage happens",
        ));
    }
    d
}
