using System.Xml.Linq;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>What the build includes and skips, determinism, stale files and the output folder's safety checks.</summary>
public sealed class BuildOutputTests
{
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";

    private static List<string> Guids(BuildResult result, string feed = "feeds/podcast.xml") =>
        [.. Builds.LoadFeed(result.OutputFolder, feed).Root!.Element("channel")!.Elements("item").Select(i => i.Element("guid")!.Value)];

    private static XElement Item(BuildResult result, Episode episode, string feed = "feeds/podcast.xml") =>
        Builds.LoadFeed(result.OutputFolder, feed).Root!.Element("channel")!.Elements("item").Single(i => i.Element("guid")!.Value == episode.Id);

    /// <summary>
    /// The clock stands at 00:30 on 1 July in Oslo, which is still 30 June in UTC: "today" is Oslo's date, so an
    /// episode dated 1 July is due and one dated 2 July is not.
    /// </summary>
    private static readonly DateTimeOffset JustAfterMidnightInOslo = new(2026, 6, 30, 22, 30, 0, TimeSpan.Zero);

    private static async Task<(TestContent Content, Dictionary<string, Episode> Episodes)> ContentWithEveryKindOfEpisodeAsync()
    {
        var content = new TestContent();
        var episodes = new Dictionary<string, Episode>
        {
            ["klar"] = await content.AddEpisodeAsync("klar", date: new DateOnly(2026, 3, 1)),
            ["i-dag"] = await content.AddEpisodeAsync("i-dag", date: new DateOnly(2026, 7, 1)),
            ["avpublisert"] = await content.AddEpisodeAsync("avpublisert", date: new DateOnly(2026, 2, 1), configure: e => e.Unpublished = true),
            ["i-morgen"] = await content.AddEpisodeAsync("i-morgen", date: new DateOnly(2026, 7, 2)),
            ["uten-tekst"] = await content.AddEpisodeAsync("uten-tekst", date: new DateOnly(2026, 4, 1), transcript: false),
            ["uten-lyd"] = await content.AddEpisodeAsync("uten-lyd", date: new DateOnly(2026, 4, 2), configure: e => e.Media.Audio = null),
            ["ukjent-show"] = await content.AddEpisodeAsync("ukjent-show", date: new DateOnly(2026, 4, 3), configure: e => e.Show = "radio"),
        };
        return (content, episodes);
    }

    [Fact]
    public async Task Unpublished_future_untranscribed_and_audioless_episodes_are_skipped_with_a_reason()
    {
        var (content, episodes) = await ContentWithEveryKindOfEpisodeAsync();
        using var _ = content;
        var result = await Builds.BuildAsync(content, Builds.Clock(JustAfterMidnightInOslo));

        Assert.Equal([episodes["i-dag"].Id, episodes["klar"].Id], Guids(result));
        Assert.Equal(["i-dag", "klar"], result.Episodes.Select(e => e.Slug).Order(StringComparer.Ordinal));
        var skipped = result.Skipped.ToDictionary(s => s.Episode, s => s.Reason);
        Assert.Equal(["avpublisert", "i-morgen", "ukjent-show", "uten-lyd", "uten-tekst"], skipped.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("unpublished", skipped["avpublisert"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2026-07-02", skipped["i-morgen"], StringComparison.Ordinal);
        Assert.Contains("transcript", skipped["uten-tekst"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mp3", skipped["uten-lyd"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("radio", skipped["ukjent-show"], StringComparison.Ordinal);

        // Nothing of a skipped episode is published: no transcripts or chapters, no media to upload.
        foreach (var slug in skipped.Keys)
        {
            Assert.False(Directory.Exists(Path.Combine(result.OutputFolder, "episodes", slug)), $"{slug} has files in the output");
            Assert.DoesNotContain(result.Media, m => episodes[slug].Media.Audio?.Path == m.Name || episodes[slug].Media.Waveform?.Path == m.Name);
        }

        Assert.True(File.Exists(Path.Combine(result.OutputFolder, "episodes", "klar", "transcript.vtt")));
    }

    [Fact]
    public async Task A_day_later_the_scheduled_episode_is_published()
    {
        var (content, episodes) = await ContentWithEveryKindOfEpisodeAsync();
        using var _ = content;
        var result = await Builds.BuildAsync(content, Builds.Clock(JustAfterMidnightInOslo.AddDays(1)));
        Assert.Equal([episodes["i-morgen"].Id, episodes["i-dag"].Id, episodes["klar"].Id], Guids(result));
        Assert.DoesNotContain(result.Skipped, s => s.Episode == "i-morgen");
    }

    [Fact]
    public async Task Before_midnight_in_Oslo_todays_episode_waits()
    {
        var (content, episodes) = await ContentWithEveryKindOfEpisodeAsync();
        using var _ = content;
        var result = await Builds.BuildAsync(content, Builds.Clock(JustAfterMidnightInOslo.AddHours(-1)));
        Assert.Equal([episodes["klar"].Id], Guids(result));
        Assert.Contains(result.Skipped, s => s.Episode == "i-dag");
    }

    [Fact]
    public async Task PublishWithoutTranscript_lets_an_untranscribed_episode_through_without_transcript_tags()
    {
        var (content, episodes) = await ContentWithEveryKindOfEpisodeAsync();
        using var _ = content;
        content.Options.Build.PublishWithoutTranscript = true;
        var result = await Builds.BuildAsync(content, Builds.Clock(JustAfterMidnightInOslo));
        Assert.Contains(episodes["uten-tekst"].Id, Guids(result));
        Assert.Empty(Item(result, episodes["uten-tekst"]).Elements(Podcast + "transcript"));
        Assert.NotEmpty(Item(result, episodes["klar"]).Elements(Podcast + "transcript"));
        Assert.Equal(["avpublisert", "i-morgen", "ukjent-show", "uten-lyd"], result.Skipped.Select(s => s.Episode).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Excluded_episodes_are_skipped_as_unpublished()
    {
        using var content = new TestContent();
        var keep = await content.AddEpisodeAsync("beholdes");
        var drop = await content.AddEpisodeAsync("droppes");
        var result = await Builds.Builder(content).RunAsync(e => e.Slug == drop.Slug);
        Assert.Equal([keep.Id], Guids(result));
        Assert.Equal("unpublished", Assert.Single(result.Skipped, s => s.Episode == drop.Slug).Reason);
    }

    [Fact]
    public async Task Unpublishing_an_episode_removes_its_files_and_only_its_files()
    {
        using var content = new TestContent();
        var keep = await content.AddEpisodeAsync("beholdes", date: new DateOnly(2026, 2, 1));
        var drop = await content.AddEpisodeAsync("trekkes", date: new DateOnly(2026, 3, 1));
        var first = await Builds.BuildAsync(content);
        Assert.Equal([drop.Id, keep.Id], Guids(first));
        Assert.True(File.Exists(Path.Combine(first.OutputFolder, "episodes", "trekkes", "chapters.json")));
        var before = Builds.Snapshot(first.OutputFolder);

        drop.Unpublished = true;
        await content.Episodes.SaveAsync(drop);
        var second = await Builds.BuildAsync(content);

        Assert.Equal([keep.Id], Guids(second));
        Assert.False(Directory.Exists(Path.Combine(second.OutputFolder, "episodes", "trekkes")));
        var after = Builds.Snapshot(second.OutputFolder);
        var removed = before.Keys.Except(after.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["episodes/trekkes/chapters.json", "episodes/trekkes/transcript.json", "episodes/trekkes/transcript.srt", "episodes/trekkes/transcript.txt", "episodes/trekkes/transcript.vtt"], removed);
        Assert.Equal(removed, second.Removed.Order(StringComparer.Ordinal));
        Assert.Empty(after.Keys.Except(before.Keys));
        Assert.DoesNotContain(second.Media, m => m.Name == drop.Media.Audio!.Path);
        Assert.True(File.Exists(content.Root.Resolve(drop.Media.Audio!.Path)), "the media store keeps the unpublished episode's audio");
        foreach (var name in after.Keys.Where(n => n.StartsWith("episodes/beholdes/", StringComparison.Ordinal)))
        {
            Assert.Equal(before[name], after[name]);
        }
    }

    [Fact]
    public async Task A_changed_title_rewrites_the_feeds_only_and_keeps_the_guid()
    {
        using var content = new TestContent();
        var episode = await content.AddEpisodeAsync("endres");
        var first = await Builds.BuildAsync(content);
        var old = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(first.OutputFolder, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        episode.Title = "Ny tittel";
        await content.Episodes.SaveAsync(episode);
        var second = await Builds.BuildAsync(content);
        var item = Item(second, episode);
        Assert.Equal("Ny tittel", (string?)item.Element("title"));
        Assert.Equal(episode.Id, item.Element("guid")!.Value);
        foreach (var file in Directory.EnumerateFiles(second.OutputFolder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(second.OutputFolder, file).Replace('\\', '/');
            var rewritten = name == "feeds/podcast.xml";
            Assert.True(rewritten == (File.GetLastWriteTimeUtc(file) != old), $"{name}: {(rewritten ? "not rewritten" : "rewritten needlessly")}");
        }
    }

    [Fact]
    public async Task Builds_at_different_times_into_different_folders_are_byte_identical()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en", date: new DateOnly(2026, 1, 10));
        await content.AddEpisodeAsync("to", date: new DateOnly(2026, 5, 10));
        await content.AddEpisodeAsync("seminar-en", show: "seminar", date: new DateOnly(2026, 3, 10));
        var first = await Builds.BuildAsync(content, Builds.Clock(Builds.Now));
        content.Options.Build.OutputFolder = content.Folder("andre-ut");
        var second = await Builds.BuildAsync(content, Builds.Clock(Builds.Now.AddDays(100).AddHours(7)));
        Assert.NotEqual(first.OutputFolder, second.OutputFolder);
        var a = Builds.Snapshot(first.OutputFolder);
        var b = Builds.Snapshot(second.OutputFolder);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var name in a.Keys)
        {
            Assert.True(a[name].AsSpan().SequenceEqual(b[name]), $"{name} differs between builds");
        }
    }

    [Fact]
    public async Task A_foreign_non_empty_output_folder_is_refused_and_left_alone()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        var foreign = content.Folder("noe-annet");
        var precious = Path.Combine(foreign, "viktig.txt");
        await File.WriteAllTextAsync(precious, "ikke slett meg");
        content.Options.Build.OutputFolder = foreign;

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains(foreign, error.Message, StringComparison.Ordinal);
        Assert.Equal("ikke slett meg", await File.ReadAllTextAsync(precious));
        Assert.Equal([precious], Directory.EnumerateFileSystemEntries(foreign));
    }

    [Fact]
    public async Task An_empty_existing_folder_is_accepted_and_marked()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        var empty = content.Folder("tom");
        content.Options.Build.OutputFolder = empty;
        var result = await Builds.BuildAsync(content);
        Assert.Equal(empty, result.OutputFolder);
        Assert.True(File.Exists(Path.Combine(empty, BuildOutput.MarkerFileName)));
        Assert.True(File.Exists(Path.Combine(empty, "feeds", "podcast.xml")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("media")]
    [InlineData("media/ut")]
    [InlineData("ingest/ut")]
    public async Task An_output_folder_that_holds_the_content_or_lies_in_the_store_is_refused(string relative)
    {
        using var content = new TestContent();
        var episode = await content.AddEpisodeAsync("en");
        content.Options.Build.OutputFolder = relative;
        var before = Directory.EnumerateFiles(content.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains("output folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateFiles(content.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(content.Root.Resolve(episode.Media.Audio!.Path)));
    }

    [Fact]
    public async Task An_absolute_output_folder_above_the_content_root_is_refused()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        content.Options.Build.OutputFolder = Path.GetDirectoryName(content.Root.Path);
        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains(content.Root.Path, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadCovers => new()
    {
        { "color=c=red:size=1000x800", "square" },
        { "color=c=red:size=1000x1000", "1400" },
        { "color=c=red:size=3200x3200", "3000" },
    };

    [Theory]
    [MemberData(nameof(BadCovers))]
    public async Task Bad_cover_art_fails_naming_the_file(string lavfi, string rule)
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        var cover = Ffprobe.MakeImage(Path.Combine(content.Path, "dårlig omslag.jpg"), lavfi);
        content.Options.Shows["podcast"].CoverArt = cover;
        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains(cover, error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grey_or_non_image_cover_art_fails_naming_the_file()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        var grey = Ffprobe.MakeImage(Path.Combine(content.Path, "grå.png"), "color=c=gray:size=1400x1400", "-pix_fmt", "gray");
        Assert.StartsWith("gray", Ffprobe.Probe(grey).PixelFormat, StringComparison.Ordinal);
        content.Options.Shows["podcast"].CoverArt = grey;
        Assert.Contains(grey, (await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content))).Message, StringComparison.Ordinal);

        var text = Path.Combine(content.Path, "ikke-bilde.jpg");
        await File.WriteAllTextAsync(text, "dette er ikke et bilde");
        content.Options.Shows["podcast"].CoverArt = text;
        Assert.Contains(text, (await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content))).Message, StringComparison.Ordinal);

        var missing = Path.Combine(content.Path, "finnes-ikke.png");
        content.Options.Shows["podcast"].CoverArt = missing;
        Assert.Contains(missing, (await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_3000_px_PNG_cover_is_accepted_as_png()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        var cover = Ffprobe.MakeImage(Path.Combine(content.Path, "stor.png"), "color=c=blue:size=3000x3000");
        content.Options.Shows["podcast"].CoverArt = cover;
        var result = await Builds.BuildAsync(content);
        var href = (string?)Builds.LoadFeed(result.OutputFolder, "feeds/podcast.xml").Root!.Element("channel")!.Element(Itunes + "image")!.Attribute("href");
        Assert.EndsWith(".png", href, StringComparison.Ordinal);
        var art = Ffprobe.Probe(Path.Combine(result.OutputFolder, href![BuildOutput.NormaliseBaseUrl(content.Options.Build.BaseUrl!).Length..]));
        Assert.Equal(("png", 3000, 3000), (art.Codec, art.Width, art.Height));
    }

    [Theory]
    [InlineData("Technology/Gadgets")]
    [InlineData("Teknologi")]
    [InlineData("Education/courses")]
    [InlineData("Government/Local")]
    public async Task A_bad_Apple_category_fails_naming_it(string category)
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        content.Options.Shows["podcast"].Categories = ["Government", category];
        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains(category, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_show_episode_without_video_is_in_the_audio_feed_only()
    {
        using var content = new TestContent();
        var both = await content.AddEpisodeAsync("med-video", show: "seminar", date: new DateOnly(2026, 2, 1));
        var audioOnly = await content.AddEpisodeAsync("bare-lyd", show: "seminar", date: new DateOnly(2026, 3, 1), configure: e => e.Media.Video = null);
        var result = await Builds.BuildAsync(content);
        Assert.Equal([both.Id], Guids(result, "feeds/seminar.xml"));
        Assert.Equal([audioOnly.Id, both.Id], Guids(result, "feeds/seminar-audio.xml"));
        Assert.Equal(["feeds/podcast.xml", "feeds/seminar-audio.xml", "feeds/seminar.xml"], result.Feeds.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_pinned_podcast_guid_survives_a_move_to_another_url_and_a_bad_one_is_refused()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("flytting", show: "seminar");
        string Guid(BuildResult result, string feed) =>
            XDocument.Load(Path.Combine(result.OutputFolder, feed)).Root!.Element("channel")!.Element(Podcast + "guid")!.Value;

        var before = await Builds.BuildAsync(content);
        var (videoBefore, audioBefore) = (Guid(before, "feeds/seminar.xml"), Guid(before, "feeds/seminar-audio.xml"));
        content.Options.Shows["seminar"].PodcastGuid = videoBefore;
        content.Options.Build.BaseUrl = "https://ny.example.no/podkast/";
        var after = await Builds.BuildAsync(content);

        Assert.Equal(videoBefore, Guid(after, "feeds/seminar.xml"));
        Assert.NotEqual(audioBefore, Guid(after, "feeds/seminar-audio.xml"));
        Assert.Equal(PodcastGuid.ForFeedUrl("https://ny.example.no/podkast/feeds/seminar-audio.xml").ToString("D"), Guid(after, "feeds/seminar-audio.xml"));

        content.Options.Shows["seminar"].AudioPodcastGuid = "ikke-en-guid";
        var error = await Assert.ThrowsAsync<DigitaleFremskritt.Build.Feeds.FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains("Shows:seminar:AudioPodcastGuid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("poster", "media/./originals/{original}")]
    [InlineData("waveform", "media/../lurt/episode.yaml")]
    [InlineData("audio", "media/originals/{original}")]
    [InlineData("audio", "/etc/passwd")]
    public async Task A_hand_edited_media_path_can_never_publish_another_file(string field, string path)
    {
        using var content = new TestContent();
        var episode = await content.AddEpisodeAsync("lurt");
        path = path.Replace("{original}", Path.GetFileName(episode.Source.Archive), StringComparison.Ordinal);
        var media = new MediaFile { Path = path, Sha256 = episode.Source.Sha256, Bytes = 1, ContentType = "image/jpeg" };
        switch (field)
        {
            case "poster": episode.Media.Poster = media; break;
            case "waveform": episode.Media.Waveform = media; break;
            default: episode.Media.Audio = media; break;
        }

        await content.Episodes.SaveAsync(episode);

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains(Path.Combine(content.Root.EpisodeFolder("lurt"), "episode.yaml"), error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_edited_archive_path_is_refused()
    {
        using var content = new TestContent();
        var episode = await content.AddEpisodeAsync("arkiv");
        episode.Source.Archive = "arkiv/episode.yaml";
        await content.Episodes.SaveAsync(episode);

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains("source archive 'arkiv/episode.yaml'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_episode_whose_slug_does_not_match_its_folder_is_an_error_not_a_second_copy()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("gevinster");
        await content.AddEpisodeAsync("kopi");
        var yaml = Path.Combine(content.Root.EpisodeFolder("kopi"), "episode.yaml");
        await File.WriteAllTextAsync(yaml, (await File.ReadAllTextAsync(yaml)).Replace("slug: kopi", "slug: gevinster", StringComparison.Ordinal));

        var result = await Builds.BuildAsync(content);

        var error = Assert.Single(result.Errors);
        Assert.Contains("slug 'gevinster' does not match the folder name 'kopi'", error.Episode, StringComparison.Ordinal);
        Assert.Single(Guids(result));
    }

    [Fact]
    public async Task Each_speaker_is_one_podcast_person_however_the_name_is_spaced()
    {
        using var content = new TestContent();
        var episode = await content.AddEpisodeAsync("mellomrom", configure: e => e.Speakers = ["Kari Nordmann", " Kari Nordmann ", "Ola  Hansen", "Ola Hansen"]);
        var result = await Builds.BuildAsync(content);
        var persons = Item(result, episode).Elements(Podcast + "person").Select(p => (p.Value, (string?)p.Attribute("role"))).ToList();
        Assert.Equal([("Kari Nordmann", "host"), ("Ola Hansen", "guest")], persons);
    }

    [Fact]
    public async Task An_explicit_show_does_not_mark_its_episodes_clean()
    {
        using var content = new TestContent();
        var episode = await content.AddEpisodeAsync("eksplisitt");
        content.Options.Shows["podcast"].Explicit = true;
        var result = await Builds.BuildAsync(content);
        var channel = Builds.LoadFeed(result.OutputFolder, "feeds/podcast.xml").Root!.Element("channel")!;
        Assert.Equal("true", (string?)channel.Element(Itunes + "explicit"));
        // Apple reads <itunes:explicit> per episode; "false" there would label every episode of an explicit show clean.
        Assert.NotEqual("false", (string?)Item(result, episode).Element(Itunes + "explicit"));
    }
}
