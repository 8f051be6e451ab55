//! What the server knows: the open documents, the sources analysed with
//! them, and the analysis (the CLI's lint plus an [`Index`] of names).
//!
//! [`collect_sources`] is the only function of the server that reads files:
//! the open documents come from the client; their folders' other `.hj`
//! files and the files included (`引入 "x.hj"`) are read here, bounded like
//! the CLI reads them
//! ([`crate::cli::input::load_file`]). Everything else — [`analyse`]
//! included — is a pure function of its inputs.

use super::index::Index;
use crate::diag::Diagnostic;
use crate::resolve::Program;
use crate::span::{FileId, SourceMap};
use crate::{ast, syntax};
use lsp_types::Url;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The most files of one folder read besides the open documents.
pub const MAX_FOLDER_FILES: usize = 256;

/// The most files read for includes beyond those (the CLI's bound on file
/// includes, HJ119).
pub const MAX_INCLUDED_FILES: usize = 64;

/// An open document: its text and the version the client gave it.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
}

/// The open documents, by URI (ordered, so that analyses are deterministic).
pub type Documents = BTreeMap<Url, Document>;

/// One source to analyse: its URI, the name diagnostics give it, its text,
/// and whether the client has it open.
#[derive(Clone, Debug)]
pub struct Source {
    pub uri: Url,
    pub name: String,
    pub text: String,
    pub open: bool,
}

/// The sources of a run: every open document; the other `.hj` files of the
/// folders they are in (at most [`MAX_FOLDER_FILES`] per folder, in name
/// order), so that references and renames reach the files that use an
/// open one; and the files any of these name with `引入 "x.hj"` / `include
/// "x.hj"`, transitively (at most [`MAX_INCLUDED_FILES`], relative `.hj`
/// paths only), so that an open plan sees the procedure it includes from
/// another folder, as the CLI does. An open document's text wins over the
/// disk; a file that cannot be read, is not UTF-8 or is too large is left
/// out (`huanjie lint` reports it). This is the server's only access to the
/// file system.
pub fn collect_sources(open: &Documents) -> Vec<Source> {
    let mut sources: Vec<Source> = open
        .iter()
        .map(|(uri, doc)| Source {
            uri: uri.clone(),
            name: display_name(uri),
            text: doc.text.clone(),
            open: true,
        })
        .collect();
    let mut folders: Vec<PathBuf> = open
        .keys()
        .filter_map(|uri| uri.to_file_path().ok())
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "hj"))
            .collect();
        paths.sort();
        for path in paths.into_iter().take(MAX_FOLDER_FILES) {
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            if open.contains_key(&uri) {
                continue;
            }
            if let Some(source) = read_source(&path, uri) {
                sources.push(source);
            }
        }
    }
    included(&mut sources);
    sources
}

/// A file read from disk, with the CLI's bounds.
fn read_source(path: &Path, uri: Url) -> Option<Source> {
    let mut scratch = SourceMap::new();
    let id = crate::cli::input::load_file(path, &mut scratch).ok()?;
    let file = scratch.get(id)?;
    Some(Source {
        uri,
        name: file.name.clone(),
        text: file.text.to_string(),
        open: false,
    })
}

/// Adds to `sources` the files they include that are not among them yet.
fn included(sources: &mut Vec<Source>) {
    let canonical = |p: &Path| p.canonicalize().ok();
    let mut seen: HashSet<PathBuf> = sources
        .iter()
        .filter_map(|s| s.uri.to_file_path().ok())
        .filter_map(|p| canonical(&p))
        .collect();
    // (the folder of a file, its text), still to be read for includes.
    let mut queue: Vec<(PathBuf, String)> = sources
        .iter()
        .filter_map(|s| {
            let path = s.uri.to_file_path().ok()?;
            Some((path.parent()?.to_path_buf(), s.text.clone()))
        })
        .collect();
    let mut read = 0;
    while let Some((folder, text)) = queue.pop() {
        for inc in syntax::file_includes(FileId(0), &text) {
            let rel = Path::new(&inc.path.value);
            if rel.is_absolute() || rel.extension().is_none_or(|e| e != "hj") {
                continue;
            }
            let Some(path) = canonical(&folder.join(rel)) else {
                continue;
            };
            if read >= MAX_INCLUDED_FILES || !seen.insert(path.clone()) {
                continue;
            }
            read += 1;
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            if let Some(source) = read_source(&path, uri) {
                if let Some(parent) = path.parent() {
                    queue.push((parent.to_path_buf(), source.text.clone()));
                }
                sources.push(source);
            }
        }
    }
}

/// The formatter's hook: the canonical layout of `text`, or `None` when
/// there is nothing to change (or the text does not parse): `huanjie fmt`'s
/// layout ([`crate::fmt::format_text`]).
pub fn format_document(text: &str) -> Option<String> {
    crate::fmt::format_text(FileId(0), text)
        .ok()
        .filter(|f| f != text)
}

/// The name of a document in messages: its path for a file, else the URI.
fn display_name(uri: &Url) -> String {
    match uri.to_file_path() {
        Ok(path) => path.display().to_string(),
        Err(()) => uri.to_string(),
    }
}

/// Everything known about one set of sources.
#[derive(Debug)]
pub struct Analysis {
    pub map: SourceMap,
    /// The URI of each file, indexed by [`FileId`].
    pub uris: Vec<Url>,
    /// Which files the client has open.
    pub open: Vec<bool>,
    /// The diagnostics of `huanjie lint` over all the sources, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The syntax tree of each file that parsed.
    pub asts: Vec<Option<ast::File>>,
    /// The program of the files that parsed (the ones that did not are left
    /// out, so that the others keep their hover, definitions, …).
    pub program: Option<Program>,
    pub index: Index,
}

impl Analysis {
    /// The file of `uri`.
    pub fn file_of(&self, uri: &Url) -> Option<FileId> {
        let i = self.uris.iter().position(|u| u == uri)?;
        Some(FileId(u32::try_from(i).ok()?))
    }

    /// The URI of a file.
    pub fn uri_of(&self, file: FileId) -> Option<Url> {
        self.uris.get(file.0 as usize).cloned()
    }

    /// Whether every open document parsed (then its names are current).
    pub fn open_documents_parsed(&self) -> bool {
        self.open
            .iter()
            .zip(&self.asts)
            .all(|(open, ast)| !open || ast.is_some())
    }

    /// The diagnostics to publish, per open document (every open document
    /// has an entry, empty when it is clean). A diagnostic without a
    /// position goes to the first open document.
    pub fn diagnostics_by_document(&self) -> HashMap<Url, Vec<&Diagnostic>> {
        let mut out: HashMap<Url, Vec<&Diagnostic>> = HashMap::new();
        let first_open = self.open.iter().position(|o| *o);
        for (i, uri) in self.uris.iter().enumerate() {
            if self.open.get(i).copied().unwrap_or(false) {
                out.entry(uri.clone()).or_default();
            }
        }
        for d in &self.diagnostics {
            let file = d.primary_span().file().map(|f| f.0 as usize).or(first_open);
            let Some(i) = file else {
                continue;
            };
            if !self.open.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Some(uri) = self.uris.get(i) {
                out.entry(uri.clone()).or_default().push(d);
            }
        }
        out
    }
}

/// Lints the sources together as `huanjie lint` would (the same
/// diagnostics), and indexes the names of the files that parse.
pub fn analyse(sources: Vec<Source>) -> Analysis {
    let mut map = SourceMap::new();
    let mut uris = Vec::new();
    let mut open = Vec::new();
    for s in sources {
        map.add(s.name, s.text);
        uris.push(s.uri);
        open.push(s.open);
    }
    let outcome = crate::lint(&map);
    let asts: Vec<Option<ast::File>> = map
        .iter()
        .map(|(id, _)| syntax::parse(&map, id).file)
        .collect();
    let program = match outcome.program {
        Some(p) => Some(p),
        None => {
            let parsed: Vec<(FileId, ast::File)> = map
                .iter()
                .zip(&asts)
                .filter_map(|((id, _), ast)| Some((id, ast.clone()?)))
                .collect();
            (!parsed.is_empty()).then(|| crate::resolve::resolve(&parsed).0)
        }
    };
    let index = Index::build(&map, &asts, program.as_ref());
    Analysis {
        map,
        uris,
        open,
        diagnostics: outcome.diagnostics,
        asts,
        program,
        index,
    }
}
