//! A layered (Sugiyama-style, simplified) layout from top to bottom, for
//! the SVG drawing.
//!
//! 1. [`rank`]: layers by the longest path over precedence edges (cycles
//!    broken); stages take even ranks, the odd rank between two holds edge
//!    labels.
//! 2. Every edge longer than one rank gets a dummy vertex per rank it
//!    crosses, one of them as wide as its label, so that edges bend around
//!    boxes and labels take room like boxes do.
//! 3. [`order`]: barycenter sweeps, then swaps of neighbours, order each
//!    layer; a group's vertices stay together, groups keep one common
//!    left-to-right order, and a group holds a place in every rank it spans.
//! 4. [`place`] (with [`coord`]): horizontal positions, each group laid out
//!    on its own and then moved as one block; [`geometry`]: rows give
//!    vertical positions, with room for group (phase) borders and titles
//!    and for edges that go far sideways.
//! 5. [`route`]: edge paths through their dummies, with ports spread along
//!    a box's side.
//!
//! Every step is linear or near-linear in the vertices and edges, with a
//! fixed number of sweeps, and the number of dummies is bounded: the layout
//! ends on any graph.

mod coord;
mod geometry;
mod order;
mod place;
mod rank;
mod route;

use order::Adjacency;

/// An edge with more dummies than this is drawn straight.
const MAX_DUMMIES: usize = 20_000;
/// Horizontal gap between boxes.
const NODE_SEP: f64 = 28.0;
/// Horizontal gap next to a dummy.
const DUMMY_SEP: f64 = 12.0;
/// Padding of a group's border around its vertices.
pub const GROUP_PAD: f64 = 12.0;
/// Vertical gap between rows.
const ROW_GAP: f64 = 18.0;
/// Height of a row of dummies without labels.
const ODD_MIN: f64 = 14.0;
/// Label text starts this far right of its edge.
pub const LABEL_OFFSET: f64 = 6.0;

/// A box to place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    pub width: f64,
    pub height: f64,
    /// The group (phase) it is drawn inside.
    pub group: Option<usize>,
}

/// Width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

/// An end of an edge: a node, or a whole group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    Node(usize),
    Group(usize),
}

/// An edge to route.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: End,
    pub to: End,
    /// Whether both ends may share a rank (same day); else `to` is below.
    pub same_rank: bool,
    pub label: Option<Size>,
}

/// What to lay out. Groups are numbered `0..groups.len()`; `groups[g]` is
/// the size of the title drawn at the top of group `g`'s border.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    pub nodes: Vec<Node>,
    pub groups: Vec<Size>,
    pub edges: Vec<Edge>,
}

/// A rectangle: top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// How an edge is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Path {
    /// Not drawn (an edge from a box to itself).
    None,
    /// Through these points, from the source to the target; between points
    /// of different rows a curve with vertical tangents reads best.
    Line(Vec<(f64, f64)>),
    /// A quadratic curve between two boxes of one row.
    Arc {
        from: (f64, f64),
        control: (f64, f64),
        to: (f64, f64),
    },
}

/// An edge's path and where its label goes (left end, vertical middle).
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub path: Path,
    pub label: Option<(f64, f64)>,
}

/// The placed drawing; coordinates start at 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub nodes: Vec<Rect>,
    /// The border of every group with members.
    pub groups: Vec<Option<Rect>>,
    /// One route per input edge.
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// A vertex of the layered graph: a node or a dummy.
#[derive(Clone, Copy, Debug)]
struct Vertex {
    left: f64,
    right: f64,
    height: f64,
    group: Option<usize>,
    rank: usize,
    dummy: bool,
    /// A group's place holder in a rank where it has no vertex.
    skeleton: bool,
}

/// An edge as a chain of vertices, from the upper end to the lower.
#[derive(Clone, Debug, Default)]
struct Chain {
    verts: Vec<usize>,
    /// The edge goes upwards (its source is the lower end).
    reversed: bool,
    /// Both ends are in one rank.
    flat: bool,
    /// The upper / lower end is a whole group.
    top_group: Option<usize>,
    bottom_group: Option<usize>,
    /// The dummy that carries the label.
    label: Option<usize>,
}

/// Lays `input` out.
pub fn layout(input: &Input) -> Output {
    let n = input.nodes.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); input.groups.len()];
    for (i, node) in input.nodes.iter().enumerate() {
        if let Some(m) = node.group.and_then(|g| members.get_mut(g)) {
            m.push(i);
        }
    }
    let rank_edges: Vec<(End, End, bool)> = input
        .edges
        .iter()
        .map(|e| (e.from, e.to, e.same_rank))
        .collect();
    let ranks = rank::ranks(n, &members, &rank_edges);
    let mut verts: Vec<Vertex> = input
        .nodes
        .iter()
        .zip(&ranks)
        .map(|(node, r)| Vertex {
            left: node.width / 2.0,
            right: node.width / 2.0,
            height: node.height,
            group: node.group,
            rank: *r,
            dummy: false,
            skeleton: false,
        })
        .collect();
    let chains = chains(input, &members, &mut verts);
    add_skeletons(&mut verts, input.groups.len());
    let count = verts.iter().map(|v| v.rank + 1).max().unwrap_or(0);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, v) in verts.iter().enumerate() {
        if let Some(l) = layers.get_mut(v.rank) {
            l.push(i);
        }
    }
    let adj = adjacency(&chains, verts.len());
    let big = verts.len() > 4_000;
    let groups: Vec<Option<usize>> = verts.iter().map(|v| v.group).collect();
    let sweeps = if big { 2 } else { 12 };
    order::order(&mut layers, &groups, input.groups.len(), &adj, sweeps);
    let flat_gaps = route::flat_gaps(input, &chains, &layers);
    let gap = |a: usize, b: usize| -> f64 {
        let (Some(va), Some(vb)) = (verts.get(a), verts.get(b)) else {
            return NODE_SEP;
        };
        let sep = if va.dummy || vb.dummy {
            DUMMY_SEP
        } else {
            NODE_SEP
        };
        let flat = flat_gaps.get(&(a.min(b), a.max(b))).copied().unwrap_or(0.0);
        va.right + vb.left + sep.max(flat)
    };
    let info: Vec<place::Vert> = verts
        .iter()
        .map(|v| place::Vert {
            left: v.left,
            right: v.right,
            weight: if v.dummy { 2.0 } else { 1.0 },
            group: v.group,
            dummy: v.dummy,
            skeleton: v.skeleton,
        })
        .collect();
    let min_width: Vec<f64> = input.groups.iter().map(|t| t.w + 2.0 * GROUP_PAD).collect();
    let passes = if big { 2 } else { 10 };
    let placed = place::place(&layers, &info, &adj, &min_width, &gap, passes);
    let extra = geometry::extra_gaps(&chains, &verts, &placed.x, count);
    let rows = geometry::rows(&verts, &input.groups, count, &extra);
    let boxes: Vec<Rect> = verts
        .iter()
        .zip(&placed.x)
        .map(|(v, x)| {
            let (top, bottom) = rows.span(v.rank);
            Rect {
                x: x - v.left,
                y: top + (bottom - top - v.height) / 2.0,
                w: v.left + v.right,
                h: v.height,
            }
        })
        .collect();
    let group_rects = geometry::group_rects(&verts, &placed.groups, &rows, &input.groups);
    let spans: Vec<(f64, f64)> = verts.iter().map(|v| rows.span(v.rank)).collect();
    let routes = route::routes(&route::Placed {
        input,
        chains: &chains,
        layers: &layers,
        boxes: &boxes,
        groups: &group_rects,
        anchors: &placed.x,
        rows: &spans,
    });
    geometry::finish(boxes, n, group_rects, routes, input)
}

/// The neighbours of every vertex along the chains.
fn adjacency(chains: &[Chain], count: usize) -> Adjacency {
    let mut adj = Adjacency {
        above: vec![Vec::new(); count],
        below: vec![Vec::new(); count],
    };
    for c in chains.iter().filter(|c| !c.flat) {
        for pair in c.verts.windows(2) {
            if let [a, b] = *pair {
                if let Some(l) = adj.below.get_mut(a) {
                    l.push(b);
                }
                if let Some(l) = adj.above.get_mut(b) {
                    l.push(a);
                }
            }
        }
    }
    adj
}

/// A place holder for every group in every rank between its first and last
/// where it has no vertex, so that nothing else is placed inside its border.
fn add_skeletons(verts: &mut Vec<Vertex>, groups: usize) {
    let ranges = geometry::group_ranks(verts, groups);
    let mut present: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    for v in verts.iter() {
        if let Some(g) = v.group {
            present.insert((g, v.rank));
        }
    }
    for (g, range) in ranges.into_iter().enumerate() {
        let (Some(lo), Some(hi)) = range else {
            continue;
        };
        for r in lo..=hi {
            if !present.contains(&(g, r)) {
                verts.push(Vertex {
                    left: 0.0,
                    right: 0.0,
                    height: 0.0,
                    group: Some(g),
                    rank: r,
                    dummy: true,
                    skeleton: true,
                });
            }
        }
    }
}

/// Turns every edge into a chain, adding dummies to `verts`.
fn chains(input: &Input, members: &[Vec<usize>], verts: &mut Vec<Vertex>) -> Vec<Chain> {
    let rank_of = |verts: &[Vertex], i: usize| verts.get(i).map_or(0, |v| v.rank);
    // The vertex an end is attached to: a group's last member as a source,
    // its first as a target.
    let attach = |verts: &[Vertex], end: End, source: bool| -> Option<(usize, Option<usize>)> {
        match end {
            End::Node(i) => (i < input.nodes.len()).then_some((i, None)),
            End::Group(g) => {
                let ms = members.get(g)?;
                let pick = if source {
                    ms.iter()
                        .max_by_key(|m| (rank_of(verts, **m), std::cmp::Reverse(**m)))
                } else {
                    ms.iter().min_by_key(|m| (rank_of(verts, **m), **m))
                };
                pick.map(|m| (*m, Some(g)))
            }
        }
    };
    let total: usize = input
        .edges
        .iter()
        .filter_map(|e| {
            let (a, _) = attach(verts, e.from, true)?;
            let (b, _) = attach(verts, e.to, false)?;
            Some(
                rank_of(verts, a)
                    .abs_diff(rank_of(verts, b))
                    .saturating_sub(1),
            )
        })
        .fold(0usize, usize::saturating_add);
    let with_dummies = total <= MAX_DUMMIES;
    let mut out = Vec::with_capacity(input.edges.len());
    for e in &input.edges {
        let (Some((a, ga)), Some((b, gb))) =
            (attach(verts, e.from, true), attach(verts, e.to, false))
        else {
            out.push(Chain::default());
            continue;
        };
        if a == b {
            out.push(Chain::default());
            continue;
        }
        let (ra, rb) = (rank_of(verts, a), rank_of(verts, b));
        if ra == rb {
            out.push(Chain {
                verts: vec![a, b],
                flat: true,
                top_group: ga,
                bottom_group: gb,
                ..Chain::default()
            });
            continue;
        }
        let reversed = ra > rb;
        let (top, bottom, top_group, bottom_group) = if reversed {
            (b, a, gb, ga)
        } else {
            (a, b, ga, gb)
        };
        let (rt, rbm) = (ra.min(rb), ra.max(rb));
        // Dummies stay inside a group when both ends are stages of it.
        let group_of = |end: End| match end {
            End::Node(i) => input.nodes.get(i).and_then(|n| n.group),
            End::Group(_) => None,
        };
        let group = group_of(e.from).filter(|g| group_of(e.to) == Some(*g));
        let mid = (rt + rbm) / 2;
        let label_rank = if mid % 2 == 1 || mid <= rt + 1 {
            mid.max(rt + 1)
        } else {
            mid - 1
        };
        let mut chain = vec![top];
        let mut label = None;
        if with_dummies {
            for r in rt + 1..rbm {
                let is_label = r == label_rank && e.label.is_some();
                let size = e.label.filter(|_| is_label);
                verts.push(Vertex {
                    left: if size.is_some() { 2.0 } else { 1.0 },
                    right: size.map_or(1.0, |s| s.w + LABEL_OFFSET + 2.0),
                    height: size.map_or(0.0, |s| s.h),
                    group,
                    rank: r,
                    dummy: true,
                    skeleton: false,
                });
                if is_label {
                    label = Some(verts.len() - 1);
                }
                chain.push(verts.len() - 1);
            }
        }
        chain.push(bottom);
        out.push(Chain {
            verts: chain,
            reversed,
            flat: false,
            top_group,
            bottom_group,
            label,
        });
    }
    out
}
