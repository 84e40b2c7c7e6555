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
        var model = await LoadModelAsync(context.Result, cancellationToken);
        await using var renderer = new SiteRenderer();

        async Task Render<T>(string name, params (string Key, object? Value)[] parameters)
            where T : Microsoft.AspNetCore.Components.IComponent
        {
            var values = parameters.ToDictionary(p => p.Key, p => p.Value);
            values["Model"] = model;
            var html = await renderer.RenderAsync<T>(values);
            await context.WriteAsync(name, Encoding.UTF8.GetBytes(html), cancellationToken);
        }

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

        foreach (var episode in model.Episodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Render<EpisodePage>(PageNames.Episode(episode.Slug), ("E", episode));
        }

        foreach (var asset in new[] { "site.css", "site.js" })
        {
            await using var stream = typeof(BuildSite).Assembly.GetManifestResourceStream($"assets/{asset}")
                ?? throw new InvalidOperationException($"embedded asset {asset} is missing");
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory, cancellationToken);
            await context.WriteAsync($"assets/{asset}", memory.ToArray(), cancellationToken);
        }
    }

    public async Task<SiteModel> LoadModelAsync(BuildResult result, CancellationToken cancellationToken)
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
            IReadOnlyList<TranscriptSegment> transcript = [];
            if (File.Exists(vtt))
            {
                try
                {
                    transcript = WebVttReader.Read(await File.ReadAllTextAsync(vtt, cancellationToken)).Segments;
                }
                catch (TranscriptFormatException e)
                {
                    throw new Build.Feeds.FeedBuildException($"{vtt}: {e.Message}");
                }
            }

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
                Transcript = transcript,
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
