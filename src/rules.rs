//! The rule registry: every rule's code, check, severity and documentation,
//! whether its logic is code ([`crate::checks::StaticRule`]) or data (a rule
//! pack). `transaudit rules` and `transaudit explain CODE` print from here.

use serde::Serialize;

use crate::checks::StaticRule;
use crate::finding::{CheckKind, Severity};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleInfo {
    pub code: String,
    pub check: CheckKind,
    pub severity: Severity,
    pub summary: String,
    pub explanation: String,
    /// ISO 639-1 source language of a mistranslation rule.
    pub lang: Option<String>,
    /// The source-language expression behind a mistranslation rule.
    pub source: Option<String>,
    pub suggestion: Option<String>,
    /// The suggestion can be applied without an editor (`clean --fix`).
    pub safe_fix: bool,
    pub fires: Vec<String>,
    pub passes: Vec<String>,
}

impl RuleInfo {
    pub fn from_static(check: CheckKind, rule: &StaticRule) -> Self {
        RuleInfo {
            code: rule.code.to_string(),
            check,
            severity: rule.severity,
            summary: rule.summary.to_string(),
            explanation: rule.explanation.to_string(),
            lang: None,
            source: None,
            suggestion: None,
            safe_fix: rule.safe_fix,
            fires: rule.fires.iter().map(|s| s.to_string()).collect(),
            passes: rule.passes.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The full text `transaudit explain` prints.
    pub fn explain(&self) -> String {
        let mut s = format!(
            "{} ({}, {}): {}\n\n{}\n",
            self.code, self.check, self.severity, self.summary, self.explanation
        );
        if let Some(lang) = &self.lang {
            s.push_str(&format!("\nSource language: {lang}"));
            if let Some(src) = &self.source {
                s.push_str(&format!(" ({src})"));
            }
            s.push('\n');
        }
        if let Some(sugg) = &self.suggestion {
            s.push_str(&format!("Suggestion: {sugg}\n"));
        }
        if !self.fires.is_empty() {
            s.push_str("\nFires on:\n");
            for e in &self.fires {
                s.push_str(&format!("  - {e}\n"));
            }
        }
        if !self.passes.is_empty() {
            s.push_str("\nStays quiet on:\n");
            for e in &self.passes {
                s.push_str(&format!("  - {e}\n"));
            }
        }
        s
    }
}
