using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Build.Chapters;

/// <summary>The Podcasting 2.0 JSON chapters format (application/json+chapters), version 1.2.0.</summary>
public static class ChaptersJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Readable æøå; still escapes <, >, & and quotes, so the file is safe wherever it is embedded.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Chapters sorted by start; a start that does not parse or lies outside the media is a <see cref="FormatException"/>.</summary>
    public static byte[] Write(IEnumerable<Chapter> chapters, TimeSpan? duration)
    {
        var list = new List<ChapterJson>();
        foreach (var chapter in chapters)
        {
            var start = chapter.ParseStart();
            if (start < TimeSpan.Zero || (duration is { } d && start > d))
            {
                throw new FormatException($"chapter '{chapter.Title}' starts at {chapter.Start}, outside the recording");
            }

            list.Add(new ChapterJson(Math.Round(start.TotalSeconds, 3), Feeds.FeedText.OneLine(chapter.Title)));
        }

        var document = new ChaptersDocument("1.2.0", [.. list.OrderBy(c => c.StartTime)]);
        return JsonSerializer.SerializeToUtf8Bytes(document, Options);
    }

    private sealed record ChaptersDocument(string Version, IReadOnlyList<ChapterJson> Chapters);

    private sealed record ChapterJson(double StartTime, string Title);
}
