#!/usr/bin/env python3
"""Differential check of mlaudit's structure reader against CPython's `ast`.

Usage:
  scripts/structure_diff.py DIR [--bin PATH/TO/mlaudit]     # runs `mlaudit debug structure --jsonl DIR`
  scripts/structure_diff.py DIR --ours READER.jsonl         # compares a saved dump (one module per line)
  options: --summary-json (print the summary as one JSON line), --show N (print N differences per category)

For every .py file under DIR that CPython parses, compares as multisets:
  functions   (qualified name "Outer.inner", def line, end line)
  classes     (qualified name, bases without whitespace)
  decorators  (owner qualified name, decorator without trailing calls)
  imports     (module, level, imported names, line)
  calls       (callee chain "a.b().c[]" with other atoms as "<expr>", line, enclosing function)
  parameters  (function qualified name, parameter names)
  docstrings  (qualified name of each function/class that has a docstring)
  assignments (line, target) for `=`, augmented and annotated assignments; tuple targets unpacked;
              quotes and whitespace normalized
  main_blocks (first and last line of each `if __name__ == "__main__":` block)
Calls inside f-strings count too (mlaudit re-tokenizes replacement fields). Agreement per category = matched / max(#ast, #ours).
"""
import argparse
import ast
import collections
import json
import os
import subprocess
import sys

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".venv", "venv", ".mypy_cache"}


def python_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith("."))
        for f in sorted(files):
            if f.endswith(".py"):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return out


def chain(n):
    if isinstance(n, ast.Name):
        return n.id
    if isinstance(n, ast.Attribute):
        return chain(n.value) + "." + n.attr
    if isinstance(n, ast.Call):
        return chain(n.func) + "()"
    if isinstance(n, ast.Subscript):
        return chain(n.value) + "[]"
    return "<expr>"


def strip_calls(n):
    while isinstance(n, ast.Call):
        n = n.func
    return "".join(ast.unparse(n).split())


class Facts(ast.NodeVisitor):
    def __init__(self):
        self.stack = []
        self.functions, self.classes, self.decorators, self.imports, self.calls = [], [], [], [], []
        self.parameters, self.docstrings, self.assignments, self.main_blocks = [], [], [], []
        self.function_stack = []  # qualified names of enclosing functions

    def qual(self, name):
        return ".".join(self.stack + [name])

    def visit_FunctionDef(self, node):
        q = self.qual(node.name)
        self.functions.append((q, node.lineno, node.end_lineno))
        a = node.args
        names = [x.arg for x in a.posonlyargs + a.args]
        names += [a.vararg.arg] if a.vararg else []
        names += [x.arg for x in a.kwonlyargs]
        names += [a.kwarg.arg] if a.kwarg else []
        self.parameters.append((q, tuple(names)))
        if ast.get_docstring(node, clean=False) is not None:
            self.docstrings.append(q)
        for d in node.decorator_list:
            self.decorators.append((q, strip_calls(d)))
        for d in node.decorator_list:
            self.visit(d)
        self.visit(node.args)
        if node.returns:
            self.visit(node.returns)
        self.stack.append(node.name)
        self.function_stack.append(q)
        for s in node.body:
            self.visit(s)
        self.function_stack.pop()
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        q = self.qual(node.name)
        self.classes.append((q, tuple("".join(ast.unparse(b).split()) for b in node.bases)))
        if ast.get_docstring(node, clean=False) is not None:
            self.docstrings.append(q)
        for d in node.decorator_list:
            self.decorators.append((q, strip_calls(d)))
            self.visit(d)
        for b in node.bases:
            self.visit(b)
        for k in node.keywords:
            self.visit(k)
        self.stack.append(node.name)
        for s in node.body:
            self.visit(s)
        self.stack.pop()

    def visit_Import(self, node):
        for a in node.names:
            self.imports.append((a.name, 0, (), node.lineno))

    def visit_ImportFrom(self, node):
        self.imports.append((node.module or "", node.level, tuple(a.name for a in node.names), node.lineno))

    def visit_Call(self, node):
        enclosing = self.function_stack[-1] if self.function_stack else None
        self.calls.append((chain(node.func), node.func.lineno, enclosing))
        self.generic_visit(node)

    def add_target(self, t, line):
        work = [t]
        while work:
            x = work.pop()
            if isinstance(x, (ast.Tuple, ast.List)):
                work.extend(x.elts)
            elif isinstance(x, ast.Starred):
                work.append(x.value)
            else:
                self.assignments.append((line, norm(ast.unparse(x))))

    def visit_Assign(self, node):
        for t in node.targets:
            self.add_target(t, node.lineno)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self.add_target(node.target, node.lineno)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self.add_target(node.target, node.lineno)
        self.generic_visit(node)

    def visit_Module(self, node):
        for s in node.body:
            t = s.test if isinstance(s, ast.If) else None
            if (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq)
                    and {ast.unparse(t.left), ast.unparse(t.comparators[0])} == {"__name__", "'__main__'"}):
                self.main_blocks.append((s.lineno, s.end_lineno))
        self.generic_visit(node)


def norm(text):
    return "".join(text.split()).replace('"', "'")

def ast_facts(path):
    with open(path, "rb") as f:
        src = f.read()
    try:
        tree = ast.parse(src)
    except (SyntaxError, ValueError):
        return None
    v = Facts()
    sys.setrecursionlimit(10000)
    v.visit(tree)
    return v


def our_facts(m):
    fs = [(f["qualified_name"], f["span"]["start"], f["span"]["end"]) for f in m["functions"]]
    cs = [(c["qualified_name"], tuple("".join(b.split()) for b in c["bases"])) for c in m["classes"]]
    ds = [(f["qualified_name"], "".join(d.split())) for f in m["functions"] for d in f["decorators"]]
    ds += [(c["qualified_name"], "".join(d.split())) for c in m["classes"] for d in c["decorators"]]
    im = []
    for i in m["imports"]:
        if i["is_from"]:
            im.append((i["module"], i["level"], tuple(n["name"] for n in i["names"]), i["line"]))
        else:
            im.append((i["module"], 0, (), i["line"]))
    ca = [(c["callee"], c["line"], c["enclosing_function"]) for c in m["calls"]]
    pa = [(f["qualified_name"], tuple(f["parameters"])) for f in m["functions"]]
    do = [f["qualified_name"] for f in m["functions"] if f["docstring"] is not None]
    do += [c["qualified_name"] for c in m["classes"] if c["docstring"] is not None]
    asg = [(a["line"], norm(a["target"])) for a in m["assignments"]]
    mb = [(b["start"], b["end"]) for b in m["main_blocks"]]
    return {"functions": fs, "classes": cs, "decorators": ds, "imports": im, "calls": ca, "parameters": pa,
            "docstrings": do, "assignments": asg, "main_blocks": mb}


def load_ours(args, root):
    if args.ours:
        lines = open(args.ours, encoding="utf-8").read().splitlines()
    else:
        out = subprocess.run([args.bin, "debug", "structure", "--jsonl", root], capture_output=True, check=True)
        lines = out.stdout.decode("utf-8").splitlines()
    ours = {}
    for line in lines:
        if line.strip():
            m = json.loads(line)
            ours[m["path"]] = m
    return ours


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--bin", default=".build/debug/mlaudit")
    p.add_argument("--ours")
    p.add_argument("--summary-json", action="store_true")
    p.add_argument("--show", type=int, default=0)
    args = p.parse_args()
    root = os.path.abspath(args.dir)
    ours = load_ours(args, root)
    totals = collections.defaultdict(lambda: [0, 0, 0])  # matched, ast, ours
    diffs = collections.defaultdict(list)
    files = skipped = missing = 0
    for rel in python_files(root):
        facts = ast_facts(os.path.join(root, rel))
        if facts is None:
            skipped += 1
            continue
        m = ours.get(rel) or ours.get(os.path.join(root, rel))
        if m is None:
            missing += 1
            continue
        files += 1
        mine = our_facts(m)
        theirs = {"functions": facts.functions, "classes": facts.classes, "decorators": facts.decorators,
                  "imports": facts.imports, "calls": facts.calls, "parameters": facts.parameters,
                  "docstrings": facts.docstrings, "assignments": facts.assignments, "main_blocks": facts.main_blocks}
        for cat in theirs:
            a, b = collections.Counter(theirs[cat]), collections.Counter(mine[cat])
            matched = sum((a & b).values())
            t = totals[cat]
            t[0] += matched; t[1] += sum(a.values()); t[2] += sum(b.values())
            if len(diffs[cat]) < args.show:
                for x in (a - b):
                    diffs[cat].append((rel, "ast only", x))
                for x in (b - a):
                    diffs[cat].append((rel, "ours only", x))
    summary = {"files": files, "unparsable_skipped": skipped, "missing_from_ours": missing, "categories": {}}
    for cat, (matched, na, nb) in totals.items():
        denom = max(na, nb) or 1
        summary["categories"][cat] = {"matched": matched, "ast": na, "ours": nb, "agreement": round(matched / denom, 5)}
    if args.summary_json:
        print(json.dumps(summary, sort_keys=True))
    else:
        print(f"{files} files compared, {skipped} not parsable by CPython, {missing} missing from mlaudit output")
        for cat, c in summary["categories"].items():
            print(f"  {cat:11s} agreement {c['agreement']*100:7.3f}%  matched {c['matched']}  ast {c['ast']}  ours {c['ours']}")
        for cat, ds in diffs.items():
            for rel, side, x in ds[: args.show]:
                print(f"  [{cat}] {rel}: {side}: {x}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
