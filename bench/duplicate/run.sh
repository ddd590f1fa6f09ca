#!/usr/bin/env bash
# Duplicate-check benchmark: transaudit's duplicate check (the CLI:
# `transaudit check --checks duplicate --format jsonl`) and datasketch's
# MinHashLSH (word 5-grams, 128 permutations, threshold 0.5) on the same
# synthetic corpus, scored against the planted truth.
#
# Usage: bench/duplicate/run.sh DOCS [SEED] [--no-datasketch] [key=value ...]
#   DOCS: 2000, 20000, 100000 ... ; the corpus is generated once under
#   bench/duplicate/data/ (git-ignored). key=value pairs set
#   DuplicateOptions fields, which the CLI does not expose: with any, the
#   check runs through the dupbench bin instead (same check, TSV output). Prints precision/recall/F1, wall time and
#   peak memory (/usr/bin/time -v) for both.
set -euo pipefail
cd "$(dirname "$0")/../.."
docs=$1; shift
seed=1
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then seed=$1; shift; fi
run_ds=1
if [[ $# -gt 0 && $1 == --no-datasketch ]]; then run_ds=0; shift; fi
data=bench/duplicate/data/${docs}_s${seed}
out=$data/results
mkdir -p "$out"
cargo build --release --quiet --bin dupgen --bin dupbench --bin transaudit
if [[ ! -f $data/corpus.jsonl ]]; then
  ./target/release/dupgen "$docs" "$seed" "$data"
fi
echo "corpus: $data ($(du -h "$data/corpus.jsonl" | cut -f1)), $(nproc) cores"

measure() { # name, links file (.tsv from stdout, or .jsonl written by the command), command...
  local name=$1 links=$2; shift 2
  if [[ $links == *.jsonl ]]; then
    /usr/bin/time -v "$@" 2> "$out/$name.time"
  else
    /usr/bin/time -v "$@" > "$links" 2> "$out/$name.time"
  fi
  local wall mem user sys
  wall=$(grep 'Elapsed (wall clock)' "$out/$name.time" | awk '{print $NF}')
  mem=$(grep 'Maximum resident set size' "$out/$name.time" | awk '{print $NF}')
  user=$(grep 'User time' "$out/$name.time" | awk '{print $NF}')
  sys=$(grep 'System time' "$out/$name.time" | awk '{print $NF}')
  grep -E '^(dupbench|datasketch|duplicate|transaudit):' "$out/$name.time" || true
  echo "$name: wall $wall, user ${user}s, sys ${sys}s, peak RSS $((mem / 1024)) MB"
  python3 bench/duplicate/evaluate.py "$data" "$links" "$name"
}

if [[ $# -gt 0 ]]; then
  TRANSAUDIT_DUP_TRACE=1 measure transaudit "$out/transaudit.tsv" \
    ./target/release/dupbench "$data/corpus.jsonl" "$@"
else
  TRANSAUDIT_DUP_TRACE=1 measure transaudit "$out/transaudit.jsonl" \
    ./target/release/transaudit check "$data/corpus.jsonl" --checks duplicate \
    --format jsonl --fail-on never -o "$out/transaudit.jsonl"
fi
if [[ $run_ds == 1 ]]; then
  python3 -c 'import datasketch' 2>/dev/null || { echo "pip install datasketch"; exit 2; }
  measure datasketch "$out/datasketch.tsv" python3 bench/duplicate/datasketch_run.py "$data/corpus.jsonl"
fi
