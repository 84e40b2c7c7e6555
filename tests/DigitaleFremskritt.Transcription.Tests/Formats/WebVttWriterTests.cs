using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class WebVttWriterTests
{
    private static string Write(params TranscriptSegment[] segments) => new WebVttWriter().Write(new Transcript(segments, "no"));

    private static TimeSpan Ms(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void An_empty_transcript_is_just_the_header()
    {
        Assert.Equal("WEBVTT\n", Write());
    }

    [Fact]
    public void Cues_have_hours_minutes_seconds_and_milliseconds()
    {
        var vtt = Write(
            new TranscriptSegment(Ms(1_500), Ms(4_000), "Hei og velkommen til Digitale Fremskritt."),
            new TranscriptSegment(Ms(3_723_004), Ms(3_725_999), "Takk for nå."));

        Assert.Equal(
            "WEBVTT\n\n00:00:01.500 --> 00:00:04.000\nHei og velkommen til Digitale Fremskritt.\n\n01:02:03.004 --> 01:02:05.999\nTakk for nå.\n",
            vtt);
    }

    [Fact]
    public void Times_are_rounded_to_the_nearest_millisecond()
    {
        var vtt = Write(new TranscriptSegment(TimeSpan.FromTicks(12_345), TimeSpan.FromTicks(24_999_999), "Ja."));

        Assert.Equal("WEBVTT\n\n00:00:00.001 --> 00:00:02.500\nJa.\n", vtt);
    }

    [Fact]
    public void Hours_past_99_keep_all_their_digits()
    {
        var vtt = Write(new TranscriptSegment(TimeSpan.FromHours(100), TimeSpan.FromHours(100) + Ms(1), "Lenge."));

        Assert.Equal("WEBVTT\n\n100:00:00.000 --> 100:00:00.001\nLenge.\n", vtt);
    }

    [Fact]
    public void Two_line_cues_are_written_on_two_lines()
    {
        var vtt = Write(new TranscriptSegment(Ms(0), Ms(5_000), "Vi snakker om digitalisering i kommunal sektor i Norge"));

        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nVi snakker om digitalisering\ni kommunal sektor i Norge\n", vtt);
    }

    [Fact]
    public void Ampersand_and_angle_brackets_are_escaped_and_arrows_cannot_appear_in_text()
    {
        var vtt = Write(new TranscriptSegment(Ms(0), Ms(2_000), "Tom & Jerry: 2 < 3 --> <b>fet</b>"));

        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nTom &amp; Jerry: 2 &lt; 3 --&gt; &lt;b&gt;fet&lt;/b&gt;\n", vtt);
        Assert.Single(vtt.Split("-->"), part => part.Contains("Tom", StringComparison.Ordinal));
    }

    [Fact]
    public void Known_speakers_get_a_voice_span_with_an_escaped_name()
    {
        var vtt = Write(
            new TranscriptSegment(Ms(0), Ms(5_000), "Vi snakker om digitalisering i kommunal sektor i Norge", "Kari Nordmann"),
            new TranscriptSegment(Ms(5_000), Ms(6_000), "Ja.", "Ola <Ø> & co"));

        Assert.Equal(
            "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v Kari Nordmann>Vi snakker om digitalisering\ni kommunal sektor i Norge</v>\n\n"
            + "00:00:05.000 --> 00:00:06.000\n<v Ola &lt;Ø&gt; &amp; co>Ja.</v>\n",
            vtt);
    }

    [Fact]
    public void Norwegian_letters_are_written_as_they_are()
    {
        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nÆrlig talt, søster på Årø.\n", Write(new TranscriptSegment(Ms(0), Ms(1_000), "Ærlig talt, søster på Årø.")));
    }

    [Fact]
    public void Blank_segments_and_blank_speakers_are_left_out()
    {
        var vtt = Write(new TranscriptSegment(Ms(0), Ms(1_000), "  \n "), new TranscriptSegment(Ms(1_000), Ms(2_000), "Hei.", "  "));

        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei.\n", vtt);
    }

    [Fact]
    public void Long_segments_become_several_cues_within_the_limits()
    {
        var text = string.Join(' ', Enumerable.Repeat("Kommunene deler erfaringer om gevinstrealisering.", 6));
        var vtt = Write(new TranscriptSegment(Ms(0), Ms(30_000), text));

        var blocks = vtt.Split("\n\n")[1..];
        Assert.Equal(6, blocks.Length);
        Assert.Equal("00:00:00.000 --> 00:00:05.000\nKommunene deler erfaringer\nom gevinstrealisering.", blocks[0]);
        Assert.Equal("00:00:25.000 --> 00:00:30.000\nKommunene deler erfaringer\nom gevinstrealisering.\n", blocks[5]);
    }

    [Fact]
    public void Describes_its_file_type()
    {
        var writer = new WebVttWriter();

        Assert.Equal(".vtt", writer.FileExtension);
        Assert.Equal("text/vtt", writer.MediaType);
    }
}
