//! Building the explanation of a procedure.

use super::examples::examples;
use super::expr::Ctx;
use super::fold::{constant, fold, Setting};
use super::timing::timing;
use super::tree::walk;
use super::words::{basis, fact_kind, meaning, quoted, t, tidy, value, value_is};
use super::{
    AnchorText, Explanation, FactText, Item, Overview, PhaseText, Requirement, RuleText, StageText,
    WindowText,
};
use crate::ast::{Comparison, Reading};
use crate::diag::Text;
use crate::resolve::{
    Amount, Choice, Coll, FactScope, PhaseId, Procedure, Rule, RuleKind, Seats, StageId, Subject,
    TExpr, TExprKind, Type, Value,
};
use crate::schedule::{BasisItem, Row, RowKind, Schedule};

/// The explanation of every stage and phase of `proc`, with the dated
/// windows of `schedule` when one is given (computed for `proc`).
pub fn explain(proc: &Procedure, schedule: Option<&Schedule>) -> Explanation {
    let phases = proc
        .phases
        .iter()
        .map(|p| PhaseText {
            name: p.name.name.clone(),
            title: p.title.clone(),
            stages: p
                .stages
                .iter()
                .map(|s| {
                    proc.target_name(crate::resolve::Target::Stage(*s))
                        .to_string()
                })
                .collect(),
            timing: p
                .timing
                .iter()
                .map(|x| Item {
                    text: timing(proc, &x.kind),
                    basis: basis(proc, &x.cite),
                })
                .collect(),
            window: window(schedule, RowKind::Phase, &p.name.name),
        })
        .collect();
    let stages = (0..proc.stages.len())
        .filter_map(|i| stage(proc, StageId(i), schedule))
        .collect();
    Explanation {
        procedure: proc.name.name.clone(),
        title: proc.title.clone(),
        anchors: schedule
            .map(|s| {
                s.anchors
                    .iter()
                    .map(|a| AnchorText {
                        name: a.name.clone(),
                        first: a.first,
                        last: a.last,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        overview: Some(overview(proc)),
        phases,
        stages,
        notes: schedule.map(|s| s.notes.clone()).unwrap_or_default(),
    }
}

/// The window of the row of `kind` named `name`.
fn window(schedule: Option<&Schedule>, kind: RowKind, name: &str) -> Option<WindowText> {
    let row: &Row = schedule?
        .rows
        .iter()
        .find(|r| r.kind == kind && r.name == name)?;
    Some(WindowText {
        start: row.start,
        end: row.end,
        single: row.single_window(),
        because: row
            .basis
            .iter()
            .map(because)
            .chain(
                crate::schedule::bound_by_text(&row.bound_by)
                    .map(|t| Text::new(curly(&t.zh), curly(&t.en))),
            )
            .collect(),
    })
}

/// A constraint behind a window: its quoted clause, else its words.
fn because(b: &BasisItem) -> Text {
    match (&b.per, &b.basis) {
        (Some(per), Some(name)) => {
            let s = format!("{name}“{per}”");
            Text::new(s.clone(), s)
        }
        _ => Text::new(curly(&b.rule.zh), curly(&b.rule.en)),
    }
}

/// `name` in backticks (the compiler's quoting) as “name”.
fn curly(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i > 0 {
            out.push(if i % 2 == 1 { '“' } else { '”' });
        }
        out.push_str(part);
    }
    out
}

fn overview(proc: &Procedure) -> Overview {
    let amount = |a: &Amount| match a {
        Amount::Literal { value, .. } => t(value.to_string(), value.to_string()),
        Amount::Param { param, .. } => {
            let p = proc.params.get(param.0);
            let name = p.map_or("?", |p| p.name.name.as_str());
            match p.and_then(|p| Some((p.value.as_ref().map(value)?, value_is(p)))) {
                Some((v, (zh, en))) => t(
                    format!("参数“{name}”（{zh} {}）", v.zh),
                    format!("the parameter “{name}” ({en} {})", v.en),
                ),
                None => quoted(name),
            }
        }
        Amount::Invalid { .. } => t("?", "?"),
    };
    let positions = proc
        .positions
        .iter()
        .map(|p| {
            let seats = match &p.seats {
                Seats::Exact(a) => amount(a),
                Seats::Range(a, b) => {
                    let (a, b) = (amount(a), amount(b));
                    t(
                        format!("{} 至 {}", a.zh, b.zh),
                        format!("{} to {}", a.en, b.en),
                    )
                }
            };
            let title = p
                .title
                .as_ref()
                .map(|x| format!("（{x}）"))
                .unwrap_or_default();
            let title_en = p
                .title
                .as_ref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default();
            Item {
                text: t(
                    format!("“{}”{title}：名额 {}", p.name.name, seats.zh),
                    format!("“{}”{title_en}: seats {}", p.name.name, seats.en),
                ),
                basis: basis(proc, &p.cite),
            }
        })
        .collect();
    let params = proc
        .params
        .iter()
        .map(|p| {
            let v = p.value.as_ref().map_or_else(|| t("?", "?"), value);
            let kind = fact_kind(&p.name.name, p.ty);
            let (zh, en) = value_is(p);
            Item {
                text: t(
                    format!("“{}”（{}）：{zh} {}", p.name.name, kind.zh, v.zh),
                    format!("“{}” ({}): {en} {}", p.name.name, kind.en, v.en),
                ),
                basis: basis(proc, &p.cite),
            }
        })
        .collect();
    let mut counting = vec![t(
        "期间按日计算的，开始的当日不计入，自下一日开始计算（民法典第二百零一条）；“以上”“以下”“以内”包括本数，“超过”“不满”不包括本数（民法典第一千二百五十九条）",
        "Periods counted in days start the day after the event (Civil Code art. 201); “at least” and “at most” include the number itself, “more than” and “less than” exclude it (Civil Code art. 1259)",
    )];
    let questions = proc.questions();
    let open = questions.iter().any(|q| q.subject == Subject::DaysBefore);
    counting.push(match proc.settings.days_before {
        _ if open => t(
            "“选举日的 N 日前”怎样计算没有定论，本程序未设定：甲读法两个日期相减不少于 N 天，乙读法两个日期之间须间隔 N 个整日（见“有争议的读法”）。检查记录时两种读法都判断，只在一种读法下合规的给出警告；日程表取两种读法都允许的日期",
            "How “N days before the election day” is counted is unsettled and the procedure does not set it: reading A, the dates differ by at least N days; reading B, N whole days lie between them (see “Contested readings”). The checker judges a record under both and warns where only one passes; the schedule gives the dates both allow",
        ),
        Reading::Subtractive => t(
            "“选举日的 N 日前”按“相减”计算：两个日期相减不少于 N 天（如 2021-01-08 在 2021-01-28 的 20 日前）",
            "“N days before the election day” is read “subtractive” (reading A): the two dates differ by at least N days (2021-01-08 is 20 days before 2021-01-28)",
        ),
        Reading::Exclusive => t(
            "“选举日的 N 日前”按“间隔”计算：两个日期之间须间隔 N 个整日，即相减不少于 N + 1 天",
            "“N days before the election day” is read “exclusive” (reading B): N whole days lie between the two dates, so they differ by at least N + 1 days",
        ),
    });
    counting.push(if proc.settings.holiday_extension {
        t(
            "向后计算的期间，最后一日是法定休假日的，顺延至休假日结束的次日（民法典第二百零三条）",
            "A forward period whose last day is a statutory holiday ends on the day after the holiday (Civil Code art. 203)",
        )
    } else {
        t(
            "期间的最后一日遇法定休假日不顺延（本程序未设定“节假日顺延”）",
            "A period's last day does not move for holidays (the procedure does not set “holiday_extension”)",
        )
    });
    let contested = questions
        .iter()
        .map(|q| {
            let head = match q.subject {
                Subject::DaysBefore => t(
                    format!("“选举日的 N 日前”怎样计算（`{}`）", q.name),
                    format!("How “N days before” is counted (`{}`)", q.name),
                ),
                Subject::Param(_) => t(
                    format!("参数“{}”", q.name),
                    format!("The parameter “{}”", q.name),
                ),
            };
            let items = q
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let default = if i == q.default {
                        t("（默认）", " (default)")
                    } else {
                        t("", "")
                    };
                    let (value, cite) = match (&a.choice, q.subject) {
                        (Choice::Value(v), Subject::Param(p)) => {
                            let v = value(v);
                            let cite = proc
                                .params
                                .get(p.0)
                                .and_then(|d| d.readings.get(i))
                                .and_then(|r| r.cite.clone());
                            (
                                t(format!("，取值 {}", v.zh), format!(", value {}", v.en)),
                                cite,
                            )
                        }
                        _ => (
                            t(format!("：{}", a.source.zh), format!(": {}", a.source.en)),
                            None,
                        ),
                    };
                    Item {
                        text: t(
                            format!("“{}”{}{}", a.label, default.zh, value.zh),
                            format!("“{}”{}{}", a.label, default.en, value.en),
                        ),
                        basis: basis(proc, &cite),
                    }
                })
                .collect();
            (head, items)
        })
        .collect();
    Overview {
        contested,
        bases: proc
            .bases
            .iter()
            .map(|b| (b.name.name.clone(), b.title.clone()))
            .collect(),
        positions,
        params,
        counting,
        manual: manual(proc, None),
    }
}

/// The manual check items of a stage (`None`: of the procedure).
fn manual(proc: &Procedure, stage: Option<StageId>) -> Vec<Item> {
    proc.manual
        .iter()
        .filter(|m| m.stage == stage)
        .map(|m| Item {
            text: t(m.what.clone(), m.what.clone()),
            basis: basis(proc, &m.cite),
        })
        .collect()
}

fn stage(proc: &Procedure, id: StageId, schedule: Option<&Schedule>) -> Option<StageText> {
    let s = proc.stages.get(id.0)?;
    let condition = s.when.as_ref().map(|w| {
        let f = fold(proc, w, &[]);
        tidy(Ctx::new(proc, Some(id)).cond(&f.expr, false))
    });
    let requirement = match (&condition, s.optional) {
        (Some(_), _) => Requirement::Conditional,
        (None, Some(_)) => Requirement::Optional,
        (None, None) => Requirement::Required,
    };
    let optional = t(
        "可以不进行；如果进行，须遵守下列规定",
        "it may be left out; if it takes place, the rules below apply",
    );
    let status = match (&condition, s.optional.is_some()) {
        (Some(c), true) => t(
            format!(
                "可选的阶段，仅当{}时才可以进行，不进行也可以；如果进行，须遵守下列规定",
                c.zh
            ),
            format!(
                "optional, and allowed only if {}; if it takes place, the rules below apply",
                c.en
            ),
        ),
        (Some(c), false) => t(
            format!("有条件的阶段，仅当{}时才需要进行", c.zh),
            format!("conditional; required only if {}", c.en),
        ),
        (None, true) => t(
            format!("可选阶段，{}", optional.zh),
            format!("optional; {}", optional.en),
        ),
        (None, false) => t("必经阶段，每次换届都要进行", "required in every election"),
    };
    let facts = s
        .facts
        .iter()
        .filter_map(|f| proc.facts.get(f.0))
        .map(|f| FactText {
            name: f.name.name.clone(),
            stage: None,
            kind: fact_kind(&f.name.name, f.ty),
        })
        .collect();
    Some(StageText {
        number: id.0 + 1,
        name: s.name.name.clone(),
        title: s.title.clone(),
        phase: s.phase.map(|PhaseId(i)| i),
        requirement,
        status,
        condition,
        task: s.title.clone().unwrap_or_else(|| s.name.name.clone()),
        facts,
        uses: uses(proc, id),
        timing: s
            .timing
            .iter()
            .map(|x| Item {
                text: timing(proc, &x.kind),
                basis: basis(proc, &x.cite),
            })
            .collect(),
        window: window(schedule, RowKind::Stage, &s.name.name),
        rules: candidates_from(proc, s)
            .into_iter()
            .chain(s.rules.iter().map(|r| rule(proc, id, r)))
            .collect(),
        manual: manual(proc, Some(id)),
    })
}

/// The facts of the procedure and of other stages that the stage's rules
/// and condition read.
fn uses(proc: &Procedure, id: StageId) -> Vec<FactText> {
    let Some(s) = proc.stages.get(id.0) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let exprs = s.rules.iter().flat_map(Rule::exprs).chain(s.when.as_ref());
    for e in exprs {
        walk(e, &mut |x| {
            let f = match &x.kind {
                TExprKind::Fact(f) => *f,
                TExprKind::StageFact(st, f) if *st != id => *f,
                _ => return,
            };
            if !found.contains(&f) {
                found.push(f);
            }
        });
    }
    found
        .into_iter()
        .filter_map(|f| proc.facts.get(f.0))
        .map(|f| FactText {
            name: f.name.name.clone(),
            stage: match f.scope {
                FactScope::Procedure => None,
                FactScope::Stage(st) => Some(
                    proc.target_name(crate::resolve::Target::Stage(st))
                        .to_string(),
                ),
            },
            kind: fact_kind(&f.name.name, f.ty),
        })
        .collect()
}

/// What a rule says, with `e` as its (folded) condition.
fn say(proc: &Procedure, id: StageId, r: &Rule, e: &TExpr) -> Text {
    let said = say_rule(proc, id, r, e);
    match &r.when {
        // "实行自荐直选的，……": the case first, then the rule.
        Some(w) => {
            let f = fold(proc, w, &[]);
            let mut ctx = Ctx::new(proc, Some(id));
            let (zh, en) = (ctx.cond(&f.expr, true).zh, ctx.cond(&f.expr, false).en);
            t(
                format!("{zh}时，{}", said.zh),
                format!("when {en}, {}", said.en),
            )
        }
        None => said,
    }
}

fn say_rule(proc: &Procedure, id: StageId, r: &Rule, e: &TExpr) -> Text {
    let mut ctx = Ctx::new(proc, Some(id));
    match &r.kind {
        RuleKind::Quorum | RuleKind::Require => ctx.cond(e, true),
        RuleKind::Elect {
            positions,
            candidate,
        } => {
            ctx.bind(*candidate, Coll::Candidates, "c");
            let (zh, en) = (ctx.cond(e, true).zh, ctx.cond(e, false).en);
            let names: Vec<String> = positions
                .iter()
                .filter_map(|(p, _)| proc.positions.get(p.0))
                .map(|p| format!("“{}”", p.name.name))
                .collect();
            let (for_zh, for_en) = if names.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("（适用于{}）", names.join("、")),
                    format!(" (for {})", names.join(", ")),
                )
            };
            t(
                format!("候选人{zh}才能当选{for_zh}"),
                format!("a candidate is elected only if {en}{for_en}"),
            )
        }
    }
}

/// Who may stand in the stage's vote (`候选人取自 S …`), as the first rule.
fn candidates_from(proc: &Procedure, s: &crate::resolve::Stage) -> Option<RuleText> {
    let c = s.candidates_from.as_ref()?;
    let src = proc
        .stages
        .get(c.stage.0)
        .map_or("", |st| st.name.name.as_str());
    let (zh_who, en_who) = if c.unelected {
        (
            format!("“{src}”中未当选的人"),
            format!("those not elected in “{src}”"),
        )
    } else {
        (
            format!("“{src}”的候选人"),
            format!("the candidates of “{src}”"),
        )
    };
    let (zh_order, en_order) = if c.by_votes {
        (
            "，按第一次投票得票多少依次确定，不得跳过得票较多者",
            ", taken in order of their first-round votes, none with more votes left out",
        )
    } else {
        ("", "")
    };
    Some(RuleText {
        kind: "candidates",
        text: t(
            format!("本阶段的候选人只能是{zh_who}{zh_order}"),
            format!("the candidates of this vote can only be {en_who}{en_order}"),
        ),
        examples: Vec::new(),
        notes: Vec::new(),
        basis: basis(proc, &c.cite),
    })
}

/// What rule `r` of stage `id` requires, in words (the checker's coverage
/// items).
pub(crate) fn rule_words(proc: &Procedure, id: StageId, r: &Rule) -> Text {
    let folded = fold(proc, &r.expr, &[]);
    tidy(say(proc, id, r, &folded.expr))
}

fn rule(proc: &Procedure, id: StageId, r: &Rule) -> RuleText {
    let folded = fold(proc, &r.expr, &[]);
    let text = say(proc, id, r, &folded.expr);
    let mut notes = Vec::new();
    if let RuleKind::Elect { .. } = r.kind {
        notes.push(t(
            "符合条件的候选人多于应选名额时，按得票多少依次当选，直至名额选满；最后一个名额票数相等的为平票，当选人少于应选名额的为缺额",
            "If more candidates qualify than there are seats, they are elected in order of votes until the seats are filled; equal votes for the last seat are a tie, and seats left unfilled are a shortfall",
        ));
    }
    let mut seen = Vec::new();
    walk(&folded.expr, &mut |x| {
        if let TExprKind::Compare(c, a, b) = &x.kind {
            let small = matches!(&b.kind, TExprKind::Number(n) if *n <= num_rational::BigRational::from_integer(1.into()));
            if a.ty != Type::Date && !small && !seen.contains(c) {
                seen.push(*c);
            }
        }
    });
    seen.sort_by_key(|c| match c {
        Comparison::Majority => 0,
        Comparison::Gt => 1,
        Comparison::Ge => 2,
        Comparison::Lt => 3,
        Comparison::Le => 4,
        _ => 5,
    });
    notes.extend(seen.into_iter().filter_map(meaning));
    notes.extend(readings(proc, id, r, &folded.used));
    notes.extend(super::caveat::of(proc, &r.cite));
    if let Some(set) = &r.applied {
        notes.push(t(
            format!("本条沿用自规则组 `{set}`"),
            format!("applied from the rule set `{set}`"),
        ));
    }
    let mut ctx = Ctx::new(proc, Some(id));
    if let RuleKind::Elect { candidate, .. } = r.kind {
        ctx.bind(candidate, Coll::Candidates, "c");
    }
    RuleText {
        kind: match r.kind {
            RuleKind::Quorum => "quorum",
            RuleKind::Require => "require",
            RuleKind::Elect { .. } => "elect",
        },
        text: tidy(text),
        examples: if constant(&folded.expr).is_some() {
            Vec::new()
        } else {
            examples(&mut ctx, &folded.expr)
        },
        notes: notes.into_iter().map(tidy).collect(),
        basis: basis(proc, &r.cite),
    }
}

/// The yes/no parameters a rule was read with, and (for one) the other
/// reading.
fn readings(
    proc: &Procedure,
    id: StageId,
    r: &Rule,
    used: &[crate::resolve::ParamId],
) -> Option<Text> {
    let value_of = |p: &crate::resolve::ParamId| match proc.params.get(p.0)?.value {
        Some(Value::Bool(b)) => Some(b),
        _ => None,
    };
    let names: Vec<(String, bool)> = used
        .iter()
        .filter_map(|p| Some((proc.params.get(p.0)?.name.name.clone(), value_of(p)?)))
        .collect();
    let yes_no = |b: bool| if b { ("是", "yes") } else { ("否", "no") };
    let list_zh: Vec<String> = names
        .iter()
        .map(|(n, b)| format!("“{n}”为“{}”", yes_no(*b).0))
        .collect();
    let list_en: Vec<String> = names
        .iter()
        .map(|(n, b)| format!("“{n}” is {}", yes_no(*b).1))
        .collect();
    if names.is_empty() {
        return None;
    }
    let set = used
        .iter()
        .any(|p| proc.params.get(p.0).is_some_and(|p| p.set));
    let contested = used
        .iter()
        .any(|p| proc.params.get(p.0).is_some_and(|p| !p.readings.is_empty()));
    let head = if contested && !set {
        t(
            format!(
                "本条所用参数的读法有争议（见“有争议的读法”），这里按默认读法理解：{}；检查记录时每种读法都判断",
                list_zh.join("，")
            ),
            format!(
                "The reading of this rule's parameters is contested (see “Contested readings”); this reads it with the defaults: {}; the checker judges every reading",
                list_en.join(", ")
            ),
        )
    } else if set {
        t(
            format!("本条按参数的设定值理解：{}", list_zh.join("，")),
            format!(
                "This reads the rule with the parameters as set: {}",
                list_en.join(", ")
            ),
        )
    } else {
        t(
            format!("本条按参数的默认值理解：{}", list_zh.join("，")),
            format!(
                "This reads the rule with the parameters at their defaults: {}",
                list_en.join(", ")
            ),
        )
    };
    let [p] = used else {
        return Some(head);
    };
    let flipped = !value_of(p)?;
    let other = fold(
        proc,
        &r.expr,
        &[Setting {
            param: *p,
            value: flipped,
        }],
    );
    let alt = say(proc, id, r, &other.expr);
    let (zh, en) = yes_no(flipped);
    Some(t(
        format!("{}；若该参数取“{zh}”，则为：{}", head.zh, alt.zh),
        format!("{}; set to {en}, it says: {}", head.en, alt.en),
    ))
}
