using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Content.Tests;

/// <summary>Fully populated episodes for round-trip tests.</summary>
internal static class Episodes
{
    public const string Description =
        "Om **gevinstrealisering** i kommunene i Trøndelag.\n" +
        "\n" +
        "- Hvorfor det er vanskelig\n" +
        "- Hva som virker: endringsledelse, måling og tålmodighet\n" +
        "\n" +
        "Les mer på [kommunett.no](https://kommunett.no). Spørsmål? Skriv til oss: post@example.no\n";

    public static Episode Full(string slug = "gevinstrealisering-i-praksis", string sha256 = "ab12cd") => new()
    {
        Id = "01HV6ZQ8Y3K2M4N5P6Q7R8S9T0",
        Slug = slug,
        Show = "podcast",
        Title = "Gevinstrealisering i praksis: Ærlig talt om økonomi på Åsen",
        Date = new DateOnly(2024, 3, 5),
        Description = Description,
        Speakers = ["Kari Nordmann", "Ola Østby", "Åse Bråten"],
        Themes = ["gevinstrealisering", "endringsledelse"],
        Season = 2,
        EpisodeNumber = 14,
        Chapters =
        [
            new Chapter { Start = "0:00", Title = "Innledning" },
            new Chapter { Start = "4:30", Title = "Hva er gevinst?" },
            new Chapter { Start = "1:02:03", Title = "Spørsmål fra lytterne" },
        ],
        Language = "nb",
        Source = new EpisodeSource
        {
            FileName = "Opptak æøå 2024.wav",
            Sha256 = sha256,
            Bytes = 123_456_789,
            Archive = $"media/originals/{sha256}.wav",
            IngestedAt = new DateTimeOffset(2024, 3, 6, 14, 15, 16, TimeSpan.FromHours(1)),
        },
        Media = new EpisodeMedia
        {
            Audio = new MediaFile { Path = "media/cd/cdef.mp3", Sha256 = "cdef", Bytes = 42_000_000, ContentType = "audio/mpeg", DurationSeconds = 3725.5 },
            TranscriptionWav = new MediaFile { Path = "media/ef/ef01.wav", Sha256 = "ef01", Bytes = 100, ContentType = "audio/wav", DurationSeconds = 3725.5 },
            Waveform = new MediaFile { Path = "media/01/0123.json", Sha256 = "0123", Bytes = 12_000, ContentType = "application/json" },
        },
        State = EpisodeState.TranscriptPending,
    };

    public static void AssertEqual(Episode expected, Episode actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Slug, actual.Slug);
        Assert.Equal(expected.Show, actual.Show);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Date, actual.Date);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Speakers, actual.Speakers);
        Assert.Equal(expected.Themes, actual.Themes);
        Assert.Equal(expected.Season, actual.Season);
        Assert.Equal(expected.EpisodeNumber, actual.EpisodeNumber);
        Assert.Equal(expected.Chapters.Select(c => (c.Start, c.Title)), actual.Chapters.Select(c => (c.Start, c.Title)));
        Assert.Equal(expected.Language, actual.Language);
        Assert.Equal(expected.Source.FileName, actual.Source.FileName);
        Assert.Equal(expected.Source.Sha256, actual.Source.Sha256);
        Assert.Equal(expected.Source.Bytes, actual.Source.Bytes);
        Assert.Equal(expected.Source.Archive, actual.Source.Archive);
        Assert.Equal(expected.Source.IngestedAt, actual.Source.IngestedAt);
        Assert.Equal(expected.Source.IngestedAt.Offset, actual.Source.IngestedAt.Offset);
        AssertEqual(expected.Media.Audio, actual.Media.Audio);
        AssertEqual(expected.Media.Video, actual.Media.Video);
        AssertEqual(expected.Media.Poster, actual.Media.Poster);
        AssertEqual(expected.Media.TranscriptionWav, actual.Media.TranscriptionWav);
        AssertEqual(expected.Media.Waveform, actual.Media.Waveform);
        Assert.Equal(expected.State, actual.State);
    }

    private static void AssertEqual(MediaFile? expected, MediaFile? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Path, expected.Sha256, expected.Bytes, expected.ContentType, expected.DurationSeconds),
            (actual.Path, actual.Sha256, actual.Bytes, actual.ContentType, actual.DurationSeconds));
    }
}
