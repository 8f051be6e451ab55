//! Drawings of the stage graph: Graphviz DOT, Mermaid and a standalone SVG
//! (laid out here, no Graphviz needed).
//!
//! All three draw the same things the same way (docs/graph.md): phases are
//! boxes around their stages; a stage that is optional has a dashed border,
//! a conditional (`when`) stage is a hexagon with its condition noted; an
//! arrow goes from the earlier to the later stage of every timing relation,
//! labelled with its day bounds; "same day" is a dotted line without an
//! arrowhead. Every function here is pure and its output deterministic.

mod cond;
mod dot;
mod layout;
mod mermaid;
mod model;
pub(crate) mod svg;
mod svg_legend;

pub use model::{Drawing, Edge, End, PhaseBox, StageBox};

use crate::diag::Lang;
use crate::ir::ProcedureIr;
use crate::resolve::Procedure;

/// The formats of a drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Graphviz source (`dot -Tsvg`, `dot -Tpng`).
    Dot,
    /// Mermaid flowchart source (Markdown renderers, mermaid.live).
    Mermaid,
    /// A standalone SVG picture.
    Svg,
}

/// The drawing of `proc` (compiled as `ir`) in `format`, with labels in
/// `lang`.
pub fn render(format: Format, proc: &Procedure, ir: &ProcedureIr, lang: Lang) -> String {
    let drawing = Drawing::new(proc, ir, lang);
    match format {
        Format::Dot => dot::render(&drawing),
        Format::Mermaid => mermaid::render(&drawing),
        Format::Svg => svg::render(&drawing),
    }
}

/// The Graphviz DOT source of the stage graph.
pub fn dot(proc: &Procedure, ir: &ProcedureIr, lang: Lang) -> String {
    render(Format::Dot, proc, ir, lang)
}

/// The Mermaid flowchart of the stage graph.
pub fn mermaid(proc: &Procedure, ir: &ProcedureIr, lang: Lang) -> String {
    render(Format::Mermaid, proc, ir, lang)
}

/// The stage graph as a standalone SVG picture.
pub fn svg(proc: &Procedure, ir: &ProcedureIr, lang: Lang) -> String {
    render(Format::Svg, proc, ir, lang)
}

/// The width of `text` at `size` pixels: 1 em for CJK and other wide
/// characters, 0.6 em for the rest (a little more than the 0.55 em of most
/// Latin fonts, so that bold text fits too).
pub fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.6 })
        .sum();
    ems * size
}

/// Whether `c` is drawn one em wide (East Asian wide and full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_wider_than_latin() {
        assert_eq!(text_width("投票选举", 10.0), 40.0);
        assert_eq!(text_width("ab", 10.0), 12.0);
        assert_eq!(text_width("（可选）", 10.0), 40.0);
    }
}
