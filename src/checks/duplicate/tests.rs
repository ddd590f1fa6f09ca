use super::*;
use crate::checks::testutil::TestRng;
use crate::finding::sort_findings;
use crate::text::mix;

fn run_with(options: DuplicateOptions, texts: &[&str]) -> Vec<Finding> {
    let check = Duplicate::new(options);
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("doc{i}"), i, t.to_string()))
        .collect();
    let sketches = docs.iter().map(|d| check.sketch(d)).collect();
    let mut out = Vec::new();
    check.finish(sketches, &mut out);
    sort_findings(&mut out);
    for f in &out {
        let d = &docs[f.doc_index];
        let slice: String = d
            .text
            .chars()
            .skip(f.span.start)
            .take(f.span.end - f.span.start)
            .collect();
        assert_eq!(f.text, slice, "text == slice for {f:?}");
        let r = f
            .related
            .as_ref()
            .expect("every finding has a related span");
        let other = docs.iter().find(|d| *d.id == *r.doc).unwrap();
        assert!(r.start < r.end && r.end <= other.text.chars().count());
        assert!(
            (f.doc_index, f.span.start) > (other.index, r.start),
            "reported on the later copy: {f:?}"
        );
    }
    out
}

fn run(texts: &[&str]) -> Vec<Finding> {
    run_with(DuplicateOptions::default(), texts)
}

fn related_text(texts: &[&str], f: &Finding) -> String {
    let r = f.related.as_ref().unwrap();
    let i: usize = r.doc.trim_start_matches("doc").parse().unwrap();
    texts[i]
        .chars()
        .skip(r.start)
        .take(r.end - r.start)
        .collect()
}

/// The one divergence (MT900) among `found`, and the text of the other
/// copy's phrase (its related span in `texts`).
fn only_divergence(texts: &[&str], found: &[Finding]) -> (Finding, String) {
    let mt: Vec<&Finding> = found.iter().filter(|f| f.rule.as_ref() == MT900).collect();
    assert_eq!(mt.len(), 1, "{found:#?}");
    (mt[0].clone(), related_text(texts, mt[0]))
}

fn codes(found: &[Finding]) -> Vec<&str> {
    found.iter().map(|f| &*f.rule).collect()
}

const SEED_003: &str = include_str!("../../../fixtures/003_76af8b894998912a.txt");
const SEED_000: &str = include_str!("../../../fixtures/000_c2d0bef3eceee832.txt");

#[test]
fn seed_003_title_byline_and_divergent_quote() {
    let found = run(&[SEED_003]);
    let du: Vec<&Finding> = found
        .iter()
        .filter(|f| f.check == CheckKind::Duplicate)
        .collect();
    let lines: Vec<(usize, &str)> = du.iter().map(|f| (f.span.line, &*f.rule)).collect();
    assert_eq!(lines, vec![(5, DU001), (39, DU001), (41, DU001)], "{du:#?}");

    let title = du[0];
    assert!(title.text.starts_with("Negotiations for a peace"));
    assert_eq!(related_text(&[SEED_003], title), title.text);
    assert_eq!(title.score, 1.0);

    let quote = du[1];
    assert_eq!(
        quote.text,
        "there are two paths: one towards La Paz, the other towards destruction"
    );
    assert_eq!(
        related_text(&[SEED_003], quote),
        "There are two paths: one towards peace, the other towards destruction"
    );
    assert!(quote.score > 0.8 && quote.score < 1.0, "{}", quote.score);
    assert!(quote.message.contains("line 37"), "{}", quote.message);

    let byline = du[2];
    assert_eq!(byline.text, "Chijioke Obinna");
    assert!(byline.message.contains("line 3 "), "{}", byline.message);

    let (mt, theirs) = only_divergence(&[SEED_003], &found);
    assert_eq!(mt.check, CheckKind::Mistranslation);
    assert_eq!(mt.text, "La Paz");
    assert_eq!(mt.span.start, 3634);
    assert_eq!(mt.suggestion.as_deref(), Some("peace"));
    assert_eq!(theirs, "peace");
    assert!(mt.message.contains("differs from its other copy"));
}

#[test]
fn the_two_seeds_together_share_nothing() {
    let found = run(&[SEED_000, SEED_003]);
    assert!(found.iter().all(|f| f.doc_index == 1), "{found:#?}");
    assert_eq!(found.len(), 4);
}

const ARTICLE_A: &str = "Talks stall in Geneva\n\n\
By Maria Lopez\n\n\
Delegations from both countries met on Tuesday in Geneva for a third round of talks on the disputed border, but left without agreeing on a date for the next meeting.\n\n\
The foreign minister said that the government remained committed to dialogue and would send a new proposal to the mediators before the end of the month.\n\n\
Analysts said the absence of senior officials showed how far apart the two sides still were after years of fighting along the frontier.";

const ARTICLE_B_SYNDICATED: &str = "Border talks end without a date\n\n\
Delegations from both countries met on Tuesday in Geneva for the third round of talks on the disputed border, but left without agreeing a date for their next meeting.\n\n\
Protesters gathered outside the venue, holding banners that called for the release of prisoners taken during the last offensive.\n\n\
Analysts said that the absence of senior officials showed how far apart the two sides still were after years of fighting along the frontier.";

const ARTICLE_C_SAME_TOPIC: &str = "Geneva talks: what we know\n\n\
The third round of talks on the disputed border took place in Geneva, where delegations discussed prisoners, trade and the reopening of crossings.\n\n\
The government said on Wednesday that it had received a proposal from the mediators and would answer it before the end of the month.\n\n\
Fighting along the frontier has continued for years, and senior officials of both sides have not met since the talks began.";

#[test]
fn syndicated_paragraphs_with_small_edits_are_found_across_documents() {
    let texts = [ARTICLE_A, ARTICLE_B_SYNDICATED];
    let found = run(&texts);
    let du2: Vec<&Finding> = found.iter().filter(|f| f.rule.as_ref() == DU002).collect();
    assert_eq!(du2.len(), 2, "{found:#?}");
    for f in &du2 {
        assert_eq!(f.doc_index, 1);
        assert_eq!(f.related.as_ref().unwrap().doc.as_ref(), "doc0");
        assert!(f.score >= 0.5 && f.score < 1.0, "{}", f.score);
        assert!(f.message.contains("doc0"), "{}", f.message);
    }
    assert!(du2[0].text.starts_with("Delegations from both countries"));
    assert!(related_text(&texts, du2[0]).starts_with("Delegations from both countries"));
    assert!(du2[1].text.starts_with("Analysts said that"));
    // Several edits in the paragraph: not one divergent phrase.
    assert!(found
        .iter()
        .all(|f| f.rule.as_ref() != MT900 || f.text == "that"));
}

#[test]
fn paragraphs_on_the_same_topic_are_not_duplicates() {
    assert_eq!(run(&[ARTICLE_A, ARTICLE_C_SAME_TOPIC]), vec![]);
    assert_eq!(run(&[ARTICLE_B_SYNDICATED, ARTICLE_C_SAME_TOPIC]), vec![]);
}

#[test]
fn a_sentence_reused_inside_a_longer_paragraph_is_found_as_the_sentence() {
    let a =
        "The ministry confirmed that the convoy reached the northern city late on Sunday evening.";
    let b = "Aid groups had waited for weeks. The ministry confirmed that the convoy reached the northern city late on Sunday evening. Local officials asked for more trucks.";
    let found = run(&[a, b]);
    assert_eq!(codes(&found), vec![DU002]);
    assert_eq!(found[0].text, a);
    assert_eq!(found[0].score, 1.0);
}

#[test]
fn a_split_paragraph_is_found_by_containment() {
    let a = "The central bank raised its main interest rate by half a point on Thursday, the fourth increase this year, and said inflation would stay high until the spring. Economists had expected a smaller move after the weak growth figures published last week.";
    let b = "Markets fell after the announcement.\n\nThe central bank raised its main interest rate by half a point on Thursday, the fourth increase this year, and said inflation would stay high until the spring.";
    let found = run(&[a, b]);
    assert_eq!(codes(&found), vec![DU002], "{found:#?}");
    assert!(found[0].text.starts_with("The central bank"));
}

#[test]
fn short_common_lines_are_not_flagged_unless_boilerplate() {
    let few = [
        "Reuters\n\nFirst story about the harbour strike that closed the port.",
        "Reuters\n\nSecond story about the election results in the capital.",
        "Reuters\n\nThird story about the floods in the south of the country.",
    ];
    assert_eq!(run(&few), vec![]);
    let one_doc =
        "Advertisement\n\nThe strike closed the port.\n\nAdvertisement\n\nThe port reopened.";
    assert_eq!(run(&[one_doc]), vec![]);
}

#[test]
fn boilerplate_is_one_cluster_pointing_at_its_first_occurrence() {
    let bio = "Chijioke Obinna is a journalist based in Lagos who covers politics and security for the site.";
    let texts: Vec<String> = (0..8)
        .map(|i| {
            let lead = [
                "Floods closed the northern railway for a week.",
                "The parliament passed the budget after a long night.",
                "A new vaccine trial started in three hospitals.",
                "Fishermen protested against the quota cut in the harbour.",
                "The football club sacked its coach after five defeats.",
                "Wildfires forced thousands to leave their homes.",
                "Teachers went on strike over unpaid salaries.",
                "The museum returned two statues to their owners.",
            ][i];
            format!("{lead}\n\nReuters\n\n{bio}")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found = run(&refs);
    // Two boilerplate clusters (agency line, bio), 7 later occurrences each.
    assert_eq!(found.len(), 14, "{found:#?}");
    assert!(found.iter().all(|f| f.rule.as_ref() == DU003));
    assert!(found
        .iter()
        .all(|f| f.related.as_ref().unwrap().doc.as_ref() == "doc0"));
    assert!(
        found[0].message.contains("8 documents"),
        "{}",
        found[0].message
    );
}

#[test]
fn near_duplicate_boilerplate_joins_the_cluster() {
    let texts: Vec<String> = (0..6)
        .map(|i| {
            let tail = if i % 2 == 0 { "the site" } else { "this site" };
            format!("Unrelated opening number {i} with words {i} {i}.\n\nSubscribe to our newsletter to receive the latest news from {tail} every morning.")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found = run(&refs);
    assert_eq!(codes(&found), vec![DU003; 5], "{found:#?}");
    assert!(found.iter().any(|f| f.score < 1.0));
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let texts = [
        SEED_003,
        ARTICLE_A,
        ARTICLE_B_SYNDICATED,
        ARTICLE_C_SAME_TOPIC,
        SEED_003,
    ];
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run(&texts));
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| run(&texts));
    assert_eq!(one, four);
    assert!(one.len() > 10);
}

fn example_findings(example: &str) -> Vec<Finding> {
    let texts: Vec<&str> = example.split(EXAMPLE_DOC_SEPARATOR).collect();
    run(&texts)
}

#[test]
fn every_rule_fires_on_its_examples_and_passes_its_near_misses() {
    for rule in RULES.iter().chain(DIVERGENT_RULES) {
        assert!(!rule.summary.is_empty() && rule.explanation.len() > 40);
        assert!(
            !rule.fires.is_empty() && !rule.passes.is_empty(),
            "{}",
            rule.code
        );
        for ex in rule.fires {
            let f = example_findings(ex);
            assert!(
                f.iter().any(|f| f.rule.as_ref() == rule.code),
                "{} should fire on {ex:?}: {f:#?}",
                rule.code
            );
        }
        for ex in rule.passes {
            let f = example_findings(ex);
            assert!(
                f.iter().all(|f| f.rule.as_ref() != rule.code),
                "{} should pass {ex:?}: {f:#?}",
                rule.code
            );
        }
    }
}

#[test]
fn divergent_phrases_are_located_in_characters_after_non_ascii_text() {
    // Accents and dashes before the copy and inside it, before the phrase:
    // the other copy's phrase is found by characters, not bytes.
    let a = "Über die Grenze — a note.\n\nThe minister — in Zürich, naïvely — said that the ball is in his court now and the talks must go on.";
    let b = "Another story opens here.\n\nThe minister — in Zürich, naïvely — said that the ball is in its field now and the talks must go on.";
    let (mt, theirs) = only_divergence(&[a, b], &run(&[a, b]));
    assert_eq!(mt.text, "its field");
    assert_eq!(theirs, "his court");
}

#[test]
fn divergent_copies_across_documents_and_their_near_misses() {
    // One phrase differs: reported on the later copy, with the earlier
    // copy's phrase as the suggestion.
    let a = "The minister said that the ball is in his court now and the talks must go on.";
    let b = "Another story opens here with its own words.\n\nThe minister said that the ball is in its field now and the talks must go on.";
    let (mt, theirs) = only_divergence(&[a, b], &run(&[a, b]));
    assert_eq!(mt.text, "its field");
    assert_eq!(mt.suggestion.as_deref(), Some("his court"));
    assert_eq!(theirs, "his court");
    assert!(mt.message.contains("doc0"), "{}", mt.message);

    // Two separate differences: still a near copy, but not one phrase.
    let c = "The minister said that the ball is in its court now and the talks must carry on.";
    let found = run(&[a, c]);
    assert_eq!(codes(&found), vec![DU002], "{found:#?}");

    // Only case and punctuation differ: an exact copy, no divergence.
    let d = "THE MINISTER SAID THAT THE BALL IS IN HIS COURT NOW, AND THE TALKS MUST GO ON!";
    let found = run(&[a, d]);
    assert_eq!(codes(&found), vec![DU002]);
    assert_eq!(found[0].score, 1.0);
}

#[test]
fn a_paragraph_repeated_later_in_the_same_document_is_du001_not_du002() {
    let p = "The committee will publish its final report in the spring, after hearing the last witnesses from the ministry.";
    let a = format!("First article.\n\n{p}\n\nMore text follows about another subject.\n\n{p}");
    let b = format!("Second article.\n\n{p}");
    let found = run(&[&a, &b]);
    let rules: Vec<(usize, &str)> = found.iter().map(|f| (f.doc_index, &*f.rule)).collect();
    assert_eq!(rules, vec![(0, DU001), (1, DU002)], "{found:#?}");
    // The copy in the second document points at the first occurrence.
    assert_eq!(found[1].related.as_ref().unwrap().start, 16);
}

#[test]
fn short_near_identical_sentences_in_different_documents_are_not_copies() {
    // Eight words, one differs: common enough to be written twice.
    let a = "The army would challenge the port on Friday.";
    let b = "The army would challenge the bridge on Friday.";
    assert_eq!(run(&[a, b]), vec![]);
    // Within one document the same pair is a repeat worth a look.
    let c = format!("{a}\n\n{b}");
    assert_eq!(codes(&run(&[&c])), vec![DU001, MT900]);
}

#[test]
fn crlf_and_non_ascii_text_keep_exact_character_spans() {
    let a = "Ünïcödé títle for the «meeting» in Zürich\r\n\r\nBody text — with dashes.\r\n\r\nÜnïcödé títle for the «meeting» in Zürich\r\n";
    let found = run(&[a]);
    assert_eq!(codes(&found), vec![DU001]);
    assert_eq!(found[0].text, "Ünïcödé títle for the «meeting» in Zürich");
    assert_eq!(found[0].span.line, 5);
}

/// CPU cost of the per-document sketch, on one thread:
/// `TRANSAUDIT_DUP_BENCH=corpus.jsonl[:docs] cargo test --release --lib
/// sketch_speed -- --ignored --nocapture`. Documents are segmented first
/// (not timed); the best of three passes is printed.
#[test]
#[ignore]
fn sketch_speed() {
    let Some(spec) = std::env::var_os("TRANSAUDIT_DUP_BENCH") else {
        return;
    };
    let spec = spec.to_string_lossy().into_owned();
    let (path, n) = match spec.rsplit_once(':') {
        Some((p, n)) if n.parse::<usize>().is_ok() => (p.to_string(), n.parse().unwrap()),
        _ => (spec.clone(), 5000),
    };
    let docs: Vec<Document> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .take(n)
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Document::new(
                v["id"].as_str().unwrap(),
                i,
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let check = Duplicate::default();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let sketches: Vec<DuplicateSketch> = docs.iter().map(|d| check.sketch(d)).collect();
        best = best.min(t.elapsed().as_secs_f64());
        drop(sketches);
    }
    eprintln!(
        "sketch: {} documents, {:.1} MB: {:.3} s, {:.1} MB/s, {:.1} µs per document",
        docs.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best,
        best * 1e6 / docs.len() as f64
    );
}

/// The band keys of every passage as computed passage by passage, each
/// from all its own shingles: `sketch` reuses the signatures of sentences
/// inside a paragraph, which must not change a key.
/// The shingle bits of a word-hash sequence, as verification would take its
/// shingles.
fn reference_shingles_mask(words: &[u64], o: &DuplicateOptions) -> u64 {
    let mut mask = 0;
    if words.len() >= o.verifier().shingles_min_words() {
        let hashes = words.iter().copied();
        verify::shingle_hashes(hashes, words.len(), o.shingle, |h| {
            mask |= verify::shingle_bit(h)
        });
    }
    mask
}

/// Each passage's start, long and short keys, and shingle bits.
type ReferenceSketch = (u32, Vec<u32>, Vec<u32>, u64);

fn reference_keys(check: &Duplicate, doc: &Document) -> Vec<ReferenceSketch> {
    let o = check.options();
    let list = passages::passages(doc, o.quote_min_words);
    let mut out = Vec::new();
    let mut para = Vec::new();
    for (range, kind) in list {
        if kind == Kind::Paragraph {
            para = tokens(&doc.text, range.clone());
        }
        let i = para.partition_point(|t| t.start < range.start);
        let j = para.partition_point(|t| t.start < range.end);
        let words: Vec<u64> = para[i..j].iter().map(|t| t.hash).collect();
        let n = words.len();
        if n == 0 {
            continue;
        }
        let keyed = n >= o.min_words_near_cross.max(o.min_words);
        let keys = |hasher: &minhash::MinHasher, wanted: bool| {
            let mut v = Vec::new();
            if wanted && hasher.tier.bands > 0 {
                let k = hasher.tier.shingle.max(1).min(n);
                let shingles = words.windows(k).map(|w| seq_hash(w.iter().copied()));
                hasher.band_keys(shingles, &mut v);
            }
            v
        };
        out.push((
            range.start as u32,
            keys(&check.long, keyed && n >= o.long_min_words()),
            keys(&check.short, keyed && n <= o.short_index_max_words()),
            reference_shingles_mask(&words, o),
        ));
    }
    out
}

#[test]
fn sketch_keys_and_bits_are_those_of_each_passage_on_its_own() {
    let mut texts: Vec<String> = vec![SEED_000.to_string(), SEED_003.to_string()];
    for line in include_str!("../../../fixtures/corpus.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        texts.push(v["text"].as_str().unwrap().to_string());
    }
    // Sentences of every length around the shingle sizes and the index
    // boundaries, in paragraphs of one to four sentences, with a quotation.
    let mut rng = TestRng::new(3);
    let mut next = |n: u64| rng.below(n);
    for _ in 0..200 {
        let mut t = String::new();
        for _ in 0..1 + next(4) {
            for _ in 0..1 + next(4) {
                let n = 1 + next(30);
                let words: Vec<String> = (0..n).map(|_| format!("w{}", next(12))).collect();
                if next(4) == 0 {
                    t += &format!("He said “{}” there. ", words.join(" "));
                } else {
                    t += &format!("{}. ", words.join(" "));
                }
            }
            t += "\n\n";
        }
        texts.push(t);
    }
    let check = Duplicate::default();
    let mut compared = 0;
    for (i, t) in texts.iter().enumerate() {
        let doc = Document::new(format!("d{i}"), i, t.clone());
        let sketch = check.sketch(&doc);
        let want = reference_keys(&check, &doc);
        assert_eq!(sketch.passages.len(), want.len());
        let bands = [check.long.tier.bands, check.short.tier.bands];
        let mut j = [0usize; 2];
        for (p, (start, long, short, mask)) in sketch.passages.iter().zip(&want) {
            assert_eq!(p.start, *start);
            assert_eq!(p.shingles_mask(), *mask, "{t:?}");
            let mut got = |t: usize| -> Vec<u32> {
                if !p.has_keys(t) {
                    return Vec::new();
                }
                j[t] += 1;
                (0..bands[t])
                    .map(|b| sketch.key(t, b, j[t] - 1, bands))
                    .collect()
            };
            assert_eq!(&got(0), long, "{t:?}");
            assert_eq!(&got(1), short, "{t:?}");
            compared += long.len() + short.len();
        }
        assert_eq!(
            j[0] * bands[0] + j[1] * bands[1],
            sketch.keys.len(),
            "every key read once"
        );
    }
    assert!(compared > 10_000, "{compared}");
}

/// A passage sketch of a word-hash sequence, for `may_verify`.
fn passage_of(words: &[u64]) -> PassageSketch {
    let mask = words_mask(words);
    let shingles = reference_shingles_mask(words, &DuplicateOptions::default());
    PassageSketch {
        exact: [0, 0],
        start: 0,
        end: 0,
        packed: words.len() as u32,
        words_mask: [(mask >> 32) as u32, mask as u32],
        shingles_mask: [(shingles >> 32) as u32, shingles as u32],
    }
}

/// A copy of `a` with fewer than `edits` substitutions, insertions and
/// deletions of words drawn from a vocabulary of `vocabulary`, no shorter
/// than `min_len` words.
fn edited_copy(
    a: &[u64],
    edits: u64,
    vocabulary: u64,
    min_len: usize,
    next: &mut dyn FnMut(u64) -> u64,
) -> Vec<u64> {
    let mut b = a.to_vec();
    for _ in 0..next(edits) {
        let at = next(b.len() as u64) as usize;
        match next(3) {
            0 => b[at] = mix(next(vocabulary)),
            1 => b.insert(at, mix(next(vocabulary))),
            _ if b.len() > min_len => {
                b.remove(at);
            }
            _ => {}
        }
    }
    b
}

#[test]
fn the_word_bit_test_keeps_every_pair_within_the_allowed_edits() {
    let o = DuplicateOptions::default();
    let v = o.verifier();
    let mut rng = TestRng::new(4);
    let mut next = |n: u64| rng.below(n);
    let (mut by_edits, mut rejected_unrelated, mut unrelated) = (0, 0, 0);
    for round in 0..20_000 {
        // A sentence of 6-30 words over a small vocabulary (words repeat).
        let len = 6 + next(25) as usize;
        let a: Vec<u64> = (0..len).map(|_| mix(next(60))).collect();
        let b: Vec<u64> = if round % 2 == 0 {
            // A copy with a few substitutions, insertions and deletions.
            let mut b = edited_copy(&a, 8, 60, 6, &mut next);
            b.truncate(o.short_max_words);
            b
        } else {
            // Another sentence that shares a four-word phrase with it.
            let mut b: Vec<u64> = (0..len).map(|_| mix(1000 + next(60))).collect();
            b[..4].copy_from_slice(&a[..4]);
            b
        };
        let (pa, pb) = (passage_of(&a), passage_of(&b));
        match v.similarity(&a, &b) {
            Some((_, false)) => {
                by_edits += 1;
                assert!(may_verify(&pa.facts(0), &pb.facts(1), &o), "{a:?} {b:?}");
            }
            Some((_, true)) => {}
            None if round % 2 == 1 => {
                unrelated += 1;
                rejected_unrelated += !may_verify(&pa.facts(0), &pb.facts(1), &o) as usize;
            }
            None => {}
        }
    }
    assert!(by_edits > 3_000, "{by_edits} pairs accepted by edits");
    // The test is worth having: it spares most pairs that share a phrase only.
    assert!(
        rejected_unrelated * 10 > unrelated * 9,
        "{rejected_unrelated} of {unrelated}"
    );
}

#[test]
fn the_shingle_bit_test_keeps_every_pair_that_verification_passes() {
    let o = DuplicateOptions::default();
    let v = o.verifier();
    let mut rng = TestRng::new(9);
    let mut next = |n: u64| rng.below(n);
    let (mut passed, mut rejected_unrelated, mut unrelated) = (0, 0, 0);
    for round in 0..20_000 {
        // A passage of 10-80 words over a small vocabulary (words repeat).
        let len = 10 + next(71) as usize;
        let a: Vec<u64> = (0..len).map(|_| mix(next(80))).collect();
        let other = |n: usize, next: &mut dyn FnMut(u64) -> u64| -> Vec<u64> {
            (0..n).map(|_| mix(1000 + next(80))).collect()
        };
        let b: Vec<u64> = match round % 4 {
            // An edited copy.
            0 => edited_copy(&a, 10, 80, 10, &mut next),
            // A part of it, or it inside a longer passage (containment).
            1 => {
                let from = next(len as u64 / 4) as usize;
                a[from..len - next(len as u64 / 4) as usize].to_vec()
            }
            2 => {
                let mut b = other(next(20) as usize, &mut next);
                b.extend_from_slice(&a);
                b.extend(other(next(20) as usize, &mut next));
                b
            }
            // Another passage that shares a six-word phrase with it.
            _ => {
                let mut b = other(len, &mut next);
                b[..6].copy_from_slice(&a[..6]);
                b
            }
        };
        let (pa, pb) = (passage_of(&a), passage_of(&b));
        let words = [pa.words(), pb.words()];
        let kept = may_pass_by_edits(words, [pa.words_mask(), pb.words_mask()], &o)
            || v.shingles_may_pass(
                words.map(|n| n as usize),
                [pa.shingles_mask(), pb.shingles_mask()],
            );
        match v.similarity(&a, &b) {
            Some(_) => {
                passed += 1;
                assert!(kept, "{a:?} {b:?}");
            }
            // Up to 30 words, where the 64 bits are far from full.
            None if round % 4 == 3 && len <= o.short_max_words => {
                unrelated += 1;
                rejected_unrelated += !kept as usize;
            }
            None => {}
        }
    }
    assert!(passed > 8_000, "{passed} pairs pass verification");
    // The test is worth having: it spares most short passages that share a
    // phrase only.
    assert!(
        rejected_unrelated * 10 > unrelated * 9,
        "{rejected_unrelated} of {unrelated}"
    );
}

#[test]
fn keys_seen_keeps_every_entry_of_a_repeated_key_and_few_others() {
    let mut rng = TestRng::new(17);
    // Sizes on both sides of one bitmap region, and one of many regions.
    for n in [10usize, 5_000, 300_000] {
        let mut seen = KeysSeen::new(n);
        let mut entries: Vec<u64> = (0..n as u64)
            .map(|g| (rng.below(1 << 32)) << 32 | g)
            .collect();
        // A tenth of the entries repeat another's key.
        for g in (0..n).step_by(10) {
            let other = rng.below(n as u64) as usize;
            entries[g] = (entries[other] >> 32) << 32 | g as u64;
        }
        let mut count: std::collections::HashMap<u64, usize> = Default::default();
        for &e in &entries {
            *count.entry(e >> 32).or_default() += 1;
        }
        let mut kept = Vec::new();
        seen.keep_repeated(&entries, &mut kept);
        kept.sort_unstable();
        let mut repeated: Vec<u64> = entries
            .iter()
            .copied()
            .filter(|e| count[&(e >> 32)] > 1)
            .collect();
        repeated.sort_unstable();
        // Every repeated entry, each once, and few false ones (low bits of
        // unrelated keys that collide: the bitmaps have 8 bits an entry).
        let mut i = 0;
        for e in &repeated {
            while kept[i] != *e {
                i += 1;
            }
        }
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "no entry twice");
        assert!(
            kept.len() - repeated.len() <= n / 4,
            "{} kept for {} repeated",
            kept.len(),
            repeated.len()
        );
    }
}
