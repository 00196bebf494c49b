#!/usr/bin/env python3
"""CPython's own reading of every .py file under DIR: `tokenize` and `ast.parse`, on N worker processes.

Prints one JSON line: files, bytes, tokenize_seconds, ast_seconds (reading the bytes is not timed).
"""
import ast
import io
import json
import os
import sys
import time
import tokenize
from concurrent.futures import ProcessPoolExecutor


def load(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for f in filenames:
            if f.endswith(".py"):
                p = os.path.join(dirpath, f)
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as fh:
                        out.append(fh.read())
    return out


def tok(chunk):
    n = 0
    for data in chunk:
        try:
            for _ in tokenize.tokenize(io.BytesIO(data).readline):
                n += 1
        except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
            pass
    return n


def parse(chunk):
    n = 0
    for data in chunk:
        try:
            ast.parse(data)
            n += 1
        except (SyntaxError, ValueError):
            pass
    return n


def timed(fn, chunks, jobs):
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        list(ex.map(fn, chunks))
    return time.perf_counter() - start


def main():
    root, jobs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    data = load(root)
    chunks = [data[i::jobs * 8] for i in range(jobs * 8)]
    # Warm the pool's imports out of the timed region.
    timed(tok, [[b"x = 1\n"]] * jobs, jobs)
    print(json.dumps({"files": len(data), "bytes": sum(map(len, data)), "jobs": jobs,
                      "tokenize_seconds": round(timed(tok, chunks, jobs), 4),
                      "ast_seconds": round(timed(parse, chunks, jobs), 4)}))


if __name__ == "__main__":
    main()
