namespace DigitaleFremskritt.Domain;

/// <summary>The file types the ingest folder accepts.</summary>
public static class RecordingFormats
{
    public static readonly IReadOnlySet<string> AudioExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".flac", ".mp3", ".m4a", ".aac", ".ogg", ".opus" };

    public static readonly IReadOnlySet<string> VideoExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".mp4", ".mov", ".mkv", ".webm" };

    public static readonly IReadOnlySet<string> SidecarExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".yaml", ".yml", ".md" };

    /// <summary>A producer's transcript beside a recording (same name): used instead of machine transcription.</summary>
    public static readonly IReadOnlyList<string> TranscriptExtensions = [".vtt", ".srt"];

    public static bool IsRecording(string path)
    {
        var extension = Path.GetExtension(path);
        return AudioExtensions.Contains(extension) || VideoExtensions.Contains(extension);
    }
}
