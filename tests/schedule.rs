//! Schedules of the procedures in `tests/corpus/schedule/`: the acceptance
//! dates of seed 004, reviewed snapshots of the table (zh, en), the JSON
//! document and the iCalendar file, a structural check of every iCalendar
//! file, and the `schedule` command through the built binary.

use huanjie::diag::Lang;
use huanjie::schedule::{
    compile_for, render_ics, render_json, render_table, schedule, Anchor, Row, Schedule,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/schedule")
        .join(name)
}

/// The schedule of the first procedure of a corpus file.
#[expect(clippy::panic, reason = "a test helper fails the test")]
fn schedule_of(file: &str, anchors: &[(&str, &str)], plan: Option<&str>) -> Schedule {
    let text = std::fs::read_to_string(corpus(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (_, _, outcome) = huanjie::lint_str(file, &text);
    assert!(
        !outcome.diagnostics.iter().any(|d| d.is_error()),
        "{file} has errors: {:#?}",
        outcome.diagnostics
    );
    let Some(program) = outcome.program else {
        panic!("{file} did not parse")
    };
    let plan = plan.map(|name| match program.plan(name) {
        Some((_, p)) => p,
        None => panic!("no plan {name}"),
    });
    let proc = match plan {
        Some(p) => &program.procedures[p.procedure.0],
        None => &program.procedures[0],
    };
    let anchors: Vec<Anchor> = anchors
        .iter()
        .map(|(n, d)| Anchor::parse(&format!("{n}={d}")).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let ir = compile_for(proc, plan);
    schedule(proc, &ir, &anchors, plan).unwrap_or_else(|d| panic!("{d:#?}"))
}

#[expect(clippy::panic, reason = "a test helper fails the test")]
fn row<'s>(s: &'s Schedule, name: &str) -> &'s Row {
    s.rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

fn latest(s: &Schedule, name: &str) -> (String, String) {
    let r = row(s, name);
    let show = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    (show(r.start.latest), show(r.end.latest))
}

/// Seed 004: election on 2021-01-28 → voter list by 2021-01-08 (reading A),
/// formal candidates by 2021-01-21.
#[test]
fn residents_committee_election_day_gives_the_seed_dates() {
    let s = schedule_of("residents.hj", &[("投票选举", "2021-01-28")], None);
    let day = |d: &str| (d.to_string(), d.to_string());
    assert_eq!(latest(&s, "选民名单公布"), day("2021-01-08"));
    assert_eq!(latest(&s, "正式候选人公布"), day("2021-01-21"));
    assert_eq!(latest(&s, "结果上报"), day("2021-01-29"));
    assert_eq!(row(&s, "选民名单公布").start.earliest, None);
}

/// Checks an iCalendar document's structure (RFC 5545): CRLF line ends,
/// lines of at most 75 octets, balanced components, the required properties,
/// all-day dates with an exclusive end after the start, and TEXT escaping.
fn check_ics(ics: &str) -> Result<usize, String> {
    if !ics.ends_with("\r\n") || ics.replace("\r\n", "").contains(['\r', '\n']) {
        return Err("every line must end with CRLF".into());
    }
    for line in ics.split("\r\n") {
        if line.len() > 75 {
            return Err(format!("line of {} octets: {line}", line.len()));
        }
    }
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    if lines.first() != Some(&"BEGIN:VCALENDAR") || lines.last() != Some(&"END:VCALENDAR") {
        return Err("not one VCALENDAR".into());
    }
    for required in ["VERSION:2.0", "CALSCALE:GREGORIAN"] {
        if !lines.contains(&required) {
            return Err(format!("missing {required}"));
        }
    }
    if !lines.iter().any(|l| l.starts_with("PRODID:")) {
        return Err("missing PRODID".into());
    }
    let mut events = 0;
    let mut event: Option<Vec<&str>> = None;
    for line in &lines[1..lines.len() - 1] {
        let (name, value) = line.split_once(':').ok_or(format!("no colon: {line}"))?;
        match (*line, &mut event) {
            ("BEGIN:VEVENT", None) => event = Some(Vec::new()),
            ("END:VEVENT", Some(props)) => {
                check_event(props)?;
                events += 1;
                event = None;
            }
            (_, Some(props)) => props.push(line),
            (_, None) if name.starts_with("BEGIN") || name.starts_with("END") => {
                return Err(format!("unexpected {line}"))
            }
            (_, None) => {}
        }
        if matches!(name, "SUMMARY" | "DESCRIPTION" | "X-WR-CALNAME") {
            check_escaped(value)?;
        }
    }
    match event {
        Some(_) => Err("unterminated VEVENT".into()),
        None => Ok(events),
    }
}

fn check_event(props: &[&str]) -> Result<(), String> {
    let get = |key: &str| {
        props
            .iter()
            .find_map(|p| p.strip_prefix(key))
            .ok_or(format!("VEVENT without {key}"))
    };
    get("UID:")?;
    get("SUMMARY:")?;
    let stamp = get("DTSTAMP:")?;
    if stamp.len() != 16 || !stamp.ends_with('Z') {
        return Err(format!("bad DTSTAMP {stamp}"));
    }
    let start = get("DTSTART;VALUE=DATE:")?;
    let end = get("DTEND;VALUE=DATE:")?;
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y%m%d").map_err(|e| e.to_string());
    if date(end)? <= date(start)? {
        return Err(format!("DTEND {end} not after DTSTART {start}"));
    }
    Ok(())
}

/// Every `\` starts an escape of `\`, `;`, `,` or `n`; no bare `;` or `,`.
fn check_escaped(value: &str) -> Result<(), String> {
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\' | ';' | ',' | 'n' | 'N') => {}
                other => return Err(format!("bad escape \\{other:?} in {value}")),
            },
            ';' | ',' => return Err(format!("unescaped {c} in {value}")),
            _ => {}
        }
    }
    Ok(())
}

/// The snapshots of one schedule: table (zh, en), JSON, iCalendar.
fn snapshots(name: &str, s: &Schedule) {
    insta::assert_snapshot!(format!("{name}_table_zh"), render_table(s, Lang::Zh));
    insta::assert_snapshot!(format!("{name}_table_en"), render_table(s, Lang::En));
    insta::assert_json_snapshot!(format!("{name}_json"), render_json(s, Lang::En));
    let ics = render_ics(s, Lang::Zh);
    assert!(check_ics(&ics).is_ok(), "{:?}", check_ics(&ics));
    // CRLF is checked above; the snapshot shows plain lines.
    insta::assert_snapshot!(format!("{name}_ics"), ics.replace("\r\n", "\n"));
}

#[test]
fn residents_committee_from_the_election_day() {
    let s = schedule_of("residents.hj", &[("投票选举", "2021-01-28")], None);
    snapshots("residents_anchor", &s);
}

#[test]
fn residents_committee_with_its_plan() {
    let s = schedule_of("residents.hj", &[], Some("新河街道2021"));
    assert_eq!(
        latest(&s, "另行选举").1,
        "2021-02-04",
        "the window bounds it"
    );
    snapshots("residents_plan", &s);
}

#[test]
fn party_organisation_with_phase_and_working_days() {
    let s = schedule_of("party.hj", &[], Some("和平社区2021"));
    // 2021-10-15 is a Friday: five working days after it end on 10-22.
    assert_eq!(latest(&s, "结果报批").1, "2021-10-22");
    snapshots("party_plan", &s);
}

#[test]
fn the_ics_checker_rejects_broken_files() {
    assert!(check_ics("BEGIN:VCALENDAR\nEND:VCALENDAR\n").is_err());
    let long = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nCALSCALE:GREGORIAN\r\nX:{}\r\nEND:VCALENDAR\r\n",
        "a".repeat(80)
    );
    assert!(check_ics(&long).is_err());
    assert!(check_escaped("a\\,b\\nc").is_ok());
    assert!(check_escaped("a,b").is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any election day and list day: a schedule exactly when the list is at
    /// least 20 days before the election (the binding rule), else HJ410;
    /// never a panic, and every window is ordered.
    #[test]
    fn any_two_anchors_give_a_schedule_or_a_conflict(
        e in -3_000_000i64..3_000_000,
        gap in -40i64..40,
    ) {
        let (Some(ed), Some(ld)) = (
            huanjie::ir::from_day_number(e),
            huanjie::ir::from_day_number(e - 20 + gap),
        ) else {
            return Ok(());
        };
        let text = std::fs::read_to_string(corpus("residents.hj")).unwrap_or_default();
        let (_, _, outcome) = huanjie::lint_str("residents.hj", &text);
        let Some(program) = outcome.program else {
            return Err(proptest::test_runner::TestCaseError::fail("no program"));
        };
        let proc = &program.procedures[0];
        let ir = compile_for(proc, None);
        let anchors = [Anchor::new("投票选举", ed), Anchor::new("选民名单公布", ld)];
        match schedule(proc, &ir, &anchors, None) {
            Ok(s) => {
                proptest::prop_assert!(gap <= 0, "gap {gap} accepted");
                for r in &s.rows {
                    for w in [r.start, r.end] {
                        if let (Some(a), Some(b)) = (w.earliest, w.latest) {
                            proptest::prop_assert!(a <= b, "{} {a} > {b}", r.name);
                        }
                    }
                }
                proptest::prop_assert_eq!(row(&s, "投票选举").start.latest, Some(ed));
            }
            Err(d) => {
                proptest::prop_assert!(gap > 0, "gap {gap} refused");
                proptest::prop_assert_eq!(d.code.id(), "HJ410");
            }
        }
    }
}

// ---- the command line ------------------------------------------------------

fn huanjie(args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "LANG", "LC_ALL"] {
        cmd.env_remove(var);
    }
    cmd.args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("cannot run {BIN}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cli_prints_the_table_json_and_ics() {
    let path = corpus("residents.hj");
    let file = path.to_string_lossy();
    let out = huanjie(&["schedule", &file, "--anchor", "投票选举=2021-01-28"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("选民名单公布") && table.contains("2021-01-08"));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));

    let out = huanjie(&[
        "schedule",
        &file,
        "--plan",
        "新河街道2021",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["plan"], "新河街道2021");
    assert_eq!(doc["stages"][0]["end"]["latest"], "2021-01-08");

    let out = huanjie(&[
        "schedule",
        &file,
        "--anchor",
        "投票选举=2021-01-28",
        "--format",
        "ics",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(check_ics(&text(&out.stdout)), Ok(8), "one event per stage");
}

#[test]
fn cli_exit_statuses() {
    let path = corpus("residents.hj");
    let file = path.to_string_lossy();
    // A date that is not a date: usage error.
    let out = huanjie(&["schedule", &file, "--anchor", "投票选举=2021-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`2021-02-30` is not a date"));
    // No anchor and no plan: usage error.
    assert_eq!(huanjie(&["schedule", &file]).status.code(), Some(2));
    // An unknown stage: usage error, with a suggestion.
    let out = huanjie(&[
        "--lang",
        "en",
        "schedule",
        &file,
        "--anchor",
        "投票选拳=2021-01-28",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("HJ104") && err.contains("did you mean `投票选举`?"),
        "{err}"
    );
    // An unknown plan.
    let out = huanjie(&["schedule", &file, "--plan", "新河街道2020"]);
    assert_eq!(out.status.code(), Some(2));
    // Conflicting anchors: problems found.
    let out = huanjie(&[
        "schedule",
        &file,
        "--anchor",
        "投票选举=2021-01-28",
        "--anchor",
        "选民名单公布=2021-01-10",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("HJ410"));
    assert!(out.stdout.is_empty());
    // A missing file.
    let out = huanjie(&["schedule", "/nonexistent/x.hj", "--anchor", "a=2021-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    // A procedure with errors is not scheduled.
    let broken = corpus("../errors/undefined_stage_in_timing.hj");
    let out = huanjie(&[
        "schedule",
        &broken.to_string_lossy(),
        "--anchor",
        "投票选举=2021-01-28",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn cli_reads_a_holiday_calendar() {
    let dir = std::env::temp_dir().join(format!("huanjie-schedule-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let bad = dir.join("bad.toml");
    let _ = std::fs::write(&bad, "format = 1\n[year.2021]\nholidays = [\"x\"]\n");
    let path = corpus("party.hj");
    let file = path.to_string_lossy();
    let args = ["schedule", &file, "--plan", "和平社区2021", "--holidays"];
    let out = huanjie(&[&args[..], &[&bad.to_string_lossy()]].concat());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    // An empty calendar covers no year: the working-day rule warns.
    let empty = dir.join("empty.toml");
    let _ = std::fs::write(&empty, "format = 1\n");
    let out = huanjie(&[&args[..], &[&empty.to_string_lossy()]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("HJ411"), "{}", text(&out.stderr));
}

/// The latest date of `stage` in the JSON schedule printed for `args`.
fn latest_in(args: &[&str], stage: &str) -> String {
    let mut all = vec!["schedule"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = huanjie(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let rows = doc["stages"].as_array().cloned().unwrap_or_default();
    let row = rows
        .iter()
        .find(|r| r["name"] == stage)
        .unwrap_or_else(|| unreachable!("no row {stage}"));
    row["end"]["latest"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn cli_param_sets_a_parameter() {
    let file = "procedures/residents_committee.hj";
    let day = ["--anchor", "投票选举=2021-01-28"];
    // The runoff window is the parameter 另行选举期限: 10 days by default.
    let default = latest_in(&[file, day[0], day[1]], "另行选举");
    assert_eq!(default, "2021-02-07");
    let local = latest_in(
        &[file, day[0], day[1], "--param", "另行选举期限=三十"],
        "另行选举",
    );
    assert_eq!(local, "2021-02-27");
    // A later argument for the same parameter wins.
    let last = latest_in(
        &[
            file,
            day[0],
            day[1],
            "--param",
            "另行选举期限=30",
            "--param",
            "另行选举期限=15",
        ],
        "另行选举",
    );
    assert_eq!(last, "2021-02-12");
}

#[test]
fn cli_param_errors_point_at_the_argument() {
    let out = huanjie(&[
        "schedule",
        "procedures/residents_committee.hj",
        "--anchor",
        "投票选举=2021-01-28",
        "--param",
        "另行选举期限=十周",
        "--param",
        "委托上線=3",
        "--no-color",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!("cli_param_errors", text(&out.stderr));
}
