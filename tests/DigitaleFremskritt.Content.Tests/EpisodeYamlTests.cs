using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Content.Tests;

public class EpisodeYamlTests
{
    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var episode = Episodes.Full();

        var yaml = EpisodeYaml.Serialize(episode);
        var read = EpisodeYaml.Deserialize(yaml);

        Episodes.AssertEqual(episode, read);
        Assert.Equal(yaml, EpisodeYaml.Serialize(read));
    }

    [Fact]
    public void Multi_line_description_is_a_literal_block_with_readable_lines()
    {
        var yaml = EpisodeYaml.Serialize(Episodes.Full());
        var lines = yaml.Split('\n');

        var header = Array.FindIndex(lines, l => l.StartsWith("description:", StringComparison.Ordinal));
        Assert.True(header >= 0, yaml);
        Assert.Matches(@"^description: \|[-+]?$", lines[header]);
        Assert.Equal("  Om **gevinstrealisering** i kommunene i Trøndelag.", lines[header + 1]);
        Assert.Equal("", lines[header + 2].Trim());
        Assert.Equal("  - Hvorfor det er vanskelig", lines[header + 3]);
        Assert.Equal("  - Hva som virker: endringsledelse, måling og tålmodighet", lines[header + 4]);
    }

    [Theory]
    [InlineData("Første linje\nandre linje")]
    [InlineData("Første linje\nandre linje\n")]
    [InlineData("Første linje\nandre linje\n\n\n")]
    [InlineData("  innrykket første linje\nandre")]
    [InlineData("# Overskrift\n\n> sitat: «hei»\n\n```\nkode: true\n```")]
    public void Multi_line_descriptions_round_trip_exactly(string description)
    {
        var episode = new Episode { Slug = "x", Title = "x", Description = description };

        var read = EpisodeYaml.Deserialize(EpisodeYaml.Serialize(episode));

        Assert.Equal(description, read.Description);
    }

    [Fact]
    public void Norwegian_letters_are_written_as_is_not_escaped()
    {
        var yaml = EpisodeYaml.Serialize(Episodes.Full());

        Assert.Contains("title: 'Gevinstrealisering i praksis: Ærlig talt om økonomi på Åsen'", yaml, StringComparison.Ordinal);
        Assert.Contains("- Ola Østby", yaml, StringComparison.Ordinal);
        Assert.Contains("- Åse Bråten", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("\\x", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_and_timestamps_use_iso_formats()
    {
        var yaml = EpisodeYaml.Serialize(Episodes.Full());

        Assert.Contains("\ndate: 2024-03-05\n", yaml, StringComparison.Ordinal);
        Assert.Contains("ingestedAt: 2024-03-06T14:15:16+01:00\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_camel_case_and_empty_values_are_omitted()
    {
        var yaml = EpisodeYaml.Serialize(new Episode { Id = "1", Slug = "kort", Title = "Kort", Date = new DateOnly(2025, 1, 2) });

        Assert.Contains("slug: kort\n", yaml, StringComparison.Ordinal);
        Assert.Contains("state: Normalised\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("description", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("speakers", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("chapters", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("season", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("audio:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("Title", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Chapters_are_written_as_start_and_title()
    {
        var yaml = EpisodeYaml.Serialize(Episodes.Full());

        Assert.Contains("chapters:\n", yaml, StringComparison.Ordinal);
        Assert.Contains("start: 4:30", yaml, StringComparison.Ordinal);
        Assert.Contains("title: Spørsmål fra lytterne", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Hand_written_yaml_is_read()
    {
        const string yaml = """
            id: abc
            slug: blaabaer
            show: podcast
            title: Blåbær og tyttebær
            date: 2024-12-24
            description: |
              Linje én
              Linje to
            speakers: [Kari, Ola]
            season: 1
            episodeNumber: 3
            chapters:
              - start: "0"
                title: Start
              - start: 1:30
                title: Midt
            source:
              ingestedAt: 2024-12-24T08:00:00Z
            state: Transcribed
            someFutureField: ignored
            """;

        var episode = EpisodeYaml.Deserialize(yaml);

        Assert.Equal("Blåbær og tyttebær", episode.Title);
        Assert.Equal(new DateOnly(2024, 12, 24), episode.Date);
        Assert.Equal("Linje én\nLinje to\n", episode.Description);
        Assert.Equal(["Kari", "Ola"], episode.Speakers);
        Assert.Equal(1, episode.Season);
        Assert.Equal(3, episode.EpisodeNumber);
        Assert.Equal(TimeSpan.FromSeconds(90), episode.Chapters[1].ParseStart());
        Assert.Equal(new DateTimeOffset(2024, 12, 24, 8, 0, 0, TimeSpan.Zero), episode.Source.IngestedAt);
        Assert.Equal(EpisodeState.Transcribed, episode.State);
    }

    [Fact]
    public void A_bad_date_is_a_yaml_error_naming_the_value()
    {
        var e = Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => EpisodeYaml.Deserialize("date: 5. mars\n"));

        Assert.Contains("'5. mars' is not a date", e.InnerException?.Message ?? e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_yaml_is_an_empty_episode()
    {
        var episode = EpisodeYaml.Deserialize("");

        Assert.Equal("", episode.Slug);
        Assert.Empty(episode.Chapters);
    }
}
