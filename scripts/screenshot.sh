#!/usr/bin/env bash
# Renders the HTML report of the two seed articles and takes a screenshot of
# it in headless Chromium: docs/report-seeds.png (shown in the README).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/seeds"
cp fixtures/000_c2d0bef3eceee832.txt fixtures/003_76af8b894998912a.txt "$tmp/seeds/"
cargo run --quiet --release -- check "$tmp/seeds" --format html -o reports/seeds.html --fail-on never -q
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1400,1800 \
  --virtual-time-budget=3000 --screenshot=docs/report-seeds.png \
  "file://$PWD/reports/seeds.html" 2>/dev/null
echo "wrote reports/seeds.html and docs/report-seeds.png"
