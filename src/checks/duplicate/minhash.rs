//! Word shingles, MinHash signatures and LSH band keys.
//!
//! A passage's shingles are its runs of `k` consecutive normalised words
//! (a passage shorter than `k` is one shingle). Its MinHash signature keeps,
//! for each of `bands * rows` seeded hash functions, the smallest hash over
//! its shingles; two passages agree on one value with probability equal to
//! the Jaccard similarity of their shingle sets. The signature is cut into
//! `bands` bands of `rows` values and each band is hashed into one key: two
//! passages become candidates when they share a key, which happens with
//! probability `1 - (1 - J^rows)^bands`. Only the keys are kept.

use super::passages::{mix, seq_hash};

/// One LSH index: shingle size and banding. Passages of different tiers
/// never share a key (the tier id is hashed into every key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tier {
    pub id: u64,
    pub shingle: usize,
    pub bands: usize,
    pub rows: usize,
}

/// The distinct shingle hashes of a word-hash sequence, sorted.
pub(crate) fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> = if words.len() <= k {
        vec![seq_hash(words.iter().copied())]
    } else {
        words
            .windows(k)
            .map(|w| seq_hash(w.iter().copied()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn seed(i: usize) -> u64 {
    mix((i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Appends the tier's `bands` keys for a set of shingles to `out`.
pub(crate) fn band_keys(shingles: &[u64], tier: Tier, out: &mut Vec<u64>) {
    let n = tier.bands * tier.rows;
    let seeds: Vec<u64> = (0..n).map(seed).collect();
    let mut sig = vec![u64::MAX; n];
    for &s in shingles {
        for (m, &sd) in sig.iter_mut().zip(&seeds) {
            let v = mix(s ^ sd);
            if v < *m {
                *m = v;
            }
        }
    }
    for b in 0..tier.bands {
        let band = &sig[b * tier.rows..(b + 1) * tier.rows];
        out.push(seq_hash(
            [tier.id, b as u64].into_iter().chain(band.iter().copied()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jaccard(a: &[u64], b: &[u64]) -> f64 {
        let i = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        i as f64 / (a.len() + b.len() - i) as f64
    }

    #[test]
    fn short_sequences_are_one_shingle() {
        assert_eq!(shingles(&[1, 2], 3).len(), 1);
        assert_eq!(shingles(&[1, 2, 3, 4], 3).len(), 2);
        assert_eq!(shingles(&[1, 2, 1, 2, 1, 2], 2).len(), 2);
    }

    #[test]
    fn similar_sets_share_keys_more_often_than_dissimilar_ones() {
        let tier = Tier {
            id: 1,
            shingle: 1,
            bands: 200,
            rows: 1,
        };
        let a: Vec<u64> = (0..100).collect();
        let b: Vec<u64> = (10..110).collect(); // J = 90/110
        let c: Vec<u64> = (80..180).collect(); // J = 20/180
        let keys = |s: &[u64]| {
            let mut v = Vec::new();
            band_keys(&shingles(s, 1), tier, &mut v);
            v
        };
        let (ka, kb, kc) = (keys(&a), keys(&b), keys(&c));
        let agree = |x: &[u64], y: &[u64]| {
            x.iter().zip(y).filter(|(p, q)| p == q).count() as f64 / x.len() as f64
        };
        let jab = jaccard(&shingles(&a, 1), &shingles(&b, 1));
        let jac = jaccard(&shingles(&a, 1), &shingles(&c, 1));
        assert!(
            (agree(&ka, &kb) - jab).abs() < 0.12,
            "{} vs {jab}",
            agree(&ka, &kb)
        );
        assert!(
            (agree(&ka, &kc) - jac).abs() < 0.12,
            "{} vs {jac}",
            agree(&ka, &kc)
        );
        assert_eq!(keys(&a), ka, "deterministic");
    }
}
