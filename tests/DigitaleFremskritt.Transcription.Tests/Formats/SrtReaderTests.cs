using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class SrtReaderTests
{
    private static TimeSpan Ms(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Reads_numbered_cues_as_segments()
    {
        var transcript = SrtReader.Read("1\n00:00:01,500 --> 00:00:04,000\nHei og\nvelkommen.\n\n2\n01:02:03,004 --> 01:02:05,999\nTakk for nå.\n", "nn");

        Assert.Equal("nn", transcript.Language);
        Assert.Equal(
            [new TranscriptSegment(Ms(1_500), Ms(4_000), "Hei og velkommen."), new TranscriptSegment(Ms(3_723_004), Ms(3_725_999), "Takk for nå.")],
            transcript.Segments);
    }

    [Fact]
    public void An_empty_file_is_an_empty_transcript_in_norwegian()
    {
        var transcript = SrtReader.Read("\uFEFF\r\n");

        Assert.Empty(transcript.Segments);
        Assert.Equal("no", transcript.Language);
    }

    [Fact]
    public void Tolerates_bom_crlf_missing_numbers_and_blank_lines_coordinates_and_dots()
    {
        var srt = "\uFEFF1\r\n00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20\r\nEn\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nTo\r\n\r\n\r\n"
            + "00:00:03.000 --> 00:00:04.000\r\nTre\r\n";

        Assert.Equal(
            [new TranscriptSegment(Ms(1_000), Ms(2_000), "En"), new TranscriptSegment(Ms(2_000), Ms(3_000), "To"), new TranscriptSegment(Ms(3_000), Ms(4_000), "Tre")],
            SrtReader.Read(srt).Segments);
    }

    [Fact]
    public void Formatting_tags_and_entities_are_removed_but_plain_angle_brackets_and_arrows_stay()
    {
        var srt = "1\n00:00:00,000 --> 00:00:02,000\n{\\an8}<i>Kursiv</i> <font color=\"#ffff00\">gul</font> &amp; 2 < 3 --> 4 > 1\n";

        Assert.Equal("Kursiv gul & 2 < 3 --> 4 > 1", Assert.Single(SrtReader.Read(srt).Segments).Text);
    }

    [Fact]
    public void A_voice_span_gives_the_speaker_but_a_name_prefix_stays_text()
    {
        var srt = "1\n00:00:00,000 --> 00:00:01,000\n<v Kari>Hei.</v>\n\n2\n00:00:01,000 --> 00:00:02,000\nOla Nordmann: Hei.\n";

        Assert.Equal(
            [new TranscriptSegment(Ms(0), Ms(1_000), "Hei.", "Kari"), new TranscriptSegment(Ms(1_000), Ms(2_000), "Ola Nordmann: Hei.")],
            SrtReader.Read(srt).Segments);
    }

    [Theory]
    [InlineData("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHei\n", "line 1: expected a cue number or a timing line like '00:00:01,000 --> 00:00:04,000', found 'WEBVTT'")]
    [InlineData("1\n00:00:00,000 --> 00:00:01,000\nHei\n\n2\n", "line 5: cue 2 has no timing line like '00:00:01,000 --> 00:00:04,000'")]
    [InlineData("1\nHei\n", "line 2: expected a cue timing line like '00:00:01,000 --> 00:00:04,000', found 'Hei'")]
    [InlineData(
        "1\r\n00:00:00,000 --> 00:00:01,000\r\nHei\r\n\r\n2\r\n00:00:02,000 --> 00:00:01,000\r\nHå\r\n",
        "line 6: the cue ends (00:00:01.000) before it starts (00:00:02.000) in '00:00:02,000 --> 00:00:01,000'")]
    [InlineData("1\n00:00:00,000 --> 00:01:xx,000\nHei\n", "line 2: '00:01:xx,000' in '00:00:00,000 --> 00:01:xx,000' is not a timestamp (expected hh:mm:ss.mmm)")]
    public void Garbage_is_rejected_with_the_line_and_the_problem(string srt, string message)
    {
        var error = Assert.Throws<TranscriptFormatException>(() => SrtReader.Read(srt));

        Assert.Equal(message, error.Message);
    }
}
