using DigitaleFremskritt.TestSupport;
using System.Text.Json;
using Microsoft.Playwright;

namespace DigitaleFremskritt.Browser.Tests;

public sealed class SiteInBrowserTests(SiteFixture site) : IClassFixture<SiteFixture>
{
    private static readonly string[] PageTypes =
    [
        "", "shows/", "shows/podcast/", $"episodes/{SiteFixture.Slug}/", "episodes/seminar-om-tjenester/", "themes/", "themes/endringsledelse/",
        "gatherings/", "gatherings/fosenregionen/", "subscribe/", "search/",
    ];

    private async Task<IPage> OpenAsync(string path, bool javaScript = true)
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, Locale = "nb-NO" });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(site.Page(path).ToString());
        Assert.Equal(200, response!.Status);
        return page;
    }

    private static Task<double> CurrentTimeAsync(IPage page) => page.EvaluateAsync<double>("() => document.getElementById('spiller').currentTime");

    private async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(site.Screenshots, name + ".png"), FullPage = true });

    [Fact]
    public async Task A_transcript_timestamp_seeks_and_plays_the_episode()
    {
        var page = await OpenAsync($"episodes/{SiteFixture.Slug}/");

        await page.ClickAsync($"#t{SiteFixture.GevinstSecond}");
        await page.WaitForFunctionAsync($"() => document.getElementById('spiller').currentTime >= {SiteFixture.GevinstSecond}");

        Assert.EndsWith($"#t={SiteFixture.GevinstSecond}", page.Url, StringComparison.Ordinal);
        Assert.InRange(await CurrentTimeAsync(page), SiteFixture.GevinstSecond, SiteFixture.GevinstSecond + 10);
        await page.WaitForFunctionAsync($"() => document.getElementById('spiller').currentTime > {SiteFixture.GevinstSecond} + 0.2");
        Assert.False(await page.EvaluateAsync<bool>("() => document.getElementById('spiller').paused"));
        await ScreenshotAsync(page, "episode-after-seek");
    }

    [Fact]
    public async Task The_keyboard_alone_reaches_a_timestamp_and_seeks()
    {
        var page = await OpenAsync($"episodes/{SiteFixture.Slug}/");

        await page.FocusAsync("ol.chapters a.t[href$='#t=20']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('spiller').currentTime >= 20");

        var focusVisible = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('a.skip')).position");
        Assert.Equal("absolute", focusVisible);
    }

    [Fact]
    public async Task Searching_an_inflected_word_finds_the_moment_and_the_player_starts_there()
    {
        var page = await OpenAsync("search/?q=gevinstene");

        await page.Locator("#treff ol li h2 a").First.WaitForAsync();
        var first = page.Locator($"#treff ol li h2 a[href*='episodes/{SiteFixture.Slug}/']");
        Assert.Equal(1, await first.CountAsync());
        var href = await first.GetAttributeAsync("href");
        Assert.EndsWith($"episodes/{SiteFixture.Slug}/#t={SiteFixture.GevinstSecond}", href, StringComparison.Ordinal);
        await ScreenshotAsync(page, "search-gevinstene");

        await first.ClickAsync();
        await page.WaitForURLAsync($"**/episodes/{SiteFixture.Slug}/#t={SiteFixture.GevinstSecond}");
        await page.WaitForFunctionAsync($"() => document.getElementById('spiller').currentTime >= {SiteFixture.GevinstSecond}");
        Assert.InRange(await CurrentTimeAsync(page), SiteFixture.GevinstSecond, SiteFixture.GevinstSecond + 1);
        Assert.True(await page.Locator($"p.now > #t{SiteFixture.GevinstSecond}").IsVisibleAsync());
        await ScreenshotAsync(page, "episode-from-search");
    }

    [Fact]
    public async Task Search_results_come_five_at_a_time_and_only_the_shown_ones_are_fetched()
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nb-NO" });
        var page = await context.NewPageAsync();
        var fetched = new List<string>();
        page.Request += (_, request) => fetched.Add(new Uri(request.Url).AbsolutePath);
        await page.GotoAsync(site.Page("search/?q=kommunene").ToString());

        await page.Locator("#treff ol li").First.WaitForAsync();
        var status = await page.Locator("#treff > p").First.TextContentAsync();
        var total = int.Parse(status!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 5, $"the site's themes and gatherings should give more than 5 hits for «kommunene»: {status}");
        Assert.Equal(5, await page.Locator("#treff ol li").CountAsync());
        Assert.Equal(5, fetched.Count(p => p.Contains("/pagefind/fragment/", StringComparison.Ordinal)));
        Assert.DoesNotContain(fetched, p => p.EndsWith("pagefind-worker.js", StringComparison.Ordinal));

        var more = page.GetByRole(AriaRole.Button, new() { Name = "Vis flere treff" });
        await more.ClickAsync();
        var shown = Math.Min(total, 10);
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#treff ol li').length === {shown}");
        Assert.Equal(shown, fetched.Count(p => p.Contains("/pagefind/fragment/", StringComparison.Ordinal)));
        Assert.Equal(await page.Locator("#treff ol li").Nth(5).Locator("a").First.GetAttributeAsync("href"),
            await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        Assert.Equal(total > 10, await more.IsVisibleAsync());
        await ScreenshotAsync(page, "search-more-results");
    }

    [Fact]
    public async Task Without_javascript_the_transcript_and_its_timestamps_still_work()
    {
        var page = await OpenAsync($"episodes/{SiteFixture.Slug}/", javaScript: false);

        Assert.Contains("Den største gevinsten", await page.InnerTextAsync("section.transcript"), StringComparison.Ordinal);
        Assert.True(await page.Locator("section.transcript noscript").CountAsync() == 1);
        var href = await page.GetAttributeAsync("ol.chapters a.t[href$='#t=20']", "href");
        Assert.Matches(@"^\.\./\.\./media/[0-9a-f]{2}/[0-9a-f]{64}\.mp3#t=20$", href);
        var media = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), href!.Split('#')[0]).ToString());
        Assert.Equal(200, media.Status);
        await ScreenshotAsync(page, "episode-without-javascript");
    }

    [Fact]
    public async Task Every_page_type_passes_axe_wcag_2_1_aa_with_zero_violations()
    {
        var axe = Repository.NodeModule("axe-core", "axe.min.js");
        var failures = new List<string>();
        foreach (var path in PageTypes)
        {
            var page = await OpenAsync(path);
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
            var json = await page.EvaluateAsync<JsonElement>(
                "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')");
            failures.AddRange(json.EnumerateArray().Select(v => $"/{path}: {v.GetString()}"));
            await ScreenshotAsync(page, "page-" + (path.Length == 0 ? "front" : path.TrimEnd('/').Replace('/', '-')));
            await page.Context.CloseAsync();
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
