using System.Net;
using System.Text.RegularExpressions;
using DigitaleFremskritt.Domain;

namespace DigitaleFremskritt.Transcription.Formats;

/// <summary>What the WebVTT and SRT readers share: lines, timing lines and cue text markup.</summary>
internal static partial class CueFile
{
    /// <summary>Lines without BOM, whatever the line ends (CRLF, CR, LF).</summary>
    public static string[] Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
    }

    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>Parses "start --> end [settings]"; settings (WebVTT <c>align:start</c>, SRT <c>X1:…</c>) are ignored.</summary>
    public static (TimeSpan Start, TimeSpan End) ParseTiming(string line, int lineNumber, string example)
    {
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            throw new TranscriptFormatException(lineNumber, $"expected a cue timing line like '{example}', found '{Quote(line)}'");
        }

        var startText = line[..arrow].Trim();
        var endText = line[(arrow + 3)..].TrimStart().Split([' ', '\t'], 2)[0];
        var start = ParseTimestamp(startText, line, lineNumber, "start");
        var end = ParseTimestamp(endText, line, lineNumber, "end");
        if (end < start)
        {
            throw new TranscriptFormatException(
                lineNumber,
                $"the cue ends ({CueTime.Format(end, '.')}) before it starts ({CueTime.Format(start, '.')}) in '{Quote(line)}'");
        }

        return (start, end);
    }

    public static bool IsTiming(string line)
    {
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        return arrow >= 0
            && CueTime.TryParse(line[..arrow].Trim(), out _)
            && CueTime.TryParse(line[(arrow + 3)..].TrimStart().Split([' ', '\t'], 2)[0], out _);
    }

    /// <summary>
    /// Cue text to plain text: lines joined with spaces, the first voice span's name as speaker, tags removed,
    /// character references decoded. WebVTT escapes every '&lt;' that is not a tag; SRT does not, so there only
    /// the tags players know are removed and "2 &lt; 3" survives.
    /// </summary>
    public static (string Text, string? Speaker) CleanText(IEnumerable<string> lines, bool allAnglesAreTags)
    {
        var raw = string.Join(' ', lines);
        var voice = Voice().Match(raw);
        var speaker = voice.Success ? CaptionText.NormalizeSpeaker(WebUtility.HtmlDecode(voice.Groups["name"].Value)) : null;
        var stripped = (allAnglesAreTags ? AnyTag() : KnownTag()).Replace(raw, "");
        return (CaptionText.Normalize(WebUtility.HtmlDecode(stripped)), speaker);
    }

    public static Transcript ToTranscript(List<TranscriptSegment> segments, string language)
    {
        ArgumentNullException.ThrowIfNull(language);

        // Producers' files are not always in order; OrderBy is stable, so equal starts keep their order.
        return new Transcript(segments.OrderBy(segment => segment.Start).ToList(), language);
    }

    public static string Quote(string line) => line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…");

    private static TimeSpan ParseTimestamp(string text, string line, int lineNumber, string which)
    {
        if (text.Length == 0)
        {
            throw new TranscriptFormatException(lineNumber, $"the {which} time is missing in '{Quote(line)}'");
        }

        return CueTime.TryParse(text, out var time)
            ? time
            : throw new TranscriptFormatException(lineNumber, $"'{Quote(text)}' in '{Quote(line)}' is not a timestamp (expected hh:mm:ss.mmm)");
    }

    [GeneratedRegex(@"<v(?:\.[^\s>]*)?[ \t]+(?<name>[^>]*)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Voice();

    [GeneratedRegex(@"<[^>]*(?:>|$)", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();

    [GeneratedRegex(
        @"</?(?:i|b|u|s|c|ruby|rt)>|<c\.[\w.-]*>|</?font(?:\s[^<>]*)?>|<v(?:\.[\w.-]*)?\s[^<>]*>|</v>|<lang\s[^<>]*>|</lang>|\{\\[^{}]*\}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownTag();
}
