//! Mermaid flowcharts, top to bottom: phases are `subgraph`s, optional and
//! conditional stages have classes (dashed; amber hexagon), same-day
//! relations are dotted links without an arrowhead.
//!
//! Labels are always quoted; `"`, `#`, `<`, `>` and `&` in them are written
//! as Mermaid entity codes so that no name or title can end a label or open
//! an HTML tag.

use super::model::{Drawing, StageBox};
use std::fmt::Write;

/// `text` inside a quoted Mermaid label.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' => out.push_str("<br>"),
            // Other control characters have no place in a label: dropped.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn stage_line(out: &mut String, s: &StageBox, indent: &str) {
    let label = s.lines().map(escape).collect::<Vec<_>>().join("<br>");
    if s.conditional {
        let _ = writeln!(out, "{indent}{}{{{{\"{label}\"}}}}", s.id);
    } else {
        let _ = writeln!(out, "{indent}{}(\"{label}\")", s.id);
    }
}

/// The Mermaid source of a drawing.
pub fn render(d: &Drawing) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: \"{}\"\n---",
        super::dot::escape(&d.heading())
    );
    out.push_str("flowchart TD\n");
    for phase in &d.phases {
        let label = std::iter::once(phase.name.as_str())
            .chain(phase.title.as_deref())
            .map(escape)
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(out, "  subgraph {}[\"{label}\"]", phase.id);
        let _ = writeln!(out, "    direction TB");
        for s in phase.stages.iter().filter_map(|s| d.stages.get(*s)) {
            stage_line(&mut out, s, "    ");
        }
        let _ = writeln!(out, "  end");
    }
    for (_, s) in d.loose_stages() {
        stage_line(&mut out, s, "  ");
    }
    for e in &d.edges {
        let (from, to) = (d.id(e.from), d.id(e.to));
        let link = if e.same_day { "-.-" } else { "-->" };
        if e.label.is_empty() {
            let _ = writeln!(out, "  {from} {link} {to}");
        } else {
            let _ = writeln!(out, "  {from} {link}|\"{}\"| {to}", escape(&e.label));
        }
    }
    out.push_str("  classDef optional stroke-dasharray:6 4\n");
    out.push_str("  classDef conditional fill:#fff4d6,stroke:#b7791f\n");
    let class_line = |out: &mut String, ids: Vec<&str>, class: &str| {
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {class}", ids.join(","));
        }
    };
    for p in &d.phases {
        let _ = writeln!(out, "  style {} fill:#eef3fb,stroke:#9db4d8", p.id);
    }
    class_line(
        &mut out,
        d.stages
            .iter()
            .filter(|s| s.optional)
            .map(|s| s.id.as_str())
            .collect(),
        "optional",
    );
    class_line(
        &mut out,
        d.stages
            .iter()
            .filter(|s| s.conditional)
            .map(|s| s.id.as_str())
            .collect(),
        "conditional",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_tags_become_entities() {
        assert_eq!(
            escape(r#"a "b" <i> #1 &"#),
            "a #quot;b#quot; #lt;i#gt; #35;1 #amp;"
        );
    }

    #[test]
    fn hostile_text_keeps_no_control_character() {
        let hostile = crate::diag::sanitise::HOSTILE;
        let text = escape(hostile);
        assert_eq!(
            text,
            "胡#quot;可<br>#lt;/svg#gt;#lt;script#gt;x#lt;/script#gt;<br>X-INJ:1]0;pwned[2J"
        );
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
    }
}
