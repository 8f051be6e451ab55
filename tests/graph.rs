//! Drawings of the stage graph: DOT and Mermaid snapshots of the corpus
//! `tests/corpus/graph/*.hj` (each must lint clean), and the SVG checked as
//! XML — every stage named, no two boxes overlapping, no box inside a phase
//! it does not belong to — including on graphs with cycles and on a large
//! generated one, where the layout must still end.

use huanjie::diag::Lang;
use huanjie::ir::{compile, ParamValues, ProcedureIr};
use huanjie::render;
use huanjie::resolve::Procedure;
use std::collections::BTreeMap;
use std::path::Path;

/// The first procedure of `text`, compiled; with `clean`, the text must lint
/// without errors.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn compiled(name: &str, text: &str, clean: bool) -> (Procedure, ProcedureIr) {
    let (_, _, outcome) = huanjie::lint_str(name, text);
    if clean {
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.en.clone())
            .collect();
        assert!(errors.is_empty(), "{name} has errors: {errors:?}");
    }
    let program = outcome
        .program
        .unwrap_or_else(|| panic!("{name} did not parse"));
    let proc = program
        .procedures
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("{name} has no procedure"));
    let ir = compile(&proc, &ParamValues::defaults(&proc));
    (proc, ir)
}

fn corpus_file(path: &Path) -> (String, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (name, std::fs::read_to_string(path).unwrap_or_default())
}

#[test]
fn dot_and_mermaid_snapshots() {
    insta::glob!("corpus/graph/*.hj", |path| {
        let (name, text) = corpus_file(path);
        let (proc, ir) = compiled(&name, &text, true);
        let snapshot = format!(
            "----- DOT (zh)\n{}\n----- MERMAID (zh)\n{}\n----- MERMAID (en)\n{}",
            render::dot(&proc, &ir, Lang::Zh),
            render::mermaid(&proc, &ir, Lang::Zh),
            render::mermaid(&proc, &ir, Lang::En),
        );
        insta::assert_snapshot!(snapshot);
    });
}

/// A box of the SVG: its stage or phase id and its rectangle.
#[derive(Debug, Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn overlaps(&self, o: &Box2) -> bool {
        self.x0 < o.x1 - 0.5 && o.x0 < self.x1 - 0.5 && self.y0 < o.y1 - 0.5 && o.y0 < self.y1 - 0.5
    }

    fn inside(&self, o: &Box2) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The bounding box of the first `rect` or `polygon` child of `g`.
fn shape_box(g: roxmltree::Node) -> Option<Box2> {
    let shape = g
        .children()
        .find(|c| c.has_tag_name("rect") || c.has_tag_name("polygon"))?;
    if shape.has_tag_name("rect") {
        let (x, y) = (num(shape, "x"), num(shape, "y"));
        return Some(Box2 {
            x0: x,
            y0: y,
            x1: x + num(shape, "width"),
            y1: y + num(shape, "height"),
        });
    }
    let points: Vec<(f64, f64)> = shape
        .attribute("points")?
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    Some(Box2 {
        x0: points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
        y0: points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
        x1: points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
        y1: points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
    })
}

/// Checks the SVG of `proc`: well-formed XML with the procedure's name in
/// its title, every stage's name as a text, numbers everywhere, and (when
/// `tidy`) no overlapping stage boxes, no phase border overlapping another,
/// and each stage inside its phase's border and no other.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn check_svg(proc: &Procedure, ir: &ProcedureIr, lang: Lang, tidy: bool) {
    let svg = render::svg(proc, ir, lang);
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("bad XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert!(root.has_tag_name("svg"));
    let title = root
        .children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default();
    assert!(title.contains(&proc.name.name), "title {title:?}");
    let texts: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect();
    for stage in &proc.stages {
        assert!(
            texts.contains(&stage.name.name),
            "stage `{}` is not drawn",
            stage.name.name
        );
    }
    for n in root.descendants() {
        for a in n.attributes() {
            assert!(
                !a.value().contains("NaN") && !a.value().contains("inf"),
                "{}={:?}",
                a.name(),
                a.value()
            );
        }
    }
    if !tidy {
        return;
    }
    let mut stages: BTreeMap<String, Box2> = BTreeMap::new();
    let mut phases: BTreeMap<String, Box2> = BTreeMap::new();
    for g in root.descendants().filter(|n| n.has_tag_name("g")) {
        let (Some(id), Some(b)) = (g.attribute("id"), shape_box(g)) else {
            continue;
        };
        let class = g.attribute("class").unwrap_or_default();
        if class.starts_with("stage") {
            stages.insert(id.to_string(), b);
        } else if class == "phase" {
            phases.insert(id.to_string(), b);
        }
    }
    assert_eq!(stages.len(), proc.stages.len());
    let all: Vec<(&String, &Box2)> = stages.iter().collect();
    for (i, (a, ba)) in all.iter().enumerate() {
        for (b, bb) in all.iter().skip(i + 1) {
            assert!(
                !ba.overlaps(bb),
                "stages {a} and {b} overlap: {ba:?} {bb:?}"
            );
        }
    }
    let all: Vec<(&String, &Box2)> = phases.iter().collect();
    for (i, (a, ba)) in all.iter().enumerate() {
        for (b, bb) in all.iter().skip(i + 1) {
            assert!(!ba.overlaps(bb), "phases {a} and {b} overlap");
        }
    }
    for (k, stage) in proc.stages.iter().enumerate() {
        let Some(sb) = stages.get(&format!("s{k}")) else {
            continue;
        };
        for (p, pb) in &phases {
            let member = stage.phase.is_some_and(|ph| format!("p{}", ph.0) == *p);
            if member {
                assert!(sb.inside(pb), "s{k} is outside its phase {p}");
            } else {
                assert!(!sb.overlaps(pb), "s{k} overlaps phase {p}");
            }
        }
    }
}

#[test]
fn svg_of_the_corpus_is_tidy_xml() {
    insta::glob!("corpus/graph/*.hj", |path| {
        let (name, text) = corpus_file(path);
        let (proc, ir) = compiled(&name, &text, true);
        check_svg(&proc, &ir, Lang::Zh, true);
        check_svg(&proc, &ir, Lang::En, true);
    });
}

#[test]
fn svg_layout_ends_on_cycles() {
    // A contradictory procedure: two cycles of strict precedence, one
    // through a phase, and a same-day cycle.
    let text = "\
procedure 矛盾 {
  stage 甲 {
    at least 1 days before 乙
  }
  stage 乙 {
    at least 1 days before 甲
    after 丙
  }
  phase 环 {
    after 丁
    stage 丙 {
      after 乙
    }
  }
  stage 丁 {
    after 丙
  }
  stage 戊 {
    same day as 己
  }
  stage 己 {
    same day as 戊
    after 甲
  }
}
";
    let (proc, ir) = compiled("cycles.hj", text, false);
    check_svg(&proc, &ir, Lang::Zh, false);
    let dot = render::dot(&proc, &ir, Lang::Zh);
    assert!(dot.contains("s0 -> s1") && dot.contains("s1 -> s0"));
}

/// A generated procedure: `n` stages in phases of five, each after one or
/// two earlier ones, some far back, some same day, a few edges backwards.
fn generated(n: usize) -> String {
    let mut out = String::from("procedure 大程序 {\n");
    for i in 0..n {
        let phase = i % 15 < 5;
        if phase && i % 5 == 0 {
            out.push_str(&format!("  phase 环节{i} {{\n"));
        }
        let opt = if i % 7 == 3 { " optional" } else { "" };
        out.push_str(&format!("  stage 阶段{i}{opt} {{\n"));
        if i > 0 {
            out.push_str(&format!("    after 阶段{}\n", (i * 7 + 3) % i));
        }
        if i > 3 && i % 3 == 0 {
            out.push_str(&format!("    within 5 days after 阶段{}\n", i - 3));
        }
        if i % 11 == 5 && i + 2 < n {
            out.push_str(&format!("    at least 3 days before 阶段{}\n", i + 2));
        }
        if i % 13 == 6 && i > 1 {
            out.push_str(&format!("    same day as 阶段{}\n", i - 1));
        }
        if i % 17 == 9 && i + 4 < n {
            // Backwards: a cycle.
            out.push_str(&format!("    after 阶段{}\n", i + 4));
        }
        out.push_str("  }\n");
        if phase && i % 5 == 4 {
            out.push_str("  }\n");
        }
    }
    // Close a phase the last stage left open.
    let last = n.saturating_sub(1);
    if n > 0 && last % 15 < 5 && last % 5 != 4 {
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

#[test]
fn svg_layout_ends_on_a_large_tangled_graph() {
    let text = generated(120);
    let (proc, ir) = compiled("generated.hj", &text, false);
    assert_eq!(proc.stages.len(), 120);
    check_svg(&proc, &ir, Lang::En, false);
}

#[test]
fn svg_of_an_acyclic_generated_graph_is_tidy() {
    // Cycles too: the layout stays tidy whatever the graph.
    let text = generated(40);
    let (proc, ir) = compiled("generated.hj", &text, false);
    check_svg(&proc, &ir, Lang::Zh, true);
}

/// Runs the binary with a clean environment.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_huanjie"))
        .args(args)
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run huanjie: {e}"))
}

#[test]
fn the_command_draws_and_refuses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/graph");
    let file = dir.join("residents_committee.hj");
    let file = file.to_string_lossy();
    let out = run(&["graph", &file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph \"居委会换届选举\""));
    let out = run(&["graph", &file, "--format", "mermaid", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"≥20 days\""));
    let out = run(&[
        "graph",
        &file,
        "--format",
        "svg",
        "--procedure",
        "居委会换届选举",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<svg"));
    // No such procedure, no such file, no such format: bad input.
    let out = run(&["graph", &file, "--procedure", "村委会换届选举"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("居委会换届选举"));
    assert!(out.stdout.is_empty());
    let missing = dir.join("no_such_file.hj");
    let out = run(&["graph", &missing.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["graph", &file, "--format", "png"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_command_reports_errors_instead_of_drawing() {
    let dir = std::env::temp_dir().join(format!("huanjie-graph-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("broken.hj");
    let _ = std::fs::write(
        &file,
        "procedure 坏 {\n  stage 甲 {\n    after 乙\n  }\n}\n",
    );
    let out = run(&["graph", &file.to_string_lossy(), "--no-color"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("HJ"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A procedure that applies another procedure's rule sets loads that file
/// itself (`引入 "party_branch.hj"`), and may be given it too; the procedure
/// drawn is the first file's.
#[test]
fn the_command_takes_the_files_a_procedure_needs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("procedures");
    let party = dir.join("party_two_recommend.hj");
    let rules = dir.join("party_branch.hj");
    let (party, rules) = (party.to_string_lossy(), rules.to_string_lossy());
    let out = run(&["graph", &party, &rules, "--format", "mermaid"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("社区党组织两推一选"));
    // Alone, the file loads the file of the rule sets it includes: the same drawing.
    let alone = run(&["graph", &party, "--format", "mermaid"]);
    assert_eq!(alone.status.code(), Some(0));
    assert_eq!(alone.stdout, out.stdout);
    // `--procedure` picks the other.
    let out = run(&["graph", &party, &rules, "--procedure", "党组织委员会选举"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph \"党组织委员会选举\""));
}
