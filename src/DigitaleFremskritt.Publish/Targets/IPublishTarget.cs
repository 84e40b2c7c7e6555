namespace DigitaleFremskritt.Publish.Targets;

/// <summary>Where published files go: a public container that listeners read and a private one for originals.</summary>
public interface IPublishTarget
{
    /// <summary>For messages: names the place without secrets (never a key or SAS token).</summary>
    string Description { get; }

    IBlobContainer PublicContainer { get; }

    IBlobContainer PrivateContainer { get; }
}

/// <summary>One container of named blobs, each with a Content-Type, Cache-Control and Content-MD5.</summary>
public interface IBlobContainer
{
    string Name { get; }

    /// <summary>Creates the container if needed with the right access: anonymous read for the public one, none for the private one.</summary>
    Task EnsureExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every blob with its properties; an empty list when the container does not exist yet.</summary>
    IAsyncEnumerable<RemoteBlob> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads one file so that readers see the old blob or the whole new one, never a part. Reports bytes sent.
    /// </summary>
    Task UploadAsync(LocalBlob blob, IProgress<long>? progress, CancellationToken cancellationToken = default);

    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Persists anything a target batches (the local folder's manifest). Called after every phase, also on failure.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a container holds under one name.</summary>
public sealed record RemoteBlob(string Name, long Length, byte[]? ContentMd5, string? ContentType, string? CacheControl);

/// <summary>When in a publish a file goes up: media first, feeds last, so a feed never points at a missing file.</summary>
public enum PublishPhase
{
    Media = 0,
    Content = 1,
    Feeds = 2,
}

/// <summary>A local file to publish under <see cref="Name"/>, with the headers it is served with.</summary>
public sealed record LocalBlob(string Name, string LocalPath, long Length, byte[] ContentMd5, string ContentType, string CacheControl, PublishPhase Phase)
{
    public bool Matches(RemoteBlob remote) =>
        remote.Length == Length
        && remote.ContentMd5 is { } md5 && md5.AsSpan().SequenceEqual(ContentMd5)
        && string.Equals(remote.ContentType, ContentType, StringComparison.OrdinalIgnoreCase)
        && string.Equals(remote.CacheControl, CacheControl, StringComparison.Ordinal);
}
