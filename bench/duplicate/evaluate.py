#!/usr/bin/env python3
"""Scores duplicate links against the planted truth of a dupgen corpus.

Usage: evaluate.py DATA_DIR LINKS [NAME]

LINKS is either a `transaudit check --format jsonl` report (a file ending in
.jsonl: DU* and MT900 findings are read, anything else is skipped) or TSV
rows: doc start end related_doc related_start related_end rule score
(character offsets; dupbench and datasketch_run.py write these). Each is
one link from a later copy to an earlier copy; MT900 links are scored
against divergent.jsonl instead.

A link is correct when both of its ends overlap (by at least half of the
shorter span) two different members of one planted family. A non-first
member of a family is found when a correct link starts on it. Precision =
correct links / links; recall = found members / non-first members. Links
between passages that are not planted (hard negatives, chance repeats) are
false positives.
"""

import bisect
import json
import sys
from collections import defaultdict


def overlap(a0, a1, b0, b1):
    inter = min(a1, b1) - max(a0, b0)
    return inter > 0 and inter >= 0.5 * min(a1 - a0, b1 - b0)


def main():
    data, links_path = sys.argv[1], sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else links_path
    families = []
    by_doc = defaultdict(list)  # doc -> [(start, end, family, member index)]
    for line in open(f"{data}/truth.jsonl"):
        f = json.loads(line)
        families.append(f)
        fi = len(families) - 1
        for mi, (d, s, e) in enumerate(f["members"]):
            by_doc[d].append((s, e, fi, mi))
    for v in by_doc.values():
        v.sort()

    def members_at(doc, s, e):
        out = []
        for (ms, me, fi, mi) in by_doc.get(doc, ()):
            if ms >= e:
                break
            if overlap(s, e, ms, me):
                out.append((fi, mi))
        return out

    divergent = [json.loads(l) for l in open(f"{data}/divergent.jsonl")]
    div_by_doc = defaultdict(list)
    for i, d in enumerate(divergent):
        div_by_doc[d["doc"]].append((d["start"], d["end"], i))
    # Words changed in edited copies: an MT900 there is right too, but they
    # are not counted in its recall.
    for line in open(f"{data}/edits.jsonl"):
        d = json.loads(line)
        div_by_doc[d["doc"]].append((d["start"], d["end"], None))

    links = 0
    correct = 0
    found = set()
    mt = mt_correct = 0
    mt_found = set()
    fp_examples = []
    for line in open(links_path):
        if links_path.endswith(".jsonl"):
            f = json.loads(line)
            if not (f["rule"].startswith("DU") or f["rule"] == "MT900") or f["related_doc"] is None:
                continue
            doc, s, e, rule = f["doc"], f["start"], f["end"], f["rule"]
            rdoc, rs, re_ = f["related_doc"], f["related_start"], f["related_end"]
        else:
            cols = line.rstrip("\n").split("\t")
            doc, s, e, rdoc, rs, re_, rule = cols[0], int(cols[1]), int(cols[2]), cols[3], int(cols[4]), int(cols[5]), cols[6]
        if rule == "MT900":
            mt += 1
            hit = [i for (ds, de, i) in div_by_doc.get(doc, ()) if overlap(s, e, ds, de)]
            if hit:
                mt_correct += 1
                mt_found.update(i for i in hit if i is not None)
            continue
        links += 1
        a = members_at(doc, s, e)
        b = members_at(rdoc, rs, re_)
        ok = False
        for (fa, ma) in a:
            for (fb, mb) in b:
                if fa == fb and ma != mb:
                    ok = True
                    found.add((fa, ma))
        if ok:
            correct += 1
        elif len(fp_examples) < 5:
            fp_examples.append(line.strip())

    total = 0
    per_kind = defaultdict(lambda: [0, 0])
    missed = defaultdict(list)
    for fi, f in enumerate(families):
        # Members are listed in creation order; the original is the one
        # earliest in the corpus.
        order = sorted(range(len(f["members"])), key=lambda i: (f["members"][i][0], f["members"][i][1]))
        for mi in order[1:]:
            total += 1
            per_kind[f["kind"]][1] += 1
            if (fi, mi) in found:
                per_kind[f["kind"]][0] += 1
            elif len(missed[f["kind"]]) < 3:
                missed[f["kind"]].append((fi, f["members"][mi]))
    # A first member may be "found" through a link pointing the other way;
    # count only non-first members.
    n_found = sum(v[0] for v in per_kind.values())
    p = correct / links if links else 0.0
    r = n_found / total if total else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    nb_total = sum(v[1] for k, v in per_kind.items() if k != "boilerplate")
    nb_found = sum(v[0] for k, v in per_kind.items() if k != "boilerplate")
    print(f"{name}: links {links} correct {correct} precision {p:.4f} recall {r:.4f} F1 {f1:.4f}")
    print(f"{name}: recall without boilerplate {nb_found}/{nb_total} = {nb_found / max(nb_total, 1):.4f}")
    print(f"{name}: recall by kind " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per_kind.items())))
    if mt:
        mp = mt_correct / mt
        mr = len(mt_found) / max(len(divergent), 1)
        print(f"{name}: MT900 {mt} precision {mp:.4f} recall {mr:.4f} ({len(mt_found)}/{len(divergent)})")
    if "-v" in sys.argv:
        for ex in fp_examples:
            print(f"{name}: false positive: {ex}")
        for k, v in missed.items():
            for fi, m in v:
                print(f"{name}: missed {k} family {fi}: {m} (original {families[fi]['members'][0]})")
    json.dump({"name": name, "precision": p, "recall": r, "f1": f1}, open(links_path + ".score.json", "w"))


if __name__ == "__main__":
    main()
