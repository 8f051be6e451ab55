//! [`collect`] with files in memory (the language server's situation).

use super::*;
use std::collections::BTreeMap;

/// Files by absolute path; `links` maps a path to the one it leads to.
#[derive(Default)]
struct Memory {
    files: BTreeMap<PathBuf, String>,
    links: BTreeMap<PathBuf, PathBuf>,
    reads: Vec<PathBuf>,
}

/// `path` with `.` and `x/..` removed, links followed.
fn normal(path: &Path, links: &BTreeMap<PathBuf, PathBuf>) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
        if let Some(to) = links.get(&out) {
            out = to.clone();
        }
    }
    out
}

impl Memory {
    fn with(files: &[(&str, &str)]) -> Memory {
        let mut m = Memory::default();
        for (p, text) in files {
            m.files.insert(PathBuf::from(p), (*text).to_string());
        }
        m
    }
}

impl Loader for Memory {
    fn canonical(&mut self, path: &Path) -> Result<PathBuf, Text> {
        let p = normal(path, &self.links);
        if self.files.contains_key(&p) {
            Ok(p)
        } else {
            Err(Text::new("文件不存在", "no such file"))
        }
    }

    fn load(
        &mut self,
        path: &Path,
        name: &str,
        map: &mut SourceMap,
    ) -> Result<FileId, Box<Diagnostic>> {
        let p = normal(path, &self.links);
        self.reads.push(p.clone());
        match self.files.get(&p) {
            Some(text) => Ok(map.add(name, text.as_str())),
            None => Err(Box::new(Diagnostic::error(
                Code::Unreadable,
                Text::new("无法读取", "cannot read"),
            ))),
        }
    }
}

const PROC: &str = "procedure p { stage a {} }";

fn run(m: &mut Memory, given: &[&str]) -> (SourceMap, Collected) {
    let mut map = SourceMap::new();
    let given: Vec<PathBuf> = given.iter().map(PathBuf::from).collect();
    let c = collect(&given, Path::new("/lib"), m, &mut map);
    (map, c)
}

fn names(map: &SourceMap) -> Vec<String> {
    map.iter().map(|(_, f)| f.name.clone()).collect()
}

fn codes(c: &Collected) -> Vec<&'static str> {
    c.diagnostics.iter().map(|d| d.code.id()).collect()
}

/// The text of the primary label's span.
fn primary_text(map: &SourceMap, d: &Diagnostic) -> String {
    let span = d.primary_span();
    span.file()
        .and_then(|f| map.get(f))
        .map(|f| f.slice(span).to_string())
        .unwrap_or_default()
}

#[test]
fn includes_are_found_relative_to_the_including_file() {
    let mut m = Memory::with(&[
        ("/lib/plans/x.hj", "include \"../a.hj\"\nplan x for p {}"),
        (
            "/lib/a.hj",
            "引入 \"sub/b.hj\"\n引入 \"./c.hj\"\nprocedure a {}",
        ),
        ("/lib/sub/b.hj", PROC),
        ("/lib/c.hj", PROC),
    ]);
    let (map, c) = run(&mut m, &["/lib/plans/x.hj"]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    assert_eq!(
        names(&map),
        ["/lib/plans/x.hj", "/lib/a.hj", "/lib/sub/b.hj", "/lib/c.hj"]
    );
    assert_eq!(c.edges.len(), 3);
    assert_eq!(c.given.len(), 1);
}

#[test]
fn a_file_included_twice_or_also_given_is_loaded_once() {
    let mut m = Memory::with(&[
        (
            "/lib/x.hj",
            "include \"a.hj\"\ninclude \"b.hj\"\nprocedure x {}",
        ),
        ("/lib/a.hj", "include \"c.hj\"\nprocedure a {}"),
        ("/lib/b.hj", "include \"c.hj\"\nprocedure b {}"),
        ("/lib/c.hj", PROC),
    ]);
    let (map, c) = run(&mut m, &["/lib/c.hj", "/lib/x.hj", "/lib/./c.hj"]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    // c.hj is given (first), and included twice: read once.
    assert_eq!(
        names(&map),
        ["/lib/c.hj", "/lib/x.hj", "/lib/a.hj", "/lib/b.hj"]
    );
    let c_reads = m.reads.iter().filter(|p| p.ends_with("c.hj")).count();
    assert_eq!(c_reads, 1);
    assert_eq!(c.edges.len(), 4);
}

#[test]
fn a_cycle_is_one_diagnostic_naming_it() {
    let mut m = Memory::with(&[
        ("/lib/a.hj", "include \"b.hj\"\nprocedure a {}"),
        ("/lib/b.hj", "include \"c.hj\"\nprocedure b {}"),
        ("/lib/c.hj", "include \"a.hj\"\nprocedure c {}"),
        ("/lib/d.hj", "include \"d.hj\"\nprocedure d {}"),
    ]);
    let (map, c) = run(&mut m, &["/lib/a.hj", "/lib/d.hj"]);
    assert_eq!(codes(&c), ["HJ022", "HJ022"]);
    let messages: Vec<&str> = c
        .diagnostics
        .iter()
        .map(|d| d.message.en.as_str())
        .collect();
    assert!(messages.contains(
        &"files include each other in a cycle: /lib/a.hj → /lib/b.hj → /lib/c.hj → /lib/a.hj"
    ));
    assert!(messages.contains(&"the file `/lib/d.hj` includes itself"));
    let three = c.diagnostics.iter().find(|d| d.labels.len() == 3);
    assert!(three.is_some_and(|d| primary_text(&map, d) == "\"b.hj\""));
    assert_eq!(map.iter().count(), 4);
}

#[test]
fn paths_outside_the_root_absolute_or_not_hj_are_refused_on_the_path() {
    let mut m = Memory::with(&[
        (
            "/lib/a.hj",
            "include \"../etc/x.hj\"\ninclude \"/lib/b.hj\"\ninclude \"b.toml\"\n\
             include \"link.hj\"\ninclude \"\"\nprocedure a {}",
        ),
        ("/etc/x.hj", PROC),
        ("/lib/b.hj", PROC),
        ("/lib/b.toml", "procedure = \"p\""),
        ("/lib/secret.txt", "x"),
    ]);
    m.links.insert(
        PathBuf::from("/lib/link.hj"),
        PathBuf::from("/lib/secret.txt"),
    );
    let (map, c) = run(&mut m, &["/lib/a.hj"]);
    assert_eq!(codes(&c), ["HJ020", "HJ020", "HJ021", "HJ021", "HJ020"]);
    let at: Vec<String> = c
        .diagnostics
        .iter()
        .map(|d| primary_text(&map, d))
        .collect();
    assert_eq!(
        at,
        [
            "\"../etc/x.hj\"",
            "\"/lib/b.hj\"",
            "\"b.toml\"",
            "\"link.hj\"",
            "\"\""
        ]
    );
    // Nothing refused was read.
    assert_eq!(m.reads, [PathBuf::from("/lib/a.hj")]);
}

#[test]
fn a_missing_file_is_reported_on_the_include_and_the_rest_still_loads() {
    let mut m = Memory::with(&[
        (
            "/lib/a.hj",
            "include \"gone.hj\"\ninclude \"b.hj\"\nprocedure a {}",
        ),
        ("/lib/b.hj", PROC),
    ]);
    let (map, c) = run(&mut m, &["/lib/a.hj"]);
    assert_eq!(codes(&c), ["HJ001"]);
    let d = &c.diagnostics[0];
    assert_eq!(
        d.message.en,
        "cannot read the included file `/lib/gone.hj`: no such file"
    );
    assert_eq!(primary_text(&map, d), "\"gone.hj\"");
    assert_eq!(names(&map), ["/lib/a.hj", "/lib/b.hj"]);
}

#[test]
fn includes_after_a_syntax_error_are_still_found_at_the_head() {
    let mut m = Memory::with(&[
        (
            "/lib/a.hj",
            "// x\ninclude \"b.hj\";\nprocedure a { stage }",
        ),
        ("/lib/b.hj", PROC),
    ]);
    let (map, c) = run(&mut m, &["/lib/a.hj"]);
    assert!(c.diagnostics.is_empty());
    assert_eq!(map.iter().count(), 2);
}

#[test]
fn the_number_of_included_files_is_bounded() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..MAX_INCLUDED_FILES + 5 {
        files.push((
            format!("/lib/f{i}.hj"),
            format!("include \"f{}.hj\"\nprocedure f{i} {{}}", i + 1),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut m = Memory::with(&refs);
    let (map, c) = run(&mut m, &["/lib/f0.hj"]);
    assert_eq!(codes(&c), ["HJ119"]);
    assert_eq!(map.iter().count(), MAX_INCLUDED_FILES + 1);
}

#[test]
fn the_root_is_the_working_directory_or_the_files_common_folder() {
    let p = |s: &str| PathBuf::from(s);
    let cwd = p("/home/u/lib");
    assert_eq!(root_folder(&[p("/home/u/lib/plans/x.hj")], &cwd), cwd);
    assert_eq!(
        root_folder(&[p("/tmp/a/x.hj"), p("/tmp/a/b/y.hj")], &cwd),
        p("/tmp/a")
    );
    assert_eq!(
        root_folder(&[p("/tmp/a/x.hj"), p("/srv/y.hj")], &cwd),
        p("/")
    );
    assert_eq!(root_folder(&[], &cwd), cwd);
}

#[test]
fn names_of_included_files_follow_the_includer() {
    assert_eq!(
        display_name("procedures/plans/x.hj", "../two_committees.hj"),
        "procedures/two_committees.hj"
    );
    assert_eq!(display_name("a.hj", "./b.hj"), "b.hj");
    assert_eq!(display_name("../a.hj", "../b.hj"), "../../b.hj");
}
