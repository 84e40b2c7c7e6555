using System.Globalization;
using System.Text;
using System.Xml.Linq;
using DigitaleFremskritt.Build.Feeds;
using DigitaleFremskritt.TestSupport;

namespace DigitaleFremskritt.Build.Tests;

public sealed class TruncationTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Pieces that must never be split: multi-byte letters, a combining accent, surrogate pairs, ZWJ and modifier emoji, a flag.</summary>
    private static readonly string[] Pieces = ["a", "b", " ", "æ", "ø", "å", "Å", "e\u0301", "😀", "👩🏽‍💻", "🇳🇴", "ß", "€", "\n"];

    private static int Bytes(string text) => StrictUtf8.GetByteCount(text);

    /// <summary>
    /// True when cutting <paramref name="text"/> at <paramref name="index"/> splits nothing a reader sees as one
    /// character. Checked by hand (not with StringInfo, which the code under test uses).
    /// </summary>
    private static bool IsSafeCut(string text, int index)
    {
        if (index <= 0 || index >= text.Length)
        {
            return true;
        }

        var before = text[index - 1];
        var after = text[index];
        if (char.IsHighSurrogate(before) || char.IsLowSurrogate(after))
        {
            return false; // inside a surrogate pair
        }

        var next = char.ConvertToUtf32(text, index);
        var category = CharUnicodeInfo.GetUnicodeCategory(next);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return false; // a combining accent belongs to the letter before it
        }

        if (before == '\u200D' || next == 0x200D || next is >= 0x1F3FB and <= 0x1F3FF || next == 0xFE0F)
        {
            return false; // ZWJ sequence, skin-tone modifier or variation selector
        }

        if (next is >= 0x1F1E6 and <= 0x1F1FF)
        {
            // Regional indicators pair up into flags: a cut before one is safe only after an even run of them.
            var run = 0;
            for (var i = index - 2; i >= 0 && char.IsLowSurrogate(text[i + 1]) && char.ConvertToUtf32(text, i) is >= 0x1F1E6 and <= 0x1F1FF; i -= 2)
            {
                run++;
            }

            return run % 2 == 0;
        }

        return !(before == '\r' && after == '\n');
    }

    [Fact]
    public void TruncateUtf8_never_exceeds_the_limit_and_never_splits_a_character()
    {
        var random = new Random(20260115);
        for (var sample = 0; sample < 400; sample++)
        {
            var builder = new StringBuilder();
            var count = random.Next(1, 60);
            for (var i = 0; i < count; i++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var text = builder.ToString();
            for (var max = 3; max <= Bytes(text) + 2; max++)
            {
                var cut = FeedText.TruncateUtf8(text, max);
                Assert.True(Bytes(cut) <= max, $"{Bytes(cut)} bytes > {max}: '{cut}'");
                if (Bytes(text) <= max)
                {
                    Assert.Equal(text, cut);
                    continue;
                }

                Assert.EndsWith(FeedText.Ellipsis, cut, StringComparison.Ordinal);
                var kept = cut[..^FeedText.Ellipsis.Length];
                Assert.StartsWith(kept, text, StringComparison.Ordinal);
                Assert.True(IsSafeCut(text, kept.Length), $"cut of '{text}' at {kept.Length} (max {max}) splits a character: '{cut}'");
            }
        }
    }

    [Theory]
    [InlineData("æ", 300)]
    [InlineData("ø", 300)]
    [InlineData("Å", 300)]
    [InlineData("e\u0301", 200)]
    [InlineData("😀", 150)]
    [InlineData("👩🏽‍💻", 60)]
    [InlineData("🇳🇴", 80)]
    public void Repeated_multi_byte_text_is_cut_between_whole_characters(string unit, int repeats)
    {
        var text = string.Concat(Enumerable.Repeat(unit, repeats));
        for (var max = 3; max < 80; max++)
        {
            var cut = FeedText.TruncateUtf8(text, max);
            Assert.InRange(Bytes(cut), 0, max);
            var kept = cut[..^1];
            Assert.Equal(0, kept.Length % unit.Length);
            Assert.Equal(string.Concat(Enumerable.Repeat(unit, kept.Length / unit.Length)), kept);
            Assert.EndsWith("…", cut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Exactly_fitting_text_is_left_alone_and_one_byte_more_is_cut()
    {
        var text = new string('x', 4000);
        Assert.Same(text, FeedText.TruncateUtf8(text, 4000));
        var cut = FeedText.TruncateUtf8(text + "y", 4000);
        Assert.Equal(new string('x', 3997) + "…", cut);
        Assert.Equal(4000, Bytes(cut));
    }

    [Fact]
    public void Clean_removes_what_XML_cannot_carry_and_keeps_the_rest()
    {
        var text = "a\u0001b\u000Bc\u0000d\te\n\r😀\uD800x\uDC00y\uFFFE\uFFFFz&<>]]>\"'æøå";
        Assert.Equal("abcd\te\n\r😀xyz&<>]]>\"'æøå", FeedText.Clean(text));
        Assert.Equal("a b c", FeedText.OneLine("  a\n\tb \r\n c \u000B"));
    }

    [Fact]
    public async Task A_10000_byte_channel_description_is_cut_to_4000_bytes()
    {
        using var content = new TestContent();
        var sentence = "Kommunene i Trøndelag jobber med gevinstrealisering og endringsledelse – 😀 e\u0301 æøå. ";
        var description = new StringBuilder();
        while (Bytes(description.ToString()) < 10_000)
        {
            description.Append(sentence);
        }

        content.Options.Shows["podcast"].Description = description.ToString();
        await content.AddEpisodeAsync("lang-beskrivelse");
        var result = await Builds.BuildAsync(content);
        var xml = Builds.LoadFeed(result.OutputFolder, "feeds/podcast.xml");
        var value = (string)xml.Root!.Element("channel")!.Element("description")!;
        Assert.InRange(Bytes(value), 3000, 4000);
        Assert.EndsWith("…", value, StringComparison.Ordinal);
        Assert.StartsWith(value[..^1], description.ToString(), StringComparison.Ordinal);
        Assert.True(IsSafeCut(description.ToString(), value.Length - 1));

        var parsed = await FeedParsers.ParseAsync(Path.Combine(result.OutputFolder, "feeds", "podcast.xml"));
        Assert.Equal(value, parsed.RssParser.Text("description"));
    }

    [Fact]
    public void Show_notes_whose_HTML_is_too_long_fall_back_to_plain_text_within_4000_bytes()
    {
        // ~3000 bytes of text, but ~5000 bytes of HTML.
        var markdown = string.Concat(Enumerable.Repeat("**ord** _æøå_ ", 200));
        Assert.True(Bytes(Markdig.Markdown.ToHtml(markdown)) > 4000);
        var description = PodcastFeedWriter.Description(markdown);
        Assert.InRange(Bytes(description), 1, 4000);
        Assert.DoesNotContain("<strong>", description, StringComparison.Ordinal);
        Assert.DoesNotContain("**", description, StringComparison.Ordinal);
        Assert.StartsWith("ord æøå ord æøå", description, StringComparison.Ordinal);
        Assert.DoesNotContain("…", description, StringComparison.Ordinal);

        // Longer than 4000 bytes even as text: cut, with the ellipsis.
        var longer = string.Concat(Enumerable.Repeat("**ord** _æøå_ ", 600));
        var cut = PodcastFeedWriter.Description(longer);
        Assert.InRange(Bytes(cut), 3000, 4000);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("<", cut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_episode_description_in_a_built_feed_is_within_4000_bytes()
    {
        using var content = new TestContent();
        var markdown = string.Concat(Enumerable.Repeat("Avsnitt om **gevinster** i _kommunene_ i Trøndelag. ", 150));
        await content.AddEpisodeAsync("lange-notater", configure: e => e.Description = markdown);
        var result = await Builds.BuildAsync(content);
        var xml = Builds.LoadFeed(result.OutputFolder, "feeds/podcast.xml");
        var description = (string)xml.Root!.Element("channel")!.Element("item")!.Element("description")!;
        Assert.InRange(Bytes(description), 3000, 4000);
        Assert.EndsWith("…", description, StringComparison.Ordinal);
        Assert.StartsWith("Avsnitt om gevinster i kommunene i Trøndelag.", description, StringComparison.Ordinal);
    }

    /// <summary>
    /// The plain-text fallback goes into the same HTML description: markup that Markdig kept as literal text (raw
    /// HTML is disabled) must still be escaped there, or the script that the short path escapes comes back.
    /// </summary>
    [Fact]
    public async Task The_plain_text_fallback_does_not_let_raw_HTML_through()
    {
        var markdown = string.Concat(Enumerable.Repeat("**ord** ", 700)) + "<script>alert(1)</script> <img src=x onerror=alert(1)> a < b & c";
        var description = PodcastFeedWriter.Description(markdown);
        Assert.True(Bytes(description) <= 4000);
        Assert.DoesNotContain("<script", description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", description, StringComparison.OrdinalIgnoreCase);

        using var content = new TestContent();
        await content.AddEpisodeAsync("skript", configure: e => e.Description = markdown);
        var result = await Builds.BuildAsync(content);
        var parsed = await FeedParsers.ParseAsync(Path.Combine(result.OutputFolder, "feeds", "podcast.xml"));
        var html = parsed.RssParser.Array("items")[0].Text("content");
        Assert.NotNull(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }
}
