#!/usr/bin/env bash
# Two binaries of transaudit on the same generated corpus, run alternately
# (A B A B ...): on a shared machine only figures taken side by side
# compare. Prints wall time, MB/s, CPU time and peak memory of every run,
# and whether the two reports are byte-identical.
#
# Usage: bench/pipeline/ab.sh BIN_A BIN_B [SIZE_MB] [PAIRS]
#   e.g. cp target/release/transaudit /tmp/old; (change, build);
#        bench/pipeline/ab.sh /tmp/old target/release/transaudit 100 4
# The corpus is the one bench/pipeline/run.sh SIZE_MB generates (run it once).
set -euo pipefail
cd "$(dirname "$0")/../.."
a=$1 b=$2 size_mb=${3:-100} pairs=${4:-4}
corpus=bench/pipeline/data/${size_mb}mb/corpus.jsonl
[[ -f $corpus ]] || { echo "no $corpus: run bench/pipeline/run.sh $size_mb first" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bytes=$(stat -c %s "$corpus")
for i in $(seq "$pairs"); do
  for side in A B; do
    bin=$a; [[ $side == B ]] && bin=$b
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$bin" check "$corpus" -q \
      --fail-on never -o "$out/report-$side.csv"
    read -r wall user sys kb < "$out/time"
    awk -v s="$side" -v w="$wall" -v u="$user" -v y="$sys" -v k="$kb" -v b="$bytes" 'BEGIN {
      printf "%s: wall %.2f s, %.1f MB/s; CPU %.1f s; peak RSS %.0f MB\n", s, w, b/1e6/w, u+y, k/1024
    }'
  done
done
if cmp -s "$out/report-A.csv" "$out/report-B.csv"; then
  echo "reports: byte-identical"
else
  echo "reports: DIFFER"
fi
