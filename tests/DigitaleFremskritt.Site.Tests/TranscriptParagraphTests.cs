using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>TranscriptParagraph.From: cues joined into paragraphs at a speaker change, a pause of 3 s or more, or 30 s.</summary>
public sealed class TranscriptParagraphTests
{
    private static TranscriptSegment Cue(double start, double end, string text, string? speaker = null) =>
        new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), text, speaker);

    private static TranscriptParagraph Paragraph(double start, string? speaker, string text) => new(TimeSpan.FromSeconds(start), speaker, text);

    [Fact]
    public void No_cues_make_no_paragraphs()
    {
        Assert.Empty(TranscriptParagraph.From([]));
    }

    [Fact]
    public void One_cue_is_one_paragraph_with_its_start_speaker_and_trimmed_text()
    {
        Assert.Equal([Paragraph(1.5, "Kari", "Hei.")], TranscriptParagraph.From([Cue(1.5, 3, "  Hei. ", "Kari")]));
    }

    [Fact]
    public void Cues_that_run_on_join_with_a_space_and_keep_the_first_cues_start()
    {
        Assert.Equal(
            [Paragraph(0.4, "Kari", "En. To. Tre.")],
            TranscriptParagraph.From([Cue(0.4, 2, "En.", "Kari"), Cue(2, 4, "To.", "Kari"), Cue(6.9, 8, "Tre.")]));
    }

    [Fact]
    public void A_new_speaker_starts_a_new_paragraph()
    {
        Assert.Equal(
            [Paragraph(0, "Kari", "Hei."), Paragraph(2, "Ola", "Hei selv."), Paragraph(4, "Kari", "Ja.")],
            TranscriptParagraph.From([Cue(0, 2, "Hei.", "Kari"), Cue(2, 4, "Hei selv.", "Ola"), Cue(4, 5, "Ja.", "Kari")]));
    }

    [Fact]
    public void The_same_speaker_named_again_does_not_break_the_paragraph()
    {
        Assert.Equal([Paragraph(0, "Kari", "En. To.")], TranscriptParagraph.From([Cue(0, 2, "En.", "Kari"), Cue(2, 4, "To.", "Kari")]));
    }

    [Fact]
    public void A_pause_of_three_seconds_or_more_starts_a_new_paragraph_and_a_shorter_one_does_not()
    {
        Assert.Equal(
            [Paragraph(0, null, "En. To."), Paragraph(8, null, "Tre.")],
            TranscriptParagraph.From([Cue(0, 2, "En."), Cue(4.99, 5, "To."), Cue(8, 9, "Tre.")]));
        Assert.Equal(TranscriptParagraph.Pause, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_paragraph_ends_when_it_reaches_thirty_seconds()
    {
        // Contiguous 4-second cues by one speaker: 0, 4 … 28 in the first paragraph, 32 starts the next (32 − 0 ≥ 30).
        var cues = Enumerable.Range(0, 16).Select(i => Cue(i * 4, (i * 4) + 4, $"S{i}.", "Kari")).ToList();
        var paragraphs = TranscriptParagraph.From(cues);
        Assert.Equal([0.0, 32.0], paragraphs.Select(p => p.Start.TotalSeconds));
        Assert.Equal(string.Join(' ', Enumerable.Range(0, 8).Select(i => $"S{i}.")), paragraphs[0].Text);
        Assert.Equal(string.Join(' ', Enumerable.Range(8, 8).Select(i => $"S{i}.")), paragraphs[1].Text);
        Assert.All(paragraphs, p => Assert.Equal("Kari", p.Speaker));

        // Exactly 30 s after the start breaks; just under does not.
        Assert.Equal([0.0, 30.0], TranscriptParagraph.From([Cue(0, 15, "A."), Cue(15, 30, "B."), Cue(30, 31, "C.")]).Select(p => p.Start.TotalSeconds));
        Assert.Equal([0.0], TranscriptParagraph.From([Cue(0, 15, "A."), Cue(15, 29.9, "B."), Cue(29.9, 31, "C.")]).Select(p => p.Start.TotalSeconds));
        Assert.Equal(TranscriptParagraph.MaxLength, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_cue_without_a_speaker_inherits_the_one_before_even_across_a_pause()
    {
        Assert.Equal(
            [Paragraph(0, "Kari", "Hei. Fortsatt meg."), Paragraph(10, "Kari", "Etter pausen."), Paragraph(12, "Ola", "Nå meg.")],
            TranscriptParagraph.From([Cue(0, 2, "Hei.", "Kari"), Cue(2, 4, "Fortsatt meg.", null), Cue(10, 12, "Etter pausen.", ""), Cue(12, 14, "Nå meg.", "Ola")]));
    }

    [Fact]
    public void Cues_before_any_speaker_have_none()
    {
        Assert.Equal(
            [Paragraph(0, null, "Musikk."), Paragraph(2, "Kari", "Hei.")],
            TranscriptParagraph.From([Cue(0, 2, "Musikk."), Cue(2, 4, "Hei.", "Kari")]));
    }

    [Fact]
    public void Every_cues_text_is_kept_in_order()
    {
        var cues = Enumerable.Range(0, 200).Select(i => Cue(i * 2.5, (i * 2.5) + (i % 5 == 0 ? 0.5 : 2.5), $"Ord {i}.", i % 3 == 0 ? "Kari" : i % 7 == 0 ? "Ola" : null)).ToList();
        var paragraphs = TranscriptParagraph.From(cues);
        Assert.Equal(string.Join(' ', cues.Select(c => c.Text)), string.Join(' ', paragraphs.Select(p => p.Text)));
        Assert.Equal(paragraphs.Select(p => p.Start).Order(), paragraphs.Select(p => p.Start));
        Assert.All(paragraphs, p => Assert.Contains(cues, c => c.Start == p.Start));
    }
}
