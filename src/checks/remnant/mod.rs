//! Remnants: spans of another language left inside an English article — the
//! Albanian WordPress footer `Lini një Përgjigje` after the last sentence, an
//! untranslated Spanish sentence, a French clause, a line of Cyrillic.
//!
//! The check is staged so that clean English costs one hash look-up per word:
//!
//! 1. **Cheap pass, per sentence.** Every word is classified against a compact
//!    English lexicon (derived from Debian's `wamerican` and `wbritish`, see
//!    `eval/remnant/make_english_lexicon.py`) and the function words of ~55
//!    other languages: English, ambiguous (`de`, `la`, `die`: English and
//!    foreign), foreign function word, unknown lower-case word, capitalised
//!    unknown word (a name, set aside), neutral (numbers, acronyms, URLs), or
//!    a word in another script. A sentence with fewer than two foreign or
//!    unknown words, no other script and no line of two capitalised unknown
//!    words stops here.
//! 2. **Windows.** Runs of foreign words (allowing names, ambiguous words and
//!    one bridging English word inside), runs of another script, phrases
//!    of the embedded web-boilerplate lexicon (any language, also glued to
//!    the previous word as `seek itLini një Përgjigje`), and short lines
//!    judged whole (a heading, a footer line, a glued phrase).
//! 3. **Language identification of the windows only**
//!    ([`langid`]): function words, distinctive letters, common words
//!    (`data/remnant/common_words.txt`, from the train half of the gettext
//!    catalogues) and whatlang's answer. whatlang lacks Albanian and is weak
//!    on 2-5 words; the other kinds of evidence cover both.
//! 4. **Span refinement**: a window grows over the neighbouring words of its
//!    language (leading `El`, `La`, a sentence-initial capitalised word),
//!    becomes the whole sentence when the sentence is mostly foreign, and
//!    adjacent windows of one language merge (an untranslated paragraph is
//!    one finding).
//!
//! Names (`Chijioke Obinna`, `Rustem Umérov`), titles of works and short
//! quotes kept in the original (`“La Stampa”`, `“La vita è bella”`), and the
//! loanwords English uses (`café`, `déjà vu`, `status quo`, `de facto`,
//! listed in `data/remnant/english_extra.txt`) are not remnants. A Title Case
//! line (`Cüt Tıqlanma Məsafəsi`, `Corriere della Sera`) is a remnant only
//! when every word of it but English and function words is a common word of
//! one language: a line of names has a word that is not (`Corriere`).

pub mod langid;
pub mod lexicon;

use std::cell::{Cell, RefCell};
use std::ops::Range;

use crate::checks::{Check, StaticRule};
use crate::document::Document;
use crate::finding::{CheckKind, Finding, Severity};
use crate::text;

use langid::Scores;
use lexicon::{fold_into, LangSet, Lexicons};

pub const RULES: &[StaticRule] = &[
    StaticRule {
        code: "RM001",
        severity: Severity::Error,
        safe_fix: false,
        summary: "Untranslated text in another language (a clause, sentence or paragraph)",
        explanation: "A run of words in another language inside the English article: a clause \
the translator skipped, a whole sentence or paragraph left in the source language. The span \
covers the foreign words only (the whole sentence or paragraph when all of it is foreign) and \
`lang` gives its ISO 639-1 code. Names, places, titles of works and short quotes kept in the \
original, and loanwords English uses (café, déjà vu, status quo, de facto) are not flagged: a \
run needs at least two foreign words that are not names, and evidence of one language \
(its function words, its letters, its common words, or a confident language identification). \
A line in Title Case is taken for a line of names unless all its words are common words of one \
language.",
        fires: &[
            "The minister spoke for an hour. El gobierno no ha tomado ninguna decisión sobre las sanciones. He left at noon.",
            "He said that nous devons partir maintenant before the vote.",
        ],
        passes: &[
            "The talks at the Dolmabahce Palace, chaired by Hakan Fidan of Türkiye, ended early.",
            "The status quo is a de facto truce, and the café owners feel a sense of déjà vu.",
        ],
    },
    StaticRule {
        code: "RM002",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Web boilerplate left by the scraper in another language",
        explanation: "A line of the site's interface copied with the article — a comment form \
(\"Leave a Reply\"), share buttons, related posts, \"Read more\", previous/next post, cookie and \
subscription notices — in the language of the site, from an embedded lexicon of such phrases in \
many languages. It is found on its own line, at the start of the article, or glued to the last \
sentence with no space (`seek itLini një Përgjigje`). Delete it.",
        fires: &[
            "Istanbul is a touchstone for who is really willing to seek it.\nLini një Përgjigje",
            "who is really willing to seek itLini një Përgjigje",
        ],
        passes: &["He left a reply on the forum and said “Lini” was his nickname."],
    },
    StaticRule {
        code: "RM003",
        severity: Severity::Error,
        safe_fix: false,
        summary: "Text in a non-Latin script inside the English article",
        explanation: "Two or more words in another script (Cyrillic, Greek, Arabic, Hebrew, \
Devanagari, Thai, ...) or four or more characters of a script written without spaces (Chinese, \
Japanese), left untranslated in English prose. `lang` is the language identified within that \
script. A single word in its original script (a name given in brackets) is not flagged.",
        fires: &["Peskov said on Friday: Мы не будем вести переговоры без гарантий. Then he left."],
        passes: &["The capital, Kyiv (Київ), was quiet on Friday."],
    },
];

/// Weight of the character-trigram profiles in a window's language score
/// (a function word weighs about 1, whatlang's answer 0.5 to 2).
const TRIGRAM_WEIGHT: f32 = 2.0;

/// Weight of a common word of a language (`data/remnant/common_words.txt`)
/// in a window's language score, shared among the languages that have it
/// like a function word's.
const COMMON_WEIGHT: f32 = 1.0;

/// German articles and prepositions: the function words of titles and
/// names (`Das Leben der Anderen`, `Bundesamt für Verfassungsschutz`).
const DE_PARTICLES: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "und", "mit", "von", "zu", "zum", "zur", "auf", "für", "im", "in", "an", "am", "bei", "nach",
    "aus", "über", "unter", "vor", "durch", "gegen", "ohne", "um", "bis", "beim", "vom",
];

/// Tuning of the check; [`Default`] is what the pipeline uses.
#[derive(Debug, Clone)]
pub struct RemnantOptions {
    /// Fewest words in a flagged span (boilerplate phrases excepted).
    pub min_words: usize,
    /// Fewest characters of a script written without spaces (Chinese,
    /// Japanese, Thai) to flag.
    pub min_spaceless_chars: usize,
    /// Longest quoted run (in words) taken as a title or a quote kept in
    /// the original rather than a remnant.
    pub max_quoted_words: usize,
}

impl Default for RemnantOptions {
    fn default() -> Self {
        RemnantOptions {
            min_words: 2,
            min_spaceless_chars: 4,
            max_quoted_words: 6,
        }
    }
}

pub struct Remnant {
    opts: RemnantOptions,
    lex: &'static Lexicons,
    /// German's bit: its nouns are capitalised, see [`Remnant::de_clause_word`].
    de: LangSet,
}

impl Default for Remnant {
    fn default() -> Self {
        Remnant::new()
    }
}

impl Remnant {
    /// The check with default options. Cheap: the embedded lexicons are
    /// parsed once per process, on first use.
    pub fn new() -> Self {
        Remnant::with_options(RemnantOptions::default())
    }

    /// Parses every embedded table now: a run builds its checks side by
    /// side, before the first document.
    pub fn warm(&self) {
        self.lex.warm();
    }

    pub fn with_options(opts: RemnantOptions) -> Self {
        Remnant {
            opts,
            lex: Lexicons::get(),
            de: Lexicons::get().lang_idx("de").map_or(0, |d| 1 << d),
        }
    }

    /// The words of a text as the check classifies them, with the common-word
    /// languages of each (a bit set): `Jarak:Cap^[..]`, `^` marking a
    /// sentence-initial or glued word. For `remnant_eval --explain`.
    #[doc(hidden)]
    pub fn explain_tokens(&self, text: &str) -> String {
        let mut s = Scratch::default();
        let words: Vec<(usize, usize)> = text::words(text, 0).map(|w| (w.start, w.end)).collect();
        self.tokenize(text, 0..text.len(), &words, &mut s);
        s.toks
            .iter()
            .map(|t| {
                format!(
                    "{}:{:?}{}[{:x}]",
                    &text[t.start..t.end],
                    t.cls,
                    if t.first { "^" } else { "" },
                    self.tok_common(&s, t)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The candidate spans of a document, merged, before they become
    /// findings.
    fn candidates(&self, doc: &Document) -> Vec<Cand> {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let mut cands = Vec::new();
            let text = doc.text.as_str();
            for sent in &doc.sentences {
                // A line break inside a sentence is a boundary here: a
                // footer line without a blank line before it, a heading.
                let mut start = sent.range.start;
                for (i, &c) in text[sent.range.clone()].as_bytes().iter().enumerate() {
                    if c == b'\n' || c == b'\r' {
                        let piece = text::trim_range(text, start..sent.range.start + i);
                        if !piece.is_empty() {
                            self.sentence(doc, piece, &mut s, &mut cands);
                        }
                        start = sent.range.start + i + 1;
                    }
                }
                let piece = text::trim_range(text, start..sent.range.end);
                if !piece.is_empty() {
                    self.sentence(doc, piece, &mut s, &mut cands);
                }
            }
            let cands = merge(text, cands);
            by_paragraph(text, &doc.paragraphs, cands)
        })
    }

    /// Finds the candidates of one sentence (or line of one): `range` cuts
    /// no word.
    fn sentence(&self, doc: &Document, range: Range<usize>, s: &mut Scratch, out: &mut Vec<Cand>) {
        let text = doc.text.as_str();
        self.tokenize(text, range.clone(), doc.word_ranges_in(range.clone()), s);
        let toks = &s.toks;
        if toks.is_empty() {
            return;
        }
        // One pass: foreign and unknown words, capitalised unknown words
        // (a Title Case line is judged whole), English words, other scripts.
        let (mut foreign, mut caps, mut eng_words, mut script) = (0, 0, 0, false);
        for t in toks {
            match t.cls {
                Cls::Stop | Cls::Unk => foreign += 1,
                Cls::Cap => caps += 1,
                Cls::Eng => eng_words += 1,
                Cls::Script => script = true,
                _ => {}
            }
        }
        let before = out.len();
        if toks.iter().any(|t| t.first && t.cls != Cls::Eng) {
            self.boilerplate(s, out);
        }
        if foreign >= 2 || (foreign == 1 && self.lone_foreign_clause(s)) {
            self.latin_runs(text, range.clone(), s, before, out);
        }
        let found = out[before..].iter().any(|c| c.rule == Rule::Foreign);
        // The segment: the sentence, or its tail glued to it (`itLini ...`)
        // when everything found lies in that tail.
        let glued = toks.iter().rposition(|t| t.first).unwrap_or(0);
        let seg = if glued > 0
            && out[before..]
                .iter()
                .all(|c| c.range.start >= toks[glued].start)
        {
            glued
        } else {
            0
        };
        let seg_range = if seg == 0 {
            range.clone()
        } else {
            toks[seg].start..range.end
        };
        let seg_toks = &toks[seg..];
        let eng = seg_toks.iter().filter(|t| t.cls == Cls::Eng).count();
        if found && eng * 4 <= seg_toks.len() {
            // Mostly foreign: the whole sentence (or glued tail) is one
            // remnant.
            let best = out[before..]
                .iter()
                .filter(|c| c.rule == Rule::Foreign)
                .max_by_key(|c| c.range.len())
                .cloned()
                .expect("found");
            let keep: Vec<Cand> = out
                .drain(before..)
                .filter(|c| c.rule == Rule::Boilerplate)
                .collect();
            out.extend(keep);
            out.push(Cand {
                range: seg_range,
                ..best
            });
        } else if !found && (foreign >= 1 || (caps >= 2 && (eng_words <= 1 || glued > 0))) {
            // A short line of foreign words (a heading, a footer line, a
            // phrase glued to the last sentence) has no English around it
            // and few function words: judge it as a whole.
            for from in [0, glued] {
                if from > 0 || glued == 0 {
                    let covered = out[before..].iter().any(|c| {
                        c.range.start <= toks[from].start && toks[from].start < c.range.end
                    });
                    if !covered {
                        if let Some(c) = self.judge_segment(text, s, from) {
                            out.push(c);
                            break;
                        }
                    }
                }
            }
        }
        if script {
            self.script_runs(text, range, s, out);
        }
    }

    /// Splits a sentence into classified tokens (scratch buffers reused).
    /// Classifies the words of `text[range]` (`words`, their byte ranges)
    /// into `s.toks`, splitting glued words.
    fn tokenize(&self, text: &str, range: Range<usize>, words: &[(usize, usize)], s: &mut Scratch) {
        s.toks.clear();
        s.folded.clear();
        let mut first = true;
        let mut prev_end = range.start;
        for &(ws, we) in words {
            let mut start = ws;
            // Glued after punctuation (`Sebastián.Rrethi`, `"x".Näytä`,
            // `"x"Näytä`): no space, a sentence mark or a closing quote or
            // bracket, then a capital.
            if ws > prev_end && !first {
                let gap = &text[prev_end..ws];
                if !gap.contains(char::is_whitespace)
                    && gap.contains(['.', '!', '?', '"', '”', '»', ')', ']'])
                    && text[ws..].starts_with(char::is_uppercase)
                {
                    first = true;
                }
            }
            prev_end = we;
            // Glued words: a lower-case letter followed by a capital
            // (`itLini`) starts a new token that counts as sentence-initial.
            let w = &text[ws..we];
            if w.is_ascii() {
                let b = w.as_bytes();
                for i in 1..b.len() {
                    if b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase() {
                        self.push_tok(text, start..ws + i, first, s);
                        first = true;
                        start = ws + i;
                    }
                }
            } else {
                let mut prev_lower = false;
                for (i, c) in w.char_indices() {
                    let here = ws + i;
                    if prev_lower && c.is_uppercase() && here > start {
                        self.push_tok(text, start..here, first, s);
                        first = true;
                        start = here;
                    }
                    prev_lower = c.is_lowercase();
                }
            }
            self.push_tok(text, start..we, first, s);
            first = false;
        }
    }

    fn push_tok(&self, text: &str, r: Range<usize>, first: bool, s: &mut Scratch) {
        let w = &text[r.clone()];
        let fold_start = s.folded.len();
        let (cls, stop, family) = self.classify(text, r.clone(), w, &mut s.buf);
        s.folded.push_str(&s.buf);
        s.toks.push(Tok {
            start: r.start,
            end: r.end,
            cls,
            stop,
            first,
            special: !w.is_ascii(),
            family,
            fold: fold_start..s.folded.len(),
            common: Cell::new(UNSEEN),
        });
    }

    fn classify(
        &self,
        text: &str,
        r: Range<usize>,
        w: &str,
        buf: &mut String,
    ) -> (Cls, LangSet, u8) {
        buf.clear();
        // One pass over the bytes for the common ASCII word.
        let (mut digit, mut upper, mut ascii) = (false, 0usize, true);
        for &b in w.as_bytes() {
            digit |= b.is_ascii_digit();
            upper += usize::from(b.is_ascii_uppercase());
            ascii &= b.is_ascii();
        }
        if digit {
            return (Cls::Neutral, 0, 0);
        }
        let n = if ascii {
            w.len()
        } else {
            let family = w.chars().map(script_family).max().unwrap_or(0);
            if family > 0 {
                fold_into(w, buf);
                let stop = self.lex.stop(buf);
                return (Cls::Script, stop, family);
            }
            upper = w.chars().filter(|c| c.is_uppercase()).count();
            w.chars().count()
        };
        if n >= 2 && upper == n {
            return (Cls::Neutral, 0, 0);
        }
        fold_into(w, buf);
        for suffix in ["'s", "'"] {
            if buf.len() > suffix.len() + 1 && buf.ends_with(suffix) {
                buf.truncate(buf.len() - suffix.len());
                break;
            }
        }
        let lex = self.lex;
        let entry = lex.lookup(buf);
        let eng = entry.eng || self.compound_english(buf);
        let mut stop = entry.stop;
        if !eng && stop == 0 {
            // Elisions: `l'homme`, `dell'Italia`, `qu'il`.
            if let Some(i) = buf.find('\'') {
                stop = lex.stop(&buf[..=i]);
            }
        }
        let cls = match (eng, stop != 0) {
            (true, true) => Cls::Amb,
            (true, false) => Cls::Eng,
            // A particle joined to a name (`dell'Italia`, `di-Pertuan`).
            (false, _) if name_like(w) => Cls::Cap,
            (false, true) => Cls::Stop,
            (false, false) => {
                if looks_like_url(text, r) {
                    Cls::Neutral
                } else if w.chars().next().is_some_and(char::is_uppercase) {
                    Cls::Cap
                } else {
                    Cls::Unk
                }
            }
        };
        (cls, stop, 0)
    }

    /// `high-level`, `well-known`: every part English.
    fn compound_english(&self, folded: &str) -> bool {
        folded.contains('-')
            && folded
                .split('-')
                .all(|p| !p.is_empty() && self.lex.is_english(p))
    }

    /// Boilerplate phrases starting at a sentence start, at a glued capital,
    /// or right after another boilerplate phrase.
    fn boilerplate(&self, s: &Scratch, out: &mut Vec<Cand>) {
        let toks = &s.toks;
        let mut i = 0;
        let mut chained = false;
        while i < toks.len() {
            let t = &toks[i];
            if !(t.first || chained) {
                i += 1;
                continue;
            }
            let key = &s.folded[t.fold.clone()];
            let hit = self.lex.boilerplate.get(key).and_then(|phrases| {
                phrases.iter().find(|p| {
                    p.words.len() <= toks.len() - i
                        && p.words
                            .iter()
                            .zip(&toks[i..])
                            .all(|(pw, tk)| *pw == s.folded[tk.fold.clone()])
                })
            });
            match hit {
                Some(p) => {
                    let end = toks[i + p.words.len() - 1].end;
                    out.push(Cand {
                        range: t.start..end,
                        rule: Rule::Boilerplate,
                        lang: self.lex.lang_code(p.lang),
                        score: 0.95,
                        words: p.words.len(),
                    });
                    i += p.words.len();
                    chained = true;
                }
                None => {
                    i += 1;
                    chained = false;
                }
            }
        }
    }

    /// Runs of Latin-script foreign words.
    fn latin_runs(
        &self,
        text: &str,
        sent: Range<usize>,
        s: &Scratch,
        boiler_from: usize,
        out: &mut Vec<Cand>,
    ) {
        let toks = &s.toks;
        let is_foreign = |t: &Tok| matches!(t.cls, Cls::Stop | Cls::Unk);
        let mut i = 0;
        while i < toks.len() {
            if !is_foreign(&toks[i]) {
                i += 1;
                continue;
            }
            // Grow the core over foreign words, allowing names, ambiguous
            // words and one English word between them, but not a quote,
            // bracket or colon: a language change often sits there.
            let mut j = i;
            loop {
                let mut k = j + 1;
                let mut eng = 0;
                while k < toks.len() && !is_foreign(&toks[k]) && toks[k].cls != Cls::Script {
                    if toks[k].cls == Cls::Eng {
                        eng += 1;
                    }
                    k += 1;
                }
                if k >= toks.len()
                    || eng > 1
                    || k - j > 6
                    || toks[k].cls == Cls::Script
                    || has_break(&text[toks[j].end..toks[k].start])
                {
                    break;
                }
                j = k;
            }
            let next = j + 1;
            if let Some(c) = self.judge_latin(text, sent.clone(), s, i, j) {
                // A boilerplate phrase already covers it: keep the phrase.
                let covered = out[boiler_from..].iter().any(|b| {
                    b.rule == Rule::Boilerplate
                        && b.range.start <= c.range.start
                        && c.range.end <= b.range.end
                });
                if !covered {
                    out.push(c);
                }
            }
            i = next;
        }
    }

    /// The one foreign word of a sentence may still make a clause: as the
    /// German function word (no article or preposition) among capitalised
    /// German nouns (`kann die Spalte um die`), or as a common word in lower
    /// case between function words of its language that English has too
    /// (`hem de numarasız`, `den Schriftstil beeinflussen`). Cheap tests
    /// first: this runs on clean English sentences with one unknown word.
    fn lone_foreign_clause(&self, s: &Scratch) -> bool {
        let toks = &s.toks;
        let Some(k) = toks
            .iter()
            .position(|t| matches!(t.cls, Cls::Stop | Cls::Unk))
        else {
            return false;
        };
        let t = &toks[k];
        let german_nouns = || toks.iter().any(|u| !u.first && self.de_noun(s, u));
        if t.cls == Cls::Stop {
            return self.de_clause_word(s, t) && german_nouns();
        }
        let near = &toks[k.saturating_sub(2)..(k + 3).min(toks.len())];
        let amb = |set: LangSet| {
            near.iter()
                .filter(|u| u.cls == Cls::Amb && u.stop & set != 0)
                .count()
        };
        let (pair, de_near) = (amb(LangSet::MAX) >= 2, amb(self.de) >= 1);
        if !(pair || de_near) {
            return false;
        }
        // Inflected forms (`numarasız`) only for words with letters English
        // does not use: the look-up costs more.
        let w = &s.folded[t.fold.clone()];
        let set = if t.special {
            self.tok_common(s, t)
        } else {
            self.lex.common_word(w)
        };
        set != 0 && ((pair && amb(set) >= 2) || (de_near && set & self.de != 0 && german_nouns()))
    }

    /// [`Lexicons::common`] of a token, looked up once.
    fn tok_common(&self, s: &Scratch, t: &Tok) -> LangSet {
        let mut set = t.common.get();
        if set == UNSEEN {
            set = self.lex.common(&s.folded[t.fold.clone()]);
            t.common.set(set);
        }
        set
    }

    /// A capitalised German common word: a German noun, or a name. A
    /// hyphenated compound by its head (`XKB-Zeichenkette`).
    fn de_noun(&self, s: &Scratch, t: &Tok) -> bool {
        let w = &s.folded[t.fold.clone()];
        let head = w.rsplit('-').next().unwrap_or(w);
        t.cls == Cls::Cap
            && (self.tok_common(s, t) & self.de != 0
                || (head.len() < w.len()
                    && head.chars().count() >= 4
                    && self.lex.common(head) & self.de != 0))
    }

    /// A word of a German clause that titles and names do not have: a
    /// German function word that is no article or preposition (`kann`,
    /// `soll`, `diese`, `ist`; titles and names have `Das Leben der
    /// Anderen`, `Bundesamt für Verfassungsschutz`), or a German common word
    /// in lower case (`fehler beim Schreiben`, `den Schriftstil
    /// beeinflussen`).
    fn de_clause_word(&self, s: &Scratch, t: &Tok) -> bool {
        let w = &s.folded[t.fold.clone()];
        (t.cls == Cls::Stop && t.stop & self.de != 0 && !DE_PARTICLES.contains(&w))
            || (t.cls == Cls::Unk && self.tok_common(s, t) & self.de != 0)
    }

    /// Decides whether the core `toks[i..=j]` is a remnant, and refines its
    /// span.
    fn judge_latin(
        &self,
        text: &str,
        sent: Range<usize>,
        s: &Scratch,
        i: usize,
        j: usize,
    ) -> Option<Cand> {
        let toks = &s.toks;
        let lex = self.lex;
        let spaced = |x: usize, y: usize| {
            text[toks[x].end..toks[y].start]
                .chars()
                .all(char::is_whitespace)
        };
        // Grow over neighbouring ambiguous words (`nous`, `la`, `die`: both
        // English and foreign) and a sentence-initial capitalised word
        // (`Deja una respuesta`); the language chosen below trims them again.
        // German nouns (`kann die Spalte um die`) are capitalised common
        // words; grown over too, and kept below only for a German clause.
        let de = self.de;
        let de_noun = |t: &Tok| self.de_noun(s, t);
        let (mut a, mut b) = (i, j);
        while a > 0 && spaced(a - 1, a) {
            let t = &toks[a - 1];
            if !(t.cls == Cls::Amb || (t.cls == Cls::Cap && t.first) || de_noun(t)) {
                break;
            }
            a -= 1;
        }
        while b + 1 < toks.len()
            && spaced(b, b + 1)
            && (toks[b + 1].cls == Cls::Amb || de_noun(&toks[b + 1]))
        {
            b += 1;
        }
        // In a German clause (not a title or a name: see
        // `de_clause_word`), the capitalised common words count as foreign
        // words.
        let de_clause = toks[a..=b].iter().any(|t| self.de_clause_word(s, t));
        let n_de_nouns = if de_clause {
            toks[a..=b]
                .iter()
                .filter(|t| !t.first && de_noun(t))
                .count()
        } else {
            0
        };
        let mut scores = Scores::new(lex);
        let (mut n_stop, mut n_unk, mut n_special, mut n_eng, mut n_amb) = (0, 0, 0, 0, 0);
        for t in &toks[a..=b] {
            match t.cls {
                Cls::Stop => n_stop += 1,
                Cls::Unk => n_unk += 1,
                Cls::Eng => n_eng += 1,
                Cls::Amb => n_amb += 1,
                _ => {}
            }
            if t.stop != 0 {
                scores.add_stopword(t.stop);
            }
            if t.special && matches!(t.cls, Cls::Stop | Cls::Unk) {
                n_special += 1;
            }
            if t.special {
                scores.add_letters(lex, &s.folded[t.fold.clone()]);
            }
            if matches!(t.cls, Cls::Stop | Cls::Unk | Cls::Cap) {
                scores.add_hints(lex, &s.folded[t.fold.clone()]);
                scores.add_common(self.tok_common(s, t), COMMON_WEIGHT);
            }
        }
        // Unknown words that are all common words of one language (`poate
        // citi`, `ophalen ... sommige`), with the capitalised ones that are
        // (German nouns): as telling as a function word. Names of things
        // (`bigos, żurek`) and of people are no common words.
        let common = self.common_langs(s, &toks[a..=b], true);
        let n_unk = match common {
            Some((_, n)) => n_unk.max(n),
            None => n_unk,
        } + n_de_nouns;
        let common_mark = common.is_some();
        // Function words that English has too, of the language of a common
        // word in lower case next to them: as good as function words.
        let unk_common = toks[a..=b]
            .iter()
            .filter(|t| t.cls == Cls::Unk)
            .fold(0, |acc: LangSet, t| acc | self.tok_common(s, t));
        let n_amb_common = toks[a..=b]
            .iter()
            .filter(|t| t.cls == Cls::Amb && t.stop & unk_common != 0)
            .count();
        let n_stop = if n_amb_common >= 2 {
            n_stop + n_amb_common
        } else {
            n_stop
        };
        if n_stop + n_unk < 2 || (n_stop == 0 && n_special == 0 && n_unk < 3 && !common_mark) {
            return None;
        }
        // Name particles (`von der Leyen`, `de la Rúa`): function words only;
        // but not a German verb or pronoun (`ist eine`).
        if n_unk == 0 && n_stop < 3 && !de_clause {
            return None;
        }
        // Cheap refusals before whatlang: foreign nouns with no function
        // word at all (`bigos, żurek`), a short quotation or title.
        if n_stop == 0 && n_amb == 0 && n_unk < 3 && !common_mark {
            return None;
        }
        if quoted(
            text,
            sent.clone(),
            toks[a].start..toks[b].end,
            self.opts.max_quoted_words,
        ) {
            return None;
        }
        let window = &text[toks[a].start..toks[b].end];
        let mut whatlang_en = false;
        let mut wl_conf = 0.0;
        if window.len() >= 12 {
            if let Some((code, conf)) = langid::whatlang_guess(window) {
                if code == "en" {
                    whatlang_en = conf > 0.5;
                } else {
                    wl_conf = conf;
                    scores.add_guess(lex, code, 0.5 + 1.5 * conf as f32);
                }
            }
        }
        let tri = scores.add_trigrams(
            lex,
            toks[a..=b].iter().map(|t| &s.folded[t.fold.clone()]),
            TRIGRAM_WEIGHT,
        );
        let tri_en = tri.is_some() && tri == lex.en;
        // Unknown words only, no function word, no foreign letter: the
        // trigram profiles or whatlang must call it foreign, not English
        // (`erabil daitekeen etiketa laburragoa` yes, rare English no).
        if n_stop == 0
            && n_special == 0
            && !common_mark
            && (whatlang_en || tri_en || (n_amb == 0 && wl_conf < 0.3 && tri.is_none()))
        {
            return None;
        }
        if whatlang_en && n_stop < 2 && n_special == 0 && !common_mark {
            return None;
        }
        let (best, best_score) = scores.best_in(common.map_or(LangSet::MAX, |(set, _)| set))?;
        if best_score < 1.0 {
            return None;
        }
        // Inside English prose, a couple of foreign nouns without a function
        // word of their language (`bigos, żurek`) are names of things, not
        // a remnant.
        let n_amb_lang = toks[a..=b]
            .iter()
            .filter(|t| t.cls == Cls::Amb && t.stop & (1 << best) != 0)
            .count();
        if n_stop == 0 && n_amb_lang == 0 && n_unk < 3 && !common_mark {
            return None;
        }
        // Trim the edges to the language found.
        let lang_bit: LangSet = 1 << best;
        let keeps = |t: &Tok| match t.cls {
            Cls::Amb => t.stop & lang_bit != 0,
            Cls::Cap => t.first || (lang_bit == de && n_de_nouns > 0 && de_noun(t)),
            _ => true,
        };
        while a < i && !keeps(&toks[a]) {
            a += 1;
        }
        while b > j && !keeps(&toks[b]) {
            b -= 1;
        }
        let words = b - a + 1;
        if words < self.opts.min_words || n_eng * 3 > words {
            return None;
        }
        let range = toks[a].start..toks[b].end;
        if quoted(text, sent, range.clone(), self.opts.max_quoted_words) {
            return None;
        }
        let score = (0.5 + best_score / 8.0).min(0.99) as f64;
        Some(Cand {
            range,
            rule: Rule::Foreign,
            lang: lex.lang_code(best),
            score,
            words,
        })
    }

    /// A whole segment `toks[from..]` with no English word in it: two or
    /// more words, at least one unknown lower-case word, a sentence-initial
    /// capitalised word counted as foreign (`Datenbank gesperrt`, `Aantal
    /// kanalen`). Lines of names (`Chijioke Obinna`, `Ursula von der Leyen`)
    /// have no unknown lower-case word.
    ///
    /// A Title Case line (every word capitalised but function words:
    /// `Cüt Tıqlanma Məsafəsi`, `Corriere della Sera`) looks like a line of
    /// names; it is judged only when all its words that are neither English
    /// nor function words are common words of one language
    /// ([`Lexicons::common`]: `jarak` distance, `ruang` space, `nilai`
    /// value), which a name is not made of (`Recep`, `Partisi`,
    /// `Caereinion`, `Uffizi`).
    fn judge_segment(&self, text: &str, s: &Scratch, from: usize) -> Option<Cand> {
        let toks = &s.toks[from..];
        let lex = self.lex;
        // One English-looking word is allowed in three or more (`Tom for
        // papir`): many short foreign words are English words too. Not in
        // two: `Cryptocurrency tokenomics` is English.
        let n_eng = toks.iter().filter(|t| t.cls == Cls::Eng).count();
        if toks.len() < self.opts.min_words
            || toks.iter().any(|t| t.cls == Cls::Script)
            || n_eng > usize::from(toks.len() >= 3)
        {
            return None;
        }
        // A word in lower case: an unknown word, a longer English or
        // function word, an elided one (`l'indicador`). Not a particle
        // between the capitalised words of a name (`Corriere della Sera`,
        // `Partij voor de Vrijheid`, `Bundesamt für Verfassungsschutz`).
        let lower_word = toks.iter().enumerate().any(|(i, t)| {
            let w = &s.folded[t.fold.clone()];
            if !text[t.start..t.end].starts_with(char::is_lowercase) {
                return false;
            }
            let elided = w
                .find('\'')
                .is_some_and(|k| w[k + 1..].chars().count() >= 3);
            let particle = matches!(t.cls, Cls::Stop | Cls::Amb)
                && !elided
                && toks[i + 1..]
                    .iter()
                    .find(|u| !matches!(u.cls, Cls::Stop | Cls::Amb))
                    .is_some_and(|u| text[u.start..u.end].starts_with(char::is_uppercase));
            t.cls == Cls::Unk || elided || (w.chars().count() > 3 && !particle)
        });
        // Every word that is neither English nor a function word a common
        // word of one language: what a Title Case line needs, and as good as
        // a function word or a foreign letter for a line in lower case
        // (`Nuwe gids`, `Balio mota`).
        let mut common = self.common_langs(s, toks, false).map(|(set, _)| set);
        if !lower_word {
            // Every Vietnamese syllable is a word, and names are made of
            // ordinary ones (`Nguyễn Phú Trọng`, `Tuổi Trẻ`): its common
            // words tell no name from a Title Case interface string (which
            // Vietnamese does not write anyway).
            let vi = lex.lang_idx("vi").map_or(0, |i| 1 << i);
            common = common.map(|set| set & !vi).filter(|&set| set != 0);
            // Commas part a Title Case line into items (`Galatasaray,
            // Fenerbahçe`, `Özgür Özel, Cumhuriyet Halk Partisi`, a title
            // such as `O Olmasın, Bu Olsun`): each item must be a string of
            // common words on its own.
            let mut part = 0;
            for k in 1..=toks.len() {
                if k == toks.len() || text[toks[k - 1].end..toks[k].start].contains(',') {
                    if part > 0 || k < toks.len() {
                        let here = self.common_langs(s, &toks[part..k], false);
                        common = common
                            .zip(here)
                            .map(|(a, (b, _))| a & b)
                            .filter(|&set| set != 0);
                    }
                    part = k;
                }
            }
        }
        if !lower_word && common.is_none() {
            return None;
        }
        if common.is_none() {
            let foreignish = toks
                .iter()
                .enumerate()
                .filter(|(i, t)| {
                    matches!(t.cls, Cls::Unk | Cls::Stop)
                        || (*i == 0 && matches!(t.cls, Cls::Cap | Cls::Amb))
                })
                .count();
            if foreignish < 2 {
                return None;
            }
            // Without a function word or a foreign letter, one short
            // unknown word is too little (`Kyiv, kyiv`, a lower-cased name);
            // a longer one must also not look English to the trigram
            // profiles (below).
            let n_unk = toks.iter().filter(|t| t.cls == Cls::Unk).count();
            let long_unk = toks
                .iter()
                .any(|t| t.cls == Cls::Unk && t.end - t.start >= 5);
            let marked = toks.iter().any(|t| {
                t.cls == Cls::Stop
                    || t.special
                    || (matches!(t.cls, Cls::Unk | Cls::Cap) && self.tok_common(s, t) != 0)
            });
            if !marked && n_unk < 2 && !long_unk {
                return None;
            }
        }
        let range = toks[0].start..toks[toks.len() - 1].end;
        let window = &text[range.clone()];
        let mut scores = Scores::new(lex);
        for t in toks {
            let w = &s.folded[t.fold.clone()];
            scores.add_stopword(t.stop);
            if t.special {
                scores.add_letters(lex, w);
            }
            scores.add_hints(lex, w);
            if matches!(t.cls, Cls::Unk | Cls::Cap | Cls::Stop) {
                scores.add_common(self.tok_common(s, t), COMMON_WEIGHT);
            }
        }
        match langid::whatlang_guess(window) {
            Some(("en", conf)) if conf > 0.5 => return None,
            Some((code, conf)) if code != "en" => {
                scores.add_guess(lex, code, 0.5 + 1.5 * conf as f32)
            }
            _ => {}
        }
        let tri = scores.add_trigrams(
            lex,
            toks.iter().map(|t| &s.folded[t.fold.clone()]),
            TRIGRAM_WEIGHT,
        );
        // Looks English to the profiles, and nothing foreign in it.
        let foreign_mark = toks.iter().any(|t| t.cls == Cls::Stop || t.special);
        if tri.is_some() && tri == lex.en && !foreign_mark && common.is_none() {
            return None;
        }
        // A Title Case line is in the language of its common words.
        let (best, score) = scores.best_in(common.unwrap_or(LangSet::MAX))?;
        Some(Cand {
            range,
            rule: Rule::Foreign,
            lang: lex.lang_code(best),
            score: (0.4 + score / 8.0).min(0.9) as f64,
            words: toks.len(),
        })
    }

    /// The languages that have every unknown and capitalised word of
    /// `toks` (two or more of them) as a common word, and how many those
    /// words are; `None` when no language has them all. A line of names has
    /// a word no common-word list holds: a given name or surname, a place,
    /// an institution (`Recep Tayyip Erdoğan`, `Yeni Azərbaycan Partiyası`,
    /// `Dewan Bahasa dan Pustaka`, `Bundesamt für Verfassungsschutz`).
    /// With `skip_names`, capitalised words that are no common word are left
    /// out instead (a window inside a sentence, where names come and go).
    fn common_langs(
        &self,
        s: &Scratch,
        toks: &[Tok],
        skip_names: bool,
    ) -> Option<(LangSet, usize)> {
        let lex = self.lex;
        let mut hits = [0u8; 64];
        let mut n = 0usize;
        for t in toks {
            if !matches!(t.cls, Cls::Unk | Cls::Cap) {
                continue;
            }
            let set = self.tok_common(s, t);
            if skip_names && t.cls == Cls::Cap && set == 0 {
                continue;
            }
            n += 1;
            for (i, h) in hits.iter_mut().enumerate().take(lex.langs.len()) {
                if set & (1 << i) != 0 {
                    *h += 1;
                }
            }
        }
        let top = usize::from(*hits.iter().max()?);
        if top < 2 || top < n {
            return None;
        }
        let set = (0..lex.langs.len())
            .filter(|&i| usize::from(hits[i]) == top)
            .fold(0, |acc: LangSet, i| acc | 1 << i);
        Some((set, n))
    }

    /// Runs of words in a non-Latin script.
    fn script_runs(&self, text: &str, sent: Range<usize>, s: &Scratch, out: &mut Vec<Cand>) {
        let toks = &s.toks;
        let mut i = 0;
        while i < toks.len() {
            if toks[i].cls != Cls::Script {
                i += 1;
                continue;
            }
            let fam = toks[i].family;
            let mut j = i;
            // Grow over words of the script, bridging up to three other
            // words between them (`set-returning`, `GStreamer`, a quoted
            // option name) that the translation kept in English.
            let mut k = i + 1;
            let mut other = 0;
            while k < toks.len() {
                if toks[k].cls == Cls::Script {
                    if toks[k].family != fam {
                        break;
                    }
                    j = k;
                    other = 0;
                } else {
                    other += 1;
                    if other > 3 {
                        break;
                    }
                }
                k += 1;
            }
            let words = toks[i..=j].iter().filter(|t| t.cls == Cls::Script).count();
            let mut range = toks[i].start..toks[j].end;
            let span_text = &text[range.clone()];
            let long_enough = if spaceless(fam) {
                span_text.chars().filter(|c| c.is_alphabetic()).count()
                    >= self.opts.min_spaceless_chars
            } else {
                words >= self.opts.min_words
            };
            if long_enough {
                let lang = self.script_lang(span_text, &s.folded, &toks[i..=j]);
                if let Some(lang) = lang {
                    let latin = toks
                        .iter()
                        .filter(|t| !matches!(t.cls, Cls::Script | Cls::Neutral))
                        .count();
                    if latin * 4 <= toks.len() {
                        range = sent.clone();
                    }
                    out.push(Cand {
                        range,
                        rule: Rule::Script,
                        lang,
                        score: 0.9,
                        words,
                    });
                }
            }
            i = j + 1;
        }
    }

    /// The language of a run in another script: its function words and
    /// letters (Russian, Ukrainian, Bulgarian; Arabic, Persian, Urdu; Hindi
    /// and its neighbours) with whatlang's answer; whatlang alone when
    /// those say nothing, the script's main language when whatlang is silent.
    fn script_lang(&self, span: &str, folded: &str, toks: &[Tok]) -> Option<&'static str> {
        let lex = self.lex;
        let guess = langid::whatlang_guess(span).filter(|(code, _)| *code != "en");
        let script = whatlang::detect_script(span)?;
        let mut scores = Scores::new(lex);
        for t in toks.iter().filter(|t| t.cls == Cls::Script) {
            let w = &folded[t.fold.clone()];
            scores.add_stopword(t.stop);
            scores.add_letters(lex, w);
            scores.add_common(lex.common(w), COMMON_WEIGHT);
        }
        if let Some((code, conf)) = guess {
            scores.add_guess(lex, code, 0.5 + conf as f32);
        }
        scores.add_trigrams(
            lex,
            toks.iter()
                .map(|t| &folded[t.fold.clone()])
                .filter(|w| !w.bytes().any(|b| b.is_ascii_alphanumeric())),
            TRIGRAM_WEIGHT,
        );
        // A language of the lexicon needs real evidence (a function word, a
        // letter, a trigram profile agreeing); whatlang knows the languages
        // the lexicon lacks (Georgian, Korean, Thai, ...).
        match (scores.best(), guess) {
            (Some((i, s)), g) if s >= 1.0 || g.is_none() => Some(lex.lang_code(i)),
            (_, Some((code, _))) => Some(code),
            (_, None) => langid::script_default(script),
        }
    }
}

impl Check for Remnant {
    fn kind(&self) -> CheckKind {
        CheckKind::Remnant
    }

    fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        for c in self.candidates(doc) {
            let name = langid::language_name(c.lang);
            let (code, severity, message) = match c.rule {
                Rule::Foreign => (
                    "RM001",
                    Severity::Error,
                    format!("Untranslated {name} text left in the English article."),
                ),
                Rule::Boilerplate => (
                    "RM002",
                    Severity::Warning,
                    format!("Web boilerplate in {name} left by the scraper; delete it."),
                ),
                Rule::Script => (
                    "RM003",
                    Severity::Error,
                    format!(
                        "Untranslated {name} text in another script left in the English article."
                    ),
                ),
            };
            out.push(
                doc.finding(c.range, CheckKind::Remnant, code, severity, message)
                    .with_lang(c.lang)
                    .with_score(c.score),
            );
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cls {
    /// In the English lexicon only.
    Eng,
    /// In the English lexicon and a function word of another language.
    Amb,
    /// A function word of another language, not English.
    Stop,
    /// Unknown lower-case word.
    Unk,
    /// Unknown capitalised word: a name, unless its neighbours say otherwise.
    Cap,
    /// Numbers, acronyms, URLs.
    Neutral,
    /// A word in another script.
    Script,
}

#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    cls: Cls,
    stop: LangSet,
    /// First word of the sentence, or glued to the word before it.
    first: bool,
    /// Has a non-ASCII letter.
    special: bool,
    /// Script family of a [`Cls::Script`] word (see [`script_family`]).
    family: u8,
    /// Range of the folded word in [`Scratch::folded`].
    fold: Range<usize>,
    /// Its common-word languages once looked up ([`Remnant::tok_common`]),
    /// [`UNSEEN`] before.
    common: Cell<LangSet>,
}

/// No set of common-word languages has every bit.
const UNSEEN: LangSet = LangSet::MAX;

#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    folded: String,
    buf: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    Foreign,
    Boilerplate,
    Script,
}

#[derive(Debug, Clone)]
struct Cand {
    range: Range<usize>,
    rule: Rule,
    lang: &'static str,
    score: f64,
    words: usize,
}

/// Sorts candidates and merges overlapping ones, and neighbours of one
/// language separated by nothing but spaces and punctuation on one line
/// (the sentences of an untranslated paragraph).
fn merge(text: &str, mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
    let mut out: Vec<Cand> = Vec::new();
    for c in cands {
        if let Some(last) = out.last_mut() {
            let overlaps = c.range.start < last.range.end;
            let adjacent = !overlaps
                && c.lang == last.lang
                && c.rule == last.rule
                && text[last.range.end..c.range.start]
                    .chars()
                    .all(|ch| !text::is_word_char(ch) && ch != '\n' && ch != '\r');
            if overlaps || adjacent {
                let keep_c = c.range.len() > last.range.len();
                let end = last.range.end.max(c.range.end);
                if keep_c {
                    last.rule = c.rule;
                    last.lang = c.lang;
                }
                last.range.end = end;
                last.score = last.score.max(c.score);
                last.words += c.words;
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A paragraph mostly covered by remnants of other languages is one
/// untranslated paragraph: one finding over all of it, in the language that
/// covers most of it.
fn by_paragraph(text: &str, paragraphs: &[Range<usize>], cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    let mut it = cands.into_iter().peekable();
    for p in paragraphs {
        while let Some(c) = it.next_if(|c| c.range.start < p.start) {
            out.push(c);
        }
        let mut inside = Vec::new();
        while let Some(c) = it.next_if(|c| c.range.start < p.end) {
            inside.push(c);
        }
        let foreign: Vec<&Cand> = inside
            .iter()
            .filter(|c| c.rule != Rule::Boilerplate)
            .collect();
        let covered: usize = foreign.iter().map(|c| c.range.len()).sum();
        let letters = |r: Range<usize>| text[r].chars().filter(|c| c.is_alphabetic()).count();
        if foreign.len() >= 2 && covered * 10 >= p.len() * 6 {
            let mut by_lang: Vec<(&'static str, usize, Rule)> = Vec::new();
            for c in &foreign {
                match by_lang.iter_mut().find(|(l, _, _)| *l == c.lang) {
                    Some(e) => e.1 += letters(c.range.clone()),
                    None => by_lang.push((c.lang, letters(c.range.clone()), c.rule)),
                }
            }
            let (lang, _, rule) = *by_lang.iter().max_by_key(|e| e.1).expect("non-empty");
            let score = foreign.iter().map(|c| c.score).fold(0.0, f64::max);
            let words = foreign.iter().map(|c| c.words).sum();
            out.push(Cand {
                range: p.clone(),
                rule,
                lang,
                score,
                words,
            });
        } else {
            out.extend(inside);
        }
    }
    out.extend(it);
    out
}

/// A quote, bracket or colon: where a language change may sit.
fn has_break(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '"' | '“' | '”' | '«' | '»' | '„' | '(' | ')' | '[' | ']' | ':' | ';'
        )
    })
}

/// The span lies inside a short quotation or bracket (`“La vita è bella”`,
/// `(Ni una menos)`): a title or a quote kept in the original.
fn quoted(text: &str, sent: Range<usize>, r: Range<usize>, max_words: usize) -> bool {
    let before = &text[sent.start..r.start];
    let after = &text[r.end..sent.end];
    let pairs = [('“', '”'), ('«', '»'), ('„', '“'), ('‘', '’'), ('(', ')')];
    for (open, close) in pairs {
        let Some(o) = before.rfind(open) else {
            continue;
        };
        if before[o..].contains(close) && open != close {
            continue;
        }
        let Some(c) = after.find(close) else { continue };
        let inner = &text[sent.start + o + open.len_utf8()..r.end + c];
        if text::words(inner, 0).count() <= max_words {
            return true;
        }
    }
    // Straight double quotes: an odd number before the span opens one.
    if before.matches('"').count() % 2 == 1 {
        if let (Some(o), Some(c)) = (before.rfind('"'), after.find('"')) {
            let inner = &text[sent.start + o + 1..r.end + c];
            return text::words(inner, 0).count() <= max_words;
        }
    }
    false
}

/// A word starting in lower case with a capital after it: a particle joined
/// to a name (`di-Pertuan`, `d'Orsay`, `al-Assad` is not: all lower case).
fn name_like(w: &str) -> bool {
    w.starts_with(char::is_lowercase) && w.chars().skip(1).any(char::is_uppercase)
}

/// A word that is part of a URL, an e-mail address or a handle.
fn looks_like_url(text: &str, r: Range<usize>) -> bool {
    let start = text[..r.start]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[r.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| r.end + i);
    let chunk = &text[start..end];
    chunk.contains("://")
        || chunk.starts_with("www.")
        || chunk.contains('@')
        || chunk.contains('/')
        || chunk.contains('_')
        || [".com", ".org", ".net", ".html"]
            .iter()
            .any(|t| chunk.contains(t))
}

/// A small number per script family; 0 for Latin and non-letters.
fn script_family(c: char) -> u8 {
    match c as u32 {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => 1, // Greek
        0x0400..=0x052F => 2,                   // Cyrillic
        0x0530..=0x058F => 3,                   // Armenian
        0x0590..=0x05FF => 4,                   // Hebrew
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 5, // Arabic
        0x0900..=0x097F => 6,                   // Devanagari
        0x0980..=0x0DFF => 7,                   // other Indic
        0x0E00..=0x0E7F => 8,                   // Thai
        0x0E80..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x17FF => 9, // Lao, Tibetan, Myanmar, Khmer
        0x10A0..=0x10FF => 10,                  // Georgian
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => 11, // Hangul
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => 12, // CJK
        0x1200..=0x139F => 13,                  // Ethiopic
        _ => 0,
    }
}

/// Scripts written without spaces between words.
fn spaceless(family: u8) -> bool {
    matches!(family, 8 | 9 | 12)
}

#[cfg(test)]
mod tests;
