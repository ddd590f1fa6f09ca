//! The command line: argument definitions and the `run` that turns parsed
//! arguments into an exit status. Only the report goes to stdout; messages,
//! warnings and the summary go to stderr.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::clean::{self, CleanOptions, DuplicatePolicy};
use crate::config::{FileConfig, Filter};
use crate::finding::{CheckKind, Severity};
use crate::input::JsonlFields;
use crate::pipeline::{self, Config, Outcome, Shard};
use crate::report::html::DocText;
use crate::report::{self, Format};
use crate::rules::RuleInfo;

const EXIT_HELP: &str = "\
Exit status:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on
  2  a usage error, or an input that could not be read (the other inputs are
     still checked and reported)

Configuration: ./transaudit.toml (or --config FILE) may set checks, select,
ignore, severity (per code or prefix), allow (names and terms never to flag),
rules (extra packs), source-lang, fail-on, threads, and the duplicate check's
thresholds in a [duplicate] table (threshold, shingle, bands, rows,
boilerplate-min-docs...). Flags override it;
--dump-config prints the merged configuration.";

#[derive(Debug, Parser)]
#[command(
    name = "transaudit",
    version,
    about = "Audit corpora of machine-translated English articles",
    long_about = "Audit corpora of machine-translated English articles.\n\n\
        transaudit finds text left in another language (remnants), calques and \
        other machine-translation errors, typography left by scrapers, names \
        spelled several ways across the corpus, and near-duplicate passages. \
        It writes one CSV row per finding, with exact character offsets.",
    after_help = "Examples:\n  transaudit check articles/ -o reports/batch.csv\n  \
        transaudit check corpus.jsonl --checks remnant,duplicate --fail-on never\n  \
        transaudit check articles/ --format html -o reports/batch.html\n  \
        transaudit clean articles/ --out cleaned/ --fix\n  \
        transaudit rules\n  transaudit explain MT101"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a corpus and write the report (CSV by default) to stdout or --output.
    #[command(after_help = EXIT_HELP)]
    Check(CheckArgs),
    /// Write a cleaned copy of the corpus and a log of every change.
    #[command(after_help = CLEAN_HELP)]
    Clean(CleanArgs),
    /// Write the duplicate check's passage hashes and LSH band keys, to
    /// group near copies across shards or machines in another engine.
    #[command(after_help = SIGNATURES_HELP)]
    Signatures(SignaturesArgs),
    /// List every rule: code, check, severity, summary.
    Rules(RulesArgs),
    /// Print a rule's full explanation and examples.
    Explain {
        /// A rule code, e.g. MT101 (see `transaudit rules`).
        code: String,
        /// Also load these rule packs.
        #[arg(long = "rules", value_name = "FILE")]
        rule_files: Vec<PathBuf>,
    },
}

/// What every command that reads a corpus shares: the inputs, how to read
/// them, and how many workers.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Inputs: directories (every .txt and .md below, recursively, in sorted
    /// order; the document id is the path relative to the directory), single
    /// text files (id = the path as given), or .jsonl files (one JSON object
    /// per line; id and text from --id-field and --text-field).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Worker threads [default: one per core]. The output is the same for any value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Check only part K of N of the input (1 <= K <= N), so that N
    /// processes or machines share a corpus: the documents at input
    /// positions K-1, K-1+N, K-1+2N ... (counted over all inputs in order).
    /// By position, not by a hash of the id, because ids may repeat and the
    /// parts come out equal in size. Document ids and order are as in an
    /// unsharded run, so the N reports together hold every per-document
    /// finding (remnant, mistranslation packs, typography) exactly once.
    /// The corpus checks (consistency, duplicate) see only the shard's
    /// documents; for duplicates across shards, write `transaudit
    /// signatures` per shard and group the band keys in one place (see
    /// README, "Where one machine is not enough"). With `clean`, give each
    /// shard its own --out.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,

    /// JSON Lines: the field holding the document id.
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// JSON Lines: the field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,

    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What `check` and `clean` share: the inputs and how to check them.
#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Checks to run, comma-separated [default: all five].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub checks: Option<Vec<CheckKind>>,

    /// Report only these rule codes or prefixes (MT: every mistranslation
    /// rule, MT1: the Spanish pack, TY002: one rule). Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,

    /// Never report these rule codes or prefixes. Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Option<Vec<String>>,

    /// Extra rule pack (TOML; see CONTRIBUTING.md). A rule with a built-in
    /// code replaces it; a new code adds a rule. Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_files: Vec<PathBuf>,

    /// Source language of the corpus (es, it, fr, pt, de, ru, uk) instead of
    /// inferring it per document.
    #[arg(long, value_name = "LANG")]
    pub source_lang: Option<String>,

    /// Configuration file [default: ./transaudit.toml when it exists].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Say more: which rule packs were loaded and which rules they replaced.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,

    /// Start a CSV report with a UTF-8 byte-order mark, for spreadsheet
    /// programs that need one to read UTF-8.
    #[arg(long)]
    pub bom: bool,

    /// Exit with status 1 when a finding of this severity or above is
    /// reported [default: error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Print the merged configuration (file and flags) as TOML and exit.
    #[arg(long)]
    pub dump_config: bool,
}

const CLEAN_HELP: &str = "\
What is removed: language remnants that are whole passages or boilerplate,
later copies of duplicated passages (the first copy stays; see --duplicates),
and every occurrence of boilerplate. With --fix, the suggestions of rules
marked safe (spacing, casing, acronyms) are applied too. Text files keep
their relative paths under DIR; a JSON Lines file is written under DIR with
every other field of each record kept.

DIR/removed.csv lists every change (doc, start, end, text, replacement,
reason, rule; offsets in characters of the original), enough to undo it.

transaudit never writes inside an input, refuses an output folder that is or
holds an input, and does not overwrite a non-empty folder without --force.";

#[derive(Debug, clap::Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// The folder to write the cleaned corpus and removed.csv into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Also apply the suggestions of rules whose fix is safe.
    #[arg(long)]
    pub fix: bool,

    /// What to do with later copies of a duplicated passage.
    #[arg(long, value_enum, default_value_t = DuplicatePolicy::KeepFirst)]
    pub duplicates: DuplicatePolicy,

    /// Write into DIR even if it is not empty.
    #[arg(long)]
    pub force: bool,
}

const SIGNATURES_HELP: &str = "\
One row per passage and LSH band (a passage without band keys has one row
with empty index, band and key), in input order:
  doc, start, end   the passage, character offsets as in the report
  words, kind       its word count; paragraph, sentence or quote
  hash              hash of its normalised words (equal for exact repeats)
  index, band, key  LSH index (long or short passages), band number, band key
Hashes and keys are 16 hex digits. Two passages of different documents that
share a key are candidate near copies; that share a hash, exact copies. The
keys are those the duplicate check itself buckets (same code, same defaults),
so grouping the files of all shards by key finds the candidates a single run
would verify. bench/duplicate/duckdb_group.py does it in DuckDB.

Example: for k in 1 2 3 4; do transaudit signatures corpus.jsonl --shard $k/4 -o sigs_$k.csv & done; wait";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SignatureFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct SignaturesArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format [default: jsonl when --output ends in .jsonl, else csv].
    #[arg(long, value_enum)]
    pub format: Option<SignatureFormat>,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Only the rules of this check.
    #[arg(long, value_enum)]
    pub check: Option<CheckKind>,
    /// Also load these rule packs.
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings (input errors still give 2).
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Runs a parsed command line; never panics on bad input, reports on stderr.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Clean(args) => clean(args),
        Command::Signatures(args) => signatures(args),
        Command::Rules(args) => list_rules(args),
        Command::Explain { code, rule_files } => explain(&code, &rule_files),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("transaudit: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The configuration file merged with the flags (flags win), checked
/// against the rule registry.
struct Settings {
    file: FileConfig,
    config: Config,
    rules: Vec<RuleInfo>,
}

impl CorpusArgs {
    fn settings(&self, keep_texts: bool) -> Result<Settings> {
        let (file, _) = FileConfig::load(self.config.as_deref())?;
        let merged = FileConfig {
            checks: self.checks.clone().or(file.checks),
            select: self.select.clone().or(file.select),
            ignore: self.ignore.clone().or(file.ignore),
            severity: file.severity,
            allow: file.allow,
            rules: Some(
                file.rules
                    .unwrap_or_default()
                    .into_iter()
                    .chain(self.rule_files.iter().cloned())
                    .collect(),
            ),
            source_lang: self.source_lang.clone().or(file.source_lang),
            fail_on: file.fail_on,
            threads: self.input.threads.or(file.threads),
            duplicate: Some(file.duplicate.unwrap_or_default()),
        };
        let rule_files = merged.rules.clone().unwrap_or_default();
        let rules = registry(&rule_files)?;
        let filter = Filter {
            select: merged.select.clone().unwrap_or_default(),
            ignore: merged.ignore.clone().unwrap_or_default(),
            severity: merged.severity.clone().unwrap_or_default(),
            allow: merged
                .allow
                .iter()
                .flatten()
                .map(|s| s.trim().to_lowercase())
                .collect(),
        };
        filter.validate(&rules)?;
        let mut checks = merged.checks.clone().unwrap_or(CheckKind::ALL.to_vec());
        checks.sort();
        checks.dedup();
        let config = Config {
            checks,
            threads: merged.threads.unwrap_or(0),
            fields: JsonlFields {
                id: self.input.id_field.clone(),
                text: self.input.text_field.clone(),
            },
            rule_files,
            keep_texts,
            filter,
            source_lang: merged.source_lang.clone(),
            duplicate: merged.duplicate.clone().unwrap_or_default(),
            shard: self.input.shard,
        };
        Ok(Settings {
            file: merged,
            config,
            rules,
        })
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let settings = args.corpus.settings(args.format.needs_texts())?;
    let fail_on = match (args.fail_on, settings.file.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, Some(s)) => FailOn::from_str(s, true).map_err(|_| {
            anyhow::anyhow!("fail-on = {s:?}: expected error, warning, info or never")
        })?,
        (None, None) => FailOn::Error,
    };
    if args.dump_config {
        let mut file = settings.file.clone();
        file.fail_on = Some(format!("{fail_on:?}").to_lowercase());
        file.checks = Some(settings.config.checks.clone());
        io::stdout()
            .lock()
            .write_all(toml::to_string(&file)?.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    // Refuse an unwritable output before doing any work.
    let output = args.output.as_deref().map(Output::prepare).transpose()?;
    let outcome = run_pipeline(&args.corpus, &settings.config)?;

    let texts: Vec<DocText> = outcome
        .texts
        .iter()
        .map(|k| DocText {
            id: &k.id,
            text: &k.text,
        })
        .collect();
    let bom = args.bom && args.format == Format::Csv;
    let writing = pipeline::StageStart::now();
    let write_report = |w: &mut dyn Write| {
        if bom {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        report::write(args.format, &outcome.findings, &texts, w)
    };
    match output {
        Some(out) => out.commit(write_report)?,
        None => {
            let stdout = io::stdout();
            let mut lock = io::BufWriter::new(stdout.lock());
            write_report(&mut lock)
                .and_then(|_| lock.flush())
                .context("writing the report to stdout")?;
        }
    }
    if args.corpus.verbose {
        let written = pipeline::Stage::ended("writing the report", writing);
        for stage in outcome.stages.iter().chain([&written]) {
            let cpu = stage
                .cpu
                .map_or_else(String::new, |c| format!(", {:.1} s CPU", c.as_secs_f64()));
            let peak = stage
                .peak_mb
                .map_or_else(String::new, |mb| format!(", peak memory so far {mb} MB"));
            eprintln!(
                "transaudit: time: {}: {:.2} s{cpu}{peak}",
                stage.name,
                stage.took.as_secs_f64()
            );
        }
    }
    if !args.corpus.input.quiet {
        eprintln!("{}", summary(&outcome));
    }
    Ok(exit_status(&outcome, fail_on))
}

/// Runs the pipeline and reports what the inputs went through on stderr.
fn run_pipeline(args: &CorpusArgs, config: &Config) -> Result<Outcome> {
    let progress = !args.input.quiet && io::stderr().is_terminal();
    if let Some(shard) = config.shard {
        let corpus: Vec<String> = [CheckKind::Consistency, CheckKind::Duplicate]
            .into_iter()
            .filter(|k| config.checks.contains(k))
            .map(|k| k.to_string())
            .collect();
        if !args.input.quiet && !corpus.is_empty() {
            eprintln!(
                "transaudit: note: shard {shard}: {} ran on this shard's documents only; \
                 `transaudit signatures` gives the duplicate band keys to group across shards",
                corpus.join(" and ")
            );
        }
    }
    let outcome = pipeline::run(&args.input.paths, config, progress)?;
    if args.verbose {
        for line in &outcome.notes {
            eprintln!("transaudit: {line}");
        }
    }
    for w in &outcome.warnings {
        eprintln!("transaudit: warning: {w}");
    }
    for e in &outcome.errors {
        eprintln!("transaudit: error: {e}");
    }
    Ok(outcome)
}

fn clean(args: CleanArgs) -> Result<ExitCode> {
    clean::check_output_dir(&args.out, &args.corpus.input.paths, args.force)?;
    let settings = args.corpus.settings(true)?;
    let options = CleanOptions {
        duplicates: args.duplicates,
        fix_rules: args.fix.then(|| {
            settings
                .rules
                .iter()
                .filter(|r| r.safe_fix)
                .map(|r| r.code.clone())
                .collect()
        }),
        boilerplate_rules: crate::checks::BOILERPLATE_RULES
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    let outcome = run_pipeline(&args.corpus, &settings.config)?;
    let changes = clean::plan(&outcome.findings, &outcome.texts, &options);
    let written = clean::write_corpus(
        &args.out,
        &outcome.texts,
        &changes,
        &args.corpus.input.text_field,
    )?;
    if !args.corpus.input.quiet {
        eprintln!(
            "transaudit: wrote {} files under {} with {} changes (listed in {})",
            written.files,
            args.out.display(),
            written.changes,
            args.out.join("removed.csv").display()
        );
    }
    Ok(ExitCode::from(if outcome.errors.is_empty() {
        0
    } else {
        2
    }))
}

fn signatures(args: SignaturesArgs) -> Result<ExitCode> {
    let format =
        args.format
            .unwrap_or_else(|| match args.output.as_ref().and_then(|p| p.extension()) {
                Some(e) if e.eq_ignore_ascii_case("jsonl") => SignatureFormat::Jsonl,
                _ => SignatureFormat::Csv,
            });
    let config = Config {
        checks: vec![CheckKind::Duplicate],
        threads: args.input.threads.unwrap_or(0),
        fields: JsonlFields {
            id: args.input.id_field.clone(),
            text: args.input.text_field.clone(),
        },
        shard: args.input.shard,
        ..Config::default()
    };
    let output = args.output.as_deref().map(Output::prepare).transpose()?;
    let mut outcome = None;
    let write = |w: &mut dyn Write| -> io::Result<()> {
        let run = match format {
            SignatureFormat::Csv => {
                let mut csv = csv::Writer::from_writer(&mut *w);
                csv.write_record([
                    "doc", "start", "end", "words", "kind", "hash", "index", "band", "key",
                ])?;
                let run = pipeline::signatures(&args.input.paths, &config, |doc, sigs| {
                    for p in sigs {
                        let passage = [
                            doc.to_string(),
                            p.start.to_string(),
                            p.end.to_string(),
                            p.words.to_string(),
                            p.kind.to_string(),
                            format!("{:016x}", p.hash),
                        ];
                        if p.bands.is_empty() {
                            csv.write_record(
                                passage.iter().map(String::as_str).chain(["", "", ""]),
                            )?;
                        }
                        for (index, band, key) in &p.bands {
                            let band = band.to_string();
                            let key = format!("{key:016x}");
                            csv.write_record(passage.iter().map(String::as_str).chain([
                                *index,
                                band.as_str(),
                                key.as_str(),
                            ]))?;
                        }
                    }
                    Ok(())
                });
                csv.flush()?;
                run
            }
            SignatureFormat::Jsonl => {
                pipeline::signatures(&args.input.paths, &config, |doc, sigs| {
                    for p in sigs {
                        let row = |index: Option<&str>, band: Option<usize>, key: Option<u64>| {
                            serde_json::json!({
                                "doc": doc, "start": p.start, "end": p.end, "words": p.words,
                                "kind": p.kind, "hash": format!("{:016x}", p.hash),
                                "index": index, "band": band, "key": key.map(|k| format!("{k:016x}")),
                            })
                        };
                        if p.bands.is_empty() {
                            serde_json::to_writer(&mut *w, &row(None, None, None))?;
                            w.write_all(b"\n")?;
                        }
                        for &(index, band, key) in &p.bands {
                            serde_json::to_writer(
                                &mut *w,
                                &row(Some(index), Some(band), Some(key)),
                            )?;
                            w.write_all(b"\n")?;
                        }
                    }
                    Ok(())
                })
            }
        };
        outcome = Some(run.map_err(io::Error::other)?);
        w.flush()
    };
    match output {
        Some(out) => out.commit(write)?,
        None => {
            let stdout = io::stdout();
            let mut lock = io::BufWriter::new(stdout.lock());
            let mut write = write;
            write(&mut lock).context("writing the signatures to stdout")?;
        }
    }
    let outcome = outcome.expect("the writer ran");
    for w in &outcome.warnings {
        eprintln!("transaudit: warning: {w}");
    }
    for e in &outcome.errors {
        eprintln!("transaudit: error: {e}");
    }
    if !args.input.quiet {
        let secs = outcome.elapsed.as_secs_f64();
        eprintln!(
            "transaudit: signatures of {} documents ({:.2} MB){}; {} input errors; {:.2} s",
            outcome.documents,
            outcome.bytes as f64 / 1e6,
            args.input
                .shard
                .map(|s| format!(", shard {s}"))
                .unwrap_or_default(),
            outcome.errors.len(),
            secs
        );
    }
    Ok(ExitCode::from(if outcome.errors.is_empty() {
        0
    } else {
        2
    }))
}

fn exit_status(outcome: &Outcome, fail_on: FailOn) -> ExitCode {
    if !outcome.errors.is_empty() {
        return ExitCode::from(2);
    }
    let failing = fail_on
        .threshold()
        .is_some_and(|t| outcome.findings.iter().any(|f| f.severity >= t));
    ExitCode::from(u8::from(failing))
}

/// The end-of-run summary: documents, size, findings per check, time.
pub fn summary(outcome: &Outcome) -> String {
    let per_check: Vec<String> = CheckKind::ALL
        .iter()
        .map(|&k| {
            let n = outcome.findings.iter().filter(|f| f.check == k).count();
            format!("{k} {n}")
        })
        .collect();
    let by_severity = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    let secs = outcome.elapsed.as_secs_f64();
    let mb = outcome.bytes as f64 / 1e6;
    format!(
        "transaudit: {} documents ({:.2} MB), {} findings ({} error, {} warning, {} info): {}; {} input errors; {:.2} s ({:.1} MB/s)",
        outcome.documents,
        mb,
        outcome.findings.len(),
        by_severity(Severity::Error),
        by_severity(Severity::Warning),
        by_severity(Severity::Info),
        per_check.join(", "),
        outcome.errors.len(),
        secs,
        if secs > 0.0 { mb / secs } else { 0.0 },
    )
}

/// A report file written atomically: into a temporary file beside the
/// target, renamed over it at the end, so a killed run leaves either the old
/// report or the complete new one.
struct Output {
    target: PathBuf,
    tmp: PathBuf,
    file: fs::File,
}

impl Output {
    fn prepare(target: &Path) -> Result<Self> {
        if target.is_dir() {
            bail!(
                "{}: is a directory; --output takes a file",
                target.display()
            );
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            bail!(
                "{}: cannot write the report: folder {} does not exist",
                target.display(),
                dir.display()
            );
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let tmp = dir.join(format!(".{name}.transaudit-{}.tmp", std::process::id()));
        let file = fs::File::create(&tmp)
            .with_context(|| format!("{}: cannot write the report", target.display()))?;
        Ok(Output {
            target: target.to_path_buf(),
            tmp,
            file,
        })
    }

    fn commit(self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
        let mut w = io::BufWriter::new(&self.file);
        let written = write(&mut w)
            .and_then(|_| w.flush())
            .and_then(|_| self.file.sync_all());
        drop(w);
        if let Err(e) = written {
            let _ = fs::remove_file(&self.tmp);
            return Err(e)
                .with_context(|| format!("{}: writing the report", self.target.display()));
        }
        fs::rename(&self.tmp, &self.target).with_context(|| {
            let _ = fs::remove_file(&self.tmp);
            format!("{}: cannot replace the report", self.target.display())
        })
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // After a successful rename the temporary file is gone already.
        let _ = fs::remove_file(&self.tmp);
    }
}

fn registry(rule_files: &[PathBuf]) -> Result<Vec<RuleInfo>> {
    crate::checks::registry(rule_files)
}

fn list_rules(args: RulesArgs) -> Result<ExitCode> {
    let rules = registry(&args.rule_files)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    for r in rules
        .iter()
        .filter(|r| args.check.is_none_or(|c| c == r.check))
    {
        writeln!(
            out,
            "{:<7} {:<14} {:<8} {}",
            r.code, r.check, r.severity, r.summary
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn explain(code: &str, rule_files: &[PathBuf]) -> Result<ExitCode> {
    let rules = registry(rule_files)?;
    match rules.iter().find(|r| r.code.eq_ignore_ascii_case(code)) {
        Some(r) => {
            let mut out = io::stdout().lock();
            out.write_all(r.explain().as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => bail!("no rule {code:?}; `transaudit rules` lists them all"),
    }
}
