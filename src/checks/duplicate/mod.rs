//! The duplicate check: the same or nearly the same passage twice, within an
//! article or across articles.
//!
//! Passages are paragraphs (titles and bylines included), the sentences of
//! longer paragraphs and long quotations (see [`passages`]). The check runs in
//! two steps, as every [`CorpusCheck`]:
//!
//! 1. [`Duplicate::sketch`], per document and in parallel: normalise each
//!    passage's words, hash the whole sequence (for exact repeats) and
//!    compute MinHash LSH band keys (for near repeats). The sketch keeps the
//!    document's text ([`packed`]), so that `finish` can verify
//!    candidates and quote and locate what it reports.
//! 2. [`Duplicate::finish`], once: collapse identical normalised passages
//!    into groups first (so that boilerplate repeated in thousands of
//!    articles costs one passage, not a quadratic number of pairs); bucket
//!    the groups' representatives by band key (capped buckets, one band at
//!    a time) to propose candidate pairs; free the band keys; verify every
//!    candidate with a real similarity ([`verify`]), block by block; join
//!    groups into clusters with union-find. A cluster
//!    seen in at least `boilerplate_min_docs` documents is boilerplate: one
//!    finding per occurrence, all pointing at its first occurrence. Any other
//!    later copy points at its best earlier copy, in the same document first.
//!
//! Findings are on the later copy; `related_*` is the earlier one; `score` is
//! the verified similarity. Where two copies differ in one short phrase
//! ("towards peace" / "towards La Paz"), the difference is also reported as
//! a possible mistranslation (MT900). Everything is sorted, so the output
//! does not depend on the number of threads. `TRANSAUDIT_DUP_TRACE=1` prints
//! counts, phase times and resident memory on stderr (for the benchmark in
//! bench/duplicate/).

mod minhash;
mod packed;
mod passages;
mod verify;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{CorpusCheck, StaticRule};
use crate::document::Document;
use crate::finding::{CheckKind, Finding, Related, Severity, Span};

use minhash::{prep, MinHasher, Tier};
use packed::{PackedText, TextStore};
use passages::{seq_hash, tokens, Kind, Token};
use verify::{divergence, Prepared, Verifier};

/// Rule codes of the duplicate check.
pub const DU001: &str = "DU001";
pub const DU002: &str = "DU002";
pub const DU003: &str = "DU003";
/// Rule code of the divergent-copy finding, reported under the
/// mistranslation check.
pub const MT900: &str = "MT900";

/// Examples: documents of one example are separated by a line `---`.
pub const EXAMPLE_DOC_SEPARATOR: &str = "\n---\n";

pub const RULES: &[StaticRule] = &[
    StaticRule {
        code: DU001,
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Passage repeated within the same document",
        explanation: "A title, byline, paragraph, sentence or quotation appears twice in one \
article, identically or with small changes (case, punctuation, a few words). Scrapers repeat \
titles and bylines; machine translation sometimes renders the same sentence twice. The \
finding is on the later copy and points at the earlier one; the score is the similarity \
(word-level edit similarity for short passages, Jaccard similarity of word 3-grams or \
containment for long ones). Sentences of fewer than 6 words and lines of one word are not \
reported.",
        fires: &[
            "Talks resume in Istanbul\n\nBy Ana Ruiz\n\nTalks resume in Istanbul\n\nThe delegations met on Friday.",
            "There are two paths: one towards peace, the other towards destruction\n\nHe said that “there are two paths: one towards La Paz, the other towards destruction” at the palace.",
        ],
        passes: &[
            "Reuters\n\nThe talks began on Friday in Istanbul.\n\nReuters",
            "The talks began on Friday in Istanbul.\n\nThe talks ended on Sunday in Ankara without a deal.",
        ],
    },
    StaticRule {
        code: DU002,
        severity: Severity::Warning,
        safe_fix: false,
        summary: "Passage copied from another document",
        explanation: "A paragraph, sentence or title appears in an earlier document of the \
corpus, identically or with small edits (syndication, a re-scraped page, an article \
translated twice). The finding is on the later copy; related_doc/start/end locate the \
earlier copy and the score is the verified similarity. Candidates come from MinHash LSH \
over word shingles and every one is verified, so passages that merely share a topic are \
not reported.",
        fires: &[
            "The Turkish foreign minister opened the meeting at the Dolmabahce Palace on Friday morning.\n---\nThe Turkish foreign minister opened the meeting at the Dolmabahce Palace on Friday.",
        ],
        passes: &[
            "The Turkish foreign minister opened the meeting at the Dolmabahce Palace on Friday morning.\n---\nThe Russian delegation left the Dolmabahce Palace on Friday without a statement.",
        ],
    },
    StaticRule {
        code: DU003,
        severity: Severity::Info,
        safe_fix: false,
        summary: "Boilerplate repeated across many documents",
        explanation: "A passage (an author bio, a footer, a subscription notice, a single word \
such as a wire-agency name) occurs in at least 5 documents. All its occurrences form one \
cluster: each occurrence after the first gets one finding pointing at the first, never one \
per pair. Remove it when cleaning a corpus for analysis.",
        fires: &[
            "Story one.\n\nReuters\n---\nStory two.\n\nReuters\n---\nStory three.\n\nReuters\n---\nStory four.\n\nReuters\n---\nStory five.\n\nReuters",
        ],
        passes: &["Story one.\n\nReuters\n---\nStory two.\n\nReuters\n---\nStory three.\n\nAFP"],
    },
];

pub const DIVERGENT_RULES: &[StaticRule] = &[StaticRule {
    code: MT900,
    severity: Severity::Warning,
    safe_fix: false,
    summary: "Two copies of a passage differ in one short phrase",
    explanation: "The same sentence appears twice (a subheading repeated in a quotation, a \
paragraph syndicated into another article) but one short phrase differs, as when a \
translator renders \"la paz\" once as \"peace\" and once as \"La Paz\". One of the two \
renderings is usually a mistranslation. The finding is on the phrase in the later copy; \
the suggestion and related_* are the phrase of the other copy. Within one article \
the finding is a warning; across articles, where an editor's rewording is as likely, \
it is info.",
    fires: &[
        "There are two paths: one towards peace, the other towards destruction\n\nHe said that “there are two paths: one towards La Paz, the other towards destruction” at the palace.",
    ],
    passes: &[
        "There are two paths: one towards peace, the other towards destruction\n\nHe said that “there are two paths: one towards peace, the other towards destruction” at the palace.",
    ],
}];

/// Settings of the duplicate check. The defaults were chosen by measurement
/// on the synthetic benchmark (bench/duplicate/). Each can be set in the
/// `[duplicate]` table of `transaudit.toml` (kebab-case names).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DuplicateOptions {
    /// Minimum Jaccard similarity of word shingles for long passages.
    pub threshold: f64,
    /// Minimum word-level edit similarity for short passages (rounded to
    /// whole words: 1 - edits/words, edits at least one).
    pub short_threshold: f64,
    /// Passages of at most this many words are short.
    pub short_max_words: usize,
    /// Minimum containment |A∩B|/min(|A|,|B|) (split or merged paragraphs).
    pub containment: f64,
    /// The smaller passage needs this many words for containment to count.
    pub containment_min_words: usize,
    /// Words per shingle (long passages; also the Jaccard verification).
    pub shingle: usize,
    /// LSH bands and rows per band for long passages (signature size is
    /// their product).
    pub bands: usize,
    pub rows: usize,
    /// Words per shingle, bands and rows of the short-passage index.
    pub short_shingle: usize,
    pub short_bands: usize,
    pub short_rows: usize,
    /// A near (not exact) repeat needs this many words; so does a repeated
    /// sentence or quotation.
    pub min_words: usize,
    /// A repeated paragraph (title, byline) within a document needs this
    /// many words.
    pub min_words_line: usize,
    /// A passage copied across documents needs this many words.
    pub min_words_cross: usize,
    /// A passage nearly (not exactly) copied across documents needs this
    /// many words: short sentences that differ in a word or two are too
    /// often written independently.
    pub min_words_near_cross: usize,
    /// A cluster seen in this many documents is boilerplate.
    pub boilerplate_min_docs: usize,
    /// A candidate pair must share this many LSH bands (over both indexes).
    pub min_band_hits: usize,
    /// Buckets larger than this only pair each member with the next two.
    pub bucket_cap: usize,
    /// Longest phrase (in words) reported as a divergence (MT900).
    pub divergent_max_words: usize,
    /// Common words needed around a divergent phrase.
    pub divergent_min_context: usize,
    /// Quotations need this many words to be passages of their own.
    pub quote_min_words: usize,
    /// MB of text kept in memory for `finish`; the rest waits in
    /// a temporary file (in TMPDIR, removed at once).
    pub texts_in_memory_mb: usize,
}

impl Default for DuplicateOptions {
    fn default() -> Self {
        DuplicateOptions {
            threshold: 0.5,
            short_threshold: 0.8,
            short_max_words: 30,
            containment: 0.8,
            containment_min_words: 10,
            shingle: 3,
            bands: 16,
            rows: 4,
            short_shingle: 2,
            short_bands: 16,
            short_rows: 4,
            min_words: 6,
            min_words_line: 2,
            min_words_cross: 5,
            min_words_near_cross: 10,
            boilerplate_min_docs: 5,
            bucket_cap: 10,
            min_band_hits: 1,
            divergent_max_words: 3,
            divergent_min_context: 4,
            quote_min_words: 6,
            texts_in_memory_mb: 64,
        }
    }
}

impl DuplicateOptions {
    fn long_tier(&self) -> Tier {
        Tier {
            id: 1,
            shingle: self.shingle,
            bands: self.bands,
            rows: self.rows,
        }
    }

    fn short_tier(&self) -> Tier {
        Tier {
            id: 2,
            shingle: self.short_shingle,
            bands: self.short_bands,
            rows: self.short_rows,
        }
    }

    /// Passages with at least this many words go into the long index.
    fn long_min_words(&self) -> usize {
        (self.short_max_words * 3 / 5).max(self.min_words)
    }

    /// Passages with at most this many words go into the short index. The
    /// two indexes overlap a little, so that two copies on either side of
    /// the boundary still meet in one of them.
    fn short_index_max_words(&self) -> usize {
        self.short_max_words * 4 / 5
    }

    fn verifier(&self) -> Verifier {
        Verifier {
            shingle: self.shingle,
            threshold: self.threshold,
            short_threshold: self.short_threshold,
            short_max_words: self.short_max_words,
            containment: self.containment,
            containment_min_words: self.containment_min_words,
        }
    }
}

/// The duplicate check.
#[derive(Debug, Clone)]
pub struct Duplicate {
    options: DuplicateOptions,
    long: MinHasher,
    short: MinHasher,
    /// Where the sketches' texts wait for `finish` (shared by clones).
    texts: Arc<TextStore>,
}

impl Default for Duplicate {
    fn default() -> Self {
        Duplicate::new(DuplicateOptions::default())
    }
}

const NO_KEYS: u32 = u32::MAX;

/// One passage of a sketch (36 bytes: a corpus has millions).
#[derive(Debug, Clone, Copy)]
struct PassageSketch {
    /// Hash of the normalised word sequence, in two halves (so that the
    /// struct is aligned to 4 bytes, without padding).
    exact: [u32; 2],
    start: u32,
    end: u32,
    /// The number of words (bits 0-27, at most 2^28 - 1: a paragraph of
    /// 268 million words would be counted short), whether the passage has
    /// keys in the long index (bit 28) and in the short one (bit 29), and
    /// the kind (bits 30-31). Its keys are in the sketch's `keys` (see
    /// [`DuplicateSketch::key`]).
    packed: u32,
    /// Its words as a set of 64 bits (bit `hash % 64` of each word), in two
    /// halves: how many bits two passages share bounds how many words they
    /// share, before their texts are read (see [`may_verify`]).
    words_mask: [u32; 2],
    /// Its shingles as a set of 64 bits ([`verify::shingle_bit`]), in two
    /// halves, for passages long enough to have shingles in verification
    /// (0 otherwise): the bound of [`Verifier::shingles_may_pass`].
    shingles_mask: [u32; 2],
}

const WORD_BITS: u32 = 28;

/// What the test of a candidate pair needs of a group's first passage, in
/// one place (16 bytes a group: 165 MB at 1 GB while the candidates are
/// found). The buckets give pairs in no order, and reading the same from
/// the sketches cost several cache misses a passage: at 1 GB the tests of
/// 29 M pairs took about 3.5 s.
#[derive(Debug, Clone, Copy)]
struct GroupFacts {
    words_mask: u64,
    words: u32,
    doc: u32,
}

impl PassageSketch {
    fn exact(&self) -> u64 {
        (self.exact[0] as u64) << 32 | self.exact[1] as u64
    }

    fn words(&self) -> u32 {
        self.packed & ((1 << WORD_BITS) - 1)
    }

    fn words_mask(&self) -> u64 {
        (self.words_mask[0] as u64) << 32 | self.words_mask[1] as u64
    }

    fn shingles_mask(&self) -> u64 {
        (self.shingles_mask[0] as u64) << 32 | self.shingles_mask[1] as u64
    }

    fn facts(&self, doc: u32) -> GroupFacts {
        GroupFacts {
            words_mask: self.words_mask(),
            words: self.words(),
            doc,
        }
    }

    fn kind(&self) -> Kind {
        match self.packed >> 30 {
            0 => Kind::Paragraph,
            1 => Kind::Sentence,
            _ => Kind::Quote,
        }
    }

    /// Whether the passage has keys in the long (`t` = 0) or short (1) index.
    fn has_keys(&self, t: usize) -> bool {
        self.packed >> (WORD_BITS + t as u32) & 1 == 1
    }
}

/// A passage of the paragraph being sketched.
#[derive(Debug, Clone)]
struct UnitPassage {
    range: Range<usize>,
    kind: Kind,
    /// Its words: a range of the paragraph's words.
    words: Range<usize>,
    /// Whether it goes into the long and the short index.
    long: bool,
    short: bool,
    /// Offsets in `SketchScratch::sigs` of its long and short signatures.
    sig: [u32; 2],
}

/// Buffers of `sketch`, reused from one paragraph to the next.
#[derive(Debug, Default)]
struct SketchScratch {
    tokens: Vec<Token>,
    words: Vec<u64>,
    /// The hash of every run of `shingle` words of the paragraph (window
    /// `w` is words `w..w + shingle`): the long index's shingles and the
    /// shingle bits.
    windows: Vec<u64>,
    /// The run length of `windows` (the long index's shingle size).
    windows_k: usize,
    unit: Vec<UnitPassage>,
    sigs: Vec<u32>,
    shingles: Vec<u64>,
    covered: Vec<bool>,
    keys: Vec<u32>,
    out: Vec<PassageSketch>,
    short: Vec<(u32, Range<usize>, u64)>,
    short_words: Vec<u32>,
    short_sorted: Vec<u32>,
}

impl SketchScratch {
    /// Gives back what one very long document made the buffers grow to
    /// (they live as long as the thread): beyond 256 KB each, they are
    /// allocated again for the next document.
    fn trim(&mut self) {
        fn cap<T>(v: &mut Vec<T>) {
            if v.capacity() * std::mem::size_of::<T>() > 256 << 10 {
                *v = Vec::new();
            }
        }
        cap(&mut self.tokens);
        cap(&mut self.words);
        cap(&mut self.windows);
        cap(&mut self.unit);
        cap(&mut self.sigs);
        cap(&mut self.shingles);
        cap(&mut self.covered);
        cap(&mut self.keys);
        cap(&mut self.out);
        cap(&mut self.short);
        cap(&mut self.short_words);
        cap(&mut self.short_sorted);
    }

    /// Computes the signature of index `t` of `unit[u]` into `sigs` and
    /// returns its offset there. A passage's shingles include all those of a
    /// passage inside it that is at least a shingle long: its signature is
    /// the element-wise minimum of theirs (when already computed, in the
    /// same index) and of the hashes of its other shingles only — the same
    /// signature with fewer hashes (a paragraph's shingles are mostly those
    /// of its sentences).
    fn signature(&mut self, hasher: &MinHasher, t: usize, u: usize) -> u32 {
        let k = hasher.tier.shingle.max(1);
        // The paragraph's windows, when they are this index's shingles.
        let windows = k == self.windows_k;
        let len = hasher.sig_len();
        let at = self.sigs.len();
        self.sigs.resize(at + len, u32::MAX);
        let outer = self.unit[u].words.clone();
        let words = &self.words[outer.clone()];
        self.shingles.clear();
        if words.len() <= k {
            self.shingles.push(prep(seq_hash(words.iter().copied())));
        } else {
            // Window w is the shingle of words[w..w + k].
            self.covered.clear();
            self.covered.resize(words.len() - k + 1, false);
            for inner in &self.unit[u + 1..] {
                let r = &inner.words;
                if inner.sig[t] == NO_KEYS
                    || r.len() < k
                    || r.start < outer.start
                    || r.end > outer.end
                    || *r == outer
                {
                    continue;
                }
                let (before, target) = self.sigs.split_at_mut(at);
                let inner_sig = &before[inner.sig[t] as usize..][..len];
                for (m, &v) in target.iter_mut().zip(inner_sig) {
                    *m = (*m).min(v);
                }
                for c in &mut self.covered[r.start - outer.start..=r.end - k - outer.start] {
                    *c = true;
                }
            }
            for (w, window) in words.windows(k).enumerate() {
                if !self.covered[w] {
                    let h = if windows {
                        self.windows[outer.start + w]
                    } else {
                        seq_hash(window.iter().copied())
                    };
                    self.shingles.push(prep(h));
                }
            }
        }
        hasher.update(&mut self.sigs[at..], &self.shingles);
        at as u32
    }
}

/// What `finish` needs of one document.
#[derive(Debug, Clone)]
pub struct DuplicateSketch {
    id: Arc<str>,
    index: usize,
    /// The text: `finish` quotes and locates what it reports.
    text: PackedText,
    passages: Box<[PassageSketch]>,
    /// The band keys of the passages, index by index and band by band (see
    /// [`DuplicateSketch::key`]); freed once the candidates are found.
    keys: Box<[u32]>,
    /// How many passages have keys in each index.
    keyed: [u32; 2],
    /// Verified near repeats of short passages within this document:
    /// passage indexes and similarity. Found here, by comparing every
    /// plausible pair, rather than by LSH.
    local: Box<[(u32, u32, f64)]>,
}

impl DuplicateSketch {
    /// Key `band` of index `t` of the `j`-th passage with keys in that
    /// index. Stored band by band: the candidate search reads one band of
    /// every passage at a time, and finds each document's contiguous.
    fn key(&self, t: usize, band: usize, j: usize, bands: [usize; 2]) -> u32 {
        self.keys[key_at(self.keyed.map(|n| n as usize), bands, t, band, j)]
    }
}

/// Where [`DuplicateSketch::key`] finds a key, given how many passages have
/// keys in each index.
fn key_at(keyed: [usize; 2], bands: [usize; 2], t: usize, band: usize, j: usize) -> usize {
    let base = if t == 0 { 0 } else { bands[0] * keyed[0] };
    base + band * keyed[t] + j
}

/// A sketch's keys as [`DuplicateSketch::key`] reads them, from the keys of
/// each passage in turn (its long-index keys, then its short-index ones).
fn band_major(
    passages: &[PassageSketch],
    keys: &[u32],
    bands: [usize; 2],
) -> (Box<[u32]>, [u32; 2]) {
    let keyed = [0, 1].map(|t| passages.iter().filter(|p| p.has_keys(t)).count());
    let mut out = vec![0u32; keys.len()].into_boxed_slice();
    let mut j = [0usize; 2];
    let mut offset = 0;
    for p in passages {
        for t in 0..2 {
            if p.has_keys(t) {
                for (band, &k) in keys[offset..][..bands[t]].iter().enumerate() {
                    out[key_at(keyed, bands, t, band, j[t])] = k;
                }
                offset += bands[t];
                j[t] += 1;
            }
        }
    }
    (out, keyed.map(|n| n as u32))
}

impl Duplicate {
    pub fn new(options: DuplicateOptions) -> Self {
        Duplicate {
            long: MinHasher::new(options.long_tier()),
            short: MinHasher::new(options.short_tier()),
            texts: Arc::new(TextStore::new(options.texts_in_memory_mb << 20)),
            options,
        }
    }

    pub fn options(&self) -> &DuplicateOptions {
        &self.options
    }

    /// The passages of a document with their normalised-text hash and LSH
    /// band keys, exactly as [`CorpusCheck::sketch`] computes them (it is
    /// called here), for grouping the keys of a corpus elsewhere (`transaudit
    /// signatures`). Passages too short to be near copies across documents
    /// have no keys; only their hash can match.
    pub fn signatures(&self, doc: &Document) -> Vec<PassageSignature> {
        let sketch = self.sketch(doc);
        let indexes = ["long", "short"];
        let counts = [self.long.tier.bands, self.short.tier.bands];
        let mut j = [0usize; 2];
        sketch
            .passages
            .iter()
            .map(|p| {
                let related = doc.related(p.start as usize..p.end as usize);
                let mut bands = Vec::new();
                for (t, name) in indexes.iter().enumerate() {
                    if !p.has_keys(t) {
                        continue;
                    }
                    bands.extend(
                        (0..counts[t]).map(|b| (*name, b, sketch.key(t, b, j[t], counts) as u64)),
                    );
                    j[t] += 1;
                }
                PassageSignature {
                    start: related.start,
                    end: related.end,
                    words: if p.words() < (1 << WORD_BITS) - 1 {
                        p.words() as usize
                    } else {
                        tokens(&doc.text, p.start as usize..p.end as usize).len()
                    },
                    kind: match p.kind() {
                        Kind::Paragraph => "paragraph",
                        Kind::Sentence => "sentence",
                        Kind::Quote => "quote",
                    },
                    hash: p.exact(),
                    bands,
                }
            })
            .collect()
    }

    /// [`CorpusCheck::sketch`] with this thread's buffers.
    fn sketch_with(&self, doc: &Document, s: &mut SketchScratch) -> DuplicateSketch {
        let o = &self.options;
        let verifier = o.verifier();
        let list = passages::passages(doc, o.quote_min_words);
        s.keys.clear();
        s.out.clear();
        // Short passages for the comparison within the document: their
        // words, and the same sorted (a cheap bound on the edit distance).
        s.short.clear();
        s.short_words.clear();
        s.short_sorted.clear();
        // A paragraph and the sentences and quotations inside it (which
        // follow it in the passage order) are sketched together: the
        // paragraph is tokenised once and they take slices of its words.
        let mut k = 0;
        while k < list.len() {
            let mut e = k + 1;
            while e < list.len() && list[e].1 != Kind::Paragraph {
                e += 1;
            }
            s.tokens.clear();
            passages::document_tokens_into(doc, list[k].0.clone(), &mut s.tokens);
            s.words.clear();
            s.words.extend(s.tokens.iter().map(|t| t.hash));
            s.windows.clear();
            s.windows_k = o.shingle.max(1);
            if s.words.len() > s.windows_k {
                let k = s.windows_k;
                s.windows
                    .extend(s.words.windows(k).map(|w| seq_hash(w.iter().copied())));
            }
            s.unit.clear();
            s.sigs.clear();
            for (range, kind) in &list[k..e] {
                let i = s.tokens.partition_point(|t| t.start < range.start);
                let j = s.tokens.partition_point(|t| t.start < range.end);
                if i == j {
                    continue;
                }
                let n = j - i;
                // Passages too short to be reported as near copies across
                // documents only need the comparison within the document.
                let keyed = n >= o.min_words_near_cross.max(o.min_words);
                s.unit.push(UnitPassage {
                    range: range.clone(),
                    kind: *kind,
                    words: i..j,
                    long: keyed && n >= o.long_min_words() && self.long.tier.bands > 0,
                    short: keyed && n <= o.short_index_max_words() && self.short.tier.bands > 0,
                    sig: [NO_KEYS; 2],
                });
            }
            // Signatures: the sentences' and quotations' first, so that the
            // paragraph can reuse them (see `SketchScratch::signature`).
            for (t, hasher) in [&self.long, &self.short].into_iter().enumerate() {
                for u in (0..s.unit.len()).rev() {
                    let p = &s.unit[u];
                    if if t == 0 { p.long } else { p.short } {
                        s.unit[u].sig[t] = s.signature(hasher, t, u);
                    }
                }
            }
            for p in &s.unit {
                let words = &s.words[p.words.clone()];
                let n = words.len();
                let exact = seq_hash(words.iter().copied());
                let mask = words_mask(words);
                let shingles = if n < verifier.shingles_min_words() {
                    0
                } else if n <= s.windows_k {
                    verify::shingle_bit(exact)
                } else {
                    s.windows[p.words.start..=p.words.end - s.windows_k]
                        .iter()
                        .fold(0, |m, &h| m | verify::shingle_bit(h))
                };
                let mut sketch = PassageSketch {
                    exact: [(exact >> 32) as u32, exact as u32],
                    start: p.range.start as u32,
                    end: p.range.end as u32,
                    packed: (p.kind as u32) << 30 | n.min((1 << WORD_BITS) - 1) as u32,
                    words_mask: [(mask >> 32) as u32, mask as u32],
                    shingles_mask: [(shingles >> 32) as u32, shingles as u32],
                };
                if n >= o.min_words && n <= o.short_max_words {
                    let a = s.short_words.len();
                    s.short_words.extend(words.iter().map(|&w| w as u32));
                    s.short_sorted.extend_from_slice(&s.short_words[a..]);
                    s.short_sorted[a..].sort_unstable();
                    s.short
                        .push((s.out.len() as u32, a..s.short_words.len(), mask));
                }
                for (t, hasher) in [&self.long, &self.short].into_iter().enumerate() {
                    if p.sig[t] != NO_KEYS {
                        sketch.packed |= 1 << (WORD_BITS + t as u32);
                        let sig = &s.sigs[p.sig[t] as usize..][..hasher.sig_len()];
                        hasher.keys(sig, &mut s.keys);
                    }
                }
                s.out.push(sketch);
            }
            k = e;
        }
        // Short passages of one document: compare every pair of similar
        // length (a handful per article), so that a repeated subheading or
        // title is never left to chance.
        let mut local = Vec::new();
        for (x, (i, ri, mi)) in s.short.iter().enumerate() {
            let (wi, si) = (&s.short_words[ri.clone()], &s.short_sorted[ri.clone()]);
            for (j, rj, mj) in &s.short[x + 1..] {
                let (wj, sj) = (&s.short_words[rj.clone()], &s.short_sorted[rj.clone()]);
                let (pi, pj) = (&s.out[*i as usize], &s.out[*j as usize]);
                let max = wi.len().max(wj.len());
                let allowed = verify::allowed_edits(max, o.short_threshold);
                if wi.len().abs_diff(wj.len()) > allowed
                    || (pi.start < pj.end && pj.start < pi.end)
                    || pi.exact() == pj.exact()
                    // A word of one that the other lacks takes an edit: a
                    // bit of one's word mask missing from the other's is at
                    // least one such word.
                    || (mi & !mj).count_ones() as usize > allowed
                    || (mj & !mi).count_ones() as usize > allowed
                    // Every edit leaves at most one word unmatched: fewer
                    // common words than `max - allowed` is too far.
                    || verify::intersection(si, sj) + allowed < max
                {
                    continue;
                }
                if let Some(d) = verify::levenshtein_within(wi, wj, allowed) {
                    local.push((*i, *j, 1.0 - d as f64 / max as f64));
                }
            }
        }
        let bands = [self.long.tier.bands, self.short.tier.bands];
        let (keys, keyed) = band_major(&s.out, &s.keys, bands);
        DuplicateSketch {
            id: doc.id.clone(),
            index: doc.index,
            text: PackedText::pack(&doc.text, &self.texts),
            // Sketches of a whole corpus live together: no spare capacity.
            passages: s.out.as_slice().into(),
            keys,
            keyed,
            local: local.into(),
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<SketchScratch> = Default::default();
}

/// One passage as the duplicate check sees it (see [`Duplicate::signatures`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PassageSignature {
    /// Character offsets in the document, end exclusive.
    pub start: usize,
    pub end: usize,
    pub words: usize,
    /// `paragraph`, `sentence` or `quote`.
    pub kind: &'static str,
    /// Hash of the normalised word sequence: equal for exact repeats.
    pub hash: u64,
    /// LSH index (`long` or `short`), band number and band key. Two passages
    /// sharing a key are candidate near copies.
    pub bands: Vec<(&'static str, usize, u64)>,
}

/// A reported repeat: the later passage, the earlier one, the rule.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hit {
    later: u32,
    target: u32,
    rule: &'static str,
    score: f64,
    /// The similarity is partial: one copy mostly inside the other, or much
    /// longer than the other.
    contained: bool,
    /// Number of documents of a boilerplate cluster.
    docs: u32,
}

impl CorpusCheck for Duplicate {
    type Sketch = DuplicateSketch;

    fn kind(&self) -> CheckKind {
        CheckKind::Duplicate
    }

    fn sketch(&self, doc: &Document) -> DuplicateSketch {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let sketch = self.sketch_with(doc, &mut s);
            s.trim();
            sketch
        })
    }

    fn finish(&self, mut sketches: Vec<DuplicateSketch>, out: &mut Vec<Finding>) {
        sketches.sort_by_key(|s| s.index);
        self.texts.seal();
        let o = &self.options;
        let trace = std::env::var_os("TRANSAUDIT_DUP_TRACE").is_some();
        let t = std::time::Instant::now();
        if trace {
            eprintln!("duplicate: finish starts: resident {}", resident());
        }
        let later = exact_later(&sketches);
        let passages = sketches.iter().map(|s| s.passages.len()).sum();
        let groups = Groups::new(passages, later);
        // Pairs that cannot pass verification are dropped as they are
        // found: at 1 GB, 4.4 M of the 29 M pairs the buckets give.
        let candidates = {
            let corpus = Corpus::new(&sketches, &self.texts);
            let facts = corpus.group_facts(&groups);
            let worth = |c: u64| corpus.worth_verifying(&groups, &facts, c, o);
            let prefetch = |g: u32| prefetch(&facts, g as usize);
            candidates(&sketches, &groups.later, worth, prefetch, o, trace)
        };
        let t2 = t.elapsed();
        if trace {
            let keys: usize = sketches.iter().map(|s| s.keys.len()).sum();
            let text: usize = sketches.iter().map(|s| s.text.size()).sum();
            let passages: usize = sketches.iter().map(|s| s.passages.len()).sum();
            eprintln!(
                "duplicate: memory: keys {} MB, texts {:.1} MB ({:.1} MB in memory), passages {} MB; resident {}",
                (keys * 4) >> 20,
                text as f64 / 1048576.0,
                self.texts.in_memory() as f64 / 1048576.0,
                (passages * std::mem::size_of::<PassageSketch>()) >> 20,
                resident()
            );
        }
        // The band keys have done their work: free them before verifying.
        for s in &mut sketches {
            s.keys = Box::new([]);
        }
        let corpus = Corpus::new(&sketches, &self.texts);
        let candidates = corpus.shingle_test(&groups, candidates, o, trace);
        let mut edges = corpus.verify(&groups, &candidates, o);
        let t3 = t.elapsed();
        if trace {
            eprintln!("duplicate: after verification: resident {}", resident());
        }
        let ncandidates = candidates.len();
        drop(candidates);
        corpus.add_local_edges(&groups, &mut edges);
        let mut hits = corpus.decide(&groups, &edges, o);
        corpus.suppress_contained(&mut hits);
        let t4 = t.elapsed();
        if trace {
            eprintln!(
                "duplicate: {} passages, {} groups, {} candidates, {} edges, {} hits; groups+candidates {:?} verify {:?} decide {:?}",
                corpus.len(), groups.len(), ncandidates, edges.len(), hits.len(),
                t2, t3 - t2, t4 - t3
            );
        }
        drop(groups);
        drop(edges);
        if trace {
            eprintln!("duplicate: before the report: resident {}", resident());
        }
        report(&corpus, &hits, o, out);
        if trace {
            eprintln!(
                "duplicate: report {:?}; resident {}",
                t.elapsed() - t4,
                resident()
            );
        }
    }
}

/// Current and peak resident memory of the process (Linux), for the trace.
fn resident() -> String {
    crate::pipeline::memory_mb().map_or_else(String::new, |m| {
        format!("{} MB (peak {} MB)", m.now, m.peak)
    })
}

/// A run of documents, with where it starts: its first gid, the number of
/// the first group whose first passage is in it, and the position in
/// `later` (see [`exact_later`]) of its first repeated passage.
#[derive(Debug, Clone)]
struct DocChunk {
    docs: Range<usize>,
    gid: u32,
    group: u32,
    later: usize,
}

/// In [`candidates`], the group of a passage that copies an earlier one
/// (only the first passage of a group goes into the buckets).
const LATER_COPY: u32 = u32::MAX;

/// The corpus cut into runs of `size` documents (see [`DocChunk`]).
fn doc_chunks(sketches: &[DuplicateSketch], later: &[(u32, u32)], size: usize) -> Vec<DocChunk> {
    let mut out = Vec::new();
    let (mut gid, mut next) = (0u32, 0usize);
    for start in (0..sketches.len()).step_by(size.max(1)) {
        let docs = start..(start + size).min(sketches.len());
        let n: u32 = sketches[docs.clone()]
            .iter()
            .map(|s| s.passages.len() as u32)
            .sum();
        let repeated = later[next..].partition_point(|&(g, _)| g < gid + n);
        out.push(DocChunk {
            docs,
            gid,
            group: gid - next as u32,
            later: next,
        });
        gid += n;
        next += repeated;
    }
    out
}

/// Visits every passage of a run of documents, in order, with its group
/// number if it is the first passage of its group of identical passages
/// (groups are numbered in the order of their first passage; None for a
/// later copy).
fn for_each_passage(
    sketches: &[DuplicateSketch],
    chunk: &DocChunk,
    later: &[(u32, u32)],
    mut f: impl FnMut(Option<u32>, &PassageSketch),
) {
    let (mut gid, mut g, mut next) = (chunk.gid, chunk.group, chunk.later);
    for s in &sketches[chunk.docs.clone()] {
        for p in s.passages.iter() {
            if next < later.len() && later[next].0 == gid {
                next += 1;
                f(None, p);
            } else {
                f(Some(g), p);
                g += 1;
            }
            gid += 1;
        }
    }
}

/// Every passage (by gid) that repeats an earlier identical passage, with
/// the first of them, sorted by gid. Sorted by hash part by part, so that
/// only a sixteenth of the (hash, gid) pairs is held at a time.
fn exact_later(sketches: &[DuplicateSketch]) -> Vec<(u32, u32)> {
    const PARTS: u64 = 16;
    let n: usize = sketches.iter().map(|s| s.passages.len()).sum();
    let mut later: Vec<(u32, u32)> = (0..PARTS)
        .into_par_iter()
        .flat_map_iter(|part| {
            // About a sixteenth of the passages each (hashes are uniform).
            let mut by_hash: Vec<(u64, u32)> = Vec::with_capacity(n / 15);
            let mut gid = 0u32;
            for s in sketches {
                for p in s.passages.iter() {
                    if p.exact() % PARTS == part {
                        by_hash.push((p.exact(), gid));
                    }
                    gid += 1;
                }
            }
            by_hash.sort_unstable();
            let mut out = Vec::new();
            for run in by_hash.chunk_by(|a, b| a.0 == b.0) {
                out.extend(run[1..].iter().map(|&(_, gid)| (gid, run[0].1)));
            }
            out
        })
        .collect();
    later.par_sort_unstable();
    later
}

/// Candidate pairs of groups (smaller first, packed in a u64) from the LSH
/// buckets of the groups' first passages. One band at a time, in one
/// buffer: each run of documents writes its part of the bucket in
/// parallel, then the bucket is sorted in parallel.
fn candidates(
    sketches: &[DuplicateSketch],
    later: &[(u32, u32)],
    worth: impl Fn(u64) -> bool + Sync,
    prefetch: impl Fn(u32) + Sync,
    o: &DuplicateOptions,
    trace: bool,
) -> Vec<u64> {
    let tiers = [o.long_tier(), o.short_tier()];
    let bands = [tiers[0].bands, tiers[1].bands];
    let chunks = doc_chunks(sketches, later, 1024);
    // How many first passages with keys in each index each run holds.
    // The group of each passage with keys, index by index, run by run
    // (LATER_COPY for a copy of an earlier passage): each band's pass then
    // reads the keys and these, not every passage of the corpus.
    let keyed_groups: Vec<[Vec<u32>; 2]> = chunks
        .par_iter()
        .map(|c| {
            let mut groups = [Vec::new(), Vec::new()];
            for_each_passage(sketches, c, later, |g, p| {
                for (t, groups) in groups.iter_mut().enumerate() {
                    if p.has_keys(t) {
                        groups.push(g.unwrap_or(LATER_COPY));
                    }
                }
            });
            groups
        })
        .collect();
    // How many first passages with keys in each index each run holds.
    let counts: Vec<[usize; 2]> = keyed_groups
        .iter()
        .map(|groups| {
            groups
                .each_ref()
                .map(|g| g.iter().filter(|&&g| g != LATER_COPY).count())
        })
        .collect();
    let mut bucket: Vec<u64> = Vec::new();
    // Room for the pairs from the start (about two per group): memory that
    // is reserved but not written is not resident, and growing a vector of
    // tens of megabytes step by step would leave the smaller steps behind
    // in the heap.
    let groups = chunks.last().map_or(0, |c| {
        let n: usize = sketches[c.docs.clone()]
            .iter()
            .map(|s| s.passages.len())
            .sum();
        c.group as usize + n
    });
    let mut pairs: Vec<u64> = Vec::with_capacity((2 * groups).max(1 << 22));
    let mut hist = [0usize; 8];
    let mut repeated: Vec<u64> = Vec::new();
    let most = counts.iter().map(|c| c[0].max(c[1])).sum::<usize>();
    let mut seen = KeysSeen::new(most);
    for (t, &nbands) in bands.iter().enumerate() {
        let total: usize = counts.iter().map(|c| c[t]).sum();
        for band in 0..nbands {
            bucket.clear();
            // Reserved large enough to be mapped apart from the heap, and
            // given back when freed.
            bucket.reserve(total.max(1 << 22));
            bucket.resize(total, 0);
            let mut parts = Vec::with_capacity(chunks.len());
            let mut rest = bucket.as_mut_slice();
            for c in &counts {
                let (part, tail) = rest.split_at_mut(c[t]);
                parts.push(part);
                rest = tail;
            }
            parts
                .into_par_iter()
                .zip(&chunks)
                .zip(&keyed_groups)
                .for_each(|((part, chunk), groups)| {
                    let (mut i, mut k) = (0, 0);
                    for s in &sketches[chunk.docs.clone()] {
                        let n = s.keyed[t] as usize;
                        let at = key_at(s.keyed.map(|n| n as usize), bands, t, band, 0);
                        for (&key, &g) in s.keys[at..at + n].iter().zip(&groups[t][k..k + n]) {
                            if g != LATER_COPY {
                                part[i] = (key as u64) << 32 | g as u64;
                                i += 1;
                            }
                        }
                        k += n;
                    }
                });
            // Most keys are held by one passage: only the entries whose key
            // may be repeated are sorted into runs.
            seen.keep_repeated(&bucket, &mut repeated);
            let bucket = &mut repeated;
            bucket.par_sort_unstable();
            // Pairs from the runs of equal keys, in parallel over slices of
            // the bucket cut between runs.
            let cuts = cuts_between_runs(bucket.len(), bucket.len().div_ceil(16), |i| {
                bucket[i] >> 32 == bucket[i - 1] >> 32
            });
            let found: Vec<(Vec<u64>, [usize; 8])> = cuts
                .par_windows(2)
                .map(|w| {
                    let (mut out, mut hist) = (Vec::new(), [0usize; 8]);
                    let slice = &bucket[w[0]..w[1]];
                    // `worth` reads a record per group, in no order: the
                    // records of the entries a little ahead are asked for
                    // early, so that their cache misses overlap.
                    const AHEAD: usize = 16;
                    let (mut at, mut asked) = (0, 0);
                    for run in slice.chunk_by(|a, b| a >> 32 == b >> 32) {
                        at += run.len();
                        while asked < (at + AHEAD).min(slice.len()) {
                            prefetch(slice[asked] as u32);
                            asked += 1;
                        }
                        if trace {
                            let b = (run.len() as f64).log10() as usize;
                            hist[b.min(7)] += run.len() * (run.len() - 1).min(o.bucket_cap) / 2;
                        }
                        // A crowded bucket is a frequent phrase winning the
                        // band, not a cluster of copies: pair only
                        // neighbours (copies among them still chain
                        // through).
                        let reach = if run.len() > o.bucket_cap {
                            2
                        } else {
                            run.len()
                        };
                        for (a, &x) in run.iter().enumerate() {
                            for &y in run[a + 1..].iter().take(reach) {
                                let pair = (x as u32 as u64) << 32 | y as u32 as u64;
                                if worth(pair) {
                                    out.push(pair);
                                }
                            }
                        }
                    }
                    (out, hist)
                })
                .collect();
            for (found, h) in found {
                pairs.extend_from_slice(&found);
                for (a, b) in hist.iter_mut().zip(h) {
                    *a += b;
                }
            }
        }
    }
    drop(bucket);
    if trace {
        eprintln!("duplicate: pairs by bucket size 1-9, 10-99, 100-999, ...: {hist:?}");
        eprintln!(
            "duplicate: {} pairs from the buckets; resident {}",
            pairs.len(),
            resident()
        );
    }
    pairs.par_sort_unstable();
    // Keep the pairs that share at least `min_band_hits` bands (a pair
    // comes at most once from each band).
    let mut kept = 0;
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i + 1;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        if j - i >= o.min_band_hits {
            pairs[kept] = pairs[i];
            kept += 1;
        }
        i = j;
    }
    pairs.truncate(kept);
    pairs.shrink_to_fit();
    pairs
}

/// Where to cut `0..len` into slices of about `step` items for parallel
/// work, never inside a run of equal items (`same(i)`: item `i` equals item
/// `i - 1`): 0, the cuts, then `len` (just 0 when `len` is 0).
fn cuts_between_runs(len: usize, step: usize, same: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut cuts = vec![0];
    while cuts[cuts.len() - 1] < len {
        let mut at = (cuts[cuts.len() - 1] + step.max(1)).min(len);
        while at < len && same(at) {
            at += 1;
        }
        cuts.push(at);
    }
    cuts
}

/// Which band keys occur more than once, up to collisions of their low
/// bits (keys are hashes): two bitmaps of at least eight bits per entry,
/// word by word side by side (one cache line for both).
struct KeysSeen {
    /// (seen once, seen twice) for 64 values of the low bits.
    words: Vec<[u64; 2]>,
    /// Each chunk of entries in region order, and where each region starts
    /// in it: kept from one band to the next (allocating them afresh for
    /// each band was page faults on tens of MB at 1 GB).
    by_region: Vec<(Vec<u64>, Vec<usize>)>,
}

impl KeysSeen {
    fn new(entries: usize) -> Self {
        let words = (entries * 8).next_power_of_two().clamp(1 << 12, 1 << 32) / 64;
        KeysSeen {
            words: vec![[0; 2]; words],
            by_region: Vec::new(),
        }
    }

    /// Sets `out` to the entries (key << 32 | gid) of `entries` whose key's
    /// low bits are those of another entry's key: every entry of a
    /// repeated key, and a few others, in no particular order. The bitmaps
    /// are cut into regions that fit in a core's cache; the entries are
    /// sorted by region (chunk by chunk, in parallel), and each region is
    /// marked and read by one thread: setting bits all over bitmaps of tens
    /// of MB was a cache miss an entry, and atomic updates from two threads
    /// were slower still.
    fn keep_repeated(&mut self, entries: &[u64], out: &mut Vec<u64>) {
        const REGION_WORDS: usize = 1 << 13;
        let used = ((entries.len() * 8).next_power_of_two().max(64) / 64).min(self.words.len());
        let mask = used as u64 * 64 - 1;
        let at = |e: u64| {
            let i = (e >> 32) & mask;
            (i as usize / 64, 1u64 << (i % 64))
        };
        let region_of = |e: u64| at(e).0 / REGION_WORDS;
        let regions = used.div_ceil(REGION_WORDS);
        let chunk = entries
            .len()
            .div_ceil(2 * rayon::current_num_threads())
            .max(1 << 16);
        // Each chunk of entries in region order, with where each region
        // starts (a counting sort).
        let chunks = entries.len().div_ceil(chunk);
        self.by_region.resize_with(chunks, Default::default);
        self.by_region
            .par_iter_mut()
            .zip(entries.par_chunks(chunk))
            .for_each(|((sorted, starts), c)| {
                starts.clear();
                starts.resize(regions + 1, 0);
                for &e in c {
                    starts[region_of(e) + 1] += 1;
                }
                for r in 0..regions {
                    starts[r + 1] += starts[r];
                }
                let mut next = starts.clone();
                sorted.resize(c.len(), 0);
                for &e in c {
                    let r = region_of(e);
                    sorted[next[r]] = e;
                    next[r] += 1;
                }
            });
        let by_region = &self.by_region[..chunks];
        let kept: Vec<Vec<u64>> = self.words[..used]
            .par_chunks_mut(REGION_WORDS)
            .enumerate()
            .map(|(r, region)| {
                region.fill([0; 2]);
                let base = r * REGION_WORDS;
                let of_region = || {
                    by_region
                        .iter()
                        .flat_map(move |(sorted, starts)| &sorted[starts[r]..starts[r + 1]])
                };
                for &e in of_region() {
                    let (w, bit) = at(e);
                    let [once, twice] = &mut region[w - base];
                    *twice |= *once & bit;
                    *once |= bit;
                }
                of_region()
                    .copied()
                    .filter(|&e| {
                        let (w, bit) = at(e);
                        region[w - base][1] & bit != 0
                    })
                    .collect()
            })
            .collect();
        out.clear();
        out.reserve(kept.iter().map(Vec::len).sum());
        for k in kept {
            out.extend_from_slice(&k);
        }
    }
}

/// All passages of the corpus under one global id (`gid`), in input order:
/// a smaller gid is an earlier passage.
struct Corpus<'a> {
    sketches: &'a [DuplicateSketch],
    /// Where their texts are.
    store: &'a TextStore,
    /// The gid of each document's first passage, then the number of passages.
    first: Vec<u32>,
    /// The document of every 64th gid, where the search in `first` starts.
    doc_at: Vec<u32>,
}

/// Groups of identical normalised passages, numbered in the order of their
/// first passage. Most groups have one passage: only the others have a
/// list of members.
struct Groups {
    /// The first passage of each group.
    first: Vec<u32>,
    /// One bit per group: has more than one passage.
    multi: Vec<u64>,
    /// (group, start in `members`) of each group of several passages, then
    /// (number of groups, end).
    multi_starts: Vec<(u32, u32)>,
    /// The passages of the groups of several passages, group by group, each
    /// group in increasing order.
    members: Vec<u32>,
    /// The passages that repeat an earlier one, with the first (see
    /// [`exact_later`]).
    later: Vec<(u32, u32)>,
}

impl Groups {
    /// The groups of `n` passages, of which `later` repeat an earlier one.
    fn new(n: usize, later: Vec<(u32, u32)>) -> Self {
        let mut first = Vec::with_capacity(n - later.len());
        let mut next = 0;
        for gid in 0..n as u32 {
            if next < later.len() && later[next].0 == gid {
                next += 1;
            } else {
                first.push(gid);
            }
        }
        let mut by_first: Vec<(u32, u32)> = later.iter().map(|&(gid, f)| (f, gid)).collect();
        by_first.par_sort_unstable();
        let mut multi = vec![0u64; first.len().div_ceil(64)];
        let mut multi_starts = Vec::new();
        let mut members = Vec::with_capacity(by_first.len() * 2);
        for run in by_first.chunk_by(|a, b| a.0 == b.0) {
            let g = first.binary_search(&run[0].0).expect("a first passage") as u32;
            multi[g as usize / 64] |= 1 << (g % 64);
            multi_starts.push((g, members.len() as u32));
            members.push(run[0].0);
            members.extend(run.iter().map(|&(_, gid)| gid));
        }
        multi_starts.push((first.len() as u32, members.len() as u32));
        Groups {
            first,
            multi,
            multi_starts,
            members,
            later,
        }
    }

    fn members(&self, g: u32) -> &[u32] {
        if self.multi[g as usize / 64] >> (g % 64) & 1 == 0 {
            return std::slice::from_ref(&self.first[g as usize]);
        }
        let i = self.multi_starts.partition_point(|x| x.0 < g);
        &self.members[self.multi_starts[i].1 as usize..self.multi_starts[i + 1].1 as usize]
    }

    fn first(&self, g: u32) -> u32 {
        self.first[g as usize]
    }

    /// The group of a passage.
    fn group_of(&self, gid: u32) -> u32 {
        let first = match self.later.binary_search_by_key(&gid, |x| x.0) {
            Ok(i) => self.later[i].1,
            Err(_) => gid,
        };
        self.first.binary_search(&first).expect("a first passage") as u32
    }

    fn len(&self) -> usize {
        self.first.len()
    }
}

/// A sketch's text as a document that can locate findings.
fn as_document(s: &DuplicateSketch, text: String) -> Document {
    Document {
        id: s.id.clone(),
        index: s.index,
        lines: Default::default(),
        text,
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        words: Default::default(),
        word_hashes: Default::default(),
    }
}

/// The set of words of a passage (their hashes) as 64 bits.
fn words_mask(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |m, &w| m | 1 << (w & 63))
}

/// Whether two passages can pass verification ([`Verifier::similarity_of`]),
/// judged from their word bits alone: a test that spares reading and
/// measuring most candidates (in the benchmark corpora, most candidates are
/// short sentences that share a phrase and little else). A bit set in one
/// mask only is at least one word missing from the other passage. Each
/// such word costs an edit, so the edit test is exact. For containment it
/// assumes that each missing word kills a shingle of its own (words missing
/// side by side share shingles, so this can reject a pair with a long run
/// of changed words): with the default options, the same findings as
/// without the test on the 100 MB and 1 GB benchmark corpora, with 3.5 and
/// 5 times fewer passages prepared; allowing half as many missing words
/// lost 5 of 23,091 pairs at 100 MB. Pairs with a passage longer than
/// `short_max_words` (judged by shingle Jaccard) always pass.
fn may_verify(a: &GroupFacts, b: &GroupFacts, o: &DuplicateOptions) -> bool {
    let (na, nb) = (a.words as f64, b.words as f64);
    if na.max(nb) > o.short_max_words as f64 {
        return true;
    }
    let (ma, mb) = (a.words_mask, b.words_mask);
    let (only_a, only_b) = (
        (ma & !mb).count_ones() as f64,
        (mb & !ma).count_ones() as f64,
    );
    let by_edits = may_pass_by_edits([a.words, b.words], [ma, mb], o);
    let killable = 1.0 - o.containment;
    let by_containment = na.min(nb) >= o.containment_min_words as f64
        && (only_a <= killable * na || only_b <= killable * nb);
    by_edits || by_containment
}

/// The edit part of [`may_verify`], for two short passages of `words` words
/// with these word bits: exact, since each word of one that the other lacks
/// costs an edit.
fn may_pass_by_edits(words: [u32; 2], masks: [u64; 2], o: &DuplicateOptions) -> bool {
    let longest = words[0].max(words[1]) as usize;
    let missing = |i: usize| (masks[i] & !masks[1 - i]).count_ones() as usize;
    longest <= o.short_max_words
        && missing(0).max(missing(1)) <= verify::allowed_edits(longest, o.short_threshold)
}

/// Asks the processor to bring `v[i]` into the cache, without waiting for
/// it (nothing where there is no such instruction).
#[inline]
fn prefetch<T>(v: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = v.get(i) {
        // SAFETY: a prefetch reads nothing and cannot fault, and SSE is
        // part of every x86-64 processor.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                (x as *const T).cast::<i8>(),
            )
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, i);
}

/// Passages in a verification block: about this many words (each held with
/// its shingles, 8 bytes a word: 800 MB at most). The band keys are freed
/// by then, so a block stays below the peak of the candidate search (at 1
/// GB, one block of 3.0 M passages and 1.65 GB resident at the peak); every
/// block reads most documents again, so fewer blocks are faster (1
/// GB: 5.8 s with four blocks of 24 M words, 4.5 s with one).
const BLOCK_WORDS: usize = 96 << 20;

/// Prepared passages per allocation: a few kilobytes, which fit where the
/// freed band keys were.
const PREPARE_CHUNK: usize = 8;

/// Passages prepared per parallel task (a multiple of `PREPARE_CHUNK`).
const PREPARE_TASK: usize = 512;

impl<'a> Corpus<'a> {
    fn new(sketches: &'a [DuplicateSketch], store: &'a TextStore) -> Self {
        let mut first = Vec::with_capacity(sketches.len() + 1);
        let mut doc_at = Vec::new();
        let mut n = 0u32;
        for (d, s) in sketches.iter().enumerate() {
            first.push(n);
            n += s.passages.len() as u32;
            while (doc_at.len() as u32) << 6 < n {
                doc_at.push(d as u32);
            }
        }
        first.push(n);
        Corpus {
            sketches,
            store,
            first,
            doc_at,
        }
    }

    /// Number of passages.
    fn len(&self) -> usize {
        *self.first.last().expect("an end") as usize
    }

    fn passage(&self, gid: u32) -> &PassageSketch {
        let d = self.doc(gid) as usize;
        &self.sketches[d].passages[(gid - self.first[d]) as usize]
    }

    fn doc(&self, gid: u32) -> u32 {
        let mut d = self.doc_at[gid as usize >> 6] as usize;
        while self.first[d + 1] <= gid {
            d += 1;
        }
        d as u32
    }

    fn range(&self, gid: u32) -> Range<usize> {
        let p = self.passage(gid);
        p.start as usize..p.end as usize
    }

    fn words(&self, gid: u32) -> Vec<u64> {
        let text = self.sketches[self.doc(gid) as usize]
            .text
            .unpack(self.store);
        tokens(&text, self.range(gid))
            .iter()
            .map(|t| t.hash)
            .collect()
    }

    /// The [`GroupFacts`] of every group, by group number.
    fn group_facts(&self, groups: &Groups) -> Vec<GroupFacts> {
        (0..groups.len() as u32)
            .into_par_iter()
            .map(|g| {
                let gid = groups.first(g);
                self.passage(gid).facts(self.doc(gid))
            })
            .collect()
    }

    /// Whether a candidate pair (of group numbers) is worth verifying: not
    /// a pair of too different lengths, of overlapping passages, or that
    /// [`may_verify`] rules out.
    fn worth_verifying(
        &self,
        groups: &Groups,
        facts: &[GroupFacts],
        c: u64,
        o: &DuplicateOptions,
    ) -> bool {
        let (ga, gb) = ((c >> 32) as u32, c as u32);
        let (fa, fb) = (&facts[ga as usize], &facts[gb as usize]);
        let (na, nb) = (fa.words.min(fb.words), fa.words.max(fb.words));
        (na as f64) >= 0.2 * nb as f64
            && (fa.doc != fb.doc || {
                let (a, b) = (groups.first(ga), groups.first(gb));
                !overlaps(&self.range(a), &self.range(b))
            })
            && may_verify(fa, fb, o)
    }

    /// The candidates that may pass verification by their shingle bits
    /// ([`Verifier::shingles_may_pass`]; by their edits, for short ones):
    /// a second test, exact, of what [`Corpus::worth_verifying`] left. At 1
    /// GB it leaves 1.4 M of 3.1 M candidates, and every pair verification
    /// passes. It runs once the band keys are freed, from a table of what
    /// it needs of each group's first passage (24 bytes a group, 250 MB at
    /// 1 GB): read through the sketches, the tests of 3.1 M pairs cost more
    /// than the verification they spare. The table is allocated in pieces
    /// of a few kilobytes, which fit where the freed keys were (one piece
    /// of 250 MB would be new memory, on top of the peak).
    fn shingle_test(
        &self,
        groups: &Groups,
        candidates: Vec<u64>,
        o: &DuplicateOptions,
        trace: bool,
    ) -> Vec<u64> {
        // Word bits, shingle bits and words of each group, 128 groups a
        // piece.
        const PIECE: u32 = 128;
        let n = groups.len() as u32;
        let table: Vec<Vec<(u64, u64, u32)>> = (0..n.div_ceil(PIECE))
            .into_par_iter()
            .map(|piece| {
                (piece * PIECE..((piece + 1) * PIECE).min(n))
                    .map(|g| {
                        let p = self.passage(groups.first(g));
                        (p.words_mask(), p.shingles_mask(), p.words())
                    })
                    .collect()
            })
            .collect();
        let of = |g: u32| table[(g / PIECE) as usize][(g % PIECE) as usize];
        let v = o.verifier();
        let before = candidates.len();
        let kept: Vec<u64> = candidates
            .into_par_iter()
            .filter(|&c| {
                let (a, b) = (of((c >> 32) as u32), of(c as u32));
                may_pass_by_edits([a.2, b.2], [a.0, b.0], o)
                    || v.shingles_may_pass([a.2 as usize, b.2 as usize], [a.1, b.1])
            })
            .collect();
        if trace {
            eprintln!(
                "duplicate: {} of {before} candidates pass the shingle bits",
                kept.len()
            );
        }
        kept
    }

    /// Verified near-duplicate edges between groups, with their similarity.
    /// The candidates are taken in blocks: the words and shingles of the
    /// groups of one block are computed (in parallel, each document's text
    /// read once per chunk) and held while its candidates are
    /// measured, so that memory stays bounded by the block.
    fn verify(&self, groups: &Groups, candidates: &[u64], o: &DuplicateOptions) -> Vec<Edge> {
        let v = o.verifier();
        let mut edges = Vec::new();
        // One bit per group: in the block.
        let mut in_block = vec![0u64; groups.len().div_ceil(64)];
        let mut needed: Vec<u32> = Vec::new();
        let mut block: Vec<u64> = Vec::new();
        let (mut start, mut blocks, mut preparations) = (0, 0, 0);
        while start < candidates.len() {
            needed.clear();
            block.clear();
            let mut words = 0usize;
            while start < candidates.len() && words < BLOCK_WORDS {
                let c = candidates[start];
                start += 1;
                block.push(c);
                for g in [(c >> 32) as u32, c as u32] {
                    let (w, bit) = (g as usize / 64, 1u64 << (g % 64));
                    if in_block[w] & bit == 0 {
                        in_block[w] |= bit;
                        needed.push(g);
                        words += self.passage(groups.first(g)).words() as usize;
                    }
                }
            }
            needed.par_sort_unstable();
            // Each parallel task prepares a run of groups (in document
            // order, each text read once), in small allocations.
            let prepared: Vec<Prepared> = needed
                .par_chunks(PREPARE_TASK)
                .flat_map_iter(|task| {
                    // The task's groups are in document order: one text at
                    // a time, read into the same buffer.
                    let (mut doc, mut text) = (u32::MAX, String::new());
                    let mut toks = Vec::new();
                    task.chunks(PREPARE_CHUNK)
                        .map(|chunk| {
                            let words = chunk
                                .iter()
                                .map(|&g| self.passage(groups.first(g)).words() as usize);
                            let mut p = Prepared::with_capacity(chunk.len(), words.sum());
                            for &g in chunk {
                                let gid = groups.first(g);
                                if self.doc(gid) != doc {
                                    doc = self.doc(gid);
                                    self.sketches[doc as usize]
                                        .text
                                        .unpack_into(self.store, &mut text);
                                }
                                toks.clear();
                                passages::tokens_into(&text, self.range(gid), &mut toks);
                                v.prepare(toks.iter().map(|t| t.hash), &mut p);
                            }
                            p
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            // Where each run of 64 group numbers starts in `needed`: a
            // group is found among the few of its run.
            let mut runs = Vec::with_capacity((groups.len() >> 6) + 2);
            let mut i = 0;
            for r in 0..(groups.len() >> 6) as u32 + 2 {
                while i < needed.len() && needed[i] >> 6 < r {
                    i += 1;
                }
                runs.push(i);
            }
            let words_of = |g: u32| {
                let (from, to) = (runs[(g >> 6) as usize], runs[(g >> 6) as usize + 1]);
                let i = from
                    + needed[from..to]
                        .iter()
                        .position(|&x| x == g)
                        .expect("in the block");
                prepared[i / PREPARE_CHUNK].get(i % PREPARE_CHUNK)
            };
            edges.par_extend(block.par_iter().filter_map(|&c| {
                let (ga, gb) = ((c >> 32) as u32, c as u32);
                let (wa, wb) = (words_of(ga), words_of(gb));
                let (na, nb) = (wa.len().min(wb.len()), wa.len().max(wb.len()));
                v.similarity_of(wa, wb).map(|(sim, contained)| Edge {
                    a: ga,
                    b: gb,
                    sim,
                    // One copy much longer than the other: what was copied
                    // is the shorter one, inside the longer.
                    contained: contained || (na as f64) < 0.75 * nb as f64,
                })
            }));
            drop(prepared);
            for &g in &needed {
                in_block[g as usize / 64] &= !(1 << (g % 64));
            }
            blocks += 1;
            preparations += needed.len();
        }
        if std::env::var_os("TRANSAUDIT_DUP_TRACE").is_some() {
            eprintln!("duplicate: verified in {blocks} blocks, {preparations} passages prepared");
        }
        edges
    }

    /// Adds the near repeats found within documents by `sketch`, once.
    fn add_local_edges(&self, groups: &Groups, edges: &mut Vec<Edge>) {
        for (s, &first) in self.sketches.iter().zip(&self.first) {
            for &(i, j, sim) in s.local.iter() {
                let (a, b) = (groups.group_of(first + i), groups.group_of(first + j));
                if a != b {
                    edges.push(Edge {
                        a: a.min(b),
                        b: a.max(b),
                        sim,
                        contained: false,
                    });
                }
            }
        }
        edges.par_sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)).then(y.sim.total_cmp(&x.sim)));
        edges.dedup_by(|x, y| (x.a, x.b) == (y.a, y.b));
    }

    /// One hit per later copy: boilerplate clusters first, then the best
    /// earlier copy in the same document, then in another document.
    fn decide(&self, groups: &Groups, edges: &[Edge], o: &DuplicateOptions) -> Vec<Hit> {
        let ng = groups.len();
        // The groups with edges, and clusters of them (union-find over
        // their positions in `with_edges`): any other group is a cluster of
        // its own.
        let mut with_edges: Vec<u32> = edges.iter().flat_map(|e| [e.a, e.b]).collect();
        with_edges.par_sort_unstable();
        with_edges.dedup();
        let position = |g: u32| with_edges.binary_search(&g).ok();
        let mut uf = UnionFind::new(with_edges.len());
        // Both ends of every edge, by group (edge order kept within one).
        let mut adj: Vec<(u32, u32, Sim)> = Vec::with_capacity(2 * edges.len());
        for e in edges {
            let sim = Sim(e.sim, e.contained);
            adj.push((e.a, e.b, sim));
            adj.push((e.b, e.a, sim));
            // Clusters are made of whole likenesses only: a sentence is not
            // the same passage as the paragraph that holds it.
            if !e.contained {
                uf.union(
                    position(e.a).expect("with edges") as u32,
                    position(e.b).expect("with edges") as u32,
                );
            }
        }
        adj.sort_by_key(|x| x.0);
        // One bit per group: it has edges. Most groups have none, and a
        // bit spares them the search in `adj` (at 1 GB, 10 M searches
        // were most of this function's time).
        let mut has_edges = vec![0u64; ng.div_ceil(64)];
        for &g in &with_edges {
            has_edges[g as usize / 64] |= 1 << (g % 64);
        }
        let near = |g: u32| {
            if has_edges[g as usize / 64] & 1 << (g % 64) == 0 {
                return &adj[..0];
            }
            let lo = adj.partition_point(|x| x.0 < g);
            let hi = lo + adj[lo..].partition_point(|x| x.0 == g);
            &adj[lo..hi]
        };
        // The cluster of a group: its smallest group.
        let cluster = |g: u32| match position(g) {
            Some(i) => with_edges[uf.find_const(i as u32) as usize],
            None => g,
        };
        // Clusters seen in enough documents are boilerplate.
        let mut cluster_size: BTreeMap<u32, usize> = BTreeMap::new();
        for &g in &with_edges {
            *cluster_size.entry(cluster(g)).or_default() += groups.members(g).len();
        }
        let mut cluster_docs: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
        for &g in &with_edges {
            let c = cluster(g);
            if cluster_size[&c] >= o.boilerplate_min_docs {
                let e = cluster_docs.entry(c).or_insert((0, u32::MAX));
                e.1 = e.1.min(groups.first(g));
            }
        }
        let alone: Vec<u32> = (0..ng as u32)
            .into_par_iter()
            .filter(|&g| {
                groups.members(g).len() >= o.boilerplate_min_docs
                    && with_edges.binary_search(&g).is_err()
            })
            .collect();
        for &g in &alone {
            cluster_docs.insert(g, (0, groups.first(g)));
        }
        if !cluster_docs.is_empty() {
            let mut docs: Vec<(u32, u32)> = Vec::new();
            for &g in with_edges.iter().chain(&alone) {
                let c = cluster(g);
                if cluster_docs.contains_key(&c) {
                    docs.extend(groups.members(g).iter().map(|&m| (c, self.doc(m))));
                }
            }
            docs.par_sort_unstable();
            docs.dedup();
            for (c, _) in docs {
                cluster_docs.get_mut(&c).expect("a cluster").0 += 1;
            }
        }
        let v = o.verifier();
        let eligible_within = |gid: u32| {
            let p = self.passage(gid);
            let min = match p.kind() {
                Kind::Paragraph => o.min_words_line,
                Kind::Sentence | Kind::Quote => o.min_words,
            };
            p.words() as usize >= min
        };
        let eligible_cross = |gid: u32| {
            let p = self.passage(gid);
            let min = match p.kind() {
                Kind::Paragraph => o.min_words_cross,
                Kind::Sentence | Kind::Quote => o.min_words_cross.max(o.min_words),
            };
            p.words() as usize >= min
        };
        let mut hits: Vec<Hit> = (0..ng as u32)
            .into_par_iter()
            .flat_map_iter(|g| {
                let ms = groups.members(g);
                let near = near(g);
                let mut hits = Vec::new();
                if ms.len() == 1 && near.is_empty() {
                    return hits;
                }
                let c = cluster(g);
                if let Some(&(ndocs, rep)) = cluster_docs.get(&c) {
                    if ndocs >= o.boilerplate_min_docs {
                        let score = if groups.group_of(rep) == g {
                            Some((1.0, false))
                        } else {
                            v.similarity(&self.words(ms[0]), &self.words(rep))
                        };
                        if let Some((score, contained)) = score {
                            let rep_range = self.range(rep);
                            let apart = |m: u32| {
                                self.doc(m) != self.doc(rep)
                                    || !overlaps(&self.range(m), &rep_range)
                            };
                            for &m in ms.iter().filter(|&&m| m != rep && apart(m)) {
                                hits.push(Hit {
                                    later: m,
                                    target: rep,
                                    rule: DU003,
                                    score,
                                    contained,
                                    docs: ndocs as u32,
                                });
                            }
                            return hits;
                        }
                    }
                }
                for (i, &m) in ms.iter().enumerate() {
                    let d = self.doc(m);
                    // Same document: the previous identical copy, or the
                    // best near copy before it.
                    let mut same: Option<(u32, Sim)> = None;
                    if i > 0
                        && self.doc(ms[i - 1]) == d
                        && !overlaps(&self.range(ms[i - 1]), &self.range(m))
                    {
                        same = Some((ms[i - 1], Sim::EXACT));
                    } else {
                        for &(_, g2, s) in near {
                            let m2 = groups.members(g2);
                            let k = m2.partition_point(|&x| x < m);
                            // The nearest earlier copy in this document
                            // that is not the passage itself or around it.
                            let earlier = m2[..k]
                                .iter()
                                .rev()
                                .take_while(|&&x| self.doc(x) == d)
                                .find(|&&x| !overlaps(&self.range(x), &self.range(m)));
                            if let Some(&t) = earlier {
                                same = better(same, (t, s));
                            }
                        }
                    }
                    if let Some((t, s)) = same {
                        if eligible_within(m) && eligible_within(t) {
                            hits.push(Hit {
                                later: m,
                                target: t,
                                rule: DU001,
                                score: s.0,
                                contained: s.1,
                                docs: 0,
                            });
                            continue;
                        }
                    }
                    let mut cross: Option<(u32, Sim)> = None;
                    if i > 0 && self.doc(ms[0]) != d {
                        cross = Some((ms[0], Sim::EXACT));
                    }
                    let long_enough =
                        |gid: u32| self.passage(gid).words() as usize >= o.min_words_near_cross;
                    for &(_, g2, s) in near {
                        let f = groups.first(g2);
                        if f < m && self.doc(f) != d && long_enough(f) && long_enough(m) {
                            cross = better(cross, (f, s));
                        }
                    }
                    if let Some((t, s)) = cross {
                        if eligible_cross(m) && eligible_cross(t) {
                            hits.push(Hit {
                                later: m,
                                target: t,
                                rule: DU002,
                                score: s.0,
                                contained: s.1,
                                docs: 0,
                            });
                        }
                    }
                }
                hits
            })
            .collect();
        // One hit per later passage at most: the order is total.
        hits.par_sort_unstable_by_key(|h| (h.later, h.target));
        hits
    }

    /// Keeps the most telling hit where several cover the same text: a
    /// sentence of a paragraph reported as copied from a paragraph that
    /// holds the sentence's other copy is dropped; a containment hit (a
    /// paragraph holding a copied sentence) is dropped for the more precise
    /// hits inside it.
    fn suppress_contained(&self, hits: &mut Vec<Hit>) {
        // The hits by pair of documents (document of the later copy, of the
        // target, hit index), compared within each pair, pairs in parallel.
        let mut by_docs: Vec<(u32, u32, u32)> = hits
            .par_iter()
            .enumerate()
            .map(|(i, h)| (self.doc(h.later), self.doc(h.target), i as u32))
            .collect();
        by_docs.par_sort_unstable();
        let pairs: Vec<&[(u32, u32, u32)]> =
            by_docs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).collect();
        let covers = |outer: &Hit, inner: &Hit| {
            let (x, t) = (self.range(inner.later), self.range(inner.target));
            let (x2, t2) = (self.range(outer.later), self.range(outer.target));
            contains(&x2, &x) && contains(&t2, &t) && (x2 != x || t2 != t)
        };
        let dropped: Vec<u32> = pairs
            .par_iter()
            .flat_map_iter(|idx| {
                idx.iter().map(|x| x.2).filter(|&i| {
                    let h = &hits[i as usize];
                    idx.iter().any(|&(_, _, j)| {
                        let other = &hits[j as usize];
                        j != i
                            && ((!other.contained && covers(other, h))
                                || (h.contained && covers(h, other)))
                    })
                })
            })
            .collect();
        let mut keep = vec![true; hits.len()];
        for i in dropped {
            keep[i as usize] = false;
        }
        let mut i = 0;
        hits.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// A verified edge between two groups.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: u32,
    b: u32,
    sim: f64,
    contained: bool,
}

/// A similarity and whether it is a containment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sim(f64, bool);

impl Sim {
    const EXACT: Sim = Sim(1.0, false);

    /// Likeness of the whole ranks above containment, then higher first.
    fn rank(self) -> (bool, f64) {
        (!self.1, self.0)
    }
}

/// The better of two earlier copies: by [`Sim::rank`], then the earlier.
fn better(current: Option<(u32, Sim)>, new: (u32, Sim)) -> Option<(u32, Sim)> {
    match current {
        Some(c) if c.1.rank() > new.1.rank() || (c.1.rank() == new.1.rank() && c.0 <= new.0) => {
            Some(c)
        }
        _ => Some(new),
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Turns hits into findings, locating both copies in their documents.
/// Each text is read, and its lines indexed, once per side and batch of
/// hits: first for the copies the hits point at, then for the copies
/// reported (reading both texts hit by hit read 2.4 times the texts at 100
/// MB, mostly to index their lines). Findings are appended a batch at a
/// time, so that no second copy of them all is ever held.
fn report(corpus: &Corpus, hits: &[Hit], o: &DuplicateOptions, out: &mut Vec<Finding>) {
    // One finding per hit, and a few divergences.
    out.reserve(hits.len() + hits.len() / 4);
    for hits in hits.chunks(1 << 18) {
        let targets = by_document(
            corpus,
            hits,
            |h| h.target,
            |doc, i| {
                let range = corpus.range(hits[i].target);
                Target {
                    span: doc.span(range.clone()),
                    text: may_diverge(&hits[i]).then(|| doc.text[range].to_string()),
                }
            },
        );
        let found = by_document(
            corpus,
            hits,
            |h| h.later,
            |doc, i| {
                let h = &hits[i];
                finding(h, doc, corpus.range(h.later), corpus, &targets[i], o)
            },
        );
        out.extend(found.into_iter().flatten());
    }
}

/// What a finding needs of the copy its hit points at.
struct Target {
    span: Span,
    /// The copy's text, where the two copies may differ in a phrase.
    text: Option<String>,
}

/// Whether a hit's copies may differ in a phrase worth reporting (MT900).
fn may_diverge(h: &Hit) -> bool {
    h.rule != DU003 && h.score < 1.0
}

/// `f` of every hit (by its index), in hit order, given the document of
/// one of its copies (`side`). The hits are taken document by document, in
/// parallel over runs of documents: each text is read once.
fn by_document<R: Send>(
    corpus: &Corpus,
    hits: &[Hit],
    side: impl Fn(&Hit) -> u32 + Sync,
    f: impl Fn(&Document, usize) -> R + Sync,
) -> Vec<R> {
    let mut order: Vec<(u32, u32)> = hits
        .par_iter()
        .enumerate()
        .map(|(i, h)| (corpus.doc(side(h)), i as u32))
        .collect();
    order.par_sort_unstable();
    // Runs of about 4,096 hits, cut between documents.
    let cuts = cuts_between_runs(order.len(), 4096, |i| order[i].0 == order[i - 1].0);
    let mut done: Vec<(u32, R)> = cuts
        .par_windows(2)
        .flat_map_iter(|w| {
            let mut doc: Option<(u32, Document)> = None;
            order[w[0]..w[1]]
                .iter()
                .map(|&(d, i)| {
                    if doc.as_ref().is_none_or(|(x, _)| *x != d) {
                        let s = &corpus.sketches[d as usize];
                        doc = Some((d, as_document(s, s.text.unpack(corpus.store))));
                    }
                    let (_, doc) = doc.as_ref().expect("just read");
                    (i, f(doc, i as usize))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    done.par_sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The finding of one hit (and of the phrase in which the copies differ).
fn finding(
    h: &Hit,
    doc: &Document,
    rl: Range<usize>,
    corpus: &Corpus,
    target: &Target,
    o: &DuplicateOptions,
) -> Vec<Finding> {
    let other = &corpus.sketches[corpus.doc(h.target) as usize];
    let (dl, dt) = (doc.index, other.index);
    let line = target.span.line;
    let place = if dl == dt {
        format!("line {line} of this document")
    } else {
        format!("{} (line {line})", other.id)
    };
    let similarity = if h.score >= 1.0 {
        "identical once case and punctuation are ignored".to_string()
    } else {
        format!("similarity {:.2}", h.score)
    };
    let (kind, severity, message) = match h.rule {
        DU001 => (
            CheckKind::Duplicate,
            Severity::Warning,
            format!("This passage repeats the one at {place} ({similarity})."),
        ),
        DU002 => (
            CheckKind::Duplicate,
            Severity::Warning,
            format!("This passage is copied from {place} ({similarity})."),
        ),
        _ => (
            CheckKind::Duplicate,
            Severity::Info,
            format!(
                "Boilerplate found in {} documents; first occurrence in {place}.",
                h.docs
            ),
        ),
    };
    let related = |start: usize, end: usize| Related {
        doc: other.id.clone(),
        start,
        end,
    };
    let mut v = vec![doc
        .finding(rl.clone(), kind, h.rule, severity, message)
        .with_related(related(target.span.start, target.span.end))
        .with_score(h.score)];
    if let Some(copy) = &target.text {
        let tl = tokens(&doc.text, rl);
        // Offsets in the other copy's text.
        let tt = tokens(copy, 0..copy.len());
        let wl: Vec<u64> = tl.iter().map(|t| t.hash).collect();
        let wt: Vec<u64> = tt.iter().map(|t| t.hash).collect();
        if let Some((a, b)) = divergence(&wl, &wt, o.divergent_max_words, o.divergent_min_context) {
            let pa = tl[a.start].start..tl[a.end - 1].end;
            let pb = tt[b.start].start..tt[b.end - 1].end;
            let theirs = &copy[pb.clone()];
            let ours = &doc.text[pa.clone()];
            // Two renderings in one article betray the translation;
            // across articles an editor's rewording is as likely.
            let severity = if dl == dt {
                Severity::Warning
            } else {
                Severity::Info
            };
            let start = target.span.start + copy[..pb.start].chars().count();
            v.push(
                doc.finding(
                    pa,
                    CheckKind::Mistranslation,
                    MT900,
                    severity,
                    format!(
                        "“{ours}” differs from its other copy at {place}, which reads “{theirs}”; one of the two is likely mistranslated."
                    ),
                )
                .with_suggestion(theirs)
                .with_related(related(start, start + theirs.chars().count()))
                .with_score(h.score),
            );
        }
    }
    v
}

struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    fn find_const(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x
    }

    /// Joins two sets; the smaller id becomes the root, so roots do not
    /// depend on the order of unions.
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi as usize] = lo;
        }
    }
}

#[cfg(test)]
mod tests;
