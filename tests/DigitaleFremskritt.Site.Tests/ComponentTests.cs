using System.IO.Compression;
using System.Text;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Site.Components;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>Components rendered on their own with HtmlRenderer, from a model made by hand: the cases a build rarely produces.</summary>
public sealed class ComponentTests : IAsyncDisposable
{
    private const string AudioPath = "media/ab/abababababababababababababababababababababababababababababababab.mp3";

    private readonly SiteRenderer renderer = new();

    public ValueTask DisposeAsync() => renderer.DisposeAsync();

    private static SiteEpisode Episode(IReadOnlyList<TranscriptSegment> transcript, string? captions = "episodes/x/transcript.vtt", Action<Episode>? configure = null)
    {
        var episode = new Episode
        {
            Id = "x1",
            Slug = "x",
            Show = "podcast",
            Title = "Episode X",
            Date = new DateOnly(2026, 1, 15),
            Speakers = ["Kari Nordmann"],
        };
        configure?.Invoke(episode);
        return new SiteEpisode
        {
            Episode = episode,
            ShowTitle = "Digitale Fremskritt",
            AudioName = AudioPath,
            CaptionsName = captions,
            Downloads = [("MP3 (lyd)", AudioPath)],
            Transcript = transcript,
            Chapters = [.. episode.Chapters.Select(c => (c.ParseStart(), c.Title))],
            Themes = [],
            NotesHtml = "",
            Duration = TimeSpan.FromMinutes(60),
        };
    }

    private static SiteModel Model(params SiteEpisode[] episodes) => new()
    {
        SiteTitle = BuildSite.SiteTitle,
        Episodes = episodes,
        Themes = [],
        Gatherings = [],
        Shows = [new SiteShow("podcast", "Digitale Fremskritt", "Om digital transformasjon.", [])],
        Today = new DateOnly(2026, 7, 1),
    };

    private async Task<ParsedPage> RenderEpisode(SiteEpisode episode)
    {
        var html = await renderer.RenderAsync<EpisodePage>(new Dictionary<string, object?> { ["Model"] = Model(episode), ["E"] = episode });
        return ParsedPage.Parse(PageNames.Episode(episode.Slug), html);
    }

    [Fact]
    public async Task An_episode_without_a_transcript_says_it_is_coming_and_has_no_captions_track()
    {
        var page = await RenderEpisode(Episode([], captions: null));
        Assert.Empty(page.All("track"));
        Assert.Empty(page.All("section.transcript p > a, section.transcript b, section.transcript p.hint"));
        Assert.Contains("kommer snart", page.One("section.transcript").TextContent, StringComparison.Ordinal);
        Assert.Equal("#tekst", page.One(".player a[href='#tekst']").GetAttribute("href"));
        Assert.Empty(page.All("section[aria-labelledby=kapitler]"));
        Assert.Empty(page.All("section[aria-labelledby=om]"));
    }

    private static (double Start, double End, string? Speaker, string Text)[] Cues(IEnumerable<TranscriptSegment> transcript) =>
        [.. transcript.Select(t => (t.Start.TotalSeconds, t.End.TotalSeconds, t.Speaker, t.Text))];

    [Fact]
    public async Task Paragraph_links_seek_to_the_whole_second_the_paragraph_starts_in()
    {
        List<TranscriptSegment> transcript =
        [
            new(TimeSpan.FromSeconds(4.999), TimeSpan.FromSeconds(6), "Nesten fem."),
            new(TimeSpan.FromSeconds(3599.5), TimeSpan.FromSeconds(3602), "Nesten en time."),
            new(TimeSpan.FromHours(25) + TimeSpan.FromSeconds(1), TimeSpan.FromHours(25) + TimeSpan.FromSeconds(3), "Over et døgn."),
        ];
        var page = await RenderEpisode(Episode(transcript));
        TranscriptMarkup.Check(page, Cues(transcript));
        var links = page.All("section.transcript p > a");
        Assert.Equal(["#t=4", "#t=3599", "#t=90001"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(["0:04", "59:59", "25:00:01"], links.Select(a => a.TextContent));

        // site.js seeks on transcript and chapter links (#t=N), reads #t=N in the address with this pattern, and scrolls to the paragraph whose time link has the id tN.
        var js = ReadAsset("site.js");
        Assert.Contains(@"/^#t=(\d+(?:\.\d+)?)$/", js, StringComparison.Ordinal);
        Assert.Contains(@"closest("".transcript p > a, a.t"")", js, StringComparison.Ordinal);
        Assert.Contains(@"/#t=(\d+(?:\.\d+)?)$/.exec(link.getAttribute(""href""))", js, StringComparison.Ordinal);
        Assert.Contains("getElementById(\"t\" + Math.floor(seconds))", js, StringComparison.Ordinal);
        Assert.Contains("paragraphAt(start)", js, StringComparison.Ordinal);
        Assert.Equal(["t4", "t3599", "t90001"], links.Select(a => a.Id));
    }

    [Fact]
    public async Task Two_paragraphs_starting_in_the_same_second_get_distinct_ids()
    {
        // Short turns ("Ja.", "Nettopp.") often start within the same second; ids must stay unique (WCAG 4.1.1, axe duplicate-id).
        List<TranscriptSegment> transcript =
        [
            new(TimeSpan.FromSeconds(12.1), TimeSpan.FromSeconds(12.6), "Ja.", "Kari Nordmann"),
            new(TimeSpan.FromSeconds(12.7), TimeSpan.FromSeconds(15), "Og så videre.", "Ola Hansen"),
            new(TimeSpan.FromSeconds(12.9), TimeSpan.FromSeconds(13.5), "Nettopp.", "Kari Nordmann"),
            new(TimeSpan.FromSeconds(13.1), TimeSpan.FromSeconds(16), "Videre.", "Ola Hansen"),
        ];
        var page = await RenderEpisode(Episode(transcript));
        TranscriptMarkup.Check(page, Cues(transcript));
        var ids = page.All("[id]").Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var paragraphs = page.All("section.transcript p:not(.hint)");
        Assert.Equal(["t12", null, null, "t13"], paragraphs.Select(p => p.QuerySelector("a")!.GetAttribute("id")));
        Assert.Equal(["#t=12", "#t=12", "#t=12", "#t=13"], paragraphs.Select(p => p.QuerySelector("a")!.GetAttribute("href")));
    }

    [Fact]
    public async Task A_speaker_is_shown_when_the_speaker_changes_and_only_when_known()
    {
        List<TranscriptSegment> transcript =
        [
            new(TimeSpan.FromSeconds(0), TimeSpan.FromSeconds(2), "Hei.", "Kari Nordmann"),
            new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), "Hei på deg.", null),
            new(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6), "Tomt navn.", ""),
            new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12), "Etter en pause.", "Kari Nordmann"),
            new(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(14), "Nå meg.", "Ola Hansen"),
            new(TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(16), "Og meg igjen.", "Kari Nordmann"),
        ];
        var page = await RenderEpisode(Episode(transcript));
        TranscriptMarkup.Check(page, Cues(transcript));
        Assert.Equal(
            ["0:00 Kari Nordmann: Hei. Hei på deg. Tomt navn.", "0:10 Etter en pause.", "0:12 Ola Hansen: Nå meg.", "0:14 Kari Nordmann: Og meg igjen."],
            page.All("section.transcript p:not(.hint)").Select(p => p.Squash()));
        Assert.Equal(3, page.All("section.transcript b").Length);
    }

    [Fact]
    public async Task A_transcript_without_speakers_shows_none()
    {
        List<TranscriptSegment> transcript =
        [
            new(TimeSpan.FromSeconds(0), TimeSpan.FromSeconds(2), "Hei."),
            new(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11), "Igjen."),
        ];
        var page = await RenderEpisode(Episode(transcript));
        TranscriptMarkup.Check(page, Cues(transcript));
        Assert.Empty(page.All("section.transcript b"));
        Assert.Equal(["0:00 Hei.", "0:09 Igjen."], page.All("section.transcript p:not(.hint)").Select(p => p.Squash()));
    }

    [Fact]
    public async Task Transcript_text_is_escaped()
    {
        List<TranscriptSegment> transcript =
        [
            new(TimeSpan.FromSeconds(0), TimeSpan.FromSeconds(2), SiteFixture.Evil, SiteFixture.EvilSpeaker),
            new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), "<b>fet</b> & <a href=\"javascript:alert(1)\">lenke</a>"),
        ];
        var page = await RenderEpisode(Episode(transcript));
        TranscriptMarkup.Check(page, Cues(transcript));
        var paragraph = page.One("section.transcript p:not(.hint)");
        Assert.Equal(["a", "b"], paragraph.Children.Select(c => c.LocalName));
        Assert.Contains("&lt;b&gt;fet&lt;/b&gt; &amp; &lt;a href=", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_render_without_javascript_dependent_content()
    {
        // Everything but search works without JS: no element is hidden until a script shows it, and every timestamp is a real link.
        var page = await RenderEpisode(Episode([new(TimeSpan.Zero, TimeSpan.FromSeconds(2), "Hei.")]));
        Assert.Empty(page.All("[hidden]"));
        Assert.All(page.All("a"), a => Assert.False(string.IsNullOrEmpty(a.GetAttribute("href"))));

        var search = ParsedPage.Parse(PageNames.Search, await renderer.RenderAsync<SearchPage>(new Dictionary<string, object?> { ["Model"] = Model() }));
        Assert.Contains("JavaScript", search.One("noscript").TextContent, StringComparison.Ordinal);
        Assert.Equal("label", search.Document.QuerySelector("label[for=sok]")?.LocalName);
    }

    /// <summary>About an hour of speech as Whisper cuts it: 9000 words of varied bokmål in 900 cues, two speakers.</summary>
    private static List<TranscriptSegment> HourOfSpeech()
    {
        var words = ("kommunen skal digitalisere tjenestene sammen med innbyggerne og de ansatte slik at gevinstene blir hentet ut "
            + "ledelse handler om trygghet når arbeidsmåtene endres vi må forstå hvorfor og hvordan endringen påvirker hverdagen "
            + "rådmannen sa at prosjektet har gitt tid til oppfølging av brukerne i hjemmetjenesten mens økonomien er stram "
            + "kompetanse læring samarbeid region fylke stat fellesløsninger digitalt førstevalg personvern informasjonssikkerhet").Split(' ');
        var random = new Random(2026);
        return [.. Enumerable.Range(0, 900).Select(i => new TranscriptSegment(
            TimeSpan.FromSeconds(i * 4), TimeSpan.FromSeconds((i * 4) + 4),
            string.Join(' ', Enumerable.Range(0, 10).Select(_ => words[random.Next(words.Length)])) + ".",
            i % 7 < 4 ? "Kari Nordmann" : "Ola Hansen"))];
    }

    private static int Gzipped(string html)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(html));
        }

        return (int)memory.Length;
    }

    [Fact]
    public async Task An_hour_long_episode_page_is_light_when_compressed()
    {
        var page = await RenderEpisode(Episode(HourOfSpeech()));
        var gzipped = Gzipped(page.Html) + Gzipped(ReadAsset("site.css")) + Gzipped(ReadAsset("site.js"));
        Assert.True(gzipped <= 100_000, $"{gzipped} bytes gzipped with its CSS and JS");
        TranscriptMarkup.Check(page, Cues(HourOfSpeech()));
    }

    [Fact]
    public async Task An_hour_long_episode_page_weighs_at_most_100_kB_as_stored_and_served()
    {
        // The issue: "≤ 100 kB per page without the media". Pages are uploaded to blob storage as they are (no
        // Content-Encoding), so what a browser fetches is the stored size. 9000 words are about 60 kB of text; the
        // paragraphs (one page-local time link each, the speaker only on a change) must keep the markup light.
        var transcript = HourOfSpeech();
        var page = await RenderEpisode(Episode(transcript));
        TranscriptMarkup.Check(page, Cues(transcript));
        var bytes = Encoding.UTF8.GetByteCount(page.Html) + AssetBytes();
        var text = transcript.Sum(t => Encoding.UTF8.GetByteCount(t.Text));
        Assert.True(bytes <= 100_000, $"{bytes} bytes with its CSS and JS, of which {text} are the words");
    }

    [Fact]
    public async Task A_theme_pages_kommunett_link_is_shown()
    {
        var theme = new Theme("tema", "Tema", "Kort.", 1, "<p>Tekst</p>", "https://example.no/tema");
        var html = await renderer.RenderAsync<ThemePage>(new Dictionary<string, object?> { ["Model"] = Model(), ["Theme"] = theme });
        var page = ParsedPage.Parse(PageNames.Theme("tema"), html);
        Assert.Contains(page.All("a"), a => a.GetAttribute("href") == "https://example.no/tema");
    }

    [Fact]
    public void Site_markdown_written_by_producers_has_no_javascript_links()
    {
        // Show notes are disarmed (PodcastFeedWriter.Description); theme and gathering bodies go through SiteContent.ToHtml.
        var html = SiteContent.ToHtml("Se [veilederen](javascript:alert(1)) og <javascript:alert(2)> og [bilde](data:text/html,x) og [trygg](https://example.no/).");
        var page = ParsedPage.Parse("themes/x/index.html", $"<!DOCTYPE html><html lang=\"nb\"><body>{html}</body></html>");
        Assert.DoesNotContain(page.All("[href], [src]"), a => (a.GetAttribute("href") ?? a.GetAttribute("src"))!.TrimStart() is var v
            && (v.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || v.StartsWith("data:", StringComparison.OrdinalIgnoreCase)));
        Assert.Single(page.All("a[href='https://example.no/']"));
        Assert.Contains("Se veilederen og", page.Document.Body!.Squash(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kommunett_url_that_is_not_http_is_not_a_live_link()
    {
        foreach (var url in new[] { "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "ftp://example.no/" })
        {
            var theme = new Theme("tema", "Tema", "Kort.", 1, "<p>Tekst</p>", url);
            var html = await renderer.RenderAsync<ThemePage>(new Dictionary<string, object?> { ["Model"] = Model(), ["Theme"] = theme });
            var page = ParsedPage.Parse(PageNames.Theme("tema"), html);
            Assert.DoesNotContain(page.All("[href]"), a => a.GetAttribute("href")!.Contains(url.Trim()[..4], StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(page.All("a"), a => a.TextContent.Contains("Kommunett", StringComparison.Ordinal));
        }

        foreach (var url in new[] { "https://example.no/tema", "http://example.no/tema" })
        {
            var theme = new Theme("tema", "Tema", "Kort.", 1, "<p>Tekst</p>", url);
            var html = await renderer.RenderAsync<ThemePage>(new Dictionary<string, object?> { ["Model"] = Model(), ["Theme"] = theme });
            Assert.Single(ParsedPage.Parse(PageNames.Theme("tema"), html).All($"a[href='{url}']"));
        }
    }

    [Fact]
    public void Clock_and_minutes_read_as_people_write_them()
    {
        Assert.Equal("0:00", Links.Clock(TimeSpan.Zero));
        Assert.Equal("12:34", Links.Clock(TimeSpan.FromSeconds(754.9)));
        Assert.Equal("1:02:03", Links.Clock(new TimeSpan(1, 2, 3)));
        Assert.Equal("13 min", Links.Minutes(TimeSpan.FromSeconds(754.4)));
        Assert.Equal("45 s", Links.Minutes(TimeSpan.FromSeconds(45)));
        Assert.Equal("754", Links.Seconds(TimeSpan.FromSeconds(754.9)));
    }

    private static string ReadAsset(string name)
    {
        using var stream = typeof(BuildSite).Assembly.GetManifestResourceStream($"assets/{name}")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static long AssetBytes() => Encoding.UTF8.GetByteCount(ReadAsset("site.css")) + Encoding.UTF8.GetByteCount(ReadAsset("site.js"));
}
