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
//!    document's text so that `finish` can quote and locate what it reports.
//! 2. [`Duplicate::finish`], once: collapse identical normalised passages
//!    into groups first (so that boilerplate repeated in thousands of
//!    articles costs one passage, not a quadratic number of pairs); bucket
//!    the groups' representatives by band key (capped buckets) to propose
//!    candidate pairs; verify every candidate with a real similarity
//!    ([`verify`]); join groups into clusters with union-find. A cluster
//!    seen in at least `boilerplate_min_docs` documents is boilerplate: one
//!    finding per occurrence, all pointing at its first occurrence. Any other
//!    later copy points at its best earlier copy, in the same document first.
//!
//! Findings are on the later copy; `related_*` is the earlier one; `score` is
//! the verified similarity. Where two copies differ in one short phrase
//! ("towards peace" / "towards La Paz"), the difference is also reported as
//! a possible mistranslation (MT900). Everything is sorted, so the output
//! does not depend on the number of threads. `TRANSAUDIT_DUP_TRACE=1` prints
//! counts and phase times on stderr (for the benchmark in bench/duplicate/).

mod minhash;
mod passages;
mod verify;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{CorpusCheck, StaticRule};
use crate::document::{Document, LineIndex};
use crate::finding::{CheckKind, Finding, Severity};

use minhash::{prep, MinHasher, Tier};
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
}

impl Default for Duplicate {
    fn default() -> Self {
        Duplicate::new(DuplicateOptions::default())
    }
}

const NO_KEYS: u32 = u32::MAX;

/// One passage of a sketch.
#[derive(Debug, Clone)]
struct PassageSketch {
    start: u32,
    end: u32,
    words: u32,
    kind: Kind,
    /// Hash of the normalised word sequence.
    exact: u64,
    /// Offsets into the sketch's `keys` of the long and short index keys.
    long_keys: u32,
    short_keys: u32,
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
    /// Computes the signature of index `t` of `unit[u]` into `sigs` and
    /// returns its offset there. A passage's shingles include all those of a
    /// passage inside it that is at least a shingle long: its signature is
    /// the element-wise minimum of theirs (when already computed, in the
    /// same index) and of the hashes of its other shingles only — the same
    /// signature with fewer hashes (a paragraph's shingles are mostly those
    /// of its sentences).
    fn signature(&mut self, hasher: &MinHasher, t: usize, u: usize) -> u32 {
        let k = hasher.tier.shingle.max(1);
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
                    self.shingles.push(prep(seq_hash(window.iter().copied())));
                }
            }
        }
        hasher.update(&mut self.sigs[at..], &self.shingles);
        at as u32
    }
}

/// Number of common elements (with multiplicity) of two sorted slices.
fn common_count(a: &[u32], b: &[u32]) -> usize {
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

/// What `finish` needs of one document.
#[derive(Debug, Clone)]
pub struct DuplicateSketch {
    id: Arc<str>,
    index: usize,
    text: String,
    passages: Vec<PassageSketch>,
    keys: Vec<u32>,
    /// Verified near repeats of short passages within this document:
    /// passage indexes and similarity. Found here, by comparing every
    /// plausible pair, rather than by LSH.
    local: Vec<(u32, u32, f64)>,
}

impl Duplicate {
    pub fn new(options: DuplicateOptions) -> Self {
        Duplicate {
            long: MinHasher::new(options.long_tier()),
            short: MinHasher::new(options.short_tier()),
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
        let indexes = [("long", &self.long), ("short", &self.short)];
        sketch
            .passages
            .iter()
            .map(|p| {
                let related = doc.related(p.start as usize..p.end as usize);
                let mut bands = Vec::new();
                for ((name, hasher), offset) in indexes.iter().zip([p.long_keys, p.short_keys]) {
                    if offset == NO_KEYS {
                        continue;
                    }
                    let keys = &sketch.keys[offset as usize..][..hasher.tier.bands];
                    bands.extend(keys.iter().enumerate().map(|(b, &k)| (*name, b, k as u64)));
                }
                PassageSignature {
                    start: related.start,
                    end: related.end,
                    words: p.words as usize,
                    kind: match p.kind {
                        Kind::Paragraph => "paragraph",
                        Kind::Sentence => "sentence",
                        Kind::Quote => "quote",
                    },
                    hash: p.exact,
                    bands,
                }
            })
            .collect()
    }

    /// [`CorpusCheck::sketch`] with this thread's buffers.
    fn sketch_with(&self, doc: &Document, s: &mut SketchScratch) -> DuplicateSketch {
        let o = &self.options;
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
            passages::tokens_into(&doc.text, list[k].0.clone(), &mut s.tokens);
            s.words.clear();
            s.words.extend(s.tokens.iter().map(|t| t.hash));
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
                let mut sketch = PassageSketch {
                    start: p.range.start as u32,
                    end: p.range.end as u32,
                    words: n as u32,
                    kind: p.kind,
                    exact: seq_hash(words.iter().copied()),
                    long_keys: NO_KEYS,
                    short_keys: NO_KEYS,
                };
                if n >= o.min_words && n <= o.short_max_words {
                    let a = s.short_words.len();
                    s.short_words.extend(words.iter().map(|&w| w as u32));
                    s.short_sorted.extend_from_slice(&s.short_words[a..]);
                    s.short_sorted[a..].sort_unstable();
                    let mask = words.iter().fold(0u64, |m, &w| m | 1 << (w & 63));
                    s.short
                        .push((s.out.len() as u32, a..s.short_words.len(), mask));
                }
                for (t, (hasher, offset)) in [
                    (&self.long, &mut sketch.long_keys),
                    (&self.short, &mut sketch.short_keys),
                ]
                .into_iter()
                .enumerate()
                {
                    if p.sig[t] != NO_KEYS {
                        *offset = s.keys.len() as u32;
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
                let allowed = ((max as f64 * (1.0 - o.short_threshold)).round() as usize).max(1);
                if wi.len().abs_diff(wj.len()) > allowed
                    || (pi.start < pj.end && pj.start < pi.end)
                    || pi.exact == pj.exact
                    // A word of one that the other lacks takes an edit: a
                    // bit of one's word mask missing from the other's is at
                    // least one such word.
                    || (mi & !mj).count_ones() as usize > allowed
                    || (mj & !mi).count_ones() as usize > allowed
                    // Every edit leaves at most one word unmatched: fewer
                    // common words than `max - allowed` is too far.
                    || common_count(si, sj) + allowed < max
                {
                    continue;
                }
                if let Some(d) = verify::levenshtein_within(wi, wj, allowed) {
                    local.push((*i, *j, 1.0 - d as f64 / max as f64));
                }
            }
        }
        // Sketches of a whole corpus live together: no spare capacity.
        local.shrink_to_fit();
        DuplicateSketch {
            id: doc.id.clone(),
            index: doc.index,
            text: doc.text.clone(),
            passages: s.out.to_vec(),
            keys: s.keys.to_vec(),
            local,
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
    docs: usize,
}

impl CorpusCheck for Duplicate {
    type Sketch = DuplicateSketch;

    fn kind(&self) -> CheckKind {
        CheckKind::Duplicate
    }

    fn sketch(&self, doc: &Document) -> DuplicateSketch {
        SCRATCH.with(|s| self.sketch_with(doc, &mut s.borrow_mut()))
    }

    fn finish(&self, mut sketches: Vec<DuplicateSketch>, out: &mut Vec<Finding>) {
        sketches.sort_by_key(|s| s.index);
        let t = std::time::Instant::now();
        let trace = std::env::var_os("TRANSAUDIT_DUP_TRACE").is_some();
        let (groups, candidates) = {
            let corpus = Corpus::new(&sketches);
            let groups = corpus.exact_groups();
            let candidates = corpus.candidates(&groups, &self.options);
            (groups, candidates)
        };
        let t2 = t.elapsed();
        if trace {
            let keys: usize = sketches.iter().map(|s| s.keys.capacity()).sum();
            let text: usize = sketches.iter().map(|s| s.text.capacity()).sum();
            let passages: usize = sketches.iter().map(|s| s.passages.capacity()).sum();
            eprintln!(
                "duplicate: memory: keys {} MB, texts {} MB, passages {} MB",
                (keys * 4) >> 20,
                text >> 20,
                (passages * std::mem::size_of::<PassageSketch>()) >> 20
            );
        }
        // The band keys have done their work: free them before verifying.
        for s in &mut sketches {
            s.keys = Vec::new();
        }
        let hits = {
            let corpus = Corpus::new(&sketches);
            let mut edges = corpus.verify(&groups, &candidates, &self.options);
            corpus.add_local_edges(&groups, &mut edges);
            let t3 = t.elapsed();
            let mut hits = corpus.decide(&groups, &edges, &self.options);
            corpus.suppress_contained(&mut hits);
            if trace {
                eprintln!(
                    "duplicate: {} passages, {} groups, {} candidates, {} edges, {} hits; groups+candidates {:?} verify {:?} decide {:?}",
                    corpus.refs.len(), groups.len(), candidates.len(), edges.len(), hits.len(),
                    t2, t3 - t2, t.elapsed() - t3
                );
            }
            hits
        };
        report(sketches, &hits, &self.options, out);
    }
}

/// All passages of the corpus under one global id (`gid`), in input order:
/// a smaller gid is an earlier passage.
struct Corpus<'a> {
    sketches: &'a [DuplicateSketch],
    /// (document position in `sketches`, passage index) of every gid.
    refs: Vec<(u32, u32)>,
}

/// Groups of identical normalised passages.
struct Groups {
    /// gids, grouped; within a group in increasing order.
    members: Vec<u32>,
    /// Start of each group in `members` (plus a final end).
    starts: Vec<u32>,
    /// The group of each gid.
    group_of: Vec<u32>,
}

impl Groups {
    fn members(&self, g: u32) -> &[u32] {
        &self.members[self.starts[g as usize] as usize..self.starts[g as usize + 1] as usize]
    }

    fn first(&self, g: u32) -> u32 {
        self.members[self.starts[g as usize] as usize]
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

impl<'a> Corpus<'a> {
    fn new(sketches: &'a [DuplicateSketch]) -> Self {
        let refs = sketches
            .iter()
            .enumerate()
            .flat_map(|(d, s)| (0..s.passages.len() as u32).map(move |p| (d as u32, p)))
            .collect();
        Corpus { sketches, refs }
    }

    fn passage(&self, gid: u32) -> &PassageSketch {
        let (d, p) = self.refs[gid as usize];
        &self.sketches[d as usize].passages[p as usize]
    }

    fn doc(&self, gid: u32) -> u32 {
        self.refs[gid as usize].0
    }

    fn range(&self, gid: u32) -> Range<usize> {
        let p = self.passage(gid);
        p.start as usize..p.end as usize
    }

    fn words(&self, gid: u32) -> Vec<u64> {
        let d = self.doc(gid) as usize;
        tokens(&self.sketches[d].text, self.range(gid))
            .iter()
            .map(|t| t.hash)
            .collect()
    }

    fn exact_groups(&self) -> Groups {
        let mut by_hash: Vec<(u64, u32)> = (0..self.refs.len() as u32)
            .map(|g| (self.passage(g).exact, g))
            .collect();
        by_hash.par_sort_unstable();
        // Number groups in order of their first member.
        let mut runs: Vec<(u32, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < by_hash.len() {
            let mut j = i + 1;
            while j < by_hash.len() && by_hash[j].0 == by_hash[i].0 {
                j += 1;
            }
            runs.push((by_hash[i].1, i, j));
            i = j;
        }
        runs.par_sort_unstable();
        let mut members = Vec::with_capacity(by_hash.len());
        let mut starts = Vec::with_capacity(runs.len() + 1);
        let mut group_of = vec![0u32; by_hash.len()];
        for (g, &(_, a, b)) in runs.iter().enumerate() {
            starts.push(members.len() as u32);
            for &(_, gid) in &by_hash[a..b] {
                members.push(gid);
                group_of[gid as usize] = g as u32;
            }
        }
        starts.push(members.len() as u32);
        Groups {
            members,
            starts,
            group_of,
        }
    }

    /// Candidate pairs of groups (smaller first) from the LSH buckets of the
    /// groups' first members.
    fn candidates(&self, groups: &Groups, o: &DuplicateOptions) -> Vec<(u32, u32)> {
        let mut pairs: Vec<u64> = Vec::new();
        let trace = std::env::var_os("TRANSAUDIT_DUP_TRACE").is_some();
        let mut hist = [0usize; 8];
        let tiers = [(o.long_tier(), true), (o.short_tier(), false)];
        for (tier, is_long) in tiers {
            let offset = |p: &PassageSketch| if is_long { p.long_keys } else { p.short_keys };
            for band in 0..tier.bands {
                let mut bucket: Vec<(u32, u32)> = (0..groups.len() as u32)
                    .filter_map(|g| {
                        let gid = groups.first(g);
                        let p = self.passage(gid);
                        let off = offset(p);
                        (off != NO_KEYS).then(|| {
                            let keys = &self.sketches[self.doc(gid) as usize].keys;
                            (keys[off as usize + band], g)
                        })
                    })
                    .collect();
                bucket.par_sort_unstable();
                let mut i = 0;
                while i < bucket.len() {
                    let mut j = i + 1;
                    while j < bucket.len() && bucket[j].0 == bucket[i].0 {
                        j += 1;
                    }
                    let run = &bucket[i..j];
                    if trace {
                        let b = (run.len() as f64).log10() as usize;
                        hist[b.min(7)] += run.len() * (run.len() - 1).min(o.bucket_cap) / 2;
                    }
                    // A crowded bucket is a frequent phrase winning the
                    // band, not a cluster of copies: pair only neighbours
                    // (copies among them still chain through).
                    let reach = if run.len() > o.bucket_cap {
                        2
                    } else {
                        run.len()
                    };
                    for (a, &(_, ga)) in run.iter().enumerate() {
                        for &(_, gb) in run[a + 1..].iter().take(reach) {
                            pairs.push(((ga as u64) << 32) | gb as u64);
                        }
                    }
                    i = j;
                }
            }
        }
        if trace {
            eprintln!("duplicate: pairs by bucket size 1-9, 10-99, 100-999, ...: {hist:?}");
        }
        pairs.par_sort_unstable();
        // Keep the pairs that share at least `min_band_hits` bands.
        let mut out = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let mut j = i + 1;
            while j < pairs.len() && pairs[j] == pairs[i] {
                j += 1;
            }
            if j - i >= o.min_band_hits {
                out.push(((pairs[i] >> 32) as u32, pairs[i] as u32));
            }
            i = j;
        }
        out
    }

    /// Verified near-duplicate edges between groups, with their similarity.
    fn verify(
        &self,
        groups: &Groups,
        candidates: &[(u32, u32)],
        o: &DuplicateOptions,
    ) -> Vec<Edge> {
        let v = o.verifier();
        // The words of every group in a candidate pair, computed once.
        let mut involved: Vec<u32> = candidates.iter().flat_map(|&(a, b)| [a, b]).collect();
        involved.par_sort_unstable();
        involved.dedup();
        let prepared: Vec<Prepared> = involved
            .par_chunks(4096)
            .map(|chunk| {
                let mut p = Prepared::default();
                for &g in chunk {
                    let words = self.words(groups.first(g));
                    v.prepare(words.into_iter().map(|w| w as u32), &mut p);
                }
                p
            })
            .collect();
        // Group -> position in `involved`, one lookup per candidate end.
        let mut slot = vec![u32::MAX; groups.len()];
        for (i, &g) in involved.iter().enumerate() {
            slot[g as usize] = i as u32;
        }
        let words_of = |g: u32| {
            let i = slot[g as usize] as usize;
            prepared[i / 4096].get(i % 4096)
        };
        candidates
            .par_iter()
            .filter_map(|&(ga, gb)| {
                let (a, b) = (groups.first(ga), groups.first(gb));
                let (pa, pb) = (self.passage(a), self.passage(b));
                let (na, nb) = (pa.words.min(pb.words), pa.words.max(pb.words));
                if (na as f64) < 0.2 * nb as f64 {
                    return None;
                }
                if self.doc(a) == self.doc(b) && overlaps(&self.range(a), &self.range(b)) {
                    return None;
                }
                v.similarity_of(words_of(ga), words_of(gb))
                    .map(|(sim, contained)| Edge {
                        a: ga,
                        b: gb,
                        sim,
                        // One copy much longer than the other: what was
                        // copied is the shorter one, inside the longer.
                        contained: contained || (na as f64) < 0.75 * nb as f64,
                    })
            })
            .collect()
    }

    /// Adds the near repeats found within documents by `sketch`, once.
    fn add_local_edges(&self, groups: &Groups, edges: &mut Vec<Edge>) {
        let mut first = 0u32;
        for s in self.sketches {
            for &(i, j, sim) in &s.local {
                let (a, b) = (
                    groups.group_of[(first + i) as usize],
                    groups.group_of[(first + j) as usize],
                );
                if a != b {
                    edges.push(Edge {
                        a: a.min(b),
                        b: a.max(b),
                        sim,
                        contained: false,
                    });
                }
            }
            first += s.passages.len() as u32;
        }
        edges.sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)).then(y.sim.total_cmp(&x.sim)));
        edges.dedup_by(|x, y| (x.a, x.b) == (y.a, y.b));
    }

    /// One hit per later copy: boilerplate clusters first, then the best
    /// earlier copy in the same document, then in another document.
    fn decide(&self, groups: &Groups, edges: &[Edge], o: &DuplicateOptions) -> Vec<Hit> {
        let ng = groups.len();
        let mut adj: Vec<Vec<(u32, Sim)>> = vec![Vec::new(); ng];
        let mut uf = UnionFind::new(ng);
        for e in edges {
            let sim = Sim(e.sim, e.contained);
            adj[e.a as usize].push((e.b, sim));
            adj[e.b as usize].push((e.a, sim));
            // Clusters are made of whole likenesses only: a sentence is not
            // the same passage as the paragraph that holds it.
            if !e.contained {
                uf.union(e.a, e.b);
            }
        }
        // Clusters seen in enough documents are boilerplate.
        let mut cluster_size = vec![0usize; ng];
        for g in 0..ng as u32 {
            cluster_size[uf.find(g) as usize] += groups.members(g).len();
        }
        let mut cluster_docs: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
        for g in 0..ng as u32 {
            let c = uf.find(g);
            if cluster_size[c as usize] >= o.boilerplate_min_docs {
                let e = cluster_docs.entry(c).or_insert((0, u32::MAX));
                e.1 = e.1.min(groups.first(g));
            }
        }
        if !cluster_docs.is_empty() {
            let mut docs: Vec<(u32, u32)> = Vec::new();
            for g in 0..ng as u32 {
                let c = uf.find(g);
                if cluster_docs.contains_key(&c) {
                    docs.extend(groups.members(g).iter().map(|&m| (c, self.doc(m))));
                }
            }
            docs.par_sort_unstable();
            docs.dedup();
            for (c, _) in docs {
                cluster_docs.get_mut(&c).unwrap().0 += 1;
            }
        }
        let v = o.verifier();
        let eligible_within = |gid: u32| {
            let p = self.passage(gid);
            let min = match p.kind {
                Kind::Paragraph => o.min_words_line,
                Kind::Sentence | Kind::Quote => o.min_words,
            };
            p.words as usize >= min
        };
        let eligible_cross = |gid: u32| {
            let p = self.passage(gid);
            let min = match p.kind {
                Kind::Paragraph => o.min_words_cross,
                Kind::Sentence | Kind::Quote => o.min_words_cross.max(o.min_words),
            };
            p.words as usize >= min
        };
        let per_group: Vec<Vec<Hit>> = (0..ng as u32)
            .into_par_iter()
            .map(|g| {
                let ms = groups.members(g);
                let mut hits = Vec::new();
                let c = uf.find_const(g);
                if let Some(&(ndocs, rep)) = cluster_docs.get(&c) {
                    if ndocs >= o.boilerplate_min_docs {
                        let score = if groups.group_of[rep as usize] == g {
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
                                    docs: ndocs,
                                });
                            }
                            return hits;
                        }
                    }
                }
                let near = &adj[g as usize];
                if ms.len() == 1 && near.is_empty() {
                    return hits;
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
                        for &(g2, s) in near {
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
                        |gid: u32| self.passage(gid).words as usize >= o.min_words_near_cross;
                    for &(g2, s) in near {
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
        let mut hits: Vec<Hit> = per_group.into_iter().flatten().collect();
        hits.sort_by_key(|h| (h.later, h.target));
        hits
    }

    /// Keeps the most telling hit where several cover the same text: a
    /// sentence of a paragraph reported as copied from a paragraph that
    /// holds the sentence's other copy is dropped; a containment hit (a
    /// paragraph holding a copied sentence) is dropped for the more precise
    /// hits inside it.
    fn suppress_contained(&self, hits: &mut Vec<Hit>) {
        let mut by_docs: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
        for (i, h) in hits.iter().enumerate() {
            by_docs
                .entry((self.doc(h.later), self.doc(h.target)))
                .or_default()
                .push(i);
        }
        let covers = |outer: &Hit, inner: &Hit| {
            let (x, t) = (self.range(inner.later), self.range(inner.target));
            let (x2, t2) = (self.range(outer.later), self.range(outer.target));
            contains(&x2, &x) && contains(&t2, &t) && (x2 != x || t2 != t)
        };
        let mut keep = vec![true; hits.len()];
        for idx in by_docs.values() {
            for &i in idx {
                let h = &hits[i];
                keep[i] = !idx.iter().any(|&j| {
                    let other = &hits[j];
                    j != i
                        && ((!other.contained && covers(other, h))
                            || (h.contained && covers(h, other)))
                });
            }
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
fn report(
    sketches: Vec<DuplicateSketch>,
    hits: &[Hit],
    o: &DuplicateOptions,
    out: &mut Vec<Finding>,
) {
    if hits.is_empty() {
        return;
    }
    // Where each hit is, then the sketches become documents (their texts
    // moved, not copied) for the documents that have something to say.
    let located: Vec<(u32, Range<usize>, u32, Range<usize>)> = {
        let corpus = Corpus::new(&sketches);
        hits.iter()
            .map(|h| {
                (
                    corpus.doc(h.later),
                    corpus.range(h.later),
                    corpus.doc(h.target),
                    corpus.range(h.target),
                )
            })
            .collect()
    };
    let mut involved = vec![false; sketches.len()];
    for (dl, _, dt, _) in &located {
        involved[*dl as usize] = true;
        involved[*dt as usize] = true;
    }
    let docs: Vec<Option<Document>> = sketches
        .into_par_iter()
        .zip(involved.into_par_iter())
        .map(|(s, wanted)| {
            wanted.then(|| Document {
                id: s.id,
                index: s.index,
                lines: LineIndex::new(&s.text),
                text: s.text,
                paragraphs: Vec::new(),
                sentences: Vec::new(),
            })
        })
        .collect();
    let found: Vec<Vec<Finding>> = hits
        .par_iter()
        .zip(&located)
        .map(|(h, (dl, rl, dt, rt))| {
            let (dl, dt, rl, rt) = (*dl, *dt, rl.clone(), rt.clone());
            let doc = docs[dl as usize].as_ref().expect("involved");
            let other = docs[dt as usize].as_ref().expect("involved");
            let line = other.span(rt.clone()).line;
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
            let mut v = vec![doc
                .finding(rl.clone(), kind, h.rule, severity, message)
                .with_related(other.related(rt.clone()))
                .with_score(h.score)];
            if h.rule != DU003 && h.score < 1.0 {
                let tl = tokens(&doc.text, rl);
                let tt = tokens(&other.text, rt);
                let wl: Vec<u64> = tl.iter().map(|t| t.hash).collect();
                let wt: Vec<u64> = tt.iter().map(|t| t.hash).collect();
                if let Some((a, b)) =
                    divergence(&wl, &wt, o.divergent_max_words, o.divergent_min_context)
                {
                    let pa = tl[a.start].start..tl[a.end - 1].end;
                    let pb = tt[b.start].start..tt[b.end - 1].end;
                    let theirs = &other.text[pb.clone()];
                    let ours = &doc.text[pa.clone()];
                    // Two renderings in one article betray the translation;
                    // across articles an editor's rewording is as likely.
                    let severity = if doc.index == other.index {
                        Severity::Warning
                    } else {
                        Severity::Info
                    };
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
                        .with_related(other.related(pb))
                        .with_score(h.score),
                    );
                }
            }
            v
        })
        .collect();
    out.extend(found.into_iter().flatten());
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
