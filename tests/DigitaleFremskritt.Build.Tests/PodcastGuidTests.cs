using DigitaleFremskritt.Build.Feeds;

namespace DigitaleFremskritt.Build.Tests;

public sealed class PodcastGuidTests
{
    // The namespace spec's own example (podcast-namespace docs/tags/guid.md); checked independently with
    // Python's uuid.uuid5(UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "mp3s.nashownotes.com/pc20rss.xml").
    [Theory]
    [InlineData("https://mp3s.nashownotes.com/pc20rss.xml")]
    [InlineData("http://mp3s.nashownotes.com/pc20rss.xml")]
    [InlineData("https://mp3s.nashownotes.com/pc20rss.xml/")]
    [InlineData("mp3s.nashownotes.com/pc20rss.xml")]
    public void The_spec_example_gives_the_spec_value(string url) =>
        Assert.Equal(new Guid("917393e3-1b1e-5cef-ace4-edaa54e1f810"), PodcastGuid.ForFeedUrl(url));

    [Fact]
    public void The_namespace_is_the_specs()
    {
        Assert.Equal(new Guid("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), PodcastGuid.Namespace);
    }

    [Theory]
    [InlineData("https://podkast.example.no/feeds/podcast.xml")]
    [InlineData("https://podkast.example.no/feeds/seminar-audio.xml")]
    [InlineData("https://example.org/ø/æ.xml")]
    public void It_is_a_version_5_RFC_variant_uuid(string url)
    {
        var text = PodcastGuid.ForFeedUrl(url).ToString("D");
        Assert.Equal('5', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Fact]
    public void Different_feeds_get_different_guids()
    {
        Assert.NotEqual(PodcastGuid.ForFeedUrl("https://podkast.example.no/feeds/seminar.xml"), PodcastGuid.ForFeedUrl("https://podkast.example.no/feeds/seminar-audio.xml"));
    }
}
