//! Plain-language explanations of a procedure, for training: every stage
//! (or the one asked for) with its phase, whether it is required, optional
//! or conditional (and on what), what must happen and be recorded, its
//! timing rules in words with the legal way of counting days, its dated
//! window when anchor dates are given, and its quorums and other rules in
//! words with the meaning of the legal comparatives, worked numbers and the
//! quoted basis of each rule.
//!
//! # Pieces
//!
//! - [`explain`] builds an [`Explanation`] from a resolved procedure and,
//!   optionally, a [`Schedule`] (the dated windows are the schedule's,
//!   computed by [`crate::schedule`]; nothing here solves the timing
//!   network). Every text is held in both languages ([`Text`]).
//! - `timing.rs` says a timing rule from the rule as written
//!   ([`crate::resolve::TimingKind`]), not from its difference constraints.
//! - `expr.rs`, `np.rs` and `shapes.rs` say an expression: the common shapes
//!   of election rules the way a regulation says them, anything else in a
//!   plain generic reading. `fold.rs` puts the yes/no parameters that choose
//!   between two readings of a rule at their defaults (and the explanation
//!   tells the other reading). `examples.rs` computes worked numbers
//!   exactly (integers and rationals, never floats).
//! - [`render_human`] (Markdown-style text: one heading per stage) and
//!   [`render_json`] (the same content as one JSON document) pick a
//!   language.
//!
//! Building never fails and never panics: a procedure with errors is
//! explained as far as it resolved (the command refuses such procedures
//! anyway).

mod build;
mod caveat;
mod examples;
mod expr;
mod fold;
mod np;
mod render;
mod shapes;
mod timing;
mod tree;
mod words;

#[cfg(test)]
mod tests;

pub use build::explain;
pub(crate) use build::rule_words;
pub(crate) use tree::walk as walk_expr;
/// A parameter's value in words (`5`, `20%`, `10 日`), for the language server's hover.
pub(crate) use words::value as value_words;

use crate::resolve::{Procedure, StageId, TExpr, TExprKind};

/// A fraction as the explanation says it: “一半” / “half”, “五分之四” / “4/5”,
/// “20%”; for the checker's messages.
pub(crate) fn fraction_words(r: &num_rational::BigRational) -> Text {
    words::fraction(r)
}

/// The elements of `coll` that `filter` admits, in words, one and many
/// (“有负面情形的候选人”, “disqualified candidate(s)”); `None` when the filter
/// speaks of an outer variable. For the checker's messages.
pub(crate) fn elements_phrase(
    proc: &Procedure,
    coll: crate::resolve::Coll,
    elem: crate::resolve::VarId,
    filter: Option<&TExpr>,
) -> Option<(Text, Text)> {
    if filter.is_some_and(|f| speaks_of_outer(f, elem)) {
        return None;
    }
    let mut ctx = expr::Ctx::new(proc, None);
    let np = np::Np::new(&mut ctx, coll, elem, filter);
    let rest = np.rest_text();
    let (one, many) = (np.one(), np.many());
    Some((
        Text::new(
            format!("{}{}", one.zh, rest.zh),
            format!("{}{}", one.en, rest.en),
        ),
        Text::new(
            format!("{}{}", many.zh, rest.zh),
            format!("{}{}", many.en, rest.en),
        ),
    ))
}

/// Whether `e`, a condition on element `elem`, also speaks of another
/// variable (or binds its own).
fn speaks_of_outer(e: &TExpr, elem: crate::resolve::VarId) -> bool {
    let mut outer = false;
    tree::walk(e, &mut |x| match &x.kind {
        TExprKind::Var { id, .. } => outer |= *id != elem,
        TExprKind::ElemField { elem: other, .. } => outer |= *other != elem,
        TExprKind::Quant { .. } => outer = true,
        _ => {}
    });
    outer
}

/// `count(C where …)` in words, as the explanation says it (“女性当选人人数”,
/// “the number of female winners”), for the checker's messages; `None` for
/// another expression, or a count whose condition speaks of an outer
/// variable (its words would need that variable's name).
pub(crate) fn count_phrase(proc: &Procedure, stage: Option<StageId>, e: &TExpr) -> Option<Text> {
    let TExprKind::Count { coll, elem, filter } = &e.kind else {
        return None;
    };
    if filter.as_deref().is_some_and(|f| speaks_of_outer(f, *elem)) {
        return None;
    }
    let mut ctx = expr::Ctx::new(proc, stage);
    Some(np::Np::new(&mut ctx, *coll, *elem, filter.as_deref()).count())
}
pub use render::{render_human, render_json};

use crate::diag::{did_you_mean, did_you_mean_help, Code, Diagnostic, Text};
use crate::schedule::Window;
use chrono::NaiveDate;

/// The explanation of a procedure (or of one of its stages or phases).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub procedure: String,
    pub title: Option<String>,
    /// The anchor dates the windows are computed from (none: no windows).
    pub anchors: Vec<AnchorText>,
    /// The procedure as a whole (bases, positions, parameters, counting);
    /// left out when one stage or phase is explained.
    pub overview: Option<Overview>,
    /// The phases, in source order (only the selected one's, when one is).
    pub phases: Vec<PhaseText>,
    /// The stages, in source order (only the selected ones, when selected).
    pub stages: Vec<StageText>,
    /// What the dated windows leave out (working-day rules not pinned).
    pub notes: Vec<Text>,
}

/// An anchor date: `name` takes place from `first` to `last`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorText {
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The procedure as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    /// Declared documents: short name and full title.
    pub bases: Vec<(String, String)>,
    /// Each position with its seats, in words.
    pub positions: Vec<Item>,
    /// Each parameter with its default, in words.
    pub params: Vec<Item>,
    /// How days are counted in this procedure.
    pub counting: Vec<Text>,
    /// The readings the procedure leaves open (contested parameters, "N 日
    /// 前"): per question, a heading and one item per reading with its
    /// source.
    pub contested: Vec<(Text, Vec<Item>)>,
    /// The procedure-level manual check items (`人工核对`): what the
    /// inspector checks by hand, with its legal text.
    pub manual: Vec<Item>,
}

/// A sentence with the clause it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub text: Text,
    pub basis: Option<BasisText>,
}

/// The basis of a rule: the cited document and the quoted clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasisText {
    /// The short name the procedure declares (`方案`).
    pub name: String,
    /// The document's full title.
    pub title: String,
    pub clause: String,
}

/// Whether a stage must take place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    Required,
    /// `optional` / `可选`.
    Optional,
    /// `when C` / `当 C`.
    Conditional,
}

impl Requirement {
    /// The stable name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Requirement::Required => "required",
            Requirement::Optional => "optional",
            Requirement::Conditional => "conditional",
        }
    }
}

/// The earliest and latest dates of a stage or phase under the anchors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowText {
    /// Its first day.
    pub start: Window,
    /// Its last day.
    pub end: Window,
    /// Whether one window describes both (a one-day stage).
    pub single: bool,
    /// The rules and anchors the bounds come from, nearest first.
    pub because: Vec<Text>,
}

/// One phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseText {
    pub name: String,
    pub title: Option<String>,
    /// The names of its stages.
    pub stages: Vec<String>,
    pub timing: Vec<Item>,
    pub window: Option<WindowText>,
}

/// A fact: its name and what it records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactText {
    pub name: String,
    /// The stage it belongs to, for a fact of another stage.
    pub stage: Option<String>,
    /// “人数” / “count”, “日期” / “date”, ….
    pub kind: Text,
}

/// One stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageText {
    /// Its place among all stages of the procedure (from 1).
    pub number: usize,
    pub name: String,
    pub title: Option<String>,
    /// The index of its phase in [`Explanation::phases`].
    pub phase: Option<usize>,
    pub requirement: Requirement,
    /// The requirement in a sentence (with the condition, if any).
    pub status: Text,
    /// The condition of a conditional stage, in words.
    pub condition: Option<Text>,
    /// What must happen: the title, else the name.
    pub task: String,
    /// The facts the record gives for this stage.
    pub facts: Vec<FactText>,
    /// Facts of the procedure or of other stages its rules use.
    pub uses: Vec<FactText>,
    pub timing: Vec<Item>,
    pub window: Option<WindowText>,
    pub rules: Vec<RuleText>,
    /// The stage's manual check items (`人工核对`).
    pub manual: Vec<Item>,
}

/// One quorum, requirement or election rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleText {
    /// `quorum`, `require`, `elect`, or `candidates` (who may stand).
    pub kind: &'static str,
    pub text: Text,
    /// Worked numbers.
    pub examples: Vec<Text>,
    /// The meaning of its comparatives, its parameters, how winners are
    /// found.
    pub notes: Vec<Text>,
    pub basis: Option<BasisText>,
}

impl Explanation {
    /// The explanation of the stage or phase named `name` alone: a stage
    /// with its phase; a phase with its stages. An unknown name is an error
    /// (HJ104) with a suggestion.
    #[expect(
        clippy::result_large_err,
        reason = "one diagnostic per run: boxing buys nothing"
    )]
    pub fn select(&self, name: &str) -> Result<Explanation, Diagnostic> {
        let mut out = Explanation {
            overview: None,
            phases: Vec::new(),
            stages: Vec::new(),
            ..self.clone()
        };
        let keep_phase = |out: &mut Explanation, i: usize| -> Option<usize> {
            let p = self.phases.get(i)?.clone();
            out.phases.push(p);
            Some(out.phases.len() - 1)
        };
        if let Some(s) = self.stages.iter().find(|s| s.name == name) {
            let mut s = s.clone();
            s.phase = s.phase.and_then(|i| keep_phase(&mut out, i));
            out.stages.push(s);
            return Ok(out);
        }
        if let Some(i) = self.phases.iter().position(|p| p.name == name) {
            let new = keep_phase(&mut out, i);
            for s in self.stages.iter().filter(|s| s.phase == Some(i)) {
                out.stages.push(StageText {
                    phase: new,
                    ..s.clone()
                });
            }
            return Ok(out);
        }
        let known = self
            .stages
            .iter()
            .map(|s| s.name.as_str())
            .chain(self.phases.iter().map(|p| p.name.as_str()));
        let d = Diagnostic::error(
            Code::UnknownStage,
            Text::new(
                format!("程序 `{}` 中没有名为 `{name}` 的阶段或环节", self.procedure),
                format!(
                    "the procedure `{}` has no stage or phase named `{name}`",
                    self.procedure
                ),
            ),
        );
        Err(match did_you_mean(name, known) {
            Some(s) => d.with_help(did_you_mean_help(s)),
            None => d.with_help(Text::new(
                "不写阶段名称即可说明全部阶段",
                "leave the stage out to explain every stage",
            )),
        })
    }
}
