//! Schedules under contested readings. When the procedure leaves open a
//! question that moves dates — the reading of "N 日前", or a contested
//! parameter of type days — the schedule is computed under every
//! combination of readings, and the table shows the safe window: the later
//! of the earliest dates and the earlier of the latest dates, which every
//! reading allows. Rows whose windows differ keep each reading's window
//! (`Row::by_reading`), and the schedule lists the questions with their
//! sources (`Schedule::questions`).

use super::{schedule_with, Schedule, Window};
use crate::ast::Reading;
use crate::diag::{Diagnostic, Text};
use crate::ir::{compile, ParamValues};
use crate::resolve::{Choice, ParamId, Plan, Procedure, Question, Subject, Type, Value};
use crate::timing::Calendar;

use super::Anchor;

/// A row's windows under one combination of readings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingWindow {
    /// The combination: question name and reading label.
    pub reading: Vec<(String, String)>,
    /// The combination in words.
    pub words: Text,
    pub start: Window,
    pub end: Window,
}

/// A contested question the schedule was computed under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionNote {
    pub name: String,
    /// Each reading's label and source.
    pub readings: Vec<(String, Text)>,
}

/// The questions of `proc` that move dates and that nothing fixes: "N 日前"
/// unless `days_before` fixes it, and contested parameters of type days
/// not in `overrides`.
fn date_questions(
    proc: &Procedure,
    overrides: &[(ParamId, Value)],
    days_before: Option<Reading>,
) -> Vec<Question> {
    proc.questions()
        .into_iter()
        .filter(|q| match q.subject {
            Subject::DaysBefore => days_before.is_none(),
            Subject::Param(p) => {
                proc.params.get(p.0).is_some_and(|d| d.ty == Type::Days)
                    && !overrides.iter().any(|(id, _)| *id == p)
            }
        })
        .collect()
}

/// The schedule of `proc` with the parameter values `overrides` (the plan's,
/// then the command line's) and, when given, the reading of "N 日前" fixed;
/// every other open question that moves dates is scheduled under each of its
/// readings and the table keeps the safe window.
#[expect(
    clippy::result_large_err,
    reason = "one diagnostic per call, as schedule_with"
)]
pub fn schedule_readings(
    proc: &Procedure,
    overrides: &[(ParamId, Value)],
    days_before: Option<Reading>,
    anchors: &[Anchor],
    plan: Option<&Plan>,
    calendar: &Calendar,
) -> Result<Schedule, Diagnostic> {
    let fixed;
    let proc = match days_before {
        Some(r) => {
            fixed = proc.with_days_before(r);
            &fixed
        }
        None => proc,
    };
    let questions = date_questions(proc, overrides, days_before);
    let counted = days_before_words(proc, days_before, &questions);
    let one = |run_params: &[(ParamId, Value)], reading: Option<Reading>| {
        let mut all = overrides.to_vec();
        all.extend(run_params.iter().cloned());
        let copy;
        let p = match reading {
            Some(r) => {
                copy = proc.with_days_before(r);
                &copy
            }
            None => proc,
        };
        let ir = compile(p, &ParamValues::with(p, &all));
        schedule_with(p, &ir, anchors, plan, calendar)
    };
    if questions.is_empty() {
        return one(&[], None).map(|mut s| {
            s.days_before = counted;
            s
        });
    }
    let mut runs = Vec::new();
    for combo in crate::check::combinations(&questions) {
        let mut params = Vec::new();
        let mut reading = None;
        for (q, &a) in questions.iter().zip(&combo) {
            match (q.subject, q.answers.get(a).map(|x| &x.choice)) {
                (Subject::Param(p), Some(Choice::Value(v))) => params.push((p, v.clone())),
                (Subject::DaysBefore, Some(Choice::Reading(r))) => reading = Some(*r),
                _ => {}
            }
        }
        let s = one(&params, reading).map_err(|d| {
            let w = words(&questions, &combo);
            d.with_note(Text::new(
                format!("按以下读法计算时：{}", w.zh),
                format!("under the readings: {}", w.en),
            ))
        })?;
        runs.push((combo, s));
    }
    let mut merged = merge(&questions, runs);
    merged.days_before = counted;
    Ok(merged)
}

/// How "N 日前" is counted in this schedule, in words: `None` when the
/// procedure has no such constraint.
fn days_before_words(
    proc: &Procedure,
    given: Option<Reading>,
    questions: &[Question],
) -> Option<Text> {
    let timings = proc
        .stages
        .iter()
        .flat_map(|s| &s.timing)
        .chain(proc.phases.iter().flat_map(|p| &p.timing));
    let reads = timings.into_iter().any(|t| {
        matches!(
            t.kind,
            crate::resolve::TimingKind::AtLeastBefore { .. }
                | crate::resolve::TimingKind::NoEarlierThanBefore { .. }
        )
    });
    if !reads {
        return None;
    }
    let name = |r: Reading| match r {
        Reading::Subtractive => Text::new("甲读法（相减）", "reading A (subtract the dates)"),
        Reading::Exclusive => Text::new("乙读法（间隔）", "reading B (whole days between)"),
    };
    if let Some(r) = given {
        let n = name(r);
        return Some(Text::new(
            format!("“日前”按{}计算（命令行 --param 日前计法 指定）", n.zh),
            format!(
                "\"N days before\" counted by {} (set by --param 日前计法)",
                n.en
            ),
        ));
    }
    if questions.iter().any(|q| q.subject == Subject::DaysBefore) {
        return Some(Text::new(
            "“日前”的读法有争议：表中为甲、乙两种读法都允许的日期，各读法的日期见表后",
            "\"N days before\" is contested: the table gives the dates both readings allow; each reading's dates follow it",
        ));
    }
    if proc.settings.days_before_span.is_none() {
        return Some(Text::new(
            "“日前”按各条约束自己写明的读法（`按 …`）计算",
            "\"N days before\" counted by the reading each constraint names (`reading …`)",
        ));
    }
    let n = name(proc.settings.days_before);
    Some(Text::new(
        format!("“日前”按{}计算（程序设定 日前计法）", n.zh),
        format!(
            "\"N days before\" counted by {} (the procedure's days_before setting)",
            n.en
        ),
    ))
}

fn words(questions: &[Question], combo: &[usize]) -> Text {
    let parts: Vec<Text> = questions
        .iter()
        .zip(combo)
        .map(|(q, &a)| q.describe(a))
        .collect();
    Text::join(&parts, "，", ", ")
}

/// The later of two earliest dates and the earlier of two latest ones.
fn safe(a: Window, b: Window) -> Window {
    let later = match (a.earliest, b.earliest) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let earlier = match (a.latest, b.latest) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    Window {
        earliest: later,
        latest: earlier,
    }
}

fn merge(questions: &[Question], runs: Vec<(Vec<usize>, Schedule)>) -> Schedule {
    let mut iter = runs.into_iter();
    let Some((first_combo, mut base)) = iter.next() else {
        return Schedule {
            procedure: String::new(),
            title: None,
            plan: None,
            anchors: Vec::new(),
            rows: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            questions: Vec::new(),
            days_before: None,
        };
    };
    let rest: Vec<(Vec<usize>, Schedule)> = iter.collect();
    let label = |combo: &[usize]| -> Vec<(String, String)> {
        questions
            .iter()
            .zip(combo)
            .filter_map(|(q, &a)| Some((q.name.clone(), q.answers.get(a)?.label.clone())))
            .collect()
    };
    for (i, row) in base.rows.iter_mut().enumerate() {
        let others: Vec<(&Vec<usize>, Window, Window)> = rest
            .iter()
            .filter_map(|(c, s)| s.rows.get(i).map(|r| (c, r.start, r.end)))
            .collect();
        if others
            .iter()
            .all(|(_, s, e)| *s == row.start && *e == row.end)
        {
            continue;
        }
        let mut by = vec![ReadingWindow {
            reading: label(&first_combo),
            words: words(questions, &first_combo),
            start: row.start,
            end: row.end,
        }];
        for (c, s, e) in others {
            by.push(ReadingWindow {
                reading: label(c),
                words: words(questions, c),
                start: s,
                end: e,
            });
            row.start = safe(row.start, s);
            row.end = safe(row.end, e);
        }
        row.by_reading = by;
    }
    for (_, s) in rest {
        for w in s.warnings {
            if !base.warnings.iter().any(|x| x.message == w.message) {
                base.warnings.push(w);
            }
        }
    }
    base.questions = questions
        .iter()
        .map(|q| QuestionNote {
            name: q.name.clone(),
            readings: q
                .answers
                .iter()
                .map(|a| (a.label.clone(), a.source.clone()))
                .collect(),
        })
        .collect();
    base.notes.insert(
        0,
        Text::new(
            "程序留有争议的读法（见下）。表中的日期是每种读法都允许的范围：最早取各读法中较晚的最早日期，\
             最晚取各读法中较早的最晚日期——按较早的最晚日期安排最稳妥；各读法的日期列在表后",
            "the procedure leaves readings open (below). The table gives the dates every reading allows: \
             the later of the earliest dates and the earlier of the latest dates — keeping to the earlier \
             latest date is the safe choice; each reading's dates follow the table",
        ),
    );
    base
}
