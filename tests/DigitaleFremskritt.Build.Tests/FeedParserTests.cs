using System.Text.Json;
using System.Text.RegularExpressions;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>
/// The built feeds as two independent parsers read them: rss-parser (what many Node apps use) and podcast-partytime
/// (the Podcast Index's parser). Expectations come from the episodes, the options and the files on disk.
/// </summary>
[Collection(BuiltFeedsFixture.Collection)]
public sealed class FeedParserTests(BuiltFeedsFixture fixture)
{
    public static TheoryData<string> Feeds => [.. BuiltFeedsFixture.FeedNames];

    private ShowOptions Show(string feed) => fixture.Content.Options.Shows[BuiltFeedsFixture.FeedOf(feed).Show];

    [Fact]
    public void The_build_makes_one_feed_per_audio_show_and_two_per_video_show()
    {
        Assert.Equal(BuiltFeedsFixture.FeedNames.Order(StringComparer.Ordinal), fixture.First.Feeds.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Empty(fixture.First.Skipped);
        Assert.Equal(fixture.Episodes.Count, fixture.First.Episodes.Count);
        foreach (var feed in fixture.First.Feeds)
        {
            Assert.Equal(BuiltFeedsFixture.BaseUrl + feed.Name, feed.Url);
            Assert.Equal(fixture.ExpectedEpisodes(feed.Name).Count, feed.Items);
        }
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Both_parsers_read_the_channel(string feed)
    {
        var show = Show(feed);
        var (showId, _) = BuiltFeedsFixture.FeedOf(feed);
        var rss = fixture.Parsed[feed].RssParser;
        var pt = fixture.Parsed[feed].Partytime;

        foreach (var title in new[] { rss.Text("title"), pt.Text("title") })
        {
            if (feed.EndsWith("-audio.xml", StringComparison.Ordinal))
            {
                Assert.StartsWith(show.Title, title, StringComparison.Ordinal);
                Assert.NotEqual(show.Title, title);
            }
            else
            {
                Assert.Equal(show.Title, title);
            }
        }

        Assert.Equal(show.Description, rss.Text("description"));
        Assert.Equal(show.Description, pt.Text("description"));
        Assert.Equal("nb", rss.Text("language"));
        Assert.Equal("nb", pt.Text("language"));

        var link = BuiltFeedsFixture.BaseUrl + $"shows/{showId}/";
        Assert.Equal(link, rss.Text("link"));
        Assert.Equal(link, pt.Text("link"));
        Assert.Equal(BuiltFeedsFixture.BaseUrl + feed, rss.Text("feedUrl"));
        Assert.Equal(BuiltFeedsFixture.BaseUrl + feed, pt.Text("pubsub", "self"));

        var image = rss.Text("itunes", "image");
        Assert.NotNull(image);
        Assert.Equal(image, pt.Text("itunesImage"));
        Assert.StartsWith(BuiltFeedsFixture.BaseUrl + "artwork/", image, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Output, image[BuiltFeedsFixture.BaseUrl.Length..])), $"{image} is not in the output folder");

        // Government (no subcategory) and Education > Courses, as configured.
        var categories = rss.Array("itunes", "categoriesWithSubs");
        Assert.Equal(["Government", "Education"], categories.Select(c => c.Text("name")));
        Assert.Equal(JsonValueKind.Null, categories[0].Get("subs").ValueKind);
        Assert.Equal(["Courses"], categories[1].Array("subs").Select(s => s.Text("name")));
        Assert.Equal(["Government", "Education > Courses"], pt.Array("itunesCategory").Select(c => c.GetString()));

        Assert.Equal("false", rss.Text("itunes", "explicit"));
        Assert.Equal("false", pt.Text("explicit"));
        Assert.Equal(show.Author, rss.Text("itunes", "author"));
        Assert.Equal(show.Author, pt.Text("author"));
        Assert.Equal(show.OwnerName, rss.Text("itunes", "owner", "name"));
        Assert.Equal(show.OwnerEmail, rss.Text("itunes", "owner", "email"));
        Assert.Equal(show.OwnerName, pt.Text("owner", "name"));
        Assert.Equal(show.OwnerEmail, pt.Text("owner", "email"));
        Assert.Equal(show.Copyright, rss.Text("copyright"));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Both_parsers_read_the_podcasting20_channel_elements(string feed)
    {
        var rss = fixture.Parsed[feed].RssParser;
        var pt = fixture.Parsed[feed].Partytime;
        var show = Show(feed);

        var guid = PodcastGuid.ForFeedUrl(BuiltFeedsFixture.BaseUrl + feed).ToString("D");
        Assert.Equal(guid, rss.Text("podcastGuid"));
        Assert.Equal(guid, pt.Text("guid"));

        Assert.Equal("yes", rss.Get("podcastLocked") is { ValueKind: JsonValueKind.Object } locked ? locked.Text("_") : rss.Text("podcastLocked"));
        Assert.Equal("true", pt.Text("locked"));
        Assert.Equal(show.OwnerEmail, pt.Text("podcastOwner"));

        var medium = feed == "feeds/seminar.xml" ? "video" : "podcast";
        Assert.Equal(medium, rss.Text("podcastMedium"));
        Assert.Equal(medium, pt.Text("medium"));

        // partytime lists the Podcasting 2.0 tags it recognised, by phase.
        var support = pt.Get("pc20support").EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(v => v.GetString())).ToHashSet();
        Assert.Superset(new HashSet<string?> { "locked", "transcript", "person", "season", "episode", "guid", "medium" }, support);
        Assert.Empty(fixture.Parsed[feed].PartytimeWarnings);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Both_parsers_read_every_item(string feed)
    {
        var expected = fixture.ExpectedEpisodes(feed);
        var rssItems = fixture.Parsed[feed].RssParser.Array("items");
        var ptItems = fixture.Parsed[feed].Partytime.Array("items");
        Assert.Equal(expected.Select(e => e.Id), rssItems.Select(i => i.Text("guid")));
        Assert.Equal(expected.Select(e => e.Id), ptItems.Select(i => i.Text("guid")));
        var channelImage = fixture.Parsed[feed].RssParser.Text("itunes", "image");

        for (var i = 0; i < expected.Count; i++)
        {
            var episode = expected[i];
            var rss = rssItems[i];
            var pt = ptItems[i];

            Assert.Equal(episode.Title, rss.Text("title"));
            Assert.Equal(episode.Title, pt.Text("title"));
            Assert.Equal(BuiltFeedsFixture.BaseUrl + $"episodes/{episode.Slug}/", rss.Text("link"));

            var media = BuiltFeedsFixture.ExpectedMedia(feed, episode);
            var url = BuiltFeedsFixture.BaseUrl + media.Path;
            var length = fixture.StoredLength(media).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var type = BuiltFeedsFixture.FeedOf(feed).Video ? "video/mp4" : "audio/mpeg";
            Assert.Equal(url, rss.Text("enclosure", "url"));
            Assert.Equal(length, rss.Text("enclosure", "length"));
            Assert.Equal(type, rss.Text("enclosure", "type"));
            Assert.Equal(url, pt.Text("enclosure", "url"));
            Assert.Equal(length, pt.Text("enclosure", "length"));
            Assert.Equal(type, pt.Text("enclosure", "type"));

            var pubDate = Builds.ExpectedPubDate(episode.Date);
            Assert.Equal(pubDate, rss.Instant("isoDate"));
            Assert.Equal(pubDate, pt.Instant("pubDate"));

            var seconds = Math.Round(media.DurationSeconds ?? episode.Media.Audio!.DurationSeconds!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(seconds, rss.Text("itunes", "duration"));
            Assert.Equal(seconds, pt.Text("duration"));

            Assert.Equal(channelImage, rss.Text("itunes", "image"));
            Assert.Equal(channelImage, pt.Text("itunesImage"));

            var season = episode.Season!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var number = episode.EpisodeNumber!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(season, rss.Text("itunes", "season"));
            Assert.Equal(number, rss.Text("itunes", "episode"));
            Assert.Equal(season, rss.Text("podcastSeason"));
            Assert.Equal(number, rss.Text("podcastEpisode"));
            Assert.Equal(season, pt.Text("itunesSeason"));
            Assert.Equal(number, pt.Text("itunesEpisode"));
            Assert.Equal(season, pt.Text("podcastSeason", "number"));
            Assert.Equal(number, pt.Text("podcastEpisode", "number"));

            // Markdown show notes arrive as HTML: the bold survives as <strong>, the text as the snippet.
            var html = rss.Text("content");
            Assert.NotNull(html);
            // partytime folds newlines into spaces.
            Assert.Equal(Regex.Replace(html, @"\s+", " "), pt.Text("description"));
            Assert.Contains("<strong>", html, StringComparison.Ordinal);
            var plain = episode.Description!.Replace("**", "", StringComparison.Ordinal).Split('\n')[0];
            Assert.StartsWith(plain, rss.Text("contentSnippet"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Both_parsers_read_transcripts_chapters_and_persons(string feed)
    {
        var expected = fixture.ExpectedEpisodes(feed);
        var rssItems = fixture.Parsed[feed].RssParser.Array("items");
        var ptItems = fixture.Parsed[feed].Partytime.Array("items");
        var hosts = fixture.Content.Options.Shows[BuiltFeedsFixture.FeedOf(feed).Show].Hosts;

        for (var i = 0; i < expected.Count; i++)
        {
            var episode = expected[i];
            var folder = BuiltFeedsFixture.BaseUrl + $"episodes/{episode.Slug}/";

            // VTT first (captions), then SRT and JSON; each URL is a file in the output, byte for byte the episode's.
            var rssTranscripts = rssItems[i].Array("podcastTranscripts").Select(t => t.Get("$")).ToArray();
            Assert.Equal([folder + "transcript.vtt", folder + "transcript.srt", folder + "transcript.json"], rssTranscripts.Select(t => t.Text("url")));
            Assert.Equal(["text/vtt", "application/x-subrip", "application/json"], rssTranscripts.Select(t => t.Text("type")));
            Assert.Equal(["captions", null, null], rssTranscripts.Select(t => t.Text("rel")));
            Assert.All(rssTranscripts, t => Assert.False(string.IsNullOrEmpty(t.Text("language"))));
            var ptTranscripts = ptItems[i].Array("podcastTranscripts");
            Assert.Equal(rssTranscripts.Select(t => t.Text("url")), ptTranscripts.Select(t => t.Text("url")));
            Assert.Equal(["text/vtt", "application/srt", "application/json"], ptTranscripts.Select(t => t.Text("type")));
            Assert.Equal("captions", ptTranscripts[0].Text("rel"));
            foreach (var url in rssTranscripts.Select(t => t.Text("url")!))
            {
                var published = Path.Combine(fixture.Output, url[BuiltFeedsFixture.BaseUrl.Length..]);
                var source = Path.Combine(fixture.Content.Root.EpisodeFolder(episode.Slug), Path.GetFileName(url));
                Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(published));
            }

            // Chapters: present exactly when episode.yaml has some.
            if (episode.Chapters.Count > 0)
            {
                Assert.Equal(folder + "chapters.json", rssItems[i].Text("podcastChapters", "$", "url"));
                Assert.Equal("application/json+chapters", rssItems[i].Text("podcastChapters", "$", "type"));
                Assert.Equal(folder + "chapters.json", ptItems[i].Text("podcastChapters", "url"));
                Assert.Equal("application/json+chapters", ptItems[i].Text("podcastChapters", "type"));
                Assert.True(File.Exists(Path.Combine(fixture.Output, "episodes", episode.Slug, "chapters.json")));
            }
            else
            {
                Assert.Null(rssItems[i].Text("podcastChapters"));
                Assert.Null(ptItems[i].Text("podcastChapters"));
                Assert.False(File.Exists(Path.Combine(fixture.Output, "episodes", episode.Slug, "chapters.json")));
            }

            var persons = episode.Speakers.Select(s => (Name: s, Role: hosts.Contains(s) ? "host" : "guest")).ToArray();
            var rssPersons = rssItems[i].Array("podcastPersons");
            Assert.Equal(persons.Select(p => p.Name), rssPersons.Select(p => p.Text("_")));
            Assert.Equal(persons.Select(p => p.Role), rssPersons.Select(p => p.Text("$", "role")));
            var ptPersons = ptItems[i].Array("podcastPeople");
            Assert.Equal(persons.Select(p => p.Name), ptPersons.Select(p => p.Text("name")));
            Assert.Equal(persons.Select(p => p.Role), ptPersons.Select(p => p.Text("role")!.ToLowerInvariant()));
        }
    }

    [Fact]
    public void The_host_is_tagged_host_and_a_guest_guest()
    {
        var item = fixture.Parsed["feeds/podcast.xml"].Partytime.Array("items").Single(i => i.Text("guid") == fixture.Episodes["endringsledelse"].Id);
        var people = item.Array("podcastPeople").ToDictionary(p => p.Text("name")!, p => p.Text("role"));
        Assert.Equal("Host", people["Kari Nordmann"]);
        Assert.Equal("Guest", people["Per Olsen"]);
    }

    [Fact]
    public void Guids_are_stable_across_builds()
    {
        foreach (var feed in BuiltFeedsFixture.FeedNames)
        {
            Assert.Equal(fixture.FirstFiles[feed], fixture.SecondFiles[feed]);
        }

        var seminarAudio = fixture.Parsed["feeds/seminar-audio.xml"].RssParser.Array("items").Select(i => i.Text("guid"));
        var seminarVideo = fixture.Parsed["feeds/seminar.xml"].RssParser.Array("items").Select(i => i.Text("guid"));
        Assert.Equal(seminarVideo, seminarAudio);
    }
}
