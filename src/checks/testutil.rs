//! Helpers shared by the checks' unit tests and their throughput probes.

/// A fixture's text (the seeds live in `fixtures/`).
pub fn seed(name: &str) -> String {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `n` documents alternating the two seed articles: the throughput probes'
/// corpus.
pub fn seed_corpus(n: usize) -> Vec<crate::document::Document> {
    let seeds = [
        seed("000_c2d0bef3eceee832.txt"),
        seed("003_76af8b894998912a.txt"),
    ];
    (0..n)
        .map(|i| crate::document::Document::new(format!("d{i}"), i, seeds[i % 2].clone()))
        .collect()
}

/// CPU seconds of this process (Linux), so that a loaded machine does not
/// distort a throughput figure; 0 elsewhere.
pub fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}
