//! Record integrity on the small procedure of `check::tests`: write-ins a
//! procedure allows, and the boundaries that must not alarm.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use crate::check::tests::{procedure, run, tags, RECORD};
use crate::diag::Code;

/// `RECORD` with a fourth tally line for 戊, who is on no candidate list.
fn with_unlisted(extra: &str) -> String {
    RECORD.replace(
        "candidate = \"丙\"\nvotes = 500\n",
        &format!(
            "candidate = \"丙\"\nvotes = 500\n[[stages.投票.tally]]\nposition = \"委员\"\n\
             candidate = \"戊\"\nvotes = 12\n{extra}"
        ),
    )
}

fn codes(f: &[crate::check::Finding]) -> Vec<&str> {
    f.iter().map(|f| f.code.id()).collect()
}

#[test]
fn a_write_in_the_procedure_allows_is_no_finding() {
    let f = run(
        &procedure("设定 另选他人 = 是", ""),
        &with_unlisted("另选他人 = true\n"),
    );
    assert_eq!(tags(&f), Vec::<String>::new(), "{f:#?}");
}

#[test]
fn an_unmarked_write_in_is_one_finding_that_says_how_to_mark_it() {
    let f = run(&procedure("设定 另选他人 = 是", ""), &with_unlisted(""));
    assert_eq!(codes(&f), [Code::NotACandidate.id()], "{f:#?}");
    let note = f
        .first()
        .and_then(|f| f.notes.first())
        .map(|n| n.en.clone());
    assert_eq!(
        note.as_deref(),
        Some("if the voters wrote this person in, mark the line `write_in = true`")
    );
}

#[test]
fn a_write_in_the_procedure_does_not_allow_is_one_finding() {
    let f = run(&procedure("", ""), &with_unlisted("write_in = true\n"));
    assert_eq!(codes(&f), [Code::NotACandidate.id()], "{f:#?}");
    assert_eq!(tags(&f), ["data@投票"]);
}

#[test]
fn a_part_equal_to_its_whole_and_votes_equal_to_the_voters_pass() {
    let record = RECORD
        .replace("登记选民 = 1000", "登记选民 = 800")
        .replace("votes = 700", "votes = 800");
    let f = run(&procedure("", ""), &record);
    assert_eq!(tags(&f), Vec::<String>::new(), "{f:#?}");
}

#[test]
fn a_part_above_its_whole_skips_the_quorum_that_reads_them() {
    let record = RECORD.replace("登记选民 = 1000", "登记选民 = 700");
    let f = run(&procedure("", ""), &record);
    assert_eq!(codes(&f), [Code::InconsistentData.id()], "{f:#?}");
    assert_eq!(tags(&f), ["data@投票"]);
}

#[test]
fn one_person_in_two_positions_is_legal_unless_elected_separately() {
    let record = format!("{RECORD}[[elected]]\nposition = \"委员\"\nname = \"甲\"\n");
    let separate = run(&procedure("设定 职务分别选举 = 是", ""), &record);
    assert_eq!(
        codes(&separate),
        [Code::DuplicateEntry.id()],
        "{separate:#?}"
    );
    let together = run(&procedure("", ""), &record);
    assert!(
        together.iter().all(|f| f.code != Code::DuplicateEntry),
        "{together:#?}"
    );
}
