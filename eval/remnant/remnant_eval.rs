//! Evaluation of the remnant check on the set built by
//! `eval/remnant/build_eval.py`, beside a whatlang-only baseline (each
//! sentence whatlang reliably calls non-English is flagged).
//!
//! ```text
//! python3 eval/remnant/build_eval.py
//! cargo run --release --example remnant_eval -- eval/build/remnant/eval.jsonl
//! ```
//!
//! A found span matches a gold span when they overlap by at least half the
//! gold span. Prints span precision / recall / F1 overall, per language and
//! per insertion kind, false positives per 100 clean paragraphs and per 100
//! Title Case name lines, label
//! accuracy, and MB/s on the clean English documents (single thread; build
//! with `--release` for that figure, or pass `--no-speed`). `--verbose`
//! lists every miss, wrong label and false positive; `--speed-only` times
//! the remnant check alone (for profiling). `--explain TEXT...` prints how
//! the check classifies the words of each text (`\n` for a line break) and
//! what it finds there.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use serde::Deserialize;
use transaudit::checks::remnant::Remnant;
use transaudit::checks::Check;
use transaudit::document::Document;

#[derive(Deserialize)]
struct Gold {
    start: usize,
    end: usize,
    lang: String,
    kind: String,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    kind: String,
    text: String,
    paragraphs: usize,
    /// Title Case lines of names, titles, bylines (kind `names`).
    #[serde(default)]
    name_lines: usize,
    gold: Vec<Gold>,
}

/// A found span: char start, end, language.
type Found = (usize, usize, String);

fn remnant(check: &Remnant, doc: &Document) -> Vec<Found> {
    let mut out = Vec::new();
    check.check(doc, &mut out);
    out.into_iter()
        .map(|f| (f.span.start, f.span.end, f.lang.unwrap_or_default()))
        .collect()
}

fn baseline(doc: &Document) -> Vec<Found> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        if let Some(info) = whatlang::detect(doc.sentence_text(s)) {
            if info.lang() != whatlang::Lang::Eng && info.is_reliable() {
                let span = doc.span(s.range.clone());
                let code = transaudit::checks::remnant::langid::iso639_1(info.lang());
                out.push((span.start, span.end, code.to_string()));
            }
        }
    }
    out
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[derive(Default)]
struct Tally {
    gold: usize,
    hit: usize,
    label_ok: usize,
}

impl Tally {
    fn recall(&self) -> f64 {
        self.hit as f64 / self.gold.max(1) as f64
    }
}

struct Report {
    found: usize,
    found_true: usize,
    all: Tally,
    by_lang: BTreeMap<String, Tally>,
    by_kind: BTreeMap<String, Tally>,
    clean_fp: usize,
    clean_paragraphs: usize,
    names_fp: usize,
    name_lines: usize,
    misses: Vec<String>,
    fps: Vec<String>,
}

fn evaluate(items: &[(Item, Document)], detect: &dyn Fn(&Document) -> Vec<Found>) -> Report {
    let mut r = Report {
        found: 0,
        found_true: 0,
        all: Tally::default(),
        by_lang: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        clean_fp: 0,
        clean_paragraphs: 0,
        names_fp: 0,
        name_lines: 0,
        misses: Vec::new(),
        fps: Vec::new(),
    };
    for (item, doc) in items {
        let found = detect(doc);
        let chars: Vec<char> = item.text.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        r.found += found.len();
        for f in &found {
            let ok = item
                .gold
                .iter()
                .any(|g| 2 * overlap((f.0, f.1), (g.start, g.end)) >= g.end - g.start);
            if ok {
                r.found_true += 1;
            } else {
                r.fps
                    .push(format!("{} [{}] {:?}", item.id, f.2, slice(f.0, f.1)));
            }
        }
        if item.kind == "clean" {
            r.clean_fp += found.len();
            r.clean_paragraphs += item.paragraphs;
        }
        if item.kind == "names" {
            r.names_fp += found.len();
            r.name_lines += item.name_lines;
        }
        for g in &item.gold {
            let best = found
                .iter()
                .filter(|f| 2 * overlap((f.0, f.1), (g.start, g.end)) >= g.end - g.start)
                .max_by_key(|f| overlap((f.0, f.1), (g.start, g.end)));
            for t in [
                &mut r.all,
                r.by_lang.entry(g.lang.clone()).or_default(),
                r.by_kind.entry(g.kind.clone()).or_default(),
            ] {
                t.gold += 1;
                if let Some(f) = best {
                    t.hit += 1;
                    if f.2 == g.lang {
                        t.label_ok += 1;
                    }
                }
            }
            match best {
                None => r
                    .misses
                    .push(format!("{} {:?}", item.id, slice(g.start, g.end))),
                Some(f) if f.2 != g.lang => r.misses.push(format!(
                    "{} LABEL {} for {} {:?}",
                    item.id,
                    f.2,
                    g.lang,
                    slice(g.start, g.end)
                )),
                _ => {}
            }
        }
    }
    r
}

fn print_report(name: &str, r: &Report, verbose: bool, out: &mut String) {
    let p = r.found_true as f64 / r.found.max(1) as f64;
    let rec = r.all.recall();
    let f1 = 2.0 * p * rec / (p + rec).max(1e-9);
    out.push_str(&format!(
        "== {name}\nspans: gold {} found {} | precision {:.3} recall {:.3} F1 {:.3}\n",
        r.all.gold, r.found, p, rec, f1
    ));
    out.push_str(&format!(
        "false positives per 100 clean paragraphs: {:.2} ({} in {} paragraphs)\n",
        100.0 * r.clean_fp as f64 / r.clean_paragraphs.max(1) as f64,
        r.clean_fp,
        r.clean_paragraphs
    ));
    if r.name_lines > 0 {
        out.push_str(&format!(
            "false positives per 100 name lines (with their clean paragraphs): {:.2} ({} in {} lines)\n",
            100.0 * r.names_fp as f64 / r.name_lines as f64,
            r.names_fp,
            r.name_lines
        ));
    }
    out.push_str(&format!(
        "label accuracy on found spans: {:.3}\n",
        r.all.label_ok as f64 / r.all.hit.max(1) as f64
    ));
    out.push_str("recall by kind:");
    for (k, t) in &r.by_kind {
        out.push_str(&format!(" {k} {:.2}", t.recall()));
    }
    out.push_str("\nrecall (label accuracy) by language:\n");
    let below: Vec<&String> = r
        .by_lang
        .iter()
        .filter(|(_, t)| t.recall() < 0.8)
        .map(|(l, _)| l)
        .collect();
    for (i, (l, t)) in r.by_lang.iter().enumerate() {
        out.push_str(&format!(
            "  {l} {:.2} ({:.2}){}",
            t.recall(),
            t.label_ok as f64 / t.hit.max(1) as f64,
            if i % 6 == 5 { "\n" } else { "" }
        ));
    }
    out.push_str(&format!(
        "\nlanguages: {}; below 0.8 recall: {:?}\n",
        r.by_lang.len(),
        below
    ));
    if verbose {
        out.push_str("-- misses and wrong labels\n");
        for m in &r.misses {
            out.push_str(&format!("  {m}\n"));
        }
        out.push_str("-- false positives\n");
        for m in &r.fps {
            out.push_str(&format!("  {m}\n"));
        }
    }
}

/// CPU seconds this process has used (user + system), from /proc: on a
/// machine shared with other jobs, wall time understates the speed of one
/// core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// MB/s by wall clock and by CPU time.
fn throughput(docs: &[&Document], mb: f64, f: &dyn Fn(&Document) -> usize) -> (f64, f64) {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let rounds = ((mb * 1e6) / bytes as f64).ceil() as usize;
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for d in docs {
            n += f(d);
        }
    }
    std::hint::black_box(n);
    let total = (bytes * rounds) as f64 / 1e6;
    let wall = total / t.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => total / (b - a),
        _ => f64::NAN,
    };
    (wall, cpu)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "eval/build/remnant/eval.jsonl".into());
    let verbose = args.iter().any(|a| a == "--verbose");
    if let Some(i) = args.iter().position(|a| a == "--explain") {
        let check = Remnant::new();
        let mut out = String::new();
        for t in &args[i + 1..] {
            let doc = Document::new("x", 0, t.replace("\\n", "\n"));
            out.push_str(&check.explain_tokens(&doc.text));
            if let Some((code, conf)) =
                transaudit::checks::remnant::langid::whatlang_guess(&doc.text)
            {
                out.push_str(&format!("  (whatlang {code} {conf:.2})"));
            }
            out.push('\n');
            for f in remnant(&check, &doc) {
                out.push_str(&format!("  -> {f:?}\n"));
            }
        }
        std::io::stdout().write_all(out.as_bytes())?;
        return Ok(());
    }
    let text = std::fs::read_to_string(&path)?;
    let items: Vec<(Item, Document)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let item: Item = serde_json::from_str(l)?;
            let doc = Document::new(item.id.as_str(), i, item.text.clone());
            Ok((item, doc))
        })
        .collect::<anyhow::Result<_>>()?;
    let t0 = Instant::now();
    let check = Remnant::new();
    // The common-word map is built on first use; build it here so that the
    // one-time cost is counted with the rest of the embedded data, not in
    // the throughput.
    std::hint::black_box(transaudit::checks::remnant::lexicon::Lexicons::get().common("a"));
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let mut out = String::new();
    out.push_str(&format!(
        "embedded data parsed in {load_ms:.1} ms (once per process)\n"
    ));
    if args.iter().any(|a| a == "--speed-only") {
        // For profiling: the remnant check alone on the clean documents.
        let clean: Vec<&Document> = items
            .iter()
            .filter(|(i, _)| i.kind == "clean")
            .map(|(_, d)| d)
            .collect();
        let (wall, cpu) = throughput(&clean, 20.0, &|d| remnant(&check, d).len());
        out.push_str(&format!("remnant {wall:.1} MB/s wall, {cpu:.1} MB/s CPU\n"));
        std::io::stdout().write_all(out.as_bytes())?;
        return Ok(());
    }
    let r = evaluate(&items, &|d| remnant(&check, d));
    print_report("remnant", &r, verbose, &mut out);
    let b = evaluate(&items, &baseline);
    print_report("whatlang-only baseline", &b, false, &mut out);
    if args.iter().any(|a| a == "--no-speed") {
        std::io::stdout().write_all(out.as_bytes())?;
        return Ok(());
    }
    let clean: Vec<&Document> = items
        .iter()
        .filter(|(i, _)| i.kind == "clean")
        .map(|(_, d)| d)
        .collect();
    let (rw, rc) = throughput(&clean, 20.0, &|d| remnant(&check, d).len());
    let (bw, bc) = throughput(&clean, 5.0, &|d| baseline(d).len());
    out.push_str(&format!(
        "== throughput on clean English (one thread, check only; wall clock / CPU time):\n\
         remnant {rw:.1} / {rc:.1} MB/s, whatlang-only baseline {bw:.1} / {bc:.1} MB/s\n"
    ));
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
