//! Layer assignment: the longest path over precedence edges.
//!
//! A group (phase) end is a pair of virtual nodes: everything that must come
//! after the group comes after its "out" node, which comes after each member;
//! everything before the group comes before its "in" node, which comes before
//! each member. Precedence edges ask for two ranks more (the odd rank between
//! two stages holds edge labels), same-day edges for none.
//!
//! Cycles (a contradictory procedure may have them) are broken by a
//! depth-first search that ignores every edge back into the search path; the
//! search is iterative and visits every node once, so it ends on any graph.

use super::End;

/// An arc `from → to` asking for `to` to be at least `len` ranks below.
#[derive(Clone, Copy, Debug)]
struct Arc {
    from: usize,
    to: usize,
    len: i64,
}

/// The rank of every node (even numbers from 0, no empty even rank).
///
/// `members[g]` lists the nodes of group `g`; `edges` are `(from, to,
/// same_rank_allowed)`.
pub fn ranks(nodes: usize, members: &[Vec<usize>], edges: &[(End, End, bool)]) -> Vec<usize> {
    let g_in = |g: usize| nodes + 2 * g;
    let g_out = |g: usize| nodes + 2 * g + 1;
    let total = nodes + 2 * members.len();
    let mut arcs = Vec::new();
    for (g, ms) in members.iter().enumerate() {
        for &m in ms.iter().filter(|m| **m < nodes) {
            arcs.push(Arc {
                from: g_in(g),
                to: m,
                len: 0,
            });
            arcs.push(Arc {
                from: m,
                to: g_out(g),
                len: 0,
            });
        }
    }
    for &(from, to, same) in edges {
        let from = match from {
            End::Node(i) if i < nodes => i,
            End::Group(g) if g < members.len() => g_out(g),
            _ => continue,
        };
        let to = match to {
            End::Node(i) if i < nodes => i,
            End::Group(g) if g < members.len() => g_in(g),
            _ => continue,
        };
        if from != to {
            arcs.push(Arc {
                from,
                to,
                len: if same { 0 } else { 2 },
            });
        }
    }
    let (order, back) = acyclic_order(total, &arcs);
    let mut out_arcs: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut has_in = vec![false; total];
    for (k, a) in arcs.iter().enumerate() {
        if !back.get(k).copied().unwrap_or(true) {
            if let Some(list) = out_arcs.get_mut(a.from) {
                list.push(k);
            }
            // A group's "in" node holds its members no higher than itself;
            // that is no reason to keep a member at the top.
            let structural = a.from >= nodes && (a.from - nodes) & 1 == 0;
            if let (false, Some(h)) = (structural, has_in.get_mut(a.to)) {
                *h = true;
            }
        }
    }
    // Longest path, in topological order.
    let mut rank = vec![0i64; total];
    for &u in &order {
        let ru = rank.get(u).copied().unwrap_or(0);
        for a in out_arcs
            .get(u)
            .into_iter()
            .flatten()
            .filter_map(|k| arcs.get(*k))
        {
            if let Some(rv) = rank.get_mut(a.to) {
                *rv = (*rv).max(ru.saturating_add(a.len));
            }
        }
    }
    // A node nothing precedes sits just above the first of its successors
    // rather than at the top.
    for &u in order.iter().rev() {
        if has_in.get(u).copied().unwrap_or(true) {
            continue;
        }
        // Through a group's "out" node, the bound is what follows the group.
        let bound = |a: &Arc| -> Option<i64> {
            let is_out = a.to >= nodes && (a.to - nodes) & 1 == 1;
            if !is_out {
                return rank.get(a.to).map(|r| r.saturating_sub(a.len));
            }
            out_arcs
                .get(a.to)
                .into_iter()
                .flatten()
                .filter_map(|k| arcs.get(*k))
                .filter_map(|b| rank.get(b.to).map(|r| r.saturating_sub(b.len)))
                .min()
        };
        let lowest = out_arcs
            .get(u)
            .into_iter()
            .flatten()
            .filter_map(|k| arcs.get(*k))
            .filter_map(bound)
            .min();
        if let (Some(l), Some(r)) = (lowest, rank.get_mut(u)) {
            *r = l;
        }
    }
    compress(rank.get(..nodes).unwrap_or(&[]))
}

/// The ranks renumbered 0, 2, 4, … in the same order.
fn compress(rank: &[i64]) -> Vec<usize> {
    let mut distinct: Vec<i64> = rank.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    rank.iter()
        .map(|r| 2 * distinct.binary_search(r).unwrap_or(0))
        .collect()
}

/// A topological order of the graph without its back edges, and which arcs
/// are back edges (found by an iterative depth-first search from every node
/// in index order).
fn acyclic_order(total: usize, arcs: &[Arc]) -> (Vec<usize>, Vec<bool>) {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (k, a) in arcs.iter().enumerate() {
        if let Some(list) = adj.get_mut(a.from) {
            list.push(k);
        }
    }
    // 0: unvisited, 1: on the search path, 2: done.
    let mut state = vec![0u8; total];
    let mut back = vec![false; arcs.len()];
    let mut post = Vec::with_capacity(total);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..total {
        if state.get(root) != Some(&0) {
            continue;
        }
        stack.push((root, 0));
        if let Some(s) = state.get_mut(root) {
            *s = 1;
        }
        while let Some((u, next)) = stack.last_mut() {
            let u = *u;
            let Some(&k) = adj.get(u).and_then(|l| l.get(*next)) else {
                if let Some(s) = state.get_mut(u) {
                    *s = 2;
                }
                post.push(u);
                stack.pop();
                continue;
            };
            *next += 1;
            let v = arcs.get(k).map_or(u, |a| a.to);
            match state.get(v) {
                Some(0) => {
                    if let Some(s) = state.get_mut(v) {
                        *s = 1;
                    }
                    stack.push((v, 0));
                }
                Some(1) => {
                    if let Some(b) = back.get_mut(k) {
                        *b = true;
                    }
                }
                _ => {}
            }
        }
    }
    post.reverse();
    (post, back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_takes_every_other_rank() {
        let edges = [
            (End::Node(0), End::Node(1), false),
            (End::Node(1), End::Node(2), false),
        ];
        assert_eq!(ranks(3, &[], &edges), vec![0, 2, 4]);
    }

    #[test]
    fn same_day_shares_a_rank_and_sources_sink() {
        let edges = [
            (End::Node(0), End::Node(1), false),
            (End::Node(1), End::Node(2), true),
            (End::Node(3), End::Node(2), false),
        ];
        assert_eq!(ranks(4, &[], &edges), vec![0, 2, 2, 0]);
    }

    #[test]
    fn a_member_nothing_precedes_sinks_too() {
        // Group 0 = {0, 1}; 1 comes before 2, 0 before 2 with 4 ranks.
        let members = vec![vec![0, 1]];
        let edges = [
            (End::Node(1), End::Node(3), false),
            (End::Node(3), End::Node(2), false),
            (End::Node(0), End::Node(2), false),
        ];
        assert_eq!(ranks(4, &members, &edges), vec![2, 0, 4, 2]);
    }

    #[test]
    fn cycles_end() {
        let edges = [
            (End::Node(0), End::Node(1), false),
            (End::Node(1), End::Node(2), false),
            (End::Node(2), End::Node(0), false),
            (End::Node(2), End::Node(2), false),
        ];
        assert_eq!(ranks(3, &[], &edges), vec![0, 2, 4]);
    }

    #[test]
    fn a_group_comes_after_all_its_predecessors_members() {
        let members = vec![vec![0, 1], vec![2]];
        let edges = [
            (End::Node(0), End::Node(1), false),
            (End::Group(0), End::Group(1), false),
        ];
        assert_eq!(ranks(3, &members, &edges), vec![0, 2, 4]);
    }
}
