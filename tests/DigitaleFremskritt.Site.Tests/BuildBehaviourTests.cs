using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>Builds of their own: determinism, unpublishing, the repo's site content, no site content at all.</summary>
[Collection(SiteCollection.Name)]
public sealed class BuildBehaviourTests(SiteFixture site)
{
    private static bool IsSiteFile(string name) => name.EndsWith(".html", StringComparison.Ordinal) || name.StartsWith("assets/", StringComparison.Ordinal);

    [Fact]
    public async Task Building_twice_gives_byte_identical_pages()
    {
        using var content = new TestContent();
        var folder = content.Folder("site");
        await SiteFixture.Populate(content, folder);

        var first = await Builds.BuildAsync(content, folder);
        var before = Builds.Snapshot(first.OutputFolder);

        // From scratch, so nothing is merely left unchanged on disk.
        Directory.Delete(first.OutputFolder, recursive: true);
        var second = await Builds.BuildAsync(content, folder);
        var after = Builds.Snapshot(second.OutputFolder);

        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} differs between two builds");
        }

        // A third build over the second changes and removes nothing.
        var third = await Builds.BuildAsync(content, folder);
        Assert.Empty(third.Removed);
        Assert.Equal(after.Keys, Builds.Snapshot(third.OutputFolder).Keys);

        // Another content root with the same episodes gives the same pages: nothing depends on where the content lives.
        foreach (var name in after.Keys.Where(IsSiteFile))
        {
            Assert.True(after[name].AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(site.Output, name))), $"{name} depends on the content root's location");
        }
    }

    [Fact]
    public async Task Unpublishing_an_episode_removes_its_page_and_every_link_to_it()
    {
        using var content = new TestContent();
        var folder = content.Folder("site");
        var episodes = new Dictionary<string, Episode>();
        await SiteFixture.Populate(content, folder, episodes);
        var first = await Builds.BuildAsync(content, folder);
        Assert.True(File.Exists(Path.Combine(first.OutputFolder, "episodes", "farlig", "index.html")));

        episodes["farlig"].Unpublished = true;
        await content.Episodes.SaveAsync(episodes["farlig"]);
        var result = await Builds.BuildAsync(content, folder);

        Assert.Contains("episodes/farlig/index.html", result.Removed);
        Assert.False(Directory.Exists(Path.Combine(result.OutputFolder, "episodes", "farlig")));
        var links = new LinkChecker(result.OutputFolder, content.Root, result.BaseUrl);
        var pages = Builds.PageNames(result.OutputFolder).ToDictionary(n => n, n => ParsedPage.Load(result.OutputFolder, n));
        foreach (var page in pages.Values)
        {
            Assert.DoesNotContain("farlig", page.Html, StringComparison.OrdinalIgnoreCase);
            var problems = links.Problems(page, pages.GetValueOrDefault).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        Assert.Contains("ikke valgt", pages["gatherings/innherred/index.html"].One("#forberedelse").TextContent, StringComparison.Ordinal);

        // Publishing it again brings the page back.
        episodes["farlig"].Unpublished = false;
        await content.Episodes.SaveAsync(episodes["farlig"]);
        var again = await Builds.BuildAsync(content, folder);
        Assert.True(File.Exists(Path.Combine(again.OutputFolder, "episodes", "farlig", "index.html")));
    }

    [Fact]
    public async Task A_scheduled_episode_gets_its_page_on_its_day_and_gatherings_move_off_the_front_page_after_theirs()
    {
        using var content = new TestContent();
        var folder = content.Folder("site");
        await SiteFixture.Populate(content, folder);

        var christmas = Builds.Clock(new DateTimeOffset(2026, 12, 23, 23, 30, 0, TimeSpan.Zero)); // 00:30 on 24 December in Oslo
        var result = await Builds.BuildAsync(content, folder, christmas);
        Assert.True(File.Exists(Path.Combine(result.OutputFolder, "episodes", "planlagt-episode", "index.html")));

        var front = ParsedPage.Load(result.OutputFolder, "index.html");
        var coming = front.One("section[aria-labelledby=samlinger]").QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["gatherings/innherred/"], coming);
    }

    [Fact]
    public async Task The_front_page_says_so_when_no_gathering_is_coming()
    {
        using var content = new TestContent();
        var folder = content.Folder("site");
        await SiteFixture.Populate(content, folder);
        var result = await Builds.BuildAsync(content, folder, Builds.Clock(new DateTimeOffset(2028, 1, 1, 12, 0, 0, TimeSpan.Zero)));
        var front = ParsedPage.Load(result.OutputFolder, "index.html");
        Assert.Empty(front.All("section[aria-labelledby=samlinger] a"));
        Assert.Contains("Ingen samlinger", front.One("section[aria-labelledby=samlinger]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Today_is_the_date_in_the_configured_time_zone()
    {
        using var content = new TestContent();
        var justAfterMidnightInOslo = Builds.Clock(new DateTimeOffset(2026, 6, 30, 22, 30, 0, TimeSpan.Zero));
        var model = new BuildSite(content.Root, content.Options, justAfterMidnightInOslo, null)
            .LoadModel(new Build.BuildResult(content.Folder("out"), "https://podkast.example.no/"));
        Assert.Equal(new DateOnly(2026, 7, 1), model.Today);
    }

    [Fact]
    public async Task Without_site_content_the_site_still_builds_with_empty_themes_and_gatherings()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("bare-en");
        var result = await Builds.BuildAsync(content, Path.Combine(content.Path, "finnes-ikke"));

        Assert.Equal(
            ["episodes/bare-en/index.html", "gatherings/index.html", "index.html", "search/index.html", "shows/index.html", "shows/podcast/index.html",
                "shows/seminar/index.html", "subscribe/index.html", "themes/index.html"],
            Builds.PageNames(result.OutputFolder));
        var episode = ParsedPage.Load(result.OutputFolder, "episodes/bare-en/index.html");
        Assert.Empty(episode.All("section[aria-labelledby=temaer]"));
        Assert.Contains("Ingen samlinger", ParsedPage.Load(result.OutputFolder, "index.html").Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_repos_own_site_content_builds_into_pages_whose_links_all_resolve()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("gevinster-for-alle", configure: e => e.Themes = ["gevinstrealisering", "tjenestedesign", "endringsledelse"]);
        var result = await Builds.BuildAsync(content, Repo.SiteFolder);

        var names = Builds.PageNames(result.OutputFolder).ToList();
        var themes = Directory.EnumerateFiles(Path.Combine(Repo.SiteFolder, "themes"), "*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        var gatherings = Directory.EnumerateFiles(Path.Combine(Repo.SiteFolder, "gatherings"), "*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.All(themes, t => Assert.Contains($"themes/{t}/index.html", names));
        Assert.All(gatherings, g => Assert.Contains($"gatherings/{g}/index.html", names));

        var links = new LinkChecker(result.OutputFolder, content.Root, result.BaseUrl);
        var pages = names.ToDictionary(n => n, n => ParsedPage.Load(result.OutputFolder, n));
        var assets = new FileInfo(Path.Combine(result.OutputFolder, "assets", "site.css")).Length + new FileInfo(Path.Combine(result.OutputFolder, "assets", "site.js")).Length;
        foreach (var page in pages.Values)
        {
            var problems = links.Problems(page, pages.GetValueOrDefault).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.True(page.ParseErrors.Count == 0, $"{page.Name}: {string.Join("; ", page.ParseErrors)}");
            Assert.Equal("nb", page.Document.DocumentElement.GetAttribute("lang"));
            Assert.True(page.Html.Length + assets <= 100_000, $"{page.Name} is too heavy");
        }

        var episode = pages["episodes/gevinster-for-alle/index.html"];
        string[] titles = ["Tjenestedesign", "Endringsledelse", "Gevinstrealisering"];
        Assert.Equal(titles.Order(StringComparer.Ordinal),
            episode.All("section[aria-labelledby=temaer] a").Select(a => a.TextContent).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_site_file_stops_the_build_with_the_files_name()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("en");
        var folder = content.Folder("site");
        SiteFiles.Gathering(folder, "fosen", "Regionsamling", "Fosenregionen", "2027-02-30", "Indre Fosen", [], ["Hva?"]);

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content, folder));
        Assert.Contains(Path.Combine(folder, "gatherings", "fosen.md"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transcript_that_is_not_webvtt_stops_the_build_with_the_files_name()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("odelagt-tekst");
        var vtt = Path.Combine(content.Root.EpisodeFolder("odelagt-tekst"), "transcript.vtt");
        await File.WriteAllTextAsync(vtt, "Dette er ikke WebVTT.\n");

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content, null));
        Assert.StartsWith(vtt + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("WEBVTT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Episode_pages_rendered_in_parallel_each_carry_their_own_transcript()
    {
        using var content = new TestContent();
        var slugs = Enumerable.Range(1, 12).Select(i => $"episode-{i:00}").ToList();
        foreach (var slug in slugs)
        {
            await content.AddEpisodeAsync(slug);
            await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder(slug), "transcript.vtt"),
                $"WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Kari>{Words(slug)}\n\n00:00:10.000 --> 00:00:12.000\nSlutt på {slug}.\n");
        }

        var result = await Builds.BuildAsync(content, null);

        static string Words(string slug) => string.Join(' ', Enumerable.Repeat($"ord{slug[^2..]}", 400));
        foreach (var slug in slugs)
        {
            var page = ParsedPage.Load(result.OutputFolder, PageNames.Episode(slug));
            var transcript = page.One("section.transcript").TextContent;
            Assert.Contains($"Slutt på {slug}.", transcript, StringComparison.Ordinal);
            var paragraphs = page.All("section.transcript p:not(.hint)");
            Assert.Equal($"0:01 Kari: {Words(slug)}", paragraphs[0].TextContent);
            Assert.DoesNotContain(slugs.Where(s => s != slug), other => transcript.Contains($"ord{other[^2..]}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_broken_transcript_among_many_stops_the_build_with_its_own_files_name()
    {
        using var content = new TestContent();
        foreach (var i in Enumerable.Range(1, 12))
        {
            await content.AddEpisodeAsync($"episode-{i:00}");
            await File.WriteAllTextAsync(Path.Combine(content.Root.EpisodeFolder($"episode-{i:00}"), "transcript.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nHei.\n");
        }

        var vtt = Path.Combine(content.Root.EpisodeFolder("episode-07"), "transcript.vtt");
        await File.WriteAllTextAsync(vtt, "WEBVTT\n\n00:00:09.000 --> 00:00:05.000\nBaklengs.\n");

        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content, null));
        Assert.StartsWith(vtt + ": line 3: the cue ends", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_episode_whose_show_differs_in_case_is_on_its_show_page_as_in_its_feed()
    {
        // Show ids are case-insensitive everywhere else (Shows is an OrdinalIgnoreCase dictionary, BuildOutput groups
        // feeds with OrdinalIgnoreCase), so "show: Podcast" in a hand-edited episode.yaml is in the podcast feed.
        using var content = new TestContent();
        await content.AddEpisodeAsync("stor-bokstav", configure: e => e.Show = "Podcast");
        var result = await Builds.BuildAsync(content, null);

        Assert.Equal(["stor-bokstav"], result.Episodes.Select(e => e.Slug));
        Assert.Contains("stor-bokstav", File.ReadAllText(Path.Combine(result.OutputFolder, "feeds", "podcast.xml")), StringComparison.Ordinal);
        var show = ParsedPage.Load(result.OutputFolder, "shows/podcast/index.html");
        Assert.Single(show.All("ul.episodes > li"));
        var all = ParsedPage.Load(result.OutputFolder, "shows/index.html");
        Assert.Single(all.All("section[aria-labelledby=show-podcast] ul.episodes > li"));
    }
}
