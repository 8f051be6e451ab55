//! `docs/procedures.md` traces every rule of the domain (RC1–RC23,
//! PO1–PO14, X1–X5) to the procedure lines that encode it and to the check
//! records that conform to it and violate it. This test keeps the table
//! honest:
//!
//! - every rule id has exactly one row, and no row names an unknown id;
//! - every `path.hj:N` reference (`:N–M`, `:N,M` …) names an existing line
//!   of an existing file, and every other path in backticks exists;
//! - every record (`….toml`, relative to `procedures/tests/` unless it
//!   starts with `tests/` or `examples/`) exists;
//! - a row's status agrees with its cells: `已测` (tested) rows have lines, a
//!   passing and a failing record; `未测` (untested) rows have lines and no
//!   failing record; `不可编码` / `未编码` rows have no lines and a reason;
//! - a passing record expects no finding (`expect = "conforming"`), a failing one
//!   expects some;
//! - the coverage table's counts are those of the rows;
//! - every procedure file under `procedures/` is listed;
//! - when `../shared/design/domain.md` is beside the crate, every rule id in
//!   its tables has a row (skipped quietly when the file is absent).
#![allow(clippy::panic, reason = "a test fails by panicking")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn doc() -> String {
    read(&root().join("docs/procedures.md"))
}

/// The rule ids of domain.md: RC1–RC23, PO1–PO14, X1–X5; and NPC1–NPC20.
fn rule_ids() -> Vec<String> {
    let mut ids = Vec::new();
    // NPC1–NPC20: procedures/npc_direct.hj, numbered in docs/procedures.md
    // itself (the Electoral Law is not in domain.md).
    for (prefix, last) in [("RC", 23), ("PO", 14), ("X", 5), ("NPC", 20)] {
        for n in 1..=last {
            ids.push(format!("{prefix}{n}"));
        }
    }
    ids
}

/// Whether `s` is a rule id: `RC`, `PO`, `X` or `NPC` followed by digits.
fn is_rule_id(s: &str) -> bool {
    ["RC", "PO", "X", "NPC"].iter().any(|p| {
        s.strip_prefix(p)
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Every rule id in `line`, on word boundaries (as `\b(RC|PO|X)\d+\b`).
fn ids_in(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !word(chars[i - 1]);
        let prefix = if chars[i..].starts_with(&['R', 'C']) || chars[i..].starts_with(&['P', 'O']) {
            2
        } else if chars[i] == 'X' {
            1
        } else {
            0
        };
        if at_boundary && prefix > 0 {
            let mut j = i + prefix;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j > i + prefix && (j == chars.len() || !word(chars[j])) {
                out.push(chars[i..j].iter().collect());
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The cells of a Markdown table row, trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// One row of a rule table: the header of its table and its cells.
struct RuleRow {
    line: usize,
    header: Vec<String>,
    cells: Vec<String>,
}

impl RuleRow {
    /// The cell under the header that contains `heading`.
    fn cell(&self, heading: &str) -> &str {
        let col = self
            .header
            .iter()
            .position(|h| h.contains(heading))
            .unwrap_or_else(|| {
                panic!(
                    "docs/procedures.md:{}: the table has no `{heading}` column",
                    self.line
                )
            });
        self.cells.get(col).map_or("", String::as_str)
    }
}

/// The rows of the doc's tables whose first cell is a rule id.
fn rule_rows(text: &str) -> Vec<RuleRow> {
    let lines: Vec<&str> = text.lines().collect();
    let mut rows = Vec::new();
    let mut header: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with('|') {
            header.clear();
            continue;
        }
        if is_separator(line) {
            continue;
        }
        if lines.get(i + 1).is_some_and(|next| is_separator(next)) {
            header = cells(line);
            continue;
        }
        let c = cells(line);
        let first = c.first().map_or("", |s| s.trim_matches(['*', '`']));
        if is_rule_id(first) {
            rows.push(RuleRow {
                line: i + 1,
                header: header.clone(),
                cells: c,
            });
        }
    }
    rows
}

/// The spans between backticks in `text`.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// A `file:lines` reference: the file and the line numbers it names.
fn line_ref(span: &str) -> Option<(&str, Vec<(usize, usize)>)> {
    let (file, spec) = span
        .split_once(".hj:")
        .map(|(f, s)| (&span[..f.len() + 3], s))?;
    let mut ranges = Vec::new();
    for part in spec.split(',') {
        let mut ends = part.split(['–', '-']).map(|n| n.trim().parse::<usize>());
        let (Some(Ok(a)), b) = (ends.next(), ends.next()) else {
            panic!("docs/procedures.md: bad line reference `{span}`");
        };
        let b = match b {
            None => a,
            Some(Ok(b)) => b,
            Some(Err(_)) => panic!("docs/procedures.md: bad line reference `{span}`"),
        };
        ranges.push((a, b));
    }
    Some((file, ranges))
}

/// The records named in `text`, resolved.
fn records_in(text: &str) -> Vec<PathBuf> {
    code_spans(text)
        .into_iter()
        .filter(|s| s.ends_with(".toml") && !s.contains(' '))
        .map(record_path)
        .collect()
}

fn record_path(span: &str) -> PathBuf {
    if span.starts_with("tests/") || span.starts_with("examples/") {
        root().join(span)
    } else {
        root().join("procedures/tests").join(span)
    }
}

/// The findings a record's `expect` names, as `kind(CODE)@stage` (the code
/// only when given).
fn expected_findings(record: &Path) -> Vec<String> {
    let text = read(record);
    let expectation = huanjie::record::expect::expectation(
        &text,
        huanjie::span::FileId(0),
        huanjie::record::Format::Toml,
    )
    .ok()
    .flatten()
    .unwrap_or_else(|| panic!("{}: no valid `expect`", record.display()));
    expectation
        .findings
        .into_iter()
        .map(|f| {
            let code = f.code.map(|c| format!("({c})")).unwrap_or_default();
            format!("{}{code}@{}", f.kind, f.stage.as_deref().unwrap_or("-"))
        })
        .collect()
}

#[test]
fn every_rule_has_exactly_one_row() {
    let rows = rule_rows(&doc());
    let mut count: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for row in &rows {
        let id = row.cells[0].trim_matches(['*', '`']).to_string();
        count.entry(id).or_default().push(row.line);
    }
    let known = rule_ids();
    let mut problems = Vec::new();
    for id in &known {
        match count.get(id).map(Vec::len) {
            Some(1) => {}
            None => problems.push(format!("{id}: no row")),
            Some(_) => problems.push(format!("{id}: rows on lines {:?}", count[id])),
        }
    }
    for (id, lines) in &count {
        if !known.contains(id) {
            problems.push(format!("{id}: not a rule of domain.md (lines {lines:?})"));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/procedures.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_reference_points_at_something_that_exists() {
    let text = doc();
    let mut problems = Vec::new();
    for span in code_spans(&text) {
        if span.contains(' ') || span.starts_with('/') {
            continue;
        }
        if let Some((file, ranges)) = line_ref(span) {
            let path = root().join(file);
            let Ok(source) = std::fs::read_to_string(&path) else {
                problems.push(format!("`{span}`: no file {file}"));
                continue;
            };
            let lines = source.lines().count();
            for (a, b) in ranges {
                if a == 0 || a > b || b > lines {
                    problems.push(format!("`{span}`: {file} has {lines} lines"));
                }
            }
        } else if span.ends_with(".toml") {
            if !record_path(span).is_file() {
                problems.push(format!("`{span}`: no such record"));
            }
        } else if span.contains('/')
            && [".hj", ".rs", ".md"].iter().any(|e| span.ends_with(e))
            && !root().join(span).is_file()
        {
            problems.push(format!("`{span}`: no such file"));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/procedures.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn each_rows_status_agrees_with_its_cells() {
    let mut problems = Vec::new();
    for row in rule_rows(&doc()) {
        let id = row.cells[0].trim_matches(['*', '`']);
        let at = format!("{id} (docs/procedures.md:{})", row.line);
        let encoded = code_spans(row.cell("编码"))
            .into_iter()
            .filter(|s| line_ref(s).is_some())
            .count();
        let passes = records_in(row.cell("通过"));
        let fails = records_in(row.cell("违反"));
        let status = row.cell("状态");
        let notes = row.cell("说明").trim();
        if status.starts_with("已测") {
            if encoded == 0 || passes.is_empty() || fails.is_empty() {
                problems.push(format!(
                    "{at}: tested, but lines {encoded}, passing {}, failing {}",
                    passes.len(),
                    fails.len()
                ));
            }
        } else if status.starts_with("未测") {
            if encoded == 0 || !fails.is_empty() {
                problems.push(format!("{at}: untested needs lines and no failing record"));
            }
        } else if status.starts_with("不可编码") || status.starts_with("未编码") {
            if encoded != 0 || notes.is_empty() || notes == "—" {
                problems.push(format!("{at}: not encoded, so no lines and a reason"));
            }
        } else {
            problems.push(format!("{at}: unknown status `{status}`"));
        }
        for record in passes.iter().filter(|r| r.is_file()) {
            // A warning that a finding depends on a contested reading
            // (HJ310) is not a violation: the record still passes the rule.
            let found: Vec<String> = expected_findings(record)
                .into_iter()
                .filter(|t| !t.contains("(HJ310)"))
                .collect();
            if !found.is_empty() {
                problems.push(format!(
                    "{at}: passing record {} expects {found:?}",
                    record.display()
                ));
            }
        }
        for record in fails.iter().filter(|r| r.is_file()) {
            if expected_findings(record).is_empty() {
                problems.push(format!(
                    "{at}: failing record {} expects no finding",
                    record.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The status of a rule row, as the coverage table names it.
const STATUSES: [&str; 4] = ["已测", "未测", "不可编码", "未编码"];

#[test]
fn the_coverage_table_adds_up() {
    let text = doc();
    let mut counted: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let rows = rule_rows(&text);
    for row in &rows {
        let id = row.cells[0].trim_matches(['*', '`']);
        let family = ["RC", "PO", "X"]
            .into_iter()
            .find(|p| id.starts_with(p))
            .unwrap_or("");
        let status = row.cell("状态");
        if let Some(s) = STATUSES.into_iter().find(|s| status.starts_with(s)) {
            *counted.entry((s, family)).or_default() += 1;
        }
    }
    let mut problems = Vec::new();
    let mut seen = 0;
    for line in text.lines().filter(|l| l.trim_start().starts_with('|')) {
        let c = cells(line);
        let Some(status) = STATUSES.into_iter().find(|s| c[0].starts_with(s)) else {
            continue;
        };
        seen += 1;
        let numbers: Vec<usize> = c[1..].iter().filter_map(|n| n.parse().ok()).collect();
        let [rc, po, x, total] = numbers[..] else {
            problems.push(format!("`{line}`: expected four counts"));
            continue;
        };
        for (family, n) in [("RC", rc), ("PO", po), ("X", x)] {
            let actual = counted.get(&(status, family)).copied().unwrap_or(0);
            if actual != n {
                problems.push(format!(
                    "{status} {family}: the table says {n}, the rows {actual}"
                ));
            }
        }
        if rc + po + x != total {
            problems.push(format!("{status}: {rc} + {po} + {x} is not {total}"));
        }
    }
    assert_eq!(
        seen,
        STATUSES.len(),
        "docs/procedures.md: no coverage table"
    );
    assert!(
        problems.is_empty(),
        "docs/procedures.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_procedure_file_is_listed() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "hj") {
                out.push(p);
            }
        }
    }
    let text = doc();
    let spans = code_spans(&text);
    let mut files = Vec::new();
    walk(&root().join("procedures"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no procedure files");
    let missing: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(root()).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (!spans.contains(&rel.as_str())).then_some(rel)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/procedures.md does not list {missing:?}"
    );
}

#[test]
fn every_rule_of_the_domain_has_a_row() {
    let domain = root().join("../shared/design/domain.md");
    let Ok(text) = std::fs::read_to_string(&domain) else {
        return;
    };
    let rows = rule_rows(&doc());
    let have: Vec<&str> = rows
        .iter()
        .map(|r| r.cells[0].trim_matches(['*', '`']))
        .collect();
    let mut missing: Vec<String> = text
        .lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .flat_map(ids_in)
        .filter(|id| !have.contains(&id.as_str()))
        .collect();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "rules of domain.md without a row in docs/procedures.md: {missing:?}"
    );
}

#[test]
fn ids_are_found_on_word_boundaries() {
    assert_eq!(ids_in("| RC1 | seed 004 |"), ["RC1"]);
    assert_eq!(ids_in("PO13, X5 and RC21."), ["PO13", "X5", "RC21"]);
    assert!(ids_in("ARC1 RC1a X PO 0x5").is_empty());
    assert!(is_rule_id("X5") && !is_rule_id("X") && !is_rule_id("RC1a"));
}
