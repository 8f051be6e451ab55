//! Graphviz DOT: `huanjie graph P.hj | dot -Tsvg > p.svg`.
//!
//! Phases are clusters (`subgraph cluster_N`); an edge to or from a phase is
//! drawn to its first (from its last) stage and clipped at the cluster's
//! border (`compound=true` with `lhead`/`ltail`); a phase without stages
//! holds an invisible anchor node `pN` instead.

use super::model::{words, Drawing, End, StageBox};
use std::fmt::Write;

/// The font families asked for (Graphviz takes one name; it falls back by
/// itself).
const FONT: &str = "Noto Sans CJK SC";

/// `text` inside a double-quoted string of DOT (or of YAML, whose escapes
/// for `\\`, `"` and newlines are the same).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            // Other control characters have no place in a DOT string (and
            // would reach the SVG Graphviz draws): dropped.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Several lines as one DOT label (already escaped).
fn lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(escape)
        .collect::<Vec<_>>()
        .join("\\n")
}

fn stage_label(s: &StageBox) -> String {
    lines(s.lines())
}

fn stage_line(out: &mut String, d: &Drawing, s: &StageBox, indent: &str) {
    let mut attrs = vec![format!("label=\"{}\"", stage_label(s))];
    let mut style = vec!["rounded", "filled"];
    if s.optional {
        style.push("dashed");
    }
    if s.conditional {
        attrs.push("shape=hexagon".into());
        attrs.push("fillcolor=\"#fff4d6\"".into());
        attrs.push("color=\"#b7791f\"".into());
    }
    attrs.push(format!("style=\"{}\"", style.join(",")));
    let tooltip = match (&s.note, s.conditional) {
        (Some(note), _) => Some(note.clone()),
        (None, true) => Some(words("条件阶段", "conditional stage", d.lang).to_string()),
        (None, false) => None,
    };
    if let Some(t) = tooltip {
        attrs.push(format!("tooltip=\"{}\"", escape(&t)));
    }
    let _ = writeln!(out, "{indent}{} [{}];", s.id, attrs.join(", "));
}

/// The node an end is drawn at, and the cluster to clip at.
fn anchor(d: &Drawing, end: End, last: bool) -> (String, Option<String>) {
    match end {
        End::Stage(i) => (format!("s{i}"), None),
        End::Phase(p) => {
            let stages = d
                .phases
                .get(p)
                .map(|ph| ph.stages.as_slice())
                .unwrap_or(&[]);
            let pick = if last { stages.last() } else { stages.first() };
            let node = pick.map_or_else(|| format!("p{p}"), |s| format!("s{s}"));
            (node, Some(format!("cluster_{p}")))
        }
    }
}

/// The DOT source of a drawing.
pub fn render(d: &Drawing) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", escape(&d.name));
    let _ = writeln!(
        out,
        "  graph [label=\"{}\", labelloc=t, fontsize=16, fontname=\"{FONT}\", rankdir=TB, \
         compound=true, newrank=true, nodesep=0.35, ranksep=0.45];",
        escape(&d.heading())
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#3b5b8c\", \
         fontname=\"{FONT}\", fontsize=12];"
    );
    let _ = writeln!(
        out,
        "  edge [color=\"#4a5568\", fontcolor=\"#2d3748\", fontname=\"{FONT}\", fontsize=10];"
    );
    for (i, phase) in d.phases.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{i} {{");
        let label = lines(std::iter::once(phase.name.as_str()).chain(phase.title.as_deref()));
        let _ = writeln!(
            out,
            "    label=\"{label}\"; labeljust=l; style=\"rounded,filled\"; \
             fillcolor=\"#eef3fb\"; color=\"#9db4d8\";"
        );
        if phase.stages.is_empty() {
            let _ = writeln!(out, "    p{i} [shape=point, style=invis, width=0.01];");
        }
        for s in phase.stages.iter().filter_map(|s| d.stages.get(*s)) {
            stage_line(&mut out, d, s, "    ");
        }
        let _ = writeln!(out, "  }}");
    }
    for (_, s) in d.loose_stages() {
        stage_line(&mut out, d, s, "  ");
    }
    for e in &d.edges {
        let (from, ltail) = anchor(d, e.from, true);
        let (to, lhead) = anchor(d, e.to, false);
        let mut attrs = Vec::new();
        if !e.label.is_empty() {
            attrs.push(format!("label=\"{}\"", escape(&e.label)));
        }
        if e.same_day {
            attrs.push("style=dotted".to_string());
            attrs.push("dir=none".to_string());
        }
        if let Some(c) = ltail {
            attrs.push(format!("ltail={c}"));
        }
        if let Some(c) = lhead {
            attrs.push(format!("lhead={c}"));
        }
        if attrs.is_empty() {
            let _ = writeln!(out, "  {from} -> {to};");
        } else {
            let _ = writeln!(out, "  {from} -> {to} [{}];", attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(escape("x\ny"), "x\\ny");
    }

    #[test]
    fn hostile_text_keeps_no_control_character() {
        let hostile = crate::diag::sanitise::HOSTILE;
        let text = escape(hostile);
        assert_eq!(
            text,
            "胡\\\"可\\n</svg><script>x</script>\\nX-INJ:1]0;pwned[2J"
        );
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
    }
}
