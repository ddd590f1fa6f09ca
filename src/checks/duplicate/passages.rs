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
use crate::text;

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
    text::words(&text[range.clone()], range.start)
        .map(|w| Token {
            hash: word_hash(w.text),
            start: w.start,
            end: w.end,
        })
        .collect()
}

/// Hash of a word with case and apostrophes folded (FNV-1a, then mixed).
pub(crate) fn word_hash(w: &str) -> u64 {
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
}

/// SplitMix64's finaliser: a fast, well-spread 64-bit mix.
#[inline]
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
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
    for (i, c) in p.char_indices() {
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
        assert_ne!(word_hash("peace"), word_hash("paz"));
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
