#!/usr/bin/env bash
# Benchmark: `fremskritt transcribe` against the bare Whisper.net loop on the same model and 16 kHz WAV.
#
#   scripts/bench/transcribe.sh                          # tiny random-weight model (written by whisper-bare)
#   WHISPER_MODEL=/models/ggml-base.bin scripts/bench/transcribe.sh   # a real ggml model instead
#
# 1. Builds the CLI and scripts/bench/whisper-bare (the reference, not in the solution) in Release.
# 2. Writes the tiny random-weight Whisper model (TinyWhisperModel, seed 1) unless WHISPER_MODEL is set.
# 3. Generates (once, cached in .bench/) a 10:00 Norwegian speech recording with espeak-ng (voice nb) + sox:
#    sentences looped, two voices, varying speed, natural pauses between sentences and longer ones between topics.
# 4. Ingests it once into a temporary content root (transcription off) to get the normalised 16 kHz mono WAV.
# 5. Times, wall clock, RUNS times each (default 2), interleaved, best (min) kept:
#    (a) project:   dotnet fremskritt.dll transcribe --content DIR --force --set ...ActiveModel=MODEL --set ...Threads=2
#                   --set Transcription:UseGlossary=false (the bare loop has no prompt either: like for like)
#                   [--set Transcription:TemperatureIncrement=0 with the tiny model]
#    (b) reference: dotnet whisper-bare.dll MODEL WAV [--no-fallback with the tiny model]
#                   = WhisperFactory.FromPath + WithLanguage("no").WithThreads(2)[.WithTemperatureInc(0f)]
#                     + one ProcessAsync over the whole WAV, counting segments
#    Both are `dotnet X.dll` processes, so both pay the same runtime startup and model load.
#    With a real model neither side turns the temperature fallback off (both use the defaults).
# 6. Prints audio duration, times, real-time factors, the project's overhead vs the bare loop (wall clock; also by
#    user+system CPU time, which other load on the machine distorts less), segment counts.
#
# Environment:
#   WHISPER_MODEL=PATH    benchmark this real ggml model instead of the tiny random one
#   BENCH_RUNS=2          runs per side (the minimum counts)
#   BENCH_THREADS=2       Whisper threads on both sides
#   BENCH_KEEP=1          keep the run folder (content root, logs) and print its path
#   BENCH_SKIP_BUILD=1    use the existing Release builds
#
# Exit status: 0 when the benchmark ran (even if the goal is missed), non-zero when a command failed.
set -euo pipefail
export GGML_NO_BACKTRACE=1   # an abort in ggml must not try to attach gdb

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
BENCH="$REPO/.bench"
RUNS="${BENCH_RUNS:-2}"
THREADS="${BENCH_THREADS:-2}"
DURATION=600           # 10:00 exactly
GOAL_PCT=5

# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

# ---------------------------------------------------------------------------------------------- tools
bench_setup
bench_workdir transcribe

# -------------------------------------------------------------------------------------------- 1. build
CLI_DLL="$REPO/src/DigitaleFremskritt.Cli/bin/Release/net10.0/fremskritt.dll"
BARE_DLL="$SCRIPT_DIR/whisper-bare/bin/Release/net10.0/whisper-bare.dll"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    bench_build "$REPO/src/DigitaleFremskritt.Cli" cli
    bench_build "$SCRIPT_DIR/whisper-bare" bare
fi
[[ -f "$CLI_DLL" ]] || die "no $CLI_DLL"
[[ -f "$BARE_DLL" ]] || die "no $BARE_DLL"
fremskritt() { (cd "$REPO" && dotnet "$CLI_DLL" "$@"); }
bare() { (cd "$REPO" && dotnet "$BARE_DLL" "$@"); }

# -------------------------------------------------------------------------------------------- 2. model
if [[ -n "${WHISPER_MODEL:-}" ]]; then
    [[ -f "$WHISPER_MODEL" ]] || die "WHISPER_MODEL=$WHISPER_MODEL is not a file"
    MODEL="$(cd "$(dirname "$WHISPER_MODEL")" && pwd)/$(basename "$WHISPER_MODEL")"
    REAL=1
    MODEL_DESC="$(basename "$MODEL") (real model from WHISPER_MODEL, $(du -h "$MODEL" | cut -f1))"
    PROJECT_EXTRA=()     # defaults: temperature fallback on, as in production
    BARE_EXTRA=()
else
    MODEL="$WORK/tiny-whisper.bin"
    log "writing the tiny random-weight model..."
    bare --write-tiny-model "$MODEL" 1 >"$WORK/model.log" 2>&1 || { cat "$WORK/model.log" >&2; die "writing the tiny model failed"; }
    [[ -s "$MODEL" ]] || die "whisper-bare wrote no model"
    REAL=0
    MODEL_DESC="tiny random-weight model (TinyWhisperModel seed 1, $(du -h "$MODEL" | cut -f1)), temperature fallback off"
    PROJECT_EXTRA=(--set Transcription:TemperatureIncrement=0)
    BARE_EXTRA=(--no-fallback)
fi

# ------------------------------------------------------------------------------------- 3. test recording
SENTENCES=(
    "Gevinstrealisering handler om å sikre at digitaliseringsprosjektene i kommunen faktisk gir bedre tjenester for innbyggerne."
    "Endringsledelse er like viktig som teknologien. De ansatte må forstå hvorfor arbeidsprosessene endres."
    "I Trøndelag samarbeider kommunene om felles løsninger for digital post, velferdsteknologi og saksbehandling."
    "Når vi måler gevinstene, ser vi på tidsbruk, kvalitet og brukertilfredshet, ikke bare på kroner spart."
    "Mange små kommuner mangler kompetanse, og derfor er regionale nettverk avgjørende for å lykkes med digital transformasjon."
    "Lederne må sette av tid til opplæring, ellers blir det nye fagsystemet bare en dyrere versjon av det gamle."
    "Hvordan kan vi dele data trygt mellom kommune, fylkeskommune og stat uten å svekke personvernet?"
    "Det handler om mennesker, ikke bare om teknologi. Gevinstene kommer når vi endrer måten vi jobber på."
)
RATE=22050             # espeak-ng's native rate; ingest makes the 16 kHz WAV

generate_recording() {
    local dest="$1" gen n i r voice speed pitch gap seg block
    gen="$WORK/gen"
    mkdir -p "$gen"
    # Three rounds of all sentences, two alternating voices (a conversation), varying speed and pitch. Pauses:
    # 0.3-1.5 s between sentences (some shorter than the VAD's merge gap, some longer), 3 s between topics.
    local parts=()
    for r in 0 1 2; do
        for i in "${!SENTENCES[@]}"; do
            n=$((r * ${#SENTENCES[@]} + i))
            if (((i + r) % 2)); then voice="nb+f3"; else voice="nb"; fi
            speed=$((145 + (i * 7 + r * 11) % 35))
            pitch=$((35 + (i * 13 + r * 17) % 35))
            if ((i % 4 == 3)); then
                gap=3.0
            else
                gap="$(awk -v k="$n" 'BEGIN { printf "%.2f", 0.3 + ((k * 37) % 120) / 100 }')"
            fi
            seg="$(printf '%s/seg%02d' "$gen" "$n")"
            espeak-ng -v "$voice" -s "$speed" -p "$pitch" -w "$seg.raw.wav" "${SENTENCES[$i]}"
            sox "$seg.raw.wav" -e floating-point -b 32 "$seg.wav" rate -v "$RATE" gain -n -3 pad 0 "$gap"
            parts+=("$seg.wav")
        done
    done
    block="$gen/block.wav"
    sox "${parts[@]}" "$block"
    local block_seconds repeats
    block_seconds="$(soxi -D "$block")"
    repeats="$(awk -v d="$block_seconds" -v t="$DURATION" 'BEGIN { n = int(t / d); if (n * d < t) n++; print n }')"
    log "  speech block ${block_seconds}s, looped ${repeats}x"
    sox "$block" "$gen/looped.wav" repeat $((repeats - 1)) trim 0 "$DURATION"
    # Quiet room tone under everything (far below the VAD threshold after loudness normalisation).
    sox -n -r "$RATE" -c 1 -e floating-point -b 32 "$gen/noise.wav" synth "$DURATION" pinknoise gain -66
    sox -m "$gen/looped.wav" "$gen/noise.wav" -r "$RATE" -c 1 -e signed-integer -b 16 "$dest.tmp.wav" \
        gain -6 trim 0 "$DURATION"
    mv "$dest.tmp.wav" "$dest"
    rm -rf "$gen"
}

recording_ok() {
    local f="$1"
    [[ -s "$f" ]] || return 1
    [[ "$(soxi -c "$f")" == 1 && "$(soxi -r "$f")" == "$RATE" && "$(soxi -s "$f")" == $((DURATION * RATE)) ]]
}

INPUT="$BENCH/speech-10min-nb.wav"
if recording_ok "$INPUT"; then
    log "using cached test recording $INPUT"
else
    log "generating 10-min Norwegian test recording (espeak-ng nb + sox)..."
    t0="$(now)"
    generate_recording "$INPUT"
    recording_ok "$INPUT" || die "generated recording $INPUT has the wrong format or length"
    log "  done in $(elapsed "$t0" "$(now)") s"
fi

# ------------------------------------------------------------------------------------------- 4. ingest
CONTENT="$WORK/content"
mkdir -p "$CONTENT/ingest"
cp "$INPUT" "$CONTENT/ingest/Transkripsjonstest.wav"
log "ingesting into $CONTENT (transcription off)..."
t0="$(now)"
fremskritt ingest --content "$CONTENT" --settle 0 --set Transcription:Enabled=false >"$WORK/ingest.log" 2>&1 \
    || { tail -40 "$WORK/ingest.log" >&2; die "fremskritt ingest failed"; }
log "  done in $(elapsed "$t0" "$(now)") s"
shopt -s nullglob
yamls=("$CONTENT"/*/episode.yaml)
shopt -u nullglob
((${#yamls[@]} == 1)) || { tail -40 "$WORK/ingest.log" >&2; die "expected one episode.yaml in $CONTENT, found ${#yamls[@]}"; }
EPISODE_YAML="${yamls[0]}"
SLUG="$(basename "$(dirname "$EPISODE_YAML")")"
WAV_REL="$(awk '
    /^  transcriptionWav:/ { inwav = 1; next }
    inwav && /^  [^ ]/ { inwav = 0 }
    inwav && $1 == "path:" { print $2; exit }' "$EPISODE_YAML")"
[[ -n "$WAV_REL" ]] || { cat "$EPISODE_YAML" >&2; die "no media.transcriptionWav.path in $EPISODE_YAML"; }
WAV="$CONTENT/$WAV_REL"
[[ -s "$WAV" ]] || die "transcription WAV $WAV does not exist"
[[ "$(soxi -r "$WAV")" == 16000 && "$(soxi -c "$WAV")" == 1 ]] || die "$WAV is not 16 kHz mono"
AUDIO_S="$(soxi -D "$WAV")"
log "  episode '$SLUG', transcription WAV $WAV_REL (${AUDIO_S} s)"

# ------------------------------------------------------------------------------------------- 5. timing
# Runs a command with bash's `time` (wall, user and system CPU of it and its children); output to $1.
TIMEFORMAT='%R %U %S'
timed() { # out-file command... ; sets T_WALL, T_CPU, T_RC
    local out="$1" tfile="$1.time" rc=0 wall user sys
    shift
    { time "$@" >"$out" 2>&1 || rc=$?; } 2>"$tfile"
    read -r wall user sys <"$tfile"
    T_WALL="$(awk -v w="$wall" 'BEGIN { printf "%.2f", w }')"
    T_CPU="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    T_RC=$rc
}

P_T="" P_CPU="" P_SEG=""
run_project() { # run-number; sets P_T (wall s), P_CPU (user+sys s) and P_SEG
    local out="$WORK/project-$1.log" rc
    timed "$out" fremskritt transcribe --content "$CONTENT" --force \
        --set "Transcription:Models:ActiveModel=$MODEL" --set "Transcription:Threads=$THREADS" \
        --set Transcription:UseGlossary=false "${PROJECT_EXTRA[@]}"
    rc=$T_RC
    if ((rc != 0)); then
        sed 's/^/    | /' "$out" >&2
        die "fremskritt transcribe exited with $rc"
    fi
    P_SEG="$(sed -n "s/^transcribed $SLUG: \([0-9][0-9]*\) segments.*/\1/p" "$out" | tail -1)"
    if [[ -z "$P_SEG" ]]; then
        sed 's/^/    | /' "$out" >&2
        die "fremskritt transcribe did not report '$SLUG' as transcribed"
    fi
    for ext in vtt srt txt json; do
        [[ -s "$CONTENT/$SLUG/transcript.$ext" ]] || die "fremskritt transcribe did not write transcript.$ext"
    done
    P_T="$T_WALL"
    P_CPU="$T_CPU"
}

B_T="" B_CPU="" B_SEG="" B_INNER=""
run_bare() { # run-number; sets B_T (wall s), B_CPU, B_SEG and B_INNER (in-process wall s, after runtime startup)
    local out="$WORK/bare-$1.log" rc
    timed "$out" bare "$MODEL" "$WAV" "${BARE_EXTRA[@]}"
    rc=$T_RC
    if ((rc != 0)); then
        sed 's/^/    | /' "$out" >&2
        die "whisper-bare exited with $rc"
    fi
    B_SEG="$(sed -n 's/^segments \([0-9][0-9]*\)$/\1/p' "$out")"
    B_INNER="$(sed -n 's/^seconds \([0-9.]*\)$/\1/p' "$out")"
    [[ -n "$B_SEG" && -n "$B_INNER" ]] || { sed 's/^/    | /' "$out" >&2; die "whisper-bare printed no summary"; }
    B_T="$T_WALL"
    B_CPU="$T_CPU"
}

P_BEST="" B_BEST="" B_INNER_BEST="" P_CPU_BEST="" B_CPU_BEST=""
P_TIMES=() B_TIMES=()
for ((run = 1; run <= RUNS; run++)); do
    log "project run $run/$RUNS..."
    run_project "$run"
    log "  ${P_T} s (CPU ${P_CPU} s), ${P_SEG} segments"
    P_TIMES+=("$P_T")
    P_BEST="$(minof "$P_BEST" "$P_T")"
    P_CPU_BEST="$(minof "$P_CPU_BEST" "$P_CPU")"

    log "bare Whisper.net run $run/$RUNS..."
    run_bare "$run"
    log "  ${B_T} s (${B_INNER} s in process, CPU ${B_CPU} s), ${B_SEG} segments"
    B_TIMES+=("$B_T")
    B_BEST="$(minof "$B_BEST" "$B_T")"
    B_CPU_BEST="$(minof "$B_CPU_BEST" "$B_CPU")"
    B_INNER_BEST="$(minof "$B_INNER_BEST" "$B_INNER")"
done

# ------------------------------------------------------------------------------------------- 6. report
rtf() { awk -v t="$1" -v a="$AUDIO_S" 'BEGIN { printf "%.4f", t / a }'; }
speed() { awk -v t="$1" -v a="$AUDIO_S" 'BEGIN { printf "%.1fx", a / t }'; }
pct() { awk -v p="$1" -v b="$2" 'BEGIN { printf "%+.1f", (p - b) / b * 100 }'; }
OVERHEAD="$(pct "$P_BEST" "$B_BEST")"
CPU_OVERHEAD="$(pct "$P_CPU_BEST" "$B_CPU_BEST")"
GOAL_OK="$(awk -v o="$OVERHEAD" -v g="$GOAL_PCT" 'BEGIN { print (o + 0 <= g + 1e-9) ? "MET" : "MISSED" }')"
{
    echo
    echo "=== transcription benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Whisper.net 1.9.1 CPU, $THREADS threads) ==="
    echo "model: $MODEL_DESC"
    echo "audio: $(basename "$INPUT") -> normalised 16 kHz mono WAV, $(awk -v a="$AUDIO_S" 'BEGIN { printf "%.1f s (%d:%02d)", a, int(a / 60), int(a) % 60 }')"
    echo
    printf '%-34s %20s %20s\n' "" "project" "bare loop"
    printf '%-34s %20s %20s\n' "wall time, best of $RUNS (s)" "$P_BEST" "$B_BEST"
    printf '%-34s %20s %20s\n' "all runs (s)" "$(IFS=/; echo "${P_TIMES[*]}")" "$(IFS=/; echo "${B_TIMES[*]}")"
    printf '%-34s %20s %20s\n' "real-time factor (time / audio)" "$(rtf "$P_BEST")" "$(rtf "$B_BEST")"
    printf '%-34s %20s %20s\n' "speed (audio / time)" "$(speed "$P_BEST")" "$(speed "$B_BEST")"
    printf '%-34s %20s %20s\n' "segments" "$P_SEG" "$B_SEG"
    printf '%-34s %20s %20s\n' "CPU time user+sys, best (s)" "$P_CPU_BEST" "$B_CPU_BEST"
    printf '%-34s %20s %20s\n' "in-process wall time, best (s)" "-" "$B_INNER_BEST"
    echo
    echo "project: VAD speech regions only, hallucination filter, writes transcript.vtt/.srt/.txt/.json + episode.yaml"
    echo "bare:    one ProcessAsync over the whole WAV, segments counted, nothing written"
    if ((REAL)); then
        echo "real model speed: project $(speed "$P_BEST") real time (RTF $(rtf "$P_BEST")), bare loop $(speed "$B_BEST") real time (RTF $(rtf "$B_BEST"))"
    else
        echo "NOTE: random-weight model: it decodes gibberish, and how many tokens/windows it decodes depends on the audio it"
        echo "      is given (regions vs whole file), so the two sides do different amounts of decoding work; the numbers"
        echo "      show pipeline overhead at best roughly. Run with WHISPER_MODEL=/path/to/ggml-model.bin for real figures."
    fi
    echo
    echo "project overhead vs bare loop: ${OVERHEAD}% ((project - bare) / bare; negative = faster, e.g. VAD skipping silence)"
    echo "(by CPU time, less sensitive to other load on the machine: ${CPU_OVERHEAD}%)"
    echo "goal: overhead <= ${GOAL_PCT}% => ${GOAL_OK}"
}
exit 0
