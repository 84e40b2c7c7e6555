using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DigitaleFremskritt.Domain;

/// <summary>URL-safe slugs: lower case a-z, 0-9 and single hyphens. Norwegian letters are transliterated.</summary>
public static partial class Slug
{
    public const int MaxLength = 80;

    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(c switch
            {
                'æ' => "ae",
                'ø' => "o",
                'å' => "aa",
                'ß' => "ss",
                _ => c.ToString(),
            });
        }

        // Strip remaining diacritics (é -> e, ü -> u) after the Norwegian rules above.
        var decomposed = builder.ToString().Normalize(NormalizationForm.FormD);
        var ascii = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                ascii.Append(c);
            }
        }

        var slug = NonSlugRun().Replace(ascii.ToString(), "-").Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }

        return slug;
    }

    /// <summary>True for a string that is already a valid slug: it can never name another folder (no dots, no slashes).</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && ValidSlug().IsMatch(value);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugRun();

    // \z, not $: "$" also matches before a trailing newline, which would let "name\n" through.
    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z")]
    private static partial Regex ValidSlug();
}
