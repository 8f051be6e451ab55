//! The explanation for people (Markdown-style text: a heading per phase and
//! per stage, lists below; no colour) and for programs (one JSON document
//! with the same content), in one language.

use super::words::book;
use super::{BasisText, Explanation, FactText, Item, PhaseText, RuleText, StageText, WindowText};
use crate::diag::{Lang, Text};
use crate::schedule::Window;
use chrono::NaiveDate;
use serde_json::{json, Value};

/// The labels of the text in one language.
struct Words {
    anchors: &'static str,
    overview: &'static str,
    bases: &'static str,
    positions: &'static str,
    params: &'static str,
    counting: &'static str,
    contested: &'static str,
    contested_lead: &'static str,
    phase: &'static str,
    phase_timing: &'static str,
    stages: &'static str,
    status: &'static str,
    task: &'static str,
    record: &'static str,
    uses: &'static str,
    timing: &'static str,
    no_timing: &'static str,
    dates: &'static str,
    manual: &'static str,
    start: &'static str,
    end: &'static str,
    earliest: &'static str,
    latest: &'static str,
    open: &'static str,
    because: &'static str,
    rules: &'static str,
    example: &'static str,
    note: &'static str,
    basis: &'static str,
    notes: &'static str,
    kinds: [&'static str; 4],
    sep: &'static str,
    colon: &'static str,
    to: &'static str,
}

const ZH: Words = Words {
    anchors: "锚定日期",
    overview: "概要",
    bases: "依据文件",
    positions: "职务与名额",
    params: "参数（默认值，可由方案改变）",
    counting: "日期与数字的计算",
    contested: "有争议的读法",
    contested_lead: "下列规定的读法，法规原文或权威解释未能确定。检查记录时每种读法都判断：各种读法下都不合规的是违规；只在某种读法下不合规的给出警告（HJ310），并列出各读法的出处。当地已明确读法的，可在方案中或用 `--param` 选定。",
    phase: "环节",
    phase_timing: "环节的时间要求",
    stages: "包含阶段",
    status: "性质",
    task: "要做的事",
    record: "需记录",
    uses: "另用到",
    timing: "时间要求",
    no_timing: "无单独的时间要求",
    dates: "按锚定日期推算的日期",
    manual: "须人工核对（记录中无相应字段，由检查人核对）",
    start: "开始",
    end: "结束",
    earliest: "最早",
    latest: "最晚",
    open: "不限",
    because: "推算依据",
    rules: "规则",
    example: "算例",
    note: "说明",
    basis: "依据",
    notes: "注",
    kinds: ["法定人数", "要求", "当选", "候选人"],
    sep: "；",
    colon: "：",
    to: " 至 ",
};

const EN: Words = Words {
    anchors: "Anchor dates",
    overview: "Overview",
    bases: "Documents",
    positions: "Positions and seats",
    params: "Parameters (defaults; a plan may change them)",
    counting: "Counting days and numbers",
    contested: "Contested readings",
    contested_lead: "The reading of these rules is not settled by the authentic text or an authoritative interpretation. The checker judges a record under every reading: a violation under all of them is a violation; under some only, a warning (HJ310) that names each reading's source. Where the locality has settled the reading, a plan or `--param` fixes it.",
    phase: "Phase",
    phase_timing: "Timing of the phase",
    stages: "Stages",
    status: "Status",
    task: "What must happen",
    record: "To record",
    uses: "Also uses",
    timing: "Timing",
    no_timing: "no timing rule of its own",
    dates: "Dates from the anchors",
    manual: "To check by hand (no record field shows it; the inspector checks it)",
    start: "first day",
    end: "last day",
    earliest: "earliest",
    latest: "latest",
    open: "open",
    because: "because of",
    rules: "Rules",
    example: "Example",
    note: "Note",
    basis: "Basis",
    notes: "Note",
    kinds: ["Quorum", "Requirement", "Election", "Candidates"],
    sep: "; ",
    colon: ": ",
    to: " to ",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// “依据：《title》（name）：“clause”” / “Basis: 《title》 (name): “clause””.
fn basis_line(b: &BasisText, lang: Lang) -> String {
    let w = words(lang);
    let doc = match (lang, b.title.is_empty()) {
        (_, true) => b.name.clone(),
        (Lang::Zh, false) => book(&b.title),
        (Lang::En, false) => book(&b.title),
    };
    format!("{}{}{doc}{}“{}”", w.basis, w.colon, w.colon, b.clause)
}

fn date(d: Option<NaiveDate>, w: &Words) -> String {
    d.map_or_else(|| w.open.to_string(), |d| d.to_string())
}

fn window_line(win: &Window, w: &Words) -> String {
    format!(
        "{} {}{}{} {}",
        w.earliest,
        date(win.earliest, w),
        w.sep,
        w.latest,
        date(win.latest, w)
    )
}

fn fact(f: &FactText, lang: Lang) -> String {
    let name = match &f.stage {
        Some(s) => match lang {
            Lang::Zh => format!("{s}.{}", f.name),
            Lang::En => format!("{}.{}", s, f.name),
        },
        None => f.name.clone(),
    };
    match lang {
        Lang::Zh => format!("{name}（{}）", f.kind.zh),
        Lang::En => format!("{name} ({})", f.kind.en),
    }
}

fn items(out: &mut String, list: &[Item], lang: Lang, indent: &str) {
    for i in list {
        out.push_str(&format!("{indent}- {}\n", i.text.get(lang)));
        if let Some(b) = &i.basis {
            out.push_str(&format!("{indent}  {}\n", basis_line(b, lang)));
        }
    }
}

fn window_block(out: &mut String, win: &WindowText, lang: Lang) {
    let w = words(lang);
    if win.single {
        out.push_str(&format!(
            "- {}{}{}\n",
            w.dates,
            w.colon,
            window_line(&win.start, w)
        ));
    } else {
        out.push_str(&format!("- {}{}\n", w.dates, w.colon.trim_end()));
        out.push_str(&format!(
            "  - {}{}{}\n",
            w.start,
            w.colon,
            window_line(&win.start, w)
        ));
        out.push_str(&format!(
            "  - {}{}{}\n",
            w.end,
            w.colon,
            window_line(&win.end, w)
        ));
    }
    if !win.because.is_empty() {
        let parts: Vec<&str> = win.because.iter().map(|b| b.get(lang)).collect();
        out.push_str(&format!(
            "  {}{}{}\n",
            w.because,
            w.colon,
            parts.join(w.sep)
        ));
    }
}

fn heading(name: &str, title: &Option<String>, lang: Lang) -> String {
    match (title, lang) {
        (Some(t), Lang::Zh) if t != name => format!("{name}（{t}）"),
        (Some(t), Lang::En) if t != name => format!("{name} ({t})"),
        _ => name.to_string(),
    }
}

/// The explanation as text: a heading per phase and stage.
pub fn render_human(e: &Explanation, lang: Lang) -> String {
    let w = words(lang);
    let mut out = format!("# {}\n", heading(&e.procedure, &e.title, lang));
    if !e.anchors.is_empty() {
        let list: Vec<String> = e
            .anchors
            .iter()
            .map(|a| match a.first == a.last {
                true => format!("{} = {}", a.name, a.first),
                false => format!("{} = {}{}{}", a.name, a.first, w.to, a.last),
            })
            .collect();
        out.push_str(&format!("\n{}{}{}\n", w.anchors, w.colon, list.join(w.sep)));
    }
    if let Some(o) = &e.overview {
        out.push_str(&format!("\n## {}\n\n### {}\n\n", w.overview, w.bases));
        for (name, title) in &o.bases {
            out.push_str(&format!("- {name}{}{}\n", w.colon, book(title)));
        }
        for (label, list) in [
            (w.positions, &o.positions),
            (w.params, &o.params),
            (w.manual, &o.manual),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("\n### {label}\n\n"));
                items(&mut out, list, lang, "");
            }
        }
        out.push_str(&format!("\n### {}\n\n", w.counting));
        for c in &o.counting {
            out.push_str(&format!("- {}\n", c.get(lang)));
        }
        if !o.contested.is_empty() {
            out.push_str(&format!(
                "\n### {}\n\n{}\n\n",
                w.contested, w.contested_lead
            ));
            for (head, list) in &o.contested {
                out.push_str(&format!("- {}\n", head.get(lang)));
                items(&mut out, list, lang, "  ");
            }
        }
    }
    let mut current: Option<usize> = None;
    for s in &e.stages {
        if s.phase != current {
            current = s.phase;
            if let Some(p) = s.phase.and_then(|i| e.phases.get(i)) {
                phase(&mut out, p, lang);
            }
        }
        stage(&mut out, s, lang);
    }
    if !e.notes.is_empty() {
        out.push('\n');
        for n in &e.notes {
            out.push_str(&format!("{}{}{}\n", w.notes, w.colon, n.get(lang)));
        }
    }
    out
}

fn phase(out: &mut String, p: &PhaseText, lang: Lang) {
    let w = words(lang);
    out.push_str(&format!(
        "\n## {}{}{}\n\n",
        w.phase,
        w.colon,
        heading(&p.name, &p.title, lang)
    ));
    out.push_str(&format!(
        "- {}{}{}\n",
        w.stages,
        w.colon,
        p.stages.join(w.sep)
    ));
    if !p.timing.is_empty() {
        out.push_str(&format!("- {}{}\n", w.phase_timing, w.colon.trim_end()));
        items(out, &p.timing, lang, "  ");
    }
    if let Some(win) = &p.window {
        window_block(out, win, lang);
    }
}

fn stage(out: &mut String, s: &StageText, lang: Lang) {
    let w = words(lang);
    out.push_str(&format!(
        "\n### {}. {}\n\n",
        s.number,
        heading(&s.name, &s.title, lang)
    ));
    out.push_str(&format!(
        "- {}{}{}\n",
        w.status,
        w.colon,
        s.status.get(lang)
    ));
    out.push_str(&format!("- {}{}{}\n", w.task, w.colon, s.task));
    for (label, list) in [(w.record, &s.facts), (w.uses, &s.uses)] {
        if !list.is_empty() {
            let facts: Vec<String> = list.iter().map(|f| fact(f, lang)).collect();
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            out.push_str(&format!("- {label}{}{}\n", w.colon, facts.join(sep)));
        }
    }
    if s.timing.is_empty() {
        out.push_str(&format!("- {}{}{}\n", w.timing, w.colon, w.no_timing));
    } else {
        out.push_str(&format!("- {}{}\n", w.timing, w.colon.trim_end()));
        items(out, &s.timing, lang, "  ");
    }
    if let Some(win) = &s.window {
        window_block(out, win, lang);
    }
    if !s.rules.is_empty() {
        out.push_str(&format!("- {}{}\n", w.rules, w.colon.trim_end()));
        for (i, r) in s.rules.iter().enumerate() {
            rule(out, i + 1, r, lang);
        }
    }
    if !s.manual.is_empty() {
        out.push_str(&format!("- {}{}\n", w.manual, w.colon.trim_end()));
        items(out, &s.manual, lang, "  ");
    }
}

fn kind_label(r: &RuleText, w: &Words) -> &'static str {
    match r.kind {
        "quorum" => w.kinds[0],
        "elect" => w.kinds[2],
        "candidates" => w.kinds[3],
        _ => w.kinds[1],
    }
}

fn rule(out: &mut String, n: usize, r: &RuleText, lang: Lang) {
    let w = words(lang);
    let (open, close) = match lang {
        Lang::Zh => ("【", "】"),
        Lang::En => ("[", "] "),
    };
    out.push_str(&format!(
        "  {n}. {open}{}{close}{}\n",
        kind_label(r, w),
        r.text.get(lang)
    ));
    for x in &r.examples {
        out.push_str(&format!("     - {}{}{}\n", w.example, w.colon, x.get(lang)));
    }
    for x in &r.notes {
        out.push_str(&format!("     - {}{}{}\n", w.note, w.colon, x.get(lang)));
    }
    if let Some(b) = &r.basis {
        out.push_str(&format!("     - {}\n", basis_line(b, lang)));
    }
}

fn text_list(list: &[Text], lang: Lang) -> Value {
    Value::from(list.iter().map(|t| t.get(lang)).collect::<Vec<_>>())
}

fn basis_json(b: &Option<BasisText>) -> Value {
    match b {
        Some(b) => json!({"name": b.name, "title": b.title, "clause": b.clause}),
        None => Value::Null,
    }
}

fn items_json(list: &[Item], lang: Lang) -> Value {
    Value::from(
        list.iter()
            .map(|i| json!({"text": i.text.get(lang), "basis": basis_json(&i.basis)}))
            .collect::<Vec<_>>(),
    )
}

fn window_json(win: &Option<WindowText>, lang: Lang) -> Value {
    let Some(win) = win else {
        return Value::Null;
    };
    let one = |x: &Window| json!({"earliest": x.earliest.map(|d| d.to_string()), "latest": x.latest.map(|d| d.to_string())});
    json!({
        "earliest": win.start.earliest.map(|d| d.to_string()),
        "latest": win.end.latest.map(|d| d.to_string()),
        "start": one(&win.start),
        "end": one(&win.end),
        "because": text_list(&win.because, lang),
    })
}

fn facts_json(list: &[FactText], lang: Lang) -> Value {
    Value::from(
        list.iter()
            .map(|f| json!({"name": f.name, "stage": f.stage, "kind": f.kind.get(lang)}))
            .collect::<Vec<_>>(),
    )
}

/// The explanation as one JSON document (texts in `lang`).
pub fn render_json(e: &Explanation, lang: Lang) -> Value {
    let overview = e.overview.as_ref().map(|o| {
        json!({
            "bases": o.bases.iter().map(|(n, t)| json!({"name": n, "title": t})).collect::<Vec<_>>(),
            "positions": items_json(&o.positions, lang),
            "params": items_json(&o.params, lang),
            "counting": text_list(&o.counting, lang),
            "contested": o.contested.iter().map(|(h, list)| json!({"question": h.get(lang), "readings": items_json(list, lang)})).collect::<Vec<_>>(),
            "manual": items_json(&o.manual, lang),
        })
    });
    let phases: Vec<Value> = e
        .phases
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "title": p.title,
                "stages": p.stages,
                "timing": items_json(&p.timing, lang),
                "window": window_json(&p.window, lang),
            })
        })
        .collect();
    let stages: Vec<Value> = e
        .stages
        .iter()
        .map(|s| {
            let rules: Vec<Value> = s
                .rules
                .iter()
                .map(|r| {
                    json!({
                        "kind": r.kind,
                        "text": r.text.get(lang),
                        "examples": text_list(&r.examples, lang),
                        "notes": text_list(&r.notes, lang),
                        "basis": basis_json(&r.basis),
                    })
                })
                .collect();
            json!({
                "number": s.number,
                "name": s.name,
                "title": s.title,
                "phase": s.phase.and_then(|i| e.phases.get(i)).map(|p| p.name.clone()),
                "requirement": s.requirement.name(),
                "status": s.status.get(lang),
                "condition": s.condition.as_ref().map(|c| c.get(lang)),
                "task": s.task,
                "facts": facts_json(&s.facts, lang),
                "uses": facts_json(&s.uses, lang),
                "timing": items_json(&s.timing, lang),
                "window": window_json(&s.window, lang),
                "rules": rules,
                "manual": items_json(&s.manual, lang),
            })
        })
        .collect();
    json!({
        "procedure": e.procedure,
        "title": e.title,
        "lang": match lang { Lang::Zh => "zh", Lang::En => "en" },
        "anchors": e.anchors.iter().map(|a| json!({"stage": a.name, "first": a.first.to_string(), "last": a.last.to_string()})).collect::<Vec<_>>(),
        "overview": overview,
        "phases": phases,
        "stages": stages,
        "notes": text_list(&e.notes, lang),
    })
}
