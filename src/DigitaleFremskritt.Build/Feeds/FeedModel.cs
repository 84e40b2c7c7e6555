namespace DigitaleFremskritt.Build.Feeds;

/// <summary>The channel of one RSS feed, in plain values; <see cref="PodcastFeedWriter"/> turns it into XML.</summary>
public sealed record FeedChannel
{
    public required string Title { get; init; }

    public required string Description { get; init; }

    /// <summary>RSS language code, e.g. "nb".</summary>
    public required string Language { get; init; }

    public required string Author { get; init; }

    public required string OwnerName { get; init; }

    public required string OwnerEmail { get; init; }

    public string? Copyright { get; init; }

    /// <summary>Apple categories as "Category" or "Category/Subcategory".</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    public bool Explicit { get; init; }

    public bool Locked { get; init; } = true;

    /// <summary>podcast:medium: "podcast" for audio, "video" for a video feed.</summary>
    public required string Medium { get; init; }

    /// <summary>Where this feed is published (atom:link rel="self", and the basis of podcast:guid).</summary>
    public required string FeedUrl { get; init; }

    /// <summary>The show's web page.</summary>
    public required string Link { get; init; }

    public required string ImageUrl { get; init; }

    /// <summary>A pinned podcast:guid; null derives it from <see cref="FeedUrl"/>.</summary>
    public Guid? PodcastGuid { get; init; }

    public DateTimeOffset? LastBuildDate { get; init; }
}

public sealed record FeedItem
{
    /// <summary>Never changes once published (the episode id).</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>Show notes in Markdown (untrusted: raw HTML in it is escaped, not passed through).</summary>
    public string? DescriptionMarkdown { get; init; }

    public required DateTimeOffset PublishDate { get; init; }

    public required string Link { get; init; }

    public required FeedEnclosure Enclosure { get; init; }

    public required TimeSpan Duration { get; init; }

    public required string ImageUrl { get; init; }

    /// <summary>Apple labels episodes by the item's own itunes:explicit.</summary>
    public bool Explicit { get; init; }

    public int? Season { get; init; }

    public int? Episode { get; init; }

    public IReadOnlyList<FeedTranscript> Transcripts { get; init; } = [];

    public string? ChaptersUrl { get; init; }

    public IReadOnlyList<FeedPerson> Persons { get; init; } = [];
}

public sealed record FeedEnclosure(string Url, long Length, string Type);

/// <summary>A podcast:transcript: <paramref name="Rel"/> is "captions" for timed captions (VTT).</summary>
public sealed record FeedTranscript(string Url, string Type, string? Language, string? Rel = null);

/// <summary>A podcast:person; <paramref name="Role"/> from the namespace's taxonomy ("host", "guest").</summary>
public sealed record FeedPerson(string Name, string Role);
