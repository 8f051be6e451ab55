//! One cycle back to a start node, for the diagnostics that show a cycle
//! of includes (procedures that include each other, HJ107; files that
//! include each other, HJ022).

/// A path from `start` back to `start`, as `(node, the edge taken from
/// it)`, following `next` (the edges out of a node that stay in the cyclic
/// component, in the order to try them) depth first; `None` when there is
/// none. Each node is entered once, so the search is linear in the edges.
pub(crate) fn cycle_from<W: Copy>(
    start: usize,
    next: &dyn Fn(usize) -> Vec<(usize, W)>,
) -> Option<Vec<(usize, W)>> {
    let mut path = Vec::new();
    let mut seen = vec![start];
    walk(start, start, next, &mut path, &mut seen).then_some(path)
}

fn walk<W: Copy>(
    start: usize,
    at: usize,
    next: &dyn Fn(usize) -> Vec<(usize, W)>,
    path: &mut Vec<(usize, W)>,
    seen: &mut Vec<usize>,
) -> bool {
    for (to, edge) in next(at) {
        path.push((at, edge));
        if to == start {
            return true;
        }
        if !seen.contains(&to) {
            seen.push(to);
            if walk(start, to, next, path, seen) {
                return true;
            }
        }
        path.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cycle_found_is_the_first_by_edge_order() {
        // 0 → 1 → 2 → 0, and 1 → 3 (a dead end tried first).
        let edges = [(0, 1, 'a'), (1, 3, 'x'), (1, 2, 'b'), (2, 0, 'c')];
        let next = |n: usize| -> Vec<(usize, char)> {
            edges
                .iter()
                .filter(|e| e.0 == n)
                .map(|e| (e.1, e.2))
                .collect()
        };
        assert_eq!(
            cycle_from(0, &next),
            Some(vec![(0, 'a'), (1, 'b'), (2, 'c')])
        );
        assert_eq!(cycle_from(3, &next), None);
    }
}
