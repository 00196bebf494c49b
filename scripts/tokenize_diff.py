#!/usr/bin/env python3
"""Differential check of mlaudit's Python tokenizer against CPython's `tokenize` (3.11).

Usage: scripts/tokenize_diff.py DIR [--bin PATH] [--jobs N] [--show N]

For every .py file under DIR, runs `python3 -m tokenize -e FILE` (in-process, the same code path)
and `mlaudit debug tokens FILE`, then prints
  files exact X/Y        (Y = files CPython tokenizes without an exception)
  rejections agree A/R   (R = files CPython rejects; A = of those, files mlaudit also rejects)
plus the first differing line of each mismatch. Exit status 0 when everything agrees, else 1.
Standard library only.
"""
import argparse
import concurrent.futures
import contextlib
import io
import os
import subprocess
import sys
import tokenize


def cpython_dump(path):
    """What `python3 -m tokenize -e path` prints on stdout, or None when it fails."""
    try:
        with open(path, "rb") as handle:
            tokens = list(tokenize.tokenize(handle.readline))
    except Exception:  # IndentationError, TokenError, SyntaxError, UnicodeDecodeError, LookupError...
        return None
    out = io.StringIO()
    for token in tokens:
        token_range = "%d,%d-%d,%d:" % (token.start + token.end)
        out.write("%-20s%-15s%-15r\n" % (token_range, tokenize.tok_name[token.exact_type], token.string))
    return out.getvalue()


def mlaudit_dump(binary, path):
    try:
        result = subprocess.run([binary, "debug", "tokens", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as error:
        return None, "could not run %s: %s" % (binary, error)
    if result.returncode != 0:
        return None, result.stderr.decode("utf-8", "replace").strip()
    return result.stdout.decode("utf-8", "surrogateescape"), ""


def compare(job):
    binary, path = job
    expected = cpython_dump(path)
    actual, message = mlaudit_dump(binary, path)
    if expected is None:
        return path, "rejected", actual is None, "" if actual is None else "mlaudit accepted a file CPython rejects"
    if actual is None:
        return path, "accepted", False, "mlaudit rejected: " + message
    if expected == actual:
        return path, "accepted", True, ""
    want, got = expected.splitlines(), actual.splitlines()
    for index in range(max(len(want), len(got))):
        left = want[index] if index < len(want) else "<end>"
        right = got[index] if index < len(got) else "<end>"
        if left != right:
            return path, "accepted", False, "line %d\n    cpython: %s\n    mlaudit: %s" % (index + 1, left, right)
    return path, "accepted", False, "outputs differ only in line endings"


def python_files(root):
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != ".git")
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--bin", default=os.path.join(".build", "debug", "mlaudit"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--show", type=int, default=50, help="mismatches to print (default 50)")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit("tokenize_diff: no executable at %s (build first, or pass --bin)" % args.bin)
    jobs = [(args.bin, path) for path in python_files(args.directory)]
    accepted = exact = rejected = agreed = 0
    mismatches = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for path, verdict, ok, detail in pool.map(compare, jobs, chunksize=8):
            if verdict == "accepted":
                accepted += 1
                exact += ok
            else:
                rejected += 1
                agreed += ok
            if not ok:
                mismatches.append((path, detail))
    for path, detail in mismatches[: args.show]:
        print("MISMATCH %s: %s" % (path, detail))
    if len(mismatches) > args.show:
        print("... %d more mismatches" % (len(mismatches) - args.show))
    print("files exact %d/%d" % (exact, accepted))
    print("rejections agree %d/%d" % (agreed, rejected))
    return 0 if not mismatches else 1


if __name__ == "__main__":
    sys.exit(main())
