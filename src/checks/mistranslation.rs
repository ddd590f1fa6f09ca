//! The mistranslation check: runs the rule packs ([`crate::pack`]) over each
//! document and reports what they find — calques, false friends, common
//! nouns turned into proper nouns, untranslated acronyms (check
//! `mistranslation`) and, from the common pack, known proper nouns left in
//! lower case (check `typography`).
//!
//! Several packs may hold a rule for the same words (`ONU` is Spanish,
//! Italian, French and Portuguese). Where two rules match the same span, the
//! one whose language is the document's source language wins; that language
//! is inferred per document ([`infer_source_lang`]) unless forced.

use std::path::PathBuf;

use crate::checks::Check;
use crate::document::Document;
use crate::finding::{CheckKind, Finding};
use crate::pack::{merge, Hit, Matcher, Pack, PackError, Prepared, RuleChange};
use crate::rules::RuleInfo;

pub struct Mistranslation {
    matcher: Matcher,
    changes: Vec<RuleChange>,
    source_lang: Option<String>,
}

impl Mistranslation {
    /// The built-in packs, then `user_packs` in order; only rules whose check
    /// is in `kinds` run.
    pub fn new(kinds: &[CheckKind], user_packs: &[PathBuf]) -> Result<Self, PackError> {
        let user = user_packs
            .iter()
            .map(|p| Pack::load(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_packs(kinds, Pack::builtin(), user))
    }

    /// As [`Mistranslation::new`], from packs already parsed.
    pub fn from_packs(kinds: &[CheckKind], builtin: Vec<Pack>, user: Vec<Pack>) -> Self {
        let (rules, changes) = merge(builtin, user);
        let rules = rules
            .into_iter()
            .filter(|r| kinds.contains(&r.check))
            .collect();
        Mistranslation {
            matcher: Matcher::new(rules),
            changes,
            source_lang: None,
        }
    }

    /// Forces the source language (ISO 639-1) of every document instead of
    /// inferring it.
    pub fn with_source_lang(mut self, lang: Option<String>) -> Self {
        self.source_lang = lang;
        self
    }

    /// What the user packs did: each rule added or replaced (for `-v`).
    pub fn changes(&self) -> &[RuleChange] {
        &self.changes
    }

    /// Documentation of every rule that runs, sorted by code.
    pub fn rule_infos(&self) -> Vec<RuleInfo> {
        let mut v: Vec<RuleInfo> = self.matcher.rules().iter().map(|r| r.info()).collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    /// The source language this check assumes for a document: the forced
    /// one, or the inferred one.
    pub fn source_lang(&self, doc: &Document) -> Option<String> {
        if self.source_lang.is_some() {
            return self.source_lang.clone();
        }
        let p = Prepared::new(doc);
        let hits = self.matcher.find(&p);
        infer_source_lang(&p, self.matcher.rules(), &hits)
    }

    fn findings(&self, doc: &Document, out: &mut Vec<Finding>) {
        let p = Prepared::new(doc);
        let rules = self.matcher.rules();
        let hits = self.matcher.find(&p);
        let lang = match &self.source_lang {
            Some(l) => Some(l.clone()),
            None => infer_source_lang(&p, rules, &hits),
        };
        let prefer = |h: &Hit| -> (bool, bool, usize) {
            let r = &rules[h.rule];
            let wrong_lang = match (&r.lang, &lang) {
                (Some(rl), Some(dl)) => rl != dl,
                _ => false,
            };
            // Lower sorts first: the document's language, then common, then
            // pack order.
            (wrong_lang, r.lang.is_none(), h.rule)
        };
        let mut i = 0;
        while i < hits.len() {
            // Hits over the same span and check compete; the best one reports.
            let mut j = i + 1;
            while j < hits.len() && hits[j].range == hits[i].range {
                j += 1;
            }
            let mut group: Vec<&Hit> = hits[i..j].iter().collect();
            group.sort_by_key(|h| prefer(h));
            let mut seen = Vec::new();
            for h in group {
                let r = &rules[h.rule];
                if seen.contains(&r.check) {
                    continue;
                }
                seen.push(r.check);
                let mut f = doc
                    .finding(h.range.clone(), r.check, &r.code, r.severity, &r.summary)
                    .with_score(r.confidence);
                if let Some(s) = r.suggest(&doc.text[h.range.clone()], h.variant) {
                    f = f.with_suggestion(s);
                }
                if let Some(l) = &r.lang {
                    f = f.with_lang(l.clone());
                }
                out.push(f);
            }
            i = j;
        }
    }
}

impl Check for Mistranslation {
    fn kind(&self) -> CheckKind {
        CheckKind::Mistranslation
    }

    /// Emits both mistranslation and typography findings.
    fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        self.findings(doc, out);
    }
}

/// The source language a document was translated from, from the rules of
/// language packs that hit it: the language with the most distinct hits
/// wins; a tie, or no hit, says nothing.
pub fn infer_source_lang(
    _p: &Prepared,
    rules: &[crate::pack::Rule],
    hits: &[Hit],
) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for h in hits {
        if let Some(l) = &rules[h.rule].lang {
            match counts.iter_mut().find(|(k, _)| k == l) {
                Some((_, n)) => *n += 1,
                None => counts.push((l.clone(), 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match counts.as_slice() {
        [] => None,
        [(l, _)] => Some(l.clone()),
        [(l, a), (_, b), ..] if a > b => Some(l.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::BUILTIN_PACKS;

    fn all() -> Mistranslation {
        Mistranslation::new(&[CheckKind::Mistranslation, CheckKind::Typography], &[]).unwrap()
    }

    fn run(m: &Mistranslation, text: &str) -> Vec<Finding> {
        let doc = Document::new("t", 0, text.to_string());
        let mut out = Vec::new();
        m.check(&doc, &mut out);
        // text == slice, in characters, for every finding
        let chars: Vec<char> = text.chars().collect();
        for f in &out {
            let slice: String = chars[f.span.start..f.span.end].iter().collect();
            assert_eq!(f.text, slice, "{f:?}");
        }
        out
    }

    #[test]
    fn every_rule_fires_on_its_examples_and_passes_its_near_misses() {
        let m = all();
        let mut failures = Vec::new();
        // The examples are written as translations from the rule's own
        // language: force it, one checker per language.
        let mut by_lang: Vec<(Option<String>, Mistranslation)> = Vec::new();
        for rule in m.matcher.rules() {
            if !by_lang.iter().any(|(l, _)| *l == rule.lang) {
                by_lang.push((rule.lang.clone(), all().with_source_lang(rule.lang.clone())));
            }
            let ml = &by_lang.iter().find(|(l, _)| *l == rule.lang).unwrap().1;
            for ex in &rule.fires {
                if !run(ml, ex).iter().any(|f| *f.rule == *rule.code) {
                    failures.push(format!("{} should fire on: {ex}", rule.code));
                }
            }
            for ex in &rule.passes {
                if run(ml, ex).iter().any(|f| *f.rule == *rule.code) {
                    failures.push(format!("{} should pass: {ex}", rule.code));
                }
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn packs_are_sorted_unique_and_documented() {
        let template = [
            "todo",
            "tbd",
            "fixme",
            "xxx",
            "lorem",
            "describe",
            "summary here",
        ];
        let mut all_codes: Vec<String> = Vec::new();
        for (name, src) in BUILTIN_PACKS {
            let pack = Pack::parse(name, src).unwrap();
            let codes: Vec<&str> = pack.rules.iter().map(|r| r.code.as_str()).collect();
            let mut sorted = codes.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(codes, sorted, "{name}: codes must be sorted and unique");
            for r in &pack.rules {
                let prefix_ok = match (&pack.lang, r.check) {
                    (_, CheckKind::Typography) => r.code.starts_with("TY1") && pack.lang.is_none(),
                    (None, _) => r.code.starts_with("MT0"),
                    (Some(l), _) => {
                        let digit = match l.as_str() {
                            "es" => '1',
                            "it" => '2',
                            "fr" => '3',
                            "pt" => '4',
                            "de" => '5',
                            "ru" | "uk" => '6',
                            _ => '?',
                        };
                        r.code.starts_with("MT") && r.code[2..].starts_with(digit)
                    }
                };
                assert!(prefix_ok, "{name}: {} has the wrong code family", r.code);
                for (what, s) in [("summary", &r.summary), ("explanation", &r.explanation)] {
                    assert!(!s.trim().is_empty(), "{}: empty {what}", r.code);
                    let l = s.to_lowercase();
                    assert!(
                        !template.iter().any(|t| l.contains(t)),
                        "{}: template text in {what}",
                        r.code
                    );
                }
                assert!(!r.summary.contains('\n'), "{}: summary is one line", r.code);
                assert!(!r.fires.is_empty(), "{}: no example that fires", r.code);
                assert!(!r.passes.is_empty(), "{}: no near miss", r.code);
                if r.check == CheckKind::Mistranslation && pack.lang.is_some() {
                    assert!(r.source.is_some(), "{}: no source expression", r.code);
                }
                assert!(r.suggestion.is_some(), "{}: no suggestion", r.code);
            }
            all_codes.extend(codes.iter().map(|c| c.to_string()));
        }
        let n = all_codes.len();
        all_codes.sort();
        all_codes.dedup();
        assert_eq!(n, all_codes.len(), "a code appears in two packs");
    }

    fn seed() -> Option<String> {
        std::fs::read_to_string("/work/shared/seeds/003_76af8b894998912a.txt").ok()
    }

    #[test]
    fn seed_003_findings() {
        let Some(text) = seed() else { return };
        let out = run(&all(), &text);
        let at = |start: usize, rule_prefix: &str| {
            out.iter()
                .find(|f| f.span.start == start && f.rule.starts_with(rule_prefix))
                .unwrap_or_else(|| panic!("no {rule_prefix} finding at {start}: {out:#?}"))
        };
        assert_eq!(at(3380, "MT1").suggestion.as_deref(), Some("ceasefire"));
        assert_eq!(at(3634, "MT1").suggestion.as_deref(), Some("peace"));
        assert_eq!(at(1409, "MT1").suggestion.as_deref(), Some("UAE"));
        assert_eq!(at(2737, "MT1").suggestion.as_deref(), Some("EPC"));
        assert!(out.iter().all(|f| f.check != CheckKind::Mistranslation
            || f.lang.as_deref() == Some("es")
            || f.lang.is_none()));
        let kyiv = out.iter().filter(|f| &*f.rule == "TY101").count();
        assert_eq!(kyiv, 5);
        let texts: Vec<&str> = out.iter().map(|f| f.text.as_str()).collect();
        for t in [
            "The NATO general secretary",
            "the ball is in its field",
            "arrangement in Ukraine",
            "Ukrainian arrangement",
            "was not on Istanbul",
        ] {
            assert!(texts.contains(&t), "missing {t}: {texts:?}");
        }
        assert_eq!(
            texts
                .iter()
                .filter(|t| **t == "the ball is in its field")
                .count(),
            2
        );
        let doc = Document::new("t", 0, text.clone());
        let p = Prepared::new(&doc);
        let m = all();
        let hits = m.matcher.find(&p);
        assert_eq!(
            infer_source_lang(&p, m.matcher.rules(), &hits).as_deref(),
            Some("es")
        );
    }

    #[test]
    fn la_paz_is_the_city_when_bolivia_is_in_the_document() {
        let m = all();
        let t =
            "Bolivia's president spoke on Monday. Marchers walked towards La Paz, the other way.";
        assert!(run(&m, t).iter().all(|f| f.text != "La Paz"));
        let t = "Marchers walked towards La Paz, the other way.";
        assert!(run(&m, t).iter().any(|f| f.text == "La Paz"));
    }

    #[test]
    fn only_enabled_kinds_run() {
        let m = Mistranslation::new(&[CheckKind::Typography], &[]).unwrap();
        let out = run(&m, "Talks in kyiv on a high fire.");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].check, CheckKind::Typography);
        assert!(m
            .rule_infos()
            .iter()
            .all(|r| r.check == CheckKind::Typography));
    }

    #[test]
    fn user_pack_replaces_and_adds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.toml");
        std::fs::write(
            &path,
            "lang = \"es\"\n[[rule]]\ncode = \"MT101\"\npattern = \"low fire\"\nsuggestion = \"ceasefire\"\nsource = \"alto el fuego\"\nsummary = \"s\"\nexplanation = \"e\"\nfires = [\"a low fire\"]\npasses = [\"x\"]\n\n[[rule]]\ncode = \"MT199\"\npattern = \"blue moon\"\nsuggestion = \"rarely\"\nsummary = \"s\"\nexplanation = \"e\"\n",
        )
        .unwrap();
        let m =
            Mistranslation::new(&[CheckKind::Mistranslation], std::slice::from_ref(&path)).unwrap();
        assert_eq!(m.changes().len(), 2);
        assert!(matches!(&m.changes()[0], RuleChange::Replaced { code, .. } if code == "MT101"));
        assert!(matches!(&m.changes()[1], RuleChange::Added { code, .. } if code == "MT199"));
        let out = run(&m, "A low fire and a high fire, once in a blue moon.");
        let rules: Vec<&str> = out.iter().map(|f| &*f.rule).collect();
        assert_eq!(rules, vec!["MT101", "MT199"]);

        std::fs::write(&path, "[[rule]]\ncode = \"MT199\"\npattern = 3\n").unwrap();
        let e = Mistranslation::new(&[CheckKind::Mistranslation], std::slice::from_ref(&path))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("mine.toml:3:"), "{e}");
    }
}
