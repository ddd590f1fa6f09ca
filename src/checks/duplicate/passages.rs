//! Passages of a document and their normalised words.
//!
//! A passage is a unit that can be copied: a paragraph (which also covers
//! titles and bylines, short lines of their own), each sentence of a
//! paragraph that has more than one, and each quotation long enough to be a
//! sentence of its own (a subheading quoted again inside a paragraph). Words
//! are normalised before hashing: case is folded, typographic apostrophes are
//! straightened, and punctuation and white space are not words at all, so
//! `“Peace,” he said` and `peace he said` hash alike.

use std::ops::Range;

use crate::document::Document;
use crate::text::{self, fnv, fold_char, mix, FNV_OFFSET};

/// What kind of unit a passage is; it decides the minimum length at which a
/// repeat is worth reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Paragraph,
    Sentence,
    Quote,
}

/// A normalised word: the hash of its folded form and its byte range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub hash: u64,
    pub start: usize,
    pub end: usize,
}

/// The normalised words of `text[range]`, byte ranges into `text`.
pub(crate) fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(text, range, &mut out);
    out
}

/// Appends the normalised words of `text[range]` to `out`: the words of
/// [`text::words`] hashed as [`word_hash`] does, in one pass over the bytes
/// (ASCII without decoding characters).
pub(crate) fn tokens_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let s = &text[range.clone()];
    let b = s.as_bytes();
    let n = b.len();
    let char_at = |i: usize| s[i..].chars().next().expect("a character boundary");
    let word_at = |i: usize| {
        i < n
            && if b[i] < 0x80 {
                b[i].is_ascii_alphanumeric()
            } else {
                text::is_word_char(char_at(i))
            }
    };
    let mut i = 0;
    while i < n {
        if b[i] < 0x80 {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = char_at(i);
            if !text::is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A word starts at `i`; each turn takes one of its characters.
        let start = i;
        let mut h = FNV_OFFSET;
        loop {
            if b[i] < 0x80 {
                h = fnv(h, b[i].to_ascii_lowercase() as u32);
                i += 1;
            } else {
                let c = char_at(i);
                h = fold_char(h, c);
                i += c.len_utf8();
            }
            if i >= n {
                break;
            }
            // The next character continues the word if it is a word
            // character, or an apostrophe or hyphen before one.
            let (c, len) = if b[i] < 0x80 {
                (b[i] as char, 1)
            } else {
                let c = char_at(i);
                (c, c.len_utf8())
            };
            if word_at(i) {
                continue;
            }
            if matches!(c, '\'' | '’' | '-' | '‑') && word_at(i + len) {
                h = fold_char(h, c);
                i += len;
                continue;
            }
            break;
        }
        out.push(Token {
            hash: mix(h),
            start: range.start + start,
            end: range.start + i,
        });
    }
}

/// The tokens of a paragraph of `doc` (or any range that cuts no word), as
/// [`tokens_into`] gives them: the document's words and their hashes, found
/// once for all the checks ([`Document::word_hashes_in`]).
pub(crate) fn document_tokens_into(doc: &Document, range: Range<usize>, out: &mut Vec<Token>) {
    let (words, hashes) = doc.word_hashes_in(range);
    out.extend(
        words
            .iter()
            .zip(hashes)
            .map(|(&(start, end), &hash)| Token { hash, start, end }),
    );
}

/// Hash of a sequence of word hashes (order matters).
pub(crate) fn seq_hash(words: impl IntoIterator<Item = u64>) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut n = 0u64;
    for w in words {
        h = mix(h.rotate_left(23) ^ w);
        n += 1;
    }
    mix(h ^ n)
}

/// The passages of a document: byte range and kind, sorted by start (then
/// longest first), no range twice.
pub(crate) fn passages(doc: &Document, quote_min_words: usize) -> Vec<(Range<usize>, Kind)> {
    let mut out: Vec<(Range<usize>, Kind)> = Vec::new();
    let mut s = 0usize;
    for (p, para) in doc.paragraphs.iter().enumerate() {
        out.push((para.clone(), Kind::Paragraph));
        let first = s;
        while s < doc.sentences.len() && doc.sentences[s].paragraph == p {
            s += 1;
        }
        let sentences = &doc.sentences[first..s];
        if sentences.len() > 1 {
            for sent in sentences {
                out.push((sent.range.clone(), Kind::Sentence));
            }
        }
        for q in quotes(&doc.text, para.clone()) {
            if text::words(&doc.text[q.clone()], 0).count() >= quote_min_words {
                out.push((q, Kind::Quote));
            }
        }
    }
    out.sort_by(|a, b| {
        (a.0.start, std::cmp::Reverse(a.0.end), a.1).cmp(&(
            b.0.start,
            std::cmp::Reverse(b.0.end),
            b.1,
        ))
    });
    out.dedup_by(|b, a| a.0 == b.0);
    out
}

/// Quotations inside a paragraph: the text between matching `“”`, `«»` or
/// straight double quotes, without the marks and without trailing commas,
/// colons or semicolons.
pub(crate) fn quotes(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let p = &text[para.clone()];
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    // Only the quotation marks matter: find them by their bytes (`"`, and
    // the lead bytes of `“”` and `«»`) rather than decoding every character.
    let marks = p
        .bytes()
        .enumerate()
        .filter(|&(_, b)| matches!(b, b'"' | 0xC2 | 0xE2))
        .filter_map(|(i, _)| p[i..].chars().next().map(|c| (i, c)));
    for (i, c) in marks {
        match (open, c) {
            (None, '“' | '«' | '"') => open = Some((i + c.len_utf8(), c)),
            (Some((start, o)), '”' | '»' | '"') if closes(o, c) => {
                let r = text::trim_range(text, para.start + start..para.start + i);
                let inner = &text[r.clone()];
                let trimmed = inner.trim_end_matches([',', ';', ':', ' ']);
                let r = r.start..r.start + trimmed.len();
                if !r.is_empty() {
                    out.push(r);
                }
                open = None;
            }
            // A new opening quote before the old one closed: restart there.
            (Some(_), '“' | '«') => open = Some((i + c.len_utf8(), c)),
            _ => {}
        }
    }
    out
}

fn closes(open: char, close: char) -> bool {
    matches!(
        (open, close),
        ('“', '”') | ('«', '»') | ('"', '"') | ('“', '"') | ('"', '”')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_words_fold_case_and_punctuation() {
        let a = "“Peace,”  he SAID—it’s over.";
        let b = "peace he said it's over";
        let ha: Vec<u64> = tokens(a, 0..a.len()).iter().map(|t| t.hash).collect();
        let hb: Vec<u64> = tokens(b, 0..b.len()).iter().map(|t| t.hash).collect();
        assert_eq!(ha, hb);
        assert_ne!(text::word_hash("peace"), text::word_hash("paz"));
    }

    /// The words of [`text::words`], hashed one character at a time.
    fn reference_tokens(text: &str, range: Range<usize>) -> Vec<(u64, usize, usize)> {
        let hash = |w: &str| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            let mut step = |c: char| {
                h ^= c as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            };
            for c in w.chars() {
                if c.is_ascii() {
                    step(c.to_ascii_lowercase());
                } else if matches!(c, '’' | 'ʼ' | '‘') {
                    step('\'');
                } else {
                    c.to_lowercase().for_each(&mut step);
                }
            }
            mix(h)
        };
        text::words(&text[range.clone()], range.start)
            .map(|w| (hash(w.text), w.start, w.end))
            .collect()
    }

    #[test]
    fn tokens_are_the_words_of_the_text_module() {
        let alphabet: Vec<char> = "aZq5 \n.,;'’ʼ‘-‑—“”éÉİßΣ\u{301}中😀x".chars().collect();
        let mut rng = crate::checks::testutil::TestRng::new(1);
        let mut next = |n: u64| rng.below(n);
        for _ in 0..20000 {
            let len = next(24);
            let t: String = (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            let a = bounds[next(bounds.len() as u64) as usize];
            let b = bounds[next(bounds.len() as u64) as usize];
            for r in [0..t.len(), a.min(b)..a.max(b)] {
                let got: Vec<(u64, usize, usize)> = tokens(&t, r.clone())
                    .iter()
                    .map(|w| (w.hash, w.start, w.end))
                    .collect();
                assert_eq!(got, reference_tokens(&t, r.clone()), "{t:?} {r:?}");
            }
            // The same from a document's words, paragraph by paragraph.
            let doc = Document::new("d", 0, t.clone());
            for p in &doc.paragraphs {
                let mut got = Vec::new();
                document_tokens_into(&doc, p.clone(), &mut got);
                let got: Vec<_> = got.iter().map(|w| (w.hash, w.start, w.end)).collect();
                assert_eq!(got, reference_tokens(&t, p.clone()), "{t:?} {p:?}");
            }
        }
        let t = "It’s a high-level, “tête-à-tête” -- 2022! DON'T ‑x- y‑z İstanbul";
        let got: Vec<(u64, usize, usize)> = tokens(t, 0..t.len())
            .iter()
            .map(|w| (w.hash, w.start, w.end))
            .collect();
        assert_eq!(got, reference_tokens(t, 0..t.len()));
    }

    #[test]
    fn quotes_are_found_without_marks_and_trailing_commas() {
        let t = "He said “one two three,” and then \"four five\" and «six».";
        let q: Vec<&str> = quotes(t, 0..t.len()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, vec!["one two three", "four five", "six"]);
    }

    #[test]
    fn passages_list_paragraphs_sentences_and_quotes_once() {
        let doc = Document::new(
            "d",
            0,
            "Title here\n\nOne sentence. Another “quoted words of a sentence inside” here.\n\nSingle.".to_string(),
        );
        let ps: Vec<(&str, Kind)> = passages(&doc, 3)
            .into_iter()
            .map(|(r, k)| (&doc.text[r], k))
            .collect();
        assert_eq!(
            ps,
            vec![
                ("Title here", Kind::Paragraph),
                (
                    "One sentence. Another “quoted words of a sentence inside” here.",
                    Kind::Paragraph
                ),
                ("One sentence.", Kind::Sentence),
                (
                    "Another “quoted words of a sentence inside” here.",
                    Kind::Sentence
                ),
                ("quoted words of a sentence inside", Kind::Quote),
                ("Single.", Kind::Paragraph),
            ]
        );
    }
}
