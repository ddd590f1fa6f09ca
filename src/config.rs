//! `transaudit.toml`: the configuration file, found in the current folder or
//! given with `--config`. Unknown keys are errors that name the file and
//! line; command-line flags override the file; `--dump-config` prints the
//! merged result.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::checks::duplicate::DuplicateOptions;
use crate::finding::{CheckKind, Finding, Severity};
use crate::rules::RuleInfo;

pub const FILE_NAME: &str = "transaudit.toml";

/// The file's contents. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Checks to run.
    pub checks: Option<Vec<CheckKind>>,
    /// Rule codes or prefixes to report (all when absent).
    pub select: Option<Vec<String>>,
    /// Rule codes or prefixes never to report.
    pub ignore: Option<Vec<String>>,
    /// A severity per rule code or prefix, replacing the rule's own.
    pub severity: Option<BTreeMap<String, Severity>>,
    /// Names and terms never to flag (a finding whose text is one of them,
    /// compared without case, is dropped).
    pub allow: Option<Vec<String>>,
    /// Extra rule packs; relative paths are relative to the config file.
    pub rules: Option<Vec<PathBuf>>,
    /// Source language of the corpus (ISO 639-1), instead of inferring it.
    pub source_lang: Option<String>,
    pub fail_on: Option<String>,
    pub threads: Option<usize>,
    /// Thresholds of the duplicate check (similarity, shingle and signature
    /// sizes, boilerplate minimum documents...); see `DuplicateOptions`.
    pub duplicate: Option<DuplicateOptions>,
}

impl FileConfig {
    /// Reads `path`, or `./transaudit.toml` when `path` is `None` and the
    /// file exists. Paths of rule packs become relative to the file.
    pub fn load(path: Option<&Path>) -> Result<(Self, Option<PathBuf>)> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new(FILE_NAME).is_file() => PathBuf::from(FILE_NAME),
            None => return Ok((FileConfig::default(), None)),
        };
        let text = fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read the configuration", path.display()))?;
        let mut config: FileConfig = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
        if let Some(d) = &config.duplicate {
            validate_duplicate(d)
                .map_err(|e| anyhow::anyhow!("{}: [duplicate] {e}", path.display()))?;
        }
        let base = path.parent().unwrap_or(Path::new("."));
        if let Some(rules) = &mut config.rules {
            for r in rules.iter_mut() {
                if r.is_relative() {
                    *r = base.join(&*r);
                }
            }
        }
        Ok((config, Some(path)))
    }
}

/// Values the duplicate check cannot work with.
fn validate_duplicate(d: &DuplicateOptions) -> Result<(), String> {
    for (name, v) in [
        ("threshold", d.threshold),
        ("short-threshold", d.short_threshold),
        ("containment", d.containment),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(format!("{name} = {v}: must lie in 0..1"));
        }
    }
    for (name, v) in [
        ("shingle", d.shingle),
        ("bands", d.bands),
        ("rows", d.rows),
        ("short-shingle", d.short_shingle),
        ("short-bands", d.short_bands),
        ("short-rows", d.short_rows),
        ("boilerplate-min-docs", d.boilerplate_min_docs),
    ] {
        if v == 0 {
            return Err(format!("{name} must be at least 1"));
        }
    }
    Ok(())
}

/// What the findings go through after the checks: selection, severities,
/// the allowlist.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    /// Lower-cased.
    pub allow: Vec<String>,
}

impl Filter {
    /// Checks every code or prefix against the registry: an unknown one is
    /// an error, not a silent no-op.
    pub fn validate(&self, rules: &[RuleInfo]) -> Result<()> {
        let all = self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys());
        for code in all {
            if !rules.iter().any(|r| matches_code(&r.code, code)) {
                bail!("unknown rule code or prefix {code:?}; `transaudit rules` lists them");
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.select.is_empty()
            && self.ignore.is_empty()
            && self.severity.is_empty()
            && self.allow.is_empty()
    }

    /// Applies the filter; `None` drops the finding.
    pub fn apply(&self, mut f: Finding) -> Option<Finding> {
        let selected =
            self.select.is_empty() || self.select.iter().any(|c| matches_code(&f.rule, c));
        if !selected || self.ignore.iter().any(|c| matches_code(&f.rule, c)) {
            return None;
        }
        if !self.allow.is_empty() && self.allow.contains(&f.text.trim().to_lowercase()) {
            return None;
        }
        // The longest matching code or prefix decides.
        if let Some((_, &s)) = self
            .severity
            .iter()
            .filter(|(c, _)| matches_code(&f.rule, c))
            .max_by_key(|(c, _)| c.len())
        {
            f.severity = s;
        }
        Some(f)
    }
}

/// `MT` selects every MT rule, `MT1` the Spanish pack, `MT101` one rule.
pub fn matches_code(code: &str, selector: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || code
            .get(..selector.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(selector))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_line() {
        let err = toml::from_str::<FileConfig>("select = [\"MT\"]\nsellect = 1\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 2"), "{msg}");
        assert!(msg.contains("sellect"), "{msg}");
    }

    #[test]
    fn prefixes_select_families() {
        assert!(matches_code("MT101", "MT"));
        assert!(matches_code("MT101", "mt1"));
        assert!(!matches_code("MT101", "MT2"));
        assert!(!matches_code("MT1", "MT101"));
    }
}
