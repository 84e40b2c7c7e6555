#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian/Ubuntu machine with the .NET 10 SDK.
# Idempotent and quick when everything is already there; scripts/demo.sh and scripts/test.sh call it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for tool in ffmpeg:ffmpeg ffprobe:ffmpeg sox:sox soxi:sox espeak-ng:espeak-ng node:nodejs npm:npm curl:curl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need_apt+=("${tool##*:}")
done
# Debian's Chromium for the browser tests (Microsoft.Playwright drives it; no `playwright install`).
[ -x /usr/lib/chromium/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  mapfile -t need_apt < <(printf '%s\n' "${need_apt[@]}" | sort -u)
  echo "setup: installing ${need_apt[*]} (apt)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! espeak-ng --voices=nb 2>/dev/null | grep -q ' nb '; then
  echo "setup: espeak-ng has no Norwegian (nb) voice; install espeak-ng-data" >&2
  exit 1
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

# Node tools pinned in package-lock.json (Azurite, Pagefind, the feed parsers the tests use): npm ci once, again when the lock changes.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Restore once; later runs are no-ops unless the project files changed.
stamp=obj/.restore-stamp
if [ ! -f "$stamp" ] || [ -n "$(find . -name '*.csproj' -newer "$stamp" -o -name 'Directory.*.props' -newer "$stamp" | head -1)" ]; then
  echo "setup: dotnet restore"
  dotnet restore DigitaleFremskritt.sln --verbosity quiet
  mkdir -p obj && touch "$stamp"
fi
