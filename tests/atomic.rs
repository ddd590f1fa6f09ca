//! Reports and cleaned files are written atomically: a run killed at any
//! moment leaves either the old file or the complete new one.

mod util;

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::*;

/// A corpus big enough that a run lasts a while: the fixtures, many times.
fn corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let seed = fs::read_to_string(fixtures().join("003_76af8b894998912a.txt")).unwrap();
    let mut out = String::new();
    for i in 0..150 {
        let text = seed.replace("Istanbul", &format!("Istanbul-{i}"));
        out.push_str(&serde_json::json!({"id": format!("doc-{i}"), "text": text}).to_string());
        out.push('\n');
    }
    let p = dir.join("corpus.jsonl");
    fs::write(&p, out).unwrap();
    p
}

#[test]
fn a_killed_run_leaves_the_old_report_or_the_complete_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let report = dir.path().join("report.csv");
    let args = |out: &std::path::Path| {
        vec![
            "check".to_string(),
            input.to_string_lossy().into_owned(),
            "--fail-on".into(),
            "never".into(),
            "-q".into(),
            "-o".into(),
            out.to_string_lossy().into_owned(),
        ]
    };
    // The complete new report, and how long a run takes.
    let reference = dir.path().join("reference.csv");
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_transaudit"))
        .args(args(&reference))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let full_run = started.elapsed();
    let new = fs::read(&reference).unwrap();
    let old = b"doc,line,column\nthe old report\n".to_vec();

    let mut saw_old = 0;
    for step in 0..12 {
        fs::write(&report, &old).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_transaudit"))
            .args(args(&report))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at points spread over the whole run, the last ones near its end.
        std::thread::sleep(full_run.mul_f64(step as f64 / 11.0) + Duration::from_millis(5));
        let _ = child.kill();
        let _ = child.wait();
        let now = fs::read(&report).unwrap();
        assert!(
            now == old || now == new,
            "step {step}: a partial report ({} bytes)",
            now.len()
        );
        saw_old += usize::from(now == old);
    }
    assert!(saw_old > 0, "no run was killed before it finished");
}

#[test]
fn a_killed_clean_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let out = dir.path().join("cleaned");
    let mut child = Command::new(env!("CARGO_BIN_EXE_transaudit"))
        .args([
            "clean",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    if out.exists() {
        for entry in fs::read_dir(&out).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            // Either a complete file (renamed into place) or a temporary one,
            // never the final name with partial content.
            if name == "corpus.jsonl" {
                let text = fs::read_to_string(out.join(&name)).unwrap();
                assert_eq!(text.lines().count(), 150, "partial {name}");
            }
        }
    }
}
