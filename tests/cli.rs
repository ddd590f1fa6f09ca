//! End-to-end tests of the command line: exit statuses, inputs of every
//! kind, errors that name the file and line, stdout versus --output.

mod util;

use std::fs;

use util::*;

/// The contract's columns, in order; more may follow (source_lang does).
const HEADER: &str = "doc,line,column,start,end,check,rule,severity,lang,text,suggestion,related_doc,related_start,related_end,score,message";

#[test]
fn report_goes_to_stdout_with_the_contract_header() {
    let o = transaudit(&[
        "check",
        "fixtures/clean_names_dense.txt",
        "--fail-on",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().next(),
        Some(format!("{HEADER},source_lang").as_str())
    );
    assert!(
        stderr(&o).contains("1 documents"),
        "summary: {}",
        stderr(&o)
    );
}

#[test]
fn verbose_runs_say_where_the_time_and_memory_went() {
    let o = transaudit(&["check", "fixtures", "--fail-on", "never", "-v"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for stage in [
        "reading and per-document checks",
        "consistency across documents",
        "duplicate across documents",
        "writing the report",
    ] {
        assert!(
            err.contains(&format!("time: {stage}: ")),
            "{stage} missing: {err}"
        );
    }
    if cfg!(target_os = "linux") {
        assert!(
            err.contains(" s CPU, peak memory so far "),
            "peak memory missing: {err}"
        );
    }
    let quiet = transaudit(&["check", "fixtures", "--fail-on", "never"]);
    assert!(!stderr(&quiet).contains("time: "), "only with -v");
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let o = transaudit(&[
        "check",
        "fixtures",
        "--fail-on",
        "never",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let report = fs::read_to_string(&out).unwrap();
    assert!(report.starts_with(&format!("{HEADER},source_lang\n")));
    // No temporary file is left beside the report.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn findings_at_fail_on_give_status_1_and_never_gives_0() {
    let seed = "fixtures/003_76af8b894998912a.txt";
    assert_eq!(transaudit(&["check", seed]).status.code(), Some(1));
    assert_eq!(
        transaudit(&["check", seed, "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_missing_path_is_named_the_other_inputs_are_checked_and_status_is_2() {
    let o = transaudit(&["check", "no/such/dir", "fixtures/003_76af8b894998912a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/dir"), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    assert!(rows
        .iter()
        .any(|r| r["doc"].ends_with("003_76af8b894998912a.txt")));
}

#[test]
fn malformed_jsonl_lines_are_named_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    fs::write(
        &p,
        "{\"id\": \"a\", \"text\": \"Talks resumed in kyiv on Monday.\"}\n\
         {\"id\": \"b\", \"text\": \n\
         \n\
         {\"id\": \"c\", \"text\": 42}\n\
         {\"id\": \"d\", \"text\": \"Talks resumed in kyiv on Tuesday.\"}\n",
    )
    .unwrap();
    let o = transaudit(&["check", p.to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("c.jsonl: line 2: malformed JSON"), "{err}");
    assert!(
        err.contains("c.jsonl: line 4: field \"text\" is not a string"),
        "{err}"
    );
    let docs: Vec<String> = parse_csv(&stdout(&o))
        .into_iter()
        .map(|r| r["doc"].clone())
        .collect();
    assert!(
        docs.contains(&"a".to_string()) && docs.contains(&"d".to_string()),
        "{docs:?}"
    );
}

#[test]
fn jsonl_field_names_can_be_changed_and_ids_are_kept_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    fs::write(
        &p,
        "{\"key\": \"Doc #1\", \"body\": \"Delegations met in kyiv.\"}\n",
    )
    .unwrap();
    let o = transaudit(&[
        "check",
        p.to_str().unwrap(),
        "--id-field",
        "key",
        "--text-field",
        "body",
        "--fail-on",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&o));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["doc"] == "Doc #1"));
}

#[test]
fn directory_ids_are_relative_slash_separated_and_sorted() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("b/c")).unwrap();
    fs::write(dir.path().join("b/c/z.txt"), "Talks in kyiv.").unwrap();
    fs::write(dir.path().join("a.md"), "Talks in kyiv.").unwrap();
    fs::write(dir.path().join("ignored.json"), "Talks in kyiv.").unwrap();
    let o = transaudit(&[
        "check",
        dir.path().to_str().unwrap(),
        "--checks",
        "typography",
        "--fail-on",
        "never",
    ]);
    let docs: Vec<String> = parse_csv(&stdout(&o))
        .into_iter()
        .map(|r| r["doc"].clone())
        .collect();
    assert_eq!(docs, vec!["a.md", "b/c/z.txt"]);
}

#[test]
fn an_unwritable_output_is_refused_before_any_work() {
    let o = transaudit(&["check", "fixtures", "-o", "/no/such/folder/r.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/no/such/folder/r.csv"),
        "{}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("documents"),
        "work was done: {}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(transaudit(&["check"]).status.code(), Some(2));
    assert_eq!(
        transaudit(&["check", "fixtures", "--checks", "spelling"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn invalid_utf8_is_replaced_and_reported_with_its_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.txt"), b"Talks in kyiv \xFF went on.").unwrap();
    let o = transaudit(&["check", dir.path().to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("bad.txt: line 1: invalid UTF-8 at byte offset 14"),
        "{}",
        stderr(&o)
    );
    assert!(parse_csv(&stdout(&o)).iter().any(|r| r["text"] == "kyiv"));
}

#[test]
fn jsonl_format_has_the_csv_fields() {
    let o = transaudit(&[
        "check",
        "fixtures/003_76af8b894998912a.txt",
        "--format",
        "jsonl",
        "--fail-on",
        "never",
    ]);
    let first = stdout(&o)
        .lines()
        .next()
        .map(str::to_string)
        .expect("a finding");
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    for col in HEADER.split(',') {
        assert!(v.get(col).is_some(), "missing {col} in {first}");
    }
}

#[test]
fn rules_lists_codes_and_explain_documents_them() {
    let o = transaudit(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let list = stdout(&o);
    for prefix in ["RM", "MT", "TY", "CN", "DU"] {
        assert!(
            list.lines().any(|l| l.starts_with(prefix)),
            "no {prefix} rule in:\n{list}"
        );
    }
    let first = list.split_whitespace().next().unwrap();
    let e = transaudit(&["explain", first]);
    assert_eq!(e.status.code(), Some(0));
    assert!(stdout(&e).contains("Fires on:"), "{}", stdout(&e));
    assert_eq!(transaudit(&["explain", "XX999"]).status.code(), Some(2));
}
