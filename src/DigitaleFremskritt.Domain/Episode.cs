namespace DigitaleFremskritt.Domain;

/// <summary>
/// An episode's metadata as stored in its folder (episode.yaml). Producers edit the first block by hand;
/// the pipeline owns <see cref="Source"/>, <see cref="Media"/> and <see cref="State"/>.
/// </summary>
public sealed class Episode
{
    /// <summary>Stable id: never changes once assigned (feeds use it as guid).</summary>
    public string Id { get; set; } = "";

    /// <summary>URL-safe slug; also the episode folder's name. Fixed once assigned.</summary>
    public string Slug { get; set; } = "";

    public string Show { get; set; } = "";

    public string Title { get; set; } = "";

    public DateOnly Date { get; set; }

    /// <summary>Show notes in Markdown.</summary>
    public string? Description { get; set; }

    public List<string> Speakers { get; set; } = [];

    /// <summary>Kommunett theme slugs, e.g. "gevinstrealisering".</summary>
    public List<string> Themes { get; set; } = [];

    public int? Season { get; set; }

    public int? EpisodeNumber { get; set; }

    public List<Chapter> Chapters { get; set; } = [];

    /// <summary>Spoken language; null means the show's default.</summary>
    public string? Language { get; set; }

    public EpisodeSource Source { get; set; } = new();

    public EpisodeMedia Media { get; set; } = new();

    /// <summary>The transcript beside episode.yaml, once there is one.</summary>
    public TranscriptInfo? Transcript { get; set; }

    public EpisodeState State { get; set; } = EpisodeState.Normalised;

    /// <summary>Taken out of the feeds and the site by `fremskritt unpublish`; set it back to false to publish again.</summary>
    public bool Unpublished { get; set; }
}

public sealed class Chapter
{
    /// <summary>Start time as written by the producer: "hh:mm:ss", "mm:ss" or seconds.</summary>
    public string Start { get; set; } = "0";

    public string Title { get; set; } = "";

    public TimeSpan ParseStart() => Timecode.Parse(Start);
}

public sealed class EpisodeSource
{
    public string FileName { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long Bytes { get; set; }

    /// <summary>Where the untouched original is archived, relative to the content root.</summary>
    public string Archive { get; set; } = "";

    public DateTimeOffset IngestedAt { get; set; }
}

public sealed class EpisodeMedia
{
    /// <summary>Podcast MP3 (for a video show: the audio-only version).</summary>
    public MediaFile? Audio { get; set; }

    public MediaFile? Video { get; set; }

    public MediaFile? Poster { get; set; }

    /// <summary>16 kHz mono 16-bit WAV for speech recognition.</summary>
    public MediaFile? TranscriptionWav { get; set; }

    public MediaFile? Waveform { get; set; }
}

/// <summary>A file in the content-addressed media store.</summary>
public sealed class MediaFile
{
    /// <summary>Path relative to the content root, e.g. media/ab/abcdef….mp3.</summary>
    public string Path { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long Bytes { get; set; }

    public string ContentType { get; set; } = "";

    public double? DurationSeconds { get; set; }
}

public sealed class TranscriptInfo
{
    /// <summary>Human: supplied or edited by a producer, never overwritten. Machine: Whisper's, redone with --force.</summary>
    public TranscriptSource Source { get; set; }

    /// <summary>The Whisper model file (name only) for a machine transcript.</summary>
    public string? Model { get; set; }

    public string Language { get; set; } = "no";

    public DateTimeOffset CreatedAt { get; set; }

    public int Segments { get; set; }

    /// <summary>SHA-256 of each transcript file as the pipeline wrote it (by extension): a different file means a producer edited it.</summary>
    public Dictionary<string, string> Files { get; set; } = [];
}

public enum EpisodeState
{
    Normalised,
    TranscriptPending,
    Transcribed,
}
