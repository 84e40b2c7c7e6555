#!/usr/bin/env bash
# The main job on sample recordings: makes Norwegian sample episodes (espeak-ng, voice nb) with sidecars,
# drops them into an ingest folder together with a broken file and a duplicate, runs `fremskritt ingest`,
# builds the feeds and publishes: to a local folder, then to Azure Blob Storage — a real account when one is
# configured (FREMSKRITT_Publish__Azure__ConnectionString or ..._AccountUrl), otherwise a local Azurite; previews the
# site; then runs the always-on service (fremskritt watch, status) and, with the local Azurite, the queue scale-out
# (fremskritt watch --queue and two fremskritt worker processes).
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
first=""
for d in "$content"/*/; do
  if [ -f "$d/episode.yaml" ]; then first="$d"; break; fi
done
echo "-- $(basename "$first")/episode.yaml:"
head -40 "$first/episode.yaml" | sed 's/^/   /'
echo "-- transcript of $(basename "$first") (transcript.vtt, first cues; also .srt, .txt and Podcasting 2.0 .json):"
{ head -12 "$first/transcript.vtt" 2>/dev/null || echo "(transcript pending)"; } | sed 's/^/   /'
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
echo "== 5. fremskritt build: RSS feeds (Apple + Podcasting 2.0), transcripts, chapters, cover art, the website"
echo "      (episode pages with player, captions and timestamped transcript; Kommunett themes; regional gatherings)"
echo "      and its Pagefind search index -> $content/out"
fremskritt build --content "$content"
echo "-- the podcast feed's first episode (feeds/podcast.xml):"
awk '/<item>/{on=1} on{print "   " $0} /<\/item>/{exit}' "$content/out/feeds/podcast.xml"

echo
echo "== 6. fremskritt publish: to the local folder $content/published (the default target)"
fremskritt publish --content "$content" | grep -v '^uploaded '
echo "-- publishing again changes nothing:"
fremskritt publish --content "$content" | tail -1

echo
if [ -n "${FREMSKRITT_Publish__Azure__ConnectionString:-}${FREMSKRITT_Publish__Azure__AccountUrl:-}" ]; then
  echo "== 7. fremskritt publish to the configured Azure Storage account"
  fremskritt publish --content "$content" --set Publish:Target=Azure | grep -v '^uploaded '
else
  echo "== 7. fremskritt publish to Azure Blob Storage: no account configured, so a local Azurite stands in"
  azurite_dir="$(mktemp -d)"
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  node_modules/.bin/azurite-blob --silent --loose --skipApiVersionCheck --disableTelemetry --location "$azurite_dir" \
    --blobHost 127.0.0.1 --blobPort "$port" &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true; rm -rf "$azurite_dir"' EXIT
  for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="  # Azurite's public dev key
  export FREMSKRITT_Publish__Azure__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  azure_out="$content/out-azure"
  fremskritt publish --content "$content" --set Publish:Target=Azure --output "$azure_out" | grep -v '^uploaded '
  feed_url="http://127.0.0.1:$port/devstoreaccount1/public/feeds/podcast.xml"
  enclosure="$(curl -fsS "$feed_url" | grep -m1 -o '<enclosure url="[^"]*"' | sed 's/<enclosure url="//; s/"$//')"
  echo "-- a podcast app reads $feed_url and its first enclosure, anonymously:"
  curl -sS -o /dev/null -w "   HEAD %{http_code}, Content-Length %header{content-length}, Content-Type %{content_type}, Accept-Ranges %header{accept-ranges}\n" -I "$enclosure"
  curl -sS -o /dev/null -w "   GET with Range: bytes=0-999 -> %{http_code}, %{size_download} bytes\n" -r 0-999 "$enclosure"
  echo "-- originals went to the private container; anonymous read is refused:"
  originals=("$content"/media/originals/*)
  original="$(basename "${originals[0]}")"
  curl -sS -o /dev/null -w "   GET originals/$original -> %{http_code}\n" "http://127.0.0.1:$port/devstoreaccount1/originals/$original"
fi

echo
echo "== 8. the website, previewed with fremskritt serve (range requests, so seeking works)"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
dotnet "$cli" serve --content "$content" --port "$port" > /dev/null &
serve_pid=$!
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
for page in "" "episodes/$(basename "$first")/" themes/gevinstrealisering/ gatherings/fosenregionen/ search/ pagefind/pagefind.js; do
  curl -sS -o /dev/null -w "   GET /$page -> %{http_code}, %{size_download} bytes\n" "http://127.0.0.1:$port/$page"
done
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
echo "   $(find "$content/out" -name index.html | wc -l) pages, search index $(du -sh "$content/out/pagefind" | cut -f1)"

echo
echo "== 9. fremskritt watch: the always-on service. A producer only drops files; each one goes live by itself"
svc="$(mktemp -d)"
mkdir -p "$svc/ingest"
wait_published() { # folder count
  for _ in $(seq 600); do
    [ "$(grep -l '"stage": "Published"' "$1"/state/jobs/*.json 2>/dev/null | wc -l)" -ge "$2" ] && return 0
    sleep 0.5
  done
  echo "demo: not published within 5 minutes" >&2
  return 1
}
service_settings=(--set Ingest:SettleSeconds=1 --set Watch:DebounceSeconds=0.5 --set Build:Search=false --set Publish:Target=Local)
dotnet "$cli" watch --content "$svc" --rescan 2 "${service_settings[@]}" --set "Publish:Local:Folder=$svc/published" > "$svc/watch.log" 2>&1 &
watch_pid=$!
for _ in $(seq 300); do grep -q "watching" "$svc/watch.log" 2>/dev/null && break; sleep 0.1; done
# The same kind of drop as in step 1: a recording with its sidecar (and its transcript when there is no model).
for f in "$content"/ingest/done/"Gevinstrealisering i praksis".*; do cp "$f" "$svc/ingest/"; done
wait_published "$svc" 1
kill -TERM "$watch_pid"; wait "$watch_pid" 2>/dev/null || true
grep -E "^(info|warn|error): " "$svc/watch.log" | sed 's/^/   /'
echo "-- fremskritt status:"
fremskritt status --content "$svc" | sed 's/^/   /'

if [ -n "${azurite_pid:-}" ]; then
  echo
  echo "== 10. scale-out: fremskritt watch --queue archives and enqueues; two fremskritt worker processes take the jobs"
  qport="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  node_modules/.bin/azurite-queue --silent --loose --skipApiVersionCheck --disableTelemetry --location "$azurite_dir" \
    --queueHost 127.0.0.1 --queuePort "$qport" >/dev/null 2>&1 &
  queue_pid=$!
  for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$qport") 2>/dev/null && break; sleep 0.1; done
  queue_settings=(--set "Queue:ConnectionString=${FREMSKRITT_Publish__Azure__ConnectionString}QueueEndpoint=http://127.0.0.1:$qport/devstoreaccount1;" --set Queue:PollSeconds=0.5)
  qsvc="$(mktemp -d)"
  mkdir -p "$qsvc/ingest"
  dotnet "$cli" watch --queue --content "$qsvc" --rescan 2 "${service_settings[@]}" "${queue_settings[@]}" > "$qsvc/watch.log" 2>&1 &
  qwatch_pid=$!
  for n in 1 2; do
    dotnet "$cli" worker --name "arbeider-$n" --content "$qsvc" "${service_settings[@]}" "${queue_settings[@]}" --set "Publish:Local:Folder=$qsvc/published" > "$qsvc/worker-$n.log" 2>&1 &
    eval "worker${n}_pid=\$!"
  done
  for _ in $(seq 300); do grep -q "taking jobs" "$qsvc/worker-2.log" 2>/dev/null && break; sleep 0.1; done
  for name in "Gevinstrealisering i praksis" "endringsledelse_fosen_råopptak"; do
    for f in "$content"/ingest/done/"$name".*; do [ -e "$f" ] && cp "$f" "$qsvc/ingest/"; done
  done
  expected="$(ls "$qsvc/ingest" | grep -cE '\.(wav|mp3|m4a|flac|mp4|mkv)$')"
  wait_published "$qsvc" "$expected"
  kill -TERM "$qwatch_pid" "$worker1_pid" "$worker2_pid"; wait "$qwatch_pid" "$worker1_pid" "$worker2_pid" 2>/dev/null || true
  kill "$queue_pid" 2>/dev/null || true; wait "$queue_pid" 2>/dev/null || true
  grep -hE "^(info|warn|error): " "$qsvc/watch.log" "$qsvc"/worker-*.log | grep -v "taking jobs\|^info: watching" | sed 's/^/   /'
  echo "   $expected recordings, $(find "$qsvc" -name episode.yaml | wc -l) episodes, $(grep -c '<item>' "$qsvc/published/public/feeds/podcast.xml") items in the podcast feed"
  rm -rf "$qsvc"
fi
rm -rf "$svc"

echo
echo "Demo finished. Content root: $content"
echo "Feeds: $content/out/feeds/  Published (local target): $content/published/public/"
echo "Preview the searchable site:  dotnet $cli serve --content \"$content\"   then open http://localhost:8080/"
echo "  (try the search page with «gevinstene»: the result opens the episode at the moment it is said)"
