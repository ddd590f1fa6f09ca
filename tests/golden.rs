//! The committed report of the README's main command must match what the
//! tool writes now; the report must not depend on the number of threads.
//!
//! After an intended change, regenerate it with the README's main command
//! and review the diff of `reports/fixtures.csv`.

mod util;

use std::fs;

use util::*;

/// The README's main command, minus `--output`.
const MAIN_ARGS: &[&str] = &[
    "check",
    "fixtures",
    "fixtures/corpus.jsonl",
    "--fail-on",
    "never",
];

fn report_with(extra: &[&str]) -> String {
    let mut args = MAIN_ARGS.to_vec();
    args.extend_from_slice(extra);
    let o = transaudit(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn fixtures_report_matches_the_committed_one() {
    let committed = fs::read_to_string(root().join("reports/fixtures.csv"))
        .expect("reports/fixtures.csv is committed");
    let now = report_with(&[]);
    if committed != now {
        let dir = root().join("target");
        let _ = fs::write(dir.join("fixtures.csv.new"), &now);
        panic!(
            "reports/fixtures.csv differs from the tool's output (written to target/fixtures.csv.new); \
             review with `diff reports/fixtures.csv target/fixtures.csv.new`"
        );
    }
}

#[test]
fn report_is_byte_identical_at_1_and_8_threads() {
    assert_eq!(
        report_with(&["--threads", "1"]),
        report_with(&["--threads", "8"])
    );
}
