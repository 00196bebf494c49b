#!/usr/bin/env bash
# The pre-commit proof (issue 13): `pre-commit try-repo` with this checkout's .pre-commit-hooks.yaml fails on a
# repository with a committed token and passes on a clean one. pre-commit installs the hook as
# `language: python`, i.e. `pip install` of this repository, which builds the Swift binary (setup.py); the build
# reuses this checkout's .build-wheel scratch folder through MLAUDIT_SCRATCH_PATH.
#
# Slow and needs PyPI (pre-commit, setuptools), so it is not part of `swift test`; `PackagingScriptTests` runs it
# when MLAUDIT_PRECOMMIT_CHECK=1. Usage: scripts/check-pre-commit.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$(pwd)
work=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
export MLAUDIT_SCRATCH_PATH=${MLAUDIT_SCRATCH_PATH:-$checkout/.build-wheel}
export PRE_COMMIT_HOME="$work/pre-commit-cache"

python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install --quiet pre-commit
precommit="$work/tools/bin/pre-commit"

# try-repo takes the hook definition from the repository's HEAD (plus uncommitted changes): work from a copy
# whose HEAD holds the working tree as it is now.
hooks="$work/hooks-repo"
rm -rf "$hooks"; mkdir -p "$hooks"
(cd "$checkout" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -f "$f" ] && mkdir -p "$hooks/$(dirname "$f")" && cp "$f" "$hooks/$f"; done)
git -C "$hooks" init -q -b main
git -C "$hooks" -c user.name=t -c user.email=t@example.invalid add -A
git -C "$hooks" -c user.name=t -c user.email=t@example.invalid commit -q -m snapshot

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

set +e
(cd "$work/leaky" && "$precommit" try-repo "$hooks" mlaudit --all-files); leaky=$?
(cd "$work/clean" && "$precommit" try-repo "$hooks" mlaudit --all-files); clean=$?
set -e
echo "pre-commit try-repo: leaky -> exit $leaky (want 1, Failed); clean -> exit $clean (want 0, Passed)"
[ "$leaky" = 1 ] && [ "$clean" = 0 ] || { echo "FAIL" >&2; exit 1; }
echo "OK: the hook fails on the committed token and passes on the clean repository"
