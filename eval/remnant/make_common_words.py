#!/usr/bin/env python3
"""Regenerate data/remnant/common_words.txt: the common words of each
language the remnant check labels, as evidence that names do not carry.

A Title Case line of unknown words (`Cüt Tıqlanma Məsafəsi`, `Jarak Ruang
Nilai`) looks like a line of names to the check; what tells an interface
string from a name is that its words are ordinary words of one language
(`jarak` distance, `ruang` space, `nilai` value), where a name has at least
one word that is no common word (`Recep`, `Partisi`, `Caereinion`).

Training text: translated strings of the gettext catalogues (.mo) installed
on this machine, TRAIN half only (the same split as make_trigrams.py: a
catalogue file name belongs to the train or the evaluation half by a stable
hash, see split() in build_eval.py), never the iso-codes catalogues (names of
countries and languages). Per language: the lower-cased words that occur in
at least MIN_DF distinct translated strings, leaving out
  - words of the English lexicon (data/remnant/english.txt: the check knows
    them as English already) and function words (data/remnant/stopwords.txt),
  - words that the string's English original (msgid) also has: terms and
    product names the translator kept,
  - words shorter than three letters and words with digits,
  - Chinese, Japanese and Thai (written without spaces), and languages the
    check has no function words for (it never gives them as a label),
at most MAX_WORDS per language, the most frequent (whole frequency tiers:
words seen in as many strings are all in or all out).

Usage: python3 eval/remnant/make_common_words.py
"""
import collections
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_eval as be  # noqa: E402
from make_trigrams import WORD  # noqa: E402

MIN_DF = 2
MAX_WORDS = 3000
# Format codes, markup, entities and escapes; `_` and `&` mark mnemonics.
CODES = re.compile(r"%[-+ #0-9.*$]*[a-zA-Z]|\{[^}]*\}|<[^>]*>|&\w+;|\\[ntr]")


def words(s):
    s = CODES.sub(" ", s).replace("_", "").replace("&", "")
    # As the check folds words: typographic apostrophe to `'`, Turkish `İ`
    # to `i` (Python's lower() leaves a combining dot after it).
    return {w.replace("İ", "i").lower().replace("’", "'") for w in WORD.findall(s)}


def main():
    english = set((be.ROOT / "data/remnant/english.txt").read_text(encoding="utf-8").split())
    stop = set()
    labelled = set()
    for line in (be.ROOT / "data/remnant/stopwords.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        stop.update(w.lower() for w in line.split(":", 1)[1].split())
        labelled.add(line.split(":", 1)[0].strip())
    out = []
    for lang_dir, lang in be.LANGS.items():
        if lang in be.SPACELESS:
            continue  # no spaces between words: a "word" is a whole string
        if lang not in labelled:
            continue  # the check has no function words, so no label, for it
        df = collections.Counter()
        seen = set()
        for mo in sorted((be.LOCALE / lang_dir / "LC_MESSAGES").glob("*.mo")):
            if mo.name.startswith("iso_") or be.split(mo) != "train":
                continue
            for mid, mstr in be.read_mo(mo):
                mstr = unicodedata.normalize("NFC", mstr.strip())
                if not mstr or mstr == mid or mstr in seen:
                    continue
                seen.add(mstr)
                kept = words(unicodedata.normalize("NFC", mid))
                for w in words(mstr) - kept:
                    if len(w) < 3 or any(c.isdigit() for c in w) or w in english or w in stop:
                        continue
                    df[w] += 1
        # The most frequent words, whole frequency tiers only: no arbitrary
        # (alphabetical) cut inside the last one.
        tiers = collections.Counter(c for c in df.values() if c >= MIN_DF)
        floor, n = MIN_DF, 0
        for c in sorted(tiers, reverse=True):
            if n + tiers[c] > MAX_WORDS:
                floor = c + 1
                break
            n += tiers[c]
        common = sorted(w for w, c in df.items() if c >= floor)
        print(f"{lang}: {len(seen)} strings, {len(common)} common words", file=sys.stderr)
        if common:
            out.append(f"{lang}: " + " ".join(common))
    dst = be.ROOT / "data/remnant/common_words.txt"
    dst.write_text(
        "# Common words per language (train half of the gettext catalogues);\n"
        "# regenerate with eval/remnant/make_common_words.py\n" + "\n".join(out) + "\n",
        encoding="utf-8",
    )
    print(f"{dst}: {len(out)} languages, {dst.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
