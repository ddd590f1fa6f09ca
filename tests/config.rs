//! The configuration file and the selection flags, end to end.

mod util;

use std::fs;

use util::*;

fn check_in(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let seed = fixtures().join("003_76af8b894998912a.txt");
    let mut args = vec!["check", seed.to_str().unwrap(), "--fail-on", "never"];
    args.extend_from_slice(extra);
    transaudit_in(dir, &args)
}

fn rules_of(o: &std::process::Output) -> Vec<String> {
    parse_csv(&stdout(o))
        .into_iter()
        .map(|r| r["rule"].clone())
        .collect()
}

#[test]
fn config_in_the_current_folder_selects_ignores_and_sets_severities() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("transaudit.toml"),
        "select = [\"MT1\", \"TY\"]\nignore = [\"TY101\"]\nallow = [\"EAU\"]\n[severity]\nTY001 = \"error\"\n",
    )
    .unwrap();
    let o = check_in(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(
            r["rule"].starts_with("MT1") || r["rule"].starts_with("TY"),
            "{r:?}"
        );
        assert_ne!(r["rule"], "TY101");
        assert_ne!(r["text"], "EAU", "allowlisted");
        if r["rule"] == "TY001" {
            assert_eq!(r["severity"], "error");
        }
    }
    assert!(rows.iter().any(|r| r["rule"] == "TY001"));
}

#[test]
fn flags_override_the_file_and_dump_config_shows_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("transaudit.toml"),
        "select = [\"TY\"]\nfail-on = \"warning\"\n",
    )
    .unwrap();
    let o = check_in(dir.path(), &["--select", "MT"]);
    assert!(rules_of(&o).iter().all(|r| r.starts_with("MT")));
    let d = check_in(dir.path(), &["--select", "MT", "--dump-config"]);
    let dumped = stdout(&d);
    assert!(dumped.contains("select = [\"MT\"]"), "{dumped}");
    assert!(dumped.contains("fail-on = \"never\""), "{dumped}");
}

#[test]
fn config_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("my.toml");
    fs::write(&p, "select = [\"MT\"]\nignor = [\"TY\"]\n").unwrap();
    let o = check_in(dir.path(), &["--config", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("my.toml") && err.contains("line 2") && err.contains("ignor"),
        "{err}"
    );
}

#[test]
fn unknown_rule_codes_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["--select", "ZZ9"][..], &["--ignore", "MT999999"][..]] {
        let o = check_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("unknown rule code"), "{}", stderr(&o));
    }
}

#[test]
fn a_user_pack_adds_and_replaces_rules() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("house.toml");
    fs::write(
        &pack,
        r#"lang = "es"

[[rule]]
code = "MT101"
pattern = "high fire"
suggestion = "truce"
severity = "info"
source = "alto el fuego"
summary = "House style: alto el fuego is a truce."
explanation = "Our style guide prefers truce over ceasefire."
fires = ["a high fire now"]
passes = ["a high fence"]

[[rule]]
code = "MT199"
pattern = "peace conversations"
suggestion = "peace talks"
severity = "warning"
source = "conversaciones de paz"
summary = "Conversaciones de paz are peace talks."
explanation = "English news says peace talks, not peace conversations."
fires = ["to advance peace conversations"]
passes = ["peace talks resumed"]
"#,
    )
    .unwrap();
    let o = check_in(dir.path(), &["--rules", pack.to_str().unwrap(), "-v"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    let high_fire = rows
        .iter()
        .find(|r| r["text"] == "high fire")
        .expect("MT101 still fires");
    assert_eq!(
        (high_fire["rule"].as_str(), high_fire["suggestion"].as_str()),
        ("MT101", "truce")
    );
    assert!(rows
        .iter()
        .any(|r| r["rule"] == "MT199" && r["text"] == "peace conversations"));
    let err = stderr(&o);
    assert!(
        err.contains("MT101") && err.contains("MT199"),
        "-v names the changes: {err}"
    );
}

#[test]
fn duplicate_thresholds_come_from_the_file_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let footer = "Subscribe to our newsletter for the latest news from the region.";
    let lines: Vec<String> = (0..3)
        .map(|i| serde_json::json!({"id": format!("d{i}"), "text": format!("Story number {i} about the harbour.\n\n{footer}")}).to_string())
        .collect();
    fs::write(&corpus, lines.join("\n")).unwrap();
    let run = |cfg: &str| {
        fs::write(dir.path().join("transaudit.toml"), cfg).unwrap();
        transaudit_in(
            dir.path(),
            &[
                "check",
                corpus.to_str().unwrap(),
                "--checks",
                "duplicate",
                "--fail-on",
                "never",
            ],
        )
    };
    let boilerplate =
        |o: &std::process::Output| rules_of(o).iter().filter(|r| *r == "DU003").count();
    // Three documents are below the default of five for boilerplate...
    assert_eq!(boilerplate(&run("")), 0);
    // ...and enough when the file says three.
    assert_eq!(
        boilerplate(&run("[duplicate]\nboilerplate-min-docs = 3\n")),
        2
    );
    let bad = run("[duplicate]\nthreshold = 1.5\n");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("threshold = 1.5"), "{}", stderr(&bad));
    let unknown = run("[duplicate]\nshingles = 4\n");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("shingles"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn texts_spilled_to_a_temporary_file_give_the_same_report_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    // 600 articles of words and numbers drawn at random (about 3 MB, 1.5 MB
    // packed, so that the spill writes to its file), every tenth with a
    // paragraph of another and a shared footer: duplicates to report.
    let vocab = [
        "talks",
        "ceasefire",
        "minister",
        "said",
        "the",
        "of",
        "harbour",
        "council",
        "new",
        "agreement",
        "on",
        "Tuesday",
        "between",
        "and",
        "forces",
        "border",
        "region",
        "trade",
        "a",
        "report",
        "vote",
        "parliament",
        "after",
        "weeks",
        "delegation",
    ];
    let mut state = 12345u64;
    let mut word = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (state >> 33) as usize;
        match r % 4 {
            0 => (r % 100_000).to_string(),
            _ => vocab[r % vocab.len()].to_string(),
        }
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for d in 0..600 {
        let mut text = Vec::new();
        for _ in 0..12 {
            let p: Vec<String> = (0..60).map(|_| word()).collect();
            paragraphs.push(p.join(" ") + ".");
            text.push(paragraphs.last().unwrap().clone());
        }
        if d % 10 == 9 {
            text.push(paragraphs[d * 3].clone());
            text.push("Follow the Harbour Gazette for the latest news from the region.".into());
        }
        lines.push(
            serde_json::json!({"id": format!("d{d}"), "text": text.join("\n\n")}).to_string(),
        );
    }
    let corpus = dir.path().join("c.jsonl");
    fs::write(&corpus, lines.join("\n")).unwrap();
    let run = |cfg: &str| {
        fs::write(dir.path().join("transaudit.toml"), cfg).unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_transaudit"))
            .args(["check", corpus.to_str().unwrap(), "--checks", "duplicate"])
            .args(["--fail-on", "never", "-v"])
            .current_dir(dir.path())
            .env("TMPDIR", &tmp)
            .env("TRANSAUDIT_DUP_TRACE", "1")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o
    };
    let kept = run("");
    let spilled = run("[duplicate]\ntexts-in-memory-mb = 0\n");
    assert!(
        stderr(&kept).contains("MB in memory)") && !stderr(&kept).contains("(0.0 MB in memory)"),
        "{}",
        stderr(&kept)
    );
    assert!(
        stderr(&spilled).contains("(0.0 MB in memory)"),
        "{}",
        stderr(&spilled)
    );
    let rows = rules_of(&spilled);
    assert!(rows.len() >= 110, "{} findings", rows.len());
    assert_eq!(stdout(&kept), stdout(&spilled));
    assert_eq!(
        fs::read_dir(&tmp).unwrap().count(),
        0,
        "the temporary file is gone"
    );
}
