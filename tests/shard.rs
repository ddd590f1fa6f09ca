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
