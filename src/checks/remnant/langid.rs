//! Language identification of a short suspicious window: which language is
//! `Lini një Përgjigje`, `nous devons partir maintenant`, `Добавить
//! комментарий`?
//!
//! whatlang is fast and good on long text but lacks Albanian, Bosnian,
//! Basque, Irish, Malay and is weak on 2-5 words. So the score of a language
//! adds three kinds of evidence: the window's function words in that language
//! (from `data/remnant/stopwords.txt`), letters that only a few languages
//! write (`ë`, `ß`, `ő`, `ł`, `ř`, `ə`, ...), and, on windows long enough for
//! it, whatlang's own answer weighted by its confidence.

use super::lexicon::{LangSet, Lexicons};

/// Letters that point to a few languages, with the weight of one occurrence
/// in a word. Only lower-case forms: words are folded first.
const LETTERS: &[(char, &[(&str, f32)])] = &[
    ('ë', &[("sq", 1.5), ("nl", 0.2)]),
    (
        'ç',
        &[
            ("fr", 0.4),
            ("pt", 0.4),
            ("ca", 0.4),
            ("tr", 0.4),
            ("sq", 0.4),
            ("az", 0.4),
        ],
    ),
    ('ñ', &[("es", 1.0), ("gl", 0.6)]),
    ('ã', &[("pt", 1.2)]),
    ('õ', &[("pt", 0.8), ("et", 0.8)]),
    ('ß', &[("de", 1.5)]),
    (
        'ä',
        &[
            ("de", 0.5),
            ("fi", 0.5),
            ("sv", 0.5),
            ("et", 0.5),
            ("sk", 0.3),
        ],
    ),
    (
        'ö',
        &[
            ("de", 0.4),
            ("fi", 0.4),
            ("sv", 0.4),
            ("et", 0.3),
            ("hu", 0.4),
            ("tr", 0.3),
            ("az", 0.3),
            ("is", 0.3),
        ],
    ),
    (
        'ü',
        &[
            ("de", 0.5),
            ("hu", 0.4),
            ("tr", 0.4),
            ("et", 0.3),
            ("az", 0.3),
        ],
    ),
    ('å', &[("sv", 0.8), ("da", 0.6), ("nb", 0.6)]),
    ('æ', &[("da", 1.0), ("nb", 1.0), ("is", 0.5)]),
    ('ø', &[("da", 1.0), ("nb", 1.0)]),
    ('ł', &[("pl", 1.5)]),
    ('ś', &[("pl", 1.2)]),
    ('ź', &[("pl", 1.2)]),
    ('ż', &[("pl", 1.0), ("mt", 0.6)]),
    ('ń', &[("pl", 1.2)]),
    ('ą', &[("pl", 0.8), ("lt", 0.6)]),
    ('ę', &[("pl", 0.8), ("lt", 0.6)]),
    ('ć', &[("pl", 0.6), ("hr", 0.6), ("bs", 0.6), ("sr", 0.5)]),
    ('ř', &[("cs", 1.5)]),
    ('ů', &[("cs", 1.5)]),
    ('ě', &[("cs", 1.5)]),
    ('ď', &[("cs", 0.6), ("sk", 0.6)]),
    ('ť', &[("cs", 0.6), ("sk", 0.6)]),
    ('ň', &[("cs", 0.6), ("sk", 0.6)]),
    ('ľ', &[("sk", 1.5)]),
    ('ĺ', &[("sk", 1.5)]),
    ('ŕ', &[("sk", 1.5)]),
    ('ô', &[("sk", 0.4), ("fr", 0.3), ("pt", 0.3), ("vi", 0.3)]),
    (
        'č',
        &[
            ("cs", 0.3),
            ("sk", 0.3),
            ("sl", 0.4),
            ("hr", 0.4),
            ("bs", 0.4),
            ("sr", 0.3),
            ("lt", 0.3),
            ("lv", 0.3),
        ],
    ),
    (
        'š',
        &[
            ("cs", 0.3),
            ("sk", 0.3),
            ("sl", 0.4),
            ("hr", 0.4),
            ("bs", 0.4),
            ("sr", 0.3),
            ("lt", 0.3),
            ("lv", 0.3),
            ("et", 0.2),
        ],
    ),
    (
        'ž',
        &[
            ("cs", 0.3),
            ("sk", 0.3),
            ("sl", 0.4),
            ("hr", 0.4),
            ("bs", 0.4),
            ("sr", 0.3),
            ("lt", 0.3),
            ("lv", 0.3),
            ("et", 0.2),
        ],
    ),
    ('đ', &[("hr", 0.8), ("bs", 0.8), ("sr", 0.7), ("vi", 0.8)]),
    ('ő', &[("hu", 1.5)]),
    ('ű', &[("hu", 1.5)]),
    ('ğ', &[("tr", 1.2), ("az", 0.8)]),
    ('ı', &[("tr", 1.2), ("az", 0.8)]),
    ('ş', &[("tr", 0.8), ("az", 0.8), ("ro", 0.3)]),
    ('ə', &[("az", 2.0)]),
    ('ș', &[("ro", 1.5)]),
    ('ț', &[("ro", 1.5)]),
    ('ţ', &[("ro", 1.2)]),
    ('ă', &[("ro", 1.2), ("vi", 0.5)]),
    ('î', &[("ro", 0.8), ("fr", 0.3)]),
    (
        'â',
        &[
            ("ro", 0.4),
            ("fr", 0.3),
            ("pt", 0.3),
            ("tr", 0.2),
            ("vi", 0.3),
        ],
    ),
    ('ā', &[("lv", 1.0), ("la", 0.2)]),
    ('ē', &[("lv", 1.2)]),
    ('ī', &[("lv", 1.2)]),
    ('ū', &[("lv", 0.8), ("lt", 0.8)]),
    ('ļ', &[("lv", 1.5)]),
    ('ņ', &[("lv", 1.5)]),
    ('ķ', &[("lv", 1.5)]),
    ('ģ', &[("lv", 1.5)]),
    ('ė', &[("lt", 1.5)]),
    ('į', &[("lt", 1.5)]),
    ('ų', &[("lt", 1.5)]),
    ('ơ', &[("vi", 2.0)]),
    ('ư', &[("vi", 2.0)]),
    ('ĉ', &[("eo", 2.0)]),
    ('ĝ', &[("eo", 2.0)]),
    ('ĥ', &[("eo", 2.0)]),
    ('ĵ', &[("eo", 2.0)]),
    ('ŝ', &[("eo", 2.0)]),
    ('ŭ', &[("eo", 2.0)]),
    ('þ', &[("is", 2.0)]),
    ('ð', &[("is", 1.5)]),
    ('ŵ', &[("cy", 2.0)]),
    ('ŷ', &[("cy", 2.0)]),
    ('ħ', &[("mt", 2.0)]),
    ('ġ', &[("mt", 2.0)]),
    ('ċ', &[("mt", 2.0)]),
    ('ì', &[("it", 0.6)]),
    ('ò', &[("it", 0.4), ("ca", 0.4)]),
    ('è', &[("it", 0.3), ("fr", 0.3), ("ca", 0.3)]),
    ('ù', &[("it", 0.3), ("fr", 0.3)]),
    ('ï', &[("fr", 0.3), ("ca", 0.3), ("nl", 0.2)]),
    ('ê', &[("fr", 0.3), ("pt", 0.3), ("vi", 0.3)]),
    ('û', &[("fr", 0.4)]),
    ('œ', &[("fr", 1.0)]),
    ('à', &[("fr", 0.3), ("it", 0.3), ("ca", 0.3), ("pt", 0.2)]),
    (
        'í',
        &[
            ("es", 0.1),
            ("pt", 0.1),
            ("hu", 0.1),
            ("cs", 0.1),
            ("sk", 0.1),
            ("is", 0.1),
            ("ga", 0.1),
            ("ca", 0.1),
            ("gl", 0.1),
        ],
    ),
    ('ý', &[("cs", 0.5), ("sk", 0.5), ("is", 0.5)]),
    (
        'á',
        &[
            ("es", 0.1),
            ("pt", 0.1),
            ("hu", 0.2),
            ("cs", 0.2),
            ("sk", 0.2),
            ("is", 0.2),
            ("ga", 0.2),
            ("vi", 0.1),
            ("gl", 0.1),
        ],
    ),
    (
        'ó',
        &[
            ("es", 0.1),
            ("pt", 0.1),
            ("hu", 0.1),
            ("pl", 0.2),
            ("ga", 0.1),
            ("is", 0.1),
            ("gl", 0.1),
            ("ca", 0.1),
        ],
    ),
    (
        'ú',
        &[
            ("es", 0.1),
            ("pt", 0.1),
            ("hu", 0.1),
            ("cs", 0.1),
            ("is", 0.1),
            ("ga", 0.1),
            ("gl", 0.1),
        ],
    ),
    (
        'é',
        &[
            ("fr", 0.2),
            ("es", 0.05),
            ("pt", 0.05),
            ("hu", 0.1),
            ("cs", 0.1),
            ("ga", 0.05),
            ("it", 0.05),
            ("ca", 0.05),
        ],
    ),
    // Cyrillic letters that tell the Cyrillic languages apart.
    ('і', &[("uk", 1.0), ("be", 1.0)]),
    ('ї', &[("uk", 2.0)]),
    ('є', &[("uk", 2.0)]),
    ('ґ', &[("uk", 2.0)]),
    ('ў', &[("be", 2.0)]),
    ('ы', &[("ru", 0.6), ("be", 0.6)]),
    ('э', &[("ru", 0.6), ("be", 0.6)]),
    ('ё', &[("ru", 0.6), ("be", 0.6)]),
    ('ъ', &[("bg", 1.0), ("ru", 0.2)]),
    ('щ', &[("ru", 0.3), ("bg", 0.5), ("uk", 0.3)]),
    ('ђ', &[("sr", 2.0)]),
    ('ћ', &[("sr", 2.0)]),
    ('ј', &[("sr", 1.0), ("mk", 1.0)]),
    ('љ', &[("sr", 1.0), ("mk", 1.0)]),
    ('њ', &[("sr", 1.0), ("mk", 1.0)]),
    ('џ', &[("sr", 1.0), ("mk", 1.0)]),
    ('ѓ', &[("mk", 2.0)]),
    ('ќ', &[("mk", 2.0)]),
    ('ѕ', &[("mk", 2.0)]),
    // Arabic script: Persian and Urdu letters, Arabic-only forms.
    ('پ', &[("fa", 1.0), ("ur", 1.0)]),
    ('چ', &[("fa", 1.0), ("ur", 1.0)]),
    ('ژ', &[("fa", 1.5)]),
    ('گ', &[("fa", 1.0), ("ur", 1.0)]),
    ('ک', &[("fa", 0.8), ("ur", 0.8)]),
    ('ی', &[("fa", 0.8), ("ur", 0.6)]),
    ('ة', &[("ar", 1.0)]),
    ('ك', &[("ar", 1.0)]),
    ('ي', &[("ar", 0.8)]),
    ('ى', &[("ar", 0.8)]),
    ('ے', &[("ur", 2.0)]),
    ('ں', &[("ur", 2.0)]),
    ('ٹ', &[("ur", 2.0)]),
    ('ڈ', &[("ur", 2.0)]),
    ('ڑ', &[("ur", 2.0)]),
    ('ھ', &[("ur", 1.5)]),
];

/// Spellings that tell close languages apart: `^x` a word start, `x$` a
/// word end, otherwise anywhere in the word. Applied to the folded words of
/// a window (never on the clean-English fast path).
const HINTS: &[(&str, &[(&str, f32)])] = &[
    // Portuguese / Galician / Spanish
    ("ção", &[("pt", 1.5)]),
    ("ções", &[("pt", 1.5)]),
    ("ões$", &[("pt", 1.0)]),
    ("nh", &[("pt", 0.6)]),
    ("lh", &[("pt", 0.6)]),
    ("ción", &[("es", 0.6), ("gl", 0.6)]),
    ("^xa", &[("gl", 0.8)]),
    ("^xe", &[("gl", 0.8)]),
    ("^xo", &[("gl", 0.6)]),
    ("^xu", &[("gl", 0.6)]),
    ("^unha", &[("gl", 1.5)]),
    ("ll", &[("es", 0.2), ("ca", 0.2), ("cy", 0.3)]),
    ("ny", &[("ca", 0.4), ("hu", 0.4)]),
    ("l·l", &[("ca", 2.0)]),
    ("ix$", &[("ca", 0.6)]),
    ("tz", &[("eu", 0.6), ("de", 0.2)]),
    ("tx", &[("eu", 1.0), ("ca", 0.4)]),
    ("tzen$", &[("eu", 1.0)]),
    ("aren$", &[("eu", 0.8)]),
    ("ean$", &[("eu", 0.8)]),
    ("etan$", &[("eu", 1.0)]),
    ("ko$", &[("eu", 0.3)]),
    // Irish / Welsh
    ("bh", &[("ga", 0.8)]),
    ("mh", &[("ga", 0.8)]),
    ("dh", &[("ga", 0.6)]),
    ("gh", &[("ga", 0.3)]),
    ("aí", &[("ga", 1.0)]),
    ("ao", &[("ga", 0.3), ("pt", 0.2)]),
    ("dd", &[("cy", 0.8)]),
    ("ff", &[("cy", 0.4)]),
    ("wy", &[("cy", 0.8)]),
    ("yw", &[("cy", 0.8)]),
    ("^yn", &[("cy", 0.4)]),
    // Danish / Norwegian / Swedish
    ("hed$", &[("da", 0.8)]),
    ("het$", &[("nb", 0.6), ("sv", 0.4)]),
    ("^ud", &[("da", 0.5)]),
    ("bruger", &[("da", 1.0)]),
    ("bruker", &[("nb", 1.0)]),
    ("^indstil", &[("da", 1.0)]),
    ("^innstil", &[("nb", 1.0)]),
    ("kk", &[("nb", 0.3), ("sv", 0.2), ("fi", 0.2)]),
    ("^å$", &[("nb", 1.5)]), // infinitive marker; Danish writes `at`
    ("^ikkje$", &[("nb", 1.0)]),
    ("^nå$", &[("nb", 1.0)]),
    // Croatian / Bosnian / Serbian (Latin)
    ("^tko$", &[("hr", 1.5)]),
    ("^što$", &[("hr", 1.0)]),
    ("^šta$", &[("bs", 1.0), ("sr", 0.8)]),
    ("^takođe", &[("bs", 1.0), ("sr", 1.0)]),
    ("^također", &[("hr", 1.5)]),
    ("^pogreš", &[("hr", 1.0)]),
    ("^izbornik", &[("hr", 1.0)]),
    ("^pisač", &[("hr", 1.0)]),
    ("^štampač", &[("bs", 0.8), ("sr", 0.8)]),
    ("^hiljad", &[("bs", 1.0), ("sr", 0.8)]),
    ("^tisuć", &[("hr", 1.5)]),
    ("^historij", &[("bs", 1.5)]),
    ("^povijest", &[("hr", 1.5)]),
    ("^istorij", &[("sr", 1.5)]),
    ("^sedmic", &[("bs", 1.0)]),
    ("^tjed", &[("hr", 1.0)]),
    ("dje", &[("hr", 0.2), ("bs", 0.2)]),
    // Standard-variety doublets (Croatian / Bosnian and Serbian): the
    // letters and function words of the three are the same.
    ("^točn", &[("hr", 1.0)]),
    ("^točk", &[("hr", 1.0)]),
    ("^tačn", &[("bs", 1.0), ("sr", 0.8)]),
    ("^tačk", &[("bs", 1.0), ("sr", 0.8)]),
    ("^zaslon", &[("hr", 1.0)]),
    ("^ekran", &[("bs", 0.8), ("sr", 0.8)]),
    ("^postavk", &[("hr", 0.8)]),
    ("^podešavanj", &[("sr", 0.8), ("bs", 0.6)]),
    ("^sučelj", &[("hr", 1.0)]),
    ("^utjec", &[("hr", 1.0)]),
    ("^utječ", &[("hr", 1.0)]),
    ("^uticaj", &[("bs", 0.8), ("sr", 0.8)]),
    ("^utiče", &[("bs", 0.8), ("sr", 0.8)]),
    ("^štamp", &[("bs", 0.8), ("sr", 0.8)]),
    ("^ispis", &[("hr", 0.5)]),
    ("^kojemu$", &[("hr", 0.8)]),
    ("^sljedeć", &[("hr", 0.3), ("bs", 0.3)]),
    ("^gde", &[("sr", 1.0)]),
    // Indonesian / Malay
    ("^karena", &[("id", 1.5)]),
    ("^kerana", &[("ms", 1.5)]),
    ("^bisa", &[("id", 1.0)]),
    ("^boleh", &[("ms", 1.0)]),
    ("^bahwa", &[("id", 1.5)]),
    ("^bahawa", &[("ms", 1.5)]),
    ("^saja$", &[("id", 0.8)]),
    ("^sahaja$", &[("ms", 1.5)]),
    ("^silakan", &[("id", 1.5)]),
    ("^sila$", &[("ms", 1.5)]),
    ("^apakah", &[("id", 0.8)]),
    ("^adakah", &[("ms", 1.5)]),
    ("^ralat", &[("ms", 1.5)]),
    ("^galat", &[("id", 1.5)]),
    ("^baharu", &[("ms", 1.5)]),
    ("^tetingkap", &[("ms", 1.5)]),
    ("^jendela", &[("id", 1.0)]),
    ("^berkas", &[("id", 1.0)]),
    ("^fail$", &[("ms", 1.0)]),
    ("^pelayan", &[("ms", 1.0)]),
    ("^laluan", &[("ms", 1.0)]),
    ("^sandi", &[("id", 1.0)]),
    ("^hapus", &[("id", 0.8)]),
    ("^padam", &[("ms", 0.8)]),
    // Czech / Slovak
    ("ia", &[("sk", 0.2)]),
    ("ie", &[("sk", 0.2), ("pl", 0.1)]),
    ("ou$", &[("cs", 0.4)]),
    ("^nie$", &[("sk", 0.6), ("pl", 0.6)]),
    // Slovene / Croatian
    ("^lahko", &[("sl", 1.5)]),
    ("^datotek", &[("sl", 0.3), ("hr", 0.3), ("bs", 0.3)]),
    ("^ni$", &[("sl", 0.5)]),
    // Dutch / Afrikaans
    ("ij", &[("nl", 0.8)]),
    ("^nie$", &[("af", 0.8)]),
    ("^word$", &[("af", 0.6)]),
    ("^kan nie", &[("af", 1.0)]),
    // Turkish / Azerbaijani
    ("ə", &[("az", 1.0)]),
    ("^bir$", &[("tr", 0.2), ("az", 0.2)]),
];

/// Close languages whatlang does not know (or confuses): its answer for the
/// first is also evidence, weaker, for the others.
const SIBLINGS: &[(&str, &[(&str, f32)])] = &[
    // Bosnian sits between Croatian and Serbian and whatlang never answers
    // it: a share above the other sibling's would let it collect from both
    // answers and win without evidence of its own.
    ("hr", &[("bs", 0.45), ("sr", 0.5)]),
    ("sr", &[("bs", 0.45), ("hr", 0.5)]),
    ("id", &[("ms", 0.9)]),
    ("pt", &[("gl", 0.7)]),
    ("es", &[("gl", 0.6), ("ca", 0.3)]),
    ("da", &[("nb", 0.6)]),
    ("nb", &[("da", 0.6)]),
    ("tr", &[("az", 0.4)]),
    ("ru", &[("be", 0.3), ("uk", 0.3), ("bg", 0.3)]),
    ("bg", &[("mk", 0.7)]),
    ("fa", &[("ur", 0.5)]),
    ("nl", &[("af", 0.5)]),
];

/// Scores of every language of the lexicon for one window.
pub struct Scores {
    pub by_lang: Vec<f32>,
    /// Index of English (a trigram profile only): scored, never a label.
    english: Option<usize>,
}

impl Scores {
    pub fn new(lex: &Lexicons) -> Self {
        Scores {
            by_lang: vec![0.0; lex.langs.len()],
            english: lex.en,
        }
    }

    /// A function word found in the languages of `set`. A word shared by
    /// many languages (`de`, `a`, `i`) says less about each of them.
    pub fn add_stopword(&mut self, set: LangSet) {
        self.add_shared(set, 1.0);
    }

    /// `weight` shared among the languages of `set`.
    fn add_shared(&mut self, set: LangSet, weight: f32) {
        let k = set.count_ones();
        if k == 0 {
            return;
        }
        let w = weight / (1.0 + 0.15 * (k as f32 - 1.0));
        for (i, s) in self.by_lang.iter_mut().enumerate() {
            if set & (1 << i) != 0 {
                *s += w;
            }
        }
    }

    /// A common word (`data/remnant/common_words.txt`) of the languages of
    /// `set`, weighted like a function word.
    pub fn add_common(&mut self, set: LangSet, weight: f32) {
        self.add_shared(set, weight);
    }

    /// The distinctive letters of one folded word (each letter counted once
    /// per word).
    pub fn add_letters(&mut self, lex: &Lexicons, folded: &str) {
        let mut seen: [char; 8] = ['\0'; 8];
        let mut n = 0;
        for c in folded.chars().filter(|c| !c.is_ascii()) {
            if seen[..n].contains(&c) {
                continue;
            }
            if n < seen.len() {
                seen[n] = c;
                n += 1;
            }
            if let Some((_, langs)) = LETTERS.iter().find(|(l, _)| *l == c) {
                for (code, w) in langs.iter() {
                    if let Some(i) = lex.lang_idx(code) {
                        self.by_lang[i] += w;
                    }
                }
            }
        }
    }

    pub fn add(&mut self, lex: &Lexicons, code: &str, w: f32) {
        if let Some(i) = lex.lang_idx(code) {
            self.by_lang[i] += w;
        }
    }

    /// whatlang's answer: `w` for its language, a share for the close
    /// languages it does not know or confuses with it.
    pub fn add_guess(&mut self, lex: &Lexicons, code: &str, w: f32) {
        self.add(lex, code, w);
        if let Some((_, sibs)) = SIBLINGS.iter().find(|(c, _)| *c == code) {
            for (s, share) in sibs.iter() {
                self.add(lex, s, w * share);
            }
        }
    }

    /// The character-trigram profiles (`data/remnant/trigrams.txt`) on the
    /// folded words of a window: each language with a profile gets up to
    /// `weight`, less the further its mean log probability per trigram
    /// falls behind the best one.
    ///
    /// Returns the language whose profile fits best (English included).
    pub fn add_trigrams<'a>(
        &mut self,
        lex: &Lexicons,
        words: impl Iterator<Item = &'a str>,
        weight: f32,
    ) -> Option<usize> {
        let n_langs = lex.langs.len();
        let mut delta = vec![0.0f32; n_langs];
        let mut n = 0usize;
        let mut chars: Vec<char> = Vec::new();
        for w in words {
            chars.clear();
            chars.push(' ');
            chars.extend(w.chars());
            chars.push(' ');
            for t in chars.windows(3) {
                n += 1;
                if let Some(hits) = lex
                    .trigrams
                    .get(&super::lexicon::trigram_key(t[0], t[1], t[2]))
                {
                    for &(i, lp) in hits {
                        if let Some(floor) = lex.trigram_floor[i as usize] {
                            delta[i as usize] += lp - floor;
                        }
                    }
                }
            }
        }
        if n == 0 {
            return None;
        }
        // Mean gain over the floor per trigram; languages with no hit get
        // nothing, so that a window no profile knows moves no score.
        let gain: Vec<f32> = delta.iter().map(|d| d / n as f32).collect();
        let best = gain.iter().copied().fold(0.0f32, f32::max);
        if best <= 0.0 {
            return None;
        }
        let mut top = None;
        for (i, &g) in gain.iter().enumerate() {
            if g > 0.0 {
                self.by_lang[i] += weight * (-(best - g) * 4.0).exp();
                if g == best {
                    top = Some(i);
                }
            }
        }
        top
    }

    /// Spelling hints ([`HINTS`]) of one folded word.
    pub fn add_hints(&mut self, lex: &Lexicons, folded: &str) {
        for (pat, langs) in HINTS {
            let hit = match (pat.strip_prefix('^'), pat.strip_suffix('$')) {
                (Some(p), _) if p.ends_with('$') => folded == &p[..p.len() - 1],
                (Some(p), _) => folded.starts_with(p),
                (None, Some(p)) => folded.ends_with(p),
                (None, None) => folded.contains(pat),
            };
            if hit {
                for (code, w) in langs.iter() {
                    self.add(lex, code, *w);
                }
            }
        }
    }

    /// The best language and its score; ties go to the language listed
    /// first in the stopword file (the more common one).
    pub fn best(&self) -> Option<(usize, f32)> {
        self.best_in(LangSet::MAX)
    }

    /// [`Scores::best`] among the languages of `set`.
    pub fn best_in(&self, set: LangSet) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (i, &s) in self.by_lang.iter().enumerate() {
            if set & (1 << i) != 0
                && Some(i) != self.english
                && s > 0.0
                && best.is_none_or(|(_, b)| s > b)
            {
                best = Some((i, s));
            }
        }
        best
    }
}

/// The English name of a language, for messages.
pub fn language_name(code: &str) -> &'static str {
    match code {
        "sq" => "Albanian",
        "es" => "Spanish",
        "fr" => "French",
        "de" => "German",
        "it" => "Italian",
        "pt" => "Portuguese",
        "nl" => "Dutch",
        "sv" => "Swedish",
        "da" => "Danish",
        "nb" => "Norwegian",
        "fi" => "Finnish",
        "pl" => "Polish",
        "cs" => "Czech",
        "sk" => "Slovak",
        "sl" => "Slovenian",
        "hr" => "Croatian",
        "bs" => "Bosnian",
        "sr" => "Serbian",
        "hu" => "Hungarian",
        "ro" => "Romanian",
        "tr" => "Turkish",
        "lt" => "Lithuanian",
        "lv" => "Latvian",
        "et" => "Estonian",
        "vi" => "Vietnamese",
        "id" => "Indonesian",
        "ms" => "Malay",
        "tl" => "Tagalog",
        "ca" => "Catalan",
        "gl" => "Galician",
        "eu" => "Basque",
        "ga" => "Irish",
        "cy" => "Welsh",
        "af" => "Afrikaans",
        "is" => "Icelandic",
        "sw" => "Swahili",
        "az" => "Azerbaijani",
        "uz" => "Uzbek",
        "eo" => "Esperanto",
        "la" => "Latin",
        "mt" => "Maltese",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "be" => "Belarusian",
        "bg" => "Bulgarian",
        "mk" => "Macedonian",
        "el" => "Greek",
        "ar" => "Arabic",
        "fa" => "Persian",
        "ur" => "Urdu",
        "he" => "Hebrew",
        "hi" => "Hindi",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "th" => "Thai",
        "ka" => "Georgian",
        "hy" => "Armenian",
        "bn" => "Bengali",
        "mr" => "Marathi",
        "ne" => "Nepali",
        "ta" => "Tamil",
        "te" => "Telugu",
        "kn" => "Kannada",
        "ml" => "Malayalam",
        "gu" => "Gujarati",
        "pa" => "Punjabi",
        "or" => "Odia",
        "si" => "Sinhala",
        "my" => "Burmese",
        "km" => "Khmer",
        "am" => "Amharic",
        "yi" => "Yiddish",
        "jv" => "Javanese",
        "tk" => "Turkmen",
        "ak" => "Akan",
        "zu" => "Zulu",
        "sn" => "Shona",
        "en" => "English",
        _ => "foreign-language",
    }
}

/// whatlang's answer on `text`, as an ISO 639-1 code and a confidence.
pub fn whatlang_guess(text: &str) -> Option<(&'static str, f64)> {
    let info = whatlang::detect(text)?;
    Some((iso639_1(info.lang()), info.confidence()))
}

/// The language a script implies when nothing else can tell.
pub fn script_default(script: whatlang::Script) -> Option<&'static str> {
    use whatlang::Script as S;
    Some(match script {
        S::Arabic => "ar",
        S::Armenian => "hy",
        S::Bengali => "bn",
        S::Cyrillic => "ru",
        S::Devanagari => "hi",
        S::Ethiopic => "am",
        S::Georgian => "ka",
        S::Greek => "el",
        S::Gujarati => "gu",
        S::Gurmukhi => "pa",
        S::Hangul => "ko",
        S::Hebrew => "he",
        S::Hiragana | S::Katakana => "ja",
        S::Kannada => "kn",
        S::Khmer => "km",
        S::Malayalam => "ml",
        S::Mandarin => "zh",
        S::Myanmar => "my",
        S::Oriya => "or",
        S::Sinhala => "si",
        S::Tamil => "ta",
        S::Telugu => "te",
        S::Thai => "th",
        S::Latin => return None,
    })
}

/// ISO 639-1 code of a whatlang language.
pub fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang as L;
    match lang {
        L::Epo => "eo",
        L::Eng => "en",
        L::Rus => "ru",
        L::Cmn => "zh",
        L::Spa => "es",
        L::Por => "pt",
        L::Ita => "it",
        L::Ben => "bn",
        L::Fra => "fr",
        L::Deu => "de",
        L::Ukr => "uk",
        L::Kat => "ka",
        L::Ara => "ar",
        L::Hin => "hi",
        L::Jpn => "ja",
        L::Heb => "he",
        L::Yid => "yi",
        L::Pol => "pl",
        L::Amh => "am",
        L::Jav => "jv",
        L::Kor => "ko",
        L::Nob => "nb",
        L::Dan => "da",
        L::Swe => "sv",
        L::Fin => "fi",
        L::Tur => "tr",
        L::Nld => "nl",
        L::Hun => "hu",
        L::Ces => "cs",
        L::Ell => "el",
        L::Bul => "bg",
        L::Bel => "be",
        L::Mar => "mr",
        L::Kan => "kn",
        L::Ron => "ro",
        L::Slv => "sl",
        L::Hrv => "hr",
        L::Srp => "sr",
        L::Mkd => "mk",
        L::Lit => "lt",
        L::Lav => "lv",
        L::Est => "et",
        L::Tam => "ta",
        L::Vie => "vi",
        L::Urd => "ur",
        L::Tha => "th",
        L::Guj => "gu",
        L::Uzb => "uz",
        L::Pan => "pa",
        L::Aze => "az",
        L::Ind => "id",
        L::Tel => "te",
        L::Pes => "fa",
        L::Mal => "ml",
        L::Ori => "or",
        L::Mya => "my",
        L::Nep => "ne",
        L::Sin => "si",
        L::Khm => "km",
        L::Tuk => "tk",
        L::Aka => "ak",
        L::Zul => "zu",
        L::Sna => "sn",
        L::Afr => "af",
        L::Lat => "la",
        L::Slk => "sk",
        L::Cat => "ca",
        L::Tgl => "tl",
        L::Hye => "hy",
        L::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_table_has_no_repeats_and_names_known_languages() {
        let lex = Lexicons::get();
        for (i, (c, langs)) in LETTERS.iter().enumerate() {
            assert!(!LETTERS[..i].iter().any(|(d, _)| d == c), "{c} twice");
            for (code, _) in langs.iter() {
                assert!(lex.lang_idx(code).is_some(), "{code} has no stopword list");
            }
        }
    }

    #[test]
    fn hints_and_siblings_name_known_languages() {
        let lex = Lexicons::get();
        for (pat, langs) in HINTS.iter().chain(SIBLINGS.iter()) {
            for (code, _) in langs.iter() {
                assert!(lex.lang_idx(code).is_some(), "{pat}: {code} unknown");
            }
        }
        let mut s = Scores::new(lex);
        s.add_hints(lex, "å");
        assert_eq!(s.best().map(|(i, _)| lex.lang_code(i)), Some("nb"));
    }

    #[test]
    fn english_is_scored_but_never_a_label() {
        let lex = Lexicons::get();
        let mut s = Scores::new(lex);
        let words = [
            "the",
            "government",
            "has",
            "not",
            "taken",
            "any",
            "decision",
        ];
        let top = s.add_trigrams(lex, words.iter().copied(), 2.0);
        assert_eq!(top, lex.en);
        assert_ne!(s.best().map(|(i, _)| lex.lang_code(i)), Some("en"));
    }

    #[test]
    fn albanian_letters_and_words_win() {
        let lex = Lexicons::get();
        let mut s = Scores::new(lex);
        for w in ["lini", "një", "përgjigje"] {
            s.add_stopword(lex.stop(w));
            s.add_letters(lex, w);
        }
        let (best, _) = s.best().unwrap();
        assert_eq!(lex.lang_code(best), "sq");
    }
}
