//! Typography: the marks scrapers and machine translation leave in otherwise
//! fluent English — a hyphen split from its compound (`high -level`), a space
//! before a comma or missing after one, a doubled word or comma, `a` before a
//! vowel sound (`a “error”`), quotation marks that are unbalanced, turned the
//! wrong way, mixed or French (`« »`), brackets unbalanced or padded.
//!
//! Each rule is a function over one paragraph (quotes may continue into the
//! next one, news style). Rules that could misread another language's
//! function words (`a`, `an`, doubled words, French spacing) first ask
//! whether the sentence is English: a list of function words decides plain
//! cases, whatlang the rest (it is the slowest part, so only asked when a
//! rule is about to fire).
//!
//! The logic is code because each rule needs context a word pattern cannot
//! express (which quote is open, how an initialism is read aloud). Codes
//! TY001..TY099 are these rules; TY1xx belong to the data pack (proper nouns
//! in lower case and the like).
//!
//! Every finding's span covers the text the suggestion replaces, so that
//! `suggestion` is always the corrected text of `text`.

use std::ops::Range;

use crate::checks::{Check, StaticRule};
use crate::document::Document;
use crate::finding::{CheckKind, Finding, Severity};
use crate::text::{self, Word};

pub const RULES: &[StaticRule] = &[
    StaticRule {
        code: "TY001",
        severity: Severity::Warning,
        safe_fix: true,
        summary: "Hyphenated compound split by a space (`high -level`, `high- level`)",
        explanation: "A space on one side of a hyphen inside a compound is left by scrapers and \
            machine translation: `high -level` should read `high-level`. A hyphen with spaces on \
            both sides is a dash and is left alone, as are negative numbers and ranges of numbers \
            (`2020 -2022` is ambiguous between a range and a minus sign, so it is not flagged), \
            list bullets at the start of a line, suspended hyphens (`pre- and post-war`), \
            command-line flags (`mkdir -p`), a dash pair whose inner spaces are missing \
            (`Medvedev -the former president- said`) and hyphens next to function words \
            (`said -and`).",
        fires: &[
            "The lack of high -level representation.",
            "They sent a low -level delegation.",
            "A long- term plan was agreed.",
        ],
        passes: &[
            "Kiev - a sign of strategic engagement - was named.",
            "Temperatures fell to -5 overnight.",
            "It ran from 2020 -2022 in two phases.",
            "Both pre- and post-war records survive.",
            "- a list item",
        ],
    },
    StaticRule {
        code: "TY002",
        severity: Severity::Warning,
        safe_fix: true,
        summary: "Space before punctuation (`word ,`)",
        explanation: "English puts no space before a comma, period, semicolon, colon, question \
            or exclamation mark; a space there is usually an artifact of tokenised machine \
            translation or French typography. Ellipses (` ...`), file extensions and decimals \
            (` .com`, ` .5`) and scores (`2 : 1`) are not flagged.",
        fires: &[
            "The minister said , however, that talks would go on.",
            "Who will pay ?",
            "There were three options : war, talks or waiting.",
        ],
        passes: &[
            "The minister said, however, that talks would go on.",
            "And then ... nothing.",
            "Visit the site at example .com for more.",
            "The match ended 2 : 1 after extra time.",
        ],
    },
    StaticRule {
        code: "TY003",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Doubled word (`the the`)",
        explanation: "The same word twice in a row, with only white space between, is almost \
            always an editing or translation slip. Grammatical doubles (`had had`, `that that`, \
            `is is` after a clause such as `what it is`) and emphatic ones (`very very`) are \
            allowed, as are names written twice (`Bora Bora`), words separated by punctuation \
            (`no, no`), and sentences that are not English.",
        fires: &[
            "He met the the president on Friday.",
            "The the talks failed.",
            "It was a a mistake.",
        ],
        passes: &[
            "He had had enough of the talks.",
            "He said that that was the end.",
            "What it is is a trap.",
            "They flew to Bora Bora for the summit.",
            "No, no, he said.",
        ],
    },
    StaticRule {
        code: "TY004",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "`a` before a vowel sound (`a error` → `an error`)",
        explanation: "The indefinite article is `an` before a vowel sound. What counts is the \
            sound, not the letter: `a European`, `a one-off`, `a union`, `a U.S. official` are \
            right, and so is `an hour`. Initialisms are read letter by letter (`an FBI agent`, \
            `an MP`), acronyms read as words keep their first sound (`a NATO summit`), and so \
            do single letters (`an x`, `an F-16`) and numbers (`an 18-year-old`, `an 8`). Words \
            whose first sound varies by speaker (`a/an historic`, `herb`, `hotel`) and words \
            in capitals that may be emphasis rather than initialisms (`a LOT`) are not \
            flagged, nor are the letter `A` (`Plan A`, `A and B`) and sentences that are not \
            English (a Spanish `a` preposition). The span covers the article and the next \
            word, with its quotes; the suggestion is that text corrected.",
        fires: &[
            "Rutte sees a “error” in the delegation.",
            "It took a hour to arrive.",
            "He is a honest broker.",
            "She met a FBI agent.",
            "It was a 18-year-old conscript.",
        ],
        passes: &[
            "He is a European diplomat.",
            "It was a one-off meeting.",
            "A union and a university signed.",
            "A U.S. official and a NATO summit.",
            "A unique and useful tool, a once-secret plan, a eulogy.",
            "It was a historic day.",
        ],
    },
    StaticRule {
        code: "TY005",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "`an` before a consonant sound (`an union` → `a union`)",
        explanation: "The indefinite article is `a` before a consonant sound, including the \
            `you` sound of `union` or `European` and the `w` sound of `one`. Initialisms follow \
            their letter names: `an NGO` is right, `an NATO summit` is not.",
        fires: &[
            "They formed an union of states.",
            "He bought an house in Lagos.",
            "It was an European initiative.",
            "They held an NATO summit.",
        ],
        passes: &[
            "They formed an alliance.",
            "She is an FBI agent and an MP.",
            "It took an hour.",
            "It was an historic day.",
        ],
    },
    StaticRule {
        code: "TY006",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Curly quotation mark turned the wrong way",
        explanation: "An opening quote `“` where the quotation closes (`we will get it, “Trump \
            said`), or a closing quote `”` where one opens, usually from machine translation \
            that re-types the marks. The suggestion turns the mark (and moves the space that \
            went with it).",
        fires: &[
            "“We will get it, “Trump said.",
            "He called it a “deal“ and left.",
            "He called it a ”deal” and left.",
        ],
        passes: &[
            "“We will get it,” Trump said.",
            "He called it a “deal” and left.",
        ],
    },
    StaticRule {
        code: "TY007",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Unbalanced curly quotation marks in a paragraph",
        explanation: "An opening quote `“` that is never closed, or a closing quote `”` with no \
            opening one. In news style a quotation that runs over several paragraphs leaves \
            each paragraph open and opens the next one again; that is not flagged.",
        fires: &[
            "He said “we will stay and then left.",
            "He said we will stay” and then left.",
        ],
        passes: &[
            "He said “we will stay” and then left.",
            "“We will stay until the end.\n\n“And we will win,” he said.",
        ],
    },
    StaticRule {
        code: "TY008",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Odd number of straight double quotes in a paragraph",
        explanation: "Straight quotes `\"` come in pairs; an odd count means one is missing or \
            stray. Inch marks after a number (`a 12\" screen`) are not counted, and a paragraph \
            that leaves a quotation open for the next one to continue is not flagged.",
        fires: &["Putin praised the \"realistic peace process and left."],
        passes: &[
            "Putin praised the \"realistic\" peace process.",
            "He bought a 12\" screen.",
            "\"We will stay until the end.\n\n\"And we will win,\" he said.",
        ],
    },
    StaticRule {
        code: "TY009",
        severity: Severity::Info,
        safe_fix: false,
        summary: "Straight and curly double quotes mixed in one paragraph",
        explanation: "A paragraph that uses both `\"` and `“ ”` was assembled from sources with \
            different conventions (or edited by hand after translation). The suggestion is the \
            minority mark in the paragraph's majority style.",
        fires: &["He said “yes” and she said \"no\" to the plan."],
        passes: &[
            "He said “yes” and she said “no” to the plan.",
            "He said \"yes\" and she said \"no\" to the plan.",
        ],
    },
    StaticRule {
        code: "TY010",
        severity: Severity::Warning,
        safe_fix: true,
        summary: "Missing space after punctuation (`war.The`, `Moscow,but`)",
        explanation: "Two words glued by a period, comma, colon, semicolon, question or \
            exclamation mark, as scrapers leave them when they join lines or paragraphs. A period \
            counts only before a capitalised word (`war.The`), so domain names, file names and \
            initialisms (`example.com`, `report.PDF`, `U.S.`, `ASP.NET`) pass, as do numbers \
            (`10:30`, `3,5`) and addresses (`press@ministry.gov.ua`).",
        fires: &[
            "The talks ended on the war.The president left.",
            "The offer was made to Moscow,but it was rejected.",
        ],
        passes: &[
            "Read more at www.example.com today.",
            "The U.S. and ASP.NET at 10:30.",
            "Write to press@ministry.gov.ua now.",
        ],
    },
    StaticRule {
        code: "TY011",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Guillemets in English text (`«pistol»` → `“pistol”`)",
        explanation: "English quotes with `“ ”`; guillemets `« »` are left by translation from \
            French, Italian, Spanish, Russian or Ukrainian. A pair is reported once, with the \
            inner spaces of French typography removed in the suggestion; paragraphs that are not \
            English are skipped.",
        fires: &[
            "Taking away the «pistol» it carries.",
            "He called it « a farce » and left.",
        ],
        passes: &["Taking away the “pistol” it carries."],
    },
    StaticRule {
        code: "TY012",
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Unbalanced brackets in a paragraph",
        explanation: "An opening `(` or `[` never closed in its paragraph, or a closing one with \
            no opening: often an acronym whose bracket was lost in translation (`(EPC met`). \
            List markers (`a)`, `1)`, `ii)`) and emoticons (`:)`) are not counted.",
        fires: &["The European Political Community (EPC met in Tirana."],
        passes: &[
            "The European Political Community (EPC) met in Tirana.",
            "The options were: a) talks, b) sanctions.",
        ],
    },
    StaticRule {
        code: "TY013",
        severity: Severity::Warning,
        safe_fix: true,
        summary: "Space inside brackets (`( CPE )` → `(CPE)`)",
        explanation: "A space after an opening bracket or before a closing one, as tokenised \
            machine translation leaves it. Empty brackets (`( )`) are left alone.",
        fires: &[
            "The political community ( CPE) met.",
            "The political community (CPE ) met.",
        ],
        passes: &[
            "The political community (CPE) met.",
            "Fill in the box ( ) below.",
        ],
    },
    StaticRule {
        code: "TY014",
        severity: Severity::Warning,
        safe_fix: true,
        summary: "Doubled comma or period (`,,`, `Friday..`)",
        explanation: "Two commas or exactly two periods in a row, left when an edit or a \
            scraper joins two pieces of text. An ellipsis (three or more periods), a relative \
            path (`../`) and emphatic `!!` or `?!` are not flagged.",
        fires: &[
            "The talks,, which began on Monday, ended.",
            "The talks ended on Friday..",
        ],
        passes: &[
            "The talks ended... and resumed.",
            "See ../docs for details.",
        ],
    },
];

/// The typography check. It has no options: every rule runs, each decides on
/// its own context.
#[derive(Debug, Clone, Default)]
pub struct Typography {
    _private: (),
}

impl Typography {
    pub fn new() -> Self {
        Typography::default()
    }
}

impl Check for Typography {
    fn kind(&self) -> CheckKind {
        CheckKind::Typography
    }

    fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        for (i, para) in doc.paragraphs.iter().enumerate() {
            let next = doc.paragraphs.get(i + 1).map(|r| &doc.text[r.clone()]);
            hyphen_spacing(doc, para.clone(), out);
            // Two rules at the same marks: the paragraph is scanned once.
            for (off, c) in marks(&doc.text[para.clone()], PUNCTUATION) {
                space_before_punctuation(doc, para.clone(), off, c, out);
                glued_punctuation(doc, para.clone(), off, c, out);
            }
            let words: Vec<Word> = doc.words_in(para.clone()).collect();
            doubled_words(doc, &words, out);
            articles(doc, &words, out);
            doubled_punctuation(doc, para.clone(), out);
            guillemets(doc, para.clone(), out);
            brackets(doc, para.clone(), out);
            curly_quotes(doc, para.clone(), next, out);
            straight_quotes(doc, para.clone(), next, out);
        }
    }
}

fn finding(doc: &Document, r: Range<usize>, code: &str, sev: Severity, msg: &str) -> Finding {
    doc.finding(r, CheckKind::Typography, code, sev, msg)
}

/// Byte offsets of the given marks in `s`, scanning bytes rather than
/// decoding characters: a mark's first byte is looked for, then the rest of
/// its encoding compared. Most paragraphs have few marks, and every rule
/// scans every paragraph.
fn marks<'a>(s: &'a str, set: &'a [char]) -> impl Iterator<Item = (usize, char)> + 'a {
    let b = s.as_bytes();
    let mut firsts = [false; 256];
    // The distinct first bytes, as far as six: up to three per vectorised
    // search (memchr3), two searches side by side; more go through a table,
    // byte by byte.
    let (mut distinct, mut n) = ([0u8; 6], 0);
    for c in set {
        let mut buf = [0u8; 4];
        let first = c.encode_utf8(&mut buf).as_bytes()[0];
        if !firsts[first as usize] {
            firsts[first as usize] = true;
            if n < distinct.len() {
                distinct[n] = first;
            }
            n += 1;
        }
    }
    let three = |g: &[u8]| match *g {
        [x] => Some([x, x, x]),
        [x, y] => Some([x, y, y]),
        [x, y, z] => Some([x, y, z]),
        _ => None,
    };
    let searches = (n <= distinct.len())
        .then(|| [three(&distinct[..n.min(3)]), three(&distinct[n.min(3)..n])]);
    // The next hit of a search at or after `from` (usize::MAX: none).
    let find = move |g: Option<[u8; 3]>, from: usize| match g {
        Some([x, y, z]) => memchr::memchr3(x, y, z, &b[from..]).map_or(usize::MAX, |i| from + i),
        None => usize::MAX,
    };
    // Each search's next hit, kept until the scan passes it.
    let mut next = searches.map(|g| [find(g[0], 0), find(g[1], 0)]);
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let i = match (&mut next, searches) {
            (Some(next), Some(g)) => {
                for k in 0..2 {
                    if next[k] < at {
                        next[k] = find(g[k], at);
                    }
                }
                match next[0].min(next[1]) {
                    usize::MAX => return None,
                    i => i,
                }
            }
            _ => at + b[at..].iter().position(|&x| firsts[x as usize])?,
        };
        at = i + 1;
        // A first byte of a mark starts a character.
        let c = s[i..].chars().next()?;
        if set.contains(&c) {
            return Some((i, c));
        }
    })
}

/// Length in bytes of the character at byte `i`.
fn char_len_at(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(1, char::len_utf8)
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn next_char(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Horizontal white space: a line break is never part of these artifacts.
fn is_hspace(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Start of the run of word characters that ends at `end`.
fn word_start_before(text: &str, lo: usize, end: usize) -> usize {
    let mut s = end;
    for (i, c) in text[lo..end].char_indices().rev() {
        if text::is_word_char(c) {
            s = lo + i;
        } else {
            break;
        }
    }
    s
}

/// End of the run of word characters (and inner hyphens) that starts at `start`.
fn word_end_after(text: &str, start: usize, hi: usize) -> usize {
    text::words(&text[start..hi], start)
        .next()
        .filter(|w| w.start == start)
        .map_or(start, |w| w.end)
}

/// Words that a hyphenated compound never has on either side; a hyphen next
/// to them is a dash with a missing space.
const NOT_COMPOUND: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "to", "of", "in", "on", "at", "by", "for", "he",
    "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "is", "was", "are",
    "were", "as", "with", "from",
];

/// Words after a suspended hyphen: `pre- and post-war`, `short- to medium-term`.
const SUSPENDED_NEXT: &[&str] = &["and", "or", "to", "nor", "through", "versus", "vs", "und"];

fn hyphen_spacing(doc: &Document, para: Range<usize>, out: &mut Vec<Finding>) {
    let t = &doc.text;
    if dash_pair(&t[para.clone()]) {
        return;
    }
    for (off, c) in marks(&t[para.clone()], &['-', '\u{2010}', '\u{2011}']) {
        let pos = para.start + off;
        let after = pos + c.len_utf8();
        let (Some(p), Some(n)) = (prev_char(t, pos), next_char(t, after)) else {
            continue;
        };
        if pos == para.start {
            continue;
        }
        // `high -level`: space(s) before, a letter right after.
        if is_hspace(p) && n.is_alphabetic() {
            let space_start = t[para.start..pos].trim_end_matches(is_hspace).len() + para.start;
            let Some(lc) = prev_char(t, space_start) else {
                continue;
            };
            if space_start == para.start || !lc.is_alphabetic() {
                continue;
            }
            let left = word_start_before(t, para.start, space_start)..space_start;
            let right = after..word_end_after(t, after, para.end);
            if compound_parts_ok(&t[left.clone()], &t[right.clone()]) {
                report_hyphen(doc, left, right, c, out);
            }
        }
        // `high- level`: a letter right before, space(s) after.
        else if p.is_alphabetic() && is_hspace(n) {
            let rstart = after
                + (t[after..para.end].len()
                    - t[after..para.end].trim_start_matches(is_hspace).len());
            if !next_char(t, rstart).is_some_and(char::is_alphabetic) {
                continue;
            }
            let left = word_start_before(t, para.start, pos)..pos;
            // The word before may itself be a compound (`well-known- ish`);
            // take the whole token.
            let right = rstart..word_end_after(t, rstart, para.end);
            let rw = text::fold(&t[right.clone()]);
            let first_right = rw.split(['-', ' ']).next().unwrap_or("");
            if SUSPENDED_NEXT.contains(&first_right) {
                continue;
            }
            if compound_parts_ok(&t[left.clone()], &t[right.clone()]) {
                report_hyphen(doc, left, right, c, out);
            }
        }
    }
}

/// A dash pair with the inner spaces missing, ` -the former president- `:
/// a hyphen after a space and a later one before a space in the same
/// paragraph. Neither is a split compound.
fn dash_pair(para: &str) -> bool {
    let b = para.as_bytes();
    let mut hyphens = memchr::memchr_iter(b'-', b).filter(|&i| i >= 1 && i + 1 < b.len());
    let opener = hyphens
        .by_ref()
        .find(|&i| b[i - 1] == b' ' && b[i + 1].is_ascii_alphabetic());
    opener.is_some_and(|o| {
        hyphens.any(|i| i >= o + 2 && b[i + 1] == b' ' && b[i - 1].is_ascii_alphabetic())
    })
}

fn compound_parts_ok(left: &str, right: &str) -> bool {
    if left.is_empty() || right.is_empty() {
        return false;
    }
    let l = text::fold(left);
    let r = text::fold(right);
    let r_first = r.split('-').next().unwrap_or("");
    let digits = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    // `vim -g`, `mkdir -p`: a single letter after the hyphen is a flag.
    r_first.chars().count() > 1
        && !digits(&l)
        && !digits(r_first)
        && !NOT_COMPOUND.contains(&l.as_str())
        && !NOT_COMPOUND.contains(&r_first)
}

fn report_hyphen(
    doc: &Document,
    left: Range<usize>,
    right: Range<usize>,
    hyphen: char,
    out: &mut Vec<Finding>,
) {
    let t = &doc.text;
    let suggestion = format!("{}{}{}", &t[left.clone()], hyphen, &t[right.clone()]);
    out.push(
        finding(
            doc,
            left.start..right.end,
            "TY001",
            Severity::Warning,
            "A space splits this hyphenated compound; join it.",
        )
        .with_suggestion(suggestion)
        .with_score(0.9),
    );
}

/// The marks that TY002 and TY010 look at.
const PUNCTUATION: &[char] = &[',', ';', ':', '!', '?', '.'];

/// TY002 at one punctuation mark (`off` in the paragraph).
fn space_before_punctuation(
    doc: &Document,
    para: Range<usize>,
    off: usize,
    c: char,
    out: &mut Vec<Finding>,
) {
    let t = &doc.text;
    let pos = para.start + off;
    let after = pos + 1;
    if !prev_char(t, pos).is_some_and(is_hspace) {
        return;
    }
    let space_start = t[para.start..pos].trim_end_matches(is_hspace).len() + para.start;
    if space_start == para.start {
        return;
    }
    let n = next_char(t, after);
    let n2 = n.and_then(|n| next_char(t, after + n.len_utf8()));
    match c {
        // Ellipsis, `.com`, `.5`, `.NET`.
        '.' if n.is_some_and(|n| n == '.' || text::is_word_char(n)) => return,
        // A second punctuation mark follows: ` ?!`, ` ..`; report once.
        _ if prev_char(t, space_start).is_some_and(|p| PUNCTUATION.contains(&p)) => return,
        // Emoticons and scores: ` :)`, `2 : 1`.
        ':' | ';' if n.is_some_and(|n| matches!(n, ')' | '(' | 'D' | 'P' | '-')) => return,
        // A spaced ellipsis, `. . .`.
        '.' if n.is_some_and(is_hspace) && n2 == Some('.') => return,
        ':' if n.is_some_and(is_hspace)
            && n2.is_some_and(|d| d.is_ascii_digit())
            && prev_char(t, space_start).is_some_and(|d| d.is_ascii_digit()) =>
        {
            return
        }
        _ => {}
    }
    // Glued punctuation such as ` ,word` is a different artifact (and
    // often a list); require a space, a quote, a bracket or the end.
    if n.is_some_and(|n| n.is_alphanumeric()) {
        return;
    }
    let lead = t[para.start..space_start]
        .rfind(char::is_whitespace)
        .map_or(para.start, |i| {
            para.start + i + char_len_at(t, para.start + i)
        });
    let token = &t[lead..space_start];
    // A lone dash or bullet before the space is not a word; French
    // puts a space before `:;?!` and a French remnant is not our case.
    if !token.chars().any(char::is_alphanumeric) || !english_context(doc, pos) {
        return;
    }
    out.push(
        finding(
            doc,
            lead..after,
            "TY002",
            Severity::Warning,
            &format!("Remove the space before `{c}`."),
        )
        .with_suggestion(format!("{token}{c}"))
        .with_score(0.9),
    );
}

/// Doubles that are grammatical or conventional.
const DOUBLE_OK: &[&str] = &[
    "had", "that", "do", "does", "did", "very", "so", "bye", "ha", "haha", "no", "knock", "tut",
    "yes", "far", "many", "really", "boo", "ho", "hee", "la", "blah", "chop", "pom", "tsk", "yada",
    "wow", "now", "there", "well", "hip", "bla", "cha", "ta", "tom",
];

/// `is is` and `was was` are grammatical after a clause that is itself the
/// subject (`what it is is`, `the problem is is`); these words announce one.
const COPULA_SUBJECT: &[&str] = &[
    "what", "whatever", "all", "thing", "problem", "question", "point", "reason", "issue", "truth",
    "fact", "trouble",
];

fn doubled_words(doc: &Document, words: &[Word], out: &mut Vec<Finding>) {
    let t = &doc.text;
    for (i, pair) in words.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        // Cheap rejections first: this runs on every pair of words.
        if a.text.len() != b.text.len() {
            continue;
        }
        let gap = &t[a.end..b.start];
        if !gap.chars().all(char::is_whitespace) || gap.contains('\t') {
            continue;
        }
        if !a
            .text
            .chars()
            .zip(b.text.chars())
            .all(|(x, y)| x == y || x.to_lowercase().eq(y.to_lowercase()))
            || !a.text.chars().all(char::is_alphabetic)
        {
            continue;
        }
        let fa = text::fold(a.text);
        if DOUBLE_OK.contains(&fa.as_str()) {
            continue;
        }
        if (fa == "is" || fa == "was")
            && words[i.saturating_sub(5)..i]
                .iter()
                .any(|w| COPULA_SUBJECT.contains(&text::fold(w.text).as_str()))
        {
            continue;
        }
        // Names written twice (`Bora Bora`, `Duran Duran`).
        if b.is_capitalised() {
            continue;
        }
        if !english_context(doc, a.start) {
            continue;
        }
        out.push(
            finding(
                doc,
                a.start..b.end,
                "TY003",
                Severity::Warning,
                &format!("`{}` is written twice.", a.text),
            )
            .with_suggestion(a.text)
            .with_score(0.85),
        );
    }
}

/// Function words of the Romance and Germanic languages a machine
/// translation leaves behind; next to them `a` and `an` are not English
/// articles (`va a esperar`, `an der Grenze`).
const FOREIGN: &[&str] = &[
    "de", "del", "della", "delle", "dei", "di", "da", "la", "le", "les", "el", "los", "las", "il",
    "lo", "gli", "que", "che", "con", "per", "para", "por", "em", "um", "uma", "os", "dos", "das",
    "der", "die", "den", "dem", "und", "mit", "ein", "eine", "von", "zu", "y", "et", "en", "un",
    "una", "uno", "sono", "es", "est", "du", "des", "au", "aux", "ao", "na", "nel", "nella", "sur",
    "pour", "dans", "ist", "su", "sus", "se", "al", "ella", "él", "il", "ha",
];

/// Frequent English function words.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "was", "that", "for", "with", "on", "it", "he", "she", "said",
    "this", "by", "from", "his", "her", "they", "have", "has", "are", "were", "will", "would",
];

/// Words after which `A`/`a` is a letter, not an article (`Plan A`, `type a`).
const LETTER_BEFORE: &[&str] = &[
    "plan",
    "vitamin",
    "type",
    "grade",
    "group",
    "category",
    "class",
    "part",
    "section",
    "annex",
    "article",
    "series",
    "formula",
    "hepatitis",
    "point",
    "option",
    "exhibit",
    "appendix",
    "level",
    "block",
    "division",
    "league",
    "serie",
    "tier",
    "phase",
];

fn articles(doc: &Document, words: &[Word], out: &mut Vec<Finding>) {
    let t = &doc.text;
    for (i, w) in words.iter().enumerate() {
        let is_a = matches!(w.text, "a" | "A");
        let is_an = matches!(w.text, "an" | "An" | "AN");
        if !is_a && !is_an {
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let gap = &t[w.end..next.start];
        // An article is followed by a space (`a" x` is the letter in quotes);
        // tabs belong to code and tables.
        if !gap.starts_with(|c: char| c.is_whitespace())
            || gap.contains('\t')
            || !gap
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '“' | '"' | '‘' | '\'' | '«'))
        {
            continue;
        }
        if gap.contains(['\n', '\r']) && gap.chars().filter(|c| *c == '\n').count() > 1 {
            continue;
        }
        let prev = i.checked_sub(1).map(|j| words[j]);
        // `Plan A`, `vitamin A is`: a capital A inside a sentence is a letter.
        if w.text == "A"
            && prev.is_some_and(|p| doc.sentence_at(w.start) == doc.sentence_at(p.start))
        {
            continue;
        }
        if prev.is_some_and(|p| LETTER_BEFORE.contains(&text::fold(p.text).as_str())) {
            continue;
        }
        // A letter followed by a period (`a.m.`) or an apostrophe is not an article.
        if next_char(t, w.end).is_some_and(|c| matches!(c, '.' | '-' | '’' | '\'')) {
            continue;
        }
        // `UN`, `EL AL`: initialisms are not foreign function words.
        let fnext = text::fold(next.text);
        // `A and B`, `A is for`: the letter, not the article.
        if NOT_COMPOUND.contains(&fnext.as_str()) {
            continue;
        }
        let next_lower = next.text.chars().next().is_some_and(char::is_lowercase);
        if (next_lower && FOREIGN.contains(&fnext.as_str()))
            || prev.is_some_and(|p| FOREIGN.contains(&text::fold(p.text).as_str()))
        {
            continue;
        }
        // The next word followed by `.`, as in `U.S.`, is an initialism.
        let dotted = next.text.chars().count() == 1 && next_char(t, next.end) == Some('.');
        let Some(vowel) = vowel_sound(next.text, dotted) else {
            continue;
        };
        if vowel == is_an {
            continue;
        }
        if !english_context(doc, w.start) {
            continue;
        }
        // Include a closing quote that matches an opening one in the gap.
        let mut end = next.end;
        if gap.contains('“') && next_char(t, end) == Some('”') {
            end += '”'.len_utf8();
        } else if gap.contains('"') && next_char(t, end) == Some('"') {
            end += 1;
        }
        let article = match (w.text, vowel) {
            ("a", true) => "an",
            ("A", true) => "An",
            ("AN", false) => "A",
            ("An", false) => "A",
            _ => "a",
        };
        let suggestion = format!("{article}{}", &t[w.end..end]);
        let (code, msg) = if vowel {
            ("TY004", "Use `an` before a vowel sound.")
        } else {
            ("TY005", "Use `a` before a consonant sound.")
        };
        out.push(
            finding(doc, w.start..end, code, Severity::Warning, msg)
                .with_suggestion(suggestion)
                .with_score(0.9),
        );
    }
}

/// Whether the sentence around `byte` reads as English, or is too short to
/// tell. Only asked when a rule is about to fire, so its cost is small.
fn english_context(doc: &Document, byte: usize) -> bool {
    let Some(s) = doc.sentence_at(byte) else {
        return true;
    };
    let st = doc.sentence_text(s);
    let words: Vec<String> = text::words(st, 0).map(|w| text::fold(w.text)).collect();
    if words.len() < 5 {
        return true;
    }
    // Function words of another language: one is a name (`de Gaulle`),
    // several make a sentence that is not English.
    let foreign = words
        .iter()
        .filter(|w| FOREIGN.contains(&w.as_str()))
        .count();
    if foreign >= 2 && foreign * 5 >= words.len() {
        return false;
    }
    // Plain ASCII with English function words and no foreign ones reads as
    // English; the trigram detector (slow next to everything else here) is
    // not needed.
    if foreign == 0
        && st
            .chars()
            .all(|c| c.is_ascii() || matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…'))
        && words.iter().any(|w| ENGLISH.contains(&w.as_str()))
    {
        return true;
    }
    match whatlang::detect(st) {
        Some(info) if info.is_reliable() => info.lang() == whatlang::Lang::Eng,
        _ => true,
    }
}

/// Acronyms read as words (whose first sound differs from their first
/// letter's name, or that start with U).
const ACRONYM_WORDS: &[&str] = &[
    "NATO", "NASA", "NAFTA", "FIFA", "FEMA", "SWIFT", "MERCOSUR", "SARS", "MERS", "LIDAR", "RADAR",
    "SALT", "START", "NORAD", "SEATO", "HAMAS", "FRONTEX", "RAM", "SIM", "PIN", "LAN", "MAD",
    "NEET", "SEAL", "SWAT", "HUD", "MINUSMA", "MONUSCO", "NAS", "FAQ", "LOL", "SOHO", "HAL",
    "UNESCO", "UNICEF", "UNIFIL", "UNITA", "UEFA", "UKIP", "UNASUR", "UNITAID", "UNAIDS", "OPEC",
    "ASEAN", "AIDS", "ISIS", "IKEA", "OSCE", "UMNO",
];

/// Initialisms read letter by letter although a vowel follows their first
/// letter, as in a word (`SEC` is not read `sec`).
const INITIALISMS: &[&str] = &[
    "SEC", "HIV", "SUV", "MIT", "RAF", "MOD", "NIH", "FEC", "NEC", "SAS", "LAPD", "NYPD", "MEP",
    "MEPS", "RIA", "NYU", "USA", "USB", "UAE", "UFO", "UNHCR", "UNDP", "UNGA",
];

/// True for a vowel sound, false for a consonant sound, `None` when the first
/// sound is not known or varies between speakers.
fn vowel_sound(word: &str, dotted_initial: bool) -> Option<bool> {
    let first_part = word.split(['-', '‑']).next().unwrap_or(word);
    let mut chars = first_part.chars();
    let c0 = chars.next()?;
    if c0.is_ascii_digit() {
        return Some(number_vowel(first_part));
    }
    let is_initialism = first_part.chars().count() >= 2
        && first_part
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    // A single letter, capital or not, is read by its name (`an x`, `an F`).
    let single_letter = first_part.chars().count() == 1 && c0.is_ascii_alphabetic();
    if is_initialism || single_letter || dotted_initial {
        let up = first_part.to_ascii_uppercase();
        if ACRONYM_WORDS.contains(&up.as_str()) {
            return match up.as_str() {
                "OPEC" | "ASEAN" | "AIDS" | "ISIS" | "IKEA" | "OSCE" | "UMNO" => Some(true),
                _ => Some(false),
            };
        }
        let letter = c0.to_ascii_uppercase();
        let letter_vowel = matches!(
            letter,
            'A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X'
        );
        let n = up.chars().count();
        let vowel_at = |i: usize| up.chars().nth(i).is_some_and(|c| "AEIOUY".contains(c));
        if INITIALISMS.contains(&up.as_str()) {
            return Some(letter_vowel);
        }
        // U: `a UN envoy`, `a USB`, but `UGLY`, `UPPER` in capitals are words.
        if letter == 'U' {
            return if n <= 3 || !(1..n).any(vowel_at) {
                Some(false)
            } else {
                None
            };
        }
        // Letters whose name and sound agree need no guess.
        if matches!(letter, 'A' | 'E' | 'I' | 'O') || !letter_vowel {
            return Some(letter_vowel);
        }
        // F H L M N R S X: read as letters (`an FBI`, `an MP`) unless the
        // acronym is a word (`a NATO`) or a word in capitals for emphasis
        // (`a LOT`, `a NEW`): a vowel after the first letter makes it one
        // we cannot tell, except for the known initialisms above.
        if n == 1 || !vowel_at(1) {
            return Some(true);
        }
        return None;
    }
    let lower: String = first_part
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_diacritic)
        .collect();
    word_vowel(&lower)
}

fn number_vowel(s: &str) -> bool {
    // The leading group of digits, before any thousands separator.
    let group: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    // eight..., eleven, eighteen, eleven/eighteen hundred (`1834`); `11,000`
    // and `18,500` are read from their leading group too.
    group.starts_with('8')
        || group == "11"
        || group == "18"
        || (group.len() == 4 && (group.starts_with("11") || group.starts_with("18")))
}

fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        _ => c,
    }
}

fn word_vowel(w: &str) -> Option<bool> {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| w.starts_with(p));
    let c0 = w.chars().next()?;
    match c0 {
        'a' | 'i' => Some(true),
        'e' => Some(!starts(&["eu", "ewe"])),
        'o' => Some(!(w == "one" || w == "once" || starts(&["oneself", "ouija"]))),
        'u' => {
            if starts(&["unim", "unin", "unidentif", "uniss", "unilluminat"]) {
                return Some(true);
            }
            let you = starts(&[
                "uni", "unanim", "use", "usu", "usa", "usur", "uti", "uto", "ute", "utah", "uk",
                "ubiq", "ufo", "uga", "uvu", "uyg", "uig", "ural", "ura", "ure", "uri", "uro",
                "uru", "ulu", "ukr",
            ]);
            Some(!you)
        }
        'h' => {
            if starts(&["hour", "honest", "honor", "honour", "heir", "hors "]) || w == "hors" {
                Some(true)
            } else if starts(&[
                "herb",
                "hist",
                "hotel",
                "homage",
                "humble",
                "hysteric",
                "hypothe",
                "habitual",
                "heroic",
                "hereditary",
                "horrif",
                "horrend",
            ]) {
                None
            } else {
                Some(false)
            }
        }
        // `xterm`, `Xbox` are read from the letter's name (`ex`);
        // `xenophobia` from a `z`.
        // `Xhosa` from a click, close to `k`.
        'x' => Some(w[1..].starts_with(|c: char| !"aeiouyh".contains(c))),
        c if c.is_ascii_alphabetic() => Some(false),
        _ => None,
    }
}

/// TY010 at one punctuation mark (`off` in the paragraph).
fn glued_punctuation(
    doc: &Document,
    para: Range<usize>,
    off: usize,
    c: char,
    out: &mut Vec<Finding>,
) {
    let t = &doc.text;
    let pos = para.start + off;
    let after = pos + 1;
    let (Some(p), Some(n)) = (prev_char(t, pos), next_char(t, after)) else {
        return;
    };
    if !p.is_alphabetic() || !n.is_alphabetic() || after >= para.end {
        return;
    }
    // The white-space-delimited token: addresses, URLs and paths pass.
    let lead = t[para.start..pos]
        .rfind(char::is_whitespace)
        .map_or(para.start, |i| {
            para.start + i + char_len_at(t, para.start + i)
        });
    let tail = t[after..para.end]
        .find(char::is_whitespace)
        .map_or(para.end, |i| after + i);
    let token = &t[lead..tail];
    if token.contains(['@', '/', '\\']) || token.to_ascii_lowercase().contains("www.") {
        return;
    }
    let left = word_start_before(t, lead, pos)..pos;
    let right = after..word_end_after(t, after, tail);
    let (lw, rw) = (&t[left.clone()], &t[right.clone()]);
    if c == '.' {
        // `war.The`, `Kyiv.Zelensky`: a word of two or more letters in
        // lower case after its first, then a capitalised word (not
        // `U.S.`, `report.PDF`, `Node.js`).
        let lower_left = lw.chars().count() >= 2 && lw.chars().skip(1).all(char::is_lowercase);
        let mut rc = rw.chars();
        let cap_right = rc.next().is_some_and(char::is_uppercase)
            && rc.clone().next().is_some()
            && rc.all(char::is_lowercase);
        if !lower_left || !cap_right {
            return;
        }
    }
    // `b,s`, `p:h`: single letters are options and variables.
    if lw.chars().count() < 2 || rw.chars().count() < 2 || !english_context(doc, pos) {
        return;
    }
    out.push(
        finding(
            doc,
            left.start..right.end,
            "TY010",
            Severity::Warning,
            &format!("Add a space after `{c}`."),
        )
        .with_suggestion(format!("{lw}{c} {rw}"))
        .with_score(0.85),
    );
}

fn doubled_punctuation(doc: &Document, para: Range<usize>, out: &mut Vec<Finding>) {
    let b = doc.text[para.clone()].as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        let Some(k) = memchr::memchr2(b',', b'.', &b[i..b.len() - 1]) else {
            break;
        };
        i += k;
        let c = b[i];
        if b[i + 1] != c {
            i += 1;
            continue;
        }
        // The whole run: two exactly, not an ellipsis, not `../`.
        let mut j = i;
        while j < b.len() && b[j] == c {
            j += 1;
        }
        // After a word (`Friday..`, `talks,,`); `..` alone between spaces or
        // in quotes is an operator or a path (`".."`, `a .. b`, `../`).
        let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80);
        let ends = b
            .get(j)
            .is_none_or(|&n| n.is_ascii_whitespace() || (c == b',' && n.is_ascii_alphabetic()));
        if j - i == 2 && after_word && ends {
            let start = para.start + i;
            out.push(
                finding(
                    doc,
                    start..start + 2,
                    "TY014",
                    Severity::Warning,
                    &format!("`{0}{0}` is doubled; keep one.", c as char),
                )
                .with_suggestion((c as char).to_string())
                .with_score(0.85),
            );
        }
        i = j;
    }
}

fn guillemets(doc: &Document, para: Range<usize>, out: &mut Vec<Finding>) {
    let t = &doc.text;
    let p = &t[para.clone()];
    if !(p.contains('«') || p.contains('»')) || !english_context(doc, para.start) {
        return;
    }
    let mut open: Option<usize> = None;
    for (off, c) in p.char_indices() {
        let pos = para.start + off;
        match c {
            '«' => {
                if let Some(o) = open.replace(pos) {
                    out.push(lone_guillemet(doc, o, '«'));
                }
            }
            '»' => match open.take() {
                Some(o) => {
                    let inner = t[o + '«'.len_utf8()..pos].trim();
                    out.push(
                        finding(
                            doc,
                            o..pos + '»'.len_utf8(),
                            "TY011",
                            Severity::Warning,
                            "English quotes with “ ” rather than guillemets.",
                        )
                        .with_suggestion(format!("“{inner}”"))
                        .with_score(0.8),
                    );
                }
                None => out.push(lone_guillemet(doc, pos, '»')),
            },
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(lone_guillemet(doc, o, '«'));
    }
}

fn lone_guillemet(doc: &Document, pos: usize, mark: char) -> Finding {
    finding(
        doc,
        pos..pos + mark.len_utf8(),
        "TY011",
        Severity::Warning,
        "English quotes with “ ” rather than guillemets.",
    )
    .with_suggestion(if mark == '«' { "“" } else { "”" })
    .with_score(0.7)
}

fn brackets(doc: &Document, para: Range<usize>, out: &mut Vec<Finding>) {
    let t = &doc.text;
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (off, c) in marks(&t[para.clone()], &['(', ')', '[', ']']) {
        let pos = para.start + off;
        inner_space(doc, para.clone(), pos, c, out);
        match c {
            '(' | '[' => {
                // Emoticons: `:(`, `;(`.
                if prev_char(t, pos).is_some_and(|p| matches!(p, ':' | ';' | '-'))
                    && pos > para.start
                {
                    continue;
                }
                stack.push((c, pos));
            }
            ')' | ']' => {
                let want = if c == ')' { '(' } else { '[' };
                if let Some(i) = stack.iter().rposition(|&(o, _)| o == want) {
                    stack.truncate(i);
                    continue;
                }
                if c == ')' && (list_marker(t, para.start, pos) || emoticon(t, para.start, pos)) {
                    continue;
                }
                // `(EPC]`: the closing bracket of the other kind.
                if let Some((o, _)) = stack.pop() {
                    let right = if o == '(' { ")" } else { "]" };
                    out.push(
                        finding(
                            doc,
                            pos..pos + 1,
                            "TY012",
                            Severity::Warning,
                            &format!("This `{c}` closes a `{o}`; use `{right}`."),
                        )
                        .with_suggestion(right)
                        .with_score(0.7),
                    );
                    continue;
                }
                out.push(
                    finding(
                        doc,
                        pos..pos + 1,
                        "TY012",
                        Severity::Warning,
                        &format!("This `{c}` closes no opening bracket in its paragraph."),
                    )
                    .with_score(0.7),
                );
            }
            _ => {}
        }
    }
    for (c, pos) in stack {
        out.push(
            finding(
                doc,
                pos..pos + 1,
                "TY012",
                Severity::Warning,
                &format!("This `{c}` is never closed in its paragraph."),
            )
            .with_score(0.7),
        );
    }
}

/// TY013: `( CPE` and `CPE )`, a space on the inner side of a bracket.
fn inner_space(doc: &Document, para: Range<usize>, pos: usize, c: char, out: &mut Vec<Finding>) {
    let t = &doc.text;
    let (range, suggestion) = if matches!(c, '(' | '[') {
        let rest = &t[pos + 1..para.end];
        let inner = rest.trim_start_matches(is_hspace);
        let gap = rest.len() - inner.len();
        let first = inner.chars().next();
        if gap == 0 || !first.is_some_and(|f| f.is_alphanumeric() || matches!(f, '“' | '"' | '\''))
        {
            return;
        }
        let wstart = pos + 1 + gap;
        let wend = wstart
            + inner
                .find(|ch: char| ch.is_whitespace() || matches!(ch, ')' | ']' | ',' | ';'))
                .unwrap_or(inner.len());
        (pos..wend, format!("{c}{}", &t[wstart..wend]))
    } else {
        let before = &t[para.start..pos];
        let inner = before.trim_end_matches(is_hspace);
        let gap = before.len() - inner.len();
        let last = inner.chars().next_back();
        if gap == 0
            || !last.is_some_and(|l| {
                l.is_alphanumeric() || matches!(l, '”' | '"' | '\'' | '.' | '!' | '?')
            })
        {
            return;
        }
        let wstart = inner
            .rfind(|ch: char| ch.is_whitespace() || matches!(ch, '(' | '['))
            .map_or(para.start, |i| para.start + i + char_len_at(inner, i));
        let wend = para.start + inner.len();
        (wstart..pos + 1, format!("{}{c}", &t[wstart..wend]))
    };
    out.push(
        finding(
            doc,
            range,
            "TY013",
            Severity::Warning,
            &format!("Remove the space inside `{c}`."),
        )
        .with_suggestion(suggestion)
        .with_score(0.85),
    );
}

/// `a)`, `1)`, `ii)` at the start of a paragraph or after white space.
fn list_marker(t: &str, lo: usize, pos: usize) -> bool {
    let before = &t[lo..pos];
    let token_start = before
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + char_len_at(before, i));
    let token = &before[token_start..];
    let n = token.chars().count();
    (1..=3).contains(&n)
        && (token.chars().all(|c| c.is_ascii_digit())
            || (n == 1 && token.chars().all(|c| c.is_ascii_lowercase()))
            || token.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
}

fn emoticon(t: &str, lo: usize, pos: usize) -> bool {
    let before = &t[lo..pos];
    before.ends_with(':')
        || before.ends_with(";")
        || before.ends_with(":-")
        || before.ends_with(";-")
}

fn is_opener(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '‘' | '\'')
}

fn is_closer_follow(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '…' | ')' | ']' | '—' | '–' | '’' | '\''
        )
}

/// Whether the next paragraph continues an open quotation (news style: each
/// paragraph of a long quotation opens again and only the last one closes).
fn continues_quote(next: Option<&str>, marks: &[char]) -> bool {
    next.and_then(|n| n.chars().next())
        .is_some_and(|c| marks.contains(&c))
}

fn curly_quotes(doc: &Document, para: Range<usize>, next: Option<&str>, out: &mut Vec<Finding>) {
    let t = &doc.text;
    let p = &t[para.clone()];
    // German low quotes and guillemets pair differently; leave them alone.
    if marks(p, &['„', '«', '»']).next().is_some() {
        return;
    }
    let mut open: Option<usize> = None;
    for (off, q) in marks(p, &['“', '”']) {
        let pos = para.start + off;
        let after = pos + q.len_utf8();
        let pc = if pos == para.start {
            None
        } else {
            prev_char(t, pos)
        };
        let nc = if after >= para.end {
            None
        } else {
            next_char(t, after)
        };
        let glued_left = pc.is_some_and(|c| !is_opener(c));
        let looks_closing = glued_left && nc.is_none_or(is_closer_follow);
        let looks_opening = !glued_left && nc.is_some_and(|c| !c.is_whitespace());
        if q == '“' {
            // Followed by a space or punctuation, it cannot open: glued to
            // the word before or closing an open quotation, it is a `”`.
            if looks_closing || (open.is_some() && nc.is_none_or(is_closer_follow)) {
                out.push(
                    finding(
                        doc,
                        pos..after,
                        "TY006",
                        Severity::Warning,
                        "An opening quote `“` closes this quotation; use `”`.",
                    )
                    .with_suggestion("”")
                    .with_score(0.9),
                );
                open = None;
                continue;
            }
            if let Some(o) = open {
                // `get it, “Trump said`: the closing quote was typed as an
                // opening one, with the space on the wrong side.
                let before_space = pc
                    .filter(|c| is_hspace(*c))
                    .and_then(|sp| prev_char(t, pos - sp.len_utf8()))
                    .filter(|c| matches!(c, ',' | '.' | '?' | '!' | '…'));
                if let (Some(punct), true) = (before_space, nc.is_some_and(char::is_alphabetic)) {
                    let pstart = pos - pc.map_or(0, char::len_utf8) - punct.len_utf8();
                    let wend = word_end_after(t, after, para.end);
                    let suggestion = format!("{punct}” {}", &t[after..wend]);
                    out.push(
                        finding(
                            doc,
                            pstart..wend,
                            "TY006",
                            Severity::Warning,
                            "An opening quote `“` closes this quotation; use `”` after the punctuation.",
                        )
                        .with_suggestion(suggestion)
                        .with_score(0.8),
                    );
                    open = None;
                    continue;
                }
                out.push(unclosed(doc, o));
            }
            open = Some(pos);
        } else {
            if open.is_some() {
                open = None;
                continue;
            }
            // An inch mark typed as a curly quote: `a 55” screen`.
            if pc.is_some_and(|c| c.is_ascii_digit()) && !looks_opening {
                continue;
            }
            if looks_opening {
                out.push(
                    finding(
                        doc,
                        pos..after,
                        "TY006",
                        Severity::Warning,
                        "A closing quote `”` opens this quotation; use `“`.",
                    )
                    .with_suggestion("“")
                    .with_score(0.8),
                );
                open = Some(pos);
                continue;
            }
            out.push(
                finding(
                    doc,
                    pos..after,
                    "TY007",
                    Severity::Warning,
                    "This closing quote `”` has no opening quote.",
                )
                .with_score(0.7),
            );
        }
    }
    if let Some(o) = open {
        if !continues_quote(next, &['“']) {
            out.push(unclosed(doc, o));
        }
    }
}

fn unclosed(doc: &Document, pos: usize) -> Finding {
    finding(
        doc,
        pos..pos + '“'.len_utf8(),
        "TY007",
        Severity::Warning,
        "This opening quote `“` is never closed.",
    )
    .with_score(0.7)
}

fn straight_quotes(doc: &Document, para: Range<usize>, next: Option<&str>, out: &mut Vec<Finding>) {
    let t = &doc.text;
    let p = &t[para.clone()];
    let mut straight: Vec<usize> = Vec::new();
    for (off, _) in marks(p, &['"']) {
        let pos = para.start + off;
        // An inch mark: after a digit while no straight quote is open.
        let inch = prev_char(t, pos).is_some_and(|d| d.is_ascii_digit()) && straight.len() % 2 == 0;
        if !inch {
            straight.push(pos);
        }
    }
    if straight.is_empty() {
        return;
    }
    let curly: Vec<usize> = marks(p, &['“', '”']).map(|(i, _)| para.start + i).collect();
    if straight.len() % 2 == 1 && !continues_quote(next, &['"']) {
        let last = *straight.last().expect("odd count is not zero");
        out.push(
            finding(
                doc,
                last..last + 1,
                "TY008",
                Severity::Warning,
                "This paragraph has an odd number of straight double quotes; one is missing or stray.",
            )
            .with_score(0.7),
        );
    }
    if !straight.is_empty() && !curly.is_empty() {
        // Report the first mark of the minority style, in the majority style.
        let (pos, len, suggestion) = if straight.len() <= curly.len() {
            let pos = straight[0];
            let opening = pos == para.start || prev_char(t, pos).is_some_and(is_opener);
            (pos, 1, if opening { "“" } else { "”" })
        } else {
            (curly[0], '“'.len_utf8(), "\"")
        };
        out.push(
            finding(
                doc,
                pos..pos + len,
                "TY009",
                Severity::Info,
                "Straight and curly double quotes are mixed in this paragraph.",
            )
            .with_suggestion(suggestion)
            .with_score(0.6),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testutil::{cpu_seconds, seed, seed_corpus};
    use std::collections::BTreeMap;

    fn run(text: &str) -> Vec<Finding> {
        let doc = Document::new("t", 0, text.to_string());
        let mut out = Vec::new();
        Typography::new().check(&doc, &mut out);
        // Every finding's text is the character slice it claims.
        let chars: Vec<char> = text.chars().collect();
        for f in &out {
            let slice: String = chars[f.span.start..f.span.end].iter().collect();
            assert_eq!(f.text, slice, "{f:?}");
        }
        out
    }

    fn codes(text: &str) -> Vec<(String, String, Option<String>)> {
        run(text)
            .into_iter()
            .map(|f| (f.rule.to_string(), f.text, f.suggestion))
            .collect()
    }

    fn fires(text: &str, code: &str) -> Vec<(String, Option<String>)> {
        run(text)
            .into_iter()
            .filter(|f| &*f.rule == code)
            .map(|f| (f.text, f.suggestion))
            .collect()
    }

    fn one(text: &str, code: &str, flagged: &str, sugg: Option<&str>) {
        let f = fires(text, code);
        assert_eq!(
            f,
            vec![(flagged.to_string(), sugg.map(str::to_string))],
            "{code} on {text:?}: all {:?}",
            codes(text)
        );
    }

    fn none(text: &str, code: &str) {
        assert!(
            fires(text, code).is_empty(),
            "{code} fired on {text:?}: {:?}",
            codes(text)
        );
    }

    #[test]
    fn marks_are_the_characters_of_the_set_whatever_its_size() {
        let text = "Il a dit « non » (deux fois) — “vraiment?” [sic]; puis: «oui», 3-4 ‘x’… fin.";
        let sets: [&[char]; 6] = [
            &['"'],
            &['“', '”'],
            &['„', '«', '»'],
            &['(', ')', '[', ']'],
            PUNCTUATION,
            &['(', ')', '[', ']', ',', ';', ':', '-', '…', '«'],
        ];
        for set in sets {
            let expected: Vec<(usize, char)> = text
                .char_indices()
                .filter(|(_, c)| set.contains(c))
                .collect();
            assert_eq!(marks(text, set).collect::<Vec<_>>(), expected, "{set:?}");
        }
    }

    #[test]
    fn rule_table_is_sorted_documented_and_its_examples_hold() {
        let mut prev = "";
        for r in RULES {
            assert!(r.code.starts_with("TY0") && r.code > prev, "{}", r.code);
            prev = r.code;
            assert!(!r.summary.is_empty() && !r.explanation.is_empty());
            assert!(!r.fires.is_empty() && !r.passes.is_empty(), "{}", r.code);
            for e in r.fires {
                assert!(
                    !fires(e, r.code).is_empty(),
                    "{} should fire on {e:?}",
                    r.code
                );
            }
            for e in r.passes {
                none(e, r.code);
            }
        }
    }

    #[test]
    fn hyphen_split_by_space() {
        one(
            "the lack of high -level talks",
            "TY001",
            "high -level",
            Some("high-level"),
        );
        one(
            "a low -level delegation",
            "TY001",
            "low -level",
            Some("low-level"),
        );
        one(
            "a long- term plan",
            "TY001",
            "long- term",
            Some("long-term"),
        );
        one(
            "the pro -Russian side",
            "TY001",
            "pro -Russian",
            Some("pro-Russian"),
        );
        one(
            "a well-known -ish fact",
            "TY001",
            "known -ish",
            Some("known-ish"),
        );
        one(
            "High -level talks began.",
            "TY001",
            "High -level",
            Some("High-level"),
        );
    }

    #[test]
    fn hyphen_near_misses() {
        for t in [
            "Kiev - a sign of strategic engagement - on the other hand",
            "protagonists - Putin and Trump - leaving",
            "It fell to -5 degrees.",
            "from 2020 -2022 and 2023- 2024",
            "- first item\n- second item",
            "pre- and post-war, short- to medium-term, first- or second-hand",
            "a high-level meeting",
            "he said -and he meant it",
            "the word- a hyphen then article",
            "Dmitry Medvedev -the former president- said the talks were pointless.",
            "run vim -g or mkdir -p here",
        ] {
            none(t, "TY001");
        }
    }

    #[test]
    fn space_before_punctuation() {
        one("He said , however, no.", "TY002", "said ,", Some("said,"));
        one("Who pays ?", "TY002", "pays ?", Some("pays?"));
        one(
            "three options : war or talks",
            "TY002",
            "options :",
            Some("options:"),
        );
        one("the end .", "TY002", "end .", Some("end."));
        one("“No” , he said.", "TY002", "“No” ,", Some("“No”,"));
        for t in [
            "He said, however, no.",
            "And then ... nothing.",
            "see example .com today",
            "It ended 2 : 1 on Sunday.",
            "a smile :) then",
            "It cost .5 percent",
            "- , stray",
            "He smiled :-) and left.",
            "The talks were . . . difficult.",
            "Le ministre a déclaré : nous ne céderons pas devant les pressions de Moscou.",
        ] {
            none(t, "TY002");
        }
    }

    #[test]
    fn doubled_words() {
        one("He met the the president.", "TY003", "the the", Some("the"));
        one("The the talks failed.", "TY003", "The the", Some("The"));
        one("It was a a mistake", "TY003", "a a", Some("a"));
        one("talks in in\nIstanbul", "TY003", "in in", Some("in"));
        for t in [
            "He had had enough.",
            "He said that that was all.",
            "They flew to Bora Bora.",
            "No, no, he said.",
            "It was very very hard.",
            "in 2022 2022",
            "the, the",
        ] {
            none(t, "TY003");
        }
    }

    #[test]
    fn a_before_vowel_sound() {
        one(
            "Rutte sees a “error” that",
            "TY004",
            "a “error”",
            Some("an “error”"),
        );
        one("It was a error.", "TY004", "a error", Some("an error"));
        one("It took a hour.", "TY004", "a hour", Some("an hour"));
        one(
            "He is a honest man.",
            "TY004",
            "a honest",
            Some("an honest"),
        );
        one("A honest man.", "TY004", "A honest", Some("An honest"));
        one("She met a FBI agent.", "TY004", "a FBI", Some("an FBI"));
        one("She is a MP for Lagos.", "TY004", "a MP", Some("an MP"));
        one(
            "It was a 18-year-old.",
            "TY004",
            "a 18-year-old",
            Some("an 18-year-old"),
        );
        one("It was a 8% rise.", "TY004", "a 8", Some("an 8"));
        one(
            "It is a unimportant detail.",
            "TY004",
            "a unimportant",
            Some("an unimportant"),
        );
        one(
            "He found a \"error\" there.",
            "TY004",
            "a \"error\"",
            Some("an \"error\""),
        );
        one(
            "a Italian minister",
            "TY004",
            "a Italian",
            Some("an Italian"),
        );
        one("He drove a SUV.", "TY004", "a SUV", Some("an SUV"));
        one("It was a X-ray.", "TY004", "a X-ray", Some("an X-ray"));
        one("It was a x coordinate.", "TY004", "a x", Some("an x"));
        one("He opened a xterm.", "TY004", "a xterm", Some("an xterm"));
        none("A xenophobic remark and a Xhosa word.", "TY004");
        one("He had a HIV test.", "TY004", "a HIV", Some("an HIV"));
    }

    #[test]
    fn a_near_misses() {
        for t in [
            "a European, a one-off, a union, a university, a U.S. official",
            "a unique and a useful idea, a once-secret plan, a eulogy, a Ukrainian",
            "a NATO summit, a UN envoy, a UNESCO site, a user, a Uyghur",
            "a historic day, a hotel, a herb, a house, a year, a wonderful",
            "Plan A is better. Vitamin A is good. Grade A eggs.",
            "at 5 a.m. on Friday",
            "Él va a esperar a su madre en la casa de sus padres.",
            "O presidente vai a Italia amanhã para uma reunião com os líderes.",
            "a 1,100-strong force and a 100-year-old",
            "a FOMC meeting",
            "It was a LOT of money, a NEW deal, a HUGE win, a SAD day.",
            "Type a\tb, the letter a\" here",
        ] {
            none(t, "TY004");
        }
    }

    #[test]
    fn an_before_consonant_sound() {
        one(
            "They formed an union.",
            "TY005",
            "an union",
            Some("a union"),
        );
        one("He bought an house.", "TY005", "an house", Some("a house"));
        one(
            "An European plan.",
            "TY005",
            "An European",
            Some("A European"),
        );
        one(
            "It was an one-off.",
            "TY005",
            "an one-off",
            Some("a one-off"),
        );
        one(
            "They held an NATO summit.",
            "TY005",
            "an NATO",
            Some("a NATO"),
        );
        one("an U.S. official", "TY005", "an U", Some("a U"));
        for t in [
            "an alliance, an hour, an honest man, an heir, an FBI agent, an MP, an NGO",
            "an historic day, an 18-year-old, an 8% rise, an 11th hour, an X-ray",
            "an unimportant, an uninformed, an urgent, an umbrella, an Uzbek",
            "Er wartet an der Grenze auf den Bus und die anderen Reisenden.",
            "an x coordinate, an UGLY scene, an L-shaped room",
        ] {
            none(t, "TY005");
        }
    }

    #[test]
    fn misoriented_quotes() {
        one(
            "“If I was not going, I can understand it, but we are going to get it, “Trump said, who was in favor.",
            "TY006",
            ", “Trump",
            Some(",” Trump"),
        );
        one("He called it a “deal“ and left.", "TY006", "“", Some("”"));
        one("He called it a ”deal” and left.", "TY006", "”", Some("“"));
        one("It was “over. “ He left.", "TY006", "“", Some("”"));
        for t in [
            "“We will get it,” Trump said.",
            "He called it a “deal” and left, “again”.",
            "He said: “We will stay. We will fight.”",
        ] {
            none(t, "TY006");
        }
    }

    #[test]
    fn unbalanced_quotes() {
        one("He said “we will stay and left.", "TY007", "“", None);
        one("He said we will stay” and left.", "TY007", "”", None);
        one("“We stay.\n\nHe left.", "TY007", "“", None);
        none(
            "“We will stay until the end.\n\n“And we will win,” he said.",
            "TY007",
        );
        none("He said “we will stay” and “fight”.", "TY007");
        none("The company sold a 55” screen.", "TY007");
        none("“a\n\n“b\n\n“c,” he said.", "TY007");
    }

    #[test]
    fn straight_quotes_odd_and_mixed() {
        one("He praised the \"realistic peace.", "TY008", "\"", None);
        none("He praised the \"realistic\" peace.", "TY008");
        none("a 12\" screen and a \"good\" price", "TY008");
        none("\"We stay.\n\n\"We win,\" he said.", "TY008");
        one(
            "He said “yes” and she said \"no\".",
            "TY009",
            "\"",
            Some("“"),
        );
        one(
            "He said \"yes\" and \"no\" and “maybe”.",
            "TY009",
            "“",
            Some("\""),
        );
        none("He said “yes”.\n\nShe said \"no\".", "TY009");
    }

    #[test]
    fn glued_punctuation() {
        one(
            "the war.The president left.",
            "TY010",
            "war.The",
            Some("war. The"),
        );
        one(
            "He met Zelensky in Kyiv.Zelensky then left.",
            "TY010",
            "Kyiv.Zelensky",
            Some("Kyiv. Zelensky"),
        );
        one(
            "It went to Moscow,but no.",
            "TY010",
            "Moscow,but",
            Some("Moscow, but"),
        );
        one(
            "Peskov said:the talks were useful.",
            "TY010",
            "said:the",
            Some("said: the"),
        );
        one("Why?Because.", "TY010", "Why?Because", Some("Why? Because"));
        for t in [
            "See www.example.com, example.org and e.g.Paris.",
            "The U.S.A and ASP.NET and Node.js and report.PDF.",
            "At 10:30, 3,5 percent, mail press@ministry.gov.ua or https://x.org/a:b.",
            "Ph.D students.",
        ] {
            none(t, "TY010");
        }
    }

    #[test]
    fn guillemets() {
        one(
            "Taking away the «pistol» it carries.",
            "TY011",
            "«pistol»",
            Some("“pistol”"),
        );
        one(
            "He called it « a farce » and left.",
            "TY011",
            "« a farce »",
            Some("“a farce”"),
        );
        one("He called it «a farce and left.", "TY011", "«", Some("“"));
        none(
            "Le journal a titré «La paix est possible» en première page pour tout le monde.",
            "TY011",
        );
        none("Taking away the “pistol” it carries.", "TY011");
    }

    #[test]
    fn brackets() {
        one("The Community (EPC met in Tirana.", "TY012", "(", None);
        one("The Community EPC) met in Tirana.", "TY012", ")", None);
        one(
            "The statement [in Russian was published.",
            "TY012",
            "[",
            None,
        );
        one("The (EPC] met.", "TY012", "]", Some(")"));
        for t in [
            "The Community (EPC) met in Tirana [sic].",
            "Options: a) talks, b) sanctions, ii) waiting, 1) first, 2) second.",
            "He smiled :) and :-) and :( then left.",
            "Nested (as in [this] case) brackets.",
        ] {
            none(t, "TY012");
        }
    }

    /// Regression: multi-byte spaces before a mark once split a character.
    #[test]
    fn multibyte_spaces_do_not_panic() {
        for t in [
            "8éKéüéaMgCitpU.S.\u{A0}anU.S.U.S.",
            "an\u{A0}U.S.",
            "“We will get it,\u{A0}“Trump said.",
            "“We will get it,\u{3000}“Trump said.",
            "He said\u{A0},\u{A0}no.\u{A0}He:left",
            "a)\u{A0}b)\u{3000}c)",
        ] {
            run(t);
        }
        one(
            "“We get it,\u{A0}“Trump said.",
            "TY006",
            ",\u{A0}“Trump",
            Some(",” Trump"),
        );
    }

    proptest::proptest! {
        /// Any text: no panic, and every finding's text is its slice (the
        /// helper `run` asserts it). The alphabet is biased towards the
        /// marks the rules look at, including multi-byte spaces and dashes.
        #[test]
        fn arbitrary_text_never_panics(
            t in "([a-zA-Z]{1,6}|[ \u{A0}\u{3000}\n,.;:!?()\\[\\]\"“”«»„\u{2010}\u{2011}—-]|an|a|the|U\\.S\\.|é|ü|8){0,40}"
        ) {
            run(&t);
        }
    }

    #[test]
    fn space_inside_brackets() {
        one("the community ( CPE) met", "TY013", "( CPE", Some("(CPE"));
        one("the community (CPE ) met", "TY013", "CPE )", Some("CPE)"));
        one("the word [ sic] here", "TY013", "[ sic", Some("[sic"));
        let both = fires("the ( European political community ) met", "TY013");
        assert_eq!(
            both,
            vec![
                ("( European".to_string(), Some("(European".to_string())),
                ("community )".to_string(), Some("community)".to_string())),
            ]
        );
        for t in [
            "the community (CPE) met",
            "a box ( ) here",
            "options ( )",
            "a) b) c)",
        ] {
            none(t, "TY013");
        }
    }

    #[test]
    fn doubled_punctuation() {
        one("The talks,, which began", "TY014", ",,", Some(","));
        one("It ended on Friday..", "TY014", "..", Some("."));
        one("grain, energy, etc.. and", "TY014", "..", Some("."));
        for t in [
            "It ended... and",
            "It ended.... and",
            "see ../docs",
            "Really?! He left!!",
            "1,2,3",
            "remove a \"..\" after it, tputs(\"\", ..) and a .. b",
        ] {
            none(t, "TY014");
        }
    }

    #[test]
    fn crlf_text_gives_the_same_findings() {
        let s003 = seed("003_76af8b894998912a.txt");
        let crlf = s003.replace('\n', "\r\n");
        let texts = |t: &str| -> Vec<(String, String)> {
            run(t)
                .into_iter()
                .map(|f| (f.rule.to_string(), f.text))
                .collect()
        };
        assert_eq!(texts(&crlf), texts(&s003));
    }

    #[test]
    fn seeds_give_exactly_the_expected_findings() {
        let s000 = seed("000_c2d0bef3eceee832.txt");
        assert_eq!(codes(&s000), vec![]);
        let s003 = seed("003_76af8b894998912a.txt");
        let got: Vec<(String, usize, String, Option<String>)> = run(&s003)
            .into_iter()
            .map(|f| (f.rule.to_string(), f.span.start, f.text, f.suggestion))
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (s("TY001"), 388, s("high -level"), Some(s("high-level"))),
                (s("TY006"), 1637, s(", “Trump"), Some(s(",” Trump"))),
                (s("TY004"), 2048, s("a “error”"), Some(s("an “error”"))),
                (s("TY001"), 2572, s("low -level"), Some(s("low-level"))),
            ]
        );
    }

    /// Scores a labelled set (`eval/typography/*.tsv`): a firing case
    /// counts a true positive when a finding has its code, text and
    /// suggestion; every other finding is a false positive. Returns
    /// (true positives, false positives, false negatives, cases).
    fn score(data: &str) -> [usize; 4] {
        let mut per: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        let mut cases = 0;
        for line in data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.splitn(4, '\t').collect();
            assert_eq!(cols.len(), 4, "bad line {line:?}");
            cases += 1;
            let text = cols[3].replace("\\n", "\n");
            let found = run(&text);
            let mut matched = false;
            for f in &found {
                let hit = cols[0] != "-"
                    && !matched
                    && &*f.rule == cols[0]
                    && f.text == cols[1]
                    && (cols[2] == "-" || f.suggestion.as_deref() == Some(cols[2]));
                if hit {
                    matched = true;
                    per.entry(cols[0].to_string()).or_default()[0] += 1;
                } else {
                    eprintln!("FP {} {:?} {:?} in {text:?}", f.rule, f.text, f.suggestion);
                    per.entry(f.rule.to_string()).or_default()[1] += 1;
                }
            }
            if cols[0] != "-" && !matched {
                eprintln!("FN {} {:?} in {text:?}", cols[0], cols[1]);
                per.entry(cols[0].to_string()).or_default()[2] += 1;
            }
        }
        let ratio = |a: usize, b: usize| {
            if a + b == 0 {
                1.0
            } else {
                a as f64 / (a + b) as f64
            }
        };
        let mut all = [0usize; 3];
        eprintln!("rule   tp fp fn precision recall");
        for (code, c) in &per {
            eprintln!(
                "{code} {:>3} {:>2} {:>2} {:>9.3} {:>6.3}",
                c[0],
                c[1],
                c[2],
                ratio(c[0], c[1]),
                ratio(c[0], c[2])
            );
            for i in 0..3 {
                all[i] += c[i];
            }
        }
        let (p, r) = (ratio(all[0], all[1]), ratio(all[0], all[2]));
        eprintln!(
            "all    {:>3} {:>2} {:>2} {p:>9.3} {r:>6.3}  ({cases} cases)",
            all[0], all[1], all[2]
        );
        [all[0], all[1], all[2], cases]
    }

    /// The development set, `eval/typography/cases.tsv`, and the held-out
    /// set, `eval/typography/heldout.tsv`:
    /// `cargo test --lib checks::typography::tests::eval -- --nocapture`.
    #[test]
    fn eval() {
        eprintln!("development set:");
        let [tp, fp, fnn, cases] = score(include_str!("../../eval/typography/cases.tsv"));
        assert!(cases >= 50);
        assert!(
            fp * 10 <= tp && fnn * 20 <= tp * 3,
            "tp {tp} fp {fp} fn {fnn}"
        );
        eprintln!("held-out set:");
        let [_, _, _, cases] = score(include_str!("../../eval/typography/heldout.tsv"));
        assert!(cases >= 30);
    }

    /// Prints the findings on any text files, to look for false alarms on
    /// prose the rules were not written against: `TRANSAUDIT_WILD=a.txt:b.txt
    /// cargo test --lib checks::typography::tests::wild -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn wild() {
        let paths = std::env::var("TRANSAUDIT_WILD").unwrap_or_default();
        for path in paths.split(':').filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
            let found = run(&text);
            eprintln!("{path}: {} findings", found.len());
            for f in found {
                eprintln!(
                    "  {}:{} {} {:?} -> {:?}",
                    f.span.line, f.span.column, f.rule, f.text, f.suggestion
                );
            }
        }
    }

    /// Throughput on the two seeds repeated: `cargo test --release --lib
    /// checks::typography::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        let docs = seed_corpus(4_000);
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let check = Typography::new();
        let c0 = cpu_seconds();
        let mut out = Vec::new();
        for d in &docs {
            check.check(d, &mut out);
        }
        let secs = cpu_seconds() - c0;
        eprintln!(
            "typography: {} docs, {:.1} MB in {secs:.2} CPU s on one thread: {:.1} MB/s, {} findings",
            docs.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs,
            out.len()
        );
        assert_eq!(out.len(), 2_000 * 4);
    }
}
