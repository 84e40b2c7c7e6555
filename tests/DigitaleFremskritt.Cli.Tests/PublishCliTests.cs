using System.Xml.Linq;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Cli.Tests;

public sealed class PublishCliTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    private Task<(int Exit, string Output)> Run(params string[] args) => CliRunner.RunAsync([.. args, "--content", content.Root.Path]);

    [Theory]
    [InlineData("build", "--base-url")]
    [InlineData("publish", "--dry-run")]
    [InlineData("unpublish", "<EPISODE>")]
    public async Task Help_explains_the_command(string command, string option)
    {
        var (exit, output) = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("--content", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_writes_the_feeds_and_names_skipped_episodes()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await content.AddEpisodeAsync("uten-tekst", "podcast", transcript: false);

        var (exit, output) = await Run("build", "--base-url", "https://podkast.example.no/");

        Assert.Equal(0, exit);
        Assert.Contains("skipped uten-tekst: transcript pending", output, StringComparison.Ordinal);
        Assert.Contains("https://podkast.example.no/feeds/podcast.xml", output, StringComparison.Ordinal);
        var feed = XDocument.Load(Path.Combine(content.Root.Path, "out", "feeds", "podcast.xml"));
        Assert.Single(feed.Descendants("item"));
    }

    [Fact]
    public async Task Bad_cover_art_fails_with_one_line_naming_the_file()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        TestMedia.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=size=1000x800", "-frames:v", "1", Path.Combine(content.Path, "liten.jpg"));
        var path = Path.Combine(content.Path, "liten.jpg");

        var (exit, output) = await Run("build", "--set", $"Shows:podcast:CoverArt={path}");

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("error", StringComparison.Ordinal));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("square", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_to_the_local_folder_is_incremental_and_unpublish_takes_an_episode_down()
    {
        var kept = await content.AddEpisodeAsync("gevinster", "podcast");
        var gone = await content.AddEpisodeAsync("endringsledelse", "podcast", date: new DateOnly(2026, 2, 1));
        var published = Path.Combine(content.Root.Path, "published", "public");

        var (exit, output) = await Run("publish");
        Assert.Equal(0, exit);
        Assert.Contains("Uploaded ", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(published, gone.Media.Audio!.Path)));
        Assert.True(File.Exists(Path.Combine(content.Root.Path, "published", "originals", Path.GetFileName(gone.Source.Archive))));

        (exit, output) = await Run("publish");
        Assert.Equal(0, exit);
        Assert.Contains("Uploaded 0 files (0 B)", output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder("gevinster"), "transcript.txt"), "Rettet.\n");
        (exit, output) = await Run("publish", "--dry-run");
        Assert.Equal(0, exit);
        Assert.Contains("would upload public/episodes/gevinster/transcript.txt", output, StringComparison.Ordinal);
        Assert.NotEqual("Rettet.\n", await File.ReadAllTextAsync(Path.Combine(published, "episodes", "gevinster", "transcript.txt")));

        (exit, output) = await Run("unpublish", "endringsledelse");
        Assert.Equal(0, exit);
        Assert.Contains("unpublished endringsledelse", output, StringComparison.Ordinal);
        Assert.Contains("unpublished: true", await File.ReadAllTextAsync(Path.Combine(content.Root.EpisodeFolder("endringsledelse"), "episode.yaml")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(published, gone.Media.Audio!.Path)));
        Assert.False(Directory.Exists(Path.Combine(published, "episodes", "endringsledelse")));
        Assert.True(File.Exists(Path.Combine(published, kept.Media.Audio!.Path)));
        Assert.True(File.Exists(Path.Combine(content.Root.Path, "published", "originals", Path.GetFileName(gone.Source.Archive))), "the original is kept");
        var feed = XDocument.Load(Path.Combine(published, "feeds", "podcast.xml"));
        Assert.Equal(kept.Id, Assert.Single(feed.Descendants("item")).Element("guid")!.Value);

        (exit, output) = await Run("unpublish", "finnes-ikke");
        Assert.Equal(2, exit);
        Assert.Contains("finnes-ikke: no such episode", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_in_an_episode_yaml_stops_a_publish_and_never_lets_prune_delete_its_media()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        var typo = await content.AddEpisodeAsync("skrivefeil", "podcast");
        var published = Path.Combine(content.Root.Path, "published", "public");
        Assert.Equal(0, (await Run("publish")).Exit);
        var yaml = Path.Combine(content.Root.EpisodeFolder("skrivefeil"), "episode.yaml");
        await File.WriteAllTextAsync(yaml, (await File.ReadAllTextAsync(yaml)).Replace("show: podcast", "show: podkast", StringComparison.Ordinal));

        var (exit, output) = await Run("publish", "--prune");
        Assert.Equal(1, exit);
        Assert.Contains("skipped skrivefeil: unknown show 'podkast'", output, StringComparison.Ordinal);
        Assert.Contains("pass --force", output, StringComparison.Ordinal);
        Assert.Contains(typo.Id, await File.ReadAllTextAsync(Path.Combine(published, "feeds", "podcast.xml")), StringComparison.Ordinal);

        (exit, output) = await Run("publish", "--prune", "--force");
        Assert.True(exit == 0, output);
        Assert.DoesNotContain(typo.Id, await File.ReadAllTextAsync(Path.Combine(published, "feeds", "podcast.xml")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(published, typo.Media.Audio!.Path)), "the media of an episode that still exists is never pruned");
        Assert.True(File.Exists(Path.Combine(published, "episodes", "skrivefeil", "transcript.vtt")));
    }

    [Fact]
    public async Task Dry_runs_change_nothing_at_all()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");
        await content.AddEpisodeAsync("endringsledelse", "podcast");
        Assert.Equal(0, (await Run("publish")).Exit);
        var before = Snapshot(content.Root.Path);

        var (exit, output) = await Run("unpublish", "endringsledelse", "--dry-run");
        Assert.True(exit == 0, output);
        Assert.Contains("would delete episodes/endringsledelse/transcript.vtt", output, StringComparison.Ordinal);
        Assert.Contains("would upload public/feeds/podcast.xml", output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder("gevinster"), "transcript.txt"), "Rettet.\n");
        before[Path.Combine("gevinster", "transcript.txt")] = "Rettet.\n"u8.ToArray();
        (exit, output) = await Run("publish", "--dry-run", "--prune");
        Assert.True(exit == 0, output);

        var after = Snapshot(content.Root.Path);
        after.Remove(Path.Combine("media", ".md5-cache.json"));
        before.Remove(Path.Combine("media", ".md5-cache.json"));
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
        }
    }

    [Fact]
    public async Task A_plain_http_account_url_is_one_line_with_exit_1()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");

        var (exit, output) = await Run("publish", "--set", "Publish:Target=Azure", "--set", "Publish:Azure:AccountUrl=http://127.0.0.1:9/konto");

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Publish:Azure:AccountUrl must be https://", line, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, byte[]> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes), StringComparer.Ordinal);

    [Fact]
    public async Task Publish_to_azure_storage_and_a_wrong_key_never_reaches_the_output()
    {
        await content.AddEpisodeAsync("gevinster", "podcast");

        var (exit, output) = await Run("publish", "--set", "Publish:Target=Azure", "--set", $"Publish:Azure:ConnectionString={azurite.ConnectionString}",
            "--set", "Publish:PublicContainer=cli-public", "--set", "Publish:PrivateContainer=cli-originals");

        Assert.True(exit == 0, output);
        Assert.Contains($"{azurite.BlobEndpoint}/cli-public/feeds/podcast.xml", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Azurite.AccountKey, output, StringComparison.Ordinal);
        using var http = new HttpClient();
        var feed = XDocument.Parse(await http.GetStringAsync(new Uri($"{azurite.BlobEndpoint}/cli-public/feeds/podcast.xml")));
        var enclosure = (string)feed.Descendants("enclosure").Single().Attribute("url")!;
        Assert.StartsWith($"{azurite.BlobEndpoint}/cli-public/media/", enclosure, StringComparison.Ordinal);

        const string wrongKey = "QW5vdGhlclNlY3JldEtleVRoYXRNdXN0TmV2ZXJCZVByaW50ZWQ=";
        (exit, output) = await Run("publish", "--set", "Publish:Target=Azure",
            "--set", $"Publish:Azure:ConnectionString={azurite.ConnectionString.Replace(Azurite.AccountKey, wrongKey, StringComparison.Ordinal)}",
            "--set", "Publish:Azure:MaxRetries=0", "--set", "Publish:PublicContainer=cli-public2");
        Assert.Equal(1, exit);
        Assert.DoesNotContain(wrongKey, output, StringComparison.Ordinal);
        Assert.Contains("error", output, StringComparison.Ordinal);
    }
}
