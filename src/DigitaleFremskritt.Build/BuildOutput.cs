using DigitaleFremskritt.Build.Chapters;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using Microsoft.Extensions.Logging;

namespace DigitaleFremskritt.Build;

/// <summary>
/// Stage 4, build: writes the public tree (see <see cref="PublicLayout"/>) into the output folder: one RSS feed per
/// show (plus an audio-only feed for video shows), transcripts, chapters and cover art. Media stay in the content
/// store; the result names them so publishing can upload them first. Deterministic: the same episodes give the
/// same bytes, so an unchanged re-publish uploads nothing. Files the build no longer produces are removed.
/// </summary>
public sealed class BuildOutput(ContentRoot root, FremskrittOptions options, FfmpegTool ffmpeg, TimeProvider clock, ILogger<BuildOutput> logger, IReadOnlyList<IBuildStep>? steps = null)
{
    /// <summary>Marks a folder as ours, so cleaning stale files never touches a folder someone pointed us at by mistake.</summary>
    public const string MarkerFileName = ".fremskritt-build";

    public const string DefaultBaseUrl = "http://localhost:8080/";

    public string OutputFolder { get; } = ResolveOutput(root, options.Build.OutputFolder);

    public static string ResolveOutput(ContentRoot root, string? configured) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(root.Path, "out") : Path.Combine(root.Path, configured));

    /// <summary>The public base URL with a trailing slash.</summary>
    public string BaseUrl { get; } = NormaliseBaseUrl(options.Build.BaseUrl ?? DefaultBaseUrl);

    public static string NormaliseBaseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new FeedBuildException($"Build:BaseUrl '{url}' must be an absolute http(s) URL without a query");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/";
    }

    /// <param name="exclude">Episodes to leave out as if unpublished (unpublish --dry-run).</param>
    public async Task<BuildResult> RunAsync(Func<Episode, bool>? exclude = null, CancellationToken cancellationToken = default)
    {
        var clockStart = System.Diagnostics.Stopwatch.StartNew();
        CheckOutputFolder();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var result = new BuildResult(OutputFolder, BaseUrl);
        var store = new EpisodeStore(root);
        var invalid = new List<string>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZone()).DateTime);

        var included = new List<Episode>();
        foreach (var episode in store.LoadAll(invalid.Add))
        {
            if ((exclude?.Invoke(episode) == true ? "unpublished" : SkipReason(episode, today)) is { } reason)
            {
                result.Skipped.Add(new SkippedEpisode(episode.Slug, reason, episode, IsError: !options.Shows.ContainsKey(episode.Show)));
                continue;
            }

            included.Add(episode);
        }

        foreach (var line in invalid)
        {
            result.Skipped.Add(new SkippedEpisode(line, "episode.yaml cannot be read", null, IsError: true));
        }

        foreach (var (showId, show) in options.Shows.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var episodes = included
                .Where(e => string.Equals(e.Show, showId, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.Source.IngestedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
                .ToList();
            var id = showId.ToLowerInvariant();
            var artwork = await WriteArtworkAsync(id, show, written, result, cancellationToken);
            var items = new List<(Episode Episode, FeedItem Audio, FeedItem? Video)>();
            foreach (var episode in episodes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                items.Add(await WriteEpisodeAsync(episode, show, artwork, written, result, cancellationToken));
                result.Episodes.Add(episode);
            }

            var lastBuild = episodes.Count == 0 ? (DateTimeOffset?)null : items.Max(i => i.Audio.PublishDate);
            if (show.Kind == ShowKind.Video)
            {
                await WriteFeedAsync(PublicLayout.Feed(id, audioOnly: false), Channel(id, show, artwork, "video", audioOnly: false, lastBuild),
                    items.Where(i => i.Video is not null).Select(i => i.Video!), written, result, cancellationToken);
                await WriteFeedAsync(PublicLayout.Feed(id, audioOnly: true), Channel(id, show, artwork, "podcast", audioOnly: true, lastBuild),
                    items.Select(i => i.Audio), written, result, cancellationToken);
            }
            else
            {
                await WriteFeedAsync(PublicLayout.Feed(id, audioOnly: false), Channel(id, show, artwork, "podcast", audioOnly: false, lastBuild),
                    items.Select(i => i.Audio), written, result, cancellationToken);
            }
        }

        var context = new BuildContext(result, (name, contents, ct) =>
        {
            if (!PublicLayout.IsSafeName(name) || name.StartsWith('.') || name.StartsWith(PublicLayout.MediaFolder + "/", StringComparison.Ordinal))
            {
                throw new FeedBuildException($"a build step may not write '{name}'");
            }

            return WriteIfChangedAsync(name, contents, written, result, ct);
        });
        result.Timings.Add(new StepTiming("feeds", clockStart.Elapsed, written.Count));
        foreach (var step in steps ?? [])
        {
            var before = written.Count;
            var started = System.Diagnostics.Stopwatch.StartNew();
            await step.RunAsync(context, cancellationToken);
            result.Timings.Add(new StepTiming(step.Name, started.Elapsed, written.Count - before));
        }

        RemoveStale(written, result);
        return result;
    }

    private string? SkipReason(Episode episode, DateOnly today)
    {
        if (episode.Unpublished)
        {
            return "unpublished";
        }

        if (!options.Shows.ContainsKey(episode.Show))
        {
            return $"unknown show '{episode.Show}'";
        }

        if (episode.Media.Audio is null)
        {
            return "no podcast MP3 yet";
        }

        if (episode.Date > today)
        {
            return $"scheduled for {episode.Date:yyyy-MM-dd}";
        }

        if (episode.Transcript is null && !options.Build.PublishWithoutTranscript)
        {
            return "transcript pending (public-sector audio needs one: run `fremskritt transcribe`, or set Build:PublishWithoutTranscript=true)";
        }

        return null;
    }

    private FeedChannel Channel(string id, ShowOptions show, string artworkUrl, string medium, bool audioOnly, DateTimeOffset? lastBuild) => new()
    {
        Title = audioOnly ? $"{show.Title} (lyd)" : show.Title,
        Description = string.IsNullOrWhiteSpace(show.Description) ? show.Title : show.Description,
        Language = FeedLanguage(show.Language),
        Author = show.Author,
        OwnerName = string.IsNullOrWhiteSpace(show.OwnerName) ? show.Author : show.OwnerName,
        OwnerEmail = show.OwnerEmail,
        Copyright = show.Copyright,
        Categories = show.Categories,
        Explicit = show.Explicit,
        Locked = show.Locked,
        Medium = medium,
        FeedUrl = BaseUrl + PublicLayout.Feed(id, audioOnly),
        Link = BaseUrl + PublicLayout.ShowPage(id),
        ImageUrl = artworkUrl,
        PodcastGuid = PinnedGuid(id, audioOnly && show.Kind == ShowKind.Video ? show.AudioPodcastGuid : show.PodcastGuid, audioOnly ? "AudioPodcastGuid" : "PodcastGuid"),
        LastBuildDate = lastBuild,
    };

    private static Guid? PinnedGuid(string show, string? value, string setting) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Guid.TryParse(value, out var guid) ? guid
        : throw new FeedBuildException($"Shows:{show}:{setting} '{value}' is not a GUID");

    /// <summary>RSS wants the written language: Whisper's "no" (Norwegian) is bokmål, "nb", in a feed.</summary>
    public static string FeedLanguage(string spoken) => spoken.ToLowerInvariant() switch
    {
        "no" or "auto" or "" => "nb",
        var code => code,
    };

    private async Task<string> WriteArtworkAsync(string id, ShowOptions show, HashSet<string> written, BuildResult result, CancellationToken cancellationToken)
    {
        var path = AssetPaths.Resolve(root, show.CoverArt)
            ?? throw new FeedBuildException($"show '{id}': no cover art configured (Shows:{id}:CoverArt); Apple requires a square JPEG or PNG of 1400–3000 px");
        if (!File.Exists(path))
        {
            throw new FeedBuildException($"{path}: cover art not found");
        }

        var (sha256, bytes) = await MediaStore.HashFileAsync(path, cancellationToken);
        var extension = string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase) ? ".png" : ".jpg";
        var name = PublicLayout.Artwork(id, sha256, extension);
        var target = Target(name);

        // The copy is named by the image's hash: if it is there, this very image passed the check in an earlier build.
        if (!File.Exists(target) || new FileInfo(target).Length != bytes)
        {
            var art = await CoverArt.CheckAsync(ffmpeg, path, cancellationToken);
            if (PublicLayout.ContentTypeOf(name) != art.ContentType)
            {
                throw new FeedBuildException($"{path}: the file name says {extension[1..]} but the image is {art.ContentType}");
            }

            await AtomicFile.CopyAsync(path, target, cancellationToken);
        }

        written.Add(name);
        result.Artwork.Add(new StoredFileRef(name, target, sha256, bytes));
        return BaseUrl + name;
    }

    private async Task<(Episode, FeedItem Audio, FeedItem? Video)> WriteEpisodeAsync(
        Episode episode, ShowOptions show, string artworkUrl, HashSet<string> written, BuildResult result, CancellationToken cancellationToken)
    {
        var folder = root.EpisodeFolder(episode.Slug);
        var audio = episode.Media.Audio!;
        var transcripts = new List<FeedTranscript>();
        foreach (var extension in PublicLayout.TranscriptExtensions)
        {
            var source = Path.Combine(folder, "transcript" + extension);
            if (!File.Exists(source))
            {
                continue;
            }

            var name = PublicLayout.Transcript(episode.Slug, extension);
            await WriteIfChangedAsync(name, await File.ReadAllBytesAsync(source, cancellationToken), written, result, cancellationToken);
            var language = FeedLanguage(episode.Transcript?.Language ?? episode.Language ?? show.Language);
            switch (extension)
            {
                case ".vtt":
                    transcripts.Insert(0, new FeedTranscript(BaseUrl + name, "text/vtt", language, "captions"));
                    break;
                case ".srt":
                    transcripts.Add(new FeedTranscript(BaseUrl + name, "application/x-subrip", language));
                    break;
                case ".json":
                    transcripts.Add(new FeedTranscript(BaseUrl + name, "application/json", language));
                    break;
            }
        }

        string? chaptersUrl = null;
        if (episode.Chapters.Count > 0)
        {
            byte[] json;
            try
            {
                json = ChaptersJson.Write(episode.Chapters, audio.DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
            }
            catch (FormatException e)
            {
                throw new FeedBuildException($"{Path.Combine(folder, EpisodeStore.MetadataFileName)}: {e.Message}");
            }

            var name = PublicLayout.Chapters(episode.Slug);
            await WriteIfChangedAsync(name, json, written, result, cancellationToken);
            chaptersUrl = BaseUrl + name;
        }

        // Names compared as they will be written (one line, single spaces), so " Kari  Nordmann" is Kari Nordmann.
        var hosts = new HashSet<string>(show.Hosts.Select(FeedText.OneLine), StringComparer.OrdinalIgnoreCase);
        var persons = episode.Speakers.Select(FeedText.OneLine).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(s => new FeedPerson(s, hosts.Contains(s) ? "host" : "guest")).ToList();
        var publishDate = PublishDate(episode.Date);

        FeedItem Item(MediaFile media) => new()
        {
            Id = episode.Id,
            Title = episode.Title,
            DescriptionMarkdown = episode.Description,
            PublishDate = publishDate,
            Link = BaseUrl + PublicLayout.EpisodeFolder(episode.Slug),
            Enclosure = new FeedEnclosure(BaseUrl + media.Path, media.Bytes, media.ContentType),
            Duration = TimeSpan.FromSeconds(media.DurationSeconds ?? audio.DurationSeconds ?? 0),
            ImageUrl = artworkUrl,
            Explicit = show.Explicit,
            Season = episode.Season,
            Episode = episode.EpisodeNumber,
            Transcripts = transcripts,
            ChaptersUrl = chaptersUrl,
            Persons = persons,
        };

        foreach (var media in new[] { episode.Media.Audio, episode.Media.Video, episode.Media.Poster, episode.Media.Waveform })
        {
            if (media is not null)
            {
                result.AddMedia(ResolveMedia(episode, media));
            }
        }

        if (options.Publish.IncludeOriginals && !string.IsNullOrEmpty(episode.Source.Archive))
        {
            if (!PublicLayout.IsArchivePath(episode.Source.Archive))
            {
                throw new FeedBuildException($"{Path.Combine(root.EpisodeFolder(episode.Slug), EpisodeStore.MetadataFileName)}: source archive '{episode.Source.Archive}' is not a file of media/originals/");
            }

            var original = root.Resolve(episode.Source.Archive);
            if (File.Exists(original))
            {
                result.Originals.Add(new StoredFileRef(Path.GetFileName(original), original, episode.Source.Sha256, episode.Source.Bytes));
            }
        }

        var video = show.Kind == ShowKind.Video && episode.Media.Video is { } v ? Item(v) : null;
        return (episode, Item(audio), video);
    }

    private StoredFileRef ResolveMedia(Episode episode, MediaFile media)
    {
        // episode.yaml is hand-editable: only the store's own shape (media/<xx>/<sha256>.<ext>, matching hashes) may
        // become a public name, so no edit can publish an original, an episode.yaml or anything else by path tricks.
        if (!PublicLayout.IsMediaStorePath(media.Path) || !media.Path.Contains(media.Sha256 + ".", StringComparison.Ordinal))
        {
            throw new FeedBuildException($"{Path.Combine(root.EpisodeFolder(episode.Slug), EpisodeStore.MetadataFileName)}: media path '{media.Path}' is not a file of the media store (media/xx/<sha256>.ext)");
        }

        var path = root.Resolve(media.Path);

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FeedBuildException($"{episode.Slug}: {media.Path} is missing from the media store");
        }

        if (info.Length != media.Bytes)
        {
            throw new FeedBuildException($"{episode.Slug}: {media.Path} is {info.Length} bytes, episode.yaml says {media.Bytes}");
        }

        return new StoredFileRef(media.Path, path, media.Sha256, media.Bytes);
    }

    private DateTimeOffset PublishDate(DateOnly date)
    {
        var local = date.ToDateTime(options.Build.PublishTime, DateTimeKind.Unspecified);
        var zone = TimeZone();
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private TimeZoneInfo TimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(options.Build.TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new FeedBuildException($"Build:TimeZone '{options.Build.TimeZone}' is not a known time zone (e.g. Europe/Oslo)");
        }
    }

    private async Task WriteFeedAsync(string name, FeedChannel channel, IEnumerable<FeedItem> items, HashSet<string> written, BuildResult result, CancellationToken cancellationToken)
    {
        var list = items.ToList();
        await WriteIfChangedAsync(name, PodcastFeedWriter.Write(channel, list), written, result, cancellationToken);
        result.Feeds.Add(new BuiltFeed(name, channel.FeedUrl, channel.Title, list.Count));
    }

    private async Task WriteIfChangedAsync(string name, ReadOnlyMemory<byte> contents, HashSet<string> written, BuildResult result, CancellationToken cancellationToken)
    {
        var target = Target(name);

        // The bytes are in memory now: their MD5 spares publishing a second read of every file.
#pragma warning disable CA5351 // Content-MD5 is what blob storage compares; not a security use.
        var md5 = System.Security.Cryptography.MD5.HashData(contents.Span);
#pragma warning restore CA5351

        // Build steps may write from several threads (the site renders pages in parallel).
        lock (written)
        {
            written.Add(name);
            result.OutputMd5[name] = md5;
        }

        if (File.Exists(target) && new FileInfo(target).Length == contents.Length && (await File.ReadAllBytesAsync(target, cancellationToken)).AsSpan().SequenceEqual(contents.Span))
        {
            return;
        }

        await AtomicFile.WriteAllBytesAsync(target, contents, cancellationToken);
    }

    private string Target(string name)
    {
        var full = Path.GetFullPath(Path.Combine(OutputFolder, name));
        if (!full.StartsWith(OutputFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new FeedBuildException($"'{name}' would land outside the output folder");
        }

        return full;
    }

    /// <summary>Refuses an output folder that holds (or is) the content, or that is a non-empty folder we did not create.</summary>
    private void CheckOutputFolder()
    {
        var output = OutputFolder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var content = root.Path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (content.StartsWith(output, StringComparison.Ordinal))
        {
            throw new FeedBuildException($"output folder {OutputFolder} must not contain the content root {root.Path}");
        }

        var relative = root.Relative(OutputFolder);
        if (root.IsInside(OutputFolder) && (relative.StartsWith("media", StringComparison.Ordinal) || relative.StartsWith("ingest", StringComparison.Ordinal)))
        {
            throw new FeedBuildException($"output folder {OutputFolder} must not be inside the media store or the ingest folder");
        }

        var marker = Path.Combine(OutputFolder, MarkerFileName);
        if (Directory.Exists(OutputFolder) && !File.Exists(marker) && Directory.EnumerateFileSystemEntries(OutputFolder).Any())
        {
            throw new FeedBuildException($"output folder {OutputFolder} is not empty and was not made by `fremskritt build`; choose an empty or new folder");
        }

        Directory.CreateDirectory(OutputFolder);
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "Built by `fremskritt build`: files here that the build no longer produces are removed.\n");
        }
    }

    private void RemoveStale(HashSet<string> written, BuildResult result)
    {
        foreach (var file in Directory.EnumerateFiles(OutputFolder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(OutputFolder, file).Replace('\\', '/');
            if (name == MarkerFileName || written.Contains(name))
            {
                continue;
            }

            File.Delete(file);
            result.Removed.Add(name);
            logger.LogDebug("removed {Name}: no longer built", name);
        }

        foreach (var folder in Directory.EnumerateDirectories(OutputFolder, "*", SearchOption.AllDirectories).OrderByDescending(f => f.Length))
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }
}

/// <summary>A file that is published from where it is stored (media store, archive), under <see cref="Name"/>.</summary>
public sealed record StoredFileRef(string Name, string LocalPath, string Sha256, long Bytes);

/// <summary>How long one part of the build took and how many files it wrote (or found unchanged).</summary>
public sealed record StepTiming(string Step, TimeSpan Elapsed, int Files);

public sealed record BuiltFeed(string Name, string Url, string Title, int Items);

/// <summary>An episode left out of this build. <paramref name="IsError"/>: a mistake to fix (unreadable episode.yaml, unknown show), not a state.</summary>
public sealed record SkippedEpisode(string Episode, string Reason, Domain.Episode? Source = null, bool IsError = false);

public sealed class BuildResult(string outputFolder, string baseUrl)
{
    private readonly HashSet<string> mediaNames = new(StringComparer.Ordinal);

    public string OutputFolder { get; } = outputFolder;

    public string BaseUrl { get; } = baseUrl;

    public List<Episode> Episodes { get; } = [];

    public List<SkippedEpisode> Skipped { get; } = [];

    public List<StepTiming> Timings { get; } = [];

    /// <summary>Skipped because of a mistake: publishing now would drop them from the live feeds.</summary>
    public IEnumerable<SkippedEpisode> Errors => Skipped.Where(s => s.IsError);

    /// <summary>
    /// Public names that belong to episodes that still exist but are left out of this build for a reason other than
    /// being unpublished (scheduled, transcript pending, a typo): pruning must never delete them.
    /// </summary>
    public bool IsProtected(string name) =>
        Skipped.Any(s => s.Source is { Unpublished: false } episode
            && (name.StartsWith(PublicLayout.EpisodeFolder(episode.Slug), StringComparison.Ordinal)
                || new[] { episode.Media.Audio, episode.Media.Video, episode.Media.Poster, episode.Media.Waveform }.Any(m => m?.Path == name)))
        || Skipped.Any(s => s.Source is null);

    public List<BuiltFeed> Feeds { get; } = [];

    /// <summary>Media the public tree links to, uploaded from the content store.</summary>
    public List<StoredFileRef> Media { get; } = [];

    /// <summary>Original recordings, for the private container.</summary>
    public List<StoredFileRef> Originals { get; } = [];

    public List<string> Removed { get; } = [];

    /// <summary>Cover art copied into the output folder, named by content.</summary>
    public List<StoredFileRef> Artwork { get; } = [];

    /// <summary>Content-MD5 of each file the build wrote or found unchanged in the output folder, by public name.</summary>
    public Dictionary<string, byte[]> OutputMd5 { get; } = new(StringComparer.Ordinal);

    public void AddMedia(StoredFileRef file)
    {
        if (mediaNames.Add(file.Name))
        {
            Media.Add(file);
        }
    }
}
