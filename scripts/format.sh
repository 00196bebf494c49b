#!/bin/bash
# Formats the Swift sources with the checked-in .swift-format (line length 120), or checks them.
#   scripts/format.sh          rewrite Sources/, Tests/ and Package.swift in place
#   scripts/format.sh --lint   report violations and exit non-zero on any (what a CI step would run)
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=(Package.swift)
while IFS= read -r f; do FILES+=("$f"); done < <(find Sources Tests fuzz/targets -name '*.swift' | sort)
if [ "${1:-}" = "--lint" ]; then
  exec swift format lint --strict --configuration .swift-format "${FILES[@]}"
else
  exec swift format format --in-place --configuration .swift-format "${FILES[@]}"
fi
