//! The one result type every check produces, and the small enums it carries.
//!
//! Offsets in a [`Span`] are *characters* (Unicode scalar values), because that
//! is what the report promises: `text == document[start..end]` as Python slices
//! a `str`. Checks work in byte offsets and convert through
//! [`crate::document::Document::span`], the only place that does so.

use std::fmt;
use std::sync::Arc;

use rayon::slice::ParallelSliceMut;
use serde::{Deserialize, Serialize};

/// The five families of checks. The order is the order of the report's
/// summary and of `--checks`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    Remnant,
    Mistranslation,
    Typography,
    Consistency,
    Duplicate,
}

impl CheckKind {
    pub const ALL: [CheckKind; 5] = [
        CheckKind::Remnant,
        CheckKind::Mistranslation,
        CheckKind::Typography,
        CheckKind::Consistency,
        CheckKind::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Remnant => "remnant",
            CheckKind::Mistranslation => "mistranslation",
            CheckKind::Typography => "typography",
            CheckKind::Consistency => "consistency",
            CheckKind::Duplicate => "duplicate",
        }
    }
}

impl fmt::Display for CheckKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A located piece of a document, in characters, end exclusive; `line` and
/// `column` (both 1-based, column in characters) locate `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// The other place a finding refers to: the other copy of a duplicate, the
/// other spelling of a name. Offsets are characters, like [`Span`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Related {
    pub doc: Arc<str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub doc: Arc<str>,
    /// Position of the document in the input order; the first sort key.
    #[serde(skip)]
    pub doc_index: usize,
    pub span: Span,
    pub check: CheckKind,
    pub rule: Arc<str>,
    pub severity: Severity,
    /// ISO 639-1: the language found (remnant) or the rule's source language.
    pub lang: Option<String>,
    pub text: String,
    pub suggestion: Option<String>,
    pub related: Option<Related>,
    /// 0..1: confidence, or similarity for duplicates.
    pub score: f64,
    pub message: String,
    /// The source language the document was translated from (ISO 639-1),
    /// inferred per document or forced with `--source-lang`; set by the
    /// pipeline for every finding of the document.
    pub source_lang: Option<String>,
}

impl Finding {
    /// The deterministic report order: document, start, rule, then every
    /// other field so that equal keys never depend on thread scheduling.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.doc_index,
            self.span.start,
            &self.rule,
            self.span.end,
            &self.related,
            &self.text,
            &self.message,
        )
    }

    pub fn with_lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related = Some(related);
        self
    }

    pub fn with_score(mut self, score: f64) -> Self {
        self.score = score.clamp(0.0, 1.0);
        self
    }
}

/// Sorts findings into report order and drops repeats: exact ones, and a
/// second finding with the same span and the same suggestion as another
/// (`kyiv` is both a lower-case proper noun and a spelling variant; the
/// editor needs one row). The first check in [`CheckKind`] order keeps it,
/// with the other's `related` span when it has none of its own.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    // Borrowed, not cloned: a corpus has hundreds of thousands of findings
    // and the sort compares each about twenty times.
    fn same_fix(f: &Finding) -> (usize, usize, usize, Option<&str>) {
        (
            f.doc_index,
            f.span.start,
            f.span.end,
            f.suggestion.as_deref(),
        )
    }
    // Unstable sorts, in place: a stable parallel sort allocates a copy of
    // the findings (about 200 MB at a GB of input, at the run's peak). The
    // orders compare every field the report shows, so equal findings are
    // equal rows and the order never depends on the sort.
    findings.par_sort_unstable_by(|a, b| {
        same_fix(a)
            .cmp(&same_fix(b))
            .then(a.check.cmp(&b.check))
            .then(a.rule.cmp(&b.rule))
            .then_with(|| every_field(a, b))
    });
    findings.dedup_by(|later, first| {
        let repeat = later.suggestion.is_some() && same_fix(later) == same_fix(first);
        if repeat && first.related.is_none() {
            // Keep what the dropped one knew: the other copy or spelling.
            first.related = later.related.take();
        }
        repeat
    });
    findings.par_sort_unstable_by(every_field);
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// The report order, [`Finding::sort_key`], then the fields it leaves out
/// in a fixed order (ties on the sort key are rare: the same span reported
/// twice by a rule).
fn every_field(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.sort_key()
        .cmp(&b.sort_key())
        .then(a.check.cmp(&b.check))
        .then(a.severity.cmp(&b.severity))
        .then(a.lang.cmp(&b.lang))
        .then(a.suggestion.cmp(&b.suggestion))
        .then(a.score.total_cmp(&b.score))
        .then(a.source_lang.cmp(&b.source_lang))
}
