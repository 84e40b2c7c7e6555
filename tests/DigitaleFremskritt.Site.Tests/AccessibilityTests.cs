using System.Globalization;
using System.Text.RegularExpressions;

namespace DigitaleFremskritt.Site.Tests;

/// <summary>WCAG 2.1 AA checks that need no browser: contrast of the stylesheet's colours, visible focus, the skip link.</summary>
public sealed partial class AccessibilityTests
{
    private static readonly string Css = ReadCss();

    private static string ReadCss()
    {
        using var stream = typeof(BuildSite).Assembly.GetManifestResourceStream("assets/site.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"--(?<name>[a-z-]+):\s*(?<value>#[0-9a-fA-F]{6})")]
    private static partial Regex Variable();

    private static readonly Dictionary<string, string> Colours = Variable().Matches(Css).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

    private static string Colour(string nameOrHex) => nameOrHex.StartsWith('#') ? nameOrHex : Colours[nameOrHex];

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(1 + offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
    }

    public static double Contrast(string a, string b)
    {
        var (x, y) = (Luminance(Colour(a)), Luminance(Colour(b)));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    [Theory]
    [InlineData("ink", "paper", 4.5)] // body text
    [InlineData("muted", "paper", 4.5)] // .meta, .hint, footer
    [InlineData("muted", "soft", 4.5)] // .meta in the player box
    [InlineData("ink", "soft", 4.5)] // text in the player box
    [InlineData("accent", "paper", 4.5)] // links
    [InlineData("accent", "soft", 4.5)] // theme tags, the transcript link in the player
    [InlineData("#003553", "paper", 4.5)] // links on hover
    [InlineData("#ffffff", "accent", 4.5)] // the search button
    [InlineData("ink", "#fff4c2", 4.5)] // the transcript paragraph being played
    [InlineData("accent", "#fff4c2", 4.5)] // its timestamp
    [InlineData("focus", "paper", 3.0)] // the focus ring (non-text contrast)
    [InlineData("focus", "soft", 3.0)]
    public void Colours_have_enough_contrast(string foreground, string background, double minimum)
    {
        var ratio = Contrast(foreground, background);
        Assert.True(ratio >= minimum, $"{foreground} ({Colour(foreground)}) on {background} ({Colour(background)}): {ratio:0.00}:1, needs {minimum}:1");
    }

    [Fact]
    public void The_contrast_formula_is_the_wcag_one()
    {
        Assert.Equal(21.0, Contrast("#000000", "#ffffff"), 2);
        Assert.Equal(1.0, Contrast("#777777", "#777777"), 2);
        Assert.Equal(4.48, Contrast("#777777", "#ffffff"), 2);
    }

    [Fact]
    public void Focus_is_visible_and_the_skip_link_shows_when_focused()
    {
        Assert.Matches(@":focus-visible\s*\{[^}]*outline:\s*[1-9]", Css);
        Assert.DoesNotMatch(@"outline:\s*(none|0)\b", Css);
        Assert.Matches(@"\.skip:focus\s*\{[^}]*left:\s*1rem", Css);
        Assert.DoesNotMatch(@"\.skip\s*\{[^}]*display:\s*none", Css);
    }
}
