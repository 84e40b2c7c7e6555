using System.Text;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Content;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Site.Components;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Site;

/// <summary>
/// The website part of the build: static HTML pages in bokmål for the episodes the feeds carry, the Kommunett
/// themes, the regional gatherings, the show archives, subscribing and search; plus one CSS and one JS file.
/// </summary>
public sealed class BuildSite(ContentRoot root, FremskrittOptions options, TimeProvider clock, string? siteFolder) : IBuildStep
{
    public const string SiteTitle = "Digitale Fremskritt";

    public string Name => "site pages";

    public async Task RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var model = LoadModel(context.Result);
        await using var renderer = new SiteRenderer();
        async Task Render<T>(string name, params (string Key, object? Value)[] parameters)
            where T : Microsoft.AspNetCore.Components.IComponent =>
            await context.WriteAsync(name, await RenderAsync<T>(renderer, model, parameters), cancellationToken);

        await Render<FrontPage>(PageNames.Front);
        await Render<ShowsPage>(PageNames.Shows);
        await Render<ThemesPage>(PageNames.Themes);
        await Render<GatheringsPage>(PageNames.Gatherings);
        await Render<SubscribePage>(PageNames.Subscribe);
        await Render<SearchPage>(PageNames.Search);
        foreach (var show in model.Shows)
        {
            await Render<ShowPage>(PageNames.Show(show.Id), ("Show", show));
        }

        foreach (var theme in model.Themes)
        {
            await Render<ThemePage>(PageNames.Theme(theme.Slug), ("Theme", theme));
        }

        foreach (var gathering in model.Gatherings)
        {
            await Render<GatheringPage>(PageNames.Gathering(gathering.Slug), ("G", gathering));
        }

        await RenderEpisodePagesAsync(context, renderer, model, cancellationToken);

        foreach (var asset in new[] { "site.css", "site.js" })
        {
            await using var stream = typeof(BuildSite).Assembly.GetManifestResourceStream($"assets/{asset}")
                ?? throw new InvalidOperationException($"embedded asset {asset} is missing");
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory, cancellationToken);
            await context.WriteAsync($"assets/{asset}", memory.ToArray(), cancellationToken);
        }
    }

    /// <summary>
    /// The episode pages, one worker per core, each with its own output buffer. A page's transcript is read just before
    /// the page is rendered and dropped after it is written, so memory stays flat however many hour-long transcripts
    /// there are.
    /// </summary>
    private async Task RenderEpisodePagesAsync(BuildContext context, SiteRenderer renderer, SiteModel model, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        async Task Worker()
        {
            using var page = new PageBuffer();
            int i;
            while ((i = Interlocked.Increment(ref next)) < model.Episodes.Count)
            {
                failed.Token.ThrowIfCancellationRequested();
                var episode = model.Episodes[i];
                var withTranscript = episode with { Transcript = ReadTranscript(episode.Slug) };
                await renderer.RenderToAsync<EpisodePage>(Parameters(model, ("E", withTranscript)), page.Start());
                await context.WriteAsync(PageNames.Episode(episode.Slug), page.Finish(), failed.Token);
            }
        }

        async Task Guarded()
        {
            try
            {
                await Worker();
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }

        var workers = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 8)).Select(_ => Task.Run(Guarded, CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another worker failed and cancelled the rest: report that failure, not the cancellations.
            throw workers.Select(w => w.Exception?.InnerException).First(e => e is not null and not OperationCanceledException)!;
        }
    }

    private static async Task<byte[]> RenderAsync<T>(SiteRenderer renderer, SiteModel model, params (string Key, object? Value)[] parameters)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        Encoding.UTF8.GetBytes(await renderer.RenderAsync<T>(Parameters(model, parameters)));

    private static Dictionary<string, object?> Parameters(SiteModel model, params (string Key, object? Value)[] parameters)
    {
        var values = parameters.ToDictionary(p => p.Key, p => p.Value);
        values["Model"] = model;
        return values;
    }

    /// <summary>
    /// The episode's transcript.vtt as cues, or none when it has none yet. Read line by line: an hour's transcript as
    /// one string would be a large-object-heap allocation per page, and those make the garbage collector stop the
    /// world often.
    /// </summary>
    public IReadOnlyList<TranscriptSegment> ReadTranscript(string slug)
    {
        var vtt = Path.Combine(root.EpisodeFolder(slug), "transcript.vtt");
        StreamReader reader;
        try
        {
            reader = new StreamReader(vtt, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        using (reader)
        {
            try
            {
                return WebVttReader.Read(reader).Segments;
            }
            catch (TranscriptFormatException e)
            {
                throw new Build.Feeds.FeedBuildException($"{vtt}: {e.Message}");
            }
        }
    }

    /// <summary>One worker's reusable output buffer: a page is rendered as UTF-8 into it and written from it.</summary>
    private sealed class PageBuffer : IDisposable
    {
        private readonly MemoryStream memory = new(1 << 18);
        private StreamWriter? writer;

        public TextWriter Start()
        {
            memory.SetLength(0);
            return writer ??= new StreamWriter(memory, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        }

        public ReadOnlyMemory<byte> Finish()
        {
            writer!.Flush();
            return memory.GetBuffer().AsMemory(0, (int)memory.Length);
        }

        public void Dispose()
        {
            writer?.Dispose();
            memory.Dispose();
        }
    }

    /// <summary>What the pages show, without the transcripts (<see cref="ReadTranscriptAsync"/> reads each when its page is rendered).</summary>
    public SiteModel LoadModel(BuildResult result)
    {
        var content = SiteContent.Load(siteFolder);
        var themes = content.Themes.ToDictionary(t => t.Slug, StringComparer.Ordinal);
        var shows = options.Shows.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SiteShow(
            s.Key.ToLowerInvariant(),
            s.Value.Title,
            s.Value.Description,
            [.. result.Feeds.Where(f => f.Name.StartsWith($"{PublicLayout.FeedsFolder}/{s.Key.ToLowerInvariant()}", StringComparison.Ordinal)
                    && (f.Name == PublicLayout.Feed(s.Key.ToLowerInvariant(), false) || f.Name == PublicLayout.Feed(s.Key.ToLowerInvariant(), true)))
                .Select(f => new SiteFeed(f.Title, f.Name, f.Url, f.Name.EndsWith("-audio.xml", StringComparison.Ordinal) || s.Value.Kind == ShowKind.Audio ? "podcast" : "video"))]))
            .ToList();

        var episodes = new List<SiteEpisode>();
        foreach (var episode in result.Episodes.OrderByDescending(e => e.Date).ThenBy(e => e.Slug, StringComparer.Ordinal))
        {
            var folder = root.EpisodeFolder(episode.Slug);
            var vtt = Path.Combine(folder, "transcript.vtt");
            var downloads = new List<(string, string)> { ("MP3 (lyd)", episode.Media.Audio!.Path) };
            if (episode.Media.Video is { } video)
            {
                downloads.Add(("MP4 (video)", video.Path));
            }

            foreach (var (extension, label) in new[] { (".txt", "Tekst (.txt)"), (".vtt", "Teksting (.vtt)"), (".srt", "Teksting (.srt)") })
            {
                if (File.Exists(Path.Combine(folder, "transcript" + extension)))
                {
                    downloads.Add((label, PublicLayout.Transcript(episode.Slug, extension)));
                }
            }

            var duration = episode.Media.Video?.DurationSeconds ?? episode.Media.Audio.DurationSeconds ?? 0;
            episodes.Add(new SiteEpisode
            {
                Episode = episode,
                ShowTitle = options.Shows.TryGetValue(episode.Show, out var show) ? show.Title : episode.Show,
                AudioName = episode.Media.Audio.Path,
                VideoName = episode.Media.Video?.Path,
                PosterName = episode.Media.Poster?.Path,
                CaptionsName = File.Exists(vtt) ? PublicLayout.Transcript(episode.Slug, ".vtt") : null,
                Downloads = downloads,
                Transcript = [],
                Chapters = [.. episode.Chapters.Select(c => (c.ParseStart(), c.Title)).OrderBy(c => c.Item1)],
                Themes = [.. episode.Themes.Where(themes.ContainsKey).Select(t => themes[t])],
                NotesHtml = episode.Description is { Length: > 0 } notes ? Build.Feeds.PodcastFeedWriter.Description(notes) : "",
                Duration = TimeSpan.FromSeconds(duration),
            });
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Build.TimeZone);
        return new SiteModel
        {
            SiteTitle = SiteTitle,
            Episodes = episodes,
            Themes = content.Themes,
            Gatherings = content.Gatherings,
            Shows = shows,
            Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime),
        };
    }
}
