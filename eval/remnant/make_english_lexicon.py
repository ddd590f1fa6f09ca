#!/usr/bin/env python3
"""Regenerate data/remnant/english.txt, the compact English lexicon the
remnant check embeds.

Source: Debian's `wamerican` word list (apt-get install wamerican), which the
CI machine does not have; the derived list is committed. We keep the entries
that are all lower case (proper nouns are set aside by the check as capitalised
words), drop possessives ('s), NFC-normalise, and add the hand-written
supplement data/remnant/english_extra.txt (modern words, contractions,
loanwords and Latin phrases English uses). One word per line, sorted.

Usage: python3 eval/remnant/make_english_lexicon.py [/usr/share/dict/american-english]
"""
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
src = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/american-english")
words = set()
for line in src.read_text(encoding="utf-8").splitlines():
    w = unicodedata.normalize("NFC", line.strip())
    if not w or w.endswith("'s"):
        continue
    if w != w.lower():
        continue
    words.add(w)
extra = ROOT / "data/remnant/english_extra.txt"
for line in extra.read_text(encoding="utf-8").splitlines():
    line = line.split("#", 1)[0].strip()
    for w in line.split():
        words.add(unicodedata.normalize("NFC", w.lower()))
out = ROOT / "data/remnant/english.txt"
out.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
print(f"{out}: {len(words)} words, {out.stat().st_size} bytes", file=sys.stderr)
