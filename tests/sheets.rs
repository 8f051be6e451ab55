//! Records from spreadsheets, end to end through the `huanjie` binary: the
//! 30-community district workbook of `examples/district`, the fill-in
//! workbook of `huanjie template --format xlsx` filled and checked, values
//! as people write them, CSV in GBK, and hostile cells (docs/records.md,
//! docs/limits.md). Workbooks are written with rust_xlsxwriter and read
//! back by calamine, the reader `check` uses.

#![allow(clippy::expect_used, reason = "a test fails by panicking")]

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROC: &str = "procedures/residents_committee.hj";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn huanjie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huanjie"))
        .current_dir(root())
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .expect("huanjie runs")
}

fn json_check(file: &Path, extra: &[&str]) -> (i32, Value) {
    let path = file.display().to_string();
    let mut args = vec!["check", PROC, &path, "--format", "json"];
    args.extend(extra);
    let out = huanjie(&args);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), doc)
}

/// `(community, verdict, codes)` of every record of a check.
fn verdicts(doc: &Value) -> Vec<(String, String, Vec<String>)> {
    let records = doc["records"].as_array().cloned().unwrap_or_default();
    records
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap_or("");
            let name = path.rsplit_once('#').map_or(path, |(_, n)| n).to_string();
            let codes = r["findings"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .filter_map(|f| f["code"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            (name, r["verdict"].as_str().unwrap_or("").to_string(), codes)
        })
        .collect()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-sheets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn the_district_workbook_checks_in_one_command() {
    let expected = std::fs::read_to_string(root().join("examples/district/expected.txt"))
        .expect("expected.txt");
    let (status, doc) = json_check(&root().join("examples/district/district.xlsx"), &[]);
    assert_eq!(status, 1, "violations found: exit 1");
    let got = verdicts(&doc);
    let rows: Vec<Vec<&str>> = expected
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(got.len(), 30);
    assert_eq!(rows.len(), 30);
    for (row, (name, verdict, codes)) in rows.iter().zip(&got) {
        assert_eq!(row.first(), Some(&name.as_str()));
        assert_eq!(row.get(1), Some(&verdict.as_str()), "{name}: {codes:?}");
        if let Some(code) = row.get(2).filter(|c| **c != "-") {
            assert!(
                codes.iter().any(|c| c == code),
                "{name}: {code} in {codes:?}"
            );
        }
    }
    // Every finding points at a cell of the workbook.
    let cells: Vec<String> = doc["records"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["findings"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f["record_location"]["cell"].as_str().map(String::from))
        .collect();
    assert!(
        cells.iter().any(|c| c.starts_with("阶段与日期!C")),
        "{cells:?}"
    );
}

#[test]
fn the_workbook_matches_the_toml_record_it_was_made_from() {
    let (_, xlsx) = json_check(&root().join("examples/district/district.xlsx"), &[]);
    let (_, toml) = json_check(&root().join("examples/records/xinhe_conforming.toml"), &[]);
    let messages = |r: &Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(messages(&xlsx["records"][0]), messages(&toml["records"][0]));
}

/// The headers of every sheet of a workbook, read by calamine.
fn headers(path: &Path) -> Vec<(String, Vec<String>)> {
    let mut book = calamine::open_workbook_auto(path).expect("a workbook");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).expect("a sheet");
            let first = range
                .rows()
                .next()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default();
            (n, first)
        })
        .collect()
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        if !c.is_empty() {
            sheet.write_string(row, col, *c).expect("write");
        }
    }
}

#[test]
fn the_template_workbook_is_filled_in_and_checked() {
    let path = temp("template.xlsx");
    let p = path.display().to_string();
    let out = huanjie(&["template", PROC, "--format", "xlsx", "-o", &p]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sheets = headers(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    for s in [
        "说明",
        "社区一览",
        "阶段与日期",
        "事实",
        "职位",
        "候选人",
        "计票",
        "当选",
        "委托投票",
    ] {
        assert!(names.contains(&s), "{s} in {names:?}");
    }
    // Blank, never 0: the template as it is has no community to check.
    let (status, doc) = json_check(&path, &[]);
    assert_eq!(status, 2, "{doc}");
    // Fill it in: the template's own headers, and one community's data.
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, head) in &sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("name");
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        write_row(sheet, 0, &head);
        match name.as_str() {
            "社区一览" => write_row(sheet, 1, &["新河社区", "新河街道", "居委会换届选举"]),
            "阶段与日期" => {
                write_row(sheet, 1, &["新河社区", "投票选举"]);
                let time = head.iter().position(|h| *h == "时间").expect("时间");
                sheet
                    .write_string(1, u16::try_from(time).unwrap_or(0), "8:00")
                    .expect("w");
                let day = ExcelDateTime::from_ymd(2021, 1, 28).expect("date");
                sheet
                    .write_datetime_with_format(1, 2, &day, &date)
                    .expect("date");
            }
            "事实" => {
                let col = head
                    .iter()
                    .position(|h| *h == "登记选民")
                    .expect("登记选民");
                sheet.write_string(1, 0, "新河社区").expect("w");
                sheet
                    .write_string(1, u16::try_from(col).unwrap_or(0), "2,000")
                    .expect("w");
            }
            _ => {}
        }
    }
    let filled = temp("filled.xlsx");
    book.save(&filled).expect("save");
    let (status, doc) = json_check(&filled, &[]);
    assert_eq!(status, 1, "{doc}");
    let got = verdicts(&doc);
    assert_eq!(got.len(), 1);
    let codes = &got.first().expect("one").2;
    // Stages not recorded, data missing: findings, not loading errors.
    assert!(
        codes.contains(&"HJ301".to_string()) && codes.contains(&"HJ309".to_string()),
        "{codes:?}"
    );
    // The normalisations are shown with --verbose.
    let f = filled.display().to_string();
    let out = huanjie(&["check", PROC, &f, "--verbose"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("事实!B2  2,000 → 2000"), "{text}");
    assert!(text.contains("8:00 → 08:00"), "{text}");
}

/// A one-community workbook: `社区一览` and one more sheet built by `more`.
fn workbook(name: &str, more: impl FnOnce(&mut Workbook)) -> PathBuf {
    let mut book = Workbook::new();
    let list = book.add_worksheet();
    list.set_name("社区一览").expect("name");
    write_row(list, 0, &["社区", "街道", "程序"]);
    write_row(list, 1, &["新河社区", "新河街道", "居委会换届选举"]);
    more(&mut book);
    let path = temp(name);
    book.save(&path).expect("save");
    path
}

fn stages(book: &mut Workbook) -> &mut Worksheet {
    let s = book.add_worksheet();
    s.set_name("阶段与日期").expect("name");
    write_row(s, 0, &["社区", "阶段", "日期"]);
    s
}

/// The codes of the only record of a check, and the exit status.
fn codes_of(path: &Path) -> (i32, Vec<String>, Value) {
    let (status, doc) = json_check(path, &[]);
    let codes = verdicts(&doc).into_iter().flat_map(|v| v.2).collect();
    (status, codes, doc)
}

#[test]
fn hostile_cells_are_findings_or_refusals() {
    // Merged cells: refused, with the region named.
    let merged = workbook("merged.xlsx", |b| {
        let s = stages(b);
        s.merge_range(1, 0, 2, 0, "新河社区", &Format::new())
            .expect("merge");
    });
    let (status, codes, doc) = codes_of(&merged);
    assert_eq!((status, codes), (2, vec!["HJ621".to_string()]), "{doc}");
    // A hidden sheet of the layout: refused.
    let hidden = workbook("hidden.xlsx", |b| {
        stages(b).set_hidden(true);
    });
    assert_eq!(codes_of(&hidden).1, ["HJ620"]);
    // An error value, a very long name, a date as a number.
    let cells = workbook("cells.xlsx", |b| {
        let s = stages(b);
        write_row(s, 1, &["新河社区", "投票选举"]);
        s.write_number(1, 2, 44224).expect("w");
        let c = b.add_worksheet();
        c.set_name("候选人").expect("name");
        write_row(c, 0, &["社区", "姓名", "职务", "提名得票"]);
        write_row(c, 1, &["新河社区", &"长".repeat(5000), "主任"]);
        c.write_formula(1, 3, Formula::new("=1/0").set_result("#DIV/0!"))
            .expect("w");
    });
    let (status, codes, doc) = codes_of(&cells);
    assert_eq!(status, 2);
    assert!(codes.contains(&"HJ621".to_string()), "{codes:?}");
    assert!(codes.contains(&"HJ603".to_string()), "{codes:?}");
    let text = doc.to_string();
    assert!(
        text.contains("候选人!B2") && text.contains("候选人!D2"),
        "{text}"
    );
    assert!(
        text.contains("2021-01-28"),
        "the serial is read out: {text}"
    );
    // A formula's saved result is the value, and is said to be.
    let formula = workbook("formula.xlsx", |b| {
        let s = stages(b);
        write_row(s, 1, &["新河社区", "投票选举", "2021-01-28"]);
        let f = b.add_worksheet();
        f.set_name("事实").expect("name");
        write_row(f, 0, &["社区", "登记选民"]);
        write_row(f, 1, &["新河社区"]);
        f.write_formula(1, 1, Formula::new("=1000+1000").set_result("2000"))
            .expect("w");
    });
    let p = formula.display().to_string();
    let out = huanjie(&["check", PROC, &p, "--verbose"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("=1000+1000 → 2000"), "{text}");
    // A cell far down a sheet: the workbook is refused (bounded).
    let huge = workbook("huge.xlsx", |b| {
        stages(b).write_string(200_000, 0, "新河社区").expect("w");
    });
    let (status, codes, _) = codes_of(&huge);
    assert_eq!((status, codes), (2, vec!["HJ606".to_string()]));
    // A workbook with none of the record's sheets is skipped, not read.
    let mut other = Workbook::new();
    other.add_worksheet().write_string(0, 0, "预算").expect("w");
    let other_path = temp("other.xlsx");
    other.save(&other_path).expect("save");
    let (status, doc) = json_check(&other_path, &[]);
    assert_eq!(
        (status, doc["summary"]["skipped"].as_u64()),
        (2, Some(1)),
        "{doc}"
    );
    // Not a workbook at all.
    let junk = temp("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 this is not a workbook").expect("write");
    assert_eq!(codes_of(&junk).1, ["HJ601"]);
}

#[test]
fn dates_times_and_counts_as_people_write_them() {
    let dir = temp("csv");
    std::fs::create_dir_all(&dir).expect("dir");
    let files = [
        ("社区一览.csv", "社区,街道,程序\n新河社区,新河街道,居委会换届选举\n东湖社区,东湖街道,居委会换届选举\n"),
        (
            "阶段与日期.csv",
            "社区,阶段,日期,开始,结束,时间\n新河社区,选民登记,,2020/12/28,2021.1.5,\n新河社区,投票选举,2021年1月28日,,,8:00\n东湖社区,投票选举,1/28/2021,,,\n",
        ),
        ("事实.csv", "社区,登记选民\n新河社区,\"2,000\"\n东湖社区,3.186\n"),
    ];
    for (name, text) in files {
        // GBK, as Excel on a Chinese Windows saves CSV.
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    let (_, doc) = json_check(&dir.join("社区一览.csv"), &[]);
    let got = verdicts(&doc);
    assert_eq!(got.len(), 2, "{doc}");
    let east = got.iter().find(|g| g.0 == "东湖社区").expect("东湖");
    assert_eq!(east.1, "invalid");
    assert_eq!(
        east.2,
        ["HJ622", "HJ622"],
        "the date and the count are ambiguous"
    );
    let text = doc.to_string();
    assert!(
        text.contains("1/28/2021") && text.contains("3.186"),
        "the values are shown"
    );
    let new = got.iter().find(|g| g.0 == "新河社区").expect("新河");
    assert!(!new.2.iter().any(|c| c.starts_with("HJ6")), "{:?}", new.2);
}

#[test]
fn a_toml_date_written_with_slashes_says_how_to_write_it() {
    let path = temp("slash.toml");
    std::fs::write(
        &path,
        "procedure = \"居委会换届选举\"\n[stages.投票选举]\ndate = 2021/1/7\n",
    )
    .expect("write");
    let p = path.display().to_string();
    let out = huanjie(&["check", PROC, &p, "--lang", "zh"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("日期写作 2021-01-07"), "{text}");
    assert!(!text.contains("文本值必须用双引号括起来"), "{text}");
}

#[test]
fn calamine_reads_the_template_notes_free_headers() {
    // The template's header cells are plain text (the English key is in
    // the note), so any reader sees the Chinese header.
    let path = temp("t2.xlsx");
    let p = path.display().to_string();
    assert!(huanjie(&["template", PROC, "--format", "xlsx", "-o", &p])
        .status
        .success());
    let mut book = calamine::open_workbook_auto(&path).expect("book");
    let range = book.worksheet_range("候选人").expect("sheet");
    assert_eq!(range.get((0, 1)), Some(&Data::String("姓名".into())));
    assert_eq!(range.get((1, 1)), None, "data cells are blank");
}
