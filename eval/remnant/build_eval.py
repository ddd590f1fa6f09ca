#!/usr/bin/env python3
"""Build the remnant evaluation set: English articles with spans of other
languages planted in them, plus clean name-dense English articles.

Foreign text: real translations from the gettext catalogues (.mo) of the
Debian packages installed on this machine (/usr/share/locale/<lang>/
LC_MESSAGES/*.mo; `apt-cache search` / `dpkg -S` name the packages; the files
used are listed in the manifest). English text: eval/remnant/clean_sentences.txt
(written by hand for this purpose), grouped into paragraphs.

Insertion kinds:
  line       a short foreign UI string (2-6 words) on its own line after the article
  start      the same at the start of the article
  glued      glued to the last sentence, with its period (`it.Lini`) or without (`itLini`)
  sentence   a foreign sentence between two English sentences of a paragraph
  paragraph  two or three foreign sentences as a paragraph of their own
  clause     3-6 contiguous foreign words inside an English sentence

Negatives: clean articles of the hand-written sentences (kind `clean`), and
clean articles with Title Case lines of names, titles of works, bylines and
captions from eval/remnant/clean_lines.txt at the start, between the
paragraphs and at the end (kind `names`; every line three times, once in
each place).

Output (git-ignored): eval/build/remnant/eval.jsonl, one document per line:
{"id", "text", "kind": "positive"|"clean", "paragraphs", "gold": [{"start",
"end", "lang", "kind"}]}; offsets are characters (Python str indices).
Also eval/build/remnant/manifest.txt (catalogues used and their packages).

Usage: python3 eval/remnant/build_eval.py [--per-kind N] [--seed S]
"""
import argparse
import json
import random
import re
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "eval/build/remnant"
LOCALE = Path("/usr/share/locale")

# locale directory -> ISO 639-1
LANGS = {
    "sq": "sq", "es": "es", "fr": "fr", "de": "de", "it": "it", "pt": "pt", "nl": "nl",
    "sv": "sv", "da": "da", "nb": "nb", "fi": "fi", "pl": "pl", "cs": "cs", "sk": "sk",
    "sl": "sl", "hr": "hr", "bs": "bs", "sr": "sr", "hu": "hu", "ro": "ro", "tr": "tr",
    "lt": "lt", "lv": "lv", "et": "et", "vi": "vi", "id": "id", "ms": "ms", "ca": "ca",
    "gl": "gl", "eu": "eu", "ga": "ga", "cy": "cy", "af": "af", "is": "is", "az": "az",
    "eo": "eo", "ru": "ru", "uk": "uk", "be": "be", "bg": "bg", "mk": "mk", "el": "el",
    "ar": "ar", "fa": "fa", "he": "he", "hi": "hi", "zh_CN": "zh", "ja": "ja", "ko": "ko",
    "th": "th", "ka": "ka", "hy": "hy",
}
SPACELESS = {"zh", "ja", "th"}
NON_LATIN = {"ru", "uk", "be", "bg", "mk", "sr", "el", "ar", "fa", "he", "hi", "zh", "ja", "ko", "th", "ka", "hy"}
BAD = re.compile(r"[%{}<>_&\\$@/=|\[\]*#`~^+\t\n\r\"]|\.\.\.|…|http|www|\d")


def split(mo):
    """`train` or `eval`: the half a catalogue domain belongs to, by a stable
    hash of its file name, the same for every language. Trigram profiles
    (make_trigrams.py) learn from the train half; the evaluation set is built
    from the eval half only."""
    import hashlib
    h = hashlib.sha1(mo.name.encode()).digest()[0]
    return "train" if h % 2 == 0 else "eval"


def read_mo(path, context=False):
    """(msgid, msgstr) pairs of a GNU .mo file; with `context`, also the
    entries with a message context (LibreOffice's are all such), the context
    dropped."""
    data = path.read_bytes()
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">"
    _, n, orig, trans = struct.unpack(end + "4I", data[4:20])
    pairs = []
    for i in range(n):
        ol, oo = struct.unpack(end + "2I", data[orig + 8 * i: orig + 8 * i + 8])
        tl, to = struct.unpack(end + "2I", data[trans + 8 * i: trans + 8 * i + 8])
        try:
            mid = data[oo: oo + ol].decode("utf-8")
            mstr = data[to: to + tl].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if context and "\x04" in mid:
            mid = mid.split("\x04", 1)[1]
        if not mid or "\x04" in mid:
            continue
        pairs.append((mid.split("\x00")[0], mstr.split("\x00")[0]))
    return pairs


def words(s):
    return re.findall(r"\w+(?:['’-]\w+)*", s)


def usable(lang, mid, mstr):
    mstr = unicodedata.normalize("NFC", mstr.strip())
    if not mstr or mstr == mid or BAD.search(mstr) or BAD.search(mid):
        return None
    mstr = mstr.rstrip(":").strip()
    if not mstr:
        return None
    if lang in NON_LATIN:
        letters = [c for c in mstr if c.isalpha()]
        if sum(c.isascii() for c in letters) > 0.3 * len(letters):
            return None  # left in English (or Latin script) by the translator
    w = words(mstr)
    en = {x.lower() for x in words(mid)}
    if lang not in SPACELESS:
        if sum(x.lower() in en for x in w) > 0.25 * len(w):
            return None  # mostly untranslated terms
        if any(x.isupper() and len(x) > 1 for x in w):
            return None  # acronyms: GNOME, USB
    return mstr


def collect(lang_dir, lang, manifest):
    phrases, sentences = set(), set()
    for mo in sorted((LOCALE / lang_dir / "LC_MESSAGES").glob("*.mo")):
        if mo.name.startswith("iso_"):
            continue  # iso-codes: names of countries, languages, currencies
        if split(mo) != "eval":
            continue
        used = False
        for mid, mstr in read_mo(mo):
            s = usable(lang, mid, mstr)
            if s is None:
                continue
            n = len(s) // 2 if lang in SPACELESS else len(words(s))
            caseless = s[0].lower() == s[0].upper()
            starts_well = caseless or s[0].isupper()
            ends = s.endswith((".", "!", "?", "。", "।", "։", "؟", "۔"))
            if starts_well and not ends and 2 <= n <= 6:
                phrases.add(s)
                used = True
            long_enough = 12 <= len(s) <= 60 if lang in SPACELESS else 6 <= n <= 30
            if starts_well and ends and long_enough:
                sentences.add(s)
                used = True
        if used:
            manifest.append(str(mo))
    return sorted(phrases), sorted(sentences)


def clean_paragraphs(rng, n):
    lines = [l.strip() for l in (ROOT / "eval/remnant/clean_sentences.txt").read_text(encoding="utf-8").splitlines()]
    sents = [l for l in lines if l and not l.startswith("#")]
    paras = []
    for _ in range(n):
        k = rng.randint(2, 4)
        paras.append(" ".join(rng.sample(sents, k)))
    return paras, sents


class Doc:
    def __init__(self):
        self.text = ""
        self.gold = []

    def add(self, s, lang=None, kind=None):
        start = len(self.text)
        self.text += s
        if lang:
            self.gold.append({"start": start, "end": len(self.text), "lang": lang, "kind": kind})


def lower_first(s):
    return s[0].lower() + s[1:] if s and s[0].isupper() else s


def positive(rng, kind, lang, phrases, sentences, paras):
    body = rng.sample(paras, 3)
    d = Doc()
    sep = rng.choice(["\n\n", "\n"])
    if kind == "start":
        d.add(rng.choice(phrases), lang, kind)
        d.add(sep + sep.join(body))
    elif kind == "line":
        d.add(sep.join(body) + rng.choice(["\n", "\n\n"]))
        d.add(rng.choice(phrases), lang, kind)
    elif kind == "glued":
        text = sep.join(body)
        if rng.random() < 0.5:
            text = text[:-1]  # drop the final period: `itLini`
        d.add(text)
        d.add(rng.choice(phrases), lang, kind)
    elif kind == "sentence":
        s = rng.choice(sentences)
        p = body[1]
        cut = [m.end() for m in re.finditer(r"[.!?]” |[.!?]\" |[.!?] ", p)]
        d.add(body[0] + sep)
        if cut:
            c = rng.choice(cut)
            d.add(p[:c])
            d.add(s, lang, kind)
            d.add(" " + p[c:])
        else:
            d.add(p + " ")
            d.add(s, lang, kind)
        d.add(sep + body[2])
    elif kind == "paragraph":
        k = min(len(sentences), rng.randint(2, 3))
        foreign = " " .join(rng.sample(sentences, k)) if lang not in SPACELESS else "".join(rng.sample(sentences, k))
        d.add(body[0] + "\n\n")
        d.add(foreign, lang, kind)
        d.add("\n\n" + body[1] + "\n\n" + body[2])
    elif kind == "clause":
        s = rng.choice(sentences)
        if lang in SPACELESS:
            n = rng.randint(4, 10)
            i = rng.randint(0, max(0, len(s) - n - 1))
            frag = s[i: i + n]
        else:
            toks = s.rstrip(".!?").split()
            n = rng.randint(3, 6)
            i = rng.randint(0, max(0, len(toks) - n))
            frag = " ".join(toks[i: i + n]).strip(",;:")
            frag = lower_first(frag) if i == 0 else frag
        p = body[1]
        ws = [m.start() for m in re.finditer(r" [a-z]", p)]
        d.add(body[0] + sep)
        c = rng.choice(ws[2:-2] or ws)
        d.add(p[: c + 1])
        d.add(frag, lang, kind)
        d.add(" " + p[c + 1:])
        d.add(sep + body[2])
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=4)
    ap.add_argument("--clean-docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=20261120)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    OUT.mkdir(parents=True, exist_ok=True)
    paras, _ = clean_paragraphs(rng, 400)
    manifest = []
    docs = []
    kinds = ["line", "start", "glued", "sentence", "paragraph", "clause"]
    for lang_dir, lang in LANGS.items():
        phrases, sentences = collect(lang_dir, lang, manifest)
        if len(phrases) < 5 or len(sentences) < 3:
            print(f"skip {lang}: {len(phrases)} phrases, {len(sentences)} sentences", file=sys.stderr)
            continue
        for kind in kinds:
            for i in range(a.per_kind):
                d = positive(rng, kind, lang, phrases, sentences, paras)
                docs.append({"id": f"{lang}-{kind}-{i}", "kind": "positive", "text": d.text,
                             "paragraphs": 0, "gold": d.gold})
    clean_paras, _ = clean_paragraphs(random.Random(a.seed + 1), a.clean_docs * 5)
    for i in range(a.clean_docs):
        ps = clean_paras[5 * i: 5 * i + 5]
        docs.append({"id": f"clean-{i}", "kind": "clean", "text": "\n\n".join(ps) + "\n",
                     "paragraphs": len(ps), "gold": []})
    # Name lines: a generator of their own, so the documents above stay the
    # same as before they were added.
    nrng = random.Random(a.seed + 2)
    names = [l.strip() for l in (ROOT / "eval/remnant/clean_lines.txt").read_text(encoding="utf-8").splitlines()]
    names = [l for l in names if l and not l.startswith("#")]
    perms = [nrng.sample(names, len(names)) for _ in range(3)]
    name_paras, _ = clean_paragraphs(nrng, 2 * len(names))
    for i in range(len(names)):
        sep = nrng.choice(["\n\n", "\n"])
        text = sep.join([perms[0][i], name_paras[2 * i], perms[1][i], name_paras[2 * i + 1], perms[2][i]]) + "\n"
        docs.append({"id": f"names-{i}", "kind": "names", "text": text,
                     "paragraphs": 2, "name_lines": 3, "gold": []})
    with open(OUT / "eval.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    try:
        pk = subprocess.run(["dpkg", "-S", *manifest], capture_output=True, text=True).stdout
    except OSError:
        pk = ""
    packages = sorted({l.split(":")[0] for l in pk.splitlines() if ":" in l})
    (OUT / "manifest.txt").write_text("# catalogues\n" + "\n".join(manifest) + "\n# packages\n" + "\n".join(packages) + "\n")
    langs = sorted({g["lang"] for d in docs for g in d["gold"]})
    print(f"{len(docs)} documents, {len(langs)} languages, {len(packages)} packages -> {OUT/'eval.jsonl'}", file=sys.stderr)


if __name__ == "__main__":
    main()
