using AngleSharp.Dom;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>Pages that list things: front page, themes, gatherings, show archives, subscribing.</summary>
[Collection(SiteCollection.Name)]
public sealed class ListingPageTests(SiteFixture site)
{
    private static readonly string[] PublishedNewestFirst = ["farlig", "seminar-en", "podkast-to", "podkast-en"];

    /// <summary>The episode slugs an episode list links to, in order.</summary>
    private List<string> EpisodeSlugs(ParsedPage page, IElement? within = null) =>
        [.. (within ?? page.Document.DocumentElement).QuerySelectorAll("ul.episodes > li h3 a").Select(a => EpisodeSlug(page, a))];

    private string EpisodeSlug(ParsedPage page, IElement link)
    {
        var target = site.Links.Target(page.Name, link.GetAttribute("href")!, out _)!;
        Assert.Matches("^episodes/[a-z0-9-]+/index.html$", target);
        Assert.Contains(target, site.PageNames);
        return target.Split('/')[1];
    }

    private List<string> GatheringSlugs(ParsedPage page) =>
        [.. page.All("ul.gatherings > li > a").Select(a => site.Links.Target(page.Name, a.GetAttribute("href")!, out _)!.Split('/')[1])];

    [Fact]
    public void Each_theme_page_lists_exactly_the_episodes_with_that_theme()
    {
        foreach (var theme in new[] { "gevinstrealisering", "tjenestedesign", "ledelse-og-kultur" })
        {
            var page = site.Page($"themes/{theme}/index.html");
            var expected = PublishedNewestFirst.Where(slug => site.Episodes[slug].Themes.Contains(theme)).ToList();
            Assert.Equal(expected, EpisodeSlugs(page, page.One("section[aria-labelledby=episoder]")));
            if (expected.Count == 0)
            {
                Assert.Contains("Ingen episoder", page.One("section[aria-labelledby=episoder]").TextContent, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["farlig", "seminar-en", "podkast-en"], EpisodeSlugs(site.Page("themes/gevinstrealisering/index.html")));
        Assert.Equal(["seminar-en", "podkast-to"], EpisodeSlugs(site.Page("themes/tjenestedesign/index.html")));
    }

    [Fact]
    public void A_theme_page_shows_its_markdown_body_summary_and_kommunett_link()
    {
        var page = site.Page("themes/gevinstrealisering/index.html");
        Assert.Equal("Gevinstrealisering", page.One("h1").TextContent);
        Assert.Equal("Hvordan kommunen henter ut gevinstene.", page.One("p.lead").TextContent);
        Assert.Equal("hentes ut", page.One(".notes strong").TextContent);
        Assert.Equal("Hvem eier dem?", page.One(".notes li").TextContent);
        Assert.Contains(page.All("a"), a => a.GetAttribute("href") == "https://example.no/kommunett/gevinst");

        // No Kommunett address: no link to it.
        Assert.DoesNotContain(site.Page("themes/tjenestedesign/index.html").All("a"), a => a.TextContent.Contains("Kommunett", StringComparison.Ordinal));
        Assert.Equal("Ledere som går foran – æøå & «sitater».", site.Page("themes/ledelse-og-kultur/index.html").One("p.lead").TextContent);
    }

    [Fact]
    public void The_themes_index_lists_every_theme_in_order_with_its_episode_count()
    {
        var page = site.Page("themes/index.html");
        var items = page.All("ul.themes > li");
        Assert.Equal(["gevinstrealisering", "tjenestedesign", "ledelse-og-kultur"],
            items.Select(li => site.Links.Target(page.Name, li.QuerySelector("a")!.GetAttribute("href")!, out _)!.Split('/')[1]));
        Assert.Contains("(3 episoder)", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("(2 episoder)", items[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("(0 episoder)", items[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gathering_page_lists_its_preparation_episodes_with_summaries_and_chapters_and_all_its_questions()
    {
        var page = site.Page("gatherings/fosen/index.html");
        Assert.Equal("Regionsamling Fosenregionen", page.One("h1").TextContent);
        Assert.Equal("Fosenregionen · 10. september 2026 · Indre Fosen", page.One("article > p.meta").Squash());
        Assert.Equal("eksempel", page.One("article > .notes strong").TextContent);

        // Episodes in the file's order; the scheduled one and the unknown slug are left out.
        var prep = page.All("#forberedelse section.prep");
        Assert.Equal(["podkast-en", "seminar-en"], prep.Select(s => EpisodeSlug(page, s.QuerySelector("h3 a")!)));
        foreach (var section in prep)
        {
            var slug = EpisodeSlug(page, section.QuerySelector("h3 a")!);
            var episode = site.Episodes[slug];
            Assert.Equal(episode.Title, section.QuerySelector("h3")!.TextContent);
            var summary = Markdig.Markdown.ToPlainText(episode.Description!).Trim();
            Assert.Contains(section.QuerySelectorAll("p"), p => p.TextContent == summary);
            Assert.Equal(
                episode.Chapters.Select(c => (Start: c.ParseStart(), c.Title)).OrderBy(c => c.Start).Select(c => $"{Links.Clock(c.Start)} {c.Title}"),
                section.QuerySelectorAll("ol.chapters > li").Select(li => li.Squash()));
        }

        Assert.Equal(SiteFixture.FosenQuestions, page.All("ol.questions > li").Select(li => li.TextContent));
        Assert.Empty(page.All("ol.questions b"));

        // The printable sheet is the page itself, reachable from a link on it.
        Assert.NotNull(page.Document.GetElementById("forberedelse"));
        Assert.Contains(page.All("a"), a => a.GetAttribute("href") == "#forberedelse");
    }

    [Fact]
    public void A_gathering_without_published_episodes_says_so()
    {
        var page = site.Page("gatherings/orkdal/index.html");
        Assert.Empty(page.All("section.prep"));
        Assert.Contains("ikke valgt", page.One("#forberedelse").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Hva?", "Hvorfor?", "Hvordan?"], page.All("ol.questions > li").Select(li => li.TextContent));
    }

    [Fact]
    public void The_print_stylesheet_hides_the_site_frame()
    {
        var css = File.ReadAllText(Path.Combine(site.Output, "assets", "site.css"));
        Assert.Contains("@media print", css, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gatherings_index_lists_the_coming_gatherings_in_date_order()
    {
        var page = site.Page("gatherings/index.html");
        var listed = GatheringSlugs(page);
        string[] coming = ["i-dag-namdal", "fosen", "orkdal", "trondheim", "innherred"];
        Assert.Equal(coming, listed.Where(coming.Contains));
        foreach (var slug in listed)
        {
            Assert.Contains($"gatherings/{slug}/index.html", site.PageNames);
        }
    }

    [Fact]
    public void The_front_page_shows_the_next_three_gatherings_from_today_and_no_past_one()
    {
        var page = site.Page("index.html");
        var section = page.One("section[aria-labelledby=samlinger]");
        Assert.Equal(["i-dag-namdal", "fosen", "orkdal"],
            section.QuerySelectorAll("a").Select(a => site.Links.Target(page.Name, a.GetAttribute("href")!, out _)!.Split('/')[1]));
        Assert.DoesNotContain("var-malvik", page.Html, StringComparison.Ordinal);
        Assert.Contains("1. juli 2026", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("10. september 2026", section.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_front_page_shows_the_latest_episodes_newest_first()
    {
        var page = site.Page("index.html");
        Assert.Equal(PublishedNewestFirst, EpisodeSlugs(page, page.One("section[aria-labelledby=siste]")));
        var first = page.All("section[aria-labelledby=siste] ul.episodes > li")[0];
        Assert.Equal(SiteFixture.EvilTitle, first.QuerySelector("h3")!.TextContent);
    }

    [Fact]
    public void Show_archive_pages_list_only_that_shows_episodes()
    {
        Assert.Equal(["farlig", "podkast-to", "podkast-en"], EpisodeSlugs(site.Page("shows/podcast/index.html")));
        Assert.Equal(["seminar-en"], EpisodeSlugs(site.Page("shows/seminar/index.html")));

        var all = site.Page("shows/index.html");
        Assert.Equal(["farlig", "podkast-to", "podkast-en"], EpisodeSlugs(all, all.One("section[aria-labelledby=show-podcast]")));
        Assert.Equal(["seminar-en"], EpisodeSlugs(all, all.One("section[aria-labelledby=show-seminar]")));
        Assert.Equal("Digitale Fremskritt – seminaret", site.Page("shows/seminar/index.html").One("h1").TextContent);
    }

    [Fact]
    public void Show_archive_pages_link_their_own_feeds()
    {
        Assert.Equal(["https://podkast.example.no/feeds/podcast.xml"],
            site.Page("shows/podcast/index.html").All("main a.feed").Select(a => a.GetAttribute("href")));
        Assert.Equal(["https://podkast.example.no/feeds/seminar-audio.xml", "https://podkast.example.no/feeds/seminar.xml"],
            site.Page("shows/seminar/index.html").All("main a.feed").Select(a => a.GetAttribute("href")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_subscribe_page_lists_every_feed_url_of_the_build()
    {
        var page = site.Page("subscribe/index.html");
        var feeds = site.Result.Feeds.Select(f => f.Url).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, feeds.Count);
        Assert.Equal(feeds, page.All("ul.feeds a").Select(a => a.GetAttribute("href")!).Order(StringComparer.Ordinal));
        Assert.Equal(feeds, page.All("ul.feeds a code").Select(c => c.TextContent).Order(StringComparer.Ordinal));

        // Each feed URL is a file of the build.
        foreach (var feed in site.Result.Feeds)
        {
            Assert.Equal(site.Result.BaseUrl + feed.Name, feed.Url);
            Assert.True(File.Exists(Path.Combine(site.Output, feed.Name)));
        }

        // Instructions for the common podcast apps.
        var apps = page.All("dl.howto dt").Select(dt => dt.TextContent).ToList();
        foreach (var app in new[] { "Apple", "Pocket Casts", "Overcast", "AntennaPod" })
        {
            Assert.Contains(apps, a => a.Contains(app, StringComparison.Ordinal));
        }

        Assert.Contains("(video)", page.One("section[aria-labelledby=abonner-seminar]").TextContent, StringComparison.Ordinal);
        Assert.Contains("(lyd)", page.One("section[aria-labelledby=abonner-podcast]").TextContent, StringComparison.Ordinal);
    }
}
