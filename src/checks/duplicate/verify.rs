//! Verification of candidate pairs with a real similarity, and the short
//! phrase in which two verified copies differ.
//!
//! LSH only proposes; every pair is measured here before it is reported.
//! Short passages (titles, sentences) are compared by word-level edit
//! distance, which a single changed word does not ruin; longer ones by the
//! Jaccard similarity of their word shingles, or by containment
//! (|A∩B| / min(|A|, |B|)) when one is mostly inside the other (a paragraph
//! split in two, or two merged).

use std::ops::Range;

use super::passages::seq_hash;

/// The measures and thresholds of one comparison.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verifier {
    pub shingle: usize,
    pub threshold: f64,
    pub short_threshold: f64,
    pub short_max_words: usize,
    pub containment: f64,
    pub containment_min_words: usize,
}

impl Verifier {
    /// The similarity of two word-hash sequences if they are near
    /// duplicates, `None` otherwise; `true` when it is a containment (one
    /// mostly inside the other) rather than a likeness of the whole.
    pub fn similarity<T: Copy + Eq + Into<u64>>(&self, a: &[T], b: &[T]) -> Option<(f64, bool)> {
        let mut p = Prepared::default();
        self.prepare(a.iter().map(|&x| x.into()), &mut p);
        self.prepare(b.iter().map(|&x| x.into()), &mut p);
        self.similarity_of(p.get(0), p.get(1))
    }

    /// Appends a passage's words (cut to 32 bits) and, if it is long enough
    /// to need them, its distinct shingle hashes (see [`shingle_hashes`])
    /// cut to 32 bits and sorted to `out`, computed once however many
    /// candidates the passage is in.
    pub fn prepare(&self, words: impl Iterator<Item = u64> + Clone, out: &mut Prepared) {
        let start = out.data.len();
        out.data.extend(words.clone().map(|w| w as u32));
        let n = out.data.len() - start;
        if n >= self.shingles_min_words() {
            shingle_hashes(words, n, self.shingle, |h| out.data.push(h as u32));
            let shingles = &mut out.data[start + n..];
            shingles.sort_unstable();
            let mut kept = 0;
            for i in 0..shingles.len() {
                if i == 0 || shingles[i] != shingles[kept - 1] {
                    shingles[kept] = shingles[i];
                    kept += 1;
                }
            }
            out.data.truncate(start + n + kept);
        }
        out.index
            .push((start as u64, n as u32, (out.data.len() - start - n) as u32));
    }

    /// Passages of fewer words are compared by their edits only: they have
    /// no shingles.
    pub fn shingles_min_words(&self) -> usize {
        self.containment_min_words.min(self.short_max_words + 1)
    }

    /// Whether two passages can pass [`Verifier::similarity_of`] by
    /// Jaccard or containment (not by edits), judged from their word counts
    /// and shingle bits ([`shingle_bit`]) alone. A bit set in one mask only
    /// is at least one shingle missing from the other passage, so the test
    /// is exact: with `x` of A's at most `n_A` shingles missing from B,
    /// the Jaccard similarity is at most `1 - x / n_A`, and so is the
    /// containment when A is the smaller.
    pub fn shingles_may_pass(&self, words: [usize; 2], masks: [u64; 2]) -> bool {
        let (short, long) = (words[0].min(words[1]), words[0].max(words[1]));
        if short < self.shingles_min_words()
            || (short < self.containment_min_words && long <= self.short_max_words)
        {
            return false;
        }
        let k = self.shingle.max(1);
        // The share of each passage's shingles that the other may hold.
        let share = |i: usize| {
            let missing = (masks[i] & !masks[1 - i]).count_ones() as f64;
            let most = words[i].saturating_sub(k - 1).max(1) as f64;
            1.0 - missing / most
        };
        let (a, b) = (share(0), share(1));
        // A little slack: the bound may not be rounded below a similarity
        // that reaches the threshold exactly.
        const SLACK: f64 = 1e-9;
        let jaccard =
            a.min(b) + SLACK >= self.threshold && long > self.short_max_words.max(self.shingle);
        let containment =
            short >= self.containment_min_words && a.max(b) + SLACK >= self.containment;
        jaccard || containment
    }

    /// [`Verifier::similarity`] of prepared passages.
    pub fn similarity_of(&self, a: PreparedRef, b: PreparedRef) -> Option<(f64, bool)> {
        let (a_w, b_w) = (a.words, b.words);
        if a_w.is_empty() || b_w.is_empty() {
            return None;
        }
        if a_w == b_w {
            return Some((1.0, false));
        }
        let (short, long) = if a_w.len() <= b_w.len() {
            (a_w, b_w)
        } else {
            (b_w, a_w)
        };
        if long.len() <= self.short_max_words {
            // At most this many word edits, rounded to the nearest word, so
            // that one changed word in a 6-word line counts, and two in a
            // 10-word one.
            let allowed = allowed_edits(long.len(), self.short_threshold);
            if let Some(d) = levenshtein_within(a_w, b_w, allowed) {
                return Some((1.0 - d as f64 / long.len() as f64, false));
            }
        }
        if short.len() < self.containment_min_words && long.len() <= self.short_max_words {
            return None;
        }
        let (sa, sb) = (a.shingles, b.shingles);
        if sa.is_empty() || sb.is_empty() {
            return None;
        }
        let inter = intersection(sa, sb);
        let jaccard = inter as f64 / (sa.len() + sb.len() - inter) as f64;
        // Short passages are judged by their edits alone: a few shared
        // 3-grams make a high Jaccard between two different short lines.
        if jaccard >= self.threshold && long.len() > self.short_max_words.max(self.shingle) {
            return Some((jaccard, false));
        }
        if short.len() >= self.containment_min_words {
            let c = inter as f64 / sa.len().min(sb.len()) as f64;
            if c >= self.containment {
                return Some((c, true));
            }
        }
        None
    }
}

/// Calls `f` with the shingle hashes of a passage of `n` words, in order
/// (repeats included): the hash of each run of `k` words, or of all the
/// words when there are `k` or fewer. The duplicate check's sketch computes
/// the same hashes for the long index and the shingle bits.
pub(crate) fn shingle_hashes(
    words: impl Iterator<Item = u64> + Clone,
    n: usize,
    k: usize,
    mut f: impl FnMut(u64),
) {
    let k = k.max(1);
    if n <= k {
        f(seq_hash(words));
        return;
    }
    let mut rest = words.clone();
    for _ in 0..=n - k {
        f(seq_hash(rest.clone().take(k)));
        rest.next();
    }
}

/// The bit of a shingle hash in a passage's 64-bit shingle set: a function
/// of the hash as [`Verifier::prepare`] keeps it (32 bits), so that two
/// shingles that verification takes for one have the same bit.
pub(crate) fn shingle_bit(h: u64) -> u64 {
    1 << ((h as u32) >> 26)
}

/// Prepared passages in one arena (see [`Verifier::prepare`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Prepared {
    data: Vec<u32>,
    /// Start in `data`, number of words, number of shingles.
    index: Vec<(u64, u32, u32)>,
}

/// One prepared passage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PreparedRef<'a> {
    words: &'a [u32],
    shingles: &'a [u32],
}

impl PreparedRef<'_> {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }
}

impl Prepared {
    /// Room for `passages` passages of `words` words in all.
    pub fn with_capacity(passages: usize, words: usize) -> Self {
        Prepared {
            data: Vec::with_capacity(2 * words),
            index: Vec::with_capacity(passages),
        }
    }

    pub fn get(&self, i: usize) -> PreparedRef<'_> {
        let (start, n, k) = self.index[i];
        let start = start as usize;
        let mid = start + n as usize;
        PreparedRef {
            words: &self.data[start..mid],
            shingles: &self.data[mid..mid + k as usize],
        }
    }
}

/// The word-level Levenshtein distance of `a` and `b` if it is at most
/// `max`, computed on a band of the table around its diagonal.
pub(crate) fn levenshtein_within<T: Eq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    const FAR: usize = usize::MAX / 2;
    let mut prev: Vec<usize> = (0..=m).map(|j| if j <= max { j } else { FAR }).collect();
    let mut cur = vec![FAR; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        // Only the band is computed; the cells just outside it must read
        // as far (the rest are never read).
        cur[0] = if i <= max { i } else { FAR };
        cur[lo - 1] = if lo == 1 { cur[0] } else { FAR };
        if hi < m {
            cur[hi + 1] = FAR;
        }
        let mut best = cur[0];
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v;
            best = best.min(v);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[m] <= max).then_some(prev[m])
}

/// Number of common elements (with multiplicity) of two sorted slices.
pub(super) fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Where two word sequences differ, if they differ in one place only: the
/// word-index ranges in `a` and in `b` between their common prefix and
/// common suffix, both non-empty and at most `max_words` long, with at
/// least `min_context` common words around them and at least two thirds of
/// the longer sequence in common.
pub(crate) fn divergence<T: Eq>(
    a: &[T],
    b: &[T],
    max_words: usize,
    min_context: usize,
) -> Option<(Range<usize>, Range<usize>)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let ra = prefix..a.len() - suffix;
    let rb = prefix..b.len() - suffix;
    let ok = !ra.is_empty()
        && !rb.is_empty()
        && ra.len() <= max_words
        && rb.len() <= max_words
        && prefix + suffix >= min_context
        && 3 * (prefix + suffix) >= 2 * a.len().max(b.len());
    ok.then_some((ra, rb))
}

/// Word edits allowed between two short passages whose longer one has
/// `words` words: the share `1 - short_threshold` of them, rounded to the
/// nearest word (halves up), at least one. Rounded by hand: `f64::round` is
/// a library call on the baseline x86-64 target, and the candidate search
/// asks this tens of millions of times at 1 GB.
pub(crate) fn allowed_edits(words: usize, short_threshold: f64) -> usize {
    let x = words as f64 * (1.0 - short_threshold);
    let floor = x as usize;
    let rounded = if x - floor as f64 >= 0.5 {
        floor + 1
    } else {
        floor
    };
    rounded.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Verifier {
        Verifier {
            shingle: 3,
            threshold: 0.5,
            short_threshold: 0.8,
            short_max_words: 30,
            containment: 0.8,
            containment_min_words: 10,
        }
    }

    #[test]
    fn allowed_edits_round_as_f64_round_does() {
        for t in 0..=100 {
            let threshold = t as f64 / 100.0;
            for words in 0..=200 {
                let expected = ((words as f64 * (1.0 - threshold)).round() as usize).max(1);
                assert_eq!(
                    allowed_edits(words, threshold),
                    expected,
                    "{words} words at {threshold}"
                );
            }
        }
    }

    #[test]
    fn one_changed_word_in_a_short_sentence_is_a_near_duplicate() {
        let a: Vec<u64> = (1..=11).collect();
        let mut b = a.clone();
        b[6] = 100;
        b.insert(7, 101);
        let (s, _) = v().similarity(&a, &b).unwrap();
        assert!((s - (1.0 - 2.0 / 12.0)).abs() < 1e-9);
    }

    #[test]
    fn unrelated_sequences_are_not() {
        let a: Vec<u64> = (1..=40).collect();
        let b: Vec<u64> = (1..=40)
            .map(|x| if x % 3 == 0 { x } else { x + 1000 })
            .collect();
        assert_eq!(v().similarity(&a, &b), None);
    }

    #[test]
    fn a_paragraph_inside_a_longer_one_is_contained() {
        let a: Vec<u64> = (1..=40).collect();
        let b: Vec<u64> = (1..=100).collect();
        assert_eq!(v().similarity(&a, &b), Some((1.0, true)));
    }

    #[test]
    fn prepared_shingles_are_the_distinct_shingles_cut_to_32_bits() {
        use super::super::minhash::shingles;
        let v = Verifier {
            containment_min_words: 0,
            ..v()
        };
        for n in 0..40u32 {
            let words: Vec<u64> = (0..n).map(|i| (i as u64 * 7919) % 13).collect();
            let mut p = Prepared::default();
            v.prepare(words.iter().copied(), &mut p);
            let mut want: Vec<u32> = shingles(&words, v.shingle)
                .into_iter()
                .map(|h| h as u32)
                .collect();
            want.sort_unstable();
            want.dedup();
            let cut: Vec<u32> = words.iter().map(|&w| w as u32).collect();
            assert_eq!(p.get(0).words, &cut[..]);
            assert_eq!(p.get(0).shingles, &want[..], "{n} words");
        }
    }

    #[test]
    fn banded_levenshtein_matches_the_full_one() {
        let cases: [(&[u8], &[u8]); 6] = [
            (b"kitten", b"sitting"),
            (b"abcdef", b"abcdef"),
            (b"abcdef", b"azcdxf"),
            (b"", b"abc"),
            (b"abcdefgh", b"bcdefghi"),
            (b"abc", b"xyz"),
        ];
        for (a, b) in cases {
            let full = strsim::generic_levenshtein(&a.to_vec(), &b.to_vec());
            for max in 0..8 {
                let want = (full <= max).then_some(full);
                assert_eq!(levenshtein_within(a, b, max), want, "{a:?} {b:?} {max}");
            }
        }
    }

    #[test]
    fn banded_levenshtein_matches_the_full_one_on_random_sequences() {
        let mut rng = crate::checks::testutil::TestRng::new(7);
        let mut next = |n: u64| rng.below(n);
        for _ in 0..2000 {
            let a: Vec<u8> = (0..next(12)).map(|_| next(3) as u8).collect();
            let b: Vec<u8> = (0..next(12)).map(|_| next(3) as u8).collect();
            let full = strsim::generic_levenshtein(&a, &b);
            let max = next(6) as usize;
            assert_eq!(
                levenshtein_within(&a, &b, max),
                (full <= max).then_some(full),
                "{a:?} {b:?} {max}"
            );
        }
    }

    #[test]
    fn divergence_is_the_one_differing_phrase() {
        let a = [1, 2, 3, 4, 9, 9, 5, 6];
        let b = [1, 2, 3, 4, 7, 5, 6];
        assert_eq!(divergence(&a, &b, 3, 4), Some((4..6, 4..5)));
        // Two separate differences: not one phrase.
        let c = [1, 8, 3, 4, 7, 5, 6];
        assert_eq!(divergence(&a, &c, 3, 4), None);
        // An insertion only is not a divergence.
        let d = [1, 2, 3, 4, 5, 6];
        assert_eq!(divergence(&b, &d, 3, 4), None);
    }
}
