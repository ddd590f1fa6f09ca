//! The pipeline, top to bottom:
//! read → decode → Document → per-document checks (in parallel) →
//! corpus checks → sort → (the caller writes).
//!
//! Each arrow is one function called in order from [`run`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::checks::consistency::Consistency;
use crate::checks::duplicate::{Duplicate, DuplicateOptions, PassageSignature};
use crate::checks::mistranslation::Mistranslation;
use crate::checks::remnant::Remnant;
use crate::checks::typography::Typography;
use crate::checks::{Check, CorpusCheck};
use crate::config::Filter;
use crate::document::Document;
use crate::finding::{sort_findings, CheckKind, Finding};
use crate::input::{
    DocumentStream, Event, InputError, InputWarning, JsonlFields, Origin, RawDocument,
};

/// What to run, as the command line or the config file set it.
#[derive(Debug, Clone)]
pub struct Config {
    /// Enabled checks.
    pub checks: Vec<CheckKind>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    pub fields: JsonlFields,
    /// User rule packs, loaded after the built-in ones.
    pub rule_files: Vec<PathBuf>,
    /// Keep every document's text in the outcome (the HTML report and
    /// `clean` need them; the CSV report does not).
    pub keep_texts: bool,
    /// Selection, severity overrides and the allowlist.
    pub filter: Filter,
    /// Forces the source language instead of inferring it per document.
    pub source_lang: Option<String>,
    pub duplicate: DuplicateOptions,
    /// Check only this part of the input (`--shard K/N`).
    pub shard: Option<Shard>,
}

/// Part K of N of the input: the documents whose position in the input
/// (0-based, counted over all inputs in order) is K-1 modulo N. By position
/// rather than by a hash of the id: ids may repeat (two JSONL files, a
/// re-scraped page), the parts are equal in size to within one document, and
/// every process that reads the same inputs in the same order agrees on the
/// split without any state. Each process still reads and decodes every input
/// (cheap next to the checks) so that positions and document indexes are as
/// in an unsharded run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Whether the document at this input position belongs to the shard.
    pub fn contains(&self, position: usize) -> bool {
        position % self.n == self.k - 1
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?}: expected K/N, e.g. 2/8"))?;
        let parse = |x: &str| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| format!("{s:?}: expected K/N with whole numbers, e.g. 2/8"))
        };
        let (k, n) = (parse(k)?, parse(n)?);
        if n == 0 || k == 0 || k > n {
            return Err(format!("{s:?}: K/N needs 1 <= K <= N"));
        }
        Ok(Shard { k, n })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            checks: CheckKind::ALL.to_vec(),
            threads: 0,
            fields: JsonlFields::default(),
            rule_files: Vec::new(),
            keep_texts: false,
            filter: Filter::default(),
            source_lang: None,
            duplicate: DuplicateOptions::default(),
            shard: None,
        }
    }
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Documents checked (in a sharded run, those of the shard).
    pub documents: usize,
    pub bytes: usize,
    /// In report order.
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    pub warnings: Vec<InputWarning>,
    pub elapsed: Duration,
    /// Every document in input order, when `keep_texts`.
    pub texts: Vec<KeptDocument>,
    /// What `-v` prints: packs loaded, rules replaced.
    pub notes: Vec<String>,
    /// Wall time, CPU time and peak memory of each stage, for `-v`: where a
    /// slow run spends its time.
    pub stages: Vec<Stage>,
}

/// A stage of a run, as `-v` prints it.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    /// CPU time of all threads during the stage (Linux): against `took`,
    /// how well the stage used the cores.
    pub cpu: Option<Duration>,
    /// The process's peak resident memory when the stage ended (Linux).
    pub peak_mb: Option<u64>,
}

/// When a stage started: wall clock and the process's CPU time.
#[derive(Debug, Clone, Copy)]
pub struct StageStart {
    wall: Instant,
    cpu: Option<Duration>,
}

impl StageStart {
    pub fn now() -> Self {
        StageStart {
            wall: Instant::now(),
            cpu: cpu_time(),
        }
    }
}

impl Stage {
    pub fn ended(name: &'static str, started: StageStart) -> Self {
        Stage {
            name,
            took: started.wall.elapsed(),
            cpu: cpu_time()
                .zip(started.cpu)
                .map(|(now, then)| now.saturating_sub(then)),
            peak_mb: memory_mb().map(|m| m.peak),
        }
    }
}

/// User and system time of this process, all threads, from
/// `/proc/self/stat` (in ticks of 1/100 s, the Linux ABI's USER_HZ).
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is the 3rd field, utime and stime the 14th and 15th.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Resident memory of this process, in MB.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub now: u64,
    pub peak: u64,
}

/// This process's resident memory, now and at its peak, from
/// `/proc/self/status` (None where there is no such file).
pub fn memory_mb() -> Option<Memory> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let mb = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb >> 10)
    };
    Some(Memory {
        now: mb("VmRSS:")?,
        peak: mb("VmHWM:")?,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// A document's text kept for the writers that show it, and its origin.
#[derive(Debug, Clone)]
pub struct KeptDocument {
    pub id: Arc<str>,
    pub text: String,
    pub origin: Origin,
}

/// The checks of one run, built once from the config.
pub struct Checks {
    /// The rule packs (mistranslation and typography rules); apart from the
    /// other per-document checks because they also tell the source language.
    packs: Option<Mistranslation>,
    per_document: Vec<Box<dyn Check>>,
    consistency: Option<Consistency>,
    duplicate: Option<Duplicate>,
    /// What `-v` prints about how the checks were set up.
    pub notes: Vec<String>,
}

/// What the per-document stage returns for one document.
struct DocumentResult {
    /// The document's position in the input (its `doc_index`).
    index: usize,
    findings: Vec<Finding>,
    source_lang: Option<String>,
    consistency: Option<<Consistency as CorpusCheck>::Sketch>,
    duplicate: Option<<Duplicate as CorpusCheck>::Sketch>,
    text: Option<KeptDocument>,
}

impl Checks {
    pub fn new(config: &Config) -> Result<Self, SetupError> {
        let enabled = |k: CheckKind| config.checks.contains(&k);
        let mut per_document: Vec<Box<dyn Check>> = Vec::new();
        let mut notes = Vec::new();
        // The remnant check's tables and the rule packs are parsed side by
        // side (a few hundredths of a second each, before any document).
        let (remnant, packs) = rayon::join(
            || {
                enabled(CheckKind::Remnant).then(|| {
                    let r = Remnant::new();
                    r.warm();
                    r
                })
            },
            || {
                // The packs hold mistranslation and typography rules alike.
                (enabled(CheckKind::Mistranslation) || enabled(CheckKind::Typography))
                    .then(|| Mistranslation::new(&config.checks, &config.rule_files))
                    .transpose()
            },
        );
        if let Some(r) = remnant {
            per_document.push(Box::new(r));
        }
        let packs = packs.map_err(anyhow::Error::from)?.map(|p| {
            notes.extend(p.changes().iter().map(|c| c.to_string()));
            p.with_source_lang(config.source_lang.clone())
        });
        if enabled(CheckKind::Typography) {
            per_document.push(Box::new(Typography::new()));
        }
        Ok(Checks {
            packs,
            per_document,
            consistency: enabled(CheckKind::Consistency).then(Consistency::new),
            duplicate: enabled(CheckKind::Duplicate)
                .then(|| Duplicate::new(config.duplicate.clone())),
            notes,
        })
    }

    fn run_document(&self, doc: &Document) -> DocumentResult {
        let mut findings = Vec::new();
        let source_lang = self
            .packs
            .as_ref()
            .and_then(|p| p.check_with_lang(doc, &mut findings));
        for check in &self.per_document {
            check.check(doc, &mut findings);
        }
        DocumentResult {
            index: doc.index,
            findings,
            source_lang,
            consistency: self.consistency.as_ref().map(|c| c.sketch(doc)),
            duplicate: self.duplicate.as_ref().map(|c| c.sketch(doc)),
            text: None,
        }
    }

    /// Runs the corpus checks on what the per-document stage collected (in
    /// input order), adding their times to `stages`.
    fn finish(
        &self,
        collected: Collected,
        stages: &mut Vec<Stage>,
    ) -> (Vec<Finding>, Vec<KeptDocument>) {
        let Collected {
            mut findings,
            texts,
            consistency,
            duplicate,
            source_langs,
        } = collected;
        if let Some(c) = &self.consistency {
            let started = StageStart::now();
            c.finish(consistency, &mut findings);
            stages.push(Stage::ended("consistency across documents", started));
        }
        if let Some(d) = &self.duplicate {
            let started = StageStart::now();
            d.finish(duplicate, &mut findings);
            stages.push(Stage::ended("duplicate across documents", started));
        }
        for f in &mut findings {
            f.source_lang = source_langs.get(&f.doc_index).cloned();
        }
        (findings, texts)
    }
}

/// What the per-document stage keeps for the corpus checks, split by kind as
/// each batch is checked: no vector of whole per-document results is kept
/// (at a GB of input, it and its copy were a few hundred MB at the peak).
#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    texts: Vec<KeptDocument>,
    consistency: Vec<<Consistency as CorpusCheck>::Sketch>,
    duplicate: Vec<<Duplicate as CorpusCheck>::Sketch>,
    /// By input position: a shard's documents are not numbered from 0.
    source_langs: HashMap<usize, String>,
}

impl Collected {
    fn add(&mut self, results: Vec<DocumentResult>) {
        for r in results {
            if let Some(lang) = r.source_lang {
                self.source_langs.insert(r.index, lang);
            }
            self.findings.extend(r.findings);
            self.texts.extend(r.text);
            self.consistency.extend(r.consistency);
            self.duplicate.extend(r.duplicate);
        }
    }
}

/// Runs the whole pipeline on `paths` with `config.threads` workers;
/// `progress` draws a progress line on stderr.
pub fn run(paths: &[PathBuf], config: &Config, progress: bool) -> Result<Outcome, SetupError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()?;
    pool.install(|| run_in_pool(paths, config, progress))
}

fn run_in_pool(paths: &[PathBuf], config: &Config, progress: bool) -> Result<Outcome, SetupError> {
    let started = Instant::now();
    let per_document = StageStart::now();
    let mut stream = DocumentStream::new(paths, config.fields.clone());
    let bar = progress.then(Progress::start);
    let mut outcome = Outcome::default();
    let mut collected = Collected::default();
    let mut reader = Reader::new(&mut stream, config.shard);
    // Read the next batch while the current one is checked, and the first
    // while the checks are built.
    let mut reading = Duration::ZERO;
    let (checks, mut batch) = rayon::join(
        || Checks::new(config),
        || {
            let t = Instant::now();
            let batch = reader.next_batch(&mut outcome);
            reading += t.elapsed();
            batch
        },
    );
    let checks = checks?;
    while !batch.is_empty() {
        outcome.documents += batch.len();
        outcome.bytes += batch.iter().map(|(_, d)| d.text.len()).sum::<usize>();
        if let Some(b) = &bar {
            b.total.store(outcome.documents, Ordering::Relaxed);
        }
        let mut read_ahead = Outcome::default();
        let (checked, next) = rayon::join(
            || check_documents(&checks, batch, config.keep_texts, bar.as_ref()),
            || {
                let t = Instant::now();
                let next = reader.next_batch(&mut read_ahead);
                reading += t.elapsed();
                next
            },
        );
        collected.add(checked);
        outcome.errors.append(&mut read_ahead.errors);
        outcome.warnings.append(&mut read_ahead.warnings);
        batch = next;
    }
    drop(bar);
    outcome.stages.push(Stage::ended(
        "reading and per-document checks",
        per_document,
    ));
    outcome.stages.push(Stage {
        name: "  of which reading alone",
        took: reading,
        cpu: None,
        peak_mb: None,
    });
    let (findings, texts) = checks.finish(collected, &mut outcome.stages);
    let t = StageStart::now();
    let mut findings = apply_filter(findings, &config.filter);
    sort_findings(&mut findings);
    outcome
        .stages
        .push(Stage::ended("filtering and sorting", t));
    outcome.findings = findings;
    outcome.texts = texts;
    outcome.notes = checks.notes.clone();
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// Computes the duplicate check's passage signatures of every document (of
/// the shard) in `config.threads` workers and hands them to `write` in input
/// order, batch by batch: memory stays bounded by a batch. `documents` and
/// `bytes` of the outcome count what was read; no findings.
pub fn signatures(
    paths: &[PathBuf],
    config: &Config,
    mut write: impl FnMut(&str, &[PassageSignature]) -> std::io::Result<()>,
) -> Result<Outcome, SetupError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()?;
    // The thresholds of transaudit.toml's [duplicate] table, as in `check`.
    let duplicate = Duplicate::new(config.duplicate.clone());
    let mut stream = DocumentStream::new(paths, config.fields.clone());
    let mut reader = Reader::new(&mut stream, config.shard);
    let mut outcome = Outcome::default();
    loop {
        let batch = reader.next_batch(&mut outcome);
        if batch.is_empty() {
            break;
        }
        outcome.documents += batch.len();
        outcome.bytes += batch.iter().map(|(_, d)| d.text.len()).sum::<usize>();
        let signed: Vec<(Arc<str>, Vec<PassageSignature>)> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|(index, raw)| {
                    let doc = Document::new(raw.id, index, raw.text);
                    let sigs = duplicate.signatures(&doc);
                    (doc.id, sigs)
                })
                .collect()
        });
        for (id, sigs) in &signed {
            write(id, sigs).map_err(anyhow::Error::from)?;
        }
    }
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// A batch holds at most this much text: memory stays bounded by the batch,
/// not by the corpus.
const BATCH_BYTES: usize = 16 << 20;
const BATCH_DOCUMENTS: usize = 4096;

/// The input stream cut into batches of the shard's documents, each with its
/// position in the whole input (its document index).
struct Reader<'a> {
    stream: &'a mut DocumentStream,
    shard: Option<Shard>,
    position: usize,
}

impl<'a> Reader<'a> {
    fn new(stream: &'a mut DocumentStream, shard: Option<Shard>) -> Self {
        Reader {
            stream,
            shard,
            position: 0,
        }
    }

    /// Reads the next batch of documents, recording errors and warnings.
    fn next_batch(&mut self, outcome: &mut Outcome) -> Vec<(usize, RawDocument)> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while bytes < BATCH_BYTES && batch.len() < BATCH_DOCUMENTS {
            match self.stream.next() {
                None => break,
                Some(Event::Document(d)) => {
                    let position = self.position;
                    self.position += 1;
                    if self.shard.is_none_or(|s| s.contains(position)) {
                        bytes += d.text.len();
                        batch.push((position, d));
                    }
                }
                Some(Event::Error(e)) => outcome.errors.push(e),
                Some(Event::Warning(w)) => outcome.warnings.push(w),
            }
        }
        batch
    }
}

/// Builds each document and runs the per-document stage, in parallel; the
/// results come back in input order.
fn check_documents(
    checks: &Checks,
    docs: Vec<(usize, RawDocument)>,
    keep_texts: bool,
    progress: Option<&Progress>,
) -> Vec<DocumentResult> {
    docs.into_par_iter()
        .map(|(index, raw)| {
            if let Some(p) = progress {
                p.done.fetch_add(1, Ordering::Relaxed);
            }
            let doc = Document::new(raw.id, index, raw.text);
            let mut result = checks.run_document(&doc);
            if keep_texts {
                result.text = Some(KeptDocument {
                    id: doc.id,
                    text: doc.text,
                    origin: raw.origin,
                });
            }
            result
        })
        .collect()
}

/// Runs the per-document checks and corpus checks on documents already in
/// memory (used by tests and the library API).
pub fn check_texts(texts: &[(&str, &str)], config: &Config) -> Result<Vec<Finding>, SetupError> {
    let checks = Checks::new(config)?;
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, (id, text))| {
            let raw = RawDocument {
                id: id.to_string(),
                text: text.to_string(),
                origin: Origin::Memory,
            };
            (i, raw)
        })
        .collect();
    let mut collected = Collected::default();
    collected.add(check_documents(&checks, docs, false, None));
    let (findings, _) = checks.finish(collected, &mut Vec::new());
    let mut findings = apply_filter(findings, &config.filter);
    sort_findings(&mut findings);
    Ok(findings)
}

fn apply_filter(findings: Vec<Finding>, filter: &Filter) -> Vec<Finding> {
    if filter.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter_map(|f| filter.apply(f))
        .collect()
}

/// A progress line on stderr, redrawn every 200 ms by its own thread until
/// dropped.
struct Progress {
    done: Arc<AtomicUsize>,
    /// Documents read so far (the corpus is streamed, so the total grows).
    total: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (d, t, s) = (done.clone(), total.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let n = d.load(Ordering::Relaxed);
                eprint!(
                    "\rchecking: {n} of {} documents read, {:.0} s",
                    t.load(Ordering::Relaxed),
                    started.elapsed().as_secs_f64()
                );
            }
            eprint!("\r\x1b[2K");
        });
        Progress {
            done,
            total,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
