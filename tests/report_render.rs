//! The district report (`huanjie check … --report`) opened in real
//! programs: the HTML page in headless Chromium (its DOM, a screenshot, and
//! a PDF printed on A4 pages), the workbook read back with calamine and
//! held against the JSON document of the same batch.
//!
//! Its own test binary, so that CI can run it in a step of its own. With
//! `CI=true` a missing Chromium fails the test; elsewhere it is skipped
//! with a message.
#![allow(clippy::panic, reason = "a test fails by panicking")]

#[allow(dead_code)]
mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{check, copy, example, json, procedure, root, status, temp_dir, write};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A district batch: four communities of two 街道 (units split on `/`),
/// one that names its 街道 with the `district` key, one with the hostile
/// unit of the shared corpus, and one that cannot be read.
fn district_batch() -> PathBuf {
    let dir = temp_dir("report");
    let records = dir.join("records");
    let good = std::fs::read_to_string(example("xinhe_conforming.toml")).unwrap_or_default();
    let bad = std::fs::read_to_string(example("xinhe_violations.toml")).unwrap_or_default();
    let with_unit = |text: &str, unit: &str| {
        text.replace(
            "unit = \"新河街道 新河社区\"",
            &format!("unit = \"{unit}\""),
        )
        .replace("unit = \"新河街道 某社区\"", &format!("unit = \"{unit}\""))
    };
    assert!(
        good.contains("unit = \"新河街道 某社区\"")
            || good.contains("unit = \"新河街道 新河社区\"")
    );
    write(
        &records.join("01.toml"),
        with_unit(&good, "新河街道/东风社区"),
    );
    write(
        &records.join("02.toml"),
        with_unit(&bad, "新河街道/西湖社区"),
    );
    write(
        &records.join("03.toml"),
        with_unit(&bad, "河西街道/北苑社区"),
    );
    write(
        &records.join("04.toml"),
        with_unit(&good, "南岗社区").replacen(
            "procedure = ",
            "district = \"南岗街道\"\nprocedure = ",
            1,
        ),
    );
    copy(
        &root().join("tests/corpus/hostile/terminal-escape-record.toml"),
        &records.join("05.toml"),
    );
    write(
        &records.join("06.toml"),
        "procedure = \"居委会换届选举\"\n[stages\n",
    );
    dir
}

/// `huanjie check` on the batch with `extra` options.
fn run(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--district-separator", "/"];
    args.extend(extra);
    check(&[&procedure(), &dir.join("records")], &args)
}

/// The Chromium binary, or `None` (a skip) outside CI.
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new("which")
            .arg(name)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        if let Some(path) = found.filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(path));
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but no headless Chromium: install `chromium fonts-noto-cjk` (.ci/run does)"
        );
    }
    eprintln!("skipped: no chromium on this machine (apt-get install chromium fonts-noto-cjk)");
    None
}

/// Runs headless Chromium on `page` with `args`; its stdout. Killed after
/// two minutes.
fn headless(chromium: &Path, page: &Path, args: &[String]) -> String {
    let profile = temp_dir("chromium-profile");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {chromium:?}: {e}"));
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("chromium took more than two minutes on {page:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("chromium: {e}"),
        }
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("chromium: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The pages of a PDF and the size of each (`/MediaBox`, in points).
fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut sizes = Vec::new();
    for (at, _) in text.match_indices("/Type /Page") {
        let rest = &text[at + "/Type /Page".len()..];
        if rest.starts_with('s') {
            continue; // `/Type /Pages`
        }
        // The page's dictionary: up to its end, with its MediaBox.
        let start = text[..at].rfind("<<").unwrap_or(0);
        let end = at + rest.find(">>").unwrap_or(rest.len());
        let dict = &text[start..end.min(text.len())];
        let dict = if dict.contains("/MediaBox") {
            dict.to_string()
        } else {
            // Chromium writes the MediaBox after /Type in the same object.
            let obj_end = at + rest.find("endobj").unwrap_or(rest.len());
            text[start..obj_end.min(text.len())].to_string()
        };
        let Some(b) = dict.split("/MediaBox").nth(1) else {
            continue;
        };
        let nums: Vec<f64> = b
            .trim_start()
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [x0, y0, x1, y1] = nums[..] {
            sizes.push((x1 - x0, y1 - y0));
        }
    }
    sizes
}

#[test]
fn the_html_report_renders_and_prints_on_a4() {
    let dir = district_batch();
    let page = dir.join("报告.html");
    let page_arg = page.to_str().unwrap_or_default();
    let out = run(&dir, &["--report", page_arg]);
    // Violations and a record that cannot be read: exit 2.
    assert_eq!(status(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let Some(chromium) = chromium() else {
        return;
    };
    // What a browser makes of it.
    let dom = headless(&chromium, &page, &["--dump-dom".to_string()]);
    for expected in [
        "换届选举记录检查报告",
        "街道：新河街道",
        "街道：河西街道",
        "街道：南岗街道",
        "（未注明街道）",
        "东风社区",
        "西湖社区",
        "北苑社区",
        "南岗社区",
        "符合程序",
        "有违规",
        "无法读取",
        "HJ305",
        "HJ306",
        // The legal text of a finding.
        "新河街道社区党组织和居民委员会换届工作方案(2020年): 选民名单应在选举日的20日前",
        "须人工核对",
        "按问题类型",
        "按阶段",
    ] {
        assert!(dom.contains(expected), "{expected} not in the page:\n{dom}");
    }
    // The hostile unit is text, not markup: no script element, and the
    // terminal escapes are not in the page.
    assert!(!dom.contains("<script"), "{dom}");
    assert!(
        dom.contains("&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;"),
        "{dom}"
    );
    assert!(!dom.contains('\u{1b}'));
    // A screenshot, for a person to look at (kept in the scratch folder).
    let shot = dir.join("report.png");
    headless(
        &chromium,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,2400".to_string(),
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG"), "no screenshot at {shot:?}");
    assert!(
        png.len() > 20_000,
        "a blank screenshot? {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
    // Printed: A4 pages (595 × 842 points), one district per page at
    // least, so more pages than districts.
    let pdf_path = dir.join("report.pdf");
    headless(
        &chromium,
        &page,
        &[
            format!("--print-to-pdf={}", pdf_path.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let pdf = std::fs::read(&pdf_path).unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF"), "no PDF at {pdf_path:?}");
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 5, "{} pages: {pages:?}", pages.len());
    for (w, h) in &pages {
        assert!(
            (w - 595.0).abs() < 2.0 && (h - 842.0).abs() < 2.0,
            "not A4: {w} × {h}"
        );
    }
    eprintln!("PDF: {} A4 pages at {}", pages.len(), pdf_path.display());
}

fn cell(row: &[Data], i: usize) -> String {
    match row.get(i) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(n)) => n.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

#[test]
fn the_workbook_has_a_row_per_finding_as_the_json_says() {
    let dir = district_batch();
    let book_path = dir.join("报告.xlsx");
    let book_arg = book_path.to_str().unwrap_or_default();
    let out = run(&dir, &["--report", book_arg, "--format", "json"]);
    assert_eq!(status(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    let mut book: Xlsx<_> =
        open_workbook(&book_path).unwrap_or_else(|e| panic!("{book_path:?}: {e}"));
    assert_eq!(book.sheet_names(), ["汇总", "记录", "问题", "核对清单"]);
    // One row per finding, in the JSON's order, with its fields.
    let findings = book
        .worksheet_range("问题")
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<&[Data]> = findings.rows().skip(1).collect();
    let expected: Vec<(String, &Value)> = doc["records"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| {
            let path = r["path"].as_str().unwrap_or_default().to_string();
            r["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |f| (path.clone(), f))
        })
        .collect();
    assert!(expected.len() > 10, "{doc}");
    assert_eq!(rows.len(), expected.len());
    for (row, (path, f)) in rows.iter().zip(&expected) {
        assert_eq!(&cell(row, 2), path);
        assert_eq!(cell(row, 4), f["code"].as_str().unwrap_or_default());
        assert_eq!(cell(row, 8), f["message"].as_str().unwrap_or_default());
        assert_eq!(cell(row, 9), f["expected"].as_str().unwrap_or_default());
        assert_eq!(cell(row, 10), f["actual"].as_str().unwrap_or_default());
        assert_eq!(cell(row, 13), f["basis"].as_str().unwrap_or_default());
        if let Some(l) = f["record_location"].as_object() {
            let at = format!(
                "{}:{}:{}",
                l["file"].as_str().unwrap_or_default(),
                l["line"],
                l["column"]
            );
            assert_eq!(cell(row, 11), at);
        }
    }
    // One row per record, its district from the unit or the key.
    let records = book
        .worksheet_range("记录")
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Vec<String>> = records
        .rows()
        .skip(1)
        .map(|r| (0..8).map(|i| cell(r, i)).collect())
        .collect();
    assert_eq!(rows.len(), 6);
    let by_file = |f: &str| {
        rows.iter()
            .find(|r| r[3].ends_with(f))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(by_file("01.toml")[..2], ["新河街道", "东风社区"]);
    assert_eq!(by_file("02.toml")[5], "有违规");
    assert_eq!(by_file("04.toml")[..2], ["南岗街道", "南岗社区"]);
    assert_eq!(by_file("06.toml")[5], "无法读取");
    // The hostile unit comes back as it was written, as text.
    let hostile = doc["records"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with("05.toml")))
        .map(|r| r["unit"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(hostile.contains("<script>"), "{hostile:?}");
    assert_eq!(by_file("05.toml")[2], hostile);
    // The summary: the totals per verdict.
    let summary = book
        .worksheet_range("汇总")
        .unwrap_or_else(|e| panic!("{e}"));
    let total = summary
        .rows()
        .find(|r| cell(r, 0) == "合计")
        .map(|r| (1..5).map(|i| cell(r, i)).collect::<Vec<_>>())
        .unwrap_or_default();
    let s = &doc["summary"];
    assert_eq!(
        total,
        [
            &s["records"],
            &s["conforming"],
            &s["violations"],
            &s["invalid"]
        ]
        .map(|v| v.to_string())
    );
}

#[test]
fn english_reports_are_english() {
    let dir = district_batch();
    let page = dir.join("report.html");
    let out = run(
        &dir,
        &[
            "--report",
            page.to_str().unwrap_or_default(),
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert_eq!(status(&out), 2);
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("District: 新河街道"), "{html}");
    assert!(
        html.contains("By kind") && !html.contains("按问题类型"),
        "{html}"
    );
}
