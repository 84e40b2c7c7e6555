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

# Stops a background process the script started: SIGTERM, up to 10 s to exit, then SIGKILL; reaps it.
stop_process() { # name pid
    local name="$1" pid="$2"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) ignored SIGTERM for 10 s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# Builds a project in Release into its own bin/, quietly; on failure prints the log's tail and stops. Needs WORK.
bench_build() { # project-dir name
    log "building $1 (Release)..."
    if ! dotnet build "$1" -c Release -nologo -v q >"$WORK/build-$2.log" 2>&1; then
        tail -40 "$WORK/build-$2.log" >&2
        die "dotnet build $1 failed (log above)"
    fi
}
