//! Throughput of `check` against plain JSON parsing of the same files.
//!
//! Generates N JSON records of a residents' committee election (N = 100,000
//! by default, `HUANJIE_BENCH_RECORDS` to change it) in a temporary folder,
//! then measures in the same run, on one thread each:
//!
//! 1. parse only: read each file and `serde_json::from_str::<Value>` it;
//! 2. check: read each file, load it as a record (spans kept) and check it
//!    against `procedures/residents_committee.hj` — the work `huanjie check`
//!    does per record, without printing;
//! 3. check on all cores (rayon), as `huanjie check` runs.
//!
//! Records are streamed: one file is in memory at a time per worker. The
//! peak resident set size is read from /proc at the end.
//!
//! `cargo bench --bench check_throughput` runs it; under `cargo test` (no
//! `--bench` argument) it runs a smoke version on 200 records and checks
//! that every generated record conforms.

use huanjie::check::{check, CheckOptions, IrCache};
use huanjie::diag::Severity;
use huanjie::record;
use huanjie::resolve::Procedure;
use huanjie::span::SourceMap;
use huanjie::timing::Calendar;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn procedure() -> Procedure {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("procedures/residents_committee.hj");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (_, _, outcome) = huanjie::lint_str("residents_committee.hj", &text);
    let errors = outcome.diagnostics.iter().any(|d| d.is_error());
    match outcome.program {
        Some(p) if !errors => p.procedures.into_iter().next(),
        _ => None,
    }
    .unwrap_or_else(|| {
        eprintln!("procedures/residents_committee.hj does not lint clean");
        std::process::exit(2)
    })
}

/// The day `base` shifted by `shift` days, as an ISO date.
fn day(base: (i32, u32, u32), shift: i64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(base.0, base.1, base.2).unwrap_or_default()
        + chrono::TimeDelta::days(shift);
    d.to_string()
}

/// One conforming record; `i` varies the counts, names and dates (every date
/// moves by the same number of days, which keeps the record conforming).
fn record(i: usize) -> Value {
    let s = (i % 60) as i64;
    let d = |y, m, dd| day((y, m, dd), s);
    let registered = 2000 + (i % 700) as i64;
    let voted = registered * 7 / 8;
    let unit = format!("某街道 第{i}社区");
    let tally = |pos: &str, name: &str, votes: i64| json!({"position": pos, "candidate": name, "votes": votes});
    let cand = |name: &str, pos: &str, gender: &str, birth: &str, nv: i64| {
        json!({"name": name, "position": pos, "gender": gender, "birth_date": birth,
               "list": "formal", "nomination_votes": nv})
    };
    json!({
        "procedure": "居委会换届选举",
        "unit": unit,
        "facts": {"登记选民": registered, "使用流动票箱": false},
        "stages": {
            "推选居民选举委员会": {"date": d(2020, 12, 20)},
            "选民登记": {"start": d(2020, 12, 28), "end": d(2021, 1, 5)},
            "选民名单公布": {"date": d(2021, 1, 7)},
            "公布候选人资格条件": {"date": d(2021, 1, 9)},
            "候选人提名": {"date": d(2021, 1, 18), "facts": {"参加提名": registered * 5 / 8}},
            "提名结果公布": {"date": d(2021, 1, 18)},
            "资格审查": {"date": d(2021, 1, 19)},
            "正式候选人公布": {"date": d(2021, 1, 20)},
            "签署承诺书": {"date": d(2021, 1, 22)},
            "候选人介绍": {"date": d(2021, 1, 23)},
            "委托投票名单公布": {"date": d(2021, 1, 25)},
            "投票选举": {
                "date": d(2021, 1, 28), "time": "08:00",
                "facts": {"参加投票": voted, "发出选票": voted, "收回选票": voted - 5},
                "tally": [
                    tally("主任", "胡可", voted * 3 / 4), tally("主任", "王建国", voted / 5),
                    tally("副主任", "李明", voted * 5 / 8), tally("副主任", "张丽", voted / 3),
                    tally("委员", "赵强", voted * 7 / 10), tally("委员", "钱芳", voted * 13 / 20),
                    tally("委员", "孙伟", voted * 6 / 10), tally("委员", "周敏", voted / 3)
                ]
            },
            "当场公布结果": {"date": d(2021, 1, 28), "time": "17:30"},
            "结果上报": {"date": d(2021, 1, 29)},
            "工作交接": {"date": d(2021, 2, 1)},
            "推选居民小组长": {"date": d(2021, 2, 2)},
            "建立居务监督委员会": {"date": d(2021, 2, 3)},
            "推选居民协商议事会": {"date": d(2021, 2, 3)},
            "整章建制": {"date": d(2021, 2, 4)}
        },
        "positions": [
            {"id": "主任", "seats": 1}, {"id": "副主任", "seats": 1}, {"id": "委员", "seats": 3}
        ],
        "candidates": [
            cand("胡可", "主任", "female", "1975-03-02", 980),
            cand("王建国", "主任", "male", "1968-11-20", 610),
            cand("李明", "副主任", "male", "1980-06-15", 870),
            cand("张丽", "副主任", "female", "1983-09-09", 655),
            cand("赵强", "委员", "male", "1979-01-30", 902),
            cand("钱芳", "委员", "female", "1986-04-18", 840),
            cand("孙伟", "委员", "male", "1990-12-01", 790),
            cand("周敏", "委员", "female", "1988-07-07", 702)
        ],
        "proxies": [
            {"holder": "陈德福", "principal": "陈小明"}, {"holder": "刘桂兰", "principal": "刘大华"}
        ],
        "elected": [
            {"position": "主任", "name": "胡可", "gender": "female"},
            {"position": "副主任", "name": "李明", "gender": "male"},
            {"position": "委员", "name": "赵强", "gender": "male"},
            {"position": "委员", "name": "钱芳", "gender": "female"},
            {"position": "委员", "name": "孙伟", "gender": "male"}
        ]
    })
}

fn generate(dir: &Path, n: usize) -> Vec<PathBuf> {
    let _ = std::fs::create_dir_all(dir);
    (0..n)
        .into_par_iter()
        .map(|i| {
            let path = dir.join(format!("record_{i:06}.json"));
            let text = serde_json::to_string_pretty(&record(i)).unwrap_or_default();
            if std::fs::write(&path, text).is_err() {
                eprintln!("cannot write {}", path.display());
                std::process::exit(2);
            }
            path
        })
        .collect()
}

/// Checks one file: read, load with spans, check. Returns the number of
/// error findings (or 1 when it cannot be loaded).
fn check_file(path: &Path, proc: &Procedure, irs: &IrCache, calendar: &Calendar) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 1;
    };
    let mut map = SourceMap::new();
    let file = map.add(path.display().to_string(), text);
    match record::load(&map, file) {
        Ok(rec) => check(proc, irs, &rec, calendar, &CheckOptions::default())
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        Err(_) => 1,
    }
}

/// Loads one file as a record without checking it (for the breakdown).
fn load_file(path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 1;
    };
    let mut map = SourceMap::new();
    let file = map.add(path.display().to_string(), text);
    usize::from(record::load(&map, file).is_err())
}

fn parse_file(path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 1;
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => usize::from(v.is_null()),
        Err(_) => 1,
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn rate(n: usize, t: Duration) -> f64 {
    n as f64 / t.as_secs_f64().max(1e-9)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let n = if bench {
        std::env::var("HUANJIE_BENCH_RECORDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000)
    } else {
        200
    };
    let dir = std::env::temp_dir().join(format!("huanjie-bench-{}", std::process::id()));
    let proc = procedure();
    let calendar = Calendar::builtin();
    let irs = IrCache::new(&proc, &CheckOptions::default());

    let t = Instant::now();
    let paths = generate(&dir, n);
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "generated {n} records ({:.1} MB) in {:.1?}",
        bytes as f64 / 1e6,
        t.elapsed()
    );

    // Warm the page cache so that both passes read from memory.
    let _: usize = paths.iter().map(|p| parse_file(p)).sum();

    let t = Instant::now();
    let bad_parse: usize = paths.iter().map(|p| parse_file(p)).sum();
    let parse = t.elapsed();

    let t = Instant::now();
    let bad_load: usize = paths.iter().map(|p| load_file(p)).sum();
    let loaded = t.elapsed();

    let t = Instant::now();
    let bad_check: usize = paths
        .iter()
        .map(|p| check_file(p, &proc, &irs, &calendar))
        .sum();
    let checked = t.elapsed();

    let t = Instant::now();
    let bad_par: usize = paths
        .par_iter()
        .map(|p| check_file(p, &proc, &irs, &calendar))
        .sum();
    let parallel = t.elapsed();

    let _ = std::fs::remove_dir_all(&dir);

    let (rp, rc, rpar) = (rate(n, parse), rate(n, checked), rate(n, parallel));
    println!("parse only (serde_json::Value), 1 thread: {parse:.2?}  {rp:.0} records/s");
    println!(
        "load only (record model, spans), 1 thread: {loaded:.2?}  {:.0} records/s",
        rate(n, loaded)
    );
    println!("check end to end, 1 thread:              {checked:.2?}  {rc:.0} records/s");
    println!(
        "check end to end, {} threads:             {parallel:.2?}  {rpar:.0} records/s",
        rayon::current_num_threads()
    );
    println!("check / parse (1 thread): {:.2}", rc / rp);
    if let Some(kib) = peak_rss_kib() {
        println!("peak resident memory: {:.1} MiB", kib as f64 / 1024.0);
    }
    if bad_parse + bad_load + bad_check + bad_par > 0 {
        eprintln!(
            "unexpected: {bad_parse} unparsable, {bad_check} / {bad_par} error findings in generated records"
        );
        std::process::exit(1);
    }
}
