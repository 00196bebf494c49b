#!/usr/bin/env python3
"""Offline Codex remediation workflow orchestrator.
Written by mlaudit for one audit (below); standard library only; runs nothing from the repository.

  python3 codex_remediation.py                 # dry run: links, diffs checked, open findings; writes nothing
  python3 codex_remediation.py --apply 1,3     # also apply Atomic Diffs 1 and 3 and write the change log
Diffs come from the report (--report: JSON twin or Markdown) and apply only if their SHA-256 is the audit's.
Every write stays inside the repository and passes through no symbolic link. No hosted CI is ever touched.
"""
import argparse, datetime, hashlib, json, os, re, subprocess, sys, tempfile
# BEGIN AUDIT DATA
REPOSITORY, COMMIT, REPORT, STATUS_DIR = "example", None, "status-update-2026-01-01", ".codex/status"
# DIFFS: (number, title, paths, SHA-256 of the patch); FINDINGS: (code, path, line, line SHA-256 prefix, fix).
DIFFS = []
FINDINGS = []
# END AUDIT DATA
SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", "build", "dist", "site-packages"}
HOSTED_CI = re.compile(r"(^|/)(\.github/workflows/|\.gitlab-ci\.ya?ml$|\.circleci/|\.travis\.ya?ml$|Jenkinsfile$)")
LINK = re.compile(r"\]\(\s*<?([^)\s>#]+)(#[^)\s>]*)?>?\s*\)")
GIT = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.attributesFile=/dev/null"]

class Run:
    def __init__(self, root, stamp):
        self.root, self.stamp, self.errors, self.log = os.path.realpath(root), stamp, [], []
    def capture(self, step, error, context):
        prompt = "\n".join([":::", "Question for ChatGPT @codex %s:" % self.stamp,
                            "While performing %s, encountered the following error:" % step, str(error).replace("\n", " "),
                            "Context: %s" % json.dumps(context, sort_keys=True), "What are the possible causes, and how "
                            "can this be resolved while preserving intended functionality?", ":::"])
        self.errors.append({"timestamp": self.stamp, "step": step, "error": str(error), "context": context, "prompt": prompt})
        sys.stderr.write(prompt + "\n")
    def path(self, rel):
        """The absolute path of `rel`, refused unless it and every parent lie inside the root and none is a link."""
        parts = rel.replace(os.sep, "/").split("/")
        if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or HOSTED_CI.search(rel):
            raise ValueError("refused path %r (absolute, `..`, or hosted CI)" % rel)
        full = self.root
        for part in parts:
            full = os.path.join(full, part)
            if os.path.islink(full):
                raise ValueError("refused path %r: %s is a symbolic link" % (rel, os.path.relpath(full, self.root)))
        return full
    def read(self, rel, errors="strict"):
        fd = os.open(self.path(rel), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            return fh.read().decode("utf-8", errors)
    def write(self, rel, text):
        full = self.path(rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)  # path() found no link among the existing parents
        mode = os.lstat(full).st_mode & 0o777 if os.path.lexists(full) else 0o644
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(full), prefix=".codex-")  # O_CREAT|O_EXCL|O_NOFOLLOW
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, full)

def files(root, suffixes):
    for base, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and not os.path.islink(os.path.join(base, d)))
        for name in sorted(names):
            if name.lower().endswith(suffixes) and not os.path.islink(os.path.join(base, name)):
                yield os.path.relpath(os.path.join(base, name), root).replace(os.sep, "/")

def check_links(run):
    """Step 1: relative links in README and docs whose target is missing, with the moved target when unique."""
    by_name, broken = {}, 0
    for rel in files(run.root, ("",)):
        by_name.setdefault(os.path.basename(rel).lower(), []).append(rel)
    for doc in files(run.root, (".md",)):
        lines, fence = run.read(doc, "replace").split("\n"), False
        for n, line in enumerate(lines, 1):
            fence ^= line.lstrip().startswith(("```", "~~~"))
            for m in [] if fence else LINK.finditer(re.sub(r"`[^`]*`", "``", line)):
                target = m.group(1)
                base = os.path.normpath(os.path.join(os.path.dirname(doc), target))
                if "://" in target or target.startswith(("mailto:", "/", "{", "$")) or \
                        any(os.path.exists(os.path.join(run.root, base + s)) for s in ("", ".md", ".mdx")):
                    continue
                broken += 1
                found = by_name.get(os.path.basename(target).lower(), [])
                hint = "(moved to %s?)" % found[0] if len(found) == 1 else "(%d candidates)" % len(found)
                run.log.append("broken link `%s` at %s:%d %s" % (target, doc, n, hint))
    print("[1] links: %d broken relative link(s) in Markdown files" % broken)

def recheck_findings(run):
    """Step 3 (after the diffs): each finding's cited line, found again by its content wherever it moved."""
    still = 0
    for code, rel, line, digest, fix in FINDINGS:
        lines = run.read(rel, "replace").split("\n") if os.path.isfile(os.path.join(run.root, rel)) else []
        at = [n for n, t in enumerate(lines, 1) if hashlib.sha256(t.strip().encode()).hexdigest()[:12] == digest]
        if at:
            still += 1
            run.log.append("%s still open at %s:%d: %s" % (code, rel, min(at, key=lambda n: abs(n - line)), fix))
        else:
            run.log.append("%s: the line cited at %s:%d is gone (check it was fixed)" % (code, rel, line))
    print("[3] findings: %d of %d cited line(s) still present" % (still, len(FINDINGS)))

def patch_text(report, number):
    with open(report, "r", encoding="utf-8") as fh:
        text = fh.read()
    if report.endswith(".json"):
        return json.loads(text)["diffs"][number - 1]["patch"]
    m = re.search(r"^### Atomic Diff %d \u2014 .*?^(`{3,})diff\n(.*?)^\1$" % number, text, re.M | re.S)
    return m.group(2) if m else ""

def git_apply(run, number, paths, digest, report, apply):
    """Applies the patch in a temporary copy (git never runs in the repository), then writes the files back."""
    patch = patch_text(report, number)
    if hashlib.sha256(patch.encode()).hexdigest() != digest:
        raise ValueError("the patch in %s is not the audited one" % report)
    if sorted(set(re.findall(r"^(?:\+\+\+ b/|--- a/)(.+)$", patch, re.M))) != sorted(set(paths)):
        raise ValueError("the patch touches other files than %s" % ", ".join(paths))
    with tempfile.TemporaryDirectory(prefix="codex-apply-") as tmp:
        tree = os.path.join(tmp, "tree")
        for rel in paths:
            os.makedirs(os.path.dirname(os.path.join(tree, rel)), exist_ok=True)
            if os.path.lexists(run.path(rel)):
                with open(os.path.join(tree, rel), "w", encoding="utf-8", newline="") as fh:
                    fh.write(run.read(rel))
        env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
                   GIT_CEILING_DIRECTORIES=tmp, GIT_DIR=os.path.join(tmp, "none"))
        proc = subprocess.run(GIT + ["apply", "--whitespace=nowarn", "-"], cwd=tree, input=patch.encode(), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if proc.returncode:
            raise ValueError("git apply: %s" % proc.stderr.decode(errors="replace").strip()[:300])
        for rel in paths:
            with open(os.path.join(tree, rel), "r", encoding="utf-8", newline="") as fh:
                new = fh.read()
            if rel.endswith(".py"):
                compile(new, rel, "exec")  # parsed, never run
            if apply:
                run.write(rel, new)

def atomic_diffs(run, report, chosen):
    """Step 2: every diff is checked against the current files; only the ones named with --apply are written."""
    for number, title, paths, digest in DIFFS:
        label = "Atomic Diff %d (%s)" % (number, title)
        try:
            git_apply(run, number, paths, digest, report, number in chosen)
            run.log.append("%s %s: %s" % (label, "applied" if number in chosen else "applies cleanly", ", ".join(paths)))
        except (OSError, ValueError, SyntaxError, IndexError, KeyError, subprocess.SubprocessError) as exc:
            run.log.append("%s not applied: %s" % (label, exc))
            if number in chosen:
                run.capture("STEP_2:ATOMIC_DIFF_%d" % number, exc, {"paths": paths, "report": report})
    print("[2] diffs: %d checked, %d named for --apply" % (len(DIFFS), len(chosen)))

def change_log(run, write):
    """Step 4: the change log section and the Error Capture records (written only under --apply)."""
    entry = "\n## %s (%s @ %s)\n\n%s\n" % (run.stamp, REPOSITORY, COMMIT or "uncommitted",
                                          "\n".join("- " + x for x in run.log) or "- nothing open")
    print(entry)
    if not write:
        print("[4] dry run: nothing written (name diffs with --apply N,M)")
        return
    for name, add in (("change_log.md", entry), ("errors.ndjson", "".join(json.dumps(e) + "\n" for e in run.errors))):
        rel = "%s/status_update_%s" % (STATUS_DIR, name)
        if add:
            run.write(rel, (run.read(rel) if os.path.lexists(os.path.join(run.root, rel)) else "") + add)
    print("[4] wrote %s/status_update_change_log.md" % STATUS_DIR)

def main(argv=None):
    ap = argparse.ArgumentParser(description="Offline Codex remediation workflow orchestrator.")
    ap.add_argument("--apply", default="", metavar="N,M", help="apply only these Atomic Diffs (numbers)")
    ap.add_argument("--root", default=".", help="repository root (default: the current directory)")
    ap.add_argument("--report", help="the report holding the diffs (default: %s.json or .md beside this script)" % REPORT)
    ap.add_argument("--timestamp", default=os.environ.get("MLAUDIT_TIMESTAMP"), help="pin the run timestamp")
    args = ap.parse_args(argv)
    chosen = {int(n) for n in args.apply.replace(" ", "").split(",") if n}
    unknown = chosen - {d[0] for d in DIFFS}
    if unknown:
        ap.error("no Atomic Diff %s in this audit" % ", ".join(map(str, sorted(unknown))))
    here = os.path.dirname(os.path.abspath(__file__))
    report = args.report or next((p for p in (os.path.join(d, REPORT + e) for d in (here, os.getcwd()) for e in (".json", ".md"))
                                  if os.path.isfile(p)), REPORT + ".json")
    run = Run(args.root, args.timestamp or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for step, func in (("STEP_1:README_LINK_NORMALISATION", lambda: check_links(run)),
                       ("STEP_2:ATOMIC_DIFFS", lambda: atomic_diffs(run, report, chosen)),
                       ("STEP_3:FINDINGS_RECHECK", lambda: recheck_findings(run)),
                       ("STEP_4:CHANGE_LOG", lambda: change_log(run, bool(chosen)))):
        try:
            func()
        except Exception as exc:  # every failure becomes an Error Capture prompt; later steps still run
            run.capture(step, "%s: %s" % (type(exc).__name__, exc), {"repository": REPOSITORY})
    return 1 if run.errors else 0

if __name__ == "__main__":
    sys.exit(main())
