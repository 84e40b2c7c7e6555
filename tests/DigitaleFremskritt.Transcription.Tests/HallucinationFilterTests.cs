using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Tests;

public class HallucinationFilterTests
{
    private static TranscriptSegment S(double start, double end, string text) => new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), text);

    [Theory]
    [InlineData("Teksting av Nordic Subtitles")]
    [InlineData("Tekstet av NRK")]
    [InlineData("Undertekster av Amara.org-fellesskapet")]
    [InlineData("Subtitles by the Amara.org community")]
    [InlineData("Takk for at du så på!")]
    [InlineData("...")]
    public void Subtitle_credits_and_empty_text_are_dropped(string text)
    {
        Assert.Empty(HallucinationFilter.Clean([S(0, 2, text)], TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Real_sentences_stay()
    {
        var kept = HallucinationFilter.Clean([S(0, 2, "  Velkommen til   Digitale Fremskritt. ")], TimeSpan.FromSeconds(10));

        Assert.Equal("Velkommen til Digitale Fremskritt.", Assert.Single(kept).Text);
    }

    [Fact]
    public void A_line_repeated_in_a_loop_is_kept_once()
    {
        var kept = HallucinationFilter.Clean(
            [S(0, 2, "Gevinstrealisering."), S(2, 4, "Gevinstrealisering."), S(4, 6, "gevinstrealisering"), S(6, 8, "Noe annet.")],
            TimeSpan.FromSeconds(10));

        Assert.Equal(["Gevinstrealisering.", "Noe annet."], kept.Select(k => k.Text).ToArray());
    }

    [Fact]
    public void Times_are_made_monotonic_and_kept_inside_the_media()
    {
        var kept = HallucinationFilter.Clean(
            [S(0, 3, "En."), S(2, 5, "To."), S(5, 21.6, "Tre."), S(12, 14, "Etter slutten.")],
            TimeSpan.FromSeconds(10.45));

        Assert.Equal(3, kept.Count);
        Assert.Equal(3, kept[1].Start.TotalSeconds);
        Assert.Equal(10.45, kept[2].End.TotalSeconds, 3);
        for (var i = 0; i < kept.Count; i++)
        {
            Assert.True(kept[i].Start < kept[i].End);
            Assert.True(i == 0 || kept[i].Start >= kept[i - 1].End);
        }
    }
}
