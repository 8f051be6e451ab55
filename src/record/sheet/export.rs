//! Records written as one workbook in the layout of docs/records.md: the
//! inverse of reading, for archives kept in TOML that a district wants as
//! a spreadsheet, and for the generator of `examples/district`. Dates are
//! date cells, counts numbers, yes/no `是`/`否`; facts and parameters get
//! one column each (`阶段.事实` for a stage's), in the order first met.

use super::layout::{Role, SHEETS};
use crate::record::{Gender, ListKind, Record, Spanned, Value};
use chrono::Datelike;
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// One cell to write.
enum Out {
    Blank,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

fn text(s: &Spanned<String>) -> Out {
    Out::Text(s.value.clone())
}

fn opt<T>(v: &Option<Spanned<T>>, f: impl Fn(&T) -> Out) -> Out {
    v.as_ref().map_or(Out::Blank, |s| f(&s.value))
}

fn count(n: &u64) -> Out {
    // Counts in records are far below 2^53: the conversion is exact.
    Out::Number(*n as f64)
}

fn yes_no(b: &bool) -> Out {
    Out::Text(if *b { "是" } else { "否" }.to_string())
}

fn value(v: &Value) -> Out {
    match v {
        Value::Integer(n) => Out::Number(*n as f64),
        Value::Ratio(r) => Out::Text(format!("{}/{}", r.numer(), r.denom())),
        Value::Bool(b) => yes_no(b),
        Value::Text(t) => Out::Text(t.clone()),
        Value::Date(d) => Out::Date(*d),
        Value::Blank => Out::Blank,
    }
}

struct Writer<'w> {
    sheet: &'w mut Worksheet,
    row: u32,
    date: &'w Format,
}

impl Writer<'_> {
    fn row(&mut self, cells: Vec<Out>) -> Result<(), XlsxError> {
        for (i, cell) in cells.into_iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            match cell {
                Out::Blank => {}
                Out::Text(s) => {
                    self.sheet.write_string(self.row, col, s)?;
                }
                Out::Number(n) => {
                    self.sheet.write_number(self.row, col, n)?;
                }
                Out::Date(d) => {
                    let (m, day) = (u8::try_from(d.month()), u8::try_from(d.day()));
                    let y = u16::try_from(d.year());
                    if let (Ok(y), Ok(m), Ok(day)) = (y, m, day) {
                        let dt = ExcelDateTime::from_ymd(y, m, day)?;
                        self.sheet
                            .write_datetime_with_format(self.row, col, &dt, self.date)?;
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }
}

fn sheet_name(role: Role) -> &'static str {
    SHEETS
        .iter()
        .find(|(r, _, _)| *r == role)
        .and_then(|(_, zh, _)| zh.first().copied())
        .unwrap_or("")
}

/// The names of the facts (`阶段.事实` for a stage's) and of the
/// parameters of `records`, in the order first met.
fn columns(records: &[Record]) -> (Vec<String>, Vec<String>) {
    let mut facts: Vec<String> = Vec::new();
    let mut params: Vec<String> = Vec::new();
    let add = |list: &mut Vec<String>, name: String| {
        if !list.contains(&name) {
            list.push(name);
        }
    };
    for r in records {
        for f in &r.facts {
            add(&mut facts, f.name.value.clone());
        }
        for s in &r.stages {
            for f in &s.facts {
                add(&mut facts, format!("{}.{}", s.name.value, f.name.value));
            }
        }
        for p in &r.params {
            add(&mut params, p.name.value.clone());
        }
    }
    (facts, params)
}

/// The fact or parameter `name` of `r` (`阶段.事实` for a stage's).
fn fact_of(r: &Record, name: &str) -> Out {
    let entry = match name.split_once('.') {
        Some((stage, fact)) => r
            .stages
            .iter()
            .filter(|s| s.name.value == stage)
            .flat_map(|s| s.facts.iter())
            .find(|f| f.name.value == fact),
        None => r
            .facts
            .iter()
            .chain(&r.params)
            .find(|f| f.name.value == name),
    };
    entry.map_or(Out::Blank, |e| value(&e.value.value))
}

fn header(w: &mut Writer<'_>, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, n) in names.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        w.sheet.write_string_with_format(0, col, *n, bold)?;
        w.sheet.set_column_width(col, 14)?;
    }
    w.row = 1;
    Ok(())
}

fn gender(g: &Gender) -> Out {
    Out::Text(if *g == Gender::Male { "男" } else { "女" }.to_string())
}

/// `records` (each with its `unit`, else `社区N`) as the bytes of one
/// `.xlsx` workbook.
pub fn export(records: &[Record]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let (facts, params) = columns(records);
    let unit = |i: usize, r: &Record| {
        r.unit
            .as_ref()
            .map_or_else(|| format!("社区{}", i + 1), |u| u.value.clone())
    };
    let roles = [
        Role::Communities,
        Role::Stages,
        Role::Facts,
        Role::Params,
        Role::Positions,
        Role::Candidates,
        Role::Tally,
        Role::Elected,
        Role::Proxies,
    ];
    for role in roles {
        if role == Role::Params && params.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(role))?;
        let mut w = Writer {
            sheet,
            row: 0,
            date: &date,
        };
        match role {
            Role::Communities => header(&mut w, &["社区", "街道", "程序"], &bold)?,
            Role::Stages => header(
                &mut w,
                &["社区", "阶段", "日期", "开始", "结束", "时间"],
                &bold,
            )?,
            Role::Facts | Role::Params => {
                let names = if role == Role::Facts { &facts } else { &params };
                let mut all = vec!["社区"];
                all.extend(names.iter().map(String::as_str));
                header(&mut w, &all, &bold)?;
            }
            Role::Positions => header(&mut w, &["社区", "职务", "名额"], &bold)?,
            Role::Candidates => header(
                &mut w,
                &[
                    "社区",
                    "姓名",
                    "职务",
                    "性别",
                    "出生日期",
                    "名单",
                    "提名得票",
                    "负面情形",
                    "连任",
                    "已退出",
                    "退出日期",
                    "经批准",
                ],
                &bold,
            )?,
            Role::Tally => header(
                &mut w,
                &["社区", "阶段", "职务", "候选人", "得票", "轮次", "另选他人"],
                &bold,
            )?,
            Role::Elected => header(&mut w, &["社区", "职务", "姓名", "性别", "阶段"], &bold)?,
            _ => header(&mut w, &["社区", "受托人", "委托人"], &bold)?,
        }
        for (i, r) in records.iter().enumerate() {
            let u = || Out::Text(unit(i, r));
            match role {
                Role::Communities => w.row(vec![
                    u(),
                    opt(&r.district, |d| Out::Text(d.clone())),
                    text(&r.procedure),
                ])?,
                Role::Stages => {
                    for s in &r.stages {
                        let time = opt(&s.time, |(h, m)| Out::Text(format!("{h:02}:{m:02}")));
                        let d = |v: &Option<Spanned<NaiveDate>>| opt(v, |d| Out::Date(*d));
                        w.row(vec![
                            u(),
                            text(&s.name),
                            d(&s.date),
                            d(&s.start),
                            d(&s.end),
                            time,
                        ])?;
                    }
                }
                Role::Facts | Role::Params => {
                    let names = if role == Role::Facts { &facts } else { &params };
                    let mut cells = vec![u()];
                    cells.extend(names.iter().map(|n| fact_of(r, n)));
                    w.row(cells)?;
                }
                Role::Positions => {
                    for p in &r.positions {
                        w.row(vec![u(), text(&p.id), opt(&p.seats, count)])?;
                    }
                }
                Role::Candidates => {
                    for c in &r.candidates {
                        let list = opt(&c.list, |l| {
                            Out::Text(
                                if *l == ListKind::Formal {
                                    "正式"
                                } else {
                                    "初步"
                                }
                                .to_string(),
                            )
                        });
                        let d = |v: &Option<Spanned<NaiveDate>>| opt(v, |d| Out::Date(*d));
                        w.row(vec![
                            u(),
                            text(&c.name),
                            text(&c.position),
                            opt(&c.gender, gender),
                            d(&c.birth_date),
                            list,
                            opt(&c.nomination_votes, count),
                            opt(&c.disqualified, yes_no),
                            opt(&c.incumbent, yes_no),
                            opt(&c.withdrawn, yes_no),
                            d(&c.withdrawn_on),
                            opt(&c.approved, yes_no),
                        ])?;
                    }
                }
                Role::Tally => {
                    for s in &r.stages {
                        for t in &s.tally {
                            w.row(vec![
                                u(),
                                text(&s.name),
                                text(&t.position),
                                text(&t.candidate),
                                count(&t.votes.value),
                                opt(&t.round, |n| count(&u64::from(*n))),
                                opt(&t.write_in, yes_no),
                            ])?;
                        }
                    }
                }
                Role::Elected => {
                    for e in &r.elected {
                        w.row(vec![
                            u(),
                            text(&e.position),
                            text(&e.name),
                            opt(&e.gender, gender),
                            opt(&e.stage, |s| Out::Text(s.clone())),
                        ])?;
                    }
                }
                _ => {
                    for p in &r.proxies {
                        w.row(vec![u(), text(&p.holder), text(&p.principal)])?;
                    }
                }
            }
        }
    }
    book.save_to_buffer()
}
