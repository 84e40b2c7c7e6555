using System.Text.Json;
using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class Podcasting20JsonWriterTests
{
    private static string Write(params TranscriptSegment[] segments) => new Podcasting20JsonWriter().Write(new Transcript(segments, "no"));

    private static TimeSpan Ms(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void An_empty_transcript_has_no_segments()
    {
        Assert.Equal("""{"version":"1.0.0","segments":[]}""", Write());
    }

    [Fact]
    public void Segments_have_speaker_times_in_seconds_and_body()
    {
        var json = Write(
            new TranscriptSegment(Ms(1_230), Ms(4_560), "Hei og velkommen.", "Kari Nordmann"),
            new TranscriptSegment(Ms(5_000), Ms(65_001), "Blåbærsyltetøy på Ørland."));

        Assert.Equal(
            """{"version":"1.0.0","segments":[{"speaker":"Kari Nordmann","startTime":1.23,"endTime":4.56,"body":"Hei og velkommen."},"""
            + """{"startTime":5,"endTime":65.001,"body":"Blåbærsyltetøy på Ørland."}]}""",
            json);
    }

    [Fact]
    public void Times_are_rounded_to_three_decimals()
    {
        var json = Write(new TranscriptSegment(TimeSpan.FromTicks(12_345_678), TimeSpan.FromTicks(98_765_432), "Ja."));

        Assert.Equal("""{"version":"1.0.0","segments":[{"startTime":1.235,"endTime":9.877,"body":"Ja."}]}""", json);
    }

    [Fact]
    public void Segments_are_not_split_into_caption_cues()
    {
        var text = string.Join(' ', Enumerable.Repeat("Kommunene deler erfaringer om gevinstrealisering.", 6));

        var json = Write(new TranscriptSegment(Ms(0), Ms(30_000), text));

        Assert.Equal("{\"version\":\"1.0.0\",\"segments\":[{\"startTime\":0,\"endTime\":30,\"body\":\"" + text + "\"}]}", json);
    }

    [Fact]
    public void Special_characters_are_escaped_into_valid_json_and_read_back_unchanged()
    {
        var body = "Hun sa \"hei\" \\ <b> & 'ja' --> æøå ÆØÅ";
        var json = Write(new TranscriptSegment(Ms(0), Ms(1_000), body + "\u0001", "Ola \"O\" Nordmann"));

        Assert.Contains("æøå ÆØÅ", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var segment = Assert.Single(document.RootElement.GetProperty("segments").EnumerateArray().ToList());
        Assert.Equal(body, segment.GetProperty("body").GetString());
        Assert.Equal("Ola \"O\" Nordmann", segment.GetProperty("speaker").GetString());
    }

    [Fact]
    public void Blank_segments_are_left_out_and_whitespace_is_collapsed()
    {
        var json = Write(new TranscriptSegment(Ms(0), Ms(1_000), " "), new TranscriptSegment(Ms(1_000), Ms(2_000), " Hei\n  du ", " "));

        Assert.Equal("""{"version":"1.0.0","segments":[{"startTime":1,"endTime":2,"body":"Hei du"}]}""", json);
    }

    [Fact]
    public void Describes_its_file_type()
    {
        Assert.Equal(".json", new Podcasting20JsonWriter().FileExtension);
        Assert.Equal("application/json", new Podcasting20JsonWriter().MediaType);
    }
}
