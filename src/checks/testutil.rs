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
    crate::pipeline::cpu_time().map_or(0.0, |d| d.as_secs_f64())
}

/// A small deterministic random source for the randomised unit tests (a
/// 64-bit linear congruential generator; its high bits are used).
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng(seed)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A text of `n` pieces drawn from `pieces`.
    pub fn text(&mut self, pieces: &[&str], n: usize) -> String {
        (0..n).map(|_| self.pick(pieces)).collect()
    }
}
