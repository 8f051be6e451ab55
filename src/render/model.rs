//! What a drawing shows, whatever its format: the stages (with their phase,
//! whether they are optional or conditional), the phases, and the edges of
//! the stage graph with their labels in the chosen language.
//!
//! Node ids are ASCII (`s0`, `p1`: stage and phase indices), since names are
//! usually Chinese. Edges between the same two nodes of the same kind are
//! merged, their labels joined, so that "after X" and "within 5 days after
//! X" give one arrow "≤5天". Everything is in a stable order: phases and
//! stages in source order, edges in the order of the graph's edges.

use super::cond::condition;
use crate::diag::Lang;
use crate::ir::{ProcedureIr, Source};
use crate::resolve::{PhaseId, Procedure, StageId, Target};
use std::collections::BTreeMap;

/// A procedure prepared for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub lang: Lang,
    /// The procedure's name.
    pub name: String,
    /// Its quoted title, if any.
    pub title: Option<String>,
    pub stages: Vec<StageBox>,
    pub phases: Vec<PhaseBox>,
    pub edges: Vec<Edge>,
}

/// A stage.
#[derive(Clone, Debug, PartialEq)]
pub struct StageBox {
    /// `s` and the stage's index.
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    /// Index into [`Drawing::phases`].
    pub phase: Option<usize>,
    pub optional: bool,
    /// Whether the stage has a `when` condition.
    pub conditional: bool,
    /// "持续 ≥5 天" / "lasts ≥5 days": its `lasts` rule, if any.
    pub duration: Option<String>,
    /// "（可选）", "当 …" / "(optional)", "when …": the line that says when
    /// the stage is required, if it is not always.
    pub note: Option<String>,
}

impl StageBox {
    /// The lines of its label: name, title, duration, note.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.title.as_deref())
            .chain(self.duration.as_deref())
            .chain(self.note.as_deref())
    }
}

/// A phase and its stages.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseBox {
    /// `p` and the phase's index.
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    /// Indices into [`Drawing::stages`], in source order.
    pub stages: Vec<usize>,
}

/// One end of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    Stage(usize),
    Phase(usize),
}

/// An edge from the earlier to the later of a timing relation.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: End,
    pub to: End,
    /// "Same day as": no direction.
    pub same_day: bool,
    /// The day bounds ("≥20天"), possibly several joined; may be empty.
    pub label: String,
}

/// Words of the drawings in both languages.
pub fn words(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl Drawing {
    /// Prepares `proc` (compiled as `ir`) for drawing in `lang`.
    pub fn new(proc: &Procedure, ir: &ProcedureIr, lang: Lang) -> Drawing {
        let stages = proc
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let optional = s.optional.is_some();
                let when = s.when.as_ref().map(|e| condition(proc, e, lang));
                let note = match (optional, when) {
                    (true, Some(w)) => {
                        Some(format!("{}{w}", words("（可选）", "(optional) ", lang)))
                    }
                    (true, None) => Some(words("（可选）", "(optional)", lang).to_string()),
                    (false, w) => w,
                };
                StageBox {
                    id: format!("s{i}"),
                    name: s.name.name.clone(),
                    title: s.title.clone(),
                    phase: s.phase.map(|p| p.0).filter(|p| *p < proc.phases.len()),
                    optional,
                    conditional: s.when.is_some(),
                    duration: duration(ir, i, lang),
                    note,
                }
            })
            .collect();
        let phases = proc
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| PhaseBox {
                id: format!("p{i}"),
                name: p.name.name.clone(),
                title: p.title.clone(),
                stages: p
                    .stages
                    .iter()
                    .map(|s| s.0)
                    .filter(|s| *s < proc.stages.len())
                    .collect(),
            })
            .collect();
        Drawing {
            lang,
            name: proc.name.name.clone(),
            title: proc.title.clone(),
            stages,
            phases,
            edges: edges(proc, ir, lang),
        }
    }

    /// The stages of no phase, in source order.
    pub fn loose_stages(&self) -> impl Iterator<Item = (usize, &StageBox)> {
        self.stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.phase.is_none())
    }

    /// The id of an end (`s3`, `p0`).
    pub fn id(&self, end: End) -> String {
        match end {
            End::Stage(i) => format!("s{i}"),
            End::Phase(i) => format!("p{i}"),
        }
    }

    /// The heading: the name, and the title after a dash.
    pub fn heading(&self) -> String {
        match &self.title {
            Some(t) if !t.is_empty() && *t != self.name => format!("{} — {t}", self.name),
            _ => self.name.clone(),
        }
    }
}

/// The length a stage's first `lasts` rule gives it, in words.
fn duration(ir: &ProcedureIr, stage: usize, lang: Lang) -> Option<String> {
    let t = Target::Stage(StageId(stage));
    let (start, end) = (ir.start(t), ir.end(t));
    let c = ir.constraints.iter().find(|c| {
        matches!(c.source, Source::Timing { subject, .. } if subject == t)
            && c.from == start
            && c.to == end
    })?;
    // The constraint bounds end − start, one less than the days counted.
    let (lo, hi, unit) = match c.working_days {
        Some(w) => (w.min, w.max, words("个工作日", " working days", lang)),
        None => (
            c.lo.map(|l| l.saturating_add(1)),
            c.hi.map(|h| h.saturating_add(1)),
            words("天", " days", lang),
        ),
    };
    let bounds = match (lo, hi) {
        (Some(l), Some(h)) if l == h => format!("{l}{unit}"),
        (Some(l), Some(h)) => format!("{l}–{h}{unit}"),
        (Some(l), None) => format!("≥{l}{unit}"),
        (None, Some(h)) => format!("≤{h}{unit}"),
        (None, None) => return None,
    };
    Some(format!("{} {bounds}", words("持续", "lasts", lang)))
}

fn end(proc: &Procedure, t: Target) -> Option<End> {
    match t {
        Target::Stage(StageId(i)) if i < proc.stages.len() => Some(End::Stage(i)),
        Target::Phase(PhaseId(i)) if i < proc.phases.len() => Some(End::Phase(i)),
        _ => None,
    }
}

fn edges(proc: &Procedure, ir: &ProcedureIr, lang: Lang) -> Vec<Edge> {
    let sep = words("，", ", ", lang);
    let mut out: Vec<Edge> = Vec::new();
    let mut index: BTreeMap<(End, End, bool), usize> = BTreeMap::new();
    for e in ir.graph.raw_edges() {
        let (Some(a), Some(b)) = (
            ir.graph.node_weight(e.source()),
            ir.graph.node_weight(e.target()),
        ) else {
            continue;
        };
        let (Some(from), Some(to)) = (end(proc, *a), end(proc, *b)) else {
            continue;
        };
        let rel = &e.weight;
        let label = rel.label.get(lang);
        let key = (from, to, rel.same_day);
        match index.get(&key).and_then(|i| out.get_mut(*i)) {
            Some(edge) => {
                let present = edge.label.split(sep).any(|l| l == label);
                if !label.is_empty() && !present {
                    if !edge.label.is_empty() {
                        edge.label.push_str(sep);
                    }
                    edge.label.push_str(label);
                }
            }
            None => {
                index.insert(key, out.len());
                out.push(Edge {
                    from,
                    to,
                    same_day: rel.same_day,
                    label: label.to_string(),
                });
            }
        }
    }
    out
}
