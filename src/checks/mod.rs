//! The checks. Each family lives in its own module, has its own rule codes
//! (a two-letter prefix per family), and implements one of two small traits:
//!
//! - [`Check`] sees one document at a time; the pipeline runs it in parallel.
//! - [`CorpusCheck`] needs the whole corpus (the same name spelled two ways in
//!   two articles, a paragraph copied into another article). It works in two
//!   steps so that documents never have to be kept in memory together: a
//!   compact per-document *sketch*, computed in parallel, then one `finish`
//!   over all sketches.

pub mod remnant;
pub mod mistranslation;

use crate::document::Document;
use crate::finding::{CheckKind, Finding, Severity};

/// A check over one document.
pub trait Check: Send + Sync {
    fn kind(&self) -> CheckKind;
    fn check(&self, doc: &Document, out: &mut Vec<Finding>);
}

/// A check over the whole corpus, through per-document sketches.
pub trait CorpusCheck: Send + Sync {
    type Sketch: Send;
    fn kind(&self) -> CheckKind;
    fn sketch(&self, doc: &Document) -> Self::Sketch;
    /// `sketches` are in input order.
    fn finish(&self, sketches: Vec<Self::Sketch>, out: &mut Vec<Finding>);
}

/// A rule whose logic is code, documented here and printed by
/// `transaudit rules` / `transaudit explain`. Rules that are data (the
/// mistranslation and typography packs) document themselves in their pack.
#[derive(Debug, Clone, Copy)]
pub struct StaticRule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
    /// Texts on which the rule must fire.
    pub fires: &'static [&'static str],
    /// Near misses on which it must stay quiet.
    pub passes: &'static [&'static str],
}

/// Duplicate rules whose findings are boilerplate clusters (`clean` removes
/// every occurrence, the representative too).
pub const BOILERPLATE_RULES: &[&str] = &[];

/// Every rule, sorted by code: the static rules of each check and the rules
/// of the built-in and user packs.
pub fn registry(_rule_files: &[std::path::PathBuf]) -> anyhow::Result<Vec<crate::rules::RuleInfo>> {
    let mut rules: Vec<crate::rules::RuleInfo> = Vec::new();
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rules)
}
pub mod consistency;
pub mod typography;
pub mod duplicate;
