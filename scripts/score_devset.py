#!/usr/bin/env python3
"""Score mlaudit's capability audit against the hand-labelled development set.

Usage:
  scripts/score_devset.py --corpus DIR [--bin PATH] [--labels FILE]
  scripts/score_devset.py --json nanoGPT=report.json --json ... [--corpus DIR]

For each labelled repository (checked out as DIR/<name>) it runs
`mlaudit audit DIR/<name> --format json` (or reads the given JSON report), then compares:
  - capability status accuracy,
  - sub-feature state accuracy,
  - precision / recall of `present`,
  - evidence validity: every cited path:line exists in the checkout and is non-blank,
and lists every disagreement. Exit status 0 always unless the reports cannot be produced (2).
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LABELS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "devset", "labels.json"))


def run_audit(binary, checkout):
    cmd = [binary, "audit", checkout, "--format", "json", "--date", "2026-11-25"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"mlaudit failed ({proc.returncode}) on {checkout}:\n{proc.stderr}\n")
        sys.exit(2)
    return json.loads(proc.stdout)


COMMENT_PREFIX = {".py": "#", ".yaml": "#", ".yml": "#", ".toml": "#", ".sh": "#", ".cfg": "#", ".ini": "#", ".txt": "#"}


def is_comment(checkout, path, line):
    """A present sub-feature must cite a mechanism, not a comment (Markdown headings are fine)."""
    prefix = next((p for ext, p in COMMENT_PREFIX.items() if path.endswith(ext)), None)
    if checkout is None or prefix is None:
        return False
    try:
        with open(os.path.join(checkout, path), encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return False
    return 1 <= line <= len(lines) and lines[line - 1].strip().startswith(prefix)


def line_ok(checkout, path, line):
    if checkout is None:
        return None
    full = os.path.join(checkout, path)
    try:
        with open(full, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return False
    return 1 <= line <= len(lines) and lines[line - 1].strip() != ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="directory holding the checkouts as <name>")
    ap.add_argument("--bin", default=os.path.join(HERE, "..", ".build", "debug", "mlaudit"), help="mlaudit binary")
    ap.add_argument("--labels", default=DEFAULT_LABELS)
    ap.add_argument("--json", action="append", default=[], help="NAME=report.json instead of running mlaudit")
    args = ap.parse_args()
    labels = json.load(open(args.labels))
    given = dict(item.split("=", 1) for item in args.json)

    totals = dict(status=0, status_ok=0, sub=0, sub_ok=0, tp=0, fp=0, fn=0, cites=0, cites_ok=0, firsts=0, comments=0)
    disagreements = []
    for repo in labels["repos"]:
        name = repo["repo"].split("/")[1]
        checkout = os.path.join(args.corpus, name) if args.corpus else None
        if name in given:
            report = json.load(open(given[name]))
        elif checkout and os.path.isdir(checkout):
            report = run_audit(args.bin, checkout)
        else:
            sys.stderr.write(f"skipping {name}: no checkout and no --json\n")
            continue
        got_caps = {c["name"]: c for c in report.get("capabilities", [])}
        for cap in repo["capabilities"]:
            got = got_caps.get(cap["name"], {"status": "<missing>", "subfeatures": []})
            totals["status"] += 1
            if got["status"] == cap["status"]:
                totals["status_ok"] += 1
            else:
                disagreements.append(f"{name}: STATUS {cap['name']}: label {cap['status']}, got {got['status']}")
            got_subs = {s["name"]: s for s in got.get("subfeatures", [])}
            for sub in cap["subfeatures"]:
                g = got_subs.get(sub["name"], {"state": "<missing>", "evidence": []})
                totals["sub"] += 1
                want, have = sub["label"], g["state"]
                if want == have:
                    totals["sub_ok"] += 1
                else:
                    cited = ", ".join(f"{e['path']}:{e['line']}" for e in g.get("evidence", [])[:2])
                    disagreements.append(f"{name}: {cap['name']} / {sub['name']}: label {want}"
                                         f"{' (' + sub['evidence'] + ')' if sub.get('evidence') else ''}, got {have}"
                                         f"{' (' + cited + ')' if cited else ''}")
                if have == "present" and want == "present":
                    totals["tp"] += 1
                elif have == "present":
                    totals["fp"] += 1
                elif want == "present":
                    totals["fn"] += 1
                first = (g.get("evidence") or [None])[0]
                if have == "present" and first is not None and checkout:
                    totals["firsts"] += 1
                    if is_comment(checkout, first["path"], first["line"]):
                        totals["comments"] += 1
                        disagreements.append(f"{name}: COMMENT CITED {first['path']}:{first['line']} ({cap['name']} / {sub['name']})")
                for e in g.get("evidence", []):
                    ok = line_ok(checkout, e["path"], e["line"])
                    if ok is None:
                        continue
                    totals["cites"] += 1
                    if ok:
                        totals["cites_ok"] += 1
                    else:
                        disagreements.append(f"{name}: INVALID CITATION {e['path']}:{e['line']} ({cap['name']} / {sub['name']})")

    t = totals
    precision = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
    recall = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
    print(f"status accuracy:      {t['status_ok']}/{t['status']}")
    print(f"sub-feature accuracy: {t['sub_ok']}/{t['sub']}")
    print(f"present precision:    {precision:.3f} ({t['tp']} tp, {t['fp']} fp)")
    print(f"present recall:       {recall:.3f} ({t['fn']} fn)")
    print(f"evidence validity:    {t['cites_ok']}/{t['cites']} cited lines exist and are non-blank")
    print(f"mechanism citations:  {t['firsts'] - t['comments']}/{t['firsts']} present sub-features cite code/config, not a comment")
    print(f"disagreements ({len(disagreements)}):")
    for d in disagreements:
        print("  - " + d)


if __name__ == "__main__":
    main()
