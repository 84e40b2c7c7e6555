using System.Globalization;
using System.Text.Json;
using DigitaleFremskritt.Build.Chapters;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Build.Tests;

/// <summary>chapters.json as the Podcasting 2.0 JSON chapters spec (application/json+chapters, version 1.2.0) describes it.</summary>
[Collection(BuiltFeedsFixture.Collection)]
public sealed class ChaptersTests(BuiltFeedsFixture fixture)
{
    /// <summary>"hh:mm:ss", "mm:ss" or seconds, parsed here independently of the code under test.</summary>
    private static double Seconds(string start) =>
        start.Split(':').Aggregate(0.0, (total, part) => (total * 60) + double.Parse(part, CultureInfo.InvariantCulture));

    public static TheoryData<string> EpisodesWithChapters => ["samtale-om-gevinster", "endringsledelse", "seminar-varen", "seminar-mai"];

    [Theory]
    [MemberData(nameof(EpisodesWithChapters))]
    public void Chapters_json_follows_the_spec(string slug)
    {
        var episode = fixture.Episodes[slug];
        var path = Path.Combine(fixture.Output, "episodes", slug, "chapters.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal("1.2.0", root.Get("version").GetString());

        var chapters = root.Array("chapters");
        Assert.All(chapters, c => Assert.Equal(JsonValueKind.Number, c.Get("startTime").ValueKind));
        Assert.All(chapters, c => Assert.Equal(JsonValueKind.String, c.Get("title").ValueKind));
        var starts = chapters.Select(c => c.Get("startTime").GetDouble()).ToList();
        Assert.Equal(starts.Order(), starts);

        var expected = episode.Chapters.Select(c => (Start: Seconds(c.Start), c.Title)).OrderBy(c => c.Start).ToList();
        Assert.Equal(expected.Select(c => c.Start), starts);
        Assert.Equal(expected.Select(c => c.Title), chapters.Select(c => c.Get("title").GetString()));
        Assert.All(starts, s => Assert.InRange(s, 0, episode.Media.Audio!.DurationSeconds!.Value));
    }

    [Fact]
    public void The_unsorted_chapters_of_an_episode_come_out_sorted()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Output, "episodes", "endringsledelse", "chapters.json")));
        Assert.Equal([0.0, 90.0, 300.0], document.RootElement.Array("chapters").Select(c => c.Get("startTime").GetDouble()));
        Assert.Equal(["Innledning", "Endring i praksis", "Spørsmål fra salen"], document.RootElement.Array("chapters").Select(c => c.Get("title").GetString()));
    }

    [Fact]
    public void Fractional_starts_stay_numbers()
    {
        var json = ChaptersJson.Write([new Chapter { Start = "1:02:03.5", Title = "B" }, new Chapter { Start = "0.25", Title = "A" }], TimeSpan.FromHours(2));
        using var document = JsonDocument.Parse(json);
        Assert.Equal([0.25, 3723.5], document.RootElement.Array("chapters").Select(c => c.Get("startTime").GetDouble()));
    }

    [Fact]
    public void Chapter_titles_lose_only_what_JSON_and_XML_cannot_carry()
    {
        var json = ChaptersJson.Write([new Chapter { Start = "0", Title = "Del \uD800én\u0001 – \"æøå\" <b>&</b> 😀\uDC00" }], null);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions());
        Assert.Equal("Del én – \"æøå\" <b>&</b> 😀", document.RootElement.Array("chapters")[0].Get("title").GetString());
        new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(json);
    }

    [Theory]
    [InlineData("00:20:00")]
    [InlineData("755")]
    [InlineData("kvart over")]
    [InlineData("-5")]
    public async Task A_chapter_outside_the_recording_or_unreadable_fails_naming_episode_yaml(string start)
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("feil-kapittel", configure: e => e.Chapters.Add(new Chapter { Start = start, Title = "For sent" }));
        var error = await Assert.ThrowsAsync<FeedBuildException>(() => Builds.BuildAsync(content));
        Assert.Contains(Path.Combine(content.Root.EpisodeFolder("feil-kapittel"), "episode.yaml"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chapter_at_the_very_end_is_accepted()
    {
        using var content = new TestContent();
        await content.AddEpisodeAsync("siste-kapittel", configure: e => e.Chapters.Add(new Chapter { Start = "754", Title = "Slutt" }));
        var result = await Builds.BuildAsync(content);
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(result.OutputFolder, "episodes", "siste-kapittel", "chapters.json")));
        Assert.Equal(754.0, document.RootElement.Array("chapters")[^1].Get("startTime").GetDouble());
    }
}
