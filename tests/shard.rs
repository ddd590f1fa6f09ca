//! `--shard K/N`: N runs over the same inputs split the documents between
//! them; together they report every per-document finding exactly once, in
//! the unsharded order, and bad values are usage errors.

mod util;

use std::collections::BTreeMap;

use util::*;

const PER_DOCUMENT: &str = "remnant,mistranslation,typography";

fn report(extra: &[&str]) -> (Vec<Row>, String) {
    let mut args = vec![
        "check",
        "fixtures",
        "fixtures/corpus.jsonl",
        "--checks",
        PER_DOCUMENT,
        "--fail-on",
        "never",
    ];
    args.extend_from_slice(extra);
    let o = transaudit(&args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    (parse_csv(&stdout(&o)), stderr(&o))
}

fn documents(summary: &str) -> usize {
    let i = summary.find(" documents").expect("summary");
    let head = &summary[..i];
    head[head.rfind(' ').unwrap() + 1..].parse().unwrap()
}

#[test]
fn the_shards_together_give_the_unsharded_report() {
    let (full, summary) = report(&[]);
    let total_docs = documents(&summary);
    assert!(total_docs >= 8, "{summary}");
    let full_docs: BTreeMap<&str, usize> = full.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r["doc"].as_str()).or_default() += 1;
        m
    });
    assert!(full_docs.len() >= 3, "too few documents with findings");
    for n in 1..=4 {
        let mut union: Vec<Row> = Vec::new();
        let mut docs = 0;
        let mut shards_with_findings = 0;
        for k in 1..=n {
            let spec = format!("{k}/{n}");
            let (part, summary) = report(&["--shard", &spec]);
            docs += documents(&summary);
            shards_with_findings += usize::from(!part.is_empty());
            // In the unsharded order: the shard's rows are a subsequence of
            // the full report.
            let mut rest = full.iter();
            for row in &part {
                assert!(
                    rest.any(|r| r == row),
                    "shard {spec}: row out of order or not in the full report: {row:?}"
                );
            }
            // No document is split between shards.
            for row in &part {
                let doc = row["doc"].as_str();
                let here = part.iter().filter(|r| r["doc"] == doc).count();
                assert_eq!(here, full_docs[doc], "shard {spec}: {doc} split");
            }
            union.extend(part);
        }
        assert_eq!(docs, total_docs, "N={n}: every document in one shard");
        if n > 1 {
            assert!(shards_with_findings > 1, "N={n}: one shard had everything");
        }
        let key = |r: &Row| format!("{r:?}");
        let mut a: Vec<String> = union.iter().map(key).collect();
        let mut b: Vec<String> = full.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "N={n}: the union of the shards differs");
    }
}

#[test]
fn a_shard_takes_the_documents_at_its_positions() {
    // Three JSONL documents, the same text each: shard 2/3 holds only the
    // second, whatever its id.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    let text = "The talks resumed in kyiv on Friday.";
    let lines: Vec<String> = ["b", "a", "c"]
        .iter()
        .map(|id| format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}"))
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let o = transaudit(&[
        "check",
        path.to_str().unwrap(),
        "--checks",
        "typography",
        "--fail-on",
        "never",
        "--shard",
        "2/3",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    assert!(!rows.is_empty(), "kyiv in lower case is a finding");
    assert!(rows.iter().all(|r| r["doc"] == "a"), "{rows:?}");
    assert_eq!(documents(&stderr(&o)), 1);
}

#[test]
fn corpus_checks_in_a_sharded_run_say_they_saw_one_shard() {
    let o = transaudit(&[
        "check",
        "fixtures",
        "--checks",
        "duplicate",
        "--fail-on",
        "never",
        "--shard",
        "1/2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: shard 1/2: duplicate ran on this shard's documents only"),
        "{}",
        stderr(&o)
    );
    let o = transaudit(&[
        "check",
        "fixtures",
        "--checks",
        "typography",
        "--fail-on",
        "never",
        "--shard",
        "1/2",
    ]);
    assert!(!stderr(&o).contains("note: shard"), "{}", stderr(&o));
}

#[test]
fn bad_shard_values_are_usage_errors() {
    for bad in ["0/3", "4/3", "x", "1/0", "0/0", "2", "1/x", "-1/3", ""] {
        for cmd in ["check", "clean"] {
            let flag = format!("--shard={bad}");
            let mut args = vec![cmd, "fixtures", flag.as_str()];
            if cmd == "clean" {
                args.extend(["--out", "/nonexistent/never-written"]);
            }
            let o = transaudit(&args);
            assert_eq!(o.status.code(), Some(2), "{cmd} --shard {bad:?}");
            assert!(stdout(&o).is_empty(), "{cmd} --shard {bad:?}");
            assert!(stderr(&o).contains("--shard"), "{}", stderr(&o));
        }
    }
    let o = transaudit(&["check", "fixtures", "--fail-on", "never", "--shard", "3/3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn signatures(args: &[&str]) -> Vec<Row> {
    let mut all = vec!["signatures"];
    all.extend_from_slice(args);
    let o = transaudit(&all);
    assert_eq!(o.status.code(), Some(0), "{all:?}: {}", stderr(&o));
    parse_csv(&stdout(&o))
}

#[test]
fn signatures_of_the_shards_are_those_of_the_whole_input() {
    let full = signatures(&["fixtures", "fixtures/corpus.jsonl"]);
    assert!(full.len() > 100);
    let mut union = Vec::new();
    for k in 1..=3 {
        union.extend(signatures(&[
            "fixtures",
            "fixtures/corpus.jsonl",
            &format!("--shard={k}/3"),
        ]));
    }
    let key = |r: &Row| format!("{r:?}");
    let mut a: Vec<String> = union.iter().map(key).collect();
    let mut b: Vec<String> = full.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn signatures_locate_passages_and_near_copies_share_a_band_key() {
    let dir = tempfile::tempdir().unwrap();
    let original = "Título: «Kyiv» talks\n\nThe Turkish foreign minister opened the meeting at the Dolmabahce Palace on Friday morning after a long night of consultations with both delegations.";
    let copy = "The Turkish foreign minister opened the meeting at the Dolmabahce Palace on Friday after a long night of consultations with both delegations.";
    let other = "Heavy rain flooded the northern districts of the city overnight, and the railway line to the airport stayed closed until the evening service.";
    let lines: Vec<String> = [("a", original), ("b", copy), ("c", other)]
        .iter()
        .map(|(id, t)| serde_json::json!({"id": id, "text": t}).to_string())
        .collect();
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = dir.path().join("sigs.jsonl");
    let o = transaudit(&[
        "signatures",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let text_of = |r: &serde_json::Value| -> String {
        let t = match r["doc"].as_str().unwrap() {
            "a" => original,
            "b" => copy,
            _ => other,
        };
        let (s, e) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
        t.chars().skip(s as usize).take((e - s) as usize).collect()
    };
    // Character offsets: the title (with non-ASCII letters) and the paragraph.
    assert!(rows.iter().any(|r| text_of(r) == "Título: «Kyiv» talks"));
    let para_a: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| {
            r["doc"] == "a" && text_of(r).starts_with("The Turkish") && r["key"].is_string()
        })
        .collect();
    assert!(!para_a.is_empty(), "the long paragraph has band keys");
    let keys = |doc: &str| -> std::collections::BTreeSet<String> {
        rows.iter()
            .filter(|r| r["doc"] == doc && r["key"].is_string())
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect()
    };
    let (ka, kb, kc) = (keys("a"), keys("b"), keys("c"));
    assert!(ka.intersection(&kb).count() > 0, "near copies share a key");
    assert_eq!(ka.intersection(&kc).count(), 0, "unrelated passages do not");
    // The short title has no keys but a hash.
    let title = rows
        .iter()
        .find(|r| text_of(r).starts_with("Título"))
        .unwrap();
    assert!(title["key"].is_null() && title["hash"].as_str().unwrap().len() == 16);
}
