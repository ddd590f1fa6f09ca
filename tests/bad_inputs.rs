//! Bad input, each with its documented outcome (README, "Bad input"): a
//! warning or an error naming the file (and line), the rest still checked,
//! exit status 2 for errors — never a panic, never a silent skip.

mod util;

use std::fs;
use std::path::Path;

use util::*;

fn bad(name: &str) -> String {
    root()
        .join("tests/data/bad")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Checks one input with typography (cheap, and it fires on `kyiv`).
fn check(args: &[&str]) -> std::process::Output {
    let mut all = vec![
        "check",
        "--checks",
        "typography,remnant,mistranslation",
        "--fail-on",
        "never",
    ];
    all.extend_from_slice(args);
    transaudit(&all)
}

fn no_panic(o: &std::process::Output) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn invalid_utf8_is_replaced_and_each_sequence_named_by_line_and_byte() {
    let o = check(&[&bad("invalid_utf8.txt")]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    for offset in [48, 49, 64] {
        let expected = format!("invalid_utf8.txt: line 2: invalid UTF-8 at byte offset {offset} ");
        assert!(err.contains(&expected), "{expected:?} not in {err}");
    }
    assert!(parse_csv(&stdout(&o)).iter().any(|r| r["text"] == "kyiv"));
}

#[test]
fn utf16_with_and_without_bom_is_decoded() {
    for f in ["utf16le_bom.txt", "utf16be_bom.txt", "utf16le_no_bom.txt"] {
        let o = check(&[&bad(f)]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stderr(&o));
        let rows = parse_csv(&stdout(&o));
        let kyiv = rows
            .iter()
            .find(|r| r["text"] == "kyiv")
            .unwrap_or_else(|| panic!("{f}: {rows:?}"));
        assert_eq!(kyiv["start"], "17", "{f}");
    }
    assert!(stderr(&check(&[&bad("utf16le_no_bom.txt")])).contains("no byte-order mark"));
}

#[test]
fn binary_files_are_errors_that_name_the_file_and_the_rest_is_checked() {
    for f in ["image.txt", "nul_bytes.txt"] {
        let o = check(&[&bad(f), &bad("invalid_utf8.txt")]);
        assert_eq!(o.status.code(), Some(2), "{f}");
        assert!(
            stderr(&o).contains(&format!("{f}: binary file")),
            "{}",
            stderr(&o)
        );
        assert!(parse_csv(&stdout(&o))
            .iter()
            .any(|r| r["doc"].ends_with("invalid_utf8.txt")));
    }
}

#[test]
fn empty_and_white_space_files_are_checked_and_said_to_be_empty() {
    for f in ["empty.txt", "whitespace_only.txt"] {
        let o = check(&[&bad(f)]);
        assert_eq!(o.status.code(), Some(0), "{f}");
        assert!(
            stderr(&o).contains(&format!("{f}: the document is empty")),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("1 documents"), "{}", stderr(&o));
    }
}

#[test]
fn mixed_line_endings_give_the_lines_an_editor_sees() {
    let o = check(&[&bad("mixed_line_endings.txt")]);
    let rows = parse_csv(&stdout(&o));
    let at = |t: &str| {
        rows.iter()
            .filter(|r| r["text"] == t)
            .map(|r| (r["line"].clone(), r["column"].clone()))
            .collect::<Vec<_>>()
    };
    // Lines: 1 title, 2 empty (lone CR), 3 "Delegations…", 4 "The high -level talks", 5 "went on in kyiv.", 6 "No statement…"
    assert_eq!(
        at("kyiv"),
        vec![("3".into(), "18".into()), ("5".into(), "12".into())]
    );
    assert_eq!(at("high -level"), vec![("4".into(), "5".into())]);
}

#[test]
fn nfd_zero_width_and_bidi_text_keep_exact_offsets() {
    for f in ["nfd_nfc.txt", "zero_width_bidi.txt"] {
        let o = check(&[&bad(f)]);
        no_panic(&o);
        let text = fs::read_to_string(bad(f)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for r in parse_csv(&stdout(&o)) {
            let (s, e): (usize, usize) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
            assert_eq!(chars[s..e].iter().collect::<String>(), r["text"], "{f}");
        }
    }
    // The bidi-wrapped name is still found, its control characters outside the span.
    let o = check(&[&bad("zero_width_bidi.txt")]);
    assert!(parse_csv(&stdout(&o))
        .iter()
        .any(|r| r["text"] == "kyiv" && r["line"] == "2"));
}

#[test]
fn jsonl_problems_are_named_by_line_and_good_records_checked() {
    let p = root().join("tests/data/jsonl/bad.jsonl");
    let o = check(&[p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for expected in [
        "bad.jsonl: line 2: malformed JSON",
        "bad.jsonl: line 3: no field \"text\"",
        "bad.jsonl: line 4: field \"text\" is not a string",
        "bad.jsonl: line 5: record is not a JSON object",
        "bad.jsonl: line 6: no string field \"id\"",
        "bad.jsonl: line 7: id \"ok-1\" was used before",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    let docs: Vec<String> = parse_csv(&stdout(&o))
        .into_iter()
        .map(|r| r["doc"].clone())
        .collect();
    assert!(
        docs.iter().filter(|d| *d == "ok-1").count() >= 2,
        "{docs:?}"
    );
    assert!(docs.iter().any(|d| d.ends_with("bad.jsonl:6")), "{docs:?}");
    assert!(docs.iter().any(|d| d == "ok-2"), "{docs:?}");
}

#[test]
fn a_50_mb_line_and_100_000_character_words_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let sentence =
        "The delegation from kyiv met the high -level envoy in Geneva, and talks went on. ";
    let line: String = sentence.repeat(50_000_000 / sentence.len());
    fs::write(dir.path().join("one_line.txt"), &line).unwrap();
    let word = "a".repeat(100_000);
    fs::write(
        dir.path().join("long_words.txt"),
        format!("{word} in kyiv {word}é{word}\n\n{word}"),
    )
    .unwrap();
    let o = check(&[dir.path().to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    let long = rows
        .iter()
        .find(|r| r["doc"] == "long_words.txt" && r["text"] == "kyiv")
        .expect("kyiv between long words");
    assert_eq!(long["start"], "100004");
    let n = rows
        .iter()
        .filter(|r| r["doc"] == "one_line.txt" && r["text"] == "kyiv")
        .count();
    assert_eq!(n, 50_000_000 / sentence.len());
}

#[test]
fn a_100_mb_jsonl_line_is_one_document_and_its_neighbours_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Officials in kyiv said the envoy would return. ";
    let reps = 100_000_000 / sentence.len();
    let record = |id: &str, text: &str| serde_json::json!({ "id": id, "text": text }).to_string();
    let jsonl = [
        record("before", "Talks in kyiv resumed."),
        record("huge", &sentence.repeat(reps)),
        record("after", "Talks in kyiv ended."),
    ]
    .join("\n");
    let path = dir.path().join("big.jsonl");
    fs::write(&path, jsonl).unwrap();
    let o = check(&[path.to_str().unwrap(), "-q"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    let kyiv = |doc: &str| {
        rows.iter()
            .filter(|r| r["doc"] == doc && r["text"] == "kyiv")
            .count()
    };
    assert_eq!((kyiv("before"), kyiv("after")), (1, 1));
    assert_eq!(kyiv("huge"), reps);
    let last = rows.iter().rfind(|r| r["doc"] == "huge").unwrap();
    assert_eq!(
        last["start"],
        ((reps - 1) * sentence.len() + "Officials in ".len()).to_string()
    );
}

#[test]
fn deep_folders_and_symbolic_link_loops_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for i in 0..120 {
        deep.push(format!("d{i}"));
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("deep.txt"), "Talks in kyiv.").unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("d0/loop")).unwrap();
    let o = check(&[dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link loop"), "{}", stderr(&o));
    let docs: Vec<String> = parse_csv(&stdout(&o))
        .into_iter()
        .map(|r| r["doc"].clone())
        .collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs[0].ends_with("d119/deep.txt"));
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, "Talks in kyiv.").unwrap();
    fs::write(dir.path().join("open.txt"), "Talks in kyiv.").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let o = check(&[dir.path().to_str().unwrap()]);
    let docs: Vec<String> = parse_csv(&stdout(&o))
        .into_iter()
        .map(|r| r["doc"].clone())
        .collect();
    assert!(docs.contains(&"open.txt".to_string()));
    // root reads any file: then the locked one is simply checked.
    if fs::read(&locked).is_err() {
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("locked.txt"), "{}", stderr(&o));
    } else {
        assert!(docs.contains(&"locked.txt".to_string()));
    }
}

#[test]
fn a_folder_that_vanishes_during_the_run_is_reported_not_fatal() {
    use transaudit::input::{DocumentStream, Event, JsonlFields};
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    fs::create_dir(&gone).unwrap();
    fs::write(gone.join("a.txt"), "x").unwrap();
    fs::write(dir.path().join("b.txt"), "y").unwrap();
    let mut stream = DocumentStream::new(&[dir.path().to_path_buf()], JsonlFields::default());
    // The files are listed when the stream is made; the folder goes before they are read.
    fs::remove_dir_all(&gone).unwrap();
    let events: Vec<Event> = stream.by_ref().collect();
    let errors: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Error(e) => Some(e.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("gone/a.txt"), "{errors:?}");
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::Document(d) if d.id == "b.txt")));
}

#[test]
fn an_output_that_cannot_be_written_is_refused_before_reading() {
    let o = check(&[&bad("empty.txt"), "-o", "/proc/transaudit/report.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/proc/transaudit/report.csv"));
    assert!(
        !stderr(&o).contains("empty"),
        "inputs were read: {}",
        stderr(&o)
    );
    let _ = Path::new("/");
}
