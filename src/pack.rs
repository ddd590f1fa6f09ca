//! Rule packs: mistranslation and typography rules as data.
//!
//! A pack is a TOML file, one per source language (`packs/es.toml`, ...)
//! plus a language-independent `packs/common.toml`. Each `[[rule]]` gives a
//! code, a pattern over words, context conditions, a suggestion and its own
//! documentation with examples that must fire and near misses that must not
//! (a test runs them all). The built-in packs are embedded with
//! `include_str!`; user packs load afterwards and replace a rule with the
//! same code or add a new one.
//!
//! Matching stays linear in the text: every pattern is a sequence of folded
//! words (lower-cased, typographic apostrophes made straight) and of the gaps
//! between them — one space where only white space separates two words, `.`
//! where a lone period does (`EE.UU`). All patterns of all packs share one
//! trie over word ids; each word of the document is looked up once in the
//! patterns' vocabulary, and the trie is walked only from words that start
//! a pattern. Case and context are then checked on the original text.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::document::Document;
use crate::finding::{CheckKind, Severity};
use crate::rules::RuleInfo;
use crate::text::{self, ByWordHash, FnvMap};

/// The built-in packs, in load order: (file name, contents).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("common.toml", include_str!("../packs/common.toml")),
    ("es.toml", include_str!("../packs/es.toml")),
    ("it.toml", include_str!("../packs/it.toml")),
    ("fr.toml", include_str!("../packs/fr.toml")),
    ("pt.toml", include_str!("../packs/pt.toml")),
    ("de.toml", include_str!("../packs/de.toml")),
    ("ru.toml", include_str!("../packs/ru.toml")),
    ("uk.toml", include_str!("../packs/uk.toml")),
];

/// In a context phrase, stands for any number (`300 BCE`).
const NUM: &str = "<num>";

/// Whether a folded word of the text is the folded word `p` of a context
/// phrase.
fn word_is(w: &str, p: &str) -> bool {
    if p == NUM {
        w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    } else {
        // A possessive counts as the word: `Bolivia's` is `Bolivia`.
        w == p || w.strip_suffix("'s").is_some_and(|stem| stem == p)
    }
}

/// An error in a rule pack, naming the pack and the line.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: cannot read rule pack")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{pack}:{line}: {message}")]
    Invalid {
        pack: String,
        line: usize,
        message: String,
    },
}

impl PackError {
    fn invalid(pack: &str, src: &str, byte: usize, message: impl Into<String>) -> Self {
        PackError::Invalid {
            pack: pack.to_string(),
            line: line_of(src, byte),
            message: message.into(),
        }
    }
}

fn line_of(src: &str, byte: usize) -> usize {
    src.as_bytes()[..byte.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

// ---------------------------------------------------------------------------
// The file format.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    /// ISO 639-1 source language; absent for the common pack.
    lang: Option<String>,
    /// One line on what the pack covers.
    description: Option<String>,
    /// Words or phrases (case-sensitive) that betray a translation from this
    /// pack's language: transliterations such as `Zelenski`, `Selenskyj`.
    #[serde(default)]
    cues: Vec<String>,
    /// Weaker cues, worth a third of a cue and counted once: names the
    /// source-language press writes about (`Sánchez`, `Meloni`), which
    /// translations from other languages mention too.
    #[serde(default)]
    weak_cues: Vec<String>,
    #[serde(default)]
    rule: Vec<RuleFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    code: toml::Spanned<String>,
    #[serde(default = "default_check")]
    check: String,
    pattern: String,
    #[serde(default)]
    case_sensitive: bool,
    suggestion: Option<String>,
    /// The suggestion is always right where the rule fires, so `clean --fix`
    /// may apply it without an editor (spacing, casing, acronyms).
    #[serde(default)]
    safe_fix: bool,
    /// Replaces the alternative a `{...}` group took before it goes into the
    /// suggestion: `translate = { "Moscú" = "Moscow" }`.
    #[serde(default)]
    translate: BTreeMap<String, String>,
    #[serde(default = "default_severity")]
    severity: Severity,
    /// 0..1; defaults by severity.
    confidence: Option<f64>,
    source: Option<String>,
    summary: String,
    explanation: String,
    #[serde(default)]
    fires: Vec<String>,
    #[serde(default)]
    passes: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    sentence: Vec<String>,
    #[serde(default)]
    not_sentence: Vec<String>,
    #[serde(default)]
    document: Vec<String>,
    #[serde(default)]
    not_document: Vec<String>,
}

fn default_check() -> String {
    "mistranslation".to_string()
}

fn default_severity() -> Severity {
    Severity::Warning
}

// ---------------------------------------------------------------------------
// Rules.

/// Context conditions, each a list of word phrases (folded). A positive list
/// is satisfied when any phrase is present; a negative one when none is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// Immediately before the match, within its sentence (punctuation skipped).
    pub before: Vec<Vec<String>>,
    pub not_before: Vec<Vec<String>>,
    /// Immediately after the match, within its sentence (punctuation skipped).
    pub after: Vec<Vec<String>>,
    pub not_after: Vec<Vec<String>>,
    /// Anywhere in the match's sentence.
    pub sentence: Vec<Vec<String>>,
    pub not_sentence: Vec<Vec<String>>,
    /// Anywhere in the document.
    pub document: Vec<Vec<String>>,
    pub not_document: Vec<Vec<String>>,
}

/// One rule of a pack, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub code: String,
    pub check: CheckKind,
    /// Source language of the pack; `None` for the common pack.
    pub lang: Option<String>,
    /// The pattern as written, alternatives unexpanded.
    pub pattern: String,
    /// Every expansion of the pattern's `{a|b}` alternatives.
    pub variants: Vec<String>,
    /// For each variant, the alternative it took in each `{...}` group.
    pub choices: Vec<Vec<String>>,
    pub case_sensitive: bool,
    pub context: Context,
    pub suggestion: Option<String>,
    /// `clean --fix` may apply the suggestion.
    pub safe_fix: bool,
    /// Applied to each group's alternative before it fills `{n}`.
    pub translate: BTreeMap<String, String>,
    pub severity: Severity,
    pub confidence: f64,
    pub source: Option<String>,
    pub summary: String,
    pub explanation: String,
    pub fires: Vec<String>,
    pub passes: Vec<String>,
    /// The pack file it came from and the line of its code.
    pub pack: String,
    pub line: usize,
}

impl Rule {
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            code: self.code.clone(),
            check: self.check,
            severity: self.severity,
            summary: self.summary.clone(),
            explanation: self.explanation.clone(),
            lang: self.lang.clone(),
            source: self.source.clone(),
            suggestion: self.suggestion.clone(),
            safe_fix: self.safe_fix,
            fires: self.fires.clone(),
            passes: self.passes.clone(),
        }
    }

    /// The suggestion for a matched text and the pattern variant that
    /// matched: `{capitalized}` stands for the match with each word
    /// capitalised, `{1}`, `{2}`, ... for the alternative the variant took in
    /// each `{...}` group of the pattern; the result takes a capital when
    /// the match starts with one and the rule ignores case.
    pub fn suggest(&self, matched: &str, variant: usize) -> Option<String> {
        let mut s = self.suggestion.clone()?;
        if s.contains("{capitalized}") {
            return Some(s.replace("{capitalized}", &capitalize_words(matched)));
        }
        if let Some(chosen) = self.choices.get(variant) {
            for (n, c) in chosen.iter().enumerate() {
                let c = self.translate.get(c).unwrap_or(c);
                s = s.replace(&format!("{{{}}}", n + 1), c);
            }
            s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        let starts_upper = matched.chars().next().is_some_and(char::is_uppercase);
        if !self.case_sensitive && starts_upper {
            Some(capitalize_first(&s))
        } else {
            Some(s)
        }
    }
}

fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn capitalize_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_start = !text::is_word_char(c) && c != '\'' && c != '’';
    }
    out
}

/// A parsed pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// File name (built-in) or path (user pack).
    pub name: String,
    pub lang: Option<String>,
    pub description: Option<String>,
    /// Source-language cues (see the pack format); empty without `lang`.
    pub cues: Vec<String>,
    pub weak_cues: Vec<String>,
    pub rules: Vec<Rule>,
}

impl Pack {
    /// Parses and validates a pack; errors name `name` and the line.
    pub fn parse(name: &str, src: &str) -> Result<Pack, PackError> {
        let file: PackFile = toml::from_str(src).map_err(|e| {
            let byte = e.span().map_or(0, |s| s.start);
            PackError::invalid(name, src, byte, e.message().to_string())
        })?;
        if let Some(lang) = &file.lang {
            if lang.len() != 2 || !lang.chars().all(|c| c.is_ascii_lowercase()) {
                return Err(PackError::invalid(
                    name,
                    src,
                    src.find("lang").unwrap_or(0),
                    format!("lang {lang:?} is not an ISO 639-1 code"),
                ));
            }
        }
        if !(file.cues.is_empty() && file.weak_cues.is_empty()) && file.lang.is_none() {
            return Err(PackError::invalid(
                name,
                src,
                src.find("cues").unwrap_or(0),
                "cues need the pack's lang",
            ));
        }
        for c in file.cues.iter().chain(&file.weak_cues) {
            check_phrase(c).map_err(|m| {
                PackError::invalid(
                    name,
                    src,
                    src.find("cues").unwrap_or(0),
                    format!("cue {c:?}: {m}"),
                )
            })?;
        }
        let mut rules = Vec::with_capacity(file.rule.len());
        for r in file.rule {
            rules.push(validate(name, src, file.lang.as_deref(), r)?);
        }
        Ok(Pack {
            name: name.to_string(),
            lang: file.lang,
            description: file.description,
            cues: file.cues,
            weak_cues: file.weak_cues,
            rules,
        })
    }

    /// Reads and parses a user pack.
    pub fn load(path: &Path) -> Result<Pack, PackError> {
        let src = std::fs::read_to_string(path).map_err(|source| PackError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Pack::parse(&path.display().to_string(), &src)
    }

    /// The built-in packs.
    pub fn builtin() -> Vec<Pack> {
        BUILTIN_PACKS
            .iter()
            .map(|(name, src)| {
                Pack::parse(name, src).unwrap_or_else(|e| panic!("built-in pack: {e}"))
            })
            .collect()
    }
}

fn validate(pack: &str, src: &str, lang: Option<&str>, r: RuleFile) -> Result<Rule, PackError> {
    let at = r.code.span().start;
    let code = r.code.into_inner();
    let err = |m: String| PackError::invalid(pack, src, at, format!("rule {code}: {m}"));
    let check = match r.check.as_str() {
        "mistranslation" => CheckKind::Mistranslation,
        "typography" => CheckKind::Typography,
        other => {
            return Err(err(format!(
                "check {other:?} is not \"mistranslation\" or \"typography\""
            )))
        }
    };
    let prefix = match check {
        CheckKind::Typography => "TY",
        _ => "MT",
    };
    if !code.starts_with(prefix)
        || code.len() != 5
        || !code[2..].chars().all(|c| c.is_ascii_digit())
    {
        return Err(err(format!(
            "a {} rule code is {prefix} and three digits",
            check.as_str()
        )));
    }
    let (variants, choices): (Vec<String>, Vec<Vec<String>>) = expand(&r.pattern)
        .map_err(|m| err(m.to_string()))?
        .into_iter()
        .unzip();
    if let Some(s) = &r.suggestion {
        let groups = choices.first().map_or(0, Vec::len);
        for n in 1..=9 {
            if s.contains(&format!("{{{n}}}")) && n > groups {
                return Err(err(format!(
                    "suggestion uses {{{n}}} but the pattern has {groups} group(s)"
                )));
            }
        }
    }
    for v in &variants {
        check_phrase(v).map_err(|m| err(format!("pattern {v:?}: {m}")))?;
    }
    let phrases = |list: Vec<String>, field: &str| -> Result<Vec<Vec<String>>, PackError> {
        list.into_iter()
            .map(|p| {
                let ws: Vec<String> = p
                    .split_whitespace()
                    .flat_map(|tok| {
                        if tok == NUM {
                            vec![NUM.to_string()]
                        } else {
                            text::words(tok, 0).map(|w| text::fold(w.text)).collect()
                        }
                    })
                    .collect();
                if ws.is_empty() {
                    Err(err(format!("{field}: {p:?} has no words")))
                } else {
                    Ok(ws)
                }
            })
            .collect()
    };
    let context = Context {
        before: phrases(r.before, "before")?,
        not_before: phrases(r.not_before, "not_before")?,
        after: phrases(r.after, "after")?,
        not_after: phrases(r.not_after, "not_after")?,
        sentence: phrases(r.sentence, "sentence")?,
        not_sentence: phrases(r.not_sentence, "not_sentence")?,
        document: phrases(r.document, "document")?,
        not_document: phrases(r.not_document, "not_document")?,
    };
    let confidence = r.confidence.unwrap_or(match r.severity {
        Severity::Error => 0.9,
        Severity::Warning => 0.7,
        Severity::Info => 0.5,
    });
    if !(0.0..=1.0).contains(&confidence) {
        return Err(err("confidence must lie in 0..1".to_string()));
    }
    Ok(Rule {
        code,
        check,
        lang: lang.map(str::to_string),
        pattern: r.pattern,
        variants,
        choices,
        case_sensitive: r.case_sensitive,
        context,
        suggestion: r.suggestion,
        safe_fix: r.safe_fix,
        translate: r.translate,
        severity: r.severity,
        confidence,
        source: r.source,
        summary: r.summary,
        explanation: r.explanation,
        fires: r.fires,
        passes: r.passes,
        pack: pack.to_string(),
        line: line_of(src, at),
    })
}

/// Expands `{a|b}` alternatives: `in {its|his} field` → two variants, each
/// with the alternative it chose in every group (for the suggestion's `{1}`,
/// `{2}`, ...). An empty alternative (`{the |}`) is allowed; braces do not
/// nest.
fn expand(pattern: &str) -> Result<Vec<(String, Vec<String>)>, &'static str> {
    let mut out: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or("unclosed `{` in pattern")? + open;
        let alts: Vec<&str> = rest[open + 1..close].split('|').collect();
        if alts.len() < 2 {
            return Err("`{...}` needs at least two alternatives separated by `|`");
        }
        if alts.iter().any(|a| a.contains('{')) {
            return Err("`{...}` alternatives do not nest");
        }
        let head = &rest[..open];
        out = out
            .iter()
            .flat_map(|(p, chosen)| {
                alts.iter().map(move |a| {
                    let mut c = chosen.clone();
                    c.push(a.trim().to_string());
                    (format!("{p}{head}{a}"), c)
                })
            })
            .collect();
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("unmatched `}` in pattern");
    }
    let mut out: Vec<(String, Vec<String>)> = out
        .into_iter()
        .map(|(p, c)| {
            let p = p + rest;
            (p.split_whitespace().collect::<Vec<_>>().join(" "), c)
        })
        .collect();
    out.dedup_by(|a, b| a.0 == b.0);
    if out.iter().any(|(p, _)| p.is_empty()) {
        return Err("a pattern variant is empty");
    }
    Ok(out)
}

/// A pattern must be words joined by spaces or lone periods, with nothing
/// before the first word or after the last.
fn check_phrase(p: &str) -> Result<(), &'static str> {
    let ws: Vec<text::Word> = text::words(p, 0).collect();
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return Err("has no words");
    };
    if first.start != 0 || last.end != p.len() {
        return Err("must start and end with a word");
    }
    if fold_phrase(p).iter().any(|(gap, _)| *gap == Gap::Other) {
        return Err("may not contain punctuation other than a period inside an abbreviation");
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Folded words.

/// What joins a word to the one before it. A pattern matches only words
/// joined as its own are, so that a match never spans punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// White space only (and before the first word).
    Space,
    /// A lone period, as in `EE.UU`.
    Period,
    /// Any other punctuation; no pattern contains it.
    Other,
}

impl Gap {
    fn of(between: &str) -> Gap {
        if between == " " || between.chars().all(char::is_whitespace) {
            Gap::Space
        } else if between == "." {
            Gap::Period
        } else {
            Gap::Other
        }
    }
}

/// The folded words of a text, each with the gap before it.
fn fold_phrase(s: &str) -> Vec<(Gap, String)> {
    let mut prev_end = None;
    text::words(s, 0)
        .map(|w| {
            let gap = prev_end.map_or(Gap::Space, |e| Gap::of(&s[e..w.start]));
            prev_end = Some(w.end);
            let mut folded = String::new();
            text::fold_into(w.text, &mut folded);
            (gap, folded)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The matcher.

/// A rule that matched: the rule's index in [`Matcher::rules`] and the byte
/// range of the match in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    /// Which expansion of the rule's pattern matched.
    pub variant: usize,
    pub range: Range<usize>,
}

/// A source-language cue: words (matched case-sensitively) that betray a
/// translation from `lang`, and how much one occurrence weighs.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub lang: String,
    pub text: String,
    pub weight: f64,
}

impl Cue {
    /// The cues of the packs: each of `cues` weighs 1, each of `weak_cues`
    /// a third.
    pub fn from_packs<'a>(packs: impl IntoIterator<Item = &'a Pack>) -> Vec<Cue> {
        let mut out = Vec::new();
        for p in packs {
            let Some(lang) = &p.lang else { continue };
            for (list, weight) in [(&p.cues, 1.0), (&p.weak_cues, 1.0 / 3.0)] {
                out.extend(list.iter().map(|c| Cue {
                    lang: lang.clone(),
                    text: c.clone(),
                    weight,
                }));
            }
        }
        out
    }
}

/// A source-language cue found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct CueHit {
    pub lang: String,
    pub weight: f64,
    pub range: Range<usize>,
}

/// What one pass of the automaton found.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub hits: Vec<Hit>,
    pub cues: Vec<CueHit>,
}

/// A rule variant or cue of a pattern, with its words as written (apostrophes
/// straight) for the comparisons that heed case.
#[derive(Debug, Clone)]
struct Owner {
    of: OwnerOf,
    words: Box<[String]>,
}

#[derive(Debug, Clone, Copy)]
enum OwnerOf {
    /// (rule, variant)
    Rule(usize, usize),
    /// Index into the cues.
    Cue(usize),
}

/// All rules and cues of all packs in one trie.
#[derive(Debug, Clone)]
pub struct Matcher {
    // Shared, so that a checker is cheap to clone (one per forced language).
    rules: Arc<[Rule]>,
    cues: Arc<[Cue]>,
    trie: Arc<WordTrie>,
    /// For each pattern of the trie: the rule variants and cues that fold
    /// to it.
    owners: Arc<[Vec<Owner>]>,
}

/// No word id, node or pattern.
const NONE: u32 = u32::MAX;

/// The patterns as paths of word ids: a node is reached from its parent by
/// a gap and a word.
#[derive(Debug, Default)]
struct WordTrie {
    /// Every folded word of a pattern, and its id.
    vocabulary: FnvMap<Box<str>, u32>,
    /// The ASCII words of the vocabulary by their [`text::word_hash`], which
    /// the document has already computed: an ASCII word of the text folds to
    /// a word of the vocabulary exactly when their hashes are equal (an
    /// unknown word takes a known one's 64-bit hash with a chance of about
    /// 2,000 in 2^64).
    ascii: ByWordHash<u32>,
    /// For each word id, the node of the patterns that start with it.
    first: Vec<u32>,
    /// (node, gap, word id) → node, as [`WordTrie::edge`] packs them.
    next: FnvMap<u64, u32>,
    /// For each node, the pattern that ends there.
    pattern: Vec<u32>,
}

impl WordTrie {
    fn edge(node: u32, gap: Gap, id: u32) -> u64 {
        (u64::from(node) << 34) | ((gap as u64) << 32) | u64::from(id)
    }

    /// Adds a pattern (folded words and gaps) and returns its node.
    fn insert(&mut self, words: &[(Gap, String)]) -> u32 {
        let mut node = NONE;
        for (gap, w) in words {
            let next_id = self.vocabulary.len() as u32;
            let id = *self.vocabulary.entry(w.as_str().into()).or_insert(next_id);
            if id == next_id {
                self.first.push(NONE);
                if w.is_ascii() {
                    self.ascii.insert(text::word_hash(w), id);
                }
            }
            let new_node = self.pattern.len() as u32;
            let slot = if node == NONE {
                &mut self.first[id as usize]
            } else {
                self.next.entry(Self::edge(node, *gap, id)).or_insert(NONE)
            };
            if *slot == NONE {
                *slot = new_node;
                self.pattern.push(NONE);
            }
            node = *slot;
        }
        node
    }

    /// The vocabulary id of a word of the text, given its
    /// [`text::word_hash`] (`buf` is scratch).
    fn id(&self, w: &str, hash: u64, buf: &mut String) -> u32 {
        if w.is_ascii() {
            return self.ascii.get(hash).unwrap_or(NONE);
        }
        text::fold_into(w, buf);
        self.vocabulary.get(buf.as_str()).copied().unwrap_or(NONE)
    }
}

/// What loading a user pack did to one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleChange {
    Added { code: String, pack: String },
    Replaced { code: String, pack: String },
}

impl fmt::Display for RuleChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleChange::Added { code, pack } => write!(f, "{pack}: added rule {code}"),
            RuleChange::Replaced { code, pack } => {
                write!(f, "{pack}: replaced built-in rule {code}")
            }
        }
    }
}

/// Layers packs in order: a rule whose code is already present replaces it,
/// a new code is appended. Returns the rules and what each later pack did.
pub fn merge(base: Vec<Pack>, user: Vec<Pack>) -> (Vec<Rule>, Vec<RuleChange>) {
    let mut rules: Vec<Rule> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut changes = Vec::new();
    for (is_user, pack) in base
        .into_iter()
        .map(|p| (false, p))
        .chain(user.into_iter().map(|p| (true, p)))
    {
        for rule in pack.rules {
            let code = rule.code.clone();
            match index.get(&code) {
                Some(&i) => {
                    rules[i] = rule;
                    if is_user {
                        changes.push(RuleChange::Replaced {
                            code,
                            pack: pack.name.clone(),
                        });
                    }
                }
                None => {
                    index.insert(code.clone(), rules.len());
                    rules.push(rule);
                    if is_user {
                        changes.push(RuleChange::Added {
                            code,
                            pack: pack.name.clone(),
                        });
                    }
                }
            }
        }
    }
    (rules, changes)
}

/// A document prepared for matching: each word's vocabulary id.
pub struct Prepared<'d> {
    pub doc: &'d Document,
    /// The document's words (byte ranges).
    pub words: &'d [(usize, usize)],
    ids: Vec<u32>,
    /// Every word folded, made when a context first needs it: the text and
    /// each word's byte range in it.
    folded: OnceCell<(String, Vec<Range<usize>>)>,
}

impl<'d> Prepared<'d> {
    /// The byte range of word `i` in the document.
    pub fn range(&self, i: usize) -> Range<usize> {
        let (a, b) = self.words[i];
        a..b
    }

    /// Word `i` folded.
    fn folded(&self, i: usize) -> &str {
        let (text, ranges) = self.folded.get_or_init(|| {
            let mut text = String::with_capacity(self.doc.text.len());
            let mut buf = String::new();
            let ranges = self
                .words
                .iter()
                .map(|&(a, b)| {
                    text::fold_into(&self.doc.text[a..b], &mut buf);
                    text.push_str(&buf);
                    text.len() - buf.len()..text.len()
                })
                .collect();
            (text, ranges)
        });
        &text[ranges[i].clone()]
    }

    /// What joins word `i` to word `i - 1`.
    fn gap_before(&self, i: usize) -> Gap {
        Gap::of(&self.doc.text[self.words[i - 1].1..self.words[i].0])
    }

    /// Word indices of the sentence holding word `i` (the whole document
    /// when segmentation left the word outside every sentence).
    fn sentence_of(&self, i: usize) -> Range<usize> {
        let byte = self.words[i].0;
        let s = self.doc.sentences.partition_point(|s| s.range.end <= byte);
        if let Some(s) = self.doc.sentences.get(s) {
            let a = self.words.partition_point(|w| w.0 < s.range.start);
            let b = self.words.partition_point(|w| w.1 <= s.range.end);
            if (a..b).contains(&i) {
                return a..b;
            }
        }
        0..self.words.len()
    }

    fn phrase_at(&self, start: usize, phrase: &[String]) -> bool {
        phrase
            .iter()
            .enumerate()
            .all(|(k, p)| word_is(self.folded(start + k), p))
    }

    fn has_phrase(&self, range: Range<usize>, phrase: &[String]) -> bool {
        range.len() >= phrase.len()
            && (range.start..=range.end - phrase.len()).any(|i| self.phrase_at(i, phrase))
    }

    fn ends_with(&self, scope_start: usize, end: usize, phrase: &[String]) -> bool {
        end >= scope_start + phrase.len() && self.phrase_at(end - phrase.len(), phrase)
    }

    fn starts_with(&self, start: usize, scope_end: usize, phrase: &[String]) -> bool {
        start + phrase.len() <= scope_end && self.phrase_at(start, phrase)
    }
}

impl Matcher {
    pub fn new(rules: Vec<Rule>, cues: Vec<Cue>) -> Self {
        let mut trie = WordTrie::default();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add = |text: &str, of: OwnerOf| {
            // Variants and cues that fold alike end on one node and share
            // its pattern.
            let node = trie.insert(&fold_phrase(text)) as usize;
            if trie.pattern[node] == NONE {
                trie.pattern[node] = owners.len() as u32;
                owners.push(Vec::new());
            }
            let id = trie.pattern[node] as usize;
            let words = text::words(text, 0)
                .map(|w| w.text.replace('’', "'"))
                .collect();
            owners[id].push(Owner { of, words });
        };
        for (ri, rule) in rules.iter().enumerate() {
            for (vi, v) in rule.variants.iter().enumerate() {
                add(v, OwnerOf::Rule(ri, vi));
            }
        }
        for (ci, cue) in cues.iter().enumerate() {
            add(&cue.text, OwnerOf::Cue(ci));
        }
        Matcher {
            rules: rules.into(),
            cues: cues.into(),
            trie: Arc::new(trie),
            owners: owners.into(),
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Looks up each word of the document in the patterns' vocabulary.
    pub fn prepare<'d>(&self, doc: &'d Document) -> Prepared<'d> {
        let (words, hashes) = doc.word_hashes_in(0..doc.text.len());
        let mut buf = String::new();
        let ids = words
            .iter()
            .zip(hashes)
            .map(|(&(a, b), &h)| self.trie.id(&doc.text[a..b], h, &mut buf))
            .collect();
        Prepared {
            doc,
            words,
            ids,
            folded: OnceCell::new(),
        }
    }

    /// Every hit of every rule in the document, in text order.
    pub fn find(&self, p: &Prepared) -> Vec<Hit> {
        self.scan(p).hits
    }

    /// Every match of a pattern: (last word, first word, pattern), in the
    /// order of the last word, the longest first.
    fn matches(&self, p: &Prepared) -> Vec<(usize, usize, u32)> {
        let t = &*self.trie;
        let mut found = Vec::new();
        for (i, &id) in p.ids.iter().enumerate() {
            let mut node = match t.first.get(id as usize) {
                Some(&n) if n != NONE => n,
                _ => continue,
            };
            let mut j = i;
            loop {
                if t.pattern[node as usize] != NONE {
                    found.push((j, i, t.pattern[node as usize]));
                }
                j += 1;
                if j >= p.ids.len() || p.ids[j] == NONE {
                    break;
                }
                match t.next.get(&WordTrie::edge(node, p.gap_before(j), p.ids[j])) {
                    Some(&n) => node = n,
                    None => break,
                }
            }
        }
        found.sort_unstable_by_key(|&(j, i, _)| (j, i));
        found
    }

    /// Rule hits and source-language cues, in one pass.
    pub fn scan(&self, p: &Prepared) -> Scan {
        let mut hits = Vec::new();
        let mut cues = Vec::new();
        let mut doc_cache: HashMap<(usize, usize), bool> = HashMap::new();
        for (wj, wi, pattern) in self.matches(p) {
            let range = p.words[wi].0..p.words[wj].1;
            if glued(&p.doc.text, range.clone()) {
                continue;
            }
            for owner in &self.owners[pattern as usize] {
                let (ri, vi) = match owner.of {
                    OwnerOf::Rule(ri, vi) => (ri, vi),
                    OwnerOf::Cue(ci) => {
                        let cue = &self.cues[ci];
                        if same_words(&p.words[wi..=wj], &p.doc.text, &owner.words) {
                            cues.push(CueHit {
                                lang: cue.lang.clone(),
                                weight: cue.weight,
                                range: range.clone(),
                            });
                        }
                        continue;
                    }
                };
                let rule = &self.rules[ri];
                if rule.case_sensitive && !same_words(&p.words[wi..=wj], &p.doc.text, &owner.words)
                {
                    continue;
                }
                if rule.case_sensitive && shouting(p, wi, wj) {
                    continue;
                }
                if !context_ok(p, ri, rule, wi, wj + 1, &mut doc_cache) {
                    continue;
                }
                hits.push(Hit {
                    rule: ri,
                    variant: vi,
                    range: range.clone(),
                });
            }
        }
        // One hit per rule and place: of two hits of the same rule where one
        // lies inside the other (`{the |}NATO ...`), keep the longer.
        hits.sort_by_key(|h| (h.rule, h.range.start, std::cmp::Reverse(h.range.end)));
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            match kept.last() {
                Some(k) if k.rule == h.rule && h.range.start < k.range.end => {}
                _ => kept.push(h),
            }
        }
        kept.sort_by_key(|h| (h.range.start, h.range.end, h.rule));
        Scan { hits: kept, cues }
    }
}

/// A match glued to a URL, e-mail address, file name or hashtag is not prose.
fn glued(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let mut after = text[r.end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    matches!(before, Some('/' | '@' | '_' | '#' | '.' | '\\'))
        || matches!(a1, Some('/' | '@' | '_' | '\\'))
        || (a1 == Some('.') && a2.is_some_and(text::is_word_char))
}

/// Whether the original words equal the pattern's words exactly (apostrophes
/// folded). The first word of a pattern of several words may also take a
/// capital, as at the start of a sentence (`the Procura` → `The Procura`).
fn same_words(ws: &[(usize, usize)], text: &str, words: &[String]) -> bool {
    words.len() == ws.len()
        && ws.iter().zip(words).enumerate().all(|(i, (w, p))| {
            let t = &text[w.0..w.1];
            let is = |p: &str| {
                if t.contains('’') {
                    t.replace('’', "'") == p
                } else {
                    t == p
                }
            };
            is(p) || (i == 0 && words.len() > 1 && is(&capitalize_first(p)))
        })
}

/// A case-sensitive rule does not apply inside an all-capitals headline
/// (the words next to the match, within its sentence, are capitals too), nor
/// to an acronym in a list of other acronyms (`PE, UE, OE`): an all-capitals
/// pattern next to another all-capitals token is not a translated name.
fn shouting(p: &Prepared, wi: usize, wj: usize) -> bool {
    let acronym_like = |i: usize| {
        let t = &p.doc.text[p.range(i)];
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let matched = &p.doc.text[p.words[wi].0..p.words[wj].1];
    if matched.chars().any(char::is_alphabetic) && !matched.chars().any(char::is_lowercase) {
        let sent = p.sentence_of(wi);
        if (wi > sent.start && acronym_like(wi - 1)) || (wj + 1 < sent.end && acronym_like(wj + 1))
        {
            return true;
        }
    }
    let caps = |i: usize| {
        let t = &p.doc.text[p.range(i)];
        t.chars().filter(|c| c.is_alphabetic()).count() >= 3 && t.chars().all(|c| !c.is_lowercase())
    };
    let sent = p.sentence_of(wi);
    let has_left = wi > sent.start;
    let has_right = wj + 1 < sent.end;
    (has_left || has_right) && (!has_left || caps(wi - 1)) && (!has_right || caps(wj + 1))
}

fn context_ok(
    p: &Prepared,
    ri: usize,
    rule: &Rule,
    wi: usize,
    wend: usize,
    doc_cache: &mut HashMap<(usize, usize), bool>,
) -> bool {
    let c = &rule.context;
    let sent = p.sentence_of(wi);
    let before = |ph: &Vec<String>| p.ends_with(sent.start, wi, ph);
    let after = |ph: &Vec<String>| p.starts_with(wend, sent.end, ph);
    let in_sentence = |ph: &Vec<String>| p.has_phrase(sent.clone(), ph);
    if !c.before.is_empty() && !c.before.iter().any(before) {
        return false;
    }
    if c.not_before.iter().any(before) {
        return false;
    }
    if !c.after.is_empty() && !c.after.iter().any(after) {
        return false;
    }
    if c.not_after.iter().any(after) {
        return false;
    }
    if !c.sentence.is_empty() && !c.sentence.iter().any(in_sentence) {
        return false;
    }
    if c.not_sentence.iter().any(in_sentence) {
        return false;
    }
    let mut in_doc = |k: usize, ph: &Vec<String>| {
        *doc_cache
            .entry((ri, k))
            .or_insert_with(|| p.has_phrase(0..p.words.len(), ph))
    };
    if !c.document.is_empty() && !c.document.iter().enumerate().any(|(k, ph)| in_doc(k, ph)) {
        return false;
    }
    let n = c.document.len();
    if c.not_document
        .iter()
        .enumerate()
        .any(|(k, ph)| in_doc(n + k, ph))
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_expand() {
        let v = |p: &str| -> Vec<String> { expand(p).unwrap().into_iter().map(|v| v.0).collect() };
        assert_eq!(
            v("the ball is in {its|his|their} field"),
            vec![
                "the ball is in its field",
                "the ball is in his field",
                "the ball is in their field"
            ]
        );
        assert_eq!(expand("a {b|c} d").unwrap()[1].1, vec!["c"]);
        assert_eq!(
            v("{the |}NATO {general secretary|secretary-general}"),
            vec![
                "the NATO general secretary",
                "the NATO secretary-general",
                "NATO general secretary",
                "NATO secretary-general"
            ]
        );
        assert!(expand("a {b").is_err());
        assert!(expand("a {b} c").is_err());
    }

    #[test]
    fn phrases_fold_words_and_the_gaps_between_them() {
        let f = fold_phrase("High  fire, EE.UU.\nKyiv’s");
        let gaps: Vec<Gap> = f.iter().map(|(g, _)| *g).collect();
        let words: Vec<&str> = f.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(words, vec!["high", "fire", "ee", "uu", "kyiv's"]);
        use Gap::*;
        assert_eq!(gaps, vec![Space, Space, Other, Period, Other]);
    }

    /// The trie finds exactly what comparing every pattern at every word
    /// finds, on texts made of the patterns' own words in mixed case, joined
    /// by spaces, periods and other punctuation.
    #[test]
    fn trie_matches_equal_those_of_a_word_by_word_comparison() {
        let packs = Pack::builtin();
        let cues = Cue::from_packs(packs.iter());
        let (rules, _) = merge(packs, vec![]);
        let texts: Vec<String> = rules
            .iter()
            .flat_map(|r| r.variants.clone())
            .chain(cues.iter().map(|c| c.text.clone()))
            .collect();
        let m = Matcher::new(rules, cues);
        // Whole patterns, and their words alone.
        let mut pieces: Vec<String> = texts.iter().step_by(7).cloned().collect();
        pieces.extend(pieces.clone().iter().flat_map(|t| {
            text::words(t, 0)
                .map(|w| w.text.to_string())
                .collect::<Vec<_>>()
        }));
        pieces.extend(pieces.clone().iter().map(|w| w.to_uppercase()));
        pieces.extend(["The", "fire’s", "x-y"].map(String::from));
        let gaps = [" ", " ", " ", ".", ", ", "\n", "  "];
        let mut rng = crate::checks::testutil::TestRng::new(7);
        for _ in 0..40 {
            let text: String = (0..400)
                .map(|_| {
                    let w = &pieces[rng.below(pieces.len() as u64) as usize];
                    format!("{w}{}", rng.pick(&gaps))
                })
                .collect();
            let doc = Document::new("d", 0, text);
            let p = m.prepare(&doc);
            let words: Vec<(Gap, String)> = fold_phrase(&doc.text);
            let mut expected = Vec::new();
            for t in &texts {
                let pat = fold_phrase(t);
                for i in 0..words.len() {
                    let same = words[i..].len() >= pat.len()
                        && pat
                            .iter()
                            .zip(&words[i..])
                            .enumerate()
                            .all(|(k, (a, b))| a.1 == b.1 && (k == 0 || a.0 == b.0));
                    if same {
                        expected.push((i + pat.len() - 1, i));
                    }
                }
            }
            expected.sort_unstable();
            expected.dedup();
            let found: Vec<(usize, usize)> =
                m.matches(&p).iter().map(|&(j, i, _)| (j, i)).collect();
            assert!(!found.is_empty());
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn parse_errors_name_pack_and_line() {
        let src =
            "lang = \"es\"\n\n[[rule]]\ncode = \"MT101\"\npattern = \"x\"\nsumary = \"typo\"\n";
        let e = Pack::parse("bad.toml", src).unwrap_err().to_string();
        assert!(e.starts_with("bad.toml:6:"), "{e}");
        assert!(e.contains("sumary"), "{e}");

        let src = "lang = \"es\"\n[[rule]]\ncode = \"MT101\"\npattern = \"la paz, bolivia\"\nsummary = \"s\"\nexplanation = \"e\"\n";
        let e = Pack::parse("p.toml", src).unwrap_err().to_string();
        assert!(e.starts_with("p.toml:3: rule MT101: pattern"), "{e}");

        let src =
            "[[rule]]\ncode = \"XX101\"\npattern = \"a\"\nsummary = \"s\"\nexplanation = \"e\"\n";
        let e = Pack::parse("q.toml", src).unwrap_err().to_string();
        assert!(e.starts_with("q.toml:2:"), "{e}");

        let src = "[[rule]]\ncode = \"MT001\"\npattern = \"a\"\nsummary = \"s\"\nexplanation = \"e\"\nseverity = \"fatal\"\n";
        let e = Pack::parse("r.toml", src).unwrap_err().to_string();
        assert!(e.starts_with("r.toml:6:"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn any_pack_text_parses_or_errs_with_a_line(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "[[rule]]\n", "code = \"MT001\"\n", "code = \"MTé1\"\n", "pattern = \"a {b|c} d\"\n",
                "pattern = \"}{\"\n", "pattern = \"{|}\"\n", "summary = \"s\"\n", "explanation = \"e\"\n",
                "lang = \"es\"\n", "cues = [\"x\"]\n", "suggestion = \"{3}\"\n", "check = \"typography\"\n",
                "before = [\"<num>\"]\n", "severity = \"info\"\n", "=", "\"", "\n", "ü", "[",
            ]),
            0..20,
        )) {
            let src: String = parts.concat();
            if let Err(e) = Pack::parse("p.toml", &src) {
                let msg = e.to_string();
                proptest::prop_assert!(msg.starts_with("p.toml:"), "{}", msg);
            }
        }
    }

    #[test]
    fn suggestions_follow_case() {
        let mut r = Pack::parse(
            "t",
            "[[rule]]\ncode = \"MT001\"\npattern = \"high fire\"\nsuggestion = \"ceasefire\"\nsummary = \"s\"\nexplanation = \"e\"\n",
        )
        .unwrap()
        .rules
        .remove(0);
        assert_eq!(r.suggest("High fire", 0).unwrap(), "Ceasefire");
        assert_eq!(r.suggest("high fire", 0).unwrap(), "ceasefire");
        r.suggestion = Some("{capitalized}".into());
        assert_eq!(r.suggest("new york", 0).unwrap(), "New York");
        r.suggestion = Some("{1} Secretary General".into());
        r.choices = vec![vec!["the".into()]];
        assert_eq!(r.suggest("The NATO x", 0).unwrap(), "The Secretary General");
    }

    #[test]
    fn user_packs_replace_or_add() {
        let base = Pack::parse(
            "base",
            "[[rule]]\ncode = \"MT001\"\npattern = \"a b\"\nsummary = \"s\"\nexplanation = \"e\"\n",
        )
        .unwrap();
        let user = Pack::parse(
            "user.toml",
            "[[rule]]\ncode = \"MT001\"\npattern = \"c d\"\nsummary = \"s\"\nexplanation = \"e\"\n[[rule]]\ncode = \"MT002\"\npattern = \"e f\"\nsummary = \"s\"\nexplanation = \"e\"\n",
        )
        .unwrap();
        let (rules, changes) = merge(vec![base], vec![user]);
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].pattern, "c d");
        assert_eq!(
            changes,
            vec![
                RuleChange::Replaced {
                    code: "MT001".into(),
                    pack: "user.toml".into()
                },
                RuleChange::Added {
                    code: "MT002".into(),
                    pack: "user.toml".into()
                }
            ]
        );
    }

    #[test]
    fn matches_only_on_word_boundaries() {
        let pack = Pack::parse(
            "t",
            "[[rule]]\ncode = \"MT001\"\npattern = \"UE\"\ncase_sensitive = true\nsummary = \"s\"\nexplanation = \"e\"\n",
        )
        .unwrap();
        let m = Matcher::new(
            pack.rules,
            vec![Cue {
                lang: "es".into(),
                text: "Zelenski".into(),
                weight: 1.0,
            }],
        );
        let doc = Document::new(
            "d",
            0,
            "The QUEUE grew; the UE met, ue UEs the UE. zelenski Zelenski. Flags (PE, UE, OE)."
                .to_string(),
        );
        let p = m.prepare(&doc);
        let scan = m.scan(&p);
        let hits: Vec<&str> = scan
            .hits
            .iter()
            .map(|h| &doc.text[h.range.clone()])
            .collect();
        assert_eq!(hits, vec!["UE", "UE"]);
        assert_eq!(scan.cues.len(), 1);
        assert_eq!(&doc.text[scan.cues[0].range.clone()], "Zelenski");
    }
}
