//! The fill-in workbook of a procedure (`huanjie template --format xlsx`,
//! written with rust_xlsxwriter): a `说明` sheet, then one sheet per part of
//! the record in the layout of docs/records.md, each headed in Chinese with
//! the English key in the header cell's note, every data cell blank (blank
//! is not zero), and data validation where a value has a shape: dates,
//! counts (whole numbers ≥ 0), yes/no, genders, lists, and the names of
//! the procedure's stages and positions and of the communities listed in
//! `社区一览`. The workbook reads back as it is (every community blank)
//! and once filled in.

use super::layout::{Role, SHEETS};
use crate::record::keys::{self, KeyDef};
use crate::record::template::{electing, seats, spans_days, uses};
use crate::resolve::{Coll, FactScope, Procedure, Type};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, FormatBorder, Formula, Note,
    Workbook, Worksheet, XlsxError,
};

/// The rows the validations cover (a district's communities and their
/// candidates fit well within).
const ROWS: u32 = 2000;

/// What a column takes, for its validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Text,
    Count,
    Date,
    YesNo,
    Gender,
    List,
    Community,
    Stage,
    Position,
    Procedure,
}

/// A column: header, English key, what it means, its shape.
struct Col {
    header: String,
    key: String,
    about: String,
    shape: Shape,
}

fn col(header: &str, key: &str, about: &str, shape: Shape) -> Col {
    Col {
        header: header.to_string(),
        key: key.to_string(),
        about: about.to_string(),
        shape,
    }
}

fn fixed(def: &KeyDef, about: &str, shape: Shape) -> Col {
    col(def.zh(), def.en, about, shape)
}

fn community() -> Col {
    col(
        "社区",
        "community",
        "本行所属的社区，须与「社区一览」中的名称一致",
        Shape::Community,
    )
}

fn shape_of(ty: Type) -> Shape {
    match ty {
        Type::Count | Type::Days => Shape::Count,
        Type::Date => Shape::Date,
        Type::Bool => Shape::YesNo,
        _ => Shape::Text,
    }
}

fn sheet_name(role: Role) -> &'static str {
    SHEETS
        .iter()
        .find(|(r, _, _)| *r == role)
        .and_then(|(_, zh, _)| zh.first().copied())
        .unwrap_or("")
}

/// The columns of each sheet for `proc`.
fn sheets(proc: &Procedure) -> Vec<(Role, Vec<Col>)> {
    let mut out = vec![(
        Role::Communities,
        vec![
            col(
                "社区",
                "unit",
                "选举单位（社区）名称，每行一个社区",
                Shape::Text,
            ),
            fixed(&keys::ROOT[11], "所属街道（乡镇）", Shape::Text),
            fixed(
                &keys::ROOT[0],
                "按哪一个程序选举；从下拉列表中选择",
                Shape::Procedure,
            ),
        ],
    )];
    let days = proc.stages.iter().any(spans_days);
    let mut stage_cols = vec![
        community(),
        col(
            "阶段",
            "stage",
            "阶段名称，与程序一致；没有进行的阶段不填",
            Shape::Stage,
        ),
        fixed(&keys::STAGE[0], "一天内完成的阶段的日期", Shape::Date),
    ];
    if days {
        stage_cols.push(fixed(&keys::STAGE[1], "跨多天的阶段的第一天", Shape::Date));
        stage_cols.push(fixed(
            &keys::STAGE[2],
            "跨多天的阶段的最后一天",
            Shape::Date,
        ));
    }
    stage_cols.push(fixed(
        &keys::STAGE[3],
        "时刻，如 14:30；仅在同一天有多个阶段时用于排序",
        Shape::Text,
    ));
    out.push((Role::Stages, stage_cols));
    let mut facts = vec![community()];
    for f in proc
        .facts
        .iter()
        .filter(|f| f.scope == FactScope::Procedure)
    {
        let t = f.ty.describe();
        facts.push(col(
            &f.name.name,
            &f.name.name,
            &format!("{}（{}）", t.zh, t.en),
            shape_of(f.ty),
        ));
    }
    for stage in &proc.stages {
        for f in stage.facts.iter().filter_map(|id| proc.facts.get(id.0)) {
            let name = format!("{}.{}", stage.name.name, f.name.name);
            let t = f.ty.describe();
            let about = format!("阶段「{}」的事实：{}（{}）", stage.name.name, t.zh, t.en);
            facts.push(col(&name, &name, &about, shape_of(f.ty)));
        }
    }
    out.push((Role::Facts, facts));
    if !proc.params.is_empty() {
        let mut params = vec![community()];
        for p in &proc.params {
            let default = p
                .value
                .as_ref()
                .map_or_else(|| "无".to_string(), crate::record::template::toml_value);
            let about = format!("仅当本地规定与默认值不同时填写；默认 {default}");
            params.push(col(&p.name.name, &p.name.name, &about, shape_of(p.ty)));
        }
        out.push((Role::Params, params));
    }
    let seat_note: Vec<String> = proc
        .positions
        .iter()
        .map(|p| {
            let (n, comment) = seats(proc, &p.seats);
            match n {
                Some(n) => format!("{} {n} 名", p.name.name),
                None => format!("{}：{}", p.name.name, comment.unwrap_or_default()),
            }
        })
        .collect();
    out.push((
        Role::Positions,
        vec![
            community(),
            fixed(&keys::POSITION[0], "职务名称，与程序一致", Shape::Position),
            fixed(
                &keys::POSITION[1],
                &format!("应选名额。{}", seat_note.join("；")),
                Shape::Count,
            ),
        ],
    ));
    let c = &keys::CANDIDATE;
    out.push((
        Role::Candidates,
        vec![
            community(),
            fixed(&c[0], "姓名", Shape::Text),
            fixed(&c[1], "所竞选的职务", Shape::Position),
            fixed(&c[2], "男 / 女", Shape::Gender),
            fixed(&c[3], "出生日期", Shape::Date),
            fixed(&c[4], "初步 / 正式", Shape::List),
            fixed(&c[5], "提名时的得票", Shape::Count),
            fixed(&c[6], "属于不得确定为候选人的情形：是 / 否", Shape::YesNo),
            fixed(&c[7], "上届成员：是 / 否", Shape::YesNo),
            fixed(&c[8], "已退出：是 / 否", Shape::YesNo),
            fixed(&c[9], "退出日期", Shape::Date),
            fixed(&c[10], "例外情形经上级批准：是 / 否", Shape::YesNo),
        ],
    ));
    let t = &keys::TALLY;
    if proc.stages.iter().any(electing) {
        out.push((
            Role::Tally,
            vec![
                community(),
                col("阶段", "stage", "投票的阶段", Shape::Stage),
                fixed(&t[0], "职务", Shape::Position),
                fixed(&t[1], "候选人姓名（另选他人时写其姓名）", Shape::Text),
                fixed(&t[2], "得票数", Shape::Count),
                fixed(&t[3], "轮次：同一阶段投票多轮时填 2、3 …", Shape::Count),
                fixed(&t[4], "另选他人：是 / 否", Shape::YesNo),
            ],
        ));
    }
    let e = &keys::ELECTED;
    out.push((
        Role::Elected,
        vec![
            community(),
            fixed(&e[0], "职务", Shape::Position),
            fixed(&e[1], "姓名", Shape::Text),
            fixed(&e[2], "男 / 女", Shape::Gender),
            fixed(
                &e[3],
                "选出此人的阶段（默认为计票中列有此人的最后一个选举阶段）",
                Shape::Stage,
            ),
        ],
    ));
    out.push((
        Role::Proxies,
        vec![
            community(),
            fixed(&keys::PROXY[0], "受托人姓名", Shape::Text),
            fixed(&keys::PROXY[1], "委托人姓名", Shape::Text),
        ],
    ));
    if uses(proc, Coll::Voters) {
        let v = &keys::VOTER;
        out.push((
            Role::Voters,
            vec![
                community(),
                fixed(&v[0], "姓名", Shape::Text),
                fixed(&v[1], "出生日期", Shape::Date),
            ],
        ));
    }
    if uses(proc, Coll::Excluded) {
        let x = &keys::EXCLUDED;
        out.push((
            Role::Excluded,
            vec![
                community(),
                fixed(&x[0], "姓名", Shape::Text),
                fixed(&x[1], "原因", Shape::Text),
                fixed(&x[2], "经批准：是 / 否", Shape::YesNo),
            ],
        ));
    }
    out
}

const INSTRUCTIONS: &[&str] = &[
    "填写说明（huanjie template 生成）",
    "",
    "1. 「社区一览」每行一个社区：社区名称、所属街道、程序。一个工作簿可以填写一个街道的全部社区。",
    "2. 其他工作表每行第一列「社区」写明本行属于哪个社区（只有一个社区时可以不填）。",
    "3. 「阶段与日期」每个进行了的阶段一行；没有进行的可选阶段或条件阶段不填。",
    "4. 「事实」每个社区一行，每列一项数据；「阶段.事实」列是该阶段的数据。",
    "5. 空白不是 0：没有填写的单元格按“未填写”处理，检查时报告为缺少数据，不会当作 0 或“否”。",
    "6. 日期可以写作 2021-01-28、2021/1/28 或 2021年1月28日，或用日期格式的单元格；时刻写作 14:30。",
    "7. 人数、票数写整数（可以有千位分隔符，如 3,186）；是否写“是”或“否”。",
    "8. 不要合并单元格，不要隐藏工作表；公式使用保存时的计算结果。",
    "9. 每个表头的批注中有对应的英文键名，见 docs/records.md。",
    "",
    "检查：huanjie check 程序文件.hj 本工作簿.xlsx",
];

/// The fill-in workbook of `proc`, as the bytes of an `.xlsx` file.
pub fn workbook(proc: &Procedure) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0x00DD_EBF7)
        .set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let about = book.add_worksheet();
    about.set_name("说明")?;
    about.set_column_width(0, 110)?;
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        about.write_string(u32::try_from(i).unwrap_or(0), 0, *line)?;
    }
    let stages: Vec<&str> = proc.stages.iter().map(|s| s.name.name.as_str()).collect();
    let positions: Vec<&str> = proc
        .positions
        .iter()
        .map(|p| p.name.name.as_str())
        .collect();
    for (role, cols) in sheets(proc) {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(role))?;
        sheet.set_freeze_panes(1, 0)?;
        for (i, c) in cols.iter().enumerate() {
            let n = u16::try_from(i).unwrap_or(0);
            sheet.write_string_with_format(0, n, &c.header, &header)?;
            let width = c.header.chars().count() as f64 * 2.2 + 4.0;
            sheet.set_column_width(n, width.max(12.0))?;
            let note = Note::new(format!("{}\n{}", c.key, c.about)).add_author_prefix(false);
            sheet.insert_note(0, n, &note)?;
            if c.shape == Shape::Date {
                sheet.set_column_format(n, &date)?;
            }
            validate(sheet, n, c, proc, &stages, &positions)?;
        }
    }
    book.save_to_buffer()
}

fn validate(
    sheet: &mut Worksheet,
    col: u16,
    c: &Col,
    proc: &Procedure,
    stages: &[&str],
    positions: &[&str],
) -> Result<(), XlsxError> {
    let list = |items: &[&str]| DataValidation::new().allow_list_strings(items);
    let v = match c.shape {
        Shape::Text => return Ok(()),
        Shape::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_message("请填写不小于 0 的整数（人数、票数）")?,
        Shape::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1900, 1, 1)?,
                ExcelDateTime::from_ymd(9999, 12, 31)?,
            ))
            .set_error_message("请填写日期，如 2021-01-28")?,
        Shape::YesNo => list(&["是", "否"])?,
        Shape::Gender => list(&["男", "女"])?,
        Shape::List => list(&["初步", "正式"])?,
        Shape::Stage if !stages.is_empty() && stages.join(",").chars().count() < 250 => {
            list(stages)?
        }
        Shape::Position if !positions.is_empty() => list(positions)?,
        Shape::Procedure => list(&[proc.name.name.as_str()])?,
        Shape::Community => DataValidation::new()
            .allow_list_formula(Formula::new("=社区一览!$A$2:$A$2000"))
            .set_error_message("请填写「社区一览」中列出的社区")?,
        Shape::Stage | Shape::Position => return Ok(()),
    };
    sheet.add_data_validation(1, col, ROWS, col, &v)?;
    Ok(())
}
