using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>`fremskritt watch` as a real process: a batch of drops, hostile metadata, and the log it writes.</summary>
[Collection(WatchProcess.Collection)]
public sealed partial class WatchServiceTests : IDisposable
{
    private const int Batch = 50;
    private const string Payload = "<script>alert(\"x\")</script> & ]]> 'Ø' <img src=x onerror=alert(1)>";

    private readonly TempFolder temp = new();
    private readonly string content;
    private readonly string published;

    public WatchServiceTests()
    {
        content = temp.Folder("innhold");
        published = temp.Folder("publisert");
        Directory.CreateDirectory(Path.Combine(content, "ingest"));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Fifty_recordings_dropped_at_once_all_reach_the_feed_with_bounded_memory_and_hostile_metadata_stays_text()
    {
        using var service = WatchProcess.Start(content, published, "--set", "Ingest:Concurrency=2");
        Assert.True(await service.WaitForLineAsync("watching", TimeSpan.FromSeconds(60)), service.Output);

        // Generated in a scratch folder, then renamed in together: "dropped at once".
        var scratch = temp.Folder("lager");
        for (var i = 0; i < Batch; i++)
        {
            TestMedia.Lavfi(Path.Combine(scratch, $"opptak {i:00}.wav"), string.Create(CultureInfo.InvariantCulture, $"sine=frequency={200 + (i * 15)}:sample_rate=44100"), 3.5);
        }

        await File.WriteAllTextAsync(Path.Combine(scratch, "opptak 07.yaml"), $"""
            title: '{Payload.Replace("'", "''", StringComparison.Ordinal)}'
            description: '{Payload.Replace("'", "''", StringComparison.Ordinal)}'
            chapters:
              - start: "0"
                title: '{Payload.Replace("'", "''", StringComparison.Ordinal)}'
            """);
        foreach (var file in Directory.EnumerateFiles(scratch))
        {
            File.Move(file, Path.Combine(content, "ingest", Path.GetFileName(file)));
        }

        Assert.True(await service.WaitForLineCountAsync("publish done", Batch, TimeSpan.FromMinutes(6)), service.Output);
        var peak = service.PeakMemoryMiB();
        await service.StopAsync();
        Assert.Equal(0, service.ExitCode);

        // One log line per stage per recording, each with its duration.
        var log = service.Output;
        Assert.Equal(Batch, IngestLine().Count(log));
        Assert.Equal(Batch, TranscribeLine().Count(log));
        Assert.Equal(Batch, BuildLine().Count(log));
        Assert.Equal(Batch, PublishLine().Count(log));
        Assert.True(peak < 600, $"the service peaked at {peak:0} MiB for {Batch} recordings");

        var feed = XDocument.Load(Path.Combine(published, "public", "feeds", "podcast.xml"));
        var items = feed.Descendants("item").ToList();
        Assert.Equal(Batch, items.Count);

        // The hostile title is the same text in the feed (XML), on the page (HTML), in the chapters (JSON) and in the MP3 (ID3).
        var hostile = items.Single(i => i.Element("title")!.Value == Payload);
        var slug = new Uri(hostile.Element("link")!.Value).AbsolutePath.Trim('/').Split('/')[^1];
        var page = await File.ReadAllTextAsync(Path.Combine(published, "public", "episodes", slug, "index.html"));
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", page, StringComparison.Ordinal);
        var chapters = Path.Combine(published, "public", "episodes", slug, "chapters.json");
        using (var json = JsonDocument.Parse(await File.ReadAllBytesAsync(chapters)))
        {
            Assert.Equal(Payload, json.RootElement.GetProperty("chapters")[0].GetProperty("title").GetString());
        }

        var mp3 = Path.Combine(published, "public", Uri.UnescapeDataString(new Uri(hostile.Element("enclosure")!.Attribute("url")!.Value).AbsolutePath.TrimStart('/')));
        Assert.Equal(Payload, TestMedia.Run("ffprobe", "-v", "error", "-show_entries", "format_tags=title", "-of", "default=nw=1:nk=1", mp3).Trim());
    }

    [Fact]
    public async Task A_storage_outage_during_publishing_is_retried_and_recovers_when_storage_is_back()
    {
        using var azurite = new Azurite();
        await azurite.InitializeAsync();
        var connection = azurite.ConnectionString;
        await azurite.StopAsync();

        using var service = WatchProcess.Start(content, published, "--set", "Publish:Target=Azure", "--set", $"Publish:Azure:ConnectionString={connection}",
            "--set", "Publish:Azure:MaxRetries=0", "--set", "Watch:BackoffSeconds=1", "--set", "Watch:MaxBackoffSeconds=2", "--set", "Watch:MaxAttempts=100");
        Assert.True(await service.WaitForLineAsync("watching", TimeSpan.FromSeconds(60)), service.Output);
        // Made elsewhere and moved in whole (espeak-ng writes scratch files next to its output).
        File.Move(TestMedia.Speech(Path.Combine(temp.Folder("lager"), "opptak.wav")), Path.Combine(content, "ingest", "opptak.wav"));

        Assert.True(await service.WaitForLineAsync("publish failed (attempt 1 of 100)", TimeSpan.FromSeconds(120)), service.Output);
        await azurite.StartAsync();
        Assert.True(await service.WaitForLineAsync("opptak.wav: publish done", TimeSpan.FromSeconds(120)), service.Output);
        await service.StopAsync();

        var blobs = new Azure.Storage.Blobs.BlobContainerClient(connection, "public");
        var feed = (await blobs.GetBlobClient("feeds/podcast.xml").DownloadContentAsync()).Value.Content.ToString();
        var enclosures = XDocument.Parse(feed).Descendants("enclosure").ToList();
        Assert.True(enclosures.Count == 1, feed);
        var enclosure = enclosures[0].Attribute("url")!.Value;
        Assert.True((await blobs.GetBlobClient(new Uri(enclosure).AbsolutePath.Split("/public/")[1]).ExistsAsync()).Value, $"{enclosure} is not in the container");
        Assert.DoesNotContain(Azurite.AccountKey, service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_workers_on_one_queue_process_twenty_recordings_with_no_duplicates()
    {
        using var azurite = new Azurite();
        await azurite.InitializeAsync();
        string[] queueSettings = ["--set", $"Queue:ConnectionString={azurite.ConnectionString}", "--set", "Queue:PollSeconds=0.5"];

        using var watcher = WatchProcess.Start("watch", content, published, ["--queue", "--rescan", "1", .. queueSettings]);
        using var first = WatchProcess.Start("worker", content, published, ["--name", "arbeider-1", .. queueSettings]);
        using var second = WatchProcess.Start("worker", content, published, ["--name", "arbeider-2", .. queueSettings]);
        foreach (var process in new[] { watcher, first, second })
        {
            Assert.True(await process.WaitForLineAsync("info: ", TimeSpan.FromSeconds(60)), process.Output);
        }

        const int Jobs = 20;
        var scratch = temp.Folder("lager");
        for (var i = 0; i < Jobs; i++)
        {
            TestMedia.Lavfi(Path.Combine(scratch, $"opptak {i:00}.wav"), string.Create(CultureInfo.InvariantCulture, $"sine=frequency={300 + (i * 20)}:sample_rate=44100"), 3.5);
        }

        foreach (var file in Directory.EnumerateFiles(scratch))
        {
            File.Move(file, Path.Combine(content, "ingest", Path.GetFileName(file)));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline && PublishLine().Count(first.Output) + PublishLine().Count(second.Output) < Jobs)
        {
            await Task.Delay(250);
        }

        foreach (var process in new[] { watcher, first, second })
        {
            await process.StopAsync();
        }

        var log = $"{watcher.Output}\n{first.Output}\n{second.Output}";
        var ingestedBy = new[] { first, second }.Select(w => IngestLine().Count(w.Output)).ToList();
        Assert.True(Jobs == ingestedBy.Sum(), $"ingested {ingestedBy.Sum()} times for {Jobs} recordings:\n{log}");
        Assert.All(ingestedBy, n => Assert.True(n > 0, $"a worker took no job:\n{log}"));
        Assert.Equal(Jobs, Regex.Count(watcher.Output, "and enqueued"));
        var episodes = Directory.EnumerateFiles(content, "episode.yaml", SearchOption.AllDirectories).ToList();
        Assert.Equal(Jobs, episodes.Count);
        Assert.Equal(Jobs, episodes.Select(e => File.ReadLines(e).First(l => l.TrimStart().StartsWith("sha256:", StringComparison.Ordinal))).Distinct().Count());
        Assert.Equal(Jobs, Directory.EnumerateFiles(Path.Combine(content, "ingest", "done")).Count());
        var feed = XDocument.Load(Path.Combine(published, "public", "feeds", "podcast.xml"));
        Assert.Equal(Jobs, feed.Descendants("item").Count());
    }

    [GeneratedRegex(@"info: (worker \S+: )?opptak \d\d\.wav: ingest ingested in \d+\.\d s \(archive, normalise, QC\) -> episode ")]
    private static partial Regex IngestLine();

    [GeneratedRegex(@"info: opptak \d\d\.wav: transcribe in \d+\.\d s: ")]
    private static partial Regex TranscribeLine();

    [GeneratedRegex(@"info: opptak \d\d\.wav: build done in \d+\.\d s")]
    private static partial Regex BuildLine();

    [GeneratedRegex(@"info: (worker \S+: )?opptak \d\d\.wav: publish done in \d+\.\d s \(\d+ files uploaded\) -> episode \S+ live, \d+\.\d s after it was dropped")]
    private static partial Regex PublishLine();
}
