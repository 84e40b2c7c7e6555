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
    public void A_line_looping_is_cut_after_two_but_a_real_repeat_stays()
    {
        var kept = HallucinationFilter.Clean(
            [S(0, 1, "Ja."), S(1, 2, "Ja."), S(2, 4, "Gevinstrealisering."), S(4, 6, "Gevinstrealisering."), S(6, 8, "gevinstrealisering"), S(8, 9, "Gevinstrealisering!"), S(9, 10, "Noe annet.")],
            TimeSpan.FromSeconds(10));

        Assert.Equal(["Ja.", "Ja.", "Gevinstrealisering.", "Gevinstrealisering.", "Noe annet."], kept.Select(k => k.Text).ToArray());
    }

    [Theory]
    [InlineData("Vi leste en tekst av rådmannen om gevinstrealisering i kommunen vår.")]
    [InlineData("Et abonnement på fagsystemet koster mye.")]
    [InlineData("Se digdir.no for mer.")]
    public void Sentences_that_merely_mention_credit_words_stay(string text)
    {
        Assert.Single(HallucinationFilter.Clean([S(0, 3, text)], TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_segment_swallowed_by_its_neighbour_is_dropped_not_squeezed()
    {
        var kept = HallucinationFilter.FitTimeline([S(0, 5, "Lang."), S(1, 4, "Inni."), S(4.9, 7, "Etter.")], TimeSpan.FromSeconds(10));

        Assert.Equal(["Lang.", "Etter."], kept.Select(k => k.Text).ToArray());
        Assert.Equal(5, kept[1].Start.TotalSeconds);
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
