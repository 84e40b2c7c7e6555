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
