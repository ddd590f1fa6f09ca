//! Evaluates the mistranslation and typography rule packs on a labelled set
//! of machine-translated English paragraphs (`paragraphs.jsonl`, built from
//! `paragraphs.txt` by `build.py`).
//!
//! A finding is correct when it overlaps a labelled error of its paragraph;
//! a labelled error is found when some finding overlaps it. Prints precision
//! and recall overall, per error category and per source language, the
//! warning-or-above findings per 20 clean paragraphs, and how often the
//! source language was inferred correctly.
//!
//! ```text
//! cargo run --release --example eval-mistranslation [-- [--force-lang] [-v] [FILE]]
//! ```
//! `--force-lang` gives the checker each paragraph's true source language
//! instead of letting it infer one; `-v` lists every miss and false alarm.
//! `--show FILE...` instead prints the findings on plain-text files.

#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use transaudit::checks::mistranslation::Mistranslation;
use transaudit::checks::Check;
use transaudit::document::Document;
use transaudit::finding::{CheckKind, Finding, Severity};

#[derive(Deserialize)]
struct Item {
    id: String,
    lang: String,
    clean: bool,
    text: String,
    errors: Vec<Gold>,
}

#[derive(Deserialize)]
struct Gold {
    start: usize,
    end: usize,
    text: String,
    category: String,
}

#[derive(Default, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    gold: usize,
    found: usize,
}

impl Count {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

fn overlaps(f: &Finding, g: &Gold) -> bool {
    f.span.start < g.end && g.start < f.span.end
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--show") {
        return show(&args[1..]);
    }
    let force = args.iter().any(|a| a == "--force-lang");
    let verbose = args.iter().any(|a| a == "-v");
    let path = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/mistranslation/paragraphs.jsonl")
        });
    let items: Vec<Item> = std::fs::read_to_string(&path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;

    let kinds = [CheckKind::Mistranslation, CheckKind::Typography];
    let base = Mistranslation::new(&kinds, &[])?;
    let started = std::time::Instant::now();

    let mut overall = Count::default();
    let mut by_lang: BTreeMap<String, Count> = BTreeMap::new();
    let mut by_cat: BTreeMap<String, Count> = BTreeMap::new();
    // Which category each rule's correct findings had, to attribute its
    // false alarms to a category.
    let mut rule_cat: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut false_alarms: Vec<(String, Finding)> = Vec::new();
    let mut clean_paras = 0usize;
    let mut clean_warnings = 0usize;
    let mut lang_right = 0usize;
    let mut lang_none = 0usize;
    let mut lang_wrong = 0usize;
    let mut lang_total = 0usize;
    let mut bytes = 0usize;

    for (i, item) in items.iter().enumerate() {
        let doc = Document::new(item.id.as_str(), i, item.text.clone());
        bytes += item.text.len();
        let m = if force {
            base.clone().with_source_lang(Some(item.lang.clone()))
        } else {
            base.clone()
        };
        let mut out = Vec::new();
        m.check(&doc, &mut out);
        let chars: Vec<char> = item.text.chars().collect();
        for f in &out {
            let slice: String = chars[f.span.start..f.span.end].iter().collect();
            assert_eq!(f.text, slice, "finding text differs from the slice");
        }
        if !item.clean {
            lang_total += 1;
            match base.source_lang(&doc) {
                Some(l) if l == item.lang => lang_right += 1,
                None => lang_none += 1,
                Some(l) => {
                    lang_wrong += 1;
                    if verbose {
                        println!("LANG   {:<10} inferred {l}, is {}", item.id, item.lang);
                    }
                }
            }
        }
        if item.clean {
            clean_paras += 1;
            clean_warnings += out
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .count();
        }
        let lang = by_lang.entry(item.lang.clone()).or_default();
        for g in &item.errors {
            let cat = by_cat.entry(g.category.clone()).or_default();
            cat.gold += 1;
            lang.gold += 1;
            overall.gold += 1;
            if out.iter().any(|f| overlaps(f, g)) {
                cat.found += 1;
                lang.found += 1;
                overall.found += 1;
            } else if verbose {
                println!("MISS   {:<10} {:<12} {:?}", item.id, g.category, g.text);
            }
        }
        for f in &out {
            match item.errors.iter().find(|g| overlaps(f, g)) {
                Some(g) => {
                    overall.tp += 1;
                    lang.tp += 1;
                    by_cat.entry(g.category.clone()).or_default().tp += 1;
                    *rule_cat
                        .entry(f.rule.to_string())
                        .or_default()
                        .entry(g.category.clone())
                        .or_default() += 1;
                }
                None => {
                    overall.fp += 1;
                    lang.fp += 1;
                    false_alarms.push((item.id.clone(), f.clone()));
                }
            }
        }
    }
    for (id, f) in &false_alarms {
        let cat = rule_cat
            .get(&*f.rule)
            .and_then(|m| m.iter().max_by_key(|(_, n)| **n).map(|(c, _)| c.clone()))
            .unwrap_or_else(|| "(unattributed)".to_string());
        by_cat.entry(cat).or_default().fp += 1;
        if verbose {
            println!(
                "FALSE  {:<10} {} {} {:?} -> {:?}",
                id,
                f.rule,
                f.severity,
                f.text,
                f.suggestion.as_deref().unwrap_or("")
            );
        }
    }

    let elapsed = started.elapsed();
    println!(
        "{} paragraphs ({} clean), {} labelled errors; source language {}",
        items.len(),
        clean_paras,
        overall.gold,
        if force { "forced" } else { "inferred" }
    );
    println!();
    println!(
        "{:<16} {:>9} {:>9} {:>6} {:>6} {:>6}",
        "", "precision", "recall", "TP", "FP", "gold"
    );
    let row = |name: &str, c: &Count| {
        println!(
            "{:<16} {:>9.3} {:>9.3} {:>6} {:>6} {:>6}",
            name,
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.gold
        );
    };
    row("overall", &overall);
    println!("-- by category (false alarms attributed by rule)");
    for (k, c) in &by_cat {
        row(k, c);
    }
    println!("-- by source language");
    for (k, c) in &by_lang {
        row(k, c);
    }
    println!();
    println!(
        "warning-or-above findings on clean paragraphs: {} in {} = {:.2} per 20",
        clean_warnings,
        clean_paras,
        20.0 * ratio(clean_warnings, clean_paras)
    );
    println!(
        "source language of paragraphs with errors: {}/{} right, {} wrong, {} undecided",
        lang_right, lang_total, lang_wrong, lang_none
    );
    println!(
        "time: {:.1} ms for {} KB",
        elapsed.as_secs_f64() * 1000.0,
        bytes / 1024
    );
    Ok(())
}

/// Prints the findings on each file, one per line.
fn show(files: &[String]) -> anyhow::Result<()> {
    let m = Mistranslation::new(&[CheckKind::Mistranslation, CheckKind::Typography], &[])?;
    for (i, path) in files.iter().enumerate() {
        let doc = Document::new(path.as_str(), i, std::fs::read_to_string(path)?);
        println!(
            "{path}: source language {}",
            m.source_lang(&doc).as_deref().unwrap_or("undecided")
        );
        let mut out = Vec::new();
        m.check(&doc, &mut out);
        for f in out {
            println!(
                "  {}:{} [{}..{}] {} {} {:?} -> {:?}",
                f.span.line,
                f.span.column,
                f.span.start,
                f.span.end,
                f.rule,
                f.severity,
                f.text,
                f.suggestion.as_deref().unwrap_or("")
            );
        }
    }
    Ok(())
}
