#!/usr/bin/env python3
"""Sorts the [[rule]] blocks of a pack file by code (the pack test requires
sorted codes); the header before the first rule stays in place."""
import re, sys

for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    parts = re.split(r"(?m)^\[\[rule\]\]\n", src)
    head, rules = parts[0], parts[1:]
    def code(r):
        return re.search(r'(?m)^code = "([A-Z0-9]+)"', r).group(1)
    rules = [r.rstrip("\n") + "\n" for r in rules]
    rules.sort(key=code)
    open(path, "w", encoding="utf-8").write(head + "\n".join("[[rule]]\n" + r for r in rules))
