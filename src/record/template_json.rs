//! The JSON form of the record template: the structure of the TOML
//! template (`template`), with `null` where a value is to be filled in
//! (JSON has no comments; `null` reads as "not given").

use super::template::{electing, seats, spans_days, uses};
use crate::resolve::{Coll, FactScope, Procedure};

/// A JSON string literal.
fn s(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// `{"k": v, …}` on one line.
fn object(entries: &[(String, String)]) -> String {
    let inner: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}: {v}", s(k)))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

/// An object of `names`, each `null`.
fn nulls<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    object(
        &names
            .into_iter()
            .map(|n| (n.to_string(), "null".to_string()))
            .collect::<Vec<_>>(),
    )
}

/// `"key": [` + one line per item + `]`, indented by two.
fn array(out: &mut Vec<String>, key: &str, items: &[String]) {
    if items.is_empty() {
        out.push(format!("  {}: []", s(key)));
    } else {
        let lines: Vec<String> = items.iter().map(|i| format!("    {i}")).collect();
        out.push(format!("  {}: [\n{}\n  ]", s(key), lines.join(",\n")));
    }
}

/// The JSON template of `proc`.
pub(crate) fn json(proc: &Procedure) -> String {
    let mut top: Vec<String> = vec![
        format!("  \"procedure\": {}", s(&proc.name.name)),
        "  \"unit\": null".to_string(),
    ];
    let facts = proc
        .facts
        .iter()
        .filter(|f| f.scope == FactScope::Procedure);
    top.push(format!(
        "  \"facts\": {}",
        nulls(facts.map(|f| f.name.name.as_str()))
    ));
    top.push(format!(
        "  \"params\": {}",
        nulls(proc.params.iter().map(|p| p.name.name.as_str()))
    ));

    let stages: Vec<String> = proc
        .stages
        .iter()
        .map(|stage| {
            let mut fields: Vec<(String, String)> = if spans_days(stage) {
                vec![
                    ("start".into(), "null".into()),
                    ("end".into(), "null".into()),
                ]
            } else {
                vec![("date".into(), "null".into())]
            };
            let facts: Vec<&str> = stage
                .facts
                .iter()
                .filter_map(|id| proc.facts.get(id.0))
                .map(|f| f.name.name.as_str())
                .collect();
            if !facts.is_empty() {
                fields.push(("facts".into(), nulls(facts)));
            }
            if electing(stage) {
                fields.push(("tally".into(), "[]".into()));
            }
            format!("    {}: {}", s(&stage.name.name), object(&fields))
        })
        .collect();
    if stages.is_empty() {
        top.push("  \"stages\": {}".to_string());
    } else {
        top.push(format!("  \"stages\": {{\n{}\n  }}", stages.join(",\n")));
    }

    let positions: Vec<String> = proc
        .positions
        .iter()
        .map(|p| {
            let (n, _) = seats(proc, &p.seats);
            let n = n.map_or_else(|| "null".to_string(), |n| n.to_string());
            object(&[("id".into(), s(&p.name.name)), ("seats".into(), n)])
        })
        .collect();
    array(&mut top, "positions", &positions);
    let candidate = [
        "name",
        "position",
        "gender",
        "birth_date",
        "list",
        "nomination_votes",
        "disqualified",
        "incumbent",
        "withdrawn",
        "withdrawn_on",
        "approved",
    ]
    .iter()
    .map(|k| ((*k).to_string(), "null".to_string()))
    .collect::<Vec<_>>();
    array(&mut top, "candidates", &[object(&candidate)]);
    array(&mut top, "proxies", &[nulls(["holder", "principal"])]);
    if uses(proc, Coll::Voters) {
        array(&mut top, "voters", &[nulls(["name", "birth_date"])]);
    }
    if uses(proc, Coll::Excluded) {
        array(
            &mut top,
            "excluded",
            &[nulls(["name", "reason", "approved"])],
        );
    }
    let mut winner = vec![
        ("position".to_string(), "null".to_string()),
        ("name".to_string(), "null".to_string()),
        ("gender".to_string(), "null".to_string()),
    ];
    if proc.stages.iter().any(electing) {
        winner.push(("stage".to_string(), "null".to_string()));
    }
    array(&mut top, "elected", &[object(&winner)]);
    format!("{{\n{}\n}}\n", top.join(",\n"))
}
