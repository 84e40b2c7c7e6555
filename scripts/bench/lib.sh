# Shared helpers for the benchmark scripts (sourced, not run). Expects REPO and BENCH to be set.

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The project's own idempotent set-up installs ffmpeg, sox and espeak-ng (apt) and restores packages.
bench_setup() {
    "$REPO/scripts/setup.sh" >&2
    command -v soxi >/dev/null 2>&1 || die "soxi (package sox) not found"
}

# A scratch folder under .bench/ for this run, removed on exit unless BENCH_KEEP=1. Sets WORK.
bench_workdir() { # name-prefix
    mkdir -p "$BENCH"
    WORK="$(mktemp -d "$BENCH/$1.XXXXXX")"
    trap 'if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept run folder $WORK"; else rm -rf "$WORK"; fi' EXIT
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
minof() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
