//! What a check covered: every stage obligation, timing constraint,
//! quorum, requirement and elect rule of the procedure, and every manual
//! check item, with one status per record (docs/checker.md, "Coverage").
//!
//! The status of an item is set by the code that decides its finding
//! (`stages`, `timing`, `rules`, `results`), never recomputed: a finding
//! of an item's own is a `fail` (a warning, `warning`); no finding is a
//! `pass`; a gap that stopped it is `not_checkable` with the values the
//! record lacks; a stage that was not held makes its items
//! `not_applicable`. Manual items are the inspector's to tick.
//!
//! Each item also carries the record values it reads (`reads`): derived
//! from the typed expressions and the compiled constraints, so that the
//! property "removing one fact or stage changes the coverage of exactly
//! the items that read it" can be tested (tests/check_props.rs).

use super::about::Abouts;
use super::eval::Stop;
use super::world::{FactSlot, Gap, Slot, World};
use crate::diag::Text;
use crate::ir::{PointKind, ProcedureIr};
use crate::resolve::{FactId, FactScope, Procedure, StageId, TExprKind, Target};
use crate::span::Span;
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What kind of obligation an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Whether a stage must (or must not) take place.
    Stage,
    /// A timing constraint of the compiled procedure.
    Timing,
    /// A `法定人数` / `quorum` rule.
    Quorum,
    /// A `要求` / `require` rule.
    Require,
    /// An `当选` / `elect` rule: the declared winners against the tally.
    Elect,
    /// A `人工核对` / `manual` item: no record field can show it.
    Manual,
}

impl ItemKind {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Stage => "stage",
            ItemKind::Timing => "timing",
            ItemKind::Quorum => "quorum",
            ItemKind::Require => "require",
            ItemKind::Elect => "elect",
            ItemKind::Manual => "manual",
        }
    }
}

/// How a checked item came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    /// An error finding of its own.
    Fail,
    /// A warning of its own (the verdict depends on a reading).
    Warning,
}

/// The status of one item for one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Evaluated on the record's values.
    Checked(Outcome),
    /// Its condition is false or its stage was not held: nothing to check.
    NotApplicable(Text),
    /// The record lacks values it needs: which.
    NotCheckable(Vec<Text>),
    /// A safeguard for the inspector to check by hand.
    Manual,
}

impl Status {
    /// The JSON spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Checked(_) => "checked",
            Status::NotApplicable(_) => "not_applicable",
            Status::NotCheckable(_) => "not_checkable",
            Status::Manual => "manual",
        }
    }
}

/// A record value an item reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// A procedure fact or a stage fact.
    Fact(FactId),
    /// A stage: its dates, its table (tally, stage facts).
    Stage(StageId),
}

/// One obligation of the procedure and its status for one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What it is (shared by every record of a batch).
    pub about: Arc<About>,
    pub status: Status,
}

/// What an obligation is, whatever the record.
#[derive(Clone, Debug, PartialEq)]
pub struct About {
    pub kind: ItemKind,
    /// The stage it belongs to (a timing constraint: its subject).
    pub stage: Option<String>,
    /// Where the procedure states it: with `kind` and `stage`, its
    /// identity (the JSON `id` is `kind:stage:line:column`).
    pub rule_span: Span,
    /// The legal basis: "title: quoted clause".
    pub basis: Option<String>,
    /// What it requires, in words.
    pub text: Text,
    /// The record values it reads (static: from the procedure).
    pub reads: BTreeSet<Read>,
}

/// The coverage of one record: every item, in procedure order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub items: Vec<Item>,
}

/// How many items have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Checked, whatever the outcome.
    pub checked: usize,
    pub passed: usize,
    pub failed: usize,
    pub warnings: usize,
    pub not_applicable: usize,
    pub not_checkable: usize,
    pub manual: usize,
}

impl Coverage {
    /// The counts per status.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for i in &self.items {
            match &i.status {
                Status::Checked(o) => {
                    c.checked += 1;
                    match o {
                        Outcome::Pass => c.passed += 1,
                        Outcome::Fail => c.failed += 1,
                        Outcome::Warning => c.warnings += 1,
                    }
                }
                Status::NotApplicable(_) => c.not_applicable += 1,
                Status::NotCheckable(_) => c.not_checkable += 1,
                Status::Manual => c.manual += 1,
            }
        }
        c
    }

    /// The items the record lacks data for.
    pub fn not_checkable(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| matches!(i.status, Status::NotCheckable(_)))
    }

    /// The manual checklist.
    pub fn manual(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| matches!(i.status, Status::Manual))
    }

    /// Adds the item `about` (if the procedure has it) with `status`.
    pub(crate) fn push(&mut self, about: Option<&Arc<About>>, status: Status) {
        if let Some(about) = about {
            self.items.push(Item {
                about: Arc::clone(about),
                status,
            });
        }
    }

    /// Puts the items in the procedure's order (by where they are stated,
    /// then kind), so that the order does not depend on the check order.
    pub(crate) fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let (a, b) = (&a.about, &b.about);
            a.rule_span
                .sort_key()
                .cmp(&b.rule_span.sort_key())
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.stage.cmp(&b.stage))
        });
    }
}

/// "the stage `S` did not take place".
pub(crate) fn not_held(name: &str) -> Status {
    Status::NotApplicable(Text::new(
        format!("阶段 `{name}` 未进行"),
        format!("the stage `{name}` did not take place"),
    ))
}

/// "the rule's condition does not hold".
pub(crate) fn not_in_force() -> Status {
    Status::NotApplicable(Text::new(
        "规则的适用条件不成立",
        "the rule's condition does not hold",
    ))
}

/// "the stage `S` should not have taken place; its rules are void".
pub(crate) fn void(name: &str) -> Status {
    Status::NotApplicable(Text::new(
        format!("阶段 `{name}` 不应进行，其规则不再检查"),
        format!("the stage `{name}` should not have taken place; its rules are not checked"),
    ))
}

/// The status of an evaluation that stopped.
pub(crate) fn stopped(w: &World<'_>, stop: &Stop) -> Status {
    Status::NotCheckable(vec![match stop {
        Stop::Gap(g) => gap_words(w, *g),
        Stop::Skip => Text::new(
            "上文已报告为无法使用的值",
            "a value reported above as unusable",
        ),
    }])
}

/// The status of a rule whose evaluation stopped: the value that stopped
/// it, and every other fact its expression names that the record lacks
/// (so that the inspector completes the record once).
pub(crate) fn stopped_rule(w: &World<'_>, stop: &Stop, e: &crate::resolve::TExpr) -> Status {
    let Status::NotCheckable(mut list) = stopped(w, stop) else {
        return stopped(w, stop);
    };
    let mut gaps = Vec::new();
    crate::explain::walk_expr(e, &mut |x| {
        let f = match &x.kind {
            TExprKind::Fact(f) | TExprKind::StageFact(_, f) => *f,
            _ => return,
        };
        if !matches!(w.facts.get(f.0), Some(FactSlot::Absent)) {
            return;
        }
        let gap = match w.proc.facts.get(f.0).map(|d| d.scope) {
            Some(FactScope::Procedure) => Gap::Fact(f),
            Some(FactScope::Stage(s)) if w.happened(Target::Stage(s)) => Gap::StageFact(s, f),
            _ => return,
        };
        gaps.push(gap);
    });
    for g in gaps {
        let t = gap_words(w, g);
        if !list.contains(&t) {
            list.push(t);
        }
    }
    Status::NotCheckable(list)
}

/// The value a gap names, in words: "`登记选民`", "the seats of `主任`".
pub(crate) fn gap_words(w: &World<'_>, gap: Gap) -> Text {
    let fact = |f: FactId| {
        let n = w.proc.facts.get(f.0).map_or("?", |d| d.name.name.as_str());
        Text::new(format!("事实 `{n}`"), format!("the fact `{n}`"))
    };
    match gap {
        Gap::Fact(f) => fact(f),
        Gap::StageFact(s, f) => {
            let t = fact(f);
            let st = w.stage_name(s);
            Text::new(
                format!("阶段 `{st}` 的{}", t.zh),
                format!("{} of stage `{st}`", t.en),
            )
        }
        Gap::Seats(p) => {
            let n = w.position_name(p);
            Text::new(format!("职务 `{n}` 的名额"), format!("the seats of `{n}`"))
        }
        Gap::Field(el, field) => {
            let who = w.elem_name(el);
            let what = super::gaps::field_words(field);
            Text::new(
                format!("{}的{}", who.zh, what.zh),
                format!("the {} of {}", what.en, who.en),
            )
        }
        Gap::NoTally(s) => {
            let st = w.stage_name(s);
            Text::new(
                format!("阶段 `{st}` 的计票"),
                format!("the tally of `{st}`"),
            )
        }
        Gap::NoTallyFor(s, p) => {
            let (st, n) = (w.stage_name(s), w.position_name(p));
            Text::new(
                format!("阶段 `{st}` 中职务 `{n}` 的计票"),
                format!("the tally of `{st}` for `{n}`"),
            )
        }
        Gap::Arithmetic(_) => Text::new(
            "可计算的值（除数为零或日期超出范围）",
            "a computable value (a division by zero or a date out of range)",
        ),
    }
}

/// The dates of stage `s`, as a missing value.
pub(crate) fn stage_date(proc: &Procedure, s: StageId) -> Text {
    let n = proc.stages.get(s.0).map_or("?", |st| st.name.name.as_str());
    Text::new(
        format!("阶段 `{n}` 的日期"),
        format!("the date of stage `{n}`"),
    )
}

/// The procedure's manual check items: status `manual`, but a stage's
/// item is not applicable when the stage did not take place (or is void).
pub(crate) fn manual_items(w: &World<'_>, abouts: &Abouts, cov: &mut Coverage) {
    for (i, m) in w.proc.manual.iter().enumerate() {
        let status = match m.stage {
            None => Status::Manual,
            Some(s) if w.happened(Target::Stage(s)) => Status::Manual,
            Some(s) if w.is_void(s) => void(w.stage_name(s)),
            Some(s) => not_held(w.stage_name(s)),
        };
        cov.push(abouts.manual(i), status);
    }
}

/// The status of a constraint one of whose points the record does not
/// date: not applicable when that stage (or every stage of that phase) was
/// not held as the procedure allows; not checkable when a stage the
/// procedure requires has no date (its `missing_stage` finding), or one is
/// recorded with dates that cannot be read.
pub(crate) fn undated(
    w: &World<'_>,
    ir: &ProcedureIr,
    points: [usize; 2],
    cov: &Coverage,
) -> Status {
    let mut missing = Vec::new();
    let mut skipped = None;
    for p in points {
        let t = match ir.points.get(p) {
            Some(PointKind::Start(t) | PointKind::End(t)) => *t,
            _ => continue,
        };
        if w.hull(t).is_ok() {
            continue;
        }
        let stages: Vec<StageId> = match t {
            Target::Stage(s) => vec![s],
            Target::Phase(ph) => w.phase_stages(ph).to_vec(),
        };
        let mut lacking = false;
        for s in &stages {
            // Its presence item failed: a stage the procedure requires.
            let name = w.stage_name(*s);
            let required = cov.items.iter().any(|i| {
                i.about.kind == ItemKind::Stage
                    && i.about.stage.as_deref() == Some(name)
                    && i.status == Status::Checked(Outcome::Fail)
            }) && !w.happened(Target::Stage(*s));
            let broken = matches!(w.slot(*s), Slot::Broken(_) | Slot::Undated(_));
            if (required || broken) && !w.is_void(*s) {
                lacking = true;
                missing.push(stage_date(w.proc, *s));
            }
        }
        if !lacking && skipped.is_none() {
            skipped = Some(w.proc.target_name(t).to_string());
        }
    }
    match skipped {
        Some(name) if missing.is_empty() => not_held(&name),
        _ => Status::NotCheckable(missing),
    }
}
