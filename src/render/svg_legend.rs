//! The legend under an SVG drawing: what the shapes and lines mean.

use super::model::words;
use super::svg::num;
use super::text_width;
use crate::diag::Lang;
use std::fmt::Write;

const SAMPLE_W: f64 = 36.0;
const SAMPLE_H: f64 = 18.0;
const SIZE: f64 = 12.0;
const GAP: f64 = 20.0;

#[derive(Clone, Copy)]
enum Sample {
    Stage,
    Optional,
    Conditional,
    Phase,
    Order,
    SameDay,
}

/// The legend's items and its width.
pub struct Legend {
    items: Vec<(Sample, &'static str)>,
    pub width: f64,
}

impl Legend {
    /// The legend in `lang`.
    pub fn new(lang: Lang) -> Legend {
        let items = vec![
            (Sample::Stage, words("阶段", "stage", lang)),
            (Sample::Optional, words("可选阶段", "optional stage", lang)),
            (
                Sample::Conditional,
                words("条件阶段", "conditional stage", lang),
            ),
            (Sample::Phase, words("环节", "phase", lang)),
            (Sample::Order, words("先后（天数）", "order (days)", lang)),
            (Sample::SameDay, words("同日", "same day", lang)),
        ];
        let width = items
            .iter()
            .map(|(_, t)| SAMPLE_W + 6.0 + text_width(t, SIZE) + GAP)
            .sum::<f64>()
            - GAP;
        Legend { items, width }
    }

    /// Writes the legend with its top-left corner at (x, y).
    pub fn write(&self, out: &mut String, x: f64, y: f64) {
        out.push_str("<g class=\"legend\">\n");
        let mut cx = x;
        let (top, mid) = (y + 4.0, y + 4.0 + SAMPLE_H / 2.0);
        for (sample, text) in &self.items {
            let (x0, x1) = (cx, cx + SAMPLE_W);
            let shape = match sample {
                Sample::Stage => rect(x0, top, "stage"),
                Sample::Optional => rect(x0, top, "stage optional"),
                Sample::Phase => rect(x0, top, "phase"),
                Sample::Conditional => {
                    let b = top + SAMPLE_H;
                    let points = [
                        (x0 + 8.0, top),
                        (x1 - 8.0, top),
                        (x1, mid),
                        (x1 - 8.0, b),
                        (x0 + 8.0, b),
                        (x0, mid),
                    ]
                    .iter()
                    .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                    .collect::<Vec<_>>()
                    .join(" ");
                    format!("<g class=\"stage conditional\"><polygon points=\"{points}\"/></g>")
                }
                Sample::Order => format!(
                    "<path class=\"edge\" d=\"M{},{m} L{},{m}\" marker-end=\"url(#arrow)\"/>",
                    num(x0),
                    num(x1),
                    m = num(mid)
                ),
                Sample::SameDay => format!(
                    "<path class=\"edge same\" d=\"M{},{m} L{},{m}\"/>",
                    num(x0),
                    num(x1),
                    m = num(mid)
                ),
            };
            let _ = writeln!(out, "{shape}");
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" dy=\"0.35em\">{text}</text>",
                num(x1 + 6.0),
                num(mid)
            );
            cx = x1 + 6.0 + text_width(text, SIZE) + GAP;
        }
        out.push_str("</g>\n");
    }
}

fn rect(x: f64, y: f64, class: &str) -> String {
    let rx = if class == "phase" { 6 } else { 4 };
    format!(
        "<g class=\"{class}\"><rect x=\"{}\" y=\"{}\" width=\"{SAMPLE_W}\" height=\"{SAMPLE_H}\" rx=\"{rx}\"/></g>",
        num(x),
        num(y)
    )
}
