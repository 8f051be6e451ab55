//! A simple temporal network (STN) of integer day points.
//!
//! Every point is a day number (a stage's start or end, an anchor, an origin). Every
//! constraint is a *difference constraint* `t(to) - t(from) <= weight`, stored as an
//! [`Edge`] `from → to` with that weight. A two-sided constraint
//! `t(B) - t(A) ∈ [lo, hi]` becomes two edges:
//!
//! ```text
//!   A ──hi──▶ B      t(B) - t(A) <= hi
//!   B ──(-lo)─▶ A    t(A) - t(B) <= -lo, i.e. t(B) - t(A) >= lo
//! ```
//!
//! The network is consistent (some assignment of days satisfies every constraint) if and
//! only if its graph has no cycle of negative total weight. A negative cycle *is* the
//! contradiction: adding up its constraints gives `0 = t(A) - t(A) <= total < 0`. Its edges
//! carry the caller's constraint ids (`tag`), so a diagnostic can name every constraint on
//! the impossible cycle.
//!
//! When the network is consistent, the shortest path `d(A, B)` is the tightest implied
//! upper bound on `t(B) - t(A)`, and `-d(B, A)` the tightest lower bound; with an origin
//! point `O` fixed at day 0, `d(O, X)` is the latest day of `X` and `-d(X, O)` its earliest.
//!
//! Algorithms: Bellman–Ford from a virtual source (all distances start at 0) decides
//! consistency in `O(V·E)` and, when it succeeds, gives a feasible potential `p`. Queries
//! then run Dijkstra on the reduced weights `w + p(from) - p(to) >= 0` (Johnson's trick),
//! `O(E log V)` each. Arithmetic is done in `i128` with saturation, so no input can
//! overflow; results are clamped to the `i64` range.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt;

/// One difference constraint: `t(to) - t(from) <= weight`.
///
/// `tag` is the caller's id of the constraint the edge comes from (both edges of a range
/// constraint share it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edge {
    /// The point subtracted.
    pub from: usize,
    /// The point bounded.
    pub to: usize,
    /// The upper bound on `t(to) - t(from)`, in days.
    pub weight: i64,
    /// The caller's constraint id.
    pub tag: usize,
}

/// The earliest and latest day of a point relative to an origin; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bounds {
    /// The smallest value `t(point) - t(origin)` can take, if bounded below.
    pub earliest: Option<i64>,
    /// The largest value `t(point) - t(origin)` can take, if bounded above.
    pub latest: Option<i64>,
}

/// A contradiction: a cycle of constraints whose weights add up to less than zero.
///
/// `edges` is the cycle in order: each edge's `to` is the next edge's `from`, and the last
/// edge's `to` is the first edge's `from`. Every edge is a copy of an edge of the network.
/// The cycle is simple (no point twice) and, unless it is very long (thousands of points),
/// has the fewest edges of all negative cycles over its points. It starts at the edge added
/// first; the same network always gives the same cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegativeCycle {
    /// The edges of the cycle, in order.
    pub edges: Vec<Edge>,
    /// The sum of the weights (negative; clamped to the `i64` range).
    pub total: i64,
}

impl NegativeCycle {
    /// The distinct constraint ids on the cycle, in cycle order.
    pub fn tags(&self) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        self.edges
            .iter()
            .filter(|e| seen.insert(e.tag))
            .map(|e| e.tag)
            .collect()
    }
}

impl fmt::Display for NegativeCycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.edges.len();
        write!(
            f,
            "contradictory bounds: {n} in a cycle add up to {} days",
            self.total
        )
    }
}

impl std::error::Error for NegativeCycle {}

/// A simple temporal network: `points` day points and difference constraints between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    points: usize,
    edges: Vec<Edge>,
}

impl Network {
    /// A network of `points` unconstrained points, numbered `0..points`.
    pub fn new(points: usize) -> Self {
        Network {
            points,
            edges: Vec::new(),
        }
    }

    /// Adds an unconstrained point and returns its number.
    pub fn add_point(&mut self) -> usize {
        self.points += 1;
        self.points - 1
    }

    /// The number of points.
    pub fn points(&self) -> usize {
        self.points
    }

    /// The edges, in the order they were added.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Adds `t(to) - t(from) <= weight`, labelled `tag`.
    ///
    /// A point number at or past [`points`](Self::points) adds the missing points.
    pub fn add_le(&mut self, from: usize, to: usize, weight: i64, tag: usize) {
        self.points = self.points.max(from.max(to).saturating_add(1));
        self.edges.push(Edge {
            from,
            to,
            weight,
            tag,
        });
    }

    /// Adds `lo <= t(to) - t(from) <= hi` (a missing side is unbounded), labelled `tag`:
    /// the edge `from → to` with weight `hi`, and the edge `to → from` with weight `-lo`
    /// (`lo = i64::MIN` is read as `i64::MIN + 1`, which no day count can reach).
    pub fn add_range(
        &mut self,
        from: usize,
        to: usize,
        lo: Option<i64>,
        hi: Option<i64>,
        tag: usize,
    ) {
        if let Some(hi) = hi {
            self.add_le(from, to, hi, tag);
        }
        if let Some(lo) = lo {
            self.add_le(to, from, lo.saturating_neg(), tag);
        }
    }

    /// Adds `t(to) - t(from) = d`, labelled `tag`.
    pub fn add_eq(&mut self, from: usize, to: usize, d: i64, tag: usize) {
        self.add_range(from, to, Some(d), Some(d), tag);
    }

    /// `Ok` if some assignment of days satisfies every constraint; otherwise the
    /// contradiction, as a negative cycle.
    pub fn consistency(&self) -> Result<(), NegativeCycle> {
        self.solve().map(|_| ())
    }

    /// Checks consistency once and returns a handle that answers many queries.
    pub fn solve(&self) -> Result<Solved, NegativeCycle> {
        let potential = self.potentials()?;
        let mut forward = vec![Vec::new(); self.points];
        let mut backward = vec![Vec::new(); self.points];
        for e in &self.edges {
            let (Some(&pf), Some(&pt)) = (potential.get(e.from), potential.get(e.to)) else {
                continue;
            };
            // Johnson's reduced weight, never negative since p is a feasible potential.
            let rw = i128::from(e.weight)
                .saturating_add(pf)
                .saturating_sub(pt)
                .max(0);
            if let (Some(f), Some(b)) = (forward.get_mut(e.from), backward.get_mut(e.to)) {
                f.push((e.to, rw));
                b.push((e.from, rw));
            }
        }
        Ok(Solved {
            potential,
            forward,
            backward,
        })
    }

    /// Earliest and latest value of every point relative to `origin` (which is fixed at 0).
    /// `None` is unbounded in that direction. An `origin` that is not a point of the network
    /// bounds nothing.
    pub fn bounds_from(&self, origin: usize) -> Result<Vec<Bounds>, NegativeCycle> {
        Ok(self.solve()?.bounds_from(origin))
    }

    /// The tightest implied bounds `(lo, hi)` on `t(b) - t(a)`; `None` is unbounded.
    pub fn implied(&self, a: usize, b: usize) -> Result<(Option<i64>, Option<i64>), NegativeCycle> {
        Ok(self.solve()?.implied(a, b))
    }

    /// Bellman–Ford from a virtual source joined to every point by a 0 edge: the shortest
    /// distances are a feasible potential, or the last point relaxed leads to a negative
    /// cycle.
    fn potentials(&self) -> Result<Vec<i128>, NegativeCycle> {
        let n = self.points;
        let mut dist = vec![0_i128; n];
        let mut pred: Vec<Option<usize>> = vec![None; n];
        for round in 0..n {
            let mut last = None;
            for (i, e) in self.edges.iter().enumerate() {
                let (Some(&df), Some(&dt)) = (dist.get(e.from), dist.get(e.to)) else {
                    continue;
                };
                let cand = df.saturating_add(i128::from(e.weight));
                if cand < dt {
                    dist[e.to] = cand;
                    pred[e.to] = Some(i);
                    last = Some(e.to);
                }
            }
            match last {
                None => return Ok(dist),
                // Still relaxing in round n: a negative cycle exists.
                Some(x) if round + 1 == n => return Err(self.cycle_from(&pred, x)),
                Some(_) => {}
            }
        }
        Ok(dist)
    }

    /// Extracts the negative cycle that the predecessor edges of a point relaxed in the
    /// last round lead to, then shortens it.
    fn cycle_from(&self, pred: &[Option<usize>], relaxed: usize) -> NegativeCycle {
        // The edge that last lowered `x`, and its index.
        let back = |x: usize| {
            let i = pred.get(x).copied().flatten()?;
            Some((i, self.edges.get(i)?))
        };
        // INVARIANT: a point relaxed in round k has a predecessor chain of at least k edges
        // (its predecessor was itself relaxed in round k-1 or later), so a point relaxed in
        // round n has an endless chain, and n steps back land on its cycle.
        let mut x = relaxed;
        for _ in 0..self.points {
            x = back(x).map_or(x, |(_, e)| e.from);
        }
        let start = x;
        let mut cycle = Vec::new();
        while let Some((i, e)) = back(x) {
            cycle.push(i);
            x = e.from;
            if x == start || cycle.len() > self.points {
                break;
            }
        }
        cycle.reverse();
        let cycle = self.fewest_edges(&cycle).unwrap_or(cycle);
        self.finish_cycle(cycle)
    }

    /// Among the negative cycles that use only the points of `cycle`, one with the fewest
    /// edges (ties: the first found, scanning lengths, then start points, in order). `None`
    /// if the search would be too costly.
    fn fewest_edges(&self, cycle: &[usize]) -> Option<Vec<usize>> {
        const BUDGET: usize = 20_000_000;
        let pts: BTreeSet<usize> = cycle
            .iter()
            .filter_map(|&i| self.edges.get(i).map(|e| e.from))
            .collect();
        let local: Vec<usize> = pts.iter().copied().collect();
        let m = local.len();
        let id = |p: usize| local.binary_search(&p).ok();
        // Induced edges as (local from, local to, weight, edge index), in insertion order.
        let induced: Vec<(usize, usize, i128, usize)> = self
            .edges
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((id(e.from)?, id(e.to)?, i128::from(e.weight), i)))
            .collect();
        if m.saturating_mul(m).saturating_mul(induced.len()) > BUDGET {
            return None;
        }
        // Phase 1: the smallest k with a negative closed walk of k edges at some start s.
        let mut d: Vec<Vec<Option<i128>>> = (0..m)
            .map(|s| (0..m).map(|v| (v == s).then_some(0)).collect())
            .collect();
        let mut found = None;
        'levels: for k in 1..=m {
            let next: Vec<Vec<Option<i128>>> =
                d.iter().map(|row| step(row, &induced, None)).collect();
            for (s, row) in next.iter().enumerate() {
                if row.get(s).copied().flatten().is_some_and(|w| w < 0) {
                    found = Some((k, s));
                    break 'levels;
                }
            }
            d = next;
        }
        let (k, s) = found?;
        // Phase 2: replay start s, keeping the edge that set each value, and walk back.
        let mut row: Vec<Option<i128>> = (0..m).map(|v| (v == s).then_some(0)).collect();
        let mut parents = Vec::with_capacity(k);
        for _ in 0..k {
            let mut par = vec![None; m];
            row = step(&row, &induced, Some(&mut par));
            parents.push(par);
        }
        let mut walk = Vec::with_capacity(k);
        let mut v = s;
        for par in parents.iter().rev() {
            let j = par.get(v).copied().flatten()?;
            let &(from, _, _, edge) = induced.get(j)?;
            walk.push(edge);
            v = from;
        }
        walk.reverse();
        // By minimality of k the walk is a simple cycle (a repeated point would split it
        // into two shorter closed walks, one of them negative).
        Some(walk)
    }

    /// Rotates a cycle of edge indices to start at its smallest index and totals it.
    fn finish_cycle(&self, mut cycle: Vec<usize>) -> NegativeCycle {
        if let Some(pos) = (0..cycle.len()).min_by_key(|&p| cycle.get(p)) {
            cycle.rotate_left(pos);
        }
        let edges: Vec<Edge> = cycle
            .iter()
            .filter_map(|&i| self.edges.get(i).copied())
            .collect();
        let total = edges
            .iter()
            .fold(0_i128, |acc, e| acc.saturating_add(i128::from(e.weight)));
        NegativeCycle {
            edges,
            total: clamp(total),
        }
    }
}

/// One Bellman–Ford level over the induced edges: the cheapest walks one edge longer.
/// When `parents` is given, records the induced edge that set each value.
fn step(
    row: &[Option<i128>],
    induced: &[(usize, usize, i128, usize)],
    mut parents: Option<&mut Vec<Option<usize>>>,
) -> Vec<Option<i128>> {
    let mut next: Vec<Option<i128>> = vec![None; row.len()];
    for (j, &(u, v, w, _)) in induced.iter().enumerate() {
        let Some(du) = row.get(u).copied().flatten() else {
            continue;
        };
        let cand = du.saturating_add(w);
        if let Some(slot) = next.get_mut(v) {
            if improves(*slot, cand) {
                *slot = Some(cand);
                if let Some(p) = parents.as_deref_mut().and_then(|par| par.get_mut(v)) {
                    *p = Some(j);
                }
            }
        }
    }
    next
}

/// A network known to be consistent, ready for shortest-path queries.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Shortest distances from the virtual source: a feasible assignment.
    potential: Vec<i128>,
    /// `forward[u]` lists `(v, w')` for every edge `u → v` with reduced weight
    /// `w' = w + p(u) - p(v) >= 0`; `backward[v]` lists `(u, w')`.
    forward: Vec<Vec<(usize, i128)>>,
    backward: Vec<Vec<(usize, i128)>>,
}

impl Solved {
    /// One assignment of days that satisfies every constraint (all values `<= 0`), or
    /// `None` if a value does not fit in `i64` (only with weights near the `i64` limits).
    pub fn schedule(&self) -> Option<Vec<i64>> {
        self.potential
            .iter()
            .map(|&p| i64::try_from(p).ok())
            .collect()
    }

    /// Earliest and latest value of every point relative to `origin`; see
    /// [`Network::bounds_from`].
    pub fn bounds_from(&self, origin: usize) -> Vec<Bounds> {
        let n = self.potential.len();
        if origin >= n {
            return vec![Bounds::default(); n];
        }
        let to = self.distances(origin, true);
        let back = self.distances(origin, false);
        to.iter()
            .zip(&back)
            .map(|(&latest, &from)| Bounds {
                earliest: from.map(|d| clamp(d.saturating_neg())),
                latest: latest.map(clamp),
            })
            .collect()
    }

    /// The tightest implied bounds `(lo, hi)` on `t(b) - t(a)`; see [`Network::implied`].
    pub fn implied(&self, a: usize, b: usize) -> (Option<i64>, Option<i64>) {
        if a == b {
            return (Some(0), Some(0));
        }
        let n = self.potential.len();
        if a >= n || b >= n {
            return (None, None);
        }
        let hi = self.distances(a, true).get(b).copied().flatten();
        let back = self.distances(a, false).get(b).copied().flatten();
        (back.map(|d| clamp(d.saturating_neg())), hi.map(clamp))
    }

    /// Shortest distances `d(src, v)` (forward) or `d(v, src)` (backward) for every `v`,
    /// by Dijkstra on the reduced weights.
    fn distances(&self, src: usize, forward: bool) -> Vec<Option<i128>> {
        let p = &self.potential;
        let adj = if forward {
            &self.forward
        } else {
            &self.backward
        };
        let mut reduced: Vec<Option<i128>> = vec![None; p.len()];
        let mut heap = BinaryHeap::new();
        if let Some(slot) = reduced.get_mut(src) {
            *slot = Some(0);
            heap.push(Reverse((0_i128, src)));
        }
        while let Some(Reverse((d, u))) = heap.pop() {
            if reduced.get(u).copied().flatten() != Some(d) {
                continue;
            }
            for &(v, rw) in adj.get(u).map_or(&[][..], Vec::as_slice) {
                let cand = d.saturating_add(rw);
                if let Some(slot) = reduced.get_mut(v) {
                    if improves(*slot, cand) {
                        *slot = Some(cand);
                        heap.push(Reverse((cand, v)));
                    }
                }
            }
        }
        let ps = p.get(src).copied().unwrap_or(0);
        reduced
            .iter()
            .zip(p)
            .map(|(r, &pv)| {
                r.map(|r| {
                    if forward {
                        // d'(s, v) = d(s, v) + p(s) - p(v)
                        r.saturating_sub(ps).saturating_add(pv)
                    } else {
                        // d'(v, s) = d(v, s) + p(v) - p(s)
                        r.saturating_sub(pv).saturating_add(ps)
                    }
                })
            })
            .collect()
    }
}

/// Whether `cand` is strictly shorter than the current distance (`None` = infinite).
fn improves(current: Option<i128>, cand: i128) -> bool {
    match current {
        None => true,
        Some(cur) => cand < cur,
    }
}

/// Clamps an `i128` to the `i64` range.
fn clamp(x: i128) -> i64 {
    i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
// Tests may panic on a broken expectation.
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn e(from: usize, to: usize, weight: i64, tag: usize) -> Edge {
        Edge {
            from,
            to,
            weight,
            tag,
        }
    }

    fn bounds(earliest: Option<i64>, latest: Option<i64>) -> Bounds {
        Bounds { earliest, latest }
    }

    #[test]
    fn two_sided_constraint_becomes_two_edges() {
        let mut net = Network::new(2);
        net.add_range(0, 1, Some(3), Some(5), 7);
        assert_eq!(net.edges(), &[e(0, 1, 5, 7), e(1, 0, -3, 7)]);
    }

    #[test]
    fn known_negative_cycle_is_returned_exactly() {
        // A decoy point 3 and loose edges around a contradiction 0 → 1 → 2 → 0.
        let mut net = Network::new(4);
        net.add_le(3, 0, 100, 10);
        net.add_le(1, 2, 4, 11); // t2 - t1 <= 4
        net.add_le(0, 3, 100, 12);
        net.add_le(2, 0, -10, 13); // t0 - t2 <= -10
        net.add_le(0, 1, 5, 14); // t1 - t0 <= 5: total 4 - 10 + 5 = -1
        let cycle = net.consistency().unwrap_err();
        let expected = vec![e(1, 2, 4, 11), e(2, 0, -10, 13), e(0, 1, 5, 14)];
        assert_eq!((&cycle.edges, cycle.total), (&expected, -1));
        assert_eq!(cycle.tags(), vec![11, 13, 14]);
        assert_eq!(net.consistency(), Err(cycle), "deterministic");
    }

    #[test]
    fn cycle_is_shortened_to_fewest_edges() {
        // 0 → 1 → 2 → 3 → 0 is negative, and so is the chord cycle 0 → 2 → 3 → 0.
        let mut net = Network::new(4);
        for (tag, (a, b, w)) in [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 0, -5), (0, 2, 1)]
            .into_iter()
            .enumerate()
        {
            net.add_le(a, b, w, tag);
        }
        let cycle = net.consistency().unwrap_err();
        assert_eq!((cycle.tags(), cycle.total), (vec![2, 3, 4], -3));
    }

    #[test]
    fn negative_self_loop_and_equal_constraints() {
        let mut net = Network::new(1);
        net.add_le(0, 0, -1, 9);
        assert_eq!(net.consistency().unwrap_err().edges, vec![e(0, 0, -1, 9)]);
        let mut net = Network::new(2);
        net.add_eq(0, 1, 3, 0);
        net.add_eq(0, 1, 4, 1);
        let cycle = net.consistency().unwrap_err();
        assert_eq!((cycle.edges.len(), cycle.total), (2, -1));
    }

    #[test]
    fn bounds_from_an_origin() {
        // Seed 004: election E 20 days after the origin; the voter list L published at
        // least 20 days before E; a complaint C within 5 days of L.
        let (o, el, l, c) = (0, 1, 2, 3);
        let mut net = Network::new(4);
        net.add_eq(o, el, 20, 0);
        net.add_range(l, el, Some(20), None, 1);
        net.add_range(l, c, Some(0), Some(5), 2);
        let b = net.bounds_from(o).unwrap();
        assert_eq!(b[o], bounds(Some(0), Some(0)));
        assert_eq!(b[el], bounds(Some(20), Some(20)));
        assert_eq!(b[l], bounds(None, Some(0)));
        assert_eq!(b[c], bounds(None, Some(5)));
        assert_eq!(net.implied(l, c), Ok((Some(0), Some(5))));
        assert_eq!(net.implied(c, el), Ok((Some(15), None)));
        assert_eq!(net.implied(c, c), Ok((Some(0), Some(0))));
        assert_eq!(net.bounds_from(99).unwrap()[el], Bounds::default());
    }

    #[test]
    fn extreme_weights_do_not_overflow() {
        let mut net = Network::new(3);
        net.add_le(0, 1, i64::MAX, 0);
        net.add_le(1, 2, i64::MAX, 1);
        assert_eq!(net.bounds_from(0).unwrap()[2], bounds(None, Some(i64::MAX)));
        net.add_range(2, 0, Some(i64::MIN), Some(i64::MIN), 2);
        assert!(net.consistency().is_err());
    }

    #[test]
    fn edges_beyond_points_grow_the_network() {
        let mut net = Network::new(0);
        net.add_le(0, 4, 3, 0);
        assert_eq!(net.points(), 5);
        assert_eq!(net.add_point(), 5);
        assert_eq!(net.implied(0, 4), Ok((None, Some(3))));
    }
}
