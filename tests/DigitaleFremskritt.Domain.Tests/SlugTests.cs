using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Domain.Tests;

public class SlugTests
{
    [Theory]
    [InlineData("Hello World", "hello-world")]
    [InlineData("Gevinstrealisering i kommunene", "gevinstrealisering-i-kommunene")]
    [InlineData("Blåbærsyltetøy", "blaabaersyltetoy")]
    [InlineData("ÆRLIG ØKONOMI PÅ ÅSEN", "aerlig-okonomi-paa-aasen")]
    [InlineData("Trøndelag 2024", "trondelag-2024")]
    [InlineData("Straße", "strasse")]
    public void From_transliterates_norwegian_letters_and_lower_cases(string text, string expected) =>
        Assert.Equal(expected, Slug.From(text));

    [Theory]
    [InlineData("Café naïve façade", "cafe-naive-facade")]
    [InlineData("Über Ångström", "uber-aangstrom")]
    [InlineData("résumé", "resume")]
    public void From_strips_other_diacritics(string text, string expected) =>
        Assert.Equal(expected, Slug.From(text));

    [Theory]
    [InlineData("  --Hei,   verden!!  ", "hei-verden")]
    [InlineData("a/b\\c.d", "a-b-c-d")]
    [InlineData("../../x", "x")]
    [InlineData("Episode #12: KI & personvern", "episode-12-ki-personvern")]
    [InlineData("tab\tand\nnewline", "tab-and-newline")]
    public void From_collapses_everything_else_into_single_hyphens(string text, string expected) =>
        Assert.Equal(expected, Slug.From(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData("日本語")]
    public void From_text_without_any_slug_character_is_empty(string text) =>
        Assert.Equal("", Slug.From(text));

    [Fact]
    public void From_caps_the_length_and_never_ends_with_a_hyphen()
    {
        // 79 letters then a space: the cut at 80 lands on the hyphen, which must be trimmed.
        var text = new string('a', 79) + " " + new string('b', 40);

        var slug = Slug.From(text);

        Assert.Equal(new string('a', 79), slug);
        Assert.True(Slug.IsValid(slug));
    }

    [Fact]
    public void From_a_long_title_is_exactly_max_length()
    {
        var slug = Slug.From(string.Concat(Enumerable.Repeat("æøå ", 40)));

        Assert.Equal(Slug.MaxLength, slug.Length);
        Assert.StartsWith("aeoaa-aeoaa-", slug, StringComparison.Ordinal);
        Assert.True(Slug.IsValid(slug));
    }

    [Theory]
    [InlineData("Digitale Fremskritt: Episode 1 – Å lede endring")]
    [InlineData("../../etc/passwd")]
    [InlineData("C:\\Windows\\System32")]
    [InlineData("Ærlig talt: 100 % KI?")]
    public void From_always_produces_a_valid_slug(string text) =>
        Assert.True(Slug.IsValid(Slug.From(text)), Slug.From(text));

    [Theory]
    [InlineData("hello")]
    [InlineData("hello-world")]
    [InlineData("episode-12")]
    [InlineData("2024")]
    [InlineData("a")]
    public void IsValid_accepts_slugs(string value) => Assert.True(Slug.IsValid(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("Hello")]
    [InlineData("hello world")]
    [InlineData("-hello")]
    [InlineData("hello-")]
    [InlineData("hello--world")]
    [InlineData("blåbær")]
    [InlineData("hello.yaml")]
    [InlineData("hello\n")]
    public void IsValid_rejects_anything_that_could_name_another_folder(string? value) =>
        Assert.False(Slug.IsValid(value));

    [Fact]
    public void IsValid_enforces_the_length_cap()
    {
        Assert.True(Slug.IsValid(new string('a', Slug.MaxLength)));
        Assert.False(Slug.IsValid(new string('a', Slug.MaxLength + 1)));
    }
}
