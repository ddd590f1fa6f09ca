#!/usr/bin/env python3
"""Regenerate data/remnant/common_words.txt: the common words of each
language the remnant check labels, as evidence that names do not carry.

A Title Case line of unknown words (`Cüt Tıqlanma Məsafəsi`, `Jarak Ruang
Nilai`) looks like a line of names to the check; what tells an interface
string from a name is that its words are ordinary words of one language
(`jarak` distance, `ruang` space, `nilai` value), where a name has at least
one word that is no common word (`Recep`, `Partisi`, `Caereinion`).

Training text: translated strings of gettext catalogues (.mo), TRAIN half
only (the same split as make_trigrams.py: a catalogue file name belongs to
the train or the evaluation half by a stable hash, see split() in
build_eval.py, whichever package ships it): those installed on this machine
and those of the packages of train_packages.txt, fetched and unpacked (not
installed) by fetch_train_packages.sh; entries with a message context too
(LibreOffice's are all such). Never the iso-codes catalogues. A training
string that is also a string of an eval-half catalogue (other packages repeat
strings verbatim: GTK 4 those of GTK 3) is left out: those strings only
remove, nothing of them enters the lists. Per language: the lower-cased
words that occur in at least MIN_DF distinct translated strings, leaving out
  - words of the English lexicon (data/remnant/english.txt: the check knows
    them as English already) and function words (data/remnant/stopwords.txt),
  - words of the names of countries and languages in that language (the
    iso-codes catalogues iso_3166 and iso_639: `Gaeilge`, `Deutschland`),
  - words that the string's English original (msgid) also has: terms and
    product names the translator kept,
  - words shorter than three letters and words with digits,
  - Chinese, Japanese and Thai (written without spaces), and languages the
    check has no function words for (it never gives them as a label),
at most MAX_WORDS per language, the most frequent (whole frequency tiers:
words seen in as many strings are all in or all out). For Turkish and
Azerbaijani also the stems (a word less an ending of data/remnant/suffixes.txt,
four or more letters) that two word forms share in two strings or more, at
most MAX_STEMS, the most frequent: the check strips an ending off a word to
find them (`tıqlanma` -> `tıqlan`, of `tıqlanınca` and `tıqlandığında`).

Usage: eval/remnant/fetch_train_packages.sh && python3 eval/remnant/make_common_words.py
For the measurements of eval/remnant/README.md: MAX_WORDS=n, MAX_STEMS=n,
NO_EXTRA=1 (installed catalogues only), NO_NAMES=1 (keep the iso-codes
words), NO_DECON=1 (keep strings of the eval half).
"""
import collections
import os
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_eval as be  # noqa: E402
from make_trigrams import WORD  # noqa: E402

MIN_DF = 2
# Languages whose stems are listed too (data/remnant/suffixes.txt), the
# shortest stem, and at most how many per language.
STEMMED = {"tr", "az"}
STEM_MIN = 4
MAX_STEMS = int(os.environ.get("MAX_STEMS", 3000))
MAX_WORDS = int(os.environ.get("MAX_WORDS", 3000))
# Catalogues of the packages of train_packages.txt, fetched and unpacked by
# fetch_train_packages.sh (not installed: the evaluation reads the installed
# catalogues only): under usr/share/locale, and LibreOffice's under
# usr/lib/libreoffice/program/resource.
EXTRA = [be.OUT / "extra/root/usr/share/locale", be.OUT / "extra/root/usr/lib/libreoffice/program/resource"]
# Format codes, markup, entities and escapes; `_` and `&` mark mnemonics.
CODES = re.compile(r"%[-+ #0-9.*$]*[a-zA-Z]|\{[^}]*\}|<[^>]*>|&\w+;|\\[ntr]")


def words(s):
    s = CODES.sub(" ", s).replace("_", "").replace("&", "")
    # As the check folds words: typographic apostrophe to `'`, Turkish `İ`
    # to `i` (Python's lower() leaves a combining dot after it).
    return {w.replace("İ", "i").lower().replace("’", "'") for w in WORD.findall(s)}


def catalogues(lang_dir):
    """The train-half catalogues of a language: installed ones, then those of
    the fetched packages that are not installed (a catalogue file name is in
    the train or the eval half by its hash, whichever package ships it)."""
    installed = sorted((be.LOCALE / lang_dir / "LC_MESSAGES").glob("*.mo"))
    names = {mo.name for mo in installed}
    extra = [] if os.environ.get("NO_EXTRA") else sorted(
        mo for d in EXTRA for mo in (d / lang_dir.replace("_", "-") / "LC_MESSAGES").glob("*.mo"))
    for mo in installed + [mo for mo in extra if mo.name not in names]:
        if not mo.name.startswith("iso_") and be.split(mo) == "train":
            yield mo


def key(mstr):
    return mstr.rstrip(":").strip().casefold()


def eval_strings(lang_dir):
    """The translated strings of the eval-half catalogues, to leave out of
    the training text: other packages repeat strings verbatim (GTK 4 those of
    GTK 3, GNOME applications those of GLib), and a string the evaluation
    may plant must not reach the word lists through another catalogue.
    Nothing of these strings enters the lists; they only remove."""
    out = set()
    for mo in sorted((be.LOCALE / lang_dir / "LC_MESSAGES").glob("*.mo")):
        if not mo.name.startswith("iso_") and be.split(mo) == "eval":
            out.update(key(unicodedata.normalize("NFC", mstr.strip())) for _, mstr in be.read_mo(mo))
    return out


def name_words(lang_dir):
    """Words of the names of countries and languages in this language (the
    iso-codes catalogues iso_3166 and iso_639, which the evaluation never
    uses): `Gaeilge`, `Deutschland`, `Türkiyə` are names, and a line of them
    (`Conradh na Gaeilge`) is a name, not an interface string."""
    out = set()
    for name in ("iso_3166.mo", "iso_3166-1.mo", "iso_639.mo", "iso_639-2.mo"):
        mo = be.LOCALE / lang_dir / "LC_MESSAGES" / name
        if mo.exists():
            for _, mstr in be.read_mo(mo):
                out |= words(unicodedata.normalize("NFC", mstr))
    return out


def main():
    if not os.environ.get("NO_EXTRA") and not EXTRA[0].is_dir():
        sys.exit(f"{EXTRA[0]} missing: run eval/remnant/fetch_train_packages.sh first "
                 "(or NO_EXTRA=1 for the installed catalogues only)")
    suffixes = {}
    for line in (be.ROOT / "data/remnant/suffixes.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and ":" in line:
            code, ends = line.split(":", 1)
            if code.strip() in STEMMED:
                suffixes[code.strip()] = ends.split()
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
        stem_df = collections.Counter()
        stem_forms = collections.defaultdict(set)
        endings = suffixes.get(lang, [])
        seen = set()
        names = name_words(lang_dir) if not os.environ.get("NO_NAMES") else set()
        held_out = eval_strings(lang_dir) if not os.environ.get("NO_DECON") else set()
        for mo in catalogues(lang_dir):
            for mid, mstr in be.read_mo(mo, context=True):
                mstr = unicodedata.normalize("NFC", mstr.strip())
                if not mstr or mstr == mid or mstr in seen or key(mstr) in held_out:
                    continue
                seen.add(mstr)
                kept = words(unicodedata.normalize("NFC", mid))
                stems = set()
                for w in words(mstr) - kept:
                    if len(w) < 3 or any(c.isdigit() for c in w) or w in english or w in stop or w in names:
                        continue
                    df[w] += 1
                    for e in endings:
                        stem = w[: -len(e)]
                        if w.endswith(e) and len(stem) >= STEM_MIN and stem not in english and stem not in names:
                            stems.add(stem)
                            stem_forms[stem].add(w)
                for stem in stems:
                    stem_df[stem] += 1
        # The most frequent words, whole frequency tiers only: no arbitrary
        # (alphabetical) cut inside the last one.
        tiers = collections.Counter(c for c in df.values() if c >= MIN_DF)
        floor, n = MIN_DF, 0
        for c in sorted(tiers, reverse=True):
            if n + tiers[c] > MAX_WORDS:
                floor = c + 1
                break
            n += tiers[c]
        common = {w for w, c in df.items() if c >= floor}
        # Stems that two word forms share (`tıqlan` of `tıqlanınca` and
        # `tıqlandığında`), in two strings or more, the most frequent: the
        # check strips an ending off a word to find them.
        stems = [(c, t) for t, c in stem_df.items()
                 if c >= MIN_DF and len(stem_forms[t]) >= 2 and t not in common]
        stems = {t for _, t in sorted(stems, key=lambda x: (-x[0], x[1]))[:MAX_STEMS]}
        common = sorted(common | stems)
        print(f"{lang}: {len(seen)} strings, {len(common)} common words ({len(stems)} stems)", file=sys.stderr)
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
