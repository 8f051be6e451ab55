//! Scheduling a long chain: n stages, each after the previous one, anchored
//! at both ends (issue 14: 2,000 stages took 19.7 s and 227 MB of JSON, and
//! 10,000 gave nothing in 120 s, because every row copied the whole chain).
//!
//! `cargo bench --bench schedule_chain` schedules 10,000 stages
//! (`HUANJIE_BENCH_STAGES` to change it) and prints the time of each step
//! and the size of the JSON and ICS; the target is under 1 s in all, with
//! output linear in the stages. Under `cargo test` (no `--bench` argument)
//! it runs 500 stages and checks the result.

use huanjie::diag::Lang;
use huanjie::ir::{compile, ParamValues};
use huanjie::schedule::{render_ics, render_json, schedule, Anchor};
use std::time::Instant;

fn chain(n: usize) -> String {
    let stages: String = (1..n)
        .map(|i| format!("  stage s{i} {{ after s{} }}\n", i - 1))
        .collect();
    format!("procedure P {{\n  stage s0 {{}}\n{stages}}}\n")
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let n = match std::env::var("HUANJIE_BENCH_STAGES") {
        Ok(v) => v.parse().unwrap_or(10_000),
        Err(_) if bench => 10_000,
        Err(_) => 500,
    };
    let text = chain(n);
    let start = Instant::now();
    let (_, _, outcome) = huanjie::lint_str("chain.hj", &text);
    let linted = start.elapsed();
    let Some(proc) = outcome
        .program
        .and_then(|p| p.procedures.into_iter().next())
    else {
        eprintln!("the chain does not resolve");
        std::process::exit(1);
    };
    let t = Instant::now();
    let ir = compile(&proc, &ParamValues::defaults(&proc));
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let anchors = [
        Anchor::new("s0", date("2021-01-01")),
        Anchor::new(format!("s{}", n - 1), date("2099-01-01")),
    ];
    let Ok(s) = schedule(&proc, &ir, &anchors, None) else {
        eprintln!("the chain does not schedule");
        std::process::exit(1);
    };
    let scheduled = t.elapsed();
    let t = Instant::now();
    let json = render_json(&s, Lang::En).to_string();
    let ics = render_ics(&s, Lang::En);
    let rendered = t.elapsed();
    let total = start.elapsed();
    println!(
        "{n} stages: lint {linted:.2?}, schedule {scheduled:.2?}, JSON + ICS {rendered:.2?}, \
         total {total:.2?}; JSON {} KB ({} B/stage), ICS {} KB ({} B/stage)",
        json.len() / 1024,
        json.len() / n,
        ics.len() / 1024,
        ics.len() / n,
    );
    let items: usize = s.rows.iter().map(|r| r.basis.len()).sum();
    if s.rows.len() != n || items > 3 * n {
        eprintln!("{} rows, {items} basis items for {n} stages", s.rows.len());
        std::process::exit(1);
    }
}
