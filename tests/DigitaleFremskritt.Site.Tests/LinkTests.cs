namespace DigitaleFremskritt.Site.Tests;

/// <summary>A link checker over the whole built site: every relative href/src lands on a file that is there.</summary>
[Collection(SiteCollection.Name)]
public sealed class LinkTests(SiteFixture site)
{
    [Fact]
    public void Every_relative_link_of_every_page_resolves()
    {
        var problems = site.AllPages.SelectMany(page => site.Links.Problems(page, site.TryPage)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_checker_itself_catches_broken_links()
    {
        var page = ParsedPage.Parse("episodes/x/index.html",
            """
            <!DOCTYPE html><html lang="nb"><head><title>t</title></head><body>
            <a href="../../themes/finnes-ikke/">a</a>
            <a href="../../shows">b</a>
            <a href="../../../../etc/passwd">c</a>
            <a href="javascript:alert(1)">d</a>
            <a href="#mangler">e</a>
            <a href="#t=abc">g</a>
            <a href="#t12">h</a>
            <a href="#t=12">ok: a time for site.js</a>
            <a href="../podkast-en/#t=754">ok: a time on another episode page</a>
            <a href="../podkast-en/#t=754x">i</a>
            <a href="/themes/">f</a>
            <img src="../../media/00/0000000000000000000000000000000000000000000000000000000000000000.jpg">
            <a href="../../">ok</a>
            <a href="https://example.no/">ok</a>
            </body></html>
            """);
        var problems = site.Links.Problems(page, site.TryPage).ToList();
        Assert.Equal(10, problems.Count);
        Assert.Contains(problems, p => p.Contains("finnes-ikke", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("trailing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("above the site root", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unsafe scheme", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count(p => p.Contains("no id", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.Contains("#t=abc", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("\"#t12\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("has no id 't=754x'", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("#t=12\"", StringComparison.Ordinal) || p.Contains("#t=754\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("root-relative", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("media/00", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_page_is_reachable_from_the_front_page()
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { "index.html" };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var name))
        {
            var page = site.Page(name);
            foreach (var link in page.All("a[href]"))
            {
                var target = site.Links.Target(name, link.GetAttribute("href")!, out _);
                if (target is not null && target.EndsWith(".html", StringComparison.Ordinal) && site.TryPage(target) is not null && reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        Assert.Equal(site.PageNames, reached.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Links_are_relative_so_the_site_works_under_any_base_path()
    {
        Assert.Equal("./", Links.Relative("index.html", "index.html"));
        Assert.Equal("shows/", Links.Relative("index.html", "shows/index.html"));
        Assert.Equal("../", Links.Relative("shows/index.html", "index.html"));
        Assert.Equal("../../themes/x/", Links.Relative("episodes/y/index.html", "themes/x/index.html"));
        Assert.Equal("../../assets/site.css", Links.Relative("episodes/y/index.html", "assets/site.css"));

        foreach (var page in site.AllPages)
        {
            foreach (var element in page.All("[href], [src], [poster]"))
            {
                foreach (var value in new[] { element.GetAttribute("href"), element.GetAttribute("src"), element.GetAttribute("poster") }.OfType<string>())
                {
                    Assert.False(value.StartsWith('/'), $"{page.Name}: '{value}' is root-relative");
                    Assert.False(value.StartsWith("http://localhost", StringComparison.Ordinal), $"{page.Name}: '{value}' points at a preview server");
                }
            }
        }
    }
}
