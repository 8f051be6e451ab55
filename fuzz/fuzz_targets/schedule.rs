//! Target (c): what `huanjie schedule` does: lint a source (the input after
//! four control bytes), take its first procedure (or, by a control bit, its
//! first plan's), anchor one of its stages or phases (picked by a control
//! byte) on a date (two control bytes: days from 0001-01-01 scaled over the
//! years 1..=9999), schedule it and render the table, JSON and ICS. Every
//! ICS date must be a valid RFC 5545 DATE (four-digit year).
#![no_main]
use chrono::NaiveDate;
use huanjie::diag::{Diagnostic, Lang};
use huanjie::ir::{compile, ParamValues};
use huanjie::schedule::{render_ics, render_json, render_table, schedule_with, Anchor};
use huanjie::timing::Calendar;
use libfuzzer_sys::fuzz_target;

fn run(ctl: [u8; 4], text: String) {
    let (_map, _id, outcome) = huanjie::lint_str("fuzz.hj", &text);
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        return;
    }
    let Some(program) = outcome.program else { return };
    let use_plan = ctl[0] & 1 == 1 && !program.plans.is_empty();
    let (proc, plan) = if use_plan {
        let (_, plan) = match program.plan(&program.plans[0].name.name) {
            Some(x) => x,
            None => return,
        };
        match program.procedures.get(plan.procedure.0) {
            Some(p) => (p, Some(plan)),
            None => return,
        }
    } else {
        match program.procedures.first() {
            Some(p) => (p, None),
            None => return,
        }
    };
    let ir = compile(
        proc,
        &ParamValues::with(proc, &plan.map(|p| p.overrides()).unwrap_or_default()),
    );
    let names: Vec<&str> = proc
        .stages
        .iter()
        .map(|s| s.name.name.as_str())
        .chain(proc.phases.iter().map(|p| p.name.name.as_str()))
        .collect();
    let mut anchors = Vec::new();
    if !names.is_empty() && (ctl[0] & 2 == 0 || plan.is_none()) {
        let name = names[ctl[1] as usize % names.len()];
        // Days since 0001-01-01 spread over the whole range of years 1..=9999
        // (with extra weight near the ends).
        let raw = u16::from_le_bytes([ctl[2], ctl[3]]) as i64;
        let days = match ctl[0] >> 6 {
            0 => 737_000 + raw % 4000,              // around 2019..2030
            1 => 3_652_058 - raw % 400,             // the last year, up to 9999-12-31
            2 => raw % 400,                         // the first year, from 0001-01-01
            _ => raw * 3_652_058 / 65_535,          // anywhere
        };
        let Some(date) = NaiveDate::from_num_days_from_ce_opt(days as i32 + 1) else {
            return;
        };
        anchors.push(Anchor::new(name, date));
        if ctl[0] & 4 == 4 && names.len() > 1 {
            // A second anchor, a few days later, on another stage.
            let other = names[(ctl[1] as usize + 1) % names.len()];
            if let Some(d2) = date.checked_add_days(chrono::Days::new((ctl[3] % 64) as u64)) {
                anchors.push(Anchor::new(other, d2));
            }
        }
    } else if plan.is_none() {
        return;
    }
    let calendar = Calendar::builtin();
    if let Ok(s) = schedule_with(proc, &ir, &anchors, plan, &calendar) {
        let _ = render_table(&s, Lang::Zh);
        let ics = render_ics(&s, Lang::En);
        // RFC 5545: four-digit years, and no control character in TEXT.
        for line in ics.split("\r\n") {
            if let Some((_, date)) = line.split_once(";VALUE=DATE:") {
                assert!(date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()), "{line}");
            }
            assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{line:?}");
        }
        let _ = render_json(&s, Lang::Zh).to_string();
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let ctl = [data[0], data[1], data[2], data[3]];
    let Ok(text) = std::str::from_utf8(&data[4..]) else {
        return;
    };
    let text = text.to_string();
    let h = std::thread::Builder::new()
        .stack_size(huanjie::cli::STACK_BYTES)
        .spawn(move || run(ctl, text))
        .expect("spawn");
    if let Err(e) = h.join() {
        std::panic::resume_unwind(e);
    }
});
