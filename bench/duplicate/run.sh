#!/usr/bin/env bash
# Duplicate-check benchmark: transaudit's duplicate check (through the
# dupbench bin, until the CLI can run one check) and datasketch's
# MinHashLSH (word 5-grams, 128 permutations, threshold 0.5) on the same
# synthetic corpus, scored against the planted truth.
#
# Usage: bench/duplicate/run.sh DOCS [SEED] [--no-datasketch] [key=value ...]
#   DOCS: 2000, 20000, 100000 ... ; the corpus is generated once under
#   bench/duplicate/data/ (git-ignored). key=value pairs go to dupbench
#   (DuplicateOptions fields). Prints precision/recall/F1, wall time and
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
cargo build --release --quiet --bin dupgen --bin dupbench
if [[ ! -f $data/corpus.jsonl ]]; then
  ./target/release/dupgen "$docs" "$seed" "$data"
fi
echo "corpus: $data ($(du -h "$data/corpus.jsonl" | cut -f1)), $(nproc) cores"

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$out/$name.tsv" 2> "$out/$name.time"
  local wall mem user sys
  wall=$(grep 'Elapsed (wall clock)' "$out/$name.time" | awk '{print $NF}')
  mem=$(grep 'Maximum resident set size' "$out/$name.time" | awk '{print $NF}')
  user=$(grep 'User time' "$out/$name.time" | awk '{print $NF}')
  sys=$(grep 'System time' "$out/$name.time" | awk '{print $NF}')
  grep -E '^(dupbench|datasketch|duplicate):' "$out/$name.time" || true
  echo "$name: wall $wall, user ${user}s, sys ${sys}s, peak RSS $((mem / 1024)) MB"
  python3 bench/duplicate/evaluate.py "$data" "$out/$name.tsv" "$name"
}

TRANSAUDIT_DUP_TRACE=1 measure transaudit ./target/release/dupbench "$data/corpus.jsonl" "$@"
if [[ $run_ds == 1 ]]; then
  python3 -c 'import datasketch' 2>/dev/null || { echo "pip install datasketch"; exit 2; }
  measure datasketch python3 bench/duplicate/datasketch_run.py "$data/corpus.jsonl"
fi
