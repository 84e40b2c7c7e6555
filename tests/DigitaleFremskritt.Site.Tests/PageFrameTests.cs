namespace DigitaleFremskritt.Site.Tests;

/// <summary>What every page has: bokmål, a title, one main landmark with a skip link to it, the navigation, valid HTML, a small weight.</summary>
[Collection(SiteCollection.Name)]
public sealed class PageFrameTests(SiteFixture site)
{
    /// <summary>The issue's rule: ≤ 100 kB per page without the media.</summary>
    private const int MaxPageBytes = 100_000;

    [Fact]
    public void The_build_writes_exactly_the_expected_pages()
    {
        string[] expected =
        [
            "index.html", "shows/index.html", "themes/index.html", "gatherings/index.html", "subscribe/index.html", "search/index.html",
            "shows/podcast/index.html", "shows/seminar/index.html",
            "themes/gevinstrealisering/index.html", "themes/tjenestedesign/index.html", "themes/ledelse-og-kultur/index.html",
            "gatherings/var-malvik/index.html", "gatherings/i-dag-namdal/index.html", "gatherings/fosen/index.html",
            "gatherings/orkdal/index.html", "gatherings/trondheim/index.html", "gatherings/innherred/index.html",
            "episodes/podkast-en/index.html", "episodes/podkast-to/index.html", "episodes/seminar-en/index.html", "episodes/farlig/index.html",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), site.PageNames);
        Assert.True(File.Exists(Path.Combine(site.Output, "assets", "site.css")));
        Assert.True(File.Exists(Path.Combine(site.Output, "assets", "site.js")));

        // Pages are built files: hashed for publishing like the feeds.
        foreach (var name in expected.Append("assets/site.css").Append("assets/site.js"))
        {
            Assert.True(site.Result.OutputMd5.ContainsKey(name), $"{name} has no MD5 in the build result");
        }
    }

    [Fact]
    public void Every_page_is_in_bokmaal_with_a_title_one_main_a_skip_link_and_the_navigation()
    {
        foreach (var page in site.AllPages)
        {
            var html = page.Document.DocumentElement;
            Assert.Equal("html", html.LocalName);
            Assert.Equal("nb", html.GetAttribute("lang"));
            Assert.StartsWith("<!DOCTYPE html>", page.Html.TrimStart(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("utf-8", page.One("meta[charset]").GetAttribute("charset"), ignoreCase: true);
            Assert.Contains("width=device-width", page.One("meta[name=viewport]").GetAttribute("content"), StringComparison.Ordinal);

            var title = page.One("head > title");
            Assert.EndsWith(" – Digitale Fremskritt", title.TextContent, StringComparison.Ordinal);
            Assert.True(title.TextContent.Length > " – Digitale Fremskritt".Length, $"{page.Name}: empty title");

            var main = page.One("main");
            Assert.Equal("innhold", main.Id);
            Assert.Single(page.All("#innhold"));
            Assert.Single(page.All("h1"));
            Assert.True(main.Contains(page.One("h1")), $"{page.Name}: the h1 is outside <main>");

            // The skip link is the first thing a keyboard reaches.
            var firstLink = page.Document.Body!.QuerySelector("a[href]")!;
            Assert.Equal("#innhold", firstLink.GetAttribute("href"));
            Assert.False(string.IsNullOrWhiteSpace(firstLink.TextContent));

            var nav = page.One("nav");
            Assert.False(string.IsNullOrWhiteSpace(nav.GetAttribute("aria-label")), $"{page.Name}: the nav has no label");
            var sections = nav.QuerySelectorAll("a").Select(a => site.Links.Target(page.Name, a.GetAttribute("href")!, out _)).ToList();
            Assert.Equal(["shows/index.html", "themes/index.html", "gatherings/index.html", "search/index.html", "subscribe/index.html"], sections);
            Assert.Equal("index.html", site.Links.Target(page.Name, page.One("header .brand a").GetAttribute("href")!, out _));
        }
    }

    [Fact]
    public void Every_page_parses_without_html_errors_and_has_unique_ids()
    {
        foreach (var page in site.AllPages)
        {
            Assert.True(page.ParseErrors.Count == 0, $"{page.Name}: {string.Join("; ", page.ParseErrors)}");
            var duplicates = page.All("[id]").GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{page.Name}: duplicate ids {string.Join(", ", duplicates)}");

            // aria-labelledby/-describedby name elements that are there.
            foreach (var element in page.All("[aria-labelledby], [aria-describedby]"))
            {
                foreach (var id in (element.GetAttribute("aria-labelledby") + " " + element.GetAttribute("aria-describedby")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.True(page.Document.GetElementById(id) is not null, $"{page.Name}: <{element.LocalName}> refers to a missing id '{id}'");
                }
            }
        }
    }

    [Fact]
    public void Every_page_loads_one_stylesheet_and_one_deferred_script_and_no_framework()
    {
        foreach (var page in site.AllPages)
        {
            var css = page.One("link[rel=stylesheet]");
            Assert.Equal("assets/site.css", site.Links.Target(page.Name, css.GetAttribute("href")!, out _));
            var script = page.One("script");
            Assert.Equal("assets/site.js", site.Links.Target(page.Name, script.GetAttribute("src")!, out _));
            Assert.True(script.HasAttribute("defer"), $"{page.Name}: the script blocks rendering");
            Assert.Equal("", script.TextContent);
            Assert.Empty(page.All("iframe, object, embed"));
        }
    }

    [Fact]
    public void Every_page_weighs_at_most_100_kB_with_its_css_and_js()
    {
        var assets = new FileInfo(Path.Combine(site.Output, "assets", "site.css")).Length + new FileInfo(Path.Combine(site.Output, "assets", "site.js")).Length;
        foreach (var name in site.PageNames)
        {
            var page = site.Page(name);

            // Everything the page loads from the site other than media: its stylesheet, scripts and images.
            var loaded = page.All("link[rel=stylesheet], script[src], img[src]")
                .Select(e => site.Links.Target(name, e.GetAttribute("href") ?? e.GetAttribute("src")!, out _))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Sum(n => new FileInfo(site.Links.Served(n)!).Length);
            var total = new FileInfo(Path.Combine(site.Output, name)).Length + loaded;
            Assert.True(loaded >= assets, $"{name}: loads {loaded} bytes of assets, expected at least site.css + site.js ({assets})");
            Assert.True(total <= MaxPageBytes, $"{name}: {total} bytes with its CSS and JS, more than {MaxPageBytes}");
        }
    }

    [Fact]
    public void Page_descriptions_and_feed_discovery_are_in_the_head()
    {
        foreach (var page in site.AllPages)
        {
            var description = page.One("meta[name=description]").GetAttribute("content");
            Assert.False(string.IsNullOrWhiteSpace(description), $"{page.Name}: empty description");

            // Every feed is discoverable from every page, by its absolute URL.
            var alternates = page.All("link[rel=alternate][type='application/rss+xml']").Select(l => l.GetAttribute("href")).ToList();
            Assert.Equal(site.Result.Feeds.Select(f => f.Url), alternates);
        }
    }

    [Fact]
    public void Only_episode_and_theme_pages_are_marked_for_the_search_index()
    {
        foreach (var page in site.AllPages)
        {
            var indexed = page.One("main").HasAttribute("data-pagefind-body");
            var expected = page.Name.StartsWith("episodes/", StringComparison.Ordinal)
                || (page.Name.StartsWith("themes/", StringComparison.Ordinal) && page.Name != "themes/index.html");
            Assert.True(indexed == expected, $"{page.Name}: data-pagefind-body {(indexed ? "present" : "missing")}");
        }
    }

    [Fact]
    public void Dates_are_written_in_bokmaal_with_machine_readable_datetime()
    {
        foreach (var page in site.AllPages)
        {
            foreach (var time in page.All("time"))
            {
                var value = DateOnly.ParseExact(time.GetAttribute("datetime")!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(Links.Date(value), time.TextContent);
            }
        }

        Assert.Equal("15. januar 2026", Links.Date(new DateOnly(2026, 1, 15)));
        Assert.Equal("1. desember 2027", Links.Date(new DateOnly(2027, 12, 1)));
    }
}
