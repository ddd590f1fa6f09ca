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

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::checks::Check;
use crate::document::Document;
use crate::finding::{CheckKind, Finding};
use crate::pack::{merge, Cue, Hit, Matcher, Pack, PackError, Prepared, Rule, RuleChange, Scan};
use crate::rules::RuleInfo;

#[derive(Clone)]
pub struct Mistranslation {
    matcher: Matcher,
    changes: Vec<RuleChange>,
    source_lang: Option<String>,
}

/// A rule from another language's pack whose confidence is below this does
/// not fire when the evidence for the document's source language is strong
/// (or the language is forced): false friends and loose calques depend on
/// the source.
const WRONG_LANG_MIN_CONFIDENCE: f64 = 0.8;

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
        let cues = Cue::from_packs(builtin.iter().chain(&user));
        let (rules, changes) = merge(builtin, user);
        let rules = rules
            .into_iter()
            .filter(|r| kinds.contains(&r.check))
            .collect();
        Mistranslation {
            matcher: Matcher::new(rules, cues),
            changes,
            source_lang: None,
        }
    }

    /// Forces the source language (ISO 639-1) of every document instead of
    /// inferring it (`--source-lang`).
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

    /// The source language this check assumes for a document (ISO 639-1):
    /// the forced one, or the one inferred from cues and rule hits; `None`
    /// when the evidence is absent or split.
    pub fn source_lang(&self, doc: &Document) -> Option<String> {
        if self.source_lang.is_some() {
            return self.source_lang.clone();
        }
        let p = self.matcher.prepare(doc);
        let scan = self.matcher.scan(&p);
        infer_source_lang(&p, self.matcher.rules(), &scan).map(|e| e.lang)
    }

    /// Runs the check like [`Check::check`] and returns the source language
    /// it assumed for the document (forced or inferred), for the report — one
    /// pass instead of [`Mistranslation::source_lang`] and a check.
    pub fn check_with_lang(&self, doc: &Document, out: &mut Vec<Finding>) -> Option<String> {
        let p = self.matcher.prepare(doc);
        let rules = self.matcher.rules();
        let scan = self.matcher.scan(&p);
        let evidence = match &self.source_lang {
            Some(l) => Some(Evidence {
                lang: l.clone(),
                strong: true,
            }),
            None => infer_source_lang(&p, rules, &scan),
        };
        let lang = evidence.as_ref().map(|e| e.lang.as_str());
        let wrong_lang = |r: &Rule| matches!((&r.lang, lang), (Some(rl), Some(dl)) if rl != dl);
        let hits: Vec<&Hit> = scan
            .hits
            .iter()
            .filter(|h| {
                let r = &rules[h.rule];
                let strong = evidence.as_ref().is_some_and(|e| e.strong);
                !(strong && wrong_lang(r) && r.confidence < WRONG_LANG_MIN_CONFIDENCE)
            })
            .collect();
        // Lower sorts first: the document's language, then common, then
        // pack order.
        let prefer = |h: &Hit| {
            (
                wrong_lang(&rules[h.rule]),
                rules[h.rule].lang.is_none(),
                h.rule,
            )
        };
        let mut i = 0;
        while i < hits.len() {
            // Hits over the same span and check compete; the best one reports.
            let mut j = i + 1;
            while j < hits.len() && hits[j].range == hits[i].range {
                j += 1;
            }
            let mut group: Vec<&Hit> = hits[i..j].to_vec();
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
        evidence.map(|e| e.lang)
    }
}

impl Check for Mistranslation {
    fn kind(&self) -> CheckKind {
        CheckKind::Mistranslation
    }

    /// Emits both mistranslation and typography findings.
    fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        self.check_with_lang(doc, out);
    }
}

/// The inferred source language of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub lang: String,
    /// Enough evidence to silence low-confidence rules of other languages.
    pub strong: bool,
}

/// Infers the source language from what one scan found: each cue of a pack
/// (a transliteration such as `Zelenski` or `Selenskyj`) counts 1, up to 3
/// times per cue; a weak cue (a name the source press writes about) counts
/// a third, once; each rule of a language pack that hit counts its
/// confidence, up to twice per rule (not again where a cue matched the same
/// words); a Slavic name with a Spanish accent
/// (`Umérov`, `Medvédev`) counts 1 for Spanish. The best language needs a
/// score of 1 and half as much again as the next; it is strong with 2 and
/// twice the next.
pub fn infer_source_lang(p: &Prepared, rules: &[Rule], scan: &Scan) -> Option<Evidence> {
    let mut score: BTreeMap<String, f64> = BTreeMap::new();
    let mut per_item: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut add = |lang: &str, item: String, w: f64, cap: usize| {
        let n = per_item.entry((lang.to_string(), item)).or_insert(0);
        if *n < cap {
            *n += 1;
            *score.entry(lang.to_string()).or_insert(0.0) += w;
        }
    };
    for c in &scan.cues {
        let cap = if c.weight < 1.0 { 1 } else { 3 };
        add(
            &c.lang,
            p.doc.text[c.range.clone()].to_string(),
            c.weight,
            cap,
        );
    }
    for h in &scan.hits {
        let r = &rules[h.rule];
        if let Some(l) = &r.lang {
            // A word that is both a cue and a rule's match counts once.
            let is_cue = scan.cues.iter().any(|c| &c.lang == l && c.range == h.range);
            if !is_cue {
                add(l, r.code.clone(), r.confidence, 2);
            }
        }
    }
    // Each of `áéíóú` starts with the byte 0xC3 in UTF-8: most documents
    // have none, and their words need not be looked at one by one.
    if memchr::memchr(0xC3, p.doc.text.as_bytes()).is_some() {
        for &(a, b) in p.words {
            let t = &p.doc.text[a..b];
            if spanish_accented_slavic_name(t) {
                add("es", t.to_string(), 1.0, 2);
            }
        }
    }
    let mut ranked: Vec<(String, f64)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (best, top) = ranked.first()?.clone();
    let second = ranked.get(1).map_or(0.0, |x| x.1);
    if top < 1.0 || top < second * 1.5 {
        return None;
    }
    Some(Evidence {
        lang: best,
        strong: top >= 2.0 && top >= second * 2.0,
    })
}

/// `Umérov`, `Medvédev`, `Serguéi`: a capitalised word with an acute accent
/// on a vowel and a Slavic ending — Spanish marks the stress of transliterated
/// Russian and Ukrainian names.
fn spanish_accented_slavic_name(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ov", "ev", "ova", "eva", "in", "ina", "ski", "sky", "enko", "uk", "chuk", "vich", "ich",
        "éi", "ei", "yi", "ii",
    ];
    !w.is_ascii()
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().any(|c| matches!(c, 'á' | 'é' | 'í' | 'ó' | 'ú'))
        && w.chars().count() >= 4
        && ENDINGS.iter().any(|e| w.ends_with(e))
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
                by_lang.push((
                    rule.lang.clone(),
                    m.clone().with_source_lang(rule.lang.clone()),
                ));
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
                for t in [&r.summary, &r.explanation] {
                    assert!(!t.contains('\\'), "{}: stray backslash", r.code);
                    assert!(!t.contains("  "), "{}: double space", r.code);
                }
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

    #[test]
    fn seed_003_findings() {
        let text = crate::checks::testutil::seed("003_76af8b894998912a.txt");
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
        assert_eq!(all().source_lang(&doc).as_deref(), Some("es"));
        let mut again = Vec::new();
        assert_eq!(
            all().check_with_lang(&doc, &mut again).as_deref(),
            Some("es")
        );
        assert_eq!(again.len(), out.len());
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
    fn source_language_is_inferred_from_cues_and_hits() {
        let m = all();
        let lang = |t: &str| m.source_lang(&Document::new("t", 0, t.to_string()));
        assert_eq!(
            lang("Selenskyj met Merz. Lawrow said Kiew must give up.").as_deref(),
            Some("de")
        );
        assert_eq!(
            lang("Serghei Lavrov said the Onu must act, Palazzo Chigi replied.").as_deref(),
            Some("it")
        );
        assert_eq!(
            lang("Zelenski and Volodimir met Umérov in Estambul.").as_deref(),
            Some("es")
        );
        // A topic is not a source: a name in the news decides nothing.
        assert_eq!(lang("Brazilian President Lula has called on Putin."), None);
        // Split evidence decides nothing either.
        assert_eq!(lang("Selenskyj and Zelenski."), None);
        // Forced.
        let forced = all().with_source_lang(Some("pt".into()));
        assert_eq!(
            forced
                .source_lang(&Document::new("t", 0, "Selenskyj.".into()))
                .as_deref(),
            Some("pt")
        );
    }

    #[test]
    fn strong_evidence_silences_weak_rules_of_other_languages() {
        let m = all();
        // MT219 (Italian, confidence 0.7) fires without evidence ...
        let t = "In these hours the negotiators are meeting.";
        assert!(run(&m, t).iter().any(|f| &*f.rule == "MT219"));
        // ... but not in a document that is clearly from Spanish.
        let t = "Zelenski met Umérov and Volodimir in Estambul. In these hours the negotiators are meeting.";
        assert!(run(&m, t).iter().all(|f| &*f.rule != "MT219"));
        // A confident rule of another language still fires, in its own name.
        let t = "Zelenski met Umérov and Volodimir in Estambul. They signed a cease the fire.";
        let out = run(&m, t);
        let f = out.iter().find(|f| &*f.rule == "MT201").unwrap();
        assert_eq!(f.lang.as_deref(), Some("it"));
        // The same acronym in several packs reports once, in the document's
        // language.
        let t = "Zelenski met Umérov and Volodimir in Estambul. The ONU will meet.";
        let onu: Vec<_> = run(&m, t).into_iter().filter(|f| f.text == "ONU").collect();
        assert_eq!(onu.len(), 1);
        assert_eq!(onu[0].lang.as_deref(), Some("es"));
        let t = "Sergueï Lavrov said in Moscou that the ONU will meet.";
        let onu: Vec<_> = run(&m, t).into_iter().filter(|f| f.text == "ONU").collect();
        assert_eq!(onu[0].lang.as_deref(), Some("fr"));
    }

    #[test]
    fn spans_are_characters_even_where_folding_changes_lengths() {
        // `İ` lower-cases to two characters, `ẞ` to `ß`: the folded stream
        // is longer than the text, the spans must still be the text's.
        let m = all();
        let t = "«İİ ẞ» Ünï — the İstanbul talks on a high fire.\r\nThe EAU and kyiv.";
        let out = run(&m, t);
        let texts: Vec<&str> = out.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, vec!["high fire", "EAU", "kyiv"]);
        assert_eq!(out[2].span.line, 2);
        assert_eq!(out[2].span.column, 13);
    }

    proptest::proptest! {
        #[test]
        fn findings_are_slices_of_any_text(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "high", "fire", "La", "Paz", "UE", "ONU", "the", "ball", "is", "in", "its",
                "field", "kyiv", "İ", "ß", "«", "»", ",", ".", "EE.UU", "\n", " ", "  ", "’s",
                "Bolivia", "Zelenski", "Selenskyj", "cease", "NATO", "general", "secretary",
                "—", "é", "(", ")", "\r\n", "\u{200B}", "#", "@", "/",
            ]),
            0..60,
        )) {
            let text: String = words.concat();
            let m = all_cached();
            let _ = run(m, &text);
        }
    }

    fn all_cached() -> &'static Mistranslation {
        static M: std::sync::OnceLock<Mistranslation> = std::sync::OnceLock::new();
        M.get_or_init(all)
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
