using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DigitaleFremskritt.Build.Feeds;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>Apple Podcasts' and the Podcasting 2.0 namespace's rules, checked on the raw XML of the built feeds.</summary>
[Collection(BuiltFeedsFixture.Collection)]
public sealed partial class AppleRulesTests(BuiltFeedsFixture fixture)
{
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly string[] TrueFalse = ["true", "false"];
    private static readonly string[] ImageCodecs = ["mjpeg", "png"];

    public static TheoryData<string> Feeds => [.. BuiltFeedsFixture.FeedNames];

    // RFC 2822 date-time as Apple and RSS 2.0 readers expect it: day name, two-digit day, numeric zone.
    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-5][0-9] [+-][0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc2822();

    private XElement Channel(string feed) => fixture.Xml[feed].Root!.Element("channel")!;

    private string Raw(string feed) => Encoding.UTF8.GetString(fixture.SecondFiles[feed]);

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Namespaces_are_declared_once_on_rss_only(string feed)
    {
        var rss = fixture.Xml[feed].Root!;
        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", (string?)rss.Attribute("version"));
        var declarations = rss.Attributes().Where(a => a.IsNamespaceDeclaration).ToDictionary(a => a.Name.LocalName, a => a.Value);
        Assert.Equal(Itunes.NamespaceName, declarations["itunes"]);
        Assert.Equal(Podcast.NamespaceName, declarations["podcast"]);
        Assert.Equal(Atom.NamespaceName, declarations["atom"]);
        Assert.DoesNotContain(rss.Descendants().SelectMany(e => e.Attributes()), a => a.IsNamespaceDeclaration);

        var raw = Raw(feed);
        foreach (var prefix in new[] { "itunes", "podcast", "atom" })
        {
            Assert.Equal(1, Regex.Count(raw, $"xmlns:{prefix}="));
        }

        Assert.DoesNotContain("xmlns:a10", raw, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void The_channel_has_what_Apple_requires(string feed)
    {
        var channel = Channel(feed);
        Assert.False(string.IsNullOrWhiteSpace((string?)channel.Element("title")));
        Assert.False(string.IsNullOrWhiteSpace((string?)channel.Element("link")));
        Assert.Equal("nb", (string?)channel.Element("language"));
        var description = (string?)channel.Element("description");
        Assert.False(string.IsNullOrWhiteSpace(description));
        Assert.InRange(Encoding.UTF8.GetByteCount(description), 1, 4000);
        Assert.Single(channel.Elements(Itunes + "image"));
        Assert.Single(channel.Elements(Itunes + "explicit"));
        Assert.Contains((string?)channel.Element(Itunes + "explicit"), TrueFalse);
        Assert.All(channel.Elements("item").Elements(Itunes + "explicit"), e => Assert.Contains(e.Value, TrueFalse));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Cover_art_is_a_square_jpeg_or_png_of_1400_to_3000_px_in_the_output(string feed)
    {
        var channel = Channel(feed);
        var hrefs = channel.Elements(Itunes + "image").Concat(channel.Elements("item").Elements(Itunes + "image"))
            .Select(e => (string?)e.Attribute("href")).Distinct().ToList();
        Assert.NotEmpty(hrefs);
        foreach (var href in hrefs)
        {
            Assert.NotNull(href);
            Assert.StartsWith(BuiltFeedsFixture.BaseUrl, href, StringComparison.Ordinal);
            var file = Path.Combine(fixture.Output, href[BuiltFeedsFixture.BaseUrl.Length..]);
            Assert.True(File.Exists(file), $"{href} is not in the output folder");
            var image = Ffprobe.Probe(file);
            Assert.Contains(image.Codec, ImageCodecs);
            Assert.Equal(image.Width, image.Height);
            Assert.InRange(image.Width, 1400, 3000);
            Assert.Equal(image.Codec == "png" ? ".png" : ".jpg", Path.GetExtension(file));
        }
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Categories_are_Apple_categories(string feed)
    {
        var categories = Channel(feed).Elements(Itunes + "category").ToList();
        Assert.NotEmpty(categories);
        var configured = new List<string>();
        foreach (var category in categories)
        {
            var name = (string?)category.Attribute("text");
            Assert.NotNull(name);
            Assert.True(AppleCategories.All.TryGetValue(name, out var subcategories), $"'{name}' is not an Apple category");
            Assert.DoesNotContain(category.Nodes().OfType<XText>(), t => !string.IsNullOrWhiteSpace(t.Value));
            var subs = category.Elements(Itunes + "category").ToList();
            Assert.True(subs.Count <= 1);
            foreach (var sub in subs)
            {
                Assert.Contains((string?)sub.Attribute("text"), subcategories);
                Assert.Empty(sub.Elements());
            }

            configured.Add(subs.Count == 0 ? name : $"{name}/{(string?)subs[0].Attribute("text")}");
        }

        Assert.Equal(fixture.Content.Options.Shows[BuiltFeedsFixture.FeedOf(feed).Show].Categories, configured);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void PubDates_are_RFC_2822_with_a_numeric_zone(string feed)
    {
        var channel = Channel(feed);
        var items = channel.Elements("item").ToList();
        var expected = fixture.ExpectedEpisodes(feed);
        Assert.Equal(expected.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var text = (string?)items[i].Element("pubDate");
            Assert.NotNull(text);
            Assert.Matches(Rfc2822(), text);
            var parsed = ParseRfc2822(text);
            Assert.Equal(Builds.ExpectedPubDate(expected[i].Date), parsed);
            // Oslo local time: the zone is +0100 in winter, +0200 in summer, never Z or GMT.
            Assert.Equal(Builds.Oslo.GetUtcOffset(parsed), parsed.Offset);
            Assert.Equal(new TimeSpan(6, 0, 0), parsed.TimeOfDay);
        }

        var pubDates = items.Select(item => ParseRfc2822((string)item.Element("pubDate")!)).ToList();
        Assert.Equal(pubDates.OrderByDescending(d => d), pubDates);

        var lastBuild = (string?)channel.Element("lastBuildDate");
        Assert.NotNull(lastBuild);
        Assert.Matches(Rfc2822(), lastBuild);
        Assert.Equal(pubDates.Max(), ParseRfc2822(lastBuild));
    }

    [Fact]
    public void Winter_and_summer_dates_carry_their_own_offsets()
    {
        var dates = Channel("feeds/podcast.xml").Elements("item").Select(i => ((string)i.Element("pubDate")!)[^5..]).ToList();
        Assert.Contains("+0100", dates);
        Assert.Contains("+0200", dates);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Enclosures_have_the_exact_length_of_the_stored_file(string feed)
    {
        var items = Channel(feed).Elements("item").ToList();
        var expected = fixture.ExpectedEpisodes(feed);
        for (var i = 0; i < items.Count; i++)
        {
            var enclosure = Assert.Single(items[i].Elements("enclosure"));
            var url = (string?)enclosure.Attribute("url");
            Assert.NotNull(url);
            Assert.StartsWith(BuiltFeedsFixture.BaseUrl + "media/", url, StringComparison.Ordinal);
            var stored = fixture.Content.Root.Resolve(url[BuiltFeedsFixture.BaseUrl.Length..]);
            Assert.True(File.Exists(stored), $"{url} is not in the media store");
            Assert.Equal(new FileInfo(stored).Length, long.Parse((string)enclosure.Attribute("length")!, CultureInfo.InvariantCulture));
            Assert.Equal(BuiltFeedsFixture.ExpectedMedia(feed, expected[i]).Path, url[BuiltFeedsFixture.BaseUrl.Length..]);
            Assert.Contains(fixture.First.Media, m => m.Name == url[BuiltFeedsFixture.BaseUrl.Length..] && m.LocalPath == stored && m.Bytes == new FileInfo(stored).Length);
            Assert.False(string.IsNullOrWhiteSpace((string?)items[i].Element("title")));
        }
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Guids_are_unique_and_not_permalinks(string feed)
    {
        var guids = Channel(feed).Elements("item").Select(item => Assert.Single(item.Elements("guid"))).ToList();
        Assert.All(guids, g => Assert.Equal("false", (string?)g.Attribute("isPermaLink")));
        Assert.Equal(guids.Count, guids.Select(g => g.Value).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(fixture.ExpectedEpisodes(feed).Select(e => e.Id), guids.Select(g => g.Value));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Podcast_guid_is_the_UUIDv5_of_the_self_link(string feed)
    {
        var channel = Channel(feed);
        var self = Assert.Single(channel.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        var href = (string?)self.Attribute("href");
        Assert.Equal(BuiltFeedsFixture.BaseUrl + feed, href);
        var guid = Assert.Single(channel.Elements(Podcast + "guid")).Value;
        Assert.Equal(PodcastGuid.ForFeedUrl(href!).ToString("D"), guid);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", guid);
    }

    [Fact]
    public void The_video_and_audio_feeds_of_a_show_have_different_podcast_guids()
    {
        var video = Channel("feeds/seminar.xml").Element(Podcast + "guid")!.Value;
        var audio = Channel("feeds/seminar-audio.xml").Element(Podcast + "guid")!.Value;
        Assert.NotEqual(video, audio);
        Assert.Equal("video", Channel("feeds/seminar.xml").Element(Podcast + "medium")!.Value);
        Assert.Equal("podcast", Channel("feeds/seminar-audio.xml").Element(Podcast + "medium")!.Value);
        Assert.All(Channel("feeds/seminar.xml").Elements("item").Elements("enclosure"), e => Assert.Equal("video/mp4", (string?)e.Attribute("type")));
        Assert.All(Channel("feeds/seminar-audio.xml").Elements("item").Elements("enclosure"), e => Assert.Equal("audio/mpeg", (string?)e.Attribute("type")));
    }

    /// <summary>"Thu, 15 Jan 2026 06:00:00 +0100": .NET's zzz wants a colon in the offset; ParseExact also checks the day name.</summary>
    public static DateTimeOffset ParseRfc2822(string text)
    {
        Assert.Matches(Rfc2822(), text);
        var withColon = text[..^2] + ":" + text[^2..];
        return DateTimeOffset.ParseExact(withColon, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    [Fact]
    public void The_RFC_2822_check_rejects_what_Apple_rejects()
    {
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 6, 0, 0, TimeSpan.FromHours(1)), ParseRfc2822("Thu, 15 Jan 2026 06:00:00 +0100"));
        Assert.DoesNotMatch(Rfc2822(), "Thu, 15 Jan 2026 06:00:00 Z");
        Assert.DoesNotMatch(Rfc2822(), "Thu, 15 Jan 2026 06:00:00 GMT");
        Assert.DoesNotMatch(Rfc2822(), "2026-01-15T06:00:00+01:00");
        Assert.Throws<FormatException>(() => ParseRfc2822("Fri, 15 Jan 2026 06:00:00 +0100"));
    }
}
