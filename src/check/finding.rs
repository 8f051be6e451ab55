//! Findings: what the checker says about one record. Values, not errors:
//! rendering (human miette reports, the JSON contract) happens elsewhere.

use crate::diag::{Code, Severity, Text};
use crate::span::Span;
use serde::Serialize;

/// The kinds of finding (the `kind` field of the JSON contract).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A required stage has no date.
    MissingStage,
    /// A stage the procedure does not know, or one forbidden in this case.
    UnexpectedStage,
    /// A stage before one it must follow.
    Order,
    /// A date outside its window.
    Deadline,
    /// A span too short or too long.
    Duration,
    /// Turnout, attendance or majority thresholds.
    Quorum,
    /// Any other requirement.
    Rule,
    /// Declared winners differ from what the tally and the rules give.
    Result,
    /// A value a rule needs is missing or malformed.
    Data,
}

impl Kind {
    /// The stable code of the kind.
    pub fn code(self) -> Code {
        match self {
            Kind::MissingStage => Code::MissingStage,
            Kind::UnexpectedStage => Code::UnexpectedStage,
            Kind::Order => Code::Order,
            Kind::Deadline => Code::Deadline,
            Kind::Duration => Code::Duration,
            Kind::Quorum => Code::Quorum,
            Kind::Rule => Code::RuleFailed,
            Kind::Result => Code::ResultMismatch,
            Kind::Data => Code::Data,
        }
    }
}

/// One finding about one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    /// Usually `kind.code()`; a few special cases have their own
    /// (`HJ310` for a verdict that depends on a contested reading).
    pub code: Code,
    pub severity: Severity,
    /// The stage the finding is about, if any.
    pub stage: Option<String>,
    pub message: Text,
    /// What the rule requires: a date window, a threshold with the smallest
    /// passing number, a count.
    pub expected: Option<Text>,
    /// What the record shows.
    pub actual: Option<Text>,
    /// Where in the record (synthetic when the record lacks the value).
    pub record_span: Span,
    /// Where in the procedure (the rule, or the stage for a missing stage).
    pub rule_span: Span,
    /// The legal text: "basis title: quoted clause".
    pub basis: Option<String>,
    pub notes: Vec<Text>,
    /// For a finding that holds under some contested readings only (HJ310):
    /// under which it fails and passes, and the readings' sources.
    pub readings: Option<super::readings::Dependence>,
    /// Every place in the record the finding is about, each with its label,
    /// when there are several (the values a record lacks); `record_span` is
    /// the first. Empty for a finding about one place.
    pub places: Vec<(Span, Text)>,
}

impl Finding {
    /// A finding of `kind` with its usual code and the given severity.
    pub fn new(kind: Kind, severity: Severity, message: Text, record_span: Span) -> Finding {
        Finding {
            kind,
            code: kind.code(),
            severity,
            stage: None,
            message,
            expected: None,
            actual: None,
            record_span,
            rule_span: Span::Synthetic,
            basis: None,
            notes: Vec::new(),
            readings: None,
            places: Vec::new(),
        }
    }

    /// An error of `kind`.
    pub fn error(kind: Kind, message: Text, record_span: Span) -> Finding {
        Finding::new(kind, Severity::Error, message, record_span)
    }

    /// A warning of `kind`.
    pub fn warning(kind: Kind, message: Text, record_span: Span) -> Finding {
        Finding::new(kind, Severity::Warning, message, record_span)
    }

    /// Sets the code (for the few findings with a code of their own).
    pub fn with_code(mut self, code: Code) -> Finding {
        self.code = code;
        self
    }

    /// Sets the stage the finding is about.
    pub fn with_stage(mut self, stage: impl Into<String>) -> Finding {
        self.stage = Some(stage.into());
        self
    }

    /// Sets the stage, if any.
    pub fn with_stage_opt(mut self, stage: Option<String>) -> Finding {
        self.stage = stage;
        self
    }

    /// Sets what the rule requires.
    pub fn with_expected(mut self, expected: Text) -> Finding {
        self.expected = Some(expected);
        self
    }

    /// Sets what the record shows.
    pub fn with_actual(mut self, actual: Text) -> Finding {
        self.actual = Some(actual);
        self
    }

    /// Sets what the record shows, if anything.
    pub fn with_actual_opt(mut self, actual: Option<Text>) -> Finding {
        self.actual = actual.or(self.actual);
        self
    }

    /// Sets the span of the rule (or declaration) in the procedure.
    pub fn with_rule(mut self, rule_span: Span) -> Finding {
        self.rule_span = rule_span;
        self
    }

    /// Sets the legal basis.
    pub fn with_basis(mut self, basis: Option<String>) -> Finding {
        self.basis = basis;
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: Text) -> Finding {
        self.notes.push(note);
        self
    }

    /// Adds the notes given (none, or one).
    pub fn with_notes(mut self, notes: impl IntoIterator<Item = Text>) -> Finding {
        self.notes.extend(notes);
        self
    }

    /// Whether this is an error (a violation).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts findings by record position, then rule position, then kind and
/// message, for a deterministic order.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.record_span
            .sort_key()
            .cmp(&b.record_span.sort_key())
            .then_with(|| a.rule_span.sort_key().cmp(&b.rule_span.sort_key()))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.message.en.cmp(&b.message.en))
    });
}
