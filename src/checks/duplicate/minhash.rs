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

use crate::text::mix;

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
#[cfg(test)]
pub(crate) fn shingles<T: Copy + Into<u64>>(words: &[T], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> = if words.len() <= k {
        vec![super::passages::seq_hash(words.iter().map(|&w| w.into()))]
    } else {
        words
            .windows(k)
            .map(|w| super::passages::seq_hash(w.iter().map(|&w| w.into())))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The seeded hash functions of one tier, drawn once: the two 32-bit
/// halves of `mix(h ^ seed)` over already well-mixed shingle hashes. (A cheaper `h * a + b` family
/// was measured: its functions are correlated enough that frequent phrases
/// win whole bands, tripling the candidates.)
///
/// `mix` starts with `z ^ (z >> 30)`, which is linear in `z`: for
/// `z = h ^ seed` it is `prep(h) ^ prep(seed)`, so each shingle is prepared
/// once ([`prep`]) and each seed is kept prepared.
#[derive(Debug, Clone)]
pub(crate) struct MinHasher {
    pub tier: Tier,
    /// `prep(seed)` of each mixed value (two hash functions each).
    seeds: Vec<u64>,
}

/// The first step of [`mix`], shared by all seeds (see [`MinHasher`]).
#[inline]
pub(crate) fn prep(h: u64) -> u64 {
    h ^ (h >> 30)
}

impl MinHasher {
    pub fn new(tier: Tier) -> Self {
        // Each mixed value gives two 32-bit hash functions (its halves).
        let n = (tier.bands * tier.rows).div_ceil(2);
        MinHasher {
            tier,
            seeds: (0..n)
                .map(|i| {
                    prep(mix(
                        (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ tier.id
                    ))
                })
                .collect(),
        }
    }

    /// Length of a signature (`bands * rows`, rounded up to even).
    pub fn sig_len(&self) -> usize {
        2 * self.seeds.len()
    }

    /// Lowers the signature `sig` (`u32::MAX` everywhere for an empty set)
    /// with the shingles whose hashes, [`prep`]ared, are `shingles`. The
    /// same arithmetic in every build; where the CPU has them, in 512-bit
    /// vectors (eight seeds at once, with 64-bit multiplies), which the
    /// baseline x86-64 target cannot assume.
    pub fn update(&self, sig: &mut [u32], shingles: &[u64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the CPU has the features `update_avx512` is compiled
            // for (checked just above).
            unsafe { self.update_avx512(sig, shingles) };
            return;
        }
        self.update_lanes(sig, shingles);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq")]
    unsafe fn update_avx512(&self, sig: &mut [u32], shingles: &[u64]) {
        self.update_lanes(sig, shingles);
    }

    /// [`MinHasher::update`], eight seeds at a time: for each shingle, the
    /// eight hashes are independent, a loop the compiler turns into vector
    /// operations where the target allows.
    #[inline(always)]
    fn update_lanes(&self, sig: &mut [u32], shingles: &[u64]) {
        const LANES: usize = 8;
        for (m, seeds) in sig.chunks_mut(2 * LANES).zip(self.seeds.chunks(LANES)) {
            let (mut hi, mut lo) = ([u32::MAX; LANES], [u32::MAX; LANES]);
            let mut seed = [0u64; LANES];
            for (l, &s) in seeds.iter().enumerate() {
                (hi[l], lo[l], seed[l]) = (m[2 * l], m[2 * l + 1], s);
            }
            for &s in shingles {
                for l in 0..LANES {
                    // mix(h ^ seed) from its second step on.
                    let mut z = (s ^ seed[l]).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                    z ^= z >> 31;
                    hi[l] = hi[l].min((z >> 32) as u32);
                    lo[l] = lo[l].min(z as u32);
                }
            }
            for l in 0..seeds.len() {
                (m[2 * l], m[2 * l + 1]) = (hi[l], lo[l]);
            }
        }
    }

    /// Appends the tier's `bands` keys of a signature to `out`: per band, a
    /// 32-bit hash of the tier, the band number and the band's values. (A
    /// collision of two unrelated bands only adds a candidate that
    /// verification rejects.)
    pub fn keys(&self, sig: &[u32], out: &mut Vec<u32>) {
        let rows = self.tier.rows;
        for b in 0..self.tier.bands {
            let band = &sig[b * rows..(b + 1) * rows];
            let mut h = mix(self.tier.id ^ mix(b as u64 + 1));
            for pair in band.chunks(2) {
                let low = pair.get(1).map_or(0, |&v| v as u64);
                h = mix(h ^ ((pair[0] as u64) << 32 | low));
            }
            out.push(h as u32);
        }
    }

    /// Appends the tier's `bands` keys for a set of shingles to `out`.
    #[cfg(test)]
    pub fn band_keys(&self, shingles: impl IntoIterator<Item = u64>, out: &mut Vec<u32>) {
        let prepared: Vec<u64> = shingles.into_iter().map(prep).collect();
        let mut sig = vec![u32::MAX; self.sig_len()];
        self.update(&mut sig, &prepared);
        self.keys(&sig, out);
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
        assert_eq!(shingles(&[1u64, 2], 3).len(), 1);
        assert_eq!(shingles(&[1u64, 2, 3, 4], 3).len(), 2);
        assert_eq!(shingles(&[1u64, 2, 1, 2, 1, 2], 2).len(), 2);
    }

    /// The signature as first written: `mix(h ^ seed)` per shingle and seed.
    fn reference_sig(seeds: usize, id: u64, shingles: &[u64]) -> Vec<u32> {
        let seeds: Vec<u64> = (0..seeds)
            .map(|i| mix((i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ id))
            .collect();
        let mut sig = vec![u32::MAX; 2 * seeds.len()];
        for &s in shingles {
            for (m, &seed) in sig.chunks_exact_mut(2).zip(&seeds) {
                let v = mix(s ^ seed);
                m[0] = m[0].min((v >> 32) as u32);
                m[1] = m[1].min(v as u32);
            }
        }
        sig
    }

    #[test]
    fn signatures_are_those_of_mix_per_seed() {
        let tier = Tier {
            id: 2,
            shingle: 2,
            bands: 16,
            rows: 4,
        };
        let hasher = MinHasher::new(tier);
        let shingles: Vec<u64> = (0..50u64).map(|i| mix(i * 7919)).collect();
        let mut sig = vec![u32::MAX; hasher.sig_len()];
        let prepared: Vec<u64> = shingles.iter().map(|&s| prep(s)).collect();
        hasher.update(&mut sig, &prepared[..20]);
        hasher.update(&mut sig, &prepared[20..]);
        assert_eq!(sig, reference_sig(32, 2, &shingles));
        // The portable loop gives the same where `update` uses vectors; and
        // with a number of seeds that is not a multiple of eight.
        let mut portable = vec![u32::MAX; hasher.sig_len()];
        hasher.update_lanes(&mut portable, &prepared);
        assert_eq!(portable, sig);
        let odd = MinHasher::new(Tier {
            bands: 5,
            rows: 4,
            ..tier
        });
        let mut sig = vec![u32::MAX; odd.sig_len()];
        odd.update(&mut sig, &prepared);
        assert_eq!(sig, reference_sig(10, 2, &shingles));
        let mut portable = vec![u32::MAX; odd.sig_len()];
        odd.update_lanes(&mut portable, &prepared);
        assert_eq!(portable, sig);
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
        let hasher = MinHasher::new(tier);
        let keys = |s: &[u64]| {
            let mut v = Vec::new();
            hasher.band_keys(shingles(s, 1), &mut v);
            v
        };
        let (ka, kb, kc) = (keys(&a), keys(&b), keys(&c));
        let agree = |x: &[u32], y: &[u32]| {
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
