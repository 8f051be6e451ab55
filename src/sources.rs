//! The files one run reads: the files given, and every file they include.
//!
//! A file names the files it needs at its head, relative to its own folder:
//! `include "party_branch.hj"` / `引入 "party_branch.hj"`
//! (docs/design/includes.md, docs/language.md). [`collect`] loads the files
//! given and follows those includes, breadth-first, into one
//! [`SourceMap`]; everything after it (`crate::lint`, the commands) works
//! on the map as if every file had been given.
//!
//! The routine is pure: it reads through a [`Loader`]. The command line's
//! loader reads the file system (`cli::load`); the language server's can
//! serve its open documents and fall back to the disk. What it decides:
//!
//! - **Once per file.** A file is identified by its canonical path
//!   ([`Loader::canonical`]: absolute, symbolic links resolved) and loaded
//!   once, however often it is given or included. The files given come
//!   first in the map, in their order (so the first file given is the first
//!   of the map); included files follow in the order they are found.
//! - **Relative to the including file.** An include's path is joined to the
//!   folder of the including file's canonical path. An absolute path, or
//!   one whose canonical path lies outside the *root folder*, is refused
//!   (HJ020); so is a path, or a file it resolves to, not ending in `.hj`
//!   (HJ021). The root folder is the caller's: the command line takes
//!   [`root_folder`] of the files given. Every refusal is labelled on the
//!   path string.
//! - **Unreadable files.** The loader's diagnostic (HJ001, HJ002, HJ004),
//!   labelled on the include as well.
//! - **Cycles.** Files that include each other are one HJ022 per group,
//!   showing one cycle; each file is still loaded once.
//! - **Bounds.** At most [`MAX_INCLUDED_FILES`] files and
//!   [`MAX_INCLUDED_BYTES`] bytes are loaded through includes (HJ119, once).
//!
//! When [`Collected::diagnostics`] is not empty, some file is missing or
//! the includes are wrong: callers report these alone (linting the rest
//! would only report the names the missing files define as undefined).

use crate::diag::{Code, Diagnostic, Text};
use crate::span::{FileId, SourceMap, Span};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// How many files may be loaded through includes in one run.
pub const MAX_INCLUDED_FILES: usize = 64;

/// How many bytes the files loaded through includes may hold together
/// (16 MiB: four files of the largest size).
pub const MAX_INCLUDED_BYTES: usize = 16 * 1024 * 1024;

/// Where [`collect`] gets files from.
pub trait Loader {
    /// The identity of the file at `path`: its canonical path (absolute,
    /// symbolic links resolved). `Err` says why there is no such file, in
    /// both languages (e.g. "文件不存在" / "no such file").
    fn canonical(&mut self, path: &Path) -> Result<PathBuf, Text>;

    /// Reads the file at `path` into `map` under the name `name` (what
    /// diagnostics show) and returns its id, or the diagnostic saying why it
    /// cannot be read (HJ001, HJ002, HJ004). A file that is not valid UTF-8
    /// may still be added, so that its diagnostic can point into it.
    fn load(
        &mut self,
        path: &Path,
        name: &str,
        map: &mut SourceMap,
    ) -> Result<FileId, Box<Diagnostic>>;
}

/// One include followed: file `from` includes file `to`; `path` is the span
/// of the path string in `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: FileId,
    pub path: Span,
    pub to: FileId,
}

/// What [`collect`] loaded.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files given, in order, each once (those that could be read).
    pub given: Vec<FileId>,
    /// Every include that led to a loaded file.
    pub edges: Vec<Edge>,
    /// Files that could not be read, includes refused, cycles, bounds.
    pub diagnostics: Vec<Diagnostic>,
}

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// A file in the map, with what identifies and names it.
struct Loaded {
    id: FileId,
    canonical: PathBuf,
    name: String,
}

/// The state of one [`collect`].
struct Run<'a> {
    root: &'a Path,
    loader: &'a mut dyn Loader,
    files: Vec<Loaded>,
    by_path: HashMap<PathBuf, usize>,
    out: Collected,
    included_files: usize,
    included_bytes: usize,
    limit_said: bool,
}

/// Loads the files `given` into `map`, then every file they include,
/// transitively (see the module). `root` is the root folder, canonical.
pub fn collect(
    given: &[PathBuf],
    root: &Path,
    loader: &mut dyn Loader,
    map: &mut SourceMap,
) -> Collected {
    let mut run = Run {
        root,
        loader,
        files: Vec::new(),
        by_path: HashMap::new(),
        out: Collected::default(),
        included_files: 0,
        included_bytes: 0,
        limit_said: false,
    };
    for path in given {
        let name = path.display().to_string();
        let canonical = run.loader.canonical(path).ok();
        if canonical
            .as_ref()
            .is_some_and(|c| run.by_path.contains_key(c))
        {
            continue;
        }
        match run.loader.load(path, &name, map) {
            Ok(id) => {
                run.out.given.push(id);
                run.add(id, canonical.unwrap_or_else(|| path.clone()), name);
            }
            Err(d) => run.out.diagnostics.push(*d),
        }
    }
    let mut next = 0;
    while let Some(file) = run.files.get(next) {
        next += 1;
        let (id, folder, name) = (
            file.id,
            file.canonical.parent().map(Path::to_path_buf),
            file.name.clone(),
        );
        let Some(text) = map.get(id).map(|f| f.text.clone()) else {
            continue;
        };
        for inc in crate::syntax::file_includes(id, &text) {
            run.follow(id, folder.as_deref(), &name, &inc.path, map);
        }
    }
    let cycles = cycles(&run.files, &run.out.edges);
    run.out.diagnostics.extend(cycles);
    run.out
}

impl Run<'_> {
    fn add(&mut self, id: FileId, canonical: PathBuf, name: String) {
        self.by_path.insert(canonical.clone(), self.files.len());
        self.files.push(Loaded {
            id,
            canonical,
            name,
        });
    }

    /// Follows one include of file `from` (named `from_name`, in `folder`).
    fn follow(
        &mut self,
        from: FileId,
        folder: Option<&Path>,
        from_name: &str,
        written: &crate::ast::Str,
        map: &mut SourceMap,
    ) {
        let value = written.value.as_str();
        let at = written.span;
        if value.is_empty() || is_absolute(value) {
            self.out.diagnostics.push(absolute(value, at));
            return;
        }
        if !is_hj(Path::new(value)) {
            self.out.diagnostics.push(not_hj(value, None, at));
            return;
        }
        let name = display_name(from_name, value);
        let target = folder.map_or_else(|| PathBuf::from(value), |f| f.join(value));
        let canonical = match self.loader.canonical(&target) {
            Ok(c) => c,
            Err(why) => {
                self.out.diagnostics.push(unreadable(&name, &why, at));
                return;
            }
        };
        if !canonical.starts_with(self.root) {
            let d = outside(value, &canonical, self.root, at);
            self.out.diagnostics.push(d);
            return;
        }
        if !is_hj(&canonical) {
            let d = not_hj(value, Some(&canonical), at);
            self.out.diagnostics.push(d);
            return;
        }
        if let Some(&i) = self.by_path.get(&canonical) {
            if let Some(to) = self.files.get(i).map(|f| f.id) {
                self.out.edges.push(Edge { from, path: at, to });
            }
            return;
        }
        if self.included_files >= MAX_INCLUDED_FILES || self.included_bytes > MAX_INCLUDED_BYTES {
            if !self.limit_said {
                self.limit_said = true;
                self.out.diagnostics.push(too_many(at));
            }
            return;
        }
        match self.loader.load(&canonical, &name, map) {
            Ok(to) => {
                self.included_files += 1;
                let bytes = map.get(to).map_or(0, |f| f.text.len());
                self.included_bytes = self.included_bytes.saturating_add(bytes);
                self.out.edges.push(Edge { from, path: at, to });
                self.add(to, canonical, name);
            }
            Err(d) => {
                let d = d.with_label(at, t("在此引入", "included here"));
                self.out.diagnostics.push(d);
            }
        }
    }
}

/// The root folder of a run, which includes may not leave: the working
/// directory `cwd` when every file given (`given`, canonical paths) lies
/// beneath it, else the deepest folder that holds them all. Both canonical.
pub fn root_folder(given: &[PathBuf], cwd: &Path) -> PathBuf {
    if given.iter().all(|g| g.starts_with(cwd)) {
        return cwd.to_path_buf();
    }
    let mut root = given
        .first()
        .and_then(|g| g.parent())
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    while !given.iter().all(|g| g.starts_with(&root)) {
        match root.parent() {
            Some(p) => root = p.to_path_buf(),
            None => break,
        }
    }
    root
}

/// Whether an include's path is absolute (`/x`, `\x`, `C:…`): refused
/// whatever the platform.
fn is_absolute(written: &str) -> bool {
    written.starts_with('/')
        || written.starts_with('\\')
        || written.chars().nth(1) == Some(':')
        || Path::new(written).is_absolute()
}

fn is_hj(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "hj")
}

/// The name an included file is shown under: the includer's folder (as
/// the includer is named) joined with the path written, `.` and `x/..`
/// removed.
fn display_name(from_name: &str, written: &str) -> String {
    let joined = Path::new(from_name)
        .parent()
        .map_or_else(|| PathBuf::from(written), |p| p.join(written));
    let mut parts: Vec<Component> = Vec::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts
        .iter()
        .collect::<PathBuf>()
        .to_string_lossy()
        .into_owned()
}

fn written_help() -> Text {
    t(
        "引入的路径相对于引入它的文件所在的文件夹，用 `/` 分隔，如 `引入 \"party_branch.hj\"`、\
         `引入 \"../two_committees.hj\"`",
        "an include's path is relative to the folder of the file that includes it, with `/` \
         between folders, as in `include \"party_branch.hj\"` or `include \"../two_committees.hj\"`",
    )
}

fn absolute(written: &str, at: Span) -> Diagnostic {
    let (zh, en) = if written.is_empty() {
        (
            "引入的路径为空".to_string(),
            "the include's path is empty".to_string(),
        )
    } else {
        (
            format!("引入的路径 `{written}` 是绝对路径"),
            format!("the include's path `{written}` is absolute"),
        )
    };
    Diagnostic::error(Code::IncludeOutside, t(zh, en))
        .with_label(
            at,
            t(
                "只能引入相对于本文件的路径",
                "only a path relative to this file can be included",
            ),
        )
        .with_help(written_help())
}

fn outside(written: &str, canonical: &Path, root: &Path, at: Span) -> Diagnostic {
    let (c, r) = (canonical.display(), root.display());
    Diagnostic::error(
        Code::IncludeOutside,
        t(
            format!("引入的文件 `{written}` 在根目录之外"),
            format!("the included file `{written}` is outside the root folder"),
        ),
    )
    .with_label(
        at,
        t(
            format!("此路径指向 `{c}`"),
            format!("this path leads to `{c}`"),
        ),
    )
    .with_note(t(
        format!(
            "根目录是 `{r}`：所给文件都在当前目录之下时为当前目录，否则为包含所给全部文件的最深一级目录；\
             符号链接按其实际位置判断"
        ),
        format!(
            "the root folder is `{r}`: the working directory when every file given lies beneath \
             it, else the deepest folder holding them all; symbolic links count where they lead"
        ),
    ))
    .with_help(t(
        "一个程序只能引入根目录之内的文件；请把所需的文件放进根目录，或在包含两者的目录中运行命令",
        "a procedure can only include files inside the root folder: move the file there, or run \
         the command from a folder that holds both",
    ))
}

fn not_hj(written: &str, canonical: Option<&Path>, at: Span) -> Diagnostic {
    let label = match canonical {
        None => t("路径不以 `.hj` 结尾", "the path does not end in `.hj`"),
        Some(c) => t(
            format!("此路径指向 `{}`，不是 `.hj` 文件", c.display()),
            format!(
                "this path leads to `{}`, which is not a `.hj` file",
                c.display()
            ),
        ),
    };
    Diagnostic::error(
        Code::IncludeNotHj,
        t(
            format!("`{written}` 不是程序文件（.hj），不能引入"),
            format!("`{written}` is not a procedure file (.hj) and cannot be included"),
        ),
    )
    .with_label(at, label)
    .with_help(t(
        "只能引入程序和计划文件（`.hj`）；选举记录用 `huanjie check 程序.hj 记录.toml` 检查",
        "only procedure and plan files (`.hj`) can be included; records are checked with \
         `huanjie check PROCEDURE.hj RECORD.toml`",
    ))
}

fn unreadable(name: &str, why: &Text, at: Span) -> Diagnostic {
    Diagnostic::error(
        Code::Unreadable,
        t(
            format!("无法读取引入的文件 `{name}`：{}", why.zh),
            format!("cannot read the included file `{name}`: {}", why.en),
        ),
    )
    .with_label(at, t("在此引入", "included here"))
    .with_help(written_help())
}

fn too_many(at: Span) -> Diagnostic {
    let mib = MAX_INCLUDED_BYTES / (1024 * 1024);
    Diagnostic::error(
        Code::IncludeLimit,
        t(
            format!("引入的文件过多：一次最多经引入加载 {MAX_INCLUDED_FILES} 个文件、共 {mib} MiB"),
            format!(
                "too many included files: at most {MAX_INCLUDED_FILES} files and {mib} MiB are \
                 loaded through includes"
            ),
        ),
    )
    .with_label(
        at,
        t(
            "从这个引入起不再加载",
            "nothing more is loaded from this include on",
        ),
    )
    .with_help(t(
        "一个程序通常只需引入几个文件；请检查是否引入了不需要的文件",
        "a procedure needs a few files; check that every include is needed",
    ))
}

/// One HJ022 per group of files that include each other.
fn cycles(files: &[Loaded], edges: &[Edge]) -> Vec<Diagnostic> {
    let index: HashMap<FileId, usize> = files.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let mut graph: DiGraph<usize, Span> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..files.len()).map(|i| graph.add_node(i)).collect();
    for e in edges {
        let (Some(a), Some(b)) = (index.get(&e.from), index.get(&e.to)) else {
            continue;
        };
        if let (Some(a), Some(b)) = (nodes.get(*a), nodes.get(*b)) {
            graph.add_edge(*a, *b, e.path);
        }
    }
    let mut out = Vec::new();
    for scc in tarjan_scc(&graph) {
        let cyclic = scc.len() > 1 || scc.iter().any(|n| graph.contains_edge(*n, *n));
        if !cyclic {
            continue;
        }
        let mut members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
        members.sort_unstable();
        let path = cycle_path(&graph, &members);
        out.push(cycle(files, &path));
    }
    out
}

/// One cycle through `members` (a cyclic component), from the first of
/// them: `(file, the span of its include of the next)`.
fn cycle_path(graph: &DiGraph<usize, Span>, members: &[usize]) -> Vec<(usize, Span)> {
    let Some(&start) = members.first() else {
        return Vec::new();
    };
    let next = |at: usize| {
        let mut out: Vec<(usize, Span)> = graph
            .edges(NodeIndex::new(at))
            .map(|e| (petgraph::visit::EdgeRef::target(&e).index(), *e.weight()))
            .filter(|(to, _)| members.contains(to))
            .collect();
        out.sort_by_key(|(_, span)| span.sort_key());
        out
    };
    crate::cycle::cycle_from(start, &next).unwrap_or_default()
}

fn cycle(files: &[Loaded], path: &[(usize, Span)]) -> Diagnostic {
    let name = |i: usize| files.get(i).map_or("?", |f| f.name.as_str());
    let mut chain: Vec<&str> = path.iter().map(|(f, _)| name(*f)).collect();
    if let Some((f, _)) = path.first() {
        chain.push(name(*f));
    }
    let chain = chain.join(" → ");
    let message = match path {
        [(f, _)] => t(
            format!("文件 `{}` 引入了自身", name(*f)),
            format!("the file `{}` includes itself", name(*f)),
        ),
        _ => t(
            format!("文件相互引入成环：{chain}"),
            format!("files include each other in a cycle: {chain}"),
        ),
    };
    let mut d = Diagnostic::error(Code::FileIncludeCycle, message);
    for (k, (f, span)) in path.iter().enumerate() {
        let to = path
            .get(k + 1)
            .or(path.first())
            .map_or("?", |(g, _)| name(*g));
        d = d.with_label(
            *span,
            t(
                format!("`{}` 引入 `{to}`", name(*f)),
                format!("`{}` includes `{to}`", name(*f)),
            ),
        );
    }
    d.with_help(t(
        "删除环上的一个引入：每个文件只需引入它用到的文件；两个文件都要用的内容可以移到第三个文件中",
        "remove one include of the cycle: a file includes only the files it uses; what both \
         need can move to a third file",
    ))
}

#[cfg(test)]
#[path = "sources_tests.rs"]
mod tests;
