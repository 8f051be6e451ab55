//! Files that name the files they need (`include "FILE.hj"`, docs/design/includes.md),
//! through the built binary: every command loads them itself; cycles,
//! paths leaving the root folder, non-`.hj` files and missing files are
//! refused on the path string; a file is loaded once however it is
//! reached; the library's files lint alone. Also: a record given where a
//! procedure belongs (HJ023).
#![allow(clippy::panic, reason = "a test fails by panicking")]

#[allow(dead_code)]
mod common;

use common::{root, status, temp_dir, write, BIN};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// `huanjie ARGS…` run in `dir`, English, no colour.
fn huanjie(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "LANG", "LC_ALL"] {
        cmd.env_remove(var);
    }
    cmd.current_dir(dir)
        .arg("--lang")
        .arg("en")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

/// The diagnostics of `lint --format json`: (code, message, the text the
/// primary label spans, the file it is in).
fn lint_json(dir: &Path, files: &[&str]) -> (i32, Vec<(String, String, String, String)>) {
    let mut args = vec!["lint", "--format", "json"];
    args.extend_from_slice(files);
    let out = huanjie(dir, &args);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let diags = doc["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("").to_string();
            let (s, e) = (
                d["span"]["start"].as_u64().unwrap_or(0) as usize,
                d["span"]["end"].as_u64().unwrap_or(0) as usize,
            );
            let text = std::fs::read_to_string(dir.join(&file)).unwrap_or_default();
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                text.get(s..e).unwrap_or("").to_string(),
                file,
            )
        })
        .collect();
    (status(&out), diags)
}

fn codes(diags: &[(String, String, String, String)]) -> Vec<&str> {
    diags.iter().map(|d| d.0.as_str()).collect()
}

/// A procedure that applies a rule set of `rules.hj`'s procedure.
const USES_RULES: &str = "\
include \"shared/rules.hj\"

procedure 居委会 {
  fact 登记选民: count
  stage 投票选举 {
    fact 参加投票: count
    apply 规则.到会
  }
}
";

const RULES: &str = "\
procedure 规则 {
  fact 登记选民: count
  ruleset 到会 {
    quorum 参加投票 > 登记选民 / 2
  }
  stage 投票选举 {
    fact 参加投票: count
    apply 到会
  }
}
";

#[test]
fn every_command_loads_the_included_file_itself() {
    let dir = temp_dir("includes-found");
    write(&dir.join("a.hj"), USES_RULES);
    write(&dir.join("shared/rules.hj"), RULES);
    let (code, diags) = lint_json(&dir, &["a.hj"]);
    assert_eq!((code, codes(&diags)), (0, vec![]), "{diags:?}");
    for args in [
        &["graph", "a.hj"][..],
        &["template", "a.hj"],
        &["explain", "a.hj"],
        &["schedule", "a.hj", "--anchor", "投票选举=2021-01-28"],
    ] {
        let out = huanjie(&dir, args);
        assert_eq!(
            status(&out),
            0,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The rule the included file brought in is checked.
    write(
        &dir.join("r.toml"),
        "procedure = \"居委会\"\n[facts]\n登记选民 = 100\n\n[stages.投票选举]\n\
         date = 2021-01-28\nfacts = { 参加投票 = 40 }\n",
    );
    let out = huanjie(&dir, &["check", "a.hj", "r.toml"]);
    let err = String::from_utf8_lossy(&out.stdout);
    assert_eq!(status(&out), 1, "{err}");
    assert!(err.contains("HJ306"), "{err}");
}

#[test]
fn giving_an_included_file_on_the_command_line_too_loads_it_once() {
    let dir = temp_dir("includes-given");
    write(&dir.join("a.hj"), USES_RULES);
    write(&dir.join("shared/rules.hj"), RULES);
    // A file loaded twice would define its procedure twice (HJ102).
    for files in [
        &["a.hj", "shared/rules.hj"][..],
        &["shared/rules.hj", "a.hj"],
        &["a.hj", "./shared/../shared/rules.hj", "a.hj"],
    ] {
        let (code, diags) = lint_json(&dir, files);
        assert_eq!((code, codes(&diags)), (0, vec![]), "{files:?}: {diags:?}");
    }
    // The procedure worked on is the first file's, whatever the order.
    let out = huanjie(&dir, &["template", "shared/rules.hj", "a.hj"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("规则"));
}

#[test]
fn a_file_included_along_two_paths_is_loaded_once() {
    let dir = temp_dir("includes-diamond");
    write(
        &dir.join("top.hj"),
        "include \"l.hj\"\ninclude \"r.hj\"\nprocedure 顶 { stage a {} }\n",
    );
    write(
        &dir.join("l.hj"),
        "include \"shared/rules.hj\"\nprocedure 左 { stage a {} }\n",
    );
    write(
        &dir.join("r.hj"),
        "include \"shared/rules.hj\"\nprocedure 右 { stage a {} }\n",
    );
    write(&dir.join("shared/rules.hj"), RULES);
    let (code, diags) = lint_json(&dir, &["top.hj"]);
    assert_eq!((code, codes(&diags)), (0, vec![]), "{diags:?}");
}

#[test]
fn a_deep_diamond_of_files_loads_each_file_once() {
    // Each file includes the next two: 2^30 paths lead to the last one,
    // which is loaded (and its procedure defined) once.
    let dir = temp_dir("includes-many-paths");
    let n = 30;
    for i in 0..n {
        let includes = if i + 2 < n {
            format!("include \"f{}.hj\"\ninclude \"f{}.hj\"\n", i + 1, i + 2)
        } else {
            String::new()
        };
        write(
            &dir.join(format!("f{i}.hj")),
            format!("{includes}procedure P{i} {{ stage s {{}} }}\n"),
        );
    }
    let start = std::time::Instant::now();
    let (code, diags) = lint_json(&dir, &["f0.hj"]);
    assert_eq!((code, codes(&diags)), (0, vec![]), "{diags:?}");
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    let out = huanjie(&dir, &["graph", "f29.hj", "f0.hj"]);
    assert_eq!(status(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_cycle_is_one_diagnostic_naming_it() {
    let dir = temp_dir("includes-cycle");
    write(
        &dir.join("a.hj"),
        "include \"b.hj\"\nprocedure a { stage x {} }\n",
    );
    write(
        &dir.join("b.hj"),
        "include \"sub/c.hj\"\nprocedure b { stage x {} }\n",
    );
    write(
        &dir.join("sub/c.hj"),
        "include \"../a.hj\"\nprocedure c { stage x {} }\n",
    );
    let (code, diags) = lint_json(&dir, &["a.hj"]);
    assert_eq!((code, codes(&diags)), (2, vec!["HJ022"]), "{diags:?}");
    let (_, message, at, file) = &diags[0];
    assert_eq!(
        message,
        "files include each other in a cycle: a.hj → b.hj → sub/c.hj → a.hj"
    );
    assert_eq!((at.as_str(), file.as_str()), ("\"b.hj\"", "a.hj"));
}

#[test]
fn a_path_leaving_the_root_folder_is_refused_symbolic_links_too() {
    let dir = temp_dir("includes-escape");
    write(&dir.join("outside.hj"), RULES);
    write(
        &dir.join("lib/a.hj"),
        "include \"../outside.hj\"\nprocedure a { stage x {} }\n",
    );
    // Run from lib/: the root folder is lib/, and ../outside.hj is beyond it.
    let lib = dir.join("lib");
    let (code, diags) = lint_json(&lib, &["a.hj"]);
    assert_eq!((code, codes(&diags)), (2, vec!["HJ020"]), "{diags:?}");
    assert_eq!(diags[0].2, "\"../outside.hj\"");
    // Run from the folder above, the same include is inside the root.
    let (code, diags) = lint_json(&dir, &["lib/a.hj"]);
    assert_eq!((code, codes(&diags)), (0, vec![]), "{diags:?}");
    // A link inside lib/ that leads outside it counts where it leads.
    #[cfg(unix)]
    {
        let link = lib.join("link.hj");
        let _ = std::os::unix::fs::symlink(dir.join("outside.hj"), &link);
        write(
            &lib.join("b.hj"),
            "include \"link.hj\"\nprocedure b { stage x {} }\n",
        );
        let (code, diags) = lint_json(&lib, &["b.hj"]);
        assert_eq!((code, codes(&diags)), (2, vec!["HJ020"]), "{diags:?}");
        assert_eq!(diags[0].2, "\"link.hj\"");
    }
    // An absolute path is refused wherever it leads.
    let absolute = format!(
        "include \"{}\"\nprocedure c {{ stage x {{}} }}\n",
        lib.join("a.hj").display()
    );
    write(&lib.join("c.hj"), absolute);
    let (code, diags) = lint_json(&lib, &["c.hj"]);
    assert_eq!((code, codes(&diags)), (2, vec!["HJ020"]), "{diags:?}");
    assert!(diags[0].1.contains("is absolute"), "{diags:?}");
}

#[test]
fn only_hj_files_can_be_included() {
    let dir = temp_dir("includes-not-hj");
    write(&dir.join("r.toml"), "procedure = \"a\"\n");
    write(
        &dir.join("a.hj"),
        "include \"r.toml\"\nprocedure a { stage x {} }\n",
    );
    let (code, diags) = lint_json(&dir, &["a.hj"]);
    assert_eq!((code, codes(&diags)), (2, vec!["HJ021"]), "{diags:?}");
    assert_eq!(diags[0].2, "\"r.toml\"");
}

#[test]
fn a_missing_file_is_reported_on_the_include() {
    let dir = temp_dir("includes-missing");
    write(
        &dir.join("a.hj"),
        "引入 \"规则.hj\"\n程序 甲 { 阶段 乙 {} }\n",
    );
    let (code, diags) = lint_json(&dir, &["a.hj"]);
    assert_eq!((code, codes(&diags)), (2, vec!["HJ001"]), "{diags:?}");
    assert_eq!(
        diags[0].1,
        "cannot read the included file `规则.hj`: no such file"
    );
    assert_eq!(
        (diags[0].2.as_str(), diags[0].3.as_str()),
        ("\"规则.hj\"", "a.hj")
    );
}

#[test]
fn every_file_of_the_library_lints_alone() {
    let mut files: Vec<String> = Vec::new();
    for dir in ["procedures", "procedures/plans"] {
        let entries = std::fs::read_dir(root().join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "hj") {
                files.push(format!("{dir}/{}", e.file_name().to_string_lossy()));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 9, "{files:?}");
    for f in &files {
        let (code, diags) = lint_json(root(), &[f]);
        // The seed plan keeps the two date slips of the published plan.
        let want: Vec<&str> = if f.ends_with("xinhe_2020.hj") {
            vec!["HJ501", "HJ502"]
        } else {
            vec![]
        };
        assert_eq!(codes(&diags), want, "{f}: {diags:?}");
        assert_eq!(code, if want.is_empty() { 0 } else { 1 }, "{f}");
    }
}

#[test]
fn a_record_given_first_says_the_arguments_are_in_the_wrong_order() {
    let dir = temp_dir("includes-order");
    let record = root().join("examples/records/xinhe_conforming.toml");
    common::copy(
        &root().join("procedures/residents_committee.hj"),
        &dir.join("p.hj"),
    );
    common::copy(&record, &dir.join("r.toml"));
    let (p, r) = ("p.hj", "r.toml");
    let out = huanjie(&dir, &["check", r, p]);
    // The report wraps long lines.
    let err = String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(status(&out), 2, "{err}");
    assert!(err.contains("error[HJ023]"), "{err}");
    assert!(
        err.contains("the arguments are in the wrong order"),
        "{err}"
    );
    assert!(
        err.contains(&format!("write `huanjie check {p} {r}`")),
        "{err}"
    );
    // A record where only procedures belong.
    let out = huanjie(&dir, &["lint", r]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status(&out), 2, "{err}");
    assert!(
        err.contains("is an election record, not a procedure file"),
        "{err}"
    );
    // A procedure where a record belongs (named like a record) says so.
    common::copy(&dir.join("p.hj"), &dir.join("p.toml"));
    let out = huanjie(&dir, &["check", p, "p.toml"]);
    let err = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(status(&out), 2, "{err}");
    assert!(
        err.contains("`p.toml` reads like a procedure, not an election record"),
        "{err}"
    );
    // Sniffed by content when the name does not say.
    let copy = dir.join("record.txt");
    write(&copy, std::fs::read(&record).unwrap_or_default());
    let out = huanjie(&dir, &["graph", "record.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status(&out), 2, "{err}");
    assert!(err.contains("HJ023"), "{err}");
}
