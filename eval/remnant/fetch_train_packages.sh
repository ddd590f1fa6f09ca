#!/bin/sh
# Fetch and unpack (not install) the packages of train_packages.txt, whose
# translated catalogues make_common_words.py reads as extra TRAIN text
# (train-half catalogue names only, strings of the eval half left out).
# Unpacked to eval/build/remnant/extra/root (git-ignored); the evaluation
# never reads them.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
dst="$root/eval/build/remnant/extra"
mkdir -p "$dst/debs"
cd "$dst/debs"
grep -v '^#' "$root/eval/remnant/train_packages.txt" | xargs apt-get download
rm -rf "$dst/root"
mkdir -p "$dst/root"
for deb in *.deb; do dpkg-deb -x "$deb" "$dst/root"; done
ls "$dst"/debs/*.deb | wc -l
