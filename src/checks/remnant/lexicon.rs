//! The embedded data of the remnant check, parsed once per process: the
//! compact English lexicon, the function words of other languages, and the
//! lexicon of web boilerplate in many languages, character-trigram profiles
//! and the common words of other languages. See `data/remnant/` and the
//! scripts in `eval/remnant/` that regenerate the derived lists.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

const ENGLISH: &str = include_str!("../../../data/remnant/english.txt");
const STOPWORDS: &str = include_str!("../../../data/remnant/stopwords.txt");
const BOILERPLATE: &str = include_str!("../../../data/remnant/boilerplate.txt");
const TRIGRAMS: &str = include_str!("../../../data/remnant/trigrams.txt");
const COMMON: &str = include_str!("../../../data/remnant/common_words.txt");
/// Endings stripped to find a common word's stem: Turkish and Azerbaijani
/// interface strings inflect the head noun (`Balon Sütunu` column of balloon,
/// `Ay Dəyişikliyi` change of month) and the verb (`Cüt Tıqlanma`); German
/// inflects nouns and adjectives (`des Kürzels`, `Breiter Griff`). The list
/// has the stem (`sütun`, `dəyişiklik`, the stem `tıqlan` two forms share)
/// when the strings it came from used other forms.
const SUFFIXES: &str = include_str!("../../../data/remnant/suffixes.txt");

/// A small, fast, non-cryptographic hasher (the FxHash mix) for the look-ups
/// made once per word of every document: the default SipHash would cost a
/// good part of the clean-English fast path.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A set of languages, one bit per index into [`Lexicons::langs`].
pub type LangSet = u64;

/// A boilerplate phrase: its folded words and its language index.
#[derive(Debug)]
pub struct Phrase {
    pub words: Vec<String>,
    pub lang: usize,
}

/// What the lexicons know of one folded word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    /// In the English lexicon.
    pub eng: bool,
    /// Languages that have it as a function word.
    pub stop: LangSet,
}

pub struct Lexicons {
    /// English words and foreign function words in one map, so that the
    /// fast path costs one look-up per word.
    pub words: HashMap<Cow<'static, str>, Entry, FxBuild>,
    /// ISO 639-1 codes; the index is the bit in a [`LangSet`].
    pub langs: Vec<&'static str>,
    /// Boilerplate phrases by their first folded word.
    pub boilerplate: HashMap<String, Vec<Phrase>, FxBuild>,
    /// Character trigrams (see [`trigram_key`]) and their log probability
    /// in each language that has a profile.
    pub trigrams: HashMap<u64, Vec<(u8, f32)>, FxBuild>,
    /// Per language index: the log probability of a trigram its profile
    /// lacks (`None`: no profile).
    pub trigram_floor: Vec<Option<f32>>,
    /// Index of English in `langs`: it has a trigram profile, to tell an
    /// English-looking window from a foreign one, and is never a label.
    pub en: Option<usize>,
    /// Common words (`eval/remnant/make_common_words.py`) and the languages
    /// that have them: consulted on suspicious windows only, never on the
    /// clean-English fast path, so a map of their own, built on first use.
    common: OnceLock<Common>,
}

/// The common-word map and what [`Lexicons::common`] needs to find the
/// inflected and mutated forms of its words.
struct Common {
    words: HashMap<&'static str, LangSet, FxBuild>,
    /// Endings (`data/remnant/suffixes.txt`) and the languages that have
    /// them; the longest, in characters.
    endings: HashMap<&'static str, LangSet, FxBuild>,
    max_ending: usize,
    /// German (compounds) and Welsh (initial mutations).
    de: LangSet,
    cy: LangSet,
}

/// German noun and adjective endings (`des Kürzels`, `Breiter Griff`), for
/// the heads of compounds.
const DE_SUFFIXES: &[&str] = &["ern", "en", "er", "es", "e", "n", "s"];

/// Radicals a Welsh word may be the mutated form of (`Fewn` of `mewn`,
/// `Weithredol` of `gweithredol`, `Fudo` of `mudo`), most specific first.
fn welsh_radicals(w: &str, buf: &mut String, mut hit: impl FnMut(&str) -> bool) -> bool {
    const RULES: &[(&str, &[&str])] = &[
        ("ngh", &["c"]),
        ("mh", &["p"]),
        ("nh", &["t"]),
        ("ng", &["g"]),
        ("dd", &["d"]),
        ("ph", &["p"]),
        ("th", &["t"]),
        ("ch", &["c"]),
        ("b", &["p"]),
        ("d", &["t"]),
        ("g", &["c"]),
        ("f", &["b", "m"]),
        ("l", &["ll"]),
        ("r", &["rh"]),
        ("m", &["b"]),
        ("n", &["d"]),
        ("h", &[""]),
    ];
    let mut try_one = |head: &str, rest: &str| {
        buf.clear();
        buf.push_str(head);
        buf.push_str(rest);
        hit(buf)
    };
    try_one("g", w)
        || RULES.iter().any(|(m, rs)| {
            w.strip_prefix(m)
                .is_some_and(|rest| rs.iter().any(|r| try_one(r, rest)))
        })
}

/// Whether a Turkish or Azerbaijani stem, once its suffix went, is a
/// listed word: itself, or with the final consonant the vowel softened
/// restored (`rengi` renk, `kitabı` kitap, `dəyişikliyi` dəyişiklik).
fn turkic_stem(stem: &str, buf: &mut String, mut hit: impl FnMut(&str) -> bool) -> bool {
    if hit(stem) {
        return true;
    }
    let Some(last) = stem.chars().next_back() else {
        return false;
    };
    let base = &stem[..stem.len() - last.len_utf8()];
    let hard: &[char] = match last {
        'ğ' => &['k', 'q'],
        'y' | 'g' => &['k'],
        'b' => &['p'],
        'c' => &['ç'],
        'd' => &['t'],
        _ => &[],
    };
    hard.iter().any(|&c| {
        buf.clear();
        buf.push_str(base);
        buf.push(c);
        hit(buf)
    })
}

/// Log probability of a trigram a profile lacks (the profiles' own least
/// frequent trigrams sit near -7 to -8).
pub const TRIGRAM_FLOOR: f32 = -9.0;

/// Three characters packed in one key.
pub fn trigram_key(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

impl Lexicons {
    pub fn get() -> &'static Lexicons {
        static DATA: OnceLock<Lexicons> = OnceLock::new();
        DATA.get_or_init(Lexicons::load)
    }

    fn load() -> Lexicons {
        let mut words: HashMap<Cow<'static, str>, Entry, FxBuild> = HashMap::default();
        words.reserve(70_000);
        for w in ENGLISH.lines().map(str::trim).filter(|l| !l.is_empty()) {
            words.entry(Cow::Borrowed(w)).or_default().eng = true;
        }
        let mut langs: Vec<&'static str> = Vec::new();
        for line in data_lines(STOPWORDS) {
            let (code, list) = line
                .split_once(':')
                .expect("stopwords line is `code: words`");
            let idx = lang_index(&mut langs, code.trim());
            for w in list.split_whitespace() {
                words.entry(Cow::Owned(fold_word(w))).or_default().stop |= 1 << idx;
            }
        }
        let mut boilerplate: HashMap<String, Vec<Phrase>, FxBuild> = HashMap::default();
        for line in data_lines(BOILERPLATE) {
            let (code, phrase) = line
                .split_once('\t')
                .expect("boilerplate line is `code\\tphrase`");
            let lang = lang_index(&mut langs, code.trim());
            let words: Vec<String> = crate::text::words(phrase, 0)
                .map(|w| fold_word(w.text))
                .collect();
            if let Some(first) = words.first() {
                boilerplate
                    .entry(first.clone())
                    .or_default()
                    .push(Phrase { words, lang });
            }
        }
        let mut trigrams: HashMap<u64, Vec<(u8, f32)>, FxBuild> = HashMap::default();
        let mut floors: Vec<(usize, f32)> = Vec::new();
        for line in data_lines(TRIGRAMS) {
            let (code, cells) = line
                .split_once('\t')
                .expect("trigram line is `code\tcells`");
            let idx = if code == "en" {
                lang_index(&mut langs, "en")
            } else if let Some(i) = langs.iter().position(|&l| l == code) {
                i
            } else {
                continue; // a profile for a language without function words
            };
            for cell in cells.split_whitespace() {
                let (tri, lp) = cell.rsplit_once('=').expect("trigram cell is `tri=logp`");
                let lp: f32 = lp.parse().expect("trigram log probability");
                let ch: Vec<char> = tri
                    .chars()
                    .map(|c| if c == '_' { ' ' } else { c })
                    .collect();
                if let [a, b, c] = ch[..] {
                    trigrams
                        .entry(trigram_key(a, b, c))
                        .or_default()
                        .push((idx as u8, lp));
                }
            }
            // One floor for all: per-profile floors would favour the
            // profiles with the flattest distributions on unseen text.
            floors.push((idx, TRIGRAM_FLOOR));
        }
        let mut trigram_floor = vec![None; langs.len()];
        for (i, f) in floors {
            trigram_floor[i] = Some(f);
        }
        // Longest phrase first, so that `Lascia un commento` and `Lascia una
        // risposta` never lose to a shorter prefix.
        for v in boilerplate.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        let en = langs.iter().position(|&l| l == "en");
        Lexicons {
            en,
            common: OnceLock::new(),
            words,
            langs,
            boilerplate,
            trigrams,
            trigram_floor,
        }
    }

    /// What the lexicons know of a folded word.
    pub fn lookup(&self, folded: &str) -> Entry {
        self.words.get(folded).copied().unwrap_or_default()
    }

    pub fn is_english(&self, folded: &str) -> bool {
        self.lookup(folded).eng
    }

    pub fn stop(&self, folded: &str) -> LangSet {
        self.lookup(folded).stop
    }

    /// The languages that have a folded word as a common word. A hyphenated
    /// compound (`textauswahl-anfassers`) counts when its parts agree on a
    /// language; English and one- or two-letter parts (`caps-i`) say nothing.
    pub fn common(&self, folded: &str) -> LangSet {
        match self.common_word(folded) {
            0 if !folded.contains('-') => self.common_inflected(self.common_table(), folded),
            set => set,
        }
    }

    /// [`Lexicons::common`] without the inflected and mutated forms: the
    /// list's words and hyphenated compounds of them.
    pub fn common_word(&self, folded: &str) -> LangSet {
        let common = self.common_table();
        if let Some(&set) = common.words.get(folded) {
            return set;
        }
        if !folded.contains('-') {
            return 0;
        }
        let mut set = LangSet::MAX;
        let mut any = false;
        for part in folded.split('-') {
            if part.chars().count() < 3 || self.is_english(part) {
                continue;
            }
            set &= common.words.get(part).copied().unwrap_or(0);
            any = true;
        }
        if any {
            set
        } else {
            0
        }
    }

    /// The languages that have a form of a word the list lacks: an
    /// inflected form (Turkish, Azerbaijani, German), a German compound of
    /// two known words (`Markierungsmodus`, `Standardreferenzen`: the head a
    /// common word, the part before it a common or English word), a Welsh
    /// mutated form.
    fn common_inflected(&self, common: &Common, w: &str) -> LangSet {
        let get = |x: &str| common.words.get(x).copied().unwrap_or(0);
        let mut buf = String::with_capacity(w.len() + 4);
        let mut set = 0;
        // The word's endings, shortest first, as long as a stem of three or
        // more letters stays.
        let mut stem_chars = w.chars().count();
        for (i, _) in w.char_indices().rev().take(common.max_ending) {
            stem_chars -= 1;
            if stem_chars < 3 {
                break;
            }
            let (stem, ending) = w.split_at(i);
            let Some(&langs) = common.endings.get(ending) else {
                continue;
            };
            let todo = langs & !set;
            if todo & common.de != 0 && get(stem) & common.de != 0 {
                set |= common.de;
            }
            let turkic = todo & !common.de;
            if turkic != 0 {
                let mut found = 0;
                turkic_stem(stem, &mut buf, |x| {
                    found |= get(x) & turkic;
                    false
                });
                set |= found;
            }
        }
        if common.de != 0 && set & common.de == 0 && w.len() >= 8 && self.german_compound(common, w)
        {
            set |= common.de;
        }
        if common.cy != 0 && welsh_radicals(w, &mut buf, |x| get(x) & common.cy != 0) {
            set |= common.cy;
        }
        set
    }

    /// `markierungsmodus`: a German common word (or an inflected form of one)
    /// of four or more letters at the end, a German common or English word
    /// of four or more letters before it, with or without a linking `s`.
    fn german_compound(&self, common: &Common, w: &str) -> bool {
        let de = common.de;
        let get = |x: &str| common.words.get(x).copied().unwrap_or(0);
        let head_ok = |h: &str| {
            get(h) & de != 0
                || DE_SUFFIXES.iter().any(|suf| {
                    h.len() > suf.len() + 3
                        && h.ends_with(suf)
                        && get(&h[..h.len() - suf.len()]) & de != 0
                })
        };
        let first_ok = |f: &str| {
            get(f) & de != 0
                || self.is_english(f)
                || f.strip_suffix('s').is_some_and(|g| {
                    g.chars().count() >= 4 && (get(g) & de != 0 || self.is_english(g))
                })
        };
        w.char_indices().skip(4).any(|(i, _)| {
            let (f, h) = w.split_at(i);
            h.chars().count() >= 4 && first_ok(f) && head_ok(h)
        })
    }

    /// The common-word table, parsed on first use (most documents never
    /// need it; a run that will, loads it early with [`Lexicons::warm`]).
    fn common_table(&self) -> &Common {
        self.common.get_or_init(|| self.load_common())
    }

    /// Parses the common-word table now rather than inside the first
    /// document that needs it (where the other workers would wait for it).
    pub fn warm(&self) {
        self.common_table();
    }

    fn load_common(&self) -> Common {
        let mut common: HashMap<&'static str, LangSet, FxBuild> = HashMap::default();
        common.reserve(100_000);
        for line in data_lines(COMMON) {
            let (code, list) = line
                .split_once(':')
                .expect("common words line is `code: words`");
            // A language without function words has no index (no label).
            let Some(idx) = self.lang_idx(code.trim()) else {
                continue;
            };
            for w in list.split_whitespace() {
                *common.entry(w).or_default() |= 1 << idx;
            }
        }
        let bit = |code: &str| self.lang_idx(code).map_or(0, |i| 1 << i);
        let mut endings: HashMap<&'static str, LangSet, FxBuild> = HashMap::default();
        let mut max_ending = 0;
        for line in data_lines(SUFFIXES) {
            let (code, list) = line
                .split_once(':')
                .expect("suffixes line is `code: endings`");
            let b = bit(code.trim());
            for e in list.split_whitespace().filter(|_| b != 0) {
                *endings.entry(e).or_default() |= b;
                max_ending = max_ending.max(e.chars().count());
            }
        }
        Common {
            words: common,
            endings,
            max_ending,
            de: bit("de"),
            cy: bit("cy"),
        }
    }

    pub fn lang_code(&self, idx: usize) -> &'static str {
        self.langs[idx]
    }

    pub fn lang_idx(&self, code: &str) -> Option<usize> {
        self.langs.iter().position(|&l| l == code)
    }
}

fn data_lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn lang_index(langs: &mut Vec<&'static str>, code: &'static str) -> usize {
    if let Some(i) = langs.iter().position(|&l| l == code) {
        return i;
    }
    langs.push(code);
    assert!(langs.len() <= 64, "LangSet holds at most 64 languages");
    langs.len() - 1
}

/// Lower case, typographic apostrophe folded to `'`.
pub fn fold_word(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    fold_into(w, &mut s);
    s
}

/// [`fold_word`] into a reused buffer (the per-word fast path allocates
/// nothing once the buffer has grown).
pub fn fold_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.push_str(w);
        out.make_ascii_lowercase();
        return;
    }
    for c in w.chars() {
        match c {
            '’' | 'ʼ' | '‘' => out.push('\''),
            // Turkish and Azerbaijani dotted capital: `i`, not `i` and a
            // combining dot (`İptal` is `iptal`).
            'İ' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_hold_what_the_check_needs() {
        let l = Lexicons::get();
        assert!(l.words.values().filter(|e| e.eng).count() > 50_000);
        for w in ["the", "ceasefire", "negotiations", "café", "don't", "i"] {
            assert!(l.is_english(w), "{w} missing from the English lexicon");
        }
        assert!(!l.is_english("një"));
        assert!(l.langs.len() >= 40, "{} languages", l.langs.len());
        let sq = l.lang_idx("sq").unwrap();
        assert_ne!(l.stop("një") & (1 << sq), 0);
        assert!(l.boilerplate.contains_key("lini"));
        // Common words: list words, compounds of them, nothing else.
        let de = 1 << l.lang_idx("de").unwrap();
        assert_ne!(l.common("neue") & de, 0);
        assert_ne!(l.common("neue-neue") & de, 0);
        assert_eq!(l.common("verfassungsschutz"), 0);
        assert_eq!(l.common("the-and"), 0);
    }

    #[test]
    fn inflected_compound_and_mutated_forms_of_common_words() {
        let l = Lexicons::get();
        let bit = |code: &str| 1 << l.lang_idx(code).unwrap();
        // Turkish and Azerbaijani endings: `dosya` file, `pəncərə` window.
        assert_ne!(l.common("dosyasız") & bit("tr"), 0);
        assert_ne!(l.common("pəncərədə") & bit("az"), 0);
        // German compounds of a common head (`farbe`) after a common or
        // English word, and inflected heads.
        assert_ne!(l.common("textfarbe") & bit("de"), 0);
        assert_ne!(l.common("fensterauswahl") & bit("de"), 0);
        // Welsh mutations of `cyfrinair` (password).
        assert_ne!(l.common("nghyfrinair") & bit("cy"), 0);
        assert_ne!(l.common("chyfrinair") & bit("cy"), 0);
        // None of that makes a name common.
        assert_eq!(l.common("erdoğan"), 0);
        assert_eq!(l.common_word("dosyasız"), 0);
    }

    #[test]
    fn english_list_is_sorted_and_unique() {
        let words: Vec<&str> = ENGLISH.lines().collect();
        assert!(
            words.windows(2).all(|w| w[0] < w[1]),
            "regenerate english.txt"
        );
    }

    #[test]
    fn english_list_holds_the_hand_written_supplement() {
        // english.txt is generated; a word added to english_extra.txt
        // without regenerating it would be silently missing.
        let l = Lexicons::get();
        let extra = include_str!("../../../data/remnant/english_extra.txt");
        for line in extra.lines() {
            let line = line.split('#').next().unwrap_or("");
            for w in line.split_whitespace() {
                assert!(
                    l.is_english(&fold_word(w)),
                    "{w}: run make_english_lexicon.py"
                );
            }
        }
    }

    #[test]
    fn boilerplate_phrases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for line in data_lines(BOILERPLATE) {
            let (_, p) = line.split_once('\t').unwrap();
            assert!(
                seen.insert(fold_word(p)),
                "duplicate boilerplate phrase {p}"
            );
        }
    }

    #[test]
    fn fold_handles_apostrophes_and_capitals() {
        assert_eq!(fold_word("Përgjigje"), "përgjigje");
        assert_eq!(fold_word("Don’t"), "don't");
        assert_eq!(fold_word("İptal"), "iptal");
    }
}
