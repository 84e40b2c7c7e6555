using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class SrtWriterTests
{
    private static string Write(params TranscriptSegment[] segments) => new SrtWriter().Write(new Transcript(segments, "no"));

    private static TimeSpan Ms(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void An_empty_transcript_is_an_empty_file()
    {
        Assert.Equal("", Write());
    }

    [Fact]
    public void Cues_are_numbered_from_one_with_comma_milliseconds_and_a_blank_line_between()
    {
        var srt = Write(
            new TranscriptSegment(Ms(1_500), Ms(4_000), "Hei og velkommen."),
            new TranscriptSegment(Ms(3_723_004), Ms(3_725_999), "Takk for nå."));

        Assert.Equal("1\n00:00:01,500 --> 00:00:04,000\nHei og velkommen.\n\n2\n01:02:03,004 --> 01:02:05,999\nTakk for nå.\n", srt);
    }

    [Fact]
    public void Text_is_not_escaped_but_control_characters_are_removed()
    {
        var srt = Write(new TranscriptSegment(Ms(0), Ms(1_000), "Tom & Jerry: 2 < 3 --> æøå\u0000\u001b"));

        Assert.Equal("1\n00:00:00,000 --> 00:00:01,000\nTom & Jerry: 2 < 3 --> æøå\n", srt);
    }

    [Fact]
    public void A_known_speaker_prefixes_the_first_line_of_every_cue_and_counts_towards_its_length()
    {
        var text = "Vi snakker om digitalisering i kommunal sektor i Norge, og om hvordan kommunene samarbeider om nye tjenester.";
        var srt = Write(new TranscriptSegment(Ms(0), Ms(6_000), text, "Kari Nordmann"));

        Assert.Equal(
            "1\n00:00:00,000 --> 00:00:03,055\nKari Nordmann: Vi snakker om\ndigitalisering i kommunal sektor i Norge,\n\n"
            + "2\n00:00:03,055 --> 00:00:06,000\nKari Nordmann: og om hvordan kommunene\nsamarbeider om nye tjenester.\n",
            srt);
        Assert.All(srt.Split('\n'), line => Assert.True(line.Length <= 42, line));
    }

    [Fact]
    public void Very_long_speaker_names_are_shortened_so_that_words_still_fit()
    {
        var srt = Write(new TranscriptSegment(Ms(0), Ms(1_000), "Ja.", "Kari Nordmann-Eriksen Haugen Bakke"));

        Assert.Equal("1\n00:00:00,000 --> 00:00:01,000\nKari Nordmann-Erik…: Ja.\n", srt);
    }

    [Fact]
    public void Describes_its_file_type()
    {
        var writer = new SrtWriter();

        Assert.Equal(".srt", writer.FileExtension);
        Assert.Equal("application/x-subrip", writer.MediaType);
    }
}
