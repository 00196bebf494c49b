#!/usr/bin/env python3
"""Build the benchmark tree: copies of real repositories until it holds at least --files files and --py .py files.

Usage: build_tree.py OUT [--corpus DIR ...] [--files 20000] [--py 8000]
Each --corpus DIR is a folder of checked-out repositories (one per sub-folder, their .git folders are skipped).
Without a corpus (or an empty one), the project's own test fixtures and sources are used.
The tree is committed into a fresh git repository so mlaudit lists it the way it lists a real checkout.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def sources(corpora):
    found = []
    for corpus in corpora:
        if not os.path.isdir(corpus):
            continue
        for name in sorted(os.listdir(corpus)):
            path = os.path.join(corpus, name)
            if os.path.isdir(path) and not name.startswith("."):
                found.append(path)
    if not found:
        found = [os.path.join(HERE, "..", "Tests"), os.path.join(HERE, "..", "Sources")]
    return found


def files_of(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for f in sorted(filenames):
            full = os.path.join(dirpath, f)
            if os.path.isfile(full) and not os.path.islink(full):
                out.append(os.path.relpath(full, root))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--corpus", action="append", default=[])
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--py", type=int, default=8000)
    a = ap.parse_args()
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    repos = [(r, files_of(r)) for r in sources(a.corpus)]
    total = py = copy = 0
    while total < a.files or py < a.py:
        copy += 1
        for repo, files in repos:
            dest = os.path.join(a.out, f"copy{copy}", os.path.basename(os.path.normpath(repo)))
            for rel in files:
                target = os.path.join(dest, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(os.path.join(repo, rel), target)
                total += 1
                py += rel.endswith(".py")
        if copy > 1000:
            sys.exit("build_tree: the corpus is empty")
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@mlaudit.invalid",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@mlaudit.invalid",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    for args in (["init", "-q", "-b", "main"], ["add", "-A", "-f"], ["commit", "-q", "-m", "benchmark tree"]):
        subprocess.run(["git", "-C", a.out] + args, check=True, env=env)
    print(f"tree: {a.out}: {total} files, {py} .py, {copy} copies of {len(repos)} repositories")


if __name__ == "__main__":
    main()
