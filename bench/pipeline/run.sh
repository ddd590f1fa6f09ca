#!/usr/bin/env bash
# Whole-pipeline benchmark: all five checks on a generated corpus of about
# SIZE_MB megabytes (the duplicate benchmark's generator: news-like articles
# with planted copies and boilerplate). Prints documents, MB, wall time,
# MB/s, CPU time and peak memory.
#
# Usage: bench/pipeline/run.sh SIZE_MB [THREADS]     e.g. 100, 1000
# Corpora are generated once under bench/pipeline/data/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=$1
threads=${2:-0}
# The generator writes about 3.3 MB per 1,000 documents.
docs=$(( size_mb * 1000 / 33 * 10 ))
data=bench/pipeline/data/${size_mb}mb
cargo build --release --quiet --bin transaudit --bin dupgen
if [[ ! -f $data/corpus.jsonl ]]; then
  ./target/release/dupgen "$docs" 7 "$data" > /dev/null
fi
bytes=$(stat -c %s "$data/corpus.jsonl")
/usr/bin/time -v ./target/release/transaudit check "$data/corpus.jsonl" --threads "$threads" \
  --fail-on never -q -o "$data/report.csv" 2> "$data/time.txt"
wall=$(grep 'Elapsed (wall clock)' "$data/time.txt" | awk '{print $NF}')
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
user=$(grep 'User time' "$data/time.txt" | awk '{print $NF}')
sys=$(grep 'System time' "$data/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$data/time.txt" | awk '{print $NF}')
findings=$(($(wc -l < "$data/report.csv") - 1))
awk -v d="$docs" -v b="$bytes" -v s="$secs" -v u="$user" -v y="$sys" -v r="$rss" -v f="$findings" -v c="$(nproc)" 'BEGIN {
  printf "pipeline: %d documents, %.1f MB (JSONL), %d findings, %d cores\n", d, b/1e6, f, c
  printf "  wall %.1f s, %.1f MB/s; CPU %.1f s; peak RSS %.0f MB\n", s, b/1e6/s, u+y, r/1024
}'
