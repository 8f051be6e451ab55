//! The blank record a procedure expects (`huanjie template`): every
//! procedure fact, every parameter (commented out, with its default and
//! basis), one `[stages.NAME]` table per stage in procedure order with what
//! the stage is and the rules it answers to, the positions with their
//! seats, and commented examples of candidates, proxies and winners.
//!
//! Comments are in Chinese, for the inspectors who fill it in, with the
//! English key names. Lines starting with `#` directly followed by a key or
//! a `[[table]]` are items to fill in: remove the `#` and replace the
//! placeholders (`YYYY-MM-DD`, `"HH:MM"`, the blank `""`). The template
//! loads as it is, and again once its placeholders are filled in.
//!
//! Blank is not zero: the template never writes a value the inspector did
//! not write. Every fact is a live line with the blank `""` (counts, dates,
//! booleans, names alike), which the loader reads as "not filled in",
//! exactly like an absent key; a record that keeps a blank gets a `data`
//! finding naming it, never a verdict computed from a made-up 0 or false.
//! Seats are blank too where the procedure allows a range (an exact number
//! is the procedure's own).
//!
//! JSON has no comments: the JSON template has the same structure with
//! `null` placeholders (`null` reads as "not given").

use super::Format;
use crate::resolve::{
    Amount, BasisRef, Cite, Coll, FactScope, Procedure, RuleKind, Seats, Stage, TExpr, TExprKind,
    TimingKind, Type, Value,
};
use crate::span::SourceMap;
use std::fmt::Write as _;

/// The template of `proc` in `format`; `map` holds the procedure's source
/// (conditions and comments are quoted from it).
pub fn template(proc: &Procedure, map: &SourceMap, format: Format) -> String {
    match format {
        Format::Toml => toml(proc, map),
        Format::Json => super::template_json::json(proc),
    }
}

/// The column comments start at.
const COMMENT_COLUMN: usize = 30;

/// Display width: CJK and other non-ASCII characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// `code` and, aligned after it, `# comment`.
fn line(out: &mut String, code: &str, comment: &str) {
    out.push_str(code);
    if !comment.is_empty() {
        let pad = COMMENT_COLUMN.saturating_sub(width(code)).max(1);
        out.push_str(&" ".repeat(pad));
        out.push_str("# ");
        out.push_str(comment);
    }
    out.push('\n');
}

/// A key as TOML writes it: bare when it is a word (Unicode words are our
/// extension of TOML), quoted otherwise.
pub(crate) fn toml_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '_' || c == '-' || unicode_ident::is_xid_continue(c)
        });
    if bare {
        name.to_string()
    } else {
        toml_str(name)
    }
}

/// A TOML basic string.
pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A type in both languages: `计数 (count)`.
fn type_words(ty: Type) -> String {
    let t = ty.describe();
    format!("{} ({})", t.zh, t.en)
}

/// A constant as a TOML value.
pub(crate) fn toml_value(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Days(n) => n.to_string(),
        Value::Ratio(r) | Value::Number(r) => format!("\"{}/{}\"", r.numer(), r.denom()),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => toml_str(t),
    }
}

/// The name of a cited basis.
fn basis_name(proc: &Procedure, b: BasisRef) -> &str {
    match b {
        BasisRef::Procedure(id) => proc.bases.get(id.0).map(|b| b.name.name.as_str()),
        BasisRef::Plan(_) => None,
    }
    .unwrap_or("依据")
}

/// `方案「…」`.
fn cite_text(proc: &Procedure, c: &Cite) -> String {
    format!("{}「{}」", basis_name(proc, c.basis), c.clause)
}

/// The distinct `per` texts of a stage's timing and rules, in order.
fn stage_cites(proc: &Procedure, stage: &Stage) -> Vec<String> {
    let cites = stage.timing.iter().filter_map(|t| t.cite.as_ref());
    let cites = cites.chain(stage.rules.iter().filter_map(|r| r.cite.as_ref()));
    let mut out: Vec<String> = Vec::new();
    for c in cites {
        let text = cite_text(proc, c);
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The `//` comment at the end of the source line of a span, if any.
fn source_comment(map: &SourceMap, span: crate::span::Span) -> Option<String> {
    let (_, end) = span.range()?;
    let text = &map.get(span.file()?)?.text;
    let rest = text.get(end..)?;
    let line = rest.split('\n').next()?;
    let comment = line.split_once("//")?.1.trim();
    (!comment.is_empty()).then(|| comment.to_string())
}

/// The source text of a span, on one line.
fn source_text(map: &SourceMap, span: crate::span::Span) -> Option<String> {
    let file = map.get(span.file()?)?;
    let text = file
        .slice(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// The seats of a position: the number when the procedure fixes it, else
/// (`None`: blank) a comment giving the range the procedure allows.
pub(crate) fn seats(proc: &Procedure, seats: &Seats) -> (Option<u64>, Option<String>) {
    let amount = |a: &Amount| match a {
        Amount::Literal { value, .. } => Some(*value),
        Amount::Param { param, .. } => {
            match proc.params.get(param.0).and_then(|p| p.value.as_ref()) {
                Some(Value::Count(n)) => u64::try_from(n).ok(),
                _ => None,
            }
        }
        Amount::Invalid { .. } => None,
    };
    match seats {
        Seats::Exact(a) => match amount(a) {
            Some(n) => (Some(n), None),
            None => (None, Some("名额：填写本次选举的应选人数".to_string())),
        },
        Seats::Range(lo, hi) => {
            let (lo, hi) = (amount(lo).unwrap_or(1), amount(hi));
            let range = hi.map_or_else(|| format!("至少 {lo}"), |hi| format!("{lo} 至 {hi}"));
            (None, Some(format!("名额 {range}：填写本次选举的应选人数")))
        }
    }
}

/// Whether any rule of the procedure ranges over `coll`.
pub(crate) fn uses(proc: &Procedure, coll: Coll) -> bool {
    let mut stack: Vec<&TExpr> = proc
        .stages
        .iter()
        .flat_map(|s| s.rules.iter().flat_map(crate::resolve::Rule::exprs))
        .collect();
    while let Some(e) = stack.pop() {
        match &e.kind {
            TExprKind::Count { coll: c, .. } if *c == coll => return true,
            TExprKind::Quant { var, .. } if var.coll == Some(coll) => return true,
            _ => stack.extend(e.children()),
        }
    }
    false
}

/// Whether a stage may last several days (it has a `lasts` rule).
pub(crate) fn spans_days(stage: &Stage) -> bool {
    stage
        .timing
        .iter()
        .any(|t| matches!(t.kind, TimingKind::Lasts { .. }))
}

/// The stages with an `elect` rule.
pub(crate) fn electing(stage: &Stage) -> bool {
    stage
        .rules
        .iter()
        .any(|r| matches!(r.kind, RuleKind::Elect { .. }))
}

/// The comment of a `position` to fill in: `职务 (position)：主任 / 副主任`.
fn position_comment(proc: &Procedure) -> String {
    let names: Vec<&str> = proc
        .positions
        .iter()
        .map(|p| p.name.name.as_str())
        .collect();
    if names.is_empty() {
        "职务 (position)".to_string()
    } else {
        format!("职务 (position)：{}", names.join(" / "))
    }
}

fn toml(proc: &Procedure, map: &SourceMap) -> String {
    let mut out = String::new();
    let name = &proc.name.name;
    let title = proc.title.as_deref().unwrap_or(name);
    let _ = writeln!(out, "# {title}（{name}）的选举记录");
    let _ = writeln!(
        out,
        "# Record of an election under the procedure `{name}` (made by `huanjie template`)."
    );
    out.push_str(concat!(
        "#\n",
        "# 填写方法：\n",
        "# - 以 \"# \" 开头的行是说明；以 \"#\" 紧接键名的行（如 \"#date = YYYY-MM-DD\"）是待填写的项：\n",
        "#   去掉行首的 #，把 YYYY-MM-DD、\"HH:MM\"、\"\" 等换成实际内容。\n",
        "# - 写作 \"\" 的值是空白，表示尚未填写：把 \"\" 整个换成实际的值（如 登记选民 = 2544）。\n",
        "#   空白不是 0：留空的值按未填写处理，检查时报告为缺少数据，不会当作 0 或 false。\n",
        "# - 日期写作 2021-01-28；文本用英文双引号括起来；人数、票数写整数；比例写作 \"1/3\" 或 \"20%\"。\n",
        "# - 一天内完成的阶段填 date；跨多天的阶段改填 start 和 end；time（如 \"14:30\"）只在同一天\n",
        "#   有多个阶段时用于排序。没有进行的可选阶段或条件阶段，整段删去即可。\n",
        "# - 每个键都可以写英文或中文（date 或 日期），见 docs/records.md。\n",
        "\n",
    ));
    line(
        &mut out,
        &format!("procedure = {}", toml_str(name)),
        "程序 (procedure)：不要修改",
    );
    line(
        &mut out,
        "unit = \"\"",
        "选举单位 (unit)，例如 \"新河街道 某社区\"",
    );

    let proc_facts: Vec<_> = proc
        .facts
        .iter()
        .filter(|f| f.scope == FactScope::Procedure)
        .collect();
    if !proc_facts.is_empty() {
        out.push_str("\n# ── 事实 (facts)：整个选举的数据 ──\n[facts]\n");
        for f in proc_facts {
            fact_line(&mut out, map, &f.name.name, f.ty, f.span);
        }
    }

    if !proc.params.is_empty() {
        out.push_str(
            "\n# ── 参数 (params)：仅当本地规定与默认值不同时，去掉 # 填写 ──\n#[params]\n",
        );
        for p in &proc.params {
            let default = p.value.as_ref().map_or_else(|| "?".to_string(), toml_value);
            let mut comment = format!("{}；默认 {default}", type_words(p.ty));
            if let Some(c) = &p.cite {
                let _ = write!(comment, "；依据 {}", cite_text(proc, c));
            }
            if !p.readings.is_empty() {
                // A contested parameter: the record may say which reading
                // its election followed, by the reading's name.
                let names: Vec<String> = p
                    .readings
                    .iter()
                    .map(|r| format!("\"{}\"", r.label.name))
                    .collect();
                let _ = write!(
                    comment,
                    "；读法有争议，可写读法名称 {}（不写则每种读法都检查）",
                    names.join(" 或 ")
                );
            }
            line(
                &mut out,
                &format!("#{} = {default}", toml_key(&p.name.name)),
                &comment,
            );
        }
    }

    let mut phase = None;
    for stage in &proc.stages {
        if stage.phase != phase {
            phase = stage.phase;
            if let Some(ph) = phase.and_then(|id| proc.phases.get(id.0)) {
                let title = ph
                    .title
                    .as_ref()
                    .map(|t| format!("「{t}」"))
                    .unwrap_or_default();
                let _ = write!(out, "\n# ══ 环节 {}{title} ══\n", ph.name.name);
            }
        }
        stage_block(&mut out, proc, map, stage);
    }

    positions(&mut out, proc);
    examples(&mut out, proc);
    out
}

/// `名 = ""  # 计数 (count) — comment`: blank, whatever the type.
fn fact_line(out: &mut String, map: &SourceMap, name: &str, ty: Type, span: crate::span::Span) {
    let mut comment = type_words(ty);
    if let Some(c) = source_comment(map, span) {
        let _ = write!(comment, " — {c}");
    }
    line(out, &format!("{} = \"\"", toml_key(name)), &comment);
}

fn stage_block(out: &mut String, proc: &Procedure, map: &SourceMap, stage: &Stage) {
    let name = &stage.name.name;
    let mut about = format!("\n# 阶段 {name}");
    if let Some(t) = &stage.title {
        let _ = write!(about, "「{t}」");
    }
    if let Some(ph) = stage.phase.and_then(|id| proc.phases.get(id.0)) {
        let _ = write!(about, " · 环节 {}", ph.name.name);
    }
    let cond = stage
        .when
        .as_ref()
        .map(|w| source_text(map, w.span).unwrap_or_else(|| proc.show_expr(w).to_string()));
    if let (Some(_), Some(cond)) = (stage.optional, &cond) {
        let _ = write!(
            about,
            " · 可选：仅当 {cond} 时可以进行；没有进行就删去这一段"
        );
    } else if stage.optional.is_some() {
        about.push_str(" · 可选：没有进行就删去这一段");
    } else if let Some(cond) = &cond {
        let _ = write!(about, " · 条件阶段：当 {cond} 时必经，否则删去这一段");
    } else {
        about.push_str(" · 必经");
    }
    out.push_str(&about);
    out.push('\n');
    let cites = stage_cites(proc, stage);
    if !cites.is_empty() {
        out.push_str("# 依据：\n");
        for c in cites {
            let _ = writeln!(out, "#   {c}");
        }
    }
    let _ = writeln!(out, "[stages.{}]", toml_key(name));
    if spans_days(stage) {
        line(out, "#start = YYYY-MM-DD", "开始 (start)：第一天");
        line(out, "#end = YYYY-MM-DD", "结束 (end)：最后一天");
    } else {
        line(out, "#date = YYYY-MM-DD", "日期 (date)");
    }
    let facts: Vec<_> = stage
        .facts
        .iter()
        .filter_map(|id| proc.facts.get(id.0))
        .collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "[stages.{}.facts]", toml_key(name));
        for f in facts {
            fact_line(out, map, &f.name.name, f.ty, f.span);
        }
    }
    if electing(stage) {
        out.push_str("# 计票 (tally)：每名候选人一段；同一阶段投票多轮时加 round = 2 等\n");
        let _ = writeln!(out, "#[[stages.{}.tally]]", toml_key(name));
        line(out, "#position = \"\"", &position_comment(proc));
        line(out, "#candidate = \"\"", "候选人 (candidate)：姓名");
        line(out, "#votes = \"\"", "得票 (votes)");
    }
}

fn positions(out: &mut String, proc: &Procedure) {
    if proc.positions.is_empty() {
        return;
    }
    out.push_str("\n# ── 职务 (positions)：本次选举的各职务及应选名额 ──\n");
    for p in &proc.positions {
        out.push_str("[[positions]]\n");
        line(
            out,
            &format!("id = {}", toml_str(&p.name.name)),
            p.title.as_deref().unwrap_or("职务 (id)"),
        );
        let (n, comment) = seats(proc, &p.seats);
        let value = n.map_or_else(|| "\"\"".to_string(), |n| n.to_string());
        line(
            out,
            &format!("seats = {value}"),
            comment.as_deref().unwrap_or("名额 (seats)"),
        );
    }
}

fn examples(out: &mut String, proc: &Procedure) {
    let position = position_comment(proc);
    out.push_str("\n# ── 候选人 (candidates)：每人一段，复制后去掉 # 填写 ──\n#[[candidates]]\n");
    let rows: [(&str, &str); 11] = [
        ("#name = \"\"", "姓名 (name)"),
        ("#position = \"\"", &position),
        ("#gender = \"\"", "性别 (gender)：男 / 女"),
        ("#birth_date = YYYY-MM-DD", "出生日期 (birth_date)"),
        ("#list = \"\"", "名单 (list)：初步 / 正式"),
        ("#nomination_votes = \"\"", "提名得票 (nomination_votes)"),
        (
            "#disqualified = \"\"",
            "负面情形 (disqualified)：属于不得确定为候选人的情形时写 true，否则 false",
        ),
        (
            "#incumbent = \"\"",
            "连任 (incumbent)：上届成员 true / false",
        ),
        ("#withdrawn = \"\"", "已退出 (withdrawn)：true / false"),
        ("#withdrawn_on = YYYY-MM-DD", "退出日期 (withdrawn_on)"),
        (
            "#approved = \"\"",
            "经批准 (approved)：例外情形经上级批准 true / false",
        ),
    ];
    for (code, comment) in rows {
        line(out, code, comment);
    }
    out.push_str("\n# ── 委托投票 (proxies)：每一委托一段 ──\n#[[proxies]]\n");
    line(out, "#holder = \"\"", "受托人 (holder)：姓名");
    line(out, "#principal = \"\"", "委托人 (principal)：姓名");
    if uses(proc, Coll::Voters) {
        out.push_str("\n# ── 选民 (voters)：规则要核对选民时填写，每人一段 ──\n#[[voters]]\n");
        line(out, "#name = \"\"", "姓名 (name)");
        line(out, "#birth_date = YYYY-MM-DD", "出生日期 (birth_date)");
    }
    if uses(proc, Coll::Excluded) {
        out.push_str("\n# ── 不计应到 (excluded)：不计入应到人数的人员 ──\n#[[excluded]]\n");
        line(out, "#name = \"\"", "姓名 (name)");
        line(out, "#reason = \"\"", "原因 (reason)");
        line(out, "#approved = \"\"", "经批准 (approved)：true / false");
    }
    out.push_str("\n# ── 当选 (elected)：宣布的当选人，每人一段 ──\n#[[elected]]\n");
    line(out, "#position = \"\"", &position);
    line(out, "#name = \"\"", "姓名 (name)");
    line(out, "#gender = \"\"", "性别 (gender)：男 / 女");
    if let Some(s) = proc.stages.iter().find(|s| electing(s)) {
        let comment = format!(
            "阶段 (stage)：选出此人的阶段，如 {}（默认为计票中列有此人的最后一个选举阶段）",
            toml_str(&s.name.name)
        );
        line(out, "#stage = \"\"", &comment);
    }
}
