//! `transaudit clean` end to end: what it removes and fixes on the
//! fixtures, that the original can be rebuilt from the cleaned copy and
//! `removed.csv`, and every refusal.

mod util;

use std::fs;
use std::path::Path;

use transaudit::clean::{read_log, restore};
use util::*;

fn clean_fixtures(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "clean",
        "fixtures",
        "fixtures/corpus.jsonl",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    transaudit(&args)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn clean_removes_footer_repeats_and_syndicated_copies_and_keeps_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cleaned");
    let o = clean_fixtures(&out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let s000 = read(&out.join("000_c2d0bef3eceee832.txt"));
    assert!(!s000.contains("Lini një Përgjigje"));
    assert!(
        s000.ends_with("/Adapted from “Pamphlet” by “La Stampa”\n")
            || s000.ends_with("“La Stampa”"),
        "{:?}",
        &s000[s000.len() - 60..]
    );

    let s003 = read(&out.join("003_76af8b894998912a.txt"));
    assert_eq!(
        s003.matches("Negotiations for a peace between Ukraine and Russia")
            .count(),
        1
    );
    assert_eq!(s003.matches("Chijioke Obinna").count(), 1);
    // A copy inside a quote is left for an editor: cutting it breaks the sentence.
    assert!(s003.contains("one towards La Paz"));
    // Without --fix, nothing is rewritten.
    assert!(s003.contains("high -level") && s003.contains("kyiv"));

    let synd = read(&out.join("syndicated_istanbul_analysis.txt"));
    assert!(!synd.contains("This format is making a comeback"));
    assert!(
        synd.contains("Analysts in Brussels said"),
        "original content kept"
    );

    // The byte-order mark of the input is kept.
    assert!(fs::read(out.join("bom_rome_grain.txt"))
        .unwrap()
        .starts_with(b"\xEF\xBB\xBF"));

    let clean_names = read(&out.join("clean_names_dense.txt"));
    assert_eq!(clean_names, read(&fixtures().join("clean_names_dense.txt")));

    // JSONL in, JSONL out, every other field kept.
    let jsonl = read(&out.join("corpus.jsonl"));
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["source"], "example.al");
    assert!(!first["text"].as_str().unwrap().contains("Përgjigje"));
}

#[test]
fn fix_applies_safe_suggestions_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cleaned");
    let o = clean_fixtures(&out, &["--fix"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s003 = read(&out.join("003_76af8b894998912a.txt"));
    assert!(s003.contains("high-level") && s003.contains("low-level"));
    assert!(!s003.contains("kyiv") && s003.contains("Kyiv"));
    assert!(s003.contains("(UAE)") && s003.contains("(EPC)"));
    // Uncertain suggestions stay for an editor.
    assert!(s003.contains("towards La Paz"));
    assert!(s003.contains("Ukrainian arrangement"));
}

#[test]
fn the_original_is_rebuilt_from_the_cleaned_copy_and_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cleaned");
    assert_eq!(clean_fixtures(&out, &["--fix"]).status.code(), Some(0));
    let log = read_log(&out.join("removed.csv")).unwrap();
    assert!(log.len() >= 4, "changes in {} documents only", log.len());
    for entry in fs::read_dir(fixtures()).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".txt") {
            continue;
        }
        // Offsets are into the decoded text: without the byte-order mark,
        // which both files carry or lack alike.
        let (original, cleaned) = (read(&p), read(&out.join(&name)));
        assert_eq!(
            original.starts_with('\u{FEFF}'),
            cleaned.starts_with('\u{FEFF}'),
            "{name}"
        );
        let original = original.trim_start_matches('\u{FEFF}').to_string();
        let cleaned = cleaned.trim_start_matches('\u{FEFF}').to_string();
        let changes = log.get(name.as_str()).cloned().unwrap_or_default();
        assert_eq!(restore(&cleaned, &changes), original, "{name}");
    }
    let cleaned_jsonl = read(&out.join("corpus.jsonl"));
    for (orig, cleaned) in read(&fixtures().join("corpus.jsonl"))
        .lines()
        .zip(cleaned_jsonl.lines())
    {
        let o: serde_json::Value = serde_json::from_str(orig).unwrap();
        let c: serde_json::Value = serde_json::from_str(cleaned).unwrap();
        let id = o["id"].as_str().unwrap();
        let changes = log.get(id).cloned().unwrap_or_default();
        assert_eq!(
            restore(c["text"].as_str().unwrap(), &changes),
            o["text"].as_str().unwrap(),
            "{id}"
        );
    }
}

#[test]
fn clean_refuses_to_write_inside_or_over_an_input_and_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), "Talks in kyiv.\n").unwrap();
    let run = |out: &Path, force: bool| {
        let mut args = vec![
            "clean",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        transaudit(&args)
    };
    for bad in [input.clone(), input.join("sub"), dir.path().to_path_buf()] {
        let o = run(&bad, true);
        assert_eq!(o.status.code(), Some(2), "{} accepted", bad.display());
        assert!(stderr(&o).contains("input"), "{}", stderr(&o));
    }
    assert!(!input.join("sub").exists());
    let out = dir.path().join("out");
    assert_eq!(run(&out, false).status.code(), Some(0));
    let again = run(&out, false);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(run(&out, true).status.code(), Some(0));
    let file = dir.path().join("file.txt");
    fs::write(&file, "x").unwrap();
    assert_eq!(run(&file, true).status.code(), Some(2));
    assert_eq!(read(&file), "x");
}
