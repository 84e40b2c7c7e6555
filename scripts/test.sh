#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests with real ffmpeg, sox and espeak-ng.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Media]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export GGML_NO_BACKTRACE=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test DigitaleFremskritt.sln --no-restore "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies.
awk '/^(Passed|Failed)!/ {
  for (i = 1; i <= NF; i++) {
    if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
  }
} END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
