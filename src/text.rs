//! Small text helpers shared by the checks: word tokens with byte ranges,
//! trimming, and case folding.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A word of the text: its byte range and its slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Word<'_> {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// True for characters that make up words: letters, digits, and marks
/// (combining accents of NFD text stay inside their word).
#[inline]
pub fn is_word_char(c: char) -> bool {
    // Most text is ASCII: answer it without the Unicode tables.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The words of `s`, offsets relative to `base`. A word is a run of word
/// characters; an apostrophe or hyphen between two word characters stays
/// inside it (`don't`, `aujourd’hui`, `high-level`).
pub fn words(s: &str, base: usize) -> impl Iterator<Item = Word<'_>> + '_ {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = it.next()?;
            if is_word_char(c) {
                break i;
            }
        };
        let mut end = s.len();
        while let Some(&(i, c)) = it.peek() {
            if is_word_char(c) {
                it.next();
                continue;
            }
            if matches!(c, '\'' | '’' | '-' | '‑') {
                let next = s[i + c.len_utf8()..].chars().next();
                if next.is_some_and(is_word_char) {
                    it.next();
                    continue;
                }
            }
            end = i;
            break;
        }
        Some(Word {
            start: base + start,
            end: base + end,
            text: &s[start..end],
        })
    })
}

/// Shrinks a byte range to exclude leading and trailing white space
/// (including zero-width and byte-order-mark characters).
pub fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let is_space = |c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}');
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trail = s.len() - s.trim_end_matches(is_space).len();
    if lead == s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// Lower-cases and folds typographic apostrophes, for dictionary look-ups.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer (ASCII without decoding characters).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        for c in s.chars() {
            if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
pub fn fnv(h: u64, c: u32) -> u64 {
    (h ^ c as u64).wrapping_mul(FNV_PRIME)
}

/// FNV-1a over bytes: a fast hash for the short strings of the word sets
/// (SipHash's resistance to flooding is not needed for word lists).
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let start = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        self.0 = bytes.iter().fold(start, |h, &b| fnv(h, u32::from(b)));
    }
}

pub type FnvSet<T> = HashSet<T, std::hash::BuildHasherDefault<Fnv>>;
pub type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

// Word hashes: FNV-1a over the folded characters of a word (case and
// apostrophes folded), then mixed. The duplicate check compares passages by
// them and the rule packs look words up by them.

/// One character of a word into its hash, case and apostrophes folded.
#[inline]
pub fn fold_char(h: u64, c: char) -> u64 {
    if c.is_ascii() {
        fnv(h, c.to_ascii_lowercase() as u32)
    } else if matches!(c, '’' | 'ʼ' | '‘') {
        fnv(h, '\'' as u32)
    } else {
        c.to_lowercase().fold(h, |h, l| fnv(h, l as u32))
    }
}

/// Hash of a word with case and apostrophes folded (FNV-1a, then mixed),
/// ASCII without decoding characters.
pub fn word_hash(w: &str) -> u64 {
    let b = w.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            h = fnv(h, b[i].to_ascii_lowercase() as u32);
            i += 1;
        } else {
            let c = w[i..].chars().next().expect("a character boundary");
            h = fold_char(h, c);
            i += c.len_utf8();
        }
    }
    mix(h)
}

/// SplitMix64's finaliser: a fast, well-spread 64-bit mix.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Values by [`word_hash`], open-addressed: one probe, no key to compare
/// but the hash. A word that is not in the table takes the hash of one that
/// is with a chance of (entries / 2^64).
#[derive(Debug, Clone)]
pub struct ByWordHash<V> {
    slots: Vec<Option<(u64, V)>>,
    len: usize,
}

impl<V> Default for ByWordHash<V> {
    fn default() -> Self {
        ByWordHash {
            slots: Vec::new(),
            len: 0,
        }
    }
}

impl<V: Copy> ByWordHash<V> {
    /// Sets the value of a hash (a value set before is replaced).
    pub fn insert(&mut self, hash: u64, value: V) {
        // At most half full.
        if 2 * (self.len + 1) > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![None; (old.len() * 2).max(64)];
            self.len = 0;
            for (h, v) in old.into_iter().flatten() {
                self.insert(h, v);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            match &mut self.slots[i] {
                Some((h, v)) if *h == hash => {
                    *v = value;
                    return;
                }
                Some(_) => i = (i + 1) & mask,
                slot @ None => {
                    *slot = Some((hash, value));
                    self.len += 1;
                    return;
                }
            }
        }
    }

    pub fn get(&self, hash: u64) -> Option<V> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = hash as usize & mask;
        while let Some(Some((h, v))) = self.slots.get(i) {
            if *h == hash {
                return Some(*v);
            }
            i = (i + 1) & mask;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let w: Vec<&str> = words("It’s a high-level, “tête-à-tête” -- 2022!", 0)
            .map(|w| w.text)
            .collect();
        assert_eq!(w, vec!["It’s", "a", "high-level", "tête-à-tête", "2022"]);
    }

    #[test]
    fn word_offsets_are_bytes_from_base() {
        let w: Vec<Word> = words("é b", 10).collect();
        assert_eq!((w[1].start, w[1].end), (13, 14));
    }

    #[test]
    fn trim_range_drops_space_both_sides() {
        let t = "  ab \n";
        assert_eq!(&t[trim_range(t, 0..t.len())], "ab");
        assert_eq!(trim_range(t, 0..2), 0..0);
    }
}
