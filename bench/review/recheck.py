#!/usr/bin/env python3
"""Matches the hand verdicts in bench/review/findings-<repo>.md against the findings and diffs of a fresh set of
reports, so a reading survives code changes: a verdict is keyed by what it judged, not by its position.

    python3 bench/review/recheck.py --reports DIR [--unmatched]

DIR holds one folder per repository (DIR/<repo>/status-update-*.json, as `mlaudit audit REPO --out DIR/<repo>`
writes). A verdict row names its key in the second column:

    | F3 | MLA131 @ src/pkg/train.py:12 | true | reason |        a finding: code @ first evidence path:line
    | F9 | MLA130 @ sweeps | trivial | reason |                 a capability-gap finding: code @ sub-feature
    | F7 | MLA125 @ - | trivial | reason |                       a finding without evidence
    | D1 | MLD201 @ train.py | merge-worthy | reason |           a diff: code @ first path

It prints, per repository, the verdicts of the findings and diffs the reports hold now (the table of the P8 closing
note), and with --unmatched every finding or diff of the reports that no verdict judges yet (read those next). When
the reports mark findings listed only to reach the template's ten (`findings[].filler`) and scaffold diffs
(`diffs[].scaffold`), it also prints the verdicts of the findings that meet the bar and of the fix diffs alone.
"""
import argparse, glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
FINDING = re.compile(r"^\| F\d+ \| ([A-Z]+\d+ @ [^|]+?) \| (true|trivial|false) \|(.*)$", re.M)
DIFF = re.compile(r"^\| D\d+ \| ([A-Z]+\d+ @ [^|]+?) \| (merge-worthy|not) \|(.*)$", re.M)


def finding_key(f):
    if f.get("subfeature") and f["code"] == "MLA130":
        return "%s @ %s" % (f["code"], f["subfeature"])
    ev = f.get("evidence") or []
    return "%s @ %s" % (f["code"], "%s:%s" % (ev[0]["path"], ev[0]["line"]) if ev else "-")


def diff_key(d):
    return "%s @ %s" % (d.get("code") or "-", (d.get("paths") or ["-"])[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", required=True)
    ap.add_argument("--unmatched", action="store_true")
    a = ap.parse_args()
    rows, missing = [], []
    split = {"core": dict.fromkeys(("true", "trivial", "false"), 0), "filler": dict.fromkeys(("true", "trivial", "false"), 0),
             "fix": dict.fromkeys(("merge-worthy", "not"), 0), "scaffold": dict.fromkeys(("merge-worthy", "not"), 0)}
    marked = False
    for path in sorted(glob.glob(os.path.join(HERE, "findings-*.md"))):
        repo = os.path.basename(path)[len("findings-"):-3]
        reports = sorted(glob.glob(os.path.join(a.reports, repo, "status-update-*.json")))
        if not reports:
            continue
        text = open(path, encoding="utf-8").read()
        fv = {k.strip(): v for k, v, _ in FINDING.findall(text)}
        dv = {k.strip(): v for k, v, _ in DIFF.findall(text)}
        report = json.load(open(reports[-1], encoding="utf-8"))
        # The Markdown lists the first 20 findings; the JSON twin carries every one.
        fs = [finding_key(f) for f in report.get("findings", [])[:20]]
        ds = [diff_key(d) for d in report.get("diffs", [])]
        fcount = {v: sum(1 for k in fs if fv.get(k) == v) for v in ("true", "trivial", "false")}
        dcount = {v: sum(1 for k in ds if dv.get(k) == v) for v in ("merge-worthy", "not")}
        unread = [k for k in fs if k not in fv] + [k for k in ds if k not in dv]
        contra = re.findall(r"^Contradictions: (\d+)", text, re.M)
        rows.append((repo, fcount["true"], fcount["trivial"], fcount["false"], dcount["merge-worthy"],
                     dcount["not"], int(contra[0]) if contra else 0, len(unread)))
        missing += [(repo, k) for k in unread]
        for f in report.get("findings", [])[:20]:
            marked = marked or "filler" in f
            v = fv.get(finding_key(f))
            if v:
                split["filler" if f.get("filler") else "core"][v] += 1
        for d in report.get("diffs", []):
            v = dv.get(diff_key(d))
            if v:
                split["scaffold" if d.get("scaffold") else "fix"][v] += 1
    print("| repo | findings true | trivial | false | diffs merge-worthy | not | contradictions | not yet read |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print("| %s | %d | %d | %d | %d | %d | %d | %d |" % r)
    T = [sum(r[i] for r in rows) for i in range(1, 8)]
    print("| all | %d | %d | %d | %d | %d | %d | %d |" % tuple(T))
    nf, nd = T[0] + T[1] + T[2], T[3] + T[4]
    if nf and nd:
        print("\ntrue %.0f%%, trivial %.0f%%, false %.0f%% of %d read findings; merge-worthy %.0f%% of %d read diffs;"
              " %d items not yet read" % (100 * T[0] / nf, 100 * T[1] / nf, 100 * T[2] / nf, nf, 100 * T[3] / nd, nd,
                                          T[6]))
    if marked:
        for part, label in (("core", "findings that meet the bar"), ("filler", "findings listed to reach ten")):
            c = split[part]
            n = sum(c.values())
            print("%s: %d read, true %d, trivial %d, false %d%s" % (label, n, c["true"], c["trivial"], c["false"],
                  " (true %.0f%%, false %.0f%%)" % (100 * c["true"] / n, 100 * c["false"] / n) if n else ""))
        for part, label in (("fix", "fix diffs"), ("scaffold", "scaffold diffs")):
            c = split[part]
            n = sum(c.values())
            print("%s: %d read, merge-worthy %d, not %d%s" % (label, n, c["merge-worthy"], c["not"],
                  " (merge-worthy %.0f%%)" % (100 * c["merge-worthy"] / n) if n else ""))
    if a.unmatched:
        for repo, k in missing:
            print("unread: %s: %s" % (repo, k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
