//! The compiled procedure: a stage graph (petgraph) and the difference
//! constraints of its timing rules.
//!
//! Every stage and every phase has two time points, its first and its last
//! day; point 0 is the origin, day 0 = 1970-01-01, which absolute dates are
//! measured from. Each timing rule becomes one [`Constraint`]
//! `lo ≤ t(to) − t(from) ≤ hi` with the rule's span and `per` citation, so
//! that every later diagnostic can point at source. Implicit constraints say
//! that a stage ends no earlier than it starts and that a phase contains its
//! stages.
//!
//! The stage graph has one node per stage and phase and an edge from the
//! earlier to the later of every pair a timing rule relates; it carries the
//! precedence structure that drawings and precedence checks need, while the
//! constraints carry the arithmetic.

mod compile;
mod describe;

pub use compile::{compile, day_number, from_day_number, ParamValues};

use crate::diag::Text;
use crate::resolve::{Cite, PhaseId, StageId, Target};
use crate::span::Span;
use petgraph::graph::{DiGraph, NodeIndex};

/// A time point: index into [`ProcedureIr::points`].
pub type PointId = usize;

/// Which day of a stage or phase a point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PointKind {
    /// Day 0 (1970-01-01), the reference for absolute dates.
    Origin,
    Start(Target),
    End(Target),
}

/// Where a constraint comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The `index`-th timing rule written in `subject`.
    Timing { subject: Target, index: usize },
    /// A stage or phase ends no earlier than it starts.
    Duration(Target),
    /// A phase contains one of its stages.
    Contains { phase: PhaseId, stage: StageId },
}

/// One difference constraint `lo ≤ t(to) − t(from) ≤ hi` (either side may be
/// open).
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub from: PointId,
    pub to: PointId,
    pub lo: Option<i64>,
    pub hi: Option<i64>,
    pub source: Source,
    /// The rule's span (the subject's name for implicit constraints).
    pub span: Span,
    pub cite: Option<Cite>,
    /// The constraint in words, e.g. "`投票选举` 比 `选民名单公布` 晚至少 20 天".
    pub text: Text,
    /// For a rule that counts working days, its exact bounds in working days
    /// (`lasts`: the length; `within`: days after the reference). The
    /// calendar-day `lo`/`hi` above are then only a relaxation (a necessary
    /// condition); the exact check needs the holiday calendar and real dates.
    pub working_days: Option<WorkingDays>,
    /// True when a stage it involves is optional or conditional.
    pub conditional: bool,
}

/// Bounds counted in working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkingDays {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// What an edge of the stage graph says.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    /// The constraint the edge comes from.
    pub constraint: usize,
    /// True for "same day as" (not a precedence).
    pub same_day: bool,
    /// A short label with the day bounds, e.g. "≥20天" / "≤5 days".
    pub label: Text,
}

/// A compiled procedure.
#[derive(Clone, Debug)]
pub struct ProcedureIr {
    /// Points: 0 is the origin; then start and end of every stage, then of
    /// every phase.
    pub points: Vec<PointKind>,
    pub constraints: Vec<Constraint>,
    /// Nodes are stages and phases; edges go from the earlier to the later.
    pub graph: DiGraph<Target, Relation>,
    /// The node of every stage (index = stage id).
    pub stage_nodes: Vec<NodeIndex>,
    /// The node of every phase (index = phase id).
    pub phase_nodes: Vec<NodeIndex>,
    stage_count: usize,
}

impl ProcedureIr {
    /// The origin point (day 0).
    pub const ORIGIN: PointId = 0;

    /// The first-day point of a stage or phase.
    pub fn start(&self, t: Target) -> PointId {
        self.base(t)
    }

    /// The last-day point of a stage or phase.
    pub fn end(&self, t: Target) -> PointId {
        self.base(t) + 1
    }

    fn base(&self, t: Target) -> PointId {
        match t {
            Target::Stage(StageId(i)) => 1 + 2 * i,
            Target::Phase(PhaseId(i)) => 1 + 2 * (self.stage_count + i),
        }
    }

    /// The graph node of a stage or phase.
    pub fn node(&self, t: Target) -> Option<NodeIndex> {
        match t {
            Target::Stage(StageId(i)) => self.stage_nodes.get(i).copied(),
            Target::Phase(PhaseId(i)) => self.phase_nodes.get(i).copied(),
        }
    }

    /// The difference-constraint network of the procedure (tags are indices
    /// into [`ProcedureIr::constraints`]).
    pub fn network(&self) -> crate::timing::Network {
        let mut net = crate::timing::Network::new(self.points.len());
        for (i, c) in self.constraints.iter().enumerate() {
            net.add_range(c.from, c.to, c.lo, c.hi, i);
        }
        net
    }
}
