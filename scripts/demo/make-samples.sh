#!/usr/bin/env bash
# Makes the demo's sample recordings from the scripts in samples/*.txt: Norwegian speech from espeak-ng
# (voice nb), one segment per chapter, so the generator knows every chapter's text and start time.
# Writes <file> and a sidecar <file stem>.yaml (title, show, date, speakers, themes, chapters, ...) into OUT, and,
# unless WITH_TRANSCRIPTS=0, the producer's transcript <file stem>.vtt made from the same known text and timing.
# Usage: make-samples.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: make-samples.sh OUT_DIR}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

yaml_quote() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

for sample in "$here"/samples/*.txt; do
  declare -A meta=()
  chapters=(); texts=()
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '## '*) chapters+=("${line#\#\# }"); texts+=("") ;;
      '# '*) key="${line#\# }"; meta["${key%%:*}"]="${key#*: }" ;;
      '') ;;
      *) texts[${#texts[@]}-1]+="${texts[${#texts[@]}-1]:+ }$line" ;;
    esac
  done < "$sample"

  file="${meta[file]}"; stem="${file%.*}"
  echo "sample: $file"
  segments=(); starts=(); ends=(); t=0
  for i in "${!chapters[@]}"; do
    seg="$work/seg$i.wav"
    espeak-ng -v nb -s 160 -w "$seg.raw.wav" "${texts[$i]}"
    # A short pause after each chapter, as a speaker would make.
    sox -V1 "$seg.raw.wav" "$seg" gain -1 rate 44100 pad 0 0.6
    starts+=("$t")
    ends+=("$(awk -v a="$t" -v b="$(soxi -D "$seg.raw.wav")" 'BEGIN { printf "%.3f", a + b }')")
    t=$(awk -v a="$t" -v b="$(soxi -D "$seg")" 'BEGIN { printf "%.3f", a + b }')
    segments+=("$seg")
  done

  audio="$work/audio.wav"
  sox -V1 "${segments[@]}" -c "${meta[channels]:-2}" "$audio" gain "${meta[gain]:-0}"
  if [ -n "${meta[video]:-}" ]; then
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=s=${meta[video]}:r=25" -i "$audio" -shortest \
      -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 192k "$work/$file"
  else
    cp "$audio" "$work/$file"
  fi

  {
    echo "title: $(yaml_quote "${meta[title]}")"
    echo "show: ${meta[show]}"
    echo "date: ${meta[date]}"
    [ -n "${meta[season]:-}" ] && echo "season: ${meta[season]}"
    [ -n "${meta[episode]:-}" ] && echo "episode: ${meta[episode]}"
    echo "speakers:"; IFS=',' read -ra people <<< "${meta[speakers]}"; for p in "${people[@]}"; do echo "  - $(yaml_quote "$(echo "$p" | xargs)")"; done
    echo "themes:"; IFS=',' read -ra themes <<< "${meta[themes]}"; for th in "${themes[@]}"; do echo "  - $(echo "$th" | xargs)"; done
    echo "description: $(yaml_quote "${meta[description]}")"
    echo "chapters:"
    for i in "${!chapters[@]}"; do
      echo "  - start: \"${starts[$i]}\""
      echo "    title: $(yaml_quote "${chapters[$i]}")"
    done
  } > "$work/$stem.yaml"

  if [ "${WITH_TRANSCRIPTS:-1}" = "1" ]; then
    vtt_time() { awk -v s="$1" 'BEGIN { h = int(s / 3600); m = int((s % 3600) / 60); printf "%02d:%02d:%06.3f", h, m, s - h * 3600 - m * 60 }'; }
    first_speaker="$(echo "${meta[speakers]}" | cut -d, -f1 | xargs)"
    {
      echo "WEBVTT"
      for i in "${!chapters[@]}"; do
        echo
        echo "$(vtt_time "${starts[$i]}") --> $(vtt_time "${ends[$i]}")"
        echo "<v $first_speaker>${texts[$i]}</v>"
      done
    } > "$out/$stem.vtt"
  fi

  # Sidecar first, recording last (renamed into place), as a careful producer would drop them.
  mv "$work/$stem.yaml" "$out/$stem.yaml"
  mv "$work/$file" "$out/.$file.part" && mv "$out/.$file.part" "$out/$file"
  unset meta
done
