//! The checks. Each family lives in its own module, has its own rule codes
//! (a two-letter prefix per family), and implements one of two small traits:
//!
//! - [`Check`] sees one document at a time; the pipeline runs it in parallel.
//! - [`CorpusCheck`] needs the whole corpus (the same name spelled two ways in
//!   two articles, a paragraph copied into another article). It works in two
//!   steps so that documents never have to be kept in memory together: a
//!   compact per-document *sketch*, computed in parallel, then one `finish`
//!   over all sketches.

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
    /// The suggestion is always right where the rule fires (spacing,
    /// punctuation): `clean --fix` applies it without an editor.
    pub safe_fix: bool,
    pub summary: &'static str,
    pub explanation: &'static str,
    /// Texts on which the rule must fire.
    pub fires: &'static [&'static str],
    /// Near misses on which it must stay quiet.
    pub passes: &'static [&'static str],
}

/// Duplicate rules whose findings are boilerplate clusters (`clean` removes
/// every occurrence, the representative too).
pub const BOILERPLATE_RULES: &[&str] = &[duplicate::DU003];

/// The rules whose logic is code, with the check each belongs to.
pub fn static_rules() -> impl Iterator<Item = (CheckKind, &'static StaticRule)> {
    let of = |k: CheckKind, rules: &'static [StaticRule]| rules.iter().map(move |r| (k, r));
    of(CheckKind::Remnant, remnant::RULES)
        .chain(of(CheckKind::Typography, typography::RULES))
        .chain(of(CheckKind::Consistency, consistency::RULES))
        .chain(of(CheckKind::Duplicate, duplicate::RULES))
        .chain(of(CheckKind::Mistranslation, duplicate::DIVERGENT_RULES))
}

/// Every rule, sorted by code: the static rules of each check and the rules
/// of the built-in and user packs.
pub fn registry(rule_files: &[std::path::PathBuf]) -> anyhow::Result<Vec<crate::rules::RuleInfo>> {
    let packs = mistranslation::Mistranslation::new(&CheckKind::ALL, rule_files)?;
    let mut rules: Vec<crate::rules::RuleInfo> = static_rules()
        .map(|(k, r)| crate::rules::RuleInfo::from_static(k, r))
        .chain(packs.rule_infos())
        .collect();
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rules)
}

pub mod consistency;
pub mod duplicate;
pub mod mistranslation;
pub mod remnant;
pub mod typography;

#[cfg(test)]
pub(crate) mod testutil;

#[cfg(test)]
mod tests {
    use super::*;

    /// Each module runs its own rules' examples; this test guards the
    /// registry as a whole: codes unique across checks and packs, each with
    /// its family prefix, and every rule documented with examples both ways.
    #[test]
    fn registry_codes_are_unique_prefixed_and_documented() {
        let rules = registry(&[]).unwrap();
        assert!(rules.len() > 50, "only {} rules", rules.len());
        for pair in rules.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} repeated or unsorted",
                pair[1].code
            );
        }
        for r in &rules {
            let prefix = match r.check {
                CheckKind::Remnant => "RM",
                CheckKind::Mistranslation => "MT",
                CheckKind::Typography => "TY",
                CheckKind::Consistency => "CN",
                CheckKind::Duplicate => "DU",
            };
            assert!(
                r.code.starts_with(prefix),
                "{} is a {} rule",
                r.code,
                r.check
            );
            assert!(
                r.summary.len() > 10 && !r.summary.contains("TODO"),
                "{}: summary",
                r.code
            );
            assert!(
                r.explanation.len() > 20 && r.explanation != r.summary,
                "{}: explanation",
                r.code
            );
            assert!(
                !r.fires.is_empty() && !r.passes.is_empty(),
                "{}: examples",
                r.code
            );
        }
    }
}
