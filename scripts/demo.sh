#!/usr/bin/env bash
# The main job on sample recordings: makes Norwegian sample episodes (espeak-ng, voice nb) with sidecars,
# drops them into an ingest folder together with a broken file and a duplicate, and runs `fremskritt ingest`.
#
#   scripts/demo.sh                  # content root .demo/content (recreated on every run)
#   DEMO_CONTENT=/srv/df scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
scripts/setup.sh

content="${DEMO_CONTENT:-$repo/.demo/content}"
if [ -z "${DEMO_CONTENT:-}" ]; then
  rm -rf "$content"   # only the default demo folder is ever removed
fi
mkdir -p "$content/ingest"

echo "== building fremskritt"
build_log="$(mktemp)"
if ! dotnet build src/DigitaleFremskritt.Cli -c Release --no-restore -v quiet -nologo >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  rm -f "$build_log"
  echo "demo: dotnet build failed (see above)" >&2
  exit 1
fi
rm -f "$build_log"
cli="$repo/src/DigitaleFremskritt.Cli/bin/Release/net10.0/fremskritt.dll"
fremskritt() { dotnet "$cli" "$@"; }

echo
echo "== 0. a Whisper model for transcription?"
if fremskritt models verify >/dev/null 2>&1 \
  || { [ -n "${DEMO_DOWNLOAD_MODEL-base}" ] && timeout 900 dotnet "$cli" models download "${DEMO_DOWNLOAD_MODEL-base}" 2>&1 | tail -1 && fremskritt models verify >/dev/null 2>&1; }; then
  echo "   a model is available: the samples are transcribed for real by Whisper"
  transcripts=0
else
  echo "   no model configured and none could be downloaded (no network beyond the package registries?):"
  echo "   the samples carry the producer's own transcripts (.vtt made from the known script and timing)"
  transcripts=1
fi

echo
echo "== 1. a producer drops recordings (with metadata sidecars) into $content/ingest"
WITH_TRANSCRIPTS=$transcripts scripts/demo/make-samples.sh "$content/ingest"
# Two things a real ingest folder also gets: a file that is not audio at all, and the same recording twice.
printf 'Dette er et notat, ikke et lydopptak.\n' > "$content/ingest/ødelagt opptak.mp3"
sleep 1
cp "$content/ingest/Gevinstrealisering i praksis.wav" "$content/ingest/gevinst-kopi.wav"
ls -1 "$content/ingest"

echo
echo "== 2. fremskritt ingest: archive -> normalise (loudness, MP3, 16 kHz WAV, MP4, poster, waveform) -> episode"
set +e
fremskritt ingest --content "$content" --settle 1
status=$?
set -e
echo "(ingest exit code: $status — non-zero because one file was rejected, as expected)"

echo
echo "== 3. what the producer gets"
echo "-- episode folders (text, meant for git):"
for dir in "$content"/*/; do
  [ -f "$dir/episode.yaml" ] && echo "   $(basename "$dir")/  $(ls "$dir" | tr '\n' ' ')"
done
first="$(ls -d "$content"/*/ | while read -r d; do [ -f "$d/episode.yaml" ] && echo "$d"; done | head -1)"
echo "-- $(basename "$first")/episode.yaml:"
sed 's/^/   /' "$first/episode.yaml" | head -40
echo "-- transcript of $(basename "$first") (transcript.vtt, first cues; also .srt, .txt and Podcasting 2.0 .json):"
sed 's/^/   /' "$first/transcript.vtt" 2>/dev/null | head -12 || echo "   (transcript pending)"
echo "-- rejected recordings, untouched, with the reason beside them:"
for f in "$content"/ingest/failed/*.error.txt; do echo "   $(head -1 "$f")"; done
echo "-- archived originals and media store: $(find "$content/media" -type f | wc -l) files, $(du -sh "$content/media" | cut -f1)"

echo
echo "== 4. QC reports can be shown again at any time"
echo "   dotnet run --project src/DigitaleFremskritt.Cli -- qc --content \"$content\""
fremskritt qc --content "$content" "$(basename "$first")"

if [ "$status" -ne 1 ]; then
  echo "demo: expected exactly the broken file to fail (exit 1), got exit $status" >&2
  exit 1
fi
echo
echo "Demo finished. Content root: $content"
