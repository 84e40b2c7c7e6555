using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class PlainTextWriterTests
{
    private static string Write(params TranscriptSegment[] segments) => new PlainTextWriter().Write(new Transcript(segments, "no"));

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void An_empty_transcript_is_empty_text()
    {
        Assert.Equal("", Write());
    }

    [Fact]
    public void Segments_close_together_are_joined_into_one_paragraph()
    {
        var text = Write(
            new TranscriptSegment(S(0), S(2), "Hei og velkommen."),
            new TranscriptSegment(S(3.9), S(5), " I dag snakker vi\nom deling av data. "));

        Assert.Equal("Hei og velkommen. I dag snakker vi om deling av data.\n", text);
    }

    [Fact]
    public void A_pause_of_two_seconds_starts_a_new_paragraph()
    {
        var text = Write(
            new TranscriptSegment(S(0), S(2), "Første del."),
            new TranscriptSegment(S(4), S(5), "Andre del."),
            new TranscriptSegment(S(6.999), S(8), "Fortsatt andre del."));

        Assert.Equal("Første del.\n\nAndre del. Fortsatt andre del.\n", text);
    }

    [Fact]
    public void A_change_of_speaker_starts_a_new_paragraph_headed_by_the_name()
    {
        var text = Write(
            new TranscriptSegment(S(0), S(1), "Velkommen, Ola.", "Kari Nordmann"),
            new TranscriptSegment(S(1), S(2), "Takk.", "Ola Nordmann"),
            new TranscriptSegment(S(2), S(3), "Det er fint å være her.", "Ola Nordmann"),
            new TranscriptSegment(S(3), S(4), "Musikk."));

        Assert.Equal("Kari Nordmann: Velkommen, Ola.\n\nOla Nordmann: Takk. Det er fint å være her.\n\nMusikk.\n", text);
    }

    [Fact]
    public void A_long_paragraph_ends_at_the_first_sentence_end_after_600_characters()
    {
        var sentence = "Dette er en setning om digital samhandling i kommunene."; // 55 characters
        var segments = Enumerable.Range(0, 10)
            .Select(i => new TranscriptSegment(S(i), S(i + 1), sentence))
            .Append(new TranscriptSegment(S(10), S(11), "Og denne setningen, som er lang og fortsetter"))
            .Append(new TranscriptSegment(S(11), S(12), "videre, slutter her."))
            .Append(new TranscriptSegment(S(12), S(13), "Ny setning."))
            .ToArray();

        var paragraphs = Write(segments).TrimEnd('\n').Split("\n\n");

        // Ten sentences are 559 characters; the paragraph passes 600 in the middle of the next sentence and ends with it.
        Assert.Equal(2, paragraphs.Length);
        Assert.Equal(
            string.Join(' ', Enumerable.Repeat(sentence, 10)) + " Og denne setningen, som er lang og fortsetter videre, slutter her.",
            paragraphs[0]);
        Assert.Equal("Ny setning.", paragraphs[1]);
    }

    [Fact]
    public void A_long_segment_is_split_into_paragraphs_at_sentence_ends()
    {
        var sentence = "Dette er en setning om digital samhandling i kommunene.";
        var text = Write(new TranscriptSegment(S(0), S(60), string.Join(' ', Enumerable.Repeat(sentence, 12)), "Kari"));

        var paragraphs = text.TrimEnd('\n').Split("\n\n");
        Assert.Equal(2, paragraphs.Length);
        Assert.Equal("Kari: " + string.Join(' ', Enumerable.Repeat(sentence, 11)), paragraphs[0]);
        Assert.Equal("Kari: " + sentence, paragraphs[1]);
    }

    [Fact]
    public void Options_change_the_pause_and_length()
    {
        var writer = new PlainTextWriter(new PlainTextWriterOptions { ParagraphPause = S(0.5), ParagraphLength = 10 });

        var text = writer.Write(new Transcript(
            [new TranscriptSegment(S(0), S(1), "Kort. Dette er lenger enn ti. Slutt."), new TranscriptSegment(S(1.5), S(2), "Ny.")],
            "no"));

        Assert.Equal("Kort. Dette er lenger enn ti.\n\nSlutt.\n\nNy.\n", text);
    }

    [Fact]
    public void Describes_its_file_type()
    {
        Assert.Equal(".txt", new PlainTextWriter().FileExtension);
        Assert.Equal("text/plain", new PlainTextWriter().MediaType);
    }
}
