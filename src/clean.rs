//! `transaudit clean`: a cleaned copy of the corpus, and a log of every
//! change so that nothing is lost.
//!
//! What is removed: language remnants that are whole passages or
//! boilerplate, later copies of duplicated passages (the first copy stays),
//! and every occurrence of a boilerplate cluster. With `--fix`, the
//! suggestions of rules whose fix is marked safe are applied. A remnant or
//! duplicate *inside* a sentence is left alone: cutting it would break the
//! sentence, and an editor has to decide.
//!
//! Every change is a row of `removed.csv` (character offsets into the
//! original text); [`restore`] rebuilds the original from the cleaned text
//! and those rows.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::finding::{CheckKind, Finding};
use crate::input::Origin;
use crate::pipeline::KeptDocument;

/// What happens to the later copies of a duplicated passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicatePolicy {
    /// Keep the first copy, remove the later ones and boilerplate.
    KeepFirst,
    /// Remove nothing for duplication.
    KeepAll,
}

#[derive(Debug, Clone)]
pub struct CleanOptions {
    pub duplicates: DuplicatePolicy,
    /// Apply the suggestions of these rule codes (the rules whose fix is safe).
    pub fix_rules: Option<HashSet<String>>,
    /// Rules whose findings are boilerplate clusters: every occurrence and
    /// the representative go.
    pub boilerplate_rules: HashSet<String>,
}

/// One change to a document, in characters of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub replacement: String,
    pub reason: String,
    pub rule: String,
}

/// A change a finding asks for, before overlaps are resolved.
struct Wanted {
    start: usize,
    end: usize,
    replacement: String,
    reason: &'static str,
    rule: String,
}

/// The changes to make, per document index, sorted and never overlapping.
pub fn plan(
    findings: &[Finding],
    docs: &[KeptDocument],
    options: &CleanOptions,
) -> BTreeMap<usize, Vec<Change>> {
    let index_of: BTreeMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (&*d.id, i)).collect();
    let mut wanted: BTreeMap<usize, Vec<Wanted>> = BTreeMap::new();
    for f in findings {
        let Some(doc) = docs.get(f.doc_index) else {
            continue;
        };
        let chars: Vec<char> = doc.text.chars().collect();
        let remove = |reason| Wanted {
            start: f.span.start,
            end: f.span.end,
            replacement: String::new(),
            reason,
            rule: f.rule.to_string(),
        };
        match f.check {
            CheckKind::Remnant if is_whole_passage(&chars, f.span.start, f.span.end) => {
                wanted
                    .entry(f.doc_index)
                    .or_default()
                    .push(remove("remnant"));
            }
            CheckKind::Duplicate if options.duplicates == DuplicatePolicy::KeepFirst => {
                let boilerplate = options.boilerplate_rules.contains(&*f.rule);
                if boilerplate || is_whole_passage(&chars, f.span.start, f.span.end) {
                    let reason = if boilerplate {
                        "boilerplate"
                    } else {
                        "duplicate"
                    };
                    wanted.entry(f.doc_index).or_default().push(remove(reason));
                }
                if boilerplate {
                    if let Some((r, &ri)) = f
                        .related
                        .as_ref()
                        .and_then(|r| Some((r, index_of.get(&*r.doc)?)))
                    {
                        wanted.entry(ri).or_default().push(Wanted {
                            start: r.start,
                            end: r.end,
                            replacement: String::new(),
                            reason: "boilerplate",
                            rule: f.rule.to_string(),
                        });
                    }
                }
            }
            _ => {}
        }
        if let (Some(fix), Some(s)) = (&options.fix_rules, &f.suggestion) {
            if fix.contains(&*f.rule) {
                wanted.entry(f.doc_index).or_default().push(Wanted {
                    replacement: s.clone(),
                    ..remove("fix")
                });
            }
        }
    }
    let mut out = BTreeMap::new();
    for (d, mut list) in wanted {
        let doc = &docs[d];
        let chars: Vec<char> = doc.text.chars().collect();
        // Removals first at equal starts, longest first: they win over fixes.
        list.sort_by_key(|w| (w.start, !w.replacement.is_empty(), std::cmp::Reverse(w.end)));
        let mut changes: Vec<Change> = Vec::new();
        let mut covered = 0usize;
        for Wanted {
            start,
            end,
            replacement,
            reason,
            rule,
        } in list
        {
            if start < covered || start >= end {
                continue;
            }
            let end = if replacement.is_empty() {
                extend_over_break(&chars, start, end)
            } else {
                end
            };
            covered = end;
            changes.push(Change {
                doc: doc.id.to_string(),
                start,
                end,
                text: chars[start..end].iter().collect(),
                replacement,
                reason: reason.to_string(),
                rule,
            });
        }
        out.insert(d, changes);
    }
    out
}

/// A span is a whole passage when only white space (or the end of the
/// previous sentence) stands before it on its line and only white space or
/// closing punctuation after it.
fn is_whole_passage(chars: &[char], start: usize, end: usize) -> bool {
    let before = chars[..start]
        .iter()
        .rev()
        .take_while(|&&c| c != '\n' && c != '\r')
        .find(|c| !c.is_whitespace());
    let after = chars[end..]
        .iter()
        .take_while(|&&c| c != '\n' && c != '\r')
        .find(|c| !c.is_whitespace() && !matches!(c, '.' | '!' | '?' | '…'));
    let before_ok = before.is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | '"' | '”' | ')'));
    before_ok && after.is_none()
}

/// A removed passage takes the white space after it up to and including the
/// next line break (and any blank lines), so no gap is left.
fn extend_over_break(chars: &[char], start: usize, end: usize) -> usize {
    let starts_line = start == 0 || matches!(chars[start - 1], '\n' | '\r');
    if !starts_line {
        return end;
    }
    let mut e = end;
    while e < chars.len() && chars[e].is_whitespace() {
        e += 1;
    }
    e
}

/// The text with `changes` (sorted, disjoint) applied.
pub fn apply(text: &str, changes: &[Change]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for c in changes {
        out.extend(&chars[pos..c.start]);
        out.push_str(&c.replacement);
        pos = c.end;
    }
    out.extend(&chars[pos..]);
    out
}

/// Rebuilds the original text from the cleaned one and its changes.
pub fn restore(cleaned: &str, changes: &[Change]) -> String {
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = String::with_capacity(cleaned.len());
    let (mut clean_pos, mut orig_pos) = (0usize, 0usize);
    for c in changes {
        let keep = c.start - orig_pos;
        out.extend(&chars[clean_pos..clean_pos + keep]);
        out.push_str(&c.text);
        clean_pos += keep + c.replacement.chars().count();
        orig_pos = c.end;
    }
    out.extend(&chars[clean_pos..]);
    out
}

/// Refuses an output folder that is an input, holds one or lies inside one,
/// and a non-empty one without `force`.
pub fn check_output_dir(out: &Path, inputs: &[PathBuf], force: bool) -> Result<()> {
    let out_abs = absolute(out)?;
    for input in inputs {
        let Ok(inp) = fs::canonicalize(input) else {
            continue;
        };
        if out_abs == inp || inp.starts_with(&out_abs) {
            bail!(
                "{}: the output folder is or holds the input {}; choose a folder outside the inputs",
                out.display(),
                input.display()
            );
        }
        if inp.is_dir() && out_abs.starts_with(&inp) {
            bail!(
                "{}: the output folder lies inside the input {}; transaudit never writes inside an input",
                out.display(),
                input.display()
            );
        }
    }
    if out.is_file() {
        bail!(
            "{}: exists and is a file; --out takes a folder",
            out.display()
        );
    }
    if !force && out.is_dir() && fs::read_dir(out)?.next().is_some() {
        bail!(
            "{}: folder exists and is not empty; pass --force to overwrite what is in it",
            out.display()
        );
    }
    Ok(())
}

/// The canonical form of a path that may not exist yet.
fn absolute(p: &Path) -> Result<PathBuf> {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => break,
        }
    }
    let mut abs = fs::canonicalize(&existing)
        .with_context(|| format!("{}: cannot resolve", existing.display()))?;
    for name in rest.into_iter().rev() {
        abs.push(name);
    }
    Ok(abs)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.transaudit-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("{}: cannot write", path.display()))
}

/// Summary of a clean run.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    pub changes: usize,
}

/// Writes the cleaned corpus and `removed.csv` under `out`.
pub fn write_corpus(
    out: &Path,
    docs: &[KeptDocument],
    changes: &BTreeMap<usize, Vec<Change>>,
    text_field: &str,
) -> Result<Written> {
    let empty = Vec::new();
    let mut written = Written::default();
    // JSON Lines files are rewritten line by line, keeping every other field.
    let mut jsonl: BTreeMap<PathBuf, BTreeMap<usize, String>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let list = changes.get(&i).unwrap_or(&empty);
        let cleaned = apply(&doc.text, list);
        match &doc.origin {
            Origin::File { path, relative } => {
                // A byte-order mark the input had goes back in front.
                let mut bytes = Vec::with_capacity(cleaned.len() + 3);
                if starts_with_bom(path) {
                    bytes.extend_from_slice(b"\xEF\xBB\xBF");
                }
                bytes.extend_from_slice(cleaned.as_bytes());
                write_atomic(&out.join(relative), &bytes)?;
                written.files += 1;
            }
            Origin::JsonlLine { path, line } => {
                jsonl
                    .entry(path.clone())
                    .or_default()
                    .insert(*line, cleaned);
            }
            Origin::Memory => {}
        }
        written.changes += list.len();
    }
    for (path, lines) in jsonl {
        let original = fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read again", path.display()))?;
        let mut result = String::with_capacity(original.len());
        for (n, line) in original.split_inclusive('\n').enumerate() {
            match lines.get(&(n + 1)) {
                Some(text) => {
                    let mut v: serde_json::Value = serde_json::from_str(line.trim_end())
                        .with_context(|| {
                            format!("{}: line {}: changed since read", path.display(), n + 1)
                        })?;
                    v[text_field] = serde_json::Value::String(text.clone());
                    result.push_str(&serde_json::to_string(&v)?);
                    result.push('\n');
                }
                // Lines that were not documents (blank, malformed) are kept as they were.
                None => result.push_str(line),
            }
        }
        let name = path.file_name().unwrap_or_default();
        write_atomic(&out.join(name), result.as_bytes())?;
        written.files += 1;
    }
    let mut log = csv::Writer::from_writer(Vec::new());
    for list in changes.values() {
        for c in list {
            log.serialize(c)?;
        }
    }
    if written.changes == 0 {
        log.write_record([
            "doc",
            "start",
            "end",
            "text",
            "replacement",
            "reason",
            "rule",
        ])?;
    }
    write_atomic(&out.join("removed.csv"), &log.into_inner()?)?;
    Ok(written)
}

fn starts_with_bom(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 3];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|_| head == *b"\xEF\xBB\xBF")
}

/// Reads `removed.csv` back: the changes per document id, in order.
pub fn read_log(path: &Path) -> Result<BTreeMap<Arc<str>, Vec<Change>>> {
    let mut r = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    let mut out: BTreeMap<Arc<str>, Vec<Change>> = BTreeMap::new();
    for row in r.deserialize() {
        let c: Change = row?;
        out.entry(c.doc.as_str().into()).or_default().push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(start: usize, end: usize, text: &str, replacement: &str) -> Change {
        Change {
            doc: "d".into(),
            start,
            end,
            text: text.into(),
            replacement: replacement.into(),
            reason: "r".into(),
            rule: "X".into(),
        }
    }

    #[test]
    fn apply_and_restore_round_trip() {
        let text = "Title\n\nTitle\n\nIn kyiv, a high -level talk.Lini një";
        let changes = vec![
            change(7, 14, "Title\n\n", ""),
            change(17, 21, "kyiv", "Kyiv"),
            change(42, 50, "Lini një", ""),
        ];
        let cleaned = apply(text, &changes);
        assert_eq!(cleaned, "Title\n\nIn Kyiv, a high -level talk.");
        assert_eq!(restore(&cleaned, &changes), text);
    }

    #[test]
    fn whole_passages_are_lines_or_glued_sentences() {
        let t: Vec<char> = "seek it.Lini një\nA “quote” here".chars().collect();
        assert!(is_whole_passage(&t, 8, 16));
        assert!(!is_whole_passage(&t, 20, 25));
        assert!(is_whole_passage(&t, 17, 31));
    }
}
