//! Writes `examples/district/district.xlsx`: the 30 communities of three
//! 街道, in the workbook layout of docs/records.md, for an inspection team
//! to check in one command:
//!
//! ```text
//! huanjie check procedures/residents_committee.hj examples/district/district.xlsx
//! ```
//!
//! Every community starts from the conforming record
//! `examples/records/xinhe_conforming.toml`; ten of them get one injected
//! violation each, of a known kind (`VIOLATIONS`), which
//! `examples/district/expected.txt` lists with the code the check must
//! report. Regenerate with `cargo run --example district` (the same cells
//! every time; only the workbook's creation time differs).

use huanjie::record::{load_toml, Record, Spanned, Value};
use huanjie::span::{FileId, Span};

const DISTRICTS: [(&str, [&str; 10]); 3] = [
    (
        "新河街道",
        [
            "新河", "河东", "河西", "柳岸", "桃源", "春晖", "广场", "景园", "滨江", "望月",
        ],
    ),
    (
        "东湖街道",
        [
            "东湖", "湖滨", "荷花", "渔港", "翠竹", "明珠", "松涛", "怡和", "长堤", "晓光",
        ],
    ),
    (
        "南山街道",
        [
            "南山", "枫林", "松岭", "石门", "清泉", "杏坛", "育才", "金桂", "山前", "凤鸣",
        ],
    ),
];

/// `(community index, kind, code the check reports, what is changed)`.
const VIOLATIONS: [(usize, &str, &str, &str); 10] = [
    (
        2,
        "timing",
        "HJ305",
        "选民名单公布 moved to 2021-01-15, under 20 days before the vote",
    ),
    (5, "count", "HJ307", "收回选票 1750 > 发出选票 1745"),
    (
        8,
        "result",
        "HJ308",
        "the loser 王建国 declared elected 主任",
    ),
    (11, "missing-data", "HJ309", "登记选民 left blank"),
    (14, "missing-stage", "HJ301", "stage 候选人介绍 not held"),
    (
        17,
        "timing",
        "HJ305",
        "选民名单公布 moved to 2021-01-15, under 20 days before the vote",
    ),
    (20, "count", "HJ307", "收回选票 1750 > 发出选票 1745"),
    (
        23,
        "result",
        "HJ308",
        "the loser 王建国 declared elected 主任",
    ),
    (26, "missing-data", "HJ309", "登记选民 left blank"),
    (29, "missing-stage", "HJ301", "stage 候选人介绍 not held"),
];

fn text(s: &str) -> Spanned<String> {
    Spanned::new(s.to_string(), Span::Synthetic)
}

fn inject(r: &mut Record, kind: &str) {
    match kind {
        "timing" => {
            if let Some(s) = r.stages.iter_mut().find(|s| s.name.value == "选民名单公布") {
                s.date = chrono::NaiveDate::from_ymd_opt(2021, 1, 15)
                    .map(|d| Spanned::new(d, Span::Synthetic));
            }
        }
        "count" => {
            let vote = r.stages.iter_mut().find(|s| s.name.value == "投票选举");
            for f in vote.into_iter().flat_map(|s| s.facts.iter_mut()) {
                if f.name.value == "收回选票" {
                    f.value.value = Value::Integer(1750);
                }
            }
        }
        "result" => {
            if let Some(e) = r.elected.iter_mut().find(|e| e.position.value == "主任") {
                e.name = text("王建国");
            }
        }
        "missing-data" => {
            if let Some(f) = r.facts.iter_mut().find(|f| f.name.value == "登记选民") {
                f.value.value = Value::Blank;
            }
        }
        _ => r.stages.retain(|s| s.name.value != "候选人介绍"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let base_text = std::fs::read_to_string(root.join("examples/records/xinhe_conforming.toml"))?;
    let base = load_toml(&base_text, FileId(0)).map_err(|d| format!("{d:?}"))?;
    let mut records = Vec::new();
    let mut expected = String::from(
        "# community\tverdict\tcode\tkind — what was injected (examples/district/main.rs)\n",
    );
    for (d, (district, names)) in DISTRICTS.iter().enumerate() {
        for (n, name) in names.iter().enumerate() {
            let i = d * 10 + n;
            let mut r = base.clone();
            let unit = format!("{name}社区");
            r.unit = Some(text(&unit));
            r.district = Some(text(district));
            match VIOLATIONS.iter().find(|v| v.0 == i) {
                Some((_, kind, code, what)) => {
                    inject(&mut r, kind);
                    expected.push_str(&format!("{unit}\tviolations\t{code}\t{kind} — {what}\n"));
                }
                None => expected.push_str(&format!("{unit}\tconforming\t-\t-\n")),
            }
            records.push(r);
        }
    }
    let bytes = huanjie::record::sheet::export(&records)?;
    std::fs::write(root.join("examples/district/district.xlsx"), bytes)?;
    std::fs::write(root.join("examples/district/expected.txt"), expected)?;
    println!("wrote examples/district/district.xlsx and expected.txt (30 communities)");
    Ok(())
}
