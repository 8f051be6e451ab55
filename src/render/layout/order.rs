//! Ordering within layers: barycenter sweeps that keep each group's
//! vertices side by side, keeping the order with the fewest crossings.

use std::collections::BTreeMap;

/// A vertex being ordered: (barycenter, position before, vertex).
type Member = (f64, usize, usize);

/// The neighbours of every vertex, split by side.
pub struct Adjacency {
    /// Neighbours in layers above (smaller rank).
    pub above: Vec<Vec<usize>>,
    /// Neighbours in layers below.
    pub below: Vec<Vec<usize>>,
}

/// Reorders `layers` in place with `sweeps` alternating down and up sweeps.
///
/// Groups keep one left-to-right order in every layer (so that their
/// borders can be drawn side by side without overlapping); that order
/// follows the mean position of their vertices after each sweep.
pub fn order(
    layers: &mut [Vec<usize>],
    group: &[Option<usize>],
    groups: usize,
    adj: &Adjacency,
    sweeps: usize,
) {
    let n = group.len();
    // The place of every group in the common order.
    let mut place: Vec<usize> = (0..groups).collect();
    let mut pos = vec![0usize; n];
    let mut rank = vec![0usize; n];
    for (r, layer) in layers.iter().enumerate() {
        for (i, v) in layer.iter().enumerate() {
            if let (Some(p), Some(k)) = (pos.get_mut(*v), rank.get_mut(*v)) {
                *p = i;
                *k = r;
            }
        }
    }
    // Start with groups together.
    for layer in layers.iter_mut() {
        let bary: Vec<f64> = (0..layer.len()).map(|i| i as f64).collect();
        arrange(layer, &bary, group, &place, &mut pos);
    }
    let mut best = layers.to_vec();
    let mut best_crossings = crossings(layers, &adj.below, group, &pos, &rank);
    for sweep in 0..sweeps {
        let down = sweep % 2 == 0;
        let count = layers.len();
        for step in 1..count {
            let r = if down { step } else { count - 1 - step };
            let (side, other) = if down {
                (&adj.above, r.wrapping_sub(1))
            } else {
                (&adj.below, r + 1)
            };
            let Some(layer) = layers.get_mut(r) else {
                continue;
            };
            let bary: Vec<f64> = layer
                .iter()
                .map(|v| {
                    let near: Vec<f64> = side
                        .get(*v)
                        .into_iter()
                        .flatten()
                        .filter(|u| rank.get(**u) == Some(&other))
                        .filter_map(|u| pos.get(*u).map(|p| *p as f64))
                        .collect();
                    if near.is_empty() {
                        pos.get(*v).map_or(0.0, |p| *p as f64)
                    } else {
                        near.iter().sum::<f64>() / near.len() as f64
                    }
                })
                .collect();
            arrange(layer, &bary, group, &place, &mut pos);
        }
        place = common_order(layers, group, groups);
        for layer in layers.iter_mut() {
            let bary: Vec<f64> = (0..layer.len()).map(|i| i as f64).collect();
            arrange(layer, &bary, group, &place, &mut pos);
        }
        let c = crossings(layers, &adj.below, group, &pos, &rank);
        if c < best_crossings {
            best_crossings = c;
            best = layers.to_vec();
        }
    }
    for (layer, b) in layers.iter_mut().zip(best) {
        *layer = b;
    }
    for layer in layers.iter() {
        for (i, v) in layer.iter().enumerate() {
            if let Some(p) = pos.get_mut(*v) {
                *p = i;
            }
        }
    }
    if n <= 1_500 {
        transpose(layers, &adj.below, group, &mut pos, &rank, 6);
    }
}

/// The place of every group in the common order: by the mean relative
/// position of its vertices.
fn common_order(layers: &[Vec<usize>], group: &[Option<usize>], groups: usize) -> Vec<usize> {
    let mut sum = vec![(0.0f64, 0usize); groups];
    for layer in layers {
        let len = layer.len().max(1) as f64;
        for (i, v) in layer.iter().enumerate() {
            if let Some(s) = group
                .get(*v)
                .copied()
                .flatten()
                .and_then(|g| sum.get_mut(g))
            {
                s.0 += (i as f64 + 0.5) / len;
                s.1 += 1;
            }
        }
    }
    let mut by_mean: Vec<(f64, usize)> = sum
        .iter()
        .enumerate()
        .map(|(g, (s, n))| (if *n > 0 { s / *n as f64 } else { 0.0 }, g))
        .collect();
    by_mean.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut place = vec![0usize; groups];
    for (k, (_, g)) in by_mean.into_iter().enumerate() {
        if let Some(p) = place.get_mut(g) {
            *p = k;
        }
    }
    place
}

/// Sorts one layer by barycenter (`bary[i]` for `layer[i]`), a group's
/// vertices as one block at their mean, groups in their common order
/// (`place`), and updates `pos`.
fn arrange(
    layer: &mut Vec<usize>,
    bary: &[f64],
    group: &[Option<usize>],
    place: &[usize],
    pos: &mut [usize],
) {
    // Blocks in order of first appearance: members with barycenters.
    let mut blocks: Vec<Vec<Member>> = Vec::new();
    let mut of_group: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, v) in layer.iter().enumerate() {
        let b = bary.get(i).copied().unwrap_or(0.0);
        let g = group.get(*v).copied().flatten();
        match g
            .and_then(|g| of_group.get(&g))
            .and_then(|k| blocks.get_mut(*k))
        {
            Some(members) => members.push((b, i, *v)),
            None => {
                if let Some(g) = g {
                    of_group.insert(g, blocks.len());
                }
                blocks.push(vec![(b, i, *v)]);
            }
        }
    }
    let mut keyed: Vec<(f64, usize, Vec<Member>)> = blocks
        .into_iter()
        .map(|mut members| {
            members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mean = members.iter().map(|m| m.0).sum::<f64>() / members.len().max(1) as f64;
            let first = members.iter().map(|m| m.1).min().unwrap_or(0);
            (mean, first, members)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    // The slots group blocks took, refilled in the common order.
    let group_of = |members: &Vec<Member>| {
        members
            .first()
            .and_then(|m| group.get(m.2).copied().flatten())
    };
    let mut grouped: Vec<(usize, Vec<Member>)> = Vec::new();
    let mut slots = Vec::new();
    for (k, block) in keyed.iter_mut().enumerate() {
        if let Some(g) = group_of(&block.2) {
            grouped.push((
                place.get(g).copied().unwrap_or(g),
                std::mem::take(&mut block.2),
            ));
            slots.push(k);
        }
    }
    grouped.sort_by_key(|(p, _)| *p);
    for (k, (_, members)) in slots.into_iter().zip(grouped) {
        if let Some(block) = keyed.get_mut(k) {
            block.2 = members;
        }
    }
    layer.clear();
    layer.extend(
        keyed
            .into_iter()
            .flat_map(|(.., m)| m.into_iter().map(|x| x.2)),
    );
    for (i, v) in layer.iter().enumerate() {
        if let Some(p) = pos.get_mut(*v) {
            *p = i;
        }
    }
}

/// Where each group's vertices start and end in a layer.
fn bounds(layer: &[usize], group: &[Option<usize>]) -> BTreeMap<usize, (usize, usize)> {
    let mut out: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (i, v) in layer.iter().enumerate() {
        if let Some(g) = group.get(*v).copied().flatten() {
            let e = out.entry(g).or_insert((i, i));
            e.0 = e.0.min(i);
            e.1 = e.1.max(i);
        }
    }
    out
}

/// The crossings between layer `r` and the next; an edge crossing a
/// group's border (the line through its first, or its last, vertices of
/// the two layers) counts twice.
fn pair_crossings(layers: &[Vec<usize>], r: usize, ctx: &Ctx) -> u64 {
    let (Some(layer), Some(next)) = (layers.get(r), layers.get(r + 1)) else {
        return 0;
    };
    let mut segs: Vec<(usize, usize)> = Vec::new();
    for v in layer {
        for u in ctx.below.get(*v).into_iter().flatten() {
            if ctx.rank.get(*u) == Some(&(r + 1)) {
                if let (Some(a), Some(b)) = (ctx.pos.get(*v), ctx.pos.get(*u)) {
                    segs.push((*a, *b));
                }
            }
        }
    }
    let lower = bounds(next, ctx.group);
    for (g, (lo, hi)) in bounds(layer, ctx.group) {
        if let Some((lo2, hi2)) = lower.get(&g) {
            segs.extend([(lo, *lo2), (lo, *lo2), (hi, *hi2), (hi, *hi2)]);
        }
    }
    segs.sort_unstable();
    inversions(&segs, next.len())
}

/// What counting crossings needs.
struct Ctx<'a> {
    below: &'a [Vec<usize>],
    group: &'a [Option<usize>],
    pos: &'a [usize],
    rank: &'a [usize],
}

/// The number of crossings of all layers.
fn crossings(
    layers: &[Vec<usize>],
    below: &[Vec<usize>],
    group: &[Option<usize>],
    pos: &[usize],
    rank: &[usize],
) -> u64 {
    let ctx = Ctx {
        below,
        group,
        pos,
        rank,
    };
    (0..layers.len())
        .map(|r| pair_crossings(layers, r, &ctx))
        .fold(0, u64::saturating_add)
}

/// Swaps neighbouring blocks (a vertex, or a group's vertices) of a layer
/// while that lowers the crossings around it; two groups are never swapped
/// (they keep their common order). At most `passes` rounds.
fn transpose(
    layers: &mut [Vec<usize>],
    below: &[Vec<usize>],
    group: &[Option<usize>],
    pos: &mut [usize],
    rank: &[usize],
    passes: usize,
) {
    for _ in 0..passes {
        let mut improved = false;
        for r in 0..layers.len() {
            let mut i = 0;
            while let Some(layer) = layers.get(r) {
                let blocks = split_blocks(layer, group);
                if i + 1 >= blocks.len() {
                    break;
                }
                let (a, b) = match (blocks.get(i), blocks.get(i + 1)) {
                    (Some(a), Some(b)) => (a.clone(), b.clone()),
                    _ => break,
                };
                let grouped = |bl: &[usize]| {
                    bl.first()
                        .is_some_and(|v| group.get(*v).copied().flatten().is_some())
                };
                if grouped(&a) && grouped(&b) {
                    i += 1;
                    continue;
                }
                let local = |layers: &[Vec<usize>], pos: &[usize]| {
                    let ctx = Ctx {
                        below,
                        group,
                        pos,
                        rank,
                    };
                    pair_crossings(layers, r, &ctx)
                        + r.checked_sub(1)
                            .map_or(0, |q| pair_crossings(layers, q, &ctx))
                };
                let before = local(layers, pos);
                let start: usize = blocks.iter().take(i).map(Vec::len).sum();
                swap(layers, r, start, &a, &b, pos);
                if local(layers, pos) < before {
                    improved = true;
                } else {
                    swap(layers, r, start, &b, &a, pos);
                }
                i += 1;
            }
        }
        if !improved {
            break;
        }
    }
}

/// The blocks of a layer: runs of one group's vertices, and single
/// vertices.
fn split_blocks(layer: &[usize], group: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut last: Option<usize> = None;
    for v in layer {
        let g = group.get(*v).copied().flatten();
        match (g, out.last_mut()) {
            (Some(g), Some(block)) if last == Some(g) => block.push(*v),
            _ => out.push(vec![*v]),
        }
        last = g;
    }
    out
}

/// Puts `b` then `a` at `start` of layer `r` (where `a` then `b` were).
fn swap(
    layers: &mut [Vec<usize>],
    r: usize,
    start: usize,
    a: &[usize],
    b: &[usize],
    pos: &mut [usize],
) {
    let Some(layer) = layers.get_mut(r) else {
        return;
    };
    let end = start + a.len() + b.len();
    if end > layer.len() {
        return;
    }
    let swapped: Vec<usize> = b.iter().chain(a).copied().collect();
    layer.splice(start..end, swapped);
    for (i, v) in layer.iter().enumerate().skip(start).take(end - start) {
        if let Some(p) = pos.get_mut(*v) {
            *p = i;
        }
    }
}

/// Pairs `i < j` with `segs[i].1 > segs[j].1` (a Fenwick tree over the
/// lower positions, which are below `size`).
fn inversions(segs: &[(usize, usize)], size: usize) -> u64 {
    let mut tree = vec![0u64; size + 1];
    let mut count = 0u64;
    for (seen, &(_, b)) in (0u64..).zip(segs) {
        // How many seen so far are ≤ b.
        let mut i = b + 1;
        let mut le = 0u64;
        while i > 0 {
            le += tree.get(i).copied().unwrap_or(0);
            i &= i - 1;
        }
        count += seen - le;
        let mut i = b + 1;
        while i <= size {
            if let Some(t) = tree.get_mut(i) {
                *t += 1;
            }
            i += i & i.wrapping_neg();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_inversions() {
        assert_eq!(inversions(&[(0, 1), (1, 0)], 2), 1);
        assert_eq!(inversions(&[(0, 0), (0, 1), (1, 1)], 2), 0);
        assert_eq!(inversions(&[(0, 2), (1, 1), (2, 0)], 3), 3);
    }

    #[test]
    fn a_crossing_is_undone() {
        // 0 → 3, 1 → 2: layer 1 starts as [2, 3], crossing.
        let mut layers = vec![vec![0, 1], vec![2, 3]];
        let adj = Adjacency {
            above: vec![vec![], vec![], vec![1], vec![0]],
            below: vec![vec![3], vec![2], vec![], vec![]],
        };
        order(&mut layers, &[None; 4], 0, &adj, 4);
        assert_eq!(layers, vec![vec![0, 1], vec![3, 2]]);
    }
}
