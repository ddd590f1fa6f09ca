#!/usr/bin/env python3
"""The reference: datasketch MinHashLSH over the same corpus and passages.

Usage: datasketch_run.py CORPUS.jsonl > links.tsv

Passages are what transaudit looks at: paragraphs (blank-line separated)
and the sentences of paragraphs with more than one. Shingles are word
5-grams of the lower-cased words (a passage shorter than 5 words is one
shingle); MinHash with 128 permutations; MinHashLSH with threshold 0.5.
Each passage is linked to the earliest earlier passage the index returns
for it. Output rows as evaluate.py reads them (character offsets).
"""

import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+(?:['’\-]\w+)*")
PARA_SPLIT = re.compile(r"\n[ \t]*\n")
SENT_END = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[A-Z0-9“\"«(\[])")
K = 5
NUM_PERM = 128


def passages(text):
    """(start, end) character spans of paragraphs and their sentences."""
    out = []
    pos = 0
    for part in PARA_SPLIT.split(text) + [None]:
        if part is None:
            break
        start = text.index(part, pos) if part else pos
        end = start + len(part)
        pos = end
        stripped = part.strip()
        if not stripped:
            continue
        s0 = start + (len(part) - len(part.lstrip()))
        e0 = s0 + len(stripped)
        out.append((s0, e0))
        cuts = [m for m in SENT_END.finditer(stripped)]
        if cuts:
            a = 0
            for m in cuts:
                out.append((s0 + a, s0 + m.start()))
                a = m.end()
            out.append((s0 + a, e0))
    return out


def shingles(words):
    if len(words) < K:
        return [" ".join(words).encode()]
    return [" ".join(words[i:i + K]).encode() for i in range(len(words) - K + 1)]


def main():
    t0 = time.time()
    keys = []  # (doc, start, end)
    sets = []
    for line in open(sys.argv[1], encoding="utf-8"):
        rec = json.loads(line)
        text = rec["text"]
        for (s, e) in passages(text):
            words = [w.lower() for w in WORD.findall(text[s:e])]
            if not words:
                continue
            keys.append((rec["id"], s, e))
            sets.append(shingles(words))
    t1 = time.time()
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    mins = []
    batch = 10000
    with lsh.insertion_session() as session:
        for b in range(0, len(sets), batch):
            ms = MinHash.bulk(sets[b:b + batch], num_perm=NUM_PERM)
            for i, m in enumerate(ms):
                session.insert(b + i, m)
                mins.append(m)
    t2 = time.time()
    out = sys.stdout
    links = 0
    for i, m in enumerate(mins):
        d, s, e = keys[i]
        # Earlier passages, but not the passage's own paragraph or sentences.
        earlier = [k for k in lsh.query(m) if k < i
                   and not (keys[k][0] == d and keys[k][1] < e and s < keys[k][2])]
        if not earlier:
            continue
        j = min(earlier)
        rd, rs, re_ = keys[j]
        out.write(f"{d}\t{s}\t{e}\t{rd}\t{rs}\t{re_}\tLSH\t1\n")
        links += 1
    t3 = time.time()
    print(f"datasketch: {len(keys)} passages, {links} links; read {t1 - t0:.1f}s, "
          f"minhash+insert {t2 - t1:.1f}s, query {t3 - t2:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
