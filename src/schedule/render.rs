//! The schedule for people (an aligned table, in Chinese or English) and for
//! programs (one JSON document).
//!
//! Columns are aligned by display width: East Asian wide characters (Chinese
//! text, full-width punctuation) count as two columns, as terminals show
//! them ([`unicode_width`]). A stage whose first and last day have the same
//! window takes one line; a phase, or a stage that lasts several days, takes
//! two (its first day, then its last day). An open bound is `—`.
//!
//! The JSON document is described at [`render_json`].

use super::{AnchorSource, BasisItem, FixedDate, Row, RowKind, Schedule, Window};
use crate::diag::{Lang, Text};
use chrono::NaiveDate;
use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;

/// An open bound.
const OPEN: &str = "—";

/// The words of the table in one language.
struct Words {
    procedure: &'static str,
    plan: &'static str,
    anchors: &'static str,
    planned: &'static str,
    header: [&'static str; 5],
    start: &'static str,
    end: &'static str,
    optional: &'static str,
    conditional: &'static str,
    phase: &'static str,
    sep: &'static str,
    to: &'static str,
    legend: &'static str,
    note: &'static str,
}

const ZH: Words = Words {
    procedure: "程序：",
    plan: "方案：",
    anchors: "锚定：",
    planned: "计划日期：",
    header: ["阶段", "环节", "最早", "最晚", "依据"],
    start: "开始",
    end: "结束",
    optional: "（可选）",
    conditional: "（有条件）",
    phase: "（环节）",
    sep: "；",
    to: " 至 ",
    legend:
        "“—”表示不受限制。最早、最晚是满足全部约束的可行日期（可选与有条件的阶段按会进行计算）。",
    note: "注：",
};

const EN: Words = Words {
    procedure: "procedure: ",
    plan: "plan: ",
    anchors: "anchors: ",
    planned: "planned dates: ",
    header: ["stage", "phase", "earliest", "latest", "basis"],
    start: "start",
    end: "end",
    optional: " (optional)",
    conditional: " (conditional)",
    phase: " (phase)",
    sep: "; ",
    to: " to ",
    legend: "“—” means unbounded. Earliest and latest are the feasible dates under every constraint (optional and conditional stages counted as taking place).",
    note: "note: ",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| OPEN.to_string(), |d| d.to_string())
}

/// One basis item in words: the cited clause (with its basis), else the rule.
pub(super) fn basis_text(b: &BasisItem, lang: Lang) -> String {
    match (&b.per, &b.basis) {
        (Some(per), Some(basis)) => format!("{basis} “{per}”"),
        (Some(per), None) => format!("“{per}”"),
        _ => b.rule.get(lang).to_string(),
    }
}

/// The stages and phases whose dates a row's bounds follow from (`None`
/// when there are none).
pub fn bound_by_text(names: &[String]) -> Option<Text> {
    if names.is_empty() {
        return None;
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    Some(Text::new(
        format!("另见 {} 的依据", quoted.join("、")),
        format!("see also the basis of {}", quoted.join(", ")),
    ))
}

/// A row's basis in words: its own constraints, then the rows it follows.
pub(super) fn basis_words(row: &Row, lang: Lang) -> Vec<String> {
    row.basis
        .iter()
        .map(|b| basis_text(b, lang))
        .chain(bound_by_text(&row.bound_by).map(|t| t.get(lang).to_string()))
        .collect()
}

/// The name of a row with its marks (optional, conditional, phase).
pub(super) fn marked_name(row: &Row, lang: Lang) -> String {
    let w = words(lang);
    let mut name = row.name.clone();
    if row.kind == RowKind::Phase {
        name.push_str(w.phase);
    }
    if row.optional {
        name.push_str(w.optional);
    }
    if row.conditional {
        name.push_str(w.conditional);
    }
    name
}

fn fixed_list(dates: &[&FixedDate], w: &Words) -> String {
    dates
        .iter()
        .map(|f| {
            if f.first == f.last {
                format!("{} = {}", f.name, f.first)
            } else {
                format!("{} = {}{}{}", f.name, f.first, w.to, f.last)
            }
        })
        .collect::<Vec<_>>()
        .join(w.sep)
}

/// The schedule as an aligned table, with a heading and a legend.
pub fn render_table(s: &Schedule, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let title = match (&s.title, lang) {
        (Some(t), Lang::Zh) => format!("{}（{t}）", s.procedure),
        (Some(t), Lang::En) => format!("{} ({t})", s.procedure),
        (None, _) => s.procedure.clone(),
    };
    out.push_str(&format!("{}{title}\n", w.procedure));
    if let Some(plan) = &s.plan {
        out.push_str(&format!("{}{plan}\n", w.plan));
    }
    for (source, label) in [
        (AnchorSource::Plan, w.planned),
        (AnchorSource::CommandLine, w.anchors),
    ] {
        let dates: Vec<&FixedDate> = s.anchors.iter().filter(|f| f.source == source).collect();
        if !dates.is_empty() {
            out.push_str(&format!("{label}{}\n", fixed_list(&dates, w)));
        }
    }
    if let Some(r) = &s.days_before {
        let label = if lang == Lang::Zh {
            "读法："
        } else {
            "reading: "
        };
        out.push_str(&format!("{label}{}\n", r.get(lang)));
    }
    out.push('\n');

    let mut lines: Vec<[String; 5]> = vec![w.header.map(str::to_string)];
    for row in &s.rows {
        let name = marked_name(row, lang);
        let phase = row.phase.clone().unwrap_or_default();
        let basis = basis_words(row, lang).join(w.sep);
        if row.single_window() {
            lines.push([
                name,
                phase,
                date(row.start.earliest),
                date(row.start.latest),
                basis,
            ]);
        } else {
            let indent = " ".repeat(name.width() + 1);
            lines.push([
                format!("{name} {}", w.start),
                phase,
                date(row.start.earliest),
                date(row.start.latest),
                basis,
            ]);
            lines.push([
                format!("{indent}{}", w.end),
                String::new(),
                date(row.end.earliest),
                date(row.end.latest),
                String::new(),
            ]);
        }
    }
    let mut widths = [0usize; 5];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.width());
        }
    }
    let rule: [String; 5] = std::array::from_fn(|i| {
        let n = if i == 4 {
            w.header[4].width()
        } else {
            widths.get(i).copied().unwrap_or(0)
        };
        "-".repeat(n)
    });
    lines.insert(1, rule);
    for line in &lines {
        let mut text = String::new();
        for (i, (cell, width)) in line.iter().zip(widths).enumerate() {
            text.push_str(cell);
            if i < 4 {
                text.push_str(&" ".repeat(width.saturating_sub(cell.width()) + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(w.legend);
    out.push('\n');
    for note in &s.notes {
        out.push_str(&format!("{}{}\n", w.note, note.get(lang)));
    }
    out.push_str(&readings_section(s, lang));
    out
}

/// The open readings and each reading's dates for the rows they move.
fn readings_section(s: &Schedule, lang: Lang) -> String {
    if s.questions.is_empty() {
        return String::new();
    }
    let (head, rows_head) = match lang {
        Lang::Zh => ("有争议的读法：", "各读法下的日期："),
        Lang::En => ("contested readings:", "dates under each reading:"),
    };
    let mut out = format!("\n{head}\n");
    for q in &s.questions {
        out.push_str(&format!("  {}\n", q.name));
        for (label, source) in &q.readings {
            out.push_str(&format!("    “{label}”：{}\n", source.get(lang)));
        }
    }
    out.push_str(&format!("\n{rows_head}\n"));
    for row in s.rows.iter().filter(|r| !r.by_reading.is_empty()) {
        out.push_str(&format!("  {}\n", marked_name(row, lang)));
        for r in &row.by_reading {
            let shown = Row {
                start: r.start,
                end: r.end,
                ..row.clone()
            };
            let sep = if lang == Lang::Zh { "：" } else { ": " };
            let dates = window_words(&shown, lang).join(w_sep(lang));
            out.push_str(&format!("    {}{sep}{dates}\n", r.words.get(lang)));
        }
    }
    out
}

fn w_sep(lang: Lang) -> &'static str {
    words(lang).sep
}

/// A row's windows in words, for descriptions ("最早 …，最晚 …").
pub(super) fn window_words(row: &Row, lang: Lang) -> Vec<String> {
    let pair = |e: Option<NaiveDate>, l: Option<NaiveDate>| {
        Text::new(
            format!("最早 {}，最晚 {}", date(e), date(l)),
            format!("earliest {}, latest {}", date(e), date(l)),
        )
    };
    if row.single_window() {
        return vec![pair(row.start.earliest, row.start.latest)
            .get(lang)
            .to_string()];
    }
    let (s, e) = (
        pair(row.start.earliest, row.start.latest),
        pair(row.end.earliest, row.end.latest),
    );
    match lang {
        Lang::Zh => vec![format!("开始：{}", s.zh), format!("结束：{}", e.zh)],
        Lang::En => vec![format!("start: {}", s.en), format!("end: {}", e.en)],
    }
}

/// A window as JSON: ISO dates or `null`.
fn window(w: &Window) -> Value {
    json!({
        "earliest": w.earliest.map(|d| d.to_string()),
        "latest": w.latest.map(|d| d.to_string()),
    })
}

/// The schedule as one JSON document, for programs:
///
/// ```json
/// {
///   "procedure": "居委会换届选举",
///   "title": "社区居民委员会换届选举",
///   "plan": null,
///   "anchors": [{"name": "投票选举", "start": "2021-01-28", "end": "2021-01-28", "source": "anchor"}],
///   "stages": [
///     {"kind": "stage", "name": "选民名单公布", "title": "张榜公布选民名单", "phase": null,
///      "optional": false, "conditional": false,
///      "start": {"earliest": null, "latest": "2021-01-08"},
///      "end": {"earliest": null, "latest": "2021-01-08"},
///      "basis": [{"rule": "…", "per": "选民名单应在选举日的20日前张榜公布", "basis": "方案"}]}
///   ],
///   "notes": [],
///   "warnings": []
/// }
/// ```
///
/// When the procedure leaves readings open (`contested`, a list of questions
/// with each reading's label and source), `start` and `end` are the safe
/// windows and a row whose windows differ by reading has `by_reading`: one
/// `{"reading": {"日前计法": "相减"}, "start": …, "end": …}` per combination.
///
/// Dates are ISO 8601 (`YYYY-MM-DD`); `null` is an open bound. `stages`
/// lists phases too (`"kind": "phase"`). `source` is `anchor` (the command
/// line) or `plan`. Texts (`rule`, `notes`, warnings' `message`) are in the
/// chosen language; names and quoted clauses are as written.
pub fn render_json(s: &Schedule, lang: Lang) -> Value {
    let anchors: Vec<Value> = s
        .anchors
        .iter()
        .map(|a| {
            json!({
                "name": a.name,
                "start": a.first.to_string(),
                "end": a.last.to_string(),
                "source": match a.source {
                    AnchorSource::CommandLine => "anchor",
                    AnchorSource::Plan => "plan",
                },
            })
        })
        .collect();
    let stages: Vec<Value> = s
        .rows
        .iter()
        .map(|r| {
            let basis: Vec<Value> = r
                .basis
                .iter()
                .map(|b| json!({"rule": b.rule.get(lang), "per": b.per, "basis": b.basis}))
                .collect();
            let by_reading: Vec<Value> = r
                .by_reading
                .iter()
                .map(|b| {
                    let reading: serde_json::Map<String, Value> = b
                        .reading
                        .iter()
                        .map(|(q, a)| (q.clone(), Value::String(a.clone())))
                        .collect();
                    json!({"reading": reading, "start": window(&b.start), "end": window(&b.end)})
                })
                .collect();
            let mut row = json!({
                "kind": match r.kind {
                    RowKind::Stage => "stage",
                    RowKind::Phase => "phase",
                },
                "name": r.name,
                "title": r.title,
                "phase": r.phase,
                "optional": r.optional,
                "conditional": r.conditional,
                "start": window(&r.start),
                "end": window(&r.end),
                "basis": basis,
                "bound_by": r.bound_by,
            });
            if let (false, Some(obj)) = (by_reading.is_empty(), row.as_object_mut()) {
                obj.insert("by_reading".into(), Value::Array(by_reading));
            }
            row
        })
        .collect();
    let notes: Vec<&str> = s.notes.iter().map(|n| n.get(lang)).collect();
    let warnings: Vec<Value> = s
        .warnings
        .iter()
        .map(|d| json!({"code": d.code.id(), "message": d.message.get(lang)}))
        .collect();
    let questions: Vec<Value> = s
        .questions
        .iter()
        .map(|q| {
            let readings: Vec<Value> = q
                .readings
                .iter()
                .map(|(label, source)| json!({"label": label, "source": source.get(lang)}))
                .collect();
            json!({"name": q.name, "readings": readings})
        })
        .collect();
    let mut doc = json!({
        "procedure": s.procedure,
        "title": s.title,
        "plan": s.plan,
        "anchors": anchors,
        "stages": stages,
        "notes": notes,
        "warnings": warnings,
    });
    if let (Some(r), Some(obj)) = (&s.days_before, doc.as_object_mut()) {
        obj.insert("days_before".into(), Value::String(r.get(lang).to_string()));
    }
    if let (false, Some(obj)) = (questions.is_empty(), doc.as_object_mut()) {
        obj.insert("contested".into(), Value::Array(questions));
    }
    doc
}
