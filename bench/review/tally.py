#!/usr/bin/env python3
"""Tallies the hand verdicts in bench/review/findings-*.md (rows `| F<n> | CODE | verdict | reason |` and
`| D<n> | verdict | reason |`) into the per-repository table of the P8 closing note. Only the current reading counts:
the rows above a file's first `## ` heading or "Earlier verdicts" line (what follows keeps the history: verdicts on
items no longer reported and on earlier branches' checks).

    python3 bench/review/tally.py [--reports DIR_BEFORE DIR_AFTER]
"""
import glob, os, re, sys

rows = []
for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "findings-*.md"))):
    repo = os.path.basename(path)[len("findings-"):-3]
    text = open(path, encoding="utf-8").read()
    text = re.split(r"^(?:## |Earlier verdicts)", text, maxsplit=1, flags=re.M)[0]
    f = re.findall(r"^\| F\d+ \| [^|]+ \| (true|trivial|false) \|", text, re.M)
    d = re.findall(r"^\| D\d+ \| (?:[A-Z]+\d+ @ [^|]+ \| )?(merge-worthy|not) \|", text, re.M)
    contra = re.findall(r"^Contradictions: (\d+)", text, re.M)
    rows.append((repo, f.count("true"), f.count("trivial"), f.count("false"), d.count("merge-worthy"), d.count("not"),
                 int(contra[0]) if contra else 0))
print("| repo | findings true | trivial | false | diffs merge-worthy | not | contradictions |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for r in rows:
    print("| %s | %d | %d | %d | %d | %d | %d |" % r)
T = [sum(r[i] for r in rows) for i in range(1, 7)]
nf, nd = T[0] + T[1] + T[2], T[3] + T[4]
print("| all | %d | %d | %d | %d | %d | %d |" % tuple(T))
if nf and nd:
    print("\ntrue %.0f%%, trivial %.0f%%, false %.0f%% of %d findings; merge-worthy %.0f%% of %d diffs"
          % (100 * T[0] / nf, 100 * T[1] / nf, 100 * T[2] / nf, nf, 100 * T[3] / nd, nd))
