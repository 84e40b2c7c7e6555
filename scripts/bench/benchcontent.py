"""Shared by the bench content generators (publish.sh, site.sh): files in a content root as the pipeline writes them."""
import hashlib, json, os


class ContentRoot:
    def __init__(self, dest):
        self.dest = dest

    def write(self, rel, data):
        path = os.path.join(self.dest, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def stored(self, data, ext):
        """Into the content-addressed media store: media/<xx>/<sha256>.<ext>."""
        sha = hashlib.sha256(data).hexdigest()
        rel = f"media/{sha[:2]}/{sha}{ext}"
        self.write(rel, data)
        return rel, sha, len(data)

    def archived(self, data, ext):
        """Into the archive: media/originals/<sha256>.<ext>, read-only as MediaStore leaves it."""
        sha = hashlib.sha256(data).hexdigest()
        rel = f"media/originals/{sha}{ext}"
        os.chmod(self.write(rel, data), 0o444)
        return rel, sha, len(data)


def q(text):  # a YAML double-quoted scalar (JSON strings are valid ones)
    return json.dumps(text, ensure_ascii=False)


def ts(seconds, sep="."):
    """A cue time: 00:01:02.345 (WebVTT) or, with sep=",", SRT's 00:01:02,345."""
    ms = int(round(seconds * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def mmss(seconds):
    s = int(seconds)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def episode_yaml(slug, show, title, day, description, speakers, themes, number, chapters, source_name, original, media, segments):
    """An episode.yaml as ingest writes it. chapters: (seconds, title); media: (key, (path, sha, bytes), type, seconds|None)."""
    ingested = f"{day.isoformat()}T08:00:00+00:00"
    lines = [
        f"id: {hashlib.sha256(slug.encode()).hexdigest()[:16]}",
        f"slug: {slug}",
        f"show: {show}",
        f"title: {q(title)}",
        f"date: {day.isoformat()}",
        "description: |-",
        *[f"  {line}" if line else "" for line in description.split("\n")],
        "speakers:",
        *[f"- {q(s)}" for s in speakers],
        "themes:",
        *[f"- {t}" for t in themes],
        f"season: {day.year - 2015}",
        f"episodeNumber: {number}",
        "chapters:",
        *[line for start, name in chapters for line in (f"- start: {q(mmss(start))}", f"  title: {q(name)}")],
        "source:",
        f"  fileName: {source_name}",
        f"  sha256: {original[1]}",
        f"  bytes: {original[2]}",
        f"  archive: {original[0]}",
        f"  ingestedAt: {ingested}",
        "media:",
    ]
    for key, (rel, sha, size), content_type, seconds in media:
        lines += [f"  {key}:", f"    path: {rel}", f"    sha256: {sha}", f"    bytes: {size}", f"    contentType: {content_type}"]
        if seconds is not None:
            lines.append(f"    durationSeconds: {seconds}")
    lines += ["transcript:", "  source: Human", '  language: "no"', f"  createdAt: {ingested}", f"  segments: {segments}", "state: Transcribed"]
    return "\n".join(lines) + "\n"
