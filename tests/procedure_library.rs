//! The procedure library as a whole: every file under `procedures/` lints
//! clean together with the others (a composite names procedures of other
//! files), and every procedure has a reviewed snapshot of its stage graph
//! (Mermaid) and of its schedule from a sample election day: the first stage
//! with an `elect` rule, anchored on 2021-01-28.

use huanjie::diag::Lang;
use huanjie::resolve::{Procedure, RuleKind};
use huanjie::schedule::{compile_for, render_table, schedule, Anchor};
use huanjie::span::SourceMap;
use std::path::{Path, PathBuf};

fn library() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("procedures");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("plans")] {
        let entries =
            std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok()).collect::<Vec<_>>());
        for e in entries.unwrap_or_default() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "hj") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn election_stage(proc: &Procedure) -> Option<&str> {
    proc.stages
        .iter()
        .find(|s| {
            s.rules
                .iter()
                .any(|r| matches!(r.kind, RuleKind::Elect { .. }))
        })
        .map(|s| s.name.name.as_str())
}

#[test]
fn the_library_lints_and_every_procedure_has_a_graph_and_a_schedule() {
    let files = library();
    assert!(files.len() >= 8, "{files:?}");
    let mut map = SourceMap::new();
    for f in &files {
        let rel = f
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        map.add(rel, std::fs::read_to_string(f).unwrap_or_default());
    }
    let outcome = huanjie::lint(&map);
    // The plan of 新河街道 keeps the two date slips of the published plan
    // (tests/seed_plan.rs); nothing else may be reported.
    let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code.id()).collect();
    assert_eq!(codes, ["HJ501", "HJ502"], "{:?}", outcome.diagnostics);
    let program = outcome.program.unwrap_or_default();
    assert!(program.procedures.len() >= 8);
    let day = chrono::NaiveDate::from_ymd_opt(2021, 1, 28).unwrap_or_default();
    for proc in &program.procedures {
        let file = map
            .get(proc.file)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let stem = Path::new(&file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ir = compile_for(proc, None);
        let graph = huanjie::render::mermaid(proc, &ir, Lang::Zh);
        let election = election_stage(proc);
        assert!(
            election.is_some(),
            "{} has no election stage",
            proc.name.name
        );
        let anchors = [Anchor::new(election.unwrap_or_default(), day)];
        let table = match schedule(proc, &ir, &anchors, None) {
            Ok(s) => render_table(&s, Lang::Zh),
            Err(d) => format!("{d:?}"),
        };
        insta::assert_snapshot!(
            format!("library_{stem}"),
            format!(
                "{} ({file})\n\n----- GRAPH (mermaid)\n{graph}\n----- SCHEDULE ({} = {day})\n{table}",
                proc.name.name,
                election.unwrap_or_default()
            )
        );
    }
}
