using System.Text.Json;
using System.Xml.Linq;
using DigitaleFremskritt.Build;
using DigitaleFremskritt.Publish.Targets;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Publish.Tests;

public sealed class LocalFolderPublishTests : IDisposable
{
    private readonly TestContent content = new();
    private readonly string folder;
    private readonly Publishing publishing;

    public LocalFolderPublishTests()
    {
        folder = content.Folder("published");
        publishing = new Publishing(content, new LocalFolderTarget(folder, "public", "originals"));
    }

    public void Dispose() => content.Dispose();

    [Fact]
    public async Task Publishes_every_file_with_its_headers_and_a_second_run_uploads_nothing()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await content.AddEpisodeAsync("seminar-tjenestedesign", "seminar");

        var (build, first) = await publishing.RunAsync();

        Assert.NotEmpty(first.Uploads);
        Assert.Equal(0, first.Unchanged);
        foreach (var media in build.Media)
        {
            var published = Path.Combine(folder, "public", media.Name);
            Assert.Equal(await File.ReadAllBytesAsync(media.LocalPath), await File.ReadAllBytesAsync(published));
        }

        foreach (var original in build.Originals)
        {
            Assert.True(File.Exists(Path.Combine(folder, "originals", original.Name)), original.Name);
            Assert.False(File.Exists(Path.Combine(folder, "public", original.Name)), "originals must never be in the public container");
        }

        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "public.manifest.json"))).RootElement;
        var feed = manifest.GetProperty("feeds/podcast.xml");
        Assert.Equal("application/rss+xml; charset=utf-8", feed.GetProperty("ContentType").GetString());
        Assert.Equal("public, max-age=300", feed.GetProperty("CacheControl").GetString());
        var mp3 = manifest.GetProperty(build.Media.First(m => m.Name.EndsWith(".mp3", StringComparison.Ordinal)).Name);
        Assert.Equal("audio/mpeg", mp3.GetProperty("ContentType").GetString());
        Assert.Contains("immutable", mp3.GetProperty("CacheControl").GetString(), StringComparison.Ordinal);
        var chapters = manifest.GetProperty("episodes/gevinster/chapters.json");
        Assert.Equal("application/json+chapters", chapters.GetProperty("ContentType").GetString());
        Assert.Equal(
            Convert.ToBase64String(Md5.Of(await File.ReadAllBytesAsync(Path.Combine(folder, "public", "episodes/gevinster/chapters.json")))),
            chapters.GetProperty("ContentMd5").GetString());

        var (_, second) = await publishing.RunAsync();
        Assert.Empty(second.Uploads);
        Assert.Equal(first.Uploads.Count, second.Unchanged);
    }

    [Fact]
    public async Task A_changed_transcript_is_the_only_upload_and_a_file_deleted_by_hand_comes_back()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await publishing.RunAsync();

        await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder("gevinster"), "transcript.txt"), "Rettet tekst.\n");
        File.Delete(Path.Combine(folder, "public", "episodes/gevinster/transcript.srt"));
        var (_, report) = await publishing.RunAsync();

        Assert.Equal(
            ["episodes/gevinster/transcript.srt", "episodes/gevinster/transcript.txt"],
            report.Uploads.Select(u => u.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Rettet tekst.\n", await File.ReadAllTextAsync(Path.Combine(folder, "public", "episodes/gevinster/transcript.txt")));
    }

    [Fact]
    public async Task Dry_run_lists_the_uploads_and_writes_nothing()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");

        var (build, report) = await publishing.RunAsync(dryRun: true);

        Assert.True(report.DryRun);
        Assert.Contains(report.Uploads, u => u.Name == "feeds/podcast.xml" && u.Reason == "new");
        Assert.Contains(report.Uploads, u => u.Name == build.Media[0].Name);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Media_go_up_before_transcripts_and_feeds_go_up_last()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await content.AddEpisodeAsync("seminar-tjenestedesign", "seminar");

        await publishing.RunAsync();

        var completed = publishing.Events.Where(e => e.Completed).Select(e => e.Name).ToList();

        // Written out by hand (not with the code's own PublicLayout helpers): what a listener's app fetches first.
        var episodes = content.Episodes.LoadAll().ToList();
        var media = episodes.SelectMany(e => new[] { e.Media.Audio, e.Media.Video, e.Media.Poster, e.Media.Waveform }).Where(m => m is not null).Select(m => m!.Path)
            .Concat(episodes.Select(e => Path.GetFileName(e.Source.Archive)))
            .Concat(completed.Where(n => n.StartsWith("artwork/", StringComparison.Ordinal)))
            .ToHashSet();
        Assert.Equal(3 + 5 + 2, media.Count); // podcast: MP3, waveform, original; seminar: + MP4, poster; two covers
        var lastMedia = completed.FindLastIndex(media.Contains);
        var firstTranscript = completed.FindIndex(n => n.StartsWith("episodes/", StringComparison.Ordinal));
        var firstFeed = completed.FindIndex(n => n.StartsWith("feeds/", StringComparison.Ordinal));
        Assert.True(lastMedia < firstTranscript, $"media must all be up before the first transcript: {string.Join(", ", completed)}");
        Assert.True(completed.FindLastIndex(n => n.StartsWith("episodes/", StringComparison.Ordinal)) < firstFeed, "feeds go last");
        Assert.Equal(2 * 5, completed.Count(n => n.StartsWith("episodes/", StringComparison.Ordinal)));
        Assert.Equal(3, completed.Count(n => n.StartsWith("feeds/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_interrupted_publish_keeps_the_old_feed_and_a_rerun_finishes()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await publishing.RunAsync();
        var feedPath = Path.Combine(folder, "public", "feeds/podcast.xml");
        var oldFeed = await File.ReadAllBytesAsync(feedPath);

        await content.AddEpisodeAsync("endringsledelse", "podcast", date: new DateOnly(2026, 2, 1), audioBytes: 300_000);
        using var cancel = new CancellationTokenSource();
        var interrupted = new Publishing(content, new CancelAfterFirstUpload(publishing.Target, cancel));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.RunAsync(cancellationToken: cancel.Token));

        Assert.Equal(oldFeed, await File.ReadAllBytesAsync(feedPath));
        foreach (var url in Enclosures(oldFeed))
        {
            Assert.True(File.Exists(Path.Combine(folder, "public", url.Replace(content.Options.Build.BaseUrl!, "", StringComparison.Ordinal))), url);
        }

        Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories));

        var (_, rerun) = await publishing.RunAsync();
        Assert.Contains(rerun.Uploads, u => u.Name == "feeds/podcast.xml");
        var newFeed = await File.ReadAllBytesAsync(feedPath);
        Assert.Equal(2, Enclosures(newFeed).Count);
        foreach (var url in Enclosures(newFeed))
        {
            Assert.True(File.Exists(Path.Combine(folder, "public", url.Replace(content.Options.Build.BaseUrl!, "", StringComparison.Ordinal))), url);
        }

        var (_, again) = await publishing.RunAsync();
        Assert.Empty(again.Uploads);
    }

    [Fact]
    public async Task Prune_deletes_an_unpublished_episodes_files_after_the_feed_no_longer_lists_it()
    {
        var kept = await content.AddEpisodeAsync("gevinster", "podcast");
        var gone = await content.AddEpisodeAsync("endringsledelse", "podcast");
        await publishing.RunAsync();

        var (_, report) = await publishing.RunAsync(prune: name => name.StartsWith("episodes/endringsledelse/", StringComparison.Ordinal) || name == gone.Media.Audio!.Path,
            exclude: e => e.Slug == "endringsledelse");

        Assert.Contains(gone.Media.Audio!.Path, report.Deletes);
        Assert.False(File.Exists(Path.Combine(folder, "public", gone.Media.Audio!.Path)));
        Assert.False(Directory.Exists(Path.Combine(folder, "public", "episodes/endringsledelse")));
        Assert.True(File.Exists(Path.Combine(folder, "public", kept.Media.Audio!.Path)));
        var feed = await File.ReadAllBytesAsync(Path.Combine(folder, "public", "feeds/podcast.xml"));
        Assert.Single(Enclosures(feed));
        var completed = publishing.Events.Where(e => e.Completed).Select(e => e.Name).ToList();
        Assert.Contains("feeds/podcast.xml", completed);
    }

    [Fact]
    public async Task A_corrupt_md5_cache_is_only_a_cache()
    {
        var episode = await content.AddEpisodeAsync("gevinster", "podcast");
        await File.WriteAllTextAsync(Path.Combine(content.Root.MediaStore, ".md5-cache.json"), "{ \"" + episode.Media.Audio!.Sha256 + "\": \"ikke base64!\" ");

        var (build, report) = await publishing.RunAsync();

        var mp3 = build.Media.Single(m => m.Name == episode.Media.Audio.Path);
        Assert.Contains(report.Uploads, u => u.Name == mp3.Name);
        var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "public.manifest.json"))).RootElement;
        Assert.Equal(Convert.ToBase64String(Md5.Of(await File.ReadAllBytesAsync(mp3.LocalPath))), manifest.GetProperty(mp3.Name).GetProperty("ContentMd5").GetString());
    }

    internal static List<string> Enclosures(byte[] feed) =>
        XDocument.Parse(System.Text.Encoding.UTF8.GetString(feed)).Descendants("enclosure").Select(e => (string)e.Attribute("url")!).ToList();

    /// <summary>A target that lets the first upload through and then cancels the publish, like Ctrl+C mid-run.</summary>
    internal sealed class CancelAfterFirstUpload(IPublishTarget inner, CancellationTokenSource cancel) : IPublishTarget
    {
        public string Description => inner.Description;

        public IBlobContainer PublicContainer { get; } = new Container(inner.PublicContainer, cancel);

        public IBlobContainer PrivateContainer { get; } = new Container(inner.PrivateContainer, cancel);

        private sealed class Container(IBlobContainer inner, CancellationTokenSource cancel) : IBlobContainer
        {
            public string Name => inner.Name;

            public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => inner.EnsureExistsAsync(cancellationToken);

            public IAsyncEnumerable<RemoteBlob> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

            public async Task UploadAsync(LocalBlob blob, IProgress<long>? progress, CancellationToken cancellationToken = default)
            {
                await inner.UploadAsync(blob, progress, cancellationToken);
                await cancel.CancelAsync();
            }

            public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);

            public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
        }
    }
}
