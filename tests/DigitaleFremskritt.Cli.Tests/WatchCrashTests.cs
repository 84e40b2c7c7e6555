using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>
/// `fremskritt watch` as a real process (setsid, its own process group), killed with SIGKILL in the middle of different
/// stages and started again: every recording must end up published exactly once, with nothing lost, nothing doubled,
/// no half-written file visible and no feed pointing at missing media.
/// </summary>
[Collection(WatchProcess.Collection)]
public sealed class WatchCrashTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string content;
    private readonly string published;

    public WatchCrashTests()
    {
        content = temp.Folder("innhold");
        published = temp.Folder("publisert");
        Directory.CreateDirectory(Path.Combine(content, "ingest"));
    }

    public void Dispose() => temp.Dispose();

    private static readonly string[] Names = ["første opptak.wav", "andre opptak.wav", "tredje opptak.wav"];

    public static TheoryData<string> KillPoints => new() { "normalising", "transcribing", "between-recordings", "building", "publishing" };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task Killed_with_sigkill_then_restarted_every_recording_is_published_exactly_once(string killPoint)
    {
        // With a (tiny, test-made) Whisper model the service transcribes each new episode right after making it.
        var model = killPoint == "transcribing" ? TinyWhisperModel.Write(Path.Combine(temp.Path, "ggml-tiny-test.bin")) : null;
        string[] settings = ["--rescan", "1", "--set", "Transcription:TemperatureIncrement=0"];
        var log = "";

        // A kill point is a moment in a running process; on a busy machine a short stage (publishing a few small
        // files takes a tenth of a second) can be over before the kill lands. Then the run tested nothing: start over.
        for (var attempt = 1; ; attempt++)
        {
            Reset();
            using var first = WatchProcess.Start("watch", content, published, settings, model);
            var killed = killPoint switch
            {
                "normalising" => await first.WaitForLineAsync("queued", TimeSpan.FromSeconds(60)) && await Delay(1500),
                "transcribing" => await first.KillWhenAsync(() => Directory.EnumerateFiles(content, "episode.yaml", SearchOption.AllDirectories).Any(), TimeSpan.FromSeconds(120)),
                "between-recordings" => await first.WaitForLineAsync("ingest ingested", TimeSpan.FromSeconds(120)),
                "building" => await first.KillWhenAsync(() => Directory.Exists(Path.Combine(content, "out")), TimeSpan.FromSeconds(180)),
                _ => await first.KillWhenAsync(PublishingStarted, TimeSpan.FromSeconds(180)),
            };
            Assert.True(killed, $"never reached '{killPoint}':\n{first.Output}");
            first.Kill();
            if (Jobs().Count(j => j.Stage == "Published") < Names.Length)
            {
                break;
            }

            Assert.True(attempt < 5, $"killed too late to test anything, {attempt} times:\n{first.Output}");
        }

        using (var second = WatchProcess.Start("watch", content, published, settings, model))
        {
            var done = await WaitUntilAsync(() => Jobs().Count == Names.Length && Jobs().All(j => j.Stage == "Published"), TimeSpan.FromSeconds(240));
            Assert.True(done, $"not all published after the restart:\n{second.Output}\njobs: {string.Join(", ", Jobs().Select(j => $"{j.File}={j.Stage} {j.LastError}"))}");
            await second.StopAsync();
            log = second.Output;
            Assert.True(0 == second.ExitCode, $"exit {second.ExitCode} after SIGTERM:\n{second.Output}");
        }

        // Nothing lost, nothing doubled: one episode per recording, each original archived, the ingest folder empty.
        var episodes = Directory.EnumerateFiles(content, "episode.yaml", SearchOption.AllDirectories).ToList();
        Assert.True(Names.Length == episodes.Count, $"{episodes.Count} episodes: {string.Join(", ", episodes)}; jobs: {string.Join(", ", Jobs().Select(j => $"{j.File}={j.Stage} {j.Episode}"))}\n{log}");
        var sources = episodes.Select(e => File.ReadAllLines(e).First(l => l.TrimStart().StartsWith("sha256:", StringComparison.Ordinal))).ToList();
        Assert.Equal(Names.Length, sources.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(content, "ingest")));
        Assert.Equal(Names.Order(StringComparer.Ordinal), Directory.EnumerateFiles(Path.Combine(content, "ingest", "done")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Names.Length, Directory.EnumerateFiles(Path.Combine(content, "media", "originals")).Count());

        // With a model, every episode ends up transcribed, also one whose transcription the kill interrupted.
        if (model is not null)
        {
            foreach (var episode in episodes)
            {
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(episode)!, "transcript.vtt")), $"{episode} has no transcript:\n{log}");
                Assert.DoesNotContain("TranscriptPending", File.ReadAllText(episode), StringComparison.Ordinal);
            }
        }

        // No half-written file anywhere, no staging folder left.
        foreach (var folder in new[] { content, published })
        {
            Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories));
            Assert.Empty(Directory.EnumerateDirectories(folder, ".episode-*", SearchOption.AllDirectories));
        }

        // The published feed lists each episode once, and every enclosure is there with its stated length.
        var feed = XDocument.Load(Path.Combine(published, "public", "feeds", "podcast.xml"));
        var items = feed.Descendants("item").ToList();
        Assert.Equal(Names.Length, items.Count);
        Assert.Equal(Names.Length, items.Select(i => i.Element("guid")!.Value).Distinct(StringComparer.Ordinal).Count());
        foreach (var enclosure in items.Select(i => i.Element("enclosure")!))
        {
            var url = new Uri(enclosure.Attribute("url")!.Value);
            var file = Path.Combine(published, "public", Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')));
            Assert.True(File.Exists(file), $"the feed points at {url}, which was not published");
            Assert.Equal(long.Parse(enclosure.Attribute("length")!.Value, System.Globalization.CultureInfo.InvariantCulture), new FileInfo(file).Length);
        }
    }

    /// <summary>Empty content root and publish folder, three recordings in the ingest folder.</summary>
    private void Reset()
    {
        foreach (var folder in new[] { content, published })
        {
            Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
        }

        // Long enough that normalising takes a while; different levels, so each is its own recording (the same
        // bytes under another name would rightly be a duplicate).
        Directory.CreateDirectory(Path.Combine(content, "ingest"));
        for (var i = 0; i < Names.Length; i++)
        {
            File.Move(TestMedia.LongSpeech(Path.Combine(temp.Folder("lager"), Names[i]), 20, gainDb: -6 - (2 * i)), Path.Combine(content, "ingest", Names[i]));
        }
    }

    private static async Task<bool> Delay(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return true;
    }

    /// <summary>Publishing has begun when the first media file lands in the published folder.</summary>
    private bool PublishingStarted()
    {
        var media = Path.Combine(published, "public", "media");
        return Directory.Exists(media) && Directory.EnumerateFiles(media, "*", SearchOption.AllDirectories).Any();
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, int pollMilliseconds = 250)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(pollMilliseconds);
        }

        return condition();
    }

    private sealed record JobView(string File, string Stage, string? LastError, string? Episode);

    private List<JobView> Jobs()
    {
        var folder = Path.Combine(content, "state", "jobs");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*.json").Select(f =>
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(f));
            var root = json.RootElement;
            return new JobView(root.GetProperty("file").GetString()!, root.GetProperty("stage").GetString()!,
                root.TryGetProperty("lastError", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
                root.TryGetProperty("episode", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null);
        })];
    }
}
