#!/usr/bin/env python3
"""Regenerate data/remnant/trigrams.txt: character-trigram profiles of the
languages the remnant check labels, used to tell close languages apart
(Croatian/Bosnian/Serbian, Indonesian/Malay, Spanish/Galician/Portuguese,
Danish/Norwegian, Czech/Slovak, ...) on short windows.

Training text: translated strings of the gettext catalogues (.mo) installed
on this machine, TRAIN half only: a catalogue domain (file name) belongs to
the train half or to the evaluation half by a stable hash (see split() in
build_eval.py), so the evaluation never sees a catalogue the profiles came
from. Per language: the 300 most frequent trigrams of lower-cased words
padded with `_`, with their log probabilities.

Usage: python3 eval/remnant/make_trigrams.py
"""
import collections
import math
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_eval as be  # noqa: E402

TOP = 300
# Words as the check tokenizes them (src/text.rs): letters, digits and the
# combining marks of text::is_mark (Python's \w leaves marks out, which would
# cut Devanagari words at every vowel sign).
MARKS = ("\u0300-\u036F\u0483-\u0489\u0591-\u05C7\u0610-\u061A\u064B-\u065F"
         "\u0900-\u0903\u093A-\u094F\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u1AB0-\u1AFF"
         "\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F")
WC = f"(?:[^\\W_]|[{MARKS}])"
WORD = re.compile(f"{WC}+(?:['’-]{WC}+)*")
EXTRA = {"tl": "tl", "sw": "sw", "uz": "uz", "mt": "mt", "ur": "ur"}


def main():
    out = []
    # English ("en"): the source strings (msgid) of the French catalogues, so
    # that the check can tell an English-looking window from a foreign one.
    for lang_dir, lang in [("fr", "en"), *be.LANGS.items(), *EXTRA.items()]:
        counts = collections.Counter()
        for mo in sorted((be.LOCALE / lang_dir / "LC_MESSAGES").glob("*.mo")):
            if mo.name.startswith("iso_") or be.split(mo) != "train":
                continue
            for mid, mstr in be.read_mo(mo):
                s = be.usable("fr", mid, mstr) and mid if lang == "en" else be.usable(lang, mid, mstr)
                if not s:
                    continue
                for w in WORD.findall(s.lower()):
                    w = "_" + w.replace("’", "'") + "_"
                    for i in range(len(w) - 2):
                        counts[w[i:i + 3]] += 1
        total = sum(counts.values())
        if total < 5000:
            print(f"skip {lang}: {total} trigrams", file=sys.stderr)
            continue
        top = counts.most_common(TOP)
        cells = " ".join(f"{t}={math.log(c / total):.2f}" for t, c in top if " " not in t and "=" not in t)
        out.append(f"{lang}\t{cells}")
    dst = be.ROOT / "data/remnant/trigrams.txt"
    dst.write_text("# Character-trigram profiles; regenerate with eval/remnant/make_trigrams.py\n" + "\n".join(out) + "\n", encoding="utf-8")
    print(f"{dst}: {len(out)} languages, {dst.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
