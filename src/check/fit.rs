//! Reading the record against the procedure: recorded stages to procedure
//! stages (unknown names, spans that run backwards), facts and parameters to
//! their declarations (unknown names, wrong types), positions and their
//! seats, and the positions of candidates and winners. Each problem is one
//! finding; the value it concerns is then left out of the checks.

use super::eval::{int, V};
use super::finding::{Finding, Kind};
use super::text;
use super::world::{Clock, Dated, FactSlot, Slot, World};
use crate::diag::{did_you_mean, did_you_mean_help, Text};
use crate::ir::{day_number, ParamValues};
use crate::record::{Entry, Record, StageEntry, Value as RValue};
use crate::resolve::{
    FactScope, ParamId, PositionId, Procedure, Seats, Stage, StageId, Type, Value,
};
use crate::span::Span;
use num_bigint::BigInt;
use num_rational::BigRational;
use std::collections::HashSet;

/// A fact entry that names no fact where it is written. It is reported at
/// the end, unless a missing fact's finding explains it (a misspelt or
/// misplaced fact is one problem, not two).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stray<'a> {
    pub entry: &'a Entry,
    /// The stage whose `facts` it is in (`None`: the record's `[facts]`).
    pub stage: Option<StageId>,
}

/// Builds the world of `record` under `proc`; `overrides` are parameter
/// values set outside the record (which the record's own override).
pub(crate) fn build<'a>(
    proc: &'a Procedure,
    record: &'a Record,
    overrides: &[(ParamId, Value)],
    out: &mut Vec<Finding>,
) -> (World<'a>, Vec<Stray<'a>>) {
    let n = proc.stages.len();
    let mut w = World {
        proc,
        record,
        params: ParamValues::defaults(proc),
        slots: vec![Slot::Absent; n],
        void: vec![false; n],
        misspelt: vec![false; n],
        bad_tally: vec![false; n],
        facts: vec![FactSlot::Absent; proc.facts.len()],
        seats: Vec::new(),
        seat_spans: vec![None; proc.positions.len()],
        cand_pos: Vec::new(),
        winner_pos: Vec::new(),
        days_before: None,
    };
    let taken = stages(&mut w, out);
    let mut strays = Vec::new();
    facts(&mut w, None, &record.facts, &mut strays, out);
    for (e, s) in record.stages.iter().zip(taken) {
        if let Some(s) = s {
            facts(&mut w, Some(s), &e.facts, &mut strays, out);
        }
    }
    params(&mut w, overrides, out);
    positions(&mut w, out);
    (w, strays)
}

/// The procedure stage named `name`, searched from `hint` on (records
/// usually list the stages in procedure order), then from the start. Stage
/// names are unique, so this is `Procedure::stage` without the scan.
fn stage_from<'p>(proc: &'p Procedure, name: &str, hint: usize) -> Option<(StageId, &'p Stage)> {
    let (head, tail) = proc.stages.split_at(hint.min(proc.stages.len()));
    let found = |list: &'p [Stage], base: usize| {
        list.iter()
            .position(|st| st.name.name == name)
            .and_then(|i| list.get(i).map(|st| (StageId(base + i), st)))
    };
    found(tail, head.len()).or_else(|| found(head, 0))
}

/// Places each recorded stage in its procedure slot; per recorded stage,
/// the slot it was taken as (`None`: unknown, or recorded twice).
fn stages(w: &mut World<'_>, out: &mut Vec<Finding>) -> Vec<Option<StageId>> {
    let proc = w.proc;
    // Collected once: one unknown stage per entry must not cost a pass over
    // all entries (issue 14: 20,000 unknown stages took quadratic time).
    let record = w.record;
    let recorded: HashSet<&str> = record
        .stages
        .iter()
        .map(|e| e.name.value.as_str())
        .collect();
    let mut taken = Vec::with_capacity(w.record.stages.len());
    let mut hint = 0;
    for e in &w.record.stages {
        let name = e.name.value.as_str();
        let Some((id, decl)) = stage_from(proc, name, hint) else {
            out.push(unknown_stage(w, e, &recorded));
            taken.push(None);
            continue;
        };
        hint = id.0 + 1;
        taken.push(None);
        if w.slot(id).entry().is_some() {
            out.push(
                Finding::error(
                    Kind::Data,
                    Text::new(
                        format!("阶段 `{name}` 记录了两次"),
                        format!("stage `{name}` is recorded twice"),
                    ),
                    e.name.span,
                )
                .with_stage(name)
                .with_rule(decl.name.span)
                .with_note(Text::new(
                    "只检查第一次记录；请合并为一处",
                    "only the first is checked; merge them into one",
                )),
            );
            continue;
        }
        let slot = slot_of(e, decl.name.span, out);
        if let Some(s) = w.slots.get_mut(id.0) {
            *s = slot;
        }
        if let Some(t) = taken.last_mut() {
            *t = Some(id);
        }
    }
    taken
}

fn slot_of<'a>(e: &'a StageEntry, decl: Span, out: &mut Vec<Finding>) -> Slot<'a> {
    let name = e.name.value.as_str();
    let (first, last) = match (e.first_day(), e.last_day()) {
        (None, None) => return Slot::Undated(e),
        (Some(f), Some(l)) => (f, l),
        (None, Some(l)) => {
            out.push(
                Finding::error(
                    Kind::Data,
                    Text::new(
                        format!("阶段 `{name}` 只有结束日期，没有开始日期"),
                        format!("stage `{name}` has an end date but no start date"),
                    ),
                    l.span,
                )
                .with_stage(name)
                .with_rule(decl),
            );
            return Slot::Broken(e);
        }
        (Some(f), None) => (f, f),
    };
    let (df, dl) = (day_number(first.value), day_number(last.value));
    if dl < df {
        out.push(
            Finding::error(
                Kind::Data,
                Text::new(
                    format!(
                        "阶段 `{name}` 的结束日期 {} 早于开始日期 {}",
                        last.value, first.value
                    ),
                    format!(
                        "stage `{name}` ends on {}, before it starts on {}",
                        last.value, first.value
                    ),
                ),
                last.span,
            )
            .with_stage(name)
            .with_rule(decl)
            .with_expected(text::window(Some(df), None))
            .with_actual(text::date_text(last.value)),
        );
        return Slot::Broken(e);
    }
    Slot::Dated(
        e,
        Dated {
            first: df,
            last: dl,
            first_span: first.span,
            last_span: last.span,
            first_time: Clock::at(e.time.as_ref().map(|t| t.value)),
            last_time: Clock::at(e.time.as_ref().map(|t| t.value)),
        },
    )
}

fn unknown_stage(w: &mut World<'_>, e: &StageEntry, recorded: &HashSet<&str>) -> Finding {
    let proc = w.proc;
    let name = e.name.value.as_str();
    let pname = &proc.name.name;
    if let Some(phase) = proc.phases.iter().find(|p| p.name.name == name) {
        return Finding::error(
            Kind::UnexpectedStage,
            Text::new(
                format!("`{name}` 是环节，不是阶段：请记录其中各阶段的日期"),
                format!("`{name}` is a phase, not a stage: record the dates of its stages"),
            ),
            e.name.span,
        )
        .with_stage(name)
        .with_rule(phase.name.span);
    }
    let known = proc.stages.iter().map(|s| s.name.name.as_str());
    let suggestion = did_you_mean(name, known);
    let mut f = Finding::error(
        Kind::UnexpectedStage,
        Text::new(
            format!("程序 `{pname}` 中没有阶段 `{name}`"),
            format!("the procedure `{pname}` has no stage `{name}`"),
        ),
        e.name.span,
    )
    .with_stage(name)
    .with_rule(proc.name.span);
    f = f.with_expected(Text::new("程序中的阶段", "a stage of the procedure"));
    if let Some(s) = suggestion {
        if let Some((id, decl)) = proc.stage(s) {
            f = f
                .with_rule(decl.name.span)
                .with_note(did_you_mean_help(s))
                .with_expected(Text::new(
                    format!("程序中的阶段，如 `{s}`"),
                    format!("a stage of the procedure, such as `{s}`"),
                ));
            if !recorded.contains(s) {
                if let Some(m) = w.misspelt.get_mut(id.0) {
                    *m = true;
                }
            }
        }
    }
    f
}

/// What a declared type expects, in words.
pub(crate) fn type_words(ty: Type) -> Text {
    match ty {
        Type::Count => Text::new("计数（不小于 0 的整数）", "a count (a whole number ≥ 0)"),
        Type::Days => Text::new("天数（整数）", "a number of days (a whole number)"),
        Type::Date => Text::new("日期（如 2021-01-28）", "a date (such as 2021-01-28)"),
        Type::Bool => Text::new("是否值（true 或 false）", "true or false"),
        Type::Text => Text::new("文本", "text"),
        Type::Ratio => Text::new(
            "比例（如 \"1/2\"、\"20%\"）",
            "a ratio (such as \"1/2\", \"20%\")",
        ),
        other => other.describe(),
    }
}

fn value_words(v: &RValue) -> Text {
    match v {
        RValue::Integer(n) => Text::new(format!("整数 {n}"), format!("the number {n}")),
        RValue::Ratio(r) => Text::new(
            format!("比例 {}", text::num(r)),
            format!("the ratio {}", text::num(r)),
        ),
        RValue::Bool(b) => Text::new(format!("是否值 {b}"), format!("{b}")),
        RValue::Text(s) => Text::new(format!("文本 \"{s}\""), format!("the text \"{s}\"")),
        RValue::Date(d) => Text::new(format!("日期 {d}"), format!("the date {d}")),
        RValue::Blank => Text::new("空白", "a blank"),
    }
}

/// A record value as a value of the declared type.
fn fact_value(ty: Type, v: &RValue) -> Option<V<'_>> {
    Some(match (ty, v) {
        (Type::Count, RValue::Integer(n)) if *n >= 0 => V::Num(int(*n)),
        (Type::Days, RValue::Integer(n)) => V::Num(int(*n)),
        (Type::Ratio, RValue::Integer(n)) => V::Num(int(*n)),
        (Type::Ratio, RValue::Ratio(r)) => V::Num(crate::exact::Exact::from_big(r)),
        (Type::Date, RValue::Date(d)) => V::Date(*d),
        (Type::Bool, RValue::Bool(b)) => V::Bool(*b),
        (Type::Text, RValue::Text(s)) => V::Text(s),
        _ => return None,
    })
}

/// A record value as a parameter value of the declared type.
fn param_value(ty: Type, v: &RValue) -> Option<Value> {
    Some(match (ty, v) {
        (Type::Count, RValue::Integer(n)) if *n >= 0 => Value::Count(BigInt::from(*n)),
        (Type::Days, RValue::Integer(n)) => Value::Days(*n),
        (Type::Ratio, RValue::Integer(n)) => Value::Ratio(BigRational::from_integer((*n).into())),
        (Type::Ratio, RValue::Ratio(r)) => Value::Ratio(r.clone()),
        (Type::Date, RValue::Date(d)) => Value::Date(*d),
        (Type::Bool, RValue::Bool(b)) => Value::Bool(*b),
        (Type::Text, RValue::Text(s)) => Value::Text(s.clone()),
        _ => return None,
    })
}

fn wrong_type(what: Text, name: &str, ty: Type, e: &Entry, decl: Span) -> Finding {
    let want = type_words(ty);
    let got = value_words(&e.value.value);
    Finding::error(
        Kind::Data,
        Text::new(
            format!("{} `{name}` 应为{}，记录中为{}", what.zh, want.zh, got.zh),
            format!(
                "{} `{name}` must be {}; the record gives {}",
                what.en, want.en, got.en
            ),
        ),
        e.value.span,
    )
    .with_rule(decl)
    .with_expected(want)
    .with_actual(got)
}

fn twice(what: Text, e: &Entry, decl: Span) -> Finding {
    let name = &e.name.value;
    Finding::error(
        Kind::Data,
        Text::new(
            format!("{} `{name}` 给出了两次", what.zh),
            format!("{} `{name}` is given twice", what.en),
        ),
        e.name.span,
    )
    .with_rule(decl)
    .with_note(Text::new("只使用第一次给出的值", "the first value is used"))
}

fn facts<'a>(
    w: &mut World<'a>,
    stage: Option<StageId>,
    entries: &'a [Entry],
    strays: &mut Vec<Stray<'a>>,
    out: &mut Vec<Finding>,
) {
    let proc = w.proc;
    let scope = stage.map_or(FactScope::Procedure, FactScope::Stage);
    for e in entries {
        let found = proc
            .facts
            .iter()
            .enumerate()
            .find(|(_, f)| f.name.name == e.name.value && f.scope == scope);
        let Some((i, decl)) = found else {
            strays.push(Stray { entry: e, stage });
            continue;
        };
        let what = || Text::new("事实", "fact");
        let finding = match w.facts.get(i) {
            Some(FactSlot::Absent) if e.value.value == RValue::Blank => {
                if let Some(slot) = w.facts.get_mut(i) {
                    *slot = FactSlot::Blank(e.name.span);
                }
                None
            }
            Some(FactSlot::Blank(_)) if e.value.value == RValue::Blank => {
                Some(twice(what(), e, decl.span))
            }
            Some(FactSlot::Absent | FactSlot::Blank(_)) => {
                match fact_value(decl.ty, &e.value.value) {
                    Some(v) => {
                        if let Some(slot) = w.facts.get_mut(i) {
                            *slot = FactSlot::Given(v, e.value.span);
                        }
                        None
                    }
                    None => {
                        if let Some(slot) = w.facts.get_mut(i) {
                            *slot = FactSlot::Bad;
                        }
                        Some(wrong_type(what(), &e.name.value, decl.ty, e, decl.span))
                    }
                }
            }
            _ => Some(twice(what(), e, decl.span)),
        };
        if let Some(f) = finding {
            out.push(f.with_stage_opt(stage.map(|s| w.stage_name(s).to_string())));
        }
    }
}

fn params(w: &mut World<'_>, overrides: &[(ParamId, Value)], out: &mut Vec<Finding>) {
    let proc = w.proc;
    let mut all: Vec<(ParamId, Value)> = overrides.to_vec();
    let mut seen: Vec<ParamId> = Vec::new();
    for e in &w.record.params {
        let name = e.name.value.as_str();
        let Some((id, decl)) = proc.param(name) else {
            let known = proc.params.iter().map(|p| p.name.name.as_str());
            let mut f = Finding::error(
                Kind::Data,
                crate::resolve::no_such_param(&proc.name.name, name),
                e.name.span,
            )
            .with_rule(proc.name.span);
            if let Some(s) = did_you_mean(name, known) {
                f = f.with_note(did_you_mean_help(s));
            }
            out.push(f);
            continue;
        };
        let what = Text::new("参数", "parameter");
        if seen.contains(&id) {
            out.push(twice(what, e, decl.span));
            continue;
        }
        seen.push(id);
        if e.value.value == RValue::Blank {
            // Left blank: the default (or the plan's value) applies.
            continue;
        }

        // A contested parameter also takes the name of a reading.
        let reading = |v: &RValue| match v {
            RValue::Text(label) => decl
                .readings
                .iter()
                .find(|r| r.label.name == *label)
                .and_then(|r| r.value.clone()),
            _ => None,
        };
        match param_value(decl.ty, &e.value.value).or_else(|| reading(&e.value.value)) {
            Some(v) => all.push((id, v)),
            None => out.push(wrong_type(what, name, decl.ty, e, decl.span)),
        }
    }
    if !all.is_empty() {
        w.params = ParamValues(proc.param_values(&all));
    }
}

fn unknown_position(w: &World<'_>, name: &str, span: Span, owner: Text) -> Finding {
    let known = w.proc.positions.iter().map(|p| p.name.name.as_str());
    let all: Vec<&str> = known.clone().collect();
    let list = text::names(&all);
    let mut f = Finding::error(
        Kind::Data,
        Text::new(
            format!("{}的职务 `{name}` 不是程序中的职务", owner.zh),
            format!(
                "{} has the position `{name}`, which the procedure does not declare",
                owner.en
            ),
        ),
        span,
    )
    .with_rule(w.proc.name.span)
    .with_expected(Text::new(
        format!("程序中的职务：{}", list.zh),
        format!("a position of the procedure: {}", list.en),
    ));
    if let Some(s) = did_you_mean(name, known) {
        f = f.with_note(did_you_mean_help(s));
    }
    f
}

fn positions(w: &mut World<'_>, out: &mut Vec<Finding>) {
    let proc = w.proc;
    let mut seats: Vec<Option<u64>> = vec![None; proc.positions.len()];
    for e in &w.record.positions {
        let name = e.id.value.as_str();
        let Some(p) = w.position(name) else {
            out.push(unknown_position(
                w,
                name,
                e.id.span,
                Text::new("记录", "the record"),
            ));
            continue;
        };
        let Some(decl) = proc.positions.get(p.0) else {
            continue;
        };
        if w.seat_spans.get(p.0).copied().flatten().is_some() {
            out.push(
                Finding::error(
                    Kind::Data,
                    Text::new(
                        format!("职务 `{name}` 的名额给出了两次"),
                        format!("the seats of `{name}` are given twice"),
                    ),
                    e.id.span,
                )
                .with_rule(decl.span),
            );
            continue;
        }
        if let Some(slot) = w.seat_spans.get_mut(p.0) {
            *slot = Some(e.span);
        }
        // Blank seats: the entry is there, its number is not (a gap when a
        // rule needs it, labelled on the entry).
        let Some(given) = &e.seats else {
            continue;
        };
        if let Some(slot) = seats.get_mut(p.0) {
            *slot = Some(given.value);
        }
        let n = i64::try_from(given.value).unwrap_or(i64::MAX);
        let (lo, hi) = match &decl.seats {
            Seats::Exact(a) => (w.params.amount(a), w.params.amount(a)),
            Seats::Range(a, b) => (w.params.amount(a), w.params.amount(b)),
        };
        let outside = lo.is_some_and(|l| n < l) || hi.is_some_and(|h| n > h);
        if outside {
            let want = match (lo, hi) {
                (Some(l), Some(h)) if l == h => Text::new(format!("{l} 名"), format!("{l}")),
                (Some(l), Some(h)) => Text::new(format!("{l} 至 {h} 名"), format!("{l} to {h}")),
                _ => Text::new("—", "—"),
            };
            out.push(
                Finding::error(
                    Kind::Rule,
                    Text::new(
                        format!("职务 `{name}` 的名额为 {n}，程序规定为 {}", want.zh),
                        format!("`{name}` has {n} seats; the procedure allows {}", want.en),
                    ),
                    given.span,
                )
                .with_rule(decl.span)
                .with_basis(text::basis(proc, decl.cite.as_ref()))
                .with_expected(want)
                .with_actual(Text::new(n.to_string(), n.to_string())),
            );
        }
    }
    for (i, decl) in proc.positions.iter().enumerate() {
        if let (Some(slot), Seats::Exact(a)) = (seats.get_mut(i), &decl.seats) {
            if slot.is_none() {
                *slot = w.params.amount(a).and_then(|n| u64::try_from(n).ok());
            }
        }
    }
    w.seats = seats;
    let mut cand_pos = Vec::with_capacity(w.record.candidates.len());
    for c in &w.record.candidates {
        let p = w.position(&c.position.value);
        if p.is_none() {
            let owner = Text::new(
                format!("候选人 `{}` ", c.name.value),
                format!("candidate `{}`", c.name.value),
            );
            out.push(unknown_position(
                w,
                &c.position.value,
                c.position.span,
                owner,
            ));
        }
        cand_pos.push(p);
    }
    w.cand_pos = cand_pos;
    let mut winner_pos: Vec<Option<PositionId>> = Vec::with_capacity(w.record.elected.len());
    for e in &w.record.elected {
        let p = w.position(&e.position.value);
        if p.is_none() {
            let owner = Text::new(
                format!("当选人 `{}` ", e.name.value),
                format!("winner `{}`", e.name.value),
            );
            out.push(unknown_position(
                w,
                &e.position.value,
                e.position.span,
                owner,
            ));
        }
        winner_pos.push(p);
    }
    w.winner_pos = winner_pos;
}

/// The check that a record's `procedure` names this procedure.
pub(crate) fn wrong_procedure(proc: &Procedure, record: &Record) -> Option<Finding> {
    let claimed = record.procedure.value.as_str();
    let name = proc.name.name.as_str();
    (claimed != name).then(|| {
        Finding::error(
            Kind::Data,
            Text::new(
                format!("记录属于程序 `{claimed}`，不是 `{name}`"),
                format!("the record is for the procedure `{claimed}`, not `{name}`"),
            ),
            record.procedure.span,
        )
        .with_code(crate::diag::Code::WrongProcedure)
        .with_rule(proc.name.span)
        .with_expected(Text::new(format!("`{name}`"), format!("`{name}`")))
        .with_actual(Text::new(format!("`{claimed}`"), format!("`{claimed}`")))
        .with_note(Text::new(
            "用与记录相符的程序检查，或用 `--procedure` 选择程序",
            "check it against the procedure it names, or choose one with `--procedure`",
        ))
    })
}
