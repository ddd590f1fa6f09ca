//! Runs the duplicate check alone over a JSON Lines corpus, for the
//! benchmark in bench/duplicate/ (until the CLI can select one check).
//!
//! Usage: `dupbench CORPUS.jsonl [key=value ...] > findings.tsv`, where the
//! keys are fields of `DuplicateOptions` (`threshold=0.45 shingle=4 ...`).
//! Documents are read and sketched in parallel chunks, so only the sketches
//! are kept, as in the pipeline. Writes one TSV row per finding (`doc start
//! end related_doc related_start related_end rule score`) and phase times
//! on stderr.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use rayon::prelude::*;
use transaudit::checks::duplicate::{Duplicate, DuplicateOptions};
use transaudit::checks::CorpusCheck;
use transaudit::document::Document;
use transaudit::finding::sort_findings;

fn set(o: &mut DuplicateOptions, key: &str, value: &str) {
    let f = || value.parse::<f64>().expect("a number");
    let u = || value.parse::<usize>().expect("a whole number");
    match key {
        "threshold" => o.threshold = f(),
        "short_threshold" => o.short_threshold = f(),
        "short_max_words" => o.short_max_words = u(),
        "containment" => o.containment = f(),
        "containment_min_words" => o.containment_min_words = u(),
        "shingle" => o.shingle = u(),
        "bands" => o.bands = u(),
        "rows" => o.rows = u(),
        "short_shingle" => o.short_shingle = u(),
        "short_bands" => o.short_bands = u(),
        "short_rows" => o.short_rows = u(),
        "min_words" => o.min_words = u(),
        "min_words_line" => o.min_words_line = u(),
        "min_words_cross" => o.min_words_cross = u(),
        "min_words_near_cross" => o.min_words_near_cross = u(),
        "boilerplate_min_docs" => o.boilerplate_min_docs = u(),
        "bucket_cap" => o.bucket_cap = u(),
        "min_band_hits" => o.min_band_hits = u(),
        _ => panic!("unknown option {key}"),
    }
}

#[derive(serde::Deserialize)]
struct Record {
    id: String,
    text: String,
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dupbench CORPUS.jsonl [key=value ...]");
        std::process::exit(2);
    };
    let mut options = DuplicateOptions::default();
    for kv in &args[2..] {
        let (k, v) = kv.split_once('=').expect("key=value");
        set(&mut options, k, v);
    }
    let check = Duplicate::new(options);
    // For profiling: read and segment only.
    let skip_sketch = std::env::var_os("DUPBENCH_SEGMENT_ONLY").is_some();
    let t0 = Instant::now();
    let reader = BufReader::new(std::fs::File::open(path)?);
    let mut sketches = Vec::new();
    let mut chunk: Vec<String> = Vec::with_capacity(4096);
    let mut index = 0usize;
    let mut lines = reader.lines();
    loop {
        chunk.clear();
        for line in lines.by_ref().take(4096) {
            chunk.push(line?);
        }
        if chunk.is_empty() {
            break;
        }
        let base = index;
        let mut part: Vec<_> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, line)| {
                let r: Record = serde_json::from_str(line).expect("a JSON record");
                let doc = Document::new(r.id, base + i, r.text);
                if skip_sketch {
                    return None;
                }
                Some(check.sketch(&doc))
            })
            .collect();
        index += chunk.len();
        sketches.extend(part.drain(..).flatten());
    }
    let t1 = Instant::now();
    let mut findings = Vec::new();
    check.finish(sketches, &mut findings);
    sort_findings(&mut findings);
    let t2 = Instant::now();
    eprintln!(
        "dupbench: {index} documents, {} findings; read+sketch {:.2}s, finish {:.2}s",
        findings.len(),
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64()
    );
    let mut out = BufWriter::new(std::io::stdout().lock());
    for f in &findings {
        let r = f
            .related
            .as_ref()
            .expect("duplicate findings have a related span");
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.4}",
            f.doc, f.span.start, f.span.end, r.doc, r.start, r.end, f.rule, f.score
        )?;
    }
    out.flush()
}
