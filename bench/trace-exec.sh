#!/usr/bin/env bash
# Runs `mlaudit audit`, `explain` and `apply --check` on hostile repositories under `strace -f -e trace=execve`
# and checks that the only programs ever executed are mlaudit itself and git, and that every git runs with the
# hardened overrides (issue 12). Needs strace (apt-get install strace).
#
#   bench/trace-exec.sh [--bin PATH]        # default: .build/debug/mlaudit
#
# Prints one line per fixture and command ("ok" or the offending execve), then a summary; exit 1 on any violation.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/debug/mlaudit
if [[ "${1:-}" == "--bin" ]]; then BIN=$2; fi
BIN=$(realpath "$BIN")
command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)"; exit 2; }

WORK=$(mktemp -d /tmp/mlaudit-trace-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
MARK="$WORK/marker"; mkdir -p "$MARK"
export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
g() { git -c init.defaultBranch=main "$@"; }

project() {  # project DIR: a git repository with a torch.load (so `apply 1` has a diff)
  mkdir -p "$1"; g -C "$1" init -q
  printf 'import torch\n\n\ndef resume(path):\n    return torch.load(path)\n' > "$1/train.py"
  printf '# p\n' > "$1/README.md"
  g -C "$1" add -A; g -C "$1" commit -qm initial
}

# fsmonitor in .git/config
project "$WORK/fsmonitor"; printf '[core]\n\tfsmonitor = "touch %s/fsmonitor"\n' "$MARK" >> "$WORK/fsmonitor/.git/config"
# fsmonitor through include.path and includeIf from tracked files
project "$WORK/include"; mkdir -p "$WORK/include/tools"
printf '[core]\n\tfsmonitor = "touch %s/include"\n' "$MARK" > "$WORK/include/tools/inc"
printf '[include]\n\tpath = ../tools/inc\n[includeIf "onbranch:main"]\n\tpath = ../tools/inc\n' >> "$WORK/include/.git/config"
# clean / smudge / process filters on stat-dirty files
project "$WORK/filter"; printf '*.py filter=evil\n*.md filter=evilproc\n' > "$WORK/filter/.gitattributes"
g -C "$WORK/filter" add -A; g -C "$WORK/filter" commit -qm attrs
printf '[filter "evil"]\n\tclean = "touch %s/clean; cat"\n\trequired = true\n[filter "evilproc"]\n\tprocess = "touch %s/process"\n' "$MARK" "$MARK" >> "$WORK/filter/.git/config"
touch -d '2030-01-01' "$WORK/filter/train.py" "$WORK/filter/README.md"
# log.showSignature + gpg.program on a commit carrying a signature header
project "$WORK/gpg"
sha=$(g -C "$WORK/gpg" cat-file commit HEAD | awk '/^committer /{print; print "gpgsig -----BEGIN PGP SIGNATURE-----"; print " "; print " -----END PGP SIGNATURE-----"; next} {print}' \
      | g -C "$WORK/gpg" hash-object -t commit -w --stdin)
g -C "$WORK/gpg" update-ref refs/heads/main "$sha"
printf '#!/bin/sh\ntouch %s/gpg\nexit 1\n' "$MARK" > "$WORK/gpg-program"; chmod +x "$WORK/gpg-program"
printf '[log]\n\tshowSignature = true\n[gpg]\n\tprogram = %s\n' "$WORK/gpg-program" >> "$WORK/gpg/.git/config"
# fsmonitor inside an embedded submodule's own config
project "$WORK/submodule"; project "$WORK/submodule/vendor/lib"
printf '[submodule "lib"]\n\tpath = vendor/lib\n\turl = https://example.invalid/lib.git\n' > "$WORK/submodule/.gitmodules"
g -C "$WORK/submodule" add .gitmodules vendor/lib 2>/dev/null; g -C "$WORK/submodule" commit -qm sub
printf '[core]\n\tfsmonitor = "touch %s/submodule"\n' "$MARK" >> "$WORK/submodule/vendor/lib/.git/config"
touch -d '2030-01-01' "$WORK/submodule/vendor/lib/train.py"

REQUIRED="core.fsmonitor=false core.hooksPath=/dev/null log.showSignature=false gpg.program=/dev/null diff.external= protocol.allow=never"
fail=0; gits=0
for fx in fsmonitor include filter gpg submodule; do
  for cmd in "audit $WORK/$fx --date 2026-01-02" "explain CAP-CKP-01 $WORK/$fx" "apply 1 $WORK/$fx --check"; do
    log="$WORK/trace-$fx-${cmd%% *}.log"
    # shellcheck disable=SC2086
    strace -f -qq -s 65536 -e trace=execve -o "$log" "$BIN" $cmd >/dev/null 2>&1 || true
    verdict=$(python3 - "$log" "$BIN" "$REQUIRED" "$WORK/$fx" <<'PY'
import re, sys
log, binary, required, repo = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
bad, gits = [], 0
for line in open(log, errors="replace"):
    m = re.search(r'execve\("([^"]*)", \[(.*?)\](, 0x[0-9a-f]+ /\* \d+ vars \*/|, \[.*?\])?\) = (-?\d+)', line)
    if not m or m.group(4) != "0":
        continue
    prog, argv = m.group(1), m.group(2)
    if prog == binary:
        continue
    if prog.endswith("/git"):
        gits += 1
        missing = [r for r in required if f'"-c", "{r}"' not in argv]
        if missing:
            bad.append(f"git without {missing}: {argv[:200]}")
        elif "--git-dir=" not in argv and '"apply"' not in argv:
            # only `git apply --check` in a private temporary copy runs outside the repository
            bad.append(f"git without a pinned --git-dir: {argv[:200]}")
        continue
    bad.append(f"executed {prog}: {argv[:200]}")
print(f"{gits} " + ("ok" if not bad else "FAIL " + " | ".join(bad)))
PY
)
    n=${verdict%% *}; gits=$((gits + n)); v=${verdict#* }
    printf '%-10s %-8s %3s git execs  %s\n' "$fx" "${cmd%% *}" "$n" "$v"
    [[ "$v" == ok ]] || fail=1
  done
done
markers=$(ls "$MARK" | tr "\n" " " | sed "s/ $//")
if [[ -n "$markers" ]]; then echo "MARKERS WRITTEN (a repository command ran): $markers"; fail=1; fi
echo "summary: $gits git executions traced; only mlaudit and git executed: $([[ $fail == 0 ]] && echo yes || echo NO); markers: ${markers:-none}"
exit $fail
