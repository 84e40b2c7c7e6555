using System.Globalization;
using System.Text;

namespace DigitaleFremskritt.Build.Feeds;

/// <summary>Makes untrusted text (metadata, transcripts) safe for XML, and cuts over-long values to a limit.</summary>
public static class FeedText
{
    public const string Ellipsis = "…";

    /// <summary>
    /// Removes what XML 1.0 cannot carry at all (control characters other than tab/newline, lone surrogates,
    /// U+FFFE/U+FFFF). Markup characters stay: the XML writer escapes them.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bool keep;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            keep = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!keep && builder is null)
            {
                builder = new StringBuilder(text.Length).Append(text, 0, i);
            }
            else if (keep)
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>One line: whitespace runs (newlines included) become one space.</summary>
    public static string OneLine(string? text) =>
        string.Join(' ', Clean(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Cuts <paramref name="text"/> so its UTF-8 form fits in <paramref name="maxBytes"/>, ellipsis included. Cuts only
    /// between whole user-perceived characters (text elements: "ø", "e" + combining accent, an emoji with modifiers),
    /// and prefers a word boundary in the last fifth.
    /// </summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, Encoding.UTF8.GetByteCount(Ellipsis));
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        var used = 0;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var bytes = Encoding.UTF8.GetByteCount(element);
            if (used + bytes > budget)
            {
                break;
            }

            used += bytes;
            end = elements.ElementIndex + element.Length;
        }

        var cut = text[..end];
        var space = cut.LastIndexOfAny([' ', '\n', '\t']);
        if (space > 0 && space >= cut.Length * 4 / 5)
        {
            cut = cut[..space];
        }

        return cut.TrimEnd() + Ellipsis;
    }
}
