using DigitaleFremskritt.Cli;
using DigitaleFremskritt.Cli.Infrastructure;
using DigitaleFremskritt.TestSupport;
using Microsoft.Playwright;
using Spectre.Console;

namespace DigitaleFremskritt.Browser.Tests;

/// <summary>
/// One built site for all browser tests: a podcast episode with a real (ffmpeg-made) MP3 and a transcript whose cue
/// at 0:25 holds the only "gevinst", a video episode, the default themes and gatherings; `fremskritt build` (with
/// Pagefind), served by the preview server of `fremskritt serve`, opened in Debian's headless Chromium.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime, IDisposable
{
    public const string Slug = "kommunene-og-endring";
    public const int GevinstSecond = 25;

    private readonly TestContent content = new();
    private PreviewServer? server;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public Uri Address => server!.Address;

    public string Screenshots { get; } = ScreenshotFolder();

    public async Task InitializeAsync()
    {
        var mp3 = TestMedia.Lavfi(Path.Combine(content.Path, "lyd.mp3"), "sine=frequency=330:sample_rate=44100", 40);
        var episode = await content.AddEpisodeAsync(Slug, "podcast", title: "Kommunene og endring", configure: e =>
        {
            e.Description = "Hvordan kommunene **leder** endring i hverdagen.";
            e.Themes = ["endringsledelse"];
            e.Chapters = [new() { Start = "0", Title = "Innledning" }, new() { Start = "0:20", Title = "Resultater" }];
        });
        episode.Media.Audio = await content.AddFileAsync(mp3, "audio/mpeg", 40);
        await content.Episodes.SaveAsync(episode);
        await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder(Slug), "transcript.vtt"),
            "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n<v Kari Nordmann>Velkommen til Digitale Fremskritt.\n\n" +
            "00:00:12.000 --> 00:00:18.000\n<v Kari Nordmann>I dag snakker vi om ledelse og tillit i kommunene.\n\n" +
            $"00:00:{GevinstSecond}.000 --> 00:00:31.000\n<v Ola Hansen>Den største gevinsten kom da vi sluttet å skrive ut skjemaer.\n");
        await content.AddEpisodeAsync("seminar-om-tjenester", "seminar", title: "Seminar om tjenester");

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Interactive = InteractionSupport.No });
        var exit = await FremskrittApp.RunAsync(["build", "--content", content.Root.Path], console);
        Assert.Equal(0, exit);

        server = await PreviewServer.StartAsync(new PreviewServerOptions
        {
            OutputFolder = Path.Combine(content.Root.Path, "out"),
            MediaStore = content.Root.MediaStore,
            Port = 0,
        });
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/lib/chromium/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    public Uri Page(string path) => new(Address, path);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        content.Dispose();
    }

    public void Dispose() => content.Dispose();

    /// <summary>TestResults/screenshots at the repository root (gitignored): CI keeps them as artifacts.</summary>
    private static string ScreenshotFolder() => Directory.CreateDirectory(Path.Combine(Repository.Root, "TestResults", "screenshots")).FullName;
}
