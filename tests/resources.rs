//! Resource tests: every reproducer of the robustness audit (issue 14) runs
//! the `huanjie` binary under a time bound (the child is killed when it
//! runs over) and a memory bound (`ulimit -v` caps what it may reserve; its
//! peak resident set must stay under 200 MB), and asserts the diagnostic or
//! the correct result, not only that nothing crashed.
//!
//! The bounds hold for a debug build. Where the full-size reproducer needs
//! a release build to be fast, the test runs a scaled one and says so.
#![allow(
    clippy::panic,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
/// Virtual memory a run may reserve, in KiB (the command thread's 256 MiB
/// stack is reserved, not used).
const MEMORY_KIB: u64 = 1024 * 1024;
/// The peak resident set a run may reach, in KiB.
const RESIDENT_KIB: i64 = 200 * 1000;

/// The largest peak resident set of the children waited for so far, in KiB
/// (Linux reports `ru_maxrss` in KiB).
#[cfg(unix)]
fn children_peak_kib() -> i64 {
    // SAFETY: `getrusage` only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0;
    if ok {
        usage.ru_maxrss
    } else {
        0
    }
}

#[cfg(not(unix))]
fn children_peak_kib() -> i64 {
    0
}
const PROC: &str = "procedures/residents_committee.hj";

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huanjie-resources-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(text.as_bytes()).expect("write");
    path
}

/// One run at a time: the bounds are on wall time, which parallel runs share.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `huanjie ARGS` with its memory bounded; kills it after `limit`.
fn run(args: &[&str], limit: Duration) -> (Output, Duration) {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let script = format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\"");
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn huanjie");
    // Read the pipes on threads so that a large output cannot block the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("huanjie {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    // Runs are one at a time, so the peak so far bounds this one too.
    let peak = children_peak_kib();
    assert!(
        peak < RESIDENT_KIB,
        "huanjie {args:?}: a run reached {peak} KiB resident"
    );
    let stdout = out.join().expect("stdout thread").expect("read stdout");
    let stderr = err.join().expect("stderr thread").expect("read stderr");
    (
        Output {
            status,
            stdout,
            stderr,
        },
        elapsed,
    )
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// `n` procedures, each including the next `times` times.
fn include_chain(n: usize, times: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("procedure P{i} {{ "));
        for k in 0..times {
            s.push_str(&format!("include P{} as a{k}  ", i + 1));
        }
        s.push_str(&format!("stage s{i} {{}} }}\n"));
    }
    s.push_str(&format!("procedure P{n} {{ stage z {{}} }}\n"));
    s
}

// -- 1. includes --------------------------------------------------------

#[test]
fn exponential_includes_are_one_diagnostic() {
    // include-diamond-oom.hj: 25 procedures, each including the next twice.
    let dir = scratch("diamond");
    let file = write(&dir, "diamond.hj", &include_chain(25, 2));
    let file = file.to_str().expect("path");
    for cmd in ["lint", "graph", "explain"] {
        let (o, _) = run(&[cmd, file], secs(2));
        let said = text(&o);
        assert_eq!(said.matches("HJ119").count(), 1, "{cmd}: {said}");
        assert!(!o.status.success(), "{cmd}");
    }
    let (o, _) = run(&["schedule", file, "--anchor", "s0=2021-01-01"], secs(2));
    assert!(text(&o).contains("HJ119"), "{}", text(&o));
}

#[test]
fn a_long_include_chain_is_one_diagnostic() {
    // include-chain.hj: 2000 procedures, each including the next once. A
    // debug build spends 1.3 s parsing those 107 KB, so this runs 1000 (the
    // unit test in src/resolve resolves all 2000).
    let dir = scratch("chain");
    let file = write(&dir, "chain.hj", &include_chain(1000, 1));
    let (o, _) = run(&["lint", file.to_str().expect("path")], secs(2));
    let said = text(&o);
    assert_eq!(said.matches("HJ119").count(), 1, "{said}");
    assert!(said.contains("`P991`"), "{said}");
}

// -- 2. many diagnostics ------------------------------------------------

/// `n` unrelated stages: one HJ403 warning each (many-warnings.hj).
fn many_warnings(n: usize) -> String {
    let stages: String = (0..n).map(|i| format!("  stage s{i} {{}}\n")).collect();
    format!("procedure P {{\n{stages}}}\n")
}

/// A record naming `n` stages the procedure does not have (many-findings.toml).
fn many_findings(n: usize) -> String {
    let stages: String = (0..n)
        .map(|i| format!("\n[stages.未知{i}]\ndate = 2021-01-01\n"))
        .collect();
    format!("procedure = \"居委会换届选举\"\n{stages}")
}

/// Asserts that `t4` (the time for 4n) is linear in `t1` (the time for n),
/// with room for a loaded machine: quadratic work would take 16 times as long.
fn assert_linear(t1: Duration, t4: Duration, what: &str) {
    assert!(
        t4 < t1 * 8 + Duration::from_millis(300),
        "{what}: {t1:?} for n, {t4:?} for 4n"
    );
}

#[test]
fn a_human_report_prints_200_diagnostics_and_counts_the_rest() {
    let dir = scratch("many-warnings");
    let file = write(&dir, "w.hj", &many_warnings(1000));
    let (o, _) = run(
        &["lint", file.to_str().expect("path"), "--lang", "en"],
        secs(2),
    );
    let said = text(&o);
    assert_eq!(said.matches("warning[HJ403]").count(), 200, "{said}");
    assert!(said.contains("and 799 more (not shown"), "{said}");
    assert!(said.ends_with("0 errors, 999 warnings\n"), "{said}");
    // JSON is never capped.
    let (o, _) = run(
        &["lint", file.to_str().expect("path"), "--format", "json"],
        secs(2),
    );
    assert_eq!(text(&o).matches("\"HJ403\"").count(), 999);
}

#[test]
fn rendering_every_warning_is_linear_in_their_number() {
    // many-warnings.hj has 30,000 stages (51 s before the fix, 0.5 MB); a
    // debug build shows the linear growth on 1,000 and 4,000.
    let dir = scratch("many-warnings-linear");
    let mut times = Vec::new();
    for n in [1000, 4000] {
        let file = write(&dir, &format!("w{n}.hj"), &many_warnings(n));
        let args = [
            "lint",
            file.to_str().expect("path"),
            "--max-diagnostics",
            "0",
        ];
        let (o, t) = run(&args, secs(2));
        assert_eq!(text(&o).matches("[HJ403]").count(), n - 1);
        times.push(t);
    }
    assert_linear(times[0], times[1], "lint");
}

#[test]
fn checking_many_unknown_stages_is_linear_in_their_number() {
    // many-findings.toml has 20,000 unknown stages (52 s before the fix); a
    // debug build shows the linear growth on 1,000 and 4,000.
    let dir = scratch("many-findings");
    let mut times = Vec::new();
    for n in [1000, 4000] {
        let file = write(&dir, &format!("r{n}.toml"), &many_findings(n));
        let file = file.to_str().expect("path");
        let (o, t) = run(&["check", PROC, file, "--max-diagnostics", "0"], secs(2));
        let said = text(&o);
        assert!(said.contains("中没有阶段 `未知0`"), "{said}");
        assert!(said.contains(&format!("中没有阶段 `未知{}`", n - 1)));
        times.push(t);
        let (o, _) = run(&["check", PROC, file, "--format", "json"], secs(2));
        assert!(text(&o).contains(&format!("未知{}", n - 1)));
    }
    assert_linear(times[0], times[1], "check");
}

// -- 3. schedules of long chains ----------------------------------------

/// `n` stages, each after the previous one (schedule-chain.hj).
fn schedule_chain(n: usize) -> String {
    let stages: String = (1..n)
        .map(|i| format!("  stage s{i} {{ after s{} }}\n", i - 1))
        .collect();
    format!("procedure P {{\n  stage s0 {{}}\n{stages}}}\n")
}

#[test]
fn a_chain_schedules_in_time_and_output_linear_in_its_stages() {
    // schedule-chain.hj has 2,000 stages (19.7 s, 3.9 GB, 227 MB of JSON
    // before the fix); 10,000 gave nothing in 120 s. A debug build runs 500
    // and 2,000 here; a release build schedules 10,000 in well under 1 s.
    let dir = scratch("schedule-chain");
    let mut runs = Vec::new();
    for n in [500, 2000] {
        let file = write(&dir, &format!("c{n}.hj"), &schedule_chain(n));
        let file = file.to_str().expect("path");
        let last = format!("s{}=2030-01-01", n - 1);
        let args = [
            "schedule",
            file,
            "--anchor",
            "s0=2021-01-01",
            "--anchor",
            &last,
        ];
        let (json, t) = run(&[&args[..], &["--format", "json"]].concat(), secs(2));
        assert!(json.status.success(), "{}", text(&json));
        let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
        let stages = doc["stages"].as_array().expect("stages");
        assert_eq!(stages.len(), n);
        // A stage in the middle names its two rules and its two neighbours.
        let middle = &stages[n - 2];
        assert_eq!(middle["basis"].as_array().map(Vec::len), Some(2));
        let neighbours = [format!("s{}", n - 3), format!("s{}", n - 1)];
        assert_eq!(middle["bound_by"], serde_json::json!(neighbours));
        let (ics, _) = run(&[&args[..], &["--format", "ics"]].concat(), secs(2));
        assert_eq!(text(&ics).matches("BEGIN:VEVENT").count(), n);
        runs.push((t, json.stdout.len(), ics.stdout.len()));
    }
    let [(t1, json1, ics1), (t4, json4, ics4)] = [runs[0], runs[1]];
    assert_linear(t1, t4, "schedule");
    // Sizes grow with the stages (4 times as many, and longer names).
    assert!(
        json4 < json1 * 5,
        "JSON: {json1} bytes for n, {json4} for 4n"
    );
    assert!(ics4 < ics1 * 5, "ICS: {ics1} bytes for n, {ics4} for 4n");
}

// -- 4. terminal escapes and control characters -------------------------

const HOSTILE_PROC: &str = "tests/corpus/hostile/hostile-strings.hj";
const HOSTILE_RECORD: &str = "tests/corpus/hostile/terminal-escape-record.toml";

/// Control characters but line breaks and tab, and the bidi overrides.
fn has_terminal_controls(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn a_hostile_record_reaches_the_terminal_as_escapes() {
    // terminal-escape-record.toml: a unit and a candidate named with
    // `ESC ] 0;… BEL` and `ESC [2J`.
    let (o, _) = run(&["check", PROC, HOSTILE_RECORD, "--lang", "en"], secs(2));
    assert!(!has_terminal_controls(&o.stderr), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("X-INJ:1\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
        "{said}"
    );
    // JSON escapes them as JSON does.
    let (o, _) = run(
        &["check", PROC, HOSTILE_RECORD, "--format", "json"],
        secs(2),
    );
    assert!(!has_terminal_controls(&o.stdout));
    assert!(text(&o).contains("\\u001b]0;pwned\\u0007"), "{}", text(&o));
}

#[test]
fn hostile_titles_are_escaped_in_every_output_format() {
    // hostile-strings.hj: titles with `</svg><script>`, quotes, newlines,
    // ESC/BEL, U+2028 and NEL.
    let anchors = [
        "--anchor",
        "A=2021-03-01",
        "--anchor",
        "C=2021-03-02",
        "--anchor",
        "D=2021-03-03",
        "--anchor",
        "E=2021-03-04",
    ];
    let mut runs: Vec<Vec<&str>> = ["dot", "mermaid", "svg"]
        .iter()
        .map(|f| vec!["graph", HOSTILE_PROC, "--format", f])
        .collect();
    for format in ["human", "json", "ics"] {
        let mut args = vec!["schedule", HOSTILE_PROC, "--format", format];
        args.extend(anchors);
        runs.push(args);
    }
    runs.push(vec!["explain", HOSTILE_PROC]);
    runs.push(vec!["lint", HOSTILE_PROC]);
    for args in runs {
        let (o, _) = run(&args, secs(2));
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        if args.contains(&"json") {
            // JSON escapes what it must (C0 controls); it is for programs.
            assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
        } else {
            assert!(!has_terminal_controls(&o.stdout), "{args:?}: {}", text(&o));
        }
        assert!(!has_terminal_controls(&o.stderr), "{args:?}: {}", text(&o));
        if args.contains(&"ics") {
            // No event or property injected by a title.
            let events = out.lines().filter(|l| l.trim_end() == "BEGIN:VEVENT");
            assert_eq!(events.count(), 4, "{out}");
            assert!(!out.contains("\r\nSUMMARY:injected"), "{out}");
        }
        if args.contains(&"svg") {
            assert!(!out.contains("<script"), "{out}");
        }
    }
}

// -- 5. special files ---------------------------------------------------

#[cfg(unix)]
#[test]
fn fifos_are_refused_without_blocking() {
    let dir = scratch("fifo");
    let fifo = dir.join("p.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let fifo = fifo.to_str().expect("path");
    let refused = "it is a named pipe (FIFO)";
    // A record, a procedure and a holiday calendar that are FIFOs: with no
    // writer, opening one blocked forever.
    let record = "examples/records/xinhe_conforming.toml";
    let anchor = "投票选举=2021-01-28";
    for args in [
        vec!["check", PROC, fifo],
        vec!["lint", fifo],
        vec!["schedule", PROC, "--anchor", anchor, "--holidays", fifo],
        vec!["check", PROC, record, "--holidays", fifo],
    ] {
        let (o, _) = run(&[&args[..], &["--lang", "en"]].concat(), secs(2));
        assert!(text(&o).contains(refused), "{args:?}: {}", text(&o));
        assert!(matches!(o.status.code(), Some(1 | 2)), "{args:?}");
    }
    // In a record directory, it is skipped with a note.
    let records = scratch("fifo-dir");
    std::fs::copy(record, records.join("a.toml")).expect("copy");
    let made = Command::new("mkfifo").arg(records.join("p.toml")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let dir_arg = records.to_str().expect("path");
    let (o, _) = run(&["check", PROC, dir_arg, "--lang", "en"], secs(2));
    let said = text(&o);
    assert!(
        said.contains("note: skipped") && said.contains("p.toml"),
        "{said}"
    );
    assert!(
        said.contains("a.toml (新河街道 新河社区): conforming"),
        "{said}"
    );
    assert_eq!(o.status.code(), Some(0), "{said}");
}

// -- 6. years 1–9999 ----------------------------------------------------

/// Every `DTSTART`/`DTEND` of an ICS file is a DATE of eight digits.
fn ics_dates_are_valid(ics: &str) -> bool {
    ics.lines()
        .filter_map(|l| l.split_once(";VALUE=DATE:").map(|(_, d)| d.trim_end()))
        .all(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
}

#[test]
fn dates_past_year_9999_are_refused_everywhere() {
    let dir = scratch("years");
    // An anchor: refused with a clear message (it wrote DTSTART 100000101).
    for date in ["+10000-01-01", "0000-06-01"] {
        let anchor = format!("投票选举={date}");
        let (o, _) = run(
            &["schedule", PROC, "--anchor", &anchor, "--format", "ics"],
            secs(2),
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).contains("is outside 1 to 9999"), "{}", text(&o));
        assert!(o.stdout.is_empty());
    }
    // An anchor on the last day: the events end on it at the latest.
    let (o, _) = run(
        &[
            "schedule",
            PROC,
            "--anchor",
            "投票选举=9999-12-31",
            "--format",
            "ics",
        ],
        secs(2),
    );
    let ics = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && ics.contains("DTSTART;VALUE=DATE:9999"),
        "{ics}"
    );
    assert!(ics_dates_are_valid(&ics), "{ics}");
    // A date in a procedure, and a `--param` of type date.
    let proc = write(
        &dir,
        "p.hj",
        "procedure P {\n  param 截止: date = 0000-01-01\n  stage A { no later than 2021-01-01 }\n}\n",
    );
    let (o, _) = run(
        &["lint", proc.to_str().expect("path"), "--lang", "en"],
        secs(2),
    );
    assert!(text(&o).contains("error[HJ017]"), "{}", text(&o));
    assert!(text(&o).contains("is outside 1 to 9999"), "{}", text(&o));
    let proc = write(
        &dir,
        "q.hj",
        "procedure P {\n  param 截止: date = 2021-01-01\n  stage A {}\n}\n",
    );
    let proc = proc.to_str().expect("path");
    let (o, _) = run(
        &[
            "schedule",
            proc,
            "--anchor",
            "A=2021-01-01",
            "--param",
            "截止=10000-01-01",
            "--lang",
            "en",
        ],
        secs(2),
    );
    assert!(text(&o).contains("error[HJ017]"), "{}", text(&o));
    assert!(
        text(&o).contains("the year of `10000-01-01` is outside 1 to 9999"),
        "{}",
        text(&o)
    );
    // A record dated in year 0.
    let record = std::fs::read_to_string("examples/records/xinhe_conforming.toml")
        .expect("record")
        .replacen("date = 2020-12-20", "date = 0000-12-20", 1);
    let record = write(&dir, "r.toml", &record);
    let (o, _) = run(
        &[
            "check",
            PROC,
            record.to_str().expect("path"),
            "--lang",
            "en",
        ],
        secs(2),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("0000-12-20"), "{}", text(&o));
    // A holiday calendar with year 0000.
    let holidays = write(
        &dir,
        "h.toml",
        "format = 1\nsource = \"x\"\n[year.0000]\nnotice = \"x\"\ndocument = \"x\"\n\
         issued = \"2020-01-01\"\nholidays = [\"0000-01-01\"]\nworkdays = []\n",
    );
    let (o, _) = run(
        &[
            "schedule",
            PROC,
            "--anchor",
            "投票选举=2021-01-28",
            "--holidays",
            holidays.to_str().expect("path"),
            "--lang",
            "en",
        ],
        secs(2),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("`0000` is not a year"), "{}", text(&o));
}
