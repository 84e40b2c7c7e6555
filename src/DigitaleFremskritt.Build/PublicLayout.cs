namespace DigitaleFremskritt.Build;

/// <summary>
/// Names in the public tree: the same relative paths in the build output folder, in the public container and
/// under the public base URL.
/// <code>
/// feeds/&lt;show&gt;.xml                  one RSS feed per show (video shows: the video feed)
/// feeds/&lt;show&gt;-audio.xml            the audio-only feed of a video show
/// artwork/&lt;show&gt;-&lt;sha12&gt;.jpg         show cover art, named by content (immutable)
/// episodes/&lt;slug&gt;/transcript.*     transcripts (vtt, srt, json, txt)
/// episodes/&lt;slug&gt;/chapters.json    Podcasting 2.0 chapters
/// media/&lt;xx&gt;/&lt;sha256&gt;.&lt;ext&gt;        media from the content store, named by content (immutable)
/// </code>
/// </summary>
public static partial class PublicLayout
{
    public const string FeedsFolder = "feeds";
    public const string ArtworkFolder = "artwork";
    public const string EpisodesFolder = "episodes";
    public const string MediaFolder = "media";

    public static readonly string[] TranscriptExtensions = [".vtt", ".srt", ".json", ".txt"];

    public static string Feed(string show, bool audioOnly) => $"{FeedsFolder}/{show}{(audioOnly ? "-audio" : "")}.xml";

    public static string Artwork(string show, string sha256, string extension) => $"{ArtworkFolder}/{show}-{sha256[..12]}{extension}";

    public static string EpisodeFolder(string slug) => $"{EpisodesFolder}/{slug}/";

    public static string Transcript(string slug, string extension) => $"{EpisodesFolder}/{slug}/transcript{extension}";

    public static string Chapters(string slug) => $"{EpisodesFolder}/{slug}/chapters.json";

    public static string ShowPage(string show) => $"shows/{show}/";

    /// <summary>media/&lt;xx&gt;/&lt;sha256&gt;.&lt;ext&gt; exactly: the shape of the content-addressed store, nothing else.</summary>
    public static bool IsMediaStorePath(string path) => MediaStorePath().IsMatch(path);

    /// <summary>media/originals/&lt;sha256&gt;.&lt;ext&gt; exactly.</summary>
    public static bool IsArchivePath(string path) => ArchivePath().IsMatch(path);

    /// <summary>A name that is safe as a blob name and a relative path: '/'-separated, no empty, '.' or '..' segments, no backslash or control characters.</summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 1024
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Any(char.IsControl)
        && name.Split('/').All(part => part.Length > 0 && part != "." && part != "..");

    [System.Text.RegularExpressions.GeneratedRegex("^media/[0-9a-f]{2}/[0-9a-f]{64}\\.[a-z0-9]{1,5}$")]
    private static partial System.Text.RegularExpressions.Regex MediaStorePath();

    [System.Text.RegularExpressions.GeneratedRegex("^media/originals/[0-9a-f]{64}\\.[a-z0-9]{1,5}$")]
    private static partial System.Text.RegularExpressions.Regex ArchivePath();

    /// <summary>Content-addressed names never change content, so caches may keep them forever.</summary>
    public static bool IsImmutable(string name) =>
        name.StartsWith(MediaFolder + "/", StringComparison.Ordinal) || name.StartsWith(ArtworkFolder + "/", StringComparison.Ordinal);

    /// <summary>Pagefind names its index chunks and fragments by their content (*.pf_*): those may be cached long too.</summary>
    public static bool IsHashedSearchFile(string name) =>
        name.StartsWith("pagefind/", StringComparison.Ordinal) && Path.GetExtension(name).StartsWith(".pf_", StringComparison.Ordinal);

    public static bool IsFeed(string name) => name.StartsWith(FeedsFolder + "/", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal);

    /// <summary>The Content-Type a blob of this name is served with.</summary>
    public static string ContentTypeOf(string name)
    {
        if (name.EndsWith("/chapters.json", StringComparison.Ordinal))
        {
            return "application/json+chapters";
        }

        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".mp3" => "audio/mpeg",
            ".mp4" => "video/mp4",
            ".m4a" => "audio/mp4",
            ".wav" => "audio/wav",
            ".flac" => "audio/flac",
            ".ogg" => "audio/ogg",
            ".mkv" => "video/x-matroska",
            ".mov" => "video/quicktime",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".png" => "image/png",
            ".svg" => "image/svg+xml",
            ".webp" => "image/webp",
            ".ico" => "image/x-icon",
            ".vtt" => "text/vtt; charset=utf-8",
            ".srt" => "application/x-subrip",
            ".txt" => "text/plain; charset=utf-8",
            ".json" => "application/json",
            ".xml" when IsFeed(name) => "application/rss+xml; charset=utf-8",
            ".xml" => "application/xml",
            ".html" => "text/html; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".js" or ".mjs" => "text/javascript; charset=utf-8",
            ".wasm" => "application/wasm",
            ".woff2" => "font/woff2",
            _ => "application/octet-stream",
        };
    }

    /// <summary>Long and immutable for content-addressed files; short for feeds and pages, so new episodes show up quickly.</summary>
    public static string CacheControlOf(string name)
    {
        if (IsImmutable(name) || IsHashedSearchFile(name))
        {
            return "public, max-age=31536000, immutable";
        }

        // Pages, feeds and the search entry point change with every new episode; the rest (transcripts, chapters, CSS) rarely.
        return IsFeed(name) || name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith('/') || name.StartsWith("pagefind/", StringComparison.Ordinal) || name.StartsWith("assets/", StringComparison.Ordinal)
            ? "public, max-age=300"
            : "public, max-age=3600";
    }
}
