//! Vertical geometry (rows, with room for group borders and titles), the
//! group borders, and the final shift of everything to start at (0, 0).

use super::{route, Chain, Input, Output, Rect, Route, Size, Vertex, GROUP_PAD, ODD_MIN, ROW_GAP};

/// The most room added below a row for sideways edges.
const MAX_EXTRA: f64 = 48.0;

/// Vertical placement of the rows.
pub struct Rows {
    pub top: Vec<f64>,
    pub height: Vec<f64>,
}

impl Rows {
    /// The top and bottom of row `r`.
    pub fn span(&self, r: usize) -> (f64, f64) {
        let top = self.top.get(r).copied().unwrap_or(0.0);
        (top, top + self.height.get(r).copied().unwrap_or(0.0))
    }
}

/// The rows of the ranks `0..count`; `extra[r]` is room to add below row
/// `r` (for edges that go far sideways there).
pub fn rows(verts: &[Vertex], titles: &[Size], count: usize, extra: &[f64]) -> Rows {
    let mut height = vec![0.0f64; count];
    for v in verts {
        if let Some(h) = height.get_mut(v.rank) {
            *h = h.max(v.height);
        }
    }
    for (r, h) in height.iter_mut().enumerate() {
        if r % 2 == 1 {
            *h = h.max(ODD_MIN);
        }
    }
    // Room for group borders: a title above the first row, padding below
    // the last.
    let mut above = vec![0.0f64; count];
    let mut below = vec![0.0f64; count];
    for (g, (lo, hi)) in group_ranks(verts, titles.len()).into_iter().enumerate() {
        let (Some(lo), Some(hi)) = (lo, hi) else {
            continue;
        };
        let title = titles.get(g).map_or(0.0, |s| s.h);
        if let Some(a) = above.get_mut(lo) {
            *a = a.max(GROUP_PAD + title);
        }
        if let Some(b) = below.get_mut(hi) {
            *b = b.max(GROUP_PAD);
        }
    }
    let mut top = Vec::with_capacity(count);
    let mut y = 0.0;
    for r in 0..count {
        y += above.get(r).copied().unwrap_or(0.0);
        top.push(y);
        y += height.get(r).copied().unwrap_or(0.0) + below.get(r).copied().unwrap_or(0.0);
        y += ROW_GAP + extra.get(r).copied().unwrap_or(0.0);
    }
    Rows { top, height }
}

/// The first and last rank of every group's vertices.
pub fn group_ranks(verts: &[Vertex], groups: usize) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = vec![(None, None); groups];
    for v in verts {
        if let Some((lo, hi)) = v.group.and_then(|g| out.get_mut(g)) {
            *lo = Some(lo.map_or(v.rank, |l: usize| l.min(v.rank)));
            *hi = Some(hi.map_or(v.rank, |h: usize| h.max(v.rank)));
        }
    }
    out
}

/// Room below every row for the edges that leave it sideways: a fifth of
/// the widest step, at most [`MAX_EXTRA`], so that such curves slant rather
/// than run flat.
pub fn extra_gaps(chains: &[Chain], verts: &[Vertex], x: &[f64], count: usize) -> Vec<f64> {
    let mut widest = vec![0.0f64; count];
    for c in chains.iter().filter(|c| !c.flat) {
        for pair in c.verts.windows(2) {
            let [a, b] = *pair else {
                continue;
            };
            let (Some(va), Some(xa), Some(xb)) = (verts.get(a), x.get(a), x.get(b)) else {
                continue;
            };
            if let Some(w) = widest.get_mut(va.rank) {
                *w = w.max((xa - xb).abs());
            }
        }
    }
    widest
        .into_iter()
        .map(|w| {
            if w > 40.0 {
                (w * 0.2).min(MAX_EXTRA)
            } else {
                0.0
            }
        })
        .collect()
}

/// The border of every group: its placed left and right edges, from above
/// its first row (with its title) to below its last.
pub fn group_rects(
    verts: &[Vertex],
    xs: &[Option<(f64, f64)>],
    rows: &Rows,
    titles: &[Size],
) -> Vec<Option<Rect>> {
    let ranks = group_ranks(verts, titles.len());
    ranks
        .iter()
        .zip(titles)
        .zip(xs)
        .map(|((range, title), x)| {
            let ((Some(lo), Some(hi)), Some((x0, x1))) = (range, x) else {
                return None;
            };
            let y0 = rows.span(*lo).0 - GROUP_PAD - title.h;
            let y1 = rows.span(*hi).1 + GROUP_PAD;
            Some(Rect {
                x: *x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
            })
        })
        .collect()
}

/// Shifts everything so that the drawing starts at (0, 0) and measures it.
pub fn finish(
    boxes: Vec<Rect>,
    nodes: usize,
    groups: Vec<Option<Rect>>,
    mut routes: Vec<Route>,
    input: &Input,
) -> Output {
    let mut nodes_out: Vec<Rect> = boxes.into_iter().take(nodes).collect();
    let mut groups = groups;
    let (mut x0, mut y0, mut x1, mut y1) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut see = |x: f64, y: f64| {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    };
    for r in nodes_out.iter().chain(groups.iter().flatten()) {
        see(r.x, r.y);
        see(r.x + r.w, r.y + r.h);
    }
    for (route, e) in routes.iter().zip(&input.edges) {
        for (x, y) in route::points(&route.path) {
            see(x, y);
        }
        if let (Some((x, y)), Some(s)) = (route.label, e.label) {
            see(x, y - s.h / 2.0);
            see(x + s.w, y + s.h / 2.0);
        }
    }
    let shift = |r: &mut Rect| {
        r.x -= x0;
        r.y -= y0;
    };
    nodes_out.iter_mut().for_each(shift);
    groups.iter_mut().flatten().for_each(shift);
    for route in &mut routes {
        route::shift(route, -x0, -y0);
    }
    Output {
        nodes: nodes_out,
        groups,
        routes,
        width: x1 - x0,
        height: y1 - y0,
    }
}
