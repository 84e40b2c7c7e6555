using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class WebVttReaderTests
{
    private static TimeSpan Ms(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Reads_cues_as_segments_in_the_given_language()
    {
        var transcript = WebVttReader.Read("WEBVTT\n\n00:00:01.500 --> 00:00:04.000\nHei og velkommen.\n\n01:02:03.004 --> 01:02:05.999\nTakk for nå.\n", "nb");

        Assert.Equal("nb", transcript.Language);
        Assert.Equal(
            [new TranscriptSegment(Ms(1_500), Ms(4_000), "Hei og velkommen."), new TranscriptSegment(Ms(3_723_004), Ms(3_725_999), "Takk for nå.")],
            transcript.Segments);
    }

    [Fact]
    public void The_language_defaults_to_norwegian()
    {
        Assert.Equal("no", WebVttReader.Read("WEBVTT\n").Language);
    }

    [Fact]
    public void A_header_only_file_is_an_empty_transcript()
    {
        Assert.Empty(WebVttReader.Read("WEBVTT - laget av produsenten\nKind: captions\nLanguage: no\n").Segments);
    }

    [Fact]
    public void Tolerates_bom_crlf_identifiers_settings_short_times_notes_and_styles()
    {
        var vtt = "\uFEFFWEBVTT\r\n\r\n"
            + "STYLE\r\n::cue { color: yellow }\r\n\r\n"
            + "NOTE laget i Subtitle Edit\r\nover to linjer\r\n\r\n"
            + "intro\r\n00:01.000 --> 00:03.250 align:start position:10%\r\nFørste linje\r\nandre linje\r\n\r\n"
            + "NOTE\r\n\r\n"
            + "2\r\n00:00:03.250 --> 00:00:05.000 line:0\r\nTredje\r\n";

        var transcript = WebVttReader.Read(vtt);

        Assert.Equal(
            [new TranscriptSegment(Ms(1_000), Ms(3_250), "Første linje andre linje"), new TranscriptSegment(Ms(3_250), Ms(5_000), "Tredje")],
            transcript.Segments);
    }

    [Fact]
    public void Voice_spans_give_the_speaker_and_tags_and_entities_are_removed()
    {
        var vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v.loud Kari &amp; Ola>Tom &amp; Jerry &lt;3 <i>kursiv</i>\n<b>fet</b> &gt; <c.yellow>gul</c></v>\n\n"
            + "00:00:02.000 --> 00:00:03.000\n<v Ola Nordmann>Ja.\n";

        var transcript = WebVttReader.Read(vtt);

        Assert.Equal(
            [new TranscriptSegment(Ms(0), Ms(2_000), "Tom & Jerry <3 kursiv fet > gul", "Kari & Ola"), new TranscriptSegment(Ms(2_000), Ms(3_000), "Ja.", "Ola Nordmann")],
            transcript.Segments);
    }

    [Fact]
    public void Cues_without_text_are_dropped_and_cues_are_put_in_time_order()
    {
        var vtt = "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nTo\n\n00:00:01.000 --> 00:00:02.000\n<i> </i>\n\n00:00:03.000 --> 00:00:04.000\nEn\n";

        Assert.Equal(["En", "To"], WebVttReader.Read(vtt).Segments.Select(segment => segment.Text));
    }

    [Fact]
    public void A_timing_line_without_a_blank_line_before_it_starts_a_new_cue()
    {
        var vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nEn\n00:00:01.000 --> 00:00:02.000\nTo\n";

        Assert.Equal(["En", "To"], WebVttReader.Read(vtt).Segments.Select(segment => segment.Text));
    }

    [Theory]
    [InlineData("", "line 1: the file is empty; a WebVTT file starts with 'WEBVTT'")]
    [InlineData("1\n00:00:00,000 --> 00:00:01,000\nHei\n", "line 1: missing 'WEBVTT' header, found '1'")]
    [InlineData("WEBVTTX\n", "line 1: missing 'WEBVTT' header, found 'WEBVTTX'")]
    [InlineData(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHei\n\n\n00:01:xx --> 00:01:05.000\nHå\n",
        "line 7: '00:01:xx' in '00:01:xx --> 00:01:05.000' is not a timestamp (expected hh:mm:ss.mmm)")]
    [InlineData("WEBVTT\n\n00:00:00.000 --> 00:00:61.000\nHei\n", "line 3: '00:00:61.000' in '00:00:00.000 --> 00:00:61.000' is not a timestamp (expected hh:mm:ss.mmm)")]
    [InlineData("WEBVTT\n\n00:00:00.000 -->\nHei\n", "line 3: the end time is missing in '00:00:00.000 -->'")]
    [InlineData("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nHei\n", "line 3: the cue ends (00:00:04.000) before it starts (00:00:05.000) in '00:00:05.000 --> 00:00:04.000'")]
    [InlineData("WEBVTT\n\nbare tekst\nmer tekst\n", "line 4: expected a cue timing line like '00:00:01.000 --> 00:00:04.000', found 'mer tekst'")]
    [InlineData("WEBVTT\n\nbare tekst\n", "line 3: 'bare tekst' is neither a cue timing line like '00:00:01.000 --> 00:00:04.000' nor followed by one")]
    [InlineData("WEBVTT\r\n\r\n00:00:00.000 --> 00:00:01.000\r\nHei\r\n00:00:01.000 --> 00:00:0x.000\r\n", "line 5: '00:00:0x.000' in '00:00:01.000 --> 00:00:0x.000' is not a timestamp (expected hh:mm:ss.mmm)")]
    public void Garbage_is_rejected_with_the_line_and_the_problem(string vtt, string message)
    {
        var error = Assert.Throws<TranscriptFormatException>(() => WebVttReader.Read(vtt));

        Assert.Equal(message, error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Equal(int.Parse(message[5..message.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), error.LineNumber);
    }
}
