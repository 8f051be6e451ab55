//! Target (b): what `huanjie check` does with one record: load it (TOML or
//! JSON, by the first byte), check it against a procedure of procedures/
//! (residents_committee.hj unless the first byte picks another), and render
//! the report (human and JSON). Runs on a thread with the stack of the
//! CLI's checking workers (16 MiB, src/cli/check.rs). The human report must
//! hold no character a terminal would act on.
#![no_main]
use huanjie::check::render::{human_invalid, human_record, loader_findings, record_json, json_record_piece};
use huanjie::check::{check, CheckOptions, IrCache, Verdict};
use huanjie::diag::render::RenderOptions;
use huanjie::diag::sanitise::unsafe_for_terminal;
use huanjie::diag::Lang;
use huanjie::record::{load_text, Format};
use huanjie::resolve::Program;
use huanjie::span::SourceMap;
use huanjie::timing::Calendar;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const SOURCES: [(&str, &str); 8] = [
    ("residents_committee.hj", include_str!("../../procedures/residents_committee.hj")),
    ("party_branch.hj", include_str!("../../procedures/party_branch.hj")),
    ("party_two_recommend.hj", include_str!("../../procedures/party_two_recommend.hj")),
    ("public_recommend_direct.hj", include_str!("../../procedures/public_recommend_direct.hj")),
    ("reverse_order.hj", include_str!("../../procedures/reverse_order.hj")),
    ("three_recommend.hj", include_str!("../../procedures/three_recommend.hj")),
    ("two_ballot.hj", include_str!("../../procedures/two_ballot.hj")),
    ("two_committees.hj", include_str!("../../procedures/two_committees.hj")),
];

struct Proc {
    map: SourceMap,
    program: Program,
    irs: IrCache,
}

fn procs() -> &'static Vec<Proc> {
    static P: OnceLock<Vec<Proc>> = OnceLock::new();
    P.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| {
                let (map, _, outcome) = huanjie::lint_str(name, text);
                let program = outcome.program.expect("procedure parses");
                let irs = IrCache::new(&program.procedures[0], &CheckOptions::default());
                Proc { map, program, irs }
            })
            .collect()
    })
}

fn calendar() -> &'static Calendar {
    static C: OnceLock<Calendar> = OnceLock::new();
    C.get_or_init(Calendar::builtin)
}

fn run(sel: u8, text: String) {
    let p = &procs()[(sel as usize >> 1) % SOURCES.len()];
    let proc = &p.program.procedures[0];
    let format = if sel & 1 == 1 { Format::Json } else { Format::Toml };
    let name = if sel & 1 == 1 { "r.json" } else { "r.toml" };
    let mut map = p.map.clone();
    let id = map.add(name, text.clone());
    let options = CheckOptions::default();
    let opts = RenderOptions::plain(Lang::Zh);
    match load_text(&text, id, format) {
        Ok(record) => {
            let checked = check(proc, &p.irs, &record, calendar(), &options);
            let verdict = Verdict::of(&checked.findings);
            let human = human_record(name, &checked.findings, &checked.coverage, true, &map, &opts);
            assert!(!human.chars().any(unsafe_for_terminal), "raw control in {human:?}");
            let v = record_json(
                name,
                verdict,
                &checked.findings,
                Some(&checked.coverage),
                &map,
                Lang::En,
            );
            let _ = json_record_piece(&v, true);
        }
        Err(diags) => {
            let human = human_invalid(name, &diags, &map, &opts);
            assert!(!human.chars().any(unsafe_for_terminal), "raw control in {human:?}");
            let findings = loader_findings(&diags);
            let v = record_json(name, Verdict::Invalid, &findings, None, &map, Lang::Zh);
            let _ = json_record_piece(&v, false);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = procs();
    let text = text.to_string();
    let h = std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || run(sel, text))
        .expect("spawn");
    if let Err(e) = h.join() {
        std::panic::resume_unwind(e);
    }
});
