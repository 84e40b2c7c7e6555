using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Media;
using DigitaleFremskritt.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>Runs tests/feed-parsers/parse-feed.mjs: rss-parser and podcast-partytime, two parsers we did not write.</summary>
public static class FeedParsers
{
    public sealed record Parsed(JsonElement RssParser, JsonElement Partytime, string[] PartytimeWarnings);

    public static async Task<Parsed> ParseAsync(string feedFile)
    {
        var (exit, stdout, stderr) = await RunNodeAsync(feedFile);
        if (exit != 0)
        {
            throw new InvalidOperationException($"parse-feed.mjs exited {exit} on {feedFile}: {stderr}");
        }

        var root = JsonDocument.Parse(stdout).RootElement.Clone();
        return new Parsed(
            root.GetProperty("rssParser"),
            root.GetProperty("partytime"),
            [.. root.GetProperty("partytimeWarnings").EnumerateArray().Select(w => w.GetString() ?? "")]);
    }

    public static async Task<(int Exit, string Stdout, string Stderr)> RunNodeAsync(string feedFile)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "tests", "feed-parsers", "parse-feed.mjs"));
        start.ArgumentList.Add(feedFile);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node cannot be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

public static class Builds
{
    /// <summary>A clock in the middle of 2026 (every test episode dated before it is due).</summary>
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);

    public static TimeZoneInfo Oslo { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    public static BuildOutput Builder(TestContent content, TimeProvider? clock = null) =>
        new(content.Root, content.Options, new FfmpegTool(new ToolOptions()), clock ?? Clock(), NullLogger<BuildOutput>.Instance);

    public static Task<BuildResult> BuildAsync(TestContent content, TimeProvider? clock = null) => Builder(content, clock).RunAsync();

    /// <summary>Every file of the output folder (relative name, '/'-separated) with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        }

        return files;
    }

    /// <summary>When an episode dated <paramref name="date"/> is published: 06:00 Oslo time, per Build:PublishTime/TimeZone.</summary>
    public static DateTimeOffset ExpectedPubDate(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(6, 0));
        return new DateTimeOffset(local, Oslo.GetUtcOffset(local));
    }

    public static XDocument LoadFeed(string outputFolder, string name) =>
        XDocument.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(Path.Combine(outputFolder, name))));
}

public static class Ffprobe
{
    public sealed record Image(string Codec, int Width, int Height, string PixelFormat);

    /// <summary>The first video stream as ffprobe itself reports it (not through the code under test).</summary>
    public static Image Probe(string path)
    {
        var json = TestMedia.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,pix_fmt", "-of", "json", path);
        var stream = JsonDocument.Parse(json).RootElement.GetProperty("streams")[0];
        return new Image(
            stream.GetProperty("codec_name").GetString()!,
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32(),
            stream.GetProperty("pix_fmt").GetString()!);
    }

    /// <summary>One still image from an ffmpeg lavfi source, e.g. "color=c=red:size=1000x800".</summary>
    public static string MakeImage(string path, string lavfi, params string[] extra)
    {
        TestMedia.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", lavfi, "-frames:v", "1", .. extra, path]);
        return path;
    }
}

public static class Json
{
    /// <summary>A JSON value as text: strings as is, numbers and booleans in invariant form; null when absent.</summary>
    public static string? Text(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number => current.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => current.GetRawText(),
        };
    }

    public static JsonElement Get(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            Assert.True(current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out current), $"no '{name}' in {element.GetRawText()[..Math.Min(400, element.GetRawText().Length)]}");
        }

        return current;
    }

    public static JsonElement[] Array(this JsonElement element, params string[] path)
    {
        var value = element.Get(path);
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
        return [.. value.EnumerateArray()];
    }

    public static DateTimeOffset Instant(this JsonElement element, params string[] path) =>
        DateTimeOffset.Parse(element.Text(path) ?? throw new InvalidOperationException($"no {string.Join('.', path)}"), CultureInfo.InvariantCulture);
}
