//! Property tests of the simple temporal network against brute-force oracles.
//!
//! - `tied_networks_match_search`: every point is tied to the origin within ±40 days, so
//!   every solution lies in [-40, 40]; an exhaustive search over that box (with sound
//!   pruning, and every solution checked against every constraint) gives the verdict and
//!   each point's earliest and latest day.
//! - `loose_networks_match_enumeration`: points need not be bounded. With `n` points and
//!   every weight within ±W, a finite bound is at most (n-1)·W from the origin, and
//!   clipping every point to ±B with B = 2(n-1)·W + 1 changes neither the verdict nor any
//!   finite bound, while an unbounded side shows up beyond ±(n-1)·W. Plain enumeration of
//!   the box then decides everything.
//! - `negative_cycles_are_real`: a reported contradiction is a simple cycle of the input's
//!   edges with a negative total, and no negative cycle over its points has fewer edges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use huanjie::timing::{Bounds, Edge, Network};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// `(from, to, lo, hi)`: `lo <= t(to) - t(from) <= hi`.
type Range = (usize, usize, Option<i64>, Option<i64>);

fn build(points: usize, ranges: &[Range]) -> Network {
    let mut net = Network::new(points);
    for (tag, &(a, b, lo, hi)) in ranges.iter().enumerate() {
        net.add_range(a, b, lo, hi, tag);
    }
    net
}

/// `t(to) - t(from) <= weight` for every edge.
fn satisfies(t: &[i64], edges: &[Edge]) -> bool {
    edges.iter().all(|e| t[e.to] - t[e.from] <= e.weight)
}

/// Shrinks the interval domains with one constraint at a time until nothing changes;
/// `false` if a domain empties. Sound: a value is removed only when a single constraint
/// rules it out against every value left for the other point.
fn propagate(edges: &[Edge], dom: &mut [(i64, i64)]) -> bool {
    loop {
        let mut changed = false;
        for e in edges {
            let hi = dom[e.from].1 + e.weight;
            if hi < dom[e.to].1 {
                dom[e.to].1 = hi;
                changed = true;
            }
            let lo = dom[e.to].0 - e.weight;
            if lo > dom[e.from].0 {
                dom[e.from].0 = lo;
                changed = true;
            }
            if dom[e.to].0 > dom[e.to].1 || dom[e.from].0 > dom[e.from].1 {
                return false;
            }
        }
        if !changed {
            return true;
        }
    }
}

/// Depth-first search over every value of every domain; returns a checked solution.
fn search(edges: &[Edge], mut dom: Vec<(i64, i64)>) -> Option<Vec<i64>> {
    if !propagate(edges, &mut dom) {
        return None;
    }
    match dom.iter().position(|&(lo, hi)| lo < hi) {
        None => {
            let t: Vec<i64> = dom.iter().map(|&(lo, _)| lo).collect();
            satisfies(&t, edges).then_some(t)
        }
        Some(i) => (dom[i].0..=dom[i].1).find_map(|x| {
            let mut fixed = dom.clone();
            fixed[i] = (x, x);
            search(edges, fixed)
        }),
    }
}

/// A network on the origin 0 and `k` points, each tied to the origin within ±40 days,
/// plus random range constraints within ±40.
fn tied() -> impl Strategy<Value = (usize, Vec<Range>)> {
    (1usize..=5).prop_flat_map(|k| {
        let tie = (-40i64..=40, -40i64..=40).prop_map(|(a, b)| (a.min(b), a.max(b)));
        let extra = (
            0..=k,
            0..=k,
            option::of(-40i64..=40),
            option::of(-40i64..=40),
        )
            .prop_map(|(a, b, lo, hi)| match (lo, hi) {
                (Some(l), Some(h)) => (a, b, Some(l.min(h)), Some(l.max(h))),
                _ => (a, b, lo, hi),
            });
        (vec(tie, k), vec(extra, 0..=8)).prop_map(move |(ties, extra)| {
            let mut ranges: Vec<Range> = ties
                .iter()
                .enumerate()
                .map(|(i, &(lo, hi))| (0, i + 1, Some(lo), Some(hi)))
                .collect();
            ranges.extend(extra);
            (k + 1, ranges)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn tied_networks_match_search((points, ranges) in tied()) {
        let net = build(points, &ranges);
        let edges = net.edges().to_vec();
        let mut dom = vec![(-40, 40); points];
        dom[0] = (0, 0);
        let feasible = search(&edges, dom.clone()).is_some();
        let bounds = net.bounds_from(0);
        prop_assert_eq!(feasible, bounds.is_ok());
        prop_assert_eq!(feasible, net.consistency().is_ok());
        let Ok(bounds) = bounds else { return Ok(()) };
        for v in 0..points {
            let fits = |x: i64| {
                if x < dom[v].0 || x > dom[v].1 {
                    return false;
                }
                let mut fixed = dom.clone();
                fixed[v] = (x, x);
                search(&edges, fixed).is_some()
            };
            let earliest = (-40..=40).find(|&x| fits(x));
            let latest = (-40..=40).rev().find(|&x| fits(x));
            prop_assert_eq!(bounds[v], Bounds { earliest, latest }, "point {}", v);
        }
    }
}

/// Up to four points, weights within ±W, some points possibly unbounded.
const W: i64 = 4;

fn loose() -> impl Strategy<Value = (usize, Vec<Range>)> {
    (2usize..=4).prop_flat_map(|n| {
        let range = (0..n, 0..n, option::of(-W..=W), option::of(-W..=W));
        (Just(n), vec(range, 0..=7))
    })
}

/// Every assignment of the non-origin points in [-b, b] that satisfies every edge,
/// enumerated point by point, checking each edge once both of its ends are set.
fn enumerate(points: usize, edges: &[Edge], b: i64, t: &mut Vec<i64>, out: &mut Vec<Vec<i64>>) {
    let v = t.len();
    if v == points {
        out.push(t.clone());
        return;
    }
    for x in -b..=b {
        t.push(x);
        let ok = edges
            .iter()
            .filter(|e| e.from.max(e.to) == v)
            .all(|e| t[e.to] - t[e.from] <= e.weight);
        if ok {
            enumerate(points, edges, b, t, out);
        }
        t.pop();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn loose_networks_match_enumeration((points, ranges) in loose()) {
        let net = build(points, &ranges);
        let reach = (points as i64 - 1) * W;
        let b = 2 * reach + 1;
        let mut solutions = Vec::new();
        let origin_ok = net.edges().iter().filter(|e| e.from == 0 && e.to == 0).all(|e| e.weight >= 0);
        if origin_ok {
            enumerate(points, net.edges(), b, &mut vec![0], &mut solutions);
        }
        let bounds = net.bounds_from(0);
        prop_assert_eq!(!solutions.is_empty(), bounds.is_ok());
        let Ok(bounds) = bounds else { return Ok(()) };
        for v in 0..points {
            let lo = solutions.iter().map(|t| t[v]).min().unwrap();
            let hi = solutions.iter().map(|t| t[v]).max().unwrap();
            let expected = Bounds {
                earliest: (lo >= -reach).then_some(lo),
                latest: (hi <= reach).then_some(hi),
            };
            prop_assert_eq!(bounds[v], expected, "point {}", v);
        }
        // Pairwise bounds: a finite one is at most (n-1)·W; an infinite one, clipped, is more
        // (a path through the origin's ±B edges costs at least B - (n-2)·W > (n-1)·W).
        for a in 0..points {
            for c in 0..points {
                let (lo, hi) = net.implied(a, c).unwrap();
                let diffs = solutions.iter().map(|t| t[c] - t[a]);
                prop_assert_eq!(hi, diffs.clone().max().filter(|&d| d <= reach), "{} to {}", a, c);
                prop_assert_eq!(lo, diffs.min().filter(|&d| d >= -reach), "{} to {}", a, c);
            }
        }
    }
}

/// The smallest number of edges of a negative simple cycle using only points in `allowed`
/// (exhaustive search over simple paths).
fn fewest_negative(edges: &[Edge], allowed: &[usize]) -> Option<usize> {
    fn walk(
        edges: &[Edge],
        allowed: &[usize],
        start: usize,
        at: usize,
        sum: i64,
        path: &mut Vec<usize>,
        best: &mut Option<usize>,
    ) {
        for e in edges
            .iter()
            .filter(|e| e.from == at && allowed.contains(&e.to))
        {
            if e.to == start {
                if sum + e.weight < 0 && best.is_none_or(|b| path.len() < b) {
                    *best = Some(path.len());
                }
            } else if e.to > start && !path.contains(&e.to) {
                path.push(e.to);
                walk(edges, allowed, start, e.to, sum + e.weight, path, best);
                path.pop();
            }
        }
    }
    let mut best = None;
    for &s in allowed {
        walk(edges, allowed, s, s, 0, &mut vec![s], &mut best);
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn negative_cycles_are_real(
        (points, raw) in (1usize..=6).prop_flat_map(|n| (Just(n), vec((0..n, 0..n, -40i64..=40), 0..=14)))
    ) {
        let mut net = Network::new(points);
        for (tag, &(a, b, w)) in raw.iter().enumerate() {
            net.add_le(a, b, w, tag);
        }
        match net.consistency() {
            Ok(()) => {
                let t = net.solve().unwrap().schedule().unwrap();
                prop_assert!(satisfies(&t, net.edges()));
            }
            Err(cycle) => {
                let edges = &cycle.edges;
                prop_assert!(!edges.is_empty());
                for (i, e) in edges.iter().enumerate() {
                    prop_assert!(net.edges().contains(e), "{:?} is not an input edge", e);
                    prop_assert_eq!(e.to, edges[(i + 1) % edges.len()].from);
                }
                let mut froms: Vec<usize> = edges.iter().map(|e| e.from).collect();
                froms.sort_unstable();
                froms.dedup();
                prop_assert_eq!(froms.len(), edges.len(), "not simple: {:?}", edges);
                let total: i64 = edges.iter().map(|e| e.weight).sum();
                prop_assert_eq!(total, cycle.total);
                prop_assert!(total < 0);
                prop_assert_eq!(fewest_negative(net.edges(), &froms), Some(edges.len()));
                prop_assert_eq!(net.clone().consistency(), Err(cycle.clone()));
                prop_assert_eq!(net.bounds_from(0), Err(cycle.clone()));
                prop_assert_eq!(net.implied(0, points - 1), Err(cycle));
            }
        }
    }
}

/// A chain whose lower-bound edges are listed front to back, so Bellman–Ford needs one
/// round per point: a few thousand points and tens of thousands of edges stay fast.
#[test]
fn large_network_is_fast() {
    let n = 3000;
    let mut net = Network::new(n);
    for i in 1..n {
        net.add_range(i - 1, i, Some(1), Some(3), i);
        for j in 1..=4 {
            if i + j * 7 < n {
                net.add_le(i, i + j * 7, 100, n + i);
            }
        }
    }
    let start = std::time::Instant::now();
    let bounds = net.bounds_from(0).unwrap();
    let last = n as i64 - 1;
    assert_eq!(
        bounds[n - 1],
        Bounds {
            earliest: Some(last),
            latest: Some(3 * last)
        }
    );
    net.add_le(0, n - 1, last - 1, 0);
    let cycle = net.consistency().unwrap_err();
    assert_eq!(cycle.total, -1);
    assert_eq!(cycle.edges.len(), n);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
