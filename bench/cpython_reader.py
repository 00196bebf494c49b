#!/usr/bin/env python3
"""CPython's own reading of every .py file under DIR: `tokenize` and `ast.parse`, on N worker processes.

Prints one JSON line: files, bytes, wall and CPU seconds of tokenize and ast.parse (reading the bytes is not timed).
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
    t0 = time.process_time()
    n = 0
    for data in chunk:
        try:
            for _ in tokenize.tokenize(io.BytesIO(data).readline):
                n += 1
        except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
            pass
    return time.process_time() - t0


def parse(chunk):
    t0 = time.process_time()
    n = 0
    for data in chunk:
        try:
            ast.parse(data)
            n += 1
        except (SyntaxError, ValueError):
            pass
    return time.process_time() - t0


def timed(fn, chunks, jobs):
    """Wall seconds, and CPU seconds summed over the worker processes (each reports its own process time)."""
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        cpu = sum(ex.map(fn, chunks))
    return time.perf_counter() - start, cpu


def main():
    root, jobs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    data = load(root)
    chunks = [data[i::jobs * 8] for i in range(jobs * 8)]
    # Warm the pool's imports out of the timed region.
    timed(tok, [[b"x = 1\n"]] * jobs, jobs)
    tok_wall, tok_cpu = timed(tok, chunks, jobs)
    ast_wall, ast_cpu = timed(parse, chunks, jobs)
    print(json.dumps({"files": len(data), "bytes": sum(map(len, data)), "jobs": jobs,
                      "tokenize_seconds": round(tok_wall, 4), "ast_seconds": round(ast_wall, 4),
                      "tokenize_cpu_seconds": round(tok_cpu, 4), "ast_cpu_seconds": round(ast_cpu, 4)}))


if __name__ == "__main__":
    main()
