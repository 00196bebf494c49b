import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules
/// The generated script's second half: adaptation scan, safe updates, change log, finalisation, main.
/// Kept verbatim in a raw string; `ScriptGenerator` substitutes the audit data once.
package enum ScriptTemplateSteps {
    package static let text = #"""


# ---- Step 2: adaptation scan of the audit's targets ------------------------------------------

def locate(run, path, line, text):
    """Where the audited line is now: ('open', n), ('moved', n) or ('gone', None)."""
    if not os.path.isfile(run.abs(path)):
        return "gone", None
    lines = run.read(path).split("\n")
    want = (text or "").strip()
    if not want:
        return ("open", line) if 1 <= line <= len(lines) else ("gone", None)
    def same(current):
        current = current.strip()
        return current == want or (len(want) >= 150 and current.startswith(want))
    if 1 <= line <= len(lines) and same(lines[line - 1]):
        return "open", line
    for n, current in enumerate(lines, 1):
        if same(current):
            return "moved", n
    return "gone", None


def scan_targets(run):
    still_open = 0
    for finding in AUDIT["findings"]:
        for ev in finding["evidence"]:
            try:
                state, n = locate(run, ev["path"], ev["line"], ev.get("text"))
            except (OSError, ValueError) as exc:
                run.capture("STEP_2:ADAPTATION_SCAN", exc, {"finding": finding["code"], "path": ev["path"]})
                continue
            where = "%s:%s" % (ev["path"], n if n else ev["line"])
            if state == "gone":
                run.changes.append("%s %s: the audited line at %s no longer matches (check that it was resolved)"
                                   % (finding["code"], finding["title"], where))
            else:
                still_open += 1
                moved = " (moved from line %d)" % ev["line"] if state == "moved" else ""
                run.gaps.append("%s [%s] %s at %s%s; fix: %s" % (finding["code"], finding["severity"], finding["title"],
                                                                where, moved, finding["fix"]))
    found = 0
    py_files = walk(run.root, (".py",))
    for pattern in AUDIT["patterns"]:
        rx = re.compile(pattern["regex"])
        sites = []
        for rel in py_files:
            try:
                text = run.read(rel)
            except (OSError, ValueError) as exc:
                run.capture("STEP_2:ADAPTATION_SCAN", exc, {"pattern": pattern["name"], "path": rel})
                continue
            for n, line in enumerate(text.split("\n"), 1):
                if not line.lstrip().startswith("#") and rx.search(line):
                    sites.append("%s:%d" % (rel, n))
        found += len(sites)
        known = set(pattern["sites"])
        new = [s for s in sites if s not in known]
        if sites:
            more = " (+%d more)" % (len(sites) - 5) if len(sites) > 5 else ""
            run.gaps.append("%s: %d site(s) %s%s; %s%s" % (pattern["name"], len(sites), ", ".join(sites[:5]), more,
                                                         pattern["hint"], "; %d not seen by the audit" % len(new) if new else ""))
    for gap in AUDIT["gaps"]:
        run.gaps.append("%s / %s is %s: %s" % (gap["capability"], gap["subfeature"], gap["state"], gap["plan"]))
    print("[2] adaptation scan: %d audited finding location(s) still open, %d pattern site(s), %d capability gap(s)"
          % (still_open, found, len(AUDIT["gaps"])))


# ---- Step 3: safe updates ---------------------------------------------------------------------

def safe_updates(run):
    applied = 0
    for rule in AUDIT["rewrites"]:
        rx = re.compile(rule["regex"])
        for site in rule["sites"]:
            path, _, line = site.rpartition(":")
            try:
                lines = run.read(path).split("\n")
            except (OSError, ValueError) as exc:
                run.capture("STEP_3:SAFE_UPDATES", exc, {"rule": rule["name"], "site": site})
                continue
            n = int(line)
            if not 1 <= n <= len(lines) or not rx.search(lines[n - 1]):
                run.gaps.append("%s: %s no longer matches; skipped" % (rule["name"], site))
                continue
            lines[n - 1] = rx.sub(rule["replacement"], lines[n - 1], count=1)
            if run.plan(path, "\n".join(lines), "%s at %s" % (rule["name"], site)):
                applied += 1
    print("[3] safe updates: %d planned" % applied)


# ---- Step 4: change log -----------------------------------------------------------------------

def change_log(run):
    entry = ["", "### Remediation run %s (%s)" % (run.timestamp, "applied" if run.apply else "dry run"),
             "", "Audit: %s @ %s, %s." % (AUDIT["repository"], AUDIT["commit"] or "uncommitted", AUDIT["generated_by"]), ""]
    entry += ["Changes:"] + (["- " + c for c in run.changes] or ["- none"])
    entry += ["", "Unresolved gaps:"] + (["- " + g for g in run.gaps] or ["- none"])
    if run.errors:
        entry += ["", "Errors captured: %d (see %s)." % (len(run.errors), ERROR_LOG.replace(os.sep, "/"))]
    block = "\n".join(entry) + "\n"
    rel = CHANGE_LOG
    old = run.read(rel) if os.path.isfile(run.abs(rel)) else ""
    if BEGIN in old and END in old and old.index(BEGIN) < old.index(END):
        at = old.index(END)
        new = old[:at].rstrip("\n") + "\n" + block + old[at:]
    else:
        lead = old if not old or old.endswith("\n") else old + "\n"
        title = "" if old else "# Status update change log\n\nHand-written notes go above the generated section.\n"
        new = lead + title + "\n" + BEGIN + "\n" + block + END + "\n"
    run.plan(rel, new)
    print("[4] change log: %d change(s), %d unresolved gap(s) -> %s" % (len(run.changes), len(run.gaps), rel))


# ---- Step 5: finalisation ---------------------------------------------------------------------

def write_atomic(run, rel, text):
    full = run.abs(rel)
    os.makedirs(os.path.dirname(full) or run.root, exist_ok=True)
    mode = os.stat(full).st_mode & 0o7777 if os.path.exists(full) else 0o644
    tmp = full + ".codex-tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, full)


def finalise(run):
    for rel in sorted(run.pending):
        old, new = run.original.get(rel, ""), run.pending[rel]
        if old == new:
            continue
        diff = difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a/" + rel, "b/" + rel)
        sys.stdout.write("".join(diff))
        if run.apply:
            try:
                write_atomic(run, rel, new)
            except OSError as exc:
                run.capture("STEP_5:FINALIZE", exc, {"path": rel})
    if run.apply and run.errors:
        try:
            os.makedirs(run.abs(STATUS_DIR), exist_ok=True)
            with open(run.abs(ERROR_LOG), "a", encoding="utf-8") as fh:
                for record in run.errors:
                    fh.write(json.dumps(record, sort_keys=True) + "\n")
        except OSError as exc:
            sys.stderr.write("cannot append %s: %s\n" % (ERROR_LOG, exc))
    verb = "wrote" if run.apply else "would write (dry run; pass --apply)"
    print("[5] %s %d file(s); %d error(s) captured" % (verb, len(run.pending), len(run.errors)))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Offline Codex remediation workflow orchestrator.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", default=True, help="report planned changes only (default)")
    mode.add_argument("--apply", action="store_true", help="apply the verified diffs, write the safe updates, the change log and the error log")
    parser.add_argument("--root", default=".", help="repository root (default: the current directory)")
    parser.add_argument("--timestamp", default=os.environ.get("MLAUDIT_TIMESTAMP"),
                        help="pin the run timestamp (ISO-8601 UTC)")
    args = parser.parse_args(argv)
    stamp = args.timestamp or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    run = Run(args.root, args.apply, stamp)
    if not os.path.isdir(run.root):
        run.capture("STEP_0:PREPARATION", "no such directory: %s" % args.root, {"root": args.root})
        return 1
    steps = [("STEP_0:ATOMIC_DIFFS", atomic_diffs), ("STEP_1:README_LINK_NORMALISATION", normalise_links), ("STEP_2:ADAPTATION_SCAN", scan_targets),
             ("STEP_3:SAFE_UPDATES", safe_updates), ("STEP_4:CHANGE_LOG", change_log), ("STEP_5:FINALIZE", finalise)]
    for step, func in steps:
        try:
            func(run)
        except Exception as exc:  # every failure becomes an Error Capture prompt; later steps still run
            run.capture(step, "%s: %s" % (type(exc).__name__, exc), {"repository": AUDIT["repository"]})
    return 1 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main())
"""#
}
