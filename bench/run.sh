#!/usr/bin/env bash
# mlaudit benchmark: speed and memory on a large tree, as ratios against references measured in the same run.
#
#   bench/run.sh [CORPUS_DIR ...]
#
# CORPUS_DIR holds checked-out repositories (default: $MLAUDIT_BENCH_CORPUS, else bench/corpus/). The tree is
# built from copies of them until it has >= 20,000 files and >= 8,000 .py files (the project's own sources and
# fixtures stand in when no corpus is given). References: `rg -c 'TODO|FIXME'` and `cat` of every file (whole
# audit); CPython's `tokenize` and `ast.parse` on as many processes as mlaudit has threads, and
# `ruff check --select E9` (Python reader). Each command runs 3 times after a warm-up; the median wall time and the
# largest peak RSS are kept. Nothing here is asserted: the numbers are for reading.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$ROOT/bench/work
mkdir -p "$WORK"
JOBS=$(nproc)

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg; then (apt-get install -y -qq ripgrep >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null)) || true; fi
if ! need ruff; then python3 -m pip install -q ruff >/dev/null 2>&1 || true; fi

echo "building release binary..." >&2
swift build -c release --product mlaudit >&2
BIN=$(swift build -c release --show-bin-path)/mlaudit

corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=("${MLAUDIT_BENCH_CORPUS:-$ROOT/bench/corpus}")
args=(); for c in "${corpora[@]}"; do args+=(--corpus "$c"); done
python3 bench/build_tree.py "$WORK/tree" "${args[@]}" >&2
TREE=$WORK/tree

# measure NAME CMD...: runs 3 times, prints "NAME median_wall_seconds peak_rss_kb median_cpu_seconds"
measure() {
  local name=$1; shift
  local walls=() cpus=() rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/$name.stderr" || true
    read -r w m u s < <(tail -n 1 "$WORK/time.txt")
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); [ "$m" -gt "$rss" ] && rss=$m
  done
  local med cpu
  med=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n 2p)
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p)
  echo "$name $med $rss $cpu"
}

find "$TREE" -type f -not -path '*/.git/*' -print0 | xargs -0 cat >/dev/null   # warm the page cache
results=()
results+=("$(measure audit "$BIN" audit "$TREE" --format json --date 2026-01-01)")
need rg && results+=("$(measure rg rg -c 'TODO|FIXME' "$TREE")")
results+=("$(measure cat bash -c "find '$TREE' -type f -not -path '*/.git/*' -print0 | xargs -0 cat")")
need ruff && results+=("$(measure ruff ruff check --isolated --select E9 --no-cache --quiet --exit-zero "$TREE")")

READER=$(/usr/bin/time -f "%M" -o "$WORK/reader.rss" "$BIN" debug read-python "$TREE" --jobs "$JOBS")
READER_RSS=$(tail -n 1 "$WORK/reader.rss")
CPY=$(python3 bench/cpython_reader.py "$TREE" "$JOBS")

python3 - "$TREE" "$READER" "$CPY" "$READER_RSS" "${results[@]}" <<'PY'
import json, subprocess, sys
tree, reader, cpy, reader_rss = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
rows = {r.split()[0]: (float(r.split()[1]), int(r.split()[2]), float(r.split()[3])) for r in sys.argv[5:]}
files = int(subprocess.run(["git", "-C", tree, "ls-files"], capture_output=True, text=True).stdout.count("\n"))
print(f"tree: {files} files, {reader['files']} .py ({reader['bytes'] / 1e6:.1f} MB of Python)")
print(f"{'command':<8} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
for name, (wall, rss, cpu) in rows.items():
    print(f"{name:<8} {wall:>8.2f} {cpu:>8.2f} {rss / 1024:>12.1f}")
a_wall, a_rss, a_cpu = rows["audit"]
for ref in ("rg", "cat"):
    if ref in rows:
        w, m, c = rows[ref]
        print(f"ratio audit/{ref}: wall {a_wall / max(w, 0.001):.1f}x, CPU {a_cpu / max(c, 0.001):.1f}x, peak RSS {a_rss / max(m, 1):.1f}x")
mb = reader["bytes"] / 1e6
print(f"reader (threads={reader['jobs']}): tokenize {mb / max(reader['tokenize_seconds'], 1e-6):.1f} MB/s, "
      f"tokenize+structure {mb / max(reader['read_seconds'], 1e-6):.1f} MB/s, {reader['rejected']} files rejected, "
      f"peak RSS {reader_rss / 1024:.1f} MB (all sources held in memory)")
print(f"CPython (processes={cpy['jobs']}): tokenize {mb / max(cpy['tokenize_seconds'], 1e-6):.1f} MB/s, "
      f"ast.parse {mb / max(cpy['ast_seconds'], 1e-6):.1f} MB/s")
print(f"ratio CPython tokenize / mlaudit tokenize: wall {cpy['tokenize_seconds'] / max(reader['tokenize_seconds'], 1e-6):.1f}x, "
      f"CPU {cpy['tokenize_cpu_seconds'] / max(reader['tokenize_cpu_seconds'], 1e-6):.1f}x faster")
print(f"ratio CPython ast.parse / mlaudit tokenize+structure: wall {cpy['ast_seconds'] / max(reader['read_seconds'], 1e-6):.1f}x, "
      f"CPU {cpy['ast_cpu_seconds'] / max(reader['read_cpu_seconds'], 1e-6):.1f}x faster")
if "ruff" in rows:
    print(f"ratio mlaudit tokenize+structure / ruff E9 (whole process): wall {reader['read_seconds'] / max(rows['ruff'][0], 1e-6):.2f}x, "
          f"CPU {reader['read_cpu_seconds'] / max(rows['ruff'][2], 1e-6):.2f}x the time")
PY
