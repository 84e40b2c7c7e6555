using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;
using Spectre.Console;

namespace DigitaleFremskritt.Cli.Tests;

/// <summary>`fremskritt serve`: the built output folder and the media store over real HTTP (Kestrel on a free 127.0.0.1 port).</summary>
public sealed partial class ServeTests : IDisposable
{
    private const int AudioBytes = 300_000;
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    private string Out => Path.Combine(content.Root.Path, "out");

    private Task<(int Exit, string Output)> Run(params string[] args) => CliRunner.RunAsync([.. args, "--content", content.Root.Path]);

    /// <summary>Two episodes (audio and video), built with `fremskritt build`, served in-process on a free port.</summary>
    private async Task<Served> BuildAndServeAsync()
    {
        var audio = await content.AddEpisodeAsync("gevinster", "podcast", audioBytes: AudioBytes);
        var video = await content.AddEpisodeAsync("seminaret", "seminar", audioBytes: 20_000);
        var (exit, output) = await Run("build");
        Assert.True(exit == 0, output);

        var server = await PreviewServer.StartAsync(new PreviewServerOptions { OutputFolder = Out, MediaStore = content.Root.MediaStore, Port = 0 });
        return new Served(server, new HttpClient { BaseAddress = server.Address }, audio, video);
    }

    private sealed record Served(PreviewServer Server, HttpClient Http, Episode Audio, Episode Video) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Help_explains_the_options()
    {
        var (exit, output) = await CliRunner.RunAsync("serve", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--port", output, StringComparison.Ordinal);
        Assert.Contains("--host", output, StringComparison.Ordinal);
        Assert.Contains("--output", output, StringComparison.Ordinal);
        Assert.Contains("--content", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_the_built_tree_with_the_published_content_types()
    {
        await using var served = await BuildAndServeAsync();
        var (server, http, _, _) = served;

        Assert.Equal("127.0.0.1", server.Address.Host);
        Assert.NotEqual(0, server.Address.Port);
        var expected = new Dictionary<string, string>
        {
            ["feeds/podcast.xml"] = "application/rss+xml; charset=utf-8",
            ["feeds/seminar-audio.xml"] = "application/rss+xml; charset=utf-8",
            ["episodes/gevinster/transcript.vtt"] = "text/vtt; charset=utf-8",
            ["episodes/gevinster/transcript.srt"] = "application/x-subrip",
            ["episodes/gevinster/transcript.json"] = "application/json",
            ["episodes/gevinster/transcript.txt"] = "text/plain; charset=utf-8",
            ["episodes/gevinster/chapters.json"] = "application/json+chapters",
        };
        foreach (var (name, type) in expected)
        {
            using var response = await http.GetAsync(name);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.ToString());
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Out, name)), await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        }

        var artwork = Path.GetRelativePath(Out, Directory.EnumerateFiles(Path.Combine(Out, "artwork")).First()).Replace('\\', '/');
        using var art = await http.GetAsync(artwork);
        Assert.Equal(HttpStatusCode.OK, art.StatusCode);
        Assert.Equal("image/jpeg", art.Content.Headers.ContentType?.ToString());
        Assert.Equal("public, max-age=31536000, immutable", art.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Enclosures_come_from_the_media_store_with_ranges_head_and_etags()
    {
        await using var served = await BuildAndServeAsync();
        var (_, http, audio, video) = served;
        Assert.False(Directory.Exists(Path.Combine(Out, "media")), "media are not copied into out/");

        var feed = XDocument.Load(Path.Combine(Out, "feeds", "podcast.xml"));
        var enclosure = new Uri(Assert.Single(feed.Descendants("enclosure")).Attribute("url")!.Value).AbsolutePath;
        Assert.Equal("/" + audio.Media.Audio!.Path, enclosure);
        var stored = await File.ReadAllBytesAsync(Path.Combine(content.Root.Path, audio.Media.Audio.Path));
        Assert.Equal(AudioBytes, stored.Length);

        using var full = await http.GetAsync(enclosure);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("audio/mpeg", full.Content.Headers.ContentType?.ToString());
        Assert.Equal("bytes", Assert.Single(full.Headers.AcceptRanges));
        Assert.Equal("public, max-age=31536000, immutable", full.Headers.CacheControl?.ToString());
        Assert.Equal(stored, await full.Content.ReadAsByteArrayAsync());
        var etag = full.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        Assert.NotNull(full.Content.Headers.LastModified);

        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, enclosure)))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(AudioBytes, head.Content.Headers.ContentLength);
            Assert.Equal("audio/mpeg", head.Content.Headers.ContentType?.ToString());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        using (var range = await SendAsync(http, enclosure, r => r.Headers.Range = new RangeHeaderValue(1000, 1999)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
            Assert.Equal("bytes 1000-1999/300000", range.Content.Headers.ContentRange?.ToString());
            Assert.Equal(1000, range.Content.Headers.ContentLength);
            Assert.Equal(stored[1000..2000], await range.Content.ReadAsByteArrayAsync());
        }

        using (var tail = await SendAsync(http, enclosure, r => r.Headers.Range = new RangeHeaderValue(null, 500)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
            Assert.Equal("bytes 299500-299999/300000", tail.Content.Headers.ContentRange?.ToString());
            Assert.Equal(stored[^500..], await tail.Content.ReadAsByteArrayAsync());
        }

        using (var open = await SendAsync(http, enclosure, r => r.Headers.Range = new RangeHeaderValue(299_990, null)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, open.StatusCode);
            Assert.Equal(stored[299_990..], await open.Content.ReadAsByteArrayAsync());
        }

        using (var beyond = await SendAsync(http, enclosure, r => r.Headers.Range = new RangeHeaderValue(AudioBytes + 10, null)))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
            Assert.Equal("bytes */300000", beyond.Content.Headers.ContentRange?.ToString());
        }

        using (var unchanged = await SendAsync(http, enclosure, r => r.Headers.IfNoneMatch.Add(etag)))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        }

        using (var stale = await SendAsync(http, enclosure, r =>
        {
            r.Headers.Range = new RangeHeaderValue(0, 99);
            r.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"stale\""));
        }))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Equal(AudioBytes, (await stale.Content.ReadAsByteArrayAsync()).Length);
        }

        using (var mp4 = await SendAsync(http, "/" + video.Media.Video!.Path, r => r.Headers.Range = new RangeHeaderValue(0, 0)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, mp4.StatusCode);
            Assert.Equal("video/mp4", mp4.Content.Headers.ContentType?.ToString());
            Assert.Equal("bytes 0-0/60000", mp4.Content.Headers.ContentRange?.ToString());
        }

        using var feedResponse = await http.GetAsync("feeds/podcast.xml");
        var feedEtag = feedResponse.Headers.ETag!;
        using var feedUnchanged = await SendAsync(http, "feeds/podcast.xml", r => r.Headers.IfNoneMatch.Add(feedEtag));
        Assert.Equal(HttpStatusCode.NotModified, feedUnchanged.StatusCode);
    }

    [Fact]
    public async Task Directory_requests_serve_index_html()
    {
        await using var served = await BuildAndServeAsync();
        var (server, http, _, _) = served;
        await File.WriteAllTextAsync(Path.Combine(Out, "index.html"), "<!doctype html><title>Forside</title>");
        await File.WriteAllTextAsync(Path.Combine(Out, "episodes", "gevinster", "index.html"), "<!doctype html><title>Gevinster</title>");

        using (var home = await http.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Equal("text/html; charset=utf-8", home.Content.Headers.ContentType?.ToString());
            Assert.Contains("Forside", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var page = await http.GetAsync("/episodes/gevinster/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Gevinster", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        using (var redirect = await noRedirects.GetAsync("/episodes/gevinster"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.EndsWith("/episodes/gevinster/", redirect.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        using var listing = await http.GetAsync("/episodes/");
        Assert.Equal(HttpStatusCode.NotFound, listing.StatusCode);
    }

    [Fact]
    public async Task Nothing_outside_the_output_folder_and_the_media_store_is_served()
    {
        await using var served = await BuildAndServeAsync();
        var (server, _, audio, _) = served;
        var original = Path.GetFileName(audio.Source.Archive);
        Assert.True(File.Exists(Path.Combine(content.Root.Originals, original)));
        Assert.True(File.Exists(Path.Combine(Out, ".fremskritt-build")));
        await File.WriteAllTextAsync(Path.Combine(Out, ".env"), "SECRET=1");
        Directory.CreateDirectory(Path.Combine(Out, "media", "originals"));
        await File.WriteAllTextAsync(Path.Combine(Out, "media", "originals", original), "not public");

        // Sent byte for byte over a socket: HttpClient would resolve the dot segments itself.
        Assert.Equal(200, await RawStatusAsync(server.Address, "/feeds/podcast.xml"));
        Assert.Equal(200, await RawStatusAsync(server.Address, "/" + audio.Media.Audio!.Path));
        string[] refused =
        [
            "/../gevinster/episode.yaml",
            "/../episode.yaml",
            "/%2e%2e/gevinster/episode.yaml",
            "/%2E%2E/%2e%2e/gevinster/episode.yaml",
            "/.%2e/gevinster/episode.yaml",
            "/%2e%2e%2fgevinster%2fepisode.yaml",
            "/..%2fgevinster%2fepisode.yaml",
            "/..%5cgevinster%5cepisode.yaml",
            "/feeds/../../gevinster/episode.yaml",
            "/feeds/%2e%2e/%2e%2e/gevinster/episode.yaml",
            "/episodes/gevinster/../../../gevinster/episode.yaml",
            "/" + Encoded(content.Root.Path) + "/gevinster/episode.yaml",
            "/%2f" + Encoded(content.Root.Path).TrimStart('/') + "/gevinster/episode.yaml",
            "/media/originals/" + original,
            "/media/%6friginals/" + original,
            "/MEDIA/originals/" + original,
            "/media/originals/../originals/" + original,
            "/media/" + audio.Media.Audio.Path[6..9] + "../originals/" + original,
            "/media/%2e%2e/gevinster/episode.yaml",
            "/media/.md5-cache.json",
            "/media/",
            "/media",
            "/" + audio.Media.Audio.Path.ToUpperInvariant(),
            "/" + audio.Media.Audio.Path + "/",
            "/.fremskritt-build",
            "/%2efremskritt-build",
            "/.env",
            "/gevinster/episode.yaml",
        ];
        foreach (var target in refused)
        {
            Assert.True(await RawStatusAsync(server.Address, target) == 404, $"{target} was not refused with 404");
        }
    }

    [Theory]
    [InlineData("/", "Output", "")]
    [InlineData("/feeds/podcast.xml", "Output", "feeds/podcast.xml")]
    [InlineData("/episodes/gevinster/", "Output", "episodes/gevinster/")]
    [InlineData("/media/ab/abababababababababababababababababababababababababababababababab.mp3", "Media", "ab/abababababababababababababababababababababababababababababababab.mp3")]
    [InlineData("/media/originals/abababababababababababababababababababababababababababababababab.wav", "None", null)]
    [InlineData("/media/ab/x.mp3", "None", null)]
    [InlineData("/Media/ab/abababababababababababababababababababababababababababababababab.mp3", "None", null)]
    [InlineData("/../x", "None", null)]
    [InlineData("/a/./b", "None", null)]
    [InlineData("/a//b", "None", null)]
    [InlineData("/a\\..\\b", "None", null)]
    [InlineData("/.hidden/x", "None", null)]
    [InlineData("/a/\u0001b", "None", null)]
    public void Routes_request_paths_to_one_of_two_folders_or_nowhere(string path, string source, string? name)
    {
        var (routed, routedName) = PublicFileProvider.Route(path);

        Assert.Equal(source, routed.ToString());
        if (name is not null)
        {
            Assert.Equal(name, routedName);
        }
    }

    [Fact]
    public async Task Without_a_build_it_says_to_run_build_first()
    {
        var (exit, output) = await Run("serve", "--port", "0");

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Out, line, StringComparison.Ordinal);
        Assert.Contains("run `fremskritt build` first", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_with_exit_1()
    {
        Directory.CreateDirectory(Out);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exit, output) = await Run("serve", "--port", port);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port} is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--port", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--host", "example.org")]
    [InlineData("--port", "70000")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        Directory.CreateDirectory(Out);

        var (exit, output) = await Run("serve", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_serves_until_cancelled_then_exits_0()
    {
        var audio = await content.AddEpisodeAsync("gevinster", "podcast", audioBytes: AudioBytes);
        Assert.Equal(0, (await Run("build")).Exit);
        var writer = new LockedStringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        using var cancel = new CancellationTokenSource();

        var run = FremskrittApp.RunAsync(["serve", "--port", "0", "--content", content.Root.Path], console, cancel.Token);
        var started = DateTime.UtcNow;
        Match serving;
        while (!(serving = ServingLine().Match(writer.ToString())).Success)
        {
            Assert.False(run.IsCompleted, writer.ToString());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "no 'Serving' line after 30 s: " + writer);
            await Task.Delay(50);
        }

        Assert.Equal(Out, serving.Groups["folder"].Value);
        var address = new Uri(serving.Groups["url"].Value);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.Contains("note: the feeds link to http://localhost:8080/", writer.ToString(), StringComparison.Ordinal);
        using (var http = new HttpClient { BaseAddress = address })
        {
            using var response = await http.GetAsync(audio.Media.Audio!.Path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(AudioBytes, (await response.Content.ReadAsByteArrayAsync()).Length);
        }

        await cancel.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(exit == 0, writer.ToString());
        Assert.Contains("Stopped.", writer.ToString(), StringComparison.Ordinal);
        using var after = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("feeds/podcast.xml"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        return await http.SendAsync(request);
    }

    private static string Encoded(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The status code for a request target sent exactly as given.</summary>
    private static async Task<int> RawStatusAsync(Uri server, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? "";
        var parts = status.Split(' ');
        return parts.Length >= 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : throw new InvalidDataException($"{target}: '{status}'");
    }

    [GeneratedRegex("Serving (?<folder>.+) at (?<url>http://\\S+/) — Ctrl\\+C to stop")]
    private static partial Regex ServingLine();

    /// <summary>The console is written from the command's task while the test reads it.</summary>
    private sealed class LockedStringWriter : StringWriter
    {
        private readonly Lock gate = new();

        public override void Write(char value)
        {
            lock (gate)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (gate)
            {
                base.Write(buffer, index, count);
            }
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            lock (gate)
            {
                base.Write(buffer);
            }
        }

        public override void Write(string? value)
        {
            lock (gate)
            {
                base.Write(value);
            }
        }

        public override string ToString()
        {
            lock (gate)
            {
                return base.ToString();
            }
        }
    }
}
