using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

/// <summary>Reading what a writer wrote gives back its cues: text, speaker (WebVTT) and times to the millisecond.</summary>
public class RoundTripTests
{
    private static readonly Transcript Sample = new(
        [
            new TranscriptSegment(TimeSpan.FromTicks(12_345), TimeSpan.FromTicks(31_234_567), "Hei og velkommen til Digitale Fremskritt, podkasten om digitalisering i kommunene.", "Kari Nordmann"),
            new TranscriptSegment(TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(5), "Blåbærsyltetøy, Ærø & Ålesund: 2 < 3 --> 4 > 1", "Ola <Ø> & co"),
            new TranscriptSegment(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6), "&amp; er ikke en entitet her"),
            new TranscriptSegment(
                TimeSpan.FromSeconds(7),
                TimeSpan.FromSeconds(40.123),
                string.Join(' ', Enumerable.Repeat("Vi har snakket med åtte kommuner om hvordan de deler data, og hva de har lært underveis.", 5))
                + " samhandlingsplattformtjenesteutviklingsprosjektlederstillingene"),
            new TranscriptSegment(TimeSpan.FromHours(2), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1), "   "),
            new TranscriptSegment(TimeSpan.FromHours(2), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1), "Takk for nå."),
        ],
        "no");

    // SRT has no escaping, so text that looks like an entity is not safe there (see the test below).
    private static readonly Transcript SrtSample = Sample with { Segments = Sample.Segments.Where(segment => !segment.Text.Contains("&amp;", StringComparison.Ordinal)).ToList() };

    private static TimeSpan Ms(TimeSpan time) => TimeSpan.FromMilliseconds(Math.Round(time.TotalMilliseconds, MidpointRounding.AwayFromZero));

    [Fact]
    public void WebVtt_gives_back_its_cues()
    {
        var cues = new CueSplitter().Split(Sample);

        var read = WebVttReader.Read(new WebVttWriter().Write(Sample));

        Assert.True(cues.Count > 8, $"the sample should be split into many cues, not {cues.Count}");
        Assert.Equal(cues.Select(cue => new TranscriptSegment(Ms(cue.Start), Ms(cue.End), cue.Text, cue.Speaker)), read.Segments);
        Assert.Contains(read.Segments, segment => segment.Text == "Blåbærsyltetøy, Ærø & Ålesund: 2 < 3 --> 4 > 1" && segment.Speaker == "Ola <Ø> & co");
        Assert.Contains(read.Segments, segment => segment.Text == "&amp; er ikke en entitet her");
    }

    [Fact]
    public void Srt_gives_back_its_cues_with_the_speaker_as_text()
    {
        var cues = new CueSplitter().Split(SrtSample.Segments, name => name + ": ");

        var read = SrtReader.Read(new SrtWriter().Write(SrtSample));

        Assert.True(cues.Count > 8, $"the sample should be split into many cues, not {cues.Count}");
        Assert.Equal(cues.Select(cue => new TranscriptSegment(Ms(cue.Start), Ms(cue.End), cue.Text)), read.Segments);
        Assert.Contains(read.Segments, segment => segment.Text == "Ola <Ø> & co: Blåbærsyltetøy, Ærø & Ålesund: 2 < 3 --> 4 > 1");
    }

    [Fact]
    public void Srt_text_that_looks_like_markup_or_entities_is_not_round_trip_safe()
    {
        // SRT has no escaping, so readers take "&amp;" and "<i>" as markup; this pins down that known limit.
        var read = SrtReader.Read(new SrtWriter().Write(new Transcript([new TranscriptSegment(TimeSpan.Zero, TimeSpan.FromSeconds(1), "&amp; <i>x</i>")], "no")));

        Assert.Equal("& x", Assert.Single(read.Segments).Text);
    }

    [Fact]
    public void Writing_what_was_read_gives_the_same_file()
    {
        var vtt = new WebVttWriter().Write(Sample);
        var srt = new SrtWriter().Write(SrtSample);

        Assert.Equal(vtt, new WebVttWriter().Write(WebVttReader.Read(vtt)));
        Assert.Equal(srt, new SrtWriter().Write(SrtReader.Read(srt)));
    }
}
