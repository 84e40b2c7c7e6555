using System.Globalization;
using System.Text;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>Text clean-up and measuring shared by the writers and readers.</summary>
internal static class CaptionText
{
    /// <summary>NFC, control characters removed, whitespace (including newlines) collapsed to single spaces, trimmed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var composed = ToNfc(text);
        if (IsNormalized(composed))
        {
            return composed;
        }

        var builder = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var c in composed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // Already single-spaced, trimmed and free of control characters: most cue text is, and needs no copy.
    private static bool IsNormalized(string text)
    {
        if (text.Length == 0 || text[0] == ' ' || text[^1] == ' ')
        {
            return text.Length == 0;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' ? text[i - 1] == ' ' : char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string? NormalizeSpeaker(string? speaker)
    {
        var normalized = Normalize(speaker);
        return normalized.Length == 0 ? null : normalized;
    }

    /// <summary>Length in text elements, so that "å" counts as one whether composed or not.</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>Splits <paramref name="text"/> into pieces of at most <paramref name="width"/> text elements.</summary>
    public static IEnumerable<string> HardBreak(string text, int width)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            for (var count = 0; count < width && end < text.Length; count++)
            {
                end += StringInfo.GetNextTextElementLength(text.AsSpan(end));
            }

            yield return text[start..end];
            start = end;
        }
    }

    public static bool EndsSentence(string text) => LastSignificant(text) is '.' or '!' or '?' or '…';

    public static bool EndsClause(string text) => LastSignificant(text) is ',' or ';' or ':' or '–' or '—';

    // Closing quotes and brackets do not hide the punctuation before them: «Ja.» ends a sentence.
    private static char LastSignificant(string text)
    {
        var trimmed = text.AsSpan().TrimEnd().TrimEnd("\"'»”’)]");
        return trimmed.IsEmpty ? '\0' : trimmed[^1];
    }

    private static string ToNfc(string text)
    {
        // Below U+0300 (Basic Latin to Spacing Modifier Letters, so all of bokmål's and nynorsk's æøå) every character
        // is its own NFC form and never combines: no need to ask ICU, which is slow for each cue of a long transcript.
        if (!text.AsSpan().ContainsAnyExceptInRange('\u0000', '\u02FF'))
        {
            return text;
        }

        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; keep the text as it is rather than lose it.
            return text;
        }
    }
}
