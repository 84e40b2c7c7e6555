#!/usr/bin/env bash
# Benchmark: `fremskritt normalise` against the plain-ffmpeg two-pass loudnorm reference.
#
#   scripts/bench/normalise.sh
#
# 1. Generates (once, cached in .bench/) a 20:00 stereo 44.1 kHz 16-bit speech-like WAV with espeak-ng (voice nb)
#    at about -24 LUFS, with enough true-peak headroom for a purely linear gain to -16 LUFS.
# 2. Builds the CLI in Release.
# 3. Times the project's normalisation and the reference (loudnorm measure pass + linear second pass to MP3 128k
#    + 16 kHz mono WAV), each RUNS times (default 2), interleaved, and keeps the best (min) wall-clock time.
# 4. Measures both MP3s with ebur128 (integrated loudness, true peak) and prints a summary table and the ratio.
#
# Environment:
#   BENCH_RUNS=2          runs per method (the minimum counts)
#   BENCH_LOUD_PEAKS=1    also put two loud knocks (~-3 dBTP) into the recording (separate cache file): a linear
#                         gain to -16 LUFS would then clip, so the project adds a limiter and loudnorm goes dynamic
#   BENCH_KEEP=1          keep the run outputs (printed path) instead of deleting them
#   BENCH_SKIP_BUILD=1    use the existing Release build
#
# Exit status: 0 when the benchmark ran (even if the goal is missed), non-zero when a command failed.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
BENCH="$REPO/.bench"
RUNS="${BENCH_RUNS:-2}"
LOUD_PEAKS="${BENCH_LOUD_PEAKS:-0}"
TARGET_I=-16
TARGET_TP=-1
TARGET_LRA=11
TOLERANCE=0.5
DURATION=1200          # 20:00 exactly
RATE=44100
INPUT_LUFS=-24         # level of the generated recording
MAX_INPUT_TP=-10.5     # true peak ceiling of the generated recording: +8 dB gain keeps it at or below -2.5 dBTP

# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

# ---------------------------------------------------------------------------------------------- tools
bench_setup
bench_workdir run

# ebur128 summary of one file: prints "I TP LRA" (LUFS, dBTP, LU). Per-frame lines stay hidden (framelog=verbose).
measure() {
    local file="$1" out
    out="$(ffmpeg -hide_banner -nostats -i "$file" -map 0:a:0 -af ebur128=peak=true:framelog=verbose -f null - 2>&1)" \
        || { printf '%s\n' "$out" | tail -20 >&2; die "ebur128 measurement of $file failed"; }
    printf '%s\n' "$out" | awk '
        /Summary:/ { s = 1; tp = 0; i = lra = peak = "" }
        s && $1 == "I:" { i = $2 }
        s && $1 == "LRA:" { lra = $2 }
        s && /True peak:/ { tp = 1 }
        s && tp && $1 == "Peak:" { peak = $2 }
        END {
            if (i == "" || peak == "") exit 1
            print i, peak, (lra == "" ? "nan" : lra)
        }' || die "no ebur128 summary for $file"
}

# ------------------------------------------------------------------------------- 1. test recording
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

generate_recording() {
    local dest="$1" gen block mono stereo noise mixed knocks n i r voice speed pitch gap vol seg
    gen="$WORK/gen"
    mkdir -p "$gen"
    # Three rounds of all sentences, two alternating voices, varying speed, pitch, level and pauses.
    local parts=()
    for r in 0 1 2; do
        for i in "${!SENTENCES[@]}"; do
            n=$((r * ${#SENTENCES[@]} + i))
            if (((i + r) % 2)); then voice="nb+f3"; else voice="nb"; fi
            speed=$((145 + (i * 7 + r * 11) % 35))
            pitch=$((35 + (i * 13 + r * 17) % 35))
            gap="$(awk -v k="$n" 'BEGIN { printf "%.2f", 0.35 + ((k * 37) % 90) / 100 }')"
            vol="$(awk -v k="$n" 'BEGIN { printf "%.1f", -((k * 3) % 7) / 2 }')"
            seg="$(printf '%s/seg%02d' "$gen" "$n")"
            espeak-ng -v "$voice" -s "$speed" -p "$pitch" -w "$seg.raw.wav" "${SENTENCES[$i]}"
            sox "$seg.raw.wav" -e floating-point -b 32 "$seg.wav" gain -6 rate -v "$RATE" gain "$vol" pad 0 "$gap"
            parts+=("$seg.wav")
        done
    done
    block="$gen/block.wav"
    sox "${parts[@]}" "$block"
    local block_seconds repeats
    block_seconds="$(soxi -D "$block")"
    repeats="$(awk -v d="$block_seconds" -v t="$DURATION" 'BEGIN { n = int(t / d); if (n * d < t) n++; print n }')"
    log "  speech block ${block_seconds}s, looped ${repeats}x"

    mono="$gen/mono.wav"
    sox "$block" "$mono" repeat $((repeats - 1)) trim 0 "$DURATION"
    # Stereo: right channel 1 dB lower and 0.6 ms later than the left, like a slightly off-centre microphone.
    stereo="$gen/stereo.wav"
    sox "$mono" "$stereo" remix 1v1.0 1v0.89 delay 0 0.0006 trim 0 "$DURATION"
    # Room tone: quiet, independent pink noise in each channel.
    noise="$gen/noise.wav"
    sox -n -r "$RATE" -c 2 -e floating-point -b 32 "$noise" synth "$DURATION" pinknoise gain -68
    mixed="$gen/mixed.wav"
    sox -m -v 1 "$stereo" -v 1 "$noise" -e floating-point -b 32 "$mixed" trim 0 "$DURATION"

    # Level: a gentle 2:1 compression above -20 dBFS (speech processing as in a studio chain), gain to INPUT_LUFS,
    # then, if the true peak is still above MAX_INPUT_TP, a 4x oversampled (true-peak-like) limiter and a small
    # gain correction, so that a purely linear gain of +8 dB to -16 LUFS cannot reach -1 dBTP.
    local lufs tp gain limit
    sox "$mixed" -e floating-point -b 32 "$gen/comp.wav" compand 0.003,0.08 -80,-80,-20,-20,0,-10 0 0 0.003
    read -r lufs tp _ < <(measure "$gen/comp.wav")
    gain="$(awk -v t="$INPUT_LUFS" -v i="$lufs" 'BEGIN { printf "%.2f", t - i }')"
    sox "$gen/comp.wav" -e floating-point -b 32 "$gen/levelled.wav" gain "$gain"
    read -r lufs tp _ < <(measure "$gen/levelled.wav")
    if awk -v p="$tp" -v c="$MAX_INPUT_TP" 'BEGIN { exit !(p > c) }'; then
        log "  true peak ${tp} dBTP at ${lufs} LUFS is above ${MAX_INPUT_TP} dBTP: limiting peaks"
        limit="$(awk -v c="$MAX_INPUT_TP" 'BEGIN { printf "%.4f", 10 ^ ((c - 0.4) / 20) }')"
        ffmpeg -hide_banner -nostats -loglevel error -y -i "$gen/levelled.wav" \
            -af "aresample=176400,alimiter=limit=$limit:attack=1:release=60:level=false,aresample=$RATE" \
            -c:a pcm_f32le "$gen/limited.wav"
        read -r lufs tp _ < <(measure "$gen/limited.wav")
        gain="$(awk -v t="$INPUT_LUFS" -v i="$lufs" 'BEGIN { printf "%.2f", t - i }')"
        sox -V1 "$gen/limited.wav" -e floating-point -b 32 "$gen/levelled.wav" gain "$gain"
    fi
    rm -f "$gen/comp.wav" "$gen/limited.wav" "$mixed" "$stereo" "$mono" "$noise"

    local final_src="$gen/levelled.wav"
    if [[ "$LOUD_PEAKS" == 1 ]]; then
        # Two knocks on the table (40 ms noise bursts near -3 dBFS) at 5:00 and 15:00.
        sox -n -r "$RATE" -c 2 -e floating-point -b 32 "$gen/knock.wav" synth 0.04 whitenoise fade q 0.001 0.04 0.035 gain -4
        sox "$gen/knock.wav" "$gen/knocks.wav" pad 300 299.96 repeat 1
        sox -m -v 1 "$gen/levelled.wav" -v 1 "$gen/knocks.wav" -e floating-point -b 32 "$gen/peaks.wav" trim 0 "$DURATION"
        final_src="$gen/peaks.wav"
    fi
    sox "$final_src" -r "$RATE" -c 2 -e signed-integer -b 16 "$dest.tmp.wav"
    mv "$dest.tmp.wav" "$dest"
    rm -rf "$gen"
}

recording_ok() {
    local f="$1"
    [[ -s "$f" ]] || return 1
    [[ "$(soxi -c "$f")" == 2 && "$(soxi -r "$f")" == "$RATE" && "$(soxi -b "$f")" == 16 \
        && "$(soxi -s "$f")" == $((DURATION * RATE)) ]]
}

if [[ "$LOUD_PEAKS" == 1 ]]; then
    INPUT="$BENCH/speech-20min-stereo-peaks.wav"
else
    INPUT="$BENCH/speech-20min-stereo.wav"
fi
if recording_ok "$INPUT"; then
    log "using cached test recording $INPUT"
else
    log "generating 20-min test recording (espeak-ng nb + sox)..."
    t0="$(now)"
    generate_recording "$INPUT"
    recording_ok "$INPUT" || die "generated recording $INPUT has the wrong format or length"
    log "  done in $(elapsed "$t0" "$(now)") s"
fi
read -r IN_I IN_TP IN_LRA < <(measure "$INPUT")
log "  $(basename "$INPUT"): $(soxi -d "$INPUT"), $(soxi -c "$INPUT") ch, $(soxi -r "$INPUT") Hz, $(soxi -b "$INPUT")-bit;" \
    "I ${IN_I} LUFS, TP ${IN_TP} dBTP, LRA ${IN_LRA} LU"

# -------------------------------------------------------------------------------------------- 2. build
CLI_DIR="$REPO/src/DigitaleFremskritt.Cli/bin/Release/net10.0"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "building src/DigitaleFremskritt.Cli (Release)..."
    if ! dotnet build "$REPO/src/DigitaleFremskritt.Cli" -c Release -nologo -v q >"$WORK/build.log" 2>&1; then
        tail -40 "$WORK/build.log" >&2
        die "dotnet build failed"
    fi
fi
if [[ -x "$CLI_DIR/fremskritt" ]]; then
    FREMSKRITT=("$CLI_DIR/fremskritt")
elif [[ -f "$CLI_DIR/fremskritt.dll" ]]; then
    FREMSKRITT=(dotnet "$CLI_DIR/fremskritt.dll")
else
    die "no fremskritt executable in $CLI_DIR"
fi

STEM="$(basename "$INPUT" .wav)"

# ----------------------------------------------------------------------------------------- 3a. project
PROJECT_RC=0
P_T=""
run_project() { # sets P_T (seconds) and PROJECT_RC; not called in a subshell
    local out="$1" rc=0 t0 t1
    rm -rf "$out"
    t0="$(now)"
    # Run from the repository so the default content root and the show's cover art resolve as in production.
    (cd "$REPO" && "${FREMSKRITT[@]}" normalise "$INPUT" --output "$out" --show podcast \
        --set Ingest:MaxDurationMinutes=240) >"$out.log" 2>&1 || rc=$?
    t1="$(now)"
    if ((rc != 0)); then
        log "  fremskritt normalise exited with $rc; output:"
        sed 's/^/    | /' "$out.log" >&2
        # Exit code 1 with all outputs written is a failed QC verdict (reported below), anything else an error.
        [[ $rc -eq 1 && -s "$out/$STEM.mp3" && -s "$out/$STEM.qc.json" ]] || die "fremskritt normalise failed"
        PROJECT_RC=$rc
    fi
    for f in "$STEM.mp3" "$STEM.16k.wav" "$STEM.qc.json"; do
        [[ -s "$out/$f" ]] || { sed 's/^/    | /' "$out.log" >&2; die "fremskritt normalise did not write $f"; }
    done
    P_T="$(elapsed "$t0" "$t1")"
}

# --------------------------------------------------------------------------------------- 3b. reference
json_field() { sed -n "s/.*\"$1\" : \"\\([^\"]*\\)\".*/\\1/p" "$2" | tail -1; }

run_reference() {
    local out="$1" t0 t1 t2 t3 mi mtp mlra mthr moff
    rm -rf "$out"
    mkdir -p "$out"
    t0="$(now)"
    ffmpeg -hide_banner -nostats -y -i "$INPUT" \
        -af "loudnorm=I=$TARGET_I:TP=$TARGET_TP:LRA=$TARGET_LRA:print_format=json" -f null - >"$out/pass1.log" 2>&1 \
        || { tail -20 "$out/pass1.log" >&2; die "reference loudnorm measuring pass failed"; }
    t1="$(now)"
    mi="$(json_field input_i "$out/pass1.log")"
    mtp="$(json_field input_tp "$out/pass1.log")"
    mlra="$(json_field input_lra "$out/pass1.log")"
    mthr="$(json_field input_thresh "$out/pass1.log")"
    moff="$(json_field target_offset "$out/pass1.log")"
    [[ -n "$mi" && -n "$mtp" && -n "$mlra" && -n "$mthr" && -n "$moff" ]] \
        || { tail -20 "$out/pass1.log" >&2; die "could not parse the loudnorm JSON"; }
    printf '%s %s %s %s %s\n' "$mi" "$mtp" "$mlra" "$mthr" "$moff" >"$out/measured"
    ffmpeg -hide_banner -nostats -y -i "$INPUT" \
        -af "loudnorm=I=$TARGET_I:TP=$TARGET_TP:LRA=$TARGET_LRA:measured_I=$mi:measured_TP=$mtp:measured_LRA=$mlra:measured_thresh=$mthr:offset=$moff:linear=true:print_format=summary" \
        -ar "$RATE" -c:a libmp3lame -b:a 128k "$out/$STEM.mp3" >"$out/pass2.log" 2>&1 \
        || { tail -20 "$out/pass2.log" >&2; die "reference loudnorm second pass failed"; }
    t2="$(now)"
    ffmpeg -hide_banner -nostats -y -i "$INPUT" -ar 16000 -ac 1 -c:a pcm_s16le "$out/$STEM.16k.wav" >"$out/wav16k.log" 2>&1 \
        || { tail -20 "$out/wav16k.log" >&2; die "reference 16 kHz WAV failed"; }
    t3="$(now)"
    printf '%s %s %s %s\n' "$(elapsed "$t0" "$t3")" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "$(elapsed "$t2" "$t3")"
}

# ------------------------------------------------------------------------------------------- 3. timing
P_BEST="" R_BEST="" R1_BEST="" R2_BEST="" R3_BEST=""
P_TIMES=() R_TIMES=()
for ((run = 1; run <= RUNS; run++)); do
    log "project run $run/$RUNS..."
    run_project "$WORK/project-$run"
    t="$P_T"
    log "  ${t} s"
    P_TIMES+=("$t")
    P_BEST="$(minof "$P_BEST" "$t")"
    if [[ "$P_BEST" == "$t" ]]; then P_DIR="$WORK/project-$run"; fi

    log "reference run $run/$RUNS..."
    read -r total p1 p2 p3 < <(run_reference "$WORK/reference-$run")
    log "  ${total} s (measure ${p1} + encode ${p2} + 16k wav ${p3})"
    R_TIMES+=("$total")
    R_BEST="$(minof "$R_BEST" "$total")"
    if [[ "$R_BEST" == "$total" ]]; then R_DIR="$WORK/reference-$run"; fi
    R1_BEST="$(minof "$R1_BEST" "$p1")"
    R2_BEST="$(minof "$R2_BEST" "$p2")"
    R3_BEST="$(minof "$R3_BEST" "$p3")"
    # Keep the disk use flat: drop outputs that are neither the best nor the last run.
    for d in "$WORK"/project-* "$WORK"/reference-*; do
        if [[ -d "$d" && "$d" != "$P_DIR" && "$d" != "$R_DIR" && "$d" != "$WORK/project-$run" && "$d" != "$WORK/reference-$run" ]]; then
            rm -rf "$d" "$d.log"
        fi
    done
done

# ------------------------------------------------------------------------------------------ 4. accuracy
log "measuring the MP3s (ebur128, true peak)..."
read -r P_I P_TP P_LRA < <(measure "$P_DIR/$STEM.mp3")
read -r R_I R_TP R_LRA < <(measure "$R_DIR/$STEM.mp3")

qc_field() { sed -n "s/^  \"$1\": \"\\{0,1\\}\\([^\",]*\\)\"\\{0,1\\},\\{0,1\\}$/\\1/p" "$2" | head -1; }
QC="$P_DIR/$STEM.qc.json"
P_MODE="$(qc_field mode "$QC")"
P_PASSES="$(qc_field encodePasses "$QC")"
P_GAIN="$(qc_field gainDb "$QC")"
P_PASSED="$(qc_field passed "$QC")"
P_REASON="$(sed -n 's/^  "modeReason": "\(.*\)",\{0,1\}$/\1/p' "$QC" | head -1)"

read -r RM_I RM_TP RM_LRA RM_THR RM_OFF <"$R_DIR/measured"
R_TYPE="$(sed -n 's/^Normalization Type: *//p' "$R_DIR/pass2.log" | tail -1)"
[[ -n "$R_TYPE" ]] || R_TYPE="unknown (no summary)"

verdict() { # I TP -> "err lu_ok tp_ok"
    awk -v i="$1" -v p="$2" -v t="$TARGET_I" -v tol="$TOLERANCE" -v c="$TARGET_TP" 'BEGIN {
        e = i - t; a = e < 0 ? -e : e
        printf "%+.2f %s %s %.3f\n", e, (a <= tol + 1e-9 ? "yes" : "NO"), (p <= c + 1e-9 ? "yes" : "NO"), a }'
}
read -r P_ERR P_LU_OK P_TP_OK P_ABS < <(verdict "$P_I" "$P_TP")
read -r R_ERR R_LU_OK R_TP_OK R_ABS < <(verdict "$R_I" "$R_TP")

RATIO="$(awk -v p="$P_BEST" -v r="$R_BEST" 'BEGIN { printf "%.2f", p / r }')"
FASTER_OK="$(awk -v x="$RATIO" 'BEGIN { print (x <= 0.70 ? "yes" : "NO") }')"
# "At least as accurate": meets both limits whenever the reference does, and its loudness error is not larger
# than the reference's by more than the 0.1 LU display resolution of ebur128.
ACCURATE_OK="$(awk -v pl="$P_LU_OK" -v pt="$P_TP_OK" -v rl="$R_LU_OK" -v rt="$R_TP_OK" -v pa="$P_ABS" -v ra="$R_ABS" 'BEGIN {
    ok = 1
    if (rl == "yes" && pl != "yes") ok = 0
    if (rt == "yes" && pt != "yes") ok = 0
    if (pa > ra + 0.1 + 1e-9) ok = 0
    print ok ? "yes" : "NO" }')"

# ------------------------------------------------------------------------------------------- 5. report
{
    echo
    echo "=== normalisation benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3)) ==="
    echo "input: $(basename "$INPUT"), $(soxi -d "$INPUT"), stereo 44.1 kHz 16-bit;" \
        "I ${IN_I} LUFS, TP ${IN_TP} dBTP, LRA ${IN_LRA} LU"
    echo "target: ${TARGET_I} LUFS +/- ${TOLERANCE} LU, true peak <= ${TARGET_TP}.0 dBTP; MP3 128k stereo + 16 kHz mono WAV"
    echo
    printf '%-30s %12s %12s\n' "" "project" "reference"
    printf '%-30s %12s %12s\n' "wall time, best of $RUNS (s)" "$P_BEST" "$R_BEST"
    printf '%-30s %12s %12s\n' "all runs (s)" "$(IFS=/; echo "${P_TIMES[*]}")" "$(IFS=/; echo "${R_TIMES[*]}")"
    printf '%-30s %12s %12s\n' "MP3 integrated (LUFS)" "$P_I" "$R_I"
    printf '%-30s %12s %12s\n' "error vs ${TARGET_I} (LU)" "$P_ERR" "$R_ERR"
    printf '%-30s %12s %12s\n' "MP3 true peak (dBTP)" "$P_TP" "$R_TP"
    printf '%-30s %12s %12s\n' "MP3 LRA (LU)" "$P_LRA" "$R_LRA"
    printf '%-30s %12s %12s\n' "within +/-${TOLERANCE} LU" "$P_LU_OK" "$R_LU_OK"
    printf '%-30s %12s %12s\n' "true peak <= ${TARGET_TP}.0 dBTP" "$P_TP_OK" "$R_TP_OK"
    printf '%-30s %12s %12s\n' "mode" "$P_MODE" "$(tr '[:upper:]' '[:lower:]' <<<"$R_TYPE")"
    echo
    echo "project: gain ${P_GAIN} dB, ${P_PASSES} encode pass(es), qc passed: ${P_PASSED}, exit code ${PROJECT_RC}${P_REASON:+; $P_REASON}"
    echo "reference: best split measure ${R1_BEST} s + encode ${R2_BEST} s + 16k wav ${R3_BEST} s;" \
        "pass 1 measured I ${RM_I} LUFS, TP ${RM_TP} dBTP, LRA ${RM_LRA} LU, thresh ${RM_THR} LUFS, offset ${RM_OFF} LU"
    echo "reference loudnorm second pass: Normalization Type: ${R_TYPE}"
    if [[ "$R_TYPE" == Dynamic ]]; then
        echo "  NOTE: loudnorm fell back to DYNAMIC mode although linear=true was requested (measured TP + gain over ${TARGET_TP} dBTP, or measured LRA over ${TARGET_LRA} LU)."
    fi
    echo
    echo "ratio project/reference: ${RATIO}"
    echo "goal: ratio <= 0.7 and at least as accurate as the reference"
    echo "  ratio <= 0.70: ${FASTER_OK}; at least as accurate: ${ACCURATE_OK} => goal $([[ $FASTER_OK == yes && $ACCURATE_OK == yes ]] && echo MET || echo MISSED)"
}
exit 0
