using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>Episode metadata with markup, CDATA ends, quotes, control characters, emoji and æøå, built into a feed.</summary>
public sealed class NastyFeedFixture : IAsyncLifetime
{
    /// <summary>Every kind of trouble in one line; \u0001 and \u000B cannot exist in XML 1.0 and must disappear.</summary>
    public const string Nasty = "Ærlig & åpen: <script>alert(1)</script> ]]> \"sitat\" 'apostrof' \u0001kontroll\u000Btegn 😀 👩🏽‍💻 🇳🇴 e\u0301 ØÆÅ øæå";

    public const string NastyMarkdown = "**Viktig** & <script>alert(1)</script> <img src=x onerror=alert(1)> ]]> \u0001 \"sitat\" 😀 æøå\n\n<div onclick=\"alert(2)\">blokk</div>";

    public const string NastySpeaker = "Kari <b>Nordmann</b> & \"Co\" \u0001";

    /// <summary>What XML can carry of <paramref name="text"/>: the two control characters removed, nothing else touched.</summary>
    public static string Expected(string text) => text.Replace("\u0001", "", StringComparison.Ordinal).Replace("\u000B", "", StringComparison.Ordinal);

    public TestContent Content { get; } = new();

    public BuildResult Result { get; private set; } = null!;

    public Episode Episode { get; private set; } = null!;

    public XDocument Xml { get; private set; } = null!;

    public byte[] Bytes { get; private set; } = null!;

    public FeedParsers.Parsed Parsed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var show = Content.Options.Shows["podcast"];
        show.Title = Nasty;
        show.Description = Nasty + "\nAndre linje.";
        show.Author = Nasty;
        show.OwnerName = Nasty;
        show.Hosts = [NastySpeaker];
        Episode = await Content.AddEpisodeAsync("farlig", title: Nasty, configure: e =>
        {
            e.Description = NastyMarkdown;
            e.Speakers = [NastySpeaker, "Ola 😀 Ørnulf"];
            e.Chapters = [new Chapter { Start = "0", Title = Nasty }, new Chapter { Start = "00:20", Title = "<b>fet</b> & \u000B" }];
        });
        Result = await Builds.BuildAsync(Content);
        var path = Path.Combine(Result.OutputFolder, "feeds", "podcast.xml");
        Bytes = await File.ReadAllBytesAsync(path);
        Xml = Builds.LoadFeed(Result.OutputFolder, "feeds/podcast.xml");
        Parsed = await FeedParsers.ParseAsync(path);
    }

    public Task DisposeAsync()
    {
        Content.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class EscapingTests(NastyFeedFixture fixture) : IClassFixture<NastyFeedFixture>
{
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private XElement Channel => fixture.Xml.Root!.Element("channel")!;

    private XElement Item => Assert.Single(Channel.Elements("item"));

    [Fact]
    public void The_episode_is_built_not_skipped()
    {
        Assert.Empty(fixture.Result.Skipped);
        Assert.Single(fixture.Result.Episodes);
    }

    [Fact]
    public void The_feed_is_well_formed_strict_UTF8_XML_without_a_script_element()
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(fixture.Bytes);
        XDocument.Parse(text);
        Assert.DoesNotContain(fixture.Xml.Descendants(), e => e.Name.LocalName.Equals("script", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\u0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u000B", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x1;", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#xB;", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Titles_and_channel_text_round_trip_through_the_XML()
    {
        var expected = NastyFeedFixture.Expected(NastyFeedFixture.Nasty);
        Assert.Equal(expected, (string?)Channel.Element("title"));
        Assert.Equal(expected, (string?)Channel.Element(Itunes + "author"));
        Assert.Equal(expected, (string?)Channel.Element(Itunes + "owner")!.Element(Itunes + "name"));
        Assert.Equal(NastyFeedFixture.Expected(NastyFeedFixture.Nasty + "\nAndre linje."), (string?)Channel.Element("description"));
        Assert.Equal(expected, (string?)Item.Element("title"));
        Assert.Equal(expected, (string?)Item.Element(Itunes + "title"));
    }

    [Fact]
    public void Both_parsers_accept_the_feed_and_read_the_same_text()
    {
        var expected = NastyFeedFixture.Expected(NastyFeedFixture.Nasty);
        var rss = fixture.Parsed.RssParser;
        var pt = fixture.Parsed.Partytime;
        Assert.Equal(expected, rss.Text("title"));
        Assert.Equal(expected, pt.Text("title"));
        Assert.Equal(expected, rss.Text("itunes", "author"));
        Assert.Equal(expected, pt.Text("author"));
        Assert.Equal(expected, rss.Array("items")[0].Text("title"));
        Assert.Equal(expected, pt.Array("items")[0].Text("title"));
    }

    [Fact]
    public void Speaker_names_round_trip_and_the_host_is_recognised()
    {
        var persons = Item.Elements(Podcast + "person").ToList();
        Assert.Equal([NastyFeedFixture.Expected(NastyFeedFixture.NastySpeaker).Trim(), "Ola 😀 Ørnulf"], persons.Select(p => p.Value));
        Assert.Equal(["host", "guest"], persons.Select(p => (string?)p.Attribute("role")));
        var people = fixture.Parsed.Partytime.Array("items")[0].Array("podcastPeople");
        Assert.Equal(persons.Select(p => p.Value), people.Select(p => p.Text("name")));
    }

    [Fact]
    public void Raw_HTML_in_show_notes_is_escaped_not_passed_through()
    {
        var html = (string?)Item.Element("description");
        Assert.NotNull(html);
        Assert.Contains("<strong>Viktig</strong>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;div onclick=", html, StringComparison.Ordinal);
        Assert.Contains("😀 æøå", html, StringComparison.Ordinal);
        // rss-parser decodes the XML once: what it returns is the HTML an app would render.
        var parsed = fixture.Parsed.RssParser.Array("items")[0].Text("content");
        Assert.Equal(html, parsed);
        Assert.DoesNotContain("<script", parsed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", parsed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div", parsed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\u0001", parsed, StringComparison.Ordinal);

        // partytime decodes entities a second time (he.decode), so its string is the HTML's text, not HTML.
        Assert.Equal(Regex.Replace(WebUtility.HtmlDecode(html), @"\s+", " "), fixture.Parsed.Partytime.Array("items")[0].Text("description"));
    }

    /// <summary>Show notes are untrusted: a link must not carry a script URL into apps that render the HTML.</summary>
    [Theory]
    [InlineData("[klikk](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[klikk](JaVaScRiPt:alert(1))")]
    [InlineData("[klikk](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![bilde](javascript:alert(1))")]
    public void Show_notes_links_never_carry_script_urls(string markdown)
    {
        var html = PodcastFeedWriter.Description("Se " + markdown + " og [hjemmesiden](https://example.no/).");
        var links = Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains("https://example.no/", links);
        Assert.All(links, url => Assert.Matches("^(https?:|mailto:)", url));
    }

    [Fact]
    public void Chapter_titles_round_trip_through_the_JSON()
    {
        var json = File.ReadAllBytes(Path.Combine(fixture.Result.OutputFolder, "episodes", "farlig", "chapters.json"));
        var chapters = JsonDocument.Parse(json).RootElement.Array("chapters");
        Assert.Equal([NastyFeedFixture.Expected(NastyFeedFixture.Nasty), "<b>fet</b> &"], chapters.Select(c => c.Text("title")));
        Assert.DoesNotContain("<script", Encoding.UTF8.GetString(json), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Lone_surrogates_and_control_characters_never_reach_the_XML()
    {
        // episode.yaml (UTF-8) cannot hold a lone surrogate, so feed the writer directly.
        var channel = new FeedChannel
        {
            Title = "Show \uD800 med \uDC00 halve par og \uFFFE\uFFFF og \u0001",
            Description = "Beskrivelse \uDBFF",
            Language = "nb",
            Author = "A\uDC00B",
            OwnerName = "Eier",
            OwnerEmail = "eier@example.no",
            Categories = ["Government"],
            Medium = "podcast",
            FeedUrl = "https://podkast.example.no/feeds/x.xml",
            Link = "https://podkast.example.no/shows/x/",
            ImageUrl = "https://podkast.example.no/artwork/x.jpg",
        };
        var item = new FeedItem
        {
            Id = "id-1",
            Title = "Tittel \uD83D slutt 😀",
            DescriptionMarkdown = "Notater \uDE00 her",
            PublishDate = new DateTimeOffset(2026, 1, 15, 6, 0, 0, TimeSpan.FromHours(1)),
            Link = "https://podkast.example.no/episodes/x/",
            Enclosure = new FeedEnclosure("https://podkast.example.no/media/x.mp3", 1234, "audio/mpeg"),
            Duration = TimeSpan.FromSeconds(61),
            ImageUrl = "https://podkast.example.no/artwork/x.jpg",
            Persons = [new FeedPerson("Per \uD800Olsen", "guest")],
        };

        var bytes = PodcastFeedWriter.Write(channel, [item]);
        var xml = XDocument.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        var c = xml.Root!.Element("channel")!;
        Assert.Equal("Show med halve par og og", (string?)c.Element("title"));
        Assert.Equal("Beskrivelse", (string?)c.Element("description"));
        Assert.Equal("AB", (string?)c.Element(Itunes + "author"));
        var i = c.Element("item")!;
        Assert.Equal("Tittel slutt 😀", (string?)i.Element("title"));
        Assert.Matches("^<p>Notater +her</p>$", (string?)i.Element("description"));
        Assert.Equal("Per Olsen", (string?)i.Element(Podcast + "person"));
        foreach (var value in xml.Descendants().SelectMany(e => e.Nodes().OfType<XText>().Select(t => t.Value).Concat(e.Attributes().Select(a => a.Value))))
        {
            StrictUtf8.GetByteCount(value); // throws on a lone surrogate
            Assert.DoesNotContain(value, ch => ch is '\uFFFE' or '\uFFFF' or '\u0001');
        }
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>A & B</title></channel></rss>")]
    [InlineData("<rss version=\"2.0\"><channel><title>uavsluttet</channel></rss>")]
    // Both node parsers let a raw \u0001 through, so the strict XML check is XDocument's (see the tests above).
    public async Task The_parser_script_fails_loudly_on_malformed_XML(string xml)
    {
        using var temp = new TempFolder();
        var file = temp.File("feil.xml");
        await File.WriteAllTextAsync(file, xml);
        var (exit, stdout, stderr) = await FeedParsers.RunNodeAsync(file);
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Contains("feil.xml", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_writer_output_parses_in_both_node_parsers()
    {
        using var temp = new TempFolder();
        var channel = new FeedChannel
        {
            Title = "T \uD800 & <x> ]]>",
            Description = "D \u0002",
            Language = "nb",
            Author = "A",
            OwnerName = "O",
            OwnerEmail = "o@example.no",
            Categories = ["Technology"],
            Medium = "podcast",
            FeedUrl = "https://podkast.example.no/feeds/y.xml",
            Link = "https://podkast.example.no/shows/y/",
            ImageUrl = "https://podkast.example.no/artwork/y.jpg",
        };
        var file = temp.File("y.xml");
        await File.WriteAllBytesAsync(file, PodcastFeedWriter.Write(channel, []));
        var parsed = await FeedParsers.ParseAsync(file);
        Assert.Equal("T & <x> ]]>", parsed.RssParser.Text("title"));
        Assert.Equal("T & <x> ]]>", parsed.Partytime.Text("title"));
        Assert.Equal("D", parsed.RssParser.Text("description"));
    }
}
