//! Helpers shared by the integration tests: run the binary, read reports.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("fixtures")
}

/// Runs `transaudit` with `args` in `dir`.
pub fn transaudit_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_transaudit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run transaudit")
}

pub fn transaudit(args: &[&str]) -> Output {
    transaudit_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A report row as a map from column name to value.
pub type Row = std::collections::BTreeMap<String, String>;

pub fn parse_csv(s: &str) -> Vec<Row> {
    let mut r = csv::Reader::from_reader(s.as_bytes());
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
