//! Edge paths: through the dummies of their chain, leaving a box from its
//! bottom and entering the next from its top (ports spread along the side
//! in the order of where the edges go), or, within one row, as a straight
//! line between neighbours or an arc below the row.

use super::{Chain, Input, Path, Rect, Route, LABEL_OFFSET};
use std::collections::BTreeMap;

/// Room kept beside a label on a line between neighbours.
const FLAT_MARGIN: f64 = 20.0;
/// Keep ports this far from a box's corners (hexagons' slanted sides too).
const PORT_INSET: f64 = 16.0;
/// The widest spacing of ports.
const PORT_SPACING: f64 = 16.0;
/// A group's edges leave and enter its border this far from its corners.
const GROUP_INSET: f64 = 12.0;

/// The layout as far as routing needs it.
pub struct Placed<'a> {
    pub input: &'a Input,
    pub chains: &'a [Chain],
    pub layers: &'a [Vec<usize>],
    /// The box of every vertex (dummies: width of their label, or 2).
    pub boxes: &'a [Rect],
    pub groups: &'a [Option<Rect>],
    /// The anchor x of every vertex (the centre of a node, the line of a
    /// dummy).
    pub anchors: &'a [f64],
    /// The top and bottom of every vertex's row.
    pub rows: &'a [(f64, f64)],
}

/// Where each vertex is in its layer.
fn positions(layers: &[Vec<usize>], count: usize) -> Vec<usize> {
    let mut pos = vec![usize::MAX; count];
    for layer in layers {
        for (i, v) in layer.iter().enumerate() {
            if let Some(p) = pos.get_mut(*v) {
                *p = i;
            }
        }
    }
    pos
}

fn adjacent(pos: &[usize], a: usize, b: usize) -> bool {
    match (pos.get(a), pos.get(b)) {
        (Some(x), Some(y)) => x.abs_diff(*y) == 1,
        _ => false,
    }
}

/// The gaps (between facing sides) that lines between neighbours in a row
/// need for their labels, by pair of vertices (smaller first).
pub fn flat_gaps(
    input: &Input,
    chains: &[Chain],
    layers: &[Vec<usize>],
) -> BTreeMap<(usize, usize), f64> {
    let count = layers.iter().map(Vec::len).sum::<usize>();
    let pos = positions(layers, count);
    let mut out = BTreeMap::new();
    for (c, e) in chains.iter().zip(&input.edges) {
        if let (true, None, None, [a, b]) =
            (c.flat, c.top_group, c.bottom_group, c.verts.as_slice())
        {
            if adjacent(&pos, *a, *b) {
                let need = e.label.map_or(0.0, |s| s.w) + 2.0 * FLAT_MARGIN;
                let key = ((*a).min(*b), (*a).max(*b));
                let slot = out.entry(key).or_insert(0.0f64);
                *slot = slot.max(need);
            }
        }
    }
    out
}

/// The route of every edge.
pub fn routes(p: &Placed) -> Vec<Route> {
    let pos = positions(p.layers, p.boxes.len());
    let ports = ports(p);
    p.chains
        .iter()
        .zip(&p.input.edges)
        .enumerate()
        .map(|(k, (c, e))| {
            if c.verts.len() < 2 {
                Route {
                    path: Path::None,
                    label: None,
                }
            } else if c.flat {
                flat(p, &pos, c, e.label.map(|s| (s.w, s.h)))
            } else {
                chain(p, c, k, &ports, e.label.is_some())
            }
        })
        .collect()
}

/// The x offset of every chain's start (bottom side of its upper box) and
/// end (top side of its lower box), by chain index.
struct Ports {
    start: BTreeMap<usize, f64>,
    end: BTreeMap<usize, f64>,
}

fn anchor(p: &Placed, v: usize) -> f64 {
    p.anchors.get(v).copied().unwrap_or(0.0)
}

fn ports(p: &Placed) -> Ports {
    // Per vertex: (x of the other end's neighbour, chain) leaving below /
    // arriving from above.
    let mut leaving: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    let mut arriving: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    for (k, c) in p.chains.iter().enumerate() {
        if c.flat || c.verts.len() < 2 {
            continue;
        }
        let (Some(&top), Some(&bottom)) = (c.verts.first(), c.verts.last()) else {
            continue;
        };
        let next = c.verts.get(1).map_or(0.0, |v| anchor(p, *v));
        let prev = c.verts.iter().rev().nth(1).map_or(0.0, |v| anchor(p, *v));
        if c.top_group.is_none() {
            leaving.entry(top).or_default().push((next, k));
        }
        if c.bottom_group.is_none() {
            arriving.entry(bottom).or_default().push((prev, k));
        }
    }
    let spread = |map: BTreeMap<usize, Vec<(f64, usize)>>| {
        let mut out = BTreeMap::new();
        for (v, mut list) in map {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let width = p.boxes.get(v).map_or(0.0, |b| b.w);
            let n = list.len();
            let spacing = if n > 1 {
                (((width - 2.0 * PORT_INSET).max(0.0)) / (n - 1) as f64).min(PORT_SPACING)
            } else {
                0.0
            };
            for (i, (_, k)) in list.into_iter().enumerate() {
                out.insert(k, (i as f64 - (n - 1) as f64 / 2.0) * spacing);
            }
        }
        out
    };
    Ports {
        start: spread(leaving),
        end: spread(arriving),
    }
}

/// Where an edge leaves a group's border (at the bottom) or enters it (at
/// the top, right of the title `title` wide when there is room).
fn group_point(rect: &Rect, toward: f64, bottom: bool, title: f64) -> (f64, f64) {
    let hi = (rect.x + rect.w - GROUP_INSET).max(rect.x);
    let lo = if bottom {
        rect.x + GROUP_INSET
    } else {
        rect.x + title + 2.0 * GROUP_INSET
    };
    let lo = lo.min(hi);
    let y = if bottom { rect.y + rect.h } else { rect.y };
    (toward.clamp(lo, hi), y)
}

fn centre_y(r: &Rect) -> f64 {
    r.y + r.h / 2.0
}

fn chain(p: &Placed, c: &Chain, k: usize, ports: &Ports, has_label: bool) -> Route {
    let boxes = p.boxes;
    let (Some(&top), Some(&bottom)) = (c.verts.first(), c.verts.last()) else {
        return Route {
            path: Path::None,
            label: None,
        };
    };
    let next = c.verts.get(1).map_or(0.0, |v| anchor(p, *v));
    let prev = c.verts.iter().rev().nth(1).map_or(0.0, |v| anchor(p, *v));
    let start = match c.top_group.and_then(|g| p.groups.get(g).copied().flatten()) {
        Some(rect) => group_point(&rect, next, true, 0.0),
        None => {
            let b = boxes.get(top).copied().unwrap_or(Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            });
            let off = ports.start.get(&k).copied().unwrap_or(0.0);
            (anchor(p, top) + off, b.y + b.h)
        }
    };
    let end = match c
        .bottom_group
        .and_then(|g| Some((p.groups.get(g).copied().flatten()?, g)))
    {
        Some((rect, g)) => {
            let title = p.input.groups.get(g).map_or(0.0, |t| t.w);
            group_point(&rect, prev, false, title)
        }
        None => {
            let b = boxes.get(bottom).copied().unwrap_or(Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            });
            let off = ports.end.get(&k).copied().unwrap_or(0.0);
            (anchor(p, bottom) + off, b.y)
        }
    };
    // Through a dummy's whole row straight down, so that a curve bends
    // only between rows, never into a box beside the dummy.
    let mut points = vec![start];
    for v in c.verts.iter().skip(1).take(c.verts.len().saturating_sub(2)) {
        let x = anchor(p, *v);
        match p.rows.get(*v) {
            Some(&(top, bottom)) if bottom > top => {
                points.push((x, top));
                points.push((x, bottom));
            }
            _ => points.push((x, boxes.get(*v).map_or(0.0, centre_y))),
        }
    }
    points.push(end);
    let label = match c.label {
        Some(v) => Some((
            anchor(p, v) + LABEL_OFFSET,
            boxes.get(v).map_or(0.0, centre_y),
        )),
        None if has_label => Some((
            (start.0 + end.0) / 2.0 + LABEL_OFFSET,
            (start.1 + end.1) / 2.0,
        )),
        None => None,
    };
    if c.reversed {
        points.reverse();
    }
    Route {
        path: Path::Line(points),
        label,
    }
}

fn flat(p: &Placed, pos: &[usize], c: &Chain, label: Option<(f64, f64)>) -> Route {
    let [a, b] = c.verts.as_slice() else {
        return Route {
            path: Path::None,
            label: None,
        };
    };
    let zero = Rect {
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
    };
    let (ba, bb) = (
        p.boxes.get(*a).copied().unwrap_or(zero),
        p.boxes.get(*b).copied().unwrap_or(zero),
    );
    if c.top_group.is_none() && c.bottom_group.is_none() && adjacent(pos, *a, *b) {
        let y = centre_y(&ba);
        let (from, to) = if ba.x < bb.x {
            ((ba.x + ba.w, y), (bb.x, y))
        } else {
            ((ba.x, y), (bb.x + bb.w, y))
        };
        let label = label.map(|(w, h)| ((from.0 + to.0 - w) / 2.0, y - h / 2.0 - 3.0));
        return Route {
            path: Path::Line(vec![from, to]),
            label,
        };
    }
    let end_point = |v: usize, r: &Rect, group: Option<usize>| match group
        .and_then(|g| p.groups.get(g).copied().flatten())
    {
        Some(g) => (g.x + g.w / 2.0, g.y + g.h),
        None => (anchor(p, v), r.y + r.h),
    };
    let from = end_point(*a, &ba, c.top_group);
    let to = end_point(*b, &bb, c.bottom_group);
    let dip = 24.0 + ((from.0 - to.0).abs() * 0.1).min(40.0);
    let control = ((from.0 + to.0) / 2.0, from.1.max(to.1) + dip);
    let mid = (
        0.25 * from.0 + 0.5 * control.0 + 0.25 * to.0,
        0.25 * from.1 + 0.5 * control.1 + 0.25 * to.1,
    );
    Route {
        path: Path::Arc { from, control, to },
        label: label.map(|(w, h)| (mid.0 - w / 2.0, mid.1 + h / 2.0 + 3.0)),
    }
}

/// Every point of a path (an arc's control point included).
pub fn points(path: &Path) -> Vec<(f64, f64)> {
    match path {
        Path::None => Vec::new(),
        Path::Line(p) => p.clone(),
        Path::Arc { from, control, to } => vec![*from, *control, *to],
    }
}

/// Moves a route by (dx, dy).
pub fn shift(route: &mut Route, dx: f64, dy: f64) {
    let mv = |p: &mut (f64, f64)| {
        p.0 += dx;
        p.1 += dy;
    };
    match &mut route.path {
        Path::None => {}
        Path::Line(points) => points.iter_mut().for_each(mv),
        Path::Arc { from, control, to } => {
            mv(from);
            mv(control);
            mv(to);
        }
    }
    if let Some(l) = &mut route.label {
        mv(l);
    }
}
