using DigitaleFremskritt.Domain;
using DigitaleFremskritt.Transcription.Formats;

namespace DigitaleFremskritt.Transcription.Tests.Formats;

public class CueSplitterTests
{
    private static readonly CueSplitter Splitter = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static IReadOnlyList<Cue> Split(params TranscriptSegment[] segments) => Splitter.Split(new Transcript(segments, "no"));

    [Fact]
    public void A_short_segment_is_one_cue_on_one_line()
    {
        var cue = Assert.Single(Split(new TranscriptSegment(S(1), S(3), "Hei og velkommen.", "Kari")));

        Assert.Equal(S(1), cue.Start);
        Assert.Equal(S(3), cue.End);
        Assert.Equal(["Hei og velkommen."], cue.Lines);
        Assert.Equal("Kari", cue.Speaker);
    }

    [Fact]
    public void Whitespace_and_newlines_are_collapsed_and_trimmed()
    {
        var cue = Assert.Single(Split(new TranscriptSegment(S(0), S(2), "  Hei\r\n\tpå \u0007 deg  ")));

        Assert.Equal(["Hei på deg"], cue.Lines);
    }

    [Fact]
    public void Empty_and_blank_segments_are_dropped()
    {
        var cues = Split(
            new TranscriptSegment(S(0), S(1), ""),
            new TranscriptSegment(S(1), S(2), " \n\t "),
            new TranscriptSegment(S(2), S(3), "Ja."));

        Assert.Equal("Ja.", Assert.Single(cues).Text);
    }

    [Fact]
    public void Text_that_needs_two_lines_is_balanced_at_a_word_boundary()
    {
        // 55 characters: greedy filling would give 42 + 12.
        var cue = Assert.Single(Split(new TranscriptSegment(S(0), S(5), "Vi snakker om digitalisering i kommunal sektor i Norge")));

        Assert.Equal(["Vi snakker om digitalisering", "i kommunal sektor i Norge"], cue.Lines);
    }

    [Fact]
    public void Two_lines_break_after_a_comma_when_that_is_not_much_less_even()
    {
        var cue = Assert.Single(Split(new TranscriptSegment(S(0), S(5), "Når vi ser på tallene, er det klart at dette virker")));

        Assert.Equal(["Når vi ser på tallene,", "er det klart at dette virker"], cue.Lines);
    }

    [Fact]
    public void Text_that_fits_one_line_stays_on_one_line()
    {
        var text = "Dette er nøyaktig førtito tegn langt, ja!!";
        Assert.Equal(42, text.Length);

        var cue = Assert.Single(Split(new TranscriptSegment(S(0), S(5), text)));

        Assert.Equal([text], cue.Lines);
    }

    [Fact]
    public void Norwegian_letters_count_as_one_character_even_when_decomposed()
    {
        // 42 text elements, but 48 UTF-16 chars when each å is 'a' + combining ring.
        var decomposed = string.Concat(Enumerable.Repeat("a\u030A", 6)) + " " + new string('x', 35);
        var cue = Assert.Single(Split(new TranscriptSegment(S(0), S(2), decomposed)));

        Assert.Equal(["åååååå " + new string('x', 35)], cue.Lines);
    }

    [Fact]
    public void Long_text_is_split_into_cues_with_time_in_proportion_to_characters()
    {
        // Words weigh their length plus one space: 42, 41 and 18 of 101 in all, over 6 seconds.
        var text = "Første setning er akkurat her, ikke sant? Andre setning kommer rett etterpå, ikke? Og så den tredje.";
        var cues = Split(new TranscriptSegment(S(10), S(16), text));

        Assert.Equal(2, cues.Count);
        Assert.Equal(["Første setning er akkurat her, ikke sant?"], cues[0].Lines);
        Assert.Equal(["Andre setning kommer rett etterpå, ikke?", "Og så den tredje."], cues[1].Lines);
        Assert.Equal(S(10), cues[0].Start);
        Assert.Equal(TimeSpan.FromMilliseconds(12_495), cues[0].End); // 6 s * 42 / 101 = 2.4950495 s, rounded to the millisecond
        Assert.Equal(TimeSpan.FromMilliseconds(12_495), cues[1].Start);
        Assert.Equal(S(16), cues[1].End);
    }

    [Fact]
    public void A_cue_is_never_longer_than_seven_seconds()
    {
        var cues = Split(new TranscriptSegment(S(0), S(20), "Vi tar det rolig i dag og snakker sakte om alt sammen."));

        // 55 weight units over 20 s allow 19.25 per cue; no 3-way split between words stays under that.
        Assert.Equal(["Vi tar det", "rolig i dag og", "snakker sakte", "om alt sammen."], cues.Select(cue => Assert.Single(cue.Lines)));
        Assert.All(cues, cue => Assert.True(cue.End - cue.Start <= S(7), $"{cue.Start}-{cue.End}"));
        Assert.Equal(S(0), cues[0].Start);
        Assert.Equal(S(20), cues[^1].End);
        Assert.Equal("Vi tar det rolig i dag og snakker sakte om alt sammen.", string.Join(' ', cues.Select(cue => cue.Text)));
    }

    [Fact]
    public void A_single_word_held_longer_than_the_maximum_is_cut_short_in_time()
    {
        var cue = Assert.Single(Split(new TranscriptSegment(S(5), S(20), "Mmm.")));

        Assert.Equal(S(5), cue.Start);
        Assert.Equal(S(12), cue.End);
    }

    [Fact]
    public void A_word_longer_than_a_line_is_hard_broken()
    {
        var word = new string('a', 50);
        var cue = Assert.Single(Split(new TranscriptSegment(S(0), S(3), word)));

        Assert.Equal([new string('a', 42), new string('a', 8)], cue.Lines);
    }

    [Fact]
    public void Speaker_labels_count_towards_the_first_line_of_every_cue()
    {
        var segments = new[] { new TranscriptSegment(S(0), S(6), "Dette er en setning som akkurat fyller en linje", "Kari") };

        var cues = Splitter.Split(segments, name => name + ": ");

        var cue = Assert.Single(cues);
        Assert.Equal(["Kari: Dette er en setning", "som akkurat fyller en linje"], cue.Lines);
        Assert.Equal("Kari", cue.Speaker);
    }

    [Fact]
    public void Labels_are_only_used_for_segments_with_a_speaker()
    {
        var cues = Splitter.Split([new TranscriptSegment(S(0), S(1), "Hei.")], name => name + ": ");

        Assert.Equal(["Hei."], Assert.Single(cues).Lines);
    }

    [Fact]
    public void A_segment_that_ends_before_it_starts_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Split(new TranscriptSegment(S(0), S(1), "a"), new TranscriptSegment(S(3), S(2), "b")));

        Assert.Contains("Segment 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_respected()
    {
        var splitter = new CueSplitter(new CueSplitterOptions { MaxLineLength = 10, MaxLines = 1, MaxCueDuration = S(100) });

        var cues = splitter.Split(new Transcript([new TranscriptSegment(S(0), S(3), "en to tre fire fem seks")], "no"));

        // Even cues (5, 8, 8) beat greedy ones (9, 8, 4).
        Assert.Equal(["en to", "tre fire", "fem seks"], cues.Select(cue => Assert.Single(cue.Lines)));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CueSplitter(new CueSplitterOptions { MaxLineLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CueSplitter(new CueSplitterOptions { MaxLines = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CueSplitter(new CueSplitterOptions { MaxCueDuration = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Generated_transcripts_always_keep_every_caption_rule(int seed)
    {
        var random = new Random(seed);
        string[] vocabulary =
        [
            "og", "i", "på", "kommunen", "digitalisering", "ærlig", "talt,", "øko­nomi", "gevinstrealisering.", "å", "få",
            "tjenester", "innbyggerne?", "Det", "er", "viktig!", "samhandlingsplattformtjenesteutviklingsprosjektleder", "ja",
        ];
        var segments = new List<TranscriptSegment>();
        var time = TimeSpan.Zero;
        for (var i = 0; i < 60; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 80)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            var start = time + TimeSpan.FromMilliseconds(random.Next(0, 3000));
            var end = start + TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.FromSeconds(40).Ticks));
            segments.Add(new TranscriptSegment(start, end, string.Join(' ', words), random.Next(3) == 0 ? "Kari Nordmann" : null));
            time = end;
        }

        foreach (var label in new Func<string, string>?[] { null, name => name + ": " })
        {
            var cues = Splitter.Split(segments, label);

            var previousEnd = TimeSpan.Zero;
            foreach (var cue in cues)
            {
                Assert.InRange(cue.Lines.Count, 1, 2);
                Assert.All(cue.Lines, line => Assert.InRange(new System.Globalization.StringInfo(line).LengthInTextElements, 1, 42));
                Assert.All(cue.Lines, line => Assert.Equal(line.Trim(), line));
                Assert.True(cue.End - cue.Start <= S(7), $"cue {cue.Start}-{cue.End} is too long");
                Assert.True(cue.Start >= previousEnd, $"cue at {cue.Start} overlaps the one ending {previousEnd}");
                Assert.True(cue.End >= cue.Start);
                previousEnd = cue.End;
            }

            // Each segment's words come back in order, unbroken unless longer than a line, and its cues stay inside it.
            foreach (var segment in segments)
            {
                var inside = cues.Where(cue => cue.Start >= segment.Start && cue.End <= segment.End && (cue.End > segment.Start || segment.Start == segment.End)).ToList();
                Assert.NotEmpty(inside);
            }

            var labelled = (string? speaker) => label is not null && speaker is not null;
            var written = cues.SelectMany(cue => (labelled(cue.Speaker) ? cue.Text["Kari Nordmann: ".Length..] : cue.Text).Split(' '));
            var expected = segments.SelectMany(segment =>
            {
                var width = labelled(segment.Speaker) ? 42 - "Kari Nordmann: ".Length : 42;
                return segment.Text.Split(' ').SelectMany(word => word.Length <= width ? [word] : word.Chunk(width).Select(piece => new string(piece)));
            });
            Assert.Equal(expected, written);
        }
    }
}
