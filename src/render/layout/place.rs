//! Horizontal placement with groups: every group (phase) is laid out on its
//! own first, then moves as one block, as wide as its widest row, through
//! every rank it spans. Other vertices and group blocks share each rank in
//! the order the ordering step gave (one common order of groups), so group
//! borders never overlap each other or a box outside them.
//!
//! Each pass places every rank exactly (isotonic regression, see
//! [`coord`]); a block's position is the mean of its ranks' wishes; then the
//! gaps are restored ("legalised") by pushing right and pushing left along
//! the gap constraints and taking the mean of the two — both satisfy every
//! gap, so their mean does too.

use super::coord::{self, median, Slot};
use super::order::Adjacency;
use super::{DUMMY_SEP, GROUP_PAD, NODE_SEP};

/// What placement knows of a vertex.
#[derive(Clone, Copy, Debug)]
pub struct Vert {
    pub left: f64,
    pub right: f64,
    pub weight: f64,
    pub group: Option<usize>,
    pub dummy: bool,
    /// A place holder of a group in a rank where it has no vertex.
    pub skeleton: bool,
}

/// Anchor x of every vertex and the left and right border of every group
/// with vertices.
pub struct Placement {
    pub x: Vec<f64>,
    pub groups: Vec<Option<(f64, f64)>>,
}

/// Places the vertices of `layers`; `min_width[g]` is the narrowest border
/// of group `g` (its title's width); `gap` is the smallest distance between
/// the anchors of two neighbours in a layer that are not in a group block.
pub fn place(
    layers: &[Vec<usize>],
    verts: &[Vert],
    adj: &Adjacency,
    min_width: &[f64],
    gap: &dyn Fn(usize, usize) -> f64,
    passes: usize,
) -> Placement {
    let nv = verts.len();
    let ng = min_width.len();
    let inner = inner_layouts(layers, verts, adj, min_width, gap, passes);
    let block = |v: usize| {
        verts
            .get(v)
            .and_then(|vt| vt.group)
            .filter(|g| inner.width.get(*g).copied().flatten().is_some())
    };
    // The items of every rank: vertices outside groups, and group blocks.
    let items: Vec<Vec<usize>> = layers
        .iter()
        .map(|layer| {
            let mut row: Vec<usize> = Vec::new();
            for v in layer {
                let item = block(*v).map_or(*v, |g| nv + g);
                if row.last() != Some(&item) {
                    row.push(item);
                }
            }
            row
        })
        .collect();
    let width = |g: usize| inner.width.get(g).copied().flatten().unwrap_or(0.0);
    let extent = |item: usize| -> (f64, f64, bool) {
        match verts.get(item) {
            Some(v) => (v.left, v.right, v.dummy),
            None => (0.0, width(item - nv), false),
        }
    };
    let item_gap = |a: usize, b: usize| -> f64 {
        if a < nv && b < nv {
            return gap(a, b);
        }
        let ((_, ra, da), (lb, _, db)) = (extent(a), extent(b));
        ra + lb + if da || db { DUMMY_SEP } else { NODE_SEP }
    };
    let mut x = vec![0.0f64; nv + ng];
    let mut acc = vec![(0.0f64, 0.0f64); ng];
    for row in &items {
        let offsets = coord::offsets(row, &item_gap);
        let w = offsets.last().copied().unwrap_or(0.0);
        for (item, o) in row.iter().zip(&offsets) {
            set(&mut x, &mut acc, nv, *item, o - w / 2.0, 1.0);
        }
    }
    settle(&mut x, &mut acc, nv);
    let constraints = Constraints::new(&items, &item_gap, nv + ng);
    constraints.legalise(&mut x);
    let pos = |x: &[f64], v: usize| -> f64 {
        match block(v) {
            Some(g) => {
                x.get(nv + g).copied().unwrap_or(0.0) + inner.off.get(v).copied().unwrap_or(0.0)
            }
            None => x.get(v).copied().unwrap_or(0.0),
        }
    };
    for pass in 0..passes {
        let down = pass % 2 == 0;
        let both = pass + 1 == passes;
        let count = items.len();
        for step in 0..count {
            let r = if down { step } else { count - 1 - step };
            let (Some(row), Some(layer)) = (items.get(r), layers.get(r)) else {
                continue;
            };
            let mut wished = Vec::with_capacity(row.len());
            let mut weights = Vec::with_capacity(row.len());
            for &item in row {
                let near = |v: usize, outside: Option<usize>| -> Vec<f64> {
                    let mut out = Vec::new();
                    for (k, side) in [&adj.above, &adj.below].into_iter().enumerate() {
                        if both || (k == 0) == down {
                            out.extend(
                                side.get(v)
                                    .into_iter()
                                    .flatten()
                                    .filter(|u| outside.is_none() || block(**u) != outside)
                                    .map(|u| pos(&x, *u)),
                            );
                        }
                    }
                    out
                };
                let current = x.get(item).copied().unwrap_or(0.0);
                if item < nv {
                    let mut n = near(item, None);
                    wished.push(median(&mut n).unwrap_or(current));
                    weights.push(verts.get(item).map_or(1.0, |v| v.weight));
                } else {
                    // A block follows its members' wishes in this rank.
                    let g = item - nv;
                    let (mut sum, mut count) = (0.0, 0.0);
                    for &m in layer.iter().filter(|m| block(**m) == Some(g)) {
                        let mut n = near(m, Some(g));
                        if let Some(w) = median(&mut n) {
                            sum += w - inner.off.get(m).copied().unwrap_or(0.0);
                            count += 1.0;
                        }
                    }
                    if count > 0.0 {
                        wished.push(sum / count);
                        weights.push(count);
                    } else {
                        wished.push(current);
                        weights.push(0.5);
                    }
                }
            }
            let placed = coord::place(&wished, &weights, &coord::offsets(row, &item_gap));
            for ((item, p), w) in row.iter().zip(placed).zip(&weights) {
                set(&mut x, &mut acc, nv, *item, p, *w);
            }
        }
        settle(&mut x, &mut acc, nv);
        constraints.legalise(&mut x);
    }
    // Shift so that the leftmost edge is at 0.
    let min = items
        .iter()
        .flatten()
        .map(|i| x.get(*i).copied().unwrap_or(0.0) - extent(*i).0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min.is_finite() { min } else { 0.0 };
    let anchors = (0..nv).map(|v| pos(&x, v) - shift).collect();
    let groups = (0..ng)
        .map(|g| {
            let w = inner.width.get(g).copied().flatten()?;
            let left = x.get(nv + g)? - shift;
            Some((left, left + w))
        })
        .collect();
    Placement { x: anchors, groups }
}

/// A vertex takes its place at once; a block collects its ranks' wishes.
fn set(x: &mut [f64], acc: &mut [(f64, f64)], nv: usize, item: usize, p: f64, w: f64) {
    if item < nv {
        if let Some(xv) = x.get_mut(item) {
            *xv = p;
        }
    } else if let Some(a) = acc.get_mut(item - nv) {
        a.0 += p * w;
        a.1 += w;
    }
}

/// Every block at the mean of its collected wishes.
fn settle(x: &mut [f64], acc: &mut [(f64, f64)], nv: usize) {
    for (g, a) in acc.iter_mut().enumerate() {
        if a.1 > 0.0 {
            if let Some(xv) = x.get_mut(nv + g) {
                *xv = a.0 / a.1;
            }
        }
        *a = (0.0, 0.0);
    }
}

/// The layout of every group on its own: the offset of each member's
/// anchor from the group's left border, and the group's width.
struct Inner {
    off: Vec<f64>,
    width: Vec<Option<f64>>,
}

fn inner_layouts(
    layers: &[Vec<usize>],
    verts: &[Vert],
    adj: &Adjacency,
    min_width: &[f64],
    gap: &dyn Fn(usize, usize) -> f64,
    passes: usize,
) -> Inner {
    let slots: Vec<Slot> = verts
        .iter()
        .map(|v| Slot {
            left: v.left,
            weight: v.weight,
        })
        .collect();
    let mut off = vec![0.0f64; verts.len()];
    let mut width = vec![None; min_width.len()];
    let member = |v: usize, g: usize| {
        verts
            .get(v)
            .is_some_and(|vt| vt.group == Some(g) && !vt.skeleton)
    };
    for (g, slot) in width.iter_mut().enumerate() {
        let sub: Vec<Vec<usize>> = layers
            .iter()
            .map(|l| l.iter().copied().filter(|v| member(*v, g)).collect())
            .collect();
        if sub.iter().all(Vec::is_empty) {
            continue;
        }
        let x = coord::assign(&sub, &slots, adj, &|u| member(u, g), gap, passes);
        let inner_w = sub
            .iter()
            .flatten()
            .filter_map(|v| Some(x.get(*v)? + verts.get(*v)?.right))
            .fold(0.0f64, f64::max);
        let w = (inner_w + 2.0 * GROUP_PAD).max(min_width.get(g).copied().unwrap_or(0.0));
        let start = (w - inner_w) / 2.0;
        for v in sub.iter().flatten() {
            if let (Some(o), Some(xv)) = (off.get_mut(*v), x.get(*v)) {
                *o = start + xv;
            }
        }
        // Place holders sit at the left border.
        *slot = Some(w);
    }
    Inner { off, width }
}

/// The gap constraints between neighbours in a rank, in a topological
/// order (the common order of groups makes them acyclic; any item left
/// over from a cycle is simply not moved).
struct Constraints {
    /// (left item, right item, smallest distance).
    pairs: Vec<(usize, usize, f64)>,
    topo: Vec<usize>,
    out: Vec<Vec<usize>>,
    into: Vec<Vec<usize>>,
}

impl Constraints {
    fn new(items: &[Vec<usize>], gap: &dyn Fn(usize, usize) -> f64, count: usize) -> Constraints {
        let mut pairs = Vec::new();
        let mut out = vec![Vec::new(); count];
        let mut into = vec![Vec::new(); count];
        let mut indegree = vec![0usize; count];
        for row in items {
            for w in row.windows(2) {
                if let [a, b] = *w {
                    if let (Some(o), Some(i), Some(d)) =
                        (out.get_mut(a), into.get_mut(b), indegree.get_mut(b))
                    {
                        o.push(pairs.len());
                        i.push(pairs.len());
                        *d += 1;
                        pairs.push((a, b, gap(a, b)));
                    }
                }
            }
        }
        let mut stack: Vec<usize> = (0..count)
            .rev()
            .filter(|i| indegree.get(*i) == Some(&0))
            .collect();
        let mut topo = Vec::with_capacity(count);
        while let Some(u) = stack.pop() {
            topo.push(u);
            for k in out.get(u).into_iter().flatten() {
                if let Some(&(_, b, _)) = pairs.get(*k) {
                    if let Some(d) = indegree.get_mut(b) {
                        *d = d.saturating_sub(1);
                        if *d == 0 {
                            stack.push(b);
                        }
                    }
                }
            }
        }
        Constraints {
            pairs,
            topo,
            out,
            into,
        }
    }

    /// Restores every gap, moving items as little (and as evenly) as the
    /// two pushes allow.
    fn legalise(&self, x: &mut [f64]) {
        let mut right = x.to_vec();
        for &u in &self.topo {
            let xu = right.get(u).copied().unwrap_or(0.0);
            for &(_, b, g) in self
                .out
                .get(u)
                .into_iter()
                .flatten()
                .filter_map(|k| self.pairs.get(*k))
            {
                if let Some(xb) = right.get_mut(b) {
                    *xb = xb.max(xu + g);
                }
            }
        }
        let mut left = x.to_vec();
        for &u in self.topo.iter().rev() {
            let xu = left.get(u).copied().unwrap_or(0.0);
            for &(a, _, g) in self
                .into
                .get(u)
                .into_iter()
                .flatten()
                .filter_map(|k| self.pairs.get(*k))
            {
                if let Some(xa) = left.get_mut(a) {
                    *xa = xa.min(xu - g);
                }
            }
        }
        for &u in &self.topo {
            if let (Some(xv), Some(r), Some(l)) = (x.get_mut(u), right.get(u), left.get(u)) {
                *xv = (r + l) / 2.0;
            }
        }
    }
}
