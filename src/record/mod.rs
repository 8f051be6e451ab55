//! Records of finished elections and their loaders (TOML and JSON).
//! See `docs/design/checker.md` and `docs/records.md`.
//!
//! Loading is two steps. Each format is parsed into one spanned value tree
//! (`tree`): TOML by `toml` (on `toml_parser`), JSON by `json`, a small
//! non-recursive parser. The record is then built from the tree in one
//! place (`build`, `value`), so both formats get identical checks and
//! messages: unknown keys (HJ602, with "did you mean"), wrong types (HJ603),
//! missing keys (HJ604), values out of range (HJ605), keys given twice
//! (HJ607). Every problem of a record is reported, not only the first;
//! syntax errors (HJ601) and size limits (HJ606) stop the loading.
//!
//! ```
//! use huanjie::record::load_toml;
//! use huanjie::span::SourceMap;
//!
//! let mut map = SourceMap::new();
//! let text = "procedure = \"居委会换届选举\"\n[stages.投票选举]\ndate = 2021-01-28\n";
//! let file = map.add("xinhe.toml", text);
//! let record = load_toml(text, file);
//! assert!(record.is_ok_and(|r| r.stages.len() == 1));
//! ```

mod build;
pub mod expect;
mod json;
pub mod keys;
mod lenient;
pub mod model;
mod msg;
pub mod sheet;
pub mod template;
mod template_json;
mod toml;
mod toml_table;
mod tree;
mod value;

pub use model::*;

use crate::diag::Diagnostic;
use crate::span::{FileId, SourceMap, Span};
use msg::Sink;

/// The largest record read, in bytes (64 MiB).
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// The most normalised values kept per record for `check --verbose`.
pub const MAX_NORMALISED: usize = 1000;

/// The deepest nesting of tables and arrays a record may have.
pub const MAX_DEPTH: usize = 64;

/// The format of a record file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file name says: `.json` (any case) is JSON, everything
    /// else TOML.
    pub fn of_name(name: &str) -> Format {
        let is_json = name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("json"));
        if is_json {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// Loads the record in `file` of `map`, as JSON when the file's name ends in
/// `.json` and as TOML otherwise. A file that is not in the map gives an
/// empty list of diagnostics.
pub fn load(map: &SourceMap, file: FileId) -> Result<Record, Vec<Diagnostic>> {
    let Some(source) = map.get(file) else {
        return Err(Vec::new());
    };
    load_text(&source.text, file, Format::of_name(&source.name))
}

/// Loads a TOML record; spans point into `file`, which holds `text`.
pub fn load_toml(text: &str, file: FileId) -> Result<Record, Vec<Diagnostic>> {
    load_text(text, file, Format::Toml)
}

/// Loads a JSON record; spans point into `file`, which holds `text`.
pub fn load_json(text: &str, file: FileId) -> Result<Record, Vec<Diagnostic>> {
    load_text(text, file, Format::Json)
}

/// What a file turned out to be (see [`load_or_skip`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    Record(Box<Record>),
    /// A well-formed document that is not an election record, and why.
    NotARecord(crate::diag::Text),
}

/// Top-level keys of huanjie's own JSON output (`check`, `lint`,
/// `schedule`): a result saved next to the records is not one of them.
const OUTPUT_KEYS: [&str; 4] = ["records", "findings", "diagnostics", "anchors"];

/// Why a well-formed document is not a record, if it is not: huanjie's own
/// output (a top-level `records`, `findings`, `diagnostics` or `anchors`),
/// a document that is not a table, or one with none of the record's
/// top-level keys (no `procedure` and nothing else a record has). A
/// document with any record key (a `[facts]`, `[stages…]`) is meant as a
/// record, and a missing `procedure` is then an error of that record.
fn not_a_record(root: &tree::Node<'_>) -> Option<crate::diag::Text> {
    use crate::diag::Text;
    let tree::Kind::Table(table) = &root.kind else {
        return Some(Text::new(
            "文档不是表（JSON 对象），不是选举记录",
            "the document is not a table (a JSON object), so not an election record",
        ));
    };
    let names = || table.entries.iter().map(|(k, _)| k.name.as_ref());
    if let Some(key) = names().find(|n| OUTPUT_KEYS.contains(n)) {
        return Some(Text::new(
            format!("这是 huanjie 的输出（有顶层的 `{key}`），不是选举记录"),
            format!("huanjie's own output (it has a top-level `{key}`), not an election record"),
        ));
    }
    let recordish = names().any(|n| keys::ROOT.iter().any(|d| d.matches(n)));
    (!recordish).then(|| {
        Text::new(
            "没有 `procedure`（程序）键，也没有选举记录的其他内容，不是选举记录",
            "no `procedure` key and nothing else a record has: not an election record",
        )
    })
}

/// Loads the record in `file` of `map` as [`load`] does, or says that the
/// file, well-formed, is not a record at all (see `docs/checker.md`): a
/// batch skips such files instead of failing on them. A file that does not
/// parse is an error, as a broken record.
pub fn load_or_skip(map: &SourceMap, file: FileId) -> Result<Loaded, Vec<Diagnostic>> {
    let Some(source) = map.get(file) else {
        return Err(Vec::new());
    };
    load_inner(&source.text, file, Format::of_name(&source.name), true)
}

/// Loads a record in `format`.
pub fn load_text(text: &str, file: FileId, format: Format) -> Result<Record, Vec<Diagnostic>> {
    match load_inner(text, file, format, false)? {
        Loaded::Record(r) => Ok(*r),
        Loaded::NotARecord(_) => Err(Vec::new()),
    }
}

fn load_inner(
    text: &str,
    file: FileId,
    format: Format,
    skip: bool,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut sink = Sink::default();
    let tree = parse(text, file, format, &mut sink)?;
    if skip && sink.is_empty() {
        if let Some(why) = tree.as_ref().and_then(not_a_record) {
            return Ok(Loaded::NotARecord(why));
        }
    }
    let record = tree.and_then(|root| build::build(root, file, text.len(), &mut sink));
    match record {
        Some(record) if sink.is_empty() => Ok(Loaded::Record(Box::new(record))),
        _ => Err(sink.finish()),
    }
}

/// The value tree of a record's text, bounded by [`MAX_RECORD_BYTES`]
/// (too large: `Err` with that one diagnostic); syntax errors go to `sink`.
fn parse<'a>(
    text: &'a str,
    file: FileId,
    format: Format,
    sink: &mut Sink,
) -> Result<Option<tree::Node<'a>>, Vec<Diagnostic>> {
    if text.len() > MAX_RECORD_BYTES {
        let at = Span::new(file, MAX_RECORD_BYTES, MAX_RECORD_BYTES);
        let mut too_large = Sink::default();
        too_large.push(msg::too_large(at, text.len()));
        return Err(too_large.finish());
    }
    Ok(match format {
        Format::Toml => toml::parse(text, file, sink),
        Format::Json => json::parse(text, file, sink),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    /// The codes of the diagnostics of a TOML record (empty when it loads).
    fn codes(text: &str) -> Vec<&'static str> {
        let full = format!("procedure = \"甲\"\n{text}");
        load_toml(&full, FileId(0))
            .map_or_else(|d| d.iter().map(|d| d.code.id()).collect(), |_| Vec::new())
    }

    #[test]
    fn the_name_picks_the_format() {
        assert_eq!(Format::of_name("records/a.json"), Format::Json);
        assert_eq!(Format::of_name("A.JSON"), Format::Json);
        assert_eq!(Format::of_name("a.toml"), Format::Toml);
        assert_eq!(Format::of_name("json"), Format::Toml);
        assert_eq!(Format::of_name("a.json.txt"), Format::Toml);
    }

    #[test]
    fn a_tally_line_may_mark_a_write_in_in_either_language() {
        let tally = "[[stages.甲.tally]]\nposition = \"主任\"\ncandidate = \"乙\"\nvotes = 1\n";
        for key in ["write_in", "另选他人"] {
            let full = format!("procedure = \"甲\"\n{tally}{key} = true\n");
            let marked = load_toml(&full, FileId(0)).ok().and_then(|r| {
                let line = r.stages.first()?.tally.first()?.write_in.clone()?;
                Some(line.value)
            });
            assert_eq!(marked, Some(true), "{key}");
        }
        assert_eq!(
            codes(&format!("{tally}write_in = \"yes\"\n")),
            [Code::WrongType.id()]
        );
    }

    #[test]
    fn values_in_and_out_of_range() {
        let tally = "[[stages.甲.tally]]\nposition = \"主任\"\ncandidate = \"乙\"\nvotes = 1\n";
        assert!(codes(tally).is_empty());
        assert_eq!(codes(&format!("{tally}round = 0\n")), [Code::BadValue.id()]);
        assert_eq!(
            codes(&format!("{tally}round = 4294967296\n")),
            [Code::BadValue.id()]
        );
        assert!(codes("[facts]\n比例 = \"2/3\"\n文本 = \"x\"\n日 = 2021-01-28\n").is_empty());
        assert_eq!(codes("[facts]\n比例 = \"1/0\"\n"), [Code::BadValue.id()]);
        assert_eq!(codes("[facts]\n比例 = 0.5\n"), [Code::WrongType.id()]);
        assert_eq!(codes("[facts]\n表 = { a = 1 }\n"), [Code::WrongType.id()]);
        let c = "[[candidates]]\nname = \"乙\"\nposition = \"主任\"\n";
        assert!(codes(&format!("{c}list = \"初步候选人\"\ngender = \"male\"\n")).is_empty());
        assert_eq!(
            codes(&format!("{c}list = \"正试\"\n")),
            [Code::BadValue.id()]
        );
        assert_eq!(codes(&format!("{c}gender = 1\n")), [Code::WrongType.id()]);
        assert_eq!(
            codes("positions = { id = \"主任\" }\n"),
            [Code::WrongType.id()]
        );
        assert_eq!(codes("stages = 1\n"), [Code::WrongType.id()]);
        assert_eq!(codes("[stages]\n甲 = 2021-01-28\n"), [Code::WrongType.id()]);
    }

    #[test]
    fn values_as_people_write_them_are_read_and_noted() {
        let text = "procedure = \"甲\"\n[facts]\n登记选民 = \"3,186\"\n名称 = \"1745\"\n\
                    [stages.投票]\ndate = \"2021年1月7日\"\ntime = \"8:30\"\n\
                    [[stages.投票.tally]]\nposition = \"主任\"\ncandidate = \"乙\"\nvotes = \"３１８６\"\n";
        let r = load_toml(text, FileId(0));
        assert!(r.is_ok(), "{r:?}");
        let Ok(r) = r else {
            return;
        };
        let fact = |n: &str| {
            r.facts
                .iter()
                .find(|f| f.name.value == n)
                .map(|f| f.value.value.clone())
        };
        assert_eq!(fact("登记选民"), Some(Value::Integer(3186)));
        assert_eq!(
            fact("名称"),
            Some(Value::Text("1745".into())),
            "plain digits stay text"
        );
        let stage = r.stages.first();
        assert_eq!(
            stage
                .and_then(|s| s.date.as_ref())
                .map(|d| d.value.to_string()),
            Some("2021-01-07".into())
        );
        assert_eq!(
            stage.and_then(|s| s.time.as_ref()).map(|t| t.value),
            Some((8, 30))
        );
        assert_eq!(
            stage.and_then(|s| s.tally.first()).map(|t| t.votes.value),
            Some(3186)
        );
        let read: Vec<&str> = r.normalised.iter().map(|n| n.read.as_str()).collect();
        assert_eq!(read, ["3186", "2021-01-07", "08:30", "3186"]);
        assert_eq!(
            codes("[stages.投票]\ndate = \"1/7/2021\"\n"),
            [Code::AmbiguousValue.id()]
        );
        assert_eq!(
            codes("[facts]\n人数 = \"3.186\"\n"),
            [Code::AmbiguousValue.id()]
        );
        let tally = "[[stages.甲.tally]]\nposition = \"主任\"\ncandidate = \"乙\"\n";
        assert_eq!(
            codes(&format!("{tally}votes = \"1745\"\n")),
            [Code::WrongType.id()]
        );
        assert_eq!(
            codes(&format!("{tally}votes = \"12.5\"\n")),
            [Code::AmbiguousValue.id()]
        );
    }

    #[test]
    fn too_many_problems_are_counted_not_kept() {
        let text: String = (0..150)
            .map(|i| format!("[[voters]]\nname = {i}\n"))
            .collect();
        let diags = load_toml(&format!("procedure = \"甲\"\n{text}"), FileId(0))
            .err()
            .unwrap_or_default();
        assert_eq!(diags.len(), msg::MAX_DIAGNOSTICS);
        let last = diags.last().map(|d| d.notes.clone()).unwrap_or_default();
        assert!(
            last.iter()
                .any(|n| n.en == "50 more problems are not shown"),
            "{last:?}"
        );
    }
}
