using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;
using DigitaleFremskritt.TestSupport;

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

    [Theory]
    [InlineData("1:02.5", 62_500)]
    [InlineData("00:01.05", 1_050)]
    [InlineData("0:0:0,7", 700)]
    [InlineData("01:02:03.004", 3_723_004)]
    [InlineData("99999:59:59.999", 359_999_999_999)]
    [InlineData("100000:00:00.000", 360_000_000_000)]
    public void Timestamps_take_optional_hours_one_or_two_digit_fields_and_one_to_three_fraction_digits(string start, long milliseconds)
    {
        var cue = Assert.Single(WebVttReader.Read($"WEBVTT\n\n{start} --> 100000:00:00.000\nHei\n").Segments);

        Assert.Equal(Ms(milliseconds), cue.Start);
    }

    [Theory]
    [InlineData("001:05.000")]
    [InlineData("1:002:05.000")]
    [InlineData("00:00:00.0000")]
    [InlineData("00:00:00")]
    [InlineData("00:00.")]
    [InlineData("1234567:00:00.000")]
    [InlineData("100001:00:00.000")]
    [InlineData("00:60:00.000")]
    [InlineData("\u0660\u0660:\u0660\u0661.\u0660\u0660\u0660")]
    [InlineData("00:00:01.000x")]
    [InlineData("-00:00:01.000")]
    [InlineData("00::01.000")]
    [InlineData("1:2:3:4.000")]
    [InlineData("00:01;000")]
    public void Malformed_timestamps_are_refused_with_the_line(string start)
    {
        var error = Assert.Throws<TranscriptFormatException>(() => WebVttReader.Read($"WEBVTT\n\n{start} --> 100000:00:00.000\nHei\n"));

        Assert.StartsWith($"line 3: '{start}' in '{start} --> 100000:00:00.000' is not a timestamp", error.Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("<i>kursiv</i> og <b>fet</b>", "kursiv og fet")]
    [InlineData("slutt på en åpen <i", "slutt på en åpen")]
    [InlineData("<>tomt merke<>", "tomt merke")]
    [InlineData("to > tre", "to > tre")]
    [InlineData("<c.a><c.b>dypt</c></c> nede", "dypt nede")]
    [InlineData("ingen merker i det hele tatt", "ingen merker i det hele tatt")]
    public void Every_tag_is_removed_up_to_its_closing_bracket_or_the_end_of_the_cue(string text, string expected)
    {
        var repeated = string.Concat(Enumerable.Repeat(text + " ", 200)).Trim();

        Assert.Equal(expected, Assert.Single(WebVttReader.Read($"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{text}\n").Segments).Text);
        Assert.StartsWith(expected, Assert.Single(WebVttReader.Read($"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{repeated}\n").Segments).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_from_a_file_line_by_line_gives_the_same_transcript_as_reading_its_text()
    {
        var text = "\uFEFFWEBVTT\r\n\r\nNOTE laget for hånd\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.500 align:start\r\n<v Kari>Hei og\r\nvelkommen.\r\n\r\n"
            + "00:00:00.500 --> 00:00:01.000\rFørst.\r\r00:00:03.000 --> 00:00:04.000\nSist.";
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "transcript.vtt");
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var fromFile = WebVttReader.Read(reader);

        Assert.Equal(WebVttReader.Read(text).Segments, fromFile.Segments);
        Assert.Equal(["Først.", "Hei og velkommen.", "Sist."], fromFile.Segments.Select(s => s.Text));
        Assert.Equal("Kari", fromFile.Segments[1].Speaker);
    }

    [Fact]
    public void An_empty_file_read_line_by_line_says_so()
    {
        using var reader = new StringReader("");
        Assert.Equal("line 1: the file is empty; a WebVTT file starts with 'WEBVTT'", Assert.Throws<TranscriptFormatException>(() => WebVttReader.Read(reader)).Message);
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
