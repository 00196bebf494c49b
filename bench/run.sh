#!/usr/bin/env bash
# mlaudit benchmark: a full audit of a large tree against ruff E9, rg and cat measured in the same run, the stage
# breakdown, the re-audit after a one-file change, and (SCALE=1) the cost for 1, 4 and all repositories.
#
#   bench/run.sh [TREE]            TREE defaults to $BIG_TREE (see bench/README.md to rebuild the 15-repository tree)
#
# Environment: BIN=path/to/mlaudit (default: a fresh release build), RUNS=N (runs per command, median kept;
# default 1), REAUDIT_REPO=DIR (default TREE/diffusers, else the largest sub-folder), SCALE=1 (scaling table),
# JOBS (default: nproc). Nothing here is asserted: the ratios are for reading. Ratios taken within one run are the
# robust numbers on a shared machine; absolute seconds are not.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=${1:-${BIG_TREE:-}}
[ -n "$TREE" ] && [ -d "$TREE" ] || { echo "usage: bench/run.sh TREE (or set BIG_TREE)" >&2; exit 2; }
TREE=$(cd "$TREE" && pwd)
RUNS=${RUNS:-1}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlaudit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

need() { command -v "$1" >/dev/null 2>&1; }
need rg || echo "note: rg not installed (apt-get install ripgrep); its row is skipped" >&2
need ruff || echo "note: ruff not installed (pip install ruff); its row is skipped" >&2
if [ -z "${BIN:-}" ]; then
  echo "building release binary..." >&2
  swift build -c release --product mlaudit >&2
  BIN=$(swift build -c release --show-bin-path)/mlaudit
fi

# measure NAME CMD...: RUNS runs; prints "NAME wall cpu rss_kb" (median wall and CPU, largest RSS)
measure() {
  local name=$1; shift
  local walls=() cpus=() rss=0 w m u s
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/$name.stderr" || true
    read -r w m u s < <(tail -n 1 "$WORK/time.txt")
    walls+=("$w"); cpus+=("$(python3 -c "print($u + $s)")"); [ "$m" -gt "$rss" ] && rss=$m
  done
  local mid=$(( (RUNS + 1) / 2 ))
  echo "$name $(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "${mid}p") $rss"
}

# an older binary (no fact cache) can be measured too: its audits run without the cache flags
if "$BIN" audit --help 2>&1 | grep -q -- --no-cache; then HAS_CACHE=1; NOCACHE=(--no-cache); else HAS_CACHE=0; NOCACHE=(); fi
AUDIT=("$BIN" audit --out "$WORK/out" --force --date 2026-11-25)

echo "warming the page cache..." >&2
find "$TREE" -type f -not -path '*/.git/*' -print0 | xargs -0 cat >/dev/null
rows=()
rows+=("$(measure mlaudit "${AUDIT[@]}" "$TREE" ${NOCACHE[@]+"${NOCACHE[@]}"})")
need ruff && rows+=("$(measure ruff ruff check --isolated --select E9 --no-cache --quiet --exit-zero "$TREE")")
need rg && rows+=("$(measure rg rg -c 'TODO|FIXME' "$TREE")")
rows+=("$(measure cat bash -c "find '$TREE' -type f -not -path '*/.git/*' -print0 | xargs -0 cat")")

files=$(find "$TREE" -type f -not -path '*/.git/*' | wc -l)
pys=$(find "$TREE" -type f -name '*.py' -not -path '*/.git/*' | wc -l)
echo "tree: $TREE ($files files, $pys .py), $(nproc) cores, runs per command: $RUNS"
python3 - "${rows[@]}" <<'PY'
import sys
rows = {r.split()[0]: (float(r.split()[1]), float(r.split()[2]), int(r.split()[3])) for r in sys.argv[1:]}
print(f"| command | wall s | CPU s | peak RSS MB | wall / ref | CPU / ref | RSS / ref |")
print(f"|---|---:|---:|---:|---:|---:|---:|")
a = rows["mlaudit"]
for name, (w, c, m) in rows.items():
    ratio = lambda x, y: f"{x / max(y, 1e-3):.1f}x"
    extra = "| | | |" if name == "mlaudit" else f"| {ratio(a[0], w)} | {ratio(a[1], c)} | {ratio(a[2], m)} |"
    print(f"| {name} | {w:.2f} | {c:.2f} | {m / 1024:.0f} {extra}")
PY

echo
echo "stage breakdown (MLAUDIT_TRACE=1, one uncached run):"
MLAUDIT_TRACE=1 "${AUDIT[@]}" "$TREE" ${NOCACHE[@]+"${NOCACHE[@]}"} 2>&1 >/dev/null | grep '^mlaudit-trace:' | sed 's/^mlaudit-trace: /  /' || true

# Re-audit: a private copy of one repository (git clone of its work tree, so the tree is never touched)
REPO=${REAUDIT_REPO:-}
if [ -z "$REPO" ]; then
  if [ -d "$TREE/diffusers" ]; then REPO=$TREE/diffusers
  else REPO=$(du -s "$TREE"/*/ 2>/dev/null | sort -n | tail -n 1 | cut -f2); fi
fi
if [ "$HAS_CACHE" = 0 ]; then echo; echo "re-audit: skipped ($BIN has no fact cache)"; REPO=; fi
if [ -n "$REPO" ] && [ -d "$REPO" ]; then
  COPY=$WORK/reaudit
  if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
    git clone -q --local "$REPO" "$COPY" 2>/dev/null || cp -a "$REPO" "$COPY"
  else
    cp -a "$REPO" "$COPY"
  fi
  CACHE=$WORK/cache
  # cold: an empty cache (the run fills it); the last run leaves the cache full for the re-audit
  cold=$(measure cold bash -c "rm -rf '$CACHE'; '$BIN' audit '$COPY' --out '$WORK/out' --force --date 2026-11-25 --cache-dir '$CACHE'")
  victim=$(cd "$COPY" && git ls-files '*.py' 2>/dev/null | sort | sed -n '1~97p' | head -n 1)
  [ -n "$victim" ] || victim=$(cd "$COPY" && find . -name '*.py' | sort | head -n 1)
  printf '\n# bench: one-line change\nBENCH_CHANGED = 1\n' >> "$COPY/$victim"
  warm=$(RUNS=1 measure reaudit "${AUDIT[@]}" "$COPY" --cache-dir "$CACHE")   # once: a second run would find the change cached
  "${AUDIT[@]}" "$COPY" --cache-dir "$CACHE" >/dev/null 2>&1 || true; cp "$WORK"/out/*.json "$WORK/cached.json"; cp "$WORK"/out/*.md "$WORK/cached.md"
  "${AUDIT[@]}" "$COPY" --no-cache >/dev/null 2>&1 || true
  same=no; cmp -s "$WORK/cached.json" "$WORK"/out/*.json && cmp -s "$WORK/cached.md" "$WORK"/out/*.md && same=yes
  python3 - "$cold" "$warm" "$REPO" "$victim" "$same" <<'PY'
import sys
c, w = sys.argv[1].split(), sys.argv[2].split()
print(f"\nre-audit of {sys.argv[3]} after changing {sys.argv[4]}:")
print(f"  cold (empty cache): wall {float(c[1]):.2f} s, CPU {float(c[2]):.2f} s, RSS {int(c[3]) / 1024:.0f} MB")
print(f"  re-audit (cache):   wall {float(w[1]):.2f} s, CPU {float(w[2]):.2f} s, RSS {int(w[3]) / 1024:.0f} MB"
      f" = {float(w[1]) / max(float(c[1]), 1e-3) * 100:.0f}% of the cold wall time")
print(f"  output byte-identical to an uncached run: {sys.argv[5]}")
PY
fi

if [ "${SCALE:-0}" = 1 ]; then
  echo
  echo "scaling (hard-link copies of 1, 4 and all sub-folders, uncached):"
  echo "| repositories | .py files | wall s | CPU s | peak RSS MB |"
  echo "|---:|---:|---:|---:|---:|"
  mapfile -t subs < <(ls -d "$TREE"/*/ | sed 's:/$::' | sort)
  for n in 1 4 ${#subs[@]}; do
    if [ "$n" = "${#subs[@]}" ]; then   # all of them: the full audit measured above
      python3 -c "import sys; n,w,c,m=sys.argv[1:5]; print(f'| $n (the full audit above) | $pys | {float(w):.2f} | {float(c):.2f} | {int(m)/1024:.0f} |')" ${rows[0]}
      continue
    fi
    dest=$WORK/scale-$n; mkdir -p "$dest"
    for s in "${subs[@]:0:$n}"; do cp -al "$s" "$dest/"; done
    r=$(measure "scale$n" "${AUDIT[@]}" "$dest" ${NOCACHE[@]+"${NOCACHE[@]}"})
    py=$(find "$dest" -name '*.py' -not -path '*/.git/*' | wc -l)
    python3 -c "import sys; n,w,c,m=sys.argv[1:5]; print(f'| $n | $py | {float(w):.2f} | {float(c):.2f} | {int(m)/1024:.0f} |')" $r
    rm -rf "$dest"
  done
fi
