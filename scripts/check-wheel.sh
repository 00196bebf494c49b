#!/usr/bin/env bash
# The pip-install proof (issue 13): build the platform wheel with `pip wheel .`, install the checkout with
# `pip install .` into a fresh venv, then, in a shell whose PATH has no Swift toolchain and whose
# LD_LIBRARY_PATH is empty, run `mlaudit --version` and `mlaudit check` on a repository with a committed token
# (exit 1) and on a clean one (exit 0), and show that the binary needs no libswift*.so.
#
# Slow (a release build with --static-swift-stdlib: minutes), so it is not part of `swift test`; the test
# `PackagingScriptTests` runs it when MLAUDIT_WHEEL_CHECK=1. Needs network access to PyPI for setuptools/wheel.
# Usage: scripts/check-wheel.sh [WORKDIR]   (default: a new temporary folder, removed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$(pwd)
work=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
say() { printf '== %s\n' "$*"; }

say "pip wheel . (platform wheel, never py3-none-any)"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip wheel --no-deps --wheel-dir "$work/wheels" "$checkout"
wheel=$(ls "$work"/wheels/mlaudit-*.whl)
echo "$wheel"
case "$wheel" in *-py3-none-any.whl) echo "FAIL: the wheel is tagged py3-none-any" >&2; exit 1 ;; esac
python3 - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
scripts = [n for n in names if ".data/scripts/" in n]
print("wheel scripts:", scripts)
assert any(n.endswith(".data/scripts/mlaudit") for n in scripts), names
PY

say "pip install . into a fresh venv"
python3 -m venv "$work/fresh"
"$work/fresh/bin/python" -m pip install --quiet --upgrade pip
"$work/fresh/bin/python" -m pip install "$checkout"
bin="$work/fresh/bin/mlaudit"
test -x "$bin"

say "ldd: no libswift*.so"
ldd "$bin" || true
if ldd "$bin" 2>/dev/null | grep -qi 'libswift\|libFoundation\|libdispatch'; then
    echo "FAIL: the binary needs the Swift runtime" >&2; exit 1
fi

say "fixture repositories"
token="hf""_""Qm7tZr2KpX9vLw4NcB8sJd3HfY6gTa1UeR5o"
make_repo() {   # make_repo DIR LINE
    mkdir -p "$1/tests"
    printf 'import os\n\nHF_TOKEN = %s\n' "$2" > "$1/app.py"
    printf 'def test_ok():\n    assert True\n' > "$1/tests/test_app.py"
    git -C "$1" init -q -b main
    git -C "$1" -c user.name=t -c user.email=t@example.invalid add -A
    git -C "$1" -c user.name=t -c user.email=t@example.invalid commit -q -m init
}
make_repo "$work/leaky" "\"$token\""
make_repo "$work/clean" 'os.environ["HF_TOKEN"]'

say "without the Swift toolchain: PATH=$work/fresh/bin:/usr/bin:/bin, LD_LIBRARY_PATH empty"
run_clean() { env -i HOME="$work" PATH="$work/fresh/bin:/usr/bin:/bin" LD_LIBRARY_PATH= LANG=C.UTF-8 "$@"; }
run_clean sh -c 'if command -v swift >/dev/null; then echo "FAIL: swift is still on PATH"; exit 1; fi; echo "swift: not on PATH"'
run_clean mlaudit --version
set +e
run_clean mlaudit check "$work/leaky"; leaky=$?
run_clean mlaudit check "$work/clean"; clean=$?
set -e
echo "mlaudit check leaky -> exit $leaky (want 1); clean -> exit $clean (want 0)"
[ "$leaky" = 1 ] && [ "$clean" = 0 ] || { echo "FAIL" >&2; exit 1; }
say "OK: the wheel installs and runs without a Swift toolchain"
