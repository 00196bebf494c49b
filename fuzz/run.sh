#!/bin/bash
# Builds a libFuzzer target straight from the project's sources (no Package.swift change) and runs it.
#   fuzz/run.sh TARGET SECONDS        TARGET: tokenizer | python-reader | notebook | escaping | redact | yaml-config | remote-url | terminal-text
# Crashing, leaking or slow inputs land in fuzz/regressions/TARGET/ (committed; HostileFuzzRegressionTests replays
# them). The working corpus and logs stay in fuzz/build/ (ignored). The last line printed is a summary with the
# number of executions.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: fuzz/run.sh TARGET SECONDS}
DURATION=${2:-60}
case "$TARGET" in
  tokenizer|python-reader|notebook)
    mapfile -t SOURCES < <(find Sources/MLAuditPython -name '*.swift' | sort) ;;
  escaping)
    SOURCES=(Sources/MLAuditKit/MarkdownEscaping.swift) ;;
  redact)
    mapfile -t SOURCES < <(find Sources/MLAuditFacts/Secrets -name "*.swift" ! -name SecretScan.swift | sort)
    SOURCES+=(Sources/MLAuditKit/MarkdownEscaping.swift) ;;
  yaml-config)
    SOURCES=(Sources/MLAuditFacts/Config/YAMLConfigReader.swift Sources/MLAuditFacts/Config/ConfigEntry.swift) ;;
  remote-url)
    SOURCES=(Sources/MLAuditFacts/Git/RemoteURL.swift) ;;
  terminal-text)
    SOURCES=(Sources/MLAuditKit/TerminalText.swift) ;;
  *) echo "unknown target: $TARGET" >&2; exit 2 ;;
esac
BUILD=fuzz/build
mkdir -p "$BUILD/corpus/$TARGET" "fuzz/regressions/$TARGET"
MODULE=Fuzz$(echo "$TARGET" | tr -d '-')
EXTRA=()
if [ "$TARGET" = yaml-config ]; then
  # Yams from a SwiftPM checkout (run `swift build` once first): libyaml's C compiled with coverage and ASan,
  # Yams' Swift compiled as its own module, both linked into the target.
  YAMS=$(ls -d .build*/checkouts/Yams 2>/dev/null | head -1)
  [ -n "$YAMS" ] || { echo "no Yams checkout under .build*/checkouts: run swift build first" >&2; exit 2; }
  mkdir -p "$BUILD/yams"
  for c in "$YAMS"/Sources/CYaml/src/*.c; do
    nice -n 10 clang -c -O1 -g -DYAML_DECLARE_STATIC -fsanitize=fuzzer-no-link,address -I "$YAMS/Sources/CYaml/include" "$c" -o "$BUILD/yams/$(basename "$c" .c).o"
  done
  nice -n 10 swiftc -c -wmo -sanitize=fuzzer,address -parse-as-library -O -g -module-name Yams -emit-module \
    -emit-module-path "$BUILD/yams/Yams.swiftmodule" -DSWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -I "$YAMS/Sources/CYaml/include" \
    "$YAMS"/Sources/Yams/*.swift -o "$BUILD/yams/Yams.o"
  EXTRA=(-I "$BUILD/yams" -I "$YAMS/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC "$BUILD"/yams/*.o)
fi
echo "building $TARGET from ${#SOURCES[@]} source files" >&2
# The sources come from several stage targets; compiled here as one module, their imports of each other go.
rm -rf "$BUILD/src/$TARGET" && mkdir -p "$BUILD/src/$TARGET"
COPIES=()
for s in "${SOURCES[@]}"; do
  c="$BUILD/src/$TARGET/$(basename "$s")"; sed '/^import MLAudit\(Kit\|Report\|Facts\|Rules\|Remediation\|Render\|Core\)$/d' "$s" >"$c"; COPIES+=("$c")
done
nice -n 10 swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 5 -package-name mlaudit \
  -module-name "$MODULE" "${EXTRA[@]}" "${COPIES[@]}" "fuzz/targets/$TARGET.swift" -o "$BUILD/$TARGET"

# Seeds: the committed seeds for the target plus the project's own fixtures of the right kind.
SEEDS=("fuzz/seeds/$TARGET")
case "$TARGET" in
  tokenizer|python-reader) SEEDS+=(Tests/Fixtures/python Tests/Fixtures/structure) ;;
  notebook) SEEDS+=(Tests/Fixtures/structure) ;;
  yaml-config) [ -d .github/workflows ] && SEEDS+=(.github/workflows) ;;
esac
EXISTING=()
for s in "${SEEDS[@]}"; do [ -d "$s" ] && EXISTING+=("$s"); done

LOG="$BUILD/$TARGET.log"
set +e
nice -n 10 "$BUILD/$TARGET" "$BUILD/corpus/$TARGET" "${EXISTING[@]}" \
  -max_total_time="$DURATION" -timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
  -artifact_prefix="fuzz/regressions/$TARGET/" >"$LOG" 2>&1
STATUS=$?
set -e
RUNS=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$LOG" | grep -Eo '[0-9]+$' | tail -1)
[ -z "$RUNS" ] && RUNS=$(grep -Eo '^#[0-9]+' "$LOG" | tail -1 | tr -d '#')
echo "fuzz $TARGET: ${DURATION}s, ${RUNS:-0} executions, exit $STATUS, log $LOG, regressions: $(ls "fuzz/regressions/$TARGET" | wc -l)"
exit $STATUS
