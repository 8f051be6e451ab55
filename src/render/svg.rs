//! A standalone SVG picture of the stage graph, laid out by [`super::layout`]
//! (top to bottom), with a heading, the phases as rounded background boxes,
//! curved edges with arrowheads and labels, and a legend.

use super::layout::{self, Input, Node, Path, Rect, Size};
use super::model::{words, Drawing, End, StageBox};
use super::text_width;
use std::fmt::Write;

const MARGIN: f64 = 20.0;
const HEADING_SIZE: f64 = 18.0;
const HEADING_HEIGHT: f64 = 40.0;
const NAME_SIZE: f64 = 14.0;
const SMALL_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 12.0;
const PAD_X: f64 = 14.0;
/// How far a hexagon's sides point out.
const HEX_INSET: f64 = 12.0;
const NAME_LINE: f64 = 20.0;
const SMALL_LINE: f64 = 16.0;
const PAD_Y: f64 = 9.0;
const LEGEND_HEIGHT: f64 = 44.0;

const STYLE: &str = r#"
text { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; fill: #1a202c; }
.heading { font-size: 18px; font-weight: 700; }
.phase rect { fill: #eef3fb; stroke: #9db4d8; stroke-width: 1; }
.phase text { font-size: 14px; font-weight: 700; fill: #2c5282; }
.phase .sub { font-size: 12px; font-weight: 400; fill: #4a5568; }
.stage rect, .stage polygon { fill: #ffffff; stroke: #3b5b8c; stroke-width: 1.5; }
.stage.conditional polygon { fill: #fff4d6; stroke: #b7791f; }
.stage.optional rect, .stage.optional polygon { stroke-dasharray: 6 4; }
.stage .name { font-size: 14px; font-weight: 600; }
.stage .sub { font-size: 12px; fill: #4a5568; }
.stage .note { font-size: 12px; fill: #975a16; }
.edge { fill: none; stroke: #4a5568; stroke-width: 1.3; }
.edge.same { stroke: #718096; stroke-dasharray: 2 4; stroke-width: 1.6; }
.elabel { font-size: 12px; fill: #2d3748; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.legend text { font-size: 12px; fill: #4a5568; }
"#;

/// `text` as XML character data or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (C0 controls), or discourages
            // (DEL and the C1 controls, such as NEL).
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal (no `-0.0`).
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The text lines of a stage: (class, text, font size).
fn stage_lines(s: &StageBox) -> Vec<(&'static str, &str, f64)> {
    let mut lines = vec![("name", s.name.as_str(), NAME_SIZE)];
    if let Some(t) = &s.title {
        lines.push(("sub", t.as_str(), SMALL_SIZE));
    }
    if let Some(t) = &s.duration {
        lines.push(("sub", t.as_str(), SMALL_SIZE));
    }
    if let Some(n) = &s.note {
        lines.push(("note", n.as_str(), SMALL_SIZE));
    }
    lines
}

fn stage_size(s: &StageBox) -> Size {
    let lines = stage_lines(s);
    let text = lines
        .iter()
        .map(|(class, t, size)| text_width(t, *size) * if *class == "name" { 1.05 } else { 1.0 })
        .fold(0.0, f64::max);
    let hex = if s.conditional { 2.0 * HEX_INSET } else { 0.0 };
    Size {
        w: (text + 2.0 * PAD_X + hex).max(72.0),
        h: NAME_LINE + SMALL_LINE * (lines.len() - 1) as f64 + 2.0 * PAD_Y,
    }
}

fn phase_title_size(name: &str, title: Option<&str>) -> Size {
    let w =
        text_width(name, NAME_SIZE) * 1.05 + title.map_or(0.0, |t| 8.0 + text_width(t, SMALL_SIZE));
    Size { w, h: 20.0 }
}

/// The layout input of a drawing: stages, then empty phases as nodes.
fn input(d: &Drawing) -> (Input, Vec<Option<usize>>) {
    let mut nodes: Vec<Node> = d
        .stages
        .iter()
        .map(|s| {
            let size = stage_size(s);
            Node {
                width: size.w,
                height: size.h,
                group: s.phase,
            }
        })
        .collect();
    // The node of each empty phase.
    let mut empty = vec![None; d.phases.len()];
    for (i, p) in d.phases.iter().enumerate() {
        if p.stages.is_empty() {
            let t = phase_title_size(&p.name, p.title.as_deref());
            if let Some(slot) = empty.get_mut(i) {
                *slot = Some(nodes.len());
            }
            nodes.push(Node {
                width: t.w + 2.0 * PAD_X,
                height: 36.0,
                group: None,
            });
        }
    }
    let groups = d
        .phases
        .iter()
        .map(|p| phase_title_size(&p.name, p.title.as_deref()))
        .collect();
    let end = |e: End| match e {
        End::Stage(i) => layout::End::Node(i),
        End::Phase(p) => match empty.get(p).copied().flatten() {
            Some(n) => layout::End::Node(n),
            None => layout::End::Group(p),
        },
    };
    let edges = d
        .edges
        .iter()
        .map(|e| layout::Edge {
            from: end(e.from),
            to: end(e.to),
            same_rank: e.same_day,
            label: (!e.label.is_empty()).then(|| Size {
                w: text_width(&e.label, LABEL_SIZE) + 4.0,
                h: 16.0,
            }),
        })
        .collect();
    (
        Input {
            nodes,
            groups,
            edges,
        },
        empty,
    )
}

/// The `d` attribute of a path: curves with vertical tangents between rows,
/// straight lines within one.
fn path_data(path: &Path, dx: f64, dy: f64) -> Option<String> {
    let p = |(x, y): (f64, f64)| format!("{},{}", num(x + dx), num(y + dy));
    match path {
        Path::None => None,
        Path::Line(points) => {
            let mut it = points.iter();
            let first = it.next()?;
            let mut d = format!("M{}", p(*first));
            let mut prev = *first;
            for q in it {
                let h = q.1 - prev.1;
                if h.abs() < 1.0 {
                    let _ = write!(d, " L{}", p(*q));
                } else {
                    let _ = write!(
                        d,
                        " C{} {} {}",
                        p((prev.0, prev.1 + h / 2.0)),
                        p((q.0, q.1 - h / 2.0)),
                        p(*q)
                    );
                }
                prev = *q;
            }
            Some(d)
        }
        Path::Arc { from, control, to } => {
            Some(format!("M{} Q{} {}", p(*from), p(*control), p(*to)))
        }
    }
}

fn hexagon(r: &Rect) -> String {
    let (x0, x1, y0, y1, ym) = (r.x, r.x + r.w, r.y, r.y + r.h, r.y + r.h / 2.0);
    let i = HEX_INSET.min(r.w / 2.0);
    [
        (x0 + i, y0),
        (x1 - i, y0),
        (x1, ym),
        (x1 - i, y1),
        (x0 + i, y1),
        (x0, ym),
    ]
    .iter()
    .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
    .collect::<Vec<_>>()
    .join(" ")
}

fn stage_svg(out: &mut String, s: &StageBox, r: &Rect) {
    let mut class = String::from("stage");
    if s.optional {
        class.push_str(" optional");
    }
    if s.conditional {
        class.push_str(" conditional");
    }
    let _ = writeln!(out, "<g id=\"{}\" class=\"{class}\">", s.id);
    let tip = s.lines().collect::<Vec<_>>().join("\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&tip));
    if s.conditional {
        let _ = writeln!(out, "<polygon points=\"{}\"/>", hexagon(r));
    } else {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
    }
    let cx = r.x + r.w / 2.0;
    let mut y = r.y + PAD_Y;
    for (class, text, _) in stage_lines(s) {
        let h = if class == "name" {
            NAME_LINE
        } else {
            SMALL_LINE
        };
        let _ = writeln!(
            out,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" dy=\"0.35em\">{}</text>",
            num(cx),
            num(y + h / 2.0),
            escape(text)
        );
        y += h;
    }
    out.push_str("</g>\n");
}

/// The SVG of a drawing.
pub fn render(d: &Drawing) -> String {
    let (input, empty) = input(d);
    let placed = layout::layout(&input);
    let heading = d.heading();
    let legend = super::svg_legend::Legend::new(d.lang);
    let content_w = placed
        .width
        .max(legend.width)
        .max(text_width(&heading, HEADING_SIZE) * 1.05);
    let width = content_w + 2.0 * MARGIN;
    let ox = MARGIN + (content_w - placed.width) / 2.0;
    let oy = MARGIN + HEADING_HEIGHT;
    let legend_y = oy + placed.height + 24.0;
    let height = legend_y + LEGEND_HEIGHT + MARGIN;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{a}\">",
        w = num(width),
        h = num(height),
        a = escape(&heading)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&heading));
    out.push_str(
        "<defs>\n<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a5568\"/></marker>\n</defs>\n",
    );
    let _ = writeln!(out, "<style>{STYLE}</style>");
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(width),
        num(height)
    );
    let _ = writeln!(
        out,
        "<text class=\"heading\" x=\"{}\" y=\"{}\">{}</text>",
        num(MARGIN),
        num(MARGIN + HEADING_SIZE),
        escape(&heading)
    );
    let shift = |r: &Rect| Rect {
        x: r.x + ox,
        y: r.y + oy,
        ..*r
    };
    // Phases: borders of phases with stages, boxes of empty ones.
    out.push_str("<g class=\"phases\">\n");
    for (i, p) in d.phases.iter().enumerate() {
        let rect = match empty.get(i).copied().flatten() {
            Some(n) => placed.nodes.get(n).map(shift),
            None => placed.groups.get(i).copied().flatten().map(|r| shift(&r)),
        };
        let Some(r) = rect else {
            continue;
        };
        let _ = writeln!(out, "<g id=\"{}\" class=\"phase\">", p.id);
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>",
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
        let sub = p
            .title
            .as_deref()
            .map(|t| format!("<tspan class=\"sub\" dx=\"8\">{}</tspan>", escape(t)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" dy=\"0.35em\">{}{sub}</text>",
            num(r.x + layout::GROUP_PAD),
            num(r.y + layout::GROUP_PAD + 8.0),
            escape(&p.name)
        );
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n<g class=\"edges\">\n");
    for (e, route) in d.edges.iter().zip(&placed.routes) {
        let Some(data) = path_data(&route.path, ox, oy) else {
            continue;
        };
        let (class, marker) = if e.same_day {
            ("edge same", "")
        } else {
            ("edge", " marker-end=\"url(#arrow)\"")
        };
        let _ = writeln!(
            out,
            "<path class=\"{class}\" d=\"{data}\"{marker}><title>{} → {}</title></path>",
            escape(&end_name(d, e.from)),
            escape(&end_name(d, e.to))
        );
    }
    out.push_str("</g>\n<g class=\"stages\">\n");
    for (s, r) in d.stages.iter().zip(&placed.nodes) {
        stage_svg(&mut out, s, &shift(r));
    }
    out.push_str("</g>\n<g class=\"labels\">\n");
    for (e, route) in d.edges.iter().zip(&placed.routes) {
        if let (Some((x, y)), false) = (route.label, e.label.is_empty()) {
            let _ = writeln!(
                out,
                "<text class=\"elabel\" x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</text>",
                num(x + ox + 2.0),
                num(y + oy),
                escape(&e.label)
            );
        }
    }
    out.push_str("</g>\n");
    legend.write(&mut out, MARGIN, legend_y);
    out.push_str("</svg>\n");
    out
}

fn end_name(d: &Drawing, e: End) -> String {
    match e {
        End::Stage(i) => d.stages.get(i).map(|s| s.name.clone()),
        End::Phase(i) => d
            .phases
            .get(i)
            .map(|p| format!("{}{}", words("环节 ", "phase ", d.lang), p.name)),
    }
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            escape(r#"<a & 'b' "c">"#),
            "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;"
        );
        assert_eq!(escape("\u{1}"), "\u{FFFD}");
        let hostile = crate::diag::sanitise::HOSTILE;
        let text = escape(hostile);
        assert!(!text.contains('<') && !text.contains('\u{1b}'), "{text:?}");
        assert!(
            !text.contains('\u{85}') && !text.contains('\u{7f}'),
            "{text:?}"
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
    }
}
