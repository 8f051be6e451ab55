//! Horizontal positions: each layer keeps its order and its minimum gaps,
//! and every vertex is pulled towards the median of its neighbours in the
//! next layer up or down. Placing one layer is an isotonic regression (pool
//! adjacent violators): the exact least-squares positions under the gap
//! constraints, in linear time.

use super::order::Adjacency;

/// What positioning needs to know of a vertex.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    /// Extent left of the anchor.
    pub left: f64,
    /// How strongly it holds its wished-for position (dummies more, to
    /// keep long edges straight).
    pub weight: f64,
}

/// The anchor x of every vertex (the smallest left edge is 0).
///
/// Only neighbours for which `keep` holds pull; vertices not in `layers`
/// keep x = 0.
pub fn assign(
    layers: &[Vec<usize>],
    slots: &[Slot],
    adj: &Adjacency,
    keep: &dyn Fn(usize) -> bool,
    gap: &dyn Fn(usize, usize) -> f64,
    passes: usize,
) -> Vec<f64> {
    let mut x = vec![0.0f64; slots.len()];
    // Packed from 0, each layer centred on 0.
    for layer in layers {
        let offsets = offsets(layer, gap);
        let width = offsets.last().copied().unwrap_or(0.0);
        for (v, o) in layer.iter().zip(&offsets) {
            if let Some(xv) = x.get_mut(*v) {
                *xv = o - width / 2.0;
            }
        }
    }
    let count = layers.len();
    for pass in 0..passes {
        // Down, up, down, …; the last pass looks both ways.
        let last = pass + 1 == passes;
        let down = pass % 2 == 0;
        for step in 0..count {
            let r = if down { step } else { count - 1 - step };
            let Some(layer) = layers.get(r) else {
                continue;
            };
            let wished: Vec<f64> = layer
                .iter()
                .map(|v| {
                    let mut near: Vec<f64> = Vec::new();
                    let sides: [&Vec<Vec<usize>>; 2] = [&adj.above, &adj.below];
                    for (k, side) in sides.iter().enumerate() {
                        if last || (k == 0) == down {
                            near.extend(
                                side.get(*v)
                                    .into_iter()
                                    .flatten()
                                    .filter(|u| keep(**u))
                                    .filter_map(|u| x.get(*u).copied()),
                            );
                        }
                    }
                    median(&mut near).unwrap_or_else(|| x.get(*v).copied().unwrap_or(0.0))
                })
                .collect();
            let weights: Vec<f64> = layer
                .iter()
                .map(|v| slots.get(*v).map_or(1.0, |s| s.weight))
                .collect();
            let placed = place(&wished, &weights, &offsets(layer, gap));
            for (v, p) in layer.iter().zip(placed) {
                if let Some(xv) = x.get_mut(*v) {
                    *xv = p;
                }
            }
        }
    }
    let min = layers
        .iter()
        .flatten()
        .filter_map(|v| Some(x.get(*v)? - slots.get(*v)?.left))
        .fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for v in layers.iter().flatten() {
            if let Some(xv) = x.get_mut(*v) {
                *xv -= min;
            }
        }
    }
    x
}

/// The smallest offset of every vertex of a layer from the first one.
pub fn offsets(layer: &[usize], gap: &dyn Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(layer.len());
    let mut acc = 0.0;
    let mut prev: Option<usize> = None;
    for v in layer {
        if let Some(p) = prev {
            acc += gap(p, *v);
        }
        out.push(acc);
        prev = Some(*v);
    }
    out
}

/// The median of `values` (sorted in place).
pub fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => Some((values.get(n / 2 - 1)? + values.get(n / 2)?) / 2.0),
    }
}

/// The positions closest (weighted least squares) to `wished` with
/// `x[i+1] − x[i] ≥ offsets[i+1] − offsets[i]`.
pub fn place(wished: &[f64], weights: &[f64], offsets: &[f64]) -> Vec<f64> {
    // With y = x − offset the constraint is y non-decreasing.
    // Blocks: (total weight, weighted sum, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for ((w, x), o) in wished.iter().zip(weights).map(|(x, w)| (w, x)).zip(offsets) {
        blocks.push((*w, w * (x - o), 1));
        while blocks.len() >= 2 {
            let n = blocks.len();
            let (Some(a), Some(b)) = (blocks.get(n - 2).copied(), blocks.get(n - 1).copied())
            else {
                break;
            };
            if a.1 / a.0 <= b.1 / b.0 {
                break;
            }
            blocks.truncate(n - 2);
            blocks.push((a.0 + b.0, a.1 + b.1, a.2 + b.2));
        }
    }
    let mut out = Vec::with_capacity(wished.len());
    for (w, s, len) in blocks {
        let y = s / w;
        out.extend(std::iter::repeat_n(y, len));
    }
    out.iter_mut().zip(offsets).for_each(|(y, o)| *y += o);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_keeps_gaps_and_wishes() {
        // Both want 0, 10 apart: they share the difference.
        assert_eq!(
            place(&[0.0, 0.0], &[1.0, 1.0], &[0.0, 10.0]),
            vec![-5.0, 5.0]
        );
        // Far enough apart already: unchanged.
        assert_eq!(
            place(&[0.0, 50.0], &[1.0, 1.0], &[0.0, 10.0]),
            vec![0.0, 50.0]
        );
        // A heavier vertex moves less.
        assert_eq!(
            place(&[0.0, 0.0], &[3.0, 1.0], &[0.0, 8.0]),
            vec![-2.0, 6.0]
        );
    }
}
