//! What a `check` batch hands in: the district report (`--report 报告.html`
//! or `.xlsx`) and the formats for continuous integration (`--format sarif`,
//! `--format junit`).
//!
//! Everything here is pure: it renders values the command line built
//! ([`model::RecordRow`], one per record, with every finding already
//! located and worded in one language) into text or bytes; `cli` writes
//! them. Record text is hostile: every renderer escapes for its format
//! (`html`, `junit` as XML; `sarif` through serde_json; `xlsx` writes every
//! value as a string cell, never a formula).

pub mod html;
pub mod junit;
pub mod model;
pub mod sarif;
mod words;
pub mod xlsx;

pub use model::{District, RecordRow, Report};
