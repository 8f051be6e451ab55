//! What hovering over a name shows, in the chosen language (Markdown).
//!
//! A stage or a phase: its explanation, as `huanjie explain PROC STAGE`
//! prints it (src/explain) — what must happen, its timing in words, its
//! rules with worked numbers and the quoted legal text of each. A
//! parameter: its type, value and the clause it rests on, with the readings
//! of a contested one. A fact, position, basis, procedure, plan or rule
//! set: what it declares.

use super::index::Entity;
use super::workspace::Analysis;
use crate::diag::{Lang, Text};
use crate::explain::{explain, render_human};
use crate::resolve::{Amount, BasisRef, Cite, FactScope, Procedure, Program, Seats};

/// The hover text of `entity`, if there is something to say.
pub fn hover_text(analysis: &Analysis, entity: &Entity, lang: Lang) -> Option<String> {
    let program = analysis.program.as_ref()?;
    let t = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_string();
    let text = match entity {
        Entity::Stage(p, s) => {
            let proc = program.procedures.get(p.0)?;
            let stage = proc.stages.get(s.0)?;
            explained(proc, &stage.name.name, lang)?
        }
        Entity::Phase(p, x) => {
            let proc = program.procedures.get(p.0)?;
            let phase = proc.phases.get(x.0)?;
            explained(proc, &phase.name.name, lang)?
        }
        Entity::Param(p, x) => param(program.procedures.get(p.0)?, x.0, lang)?,
        Entity::Fact(p, x) => {
            let proc = program.procedures.get(p.0)?;
            let fact = proc.facts.get(x.0)?;
            let mut out = format!(
                "**{} `{}`**: {}",
                t("事实", "fact"),
                fact.name.name,
                fact.ty.describe().get(lang)
            );
            let whose = match fact.scope {
                FactScope::Procedure => t(
                    "由选举记录给出（程序级）",
                    "given by the record (procedure level)",
                ),
                FactScope::Stage(s) => {
                    let stage = proc
                        .stages
                        .get(s.0)
                        .map(|s| s.name.name.as_str())
                        .unwrap_or("?");
                    Text::new(
                        format!("由选举记录在阶段 `{stage}` 中给出"),
                        format!("given by the record in stage `{stage}`"),
                    )
                    .get(lang)
                    .to_string()
                }
            };
            out.push_str(&format!("\n\n{whose}"));
            out
        }
        Entity::Position(p, x) => {
            let proc = program.procedures.get(p.0)?;
            let pos = proc.positions.get(x.0)?;
            let seats = match &pos.seats {
                Seats::Exact(a) => amount(proc, a),
                Seats::Range(a, b) => format!("{}–{}", amount(proc, a), amount(proc, b)),
            };
            let mut out = format!(
                "**{} `{}`**{}\n\n{}{}",
                t("职务", "position"),
                pos.name.name,
                title(&pos.title, lang),
                t("名额：", "seats: "),
                seats
            );
            out.push_str(&cite(proc, &pos.cite, lang));
            out
        }
        Entity::Basis(p, x) => {
            let b = program.procedures.get(p.0)?.bases.get(x.0)?;
            format!(
                "**{} `{}`**\n\n《{}》",
                t("依据文件", "basis"),
                b.name.name,
                b.title
            )
        }
        Entity::PlanBasis(p, x) => {
            let b = program.plans.get(p.0)?.bases.get(x.0)?;
            format!(
                "**{} `{}`**\n\n《{}》",
                t("依据文件", "basis"),
                b.name.name,
                b.title
            )
        }
        Entity::Procedure(p) => {
            let proc = program.procedures.get(p.0)?;
            format!(
                "**{} `{}`**{}\n\n{}",
                t("程序", "procedure"),
                proc.name.name,
                title(&proc.title, lang),
                Text::new(
                    format!("{} 个阶段，{} 个环节", proc.stages.len(), proc.phases.len()),
                    format!("{} stages, {} phases", proc.stages.len(), proc.phases.len()),
                )
                .get(lang)
            )
        }
        Entity::Plan(p) => {
            let plan = program.plans.get(p.0)?;
            let of = program
                .procedures
                .get(plan.procedure.0)
                .map(|p| p.name.name.as_str())
                .unwrap_or("?");
            format!(
                "**{} `{}`**{}\n\n{} `{of}`",
                t("计划", "plan"),
                plan.name.name,
                title(&plan.title, lang),
                t("适用于", "for")
            )
        }
        Entity::RuleSet { procedure, name } => rule_set(analysis, procedure, name, lang)?,
    };
    Some(text)
}

/// `huanjie explain`'s account of one stage or phase.
fn explained(proc: &Procedure, name: &str, lang: Lang) -> Option<String> {
    let one = explain(proc, None).select(name).ok()?;
    Some(render_human(&one, lang))
}

fn param(proc: &Procedure, i: usize, lang: Lang) -> Option<String> {
    let p = proc.params.get(i)?;
    let value = p
        .value
        .as_ref()
        .map(|v| crate::explain::value_words(v).get(lang).to_string())
        .unwrap_or_else(|| "?".to_string());
    let head = Text::new(
        format!(
            "**参数 `{}`**：{}，值为 {value}",
            p.name.name,
            p.ty.describe().zh
        ),
        format!(
            "**parameter `{}`**: {}, value {value}",
            p.name.name,
            p.ty.describe().en
        ),
    );
    let mut out = head.get(lang).to_string();
    out.push_str(&cite(proc, &p.cite, lang));
    if !p.readings.is_empty() {
        let lead = Text::new(
            "\n\n争议读法（检查时逐一判断）：",
            "\n\nContested readings (the check judges each):",
        );
        out.push_str(lead.get(lang));
        for r in &p.readings {
            let v = r
                .value
                .as_ref()
                .map(|v| crate::explain::value_words(v).get(lang).to_string())
                .unwrap_or_else(|| "?".to_string());
            out.push_str(&format!("\n- {} = {v}", r.label.name));
            out.push_str(&cite(proc, &r.cite, lang).replace("\n\n", " — "));
        }
    }
    Some(out)
}

/// `\n\n依据 《title》：“clause”`, or nothing.
fn cite(proc: &Procedure, c: &Option<Cite>, lang: Lang) -> String {
    let Some(c) = c else {
        return String::new();
    };
    let title = match c.basis {
        BasisRef::Procedure(b) => proc.bases.get(b.0).map(|b| b.title.as_str()),
        BasisRef::Plan(_) => None,
    }
    .unwrap_or("?");
    Text::new(
        format!("\n\n依据《{title}》：“{}”", c.clause),
        format!("\n\nper 《{title}》: “{}”", c.clause),
    )
    .get(lang)
    .to_string()
}

fn amount(proc: &Procedure, a: &Amount) -> String {
    match a {
        Amount::Literal { value, .. } => value.to_string(),
        Amount::Param { param, .. } => proc
            .params
            .get(param.0)
            .map(|p| {
                let v = p.value.as_ref().map(|v| crate::explain::value_words(v).zh);
                format!("{} = {}", p.name.name, v.unwrap_or_else(|| "?".to_string()))
            })
            .unwrap_or_else(|| "?".to_string()),
        Amount::Invalid { .. } => "?".to_string(),
    }
}

fn title(t: &Option<String>, lang: Lang) -> String {
    match (t, lang) {
        (Some(t), Lang::Zh) => format!("（{t}）"),
        (Some(t), Lang::En) => format!(" ({t})"),
        (None, _) => String::new(),
    }
}

/// A rule set from the syntax trees: its title, its rules' count and the
/// stages that apply it.
fn rule_set(analysis: &Analysis, procedure: &str, name: &str, lang: Lang) -> Option<String> {
    let set = analysis
        .asts
        .iter()
        .flatten()
        .flat_map(|f| &f.items)
        .filter_map(|i| match i {
            crate::ast::Item::Procedure(p) if p.name.name == procedure => Some(p),
            _ => None,
        })
        .flat_map(|p| &p.items)
        .find_map(|i| match i {
            crate::ast::ProcItem::RuleSet(s) if s.name.name == name => Some(s),
            _ => None,
        })?;
    let title = set.title.as_ref().map(|s| s.value.clone());
    let applied = applying_stages(
        analysis.program.as_ref(),
        &format!("{procedure}.{name}"),
        name,
    );
    let text = Text::new(
        format!(
            "**规则组 `{procedure}.{name}`**{}\n\n{} 条规则；沿用它的阶段：{}",
            self::title(&title, Lang::Zh),
            set.rules.len(),
            if applied.is_empty() {
                "无".to_string()
            } else {
                applied.join("、")
            }
        ),
        format!(
            "**rule set `{procedure}.{name}`**{}\n\n{} rule{}; applied by: {}",
            self::title(&title, Lang::En),
            set.rules.len(),
            if set.rules.len() == 1 { "" } else { "s" },
            if applied.is_empty() {
                "none".to_string()
            } else {
                applied.join(", ")
            }
        ),
    );
    Some(text.get(lang).to_string())
}

/// `PROCEDURE.STAGE` for every stage with a rule applied from the set.
fn applying_stages(program: Option<&Program>, qualified: &str, bare: &str) -> Vec<String> {
    let Some(program) = program else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in &program.procedures {
        for s in &p.stages {
            let applies = s.rules.iter().any(|r| {
                r.applied
                    .as_deref()
                    .is_some_and(|a| a == qualified || a == bare)
            });
            let name = format!("{}.{}", p.name.name, s.name.name);
            if applies && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}
