#!/usr/bin/env python3
"""Regenerate data/remnant/english.txt, the compact English lexicon the
remnant check embeds.

Sources: Debian's `wamerican` and `wbritish` word lists (apt-get install
wamerican wbritish, or `apt-get download` and `dpkg-deb -x` them), which the
CI machine does not have; the derived list is committed. Both spellings are
English: news in British spelling (`organised`, `harbour`) is not foreign. We keep the entries
that are all lower case (proper nouns are set aside by the check as capitalised
words), drop possessives ('s), NFC-normalise, and add the hand-written
supplement data/remnant/english_extra.txt (modern words, contractions,
loanwords and Latin phrases English uses). One word per line, sorted.

Usage: python3 eval/remnant/make_english_lexicon.py [WORD_LIST ...]
(default: /usr/share/dict/american-english /usr/share/dict/british-english)
"""
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sources = [Path(a) for a in sys.argv[1:]] or [
    Path("/usr/share/dict/american-english"),
    Path("/usr/share/dict/british-english"),
]
words = set()
for src in sources:
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
