#!/usr/bin/env python3
"""Builds paragraphs.jsonl from paragraphs.txt: strips the [[text|category|
suggestion]] markup and records each error with character offsets (Python
str indices, as the report uses). Run from anywhere:
    python3 eval/mistranslation/build.py            # paragraphs.txt
    python3 eval/mistranslation/build.py heldout    # heldout.txt
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = {"calque", "idiom", "false_friend", "proper_noun", "acronym", "title", "casing"}
MARK = re.compile(r"\[\[([^|\]]+)\|([^|\]]+)\|([^\]]*)\]\]")


def parse(src):
    items, cur = [], None
    for n, line in enumerate(src.splitlines(), 1):
        if line.startswith("#"):
            continue
        if line.startswith("@ "):
            parts = line[2:].split()
            clean = "clean" in parts
            parts = [p for p in parts if p != "clean"]
            cur = {"id": parts[0], "lang": parts[1], "clean": clean, "lines": [], "line": n}
            items.append(cur)
        elif line.strip() and cur is not None:
            cur["lines"].append(line.strip())
    out = []
    for it in items:
        raw = " ".join(it["lines"])
        text, errors, pos = "", [], 0
        for m in MARK.finditer(raw):
            text += raw[pos:m.start()]
            start = len(text)
            text += m.group(1)
            cat = m.group(2)
            if cat not in CATEGORIES:
                sys.exit(f"line {it['line']}: unknown category {cat!r}")
            errors.append({"start": start, "end": len(text), "text": m.group(1),
                           "category": cat, "suggestion": m.group(3)})
            pos = m.end()
        text += raw[pos:]
        if "[[" in text or "]]" in text:
            sys.exit(f"line {it['line']}: malformed markup")
        if it["clean"] != (not errors):
            sys.exit(f"line {it['line']}: {it['id']} clean flag disagrees with its markup")
        for e in errors:
            assert text[e["start"]:e["end"]] == e["text"]
        out.append({"id": it["id"], "lang": it["lang"], "clean": it["clean"],
                    "text": text, "errors": errors})
    ids = [o["id"] for o in out]
    if len(ids) != len(set(ids)):
        sys.exit("duplicate ids")
    return out


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "paragraphs"
    items = parse(open(os.path.join(HERE, name + ".txt"), encoding="utf-8").read())
    with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8") as f:
        for o in items:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    n_err = sum(len(o["errors"]) for o in items)
    n_clean = sum(o["clean"] for o in items)
    print(f"{len(items)} paragraphs, {len(items) - n_clean} with {n_err} errors, {n_clean} clean")


main()
