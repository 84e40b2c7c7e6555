using System.Xml.Linq;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>
/// One content root with three podcast and two seminar (video) episodes, built twice; the feeds parsed by
/// rss-parser and podcast-partytime. Shared by the feed, Apple-rule and determinism tests.
/// </summary>
public sealed class BuiltFeedsFixture : IAsyncLifetime
{
    public const string Collection = "built feeds";

    public static readonly DateTimeOffset OldTime = new(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);

    public TestContent Content { get; } = new();

    public BuildResult First { get; private set; } = null!;

    public BuildResult Second { get; private set; } = null!;

    public SortedDictionary<string, byte[]> FirstFiles { get; private set; } = null!;

    public SortedDictionary<string, byte[]> SecondFiles { get; private set; } = null!;

    /// <summary>Write times after the second build, where the first build's files had been set to <see cref="OldTime"/>.</summary>
    public Dictionary<string, DateTime> TimesAfterSecond { get; } = [];

    public Dictionary<string, Episode> Episodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, XDocument> Xml { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FeedParsers.Parsed> Parsed { get; } = new(StringComparer.Ordinal);

    public string Output => First.OutputFolder;

    public const string BaseUrl = "https://podkast.example.no/";

    public static readonly string[] FeedNames = ["feeds/podcast.xml", "feeds/seminar.xml", "feeds/seminar-audio.xml"];

    public async Task InitializeAsync()
    {
        await Add("samtale-om-gevinster", "podcast", new DateOnly(2026, 1, 15), 40_000, season: 1, number: 1,
            speakers: ["Kari Nordmann", "Ola Hansen"]);
        await Add("endringsledelse", "podcast", new DateOnly(2026, 2, 10), 41_234, season: 1, number: 2,
            speakers: ["Per Olsen", "Kari Nordmann"],
            chapters: [("05:00", "Spørsmål fra salen"), ("0", "Innledning"), ("1:30", "Endring i praksis")],
            description: "Hvordan **endringsledelse** gjør digital transformasjon enklere.\n\n- ansatte\n- innbyggere");
        await Add("sommerprat", "podcast", new DateOnly(2026, 6, 20), 39_999, season: 2, number: 1,
            speakers: ["Kari Nordmann"], chapters: []);
        await Add("seminar-varen", "seminar", new DateOnly(2026, 3, 5), 42_000, season: 1, number: 1,
            speakers: ["Kari Nordmann", "Lise Berg"]);
        await Add("seminar-mai", "seminar", new DateOnly(2026, 5, 12), 38_500, season: 1, number: 2,
            speakers: ["Ingrid Dahl"]);

        First = await Builds.BuildAsync(Content);
        FirstFiles = Builds.Snapshot(First.OutputFolder);
        foreach (var file in Directory.EnumerateFiles(First.OutputFolder, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, OldTime.UtcDateTime);
        }

        Second = await Builds.BuildAsync(Content, Builds.Clock(Builds.Now.AddDays(40)));
        SecondFiles = Builds.Snapshot(Second.OutputFolder);
        foreach (var file in Directory.EnumerateFiles(Second.OutputFolder, "*", SearchOption.AllDirectories))
        {
            TimesAfterSecond[Path.GetRelativePath(Second.OutputFolder, file).Replace('\\', '/')] = File.GetLastWriteTimeUtc(file);
        }

        foreach (var name in FeedNames)
        {
            Xml[name] = Builds.LoadFeed(Output, name);
        }

        var parsed = await Task.WhenAll(FeedNames.Select(name => FeedParsers.ParseAsync(Path.Combine(Output, name))));
        for (var i = 0; i < FeedNames.Length; i++)
        {
            Parsed[FeedNames[i]] = parsed[i];
        }
    }

    private async Task Add(string slug, string show, DateOnly date, int bytes, int season, int number, string[] speakers,
        (string Start, string Title)[]? chapters = null, string? description = null)
    {
        Episodes[slug] = await Content.AddEpisodeAsync(slug, show, date, title: $"{char.ToUpperInvariant(slug[0])}{slug[1..].Replace('-', ' ')} – æøå", audioBytes: bytes,
            configure: e =>
            {
                e.Season = season;
                e.EpisodeNumber = number;
                e.Speakers = [.. speakers];
                if (chapters is not null)
                {
                    e.Chapters = [.. chapters.Select(c => new Chapter { Start = c.Start, Title = c.Title })];
                }

                if (description is not null)
                {
                    e.Description = description;
                }
            });
    }

    /// <summary>The show a feed belongs to, and whether it carries the video files.</summary>
    public static (string Show, bool Video) FeedOf(string feed) => feed switch
    {
        "feeds/podcast.xml" => ("podcast", false),
        "feeds/seminar.xml" => ("seminar", true),
        "feeds/seminar-audio.xml" => ("seminar", false),
        _ => throw new ArgumentOutOfRangeException(nameof(feed)),
    };

    /// <summary>The episodes a feed must list, newest first.</summary>
    public List<Episode> ExpectedEpisodes(string feed)
    {
        var (show, _) = FeedOf(feed);
        return [.. Episodes.Values.Where(e => e.Show == show).OrderByDescending(e => e.Date)];
    }

    public static MediaFile ExpectedMedia(string feed, Episode episode) => FeedOf(feed).Video ? episode.Media.Video! : episode.Media.Audio!;

    public long StoredLength(MediaFile media) => new FileInfo(Content.Root.Resolve(media.Path)).Length;

    public Task DisposeAsync()
    {
        Content.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(BuiltFeedsFixture.Collection)]
public sealed class BuiltFeedsCollection : ICollectionFixture<BuiltFeedsFixture>;
