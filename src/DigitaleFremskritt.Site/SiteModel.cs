using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Site;

/// <summary>Everything the pages show, with links already relative to each page (works under any base path).</summary>
public sealed class SiteModel
{
    public required string SiteTitle { get; init; }

    public required IReadOnlyList<SiteEpisode> Episodes { get; init; }

    public required IReadOnlyList<Theme> Themes { get; init; }

    public required IReadOnlyList<Gathering> Gatherings { get; init; }

    public required IReadOnlyList<SiteShow> Shows { get; init; }

    public required DateOnly Today { get; init; }

    public SiteEpisode? Episode(string slug) => Episodes.FirstOrDefault(e => e.Slug == slug);
}

public sealed record SiteShow(string Id, string Title, string Description, IReadOnlyList<SiteFeed> Feeds);

public sealed record SiteFeed(string Title, string Name, string Url, string Medium);

public sealed record SiteEpisode
{
    public required Episode Episode { get; init; }

    public string Slug => Episode.Slug;

    public required string ShowTitle { get; init; }

    /// <summary>Public names (relative to the site root) of the files the page links to.</summary>
    public required string AudioName { get; init; }

    public string? VideoName { get; init; }

    public string? PosterName { get; init; }

    public string? CaptionsName { get; init; }

    public IReadOnlyList<(string Label, string Name)> Downloads { get; init; } = [];

    /// <summary>The cues, for the episode's own page; empty in the site model (the build reads them page by page).</summary>
    public required IReadOnlyList<TranscriptSegment> Transcript { get; init; }

    /// <summary>The transcript as readable paragraphs, each linked to its start (see <see cref="TranscriptParagraph.From"/>).</summary>
    public IReadOnlyList<TranscriptParagraph> Paragraphs => TranscriptParagraph.From(Transcript);

    public required IReadOnlyList<(TimeSpan Start, string Title)> Chapters { get; init; }

    public required IReadOnlyList<Theme> Themes { get; init; }

    public required string NotesHtml { get; init; }

    public TimeSpan Duration { get; init; }

    public string Summary => Episode.Description is { Length: > 0 } d ? Markdig.Markdown.ToPlainText(d, SiteContent.Markdown).Trim() : "";
}

/// <summary>
/// Cues joined into paragraphs: a new one when the speaker changes, after a pause, or when a paragraph reaches about
/// half a minute. One linked time per paragraph keeps an hour-long transcript page light (a link per 4-second cue
/// would triple its size) while a click or a search hit still lands within seconds of the words.
/// </summary>
public sealed record TranscriptParagraph(TimeSpan Start, string? Speaker, string Text)
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(3);

    public static IReadOnlyList<TranscriptParagraph> From(IReadOnlyList<TranscriptSegment> segments)
    {
        var paragraphs = new List<TranscriptParagraph>();
        TimeSpan start = default, end = default;
        string? speaker = null;
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            var newSpeaker = segment.Speaker is { Length: > 0 } s && s != speaker;
            if (text.Length > 0 && (newSpeaker || segment.Start - end >= Pause || segment.Start - start >= MaxLength))
            {
                paragraphs.Add(new TranscriptParagraph(start, speaker, text.ToString()));
                text.Clear();
            }

            if (text.Length == 0)
            {
                start = segment.Start;
            }
            else
            {
                text.Append(' ');
            }

            speaker = segment.Speaker is { Length: > 0 } named ? named : speaker;
            text.Append(segment.Text.Trim());
            end = segment.End;
        }

        if (text.Length > 0)
        {
            paragraphs.Add(new TranscriptParagraph(start, speaker, text.ToString()));
        }

        return paragraphs;
    }
}
