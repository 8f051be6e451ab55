//! Target (a): what `huanjie lint` does with one source file: parse, resolve,
//! analyse, render the diagnostics (human and JSON), and, when the program
//! is sound, draw every procedure (dot, mermaid, SVG) as `graph` does.
//! Runs on a thread with the CLI's stack (huanjie::cli::STACK_BYTES).
//!
//! Besides "no panic", it asserts what issue 14 promises: the human report
//! holds no character a terminal would act on, and DOT and Mermaid hold no
//! control character but line breaks.
#![no_main]
use huanjie::diag::render::{render_human, render_json, RenderOptions};
use huanjie::diag::sanitise::unsafe_for_terminal;
use huanjie::diag::{Diagnostic, Lang};
use huanjie::ir::{compile, ParamValues};
use libfuzzer_sys::fuzz_target;

fn run(text: String) {
    let (map, _id, outcome) = huanjie::lint_str("fuzz.hj", &text);
    for lang in [Lang::Zh, Lang::En] {
        let human = render_human(&outcome.diagnostics, &map, &RenderOptions::plain(lang));
        assert!(!human.chars().any(unsafe_for_terminal), "raw control in {human:?}");
        let _ = render_json(&outcome.diagnostics, &map, lang);
    }
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        return;
    }
    if let Some(program) = &outcome.program {
        for proc in &program.procedures {
            let ir = compile(proc, &ParamValues::defaults(proc));
            for drawn in [
                huanjie::render::dot(proc, &ir, Lang::Zh),
                huanjie::render::mermaid(proc, &ir, Lang::En),
            ] {
                let bad = |c: char| c.is_control() && c != '\n';
                assert!(!drawn.chars().any(bad), "control character in {drawn:?}");
            }
            let _ = huanjie::render::svg(proc, &ir, Lang::Zh);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.to_string();
    let h = std::thread::Builder::new()
        .stack_size(huanjie::cli::STACK_BYTES)
        .spawn(move || run(text))
        .expect("spawn");
    if let Err(e) = h.join() {
        std::panic::resume_unwind(e);
    }
});
