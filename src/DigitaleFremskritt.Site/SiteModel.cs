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

    public required IReadOnlyList<TranscriptSegment> Transcript { get; init; }

    public required IReadOnlyList<(TimeSpan Start, string Title)> Chapters { get; init; }

    public required IReadOnlyList<Theme> Themes { get; init; }

    public required string NotesHtml { get; init; }

    public TimeSpan Duration { get; init; }

    public string Summary => Episode.Description is { Length: > 0 } d ? Markdig.Markdown.ToPlainText(d, SiteContent.Markdown).Trim() : "";
}
