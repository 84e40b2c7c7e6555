#!/usr/bin/env bash
# Benchmark: the always-on service. Drops N recordings at once into the ingest folder of a running `fremskritt watch`
# and measures throughput, the service's peak memory and each recording's time from drop to published; against the
# same recordings through the one-shot commands (`fremskritt ingest`, then `fremskritt publish`) in the same run.
#
#   scripts/bench/soak.sh
#
# 1. Builds the CLI in Release.
# 2. Generates (once, cached in .bench/soak-v2-<N>x<S>s/) BENCH_SOAK_N (20) Norwegian speech recordings of
#    BENCH_SOAK_SECONDS (120) seconds each: espeak-ng (voice nb) sentences, looped with sox; each file has its own
#    pitch and level, so each is its own recording (identical bytes would rightly be duplicates).
# 3. Service run: a fresh content root; `fremskritt watch --rescan 5` (local publish target, search index on, no
#    Whisper model: transcripts pending, published with Build:PublishWithoutTranscript=true so the feed is the
#    finish line); once it is watching, all recordings are renamed into the ingest folder at once (the drop time).
#    Polls <content>/state/jobs/*.json until every job is Published; /proc is sampled every 0.2 s for the service's
#    VmHWM and for the largest resident set of the whole process group (the service and its ffmpeg) at one moment.
#    Drop to published per recording = the job's publishedAt - the drop time.
# 4. Reference run: a fresh content root with the same recordings in its ingest folder, then `fremskritt ingest` and
#    `fremskritt publish` one after the other (same settings), timed as one.
# 5. Prints recordings per hour and audio hours per hour for both, the ratio service / reference (wall time), the
#    service's peak memory, and drop-to-published (min, median, p95, max).
#
# Environment: BENCH_SOAK_N=20, BENCH_SOAK_SECONDS=120, BENCH_SOAK_CONCURRENCY=1 (Ingest:Concurrency on both sides),
# BENCH_KEEP=1 (keep the run folder), BENCH_SKIP_BUILD=1.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
BENCH="$REPO/.bench"
N="${BENCH_SOAK_N:-20}"
SECONDS_EACH="${BENCH_SOAK_SECONDS:-120}"
CONCURRENCY="${BENCH_SOAK_CONCURRENCY:-1}"

# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
bench_setup
command -v espeak-ng >/dev/null 2>&1 || die "espeak-ng not found (scripts/setup.sh installs it)"
command -v python3 >/dev/null 2>&1 || die "python3 not found (the job reader and the memory sampler need it)"
bench_workdir soak

SERVICE_PID=""
SAMPLER_PID=""
cleanup() {
    stop_process "memory sampler" "$SAMPLER_PID"
    stop_process "fremskritt watch" "$SERVICE_PID"
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept run folder $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CLI_DLL="$REPO/src/DigitaleFremskritt.Cli/bin/Release/net10.0/fremskritt.dll"
[[ "${BENCH_SKIP_BUILD:-0}" == 1 ]] || bench_build "$REPO/src/DigitaleFremskritt.Cli" cli
[[ -f "$CLI_DLL" ]] || die "no $CLI_DLL"

# ------------------------------------------------------------------------------------------ recordings
CACHE="$BENCH/soak-v2-${N}x${SECONDS_EACH}s"
if [[ ! -f "$CACHE/.complete" ]]; then
    log "generating $N recordings of $SECONDS_EACH s (espeak-ng nb + sox)..."
    rm -rf "$CACHE" && mkdir -p "$CACHE"
    SENTENCES=(
        "Velkommen til Digitale Fremskritt, podkasten om digital transformasjon i kommunene i Trøndelag."
        "I dag snakker vi om gevinstrealisering, og om hvordan kommunene kan måle gevinstene."
        "Tjenestedesign handler om å forstå innbyggernes behov før vi lager nye løsninger."
        "Endringsledelse er krevende, men de ansatte må være med fra starten."
    )
    for ((i = 0; i < N; i++)); do
        pitch=$((30 + (i * 37) % 50))
        for ((k = 0; k < ${#SENTENCES[@]}; k++)); do
            espeak-ng -v nb -s 160 -p "$pitch" -w "$CACHE/s$k.wav" "${SENTENCES[$k]}"
        done
        sox "$CACHE"/s?.wav -r 44100 -c 2 "$CACHE/once.wav" norm -6 pad 0 0.6
        once="$(soxi -D "$CACHE/once.wav")"
        repeats="$(awk -v s="$SECONDS_EACH" -v o="$once" 'BEGIN { r = int(s / o); if (r * o < s) r++; print r - 1 }')"
        gain="$(awk -v i="$i" 'BEGIN { printf "%.1f", -4 - (i % 9) }')"
        sox "$CACHE/once.wav" "$CACHE/opptak-$(printf %03d "$i").wav" repeat "$repeats" trim 0 "$SECONDS_EACH" gain "$gain"
        rm -f "$CACHE"/s?.wav "$CACHE/once.wav"
    done
    touch "$CACHE/.complete"
fi
AUDIO_SECONDS="$(for f in "$CACHE"/opptak-*.wav; do soxi -D "$f"; done | awk '{ s += $1 } END { printf "%.1f", s }')"
log "recordings: $N x ${SECONDS_EACH} s = ${AUDIO_SECONDS} s of audio ($(du -sh "$CACHE" | cut -f1))"

SETTINGS=(--set Ingest:SettleSeconds=1 --set "Ingest:Concurrency=$CONCURRENCY" --set Build:PublishWithoutTranscript=true --set Publish:Target=Local)
fremskritt() { WHISPER_MODEL="" dotnet "$CLI_DLL" "$@"; }

# ------------------------------------------------------------------------------------------ service run
SVC="$WORK/service"
mkdir -p "$SVC/content/ingest" "$SVC/staging"
cp "$CACHE"/opptak-*.wav "$SVC/staging/"
# Started directly (not through the fremskritt function), so $! is the service's own PID for the memory sampler.
WHISPER_MODEL="" dotnet "$CLI_DLL" watch --content "$SVC/content" --rescan 5 "${SETTINGS[@]}" --set "Publish:Local:Folder=$SVC/published" >"$SVC/watch.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 600); do
    grep -q "watching" "$SVC/watch.log" 2>/dev/null && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$SVC/watch.log" >&2; die "fremskritt watch exited"; }
    sleep 0.1
done

# Peak memory: the service's own VmHWM, and the largest sum of VmRSS over its process group at one moment.
python3 - "$SERVICE_PID" "$SVC/memory.txt" <<'EOF' &
import os, sys, time
pid, out = int(sys.argv[1]), sys.argv[2]
hwm = group = 0
def kib(path, key):
    try:
        for line in open(path):
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
def tree(root):
    kids = {}
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                ppid = int(open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except (OSError, IndexError, ValueError):
                pass
    todo, seen = [root], []
    while todo:
        p = todo.pop(); seen.append(p); todo.extend(kids.get(p, []))
    return seen
while os.path.exists(f'/proc/{pid}'):
    hwm = max(hwm, kib(f'/proc/{pid}/status', 'VmHWM:'))
    group = max(group, sum(kib(f'/proc/{p}/status', 'VmRSS:') for p in tree(pid)))
    open(out, 'w').write(f'{hwm} {group}\n')
    time.sleep(0.2)
EOF
SAMPLER_PID=$!

log "service run: dropping $N recordings at once into a running fremskritt watch..."
DROP="$(now)"
for f in "$SVC/staging"/*.wav; do mv "$f" "$SVC/content/ingest/"; done
DROP_ISO="$(python3 -c "import datetime,sys; print(datetime.datetime.fromtimestamp(float(sys.argv[1]), datetime.timezone.utc).isoformat())" "$DROP")"
jobs_report() {
    python3 - "$SVC/content/state/jobs" "$DROP_ISO" "$N" <<'EOF'
import json, os, sys, datetime
folder, drop, n = sys.argv[1], datetime.datetime.fromisoformat(sys.argv[2]), int(sys.argv[3])
jobs = [json.load(open(os.path.join(folder, f))) for f in os.listdir(folder)] if os.path.isdir(folder) else []
done = [j for j in jobs if j.get('stage') == 'Published']
bad = [j for j in jobs if j.get('stage') in ('Rejected', 'Parked')]
times = sorted((datetime.datetime.fromisoformat(j['publishedAt']) - drop).total_seconds() for j in done)
status = 'done' if len(done) == n else ('failed' if bad else 'running')
if times:
    med = times[len(times) // 2]; p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(status, len(done), f'{times[0]:.1f}', f'{med:.1f}', f'{p95:.1f}', f'{times[-1]:.1f}', ';'.join(f"{j['file']}={j['stage']}:{j.get('lastError') or ''}" for j in bad))
else:
    print(status, 0, '-', '-', '-', '-', ';'.join(f"{j['file']}={j['stage']}:{j.get('lastError') or ''}" for j in bad))
EOF
}
while :; do
    read -r STATUS DONE MIN MED P95 MAX BAD < <(jobs_report)
    [[ "$STATUS" == done ]] && break
    [[ "$STATUS" == failed ]] && { tail -20 "$SVC/watch.log" >&2; die "recordings failed: $BAD"; }
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$SVC/watch.log" >&2; die "fremskritt watch exited"; }
    sleep 0.5
done
SVC_WALL="$(awk -v m="$MAX" 'BEGIN { printf "%.2f", m }')"
stop_process "fremskritt watch" "$SERVICE_PID"; SERVICE_PID=""
stop_process "memory sampler" "$SAMPLER_PID"; SAMPLER_PID=""
read -r SVC_HWM SVC_GROUP <"$SVC/memory.txt"

# ------------------------------------------------------------------------------------------ reference run
REF="$WORK/reference"
mkdir -p "$REF/content/ingest"
cp "$CACHE"/opptak-*.wav "$REF/content/ingest/"
log "reference run: fremskritt ingest, then fremskritt publish, on the same recordings..."
R0="$(now)"
fremskritt ingest --content "$REF/content" --no-qc-table "${SETTINGS[@]}" >"$REF/ingest.log" 2>&1 || { tail -20 "$REF/ingest.log" >&2; die "fremskritt ingest failed"; }
fremskritt publish --content "$REF/content" "${SETTINGS[@]}" --set "Publish:Local:Folder=$REF/published" >"$REF/publish.log" 2>&1 || { tail -20 "$REF/publish.log" >&2; die "fremskritt publish failed"; }
REF_WALL="$(elapsed "$R0" "$(now)")"
REF_ITEMS="$(grep -c "<item>" "$REF/published/public/feeds/podcast.xml" || true)"
SVC_ITEMS="$(grep -c "<item>" "$SVC/published/public/feeds/podcast.xml" || true)"

# ------------------------------------------------------------------------------------------ report
per_hour() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n * 3600 / s }'; }
cat <<EOF

=== soak benchmark ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Ingest:Concurrency=$CONCURRENCY) ===
recordings: $N x ${SECONDS_EACH} s of espeak-ng nb speech = $(awk -v s="$AUDIO_SECONDS" 'BEGIN { printf "%.2f", s / 3600 }') h of audio; dropped at once

service (fremskritt watch): drop to last published ${SVC_WALL} s; feed items $SVC_ITEMS
    throughput: $(per_hour "$N" "$SVC_WALL") recordings/hour, $(awk -v a="$AUDIO_SECONDS" -v s="$SVC_WALL" 'BEGIN { printf "%.1f", a / s }') audio hours/hour
    drop to published per recording (s): min $MIN, median $MED, p95 $P95, max $MAX
    peak memory: service $(awk -v k="$SVC_HWM" 'BEGIN { printf "%.0f", k / 1024 }') MiB (VmHWM); service + ffmpeg at one moment $(awk -v k="$SVC_GROUP" 'BEGIN { printf "%.0f", k / 1024 }') MiB
reference (fremskritt ingest; fremskritt publish): ${REF_WALL} s; feed items $REF_ITEMS
    throughput: $(per_hour "$N" "$REF_WALL") recordings/hour, $(awk -v a="$AUDIO_SECONDS" -v s="$REF_WALL" 'BEGIN { printf "%.1f", a / s }') audio hours/hour

ratio wall time service / reference: ${SVC_WALL} / ${REF_WALL} = $(awk -v a="$SVC_WALL" -v b="$REF_WALL" 'BEGIN { printf "%.2f", a / b }')
EOF
