//! Checks on the shape of the stage graph: precedence cycles, stages with no
//! relation to the rest, required stages that hang on optional ones, and
//! `when` conditions that can never hold.

use crate::ast::BinOp;
use crate::diag::{Code, Diagnostic, Label, Text};
use crate::ir::ProcedureIr;
use crate::resolve::{Builtin, Procedure, RuleKind, StageId, TExpr, TExprKind, Target, TimingKind};
use petgraph::algo::tarjan_scc;
use petgraph::visit::EdgeRef;
use std::collections::BTreeSet;

/// Stages that must each come after the other (only reported when the
/// timing is otherwise consistent: all of them on one day).
pub fn precedence_cycles(proc: &Procedure, ir: &ProcedureIr) -> Vec<Diagnostic> {
    let mut precedence = ir.graph.clone();
    precedence.retain_edges(|g, e| g.edge_weight(e).is_some_and(|r| !r.same_day));
    let mut diags = Vec::new();
    for scc in tarjan_scc(&precedence) {
        if scc.len() < 2 {
            continue;
        }
        let members: BTreeSet<_> = scc.iter().copied().collect();
        let mut names: Vec<&str> = scc
            .iter()
            .filter_map(|n| precedence.node_weight(*n))
            .map(|t| proc.target_name(*t))
            .collect();
        names.sort_unstable();
        let mut labels: Vec<Label> = precedence
            .edge_references()
            .filter(|e| members.contains(&e.source()) && members.contains(&e.target()))
            .filter_map(|e| ir.constraints.get(e.weight().constraint))
            .map(|c| Label {
                span: c.span,
                text: c.text.clone(),
            })
            .collect();
        labels.sort_by_key(|l| l.span.sort_key());
        let list_zh = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("、");
        let list_en = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diagnostic::error(
            Code::PrecedenceCycle,
            Text::new(
                format!("先后顺序成环：{list_zh} 互为前提"),
                format!("precedence cycle: {list_en} must each follow the other"),
            ),
        )
        .with_help(Text::new(
            "删去其中一条“之后/之前”约束；若应同日进行，改用“与 … 同日”",
            "drop one of these after/before rules; if they happen on one day, use `same day as`",
        ));
        d.labels = labels;
        diags.push(d);
    }
    diags
}

struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while let Some(&p) = self.0.get(root) {
            if p == root {
                break;
            }
            root = p;
        }
        let mut cur = x;
        while let Some(&p) = self.0.get(cur) {
            if p == root {
                break;
            }
            if let Some(slot) = self.0.get_mut(cur) {
                *slot = root;
            }
            cur = p;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            if let Some(slot) = self.0.get_mut(ra.max(rb)) {
                *slot = ra.min(rb);
            }
        }
    }
}

/// Stages with no timing relation, direct or through other stages, phases
/// or absolute dates, to the procedure's first stage: no schedule can place
/// them.
pub fn unconnected(proc: &Procedure, ir: &ProcedureIr) -> Vec<Diagnostic> {
    if proc.stages.len() < 2 {
        return Vec::new();
    }
    let mut sets = Sets((0..ir.points.len()).collect());
    for c in &ir.constraints {
        sets.union(c.from, c.to);
    }
    // The origin ties together every stage with an absolute date; being
    // dated is a relation to the rest only if the first stage is dated too.
    let first = sets.find(ir.start(Target::Stage(StageId(0))));
    let mut diags = Vec::new();
    for (i, stage) in proc.stages.iter().enumerate() {
        let p = ir.start(Target::Stage(StageId(i)));
        if sets.find(p) == first {
            continue;
        }
        let first_name = proc.target_name(Target::Stage(StageId(0)));
        diags.push(
            Diagnostic::warning(
                Code::Unconnected,
                Text::new(
                    format!(
                        "阶段 `{}` 与 `{first_name}` 等其余阶段没有任何时间联系",
                        stage.name.name
                    ),
                    format!(
                        "stage `{}` has no timing relation to `{first_name}` and the rest",
                        stage.name.name
                    ),
                ),
            )
            .with_label(
                stage.name.span,
                Text::new("无法排入日程", "cannot be placed in a schedule"),
            )
            .with_help(Text::new(
                "给它加一条时间约束，例如“在 … 之后”，或把它放进某个环节",
                "give it a timing rule such as `after …`, or put it in a phase",
            )),
        );
    }
    diags
}

fn is_conditional(proc: &Procedure, s: StageId) -> bool {
    proc.stages
        .get(s.0)
        .is_some_and(|st| st.optional.is_some() || st.when.is_some())
}

/// A required stage that must come after an optional or conditional one:
/// when that one does not happen, the required stage has nothing to follow.
pub fn required_after_optional(proc: &Procedure) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (i, stage) in proc.stages.iter().enumerate() {
        if is_conditional(proc, StageId(i)) {
            continue;
        }
        for t in &stage.timing {
            let other = match &t.kind {
                TimingKind::After(p) => p.target,
                TimingKind::Within { after, .. } => after.target,
                _ => continue,
            };
            let Target::Stage(o) = other else { continue };
            if !is_conditional(proc, o) {
                continue;
            }
            let oname = proc.target_name(other);
            diags.push(
                Diagnostic::warning(
                    Code::RequiredAfterOptional,
                    Text::new(
                        format!("必经阶段 `{}` 以可选或有条件的阶段 `{oname}` 为前提", stage.name.name),
                        format!(
                            "required stage `{}` must follow `{oname}`, which is optional or conditional",
                            stage.name.name
                        ),
                    ),
                )
                .with_label(
                    t.span,
                    Text::new(
                        format!("只在 `{oname}` 进行时检查；`{oname}` 不进行时，这条约束不约束任何日期"),
                        format!("checked only when `{oname}` takes place; when it does not, this constraint bounds no date"),
                    ),
                )
                .with_help(Text::new(
                    format!("如果 `{oname}` 不进行时这个阶段也须有时间参照，再加一条以必经阶段为参照的约束，或把它也设为有条件的阶段"),
                    format!("if the stage needs a time reference when `{oname}` does not take place, add a constraint against a required stage, or make it conditional too"),
                )),
            );
        }
    }
    diags
}

/// Whether a stage can hold an election (shortfall and tie need one).
fn has_elect(proc: &Procedure, s: StageId) -> bool {
    proc.stages.get(s.0).is_some_and(|st| {
        st.rules
            .iter()
            .any(|r| matches!(r.kind, RuleKind::Elect { .. }))
    })
}

/// The value of a condition that is known without a record: `Some(false)`
/// when it can never hold.
fn known(proc: &Procedure, e: &TExpr, depth: usize) -> Option<bool> {
    if depth > 32 {
        return None;
    }
    match &e.kind {
        TExprKind::Bool(b) => Some(*b),
        TExprKind::Not(x) => known(proc, x, depth + 1).map(|b| !b),
        TExprKind::Binary(BinOp::And, a, b) => {
            match (known(proc, a, depth + 1), known(proc, b, depth + 1)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            }
        }
        TExprKind::Binary(BinOp::Or, a, b) => {
            match (known(proc, a, depth + 1), known(proc, b, depth + 1)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            }
        }
        TExprKind::StageCall {
            func: Builtin::Shortfall | Builtin::Tie,
            target: Target::Stage(s),
            ..
        } if !has_elect(proc, *s) => Some(false),
        TExprKind::StageCall {
            func: Builtin::Happened,
            target: Target::Stage(s),
            ..
        } => {
            let when = proc.stages.get(s.0).and_then(|st| st.when.as_ref())?;
            match known(proc, when, depth + 1) {
                Some(false) => Some(false),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `when` conditions that can never hold: the stage could never be required.
pub fn never_holds(proc: &Procedure) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for stage in &proc.stages {
        let Some(when) = &stage.when else { continue };
        if known(proc, when, 0) != Some(false) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                Code::NeverHolds,
                Text::new(
                    format!("阶段 `{}` 的条件永远不会成立", stage.name.name),
                    format!("the condition of stage `{}` can never hold", stage.name.name),
                ),
            )
            .with_label(
                when.span,
                Text::new("这个条件总为假", "this is always false"),
            )
            .with_help(Text::new(
                "删去该条件或改正它；注意 `缺额`、`平票` 只对含有当选规则的阶段有意义",
                "fix or drop the condition; note that `shortfall` and `tie` only mean something for a stage with an elect rule",
            )),
        );
    }
    diags
}
