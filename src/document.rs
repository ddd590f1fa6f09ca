//! A decoded document: its text, a line index, and its paragraphs and
//! sentences as byte ranges.
//!
//! Checks work on byte ranges of `text` (Rust slices bytes); the report wants
//! characters. [`Document::span`] and [`Document::finding`] are the one place
//! where a byte range becomes a character [`Span`] with line and column.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::finding::{CheckKind, Finding, Related, Severity, Span};
use crate::text;

/// Start of every line, in bytes and in characters. A line ends after `\n`,
/// after `\r\n`, or after a lone `\r` (old Mac files), as Python's
/// `splitlines` counts them. Checkpoints every few kilobytes keep a look-up
/// cheap on very long lines (a 50 MB file on one line).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// (byte offset, char offset) of each line start; the first is (0, 0).
    starts: Vec<(usize, usize)>,
    /// (byte offset, char offset) every [`CHECKPOINT`] bytes or so, on
    /// character boundaries.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![(0, 0)];
        let mut checkpoints = vec![(0, 0)];
        // Characters are counted by their leading bytes, a run at a time
        // (a loop the compiler vectorises), from one line end or
        // checkpoint to the next.
        let leading = |from: usize, to: usize| {
            bytes[from..to]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count()
        };
        let (mut at, mut chars) = (0, 0);
        let ends = memchr::memchr2_iter(b'\n', b'\r', bytes)
            .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
            .chain(std::iter::once(bytes.len()));
        for end in ends {
            // Checkpoints: the first character boundary at least
            // CHECKPOINT bytes after the previous one.
            loop {
                let mut cp = checkpoints[checkpoints.len() - 1].0 + CHECKPOINT;
                while cp < end && (bytes[cp] as i8) < -0x40 {
                    cp += 1;
                }
                // (A line end is a character boundary of its own.)
                if cp > end || cp >= bytes.len() {
                    break;
                }
                chars += leading(at, cp);
                at = cp;
                checkpoints.push((cp, chars));
            }
            if end < bytes.len() {
                chars += leading(at, end + 1);
                at = end + 1;
                starts.push((at, chars));
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// Character offset, 1-based line and 1-based column of a byte offset
    /// that lies on a character boundary.
    pub fn locate(&self, text: &str, byte: usize) -> (usize, usize, usize) {
        self.locate_from(text, byte, (0, 0))
    }

    /// As `locate`, given the character offset of an earlier byte offset
    /// (`known` = (byte, character)): callers that locate spans in text
    /// order count only the characters since the last one.
    pub fn locate_from(
        &self,
        text: &str,
        byte: usize,
        known: (usize, usize),
    ) -> (usize, usize, usize) {
        let line = self.starts.partition_point(|&(b, _)| b <= byte) - 1;
        let (line_byte, line_char) = self.starts[line];
        let cp = self.checkpoints.partition_point(|&(b, _)| b <= byte) - 1;
        let known = if known.0 <= byte { known } else { (0, 0) };
        let (from_byte, from_char) = self.checkpoints[cp].max((line_byte, line_char)).max(known);
        let offset = from_char + text[from_byte..byte].chars().count();
        (offset, line + 1, offset - line_char + 1)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// A sentence: a byte range of the text, and the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: Arc<str>,
    /// Position in the input order.
    pub index: usize,
    pub text: String,
    /// Where lines start, for locating findings: built on first use (most
    /// documents of a corpus have no per-document finding).
    pub lines: OnceLock<LineIndex>,
    /// Byte ranges, trimmed of surrounding white space, never empty.
    pub paragraphs: Vec<Range<usize>>,
    pub sentences: Vec<Sentence>,
    /// The words of the text ([`text::words`]), found once for the checks
    /// that need them (byte ranges).
    pub words: OnceLock<Box<[(usize, usize)]>>,
    /// [`text::word_hash`] of each of the words, found once for the checks
    /// that compare or look up words by their hashes.
    pub word_hashes: OnceLock<Box<[u64]>>,
}

impl Document {
    pub fn new(id: impl Into<Arc<str>>, index: usize, text: String) -> Self {
        let paragraphs = segment_paragraphs(&text);
        let sentences = paragraphs
            .iter()
            .enumerate()
            .flat_map(|(p, range)| {
                segment_sentences(&text, range.clone())
                    .into_iter()
                    .map(move |range| Sentence {
                        range,
                        paragraph: p,
                    })
            })
            .collect();
        Document {
            id: id.into(),
            index,
            text,
            lines: OnceLock::new(),
            paragraphs,
            sentences,
            words: OnceLock::new(),
            word_hashes: OnceLock::new(),
        }
    }

    /// The words of the text, in order.
    pub fn words(&self) -> impl Iterator<Item = text::Word<'_>> + '_ {
        self.words_in(0..self.text.len())
    }

    /// The words inside a byte range (a paragraph or a sentence: ranges that
    /// do not cut words), as [`text::words`] would give them.
    pub fn words_in(&self, r: Range<usize>) -> impl Iterator<Item = text::Word<'_>> + '_ {
        self.word_ranges_in(r)
            .iter()
            .map(|&(start, end)| text::Word {
                start,
                end,
                text: &self.text[start..end],
            })
    }

    /// The byte ranges of [`Document::words_in`].
    pub fn word_ranges_in(&self, r: Range<usize>) -> &[(usize, usize)] {
        &self.all_words()[self.word_indices(r)]
    }

    /// The byte ranges of the words inside a byte range and their hashes
    /// ([`text::word_hash`]).
    pub fn word_hashes_in(&self, r: Range<usize>) -> (&[(usize, usize)], &[u64]) {
        let all = self.all_words();
        let hashes = self.word_hashes.get_or_init(|| {
            all.iter()
                .map(|&(a, b)| text::word_hash(&self.text[a..b]))
                .collect()
        });
        let i = self.word_indices(r);
        (&all[i.clone()], &hashes[i])
    }

    fn all_words(&self) -> &[(usize, usize)] {
        self.words.get_or_init(|| {
            text::words(&self.text, 0)
                .map(|w| (w.start, w.end))
                .collect()
        })
    }

    /// Indices of the words inside a byte range.
    fn word_indices(&self, r: Range<usize>) -> Range<usize> {
        let all = self.all_words();
        let from = all.partition_point(|&(start, _)| start < r.start);
        let to = from + all[from..].partition_point(|&(_, end)| end <= r.end);
        from..to
    }

    /// The character span of a byte range.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        self.span_after(bytes, &mut (0, 0))
    }

    /// As `span`, for callers that take spans in text order: `cursor` holds
    /// (byte, character) offsets of the previous span's start and is moved
    /// to this one's, so that characters are counted only once.
    pub fn span_after(&self, bytes: Range<usize>, cursor: &mut (usize, usize)) -> Span {
        let lines = self.lines.get_or_init(|| LineIndex::new(&self.text));
        let (start, line, column) = lines.locate_from(&self.text, bytes.start, *cursor);
        *cursor = (bytes.start, start);
        // Spans are short: count the end from the start.
        let end = start
            + self.text[bytes.start..bytes.end.max(bytes.start)]
                .chars()
                .count();
        Span {
            start,
            end,
            line,
            column,
        }
    }

    /// A finding over a byte range, its `text` taken from the document.
    pub fn finding(
        &self,
        bytes: Range<usize>,
        check: CheckKind,
        rule: &str,
        severity: Severity,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            doc: self.id.clone(),
            doc_index: self.index,
            span: self.span(bytes.clone()),
            check,
            rule: rule.into(),
            severity,
            lang: None,
            text: self.text[bytes].to_string(),
            suggestion: None,
            related: None,
            score: 1.0,
            message: message.into(),
            source_lang: None,
        }
    }

    /// A reference to a byte range of this document, for `related_*`.
    pub fn related(&self, bytes: Range<usize>) -> Related {
        let span = self.span(bytes);
        Related {
            doc: self.id.clone(),
            start: span.start,
            end: span.end,
        }
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.range.clone()]
    }

    /// The sentence holding a byte offset, if any.
    pub fn sentence_at(&self, byte: usize) -> Option<&Sentence> {
        let i = self.sentences.partition_point(|s| s.range.end <= byte);
        self.sentences.get(i).filter(|s| s.range.start <= byte)
    }
}

/// Paragraphs are separated by blank lines; a text with no blank line at all
/// (seed 000: one paragraph per line) has one paragraph per non-empty line.
pub fn segment_paragraphs(text: &str) -> Vec<Range<usize>> {
    let lines = line_ranges(text);
    let is_blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();
    let has_blank_separator = {
        let first = lines.iter().position(|r| !is_blank(r));
        let last = lines.iter().rposition(|r| !is_blank(r));
        match (first, last) {
            (Some(a), Some(b)) => lines[a..=b].iter().any(is_blank),
            _ => false,
        }
    };
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        if is_blank(&line) {
            out.extend(current.take());
        } else if has_blank_separator {
            current = Some(match current {
                Some(c) => c.start..line.end,
                None => line,
            });
        } else {
            out.push(line);
        }
    }
    out.extend(current);
    out.into_iter()
        .map(|r| text::trim_range(text, r))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Byte ranges of the lines, without their line breaks.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(start..i);
                start = i + 1;
            }
            b'\r' => {
                out.push(start..i);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "gov", "sen",
    "rep", "rev", "vs", "etc", "no", "nos", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "approx", "dept", "fig",
];

/// Splits a paragraph into sentences. A sentence ends at `.`, `!`, `?` or `…`
/// (with any closing quotes or brackets after it) when white space and a
/// capital, digit or opening quote follow; also where a period is glued to
/// the next capitalised word (`seek it.Lini`), the join scrapers leave.
/// Line breaks inside a paragraph do not end a sentence: hard-wrapped text.
pub fn segment_sentences(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let p = &text[para.clone()];
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0;
    // Byte search for terminators (0xE2 leads `…`), then characters
    // around them only: two vectorised searches, each result kept until
    // the scan passes it (0xE2 also leads curly quotes and dashes).
    let bytes = p.as_bytes();
    let punct = |from: usize| memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map(|x| from + x);
    let lead = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|x| from + x);
    let (mut next_punct, mut next_lead) = (punct(0), lead(0));
    loop {
        if next_punct.is_some_and(|x| x < i) {
            next_punct = punct(i);
        }
        if next_lead.is_some_and(|x| x < i) {
            next_lead = lead(i);
        }
        let Some(pos) = [next_punct, next_lead].into_iter().flatten().min() else {
            break;
        };
        let c = p[pos..].chars().next().expect("a character starts here");
        i = pos + c.len_utf8();
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Extend over closing punctuation.
        let mut end = i;
        let mut next = None;
        for n in p[i..].chars() {
            if !is_closing(n) {
                next = Some(n);
                break;
            }
            end += n.len_utf8();
        }
        let boundary = match next {
            None => true,
            Some(n) if n.is_whitespace() => match p[end..].trim_start().chars().next() {
                Some(n2) => {
                    (n2.is_uppercase() || n2.is_ascii_digit() || is_opening(n2))
                        && !(c == '.' && is_abbreviation(&p[start..pos]))
                }
                None => true,
            },
            // `it.Lini`: a lower-case word of two or more letters glued
            // to a capitalised one. `U.S.A` and `e.g.` are left alone.
            Some(n) if c == '.' && n.is_uppercase() && end == i => {
                glued_lowercase_word(&p[start..pos])
            }
            _ => false,
        };
        if boundary {
            push_trimmed(text, para.start + start..para.start + end, &mut out);
            start = end;
        }
        i = end;
    }
    push_trimmed(text, para.start + start..para.end, &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let r = text::trim_range(text, r);
    if !r.is_empty() {
        out.push(r);
    }
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '.' | '!' | '?' | '…'
    )
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '—' | '-')
}

fn last_word(s: &str) -> &str {
    let end = s.trim_end();
    let start = end
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map_or(0, |i| i + end[i..].chars().next().map_or(1, char::len_utf8));
    &end[start..]
}

fn is_abbreviation(before: &str) -> bool {
    let w = last_word(before);
    let lower = w.to_lowercase();
    // A single letter (initials, "U.S") or a listed abbreviation.
    w.chars().count() == 1 || w.contains('.') || ABBREVIATIONS.contains(&lower.as_str())
}

fn glued_lowercase_word(before: &str) -> bool {
    let w = last_word(before);
    w.chars().count() >= 2 && w.chars().all(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testutil::TestRng;

    fn paragraphs(t: &str) -> Vec<&str> {
        segment_paragraphs(t).into_iter().map(|r| &t[r]).collect()
    }

    fn sentences(t: &str) -> Vec<&str> {
        segment_sentences(t, 0..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(paragraphs("a b\nc\n\n d \n\n\n"), vec!["a b\nc", "d"]);
    }

    #[test]
    fn files_without_blank_lines_have_a_paragraph_per_line() {
        assert_eq!(
            paragraphs("\nOne.\nTwo.\r\nThree"),
            vec!["One.", "Two.", "Three"]
        );
    }

    #[test]
    fn sentences_split_on_terminal_punctuation() {
        assert_eq!(
            sentences("He left. “She stayed,” he said. Mr. Smith came at 5 p.m. today! Why?"),
            vec![
                "He left.",
                "“She stayed,” he said.",
                "Mr. Smith came at 5 p.m. today!",
                "Why?"
            ]
        );
    }

    #[test]
    fn glued_footer_is_its_own_sentence() {
        assert_eq!(
            sentences("who is willing to seek it.Lini një Përgjigje"),
            vec!["who is willing to seek it.", "Lini një Përgjigje"]
        );
        assert_eq!(
            sentences("the U.S.A and e.g.Paris"),
            vec!["the U.S.A and e.g.Paris"]
        );
    }

    #[test]
    fn line_index_counts_characters_and_all_line_endings() {
        let t = "añb\r\nc\rdé\nf";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        let f = t.find('f').unwrap();
        assert_eq!(idx.locate(t, f), (10, 4, 1));
        let e = t.find('é').unwrap();
        assert_eq!(idx.locate(t, e), (8, 3, 2));
        assert_eq!(idx.locate(t, t.find('b').unwrap()), (2, 1, 3));
    }

    /// The segmenter as first written: over a vector of all characters.
    fn reference_sentences(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
        let p = &text[para.clone()];
        let mut out = Vec::new();
        let mut start = 0usize;
        let chars: Vec<(usize, char)> = p.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if matches!(c, '.' | '!' | '?' | '…') {
                // Extend over closing punctuation.
                let mut j = i + 1;
                while j < chars.len() && is_closing(chars[j].1) {
                    j += 1;
                }
                let end = chars.get(j).map_or(p.len(), |&(b, _)| b);
                let next = chars.get(j).map(|&(_, c)| c);
                let boundary = match next {
                    None => true,
                    Some(n) if n.is_whitespace() => {
                        let mut k = j;
                        while k < chars.len() && chars[k].1.is_whitespace() {
                            k += 1;
                        }
                        match chars.get(k) {
                            Some(&(_, n2)) => {
                                (n2.is_uppercase() || n2.is_ascii_digit() || is_opening(n2))
                                    && !(c == '.' && is_abbreviation(&p[start..pos]))
                            }
                            None => true,
                        }
                    }
                    // `it.Lini`: a lower-case word of two or more letters glued
                    // to a capitalised one. `U.S.A` and `e.g.` are left alone.
                    Some(n) if c == '.' && n.is_uppercase() && j == i + 1 => {
                        glued_lowercase_word(&p[start..pos])
                    }
                    _ => false,
                };
                if boundary {
                    push_trimmed(text, para.start + start..para.start + end, &mut out);
                    start = end;
                }
                i = j;
                continue;
            }
            let _ = pos;
            i += 1;
        }
        push_trimmed(text, para.start + start..para.end, &mut out);
        out
    }

    #[test]
    fn sentences_equal_those_of_the_character_vector_segmenter() {
        let pieces = [
            "a", "É", "é", " ", "  ", "\n", ".", "!", "?", "…", "”", "’", ")", "\"", "“", "(",
            "Mr", "U.S", "e.g", "it", "Lini", "5", "—", "€", "x",
        ];
        let mut rng = TestRng::new(1);
        for round in 0..3000 {
            let t = rng.text(&pieces, round % 60);
            for para in [0..t.len(), t.len() / 2..t.len()] {
                if t.is_char_boundary(para.start) {
                    let want = reference_sentences(&t, para.clone());
                    assert_eq!(segment_sentences(&t, para), want, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn words_of_paragraphs_and_sentences_are_those_of_their_slices() {
        let pieces = [
            "a", "É", "é", " ", "\n\n", "\n", ".", "!", "?", "…", "”", "’", "'", "-", ")", "\"",
            "“", "Mr", "U.S", "it", "Lini", "5", "—", "x", "\u{301}", "\r\n", "\u{200b}", "\t",
        ];
        let mut rng = TestRng::new(2);
        for round in 0..2000 {
            let t = rng.text(&pieces, round % 80);
            let doc = Document::new("d", 0, t.clone());
            // Paragraphs, sentences, and the lines of a sentence trimmed (the
            // remnant check's pieces).
            let lines = doc.sentences.iter().flat_map(|s| {
                let mut start = s.range.start;
                let mut pieces = Vec::new();
                for (i, c) in t[s.range.clone()].char_indices() {
                    if c == '\n' || c == '\r' {
                        pieces.push(text::trim_range(&t, start..s.range.start + i));
                        start = s.range.start + i + 1;
                    }
                }
                pieces.push(text::trim_range(&t, start..s.range.end));
                pieces
            });
            let ranges = doc
                .paragraphs
                .iter()
                .cloned()
                .chain(doc.sentences.iter().map(|s| s.range.clone()))
                .chain(lines);
            for r in ranges {
                let want: Vec<text::Word> = text::words(&t[r.clone()], r.start).collect();
                assert_eq!(
                    doc.words_in(r.clone()).collect::<Vec<_>>(),
                    want,
                    "{t:?} {r:?}"
                );
            }
            assert_eq!(
                doc.words().collect::<Vec<_>>(),
                text::words(&t, 0).collect::<Vec<_>>()
            );
        }
    }

    /// (byte, character) offsets: line starts, then checkpoints.
    type Offsets = (Vec<(usize, usize)>, Vec<(usize, usize)>);

    /// The index as first written: one byte at a time.
    fn reference_index(text: &str) -> Offsets {
        let (mut starts, mut checkpoints) = (vec![(0, 0)], vec![(0, 0)]);
        let bytes = text.as_bytes();
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if (b & 0xC0) != 0x80 {
                if i >= checkpoints[checkpoints.len() - 1].0 + CHECKPOINT {
                    checkpoints.push((i, chars));
                }
                chars += 1;
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push((i + 1, chars));
            }
        }
        (starts, checkpoints)
    }

    #[test]
    fn line_index_equals_the_byte_at_a_time_one() {
        let pieces = ["a", "é", "€", "😀", "\n", "\r", "\r\n", " ", "xyz"];
        let mut rng = TestRng::new(3);
        for round in 0..400 {
            let mut t = String::new();
            // Long lines (past several checkpoints) and many short ones.
            let len = if round % 4 == 0 { 20_000 } else { 300 };
            while t.len() < len {
                let piece = rng.pick(&pieces);
                let run = if round % 2 == 0 && piece.len() == 1 {
                    700
                } else {
                    1
                };
                t.push_str(&piece.repeat(run));
            }
            let idx = LineIndex::new(&t);
            assert_eq!(
                (idx.starts, idx.checkpoints),
                reference_index(&t),
                "round {round}"
            );
        }
        for t in ["", "\n", "\r", "\r\n", "é", &"é".repeat(5000)] {
            let idx = LineIndex::new(t);
            assert_eq!((idx.starts, idx.checkpoints), reference_index(t), "{t:?}");
        }
    }

    #[test]
    fn long_lines_locate_through_checkpoints() {
        let t = format!("é\n{}x{}", "ab€".repeat(5000), "z".repeat(9000));
        let idx = LineIndex::new(&t);
        for byte in [0, 3, 5000, 15002, t.find('x').unwrap(), t.len()] {
            if !t.is_char_boundary(byte) {
                continue;
            }
            let chars = t[..byte].chars().count();
            let line_start = if byte >= 3 { 2 } else { 0 };
            let expected = (chars, 1 + usize::from(byte >= 3), chars - line_start + 1);
            assert_eq!(idx.locate(&t, byte), expected, "byte {byte}");
        }
    }

    #[test]
    fn spans_taken_in_order_agree_with_spans_taken_alone() {
        let t = format!("é\r\n{}\nx{}\r€ z", "ab€ ".repeat(3000), "ü".repeat(5000));
        let doc = Document::new("d", 0, t.clone());
        let bounds: Vec<usize> = (0..=t.len()).filter(|&b| t.is_char_boundary(b)).collect();
        let mut cursor = (0, 0);
        // In order, with a step back to check the fallback.
        for (k, pair) in bounds.windows(2).enumerate().step_by(97) {
            let r = pair[0]..pair[1];
            assert_eq!(
                doc.span_after(r.clone(), &mut cursor),
                doc.span(r.clone()),
                "{r:?}"
            );
            if k % 5 == 0 {
                let back = 0..pair[0].min(3);
                assert_eq!(doc.span_after(back.clone(), &mut cursor), doc.span(back));
            }
        }
    }

    #[test]
    fn span_and_finding_use_characters() {
        let doc = Document::new("d", 0, "«Ünï» kyiv".to_string());
        let b = doc.text.find("kyiv").unwrap();
        let f = doc.finding(b..b + 4, CheckKind::Typography, "X", Severity::Info, "m");
        assert_eq!((f.span.start, f.span.end, f.span.column), (6, 10, 7));
        assert_eq!(f.text, "kyiv");
    }
}
