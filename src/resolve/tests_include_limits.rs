//! Tests of the bounds on includes: nesting depth and the bytes copied.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use super::tests::{clean, lint, only, slice};
use super::*;
use crate::diag::Code;

/// `n` procedures, each including the next `times` times, the last one
/// with a stage of its own.
fn chain(n: usize, times: usize) -> String {
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

fn stages(p: &Program, name: &str) -> usize {
    p.procedure(name).map_or(0, |(_, p)| p.stages.len())
}

#[test]
fn includes_as_deep_as_the_limit_are_flattened() {
    let p = clean(&chain(MAX_INCLUDE_DEPTH, 1));
    assert_eq!(stages(&p, "P0"), MAX_INCLUDE_DEPTH + 1);
}

#[test]
fn one_level_more_is_one_diagnostic_at_the_include_that_crosses_it() {
    let (d, map) = only(&chain(MAX_INCLUDE_DEPTH + 1, 1), Code::IncludeLimit);
    assert_eq!(slice(&map, d.primary_span()), "include P1 as a0");
    assert!(d.message.en.contains("procedure `P0`"), "{}", d.message.en);
}

#[test]
fn a_long_chain_is_one_diagnostic_and_nothing_is_copied_beyond_the_limit() {
    let (ds, map, p) = lint(&chain(2000, 1));
    let found: Vec<_> = ds.iter().map(|d| d.code).collect();
    assert_eq!(found, [Code::IncludeLimit]);
    let first = ds.first().map(|d| slice(&map, d.primary_span()));
    // The innermost procedure that is too deep: P(2000 - limit - 1).
    let crossing = 2000 - MAX_INCLUDE_DEPTH - 1;
    assert_eq!(
        first.as_deref(),
        Some(format!("include P{} as a0", crossing + 1).as_str())
    );
    let Some(p) = p else { panic!("no program") };
    assert_eq!(stages(&p, "P0"), 1);
    assert_eq!(stages(&p, &format!("P{crossing}")), 1);
    assert_eq!(
        stages(&p, &format!("P{}", crossing + 1)),
        MAX_INCLUDE_DEPTH + 1
    );
}

#[test]
fn doubling_includes_are_one_diagnostic() {
    // 25 levels, each including the next twice: 2^24 copies unbounded.
    let (ds, _, p) = lint(&chain(25, 2));
    let found: Vec<_> = ds.iter().map(|d| d.code).collect();
    assert_eq!(found, [Code::IncludeLimit], "{ds:?}");
    let Some(p) = p else { panic!("no program") };
    assert_eq!(stages(&p, "P0"), 1);
}

#[test]
fn wide_includes_stop_at_the_size_limit_with_one_diagnostic() {
    // 8 levels (within the depth limit), each including the next 8 times:
    // 8^8 copies unbounded.
    let (ds, _, p) = lint(&chain(MAX_INCLUDE_DEPTH, 8));
    let found: Vec<_> = ds.iter().map(|d| d.code).collect();
    assert_eq!(found, [Code::IncludeLimit], "{ds:?}");
    let said = ds.first().map(|d| d.message.en.clone()).unwrap_or_default();
    assert!(said.contains("bytes of procedure text"), "{said}");
    let Some(p) = p else { panic!("no program") };
    let total: usize = p.procedures.iter().map(|p| p.stages.len()).sum();
    // What was copied fits in the budget (a stage is more than 8 bytes).
    assert!(total < MAX_INCLUDED_BYTES / 8, "{total} stages");
    assert_eq!(stages(&p, "P0"), 1);
}

#[test]
fn a_procedure_included_twice_by_the_same_includer_stays_within_bounds() {
    let p = clean(&chain(3, 2));
    // P0 holds 2 copies of P1, which holds 2 of P2, which holds 2 of P3.
    assert_eq!(stages(&p, "P0"), 1 + 2 * (1 + 2 * (1 + 2)));
}
